package io.lcledger.chaincode.domain;

import java.time.Instant;
import java.util.List;

/**
 * The one event a step emits (past tense, e.g. {@code LcIssued}), carrying what each node needs to
 * notify its trade-services system: which LC, which presentation or amendment, the new status and
 * the branches concerned.
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
    Instant timestamp) {}
