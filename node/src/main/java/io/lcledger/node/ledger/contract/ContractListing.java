package io.lcledger.node.ledger.contract;

import io.lcledger.chaincode.contract.ContractCalls;
import io.lcledger.chaincode.contract.ContractCalls.Call;
import io.lcledger.chaincode.domain.ErrorCode;
import io.lcledger.chaincode.domain.LcException;
import io.lcledger.chaincode.domain.LcStatus;
import io.lcledger.node.ledger.Ledger.Query;

/**
 * A listing of the port as the contract's paged reads. The contract lists by party, or by one
 * status; every LC of every status is walked status by status, the cursor ({@code STATUS|bookmark})
 * saying which and where. Any other cursor is the contract's own bookmark.
 */
public record ContractListing(Query query, LcStatus status, String bookmark) {
  private static final int MAX_CURSOR = 1_024;

  /** Where the listing of {@code query} stands at {@code cursor} (empty for the first page). */
  public static ContractListing at(Query query, String cursor) {
    String text = cursor == null ? "" : cursor;
    LcException.require(
        text.length() <= MAX_CURSOR, ErrorCode.INVALID_REQUEST, "the cursor is too long");
    if (!walksStatuses(query) || text.isEmpty()) {
      LcStatus first = query.status() != null ? query.status() : LcStatus.values()[0];
      return new ContractListing(query, first, text);
    }
    int bar = text.indexOf('|');
    LcException.require(bar > 0, ErrorCode.INVALID_REQUEST, "not a cursor of this listing");
    try {
      return new ContractListing(
          query, LcStatus.valueOf(text.substring(0, bar)), text.substring(bar + 1));
    } catch (IllegalArgumentException e) {
      throw new LcException(ErrorCode.INVALID_REQUEST, "not a cursor of this listing");
    }
  }

  private static boolean walksStatuses(Query query) {
    return query.party() == null && query.status() == null;
  }

  /** The contract read for this page. */
  public Call call() {
    return query.party() != null
        ? ContractCalls.listByParty(query.party(), query.status(), query.pageSize(), bookmark)
        : ContractCalls.listByStatus(status, query.pageSize(), bookmark);
  }

  /** The cursor after this page, whose own bookmark is {@code next}; empty after the last. */
  public String next(String next) {
    if (!walksStatuses(query)) {
      return next;
    }
    if (!next.isEmpty()) {
      return status.name() + "|" + next;
    }
    int following = status.ordinal() + 1;
    return following < LcStatus.values().length ? LcStatus.values()[following].name() + "|" : "";
  }
}
