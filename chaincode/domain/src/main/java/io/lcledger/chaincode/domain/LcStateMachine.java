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
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

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

  /** A check that throws {@link LcException} when the step must be refused. */
  @FunctionalInterface
  interface Check<C extends Command> {
    void check(Situation<C> s);
  }

  /** What a step changes besides the states named in its row. */
  @FunctionalInterface
  interface Change<C extends Command> {
    LetterOfCredit apply(Situation<C> s);
  }

  /**
   * A state guard: the subject must be in one of {@code allowed} (or absent), else {@code
   * otherwise}.
   */
  public record Guard(Subject subject, Set<Statuses> allowed, boolean absent, ErrorCode otherwise) {
    boolean passes(Situation<?> s) {
      Statuses state = subject.stateOf(s);
      return absent ? state == null : state != null && allowed.contains(state);
    }
  }

  /** A state a step leads to; where it depends on the step's data, {@code possible} lists them. */
  public record Target(
      Subject subject, Function<Situation<?>, Statuses> state, List<Statuses> possible) {}

  /** One row of the table. */
  public static final class Rule<C extends Command> {
    private final Step step;
    private final Class<C> commandType;
    private final String event;
    private Actor actor;
    private final List<Guard> guards = new ArrayList<>();
    private final List<Check<C>> checks = new ArrayList<>();
    private Change<C> change = s -> s.lc();
    private final List<Target> targets = new ArrayList<>();

    private Rule(Step step, Class<C> commandType, String event) {
      this.step = step;
      this.commandType = commandType;
      this.event = event;
    }

    public Step step() {
      return step;
    }

    public Actor actor() {
      return actor;
    }

    public List<Guard> guards() {
      return List.copyOf(guards);
    }

    public List<Target> targets() {
      return List.copyOf(targets);
    }

    public String event() {
      return event;
    }

    public Class<C> commandType() {
      return commandType;
    }

    Rule<C> by(Actor who) {
      this.actor = who;
      return this;
    }

    Rule<C> whenAbsent(Subject subject, ErrorCode otherwise) {
      guards.add(new Guard(subject, Set.of(), true, otherwise));
      return this;
    }

    Rule<C> when(Subject subject, Statuses... allowed) {
      return when(subject, ErrorCode.ILLEGAL_TRANSITION, allowed);
    }

    Rule<C> when(Subject subject, ErrorCode otherwise, Statuses... allowed) {
      guards.add(new Guard(subject, new LinkedHashSet<>(List.of(allowed)), false, otherwise));
      return this;
    }

    Rule<C> check(Check<C> check) {
      checks.add(check);
      return this;
    }

    Rule<C> change(Change<C> what) {
      this.change = what;
      return this;
    }

    Rule<C> to(Subject subject, Statuses state) {
      targets.add(new Target(subject, s -> state, List.of(state)));
      return this;
    }

    Rule<C> to(Subject subject, Function<Situation<?>, Statuses> state, Statuses... possible) {
      targets.add(new Target(subject, state, List.of(possible)));
      return this;
    }

    @SuppressWarnings("unchecked")
    Outcome apply(Situation<?> raw) {
      if (!commandType.isInstance(raw.command())) {
        throw new IllegalArgumentException(step + " takes " + commandType.getSimpleName());
      }
      Situation<C> s = (Situation<C>) raw;
      boolean outsider = authorize(s);
      LetterOfCredit next;
      try {
        next = decide(s);
      } catch (LcException refused) {
        if (outsider) {
          // a bank approaching an LC it is not party to learns nothing from a refusal
          throw notFound(s.lc());
        }
        throw refused;
      }
      String status = null;
      for (Target target : targets) {
        Statuses state = target.state().apply(s);
        next = target.subject().set(next, s, state);
        status = status == null ? state.name() : status;
      }
      return finish(s, next, status);
    }

    /** State guards, then checks, then the change: what a step does once the caller may act. */
    private LetterOfCredit decide(Situation<C> s) {
      for (Guard guard : guards) {
        if (!guard.passes(s)) {
          Statuses state = guard.subject().stateOf(s);
          throw new LcException(
              guard.otherwise(),
              step
                  + " is not allowed when "
                  + guard.subject()
                  + " is "
                  + (state == null ? "absent" : state));
        }
      }
      for (Check<C> check : checks) {
        check.check(s);
      }
      return change.apply(s);
    }

    /**
     * Refuses whoever may not act, a non-party exactly as if the LC did not exist. Returns whether
     * the caller is a bank not party to the LC that may still act (forfaiting), whose every later
     * refusal must then look the same as for a missing LC.
     */
    private boolean authorize(Situation<C> s) {
      LetterOfCredit lc = s.lc();
      Caller caller = s.caller();
      boolean party = lc == null || (caller.isBranch() && lc.branches().contains(caller.branch()));
      // any network bank may buy a claim (forfaiting) without being party to the LC yet
      boolean mayApproach = actor == Actor.NOT_ISSUER && caller.isBranch();
      if (!party && !caller.auditor() && !mayApproach) {
        throw notFound(lc);
      }
      if (!caller.isBranch() && lc == null) {
        throw new LcException(ErrorCode.NOT_AUTHORIZED, "only a network branch may issue an LC");
      }
      if (!actor.permits(caller, lc)) {
        throw new LcException(
            ErrorCode.NOT_AUTHORIZED,
            (caller.isBranch() ? "branch " + caller.branch() : "an auditor (read-only)")
                + " may not "
                + step
                + " (needs the "
                + actor
                + " role)");
      }
      return !party && !caller.auditor();
    }

    /** The very refusal a caller gets for an LC that does not exist. */
    private static LcException notFound(LetterOfCredit lc) {
      return new LcException(ErrorCode.LC_NOT_FOUND, "no LC " + lc.lcNumber());
    }

    private Outcome finish(Situation<C> s, LetterOfCredit changed, String status) {
      Integer presentationNo = s.lc() == null ? null : s.presentationNo();
      Integer amendmentNo = s.lc() == null ? null : s.amendmentNo();
      LastStep last =
          new LastStep(
              step,
              s.caller().branch(),
              s.caller().mspId(),
              presentationNo,
              amendmentNo,
              s.txId(),
              s.timestamp());
      Money available = changed.computeAvailableAmount();
      LetterOfCredit done =
          changed.with(
              b -> {
                b.lastStep = last;
                b.availableAmount = available;
              });
      LcEvent lcEvent =
          new LcEvent(
              event,
              done.lcNumber(),
              step,
              presentationNo,
              amendmentNo,
              status,
              done.status(),
              s.caller().branch(),
              done.branches(),
              s.txId(),
              s.timestamp());
      return new Outcome(done, lcEvent);
    }
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
