package io.lcledger.node.web;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One lock per key in use: requests under one key take turns, requests under different keys never
 * wait for each other (a step holds its key's lock for its whole ledger round trip, so a shared
 * stripe would make unrelated steps queue). A key's lock exists only while a request holds it or
 * waits for it, so memory follows the requests in flight, not the keys ever seen.
 */
final class KeyLocks {
  private final ConcurrentHashMap<String, Held> held = new ConcurrentHashMap<>();

  /** A held lock: closing it lets the next request under the key in. */
  interface Lease extends AutoCloseable {
    @Override
    void close();
  }

  private static final class Held {
    final ReentrantLock lock = new ReentrantLock();
    int users; // changed only inside the map's compute for its key
  }

  /** Waits until no other request holds {@code key}, then holds it. */
  Lease acquire(String key) {
    Held h =
        held.compute(
            key,
            (k, current) -> {
              Held entry = current == null ? new Held() : current;
              entry.users++;
              return entry;
            });
    h.lock.lock();
    return () -> {
      h.lock.unlock();
      held.computeIfPresent(key, (k, entry) -> --entry.users == 0 ? null : entry);
    };
  }

  /** Keys held or waited for now. */
  int inUse() {
    return held.size();
  }
}
