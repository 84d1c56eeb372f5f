package io.lcledger.chaincode.domain;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.IntFunction;

/**
 * Business-day arithmetic over the network's calendar. A year the network has not configured counts
 * weekends only, so a missing calendar never blocks a presentation.
 */
public final class BusinessCalendar {
  /** Days counted for the examination period (《国内信用证结算办法》: 5 business days). */
  public static final int EXAMINATION_DAYS = 5;

  private final IntFunction<YearCalendar> years;

  private BusinessCalendar(IntFunction<YearCalendar> years) {
    this.years = years;
  }

  /** A calendar that loads each year on demand (from the ledger, say); null means unconfigured. */
  public static BusinessCalendar loading(IntFunction<YearCalendar> years) {
    Objects.requireNonNull(years, "years");
    Map<Integer, YearCalendar> cache = new TreeMap<>();
    return new BusinessCalendar(
        year ->
            cache.computeIfAbsent(
                year,
                y -> {
                  YearCalendar loaded = years.apply(y);
                  return loaded != null ? loaded : new YearCalendar(y, List.of(), List.of());
                }));
  }

  public static BusinessCalendar of(YearCalendar... calendars) {
    Map<Integer, YearCalendar> byYear = new TreeMap<>();
    for (YearCalendar calendar : calendars) {
      byYear.put(calendar.year(), calendar);
    }
    return loading(byYear::get);
  }

  public boolean isBusinessDay(LocalDate day) {
    return years.apply(day.getYear()).isBusinessDay(day);
  }

  /**
   * The {@code n}-th business day after {@code from}, counting from the next business day: received
   * on a Monday with no holidays, the fifth business day is the following Monday.
   */
  public LocalDate addBusinessDays(LocalDate from, int n) {
    if (n < 1) {
      throw new IllegalArgumentException("n must be >= 1");
    }
    LocalDate day = from;
    int counted = 0;
    while (counted < n) {
      day = day.plusDays(1);
      if (isBusinessDay(day)) {
        counted++;
      }
    }
    return day;
  }

  /** {@code day} if it is a business day, else the next business day (顺延). */
  public LocalDate onOrAfter(LocalDate day) {
    LocalDate d = day;
    while (!isBusinessDay(d)) {
      d = d.plusDays(1);
    }
    return d;
  }

  /** Examination deadline for documents received on {@code receivedOn}. */
  public LocalDate examinationDeadline(LocalDate receivedOn) {
    return addBusinessDays(receivedOn, EXAMINATION_DAYS);
  }

  /** Business days after {@code from} up to and including {@code to}; 0 when {@code to <= from}. */
  public int businessDaysBetween(LocalDate from, LocalDate to) {
    int count = 0;
    for (LocalDate day = from.plusDays(1); !day.isAfter(to); day = day.plusDays(1)) {
      if (isBusinessDay(day)) {
        count++;
      }
    }
    return count;
  }
}
