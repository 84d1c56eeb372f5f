package io.lcledger.network;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The three branches' nodes as {@code lcnet up --nodes} runs them, with the credentials it writes
 * to nodes.env, driven over HTTP as each bank's trade-services system would.
 */
class ThreeNodesIT {
  static LcNetwork net;
  static BranchNode shanghai;
  static BranchNode yangzhou;
  static BranchNode forfaiter;
  static BranchNode auditor;

  @BeforeAll
  static void theBanksNodes() {
    net = LcNetwork.shared();
    Map<String, String> env = net.nodes();
    shanghai = BranchNode.attach("shanghai", env.get("LC_SHANGHAI"), env.get("LC_TOKEN_SHANGHAI"));
    yangzhou = BranchNode.attach("yangzhou", env.get("LC_YANGZHOU"), env.get("LC_TOKEN_YANGZHOU"));
    forfaiter =
        BranchNode.attach("forfaiter", env.get("LC_FORFAITER"), env.get("LC_TOKEN_FORFAITER"));
    auditor = BranchNode.attach("auditor", env.get("LC_AUDITOR"), env.get("LC_TOKEN_AUDITOR"));
  }

  static String issuedAndAdvised(String prefix, String paymentType) throws Exception {
    String lc = Requests.lcNumber(prefix);
    BranchNode.Reply issued = shanghai.post("/api/v1/lcs", Requests.terms(lc, paymentType));
    assertThat(issued.status()).as(issued.body().toString()).isEqualTo(201);
    assertThat(yangzhou.post("/api/v1/lcs/" + lc + "/advice", "{}").status()).isEqualTo(200);
    return lc;
  }

  static void presentAndAccept(String lc, String amount) throws Exception {
    BranchNode.Reply presented = yangzhou.present(lc, amount);
    assertThat(presented.status()).as(presented.body().toString()).isEqualTo(201);
    assertThat(
            shanghai
                .post(
                    "/api/v1/lcs/" + lc + "/presentations/1/examination",
                    "{\"result\":\"COMPLIANT\"}")
                .status())
        .isEqualTo(200);
    assertThat(
            shanghai
                .post("/api/v1/lcs/" + lc + "/presentations/1/acceptance", "{}")
                .body()
                .path("status")
                .asText())
        .isEqualTo("ACCEPTED");
  }

  @Test
  void aDeferredClaimIsForfaitedAtTheForfaitersNodeAndPaidToIt() throws Exception {
    String lc = issuedAndAdvised("3N-DEF", "DEFERRED");
    try (BranchNode.EventStream heardByForfaiter = forfaiter.events()) {
      presentAndAccept(lc, "500000.00");
      BranchNode.Reply forfaited =
          forfaiter.post(
              "/api/v1/lcs/" + lc + "/presentations/1/forfaiting",
              "{\"purchasePrice\":\"489000.00\",\"discountRatePercent\":\"8.8\"}");
      assertThat(forfaited.status()).as(forfaited.body().toString()).isEqualTo(201);
      assertThat(forfaited.body().path("forfaiting").path("status").asText())
          .isEqualTo("FORFAITED");
      BranchNode.Reply paid =
          shanghai.post(
              "/api/v1/lcs/" + lc + "/presentations/1/payment",
              "{\"amount\":\"500000.00\",\"paymentReference\":\"PAY-1\"}");
      assertThat(paid.body().path("payment").path("payee").path("kind").asText())
          .as(paid.body().toString())
          .isEqualTo("FORFAITER");
      // the forfaiter's own node tells it, from its own peer's blocks
      heardByForfaiter.await(
          Duration.ofSeconds(10),
          n ->
              n.path("lcNumber").asText().equals(lc)
                  && n.path("event").asText().equals("PaymentMade"));
    }
    // every bank, and the auditor, reads the same LC through its own node
    JsonNode atShanghai = shanghai.get("/api/v1/lcs/" + lc).body();
    for (BranchNode node : List.of(yangzhou, forfaiter, auditor)) {
      JsonNode seen = node.get("/api/v1/lcs/" + lc).body();
      assertThat(seen.path("presentations"))
          .as(node.branch)
          .isEqualTo(atShanghai.path("presentations"));
    }
    assertThat(auditor.get("/api/v1/lcs/" + lc + "/history").body()).hasSize(7);
  }

