package io.lcledger.chaincode.domain;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * One row of {@link LcStateMachine}'s table and the mechanics that apply it: who may act, the state
 * guards, the checks, the change, the states it leads to, and the event. Rows are built only by the
 * table.
 */
public final class Rule<C extends Command> {
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

  private final Step step;
  private final Class<C> commandType;
  private final String event;
  private Actor actor;
  private final List<Guard> guards = new ArrayList<>();
  private final List<Check<C>> checks = new ArrayList<>();
  private Change<C> change = s -> s.lc();
  private final List<Target> targets = new ArrayList<>();

  Rule(Step step, Class<C> commandType, String event) {
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
    boolean outsider = authorise(s.caller(), s.lc());
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
   * Refuses whoever may not take this step on {@code lc} (null: no such LC yet), a non-party
   * exactly as if the LC did not exist; the first thing a step decides, before anything in its
   * request is looked at. A node asks it too before it reads a request's body. Returns whether the
   * caller is a bank not party to the LC that may still act (forfaiting), whose every later refusal
   * must then look the same as for a missing LC.
   */
  public boolean authorise(Caller caller, LetterOfCredit lc) {
    // any network bank may buy a claim (forfaiting) without being party to the LC yet
    boolean mayApproach = actor == Actor.NOT_ISSUER && caller.isBranch();
    if (lc != null && !lc.visibleTo(caller) && !mayApproach) {
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
    return lc != null && !lc.visibleTo(caller);
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
            s.timestamp(),
            done.companies());
    return new Outcome(done, lcEvent);
  }
}
