package io.lcledger.chaincode.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Set;

/**
 * Everything a step is decided on: the LC as it stands (null before issue), the command, who asks,
 * the transaction's own time and id, the business calendar and the branches of the network.
 */
public record Situation<C extends Command>(
    LetterOfCredit lc,
    C command,
    Caller caller,
    Instant timestamp,
    String txId,
    BusinessCalendar calendar,
    Set<String> knownBranches) {

  /** Business dates are Beijing time (UTC+8, no daylight saving). */
  public static final ZoneOffset BUSINESS_ZONE = ZoneOffset.ofHours(8);

  public Situation {
    Objects.requireNonNull(command, "command");
    Objects.requireNonNull(caller, "caller");
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(txId, "txId");
    Objects.requireNonNull(calendar, "calendar");
    knownBranches = Set.copyOf(knownBranches);
  }

  /** The business date of the transaction. */
  public LocalDate today() {
    return timestamp.atOffset(BUSINESS_ZONE).toLocalDate();
  }

  public Step step() {
    return command.step(lc);
  }

  /** The presentation acted on; for a new presentation, the number it will get. */
  public Integer presentationNo() {
    if (command instanceof Command.Present) {
      return lc.presentations().size() + 1;
    }
    return command.presentationNo();
  }

  /** The amendment acted on; for a new amendment, the number it will get. */
  public Integer amendmentNo() {
    if (command instanceof Command.ProposeAmendment) {
      return lc.amendments().size() + 1;
    }
    return command.amendmentNo();
  }

  public Presentation presentation() {
    Integer no = presentationNo();
    return lc.presentation(no == null ? 0 : no)
        .orElseThrow(
            () ->
                new LcException(
                    ErrorCode.PRESENTATION_NOT_FOUND,
                    "no presentation " + no + " on LC " + lc.lcNumber()));
  }

  public Amendment amendment() {
    Integer no = amendmentNo();
    return lc.amendment(no == null ? 0 : no)
        .orElseThrow(
            () ->
                new LcException(
                    ErrorCode.AMENDMENT_NOT_FOUND,
                    "no amendment " + no + " on LC " + lc.lcNumber()));
  }
}
