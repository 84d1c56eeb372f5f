package io.lcledger.node.config;

import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Reclaims the embedded database file's dead space while the node runs. H2's own housekeeping is
 * off ({@code AUTO_COMPACT_FILL_RATE=0}): it rewrites megabytes at a time under the store's lock,
 * which every commit of the node waits for. Without any, every rewrite of an LC's row or a
 * checkpoint left its old pages behind: at 1M transactions the file held 12 KB per transaction. A
 * bounded share of the emptiest chunks is rewritten a few times a second instead; their space is
 * then reused. Only for the embedded H2 database: PostgreSQL vacuums its own.
 */
class EmbeddedStoreCompaction {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedStoreCompaction.class);
  // chunks less full than this are rewritten, about this many bytes at a time: every commit of
  // the node waits while a run holds the store's lock, so runs are short and frequent
  private static final int FILL_RATE = 60;
  private static final int BYTES_PER_RUN = 1 << 20;

  private final EmbeddedStore embedded;

  EmbeddedStoreCompaction(EmbeddedStore embedded) {
    this.embedded = embedded;
  }

  @Scheduled(initialDelay = 10_000, fixedDelay = 250)
  void compact() {
    try {
      MVStore store = embedded.store().orElse(null);
      if (store != null && store.compact(FILL_RATE, BYTES_PER_RUN)) {
        log.debug(
            "embedded database compacted: {}% full", store.getFileStore().getChunksFillRate());
      }
    } catch (RuntimeException e) {
      log.warn("the embedded database could not be compacted: {}", e.toString());
    }
  }
}
