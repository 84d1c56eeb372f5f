package io.lcledger.chaincode.embedded;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.hyperledger.fabric.shim.ledger.KeyModification;

/**
 * The committed side of an embedded ledger, with Fabric's semantics where the contract can tell:
 * state by key in order, key-level endorsement policies, and each key's history newest first. The
 * sandbox ledger and the contract tests both commit through it, so key-level endorsement and
 * history have one implementation; where it is kept (memory, disk) is its stores' business.
 */
public final class EmbeddedWorld implements WorldView {
  private final OrderedStore state;
  private final OrderedStore policies;
  // each key's versions, newest first, encoded as one value
  private final OrderedStore history;

  /** A world in memory. */
  public EmbeddedWorld() {
    this(OrderedStore.inMemory(), OrderedStore.inMemory(), OrderedStore.inMemory());
  }

  public EmbeddedWorld(OrderedStore state, OrderedStore policies, OrderedStore history) {
    this.state = state;
    this.policies = policies;
    this.history = history;
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
          List<KeyModification> versions = new ArrayList<>(history(key));
          versions.add(0, new Modification(txId, value, timestamp));
          history.put(key, encode(versions));
        });
    newPolicies.forEach(policies::put);
  }

  @Override
  public byte[] state(String key) {
    return state.get(key);
  }

  @Override
  public Iterator<Map.Entry<String, byte[]>> stateFrom(String from) {
    return state.from(from);
  }

  @Override
  public byte[] policy(String key) {
    return policies.get(key);
  }

  @Override
  public List<KeyModification> history(String key) {
    byte[] encoded = history.get(key);
    return encoded == null ? List.of() : decode(encoded);
  }

  private static byte[] encode(List<KeyModification> versions) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(versions.size());
      for (KeyModification m : versions) {
        out.writeUTF(m.getTxId());
        out.writeLong(m.getTimestamp().getEpochSecond());
        out.writeInt(m.getTimestamp().getNano());
        out.writeBoolean(m.isDeleted());
        if (!m.isDeleted()) {
          out.writeInt(m.getValue().length);
          out.write(m.getValue());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static List<KeyModification> decode(byte[] encoded) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(encoded))) {
      int count = in.readInt();
      List<KeyModification> versions = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        String txId = in.readUTF();
        Instant timestamp = Instant.ofEpochSecond(in.readLong(), in.readInt());
        byte[] value = null;
        if (!in.readBoolean()) {
          value = new byte[in.readInt()];
          in.readFully(value);
        }
        versions.add(new Modification(txId, value, timestamp));
      }
      return List.copyOf(versions);
    } catch (IOException e) {
      throw new UncheckedIOException("a key's history cannot be read", e);
    }
  }
}
