package io.lcledger.node.lc.web;

import io.lcledger.chaincode.domain.Amendment;
import io.lcledger.chaincode.domain.Command;
import io.lcledger.chaincode.domain.LcStatus;
import io.lcledger.chaincode.domain.LetterOfCredit;
import io.lcledger.chaincode.domain.Limits;
import io.lcledger.chaincode.domain.Money;
import io.lcledger.chaincode.domain.Step;
import io.lcledger.node.identity.CallerPrincipal;
import io.lcledger.node.lc.HistoryView;
import io.lcledger.node.lc.LcIndex;
import io.lcledger.node.lc.LcService;
import io.lcledger.node.lc.LcView;
import io.lcledger.node.lc.PresentationView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The REST contract of api.md for trade-services systems: one endpoint per LC step, and reads. */
@RestController
@RequestMapping("/api/v1/lcs")
@Tag(name = "Letters of credit")
public class LcController {
  /** The last page number a listing accepts. */
  public static final int MAX_PAGE = 1_000_000;

  /** A unified social credit code's length. */
  static final int USCC_LENGTH = 18;

  private final LcService lcs;

  public LcController(LcService lcs) {
    this.lcs = lcs;
  }

  @PostMapping
  @TakesStep(Step.ISSUE)
  @Operation(summary = "Issue an LC (issuing branch): its terms as JSON, or an MT700 in FIN text")
  @ResponseStatus(HttpStatus.CREATED) // for the published contract
  public ResponseEntity<LcView> issue(
      @AuthenticationPrincipal CallerPrincipal caller, @Valid @RequestBody Requests.IssueLc body) {
    return created(LcView.of(lcs.issue(caller, body.terms())));
  }

  @GetMapping("/{lc}")
  public LcView get(@AuthenticationPrincipal CallerPrincipal caller, @PathVariable String lc) {
    return LcView.of(lcs.get(caller, lc));
  }

