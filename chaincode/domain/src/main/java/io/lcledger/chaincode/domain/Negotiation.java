package io.lcledger.chaincode.domain;

import java.time.LocalDate;

/** Negotiation (议付): the nominated bank paid the beneficiary early, with recourse. */
public record Negotiation(
    NegotiationStatus status, String negotiatingBranch, Money amount, LocalDate negotiatedOn) {

  Negotiation withStatus(NegotiationStatus newStatus) {
    return new Negotiation(newStatus, negotiatingBranch, amount, negotiatedOn);
  }
}
