package io.lcledger.chaincode.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.hyperledger.fabric.shim.ledger.CompositeKey;
import org.junit.jupiter.api.Test;

/** The contract's composite keys are the ones Fabric's shim would make, byte for byte. */
class LedgerKeysTest {

  private static final List<String[]> SAMPLES =
      List.of(
          new String[] {LedgerKeys.LC, "LC-2018-0001"},
          new String[] {LedgerKeys.BY_STATUS, "ISSUED", "LC-1"},
          new String[] {LedgerKeys.BY_PARTY, "shanghai", "ADVISED", "LC-1"},
          new String[] {LedgerKeys.BY_PARTY, "91310000MA1FL5LX3X"},
          new String[] {LedgerKeys.CALENDAR, "2018"},
          new String[] {LedgerKeys.LC_VERSION, "国内信用证-甲", "000007"},
          new String[] {LedgerKeys.BY_PARTY, "", "emoji \uD83D\uDE00"},
          new String[] {LedgerKeys.NETWORK_CONFIG});

  @Test
  void eachKeyIsTheShimsKey() {
    for (String[] sample : SAMPLES) {
      String type = sample[0];
      String[] attributes = Arrays.copyOfRange(sample, 1, sample.length);
      assertThat(LedgerKeys.composite(type, attributes))
          .isEqualTo(new CompositeKey(type, attributes).toString());
    }
    assertThat(LedgerKeys.lcVersion("LC-1", 12))
        .isEqualTo(new CompositeKey(LedgerKeys.LC_VERSION, "LC-1", "000012").toString());
  }

  @Test
  void aSegmentTheShimRefusesIsRefused() {
    for (String bad :
        List.of("a\u0000b", "\u0000", "x" + new String(Character.toChars(0x10FFFF)))) {
      assertThatThrownBy(() -> new CompositeKey(LedgerKeys.LC, bad))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> LedgerKeys.composite(LedgerKeys.LC, bad))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> LedgerKeys.composite(bad, "LC-1"))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
