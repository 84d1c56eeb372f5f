package io.lcledger.node.peers;

import io.lcledger.node.keys.KeyFiles;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.Optional;

/**
 * Signing with a member's X.509 identity (Fabric): ECDSA or SM2, as the member's private key is,
 * checked against a certificate that must be valid now and issued by that member's MSP.
 * Certificates are read with Bouncy Castle, which reads SM2 ones too.
 */
final class X509Signing implements PeerSigning {
  private final MemberCredentials credentials;
  private final Map<String, X509Certificate> mspCas;
  private final Clock clock;

  X509Signing(MemberCredentials credentials, Map<String, X509Certificate> mspCas, Clock clock) {
    this.credentials = credentials;
    this.mspCas = Map.copyOf(mspCas);
    this.clock = clock;
  }

  @Override
  public Optional<Signed> sign(String member, byte[] content) throws GeneralSecurityException {
    Optional<MemberCredentials.Credential> credential = credentials.of(member);
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
          KeyFiles.readCertificate(
              new ByteArrayInputStream(Base64.getDecoder().decode(signed.identity())));
      cert.checkValidity(Date.from(clock.instant()));
      cert.verify(ca.getPublicKey()); // issued by that member's MSP
      return SignedRequests.verify(cert.getPublicKey(), content, signed.signature());
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      return false; // whatever the headers hold: not verified, never an error
    }
  }
}
