package io.lcledger.node.lc;

import io.lcledger.chaincode.domain.BuyerFinancing;
import io.lcledger.chaincode.domain.DocumentRef;
import io.lcledger.chaincode.domain.Forfaiting;
import io.lcledger.chaincode.domain.Money;
import io.lcledger.chaincode.domain.Negotiation;
import io.lcledger.chaincode.domain.Payee;
import io.lcledger.chaincode.domain.Payment;
import io.lcledger.chaincode.domain.Presentation;
import io.lcledger.chaincode.domain.PresentationStatus;
import java.time.LocalDate;
import java.util.List;

/** One presentation as the API shows it, with the transaction of the LC's last step. */
public record PresentationView(
    int presentationNo,
    PresentationStatus status,
    String presentingBranch,
    Money amount,
    LocalDate shipmentDate,
    LocalDate receivedOn,
    List<DocumentRef> documents,
    LocalDate examinationDeadline,
    List<String> discrepancies,
    Boolean applicantWaived,
    String documentDisposition,
    LocalDate maturityDate,
    Payee payee,
    BuyerFinancing buyerFinancing,
    Forfaiting forfaiting,
    Negotiation negotiation,
    Payment payment,
    String txId) {

  static PresentationView of(Presentation p, String txId) {
    return new PresentationView(
        p.presentationNo(),
        p.status(),
        p.presentingBranch(),
        p.amount(),
        p.shipmentDate(),
        p.receivedOn(),
        p.documents(),
        p.examinationDeadline(),
        p.discrepancies(),
        p.applicantWaived(),
        p.documentDisposition(),
        p.maturityDate(),
        p.payee(),
        p.buyerFinancing(),
        p.forfaiting(),
        p.negotiation(),
        p.payment(),
        txId);
  }
}
