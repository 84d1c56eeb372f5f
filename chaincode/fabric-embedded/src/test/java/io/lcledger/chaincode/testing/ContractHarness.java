package io.lcledger.chaincode.testing;

import io.lcledger.chaincode.contract.LedgerKeys;
import io.lcledger.chaincode.domain.LetterOfCredit;
import io.lcledger.chaincode.embedded.ContractInvoker;
import io.lcledger.chaincode.embedded.EmbeddedStub;
import io.lcledger.chaincode.ledger.CanonicalJson;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
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

  public Result submitEndorsedBy(
      Set<String> endorsers, TestIdentity who, String function, String... args) {
    EmbeddedStub tx = ledger.begin(who, now, function, args);
    try {
      String payload = invoke(tx, function, args);
      boolean valid = ledger.commit(tx, endorsers);
      return new Result(payload, null, null, tx, valid);
    } catch (ChaincodeException e) {
      String code = new String(e.getPayload(), StandardCharsets.UTF_8);
      return new Result(null, code, e.getMessage(), tx, false);
    }
  }

  /** Evaluates (a query): nothing is committed. */
  public Result evaluate(TestIdentity who, String function, String... args) {
    EmbeddedStub tx = ledger.begin(who, now, function, args);
    try {
      return new Result(invoke(tx, function, args), null, null, tx, false);
    } catch (ChaincodeException e) {
      String code = new String(e.getPayload(), StandardCharsets.UTF_8);
      return new Result(null, code, e.getMessage(), tx, false);
    }
  }

  private String invoke(EmbeddedStub tx, String function, String... args) {
    return contracts.invoke(tx, function, args);
  }

  /** The outcome of one transaction. */
  public record Result(
      String payload, String errorCode, String message, EmbeddedStub tx, boolean committed) {
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
