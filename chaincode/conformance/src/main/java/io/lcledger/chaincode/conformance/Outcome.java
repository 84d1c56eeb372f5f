package io.lcledger.chaincode.conformance;

import io.lcledger.chaincode.domain.LcEvent;

/**
 * What a step came to: committed, with the event it emitted, the new status of what it acted on
 * (the LC, a presentation, an amendment, the cancellation) and the LC's status; or refused, with
 * the error code.
 */
public record Outcome(String event, String status, String lcStatus, String code) {

  public static Outcome committed(LcEvent event) {
    return new Outcome(event.name(), event.status(), event.lcStatus().name(), null);
  }

  public static Outcome refused(String code) {
    return new Outcome(null, null, null, code);
  }

  public boolean isCommitted() {
    return code == null;
  }

  @Override
  public String toString() {
    return isCommitted()
        ? event + " (status " + status + ", LC " + lcStatus + ")"
        : "refused with " + code;
  }
}
