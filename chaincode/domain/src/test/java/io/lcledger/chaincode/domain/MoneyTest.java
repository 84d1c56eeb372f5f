package io.lcledger.chaincode.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class MoneyTest {
  @Test
  void keepsExactlyTwoDecimalPlaces() {
    assertThat(Money.parse("1000000.00").toString()).isEqualTo("1000000.00");
    assertThat(Money.parse("1000").toString()).isEqualTo("1000.00");
    assertThat(Money.parse("0.5").toString()).isEqualTo("0.50");
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"1.234", "-1.00", "1e5", "abc", " 1.00", "1,000.00", "1.", ".50"})
  void refusesAnythingButADecimalWithAtMostTwoPlaces(String text) {
    assertThatThrownBy(() -> Money.parse(text))
        .isInstanceOf(LcException.class)
        .extracting(e -> ((LcException) e).code())
        .isEqualTo(ErrorCode.INVALID_AMOUNT);
  }

  @Test
  void positiveAmountsOnlyWhereRequired() {
    assertThatThrownBy(() -> Money.parsePositive("0.00", "amount"))
        .hasMessageStartingWith("INVALID_AMOUNT");
    assertThat(Money.parsePositive("0.01", "amount").isPositive()).isTrue();
  }

  @Test
  void toleranceRoundsTheLimitDownAndTheMinimumUp() {
    Money amount = Money.parse("333.33");
    assertThat(amount.plusPercent(10)).isEqualTo(Money.parse("366.66")); // 366.663
    assertThat(amount.minusPercent(10)).isEqualTo(Money.parse("300.00")); // 299.997
    assertThat(amount.plusPercent(0)).isEqualTo(amount);
  }

  @Test
  void arithmeticNeverGoesNegative() {
    assertThat(Money.parse("5.00").minus(Money.parse("2.50"))).isEqualTo(Money.parse("2.50"));
    assertThatThrownBy(() -> Money.parse("1.00").minus(Money.parse("2.00")))
        .hasMessageStartingWith("INVALID_AMOUNT");
  }
}
