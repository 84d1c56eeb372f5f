package io.lcledger.node.ledger.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.lcledger.chaincode.domain.Command;
import io.lcledger.chaincode.domain.LcTerms;
import io.lcledger.chaincode.ledger.CanonicalJson;
import io.lcledger.node.ledger.Ledger;
import io.lcledger.node.ledger.LedgerException;
import io.lcledger.node.ledger.Member;
import io.lcledger.node.ledger.RequestKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The sandbox chain on disk: crash recovery, corruption, and verification of one LC's blocks. */
class SandboxLedgerTest {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-02T02:00:00Z"), ZoneOffset.UTC);
  static final Member SHANGHAI = Member.branch("shanghai");

  @TempDir Path dir;
  @TempDir Path killedImage;

  Path chain() {
    return dir.resolve("ledger").resolve("blocks.jsonl");
  }

  SandboxLedger open() throws IOException {
    return new SandboxLedger(dir, CLOCK, List.of());
  }

  static Ledger.Committed issue(SandboxLedger ledger, String lcNumber) {
    return ledger.submit(SHANGHAI, lcNumber, new Command.Issue(terms(lcNumber)));
  }

  static LcTerms terms(String lcNumber) {
    return """
        {"lcNumber":"%s","advisingBranch":"yangzhou",
         "applicant":{"name":"上海申达贸易有限公司","uscc":"91310000132200821H"},
         "beneficiary":{"name":"扬州远洋钢材有限公司","uscc":"91321003MA1WCB7N6N"},
         "amount":"1000000.00","currency":"CNY","tolerancePercent":5,"expiryDate":"2026-06-30",
         "expiryPlace":"扬州","latestShipmentDate":"2026-06-15","presentationPeriodDays":15,
         "paymentTerms":{"type":"SIGHT"},"partialShipmentsAllowed":true,
         "goodsDescription":"Cold-rolled steel coils",
         "requiredDocuments":[{"type":"INVOICE","copies":3}]}"""
        .formatted(lcNumber)
        .transform(json -> CanonicalJson.read(json, LcTerms.class));
  }

  @Test
  void aStepRetriedUnderItsKeyIsAnsweredFromTheChainAndNotTakenAgainEvenAfterARestart()
      throws IOException {
    Ledger.Committed first;
    long blocks;
    try (SandboxLedger ledger = open();
        RequestKeys.Scope key = RequestKeys.bind("issue-LC-K", "request-1", () -> {})) {
      first = issue(ledger, "LC-K");
      blocks = Files.readAllLines(chain()).size();
      // the answer was lost; the client retries with the same key
      Ledger.Committed again = issue(ledger, "LC-K");
      assertThat(again.tx()).isEqualTo(first.tx());
      assertThat(again.lc()).isEqualTo(first.lc());
      assertThat(again.event()).isEqualTo(first.event());
    }
    assertThat(Files.readAllLines(chain())).hasSize((int) blocks);
    // the index of keys is rebuilt from the chain
    try (SandboxLedger ledger = open();
        RequestKeys.Scope key = RequestKeys.bind("issue-LC-K", "request-1", () -> {})) {
      assertThat(issue(ledger, "LC-K").tx()).isEqualTo(first.tx());
    }
    assertThat(Files.readAllLines(chain())).hasSize((int) blocks);
    // another key, or none, is another request: this one is refused by the rules
    try (SandboxLedger ledger = open();
        RequestKeys.Scope key = RequestKeys.bind("issue-LC-K-again", "request-1", () -> {})) {
      assertThatThrownBy(() -> issue(ledger, "LC-K")).isInstanceOf(LedgerException.Rejected.class);
    }
  }

  @Test
  void aKeyTakenOnTheChainIsRefusedToAnotherRequestEvenAfterARestart() throws IOException {
    Ledger.Committed first;
    try (SandboxLedger ledger = open();
        RequestKeys.Scope key = RequestKeys.bind("issue-LC-R", "request-1", () -> {})) {
      first = issue(ledger, "LC-R");
    }
    long blocks = Files.readAllLines(chain()).size();
    // the node lost its own record of the key (a crash before it reached the disk): the chain tells
    try (SandboxLedger ledger = open()) {
      try (RequestKeys.Scope key = RequestKeys.bind("issue-LC-R", "request-2", () -> {})) {
        assertThatThrownBy(() -> issue(ledger, "LC-R"))
            .isInstanceOf(LedgerException.KeyReused.class);
      }
      try (RequestKeys.Scope key = RequestKeys.bind("issue-LC-R", "request-1", () -> {})) {
        assertThat(issue(ledger, "LC-R").tx()).isEqualTo(first.tx());
      }
    }
    assertThat(Files.readAllLines(chain())).hasSize((int) blocks);
  }

