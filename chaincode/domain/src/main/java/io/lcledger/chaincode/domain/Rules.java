package io.lcledger.chaincode.domain;

import static io.lcledger.chaincode.domain.LcException.require;

import io.lcledger.chaincode.domain.Command.AcceptDeferred;
import io.lcledger.chaincode.domain.Command.AnswerAmendment;
import io.lcledger.chaincode.domain.Command.AnswerCancellation;
import io.lcledger.chaincode.domain.Command.Examine;
import io.lcledger.chaincode.domain.Command.Expire;
import io.lcledger.chaincode.domain.Command.Forfait;
import io.lcledger.chaincode.domain.Command.GrantBuyerFinancing;
import io.lcledger.chaincode.domain.Command.Issue;
import io.lcledger.chaincode.domain.Command.Negotiate;
import io.lcledger.chaincode.domain.Command.Pay;
import io.lcledger.chaincode.domain.Command.Present;
import io.lcledger.chaincode.domain.Command.ProposeAmendment;
import io.lcledger.chaincode.domain.Command.Refuse;
import io.lcledger.chaincode.domain.Command.RepayBuyerFinancing;
import io.lcledger.chaincode.domain.Command.RequestCancellation;
import io.lcledger.chaincode.domain.Command.Waive;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The checks and changes named in {@link LcStateMachine}'s table. Checks throw {@link LcException}
 * with the rule's own code; changes return the LC's next version.
 */
final class Rules {
  private static final Pattern HEX_256 = Pattern.compile("[0-9a-f]{64}");
  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  /** CNY interest convention: actual days over a 360-day year. */
  private static final BigDecimal DAY_BASIS = BigDecimal.valueOf(360);

  private Rules() {}

  // ---- issue and amendments

  static void termsValid(Situation<Issue> s) {
    require(s.command().terms() != null, ErrorCode.INVALID_REQUEST, "terms are required");
    TermsRules.validate(s.command().terms(), s.caller().branch(), s.knownBranches(), s.today());
  }

  static LetterOfCredit issue(Situation<Issue> s) {
    LcTerms t = s.command().terms();
    LcTerms normalized =
        t.with(b -> b.presentationPeriodDays = t.effectivePresentationPeriodDays());
    return new LetterOfCredit(
        normalized,
        s.caller().branch(),
        s.today(),
        LcStatus.ISSUED,
        normalized.maximumAmount(),
        List.of(),
        List.of(),
        null,
        null);
  }

  static void amendmentValid(Situation<ProposeAmendment> s) {
    Map<String, Object> changes = TermsChange.canonical(s.command().changes());
    validAmendedTerms(s, TermsChange.apply(s.lc().terms(), changes));
  }

  static void amendedTermsStillValid(Situation<AnswerAmendment> s) {
    validAmendedTerms(s, TermsChange.apply(s.lc().terms(), s.amendment().changes()));
  }

  private static void validAmendedTerms(Situation<?> s, LcTerms amended) {
    LetterOfCredit lc = s.lc();
    TermsRules.validate(amended, lc.issuingBranch(), s.knownBranches(), s.today());
    require(
        !lc.drawnAmount().exceeds(amended.maximumAmount()),
        ErrorCode.AMOUNT_BELOW_DRAWN,
        "amended maximum " + amended.maximumAmount() + " is below the drawn " + lc.drawnAmount());
  }

  static LetterOfCredit proposeAmendment(Situation<ProposeAmendment> s) {
    Amendment amendment =
        new Amendment(
            s.amendmentNo(),
            AmendmentStatus.PROPOSED,
            TermsChange.canonical(s.command().changes()),
            s.today(),
            null);
    List<Amendment> amendments = new ArrayList<>(s.lc().amendments());
    amendments.add(amendment);
    return s.lc().with(b -> b.amendments = amendments);
  }

  static LetterOfCredit acceptAmendment(Situation<AnswerAmendment> s) {
    LcTerms amended = TermsChange.apply(s.lc().terms(), s.amendment().changes());
    return answerAmendment(s).with(b -> b.terms = amended);
  }

  static LetterOfCredit answerAmendment(Situation<AnswerAmendment> s) {
    return s.lc()
        .withAmendment(
            s.amendmentNo(),
            a ->
                new Amendment(a.amendmentNo(), a.status(), a.changes(), a.proposedOn(), s.today()));
  }

  // ---- dates

  static void notExpired(Situation<?> s) {
    require(
        !s.today().isAfter(s.lc().terms().expiryDate()),
        ErrorCode.LC_EXPIRED,
        "LC expired on " + s.lc().terms().expiryDate());
  }

