package io.lcledger.chaincode.contract;

import io.lcledger.chaincode.domain.Command;
import io.lcledger.chaincode.domain.ErrorCode;
import io.lcledger.chaincode.domain.LcException;
import io.lcledger.chaincode.domain.LcStatus;
import io.lcledger.chaincode.domain.Limits;
import io.lcledger.chaincode.ledger.CanonicalJson;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How a client calls this contract ({@link LetterOfCreditContract} and {@link NetworkContract}):
 * for each command, its transaction and the form of its arguments, as one table, and the reads. The
 * node's ledger families that run this contract (the sandbox, in process; Fabric, through the
 * Gateway) and the conformance driver share it; {@code ContractCallsTest} holds it against the
 * contract's {@code @Transaction} methods.
 */
public final class ContractCalls {
  private ContractCalls() {}

  /**
   * One contract transaction with its arguments, and its transient fields: what the endorsing peers
   * see but no block keeps (a step's request, an issue's terms and salt).
   */
  public record Call(String function, List<String> args, Map<String, byte[]> transientData) {
    public Call {
      args = List.copyOf(args);
      transientData = Map.copyOf(transientData);
    }

    public Call(String function, List<String> args) {
      this(function, args, Map.of());
    }

    public String[] argArray() {
      return args.toArray(String[]::new);
    }
  }

  /** What a step's transaction takes after the function name. */
  enum Args {
    /** The terms as JSON (the number is in them). */
    TERMS,
    /** The LC number alone. */
    NUMBER,
    /** The LC number and the command as JSON. */
    NUMBER_AND_REQUEST
  }

  /** Every command's transaction. */
  static final Map<Class<? extends Command>, Row> STEPS =
      Map.ofEntries(
          row(Command.Issue.class, "issue", Args.TERMS),
          row(Command.Advise.class, "advise", Args.NUMBER),
          row(Command.ProposeAmendment.class, "proposeAmendment", Args.NUMBER_AND_REQUEST),
          row(Command.AnswerAmendment.class, "answerAmendment", Args.NUMBER_AND_REQUEST),
          row(Command.Present.class, "present", Args.NUMBER_AND_REQUEST),
          row(Command.Examine.class, "examine", Args.NUMBER_AND_REQUEST),
          row(Command.Waive.class, "waive", Args.NUMBER_AND_REQUEST),
          row(Command.Refuse.class, "refuse", Args.NUMBER_AND_REQUEST),
          row(Command.AcceptDeferred.class, "acceptDeferred", Args.NUMBER_AND_REQUEST),
          row(Command.Pay.class, "pay", Args.NUMBER_AND_REQUEST),
          row(Command.GrantBuyerFinancing.class, "grantBuyerFinancing", Args.NUMBER_AND_REQUEST),
          row(Command.RepayBuyerFinancing.class, "repayBuyerFinancing", Args.NUMBER_AND_REQUEST),
          row(Command.Forfait.class, "forfait", Args.NUMBER_AND_REQUEST),
          row(Command.Negotiate.class, "negotiate", Args.NUMBER_AND_REQUEST),
          row(Command.RequestCancellation.class, "requestCancellation", Args.NUMBER_AND_REQUEST),
          row(Command.AnswerCancellation.class, "answerCancellation", Args.NUMBER_AND_REQUEST),
          row(Command.Expire.class, "expire", Args.NUMBER),
          row(Command.Close.class, "close", Args.NUMBER));

  record Row(String function, Args args) {}

  /** The names of the step transactions. */
  public static Set<String> stepFunctions() {
    return STEPS.values().stream().map(Row::function).collect(Collectors.toUnmodifiableSet());
  }

  private static Map.Entry<Class<? extends Command>, Row> row(
      Class<? extends Command> type, String function, Args args) {
    return Map.entry(type, new Row(function, args));
  }

