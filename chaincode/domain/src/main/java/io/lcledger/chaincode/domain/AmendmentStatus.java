package io.lcledger.chaincode.domain;

/** States of one proposed change of terms. */
public enum AmendmentStatus implements Statuses {
  PROPOSED,
  ACCEPTED,
  REJECTED
}
