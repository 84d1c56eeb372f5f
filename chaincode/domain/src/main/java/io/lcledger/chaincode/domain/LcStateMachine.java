package io.lcledger.chaincode.domain;

import static io.lcledger.chaincode.domain.AmendmentStatus.PROPOSED;
import static io.lcledger.chaincode.domain.CancellationStatus.REQUESTED;
import static io.lcledger.chaincode.domain.LcStatus.ADVISED;
import static io.lcledger.chaincode.domain.LcStatus.CANCELLED;
import static io.lcledger.chaincode.domain.LcStatus.CLOSED;
import static io.lcledger.chaincode.domain.LcStatus.EXPIRED;
import static io.lcledger.chaincode.domain.LcStatus.ISSUED;
import static io.lcledger.chaincode.domain.PresentationStatus.ACCEPTED;
import static io.lcledger.chaincode.domain.PresentationStatus.COMPLIANT;
import static io.lcledger.chaincode.domain.PresentationStatus.DISCREPANT;
import static io.lcledger.chaincode.domain.PresentationStatus.PAID;
import static io.lcledger.chaincode.domain.PresentationStatus.PRESENTED;
import static io.lcledger.chaincode.domain.PresentationStatus.REFUSED;
import static io.lcledger.chaincode.domain.PresentationStatus.WAIVED;
import static io.lcledger.chaincode.domain.Subject.AMENDMENT;
import static io.lcledger.chaincode.domain.Subject.BUYER_FINANCING;
import static io.lcledger.chaincode.domain.Subject.CANCELLATION;
import static io.lcledger.chaincode.domain.Subject.FORFAITING;
import static io.lcledger.chaincode.domain.Subject.LC;
import static io.lcledger.chaincode.domain.Subject.NEGOTIATION;
import static io.lcledger.chaincode.domain.Subject.PRESENTATION;

import io.lcledger.chaincode.domain.Command.AcceptDeferred;
import io.lcledger.chaincode.domain.Command.Advise;
import io.lcledger.chaincode.domain.Command.AnswerAmendment;
import io.lcledger.chaincode.domain.Command.AnswerCancellation;
import io.lcledger.chaincode.domain.Command.Close;
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
import java.util.EnumMap;
import java.util.Map;

/**
 * The LC lifecycle as one table: for every step, who may take it, from which states (of the LC and
 * of the presentation, amendment or overlay it acts on), which checks it must pass, what it
 * changes, which states it leads to and which event it emits. {@link #apply} is the only way an LC
 * changes.
 *
 * <p>A step is decided in a fixed order: visibility (a non-party never learns the LC exists),
 * actor, state guards, checks; then the change is made. Nothing is written unless all pass.
 */
public final class LcStateMachine {

