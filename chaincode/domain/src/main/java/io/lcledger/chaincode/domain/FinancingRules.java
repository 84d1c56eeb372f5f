package io.lcledger.chaincode.domain;

import static io.lcledger.chaincode.domain.LcException.require;

import io.lcledger.chaincode.domain.Command.Forfait;
import io.lcledger.chaincode.domain.Command.GrantBuyerFinancing;
import io.lcledger.chaincode.domain.Command.Negotiate;
import io.lcledger.chaincode.domain.Command.RepayBuyerFinancing;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.temporal.ChronoUnit;
import java.util.function.Consumer;

/**
 * The checks and changes of {@link LcStateMachine}'s table for financing a drawing: buyer
 * financing, forfaiting and negotiation, each at most once and within the drawing.
 */
final class FinancingRules {
  /** CNY interest convention: actual days over a 360-day year. */
  private static final BigDecimal DAY_BASIS = BigDecimal.valueOf(360);

  private FinancingRules() {}

  // ---- buyer financing

  static void financingWithinDrawing(Situation<GrantBuyerFinancing> s) {
    GrantBuyerFinancing f = s.command();
    Amounts.requireWithinDrawing(
        s, f.amount(), "amount", ErrorCode.FINANCING_EXCEEDS_DRAWING, "financing");
    Amounts.requireRate(f.annualRatePercent(), false, "annualRatePercent");
    require(
        f.dueDate() != null && f.dueDate().isAfter(s.today()),
        ErrorCode.DUE_DATE_NOT_AFTER_VALUE_DATE,
        "dueDate must be after the value date " + s.today());
  }

  static LetterOfCredit grantBuyerFinancing(Situation<GrantBuyerFinancing> s) {
    GrantBuyerFinancing f = s.command();
    BuyerFinancing financing =
        new BuyerFinancing(
            FinancingStatus.GRANTED,
            f.amount(),
            f.annualRatePercent().stripTrailingZeros(),
            s.today(),
            f.dueDate(),
            Money.ZERO,
            Money.ZERO,
            null);
    return s.lc()
        .withPresentation(s.presentationNo(), p -> p.with(b -> b.buyerFinancing = financing));
  }

  static void repaymentWithinOutstanding(Situation<RepayBuyerFinancing> s) {
    Money amount = s.command().amount();
    Amounts.requirePositive(amount, "amount");
    Money outstanding = s.presentation().buyerFinancing().outstanding();
    require(
        !amount.exceeds(outstanding),
        ErrorCode.REPAYMENT_EXCEEDS_OUTSTANDING,
        "repayment " + amount + " exceeds the outstanding " + outstanding);
  }

  static LetterOfCredit repayBuyerFinancing(Situation<RepayBuyerFinancing> s) {
    Money amount = s.command().amount();
    BuyerFinancing f = s.presentation().buyerFinancing();
    long days = ChronoUnit.DAYS.between(f.valueDate(), s.today());
    BigDecimal interest =
        amount
            .value()
            .multiply(f.annualRatePercent())
            .multiply(BigDecimal.valueOf(days))
            .divide(Amounts.HUNDRED.multiply(DAY_BASIS), 2, RoundingMode.HALF_UP);
    Money repaid = f.repaidAmount().plus(amount);
    boolean full = repaid.compareTo(f.amount()) == 0;
    BuyerFinancing next =
        new BuyerFinancing(
            f.status(),
            f.amount(),
            f.annualRatePercent(),
            f.valueDate(),
            f.dueDate(),
            repaid,
            f.interestPaid().plus(new Money(interest)),
            full ? s.today() : null);
    return s.lc().withPresentation(s.presentationNo(), p -> p.with(b -> b.buyerFinancing = next));
  }

  static Statuses financingStatusAfterRepayment(Situation<?> s) {
    BuyerFinancing f = s.presentation().buyerFinancing();
    Money after = f.repaidAmount().plus(((RepayBuyerFinancing) s.command()).amount());
    return after.compareTo(f.amount()) == 0 ? FinancingStatus.REPAID : FinancingStatus.GRANTED;
  }

  // ---- forfaiting and negotiation

  static void beforeMaturity(Situation<Forfait> s) {
    var maturity = s.presentation().maturityDate();
    require(
        s.today().isBefore(maturity),
        ErrorCode.MATURITY_PASSED,
        "the claim matured on " + maturity);
  }

  static void purchasePriceWithinClaim(Situation<Forfait> s) {
    Forfait f = s.command();
    Amounts.requireWithinDrawing(
        s,
        f.purchasePrice(),
        "purchasePrice",
        ErrorCode.PURCHASE_PRICE_EXCEEDS_CLAIM,
        "purchase price");
    Amounts.requireRate(f.discountRatePercent(), true, "discountRatePercent");
  }

  static LetterOfCredit forfait(Situation<Forfait> s) {
    Forfait f = s.command();
    String forfaiter = s.caller().branch();
    Forfaiting forfaiting =
        new Forfaiting(
            ForfaitingStatus.FORFAITED,
            forfaiter,
            f.purchasePrice(),
            f.discountRatePercent().stripTrailingZeros(),
            s.today());
    return purchased(s, new Payee(Payee.Kind.FORFAITER, forfaiter), b -> b.forfaiting = forfaiting);
  }

  static void negotiationLc(Situation<Negotiate> s) {
    require(
        s.lc().terms().paymentType() == PaymentType.NEGOTIATION,
        ErrorCode.NOT_NEGOTIATION,
        "only a NEGOTIATION LC can be negotiated");
  }

  static void negotiationWithinDrawing(Situation<Negotiate> s) {
    Amounts.requireWithinDrawing(
        s, s.command().amount(), "amount", ErrorCode.NEGOTIATION_EXCEEDS_DRAWING, "negotiation");
  }

  static LetterOfCredit negotiate(Situation<Negotiate> s) {
    String branch = s.caller().branch();
    Negotiation negotiation =
        new Negotiation(NegotiationStatus.NEGOTIATED, branch, s.command().amount(), s.today());
    return purchased(
        s, new Payee(Payee.Kind.NEGOTIATING_BANK, branch), b -> b.negotiation = negotiation);
  }

  /** The presentation's claim bought by a bank: its record of the purchase, and it is paid now. */
  private static LetterOfCredit purchased(
      Situation<?> s, Payee payee, Consumer<Presentation.Builder> purchase) {
    return s.lc()
        .withPresentation(
            s.presentationNo(),
            p ->
                p.with(
                    b -> {
                      purchase.accept(b);
                      b.payee = payee;
                    }));
  }
}
