package io.lcledger.node.documents;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lcledger.chaincode.domain.DocumentRef;
import io.lcledger.chaincode.domain.DocumentType;
import io.lcledger.chaincode.domain.LetterOfCredit;
import io.lcledger.node.config.NodeProperties;
import io.lcledger.node.web.ApiException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Document images and PDFs, kept off the ledger under the node's data directory, each with its
 * SHA-256 and SM3 (GB/T 32905) digests. Only the digests go on the ledger, with the presentation.
 */
@Component
public class DocumentStore {
  private static final Pattern ID = Pattern.compile("[0-9a-f-]{36}");

  private final Path root;
  private final ObjectMapper json;

  public DocumentStore(NodeProperties properties, ObjectMapper json) {
    this.root = properties.dataDir().resolve("documents");
    this.json = json;
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
      String lcNumber) {

    DocumentRef ref() {
      return new DocumentRef(documentId, type, fileName, mediaType, size, sha256, sm3);
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
      throw new ApiException(
          HttpStatus.UNPROCESSABLE_ENTITY,
          "DIGEST_MISMATCH",
          "document " + document.documentId() + ": " + check.detail());
    }
    return new IntactFile(document, expected, content(document.documentId()));
  }

  public static ApiException notFound(String documentId) {
    return new ApiException(
        HttpStatus.NOT_FOUND, "DOCUMENT_NOT_FOUND", "no document " + documentId);
  }

  public StoredDocument store(
      String branch, DocumentType type, String fileName, String mediaType, InputStream content) {
    String id = UUID.randomUUID().toString();
    Path dir = root.resolve(id);
    try {
      Files.createDirectories(dir);
      Path file = dir.resolve("content");
      Files.copy(content, file, StandardCopyOption.REPLACE_EXISTING);
      Digests digests = digests(file);
      StoredDocument doc =
          new StoredDocument(
              id,
              type,
              safeName(fileName),
              mediaType == null ? "application/octet-stream" : mediaType,
              Files.size(file),
              digests.sha256(),
              digests.sm3(),
              branch,
              null);
      json.writeValue(dir.resolve("meta.json").toFile(), doc);
      return doc;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot store document", e);
    }
  }

  public Optional<StoredDocument> find(String documentId) {
    if (documentId == null || !ID.matcher(documentId).matches()) {
      return Optional.empty();
    }
    Path meta = root.resolve(documentId).resolve("meta.json");
    try {
      return Files.exists(meta)
          ? Optional.of(json.readValue(meta.toFile(), StoredDocument.class))
          : Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public byte[] content(String documentId) {
    try {
      return Files.readAllBytes(root.resolve(documentId).resolve("content"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The ledger references of documents this branch uploaded and has not presented yet. */
  public List<DocumentRef> refsForPresentation(String branch, List<String> documentIds) {
    List<DocumentRef> refs = new ArrayList<>();
    for (String id : documentIds) {
      StoredDocument doc =
          find(id)
              .filter(d -> d.uploadedBy().equals(branch))
              .orElseThrow(
                  () ->
                      new ApiException(
                          HttpStatus.UNPROCESSABLE_ENTITY,
                          "DOCUMENT_NOT_FOUND",
                          "no document " + id + " uploaded by " + branch));
      if (doc.lcNumber() != null) {
        throw new ApiException(
            HttpStatus.CONFLICT,
            "DOCUMENT_ALREADY_PRESENTED",
            "document " + id + " was presented under LC " + doc.lcNumber());
      }
      refs.add(doc.ref());
    }
    return refs;
  }

  public void linkToLc(List<String> documentIds, String lcNumber) {
    for (String id : documentIds) {
      find(id)
          .ifPresent(
              doc -> {
                try {
                  json.writeValue(
                      root.resolve(id).resolve("meta.json").toFile(),
                      new StoredDocument(
                          doc.documentId(),
                          doc.type(),
                          doc.fileName(),
                          doc.mediaType(),
                          doc.size(),
                          doc.sha256(),
                          doc.sm3(),
                          doc.uploadedBy(),
                          lcNumber));
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
  }

  /** Recomputes the file's digests and compares them with those anchored on the ledger. */
  public DigestCheck check(DocumentRef anchored) {
    Path file = root.resolve(anchored.documentId()).resolve("content");
    if (!Files.exists(file)) {
      return new DigestCheck(false, "the file is not held by this node");
    }
    try {
      Digests now = digests(file);
      boolean sha = now.sha256().equals(anchored.sha256());
      boolean sm3 = now.sm3().equals(anchored.sm3());
      if (sha && sm3) {
        return new DigestCheck(true, "SHA-256 and SM3 match the ledger");
      }
      return new DigestCheck(
          false, (sha ? "" : "SHA-256 ") + (sm3 ? "" : "SM3 ") + "differ from the ledger");
    } catch (IOException e) {
      return new DigestCheck(false, "cannot read the file: " + e.getMessage());
    }
  }

  record Digests(String sha256, String sm3) {}

  static Digests digests(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
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

  private static String safeName(String name) {
    String base =
        name == null || name.isBlank() ? "document" : Path.of(name).getFileName().toString();
    return base.replaceAll("[\\p{Cntrl}\"\\\\/]", "_");
  }
}
