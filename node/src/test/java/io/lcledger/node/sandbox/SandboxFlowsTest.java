package io.lcledger.node.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.lcledger.node.SandboxNode;
import io.lcledger.node.SandboxNode.Reply;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;

/** The LC flows of api.md over HTTP against a real sandbox node, including restarts. */
class SandboxFlowsTest {
  static final String SH = "sandbox-shanghai";
  static final String YZ = "sandbox-yangzhou";
  static final String FF = "sandbox-forfaiter";
  static final String AU = "sandbox-auditor";

  @TempDir Path dir;
  SandboxNode node;

  @BeforeEach
  void start() {
    node = new SandboxNode(dir.resolve("node"), Instant.parse("2026-03-02T02:00:00Z"));
  }

  @AfterEach
  void stop() {
    node.close();
  }

  static String terms(String lcNumber, String paymentTerms) {
    return """
        {"lcNumber":"%s","advisingBranch":"yangzhou",
         "applicant":{"name":"上海申达贸易有限公司","uscc":"91310000132200821H"},
         "beneficiary":{"name":"扬州远洋钢材有限公司","uscc":"91321003MA1WCB7N6N"},
         "amount":"1000000.00","currency":"CNY","tolerancePercent":5,"expiryDate":"2026-06-30",
         "expiryPlace":"扬州","latestShipmentDate":"2026-06-15","presentationPeriodDays":15,
         "paymentTerms":%s,"partialShipmentsAllowed":true,"goodsDescription":"Cold-rolled steel coils",
         "requiredDocuments":[{"type":"INVOICE","copies":3},{"type":"TRANSPORT_DOCUMENT","copies":1}]}"""
        .formatted(lcNumber, paymentTerms);
  }

  Reply ok(Reply reply, int status) {
    assertThat(reply.status()).as(String.valueOf(reply.body())).isEqualTo(status);
    return reply;
  }

  /** Issues and advises an LC, uploads an invoice and presents it; returns the document id. */
  String issueAdvisePresent(String lc, String paymentTerms, String amount) throws IOException {
    JsonNode issued = ok(node.post(SH, "/api/v1/lcs", terms(lc, paymentTerms)), 201).body();
    assertThat(issued.path("status").asText()).isEqualTo("ISSUED");
    assertThat(issued.path("availableAmount").asText()).isEqualTo("1050000.00");
    assertThat(
            ok(node.post(YZ, "/api/v1/lcs/" + lc + "/advice", null), 200)
                .body()
                .path("status")
                .asText())
        .isEqualTo("ADVISED");
    Path invoice = Files.writeString(dir.resolve(lc + "-invoice.pdf"), "%PDF-1.4 增值税发票 " + lc);
    JsonNode doc = ok(node.upload(YZ, invoice, "INVOICE"), 201).body();
    assertThat(doc.path("sha256").asText()).hasSize(64);
    assertThat(doc.path("sm3").asText()).hasSize(64);
    JsonNode presented =
        ok(
                node.post(
                    YZ,
                    "/api/v1/lcs/" + lc + "/presentations",
                    "{\"amount\":\""
                        + amount
                        + "\",\"shipmentDate\":\"2026-03-01\",\"documentIds\":[\""
                        + doc.path("documentId").asText()
                        + "\"]}"),
                201)
            .body();
    assertThat(presented.path("presentationNo").asInt()).isEqualTo(1);
    assertThat(presented.path("status").asText()).isEqualTo("PRESENTED");
    assertThat(presented.path("examinationDeadline").asText()).isEqualTo("2026-03-09");
    assertThat(presented.path("documents").get(0).path("sha256").asText())
        .isEqualTo(doc.path("sha256").asText());
    return doc.path("documentId").asText();
  }

