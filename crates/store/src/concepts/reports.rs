//! Suspicious transaction reports (goAML XML) written from a confirmed hit on a payment for
//! another member's financial intelligence unit: each kept with its audit entry, read by
//! its author and its recipient only (the service decides who reads; the store keeps
//! rows).

use super::Chain;
use crate::{AuditEntry, NewReport, ReportRow, StoreError};

pub trait Reports {
    /// Keeps a report made at `at` with its audit entry, and notifies its recipient (a
    /// notification of kind `report` naming it, on the report's hit), in one transaction.
    /// Returns its id.
    fn add_report(
        &mut self,
        report: &NewReport,
        at: i64,
        audit: &AuditEntry,
        chain: Chain<'_>,
    ) -> Result<i64, StoreError>;

    /// A kept report, with the report itself.
    fn report(&self, id: i64) -> Result<Option<ReportRow>, StoreError>;

    /// The reports `member` wrote or was sent, newest first, `limit` from `offset`, without
    /// the reports themselves; and how many there are.
    fn reports_of(
        &self,
        member: i64,
        limit: usize,
        offset: usize,
    ) -> Result<(Vec<ReportRow>, usize), StoreError>;
}

/// The SQLite store: its own methods.
impl Reports for crate::Store {
    fn add_report(
        &mut self,
        report: &NewReport,
        at: i64,
        audit: &AuditEntry,
        chain: Chain<'_>,
    ) -> Result<i64, StoreError> {
        crate::Store::add_report(self, report, at, audit, chain)
    }

    fn report(&self, id: i64) -> Result<Option<ReportRow>, StoreError> {
        crate::Store::report(self, id)
    }

    fn reports_of(
        &self,
        member: i64,
        limit: usize,
        offset: usize,
    ) -> Result<(Vec<ReportRow>, usize), StoreError> {
        crate::Store::reports_of(self, member, limit, offset)
    }
}
