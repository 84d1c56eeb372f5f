package io.lcledger.node.lc;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.lcledger.chaincode.contract.HistoryEntry;
import io.lcledger.chaincode.domain.Command;
import io.lcledger.chaincode.domain.DocumentRef;
import io.lcledger.chaincode.domain.ErrorCode;
import io.lcledger.chaincode.domain.LcException;
import io.lcledger.chaincode.domain.LcStatus;
import io.lcledger.chaincode.domain.LcTerms;
import io.lcledger.chaincode.domain.LetterOfCredit;
import io.lcledger.chaincode.domain.Limits;
import io.lcledger.chaincode.domain.YearCalendar;
import io.lcledger.chaincode.ledger.CanonicalJson;
import io.lcledger.node.documents.DocumentStore;
import io.lcledger.node.identity.CallerPrincipal;
import io.lcledger.node.ledger.Ledger;
import io.lcledger.node.ledger.LedgerRejectedException;
import io.lcledger.node.ledger.Member;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * The LC use cases of a node: each step is one ledger transaction submitted with the caller's own
 * branch identity; reads come from the ledger, never from a copy the node keeps.
 */
@Service
public class LcService {
  private static final Logger log = LoggerFactory.getLogger(LcService.class);
  private final Ledger ledger;
  private final DocumentStore documents;
  private final MeterRegistry metrics;

  public LcService(Ledger ledger, DocumentStore documents, MeterRegistry metrics) {
    this.ledger = ledger;
    this.documents = documents;
    this.metrics = metrics;
  }

  public LetterOfCredit issue(CallerPrincipal caller, LcTerms terms) {
    Limits.lcNumber(terms.lcNumber());
    return submit(caller, "issue", CanonicalJson.string(terms));
  }

  /** Submits one step on an LC; the command is the chaincode's own request type. */
  public LetterOfCredit step(
      CallerPrincipal caller, String function, String lcNumber, Command command) {
    Limits.lcNumber(lcNumber);
    return submit(caller, function, lcNumber, CanonicalJson.string(command));
  }

  public LetterOfCredit stepWithoutBody(CallerPrincipal caller, String function, String lcNumber) {
    Limits.lcNumber(lcNumber);
    return submit(caller, function, lcNumber);
  }

  /** Presents documents uploaded to this node: their digests are anchored on the ledger. */
  public LetterOfCredit present(
      CallerPrincipal caller, String lcNumber, Command.Present request, List<String> documentIds) {
    Limits.lcNumber(lcNumber);
    // before each id is looked up in the store
    Limits.count(documentIds, "documentIds", Limits.DOCUMENTS_MAX);
    List<DocumentRef> refs = documents.refsForPresentation(caller.branch(), documentIds);
    LetterOfCredit lc =
        step(
            caller,
            "present",
            lcNumber,
            new Command.Present(request.amount(), request.shipmentDate(), refs));
    documents.linkToLc(documentIds, lcNumber);
    return lc;
  }

  public LetterOfCredit get(CallerPrincipal caller, String lcNumber) {
    Limits.lcNumber(lcNumber);
    return read(ledger.evaluate(caller.member(), "getLc", lcNumber));
  }

  /** A page of the caller's LCs (every LC for an auditor), newest LC number last. */
  public Page list(CallerPrincipal caller, LcStatus status, int page, int size) {
    Listed all = new Listed();
    if (caller.auditor()) {
      for (LcStatus s : status == null ? List.of(LcStatus.values()) : List.of(status)) {
        all.add(
            drain(
                bookmark ->
                    ledger.evaluate(Member.AUDITOR, "listLcsByStatus", s.name(), "200", bookmark)));
      }
    } else {
      String filter = status == null ? "" : status.name();
      all.add(
          drain(
              bookmark ->
                  ledger.evaluate(
                      caller.member(),
                      "listLcsByParty",
                      caller.branch(),
                      filter,
                      "200",
                      bookmark)));
    }
    return page(all, page, size);
  }

