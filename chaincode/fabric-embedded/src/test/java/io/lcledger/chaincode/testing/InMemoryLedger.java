package io.lcledger.chaincode.testing;

import io.lcledger.chaincode.embedded.EmbeddedStub;
import io.lcledger.chaincode.embedded.EmbeddedWorld;
import io.lcledger.chaincode.embedded.WorldView;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hyperledger.fabric.protos.peer.ChaincodeEvent;
import org.hyperledger.fabric.shim.ledger.KeyModification;

/**
 * A channel's ledger in memory for the contract tests, committing through {@link EmbeddedWorld} as
 * the sandbox does: a transaction reads committed state only (not its own writes), its writes and
 * key-level endorsement policies apply at commit or not at all, and each committed transaction may
 * leave one event.
 */
public final class InMemoryLedger implements WorldView {
  private final EmbeddedWorld world = new EmbeddedWorld();
  private final List<ChaincodeEvent> events = new ArrayList<>();
  private long txCounter;
  private Set<String> collections; // null: every collection is defined

  /** Defines only these private data collections from now on, as a chaincode definition would. */
  public void defineOnly(Set<String> collections) {
    this.collections = Set.copyOf(collections);
  }

  /** Starts a transaction by {@code creator} at {@code timestamp}. */
  public EmbeddedStub begin(
      TestIdentity creator,
      Instant timestamp,
      Map<String, byte[]> transientData,
      String function,
      String... args) {
    txCounter++;
    EmbeddedStub stub =
        new EmbeddedStub(
            this,
            txId(txCounter),
            creator.serialized(),
            creator.mspId(),
            timestamp,
            function,
            List.of(args),
            transientData);
    return collections == null ? stub : stub.definingOnly(collections);
  }

  /**
   * Commits {@code tx} as endorsed by {@code endorsingMsps}; returns false (and applies nothing)
   * when a key it writes carries a key-level policy those endorsements do not satisfy.
   */
  public boolean commit(EmbeddedStub tx, Set<String> endorsingMsps) {
    if (!world.endorsedEnough(tx, endorsingMsps)) {
      return false;
    }
    world.apply(tx.getTxId(), tx.getTxTimestamp(), tx.writes(), tx.validationParameterWrites());
    if (tx.getEvent() != null) {
      events.add(tx.getEvent());
    }
    return true;
  }

  /** Puts a value straight into committed state (test setup), as if written by {@code txId}. */
  public void seed(String key, byte[] value, String txId, Instant timestamp) {
    world.apply(txId, timestamp, java.util.Collections.singletonMap(key, value), Map.of());
  }

  public byte[] committed(String key) {
    return world.state(key);
  }

  /** Committed state as UTF-8 strings, for assertions on the exact bytes written. */
  public Map<String, String> snapshot() {
    Map<String, String> copy = new LinkedHashMap<>();
    world
        .stateFrom("")
        .forEachRemaining(
            e -> copy.put(e.getKey(), new String(e.getValue(), StandardCharsets.UTF_8)));
    return copy;
  }

  @Override
  public byte[] policy(String key) {
    return world.policy(key);
  }

  public List<ChaincodeEvent> events() {
    return List.copyOf(events);
  }

  @Override
  public byte[] state(String key) {
    return world.state(key);
  }

  @Override
  public Iterator<Map.Entry<String, byte[]>> stateFrom(String from) {
    return world.stateFrom(from);
  }

  @Override
  public List<KeyModification> history(String key) {
    return world.history(key);
  }

  private static String txId(long counter) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(("tx-" + counter).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
