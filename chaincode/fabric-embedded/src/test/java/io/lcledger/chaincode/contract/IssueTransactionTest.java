package io.lcledger.chaincode.contract;

import static io.lcledger.chaincode.testing.ContractHarness.AUDITOR;
import static io.lcledger.chaincode.testing.ContractHarness.OUTSIDER;
import static io.lcledger.chaincode.testing.ContractHarness.SHANGHAI;
import static io.lcledger.chaincode.testing.ContractHarness.SHANGHAI_ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

import io.lcledger.chaincode.domain.Command;
import io.lcledger.chaincode.domain.Fixtures;
import io.lcledger.chaincode.domain.LcTerms;
import io.lcledger.chaincode.domain.Party;
import io.lcledger.chaincode.domain.PaymentTerms;
import io.lcledger.chaincode.domain.PaymentType;
import io.lcledger.chaincode.embedded.EmbeddedStub;
import io.lcledger.chaincode.ledger.CanonicalJson;
import io.lcledger.chaincode.testing.ContractHarness;
import io.lcledger.chaincode.testing.ContractHarness.Result;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.hyperledger.fabric.shim.ext.sbe.impl.StateBasedEndorsementFactory;
import org.hyperledger.fabric.shim.ledger.CompositeKey;
import org.junit.jupiter.api.Test;

class IssueTransactionTest {
  final ContractHarness harness = ContractHarness.configured();

  static final String ISSUED_LC =
      "{\"amendments\":[],\"availableAmount\":\"1050000.00\",\"issueDate\":\"2026-03-02\","
          + "\"issuingBranch\":\"shanghai\",\"lastStep\":{\"branch\":\"shanghai\",\"mspId\":\"ShanghaiMSP\","
          + "\"step\":\"ISSUE\",\"timestamp\":\"2026-03-02T02:00:00Z\",\"txId\":\"TXID\"},"
          + "\"presentations\":[],\"status\":\"ISSUED\",\"terms\":{\"advisingBranch\":\"yangzhou\","
          + "\"amount\":\"1000000.00\",\"applicant\":{\"name\":\"上海申达贸易有限公司\",\"uscc\":\"91310000132200821H\"},"
          + "\"beneficiary\":{\"name\":\"扬州远洋钢材有限公司\",\"uscc\":\"91321003MA1WCB7N6N\"},"
          + "\"currency\":\"CNY\",\"expiryDate\":\"2026-06-30\",\"expiryPlace\":\"扬州\","
          + "\"goodsDescription\":\"Cold-rolled steel coils, 200 t\",\"latestShipmentDate\":\"2026-06-15\","
          + "\"lcNumber\":\"LC-1\",\"partialShipmentsAllowed\":true,\"paymentTerms\":{\"type\":\"SIGHT\"},"
          + "\"presentationPeriodDays\":15,\"requiredDocuments\":[{\"copies\":3,\"type\":\"INVOICE\"},"
          + "{\"copies\":1,\"type\":\"TRANSPORT_DOCUMENT\"}],\"tolerancePercent\":5}}";

  Result issue(UnaryOperator<LcTerms> adjust) {
    return harness.submit(
        SHANGHAI,
        "issue",
        CanonicalJson.string(adjust.apply(Fixtures.terms("LC-1", PaymentType.SIGHT))));
  }

