package io.lcledger.node.sandbox;

import static io.lcledger.node.sandbox.SandboxFlowsTest.SH;
import static io.lcledger.node.sandbox.SandboxFlowsTest.YZ;
import static io.lcledger.node.sandbox.SandboxFlowsTest.terms;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.lcledger.node.SandboxNode;
import io.lcledger.node.SandboxNode.Reply;
import io.lcledger.node.events.WebhookDispatcher;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SSE and webhooks within 2 s of commit, at least once across restarts; Idempotency-Key. */
class NotificationsAndIdempotencyTest {
  @TempDir Path dir;
  SandboxNode node;
  HttpServer receiver;
  final ObjectMapper json = new ObjectMapper();

  @BeforeEach
  void start() {
    // the receivers run on this machine, as a newcomer's would: the sandbox allows it by default
    node = new SandboxNode(dir.resolve("node"), Instant.parse("2026-03-02T02:00:00Z"));
  }

  @AfterEach
  void stop() {
    node.close();
    if (receiver != null) {
      receiver.stop(0);
    }
  }

  @Test
  void theCounterpartyHearsOfAStepBySseWithinTwoSeconds() throws Exception {
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(baseUrl() + "/api/v1/events"))
            .header("Authorization", "Bearer " + YZ)
            .header("Accept", "text/event-stream")
            .build();
    HttpClient.newHttpClient()
        .sendAsync(request, HttpResponse.BodyHandlers.ofInputStream())
        .thenAccept(
            response -> {
              try (BufferedReader reader =
                  new BufferedReader(
                      new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                for (String line; (line = reader.readLine()) != null; ) {
                  lines.add(line);
                }
              } catch (Exception ignored) {
                // the stream ends with the test
              }
            });
    assertThat(lines.poll(10, TimeUnit.SECONDS)).isEqualTo(":connected");

    long committed = System.nanoTime();
    node.post(SH, "/api/v1/lcs", terms("LC-SSE-1", "{\"type\":\"SIGHT\"}"));
    String data = null;
    while (data == null) {
      String line = lines.poll(2, TimeUnit.SECONDS);
      assertThat(line).as("an event within 2 s").isNotNull();
      if (line.startsWith("data:")) {
        data = line.substring(5);
      }
    }
    assertThat(Duration.ofNanos(System.nanoTime() - committed)).isLessThan(Duration.ofSeconds(2));
    JsonNode event = json.readTree(data);
    assertThat(event.path("event").asText()).isEqualTo("LcIssued");
    assertThat(event.path("lcNumber").asText()).isEqualTo("LC-SSE-1");
    assertThat(event.path("eventId").asText()).endsWith("/yangzhou");
  }

  @Test
  void webhooksAreSignedRetriedWithBackoffAndSurviveARestart() throws Exception {
    List<Map<String, String>> received = new CopyOnWriteArrayList<>();
    AtomicInteger failuresLeft = new AtomicInteger(2);
    HttpHandler recorder =
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          int status = failuresLeft.getAndDecrement() > 0 ? 503 : 204;
          if (status == 204) {
            received.add(
                Map.of(
                    "body",
                    new String(body, StandardCharsets.UTF_8),
                    "signature",
                    exchange.getRequestHeaders().getFirst("X-Signature"),
                    "eventId",
                    exchange.getRequestHeaders().getFirst("X-Event-Id"),
                    "expected",
                    "sha256=" + WebhookDispatcher.hmac("a-secret-of-sixteen+", body)));
          }
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        };
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext("/hook", recorder);
    receiver.start();
    int port = receiver.getAddress().getPort();
    String url = "http://127.0.0.1:" + port + "/hook";
    Reply subscribed =
        node.post(
            YZ,
            "/api/v1/subscriptions",
            "{\"url\":\"" + url + "\",\"secret\":\"a-secret-of-sixteen+\"}");
    assertThat(subscribed.status()).isEqualTo(201);

    node.post(SH, "/api/v1/lcs", terms("LC-HOOK-1", "{\"type\":\"SIGHT\"}"));
    awaitUntil(() -> received.size() == 1, Duration.ofSeconds(10));
    Map<String, String> first = received.get(0);
    assertThat(first.get("signature")).isEqualTo(first.get("expected"));
    assertThat(json.readTree(first.get("body")).path("event").asText()).isEqualTo("LcIssued");

