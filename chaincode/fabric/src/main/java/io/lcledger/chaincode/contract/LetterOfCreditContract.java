package io.lcledger.chaincode.contract;

import io.lcledger.chaincode.domain.Caller;
import io.lcledger.chaincode.domain.Command;
import io.lcledger.chaincode.domain.ErrorCode;
import io.lcledger.chaincode.domain.LcException;
import io.lcledger.chaincode.domain.LcStateMachine;
import io.lcledger.chaincode.domain.LcStatus;
import io.lcledger.chaincode.domain.LcTerms;
import io.lcledger.chaincode.domain.LetterOfCredit;
import io.lcledger.chaincode.domain.Outcome;
import io.lcledger.chaincode.domain.Situation;
import io.lcledger.chaincode.ledger.CanonicalJson;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Default;
import org.hyperledger.fabric.contract.annotation.Info;
import org.hyperledger.fabric.contract.annotation.Transaction;
import org.hyperledger.fabric.shim.ChaincodeStub;

/**
 * The domestic LC contract: one transaction per step of the lifecycle, and the reads. Every step
 * takes the LC number and a JSON request, and returns the LC's {@link PublicLc}; the rules are all
 * in {@link LcStateMachine}. Errors carry {@code CODE: detail} as their message.
 *
 * <p>A step's arguments, its reply and its event go into the block every peer of the channel holds;
 * the terms must not. So a request (and an issue's terms) may come empty as an argument and in the
 * proposal's transient field instead ({@link #REQUEST}, {@link #TERMS}), which endorsers see and
 * blocks do not; the terms go to the collection of the LC's banks ({@link LcLedger}); the event
 * names the LC's banks but not its companies; and the reply is the public half. Whoever took the
 * step reads the LC back from its own peer.
 */
@Contract(name = "lc", info = @Info(title = "Domestic letters of credit", version = "0.1.0"))
@Default
public final class LetterOfCreditContract implements ContractInterface {

  /** Transient field: a step's request as JSON, when its argument is empty. */
  public static final String REQUEST = "request";

  /** Transient field: an issue's terms as JSON, when its argument is empty. */
  public static final String TERMS = "terms";

  /** Transient field: the salt (16 to 64 random bytes) the issuing node seals the terms with. */
  public static final String SALT = "salt";

  /** The most bytes a transient field may hold. */
  static final int TRANSIENT_MAX = 256 * 1024;

  // ---- steps

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String issue(Context ctx, String termsJson) {
    return Transactions.run(
        () -> {
          String json = termsJson.isEmpty() ? transientText(ctx, TERMS) : termsJson;
          LcTerms terms = CanonicalJson.read(json, LcTerms.class);
          return step(ctx, terms.lcNumber(), new Command.Issue(terms));
        });
  }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String advise(Context ctx, String lcNumber) {
    return Transactions.run(() -> step(ctx, lcNumber, new Command.Advise()));
  }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String proposeAmendment(Context ctx, String lcNumber, String requestJson) {
    return submit(ctx, lcNumber, requestJson, Command.ProposeAmendment.class);
  }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String answerAmendment(Context ctx, String lcNumber, String requestJson) {
    return submit(ctx, lcNumber, requestJson, Command.AnswerAmendment.class);
  }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String present(Context ctx, String lcNumber, String requestJson) {
    return submit(ctx, lcNumber, requestJson, Command.Present.class);
  }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String examine(Context ctx, String lcNumber, String requestJson) {
    return submit(ctx, lcNumber, requestJson, Command.Examine.class);
  }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String waive(Context ctx, String lcNumber, String requestJson) {
    return submit(ctx, lcNumber, requestJson, Command.Waive.class);
  }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String refuse(Context ctx, String lcNumber, String requestJson) {
    return submit(ctx, lcNumber, requestJson, Command.Refuse.class);
  }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String acceptDeferred(Context ctx, String lcNumber, String requestJson) {
    return submit(ctx, lcNumber, requestJson, Command.AcceptDeferred.class);
  }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String pay(Context ctx, String lcNumber, String requestJson) {
    return submit(ctx, lcNumber, requestJson, Command.Pay.class);
  }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String grantBuyerFinancing(Context ctx, String lcNumber, String requestJson) {
    return submit(ctx, lcNumber, requestJson, Command.GrantBuyerFinancing.class);
  }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String repayBuyerFinancing(Context ctx, String lcNumber, String requestJson) {
    return submit(ctx, lcNumber, requestJson, Command.RepayBuyerFinancing.class);
  }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String forfait(Context ctx, String lcNumber, String requestJson) {
    return submit(ctx, lcNumber, requestJson, Command.Forfait.class);
  }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String negotiate(Context ctx, String lcNumber, String requestJson) {
    return submit(ctx, lcNumber, requestJson, Command.Negotiate.class);
  }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String requestCancellation(Context ctx, String lcNumber, String requestJson) {
    return submit(ctx, lcNumber, requestJson, Command.RequestCancellation.class);
  }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String answerCancellation(Context ctx, String lcNumber, String requestJson) {
    return submit(ctx, lcNumber, requestJson, Command.AnswerCancellation.class);
  }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String expire(Context ctx, String lcNumber) {
    return Transactions.run(() -> step(ctx, lcNumber, new Command.Expire()));
  }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String close(Context ctx, String lcNumber) {
    return Transactions.run(() -> step(ctx, lcNumber, new Command.Close()));
  }

