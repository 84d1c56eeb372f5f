package io.lcledger.node.ledger;

import java.util.List;
import java.util.function.Consumer;

/**
 * The node's one port onto the LC ledger. Adapters: the embedded sandbox (every branch in one
 * process) and Fabric (one branch, through the Gateway). A refused transaction throws {@link
 * LedgerRejectedException} with the chaincode's code; an unreachable ledger {@link
 * LedgerUnavailableException}.
 */
public interface Ledger {

  /** Submits a transaction as {@code member} and returns once it is committed. */
  Committed submit(Member member, String function, String... args);

  /** Evaluates a query as {@code member}; nothing is written. */
  String evaluate(Member member, String function, String... args);

  /** Where each transaction sits in the chain (block number), for the audit trail. */
  List<TxLocation> locate(List<String> txIds);

  /** Recomputes what can be recomputed for these transactions: inclusion and the hash chain. */
  List<Check> verify(List<String> txIds);

  /** Registers a listener for every committed chaincode event, in commit order. */
  void onEvent(Consumer<LedgerEvent> listener);

  /** Events committed after block {@code afterBlock}, to catch up after a restart. */
  List<LedgerEvent> eventsAfter(long afterBlock);

  /** Whether the ledger can be reached now. */
  boolean isAvailable();

  /** {@code sandbox} or {@code fabric}. */
  String mode();

  /** A committed transaction: what the chaincode returned, its id and its block. */
  record Committed(String payload, String txId, long blockNumber) {}

  /** A chaincode event as committed. */
  record LedgerEvent(String name, String payload, String txId, long blockNumber) {}

  /** A transaction's place in the chain. */
  record TxLocation(String txId, long blockNumber, String blockHash) {}

  /** One verification check and its outcome. */
  record Check(String name, boolean passed, String detail) {}
}
