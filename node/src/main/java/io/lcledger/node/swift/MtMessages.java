package io.lcledger.node.swift;

import com.prowidesoftware.swift.model.BIC;
import com.prowidesoftware.swift.model.SwiftCharsetUtils;
import com.prowidesoftware.swift.model.Tag;
import com.prowidesoftware.swift.model.field.Field;
import com.prowidesoftware.swift.model.field.Field20;
import com.prowidesoftware.swift.model.field.Field21;
import com.prowidesoftware.swift.model.field.Field22A;
import com.prowidesoftware.swift.model.field.Field23;
import com.prowidesoftware.swift.model.field.Field26E;
import com.prowidesoftware.swift.model.field.Field27;
import com.prowidesoftware.swift.model.field.Field30;
import com.prowidesoftware.swift.model.field.Field31C;
import com.prowidesoftware.swift.model.field.Field31D;
import com.prowidesoftware.swift.model.field.Field32A;
import com.prowidesoftware.swift.model.field.Field32B;
import com.prowidesoftware.swift.model.field.Field33A;
import com.prowidesoftware.swift.model.field.Field33B;
import com.prowidesoftware.swift.model.field.Field39A;
import com.prowidesoftware.swift.model.field.Field40A;
import com.prowidesoftware.swift.model.field.Field40E;
import com.prowidesoftware.swift.model.field.Field41A;
import com.prowidesoftware.swift.model.field.Field42P;
import com.prowidesoftware.swift.model.field.Field43P;
import com.prowidesoftware.swift.model.field.Field44C;
import com.prowidesoftware.swift.model.field.Field45A;
import com.prowidesoftware.swift.model.field.Field45B;
import com.prowidesoftware.swift.model.field.Field46A;
import com.prowidesoftware.swift.model.field.Field46B;
import com.prowidesoftware.swift.model.field.Field47A;
import com.prowidesoftware.swift.model.field.Field47B;
import com.prowidesoftware.swift.model.field.Field48;
import com.prowidesoftware.swift.model.field.Field49;
import com.prowidesoftware.swift.model.field.Field50;
import com.prowidesoftware.swift.model.field.Field59;
import com.prowidesoftware.swift.model.field.Field72Z;
import com.prowidesoftware.swift.model.field.Field77B;
import com.prowidesoftware.swift.model.field.Field77J;
import com.prowidesoftware.swift.model.field.Field79;
import com.prowidesoftware.swift.model.mt.AbstractMT;
import com.prowidesoftware.swift.model.mt.mt7xx.MT700;
import com.prowidesoftware.swift.model.mt.mt7xx.MT707;
import com.prowidesoftware.swift.model.mt.mt7xx.MT730;
import com.prowidesoftware.swift.model.mt.mt7xx.MT734;
import com.prowidesoftware.swift.model.mt.mt7xx.MT750;
import com.prowidesoftware.swift.model.mt.mt7xx.MT752;
import com.prowidesoftware.swift.model.mt.mt7xx.MT754;
import com.prowidesoftware.swift.model.mt.mt7xx.MT756;
import com.prowidesoftware.swift.model.mt.mt7xx.MT799;
import io.lcledger.chaincode.domain.Amendment;
import io.lcledger.chaincode.domain.DocumentType;
import io.lcledger.chaincode.domain.HistoryEntry;
import io.lcledger.chaincode.domain.LcTerms;
import io.lcledger.chaincode.domain.LetterOfCredit;
import io.lcledger.chaincode.domain.Money;
import io.lcledger.chaincode.domain.Party;
import io.lcledger.chaincode.domain.PaymentType;
import io.lcledger.chaincode.domain.Presentation;
import io.lcledger.chaincode.domain.RequiredDocument;
import io.lcledger.chaincode.domain.Step;
import io.lcledger.node.web.ApiException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Renders LC steps as SWIFT category 7 messages with Prowide Core: each message is built from the
 * library's field classes, written in FIN by it, and checked before it leaves (mandatory fields,
 * every character in the SWIFT X set, the banks' BICs). An LC whose text the X set cannot carry
 * (Chinese names, say) cannot be sent as MT: that is a refusal naming the fields, never a message
 * the network would reject.
 */
