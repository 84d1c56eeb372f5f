package io.lcledger.node.audit;

import io.lcledger.node.lc.LcService;
import io.lcledger.node.ledger.LedgerException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.util.UriUtils;

/**
 * The auditor's pages: find an LC, trace its history, verify it, export it signed, and check a
 * signed export.
 */
@Controller
public class AuditController {
  private final TrailService trails;
  private final TrailExports exports;
  private final LcService lcs;
  private final NodeSigningKey signingKey;
  private final Clock clock;

  public AuditController(
      TrailService trails,
      TrailExports exports,
      LcService lcs,
      NodeSigningKey signingKey,
      Clock clock) {
    this.trails = trails;
    this.exports = exports;
    this.lcs = lcs;
    this.signingKey = signingKey;
    this.clock = clock;
  }

  @GetMapping("/audit")
  public String search(
      @RequestParam(required = false) String lc,
      @RequestParam(required = false) String party,
      Model model) {
    if (lc != null && !lc.isBlank()) {
      // encoded: a '{' would otherwise be taken for a URI template variable (a 500)
      return "redirect:/audit/lcs/"
          + UriUtils.encodePathSegment(lc.strip(), StandardCharsets.UTF_8);
    }
    model.addAttribute("party", party);
    if (party != null && !party.isBlank()) {
      LcService.Page found = lcs.listForParty(party.strip(), 0, 200);
      model.addAttribute("found", found.items());
      model.addAttribute("unreadable", found.unreadable());
    }
    return "audit/search";
  }

  @GetMapping("/audit/lcs/{lc}")
  public String trail(
      @PathVariable String lc, @RequestParam(defaultValue = "false") boolean verify, Model model) {
    model.addAttribute("lcNumber", lc);
    try {
      model.addAttribute("trail", trails.trail(lc));
      if (verify) {
        model.addAttribute("verification", trails.verify(lc));
      }
    } catch (LedgerException.Rejected e) {
      model.addAttribute("trail", List.of());
      model.addAttribute("notFound", true);
    }
    return "audit/lc";
  }

  @GetMapping("/audit/lcs/{lc}/trail.csv")
  @ResponseBody
  public ResponseEntity<byte[]> csv(@PathVariable String lc) {
    return download(exports.csv(trails.trail(lc)), "text/csv", lc + "-trail.csv");
  }

  /** The CSV's detached CMS signature: check the two together (the page, the command). */
  @GetMapping("/audit/lcs/{lc}/trail.csv.p7s")
  @ResponseBody
  public ResponseEntity<byte[]> csvSignature(@PathVariable String lc) {
    return download(
        exports.csvSignature(exports.csv(trails.trail(lc))),
        "application/pkcs7-signature",
        lc + "-trail.csv.p7s");
  }

  @GetMapping("/audit/lcs/{lc}/trail.pdf")
  @ResponseBody
  public ResponseEntity<byte[]> pdf(@PathVariable String lc) {
    return download(
        exports.signedPdf(lc, trails.trail(lc), clock.instant()),
        MediaType.APPLICATION_PDF_VALUE,
        lc + "-trail.pdf");
  }

  /** The certificate whose key signs exported trails: compare it with the PDF's signer. */
  @GetMapping(path = "/audit/node-certificate.pem", produces = "application/x-pem-file")
  @ResponseBody
  public String certificate() {
    return signingKey.certificatePem();
  }

  @GetMapping("/audit/verify")
  public String verifyForm(Model model) {
    model.addAttribute("node", nodeCertificate());
    return "audit/verify";
  }

  /**
   * Checks an uploaded export against this node's certificates: a PDF alone, or a CSV with its
   * .p7s. The upload is bounded by the multipart limits; whatever it holds, the answer is this
   * page.
   */
  @PostMapping(path = "/audit/verify", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
  public String verifyUpload(
      @RequestParam(required = false) MultipartFile file,
      @RequestParam(required = false) MultipartFile signature,
      Model model)
      throws IOException {
    model.addAttribute("node", nodeCertificate());
    if (file == null || file.isEmpty()) {
      model.addAttribute("missing", true);
      return "audit/verify";
    }
    model.addAttribute("fileName", file.getOriginalFilename());
    byte[] content = file.getBytes();
    ExportVerification result;
    if (signature != null && !signature.isEmpty()) {
      result =
          signature.getSize() > ExportVerifier.MAX_SIGNATURE
              ? ExportVerification.of(ExportVerification.Outcome.UNREADABLE)
              : ExportVerifier.detached(content, signature.getBytes(), signingKey.certificates());
    } else {
      result = ExportVerifier.pdf(content, signingKey.certificates());
      if (result.outcome() == ExportVerification.Outcome.UNREADABLE
          && !ExportVerifier.isPdf(content)) {
        result = ExportVerification.of(ExportVerification.Outcome.NOT_SIGNED); // a CSV alone
      }
    }
    model.addAttribute("result", result);
    return "audit/verify";
  }

  /** The certificate in use, to compare with: subject, algorithm, SHA-256 fingerprint. */
  private ExportVerification.Signer nodeCertificate() {
    return new ExportVerification.Signer(
        signingKey.certificate().getSubjectX500Principal().getName(),
        signingKey.algorithm().jcaName(),
        ExportVerifier.fingerprint(signingKey.certificate()),
        null,
        true);
  }

  private static ResponseEntity<byte[]> download(byte[] body, String type, String name) {
    return ResponseEntity.ok()
        .contentType(MediaType.parseMediaType(type))
        .header(
            HttpHeaders.CONTENT_DISPOSITION,
            ContentDisposition.attachment()
                .filename(name, StandardCharsets.UTF_8)
                .build()
                .toString())
        .body(body);
  }
}
