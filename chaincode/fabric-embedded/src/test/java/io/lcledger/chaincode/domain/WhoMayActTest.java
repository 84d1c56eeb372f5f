package io.lcledger.chaincode.domain;

import static io.lcledger.chaincode.testing.ContractHarness.AUDITOR;
import static io.lcledger.chaincode.testing.ContractHarness.FORFAITER;
import static io.lcledger.chaincode.testing.ContractHarness.OUTSIDER;
import static io.lcledger.chaincode.testing.ContractHarness.SHANGHAI;
import static io.lcledger.chaincode.testing.ContractHarness.YANGZHOU;
import static org.assertj.core.api.Assertions.assertThat;

import io.lcledger.chaincode.domain.Fixtures.States;
import io.lcledger.chaincode.testing.ContractHarness;
import io.lcledger.chaincode.testing.ContractHarness.Result;
import io.lcledger.chaincode.testing.TestIdentity;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every step on an LC, from a state where it is legal, by every kind of identity: the issuing
 * branch (shanghai), the advising and nominated branch (yangzhou), a bank not party to the LC
 * (forfaiter), an auditor and an organisation outside the network. Only the right one succeeds; a
 * party gets NOT_AUTHORIZED, a non-party LC_NOT_FOUND, and nothing is written.
 */
class WhoMayActTest {
  static final List<TestIdentity> EVERYONE =
      List.of(SHANGHAI, YANGZHOU, FORFAITER, AUDITOR, OUTSIDER);

  /** Who may take each step, as domain.md and the issue describe it. */
  static Set<TestIdentity> mayAct(Step step) {
    return switch (step) {
      case ISSUE -> Set.of(SHANGHAI, YANGZHOU, FORFAITER);
      case ADVISE,
          ACCEPT_AMENDMENT,
          REJECT_AMENDMENT,
          PRESENT,
          NEGOTIATE,
          ACCEPT_CANCELLATION,
          REJECT_CANCELLATION ->
          Set.of(YANGZHOU);
      case FORFAIT -> Set.of(YANGZHOU, FORFAITER);
      case EXPIRE -> Set.of(SHANGHAI, YANGZHOU);
      default -> Set.of(SHANGHAI);
    };
  }

  static Stream<Arguments> everyStepByEveryone() {
    List<Arguments> cases = new ArrayList<>();
    for (Step step : Step.values()) {
      if (step == Step.ISSUE) {
        continue; // any branch issues; covered in IssueTransactionTest
      }
      for (TestIdentity who : EVERYONE) {
        cases.add(Arguments.of(step, who.commonName(), who));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} by {1}")
  @MethodSource("everyStepByEveryone")
  void onlyTheRightBranchMayTakeAStep(Step step, String name, TestIdentity who) {
    StepCase c = StepCase.of(step).by(who);
    ContractHarness harness = ContractHarness.configured().at(c.time());
    States legal = legalState(step);
    LetterOfCredit seeded = Fixtures.lc(StepCase.LC, c.type(), c.drawn(), legal);
    harness.seed(seeded);

    Result result = harness.submit(who, c.function(), c.args());

    if (mayAct(step).contains(who)) {
      assertThat(result.errorCode()).as(result.message()).isNull();
    } else {
      boolean party = seeded.branches().contains(branchOf(who));
      String expected = party || who == AUDITOR ? "NOT_AUTHORIZED" : "LC_NOT_FOUND";
      assertThat(result.errorCode()).as(result.message()).isEqualTo(expected);
      assertThat(result.wroteNothing()).isTrue();
    }
  }

  private static States legalState(Step step) {
    for (LcStatus lc : List.of(LcStatus.ADVISED, LcStatus.ISSUED)) {
      for (States st : LcStateMachineTableTest.expandForTest(step, States.of(lc))) {
        if (LcStateMachineTableTest.legal(step, st)) {
          return st;
        }
      }
    }
    throw new IllegalStateException("no legal state for " + step);
  }

  private static String branchOf(TestIdentity who) {
    return switch (who.mspId()) {
      case "ShanghaiMSP" -> "shanghai";
      case "YangzhouMSP" -> "yangzhou";
      case "ForfaiterMSP" -> "forfaiter";
      default -> "";
    };
  }
}
