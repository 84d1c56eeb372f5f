package io.lcledger.node.swift;

import io.lcledger.chaincode.domain.Step;
import io.lcledger.node.web.ApiException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.http.HttpStatus;

/**
 * The SWIFT category 7 messages the node speaks, the LC steps each one stands for, and the fields
 * it must carry (a field given as {@code 41A|41D} is one of its options). Steps between a bank and
 * its own client (buyer financing) and those no bank tells another (expiry, closing) have none.
 */
public enum MtType {
  MT700(
      List.of(Step.ISSUE),
      "27",
      "40A",
      "20",
      "31C",
      "40E",
      "31D",
      "50",
      "59",
      "32B",
      "41A|41D",
      "49"),
  MT707(List.of(Step.PROPOSE_AMENDMENT), "27", "20", "21", "23", "31C", "26E", "30", "22A", "59"),
  MT730(List.of(Step.ADVISE, Step.ACCEPT_AMENDMENT, Step.REJECT_AMENDMENT), "20", "21", "30"),
  MT750(List.of(Step.NOTE_DISCREPANCIES), "20", "21", "32B", "77J"),
  MT734(List.of(Step.REFUSE), "20", "21", "32A", "77J", "77B"),
  MT752(List.of(Step.WAIVE_DISCREPANCIES), "20", "21", "23", "30"),
  MT754(List.of(Step.NEGOTIATE), "20", "21", "32A|32B"),
  MT756(List.of(Step.PAY_AT_SIGHT, Step.PAY_AT_MATURITY), "20", "21", "32B", "33A"),
  MT799(
      List.of(
          Step.PRESENT,
          Step.EXAMINE_COMPLIANT,
          Step.ACCEPT_DEFERRED,
          Step.FORFAIT,
          Step.REQUEST_CANCELLATION,
          Step.ACCEPT_CANCELLATION,
          Step.REJECT_CANCELLATION),
      "20",
      "79");

  private final List<Step> steps;
  private final List<String> mandatory;

  MtType(List<Step> steps, String... mandatory) {
    this.steps = steps;
    this.mandatory = List.of(mandatory);
  }

  /** The message type's number, as in block 2: {@code 700}. */
  public String number() {
    return name().substring(2);
  }

  List<String> mandatory() {
    return mandatory;
  }

  /** The message a step is told to the other bank with, if any. */
  public static Optional<MtType> of(Step step) {
    return Arrays.stream(values()).filter(t -> t.steps.contains(step)).findFirst();
  }

  /** The type named {@code name} ({@code MT700} or {@code 700}); 404 MT_NOT_FOUND if none. */
  public static MtType named(String name) {
    String n = name == null ? "" : name.toUpperCase(Locale.ROOT);
    String full = n.startsWith("MT") ? n : "MT" + n;
    return Arrays.stream(values())
        .filter(t -> t.name().equals(full))
        .findFirst()
        .orElseThrow(
            () ->
                new ApiException(
                    HttpStatus.NOT_FOUND, "MT_NOT_FOUND", "the node does not speak " + name));
  }
}
