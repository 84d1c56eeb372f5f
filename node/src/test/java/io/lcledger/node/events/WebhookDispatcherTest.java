package io.lcledger.node.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.sun.net.httpserver.HttpServer;
import io.lcledger.node.config.NodeProperties;
import io.lcledger.node.web.ApiException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each subscription is delivered on its own: a broken or slow endpoint delays nobody else. */
class WebhookDispatcherTest {
  @TempDir Path dir;
  final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule());
  HttpServer server;
  WebhookDispatcher dispatcher;
  final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void stop() throws InterruptedException {
    if (dispatcher != null) {
      dispatcher.stop();
    }
    release.countDown();
    if (server != null) {
      server.stop(0);
    }
  }

  static Notification notification() {
    return new Notification(
        "tx-1/yangzhou",
        1,
        "yangzhou",
        "LcIssued",
        "LC-1",
        "ISSUE",
        null,
        null,
        "ISSUED",
        "ISSUED",
        "shanghai",
        List.of("shanghai", "yangzhou"),
        "tx-1",
        1,
        Instant.parse("2026-03-02T02:00:00Z"),
        List.of("91310000132200821H", "91321003MA1WCB7N6N"));
  }

  WebhookDispatcher dispatcher(boolean allowLoopback) {
    Outbox outbox = mock(Outbox.class);
    given(outbox.after(anyString(), anyLong(), anyInt()))
        .willAnswer(call -> (long) call.getArgument(1) < 1 ? List.of(notification()) : List.of());
    NodeProperties properties = new NodeProperties("sandbox", dir, null, null, null, null, null);
    return new WebhookDispatcher(
        outbox, properties, new WebhookProperties(allowLoopback, null, 2), json);
  }

  @Test
  void aBrokenOrSlowEndpointDelaysNoOtherSubscription() throws Exception {
    CountDownLatch fastReceived = new CountDownLatch(1);
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    server.createContext(
        "/slow",
        exchange -> {
          try {
            release.await(30, TimeUnit.SECONDS); // answers only when the test ends
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    server.createContext(
        "/fast",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          fastReceived.countDown();
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    server.start();
    String base = "http://127.0.0.1:" + server.getAddress().getPort();
    // stored before URLs were checked: one that is no URL at all, one that hangs, then a good one
    Path file = dir.resolve("events").resolve("subscriptions.json");
    Files.createDirectories(file.getParent());
    json.writeValue(
        file.toFile(),
        List.of(
            state("broken", "http://0\u0081"),
            state("slow", base + "/slow"),
            state("fast", base + "/fast")));
    dispatcher = dispatcher(true);
    dispatcher.start();
    long started = System.nanoTime();
    assertThat(fastReceived.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
  }

  static Map<String, Object> state(String id, String url) {
    return Map.of(
        "subscriptionId",
        id,
        "branch",
        "yangzhou",
        "url",
        url,
        "secret",
        "0123456789abcdef",
        "delivered",
        0,
        "attempts",
        0,
        "nextAttempt",
        "1970-01-01T00:00:00Z");
  }

  @Test
  void loopbackOnlyWhenAllowedAndAtMostTheConfiguredNumber() throws Exception {
    dispatcher = dispatcher(false);
    assertThatThrownBy(() -> dispatcher.subscribe("yangzhou", "http://127.0.0.1:9/h", "s"))
        .isInstanceOf(ApiException.class)
        .hasFieldOrPropertyWithValue("code", "WEBHOOK_TARGET_FORBIDDEN");
    dispatcher = dispatcher(true);
    dispatcher.subscribe("yangzhou", "http://127.0.0.1:9/a", "s");
    dispatcher.subscribe("yangzhou", "http://127.0.0.1:9/b", "s");
    assertThatThrownBy(() -> dispatcher.subscribe("yangzhou", "http://127.0.0.1:9/c", "s"))
        .isInstanceOf(ApiException.class)
        .hasFieldOrPropertyWithValue("code", "TOO_MANY_SUBSCRIPTIONS");
  }
}
