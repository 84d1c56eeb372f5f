package io.lcledger.node.ledger.sandbox;

import com.google.protobuf.ByteString;
import io.lcledger.node.keys.KeyFiles;
import io.lcledger.node.ledger.Member;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.Map;
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
    KeyFiles.KeyAndCertificate keys =
        KeyFiles.loadOrCreate(dir, name, "CN=" + name + "@sandbox,OU=" + unit + ",O=" + mspId);
    return new Identity(mspId, keys.certificatePem(), keys.certificate(), keys.key());
  }
}
