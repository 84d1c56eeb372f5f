package io.lcledger.chaincode.domain;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** Terms, documents and LCs in any state, for tests. */
public final class Fixtures {
  public static final String APPLICANT_USCC = "91310000132200821H";
  public static final String BENEFICIARY_USCC = "91321003MA1WCB7N6N";
  public static final String SHA256 = "a".repeat(64);
  public static final String SM3 = "b".repeat(64);

  private Fixtures() {}

  public static LcTerms terms(String lcNumber, PaymentType type) {
    PaymentTerms payment =
        switch (type) {
          case SIGHT -> new PaymentTerms(PaymentType.SIGHT, null, null);
          case DEFERRED -> new PaymentTerms(PaymentType.DEFERRED, 90, null);
          case NEGOTIATION -> new PaymentTerms(PaymentType.NEGOTIATION, null, "yangzhou");
        };
    return new LcTerms(
        lcNumber,
        "yangzhou",
        new Party("上海申达贸易有限公司", APPLICANT_USCC),
        new Party("扬州远洋钢材有限公司", BENEFICIARY_USCC),
        Money.parse("1000000.00"),
        "CNY",
        5,
        LocalDate.parse("2026-06-30"),
        "扬州",
        LocalDate.parse("2026-06-15"),
        15,
        payment,
        true,
        "Cold-rolled steel coils, 200 t",
        List.of(
            new RequiredDocument(DocumentType.INVOICE, 3),
            new RequiredDocument(DocumentType.TRANSPORT_DOCUMENT, 1)),
        null);
  }

  public static DocumentRef document(String id) {
    return new DocumentRef(
        id, DocumentType.INVOICE, id + ".pdf", "application/pdf", 2048, SHA256, SM3);
  }

  /**
   * Test calendar for 2026: some holidays and one 调休 Saturday (test data, not the official list).
   */
  public static YearCalendar calendar2026() {
    return new YearCalendar(
        2026,
        List.of(
            LocalDate.parse("2026-01-01"),
            LocalDate.parse("2026-04-06"),
            LocalDate.parse("2026-05-01"),
            LocalDate.parse("2026-10-01"),
            LocalDate.parse("2026-10-02")),
        List.of(LocalDate.parse("2026-09-26")));
  }

  /**
   * The state of every subject of an LC, for building one in any configuration. A null overlay
   * state means the overlay is absent.
   */
  public record States(
      LcStatus lc,
      PresentationStatus presentation,
      AmendmentStatus amendment,
      FinancingStatus financing,
      ForfaitingStatus forfaiting,
      NegotiationStatus negotiation,
      CancellationStatus cancellation) {

    public static States of(LcStatus lc) {
      return new States(
          lc,
          PresentationStatus.PAID,
          AmendmentStatus.ACCEPTED,
          FinancingStatus.NONE,
          ForfaitingStatus.NONE,
          NegotiationStatus.NONE,
          CancellationStatus.NONE);
    }

    public States with(Object state) {
      return new States(
          state instanceof LcStatus s ? s : lc,
          state instanceof PresentationStatus s ? s : presentation,
          state instanceof AmendmentStatus s ? s : amendment,
          state instanceof FinancingStatus s ? s : financing,
          state instanceof ForfaitingStatus s ? s : forfaiting,
          state instanceof NegotiationStatus s ? s : negotiation,
          state instanceof CancellationStatus s ? s : cancellation);
    }
  }

  /**
   * An LC issued by shanghai, advised through yangzhou, with presentation 1 of {@code drawn}
   * received on 2026-03-02 (deadline 2026-03-09, maturity 2026-06-01 where deferred: 90 days is
   * Sunday 31 May, 顺延) and amendment 1, every subject in the given state — reachable or not, so
   * guards can be tested on every pair.
   */
  public static LetterOfCredit lc(String lcNumber, PaymentType type, Money drawn, States st) {
    LcTerms terms = terms(lcNumber, type);
    LocalDate received = LocalDate.parse("2026-03-02");
    Presentation.Builder p = new Presentation.Builder();
    p.presentationNo = 1;
    p.presentingBranch = "yangzhou";
    p.status = st.presentation();
    p.amount = drawn;
    p.shipmentDate = LocalDate.parse("2026-02-27");
    p.receivedOn = received;
    p.examinationDeadline = LocalDate.parse("2026-03-09");
    p.documents = List.of(document("doc-1"));
    p.discrepancies = List.of("invoice amount differs from LC");
    p.maturityDate = type == PaymentType.DEFERRED ? LocalDate.parse("2026-06-01") : null;
    p.payee = new Payee(Payee.Kind.BENEFICIARY, BENEFICIARY_USCC);
    if (st.financing() != FinancingStatus.NONE) {
      boolean repaid = st.financing() == FinancingStatus.REPAID;
      p.buyerFinancing =
          new BuyerFinancing(
              st.financing(),
              drawn,
              new BigDecimal("4.35"),
              received,
              LocalDate.parse("2026-06-01"),
              repaid ? drawn : Money.ZERO,
              Money.ZERO,
              repaid ? received.plusDays(10) : null);
    }
    if (st.forfaiting() != ForfaitingStatus.NONE) {
      p.forfaiting =
          new Forfaiting(st.forfaiting(), "forfaiter", drawn, new BigDecimal("3.2"), received);
      p.payee = new Payee(Payee.Kind.FORFAITER, "forfaiter");
    }
    if (st.negotiation() != NegotiationStatus.NONE) {
      p.negotiation = new Negotiation(st.negotiation(), "yangzhou", drawn, received);
      p.payee = new Payee(Payee.Kind.NEGOTIATING_BANK, "yangzhou");
    }
    LetterOfCredit.Builder b = new LetterOfCredit.Builder();
    b.terms = terms;
    b.issuingBranch = "shanghai";
    b.issueDate = LocalDate.parse("2026-02-20");
    b.status = st.lc();
    b.presentations = List.of(p.build());
    b.amendments =
        List.of(
            new io.lcledger.chaincode.domain.Amendment(
                1,
                st.amendment(),
                Map.of("goodsDescription", "Cold-rolled steel coils, 210 t"),
                LocalDate.parse("2026-02-25"),
                null));
    b.cancellation =
        st.cancellation() == CancellationStatus.NONE
            ? null
            : new Cancellation(
                st.cancellation(), "order cancelled", LocalDate.parse("2026-03-01"), null);
    LetterOfCredit lc = b.build();
    Money available = lc.computeAvailableAmount();
    return lc.with(x -> x.availableAmount = available);
  }
}
