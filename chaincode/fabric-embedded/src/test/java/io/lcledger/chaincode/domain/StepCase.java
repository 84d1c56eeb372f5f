package io.lcledger.chaincode.domain;

import static io.lcledger.chaincode.testing.ContractHarness.FORFAITER;
import static io.lcledger.chaincode.testing.ContractHarness.SHANGHAI;
import static io.lcledger.chaincode.testing.ContractHarness.YANGZHOU;

import io.lcledger.chaincode.ledger.CanonicalJson;
import io.lcledger.chaincode.testing.TestIdentity;

/**
 * How to take each step in a test, with inputs that pass every business check on the standard
 * fixture: the transaction, the request, who takes it, when, and on which kind of LC.
 */
record StepCase(
    Step step,
    String function,
    String request,
    TestIdentity caller,
    String time,
    PaymentType type,
    Money drawn) {

  static final String LC = "LC-TABLE-1";
  static final String WITHIN_DEADLINE = "2026-03-04T02:00:00Z";
  static final Money PARTLY_DRAWN = Money.parse("100000.00");
  static final Money FULLY_DRAWN = Money.parse("1050000.00");

  static StepCase of(Step step) {
    return switch (step) {
      case ISSUE ->
          at(step, "issue", CanonicalJson.string(Fixtures.terms(LC, PaymentType.SIGHT)), SHANGHAI);
      case ADVISE -> at(step, "advise", null, YANGZHOU);
      case PROPOSE_AMENDMENT ->
          at(step, "proposeAmendment", "{\"changes\":{\"amount\":\"1200000.00\"}}", SHANGHAI);
      case ACCEPT_AMENDMENT ->
          at(step, "answerAmendment", "{\"amendmentNo\":1,\"accepted\":true}", YANGZHOU);
      case REJECT_AMENDMENT ->
          at(step, "answerAmendment", "{\"amendmentNo\":1,\"accepted\":false}", YANGZHOU);
      case PRESENT ->
          at(
              step,
              "present",
              "{\"amount\":\"100000.00\",\"shipmentDate\":\"2026-03-01\",\"documents\":["
                  + CanonicalJson.string(Fixtures.document("doc-2"))
                  + "]}",
              YANGZHOU);
      case EXAMINE_COMPLIANT ->
          at(step, "examine", "{\"presentationNo\":1,\"result\":\"COMPLIANT\"}", SHANGHAI);
      case NOTE_DISCREPANCIES ->
          at(
              step,
              "examine",
              "{\"presentationNo\":1,\"result\":\"DISCREPANT\","
                  + "\"discrepancies\":[\"invoice amount differs from LC\"]}",
              SHANGHAI);
      case WAIVE_DISCREPANCIES ->
          at(step, "waive", "{\"presentationNo\":1,\"applicantWaived\":true}", SHANGHAI);
      case REFUSE ->
          at(
              step,
              "refuse",
              "{\"presentationNo\":1,\"discrepancies\":[\"invoice amount differs from LC\"],"
                  + "\"documentDisposition\":\"HOLDING\"}",
              SHANGHAI);
      case ACCEPT_DEFERRED ->
          at(step, "acceptDeferred", "{\"presentationNo\":1}", SHANGHAI).on(PaymentType.DEFERRED);
      case PAY_AT_SIGHT ->
          at(
              step,
              "pay",
              "{\"presentationNo\":1,\"amount\":\"100000.00\",\"paymentReference\":\"PAY-1\"}",
              SHANGHAI);
      case PAY_AT_MATURITY ->
          at(
                  step,
                  "pay",
                  "{\"presentationNo\":1,\"amount\":\"100000.00\",\"paymentReference\":\"PAY-1\"}",
                  SHANGHAI)
              .on(PaymentType.DEFERRED);
      case GRANT_BUYER_FINANCING ->
          at(
              step,
              "grantBuyerFinancing",
              "{\"presentationNo\":1,\"amount\":\"100000.00\","
                  + "\"annualRatePercent\":\"4.35\",\"dueDate\":\"2026-06-01\"}",
              SHANGHAI);
      case REPAY_BUYER_FINANCING ->
          at(
              step,
              "repayBuyerFinancing",
              "{\"presentationNo\":1,\"amount\":\"100000.00\"}",
              SHANGHAI);
      case FORFAIT ->
          at(
                  step,
                  "forfait",
                  "{\"presentationNo\":1,\"purchasePrice\":\"98000.00\",\"discountRatePercent\":\"3.2\"}",
                  FORFAITER)
              .on(PaymentType.DEFERRED);
      case NEGOTIATE ->
          at(step, "negotiate", "{\"presentationNo\":1,\"amount\":\"99000.00\"}", YANGZHOU)
              .on(PaymentType.NEGOTIATION);
      case REQUEST_CANCELLATION ->
          at(step, "requestCancellation", "{\"reason\":\"order cancelled\"}", SHANGHAI);
      case ACCEPT_CANCELLATION -> at(step, "answerCancellation", "{\"accepted\":true}", YANGZHOU);
      case REJECT_CANCELLATION -> at(step, "answerCancellation", "{\"accepted\":false}", YANGZHOU);
      case EXPIRE ->
          new StepCase(
              step,
              "expire",
              null,
              YANGZHOU,
              "2026-07-01T02:00:00Z",
              PaymentType.SIGHT,
              PARTLY_DRAWN);
      case CLOSE ->
          new StepCase(
              step, "close", null, SHANGHAI, WITHIN_DEADLINE, PaymentType.SIGHT, FULLY_DRAWN);
    };
  }

  private static StepCase at(Step step, String function, String request, TestIdentity caller) {
    return new StepCase(
        step, function, request, caller, WITHIN_DEADLINE, PaymentType.SIGHT, PARTLY_DRAWN);
  }

  StepCase on(PaymentType lcType) {
    return new StepCase(step, function, request, caller, time, lcType, drawn);
  }

  StepCase by(TestIdentity who) {
    return new StepCase(step, function, request, who, time, type, drawn);
  }

  /** Transaction arguments: the terms for issue, else the LC number and the request if any. */
  String[] args() {
    if (step == Step.ISSUE) {
      return new String[] {request};
    }
    return request == null ? new String[] {LC} : new String[] {LC, request};
  }
}
