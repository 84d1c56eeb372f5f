package io.lcledger.network;

import static io.lcledger.network.Requests.presentation;
import static io.lcledger.network.Requests.terms;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.hyperledger.fabric.client.CommitStatusException;
import org.hyperledger.fabric.client.EndorseException;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.client.SubmitException;
import org.hyperledger.fabric.client.Transaction;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.ConfigEnvelope;
import org.hyperledger.fabric.protos.common.ConfigGroup;
import org.hyperledger.fabric.protos.common.Consenter;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.Orderers;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.orderer.ConsensusType;
import org.hyperledger.fabric.protos.orderer.smartbft.Options;
import org.hyperledger.fabric.protos.peer.ProcessedTransaction;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * SmartBFT ordering ({@code lcnet up --orderer bft}): 4 orderers tolerate one that fails or lies (f
 * = 1). On a network of its own, beside the shared Raft one, steps commit with the view's leader
 * killed, and with the leader frozen (SIGSTOP) in the middle of a stream of steps, which then
 * catches up once it runs again. Each step is a real LC step through the Fabric Gateway.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BftOrderingIT {
  static LcNetwork net;
  static Bank shanghai;
  static Bank yangzhou;

  @BeforeAll
  static void up() {
    net = LcNetwork.bft();
    shanghai = net.bank("shanghai");
    yangzhou = net.bank("yangzhou");
  }

  @AfterAll
  static void down() {
    if (net != null) {
      net.down();
    }
  }

  /**
   * One step, exactly once, as {@link FaultsIT#exactlyOnce} but for BFT ordering: a SmartBFT
   * orderer refuses a transaction it has already processed ("request already processed"), so
   * submitting the same transaction again cannot learn its outcome as it does with Raft. Before
   * each new attempt the bank's own peer is asked whether the transaction is on its ledger.
   */
  static TxValidationCode exactlyOnce(Bank bank, String function, String... args) throws Exception {
    Transaction tx = null;
    for (int attempt = 1; ; attempt++) {
      try {
        if (tx == null) {
          tx = bank.endorse(function, args);
        } else {
          TxValidationCode known = committedCode(bank, tx.getTransactionId());
          if (known != null) {
            return known;
          }
        }
        return tx.submitAsync().getStatus().getCode();
      } catch (EndorseException | SubmitException | CommitStatusException e) {
        if (attempt == 90) {
          throw e;
        }
        System.out.printf("[bft] %s attempt %d: %s%n", function, attempt, e.getMessage());
        Thread.sleep(1000);
      }
    }
  }

  /** The validation code of a transaction on the bank's peer's ledger, or null if not there. */
  static TxValidationCode committedCode(Bank bank, String txId) throws Exception {
    try {
      byte[] bytes =
          bank.network
              .getContract("qscc")
              .evaluateTransaction("GetTransactionByID", LcNetwork.CHANNEL, txId);
      return TxValidationCode.forNumber(ProcessedTransaction.parseFrom(bytes).getValidationCode());
    } catch (GatewayException notThere) {
      return null;
    }
  }

  static int presentations(Bank bank, String lc) {
    try {
      return bank.lc(lc).path("presentations").size();
    } catch (Exception e) {
      return -1;
    }
  }

  String advised(String prefix) throws Exception {
    String lc = Requests.lcNumber(prefix);
    shanghai.submit("issue", terms(lc, "SIGHT"));
    yangzhou.submit("advise", lc);
    return lc;
  }

  @Test
  @Order(1)
  void theChannelIsOrderedByBftWithFourConsenters() throws Exception {
    byte[] bytes =
        shanghai
            .network
            .getContract("cscc")
            .evaluateTransaction("GetConfigBlock", LcNetwork.CHANNEL);
    Envelope envelope = Envelope.parseFrom(Block.parseFrom(bytes).getData().getData(0));
    ConfigGroup orderer =
        ConfigEnvelope.parseFrom(Payload.parseFrom(envelope.getPayload()).getData())
            .getConfig()
            .getChannelGroup()
            .getGroupsOrThrow("Orderer");

    ConsensusType consensus =
        ConsensusType.parseFrom(orderer.getValuesOrThrow("ConsensusType").getValue());
    assertThat(consensus.getType()).isEqualTo("BFT");
    Options options = Options.parseFrom(consensus.getMetadata());
    assertThat(options.getRequestBatchMaxInterval()).isEqualTo("250ms");
    assertThat(options.getLeaderRotation()).isNotEqualTo(Options.Rotation.ROTATION_ON);

    List<Consenter> consenters =
        Orderers.parseFrom(orderer.getValuesOrThrow("Orderers").getValue())
            .getConsenterMappingList();
    assertThat(consenters).extracting(Consenter::getId).containsExactly(1, 2, 3, 4);
    assertThat(consenters).extracting(Consenter::getMspId).containsOnly("OrdererMSP");
    assertThat(consenters)
        .allSatisfy(
            c -> {
              assertThat(c.getIdentity().toStringUtf8()).startsWith("-----BEGIN CERTIFICATE");
              assertThat(c.getServerTlsCert().toStringUtf8()).startsWith("-----BEGIN CERTIFICATE");
            });
    // peers and orderers check every block's signatures against this policy: a quorum of them
    assertThat(orderer.getPoliciesMap()).containsKey("BlockValidation");
    assertThat(net.orderers()).containsExactly("orderer1", "orderer2", "orderer3", "orderer4");
  }

  @Test
  @Order(2)
  void aStepCommitsWithTheLeaderKilled() throws Exception {
    String lc = advised("BFTKILL");
    String leader = net.bftLeader();
    net.kill(leader);
    try {
      TxValidationCode code = exactlyOnce(yangzhou, "present", lc, presentation("10000.00"));
      assertThat(code).isEqualTo(TxValidationCode.VALID);
      assertThat(shanghai.lc(lc).path("presentations")).hasSize(1);
      // the next step is ordered by the new view's leader
      assertThat(net.bftLeader()).isNotEqualTo(leader);
    } finally {
      net.start(leader);
    }
    long target = net.height("peer-shanghai");
    LcNetwork.await(
        leader + " catching up", Duration.ofMinutes(2), () -> net.height(leader) >= target);
  }

  @Test
  @Order(3)
  void stepsCommitWithTheLeaderStoppedMidConsensusAndItCatchesUp() throws Exception {
    String lc = advised("BFTSTOP");
    String frozen = net.bftLeader();
    int steps = 8;
    List<TxValidationCode> statuses = Collections.synchronizedList(new ArrayList<>());
    CompletableFuture<Void> load =
        CompletableFuture.runAsync(
            () -> {
              try {
                for (int i = 0; i < steps; i++) {
                  statuses.add(exactlyOnce(yangzhou, "present", lc, presentation("100.00")));
                }
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    try {
      LcNetwork.await("a few steps in", Duration.ofSeconds(60), () -> statuses.size() >= 2);
      // frozen while steps are being ordered: its connections stay open, it just never answers
      net.pause(frozen);
      load.join();
      assertThat(statuses).hasSize(steps).containsOnly(TxValidationCode.VALID);
      assertThat(yangzhou.lc(lc).path("presentations")).hasSize(steps);
      // a peer that happened to pull its blocks from the frozen orderer gets them from another
      // once it suspects it of withholding them (BFT delivery), so it may lag a while
      LcNetwork.await(
          "shanghai reading every presentation",
          Duration.ofSeconds(90),
          () -> presentations(shanghai, lc) == steps);
      long whileFrozen = net.height("peer-yangzhou");
      assertThat(net.orderers().stream().filter(o -> !o.equals(frozen)))
          .allSatisfy(o -> assertThat(net.height(o)).isGreaterThanOrEqualTo(whileFrozen));
    } finally {
      net.resume(frozen);
    }
    long target = net.height("peer-shanghai");
    LcNetwork.await(
        frozen + " catching up", Duration.ofMinutes(2), () -> net.height(frozen) >= target);
    // and the network still orders with all four
    assertThat(exactlyOnce(yangzhou, "present", lc, presentation("100.00")))
        .isEqualTo(TxValidationCode.VALID);
    long end = net.height("peer-shanghai");
    LcNetwork.await(
        "every orderer at " + end,
        Duration.ofSeconds(60),
        () -> net.orderers().stream().allMatch(o -> net.height(o) >= end));
  }
}
