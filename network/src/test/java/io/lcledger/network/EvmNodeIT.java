package io.lcledger.network;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The node in EVM mode, as three banks deploy it: each branch's node signs with its own account on
 * its own geth signer of {@code evmnet}, driven over HTTP only. The lifecycles, the error codes,
 * the history and its verification are those of the sandbox and of Fabric mode, and each node hears
 * the others' steps from the chain's logs.
 */
class EvmNodeIT {
  static final String AUDITOR_TOKEN = "it-auditor-" + java.util.UUID.randomUUID();
  static final String PORTAL_PASSWORD = java.util.UUID.randomUUID().toString();
  static Map<String, String> env;
  static BranchNode shanghai;
  static BranchNode yangzhou;
  static BranchNode forfaiter;

  @BeforeAll
  static void threeBanksNodes() throws Exception {
    env = EvmNet.up();
    Path dir = Path.of("target", "evm-nodes-" + System.currentTimeMillis()).toAbsolutePath();
    Map<String, Integer> ports = new LinkedHashMap<>();
    for (String branch : List.of("shanghai", "yangzhou", "forfaiter")) {
      ports.put(branch, BranchNode.freePort());
    }
    // shanghai's node also serves the auditor and the applicant's portal login
    shanghai =
        BranchNode.startEvm(
            env,
            "shanghai",
            dir.resolve("shanghai"),
            ports,
            "--lc.evm.accounts.auditor.keystore=" + env.get("EVMNET_AUDITOR_KEYSTORE"),
            "--lc.evm.accounts.auditor.password-file=" + env.get("EVMNET_AUDITOR_PASSWORD_FILE"),
            "--lc.tokens." + AUDITOR_TOKEN + ".auditor=true",
            "--lc.portal-users[0].username=applicant",
            "--lc.portal-users[0].password={noop}" + PORTAL_PASSWORD,
            "--lc.portal-users[0].role=CLIENT",
            "--lc.portal-users[0].uscc=91310000132200821H",
            "--lc.portal-users[0].branch=shanghai",
            "--lc.portal-users[1].username=auditor",
            "--lc.portal-users[1].password={noop}" + PORTAL_PASSWORD,
            "--lc.portal-users[1].role=AUDITOR");
    yangzhou = BranchNode.startEvm(env, "yangzhou", dir.resolve("yangzhou"), ports);
    forfaiter = BranchNode.startEvm(env, "forfaiter", dir.resolve("forfaiter"), ports);
  }

  @AfterAll
  static void stop() throws Exception {
    for (BranchNode node : new BranchNode[] {shanghai, yangzhou, forfaiter}) {
      if (node != null) {
        node.close();
      }
    }
    EvmNet.run("down");
  }

  @Test
  void aDeferredLcIsForfaitedAndPaidToTheForfaiterAcrossThreeNodes() throws Exception {
    String lc = Requests.lcNumber("EVM-DEF");
    try (BranchNode.EventStream heardAtYangzhou = yangzhou.events();
        BranchNode.EventStream heardAtForfaiter = forfaiter.events()) {
      created(shanghai.post("/api/v1/lcs", Requests.terms(lc, "DEFERRED")));
      JsonNode heard =
          heardAtYangzhou.await(
              Duration.ofSeconds(20), n -> n.path("lcNumber").asText().equals(lc));
      assertThat(heard.path("event").asText()).isEqualTo("LcIssued");
      assertThat(heard.path("blockNumber").asLong()).isPositive();

      ok(yangzhou.post("/api/v1/lcs/" + lc + "/advice", "{}"));
      created(yangzhou.present(lc, "500000.00"));
      ok(shanghai.post(path(lc, 1, "examination"), "{\"result\":\"COMPLIANT\"}"));
      JsonNode accepted = ok(shanghai.post(path(lc, 1, "acceptance"), "{}"));
      assertThat(accepted.path("status").asText()).as(accepted.toString()).isEqualTo("ACCEPTED");
      assertThat(accepted.path("maturityDate").asText())
          .isEqualTo(Requests.maturity(90).toString());

      JsonNode forfaited =
          created(
              forfaiter.post(
                  path(lc, 1, "forfaiting"),
                  "{\"purchasePrice\":\"489000.00\",\"discountRatePercent\":\"8.8\"}"));
      assertThat(forfaited.toString()).contains("FORFAITED");
      BranchNode.Reply twice =
          forfaiter.post(
              path(lc, 1, "forfaiting"),
              "{\"purchasePrice\":\"489000.00\",\"discountRatePercent\":\"8.8\"}");
      assertThat(twice.status()).isEqualTo(409);
      assertThat(twice.body().path("code").asText()).isEqualTo("ALREADY_FORFAITED");

      JsonNode paid =
          ok(
              shanghai.post(
                  path(lc, 1, "payment"),
                  "{\"amount\":\"500000.00\",\"paymentReference\":\"PAY-EVM-1\"}"));
      assertThat(paid.path("status").asText()).isEqualTo("PAID");
      heardAtForfaiter.await(
          Duration.ofSeconds(20),
          n ->
              n.path("lcNumber").asText().equals(lc)
                  && n.path("event").asText().equals("PaymentMade"));
    }
    // every party reads the same LC, each from its own chain node
    JsonNode atShanghai = shanghai.get("/api/v1/lcs/" + lc).body();
    assertThat(atShanghai.at("/presentations/0/payment/payee/kind").asText())
        .isEqualTo("FORFAITER");
    assertThat(yangzhou.get("/api/v1/lcs/" + lc).body()).isEqualTo(atShanghai);
    assertThat(forfaiter.get("/api/v1/lcs/" + lc).body()).isEqualTo(atShanghai);

    JsonNode history = yangzhou.get("/api/v1/lcs/" + lc + "/history").body();
    assertThat(history).hasSize(7);
    List<String> txIds = new ArrayList<>();
    history.forEach(
        h -> {
          assertThat(h.path("blockNumber").asLong()).isPositive();
          txIds.add(h.path("txId").asText());
        });
    assertThat(txIds).allMatch(id -> id.matches("0x[0-9a-f]{64}")).doesNotHaveDuplicates();
    JsonNode verification = shanghai.get("/api/v1/lcs/" + lc + "/history/verification").body();
    assertThat(verification.path("verified").asBoolean()).as(verification.toString()).isTrue();
  }

