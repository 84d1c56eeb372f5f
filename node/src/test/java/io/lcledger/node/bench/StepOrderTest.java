package io.lcledger.node.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The benchmark's rows come in the lifecycle's order, whatever order the map holds them in. */
class StepOrderTest {
  @Test
  void rowsFollowTheLifecycle() {
    Map<String, Integer> rows = new HashMap<>();
    for (String step : new String[] {"pay", "upload document", "advise", "examine", "present"}) {
      rows.put(step, 1);
    }
    rows.put("issue", 1);
    rows.put("ledger submit (baseline)", 1);
    assertThat(SandboxBenchmark.inLifecycleOrder(rows).keySet())
        .containsExactly(
            "issue",
            "advise",
            "upload document",
            "present",
            "examine",
            "pay",
            "ledger submit (baseline)");
  }
}