  @Test
  void writesThePublicHalfTheSealedTermsInTheBanksCollectionTheIndexesAndAPolicyOfBothBanks() {
    LcTerms terms = Fixtures.terms("LC-1", PaymentType.SIGHT);
    ContractCalls.Call call = ContractCalls.step("LC-1", new Command.Issue(terms));
    Result result = harness.submit(SHANGHAI, call).orThrow();

    String lcKey = new CompositeKey("lc", "LC-1").toString();
    String collection = "terms_shanghai_yangzhou";
    String salt = HexFormat.of().formatHex(call.transientData().get("salt"));
    String sealed =
        "{\"lc\":"
            + ISSUED_LC.replace("TXID", result.tx().getTxId())
            + ",\"salt\":\""
            + salt
            + "\"}";
    String summary =
        "{\"advisingBranch\":\"yangzhou\",\"branches\":[\"shanghai\",\"yangzhou\"],"
            + "\"collection\":\""
            + collection
            + "\",\"issuingBranch\":\"shanghai\",\"lcNumber\":\"LC-1\",\"status\":\"ISSUED\","
            + "\"termsHash\":\""
            + PublicLc.hashOf(sealed.getBytes(StandardCharsets.UTF_8))
            + "\",\"version\":1}";
    Map<String, String> written = new TreeMap<>();
    result.tx().writes().forEach((k, v) -> written.put(k, new String(v, StandardCharsets.UTF_8)));
    String index = "\u0000";
    Map<String, String> expected = new TreeMap<>();
    expected.put(lcKey, summary);
    expected.put(new CompositeKey("lc~status", "ISSUED", "LC-1").toString(), index);
    expected.put(new CompositeKey("lc~party", "shanghai", "ISSUED", "LC-1").toString(), index);
    expected.put(new CompositeKey("lc~party", "yangzhou", "ISSUED", "LC-1").toString(), index);
    expected.put(EmbeddedStub.privateKey(collection, LedgerKeys.lcVersion("LC-1", 1)), sealed);
    for (String uscc : new String[] {Fixtures.APPLICANT_USCC, Fixtures.BENEFICIARY_USCC}) {
      expected.put(
          EmbeddedStub.privateKey(
              collection, new CompositeKey("lc~party", uscc, "ISSUED", "LC-1").toString()),
          index);
    }
    assertThat(written).containsExactlyInAnyOrderEntriesOf(expected);
    assertThat(result.reply()).isEqualTo(summary);
    assertThat(result.payload()).isEqualTo(ISSUED_LC.replace("TXID", result.tx().getTxId()));
    byte[] policy = result.tx().validationParameterWrites().get(lcKey);
    assertThat(
            StateBasedEndorsementFactory.getInstance().newStateBasedEndorsement(policy).listOrgs())
        .containsExactlyInAnyOrder("ShanghaiMSP", "YangzhouMSP");
    assertThat(result.tx().getEvent().getEventName()).isEqualTo("LcIssued");
    // what a block keeps (arguments, reply, event) names no company, goods or amount
    String event = result.tx().getEvent().getPayload().toStringUtf8();
    assertThat(event)
        .isEqualTo(
            "{\"actingBranch\":\"shanghai\",\"branches\":[\"shanghai\",\"yangzhou\"],"
                + "\"companies\":[],\"lcNumber\":\"LC-1\","
                + "\"lcStatus\":\"ISSUED\",\"name\":\"LcIssued\",\"status\":\"ISSUED\",\"step\":\"ISSUE\","
                + "\"timestamp\":\"2026-03-02T02:00:00Z\",\"txId\":\""
                + result.tx().getTxId()
                + "\"}");
    for (String inBlock : List.of(String.join(",", call.args()), result.reply(), event)) {
      assertThat(inBlock)
          .doesNotContain(Fixtures.APPLICANT_USCC)
          .doesNotContain(Fixtures.BENEFICIARY_USCC)
          .doesNotContain("上海申达")
          .doesNotContain("steel")
          .doesNotContain("1000000");
    }
  }

  @Test
  void theSameRequestWritesTheSameBytesOnEveryPeer() {
    ContractHarness other = ContractHarness.configured();
    String a = issue(t -> t).orThrow().payload();
    String b =
        other
            .submit(
                SHANGHAI, "issue", CanonicalJson.string(Fixtures.terms("LC-1", PaymentType.SIGHT)))
            .orThrow()
            .payload();
    // same request and time; only the transaction id differs between the two ledgers
    assertThat(a.replaceAll("\"txId\":\"[0-9a-f]+\"", ""))
        .isEqualTo(b.replaceAll("\"txId\":\"[0-9a-f]+\"", ""));
  }

  @Test
  void thePresentationPeriodDefaultsToFifteenDays() {
    String lc = issue(t -> with(t, null)).orThrow().payload();
    assertThat(lc).contains("\"presentationPeriodDays\":15");
  }

  @Test
  void refusesADuplicateLcNumber() {
    issue(t -> t).orThrow();
    assertRefused(issue(t -> t), "DUPLICATE_LC_NUMBER");
  }

  @Test
  void refusesAnInvalidUscc() {
    assertRefused(
        issue(t -> parties(t, new Party("A", "91310000132200821J"), t.beneficiary())),
        "INVALID_USCC");
    assertRefused(
        issue(t -> parties(t, t.applicant(), new Party("B", "91310000132200822L"))),
        "INVALID_USCC");
  }

  @Test
  void refusesTheSameCompanyOnBothSides() {
    assertRefused(issue(t -> parties(t, t.applicant(), t.applicant())), "INVALID_TERMS");
  }

  @Test
  void refusesAmountsThatAreNotPositiveDecimalStrings() {
    String terms = CanonicalJson.string(Fixtures.terms("LC-1", PaymentType.SIGHT));
    assertRefused(
        harness.submit(SHANGHAI, "issue", terms.replace("\"1000000.00\"", "\"0.00\"")),
        "INVALID_AMOUNT");
    assertRefused(
        harness.submit(SHANGHAI, "issue", terms.replace("\"1000000.00\"", "1000000.00")),
        "INVALID_AMOUNT");
    assertRefused(
        harness.submit(SHANGHAI, "issue", terms.replace("\"1000000.00\"", "\"1000000.001\"")),
        "INVALID_AMOUNT");
  }

  @Test
  void refusesAnotherCurrency() {
    String terms = CanonicalJson.string(Fixtures.terms("LC-1", PaymentType.SIGHT));
    assertRefused(
        harness.submit(SHANGHAI, "issue", terms.replace("\"CNY\"", "\"USD\"")), "INVALID_CURRENCY");
  }