  @Test
  void aSightLcWithDiscrepanciesWaivedIsBuyerFinancedPaidAndRepaid() throws Exception {
    String lc = Requests.lcNumber("EVM-SIGHT");
    created(shanghai.post("/api/v1/lcs", Requests.terms(lc, "SIGHT")));
    ok(yangzhou.post("/api/v1/lcs/" + lc + "/advice", "{}"));
    created(yangzhou.present(lc, "300000.00"));
    JsonNode noted =
        ok(
            shanghai.post(
                path(lc, 1, "examination"),
                "{\"result\":\"DISCREPANT\",\"discrepancies\":[\"invoice weight differs\"]}"));
    assertThat(noted.path("status").asText()).isEqualTo("DISCREPANT");
    JsonNode waived = ok(shanghai.post(path(lc, 1, "waiver"), "{\"applicantWaived\":true}"));
    assertThat(waived.path("status").asText()).isEqualTo("WAIVED");
    JsonNode financed =
        created(
            shanghai.post(
                path(lc, 1, "buyer-financing"),
                "{\"amount\":\"300000.00\",\"annualRatePercent\":\"4.35\",\"dueDate\":\""
                    + Requests.today().plusDays(90)
                    + "\"}"));
    assertThat(financed.toString()).contains("GRANTED");
    ok(
        shanghai.post(
            path(lc, 1, "payment"), "{\"amount\":\"300000.00\",\"paymentReference\":\"PAY-2\"}"));
    JsonNode repaid =
        ok(shanghai.post(path(lc, 1, "buyer-financing/repayment"), "{\"amount\":\"300000.00\"}"));
    assertThat(repaid.toString()).contains("REPAID");
    JsonNode atYangzhou = yangzhou.get("/api/v1/lcs/" + lc).body();
    assertThat(atYangzhou.at("/presentations/0/status").asText()).isEqualTo("PAID");
    assertThat(atYangzhou.at("/presentations/0/buyerFinancing/annualRatePercent").asText())
        .isEqualTo("4.35");
  }

