package io.lcledger.chaincode.evm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lcledger.chaincode.domain.Command;
import io.lcledger.chaincode.domain.DocumentDisposition;
import io.lcledger.chaincode.domain.DocumentRef;
import io.lcledger.chaincode.domain.DocumentType;
import io.lcledger.chaincode.domain.LcException;
import io.lcledger.chaincode.domain.LcStateMachine;
import io.lcledger.chaincode.domain.LcTerms;
import io.lcledger.chaincode.domain.Money;
import io.lcledger.chaincode.domain.Party;
import io.lcledger.chaincode.domain.PaymentTerms;
import io.lcledger.chaincode.domain.PaymentType;
import io.lcledger.chaincode.domain.RequiredDocument;
import io.lcledger.chaincode.domain.Step;
import io.lcledger.chaincode.evm.contract.LetterOfCredit.Document;
import io.lcledger.chaincode.evm.contract.LetterOfCredit.Terms;
import io.lcledger.chaincode.evm.contract.LetterOfCredit.TermsChange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.Utils;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.DynamicStruct;
import org.web3j.abi.datatypes.StaticStruct;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Int64;
import org.web3j.abi.datatypes.generated.Uint32;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * The one mapping between the domain's commands and the Solidity contract's calls, both ways: a
 * node encodes each step as the call it sends, and reads every committed call back into the command
 * it was, to replay it through the Java rules. Encodings: money in fen, dates as day numbers, rates
 * in millionths of a percent, enums by their Java ordinal. A value the encoding cannot hold is sent
 * as one the contract refuses at the very check, with the very code, that refuses it in Java.
 */
public final class EvmCalls {

  /** An absent optional number or date (the contract's NONE). */
  public static final long NONE = Long.MIN_VALUE;

  /** An absent enum value: past every enum's last. */
  public static final int ABSENT = 255;

  /**
   * A rate above 100 %: what a rate Java refuses (negative, over 100, over 6 places) is sent as.
   */
  static final long NOT_A_RATE = 0xFFFF_FFFFL;

  /**
   * A nominated branch named as the empty string: the contract reads an empty name as none, while
   * Java refuses it as an unknown branch; no branch can be called " ", so it is refused alike.
   */
  static final String EMPTY_BRANCH_NAME = " ";

  /** TermsChange.Field, in its order: a changed field is sent as its ordinal. */
  static final List<String> AMENDABLE_FIELDS =
      List.of(
          "amount",
          "tolerancePercent",
          "expiryDate",
          "expiryPlace",
          "latestShipmentDate",
          "presentationPeriodDays",
          "partialShipmentsAllowed",
          "goodsDescription",
          "requiredDocuments",
          "additionalConditions");

  private static final Pattern HEX_256 = Pattern.compile("[0-9a-f]{64}");
  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
  private static final String REFUSED = Hash.sha3String("Refused(string)").substring(0, 10);

  /** The contract's ABI as the build compiled it, on the class path. */
  private static final String ABI = "/solidity/LetterOfCredit.abi";

  private static final Abi CONTRACT = Abi.load();

  private EvmCalls() {}

  /** A committed call read back: the LC it acted on and the command it was. */
  public record Call(String lcNumber, Command command) {}

  // ---- commands as calls

