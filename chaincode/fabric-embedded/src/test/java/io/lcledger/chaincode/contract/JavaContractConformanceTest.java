package io.lcledger.chaincode.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.lcledger.chaincode.conformance.ConformanceSuite;
import io.lcledger.chaincode.conformance.LedgerDriver;
import io.lcledger.chaincode.conformance.Outcome;
import io.lcledger.chaincode.domain.Command;
import io.lcledger.chaincode.domain.LcEvent;
import io.lcledger.chaincode.ledger.CanonicalJson;
import io.lcledger.chaincode.testing.ContractHarness;
import io.lcledger.chaincode.testing.ContractHarness.Result;
import io.lcledger.chaincode.testing.TestIdentity;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The shared conformance suite against the Java contract on the in-memory stub: its first driver.
 * Each command goes through the same table of contract calls as the node's.
 */
class JavaContractConformanceTest {

  @TestFactory
  Stream<DynamicTest> theJavaContractConforms() {
    return ConformanceSuite.cases().stream()
        .map(
            c ->
                DynamicTest.dynamicTest(
                    c.file() + ": " + c.name(),
                    () -> assertThat(ConformanceSuite.run(c, new JavaContractDriver())).isEmpty()));
  }

  /** A fresh configured network on the in-memory stub, with the suite's calendars. */
  static final class JavaContractDriver implements LedgerDriver {
    private static final Map<String, TestIdentity> CALLERS =
        Map.of(
            "shanghai", ContractHarness.SHANGHAI,
            "yangzhou", ContractHarness.YANGZHOU,
            "forfaiter", ContractHarness.FORFAITER,
            "auditor", ContractHarness.AUDITOR);
    private final ContractHarness harness = ContractHarness.configured();

    JavaContractDriver() {
      for (String calendar : ConformanceSuite.calendars()) {
        harness.submit(ContractHarness.SHANGHAI_ADMIN, "network:setCalendar", calendar).orThrow();
      }
    }

    @Override
    public void at(Instant time) {
      harness.at(time);
    }

    @Override
    public Outcome submit(String caller, String lcNumber, Command command) {
      ContractCalls.Call call = ContractCalls.step(lcNumber, command);
      Result result = harness.submit(CALLERS.get(caller), call);
      if (!result.ok()) {
        return Outcome.refused(result.errorCode());
      }
      if (!result.committed()) {
        return Outcome.refused("ENDORSEMENT_POLICY_FAILURE");
      }
      return Outcome.committed(
          CanonicalJson.read(result.tx().getEvent().getPayload().toStringUtf8(), LcEvent.class));
    }
  }
}
