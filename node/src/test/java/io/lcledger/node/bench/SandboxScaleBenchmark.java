package io.lcledger.node.bench;

import io.lcledger.chaincode.domain.Command;
import io.lcledger.chaincode.domain.Fixtures;
import io.lcledger.chaincode.domain.Money;
import io.lcledger.chaincode.domain.PaymentType;
import io.lcledger.node.PackagedNode;
import io.lcledger.node.SandboxNode;
import io.lcledger.node.ledger.Ledger;
import io.lcledger.node.ledger.Member;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Map.Entry;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The sandbox as its chain grows: one chain is grown through a node's ledger port (8 clients, LCs
 * of 10 transactions each: issue, advise, an amendment and its acceptance, and two drawings each
 * presented, examined and paid) to each size in turn, and at each size the packaged node is
 * restarted on it (a fresh JVM, launch to healthy) and asked over REST, one request at a time, for
 * the read model's listings and searches at page 1 and page 1,000 and for one LC from the ledger.
 * It prints, per size, the restart time, each request's p50/p99, and the disk the chain, the
 * ledger's snapshot and the node's database take per transaction. Not a test: a command.
 *
 * <p>Arguments: transaction counts, comma-separated, ascending (default 10000,100000,1000000);
 * restarts per size (default 3); generating clients (default 8); requests timed per query (default
 * 200).
 */
public final class SandboxScaleBenchmark {
  private static final Logger log = LoggerFactory.getLogger(SandboxScaleBenchmark.class);
  private static final Instant NOW = Instant.parse("2026-03-02T02:00:00Z");
  static final int STEPS_PER_LC = 10;
  // a listing's page size: at 100,000 transactions (10,000 LCs) page 1,000 is the last one
  private static final int PAGE_SIZE = 10;
  private static final String TOKEN = "sandbox-shanghai";

  public static void main(String[] args) throws Exception {
    try (ScratchDir scratch = ScratchDir.create("lc-scale")) {
      measure(args, scratch.path());
    }
  }