  private static final Map<Step, Rule<?>> TABLE =
      table(
          row(Step.ISSUE, Issue.class, "LcIssued")
              .by(Actor.ISSUING)
              .whenAbsent(LC, ErrorCode.DUPLICATE_LC_NUMBER)
              .check(LifecycleRules::termsValid)
              .change(LifecycleRules::issue)
              .to(LC, ISSUED),
          row(Step.ADVISE, Advise.class, "LcAdvised")
              .by(Actor.ADVISING)
              .when(LC, ISSUED)
              .check(LifecycleRules::notExpired)
              .to(LC, ADVISED),
          row(Step.PROPOSE_AMENDMENT, ProposeAmendment.class, "AmendmentProposed")
              .by(Actor.ISSUING)
              .when(LC, ISSUED, ADVISED)
              .check(LifecycleRules::amendmentValid)
              .change(LifecycleRules::proposeAmendment)
              .to(AMENDMENT, PROPOSED),
          row(Step.ACCEPT_AMENDMENT, AnswerAmendment.class, "AmendmentAccepted")
              .by(Actor.ADVISING)
              .when(LC, ISSUED, ADVISED)
              .when(AMENDMENT, PROPOSED)
              .check(LifecycleRules::amendedTermsStillValid)
              .change(LifecycleRules::acceptAmendment)
              .to(AMENDMENT, AmendmentStatus.ACCEPTED),
          row(Step.REJECT_AMENDMENT, AnswerAmendment.class, "AmendmentRejected")
              .by(Actor.ADVISING)
              .when(LC, ISSUED, ADVISED)
              .when(AMENDMENT, PROPOSED)
              .change(LifecycleRules::answerAmendment)
              .to(AMENDMENT, AmendmentStatus.REJECTED),
          row(Step.PRESENT, Present.class, "DocumentsPresented")
              .by(Actor.PRESENTER)
              .when(LC, ADVISED)
              .check(PresentationRules::documentsWellFormed)
              .check(PresentationRules::shipmentOnTime)
              .check(LifecycleRules::notExpired)
              .check(PresentationRules::withinPresentationPeriod)
              .check(PresentationRules::partialDrawingAllowed)
              .check(PresentationRules::notOverdrawn)
              .change(PresentationRules::present)
              .to(PRESENTATION, PRESENTED),
          row(Step.EXAMINE_COMPLIANT, Examine.class, "DocumentsFoundCompliant")
              .by(Actor.ISSUING)
              .when(LC, ADVISED)
              .when(PRESENTATION, PRESENTED)
              .to(PRESENTATION, COMPLIANT),
          row(Step.NOTE_DISCREPANCIES, Examine.class, "DiscrepanciesFound")
              .by(Actor.ISSUING)
              .when(LC, ADVISED)
              .when(PRESENTATION, PRESENTED)
              .check(PresentationRules::discrepanciesListed)
              .check(PresentationRules::withinExaminationDeadline)
              .change(PresentationRules::noteDiscrepancies)
              .to(PRESENTATION, DISCREPANT),
          row(Step.WAIVE_DISCREPANCIES, Waive.class, "DiscrepanciesWaived")
              .by(Actor.ISSUING)
              .when(LC, ADVISED)
              .when(PRESENTATION, DISCREPANT)
              .change(PresentationRules::waive)
              .to(PRESENTATION, WAIVED),
          row(Step.REFUSE, Refuse.class, "DocumentsRefused")
              .by(Actor.ISSUING)
              .when(LC, ADVISED)
              .when(PRESENTATION, PRESENTED, DISCREPANT)
              .check(PresentationRules::refusalListsDiscrepancies)
              .check(PresentationRules::withinExaminationDeadline)
              .change(PresentationRules::refuse)
              .to(PRESENTATION, REFUSED),
          row(Step.ACCEPT_DEFERRED, AcceptDeferred.class, "DeferredPaymentAccepted")
              .by(Actor.ISSUING)
              .when(LC, ADVISED)
              .when(PRESENTATION, COMPLIANT, WAIVED)
              .check(PresentationRules::deferredPayment)
              .change(PresentationRules::acceptDeferred)
              .to(PRESENTATION, ACCEPTED),
          row(Step.PAY_AT_SIGHT, Pay.class, "PaymentMade")
              .by(Actor.ISSUING)
              .when(LC, ADVISED, EXPIRED)
              .when(PRESENTATION, COMPLIANT, WAIVED)
              .check(PresentationRules::paymentMatchesDrawing)
              .change(PresentationRules::pay)
              .to(PRESENTATION, PAID),
          row(Step.PAY_AT_MATURITY, Pay.class, "PaymentMade")
              .by(Actor.ISSUING)
              .when(LC, ADVISED, EXPIRED)
              .when(PRESENTATION, ACCEPTED)
              .check(PresentationRules::paymentMatchesDrawing)
              .change(PresentationRules::pay)
              .to(PRESENTATION, PAID),
          row(Step.GRANT_BUYER_FINANCING, GrantBuyerFinancing.class, "BuyerFinancingGranted")
              .by(Actor.ISSUING)
              .when(LC, ADVISED, EXPIRED)
              .when(BUYER_FINANCING, ErrorCode.ALREADY_FINANCED, FinancingStatus.NONE)
              .when(PRESENTATION, COMPLIANT, WAIVED, ACCEPTED, PAID)
              .check(FinancingRules::financingWithinDrawing)
              .change(FinancingRules::grantBuyerFinancing)
              .to(BUYER_FINANCING, FinancingStatus.GRANTED),
          row(Step.REPAY_BUYER_FINANCING, RepayBuyerFinancing.class, "BuyerFinancingRepaid")
              .by(Actor.ISSUING)
              .when(LC, ADVISED, EXPIRED)
              .when(BUYER_FINANCING, FinancingStatus.GRANTED)
              .check(FinancingRules::repaymentWithinOutstanding)
              .change(FinancingRules::repayBuyerFinancing)
              .to(
                  BUYER_FINANCING,
                  FinancingRules::financingStatusAfterRepayment,
                  FinancingStatus.GRANTED,
                  FinancingStatus.REPAID),
          row(Step.FORFAIT, Forfait.class, "ClaimForfaited")
              .by(Actor.NOT_ISSUER)
              .when(LC, ADVISED, EXPIRED)
              .when(FORFAITING, ErrorCode.ALREADY_FORFAITED, ForfaitingStatus.NONE)
              .when(PRESENTATION, ACCEPTED)
              .check(FinancingRules::beforeMaturity)
              .check(FinancingRules::purchasePriceWithinClaim)
              .change(FinancingRules::forfait)
              .to(FORFAITING, ForfaitingStatus.FORFAITED),
          row(Step.NEGOTIATE, Negotiate.class, "DocumentsNegotiated")
              .by(Actor.NOMINATED)
              .when(LC, ADVISED)
              .when(NEGOTIATION, ErrorCode.ALREADY_NEGOTIATED, NegotiationStatus.NONE)
              .when(PRESENTATION, PRESENTED, COMPLIANT, WAIVED)
              .check(FinancingRules::negotiationLc)
              .check(FinancingRules::negotiationWithinDrawing)
              .change(FinancingRules::negotiate)
              .to(NEGOTIATION, NegotiationStatus.NEGOTIATED),
          row(Step.REQUEST_CANCELLATION, RequestCancellation.class, "CancellationRequested")
              .by(Actor.ISSUING)
              .when(LC, ISSUED, ADVISED)
              .when(CANCELLATION, CancellationStatus.NONE, CancellationStatus.REJECTED)
              .check(LifecycleRules::reasonGiven)
              .check(LifecycleRules::notExpired)
              .check(LifecycleRules::settled)
              .change(LifecycleRules::requestCancellation)
              .to(CANCELLATION, REQUESTED),
          row(Step.ACCEPT_CANCELLATION, AnswerCancellation.class, "LcCancelled")
              .by(Actor.ADVISING)
              .when(LC, ISSUED, ADVISED)
              .when(CANCELLATION, REQUESTED)
              .check(LifecycleRules::settled)
              .change(LifecycleRules::answerCancellation)
              .to(CANCELLATION, CancellationStatus.ACCEPTED)
              .to(LC, CANCELLED),
          row(Step.REJECT_CANCELLATION, AnswerCancellation.class, "CancellationRejected")
              .by(Actor.ADVISING)
              .when(LC, ISSUED, ADVISED)
              .when(CANCELLATION, REQUESTED)
              .change(LifecycleRules::answerCancellation)
              .to(CANCELLATION, CancellationStatus.REJECTED),
          row(Step.EXPIRE, Expire.class, "LcExpired")
              .by(Actor.ANY_PARTY)
              .when(LC, ISSUED, ADVISED)
              .check(LifecycleRules::pastExpiryDate)
              .check(LifecycleRules::noDecisionPending)
              .to(LC, EXPIRED),
          row(Step.CLOSE, Close.class, "LcClosed")
              .by(Actor.ISSUING)
              .when(LC, ADVISED, EXPIRED)
              .check(LifecycleRules::settled)
              .check(LifecycleRules::nothingLeftToDraw)
              .to(LC, CLOSED));

  private LcStateMachine() {}

  /** The row of the table for {@code step}. */
  public static Rule<?> rule(Step step) {
    return TABLE.get(step);
  }

  /** Decides a step and, when every rule passes, returns the LC's next version and its event. */
  public static Outcome apply(Situation<?> situation) {
    return TABLE.get(situation.step()).apply(situation);
  }

  private static <C extends Command> Rule<C> row(Step step, Class<C> type, String event) {
    return new Rule<>(step, type, event);
  }

  private static Map<Step, Rule<?>> table(Rule<?>... rows) {
    Map<Step, Rule<?>> table = new EnumMap<>(Step.class);
    for (Rule<?> rule : rows) {
      if (table.put(rule.step(), rule) != null) {
        throw new IllegalStateException("two rows for " + rule.step());
      }
    }
    if (table.size() != Step.values().length) {
      throw new IllegalStateException("a step has no row");
    }
    return table;
  }
}
