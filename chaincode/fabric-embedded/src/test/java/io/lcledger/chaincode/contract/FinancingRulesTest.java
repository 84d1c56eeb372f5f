package io.lcledger.chaincode.contract;

import static io.lcledger.chaincode.contract.IssueTransactionTest.assertRefused;
import static io.lcledger.chaincode.contract.PresentationRulesTest.presentation;
import static io.lcledger.chaincode.testing.ContractHarness.FORFAITER;
import static io.lcledger.chaincode.testing.ContractHarness.SHANGHAI;
import static io.lcledger.chaincode.testing.ContractHarness.YANGZHOU;
import static org.assertj.core.api.Assertions.assertThat;

import io.lcledger.chaincode.domain.FinancingStatus;
import io.lcledger.chaincode.domain.Payee;
import io.lcledger.chaincode.domain.PaymentType;
import io.lcledger.chaincode.domain.Presentation;
import io.lcledger.chaincode.testing.ContractHarness;
import io.lcledger.chaincode.testing.ContractHarness.Result;
import io.lcledger.chaincode.testing.LcFlow;
import org.junit.jupiter.api.Test;

/**
 * Buyer financing, forfaiting and negotiation: at most once, within the drawing, by the right bank.
 */
class FinancingRulesTest {
  final ContractHarness harness = ContractHarness.configured();
  final LcFlow lc = new LcFlow(harness, "LC-F");

  static String financing(String amount, String dueDate) {
    return "{\"presentationNo\":1,\"amount\":\""
        + amount
        + "\",\"annualRatePercent\":\"4.35\",\"dueDate\":\""
        + dueDate
        + "\"}";
  }

  @Test
  void buyerFinancingOnlyOnHonouredDocumentsOnceAndWithinTheDrawing() {
    lc.issuedAndAdvised(PaymentType.SIGHT);
    lc.present("100000.00", "2026-03-01").orThrow();
    assertRefused(
        lc.step(SHANGHAI, "grantBuyerFinancing", financing("100000.00", "2026-06-01")),
        "ILLEGAL_TRANSITION");
    lc.compliant(1).orThrow();
    assertRefused(
        lc.step(SHANGHAI, "grantBuyerFinancing", financing("100000.01", "2026-06-01")),
        "FINANCING_EXCEEDS_DRAWING");
    assertRefused(
        lc.step(SHANGHAI, "grantBuyerFinancing", financing("100000.00", "2026-03-02")),
        "DUE_DATE_NOT_AFTER_VALUE_DATE");
    assertRefused(
        lc.step(YANGZHOU, "grantBuyerFinancing", financing("100000.00", "2026-06-01")),
        "NOT_AUTHORIZED");
    lc.step(SHANGHAI, "grantBuyerFinancing", financing("80000.00", "2026-06-01")).orThrow();
    assertRefused(
        lc.step(SHANGHAI, "grantBuyerFinancing", financing("10000.00", "2026-06-01")),
        "ALREADY_FINANCED");
  }

  @Test
  void repaymentWithInterestClosesTheFinancingWhenFullyRepaid() {
    lc.issuedAndAdvised(PaymentType.SIGHT);
    lc.present("100000.00", "2026-03-01").orThrow();
    lc.compliant(1).orThrow();
    lc.step(SHANGHAI, "grantBuyerFinancing", financing("72000.00", "2026-06-01")).orThrow();
    lc.pay(1, "100000.00").orThrow();
    harness.at("2026-04-01T02:00:00Z"); // 30 days after the value date of 2 March
    Presentation partly =
        presentation(
            lc.step(
                    SHANGHAI,
                    "repayBuyerFinancing",
                    "{\"presentationNo\":1,\"amount\":\"36000.00\"}")
                .orThrow()
                .payload(),
            1);
    assertThat(partly.financingStatus()).isEqualTo(FinancingStatus.GRANTED);
    assertThat(partly.buyerFinancing().interestPaid().toString())
        .isEqualTo("130.50"); // 36000 x 4.35% x 30/360
    assertRefused(
        lc.step(SHANGHAI, "repayBuyerFinancing", "{\"presentationNo\":1,\"amount\":\"36000.01\"}"),
        "REPAYMENT_EXCEEDS_OUTSTANDING");
    Presentation repaid =
        presentation(
            lc.step(
                    SHANGHAI,
                    "repayBuyerFinancing",
                    "{\"presentationNo\":1,\"amount\":\"36000.00\"}")
                .orThrow()
                .payload(),
            1);
    assertThat(repaid.financingStatus()).isEqualTo(FinancingStatus.REPAID);
    assertThat(repaid.buyerFinancing().repaidOn()).hasToString("2026-04-01");
    assertRefused(
        lc.step(SHANGHAI, "repayBuyerFinancing", "{\"presentationNo\":1,\"amount\":\"1.00\"}"),
        "ILLEGAL_TRANSITION");
  }

