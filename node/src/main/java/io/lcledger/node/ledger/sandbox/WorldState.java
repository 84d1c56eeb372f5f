package io.lcledger.node.ledger.sandbox;

import io.lcledger.chaincode.embedded.WorldView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.hyperledger.fabric.shim.ledger.KeyModification;

/** The sandbox's current state, key-level policies and per-key history, rebuilt from the chain. */
final class WorldState implements WorldView {
  private final NavigableMap<String, byte[]> state = new TreeMap<>();
  private final Map<String, byte[]> policies = new HashMap<>();
  private final Map<String, List<KeyModification>> history = new HashMap<>();

  void apply(Block block) {
    Block.Tx tx = block.tx();
    Instant timestamp = Instant.parse(tx.timestamp());
    for (Block.Write write : tx.writes()) {
      byte[] value =
          write.value() == null ? null : java.util.Base64.getDecoder().decode(write.value());
      if (value == null) {
        state.remove(write.key());
      } else {
        state.put(write.key(), value);
      }
      // newest first, as Fabric serves history
      history
          .computeIfAbsent(write.key(), k -> new ArrayList<>())
          .add(0, new Modification(tx.txId(), value, timestamp));
    }
    for (Block.Write policy : tx.policies()) {
      policies.put(policy.key(), java.util.Base64.getDecoder().decode(policy.value()));
    }
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
