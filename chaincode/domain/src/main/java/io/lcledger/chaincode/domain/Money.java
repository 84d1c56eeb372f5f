package io.lcledger.chaincode.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An amount of CNY with exactly two decimal places; never a float. Zero is allowed, negatives not,
 * nor more than {@link Limits#AMOUNT_MAX}: every Money the ledger computes or stores is one that
 * {@link #parse} reads back, so the chaincode and every node share one definition of an amount.
 */
public record Money(BigDecimal value) implements Comparable<Money> {
  private static final Pattern TEXT =
      Pattern.compile(
          "\\d{1," + Limits.AMOUNT_INTEGER_DIGITS + "}(\\.\\d{1," + Limits.AMOUNT_SCALE + "})?");

  public static final Money ZERO = new Money(BigDecimal.ZERO);

  /** The largest amount: 9999999999999.99. */
  public static final Money MAX = new Money(Limits.AMOUNT_MAX);

  public Money {
    Objects.requireNonNull(value, "value");
    if (value.signum() < 0 || value.compareTo(Limits.AMOUNT_MAX) > 0) {
      throw new LcException(
          ErrorCode.INVALID_AMOUNT, "amounts are from 0 to " + Limits.AMOUNT_MAX + " CNY");
    }
    if (value.stripTrailingZeros().scale() > Limits.AMOUNT_SCALE) {
      throw new LcException(ErrorCode.INVALID_AMOUNT, "not an amount in cents: " + value);
    }
    value = value.setScale(Limits.AMOUNT_SCALE, RoundingMode.UNNECESSARY);
  }

  /**
   * Parses a decimal string such as {@code "1000000.00"}: at most 13 integer digits and two decimal
   * places, checked on the text before any number is built.
   */
  public static Money parse(String text) {
    if (text == null
        || text.length() > Limits.AMOUNT_INTEGER_DIGITS + Limits.AMOUNT_SCALE + 1
        || !TEXT.matcher(text).matches()) {
      throw new LcException(
          ErrorCode.INVALID_AMOUNT,
          "amount must be a decimal string with at most "
              + Limits.AMOUNT_INTEGER_DIGITS
              + " digits and 2 places, such as \"1000.00\"");
    }
    return new Money(new BigDecimal(text));
  }

  /** Whether this amount raised by {@code percent} is still an amount (at most {@link #MAX}). */
  public boolean fitsPlusPercent(int percent) {
    return value
            .multiply(BigDecimal.valueOf(100L + percent))
            .divide(BigDecimal.valueOf(100), 2, RoundingMode.DOWN)
            .compareTo(Limits.AMOUNT_MAX)
        <= 0;
  }

  /** Parses an amount that must be strictly positive. */
  public static Money parsePositive(String text, String field) {
    Money money = parse(text);
    LcException.require(money.isPositive(), ErrorCode.INVALID_AMOUNT, field + " must be > 0");
    return money;
  }

  public boolean isPositive() {
    return value.signum() > 0;
  }

  public Money plus(Money other) {
    return new Money(value.add(other.value));
  }

  public Money minus(Money other) {
    return new Money(value.subtract(other.value));
  }

  /** This amount raised by a whole percentage, rounded down to the cent (never above the limit). */
  public Money plusPercent(int percent) {
    return new Money(
        value
            .multiply(BigDecimal.valueOf(100L + percent))
            .divide(BigDecimal.valueOf(100), 2, RoundingMode.DOWN));
  }

  /** This amount lowered by a whole percentage, rounded up to the cent. */
  public Money minusPercent(int percent) {
    return new Money(
        value
            .multiply(BigDecimal.valueOf(100L - percent))
            .divide(BigDecimal.valueOf(100), 2, RoundingMode.UP));
  }

  public boolean exceeds(Money other) {
    return compareTo(other) > 0;
  }

  @Override
  public int compareTo(Money other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value.toPlainString();
  }
}
