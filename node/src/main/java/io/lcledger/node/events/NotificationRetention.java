package io.lcledger.node.events;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps the outbox from growing with the ledger: notifications older than {@code
 * lc.events.retention} (30 days unless set) are deleted once nothing needs them (see {@link
 * Outbox#prune}). The ledger stays the record; a stream resumed from before the retention goes on
 * from the oldest notification kept. Deleted in bounded batches, each its own short database
 * transaction, so that the outbox's own commits never wait long behind it.
 */
@Component
class NotificationRetention {
  private static final Logger log = LoggerFactory.getLogger(NotificationRetention.class);
  static final int BATCH = 5_000;

  private final Outbox outbox;
  private final Duration retention;
  private final Clock clock;

  NotificationRetention(
      Outbox outbox, @Value("${lc.events.retention:30d}") Duration retention, Clock clock) {
    if (retention.isNegative() || retention.isZero()) {
      throw new IllegalArgumentException(
          "lc.events.retention must be a positive duration, such as 30d: " + retention);
    }
    this.outbox = outbox;
    this.retention = retention;
    this.clock = clock;
  }

  /** Deletes what the retention allows; answers how many notifications went. */
  @Scheduled(initialDelayString = "PT1M", fixedDelayString = "${lc.events.retention-check:PT10M}")
  int prune() {
    Instant before = clock.instant().minus(retention);
    int deleted = 0;
    try {
      int batch;
      do {
        batch = outbox.prune(before, BATCH);
        deleted += batch;
      } while (batch == BATCH);
    } catch (RuntimeException e) {
      log.warn("old notifications not deleted this time: {}", e.toString());
    }
    if (deleted > 0) {
      log.info("deleted {} notifications older than {}", deleted, retention);
    }
    return deleted;
  }
}
