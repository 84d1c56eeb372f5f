package io.lcledger.node.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.lcledger.node.config.NodeProperties;
import io.lcledger.node.lc.LcService;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
  void aTornLastLineIsCutOffAndTheLedgerIsFollowedFromTheLastWholeBlock() throws Exception {
    Files.createDirectories(file().getParent());
    String whole = line(1, 7) + line(2, 9);
    String torn = line(3, 11);
    Files.writeString(file(), whole + torn.substring(0, torn.length() / 2), StandardCharsets.UTF_8);

    Outbox outbox = outbox();
    outbox.start();

    assertThat(outbox.lastSequence()).isEqualTo(2);
    assertThat(Files.readString(file(), StandardCharsets.UTF_8)).isEqualTo(whole);
    verify(lcs).follow(eq(9L), any());
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
