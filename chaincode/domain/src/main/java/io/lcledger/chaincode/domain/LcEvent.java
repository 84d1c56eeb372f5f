package io.lcledger.chaincode.domain;

import java.time.Instant;
import java.util.List;

/**
 * The one event a step emits (past tense, e.g. {@code LcIssued}), carrying what each node needs to
 * notify its trade-services system: which LC, which presentation or amendment, the new status, the
 * branches concerned and the companies (USCCs) it is for, so that nobody reads the LC back to know
 * whom an event concerns.
 */
public record LcEvent(
    String name,
    String lcNumber,
    Step step,
    Integer presentationNo,
    Integer amendmentNo,
    String status,
    LcStatus lcStatus,
    String actingBranch,
    List<String> branches,
    String txId,
    Instant timestamp,
    List<String> companies) {

  public LcEvent {
    branches = branches == null ? List.of() : List.copyOf(branches);
    // events written before companies were carried have none
    companies = companies == null ? List.of() : List.copyOf(companies);
  }

  /** The event as a block may carry it for every member to read: without the companies. */
  public LcEvent withoutCompanies() {
    return new LcEvent(
        name,
        lcNumber,
        step,
        presentationNo,
        amendmentNo,
        status,
        lcStatus,
        actingBranch,
        branches,
        txId,
        timestamp,
        List.of());
  }
}
