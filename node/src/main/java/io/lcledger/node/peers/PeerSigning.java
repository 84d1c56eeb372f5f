package io.lcledger.node.peers;

import java.security.GeneralSecurityException;
import java.util.Optional;

/**
 * How a ledger family's members sign node-to-node requests and how their signatures are checked:
 * with the key each member holds on the ledger, against the identity the ledger knows it by (in
 * Fabric, an X.509 certificate issued by the member's MSP; on an EVM chain, the account the
 * contract registered for it). Without a bean of this type, nodes sign with X.509 certificates
 * ({@link MemberCredentials}).
 */
public interface PeerSigning {

  /** Signs {@code content} as {@code member}; empty when this node holds no key of that member. */
  Optional<Signed> sign(String member, byte[] content) throws GeneralSecurityException;

  /** Whether {@code signed} is {@code member}'s own signature of {@code content}. */
  boolean verify(String member, Signed signed, byte[] content);

  /**
   * A signature and the identity it was made with, as sent: a certificate (Base64 of its PEM), or
   * an account's address.
   */
  record Signed(String identity, byte[] signature) {}
}
