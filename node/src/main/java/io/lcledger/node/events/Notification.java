package io.lcledger.node.events;

import java.time.Instant;
import java.util.List;

/**
 * A ledger event as a branch's trade-services system receives it, by SSE and by webhook. {@code
 * eventId} is stable (the transaction id and the branch) so a redelivery can be recognised.
 */
public record Notification(
    String eventId,
    long sequence,
    String branch,
    String event,
    String lcNumber,
    String step,
    Integer presentationNo,
    Integer amendmentNo,
    String status,
    String lcStatus,
    String actingBranch,
    List<String> branches,
    String txId,
    long blockNumber,
    Instant timestamp) {}
