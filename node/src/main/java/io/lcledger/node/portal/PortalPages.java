package io.lcledger.node.portal;

import io.lcledger.chaincode.domain.Amendment;
import io.lcledger.chaincode.domain.BusinessCalendar;
import io.lcledger.chaincode.domain.DocumentRef;
import io.lcledger.chaincode.domain.HistoryEntry;
import io.lcledger.chaincode.domain.LcStatus;
import io.lcledger.chaincode.domain.LcTerms;
import io.lcledger.chaincode.domain.LetterOfCredit;
import io.lcledger.chaincode.domain.Presentation;
import io.lcledger.chaincode.domain.PresentationStatus;
import io.lcledger.chaincode.domain.Situation;
import io.lcledger.chaincode.domain.YearCalendar;
import io.lcledger.node.documents.DocumentStore;
import io.lcledger.node.identity.PortalAccounts.Account;
import io.lcledger.node.lc.DocumentService;
import io.lcledger.node.lc.HistoryView;
import io.lcledger.node.lc.LcIndex;
import io.lcledger.node.lc.LcService;
import io.lcledger.node.lc.LcView;
import io.lcledger.node.lc.PresentationView;
import io.lcledger.node.ledger.LedgerException;
import io.lcledger.node.ledger.Member;
import io.lcledger.node.swift.MtMessages;
import io.lcledger.node.swift.MtType;
import io.lcledger.node.web.ApiException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * What the client portal shows a company: its LCs (through the branch that serves it, never another
 * company's), each with terms, the ledger's own timeline, presentations with verified documents,
 * deadlines as dates and business-day countdowns, amendments, financing and payee.
 */
@Service
public class PortalPages {
  private final LcService lcs;
  private final DocumentService documents;
  private final Clock clock;
  private final MtMessages messages;

  public PortalPages(LcService lcs, DocumentService documents, Clock clock, MtMessages messages) {
    this.lcs = lcs;
    this.documents = documents;
    this.clock = clock;
    this.messages = messages;
  }

  /** One row of the LC list. */
  public record Row(LcView lc, String counterparty, String role, LocalDate nextDeadline) {}

  /**
   * A page of rows with paging facts, and the company's LCs the node holds but cannot read: each is
   * shown as one line with its number, never a failed page.
   */
  public record Rows(
      List<Row> rows,
      int page,
      int size,
      long total,
      int pages,
      List<LcService.Unreadable> unreadable) {}

  public Rows list(Account account, LcStatus status, String search, int page, int size) {
    LcService.Page found =
        lcs.listForCompany(account.branch(), account.uscc(), status, search, page, size);
    List<Row> rows = found.items().stream().map(lc -> row(account, lc)).toList();
    int pages = (int) Math.max(1, (found.total() + size - 1) / size);
    return new Rows(rows, page, size, found.total(), pages, found.unreadable());
  }

  private static Row row(Account account, LcView lc) {
    LcTerms terms = lc.terms();
    boolean applicant = account.uscc().equals(terms.applicant().uscc());
    String counterparty = applicant ? terms.beneficiary().name() : terms.applicant().name();
    return new Row(lc, counterparty, applicant ? "APPLICANT" : "BENEFICIARY", nextDeadline(lc));
  }

  /** The next date something must happen by: an examination, a maturity, or expiry. */
  static LocalDate nextDeadline(LcView lc) {
    return LcIndex.nextDeadline(
        lc.presentations().stream().map(PresentationView::presentation).toList(),
        lc.status(),
        lc.terms().expiryDate());
  }

  /** A document as the page shows it: verified only when both digests match the ledger. */
  public record DocumentRow(DocumentRef document, boolean verified, String detail) {}

  /** A presentation with its documents and the business days left to examine it. */
  public record PresentationRow(
      Presentation presentation, List<DocumentRow> documents, Integer businessDaysLeft) {}

  /** Everything on an LC page. */
  public record LcPage(
      LcView lc,
      String role,
      String counterparty,
      List<HistoryView> timeline,
      List<PresentationRow> presentations,
      LocalDate today,
      List<MtDownload> swift,
      List<String> swiftUnavailable,
      Lifecycle lifecycle,
      List<Deadline> deadlines,
      List<AmendmentRow> amendments) {}

  /**
   * One stage of the lifecycle stepper: {@code key} names it (issued … closed), {@code state} is
   * {@code done}, {@code current} or {@code todo}, {@code label} the message key of what it came to
   * (paid or accepted, closed or expired or cancelled).
   */
  public record Stage(String key, String state, String label) {}

  /** The stepper: the main line, and the branches the LC has taken (amendment, refusal, …). */
  public record Lifecycle(List<Stage> stages, List<String> branches) {}

  /**
   * A deadline as a bar: {@code used} of {@code total} days (business days for the examination)
   * from {@code from} to {@code until}, {@code left} to go.
   */
  public record Deadline(
      String key,
      Integer presentationNo,
      LocalDate from,
      LocalDate until,
      int used,
      int total,
      int left) {}

  /** An amendment with each changed field: its label key, the value before and the one asked. */
  public record AmendmentRow(Amendment amendment, List<FieldChange> changes) {}

  /** One field an amendment changes. */
  public record FieldChange(String field, String before, String after) {}

  /**
   * A SWIFT message of the LC the bank's users can take to their trade-services system: its label
   * ({@code MT700}, {@code MT707 #1}), type and amendment.
   */
  public record MtDownload(String label, MtType type, Integer amendmentNo) {}

  public LcPage lc(Account account, String lcNumber) {
    LetterOfCredit lc = readable(account, lcNumber);
    LcView view = LcView.of(lc);
    Row row = row(account, view);
    Member member = Member.branch(account.branch());
    // the LC's versions, read once: its timeline, its SWIFT messages, what its amendments replace
    List<HistoryEntry> versions = lcs.versions(member, lcNumber);
    List<HistoryView> timeline = lcs.history(lcNumber, versions);
    LocalDate today = clock.instant().atOffset(Situation.BUSINESS_ZONE).toLocalDate();
    BusinessCalendar calendar = BusinessCalendar.loading(year -> calendarYear(member, year));
    List<PresentationRow> presentations =
        lc.presentations().stream()
            .map(
                p -> {
                  List<DocumentRow> docs =
                      p.documents().stream()
                          .map(
                              d -> {
                                DocumentStore.DigestCheck check = documents.check(member, lc, d);
                                return new DocumentRow(d, check.matches(), check.detail());
                              })
                          .toList();
                  boolean awaiting =
                      p.status() == PresentationStatus.PRESENTED
                          || p.status() == PresentationStatus.DISCREPANT;
                  Integer left =
                      awaiting
                          ? calendar.businessDaysBetween(today, p.examinationDeadline())
                          : null;
                  return new PresentationRow(p, docs, left);
                })
            .toList();
    List<MtDownload> swift = new ArrayList<>();
    List<String> unavailable = new ArrayList<>();
    try {
      for (HistoryEntry e : versions) {
        MtType type = e.step() == null ? null : MtType.of(e.step()).orElse(null);
        if (type == MtType.MT700 || type == MtType.MT707) {
          messages.render(e); // only what can be told in MT is offered
          swift.add(
              new MtDownload(
                  type == MtType.MT700 ? "MT700" : "MT707 #" + e.amendmentNo(),
                  type,
                  e.amendmentNo()));
        }
      }
    } catch (ApiException notRepresentable) {
      swift.clear();
      notRepresentable.errors().forEach(err -> unavailable.add(err.get("field")));
    }
    return new LcPage(
        view,
        row.role(),
        row.counterparty(),
        timeline,
        presentations,
        today,
        swift,
        unavailable.stream().distinct().toList(),
        LcPictures.lifecycle(view),
        LcPictures.deadlines(view, presentations, today, calendar),
        LcPictures.amendments(view, versions));
  }

  /** An MT700 or MT707 of one of the company's LCs, as a file. */
  public MtMessages.Rendered mt(Account account, String lcNumber, MtType type, Integer amendment) {
    readable(account, lcNumber);
    if (type != MtType.MT700 && type != MtType.MT707) {
      throw new ApiException(HttpStatus.NOT_FOUND, "MT_NOT_FOUND", "not offered: " + type);
    }
    return messages
        .render(lcs.versions(Member.branch(account.branch()), lcNumber), type, null, amendment)
        .orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "MT_NOT_FOUND", "no " + type));
  }

  /** The file of a document on one of the company's LCs, only if its digests verify. */
  public DocumentStore.IntactFile document(Account account, String documentId) {
    return documents.presented(
        Member.branch(account.branch()),
        documentId,
        lcNumber -> {
          try {
            return readable(account, lcNumber);
          } catch (ApiException notTheirs) {
            // exactly the answer for a document that does not exist: the LC's number stays unsaid
            throw DocumentStore.notFound(documentId);
          }
        });
  }

  private LetterOfCredit readable(Account account, String lcNumber) {
    LetterOfCredit lc;
    try {
      lc = lcs.getAs(Member.branch(account.branch()), lcNumber);
    } catch (LedgerException.Rejected e) {
      throw new ApiException(HttpStatus.NOT_FOUND, "LC_NOT_FOUND", "no LC " + lcNumber);
    }
    boolean own =
        account.uscc().equals(lc.terms().applicant().uscc())
            || account.uscc().equals(lc.terms().beneficiary().uscc());
    if (!own) {
      throw new ApiException(HttpStatus.NOT_FOUND, "LC_NOT_FOUND", "no LC " + lcNumber);
    }
    return lc;
  }

  private YearCalendar calendarYear(Member member, int year) {
    return lcs.calendar(member, year);
  }
}
