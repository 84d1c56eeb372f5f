package io.lcledger.chaincode.domain;

/**
 * Who is paid for a presentation: the beneficiary (by USCC), or the bank that bought or negotiated
 * the claim (by branch).
 */
public record Payee(Kind kind, String id) {
  /** Why this party is to be paid. */
  public enum Kind {
    BENEFICIARY,
    NEGOTIATING_BANK,
    FORFAITER
  }
}
