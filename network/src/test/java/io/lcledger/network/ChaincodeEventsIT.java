package io.lcledger.network;

import static io.lcledger.network.Requests.terms;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.hyperledger.fabric.client.ChaincodeEvent;
import org.hyperledger.fabric.client.CloseableIterator;
import org.hyperledger.fabric.client.FileCheckpointer;
import org.hyperledger.fabric.client.Status;
import org.junit.jupiter.api.Test;

/**
 * The counterparty learns of each step from its own peer's chaincode events. A listener that stops
 * mid-stream and resumes from its durable checkpoint sees every event exactly once.
 */
class ChaincodeEventsIT {
  final LcNetwork net = LcNetwork.shared();
  final Bank shanghai = net.bank("shanghai");
  final Bank yangzhou = net.bank("yangzhou");

  record Seen(String txId, String name) {}

  Status step(Bank bank, String function, String... args) throws Exception {
    Status status = bank.commit(function, args);
    assertThat(status.isSuccessful()).as(function).isTrue();
    return status;
  }

  @Test
  void aListenerStoppedMidStreamResumesFromItsCheckpointWithEveryEventOnce() throws Exception {
    String lc = Requests.lcNumber("EVT");
    List<Seen> expected = new ArrayList<>();
    Status issued = step(shanghai, "issue", terms(lc, "SIGHT"));
    expected.add(new Seen(issued.getTransactionId(), "LcIssued"));
    expected.add(new Seen(step(yangzhou, "advise", lc).getTransactionId(), "LcAdvised"));
    expected.add(
        new Seen(
            step(yangzhou, "present", lc, Requests.presentation("100000.00")).getTransactionId(),
            "DocumentsPresented"));

    Path file = Files.createTempFile("lc-events", ".checkpoint");
    Files.delete(file);
    List<Seen> received = new ArrayList<>();
    Set<String> ours = new LinkedHashSet<>();
    expected.forEach(s -> ours.add(s.txId()));

    // first run: read two of our events, checkpointing each one processed, then stop
    try (FileCheckpointer checkpoint = new FileCheckpointer(file)) {
      listen(checkpoint, issued.getBlockNumber(), ours, received, 2);
    }
    assertThat(received).containsExactlyElementsOf(expected.subList(0, 2));

    // steps committed while nobody listens
    expected.add(
        new Seen(
            step(shanghai, "examine", lc, Requests.compliant(1)).getTransactionId(),
            "DocumentsFoundCompliant"));
    expected.add(
        new Seen(
            step(shanghai, "pay", lc, Requests.payment(1, "100000.00")).getTransactionId(),
            "PaymentMade"));
    expected.forEach(s -> ours.add(s.txId()));

    // second run resumes from the checkpoint file alone (its start block would replay all)
    try (FileCheckpointer checkpoint = new FileCheckpointer(file)) {
      listen(checkpoint, issued.getBlockNumber(), ours, received, 3);
    }
    assertThat(received).containsExactlyElementsOf(expected);
  }

  /** Reads events from yangzhou's peer until {@code count} of ours arrived, checkpointing each. */
  void listen(
      FileCheckpointer checkpoint, long startBlock, Set<String> ours, List<Seen> into, int count)
      throws Exception {
    int got = 0;
    try (CloseableIterator<ChaincodeEvent> events =
        yangzhou
            .network
            .newChaincodeEventsRequest(LcNetwork.CHAINCODE)
            .startBlock(startBlock)
            .checkpoint(checkpoint)
            .build()
            .getEvents(o -> o.withDeadlineAfter(30, TimeUnit.SECONDS))) {
      while (got < count && events.hasNext()) {
        ChaincodeEvent event = events.next();
        if (ours.contains(event.getTransactionId())) {
          into.add(new Seen(event.getTransactionId(), event.getEventName()));
          got++;
        }
        checkpoint.checkpointChaincodeEvent(event);
      }
    }
    assertThat(got).as("events received before the stream ended").isEqualTo(count);
  }
}
