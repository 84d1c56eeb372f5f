package io.lcledger.node.swift;

import static io.lcledger.node.swift.MtMessages.DEFERRED_DETAILS;
import static io.lcledger.node.swift.MtMessages.USCC;
import static io.lcledger.node.swift.MtMessages.error;

import com.prowidesoftware.swift.model.Tag;
import com.prowidesoftware.swift.model.field.Field32B;
import com.prowidesoftware.swift.model.mt.mt7xx.MT700;
import io.lcledger.chaincode.domain.DocumentType;
import io.lcledger.chaincode.domain.LcTerms;
import io.lcledger.chaincode.domain.Money;
import io.lcledger.chaincode.domain.Party;
import io.lcledger.chaincode.domain.PaymentTerms;
import io.lcledger.chaincode.domain.PaymentType;
import io.lcledger.chaincode.domain.RequiredDocument;
import io.lcledger.node.web.ApiException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;

/**
 * MT700 in: the terms of a domestic LC from an MT700 in FIN text, parsed by Prowide Core, each
 * field mapped back exactly as {@link MtMessages} writes it. Every field is read, so one refusal
 * names every field that is wrong.
 */
final class Mt700Reader {
  private final MtMessages bics;

  Mt700Reader(MtMessages bics) {
    this.bics = bics;
  }

  private static final Set<String> MT700_FIELDS =
      Set.of(
          "27", "40A", "20", "31C", "40E", "31D", "50", "59", "32B", "39A", "41A", "41D", "42P",
          "43P", "44C", "45A", "46A", "47A", "48", "49");

  private static final Pattern DOCUMENT =
      Pattern.compile("\\+([A-Z ]+) IN ([0-9]{1,3}) COP(?:Y|IES)");

