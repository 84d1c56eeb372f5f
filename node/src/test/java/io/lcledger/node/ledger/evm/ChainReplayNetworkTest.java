package io.lcledger.node.ledger.evm;

import static org.assertj.core.api.Assertions.assertThat;

import io.lcledger.chaincode.evm.EvmCalls;
import java.math.BigInteger;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.TypeEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Uint16;
import org.web3j.abi.datatypes.generated.Uint32;
import org.web3j.protocol.core.methods.response.Log;

/**
 * Who is who and which calendar held, as the node reads them from the contract's own logs (encoded
 * here as the contract emits them): a step is decided on the network of its own block.
 */
class ChainReplayNetworkTest {
  static final String SHANGHAI = "0x1111111111111111111111111111111111111111";
  static final String SHANGHAI_NEW = "0x2222222222222222222222222222222222222222";
  static final String AUDITOR = "0x3333333333333333333333333333333333333333";

  ChainReplay.Network network = ChainReplay.Network.EMPTY;

  @Test
  void aBranchActsThroughTheAccountLastRegisteredForIt() {
    network = network.with("BranchRegistered", branch(1, 1, "shanghai", SHANGHAI));
    assertThat(network.branchOf(SHANGHAI.toUpperCase().replace("0X", "0x"))).isEqualTo("shanghai");
    assertThat(network.branches()).containsExactly("shanghai");

    network = network.with("BranchRegistered", branch(2, 1, "shanghai", SHANGHAI_NEW));
    assertThat(network.branchOf(SHANGHAI_NEW)).isEqualTo("shanghai");
    assertThat(network.branchOf(SHANGHAI)).as("the replaced account").isNull();
    assertThat(network.accountByBranch()).containsEntry("shanghai", SHANGHAI_NEW);
  }

  @Test
  void anAuditorIsOneUntilRevoked() {
    network = network.with("AuditorSet", auditor(1, AUDITOR, true));
    assertThat(network.isAuditor(AUDITOR)).isTrue();
    assertThat(network.branchOf(AUDITOR)).isNull();
    network = network.with("AuditorSet", auditor(2, AUDITOR, false));
    assertThat(network.isAuditor(AUDITOR)).isFalse();
  }

  @Test
  void aStepIsDecidedOnTheCalendarOfItsOwnBlock() {
    LocalDate nationalDay = LocalDate.of(2026, 10, 1);
    LocalDate sundayWorked = LocalDate.of(2026, 9, 20);
    network = network.with("CalendarSet", calendar(10, 2026, List.of(nationalDay), List.of()));
    network =
        network.with(
            "CalendarSet", calendar(20, 2026, List.of(nationalDay), List.of(sundayWorked)));

    assertThat(network.calendarAt(2026, 9)).as("before any was set").isEmpty();
    assertThat(network.calendarAt(2026, 15).orElseThrow().workingDays()).isEmpty();
    assertThat(network.calendarAt(2026, 20).orElseThrow().workingDays())
        .containsExactly(sundayWorked);
    assertThat(network.calendarAt(2026, 15).orElseThrow().holidays()).containsExactly(nationalDay);
    assertThat(network.calendarAt(2025, 30)).isEmpty();
    assertThat(network.calendarAt(15).isBusinessDay(sundayWorked)).isFalse();
    assertThat(network.calendarAt(25).isBusinessDay(sundayWorked)).isTrue();
  }

  // ---- logs as the contract emits them

  private static Log branch(long block, int id, String name, String account) {
    return log(
        block,
        "BranchRegistered",
        List.of(word(BigInteger.valueOf(id))),
        List.of(new Utf8String(name), new Address(account)));
  }

  private static Log auditor(long block, String account, boolean auditor) {
    return log(
        block,
        "AuditorSet",
        List.of("0x" + TypeEncoder.encode(new Address(account))),
        List.of(new Bool(auditor)));
  }

  private static Log calendar(
      long block, int year, List<LocalDate> holidays, List<LocalDate> workingDays) {
    return log(
        block,
        "CalendarSet",
        List.of(word(BigInteger.valueOf(year))),
        List.of(days(holidays), days(workingDays)));
  }

  private static DynamicArray<Uint32> days(List<LocalDate> days) {
    return new DynamicArray<>(
        Uint32.class, days.stream().map(d -> new Uint32(d.toEpochDay())).toList());
  }

  private static String word(BigInteger value) {
    return "0x" + TypeEncoder.encode(new Uint16(value));
  }

  @SuppressWarnings("rawtypes")
  private static Log log(long block, String event, List<String> indexed, List<Type> data) {
    List<String> topics = new java.util.ArrayList<>();
    topics.add(EvmCalls.topic(event));
    topics.addAll(indexed);
    return new Log(
        false,
        "0x0",
        "0x0",
        "0x" + "ab".repeat(32),
        "0x" + "cd".repeat(32),
        "0x" + Long.toHexString(block),
        "0x" + "ee".repeat(20),
        "0x" + FunctionEncoder.encodeConstructor(data),
        null,
        topics);
  }
}
