package io.lcledger.node.keys;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.Provider;
import java.security.Signature;
import java.security.interfaces.ECKey;
import java.security.spec.ECParameterSpec;
import java.util.Locale;
import java.util.Optional;
import org.bouncycastle.asn1.gm.GMNamedCurves;
import org.bouncycastle.asn1.sec.SECNamedCurves;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The two signature algorithms the node signs and checks with, chosen by the key's curve: ECDSA
 * with SHA-256 on P-256, and SM2 with SM3 on sm2p256v1 (GB/T 32918, with the default user ID {@code
 * 1234567812345678} as GB/T 35275 and Bouncy Castle use).
 */
public enum SignatureAlgorithm {
  ECDSA("SHA256withECDSA", "secp256r1"),
  SM2("SM3withSM2", "sm2p256v1");

  /**
   * Bouncy Castle as an explicit provider, not installed JVM-wide: the JDK has no SM2 or SM3, and
   * registering a provider globally would change what every other library gets.
   */
  public static final Provider BOUNCY_CASTLE = new BouncyCastleProvider();

  private static final BigInteger P256_ORDER = SECNamedCurves.getByName("secp256r1").getN();
  private static final BigInteger SM2_ORDER = GMNamedCurves.getByName("sm2p256v1").getN();

  private final String jcaName;
  private final String curve;

  SignatureAlgorithm(String jcaName, String curve) {
    this.jcaName = jcaName;
    this.curve = curve;
  }

  /** As JCA and Bouncy Castle's content signers name it: {@code SM3withSM2}, … */
  public String jcaName() {
    return jcaName;
  }

  /** The named curve of its keys. */
  public String curve() {
    return curve;
  }

  /** A signature object of this algorithm (Bouncy Castle's for SM2, the JDK's for ECDSA). */
  public Signature newSignature() throws GeneralSecurityException {
    return this == SM2
        ? Signature.getInstance(jcaName, BOUNCY_CASTLE)
        : Signature.getInstance(jcaName);
  }

  /** The algorithm a key is for, judged by its curve; empty for any other key. */
  public static Optional<SignatureAlgorithm> of(Key key) {
    if (!(key instanceof ECKey ec)) {
      return Optional.empty();
    }
    ECParameterSpec params = ec.getParams();
    if (params == null) {
      return Optional.empty();
    }
    BigInteger order = params.getOrder();
    if (SM2_ORDER.equals(order)) {
      return Optional.of(SM2);
    }
    return P256_ORDER.equals(order) ? Optional.of(ECDSA) : Optional.empty();
  }

  /** The setting's value ({@code ecdsa} or {@code sm2}, any case), or a message naming both. */
  public static SignatureAlgorithm fromSetting(String setting, String property) {
    String value = setting == null ? "" : setting.strip().toLowerCase(Locale.ROOT);
    return switch (value) {
      case "ecdsa" -> ECDSA;
      case "sm2" -> SM2;
      default ->
          throw new IllegalArgumentException(
              property + " must be ecdsa or sm2, not '" + setting + "'");
    };
  }
}
