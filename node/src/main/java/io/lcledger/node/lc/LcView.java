package io.lcledger.node.lc;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.lcledger.chaincode.domain.Amendment;
import io.lcledger.chaincode.domain.Cancellation;
import io.lcledger.chaincode.domain.LcStatus;
import io.lcledger.chaincode.domain.LcTerms;
import io.lcledger.chaincode.domain.LetterOfCredit;
import io.lcledger.chaincode.domain.Money;
import java.time.LocalDate;
import java.util.List;

/**
 * An LC as the API shows it: its terms (unwrapped, as api.md lists them), then its state, and the
 * transaction of its last step. The terms and presentations are the domain's own parts.
 */
public record LcView(
    @JsonUnwrapped LcTerms terms,
    String issuingBranch,
    LocalDate issueDate,
    LcStatus status,
    Money availableAmount,
    List<PresentationView> presentations,
    List<Amendment> amendments,
    Cancellation cancellation,
    String lastStep,
    String txId) {

  public static LcView of(LetterOfCredit lc) {
    String txId = lc.lastStep() == null ? null : lc.lastStep().txId();
    return new LcView(
        lc.terms(),
        lc.issuingBranch(),
        lc.issueDate(),
        lc.status(),
        lc.availableAmount(),
        lc.presentations().stream().map(p -> new PresentationView(p, txId)).toList(),
        lc.amendments(),
        lc.cancellation(),
        lc.lastStep() == null ? null : lc.lastStep().step().name(),
        txId);
  }

  /** The LC's number (in its terms). */
  public String lcNumber() {
    return terms.lcNumber();
  }
}
