package io.lcledger.node.sandbox;

import static io.lcledger.node.sandbox.SandboxFlowsTest.terms;
import static org.assertj.core.api.Assertions.assertThat;

import io.lcledger.node.SandboxNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every step, by every bank that may not take it, on a real sandbox node over HTTP: a non-party
 * gets 404 LC_NOT_FOUND and a party without the step's role 403 NOT_AUTHORIZED, before anything in
 * the body (malformed JSON, documents, amounts) or the LC's state is looked at; nothing is written.
 */
class StepsAuthorisedFirstTest {
  @TempDir static Path dir;
  static SandboxNode node;
  static String document; // uploaded by yangzhou, the advising branch
  static final String SIGHT = "AUTH-S"; // shanghai issues, yangzhou advises, forfaiter no party
  static final String NEGOTIATION = "AUTH-N"; // the same, with forfaiter as nominated bank

  enum Role {
    ISSUING,
    ADVISING,
    PRESENTER,
    NOMINATED,
    NOT_ISSUER,
    ANY_PARTY
  }

  /** Each step's endpoint under the LC, the role that may take it, and a body for it. */
  record Endpoint(String path, Role role, String body) {}

  static final List<Endpoint> ENDPOINTS =
      List.of(
          new Endpoint("advice", Role.ADVISING, "{}"),
          new Endpoint("amendments", Role.ISSUING, "{\"changes\":{\"amount\":\"9.00\"}}"),
          new Endpoint("amendments/1/response", Role.ADVISING, "{\"accepted\":true}"),
          new Endpoint("presentations", Role.PRESENTER, null), // bodies of their own, below
          new Endpoint("presentations/1/examination", Role.ISSUING, "{\"result\":\"COMPLIANT\"}"),
          new Endpoint("presentations/1/waiver", Role.ISSUING, "{\"applicantWaived\":true}"),
          new Endpoint(
              "presentations/1/refusal",
              Role.ISSUING,
              "{\"discrepancies\":[\"late\"],\"documentDisposition\":\"HOLDING\"}"),
          new Endpoint("presentations/1/acceptance", Role.ISSUING, "{}"),
          new Endpoint(
              "presentations/1/buyer-financing",
              Role.ISSUING,
              "{\"amount\":\"9999999.00\",\"annualRatePercent\":\"4\",\"dueDate\":\"2020-01-01\"}"),
          new Endpoint(
              "presentations/1/buyer-financing/repayment", Role.ISSUING, "{\"amount\":\"1.00\"}"),
          new Endpoint(
              "presentations/1/forfaiting",
              Role.NOT_ISSUER,
              "{\"purchasePrice\":\"9999999.00\",\"discountRatePercent\":\"3\"}"),
          new Endpoint(
              "presentations/1/negotiation", Role.NOMINATED, "{\"amount\":\"9999999.00\"}"),
          new Endpoint(
              "presentations/1/payment",
              Role.ISSUING,
              "{\"amount\":\"9999999.00\",\"paymentReference\":\"P\"}"),
          new Endpoint("cancellation", Role.ISSUING, "{\"reason\":\"r\"}"),
          new Endpoint("cancellation/response", Role.ADVISING, "{\"accepted\":true}"),
          new Endpoint("expiry", Role.ANY_PARTY, "{}"),
          new Endpoint("closure", Role.ISSUING, "{}"));

