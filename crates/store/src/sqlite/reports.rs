//! Suspicious transaction reports in SQLite.

use rusqlite::{params, OptionalExtension};

use super::{append_audit, Store};
use crate::{AuditEntry, AuditRow, NewReport, ReportRow, StoreError};

/// The columns of a report row, in [`report_row`]'s order.
const COLUMNS: &str = "id, at, author, recipient, hit, reference, digest";

fn report_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<ReportRow> {
    Ok(ReportRow {
        id: row.get(0)?,
        at: row.get(1)?,
        author: row.get(2)?,
        recipient: row.get(3)?,
        hit: row.get(4)?,
        reference: row.get(5)?,
        digest: row.get(6)?,
        report: None,
    })
}

impl Store {
    /// Keeps a report with its audit entry and its recipient's notification, in one
    /// transaction; returns its id.
    pub fn add_report(
        &mut self,
        report: &NewReport,
        at: i64,
        audit: &AuditEntry,
        chain: impl Fn(&AuditRow) -> String,
    ) -> Result<i64, StoreError> {
        let transaction = self.begin()?;
        transaction
            .prepare_cached(
                "INSERT INTO fiu_report (at, author, recipient, hit, reference, report, digest)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![
                at,
                report.author,
                report.recipient,
                report.hit,
                report.reference,
                report.report,
                report.digest
            ])?;
        let id = transaction.last_insert_rowid();
        // the recipient is told of it
        transaction
            .prepare_cached(
                "INSERT INTO notification (owner, hit, at, kind, report)
                 VALUES (?1, ?2, ?3, 'report', ?4)",
            )?
            .execute(params![report.recipient, report.hit, at, id])?;
        append_audit(&transaction, audit, &chain)?;
        transaction.commit()?;
        Ok(id)
    }

    /// A kept report, with the report itself.
    pub fn report(&self, id: i64) -> Result<Option<ReportRow>, StoreError> {
        Ok(self
            .connection
            .prepare_cached(&format!(
                "SELECT {COLUMNS}, report FROM fiu_report WHERE id = ?1"
            ))?
            .query_row(params![id], |row| {
                let mut kept = report_row(row)?;
                kept.report = Some(row.get(7)?);
                Ok(kept)
            })
            .optional()?)
    }

    /// The reports `member` wrote or was sent, newest first, `limit` from `offset`.
    pub fn reports_of(
        &self,
        member: i64,
        limit: usize,
        offset: usize,
    ) -> Result<(Vec<ReportRow>, usize), StoreError> {
        // past what SQLite's integers hold is past every report
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let offset = i64::try_from(offset).unwrap_or(i64::MAX);
        let total: i64 = self
            .connection
            .prepare_cached("SELECT COUNT(*) FROM fiu_report WHERE author = ?1 OR recipient = ?1")?
            .query_row(params![member], |row| row.get(0))?;
        let mut statement = self.connection.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM fiu_report WHERE author = ?1 OR recipient = ?1
             ORDER BY id DESC LIMIT ?2 OFFSET ?3"
        ))?;
        let rows = statement
            .query_map(params![member, limit, offset], report_row)?
            .collect::<Result<Vec<_>, _>>()?;
        Ok((rows, usize::try_from(total).unwrap_or(0)))
    }
}