  private static void measure(String[] args, Path dir) throws Exception {
    String[] sizes = (args.length > 0 ? args[0] : "10000,100000,1000000").split(",");
    int restarts = Math.max(1, args.length > 1 ? Integer.parseInt(args[1]) : 3);
    int clients = args.length > 2 ? Integer.parseInt(args[2]) : 8;
    int requests = args.length > 3 ? Integer.parseInt(args[3]) : 200;
    List<Long> targets = new ArrayList<>(List.of(0L));
    for (String size : sizes) {
      targets.add(Long.parseLong(size.trim()));
    }
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "%nSandbox at scale: one chain grown to each size; median of %d restarts; %d requests"
                + " per query, one at a time, page size %d; LCs of %d transactions%n",
            restarts,
            requests,
            PAGE_SIZE,
            STEPS_PER_LC));
    out.append(
        String.format(
            Locale.ROOT,
            "%12s %9s %11s %11s %9s %9s %9s %9s%n",
            "transactions",
            "LCs",
            "restart ms",
            "vs empty",
            "chain B/tx",
            "snap B/tx",
            "db B/tx",
            "all B/tx"));
    StringBuilder queries = new StringBuilder();
    double empty = -1;
    long transactions = 0;
    long lcs = 0;
    for (long target : targets) {
      try (SandboxNode node = new SandboxNode(dir, NOW)) {
        long added =
            generate(node.context().getBean(Ledger.class), lcs, target - transactions, clients);
        transactions += added;
        lcs += added / STEPS_PER_LC;
        if (transactions > 0) { // the genesis blocks carry no LC event to wait for
          awaitOutbox(node, dir);
        }
      }
      Disk disk = Disk.of(dir); // as the node left it, closed
      // the last restart's node stays up and answers the queries
      List<Long> times = new ArrayList<>();
      Started started = null;
      for (int i = 0; i < restarts; i++) {
        if (started != null) {
          started.stop();
        }
        started = restart(dir);
        times.add(started.nanos());
      }
      double median = SandboxBenchmark.percentile(times, 50);
      if (empty < 0) {
        empty = median;
      }
      long per = Math.max(1, transactions);
      out.append(
          String.format(
              Locale.ROOT,
              "%12d %9d %11.0f %11.0f %9d %9d %9d %9d%n",
              transactions,
              lcs,
              median,
              median - empty,
              disk.chain() / per,
              disk.snapshot() / per,
              disk.database() / per,
              disk.total() / per));
      try {
        if (lcs > 0) {
          queries.append(
              String.format(Locale.ROOT, "%n%d transactions (%d LCs):%n", transactions, lcs));
          queries.append(
              String.format(Locale.ROOT, "  %-44s %10s %10s%n", "request", "p50 ms", "p99 ms"));
          for (Entry<String, List<Long>> timed :
              queries(started.port(), lcs, requests).entrySet()) {
            List<Long> values = timed.getValue();
            queries.append(
                values.isEmpty()
                    ? String.format(Locale.ROOT, "  %-44s %10s %10s%n", timed.getKey(), "-", "-")
                    : String.format(
                        Locale.ROOT,
                        "  %-44s %10.2f %10.2f%n",
                        timed.getKey(),
                        SandboxBenchmark.percentile(values, 50),
                        SandboxBenchmark.percentile(values, 99)));
          }
        }
      } finally {
        started.stop();
      }
      log.info("chain of {} transactions: restart {} ms (data in {})", transactions, median, dir);
    }
    log.info("{}{}", out, queries);
  }

  /** The disk a node's data directory takes: chain, ledger snapshot, the node's database. */
  record Disk(long chain, long snapshot, long database, long total) {
    static Disk of(Path dir) throws IOException {
      Path ledger = dir.resolve("ledger");
      return new Disk(
          Files.size(ledger.resolve("blocks.jsonl")),
          Files.size(ledger.resolve("state.mv.db")),
          sizeOf(dir.resolve("db")),
          sizeOf(dir));
    }

    private static long sizeOf(Path tree) throws IOException {
      if (!Files.exists(tree)) {
        return 0;
      }
      try (Stream<Path> files = Files.walk(tree)) {
        return files
            .filter(Files::isRegularFile)
            .filter(f -> !f.getFileName().toString().equals("node.log"))
            .mapToLong(f -> f.toFile().length())
            .sum();
      }
    }
  }

  /**
   * Times, one request at a time after a few untimed ones, the read model's listings and searches
   * and one LC read from the ledger, on the node at {@code port}. A page that does not exist yet at
   * this size is left empty.
   */
  private static Map<String, List<Long>> queries(int port, long lcs, int requests)
      throws Exception {
    String base = "http://127.0.0.1:" + port + "/api/v1/lcs";
    String middle = lcNumber(lcs / 2);
    long lastPage = (lcs + PAGE_SIZE - 1) / PAGE_SIZE;
    Map<String, String> paths = new LinkedHashMap<>();
    paths.put("list, page 1", "?size=" + PAGE_SIZE);
    paths.put("list, page 1,000", lastPage >= 1000 ? "?page=999&size=" + PAGE_SIZE : null);
    paths.put(
        "search by company, page 1", "?uscc=" + Fixtures.APPLICANT_USCC + "&size=" + PAGE_SIZE);
    paths.put(
        "search by company, page 1,000",
        lastPage >= 1000
            ? "?uscc=" + Fixtures.APPLICANT_USCC + "&page=999&size=" + PAGE_SIZE
            : null);
    paths.put("search by status, page 1", "?status=ADVISED&size=" + PAGE_SIZE);
    paths.put("search by number (one LC)", "?number=" + middle + "&size=" + PAGE_SIZE);
    paths.put("one LC from the ledger", "/" + middle);
    HttpClient http = HttpClient.newHttpClient();
    Map<String, List<Long>> timed = new LinkedHashMap<>();
    for (Entry<String, String> path : paths.entrySet()) {
      List<Long> values = new ArrayList<>();
      if (path.getValue() != null) {
        HttpRequest request =
            HttpRequest.newBuilder(URI.create(base + path.getValue()))
                .header("Authorization", "Bearer " + TOKEN)
                .build();
        for (int i = 0; i < requests + 20; i++) {
          long t0 = System.nanoTime();
          HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
          long elapsed = System.nanoTime() - t0;
          if (response.statusCode() != 200 || !response.body().contains("LC-")) {
            throw new IllegalStateException(
                path.getKey() + ": " + response.statusCode() + " " + response.body());
          }
          if (i >= 20) { // the first ones warm the JVM up
            values.add(elapsed);
          }
        }
      }
      timed.put(path.getKey(), values);
    }
    return timed;
  }

  /**
   * Waits until the node's consumer of ledger events has processed the whole chain, so that a
   * restart is timed on its own, not with a backlog left by the generator.
   */
  static void awaitOutbox(SandboxNode node, Path dir) throws Exception {
    long lastBlock;
    try (Stream<String> lines = Files.lines(dir.resolve("ledger").resolve("blocks.jsonl"))) {
      lastBlock = lines.count() - 1;
    }
    JdbcClient db = node.context().getBean(JdbcClient.class);
    long started = System.nanoTime();
    while (db.sql("select block_number from event_checkpoint").query(Long.class).single()
        < lastBlock) {
      Thread.sleep(200);
    }
    log.info(
        "the outbox caught up with block {} {} s after the last step",
        lastBlock,
        (System.nanoTime() - started) / 1_000_000_000);
  }

  /** The packaged node, started, with the port it listens on and how long it took to be healthy. */
  record Started(Process node, int port, long nanos) {
    void stop() throws InterruptedException {
      node.destroy();
      node.waitFor();
    }
  }

  /** Launches the packaged node on {@code dir} and waits until it is healthy. */
  static Started restart(Path dir) throws Exception {
    int port = PackagedNode.freePort();
    long t0 = System.nanoTime();
    Process node = PackagedNode.start(dir, port, Duration.ofMinutes(30), List.of());
    return new Started(node, port, System.nanoTime() - t0);
  }

  /**
   * Whole LCs from {@code clients} threads, numbered on from {@code firstLc}, until {@code count}
   * more transactions were taken; answers how many were.
   */
  static long generate(Ledger ledger, long firstLc, long count, int clients) throws Exception {
    AtomicLong next = new AtomicLong(firstLc);
    long lcs = count / STEPS_PER_LC;
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    List<Future<?>> running = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      running.add(
          pool.submit(
              () -> {
                for (long n = next.getAndIncrement();
                    n < firstLc + lcs;
                    n = next.getAndIncrement()) {
                  lifecycle(ledger, lcNumber(n));
                  if ((n + 1) % 10_000 == 0) {
                    log.info("{} LCs", n + 1);
                  }
                }
                return null;
              }));
    }
    for (Future<?> f : running) {
      f.get();
    }
    pool.shutdown();
    return lcs * STEPS_PER_LC;
  }

  static String lcNumber(long n) {
    return String.format(Locale.ROOT, "LC-%07d", n);
  }

  /** One LC's {@link #STEPS_PER_LC} transactions. */
  private static void lifecycle(Ledger ledger, String lc) {
    Member shanghai = Member.branch("shanghai");
    Member yangzhou = Member.branch("yangzhou");
    ledger.submit(shanghai, lc, new Command.Issue(Fixtures.terms(lc, PaymentType.SIGHT)));
    ledger.submit(yangzhou, lc, new Command.Advise());
    ledger.submit(shanghai, lc, new Command.ProposeAmendment(Map.of("expiryDate", "2026-07-15")));
    ledger.submit(yangzhou, lc, new Command.AnswerAmendment(1, true));
    for (int drawing = 1; drawing <= 2; drawing++) {
      ledger.submit(
          yangzhou,
          lc,
          new Command.Present(
              Money.parse("100000.00"),
              LocalDate.parse("2026-03-01"),
              List.of(Fixtures.document("D" + drawing + "-" + lc))));
      ledger.submit(
          shanghai, lc, new Command.Examine(drawing, Command.Examine.Result.COMPLIANT, List.of()));
      ledger.submit(
          shanghai,
          lc,
          new Command.Pay(drawing, Money.parse("100000.00"), "P" + drawing + "-" + lc));
    }
  }
}
