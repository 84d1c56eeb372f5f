package io.lcledger.node.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lcledger.node.SandboxNode;
import io.lcledger.node.keys.KeyFiles;
import io.lcledger.node.keys.SignatureAlgorithm;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sandbox node set to sign its exports with SM2 ({@code lc.audit.signature=sm2}), over HTTP as an
 * auditor's browser uses it: the exports, the certificate, and the verification page.
 */
class AuditSignaturesTest {
  static final String LC = "LC-SM2-1";
  @TempDir static Path dir;
  static SandboxNode node;
  static HttpClient browser;

  @BeforeAll
  static void start() throws Exception {
    node =
        new SandboxNode(
            dir.resolve("node"),
            Instant.parse("2026-03-02T02:00:00Z"),
            "--lc.audit.signature=sm2",
            "--lc.max-document-size=1MB");
    SandboxNode.Reply issued =
        node.post(
            "sandbox-shanghai",
            "/api/v1/lcs",
            """
            {"lcNumber":"%s","advisingBranch":"yangzhou",
             "applicant":{"name":"上海申达贸易有限公司","uscc":"91310000132200821H"},
             "beneficiary":{"name":"扬州远洋钢材有限公司","uscc":"91321003MA1WCB7N6N"},
             "amount":"1000000.00","currency":"CNY","tolerancePercent":5,"expiryDate":"2026-06-30",
             "expiryPlace":"扬州","latestShipmentDate":"2026-06-15","presentationPeriodDays":15,
             "paymentTerms":{"type":"SIGHT"},"partialShipmentsAllowed":true,
             "goodsDescription":"Cold-rolled steel coils",
             "requiredDocuments":[{"type":"INVOICE","copies":3}]}"""
                .formatted(LC));
    assertThat(issued.status()).as(String.valueOf(issued.body())).isEqualTo(201);
    assertThat(node.post("sandbox-yangzhou", "/api/v1/lcs/" + LC + "/advice", null).status())
        .isEqualTo(200);
    browser = node.signedIn("auditor");
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  static HttpResponse<byte[]> get(String path) throws Exception {
    return browser.send(
        HttpRequest.newBuilder(URI.create(node.baseUrl() + path))
            .timeout(Duration.ofSeconds(30))
            .build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  static byte[] download(String path) throws Exception {
    HttpResponse<byte[]> response = get(path);
    assertThat(response.statusCode()).as(path).isEqualTo(200);
    return response.body();
  }

  /** Posts the verification form's parts (name to file content), with the page's CSRF token. */
  static HttpResponse<String> check(Map<String, byte[]> files, boolean withCsrf) throws Exception {
    String form = new String(download("/audit/verify"), StandardCharsets.UTF_8);
    Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(form);
    assertThat(csrf.find()).isTrue();
    String boundary = "----lc" + System.nanoTime();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    if (withCsrf) {
      body.writeBytes(
          ("--"
                  + boundary
                  + "\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n"
                  + csrf.group(1)
                  + "\r\n")
              .getBytes(StandardCharsets.UTF_8));
    }
    files.forEach(
        (name, content) -> {
          body.writeBytes(
              ("--"
                      + boundary
                      + "\r\nContent-Disposition: form-data; name=\""
                      + name
                      + "\"; filename=\""
                      + name
                      + ".bin\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                  .getBytes(StandardCharsets.UTF_8));
          body.writeBytes(content);
          body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        });
    body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return browser.send(
        HttpRequest.newBuilder(URI.create(node.baseUrl() + "/audit/verify?lang=en"))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static String outcome(HttpResponse<String> page) {
    assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
    Matcher outcome = Pattern.compile("data-outcome=\"([A-Z_]+)\"").matcher(page.body());
    return outcome.find() ? outcome.group(1) : null;
  }

  static Map<String, byte[]> parts(Object... nameThenContent) {
    Map<String, byte[]> parts = new LinkedHashMap<>();
    for (int i = 0; i < nameThenContent.length; i += 2) {
      parts.put((String) nameThenContent[i], (byte[]) nameThenContent[i + 1]);
    }
    return parts;
  }

  @Test
  void theExportsAreSignedSm3WithSm2ByTheCertificateTheNodePublishes() throws Exception {
    X509Certificate certificate =
        KeyFiles.readCertificate(new ByteArrayInputStream(download("/audit/node-certificate.pem")));
    assertThat(SignatureAlgorithm.of(certificate.getPublicKey())).hasValue(SignatureAlgorithm.SM2);
    assertThat(certificate.getSigAlgOID()).isEqualTo("1.2.156.10197.1.501");

    HttpResponse<byte[]> p7s = get("/audit/lcs/" + LC + "/trail.csv.p7s");
    assertThat(p7s.statusCode()).isEqualTo(200);
    assertThat(p7s.headers().firstValue("Content-Type")).hasValue("application/pkcs7-signature");

    byte[] pdf = download("/audit/lcs/" + LC + "/trail.pdf");
    HttpResponse<String> verified = check(parts("file", pdf), true);
    assertThat(outcome(verified)).isEqualTo("VERIFIED");
    assertThat(verified.body()).contains("SM3withSM2").contains("panel passed");

    // restarted, the node keeps its key: what it signed before still verifies
    node.restart();
    browser = node.signedIn("auditor");
    assertThat(
            KeyFiles.readCertificate(
                new ByteArrayInputStream(download("/audit/node-certificate.pem"))))
        .isEqualTo(certificate);
    assertThat(outcome(check(parts("file", pdf), true))).isEqualTo("VERIFIED");
  }

  @Test
  void theVerificationPageTellsAChangedPdfOrCsvFromAnIntactOne() throws Exception {
    byte[] pdf = download("/audit/lcs/" + LC + "/trail.pdf");
    byte[] changedPdf = pdf.clone();
    int at = new String(pdf, StandardCharsets.ISO_8859_1).indexOf(LC);
    changedPdf[at + 3] = 'X';
    HttpResponse<String> changed = check(parts("file", changedPdf), true);
    assertThat(outcome(changed)).isNotEqualTo("VERIFIED");
    assertThat(changed.body()).contains("panel failed").contains("Verification FAILED");

    byte[] csv = download("/audit/lcs/" + LC + "/trail.csv");
    byte[] p7s = download("/audit/lcs/" + LC + "/trail.csv.p7s");
    assertThat(outcome(check(parts("file", csv, "signature", p7s), true))).isEqualTo("VERIFIED");
    byte[] changedCsv =
        new String(csv, StandardCharsets.UTF_8)
            .replace("ADVISED", "ISSUED")
            .getBytes(StandardCharsets.UTF_8);
    HttpResponse<String> forged = check(parts("file", changedCsv, "signature", p7s), true);
    assertThat(outcome(forged)).isEqualTo("SIGNATURE_INVALID");
    assertThat(forged.body()).contains("changed after it was signed");
    assertThat(outcome(check(parts("file", csv), true))).isEqualTo("NOT_SIGNED");
  }

  @Test
  void garbageAnEmptyFormOrTooBigAnUploadIsNeverAServerError() throws Exception {
    byte[] garbage = "%PDF-1.7\n\u0000\u0001garbage".getBytes(StandardCharsets.ISO_8859_1);
    assertThat(outcome(check(parts("file", garbage), true))).isEqualTo("UNREADABLE");
    assertThat(outcome(check(parts("file", garbage, "signature", garbage), true)))
        .isEqualTo("UNREADABLE");
    HttpResponse<String> empty = check(parts("file", new byte[0]), true);
    assertThat(outcome(empty)).isNull();
    assertThat(empty.body()).contains("id=\"missing\"");

    assertThat(check(parts("file", garbage), false).statusCode()).isEqualTo(403);
    HttpResponse<String> tooBig = check(parts("file", new byte[2 * 1024 * 1024]), true);
    assertThat(tooBig.statusCode()).isEqualTo(413); // bounded by lc.max-document-size
    assertThat(tooBig.body()).contains("PAYLOAD_TOO_LARGE");
  }

  @Test
  void anyOtherSettingStopsTheStartWithAClearMessage() {
    assertThatThrownBy(
            () ->
                new SandboxNode(dir.resolve("rsa"), Instant.now(), "--lc.audit.signature=rsa")
                    .close())
        .rootCause()
        .hasMessageContaining("lc.audit.signature must be ecdsa or sm2, not 'rsa'");
  }
}
