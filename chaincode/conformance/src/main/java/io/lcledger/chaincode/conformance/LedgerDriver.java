package io.lcledger.chaincode.conformance;

import io.lcledger.chaincode.domain.Command;
import java.time.Instant;

/**
 * One ledger family's contract, as the conformance suite drives it. Each case gets a new driver: a
 * fresh network of the branches {@code shanghai}, {@code yangzhou} and {@code forfaiter} and an
 * auditor, with the business calendars of 2025 and 2026 set.
 */
public interface LedgerDriver {

  /** The time of the transactions that follow (their timestamp on the ledger). */
  void at(Instant time);

  /**
   * Takes one step on LC {@code lcNumber} as {@code caller} (a branch's name, or {@code auditor})
   * and answers what the ledger committed, or the code it refused the step with.
   */
  Outcome submit(String caller, String lcNumber, Command command);
}
