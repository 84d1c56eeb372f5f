package io.lcledger.node.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.lcledger.node.store.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The embedded database's file is compacted while the node runs: rows rewritten many times leave
 * dead pages that a run of compaction gives back (the file's fill rate rises); on PostgreSQL it
 * stands down.
 */
class EmbeddedStoreCompactionTest {
  @TempDir Path dir;

  @Test
  void rewrittenRowsLeaveSpaceThatCompactionReclaims() throws Exception {
    try (HikariDataSource pool = new HikariDataSource()) {
      pool.setJdbcUrl(StoreConfiguration.embeddedDatabaseUrl(dir));
      pool.setUsername("lc");
      pool.setPassword("");
      Flyway.configure().dataSource(pool).load().migrate();
      JdbcClient db = JdbcClient.create(pool);
      EmbeddedStore store = new EmbeddedStore(pool);
      TransactionTemplate transaction =
          new TransactionTemplate(new DataSourceTransactionManager(pool));
      String json = "x".repeat(2_400);
      String body = "n".repeat(600);
      // as the outbox writes: per batch, notifications appended (they stay) and an LC's row
      // rewritten (its old version dies), so every chunk ends up partly dead
      for (int batch = 0; batch < 3_000; batch++) {
        int sequence = batch;
        transaction.executeWithoutResult(
            status -> {
              db.sql(
                      "insert into notification (sequence, event_id, branch, block_number, body)"
                          + " values (?, ?, 'shanghai', ?, ?)")
                  .params(sequence, "e" + sequence, sequence, bytes(body + sequence))
                  .update();
              db.sql(
                      "merge into lc_entry (lc_number, status, block_number, tx_id, lc_json)"
                          + " key (lc_number) values (?, 'ISSUED', ?, 'tx', ?)")
                  .params("LC-" + sequence % 100, sequence, bytes(json + sequence))
                  .update();
            });
        store.flush(); // as the node's outbox does before it publishes a batch's notifications
      }
      afterRetention(db, store);
      int before = fillRate(pool);
      EmbeddedStoreCompaction compaction = new EmbeddedStoreCompaction(store);
      for (int run = 0; run < 3; run++) {
        compaction.compact(); // the pages it moves are written, and the old chunks freed, later
        afterRetention(db, store);
      }
      int after = fillRate(pool);
      assertThat(before).isLessThan(60);
      assertThat(after).isGreaterThan(before + 20);
      assertThat(db.sql("select count(*) from lc_entry").query(Long.class).single()).isEqualTo(100);
    }
  }

  @Test
  void onPostgresqlItStandsDown() {
    try (TestDatabase postgres = TestDatabase.postgres()) {
      EmbeddedStore store = new EmbeddedStore(postgres.dataSource());
      new EmbeddedStoreCompaction(store).compact();
      assertThat(store.embedded()).isFalse();
    }
  }

  /**
   * Past the retention time (dead pages may be reused after it), then a commit written to the file,
   * as the node's next batch: the versions before it may be dropped.
   */
  private static void afterRetention(JdbcClient db, DurableCommits durable)
      throws InterruptedException {
    db.sql("update event_checkpoint set block_number = block_number + 1").update();
    durable.flush();
    Thread.sleep(1_100);
    db.sql("update event_checkpoint set block_number = block_number + 1").update();
    durable.flush();
  }

  /** As the node writes its JSON columns: UTF-8 bytes. */
  private static byte[] bytes(String json) {
    return json.getBytes(StandardCharsets.UTF_8);
  }

  private static int fillRate(HikariDataSource pool) throws Exception {
    try (Connection connection = pool.getConnection()) {
      return EmbeddedStore.mvStore(connection).getFileStore().getChunksFillRate();
    }
  }
}
