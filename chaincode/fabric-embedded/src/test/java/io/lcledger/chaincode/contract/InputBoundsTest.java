package io.lcledger.chaincode.contract;

import static io.lcledger.chaincode.contract.IssueTransactionTest.assertRefused;
import static io.lcledger.chaincode.testing.ContractHarness.SHANGHAI;
import static io.lcledger.chaincode.testing.ContractHarness.YANGZHOU;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.lcledger.chaincode.domain.Fixtures;
import io.lcledger.chaincode.domain.LcTerms;
import io.lcledger.chaincode.domain.Limits;
import io.lcledger.chaincode.domain.Money;
import io.lcledger.chaincode.domain.Party;
import io.lcledger.chaincode.domain.PaymentType;
import io.lcledger.chaincode.ledger.CanonicalJson;
import io.lcledger.chaincode.testing.ContractHarness;
import io.lcledger.chaincode.testing.ContractHarness.Result;
import io.lcledger.chaincode.testing.LcFlow;
import java.time.Duration;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a request may carry: amounts the node can read back, decimals bounded before they are
 * parsed, strict JSON, the lcNumber alphabet and every text within {@link Limits}. Each refusal has
 * its code and writes nothing.
 */
class InputBoundsTest {
  final ContractHarness harness = ContractHarness.configured();
  final String terms = CanonicalJson.string(Fixtures.terms("LC-1", PaymentType.SIGHT));

  Result issue(String json) {
    Result result = harness.submit(SHANGHAI, "issue", json);
    if (!result.ok()) {
      assertThat(result.wroteNothing()).isTrue();
    }
    return result;
  }

  String withField(String field, String jsonValue) {
    return terms.replaceFirst(
        "\"" + field + "\":(\"[^\"]*\"|\\d+|true|false)", "\"" + field + "\":" + jsonValue);
  }

  @Test
  void anAmountIsWhatEveryNodeCanReadBackAndSoIsItsMaximumWithTolerance() {
    // the review's poison LC: committed, then unreadable by every node
    assertRefused(issue(withField("amount", "\"999999999999999.99\"")), "INVALID_AMOUNT");
    assertRefused(issue(withField("amount", "\"10000000000000.00\"")), "INVALID_AMOUNT");
    // the maximum itself is an amount, but not with 5 % on top of it
    assertRefused(issue(withField("amount", "\"9999999999999.99\"")), "INVALID_AMOUNT");
    String noTolerance = withField("tolerancePercent", "0");
    Result max =
        issue(
            noTolerance.replaceFirst("\"amount\":\"[^\"]*\"", "\"amount\":\"" + Money.MAX + "\""));
    assertThat(max.ok()).as(max.message()).isTrue();
    assertThat(CanonicalJson.read(max.payload(), io.lcledger.chaincode.domain.LetterOfCredit.class))
        .extracting(lc -> lc.availableAmount())
        .isEqualTo(Money.MAX);
  }

  @Test
  void anAmendmentCannotRaiseTheMaximumBeyondAnAmount() {
    LcFlow lc = new LcFlow(harness, "LC-A").issuedAndAdvised(PaymentType.SIGHT);
    assertRefused(
        lc.step(SHANGHAI, "proposeAmendment", "{\"changes\":{\"amount\":\"9999999999999.00\"}}"),
        "INVALID_AMOUNT");
  }

  @Test
  void anExponentIsRefusedBeforeAnyNumberIsBuilt() {
    LcFlow lc = new LcFlow(harness, "LC-R").issuedAndAdvised(PaymentType.SIGHT);
    lc.present("1000.00", "2026-03-01").orThrow();
    lc.compliant(1).orThrow();
    for (String rate : new String[] {"\"1e1000000\"", "1e1000000", "\"1E+999999999\""}) {
      Result refused =
          assertTimeoutPreemptively(
              Duration.ofSeconds(2),
              () ->
                  lc.step(
                      SHANGHAI,
                      "grantBuyerFinancing",
                      "{\"presentationNo\":1,\"amount\":\"1000.00\",\"annualRatePercent\":"
                          + rate
                          + ",\"dueDate\":\"2026-06-01\"}"));
      assertRefused(refused, "INVALID_REQUEST");
      assertThat(refused.wroteNothing()).isTrue();
    }
    lc.step(
            SHANGHAI,
            "grantBuyerFinancing",
            "{\"presentationNo\":1,\"amount\":\"1000.00\",\"annualRatePercent\":\"4.35\","
                + "\"dueDate\":\"2026-06-01\"}")
        .orThrow();
  }

