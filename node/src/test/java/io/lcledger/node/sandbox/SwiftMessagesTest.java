package io.lcledger.node.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.prowidesoftware.swift.model.mt.AbstractMT;
import io.lcledger.node.SandboxNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SWIFT MT7xx in and out over HTTP on a real sandbox node: an LC issued from an MT700 is the LC the
 * JSON request issues; each step of a lifecycle reads as its MT message, which Prowide parses back;
 * what cannot be told in MT is refused naming the fields, and changes nothing.
 */
class SwiftMessagesTest {
  @TempDir static Path dir;
  static SandboxNode node;
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    node = new SandboxNode(dir.resolve("node"), Instant.parse("2026-03-02T02:00:00Z"));
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  static String terms(String lc) {
    return """
        {"lcNumber":"%s","advisingBranch":"yangzhou",
         "applicant":{"name":"SHANGHAI SHENDA TRADING CO LTD","uscc":"91310000132200821H"},
         "beneficiary":{"name":"YANGZHOU OCEAN STEEL CO LTD","uscc":"91321003MA1WCB7N6N"},
         "amount":"1000000.00","currency":"CNY","tolerancePercent":5,"expiryDate":"2026-06-30",
         "expiryPlace":"YANGZHOU","latestShipmentDate":"2026-06-15","presentationPeriodDays":15,
         "paymentTerms":{"type":"SIGHT"},"partialShipmentsAllowed":true,
         "goodsDescription":"COLD-ROLLED STEEL COILS, 200 T",
         "requiredDocuments":[{"type":"INVOICE","copies":3},{"type":"TRANSPORT_DOCUMENT","copies":1}],
         "additionalConditions":"DOCUMENTS IN CHINESE OR ENGLISH"}"""
        .formatted(lc);
  }

  record Answer(int status, String body) {
    JsonNode json() throws Exception {
      return JSON.readTree(body);
    }
  }

