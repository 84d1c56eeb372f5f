package io.lcledger.node.audit;

import io.lcledger.node.config.NodeProperties;
import io.lcledger.node.keys.KeyFiles;
import io.lcledger.node.keys.SignatureAlgorithm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The node's own signing key and certificate, created once under the data directory: it signs
 * exported audit trails, and its certificate is published so anyone can check them. The key is
 * ECDSA P-256 ({@code node-key/node-key.pem}, {@code node-cert.pem}) or, with {@code
 * lc.audit.signature=sm2}, SM2 ({@code node-key/node-sm2-key.pem}, {@code node-sm2-cert.pem}); each
 * kept in its own files, so switching back and forth never replaces a key.
 */
@Component
public class NodeSigningKey {
  private final SignatureAlgorithm algorithm;
  private final KeyFiles.KeyAndCertificate keys;
  private final List<X509Certificate> certificates;

  @Autowired
  public NodeSigningKey(NodeProperties properties, AuditProperties audit) {
    this(
        properties.dataDir().resolve("node-key"),
        "CN=LC ledger node "
            + (properties.sandbox() ? "sandbox" : String.join(",", properties.branches()))
            + ",O=LC ledger",
        audit.algorithm());
  }

  /** The key of {@code algorithm} under {@code dir}, created there with {@code subject} if new. */
  public NodeSigningKey(Path dir, String subject, SignatureAlgorithm algorithm) {
    this.algorithm = algorithm;
    try {
      keys = KeyFiles.loadOrCreate(dir, fileName(algorithm), subject, algorithm);
      List<X509Certificate> known = new ArrayList<>(List.of(keys.certificate()));
      // the other algorithm's key, if this node ever had one: what it signed is still this node's
      for (SignatureAlgorithm other : SignatureAlgorithm.values()) {
        if (other != algorithm
            && Files.exists(dir.resolve(fileName(other) + "-cert.pem"))
            && Files.exists(dir.resolve(fileName(other) + "-key.pem"))) {
          known.add(KeyFiles.loadOrCreate(dir, fileName(other), subject, other).certificate());
        }
      }
      certificates = List.copyOf(known);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String fileName(SignatureAlgorithm algorithm) {
    // "node" is the ECDSA key's name from before SM2: kept, so existing keys stay in use
    return algorithm == SignatureAlgorithm.SM2 ? "node-sm2" : "node";
  }

  public SignatureAlgorithm algorithm() {
    return algorithm;
  }

  public PrivateKey key() {
    return keys.key();
  }

  public X509Certificate certificate() {
    return keys.certificate();
  }

  public String certificatePem() {
    return keys.certificatePem();
  }

  /** Every certificate of this node's export keys: the one in use first. */
  public List<X509Certificate> certificates() {
    return certificates;
  }
}