@Component
public class MtMessages {
  /** Where dates of the ledger's transactions are told: the banks' own day. */
  static final ZoneId BANKS = ZoneId.of("Asia/Shanghai");

  static final DateTimeFormatter YYMMDD = DateTimeFormatter.ofPattern("yyMMdd", Locale.ROOT);
  static final String RULES = "OTHR/CN DOMESTIC LC MEASURES 2016";

  private final SwiftProperties swift;

  public MtMessages(SwiftProperties swift) {
    this.swift = swift;
  }

  /** A rendered message: its type and its FIN text. */
  public record Rendered(MtType type, String fin) {}

  /**
   * The message of the step that wrote {@code entry}, from the LC as that step left it; empty for a
   * step no bank tells another. Refused (422 MT_NOT_REPRESENTABLE) when its text does not fit.
   */
  public Optional<Rendered> render(HistoryEntry entry) {
    if (entry.step() == null || entry.lc() == null) {
      return Optional.empty();
    }
    return MtType.of(entry.step()).map(type -> new Rendered(type, build(type, entry).message()));
  }

  /**
   * The message {@code type} of an LC's history: that of the latest step it tells, or of
   * presentation or amendment n where given; empty when no step of the LC is told by it.
   */
  public Optional<Rendered> render(
      List<HistoryEntry> versions, MtType type, Integer presentationNo, Integer amendmentNo) {
    HistoryEntry found = null;
    for (HistoryEntry e : versions) {
      boolean matches =
          e.step() != null
              && MtType.of(e.step()).orElse(null) == type
              && (presentationNo == null || presentationNo.equals(e.presentationNo()))
              && (amendmentNo == null || amendmentNo.equals(e.amendmentNo()));
      found = matches ? e : found;
    }
    return found == null ? Optional.empty() : render(found);
  }

  /** The MT700 that issues {@code terms} from {@code issuingBranch} on {@code issueDate}. */
  public String mt700(LcTerms terms, String issuingBranch, LocalDate issueDate) {
    MT700 mt = new MT700(bic(issuingBranch), bic(terms.advisingBranch()));
    appendIssue(mt, terms, issuingBranch, issueDate);
    return checked(MtType.MT700, mt).message();
  }

  private AbstractMT build(MtType type, HistoryEntry entry) {
    LetterOfCredit lc = entry.lc();
    String from = entry.branch();
    LocalDate day = entry.timestamp().atZone(BANKS).toLocalDate();
    String number = lc.lcNumber();
    Presentation p =
        entry.presentationNo() == null ? null : lc.presentations().get(entry.presentationNo() - 1);
    AbstractMT mt =
        switch (type) {
          case MT700 -> {
            MT700 m = new MT700(bic(from), bic(lc.advisingBranch()));
            appendIssue(m, lc.terms(), lc.issuingBranch(), lc.issueDate());
            yield m;
          }
          case MT707 -> amendment(lc, entry.amendmentNo(), day);
          case MT730 -> {
            MT730 m = new MT730(bic(from), bic(lc.issuingBranch()));
            m.append(new Field20(reference(number, entry)), new Field21(number));
            m.append(new Field30(day.format(YYMMDD)));
            if (entry.amendmentNo() != null) {
              boolean accepted = entry.step() == Step.ACCEPT_AMENDMENT;
              m.append(
                  new Field72Z(
                      "AMENDMENT "
                          + entry.amendmentNo()
                          + (accepted ? " ACCEPTED" : " REJECTED")
                          + " BY THE BENEFICIARY"));
            } else {
              m.append(new Field72Z("CREDIT ADVISED TO THE BENEFICIARY"));
            }
            yield m;
          }
          case MT750 -> {
            MT750 m = new MT750(bic(from), bic(p.presentingBranch()));
            m.append(new Field20(reference(number, entry)), new Field21(number));
            m.append(amount32B(p.amount()));
            m.append(lines77J(p.discrepancies()));
            yield m;
          }
          case MT734 -> {
            MT734 m = new MT734(bic(from), bic(p.presentingBranch()));
            m.append(new Field20(reference(number, entry)), new Field21(number));
            m.append(amount32A(day, p.amount()));
            m.append(lines77J(p.discrepancies()));
            m.append(new Field77B(disposal(p.documentDisposition())));
            yield m;
          }
          case MT752 -> {
            MT752 m = new MT752(bic(from), bic(p.presentingBranch()));
            m.append(new Field20(number), new Field21(reference(number, entry)));
            m.append(new Field23("REMITTED"), new Field30(day.format(YYMMDD)));
            m.append(amount32B(p.amount()));
            m.append(new Field72Z("DISCREPANCIES WAIVED, DOCUMENTS TAKEN UP"));
            yield m;
          }
          case MT754 -> {
            MT754 m = new MT754(bic(from), bic(lc.issuingBranch()));
            m.append(new Field20(reference(number, entry)), new Field21(number));
            m.append(amount32A(day, p.negotiation().amount()));
            yield m;
          }
          case MT756 -> {
            MT756 m = new MT756(bic(from), bic(p.presentingBranch()));
            m.append(new Field20(reference(number, entry)), new Field21(number));
            m.append(amount32B(p.amount()));
            m.append(new Field33A(amount32A(day, p.payment().amount()).getValue()));
            yield m;
          }
          case MT799 -> {
            MT799 m = new MT799(bic(from), bic(counterparty(lc, entry, p)));
            m.append(new Field20(reference(number, entry)), new Field21(number));
            m.append(new Field79(String.join("\n", narrative(lc, entry, p))));
            yield m;
          }
        };
    return checked(type, mt);
  }

