package io.lcledger.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.EndorseException;
import org.hyperledger.fabric.client.Gateway;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.client.Hash;
import org.hyperledger.fabric.client.Network;
import org.hyperledger.fabric.client.Status;
import org.hyperledger.fabric.client.SubmittedTransaction;
import org.hyperledger.fabric.client.Transaction;
import org.hyperledger.fabric.client.identity.Identities;
import org.hyperledger.fabric.client.identity.Signers;
import org.hyperledger.fabric.client.identity.X509Identity;
import org.hyperledger.fabric.protos.common.BlockchainInfo;

/**
 * One organisation's client of the network: its User1 identity and signing key read from its MSP
 * directory, one TLS gRPC channel to a peer, and a Fabric Gateway over it. Each call type has its
 * own deadline, so a dead component fails a call instead of hanging a test.
 */
final class Bank implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  final String name;
  final String mspId;
  private final ManagedChannel channel;
  private final Gateway gateway;
  final Network network;
  final Contract contract;

  private final java.util.function.UnaryOperator<String> mspOfBranch;

  private Bank(
      String name,
      String mspId,
      ManagedChannel channel,
      Gateway gateway,
      java.util.function.UnaryOperator<String> mspOfBranch) {
    this.mspOfBranch = mspOfBranch;
    this.name = name;
    this.mspId = mspId;
    this.channel = channel;
    this.gateway = gateway;
    this.network = gateway.getNetwork(LcNetwork.CHANNEL);
    this.contract = network.getContract(LcNetwork.CHAINCODE);
  }

  /** Connects {@code org}'s identity through {@code peerBranch}'s peer. */
  static Bank connect(LcNetwork net, String org, String peerBranch) {
    String up = org.toUpperCase(Locale.ROOT);
    String peer = peerBranch.toUpperCase(Locale.ROOT);
    try {
      Path msp = Path.of(net.env("LCNET_" + up + "_USER_MSP"));
      X509Identity identity;
      try (Reader r = Files.newBufferedReader(onlyFile(msp.resolve("signcerts")))) {
        identity =
            new X509Identity(net.env("LCNET_" + up + "_MSP"), Identities.readX509Certificate(r));
      }
      var key =
          Identities.readPrivateKey(
              Files.readString(onlyFile(msp.resolve("keystore")), StandardCharsets.UTF_8));
      ManagedChannel channel =
          Grpc.newChannelBuilder(
                  net.env("LCNET_" + peer + "_PEER"),
                  TlsChannelCredentials.newBuilder()
                      .trustManager(Path.of(net.env("LCNET_" + peer + "_PEER_TLS_CA")).toFile())
                      .build())
              .build();
      Gateway gateway =
          Gateway.newInstance()
              .identity(identity)
              .signer(Signers.newPrivateKeySigner(key))
              .hash(Hash.SHA256)
              .connection(channel)
              .evaluateOptions(o -> o.withDeadlineAfter(10, TimeUnit.SECONDS))
              .endorseOptions(o -> o.withDeadlineAfter(20, TimeUnit.SECONDS))
              .submitOptions(o -> o.withDeadlineAfter(10, TimeUnit.SECONDS))
              .commitStatusOptions(o -> o.withDeadlineAfter(15, TimeUnit.SECONDS))
              .connect();
      return new Bank(
          org,
          net.env("LCNET_" + up + "_MSP"),
          channel,
          gateway,
          branch -> net.env("LCNET_" + branch.toUpperCase(Locale.ROOT) + "_MSP"));
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot load the identity of " + org, e);
    }
  }

  private static Path onlyFile(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.findFirst().orElseThrow(() -> new IOException("empty " + dir));
    }
  }

  /**
   * Submits a step and waits for its commit; answers the LC as this bank then reads it from its own
   * peer (the transaction's own result is only the LC's public half). Like every call of a bank
   * here, it waits first until the bank's own peer has the block of the last transaction any bank
   * committed: a bank acts on what its own peer has, as it would on its own notification, not on
   * another bank's acknowledgement.
   */
  JsonNode submit(String function, String... args) throws GatewayException {
    SubmittedTransaction tx = endorse(function, args).submitAsync();
    Status status = tx.getStatus();
    if (!status.isSuccessful()) {
      throw new IllegalStateException(
          "transaction " + status.getTransactionId() + " invalid at commit: " + status.getCode());
    }
    committed(status);
    String lcNumber = json(tx.getResult()).path("lcNumber").asText();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      try {
        return lc(lcNumber);
      } catch (GatewayException e) {
        // a peer that was not among the endorsers (a forfaiter joining) gets the terms by gossip
        if (!String.valueOf(e.getMessage()).contains("TERMS_NOT_HELD")
            || System.nanoTime() > deadline) {
          throw e;
        }
        sleep(100);
      }
    }
  }

  /**
   * Endorses a step without submitting it: the signed transaction, to submit (again) at will. As
   * the node does, the request (an issue's terms, with a salt) travels in the transient field, and
   * only the peers of the LC's banks endorse: the issuing and advising banks' for an issue, those
   * its key-level policy names after.
   */
  Transaction endorse(String function, String... args) throws GatewayException {
    awaitOwnPeer();
    var proposal = contract.newProposal(function);
    if (function.equals("issue")) {
      byte[] salt = new byte[32];
      new java.security.SecureRandom().nextBytes(salt);
      String advising =
          json(args[0].getBytes(StandardCharsets.UTF_8)).path("advisingBranch").asText();
      proposal
          .addArguments("")
          .putTransient("terms", args[0].getBytes(StandardCharsets.UTF_8))
          .putTransient("salt", salt)
          .setEndorsingOrganizations(mspId, mspOfBranch.apply(advising));
    } else {
      if (args.length == 2) {
        proposal.addArguments(args[0], "").putTransient("request", args[1]);
      } else {
        proposal.addArguments(args);
      }
      List<String> orgs = new ArrayList<>();
      evaluate("getLcEndorsers", args[0]).forEach(org -> orgs.add(org.asText()));
      if (!orgs.isEmpty()) {
        proposal.setEndorsingOrganizations(orgs.toArray(String[]::new));
      }
    }
    // the other bank's peer may not have committed the block before yet: answers then differ,
    // nothing was submitted, and a fresh proposal moments later is endorsed alike
    for (int attempt = 0; ; attempt++) {
      try {
        return proposal.build().endorse();
      } catch (EndorseException e) {
        boolean disagreed =
            e.getDetails().stream()
                .anyMatch(d -> d.getMessage().contains("ProposalResponsePayloads do not match"));
        if (!disagreed || attempt >= 3) {
          throw e;
        }
        sleep(50L << attempt);
      }
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Submits a step and answers its commit status, valid or not, instead of throwing. */
  Status commit(String function, String... args) throws GatewayException {
    Status status = endorse(function, args).submitAsync().getStatus();
    committed(status);
    return status;
  }

  JsonNode evaluate(String function, String... args) throws GatewayException {
    awaitOwnPeer();
    return json(contract.evaluateTransaction(function, args));
  }

  /** The highest block that any bank's transaction committed in, in this JVM. */
  private static final AtomicLong LAST_COMMITTED = new AtomicLong(-1);

  private static void committed(Status status) {
    if (status.isSuccessful()) {
      LAST_COMMITTED.accumulateAndGet(status.getBlockNumber(), Math::max);
    }
  }

  /**
   * Waits, at most 5 s, until this bank's peer holds the last block any bank committed in. A peer
   * that cannot answer (a fault under test) is not waited for: the call itself will tell.
   */
  private void awaitOwnPeer() {
    long block = LAST_COMMITTED.get();
    if (block < 0) {
      return;
    }
    Contract qscc = network.getContract("qscc");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    try {
      while (System.nanoTime() < deadline) {
        long height =
            BlockchainInfo.parseFrom(qscc.evaluateTransaction("GetChainInfo", LcNetwork.CHANNEL))
                .getHeight();
        if (height > block) {
          return;
        }
        Thread.sleep(20);
      }
    } catch (GatewayException | InvalidProtocolBufferException e) {
      // the peer is down or paused: the call that follows meets that itself
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  JsonNode lc(String lcNumber) throws GatewayException {
    return evaluate("getLc", lcNumber);
  }

  static JsonNode json(byte[] bytes) {
    try {
      return JSON.readTree(bytes);
    } catch (IOException e) {
      throw new IllegalStateException("the chaincode answered no JSON", e);
    }
  }

  @Override
  public void close() {
    gateway.close();
    channel.shutdownNow();
  }

  @Override
  public String toString() {
    return name + " (" + mspId + ")";
  }
}
