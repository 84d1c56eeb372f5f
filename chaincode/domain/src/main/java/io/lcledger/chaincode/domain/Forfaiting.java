package io.lcledger.chaincode.domain;

import java.math.BigDecimal;
import java.time.LocalDate;

/** Forfaiting (福费廷): a bank other than the issuer bought the deferred claim without recourse. */
public record Forfaiting(
    ForfaitingStatus status,
    String forfaiter,
    Money purchasePrice,
    BigDecimal discountRatePercent,
    LocalDate forfaitedOn) {

  Forfaiting withStatus(ForfaitingStatus newStatus) {
    return new Forfaiting(newStatus, forfaiter, purchasePrice, discountRatePercent, forfaitedOn);
  }
}