  @Test
  void jsonIsReadStrictlyNeverSilentlyConverted() {
    assertRefused(issue(terms + "garbage"), "INVALID_REQUEST");
    assertRefused(issue(terms + "{}"), "INVALID_REQUEST");
    assertRefused(issue(withField("tolerancePercent", "5.5")), "INVALID_REQUEST");
    assertRefused(issue(withField("amount", "1000000.00")), "INVALID_AMOUNT");
    assertRefused(issue(withField("expiryPlace", "12345")), "INVALID_REQUEST");
    assertRefused(issue(withField("partialShipmentsAllowed", "1")), "INVALID_REQUEST");
    assertThat(issue(terms).ok()).isTrue();
  }

  @ParameterizedTest
  @CsvSource({"LC/1", "LC 1", "-LC-1", ".LC", "LC-1/../2", "LC-123456789012345678901234567890123"})
  void theLcNumberIsOnePathSegmentOfLettersDigitsDotsDashesAndUnderscores(String number) {
    assertRefused(issue(terms.replace("\"LC-1\"", "\"" + number + "\"")), "INVALID_LC_NUMBER");
  }

  @Test
  void lcNumbersInUseStayValid() {
    for (String number : new String[] {"LC-P-1", "LC_2026.001", "2026SH0001", "A"}) {
      assertThat(issue(terms.replace("\"LC-1\"", "\"" + number + "\"")).ok()).isTrue();
    }
  }

  @Test
  void textsAreValidUnicodeWithoutControlCharacters() {
    // a lone surrogate, stored as '?' by any UTF-8 writer
    assertRefused(issue(terms.replace("上海申达贸易有限公司", "上海\\ud800申达")), "INVALID_TEXT");
    assertRefused(issue(terms.replace("上海申达贸易有限公司", "上海\\u0000申达")), "INVALID_TEXT");
    assertRefused(issue(terms.replace("上海申达贸易有限公司", "上海\\u202e申达")), "INVALID_TEXT");
    // the refusal, whose text is made only when a check fails, names the field and the character
    assertThat(issue(terms.replace("上海申达贸易有限公司", "上海\\u202e申达")).message())
        .contains("applicant")
        .contains("(U+202E)");
    assertRefused(issue(terms.replace("扬州\"", "扬\\n州\"")), "INVALID_TEXT");
    // a pair is a character; a goods description may span lines
    assertThat(
            issue(
                    terms
                        .replace("上海申达贸易有限公司", "上海\\ud842\\udfb7申达")
                        .replace("Cold-rolled steel coils", "Cold-rolled\\nsteel coils"))
                .ok())
        .isTrue();
  }

  static Stream<Arguments> textsOfTheTerms() {
    return Stream.of(
        text("applicant.name", Limits.NAME_MAX, (b, v) -> b.applicant = party(v, true)),
        text("beneficiary.name", Limits.NAME_MAX, (b, v) -> b.beneficiary = party(v, false)),
        text("expiryPlace", Limits.EXPIRY_PLACE_MAX, (b, v) -> b.expiryPlace = v),
        text("goodsDescription", Limits.GOODS_DESCRIPTION_MAX, (b, v) -> b.goodsDescription = v),
        text(
            "additionalConditions",
            Limits.ADDITIONAL_CONDITIONS_MAX,
            (b, v) -> b.additionalConditions = v));
  }

  static Arguments text(String field, int max, BiConsumer<LcTerms.Builder, String> set) {
    return Arguments.of(field, max, set);
  }

  static Party party(String name, boolean applicant) {
    return new Party(name, applicant ? Fixtures.APPLICANT_USCC : Fixtures.BENEFICIARY_USCC);
  }

