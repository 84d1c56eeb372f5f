package io.lcledger.node.ledger.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.lcledger.node.ledger.Member;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.Signature;
import java.util.Base64;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SandboxIdentitiesTest {
  // the order of P-256's group
  private static final BigInteger N =
      new BigInteger("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);

  @TempDir Path dir;

  @Test
  void signaturesVerifyWithTheJdkAndAreDeterministicWithALowS() throws Exception {
    SandboxIdentities identities = new SandboxIdentities(dir);
    SandboxIdentities.Identity shanghai = identities.of(Member.branch("shanghai"));
    for (int i = 0; i < 50; i++) {
      byte[] data = ("proposal " + i).getBytes(StandardCharsets.UTF_8);
      String signed = shanghai.sign(data);

      Signature jdk = Signature.getInstance("SHA256withECDSA");
      jdk.initVerify(shanghai.certificate().getPublicKey());
      jdk.update(data);
      assertThat(jdk.verify(Base64.getDecoder().decode(signed))).isTrue();
      assertThat(SandboxIdentities.verify(shanghai.certificatePem(), data, signed)).isTrue();

      BigInteger s =
          ASN1Integer.getInstance(
                  ASN1Sequence.getInstance(Base64.getDecoder().decode(signed)).getObjectAt(1))
              .getValue();
      assertThat(s).isLessThanOrEqualTo(N.shiftRight(1));
      assertThat(shanghai.sign(data)).isEqualTo(signed);
    }
  }

  @Test
  void aSignatureOfOtherDataOrByAnotherIdentityDoesNotVerify() throws Exception {
    SandboxIdentities identities = new SandboxIdentities(dir);
    SandboxIdentities.Identity shanghai = identities.of(Member.branch("shanghai"));
    SandboxIdentities.Identity yangzhou = identities.of(Member.branch("yangzhou"));
    byte[] data = "issue LC-1".getBytes(StandardCharsets.UTF_8);
    String signed = shanghai.sign(data);

    assertThat(
            SandboxIdentities.verify(
                shanghai.certificatePem(), "issue LC-2".getBytes(StandardCharsets.UTF_8), signed))
        .isFalse();
    assertThat(SandboxIdentities.verify(yangzhou.certificatePem(), data, signed)).isFalse();
    assertThat(SandboxIdentities.verify(shanghai.certificatePem(), data, "not base64!")).isFalse();
  }

  @Test
  void aSignatureMadeByTheJdkStillVerifies() throws Exception {
    // chains written before the signer changed hold the JDK's signatures
    SandboxIdentities identities = new SandboxIdentities(dir);
    SandboxIdentities.Identity auditor = identities.of(Member.AUDITOR);
    byte[] data = "an older block's proposal".getBytes(StandardCharsets.UTF_8);
    Signature jdk = Signature.getInstance("SHA256withECDSA");
    jdk.initSign(auditor.key());
    jdk.update(data);
    String signed = Base64.getEncoder().encodeToString(jdk.sign());

    assertThat(SandboxIdentities.verify(auditor.certificatePem(), data, signed)).isTrue();
  }
}
