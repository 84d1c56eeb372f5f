package io.lcledger.chaincode.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Examination deadlines: 5 business days counted from the business day after receipt. */
class BusinessCalendarTest {
  /** The State Council's 2025 schedule: holidays, and the weekend days worked instead (调休). */
  static final YearCalendar YEAR_2025 =
      new YearCalendar(
          2025,
          dates(
              "2025-01-01",
              "2025-01-28",
              "2025-01-29",
              "2025-01-30",
              "2025-01-31",
              "2025-02-01",
              "2025-02-02",
              "2025-02-03",
              "2025-02-04",
              "2025-04-04",
              "2025-04-05",
              "2025-04-06",
              "2025-05-01",
              "2025-05-02",
              "2025-05-03",
              "2025-05-04",
              "2025-05-05",
              "2025-05-31",
              "2025-06-01",
              "2025-06-02",
              "2025-10-01",
              "2025-10-02",
              "2025-10-03",
              "2025-10-04",
              "2025-10-05",
              "2025-10-06",
              "2025-10-07",
              "2025-10-08"),
          dates("2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11"));

  static final YearCalendar YEAR_2026 =
      new YearCalendar(2026, dates("2026-01-01", "2026-01-02"), dates("2026-01-04"));

  final BusinessCalendar calendar = BusinessCalendar.of(YEAR_2025, YEAR_2026);

  @ParameterizedTest(name = "received {0} -> deadline {1}")
  @CsvSource({
    "2025-03-03, 2025-03-10", // Monday: the following Monday
    "2025-03-07, 2025-03-14", // Friday: the weekend does not count
    "2025-03-08, 2025-03-14", // received on a Saturday: counting starts Monday
    "2025-09-30, 2025-10-14", // 国庆 Oct 1-8 skipped; Saturday Oct 11 is a working day
    "2025-09-26, 2025-10-10", // Sunday Sep 28 is a working day (调休), then the holiday week
    "2025-01-27, 2025-02-10", // Spring Festival, then Saturday Feb 8 worked
    "2025-12-30, 2026-01-07", // over the year end into the next year's holidays
    "2026-01-02, 2026-01-08", // the extra working Sunday Jan 4 counts
  })
  void examinationDeadline(LocalDate received, LocalDate deadline) {
    assertThat(calendar.examinationDeadline(received)).isEqualTo(deadline);
  }

  @Test
  void aYearWithoutACalendarCountsWeekendsOnly() {
    assertThat(calendar.examinationDeadline(LocalDate.parse("2027-12-31")))
        .isEqualTo(LocalDate.parse("2028-01-07"));
  }

  @Test
  void countsBusinessDaysLeftForACountdown() {
    assertThat(
            calendar.businessDaysBetween(
                LocalDate.parse("2025-09-30"), LocalDate.parse("2025-10-14")))
        .isEqualTo(5);
    assertThat(
            calendar.businessDaysBetween(
                LocalDate.parse("2025-10-14"), LocalDate.parse("2025-10-14")))
        .isZero();
  }

  @Test
  void holidaysAndWorkingDaysAreKnown() {
    assertThat(calendar.isBusinessDay(LocalDate.parse("2025-10-08"))).isFalse();
    assertThat(calendar.isBusinessDay(LocalDate.parse("2025-10-11"))).isTrue();
    assertThat(calendar.isBusinessDay(LocalDate.parse("2025-10-12"))).isFalse();
  }

  @Test
  void aWorkingDayMustBeAWeekendDayOfTheYear() {
    assertThatThrownBy(() -> new YearCalendar(2025, List.of(), dates("2025-10-10")))
        .hasMessageStartingWith("INVALID_CALENDAR");
    assertThatThrownBy(() -> new YearCalendar(2025, dates("2026-01-01"), List.of()))
        .hasMessageStartingWith("INVALID_CALENDAR");
    assertThatThrownBy(() -> new YearCalendar(2025, dates("2025-10-11"), dates("2025-10-11")))
        .hasMessageStartingWith("INVALID_CALENDAR");
  }

  @Test
  void storesDatesSortedAndOnce() {
    YearCalendar year =
        new YearCalendar(2025, dates("2025-10-02", "2025-10-01", "2025-10-02"), List.of());
    assertThat(year.holidays())
        .containsExactly(LocalDate.parse("2025-10-01"), LocalDate.parse("2025-10-02"));
  }

  static List<LocalDate> dates(String... isoDates) {
    return java.util.Arrays.stream(isoDates).map(LocalDate::parse).toList();
  }

  @ParameterizedTest(name = "maturity {0} is paid on {1}")
  @CsvSource({
    "2025-03-07, 2025-03-07", // a business day stays
    "2025-03-09, 2025-03-10", // Sunday: the next business day (顺延)
    "2025-09-28, 2025-09-28", // Sunday worked (调休): a business day
    "2025-10-01, 2025-10-09", // 国庆: after the holiday week
    "2025-12-31, 2025-12-31",
    "2026-01-01, 2026-01-04", // 1-2 Jan holidays, Saturday 3 Jan, Sunday 4 Jan worked (调休)
  })
  void maturityRollsToTheNextBusinessDay(String day, String paid) {
    assertThat(calendar.onOrAfter(LocalDate.parse(day))).isEqualTo(LocalDate.parse(paid));
  }
}
