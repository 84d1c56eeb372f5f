package io.lcledger.chaincode.embedded;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.hyperledger.fabric.shim.ext.sbe.impl.StateBasedEndorsementFactory;
import org.hyperledger.fabric.shim.ledger.KeyModification;

/**
 * The committed side of an embedded ledger, with Fabric's semantics where the contract can tell:
 * state by key in order, key-level endorsement policies, and each key's history newest first. The
 * sandbox ledger and the contract tests both commit through it, so key-level endorsement and
 * history have one implementation.
 */
public final class EmbeddedWorld implements WorldView {
  private final NavigableMap<String, byte[]> state = new TreeMap<>();
  private final Map<String, byte[]> policies = new TreeMap<>();
  private final Map<String, List<KeyModification>> history = new TreeMap<>();

  /**
   * Whether a transaction endorsed by {@code endorsingMsps} may change every key it writes (value
   * or policy): a key with a key-level policy changes only when every organisation it names
   * endorsed.
   */
  public boolean endorsedEnough(EmbeddedStub tx, Set<String> endorsingMsps) {
    Set<String> keys = new TreeSet<>(tx.writes().keySet());
    keys.addAll(tx.validationParameterWrites().keySet());
    for (String key : keys) {
      byte[] policy = policies.get(key);
      if (policy != null
          && !endorsingMsps.containsAll(
              StateBasedEndorsementFactory.getInstance()
                  .newStateBasedEndorsement(policy)
                  .listOrgs())) {
        return false;
      }
    }
    return true;
  }

  /** Applies one committed transaction: its writes (null deletes) and its key-level policies. */
  public void apply(
      String txId, Instant timestamp, Map<String, byte[]> writes, Map<String, byte[]> newPolicies) {
    writes.forEach(
        (key, value) -> {
          if (value == null) {
            state.remove(key);
          } else {
            state.put(key, value);
          }
          history
              .computeIfAbsent(key, k -> new ArrayList<>())
              .add(0, new Modification(txId, value, timestamp));
        });
    policies.putAll(newPolicies);
  }

  @Override
  public NavigableMap<String, byte[]> state() {
    return state;
  }

  @Override
  public byte[] policy(String key) {
    return policies.get(key);
  }

  @Override
  public List<KeyModification> history(String key) {
    return List.copyOf(history.getOrDefault(key, List.of()));
  }
}
