package io.lcledger.chaincode.domain;

import java.time.Instant;

/**
 * One version of an LC from the key's own history: which transaction wrote it, when, for which step
 * by which branch and MSP, the status it left, and the whole version (for what changed).
 */
public record HistoryEntry(
    String txId,
    Instant timestamp,
    Step step,
    String branch,
    String mspId,
    Integer presentationNo,
    Integer amendmentNo,
    LcStatus status,
    LetterOfCredit lc) {

  public static HistoryEntry of(String txId, Instant timestamp, LetterOfCredit version) {
    if (version == null) {
      return new HistoryEntry(txId, timestamp, null, null, null, null, null, null, null);
    }
    var last = version.lastStep();
    return new HistoryEntry(
        txId,
        timestamp,
        last.step(),
        last.branch(),
        last.mspId(),
        last.presentationNo(),
        last.amendmentNo(),
        version.status(),
        version);
  }
}