  @Test
  void aDiscrepantDrawingIsWaivedFinancedAndRepaidAcrossTheNodes() throws Exception {
    String lc = issuedAndAdvised("3N-WAIVE", "SIGHT");
    assertThat(yangzhou.present(lc, "300000.00").status()).isEqualTo(201);
    String base = "/api/v1/lcs/" + lc + "/presentations/1";
    BranchNode.Reply noted =
        shanghai.post(
            base + "/examination",
            "{\"result\":\"DISCREPANT\",\"discrepancies\":[\"invoice weight differs\"]}");
    assertThat(noted.body().path("status").asText())
        .as(noted.body().toString())
        .isEqualTo("DISCREPANT");
    assertThat(
            shanghai
                .post(base + "/waiver", "{\"applicantWaived\":true}")
                .body()
                .path("status")
                .asText())
        .isEqualTo("WAIVED");
    BranchNode.Reply financed =
        shanghai.post(
            base + "/buyer-financing",
            "{\"amount\":\"240000.00\",\"annualRatePercent\":\"4.35\",\"dueDate\":\""
                + Requests.today().plusDays(90)
                + "\"}");
    assertThat(financed.status()).as(financed.body().toString()).isEqualTo(201);
    BranchNode.Reply twice =
        shanghai.post(
            base + "/buyer-financing",
            "{\"amount\":\"1000.00\",\"annualRatePercent\":\"4.35\",\"dueDate\":\""
                + Requests.today().plusDays(90)
                + "\"}");
    assertThat(twice.body().path("code").asText()).isEqualTo("ALREADY_FINANCED");
    assertThat(
            shanghai
                .post(
                    base + "/payment", "{\"amount\":\"300000.00\",\"paymentReference\":\"PAY-W\"}")
                .body()
                .path("status")
                .asText())
        .isEqualTo("PAID");
    BranchNode.Reply repaid =
        shanghai.post(base + "/buyer-financing/repayment", "{\"amount\":\"240000.00\"}");
    assertThat(repaid.body().path("buyerFinancing").path("status").asText())
        .as(repaid.body().toString())
        .isEqualTo("REPAID");
    assertThat(
            yangzhou
                .get("/api/v1/lcs/" + lc)
                .body()
                .path("presentations")
                .get(0)
                .path("buyerFinancing")
                .path("status")
                .asText())
        .isEqualTo("REPAID");
  }

  @Test
  void aNodeKilledMidStreamLosesAndRepeatsNoNotification() throws Exception {
    long lastSeen;
    String warmup = issuedAndAdvised("3N-WARM", "SIGHT");
    try (BranchNode.EventStream before = yangzhou.events()) {
      String lc = Requests.lcNumber("3N-PING");
      assertThat(shanghai.post("/api/v1/lcs", Requests.terms(lc, "SIGHT")).status()).isEqualTo(201);
      lastSeen =
          before
              .await(Duration.ofSeconds(10), n -> n.path("lcNumber").asText().equals(lc))
              .path("sequence")
              .asLong();
    }
    assertThat(warmup).isNotBlank();

    net.kill("node-yangzhou");
    String lc = Requests.lcNumber("3N-DOWN");
    assertThat(shanghai.post("/api/v1/lcs", Requests.terms(lc, "SIGHT")).status()).isEqualTo(201);
    BranchNode.Reply amended =
        shanghai.post(
            "/api/v1/lcs/" + lc + "/amendments", "{\"changes\":{\"amount\":\"1200000.00\"}}");
    assertThat(amended.status()).as(amended.body().toString()).isEqualTo(201);
    net.start("node-yangzhou");

    List<String> events = new ArrayList<>();
    try (BranchNode.EventStream resumed = yangzhou.events(lastSeen)) {
      events.add(
          resumed
              .await(Duration.ofSeconds(30), n -> n.path("lcNumber").asText().equals(lc))
              .path("event")
              .asText());
      events.add(
          resumed
              .await(Duration.ofSeconds(30), n -> n.path("lcNumber").asText().equals(lc))
              .path("event")
              .asText());
      // nothing more for that LC: no repeat
      assertThat(resumed.received.stream().filter(n -> n.path("lcNumber").asText().equals(lc)))
          .isEmpty();
      Thread.sleep(2_000);
      assertThat(resumed.received.stream().filter(n -> n.path("lcNumber").asText().equals(lc)))
          .isEmpty();
    }
    assertThat(events).containsExactly("LcIssued", "AmendmentProposed");
  }