  /** The call data of {@code command} on LC {@code lcNumber} (for an issue, the terms' number). */
  public static String encode(String lcNumber, Command command) {
    if (command instanceof Command.Issue c) {
      return call("issue", terms(c.terms()));
    } else if (command instanceof Command.Advise) {
      return call("advise", str(lcNumber));
    } else if (command instanceof Command.ProposeAmendment c) {
      return call("proposeAmendment", str(lcNumber), changes(c.changes()));
    } else if (command instanceof Command.AnswerAmendment c) {
      return call(
          "answerAmendment", str(lcNumber), number(c.amendmentNo()), new Bool(c.accepted()));
    } else if (command instanceof Command.Present c) {
      return call(
          "present",
          str(lcNumber),
          fen(c.amount()),
          day(c.shipmentDate()),
          documents(c.documents()));
    } else if (command instanceof Command.Examine c) {
      return call(
          "examine",
          str(lcNumber),
          number(c.presentationNo()),
          new Bool(c.result() == Command.Examine.Result.COMPLIANT),
          strings(c.discrepancies()));
    } else if (command instanceof Command.Waive c) {
      return call(
          "waive", str(lcNumber), number(c.presentationNo()), new Bool(c.applicantWaived()));
    } else if (command instanceof Command.Refuse c) {
      return call(
          "refuse",
          str(lcNumber),
          number(c.presentationNo()),
          strings(c.discrepancies()),
          ordinal(c.documentDisposition()));
    } else if (command instanceof Command.AcceptDeferred c) {
      return call("acceptDeferred", str(lcNumber), number(c.presentationNo()));
    } else if (command instanceof Command.Pay c) {
      return call(
          "pay",
          str(lcNumber),
          number(c.presentationNo()),
          fen(c.amount()),
          str(c.paymentReference()));
    } else if (command instanceof Command.GrantBuyerFinancing c) {
      return call(
          "grantBuyerFinancing",
          str(lcNumber),
          number(c.presentationNo()),
          fen(c.amount()),
          rate(c.annualRatePercent()),
          day(c.dueDate()));
    } else if (command instanceof Command.RepayBuyerFinancing c) {
      return call(
          "repayBuyerFinancing", str(lcNumber), number(c.presentationNo()), fen(c.amount()));
    } else if (command instanceof Command.Forfait c) {
      return call(
          "forfait",
          str(lcNumber),
          number(c.presentationNo()),
          fen(c.purchasePrice()),
          rate(c.discountRatePercent()));
    } else if (command instanceof Command.Negotiate c) {
      return call("negotiate", str(lcNumber), number(c.presentationNo()), fen(c.amount()));
    } else if (command instanceof Command.RequestCancellation c) {
      return call("requestCancellation", str(lcNumber), str(c.reason()));
    } else if (command instanceof Command.AnswerCancellation c) {
      return call("answerCancellation", str(lcNumber), new Bool(c.accepted()));
    } else if (command instanceof Command.Expire) {
      return call("expire", str(lcNumber));
    } else if (command instanceof Command.Close) {
      return call("close", str(lcNumber));
    }
    throw new IllegalArgumentException("no contract call for " + command);
  }

  /** The call data of any function of the contract, by name. */
  public static String call(String function, Type<?>... args) {
    return FunctionEncoder.encode(CONTRACT.selector(function), List.of(args));
  }

  private static DynamicStruct terms(LcTerms t) {
    Party applicant = t.applicant() == null ? new Party(null, null) : t.applicant();
    Party beneficiary = t.beneficiary() == null ? new Party(null, null) : t.beneficiary();
    PaymentTerms pt =
        t.paymentTerms() == null ? new PaymentTerms(null, null, null) : t.paymentTerms();
    String nominated = "".equals(pt.nominatedBranch()) ? EMPTY_BRANCH_NAME : pt.nominatedBranch();
    List<StaticStruct> required = new ArrayList<>();
    for (RequiredDocument d : nonNull(t.requiredDocuments())) {
      required.add(
          d == null
              ? requiredDocument(ABSENT, 0)
              : requiredDocument(d.type() == null ? ABSENT : d.type().ordinal(), d.copies()));
    }
    return new DynamicStruct(
        str(t.lcNumber()),
        str(t.advisingBranch()),
        new DynamicStruct(str(applicant.name()), str(applicant.uscc())),
        new DynamicStruct(str(beneficiary.name()), str(beneficiary.uscc())),
        fen(t.amount()),
        str(t.currency()),
        new Int64(t.tolerancePercent()),
        day(t.expiryDate()),
        str(t.expiryPlace()),
        day(t.latestShipmentDate()),
        optional(t.presentationPeriodDays()),
        new DynamicStruct(ordinal(pt.type()), optional(pt.deferredDays()), str(nominated)),
        new Bool(t.partialShipmentsAllowed()),
        str(t.goodsDescription()),
        new DynamicArray<>(StaticStruct.class, required),
        str(t.additionalConditions()));
  }

