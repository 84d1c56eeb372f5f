package io.lcledger.chaincode.domain;

/** States of the letter of credit itself. */
public enum LcStatus implements Statuses {
  ISSUED,
  ADVISED,
  CLOSED,
  EXPIRED,
  CANCELLED
}
