package io.lcledger.chaincode.domain;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Validity of LC terms, for issue and for every amendment; each broken rule has its own code. */
final class TermsRules {
  static final int MAX_DEFERRED_DAYS = 365;
  static final int MAX_TOLERANCE_PERCENT = 10;
  static final int MAX_PRESENTATION_PERIOD_DAYS = 365;

  private TermsRules() {}

  /**
   * Throws unless {@code terms} may be in force from {@code today} on an LC issued by {@code
   * issuingBranch} on a network of {@code knownBranches}.
   */
  static void validate(
      LcTerms t, String issuingBranch, Set<String> knownBranches, LocalDate today) {
    LcTerms.validateLcNumber(t.lcNumber());
    validateTexts(t);
    requireText(t.expiryPlace(), "expiryPlace");
    requireText(t.goodsDescription(), "goodsDescription");
    validateParties(t);
    require(
        t.amount() != null && t.amount().isPositive(),
        ErrorCode.INVALID_AMOUNT,
        "amount must be > 0");
    require(
        LcTerms.CURRENCY.equals(t.currency()),
        ErrorCode.INVALID_CURRENCY,
        "domestic LCs are in CNY only");
    require(
        t.tolerancePercent() >= 0 && t.tolerancePercent() <= MAX_TOLERANCE_PERCENT,
        ErrorCode.TOLERANCE_OUT_OF_RANGE,
        "tolerancePercent must be 0 to 10");
    // the maximum drawing is stored too, so it must be an amount as well
    require(
        t.amount().fitsPlusPercent(t.tolerancePercent()),
        ErrorCode.INVALID_AMOUNT,
        "amount plus tolerance must not exceed " + Money.MAX);
    require(
        t.expiryDate() != null && t.latestShipmentDate() != null,
        ErrorCode.INVALID_TERMS,
        "expiryDate and latestShipmentDate are required");
    require(
        t.expiryDate().isAfter(today),
        ErrorCode.EXPIRY_NOT_AFTER_ISSUE,
        "expiryDate " + t.expiryDate() + " must be after " + today);
    require(
        !t.latestShipmentDate().isAfter(t.expiryDate()),
        ErrorCode.SHIPMENT_AFTER_EXPIRY,
        "latestShipmentDate " + t.latestShipmentDate() + " is after expiryDate " + t.expiryDate());
    int period = t.effectivePresentationPeriodDays();
    require(
        period >= 1 && period <= MAX_PRESENTATION_PERIOD_DAYS,
        ErrorCode.INVALID_TERMS,
        "presentationPeriodDays must be 1 to 365");
    validatePaymentTerms(t, issuingBranch, knownBranches);
    require(
        t.requiredDocuments() != null && !t.requiredDocuments().isEmpty(),
        ErrorCode.INVALID_TERMS,
        "a documentary LC requires at least one document");
    Set<DocumentType> seen = new HashSet<>();
    for (RequiredDocument doc : t.requiredDocuments()) {
      require(
          doc != null && doc.type() != null && doc.copies() >= 1,
          ErrorCode.INVALID_TERMS,
          "each required document needs a type and at least one copy");
      require(
          doc.copies() <= Limits.COPIES_MAX,
          ErrorCode.LIMIT_EXCEEDED,
          "at most " + Limits.COPIES_MAX + " copies of a document");
      require(
          seen.add(doc.type()),
          ErrorCode.INVALID_TERMS,
          "document type listed twice: " + doc.type());
    }
    require(
        t.advisingBranch() != null && knownBranches.contains(t.advisingBranch()),
        ErrorCode.UNKNOWN_BRANCH,
        "advisingBranch is not a network branch: " + t.advisingBranch());
    require(
        !t.advisingBranch().equals(issuingBranch),
        ErrorCode.INVALID_TERMS,
        "the advising branch must differ from the issuing branch");
  }

