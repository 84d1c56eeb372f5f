package io.lcledger.node.bench;

import com.sun.management.OperatingSystemMXBean;
import io.lcledger.bench.FloorEndpoint;
import io.lcledger.chaincode.domain.Command;
import io.lcledger.chaincode.ledger.CanonicalJson;
import io.lcledger.node.SandboxNode;
import io.lcledger.node.SandboxNode.Reply;
import io.lcledger.node.ledger.Ledger;
import io.lcledger.node.ledger.Member;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives concurrent full SIGHT lifecycles (issue, advise, upload, present, examine, pay) through
 * the REST API of a sandbox node and prints throughput and p50/p99 per step; then, in the same run
 * with the same client count, the baseline: a minimal write submitted straight to the node's ledger
 * port (no HTTP, no JSON mapping). The ratio is the node's overhead. Not a test: a command.
 *
 * <p>Arguments: clients (default 8), lifecycles per client (default 200), warm-up round in
 * lifecycles per client (default 100). The warm-up runs every path unmeasured, round after round,
 * until the JIT compiler's threads take at most 5% of a round's CPU (at most 20 rounds), so that
 * the figures measure the node as it runs for weeks, not its compiler: HotSpot compiles a method
 * with its optimising compiler only after thousands of calls, a step's code runs once per step, and
 * on 2 cores the compiler's queue drains only after about 900 lifecycles per client; after 400 a
 * step still cost more than twice the CPU.
 */
public final class SandboxBenchmark {
  private static final Logger log = LoggerFactory.getLogger(SandboxBenchmark.class);
  private static final String SH = "sandbox-shanghai";
  private static final String YZ = "sandbox-yangzhou";
  private static final String BASELINE = "ledger submit (baseline)";
  private static final String FLOOR = "minimal endpoint (floor)";
  private static final double SETTLED_JIT_SHARE = 0.05;
  private static final int MAX_WARM_UP_ROUNDS = 20;

  private static volatile boolean onPostgres;
  private final Map<String, List<Long>> latencies = new ConcurrentHashMap<>();
  private final ExecutorService pool;

  private SandboxBenchmark(int clients) {
    AtomicInteger count = new AtomicInteger();
    pool =
        Executors.newFixedThreadPool(
            clients, r -> new Thread(r, "bench-client-" + count.incrementAndGet()));
  }

  public static void main(String[] args) throws Exception {
    int clients = args.length > 0 ? Integer.parseInt(args[0]) : 8;
    int perClient = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    int warmUp = args.length > 2 ? Integer.parseInt(args[2]) : 100;
    try (ScratchDir scratch = ScratchDir.create("lc-bench");
        SandboxNode node =
            new SandboxNode(
                scratch.path(),
                Instant.parse("2026-03-02T02:00:00Z"),
                List.of(FloorEndpoint.class))) {
      Path dir = scratch.path();
      onPostgres = database(node).startsWith("jdbc:postgresql:");
      SandboxBenchmark benchmark = new SandboxBenchmark(clients);
      try {
        benchmark.run(node, dir, clients, perClient, warmUp);
      } finally {
        benchmark.pool.shutdownNow();
      }
    }
  }