  /**
   * The advising branch's node is SIGKILLed while a presentation is in flight, at instants from
   * before its endorsement to after its commit; the client then retries under the same key. Each
   * presentation is taken exactly once, and no retry is refused for its own earlier commit.
   */
  @Test
  void aStepRetriedUnderItsKeyAfterItsNodeWasKilledIsTakenOnce() throws Exception {
    String lc = issuedAndAdvised("3N-ONCE", "SIGHT");
    String path = "/api/v1/lcs/" + lc + "/presentations";
    long[] killAfterMillis = {30, 120, 250, 400, 900};
    for (int round = 0; round < killAfterMillis.length; round++) {
      String body = BranchNode.presentation("100000.00", yangzhou.upload("INVOICE"));
      String key = lc + "-presentation-" + round;
      var inFlight = yangzhou.postInFlight(path, body, key);
      Thread.sleep(killAfterMillis[round]);
      net.kill("node-yangzhou");
      inFlight.handle((answer, failure) -> null).get(); // answered in time, or cut off
      net.start("node-yangzhou");
      BranchNode.Reply retried = yangzhou.post(path, body, key);
      assertThat(retried.status()).as("round %d: %s", round, retried.body()).isEqualTo(201);
      assertThat(retried.body().path("presentationNo").asInt())
          .as("round %d: %s", round, retried.body())
          .isEqualTo(round + 1);
    }
    // the issuing bank's own peer, once it has the last block, holds each presentation once
    JsonNode seen = shanghai.get("/api/v1/lcs/" + lc).body();
    for (int i = 0; i < 50 && seen.path("presentations").size() < killAfterMillis.length; i++) {
      Thread.sleep(200);
      seen = shanghai.get("/api/v1/lcs/" + lc).body();
    }
    assertThat(seen.path("presentations")).hasSize(killAfterMillis.length);
  }

  /**
   * The advising branch presents two documents and keeps their files. The issuing branch's node
   * fetches each from the advising node, signed as its branch: the intact one verifies against the
   * anchored digests; the one altered on the presenting node's disk is refused, and never shown as
   * verified. A non-party's node is told nothing, and the node-to-node door wants a signature.
   */
  @Test
  void aDocumentIsFetchedFromThePresentingNodeAndATamperedCopyIsRefused() throws Exception {
    String lc = issuedAndAdvised("3N-DOC", "SIGHT");
    String intact = yangzhou.upload("INVOICE");
    String altered = yangzhou.upload("TRANSPORT_DOCUMENT");
    BranchNode.Reply presented =
        yangzhou.post(
            "/api/v1/lcs/" + lc + "/presentations",
            BranchNode.presentation("200000.00", intact)
                .replace("\"" + intact + "\"", "\"" + intact + "\",\"" + altered + "\""));
    assertThat(presented.status()).as(presented.body().toString()).isEqualTo(201);
    Path alteredFile =
        net.home().resolve("nodes/yangzhou/data/documents").resolve(altered).resolve("content");
    Files.writeString(alteredFile, "% altered after presentation\n", StandardOpenOption.APPEND);

    BranchNode.Download original = yangzhou.download(intact);
    BranchNode.Download fetched = shanghai.download(intact);
    assertThat(fetched.status()).as(new String(fetched.bytes())).isEqualTo(200);
    assertThat(fetched.bytes()).isEqualTo(original.bytes());
    String anchoredSha256 =
        shanghai
            .get("/api/v1/lcs/" + lc)
            .body()
            .path("presentations")
            .get(0)
            .path("documents")
            .get(0)
            .path("sha256")
            .asText();
    assertThat(fetched.headers().firstValue("X-Document-SHA256")).hasValue(anchoredSha256);

    BranchNode.Download refused = shanghai.download(altered);
    assertThat(refused.status()).isEqualTo(422);
    assertThat(refused.problem().path("code").asText()).isEqualTo("DIGEST_MISMATCH");
    JsonNode verification = shanghai.get("/api/v1/lcs/" + lc + "/history/verification").body();
    assertThat(verification.path("verified").asBoolean()).as(verification.toString()).isFalse();
    assertThat(verification.path("checks").toString())
        .contains("document " + intact + " digests")
        .contains("differ from the ledger");
    for (JsonNode check : verification.path("checks")) {
      String name = check.path("name").asText();
      if (name.contains(intact) || name.startsWith("transaction")) {
        assertThat(check.path("passed").asBoolean()).as(check.toString()).isTrue();
      }
      if (name.contains(altered)) {
        assertThat(check.path("passed").asBoolean()).as(check.toString()).isFalse();
      }
    }

    assertThat(forfaiter.download(intact).status()).isEqualTo(404); // not a party of this LC
    assertThat(yangzhou.anonymousStatus("/peer/v1/documents/" + intact)).isEqualTo(401);
  }

