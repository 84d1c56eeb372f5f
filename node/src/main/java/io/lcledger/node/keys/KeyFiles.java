package io.lcledger.node.keys;

import java.io.IOException;
import java.io.InputStream;
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
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A key (ECDSA P-256, or SM2 on sm2p256v1) and its self-signed X.509 certificate kept as PEM files:
 * created on first use, read back on every start, so what was signed before a restart still
 * verifies after it.
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
    return loadOrCreate(dir, name, subject, SignatureAlgorithm.ECDSA);
  }

  /**
   * As {@link #loadOrCreate(Path, String, String)}, with a key of {@code algorithm}'s curve and a
   * certificate signed with it. SM2 keys and certificates are read with Bouncy Castle (the JDK
   * knows neither the curve nor SM3); ECDSA ones as before, with the JDK.
   */
  public static KeyAndCertificate loadOrCreate(
      Path dir, String name, String subject, SignatureAlgorithm algorithm) throws IOException {
    Path certFile = dir.resolve(name + "-cert.pem");
    Path keyFile = dir.resolve(name + "-key.pem");
    try {
      if (!Files.exists(certFile) || !Files.exists(keyFile)) {
        create(dir, certFile, keyFile, subject, algorithm);
      }
      String certPem = Files.readString(certFile);
      X509Certificate cert;
      try (InputStream in = Files.newInputStream(certFile)) {
        cert =
            algorithm == SignatureAlgorithm.SM2
                ? readCertificate(in)
                : (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
      }
      PrivateKey key = readPrivateKey(Files.readString(keyFile));
      if (SignatureAlgorithm.of(key).orElse(null) != algorithm) {
        throw new IOException(keyFile + " is not a key of " + algorithm.curve());
      }
      return new KeyAndCertificate(key, cert, certPem);
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

  /**
   * A PEM (PKCS#8) private key: an SM2 one through Bouncy Castle, any other through the JDK as
   * before, so existing ECDSA keys load exactly as they did.
   */
  public static PrivateKey readPrivateKey(String pem) throws IOException {
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      Object read = parser.readObject();
      PrivateKeyInfo info =
          read instanceof PEMKeyPair pair
              ? pair.getPrivateKeyInfo()
              : read instanceof PrivateKeyInfo plain ? plain : null;
      if (info == null) {
        throw new IOException("not a PEM private key");
      }
      boolean sm2 =
          info.getPrivateKeyAlgorithm().getParameters() instanceof ASN1ObjectIdentifier curve
              && GMObjectIdentifiers.sm2p256v1.equals(curve);
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      if (sm2) {
        converter.setProvider(SignatureAlgorithm.BOUNCY_CASTLE);
      }
      return converter.getPrivateKey(info);
    }
  }

  /**
   * An X.509 certificate (PEM or DER) read with Bouncy Castle, which also reads SM2 certificates
   * and checks SM3withSM2 signatures on them.
   */
  public static X509Certificate readCertificate(InputStream in) throws IOException {
    try {
      X509Certificate cert =
          (X509Certificate)
              CertificateFactory.getInstance("X.509", SignatureAlgorithm.BOUNCY_CASTLE)
                  .generateCertificate(in);
      if (cert == null) {
        throw new IOException("no certificate");
      }
      return cert;
    } catch (java.security.cert.CertificateException e) {
      throw new IOException("not an X.509 certificate", e);
    }
  }

  private static void create(
      Path dir, Path certFile, Path keyFile, String subject, SignatureAlgorithm algorithm)
      throws Exception {
    Files.createDirectories(dir);
    KeyPairGenerator generator =
        algorithm == SignatureAlgorithm.SM2
            ? KeyPairGenerator.getInstance("EC", SignatureAlgorithm.BOUNCY_CASTLE)
            : KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec(algorithm.curve()));
    KeyPair keys = generator.generateKeyPair();
    X500Name name = new X500Name(subject);
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
    if (algorithm == SignatureAlgorithm.SM2) {
      converter.setProvider(SignatureAlgorithm.BOUNCY_CASTLE); // the JDK cannot parse SM2 keys
    }
    X509Certificate cert =
        converter.getCertificate(
            new JcaX509v3CertificateBuilder(
                    name,
                    BigInteger.valueOf(now.toEpochMilli()),
                    Date.from(now.minus(1, ChronoUnit.DAYS)),
                    Date.from(now.plus(3650, ChronoUnit.DAYS)),
                    name,
                    keys.getPublic())
                .build(contentSigner(algorithm).build(keys.getPrivate())));
    Files.writeString(certFile, pem(cert));
    Files.writeString(keyFile, pem(new JcaPKCS8Generator(keys.getPrivate(), null)));
  }

  private static JcaContentSignerBuilder contentSigner(SignatureAlgorithm algorithm) {
    JcaContentSignerBuilder builder = new JcaContentSignerBuilder(algorithm.jcaName());
    return algorithm == SignatureAlgorithm.SM2
        ? builder.setProvider(SignatureAlgorithm.BOUNCY_CASTLE)
        : builder;
  }

  private static String pem(Object object) throws IOException {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(object);
    }
    return out.toString();
  }
}
