package io.lcledger.node.lc.web;

import io.lcledger.node.lc.DocumentService;
import io.lcledger.node.peers.PeerNodes;
import io.lcledger.node.web.ApiException;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The node-to-node door: another branch's node fetching a document this branch presented. No bearer
 * token here; the request must be signed by a member of the network (checked against its MSP) that
 * is a party of the document's LC, or an auditor. Not part of the client API.
 */
@Hidden
@RestController
class PeerDocumentController {
  private final PeerNodes peers;
  private final DocumentService documents;

  PeerDocumentController(PeerNodes peers, DocumentService documents) {
    this.peers = peers;
    this.documents = documents;
  }

  @GetMapping(PeerNodes.DOCUMENT_PATH + "{documentId}")
  ResponseEntity<byte[]> document(HttpServletRequest request, @PathVariable String documentId) {
    String member =
        peers
            .authenticate("GET", request.getRequestURI(), request::getHeader)
            .orElseThrow(
                () ->
                    new ApiException(
                        HttpStatus.UNAUTHORIZED,
                        "UNAUTHENTICATED",
                        "a request signed by a member of the network is required"));
    DocumentService.Served served = documents.forPeer(member, documentId);
    return ResponseEntity.ok()
        .contentType(MediaType.APPLICATION_OCTET_STREAM)
        .header(PeerNodes.LC_NUMBER, served.lcNumber())
        .header("X-Content-Type-Options", "nosniff")
        .body(served.content());
  }
}
