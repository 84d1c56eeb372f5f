package io.lcledger.node.portal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lcledger.chaincode.domain.Amendment;
import io.lcledger.chaincode.domain.BusinessCalendar;
import io.lcledger.chaincode.domain.HistoryEntry;
import io.lcledger.chaincode.domain.LcStatus;
import io.lcledger.chaincode.domain.Presentation;
import io.lcledger.chaincode.domain.PresentationStatus;
import io.lcledger.chaincode.domain.Step;
import io.lcledger.chaincode.ledger.CanonicalJson;
import io.lcledger.node.lc.LcView;
import io.lcledger.node.lc.PresentationView;
import io.lcledger.node.portal.PortalPages.AmendmentRow;
import io.lcledger.node.portal.PortalPages.Deadline;
import io.lcledger.node.portal.PortalPages.FieldChange;
import io.lcledger.node.portal.PortalPages.Lifecycle;
import io.lcledger.node.portal.PortalPages.PresentationRow;
import io.lcledger.node.portal.PortalPages.Stage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** An LC page's pictures from the ledger's data: the lifecycle stepper, deadline bars, changes. */
final class LcPictures {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<PresentationStatus> EXAMINED =
      EnumSet.complementOf(EnumSet.of(PresentationStatus.PRESENTED));

  private LcPictures() {}

  /**
   * issued → advised → presented → examined → accepted/paid → closed: each done, the first not done
   * current (none once the LC has ended), and the branches the LC took on the way.
   */
  static Lifecycle lifecycle(LcView lc) {
    List<Presentation> ps =
        lc.presentations().stream().map(PresentationView::presentation).toList();
    boolean ended =
        lc.status() == LcStatus.CLOSED
            || lc.status() == LcStatus.EXPIRED
            || lc.status() == LcStatus.CANCELLED;
    boolean paid = ps.stream().anyMatch(p -> p.status() == PresentationStatus.PAID);
    boolean accepted = ps.stream().anyMatch(p -> p.status() == PresentationStatus.ACCEPTED);
    boolean[] done = {
      true,
      lc.status() != LcStatus.ISSUED,
      !ps.isEmpty(),
      ps.stream().anyMatch(p -> EXAMINED.contains(p.status())),
      paid || accepted,
      ended
    };
    String[] keys = {"issued", "advised", "presented", "examined", "honoured", "closed"};
    String[] labels = {
      "stage.issued",
      "stage.advised",
      "stage.presented",
      "stage.examined",
      paid ? "stage.paid" : accepted ? "stage.accepted" : "stage.honoured",
      ended ? "status." + lc.status() : "stage.closed"
    };
    List<Stage> stages = new ArrayList<>();
    boolean currentGiven = ended;
    for (int i = 0; i < keys.length; i++) {
      String state = "todo";
      if (done[i]) {
        state = "done";
      } else if (!currentGiven) {
        state = "current";
        currentGiven = true;
      }
      stages.add(new Stage(keys[i], state, labels[i]));
    }
    Set<String> branches = new LinkedHashSet<>();
    if (!lc.amendments().isEmpty()) {
      branches.add("amendment");
    }
    for (Presentation p : ps) {
      if (!p.discrepancies().isEmpty() && p.status() != PresentationStatus.COMPLIANT) {
        branches.add("discrepancies");
      }
      if (p.status() == PresentationStatus.WAIVED || Boolean.TRUE.equals(p.applicantWaived())) {
        branches.add("waiver");
      }
      if (p.status() == PresentationStatus.REFUSED) {
        branches.add("refusal");
      }
      if (p.buyerFinancing() != null) {
        branches.add("financing");
      }
      if (p.forfaiting() != null) {
        branches.add("forfaiting");
      }
      if (p.negotiation() != null) {
        branches.add("negotiation");
      }
    }
    if (lc.cancellation() != null) {
      branches.add("cancellation");
    }
    return new Lifecycle(List.copyOf(stages), List.copyOf(branches));
  }

  /**
   * Each examination still open (5 business days from the day after receipt) and the LC's expiry
   * (from issue), as days used of the whole and days left.
   */
  static List<Deadline> deadlines(
      LcView lc, List<PresentationRow> rows, LocalDate today, BusinessCalendar calendar) {
    List<Deadline> deadlines = new ArrayList<>();
    for (PresentationRow row : rows) {
      Presentation p = row.presentation();
      if (row.businessDaysLeft() != null) {
        int total = BusinessCalendar.EXAMINATION_DAYS;
        int left = Math.min(total, row.businessDaysLeft());
        deadlines.add(
            new Deadline(
                "examination",
                p.presentationNo(),
                p.receivedOn(),
                p.examinationDeadline(),
                total - left,
                total,
                left));
      }
    }
    boolean open = lc.status() == LcStatus.ISSUED || lc.status() == LcStatus.ADVISED;
    if (open && lc.issueDate() != null) {
      LocalDate expiry = lc.terms().expiryDate();
      int total = (int) Math.max(1, ChronoUnit.DAYS.between(lc.issueDate(), expiry));
      int used = (int) Math.min(total, Math.max(0, ChronoUnit.DAYS.between(lc.issueDate(), today)));
      deadlines.add(
          new Deadline("expiry", null, lc.issueDate(), expiry, used, total, total - used));
    }
    return List.copyOf(deadlines);
  }

  /**
   * Each amendment's changes as fields, old → new: the value before is the terms' when it was
   * proposed (the ledger's version of that step), so an accepted amendment still shows what it
   * replaced.
   */
  static List<AmendmentRow> amendments(LcView lc, List<HistoryEntry> versions) {
    List<AmendmentRow> rows = new ArrayList<>();
    for (Amendment a : lc.amendments()) {
      JsonNode before = null;
      for (HistoryEntry e : versions) {
        if (e.step() == Step.PROPOSE_AMENDMENT
            && Integer.valueOf(a.amendmentNo()).equals(e.amendmentNo())
            && e.lc() != null) {
          before = tree(e.lc().terms());
        }
      }
      List<FieldChange> changes = new ArrayList<>();
      for (Map.Entry<String, Object> c : a.changes().entrySet()) {
        String old =
            before == null || !before.has(c.getKey())
                ? null
                : text(c.getKey(), before.get(c.getKey()));
        changes.add(
            new FieldChange(c.getKey(), old, text(c.getKey(), JSON.valueToTree(c.getValue()))));
      }
      rows.add(new AmendmentRow(a, List.copyOf(changes)));
    }
    return List.copyOf(rows);
  }

  private static JsonNode tree(Object value) {
    try {
      return JSON.readTree(CanonicalJson.string(value));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A value as a person reads it: an amount with thousands separators, a list joined. */
  static String text(String field, JsonNode value) {
    if (value == null || value.isNull()) {
      return null;
    }
    if (value.isArray()) {
      List<String> items = new ArrayList<>();
      value.forEach(
          v ->
              items.add(
                  v.isObject() && v.has("type")
                      ? v.get("type").asText()
                          + (v.has("copies") ? " ×" + v.get("copies").asText() : "")
                      : v.asText()));
      return String.join(", ", items);
    }
    String text = value.asText();
    if (field.equals("amount")) {
      try {
        DecimalFormat money =
            new DecimalFormat("#,##0.00", DecimalFormatSymbols.getInstance(Locale.ROOT));
        return "CNY " + money.format(new BigDecimal(text));
      } catch (NumberFormatException notANumber) {
        return text;
      }
    }
    if (field.equals("tolerancePercent")) {
      return "±" + text + "%";
    }
    return text;
  }
}
