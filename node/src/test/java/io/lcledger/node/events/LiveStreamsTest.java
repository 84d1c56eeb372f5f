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
    stream.register(() -> {});
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
  void theBacklogComesFirstAndANotificationBothReplayedAndPushedIsSentOnce() throws Exception {
    CountDownLatch sent = new CountDownLatch(4);
    LiveStreams.Stream stream =
        new LiveStreams.Stream(
            senders,
            100,
            event -> {
              written.add(event);
              sent.countDown();
            },
            () -> completed.set(true),
            registry);
    List<SseEmitter.SseEventBuilder> events = new ArrayList<>();
    for (long n = 0; n <= 4; n++) {
      events.add(event(n));
    }
    stream.register(
        () -> {
          stream.offer(1, events.get(1));
          stream.offer(2, events.get(2));
          stream.offer(3, events.get(3));
        });
    assertThat(registry).containsExactly(stream);
    stream.offer(3, event(3)); // pushed as well as replayed
    stream.offer(4, events.get(4));
    assertThat(sent.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(written).containsExactly(events.get(1), events.get(2), events.get(3), events.get(4));
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
