package io.lcledger.node.config;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Reclaims the embedded database file's dead space while the node runs. Each commit is written at
 * once (H2's {@code WRITE_DELAY=0}, for durability), which also turns off the background thread
 * that would compact the file, so every rewrite of an LC's row or a checkpoint left its old pages
 * behind: at 1M transactions the file held 12 KB per transaction. A bounded share of the emptiest
 * chunks is rewritten a few times a second, as that thread would; their space is then reused. Only
 * for the embedded H2 database: PostgreSQL vacuums its own.
 */
class EmbeddedStoreCompaction {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedStoreCompaction.class);
  // chunks less full than this are rewritten, about this many bytes at a time: every commit of
  // the node waits while a run holds the store's lock, so runs are short and frequent
  private static final int FILL_RATE = 60;
  private static final int BYTES_PER_RUN = 1 << 20;

  private final DataSource dataSource;
  private volatile boolean embedded = true; // until a connection says otherwise

  EmbeddedStoreCompaction(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Whether the database may be the embedded one: false once a connection showed otherwise. */
  boolean embedded() {
    return embedded;
  }

  @Scheduled(initialDelay = 10_000, fixedDelay = 250)
  void compact() {
    if (!embedded) {
      return;
    }
    try (Connection connection = dataSource.getConnection()) {
      if (!connection.isWrapperFor(JdbcConnection.class)) {
        embedded = false; // a PostgreSQL
        return;
      }
      MVStore store = mvStore(connection);
      if (store.compact(FILL_RATE, BYTES_PER_RUN)) {
        log.debug(
            "embedded database compacted: {}% full", store.getFileStore().getChunksFillRate());
      }
    } catch (SQLException | RuntimeException e) {
      log.warn("the embedded database could not be compacted: {}", e.toString());
    }
  }

  /** The store under an embedded H2 connection (H2's internals: no JDBC call reaches it). */
  static MVStore mvStore(Connection connection) throws SQLException {
    return ((SessionLocal) connection.unwrap(JdbcConnection.class).getSession())
        .getDatabase()
        .getStore()
        .getMvStore();
  }
}
