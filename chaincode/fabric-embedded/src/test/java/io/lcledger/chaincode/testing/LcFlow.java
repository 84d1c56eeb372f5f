package io.lcledger.chaincode.testing;

import static io.lcledger.chaincode.testing.ContractHarness.SHANGHAI;
import static io.lcledger.chaincode.testing.ContractHarness.YANGZHOU;

import io.lcledger.chaincode.domain.Fixtures;
import io.lcledger.chaincode.domain.LcTerms;
import io.lcledger.chaincode.domain.LetterOfCredit;
import io.lcledger.chaincode.domain.PaymentType;
import io.lcledger.chaincode.ledger.CanonicalJson;
import io.lcledger.chaincode.testing.ContractHarness.Result;
import java.util.function.UnaryOperator;

/** Drives an LC through its steps on a {@link ContractHarness}, failing loudly on any refusal. */
public final class LcFlow {
  private final ContractHarness harness;
  private final String lcNumber;

  public LcFlow(ContractHarness harness, String lcNumber) {
    this.harness = harness;
    this.lcNumber = lcNumber;
  }

  public static String json(LcTerms terms) {
    return CanonicalJson.string(terms);
  }

  /** Issues (by shanghai, advised through yangzhou) and advises an LC of {@code type}. */
  public LcFlow issuedAndAdvised(PaymentType type) {
    return issuedAndAdvised(type, t -> t);
  }

  public LcFlow issuedAndAdvised(PaymentType type, UnaryOperator<LcTerms> adjust) {
    harness.submit(SHANGHAI, "issue", json(adjust.apply(Fixtures.terms(lcNumber, type)))).orThrow();
    harness.submit(YANGZHOU, "advise", lcNumber).orThrow();
    return this;
  }

  /** Presents {@code amount} shipped on {@code shipmentDate} with one document. */
  public Result present(String amount, String shipmentDate) {
    return harness.submit(
        YANGZHOU,
        "present",
        lcNumber,
        "{\"amount\":\""
            + amount
            + "\",\"shipmentDate\":\""
            + shipmentDate
            + "\",\"documents\":["
            + CanonicalJson.string(Fixtures.document("inv-" + amount))
            + "]}");
  }

  public Result step(TestIdentity who, String function, String requestJson) {
    return harness.submit(who, function, lcNumber, requestJson);
  }

  public Result compliant(int presentationNo) {
    return step(
        SHANGHAI,
        "examine",
        "{\"presentationNo\":" + presentationNo + ",\"result\":\"COMPLIANT\"}");
  }

  public Result accept(int presentationNo) {
    return step(SHANGHAI, "acceptDeferred", "{\"presentationNo\":" + presentationNo + "}");
  }

  public Result pay(int presentationNo, String amount) {
    return step(
        SHANGHAI,
        "pay",
        "{\"presentationNo\":"
            + presentationNo
            + ",\"amount\":\""
            + amount
            + "\",\"paymentReference\":\"PAY-"
            + presentationNo
            + "\"}");
  }

  public LetterOfCredit lc() {
    return CanonicalJson.read(
        harness.evaluate(SHANGHAI, "getLc", lcNumber).orThrow().payload(), LetterOfCredit.class);
  }
}
