package io.lcledger.node.ledger.contract;

import io.lcledger.chaincode.contract.ContractCalls;
import io.lcledger.chaincode.contract.ContractCalls.Call;
import io.lcledger.chaincode.domain.HistoryEntry;
import io.lcledger.chaincode.domain.LetterOfCredit;
import io.lcledger.chaincode.domain.YearCalendar;
import io.lcledger.node.ledger.Ledger;
import io.lcledger.node.ledger.LedgerException;
import io.lcledger.node.ledger.Member;
import java.util.List;
import java.util.Optional;

/**
 * The port over the Java contract, for the families that run it (the sandbox in process, Fabric
 * through the Gateway): the reads are the contract's queries, asked through {@link #evaluate} and
 * read back by {@link ContractReplies}, written once for both.
 */
public interface ContractLedger extends Ledger {

  /** Evaluates one contract query as {@code member}: its answer, or a {@link LedgerException}. */
  String evaluate(Member member, Call call);

  @Override
  default LetterOfCredit find(Member member, String lcNumber) {
    return ContractReplies.lc(evaluate(member, ContractCalls.find(lcNumber)));
  }

  @Override
  default List<HistoryEntry> history(Member member, String lcNumber) {
    return ContractReplies.history(lcNumber, evaluate(member, ContractCalls.history(lcNumber)));
  }

  @Override
  default Optional<YearCalendar> calendar(Member member, int year) {
    try {
      return Optional.of(ContractReplies.calendar(evaluate(member, ContractCalls.calendar(year))));
    } catch (LedgerException.Rejected noCalendar) {
      return Optional.empty();
    }
  }
}
