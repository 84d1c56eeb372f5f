package io.lcledger.node.sandbox;

import static io.lcledger.node.sandbox.SandboxFlowsTest.SH;
import static io.lcledger.node.sandbox.SandboxFlowsTest.YZ;
import static io.lcledger.node.sandbox.SandboxFlowsTest.terms;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lcledger.node.PackagedNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged node as a process, under a bounded load of full lifecycles whose every step carries
 * its own Idempotency-Key, SIGKILLed at random instants and restarted; clients retry each step with
 * its key until it is answered. Afterwards the ledger holds every acknowledged step exactly once,
 * no retry was refused, an SSE client that resumes with Last-Event-ID heard every step of the
 * issuing bank once, and a webhook subscription received every one of them at least once, each
 * event id always with the same notification.
 */
class CrashHarnessIT {
  static final int CLIENTS = 4;

  /** Lifecycles each client runs at least; it goes on until the last kill. */
  static final int LIFECYCLES = 5;

  /** A client's pause between lifecycles, which bounds how many a fast node runs meanwhile. */
  static final long PACE_MS = 100;

  static final int KILLS = 5;
  static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  static final ObjectMapper JSON = new ObjectMapper();
  static final java.time.LocalDate TODAY =
      java.time.LocalDate.now(io.lcledger.chaincode.domain.Situation.BUSINESS_ZONE);

  @TempDir Path dir;
  final int port = PackagedNode.freePort();
  final String base = "http://127.0.0.1:" + port;
  volatile Process node;
  final List<String> refused = Collections.synchronizedList(new ArrayList<>());
  final AtomicInteger retries = new AtomicInteger();
  final AtomicBoolean killing = new AtomicBoolean(true);

  @AfterEach
  void stop() {
    if (node != null) {
      node.destroyForcibly();
    }
  }

