package io.lcledger.node.documents;

import io.lcledger.chaincode.domain.DocumentRef;
import io.lcledger.chaincode.domain.DocumentType;
import io.lcledger.chaincode.domain.LetterOfCredit;
import io.lcledger.node.identity.CallerPrincipal;
import io.lcledger.node.lc.LcService;
import io.lcledger.node.web.ApiException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** Document upload by the presenting branch, and download with digest verification (影像审核). */
@RestController
@RequestMapping("/api/v1/documents")
public class DocumentController {
  private final DocumentStore store;
  private final LcService lcs;

  public DocumentController(DocumentStore store, LcService lcs) {
    this.store = store;
    this.lcs = lcs;
  }

  @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
  public ResponseEntity<DocumentStore.StoredDocument> upload(
      @AuthenticationPrincipal CallerPrincipal caller,
      @RequestParam("file") MultipartFile file,
      @RequestParam("type") DocumentType type)
      throws IOException {
    if (file.isEmpty()) {
      throw new ApiException(HttpStatus.BAD_REQUEST, "VALIDATION_FAILED", "the file is empty");
    }
    DocumentStore.StoredDocument stored =
        store.store(
            caller.branch(),
            type,
            file.getOriginalFilename(),
            file.getContentType(),
            file.getInputStream());
    return ResponseEntity.status(HttpStatus.CREATED).body(stored);
  }

  /**
   * The file, for the branch that uploaded it or for any party of the LC it was presented under; a
   * file whose digests no longer match the ledger is refused with DIGEST_MISMATCH.
   */
  @GetMapping("/{documentId}")
  public ResponseEntity<byte[]> download(
      @AuthenticationPrincipal CallerPrincipal caller, @PathVariable String documentId) {
    DocumentStore.StoredDocument doc =
        store.find(documentId).orElseThrow(() -> notFound(documentId));
    DocumentRef expected = doc.ref();
    if (doc.lcNumber() != null) {
      LetterOfCredit lc = lcs.get(caller, doc.lcNumber()); // LC_NOT_FOUND for a non-party
      expected =
          lc.presentations().stream()
              .flatMap(p -> p.documents().stream())
              .filter(d -> d.documentId().equals(documentId))
              .findFirst()
              .orElseThrow(() -> notFound(documentId));
    } else if (caller.auditor() || !doc.uploadedBy().equals(caller.branch())) {
      throw notFound(documentId);
    }
    DocumentStore.DigestCheck check = store.check(expected);
    if (!check.matches()) {
      throw new ApiException(
          HttpStatus.UNPROCESSABLE_ENTITY,
          "DIGEST_MISMATCH",
          "document " + documentId + ": " + check.detail());
    }
    return ResponseEntity.ok()
        .contentType(MediaType.parseMediaType(doc.mediaType()))
        .header(
            HttpHeaders.CONTENT_DISPOSITION,
            ContentDisposition.attachment()
                .filename(doc.fileName(), StandardCharsets.UTF_8)
                .build()
                .toString())
        .header("X-Document-SHA256", expected.sha256())
        .header("X-Document-SM3", expected.sm3())
        .body(store.content(documentId));
  }

  private static ApiException notFound(String documentId) {
    return new ApiException(
        HttpStatus.NOT_FOUND, "DOCUMENT_NOT_FOUND", "no document " + documentId);
  }
}
