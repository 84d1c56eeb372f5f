package io.lcledger.chaincode.domain;

import static io.lcledger.chaincode.domain.LcException.require;

import java.math.BigDecimal;

/** The amount and rate checks the rules share, each written once. */
final class Amounts {
  static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  private Amounts() {}

  /** {@code amount} is given and above zero. */
  static void requirePositive(Money amount, String field) {
    require(
        amount != null && amount.isPositive(), ErrorCode.INVALID_AMOUNT, field + " must be > 0");
  }

  /** {@code amount} is above zero and at most the presentation's drawing ({@code code} if more). */
  static void requireWithinDrawing(
      Situation<?> s, Money amount, String field, ErrorCode code, String what) {
    requirePositive(amount, field);
    Money drawing = s.presentation().amount();
    require(
        !amount.exceeds(drawing), code, what + " " + amount + " exceeds the drawing " + drawing);
  }

  /** A percentage above zero (or from zero) up to 100, with at most 6 places. */
  static void requireRate(BigDecimal rate, boolean zeroAllowed, String field) {
    boolean positive = rate != null && (zeroAllowed ? rate.signum() >= 0 : rate.signum() > 0);
    require(
        positive && rate.compareTo(HUNDRED) <= 0 && rate.stripTrailingZeros().scale() <= 6,
        ErrorCode.INVALID_REQUEST,
        field + " must be a percentage " + (zeroAllowed ? ">= 0" : "> 0") + " and <= 100");
  }
}