  private void run(SandboxNode node, Path dir, int clients, int perClient, int warmUp)
      throws Exception {
    Ledger ledger = node.context().getBean(Ledger.class);
    int rounds = 0;
    double jitShare;
    try (Profile warming = Profile.warmUp()) {
      do {
        CpuUse round = CpuUse.start();
        String tag = "W" + rounds + "C";
        parallel(clients, warmUp, (client, i) -> lifecycle(node, dir, tag + client, i));
        parallel(clients, warmUp * 6, (client, i) -> baselineWrite(ledger, tag + client, i));
        if (rounds == 0) {
          node.context()
              .getBean(FloorEndpoint.class)
              .answerWith(ledger.find(Member.branch("shanghai"), "LC-" + tag + "0-0"));
        }
        parallel(clients, warmUp * 6, (client, i) -> floorCall(node, tag + client, i));
        round.stop();
        jitShare = round.jitShare();
        rounds++;
        log.info(
            "warm-up round {}: {} lifecycles per client, JIT compiler {}% of the CPU",
            rounds, warmUp, Math.round(100 * jitShare));
      } while (jitShare > SETTLED_JIT_SHARE && rounds < MAX_WARM_UP_ROUNDS);
    }
    latencies.clear();
    log.info("warm-up done: {} clients x {} lifecycles; measuring", clients, warmUp * rounds);
    long start = System.nanoTime();
    CpuUse restCpu = CpuUse.start();
    try (Profile profile = Profile.start("rest")) {
      parallel(clients, perClient, (client, i) -> lifecycle(node, dir, "B" + client, i));
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    restCpu.stop();
    int lifecycles = clients * perClient;
    int steps = latencies.values().stream().mapToInt(List::size).sum();

    Map<String, List<Long>> rest = new LinkedHashMap<>(latencies);
    latencies.clear();
    log.info("REST phase done; measuring the ledger port");
    long baselineStart = System.nanoTime();
    CpuUse baselineCpu = CpuUse.start();
    parallel(clients, perClient * 6, (client, i) -> baselineWrite(ledger, "BASE-" + client, i));
    double baselineSeconds = (System.nanoTime() - baselineStart) / 1e9;
    baselineCpu.stop();
    int baselineTx = clients * perClient * 6;
    List<Long> baseline = latencies.remove(BASELINE);
    log.info("ledger port phase done; measuring the minimal endpoint");

    long floorStart = System.nanoTime();
    CpuUse floorCpu = CpuUse.start();
    try (Profile profile = Profile.start("floor")) {
      parallel(clients, perClient * 6, (client, i) -> floorCall(node, "F" + client, i));
    }
    double floorSeconds = (System.nanoTime() - floorStart) / 1e9;
    floorCpu.stop();
    List<Long> floor = latencies.remove(FLOOR);

    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "%nSandbox benchmark: %d clients x %d lifecycles (6 REST steps each), after %d"
                + " warm-up lifecycles per client (%d rounds; the JIT compiler's share of the last"
                + " one's CPU: %.0f%%); the node's database: %s%n",
            clients,
            perClient,
            warmUp * rounds,
            rounds,
            100 * jitShare,
            database(node)));
    out.append(
        String.format(
            Locale.ROOT,
            "REST     : %d lifecycles in %.2f s = %.1f lifecycles/s, %.1f steps/s,"
                + " %s per step%n",
            lifecycles,
            seconds,
            lifecycles / seconds,
            steps / seconds,
            restCpu.per(steps)));
    out.append(
        String.format(
            Locale.ROOT,
            "baseline : %d ledger writes in %.2f s = %.1f tx/s, %s per write%n",
            baselineTx,
            baselineSeconds,
            baselineTx / baselineSeconds,
            baselineCpu.per(baselineTx)));
    out.append(
        String.format(
            Locale.ROOT,
            "floor    : %d calls of a minimal step endpoint (same filters, body and answer, no"
                + " ledger or database) in %.2f s = %.1f calls/s, %s per call%n",
            floor.size(),
            floorSeconds,
            floor.size() / floorSeconds,
            floorCpu.per(floor.size())));
    out.append(
        String.format(Locale.ROOT, "%-28s %8s %10s %10s%n", "step", "count", "p50 ms", "p99 ms"));
    inLifecycleOrder(rest).forEach((step, values) -> out.append(row(step, values)));
    out.append(row(BASELINE, baseline));
    out.append(row(FLOOR, floor));
    double restMedian = percentile(all(rest), 50);
    double baseMedian = percentile(baseline, 50);
    out.append(
        String.format(
            Locale.ROOT,
            "ratio REST step p50 / ledger write p50 = %.2f; throughput ratio = %.2f%n",
            restMedian / baseMedian,
            (steps / seconds) / (baselineTx / baselineSeconds)));
    // a REST step is at least an HTTP call and a ledger write; a core gives 1,000 ms of CPU a
    // second
    double floorPerStep = floorCpu.ms() / floor.size() + baselineCpu.ms() / baselineTx;
    double restPerStep = restCpu.ms() / steps;
    int cores = Runtime.getRuntime().availableProcessors();
    out.append(
        String.format(
            Locale.ROOT,
            "floor of a REST step: HTTP call + ledger write = %.2f ms CPU, so at most %.0f steps/s"
                + " on %d cores; measured %.2f ms CPU per step = %.2f x that floor%n",
            floorPerStep,
            cores * 1000 / floorPerStep,
            cores,
            restPerStep,
            restPerStep / floorPerStep));
    // the phases run one after another: the first still pays for more of the JIT's work
    double floorNet = floorCpu.netMs() / floor.size() + baselineCpu.netMs() / baselineTx;
    double restNet = restCpu.netMs() / steps;
    out.append(
        String.format(
            Locale.ROOT,
            "without the JIT compiler's threads: floor %.2f ms CPU, REST step %.2f ms = %.2f x"
                + " that floor%n",
            floorNet,
            restNet,
            restNet / floorNet));
    out.append("CPU per unit by thread (ms; a lower bound each):\n");
    out.append("  REST step     : ").append(restCpu.byKind(steps)).append('\n');
    out.append("  ledger write  : ").append(baselineCpu.byKind(baselineTx)).append('\n');
    out.append("  endpoint call : ").append(floorCpu.byKind(floor.size())).append('\n');
    log.info("{}", out);
  }

  /**
   * The CPU a measured phase used, the whole process's (clients included: they share its cores, and
   * the figure is steady on a noisy machine where throughput varies with what else runs), and the
   * same by kind of thread, read from Linux's per-thread accounting: the JIT compiler's, the
   * collector's, the node's request threads', its outbox's, the sandbox committer's, the clients'.
   */
  private static final class CpuUse {
    private final long processStart = processCpuNanos();
    private final long postgresStart = postgresCpuNanos();
    private final Map<String, TaskCpu> threadsStart = threadCpu();
    private double ms;
    private final Map<ThreadKind, Double> msByKind = new java.util.EnumMap<>(ThreadKind.class);

    static CpuUse start() {
      return new CpuUse();
    }

    void stop() {
      // a PostgreSQL holding the node's database does its work in processes of its own: counted too
      double postgresMs = (postgresCpuNanos() - postgresStart) / 1e6;
      ms = (processCpuNanos() - processStart) / 1e6 + postgresMs;
      if (postgresMs > 0) {
        msByKind.put(ThreadKind.POSTGRES, postgresMs);
      }
      // a thread that ended meanwhile is not counted: each kind's figure is a lower bound
      threadCpu()
          .forEach(
              (task, now) -> {
                TaskCpu then = threadsStart.get(task);
                msByKind.merge(
                    ThreadKind.of(now.name()),
                    (now.nanos() - (then == null ? 0 : then.nanos())) / 1e6,
                    Double::sum);
              });
    }

    double ms() {
      return ms;
    }

    /** The compiler threads' share of the process's CPU (a lower bound). */
    double jitShare() {
      return msByKind.getOrDefault(ThreadKind.JIT, 0.0) / ms;
    }

    /** The process's CPU without the compiler threads' (an upper bound: theirs is a lower one). */
    double netMs() {
      return ms - msByKind.getOrDefault(ThreadKind.JIT, 0.0);
    }

    String per(int count) {
      return String.format(
          Locale.ROOT,
          "%.2f ms CPU (JIT compiler at least %.0f%% of it)",
          ms / count,
          100.0 * msByKind.getOrDefault(ThreadKind.JIT, 0.0) / ms);
    }

    /** Each kind of thread's CPU per unit of work, in milliseconds. */
    String byKind(int count) {
      StringBuilder line = new StringBuilder();
      for (ThreadKind kind : ThreadKind.values()) {
        double kindMs = msByKind.getOrDefault(kind, 0.0);
        if (kindMs > 0) {
          line.append(
              String.format(
                  Locale.ROOT,
                  "%s%s %.2f",
                  line.isEmpty() ? "" : ", ",
                  kind.label,
                  kindMs / count));
        }
      }
      return line.toString();
    }
  }

  /**
   * The node's database: embedded H2, or the PostgreSQL that {@code spring.datasource.url} names.
   */
  private static String database(SandboxNode node) {
    String url = node.context().getEnvironment().getProperty("spring.datasource.url");
    return url == null || url.isBlank() ? "embedded H2" : url;
  }

  /** Kinds of thread, by the name Linux keeps (its first 15 characters). */
  private enum ThreadKind {
    HTTP("node's request threads", "http-nio-.*"),
    LEDGER("sandbox committer", "sandbox-commit"),
    OUTBOX("outbox (read model, notifications)", "outbox"),
    CLIENTS("clients", "bench-client-.*"),
    JIT("JIT compiler", "C\\d CompilerThre.*"),
    GC("garbage collector", "(GC Thread|G1 ).*"),
    POSTGRES("PostgreSQL's processes", null),
    OTHER("other", ".*");

    private final String label;
    private final java.util.regex.Pattern name;

    /** {@code name}: null for a kind that is no thread of this process. */
    ThreadKind(String label, String name) {
      this.label = label;
      this.name = name == null ? null : java.util.regex.Pattern.compile(name);
    }

    static ThreadKind of(String threadName) {
      for (ThreadKind kind : values()) {
        if (kind.name != null && kind.name.matcher(threadName).matches()) {
          return kind;
        }
      }
      return OTHER;
    }
  }

  private static long processCpuNanos() {
    return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /**
   * CPU time of this machine's PostgreSQL processes (server, backends, WAL writer), which do the
   * node's database work when it runs on PostgreSQL: nothing when there are none.
   */
  private static long postgresCpuNanos() {
    if (!onPostgres) {
      return 0; // a PostgreSQL of other tests may be running beside the embedded database
    }
    long nanos = 0;
    try (var processes = Files.list(Path.of("/proc"))) {
      for (Path process : (Iterable<Path>) processes::iterator) {
        if (!process.getFileName().toString().chars().allMatch(Character::isDigit)) {
          continue;
        }
        try {
          TaskCpu task = TaskCpu.of(Files.readString(process.resolve("stat")));
          if (task.name().equals("postgres")) {
            nanos += task.nanos();
          }
        } catch (IOException ended) {
          // gone meanwhile
        }
      }
    } catch (IOException noProc) {
      return 0;
    }
    return nanos;
  }

  /** A thread's or a process's name, as Linux keeps it, and the CPU time it has used. */
  private record TaskCpu(String name, long nanos) {
    /**
     * From a {@code /proc} stat line: the parenthesised name, then utime + stime (fields 14, 15).
     */
    static TaskCpu of(String stat) {
      String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
      return new TaskCpu(name, ticks * 10_000_000L); // USER_HZ: 100
    }
  }

  /**
   * CPU time of each of the process's threads, by Linux task id: from its per-thread accounting
   * (the JVM's cannot see its compiler threads, and its figure for them is elapsed time, which
   * counts a compiler thread waiting for a core). Empty where there is no {@code /proc}.
   */
  private static Map<String, TaskCpu> threadCpu() {
    Map<String, TaskCpu> byTask = new HashMap<>();
    try (var tasks = Files.list(Path.of("/proc/self/task"))) {
      for (Path task : (Iterable<Path>) tasks::iterator) {
        try {
          byTask.put(
              task.getFileName().toString(), TaskCpu.of(Files.readString(task.resolve("stat"))));
        } catch (IOException threadEnded) {
          // gone meanwhile: see CpuUse.stop
        }
      }
    } catch (IOException noProc) {
      return Map.of();
    }
    return byTask;
  }

  private void baselineWrite(Ledger ledger, String client, int i) {
    long t0 = System.nanoTime();
    String lc = client + "-" + i;
    ledger.submit(Member.branch("shanghai"), lc, new Command.Issue(terms(lc)));
    record(BASELINE, t0);
  }

  private void floorCall(SandboxNode node, String client, int i) throws Exception {
    timed(
        FLOOR,
        () ->
            node.post(
                YZ,
                "/api/v1/bench/LC-" + client + "-" + i + "/floor",
                "{\"amount\":\"100000.00\",\"shipmentDate\":\"2026-03-01\",\"documentIds\":[\"d-"
                    + client
                    + "-"
                    + i
                    + "\"]}"));
  }

  /**
   * Rows by the lifecycle's order ({@link io.lcledger.chaincode.domain.Step}'s), not a hash map's:
   * a row is matched to the first step its word begins; the off-ledger upload comes just before the
   * presentation it is for, anything else last.
   */
  static <V> Map<String, V> inLifecycleOrder(Map<String, V> byStep) {
    Map<String, V> ordered = new LinkedHashMap<>();
    byStep.keySet().stream()
        .sorted(java.util.Comparator.comparingInt(SandboxBenchmark::rank).thenComparing(k -> k))
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

  /**
   * One SIGHT lifecycle over REST, each ledger step under an {@code Idempotency-Key} as a
   * trade-services system that relies on exactly once sends it.
   */
  private void lifecycle(SandboxNode node, Path dir, String client, int i) throws Exception {
    String lc = "LC-" + client + "-" + i;
    timed(
        "issue",
        () -> node.post(SH, "/api/v1/lcs", CanonicalJson.string(terms(lc)), keyed(lc, "issue")));
    timed(
        "advise", () -> node.post(YZ, "/api/v1/lcs/" + lc + "/advice", null, keyed(lc, "advise")));
    Path file = Files.writeString(dir.resolve(lc + ".pdf"), "%PDF-1.4 invoice " + lc);
    Reply doc = timed("upload document", () -> node.upload(YZ, file, "INVOICE"));
    String id = doc.body().path("documentId").asText();
    timed(
        "present",
        () ->
            node.post(
                YZ,
                "/api/v1/lcs/" + lc + "/presentations",
                "{\"amount\":\"100000.00\",\"shipmentDate\":\"2026-03-01\",\"documentIds\":[\""
                    + id
                    + "\"]}",
                keyed(lc, "present")));
    timed(
        "examine",
        () ->
            node.post(
                SH,
                "/api/v1/lcs/" + lc + "/presentations/1/examination",
                "{\"result\":\"COMPLIANT\"}",
                keyed(lc, "examine")));
    timed(
        "pay",
        () ->
            node.post(
                SH,
                "/api/v1/lcs/" + lc + "/presentations/1/payment",
                "{\"amount\":\"100000.00\",\"paymentReference\":\"P-" + lc + "\"}",
                keyed(lc, "pay")));
  }

  private static Map<String, String> keyed(String lc, String step) {
    return Map.of("Idempotency-Key", lc + "/" + step);
  }

  private static io.lcledger.chaincode.domain.LcTerms terms(String lc) {
    return new io.lcledger.chaincode.domain.LcTerms(
        lc,
        "yangzhou",
        new io.lcledger.chaincode.domain.Party("上海申达贸易有限公司", "91310000132200821H"),
        new io.lcledger.chaincode.domain.Party("扬州远洋钢材有限公司", "91321003MA1WCB7N6N"),
        io.lcledger.chaincode.domain.Money.parse("1000000.00"),
        "CNY",
        5,
        java.time.LocalDate.parse("2026-06-30"),
        "扬州",
        java.time.LocalDate.parse("2026-06-15"),
        15,
        new io.lcledger.chaincode.domain.PaymentTerms(
            io.lcledger.chaincode.domain.PaymentType.SIGHT, null, null),
        true,
        "Steel coils",
        List.of(
            new io.lcledger.chaincode.domain.RequiredDocument(
                io.lcledger.chaincode.domain.DocumentType.INVOICE, 1)),
        null);
  }

  private interface Call {
    Reply call() throws Exception;
  }

  private interface Work {
    void run(int client, int iteration) throws Exception;
  }

  private Reply timed(String step, Call call) throws Exception {
    long t0 = System.nanoTime();
    Reply reply = call.call();
    if (reply.status() >= 300) {
      throw new IllegalStateException(step + " failed: " + reply.body());
    }
    record(step, t0);
    return reply;
  }

  private void record(String step, long t0) {
    latencies
        .computeIfAbsent(step, k -> Collections.synchronizedList(new ArrayList<>()))
        .add(System.nanoTime() - t0);
  }

  /**
   * Runs {@code iterations} of {@code work} on each client, all at once, on the same client threads
   * every phase: a thread that ended before a phase's CPU is read would not be counted.
   */
  private void parallel(int clients, int iterations, Work work) throws Exception {
    List<Future<?>> futures = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      int client = c;
      futures.add(
          pool.submit(
              () -> {
                for (int i = 0; i < iterations; i++) {
                  work.run(client, i);
                }
                return null;
              }));
    }
    for (Future<?> f : futures) {
      f.get();
    }
  }

  private static List<Long> all(Map<String, List<Long>> byStep) {
    List<Long> all = new ArrayList<>();
    byStep.values().forEach(all::addAll);
    return all;
  }

  private static String row(String step, List<Long> values) {
    return String.format(
        Locale.ROOT,
        "%-28s %8d %10.2f %10.2f%n",
        step,
        values.size(),
        percentile(values, 50),
        percentile(values, 99));
  }

  /** The {@code p}th percentile of nanosecond figures, in milliseconds. */
  static double percentile(List<Long> values, int p) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, index)) / 1e6;
  }
}
