package io.lcledger.node.sandbox;

import static io.lcledger.node.sandbox.SandboxFlowsTest.SH;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lcledger.node.SandboxNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a hostile or careless client sends, over real HTTP against a real sandbox node: each answer
 * is a 4xx problem+json with a code (never a 500), and a refused request changes no ledger state.
 */
class HostileRequestsTest {
  @TempDir static Path dir;
  static SandboxNode node;
  static final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  static final ObjectMapper json = new ObjectMapper();

  @BeforeAll
  static void start() {
    node = new SandboxNode(dir.resolve("node"), Instant.parse("2026-03-02T02:00:00Z"));
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  record Answer(int status, String contentType, String body, HttpResponse<byte[]> raw) {
    JsonNode json() throws IOException {
      return HostileRequestsTest.json.readTree(body);
    }

    String code() throws IOException {
      return json().path("code").asText(null);
    }

    String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }
  }

  static Answer send(HttpRequest.Builder request) throws IOException, InterruptedException {
    return send(http, request);
  }

  static Answer send(HttpClient client, HttpRequest.Builder request)
      throws IOException, InterruptedException {
    HttpResponse<byte[]> response =
        client.send(
            request.timeout(Duration.ofSeconds(30)).build(),
            HttpResponse.BodyHandlers.ofByteArray());
    return new Answer(
        response.statusCode(),
        response.headers().firstValue("Content-Type").orElse(""),
        new String(response.body(), StandardCharsets.UTF_8),
        response);
  }

  static HttpRequest.Builder request(String path, String token) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(node.baseUrl() + path));
    return token == null ? b : b.header("Authorization", "Bearer " + token);
  }

  static long chain() throws IOException {
    Path blocks = node.dataDir().resolve("ledger").resolve("blocks.jsonl");
    return Files.exists(blocks) ? Files.size(blocks) : 0;
  }

  static void assertProblem(Answer answer, int status, String code) throws IOException {
    assertThat(answer.status()).as(answer.body()).isEqualTo(status);
    assertThat(answer.contentType()).startsWith("application/problem+json");
    assertThat(answer.code()).isEqualTo(code);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/api/v1/lcs",
        "/api/v1/documents",
        "/api/v1/subscriptions",
        "/api/v1/lcs/LC-X/advice",
        "/login"
      })
  void multipartWithoutABoundaryIsABadRequest(String path) throws Exception {
    long before = chain();
    for (String key : new String[] {null, "multipart-" + path}) {
      HttpRequest.Builder request =
          request(path, SH)
              .header("Content-Type", "multipart/form-data")
              .POST(HttpRequest.BodyPublishers.ofString("--x\r\nnot a part\r\n"));
      if (key != null) {
        request.header("Idempotency-Key", key);
      }
      Answer answer = send(request);
      assertThat(answer.status()).as(path + " " + answer.body()).isBetween(400, 499);
      if (!path.equals("/login")) {
        assertProblem(answer, 400, "VALIDATION_FAILED");
      }
    }
    assertThat(chain()).isEqualTo(before);
  }

  @ParameterizedTest
  @ValueSource(strings = {"size=0", "size=201", "page=-1", "page=2147483647", "page=x"})
  void pagingOutOfRangeIsABadRequest(String query) throws Exception {
    assertProblem(send(request("/api/v1/lcs?" + query, SH).GET()), 400, "VALIDATION_FAILED");
  }

  @Test
  void aChunkedBodyOverTheLimitIs413AndChangesNothing() throws Exception {
    byte[] big =
        ("{\"lcNumber\":\"LC-BIG-1\",\"goodsDescription\":\"" + "x".repeat(1_200_000) + "\"}")
            .getBytes(StandardCharsets.UTF_8);
    long before = chain();
    for (String key : new String[] {null, "chunked-1"}) {
      HttpRequest.Builder request =
          request("/api/v1/lcs", SH)
              .header("Content-Type", "application/json")
              // no Content-Length: the body is sent chunked
              .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)));
      if (key != null) {
        request.header("Idempotency-Key", key);
      }
      assertProblem(send(request), 413, "PAYLOAD_TOO_LARGE");
    }
    assertThat(chain()).isEqualTo(before);
    assertThat(node.get(SH, "/api/v1/lcs/LC-BIG-1").status()).isEqualTo(404);
  }
}
