package io.lcledger.node.events;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Webhook settings ({@code lc.webhooks.*}).
 *
 * @param allowLoopback whether a webhook may point at this machine's own loopback addresses; unset:
 *     yes in sandbox mode (a newcomer's own machine, where the receiver runs beside the node), no
 *     in Fabric and EVM mode (a client could otherwise make a bank's node call its own
 *     unauthenticated endpoints)
 * @param allowedHosts if not empty, the only host names (or IP literals) a webhook may name
 * @param maxPerBranch the most subscriptions one branch may hold
 */
@ConfigurationProperties("lc.webhooks")
public record WebhookProperties(
    Boolean allowLoopback, List<String> allowedHosts, Integer maxPerBranch) {
  public WebhookProperties {
    allowedHosts = allowedHosts == null ? List.of() : List.copyOf(allowedHosts);
    maxPerBranch = maxPerBranch == null ? 20 : maxPerBranch;
  }

  /** Whether loopback targets are allowed on a node of this mode. */
  public boolean allowLoopback(boolean sandbox) {
    return allowLoopback == null ? sandbox : allowLoopback;
  }
}
