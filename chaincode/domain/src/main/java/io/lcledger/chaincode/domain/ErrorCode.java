package io.lcledger.chaincode.domain;

/**
 * Every reason the ledger refuses a step, each with the HTTP status a node answers it with. The
 * names are part of the integration contract: the node passes them through as {@code code}.
 */
public enum ErrorCode {
  // malformed or invalid input
  INVALID_REQUEST(400),
  INVALID_AMOUNT(400),
  INVALID_CURRENCY(400),
  INVALID_USCC(400),
  INVALID_LC_NUMBER(400),
  INVALID_TERMS(400),
  TOLERANCE_OUT_OF_RANGE(400),
  EXPIRY_NOT_AFTER_ISSUE(422),
  SHIPMENT_AFTER_EXPIRY(422),
  DEFERRED_TOO_LONG(422),
  UNKNOWN_BRANCH(422),
  NOT_AMENDABLE(422),
  INVALID_DOCUMENT(400),
  /** A text longer, or a list with more items, than {@link Limits} allows. */
  LIMIT_EXCEEDED(400),
  /** A text with a control character, an unpaired surrogate or a bidirectional override. */
  INVALID_TEXT(400),
  INVALID_CALENDAR(400),
  INVALID_NETWORK_CONFIG(400),
  NETWORK_NOT_CONFIGURED(503),
  // who may act
  NOT_AUTHORIZED(403),
  // what does not exist (or may not be seen)
  LC_NOT_FOUND(404),
  PRESENTATION_NOT_FOUND(404),
  AMENDMENT_NOT_FOUND(404),
  // state
  ILLEGAL_TRANSITION(409),
  DUPLICATE_LC_NUMBER(409),
  ALREADY_FORFAITED(409),
  ALREADY_FINANCED(409),
  ALREADY_NEGOTIATED(409),
  // business rules
  OVERDRAWN(422),
  PARTIAL_DRAWING_NOT_ALLOWED(422),
  SHIPMENT_LATE(422),
  SHIPMENT_IN_FUTURE(422),
  PRESENTATION_LATE(422),
  LC_EXPIRED(422),
  NOT_YET_EXPIRED(422),
  DEADLINE_PASSED(422),
  DISCREPANCIES_REQUIRED(422),
  REFUSAL_INCOMPLETE(422),
  NOT_DEFERRED(422),
  NOT_NEGOTIATION(422),
  MATURITY_PASSED(422),
  FINANCING_EXCEEDS_DRAWING(422),
  REPAYMENT_EXCEEDS_OUTSTANDING(422),
  NEGOTIATION_EXCEEDS_DRAWING(422),
  PURCHASE_PRICE_EXCEEDS_CLAIM(422),
  PAYMENT_AMOUNT_MISMATCH(422),
  DUE_DATE_NOT_AFTER_VALUE_DATE(422),
  AMOUNT_BELOW_DRAWN(422),
  OUTSTANDING_ITEMS(422),
  BALANCE_AVAILABLE(422),
  DIGEST_MISMATCH(422),
  // what the ledger holds but cannot read (written before its bounds): one error for that LC only
  LC_UNREADABLE(500);

  private final int httpStatus;

  ErrorCode(int httpStatus) {
    this.httpStatus = httpStatus;
  }

  /** The HTTP status a node answers this refusal with. */
  public int httpStatus() {
    return httpStatus;
  }
}