  /** The terms {@code fin} issues from {@code issuingBranch}; refused naming every bad field. */
  LcTerms read(String fin, String issuingBranch) {
    if (fin.length() > MtMessages.MAX_LENGTH) {
      throw MtMessages.tooLong();
    }
    MT700 mt;
    try {
      mt = MT700.parse(fin);
    } catch (RuntimeException e) {
      mt = null;
    }
    if (mt == null
        || mt.getSwiftMessage() == null
        || mt.getSwiftMessage().getBlock4() == null
        || mt.getSwiftMessage().getBlock4().isEmpty()) {
      throw invalid(List.of(error("message", "not an MT message in FIN text")));
    }
    String received = mt.getSwiftMessage().getType(); // MT700 answers 700 whatever it holds
    if (!"700".equals(received)) {
      throw invalid(List.of(error("block2", "an LC is issued by an MT700, not MT" + received)));
    }
    List<Map<String, String>> errors = new ArrayList<>();
    for (Tag tag : mt.getSwiftMessage().getBlock4().getTags()) {
      if (!MT700_FIELDS.contains(tag.getName())) {
        errors.add(error(tag.getName(), "cannot be mapped to the terms of a domestic LC"));
      }
    }
    errors.addAll(MtMessages.problems(MtType.MT700, mt));
    errors.removeIf(e -> e.get("field").equals("bic")); // the addresses are checked below
    Mapped mapped = new Mapped(errors);
    String sender = mt.getSender();
    if (sender == null || !issuingBranch.equals(bics.branchOf(bic8(sender)))) {
      errors.add(
          error("block1", "the sender must be the BIC of " + issuingBranch + ", which issues it"));
    }
    String advising = mt.getReceiver() == null ? null : bics.branchOf(bic8(mt.getReceiver()));
    if (advising == null) {
      errors.add(error("block2", "the receiver is no network branch's BIC: " + mt.getReceiver()));
    }
    mapped.text(mt, "40A", v -> v.equals("IRREVOCABLE"), "a domestic LC is IRREVOCABLE");
    mapped.text(mt, "49", v -> v.equals("WITHOUT"), "a domestic LC is not confirmed: WITHOUT");
    mapped.date(mt, "31C", v -> v);
    String lcNumber = mapped.value(mt, "20", v -> v);
    LocalDate expiry = mapped.date(mt, "31D", v -> v.length() >= 6 ? v.substring(0, 6) : v);
    String place = mapped.value(mt, "31D", v -> v.length() > 6 ? v.substring(6) : null);
    Party applicant = mapped.value(mt, "50", Mt700Reader::partyOf);
    Party beneficiary = mapped.value(mt, "59", Mt700Reader::partyOf);
    Money amount =
        mapped.value(
            mt,
            "32B",
            v -> {
              Field32B f = new Field32B(v);
              if (!LcTerms.CURRENCY.equals(f.getCurrency())) {
                throw new IllegalArgumentException("the currency of a domestic LC is CNY");
              }
              BigDecimal value = f.getAmountAsBigDecimal();
              if (value == null
                  || value.scale() > 2
                  || !v.matches("[A-Z]{3}[0-9]{1,12},[0-9]{0,2}")) {
                throw new IllegalArgumentException("not an amount with at most 2 decimals: " + v);
              }
              return Money.parse(value.setScale(2).toPlainString());
            });
    Integer tolerance =
        mapped.optional(
            mt,
            "39A",
            v -> {
              String[] parts = v.split("/");
              if (parts.length != 2
                  || !parts[0].matches("[0-9]{1,2}")
                  || !parts[0].equals(parts[1])) {
                throw new IllegalArgumentException(
                    "a tolerance of plus and minus the same percent");
              }
              return Integer.parseInt(parts[0]);
            });
    String available41 =
        mt.getSwiftMessage().getBlock4().getTagValue("41A") != null ? "41A" : "41D";
    PaymentTerms paymentTerms =
        mapped.value(
            mt,
            available41,
            v -> {
              List<String> lines = v.lines().toList();
              String by = lines.get(lines.size() - 1).strip();
              PaymentType type =
                  switch (by) {
                    case "BY PAYMENT" -> PaymentType.SIGHT;
                    case "BY DEF PAYMENT" -> PaymentType.DEFERRED;
                    case "BY NEGOTIATION" -> PaymentType.NEGOTIATION;
                    default ->
                        throw new IllegalArgumentException(
                            "available BY PAYMENT, BY DEF PAYMENT or BY NEGOTIATION, not " + by);
                  };
              String nominated = null;
              if (type == PaymentType.NEGOTIATION) {
                nominated =
                    available41.equals("41A") ? bics.branchOf(bic8(lines.get(0).strip())) : null;
                if (nominated == null) {
                  throw new IllegalArgumentException(
                      "negotiation is available with a network branch, named by its BIC (41A)");
                }
              }
              return new PaymentTerms(type, null, nominated);
            });
    Integer deferredDays =
        mapped.optional(
            mt,
            "42P",
            v -> {
              if (!v.endsWith(DEFERRED_DETAILS)
                  || !v.substring(0, v.length() - DEFERRED_DETAILS.length())
                      .matches("[0-9]{1,3}")) {
                throw new IllegalArgumentException(
                    "deferred payment as '<days>" + DEFERRED_DETAILS + "'");
              }
              return Integer.parseInt(v.substring(0, v.length() - DEFERRED_DETAILS.length()));
            });
    Boolean partial =
        mapped.optional(
            mt,
            "43P",
            v ->
                switch (v) {
                  case "ALLOWED" -> true;
                  case "NOT ALLOWED" -> false;
                  default ->
                      throw new IllegalArgumentException(
                          "partial shipments ALLOWED or NOT ALLOWED");
                });
    LocalDate latestShipment = mapped.date(mt, "44C", v -> v);
    String goods = mapped.optional(mt, "45A", Mt700Reader::joined);
    List<RequiredDocument> documents =
        mapped.optional(
            mt,
            "46A",
            v ->
                v.lines()
                    .map(
                        line -> {
                          Matcher m = DOCUMENT.matcher(line.strip());
                          if (!m.matches()) {
                            throw new IllegalArgumentException(
                                "each document as '+INVOICE IN 3 COPIES', not " + line);
                          }
                          return new RequiredDocument(
                              DocumentType.valueOf(m.group(1).strip().replace(' ', '_')),
                              Integer.parseInt(m.group(2)));
                        })
                    .toList());
    String conditions = mapped.optional(mt, "47A", Mt700Reader::joined);
    Integer period =
        mapped.optional(
            mt,
            "48",
            v -> {
              String days = v.split("/", 2)[0];
              if (!days.matches("[0-9]{1,3}")) {
                throw new IllegalArgumentException("the presentation period in days");
              }
              return Integer.parseInt(days);
            });
    if (paymentTerms != null
        && paymentTerms.type() == PaymentType.DEFERRED
        && deferredDays == null) {
      errors.add(error("42P", "a deferred payment LC says when: '<days>" + DEFERRED_DETAILS + "'"));
    }
    if (paymentTerms != null
        && paymentTerms.type() != PaymentType.DEFERRED
        && deferredDays != null) {
      errors.add(error("42P", "deferred payment details on an LC not available BY DEF PAYMENT"));
    }
    if (!errors.isEmpty()) {
      throw invalid(errors);
    }
    return new LcTerms(
        lcNumber,
        advising,
        applicant,
        beneficiary,
        amount,
        LcTerms.CURRENCY,
        tolerance == null ? 0 : tolerance,
        expiry,
        place,
        latestShipment,
        period,
        new PaymentTerms(paymentTerms.type(), deferredDays, paymentTerms.nominatedBranch()),
        partial != null && partial,
        goods,
        documents == null ? List.of() : documents,
        conditions);
  }

