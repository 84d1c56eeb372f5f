package io.lcledger.chaincode.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.util.RawValue;
import io.lcledger.chaincode.domain.BusinessCalendar;
import io.lcledger.chaincode.domain.Caller;
import io.lcledger.chaincode.domain.ErrorCode;
import io.lcledger.chaincode.domain.HistoryEntry;
import io.lcledger.chaincode.domain.LcEvent;
import io.lcledger.chaincode.domain.LcException;
import io.lcledger.chaincode.domain.LcTerms;
import io.lcledger.chaincode.domain.LetterOfCredit;
import io.lcledger.chaincode.domain.YearCalendar;
import io.lcledger.chaincode.ledger.CanonicalJson;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.hyperledger.fabric.shim.ext.sbe.StateBasedEndorsement;
import org.hyperledger.fabric.shim.ext.sbe.impl.StateBasedEndorsementFactory;
import org.hyperledger.fabric.shim.ledger.CompositeKey;
import org.hyperledger.fabric.shim.ledger.KeyModification;
import org.hyperledger.fabric.shim.ledger.KeyValue;
import org.hyperledger.fabric.shim.ledger.QueryResultsIterator;
import org.hyperledger.fabric.shim.ledger.QueryResultsIteratorWithMetadata;

/** The contract's view of world state: LCs with their indexes, configuration and calendar. */
final class LcLedger {
  private static final byte[] INDEX_VALUE = {0};
  static final int MAX_PAGE_SIZE = 200;

  private final ChaincodeStub stub;

  LcLedger(ChaincodeStub stub) {
    this.stub = stub;
  }

  static String lcKey(ChaincodeStub stub, String lcNumber) {
    LcTerms.validateLcNumber(lcNumber);
    return stub.createCompositeKey(LedgerKeys.LC, lcNumber).toString();
  }

  /**
   * The LC as {@code caller} may know it, or null if there is none. An LC stored in a form this
   * version cannot read (written before today's bounds) is one error for that LC alone: {@link
   * ErrorCode#LC_UNREADABLE} to those who may see it, and to anyone else the answer for a missing
   * LC.
   */
  LetterOfCredit findLc(String lcNumber, Caller caller) {
    byte[] bytes = stub.getState(lcKey(stub, lcNumber));
    if (bytes == null || bytes.length == 0) {
      return null;
    }
    try {
      return CanonicalJson.read(bytes, LetterOfCredit.class);
    } catch (LcException unreadable) {
      boolean mayKnow =
          caller.auditor() || (caller.isBranch() && branchesIn(bytes).contains(caller.branch()));
      if (!mayKnow) {
        throw notFound(lcNumber);
      }
      throw new LcException(
          ErrorCode.LC_UNREADABLE,
          "LC "
              + lcNumber
              + " is stored in a form this version cannot read: "
              + unreadable.detail());
    }
  }

  LetterOfCredit requireLc(String lcNumber, Caller caller) {
    LetterOfCredit lc = findLc(lcNumber, caller);
    if (lc == null) {
      throw notFound(lcNumber);
    }
    return lc;
  }

  static LcException notFound(String lcNumber) {
    return new LcException(ErrorCode.LC_NOT_FOUND, "no LC " + lcNumber);
  }

  /** Every branch a stored LC names, read without the domain types (which may refuse it). */
  private static Set<String> branchesIn(byte[] bytes) {
    Set<String> branches = new HashSet<>();
    try {
      JsonNode tree = CanonicalJson.tree(bytes);
      for (String field : BRANCH_FIELDS) {
        branches.addAll(tree.findValuesAsText(field));
      }
    } catch (LcException notJson) {
      // nobody can be shown to be a party
    }
    return branches;
  }

  private static final List<String> BRANCH_FIELDS =
      List.of(
          "issuingBranch",
          "advisingBranch",
          "nominatedBranch",
          "presentingBranch",
          "forfaiter",
          "negotiatingBranch");

  /** Writes the LC's next version and moves its index entries to match. */
  void saveLc(LetterOfCredit before, LetterOfCredit after) {
    stub.putState(lcKey(stub, after.lcNumber()), CanonicalJson.bytes(after));
    Set<String> oldKeys = before == null ? Set.of() : indexKeys(before);
    Set<String> newKeys = indexKeys(after);
    for (String key : oldKeys) {
      if (!newKeys.contains(key)) {
        stub.delState(key);
      }
    }
    for (String key : newKeys) {
      if (!oldKeys.contains(key)) {
        stub.putState(key, INDEX_VALUE);
      }
    }
  }

