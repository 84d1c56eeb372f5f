package io.lcledger.chaincode.testing;

import io.lcledger.chaincode.contract.ContractCalls;
import io.lcledger.chaincode.contract.LedgerKeys;
import io.lcledger.chaincode.contract.PublicLc;
import io.lcledger.chaincode.domain.LetterOfCredit;
import io.lcledger.chaincode.embedded.ContractInvoker;
import io.lcledger.chaincode.embedded.EmbeddedStub;
import io.lcledger.chaincode.ledger.CanonicalJson;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.hyperledger.fabric.shim.ledger.CompositeKey;

/**
 * Runs the contracts' transactions against an {@link InMemoryLedger} the way a peer would: a new
 * context per transaction, the creator's identity from its certificate, the transaction's own
 * timestamp, and commit only of what a successful transaction wrote.
 */
public final class ContractHarness {
  public static final TestIdentity SHANGHAI = TestIdentity.client("ShanghaiMSP", "User1@shanghai");
  public static final TestIdentity YANGZHOU = TestIdentity.client("YangzhouMSP", "User1@yangzhou");
  public static final TestIdentity FORFAITER =
      TestIdentity.client("ForfaiterMSP", "User1@forfaiter");
  public static final TestIdentity AUDITOR = TestIdentity.client("AuditorMSP", "Auditor1@audit");
  public static final TestIdentity OUTSIDER = TestIdentity.client("OutsiderMSP", "User1@outsider");
  public static final TestIdentity SHANGHAI_ADMIN = TestIdentity.admin("ShanghaiMSP");
  public static final Set<String> ALL_BANKS = Set.of("ShanghaiMSP", "YangzhouMSP", "ForfaiterMSP");

  public static final String NETWORK_CONFIG =
      """
      {"branches":{"shanghai":"ShanghaiMSP","yangzhou":"YangzhouMSP","forfaiter":"ForfaiterMSP"},
       "auditorMspIds":["AuditorMSP"],"adminMspIds":["ShanghaiMSP","YangzhouMSP","ForfaiterMSP"]}""";

  private final InMemoryLedger ledger = new InMemoryLedger();
  private final ContractInvoker contracts = new ContractInvoker();
  private Instant now = Instant.parse("2026-03-02T02:00:00Z");

  /** A ledger whose network is configured with the three branches and an auditor MSP. */
  public static ContractHarness configured() {
    ContractHarness harness = new ContractHarness();
    harness.submit(SHANGHAI_ADMIN, "network:configure", NETWORK_CONFIG).orThrow();
    return harness;
  }

  public InMemoryLedger ledger() {
    return ledger;
  }

  public Instant now() {
    return now;
  }

  public ContractHarness at(Instant time) {
    this.now = time;
    return this;
  }

  public ContractHarness at(String isoInstant) {
    return at(Instant.parse(isoInstant));
  }

  /**
   * Puts {@code lc} into committed state as it stands, in any state, before the step under test.
   */
  public ContractHarness seed(LetterOfCredit lc) {
    ledger.seed(
        new CompositeKey(LedgerKeys.LC, lc.lcNumber()).toString(),
        CanonicalJson.bytes(lc),
        "seed",
        now);
    return this;
  }

  /** Submits as a real client would: endorsed by every bank, then committed if it succeeded. */
  public Result submit(TestIdentity who, String function, String... args) {
    return submitEndorsedBy(ALL_BANKS, who, function, args);
  }

  /** Submits a call as the node makes it, with its transient fields. */
  public Result submit(TestIdentity who, ContractCalls.Call call) {
    return submitEndorsedBy(ALL_BANKS, who, call.transientData(), call.function(), call.argArray());
  }

  public Result submitEndorsedBy(
      Set<String> endorsers, TestIdentity who, String function, String... args) {
    return submitEndorsedBy(endorsers, who, Map.of(), function, args);
  }

  /**
   * Submits, then, for a step that committed, reads the LC back as the auditor, as a node reads it
   * from its peer: the step's own reply is only the LC's public half ({@link Result#reply}).
   */
  private Result submitEndorsedBy(
      Set<String> endorsers,
      TestIdentity who,
      Map<String, byte[]> transientData,
      String function,
      String... args) {
    EmbeddedStub tx = ledger.begin(who, now, transientData, function, args);
    try {
      String reply = invoke(tx, function, args);
      boolean valid = ledger.commit(tx, endorsers);
      String payload = reply;
      if (valid && STEPS.contains(function)) {
        String lcNumber = CanonicalJson.read(reply, PublicLc.class).lcNumber();
        payload = evaluate(AUDITOR, "getLc", lcNumber).orThrow().payload();
      }
      return new Result(payload, null, null, tx, valid, reply);
    } catch (ChaincodeException e) {
      String code = new String(e.getPayload(), StandardCharsets.UTF_8);
      return new Result(null, code, e.getMessage(), tx, false, null);
    }
  }

  private static final Set<String> STEPS = ContractCalls.stepFunctions();

  /** Evaluates (a query): nothing is committed. */
  public Result evaluate(TestIdentity who, String function, String... args) {
    EmbeddedStub tx = ledger.begin(who, now, Map.of(), function, args);
    try {
      String reply = invoke(tx, function, args);
      return new Result(reply, null, null, tx, false, reply);
    } catch (ChaincodeException e) {
      String code = new String(e.getPayload(), StandardCharsets.UTF_8);
      return new Result(null, code, e.getMessage(), tx, false, null);
    }
  }

  private String invoke(EmbeddedStub tx, String function, String... args) {
    return contracts.invoke(tx, function, args);
  }

  /**
   * The outcome of one transaction: for a committed step, {@code payload} is the LC read back and
   * {@code reply} what the transaction itself answered (its public half); for anything else both
   * are the answer.
   */
  public record Result(
      String payload,
      String errorCode,
      String message,
      EmbeddedStub tx,
      boolean committed,
      String reply) {
    public boolean ok() {
      return errorCode == null;
    }

    public Result orThrow() {
      if (!ok()) {
        throw new AssertionError("transaction failed: " + message);
      }
      return this;
    }

    /** Nothing at all was written: no state, no key-level policy, no event. */
    public boolean wroteNothing() {
      return tx.writes().isEmpty()
          && tx.validationParameterWrites().isEmpty()
          && tx.getEvent() == null;
    }
  }
}