  /**
   * The applicant follows its LC on shanghai's portal, where a document presented at yangzhou shows
   * as verified; the auditor's trail on shanghai's node shows the Fabric blocks and verifies.
   */
  @Test
  void thePortalAndTheAuditPagesWorkInFabricMode() throws Exception {
    String lc = issuedAndAdvised("3N-WEB", "SIGHT");
    String document = yangzhou.upload("INVOICE");
    BranchNode.Reply presented =
        yangzhou.post(
            "/api/v1/lcs/" + lc + "/presentations", BranchNode.presentation("300000.00", document));
    assertThat(presented.status()).as(presented.body().toString()).isEqualTo(201);
    Map<String, String> env = net.nodes();

    PortalSession applicant = PortalSession.login(env.get("LC_PORTAL_APPLICANT"));
    PortalSession.Page page = applicant.get("/portal/lcs/" + lc);
    for (int i = 0; i < 25 && !page.html().contains(document); i++) { // shanghai's peer catches up
      Thread.sleep(200);
      page = applicant.get("/portal/lcs/" + lc);
    }
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.html()).contains(lc).contains(document).contains("badge ok verified");
    assertThat(page.html()).doesNotContain("not-verified");

    PortalSession audit = PortalSession.login(env.get("LC_PORTAL_AUDITOR"));
    PortalSession.Page trail = audit.get("/audit/lcs/" + lc + "?verify=true");
    assertThat(trail.status()).isEqualTo(200);
    JsonNode history = auditor.get("/api/v1/lcs/" + lc + "/history").body();
    assertThat(history).hasSizeGreaterThanOrEqualTo(3);
    for (JsonNode entry : history) {
      assertThat(entry.path("blockNumber").isNumber()).as(entry.toString()).isTrue();
      assertThat(trail.html()).contains("<td>" + entry.path("blockNumber").asLong() + "</td>");
    }
    assertThat(trail.html()).contains("panel passed").doesNotContain("check failed");
  }

  @Test
  void aBankThatMayNotTakeAStepIsRefusedForThatBeforeItsBodyIsRead() throws Exception {
    String lc = issuedAndAdvised("AUTH", "SIGHT");
    StepsAuthorisedFirst.check(lc, shanghai, yangzhou, forfaiter);
  }

  @Test
  void theSandboxTokensAreRefusedInFabricMode() throws Exception {
    assertThat(shanghai.getWithToken("/api/v1/lcs", "sandbox-shanghai").status()).isEqualTo(401);
    assertThat(auditor.get("/api/v1/lcs?size=5").status()).isEqualTo(200);
  }
}
