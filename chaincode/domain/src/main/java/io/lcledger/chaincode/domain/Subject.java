package io.lcledger.chaincode.domain;

import java.util.List;

/**
 * The things a step changes the state of: the LC, one of its amendments or presentations, an
 * overlay on a presentation, or the LC's cancellation. Each knows its states, how to read the
 * current one and how to set a new one.
 */
public enum Subject {
  LC(LcStatus.values()) {
    Statuses stateOf(Situation<?> s) {
      return s.lc() == null ? null : s.lc().status();
    }

    LetterOfCredit set(LetterOfCredit lc, Situation<?> s, Statuses to) {
      return lc.with(b -> b.status = (LcStatus) to);
    }
  },
  AMENDMENT(AmendmentStatus.values()) {
    Statuses stateOf(Situation<?> s) {
      return s.amendment().status();
    }

    LetterOfCredit set(LetterOfCredit lc, Situation<?> s, Statuses to) {
      return lc.withAmendment(s.amendmentNo(), a -> a.withStatus((AmendmentStatus) to));
    }
  },
  PRESENTATION(PresentationStatus.values()) {
    Statuses stateOf(Situation<?> s) {
      return s.presentation().status();
    }

    LetterOfCredit set(LetterOfCredit lc, Situation<?> s, Statuses to) {
      return lc.withPresentation(
          s.presentationNo(), p -> p.with(b -> b.status = (PresentationStatus) to));
    }
  },
  BUYER_FINANCING(FinancingStatus.values()) {
    Statuses stateOf(Situation<?> s) {
      return s.presentation().financingStatus();
    }

    LetterOfCredit set(LetterOfCredit lc, Situation<?> s, Statuses to) {
      return lc.withPresentation(
          s.presentationNo(),
          p -> p.with(b -> b.buyerFinancing = b.buyerFinancing.withStatus((FinancingStatus) to)));
    }
  },
  FORFAITING(ForfaitingStatus.values()) {
    Statuses stateOf(Situation<?> s) {
      return s.presentation().forfaitingStatus();
    }

    LetterOfCredit set(LetterOfCredit lc, Situation<?> s, Statuses to) {
      return lc.withPresentation(
          s.presentationNo(),
          p -> p.with(b -> b.forfaiting = b.forfaiting.withStatus((ForfaitingStatus) to)));
    }
  },
  NEGOTIATION(NegotiationStatus.values()) {
    Statuses stateOf(Situation<?> s) {
      return s.presentation().negotiationStatus();
    }

    LetterOfCredit set(LetterOfCredit lc, Situation<?> s, Statuses to) {
      return lc.withPresentation(
          s.presentationNo(),
          p -> p.with(b -> b.negotiation = b.negotiation.withStatus((NegotiationStatus) to)));
    }
  },
  CANCELLATION(CancellationStatus.values()) {
    Statuses stateOf(Situation<?> s) {
      return s.lc().cancellationStatus();
    }

    LetterOfCredit set(LetterOfCredit lc, Situation<?> s, Statuses to) {
      return lc.with(b -> b.cancellation = b.cancellation.withStatus((CancellationStatus) to));
    }
  };

  private final List<Statuses> states;

  Subject(Statuses[] states) {
    this.states = List.of(states);
  }

  /** Every state this subject can be in. */
  public List<Statuses> states() {
    return states;
  }

  abstract Statuses stateOf(Situation<?> s);

  abstract LetterOfCredit set(LetterOfCredit lc, Situation<?> s, Statuses to);
}
