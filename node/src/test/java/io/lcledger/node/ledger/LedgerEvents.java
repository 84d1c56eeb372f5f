package io.lcledger.node.ledger;

import io.lcledger.chaincode.domain.LcEvent;
import io.lcledger.chaincode.domain.LcStatus;
import io.lcledger.chaincode.domain.Step;
import java.time.Instant;
import java.util.List;

/** Committed ledger events for tests of what the node makes of them. */
public final class LedgerEvents {
  private LedgerEvents() {}

  /** LC {@code lcNumber} issued by shanghai in transaction {@code txId} of block {@code block}. */
  public static Ledger.LedgerEvent issued(
      String lcNumber, String txId, long block, List<String> branches, List<String> companies) {
    return new Ledger.LedgerEvent(
        new LcEvent(
            "LcIssued",
            lcNumber,
            Step.ISSUE,
            null,
            null,
            "ISSUED",
            LcStatus.ISSUED,
            "shanghai",
            branches,
            txId,
            Instant.parse("2026-03-02T02:00:00Z"),
            companies),
        new Ledger.TxRef(txId, block));
  }
}