  /** Every text of the terms within {@link Limits}, before any rule quotes one back. */
  private static void validateTexts(LcTerms t) {
    Limits.line(t.advisingBranch(), "advisingBranch", Limits.BRANCH_MAX);
    Limits.line(t.currency(), "currency", 3);
    Limits.line(t.expiryPlace(), "expiryPlace", Limits.EXPIRY_PLACE_MAX);
    Limits.lines(t.goodsDescription(), "goodsDescription", Limits.GOODS_DESCRIPTION_MAX);
    Limits.lines(
        t.additionalConditions(), "additionalConditions", Limits.ADDITIONAL_CONDITIONS_MAX);
    Limits.count(t.requiredDocuments(), "requiredDocuments", Limits.REQUIRED_DOCUMENTS_MAX);
    if (t.applicant() != null) {
      Limits.line(t.applicant().name(), "applicant.name", Limits.NAME_MAX);
    }
    if (t.beneficiary() != null) {
      Limits.line(t.beneficiary().name(), "beneficiary.name", Limits.NAME_MAX);
    }
    if (t.paymentTerms() != null) {
      Limits.line(
          t.paymentTerms().nominatedBranch(), "paymentTerms.nominatedBranch", Limits.BRANCH_MAX);
    }
  }

  private static void validateParties(LcTerms t) {
    require(
        t.applicant() != null && t.beneficiary() != null,
        ErrorCode.INVALID_TERMS,
        "applicant and beneficiary are required");
    requireText(t.applicant().name(), "applicant.name");
    requireText(t.beneficiary().name(), "beneficiary.name");
    Uscc.validate(t.applicant().uscc(), "applicant.uscc");
    Uscc.validate(t.beneficiary().uscc(), "beneficiary.uscc");
    require(
        !t.applicant().uscc().equals(t.beneficiary().uscc()),
        ErrorCode.INVALID_TERMS,
        "applicant and beneficiary must be different companies");
  }

  private static void validatePaymentTerms(LcTerms t, String issuingBranch, Set<String> known) {
    PaymentTerms pt = t.paymentTerms();
    require(
        pt != null && pt.type() != null, ErrorCode.INVALID_TERMS, "paymentTerms.type is required");
    if (pt.type() == PaymentType.DEFERRED) {
      require(
          pt.deferredDays() != null && pt.deferredDays() >= 1,
          ErrorCode.INVALID_TERMS,
          "a DEFERRED LC needs deferredDays >= 1");
      require(
          pt.deferredDays() <= MAX_DEFERRED_DAYS,
          ErrorCode.DEFERRED_TOO_LONG,
          "deferred payment is at most one year (365 days), not " + pt.deferredDays());
    } else {
      require(
          pt.deferredDays() == null,
          ErrorCode.INVALID_TERMS,
          "deferredDays is for DEFERRED LCs only");
    }
    if (pt.type() == PaymentType.NEGOTIATION) {
      require(
          pt.nominatedBranch() != null,
          ErrorCode.INVALID_TERMS,
          "a NEGOTIATION LC names its nominatedBranch");
    }
    if (pt.nominatedBranch() != null) {
      require(
          known.contains(pt.nominatedBranch()),
          ErrorCode.UNKNOWN_BRANCH,
          "nominatedBranch is not a network branch: " + pt.nominatedBranch());
      require(
          !pt.nominatedBranch().equals(issuingBranch),
          ErrorCode.INVALID_TERMS,
          "the nominated branch must differ from the issuing branch");
    }
  }

  static void requireText(String value, String field) {
    require(value != null && !value.isBlank(), ErrorCode.INVALID_TERMS, field + " is required");
  }

  static List<String> cleanList(List<String> items) {
    return items == null
        ? List.of()
        : items.stream().filter(i -> i != null && !i.isBlank()).map(String::strip).toList();
  }

  private static void require(boolean condition, ErrorCode code, String detail) {
    LcException.require(condition, code, detail);
  }
}
