package io.lcledger.node.ledger.fabric;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import io.grpc.protobuf.StatusProto;
import io.lcledger.node.ledger.LedgerException;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.protos.gateway.ErrorDetail;
import org.junit.jupiter.api.Test;

/** What the node makes of the Gateway's refusals: the chaincode's code, or an unreachable peer. */
class FabricRefusalsTest {

  static GatewayException refused(int grpcCode, String... peerMessages) {
    return refusedBy("ShanghaiMSP", grpcCode, peerMessages);
  }

  /** The Gateway's refusal, with one detail per peer that failed, each of {@code msp}. */
  static GatewayException refusedBy(String msp, int grpcCode, String... peerMessages) {
    com.google.rpc.Status.Builder status =
        com.google.rpc.Status.newBuilder().setCode(grpcCode).setMessage("failed to endorse");
    for (String m : peerMessages) {
      status.addDetails(
          Any.pack(
              ErrorDetail.newBuilder()
                  .setAddress("127.0.0.1:18051")
                  .setMspId(msp)
                  .setMessage(m)
                  .build()));
    }
    return new GatewayException(StatusProto.toStatusRuntimeException(status.build()));
  }

  static final String[] BOTH_BANKS = {"ShanghaiMSP", "YangzhouMSP"};
  static final String ILLEGAL =
      "chaincode response 500, ILLEGAL_TRANSITION: PAY_AT_SIGHT is not allowed when PRESENTATION"
          + " is PRESENTED";

  @Test
  void endorsersThatSimulatedOnDifferentStatesAreToldApartFromARefusal() {
    assertThat(
            FabricLedger.endorsersDisagreed(
                refused(10, "ProposalResponsePayloads do not match"), "ShanghaiMSP", BOTH_BANKS))
        .isTrue();
    // this bank's own peer refused: the rules refuse the step
    assertThat(
            FabricLedger.endorsersDisagreed(
                refused(10, "chaincode response 500, NOT_AUTHORIZED: only the issuing bank closes"),
                "ShanghaiMSP",
                BOTH_BANKS))
        .isFalse();
  }

  @Test
  void anotherBanksPeerRefusingWhatTheOwnPeerEndorsedHasNotCaughtUpYet() {
    // shanghai examined, then paid at once: yangzhou's peer had not committed the examination
    assertThat(
            FabricLedger.endorsersDisagreed(
                refusedBy("YangzhouMSP", 10, ILLEGAL), "ShanghaiMSP", BOTH_BANKS))
        .isTrue();
    assertThat(
            FabricLedger.endorsersDisagreed(
                refusedBy("ShanghaiMSP", 10, ILLEGAL, ILLEGAL), "ShanghaiMSP", BOTH_BANKS))
        .isFalse();
    // a bank whose peer does not endorse (a forfaiter approaching): nothing to compare with
    assertThat(
            FabricLedger.endorsersDisagreed(
                refusedBy("YangzhouMSP", 10, ILLEGAL), "ForfaiterMSP", BOTH_BANKS))
        .isFalse();
  }

  @Test
  void theChaincodesCodePassesThroughWithItsDetail() {
    LedgerException e =
        FabricLedger.refusal(
            refused(10, "chaincode response 500, NOT_AUTHORIZED: only the issuing bank closes"),
            "tx-1");
    assertThat(e)
        .isInstanceOfSatisfying(
            LedgerException.Rejected.class,
            r -> {
              assertThat(r.code()).isEqualTo("NOT_AUTHORIZED");
              assertThat(r.detail()).isEqualTo("only the issuing bank closes");
              assertThat(r.txId()).isEqualTo("tx-1");
            });
  }

  @Test
  void anEvaluationsCodeInTheStatusMessageAloneIsFoundToo() {
    com.google.rpc.Status status =
        com.google.rpc.Status.newBuilder()
            .setCode(10)
            .setMessage(
                "evaluate call to endorser returned error: chaincode response 500, "
                    + "LC_NOT_FOUND: no LC X")
            .build();
    LedgerException e =
        FabricLedger.refusal(
            new GatewayException(StatusProto.toStatusRuntimeException(status)), null);
    assertThat(e)
        .isInstanceOfSatisfying(
            LedgerException.Rejected.class, r -> assertThat(r.code()).isEqualTo("LC_NOT_FOUND"));
  }

  @Test
  void aPeerThatDoesNotAnswerIsUnavailable() {
    assertThat(FabricLedger.refusal(refused(14), null))
        .isInstanceOf(LedgerException.Unavailable.class);
    assertThat(FabricLedger.refusal(refused(4), null))
        .isInstanceOf(LedgerException.Unavailable.class);
  }

  @Test
  void aRefusalWithoutACodeIsNeverMistakenForARuleOfTheContract() {
    assertThat(FabricLedger.refusal(refused(10, "access denied: creator org unknown"), null))
        .isInstanceOf(LedgerException.Unavailable.class);
  }
}