  /**
   * The changes, each as the contract's TermsChange: a number where its value is one (NONE where
   * the request's value is not of the field's kind; 0 for an amount string that is no positive
   * amount), a text, or documents. They go sorted by field name, as a node's canonical JSON sends
   * them to the Java contract, which checks them in that order.
   */
  private static DynamicArray<DynamicStruct> changes(Map<String, Object> changes) {
    List<DynamicStruct> encoded = new ArrayList<>();
    if (changes != null) {
      for (Map.Entry<String, Object> change : new TreeMap<>(changes).entrySet()) {
        int field = AMENDABLE_FIELDS.indexOf(change.getKey());
        Object value = change.getValue();
        long number = NONE;
        String text = "";
        List<StaticStruct> documents = new ArrayList<>();
        switch (field) {
          case 0 -> number = amount(value);
          case 1, 5 -> number = value instanceof Integer i ? i : NONE;
          case 2, 4 -> number = date(value);
          case 6 -> number = value instanceof Boolean b ? (b ? 1 : 0) : NONE;
          case 8 -> documents = requiredDocuments(value);
          case 3, 7, 9 -> text = value instanceof String s ? s : "";
          default -> field = ABSENT; // not amendable
        }
        encoded.add(
            new DynamicStruct(
                new Uint8(field),
                new Int64(number),
                str(text),
                new DynamicArray<>(StaticStruct.class, documents)));
      }
    }
    return new DynamicArray<>(DynamicStruct.class, encoded);
  }

  private static long amount(Object value) {
    if (!(value instanceof String s) || s.isBlank()) {
      return NONE;
    }
    try {
      return fenOf(Money.parsePositive(s, "amount"));
    } catch (LcException notAnAmount) {
      return 0;
    }
  }

  private static long date(Object value) {
    if (!(value instanceof String s) || s.isBlank()) {
      return NONE;
    }
    try {
      return LocalDate.parse(s).toEpochDay();
    } catch (DateTimeParseException notADate) {
      return NONE;
    }
  }

  /** Required documents as an amendment gives them; an item that is not one has no type. */
  private static List<StaticStruct> requiredDocuments(Object value) {
    List<StaticStruct> documents = new ArrayList<>();
    if (value instanceof List<?> items) {
      for (Object item : items) {
        int type = ABSENT;
        long copies = NONE;
        if (item instanceof Map<?, ?> map
            && map.get("type") instanceof String name
            && map.get("copies") instanceof Integer n) {
          try {
            type = DocumentType.valueOf(name).ordinal();
            copies = n;
          } catch (IllegalArgumentException notAType) {
            // stays without a type
          }
        }
        documents.add(requiredDocument(type, copies));
      }
    }
    return documents;
  }

  private static StaticStruct requiredDocument(int type, long copies) {
    return new StaticStruct(new Uint8(type), new Int64(copies));
  }

  private static DynamicArray<DynamicStruct> documents(List<DocumentRef> documents) {
    List<DynamicStruct> encoded = new ArrayList<>();
    for (DocumentRef d : nonNull(documents)) {
      DocumentRef ref = d == null ? new DocumentRef(null, null, null, null, 0, null, null) : d;
      encoded.add(
          new DynamicStruct(
              str(ref.documentId()),
              ordinal(ref.type()),
              str(ref.fileName()),
              str(ref.mediaType()),
              new Int64(ref.size()),
              digest(ref.sha256()),
              digest(ref.sm3())));
    }
    return new DynamicArray<>(DynamicStruct.class, encoded);
  }

  /** A digest of 64 lower-case hex digits; any other text is zero, which no file hashes to. */
  private static Bytes32 digest(String hex) {
    return new Bytes32(
        hex != null && HEX_256.matcher(hex).matches()
            ? Numeric.hexStringToByteArray(hex)
            : new byte[32]);
  }

  private static DynamicArray<Str> strings(List<String> items) {
    return new DynamicArray<>(Str.class, nonNull(items).stream().map(EvmCalls::str).toList());
  }

  private static Uint64 fen(Money money) {
    return new Uint64(money == null ? 0 : fenOf(money));
  }

  private static long fenOf(Money money) {
    return money.value().movePointRight(2).longValueExact();
  }

  /** A percentage in millionths of a percent, if Java would take it as a rate at all. */
  private static Uint32 rate(BigDecimal percent) {
    boolean rate =
        percent != null
            && percent.signum() >= 0
            && percent.compareTo(HUNDRED) <= 0
            && percent.stripTrailingZeros().scale() <= 6;
    return new Uint32(rate ? percent.movePointRight(6).longValueExact() : NOT_A_RATE);
  }

  private static Int64 day(LocalDate date) {
    return new Int64(date == null ? NONE : date.toEpochDay());
  }

