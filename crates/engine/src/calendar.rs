//! The calendar: days of the proleptic Gregorian calendar (its rules carried back before
//! 1582, as ISO 8601 does), written `YYYY-MM-DD`, counted as days since 1970-01-01, and
//! read from Unix seconds (UTC). gatecheck's one calendar: the store keeps a document's
//! date as its count of days, the service writes moments as days, and the parsers check
//! the dates they read with it.

use std::fmt;

/// Days from 0000-03-01 to 1970-01-01. The count starts its years on 1 March, so that the
/// leap day, when there is one, is a year's last day (after Howard Hinnant's
/// `days_from_civil`).
const EPOCH_FROM_MARCH_0000: i64 = 719_468;

/// Days in 400 years: the calendar repeats itself every 400 years (an era).
const DAYS_IN_ERA: i64 = 146_097;

const SECONDS_IN_DAY: i64 = 86_400;

/// A day of the calendar as gatecheck writes one: `YYYY-MM-DD`, so a year from 0 to 9999.
/// Built only through [`Day::new`] and the readings below, it is always a day that exists;
/// ordered as time goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day {
    year: u16,
    month: u8,
    day: u8,
}

impl Day {
    /// The last year a day may have: the last one `YYYY` writes.
    pub const MAX_YEAR: u16 = 9999;

    /// The day, if it exists: a year up to [`Day::MAX_YEAR`], a month from 1 to 12 and a
    /// day within it.
    pub fn new(year: u16, month: u8, day: u8) -> Option<Day> {
        let exists = year <= Day::MAX_YEAR
            && (1..=12).contains(&month)
            && (1..=days_in_month(i64::from(year), month)).contains(&day);
        exists.then_some(Day { year, month, day })
    }

    /// Reads `YYYY-MM-DD` exactly (no space around it, ASCII digits only), a day that
    /// exists; `None` for anything else.
    pub fn parse(text: &str) -> Option<Day> {
        let bytes = text.as_bytes();
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return None;
        }
        let year = digits(&bytes[0..4])?;
        let month = digits(&bytes[5..7])?;
        let day = digits(&bytes[8..10])?;
        Day::new(year, u8::try_from(month).ok()?, u8::try_from(day).ok()?)
    }

    /// The day `days` after 1970-01-01 (before it when negative); `None` past the years a
    /// day may have (see [`civil_from_days`] for those).
    pub fn from_days_since_epoch(days: i64) -> Option<Day> {
        let (year, month, day) = civil_from_days(days);
        Day::new(u16::try_from(year).ok()?, month, day)
    }

    /// The day (UTC) of the moment `seconds` after 1970-01-01T00:00:00Z; `None` past the
    /// years a day may have.
    pub fn from_unix_seconds(seconds: i64) -> Option<Day> {
        Day::from_days_since_epoch(seconds.div_euclid(SECONDS_IN_DAY))
    }

    /// Days since 1970-01-01, negative before it.
    pub fn days_since_epoch(self) -> i64 {
        let (year, month, day) = (
            i64::from(self.year),
            i64::from(self.month),
            i64::from(self.day),
        );
        // years from 1 March, so that the leap day ends the year
        let (year, month) = if month <= 2 {
            (year - 1, month + 9)
        } else {
            (year, month - 3)
        };
        let era = year.div_euclid(400);
        let year_of_era = year - era * 400;
        let day_of_year = (153 * month + 2) / 5 + day - 1;
        let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
        era * DAYS_IN_ERA + day_of_era - EPOCH_FROM_MARCH_0000
    }

    pub fn year(self) -> u16 {
        self.year
    }

    /// 1 to 12.
    pub fn month(self) -> u8 {
        self.month
    }

    /// The day of the month, from 1.
    pub fn day(self) -> u8 {
        self.day
    }
}

