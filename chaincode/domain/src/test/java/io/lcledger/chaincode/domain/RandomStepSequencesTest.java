package io.lcledger.chaincode.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.lcledger.chaincode.domain.Command.Examine.Result;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Property tests: thousands of random step sequences (random steps, callers, amounts and elapsed
 * time, seeded so any failure replays) against the state machine. Whatever is accepted, an LC is
 * never overdrawn, a drawing is never financed or forfaited twice, nothing refused is paid, and the
 * available amount always equals what the terms and drawings give.
 */
class RandomStepSequencesTest {
  static final int SEQUENCES = 1500;
  static final int STEPS_PER_SEQUENCE = 90;
  static final List<Caller> CALLERS =
      List.of(
          Caller.branch("shanghai", "ShanghaiMSP"),
          Caller.branch("yangzhou", "YangzhouMSP"),
          Caller.branch("forfaiter", "ForfaiterMSP"));
  static final Set<String> BRANCHES = Set.of("shanghai", "yangzhou", "forfaiter");
  static final BusinessCalendar CALENDAR = BusinessCalendar.of(Fixtures.calendar2026());

  @Test
  void invariantsHoldOverRandomSequences() {
    Map<Step, Integer> accepted = new EnumMap<>(Step.class);
    for (long seed = 1; seed <= SEQUENCES; seed++) {
      runSequence(seed, accepted);
    }
    System.getLogger(getClass().getName())
        .log(System.Logger.Level.INFO, "accepted steps: " + accepted);
    // the sequences must really exercise the machine, or the invariants prove nothing
    assertThat(accepted.keySet())
        .as("steps accepted at least once")
        .containsAll(List.of(Step.values()));
    assertThat(accepted.get(Step.FORFAIT)).isGreaterThan(20);
    assertThat(accepted.get(Step.GRANT_BUYER_FINANCING)).isGreaterThan(20);
  }

  private void runSequence(long seed, Map<Step, Integer> accepted) {
    SplittableRandom random = new SplittableRandom(seed);
    // deferred LCs half the time: forfaiting needs one accepted for payment at maturity
    PaymentType type =
        random.nextBoolean() ? PaymentType.DEFERRED : PaymentType.values()[random.nextInt(3)];
    Instant now = Instant.parse("2026-03-02T02:00:00Z");
    LcTerms terms = Fixtures.terms("LC-" + seed, type);
    LetterOfCredit lc =
        LcStateMachine.apply(
                situation(null, new Command.Issue(terms), CALLERS.get(0), now, seed, 0))
            .lc();
    accepted.merge(Step.ISSUE, 1, Integer::sum);
    Map<Integer, BuyerFinancing> firstFinancing = new HashMap<>();
    Map<Integer, Forfaiting> firstForfaiting = new HashMap<>();
    for (int i = 1; i <= STEPS_PER_SEQUENCE; i++) {
      now = now.plus(Duration.ofHours(random.nextInt(80)));
      Command command = randomCommand(random, lc, now);
      Caller caller = likelyCaller(random, LcStateMachine.rule(command.step(lc)).actor());
      try {
        LetterOfCredit next =
            LcStateMachine.apply(situation(lc, command, caller, now, seed, i)).lc();
        accepted.merge(command.step(lc), 1, Integer::sum);
        checkInvariants(
            lc,
            next,
            firstFinancing,
            firstForfaiting,
            "seed " + seed + " step " + i + " " + command);
        lc = next;
      } catch (LcException refused) {
        // refused steps change nothing; the next one starts from the same LC
      }
    }
  }

  private static void checkInvariants(
      LetterOfCredit before,
      LetterOfCredit lc,
      Map<Integer, BuyerFinancing> firstFinancing,
      Map<Integer, Forfaiting> firstForfaiting,
      String where) {
    assertThat(lc.availableAmount()).as(where).isEqualTo(lc.computeAvailableAmount());
    assertThat(lc.drawnAmount().exceeds(lc.terms().maximumAmount()))
        .as("overdrawn at " + where)
        .isFalse();
    Money paid = Money.ZERO;
    for (Presentation p : lc.presentations()) {
      if (p.payment() != null) {
        paid = paid.plus(p.payment().amount());
        assertThat(p.status()).as(where).isEqualTo(PresentationStatus.PAID);
        assertThat(p.payment().payee()).as(where).isEqualTo(p.payee());
      }
      if (p.buyerFinancing() != null) {
        BuyerFinancing first = firstFinancing.putIfAbsent(p.presentationNo(), p.buyerFinancing());
        if (first != null) {
          assertThat(p.buyerFinancing().amount())
              .as("refinanced at " + where)
              .isEqualTo(first.amount());
          assertThat(p.buyerFinancing().valueDate())
              .as("refinanced at " + where)
              .isEqualTo(first.valueDate());
        }
        assertThat(p.buyerFinancing().amount().exceeds(p.amount())).as(where).isFalse();
        assertThat(p.buyerFinancing().repaidAmount().exceeds(p.buyerFinancing().amount()))
            .as(where)
            .isFalse();
      }
      if (p.forfaiting() != null) {
        Forfaiting first = firstForfaiting.putIfAbsent(p.presentationNo(), p.forfaiting());
        if (first != null) {
          assertThat(p.forfaiting()).as("forfaited twice at " + where).isEqualTo(first);
        }
        assertThat(p.payee().kind()).as(where).isEqualTo(Payee.Kind.FORFAITER);
        assertThat(p.forfaiting().forfaiter()).as(where).isNotEqualTo(lc.issuingBranch());
      }
      before
          .presentation(p.presentationNo())
          .ifPresent(
              old -> {
                if (old.status() == PresentationStatus.PAID
                    || old.status() == PresentationStatus.REFUSED) {
                  assertThat(p.status())
                      .as("a settled drawing moved at " + where)
                      .isEqualTo(old.status());
                }
              });
    }
    assertThat(paid.exceeds(lc.terms().maximumAmount())).as("overpaid at " + where).isFalse();
  }