  private static Int64 optional(Integer value) {
    return new Int64(value == null ? NONE : value);
  }

  /** A presentation or amendment number; none (0) where Java can have none by that number. */
  private static Uint32 number(Integer n) {
    return new Uint32(n == null || n < 1 ? 0 : n);
  }

  private static Uint8 ordinal(Enum<?> value) {
    return new Uint8(value == null ? ABSENT : value.ordinal());
  }

  private static <T> List<T> nonNull(List<T> items) {
    return items == null ? List.of() : items;
  }

  /** A Solidity string of {@code text} (none: empty). */
  public static Str str(String text) {
    return new Str(utf8(text == null ? "" : text));
  }

  /**
   * UTF-8, except that an unpaired surrogate, which has none, is written in its three-byte
   * generalised form (ED A0..BF xx): the contract refuses it as Java refuses the surrogate.
   */
  static byte[] utf8(String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
    for (int i = 0; i < text.length(); ) {
      int c = text.codePointAt(i);
      i += Character.charCount(c);
      if (c < 0x80) {
        out.write(c);
      } else if (c < 0x800) {
        out.write(0xc0 | c >> 6);
        out.write(0x80 | c & 0x3f);
      } else if (c < 0x10000) {
        out.write(0xe0 | c >> 12);
        out.write(0x80 | c >> 6 & 0x3f);
        out.write(0x80 | c & 0x3f);
      } else {
        out.write(0xf0 | c >> 18);
        out.write(0x80 | c >> 12 & 0x3f);
        out.write(0x80 | c >> 6 & 0x3f);
        out.write(0x80 | c & 0x3f);
      }
    }
    return out.toByteArray();
  }

  /**
   * A Solidity {@code string} of the bytes given: web3j's own string has no form for a lone
   * surrogate.
   */
  public static final class Str extends DynamicBytes {
    Str(byte[] utf8) {
      super(utf8);
    }

    @Override
    public String getTypeAsString() {
      return "string";
    }
  }

  // ---- calls as commands

  /**
   * The command a committed call was, as the Java rules take it: absent texts and lists as null,
   * numbers back in their domain types. Only calls the contract accepted are read back, so every
   * value is one the encoding holds exactly.
   */
  public static Call decode(String input) {
    String hex = Numeric.cleanHexPrefix(input);
    if (hex.length() < 8) {
      throw new IllegalArgumentException("no function selector in the call data");
    }
    String function = CONTRACT.function("0x" + hex.substring(0, 8));
    List<Type<?>> args = CONTRACT.decode(function, "0x" + hex.substring(8));
    return switch (function) {
      case "issue" -> {
        LcTerms terms = terms((Terms) args.get(0));
        yield new Call(terms.lcNumber(), new Command.Issue(terms));
      }
      case "advise" -> new Call(text(args, 0), new Command.Advise());
      case "proposeAmendment" ->
          new Call(text(args, 0), new Command.ProposeAmendment(changes(list(args, 1))));
      case "answerAmendment" ->
          new Call(text(args, 0), new Command.AnswerAmendment(no(args, 1), bool(args, 2)));
      case "present" ->
          new Call(
              text(args, 0),
              new Command.Present(
                  money(args, 1), date(integer(args, 2)), documentsOf(list(args, 3))));
      case "examine" -> {
        boolean compliant = bool(args, 2);
        List<String> discrepancies = texts(list(args, 3));
        yield new Call(
            text(args, 0),
            new Command.Examine(
                no(args, 1),
                compliant ? Command.Examine.Result.COMPLIANT : Command.Examine.Result.DISCREPANT,
                discrepancies));
      }
      case "waive" -> new Call(text(args, 0), new Command.Waive(no(args, 1), bool(args, 2)));
      case "refuse" ->
          new Call(
              text(args, 0),
              new Command.Refuse(
                  no(args, 1),
                  texts(list(args, 2)),
                  enumOf(DocumentDisposition.class, integer(args, 3))));
      case "acceptDeferred" -> new Call(text(args, 0), new Command.AcceptDeferred(no(args, 1)));
      case "pay" ->
          new Call(
              text(args, 0), new Command.Pay(no(args, 1), money(args, 2), optionalText(args, 3)));
      case "grantBuyerFinancing" ->
          new Call(
              text(args, 0),
              new Command.GrantBuyerFinancing(
                  no(args, 1), money(args, 2), percent(args, 3), date(integer(args, 4))));
      case "repayBuyerFinancing" ->
          new Call(text(args, 0), new Command.RepayBuyerFinancing(no(args, 1), money(args, 2)));
      case "forfait" ->
          new Call(
              text(args, 0), new Command.Forfait(no(args, 1), money(args, 2), percent(args, 3)));
      case "negotiate" ->
          new Call(text(args, 0), new Command.Negotiate(no(args, 1), money(args, 2)));
      case "requestCancellation" ->
          new Call(text(args, 0), new Command.RequestCancellation(text(args, 1)));
      case "answerCancellation" ->
          new Call(text(args, 0), new Command.AnswerCancellation(bool(args, 1)));
      case "expire" -> new Call(text(args, 0), new Command.Expire());
      case "close" -> new Call(text(args, 0), new Command.Close());
      default -> throw new IllegalArgumentException(function + " is not a step of an LC");
    };
  }

