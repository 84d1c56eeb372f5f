package io.lcledger.node.peers;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Signing with a member's X.509 identity (Fabric): ECDSA with the member's private key, checked
 * against a certificate that must be valid now and issued by that member's MSP.
 */
final class X509Signing implements PeerSigning {
  private final ObjectProvider<MemberCredentials> credentials;
  private final Map<String, X509Certificate> mspCas;
  private final Clock clock;

  X509Signing(
      ObjectProvider<MemberCredentials> credentials,
      Map<String, X509Certificate> mspCas,
      Clock clock) {
    this.credentials = credentials;
    this.mspCas = Map.copyOf(mspCas);
    this.clock = clock;
  }

  @Override
  public Optional<Signed> sign(String member, byte[] content) throws GeneralSecurityException {
    Optional<MemberCredentials.Credential> credential =
        Optional.ofNullable(credentials.getIfAvailable()).flatMap(c -> c.of(member));
    if (credential.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new Signed(
            Base64.getEncoder()
                .encodeToString(credential.get().certificatePem().getBytes(StandardCharsets.UTF_8)),
            SignedRequests.sign(credential.get().key(), content)));
  }

  @Override
  public boolean verify(String member, Signed signed, byte[] content) {
    X509Certificate ca = mspCas.get(member);
    if (ca == null) {
      return false;
    }
    try {
      X509Certificate cert =
          (X509Certificate)
              CertificateFactory.getInstance("X.509")
                  .generateCertificate(
                      new ByteArrayInputStream(Base64.getDecoder().decode(signed.identity())));
      cert.checkValidity(Date.from(clock.instant()));
      cert.verify(ca.getPublicKey()); // issued by that member's MSP
      return SignedRequests.verify(cert.getPublicKey(), content, signed.signature());
    } catch (IllegalArgumentException | GeneralSecurityException e) {
      return false;
    }
  }
}
