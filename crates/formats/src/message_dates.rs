//! Dates in passenger-data messages, shared by PAXLST and PNRGOV: the interchange's own
//! date (UNB), against which two-digit years get their century (a birth in the past of
//! the message, any other date within fifty years of it), never the reader's clock.

use crate::edifact::InterchangeHeader;
use crate::mrz::CivilDate;

/// The UNB date: `YYMMDD` (read as 20YY) or `CCYYMMDD`.
pub(crate) fn reference_date(header: &InterchangeHeader) -> Option<CivilDate> {
    let text = header.prepared_date.trim();
    match text.len() {
        6 => ymd(
            2000 + number(text.get(0..2)?)?,
            number(text.get(2..4)?)?,
            number(text.get(4..6)?)?,
        ),
        8 => ymd(
            number(text.get(0..4)?)?,
            number(text.get(4..6)?)?,
            number(text.get(6..8)?)?,
        ),
        _ => None,
    }
}

/// Digits as a number; `None` for anything else.
pub(crate) fn number(text: &str) -> Option<u16> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

pub(crate) fn ymd(year: u16, month: u16, day: u16) -> Option<CivilDate> {
    CivilDate::new(year, u8::try_from(month).ok()?, u8::try_from(day).ok()?)
}

/// How to choose the century of a two-digit year.
#[derive(Clone, Copy)]
pub(crate) enum Century {
    /// The latest century that puts the date on or before `today` (birth dates).
    Past,
    /// The century putting the year within fifty years of `today`'s.
    Near,
}

pub(crate) fn with_century(
    two_digits: u16,
    month: u16,
    day: u16,
    today: CivilDate,
    century: Century,
) -> Option<CivilDate> {
    let this_century = today.year() / 100 * 100;
    match century {
        Century::Past => {
            let date = ymd(this_century + two_digits, month, day)?;
            if date <= today {
                Some(date)
            } else {
                ymd(this_century - 100 + two_digits, month, day)
            }
        }
        Century::Near => {
            let mut year = this_century + two_digits;
            if year + 50 <= today.year() {
                year += 100;
            } else if year > today.year() + 50 {
                year -= 100;
            }
            ymd(year, month, day)
        }
    }
}
