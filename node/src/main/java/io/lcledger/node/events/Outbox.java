package io.lcledger.node.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lcledger.chaincode.domain.LcEvent;
import io.lcledger.node.config.DurableCommits;
import io.lcledger.node.config.NodeProperties;
import io.lcledger.node.lc.LcIndex;
import io.lcledger.node.lc.LcService;
import io.lcledger.node.ledger.Ledger;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The node's consumer of ledger events and its outbox of notifications. Every committed ledger
 * event becomes one notification per branch of this node it concerns (and one on the auditors'
 * stream), and its LC is read back from the ledger into the read model ({@link LcIndex}). Both, and
 * the checkpoint of how far the ledger has been processed, are written in one database transaction
 * per batch of events, so that a batch is processed exactly once: a crash before the commit
 * processes it again from the checkpoint, in the ledger's order, with the same event ids and
 * sequence numbers that streams and webhooks may already have been given. The notifications are
 * then published on the node's event bus (Spring application events), to the SSE streams, the
 * webhooks and the portal.
 *
 * <p>The ledger hands events over on its own thread, which must never wait for this node's reads of
 * the ledger (the sandbox's committer would wait for itself): they are queued and processed on the
 * outbox's own thread. A batch that fails (the ledger or the database unreachable) is kept and
 * tried again.
 */
@Component
public class Outbox {
  private static final Logger log = LoggerFactory.getLogger(Outbox.class);

  /** The pseudo-branch whose stream carries every event, for auditors. */
  public static final String ALL = "*";

  static final String CONSUMER = "ledger-events";
  private static final int MAX_BATCH = 500;
  private static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
  private static final long FIRST_RETRY_MS = 200;
  private static final long MAX_RETRY_MS = 10_000;

  private final LcService lcs;
  private final LcIndex index;
  private final ApplicationEventPublisher bus;
  private final Set<String> branches;
  private final Path legacyFile;
  private final ObjectMapper json;
  private final JdbcClient db;
  private final DurableCommits durable;
  private final TransactionTemplate transaction;
  private final boolean rebuild;
  private final Clock clock;
  private final BlockingQueue<Ledger.LedgerEvent> queue = new LinkedBlockingQueue<>();
  // queued by stop(): the thread ends without being interrupted
  private static final Ledger.LedgerEvent STOP = new Ledger.LedgerEvent(null, null);
  private final CountDownLatch stopped = new CountDownLatch(1);
  // the last notification published on this node's bus: each is published once per node
  private long published;
  private volatile Thread worker;

  public Outbox(
      LcService lcs,
      LcIndex index,
      NodeProperties properties,
      ObjectMapper json,
      JdbcClient db,
      DurableCommits durable,
      TransactionTemplate transaction,
      ApplicationEventPublisher bus,
      @Value("${lc.read-model.rebuild:false}") boolean rebuild,
      Clock clock) {
    this.lcs = lcs;
    this.index = index;
    this.bus = bus;
    this.branches = Set.copyOf(properties.branches());
    this.legacyFile = properties.dataDir().resolve("events").resolve("outbox.jsonl");
    this.json = json;
    this.db = db;
    this.durable = durable;
    this.transaction = transaction;
    this.rebuild = rebuild;
    this.clock = clock;
  }

  @PostConstruct
  void start() throws IOException {
    importLegacyOutbox();
    if (rebuild) {
      transaction.executeWithoutResult(
          status -> {
            index.clear();
            checkpoint(-1);
          });
      log.info("rebuilding the read model from the ledger (lc.read-model.rebuild)");
    }
    published = lastSequenceHeld(); // those before are read from the outbox by whoever needs them
    long checkpoint = checkpoint();
    Thread thread = new Thread(this::consume, "outbox");
    thread.setDaemon(true);
    worker = thread;
    thread.start();
    // from the checkpoint's block again: a block can hold several events and a batch may have
    // ended inside it; event ids drop the repeats
    lcs.follow(Math.max(-1, checkpoint - 1), queue::add);
  }

  /**
   * Stops the outbox's thread without interrupting it: an interrupted read of a file closes the
   * file's channel under whoever shares it (the ledger's, the database's). What was queued and not
   * processed is derived again from the ledger on the next start.
   */
  @PreDestroy
  void stop() throws InterruptedException {
    Thread thread = worker;
    worker = null;
    stopped.countDown();
    queue.add(STOP);
    if (thread != null) {
      thread.join(10_000);
    }
  }

  /** The highest block whose events have been processed (at least in part), or -1. */
  long checkpoint() {
    return db.sql("select block_number from event_checkpoint where consumer = ?")
        .param(CONSUMER)
        .query(Long.class)
        .single();
  }

  private void checkpoint(long block) {
    db.sql("update event_checkpoint set block_number = ? where consumer = ?")
        .params(block, CONSUMER)
        .update();
  }

  /**
   * At most {@code limit} notifications for {@code branch} (or {@link #ALL}) after sequence {@code
   * after}, in order.
   */
  public List<Notification> after(String branch, long after, int limit) {
    return db.sql(
            "select body from notification where branch = ? and sequence > ?"
                + " order by sequence limit ?")
        .params(branch, after, Math.max(0, limit))
        .query((rs, n) -> read(rs.getBytes(1)))
        .list();
  }

  private long lastSequenceHeld() {
    return db.sql("select coalesce(max(sequence), 0) from notification").query(Long.class).single();
  }

  /** The last notification in the outbox, whichever node of the branch added it. */
  public long lastSequence() {
    return lastSequenceHeld();
  }

  private void consume() {
    List<Ledger.LedgerEvent> batch = new ArrayList<>();
    long retry = FIRST_RETRY_MS;
    try {
      while (worker == Thread.currentThread()) {
        if (batch.isEmpty()) {
          batch.add(queue.take());
          gatherMore(batch);
        }
        if (batch.removeIf(e -> e == STOP) || worker != Thread.currentThread()) {
          return;
        }
        try {
          process(batch);
          batch.clear();
          retry = FIRST_RETRY_MS;
        } catch (RuntimeException e) {
          log.warn(
              "ledger events not processed yet, trying again in {} ms: {}", retry, e.toString());
          if (stopped.await(retry, TimeUnit.MILLISECONDS)) {
            return;
          }
          retry = Math.min(MAX_RETRY_MS, retry * 2);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Adds what is queued to the batch, and what comes within {@link #LINGER_NANOS}: a database
   * transaction per batch costs about as much for one event as for fifty (each commit writes its
   * changed pages), so under load events share one, as steps share a block. A notification waits at
   * most that long more.
   */
  private void gatherMore(List<Ledger.LedgerEvent> batch) throws InterruptedException {
    long until = System.nanoTime() + LINGER_NANOS;
    queue.drainTo(batch, MAX_BATCH - batch.size());
    while (batch.size() < MAX_BATCH && !batch.contains(STOP)) {
      Ledger.LedgerEvent next = queue.poll(until - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (next == null) {
        return;
      }
      batch.add(next);
      queue.drainTo(batch, MAX_BATCH - batch.size());
    }
  }

  /**
   * Processes a batch of events in one database transaction, then publishes its new notifications.
   * The LCs are read from the ledger first, outside the transaction.
   */
  void process(List<Ledger.LedgerEvent> batch) {
    Map<String, Ledger.LedgerEvent> lastOfEachLc = new LinkedHashMap<>();
    batch.forEach(committed -> lastOfEachLc.put(committed.event().lcNumber(), committed));
    List<LcIndex.Entry> entries =
        lastOfEachLc.values().stream()
            .map(lcs::indexEntry)
            .filter(java.util.Objects::nonNull) // none of this node's business
            .toList();
    long block = batch.stream().mapToLong(e -> e.tx().blockNumber()).max().orElse(-1);
    List<Notification> notifications =
        transaction.execute(
            status -> {
              long checkpoint = lockCheckpoint();
              List<Notification> all = record(batch, companiesOf(batch, entries));
              index.put(entries);
              checkpoint(Math.max(checkpoint, block));
              return all;
            });
    index.indexed(batch.stream().map(e -> e.tx().txId()).toList(), block);
    durable.flush(); // a notification published is kept: a client may resume after its sequence
    publish(notifications);
  }

  /**
   * Publishes, in order, the notifications not yet published on this node, whichever node of the
   * branch added them to the outbox: each node's SSE streams hear every one.
   */
  private void publish(List<Notification> notifications) {
    for (Notification n : notifications) {
      if (n.sequence() > published) {
        published = n.sequence();
        bus.publishEvent(n);
      }
    }
  }

  /**
   * The checkpoint, locked until the transaction ends: two nodes of one branch over one database
   * process batches one after the other, and each sees what the other has added.
   */
  private long lockCheckpoint() {
    return db.sql("select block_number from event_checkpoint where consumer = ? for update")
        .param(CONSUMER)
        .query(Long.class)
        .single();
  }

  /**
   * Appends the batch's new notifications to the outbox; answers all of the batch's notifications
   * for this node's streams, those added earlier (by a run cut short, or another node) included, in
   * sequence order.
   */
  private List<Notification> record(
      List<Ledger.LedgerEvent> batch, Map<String, List<String>> companies) {
    List<String> ids = new ArrayList<>();
    batch.forEach(committed -> ids.add(committed.tx().txId()));
    Set<String> done =
        new HashSet<>(
            db.sql("select event_id from notification where event_id in (:ids)")
                .param("ids", ids)
                .query(String.class)
                .list());
    long sequence = lastSequenceHeld();
    List<Notification> fresh = new ArrayList<>();
    List<String> earlier = new ArrayList<>();
    for (Ledger.LedgerEvent committed : batch) {
      // the auditors' notification, whose id is the transaction's, stands for the whole event
      if (!done.add(committed.tx().txId())) {
        for (String branch : targets(committed.event())) {
          earlier.add(eventId(committed.tx(), branch));
        }
        continue;
      }
      for (String branch : targets(committed.event())) {
        Notification n =
            notification(
                committed,
                branch,
                ++sequence,
                companies.getOrDefault(committed.event().lcNumber(), List.of()));
        insert(n);
        fresh.add(n);
      }
    }
    if (earlier.isEmpty()) {
      return fresh;
    }
    List<Notification> all =
        new ArrayList<>(
            db.sql("select body from notification where event_id in (:ids)")
                .param("ids", earlier)
                .query((rs, n) -> read(rs.getBytes(1)))
                .list());
    all.addAll(fresh);
    all.sort(java.util.Comparator.comparingLong(Notification::sequence));
    return all;
  }

  private void insert(Notification n) {
    db.sql(
            "insert into notification"
                + " (sequence, event_id, branch, block_number, body, recorded_at)"
                + " values (?, ?, ?, ?, ?, ?)")
        .params(
            n.sequence(), n.eventId(), n.branch(), n.blockNumber(), write(n), utc(clock.instant()))
        .update();
  }

  private static LocalDateTime utc(Instant instant) {
    return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  /**
   * Deletes up to {@code limit} of the notifications recorded before {@code before} that nothing
   * needs any more, oldest first; answers how many. Kept whatever their age: those a webhook of
   * their branch has not delivered yet, and those of the blocks a restart takes events from again,
   * which would otherwise come back as new; the newest notification is among those, so the next
   * sequence number still follows it.
   */
  int prune(Instant before, int limit) {
    return db.sql(
            "delete from notification where sequence in (select n.sequence from notification n"
                + " where n.recorded_at < ? and n.block_number < ?"
                + " and not exists (select 1 from subscription s"
                + " where s.branch = n.branch and s.delivered < n.sequence)"
                + " order by n.recorded_at limit ?)")
        // the checkpoint only grows: read a moment early, it keeps a block more, never less
        .params(utc(before), checkpoint() - 1, limit)
        .update();
  }

  private static String eventId(Ledger.TxRef tx, String branch) {
    return tx.txId() + (branch.equals(ALL) ? "" : "/" + branch);
  }

  /** The branches of this node the event concerns, then the auditors' stream last. */
  private List<String> targets(LcEvent event) {
    List<String> targets = new ArrayList<>();
    for (String branch : event.branches()) {
      if (branches.contains(branch)) {
        targets.add(branch);
      }
    }
    targets.add(ALL);
    return targets;
  }

  /**
   * The companies each LC of the batch is for. A ledger whose blocks every member reads (Fabric)
   * carries none in its events, the companies being part of the terms: they come from the LC as
   * this node read it, handed over by the ledger or entered in the read model.
   */
  private static Map<String, List<String>> companiesOf(
      List<Ledger.LedgerEvent> batch, List<LcIndex.Entry> entries) {
    Map<String, List<String>> companies = new java.util.HashMap<>();
    for (LcIndex.Entry entry : entries) {
      if (entry.lc() != null) { // else its notifications name no company
        companies.put(entry.lcNumber(), entry.lc().companies());
      }
    }
    for (Ledger.LedgerEvent committed : batch) {
      if (!committed.event().companies().isEmpty()) {
        companies.put(committed.event().lcNumber(), committed.event().companies());
      } else if (committed.lc() != null) {
        companies.put(committed.event().lcNumber(), committed.lc().companies());
      }
    }
    return companies;
  }

  private static Notification notification(
      Ledger.LedgerEvent committed, String branch, long sequence, List<String> companies) {
    LcEvent e = committed.event();
    Ledger.TxRef tx = committed.tx();
    return new Notification(
        eventId(tx, branch),
        sequence,
        branch,
        e.name(),
        e.lcNumber(),
        e.step().name(),
        e.presentationNo(),
        e.amendmentNo(),
        e.status(),
        e.lcStatus().name(),
        e.actingBranch(),
        e.branches(),
        tx.txId(),
        tx.blockNumber(),
        e.timestamp(),
        companies);
  }

  /** As UTF-8 bytes: the embedded H2 writes a text character by character. */
  private byte[] write(Notification n) {
    try {
      return json.writeValueAsBytes(n);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a notification that cannot be written as JSON", e);
    }
  }

  private Notification read(byte[] body) {
    try {
      return json.readValue(body, Notification.class);
    } catch (IOException e) {
      throw new IllegalStateException("the outbox holds a notification it cannot read", e);
    }
  }

  /**
   * A node that kept its outbox in a file (before the database) brings it into the database once,
   * with the same event ids and sequence numbers, so that no client is told anything twice.
   */
  private void importLegacyOutbox() throws IOException {
    if (!Files.exists(legacyFile)) {
      return;
    }
    Path done = legacyFile.resolveSibling("outbox.jsonl.imported");
    if (lastSequenceHeld() > 0) { // imported already, by a start that stopped before this move
      Files.move(legacyFile, done, StandardCopyOption.REPLACE_EXISTING);
      return;
    }
    List<String> lines = Files.readAllLines(legacyFile, StandardCharsets.UTF_8);
    List<Notification> kept = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).isBlank()) {
        continue;
      }
      try {
        kept.add(json.readValue(lines.get(i), Notification.class));
      } catch (IOException torn) {
        if (i < lines.size() - 1) {
          throw new IOException("the outbox " + legacyFile + " is damaged before its end", torn);
        }
        log.warn("a torn last line of {} is left out; its event comes again", legacyFile);
      }
    }
    transaction.executeWithoutResult(
        status -> {
          kept.forEach(this::insert);
          // the read model is empty: it is filled from the start of the ledger
          index.clear();
          checkpoint(-1);
        });
    durable.flush();
    Files.move(legacyFile, done, StandardCopyOption.REPLACE_EXISTING);
    log.info("imported {} notifications from {}", kept.size(), legacyFile);
  }
}
