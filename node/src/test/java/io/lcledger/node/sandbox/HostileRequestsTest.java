package io.lcledger.node.sandbox;

import static io.lcledger.node.sandbox.SandboxFlowsTest.AU;
import static io.lcledger.node.sandbox.SandboxFlowsTest.FF;
import static io.lcledger.node.sandbox.SandboxFlowsTest.SH;
import static io.lcledger.node.sandbox.SandboxFlowsTest.YZ;
import static io.lcledger.node.sandbox.SandboxFlowsTest.terms;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lcledger.node.SandboxNode;
import io.lcledger.node.documents.DocumentStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
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
    node =
        new SandboxNode(
            dir.resolve("node"),
            Instant.parse("2026-03-02T02:00:00Z"),
            "--lc.max-document-size=1MB", // small enough to exceed cheaply
            // as a bank's node (Fabric, EVM) refuses them; the sandbox's own default allows them
            "--lc.webhooks.allow-loopback=false");
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
    Answer answer = send(request("/api/v1/lcs?" + query, SH).GET());
    assertProblem(answer, 400, "VALIDATION_FAILED");
    // the parameter is named as the query names it
    assertThat(answer.json().path("errors").path(0).path("field").asText())
        .isIn(query.substring(0, query.indexOf('=')), "body");
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

  @Test
  void anIdempotencyKeyLongerThanPublishedIsRefused() throws Exception {
    long before = chain();
    assertProblem(
        send(
            request("/api/v1/lcs", SH)
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", "k".repeat(257))
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        terms("LC-KEY-1", "{\"type\":\"SIGHT\"}")))),
        400,
        "VALIDATION_FAILED");
    assertThat(chain()).isEqualTo(before);
  }

  static byte[] multipart(String fileName, String partType, byte[] content) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    String head =
        "--B0undary\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
            + fileName
            + "\"\r\n"
            + (partType == null ? "" : "Content-Type: " + partType + "\r\n")
            + "\r\n";
    body.writeBytes(head.getBytes(StandardCharsets.UTF_8));
    body.writeBytes(content);
    body.writeBytes(
        ("\r\n--B0undary\r\nContent-Disposition: form-data; name=\"type\"\r\n\r\nINVOICE\r\n"
                + "--B0undary--\r\n")
            .getBytes(StandardCharsets.UTF_8));
    return body.toByteArray();
  }

  static Answer upload(String fileName, String partType, byte[] content) throws Exception {
    return send(
        request("/api/v1/documents", YZ)
            .header("Content-Type", "multipart/form-data; boundary=B0undary")
            .POST(HttpRequest.BodyPublishers.ofByteArray(multipart(fileName, partType, content))));
  }

  static final byte[] PDF =
      "%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n".getBytes(StandardCharsets.UTF_8);

  @Test
  void aChunkedUploadOverTheDocumentLimitIs413() throws Exception {
    byte[] big = new byte[1_500_000];
    System.arraycopy(PDF, 0, big, 0, PDF.length);
    byte[] body = multipart("big.pdf", "application/pdf", big);
    for (String key : new String[] {null, "chunked-upload-1"}) {
      HttpRequest.Builder request =
          request("/api/v1/documents", YZ)
              .header("Content-Type", "multipart/form-data; boundary=B0undary")
              .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));
      if (key != null) {
        request.header("Idempotency-Key", key);
      }
      assertProblem(send(request), 413, "PAYLOAD_TOO_LARGE");
    }
  }

  @Test
  void aFileNameWithNulIsRefused() throws Exception {
    assertProblem(upload("invoice\0.pdf", "application/pdf", PDF), 400, "VALIDATION_FAILED");
  }

  @Test
  void aPartTypeThatIsNoMediaTypeIsIgnoredAndTheFileServedAsWhatItIs() throws Exception {
    Answer uploaded = upload("invoice.pdf", "not a media type", PDF);
    assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(201);
    assertThat(uploaded.json().path("mediaType").asText()).isEqualTo("application/pdf");
    Answer download =
        send(request("/api/v1/documents/" + uploaded.json().path("documentId").asText(), YZ).GET());
    assertThat(download.status()).isEqualTo(200);
    assertThat(download.contentType()).isEqualTo("application/pdf");
  }

  @Test
  void onlyTradeDocumentsAreAcceptedJudgedByTheirContent() throws Exception {
    byte[] html =
        "<html><script>alert(document.cookie)</script></html>".getBytes(StandardCharsets.UTF_8);
    assertProblem(upload("invoice.html", "text/html", html), 415, "UNSUPPORTED_MEDIA_TYPE");
    assertProblem(upload("invoice.pdf", "application/pdf", html), 415, "UNSUPPORTED_MEDIA_TYPE");
    byte[] svg =
        "<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"><script>x()</script></svg>"
            .getBytes(StandardCharsets.UTF_8);
    assertProblem(upload("invoice.xml", "application/xml", svg), 415, "UNSUPPORTED_MEDIA_TYPE");

    // a PDF declared as HTML is kept as the PDF it is, and served only as a download
    Answer pdf = upload("invoice.pdf", "text/html", PDF);
    assertThat(pdf.status()).as(pdf.body()).isEqualTo(201);
    assertThat(pdf.json().path("mediaType").asText()).isEqualTo("application/pdf");
    Answer download =
        send(request("/api/v1/documents/" + pdf.json().path("documentId").asText(), YZ).GET());
    assertThat(download.status()).isEqualTo(200);
    assertThat(download.header("Content-Disposition")).startsWith("attachment");
    assertThat(download.header("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(download.header("Content-Security-Policy")).contains("sandbox");

    byte[] png = {
      (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'
    };
    assertThat(upload("scan.png", "image/png", png).json().path("mediaType").asText())
        .isEqualTo("image/png");
    byte[] xml =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Invoice><No>1</No></Invoice>"
            .getBytes(StandardCharsets.UTF_8);
    assertThat(upload("invoice.xml", null, xml).json().path("mediaType").asText())
        .isEqualTo("application/xml");
    ByteArrayOutputStream ofd = new ByteArrayOutputStream();
    try (var zip = new java.util.zip.ZipOutputStream(ofd)) {
      zip.putNextEntry(new java.util.zip.ZipEntry("OFD.xml"));
      zip.write(xml);
      zip.closeEntry();
    }
    assertThat(upload("invoice.ofd", null, ofd.toByteArray()).json().path("mediaType").asText())
        .isEqualTo("application/ofd");
  }

  @Test
  void documentsNeverPresentedExpire() throws Exception {
    Answer kept = upload("kept.pdf", "application/pdf", PDF);
    String id = kept.json().path("documentId").asText();
    DocumentStore store = node.context().getBean(DocumentStore.class);
    store.sweepUnlinked();
    assertThat(send(request("/api/v1/documents/" + id, YZ).GET()).status()).isEqualTo(200);
    node.advance(Duration.ofHours(25));
    try {
      assertThat(store.sweepUnlinked()).isPositive();
    } finally {
      node.advance(Duration.ofHours(-25));
    }
    assertProblem(send(request("/api/v1/documents/" + id, YZ).GET()), 404, "DOCUMENT_NOT_FOUND");
    assertThat(node.dataDir().resolve("documents").resolve(id)).doesNotExist();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://0\\u0081",
        "ftp://example.com/hook",
        "http:///hook",
        "http://user:pass@example.com/hook",
        "javascript:alert(1)"
      })
  void aWebhookUrlMustBeAPlainHttpUrl(String url) throws Exception {
    Answer answer = subscribe(url);
    assertThat(answer.status()).as(answer.body()).isEqualTo(400);
    assertThat(answer.code()).isIn("INVALID_WEBHOOK_URL", "VALIDATION_FAILED");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://127.0.0.1:8080/actuator",
        "http://localhost/hook",
        "http://[::1]/hook",
        "http://[::ffff:127.0.0.1]/hook",
        "http://0.0.0.0/hook",
        "http://169.254.169.254/latest/meta-data",
        "http://100.100.100.200/latest/meta-data",
        "http://[fe80::1]/hook",
        "http://224.0.0.1/hook"
      })
  void aWebhookMayNotLeadToTheNodesOwnOrMetadataAddresses(String url) throws Exception {
    assertProblem(subscribe(url), 400, "WEBHOOK_TARGET_FORBIDDEN");
  }

  static Answer subscribe(String url) throws Exception {
    return send(
        request("/api/v1/subscriptions", YZ)
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"url\":\"" + url + "\",\"secret\":\"0123456789abcdef\"}")));
  }

  @Test
  void everyResponseCarriesAStrictContentSecurityPolicy() throws Exception {
    for (String path : new String[] {"/", "/login", "/swagger-ui/index.html", "/api/v1/lcs"}) {
      Answer answer = send(request(path, path.startsWith("/api") ? SH : null).GET());
      assertThat(answer.header("Content-Security-Policy"))
          .as(path)
          .contains("script-src 'self'")
          .doesNotContain("unsafe-inline");
      assertThat(answer.header("X-Content-Type-Options")).isEqualTo("nosniff");
    }
    String login = send(request("/login", null).GET()).body();
    assertThat(login).doesNotContain("<style").doesNotContain("style=").contains("/css/app.css");
    assertThat(send(request("/css/app.css", null).GET()).status()).isEqualTo(200);
    assertThat(send(request("/js/portal-lc.js", null).GET()).status()).isEqualTo(200);
  }

  @Test
  void healthDetailsOnlyForAuthenticatedCallers() throws Exception {
    JsonNode anonymous = send(request("/actuator/health", null).GET()).json();
    assertThat(anonymous.path("status").asText()).isEqualTo("UP");
    assertThat(anonymous.has("components")).isFalse();
    assertThat(anonymous.toString()).doesNotContain("sandbox");
    JsonNode operator = send(request("/actuator/health", AU).GET()).json();
    assertThat(operator.path("components").path("ledger").path("details").path("mode").asText())
        .isEqualTo("sandbox");
  }

  @Test
  void aPageNotForTheRoleIsAnHtml403Page() throws Exception {
    assertForbiddenPage("applicant", "/audit");
    assertForbiddenPage("auditor", "/portal");
  }

  @Test
  void anAuditSearchForAnyNumberIsARedirectNotAServerError() throws Exception {
    HttpClient browser = node.signedIn("auditor");
    Answer search = send(browser, request("/audit?lc=%7Bx%7D%2F..%0D", null).GET());
    assertThat(search.status()).isEqualTo(302);
    assertThat(search.header("Location")).endsWith("/audit/lcs/%7Bx%7D%2F..");
  }

  private static void assertForbiddenPage(String user, String path) throws Exception {
    HttpClient browser = node.signedIn(user);
    Answer page = send(browser, request(path, null).GET());
    assertThat(page.status()).isEqualTo(403);
    assertThat(page.contentType()).startsWith("text/html");
    assertThat(page.body()).contains("id=\"forbidden\"");
  }

  @Test
  void theApiDocumentMatchesTheWire() throws Exception {
    JsonNode api = send(request("/v3/api-docs", null).GET()).json();
    Files.writeString(Path.of("target", "api-docs.json"), api.toPrettyString());
    JsonNode schemas = api.path("components").path("schemas");
    assertThat(schemas.path("Money").path("type").asText()).isEqualTo("string");
    assertThat(api.toString()).doesNotContain("\"positive\"");
    JsonNode issue = api.path("paths").path("/api/v1/lcs").path("post").path("responses");
    assertThat(issue.has("201")).isTrue();
    assertThat(issue.has("200")).isFalse();
    assertThat(issue.has("404")).isTrue();
    assertThat(issue.path("400").path("content").has("application/problem+json")).isTrue();
    assertThat(
            api.path("paths")
                .path("/api/v1/lcs/{lc}/cancellation")
                .path("post")
                .path("responses")
                .has("202"))
        .isTrue();
    JsonNode upload = api.path("paths").path("/api/v1/documents").path("post");
    assertThat(upload.path("parameters").findValuesAsText("name")).doesNotContain("type", "file");
    assertThat(upload.toString()).contains("multipart/form-data");
    assertThat(upload.path("responses").has("201")).isTrue();
    api.path("paths").fieldNames().forEachRemaining(path -> assertThat(path).startsWith("/api/"));
    assertThat(
            schemas
                .path("LcView")
                .path("properties")
                .path("additionalConditions")
                .path("nullable")
                .asBoolean())
        .isTrue();
  }

  @Test
  void aNonPartyCannotLearnOfADocumentsLc() throws Exception {
    assertThat(node.post(SH, "/api/v1/lcs", terms("LC-HOST-1", "{\"type\":\"SIGHT\"}")).status())
        .isEqualTo(201);
    assertThat(node.post(YZ, "/api/v1/lcs/LC-HOST-1/advice", null).status()).isEqualTo(200);
    String id = upload("invoice.pdf", "application/pdf", PDF).json().path("documentId").asText();
    assertThat(
            node.post(
                    YZ,
                    "/api/v1/lcs/LC-HOST-1/presentations",
                    "{\"amount\":\"100.00\",\"shipmentDate\":\"2026-03-01\",\"documentIds\":[\""
                        + id
                        + "\"]}")
                .status())
        .isEqualTo(201);
    Answer nonParty = send(request("/api/v1/documents/" + id, FF).GET());
    assertThat(nonParty.body()).doesNotContain("LC-HOST-1");
    assertProblem(nonParty, 404, "DOCUMENT_NOT_FOUND");
    Answer again =
        send(
            request("/api/v1/lcs/LC-HOST-1/presentations", YZ)
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"amount\":\"100.00\",\"shipmentDate\":\"2026-03-01\",\"documentIds\":[\""
                            + id
                            + "\"]}")));
    assertThat(again.json().path("detail").asText()).doesNotContain("LC-HOST-1");
  }
}