  @Test
  void killedFiveTimesUnderLoadItLosesNothingAppliesNothingTwiceAndRefusesNoRetry()
      throws Exception {
    Webhook webhook = new Webhook();
    start();
    webhook.subscribe();
    Sse sse = new Sse();
    Thread listener = new Thread(sse, "crash-sse");
    listener.setDaemon(true);
    listener.start();

    ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    List<Future<List<String>>> done = new ArrayList<>();
    for (int c = 0; c < CLIENTS; c++) {
      int client = c;
      done.add(
          clients.submit(
              () -> {
                List<String> lcs = new ArrayList<>();
                // until the last kill, so that every kill lands under load however fast the node
                for (int i = 0; i < LIFECYCLES || killing.get(); i++) {
                  String lc = "LC-CRASH-" + client + "-" + i;
                  lifecycle(lc);
                  lcs.add(lc);
                  Thread.sleep(PACE_MS);
                }
                return lcs;
              }));
    }
    Random random = new Random();
    for (int kill = 0; kill < KILLS; kill++) {
      Thread.sleep(500 + random.nextInt(2_000));
      node.destroyForcibly().waitFor(); // SIGKILL
      start();
    }
    killing.set(false);
    List<String> lcs = new ArrayList<>();
    for (Future<List<String>> f : done) {
      lcs.addAll(f.get(10, TimeUnit.MINUTES));
    }
    clients.shutdown();

    assertThat(refused).as("steps refused on retry (false 409s and the like)").isEmpty();
    // each kill cut requests short or refused them while the node restarted
    assertThat(retries.get()).as("requests sent again after a kill").isGreaterThanOrEqualTo(KILLS);
    Set<String> txIds = new HashSet<>();
    for (String lc : lcs) {
      JsonNode history = get(SH, "/api/v1/lcs/" + lc + "/history");
      List<String> steps = new ArrayList<>();
      history.forEach(e -> steps.add(e.path("action").asText(e.path("step").asText())));
      assertThat(history).as("%s: each acknowledged step once: %s", lc, steps).hasSize(5);
      history.forEach(e -> txIds.add(e.path("txId").asText()));
      assertThat(get(SH, "/api/v1/lcs/" + lc).path("presentations")).hasSize(1);
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!sse.txIds().containsAll(txIds) && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    sse.stop.set(true);
    assertThat(sse.txIds()).as("every step notified to the issuing bank").containsAll(txIds);
    assertThat(sse.duplicates).as("notifications received twice after resuming").isEmpty();
    deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!webhook.txIds().containsAll(txIds) && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    webhook.server.stop(0);
    assertThat(webhook.txIds()).as("every step delivered to the webhook").containsAll(txIds);
    assertThat(webhook.badSignatures.get()).as("webhook deliveries badly signed").isZero();
    assertThat(webhook.unstable).as("event ids delivered with different notifications").isEmpty();
    System.out.printf(
        "[crash] %d kills, %d lifecycles, %d steps on the ledger, %d retries, %d SSE reconnections,"
            + " %d notifications, 0 lost, 0 applied twice, %d refused; webhook: %d deliveries of %d"
            + " events, none lost%n",
        KILLS,
        lcs.size(),
        txIds.size(),
        retries.get(),
        sse.connections.get() - 1,
        sse.seen.size(),
        refused.size(),
        webhook.deliveries.get(),
        webhook.bodies.size());
  }

  private void lifecycle(String lc) throws Exception {
    String path = "/api/v1/lcs/" + lc;
    // the node runs on the real clock: the LC's dates follow today's
    String terms =
        terms(lc, "{\"type\":\"SIGHT\"}")
            .replace("2026-06-30", TODAY.plusDays(120).toString())
            .replace("2026-06-15", TODAY.plusDays(100).toString());
    step(SH, "/api/v1/lcs", terms, lc + "-issue");
    step(YZ, path + "/advice", "{}", lc + "-advice");
    String doc = upload(lc);
    step(
        YZ,
        path + "/presentations",
        "{\"amount\":\"100000.00\",\"shipmentDate\":\""
            + TODAY
            + "\",\"documentIds\":[\""
            + doc
            + "\"]}",
        lc + "-presentation");
    step(
        SH,
        path + "/presentations/1/examination",
        "{\"result\":\"COMPLIANT\"}",
        lc + "-examination");
    step(
        SH,
        path + "/presentations/1/payment",
        "{\"amount\":\"100000.00\",\"paymentReference\":\"PAY-" + lc + "\"}",
        lc + "-payment");
  }

  /** One step, retried under its key until the node answers it; a refusal is recorded. */
  private void step(String token, String path, String body, String key) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(20))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .header("Idempotency-Key", key)
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
            .build();
    HttpResponse<String> answer = retried(request);
    if (answer.statusCode() >= 300) {
      refused.add(key + " answered " + answer.statusCode() + " " + answer.body());
    }
  }

  private String upload(String lc) throws Exception {
    String boundary = "crash" + UUID.randomUUID();
    String form =
        "--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\"type\"\r\n\r\nINVOICE\r\n--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"invoice.pdf\"\r\n"
            + "Content-Type: application/pdf\r\n\r\n%PDF-1.4 "
            + lc
            + "\r\n--"
            + boundary
            + "--\r\n";
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + "/api/v1/documents"))
            .timeout(Duration.ofSeconds(20))
            .header("Authorization", "Bearer " + YZ)
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofString(form, StandardCharsets.UTF_8))
            .build();
    HttpResponse<String> answer = retried(request);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
    return JSON.readTree(answer.body()).path("documentId").asText();
  }

  /** Sends until the node answers with anything but a server error (it may be down, or dying). */
  private HttpResponse<String> retried(HttpRequest request) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (true) {
      try {
        HttpResponse<String> answer = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() < 500) {
          return answer;
        }
      } catch (IOException down) {
        // killed in flight, or not up yet: the same request again, with the same key
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no answer to " + request.uri() + " within 3 minutes");
      }
      retries.incrementAndGet();
      Thread.sleep(200);
    }
  }

  private JsonNode get(String token, String path) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(20))
            .header("Authorization", "Bearer " + token)
            .GET()
            .build();
    HttpResponse<String> answer = retried(request);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    return JSON.readTree(answer.body());
  }

  private void start() throws Exception {
    node =
        PackagedNode.start(
            dir.resolve("data"),
            port,
            Duration.ofSeconds(120),
            List.of("-Xmx384m"),
            "--lc.webhooks.allow-loopback=true",
            // snapshots often, so that kills land before, during and after them
            "--lc.sandbox.snapshot-every=10");
  }

  /**
   * The issuing bank's webhook endpoint: checks each delivery's signature and that an event id
   * always comes with the same notification (delivered at least once, maybe more, never changed).
   */
  final class Webhook {
    static final String SECRET = "crash-harness-webhook-secret";
    final com.sun.net.httpserver.HttpServer server;
    final java.util.Map<String, String> bodies = new java.util.concurrent.ConcurrentHashMap<>();
    final Set<String> unstable = Collections.synchronizedSet(new HashSet<>());
    final AtomicInteger deliveries = new AtomicInteger();
    final AtomicInteger badSignatures = new AtomicInteger();

    Webhook() throws IOException {
      server =
          com.sun.net.httpserver.HttpServer.create(
              new java.net.InetSocketAddress("127.0.0.1", 0), 0);
      server.createContext(
          "/hook",
          exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String eventId = exchange.getRequestHeaders().getFirst("X-Event-Id");
            if (!("sha256=" + io.lcledger.node.events.WebhookDispatcher.hmac(SECRET, body))
                .equals(exchange.getRequestHeaders().getFirst("X-Signature"))) {
              badSignatures.incrementAndGet();
            }
            deliveries.incrementAndGet();
            String text = new String(body, StandardCharsets.UTF_8);
            String earlier = bodies.putIfAbsent(eventId, text);
            if (earlier != null && !earlier.equals(text)) {
              unstable.add(eventId);
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
          });
      server.start();
    }

    void subscribe() throws Exception {
      String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
      HttpResponse<String> answer =
          retried(
              HttpRequest.newBuilder(URI.create(base + "/api/v1/subscriptions"))
                  .timeout(Duration.ofSeconds(20))
                  .header("Authorization", "Bearer " + SH)
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          JSON.writeValueAsString(java.util.Map.of("url", url, "secret", SECRET))))
                  .build());
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
    }

    Set<String> txIds() {
      Set<String> ids = new HashSet<>();
      bodies.values().forEach(body -> ids.add(readTree(body).path("txId").asText()));
      return ids;
    }

    static JsonNode readTree(String body) {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError(e);
      }
    }
  }

  /** The issuing bank's event stream, resumed with Last-Event-ID after every break. */
  final class Sse implements Runnable {
    final AtomicBoolean stop = new AtomicBoolean();
    final AtomicInteger connections = new AtomicInteger();
    final AtomicLong lastSeen = new AtomicLong(-1);
    final Set<String> seen = Collections.synchronizedSet(new HashSet<>());
    final List<String> duplicates = Collections.synchronizedList(new ArrayList<>());
    final Set<String> txIds = Collections.synchronizedSet(new HashSet<>());

    Set<String> txIds() {
      synchronized (txIds) {
        return new HashSet<>(txIds);
      }
    }

    @Override
    public void run() {
      while (!stop.get()) {
        HttpRequest.Builder request =
            HttpRequest.newBuilder(URI.create(base + "/api/v1/events"))
                .header("Authorization", "Bearer " + SH)
                .header("Accept", "text/event-stream");
        if (lastSeen.get() >= 0) {
          request.header("Last-Event-ID", Long.toString(lastSeen.get()));
        }
        try {
          HttpResponse<Stream<String>> response =
              HTTP.send(request.build(), HttpResponse.BodyHandlers.ofLines());
          if (response.statusCode() != 200) {
            Thread.sleep(200);
            continue;
          }
          connections.incrementAndGet();
          String id = null;
          try (Stream<String> lines = response.body()) {
            for (String line : (Iterable<String>) lines::iterator) {
              if (stop.get()) {
                return;
              }
              if (line.startsWith("id:")) {
                id = line.substring(3).strip();
              } else if (line.startsWith("data:")) {
                JsonNode n = JSON.readTree(line.substring(5));
                String eventId = n.path("eventId").asText();
                if (!seen.add(eventId)) {
                  duplicates.add(eventId);
                }
                txIds.add(n.path("txId").asText());
                if (id != null) {
                  lastSeen.set(Long.parseLong(id));
                }
              }
            }
          }
        } catch (IOException | RuntimeException broken) {
          // the node died: resume from the last notification seen
        } catch (InterruptedException e) {
          return;
        }
        try {
          Thread.sleep(200);
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }
}
