// SPDX-License-Identifier: UNLICENSED
pragma solidity 0.8.37;

/// @title Business dates and the network's business calendar
/// @notice Dates are day numbers: days since 1970-01-01. Business days are counted exactly as the
/// Java rules count them (BusinessCalendar, YearCalendar): weekends are off, each configured year
/// adds its public holidays and the weekend days worked instead (调休), and a year nobody has
/// configured counts weekends only, so a missing calendar never blocks a presentation.
library BusinessDays {
    /// Business dates are Beijing time, UTC+8 without daylight saving (Situation.BUSINESS_ZONE).
    uint256 internal constant BUSINESS_ZONE_OFFSET = 8 hours;

    /// The examination period (《国内信用证结算办法》: 5 business days after receipt).
    uint256 internal constant EXAMINATION_DAYS = 5;

    /// The years a calendar may be set for (YearCalendar).
    uint256 internal constant FIRST_YEAR = 2000;
    uint256 internal constant LAST_YEAR = 2200;

    /// Per configured year, one bit per day of the year (bit 0 is 1 January) set where the day is
    /// not what its weekday says: a holiday on a weekday, or a weekend day that is worked. One
    /// bitmap answers both questions and costs two storage slots a year.
    struct Calendar {
        mapping(uint256 year => uint256[2] dayBits) exceptions;
    }

    /// The business date of a Unix time.
    function dateOf(uint256 unixTime) internal pure returns (int64) {
        // fits: a Unix time below 2^64 gives a day number below 2^48
        return int64(int256((unixTime + BUSINESS_ZONE_OFFSET) / 1 days));
    }

    /// Whether `day` (>= 0) is a business day.
    function isBusinessDay(Calendar storage calendar, uint256 day) internal view returns (bool) {
        uint256 year = yearOf(day);
        uint256 dayOfYear = day - firstDayOf(year);
        bool exception = (calendar.exceptions[year][dayOfYear >> 8] >> (dayOfYear & 255)) & 1 == 1;
        // a weekend day is worked only by exception; a weekday is off only by exception
        return isWeekend(day) == exception;
    }

    /// The `n`-th business day after `from` (>= 0), counting from the next day: received on a
    /// Monday without holidays, the fifth business day is the following Monday.
    function addBusinessDays(Calendar storage calendar, uint256 from, uint256 n)
        internal
        view
        returns (uint256 day)
    {
        day = from;
        uint256 counted;
        while (counted < n) {
            ++day;
            if (isBusinessDay(calendar, day)) {
                ++counted;
            }
        }
    }

    /// `day` (>= 0) if it is a business day, else the next one (顺延), as BusinessCalendar.onOrAfter.
    function onOrAfter(Calendar storage calendar, uint256 day) internal view returns (uint256) {
        while (!isBusinessDay(calendar, day)) {
            ++day;
        }
        return day;
    }

    /// Replaces the calendar of `year`; false (and nothing written) unless it is one YearCalendar
    /// accepts: a year from 2000 to 2200, every day in it, every working day a weekend day that is
    /// not also a holiday. Days may repeat and come in any order.
    function setYear(
        Calendar storage calendar,
        uint256 year,
        uint32[] calldata holidays,
        uint32[] calldata workingDays
    ) internal returns (bool valid) {
        if (year < FIRST_YEAR || year > LAST_YEAR) {
            return false;
        }
        uint256 first = firstDayOf(year);
        uint256 next = firstDayOf(year + 1);
        uint256[2] memory holidayBits;
        uint256[2] memory exceptions;
        for (uint256 i; i < holidays.length; ++i) {
            uint256 day = holidays[i];
            if (day < first || day >= next) {
                return false;
            }
            uint256 dayOfYear = day - first;
            uint256 bit = 1 << (dayOfYear & 255);
            holidayBits[dayOfYear >> 8] |= bit;
            if (!isWeekend(day)) {
                exceptions[dayOfYear >> 8] |= bit;
            }
        }
        for (uint256 i; i < workingDays.length; ++i) {
            uint256 day = workingDays[i];
            if (day < first || day >= next || !isWeekend(day)) {
                return false;
            }
            uint256 dayOfYear = day - first;
            uint256 bit = 1 << (dayOfYear & 255);
            if (holidayBits[dayOfYear >> 8] & bit != 0) {
                return false;
            }
            exceptions[dayOfYear >> 8] |= bit;
        }
        calendar.exceptions[year] = exceptions;
        return true;
    }

    /// Saturday or Sunday (1970-01-01, day 0, was a Thursday).
    function isWeekend(uint256 day) internal pure returns (bool) {
        return (day + 3) % 7 >= 5;
    }

    /// The Gregorian year of `day` (>= 0), after H. Hinnant's civil_from_days.
    function yearOf(uint256 day) internal pure returns (uint256 year) {
        uint256 z = day + 719_468; // days since 0000-03-01
        uint256 era = z / 146_097;
        uint256 dayOfEra = z - era * 146_097;
        uint256 yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        uint256 dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        year = yearOfEra + era * 400;
        // the count runs from March, so January and February belong to the next calendar year
        if ((5 * dayOfYear + 2) / 153 >= 10) {
            ++year;
        }
    }

    /// The day number of 1 January of `year` (>= 1970), after H. Hinnant's days_from_civil.
    function firstDayOf(uint256 year) internal pure returns (uint256) {
        uint256 marchYear = year - 1; // January belongs to the year that began the March before
        uint256 era = marchYear / 400;
        uint256 yearOfEra = marchYear - era * 400;
        uint256 dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + 306;
        return era * 146_097 + dayOfEra - 719_468;
    }
}
