package io.lcledger.chaincode.contract;

import static io.lcledger.chaincode.contract.IssueTransactionTest.assertRefused;
import static io.lcledger.chaincode.testing.ContractHarness.SHANGHAI;
import static io.lcledger.chaincode.testing.ContractHarness.SHANGHAI_ADMIN;
import static io.lcledger.chaincode.testing.ContractHarness.YANGZHOU;
import static org.assertj.core.api.Assertions.assertThat;

import io.lcledger.chaincode.domain.Fixtures;
import io.lcledger.chaincode.domain.LetterOfCredit;
import io.lcledger.chaincode.domain.PaymentTerms;
import io.lcledger.chaincode.domain.PaymentType;
import io.lcledger.chaincode.domain.Presentation;
import io.lcledger.chaincode.domain.PresentationStatus;
import io.lcledger.chaincode.ledger.CanonicalJson;
import io.lcledger.chaincode.testing.ContractHarness;
import io.lcledger.chaincode.testing.LcFlow;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** Presentation, examination and refusal: amounts, dates and deadlines. */
class PresentationRulesTest {
  final ContractHarness harness = ContractHarness.configured();
  final LcFlow lc = new LcFlow(harness, "LC-P");

  @Test
  void theExaminationDeadlineComesFromTheLedgersCalendar() {
    harness
        .submit(
            SHANGHAI_ADMIN, "network:setCalendar", CanonicalJson.string(Fixtures.calendar2026()))
        .orThrow();
    // received Friday 25 Sep: Saturday 26 Sep is worked (调休), 1-2 Oct are holidays
    harness.at("2026-09-25T03:00:00Z");
    lc.issuedAndAdvised(
        PaymentType.SIGHT, t -> IssueTransactionTest.dates(t, "2026-12-31", "2026-12-01"));
    Presentation p = presentation(lc.present("1000.00", "2026-09-20").orThrow().payload(), 1);
    assertThat(p.receivedOn()).isEqualTo(LocalDate.parse("2026-09-25"));
    assertThat(p.examinationDeadline()).isEqualTo(LocalDate.parse("2026-10-05"));
  }

  @Test
  void theBusinessDateIsBeijingTime() {
    lc.issuedAndAdvised(PaymentType.SIGHT);
    harness.at("2026-03-04T16:30:00Z"); // 00:30 on Thursday 5 March in Beijing
    Presentation p = presentation(lc.present("1000.00", "2026-03-01").orThrow().payload(), 1);
    assertThat(p.receivedOn()).isEqualTo(LocalDate.parse("2026-03-05"));
  }

  @Test
  void toleranceAllowsUpToTheAmountPlusFivePercentAndNoMore() {
    lc.issuedAndAdvised(PaymentType.SIGHT);
    assertRefused(lc.present("1050000.01", "2026-03-01"), "OVERDRAWN");
    lc.present("1000000.00", "2026-03-01").orThrow();
    assertRefused(lc.present("50000.01", "2026-03-01"), "OVERDRAWN");
    LetterOfCredit after =
        CanonicalJson.read(
            lc.present("50000.00", "2026-03-01").orThrow().payload(), LetterOfCredit.class);
    assertThat(after.availableAmount().toString()).isEqualTo("0.00");
  }

  @Test
  void aRefusedDrawingNoLongerCountsAgainstTheAmount() {
    lc.issuedAndAdvised(PaymentType.SIGHT);
    lc.present("1050000.00", "2026-03-01").orThrow();
    LetterOfCredit refused =
        CanonicalJson.read(
            lc.step(
                    SHANGHAI,
                    "refuse",
                    "{\"presentationNo\":1,\"discrepancies\":[\"no bill of lading\"],\"documentDisposition\":\"RETURNING\"}")
                .orThrow()
                .payload(),
            LetterOfCredit.class);
    assertThat(refused.availableAmount().toString()).isEqualTo("1050000.00");
    lc.present("1050000.00", "2026-03-01").orThrow();
  }

  @Test
  void withoutPartialShipmentsOnlyOneFullDrawing() {
    lc.issuedAndAdvised(PaymentType.SIGHT, IssueTransactionTest::notPartial);
    assertRefused(lc.present("949999.99", "2026-03-01"), "PARTIAL_DRAWING_NOT_ALLOWED");
    lc.present("950000.00", "2026-03-01").orThrow();
    assertRefused(lc.present("1000.00", "2026-03-01"), "PARTIAL_DRAWING_NOT_ALLOWED");
  }