  /** Reads fields one by one, noting each one it cannot read instead of stopping at the first. */
  private static final class Mapped {
    private final List<Map<String, String>> errors;

    Mapped(List<Map<String, String>> errors) {
      this.errors = errors;
    }

    <T> T value(MT700 mt, String tag, Function<String, T> read) {
      String value = mt.getSwiftMessage().getBlock4().getTagValue(tag);
      if (value == null) {
        return null; // a missing mandatory field is already named
      }
      return optional(mt, tag, read);
    }

    <T> T optional(MT700 mt, String tag, Function<String, T> read) {
      String value = mt.getSwiftMessage().getBlock4().getTagValue(tag);
      if (value == null) {
        return null;
      }
      try {
        return read.apply(value.replace("\r\n", "\n"));
      } catch (RuntimeException e) {
        errors.add(error(tag, e.getMessage() == null ? "cannot be read" : e.getMessage()));
        return null;
      }
    }

    LocalDate date(MT700 mt, String tag, Function<String, String> yymmdd) {
      return value(
          mt,
          tag,
          v -> {
            String d = yymmdd.apply(v);
            try {
              if (!d.matches("[0-9]{6}")) {
                throw new DateTimeParseException(d, d, 0);
              }
              return LocalDate.parse("20" + d, DateTimeFormatter.BASIC_ISO_DATE);
            } catch (DateTimeParseException e) {
              throw new IllegalArgumentException("not a date (YYMMDD): " + d);
            }
          });
    }

    void text(MT700 mt, String tag, Predicate<String> ok, String why) {
      optional(
          mt,
          tag,
          v -> {
            if (!ok.test(v.strip())) {
              throw new IllegalArgumentException(why);
            }
            return v;
          });
    }
  }

  /** A company in field 50 or 59: its name's lines, then {@code USCC <code>}. */
  static Party partyOf(String value) {
    List<String> lines = new ArrayList<>(value.lines().map(String::strip).toList());
    if (!lines.isEmpty() && lines.get(0).startsWith("/")) {
      lines.remove(0); // an account number: not part of an LC's terms here
    }
    if (lines.size() < 2 || !lines.get(lines.size() - 1).startsWith(USCC)) {
      throw new IllegalArgumentException(
          "the company's name, then its credit code on the last line as 'USCC <18 characters>'");
    }
    String uscc = lines.remove(lines.size() - 1).substring(USCC.length()).strip();
    return new Party(String.join(" ", lines), uscc);
  }

  /** Free text from its lines of 65: the lines were wrapped at spaces when it was written. */
  private static String joined(String value) {
    return String.join(" ", value.lines().map(String::strip).toList());
  }

  private static String bic8(String address) {
    // a logical terminal address (12) or a BIC (8 or 11): its bank, country and location
    String a = address.strip().toUpperCase(Locale.ROOT);
    if (a.length() == 12) {
      return a.substring(0, 8) + a.substring(9);
    }
    return a;
  }

  static ApiException invalid(List<Map<String, String>> errors) {
    return new ApiException(
        HttpStatus.UNPROCESSABLE_ENTITY,
        "INVALID_MT_MESSAGE",
        "the MT700 cannot be issued: "
            + errors.get(0).get("field")
            + ": "
            + errors.get(0).get("message"),
        errors);
  }
}
