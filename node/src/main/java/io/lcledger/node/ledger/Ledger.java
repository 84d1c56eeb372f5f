package io.lcledger.node.ledger;

import io.lcledger.chaincode.domain.Command;
import io.lcledger.chaincode.domain.HistoryEntry;
import io.lcledger.chaincode.domain.LcEvent;
import io.lcledger.chaincode.domain.LetterOfCredit;
import io.lcledger.chaincode.domain.YearCalendar;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The node's one port onto the LC ledger, in the domain's own types: a family of ledger (the
 * embedded sandbox, Fabric, an EVM chain) is one adapter of it, and nothing outside the adapter
 * knows how that family names its transactions or encodes its arguments. Every failure is a {@link
 * LedgerException}.
 */
public interface Ledger {

  /**
   * Takes one step on LC {@code lcNumber} as {@code member} and returns once it is committed. For
   * {@link Command.Issue} the number is the one in the terms.
   */
  Committed submit(Member member, String lcNumber, Command command);

  /** The LC as {@code member} may see it; one it may not see is refused as LC_NOT_FOUND. */
  LetterOfCredit find(Member member, String lcNumber);

  /** The LC's versions, oldest first, each with the transaction that wrote it. */
  List<HistoryEntry> history(Member member, String lcNumber);

  /** The business calendar of {@code year} as the ledger holds it. */
  Optional<YearCalendar> calendar(Member member, int year);

  /**
   * Streams to {@code listener}, in commit order, the LC events committed after block {@code
   * checkpoint} and then every one committed from now on. An event may come twice (around a
   * reconnection); its transaction id tells.
   */
  void follow(long checkpoint, Consumer<LedgerEvent> listener);

  /**
   * The LC as this node's own step {@code tx} left it, where submitting the step read it back from
   * the ledger (Fabric, whose events carry no terms): the consumer of events takes it rather than
   * asking the ledger a second time. Waits up to {@code patience} for a read under way; empty for
   * another node's transaction, a read that failed, or a family that hands the LC over with the
   * event or not at all.
   */
  default Optional<LetterOfCredit> readAfterCommit(TxRef tx, Duration patience) {
    return Optional.empty();
  }

  /** Locating and verifying transactions, where this family of ledger can. */
  Optional<Audit> audit();

  /** Whether the ledger can be reached now. */
  boolean isAvailable();

  /** The family: {@code sandbox}, {@code fabric} or {@code evm}. */
  String mode();

  /** Where a committed transaction is: its id and its block. */
  record TxRef(String txId, long blockNumber) {}

  /** A committed step: the LC's new version, the event it emitted and its transaction. */
  record Committed(LetterOfCredit lc, LcEvent event, TxRef tx) {}

  /**
   * An LC event as committed, with its transaction; and the LC as that transaction left it, from a
   * ledger that has it at hand and lets this node read every LC (the sandbox, which holds every
   * member's identity). Without it ({@code null}), the node reads the LC back as one of its
   * members.
   */
  record LedgerEvent(LcEvent event, TxRef tx, LetterOfCredit lc) {
    public LedgerEvent(LcEvent event, TxRef tx) {
      this(event, tx, null);
    }
  }

  /** What an auditor can recompute about transactions, where the ledger family allows it. */
  interface Audit {
    /** Where each transaction sits in the chain; unknown ones are left out. */
    List<TxLocation> locate(List<String> txIds);

    /** Recomputes what can be: each transaction in its block, and the hash chain. */
    List<Check> verify(List<String> txIds);
  }

  /** A transaction's place in the chain. */
  record TxLocation(String txId, long blockNumber, String blockHash) {}

  /** One verification check and its outcome. */
  record Check(String name, boolean passed, String detail) {}
}
