package io.lcledger.node.ledger;

import java.util.Optional;

/**
 * The idempotency key of the step served on this thread, when its client gave one, with the hash of
 * the request that came with it. The web layer binds them around the request; a ledger family that
 * can make a step idempotent by itself (Fabric keeps the prepared transaction under the key, the
 * sandbox records the request's hash beside it) reads them. Bound to the thread because they
 * concern the transport and the ledger only, not the use cases between them.
 */
public final class RequestKeys {
  private static final ThreadLocal<Bound> CURRENT = new ThreadLocal<>();

  private RequestKeys() {}

  /**
   * Binds {@code key}, its request's {@code requestHash} and what must happen before the request
   * makes anything durable outside the node's database and the ledger, until the scope is closed.
   */
  public static Scope bind(String key, String requestHash, Runnable beforeEffect) {
    Bound outer = CURRENT.get();
    CURRENT.set(new Bound(key, requestHash, beforeEffect));
    return () -> {
      if (outer == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(outer);
      }
    };
  }

  public static Optional<String> current() {
    return Optional.ofNullable(CURRENT.get()).map(Bound::key);
  }

  /** The hash of the request the current key came with. */
  public static Optional<String> currentRequestHash() {
    return Optional.ofNullable(CURRENT.get()).map(Bound::requestHash);
  }

  /**
   * Called before a file is made durable while a keyed request is served: whatever the binder needs
   * on disk first (the key's claim) is written. Nothing without a key.
   */
  public static void beforeEffect() {
    Bound bound = CURRENT.get();
    if (bound != null) {
      bound.beforeEffect().run();
    }
  }

  private record Bound(String key, String requestHash, Runnable beforeEffect) {}

  /** A binding, undone on close. */
  public interface Scope extends AutoCloseable {
    @Override
    void close();
  }
}
