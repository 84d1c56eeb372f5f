package io.lcledger.chaincode.contract;

import static io.lcledger.chaincode.contract.IssueTransactionTest.assertRefused;
import static io.lcledger.chaincode.testing.ContractHarness.SHANGHAI;
import static io.lcledger.chaincode.testing.ContractHarness.YANGZHOU;
import static org.assertj.core.api.Assertions.assertThat;

import io.lcledger.chaincode.domain.AmendmentStatus;
import io.lcledger.chaincode.domain.LcStatus;
import io.lcledger.chaincode.domain.LetterOfCredit;
import io.lcledger.chaincode.domain.PaymentType;
import io.lcledger.chaincode.ledger.CanonicalJson;
import io.lcledger.chaincode.testing.ContractHarness;
import io.lcledger.chaincode.testing.LcFlow;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** Advice, amendments, cancellation, expiry and closing. */
class LcLifecycleRulesTest {
  final ContractHarness harness = ContractHarness.configured();
  final LcFlow lc = new LcFlow(harness, "LC-L");

  static LetterOfCredit read(ContractHarness.Result result) {
    return CanonicalJson.read(result.orThrow().payload(), LetterOfCredit.class);
  }

  @Test
  void anExpiredLcCannotBeAdvised() {
    harness
        .submit(
            SHANGHAI,
            "issue",
            LcFlow.json(io.lcledger.chaincode.domain.Fixtures.terms("LC-L", PaymentType.SIGHT)))
        .orThrow();
    harness.at("2026-07-01T02:00:00Z");
    assertRefused(harness.submit(YANGZHOU, "advise", "LC-L"), "LC_EXPIRED");
  }

  @Test
  void amendmentsBindTheBeneficiaryOnlyWhenAcceptedAndEachIsWhole() {
    lc.issuedAndAdvised(PaymentType.SIGHT);
    LetterOfCredit proposed =
        read(
            lc.step(
                SHANGHAI,
                "proposeAmendment",
                "{\"changes\":{\"amount\":\"1500000.00\",\"tolerancePercent\":0}}"));
    assertThat(proposed.terms().amount().toString()).isEqualTo("1000000.00");
    assertThat(proposed.amendments().get(0).changes())
        .containsEntry("amount", "1500000.00")
        .containsEntry("tolerancePercent", 0);
    read(
        lc.step(
            SHANGHAI,
            "proposeAmendment",
            "{\"changes\":{\"expiryDate\":\"2026-09-30\",\"latestShipmentDate\":\"2026-09-15\"}}"));
    LetterOfCredit rejected =
        read(lc.step(YANGZHOU, "answerAmendment", "{\"amendmentNo\":2,\"accepted\":false}"));
    assertThat(rejected.terms().expiryDate()).isEqualTo(LocalDate.parse("2026-06-30"));
    LetterOfCredit accepted =
        read(lc.step(YANGZHOU, "answerAmendment", "{\"amendmentNo\":1,\"accepted\":true}"));
    assertThat(accepted.terms().amount().toString()).isEqualTo("1500000.00");
    assertThat(accepted.availableAmount().toString()).isEqualTo("1500000.00");
    assertThat(accepted.amendments())
        .extracting(a -> a.status())
        .containsExactly(AmendmentStatus.ACCEPTED, AmendmentStatus.REJECTED);
    assertRefused(
        lc.step(YANGZHOU, "answerAmendment", "{\"amendmentNo\":3,\"accepted\":true}"),
        "AMENDMENT_NOT_FOUND");
  }

  @Test
  void twoPendingAmendmentsAreAppliedOneOnTheOther() {
    lc.issuedAndAdvised(PaymentType.SIGHT);
    lc.step(SHANGHAI, "proposeAmendment", "{\"changes\":{\"amount\":\"1200000.00\"}}").orThrow();
    lc.step(
            SHANGHAI,
            "proposeAmendment",
            "{\"changes\":{\"goodsDescription\":\"Steel coils, 240 t\"}}")
        .orThrow();
    lc.step(YANGZHOU, "answerAmendment", "{\"amendmentNo\":1,\"accepted\":true}").orThrow();
    LetterOfCredit both =
        read(lc.step(YANGZHOU, "answerAmendment", "{\"amendmentNo\":2,\"accepted\":true}"));
    assertThat(both.terms().amount().toString()).isEqualTo("1200000.00");
    assertThat(both.terms().goodsDescription()).isEqualTo("Steel coils, 240 t");
  }

