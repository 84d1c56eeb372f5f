package io.lcledger.node.peers;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;

/**
 * How a node-to-node request is signed: ECDSA with SHA-256 over its method, path, the member it is
 * made as, the member whose node it is for (so it cannot be replayed to another node) and its date
 * (so it cannot be replayed later).
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

  private static final String ALGORITHM = "SHA256withECDSA";

  private SignedRequests() {}

  static byte[] signed(String method, String path, String member, String audience, long date) {
    return String.join("\n", "LC-PEER-1", method, path, member, audience, Long.toString(date))
        .getBytes(StandardCharsets.UTF_8);
  }

  static byte[] sign(PrivateKey key, byte[] content) throws GeneralSecurityException {
    Signature signature = Signature.getInstance(ALGORITHM);
    signature.initSign(key);
    signature.update(content);
    return signature.sign();
  }

  static boolean verify(PublicKey key, byte[] content, byte[] signed) {
    try {
      Signature signature = Signature.getInstance(ALGORITHM);
      signature.initVerify(key);
      signature.update(content);
      return signature.verify(signed);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }
}