  private void appendIssue(MT700 mt, LcTerms t, String issuingBranch, LocalDate issueDate) {
    mt.append(new Field27("1/1"), new Field40A("IRREVOCABLE"), new Field20(t.lcNumber()));
    mt.append(new Field31C(issueDate.format(YYMMDD)), new Field40E(RULES));
    mt.append(new Field31D(t.expiryDate().format(YYMMDD) + t.expiryPlace()));
    mt.append(new Field50(party(t.applicant())), new Field59(party(t.beneficiary())));
    mt.append(amount32B(t.amount()));
    mt.append(new Field39A(t.tolerancePercent() + "/" + t.tolerancePercent()));
    String availableWith =
        t.paymentType() == PaymentType.NEGOTIATION ? bic(t.nominatedBranch()) : bic(issuingBranch);
    mt.append(new Field41A(availableWith + "\n" + availableBy(t.paymentType())));
    if (t.paymentType() == PaymentType.DEFERRED) {
      mt.append(new Field42P(t.paymentTerms().deferredDays() + DEFERRED_DETAILS));
    }
    mt.append(new Field43P(t.partialShipmentsAllowed() ? "ALLOWED" : "NOT ALLOWED"));
    mt.append(new Field44C(t.latestShipmentDate().format(YYMMDD)));
    mt.append(new Field45A(text65(t.goodsDescription())));
    mt.append(new Field46A(String.join("\n", documents(t.requiredDocuments()))));
    if (t.additionalConditions() != null && !t.additionalConditions().isBlank()) {
      mt.append(new Field47A(text65(t.additionalConditions())));
    }
    mt.append(new Field48(Integer.toString(t.effectivePresentationPeriodDays())));
    mt.append(new Field49("WITHOUT"));
  }

  static final String DEFERRED_DETAILS = " DAYS AFTER RECEIPT OF DOCUMENTS";