  private static LcTerms terms(Terms t) {
    List<RequiredDocument> required = new ArrayList<>();
    for (var d : t.requiredDocuments) {
      required.add(
          new RequiredDocument(
              enumOf(DocumentType.class, d.documentType.intValueExact()),
              d.copies.intValueExact()));
    }
    return new LcTerms(
        t.lcNumber,
        blankAsNull(t.advisingBranch),
        new Party(blankAsNull(t.applicant.name), blankAsNull(t.applicant.uscc)),
        new Party(blankAsNull(t.beneficiary.name), blankAsNull(t.beneficiary.uscc)),
        fenToMoney(t.amount.longValueExact()),
        blankAsNull(t.currency),
        t.tolerancePercent.intValueExact(),
        date(t.expiryDate.longValueExact()),
        blankAsNull(t.expiryPlace),
        date(t.latestShipmentDate.longValueExact()),
        optionalInt(t.presentationPeriodDays.longValueExact()),
        new PaymentTerms(
            enumOf(PaymentType.class, t.paymentTerms.paymentType.intValueExact()),
            optionalInt(t.paymentTerms.deferredDays.longValueExact()),
            blankAsNull(t.paymentTerms.nominatedBranch)),
        t.partialShipmentsAllowed,
        blankAsNull(t.goodsDescription),
        required,
        blankAsNull(t.additionalConditions));
  }

  /** The changes as a node's request gives them: the JSON kinds each field's value comes in. */
  private static Map<String, Object> changes(List<Type<?>> changes) {
    Map<String, Object> decoded = new LinkedHashMap<>();
    for (Type<?> item : changes) {
      TermsChange change = (TermsChange) item;
      int field = change.field.intValueExact();
      long number = change.number.longValueExact();
      Object value =
          switch (field) {
            case 0 -> fenToMoney(number).value().toPlainString();
            case 1, 5 -> Math.toIntExact(number);
            case 2, 4 -> date(number).toString();
            case 6 -> number == 1;
            case 8 -> {
              List<Map<String, Object>> documents = new ArrayList<>();
              for (var d : change.documents) {
                documents.add(
                    Map.of(
                        "type",
                        DocumentType.values()[d.documentType.intValueExact()].name(),
                        "copies",
                        d.copies.intValueExact()));
              }
              yield documents;
            }
            default -> change.text;
          };
      decoded.put(AMENDABLE_FIELDS.get(field), value);
    }
    return decoded;
  }

  private static List<DocumentRef> documentsOf(List<Type<?>> documents) {
    List<DocumentRef> decoded = new ArrayList<>();
    for (Type<?> item : documents) {
      Document d = (Document) item;
      decoded.add(
          new DocumentRef(
              d.documentId,
              enumOf(DocumentType.class, d.documentType.intValueExact()),
              d.fileName,
              d.mediaType,
              d.size.longValueExact(),
              digestHex(d.sha256Digest),
              digestHex(d.sm3Digest)));
    }
    return decoded;
  }

  private static String text(List<Type<?>> args, int i) {
    return (String) args.get(i).getValue();
  }

  private static String optionalText(List<Type<?>> args, int i) {
    return blankAsNull(text(args, i));
  }

  private static String blankAsNull(String text) {
    return text == null || text.isEmpty() ? null : text;
  }

