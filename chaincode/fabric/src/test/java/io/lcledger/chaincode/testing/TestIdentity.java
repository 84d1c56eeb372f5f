package io.lcledger.chaincode.testing;

import java.io.StringWriter;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;

/**
 * A real Fabric creator identity for tests: an MSP ID and an X.509 certificate (ECDSA P-256) whose
 * subject carries the NodeOU ({@code client} or {@code admin}), serialised as the peer would.
 */
public record TestIdentity(String mspId, String commonName, String unit, byte[] serialized) {

  public static TestIdentity client(String mspId, String commonName) {
    return create(mspId, commonName, "client");
  }

  public static TestIdentity admin(String mspId) {
    return create(mspId, "Admin@" + mspId, "admin");
  }

  private static TestIdentity create(String mspId, String commonName, String unit) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair keys = generator.generateKeyPair();
      X500Name subject = new X500Name("CN=" + commonName + ",OU=" + unit + ",O=" + mspId);
      Instant now = Instant.parse("2026-01-01T00:00:00Z");
      X509CertificateHolder cert =
          new JcaX509v3CertificateBuilder(
                  subject,
                  BigInteger.valueOf(commonName.hashCode() & 0x7fffffff),
                  Date.from(now),
                  Date.from(now.plusSeconds(10L * 365 * 86400)),
                  subject,
                  keys.getPublic())
              .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()));
      StringWriter pem = new StringWriter();
      try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
        writer.writeObject(cert);
      }
      byte[] serialized =
          SerializedIdentity.newBuilder()
              .setMspid(mspId)
              .setIdBytes(com.google.protobuf.ByteString.copyFromUtf8(pem.toString()))
              .build()
              .toByteArray();
      return new TestIdentity(mspId, commonName, unit, serialized);
    } catch (Exception e) {
      throw new IllegalStateException("cannot create a test identity", e);
    }
  }
}