  @Test
  void shipmentMustBeByTheLatestDateAndNotInTheFuture() {
    lc.issuedAndAdvised(PaymentType.SIGHT);
    assertRefused(lc.present("1000.00", "2026-03-03"), "SHIPMENT_IN_FUTURE");
    harness.at("2026-06-20T02:00:00Z");
    assertRefused(lc.present("1000.00", "2026-06-16"), "SHIPMENT_LATE");
    lc.present("1000.00", "2026-06-15").orThrow();
  }

  @Test
  void documentsMustArriveWithinThePresentationPeriodAfterShipment() {
    lc.issuedAndAdvised(PaymentType.SIGHT);
    harness.at("2026-03-17T02:00:00Z");
    assertRefused(lc.present("1000.00", "2026-03-01"), "PRESENTATION_LATE"); // due by 16 March
    lc.present("1000.00", "2026-03-02").orThrow(); // due by 17 March
  }

  @Test
  void neverAfterExpiry() {
    lc.issuedAndAdvised(PaymentType.SIGHT);
    harness.at("2026-07-01T02:00:00Z");
    assertRefused(lc.present("1000.00", "2026-06-15"), "LC_EXPIRED");
  }

  @Test
  void documentsMustCarryBothDigests() {
    lc.issuedAndAdvised(PaymentType.SIGHT);
    String doc = CanonicalJson.string(Fixtures.document("d1"));
    String request = "{\"amount\":\"1.00\",\"shipmentDate\":\"2026-03-01\",\"documents\":[%s]}";
    assertRefused(lc.step(YANGZHOU, "present", request.formatted("")), "INVALID_DOCUMENT");
    assertRefused(
        lc.step(YANGZHOU, "present", request.formatted(doc.replace(Fixtures.SM3, "xyz"))),
        "INVALID_DOCUMENT");
    assertRefused(
        lc.step(YANGZHOU, "present", request.formatted(doc + "," + doc)), "INVALID_DOCUMENT");
    assertThat(
            presentation(
                    lc.step(YANGZHOU, "present", request.formatted(doc)).orThrow().payload(), 1)
                .documents())
        .containsExactly(Fixtures.document("d1"));
  }

  @Test
  void discrepanciesMustBeListedAndRaisedWithinTheDeadline() {
    lc.issuedAndAdvised(PaymentType.SIGHT);
    lc.present("1000.00", "2026-03-01")
        .orThrow(); // received Monday 2 March: deadline Monday 9 March
    assertRefused(
        lc.step(
            SHANGHAI,
            "examine",
            "{\"presentationNo\":1,\"result\":\"DISCREPANT\",\"discrepancies\":[]}"),
        "DISCREPANCIES_REQUIRED");
    assertRefused(lc.step(SHANGHAI, "examine", "{\"presentationNo\":1}"), "INVALID_REQUEST");
    harness.at("2026-03-10T02:00:00Z");
    assertRefused(
        lc.step(
            SHANGHAI,
            "examine",
            "{\"presentationNo\":1,\"result\":\"DISCREPANT\",\"discrepancies\":[\"late\"]}"),
        "DEADLINE_PASSED");
    // honouring late is still possible: the bank then simply pays
    lc.compliant(1).orThrow();
  }

  @Test
  void oneRefusalListsEveryDiscrepancyBeforeTheDeadline() {
    lc.issuedAndAdvised(PaymentType.SIGHT);
    lc.present("1000.00", "2026-03-01").orThrow();
    lc.step(
            SHANGHAI,
            "examine",
            "{\"presentationNo\":1,\"result\":\"DISCREPANT\",\"discrepancies\":[\"late shipment\",\"invoice unsigned\"]}")
        .orThrow();
    assertRefused(
        lc.step(
            SHANGHAI,
            "refuse",
            "{\"presentationNo\":1,\"discrepancies\":[\"late shipment\"],\"documentDisposition\":\"HOLDING\"}"),
        "REFUSAL_INCOMPLETE");
    assertRefused(
        lc.step(
            SHANGHAI,
            "refuse",
            "{\"presentationNo\":1,\"discrepancies\":[\"late shipment\",\"invoice unsigned\"]}"),
        "INVALID_REQUEST");
    harness.at("2026-03-10T02:00:00Z");
    assertRefused(
        lc.step(
            SHANGHAI,
            "refuse",
            "{\"presentationNo\":1,\"discrepancies\":[\"late shipment\",\"invoice unsigned\"],\"documentDisposition\":\"HOLDING\"}"),
        "DEADLINE_PASSED");
    harness.at("2026-03-09T15:59:59Z"); // 23:59:59 on the deadline day in Beijing
    Presentation refused =
        presentation(
            lc.step(
                    SHANGHAI,
                    "refuse",
                    "{\"presentationNo\":1,\"discrepancies\":[\"late shipment\",\"invoice unsigned\"],\"documentDisposition\":\"HOLDING\"}")
                .orThrow()
                .payload(),
            1);
    assertThat(refused.status()).isEqualTo(PresentationStatus.REFUSED);
    assertThat(refused.documentDisposition()).isEqualTo("HOLDING");
  }

