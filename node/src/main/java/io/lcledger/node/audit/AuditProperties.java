package io.lcledger.node.audit;

import io.lcledger.node.keys.SignatureAlgorithm;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The audit exports' settings ({@code lc.audit.*}).
 *
 * @param signature {@code ecdsa} (the default: ECDSA P-256 with SHA-256) or {@code sm2} (SM2 with
 *     SM3): the algorithm of the node's key that signs exported trails; any other value stops the
 *     start with a message naming both
 */
@ConfigurationProperties("lc.audit")
public record AuditProperties(String signature) {
  public AuditProperties {
    signature = signature == null ? "ecdsa" : signature;
    SignatureAlgorithm.fromSetting(signature, "lc.audit.signature"); // fails the start if wrong
  }

  public SignatureAlgorithm algorithm() {
    return SignatureAlgorithm.fromSetting(signature, "lc.audit.signature");
  }
}
