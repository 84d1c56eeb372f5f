package io.lcledger.chaincode.domain;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * An LC as the ledger holds it: its terms in force, its status, every presentation and amendment,
 * and the step that wrote this version. {@code availableAmount} is what may still be drawn: the
 * maximum (amount plus tolerance) less every drawing not refused.
 */
public record LetterOfCredit(
    LcTerms terms,
    String issuingBranch,
    LocalDate issueDate,
    LcStatus status,
    Money availableAmount,
    List<Presentation> presentations,
    List<Amendment> amendments,
    Cancellation cancellation,
    LastStep lastStep) {

  public LetterOfCredit {
    presentations = List.copyOf(presentations);
    amendments = List.copyOf(amendments);
  }

  public String lcNumber() {
    return terms.lcNumber();
  }

  public String advisingBranch() {
    return terms.advisingBranch();
  }

  public Optional<Presentation> presentation(int presentationNo) {
    return presentations.stream().filter(p -> p.presentationNo() == presentationNo).findFirst();
  }

  public Optional<Amendment> amendment(int amendmentNo) {
    return amendments.stream().filter(a -> a.amendmentNo() == amendmentNo).findFirst();
  }

  public CancellationStatus cancellationStatus() {
    return cancellation == null ? CancellationStatus.NONE : cancellation.status();
  }

  /** Sum of every drawing that still counts against the LC amount. */
  public Money drawnAmount() {
    Money drawn = Money.ZERO;
    for (Presentation p : presentations) {
      if (p.countsAgainstAmount()) {
        drawn = drawn.plus(p.amount());
      }
    }
    return drawn;
  }

  /**
   * The available amount as recomputed from the terms and the presentations: nothing once the LC is
   * expired, cancelled or closed (the unused balance is released).
   */
  public Money computeAvailableAmount() {
    if (status == LcStatus.EXPIRED || status == LcStatus.CANCELLED || status == LcStatus.CLOSED) {
      return Money.ZERO;
    }
    Money max = terms.maximumAmount();
    Money drawn = drawnAmount();
    return drawn.exceeds(max) ? Money.ZERO : max.minus(drawn);
  }

  /** Whether another drawing could still be made: balance left, and partial drawings allowed. */
  public boolean canBeDrawnAgain() {
    boolean anyDrawing = presentations.stream().anyMatch(Presentation::countsAgainstAmount);
    boolean partialAllowed = terms.partialShipmentsAllowed() || !anyDrawing;
    return partialAllowed && availableAmount.isPositive();
  }

  /** Nothing outstanding: every presentation paid or refused, every financing repaid. */
  @JsonIgnore // a rule, not a field: never part of an LC as stored or shown
  public boolean isSettled() {
    return presentations.stream().allMatch(Presentation::isSettled);
  }

  /**
   * Whether {@code caller} may see this LC: a bank that is party to it, or an auditor. Anyone else
   * is answered exactly as for an LC that does not exist.
   */
  public boolean visibleTo(Caller caller) {
    return (caller.isBranch() && branches().contains(caller.branch())) || caller.auditor();
  }

  /** Branches concerned by this LC (for reads and notifications), sorted. */
  public List<String> branches() {
    TreeSet<String> branches = new TreeSet<>();
    branches.add(issuingBranch);
    branches.add(terms.advisingBranch());
    if (terms.nominatedBranch() != null) {
      branches.add(terms.nominatedBranch());
    }
    for (Presentation p : presentations) {
      branches.add(p.presentingBranch());
      if (p.forfaiting() != null) {
        branches.add(p.forfaiting().forfaiter());
      }
      if (p.negotiation() != null) {
        branches.add(p.negotiation().negotiatingBranch());
      }
    }
    return List.copyOf(branches);
  }

  /** Parties that may read the LC: its branches and the USCCs of applicant and beneficiary. */
  /** The companies it is for: the applicant's and the beneficiary's USCC. */
  public List<String> companies() {
    return List.copyOf(
        new TreeSet<>(List.of(terms.applicant().uscc(), terms.beneficiary().uscc())));
  }

  public List<String> parties() {
    List<String> parties = new ArrayList<>(branches());
    parties.add(terms.applicant().uscc());
    parties.add(terms.beneficiary().uscc());
    return List.copyOf(new TreeSet<>(parties));
  }

  LetterOfCredit withPresentation(int presentationNo, UnaryOperator<Presentation> change) {
    return with(
        b ->
            b.presentations =
                presentations.stream()
                    .map(p -> p.presentationNo() == presentationNo ? change.apply(p) : p)
                    .toList());
  }

  LetterOfCredit withAmendment(int amendmentNo, UnaryOperator<Amendment> change) {
    return with(
        b ->
            b.amendments =
                amendments.stream()
                    .map(a -> a.amendmentNo() == amendmentNo ? change.apply(a) : a)
                    .toList());
  }

  LetterOfCredit with(Consumer<Builder> change) {
    Builder builder = new Builder(this);
    change.accept(builder);
    return builder.build();
  }

  /**
   * A mutable copy used only to derive the next immutable version: package-private, so a new state
   * comes only from the state machine's rules (and from the ledger, read back).
   */
  static final class Builder {
    LcTerms terms;
    String issuingBranch;
    LocalDate issueDate;
    LcStatus status;
    Money availableAmount;
    List<Presentation> presentations = List.of();
    List<Amendment> amendments = List.of();
    Cancellation cancellation;
    LastStep lastStep;

    Builder() {}

    Builder(LetterOfCredit lc) {
      terms = lc.terms;
      issuingBranch = lc.issuingBranch;
      issueDate = lc.issueDate;
      status = lc.status;
      availableAmount = lc.availableAmount;
      presentations = lc.presentations;
      amendments = lc.amendments;
      cancellation = lc.cancellation;
      lastStep = lc.lastStep;
    }

    LetterOfCredit build() {
      return new LetterOfCredit(
          terms,
          issuingBranch,
          issueDate,
          status,
          availableAmount,
          presentations,
          amendments,
          cancellation,
          lastStep);
    }
  }
}
