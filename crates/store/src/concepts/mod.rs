//! The store's concepts as traits, one a concept, so that the service is written once for
//! every backend: the embedded SQLite one ([`crate::Store`]) and PostgreSQL
//! ([`crate::postgres::PostgresStore`]). A backend keeps rows and decides nothing: the
//! same calls give the same rows and the same errors on both, which conformance suites
//! check (`tests/conformance.rs`, `tests/conformance_records.rs`,
//! `tests/conformance_changes.rs`, `tests/conformance_users.rs`,
//! `tests/conformance_documents.rs`, `tests/conformance_hits.rs`,
//! `tests/conformance_manifests.rs`, `tests/conformance_reports.rs`).
//!
//! Each audited write (of a member, a record, a document, an import, a console user, a
//! sign-in, hits, a hit's status, the manifests of an interchange) is one transaction with
//! its audit entries. `chain` turns the numbered entry and the hash of the one before into
//! the entry's hash (the service's `audit::chain_hash`); the backend keeps the log's
//! Merkle tree over those hashes in the same transaction.
//!
//! Members, the audit log, person records, travel documents, imports, the console's users
//! and sessions, hits with their history, notifications and suppressions, screened
//! manifests and transactions, and suspicious transaction reports are behind these traits; [`Backend`] is all of them, what the service and
//! the server are written over.

mod audit;
mod documents;
mod hits;
mod imports;
mod manifests;
mod members;
mod records;
mod reports;
mod screenings;
mod users;

pub use audit::AuditLog;
pub use documents::Documents;
pub use hits::{HitEvent, Hits};
pub use imports::Imports;
pub use manifests::{Answer, Manifests};
pub use members::Members;
pub use records::Records;
pub use reports::Reports;
pub use screenings::Screenings;
pub use users::Users;

use crate::AuditRow;

/// Computes an audit entry's hash from its fields and the hash before it.
pub type Chain<'c> = &'c dyn Fn(&AuditRow) -> String;

/// Every concept of one backend: what the service's use cases and the server take, as
/// `&dyn Backend` (reads) or `&mut dyn Backend` (writes), whichever store is behind it.
pub trait Backend:
    Members
    + AuditLog
    + Records
    + Documents
    + Imports
    + Users
    + Hits
    + Manifests
    + Reports
    + Screenings
    + Send
{
}

impl<T> Backend for T where
    T: Members
        + AuditLog
        + Records
        + Documents
        + Imports
        + Users
        + Hits
        + Manifests
        + Reports
        + Screenings
        + Send
{
}
