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
        store.find(documentId).orElseThrow(() -> DocumentStore.notFound(documentId));
    DocumentRef expected = doc.ref();
    if (doc.lcNumber() != null) {
      LetterOfCredit lc = lcs.get(caller, doc.lcNumber()); // LC_NOT_FOUND for a non-party
      expected = store.anchoredIn(lc, documentId);
    } else if (caller.auditor() || !doc.uploadedBy().equals(caller.branch())) {
      throw DocumentStore.notFound(documentId);
    }
    return file(store.intactFile(doc, expected), ContentDisposition.attachment());
  }

  /** An intact file as an HTTP answer, with the digests it was checked against. */
  public static ResponseEntity<byte[]> file(
      DocumentStore.IntactFile file, ContentDisposition.Builder disposition) {
    return ResponseEntity.ok()
        .contentType(MediaType.parseMediaType(file.document().mediaType()))
        .header(
            HttpHeaders.CONTENT_DISPOSITION,
            disposition
                .filename(file.document().fileName(), StandardCharsets.UTF_8)
                .build()
                .toString())
        .header("X-Document-SHA256", file.anchored().sha256())
        .header("X-Document-SM3", file.anchored().sm3())
        .body(file.content());
  }
}
