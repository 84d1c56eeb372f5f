package io.lcledger.chaincode;

import org.hyperledger.fabric.contract.ContractRouter;

/**
 * Starts the LC chaincode. With {@code CHAINCODE_SERVER_ADDRESS} and {@code CORE_CHAINCODE_ID_NAME}
 * set it listens as a chaincode server (chaincode-as-a-service) for its peer to connect to;
 * otherwise it connects to the peer at {@code CORE_PEER_ADDRESS} as a classic chaincode.
 */
public final class LcChaincodeMain {
  private LcChaincodeMain() {}

  public static void main(String[] args) throws Exception {
    ContractRouter.main(args);
  }
}
