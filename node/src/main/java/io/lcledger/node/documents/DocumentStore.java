package io.lcledger.node.documents;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lcledger.chaincode.domain.DocumentRef;
import io.lcledger.chaincode.domain.DocumentType;
import io.lcledger.chaincode.domain.LetterOfCredit;
import io.lcledger.node.config.NodeProperties;
import io.lcledger.node.files.DurableFiles;
import io.lcledger.node.ledger.RequestKeys;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Document images and PDFs, kept off the ledger under the node's data directory, each with its
 * SHA-256 and SM3 (GB/T 32905) digests. Only the digests go on the ledger, with the presentation.
 */
@Component
public class DocumentStore {
  private static final Pattern ID = Pattern.compile("[0-9a-f-]{36}");

  private static final Logger log = LoggerFactory.getLogger(DocumentStore.class);

  /** How long a presentation in progress keeps its documents from the sweep. */
  private static final Duration CLAIM = Duration.ofMinutes(10);

  private final Path root;
  private final ObjectMapper json;
  // a tree of meta.json whose numbers stay exact: a time written as decimal seconds keeps its nanos
  private final ObjectReader exactTree;
  private final Clock clock;
  private final Duration unlinkedTtl;
  private final Map<String, Instant> claims = new ConcurrentHashMap<>();

  public DocumentStore(
      NodeProperties properties, DocumentProperties settings, ObjectMapper json, Clock clock) {
    this.root = properties.dataDir().resolve("documents");
    this.json = json;
    this.exactTree = json.reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    this.clock = clock;
    this.unlinkedTtl = settings.unlinkedTtl();
  }

  /** A stored document's description; {@code lcNumber} is set once it has been presented. */
  public record StoredDocument(
      String documentId,
      DocumentType type,
      String fileName,
      String mediaType,
      long size,
      String sha256,
      String sm3,
      String uploadedBy,
      String lcNumber,
      Instant uploadedAt) {

    public DocumentRef ref() {
      return new DocumentRef(documentId, type, fileName, mediaType, size, sha256, sm3);
    }

    /** The same document, presented under {@code lc}. */
    public StoredDocument withLcNumber(String lc) {
      return new StoredDocument(
          documentId, type, fileName, mediaType, size, sha256, sm3, uploadedBy, lc, uploadedAt);
    }
  }

  /** Whether a file still matches the digests the ledger anchored for it. */
  public record DigestCheck(boolean matches, String detail) {}

  /** A stored file whose digests were just found to match the anchored ones. */
  public record IntactFile(StoredDocument document, DocumentRef anchored, byte[] content) {}

  /** The document as presented under {@code lc}, with the digests the ledger anchored for it. */
  public DocumentRef anchoredIn(LetterOfCredit lc, String documentId) {
    return lc.presentations().stream()
        .flatMap(p -> p.documents().stream())
        .filter(d -> d.documentId().equals(documentId))
        .findFirst()
        .orElseThrow(() -> notFound(documentId));
  }

  /** The file, only if its digests still match {@code expected}; DIGEST_MISMATCH otherwise. */
  public IntactFile intactFile(StoredDocument document, DocumentRef expected) {
    DigestCheck check = check(expected);
    if (!check.matches()) {
      throw new DocumentRefused(
          DocumentRefused.Reason.DIGEST_MISMATCH,
          "document " + document.documentId() + ": " + check.detail());
    }
    return new IntactFile(document, expected, content(document.documentId()));
  }