  @ParameterizedTest(name = "{0} up to {1}")
  @MethodSource("textsOfTheTerms")
  void everyTextOfTheTermsIsBounded(
      String field, int max, BiConsumer<LcTerms.Builder, String> set) {
    LcTerms base = Fixtures.terms("LC-1", PaymentType.SIGHT);
    // counted in characters, so a CJK text may be as long as a Latin one
    String atLimit = "字".repeat(max - 1) + "\ud842\udfb7";
    Result over = issue(CanonicalJson.string(base.with(b -> set.accept(b, atLimit + "x"))));
    assertRefused(over, "LIMIT_EXCEEDED");
    assertThat(over.message()).contains(field);
    Result ok = issue(CanonicalJson.string(base.with(b -> set.accept(b, atLimit))));
    assertThat(ok.ok()).as(ok.message()).isTrue();
  }

  @Test
  void requiredDocumentsAreBounded() {
    String manyDocuments =
        terms.replace(
            "\"requiredDocuments\":[",
            "\"requiredDocuments\":[" + "{\"copies\":1,\"type\":\"OTHER\"},".repeat(7));
    assertRefused(issue(manyDocuments), "LIMIT_EXCEEDED");
    assertRefused(issue(terms.replace("\"copies\":3", "\"copies\":100")), "LIMIT_EXCEEDED");
  }

  @Test
  void everyTextAndListOfAStepIsBounded() {
    LcFlow lc = new LcFlow(harness, "LC-S").issuedAndAdvised(PaymentType.SIGHT);
    String doc = CanonicalJson.string(Fixtures.document("inv-1"));
    assertRefused(
        lc.step(
            YANGZHOU,
            "present",
            "{\"amount\":\"1.00\",\"shipmentDate\":\"2026-03-01\",\"documents\":["
                + (doc + ",").repeat(Limits.DOCUMENTS_MAX)
                + doc
                + "]}"),
        "LIMIT_EXCEEDED");
    assertRefused(
        lc.step(
            YANGZHOU,
            "present",
            "{\"amount\":\"1.00\",\"shipmentDate\":\"2026-03-01\",\"documents\":["
                + doc.replace("inv-1.pdf", "x".repeat(256))
                + "]}"),
        "LIMIT_EXCEEDED");
    assertRefused(
        lc.step(
            YANGZHOU,
            "present",
            "{\"amount\":\"1.00\",\"shipmentDate\":\"2026-03-01\",\"documents\":["
                + doc.replace("application/pdf", "text/html\\r\\nX-Evil: 1")
                + "]}"),
        "INVALID_TEXT");
    lc.present("1000.00", "2026-03-01").orThrow();
    assertRefused(
        lc.step(
            SHANGHAI,
            "examine",
            "{\"presentationNo\":1,\"result\":\"DISCREPANT\",\"discrepancies\":[\""
                + "x".repeat(501)
                + "\"]}"),
        "LIMIT_EXCEEDED");
    assertRefused(
        lc.step(
            SHANGHAI,
            "refuse",
            "{\"presentationNo\":1,\"documentDisposition\":\"HOLDING\",\"discrepancies\":["
                + "\"late\",".repeat(Limits.DISCREPANCIES_MAX)
                + "\"late\"]}"),
        "LIMIT_EXCEEDED");
    lc.compliant(1).orThrow();
    assertRefused(
        lc.step(
            SHANGHAI,
            "pay",
            "{\"presentationNo\":1,\"amount\":\"1000.00\",\"paymentReference\":\""
                + "R".repeat(65)
                + "\"}"),
        "LIMIT_EXCEEDED");
    assertRefused(
        lc.step(
            SHANGHAI,
            "pay",
            "{\"presentationNo\":1,\"amount\":\"1000.00\",\"paymentReference\":12345}"),
        "INVALID_REQUEST");
    assertRefused(
        lc.step(SHANGHAI, "requestCancellation", "{\"reason\":\"" + "x".repeat(1001) + "\"}"),
        "LIMIT_EXCEEDED");
  }

  @Test
  void anOversizedRequestOnAnotherBanksLcIsAnsweredAsForAMissingOne() {
    new LcFlow(harness, "LC-O").issuedAndAdvised(PaymentType.SIGHT);
    String reason = "{\"reason\":\"" + "x".repeat(1001) + "\"}";
    Result existing =
        harness.submit(ContractHarness.FORFAITER, "requestCancellation", "LC-O", reason);
    Result missing =
        harness.submit(ContractHarness.FORFAITER, "requestCancellation", "LC-X", reason);
    assertThat(existing.errorCode()).isEqualTo(missing.errorCode());
    assertThat(existing.message()).isEqualTo(missing.message());
  }
}
