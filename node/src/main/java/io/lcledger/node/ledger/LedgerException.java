package io.lcledger.node.ledger;

/**
 * Why the ledger did not commit or answer, always with the transaction concerned where there was
 * one: the rules refused it, it failed at commit, or the ledger could not be reached.
 */
public abstract sealed class LedgerException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String txId;

  private LedgerException(String message, String txId, Throwable cause) {
    super(message, cause);
    this.txId = txId;
  }

  /** The transaction concerned, or null when none was built. */
  public String txId() {
    return txId;
  }

  /** The contract's rules refused the step: {@code code} is its error code; nothing was written. */
  public static final class Rejected extends LedgerException {
    private static final long serialVersionUID = 1L;
    private final String code;
    private final String detail;

    public Rejected(String code, String detail, String txId) {
      super(code + ": " + detail, txId, null);
      this.code = code;
      this.detail = detail;
    }

    /** Splits a contract's error message of the form {@code CODE: detail}. */
    public static Rejected fromMessage(String message, String txId) {
      int colon = message == null ? -1 : message.indexOf(": ");
      if (colon > 0 && message.substring(0, colon).matches("[A-Z][A-Z_]+")) {
        return new Rejected(message.substring(0, colon), message.substring(colon + 2), txId);
      }
      return new Rejected("LEDGER_ERROR", String.valueOf(message), txId);
    }

    public String code() {
      return code;
    }

    public String detail() {
      return detail;
    }
  }

  /** Endorsed, but invalidated when the ledger committed it; nothing was written. */
  public static final class CommitFailed extends LedgerException {
    private static final long serialVersionUID = 1L;
    private final Reason reason;

    public CommitFailed(Reason reason, String detail, String txId) {
      super(reason + ": " + detail, txId, null);
      this.reason = reason;
    }

    public Reason reason() {
      return reason;
    }

    /** Why a commit failed. */
    public enum Reason {
      /** Another transaction changed what this one read; a fresh one may succeed. */
      MVCC_READ_CONFLICT,
      /** The endorsements do not satisfy the policy of a key written. */
      ENDORSEMENT_POLICY_FAILURE,
      /** No commit was seen in time; the outcome is found by the transaction id. */
      TIMEOUT
    }
  }

  /**
   * The idempotency key of the step was taken by another request (the sandbox ledger holds each
   * keyed step's request hash beside its key); nothing was written.
   */
  public static final class KeyReused extends LedgerException {
    private static final long serialVersionUID = 1L;

    public KeyReused(String txId) {
      super("the idempotency key was used with a different request", txId, null);
    }
  }

  /** The ledger could not be reached; the request may be retried later. */
  public static final class Unavailable extends LedgerException {
    private static final long serialVersionUID = 1L;

    public Unavailable(String message, Throwable cause) {
      super(message, null, cause);
    }
  }
}