  // ---- reads

  /** One LC with its presentations and amendments, for its parties and auditors only. */
  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String getLc(Context ctx, String lcNumber) {
    return Transactions.run(() -> CanonicalJson.string(readable(ctx, lcNumber)));
  }

  /**
   * The organisations whose endorsement a change of the LC needs (its key-level policy), for any
   * member of the network: a client sends a step to exactly those peers, which hold the terms, and
   * to no other. What a block already tells every member, and nothing more.
   */
  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String getLcEndorsers(Context ctx, String lcNumber) {
    return Transactions.run(
        () -> {
          LcLedger ledger = new LcLedger(ctx.getStub());
          Caller caller = Callers.resolve(ctx, requireConfig(ledger));
          LcException.require(
              caller.isBranch() || caller.auditor(),
              ErrorCode.NOT_AUTHORIZED,
              "not a network member");
          return CanonicalJson.string(ledger.endorsersOf(lcNumber));
        });
  }

  /** The LC's versions from its key's history, oldest first. */
  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String getLcHistory(Context ctx, String lcNumber) {
    return Transactions.run(
        () -> {
          readable(ctx, lcNumber);
          return CanonicalJson.string(new LcLedger(ctx.getStub()).history(lcNumber));
        });
  }

  /**
   * A page of the LCs of {@code party} (a branch, or a company's USCC), optionally of one status. A
   * branch may list its own LCs; an auditor any party's. {@code bookmark} is empty for the first
   * page; the answer's bookmark is empty after the last.
   */
  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String listLcsByParty(
      Context ctx, String party, String status, String pageSize, String bookmark) {
    return Transactions.run(
        () -> {
          LcLedger ledger = new LcLedger(ctx.getStub());
          NetworkConfig config = requireConfig(ledger);
          Caller caller = Callers.resolve(ctx, config);
          boolean own = caller.isBranch() && caller.branch().equals(party);
          LcException.require(
              own || caller.auditor(), ErrorCode.NOT_AUTHORIZED, "a branch lists its own LCs only");
          if (party != null && !party.isBlank() && !config.branches().containsKey(party)) {
            // a company: its index sits with the terms, in the collections
            LcStatus parsed = status(status);
            return CanonicalJson.string(
                ledger.companyPage(
                    config,
                    party,
                    parsed == null ? null : parsed.name(),
                    pageSize(pageSize),
                    bookmark));
          }
          return page(ctx, ledger, LedgerKeys.BY_PARTY, party, status, pageSize, bookmark);
        });
  }

  /** A page of the LCs in one status: the caller's own, or every one for an auditor. */
  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String listLcsByStatus(Context ctx, String status, String pageSize, String bookmark) {
    return Transactions.run(
        () -> {
          LcLedger ledger = new LcLedger(ctx.getStub());
          Caller caller = Callers.resolve(ctx, requireConfig(ledger));
          LcStatus parsed = status(status);
          LcException.require(parsed != null, ErrorCode.INVALID_REQUEST, "status is required");
          if (caller.auditor()) {
            return page(ctx, ledger, LedgerKeys.BY_STATUS, null, status, pageSize, bookmark);
          }
          LcException.require(caller.isBranch(), ErrorCode.NOT_AUTHORIZED, "not a network member");
          return page(
              ctx, ledger, LedgerKeys.BY_PARTY, caller.branch(), status, pageSize, bookmark);
        });
  }

  // ---- shared

  private <C extends Command> String submit(
      Context ctx, String lcNumber, String requestJson, Class<C> type) {
    return Transactions.run(
        () -> {
          String json = requestJson.isEmpty() ? transientText(ctx, REQUEST) : requestJson;
          return step(ctx, lcNumber, CanonicalJson.read(json, type));
        });
  }

