package io.lcledger.network;

import static io.lcledger.network.Refusals.assertRefused;
import static io.lcledger.network.Requests.presentation;
import static io.lcledger.network.Requests.terms;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.hyperledger.fabric.client.CommitStatusException;
import org.hyperledger.fabric.client.EndorseException;
import org.hyperledger.fabric.client.Status;
import org.hyperledger.fabric.client.SubmitException;
import org.hyperledger.fabric.client.SubmittedTransaction;
import org.hyperledger.fabric.client.Transaction;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.junit.jupiter.api.Test;

/**
 * Components fail under the network's feet: the Raft leader, a peer, a chaincode server, and two
 * banks' steps racing on one LC. Steps end committed exactly once, or refused clearly.
 */
class FaultsIT {
  final LcNetwork net = LcNetwork.shared();
  final Bank shanghai = net.bank("shanghai");
  final Bank yangzhou = net.bank("yangzhou");

  String advised(String prefix) throws Exception {
    String lc = Requests.lcNumber(prefix);
    shanghai.submit("issue", terms(lc, "SIGHT"));
    yangzhou.submit("advise", lc);
    return lc;
  }

  /**
   * One step, exactly once: endorse (a failed endorsement changed nothing, so endorse afresh), then
   * submit that one signed transaction until its commit status is known. Resubmitting the same
   * transaction can never apply it twice: a second copy is invalid as DUPLICATE_TXID.
   */
  static Status exactlyOnce(Bank bank, String function, String... args) throws Exception {
    Transaction tx = null;
    for (int attempt = 1; ; attempt++) {
      try {
        if (tx == null) {
          tx = bank.endorse(function, args);
        }
        // the peer answers a transaction id's status from its ledger once committed, so a copy
        // submitted again reports the first copy's outcome
        return tx.submitAsync().getStatus();
      } catch (EndorseException | SubmitException | CommitStatusException e) {
        if (attempt == 30) {
          throw e;
        }
        System.out.printf("[faults] %s attempt %d: %s%n", function, attempt, e.getMessage());
        Thread.sleep(1000);
      }
    }
  }

