package io.lcledger.node.peers;

import io.lcledger.node.keys.SignatureAlgorithm;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;

/**
 * How a node-to-node request is signed: over its method, path, the member it is made as, the member
 * whose node it is for (so it cannot be replayed to another node) and its date (so it cannot be
 * replayed later); SM2 with SM3 (default user ID) with an SM2 key, ECDSA with SHA-256 with any
 * other EC key, chosen by the key, so a signature is only ever checked as its signer's key would
 * make it.
 */
final class SignedRequests {
  static final String MEMBER = "X-LC-Member";
  static final String AUDIENCE = "X-LC-Audience";
  static final String DATE = "X-LC-Date";
  static final String CERTIFICATE = "X-LC-Certificate";
  static final String SIGNATURE = "X-LC-Signature";

  /** The longest value of each header accepted, before anything is parsed. */
  static final int MAX_NAME = 64;

  static final int MAX_CERTIFICATE = 8 * 1024;
  static final int MAX_SIGNATURE = 256;

  private SignedRequests() {}

  static byte[] signed(String method, String path, String member, String audience, long date) {
    return String.join("\n", "LC-PEER-1", method, path, member, audience, Long.toString(date))
        .getBytes(StandardCharsets.UTF_8);
  }

  static byte[] sign(PrivateKey key, byte[] content) throws GeneralSecurityException {
    Signature signature = algorithm(key).newSignature();
    signature.initSign(key);
    signature.update(content);
    return signature.sign();
  }

  /** SM2 for a key on sm2p256v1; ECDSA for any other, as before SM2 (Fabric may use P-384). */
  static SignatureAlgorithm algorithm(Key key) {
    return SignatureAlgorithm.of(key).orElse(SignatureAlgorithm.ECDSA);
  }

  static boolean verify(PublicKey key, byte[] content, byte[] signed) {
    try {
      Signature signature = algorithm(key).newSignature();
      signature.initVerify(key);
      signature.update(content);
      return signature.verify(signed);
    } catch (GeneralSecurityException | RuntimeException e) { // not a signature, or the wrong key
      return false;
    }
  }
}