  static void pastExpiryDate(Situation<Expire> s) {
    require(
        s.today().isAfter(s.lc().terms().expiryDate()),
        ErrorCode.NOT_YET_EXPIRED,
        "LC is valid until " + s.lc().terms().expiryDate());
  }

  // ---- presentation

  static void documentsWellFormed(Situation<Present> s) {
    Present p = s.command();
    require(
        p.amount() != null && p.amount().isPositive(),
        ErrorCode.INVALID_AMOUNT,
        "amount must be > 0");
    require(p.shipmentDate() != null, ErrorCode.INVALID_REQUEST, "shipmentDate is required");
    require(
        p.documents() != null && !p.documents().isEmpty(),
        ErrorCode.INVALID_DOCUMENT,
        "a presentation has at least one document");
    Set<String> ids = new HashSet<>();
    for (DocumentRef d : p.documents()) {
      require(
          d != null
              && d.documentId() != null
              && !d.documentId().isBlank()
              && d.type() != null
              && d.fileName() != null
              && !d.fileName().isBlank()
              && d.mediaType() != null
              && d.size() > 0,
          ErrorCode.INVALID_DOCUMENT,
          "each document needs documentId, type, fileName, mediaType and a size > 0");
      require(
          d.sha256() != null && HEX_256.matcher(d.sha256()).matches(),
          ErrorCode.INVALID_DOCUMENT,
          "sha256 must be 64 lower-case hex digits");
      require(
          d.sm3() != null && HEX_256.matcher(d.sm3()).matches(),
          ErrorCode.INVALID_DOCUMENT,
          "sm3 must be 64 lower-case hex digits");
      require(
          ids.add(d.documentId()),
          ErrorCode.INVALID_DOCUMENT,
          "document listed twice: " + d.documentId());
    }
  }

  static void shipmentOnTime(Situation<Present> s) {
    var shipped = s.command().shipmentDate();
    require(
        !shipped.isAfter(s.lc().terms().latestShipmentDate()),
        ErrorCode.SHIPMENT_LATE,
        "shipped "
            + shipped
            + ", after the latest shipment date "
            + s.lc().terms().latestShipmentDate());
    require(
        !shipped.isAfter(s.today()),
        ErrorCode.SHIPMENT_IN_FUTURE,
        "shipment date " + shipped + " is in the future");
  }

  static void withinPresentationPeriod(Situation<Present> s) {
    var last =
        s.command().shipmentDate().plusDays(s.lc().terms().effectivePresentationPeriodDays());
    require(
        !s.today().isAfter(last),
        ErrorCode.PRESENTATION_LATE,
        "documents were due by "
            + last
            + " ("
            + s.lc().terms().effectivePresentationPeriodDays()
            + " days after shipment)");
  }

  static void partialDrawingAllowed(Situation<Present> s) {
    LetterOfCredit lc = s.lc();
    if (lc.terms().partialShipmentsAllowed()) {
      return;
    }
    boolean earlierDrawing =
        lc.presentations().stream().anyMatch(Presentation::countsAgainstAmount);
    require(
        !earlierDrawing,
        ErrorCode.PARTIAL_DRAWING_NOT_ALLOWED,
        "partial drawings are not allowed: LC already drawn");
    Money min = lc.terms().minimumFullDrawing();
    require(
        !min.exceeds(s.command().amount()),
        ErrorCode.PARTIAL_DRAWING_NOT_ALLOWED,
        "partial drawings are not allowed: the drawing must be at least " + min);
  }

  static void notOverdrawn(Situation<Present> s) {
    require(
        !s.command().amount().exceeds(s.lc().availableAmount()),
        ErrorCode.OVERDRAWN,
        "drawing " + s.command().amount() + " exceeds the available " + s.lc().availableAmount());
  }

  static LetterOfCredit present(Situation<Present> s) {
    Present p = s.command();
    Presentation.Builder b = new Presentation.Builder();
    b.presentationNo = s.presentationNo();
    b.presentingBranch = s.caller().branch();
    b.status = PresentationStatus.PRESENTED;
    b.amount = p.amount();
    b.shipmentDate = p.shipmentDate();
    b.receivedOn = s.today();
    b.examinationDeadline = s.calendar().examinationDeadline(s.today());
    b.documents = p.documents();
    b.payee = new Payee(Payee.Kind.BENEFICIARY, s.lc().terms().beneficiary().uscc());
    Presentation presentation = b.build();
    List<Presentation> presentations = new ArrayList<>(s.lc().presentations());
    presentations.add(presentation);
    return s.lc().with(lc -> lc.presentations = presentations);
  }

