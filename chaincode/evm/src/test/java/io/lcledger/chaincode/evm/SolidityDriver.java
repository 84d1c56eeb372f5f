package io.lcledger.chaincode.evm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lcledger.chaincode.conformance.ConformanceSuite;
import io.lcledger.chaincode.conformance.LedgerDriver;
import io.lcledger.chaincode.conformance.Outcome;
import io.lcledger.chaincode.domain.Command;
import io.lcledger.chaincode.domain.DocumentRef;
import io.lcledger.chaincode.domain.DocumentType;
import io.lcledger.chaincode.domain.LcException;
import io.lcledger.chaincode.domain.LcStateMachine;
import io.lcledger.chaincode.domain.LcStatus;
import io.lcledger.chaincode.domain.LcTerms;
import io.lcledger.chaincode.domain.Money;
import io.lcledger.chaincode.domain.Party;
import io.lcledger.chaincode.domain.PaymentTerms;
import io.lcledger.chaincode.domain.RequiredDocument;
import io.lcledger.chaincode.domain.Step;
import io.lcledger.chaincode.domain.Subject;
import io.lcledger.chaincode.domain.YearCalendar;
import io.lcledger.chaincode.ledger.CanonicalJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ObjLongConsumer;
import java.util.regex.Pattern;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.Utils;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.DynamicStruct;
import org.web3j.abi.datatypes.StaticStruct;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Int64;
import org.web3j.abi.datatypes.generated.Uint16;
import org.web3j.abi.datatypes.generated.Uint32;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * The Solidity contract as the conformance suite drives it: each case on a fresh deployment of
 * {@code LetterOfCreditAtTime} on a real chain, with the suite's branches, auditor and calendars.
 * Each domain command becomes the contract call a node would make, in the contract's encodings
 * (fen, day numbers, millionths of a percent); a value the encoding cannot hold is sent as one the
 * contract refuses at the very check, with the very code, that refuses it in Java.
 *
 * <p>A step is first called ({@code eth_call}), for a refusal's code: a mined transaction that
 * reverted carries no revert data. Only a step the call accepts is sent, and its outcome read from
 * its event; one that then reverts anyway fails the run.
 */
final class SolidityDriver implements LedgerDriver {
  static final String CONTRACT = "LetterOfCreditAtTime";
  static final List<String> BRANCHES = List.of("shanghai", "yangzhou", "forfaiter");
  static final String AUDITOR = "auditor";

  /** An absent optional number or date (the contract's NONE). */
  static final long NONE = Long.MIN_VALUE;

  /** An absent enum value: past every enum's last. */
  static final int ABSENT = 255;

  /**
   * A rate above 100 %: what a rate Java refuses (negative, over 100, over 6 places) is sent as.
   */
  static final long NOT_A_RATE = 0xFFFF_FFFFL;

  /**
   * A nominated branch named as the empty string: the contract reads an empty name as none, while
   * Java refuses it as an unknown branch; no branch can be called " ", so it is refused alike.
   */
  static final String EMPTY_BRANCH_NAME = " ";

  private static final Pattern HEX_256 = Pattern.compile("[0-9a-f]{64}");
  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
  private static final String REFUSED = Hash.sha3String("Refused(string)").substring(0, 10);

  /** TermsChange.Field, in its order: a changed field is sent as its ordinal. */
  private static final List<String> AMENDABLE_FIELDS =
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

  private final GethChain chain;
  private final Compiled compiled;
  private final ObjLongConsumer<Step> gasUsed;
  private final String address;
  private Instant time;
  private Instant timeSet;

  /** Deploys a fresh contract and sets up the suite's network on it. */
  SolidityDriver(GethChain chain, Compiled compiled, ObjLongConsumer<Step> gasUsed)
      throws Exception {
    this.chain = chain;
    this.compiled = compiled;
    this.gasUsed = gasUsed;
    Credentials admin = chain.account("admin");
    this.address = chain.deploy(admin, compiled.binary(), "");
    for (String branch : BRANCHES) {
      admin("registerBranch", str(branch), new Address(chain.account(branch).getAddress()));
    }
    admin("registerAuditor", new Address(chain.account(AUDITOR).getAddress()));
    for (String json : ConformanceSuite.calendars()) {
      YearCalendar calendar = CanonicalJson.read(json, YearCalendar.class);
      admin(
          "setCalendar",
          new Uint16(calendar.year()),
          days(calendar.holidays()),
          days(calendar.workingDays()));
    }
  }

