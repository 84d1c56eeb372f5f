package io.lcledger.chaincode.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lcledger.chaincode.domain.BuyerFinancing;
import io.lcledger.chaincode.domain.FinancingStatus;
import io.lcledger.chaincode.domain.LcException;
import io.lcledger.chaincode.domain.Money;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CanonicalJsonTest {
  @Test
  void sortsKeysOmitsNullsAndWritesDecimalsAsStrings() {
    BuyerFinancing financing =
        new BuyerFinancing(
            FinancingStatus.GRANTED,
            Money.parse("72000"),
            new BigDecimal("4.350"),
            LocalDate.parse("2026-03-02"),
            LocalDate.parse("2026-06-01"),
            Money.ZERO,
            Money.ZERO,
            null);
    assertThat(CanonicalJson.string(financing))
        .isEqualTo(
            "{\"amount\":\"72000.00\",\"annualRatePercent\":\"4.350\",\"dueDate\":\"2026-06-01\","
                + "\"interestPaid\":\"0.00\",\"repaidAmount\":\"0.00\",\"status\":\"GRANTED\",\"valueDate\":\"2026-03-02\"}");
  }

  @Test
  void mapsAreSortedWhateverTheirInsertionOrder() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("z", 1);
    map.put("a", Instant.parse("2026-03-02T02:00:00.123456789Z"));
    assertThat(CanonicalJson.string(map))
        .isEqualTo("{\"a\":\"2026-03-02T02:00:00.123456789Z\",\"z\":1}");
  }

  @Test
  void readsBackWhatItWrote() {
    String json =
        "{\"amount\":\"72000.00\",\"annualRatePercent\":\"4.35\",\"dueDate\":\"2026-06-01\","
            + "\"interestPaid\":\"0.00\",\"repaidAmount\":\"0.00\",\"status\":\"GRANTED\",\"valueDate\":\"2026-03-02\"}";
    assertThat(CanonicalJson.string(CanonicalJson.read(json, BuyerFinancing.class)))
        .isEqualTo(json);
  }

  @Test
  void refusesUnknownFieldsAndFloatMoney() {
    assertThatThrownBy(
            () ->
                CanonicalJson.read(
                    "{\"amount\":\"1.00\",\"colour\":\"red\"}", BuyerFinancing.class))
        .isInstanceOf(LcException.class)
        .hasMessageStartingWith("INVALID_REQUEST");
    assertThatThrownBy(() -> CanonicalJson.read("{\"amount\":1.5}", BuyerFinancing.class))
        .hasMessageStartingWith("INVALID_AMOUNT");
    assertThatThrownBy(() -> CanonicalJson.read("", BuyerFinancing.class))
        .hasMessageStartingWith("INVALID_REQUEST");
  }
}