  // ---- examination

  static void discrepanciesListed(Situation<Examine> s) {
    require(
        !TermsRules.cleanList(s.command().discrepancies()).isEmpty(),
        ErrorCode.DISCREPANCIES_REQUIRED,
        "discrepant documents need the list of discrepancies");
  }

  static void withinExaminationDeadline(Situation<?> s) {
    var deadline = s.presentation().examinationDeadline();
    require(
        !s.today().isAfter(deadline),
        ErrorCode.DEADLINE_PASSED,
        "the examination period ended on " + deadline + "; documents can no longer be refused");
  }

  static LetterOfCredit noteDiscrepancies(Situation<Examine> s) {
    List<String> listed = TermsRules.cleanList(s.command().discrepancies());
    return s.lc().withPresentation(s.presentationNo(), p -> p.with(b -> b.discrepancies = listed));
  }

  static LetterOfCredit waive(Situation<Waive> s) {
    return s.lc()
        .withPresentation(
            s.presentationNo(),
            p -> p.with(b -> b.applicantWaived = s.command().applicantWaived()));
  }

  static void refusalListsDiscrepancies(Situation<Refuse> s) {
    List<String> listed = TermsRules.cleanList(s.command().discrepancies());
    require(
        !listed.isEmpty(), ErrorCode.DISCREPANCIES_REQUIRED, "a refusal lists every discrepancy");
    require(
        s.command().documentDisposition() != null,
        ErrorCode.INVALID_REQUEST,
        "documentDisposition is required");
    List<String> missing =
        s.presentation().discrepancies().stream().filter(d -> !listed.contains(d)).toList();
    require(
        missing.isEmpty(),
        ErrorCode.REFUSAL_INCOMPLETE,
        "the one refusal notice must list every discrepancy; missing " + missing);
  }

  static LetterOfCredit refuse(Situation<Refuse> s) {
    List<String> listed = TermsRules.cleanList(s.command().discrepancies());
    return s.lc()
        .withPresentation(
            s.presentationNo(),
            p ->
                p.with(
                    b -> {
                      b.discrepancies = listed;
                      b.documentDisposition = s.command().documentDisposition().name();
                    }));
  }

  static void deferredPayment(Situation<AcceptDeferred> s) {
    require(
        s.lc().terms().paymentType() == PaymentType.DEFERRED,
        ErrorCode.NOT_DEFERRED,
        "only a DEFERRED LC is accepted for payment at maturity");
  }

  static LetterOfCredit acceptDeferred(Situation<AcceptDeferred> s) {
    int days = s.lc().terms().paymentTerms().deferredDays();
    return s.lc()
        .withPresentation(
            s.presentationNo(), p -> p.with(b -> b.maturityDate = p.receivedOn().plusDays(days)));
  }

  // ---- payment

  static void paymentMatchesDrawing(Situation<Pay> s) {
    Pay pay = s.command();
    require(
        pay.amount() != null && pay.amount().isPositive(),
        ErrorCode.INVALID_AMOUNT,
        "amount must be > 0");
    require(
        pay.paymentReference() != null && !pay.paymentReference().isBlank(),
        ErrorCode.INVALID_REQUEST,
        "paymentReference is required");
    require(
        pay.amount().compareTo(s.presentation().amount()) == 0,
        ErrorCode.PAYMENT_AMOUNT_MISMATCH,
        "payment " + pay.amount() + " differs from the drawing " + s.presentation().amount());
  }

  static LetterOfCredit pay(Situation<Pay> s) {
    Pay pay = s.command();
    return s.lc()
        .withPresentation(
            s.presentationNo(),
            p ->
                p.with(
                    b ->
                        b.payment =
                            new Payment(
                                pay.amount(),
                                pay.paymentReference().strip(),
                                s.today(),
                                p.payee())));
  }

  // ---- buyer financing

