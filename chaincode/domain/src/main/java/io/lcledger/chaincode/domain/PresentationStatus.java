package io.lcledger.chaincode.domain;

/** States of one drawing under the LC. */
public enum PresentationStatus implements Statuses {
  PRESENTED,
  COMPLIANT,
  DISCREPANT,
  WAIVED,
  REFUSED,
  ACCEPTED,
  PAID
}
