//! gatecheck's storage: members and their key hashes, and the append-only audit log, in an
//! embedded SQLite database inside the data directory. The store keeps rows; it decides
//! nothing about who may see what (that is the service's) and hashes nothing (the audit
//! chain's hashes are computed by the service and stored here as given).
//!
//! `sqlite/` is the embedded backend ([`Store`]), `postgres/` the PostgreSQL one, and
//! `concepts/` the traits both implement; the rows, terms and documents both keep, and the
//! audit chain both number, are at the crate's root.

mod chain;
pub mod concepts;
mod documents;
mod error;
pub mod migrate;
pub mod postgres;
mod rows;
pub mod searchable;
mod sqlite;
mod terms;

pub use chain::{entry_leaf, CHAIN_START};
pub use documents::{
    days_from_date, DocumentRow, DocumentStatus, NewDocument, RecordKind, DOCUMENT_IDS,
    DOCUMENT_STATUSES,
};
pub use error::StoreError;
pub use rows::{
    AuditEntry, AuditRow, CheckpointRow, FlightRow, HitFilter, HitManifest, HitRow, ImportProgress,
    ImportRow, KeptScreening, ManifestRow, MemberRow, NewHit, NewManifest, NewMember, NewRecord,
    NewReport, NewSuppression, NewUser, NotificationRow, QueuedHit, RecordChange, RecordRow,
    ReportRow, SessionRow, StatusChange, SuppressionRow, UserRow, WriteCounts,
};
pub use sqlite::{
    Checkpointer, Store, BUSY_TIMEOUT, CHECKPOINT_EVERY, DATABASE_FILE, RESTART_LOG_AFTER_PAGES,
};
pub use terms::{KeepTerms, Terms, TermsChange, WriteAudit, WriteTerms};

/// For tests that write rows as an attacker would.
pub use rusqlite::ToSql;