  @Override
  public void at(Instant time) {
    this.time = Objects.requireNonNull(time, "time");
  }

  @Override
  public Outcome submit(String caller, String lcNumber, Command command) {
    try {
      String data = encode(lcNumber, command);
      if (!time.equals(timeSet)) {
        admin("setTime", new Uint64(time.getEpochSecond()));
        timeSet = time;
      }
      Credentials from = chain.account(caller);
      GethChain.Call call = chain.call(from, address, data);
      if (call.reverted()) {
        return Outcome.refused(refusalCode(call.revertData()));
      }
      TransactionReceipt receipt = mined(chain.send(from, address, data));
      if (!receipt.isStatusOK()) {
        throw new IllegalStateException(
            command + " by " + caller + " passed eth_call but reverted mined: " + receipt);
      }
      Outcome outcome = outcome(receipt);
      gasUsed.accept(step(outcome.event(), lcNumber), receipt.getGasUsed().longValueExact());
      return outcome;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (Exception e) {
      throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
    }
  }

  // ---- commands as contract calls

  private String encode(String lcNumber, Command command) {
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

  private String call(String function, Type<?>... args) {
    return FunctionEncoder.encode(compiled.selector(function), List.of(args));
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
    return new DynamicArray<>(Str.class, nonNull(items).stream().map(SolidityDriver::str).toList());
  }

  private static DynamicArray<Uint32> days(List<LocalDate> days) {
    return new DynamicArray<>(
        Uint32.class, days.stream().map(d -> new Uint32(d.toEpochDay())).toList());
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

  private static Str str(String text) {
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
  static final class Str extends DynamicBytes {
    Str(byte[] utf8) {
      super(utf8);
    }

    @Override
    public String getTypeAsString() {
      return "string";
    }
  }

  // ---- what came of it

  private static String refusalCode(String revertData) {
    if (revertData == null || !revertData.startsWith(REFUSED)) {
      throw new IllegalStateException("reverted without a Refused(code): " + revertData);
    }
    // Refused(string code): the selector, then the code as the call's one (string) value
    return FunctionReturnDecoder.decode(
            "0x" + revertData.substring(10),
            Utils.convert(List.of(new TypeReference<Utf8String>() {})))
        .get(0)
        .getValue()
        .toString();
  }

  /** The outcome its one step event tells: the event, the status of what it acted on, the LC's. */
  private Outcome outcome(TransactionReceipt receipt) {
    Outcome outcome = null;
    for (Log log : receipt.getLogs()) {
      String event =
          log.getAddress().equalsIgnoreCase(address) && !log.getTopics().isEmpty()
              ? compiled.stepEvent(log.getTopics().get(0))
              : null;
      if (event == null) {
        continue;
      }
      if (outcome != null) {
        throw new IllegalStateException("two step events in " + receipt.getTransactionHash());
      }
      // every step event's data starts alike: lcNumber (offset), subjectNo, status, lcStatus
      String data = Numeric.cleanHexPrefix(log.getData());
      int status = word(data, 2).intValueExact();
      int lcStatus = word(data, 3).intValueExact();
      outcome =
          new Outcome(
              event,
              Compiled.subjectOf(event).states().get(status).name(),
              LcStatus.values()[lcStatus].name(),
              null);
    }
    if (outcome == null) {
      throw new IllegalStateException("no step event in " + receipt.getTransactionHash());
    }
    return outcome;
  }

  /** The step an event came of; PaymentMade is either payment, by the LC's payment type. */
  private Step step(String event, String lcNumber) throws IOException {
    List<Step> steps = Compiled.stepsOf(event);
    if (steps.size() == 1) {
      return steps.get(0);
    }
    GethChain.Call lc = chain.call(chain.account("admin"), address, call("getLc", str(lcNumber)));
    // getLc answers the Lc tuple, all static: its fifth word is the payment type
    boolean deferred = word(Numeric.cleanHexPrefix(lc.result()), 4).intValueExact() == 1;
    return deferred ? Step.PAY_AT_MATURITY : Step.PAY_AT_SIGHT;
  }

  private static BigInteger word(String hex, int index) {
    return new BigInteger(hex.substring(64 * index, 64 * (index + 1)), 16);
  }

  private void admin(String function, Type<?>... args) {
    try {
      TransactionReceipt receipt =
          mined(chain.send(chain.account("admin"), address, call(function, args)));
      if (!receipt.isStatusOK()) {
        throw new IllegalStateException(function + " reverted: " + receipt);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (Exception e) {
      throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
    }
  }

  /**
   * Waits until the chain's head has the receipt's block: geth may answer a receipt a moment before
   * an {@code eth_call} at the latest block sees its state, and the next step's call must.
   */
  private TransactionReceipt mined(TransactionReceipt receipt) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (chain
            .web3j()
            .ethBlockNumber()
            .send()
            .getBlockNumber()
            .compareTo(receipt.getBlockNumber())
        < 0) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the head never reached block " + receipt.getBlockNumber());
      }
      Thread.sleep(2);
    }
    return receipt;
  }

  /**
   * The contract as the build compiled it, with its library deployed once and linked in: its
   * functions' selectors and its step events, from its ABI.
   */
  record Compiled(String binary, Map<String, String> selectors, Map<String, String> stepEvents) {

    /** Deploys the libraries {@code CONTRACT} calls and links them into its binary. */
    static Compiled deploy(GethChain chain, Path directory) throws Exception {
      ObjectMapper json = new ObjectMapper();
      String binary = Files.readString(directory.resolve(CONTRACT + ".bin")).strip();
      Path links = directory.resolve(CONTRACT + ".links");
      if (Files.exists(links)) {
        for (Map.Entry<String, JsonNode> link : json.readTree(links.toFile()).properties()) {
          String library = chain.deployCompiled(chain.account("admin"), directory, link.getKey());
          binary =
              binary.replace(
                  link.getValue().asText(), Numeric.cleanHexPrefix(library).toLowerCase());
        }
      }
      Map<String, String> selectors = new HashMap<>();
      Map<String, String> stepEvents = new HashMap<>();
      for (JsonNode item : json.readTree(directory.resolve(CONTRACT + ".abi").toFile())) {
        String name = item.path("name").asText();
        String signature = name + canonical(item.path("inputs"));
        switch (item.path("type").asText()) {
          case "function" -> selectors.put(name, Hash.sha3String(signature).substring(0, 10));
          case "event" -> {
            if (!stepsOf(name).isEmpty()) {
              stepEvents.put(Hash.sha3String(signature), name);
            }
          }
          default -> {
            // the constructor, errors
          }
        }
      }
      return new Compiled(binary, Map.copyOf(selectors), Map.copyOf(stepEvents));
    }

    String selector(String function) {
      String selector = selectors.get(function);
      if (selector == null) {
        throw new IllegalArgumentException("the contract has no function " + function);
      }
      return selector;
    }

    /** The step event a log's first topic names, or null. */
    String stepEvent(String topic) {
      return stepEvents.get(topic.toLowerCase());
    }

    /** The steps of the Java table that emit {@code event}. */
    static List<Step> stepsOf(String event) {
      List<Step> steps = new ArrayList<>();
      for (Step step : Step.values()) {
        if (LcStateMachine.rule(step).event().equals(event)) {
          steps.add(step);
        }
      }
      return steps;
    }

    /** What the steps emitting {@code event} act on first, whose status the event carries. */
    static Subject subjectOf(String event) {
      return LcStateMachine.rule(stepsOf(event).get(0)).targets().get(0).subject();
    }

    /** The canonical ABI form of a parameter list: tuples spelled out, as signatures need. */
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
}