  // the reads, with the number of arguments each takes
  static final String GET_LC = "getLc";
  static final String GET_HISTORY = "getLcHistory";
  static final String LIST_BY_PARTY = "listLcsByParty";
  static final String LIST_BY_STATUS = "listLcsByStatus";
  static final String GET_CALENDAR = "network:getCalendar";
  static final String GET_CONFIG = "network:getConfig";
  static final String GET_ENDORSERS = "getLcEndorsers";

  /** Reads and the arguments they take, for the test against the contract. */
  static final Map<String, Integer> READS =
      Map.of(
          GET_LC,
          1,
          GET_HISTORY,
          1,
          LIST_BY_PARTY,
          4,
          LIST_BY_STATUS,
          3,
          GET_CALENDAR,
          1,
          GET_CONFIG,
          0,
          GET_ENDORSERS,
          1);

  /**
   * The transaction that takes {@code command} on LC {@code lcNumber}: the request travels in the
   * transient field, never in the arguments a block keeps; an issue carries a fresh random salt.
   */
  public static Call step(String lcNumber, Command command) {
    Row row = STEPS.get(command.getClass());
    Limits.lcNumber(lcNumber);
    return switch (row.args()) {
      case TERMS -> {
        Command.Issue issue = (Command.Issue) command;
        LcException.require(
            issue.terms() != null && lcNumber.equals(issue.terms().lcNumber()),
            ErrorCode.INVALID_REQUEST,
            "the LC number is the one in the terms");
        byte[] salt = new byte[32];
        RANDOM.nextBytes(salt);
        yield new Call(
            row.function(),
            List.of(""),
            Map.of(
                LetterOfCreditContract.TERMS,
                utf8(CanonicalJson.string(issue.terms())),
                LetterOfCreditContract.SALT,
                salt));
      }
      case NUMBER -> new Call(row.function(), List.of(lcNumber));
      case NUMBER_AND_REQUEST ->
          new Call(
              row.function(),
              List.of(lcNumber, ""),
              Map.of(LetterOfCreditContract.REQUEST, utf8(CanonicalJson.string(command))));
    };
  }

  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * A request's bytes, refusing text that has no UTF-8 form (a lone surrogate) rather than letting
   * the encoder put a '?' in its place, which the rules would then accept.
   */
  private static byte[] utf8(String json) {
    try {
      var buffer =
          StandardCharsets.UTF_8
              .newEncoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .encode(CharBuffer.wrap(json));
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      return bytes;
    } catch (CharacterCodingException e) {
      throw new LcException(ErrorCode.INVALID_TEXT, "a text that is not valid Unicode");
    }
  }

  public static Call find(String lcNumber) {
    return new Call(GET_LC, List.of(lcNumber));
  }

  public static Call history(String lcNumber) {
    return new Call(GET_HISTORY, List.of(lcNumber));
  }

  /** The organisations whose peers must endorse a change of LC {@code lcNumber}. */
  public static Call endorsers(String lcNumber) {
    return new Call(GET_ENDORSERS, List.of(lcNumber));
  }

  /** The network's configuration: which MSP is which branch. */
  public static Call config() {
    return new Call(GET_CONFIG, List.of());
  }

  public static Call calendar(int year) {
    return new Call(GET_CALENDAR, List.of(Integer.toString(year)));
  }

  /** A page of the LCs of {@code party}, optionally of one status (null for any). */
  public static Call listByParty(String party, LcStatus status, int pageSize, String bookmark) {
    String filter = status == null ? "" : status.name();
    return new Call(
        LIST_BY_PARTY, List.of(party, filter, Integer.toString(pageSize), nonNull(bookmark)));
  }

  /** A page of the LCs in one status: every one for an auditor, a branch's own otherwise. */
  public static Call listByStatus(LcStatus status, int pageSize, String bookmark) {
    return new Call(
        LIST_BY_STATUS, List.of(status.name(), Integer.toString(pageSize), nonNull(bookmark)));
  }

  private static String nonNull(String bookmark) {
    return bookmark == null ? "" : bookmark;
  }
}