  @Test
  void killingTheRaftLeaderUnderLoadLosesAndDuplicatesNothing() throws Exception {
    String lc = advised("RAFT");
    String leader = net.raftLeader();
    int steps = 16;
    List<Status> statuses = new ArrayList<>();
    CompletableFuture<Void> load =
        CompletableFuture.runAsync(
            () -> {
              try {
                for (int i = 0; i < steps; i++) {
                  statuses.add(exactlyOnce(yangzhou, "present", lc, presentation("10000.00")));
                }
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    LcNetwork.await("a few steps in", Duration.ofSeconds(60), () -> statuses.size() >= 3);
    net.kill(leader);
    load.join();
    assertThat(statuses).allSatisfy(s -> assertThat(s.isSuccessful()).isTrue());
    String newLeader = net.raftLeader();
    assertThat(newLeader).isNotEqualTo(leader);

    JsonNode after = shanghai.lc(lc);
    assertThat(after.path("presentations")).hasSize(steps);
    assertThat(shanghai.evaluate("getLcHistory", lc)).hasSize(2 + steps);

    net.start(leader);
    long target = net.height(newLeader);
    LcNetwork.await(
        leader + " catching up", Duration.ofMinutes(2), () -> net.height(leader) >= target);
  }

  @Test
  void aStoppedPeerCatchesUpAndServesQueries() throws Exception {
    Bank forfaiter = net.bank("forfaiter");
    net.stop("peer-yangzhou");
    List<String> issuedMeanwhile = new ArrayList<>();
    try {
      // an LC advised through yangzhou needs its peer: only the LC's banks' peers see its terms
      String toYangzhou = Requests.lcNumber("PEER");
      assertThat(Refusals.refusal(() -> shanghai.submit("issue", terms(toYangzhou, "SIGHT"))))
          .contains(net.env("LCNET_YANGZHOU_MSP"));
      assertRefused("LC_NOT_FOUND", () -> shanghai.lc(toYangzhou));
      // the other banks go on with their own LCs
      for (int i = 0; i < 3; i++) {
        String lc = Requests.lcNumber("PEER");
        shanghai.submit(
            "issue",
            terms(lc, "SIGHT")
                .replace("\"advisingBranch\":\"yangzhou\"", "\"advisingBranch\":\"forfaiter\""));
        issuedMeanwhile.add(lc);
      }
    } finally {
      net.start("peer-yangzhou");
    }
    long target = net.height("peer-shanghai");
    LcNetwork.await(
        "peer-yangzhou catching up",
        Duration.ofMinutes(2),
        () -> net.height("peer-yangzhou") >= target);
    for (String lc : issuedMeanwhile) {
      // from the blocks it missed: the public half (who must endorse), never the terms
      LcNetwork.await(
          "yangzhou knows of " + lc,
          Duration.ofSeconds(30),
          () -> readable(() -> yangzhou.evaluate("getLcEndorsers", lc)));
      assertRefused("LC_NOT_FOUND", () -> yangzhou.lc(lc));
      assertThat(forfaiter.submit("advise", lc).path("status").asText()).isEqualTo("ADVISED");
    }
    // and it endorses again: an LC advised through it
    String lc = Requests.lcNumber("PEER");
    shanghai.submit("issue", terms(lc, "SIGHT"));
    assertThat(yangzhou.submit("advise", lc).path("status").asText()).isEqualTo("ADVISED");
  }

  @Test
  void aPausedPeerTimesOutClearlyAndServesAgainWhenResumed() throws Exception {
    Bank forfaiter = net.bank("forfaiter");
    String query = "listLcsByParty";
    forfaiter.evaluate(query, "forfaiter", "", "5", "");
    net.pause("peer-forfaiter");
    try {
      assertThat(Refusals.refusal(() -> forfaiter.evaluate(query, "forfaiter", "", "5", "")))
          .contains("DEADLINE_EXCEEDED");
    } finally {
      net.resume("peer-forfaiter");
    }
    LcNetwork.await(
        "peer-forfaiter answering again",
        Duration.ofSeconds(30),
        () -> readable(() -> forfaiter.evaluate(query, "forfaiter", "", "5", "")));
  }

  @Test
  void aKilledChaincodeServerFailsItsPeersEndorsementsClearlyUntilItIsBack() throws Exception {
    String lc = advised("CCAAS");
    net.kill("chaincode-yangzhou");
    try {
      String refusal =
          Refusals.refusal(() -> yangzhou.submit("present", lc, presentation("10000.00")));
      assertThat(refusal).contains("chaincode");
    } finally {
      net.start("chaincode-yangzhou");
    }
    Status status = exactlyOnce(yangzhou, "present", lc, presentation("10000.00"));
    assertThat(status.isSuccessful()).isTrue();
    assertThat(shanghai.lc(lc).path("presentations")).hasSize(1);
  }

  @Test
  void twoConcurrentStepsOnOneLcCommitOnceAndTheLoserSucceedsOnAFreshTransaction()
      throws Exception {
    String lc = advised("MVCC");
    // both endorsed against the same version of the LC before either is ordered
    Transaction first = yangzhou.endorse("present", lc, presentation("10000.00"));
    Transaction second = yangzhou.endorse("present", lc, presentation("20000.00"));
    SubmittedTransaction a = first.submitAsync();
    SubmittedTransaction b = second.submitAsync();
    List<TxValidationCode> codes = List.of(a.getStatus().getCode(), b.getStatus().getCode());
    assertThat(codes)
        .containsExactlyInAnyOrder(TxValidationCode.VALID, TxValidationCode.MVCC_READ_CONFLICT);
    assertThat(shanghai.lc(lc).path("presentations")).hasSize(1);

    String loser = a.getStatus().isSuccessful() ? "20000.00" : "10000.00";
    Status retried = exactlyOnce(yangzhou, "present", lc, presentation(loser));
    assertThat(retried.getCode()).isEqualTo(TxValidationCode.VALID);
    JsonNode after = shanghai.lc(lc);
    assertThat(after.path("presentations")).hasSize(2);
    assertThat(after.at("/presentations/1/amount").asText()).isEqualTo(loser);
  }

  static boolean readable(Refusals.Call read) {
    try {
      read.run();
      return true;
    } catch (Exception e) {
      return false;
    }
  }
}
