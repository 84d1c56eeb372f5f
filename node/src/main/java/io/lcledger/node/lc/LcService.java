package io.lcledger.node.lc;

import com.fasterxml.jackson.core.type.TypeReference;
import io.lcledger.chaincode.contract.HistoryEntry;
import io.lcledger.chaincode.domain.Command;
import io.lcledger.chaincode.domain.DocumentRef;
import io.lcledger.chaincode.domain.LcStatus;
import io.lcledger.chaincode.domain.LcTerms;
import io.lcledger.chaincode.domain.LetterOfCredit;
import io.lcledger.chaincode.ledger.CanonicalJson;
import io.lcledger.node.documents.DocumentStore;
import io.lcledger.node.identity.CallerPrincipal;
import io.lcledger.node.ledger.Ledger;
import io.lcledger.node.ledger.LedgerRejectedException;
import io.lcledger.node.ledger.Member;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;

/**
 * The LC use cases of a node: each step is one ledger transaction submitted with the caller's own
 * branch identity; reads come from the ledger, never from a copy the node keeps.
 */
@Service
public class LcService {
  private final Ledger ledger;
  private final DocumentStore documents;
  private final MeterRegistry metrics;

  public LcService(Ledger ledger, DocumentStore documents, MeterRegistry metrics) {
    this.ledger = ledger;
    this.documents = documents;
    this.metrics = metrics;
  }

  public LetterOfCredit issue(CallerPrincipal caller, LcTerms terms) {
    return submit(caller, "issue", CanonicalJson.string(terms));
  }

  /** Submits one step on an LC; the command is the chaincode's own request type. */
  public LetterOfCredit step(
      CallerPrincipal caller, String function, String lcNumber, Command command) {
    return submit(caller, function, lcNumber, CanonicalJson.string(command));
  }

  public LetterOfCredit stepWithoutBody(CallerPrincipal caller, String function, String lcNumber) {
    return submit(caller, function, lcNumber);
  }

  /** Presents documents uploaded to this node: their digests are anchored on the ledger. */
  public LetterOfCredit present(
      CallerPrincipal caller, String lcNumber, Command.Present request, List<String> documentIds) {
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
    return read(ledger.evaluate(caller.member(), "getLc", lcNumber));
  }

  /** A page of the caller's LCs (every LC for an auditor), newest LC number last. */
  public Page list(CallerPrincipal caller, LcStatus status, int page, int size) {
    List<LetterOfCredit> all = new ArrayList<>();
    if (caller.auditor()) {
      for (LcStatus s : status == null ? List.of(LcStatus.values()) : List.of(status)) {
        all.addAll(
            drain(
                bookmark ->
                    ledger.evaluate(Member.AUDITOR, "listLcsByStatus", s.name(), "200", bookmark)));
      }
    } else {
      String filter = status == null ? "" : status.name();
      all.addAll(
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
    List<LetterOfCredit> mine =
        drain(
                bookmark ->
                    ledger.evaluate(
                        Member.branch(branch), "listLcsByParty", branch, filter, "200", bookmark))
            .stream()
            .filter(
                lc ->
                    uscc.equals(lc.terms().applicant().uscc())
                        || uscc.equals(lc.terms().beneficiary().uscc()))
            .filter(
                lc -> search == null || search.isBlank() || lc.lcNumber().contains(search.strip()))
            .toList();
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

  private static Page page(List<LetterOfCredit> all, int page, int size) {
    List<LcView> sorted =
        all.stream()
            .sorted(Comparator.comparing(LetterOfCredit::lcNumber))
            .map(LcView::of)
            .toList();
    int from = Math.min(page * size, sorted.size());
    int to = Math.min(from + size, sorted.size());
    return new Page(sorted.subList(from, to), page, size, sorted.size());
  }

  /** The LC as read through {@code member}, for pages that act for a company or an auditor. */
  public LetterOfCredit getAs(Member member, String lcNumber) {
    return read(ledger.evaluate(member, "getLc", lcNumber));
  }

  /** The raw history entries (each with the whole version), for the audit trail. */
  public List<HistoryEntry> versions(Member member, String lcNumber) {
    return CanonicalJson.read(
        ledger.evaluate(member, "getLcHistory", lcNumber),
        new TypeReference<List<HistoryEntry>>() {});
  }

  /** One page of a listing: items, the page number (from 0), its size and the total. */
  public record Page(List<LcView> items, int page, int size, long total) {}

  private static List<LetterOfCredit> drain(Function<String, String> pageAt) {
    List<LetterOfCredit> items = new ArrayList<>();
    String bookmark = "";
    do {
      Map<String, Object> page =
          CanonicalJson.read(pageAt.apply(bookmark), new TypeReference<Map<String, Object>>() {});
      for (Object item : (List<?>) page.get("items")) {
        items.add(CanonicalJson.read(CanonicalJson.string(item), LetterOfCredit.class));
      }
      bookmark = String.valueOf(page.getOrDefault("bookmark", ""));
    } while (!bookmark.isEmpty());
    return items;
  }

  public List<HistoryView> history(CallerPrincipal caller, String lcNumber) {
    List<HistoryEntry> entries =
        CanonicalJson.read(
            ledger.evaluate(caller.member(), "getLcHistory", lcNumber),
            new TypeReference<List<HistoryEntry>>() {});
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

  private static LetterOfCredit read(String json) {
    return CanonicalJson.read(json, LetterOfCredit.class);
  }
}
