package io.lcledger.node.ledger;

/** The chaincode refused the transaction: {@code code} is its error code, nothing was written. */
public final class LedgerRejectedException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String code;
  private final String detail;

  public LedgerRejectedException(String code, String detail) {
    super(code + ": " + detail);
    this.code = code;
    this.detail = detail;
  }

  /** Splits a chaincode error message of the form {@code CODE: detail}. */
  public static LedgerRejectedException fromMessage(String message) {
    int colon = message == null ? -1 : message.indexOf(": ");
    if (colon > 0 && message.substring(0, colon).matches("[A-Z][A-Z_]+")) {
      return new LedgerRejectedException(message.substring(0, colon), message.substring(colon + 2));
    }
    return new LedgerRejectedException("LEDGER_ERROR", String.valueOf(message));
  }

  public String code() {
    return code;
  }

  public String detail() {
    return detail;
  }
}
