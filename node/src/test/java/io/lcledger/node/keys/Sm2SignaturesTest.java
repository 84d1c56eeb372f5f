package io.lcledger.node.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.Signature;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithID;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.SM2Signer;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SM2 with SM3 as the node uses it: the standard's own example, then the node's keys. */
class Sm2SignaturesTest {
  @TempDir Path dir;

  static BigInteger hex(String value) {
    return new BigInteger(value, 16);
  }

  /** A "random" source that yields one fixed k, as the standard's example fixes it. */
  static final class FixedK extends SecureRandom {
    private final byte[] k;

    FixedK(BigInteger k) {
      this.k = org.bouncycastle.util.BigIntegers.asUnsignedByteArray(32, k);
    }

    @Override
    public void nextBytes(byte[] bytes) {
      System.arraycopy(k, 0, bytes, 0, bytes.length);
    }
  }

  /**
   * GB/T 32918.2-2016 Annex A.2: the example curve over F_p (256 bits), the private key, message
   * "message digest", user ID ALICE123@YAHOO.COM and a fixed k give these r and s.
   */
  @Test
  void bouncyCastleReproducesTheStandardsExampleSignature() throws Exception {
    ECCurve curve =
        new ECCurve.Fp(
            hex("8542D69E4C044F18E8B92435BF6FF7DE457283915C45517D722EDB8B08F1DFC3"),
            hex("787968B4FA32C3FD2417842E73BBFEFF2F3C848B6831D7E0EC65228B3937E498"),
            hex("63E4C6D3B23B0C849CF84241484BFE48F61D59A5B16BA06E6E12D1DA27C5249A"),
            hex("8542D69E4C044F18E8B92435BF6FF7DD297720630485628D5AE74EE7C32E79B7"),
            BigInteger.ONE);
    ECPoint g =
        curve.createPoint(
            hex("421DEBD61B62EAB6746434EBC3CC315E32220B3BADD50BDC4C4E6C147FEDD43D"),
            hex("0680512BCBB42C07D47349D2153B70C4E5D7FDFCBFA36EA1A85841B9E46E09A2"));
    ECDomainParameters domain = new ECDomainParameters(curve, g, curve.getOrder());
    BigInteger d = hex("128B2FA8BD433C6C068C8D803DFF79792A519A55171B1B650C23661D15897263");
    ECPrivateKeyParameters privateKey = new ECPrivateKeyParameters(d, domain);
    ECPoint publicPoint = g.multiply(d).normalize();
    // the example's public key, as the standard prints it
    assertThat(publicPoint.getAffineXCoord().toBigInteger())
        .isEqualTo(hex("0AE4C7798AA0F119471BEE11825BE46202BB79E2A5844495E97C04FF4DF2548A"));
    assertThat(publicPoint.getAffineYCoord().toBigInteger())
        .isEqualTo(hex("7C0240F88F1CD4E16352A73C17B7F16F07353E53A176D684A9FE0C6BB798E857"));
    byte[] id = "ALICE123@YAHOO.COM".getBytes(StandardCharsets.US_ASCII);
    byte[] message = "message digest".getBytes(StandardCharsets.US_ASCII);

    SM2Signer signer = new SM2Signer();
    signer.init(
        true,
        new ParametersWithID(
            new ParametersWithRandom(
                privateKey,
                new FixedK(
                    hex("6CB28D99385C175C94F94E934817663FC176D925DD72B727260DBAAE1FB2F96F"))),
            id));
    signer.update(message, 0, message.length);
    byte[] signature = signer.generateSignature();

    BigInteger[] rs = decode(domain.getN(), signature);
    assertThat(rs[0])
        .isEqualTo(hex("40F1EC59F793D9F49E09DCEF49130D4194F79FB1EED2CAA55BACDB49C4E755D1"));
    assertThat(rs[1])
        .isEqualTo(hex("6FC6DAC32C5D5CF10C77DFB20F7C2EB667A457872FB09EC56327A67EC7DEEBE7"));

    SM2Signer verifier = new SM2Signer();
    verifier.init(false, new ParametersWithID(new ECPublicKeyParameters(publicPoint, domain), id));
    verifier.update(message, 0, message.length);
    assertThat(verifier.verifySignature(signature)).isTrue();

    // another user ID, or another message: the same signature no longer verifies
    SM2Signer otherId = new SM2Signer();
    otherId.init(
        false,
        new ParametersWithID(
            new ECPublicKeyParameters(publicPoint, domain),
            "BOB123@YAHOO.COM".getBytes(StandardCharsets.US_ASCII)));
    otherId.update(message, 0, message.length);
    assertThat(otherId.verifySignature(signature)).isFalse();
    SM2Signer otherMessage = new SM2Signer();
    otherMessage.init(
        false, new ParametersWithID(new ECPublicKeyParameters(publicPoint, domain), id));
    byte[] changed = "message digesT".getBytes(StandardCharsets.US_ASCII);
    otherMessage.update(changed, 0, changed.length);
    assertThat(otherMessage.verifySignature(signature)).isFalse();
  }

