package io.lcledger.node.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class KeyLocksTest {
  private final KeyLocks locks = new KeyLocks();

  @Test
  void anotherKeyIsNeverKeptWaiting() throws Exception {
    try (KeyLocks.Lease first = locks.acquire("a")) {
      // held on another thread: a shared lock or stripe would block it until "a" is released
      CompletableFuture<Void> other =
          CompletableFuture.runAsync(
              () -> {
                try (KeyLocks.Lease second = locks.acquire("b")) {
                  assertThat(locks.inUse()).isEqualTo(2);
                }
              });
      other.get(5, TimeUnit.SECONDS);
    }
    assertThat(locks.inUse()).isZero();
  }

  @Test
  void theSameKeyWaitsForItsTurn() throws Exception {
    CountDownLatch waiting = new CountDownLatch(1);
    CompletableFuture<Void> second;
    try (KeyLocks.Lease first = locks.acquire("a")) {
      second =
          CompletableFuture.runAsync(
              () -> {
                waiting.countDown();
                try (KeyLocks.Lease turn = locks.acquire("a")) {
                  assertThat(locks.inUse()).isEqualTo(1);
                }
              });
      assertThat(waiting.await(5, TimeUnit.SECONDS)).isTrue();
      Thread.sleep(200);
      assertThat(second).isNotDone();
    }
    second.get(5, TimeUnit.SECONDS);
    assertThat(locks.inUse()).isZero();
  }

  @Test
  void manyTurnsUnderOneKeyNeverOverlapAndLeaveNothingBehind() throws Exception {
    int[] inside = {0};
    int[] most = {0};
    CompletableFuture<?>[] all = new CompletableFuture<?>[8];
    ExecutorService threads = Executors.newFixedThreadPool(all.length);
    for (int t = 0; t < all.length; t++) {
      all[t] =
          CompletableFuture.runAsync(
              () -> {
                for (int i = 0; i < 500; i++) {
                  try (KeyLocks.Lease turn = locks.acquire("k")) {
                    // only the lease orders these writes: overlapping turns would be seen here
                    int now = ++inside[0];
                    most[0] = Math.max(most[0], now);
                    inside[0]--;
                  }
                }
              },
              threads);
    }
    CompletableFuture.allOf(all).get(30, TimeUnit.SECONDS);
    threads.shutdown();
    assertThat(most[0]).isEqualTo(1);
    assertThat(locks.inUse()).isZero();
  }
}
