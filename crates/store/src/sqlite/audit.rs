//! The audit log in SQLite: each entry appended in the write it records, numbered and
//! chained after the last, its leaf and the tree's nodes it completes in the same
//! transaction (`audit_tree.rs`); and entries read by number, subject or moment.

use rusqlite::{params, Connection, OptionalExtension};

use super::{audit_tree, Store, Write};
use crate::chain::chained_row;
use crate::{AuditEntry, AuditRow, StoreError};

impl Store {
    /// Appends one audit entry on its own (for reads, which write nothing else).
    pub fn append_audit(
        &mut self,
        audit: &AuditEntry,
        chain: impl Fn(&AuditRow) -> String,
    ) -> Result<AuditRow, StoreError> {
        let transaction = self.begin()?;
        let row = append_audit(&transaction, audit, &chain)?;
        transaction.commit()?;
        Ok(row)
    }

    /// Appends `entries` to the log in order, in one transaction (one write to disk), and
    /// returns the last: for a log written in bulk (a benchmark's), where
    /// [`Store::append_audit`] would make a transaction of each. The tree's right edge is
    /// found once for all of them.
    pub fn append_audit_entries(
        &mut self,
        entries: &[AuditEntry],
        chain: impl Fn(&AuditRow) -> String,
    ) -> Result<Option<AuditRow>, StoreError> {
        let transaction = self.begin()?;
        let mut last = last_audit_entry(&transaction)?;
        let mut tree = audit_tree::Growth::caught_up_to(
            &transaction,
            transaction.tree_edge,
            last.as_ref().map_or(0, |(seq, _)| *seq),
        )?;
        let mut last_row = None;
        for audit in entries {
            let row = chained_row(last, audit, &chain);
            insert_audit_row(&transaction, &row)?;
            tree.take_in(row.seq, &row.hash)?;
            last = Some((row.seq, row.hash.clone()));
            last_row = Some(row);
        }
        tree.keep_edge(transaction.tree_edge);
        transaction.commit()?;
        Ok(last_row)
    }

    /// The audit entries with sequence numbers in `from..=to`, in order.
    pub fn audit_entries(&self, from: i64, to: i64) -> Result<Vec<AuditRow>, StoreError> {
        let mut statement = self.connection.prepare_cached(
            "SELECT seq, at, actor, action, subject, digest, previous, hash FROM audit
             WHERE seq BETWEEN ?1 AND ?2 ORDER BY seq",
        )?;
        let rows = statement.query_map(params![from, to], audit_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The audit entries about `subject` (`hit 42`), in order.
    pub fn audit_entries_about(&self, subject: &str) -> Result<Vec<AuditRow>, StoreError> {
        let mut statement = self.connection.prepare_cached(
            "SELECT seq, at, actor, action, subject, digest, previous, hash FROM audit
             WHERE subject = ?1 ORDER BY seq",
        )?;
        let rows = statement.query_map(params![subject], audit_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The last `limit` audit entries about `subject` at or after `since`, in order.
    pub fn audit_entries_about_since(
        &self,
        subject: &str,
        since: i64,
        limit: usize,
    ) -> Result<Vec<AuditRow>, StoreError> {
        let mut statement = self.connection.prepare_cached(
            "SELECT seq, at, actor, action, subject, digest, previous, hash FROM audit
             WHERE subject = ?1 AND at >= ?2 ORDER BY seq DESC LIMIT ?3",
        )?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = statement.query_map(params![subject, since, limit], audit_row)?;
        let mut rows: Vec<AuditRow> = rows.collect::<Result<_, _>>()?;
        rows.reverse();
        Ok(rows)
    }

    /// The audit entries of the moment `at` (Unix seconds), in order.
    pub fn audit_entries_at(&self, at: i64) -> Result<Vec<AuditRow>, StoreError> {
        let mut statement = self.connection.prepare_cached(
            "SELECT seq, at, actor, action, subject, digest, previous, hash FROM audit
             WHERE at = ?1 ORDER BY seq",
        )?;
        let rows = statement.query_map(params![at], audit_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

pub(super) fn append_audit(
    transaction: &Write<'_>,
    audit: &AuditEntry,
    chain: &dyn Fn(&AuditRow) -> String,
) -> Result<AuditRow, StoreError> {
    let row = chained_row(last_audit_entry(transaction)?, audit, chain);
    insert_audit_row(transaction, &row)?;
    // the entry's leaf and the nodes it completes, in the same transaction
    let mut tree =
        audit_tree::Growth::caught_up_to(transaction, transaction.tree_edge, row.seq - 1)?;
    tree.take_in(row.seq, &row.hash)?;
    tree.keep_edge(transaction.tree_edge);
    Ok(row)
}

/// The sequence number and hash of the log's last entry, if any.
fn last_audit_entry(transaction: &Connection) -> Result<Option<(i64, String)>, StoreError> {
    Ok(transaction
        .prepare_cached("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1")?
        .query_row([], |row| Ok((row.get(0)?, row.get(1)?)))
        .optional()?)
}

fn insert_audit_row(transaction: &Connection, row: &AuditRow) -> Result<(), StoreError> {
    transaction
        .prepare_cached(
            "INSERT INTO audit (seq, at, actor, action, subject, digest, previous, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?
        .execute(params![
            row.seq,
            row.at,
            row.actor,
            row.action,
            row.subject,
            row.digest,
            row.previous,
            row.hash
        ])?;
    Ok(())
}

fn audit_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<AuditRow> {
    Ok(AuditRow {
        seq: row.get(0)?,
        at: row.get(1)?,
        actor: row.get(2)?,
        action: row.get(3)?,
        subject: row.get(4)?,
        digest: row.get(5)?,
        previous: row.get(6)?,
        hash: row.get(7)?,
    })
}