  private static BigInteger[] decode(BigInteger n, byte[] signature) {
    try {
      return StandardDSAEncoding.INSTANCE.decode(n, signature);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void anSm2KeyOnSm2p256v1SignsAndVerifiesAndATamperedMessageDoesNot() throws Exception {
    KeyFiles.KeyAndCertificate keys =
        KeyFiles.loadOrCreate(dir, "sm2", "CN=sm2 test", SignatureAlgorithm.SM2);
    assertThat(SignatureAlgorithm.of(keys.key())).hasValue(SignatureAlgorithm.SM2);
    assertThat(SignatureAlgorithm.of(keys.certificate().getPublicKey()))
        .hasValue(SignatureAlgorithm.SM2);
    assertThat(keys.certificate().getSigAlgOID()).isEqualTo("1.2.156.10197.1.501"); // SM3withSM2
    keys.certificate().verify(keys.certificate().getPublicKey()); // self-signed, SM3withSM2

    byte[] message = "LC-1 audit trail".getBytes(StandardCharsets.UTF_8);
    Signature signer = SignatureAlgorithm.SM2.newSignature();
    signer.initSign(keys.key());
    signer.update(message);
    byte[] signature = signer.sign();

    Signature verifier = SignatureAlgorithm.SM2.newSignature();
    verifier.initVerify(keys.certificate().getPublicKey());
    verifier.update(message);
    assertThat(verifier.verify(signature)).isTrue();

    byte[] tampered = message.clone();
    tampered[0] ^= 1;
    verifier.initVerify(keys.certificate().getPublicKey());
    verifier.update(tampered);
    assertThat(verifier.verify(signature)).isFalse();
  }

  @Test
  void keysAreCreatedOnceAndReadBackAndEachAlgorithmKnowsItsCurve() throws Exception {
    KeyFiles.KeyAndCertificate sm2 =
        KeyFiles.loadOrCreate(dir, "node-sm2", "CN=node", SignatureAlgorithm.SM2);
    KeyFiles.KeyAndCertificate again =
        KeyFiles.loadOrCreate(dir, "node-sm2", "CN=node", SignatureAlgorithm.SM2);
    assertThat(again.certificate()).isEqualTo(sm2.certificate());
    assertThat(again.key().getEncoded()).isEqualTo(sm2.key().getEncoded());

    KeyFiles.KeyAndCertificate ecdsa = KeyFiles.loadOrCreate(dir, "node", "CN=node");
    assertThat(SignatureAlgorithm.of(ecdsa.key())).hasValue(SignatureAlgorithm.ECDSA);
    assertThat(ecdsa.certificate().getSigAlgName()).isEqualTo("SHA256withECDSA");
    assertThat(Files.list(dir).map(p -> p.getFileName().toString()))
        .containsExactlyInAnyOrder(
            "node-sm2-key.pem", "node-sm2-cert.pem", "node-key.pem", "node-cert.pem");

    // a key file of the other curve is refused rather than used for the wrong algorithm
    assertThatThrownBy(() -> KeyFiles.loadOrCreate(dir, "node", "CN=node", SignatureAlgorithm.SM2))
        .hasMessageContaining("sm2p256v1");
  }

  @Test
  void theSettingIsEcdsaOrSm2AndNothingElse() {
    assertThat(SignatureAlgorithm.fromSetting("SM2", "lc.audit.signature"))
        .isEqualTo(SignatureAlgorithm.SM2);
    assertThat(SignatureAlgorithm.fromSetting(" ecdsa ", "lc.audit.signature"))
        .isEqualTo(SignatureAlgorithm.ECDSA);
    assertThatThrownBy(() -> SignatureAlgorithm.fromSetting("rsa", "lc.audit.signature"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("lc.audit.signature must be ecdsa or sm2, not 'rsa'");
  }
}
