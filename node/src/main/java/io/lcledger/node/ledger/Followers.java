package io.lcledger.node.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every family's event followers do alike: each runs on its own daemon thread, hands events
 * over, and backs off after a failure; closing the ledger interrupts them all.
 */
public final class Followers {
  private static final Logger log = LoggerFactory.getLogger(Followers.class);

  private final String threadName;
  private final List<Thread> threads = new ArrayList<>();

  public Followers(String threadName) {
    this.threadName = threadName;
  }

  /** Runs {@code stream} on a follower thread of its own. */
  public void start(Runnable stream) {
    Thread follower = new Thread(stream, threadName);
    follower.setDaemon(true);
    synchronized (threads) {
      threads.add(follower);
    }
    follower.start();
  }

  /** Interrupts every follower (the ledger is closing). */
  public void interruptAll() {
    synchronized (threads) {
      threads.forEach(Thread::interrupt);
    }
  }

  /** Hands {@code event} to {@code listener}; a listener's failure never stops the stream. */
  public static void deliver(Consumer<Ledger.LedgerEvent> listener, Ledger.LedgerEvent event) {
    try {
      listener.accept(event);
    } catch (RuntimeException e) {
      log.error("event listener failed on {}", event.event().name(), e);
    }
  }

  /** How long to wait after {@code failures} failures in a row: 0.4 s doubling up to 5 s. */
  public static long backoffMillis(int failures) {
    return Math.min(5_000, 200L * (1L << Math.min(failures, 5)));
  }
}
