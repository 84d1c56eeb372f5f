package io.lcledger.chaincode.embedded;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.hyperledger.fabric.shim.ext.sbe.impl.StateBasedEndorsementFactory;
import org.hyperledger.fabric.shim.ledger.KeyModification;

/** The committed side of an embedded ledger, as a transaction reads it. */
public interface WorldView {
  /** The committed value of {@code key}, or null. */
  byte[] state(String key);

  /** Committed state from {@code from} on, keys in order (composite-key ranges are prefixes). */
  Iterator<Map.Entry<String, byte[]>> stateFrom(String from);

  /** The key-level endorsement policy of {@code key}, or null. */
  byte[] policy(String key);

  /** Every committed version of {@code key}, newest first, as Fabric serves history. */
  List<KeyModification> history(String key);

  /**
   * Whether a transaction endorsed by {@code endorsingMsps} may change every key it writes (value
   * or policy): a key with a key-level policy changes only when every organisation it names
   * endorsed.
   */
  default boolean endorsedEnough(EmbeddedStub tx, Set<String> endorsingMsps) {
    Set<String> keys = new TreeSet<>(tx.writes().keySet());
    keys.addAll(tx.validationParameterWrites().keySet());
    for (String key : keys) {
      byte[] policy = policy(key);
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

  /** One committed version of a key; a delete has no value. */
  record Modification(String txId, byte[] value, Instant timestamp) implements KeyModification {
    @Override
    public String getTxId() {
      return txId;
    }

    @Override
    public byte[] getValue() {
      return value == null ? new byte[0] : value;
    }

    @Override
    public String getStringValue() {
      return new String(getValue(), StandardCharsets.UTF_8);
    }

    @Override
    public Instant getTimestamp() {
      return timestamp;
    }

    @Override
    public boolean isDeleted() {
      return value == null;
    }
  }
}
