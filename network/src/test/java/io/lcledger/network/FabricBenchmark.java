package io.lcledger.network;

import com.fasterxml.jackson.databind.JsonNode;
import io.lcledger.network.StepTimings.Step;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Fabric half of the benchmark, a command and not a test. It runs concurrent full SIGHT
 * lifecycles (issue, advise, upload, present, examine, pay) through the three nodes' REST APIs, and
 * the same clients submitting the same chaincode transactions straight through the Gateway as the
 * baseline, in one run on one network. It prints throughput and p50/p99 per step for both, their
 * ratios, and the latency from a commit to the counterparty's SSE stream.
 *
 * <p>Arguments: clients (default 8), lifecycles per client (default 5), lifecycles per client to
 * warm every JVM up first, on each path (default 10), and the ordering service, raft (default) or
 * bft (or the system property {@code lcnet.orderer}); one run measures one ordering service, on a
 * network created for it. It also prints the CPU each kind of process spent per ledger step (from
 * /proc), which is where the time goes on a machine with few cores.
 */
public final class FabricBenchmark {
  private final StepTimings timings = new StepTimings();
  private final Map<String, List<Long>> latencies = timings.latencies;
  private final Map<String, Long> committedAt = timings.committedAt;
  private final List<Long> notified = Collections.synchronizedList(new ArrayList<>());
  // an advice tried before the advising bank's peer had committed the block
  private final java.util.concurrent.atomic.AtomicInteger waitedForBlock = timings.waitedForBlock;

  public static void main(String[] args) throws Exception {
    int clients = args.length > 0 ? Integer.parseInt(args[0]) : 8;
    int perClient = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    int warmUp = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    if (args.length > 3) {
      System.setProperty("lcnet.orderer", args[3]);
    }
    LcNetwork net = LcNetwork.shared();
    Map<String, String> env = net.nodes();
    BranchNode sh =
        BranchNode.attach("shanghai", env.get("LC_SHANGHAI"), env.get("LC_TOKEN_SHANGHAI"));
    BranchNode yz =
        BranchNode.attach("yangzhou", env.get("LC_YANGZHOU"), env.get("LC_TOKEN_YANGZHOU"));
    try {
      new FabricBenchmark().run(net, sh, yz, clients, perClient, warmUp);
    } finally {
      net.down(); // a failed run too: Maven's JVM outlives main, and would keep the network up
    }
    System.exit(0);
  }

