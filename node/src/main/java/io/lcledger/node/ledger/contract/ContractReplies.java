package io.lcledger.node.ledger.contract;

import com.fasterxml.jackson.core.type.TypeReference;
import io.lcledger.chaincode.domain.ErrorCode;
import io.lcledger.chaincode.domain.HistoryEntry;
import io.lcledger.chaincode.domain.LcEvent;
import io.lcledger.chaincode.domain.LcException;
import io.lcledger.chaincode.domain.LetterOfCredit;
import io.lcledger.chaincode.domain.YearCalendar;
import io.lcledger.chaincode.ledger.CanonicalJson;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Java contract's answers read into domain types. What the contract holds but this node cannot
 * read (an LC written under older bounds, say) is LC_UNREADABLE for that LC alone, and an entry of
 * its own in a list: it never fails the list.
 */
public final class ContractReplies {
  private static final Logger log = LoggerFactory.getLogger(ContractReplies.class);

  private ContractReplies() {}

  public static LetterOfCredit lc(String json) {
    try {
      return CanonicalJson.read(json, LetterOfCredit.class);
    } catch (LcException e) {
      throw unreadable("an LC", e);
    }
  }

  public static List<HistoryEntry> history(String lcNumber, String json) {
    try {
      return CanonicalJson.read(json, new TypeReference<List<HistoryEntry>>() {});
    } catch (LcException e) {
      throw unreadable("the history of LC " + lcNumber, e);
    }
  }

  /** A list of strings (a step's endorsing organisations). */
  public static List<String> strings(String json) {
    return CanonicalJson.read(json, new TypeReference<List<String>>() {});
  }

  /** Which MSP each branch is, from the network's configuration. */
  public static Map<String, String> branches(String configJson) {
    return CanonicalJson.read(configJson, io.lcledger.chaincode.contract.NetworkConfig.class)
        .branches();
  }

  public static YearCalendar calendar(String json) {
    return CanonicalJson.read(json, YearCalendar.class);
  }

  /** A committed chaincode event as an LC event; the network's own events are none. */
  public static Optional<LcEvent> event(String name, String payload) {
    try {
      return Optional.of(CanonicalJson.read(payload, LcEvent.class));
    } catch (RuntimeException notAnLcEvent) {
      log.debug("event {} is not an LC event", name);
      return Optional.empty();
    }
  }

  private static LcException unreadable(String what, LcException e) {
    log.error("the ledger answered {} this node cannot read: {}", what, e.getMessage());
    return new LcException(
        ErrorCode.LC_UNREADABLE,
        "the ledger holds " + what + " in a form this node cannot read: " + e.detail());
  }
}
