package io.lcledger.network;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the benchmarks share: the latency of each step by name, the SIGHT lifecycle as a bank's
 * trade-services systems take it through two nodes' REST APIs, clients run in parallel, and
 * percentiles.
 */
final class StepTimings {
  /** Each step's latencies (ms), by step name. */
  final Map<String, List<Long>> latencies = new ConcurrentHashMap<>();

  /** When each LC's issue was answered (nanoTime), for the notification latency. */
  final Map<String, Long> committedAt = new ConcurrentHashMap<>();

  /** Steps tried again because the acting bank's node had not yet the other bank's block. */
  final AtomicInteger waitedForBlock = new AtomicInteger();

  interface Step<T> {
    T call() throws Exception;
  }

  interface Lifecycle {
    void run() throws Exception;
  }

  <T> T timed(String step, Step<T> call) throws Exception {
    long t0 = System.nanoTime();
    T value = call.call();
    latencies
        .computeIfAbsent(step, k -> Collections.synchronizedList(new ArrayList<>()))
        .add((System.nanoTime() - t0) / 1_000_000);
    return value;
  }

  /**
   * Issue, advise, upload, present, examine and pay through the two banks' nodes, each ledger step
   * under an {@code Idempotency-Key} as a trade-services system that relies on exactly once sends
   * it.
   */
  void sightOverRest(BranchNode sh, BranchNode yz, String lc) throws Exception {
    String path = "/api/v1/lcs/" + lc;
    expect(
        timed("1 issue", () -> sh.post("/api/v1/lcs", Requests.terms(lc, "SIGHT"), lc + "/issue")),
        201);
    committedAt.put(lc, System.nanoTime());
    // the advising bank acts once its own node has the block, as on a notification
    expect(
        timed(
            "2 advise",
            () -> onceSeen(attempt -> yz.post(path + "/advice", "{}", lc + "/advise/" + attempt))),
        200);
    String doc = timed("(upload, off-ledger)", () -> yz.upload("INVOICE"));
    expect(
        timed(
            "3 present",
            () ->
                yz.post(
                    path + "/presentations",
                    "{\"amount\":\"100000.00\",\"shipmentDate\":\""
                        + Requests.today()
                        + "\",\"documentIds\":[\""
                        + doc
                        + "\"]}",
                    lc + "/present")),
        201);
    expect(
        timed(
            "4 examine",
            () ->
                onceSeen(
                    attempt ->
                        sh.post(
                            path + "/presentations/1/examination",
                            "{\"result\":\"COMPLIANT\"}",
                            lc + "/examine/" + attempt))),
        200);
    expect(
        timed(
            "5 pay",
            () ->
                sh.post(
                    path + "/presentations/1/payment",
                    "{\"amount\":\"100000.00\",\"paymentReference\":\"P\"}",
                    lc + "/pay")),
        200);
  }

  /**
   * A step taken at one bank right after the other bank's step: until the acting bank's own node
   * has that block it is answered 404, and tried again after 25 ms (as a trade-services system
   * acting on its node's notification never needs to).
   */
  BranchNode.Reply onceSeen(Attempt step) throws Exception {
    BranchNode.Reply r = step.call(0);
    for (int i = 1; i <= 200 && r.status() == 404; i++) {
      waitedForBlock.incrementAndGet();
      Thread.sleep(25);
      r = step.call(i); // a new key: the node keeps the 404 under the one it answered
    }
    return r;
  }

  /** One attempt at a step, numbered from 0. */
  interface Attempt {
    BranchNode.Reply call(int attempt) throws Exception;
  }

  static void expect(BranchNode.Reply reply, int status) {
    if (reply.status() != status) {
      throw new IllegalStateException("answered " + reply.status() + ": " + reply.body());
    }
  }

  static void parallel(int clients, int perClient, Lifecycle lifecycle) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < perClient; i++) {
                    lifecycle.run();
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Rows by the lifecycle's order ({@link Step}'s), not a hash map's or the alphabet's: a row's
   * name ("1 issue", "examine", "upload document") is matched to the first step its word begins; an
   * off-ledger upload comes just before the presentation it is for, anything else last.
   */
  static <V> Map<String, V> inLifecycleOrder(Map<String, V> byStep) {
    Map<String, V> ordered = new LinkedHashMap<>();
    byStep.keySet().stream()
        .sorted(Comparator.comparingInt(StepTimings::rank).thenComparing(k -> k))
        .forEach(k -> ordered.put(k, byStep.get(k)));
    return ordered;
  }

  static int rank(String row) {
    String word = row.replaceAll("^[^a-zA-Z]+", "").split("[^a-zA-Z]")[0].toUpperCase(Locale.ROOT);
    if (word.equals("UPLOAD")) {
      return 2 * io.lcledger.chaincode.domain.Step.PRESENT.ordinal() - 1;
    }
    for (io.lcledger.chaincode.domain.Step step : io.lcledger.chaincode.domain.Step.values()) {
      if (!word.isEmpty() && step.name().startsWith(word)) {
        return 2 * step.ordinal();
      }
    }
    return Integer.MAX_VALUE;
  }

  /** Each step's p50 and p99 (ms) through the nodes' REST APIs and on the baseline path. */
  static String table(
      String baseline, Map<String, List<Long>> rest, Map<String, List<Long>> other) {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "%-22s %8s %8s %9s %9s %8s%n",
            "step",
            "REST p50",
            "REST p99",
            baseline + " p50",
            baseline + " p99",
            "p50 diff"));
    for (String step : inLifecycleOrder(rest).keySet()) {
      List<Long> r = rest.get(step);
      List<Long> b = other.getOrDefault(step, List.of());
      out.append(
          String.format(
              Locale.ROOT,
              "%-22s %8d %8d %9s %9s %8s%n",
              step,
              pct(r, 50),
              pct(r, 99),
              b.isEmpty() ? "-" : Long.toString(pct(b, 50)),
              b.isEmpty() ? "-" : Long.toString(pct(b, 99)),
              b.isEmpty() ? "-" : Long.toString(pct(r, 50) - pct(b, 50))));
    }
    // per step, p99 of a few dozen samples is their second worst; the ledger steps pooled give it
    // more to stand on
    List<Long> restSteps = new ArrayList<>();
    List<Long> otherSteps = new ArrayList<>();
    rest.forEach(
        (step, values) -> {
          if (other.containsKey(step)) {
            restSteps.addAll(values);
            otherSteps.addAll(other.get(step));
          }
        });
    out.append(
        String.format(
            Locale.ROOT,
            "%-22s %8d %8d %9d %9d %8d%n",
            "all ledger steps",
            pct(restSteps, 50),
            pct(restSteps, 99),
            pct(otherSteps, 50),
            pct(otherSteps, 99),
            pct(restSteps, 50) - pct(otherSteps, 50)));
    return out.toString();
  }

  static long pct(List<Long> values, int p) {
    if (values.isEmpty()) {
      return -1;
    }
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
  }
}
