package io.lcledger.node.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The node's configuration ({@code lc.*}).
 *
 * @param mode {@code sandbox} (embedded ledger hosting every branch) or {@code fabric}
 * @param dataDir where the node keeps its ledger (sandbox), documents, outbox and idempotency
 *     records
 * @param branches the branches this node serves (sandbox, unless configured: all three)
 * @param tokens bearer tokens of trade-services systems and auditors: token to principal
 * @param maxDocumentSize the largest document accepted
 * @param maxRequestSize the largest JSON request body accepted
 * @param portalUsers web portal logins (outside sandbox mode; sandbox mode has its own)
 */
@ConfigurationProperties("lc")
public record NodeProperties(
    String mode,
    Path dataDir,
    List<String> branches,
    Map<String, TokenGrant> tokens,
    DataSize maxDocumentSize,
    DataSize maxRequestSize,
    List<PortalUser> portalUsers) {

  /** The branches a sandbox node hosts when none are configured. */
  public static final List<String> SANDBOX_BRANCHES = List.of("shanghai", "yangzhou", "forfaiter");

  public NodeProperties {
    mode = mode == null ? "sandbox" : mode;
    dataDir = dataDir == null ? Path.of("data") : dataDir;
    branches =
        branches == null || branches.isEmpty() ? defaultBranches(mode) : List.copyOf(branches);
    tokens = tokens == null ? Map.of() : Map.copyOf(tokens);
    maxDocumentSize = maxDocumentSize == null ? DataSize.ofMegabytes(20) : maxDocumentSize;
    maxRequestSize = maxRequestSize == null ? DataSize.ofMegabytes(1) : maxRequestSize;
    portalUsers = portalUsers == null ? List.of() : List.copyOf(portalUsers);
  }

  /**
   * A portal login: a client company (its USCC, served by {@code branch}) or an auditor. {@code
   * password} is a Spring Security encoded password such as {@code {bcrypt}$2a$...}.
   */
  public record PortalUser(
      String username, String password, String role, String uscc, String branch) {}

  private static List<String> defaultBranches(String mode) {
    return "sandbox".equals(mode) ? SANDBOX_BRANCHES : List.of();
  }

  public boolean sandbox() {
    return "sandbox".equals(mode);
  }

  /** Who a bearer token speaks for: a branch's trade-services system, or an auditor. */
  public record TokenGrant(String branch, boolean auditor) {}
}
