package io.lcledger.chaincode.domain;

import static io.lcledger.chaincode.domain.LcException.require;

import io.lcledger.chaincode.domain.Command.AnswerAmendment;
import io.lcledger.chaincode.domain.Command.AnswerCancellation;
import io.lcledger.chaincode.domain.Command.Expire;
import io.lcledger.chaincode.domain.Command.Issue;
import io.lcledger.chaincode.domain.Command.ProposeAmendment;
import io.lcledger.chaincode.domain.Command.RequestCancellation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The checks and changes of {@link LcStateMachine}'s table for an LC's own life: issue, amendments,
 * dates, cancellation, expiry and closing. Checks throw {@link LcException} with the rule's own
 * code; changes return the LC's next version.
 */
final class LifecycleRules {
  private LifecycleRules() {}

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
}