/// `YYYY-MM-DD`, which [`Day::parse`] reads back.
impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// The year, month (1 to 12) and day of the month of the day `days` after 1970-01-01, for
/// a count of any size (a year before 0 or after 9999 too, which a [`Day`] cannot be);
/// after Howard Hinnant's `civil_from_days`.
pub fn civil_from_days(days: i64) -> (i64, u8, u8) {
    let from_march_0000 = days + EPOCH_FROM_MARCH_0000;
    let era = from_march_0000.div_euclid(DAYS_IN_ERA);
    let day_of_era = from_march_0000 - era * DAYS_IN_ERA;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    // months from March: 0 is March, 11 February
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
    let month = if month_from_march < 10 {
        month_from_march + 3
    } else {
        month_from_march - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    // 1 to 12 and 1 to 31, as the arithmetic above gives them
    (year, month as u8, day as u8)
}

/// Whether `year` has a 29 February.
pub fn is_leap_year(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Days in `month` (1 to 12) of `year`.
pub fn days_in_month(year: i64, month: u8) -> u8 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// ASCII digits as a number; `None` for anything else.
fn digits(bytes: &[u8]) -> Option<u16> {
    bytes.iter().try_fold(0u16, |value, &byte| {
        byte.is_ascii_digit()
            .then(|| value * 10 + u16::from(byte - b'0'))
    })
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// The first and last day a [`Day`] can be, as days since 1970-01-01.
    const FIRST_DAY: i64 = -719_528;
    const LAST_DAY: i64 = 2_932_896;

    #[test]
    fn days_are_counted_from_1970_both_ways() {
        for (text, days) in [
            ("1970-01-01", 0),
            ("1969-12-31", -1),
            ("2000-02-29", 11_016),
            ("2000-03-01", 11_017),
            ("2026-11-29", 20_786),
            ("1600-02-29", -135_081),
            ("0001-01-01", -719_162),
            ("0000-02-29", FIRST_DAY + 59),
            ("0000-01-01", FIRST_DAY),
            ("9999-12-31", LAST_DAY),
        ] {
            let day = Day::parse(text).unwrap_or_else(|| panic!("{text} is a day"));
            assert_eq!(day.days_since_epoch(), days, "{text}");
            assert_eq!(Day::from_days_since_epoch(days), Some(day), "{text}");
            assert_eq!(day.to_string(), text);
        }
    }

    #[test]
    fn only_a_day_that_exists_written_yyyy_mm_dd_is_read() {
        for bad in [
            "2026-02-29",
            "1900-02-29",
            "2026-13-01",
            "2026-00-10",
            "2026-01-00",
            "2026-04-31",
            "2026-1-01",
            "20261101",
            " 2026-11-01",
            "2026-11-01 ",
            "+026-11-01",
            "2026-11-0١",
            "2026/11/01",
            "",
        ] {
            assert_eq!(Day::parse(bad), None, "{bad:?}");
        }
        assert_eq!(Day::new(2024, 2, 29).map(Day::day), Some(29));
        assert_eq!(Day::new(2023, 2, 29), None);
        assert_eq!(Day::new(10_000, 1, 1), None);
    }

    #[test]
    fn past_the_years_of_a_day_the_count_still_has_a_date() {
        assert_eq!(Day::from_days_since_epoch(FIRST_DAY - 1), None);
        assert_eq!(Day::from_days_since_epoch(LAST_DAY + 1), None);
        assert_eq!(civil_from_days(FIRST_DAY - 1), (-1, 12, 31));
        assert_eq!(civil_from_days(LAST_DAY + 1), (10_000, 1, 1));
    }

    #[test]
    fn unix_seconds_fall_on_their_utc_day() {
        for (seconds, text) in [
            (0, "1970-01-01"),
            (86_399, "1970-01-01"),
            (-1, "1969-12-31"),
            (951_782_400, "2000-02-29"),
            (1_795_913_100, "2026-11-29"),
        ] {
            assert_eq!(
                Day::from_unix_seconds(seconds).map(|day| day.to_string()),
                Some(text.to_string())
            );
        }
        assert_eq!(Day::from_unix_seconds(LAST_DAY * 86_400 + 86_400), None);
    }

    proptest! {
        #[test]
        fn a_day_reads_back_as_written_and_as_counted(days in FIRST_DAY..=LAST_DAY) {
            let day = Day::from_days_since_epoch(days).unwrap();
            prop_assert_eq!(Day::parse(&day.to_string()), Some(day));
            prop_assert_eq!(day.days_since_epoch(), days);
            prop_assert_eq!(
                civil_from_days(days),
                (i64::from(day.year()), day.month(), day.day())
            );
        }

        #[test]
        fn days_are_ordered_as_their_counts(a in FIRST_DAY..=LAST_DAY, b in FIRST_DAY..=LAST_DAY) {
            let (day_a, day_b) = (Day::from_days_since_epoch(a), Day::from_days_since_epoch(b));
            prop_assert_eq!(day_a.cmp(&day_b), a.cmp(&b));
        }

        #[test]
        fn each_count_is_a_date_and_the_next_count_the_next_date(
            days in -1_000_000_000_000i64..1_000_000_000_000
        ) {
            let (year, month, day) = civil_from_days(days);
            prop_assert!((1..=12).contains(&month));
            prop_assert!((1..=days_in_month(year, month)).contains(&day));
            let next = match (month, day == days_in_month(year, month)) {
                (12, true) => (year + 1, 1, 1),
                (_, true) => (year, month + 1, 1),
                (_, false) => (year, month, day + 1),
            };
            prop_assert_eq!(civil_from_days(days + 1), next);
        }
    }
}