  @Test
  void aKeyWithoutItsRequestsHashIsAnsweredAsARetry() throws IOException {
    // as a transaction written before the hash was carried: the node's own record guarded those
    try (SandboxLedger ledger = open()) {
      Ledger.Committed first;
      try (RequestKeys.Scope key = RequestKeys.bind("issue-LC-H", null, () -> {})) {
        first = issue(ledger, "LC-H");
      }
      try (RequestKeys.Scope key = RequestKeys.bind("issue-LC-H", "request-2", () -> {})) {
        assertThat(issue(ledger, "LC-H").tx()).isEqualTo(first.tx());
      }
    }
  }

  @Test
  void aTornLastBlockIsCutOffAndLoggedAndTheChainGoesOn() throws IOException {
    try (SandboxLedger ledger = open()) {
      issue(ledger, "LC-1");
    }
    long intact = Files.size(chain());
    String next = Files.readAllLines(chain()).get(1);
    // a crash in the middle of the next append
    Files.writeString(chain(), next.substring(0, next.length() / 2), StandardOpenOption.APPEND);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    ((Logger) LoggerFactory.getLogger(BlockStore.class)).addAppender(logged);
    try (SandboxLedger ledger = open()) {
      assertThat(Files.size(chain())).isEqualTo(intact);
      assertThat(logged.list)
          .singleElement()
          .extracting(ILoggingEvent::getFormattedMessage)
          .asString()
          .contains(chain().toString())
          .contains("block 2")
          .contains("truncating");
      assertThat(ledger.find(SHANGHAI, "LC-1").lcNumber()).isEqualTo("LC-1");
      issue(ledger, "LC-2");
    } finally {
      ((Logger) LoggerFactory.getLogger(BlockStore.class)).detachAppender(logged);
    }
    try (SandboxLedger ledger = open()) {
      assertThat(ledger.find(SHANGHAI, "LC-2").lcNumber()).isEqualTo("LC-2");
    }
  }

  @Test
  void anyOtherDamageRefusesTheStartNamingTheFileAndTheBlock() throws IOException {
    try (SandboxLedger ledger = open()) {
      issue(ledger, "LC-1");
      issue(ledger, "LC-2");
    }
    Files.delete(snapshot()); // as if killed before its first snapshot: every block is replayed
    List<String> lines = Files.readAllLines(chain());
    // a complete line that is not a block
    Files.writeString(
        chain(), lines.get(0) + "\n" + lines.get(1).substring(3) + "\n" + lines.get(2) + "\n");
    assertThatThrownBy(this::open)
        .hasMessageContaining(chain().toString())
        .hasMessageContaining("block 1");
    // a block that is complete but altered
    Files.writeString(
        chain(),
        lines.get(0)
            + "\n"
            + lines.get(1)
            + "\n"
            + lines.get(2).replace("LC-2", "LC-9") // what it wrote, under another LC's keys
            + "\n");
    assertThatThrownBy(this::open)
        .hasMessageContaining(chain().toString())
        .hasMessageContaining("block 2");
  }

  /**
   * Counts block reads and appends, can hold a reader or a writer until told to go on, and can fail
   * its appends as a full or broken disk would.
   */
  static final class WatchedStore extends BlockStore {
    final AtomicInteger reads = new AtomicInteger();
    final List<Integer> transactionsPerAppend = new java.util.concurrent.CopyOnWriteArrayList<>();
    volatile CountDownLatch reading;
    volatile CountDownLatch proceed;
    volatile CountDownLatch appending;
    volatile CountDownLatch proceedAppend;
    volatile boolean diskFull;

    WatchedStore(Path file) throws IOException {
      super(file);
    }

