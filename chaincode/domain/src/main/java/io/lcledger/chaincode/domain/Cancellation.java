package io.lcledger.chaincode.domain;

import java.time.LocalDate;

/** The issuing bank's request to cancel the LC before expiry, and the beneficiary's answer. */
public record Cancellation(
    CancellationStatus status, String reason, LocalDate requestedOn, LocalDate answeredOn) {

  Cancellation withStatus(CancellationStatus newStatus) {
    return new Cancellation(newStatus, reason, requestedOn, answeredOn);
  }
}
