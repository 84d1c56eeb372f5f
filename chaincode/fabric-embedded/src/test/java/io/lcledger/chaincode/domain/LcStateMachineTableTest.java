package io.lcledger.chaincode.domain;

import static io.lcledger.chaincode.domain.AmendmentStatus.PROPOSED;
import static io.lcledger.chaincode.domain.LcStatus.ADVISED;
import static io.lcledger.chaincode.domain.LcStatus.EXPIRED;
import static io.lcledger.chaincode.domain.LcStatus.ISSUED;
import static io.lcledger.chaincode.domain.PresentationStatus.ACCEPTED;
import static io.lcledger.chaincode.domain.PresentationStatus.COMPLIANT;
import static io.lcledger.chaincode.domain.PresentationStatus.DISCREPANT;
import static io.lcledger.chaincode.domain.PresentationStatus.PAID;
import static io.lcledger.chaincode.domain.PresentationStatus.PRESENTED;
import static io.lcledger.chaincode.domain.PresentationStatus.WAIVED;
import static org.assertj.core.api.Assertions.assertThat;

import io.lcledger.chaincode.contract.LedgerKeys;
import io.lcledger.chaincode.contract.PublicLc;
import io.lcledger.chaincode.domain.Fixtures.States;
import io.lcledger.chaincode.embedded.EmbeddedStub;
import io.lcledger.chaincode.ledger.CanonicalJson;
import io.lcledger.chaincode.testing.ContractHarness;
import io.lcledger.chaincode.testing.ContractHarness.Result;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.hyperledger.fabric.shim.ledger.CompositeKey;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Walks every step from every combination of the states it depends on, through the contract and an
 * in-memory ledger: each legal move succeeds and reaches its state, each illegal one fails with
 * ILLEGAL_TRANSITION (or the step's duplicate code) and writes nothing. The lifecycle below is
 * written out independently of {@link LcStateMachine}'s table, from docs/domain.md.
 */
class LcStateMachineTableTest {

  /** The lifecycle of domain.md: may {@code step} be taken from {@code st}? */
  static boolean legal(Step step, States st) {
    LcStatus lc = st.lc();
    PresentationStatus p = st.presentation();
    boolean open = lc == ISSUED || lc == ADVISED;
    boolean honourable = lc == ADVISED || lc == EXPIRED;
    return switch (step) {
      case ISSUE -> lc == null;
      case ADVISE -> lc == ISSUED;
      case PROPOSE_AMENDMENT, EXPIRE -> open;
      case ACCEPT_AMENDMENT, REJECT_AMENDMENT -> open && st.amendment() == PROPOSED;
      case PRESENT -> lc == ADVISED;
      case EXAMINE_COMPLIANT, NOTE_DISCREPANCIES -> lc == ADVISED && p == PRESENTED;
      case WAIVE_DISCREPANCIES -> lc == ADVISED && p == DISCREPANT;
      case REFUSE -> lc == ADVISED && (p == PRESENTED || p == DISCREPANT);
      case ACCEPT_DEFERRED -> lc == ADVISED && (p == COMPLIANT || p == WAIVED);
      case PAY_AT_SIGHT -> honourable && (p == COMPLIANT || p == WAIVED);
      case PAY_AT_MATURITY -> honourable && p == ACCEPTED;
      case GRANT_BUYER_FINANCING ->
          honourable
              && Set.of(COMPLIANT, WAIVED, ACCEPTED, PAID).contains(p)
              && st.financing() == FinancingStatus.NONE;
      case REPAY_BUYER_FINANCING -> honourable && st.financing() == FinancingStatus.GRANTED;
      case FORFAIT -> honourable && p == ACCEPTED && st.forfaiting() == ForfaitingStatus.NONE;
      case NEGOTIATE ->
          lc == ADVISED
              && Set.of(PRESENTED, COMPLIANT, WAIVED).contains(p)
              && st.negotiation() == NegotiationStatus.NONE;
      case REQUEST_CANCELLATION ->
          open
              && (st.cancellation() == CancellationStatus.NONE
                  || st.cancellation() == CancellationStatus.REJECTED);
      case ACCEPT_CANCELLATION, REJECT_CANCELLATION ->
          open && st.cancellation() == CancellationStatus.REQUESTED;
      case CLOSE -> honourable;
    };
  }

  /** The code an illegal move fails with: a duplicate where the thing already exists. */
  static ErrorCode refusal(Step step, States st) {
    boolean lcAllowed = st.lc() == ADVISED || st.lc() == EXPIRED;
    return switch (step) {
      case ISSUE -> ErrorCode.DUPLICATE_LC_NUMBER;
      case GRANT_BUYER_FINANCING ->
          lcAllowed && st.financing() != FinancingStatus.NONE
              ? ErrorCode.ALREADY_FINANCED
              : ErrorCode.ILLEGAL_TRANSITION;
      case FORFAIT ->
          lcAllowed && st.forfaiting() == ForfaitingStatus.FORFAITED
              ? ErrorCode.ALREADY_FORFAITED
              : ErrorCode.ILLEGAL_TRANSITION;
      case NEGOTIATE ->
          st.lc() == ADVISED && st.negotiation() == NegotiationStatus.NEGOTIATED
              ? ErrorCode.ALREADY_NEGOTIATED
              : ErrorCode.ILLEGAL_TRANSITION;
      default -> ErrorCode.ILLEGAL_TRANSITION;
    };
  }

  /** The state each step leads to, read back from the LC it wrote. */
  static String reached(Step step, LetterOfCredit lc) {
    if (lc.presentations().isEmpty()) {
      return lc.status().name();
    }
    Presentation p = lc.presentations().get(step == Step.PRESENT ? 1 : 0);
    return switch (step) {
      case ISSUE, ADVISE, EXPIRE, CLOSE, ACCEPT_CANCELLATION -> lc.status().name();
      case PROPOSE_AMENDMENT -> lc.amendments().get(1).status().name();
      case ACCEPT_AMENDMENT, REJECT_AMENDMENT -> lc.amendments().get(0).status().name();
      case GRANT_BUYER_FINANCING, REPAY_BUYER_FINANCING -> p.financingStatus().name();
      case FORFAIT -> p.forfaitingStatus().name();
      case NEGOTIATE -> p.negotiationStatus().name();
      case REQUEST_CANCELLATION, REJECT_CANCELLATION -> lc.cancellationStatus().name();
      default -> p.status().name();
    };
  }

  static String expectedState(Step step) {
    return switch (step) {
      case ISSUE -> "ISSUED";
      case ADVISE -> "ADVISED";
      case PROPOSE_AMENDMENT -> "PROPOSED";
      case ACCEPT_AMENDMENT -> "ACCEPTED";
      case REJECT_AMENDMENT, REJECT_CANCELLATION -> "REJECTED";
      case PRESENT -> "PRESENTED";
      case EXAMINE_COMPLIANT -> "COMPLIANT";
      case NOTE_DISCREPANCIES -> "DISCREPANT";
      case WAIVE_DISCREPANCIES -> "WAIVED";
      case REFUSE -> "REFUSED";
      case ACCEPT_DEFERRED -> "ACCEPTED";
      case PAY_AT_SIGHT, PAY_AT_MATURITY -> "PAID";
      case GRANT_BUYER_FINANCING -> "GRANTED";
      case REPAY_BUYER_FINANCING -> "REPAID";
      case FORFAIT -> "FORFAITED";
      case NEGOTIATE -> "NEGOTIATED";
      case REQUEST_CANCELLATION -> "REQUESTED";
      case ACCEPT_CANCELLATION -> "CANCELLED";
      case EXPIRE -> "EXPIRED";
      case CLOSE -> "CLOSED";
    };
  }

  /** Every step with every combination of the states it depends on. */
  static Stream<Arguments> everyStepFromEveryState() {
    List<Arguments> cases = new ArrayList<>();
    for (Step step : Step.values()) {
      List<States> combinations = new ArrayList<>();
      if (step == Step.ISSUE) {
        combinations.add(null);
      }
      for (LcStatus lc : LcStatus.values()) {
        combinations.addAll(expand(step, States.of(lc)));
      }
      for (States st : combinations) {
        cases.add(Arguments.of(step, st));
      }
    }
    return cases.stream();
  }

  static List<States> expandForTest(Step step, States base) {
    return expand(step, base);
  }

  private static List<States> expand(Step step, States base) {
    List<List<? extends Enum<?>>> dimensions = new ArrayList<>();
    switch (step) {
      case ACCEPT_AMENDMENT, REJECT_AMENDMENT -> dimensions.add(List.of(AmendmentStatus.values()));
      case EXAMINE_COMPLIANT,
          NOTE_DISCREPANCIES,
          WAIVE_DISCREPANCIES,
          REFUSE,
          ACCEPT_DEFERRED,
          PAY_AT_SIGHT,
          PAY_AT_MATURITY ->
          dimensions.add(List.of(PresentationStatus.values()));
      case GRANT_BUYER_FINANCING -> {
        dimensions.add(List.of(PresentationStatus.values()));
        dimensions.add(List.of(FinancingStatus.values()));
      }
      case REPAY_BUYER_FINANCING -> dimensions.add(List.of(FinancingStatus.values()));
      case FORFAIT -> {
        dimensions.add(List.of(PresentationStatus.values()));
        dimensions.add(List.of(ForfaitingStatus.values()));
      }
      case NEGOTIATE -> {
        dimensions.add(List.of(PresentationStatus.values()));
        dimensions.add(List.of(NegotiationStatus.values()));
      }
      case REQUEST_CANCELLATION, ACCEPT_CANCELLATION, REJECT_CANCELLATION ->
          dimensions.add(List.of(CancellationStatus.values()));
      default -> {}
    }
    List<States> result = new ArrayList<>(List.of(base));
    for (List<? extends Enum<?>> dimension : dimensions) {
      List<States> next = new ArrayList<>();
      for (States st : result) {
        for (Enum<?> state : dimension) {
          next.add(st.with(state));
        }
      }
      result = next;
    }
    return result;
  }

  @ParameterizedTest(name = "{0} from {1}")
  @MethodSource("everyStepFromEveryState")
  void eachLegalMoveSucceedsAndEachIllegalOneIsRefusedWritingNothing(Step step, States st) {
    StepCase c = StepCase.of(step);
    ContractHarness harness = ContractHarness.configured().at(c.time());
    LetterOfCredit seeded = null;
    if (st != null) {
      seeded = Fixtures.lc(StepCase.LC, c.type(), c.drawn(), st);
      harness.seed(seeded);
    }

    Result result = harness.submit(c.caller(), c.function(), c.args());

    if (legal(step, st == null ? new States(null, null, null, null, null, null, null) : st)) {
      assertThat(result.errorCode()).as(result.message()).isNull();
      assertThat(result.committed()).isTrue();
      LetterOfCredit after = CanonicalJson.read(result.payload(), LetterOfCredit.class);
      assertThat(reached(step, after)).isEqualTo(expectedState(step));
      assertThat(result.tx().getEvent().getEventName())
          .isEqualTo(LcStateMachine.rule(step).event());
      assertWritten(result, st == null ? null : st.lc(), after);
    } else {
      // a bank not party to the LC (forfaiting) hears of no state: the LC is not found for it
      boolean outsider =
          seeded != null && !seeded.branches().contains(c.caller().commonName().split("@")[1]);
      ErrorCode expected = outsider ? ErrorCode.LC_NOT_FOUND : refusal(step, st);
      assertThat(result.errorCode()).as(result.message()).isEqualTo(expected.name());
      assertThat(result.wroteNothing()).isTrue();
    }
  }

  /**
   * The exact bytes: the LC key holds the public half returned, whose hash is that of the version
   * sealed in the banks' collection, the canonical form of the LC read back; and the status index
   * moved from the old status to the new one (other keys are the party indexes).
   */
  private static void assertWritten(Result result, LcStatus before, LetterOfCredit after) {
    Map<String, byte[]> writes = result.tx().writes();
    String lcKey = new CompositeKey(LedgerKeys.LC, StepCase.LC).toString();
    assertThat(new String(writes.get(lcKey), StandardCharsets.UTF_8)).isEqualTo(result.reply());
    PublicLc summary = CanonicalJson.read(writes.get(lcKey), PublicLc.class);
    byte[] sealed =
        writes.get(
            EmbeddedStub.privateKey(
                summary.collection(), LedgerKeys.lcVersion(StepCase.LC, summary.version())));
    assertThat(PublicLc.hashOf(sealed)).isEqualTo(summary.termsHash());
    assertThat(CanonicalJson.tree(sealed).get("lc").toString())
        .isEqualTo(result.payload())
        .isEqualTo(CanonicalJson.string(after));
    // the object the embedded ledgers answer with is what a read of those bytes gives
    assertThat(result.tx().lcWritten(StepCase.LC)).contains(after);
    String newIndex =
        new CompositeKey(LedgerKeys.BY_STATUS, after.status().name(), StepCase.LC).toString();
    if (before != after.status()) {
      assertThat(writes.get(newIndex)).containsExactly(0);
      if (before != null) {
        String oldIndex =
            new CompositeKey(LedgerKeys.BY_STATUS, before.name(), StepCase.LC).toString();
        assertThat(writes).containsEntry(oldIndex, null);
      }
    } else {
      assertThat(writes).doesNotContainKey(newIndex);
    }
    for (String key : writes.keySet()) {
      boolean known =
          key.equals(lcKey)
              || key.startsWith(EmbeddedStub.privateKey(summary.collection(), ""))
              || key.startsWith(new CompositeKey(LedgerKeys.BY_STATUS).toString())
              || key.startsWith(new CompositeKey(LedgerKeys.BY_PARTY).toString());
      assertThat(known).as("unexpected key written: " + key).isTrue();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("steps")
  void theTableAgreesWithTheLifecycleOnWhichStatesEachStepNeeds(Step step) {
    Set<LcStatus> fromTable = EnumSet.noneOf(LcStatus.class);
    LcStateMachine.rule(step).guards().stream()
        .filter(g -> g.subject() == Subject.LC && !g.absent())
        .flatMap(g -> g.allowed().stream())
        .forEach(s -> fromTable.add((LcStatus) s));
    Set<LcStatus> fromLifecycle = EnumSet.noneOf(LcStatus.class);
    for (LcStatus lc : LcStatus.values()) {
      if (expand(step, States.of(lc)).stream().anyMatch(st -> legal(step, st))) {
        fromLifecycle.add(lc);
      }
    }
    assertThat(fromTable).isEqualTo(fromLifecycle);
  }

  static Stream<Step> steps() {
    return Stream.of(Step.values());
  }
}