  private MT707 amendment(LetterOfCredit lc, int amendmentNo, LocalDate day) {
    Amendment a = lc.amendment(amendmentNo).orElseThrow();
    LcTerms t = lc.terms();
    MT707 mt = new MT707(bic(lc.issuingBranch()), bic(lc.advisingBranch()));
    mt.append(new Field27("1/1"), new Field20(lc.lcNumber() + "/A" + amendmentNo));
    mt.append(new Field21("NONREF"), new Field23(lc.lcNumber()));
    mt.append(new Field31C(lc.issueDate().format(YYMMDD)));
    mt.append(new Field26E(Integer.toString(amendmentNo)), new Field30(day.format(YYMMDD)));
    mt.append(new Field22A("ISSU"), new Field59(party(t.beneficiary())));
    Map<String, Object> changes = a.changes();
    for (Map.Entry<String, Object> change : new TreeMap<>(changes).entrySet()) {
      String value = String.valueOf(change.getValue());
      switch (change.getKey()) {
        case "amount" -> {
          BigDecimal now = new BigDecimal(value);
          BigDecimal was = t.amount().value();
          BigDecimal difference = now.subtract(was);
          Field f =
              difference.signum() >= 0
                  ? new Field32B().setCurrency(LcTerms.CURRENCY).setAmount(difference)
                  : new Field33B().setCurrency(LcTerms.CURRENCY).setAmount(difference.negate());
          mt.append(f);
        }
        case "tolerancePercent" -> mt.append(new Field39A(value + "/" + value));
        case "expiryDate" ->
            mt.append(
                new Field31D(
                    LocalDate.parse(value).format(YYMMDD)
                        + String.valueOf(changes.getOrDefault("expiryPlace", t.expiryPlace()))));
        case "expiryPlace" -> {
          if (!changes.containsKey("expiryDate")) {
            mt.append(new Field31D(t.expiryDate().format(YYMMDD) + value));
          }
        }
        case "latestShipmentDate" -> mt.append(new Field44C(LocalDate.parse(value).format(YYMMDD)));
        case "presentationPeriodDays" -> mt.append(new Field48(value));
        case "partialShipmentsAllowed" ->
            mt.append(new Field43P(Boolean.parseBoolean(value) ? "ALLOWED" : "NOT ALLOWED"));
        case "goodsDescription" -> mt.append(new Field45B("/REPALL/" + text65(value)));
        case "additionalConditions" -> mt.append(new Field47B("/REPALL/" + text65(value)));
        case "requiredDocuments" ->
            mt.append(
                new Field46B("/REPALL/" + String.join("\n", documentLines(change.getValue()))));
        default ->
            throw notRepresentable(
                List.of(error("amendment." + change.getKey(), "no MT707 field carries it")));
      }
    }
    return mt;
  }

  private static List<String> documentLines(Object canonical) {
    List<RequiredDocument> docs = new ArrayList<>();
    if (canonical instanceof List<?> list) {
      for (Object item : list) {
        if (item instanceof RequiredDocument d) {
          docs.add(d);
        } else if (item instanceof Map<?, ?> m) {
          docs.add(
              new RequiredDocument(
                  DocumentType.valueOf(String.valueOf(m.get("type"))),
                  Integer.parseInt(String.valueOf(m.get("copies")))));
        }
      }
    }
    return documents(docs);
  }

  /** Field 46A's lines: {@code +INVOICE IN 3 COPIES}, one per document the LC requires. */
  static List<String> documents(List<RequiredDocument> required) {
    return required.stream()
        .map(
            d ->
                "+"
                    + d.type().name().replace('_', ' ')
                    + " IN "
                    + d.copies()
                    + (d.copies() == 1 ? " COPY" : " COPIES"))
        .toList();
  }

  /** Field 50 or 59: the company's name, then its unified social credit code. */
  static String party(Party party) {
    List<String> lines = new ArrayList<>(wrap(party.name(), 35, 3));
    lines.add(USCC + party.uscc());
    return String.join("\n", lines);
  }

  static final String USCC = "USCC ";

  /** Free text as lines of at most 65 characters (fields 45A, 46A, 47A and their amendments). */
  static String text65(String text) {
    List<String> lines = new ArrayList<>();
    for (String line : text.split("\\R", -1)) {
      lines.addAll(line.length() <= 65 ? List.of(line) : wrap(line, 65, 100));
    }
    return String.join("\n", lines);
  }

  static String availableBy(PaymentType type) {
    return switch (type) {
      case SIGHT -> "BY PAYMENT";
      case DEFERRED -> "BY DEF PAYMENT";
      case NEGOTIATION -> "BY NEGOTIATION";
    };
  }

  /** Fields 32A and 33A: a date, the currency and an amount. */
  private static Field32A amount32A(LocalDate day, Money amount) {
    return new Field32A()
        .setDate(day.format(YYMMDD))
        .setCurrency(LcTerms.CURRENCY)
        .setAmount(amount.value());
  }

