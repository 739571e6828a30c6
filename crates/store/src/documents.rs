//! Travel documents as both backends report them: their ids, statuses and rows, and the
//! calendar their dates are kept in (days since 1970-01-01).
//!
//! Document ids start at [`DOCUMENT_IDS`], so that a record id tells which table holds it.

use crate::{StoreError, Terms};

/// The first document id; every id below is a person record's.
pub const DOCUMENT_IDS: i64 = 1 << 40;

/// What a record id names, or which of an owner's records: person records (ids below
/// [`DOCUMENT_IDS`]) or travel documents. Decided here only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordKind {
    Person,
    Document,
}

impl RecordKind {
    /// The kind of record id `id` names.
    pub fn of(id: i64) -> RecordKind {
        if id >= DOCUMENT_IDS {
            RecordKind::Document
        } else {
            RecordKind::Person
        }
    }
}

/// The statuses a document is reported with, stored as their position from 1.
pub const DOCUMENT_STATUSES: [&str; 4] = ["lost", "stolen", "revoked", "invalidated"];

/// A document to be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDocument {
    /// Normalised: upper case letters and digits.
    pub number: String,
    pub issuing_state: String,
    pub kind: String,
    /// One of [`DOCUMENT_STATUSES`].
    pub status: String,
    /// `YYYY-MM-DD`.
    pub reported_on: String,
}

/// A document as stored, with its terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentRow {
    pub id: i64,
    pub owner: i64,
    pub document: NewDocument,
    pub terms: Terms,
    pub version: i64,
}

pub(crate) fn invalid(what: &'static str, name: &str) -> StoreError {
    StoreError::Invalid {
        what,
        name: name.to_string(),
    }
}

pub(crate) fn status_code(status: &str) -> Result<i64, StoreError> {
    DOCUMENT_STATUSES
        .iter()
        .position(|known| *known == status)
        .map(|at| at as i64 + 1)
        .ok_or_else(|| invalid("document status", status))
}

pub(crate) fn status_name(code: i64) -> String {
    usize::try_from(code - 1)
        .ok()
        .and_then(|at| DOCUMENT_STATUSES.get(at))
        .unwrap_or(&"unknown")
        .to_string()
}

/// Days since 1970-01-01 of a `YYYY-MM-DD` date (the proleptic Gregorian calendar).
pub fn days_from_date(date: &str) -> Option<i64> {
    let bytes = date.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let number = |range: std::ops::Range<usize>| -> Option<i64> {
        let part = date.get(range)?;
        part.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    // count from 1 March, so that the leap day ends the year
    let (y, m) = if month <= 2 {
        (year - 1, month + 9)
    } else {
        (year, month - 3)
    };
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let day_of_year = (153 * m + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    Some(era * 146_097 + day_of_era - 719_468)
}

/// The `YYYY-MM-DD` date `days` after 1970-01-01.
pub fn date_from_days(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let m = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * m + 2) / 5 + 1;
    let month = if m < 10 { m + 3 } else { m - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_count_days_both_ways() {
        assert_eq!(days_from_date("1970-01-01"), Some(0));
        assert_eq!(days_from_date("2000-03-01"), Some(11_017));
        assert_eq!(days_from_date("1969-12-31"), Some(-1));
        for date in ["1600-02-29", "2024-02-29", "2026-11-29", "1899-12-31"] {
            assert_eq!(date_from_days(days_from_date(date).unwrap()), date);
        }
        for bad in [
            "2026-02-29",
            "1900-02-29",
            "2026-13-01",
            "2026-1-01",
            "20261101",
            "2026-04-31",
        ] {
            assert_eq!(days_from_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn an_id_names_a_person_below_the_first_document_id_and_a_document_from_it() {
        assert_eq!(RecordKind::of(1), RecordKind::Person);
        assert_eq!(RecordKind::of(DOCUMENT_IDS - 1), RecordKind::Person);
        assert_eq!(RecordKind::of(DOCUMENT_IDS), RecordKind::Document);
        assert_eq!(RecordKind::of(DOCUMENT_IDS + 7), RecordKind::Document);
    }
}