  private void run(
      LcNetwork net, BranchNode sh, BranchNode yz, int clients, int perClient, int warmUp)
      throws Exception {
    Bank shanghai = net.bank("shanghai");
    Bank yangzhou = net.bank("yangzhou");
    // warm-up: every JVM (nodes, chaincode servers) compiles its hot paths before anything counts;
    // with two lifecycles per client the nodes' JIT still took more CPU than the steps themselves
    StepTimings.parallel(
        clients, warmUp, () -> timings.sightOverRest(sh, yz, Requests.lcNumber("BW")));
    StepTimings.parallel(
        clients, warmUp, () -> gatewayLifecycle(shanghai, yangzhou, Requests.lcNumber("GW")));
    latencies.clear();

    double restSeconds;
    Map<String, Double> restCpu;
    Map<String, Double> cpuBefore = cpuSeconds();
    Map<String, double[]> portBefore = ledgerSums(sh, yz);
    try (BranchNode.EventStream stream = yz.events()) {
      Thread listener = new Thread(() -> listen(stream), "bench-sse");
      listener.setDaemon(true);
      listener.start();
      long start = System.nanoTime();
      StepTimings.parallel(
          clients, perClient, () -> timings.sightOverRest(sh, yz, Requests.lcNumber("BR")));
      restSeconds = (System.nanoTime() - start) / 1e9;
      restCpu = minus(cpuSeconds(), cpuBefore);
      Thread.sleep(2_000); // the last notifications
      listener.interrupt();
    }
    Map<String, List<Long>> rest = new LinkedHashMap<>(latencies);
    // the REST phase's own steps: the nodes' counters minus what the warm-up left in them
    Map<String, Double> inNode = new LinkedHashMap<>();
    ledgerSums(sh, yz)
        .forEach(
            (step, after) -> {
              double[] before = portBefore.getOrDefault(step, new double[2]);
              inNode.put(step, (after[0] - before[0]) / (after[1] - before[1]));
            });
    latencies.clear();

    cpuBefore = cpuSeconds();
    long start = System.nanoTime();
    StepTimings.parallel(
        clients, perClient, () -> gatewayLifecycle(shanghai, yangzhou, Requests.lcNumber("BG")));
    double gatewaySeconds = (System.nanoTime() - start) / 1e9;
    Map<String, Double> gatewayCpu = minus(cpuSeconds(), cpuBefore);
    Map<String, List<Long>> gateway = new LinkedHashMap<>(latencies);

    int lifecycles = clients * perClient;
    int ledgerSteps = 5 * lifecycles; // the upload writes nothing to the ledger
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "%nFabric benchmark, %s ordering (%d orderers): %d clients x %d SIGHT lifecycles (after %d"
                + " each to warm up), BatchTimeout %s%n",
            net.env("LCNET_ORDERER_TYPE"),
            net.orderers().size(),
            clients,
            perClient,
            warmUp,
            System.getenv().getOrDefault("LCNET_BATCH_TIMEOUT", "250ms")));
    out.append(StepTimings.table("GW", rest, gateway));
    double restTps = ledgerSteps / restSeconds;
    double gatewayTps = ledgerSteps / gatewaySeconds;
    out.append(
        String.format(
            Locale.ROOT,
            "REST:    %d ledger steps in %.1f s = %.2f steps/s (%.2f lifecycles/s)%n",
            ledgerSteps,
            restSeconds,
            restTps,
            lifecycles / restSeconds));
    out.append(
        String.format(
            Locale.ROOT,
            "Gateway: %d ledger steps in %.1f s = %.2f steps/s%n",
            ledgerSteps,
            gatewaySeconds,
            gatewayTps));
    out.append(
        String.format(
            Locale.ROOT, "ratio REST / Gateway throughput: %.2f%n", restTps / gatewayTps));
    out.append(
        "where a REST step's time goes: its mean in the node's ledger port (lc_steps_seconds)");
    out.append(String.format(Locale.ROOT, " against the REST mean:%n"));
    StepTimings.inLifecycleOrder(inNode)
        .forEach(
            (step, seconds) -> {
              List<Long> r = rest.getOrDefault(step, List.of());
              double mean = r.stream().mapToLong(Long::longValue).average().orElse(0);
              out.append(
                  String.format(
                      Locale.ROOT,
                      "  %-12s ledger %6.0f ms of REST %6.0f ms%n",
                      step,
                      seconds * 1000,
                      mean));
            });
    out.append(
        String.format(
            Locale.ROOT,
            "CPU per ledger step, by process kind (ms; %d cores), and of it the JIT compiler's:%n",
            Runtime.getRuntime().availableProcessors()));
    for (String kind :
        List.of("peers", "orderers", "chaincode servers", "nodes", "benchmark client")) {
      out.append(
          String.format(
              Locale.ROOT,
              "  %-18s REST %6.1f (JIT %5.1f)   Gateway %6.1f (JIT %5.1f)%n",
              kind,
              1000 * restCpu.getOrDefault(kind, 0.0) / ledgerSteps,
              1000 * restCpu.getOrDefault(kind + JIT, 0.0) / ledgerSteps,
              1000 * gatewayCpu.getOrDefault(kind, 0.0) / ledgerSteps,
              1000 * gatewayCpu.getOrDefault(kind + JIT, 0.0) / ledgerSteps));
    }
    out.append(
        String.format(
            Locale.ROOT,
            "steps tried again after 25 ms because a node or peer had not yet the block before them: %d%n",
            waitedForBlock.get()));
    List<Long> n = new ArrayList<>(notified);
    out.append(
        String.format(
            Locale.ROOT,
            "notification, shanghai's answer to yangzhou's SSE (%d issues): p50 %d ms, p99 %d ms%n",
            n.size(),
            StepTimings.pct(n, 50),
            StepTimings.pct(n, 99)));
    System.out.println(out);
  }

  /** CPU seconds used so far by each kind of process on this machine (Linux /proc). */
  private static Map<String, Double> cpuSeconds() {
    Map<String, Double> byKind = new LinkedHashMap<>();
    long self = ProcessHandle.current().pid();
    java.io.File[] procs = new java.io.File("/proc").listFiles(f -> f.getName().matches("\\d+"));
    if (procs == null) {
      return byKind;
    }
    for (java.io.File proc : procs) {
      try {
        String cmd =
            new String(
                    java.nio.file.Files.readAllBytes(proc.toPath().resolve("cmdline")),
                    java.nio.charset.StandardCharsets.UTF_8)
                .replace('\0', ' ');
        String kind =
            Long.parseLong(proc.getName()) == self
                ? "benchmark client"
                : cmd.contains("lc-node.jar")
                    ? "nodes"
                    : cmd.contains("lc-chaincode-server")
                        ? "chaincode servers"
                        : cmd.contains("peer node start")
                            ? "peers"
                            : cmd.contains("/orderer") ? "orderers" : null;
        if (kind == null) {
          continue;
        }
        byKind.merge(kind, cpuOf(proc.toPath().resolve("stat")), Double::sum);
        // of which the JIT compiler threads of the JVMs, which keep compiling long after start
        java.io.File[] threads = proc.toPath().resolve("task").toFile().listFiles();
        for (java.io.File thread : threads == null ? new java.io.File[0] : threads) {
          String name = java.nio.file.Files.readString(thread.toPath().resolve("comm")).strip();
          if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
            byKind.merge(kind + JIT, cpuOf(thread.toPath().resolve("stat")), Double::sum);
          }
        }
      } catch (java.io.IOException | RuntimeException gone) {
        // a process that ended meanwhile
      }
    }
    return byKind;
  }

  private static final String JIT = " (JIT)";

  /** utime + stime of a process or thread, in seconds. */
  private static double cpuOf(java.nio.file.Path statFile) throws java.io.IOException {
    String stat = java.nio.file.Files.readString(statFile);
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
  }

  private static Map<String, Double> minus(Map<String, Double> after, Map<String, Double> before) {
    Map<String, Double> d = new LinkedHashMap<>();
    after.forEach((k, v) -> d.put(k, v - before.getOrDefault(k, 0.0)));
    return d;
  }

  /**
   * Each step's total seconds and count in the nodes' ledger port so far (lc_steps_seconds, from
   * their Prometheus metrics), committed steps only.
   */
  private static Map<String, double[]> ledgerSums(BranchNode... nodes) throws Exception {
    Map<String, double[]> sums = new LinkedHashMap<>();
    for (BranchNode node : nodes) {
      for (String line : node.text("/actuator/prometheus").split("\n")) {
        boolean sum = line.startsWith("lc_steps_seconds_sum");
        if (!sum && !line.startsWith("lc_steps_seconds_count")) {
          continue;
        }
        int s = line.indexOf("step=\"");
        if (s < 0 || !line.contains("outcome=\"committed\"")) {
          continue;
        }
        String step = line.substring(s + 6, line.indexOf('"', s + 6));
        double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        sums.computeIfAbsent(NAMES.getOrDefault(step, step), k -> new double[2])[sum ? 0 : 1] +=
            value;
      }
    }
    return sums;
  }

  private static final Map<String, String> NAMES =
      Map.of(
          "issue", "1 issue",
          "advise", "2 advise",
          "present", "3 present",
          "examine", "4 examine",
          "pay", "5 pay");

  private void listen(BranchNode.EventStream stream) {
    try {
      while (!Thread.currentThread().isInterrupted()) {
        JsonNode n = stream.received.poll(200, java.util.concurrent.TimeUnit.MILLISECONDS);
        if (n != null && n.path("event").asText().equals("LcIssued")) {
          long now = System.nanoTime();
          String lc = n.path("lcNumber").asText();
          // the SSE may beat the issuer's own answer: wait briefly for it
          for (int i = 0; i < 100 && !committedAt.containsKey(lc); i++) {
            Thread.sleep(5);
          }
          Long at = committedAt.get(lc);
          if (at != null) {
            notified.add(Math.max(0, (now - at) / 1_000_000));
          }
        }
      }
    } catch (InterruptedException done) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The same for a transaction submitted straight through the Gateway, with the node's rule ({@code
   * FabricLedger}'s): a step that only the other bank's peer refused, its own having endorsed it,
   * was refused by a peer that has not yet the block before it, and is endorsed again.
   */
  private static <T> T onceSeenByPeer(
      Bank bank, Step<T> step, java.util.concurrent.atomic.AtomicInteger waits) throws Exception {
    for (int i = 0; ; i++) {
      try {
        return step.call();
      } catch (org.hyperledger.fabric.client.EndorseException notYet) {
        boolean behind =
            notYet.getDetails().stream()
                .allMatch(
                    d -> d.getMessage().contains("_NOT_FOUND") || !d.getMspId().equals(bank.mspId));
        if (!behind || notYet.getDetails().isEmpty() || i >= 40) {
          throw notYet;
        }
        waits.incrementAndGet();
        Thread.sleep(25);
      }
    }
  }

  private void gatewayLifecycle(Bank shanghai, Bank yangzhou, String lc) throws Exception {
    timedValue("1 issue", () -> shanghai.submit("issue", Requests.terms(lc, "SIGHT")));
    timedValue(
        "2 advise",
        () -> onceSeenByPeer(yangzhou, () -> yangzhou.submit("advise", lc), waitedForBlock));
    timedValue(
        "3 present",
        () ->
            onceSeenByPeer(
                yangzhou,
                () -> yangzhou.submit("present", lc, Requests.presentation("100000.00")),
                waitedForBlock));
    timedValue(
        "4 examine",
        () ->
            onceSeenByPeer(
                shanghai,
                () -> shanghai.submit("examine", lc, Requests.compliant(1)),
                waitedForBlock));
    timedValue(
        "5 pay",
        () ->
            onceSeenByPeer(
                shanghai,
                () -> shanghai.submit("pay", lc, Requests.payment(1, "100000.00")),
                waitedForBlock));
  }

  private <T> T timedValue(String step, Step<T> call) throws Exception {
    return timings.timed(
        step,
        () -> {
          try {
            return call.call();
          } catch (org.hyperledger.fabric.client.GatewayException e) {
            StringBuilder why = new StringBuilder(step + ": " + e.getMessage());
            e.getDetails()
                .forEach(
                    d ->
                        why.append(" | ").append(d.getMspId()).append(": ").append(d.getMessage()));
            throw new IllegalStateException(why.toString(), e);
          }
        });
  }
}
