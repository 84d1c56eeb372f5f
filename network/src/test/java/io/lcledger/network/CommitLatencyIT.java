package io.lcledger.network;

import static io.lcledger.network.Requests.presentation;
import static io.lcledger.network.Requests.terms;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.hyperledger.fabric.client.Status;
import org.junit.jupiter.api.Test;

/**
 * Benchmark, not a timing assertion: the latency of one step from submit to commit (endorsed by two
 * banks, ordered by Raft, committed on the submitter's peer), against a read through the same
 * Gateway measured in the same run as the baseline. Prints p50/p99 and throughput.
 */
class CommitLatencyIT {
  static final int STEPS = 40;

  final LcNetwork net = LcNetwork.shared();
  final Bank shanghai = net.bank("shanghai");
  final Bank yangzhou = net.bank("yangzhou");

  @Test
  void submitToCommitLatencyOfOneStep() throws Exception {
    String lc = Requests.lcNumber("LAT");
    shanghai.submit("issue", terms(lc, "SIGHT"));
    yangzhou.submit("advise", lc);

    long[] reads = new long[STEPS];
    long[] steps = new long[STEPS];
    for (int i = 0; i < STEPS; i++) {
      long t0 = System.nanoTime();
      yangzhou.lc(lc);
      reads[i] = System.nanoTime() - t0;
    }
    long started = System.nanoTime();
    for (int i = 0; i < STEPS; i++) {
      long t0 = System.nanoTime();
      Status status = yangzhou.commit("present", lc, presentation("1000.00"));
      steps[i] = System.nanoTime() - t0;
      assertThat(status.isSuccessful()).isTrue();
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    System.out.printf(
        "[benchmark] submit->commit, %d sequential steps (BatchTimeout 250ms): p50 %.0f ms, p99 %.0f"
            + " ms, %.1f steps/s; baseline read p50 %.1f ms; p50 ratio %.0fx%n",
        STEPS,
        millis(steps, 50),
        millis(steps, 99),
        STEPS / seconds,
        millis(reads, 50),
        millis(steps, 50) / millis(reads, 50));
    assertThat(shanghai.lc(lc).path("presentations")).hasSize(STEPS);
  }

  static double millis(long[] nanos, int percentile) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, index)] / 1e6;
  }
}
