package io.lcledger.node.ledger.fabric;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How a node reaches its branch's peer in Fabric mode ({@code lc.fabric.*}).
 *
 * @param peerEndpoint the branch's own peer, {@code host:port}
 * @param peerTlsCa the CA certificate that signed the peer's TLS certificate (PEM)
 * @param peerHostOverride the TLS server name to expect, when it is not the endpoint's host
 * @param channel the channel the LC chaincode runs on
 * @param chaincode the LC chaincode's name
 * @param identities who the node signs as: the branch it serves (and {@code auditor} on an
 *     auditor's node), each with its MSP id, certificate and private key (PEM files)
 * @param evaluateTimeout deadline of a read
 * @param endorseTimeout deadline of an endorsement
 * @param submitTimeout deadline of handing an endorsed transaction to the orderers
 * @param commitTimeout how long to wait for a transaction's commit status
 * @param conflictRetries how many fresh transactions a step is retried with after an MVCC read
 *     conflict
 */
@ConfigurationProperties("lc.fabric")
record FabricProperties(
    String peerEndpoint,
    Path peerTlsCa,
    String peerHostOverride,
    String channel,
    String chaincode,
    Map<String, Identity> identities,
    Duration evaluateTimeout,
    Duration endorseTimeout,
    Duration submitTimeout,
    Duration commitTimeout,
    Integer conflictRetries) {

  FabricProperties {
    channel = channel == null ? "lcchannel" : channel;
    chaincode = chaincode == null ? "lc" : chaincode;
    identities = identities == null ? Map.of() : Map.copyOf(identities);
    evaluateTimeout = evaluateTimeout == null ? Duration.ofSeconds(10) : evaluateTimeout;
    endorseTimeout = endorseTimeout == null ? Duration.ofSeconds(20) : endorseTimeout;
    submitTimeout = submitTimeout == null ? Duration.ofSeconds(10) : submitTimeout;
    commitTimeout = commitTimeout == null ? Duration.ofSeconds(30) : commitTimeout;
    conflictRetries = conflictRetries == null ? 3 : conflictRetries;
  }

  /** One signing identity: its MSP, its X.509 certificate and its private key. */
  record Identity(String mspId, Path certificate, Path privateKey) {}
}
