package io.lcledger.network;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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

  @Test
  void theSandboxTokensAreRefusedInFabricMode() throws Exception {
    assertThat(shanghai.getWithToken("/api/v1/lcs", "sandbox-shanghai").status()).isEqualTo(401);
    assertThat(auditor.get("/api/v1/lcs?size=5").status()).isEqualTo(200);
  }
}
