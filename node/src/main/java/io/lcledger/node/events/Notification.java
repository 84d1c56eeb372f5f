package io.lcledger.node.events;

import java.time.Instant;
import java.util.List;

/**
 * A ledger event as a branch's trade-services system receives it, by SSE and by webhook. {@code
 * eventId} is stable (the transaction id and the branch) so a redelivery can be recognised. It
 * names the companies (USCCs) the LC is for, so a listener can tell whom it concerns without
 * reading the LC back. Published to the node's event bus once it is safe in the outbox.
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
    Instant timestamp,
    List<String> companies) {

  public Notification {
    // notifications stored before companies were carried have none
    companies = companies == null ? List.of() : List.copyOf(companies);
  }
}
