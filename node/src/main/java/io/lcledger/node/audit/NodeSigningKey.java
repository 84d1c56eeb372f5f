package io.lcledger.node.audit;

import io.lcledger.node.config.NodeProperties;
import io.lcledger.node.keys.KeyFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import org.springframework.stereotype.Component;

/**
 * The node's own signing key (ECDSA P-256) and certificate, created once under the data directory:
 * it signs exported audit trails, and its certificate is published so anyone can check them.
 */
@Component
public class NodeSigningKey {
  private final KeyFiles.KeyAndCertificate keys;

  public NodeSigningKey(NodeProperties properties) {
    String name = properties.sandbox() ? "sandbox" : String.join(",", properties.branches());
    try {
      keys =
          KeyFiles.loadOrCreate(
              properties.dataDir().resolve("node-key"),
              "node",
              "CN=LC ledger node " + name + ",O=LC ledger");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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
}
