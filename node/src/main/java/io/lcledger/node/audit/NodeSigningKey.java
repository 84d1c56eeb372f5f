package io.lcledger.node.audit;

import io.lcledger.node.config.NodeProperties;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.springframework.stereotype.Component;

/**
 * The node's own signing key (ECDSA P-256) and certificate, created once under the data directory:
 * it signs exported audit trails, and its certificate is published so anyone can check them.
 */
@Component
public class NodeSigningKey {
  private final PrivateKey key;
  private final X509Certificate certificate;
  private final String certificatePem;

  public NodeSigningKey(NodeProperties properties) {
    Path dir = properties.dataDir().resolve("node-key");
    Path certFile = dir.resolve("node-cert.pem");
    Path keyFile = dir.resolve("node-key.pem");
    try {
      if (!Files.exists(certFile) || !Files.exists(keyFile)) {
        create(
            dir,
            certFile,
            keyFile,
            properties.sandbox() ? "sandbox" : String.join(",", properties.branches()));
      }
      certificatePem = Files.readString(certFile);
      certificate =
          (X509Certificate)
              CertificateFactory.getInstance("X.509")
                  .generateCertificate(Files.newInputStream(certFile));
      try (PEMParser parser = new PEMParser(new StringReader(Files.readString(keyFile)))) {
        key = new JcaPEMKeyConverter().getPrivateKey((PrivateKeyInfo) parser.readObject());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (Exception e) {
      throw new IllegalStateException("cannot load the node signing key", e);
    }
  }

  public PrivateKey key() {
    return key;
  }

  public X509Certificate certificate() {
    return certificate;
  }

  public String certificatePem() {
    return certificatePem;
  }

  private static void create(Path dir, Path certFile, Path keyFile, String name) throws Exception {
    Files.createDirectories(dir);
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair keys = generator.generateKeyPair();
    X500Name subject = new X500Name("CN=LC ledger node " + name + ",O=LC ledger");
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    X509Certificate cert =
        new JcaX509CertificateConverter()
            .getCertificate(
                new JcaX509v3CertificateBuilder(
                        subject,
                        BigInteger.valueOf(now.toEpochMilli()),
                        Date.from(now.minus(1, ChronoUnit.DAYS)),
                        Date.from(now.plus(3650, ChronoUnit.DAYS)),
                        subject,
                        keys.getPublic())
                    .build(
                        new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
    Files.writeString(certFile, pem(cert));
    Files.writeString(keyFile, pem(new JcaPKCS8Generator(keys.getPrivate(), null)));
  }

  private static String pem(Object object) throws IOException {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(object);
    }
    return out.toString();
  }
}
