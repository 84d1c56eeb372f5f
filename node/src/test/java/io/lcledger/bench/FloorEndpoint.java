package io.lcledger.bench;

import io.lcledger.chaincode.domain.LetterOfCredit;
import io.lcledger.node.identity.CallerPrincipal;
import io.lcledger.node.lc.LcView;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The sandbox benchmark's floor: a step endpoint without the step. It takes what a presentation
 * takes (bearer token, the branch role, the body limit, a JSON body validated into a record, a path
 * variable) through the node's own filters and MVC, and answers a real LC's view, as a step does,
 * but touches neither the ledger nor the database. What a REST step costs beyond it is the ledger's
 * and the node's own work. Outside the node's packages, so that only the benchmark registers it.
 */
@RestController
@Validated
public class FloorEndpoint {
  private volatile LetterOfCredit answer;

  record Presentation(
      @NotBlank String amount,
      @NotNull LocalDate shipmentDate,
      @NotEmpty List<String> documentIds) {}

  /** The LC whose view every call answers. */
  public void answerWith(LetterOfCredit lc) {
    this.answer = Objects.requireNonNull(lc);
  }

  @PostMapping("/api/v1/bench/{lc}/floor")
  public LcView floor(
      @AuthenticationPrincipal CallerPrincipal caller,
      @PathVariable String lc,
      @Valid @RequestBody Presentation body) {
    Objects.requireNonNull(caller);
    return LcView.of(answer);
  }
}