  private static Field32B amount32B(Money amount) {
    return new Field32B().setCurrency(LcTerms.CURRENCY).setAmount(amount.value());
  }

  private static Field77J lines77J(List<String> discrepancies) {
    List<String> lines = new ArrayList<>();
    for (String d : discrepancies) {
      lines.addAll(wrap("+" + d, 50, 70));
    }
    return new Field77J(String.join("\n", lines));
  }

  private static String disposal(String disposition) {
    String d = disposition == null ? "HOLDING" : disposition;
    return switch (d) {
      case "RETURNING" -> "/RETURN/";
      case "HOLDING_UNTIL_WAIVER" -> "/HOLDPEND/";
      case "FOLLOWING_INSTRUCTIONS" -> "/PREVINST/";
      default -> "/HOLD/";
    };
  }

  private static String counterparty(LetterOfCredit lc, HistoryEntry entry, Presentation p) {
    if (entry.branch().equals(lc.issuingBranch())) {
      return p != null ? p.presentingBranch() : lc.advisingBranch();
    }
    return lc.issuingBranch();
  }

  private static List<String> narrative(LetterOfCredit lc, HistoryEntry e, Presentation p) {
    String n = lc.lcNumber();
    List<String> lines = new ArrayList<>();
    switch (e.step()) {
      case PRESENT -> {
        lines.add("DOCUMENTS PRESENTED UNDER CREDIT " + n);
        lines.add("PRESENTATION " + p.presentationNo() + " FOR CNY " + mtAmount(p.amount()));
        documents(p.documents().stream().map(d -> new RequiredDocument(d.type(), 1)).toList())
            .forEach(line -> lines.add(line.replace(" IN 1 COPY", "")));
      }
      case EXAMINE_COMPLIANT ->
          lines.add("DOCUMENTS OF PRESENTATION " + p.presentationNo() + " FOUND COMPLIANT");
      case ACCEPT_DEFERRED ->
          lines.add(
              "PRESENTATION "
                  + p.presentationNo()
                  + " ACCEPTED, PAYMENT AT MATURITY ON "
                  + p.maturityDate().format(YYMMDD));
      case FORFAIT ->
          lines.add(
              "CLAIM OF PRESENTATION "
                  + p.presentationNo()
                  + " PURCHASED WITHOUT RECOURSE, PAY AT MATURITY TO "
                  + p.forfaiting().forfaiter().toUpperCase(Locale.ROOT));
      case REQUEST_CANCELLATION -> {
        lines.add("REQUEST TO CANCEL CREDIT " + n + " BEFORE EXPIRY");
        lines.addAll(wrap(lc.cancellation().reason(), 50, 30));
      }
      case ACCEPT_CANCELLATION -> lines.add("BENEFICIARY AGREES TO CANCEL CREDIT " + n);
      case REJECT_CANCELLATION -> lines.add("BENEFICIARY DOES NOT AGREE TO CANCEL CREDIT " + n);
      default -> lines.add(e.step().name().replace('_', ' '));
    }
    return lines;
  }

  static String mtAmount(Money money) {
    return money.value().toPlainString().replace('.', ',');
  }

  /** The sender's reference of a step: the LC number and the step's place in it. */
  private static String reference(String lcNumber, HistoryEntry e) {
    String suffix =
        e.presentationNo() != null
            ? "/P" + e.presentationNo()
            : e.amendmentNo() != null ? "/A" + e.amendmentNo() : "";
    return lcNumber + suffix;
  }

  /** Text wrapped into lines of at most {@code width}, at most {@code max} lines. */
  static List<String> wrap(String text, int width, int max) {
    List<String> lines = new ArrayList<>();
    String rest = text == null ? "" : text.strip();
    while (!rest.isEmpty() && lines.size() < max) {
      int cut = Math.min(width, rest.length());
      if (cut < rest.length()) {
        int space = rest.lastIndexOf(' ', cut);
        cut = space > 0 ? space : cut;
      }
      lines.add(rest.substring(0, cut).strip());
      rest = rest.substring(cut).strip();
    }
    return lines;
  }

