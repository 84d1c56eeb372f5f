package io.lcledger.chaincode.testing;

import io.lcledger.chaincode.embedded.EmbeddedStub;
import io.lcledger.chaincode.embedded.WorldView;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import org.hyperledger.fabric.protos.peer.ChaincodeEvent;
import org.hyperledger.fabric.shim.ext.sbe.impl.StateBasedEndorsementFactory;
import org.hyperledger.fabric.shim.ledger.KeyModification;

/**
 * A channel's ledger in memory, with Fabric's semantics where the contract can tell: a transaction
 * reads committed state only (not its own writes), its writes and key-level endorsement policies
 * apply at commit or not at all, a key with a policy is only changed by a transaction endorsed by
 * every organisation the policy names, history is kept per key (served newest first), and each
 * committed transaction may leave one event.
 */
public final class InMemoryLedger implements WorldView {
  private final NavigableMap<String, byte[]> state = new TreeMap<>();
  private final Map<String, byte[]> validationParameters = new TreeMap<>();
  private final Map<String, List<KeyModification>> history = new TreeMap<>();
  private final List<ChaincodeEvent> events = new ArrayList<>();
  private long txCounter;

  /** Starts a transaction by {@code creator} at {@code timestamp}. */
  public EmbeddedStub begin(
      TestIdentity creator, Instant timestamp, String function, String... args) {
    txCounter++;
    return new EmbeddedStub(
        this,
        txId(txCounter),
        creator.serialized(),
        creator.mspId(),
        timestamp,
        function,
        List.of(args));
  }

  /**
   * Commits {@code tx} as endorsed by {@code endorsingMsps}; returns false (and applies nothing)
   * when a key it writes carries a key-level policy those endorsements do not satisfy.
   */
  public boolean commit(EmbeddedStub tx, Set<String> endorsingMsps) {
    for (String key : touchedKeys(tx)) {
      byte[] policy = validationParameters.get(key);
      if (policy != null) {
        List<String> required =
            StateBasedEndorsementFactory.getInstance().newStateBasedEndorsement(policy).listOrgs();
        if (!endorsingMsps.containsAll(required)) {
          return false;
        }
      }
    }
    tx.writes()
        .forEach(
            (key, value) -> {
              if (value == null) {
                state.remove(key);
              } else {
                state.put(key, value);
              }
              history
                  .computeIfAbsent(key, k -> new ArrayList<>())
                  .add(0, new Modification(tx.getTxId(), value, tx.getTxTimestamp()));
            });
    validationParameters.putAll(tx.validationParameterWrites());
    if (tx.getEvent() != null) {
      events.add(tx.getEvent());
    }
    return true;
  }

  private static Set<String> touchedKeys(EmbeddedStub tx) {
    Set<String> keys = new java.util.TreeSet<>(tx.writes().keySet());
    keys.addAll(tx.validationParameterWrites().keySet());
    return keys;
  }

  /** Puts a value straight into committed state (test setup), as if written by {@code txId}. */
  public void seed(String key, byte[] value, String txId, Instant timestamp) {
    state.put(key, value);
    history
        .computeIfAbsent(key, k -> new ArrayList<>())
        .add(0, new Modification(txId, value, timestamp));
  }

  public byte[] committed(String key) {
    return state.get(key);
  }

  /** Committed state as UTF-8 strings, for assertions on the exact bytes written. */
  public Map<String, String> snapshot() {
    Map<String, String> copy = new LinkedHashMap<>();
    state.forEach((k, v) -> copy.put(k, new String(v, StandardCharsets.UTF_8)));
    return copy;
  }

  @Override
  public byte[] policy(String key) {
    return validationParameters.get(key);
  }

  public List<ChaincodeEvent> events() {
    return List.copyOf(events);
  }

  @Override
  public NavigableMap<String, byte[]> state() {
    return state;
  }

  @Override
  public List<KeyModification> history(String key) {
    return List.copyOf(history.getOrDefault(key, List.of()));
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
