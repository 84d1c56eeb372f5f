package io.lcledger.node.bench;

import io.lcledger.chaincode.domain.Command;
import io.lcledger.chaincode.domain.Fixtures;
import io.lcledger.chaincode.domain.Money;
import io.lcledger.chaincode.domain.PaymentType;
import io.lcledger.node.PackagedNode;
import io.lcledger.node.SandboxNode;
import io.lcledger.node.ledger.Ledger;
import io.lcledger.node.ledger.Member;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Generates sandbox chains of given sizes through a running node's ledger port (full SIGHT
 * lifecycles: issue, advise, present, examine, pay, so the outbox fills as in real use), then times
 * the node's restart on each, against a chain holding only its genesis. Not a test: a command, and
 * the chain generator.
 *
 * <p>Arguments: transaction counts, comma-separated (default 10000,100000); restarts per size
 * (default 3); generating clients (default 8).
 */
public final class SandboxRestartBenchmark {
  private static final Logger log = LoggerFactory.getLogger(SandboxRestartBenchmark.class);
  private static final Instant NOW = Instant.parse("2026-03-02T02:00:00Z");

  public static void main(String[] args) throws Exception {
    String[] sizes = (args.length > 0 ? args[0] : "10000,100000").split(",");
    int restarts = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    int clients = args.length > 2 ? Integer.parseInt(args[2]) : 8;
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "%nSandbox restart: median of %d restarts per chain%n%12s %10s %12s %12s %12s %12s%n",
            restarts,
            "transactions",
            "blocks",
            "chain MB",
            "snapshot MB",
            "restart ms",
            "vs empty ms"));
    double empty = -1;
    List<Long> targets = new ArrayList<>(List.of(0L));
    for (String size : sizes) {
      targets.add(Long.parseLong(size.trim()));
    }
    for (long target : targets) {
      Path dir = Files.createTempDirectory("lc-restart");
      long transactions;
      try (SandboxNode node = new SandboxNode(dir, NOW)) {
        transactions = generate(node.context().getBean(Ledger.class), target, clients);
        if (transactions > 0) { // the genesis blocks carry no LC event to wait for
          awaitOutbox(node, dir);
        }
      }
      List<Long> times = new ArrayList<>();
      for (int i = 0; i < restarts; i++) {
        times.add(restart(dir));
      }
      Collections.sort(times);
      double median = times.get(times.size() / 2) / 1e6;
      if (empty < 0) {
        empty = median;
      }
      Path chain = dir.resolve("ledger").resolve("blocks.jsonl");
      out.append(
          String.format(
              Locale.ROOT,
              "%12d %10d %12.1f %12.1f %12.0f %12.0f%n",
              transactions,
              Files.lines(chain).count(),
              Files.size(chain) / 1e6,
              Files.size(chain.resolveSibling("state.mv.db")) / 1e6,
              median,
              median - empty));
      log.info("chain of {} transactions: restart {} ms (data in {})", transactions, median, dir);
    }
    log.info("{}", out);
  }

  /**
   * Waits until the node's consumer of ledger events has processed the whole chain, so that a
   * restart is timed on its own, not with a backlog left by the generator.
   */
  static void awaitOutbox(SandboxNode node, Path dir) throws Exception {
    long lastBlock;
    try (java.util.stream.Stream<String> lines =
        Files.lines(dir.resolve("ledger").resolve("blocks.jsonl"))) {
      lastBlock = lines.count() - 1;
    }
    org.springframework.jdbc.core.simple.JdbcClient db =
        node.context().getBean(org.springframework.jdbc.core.simple.JdbcClient.class);
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

  /** Launches the packaged node on {@code dir}; answers the nanoseconds until it is healthy. */
  static long restart(Path dir) throws Exception {
    int port = PackagedNode.freePort();
    long t0 = System.nanoTime();
    Process node = PackagedNode.start(dir, port, Duration.ofMinutes(30), List.of());
    long elapsed = System.nanoTime() - t0;
    node.destroy();
    node.waitFor();
    return elapsed;
  }

  /** Full lifecycles from {@code clients} threads until {@code target} steps were taken. */
  static long generate(Ledger ledger, long target, int clients) throws Exception {
    AtomicLong taken = new AtomicLong();
    AtomicLong lifecycles = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    List<Future<?>> running = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      running.add(
          pool.submit(
              () -> {
                while (taken.get() + 5 <= target) {
                  lifecycle(ledger, "GEN-" + lifecycles.incrementAndGet());
                  long done = taken.addAndGet(5);
                  if (done % 50_000 < 5) {
                    log.info("{} of {} transactions", done, target);
                  }
                }
                return null;
              }));
    }
    for (Future<?> f : running) {
      f.get();
    }
    pool.shutdown();
    return taken.get();
  }

  private static void lifecycle(Ledger ledger, String lc) {
    Member shanghai = Member.branch("shanghai");
    Member yangzhou = Member.branch("yangzhou");
    ledger.submit(shanghai, lc, new Command.Issue(Fixtures.terms(lc, PaymentType.SIGHT)));
    ledger.submit(yangzhou, lc, new Command.Advise());
    ledger.submit(
        yangzhou,
        lc,
        new Command.Present(
            Money.parse("100000.00"),
            LocalDate.parse("2026-03-01"),
            List.of(Fixtures.document("D-" + lc))));
    ledger.submit(
        shanghai, lc, new Command.Examine(1, Command.Examine.Result.COMPLIANT, List.of()));
    ledger.submit(shanghai, lc, new Command.Pay(1, Money.parse("100000.00"), "P-" + lc));
  }
}
