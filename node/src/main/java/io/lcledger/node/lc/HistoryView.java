package io.lcledger.node.lc;

import java.time.Instant;
import java.util.List;

/** One entry of an LC's history, from the ledger's own key history and block locations. */
public record HistoryView(
    String txId,
    Long blockNumber,
    Instant timestamp,
    String branch,
    String mspId,
    String action,
    String status,
    Integer presentationNo,
    Integer amendmentNo,
    String mt) {

  /** The verification of an LC's trail. */
  public record Verification(boolean verified, List<CheckView> checks) {}

  /** One check of the verification. */
  public record CheckView(String name, boolean passed, String detail) {}
}