  static void financingWithinDrawing(Situation<GrantBuyerFinancing> s) {
    GrantBuyerFinancing f = s.command();
    require(
        f.amount() != null && f.amount().isPositive(),
        ErrorCode.INVALID_AMOUNT,
        "amount must be > 0");
    require(
        !f.amount().exceeds(s.presentation().amount()),
        ErrorCode.FINANCING_EXCEEDS_DRAWING,
        "financing " + f.amount() + " exceeds the drawing " + s.presentation().amount());
    requireRate(f.annualRatePercent(), false, "annualRatePercent");
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
    require(amount != null && amount.isPositive(), ErrorCode.INVALID_AMOUNT, "amount must be > 0");
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
            .divide(HUNDRED.multiply(DAY_BASIS), 2, RoundingMode.HALF_UP);
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
    require(
        f.purchasePrice() != null && f.purchasePrice().isPositive(),
        ErrorCode.INVALID_AMOUNT,
        "purchasePrice must be > 0");
    require(
        !f.purchasePrice().exceeds(s.presentation().amount()),
        ErrorCode.PURCHASE_PRICE_EXCEEDS_CLAIM,
        "purchase price " + f.purchasePrice() + " exceeds the claim " + s.presentation().amount());
    requireRate(f.discountRatePercent(), true, "discountRatePercent");
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
    return s.lc()
        .withPresentation(
            s.presentationNo(),
            p ->
                p.with(
                    b -> {
                      b.forfaiting = forfaiting;
                      b.payee = new Payee(Payee.Kind.FORFAITER, forfaiter);
                    }));
  }

  static void negotiationLc(Situation<Negotiate> s) {
    require(
        s.lc().terms().paymentType() == PaymentType.NEGOTIATION,
        ErrorCode.NOT_NEGOTIATION,
        "only a NEGOTIATION LC can be negotiated");
  }

  static void negotiationWithinDrawing(Situation<Negotiate> s) {
    Money amount = s.command().amount();
    require(amount != null && amount.isPositive(), ErrorCode.INVALID_AMOUNT, "amount must be > 0");
    require(
        !amount.exceeds(s.presentation().amount()),
        ErrorCode.NEGOTIATION_EXCEEDS_DRAWING,
        "negotiation " + amount + " exceeds the drawing " + s.presentation().amount());
  }

  static LetterOfCredit negotiate(Situation<Negotiate> s) {
    String branch = s.caller().branch();
    Negotiation negotiation =
        new Negotiation(NegotiationStatus.NEGOTIATED, branch, s.command().amount(), s.today());
    return s.lc()
        .withPresentation(
            s.presentationNo(),
            p ->
                p.with(
                    b -> {
                      b.negotiation = negotiation;
                      b.payee = new Payee(Payee.Kind.NEGOTIATING_BANK, branch);
                    }));
  }

  // ---- cancellation, expiry, closing

  static void reasonGiven(Situation<RequestCancellation> s) {
    require(
        s.command().reason() != null && !s.command().reason().isBlank(),
        ErrorCode.INVALID_REQUEST,
        "a cancellation request gives its reason");
  }

  static void settled(Situation<?> s) {
    require(
        s.lc().isSettled(),
        ErrorCode.OUTSTANDING_ITEMS,
        "every presentation must be paid or refused and every financing repaid first");
  }

  static LetterOfCredit requestCancellation(Situation<RequestCancellation> s) {
    Cancellation request =
        new Cancellation(
            CancellationStatus.REQUESTED, s.command().reason().strip(), s.today(), null);
    return s.lc().with(b -> b.cancellation = request);
  }

  static LetterOfCredit answerCancellation(Situation<AnswerCancellation> s) {
    Cancellation c = s.lc().cancellation();
    return s.lc()
        .with(
            b ->
                b.cancellation =
                    new Cancellation(c.status(), c.reason(), c.requestedOn(), s.today()));
  }

  static void noDecisionPending(Situation<Expire> s) {
    List<Integer> pending =
        s.lc().presentations().stream()
            .filter(
                p ->
                    switch (p.status()) {
                      case PRESENTED, DISCREPANT, COMPLIANT, WAIVED -> true;
                      default -> false;
                    })
            .map(Presentation::presentationNo)
            .toList();
    require(
        pending.isEmpty(),
        ErrorCode.OUTSTANDING_ITEMS,
        "presentations " + pending + " still await examination or honour");
  }

  static void nothingLeftToDraw(Situation<?> s) {
    LetterOfCredit lc = s.lc();
    require(
        lc.status() == LcStatus.EXPIRED || !lc.canBeDrawnAgain(),
        ErrorCode.BALANCE_AVAILABLE,
        lc.availableAmount()
            + " can still be drawn until "
            + lc.terms().expiryDate()
            + "; cancel or let it expire");
  }

  private static void requireRate(BigDecimal rate, boolean zeroAllowed, String field) {
    boolean positive = rate != null && (zeroAllowed ? rate.signum() >= 0 : rate.signum() > 0);
    require(
        positive && rate.compareTo(HUNDRED) <= 0 && rate.stripTrailingZeros().scale() <= 6,
        ErrorCode.INVALID_REQUEST,
        field + " must be a percentage " + (zeroAllowed ? ">= 0" : "> 0") + " and <= 100");
  }
}
