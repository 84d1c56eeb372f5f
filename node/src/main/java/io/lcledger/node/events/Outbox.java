package io.lcledger.node.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lcledger.chaincode.domain.LcEvent;
import io.lcledger.chaincode.ledger.CanonicalJson;
import io.lcledger.node.config.NodeProperties;
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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The persisted outbox of notifications for this node's branches. Every committed ledger event is
 * turned into one notification per branch concerned (every event for auditors' streams) and forced
 * to disk before anyone is told; on start the outbox catches up from the last block it saw, so a
 * restart loses nothing, and event ids make repeats harmless.
 */
@Component
public class Outbox {
  private static final Logger log = LoggerFactory.getLogger(Outbox.class);

  /** The pseudo-branch whose stream carries every event, for auditors. */
  public static final String ALL = "*";

  private final Ledger ledger;
  private final Set<String> branches;
  private final Path file;
  private final ObjectMapper json;
  private final List<Notification> notifications = new ArrayList<>();
  private final Set<String> seen = new HashSet<>();
  private final List<Consumer<Notification>> listeners = new CopyOnWriteArrayList<>();
  private long lastBlock = -1;

  public Outbox(Ledger ledger, NodeProperties properties, ObjectMapper json) {
    this.ledger = ledger;
    this.branches = Set.copyOf(properties.branches());
    this.file = properties.dataDir().resolve("events").resolve("outbox.jsonl");
    this.json = json;
  }

  @PostConstruct
  void start() throws IOException {
    Files.createDirectories(file.getParent());
    if (Files.exists(file)) {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (!line.isBlank()) {
          Notification n = json.readValue(line, Notification.class);
          notifications.add(n);
          seen.add(n.eventId());
          lastBlock = Math.max(lastBlock, n.blockNumber());
        }
      }
    }
    ledger.onEvent(this::accept);
    ledger.eventsAfter(lastBlock).forEach(this::accept); // what was committed while we were down
  }

  public void onNotification(Consumer<Notification> listener) {
    listeners.add(listener);
  }

  /** Notifications for {@code branch} (or {@link #ALL}) after sequence {@code after}, in order. */
  public synchronized List<Notification> after(String branch, long after) {
    return notifications.stream()
        .filter(n -> n.branch().equals(branch) && n.sequence() > after)
        .toList();
  }

  public synchronized long lastSequence() {
    return notifications.isEmpty() ? 0 : notifications.get(notifications.size() - 1).sequence();
  }

  synchronized void accept(Ledger.LedgerEvent event) {
    LcEvent lcEvent;
    try {
      lcEvent = CanonicalJson.read(event.payload(), LcEvent.class);
    } catch (RuntimeException notAnLcEvent) {
      return; // network administration events concern no branch
    }
    List<String> targets = new ArrayList<>();
    for (String branch : lcEvent.branches()) {
      if (branches.contains(branch)) {
        targets.add(branch);
      }
    }
    targets.add(ALL);
    List<Notification> fresh = new ArrayList<>();
    for (String branch : targets) {
      String eventId = event.txId() + (branch.equals(ALL) ? "" : "/" + branch);
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
                event.txId(),
                event.blockNumber(),
                lcEvent.timestamp()));
      }
    }
    append(fresh);
    notifications.addAll(fresh);
    lastBlock = Math.max(lastBlock, event.blockNumber());
    for (Notification n : fresh) {
      for (Consumer<Notification> listener : listeners) {
        try {
          listener.accept(n);
        } catch (RuntimeException e) {
          log.warn("notification listener failed for {}", n.eventId(), e);
        }
      }
    }
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
      channel.write(ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8)));
      channel.force(false);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the outbox", e);
    }
  }
}