    // the receiver goes down; a step commits; the node restarts; the event still arrives, once
    receiver.stop(0);
    node.post(YZ, "/api/v1/lcs/LC-HOOK-1/advice", null);
    node.restart();
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    receiver.createContext("/hook", recorder);
    receiver.start();
    awaitUntil(() -> received.size() >= 2, Duration.ofSeconds(70));
    assertThat(json.readTree(received.get(1).get("body")).path("event").asText())
        .isEqualTo("LcAdvised");
    assertThat(received.stream().map(r -> r.get("eventId")).distinct().count())
        .isEqualTo(received.size());
  }

  @Test
  void theSameIdempotencyKeyReturnsTheFirstResponseAndSubmitsNothingNew() {
    Map<String, String> key = Map.of("Idempotency-Key", "issue-LC-IDEM-1");
    Reply first = node.post(SH, "/api/v1/lcs", terms("LC-IDEM-1", "{\"type\":\"SIGHT\"}"), key);
    assertThat(first.status()).isEqualTo(201);
    Reply replay = node.post(SH, "/api/v1/lcs", terms("LC-IDEM-1", "{\"type\":\"SIGHT\"}"), key);
    assertThat(replay.status()).isEqualTo(201);
    assertThat(replay.body()).isEqualTo(first.body());
    assertThat(replay.headers().getFirst("Idempotent-Replayed")).isEqualTo("true");
    node.restart();
    assertThat(node.post(SH, "/api/v1/lcs", terms("LC-IDEM-1", "{\"type\":\"SIGHT\"}"), key).body())
        .isEqualTo(first.body());
    Reply reused = node.post(SH, "/api/v1/lcs", terms("LC-IDEM-2", "{\"type\":\"SIGHT\"}"), key);
    assertThat(reused.status()).isEqualTo(409);
    assertThat(reused.code()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
    assertThat(node.get(SH, "/api/v1/lcs/LC-IDEM-2").status()).isEqualTo(404);
    JsonNode history = node.get(SH, "/api/v1/lcs/LC-IDEM-1/history").body();
    assertThat(history).hasSize(1);
  }

  /**
   * A node that dies after a step is committed but before its answer is kept: the client's retry
   * under the same key gets the original outcome, neither a second step nor a false 409 (here the
   * kept answers are deleted, as a crash at that instant leaves them).
   */
  @Test
  void aStepWhoseAnswerWasLostIsAnsweredAgainFromTheLedgerNotTakenTwice() throws Exception {
    Map<String, String> issueKey = Map.of("Idempotency-Key", "issue-LC-LOST-1");
    String terms = terms("LC-LOST-1", "{\"type\":\"SIGHT\"}");
    Reply issued = node.post(SH, "/api/v1/lcs", terms, issueKey);
    assertThat(issued.status()).isEqualTo(201);
    node.post(YZ, "/api/v1/lcs/LC-LOST-1/advice", null);
    Path invoice = java.nio.file.Files.writeString(dir.resolve("lost.pdf"), "%PDF-1.4 发票");
    String doc = node.upload(YZ, invoice, "INVOICE").body().path("documentId").asText();
    String presentation =
        "{\"amount\":\"100.00\",\"shipmentDate\":\"2026-03-01\",\"documentIds\":[\"" + doc + "\"]}";
    Map<String, String> presentKey = Map.of("Idempotency-Key", "present-LC-LOST-1");
    Reply presented =
        node.post(YZ, "/api/v1/lcs/LC-LOST-1/presentations", presentation, presentKey);
    assertThat(presented.status()).isEqualTo(201);

    forgetKeptAnswers();
    Reply issuedAgain = node.post(SH, "/api/v1/lcs", terms, issueKey);
    assertThat(issuedAgain.status()).as(issuedAgain.body().toString()).isEqualTo(201);
    assertThat(issuedAgain.body()).isEqualTo(issued.body());
    Reply presentedAgain =
        node.post(YZ, "/api/v1/lcs/LC-LOST-1/presentations", presentation, presentKey);
    assertThat(presentedAgain.status()).as(presentedAgain.body().toString()).isEqualTo(201);
    assertThat(presentedAgain.body()).isEqualTo(presented.body());

    node.restart();
    forgetKeptAnswers();
    assertThat(
            node.post(YZ, "/api/v1/lcs/LC-LOST-1/presentations", presentation, presentKey).body())
        .isEqualTo(presented.body());
    assertThat(node.get(SH, "/api/v1/lcs/LC-LOST-1").body().path("presentations")).hasSize(1);
    assertThat(node.get(SH, "/api/v1/lcs/LC-LOST-1/history").body()).hasSize(3);
    // the documents were presented by that request only: another key cannot present them again
    Reply another =
        node.post(
            YZ,
            "/api/v1/lcs/LC-LOST-1/presentations",
            presentation,
            Map.of("Idempotency-Key", "present-LC-LOST-1-bis"));
    assertThat(another.status()).isEqualTo(409);
    assertThat(another.code()).isEqualTo("DOCUMENT_ALREADY_PRESENTED");
  }

  @Test
  void documentsOfAPresentationTheLedgerRefusedMayBePresentedAgain() throws Exception {
    assertThat(node.post(SH, "/api/v1/lcs", terms("LC-AGAIN-1", "{\"type\":\"SIGHT\"}")).status())
        .isEqualTo(201);
    Path invoice = java.nio.file.Files.writeString(dir.resolve("again.pdf"), "%PDF-1.4 发票");
    String doc = node.upload(YZ, invoice, "INVOICE").body().path("documentId").asText();
    String presentation =
        "{\"amount\":\"100.00\",\"shipmentDate\":\"2026-03-01\",\"documentIds\":[\"" + doc + "\"]}";
    // not advised yet: the ledger refuses the step, and the document's claim goes with it
    Reply early = node.post(YZ, "/api/v1/lcs/LC-AGAIN-1/presentations", presentation);
    assertThat(early.status()).as(early.body().toString()).isEqualTo(409);
    assertThat(early.code()).isNotEqualTo("DOCUMENT_ALREADY_PRESENTED");

    node.post(YZ, "/api/v1/lcs/LC-AGAIN-1/advice", null);
    Reply presented = node.post(YZ, "/api/v1/lcs/LC-AGAIN-1/presentations", presentation);
    assertThat(presented.status()).as(presented.body().toString()).isEqualTo(201);
    Reply twice = node.post(YZ, "/api/v1/lcs/LC-AGAIN-1/presentations", presentation);
    assertThat(twice.code()).isEqualTo("DOCUMENT_ALREADY_PRESENTED");
  }

  /**
   * In the sandbox a key's claim reaches the disk with the next write, not before the step: the
   * ledger records the request's hash beside the key. A node that dies before the claim is written
   * (here the records are deleted, as such a crash leaves them) still refuses the key to another
   * request, and answers the request that took it from the ledger; nothing is taken twice.
   */
  @Test
  void aKeyWhoseClaimWasLostIsStillRefusedToAnotherRequestAndAnsweredToItsOwn() {
    Map<String, String> key = Map.of("Idempotency-Key", "issue-LC-CLAIM-1");
    String terms = terms("LC-CLAIM-1", "{\"type\":\"SIGHT\"}");
    Reply issued = node.post(SH, "/api/v1/lcs", terms, key);
    assertThat(issued.status()).isEqualTo(201);

    forgetKeys();
    Reply other = node.post(SH, "/api/v1/lcs", terms("LC-CLAIM-2", "{\"type\":\"SIGHT\"}"), key);
    assertThat(other.status()).isEqualTo(409);
    assertThat(other.code()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
    assertThat(node.get(SH, "/api/v1/lcs/LC-CLAIM-2").status()).isEqualTo(404);
    // the refused request did not keep the key: its own request is still answered
    Reply again = node.post(SH, "/api/v1/lcs", terms, key);
    assertThat(again.status()).as(again.body().toString()).isEqualTo(201);
    assertThat(again.body()).isEqualTo(issued.body());
    assertThat(node.get(SH, "/api/v1/lcs/LC-CLAIM-1/history").body()).hasSize(1);
    // and from its record from now on
    Reply replayed = node.post(SH, "/api/v1/lcs", terms, key);
    assertThat(replayed.headers().getFirst("Idempotent-Replayed")).isEqualTo("true");
  }

  private void forgetKeys() {
    node.context()
        .getBean(org.springframework.jdbc.core.simple.JdbcClient.class)
        .sql("delete from idempotency_record")
        .update();
  }

  private void forgetKeptAnswers() {
    node.context()
        .getBean(org.springframework.jdbc.core.simple.JdbcClient.class)
        .sql("update idempotency_record set status = null, content_type = null, body = null")
        .update();
  }

  private String baseUrl() {
    return "http://127.0.0.1:"
        + ((org.springframework.boot.web.context.WebServerApplicationContext) node.context())
            .getWebServer()
            .getPort();
  }

  private static void awaitUntil(java.util.function.BooleanSupplier condition, Duration limit)
      throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition within " + limit).isLessThan(deadline);
      Thread.sleep(50);
    }
  }
}
