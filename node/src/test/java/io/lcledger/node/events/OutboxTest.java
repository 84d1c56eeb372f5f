package io.lcledger.node.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.lcledger.chaincode.domain.LcStatus;
import io.lcledger.node.SandboxNode;
import io.lcledger.node.config.NodeProperties;
import io.lcledger.node.lc.LcIndex;
import io.lcledger.node.lc.LcService;
import io.lcledger.node.ledger.Ledger;
import io.lcledger.node.ledger.LedgerEvents;
import io.lcledger.node.store.TestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.context.ApplicationEventPublisher;

/**
 * The outbox and the read model over the node's store, on the sandbox's H2 and on a real
 * PostgreSQL: a batch of events is processed exactly once, a batch cut short by a crash comes again
 * without a repeat, two nodes over one database add each notification once, a file outbox of an
 * earlier version is brought in with its sequence numbers, and old notifications are deleted once
 * nothing needs them: never one a webhook has not delivered, never the newest (the sequence goes on
 * from it), never those of the blocks a restart takes events from again.
 */
class OutboxTest {
  @TempDir Path dir;
  final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule());
  final LcService lcs = mock(LcService.class);
  final List<TestDatabase> opened = new ArrayList<>();
  final SandboxNode.TestClock clock =
      new SandboxNode.TestClock(Instant.parse("2026-03-02T02:00:00Z"));

  TestDatabase database(String kind) {
    TestDatabase db = TestDatabase.of(kind, dir);
    opened.add(db);
    return db;
  }

  @AfterEach
  void close() {
    opened.forEach(TestDatabase::close);
  }

  @BeforeEach
  void theLedgerAnswersEachEventsLc() {
    given(lcs.indexEntry(any()))
        .willAnswer(
            call -> {
              Ledger.LedgerEvent e = call.getArgument(0);
              return LcIndex.Entry.unreadable(
                  e.event().lcNumber(),
                  e.event().lcStatus(),
                  e.event().branches(),
                  e.tx(),
                  "read by the test");
            });
  }

  Outbox outbox(TestDatabase db) {
    return outbox(db, mock(ApplicationEventPublisher.class));
  }

  Outbox outbox(TestDatabase db, ApplicationEventPublisher bus) {
    return new Outbox(
        lcs,
        new LcIndex(db.db),
        new NodeProperties("sandbox", dir, null, null, null, null, null),
        json,
        db.db,
        db.durable,
        db.transaction,
        bus,
        false,
        clock);
  }

  Path file() {
    return dir.resolve("events").resolve("outbox.jsonl");
  }

  String line(long sequence, long block) throws IOException {
    return json.writeValueAsString(WebhookDispatcherTest.notification(sequence, block)) + "\n";
  }

  static Ledger.LedgerEvent event(String txId, long block) {
    return LedgerEvents.issued(
        "LC-" + txId, txId, block, List.of("shanghai", "yangzhou"), List.of());
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void aBatchCutShortByACrashComesAgainAndOnlyItsMissingEventsAreAdded(String kind)
      throws Exception {
    TestDatabase db = database(kind);
    Outbox first = outbox(db);
    first.start();
    verify(lcs).follow(eq(-1L), any());
    first.process(List.of(event("tx-a", 5)));
    first.stop();
    assertThat(first.lastSequence()).isEqualTo(3); // shanghai, yangzhou and the auditors' stream
    // killed before tx-b, the second transaction of block 5, was processed

    Outbox restarted = outbox(db);
    restarted.start();
    verify(lcs).follow(eq(4L), any());
    restarted.process(List.of(event("tx-a", 5), event("tx-b", 5)));
    restarted.stop();

    assertThat(restarted.after(Outbox.ALL, 0, 10))
        .extracting(Notification::eventId, Notification::sequence)
        .containsExactly(tuple("tx-a", 3L), tuple("tx-b", 6L));
    assertThat(restarted.lastSequence()).isEqualTo(6);
    assertThat(restarted.after(Outbox.ALL, 3, 10))
        .extracting(Notification::eventId)
        .containsExactly("tx-b");
    assertThat(restarted.after("yangzhou", 0, 1))
        .extracting(Notification::eventId)
        .containsExactly("tx-a/yangzhou");
    assertThat(restarted.after("yangzhou", 6, 10)).isEmpty();
    assertThat(restarted.checkpoint()).isEqualTo(5);
    assertThat(db.db.sql("select count(*) from lc_entry").query(Long.class).single()).isEqualTo(2);
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void aBatchWhoseReadModelCannotBeWrittenLeavesTheOutboxAndTheCheckpointAsTheyWere(String kind)
      throws Exception {
    TestDatabase db = database(kind);
    Outbox outbox = outbox(db);
    outbox.start();
    outbox.stop();
    outbox.process(List.of(event("tx-a", 5)));
    doReturn(
            LcIndex.Entry.unreadable(
                "LC-" + "9".repeat(40), // longer than any LC number: the database refuses it
                LcStatus.ISSUED,
                List.of(),
                new Ledger.TxRef("tx-b", 6),
                "too long"))
        .when(lcs)
        .indexEntry(any());

    assertThatThrownBy(() -> outbox.process(List.of(event("tx-b", 6))))
        .isInstanceOf(RuntimeException.class);

    assertThat(outbox.after(Outbox.ALL, 0, 10))
        .extracting(Notification::eventId)
        .containsExactly("tx-a");
    assertThat(outbox.checkpoint()).isEqualTo(5);
    assertThat(outbox.lastSequence()).isEqualTo(3);
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void twoNodesOverOneDatabaseAddEachNotificationOnce(String kind) throws Exception {
    TestDatabase db = database(kind);
    Outbox one = outbox(db);
    Outbox two = outbox(db);
    one.start();
    two.start();
    one.stop();
    two.stop();
    List<Ledger.LedgerEvent> events = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      events.add(event("tx-" + i, i / 4));
    }
    CompletableFuture<Void> first =
        CompletableFuture.runAsync(() -> events.forEach(e -> one.process(List.of(e))));
    CompletableFuture<Void> second =
        CompletableFuture.runAsync(() -> events.forEach(e -> two.process(List.of(e))));
    first.get();
    second.get();

    List<Notification> all = one.after(Outbox.ALL, 0, 100);
    assertThat(all).hasSize(40);
    assertThat(all).extracting(Notification::eventId).doesNotHaveDuplicates();
    assertThat(db.db.sql("select count(*) from notification").query(Long.class).single())
        .isEqualTo(120);
    assertThat(one.checkpoint()).isEqualTo(9);
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void anLcReadForAnOlderEventNeverReplacesOneReadForANewer(String kind) {
    TestDatabase db = database(kind);
    LcIndex index = new LcIndex(db.db);
    index.put(
        List.of(
            LcIndex.Entry.unreadable(
                "LC-1", LcStatus.ADVISED, List.of("shanghai"), new Ledger.TxRef("tx-6", 6), "6")));
    // another node, which read the LC before block 6, writes after
    index.put(
        List.of(
            LcIndex.Entry.unreadable(
                "LC-1", LcStatus.ISSUED, List.of("shanghai"), new Ledger.TxRef("tx-5", 5), "5")));
    assertThat(db.db.sql("select status from lc_entry").query(String.class).single())
        .isEqualTo("ADVISED");
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2"})
  void aFileOutboxOfAnEarlierVersionIsBroughtInOnceWithItsSequences(String kind) throws Exception {
    Files.createDirectories(file().getParent());
    String whole = line(1, 7) + line(2, 9);
    String torn = line(3, 11);
    Files.writeString(file(), whole + torn.substring(0, torn.length() / 2), StandardCharsets.UTF_8);
    TestDatabase db = database(kind);

    Outbox outbox = outbox(db);
    outbox.start();
    outbox.stop();

    assertThat(outbox.lastSequence()).isEqualTo(2);
    assertThat(outbox.after("yangzhou", 0, 10))
        .extracting(Notification::eventId)
        .containsExactly("tx-1/yangzhou", "tx-2/yangzhou");
    assertThat(Files.exists(file())).isFalse();
    verify(lcs).follow(eq(-1L), any()); // the read model is filled from the start of the ledger
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2"})
  void aFileOutboxDamagedBeforeItsEndIsRefused(String kind) throws Exception {
    Files.createDirectories(file().getParent());
    String second = line(2, 9);
    Files.writeString(
        file(), line(1, 7) + second.substring(0, 20) + "\n" + line(3, 11), StandardCharsets.UTF_8);
    TestDatabase db = database(kind);
    assertThatThrownBy(() -> outbox(db).start()).hasMessageContaining("damaged before its end");
  }

  // ---- retention: old notifications go once nothing needs them

  static final Duration RETENTION = Duration.ofDays(30);

  NotificationRetention retention(Outbox outbox) {
    return new NotificationRetention(outbox, RETENTION, clock);
  }

  /** Events in blocks 1 to {@code blocks}, one each, three notifications each, a day apart. */
  Outbox daysOfEvents(TestDatabase db, int blocks) throws Exception {
    Outbox outbox = outbox(db);
    outbox.start();
    for (long block = 1; block <= blocks; block++) {
      outbox.process(List.of(event("tx-" + block, block)));
      clock.set(clock.instant().plus(Duration.ofDays(1)));
    }
    return outbox;
  }

  static List<Long> blocks(Outbox outbox) {
    return outbox.after(Outbox.ALL, 0, 1_000).stream().map(Notification::blockNumber).toList();
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void notificationsOlderThanTheRetentionGoAndTheSequenceGoesOn(String kind) throws Exception {
    TestDatabase db = database(kind);
    Outbox outbox = daysOfEvents(db, 40); // blocks 1..40, on days 0..39; now day 40

    int deleted = retention(outbox).prune();

    // recorded before day 10 (blocks 1..10), three notifications each
    assertThat(deleted).isEqualTo(30);
    assertThat(blocks(outbox))
        .containsExactlyElementsOf(LongStream.rangeClosed(11, 40).boxed().toList());
    long last = outbox.lastSequence();
    outbox.process(List.of(event("tx-41", 41)));
    assertThat(outbox.lastSequence()).isEqualTo(last + 3);
    assertThat(retention(outbox).prune()).isZero();
    outbox.stop();
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void whatAWebhookHasNotDeliveredIsKeptForItsBranchOnly(String kind) throws Exception {
    TestDatabase db = database(kind);
    Outbox outbox = daysOfEvents(db, 40);
    // yangzhou's webhook has delivered up to block 3's notifications (sequences 7 to 9)
    db.db
        .sql(
            "insert into subscription (subscription_id, branch, url, secret, delivered, attempts,"
                + " next_attempt) values ('s-1', 'yangzhou', 'http://127.0.0.1:1/', ?, 9, 5, 0)")
        .param("a secret of sixteen characters")
        .update();

    retention(outbox).prune();

    assertThat(blocks(outbox)).first().isEqualTo(11L); // the auditors' stream: pruned
    assertThat(outbox.after("shanghai", 0, 1_000))
        .first()
        .extracting(Notification::blockNumber)
        .isEqualTo(11L);
    assertThat(outbox.after("yangzhou", 0, 1_000))
        .first()
        .extracting(Notification::blockNumber)
        .isEqualTo(4L); // the first it has not delivered
    outbox.stop();
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void theBlocksARestartTakesAgainAreKeptHoweverOld(String kind) throws Exception {
    TestDatabase db = database(kind);
    Outbox outbox = daysOfEvents(db, 3); // a ledger quiet since
    clock.set(clock.instant().plus(Duration.ofDays(365)));

    retention(outbox).prune();
    outbox.stop();

    // the checkpoint is block 3: a restart takes events from block 2 again
    assertThat(blocks(outbox)).containsExactly(2L, 3L);
    Outbox restarted = outbox(db);
    restarted.start();
    restarted.process(List.of(event("tx-2", 2), event("tx-3", 3)));
    assertThat(restarted.lastSequence()).isEqualTo(9); // nothing added twice
    restarted.stop();
  }

  @Test
  void aRetentionThatIsNotPositiveIsAConfigurationError() throws Exception {
    Outbox outbox = outbox(database("h2"));
    assertThatThrownBy(() -> new NotificationRetention(outbox, Duration.ZERO, clock))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lc.events.retention");
  }

  @Test
  void aNotificationIsInTheDatabaseFileWhenItIsPublished() throws Exception {
    TestDatabase db = database("h2");
    List<Long> published = new ArrayList<>();
    Outbox outbox =
        outbox(
            db,
            event -> {
              long sequence = ((Notification) event).sequence();
              published.add(sequence);
              try { // as a kill -9 would leave the file while a client reads the notification
                TestDatabase.copyAsKilled(dir, dir.resolve("killed-" + sequence));
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
    outbox.start();
    for (int i = 0; i < 3; i++) {
      outbox.process(List.of(event("tx-" + i, i)));
    }
    outbox.stop();
    assertThat(published).hasSize(9);
    for (long sequence : published) {
      try (TestDatabase killed = TestDatabase.h2(dir.resolve("killed-" + sequence))) {
        assertThat(
                killed
                    .db
                    .sql("select count(*) from notification where sequence = ?")
                    .param(sequence)
                    .query(Long.class)
                    .single())
            .isEqualTo(1);
      }
    }
  }
}
