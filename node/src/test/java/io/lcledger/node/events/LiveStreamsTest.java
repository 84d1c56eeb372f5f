package io.lcledger.node.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** Event streams queue for their clients, so a client that stops reading holds up nobody. */
class LiveStreamsTest {
  final ExecutorService senders = Executors.newFixedThreadPool(2);
  final List<LiveStreams.Stream> registry = new CopyOnWriteArrayList<>();
  final List<SseEmitter.SseEventBuilder> written = new CopyOnWriteArrayList<>();
  final AtomicBoolean completed = new AtomicBoolean();

  @AfterEach
  void stop() {
    senders.shutdownNow();
  }

  LiveStreams.Stream stream(int maxBehind, LiveStreams.Writer writer) {
    LiveStreams.Stream stream =
        new LiveStreams.Stream(senders, maxBehind, writer, () -> completed.set(true), registry);
    stream.register();
    return stream;
  }

  static SseEmitter.SseEventBuilder event(long sequence) {
    return SseEmitter.event().id(Long.toString(sequence));
  }

  @Test
  void aClientThatStopsReadingNeverBlocksThePublisherAndIsCutOffOnceTooFarBehind() {
    CountDownLatch never = new CountDownLatch(1);
    LiveStreams.Stream stream =
        stream(
            50,
            event -> {
              try {
                never.await(); // a socket whose reader went silent
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    assertTimeoutPreemptively(
        Duration.ofSeconds(5),
        () -> {
          for (long n = 1; n <= 200; n++) {
            stream.offer(n, event(n));
          }
        });
    assertThat(stream.isClosed()).isTrue();
    assertThat(registry).isEmpty();
    await().atMost(Duration.ofSeconds(5)).untilTrue(completed);
    never.countDown();
  }

  @Test
  void aClientFarBehindCatchesUpPageByPageThenGoesLiveAndHearsEachNotificationOnce()
      throws Exception {
    // the outbox: 5,000 notifications the client missed, far more than may queue for it
    List<LiveStreams.Event> outbox = new CopyOnWriteArrayList<>();
    for (long n = 1; n <= 5_000; n++) {
      outbox.add(new LiveStreams.Event(n, event(n)));
    }
    AtomicInteger pagesRead = new AtomicInteger();
    LiveStreams.Backlog backlog =
        after -> {
          pagesRead.incrementAndGet();
          return outbox.stream().filter(e -> e.sequence() > after).limit(100).toList();
        };
    CountDownLatch received = new CountDownLatch(4_901);
    List<Long> sequences = new CopyOnWriteArrayList<>();
    LiveStreams.Stream stream =
        new LiveStreams.Stream(
            senders,
            50,
            sse -> {
              for (LiveStreams.Event e : outbox) {
                if (e.sse() == sse) {
                  sequences.add(e.sequence());
                }
              }
              received.countDown();
            },
            () -> completed.set(true),
            registry);
    stream.register(100, backlog); // Last-Event-ID: 100
    // published while it catches up: recorded in the outbox first, as the outbox does
    LiveStreams.Event pushed = new LiveStreams.Event(5_001, event(5_001));
    outbox.add(pushed);
    stream.offer(pushed.sequence(), pushed.sse());
    assertThat(received.await(20, TimeUnit.SECONDS)).isTrue();
    await().atMost(Duration.ofSeconds(5)).until(() -> pagesRead.get() >= 50);
    Thread.sleep(100); // let the last, empty page make it live
    LiveStreams.Event live = new LiveStreams.Event(5_002, event(5_002));
    outbox.add(live);
    stream.offer(live.sequence(), live.sse());
    stream.offer(live.sequence(), live.sse()); // a repeat
    await().atMost(Duration.ofSeconds(5)).until(() -> sequences.size() == 4_902);
    Thread.sleep(100);
    List<Long> expected = new ArrayList<>();
    for (long n = 101; n <= 5_002; n++) {
      expected.add(n);
    }
    assertThat(sequences).containsExactlyElementsOf(expected);
    assertThat(stream.isClosed()).isFalse();
  }

  @Test
  void aFailedWriteEndsTheStream() {
    LiveStreams.Stream stream =
        stream(
            100,
            event -> {
              throw new IOException("Broken pipe");
            });
    stream.offer(1, event(1));
    await().atMost(Duration.ofSeconds(5)).until(stream::isClosed);
    assertThat(registry).isEmpty();
    stream.offer(2, event(2)); // ignored, not thrown
  }
}
