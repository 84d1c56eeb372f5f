package io.lcledger.node.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lcledger.chaincode.domain.LcEvent;
import io.lcledger.node.config.NodeProperties;
import io.lcledger.node.lc.LcService;
import io.lcledger.node.ledger.Ledger;
import jakarta.annotation.PostConstruct;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * The persisted outbox of notifications for this node's branches. Every committed ledger event is
 * turned into one notification per branch concerned (every event for auditors' streams) and
 * appended to the outbox file before anyone is told; on start the outbox catches up from the last
 * block it holds, so a restart loses nothing, and event ids make repeats harmless. The file is not
 * forced to disk per event: a killed process keeps what it wrote, and the tail a power loss could
 * take is derived again from the ledger, in the ledger's order, so with the same event ids and
 * sequence numbers that streams and webhooks were already given. Each notification is then
 * published on the node's event bus (Spring application events), outside the outbox's lock, to the
 * SSE streams, the webhooks and the portal.
 */
@Component
public class Outbox {
  private static final Logger log = LoggerFactory.getLogger(Outbox.class);

  /** The pseudo-branch whose stream carries every event, for auditors. */
  public static final String ALL = "*";

  private final LcService lcs;
  private final ApplicationEventPublisher bus;
  private final Set<String> branches;
  private final Path file;
  private final ObjectMapper json;
  // each stream's notifications in sequence order, so that reading after a sequence is a search
  private final Map<String, List<Notification>> byBranch = new HashMap<>();
  private long lastSequence;
  private final Set<String> seen = new HashSet<>();
  private long lastBlock = -1;

  public Outbox(
      LcService lcs, NodeProperties properties, ObjectMapper json, ApplicationEventPublisher bus) {
    this.lcs = lcs;
    this.bus = bus;
    this.branches = Set.copyOf(properties.branches());
    this.file = properties.dataDir().resolve("events").resolve("outbox.jsonl");
    this.json = json;
  }

  @PostConstruct
  void start() throws IOException {
    Files.createDirectories(file.getParent());
    if (Files.exists(file)) {
      recover();
    }
    // and what was committed while we were down: from the last block seen again, since a block can
    // hold several events and a crash may have cut it short; event ids drop the repeats
    lcs.follow(Math.max(-1, lastBlock - 1), this::accept);
  }

  /**
   * Reads the outbox back. A node killed while appending leaves a torn last line: it is cut off,
   * and its event comes again from the ledger, since the outbox resumes from the last block it
   * holds whole. Damage anywhere else is refused.
   */
  private void recover() throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    int start = 0;
    while (start < bytes.length) {
      int end = start;
      while (end < bytes.length && bytes[end] != '\n') {
        end++;
      }
      String line = new String(bytes, start, end - start, StandardCharsets.UTF_8);
      boolean last = end >= bytes.length - 1;
      if (!line.isBlank()) {
        Notification n;
        try {
          n = json.readValue(line, Notification.class);
        } catch (IOException torn) {
          if (!last) {
            throw new IOException("the outbox " + file + " is damaged before its end", torn);
          }
          log.warn("cutting a torn last line off the outbox {} at byte {}", file, start);
          try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(start);
            channel.force(true);
          }
          return;
        }
        keep(n);
        seen.add(n.eventId());
        lastBlock = Math.max(lastBlock, n.blockNumber());
      }
      start = end + 1;
    }
  }

  private void keep(Notification n) {
    byBranch.computeIfAbsent(n.branch(), k -> new ArrayList<>()).add(n);
    lastSequence = Math.max(lastSequence, n.sequence());
  }

  /**
   * At most {@code limit} notifications for {@code branch} (or {@link #ALL}) after sequence {@code
   * after}, in order.
   */
  public synchronized List<Notification> after(String branch, long after, int limit) {
    List<Notification> stream = byBranch.getOrDefault(branch, List.of());
    int low = 0;
    int high = stream.size();
    while (low < high) { // the first with a sequence above {@code after}
      int middle = (low + high) >>> 1;
      if (stream.get(middle).sequence() <= after) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    return List.copyOf(stream.subList(low, Math.min(stream.size(), low + Math.max(0, limit))));
  }

  public synchronized long lastSequence() {
    return lastSequence;
  }

  void accept(Ledger.LedgerEvent committed) {
    for (Notification n : record(committed)) {
      bus.publishEvent(n);
    }
  }

  /** The event's notifications that are new, appended to the outbox, in order. */
  private synchronized List<Notification> record(Ledger.LedgerEvent committed) {
    LcEvent lcEvent = committed.event();
    Ledger.TxRef tx = committed.tx();
    List<String> targets = new ArrayList<>();
    for (String branch : lcEvent.branches()) {
      if (branches.contains(branch)) {
        targets.add(branch);
      }
    }
    targets.add(ALL);
    List<Notification> fresh = new ArrayList<>();
    for (String branch : targets) {
      String eventId = tx.txId() + (branch.equals(ALL) ? "" : "/" + branch);
      if (seen.add(eventId)) {
        fresh.add(
            new Notification(
                eventId,
                lastSequence() + fresh.size() + 1,
                branch,
                lcEvent.name(),
                lcEvent.lcNumber(),
                lcEvent.step().name(),
                lcEvent.presentationNo(),
                lcEvent.amendmentNo(),
                lcEvent.status(),
                lcEvent.lcStatus().name(),
                lcEvent.actingBranch(),
                lcEvent.branches(),
                tx.txId(),
                tx.blockNumber(),
                lcEvent.timestamp(),
                lcEvent.companies()));
      }
    }
    append(fresh);
    fresh.forEach(this::keep);
    lastBlock = Math.max(lastBlock, tx.blockNumber());
    return fresh;
  }

  private void append(List<Notification> fresh) {
    if (fresh.isEmpty()) {
      return;
    }
    try (FileChannel channel =
        FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
      StringBuilder lines = new StringBuilder();
      for (Notification n : fresh) {
        lines.append(json.writeValueAsString(n)).append('\n');
      }
      ByteBuffer buffer = ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8));
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the outbox", e);
    }
  }
}
