package io.lcledger.node.keys;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
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
import java.util.stream.Stream;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * An ECDSA P-256 key and its self-signed X.509 certificate kept as PEM files: created on first use,
 * read back on every start, so what was signed before a restart still verifies after it.
 */
public final class KeyFiles {
  /** The key, its certificate, and the certificate as PEM text. */
  public record KeyAndCertificate(
      PrivateKey key, X509Certificate certificate, String certificatePem) {}

  private KeyFiles() {}

  /**
   * Loads {@code <name>-key.pem} and {@code <name>-cert.pem} from {@code dir}, creating them first
   * if absent.
   */
  public static KeyAndCertificate loadOrCreate(Path dir, String name, String subject)
      throws IOException {
    Path certFile = dir.resolve(name + "-cert.pem");
    Path keyFile = dir.resolve(name + "-key.pem");
    try {
      if (!Files.exists(certFile) || !Files.exists(keyFile)) {
        create(dir, certFile, keyFile, subject);
      }
      String certPem = Files.readString(certFile);
      X509Certificate cert =
          (X509Certificate)
              CertificateFactory.getInstance("X.509")
                  .generateCertificate(Files.newInputStream(certFile));
      try (PEMParser parser = new PEMParser(new StringReader(Files.readString(keyFile)))) {
        PrivateKey key =
            new JcaPEMKeyConverter().getPrivateKey((PrivateKeyInfo) parser.readObject());
        return new KeyAndCertificate(key, cert, certPem);
      }
    } catch (IOException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException("cannot load or create the key " + name + " in " + dir, e);
    }
  }

  /**
   * The file itself, or the only file of a directory: an MSP keeps its certificate, key and CA
   * certificate each alone in a directory ({@code signcerts}, {@code keystore}, {@code cacerts}).
   */
  public static Path fileOrOnlyFileIn(Path path) throws IOException {
    if (!Files.isDirectory(path)) {
      return path;
    }
    try (Stream<Path> files = Files.list(path)) {
      return files
          .filter(Files::isRegularFile)
          .findFirst()
          .orElseThrow(() -> new IOException("no file in " + path));
    }
  }

  private static void create(Path dir, Path certFile, Path keyFile, String subject)
      throws Exception {
    Files.createDirectories(dir);
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair keys = generator.generateKeyPair();
    X500Name name = new X500Name(subject);
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    X509Certificate cert =
        new JcaX509CertificateConverter()
            .getCertificate(
                new JcaX509v3CertificateBuilder(
                        name,
                        BigInteger.valueOf(now.toEpochMilli()),
                        Date.from(now.minus(1, ChronoUnit.DAYS)),
                        Date.from(now.plus(3650, ChronoUnit.DAYS)),
                        name,
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
