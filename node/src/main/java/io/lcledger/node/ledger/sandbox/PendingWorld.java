package io.lcledger.node.ledger.sandbox;

import io.lcledger.chaincode.embedded.EmbeddedWorld;
import io.lcledger.chaincode.embedded.WorldView;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import org.hyperledger.fabric.shim.ledger.KeyModification;

/**
 * The world as steps see it: the committed world, which holds exactly what the blocks on disk leave
 * and which only the committer writes, with the writes of the steps executed and not yet in a block
 * laid over it. Steps never write the committed world, so the committer can write it to disk (a
 * snapshot) while steps go on executing.
 *
 * <p>{@link #apply} and {@link #settle} run under the ledger's lock. Reads take none: the overlay
 * is an immutable value, replaced whole, and a read takes it before it reads the committed world,
 * while {@link #settle} writes the committed world before it takes the write out of the overlay. A
 * read therefore sees each write either in the overlay or in the committed world, never in neither.
 */
final class PendingWorld implements WorldView {
  private final EmbeddedWorld committed;
  private volatile Overlay overlay = new Overlay(new TreeMap<>(), Map.of(), Map.of());

  PendingWorld(EmbeddedWorld committed) {
    this.committed = committed;
  }

  /** One pending write of a key: by the step executed {@code sequence}-th; a null value deletes. */
  private record Pending(long sequence, byte[] value) {}

  /**
   * The executed steps' writes: each key's latest value and policy, and each key's versions newest
   * first. Never changed once published.
   */
  private record Overlay(
      NavigableMap<String, Pending> state,
      Map<String, Pending> policies,
      Map<String, List<Modification>> history) {}

  /**
   * What the step executed {@code sequence}-th wrote: values (null deletes) and key-level policies.
   */
  record Writes(
      long sequence,
      String txId,
      Instant timestamp,
      Map<String, byte[]> values,
      Map<String, byte[]> policies) {}

  /** Lays a step's writes over the world; under the lock. */
  void apply(Writes step) {
    Overlay now = overlay;
    NavigableMap<String, Pending> state = new TreeMap<>(now.state());
    Map<String, List<Modification>> history = new HashMap<>(now.history());
    step.values()
        .forEach(
            (key, value) -> {
              state.put(key, new Pending(step.sequence(), value));
              List<Modification> versions = new ArrayList<>(history.getOrDefault(key, List.of()));
              versions.add(0, new Modification(step.txId(), value, step.timestamp()));
              history.put(key, List.copyOf(versions));
            });
    Map<String, Pending> policy = new HashMap<>(now.policies());
    step.policies().forEach((key, value) -> policy.put(key, new Pending(step.sequence(), value)));
    overlay = new Overlay(state, Map.copyOf(policy), Map.copyOf(history));
  }

  /**
   * Moves a step's writes, now in a block on disk, into the committed world; under the lock, by the
   * committer, in block order.
   */
  void settle(Writes step) {
    committed.apply(step.txId(), step.timestamp(), step.values(), step.policies());
    Overlay now = overlay;
    NavigableMap<String, Pending> state = new TreeMap<>(now.state());
    Map<String, List<Modification>> history = new HashMap<>(now.history());
    for (String key : step.values().keySet()) {
      if (state.get(key).sequence() == step.sequence()) { // else a later step wrote it again
        state.remove(key);
      }
      List<Modification> versions = new ArrayList<>(history.get(key));
      versions.removeIf(version -> version.txId().equals(step.txId()));
      if (versions.isEmpty()) {
        history.remove(key);
      } else {
        history.put(key, List.copyOf(versions));
      }
    }
    Map<String, Pending> policy = new HashMap<>(now.policies());
    for (String key : step.policies().keySet()) {
      if (policy.get(key).sequence() == step.sequence()) {
        policy.remove(key);
      }
    }
    overlay = new Overlay(state, Map.copyOf(policy), Map.copyOf(history));
  }

  /** Whether no executed step is waiting to be settled. */
  boolean settled() {
    Overlay now = overlay;
    return now.state().isEmpty() && now.policies().isEmpty();
  }

  @Override
  public byte[] state(String key) {
    Pending pending = overlay.state().get(key);
    return pending != null ? pending.value() : committed.state(key);
  }

  @Override
  public byte[] policy(String key) {
    Pending pending = overlay.policies().get(key);
    return pending != null ? pending.value() : committed.policy(key);
  }

  @Override
  public List<KeyModification> history(String key) {
    List<Modification> pending = overlay.history().getOrDefault(key, List.of());
    List<KeyModification> settled = committed.history(key);
    if (pending.isEmpty()) {
      return settled;
    }
    // a version settled since the overlay was read is in both: it counts once
    List<KeyModification> versions = new ArrayList<>();
    for (Modification version : pending) {
      if (settled.stream().noneMatch(s -> s.getTxId().equals(version.txId()))) {
        versions.add(version);
      }
    }
    versions.addAll(settled);
    return List.copyOf(versions);
  }

  @Override
  public Iterator<Map.Entry<String, byte[]>> stateFrom(String from) {
    Iterator<Map.Entry<String, Pending>> pending =
        overlay.state().tailMap(from, true).entrySet().iterator();
    return new Merged(pending, committed.stateFrom(from));
  }

  /**
   * The overlay's entries merged into the committed world's, in key order; deleted keys left out.
   */
  private static final class Merged implements Iterator<Map.Entry<String, byte[]>> {
    private final Iterator<Map.Entry<String, Pending>> pending;
    private final Iterator<Map.Entry<String, byte[]>> settled;
    private Map.Entry<String, Pending> nextPending;
    private Map.Entry<String, byte[]> nextSettled;
    private Map.Entry<String, byte[]> next;

    Merged(
        Iterator<Map.Entry<String, Pending>> pending, Iterator<Map.Entry<String, byte[]>> settled) {
      this.pending = pending;
      this.settled = settled;
      nextPending = pending.hasNext() ? pending.next() : null;
      nextSettled = settled.hasNext() ? settled.next() : null;
      advance();
    }

    private void advance() {
      next = null;
      while (next == null && (nextPending != null || nextSettled != null)) {
        int order =
            nextPending == null
                ? 1
                : nextSettled == null ? -1 : nextPending.getKey().compareTo(nextSettled.getKey());
        if (order <= 0) {
          byte[] value = nextPending.getValue().value();
          if (value != null) {
            next = new AbstractMap.SimpleImmutableEntry<>(nextPending.getKey(), value);
          }
          nextPending = pending.hasNext() ? pending.next() : null;
          if (order == 0) { // the pending write hides the committed value
            nextSettled = settled.hasNext() ? settled.next() : null;
          }
        } else {
          next = nextSettled;
          nextSettled = settled.hasNext() ? settled.next() : null;
        }
      }
    }

    @Override
    public boolean hasNext() {
      return next != null;
    }

    @Override
    public Map.Entry<String, byte[]> next() {
      if (next == null) {
        throw new NoSuchElementException();
      }
      Map.Entry<String, byte[]> entry = next;
      advance();
      return entry;
    }
  }
}
