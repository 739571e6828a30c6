//! Suspicious transaction reports on PostgreSQL: the SQLite store's rows, in the same
//! order. A report is numbered the largest plus one under the hits lock (the lock a hit's
//! writes take, whose rows a report refers to), so no id is used up by a write undone, as
//! none is on SQLite.

use super::hits::{bigint, lock_hits, next_ids};
use super::{append_audit_in, PostgresStore};
use crate::concepts::{Chain, Reports};
use crate::{AuditEntry, NewReport, ReportRow, StoreError};

/// The columns of a report row, in [`report_row`]'s order.
const COLUMNS: &str = "id, at, author, recipient, hit, reference, digest";

fn report_row(row: &postgres::Row) -> ReportRow {
    ReportRow {
        id: row.get(0),
        at: row.get(1),
        author: row.get(2),
        recipient: row.get(3),
        hit: row.get(4),
        reference: row.get(5),
        digest: row.get(6),
        report: None,
    }
}

impl Reports for PostgresStore {
    fn add_report(
        &mut self,
        report: &NewReport,
        at: i64,
        audit: &AuditEntry,
        chain: Chain<'_>,
    ) -> Result<i64, StoreError> {
        self.write(|transaction| {
            lock_hits(transaction)?;
            let id = next_ids(transaction, "fiu_report", 1)?;
            transaction.execute(
                "INSERT INTO fiu_report (id, at, author, recipient, hit, reference, report, digest)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                &[
                    &id,
                    &at,
                    &report.author,
                    &report.recipient,
                    &report.hit,
                    &report.reference,
                    &report.report,
                    &report.digest,
                ],
            )?;
            // the recipient is told of it
            let notification = next_ids(transaction, "notification", 1)?;
            transaction.execute(
                "INSERT INTO notification (id, owner, hit, at, kind, report)
                 VALUES ($1, $2, $3, $4, 'report', $5)",
                &[&notification, &report.recipient, &report.hit, &at, &id],
            )?;
            append_audit_in(transaction, audit, chain)?;
            Ok(id)
        })
    }

    fn report(&self, id: i64) -> Result<Option<ReportRow>, StoreError> {
        let row = self.client.borrow_mut().query_opt(
            &format!("SELECT {COLUMNS}, report FROM fiu_report WHERE id = $1"),
            &[&id],
        )?;
        Ok(row.map(|row| {
            let mut kept = report_row(&row);
            kept.report = Some(row.get(7));
            kept
        }))
    }

    fn reports_of(
        &self,
        member: i64,
        limit: usize,
        offset: usize,
    ) -> Result<(Vec<ReportRow>, usize), StoreError> {
        let (limit, offset) = (bigint(limit), bigint(offset));
        self.read(|transaction| {
            let total: i64 = transaction
                .query_one(
                    "SELECT COUNT(*) FROM fiu_report WHERE author = $1 OR recipient = $1",
                    &[&member],
                )?
                .get(0);
            let rows = transaction.query(
                &format!(
                    "SELECT {COLUMNS} FROM fiu_report WHERE author = $1 OR recipient = $1
                     ORDER BY id DESC LIMIT $2 OFFSET $3"
                ),
                &[&member, &limit, &offset],
            )?;
            Ok((
                rows.iter().map(report_row).collect(),
                usize::try_from(total).unwrap_or(0),
            ))
        })
    }
}
