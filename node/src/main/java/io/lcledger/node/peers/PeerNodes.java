package io.lcledger.node.peers;

import io.lcledger.node.config.NodeProperties;
import io.lcledger.node.keys.KeyFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * The other branches' nodes, for what the ledger does not carry: the files of presented documents,
 * which the presenting branch keeps. Each call is signed with the asking member's own key and
 * checked by the node asked against that member's identity on the ledger ({@link PeerSigning});
 * neither node takes the other's word for a document's content, only the digests anchored on the
 * ledger.
 */
@Component
@EnableConfigurationProperties(PeerProperties.class)
public class PeerNodes {
  private static final Logger log = LoggerFactory.getLogger(PeerNodes.class);

  /** The node-to-node path of a presented document's file. */
  public static final String DOCUMENT_PATH = "/peer/v1/documents/";

  /** The header that names the LC a served document was presented under. */
  public static final String LC_NUMBER = "X-LC-Number";

  private static final Pattern ID = Pattern.compile("[0-9a-f-]{36}");
  private static final Pattern LC = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/-]{0,63}");

  private final PeerProperties properties;
  private final Set<String> ownMembers;
  private final PeerSigning signing;
  private final long maxDocument;
  private final Clock clock;
  private final HttpClient http;

  public PeerNodes(
      PeerProperties properties,
      NodeProperties node,
      ObjectProvider<MemberCredentials> credentials,
      ObjectProvider<PeerSigning> signing,
      Clock clock) {
    this.properties = properties;
    this.ownMembers = Set.copyOf(node.branches());
    this.maxDocument = node.maxDocumentSize().toBytes();
    this.clock = clock;
    this.http = HttpClient.newBuilder().connectTimeout(properties.timeout()).build();
    this.signing =
        signing.getIfAvailable(
            () -> {
              Map<String, X509Certificate> mspCas = new LinkedHashMap<>();
              properties
                  .members()
                  .forEach(
                      (member, peer) -> {
                        if (peer.mspCa() != null) {
                          mspCas.put(member, certificate(peer.mspCa()));
                        }
                      });
              Map<String, MemberCredentials.Credential> configured = configured(properties);
              MemberCredentials byMember =
                  member ->
                      configured.containsKey(member)
                          ? Optional.of(configured.get(member))
                          : Optional.ofNullable(credentials.getIfAvailable())
                              .flatMap(c -> c.of(member));
              return new X509Signing(byMember, mspCas, clock);
            });
  }

  /** A document's file as another node holds it, and the LC that node says it is presented on. */
  public record PeerCopy(String lcNumber, String heldBy, byte[] content) {}

  /** What asking the other nodes for a document came to. */
  public sealed interface Fetched {
    record Found(PeerCopy copy) implements Fetched {}

    /** No node holds it for this member (or none was asked). */
    record Missing() implements Fetched {}

    /** No node answered that it holds it, and some could not be asked. */
    record Unreachable(String detail) implements Fetched {}
  }

  /** Asks the other branches' nodes for a presented document, signing as {@code member}. */
  public Fetched fetch(String member, String documentId) {
    if (!ID.matcher(documentId).matches()) {
      return new Fetched.Missing();
    }
    List<String> unreachable = new ArrayList<>();
    for (var entry : properties.members().entrySet()) {
      String holder = entry.getKey();
      URI url = entry.getValue().url();
      if (url == null || ownMembers.contains(holder)) {
        continue;
      }
      try {
        Optional<PeerCopy> copy = ask(url, holder, member, documentId);
        if (copy.isPresent()) {
          return new Fetched.Found(copy.get());
        }
      } catch (IOException | GeneralSecurityException e) {
        log.warn("cannot ask {}'s node for document {}: {}", holder, documentId, e.toString());
        unreachable.add(holder);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        unreachable.add(holder);
      }
    }
    return unreachable.isEmpty()
        ? new Fetched.Missing()
        : new Fetched.Unreachable(
            "the node of " + String.join(", ", unreachable) + " did not answer");
  }

  private Optional<PeerCopy> ask(URI base, String holder, String member, String documentId)
      throws IOException, GeneralSecurityException, InterruptedException {
    String path = DOCUMENT_PATH + documentId;
    long date = clock.millis();
    Optional<PeerSigning.Signed> signed =
        signing.sign(member, SignedRequests.signed("GET", path, member, holder, date));
    if (signed.isEmpty()) {
      return Optional.empty(); // this node cannot ask as that member
    }
    HttpRequest request =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(properties.timeout())
            .header(SignedRequests.MEMBER, member)
            .header(SignedRequests.AUDIENCE, holder)
            .header(SignedRequests.DATE, Long.toString(date))
            .header(SignedRequests.CERTIFICATE, signed.get().identity())
            .header(
                SignedRequests.SIGNATURE,
                Base64.getEncoder().encodeToString(signed.get().signature()))
            .GET()
            .build();
    HttpResponse<InputStream> response =
        http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream body = response.body()) {
      if (response.statusCode() == 404) {
        return Optional.empty();
      }
      if (response.statusCode() != 200) {
        throw new IOException("answered " + response.statusCode());
      }
      String lcNumber = response.headers().firstValue(LC_NUMBER).orElse("");
      if (!LC.matcher(lcNumber).matches()) {
        throw new IOException("answered no LC number");
      }
      // never more than a document may be: the other node is not trusted either
      byte[] content = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxDocument + 1));
      if (content.length > maxDocument) {
        throw new IOException("answered more than " + maxDocument + " bytes");
      }
      return Optional.of(new PeerCopy(lcNumber, holder, content));
    }
  }

  /**
   * The member a node-to-node request was signed by, if its signature is good, recent, meant for
   * this node, and made with that member's identity on the ledger; empty otherwise.
   */
  public Optional<String> authenticate(String method, String path, UnaryOperator<String> header) {
    String member = bounded(header.apply(SignedRequests.MEMBER), SignedRequests.MAX_NAME);
    String audience = bounded(header.apply(SignedRequests.AUDIENCE), SignedRequests.MAX_NAME);
    String date = bounded(header.apply(SignedRequests.DATE), 20);
    String certificate =
        bounded(header.apply(SignedRequests.CERTIFICATE), SignedRequests.MAX_CERTIFICATE);
    String signature =
        bounded(header.apply(SignedRequests.SIGNATURE), SignedRequests.MAX_SIGNATURE);
    if (member == null
        || audience == null
        || date == null
        || certificate == null
        || signature == null
        || !ownMembers.contains(audience)) {
      return Optional.empty();
    }
    try {
      long at = Long.parseLong(date);
      if (Math.abs(clock.millis() - at) > properties.clockSkew().toMillis()) {
        return Optional.empty();
      }
      boolean good =
          signing.verify(
              member,
              new PeerSigning.Signed(certificate, Base64.getDecoder().decode(signature)),
              SignedRequests.signed(method, path, member, audience, at));
      return good ? Optional.of(member) : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Whether {@code member} may read every LC (an auditor). */
  public boolean isAuditor(String member) {
    PeerProperties.PeerMember peer = properties.members().get(member);
    return peer != null && peer.auditor();
  }

  /** Whether {@code member} is one this node serves. */
  public boolean isOwn(String member) {
    return ownMembers.contains(member);
  }

  private static String bounded(String value, int max) {
    return value == null || value.isEmpty() || value.length() > max ? null : value;
  }

  private static X509Certificate certificate(Path path) {
    try (InputStream in = Files.newInputStream(KeyFiles.fileOrOnlyFileIn(path))) {
      return KeyFiles.readCertificate(in); // Bouncy Castle's: an SM2 CA as well as an ECDSA one
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the MSP CA certificate " + path, e);
    }
  }

  /** The keys configured for node-to-node requests ({@code certificate}, {@code private-key}). */
  private static Map<String, MemberCredentials.Credential> configured(PeerProperties properties) {
    Map<String, MemberCredentials.Credential> configured = new LinkedHashMap<>();
    properties
        .members()
        .forEach(
            (member, peer) -> {
              if (peer.certificate() == null && peer.privateKey() == null) {
                return;
              }
              if (peer.certificate() == null || peer.privateKey() == null) {
                throw new IllegalStateException(
                    "lc.peers.members."
                        + member
                        + " needs both certificate and private-key, or neither");
              }
              try {
                configured.put(
                    member,
                    new MemberCredentials.Credential(
                        KeyFiles.readPrivateKey(
                            Files.readString(KeyFiles.fileOrOnlyFileIn(peer.privateKey()))),
                        Files.readString(KeyFiles.fileOrOnlyFileIn(peer.certificate()))));
              } catch (IOException e) {
                throw new UncheckedIOException("cannot read the node-to-node key of " + member, e);
              }
            });
    return Map.copyOf(configured);
  }
}