  @Test
  void deferredLcForfaitedThenPaidToTheForfaiter() throws IOException {
    issueAdvisePresent("LC-DEF-1", "{\"type\":\"DEFERRED\",\"deferredDays\":90}", "500000.00");
    String p = "/api/v1/lcs/LC-DEF-1/presentations/1";
    ok(node.post(SH, p + "/examination", "{\"result\":\"COMPLIANT\"}"), 200);
    JsonNode accepted = ok(node.post(SH, p + "/acceptance", null), 200).body();
    assertThat(accepted.path("status").asText()).isEqualTo("ACCEPTED");
    // 2 March + 90 days is Sunday 31 May: paid on Monday (顺延)
    assertThat(accepted.path("maturityDate").asText()).isEqualTo("2026-06-01");
    JsonNode forfaited =
        ok(
                node.post(
                    FF,
                    p + "/forfaiting",
                    "{\"purchasePrice\":\"490000.00\",\"discountRatePercent\":\"3.2\"}"),
                201)
            .body();
    assertThat(forfaited.path("forfaiting").path("status").asText()).isEqualTo("FORFAITED");
    assertThat(forfaited.path("payee").path("id").asText()).isEqualTo("forfaiter");
    Reply again =
        node.post(
            YZ,
            p + "/forfaiting",
            "{\"purchasePrice\":\"490000.00\",\"discountRatePercent\":\"3.0\"}");
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.code()).isEqualTo("ALREADY_FORFAITED");
    JsonNode paid =
        ok(
                node.post(
                    SH,
                    p + "/payment",
                    "{\"amount\":\"500000.00\",\"paymentReference\":\"CNAPS-0001\"}"),
                200)
            .body();
    assertThat(paid.path("status").asText()).isEqualTo("PAID");
    assertThat(paid.path("payment").path("payee").path("kind").asText()).isEqualTo("FORFAITER");
  }

  @Test
  void sightLcDiscrepantWaivedFinancedPaidAndRepaid() throws IOException {
    issueAdvisePresent("LC-SIGHT-1", "{\"type\":\"SIGHT\"}", "300000.00");
    String p = "/api/v1/lcs/LC-SIGHT-1/presentations/1";
    assertThat(node.post(YZ, p + "/examination", "{\"result\":\"COMPLIANT\"}").code())
        .isEqualTo("NOT_AUTHORIZED");
    ok(
        node.post(
            SH,
            p + "/examination",
            "{\"result\":\"DISCREPANT\",\"discrepancies\":[\"invoice unsigned\"]}"),
        200);
    assertThat(
            ok(node.post(SH, p + "/waiver", "{\"applicantWaived\":true}"), 200)
                .body()
                .path("status")
                .asText())
        .isEqualTo("WAIVED");
    JsonNode financed =
        ok(
                node.post(
                    SH,
                    p + "/buyer-financing",
                    "{\"amount\":\"300000.00\",\"annualRatePercent\":\"4.35\",\"dueDate\":\"2026-06-01\"}"),
                201)
            .body();
    assertThat(financed.path("buyerFinancing").path("status").asText()).isEqualTo("GRANTED");
    ok(
        node.post(
            SH, p + "/payment", "{\"amount\":\"300000.00\",\"paymentReference\":\"CNAPS-0002\"}"),
        200);
    node.advance(Duration.ofDays(30));
    JsonNode repaid =
        ok(node.post(SH, p + "/buyer-financing/repayment", "{\"amount\":\"300000.00\"}"), 200)
            .body();
    assertThat(repaid.path("buyerFinancing").path("status").asText()).isEqualTo("REPAID");
    assertThat(repaid.path("buyerFinancing").path("interestPaid").asText()).isEqualTo("1087.50");
  }

  @Test
  void refusalListsEveryDiscrepancyWithinTheDeadline() throws IOException {
    issueAdvisePresent("LC-REF-1", "{\"type\":\"SIGHT\"}", "100000.00");
    String p = "/api/v1/lcs/LC-REF-1/presentations/1";
    node.at("2026-03-10T02:00:00Z");
    Reply late =
        node.post(
            SH,
            p + "/refusal",
            "{\"discrepancies\":[\"late\"],\"documentDisposition\":\"HOLDING\"}");
    assertThat(late.status()).isEqualTo(422);
    assertThat(late.code()).isEqualTo("DEADLINE_PASSED");
    node.at("2026-03-09T02:00:00Z");
    JsonNode refused =
        ok(
                node.post(
                    SH,
                    p + "/refusal",
                    "{\"discrepancies\":[\"late shipment\",\"no B/L\"],\"documentDisposition\":\"HOLDING\"}"),
                200)
            .body();
    assertThat(refused.path("status").asText()).isEqualTo("REFUSED");
    assertThat(node.get(YZ, "/api/v1/lcs/LC-REF-1").body().path("availableAmount").asText())
        .isEqualTo("1050000.00");
  }

  @Test
  void amendmentsAcceptedAndRejected() {
    ok(node.post(SH, "/api/v1/lcs", terms("LC-AM-1", "{\"type\":\"SIGHT\"}")), 201);
    ok(node.post(YZ, "/api/v1/lcs/LC-AM-1/advice", null), 200);
    JsonNode first =
        ok(
                node.post(
                    SH,
                    "/api/v1/lcs/LC-AM-1/amendments",
                    "{\"changes\":{\"amount\":\"1200000.00\"}}"),
                201)
            .body();
    assertThat(first.path("amendmentNo").asInt()).isEqualTo(1);
    assertThat(first.path("status").asText()).isEqualTo("PROPOSED");
    ok(
        node.post(
            SH, "/api/v1/lcs/LC-AM-1/amendments", "{\"changes\":{\"expiryDate\":\"2026-09-30\"}}"),
        201);
    assertThat(
            ok(
                    node.post(
                        YZ, "/api/v1/lcs/LC-AM-1/amendments/1/response", "{\"accepted\":true}"),
                    200)
                .body()
                .path("status")
                .asText())
        .isEqualTo("ACCEPTED");
    assertThat(
            ok(
                    node.post(
                        YZ, "/api/v1/lcs/LC-AM-1/amendments/2/response", "{\"accepted\":false}"),
                    200)
                .body()
                .path("status")
                .asText())
        .isEqualTo("REJECTED");
    JsonNode lc = node.get(SH, "/api/v1/lcs/LC-AM-1").body();
    assertThat(lc.path("amount").asText()).isEqualTo("1200000.00");
    assertThat(lc.path("expiryDate").asText()).isEqualTo("2026-06-30");
  }

  @Test
  void cancellationWithTheBeneficiarysConsent() {
    ok(node.post(SH, "/api/v1/lcs", terms("LC-CX-1", "{\"type\":\"SIGHT\"}")), 201);
    ok(node.post(YZ, "/api/v1/lcs/LC-CX-1/advice", null), 200);
    ok(
        node.post(
            SH, "/api/v1/lcs/LC-CX-1/cancellation", "{\"reason\":\"sales contract terminated\"}"),
        202);
    JsonNode cancelled =
        ok(node.post(YZ, "/api/v1/lcs/LC-CX-1/cancellation/response", "{\"accepted\":true}"), 200)
            .body();
    assertThat(cancelled.path("status").asText()).isEqualTo("CANCELLED");
    assertThat(cancelled.path("availableAmount").asText()).isEqualTo("0.00");
  }

  @Test
  void stateHistoryAndDocumentsSurviveARestart() throws IOException {
    issueAdvisePresent("LC-RST-1", "{\"type\":\"SIGHT\"}", "100000.00");
    node.restart();
    String p = "/api/v1/lcs/LC-RST-1/presentations/1";
    ok(node.post(SH, p + "/examination", "{\"result\":\"COMPLIANT\"}"), 200);
    ok(
        node.post(
            SH, p + "/payment", "{\"amount\":\"100000.00\",\"paymentReference\":\"CNAPS-3\"}"),
        200);
    node.restart();
    JsonNode history = ok(node.get(AU, "/api/v1/lcs/LC-RST-1/history"), 200).body();
    List<String> actions = new ArrayList<>();
    history.forEach(e -> actions.add(e.path("action").asText()));
    assertThat(actions)
        .containsExactly("ISSUE", "ADVISE", "PRESENT", "EXAMINE_COMPLIANT", "PAY_AT_SIGHT");
    assertThat(history.get(0).path("blockNumber").asLong()).isPositive();
    JsonNode verification =
        ok(node.get(AU, "/api/v1/lcs/LC-RST-1/history/verification"), 200).body();
    assertThat(verification.path("verified").asBoolean()).as(verification.toString()).isTrue();
  }

  @Test
  void aTamperedDocumentIsNeverServedAsValid() throws IOException {
    String documentId = issueAdvisePresent("LC-DOC-1", "{\"type\":\"SIGHT\"}", "100000.00");
    byte[] original = node.getBytes(SH, "/api/v1/documents/" + documentId);
    assertThat(new String(original, StandardCharsets.UTF_8)).contains("LC-DOC-1");
    // a non-party hears exactly what it would of a document that does not exist
    Reply nonParty = node.get(FF, "/api/v1/documents/" + documentId);
    String unknownId = "00000000-0000-4000-8000-000000000000";
    Reply unknown = node.get(FF, "/api/v1/documents/" + unknownId);
    assertThat(nonParty.status()).isEqualTo(unknown.status()).isEqualTo(404);
    assertThat(nonParty.body().toString())
        .isEqualTo(unknown.body().toString().replace(unknownId, documentId))
        .doesNotContain("LC-DOC-1");

    Files.writeString(
        node.dataDir().resolve("documents").resolve(documentId).resolve("content"),
        "%PDF-1.4 forged");
    Reply tampered = node.get(SH, "/api/v1/documents/" + documentId);
    assertThat(tampered.status()).isEqualTo(422);
    assertThat(tampered.code()).isEqualTo("DIGEST_MISMATCH");
    JsonNode verification = node.get(AU, "/api/v1/lcs/LC-DOC-1/history/verification").body();
    assertThat(verification.path("verified").asBoolean()).isFalse();
  }

  @Test
  void anAlteredChainIsDetectedAndRefusedAtStart() throws IOException {
    ok(node.post(SH, "/api/v1/lcs", terms("LC-CHAIN-1", "{\"type\":\"SIGHT\"}")), 201);
    Path chain = node.dataDir().resolve("ledger").resolve("blocks.jsonl");
    String original = Files.readString(chain);
    // the block keeps keys in clear and values (the terms in their collection) as base64
    Files.writeString(chain, original.replace("LC-CHAIN-1", "LC-CHAIN-9"));
    JsonNode verification = node.get(AU, "/api/v1/lcs/LC-CHAIN-1/history/verification").body();
    assertThat(verification.path("verified").asBoolean()).isFalse();
    assertThat(verification.path("checks").get(0).path("passed").asBoolean()).isFalse();
    node.close();
    assertThatThrownBy(() -> new SandboxNode(node.dataDir(), Instant.parse("2026-03-03T02:00:00Z")))
        .hasStackTraceContaining("is corrupt");
    Files.writeString(chain, original);
    node = new SandboxNode(node.dataDir(), Instant.parse("2026-03-03T02:00:00Z"));
    assertThat(node.get(SH, "/api/v1/lcs/LC-CHAIN-1").status()).isEqualTo(200);
  }

  @Test
  void everyErrorIsProblemJsonWithACode() {
    Reply unauthenticated = node.get("wrong", "/api/v1/lcs");
    assertThat(unauthenticated.status()).isEqualTo(401);
    assertThat(unauthenticated.code()).isEqualTo("UNAUTHENTICATED");
    assertThat(
            unauthenticated
                .headers()
                .getContentType()
                .isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .isTrue();
    Reply invalid = node.post(SH, "/api/v1/lcs", "{\"lcNumber\":\"X\"}");
    assertThat(invalid.status()).isEqualTo(400);
    assertThat(invalid.code()).isEqualTo("VALIDATION_FAILED");
    assertThat(invalid.body().path("errors").findValuesAsText("field"))
        .contains("amount", "advisingBranch");
    Reply malformed = node.post(SH, "/api/v1/lcs", "{not json");
    assertThat(malformed.code()).isEqualTo("VALIDATION_FAILED");
    assertThat(node.get(SH, "/api/v1/lcs/NOPE").code()).isEqualTo("LC_NOT_FOUND");
    ok(node.post(SH, "/api/v1/lcs", terms("LC-ERR-1", "{\"type\":\"SIGHT\"}")), 201);
    Reply duplicate = node.post(SH, "/api/v1/lcs", terms("LC-ERR-1", "{\"type\":\"SIGHT\"}"));
    assertThat(duplicate.status()).isEqualTo(409);
    assertThat(duplicate.code()).isEqualTo("DUPLICATE_LC_NUMBER");
    Reply auditorWrites = node.post(AU, "/api/v1/lcs/LC-ERR-1/advice", null);
    assertThat(auditorWrites.status()).isEqualTo(403);
    Reply wrongBranch = node.post(SH, "/api/v1/lcs/LC-ERR-1/advice", null);
    assertThat(wrongBranch.status()).isEqualTo(403);
    assertThat(wrongBranch.code()).isEqualTo("NOT_AUTHORIZED");
    Reply huge =
        node.post(SH, "/api/v1/lcs", "{\"goodsDescription\":\"" + "x".repeat(1_100_000) + "\"}");
    assertThat(huge.status()).isEqualTo(413);
    assertThat(huge.code()).isEqualTo("PAYLOAD_TOO_LARGE");
    Reply early = node.post(YZ, "/api/v1/lcs/LC-ERR-1/expiry", null);
    assertThat(early.status()).isEqualTo(422);
    assertThat(early.code()).isEqualTo("NOT_YET_EXPIRED");
  }

  @Test
  void listsArePagedAndOnlyTheCallersOwn() {
    for (int i = 1; i <= 3; i++) {
      ok(node.post(SH, "/api/v1/lcs", terms("LC-LIST-" + i, "{\"type\":\"SIGHT\"}")), 201);
    }
    ok(node.post(YZ, "/api/v1/lcs/LC-LIST-2/advice", null), 200);
    JsonNode page = node.get(SH, "/api/v1/lcs?page=0&size=2").body();
    assertThat(page.path("total").asLong()).isEqualTo(3);
    assertThat(page.path("items")).hasSize(2);
    assertThat(
            node.get(SH, "/api/v1/lcs?status=ADVISED")
                .body()
                .path("items")
                .get(0)
                .path("lcNumber")
                .asText())
        .isEqualTo("LC-LIST-2");
    assertThat(node.get(FF, "/api/v1/lcs").body().path("total").asLong()).isZero();
    assertThat(node.get(AU, "/api/v1/lcs").body().path("total").asLong()).isEqualTo(3);
    assertThat(node.get(SH, "/api/v1/lcs?status=OPEN").status()).isEqualTo(400);
  }
}
