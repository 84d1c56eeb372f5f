package io.lcledger.chaincode.embedded;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
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