  @SuppressWarnings("unchecked")
  private static List<Type<?>> list(List<Type<?>> args, int i) {
    return (List<Type<?>>) args.get(i).getValue();
  }

  private static List<String> texts(List<Type<?>> items) {
    return items.stream().map(t -> (String) t.getValue()).toList();
  }

  private static boolean bool(List<Type<?>> args, int i) {
    return (Boolean) args.get(i).getValue();
  }

  private static long integer(List<Type<?>> args, int i) {
    return ((BigInteger) args.get(i).getValue()).longValueExact();
  }

  private static Integer no(List<Type<?>> args, int i) {
    long n = integer(args, i);
    return n == 0 ? null : Math.toIntExact(n);
  }

  private static Money money(List<Type<?>> args, int i) {
    return fenToMoney(integer(args, i));
  }

  /** Millionths of a percent back to the percentage, written as briefly as it can be. */
  private static BigDecimal percent(List<Type<?>> args, int i) {
    return new BigDecimal(
        BigDecimal.valueOf(integer(args, i), 6).stripTrailingZeros().toPlainString());
  }

  private static LocalDate date(long day) {
    return day == NONE ? null : LocalDate.ofEpochDay(day);
  }

  private static Integer optionalInt(long value) {
    return value == NONE ? null : Math.toIntExact(value);
  }

  private static <E extends Enum<E>> E enumOf(Class<E> type, long ordinal) {
    E[] values = type.getEnumConstants();
    return ordinal >= 0 && ordinal < values.length ? values[(int) ordinal] : null;
  }

  private static Money fenToMoney(long fen) {
    return new Money(BigDecimal.valueOf(fen, 2));
  }

  /** Lower-case hex of a digest; none where it is zero (what an absent digest was sent as). */
  private static String digestHex(byte[] digest) {
    for (byte b : digest) {
      if (b != 0) {
        return HexFormat.of().formatHex(digest);
      }
    }
    return null;
  }

  // ---- what the contract answers

  /** The code of a {@code Refused(string)} revert, or empty for any other revert. */
  public static Optional<String> refusalCode(String revertData) {
    if (revertData == null || !revertData.startsWith(REFUSED)) {
      return Optional.empty();
    }
    return Optional.of(
        FunctionReturnDecoder.decode(
                "0x" + revertData.substring(10),
                Utils.convert(List.of(new TypeReference<Utf8String>() {})))
            .get(0)
            .getValue()
            .toString());
  }

  /** The key the contract files an LC under, its indexed first topic: keccak256 of its number. */
  public static String lcKey(String lcNumber) {
    return Hash.sha3(Numeric.toHexString(lcNumber.getBytes(StandardCharsets.UTF_8)));
  }

  /** The event a log's first topic names, if it is one of the contract's events. */
  public static Optional<String> event(String topic) {
    return Optional.ofNullable(CONTRACT.events.get(topic.toLowerCase()));
  }

  /** The first topic of the contract's event {@code name}. */
  public static String topic(String name) {
    for (Map.Entry<String, String> e : CONTRACT.events.entrySet()) {
      if (e.getValue().equals(name)) {
        return e.getKey();
      }
    }
    throw new IllegalArgumentException("the contract has no event " + name);
  }

  /** Whether {@code event} is a step's event in the Java table. */
  public static boolean isStepEvent(String event) {
    for (Step step : Step.values()) {
      if (LcStateMachine.rule(step).event().equals(event)) {
        return true;
      }
    }
    return false;
  }

  /** The data of a log or a call's answer, decoded as the types of {@code references}. */
  public static List<Type<?>> decodeValues(String data, List<TypeReference<?>> references) {
    return values(FunctionReturnDecoder.decode(data, Utils.convert(List.copyOf(references))));
  }

  /**
   * web3j answers decoded values as a raw {@code List<Type<?>>}: seen here as {@code Type<?>}, each
   * value's own type known to the reader of its position, so no raw type is named in our code.
   */
  private static List<Type<?>> values(List<?> decoded) {
    List<Type<?>> values = new ArrayList<>(decoded.size());
    for (Object value : decoded) {
      values.add((Type<?>) value);
    }
    return values;
  }