  @GetMapping
  @Operation(
      summary = "The caller's LCs (every LC for an auditor), in LC number order",
      description =
          "Paged by `page` and `size`, or by `cursor`: give a page's `next` as the `cursor` of the"
              + " following request (`next` is empty after the last page). Optionally of one"
              + " `status`, of one company (`uscc`, as applicant or beneficiary), whose number"
              + " contains `number`, or whose next deadline (an examination, a maturity, expiry)"
              + " is on or before `deadlineBy`.")
  public LcService.Page list(
      @AuthenticationPrincipal CallerPrincipal caller,
      @RequestParam(required = false) LcStatus status,
      @RequestParam(required = false) @Size(max = USCC_LENGTH) @Pattern(regexp = "[0-9A-Z]*")
          String uscc,
      @RequestParam(required = false)
          @Size(max = Limits.LC_NUMBER_MAX)
          @Pattern(regexp = LcIndex.NUMBER_PART_PATTERN)
          String number,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE)
          LocalDate deadlineBy,
      @RequestParam(required = false) @Size(max = LcIndex.MAX_CURSOR) String cursor,
      // bounded so that page * size cannot overflow
      @RequestParam(defaultValue = "0") @Min(0) @Max(MAX_PAGE) int page,
      @RequestParam(defaultValue = "20") @Min(1) @Max(200) int size) {
    return lcs.list(
        caller, new LcIndex.Search(null, uscc, status, number, deadlineBy), cursor, page, size);
  }

  @PostMapping("/{lc}/advice")
  @TakesStep(Step.ADVISE)
  public LcView advise(@AuthenticationPrincipal CallerPrincipal caller, @PathVariable String lc) {
    return LcView.of(lcs.step(caller, lc, new Command.Advise()));
  }

  @PostMapping("/{lc}/amendments")
  @TakesStep(Step.PROPOSE_AMENDMENT)
  @ResponseStatus(HttpStatus.CREATED) // for the published contract
  public ResponseEntity<AmendmentView> amend(
      @AuthenticationPrincipal CallerPrincipal caller,
      @PathVariable String lc,
      @Valid @RequestBody Requests.Amend body) {
    LetterOfCredit after = lcs.step(caller, lc, new Command.ProposeAmendment(body.changes()));
    return created(
        AmendmentView.of(
            after, after.amendments().get(after.amendments().size() - 1).amendmentNo()));
  }

  @PostMapping("/{lc}/amendments/{n}/response")
  @TakesStep({Step.ACCEPT_AMENDMENT, Step.REJECT_AMENDMENT})
  public AmendmentView answerAmendment(
      @AuthenticationPrincipal CallerPrincipal caller,
      @PathVariable String lc,
      @PathVariable int n,
      @Valid @RequestBody Requests.Answer body) {
    return AmendmentView.of(
        lcs.step(caller, lc, new Command.AnswerAmendment(n, body.accepted())), n);
  }

  @PostMapping("/{lc}/presentations")
  @TakesStep(Step.PRESENT)
  @ResponseStatus(HttpStatus.CREATED) // for the published contract
  public ResponseEntity<PresentationView> present(
      @AuthenticationPrincipal CallerPrincipal caller,
      @PathVariable String lc,
      @Valid @RequestBody Requests.Present body) {
    LetterOfCredit after =
        lcs.present(
            caller,
            lc,
            new Command.Present(Money.parse(body.amount()), body.shipmentDate(), List.of()),
            body.documentIds());
    return created(presentation(after, after.presentations().size()));
  }

  @PostMapping("/{lc}/presentations/{n}/examination")
  @TakesStep({Step.EXAMINE_COMPLIANT, Step.NOTE_DISCREPANCIES})
  public PresentationView examine(
      @AuthenticationPrincipal CallerPrincipal caller,
      @PathVariable String lc,
      @PathVariable int n,
      @Valid @RequestBody Requests.Examination body) {
    List<String> discrepancies = body.discrepancies() == null ? List.of() : body.discrepancies();
    return presentation(
        lcs.step(caller, lc, new Command.Examine(n, body.result(), discrepancies)), n);
  }

  @PostMapping("/{lc}/presentations/{n}/waiver")
  @TakesStep(Step.WAIVE_DISCREPANCIES)
  public PresentationView waive(
      @AuthenticationPrincipal CallerPrincipal caller,
      @PathVariable String lc,
      @PathVariable int n,
      @Valid @RequestBody Requests.Waiver body) {
    return presentation(lcs.step(caller, lc, new Command.Waive(n, body.applicantWaived())), n);
  }

  @PostMapping("/{lc}/presentations/{n}/refusal")
  @TakesStep(Step.REFUSE)
  public PresentationView refuse(
      @AuthenticationPrincipal CallerPrincipal caller,
      @PathVariable String lc,
      @PathVariable int n,
      @Valid @RequestBody Requests.Refusal body) {
    return presentation(
        lcs.step(
            caller, lc, new Command.Refuse(n, body.discrepancies(), body.documentDisposition())),
        n);
  }

  @PostMapping("/{lc}/presentations/{n}/acceptance")
  @TakesStep(Step.ACCEPT_DEFERRED)
  public PresentationView accept(
      @AuthenticationPrincipal CallerPrincipal caller,
      @PathVariable String lc,
      @PathVariable int n) {
    return presentation(lcs.step(caller, lc, new Command.AcceptDeferred(n)), n);
  }

  @PostMapping("/{lc}/presentations/{n}/buyer-financing")
  @TakesStep(Step.GRANT_BUYER_FINANCING)
  @ResponseStatus(HttpStatus.CREATED) // for the published contract
  public ResponseEntity<PresentationView> finance(
      @AuthenticationPrincipal CallerPrincipal caller,
      @PathVariable String lc,
      @PathVariable int n,
      @Valid @RequestBody Requests.Financing body) {
    Command.GrantBuyerFinancing command =
        new Command.GrantBuyerFinancing(
            n, Money.parse(body.amount()), body.annualRatePercent(), body.dueDate());
    return created(presentation(lcs.step(caller, lc, command), n));
  }

  @PostMapping("/{lc}/presentations/{n}/buyer-financing/repayment")
  @TakesStep(Step.REPAY_BUYER_FINANCING)
  public PresentationView repay(
      @AuthenticationPrincipal CallerPrincipal caller,
      @PathVariable String lc,
      @PathVariable int n,
      @Valid @RequestBody Requests.Amount body) {
    return presentation(
        lcs.step(caller, lc, new Command.RepayBuyerFinancing(n, Money.parse(body.amount()))), n);
  }

  @PostMapping("/{lc}/presentations/{n}/forfaiting")
  @TakesStep(Step.FORFAIT)
  @ResponseStatus(HttpStatus.CREATED) // for the published contract
  public ResponseEntity<PresentationView> forfait(
      @AuthenticationPrincipal CallerPrincipal caller,
      @PathVariable String lc,
      @PathVariable int n,
      @Valid @RequestBody Requests.Forfaiting body) {
    Command.Forfait command =
        new Command.Forfait(n, Money.parse(body.purchasePrice()), body.discountRatePercent());
    return created(presentation(lcs.step(caller, lc, command), n));
  }

  @PostMapping("/{lc}/presentations/{n}/negotiation")
  @TakesStep(Step.NEGOTIATE)
  @ResponseStatus(HttpStatus.CREATED) // for the published contract
  public ResponseEntity<PresentationView> negotiate(
      @AuthenticationPrincipal CallerPrincipal caller,
      @PathVariable String lc,
      @PathVariable int n,
      @Valid @RequestBody Requests.Amount body) {
    return created(
        presentation(
            lcs.step(caller, lc, new Command.Negotiate(n, Money.parse(body.amount()))), n));
  }

  @PostMapping("/{lc}/presentations/{n}/payment")
  @TakesStep({Step.PAY_AT_SIGHT, Step.PAY_AT_MATURITY})
  public PresentationView pay(
      @AuthenticationPrincipal CallerPrincipal caller,
      @PathVariable String lc,
      @PathVariable int n,
      @Valid @RequestBody Requests.Payment body) {
    return presentation(
        lcs.step(
            caller, lc, new Command.Pay(n, Money.parse(body.amount()), body.paymentReference())),
        n);
  }

  @PostMapping("/{lc}/cancellation")
  @TakesStep(Step.REQUEST_CANCELLATION)
  @ResponseStatus(HttpStatus.ACCEPTED) // for the published contract
  public ResponseEntity<LcView> requestCancellation(
      @AuthenticationPrincipal CallerPrincipal caller,
      @PathVariable String lc,
      @Valid @RequestBody Requests.Cancellation body) {
    LetterOfCredit after = lcs.step(caller, lc, new Command.RequestCancellation(body.reason()));
    return ResponseEntity.status(HttpStatus.ACCEPTED).body(LcView.of(after));
  }

  @PostMapping("/{lc}/cancellation/response")
  @TakesStep({Step.ACCEPT_CANCELLATION, Step.REJECT_CANCELLATION})
  public LcView answerCancellation(
      @AuthenticationPrincipal CallerPrincipal caller,
      @PathVariable String lc,
      @Valid @RequestBody Requests.Answer body) {
    return LcView.of(lcs.step(caller, lc, new Command.AnswerCancellation(body.accepted())));
  }

  @PostMapping("/{lc}/expiry")
  @TakesStep(Step.EXPIRE)
  public LcView expire(@AuthenticationPrincipal CallerPrincipal caller, @PathVariable String lc) {
    return LcView.of(lcs.step(caller, lc, new Command.Expire()));
  }

  @PostMapping("/{lc}/closure")
  @TakesStep(Step.CLOSE)
  @Operation(summary = "Close an LC once everything on it is settled (issuing branch)")
  public LcView close(@AuthenticationPrincipal CallerPrincipal caller, @PathVariable String lc) {
    return LcView.of(lcs.step(caller, lc, new Command.Close()));
  }

  @GetMapping("/{lc}/history")
  public List<HistoryView> history(
      @AuthenticationPrincipal CallerPrincipal caller, @PathVariable String lc) {
    return lcs.history(caller, lc);
  }

  @GetMapping("/{lc}/history/verification")
  public HistoryView.Verification verification(
      @AuthenticationPrincipal CallerPrincipal caller, @PathVariable String lc) {
    return lcs.verify(caller, lc);
  }

  /** An amendment as answered by the API, with the transaction that wrote it. */
  public record AmendmentView(
      int amendmentNo, String status, Map<String, Object> changes, String txId) {
    static AmendmentView of(LetterOfCredit lc, int n) {
      Amendment a = lc.amendment(n).orElseThrow();
      return new AmendmentView(
          a.amendmentNo(), a.status().name(), a.changes(), lc.lastStep().txId());
    }
  }

  private static PresentationView presentation(LetterOfCredit lc, int n) {
    return LcView.of(lc).presentations().stream()
        .filter(p -> p.presentationNo() == n)
        .findFirst()
        .orElseThrow();
  }

  private static <T> ResponseEntity<T> created(T body) {
    return ResponseEntity.status(HttpStatus.CREATED).body(body);
  }
}
