package io.lcledger.chaincode.domain;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Consumer;

/**
 * One drawing under an LC: documents presented by the advising or nominated branch, examined by the
 * issuing branch within the deadline, then honoured and paid, or refused. Buyer financing,
 * forfaiting and negotiation are overlays on it.
 */
public record Presentation(
    int presentationNo,
    String presentingBranch,
    PresentationStatus status,
    Money amount,
    LocalDate shipmentDate,
    LocalDate receivedOn,
    LocalDate examinationDeadline,
    List<DocumentRef> documents,
    List<String> discrepancies,
    Boolean applicantWaived,
    String documentDisposition,
    LocalDate maturityDate,
    Payee payee,
    BuyerFinancing buyerFinancing,
    Forfaiting forfaiting,
    Negotiation negotiation,
    Payment payment) {

  public Presentation {
    documents = List.copyOf(documents);
    discrepancies = List.copyOf(discrepancies);
  }

  /** Refused drawings no longer count against the LC amount; every other one does. */
  public boolean countsAgainstAmount() {
    return status != PresentationStatus.REFUSED;
  }

  /** Nothing more will happen on it: paid, or refused (and any financing repaid). */
  @JsonIgnore // a rule, not a field: never part of an LC as stored or shown
  public boolean isSettled() {
    boolean done = status == PresentationStatus.PAID || status == PresentationStatus.REFUSED;
    return done && financingStatus() != FinancingStatus.GRANTED;
  }

  public FinancingStatus financingStatus() {
    return buyerFinancing == null ? FinancingStatus.NONE : buyerFinancing.status();
  }

  public ForfaitingStatus forfaitingStatus() {
    return forfaiting == null ? ForfaitingStatus.NONE : forfaiting.status();
  }

  public NegotiationStatus negotiationStatus() {
    return negotiation == null ? NegotiationStatus.NONE : negotiation.status();
  }

  Presentation with(Consumer<Builder> change) {
    Builder builder = new Builder(this);
    change.accept(builder);
    return builder.build();
  }

  /**
   * A mutable copy used only to derive the next immutable version: package-private, so a new state
   * comes only from the state machine's rules (and from the ledger, read back).
   */
  static final class Builder {
    int presentationNo;
    String presentingBranch;
    PresentationStatus status;
    Money amount;
    LocalDate shipmentDate;
    LocalDate receivedOn;
    LocalDate examinationDeadline;
    List<DocumentRef> documents = List.of();
    List<String> discrepancies = List.of();
    Boolean applicantWaived;
    String documentDisposition;
    LocalDate maturityDate;
    Payee payee;
    BuyerFinancing buyerFinancing;
    Forfaiting forfaiting;
    Negotiation negotiation;
    Payment payment;

    Builder() {}

    Builder(Presentation p) {
      presentationNo = p.presentationNo;
      presentingBranch = p.presentingBranch;
      status = p.status;
      amount = p.amount;
      shipmentDate = p.shipmentDate;
      receivedOn = p.receivedOn;
      examinationDeadline = p.examinationDeadline;
      documents = p.documents;
      discrepancies = p.discrepancies;
      applicantWaived = p.applicantWaived;
      documentDisposition = p.documentDisposition;
      maturityDate = p.maturityDate;
      payee = p.payee;
      buyerFinancing = p.buyerFinancing;
      forfaiting = p.forfaiting;
      negotiation = p.negotiation;
      payment = p.payment;
    }

    Presentation build() {
      return new Presentation(
          presentationNo,
          presentingBranch,
          status,
          amount,
          shipmentDate,
          receivedOn,
          examinationDeadline,
          documents,
          discrepancies,
          applicantWaived,
          documentDisposition,
          maturityDate,
          payee,
          buyerFinancing,
          forfaiting,
          negotiation,
          payment);
    }
  }
}
