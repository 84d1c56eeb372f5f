package io.lcledger.chaincode.domain;

/** States of buyer financing (买方押汇) on a presentation; NONE until granted. */
public enum FinancingStatus implements Statuses {
  NONE,
  GRANTED,
  REPAID
}
