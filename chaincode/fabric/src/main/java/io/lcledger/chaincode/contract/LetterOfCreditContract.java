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
import java.util.ArrayList;
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
 * takes the LC number and a JSON request, and returns the LC's new version as canonical JSON; the
 * rules are all in {@link LcStateMachine}. Errors carry {@code CODE: detail} as their message.
 */
@Contract(name = "lc", info = @Info(title = "Domestic letters of credit", version = "0.1.0"))
@Default
public final class LetterOfCreditContract implements ContractInterface {

  // ---- steps

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String issue(Context ctx, String termsJson) {
    return Transactions.run(
        () -> {
          LcTerms terms = CanonicalJson.read(termsJson, LcTerms.class);
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
          Caller caller = Callers.resolve(ctx, requireConfig(ledger));
          boolean own = caller.isBranch() && caller.branch().equals(party);
          LcException.require(
              own || caller.auditor(), ErrorCode.NOT_AUTHORIZED, "a branch lists its own LCs only");
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
    return Transactions.run(() -> step(ctx, lcNumber, CanonicalJson.read(requestJson, type)));
  }

  private String step(Context ctx, String lcNumber, Command command) {
    ChaincodeStub stub = ctx.getStub();
    LcLedger ledger = new LcLedger(stub);
    NetworkConfig config = requireConfig(ledger);
    Caller caller = Callers.resolve(ctx, config);
    boolean issuing = command instanceof Command.Issue;
    LetterOfCredit before;
    if (issuing) {
      try {
        before = ledger.findLc(lcNumber, caller);
      } catch (LcException e) {
        if (e.code() != ErrorCode.LC_UNREADABLE && e.code() != ErrorCode.LC_NOT_FOUND) {
          throw e;
        }
        // stored but unreadable: the number is taken all the same
        throw new LcException(ErrorCode.DUPLICATE_LC_NUMBER, "LC " + lcNumber + " exists");
      }
    } else {
      before = ledger.requireLc(lcNumber, caller);
    }
    Situation<Command> situation =
        new Situation<>(
            before,
            command,
            caller,
            stub.getTxTimestamp(),
            stub.getTxId(),
            ledger.calendar(),
            config.branches().keySet());
    Outcome outcome = LcStateMachine.apply(situation);
    LetterOfCredit after = outcome.lc();
    ledger.saveLc(before, after);
    if (issuing) {
      ledger.requireEndorsementOf(
          after.lcNumber(),
          config.mspOf(after.issuingBranch()),
          config.mspOf(after.advisingBranch()));
    }
    ledger.emit(outcome.event());
    return CanonicalJson.string(after);
  }

  private LetterOfCredit readable(Context ctx, String lcNumber) {
    LcLedger ledger = new LcLedger(ctx.getStub());
    Caller caller = Callers.resolve(ctx, requireConfig(ledger));
    LetterOfCredit lc = ledger.findLc(lcNumber, caller);
    if (lc == null || !lc.visibleTo(caller)) {
      throw LcLedger.notFound(lcNumber);
    }
    return lc;
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
