package io.lcledger.chaincode.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An amount of CNY with exactly two decimal places; never a float. Zero is allowed, negatives not.
 */
public record Money(BigDecimal value) implements Comparable<Money> {
  private static final Pattern TEXT = Pattern.compile("\\d{1,15}(\\.\\d{1,2})?");

  public static final Money ZERO = new Money(BigDecimal.ZERO);

  public Money {
    Objects.requireNonNull(value, "value");
    if (value.signum() < 0 || value.stripTrailingZeros().scale() > 2) {
      throw new LcException(
          ErrorCode.INVALID_AMOUNT, "not a non-negative amount in cents: " + value);
    }
    value = value.setScale(2, RoundingMode.UNNECESSARY);
  }

  /** Parses a decimal string such as {@code "1000000.00"}; at most two decimal places. */
  public static Money parse(String text) {
    if (text == null || !TEXT.matcher(text).matches()) {
      throw new LcException(
          ErrorCode.INVALID_AMOUNT, "amount must be a decimal string with 2 places: " + text);
    }
    return new Money(new BigDecimal(text));
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
