package io.lcledger.chaincode.domain;

/** How the LC is available: sight payment, deferred payment or negotiation. */
public enum PaymentType {
  SIGHT,
  DEFERRED,
  NEGOTIATION
}