    /** Signals {@code started} and waits for {@code hold}, if a test set one. */
    private static void pause(CountDownLatch started, CountDownLatch hold) {
      if (hold != null) {
        started.countDown();
        try {
          hold.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }

    @Override
    Position append(Block block) throws IOException {
      pause(appending, proceedAppend);
      if (diskFull) {
        throw new IOException("No space left on device");
      }
      transactionsPerAppend.add(block.transactions().size());
      return super.append(block);
    }

    @Override
    Block read(Position position) throws IOException {
      reads.incrementAndGet();
      pause(reading, proceed);
      return super.read(position);
    }
  }

  @Test
  void verifyingOneLcReadsOnlyItsBlocksAndTheirNeighboursAndNeverStopsWriters() throws Exception {
    WatchedStore store = new WatchedStore(chain());
    try (SandboxLedger ledger = new SandboxLedger(dir, CLOCK, List.of(), store)) {
      String tx = issue(ledger, "LC-V").tx().txId();
      for (int i = 0; i < 30; i++) {
        issue(ledger, "LC-" + i);
      }
      List<Ledger.Check> checks = ledger.verify(List.of(tx));
      assertThat(checks).allMatch(Ledger.Check::passed);
      assertThat(store.reads.get()).isEqualTo(3); // blocks 0, 1 and 2 of 32

      store.reading = new CountDownLatch(1);
      store.proceed = new CountDownLatch(1);
      CompletableFuture<List<Ledger.Check>> verifying =
          CompletableFuture.supplyAsync(() -> ledger.verify(List.of(tx)));
      assertThat(store.reading.await(5, TimeUnit.SECONDS)).isTrue();
      // the verifier is reading the disk; a writer and a reader still go through
      CompletableFuture<Ledger.Committed> writing =
          CompletableFuture.supplyAsync(() -> issue(ledger, "LC-W"));
      assertThat(writing.get(5, TimeUnit.SECONDS).tx().blockNumber()).isEqualTo(32);
      assertThat(ledger.find(SHANGHAI, "LC-W").lcNumber()).isEqualTo("LC-W");
      store.proceed.countDown();
      assertThat(verifying.get(5, TimeUnit.SECONDS)).allMatch(Ledger.Check::passed);
    }
  }

  @Test
  void anAlteredNeighbourBreaksTheLink() throws Exception {
    String tx;
    try (SandboxLedger ledger = open()) {
      issue(ledger, "LC-A");
      tx = issue(ledger, "LC-B").tx().txId();
      issue(ledger, "LC-C");
      String text = Files.readString(chain(), StandardCharsets.UTF_8);
      // same length, so every recorded position still holds
      Files.writeString(chain(), text.replace("LC-A", "LC-Z"), StandardCharsets.UTF_8);
      List<Ledger.Check> checks = ledger.verify(List.of(tx));
      assertThat(checks.get(0).passed()).isFalse();
      assertThat(checks.get(0).detail()).contains("block 1, which block 2 links to, was altered");
      assertThat(checks.get(1).passed()).isTrue();
    }
  }

  /** Holds the committer in its next append until {@code release} is counted down. */
  static CountDownLatch holdNextAppend(WatchedStore store) throws InterruptedException {
    store.appending = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    store.proceedAppend = release;
    return release;
  }

  @Test
  void stepsTakenWhileABlockIsWrittenShareTheNextBlockAndItsFsyncAndSurviveARestart()
      throws Exception {
    WatchedStore store = new WatchedStore(chain());
    List<Ledger.LedgerEvent> delivered = new java.util.concurrent.CopyOnWriteArrayList<>();
    List<Ledger.Committed> answers;
    try (SandboxLedger ledger = new SandboxLedger(dir, CLOCK, List.of(), store)) {
      ledger.follow(Long.MAX_VALUE - 1, delivered::add);
      CountDownLatch release = holdNextAppend(store);
      CompletableFuture<Ledger.Committed> held =
          CompletableFuture.supplyAsync(() -> issue(ledger, "LC-HELD"));
      assertThat(store.appending.await(5, TimeUnit.SECONDS)).isTrue();
      store.proceedAppend = null;
      List<CompletableFuture<Ledger.Committed>> queued = new java.util.ArrayList<>();
      for (int i = 0; i < 12; i++) {
        String lc = "LC-G" + i;
        queued.add(CompletableFuture.supplyAsync(() -> issue(ledger, lc)));
      }
      // executed and queued, none answered while the block before them is being written
      Thread.sleep(300);
      assertThat(queued).noneMatch(CompletableFuture::isDone);
      release.countDown();
      answers = new java.util.ArrayList<>();
      answers.add(held.get(5, TimeUnit.SECONDS));
      for (CompletableFuture<Ledger.Committed> step : queued) {
        answers.add(step.get(5, TimeUnit.SECONDS));
      }
      long blocksAfterHeld =
          answers.stream().skip(1).map(a -> a.tx().blockNumber()).distinct().count();
      assertThat(blocksAfterHeld).isLessThan(12);
      assertThat(store.transactionsPerAppend).anyMatch(n -> n > 1);
      // every event once, in the chain's order, before its step was answered
      assertThat(delivered)
          .extracting(e -> e.tx().txId())
          .containsExactlyInAnyOrderElementsOf(answers.stream().map(a -> a.tx().txId()).toList());
      assertThat(delivered).extracting(e -> e.tx().blockNumber()).isSorted();
    }
    try (SandboxLedger ledger = open()) {
      for (Ledger.Committed answer : answers) {
        assertThat(ledger.find(SHANGHAI, answer.lc().lcNumber()).status())
            .isEqualTo(answer.lc().status());
        assertThat(ledger.locate(List.of(answer.tx().txId())))
            .singleElement()
            .extracting(Ledger.TxLocation::blockNumber)
            .isEqualTo(answer.tx().blockNumber());
      }
      assertThat(ledger.verify(answers.stream().map(a -> a.tx().txId()).toList()))
          .allMatch(Ledger.Check::passed);
    }
  }

  @Test
  void aReadWaitsUntilWhatItCouldSeeIsOnDisk() throws Exception {
    WatchedStore store = new WatchedStore(chain());
    try (SandboxLedger ledger = new SandboxLedger(dir, CLOCK, List.of(), store)) {
      CountDownLatch release = holdNextAppend(store);
      CompletableFuture<Ledger.Committed> writing =
          CompletableFuture.supplyAsync(() -> issue(ledger, "LC-R"));
      assertThat(store.appending.await(5, TimeUnit.SECONDS)).isTrue();
      CompletableFuture<String> reading =
          CompletableFuture.supplyAsync(() -> ledger.find(SHANGHAI, "LC-R").lcNumber());
      Thread.sleep(300);
      assertThat(reading).isNotDone();
      release.countDown();
      assertThat(reading.get(5, TimeUnit.SECONDS)).isEqualTo("LC-R");
      assertThat(writing.get(5, TimeUnit.SECONDS).lc().lcNumber()).isEqualTo("LC-R");
    }
  }

  @Test
  void aRetryArrivingWhileTheStepIsStillBeingWrittenGetsItsOutcomeAndNothingRunsTwice()
      throws Exception {
    WatchedStore store = new WatchedStore(chain());
    try (SandboxLedger ledger = new SandboxLedger(dir, CLOCK, List.of(), store)) {
      int genesis = store.transactionsPerAppend.size();
      CountDownLatch release = holdNextAppend(store);
      CompletableFuture<Ledger.Committed> first = keyedIssue(ledger, "LC-F", "key-F");
      assertThat(store.appending.await(5, TimeUnit.SECONDS)).isTrue();
      store.proceedAppend = null;
      CompletableFuture<Ledger.Committed> retry = keyedIssue(ledger, "LC-F", "key-F");
      Thread.sleep(200);
      assertThat(retry).isNotDone();
      // another request under the key is refused at once
      assertThatThrownBy(
              () -> keyedIssue(ledger, "LC-F2", "key-F", "another").get(5, TimeUnit.SECONDS))
          .hasCauseInstanceOf(LedgerException.KeyReused.class);
      release.countDown();
      assertThat(retry.get(5, TimeUnit.SECONDS).tx())
          .isEqualTo(first.get(5, TimeUnit.SECONDS).tx());
      assertThat(store.transactionsPerAppend.subList(genesis, store.transactionsPerAppend.size()))
          .containsExactly(1);
    }
  }

  @Test
  void concurrentStepsOnOneLcEachSeeTheOthersAsTheRulesWouldInTurn() throws Exception {
    int presenters = 6;
    try (SandboxLedger ledger = open()) {
      issue(ledger, "LC-C");
      ledger.submit(Member.branch("yangzhou"), "LC-C", new Command.Advise());
      // every presentation reads the LC the others write: most runs find what they read changed
      // and run again under the lock
      CountDownLatch go = new CountDownLatch(1);
      List<CompletableFuture<Ledger.Committed>> presented = new java.util.ArrayList<>();
      for (int i = 0; i < presenters; i++) {
        int n = i;
        presented.add(
            CompletableFuture.supplyAsync(
                () -> {
                  await(go);
                  return ledger.submit(Member.branch("yangzhou"), "LC-C", present(n));
                }));
      }
      go.countDown();
      List<Integer> numbers = new java.util.ArrayList<>();
      for (CompletableFuture<Ledger.Committed> p : presented) {
        numbers.add(p.get(10, TimeUnit.SECONDS).event().presentationNo());
      }
      assertThat(numbers).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6);
      assertThat(ledger.find(SHANGHAI, "LC-C").presentations()).hasSize(presenters);
      // and only one of concurrent advices of another LC is taken
      issue(ledger, "LC-D");
      CountDownLatch again = new CountDownLatch(1);
      List<CompletableFuture<Ledger.Committed>> advices = new java.util.ArrayList<>();
      for (int i = 0; i < presenters; i++) {
        advices.add(
            CompletableFuture.supplyAsync(
                () -> {
                  await(again);
                  return ledger.submit(Member.branch("yangzhou"), "LC-D", new Command.Advise());
                }));
      }
      again.countDown();
      AtomicInteger taken = new AtomicInteger();
      for (CompletableFuture<Ledger.Committed> a : advices) {
        try {
          a.get(10, TimeUnit.SECONDS);
          taken.incrementAndGet();
        } catch (java.util.concurrent.ExecutionException e) {
          assertThat(e.getCause()).isInstanceOf(LedgerException.Rejected.class);
        }
      }
      assertThat(taken).hasValue(1);
      assertThat(ledger.history(SHANGHAI, "LC-D")).hasSize(2);
    }
  }