  @Test
  void refusesAToleranceAboveTenPercent() {
    String terms = CanonicalJson.string(Fixtures.terms("LC-1", PaymentType.SIGHT));
    assertRefused(
        harness.submit(
            SHANGHAI, "issue", terms.replace("\"tolerancePercent\":5", "\"tolerancePercent\":11")),
        "TOLERANCE_OUT_OF_RANGE");
  }

  @Test
  void refusesAnExpiryNotAfterTheIssueDate() {
    assertRefused(issue(t -> dates(t, "2026-03-02", "2026-03-02")), "EXPIRY_NOT_AFTER_ISSUE");
    issue(t -> dates(t, "2026-03-03", "2026-03-03")).orThrow();
  }

  @Test
  void refusesALatestShipmentAfterExpiry() {
    assertRefused(issue(t -> dates(t, "2026-06-30", "2026-07-01")), "SHIPMENT_AFTER_EXPIRY");
  }

  @Test
  void refusesDeferredPaymentBeyondOneYear() {
    assertRefused(
        issue(t -> payment(t, new PaymentTerms(PaymentType.DEFERRED, 366, null))),
        "DEFERRED_TOO_LONG");
    assertRefused(
        issue(t -> payment(t, new PaymentTerms(PaymentType.DEFERRED, null, null))),
        "INVALID_TERMS");
    issue(t -> payment(t, new PaymentTerms(PaymentType.DEFERRED, 365, null))).orThrow();
  }

  @Test
  void refusesUnknownOrWrongBranches() {
    assertRefused(issue(t -> advisedBy(t, "beijing")), "UNKNOWN_BRANCH");
    assertRefused(issue(t -> advisedBy(t, "shanghai")), "INVALID_TERMS");
    assertRefused(
        issue(t -> payment(t, new PaymentTerms(PaymentType.NEGOTIATION, null, null))),
        "INVALID_TERMS");
    assertRefused(
        issue(t -> payment(t, new PaymentTerms(PaymentType.NEGOTIATION, null, "beijing"))),
        "UNKNOWN_BRANCH");
  }

  @Test
  void refusesMalformedRequestsAndLcNumbers() {
    assertRefused(harness.submit(SHANGHAI, "issue", "{not json"), "INVALID_REQUEST");
    String terms = CanonicalJson.string(Fixtures.terms("LC-1", PaymentType.SIGHT));
    assertRefused(
        harness.submit(
            SHANGHAI,
            "issue",
            terms.replace("{\"advisingBranch\"", "{\"colour\":\"red\",\"advisingBranch\"")),
        "INVALID_REQUEST");
    assertRefused(
        harness.submit(SHANGHAI, "issue", terms.replace("\"LC-1\"", "\"LC 1\"")),
        "INVALID_LC_NUMBER");
  }

  @Test
  void onlyANetworkBranchIssues() {
    String terms = CanonicalJson.string(Fixtures.terms("LC-1", PaymentType.SIGHT));
    assertRefused(harness.submit(AUDITOR, "issue", terms), "NOT_AUTHORIZED");
    assertRefused(harness.submit(OUTSIDER, "issue", terms), "NOT_AUTHORIZED");
  }

  @Test
  void nothingHappensBeforeTheNetworkIsConfigured() {
    ContractHarness blank = new ContractHarness();
    Result result =
        blank.submit(
            SHANGHAI, "issue", CanonicalJson.string(Fixtures.terms("LC-1", PaymentType.SIGHT)));
    assertRefused(result, "NETWORK_NOT_CONFIGURED");
    blank.submit(SHANGHAI_ADMIN, "network:configure", ContractHarness.NETWORK_CONFIG).orThrow();
  }

  static void assertRefused(Result result, String code) {
    assertThat(result.errorCode()).as(result.message()).isEqualTo(code);
    assertThat(result.message()).startsWith(code + ": ");
    assertThat(result.wroteNothing()).isTrue();
  }

  static LcTerms with(LcTerms t, Integer presentationPeriodDays) {
    return t.with(b -> b.presentationPeriodDays = presentationPeriodDays);
  }

  static LcTerms parties(LcTerms t, Party applicant, Party beneficiary) {
    return t.with(
        b -> {
          b.applicant = applicant;
          b.beneficiary = beneficiary;
        });
  }

  static LcTerms dates(LcTerms t, String expiry, String latestShipment) {
    return t.with(
        b -> {
          b.expiryDate = LocalDate.parse(expiry);
          b.latestShipmentDate = LocalDate.parse(latestShipment);
        });
  }

  static LcTerms payment(LcTerms t, PaymentTerms payment) {
    return t.with(b -> b.paymentTerms = payment);
  }

  static LcTerms advisedBy(LcTerms t, String branch) {
    return t.with(b -> b.advisingBranch = branch);
  }

  static LcTerms notPartial(LcTerms t) {
    return t.with(b -> b.partialShipmentsAllowed = false);
  }
}
