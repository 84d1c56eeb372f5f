package io.lcledger.chaincode.domain;

import static io.lcledger.chaincode.domain.LcException.require;

import io.lcledger.chaincode.domain.Command.AcceptDeferred;
import io.lcledger.chaincode.domain.Command.Examine;
import io.lcledger.chaincode.domain.Command.Pay;
import io.lcledger.chaincode.domain.Command.Present;
import io.lcledger.chaincode.domain.Command.Refuse;
import io.lcledger.chaincode.domain.Command.Waive;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The checks and changes of {@link LcStateMachine}'s table for a drawing: presentation,
 * examination, waiver or refusal, acceptance and payment.
 */
final class PresentationRules {
  private static final String NO_DIGEST = "0".repeat(64);
  private static final Pattern HEX_256 = Pattern.compile("[0-9a-f]{64}");

  private PresentationRules() {}

  // ---- presentation

  static void documentsWellFormed(Situation<Present> s) {
    Present p = s.command();
    Amounts.requirePositive(p.amount(), "amount");
    require(p.shipmentDate() != null, ErrorCode.INVALID_REQUEST, "shipmentDate is required");
    require(
        p.documents() != null && !p.documents().isEmpty(),
        ErrorCode.INVALID_DOCUMENT,
        "a presentation has at least one document");
    Set<String> ids = new HashSet<>();
    for (DocumentRef d : p.documents()) {
      require(
          d != null
              && d.documentId() != null
              && !d.documentId().isBlank()
              && d.type() != null
              && d.fileName() != null
              && !d.fileName().isBlank()
              && d.mediaType() != null
              && d.size() > 0,
          ErrorCode.INVALID_DOCUMENT,
          "each document needs documentId, type, fileName, mediaType and a size > 0");
      require(
          d.sha256() != null && HEX_256.matcher(d.sha256()).matches(),
          ErrorCode.INVALID_DOCUMENT,
          "sha256 must be 64 lower-case hex digits");
      require(
          d.sm3() != null && HEX_256.matcher(d.sm3()).matches(),
          ErrorCode.INVALID_DOCUMENT,
          "sm3 must be 64 lower-case hex digits");
      // no file hashes to zero: a zero digest anchors nothing (and is "none" on an EVM chain)
      require(
          !NO_DIGEST.equals(d.sha256()) && !NO_DIGEST.equals(d.sm3()),
          ErrorCode.INVALID_DOCUMENT,
          "a digest of zeros is no file's");
      require(
          ids.add(d.documentId()),
          ErrorCode.INVALID_DOCUMENT,
          "document listed twice: " + d.documentId());
    }
  }

  static void shipmentOnTime(Situation<Present> s) {
    var shipped = s.command().shipmentDate();
    require(
        !shipped.isAfter(s.lc().terms().latestShipmentDate()),
        ErrorCode.SHIPMENT_LATE,
        "shipped "
            + shipped
            + ", after the latest shipment date "
            + s.lc().terms().latestShipmentDate());
    require(
        !shipped.isAfter(s.today()),
        ErrorCode.SHIPMENT_IN_FUTURE,
        "shipment date " + shipped + " is in the future");
  }

  static void withinPresentationPeriod(Situation<Present> s) {
    var last =
        s.command().shipmentDate().plusDays(s.lc().terms().effectivePresentationPeriodDays());
    require(
        !s.today().isAfter(last),
        ErrorCode.PRESENTATION_LATE,
        "documents were due by "
            + last
            + " ("
            + s.lc().terms().effectivePresentationPeriodDays()
            + " days after shipment)");
  }

  static void partialDrawingAllowed(Situation<Present> s) {
    LetterOfCredit lc = s.lc();
    if (lc.terms().partialShipmentsAllowed()) {
      return;
    }
    boolean earlierDrawing =
        lc.presentations().stream().anyMatch(Presentation::countsAgainstAmount);
    require(
        !earlierDrawing,
        ErrorCode.PARTIAL_DRAWING_NOT_ALLOWED,
        "partial drawings are not allowed: LC already drawn");
    Money min = lc.terms().minimumFullDrawing();
    require(
        !min.exceeds(s.command().amount()),
        ErrorCode.PARTIAL_DRAWING_NOT_ALLOWED,
        "partial drawings are not allowed: the drawing must be at least " + min);
  }

  static void notOverdrawn(Situation<Present> s) {
    require(
        !s.command().amount().exceeds(s.lc().availableAmount()),
        ErrorCode.OVERDRAWN,
        "drawing " + s.command().amount() + " exceeds the available " + s.lc().availableAmount());
  }

