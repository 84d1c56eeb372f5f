package io.lcledger.chaincode.embedded;

import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * Keys to bytes, in key order: where an embedded world keeps its state, policies and history. In
 * memory for the contract tests; on disk for the sandbox ledger, so that its world need not be
 * rebuilt from the whole chain on every start.
 */
public interface OrderedStore {
  /** The value of {@code key}, or null. */
  byte[] get(String key);

  void put(String key, byte[] value);

  void remove(String key);

  /** The entries from {@code from} on (inclusive), in key order; read lazily. */
  Iterator<Map.Entry<String, byte[]>> from(String from);

  /** A store in memory. */
  static OrderedStore inMemory() {
    TreeMap<String, byte[]> map = new TreeMap<>();
    return new OrderedStore() {
      @Override
      public byte[] get(String key) {
        return map.get(key);
      }

      @Override
      public void put(String key, byte[] value) {
        map.put(key, value);
      }

      @Override
      public void remove(String key) {
        map.remove(key);
      }

      @Override
      public Iterator<Map.Entry<String, byte[]>> from(String from) {
        return map.tailMap(from, true).entrySet().iterator();
      }
    };
  }
}
