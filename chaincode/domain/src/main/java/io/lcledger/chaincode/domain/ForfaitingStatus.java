package io.lcledger.chaincode.domain;

/** States of forfaiting (福费廷) of a deferred claim; NONE until sold. */
public enum ForfaitingStatus implements Statuses {
  NONE,
  FORFAITED
}
