package io.lcledger.node.lc;

import io.lcledger.chaincode.domain.Command;
import io.lcledger.chaincode.domain.DocumentRef;
import io.lcledger.chaincode.domain.ErrorCode;
import io.lcledger.chaincode.domain.HistoryEntry;
import io.lcledger.chaincode.domain.LcEvent;
import io.lcledger.chaincode.domain.LcException;
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
import io.lcledger.node.swift.MtType;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;

/**
 * The LC use cases of a node: each step is one ledger transaction submitted with the caller's own
 * branch identity; an LC and its history are read from the ledger, listings from the read model
 * ({@link LcIndex}) that the ledger's events feed.
 */
@Service
public class LcService {
  // how long a listing waits for the read model to hold this node's latest step
  private static final Duration INDEX_PATIENCE = Duration.ofSeconds(2);
  // how long the read model waits for this node's step to read back the LC it left, read after
  // the same commit (beyond it, the read model reads the LC itself)
  private static final Duration READ_AFTER_COMMIT_PATIENCE = Duration.ofSeconds(2);
  private final Ledger ledger;
  private final DocumentStore documents;
  private final DocumentService documentService;
  private final MeterRegistry metrics;
  private final LcIndex index;
  private final StepGate gate;
  private final AtomicReference<Ledger.TxRef> lastCommitted = new AtomicReference<>();

  public LcService(
      Ledger ledger,
      DocumentStore documents,
      DocumentService documentService,
      MeterRegistry metrics,
      LcIndex index,
      StepGate gate) {
    this.ledger = ledger;
    this.gate = gate;
    this.index = index;
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
      Ledger.Committed committed = ledger.submit(caller.member(), lcNumber, command);
      lastCommitted.accumulateAndGet(
          committed.tx(),
          (held, now) -> held == null || now.blockNumber() >= held.blockNumber() ? now : held);
      gate.remember(committed.lc());
      return committed.lc();
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
    LetterOfCredit lc;
    try {
      lc =
          step(
              caller,
              lcNumber,
              new Command.Present(request.amount(), request.shipmentDate(), refs));
    } catch (RuntimeException notPresented) { // refused, or its outcome unknown: a retry may claim
      documents.release(documentIds);
      throw notPresented;
    }
    documents.linkToLc(documentIds, lcNumber, requestKey);
    return lc;
  }

  public LetterOfCredit get(CallerPrincipal caller, String lcNumber) {
    return getAs(caller.member(), lcNumber);
  }

  /**
   * A page of the caller's LCs (every LC for an auditor), in LC number order, from the read model:
   * after {@code cursor} when one is given, else the {@code page}-th.
   */
  public Page list(
      CallerPrincipal caller, LcIndex.Search search, String cursor, int page, int size) {
    LcIndex.Search scoped =
        caller.auditor()
            ? search
            : new LcIndex.Search(
                caller.branch(),
                search.company(),
                search.status(),
                search.number(),
                search.deadlineBy());
    return search(scoped, cursor, page, size);
  }

  /**
   * A page of the LCs of a company (its USCC as applicant or beneficiary) served by {@code branch};
   * optionally of one status and with a number containing {@code number}.
   */
  public Page listForCompany(
      String branch, String uscc, LcStatus status, String number, int page, int size) {
    return search(new LcIndex.Search(branch, uscc, status, number, null), "", page, size);
  }

  /** Every LC of a party (a branch or a USCC), for auditors. */
  public Page listForParty(String party, int page, int size) {
    return search(LcIndex.Search.of(party, null), "", page, size);
  }

  private Page search(LcIndex.Search search, String cursor, int page, int size) {
    Ledger.TxRef latest = lastCommitted.get();
    if (latest != null) {
      index.awaitIndexed(latest, INDEX_PATIENCE);
    }
    LcIndex.Found found = index.search(search, cursor, page, size);
    List<Unreadable> unreadable =
        found.unreadable().stream()
            .map(u -> new Unreadable(u.lcNumber(), ErrorCode.LC_UNREADABLE.name(), u.unreadable()))
            .toList();
    return new Page(
        found.lcs().stream().map(LcView::of).toList(),
        page,
        size,
        found.total(),
        unreadable,
        found.next());
  }

