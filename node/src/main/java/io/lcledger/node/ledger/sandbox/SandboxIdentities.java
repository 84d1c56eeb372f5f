package io.lcledger.node.ledger.sandbox;

import com.google.protobuf.ByteString;
import io.lcledger.node.ledger.Member;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;

/**
 * The sandbox network's X.509 identities (ECDSA P-256), one per organisation as Fabric's cryptogen
 * would issue them, with NodeOUs in the subject. Created once and kept under the data directory, so
 * transactions signed before a restart still verify after it.
 */
final class SandboxIdentities {
  static final Map<String, String> BRANCH_MSPS =
      Map.of("shanghai", "ShanghaiMSP", "yangzhou", "YangzhouMSP", "forfaiter", "ForfaiterMSP");
  static final String AUDITOR_MSP = "AuditorMSP";

  private final Map<String, Identity> byName = new LinkedHashMap<>();

  /** One identity: MSP, certificate (PEM) and private key. */
  record Identity(
      String mspId, String certificatePem, X509Certificate certificate, PrivateKey key) {
    byte[] serialized() {
      return SerializedIdentity.newBuilder()
          .setMspid(mspId)
          .setIdBytes(ByteString.copyFromUtf8(certificatePem))
          .build()
          .toByteArray();
    }

    String sign(byte[] data) {
      try {
        Signature signature = Signature.getInstance("SHA256withECDSA");
        signature.initSign(key);
        signature.update(data);
        return java.util.Base64.getEncoder().encodeToString(signature.sign());
      } catch (Exception e) {
        throw new IllegalStateException("cannot sign", e);
      }
    }
  }

  SandboxIdentities(Path directory) throws IOException {
    Files.createDirectories(directory);
    for (Map.Entry<String, String> branch : new java.util.TreeMap<>(BRANCH_MSPS).entrySet()) {
      byName.put(branch.getKey(), load(directory, branch.getKey(), branch.getValue(), "client"));
    }
    byName.put("auditor", load(directory, "auditor", AUDITOR_MSP, "client"));
    byName.put("admin", load(directory, "admin", BRANCH_MSPS.get("shanghai"), "admin"));
  }

  Identity of(Member member) {
    return switch (member.kind()) {
      case BRANCH -> {
        Identity identity = byName.get(member.branch());
        if (identity == null) {
          throw new IllegalArgumentException("not a sandbox branch: " + member.branch());
        }
        yield identity;
      }
      case AUDITOR -> byName.get("auditor");
      case ADMIN -> byName.get("admin");
    };
  }

  static boolean verify(String certificatePem, byte[] data, String signatureBase64) {
    try {
      X509Certificate cert =
          (X509Certificate)
              CertificateFactory.getInstance("X.509")
                  .generateCertificate(
                      new java.io.ByteArrayInputStream(
                          certificatePem.getBytes(StandardCharsets.UTF_8)));
      PublicKey key = cert.getPublicKey();
      Signature signature = Signature.getInstance("SHA256withECDSA");
      signature.initVerify(key);
      signature.update(data);
      return signature.verify(java.util.Base64.getDecoder().decode(signatureBase64));
    } catch (Exception e) {
      return false;
    }
  }

  private static Identity load(Path dir, String name, String mspId, String unit)
      throws IOException {
    Path certFile = dir.resolve(name + "-cert.pem");
    Path keyFile = dir.resolve(name + "-key.pem");
    try {
      if (!Files.exists(certFile) || !Files.exists(keyFile)) {
        create(certFile, keyFile, name, mspId, unit);
      }
      String certPem = Files.readString(certFile);
      X509Certificate cert =
          (X509Certificate)
              CertificateFactory.getInstance("X.509")
                  .generateCertificate(Files.newInputStream(certFile));
      try (PEMParser parser = new PEMParser(new StringReader(Files.readString(keyFile)))) {
        PrivateKey key =
            new JcaPEMKeyConverter().getPrivateKey((PrivateKeyInfo) parser.readObject());
        return new Identity(mspId, certPem, cert, key);
      }
    } catch (IOException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException("cannot load sandbox identity " + name, e);
    }
  }

  private static void create(Path certFile, Path keyFile, String name, String mspId, String unit)
      throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair keys = generator.generateKeyPair();
    X500Name subject = new X500Name("CN=" + name + "@sandbox,OU=" + unit + ",O=" + mspId);
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
