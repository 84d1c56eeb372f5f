package io.lcledger.node.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.lcledger.chaincode.domain.LcEvent;
import io.lcledger.chaincode.domain.LcStatus;
import io.lcledger.chaincode.domain.Step;
import io.lcledger.node.config.NodeProperties;
import io.lcledger.node.lc.LcService;
import io.lcledger.node.ledger.Ledger;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.ArgumentCaptor;
import org.springframework.context.ApplicationEventPublisher;

/** The outbox read back after a crash: a torn last line is cut off, other damage refused. */
class OutboxTest {
  @TempDir Path dir;
  final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule());
  final LcService lcs = mock(LcService.class);

  Outbox outbox() {
    return new Outbox(
        lcs,
        new NodeProperties("sandbox", dir, null, null, null, null, null),
        json,
        mock(ApplicationEventPublisher.class));
  }

  Path file() {
    return dir.resolve("events").resolve("outbox.jsonl");
  }

  String line(long sequence, long block) throws IOException {
    Notification n = WebhookDispatcherTest.notification();
    return json.writeValueAsString(
            new Notification(
                "tx-" + sequence + "/yangzhou",
                sequence,
                n.branch(),
                n.event(),
                n.lcNumber(),
                n.step(),
                null,
                null,
                n.status(),
                n.lcStatus(),
                n.actingBranch(),
                n.branches(),
                "tx-" + sequence,
                block,
                n.timestamp(),
                n.companies()))
        + "\n";
  }

  @Test
  void aTornLastLineIsCutOffAndTheLedgerIsFollowedAgainFromTheLastWholeBlock() throws Exception {
    Files.createDirectories(file().getParent());
    String whole = line(1, 7) + line(2, 9);
    String torn = line(3, 11);
    Files.writeString(file(), whole + torn.substring(0, torn.length() / 2), StandardCharsets.UTF_8);

    Outbox outbox = outbox();
    outbox.start();

    assertThat(outbox.lastSequence()).isEqualTo(2);
    assertThat(Files.readString(file(), StandardCharsets.UTF_8)).isEqualTo(whole);
    verify(lcs).follow(eq(8L), any()); // block 9 again: it may hold more events than were kept
  }

  static Ledger.LedgerEvent event(String txId, long block) {
    return new Ledger.LedgerEvent(
        new LcEvent(
            "LcIssued",
            "LC-" + txId,
            Step.ISSUE,
            null,
            null,
            "ISSUED",
            LcStatus.ISSUED,
            "shanghai",
            List.of("shanghai", "yangzhou"),
            txId,
            Instant.parse("2026-03-02T02:00:00Z"),
            List.of()),
        new Ledger.TxRef(txId, block));
  }

  @Test
  void aBlockCutShortInTheOutboxIsDeliveredAgainAndOnlyItsMissingEventsAreAdded() throws Exception {
    ArgumentCaptor<Consumer<Ledger.LedgerEvent>> listener = ArgumentCaptor.captor();
    Outbox first = outbox();
    first.start();
    verify(lcs).follow(eq(-1L), listener.capture());
    listener.getValue().accept(event("tx-a", 5));
    long afterA = first.lastSequence();
    assertThat(afterA).isEqualTo(3); // shanghai, yangzhou and the auditors' stream
    // killed before tx-b, the second transaction of block 5, reached the outbox

    Outbox restarted = outbox();
    restarted.start();
    verify(lcs).follow(eq(4L), listener.capture());
    listener.getValue().accept(event("tx-a", 5));
    listener.getValue().accept(event("tx-b", 5));

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
  }

  @Test
  void damageBeforeTheEndIsRefused() throws Exception {
    Files.createDirectories(file().getParent());
    String second = line(2, 9);
    Files.writeString(
        file(), line(1, 7) + second.substring(0, 20) + "\n" + line(3, 11), StandardCharsets.UTF_8);
    assertThatThrownBy(() -> outbox().start()).hasMessageContaining("damaged before its end");
  }
}