  @Test
  void onlyTheTermsMayBeAmendedAndNeverBelowWhatIsDrawn() {
    lc.issuedAndAdvised(PaymentType.SIGHT);
    assertRefused(
        lc.step(SHANGHAI, "proposeAmendment", "{\"changes\":{\"currency\":\"USD\"}}"),
        "NOT_AMENDABLE");
    assertRefused(
        lc.step(SHANGHAI, "proposeAmendment", "{\"changes\":{\"beneficiary\":{\"name\":\"X\"}}}"),
        "NOT_AMENDABLE");
    assertRefused(lc.step(SHANGHAI, "proposeAmendment", "{\"changes\":{}}"), "INVALID_REQUEST");
    assertRefused(
        lc.step(SHANGHAI, "proposeAmendment", "{\"changes\":{\"expiryDate\":\"soon\"}}"),
        "INVALID_REQUEST");
    assertRefused(
        lc.step(SHANGHAI, "proposeAmendment", "{\"changes\":{\"tolerancePercent\":12}}"),
        "TOLERANCE_OUT_OF_RANGE");
    assertRefused(
        lc.step(
            SHANGHAI, "proposeAmendment", "{\"changes\":{\"latestShipmentDate\":\"2026-07-15\"}}"),
        "SHIPMENT_AFTER_EXPIRY");
    lc.present("600000.00", "2026-03-01").orThrow();
    assertRefused(
        lc.step(
            SHANGHAI,
            "proposeAmendment",
            "{\"changes\":{\"amount\":\"500000.00\",\"tolerancePercent\":0}}"),
        "AMOUNT_BELOW_DRAWN");
    assertRefused(
        lc.step(YANGZHOU, "proposeAmendment", "{\"changes\":{\"amount\":\"2000000.00\"}}"),
        "NOT_AUTHORIZED");
  }

  @Test
  void cancellationBeforeExpiryNeedsTheBeneficiarysConsent() {
    lc.issuedAndAdvised(PaymentType.SIGHT);
    assertRefused(lc.step(SHANGHAI, "requestCancellation", "{\"reason\":\"\"}"), "INVALID_REQUEST");
    lc.step(SHANGHAI, "requestCancellation", "{\"reason\":\"contract terminated\"}").orThrow();
    LetterOfCredit stillOpen =
        read(lc.step(YANGZHOU, "answerCancellation", "{\"accepted\":false}"));
    assertThat(stillOpen.status()).isEqualTo(LcStatus.ADVISED);
    lc.step(SHANGHAI, "requestCancellation", "{\"reason\":\"contract terminated\"}").orThrow();
    assertRefused(lc.step(SHANGHAI, "answerCancellation", "{\"accepted\":true}"), "NOT_AUTHORIZED");
    LetterOfCredit cancelled = read(lc.step(YANGZHOU, "answerCancellation", "{\"accepted\":true}"));
    assertThat(cancelled.status()).isEqualTo(LcStatus.CANCELLED);
    assertThat(cancelled.availableAmount().toString()).isEqualTo("0.00");
  }

  @Test
  void noCancellationWhileADrawingIsOutstandingOrAfterExpiry() {
    lc.issuedAndAdvised(PaymentType.SIGHT);
    lc.present("1000.00", "2026-03-01").orThrow();
    assertRefused(
        lc.step(SHANGHAI, "requestCancellation", "{\"reason\":\"x\"}"), "OUTSTANDING_ITEMS");
    lc.compliant(1).orThrow();
    lc.pay(1, "1000.00").orThrow();
    harness.at("2026-07-01T02:00:00Z");
    assertRefused(lc.step(SHANGHAI, "requestCancellation", "{\"reason\":\"x\"}"), "LC_EXPIRED");
  }

  @Test
  void expiresAfterTheExpiryDateWithNothingPendingAndReleasesTheBalance() {
    lc.issuedAndAdvised(PaymentType.DEFERRED);
    lc.present("1000.00", "2026-03-01").orThrow();
    harness.at("2026-06-30T15:59:59Z");
    assertRefused(harness.submit(YANGZHOU, "expire", "LC-L"), "NOT_YET_EXPIRED");
    harness.at("2026-07-01T02:00:00Z");
    assertRefused(harness.submit(YANGZHOU, "expire", "LC-L"), "OUTSTANDING_ITEMS");
    lc.compliant(1).orThrow();
    lc.accept(1).orThrow();
    LetterOfCredit expired = read(harness.submit(YANGZHOU, "expire", "LC-L"));
    assertThat(expired.status()).isEqualTo(LcStatus.EXPIRED);
    assertThat(expired.availableAmount().toString()).isEqualTo("0.00");
    // the accepted deferred drawing is still paid at maturity, then the LC closes
    assertRefused(harness.submit(SHANGHAI, "close", "LC-L"), "OUTSTANDING_ITEMS");
    lc.pay(1, "1000.00").orThrow();
    assertThat(read(harness.submit(SHANGHAI, "close", "LC-L")).status()).isEqualTo(LcStatus.CLOSED);
  }

  @Test
  void closesBeforeExpiryOnlyWhenNothingIsLeftToDraw() {
    lc.issuedAndAdvised(PaymentType.SIGHT);
    lc.present("1000000.00", "2026-03-01").orThrow();
    lc.compliant(1).orThrow();
    lc.pay(1, "1000000.00").orThrow();
    assertRefused(
        harness.submit(SHANGHAI, "close", "LC-L"), "BALANCE_AVAILABLE"); // 50000.00 tolerance left
    lc.present("50000.00", "2026-03-01").orThrow();
    lc.compliant(2).orThrow();
    lc.pay(2, "50000.00").orThrow();
    assertRefused(harness.submit(YANGZHOU, "close", "LC-L"), "NOT_AUTHORIZED");
    assertThat(read(harness.submit(SHANGHAI, "close", "LC-L")).status()).isEqualTo(LcStatus.CLOSED);
  }
}
