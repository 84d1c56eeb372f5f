package io.lcledger.network;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The node in Fabric mode, as two banks deploy it: shanghai's and yangzhou's nodes, each with its
 * own identity against its own peer, driven over HTTP. A step submitted at one node reaches the
 * other's notification stream from that node's own block events.
 */
class FabricNodeIT {
  static LcNetwork net;
  static BranchNode shanghai;
  static BranchNode yangzhou;

  @BeforeAll
  static void twoBanksNodes() throws Exception {
    net = LcNetwork.shared();
    Path dir = Path.of("target", "fabric-nodes-" + System.currentTimeMillis()).toAbsolutePath();
    shanghai = BranchNode.start(net, "shanghai", dir.resolve("shanghai"));
    yangzhou = BranchNode.start(net, "yangzhou", dir.resolve("yangzhou"));
  }

  @AfterAll
  static void stopNodes() {
    if (shanghai != null) {
      shanghai.close();
    }
    if (yangzhou != null) {
      yangzhou.close();
    }
  }

  @Test
  void aSightLcRunsAcrossTwoBanksNodesAndEachHearsTheOthersSteps() throws Exception {
    String lc = Requests.lcNumber("NODE");
    try (BranchNode.EventStream heardAtYangzhou = yangzhou.events();
        BranchNode.EventStream heardAtShanghai = shanghai.events()) {
      BranchNode.Reply issued = shanghai.post("/api/v1/lcs", Requests.terms(lc, "SIGHT"));
      assertThat(issued.status()).as(issued.body().toString()).isEqualTo(201);
      Instant committed = Instant.now();
      JsonNode heard =
          heardAtYangzhou.await(
              Duration.ofSeconds(10), n -> n.path("lcNumber").asText().equals(lc));
      assertThat(heard.path("event").asText()).isEqualTo("LcIssued");
      assertThat(heard.path("branch").asText()).isEqualTo("yangzhou");
      assertThat(heard.path("blockNumber").asLong()).isPositive();
      System.out.printf(
          "[fabric-node] issue at shanghai heard at yangzhou %d ms after the commit answered%n",
          Duration.between(committed, Instant.now()).toMillis());

      assertThat(yangzhou.post("/api/v1/lcs/" + lc + "/advice", "{}").status()).isEqualTo(200);
      heardAtShanghai.await(
          Duration.ofSeconds(10),
          n ->
              n.path("lcNumber").asText().equals(lc)
                  && n.path("event").asText().equals("LcAdvised"));

      BranchNode.Reply presented = yangzhou.present(lc, "400000.00");
      assertThat(presented.status()).as(presented.body().toString()).isEqualTo(201);
      assertThat(
              shanghai
                  .post(
                      "/api/v1/lcs/" + lc + "/presentations/1/examination",
                      "{\"result\":\"COMPLIANT\"}")
                  .body()
                  .path("status")
                  .asText())
          .isEqualTo("COMPLIANT");
      BranchNode.Reply paid =
          shanghai.post(
              "/api/v1/lcs/" + lc + "/presentations/1/payment",
              "{\"amount\":\"400000.00\",\"paymentReference\":\"PAY-1\"}");
      assertThat(paid.body().path("status").asText()).as(paid.body().toString()).isEqualTo("PAID");
      heardAtYangzhou.await(
          Duration.ofSeconds(10),
          n ->
              n.path("lcNumber").asText().equals(lc)
                  && n.path("event").asText().equals("PaymentMade"));
    }

    // both banks read the same LC from their own peers
    JsonNode atYangzhou = yangzhou.get("/api/v1/lcs/" + lc).body();
    assertThat(atYangzhou.path("presentations").get(0).path("status").asText()).isEqualTo("PAID");
    assertThat(atYangzhou.path("availableAmount").asText()).isEqualTo("650000.00");

    // the history carries Fabric block numbers, and each transaction is VALID in its block
    JsonNode history = shanghai.get("/api/v1/lcs/" + lc + "/history").body();
    assertThat(history).hasSize(5);
    history.forEach(h -> assertThat(h.path("blockNumber").asLong()).isPositive());
    JsonNode verification = yangzhou.get("/api/v1/lcs/" + lc + "/history/verification").body();
    assertThat(verification.path("verified").asBoolean()).as(verification.toString()).isTrue();
  }

  @Test
  void theRulesAndTheirCodesAreTheSameAsInTheSandbox() throws Exception {
    String lc = Requests.lcNumber("NODE-R");
    assertThat(shanghai.post("/api/v1/lcs", Requests.terms(lc, "SIGHT")).status()).isEqualTo(201);
    BranchNode.Reply notTheIssuer = yangzhou.post("/api/v1/lcs/" + lc + "/closure", "{}");
    assertThat(notTheIssuer.status()).isEqualTo(403);
    assertThat(notTheIssuer.body().path("code").asText()).isEqualTo("NOT_AUTHORIZED");
    BranchNode.Reply twice = shanghai.post("/api/v1/lcs", Requests.terms(lc, "SIGHT"));
    assertThat(twice.status()).isEqualTo(409);
    assertThat(twice.body().path("code").asText()).isEqualTo("DUPLICATE_LC_NUMBER");
    BranchNode.Reply missing = yangzhou.get("/api/v1/lcs/NO-SUCH-" + lc);
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.body().path("code").asText()).isEqualTo("LC_NOT_FOUND");
  }

  @Test
  void aTokenOfOneNodeIsRefusedByAnother() throws Exception {
    BranchNode.Reply r = yangzhou.getWithToken("/api/v1/lcs", shanghai.token);
    assertThat(r.status()).isEqualTo(401);
  }
}
