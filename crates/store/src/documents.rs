//! Travel documents as both backends report them: their ids, statuses and rows, and their
//! dates as the databases keep them (days since 1970-01-01, in the engine's calendar).
//!
//! Document ids start at [`DOCUMENT_IDS`], so that a record id tells which table holds it.

use std::fmt;
use std::str::FromStr;

use gatecheck_engine::calendar::{civil_from_days, Day};

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

/// What a document is reported as. Written and read as its name (`lost`, `stolen`,
/// `revoked`, `invalidated`); the databases keep its code, its position from 1 in
/// [`DocumentStatus::ALL`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DocumentStatus {
    Lost,
    Stolen,
    Revoked,
    Invalidated,
}

impl DocumentStatus {
    /// Every status, in the order of their codes.
    pub const ALL: [DocumentStatus; 4] = [
        DocumentStatus::Lost,
        DocumentStatus::Stolen,
        DocumentStatus::Revoked,
        DocumentStatus::Invalidated,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            DocumentStatus::Lost => "lost",
            DocumentStatus::Stolen => "stolen",
            DocumentStatus::Revoked => "revoked",
            DocumentStatus::Invalidated => "invalidated",
        }
    }

    /// The code the databases keep: 1 to 4.
    pub const fn code(self) -> i16 {
        match self {
            DocumentStatus::Lost => 1,
            DocumentStatus::Stolen => 2,
            DocumentStatus::Revoked => 3,
            DocumentStatus::Invalidated => 4,
        }
    }

    /// The status a database keeps as `code`; `None` for a code no status has.
    pub fn from_code(code: i64) -> Option<DocumentStatus> {
        DocumentStatus::ALL
            .into_iter()
            .find(|status| i64::from(status.code()) == code)
    }
}

/// A status by its name, exactly; any other text is [`StoreError::Invalid`], naming it.
impl FromStr for DocumentStatus {
    type Err = StoreError;

    fn from_str(name: &str) -> Result<DocumentStatus, StoreError> {
        DocumentStatus::ALL
            .into_iter()
            .find(|status| status.as_str() == name)
            .ok_or_else(|| invalid("document status", name))
    }
}

impl fmt::Display for DocumentStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The statuses' names, in the order of their codes.
pub const DOCUMENT_STATUSES: [&str; 4] = [
    DocumentStatus::Lost.as_str(),
    DocumentStatus::Stolen.as_str(),
    DocumentStatus::Revoked.as_str(),
    DocumentStatus::Invalidated.as_str(),
];

/// A document to be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDocument {
    /// Normalised: upper case letters and digits.
    pub number: String,
    pub issuing_state: String,
    pub kind: String,
    pub status: DocumentStatus,
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

/// The status a database keeps as `code`: a code no status has (a row something else wrote)
/// is [`StoreError::Invalid`], naming it, never taken for a status.
pub(crate) fn status_of_code(code: i64) -> Result<DocumentStatus, StoreError> {
    DocumentStatus::from_code(code)
        .ok_or_else(|| invalid("document status code", &code.to_string()))
}

/// Days since 1970-01-01 of a `YYYY-MM-DD` date (the engine's calendar); `None` for text
/// that is not one.
pub fn days_from_date(date: &str) -> Option<i64> {
    Day::parse(date).map(Day::days_since_epoch)
}

/// The `YYYY-MM-DD` date `days` after 1970-01-01 (any count, as a database may hold it).
pub(crate) fn date_from_days(days: i64) -> String {
    let (year, month, day) = civil_from_days(days);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_status_is_read_by_its_name_and_kept_as_its_code() {
        for (at, status) in DocumentStatus::ALL.into_iter().enumerate() {
            assert_eq!(usize::try_from(status.code()), Ok(at + 1));
            assert_eq!(
                DocumentStatus::from_code(i64::from(status.code())),
                Some(status)
            );
            assert_eq!(status.as_str().parse::<DocumentStatus>().ok(), Some(status));
            assert_eq!(status.to_string(), DOCUMENT_STATUSES[at]);
            assert_eq!(status_of_code(i64::from(status.code())).ok(), Some(status));
        }
        for code in [0, 5, -1, i64::MAX] {
            assert_eq!(DocumentStatus::from_code(code), None);
            let read = status_of_code(code);
            assert!(
                matches!(&read, Err(StoreError::Invalid { what: "document status code", name }) if *name == code.to_string()),
                "{code}: {read:?}"
            );
        }
        // a name read from a row no status has is never taken for one
        for bad in ["unknown", "found", "Lost", " lost", ""] {
            let parsed = bad.parse::<DocumentStatus>();
            assert!(
                matches!(&parsed, Err(StoreError::Invalid { what: "document status", name }) if name == bad),
                "{bad:?}: {parsed:?}"
            );
        }
    }

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
