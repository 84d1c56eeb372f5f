package io.lcledger.chaincode.domain;

/** States of negotiation (议付) of a presentation by the nominated bank; NONE until negotiated. */
public enum NegotiationStatus implements Statuses {
  NONE,
  NEGOTIATED
}