  /**
   * A page of the LCs of a company (its USCC as applicant or beneficiary), read through the branch
   * that serves it; optionally of one status and with a number containing {@code search}.
   */
  public Page listForCompany(
      String branch, String uscc, LcStatus status, String search, int page, int size) {
    String filter = status == null ? "" : status.name();
    Listed all =
        drain(
            bookmark ->
                ledger.evaluate(
                    Member.branch(branch), "listLcsByParty", branch, filter, "200", bookmark));
    Predicate<String> number =
        n -> search == null || search.isBlank() || n.contains(search.strip());
    Listed mine = new Listed();
    all.lcs.stream()
        .filter(
            lc ->
                uscc.equals(lc.terms().applicant().uscc())
                    || uscc.equals(lc.terms().beneficiary().uscc()))
        .filter(lc -> number.test(lc.lcNumber()))
        .forEach(mine.lcs::add);
    all.unreadable.stream()
        .filter(u -> u.usccs().contains(uscc) && number.test(u.item().lcNumber()))
        .forEach(mine.unreadable::add);
    return page(mine, page, size);
  }

  /** Every LC of a party (a branch or a USCC), for auditors. */
  public Page listForParty(String party, int page, int size) {
    return page(
        drain(
            bookmark ->
                ledger.evaluate(Member.AUDITOR, "listLcsByParty", party, "", "200", bookmark)),
        page,
        size);
  }

  private static Page page(Listed all, int page, int size) {
    List<LcView> sorted =
        all.lcs.stream()
            .sorted(Comparator.comparing(LetterOfCredit::lcNumber))
            .map(LcView::of)
            .toList();
    int from = (int) Math.min((long) page * size, sorted.size());
    int to = Math.min(from + size, sorted.size());
    List<Unreadable> unreadable =
        all.unreadable.stream()
            .map(UnreadableEntry::item)
            .sorted(Comparator.comparing(Unreadable::lcNumber))
            .toList();
    return new Page(sorted.subList(from, to), page, size, sorted.size(), unreadable);
  }

  /** The LC as read through {@code member}, for pages that act for a company or an auditor. */
  public LetterOfCredit getAs(Member member, String lcNumber) {
    Limits.lcNumber(lcNumber);
    return read(ledger.evaluate(member, "getLc", lcNumber));
  }

  /** Where each transaction is on the ledger (its block), for the audit trail. */
  public List<Ledger.TxLocation> locate(List<String> txIds) {
    return ledger.locate(txIds);
  }

  /** The business calendar of {@code year} as the ledger holds it, or null when none is set. */
  public YearCalendar calendar(Member member, int year) {
    try {
      return CanonicalJson.read(
          ledger.evaluate(member, "network:getCalendar", Integer.toString(year)),
          YearCalendar.class);
    } catch (LedgerRejectedException noCalendar) {
      return null;
    }
  }

  /** The raw history entries (each with the whole version), for the audit trail. */
  public List<HistoryEntry> versions(Member member, String lcNumber) {
    Limits.lcNumber(lcNumber);
    return readHistory(lcNumber, ledger.evaluate(member, "getLcHistory", lcNumber));
  }

  /**
   * One page of a listing: items, the page number (from 0), its size and the total of items; LCs
   * that the ledger holds but this node cannot read are listed apart, each with why.
   */
  public record Page(
      List<LcView> items, int page, int size, long total, List<Unreadable> unreadable) {
    public Page(List<LcView> items, int page, int size, long total) {
      this(items, page, size, total, List.of());
    }
  }

  /** An LC on the ledger that this node cannot read: one entry in a list, never a failed list. */
  public record Unreadable(String lcNumber, String code, String detail) {}

  /** An unreadable LC with the companies it names, so a company's list can still include it. */
  private record UnreadableEntry(Unreadable item, Set<String> usccs) {}

  /** What a drained listing found: the LCs read, and those that could not be. */
  private static final class Listed {
    final List<LetterOfCredit> lcs = new ArrayList<>();
    final List<UnreadableEntry> unreadable = new ArrayList<>();

    void add(Listed other) {
      lcs.addAll(other.lcs);
      unreadable.addAll(other.unreadable);
    }
  }

