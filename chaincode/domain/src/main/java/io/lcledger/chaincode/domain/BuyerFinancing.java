package io.lcledger.chaincode.domain;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * Buyer financing (买方押汇): the issuing bank pays on the applicant's behalf, the applicant repays
 * later with interest (actual/360, the CNY convention).
 */
public record BuyerFinancing(
    FinancingStatus status,
    Money amount,
    BigDecimal annualRatePercent,
    LocalDate valueDate,
    LocalDate dueDate,
    Money repaidAmount,
    Money interestPaid,
    LocalDate repaidOn) {

  public Money outstanding() {
    return amount.minus(repaidAmount);
  }

  BuyerFinancing withStatus(FinancingStatus newStatus) {
    return new BuyerFinancing(
        newStatus,
        amount,
        annualRatePercent,
        valueDate,
        dueDate,
        repaidAmount,
        interestPaid,
        repaidOn);
  }
}
