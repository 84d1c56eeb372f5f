package io.lcledger.chaincode.domain;

import java.time.LocalDate;
import java.util.Map;

/**
 * A change of terms proposed by the issuing bank. It binds the issuer from proposal and the
 * beneficiary only once accepted (through the advising branch), and is accepted or rejected whole.
 * {@code changes} holds each changed field with its new value in canonical form.
 */
public record Amendment(
    int amendmentNo,
    AmendmentStatus status,
    Map<String, Object> changes,
    LocalDate proposedOn,
    LocalDate answeredOn) {

  Amendment withStatus(AmendmentStatus newStatus) {
    return new Amendment(amendmentNo, newStatus, changes, proposedOn, answeredOn);
  }
}
