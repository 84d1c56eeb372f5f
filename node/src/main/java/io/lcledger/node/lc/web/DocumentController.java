package io.lcledger.node.lc.web;

import io.lcledger.chaincode.domain.DocumentType;
import io.lcledger.node.documents.DocumentMediaTypes;
import io.lcledger.node.documents.DocumentStore;
import io.lcledger.node.identity.CallerPrincipal;
import io.lcledger.node.lc.DocumentService;
import io.lcledger.node.lc.LcService;
import io.lcledger.node.ledger.LedgerException;
import io.lcledger.node.web.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
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
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** Document upload by the presenting branch, and download with digest verification (影像审核). */
@RestController
@RequestMapping("/api/v1/documents")
public class DocumentController {
  private final DocumentStore store;
  private final DocumentService documents;
  private final LcService lcs;

  public DocumentController(DocumentStore store, DocumentService documents, LcService lcs) {
    this.store = store;
    this.documents = documents;
    this.lcs = lcs;
  }

  /** The upload's two parts, as the published contract shows them. */
  @Schema(
      name = "DocumentUpload",
      requiredProperties = {"file", "type"})
  record UploadForm(
      @Schema(
              type = "string",
              format = "binary",
              description = "PDF, PNG, JPEG, TIFF, OFD or XML, judged by its content")
          String file,
      DocumentType type) {}

  @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(
      summary = "Upload a document to present (presenting branch)",
      requestBody =
          @io.swagger.v3.oas.annotations.parameters.RequestBody(
              required = true,
              content =
                  @Content(
                      mediaType = MediaType.MULTIPART_FORM_DATA_VALUE,
                      schema = @Schema(implementation = UploadForm.class))))
  public ResponseEntity<DocumentStore.StoredDocument> upload(
      @AuthenticationPrincipal CallerPrincipal caller,
      @Parameter(hidden = true) @RequestParam("file") MultipartFile file,
      @Parameter(hidden = true) @RequestParam("type") DocumentType type)
      throws IOException {
    if (file.isEmpty()) {
      throw new ApiException(HttpStatus.BAD_REQUEST, "VALIDATION_FAILED", "the file is empty");
    }
    String name = file.getOriginalFilename();
    if (name != null && name.chars().anyMatch(Character::isISOControl)) {
      throw new ApiException(
          HttpStatus.BAD_REQUEST, "VALIDATION_FAILED", "the file name contains control characters");
    }
    DocumentStore.StoredDocument stored =
        store.store(caller.branch(), type, file.getOriginalFilename(), file.getInputStream());
    return ResponseEntity.status(HttpStatus.CREATED).body(stored);
  }

  /**
   * The file, for the branch that uploaded it or for any party of the LC it was presented under
   * (fetched from the presenting branch's node when this node does not hold it); a file whose
   * digests do not match the ledger is refused with DIGEST_MISMATCH.
   */
  @GetMapping("/{documentId}")
  @Operation(summary = "Download a document, only if its digests still match the ledger")
  @ApiResponse(
      responseCode = "200",
      description = "The file, as an attachment, with its anchored digests",
      content = {
        @Content(
            mediaType = "application/pdf",
            schema = @Schema(type = "string", format = "binary")),
        @Content(mediaType = "image/png", schema = @Schema(type = "string", format = "binary")),
        @Content(mediaType = "image/jpeg", schema = @Schema(type = "string", format = "binary")),
        @Content(mediaType = "image/tiff", schema = @Schema(type = "string", format = "binary")),
        @Content(
            mediaType = "application/ofd",
            schema = @Schema(type = "string", format = "binary")),
        @Content(
            mediaType = "application/xml",
            schema = @Schema(type = "string", format = "binary")),
        @Content(
            mediaType = "application/octet-stream",
            schema = @Schema(type = "string", format = "binary"))
      })
  public ResponseEntity<byte[]> download(
      @AuthenticationPrincipal CallerPrincipal caller, @PathVariable String documentId) {
    var uploaded = store.find(documentId).filter(d -> d.lcNumber() == null);
    if (uploaded.isPresent()) { // not presented yet: only for the branch that uploaded it
      if (caller.auditor() || !uploaded.get().uploadedBy().equals(caller.branch())) {
        throw DocumentStore.notFound(documentId);
      }
      return file(store.intactFile(uploaded.get(), uploaded.get().ref()));
    }
    return file(
        documents.presented(
            caller.member(),
            documentId,
            lcNumber -> {
              try {
                return lcs.get(caller, lcNumber);
              } catch (LedgerException.Rejected notAParty) {
                // exactly the answer for a document that does not exist: nothing of the LC is told
                throw DocumentStore.notFound(documentId);
              }
            }));
  }

  /**
   * An intact file as an HTTP answer, with the digests it was checked against: always a download,
   * never rendered by the browser in the node's origin (no sniffing, a sandbox if it were).
   */
  public static ResponseEntity<byte[]> file(DocumentStore.IntactFile file) {
    return ResponseEntity.ok()
        .contentType(
            MediaType.parseMediaType(DocumentMediaTypes.servedAs(file.document().mediaType())))
        .header(
            HttpHeaders.CONTENT_DISPOSITION,
            ContentDisposition.attachment()
                .filename(file.document().fileName(), StandardCharsets.UTF_8)
                .build()
                .toString())
        .header("X-Content-Type-Options", "nosniff")
        .header("Content-Security-Policy", "default-src 'none'; sandbox")
        .header("X-Document-SHA256", file.anchored().sha256())
        .header("X-Document-SM3", file.anchored().sm3())
        .body(file.content());
  }
}
