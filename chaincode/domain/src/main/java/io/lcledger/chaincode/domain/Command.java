package io.lcledger.chaincode.domain;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * What a caller asks the ledger to do; each command maps to exactly one {@link Step}. Each checks
 * its texts and lists against {@link Limits} as it is built, so an oversized or malformed request
 * is refused before any LC is read, with the same answer whether the LC exists or not.
 */
public sealed interface Command {

  /** The step this command takes on {@code lc} (null for an LC not yet issued). */
  Step step(LetterOfCredit lc);

  /**
   * A command type's name, as the contract's transaction and the node's metrics call it: {@code
   * Present} is {@code present}, {@code GrantBuyerFinancing} {@code grantBuyerFinancing}.
   */
  static String nameOf(Class<?> type) {
    String name = type.getSimpleName();
    return Character.toLowerCase(name.charAt(0)) + name.substring(1);
  }

  /** The presentation the step acts on, if any. */
  default Integer presentationNo() {
    return null;
  }

  /** The amendment the step acts on, if any. */
  default Integer amendmentNo() {
    return null;
  }

  record Issue(LcTerms terms) implements Command {
    public Step step(LetterOfCredit lc) {
      return Step.ISSUE;
    }
  }

  record Advise() implements Command {
    public Step step(LetterOfCredit lc) {
      return Step.ADVISE;
    }
  }

  record ProposeAmendment(Map<String, Object> changes) implements Command {
    public ProposeAmendment {
      LcException.require(
          changes == null || changes.size() <= Limits.AMENDMENT_CHANGES_MAX,
          ErrorCode.LIMIT_EXCEEDED,
          "an amendment changes at most " + Limits.AMENDMENT_CHANGES_MAX + " fields");
    }

    public Step step(LetterOfCredit lc) {
      return Step.PROPOSE_AMENDMENT;
    }
  }

  record AnswerAmendment(Integer amendmentNo, boolean accepted) implements Command {
    public Step step(LetterOfCredit lc) {
      return accepted ? Step.ACCEPT_AMENDMENT : Step.REJECT_AMENDMENT;
    }
  }

  record Present(Money amount, LocalDate shipmentDate, List<DocumentRef> documents)
      implements Command {
    public Present {
      Limits.count(documents, "documents", Limits.DOCUMENTS_MAX);
      if (documents != null) {
        for (DocumentRef d : documents) {
          if (d != null) {
            Limits.line(d.documentId(), "documentId", Limits.DOCUMENT_ID_MAX);
            Limits.line(d.fileName(), "fileName", Limits.FILE_NAME_MAX);
            Limits.mediaType(d.mediaType(), "mediaType");
          }
        }
      }
    }

    public Step step(LetterOfCredit lc) {
      return Step.PRESENT;
    }
  }

  record Examine(Integer presentationNo, Result result, List<String> discrepancies)
      implements Command {
    /** The examiner's finding. */
    public enum Result {
      COMPLIANT,
      DISCREPANT
    }

    public Examine {
      LcException.require(result != null, ErrorCode.INVALID_REQUEST, "result is required");
      Limits.discrepancies(discrepancies);
    }

    public Step step(LetterOfCredit lc) {
      return result == Result.COMPLIANT ? Step.EXAMINE_COMPLIANT : Step.NOTE_DISCREPANCIES;
    }
  }

  record Waive(Integer presentationNo, boolean applicantWaived) implements Command {
    public Step step(LetterOfCredit lc) {
      return Step.WAIVE_DISCREPANCIES;
    }
  }

  record Refuse(
      Integer presentationNo, List<String> discrepancies, DocumentDisposition documentDisposition)
      implements Command {
    public Refuse {
      Limits.discrepancies(discrepancies);
    }

    public Step step(LetterOfCredit lc) {
      return Step.REFUSE;
    }
  }

  record AcceptDeferred(Integer presentationNo) implements Command {
    public Step step(LetterOfCredit lc) {
      return Step.ACCEPT_DEFERRED;
    }
  }

  /** Payment is at sight (SIGHT, NEGOTIATION) or at maturity (DEFERRED), by the LC's terms. */
  record Pay(Integer presentationNo, Money amount, String paymentReference) implements Command {
    public Pay {
      Limits.line(paymentReference, "paymentReference", Limits.PAYMENT_REFERENCE_MAX);
    }

    public Step step(LetterOfCredit lc) {
      boolean deferred = lc != null && lc.terms().paymentType() == PaymentType.DEFERRED;
      return deferred ? Step.PAY_AT_MATURITY : Step.PAY_AT_SIGHT;
    }
  }

  record GrantBuyerFinancing(
      Integer presentationNo, Money amount, BigDecimal annualRatePercent, LocalDate dueDate)
      implements Command {
    public Step step(LetterOfCredit lc) {
      return Step.GRANT_BUYER_FINANCING;
    }
  }

  record RepayBuyerFinancing(Integer presentationNo, Money amount) implements Command {
    public Step step(LetterOfCredit lc) {
      return Step.REPAY_BUYER_FINANCING;
    }
  }

  record Forfait(Integer presentationNo, Money purchasePrice, BigDecimal discountRatePercent)
      implements Command {
    public Step step(LetterOfCredit lc) {
      return Step.FORFAIT;
    }
  }

  record Negotiate(Integer presentationNo, Money amount) implements Command {
    public Step step(LetterOfCredit lc) {
      return Step.NEGOTIATE;
    }
  }

  record RequestCancellation(String reason) implements Command {
    public RequestCancellation {
      Limits.lines(reason, "reason", Limits.REASON_MAX);
    }

    public Step step(LetterOfCredit lc) {
      return Step.REQUEST_CANCELLATION;
    }
  }

  record AnswerCancellation(boolean accepted) implements Command {
    public Step step(LetterOfCredit lc) {
      return accepted ? Step.ACCEPT_CANCELLATION : Step.REJECT_CANCELLATION;
    }
  }

  record Expire() implements Command {
    public Step step(LetterOfCredit lc) {
      return Step.EXPIRE;
    }
  }

  record Close() implements Command {
    public Step step(LetterOfCredit lc) {
      return Step.CLOSE;
    }
  }
}