  @Test
  void theRulesAndTheirCodesAreTheSameAsInTheSandbox() throws Exception {
    String lc = Requests.lcNumber("EVM-R");
    created(shanghai.post("/api/v1/lcs", Requests.terms(lc, "SIGHT")));
    BranchNode.Reply notTheIssuer = yangzhou.post("/api/v1/lcs/" + lc + "/closure", "{}");
    assertThat(notTheIssuer.status()).isEqualTo(403);
    assertThat(notTheIssuer.body().path("code").asText()).isEqualTo("NOT_AUTHORIZED");
    BranchNode.Reply twice = shanghai.post("/api/v1/lcs", Requests.terms(lc, "SIGHT"));
    assertThat(twice.status()).isEqualTo(409);
    assertThat(twice.body().path("code").asText()).isEqualTo("DUPLICATE_LC_NUMBER");
    BranchNode.Reply hidden = forfaiter.get("/api/v1/lcs/" + lc);
    assertThat(hidden.status()).as("not a party").isEqualTo(404);
    assertThat(hidden.body().path("code").asText()).isEqualTo("LC_NOT_FOUND");
    BranchNode.Reply missing = yangzhou.get("/api/v1/lcs/NO-SUCH-" + lc);
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.body().path("code").asText()).isEqualTo("LC_NOT_FOUND");
  }

  @Test
  void aBankThatMayNotTakeAStepIsRefusedForThatBeforeItsBodyIsRead() throws Exception {
    String lc = Requests.lcNumber("EVM-AUTH");
    created(shanghai.post("/api/v1/lcs", Requests.terms(lc, "SIGHT")));
    ok(yangzhou.post("/api/v1/lcs/" + lc + "/advice", "{}"));
    StepsAuthorisedFirst.check(lc, shanghai, yangzhou, forfaiter);
  }

  @Test
  void aNodeKilledMidStreamLosesAndRepeatsNoNotification() throws Exception {
    long lastSeen;
    try (BranchNode.EventStream before = yangzhou.events()) {
      String lc = Requests.lcNumber("EVM-PING");
      created(shanghai.post("/api/v1/lcs", Requests.terms(lc, "SIGHT")));
      lastSeen =
          before
              .await(Duration.ofSeconds(20), n -> n.path("lcNumber").asText().equals(lc))
              .path("sequence")
              .asLong();
    }
    yangzhou.kill();
    String lc = Requests.lcNumber("EVM-DOWN");
    created(shanghai.post("/api/v1/lcs", Requests.terms(lc, "SIGHT")));
    created(
        shanghai.post(
            "/api/v1/lcs/" + lc + "/amendments", "{\"changes\":{\"amount\":\"1200000.00\"}}"));
    yangzhou = yangzhou.restarted();

    List<String> events = new ArrayList<>();
    try (BranchNode.EventStream resumed = yangzhou.events(lastSeen)) {
      for (int i = 0; i < 2; i++) {
        events.add(
            resumed
                .await(Duration.ofSeconds(30), n -> n.path("lcNumber").asText().equals(lc))
                .path("event")
                .asText());
      }
      Thread.sleep(3_000); // a few more blocks: nothing more for that LC, no repeat
      assertThat(resumed.received.stream().filter(n -> n.path("lcNumber").asText().equals(lc)))
          .isEmpty();
    }
    assertThat(events).containsExactly("LcIssued", "AmendmentProposed");
  }

  /**
   * The advising branch's node is SIGKILLed while a presentation is in flight, at instants from
   * before its signing to after its block; the client then retries under the same key. The same
   * signed transaction is sent again (one nonce: the chain takes it once at most), or its receipt
   * is found: each presentation is taken exactly once, and no retry is refused for its own commit.
   */
  @Test
  void aStepRetriedUnderItsKeyAfterItsNodeWasKilledIsTakenOnce() throws Exception {
    String lc = Requests.lcNumber("EVM-ONCE");
    created(shanghai.post("/api/v1/lcs", Requests.terms(lc, "SIGHT")));
    ok(yangzhou.post("/api/v1/lcs/" + lc + "/advice", "{}"));
    String path = "/api/v1/lcs/" + lc + "/presentations";
    long[] killAfterMillis = {30, 250, 600, 1_000, 1_600};
    for (int round = 0; round < killAfterMillis.length; round++) {
      String body = BranchNode.presentation("100000.00", yangzhou.upload("INVOICE"));
      String key = lc + "-presentation-" + round;
      var inFlight = yangzhou.postInFlight(path, body, key);
      Thread.sleep(killAfterMillis[round]);
      yangzhou.kill();
      inFlight.handle((answer, failure) -> null).get(); // answered in time, or cut off
      yangzhou = yangzhou.restarted();
      BranchNode.Reply retried = yangzhou.post(path, body, key);
      assertThat(retried.status()).as("round %d: %s", round, retried.body()).isEqualTo(201);
      assertThat(retried.body().path("presentationNo").asInt())
          .as("round %d: %s", round, retried.body())
          .isEqualTo(round + 1);
    }
    assertThat(shanghai.get("/api/v1/lcs/" + lc).body().path("presentations"))
        .hasSize(killAfterMillis.length);
  }

  /**
   * The forfaiter's signer is SIGKILLed while the advising bank's presentations are in flight: the
   * two signers left go on sealing, every step is taken, and the signer, started again, catches up.
   */
  @Test
  void withOneSignerKilledMidStreamTheStepsGoOnAndNoneIsLost() throws Exception {
    String lc = Requests.lcNumber("EVM-2OF3");
    created(shanghai.post("/api/v1/lcs", Requests.terms(lc, "SIGHT")));
    ok(yangzhou.post("/api/v1/lcs/" + lc + "/advice", "{}"));
    int presentations = 4;
    var inFlight =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () -> {
              List<Integer> statuses = new ArrayList<>();
              try {
                for (int i = 0; i < presentations; i++) {
                  statuses.add(yangzhou.present(lc, "100000.00").status());
                }
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
              return statuses;
            });
    Thread.sleep(1_500);
    EvmNet.run("kill", "geth-forfaiter");
    try {
      assertThat(inFlight.get(3, java.util.concurrent.TimeUnit.MINUTES))
          .containsOnly(201)
          .hasSize(presentations);
      JsonNode examined =
          ok(shanghai.post(path(lc, presentations, "examination"), "{\"result\":\"COMPLIANT\"}"));
      assertThat(examined.path("status").asText()).isEqualTo("COMPLIANT");
    } finally {
      EvmNet.run("start", "geth-forfaiter");
    }
    assertThat(shanghai.get("/api/v1/lcs/" + lc).body().path("presentations"))
        .hasSize(presentations);
    // the restarted signer catches up with the chain the other two sealed meanwhile
    org.web3j.protocol.Web3j shanghaiRpc =
        org.web3j.protocol.Web3j.build(
            new org.web3j.protocol.http.HttpService(env.get("EVMNET_SHANGHAI_RPC")));
    org.web3j.protocol.Web3j forfaiterRpc =
        org.web3j.protocol.Web3j.build(
            new org.web3j.protocol.http.HttpService(env.get("EVMNET_FORFAITER_RPC")));
    try {
      long target = shanghaiRpc.ethBlockNumber().send().getBlockNumber().longValueExact();
      LcNetwork.await(
          "the forfaiter's signer to reach block " + target,
          Duration.ofSeconds(60),
          () -> {
            try {
              return forfaiterRpc.ethBlockNumber().send().getBlockNumber().longValueExact()
                  >= target;
            } catch (java.io.IOException stillStarting) {
              return false;
            }
          });
    } finally {
      shanghaiRpc.shutdown();
      forfaiterRpc.shutdown();
    }
  }

  /**
   * The applicant follows its LC on shanghai's portal, where a document presented at yangzhou shows
   * as verified (fetched from yangzhou's node, signed with shanghai's chain account); the auditor's
   * trail shows the chain's blocks and verifies.
   */
  @Test
  void thePortalAndTheAuditPagesWorkInEvmMode() throws Exception {
    String lc = Requests.lcNumber("EVM-WEB");
    created(shanghai.post("/api/v1/lcs", Requests.terms(lc, "SIGHT")));
    ok(yangzhou.post("/api/v1/lcs/" + lc + "/advice", "{}"));
    String document = yangzhou.upload("INVOICE");
    created(
        yangzhou.post(
            "/api/v1/lcs/" + lc + "/presentations",
            BranchNode.presentation("300000.00", document)));
    String portal = "http://127.0.0.1:" + java.net.URI.create(shanghai.base).getPort();

    PortalSession applicant = PortalSession.login("applicant:" + PORTAL_PASSWORD + "@" + portal);
    PortalSession.Page page = applicant.get("/portal/lcs/" + lc);
    for (int i = 0;
        i < 50 && !page.html().contains(document);
        i++) { // shanghai's signer catches up
      Thread.sleep(200);
      page = applicant.get("/portal/lcs/" + lc);
    }
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.html()).contains(lc).contains(document).contains("badge ok verified");
    assertThat(page.html()).doesNotContain("not-verified");

    PortalSession audit = PortalSession.login("auditor:" + PORTAL_PASSWORD + "@" + portal);
    PortalSession.Page trail = audit.get("/audit/lcs/" + lc + "?verify=true");
    assertThat(trail.status()).isEqualTo(200);
    JsonNode history =
        shanghai.getWithToken("/api/v1/lcs/" + lc + "/history", AUDITOR_TOKEN).body();
    assertThat(history).hasSize(3);
    for (JsonNode entry : history) {
      assertThat(trail.html()).contains("<td>" + entry.path("blockNumber").asLong() + "</td>");
    }
    assertThat(trail.html()).contains("panel passed").doesNotContain("check failed");
    // an auditor reads every LC; a branch only its own
    assertThat(shanghai.getWithToken("/api/v1/lcs/" + lc, AUDITOR_TOKEN).status()).isEqualTo(200);
  }

  private static String path(String lc, int presentationNo, String step) {
    return "/api/v1/lcs/" + lc + "/presentations/" + presentationNo + "/" + step;
  }

  private static JsonNode created(BranchNode.Reply reply) {
    assertThat(reply.status()).as(reply.body().toString()).isEqualTo(201);
    return reply.body();
  }

  private static JsonNode ok(BranchNode.Reply reply) {
    assertThat(reply.status()).as(reply.body().toString()).isEqualTo(200);
    return reply.body();
  }
}