  /**
   * Keeps a copy of a document presented by another branch, fetched from its node, once its digests
   * are those anchored on the ledger: DIGEST_MISMATCH, and nothing kept, otherwise.
   */
  public IntactFile keepVerifiedCopy(
      DocumentRef anchored, String lcNumber, String heldBy, byte[] content) {
    if (!ID.matcher(anchored.documentId()).matches()) {
      throw notFound(anchored.documentId()); // not an id this software gives: no path from it
    }
    Digests got;
    try {
      got = digests(new ByteArrayInputStream(content));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    DigestCheck check = compare(got, anchored);
    if (!check.matches()) {
      throw new DocumentRefused(
          DocumentRefused.Reason.DIGEST_MISMATCH,
          "document "
              + anchored.documentId()
              + " as "
              + heldBy
              + "'s node sent it: "
              + check.detail());
    }
    StoredDocument copy =
        new StoredDocument(
            anchored.documentId(),
            anchored.type(),
            safeName(anchored.fileName()),
            anchored.mediaType(),
            content.length,
            anchored.sha256(),
            anchored.sm3(),
            heldBy,
            lcNumber,
            clock.instant());
    Path dir = root.resolve(anchored.documentId());
    try {
      Files.createDirectories(dir);
      DurableFiles.replace(dir.resolve("content"), content);
      DurableFiles.replace(dir.resolve("meta.json"), json.writeValueAsBytes(copy));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the verified copy", e);
    }
    return new IntactFile(copy, anchored, content);
  }

  public static DocumentRefused notFound(String documentId) {
    return new DocumentRefused(DocumentRefused.Reason.NOT_FOUND, "no document " + documentId);
  }

  /**
   * Keeps an uploaded file, recording the media type its content shows (the one declared with the
   * upload is not trusted); anything but a trade document is refused with 415
   * UNSUPPORTED_MEDIA_TYPE and not kept.
   */
  public StoredDocument store(
      String branch, DocumentType type, String fileName, InputStream content) {
    String id = UUID.randomUUID().toString();
    Path dir = root.resolve(id);
    try {
      Files.createDirectories(dir);
      Path file = dir.resolve("content");
      Files.copy(content, file, StandardCopyOption.REPLACE_EXISTING);
      // on disk before meta.json says the document is there (whose replace syncs the directory)
      try (FileChannel written = FileChannel.open(file, StandardOpenOption.WRITE)) {
        written.force(true);
      }
      String mediaType = DocumentMediaTypes.detect(file);
      if (mediaType == null) {
        delete(dir);
        throw new DocumentRefused(
            DocumentRefused.Reason.UNSUPPORTED_MEDIA_TYPE,
            "documents must be PDF, PNG, JPEG, TIFF, OFD or XML, judged by their content");
      }
      Digests digests = digests(file);
      StoredDocument doc =
          new StoredDocument(
              id,
              type,
              safeName(fileName),
              mediaType,
              Files.size(file),
              digests.sha256(),
              digests.sm3(),
              branch,
              null,
              clock.instant());
      // a keyed upload's claim is on disk before the document is, so that after a crash the key
      // still belongs to this upload alone (a ledger step needs no such write: the ledger records
      // its request beside its key)
      RequestKeys.beforeEffect();
      // made now, empty, so that presenting the document is one write into an existing file
      // (meta.json's replace below makes its name durable with the directory)
      Files.createFile(dir.resolve(PRESENTATION));
      // whole or absent: a node killed while writing it must not leave a file it cannot read
      DurableFiles.replace(dir.resolve("meta.json"), json.writeValueAsBytes(doc));
      return doc;
    } catch (IOException e) {
      delete(dir);
      throw new UncheckedIOException("cannot store document", e);
    }
  }

  /**
   * Deletes the files uploaded longer than {@code lc.documents.unlinked-ttl} ago and never
   * presented: nothing on the ledger refers to them, so nobody can need them.
   */
  @Scheduled(
      initialDelayString = "${lc.documents.sweep-interval:PT10M}",
      fixedDelayString = "${lc.documents.sweep-interval:PT10M}")
  public int sweepUnlinked() {
    if (!Files.isDirectory(root)) {
      return 0;
    }
    Instant now = clock.instant();
    Instant cutoff = now.minus(unlinkedTtl);
    claims.values().removeIf(at -> at.isBefore(now.minus(CLAIM)));
    int deleted = 0;
    try (Stream<Path> dirs = Files.list(root)) {
      for (Path dir : dirs.toList()) {
        String id = dir.getFileName().toString();
        try {
          Optional<StoredDocument> doc = find(id);
          if (doc.isEmpty() || doc.get().lcNumber() != null || claims.containsKey(id)) {
            continue;
          }
          Instant uploaded =
              doc.get().uploadedAt() != null
                  ? doc.get().uploadedAt()
                  : Files.getLastModifiedTime(dir.resolve("meta.json")).toInstant();
          if (uploaded.isBefore(cutoff)) {
            delete(dir);
            deleted++;
          }
        } catch (IOException | UncheckedIOException e) {
          log.warn("cannot sweep document {}: {}", id, e.getMessage());
        }
      }
    } catch (IOException e) {
      log.warn("cannot sweep documents: {}", e.getMessage());
    }
    if (deleted > 0) {
      log.info("deleted {} document(s) never presented within {}", deleted, unlinkedTtl);
    }
    return deleted;
  }

  private static void delete(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      log.warn("cannot delete {}: {}", dir, e.getMessage());
    }
  }

  public Optional<StoredDocument> find(String documentId) {
    return meta(documentId).map(Meta::document);
  }

  /**
   * A document's description and, once presented, under which LC and by a request with which
   * idempotency key's hash ({@code presentedUnder}, null for a request without one). A document
   * uploaded by this version records its presentation in {@value #PRESENTATION}, which the upload
   * created empty; one uploaded by an earlier version, or a copy fetched from another branch's
   * node, in its {@code meta.json} (the key's hash as the field {@value #PRESENTED_UNDER}).
   */
  private record Meta(StoredDocument document, String presentedUnder) {}

