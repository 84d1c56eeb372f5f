package io.lcledger.node.ledger.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.lcledger.chaincode.embedded.EmbeddedWorld;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.hyperledger.fabric.shim.ledger.KeyModification;
import org.junit.jupiter.api.Test;

/**
 * The world steps read while their blocks are on their way to disk: the executed steps' writes over
 * the committed world, which changes only as blocks settle.
 */
class PendingWorldTest {
  private static final Instant T = Instant.parse("2026-03-02T02:00:00Z");

  private final EmbeddedWorld committed = new EmbeddedWorld();
  private final PendingWorld world = new PendingWorld(committed);

  @Test
  void anExecutedStepIsReadByStepsButReachesTheCommittedWorldOnlyWhenSettled() {
    world.apply(step(1, "tx1", T, writes("a", "1"), Map.of("a", bytes("policy"))));

    assertThat(text(world.state("a"))).isEqualTo("1");
    assertThat(text(world.policy("a"))).isEqualTo("policy");
    assertThat(txIds(world.history("a"))).containsExactly("tx1");
    assertThat(committed.state("a")).isNull();
    assertThat(committed.policy("a")).isNull();
    assertThat(world.settled()).isFalse();

    world.settle(step(1, "tx1", T, writes("a", "1"), Map.of("a", bytes("policy"))));

    assertThat(text(committed.state("a"))).isEqualTo("1");
    assertThat(text(committed.policy("a"))).isEqualTo("policy");
    assertThat(text(world.state("a"))).isEqualTo("1");
    assertThat(txIds(world.history("a"))).containsExactly("tx1");
    assertThat(world.settled()).isTrue();
  }

  @Test
  void aKeyWrittenAgainBeforeTheFirstWriteSettledKeepsTheLaterValue() {
    world.apply(step(1, "tx1", T, writes("a", "1"), Map.of()));
    world.apply(step(2, "tx2", T.plusSeconds(1), writes("a", "2"), Map.of()));

    world.settle(step(1, "tx1", T, writes("a", "1"), Map.of()));

    assertThat(text(committed.state("a"))).isEqualTo("1");
    assertThat(text(world.state("a"))).isEqualTo("2");
    assertThat(txIds(world.history("a"))).containsExactly("tx2", "tx1");
    assertThat(world.settled()).isFalse();

    world.settle(step(2, "tx2", T.plusSeconds(1), writes("a", "2"), Map.of()));

    assertThat(txIds(world.history("a"))).containsExactly("tx2", "tx1");
    assertThat(txIds(committed.history("a"))).containsExactly("tx2", "tx1");
    assertThat(world.settled()).isTrue();
  }

  @Test
  void aPendingDeleteHidesTheCommittedValueFromReadsAndRanges() {
    committed.apply("tx0", T, writes("a", "0", "b", "0", "c", "0"), Map.of());
    Map<String, byte[]> delete = new HashMap<>();
    delete.put("b", null);

    world.apply(step(1, "tx1", T, delete, Map.of()));
    world.apply(step(2, "tx2", T, writes("a", "new", "bb", "1", "d", "1"), Map.of()));

    assertThat(world.state("b")).isNull();
    assertThat(world.history("b"))
        .hasSize(2)
        .first()
        .satisfies(v -> assertThat(v.isDeleted()).isTrue());
    assertThat(entries(world.stateFrom("")))
        .containsExactly("a=new", "bb=1", "c=0", "d=1"); // in key order, b left out
    assertThat(entries(world.stateFrom("b"))).containsExactly("bb=1", "c=0", "d=1");
    assertThat(text(committed.state("b"))).isEqualTo("0");
  }

  @Test
  void aVersionSettledBetweenReadingTheOverlayAndTheCommittedWorldCountsOnce() {
    world.apply(step(1, "tx1", T, writes("a", "1"), Map.of()));
    // what a read sees if the block settles after it took the overlay: the version in both
    committed.apply("tx1", T, writes("a", "1"), Map.of());

    assertThat(txIds(world.history("a"))).containsExactly("tx1");
    assertThat(entries(world.stateFrom(""))).containsExactly("a=1");
  }

  private static PendingWorld.Writes step(
      long sequence,
      String txId,
      Instant timestamp,
      Map<String, byte[]> values,
      Map<String, byte[]> policies) {
    return new PendingWorld.Writes(sequence, txId, timestamp, values, policies);
  }

  private static Map<String, byte[]> writes(String... keysAndValues) {
    Map<String, byte[]> writes = new HashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      writes.put(keysAndValues[i], bytes(keysAndValues[i + 1]));
    }
    return writes;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] bytes) {
    return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
  }

  private static List<String> txIds(List<KeyModification> versions) {
    return versions.stream().map(KeyModification::getTxId).toList();
  }

  private static List<String> entries(Iterator<Map.Entry<String, byte[]>> entries) {
    List<String> list = new ArrayList<>();
    entries.forEachRemaining(e -> list.add(e.getKey() + "=" + text(e.getValue())));
    return list;
  }
}
