package io.lcledger.chaincode.domain;

/**
 * Every reason the ledger refuses a step, each of a {@link Kind}. The names are part of the
 * integration contract: the node passes them through as {@code code}, and answers each kind with
 * its own HTTP status (the domain knows nothing of HTTP).
 */
public enum ErrorCode {
  // malformed or invalid input
  INVALID_REQUEST(Kind.INVALID_INPUT),
  INVALID_AMOUNT(Kind.INVALID_INPUT),
  INVALID_CURRENCY(Kind.INVALID_INPUT),
  INVALID_USCC(Kind.INVALID_INPUT),
  INVALID_LC_NUMBER(Kind.INVALID_INPUT),
  INVALID_TERMS(Kind.INVALID_INPUT),
  TOLERANCE_OUT_OF_RANGE(Kind.INVALID_INPUT),
  EXPIRY_NOT_AFTER_ISSUE(Kind.RULE_BROKEN),
  SHIPMENT_AFTER_EXPIRY(Kind.RULE_BROKEN),
  DEFERRED_TOO_LONG(Kind.RULE_BROKEN),
  UNKNOWN_BRANCH(Kind.RULE_BROKEN),
  NOT_AMENDABLE(Kind.RULE_BROKEN),
  INVALID_DOCUMENT(Kind.INVALID_INPUT),
  /** A text longer, or a list with more items, than {@link Limits} allows. */
  LIMIT_EXCEEDED(Kind.INVALID_INPUT),
  /** A text with a control character, an unpaired surrogate or a bidirectional override. */
  INVALID_TEXT(Kind.INVALID_INPUT),
  INVALID_CALENDAR(Kind.INVALID_INPUT),
  INVALID_NETWORK_CONFIG(Kind.INVALID_INPUT),
  NETWORK_NOT_CONFIGURED(Kind.NOT_CONFIGURED),
  // who may act
  NOT_AUTHORIZED(Kind.NOT_PERMITTED),
  // what does not exist (or may not be seen)
  LC_NOT_FOUND(Kind.NOT_FOUND),
  PRESENTATION_NOT_FOUND(Kind.NOT_FOUND),
  AMENDMENT_NOT_FOUND(Kind.NOT_FOUND),
  // state
  ILLEGAL_TRANSITION(Kind.WRONG_STATE),
  DUPLICATE_LC_NUMBER(Kind.WRONG_STATE),
  ALREADY_FORFAITED(Kind.WRONG_STATE),
  ALREADY_FINANCED(Kind.WRONG_STATE),
  ALREADY_NEGOTIATED(Kind.WRONG_STATE),
  // business rules
  OVERDRAWN(Kind.RULE_BROKEN),
  PARTIAL_DRAWING_NOT_ALLOWED(Kind.RULE_BROKEN),
  SHIPMENT_LATE(Kind.RULE_BROKEN),
  SHIPMENT_IN_FUTURE(Kind.RULE_BROKEN),
  PRESENTATION_LATE(Kind.RULE_BROKEN),
  LC_EXPIRED(Kind.RULE_BROKEN),
  NOT_YET_EXPIRED(Kind.RULE_BROKEN),
  DEADLINE_PASSED(Kind.RULE_BROKEN),
  DISCREPANCIES_REQUIRED(Kind.RULE_BROKEN),
  REFUSAL_INCOMPLETE(Kind.RULE_BROKEN),
  NOT_DEFERRED(Kind.RULE_BROKEN),
  NOT_NEGOTIATION(Kind.RULE_BROKEN),
  MATURITY_PASSED(Kind.RULE_BROKEN),
  FINANCING_EXCEEDS_DRAWING(Kind.RULE_BROKEN),
  REPAYMENT_EXCEEDS_OUTSTANDING(Kind.RULE_BROKEN),
  NEGOTIATION_EXCEEDS_DRAWING(Kind.RULE_BROKEN),
  PURCHASE_PRICE_EXCEEDS_CLAIM(Kind.RULE_BROKEN),
  PAYMENT_AMOUNT_MISMATCH(Kind.RULE_BROKEN),
  DUE_DATE_NOT_AFTER_VALUE_DATE(Kind.RULE_BROKEN),
  AMOUNT_BELOW_DRAWN(Kind.RULE_BROKEN),
  OUTSTANDING_ITEMS(Kind.RULE_BROKEN),
  BALANCE_AVAILABLE(Kind.RULE_BROKEN),
  DIGEST_MISMATCH(Kind.RULE_BROKEN),
  // what the ledger holds but cannot read (written before its bounds): one error for that LC only
  LC_UNREADABLE(Kind.UNREADABLE),
  // Fabric private data (the EVM twin keeps its terms on chain and never answers these)
  /**
   * The LC exists but the peer asked does not hold its terms (private data): not yet received, or
   * the peer is not one of the LC's banks'. Nothing was written; a retry may succeed.
   */
  TERMS_NOT_HELD(Kind.WRONG_STATE),
  /** The channel defines no private data collection for the set of banks the LC would have. */
  TERMS_COLLECTION_MISSING(Kind.WRONG_STATE);

  /** What sort of refusal a code is; a node maps each kind to how it answers. */
  public enum Kind {
    /** The request is malformed or out of bounds. */
    INVALID_INPUT,
    /** Well formed, but against the LC's terms or the rules. */
    RULE_BROKEN,
    /** The caller may not take this step. */
    NOT_PERMITTED,
    /** No such thing, or not one the caller may see. */
    NOT_FOUND,
    /** Not in the state the step needs, or done already. */
    WRONG_STATE,
    /** The network has not been set up yet. */
    NOT_CONFIGURED,
    /** The ledger holds what cannot be read. */
    UNREADABLE
  }

  private final Kind kind;

  ErrorCode(Kind kind) {
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