  @Test
  void onlyDeferredLcsAreAcceptedAndMatureAfterTheirDays() {
    lc.issuedAndAdvised(PaymentType.SIGHT);
    lc.present("1000.00", "2026-03-01").orThrow();
    lc.compliant(1).orThrow();
    assertRefused(lc.accept(1), "NOT_DEFERRED");

    LcFlow deferred = new LcFlow(harness, "LC-D").issuedAndAdvised(PaymentType.DEFERRED);
    deferred.present("1000.00", "2026-03-01").orThrow();
    deferred.compliant(1).orThrow();
    Presentation accepted = presentation(deferred.accept(1).orThrow().payload(), 1);
    // 2 March + 90 days is Sunday 31 May: paid on the next business day (顺延)
    assertThat(accepted.maturityDate()).isEqualTo(LocalDate.parse("2026-06-01"));
  }

  @Test
  void aMaturityOnASundayRollsToMonday() {
    assertThat(maturityAfter(90)).isEqualTo(LocalDate.parse("2026-06-01")); // Sun 31 May
  }

  @Test
  void aMaturityOnATiaoxiuWorkingSaturdayStays() {
    assertThat(maturityAfter(208)).isEqualTo(LocalDate.parse("2026-09-26")); // worked (调休)
  }

  @Test
  void aMaturityOnAHolidayRollsPastTheHolidayAndTheWeekend() {
    // 1-2 Oct are holidays, 3-4 Oct a weekend
    assertThat(maturityAfter(213)).isEqualTo(LocalDate.parse("2026-10-05"));
  }

  @Test
  void aMaturityOnABusinessDayStays() {
    assertThat(maturityAfter(88)).isEqualTo(LocalDate.parse("2026-05-29")); // Friday
  }

  /** Maturity of documents received Monday 2 March 2026 on an LC of {@code days} deferred. */
  private LocalDate maturityAfter(int days) {
    harness
        .submit(
            SHANGHAI_ADMIN, "network:setCalendar", CanonicalJson.string(Fixtures.calendar2026()))
        .orThrow();
    LcFlow deferred =
        new LcFlow(harness, "LC-M" + days)
            .issuedAndAdvised(
                PaymentType.DEFERRED,
                t ->
                    IssueTransactionTest.payment(
                        t, new PaymentTerms(PaymentType.DEFERRED, days, null)));
    deferred.present("1000.00", "2026-03-01").orThrow();
    deferred.compliant(1).orThrow();
    return presentation(deferred.accept(1).orThrow().payload(), 1).maturityDate();
  }

  @Test
  void paymentIsOfTheWholeDrawingToThePayee() {
    lc.issuedAndAdvised(PaymentType.SIGHT);
    lc.present("1000.00", "2026-03-01").orThrow();
    lc.compliant(1).orThrow();
    assertRefused(lc.pay(1, "999.99"), "PAYMENT_AMOUNT_MISMATCH");
    assertRefused(
        lc.step(
            SHANGHAI,
            "pay",
            "{\"presentationNo\":1,\"amount\":\"1000.00\",\"paymentReference\":\" \"}"),
        "INVALID_REQUEST");
    Presentation paid = presentation(lc.pay(1, "1000.00").orThrow().payload(), 1);
    assertThat(paid.payment().payee().id()).isEqualTo(Fixtures.BENEFICIARY_USCC);
    assertRefused(
        lc.step(SHANGHAI, "examine", "{\"presentationNo\":2,\"result\":\"COMPLIANT\"}"),
        "PRESENTATION_NOT_FOUND");
  }

  static Presentation presentation(String lcJson, int no) {
    return CanonicalJson.read(lcJson, LetterOfCredit.class).presentation(no).orElseThrow();
  }
}
