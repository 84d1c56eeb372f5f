package io.lcledger.chaincode.domain;

import java.time.Instant;

/**
 * The step that wrote the current version of an LC. Kept in the state so that the key's own history
 * (getHistoryForKey) tells, for every version, who did what and when.
 */
public record LastStep(
    Step step,
    String branch,
    String mspId,
    Integer presentationNo,
    Integer amendmentNo,
    String txId,
    Instant timestamp) {}