  static Command.Present present(int n) {
    return new Command.Present(
        io.lcledger.chaincode.domain.Money.parse("100000.00"),
        java.time.LocalDate.parse("2026-03-01"),
        List.of(
            new io.lcledger.chaincode.domain.DocumentRef(
                "doc-" + n,
                io.lcledger.chaincode.domain.DocumentType.INVOICE,
                "invoice-" + n + ".pdf",
                "application/pdf",
                1024,
                "%064x".formatted(n + 1),
                "%064x".formatted(n + 1))));
  }

  static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static CompletableFuture<Ledger.Committed> keyedIssue(
      SandboxLedger ledger, String lcNumber, String key) {
    return keyedIssue(ledger, lcNumber, key, "request-" + key);
  }

  static CompletableFuture<Ledger.Committed> keyedIssue(
      SandboxLedger ledger, String lcNumber, String key, String requestHash) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (RequestKeys.Scope scope = RequestKeys.bind(key, requestHash, () -> {})) {
            return issue(ledger, lcNumber);
          }
        });
  }

  @Test
  void aChainThatCannotBeWrittenStopsTheLedgerUntilARestartAndLosesNothingOnDisk()
      throws Exception {
    WatchedStore store = new WatchedStore(chain());
    try (SandboxLedger ledger = new SandboxLedger(dir, CLOCK, List.of(), store)) {
      issue(ledger, "LC-OK");
      store.diskFull = true;
      assertThatThrownBy(() -> issue(ledger, "LC-LOST"))
          .isInstanceOf(LedgerException.Unavailable.class)
          .hasMessageContaining("restart");
      assertThat(ledger.isAvailable()).isFalse();
      // its world holds a step that is not on disk: nothing is answered from it any more
      assertThatThrownBy(() -> ledger.find(SHANGHAI, "LC-OK"))
          .isInstanceOf(LedgerException.Unavailable.class);
      assertThatThrownBy(() -> issue(ledger, "LC-AFTER"))
          .isInstanceOf(LedgerException.Unavailable.class);
    }
    try (SandboxLedger ledger = open()) {
      assertThat(ledger.isAvailable()).isTrue();
      assertThat(ledger.find(SHANGHAI, "LC-OK").lcNumber()).isEqualTo("LC-OK");
      assertThatThrownBy(() -> ledger.find(SHANGHAI, "LC-LOST"))
          .isInstanceOf(LedgerException.Rejected.class);
      issue(ledger, "LC-LOST");
    }
  }

  @Test
  void blocksWrittenBeforeGroupCommitWithOneTransactionEachStillReadAndVerify() throws Exception {
    String txId;
    try (SandboxLedger ledger = open()) {
      txId = issue(ledger, "LC-OLD").tx().txId();
    }
    // rewrite the chain as the earlier format had it: "tx" instead of "txs", hashed alone
    StringBuilder legacy = new StringBuilder();
    String previous = Block.GENESIS_PREVIOUS;
    for (String line : Files.readAllLines(chain())) {
      Block block = CanonicalJson.read(line, Block.class);
      Block.Tx tx = block.transactions().get(0);
      String hash =
          Block.sha256(
              block.number() + ":" + previous + ":" + Block.sha256(CanonicalJson.string(tx)));
      legacy.append(CanonicalJson.string(new Block(block.number(), previous, tx, null, hash)));
      legacy.append('\n');
      previous = hash;
    }
    Files.writeString(chain(), legacy.toString());
    Files.delete(snapshot()); // that format came before the snapshot
    assertThat(Files.readString(chain())).contains("\"tx\":{").doesNotContain("\"txs\"");
    try (SandboxLedger ledger = open()) {
      assertThat(ledger.find(SHANGHAI, "LC-OLD").lcNumber()).isEqualTo("LC-OLD");
      assertThat(ledger.verify(List.of(txId))).allMatch(Ledger.Check::passed);
      issue(ledger, "LC-NEW");
    }
    try (SandboxLedger ledger = open()) {
      assertThat(ledger.find(SHANGHAI, "LC-NEW").lcNumber()).isEqualTo("LC-NEW");
    }
  }

  /** Rewrites the chain with {@code change} applied to every transaction, sealing it anew. */
  void reseal(java.util.function.UnaryOperator<Block.Tx> change) throws IOException {
    StringBuilder resealed = new StringBuilder();
    String previous = Block.GENESIS_PREVIOUS;
    for (String line : Files.readAllLines(chain())) {
      Block block = CanonicalJson.read(line, Block.class);
      Block sealed =
          Block.seal(block.number(), previous, block.transactions().stream().map(change).toList());
      resealed.append(CanonicalJson.string(sealed)).append('\n');
      previous = sealed.hash();
    }
    Files.writeString(chain(), resealed.toString());
  }

  static Block.Tx forged(Block.Tx tx) {
    // an issue's arguments are empty (its terms travel outside the block): find it by what it wrote
    if (tx.writes().stream().noneMatch(w -> w.key().contains("LC-F"))) {
      return tx;
    }
    return new Block.Tx(
        tx.txId(),
        tx.mspId(),
        tx.creatorCertificate(),
        tx.function(),
        tx.args(),
        tx.timestamp(),
        tx.writes(),
        tx.policies(),
        tx.event(),
        java.util.Base64.getEncoder().encodeToString(new byte[70]),
        tx.requestKey(),
        tx.requestHash());
  }

  Path snapshot() {
    return chain().resolveSibling("state.mv.db");
  }

  @Test
  void aRestartTrustsItsSnapshotAndReplaysWhatFollowsAndAFullVerificationChecksEverything()
      throws Exception {
    Path genesisOnly = dir.resolve("genesis-snapshot");
    open().close(); // the genesis block only
    Files.copy(snapshot(), genesisOnly);
    try (SandboxLedger ledger = open()) {
      issue(ledger, "LC-1");
      issue(ledger, "LC-2");
    }
    // damage to block 1, below the snapshot: a start does not read it, a full verification does
    List<String> lines = Files.readAllLines(chain());
    String damaged =
        lines.get(0)
            + "\n"
            + lines.get(1).replace("LC-1", "LC-9") // what it wrote, under another LC's keys
            + "\n"
            + lines.get(2)
            + "\n";
    Files.writeString(chain(), damaged);
    try (SandboxLedger ledger = open()) {
      assertThat(ledger.find(SHANGHAI, "LC-2").lcNumber()).isEqualTo("LC-2");
      String issuedLc1 = ledger.history(SHANGHAI, "LC-1").get(0).txId();
      assertThat(ledger.verify(List.of(issuedLc1)).get(0).passed()).isFalse();
    }
    assertThatThrownBy(
            () -> new SandboxLedger(dir, CLOCK, List.of(), true, SandboxLedger.SNAPSHOT_EVERY))
        .hasMessageContaining(chain().toString())
        .hasMessageContaining("block 1");
    // the same damage after an older snapshot, one that holds the genesis block only: replayed,
    // and refused
    Files.delete(snapshot());
    Files.copy(genesisOnly, snapshot());
    assertThatThrownBy(this::open)
        .hasMessageContaining(chain().toString())
        .hasMessageContaining("block 1");
  }

  @Test
  void aForgedSignatureInAResealedChainIsRefusedAtStartAndByAFullVerification() throws Exception {
    try (SandboxLedger ledger = open()) {
      issue(ledger, "LC-1");
      issue(ledger, "LC-F");
    }
    // a forged signature in a chain resealed so that every hash and link holds
    reseal(SandboxLedgerTest::forged);
    assertThatThrownBy(this::open).hasMessageContaining("is not the block that was snapshotted");
    assertThatThrownBy(
            () -> new SandboxLedger(dir, CLOCK, List.of(), true, SandboxLedger.SNAPSHOT_EVERY))
        .hasMessageContaining(chain().toString())
        .hasMessageContaining("bad signature");
    // without a snapshot, as on a first start, every signature is checked
    Files.delete(snapshot());
    assertThatThrownBy(this::open).hasMessageContaining("bad signature");
  }

  @Test
  void aChainCutBelowItsSnapshotIsRefused() throws Exception {
    try (SandboxLedger ledger = open()) {
      issue(ledger, "LC-1");
      issue(ledger, "LC-2");
    }
    List<String> lines = Files.readAllLines(chain());
    Files.writeString(chain(), String.join("\n", lines.subList(0, lines.size() - 1)) + "\n");
    assertThatThrownBy(this::open).hasMessageContaining("ends before block");
  }

  @Test
  void snapshotsTakenUnderConcurrentStepsHoldExactlyTheChainBeforeThem() throws Exception {
    List<String> issued = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    try (SandboxLedger ledger =
        new SandboxLedger(dir, CLOCK, List.of(), false, 3)) { // a snapshot every 3 blocks
      java.util.concurrent.ExecutorService clients =
          java.util.concurrent.Executors.newFixedThreadPool(4);
      List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
      for (int c = 0; c < 4; c++) {
        int client = c;
        done.add(
            clients.submit(
                () -> {
                  for (int i = 0; i < 15; i++) {
                    String lc = "LC-S" + client + "-" + i;
                    issue(ledger, lc);
                    issued.add(lc);
                  }
                }));
      }
      for (java.util.concurrent.Future<?> f : done) {
        f.get();
      }
      clients.shutdown();
    }
    long blocks = Files.readAllLines(chain()).size();
    // every snapshot, the last one at shutdown, holds the whole chain it was taken after
    try (SandboxLedger ledger = open()) {
      for (String lc : issued) {
        assertThat(ledger.find(SHANGHAI, lc).lcNumber()).isEqualTo(lc);
      }
      issue(ledger, "LC-AFTER");
    }
    assertThat(Files.readAllLines(chain())).hasSize((int) blocks + 1);
    // and a full verification rebuilds the same world from the chain alone
    try (SandboxLedger ledger =
        new SandboxLedger(dir, CLOCK, List.of(), true, SandboxLedger.SNAPSHOT_EVERY)) {
      assertThat(ledger.find(SHANGHAI, "LC-AFTER").lcNumber()).isEqualTo("LC-AFTER");
      assertThat(ledger.find(SHANGHAI, issued.get(0)).lcNumber()).isEqualTo(issued.get(0));
    }
  }

  /** A world file on a full disk: its snapshot fails, and MVStore then closes the store. */
  static final class FullDiskState extends SandboxState {
    volatile boolean full;
    volatile boolean closed;

    FullDiskState(Path file) throws IOException {
      super(file);
    }

    @Override
    void snapshot() {
      if (full) {
        closed = true;
        throw new IllegalStateException("Writing to state.mv.db failed: No space left on device");
      }
      super.snapshot();
    }

    @Override
    void index(Block block, BlockStore.Position position) {
      if (closed) {
        throw new IllegalStateException("This store is closed");
      }
      super.index(block, position);
    }
  }

  @Test
  void aWorldFileThatCannotBeWrittenStopsTheLedgerAndAnswersEveryStepWaiting() throws Exception {
    WatchedStore store = new WatchedStore(chain());
    FullDiskState state = new FullDiskState(chain().resolveSibling("state.mv.db"));
    try (SandboxLedger ledger =
        new SandboxLedger(dir, CLOCK, List.of(), store, state, false, 1)) { // snapshot every block
      issue(ledger, "LC-1");
      state.full = true;
      CountDownLatch releaseB = holdNextAppend(store);
      CompletableFuture<Ledger.Committed> b =
          CompletableFuture.supplyAsync(() -> issue(ledger, "LC-B"));
      assertThat(store.appending.await(5, TimeUnit.SECONDS)).isTrue();
      store.proceedAppend = null;
      // C is executed and queued while B's block is written: before the ledger stops
      CompletableFuture<Ledger.Committed> c =
          CompletableFuture.supplyAsync(() -> issue(ledger, "LC-C"));
      Thread.sleep(300);
      releaseB.countDown(); // B's block is on disk, then its snapshot fails

      assertThat(b.get(5, TimeUnit.SECONDS).lc().lcNumber()).isEqualTo("LC-B");
      // C is answered, not left waiting for a committer that died on the closed store
      assertThatThrownBy(() -> c.get(5, TimeUnit.SECONDS))
          .hasCauseInstanceOf(LedgerException.Unavailable.class);
      assertThat(ledger.isAvailable()).isFalse();
      assertThatThrownBy(() -> issue(ledger, "LC-AFTER"))
          .isInstanceOf(LedgerException.Unavailable.class);
    }
    // a restart replays from the last snapshot: B's block is on the chain, C's is not
    try (SandboxLedger ledger = open()) {
      assertThat(ledger.find(SHANGHAI, "LC-B").lcNumber()).isEqualTo("LC-B");
      assertThatThrownBy(() -> ledger.find(SHANGHAI, "LC-C"))
          .isInstanceOf(LedgerException.Rejected.class);
    }
  }

  @Test
  void aFullVerificationSnapshotsAsItReplaysAndRebuildsEachKeysHistoryOnce() throws Exception {
    try (SandboxLedger ledger = open()) {
      for (int i = 0; i < 6; i++) {
        issue(ledger, "LC-R" + i);
      }
      ledger.submit(Member.branch("yangzhou"), "LC-R0", new Command.Advise());
    }
    // snapshots every 2 blocks while the whole chain is replayed (as memory requires on a long one)
    try (SandboxLedger ledger = new SandboxLedger(dir, CLOCK, List.of(), true, 2)) {
      assertThat(ledger.history(SHANGHAI, "LC-R0")).hasSize(2);
      assertThat(ledger.history(SHANGHAI, "LC-R5")).hasSize(1);
    }
    // and a start from the last of those snapshots finds the same
    try (SandboxLedger ledger = open()) {
      assertThat(ledger.history(SHANGHAI, "LC-R0")).hasSize(2);
      issue(ledger, "LC-R6");
    }
  }

  @Test
  void aSnapshotTakenWhileAStepWaitsForItsBlockHoldsNoneOfThatStepsWrites() throws Exception {
    WatchedStore store = new WatchedStore(chain());
    try (SandboxLedger ledger =
        new SandboxLedger(dir, CLOCK, List.of(), store, false, 1)) { // a snapshot every block
      issue(ledger, "LC-A");
      CountDownLatch releaseB = holdNextAppend(store);
      CompletableFuture<Ledger.Committed> b =
          CompletableFuture.supplyAsync(() -> issue(ledger, "LC-B"));
      assertThat(store.appending.await(5, TimeUnit.SECONDS)).isTrue();
      // C executes while B's block is written, and its own block is held in turn
      CountDownLatch releaseC = holdNextAppend(store);
      CompletableFuture<Ledger.Committed> c =
          CompletableFuture.supplyAsync(() -> issue(ledger, "LC-C"));
      Thread.sleep(300);
      releaseB.countDown(); // B's block, then a snapshot, while C waits for its block
      b.get(5, TimeUnit.SECONDS);
      assertThat(store.appending.await(5, TimeUnit.SECONDS)).isTrue();
      // the files as a kill -9 would leave them now
      try (var files = Files.walk(dir)) {
        for (Path file : (Iterable<Path>) files::iterator) {
          Path copy = killedImage.resolve(dir.relativize(file).toString());
          if (Files.isDirectory(file)) {
            Files.createDirectories(copy);
          } else {
            Files.copy(file, copy);
          }
        }
      }
      releaseC.countDown();
      c.get(5, TimeUnit.SECONDS);
    }
    try (SandboxLedger restarted = new SandboxLedger(killedImage, CLOCK, List.of())) {
      assertThat(restarted.history(SHANGHAI, "LC-A")).hasSize(1);
      assertThat(restarted.history(SHANGHAI, "LC-B")).hasSize(1);
      // its block never reached the disk, so nothing of it may be in the world
      assertThatThrownBy(() -> restarted.history(SHANGHAI, "LC-C"))
          .isInstanceOf(LedgerException.Rejected.class)
          .hasMessageContaining("LC_NOT_FOUND");
    }
  }

  @Test
  @org.junit.jupiter.api.Timeout(10) // before the fix, the step waited forever
  void aStepAfterShutdownIsRefusedNotLeftWaiting() throws Exception {
    SandboxLedger ledger = open();
    issue(ledger, "LC-BEFORE");
    ledger.close();
    assertThatThrownBy(() -> issue(ledger, "LC-AFTER"))
        .isInstanceOf(LedgerException.Unavailable.class)
        .hasMessageContaining("shutting down");
    try (SandboxLedger reopened = open()) {
      assertThat(reopened.find(SHANGHAI, "LC-BEFORE").lcNumber()).isEqualTo("LC-BEFORE");
    }
  }
}
