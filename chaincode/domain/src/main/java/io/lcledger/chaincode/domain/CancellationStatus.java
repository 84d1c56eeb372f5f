package io.lcledger.chaincode.domain;

/** States of the issuing bank's request to cancel before expiry; NONE until requested. */
public enum CancellationStatus implements Statuses {
  NONE,
  REQUESTED,
  ACCEPTED,
  REJECTED
}
