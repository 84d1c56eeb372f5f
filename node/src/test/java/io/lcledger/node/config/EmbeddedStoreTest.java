package io.lcledger.node.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.lcledger.node.store.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded database writes commits to its file in batches: a flush puts every commit made so
 * far in the file at once, and a commit not flushed is there within the write delay; PostgreSQL
 * needs nothing.
 */
class EmbeddedStoreTest {
  @TempDir Path dir;

  @Test
  void aFlushedCommitSurvivesAKillAtOnce() throws Exception {
    TestDatabase.eachWriteSurvivesAKill(
        dir,
        5,
        (db, n) -> {
          checkpoint(db, n);
          db.durable.flush();
        },
        (killed, n) -> assertThat(checkpoint(killed)).isEqualTo(n));
  }

  @Test
  void aCommitNotFlushedReachesTheFileWithinTheWriteDelay() throws Exception {
    Path node = dir.resolve("node");
    try (TestDatabase db = TestDatabase.h2(node)) {
      checkpoint(db, 7);
      Thread.sleep(500); // ten times the delay
      TestDatabase.copyAsKilled(node, dir.resolve("killed"));
    }
    try (TestDatabase killed = TestDatabase.h2(dir.resolve("killed"))) {
      assertThat(checkpoint(killed)).isEqualTo(7);
    }
  }

  @Test
  void onPostgresqlAFlushIsNothing() {
    try (TestDatabase db = TestDatabase.postgres()) {
      EmbeddedStore store = new EmbeddedStore(db.dataSource());
      checkpoint(db, 7);
      store.flush();
      assertThat(store.embedded()).isFalse();
      assertThat(store.store()).isEmpty();
    }
  }

  private static void checkpoint(TestDatabase db, long block) {
    db.db.sql("update event_checkpoint set block_number = ?").param(block).update();
  }

  private static long checkpoint(TestDatabase db) {
    return db.db.sql("select block_number from event_checkpoint").query(Long.class).single();
  }
}