  /** Where the document was presented: written once, after its step is on the ledger. */
  record Presentation(String lcNumber, String presentedUnder) {}

  private static final String PRESENTATION = "presentation.json";

  private Optional<Meta> meta(String documentId) {
    if (documentId == null || !ID.matcher(documentId).matches()) {
      return Optional.empty();
    }
    Path meta = root.resolve(documentId).resolve("meta.json");
    try {
      if (!Files.exists(meta)) {
        return Optional.empty();
      }
      ObjectNode node = (ObjectNode) exactTree.readTree(Files.readAllBytes(meta));
      JsonNode under = node.remove(PRESENTED_UNDER);
      StoredDocument document = json.treeToValue(node, StoredDocument.class);
      if (document.lcNumber() != null) {
        return Optional.of(new Meta(document, under == null ? null : under.asText()));
      }
      return Optional.of(
          presentation(meta.resolveSibling(PRESENTATION))
              .map(p -> new Meta(document.withLcNumber(p.lcNumber()), p.presentedUnder()))
              .orElse(new Meta(document, null)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The presentation a document's file records; none while it is empty or absent. A write cut short
   * by a crash leaves no complete JSON object, and counts as none: its step had not been answered,
   * so a retry presents the document again.
   */
  private Optional<Presentation> presentation(Path file) throws IOException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException uploadedByAnEarlierVersion) {
      return Optional.empty();
    }
    if (bytes.length == 0) {
      return Optional.empty();
    }
    JsonNode record;
    try {
      record = json.readTree(bytes);
    } catch (JsonProcessingException torn) {
      log.warn("{} is incomplete (a write cut short); the document counts as not presented", file);
      return Optional.empty();
    }
    // read by field, so that a field a later version adds does not make a record look torn
    JsonNode lcNumber = record.path("lcNumber");
    if (!lcNumber.isTextual()) {
      throw new IOException(file + " is a complete record without an LC: not one this node wrote");
    }
    JsonNode under = record.path("presentedUnder");
    return Optional.of(
        new Presentation(lcNumber.asText(), under.isTextual() ? under.asText() : null));
  }

  public byte[] content(String documentId) {
    try {
      return Files.readAllBytes(root.resolve(documentId).resolve("content"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The ledger references of documents this branch uploaded and has not presented yet; or presented
   * under {@code lcNumber} by a request with the same idempotency key, which is then being retried.
   * Each document is claimed for this presentation until {@link #linkToLc} or {@link #release}: a
   * presentation running at the same time that names one of them is refused, as the ledger would
   * not notice a document presented twice.
   */
  public List<DocumentRef> refsForPresentation(
      String branch, String lcNumber, List<String> documentIds, String requestKey) {
    List<String> claimed = new ArrayList<>();
    try {
      return claimFor(branch, lcNumber, documentIds, requestKey, claimed);
    } catch (RuntimeException e) {
      release(claimed);
      throw e;
    }
  }

  /** Lets go of the claims of a presentation that did not reach the ledger. */
  public void release(List<String> documentIds) {
    documentIds.forEach(claims::remove);
  }

  private List<DocumentRef> claimFor(
      String branch,
      String lcNumber,
      List<String> documentIds,
      String requestKey,
      List<String> claimed) {
    List<DocumentRef> refs = new ArrayList<>();
    for (String id : documentIds) {
      Meta meta =
          meta(id)
              .filter(m -> m.document().uploadedBy().equals(branch))
              .orElseThrow(
                  () ->
                      new DocumentRefused(
                          DocumentRefused.Reason.NOT_UPLOADED,
                          "no document " + id + " uploaded by " + branch));
      StoredDocument doc = meta.document();
      if (doc.lcNumber() != null && !presentedUnder(meta, lcNumber, requestKey)) {
        throw new DocumentRefused(
            DocumentRefused.Reason.ALREADY_PRESENTED, "document " + id + " was already presented");
      }
      // kept from the sweep, and from other presentations, while this one runs (an id named twice
      // is claimed once, and the ledger refuses the list)
      if (!claimed.contains(id)) {
        if (claims.putIfAbsent(id, clock.instant()) != null) {
          throw new DocumentRefused(
              DocumentRefused.Reason.ALREADY_PRESENTED,
              "document " + id + " is being presented by another request");
        }
        claimed.add(id);
      }
      refs.add(doc.ref());
    }
    return refs;
  }

  /**
   * Records the documents as presented under {@code lcNumber}, by a request with that key, on disk
   * before the step is answered. A document uploaded by this version takes one write, synced, into
   * the file its upload created (no new name, so no directory to sync); one uploaded by an earlier
   * version has its {@code meta.json} replaced.
   */
  public void linkToLc(List<String> documentIds, String lcNumber, String requestKey) {
    String under = requestKey == null ? null : keyHash(requestKey);
    byte[] record;
    try {
      record = json.writeValueAsBytes(new Presentation(lcNumber, under)); // the same for each
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (String id : documentIds) {
      if (!ID.matcher(id).matches()) {
        continue;
      }
      Path dir = root.resolve(id);
      try {
        try {
          // whole or not JSON: a record cut short by a crash reads as no presentation
          DurableFiles.overwrite(dir.resolve(PRESENTATION), record);
        } catch (NoSuchFileException uploadedByAnEarlierVersion) {
          Optional<StoredDocument> doc = find(id);
          if (doc.isEmpty()) {
            continue;
          }
          ObjectNode meta =
              (ObjectNode)
                  exactTree.readTree(json.writeValueAsBytes(doc.get().withLcNumber(lcNumber)));
          if (under != null) {
            meta.put(PRESENTED_UNDER, under);
          }
          DurableFiles.replace(dir.resolve("meta.json"), json.writeValueAsBytes(meta));
        }
        claims.remove(id);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /**
   * The hash of the idempotency key of the request that presented a document: a field of its {@code
   * meta.json}, or, for a document presented by an earlier version, a file of that name beside it.
   */
  private static final String PRESENTED_UNDER = "presented-under";

  private boolean presentedUnder(Meta meta, String lcNumber, String requestKey) {
    if (requestKey == null || !lcNumber.equals(meta.document().lcNumber())) {
      return false;
    }
    if (meta.presentedUnder() != null) {
      return meta.presentedUnder().equals(keyHash(requestKey));
    }
    try {
      Path marker = root.resolve(meta.document().documentId()).resolve(PRESENTED_UNDER);
      return Files.exists(marker)
          && Files.readString(marker, StandardCharsets.UTF_8).equals(keyHash(requestKey));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String keyHash(String requestKey) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256")
                  .digest(requestKey.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Recomputes the file's digests and compares them with those anchored on the ledger. */
  public DigestCheck check(DocumentRef anchored) {
    if (!ID.matcher(anchored.documentId()).matches()) {
      return new DigestCheck(false, "not a document id this software gives");
    }
    Path file = root.resolve(anchored.documentId()).resolve("content");
    if (!Files.exists(file)) {
      return new DigestCheck(false, "the file is not held by this node");
    }
    try {
      return compare(digests(file), anchored);
    } catch (IOException e) {
      return new DigestCheck(false, "cannot read the file: " + e.getMessage());
    }
  }

  /** Recomputed digests against the anchored ones, naming each that differs. */
  private static DigestCheck compare(Digests now, DocumentRef anchored) {
    boolean sha = now.sha256().equals(anchored.sha256());
    boolean sm3 = now.sm3().equals(anchored.sm3());
    if (sha && sm3) {
      return new DigestCheck(true, "SHA-256 and SM3 match the ledger");
    }
    return new DigestCheck(
        false, (sha ? "" : "SHA-256 ") + (sm3 ? "" : "SM3 ") + "differ from the ledger");
  }

  record Digests(String sha256, String sm3) {}

  static Digests digests(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return digests(in);
    }
  }

  static Digests digests(InputStream in) throws IOException {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      SM3Digest sm3 = new SM3Digest();
      byte[] buffer = new byte[64 * 1024];
      for (int n; (n = in.read(buffer)) > 0; ) {
        sha.update(buffer, 0, n);
        sm3.update(buffer, 0, n);
      }
      byte[] sm3Out = new byte[sm3.getDigestSize()];
      sm3.doFinal(sm3Out, 0);
      return new Digests(HexFormat.of().formatHex(sha.digest()), HexFormat.of().formatHex(sm3Out));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The last segment of a client's file name, with control characters (NUL among them), quotes and
   * unpaired surrogates replaced, at most 255 characters.
   */
  static String safeName(String name) {
    String base =
        name == null
            ? ""
            : name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
    StringBuilder safe = new StringBuilder();
    base.codePoints()
        .limit(255)
        .forEach(
            c ->
                safe.appendCodePoint(
                    Character.isISOControl(c)
                            || c == '"'
                            || Character.getType(c) == Character.SURROGATE
                            || Character.getType(c) == Character.FORMAT
                        ? '_'
                        : c));
    String result = safe.toString().strip();
    return result.isEmpty() || result.equals(".") || result.equals("..") ? "document" : result;
  }
}
