package io.lcledger.node.lc;

import io.lcledger.chaincode.domain.Amendment;
import io.lcledger.chaincode.domain.Cancellation;
import io.lcledger.chaincode.domain.LcStatus;
import io.lcledger.chaincode.domain.LcTerms;
import io.lcledger.chaincode.domain.LetterOfCredit;
import io.lcledger.chaincode.domain.Money;
import io.lcledger.chaincode.domain.Party;
import io.lcledger.chaincode.domain.PaymentTerms;
import io.lcledger.chaincode.domain.RequiredDocument;
import java.time.LocalDate;
import java.util.List;

/** An LC as the API shows it: its terms, then its state, and the transaction of its last step. */
public record LcView(
    String lcNumber,
    String issuingBranch,
    String advisingBranch,
    Party applicant,
    Party beneficiary,
    Money amount,
    String currency,
    int tolerancePercent,
    LocalDate issueDate,
    LocalDate expiryDate,
    String expiryPlace,
    LocalDate latestShipmentDate,
    Integer presentationPeriodDays,
    PaymentTerms paymentTerms,
    boolean partialShipmentsAllowed,
    String goodsDescription,
    List<RequiredDocument> requiredDocuments,
    String additionalConditions,
    LcStatus status,
    Money availableAmount,
    List<PresentationView> presentations,
    List<Amendment> amendments,
    Cancellation cancellation,
    String lastStep,
    String txId) {

  public static LcView of(LetterOfCredit lc) {
    LcTerms t = lc.terms();
    String txId = lc.lastStep() == null ? null : lc.lastStep().txId();
    return new LcView(
        t.lcNumber(),
        lc.issuingBranch(),
        t.advisingBranch(),
        t.applicant(),
        t.beneficiary(),
        t.amount(),
        t.currency(),
        t.tolerancePercent(),
        lc.issueDate(),
        t.expiryDate(),
        t.expiryPlace(),
        t.latestShipmentDate(),
        t.presentationPeriodDays(),
        t.paymentTerms(),
        t.partialShipmentsAllowed(),
        t.goodsDescription(),
        t.requiredDocuments(),
        t.additionalConditions(),
        lc.status(),
        lc.availableAmount(),
        lc.presentations().stream().map(p -> PresentationView.of(p, txId)).toList(),
        lc.amendments(),
        lc.cancellation(),
        lc.lastStep() == null ? null : lc.lastStep().step().name(),
        txId);
  }
}
