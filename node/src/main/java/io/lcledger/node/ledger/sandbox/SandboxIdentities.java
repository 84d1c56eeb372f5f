package io.lcledger.node.ledger.sandbox;

import com.google.protobuf.ByteString;
import io.lcledger.node.keys.KeyFiles;
import io.lcledger.node.ledger.Member;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;
import org.bouncycastle.jcajce.provider.asymmetric.util.ECUtil;
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

  /**
   * One identity: MSP, certificate (PEM) and private key, the key also in the form the signer uses
   * (converted once: the conversion costs more than the signature).
   */
  record Identity(
      String mspId,
      String certificatePem,
      X509Certificate certificate,
      PrivateKey key,
      ECPrivateKeyParameters signingKey) {
    Identity(String mspId, String certificatePem, X509Certificate certificate, PrivateKey key) {
      this(mspId, certificatePem, certificate, key, privateParameters(key));
    }

    byte[] serialized() {
      return SerializedIdentity.newBuilder()
          .setMspid(mspId)
          .setIdBytes(ByteString.copyFromUtf8(certificatePem))
          .build()
          .toByteArray();
    }

    /**
     * ECDSA with SHA-256, DER-encoded, with a deterministic nonce (RFC 6979) and a low S as Fabric
     * requires. Bouncy Castle's signer with its P-256 field arithmetic and precomputed generator
     * table: about four times faster than the JDK's, and every step is signed.
     */
    String sign(byte[] data) {
      ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
      signer.init(true, signingKey);
      BigInteger[] rs = signer.generateSignature(sha256(data));
      BigInteger n = signingKey.getParameters().getN();
      BigInteger s = rs[1].compareTo(n.shiftRight(1)) > 0 ? n.subtract(rs[1]) : rs[1];
      try {
        return Base64.getEncoder().encodeToString(StandardDSAEncoding.INSTANCE.encode(n, rs[0], s));
      } catch (IOException e) {
        throw new IllegalStateException("cannot encode a signature", e);
      }
    }
  }

  private static ECPrivateKeyParameters privateParameters(PrivateKey key) {
    try {
      return (ECPrivateKeyParameters) ECUtil.generatePrivateKeyParameter(key);
    } catch (InvalidKeyException e) {
      throw new IllegalStateException("a sandbox identity whose key is not an EC key", e);
    }
  }

  private static byte[] sha256(byte[] data) {
    SHA256Digest digest = new SHA256Digest();
    digest.update(data, 0, data.length);
    byte[] out = new byte[digest.getDigestSize()];
    digest.doFinal(out, 0);
    return out;
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
      ECPublicKeyParameters key =
          (ECPublicKeyParameters) ECUtil.generatePublicKeyParameter(cert.getPublicKey());
      BigInteger[] rs =
          StandardDSAEncoding.INSTANCE.decode(
              key.getParameters().getN(), Base64.getDecoder().decode(signatureBase64));
      ECDSASigner verifier = new ECDSASigner();
      verifier.init(false, key);
      return verifier.verifySignature(sha256(data), rs[0], rs[1]);
    } catch (Exception e) {
      return false;
    }
  }

  private static Identity load(Path dir, String name, String mspId, String unit)
      throws IOException {
    KeyFiles.KeyAndCertificate keys =
        KeyFiles.loadOrCreate(dir, name, "CN=" + name + "@sandbox,OU=" + unit + ",O=" + mspId);
    return new Identity(mspId, keys.certificatePem(), keys.certificate(), keys.key());
  }
}
