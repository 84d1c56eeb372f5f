package io.lcledger.chaincode.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.lcledger.chaincode.conformance.ConformanceCase.CaseStep;
import io.lcledger.chaincode.domain.Command;
import io.lcledger.chaincode.domain.LcStateMachine;
import io.lcledger.chaincode.domain.Step;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The cases themselves: readable, and covering every step both taken and refused. */
class ConformanceCasesTest {
  final List<CaseStep> steps =
      ConformanceSuite.cases().stream().flatMap(c -> c.steps().stream()).toList();

  @Test
  void everyCaseReadsIntoCommands() {
    assertThat(ConformanceSuite.cases()).hasSizeGreaterThanOrEqualTo(30);
    for (CaseStep step : steps) {
      try {
        assertThat(ConformanceSuite.command(step)).isNotNull();
      } catch (io.lcledger.chaincode.domain.LcException refusedAsRead) {
        assertThat(step.refused()).as(step.describe()).isEqualTo(refusedAsRead.code().name());
      }
    }
  }

  @Test
  void everyStepOfTheTableIsTakenSomewhere() {
    Set<String> committed =
        steps.stream()
            .filter(s -> s.expect() != null)
            .map(s -> s.expect().event())
            .filter(Objects::nonNull)
            .collect(Collectors.toSet());
    assertThat(committed)
        .containsAll(
            Arrays.stream(Step.values()).map(s -> LcStateMachine.rule(s).event()).toList());
  }

  @Test
  void everyKindOfCommandIsAlsoRefusedSomewhere() {
    Set<String> refused =
        steps.stream()
            .filter(s -> s.refused() != null)
            .map(CaseStep::step)
            .collect(Collectors.toSet());
    assertThat(refused)
        .containsAll(
            Arrays.stream(io.lcledger.chaincode.domain.Command.class.getPermittedSubclasses())
                .map(Command::nameOf)
                .toList());
  }
}
