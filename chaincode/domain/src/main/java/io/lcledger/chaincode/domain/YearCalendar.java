package io.lcledger.chaincode.domain;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * One year of the network's business calendar: public holidays, and the weekend days that are
 * working days instead (调休). Kept on the ledger by a network-admin transaction.
 */
public record YearCalendar(int year, List<LocalDate> holidays, List<LocalDate> workingDays) {
  public YearCalendar {
    Objects.requireNonNull(holidays, "holidays");
    Objects.requireNonNull(workingDays, "workingDays");
    if (year < 2000 || year > 2200) {
      throw new LcException(ErrorCode.INVALID_CALENDAR, "year out of range: " + year);
    }
    // sorted and without repeats, so the stored bytes do not depend on how an admin listed them
    holidays = List.copyOf(new TreeSet<>(holidays));
    workingDays = List.copyOf(new TreeSet<>(workingDays));
    for (LocalDate day : holidays) {
      LcException.require(
          day.getYear() == year, ErrorCode.INVALID_CALENDAR, day + " is not in " + year);
    }
    for (LocalDate day : workingDays) {
      LcException.require(
          day.getYear() == year, ErrorCode.INVALID_CALENDAR, day + " is not in " + year);
      LcException.require(
          isWeekend(day),
          ErrorCode.INVALID_CALENDAR,
          day + " is an extra working day but no weekend");
      LcException.require(
          !holidays.contains(day),
          ErrorCode.INVALID_CALENDAR,
          day + " is both a holiday and a working day");
    }
  }

  static boolean isWeekend(LocalDate day) {
    return day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY;
  }

  boolean isBusinessDay(LocalDate day) {
    if (workingDays.contains(day)) {
      return true;
    }
    return !isWeekend(day) && !holidays.contains(day);
  }
}
