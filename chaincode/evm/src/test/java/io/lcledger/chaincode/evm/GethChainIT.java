package io.lcledger.chaincode.evm;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/** The test chain itself: it seals on demand, and a revert reads as a revert, mined or called. */
class GethChainIT {

  // runtime code: REVERT with no data; the init code returns those 5 bytes
  private static final String ALWAYS_REVERTS = "0x6460006000fd6000526005601bf3";

  @Test
  void sealsEachTransactionAndReportsReverts(@TempDir Path dir) throws Exception {
    try (GethChain chain = GethChain.start(dir)) {
      BigInteger before = chain.web3j().ethBlockNumber().send().getBlockNumber();
      String contract = chain.deploy(chain.account("admin"), ALWAYS_REVERTS, "");
      assertThat(chain.web3j().ethBlockNumber().send().getBlockNumber()).isGreaterThan(before);

      GethChain.Call call = chain.call(chain.account("shanghai"), contract, "0x");
      assertThat(call.reverted()).isTrue();
      assertThat(call.revertData()).isEqualTo("0x");

      TransactionReceipt mined = chain.send(chain.account("shanghai"), contract, "0x");
      assertThat(mined.isStatusOK()).isFalse();
      // the sender's nonce moved on: a second transaction is accepted and mined too
      assertThat(chain.send(chain.account("shanghai"), contract, "0x").getBlockNumber())
          .isGreaterThan(mined.getBlockNumber());
    }
  }
}