  private static Listed drain(Function<String, String> pageAt) {
    Listed listed = new Listed();
    String bookmark = "";
    do {
      JsonNode page = CanonicalJson.tree(pageAt.apply(bookmark).getBytes(StandardCharsets.UTF_8));
      for (JsonNode item : page.path("items")) {
        try {
          listed.lcs.add(CanonicalJson.read(item.toString(), LetterOfCredit.class));
        } catch (LcException unreadable) {
          String lcNumber = item.path("terms").path("lcNumber").asText("");
          log.error("LC {} on the ledger cannot be read: {}", lcNumber, unreadable.getMessage());
          listed.unreadable.add(
              new UnreadableEntry(
                  new Unreadable(lcNumber, ErrorCode.LC_UNREADABLE.name(), unreadable.detail()),
                  Set.copyOf(item.findValuesAsText("uscc"))));
        }
      }
      bookmark = page.path("bookmark").asText("");
    } while (!bookmark.isEmpty());
    return listed;
  }

  public List<HistoryView> history(CallerPrincipal caller, String lcNumber) {
    Limits.lcNumber(lcNumber);
    List<HistoryEntry> entries =
        readHistory(lcNumber, ledger.evaluate(caller.member(), "getLcHistory", lcNumber));
    Map<String, Long> blocks =
        ledger.locate(entries.stream().map(HistoryEntry::txId).toList()).stream()
            .collect(
                Collectors.toMap(
                    Ledger.TxLocation::txId, Ledger.TxLocation::blockNumber, (a, b) -> a));
    return entries.stream()
        .map(
            e ->
                new HistoryView(
                    e.txId(),
                    blocks.get(e.txId()),
                    e.timestamp(),
                    e.branch(),
                    e.mspId(),
                    e.step() == null ? null : e.step().name(),
                    e.status() == null ? null : e.status().name(),
                    e.presentationNo(),
                    e.amendmentNo()))
        .toList();
  }

  /**
   * Recomputes the trail: each transaction in its block, the hash chain, each document's digests.
   */
  public HistoryView.Verification verify(CallerPrincipal caller, String lcNumber) {
    List<HistoryView> history = history(caller, lcNumber);
    LetterOfCredit lc = get(caller, lcNumber);
    List<HistoryView.CheckView> checks = new ArrayList<>();
    for (Ledger.Check check : ledger.verify(history.stream().map(HistoryView::txId).toList())) {
      checks.add(new HistoryView.CheckView(check.name(), check.passed(), check.detail()));
    }
    lc.presentations()
        .forEach(
            p ->
                p.documents()
                    .forEach(
                        d -> {
                          DocumentStore.DigestCheck digest = documents.check(d);
                          checks.add(
                              new HistoryView.CheckView(
                                  "document " + d.documentId() + " digests",
                                  digest.matches(),
                                  digest.detail()));
                        }));
    boolean verified = checks.stream().allMatch(HistoryView.CheckView::passed);
    return new HistoryView.Verification(verified, checks);
  }

  private LetterOfCredit submit(CallerPrincipal caller, String function, String... args) {
    Timer.Sample sample = Timer.start(metrics);
    String outcome = "committed";
    try {
      return read(ledger.submit(caller.member(), function, args).payload());
    } catch (LedgerRejectedException e) {
      outcome = e.code();
      throw e;
    } finally {
      sample.stop(metrics.timer("lc.steps", "step", function, "outcome", outcome));
    }
  }

  /** The LC the ledger answered; one it holds but this node cannot read is LC_UNREADABLE. */
  private static LetterOfCredit read(String json) {
    try {
      return CanonicalJson.read(json, LetterOfCredit.class);
    } catch (LcException e) {
      throw unreadable("an LC", e);
    }
  }

  private static List<HistoryEntry> readHistory(String lcNumber, String json) {
    try {
      return CanonicalJson.read(json, new TypeReference<List<HistoryEntry>>() {});
    } catch (LcException e) {
      throw unreadable("the history of LC " + lcNumber, e);
    }
  }

  private static LcException unreadable(String what, LcException e) {
    log.error("the ledger answered {} this node cannot read: {}", what, e.getMessage());
    return new LcException(
        ErrorCode.LC_UNREADABLE,
        "the ledger holds " + what + " in a form this node cannot read: " + e.detail());
  }
}
