package io.lcledger.node.lc.web;

import io.lcledger.chaincode.domain.Step;
import io.lcledger.node.identity.CallerPrincipal;
import io.lcledger.node.lc.LcService;
import io.lcledger.node.lc.LcView;
import io.lcledger.node.swift.MtMessages;
import io.lcledger.node.swift.MtType;
import io.lcledger.node.web.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The trade-services system's own language: an LC issued from an MT700 in FIN text, and each step
 * of an LC rendered as the SWIFT category 7 message that tells it to the other bank.
 */
@RestController
@RequestMapping("/api/v1/lcs")
@Tag(name = "Letters of credit")
public class MtController {
  private final LcService lcs;
  private final MtMessages messages;

  public MtController(LcService lcs, MtMessages messages) {
    this.lcs = lcs;
    this.messages = messages;
  }

  @PostMapping(consumes = MtMessages.MEDIA_TYPE)
  @TakesStep(Step.ISSUE)
  @Operation(
      summary = "Issue an LC (issuing branch): its terms as JSON, or an MT700 in FIN text",
      description =
          "As `application/x-swift-mt`, the body is one MT700 in FIN text (blocks 1, 2 and 4), sent by the caller's own BIC"
              + " to the advising branch's: it issues exactly what the JSON request with the same"
              + " terms would. A field that cannot be mapped, a character outside the SWIFT X set,"
              + " a bad date or amount is a 422 INVALID_MT_MESSAGE naming each field in `errors`;"
              + " nothing is submitted.",
      requestBody =
          @io.swagger.v3.oas.annotations.parameters.RequestBody(
              content =
                  @Content(
                      mediaType = MtMessages.MEDIA_TYPE,
                      schema = @Schema(type = "string", example = "{1:F01BOSHCNSHAXXX...}"))))
  @ApiResponse(responseCode = "201", description = "issued: the LC view")
  @ApiResponse(
      responseCode = "422",
      description = "INVALID_MT_MESSAGE, or a rule of the ledger",
      content = @Content(mediaType = "application/problem+json"))
  public ResponseEntity<LcView> issueFromMt700(
      @AuthenticationPrincipal CallerPrincipal caller, @RequestBody byte[] body) {
    if (body.length > MtMessages.MAX_LENGTH * 4) { // before decoding: 4 bytes a character at most
      throw MtMessages.tooLong();
    }
    String fin;
    try {
      fin =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(body))
              .toString();
    } catch (CharacterCodingException e) {
      throw new ApiException(
          HttpStatus.UNPROCESSABLE_ENTITY, "INVALID_MT_MESSAGE", "the MT700 is not UTF-8 text");
    }
    LcView issued = LcView.of(lcs.issue(caller, messages.readMt700(fin, caller.branch())));
    return ResponseEntity.status(HttpStatus.CREATED).body(issued);
  }

  @GetMapping(path = "/{lc}/mt/{type}", produces = MtMessages.MEDIA_TYPE)
  @Operation(
      summary = "A step of the LC as its SWIFT MT message",
      description =
          "MT700 (issue), MT707 (amendment), MT730 (advice, amendment answered), MT750"
              + " (discrepancies), MT734 (refusal), MT752 (discrepancies waived), MT754"
              + " (negotiation), MT756 (payment), MT799 (presentation, compliance, deferred"
              + " acceptance, forfaiting, cancellation). The latest step of that type, or that of"
              + " `presentation` or `amendment` n. Each history entry that has one links to it"
              + " (`mt`). An LC whose text is outside the SWIFT X set (Chinese names, say) is a"
              + " 422 MT_NOT_REPRESENTABLE naming the fields.")
  @ApiResponse(
      responseCode = "200",
      content = @Content(mediaType = MtMessages.MEDIA_TYPE, schema = @Schema(type = "string")))
  @ApiResponse(
      responseCode = "404",
      description = "LC_NOT_FOUND, or MT_NOT_FOUND: no step of the LC is told by that message",
      content = @Content(mediaType = "application/problem+json"))
  @ApiResponse(
      responseCode = "422",
      description = "MT_NOT_REPRESENTABLE",
      content = @Content(mediaType = "application/problem+json"))
  public ResponseEntity<String> message(
      @AuthenticationPrincipal CallerPrincipal caller,
      @PathVariable String lc,
      @PathVariable String type,
      @Parameter(description = "the presentation's number") @RequestParam(required = false)
          Integer presentation,
      @Parameter(description = "the amendment's number") @RequestParam(required = false)
          Integer amendment) {
    MtType wanted = MtType.named(type);
    MtMessages.Rendered rendered =
        messages
            .render(lcs.versions(caller.member(), lc), wanted, presentation, amendment)
            .orElseThrow(
                () ->
                    new ApiException(
                        HttpStatus.NOT_FOUND,
                        "MT_NOT_FOUND",
                        "no step of LC " + lc + " is told by " + wanted));
    return download(lc, rendered);
  }

  /** A rendered message as a file to save: {@code LC-1-MT700.fin}. */
  public static ResponseEntity<String> download(String lcNumber, MtMessages.Rendered rendered) {
    return ResponseEntity.ok()
        .contentType(MediaType.parseMediaType(MtMessages.MEDIA_TYPE))
        .header(
            HttpHeaders.CONTENT_DISPOSITION,
            "attachment; filename=\"" + lcNumber + "-" + rendered.type() + ".fin\"")
        .body(rendered.fin());
  }
}
