package io.lcledger.chaincode.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.stub.StreamObserver;
import io.lcledger.chaincode.testing.TestIdentity;
import java.io.File;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Header;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.SignatureHeader;
import org.hyperledger.fabric.protos.peer.ChaincodeGrpc;
import org.hyperledger.fabric.protos.peer.ChaincodeID;
import org.hyperledger.fabric.protos.peer.ChaincodeInput;
import org.hyperledger.fabric.protos.peer.ChaincodeMessage;
import org.hyperledger.fabric.protos.peer.Proposal;
import org.hyperledger.fabric.protos.peer.Response;
import org.hyperledger.fabric.protos.peer.SignedProposal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Runs the packaged jar the way a peer's chaincode-as-a-service builder expects, and talks to it
 * over gRPC as the peer does: it must register under its chaincode ID and answer a transaction (the
 * contract metadata) that lists every transaction of both contracts.
 */
class ChaincodeServerIT {
  private Process server;

  @AfterEach
  void stop() throws InterruptedException {
    if (server != null) {
      server.destroy();
      server.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void servesAsAChaincodeServerWhenTheAddressIsSet() throws Exception {
    int port = freePort();
    Path jar = Path.of("target", "lc-chaincode-server.jar");
    assertThat(jar).exists();
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                jar.toString())
            .redirectErrorStream(true)
            .redirectOutput(new File("target/chaincode-server-it.log"));
    builder.environment().put("CHAINCODE_SERVER_ADDRESS", "127.0.0.1:" + port);
    builder.environment().put("CORE_CHAINCODE_ID_NAME", "lc:it");
    builder.environment().remove("CORE_PEER_ADDRESS");
    server = builder.start();
    awaitListening(port);

    ManagedChannel channel =
        ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    try {
      BlockingQueue<ChaincodeMessage> received = new LinkedBlockingQueue<>();
      StreamObserver<ChaincodeMessage> toChaincode =
          ChaincodeGrpc.newStub(channel).connect(new Collect(received));

      ChaincodeMessage register = received.poll(30, TimeUnit.SECONDS);
      assertThat(register).isNotNull();
      assertThat(register.getType()).isEqualTo(ChaincodeMessage.Type.REGISTER);
      assertThat(ChaincodeID.parseFrom(register.getPayload()).getName()).isEqualTo("lc:it");

      toChaincode.onNext(
          ChaincodeMessage.newBuilder().setType(ChaincodeMessage.Type.REGISTERED).build());
      toChaincode.onNext(
          ChaincodeMessage.newBuilder().setType(ChaincodeMessage.Type.READY).build());
      ChaincodeInput input =
          ChaincodeInput.newBuilder()
              .addArgs(ByteString.copyFromUtf8("org.hyperledger.fabric:GetMetadata"))
              .build();
      toChaincode.onNext(
          ChaincodeMessage.newBuilder()
              .setType(ChaincodeMessage.Type.TRANSACTION)
              .setTxid("it-tx-1")
              .setChannelId("lc-channel")
              .setPayload(input.toByteString())
              .setProposal(proposal("it-tx-1"))
              .build());
      ChaincodeMessage completed = received.poll(30, TimeUnit.SECONDS);
      assertThat(completed).isNotNull();
      assertThat(completed.getType())
          .as(completed.toString())
          .isEqualTo(ChaincodeMessage.Type.COMPLETED);
      Response response = Response.parseFrom(completed.getPayload());
      assertThat(response.getStatus()).isEqualTo(200);
      JsonNode metadata = new ObjectMapper().readTree(response.getPayload().toStringUtf8());
      assertThat(transactionNames(metadata.path("contracts").path("lc")))
          .contains(
              "issue",
              "advise",
              "proposeAmendment",
              "answerAmendment",
              "present",
              "examine",
              "waive",
              "refuse",
              "acceptDeferred",
              "pay",
              "grantBuyerFinancing",
              "repayBuyerFinancing",
              "forfait",
              "negotiate",
              "requestCancellation",
              "answerCancellation",
              "expire",
              "close",
              "getLc",
              "getLcHistory",
              "listLcsByParty",
              "listLcsByStatus");
      assertThat(transactionNames(metadata.path("contracts").path("network")))
          .contains("configure", "setCalendar", "getConfig", "getCalendar");
      toChaincode.onCompleted();
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  /** A signed proposal as a peer forwards it: channel header with the time, creator identity. */
  private static SignedProposal proposal(String txId) {
    ChannelHeader channelHeader =
        ChannelHeader.newBuilder()
            .setType(HeaderType.ENDORSER_TRANSACTION_VALUE)
            .setTxId(txId)
            .setChannelId("lc-channel")
            .setTimestamp(Timestamp.newBuilder().setSeconds(1_772_416_800L))
            .build();
    SignatureHeader signatureHeader =
        SignatureHeader.newBuilder()
            .setCreator(
                ByteString.copyFrom(
                    TestIdentity.client("ShanghaiMSP", "User1@shanghai").serialized()))
            .setNonce(ByteString.copyFromUtf8("nonce"))
            .build();
    Header header =
        Header.newBuilder()
            .setChannelHeader(channelHeader.toByteString())
            .setSignatureHeader(signatureHeader.toByteString())
            .build();
    Proposal proposal = Proposal.newBuilder().setHeader(header.toByteString()).build();
    return SignedProposal.newBuilder().setProposalBytes(proposal.toByteString()).build();
  }

  private static List<String> transactionNames(JsonNode contract) {
    List<String> names = new ArrayList<>();
    contract.path("transactions").forEach(t -> names.add(t.path("name").asText()));
    return names;
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private void awaitListening(int port) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      assertThat(server.isAlive())
          .as("chaincode server exited; see target/chaincode-server-it.log")
          .isTrue();
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
        return;
      } catch (java.io.IOException notYet) {
        Thread.sleep(200);
      }
    }
    throw new AssertionError("chaincode server did not listen on " + port);
  }

  private record Collect(BlockingQueue<ChaincodeMessage> queue)
      implements StreamObserver<ChaincodeMessage> {
    @Override
    public void onNext(ChaincodeMessage message) {
      queue.add(message);
    }

    @Override
    public void onError(Throwable t) {}

    @Override
    public void onCompleted() {}
  }
}
