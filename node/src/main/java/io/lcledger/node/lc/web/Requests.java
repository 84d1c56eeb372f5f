package io.lcledger.node.lc.web;

import io.lcledger.chaincode.domain.Command.Examine;
import io.lcledger.chaincode.domain.DocumentDisposition;
import io.lcledger.chaincode.domain.LcTerms;
import io.lcledger.chaincode.domain.Money;
import io.lcledger.chaincode.domain.Party;
import io.lcledger.chaincode.domain.PaymentTerms;
import io.lcledger.chaincode.domain.RequiredDocument;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** Request bodies of api.md. Presence and shape are checked here; the rules by the ledger. */
final class Requests {
  private Requests() {}

  record IssueLc(
      @NotBlank String lcNumber,
      @NotBlank String advisingBranch,
      @NotNull Party applicant,
      @NotNull Party beneficiary,
      @NotBlank String amount,
      @NotBlank String currency,
      @NotNull @Min(0) @Max(10) Integer tolerancePercent,
      @NotNull LocalDate expiryDate,
      @NotBlank String expiryPlace,
      @NotNull LocalDate latestShipmentDate,
      @Min(1) Integer presentationPeriodDays,
      @NotNull PaymentTerms paymentTerms,
      Boolean partialShipmentsAllowed,
      @NotBlank String goodsDescription,
      @NotEmpty List<RequiredDocument> requiredDocuments,
      String additionalConditions) {

    LcTerms terms() {
      return new LcTerms(
          lcNumber,
          advisingBranch,
          applicant,
          beneficiary,
          Money.parse(amount),
          currency,
          tolerancePercent,
          expiryDate,
          expiryPlace,
          latestShipmentDate,
          presentationPeriodDays,
          paymentTerms,
          Boolean.TRUE.equals(partialShipmentsAllowed),
          goodsDescription,
          requiredDocuments,
          additionalConditions);
    }
  }

  record Amend(@NotEmpty Map<String, Object> changes) {}

  record Answer(@NotNull Boolean accepted) {}

  record Present(
      @NotBlank String amount,
      @NotNull LocalDate shipmentDate,
      @NotEmpty List<String> documentIds) {}

  record Examination(@NotNull Examine.Result result, List<String> discrepancies) {}

  record Waiver(@NotNull Boolean applicantWaived) {}

  record Refusal(
      @NotEmpty List<String> discrepancies, @NotNull DocumentDisposition documentDisposition) {}

  record Financing(
      @NotBlank String amount, @NotNull BigDecimal annualRatePercent, @NotNull LocalDate dueDate) {}

  record Amount(@NotBlank String amount) {}

  record Forfaiting(@NotBlank String purchasePrice, @NotNull BigDecimal discountRatePercent) {}

  record Payment(@NotBlank String amount, @NotBlank String paymentReference) {}

  record Cancellation(@NotBlank String reason) {}
}
