package io.lcledger.node.peers;

import java.security.PrivateKey;
import java.util.Optional;

/**
 * The keys this node signs node-to-node requests with: each member's own ledger identity (in Fabric
 * mode, its MSP certificate and private key), so that the node asked can check the request against
 * that member's MSP.
 */
public interface MemberCredentials {
  Optional<Credential> of(String member);

  /** A member's private key and its certificate (PEM). */
  record Credential(PrivateKey key, String certificatePem) {}
}
