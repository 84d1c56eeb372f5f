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
import io.lcledger.node.store.TestDatabase;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Each subscription is delivered on its own: a broken or slow endpoint delays nobody else. */
class WebhookDispatcherTest {
  @TempDir Path dir;
  final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule());
  HttpServer server;
  WebhookDispatcher dispatcher;
  final CountDownLatch release = new CountDownLatch(1);

  TestDatabase database;

  @AfterEach
  void stop() throws InterruptedException {
    if (dispatcher != null) {
      dispatcher.stop();
    }
    release.countDown();
    if (server != null) {
      server.stop(0);
    }
    if (database != null) {
      database.close();
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
    return dispatcher(allowLoopback, outbox, database("h2"));
  }

  WebhookDispatcher dispatcher(boolean allowLoopback, Outbox outbox, TestDatabase db) {
    return dispatcher("sandbox", allowLoopback, outbox, db);
  }

  WebhookDispatcher dispatcher(String mode, Boolean allowLoopback, Outbox outbox, TestDatabase db) {
    NodeProperties properties = new NodeProperties(mode, dir, null, null, null, null, null);
    return new WebhookDispatcher(
        outbox, properties, new WebhookProperties(allowLoopback, null, 2), json, db.db, db.durable);
  }

  TestDatabase database(String kind) {
    if (database == null) {
      database = TestDatabase.of(kind, dir);
    }
    return database;
  }

  static Notification notification(long sequence) {
    return notification(sequence, sequence);
  }

  /** The test's notification as number {@code sequence}, of a transaction in {@code block}. */
  static Notification notification(long sequence, long block) {
    Notification n = notification();
    return new Notification(
        "tx-" + sequence + "/yangzhou",
        sequence,
        n.branch(),
        n.event(),
        n.lcNumber(),
        n.step(),
        null,
        null,
        n.status(),
        n.lcStatus(),
        n.actingBranch(),
        n.branches(),
        "tx-" + sequence,
        block,
        n.timestamp(),
        n.companies());
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void twoNodesOverOneDatabaseDeliverEachNotificationOnceAndTheSecondTakesOver(String kind)
      throws Exception {
    List<String> received = new java.util.concurrent.CopyOnWriteArrayList<>();
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/hook",
        exchange -> {
          received.add(exchange.getRequestHeaders().getFirst("X-Event-Id"));
          exchange.getRequestBody().readAllBytes();
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    server.start();
    java.util.concurrent.atomic.AtomicLong available = new java.util.concurrent.atomic.AtomicLong();
    Outbox outbox = mock(Outbox.class);
    given(outbox.after(anyString(), anyLong(), anyInt()))
        .willAnswer(
            call -> {
              long after = call.getArgument(1);
              return after < available.get() ? List.of(notification(after + 1)) : List.of();
            });
    TestDatabase db = database(kind);
    WebhookDispatcher one = dispatcher(true, outbox, db);
    WebhookDispatcher two = dispatcher(true, outbox, db);
    dispatcher = two;
    one.subscribe(
        "yangzhou", "http://127.0.0.1:" + server.getAddress().getPort() + "/hook", "secret");
    one.start();
    two.start();
    available.set(3);
    waitFor(() -> received.size() >= 3);
    one.stop(); // gives the lease up: the other node goes on from the position in the database
    available.set(5);
    waitFor(() -> received.size() >= 5);
    Thread.sleep(600); // a few more ticks of the remaining node: nothing more to deliver
    assertThat(received)
        .containsExactly(
            "tx-1/yangzhou", "tx-2/yangzhou", "tx-3/yangzhou", "tx-4/yangzhou", "tx-5/yangzhou");
  }

  static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waited 20 s").isLessThan(deadline);
      Thread.sleep(20);
    }
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

  @ParameterizedTest(name = "{0}: loopback allowed unless set: {1}")
  @CsvSource({"sandbox, true", "fabric, false", "evm, false"})
  void loopbackTargetsAreAllowedByDefaultOnlyInTheSandbox(String mode, boolean allowed)
      throws Exception {
    for (Boolean setting : new Boolean[] {null, true, false}) {
      WebhookDispatcher byMode = dispatcher(mode, setting, mock(Outbox.class), database("h2"));
      boolean expected = setting == null ? allowed : setting;
      String url = "http://127.0.0.1:9/" + mode + "-" + setting;
      if (expected) {
        byMode.subscribe("shanghai", url, "s");
      } else {
        assertThatThrownBy(() -> byMode.subscribe("shanghai", url, "s"))
            .as("%s with allow-loopback %s", mode, setting)
            .isInstanceOf(ApiException.class)
            .hasFieldOrPropertyWithValue("code", "WEBHOOK_TARGET_FORBIDDEN");
      }
      // a metadata address stays refused whatever the mode
      assertThatThrownBy(() -> byMode.subscribe("shanghai", "http://169.254.169.254/x", "s"))
          .isInstanceOf(ApiException.class)
          .hasFieldOrPropertyWithValue("code", "WEBHOOK_TARGET_FORBIDDEN");
      byMode.stop();
    }
  }

  @Test
  void aSubscriptionAcknowledgedIsInTheDatabaseFile() throws Exception {
    Outbox outbox = mock(Outbox.class);
    List<WebhookDispatcher> dispatchers = new java.util.ArrayList<>();
    try {
      TestDatabase.eachWriteSurvivesAKill(
          dir.resolve("kills"),
          4,
          (db, n) -> {
            WebhookDispatcher node = dispatcher("sandbox", true, outbox, db);
            dispatchers.add(node);
            node.subscribe(n % 2 == 0 ? "yangzhou" : "shanghai", "http://127.0.0.1:9/" + n, "s");
          },
          (killed, n) ->
              assertThat(
                      killed
                          .db
                          .sql("select count(*) from subscription where url = ?")
                          .param("http://127.0.0.1:9/" + n)
                          .query(Long.class)
                          .single())
                  .isEqualTo(1));
    } finally {
      for (WebhookDispatcher node : dispatchers) {
        node.stop();
      }
    }
  }

  @Test
  void aFailureIsLoggedWithItsCauses() {
    var failure = new java.io.IOException(new java.net.ConnectException("Connection refused"));
    assertThat(WebhookDispatcher.causes(failure))
        .isEqualTo(
            "IOException: java.net.ConnectException: Connection refused"
                + " <- caused by ConnectException: Connection refused");
    assertThat(WebhookDispatcher.causes(new java.net.ConnectException()))
        .isEqualTo("ConnectException");
  }
}
