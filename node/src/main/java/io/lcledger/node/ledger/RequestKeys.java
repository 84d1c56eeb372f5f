package io.lcledger.node.ledger;

import java.util.Optional;

/**
 * The idempotency key of the step served on this thread, when its client gave one. The web layer
 * binds it around the request; a ledger family that can make a step idempotent by itself (Fabric
 * keeps the prepared transaction under it) reads it. Bound to the thread because it concerns the
 * transport and the ledger only, not the use cases between them.
 */
public final class RequestKeys {
  private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

  private RequestKeys() {}

  /** Binds {@code key} until the scope is closed. */
  public static Scope bind(String key) {
    String outer = CURRENT.get();
    CURRENT.set(key);
    return () -> {
      if (outer == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(outer);
      }
    };
  }

  public static Optional<String> current() {
    return Optional.ofNullable(CURRENT.get());
  }

  /** A binding, undone on close. */
  public interface Scope extends AutoCloseable {
    @Override
    void close();
  }
}