  private Set<String> indexKeys(LetterOfCredit lc) {
    Set<String> keys = new HashSet<>();
    String status = lc.status().name();
    keys.add(stub.createCompositeKey(LedgerKeys.BY_STATUS, status, lc.lcNumber()).toString());
    for (String party : lc.parties()) {
      keys.add(
          stub.createCompositeKey(LedgerKeys.BY_PARTY, party, status, lc.lcNumber()).toString());
    }
    return keys;
  }

  /** Both banks of the LC must endorse every later change of it (key-level policy). */
  void requireEndorsementOf(String lcNumber, String... mspIds) {
    StateBasedEndorsement policy =
        StateBasedEndorsementFactory.getInstance().newStateBasedEndorsement(null);
    policy.addOrgs(StateBasedEndorsement.RoleType.RoleTypeMember, mspIds);
    stub.setStateValidationParameter(lcKey(stub, lcNumber), policy.policy());
  }

  void emit(LcEvent event) {
    stub.setEvent(event.name(), CanonicalJson.bytes(event));
  }

  /**
   * One page of LCs under an index prefix, with the bookmark of the next page. Each LC is answered
   * as stored, without being parsed here, so one LC that cannot be read never breaks a list.
   */
  Page page(CompositeKey prefix, int pageSize, String bookmark) {
    if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
      throw new LcException(ErrorCode.INVALID_REQUEST, "pageSize must be 1 to " + MAX_PAGE_SIZE);
    }
    List<RawValue> items = new ArrayList<>();
    String next;
    try (QueryResultsIteratorWithMetadata<KeyValue> results =
        stub.getStateByPartialCompositeKeyWithPagination(
            prefix, pageSize, bookmark == null ? "" : bookmark)) {
      for (KeyValue kv : results) {
        List<String> attributes = stub.splitCompositeKey(kv.getKey()).getAttributes();
        String lcNumber = attributes.get(attributes.size() - 1);
        byte[] lc = stub.getState(stub.createCompositeKey(LedgerKeys.LC, lcNumber).toString());
        if (lc != null && lc.length > 0) {
          items.add(new RawValue(new String(lc, StandardCharsets.UTF_8)));
        }
      }
      next = results.getMetadata().getBookmark();
    } catch (Exception e) {
      if (e instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException("range query failed", e);
    }
    return new Page(items, items.size() < pageSize ? "" : next);
  }

  /** A page of LCs; an empty bookmark means there is no further page. */
  record Page(List<RawValue> items, String bookmark) {}

  /** The LC's versions, oldest first (Fabric returns them newest first). */
  List<HistoryEntry> history(String lcNumber) {
    List<HistoryEntry> entries = new ArrayList<>();
    try (QueryResultsIterator<KeyModification> results =
        stub.getHistoryForKey(lcKey(stub, lcNumber))) {
      for (KeyModification m : results) {
        LetterOfCredit version =
            m.isDeleted() ? null : CanonicalJson.read(m.getValue(), LetterOfCredit.class);
        entries.add(HistoryEntry.of(m.getTxId(), m.getTimestamp(), version));
      }
    } catch (Exception e) {
      if (e instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException("history query failed", e);
    }
    Collections.reverse(entries);
    return entries;
  }

  NetworkConfig config() {
    byte[] bytes = stub.getState(LedgerKeys.NETWORK_CONFIG);
    return bytes == null || bytes.length == 0
        ? null
        : CanonicalJson.read(bytes, NetworkConfig.class);
  }

  void saveConfig(NetworkConfig config) {
    stub.putState(LedgerKeys.NETWORK_CONFIG, CanonicalJson.bytes(config));
  }

  YearCalendar calendarYear(int year) {
    byte[] bytes = stub.getState(calendarKey(year));
    return bytes == null || bytes.length == 0
        ? null
        : CanonicalJson.read(bytes, YearCalendar.class);
  }

  void saveCalendar(YearCalendar calendar) {
    stub.putState(calendarKey(calendar.year()), CanonicalJson.bytes(calendar));
  }

  BusinessCalendar calendar() {
    return BusinessCalendar.loading(this::calendarYear);
  }

  private String calendarKey(int year) {
    return stub.createCompositeKey(LedgerKeys.CALENDAR, String.format("%04d", year)).toString();
  }
}