  /**
   * The read model's entry for the LC of a committed event: as the ledger handed it over with the
   * event, or as this node's own step read it back after that commit, or else read from the ledger
   * now (its latest version) as an auditor where this node can act as one, else as a branch of this
   * node the event concerns (Fabric: a node reads what its own branches may). An LC that no member
   * of this node may read is none of its business: null. One that the ledger gives in a form this
   * node cannot read is entered as unreadable, with the parties its event names. Only an
   * unreachable ledger fails.
   */
  public LcIndex.Entry indexEntry(Ledger.LedgerEvent committed) {
    LcEvent event = committed.event();
    LetterOfCredit handed =
        committed.lc() != null
            ? committed.lc() // the ledger handed it over
            : ledger.readAfterCommit(committed.tx(), READ_AFTER_COMMIT_PATIENCE).orElse(null);
    if (handed != null) {
      gate.remember(handed);
      return LcIndex.Entry.of(handed, committed.tx());
    }
    List<Member> readers = new ArrayList<>();
    readers.add(Member.AUDITOR);
    event.branches().forEach(branch -> readers.add(Member.branch(branch)));
    for (Member reader : readers) {
      String why;
      try {
        LetterOfCredit lc = ledger.find(reader, event.lcNumber());
        gate.remember(lc);
        return LcIndex.Entry.of(lc, committed.tx());
      } catch (LcException e) {
        if (e.code() != ErrorCode.LC_UNREADABLE) {
          continue;
        }
        why = e.getMessage();
      } catch (LedgerException.Rejected e) {
        if (ErrorCode.TERMS_NOT_HELD.name().equals(e.code())) {
          // a party whose peer has not received the terms yet: the event waits, never skipped
          throw new LedgerException.Unavailable(e.getMessage(), e);
        }
        if (!ErrorCode.LC_UNREADABLE.name().equals(e.code())) {
          continue; // this node cannot act as that member, or it is no party
        }
        why = e.getMessage();
      }
      List<String> parties = new ArrayList<>(event.branches());
      parties.addAll(event.companies());
      return LcIndex.Entry.unreadable(
          event.lcNumber(), event.lcStatus(), parties, committed.tx(), why);
    }
    return null;
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
   * that the ledger holds but this node cannot read are listed apart, each with why. {@code next}
   * is the cursor of the following page, empty after the last.
   */
  public record Page(
      List<LcView> items,
      int page,
      int size,
      long total,
      List<Unreadable> unreadable,
      String next) {
    public Page(List<LcView> items, int page, int size, long total) {
      this(items, page, size, total, List.of(), "");
    }
  }

  /** An LC on the ledger that this node cannot read: one entry in a list, never a failed list. */
  public record Unreadable(String lcNumber, String code, String detail) {}

  public List<HistoryView> history(CallerPrincipal caller, String lcNumber) {
    Limits.lcNumber(lcNumber);
    return history(lcNumber, ledger.history(caller.member(), lcNumber));
  }

  /** The history of {@code entries} (an LC's versions, read once), each with its block. */
  public List<HistoryView> history(String lcNumber, List<HistoryEntry> entries) {
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
                    e.amendmentNo(),
                    mtLink(lcNumber, e)))
        .toList();
  }

  /** Where the SWIFT message of a history entry's step is, for the steps one bank tells another. */
  private static String mtLink(String lcNumber, HistoryEntry e) {
    return e.step() == null
        ? null
        : MtType.of(e.step())
            .map(
                type ->
                    "/api/v1/lcs/"
                        + lcNumber
                        + "/mt/"
                        + type
                        + (e.presentationNo() != null
                            ? "?presentation=" + e.presentationNo()
                            : e.amendmentNo() != null ? "?amendment=" + e.amendmentNo() : ""))
            .orElse(null);
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