  @BeforeAll
  static void twoLcsWithAPresentation() throws Exception {
    node = new SandboxNode(dir.resolve("node"), Instant.parse("2026-03-02T02:00:00Z"));
    created(node.post("sandbox-shanghai", "/api/v1/lcs", terms(SIGHT, "{\"type\":\"SIGHT\"}")));
    created(
        node.post(
            "sandbox-shanghai",
            "/api/v1/lcs",
            terms(NEGOTIATION, "{\"type\":\"NEGOTIATION\",\"nominatedBranch\":\"forfaiter\"}")));
    for (String lc : List.of(SIGHT, NEGOTIATION)) {
      assertThat(node.post("sandbox-yangzhou", "/api/v1/lcs/" + lc + "/advice", "{}").status())
          .isEqualTo(200);
    }
    Path invoice = Files.writeString(dir.resolve("invoice.pdf"), "%PDF-1.4 增值税发票");
    document =
        created(node.upload("sandbox-yangzhou", invoice, "INVOICE"))
            .body()
            .path("documentId")
            .asText();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  static SandboxNode.Reply created(SandboxNode.Reply reply) {
    assertThat(reply.status()).as(String.valueOf(reply.body())).isEqualTo(201);
    return reply;
  }

  /** The branches that may take a step of {@code role} on each LC. */
  static Set<String> mayTake(Role role, String lc) {
    String nominated = lc.equals(NEGOTIATION) ? "forfaiter" : null;
    List<String> may = new ArrayList<>();
    switch (role) {
      case ISSUING -> may.add("shanghai");
      case ADVISING -> may.add("yangzhou");
      case PRESENTER ->
          may.addAll(Stream.of("yangzhou", nominated).filter(b -> b != null).toList());
      case NOMINATED -> may.addAll(Stream.of(nominated).filter(b -> b != null).toList());
      case NOT_ISSUER -> may.addAll(List.of("yangzhou", "forfaiter"));
      case ANY_PARTY ->
          may.addAll(Stream.of("shanghai", "yangzhou", nominated).filter(b -> b != null).toList());
    }
    return Set.copyOf(may);
  }

  static boolean party(String branch, String lc) {
    return !branch.equals("forfaiter") || lc.equals(NEGOTIATION);
  }

  static Stream<Arguments> everyStepByEachBankThatMayNotTakeIt() {
    return Stream.of(SIGHT, NEGOTIATION)
        .flatMap(
            lc ->
                ENDPOINTS.stream()
                    .flatMap(
                        e ->
                            Stream.of("shanghai", "yangzhou", "forfaiter")
                                .filter(branch -> !mayTake(e.role(), lc).contains(branch))
                                .map(branch -> Arguments.of(lc, e.path(), branch, e))));
  }

  /** Bodies a step must not be judged by when its caller may not take it. */
  static List<String> bodies(Endpoint e) {
    if (e.body() != null) {
      return List.of(e.body(), "{\"amount\":", "[]");
    }
    return List.of(
        // the report's case: a document the caller did not upload (here: yangzhou's)
        "{\"amount\":\"100.00\",\"shipmentDate\":\"2026-03-01\",\"documentIds\":[\""
            + document
            + "\"]}",
        "{\"amount\":\"100.00\",\"shipmentDate\":\"2026-03-01\",\"documentIds\":[\"no-such\"]}",
        "{\"amount\":\"-1\",\"documentIds\":[]}",
        "{\"amount\":");
  }

  @ParameterizedTest(name = "{0} {1} by {2}")
  @MethodSource("everyStepByEachBankThatMayNotTakeIt")
  void aBankThatMayNotTakeTheStepLearnsNothingElse(
      String lc, String path, String branch, Endpoint e) throws Exception {
    long chain = chain();
    boolean party = party(branch, lc);
    for (String body : bodies(e)) {
      SandboxNode.Reply r = node.post("sandbox-" + branch, "/api/v1/lcs/" + lc + "/" + path, body);
      assertThat(r.status()).as(body + " → " + r.body()).isEqualTo(party ? 403 : 404);
      assertThat(r.code()).isEqualTo(party ? "NOT_AUTHORIZED" : "LC_NOT_FOUND");
    }
    assertThat(chain()).as("nothing written").isEqualTo(chain);
  }

  @Test
  void anAuditorTakesNoStepAndANonPartyLearnsNothingOfAnLcThatDoesNotExist() throws Exception {
    for (Endpoint e : ENDPOINTS) {
      SandboxNode.Reply byAuditor =
          node.post("sandbox-auditor", "/api/v1/lcs/" + SIGHT + "/" + e.path(), "{\"amount\":");
      assertThat(byAuditor.status()).isEqualTo(403);
      assertThat(byAuditor.code()).isEqualTo("NOT_AUTHORIZED");
      SandboxNode.Reply missing =
          node.post("sandbox-yangzhou", "/api/v1/lcs/NO-SUCH-LC/" + e.path(), "{\"amount\":");
      assertThat(missing.status()).as(e.path()).isEqualTo(e.role() == Role.NOT_ISSUER ? 400 : 404);
    }
    SandboxNode.Reply issue = node.post("sandbox-auditor", "/api/v1/lcs", "{\"lcNumber\":");
    assertThat(issue.status()).isEqualTo(403);
  }

  @Test
  void theBankThatMayTakeTheStepStillHasItsBodyChecked() throws Exception {
    SandboxNode.Reply malformed =
        node.post("sandbox-yangzhou", "/api/v1/lcs/" + SIGHT + "/presentations", "{\"amount\":");
    assertThat(malformed.status()).isEqualTo(400);
    SandboxNode.Reply unknown =
        node.post(
            "sandbox-yangzhou",
            "/api/v1/lcs/" + SIGHT + "/presentations",
            bodies(ENDPOINTS.get(3)).get(1));
    assertThat(unknown.code()).isEqualTo("DOCUMENT_NOT_FOUND");
  }

  static long chain() throws Exception {
    Path blocks = node.dataDir().resolve("ledger").resolve("blocks.jsonl");
    return Files.exists(blocks) ? Files.size(blocks) : 0;
  }
}
