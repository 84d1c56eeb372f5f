package io.lcledger.node.peers;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.lcledger.node.config.NodeProperties;
import io.lcledger.node.keys.KeyFiles;
import io.lcledger.node.keys.SignatureAlgorithm;
import java.net.InetSocketAddress;
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
  KeyFiles.KeyAndCertificate beijing; // a branch whose MSP issues SM2 certificates
  PeerNodes yangzhouNode;

  @BeforeEach
  void keys() throws Exception {
    // self-signed: each stands for its MSP's CA and for a certificate that CA issued
    shanghai = KeyFiles.loadOrCreate(dir.resolve("shanghai"), "msp", "CN=ca.shanghai");
    impostor = KeyFiles.loadOrCreate(dir.resolve("impostor"), "msp", "CN=ca.shanghai");
    beijing =
        KeyFiles.loadOrCreate(
            dir.resolve("beijing"), "msp", "CN=ca.beijing", SignatureAlgorithm.SM2);
    PeerProperties peers =
        new PeerProperties(
            Map.of(
                "shanghai",
                new PeerProperties.PeerMember(
                    null, dir.resolve("shanghai").resolve("msp-cert.pem"), false, null, null),
                "beijing",
                new PeerProperties.PeerMember(
                    null, dir.resolve("beijing").resolve("msp-cert.pem"), false, null, null)),
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
    return signed(by, by, member, audience, path, at);
  }

  /** Signed with {@code key}'s key, sent with {@code certificate}'s certificate. */
  Map<String, String> signed(
      KeyFiles.KeyAndCertificate key,
      KeyFiles.KeyAndCertificate by,
      String member,
      String audience,
      String path,
      Instant at)
      throws Exception {
    long date = at.toEpochMilli();
    byte[] signature =
        SignedRequests.sign(key.key(), SignedRequests.signed("GET", path, member, audience, date));
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

  @Test
  void anSm2SignedRequestOfAMemberWithAnSm2MspNamesThatMember() throws Exception {
    Map<String, String> headers = signed(beijing, "beijing", "yangzhou", PATH, NOW);
    assertThat(yangzhouNode.authenticate("GET", PATH, headers::get)).hasValue("beijing");
  }

  @Test
  void anSm2SignedRequestChangedInAnyWayIsRefused() throws Exception {
    Map<String, String> headers = signed(beijing, "beijing", "yangzhou", PATH, NOW);
    String other = PeerNodes.DOCUMENT_PATH + "7c9e6679-7425-40de-944b-e07fc1f90ae7";
    assertThat(yangzhouNode.authenticate("GET", other, headers::get)).isEmpty();
    assertThat(yangzhouNode.authenticate("POST", PATH, headers::get)).isEmpty();

    byte[] signature = Base64.getDecoder().decode(headers.get(SignedRequests.SIGNATURE));
    signature[signature.length - 1] ^= 1;
    headers.put(SignedRequests.SIGNATURE, Base64.getEncoder().encodeToString(signature));
    assertThat(yangzhouNode.authenticate("GET", PATH, headers::get)).isEmpty();
  }

  @Test
  void aSignatureOfOneAlgorithmWithTheOthersCertificateIsRefusedNotAnError() throws Exception {
    // an SM2 signature sent with shanghai's ECDSA certificate, and the reverse
    Map<String, String> sm2WithEcdsa = signed(beijing, shanghai, "shanghai", "yangzhou", PATH, NOW);
    assertThat(yangzhouNode.authenticate("GET", PATH, sm2WithEcdsa::get)).isEmpty();
    Map<String, String> ecdsaWithSm2 = signed(shanghai, beijing, "beijing", "yangzhou", PATH, NOW);
    assertThat(yangzhouNode.authenticate("GET", PATH, ecdsaWithSm2::get)).isEmpty();
    // and an SM2 certificate not issued by the member's MSP
    KeyFiles.KeyAndCertificate other =
        KeyFiles.loadOrCreate(dir.resolve("other"), "msp", "CN=ca.beijing", SignatureAlgorithm.SM2);
    Map<String, String> foreign = signed(other, "beijing", "yangzhou", PATH, NOW);
    assertThat(yangzhouNode.authenticate("GET", PATH, foreign::get)).isEmpty();
  }

  @Test
  void aNodeConfiguredWithAnSm2KeyAsksAnotherNodeWithIt() throws Exception {
    // yangzhou's node behind a real HTTP door, checking each request as the node's controller does
    HttpServer door = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    door.createContext(
        PeerNodes.DOCUMENT_PATH,
        exchange -> {
          var asked =
              yangzhouNode.authenticate(
                  exchange.getRequestMethod(),
                  exchange.getRequestURI().getPath(),
                  name -> exchange.getRequestHeaders().getFirst(name));
          byte[] body =
              asked.map(m -> ("for " + m).getBytes(StandardCharsets.UTF_8)).orElse(new byte[0]);
          if (asked.isPresent()) {
            exchange.getResponseHeaders().add(PeerNodes.LC_NUMBER, "LC-1");
          }
          exchange.sendResponseHeaders(
              asked.isPresent() ? 200 : 401, body.length == 0 ? -1 : body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    door.start();
    try {
      PeerProperties peers =
          new PeerProperties(
              Map.of(
                  "yangzhou",
                  new PeerProperties.PeerMember(
                      java.net.URI.create("http://127.0.0.1:" + door.getAddress().getPort()),
                      null,
                      false,
                      null,
                      null),
                  "beijing",
                  new PeerProperties.PeerMember(
                      null,
                      null,
                      false,
                      dir.resolve("beijing").resolve("msp-cert.pem"),
                      dir.resolve("beijing").resolve("msp-key.pem"))),
              Duration.ofSeconds(5),
              Duration.ofMinutes(2));
      PeerNodes beijingNode =
          new PeerNodes(
              peers,
              new NodeProperties(
                  "fabric", dir.resolve("bj"), List.of("beijing"), Map.of(), null, null, List.of()),
              new StaticListableBeanFactory().getBeanProvider(MemberCredentials.class),
              new StaticListableBeanFactory().getBeanProvider(PeerSigning.class),
              Clock.fixed(NOW, ZoneOffset.UTC));
      PeerNodes.Fetched fetched =
          beijingNode.fetch("beijing", "0f8fad5b-d9cb-469f-a165-70867728950e");
      assertThat(fetched).isInstanceOf(PeerNodes.Fetched.Found.class);
      assertThat(
              new String(
                  ((PeerNodes.Fetched.Found) fetched).copy().content(), StandardCharsets.UTF_8))
          .isEqualTo("for beijing");
    } finally {
      door.stop(0);
    }
  }
}