  /** Mostly the branch the step needs, sometimes anyone: both paths get exercised. */
  private static Caller likelyCaller(SplittableRandom r, Actor actor) {
    if (r.nextInt(10) < 3) {
      return CALLERS.get(r.nextInt(CALLERS.size()));
    }
    return switch (actor) {
      case ISSUING -> CALLERS.get(0);
      case ADVISING, PRESENTER, NOMINATED -> CALLERS.get(1);
      case NOT_ISSUER -> CALLERS.get(1 + r.nextInt(2));
      case ANY_PARTY -> CALLERS.get(r.nextInt(2));
    };
  }

  private static Situation<Command> situation(
      LetterOfCredit lc, Command command, Caller caller, Instant now, long seed, int step) {
    return new Situation<>(lc, command, caller, now, "tx-" + seed + "-" + step, CALENDAR, BRANCHES);
  }

  private static Command randomCommand(SplittableRandom r, LetterOfCredit lc, Instant now) {
    int count = lc.presentations().size();
    int no = 1 + r.nextInt(count + 1);
    Presentation p = lc.presentation(no).orElse(null);
    Money drawing = p == null ? Money.parse("1000.00") : p.amount();
    var today = now.atOffset(Situation.BUSINESS_ZONE).toLocalDate();
    return switch (r.nextInt(20)) {
      case 0 -> new Command.Advise();
      case 1 ->
          new Command.ProposeAmendment(
              r.nextBoolean()
                  ? Map.of("amount", fraction(r, Money.parse("1500000.00")).toString())
                  : Map.of("expiryDate", today.plusDays(r.nextInt(120) - 10).toString()));
      case 2 ->
          new Command.AnswerAmendment(1 + r.nextInt(lc.amendments().size() + 1), r.nextBoolean());
      case 3, 4 ->
          new Command.Present(
              fraction(r, lc.terms().maximumAmount()),
              today.minusDays(r.nextInt(20)),
              List.of(Fixtures.document("d" + r.nextInt(1000))));
      case 5 ->
          r.nextBoolean()
              ? new Command.Examine(no, Result.COMPLIANT, List.of())
              : new Command.Examine(no, Result.DISCREPANT, List.of("discrepancy " + r.nextInt(3)));
      case 6, 17 ->
          r.nextInt(3) > 0
              ? new Command.Waive(no, r.nextBoolean())
              : new Command.Refuse(
                  no,
                  p == null ? List.of("x") : withOneMore(p.discrepancies()),
                  DocumentDisposition.HOLDING);
      case 7 -> new Command.AcceptDeferred(no);
      case 8, 9 ->
          new Command.Pay(
              no, r.nextInt(5) == 0 ? fraction(r, drawing) : drawing, "PAY-" + r.nextInt(100));
      case 10 ->
          new Command.GrantBuyerFinancing(
              no,
              r.nextInt(5) == 0 ? drawing.plus(Money.parse("1.00")) : fraction(r, drawing),
              new BigDecimal("4.35"),
              today.plusDays(r.nextInt(90)));
      case 11, 18 ->
          new Command.RepayBuyerFinancing(
              no,
              p == null || p.buyerFinancing() == null
                  ? drawing
                  : r.nextBoolean()
                      ? p.buyerFinancing().outstanding()
                      : fraction(r, p.buyerFinancing().outstanding()));
      case 12, 19 -> new Command.Forfait(no, fraction(r, drawing), new BigDecimal("3.1"));
      case 13 -> new Command.Negotiate(no, fraction(r, drawing));
      case 14 ->
          r.nextBoolean()
              ? new Command.RequestCancellation("reason " + r.nextInt(5))
              : new Command.AnswerCancellation(r.nextBoolean());
      case 15 -> new Command.Expire();
      default -> new Command.Close();
    };
  }

  private static List<String> withOneMore(List<String> discrepancies) {
    List<String> all = new ArrayList<>(discrepancies);
    all.add("unsigned invoice");
    return all;
  }

  /** A random amount between 1% and 110% of {@code of}, never zero. */
  private static Money fraction(SplittableRandom r, Money of) {
    BigDecimal share = BigDecimal.valueOf(1 + r.nextInt(110)).divide(BigDecimal.valueOf(100));
    BigDecimal value = of.value().multiply(share).setScale(2, RoundingMode.DOWN);
    return value.signum() > 0 ? new Money(value) : Money.parse("0.01");
  }
}
