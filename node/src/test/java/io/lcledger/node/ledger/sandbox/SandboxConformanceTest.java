package io.lcledger.node.ledger.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.lcledger.chaincode.conformance.ConformanceCase;
import io.lcledger.chaincode.conformance.ConformanceSuite;
import io.lcledger.chaincode.conformance.LedgerDriver;
import io.lcledger.chaincode.conformance.Outcome;
import io.lcledger.chaincode.domain.Command;
import io.lcledger.node.SandboxNode;
import io.lcledger.node.ledger.LedgerException;
import io.lcledger.node.ledger.Member;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shared conformance suite through the node's port: each command goes through the sandbox
 * adapter (its table of contract calls, the embedded contract, the commit and its event) exactly as
 * a REST step does.
 */
class SandboxConformanceTest {
  @TempDir Path dir;

  @TestFactory
  Stream<DynamicTest> theSandboxLedgerConforms() {
    return ConformanceSuite.cases().stream()
        .map(c -> DynamicTest.dynamicTest(c.file() + ": " + c.name(), () -> conforms(c)));
  }

  private void conforms(ConformanceCase c) throws IOException {
    Path data = Files.createTempDirectory(dir, "case");
    try (SandboxDriver driver = new SandboxDriver(data)) {
      assertThat(ConformanceSuite.run(c, driver)).isEmpty();
    }
  }

  /** A new sandbox ledger with the suite's calendars, on a clock the suite sets. */
  static final class SandboxDriver implements LedgerDriver, AutoCloseable {
    private final SandboxNode.TestClock clock =
        new SandboxNode.TestClock(Instant.parse("2026-03-02T02:00:00Z"));
    private final SandboxLedger ledger;

    SandboxDriver(Path data) throws IOException {
      ledger = new SandboxLedger(data, clock, ConformanceSuite.calendars());
    }

    @Override
    public void at(Instant time) {
      clock.set(time);
    }

    @Override
    public Outcome submit(String caller, String lcNumber, Command command) {
      Member member = caller.equals("auditor") ? Member.AUDITOR : Member.branch(caller);
      try {
        return Outcome.committed(ledger.submit(member, lcNumber, command).event());
      } catch (LedgerException.Rejected e) {
        return Outcome.refused(e.code());
      } catch (LedgerException.CommitFailed e) {
        return Outcome.refused(e.reason().name());
      }
    }

    @Override
    public void close() throws IOException {
      ledger.close();
    }
  }
}