  private String step(Context ctx, String lcNumber, Command command) {
    ChaincodeStub stub = ctx.getStub();
    LcLedger ledger = new LcLedger(stub);
    NetworkConfig config = requireConfig(ledger);
    Caller caller = Callers.resolve(ctx, config);
    boolean issuing = command instanceof Command.Issue;
    LcLedger.Found found;
    try {
      found = ledger.find(lcNumber, caller);
    } catch (LcException e) {
      if (issuing && (e.code() == ErrorCode.LC_UNREADABLE || e.code() == ErrorCode.LC_NOT_FOUND)) {
        // stored but unreadable: the number is taken all the same
        throw new LcException(ErrorCode.DUPLICATE_LC_NUMBER, "LC " + lcNumber + " exists");
      }
      throw e;
    }
    if (found == null && !issuing) {
      throw LcLedger.notFound(lcNumber);
    }
    LcLedger.Sealed before = found == null ? null : ledger.open(found);
    Situation<Command> situation =
        new Situation<>(
            before == null ? null : before.lc(),
            command,
            caller,
            stub.getTxTimestamp(),
            stub.getTxId(),
            ledger.calendar(),
            config.branches().keySet());
    Outcome outcome = LcStateMachine.apply(situation);
    LetterOfCredit after = outcome.lc();
    String salt = before != null ? before.salt() : salt(ctx);
    PublicLc summary = ledger.saveLc(found, before == null ? null : before.lc(), after, salt);
    if (issuing) {
      ledger.requireEndorsementOf(
          after.lcNumber(),
          config.mspOf(after.issuingBranch()),
          config.mspOf(after.advisingBranch()));
    }
    // the event goes into the block: it names the banks, never the companies
    ledger.emit(outcome.event().withoutCompanies());
    return CanonicalJson.string(summary);
  }

  private LetterOfCredit readable(Context ctx, String lcNumber) {
    LcLedger ledger = new LcLedger(ctx.getStub());
    Caller caller = Callers.resolve(ctx, requireConfig(ledger));
    LcLedger.Found found = ledger.find(lcNumber, caller);
    // a non-party learns nothing, not even whether this peer holds the terms
    if (found == null
        || !(caller.auditor()
            || (caller.isBranch() && found.branches().contains(caller.branch())))) {
      throw LcLedger.notFound(lcNumber);
    }
    LetterOfCredit lc = ledger.open(found).lc();
    if (!lc.visibleTo(caller)) {
      throw LcLedger.notFound(lcNumber);
    }
    return lc;
  }

  /** A transient field as text, bounded before it is decoded. */
  private static String transientText(Context ctx, String field) {
    byte[] bytes = ctx.getStub().getTransient().get(field);
    LcException.require(
        bytes != null && bytes.length > 0,
        ErrorCode.INVALID_REQUEST,
        "the request is required, as the argument or in the transient field " + field);
    LcException.require(
        bytes.length <= TRANSIENT_MAX,
        ErrorCode.LIMIT_EXCEEDED,
        "the transient field " + field + " holds more than " + TRANSIENT_MAX + " bytes");
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /**
   * The salt the issuing node sent, as hex; none (an empty salt) from a caller that sent none,
   * whose terms' hash can then be checked by whoever guesses the terms.
   */
  private static String salt(Context ctx) {
    byte[] salt = ctx.getStub().getTransient().get(SALT);
    if (salt == null) {
      return "";
    }
    LcException.require(
        salt.length >= 16 && salt.length <= 64,
        ErrorCode.INVALID_REQUEST,
        "the salt is 16 to 64 bytes");
    return HexFormat.of().formatHex(salt);
  }

  private static String page(
      Context ctx,
      LcLedger ledger,
      String index,
      String party,
      String status,
      String pageSize,
      String bookmark) {
    LcStatus parsed = status(status);
    List<String> attributes = new ArrayList<>();
    if (party != null) {
      LcException.require(!party.isBlank(), ErrorCode.INVALID_REQUEST, "party is required");
      attributes.add(party);
    }
    if (parsed != null) {
      attributes.add(parsed.name());
    }
    var prefix = ctx.getStub().createCompositeKey(index, attributes.toArray(String[]::new));
    return CanonicalJson.string(ledger.page(prefix, pageSize(pageSize), bookmark));
  }

  private static LcStatus status(String status) {
    if (status == null || status.isBlank()) {
      return null;
    }
    try {
      return LcStatus.valueOf(status);
    } catch (IllegalArgumentException e) {
      throw new LcException(ErrorCode.INVALID_REQUEST, "no such status: " + status);
    }
  }

  private static int pageSize(String text) {
    try {
      return text == null || text.isBlank() ? 20 : Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      throw new LcException(ErrorCode.INVALID_REQUEST, "pageSize must be a number");
    }
  }

  static NetworkConfig requireConfig(LcLedger ledger) {
    NetworkConfig config = ledger.config();
    if (config == null) {
      throw new LcException(
          ErrorCode.NETWORK_NOT_CONFIGURED,
          "the network admin has not mapped MSPs to branches yet");
    }
    return config;
  }
}
