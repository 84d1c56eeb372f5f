package io.lcledger.node.lc;

import io.lcledger.chaincode.domain.Command;
import io.lcledger.chaincode.domain.DocumentRef;
import io.lcledger.chaincode.domain.ErrorCode;
import io.lcledger.chaincode.domain.HistoryEntry;
import io.lcledger.chaincode.domain.LcStatus;
import io.lcledger.chaincode.domain.LcTerms;
import io.lcledger.chaincode.domain.LetterOfCredit;
import io.lcledger.chaincode.domain.Limits;
import io.lcledger.chaincode.domain.YearCalendar;
import io.lcledger.node.documents.DocumentStore;
import io.lcledger.node.identity.CallerPrincipal;
import io.lcledger.node.ledger.Ledger;
import io.lcledger.node.ledger.LedgerException;
import io.lcledger.node.ledger.Member;
import io.lcledger.node.ledger.RequestKeys;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;

/**
 * The LC use cases of a node: each step is one ledger transaction submitted with the caller's own
 * branch identity; reads come from the ledger, never from a copy the node keeps.
 */
@Service
public class LcService {
  // the page size asked of the ledger while a listing is drained
  private static final int DRAIN_PAGE = 200;
  private final Ledger ledger;
  private final DocumentStore documents;
  private final DocumentService documentService;
  private final MeterRegistry metrics;

  public LcService(
      Ledger ledger,
      DocumentStore documents,
      DocumentService documentService,
      MeterRegistry metrics) {
    this.ledger = ledger;
    this.documents = documents;
    this.documentService = documentService;
    this.metrics = metrics;
  }

  public LetterOfCredit issue(CallerPrincipal caller, LcTerms terms) {
    Limits.lcNumber(terms.lcNumber());
    return step(caller, terms.lcNumber(), new Command.Issue(terms));
  }

  /** Takes one step on an LC as the caller's own branch; the command is the domain's own. */
  public LetterOfCredit step(CallerPrincipal caller, String lcNumber, Command command) {
    Limits.lcNumber(lcNumber);
    Timer.Sample sample = Timer.start(metrics);
    String outcome = "committed";
    try {
      return ledger.submit(caller.member(), lcNumber, command).lc();
    } catch (LedgerException.Rejected e) {
      outcome = e.code();
      throw e;
    } catch (LedgerException.CommitFailed e) {
      outcome = e.reason().name();
      throw e;
    } finally {
      sample.stop(
          metrics.timer(
              "lc.steps", "step", Command.nameOf(command.getClass()), "outcome", outcome));
    }
  }

  /** Presents documents uploaded to this node: their digests are anchored on the ledger. */
  public LetterOfCredit present(
      CallerPrincipal caller, String lcNumber, Command.Present request, List<String> documentIds) {
    Limits.lcNumber(lcNumber);
    // before each id is looked up in the store
    Limits.count(documentIds, "documentIds", Limits.DOCUMENTS_MAX);
    // a retry under the same key may find its documents already presented by its first attempt
    String requestKey = RequestKeys.current().orElse(null);
    List<DocumentRef> refs =
        documents.refsForPresentation(caller.branch(), lcNumber, documentIds, requestKey);
    LetterOfCredit lc =
        step(caller, lcNumber, new Command.Present(request.amount(), request.shipmentDate(), refs));
    documents.linkToLc(documentIds, lcNumber, requestKey);
    return lc;
  }

  public LetterOfCredit get(CallerPrincipal caller, String lcNumber) {
    return getAs(caller.member(), lcNumber);
  }

  /** A page of the caller's LCs (every LC for an auditor), newest LC number last. */
  public Page list(CallerPrincipal caller, LcStatus status, int page, int size) {
    Listed all =
        caller.auditor()
            ? drain(Member.AUDITOR, Ledger.Query.all(status, DRAIN_PAGE))
            : drain(caller.member(), Ledger.Query.ofParty(caller.branch(), status, DRAIN_PAGE));
    return page(all, page, size);
  }