  static Answer send(String token, String method, String path, String contentType, String body)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(node.baseUrl() + path))
            .header("Authorization", "Bearer " + token);
    if (body != null) {
      b.header("Content-Type", contentType)
          .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    } else {
      b.GET();
    }
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(r.statusCode(), r.body());
  }

  static Answer mt(String token, String path) throws Exception {
    return send(token, "GET", path, null, null);
  }

  /** The LC view without what differs between two LCs of the same terms. */
  static JsonNode comparable(JsonNode view) {
    ObjectNode copy = view.deepCopy();
    copy.remove(List.of("lcNumber", "txId"));
    return copy;
  }

  @Test
  void anMt700IssuesExactlyWhatTheJsonRequestIssues() throws Exception {
    Answer json =
        send("sandbox-shanghai", "POST", "/api/v1/lcs", "application/json", terms("MT-J"));
    assertThat(json.status()).as(json.body()).isEqualTo(201);
    Answer fin = mt("sandbox-shanghai", "/api/v1/lcs/MT-J/mt/MT700");
    assertThat(fin.status()).as(fin.body()).isEqualTo(200);
    assertThat(fin.body()).contains(":20:MT-J", ":32B:CNY1000000,", ":31D:260630YANGZHOU");

    Answer issued =
        send(
            "sandbox-shanghai",
            "POST",
            "/api/v1/lcs",
            "application/x-swift-mt",
            fin.body().replace(":20:MT-J", ":20:MT-M"));
    assertThat(issued.status()).as(issued.body()).isEqualTo(201);
    JsonNode byJson = send("sandbox-shanghai", "GET", "/api/v1/lcs/MT-J", null, null).json();
    JsonNode byMt = send("sandbox-shanghai", "GET", "/api/v1/lcs/MT-M", null, null).json();
    assertThat(comparable(byMt)).isEqualTo(comparable(byJson));
    assertThat(byMt.path("lcNumber").asText()).isEqualTo("MT-M");
  }

  @Test
  void eachStepReadsAsItsMtMessageThroughItsHistoryEntry() throws Exception {
    String lc = "MT-FLOW";
    assertThat(
            send("sandbox-shanghai", "POST", "/api/v1/lcs", "application/json", terms(lc)).status())
        .isEqualTo(201);
    String base = "/api/v1/lcs/" + lc;
    step("sandbox-yangzhou", base + "/advice", "{}");
    step("sandbox-shanghai", base + "/amendments", "{\"changes\":{\"amount\":\"1200000.00\"}}");
    step("sandbox-yangzhou", base + "/amendments/1/response", "{\"accepted\":true}");
    Path invoice = Files.writeString(dir.resolve("invoice.pdf"), "%PDF-1.4 invoice");
    String doc =
        node.upload("sandbox-yangzhou", invoice, "INVOICE").body().path("documentId").asText();
    step(
        "sandbox-yangzhou",
        base + "/presentations",
        "{\"amount\":\"400000.00\",\"shipmentDate\":\"2026-03-01\",\"documentIds\":[\""
            + doc
            + "\"]}");
    step(
        "sandbox-shanghai",
        base + "/presentations/1/examination",
        "{\"result\":\"DISCREPANT\",\"discrepancies\":[\"INVOICE AMOUNT DIFFERS FROM THE DRAWING\"]}");
    step("sandbox-shanghai", base + "/presentations/1/waiver", "{\"applicantWaived\":true}");
    step(
        "sandbox-shanghai",
        base + "/presentations/1/payment",
        "{\"amount\":\"400000.00\",\"paymentReference\":\"PAY-1\"}");

    JsonNode history = send("sandbox-shanghai", "GET", base + "/history", null, null).json();
    List<String> types = new ArrayList<>();
    for (JsonNode entry : history) {
      String link = entry.path("mt").asText(null);
      if (link == null || entry.path("mt").isNull()) {
        continue;
      }
      Answer message = mt("sandbox-yangzhou", link);
      assertThat(message.status()).as(link + " " + message.body()).isEqualTo(200);
      AbstractMT parsed = AbstractMT.parse(message.body());
      types.add("MT" + parsed.getSwiftMessage().getType());
      assertThat(link).contains("/mt/MT" + parsed.getSwiftMessage().getType());
    }
    assertThat(types)
        .containsExactly("MT700", "MT730", "MT707", "MT730", "MT799", "MT750", "MT752", "MT756");
    String amendment = mt("sandbox-yangzhou", base + "/mt/MT707?amendment=1").body();
    assertThat(amendment).contains(":26E:1", ":32B:CNY200000,", ":23:" + lc);
    String discrepancies = mt("sandbox-yangzhou", base + "/mt/MT750").body();
    assertThat(discrepancies).contains(":77J:+INVOICE AMOUNT DIFFERS FROM THE DRAWING");
  }

  @Test
  void refusalNegotiationDeferredAcceptanceAndForfaitingReadAsTheirMessagesToo() throws Exception {
    String neg = "MT-NEG";
    send(
        "sandbox-shanghai",
        "POST",
        "/api/v1/lcs",
        "application/json",
        terms(neg)
            .replace(
                "{\"type\":\"SIGHT\"}",
                "{\"type\":\"NEGOTIATION\",\"nominatedBranch\":\"forfaiter\"}"));
    step("sandbox-yangzhou", "/api/v1/lcs/" + neg + "/advice", "{}");
    presentBy("sandbox-forfaiter", neg, "300000.00");
    step(
        "sandbox-forfaiter",
        "/api/v1/lcs/" + neg + "/presentations/1/negotiation",
        "{\"amount\":\"290000.00\"}");
    step(
        "sandbox-shanghai",
        "/api/v1/lcs/" + neg + "/presentations/1/refusal",
        "{\"discrepancies\":[\"LATE SHIPMENT\"],\"documentDisposition\":\"HOLDING\"}");
    assertThat(messages(neg)).containsExactly("MT700", "MT730", "MT799", "MT754", "MT734");
    assertThat(mt("sandbox-forfaiter", "/api/v1/lcs/" + neg + "/mt/MT734").body())
        .contains(":77J:+LATE SHIPMENT", ":77B:/HOLD/", ":32A:260302CNY300000,");
    assertThat(mt("sandbox-forfaiter", "/api/v1/lcs/" + neg + "/mt/MT754").body())
        .contains(":32A:260302CNY290000,");

    String def = "MT-DEF";
    send(
        "sandbox-shanghai",
        "POST",
        "/api/v1/lcs",
        "application/json",
        terms(def).replace("{\"type\":\"SIGHT\"}", "{\"type\":\"DEFERRED\",\"deferredDays\":90}"));
    step("sandbox-yangzhou", "/api/v1/lcs/" + def + "/advice", "{}");
    presentBy("sandbox-yangzhou", def, "500000.00");
    step(
        "sandbox-shanghai",
        "/api/v1/lcs/" + def + "/presentations/1/examination",
        "{\"result\":\"COMPLIANT\"}");
    step("sandbox-shanghai", "/api/v1/lcs/" + def + "/presentations/1/acceptance", "{}");
    step(
        "sandbox-forfaiter",
        "/api/v1/lcs/" + def + "/presentations/1/forfaiting",
        "{\"purchasePrice\":\"490000.00\",\"discountRatePercent\":\"3.5\"}");
    assertThat(messages(def)).containsExactly("MT700", "MT730", "MT799", "MT799", "MT799", "MT799");
    assertThat(mt("sandbox-yangzhou", "/api/v1/lcs/" + def + "/mt/MT700").body())
        .contains(":42P:90 DAYS AFTER RECEIPT OF DOCUMENTS", ":41A:BOSHCNSHXXX\r\nBY DEF PAYMENT");
    assertThat(mt("sandbox-shanghai", "/api/v1/lcs/" + def + "/mt/MT799").body())
        .contains("PURCHASED WITHOUT RECOURSE, PAY AT MATURITY TO FORFAITER");
  }

  static void presentBy(String token, String lc, String amount) throws Exception {
    Path file = Files.writeString(dir.resolve(lc + ".pdf"), "%PDF-1.4 " + lc);
    String doc = node.upload(token, file, "INVOICE").body().path("documentId").asText();
    step(
        token,
        "/api/v1/lcs/" + lc + "/presentations",
        "{\"amount\":\""
            + amount
            + "\",\"shipmentDate\":\"2026-03-01\",\"documentIds\":[\""
            + doc
            + "\"]}");
  }

  /** The types of the messages an LC's history links to, each parsed back by Prowide. */
  static List<String> messages(String lc) throws Exception {
    List<String> types = new ArrayList<>();
    for (JsonNode entry :
        send("sandbox-shanghai", "GET", "/api/v1/lcs/" + lc + "/history", null, null).json()) {
      if (!entry.path("mt").isTextual()) {
        continue;
      }
      Answer message = mt("sandbox-shanghai", entry.path("mt").asText());
      assertThat(message.status()).as(entry + " " + message.body()).isEqualTo(200);
      types.add("MT" + AbstractMT.parse(message.body()).getSwiftMessage().getType());
    }
    return types;
  }

  static void step(String token, String path, String body) throws Exception {
    Answer a = send(token, "POST", path, "application/json", body);
    assertThat(a.status()).as(path + " " + a.body()).isBetween(200, 202);
  }

  @Test
  void whatCannotBeToldInMtIsRefusedNamingTheFieldsAndChangesNothing() throws Exception {
    Answer chinese =
        send(
            "sandbox-shanghai",
            "POST",
            "/api/v1/lcs",
            "application/json",
            terms("MT-CN").replace("SHANGHAI SHENDA TRADING CO LTD", "上海申达贸易有限公司"));
    assertThat(chinese.status()).isEqualTo(201);
    Answer notRepresentable = mt("sandbox-shanghai", "/api/v1/lcs/MT-CN/mt/MT700");
    assertThat(notRepresentable.status()).isEqualTo(422);
    assertThat(notRepresentable.json().path("code").asText()).isEqualTo("MT_NOT_REPRESENTABLE");
    assertThat(notRepresentable.json().path("errors").get(0).path("field").asText())
        .isEqualTo("50");

    String missing = mt("sandbox-shanghai", "/api/v1/lcs/MT-J2/mt/MT700").body();
    assertThat(mt("sandbox-forfaiter", "/api/v1/lcs/MT-CN/mt/MT700").status())
        .as("a non-party")
        .isEqualTo(404);
    assertThat(mt("sandbox-shanghai", "/api/v1/lcs/MT-CN/mt/MT734").status()).isEqualTo(404);
    assertThat(missing).contains("LC_NOT_FOUND");

    send("sandbox-shanghai", "POST", "/api/v1/lcs", "application/json", terms("MT-SRC"));
    String good = mt("sandbox-shanghai", "/api/v1/lcs/MT-SRC/mt/MT700").body();
    String bad = good.replace(":20:MT-SRC", ":20:MT-BAD").replace(":31D:260630", ":31D:261340");
    Answer refused = send("sandbox-shanghai", "POST", "/api/v1/lcs", "application/x-swift-mt", bad);
    assertThat(refused.status()).as(refused.body()).isEqualTo(422);
    assertThat(refused.json().path("code").asText()).isEqualTo("INVALID_MT_MESSAGE");
    assertThat(refused.json().path("errors").get(0).path("field").asText()).isEqualTo("31D");
    assertThat(send("sandbox-shanghai", "GET", "/api/v1/lcs/MT-BAD", null, null).status())
        .as("nothing issued")
        .isEqualTo(404);
    Answer byTheAdvisingBank =
        send(
            "sandbox-yangzhou",
            "POST",
            "/api/v1/lcs",
            "application/x-swift-mt",
            good.replace(":20:MT-SRC", ":20:MT-YZ"));
    assertThat(byTheAdvisingBank.status()).isEqualTo(422);
    assertThat(byTheAdvisingBank.body()).contains("block1");
  }
}
