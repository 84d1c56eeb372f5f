package io.lcledger.node.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Callers that ask while the file is being written share the next write, and none goes on before a
 * write that began after it asked has ended.
 */
class GroupCommitTest {
  private final ExecutorService callers = Executors.newCachedThreadPool();
  private final AtomicInteger begun = new AtomicInteger();
  private final AtomicInteger ended = new AtomicInteger();
  private final CountDownLatch firstWriteMayEnd = new CountDownLatch(1);
  private final List<Thread> waiting = new ArrayList<>();

  @AfterEach
  void stop() {
    firstWriteMayEnd.countDown();
    callers.shutdownNow();
  }

  /** A write that holds the first one until the test lets it end, as a slow disk would. */
  private void write() {
    if (begun.incrementAndGet() == 1) {
      try {
        firstWriteMayEnd.await();
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }
    ended.incrementAndGet();
  }

  /** Asks, and answers whether a write that began after it asked had ended when it returned. */
  private Future<Boolean> ask(GroupCommit commits) {
    return callers.submit(
        () -> {
          synchronized (waiting) {
            waiting.add(Thread.currentThread());
          }
          int begunBefore = begun.get();
          commits.await();
          return ended.get()
              > begunBefore; // writes run one at a time, so write begunBefore+1 ended
        });
  }

  @Test
  void callersWhoAskDuringAWriteShareTheNextOne() throws Exception {
    GroupCommit commits = new GroupCommit(this::write);
    Future<Boolean> first = ask(commits);
    awaitWrites(1);
    List<Future<Boolean>> during = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      during.add(ask(commits));
    }
    awaitAllWaiting(6); // the writer inside write(), five callers waiting on the monitor

    firstWriteMayEnd.countDown();

    assertThat(first.get(5, TimeUnit.SECONDS)).isTrue();
    for (Future<Boolean> caller : during) {
      assertThat(caller.get(5, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(begun.get()).isEqualTo(2); // one write for the five, not five
  }

  @Test
  void aCallerAloneWritesAtOnce() throws Exception {
    firstWriteMayEnd.countDown();
    GroupCommit commits = new GroupCommit(this::write);
    for (int i = 1; i <= 3; i++) {
      assertThat(ask(commits).get(5, TimeUnit.SECONDS)).isTrue();
      assertThat(begun.get()).isEqualTo(i);
    }
  }

  @Test
  void aWriteThatFailsCoversNobodyAndTheNextCallerWritesAgain() throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    CountDownLatch failing = new CountDownLatch(1);
    GroupCommit commits =
        new GroupCommit(
            () -> {
              if (attempts.incrementAndGet() == 1) {
                failing.countDown();
                awaitQuietly(firstWriteMayEnd);
                throw new IllegalStateException("disk full");
              }
              begun.incrementAndGet();
              ended.incrementAndGet();
            });
    Future<Boolean> first = ask(commits);
    failing.await(5, TimeUnit.SECONDS);
    Future<Boolean> second = ask(commits);
    awaitAllWaiting(2);

    firstWriteMayEnd.countDown();

    assertThatThrownBy(() -> first.get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasRootCauseMessage("disk full");
    assertThat(second.get(5, TimeUnit.SECONDS)).isTrue();
    assertThat(attempts.get()).isEqualTo(2);
  }

  @Test
  void anInterruptedCallerStillWaitsForItsWriteAndKeepsTheInterrupt() throws Exception {
    GroupCommit commits = new GroupCommit(this::write);
    Future<Boolean> first = ask(commits);
    awaitWrites(1);
    Future<Boolean> interrupted =
        callers.submit(
            () -> {
              synchronized (waiting) {
                waiting.add(Thread.currentThread());
              }
              Thread.currentThread().interrupt();
              commits.await();
              return Thread.currentThread().isInterrupted() && ended.get() == 2;
            });
    awaitAllWaiting(2);

    firstWriteMayEnd.countDown();

    assertThat(first.get(5, TimeUnit.SECONDS)).isTrue();
    assertThat(interrupted.get(5, TimeUnit.SECONDS)).isTrue();
  }

  private void awaitWrites(int n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (begun.get() < n && System.nanoTime() < deadline) {
      Thread.sleep(1);
    }
    assertThat(begun.get()).isEqualTo(n);
  }

  /**
   * Until {@code n} callers are parked: the writer in the held write, the others for their turn.
   */
  private void awaitAllWaiting(int n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (System.nanoTime() < deadline) {
      long parked;
      synchronized (waiting) {
        parked =
            waiting.stream()
                .filter(t -> t.getState() == Thread.State.WAITING && t.isAlive())
                .count();
      }
      if (parked >= n) {
        return;
      }
      Thread.sleep(1);
    }
    throw new AssertionError("fewer than " + n + " callers waiting");
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }
}
