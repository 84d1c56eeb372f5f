package io.lcledger.node.peers;

import static org.assertj.core.api.Assertions.assertThat;

import io.lcledger.node.config.NodeProperties;
import io.lcledger.node.keys.KeyFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

/** The node-to-node door's check of a signed request, as yangzhou's node makes it. */
class PeerNodesTest {
  static final String PATH = PeerNodes.DOCUMENT_PATH + "0f8fad5b-d9cb-469f-a165-70867728950e";
  // the test's certificates are made now, valid from now: a fixed date would become a time bomb
  static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

  @TempDir Path dir;
  KeyFiles.KeyAndCertificate shanghai;
  KeyFiles.KeyAndCertificate impostor;
  PeerNodes yangzhouNode;

  @BeforeEach
  void keys() throws Exception {
    // self-signed: each stands for its MSP's CA and for a certificate that CA issued
    shanghai = KeyFiles.loadOrCreate(dir.resolve("shanghai"), "msp", "CN=ca.shanghai");
    impostor = KeyFiles.loadOrCreate(dir.resolve("impostor"), "msp", "CN=ca.shanghai");
    PeerProperties peers =
        new PeerProperties(
            Map.of(
                "shanghai",
                new PeerProperties.PeerMember(
                    null, dir.resolve("shanghai").resolve("msp-cert.pem"), false)),
            null,
            Duration.ofMinutes(2));
    NodeProperties node =
        new NodeProperties(
            "fabric", dir.resolve("data"), List.of("yangzhou"), Map.of(), null, null, List.of());
    yangzhouNode =
        new PeerNodes(
            peers,
            node,
            new StaticListableBeanFactory().getBeanProvider(MemberCredentials.class),
            new StaticListableBeanFactory().getBeanProvider(PeerSigning.class),
            Clock.fixed(NOW, ZoneOffset.UTC));
  }

  Map<String, String> signed(
      KeyFiles.KeyAndCertificate by, String member, String audience, String path, Instant at)
      throws Exception {
    long date = at.toEpochMilli();
    byte[] signature =
        SignedRequests.sign(by.key(), SignedRequests.signed("GET", path, member, audience, date));
    Map<String, String> headers = new HashMap<>();
    headers.put(SignedRequests.MEMBER, member);
    headers.put(SignedRequests.AUDIENCE, audience);
    headers.put(SignedRequests.DATE, Long.toString(date));
    headers.put(
        SignedRequests.CERTIFICATE,
        Base64.getEncoder()
            .encodeToString(by.certificatePem().getBytes(StandardCharsets.US_ASCII)));
    headers.put(SignedRequests.SIGNATURE, Base64.getEncoder().encodeToString(signature));
    return headers;
  }

  @Test
  void aRequestSignedByAMemberForThisNodeNamesThatMember() throws Exception {
    Map<String, String> headers = signed(shanghai, "shanghai", "yangzhou", PATH, NOW);
    assertThat(yangzhouNode.authenticate("GET", PATH, headers::get)).hasValue("shanghai");
  }

  @Test
  void aRequestMeantForAnotherNodeIsRefused() throws Exception {
    Map<String, String> headers = signed(shanghai, "shanghai", "forfaiter", PATH, NOW);
    assertThat(yangzhouNode.authenticate("GET", PATH, headers::get)).isEmpty();
  }

  @Test
  void aRequestReplayedLaterIsRefused() throws Exception {
    Map<String, String> headers =
        signed(shanghai, "shanghai", "yangzhou", PATH, NOW.minus(Duration.ofMinutes(5)));
    assertThat(yangzhouNode.authenticate("GET", PATH, headers::get)).isEmpty();
  }

  @Test
  void aSignatureForAnotherDocumentIsRefused() throws Exception {
    Map<String, String> headers = signed(shanghai, "shanghai", "yangzhou", PATH, NOW);
    String other = PeerNodes.DOCUMENT_PATH + "7c9e6679-7425-40de-944b-e07fc1f90ae7";
    assertThat(yangzhouNode.authenticate("GET", other, headers::get)).isEmpty();
  }

  @Test
  void aCertificateNotIssuedByTheMembersMspIsRefused() throws Exception {
    Map<String, String> headers = signed(impostor, "shanghai", "yangzhou", PATH, NOW);
    assertThat(yangzhouNode.authenticate("GET", PATH, headers::get)).isEmpty();
  }

  @Test
  void anUnknownMemberOrAMissingOrOversizedHeaderIsRefused() throws Exception {
    Map<String, String> unknown = signed(shanghai, "forfaiter", "yangzhou", PATH, NOW);
    assertThat(yangzhouNode.authenticate("GET", PATH, unknown::get)).isEmpty();

    Map<String, String> missing = signed(shanghai, "shanghai", "yangzhou", PATH, NOW);
    missing.remove(SignedRequests.SIGNATURE);
    assertThat(yangzhouNode.authenticate("GET", PATH, missing::get)).isEmpty();

    Map<String, String> oversized = signed(shanghai, "shanghai", "yangzhou", PATH, NOW);
    oversized.put(SignedRequests.CERTIFICATE, "A".repeat(SignedRequests.MAX_CERTIFICATE + 1));
    assertThat(yangzhouNode.authenticate("GET", PATH, oversized::get)).isEmpty();

    Map<String, String> garbage = signed(shanghai, "shanghai", "yangzhou", PATH, NOW);
    garbage.put(SignedRequests.CERTIFICATE, "not base64 at all!");
    garbage.put(SignedRequests.DATE, "yesterday");
    assertThat(yangzhouNode.authenticate("GET", PATH, garbage::get)).isEmpty();
  }
}
