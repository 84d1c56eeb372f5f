package io.lcledger.node.lc;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.lcledger.chaincode.domain.Actor;
import io.lcledger.chaincode.domain.Caller;
import io.lcledger.chaincode.domain.ErrorCode;
import io.lcledger.chaincode.domain.LcException;
import io.lcledger.chaincode.domain.LcStateMachine;
import io.lcledger.chaincode.domain.LetterOfCredit;
import io.lcledger.chaincode.domain.Limits;
import io.lcledger.chaincode.domain.Rule;
import io.lcledger.chaincode.domain.Step;
import io.lcledger.node.identity.CallerPrincipal;
import io.lcledger.node.ledger.Ledger;
import io.lcledger.node.ledger.LedgerException;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Decides whether a caller may take a step on an LC before anything in its request is read: a
 * non-party gets {@code LC_NOT_FOUND}, a party that may not take the step {@code NOT_AUTHORIZED},
 * by the very rule the ledger applies first ({@link Rule#authorise}). The ledger decides again when
 * the step is submitted; this only keeps a request's body, its documents and the LC's state from
 * answering anyone who may not act.
 *
 * <p>The LCs this node has seen lately (its own steps and the events it consumes) are kept, so that
 * an allowed step costs no extra ledger read; a refusal is always confirmed by a fresh read, since
 * a party may have joined since (a forfaiter, a negotiating bank).
 */
@Component
public class StepGate {
  private static final int REMEMBERED = 4_096;
  private final Ledger ledger;
  private final Cache<String, LetterOfCredit> seen =
      Caffeine.newBuilder().maximumSize(REMEMBERED).build();

  public StepGate(Ledger ledger) {
    this.ledger = ledger;
  }

  /**
   * Throws the refusal the ledger would give {@code caller} for taking any of {@code steps} (one
   * endpoint's steps, all taken by the same role) on LC {@code lcNumber}, or null for a new LC.
   */
  public void authorise(CallerPrincipal caller, String lcNumber, List<Step> steps) {
    Caller who = new Caller(caller.branch(), null, caller.auditor());
    if (lcNumber == null) {
      check(steps, who, null);
      return;
    }
    Limits.lcNumber(lcNumber);
    LetterOfCredit known = seen.getIfPresent(lcNumber);
    if (known != null && permits(steps, who, known)) {
      return;
    }
    LetterOfCredit now;
    try {
      now = ledger.find(caller.member(), lcNumber);
    } catch (LcException e) {
      if (e.code() == ErrorCode.LC_NOT_FOUND && mayApproach(steps, who)) {
        return; // a bank may offer to buy a claim on an LC it cannot read; the ledger decides
      }
      throw e;
    } catch (LedgerException.Rejected e) {
      if (ErrorCode.LC_NOT_FOUND.name().equals(e.code()) && mayApproach(steps, who)) {
        return;
      }
      throw e;
    }
    remember(now);
    check(steps, who, now);
  }

  /** Keeps the LC as a step or an event left it, for the next step's decision. */
  public void remember(LetterOfCredit lc) {
    if (lc != null) {
      seen.put(lc.lcNumber(), lc);
    }
  }

  private static boolean permits(List<Step> steps, Caller who, LetterOfCredit lc) {
    try {
      check(steps, who, lc);
      return true;
    } catch (LcException refused) {
      return false;
    }
  }

  /** Passes when the caller may take one of the steps; else throws the first step's refusal. */
  private static void check(List<Step> steps, Caller who, LetterOfCredit lc) {
    LcException first = null;
    for (Step step : steps) {
      try {
        LcStateMachine.rule(step).authorise(who, lc);
        return;
      } catch (LcException refused) {
        first = first == null ? refused : first;
      }
    }
    throw first;
  }

  private static boolean mayApproach(List<Step> steps, Caller who) {
    return who.isBranch()
        && steps.stream().anyMatch(s -> LcStateMachine.rule(s).actor() == Actor.NOT_ISSUER);
  }
}