  /**
   * A page of the LCs of a company (its USCC as applicant or beneficiary), read through the branch
   * that serves it; optionally of one status and with a number containing {@code search}.
   */
  public Page listForCompany(
      String branch, String uscc, LcStatus status, String search, int page, int size) {
    Listed all = drain(Member.branch(branch), Ledger.Query.ofParty(branch, status, DRAIN_PAGE));
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
        .filter(u -> u.usccs().contains(uscc) && number.test(u.lcNumber()))
        .forEach(mine.unreadable::add);
    return page(mine, page, size);
  }

  /** Every LC of a party (a branch or a USCC), for auditors. */
  public Page listForParty(String party, int page, int size) {
    return page(drain(Member.AUDITOR, Ledger.Query.ofParty(party, null, DRAIN_PAGE)), page, size);
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
            .map(u -> new Unreadable(u.lcNumber(), ErrorCode.LC_UNREADABLE.name(), u.detail()))
            .sorted(Comparator.comparing(Unreadable::lcNumber))
            .toList();
    return new Page(sorted.subList(from, to), page, size, sorted.size(), unreadable);
  }

  /** The LC as read through {@code member}, for pages that act for a company or an auditor. */
  public LetterOfCredit getAs(Member member, String lcNumber) {
    Limits.lcNumber(lcNumber);
    return ledger.find(member, lcNumber);
  }

  /**
   * Follows the ledger's LC events: those committed after block {@code checkpoint}, then every new
   * one, in commit order; an event may come twice.
   */
  public void follow(long checkpoint, Consumer<Ledger.LedgerEvent> listener) {
    ledger.follow(checkpoint, listener);
  }

  /** Where each transaction is on the ledger (its block), for the audit trail. */
  public List<Ledger.TxLocation> locate(List<String> txIds) {
    return ledger.audit().map(audit -> audit.locate(txIds)).orElse(List.of());
  }

  /** The business calendar of {@code year} as the ledger holds it, or null when none is set. */
  public YearCalendar calendar(Member member, int year) {
    return ledger.calendar(member, year).orElse(null);
  }

  /** The raw history entries (each with the whole version), for the audit trail. */
  public List<HistoryEntry> versions(Member member, String lcNumber) {
    Limits.lcNumber(lcNumber);
    return ledger.history(member, lcNumber);
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

  /** What a drained listing found: the LCs read, and those that could not be. */
  private static final class Listed {
    final List<LetterOfCredit> lcs = new ArrayList<>();
    final List<Ledger.Unreadable> unreadable = new ArrayList<>();
  }

  /** Every page of a listing, for paging in memory until the node keeps a read model. */
  private Listed drain(Member member, Ledger.Query query) {
    Listed listed = new Listed();
    String cursor = "";
    do {
      Ledger.Listing page = ledger.list(member, query, cursor);
      listed.lcs.addAll(page.lcs());
      listed.unreadable.addAll(page.unreadable());
      cursor = page.next();
    } while (!cursor.isEmpty());
    return listed;
  }

  public List<HistoryView> history(CallerPrincipal caller, String lcNumber) {
    Limits.lcNumber(lcNumber);
    List<HistoryEntry> entries = ledger.history(caller.member(), lcNumber);
    Map<String, Long> blocks =
        locate(entries.stream().map(HistoryEntry::txId).toList()).stream()
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
    List<String> txIds = history.stream().map(HistoryView::txId).toList();
    ledger
        .audit()
        .ifPresentOrElse(
            audit ->
                audit
                    .verify(txIds)
                    .forEach(
                        c ->
                            checks.add(
                                new HistoryView.CheckView(c.name(), c.passed(), c.detail()))),
            () ->
                checks.add(
                    new HistoryView.CheckView(
                        "ledger audit",
                        false,
                        "the " + ledger.mode() + " ledger cannot verify its transactions")));
    lc.presentations()
        .forEach(
            p ->
                p.documents()
                    .forEach(
                        d -> {
                          DocumentStore.DigestCheck digest =
                              documentService.check(caller.member(), lc, d);
                          checks.add(
                              new HistoryView.CheckView(
                                  "document " + d.documentId() + " digests",
                                  digest.matches(),
                                  digest.detail()));
                        }));
    boolean verified = checks.stream().allMatch(HistoryView.CheckView::passed);
    return new HistoryView.Verification(verified, checks);
  }
}
