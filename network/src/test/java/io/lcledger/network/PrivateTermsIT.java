package io.lcledger.network;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An LC's commercial terms reach the peers of the banks party to it and no other: shanghai issues
 * an LC to yangzhou with an applicant, a beneficiary, goods and an amount that occur nowhere else;
 * yangzhou advises it. The parties' peers hold those terms on disk (which shows that the search
 * finds them); the forfaiter's peer, not a party, holds none of them, in its blocks or in any of
 * its LevelDB databases, and its node does not know the LC.
 */
class PrivateTermsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();

  static LcNetwork net;
  static BranchNode shanghai;
  static BranchNode yangzhou;
  static BranchNode forfaiter;
  static BranchNode auditor;

  static String lc;
  static String applicant;
  static String beneficiary;
  static String goods;
  static String amount;

  /** The strings that must not leave the parties' peers. */
  static List<String> markers;

  @BeforeAll
  static void anLcIssuedToYangzhouWithTermsFoundNowhereElse() throws Exception {
    net = LcNetwork.shared();
    Map<String, String> env = net.nodes();
    shanghai = BranchNode.attach("shanghai", env.get("LC_SHANGHAI"), env.get("LC_TOKEN_SHANGHAI"));
    yangzhou = BranchNode.attach("yangzhou", env.get("LC_YANGZHOU"), env.get("LC_TOKEN_YANGZHOU"));
    forfaiter =
        BranchNode.attach("forfaiter", env.get("LC_FORFAITER"), env.get("LC_TOKEN_FORFAITER"));
    auditor = BranchNode.attach("auditor", env.get("LC_AUDITOR"), env.get("LC_TOKEN_AUDITOR"));

    String applicantMarker = letters(12);
    String beneficiaryMarker = letters(12);
    String goodsMarker = letters(12);
    applicant = "Applicant " + applicantMarker + " Trading Co., Ltd.";
    beneficiary = "Beneficiary " + beneficiaryMarker + " Steel Co., Ltd.";
    goods = "Cold-rolled steel coils, lot " + goodsMarker;
    // 1,000,000.00 to 1,999,999.99 with 8 random digits
    amount = "1" + digits(6) + "." + digits(2);
    markers = List.of(applicantMarker, beneficiaryMarker, goodsMarker, amount);

    lc = Requests.lcNumber("PDC");
    ObjectNode terms = (ObjectNode) JSON.readTree(Requests.terms(lc, "SIGHT"));
    ((ObjectNode) terms.get("applicant")).put("name", applicant);
    ((ObjectNode) terms.get("beneficiary")).put("name", beneficiary);
    terms.put("goodsDescription", goods);
    terms.put("amount", amount);
    BranchNode.Reply issued = shanghai.post("/api/v1/lcs", terms.toString());
    assertThat(issued.status()).as(issued.body().toString()).isEqualTo(201);
    BranchNode.Reply advised = yangzhou.post("/api/v1/lcs/" + lc + "/advice", "{}");
    assertThat(advised.status()).as(advised.body().toString()).isEqualTo(200);

    // every peer has committed both steps' blocks, so a peer without the terms is not just behind
    long height = net.height("peer-shanghai");
    for (String peer : List.of("peer-yangzhou", "peer-forfaiter")) {
      LcNetwork.await(
          peer + " at height " + height, Duration.ofSeconds(30), () -> net.height(peer) >= height);
    }
    System.out.printf(
        "[PrivateTermsIT] %s issued and advised; markers %s; channel height %d%n",
        lc, markers, height);
  }

  @Test
  void theAdvisingBanksNodeReadsTheTerms() throws Exception {
    BranchNode.Reply seen = yangzhou.get("/api/v1/lcs/" + lc);
    assertThat(seen.status()).as(seen.body().toString()).isEqualTo(200);
    JsonNode view = seen.body();
    assertThat(view.path("applicant").path("name").asText()).isEqualTo(applicant);
    assertThat(view.path("beneficiary").path("name").asText()).isEqualTo(beneficiary);
    assertThat(view.path("goodsDescription").asText()).isEqualTo(goods);
    assertThat(view.path("amount").asText()).isEqualTo(amount);
  }

  /** What proves the search: it finds each term on the parties' own peers. */
  @Test
  void thePartiesPeersHoldTheTerms() {
    for (String branch : List.of("shanghai", "yangzhou")) {
      PeerFiles peer = PeerFiles.of(net, branch);
      // a party's peer that missed the private data at commit pulls it within seconds
      AtomicReference<PeerFiles.Found> found = new AtomicReference<>();
      try {
        LcNetwork.await(
            "every term on peer-" + branch,
            Duration.ofSeconds(30),
            () -> {
              found.set(peer.find(markers));
              return found.get().missing().isEmpty();
            });
      } catch (AssertionError e) {
        throw new AssertionError(e.getMessage() + "\n" + found.get(), e);
      }
      System.out.println("[PrivateTermsIT] " + found.get());
      assertThat(found.get().scanned()).containsKeys("block file", "leveldb");
    }
  }

  @Test
  void theForfaitersPeerHoldsNoneOfTheTerms() {
    PeerFiles.Found found = PeerFiles.of(net, "forfaiter").find(markers);
    System.out.println("[PrivateTermsIT] " + found);
    // the search read the peer's blocks and databases (the state, the private data store, the
    // transient store, ...), or its answer would prove nothing
    assertThat(found.scanned()).containsKeys("block file", "leveldb", "leveldb entry");
    assertThat(found.scanned().get("leveldb")).isGreaterThanOrEqualTo(5);
    assertThat(found.places())
        .withFailMessage("the terms of %s are on a peer not party to it: %s", lc, found)
        .isEmpty();
  }

  @Test
  void theForfaitersNodeDoesNotKnowTheLc() throws Exception {
    BranchNode.Reply seen = forfaiter.get("/api/v1/lcs/" + lc);
    assertThat(seen.status()).as(seen.body().toString()).isEqualTo(404);
  }

  /** The auditor's node is shanghai's (AuditorMSP has no peer), on a party's peer here. */
  @Test
  void theAuditorReadsTheLcsHistory() throws Exception {
    BranchNode.Reply history = auditor.get("/api/v1/lcs/" + lc + "/history");
    System.out.println("[PrivateTermsIT] auditor's history: " + history);
    assertThat(history.status()).as(history.body().toString()).isEqualTo(200);
    assertThat(history.body()).hasSizeGreaterThanOrEqualTo(2);
  }

  /**
   * A bank made party later receives the terms: the forfaiter's peer holds none of a deferred LC's
   * terms until it buys the claim; the step that makes it a party moves the LC, every version, into
   * the collection of the three banks, and its peer then holds them and its node reads it all.
   */
  @Test
  void aForfaiterBuyingTheClaimReceivesTheTermsWithTheWholeHistory() throws Exception {
    String goodsMarker = letters(12);
    String deferred = Requests.lcNumber("PDC-F");
    ObjectNode terms = (ObjectNode) JSON.readTree(Requests.terms(deferred, "DEFERRED"));
    terms.put("goodsDescription", "Hot-rolled plate, lot " + goodsMarker);
    assertThat(shanghai.post("/api/v1/lcs", terms.toString()).status()).isEqualTo(201);
    assertThat(yangzhou.post("/api/v1/lcs/" + deferred + "/advice", "{}").status()).isEqualTo(200);
    assertThat(yangzhou.present(deferred, "500000.00").status()).isEqualTo(201);
    String presentation = "/api/v1/lcs/" + deferred + "/presentations/1";
    assertThat(shanghai.post(presentation + "/examination", "{\"result\":\"COMPLIANT\"}").status())
        .isEqualTo(200);
    assertThat(shanghai.post(presentation + "/acceptance", "{}").status()).isEqualTo(200);
    long height = net.height("peer-shanghai");
    LcNetwork.await(
        "peer-forfaiter at height " + height,
        Duration.ofSeconds(30),
        () -> net.height("peer-forfaiter") >= height);
    assertThat(PeerFiles.of(net, "forfaiter").find(List.of(goodsMarker)).places()).isEmpty();

    BranchNode.Reply forfaited =
        forfaiter.post(
            presentation + "/forfaiting",
            "{\"purchasePrice\":\"489000.00\",\"discountRatePercent\":\"8.8\"}");
    assertThat(forfaited.status()).as(forfaited.body().toString()).isEqualTo(201);

    JsonNode seen = forfaiter.get("/api/v1/lcs/" + deferred).body();
    assertThat(seen.path("goodsDescription").asText()).endsWith(goodsMarker);
    BranchNode.Reply history = forfaiter.get("/api/v1/lcs/" + deferred + "/history");
    assertThat(history.status()).as(history.body().toString()).isEqualTo(200);
    assertThat(history.body())
        .hasSize(6); // issue, advice, presentation, examination, acceptance, forfaiting
    AtomicReference<PeerFiles.Found> found = new AtomicReference<>();
    LcNetwork.await(
        "the terms on peer-forfaiter",
        Duration.ofSeconds(30),
        () -> {
          found.set(PeerFiles.of(net, "forfaiter").find(List.of(goodsMarker)));
          return found.get().missing().isEmpty();
        });
    System.out.println("[PrivateTermsIT] after forfaiting: " + found.get());
  }

  /** The auditor verifies the history: each version's transaction in its block, on the chain. */
  @Test
  void theAuditorVerifiesTheHistoryOnTheChain() throws Exception {
    BranchNode.Reply verification = auditor.get("/api/v1/lcs/" + lc + "/history/verification");
    assertThat(verification.status()).as(verification.body().toString()).isEqualTo(200);
    assertThat(verification.body().path("verified").asBoolean())
        .as(verification.body().toString())
        .isTrue();
  }

  private static String letters(int n) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < n; i++) {
      s.append((char) ('A' + RANDOM.nextInt(26)));
    }
    return s.toString();
  }

  private static String digits(int n) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < n; i++) {
      s.append((char) ('0' + RANDOM.nextInt(10)));
    }
    return s.toString();
  }
}
