package io.lcledger.chaincode.domain;

/**
 * Every step of the LC lifecycle. Who may take each one, from which states, with which checks and
 * which event it emits is in {@link LcStateMachine}'s table.
 */
public enum Step {
  ISSUE,
  ADVISE,
  PROPOSE_AMENDMENT,
  ACCEPT_AMENDMENT,
  REJECT_AMENDMENT,
  PRESENT,
  EXAMINE_COMPLIANT,
  NOTE_DISCREPANCIES,
  WAIVE_DISCREPANCIES,
  REFUSE,
  ACCEPT_DEFERRED,
  PAY_AT_SIGHT,
  PAY_AT_MATURITY,
  GRANT_BUYER_FINANCING,
  REPAY_BUYER_FINANCING,
  FORFAIT,
  NEGOTIATE,
  REQUEST_CANCELLATION,
  ACCEPT_CANCELLATION,
  REJECT_CANCELLATION,
  EXPIRE,
  CLOSE
}
