package io.lcledger.node.ledger;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/** {@code /actuator/health} reports whether the ledger can be reached, and in which mode. */
@Component("ledger")
class LedgerHealthIndicator implements HealthIndicator {
  private final Ledger ledger;

  LedgerHealthIndicator(Ledger ledger) {
    this.ledger = ledger;
  }

  @Override
  public Health health() {
    Health.Builder health = ledger.isAvailable() ? Health.up() : Health.down();
    return health.withDetail("mode", ledger.mode()).build();
  }
}
