package io.lcledger.node.ledger.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sandbox's world on disk holds snapshots only, however much changed since the last one. */
class SandboxStateTest {
  private static final Instant AT = Instant.parse("2026-03-02T02:00:00Z");

  @TempDir Path dir;

  @Test
  void changesOfMoreThanTheStoresWriteBufferStayOutOfTheFileUntilASnapshot() throws Exception {
    Path file = dir.resolve("state.mv.db");
    byte[] value = new byte[100_000];
    Arrays.fill(value, (byte) 'x');
    try (SandboxState state = new SandboxState(file)) {
      state.world().apply("tx-0", AT, Map.of("kept", value), Map.of());
      state.snapshot();
      assertThat(state.snapshotDue(1_000)).isFalse();
      // about 40 MB of world and history written after the snapshot: far more than the
      // memory after which an MVStore writes unsaved changes by itself unless told not to
      for (int i = 1; i <= 200; i++) {
        state.world().apply("tx-" + i, AT, Map.of("key-" + i, value), Map.of());
      }
      // and so much in memory makes a snapshot due long before a thousand blocks
      assertThat(state.snapshotDue(1_000)).isTrue();
    } // a crash: what was not snapshotted is dropped

    try (SandboxState reopened = new SandboxState(file)) {
      assertThat(reopened.world().state("kept")).isEqualTo(value);
      assertThat(reopened.world().history("kept")).hasSize(1);
      for (int i = 1; i <= 200; i++) {
        assertThat(reopened.world().state("key-" + i)).as("key-" + i).isNull();
      }
    }
  }
}
