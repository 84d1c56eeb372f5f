package io.lcledger.node.identity;

import io.lcledger.node.config.NodeProperties;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The bearer tokens this node accepts. The well-known sandbox tokens exist only in sandbox mode;
 * any other mode accepts only the tokens configured for it, and never a {@code sandbox-} one.
 */
@Component
public class TokenRegistry {
  static final Map<String, CallerPrincipal> SANDBOX_TOKENS =
      Map.of(
          "sandbox-shanghai", new CallerPrincipal("shanghai trade services", "shanghai", false),
          "sandbox-yangzhou", new CallerPrincipal("yangzhou trade services", "yangzhou", false),
          "sandbox-forfaiter", new CallerPrincipal("forfaiter trade services", "forfaiter", false),
          "sandbox-auditor", new CallerPrincipal("auditor", null, true));

  private final Map<String, CallerPrincipal> tokens = new HashMap<>();

  public TokenRegistry(NodeProperties properties) {
    if (properties.sandbox()) {
      tokens.putAll(SANDBOX_TOKENS);
    }
    properties
        .tokens()
        .forEach(
            (token, grant) -> {
              if (!properties.sandbox() && token.startsWith("sandbox-")) {
                throw new IllegalStateException("sandbox tokens are refused outside sandbox mode");
              }
              boolean ownBranch = grant.auditor() || properties.branches().contains(grant.branch());
              if (!ownBranch) {
                throw new IllegalStateException(
                    "token for " + grant.branch() + ", not a branch of this node");
              }
              tokens.put(
                  token,
                  new CallerPrincipal(
                      grant.auditor() ? "auditor" : grant.branch(),
                      grant.branch(),
                      grant.auditor()));
            });
  }

  public Optional<CallerPrincipal> find(String token) {
    return Optional.ofNullable(tokens.get(token));
  }
}