  /** The contract's functions and events, by selector and topic, from its ABI. */
  private record Abi(
      Map<String, String> selectors,
      Map<String, String> functions,
      Map<String, List<TypeReference<?>>> inputs,
      Map<String, String> events) {

    static Abi load() {
      try (InputStream in = EvmCalls.class.getResourceAsStream(ABI)) {
        if (in == null) {
          throw new IllegalStateException("no " + ABI + " on the class path");
        }
        Map<String, String> selectors = new HashMap<>();
        Map<String, String> functions = new HashMap<>();
        Map<String, String> events = new HashMap<>();
        for (JsonNode item : new ObjectMapper().readTree(in)) {
          String name = item.path("name").asText();
          String signature = signature(item);
          switch (item.path("type").asText()) {
            case "function" -> {
              String selector = Hash.sha3String(signature).substring(0, 10);
              selectors.put(name, selector);
              functions.put(selector, name);
            }
            case "event" -> events.put(Hash.sha3String(signature), name);
            default -> {
              // the constructor, errors
            }
          }
        }
        return new Abi(
            Map.copyOf(selectors), Map.copyOf(functions), stepInputs(), Map.copyOf(events));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** Each step function's parameters, as web3j decodes them (the generated structs). */
    private static Map<String, List<TypeReference<?>>> stepInputs() {
      TypeReference<?> str = new TypeReference<Utf8String>() {};
      TypeReference<?> u32 = new TypeReference<Uint32>() {};
      TypeReference<?> u64 = new TypeReference<Uint64>() {};
      TypeReference<?> i64 = new TypeReference<Int64>() {};
      TypeReference<?> bool = new TypeReference<Bool>() {};
      TypeReference<?> strings = new TypeReference<DynamicArray<Utf8String>>() {};
      Map<String, List<TypeReference<?>>> in = new HashMap<>();
      in.put("issue", List.of(new TypeReference<Terms>() {}));
      in.put("advise", List.of(str));
      in.put("proposeAmendment", List.of(str, new TypeReference<DynamicArray<TermsChange>>() {}));
      in.put("answerAmendment", List.of(str, u32, bool));
      in.put("present", List.of(str, u64, i64, new TypeReference<DynamicArray<Document>>() {}));
      in.put("examine", List.of(str, u32, bool, strings));
      in.put("waive", List.of(str, u32, bool));
      in.put("refuse", List.of(str, u32, strings, new TypeReference<Uint8>() {}));
      in.put("acceptDeferred", List.of(str, u32));
      in.put("pay", List.of(str, u32, u64, str));
      in.put("grantBuyerFinancing", List.of(str, u32, u64, u32, i64));
      in.put("repayBuyerFinancing", List.of(str, u32, u64));
      in.put("forfait", List.of(str, u32, u64, u32));
      in.put("negotiate", List.of(str, u32, u64));
      in.put("requestCancellation", List.of(str, str));
      in.put("answerCancellation", List.of(str, bool));
      in.put("expire", List.of(str));
      in.put("close", List.of(str));
      return Map.copyOf(in);
    }

    String selector(String function) {
      String selector = selectors.get(function);
      if (selector == null) {
        throw new IllegalArgumentException("the contract has no function " + function);
      }
      return selector;
    }

    String function(String selector) {
      String function = functions.get(selector.toLowerCase());
      if (function == null) {
        throw new IllegalArgumentException("the contract has no function " + selector);
      }
      return function;
    }

    List<Type<?>> decode(String function, String data) {
      List<TypeReference<?>> types = inputs.get(function);
      if (types == null) {
        throw new IllegalArgumentException(function + " is not a step of an LC");
      }
      return values(FunctionReturnDecoder.decode(data, Utils.convert(types)));
    }
  }

  /**
   * The signature of an ABI item (a function, an event): its name and its inputs' canonical types,
   * tuples spelled out, as selectors and topics hash it.
   */
  public static String signature(JsonNode abiItem) {
    return abiItem.path("name").asText() + canonical(abiItem.path("inputs"));
  }

  /** The canonical ABI form of a parameter list. */
  private static String canonical(JsonNode parameters) {
    List<String> types = new ArrayList<>();
    for (JsonNode p : parameters) {
      String type = p.path("type").asText();
      types.add(
          type.startsWith("tuple")
              ? canonical(p.path("components")) + type.substring("tuple".length())
              : type);
    }
    return "(" + String.join(",", types) + ")";
  }
}