  /** The BIC of a network branch, as configured. */
  String bic(String branch) {
    String bic = branch == null ? null : swift.bics().get(branch);
    if (bic == null) {
      throw notRepresentable(
          List.of(error("bic", "no BIC is configured for branch " + branch + " (lc.swift.bics)")));
    }
    return bic;
  }

  /** The branch whose BIC is {@code bic} (8 characters match its head office's 11). */
  String branchOf(String bic) {
    String wanted = bic == null ? "" : bic.toUpperCase(Locale.ROOT);
    return swift.bics().entrySet().stream()
        .filter(e -> e.getValue().equals(wanted) || e.getValue().equals(wanted + "XXX"))
        .map(Map.Entry::getKey)
        .findFirst()
        .orElse(null);
  }

  /**
   * Checks a message before it leaves: the banks' BICs, every mandatory field of its type, and
   * every character of every field in the SWIFT X set.
   */
  AbstractMT checked(MtType type, AbstractMT mt) {
    List<Map<String, String>> errors = problems(type, mt);
    if (!errors.isEmpty()) {
      throw notRepresentable(errors);
    }
    return mt;
  }

  /** Fields holding a reference: 16x. */
  private static final Set<String> REFERENCES = Set.of("20", "21", "23");

  static List<Map<String, String>> problems(MtType type, AbstractMT mt) {
    List<Map<String, String>> errors = new ArrayList<>();
    for (String address : List.of(mt.getSender(), mt.getReceiver())) {
      if (address == null || !new BIC(address).isValid()) {
        errors.add(error("bic", "not a valid BIC: " + address));
      }
    }
    for (String required : type.mandatory()) {
      boolean present = false;
      for (String option : required.split("\\|")) {
        present |= mt.getSwiftMessage().getBlock4().getTagByName(option) != null;
      }
      if (!present) {
        errors.add(error(required, "MT" + type.number() + " needs field " + required));
      }
    }
    for (Tag tag : mt.getSwiftMessage().getBlock4().getTags()) {
      String value = Objects.requireNonNullElse(tag.getValue(), "");
      if (REFERENCES.contains(tag.getName()) && (value.isEmpty() || value.length() > 16)) {
        errors.add(error(tag.getName(), "a reference of 1 to 16 characters (16x), not: " + value));
      }
      String text = value.replace("\r", "").replace("\n", "");
      int bad = -1;
      for (int i = 0; i < text.length() && bad < 0; i++) {
        bad = SwiftCharsetUtils.is_x(text.charAt(i)) ? -1 : i;
      }
      if (bad >= 0) {
        String shown = new String(Character.toChars(text.codePointAt(bad)));
        errors.add(
            error(
                tag.getName(),
                "holds characters outside the SWIFT X character set (first: '" + shown + "')"));
      }
    }
    return errors;
  }

  /** The media type of a FIN message in a request or an answer. */
  public static final String MEDIA_TYPE = "application/x-swift-mt";

  /** The longest MT message (SWIFT's limit for category 7 text). */
  public static final int MAX_LENGTH = 10_000;

  /** The refusal of a message longer than {@link #MAX_LENGTH}. */
  public static ApiException tooLong() {
    return new ApiException(
        HttpStatus.PAYLOAD_TOO_LARGE,
        "PAYLOAD_TOO_LARGE",
        "an MT message is at most " + MAX_LENGTH + " characters");
  }

  /**
   * The LC terms an MT700 (FIN text) issues, sent by {@code issuingBranch}: the very terms the JSON
   * request would carry; every field it cannot map, character outside the SWIFT X set, bad date or
   * amount is named in one 422 INVALID_MT_MESSAGE.
   */
  public LcTerms readMt700(String fin, String issuingBranch) {
    return new Mt700Reader(this).read(fin, issuingBranch);
  }

  static Map<String, String> error(String field, String message) {
    return Map.of("field", field, "message", message);
  }

  static ApiException notRepresentable(List<Map<String, String>> errors) {
    return new ApiException(
        HttpStatus.UNPROCESSABLE_ENTITY,
        "MT_NOT_REPRESENTABLE",
        "this step cannot be sent as a SWIFT message: " + errors.get(0).get("message"),
        errors);
  }
}
