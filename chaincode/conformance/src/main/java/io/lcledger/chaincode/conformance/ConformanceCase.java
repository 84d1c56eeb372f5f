package io.lcledger.chaincode.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * One case: steps taken in order on a fresh network, each with its caller, its request and what
 * must come of it. {@code file} and {@code name} say where it is written.
 */
public record ConformanceCase(String file, String name, List<CaseStep> steps) {

  /**
   * One step: at {@code at} (the previous step's time when absent), {@code by} takes {@code step}
   * (a command's name, as {@code present}) on LC {@code lc} with {@code request}; then either
   * {@code refused} names the error code, or {@code expect} holds what must be true of the
   * committed outcome ({@code event}, {@code status}, {@code lc}).
   */
  public record CaseStep(
      Instant at,
      String by,
      String step,
      String lc,
      JsonNode request,
      Expect expect,
      String refused) {

    public String describe() {
      return by + " " + step + " " + lc + " " + (request == null ? "{}" : request);
    }
  }

  /** What must be true of a committed step; a field left out is not checked. */
  public record Expect(String event, String status, String lc) {}
}
