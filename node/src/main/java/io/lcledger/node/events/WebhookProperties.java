package io.lcledger.node.events;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Webhook settings ({@code lc.webhooks.*}).
 *
 * @param allowLoopback whether a webhook may point at this machine's own loopback addresses (off: a
 *     client could otherwise make the node call its own unauthenticated endpoints; tests and a
 *     receiver on the same machine turn it on)
 * @param allowedHosts if not empty, the only host names (or IP literals) a webhook may name
 * @param maxPerBranch the most subscriptions one branch may hold
 */
@ConfigurationProperties("lc.webhooks")
public record WebhookProperties(
    boolean allowLoopback, List<String> allowedHosts, Integer maxPerBranch) {
  public WebhookProperties {
    allowedHosts = allowedHosts == null ? List.of() : List.copyOf(allowedHosts);
    maxPerBranch = maxPerBranch == null ? 20 : maxPerBranch;
  }
}