  static LetterOfCredit present(Situation<Present> s) {
    Present p = s.command();
    Presentation.Builder b = new Presentation.Builder();
    b.presentationNo = s.presentationNo();
    b.presentingBranch = s.caller().branch();
    b.status = PresentationStatus.PRESENTED;
    b.amount = p.amount();
    b.shipmentDate = p.shipmentDate();
    b.receivedOn = s.today();
    b.examinationDeadline = s.calendar().examinationDeadline(s.today());
    b.documents = p.documents();
    b.payee = new Payee(Payee.Kind.BENEFICIARY, s.lc().terms().beneficiary().uscc());
    Presentation presentation = b.build();
    List<Presentation> presentations = new ArrayList<>(s.lc().presentations());
    presentations.add(presentation);
    return s.lc().with(lc -> lc.presentations = presentations);
  }

  // ---- examination

  static void discrepanciesListed(Situation<Examine> s) {
    require(
        !TermsRules.cleanList(s.command().discrepancies()).isEmpty(),
        ErrorCode.DISCREPANCIES_REQUIRED,
        "discrepant documents need the list of discrepancies");
  }

  static void withinExaminationDeadline(Situation<?> s) {
    var deadline = s.presentation().examinationDeadline();
    require(
        !s.today().isAfter(deadline),
        ErrorCode.DEADLINE_PASSED,
        "the examination period ended on " + deadline + "; documents can no longer be refused");
  }

  static LetterOfCredit noteDiscrepancies(Situation<Examine> s) {
    List<String> listed = TermsRules.cleanList(s.command().discrepancies());
    return s.lc().withPresentation(s.presentationNo(), p -> p.with(b -> b.discrepancies = listed));
  }

  static LetterOfCredit waive(Situation<Waive> s) {
    return s.lc()
        .withPresentation(
            s.presentationNo(),
            p -> p.with(b -> b.applicantWaived = s.command().applicantWaived()));
  }

  static void refusalListsDiscrepancies(Situation<Refuse> s) {
    List<String> listed = TermsRules.cleanList(s.command().discrepancies());
    require(
        !listed.isEmpty(), ErrorCode.DISCREPANCIES_REQUIRED, "a refusal lists every discrepancy");
    require(
        s.command().documentDisposition() != null,
        ErrorCode.INVALID_REQUEST,
        "documentDisposition is required");
    List<String> missing =
        s.presentation().discrepancies().stream().filter(d -> !listed.contains(d)).toList();
    require(
        missing.isEmpty(),
        ErrorCode.REFUSAL_INCOMPLETE,
        "the one refusal notice must list every discrepancy; missing " + missing);
  }

  static LetterOfCredit refuse(Situation<Refuse> s) {
    List<String> listed = TermsRules.cleanList(s.command().discrepancies());
    return s.lc()
        .withPresentation(
            s.presentationNo(),
            p ->
                p.with(
                    b -> {
                      b.discrepancies = listed;
                      b.documentDisposition = s.command().documentDisposition().name();
                    }));
  }

  static void deferredPayment(Situation<AcceptDeferred> s) {
    require(
        s.lc().terms().paymentType() == PaymentType.DEFERRED,
        ErrorCode.NOT_DEFERRED,
        "only a DEFERRED LC is accepted for payment at maturity");
  }

  /**
   * Maturity is {@code deferredDays} calendar days after receipt of the documents; one that falls
   * on a weekend or holiday is paid on the next business day (顺延), and a 调休 working day is a
   * business day like any other.
   */
  static LetterOfCredit acceptDeferred(Situation<AcceptDeferred> s) {
    int days = s.lc().terms().paymentTerms().deferredDays();
    return s.lc()
        .withPresentation(
            s.presentationNo(),
            p ->
                p.with(
                    b -> b.maturityDate = s.calendar().onOrAfter(p.receivedOn().plusDays(days))));
  }

  // ---- payment

  static void paymentMatchesDrawing(Situation<Pay> s) {
    Pay pay = s.command();
    Amounts.requirePositive(pay.amount(), "amount");
    require(
        pay.paymentReference() != null && !pay.paymentReference().isBlank(),
        ErrorCode.INVALID_REQUEST,
        "paymentReference is required");
    require(
        pay.amount().compareTo(s.presentation().amount()) == 0,
        ErrorCode.PAYMENT_AMOUNT_MISMATCH,
        "payment " + pay.amount() + " differs from the drawing " + s.presentation().amount());
  }

  static LetterOfCredit pay(Situation<Pay> s) {
    Pay pay = s.command();
    return s.lc()
        .withPresentation(
            s.presentationNo(),
            p ->
                p.with(
                    b ->
                        b.payment =
                            new Payment(
                                pay.amount(),
                                pay.paymentReference().strip(),
                                s.today(),
                                p.payee())));
  }
}