  @Test
  void forfaitingOnceByABankOtherThanTheIssuerBeforeMaturityAndPaymentGoesToTheForfaiter() {
    lc.issuedAndAdvised(PaymentType.DEFERRED);
    lc.present("100000.00", "2026-03-01").orThrow();
    lc.compliant(1).orThrow();
    String offer =
        "{\"presentationNo\":1,\"purchasePrice\":\"98500.00\",\"discountRatePercent\":\"3.1\"}";
    assertRefused(lc.step(YANGZHOU, "forfait", offer), "ILLEGAL_TRANSITION"); // not yet accepted
    // a bank not party to the LC hears nothing of its state: the same answer as no LC at all
    Result outsider = lc.step(FORFAITER, "forfait", offer);
    Result missing = harness.submit(FORFAITER, "forfait", "LC-NONE", offer);
    assertRefused(outsider, "LC_NOT_FOUND");
    assertThat(outsider.message()).isEqualTo(missing.message().replace("LC-NONE", "LC-F"));
    lc.accept(1).orThrow();
    assertRefused(lc.step(SHANGHAI, "forfait", offer), "NOT_AUTHORIZED");
    assertRefused(
        lc.step(YANGZHOU, "forfait", offer.replace("98500.00", "100000.01")),
        "PURCHASE_PRICE_EXCEEDS_CLAIM");
    assertRefused(
        lc.step(FORFAITER, "forfait", offer.replace("98500.00", "100000.01")), "LC_NOT_FOUND");
    assertRefused(
        lc.step(
            FORFAITER, "forfait", offer.replace("\"presentationNo\":1", "\"presentationNo\":9")),
        "LC_NOT_FOUND");
    Presentation forfaited =
        presentation(lc.step(FORFAITER, "forfait", offer).orThrow().payload(), 1);
    assertThat(forfaited.payee()).isEqualTo(new Payee(Payee.Kind.FORFAITER, "forfaiter"));
    assertRefused(lc.step(FORFAITER, "forfait", offer), "ALREADY_FORFAITED");
    assertRefused(lc.step(YANGZHOU, "forfait", offer), "ALREADY_FORFAITED");
    // the forfaiter is now a party and reads the LC
    harness.evaluate(FORFAITER, "getLc", "LC-F").orThrow();
    Presentation paid = presentation(lc.pay(1, "100000.00").orThrow().payload(), 1);
    assertThat(paid.payment().payee()).isEqualTo(new Payee(Payee.Kind.FORFAITER, "forfaiter"));
  }

  @Test
  void noForfaitingOnceTheClaimHasMatured() {
    lc.issuedAndAdvised(PaymentType.DEFERRED);
    lc.present("100000.00", "2026-03-01").orThrow();
    lc.compliant(1).orThrow();
    lc.accept(1).orThrow(); // 90 days is Sunday 31 May 2026: matures Monday 1 June (顺延)
    harness.at("2026-05-31T16:00:00Z"); // 1 June in Beijing
    String offer =
        "{\"presentationNo\":1,\"purchasePrice\":\"99900.00\",\"discountRatePercent\":\"1\"}";
    assertRefused(lc.step(FORFAITER, "forfait", offer), "LC_NOT_FOUND");
    assertRefused(
        lc.step(
            YANGZHOU,
            "forfait",
            "{\"presentationNo\":1,\"purchasePrice\":\"99900.00\",\"discountRatePercent\":\"1\"}"),
        "MATURITY_PASSED");
  }

  @Test
  void negotiationByTheNominatedBankOfANegotiationLcOnce() {
    LcFlow sight =
        new LcFlow(harness, "LC-S")
            .issuedAndAdvised(
                PaymentType.SIGHT,
                t ->
                    IssueTransactionTest.payment(
                        t,
                        new io.lcledger.chaincode.domain.PaymentTerms(
                            PaymentType.SIGHT, null, "yangzhou")));
    sight.present("1000.00", "2026-03-01").orThrow();
    assertRefused(
        sight.step(YANGZHOU, "negotiate", "{\"presentationNo\":1,\"amount\":\"990.00\"}"),
        "NOT_NEGOTIATION");

    lc.issuedAndAdvised(PaymentType.NEGOTIATION);
    lc.present("100000.00", "2026-03-01").orThrow();
    assertRefused(
        lc.step(SHANGHAI, "negotiate", "{\"presentationNo\":1,\"amount\":\"99000.00\"}"),
        "NOT_AUTHORIZED");
    assertRefused(
        lc.step(YANGZHOU, "negotiate", "{\"presentationNo\":1,\"amount\":\"100000.01\"}"),
        "NEGOTIATION_EXCEEDS_DRAWING");
    Presentation negotiated =
        presentation(
            lc.step(YANGZHOU, "negotiate", "{\"presentationNo\":1,\"amount\":\"99000.00\"}")
                .orThrow()
                .payload(),
            1);
    assertThat(negotiated.payee()).isEqualTo(new Payee(Payee.Kind.NEGOTIATING_BANK, "yangzhou"));
    assertRefused(
        lc.step(YANGZHOU, "negotiate", "{\"presentationNo\":1,\"amount\":\"99000.00\"}"),
        "ALREADY_NEGOTIATED");
    lc.compliant(1).orThrow();
    assertThat(presentation(lc.pay(1, "100000.00").orThrow().payload(), 1).payment().payee().kind())
        .isEqualTo(Payee.Kind.NEGOTIATING_BANK);
  }
}
