//! Imports on PostgreSQL: the SQLite store's rows and errors. Ids are the largest plus one,
//! as SQLite gives them, under the imports lock, which also keeps two nodes from beginning
//! the same file at once (each would find no unfinished import and add one).

use super::conn::Conn;

use super::{append_audit_in, not_found, PostgresStore, ANALYZED_AFTER_ROWS, LOADED_TABLES};
use crate::concepts::{Chain, Imports};
use crate::{AuditEntry, ImportProgress, ImportRow, StoreError, WriteCounts};

/// The lock `begin_import` takes for its transaction (before the audit lock).
pub(super) const IMPORTS_LOCK: i64 = 0x6761_7465_696d_706f; // "gateimpo"

const IMPORT_COLUMNS: &str =
    "id, member, file, digest, terms, items_done, added, changed, unchanged, started_at, finished_at, removed";

fn import_row(row: &postgres::Row) -> ImportRow {
    let count = |at: usize| usize::try_from(row.get::<_, i64>(at)).unwrap_or(0);
    ImportRow {
        id: row.get(0),
        member: row.get(1),
        file: row.get(2),
        digest: row.get(3),
        terms: row.get(4),
        items_done: row.get(5),
        counts: WriteCounts {
            added: count(6),
            changed: count(7),
            unchanged: count(8),
            removed: count(11),
        },
        started_at: row.get(9),
        finished_at: row.get(10),
    }
}

/// Adds `removed` to an unfinished import's removals, in the removing transaction; an
/// import not found unfinished is [`StoreError::NotFound`] (and the removal is undone).
pub(super) fn record_removals(
    transaction: &mut Conn,
    import: i64,
    removed: usize,
) -> Result<(), StoreError> {
    let removed = i64::try_from(removed).unwrap_or(i64::MAX);
    let updated = transaction.execute(
        "UPDATE import SET removed = removed + $2 WHERE id = $1 AND finished_at IS NULL",
        &[&import, &removed],
    )?;
    if updated == 0 {
        return Err(not_found("unfinished import", &import.to_string()));
    }
    Ok(())
}

/// Adds what a batch of an import did to the import, in the batch's transaction; an
/// import not found unfinished is [`StoreError::NotFound`] (and the batch is undone).
pub(super) fn record_progress(
    transaction: &mut Conn,
    progress: Option<ImportProgress>,
    counts: &WriteCounts,
) -> Result<(), StoreError> {
    let Some(progress) = progress else {
        return Ok(());
    };
    let count = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);
    let updated = transaction.execute(
        "UPDATE import SET items_done = $2, added = added + $3, changed = changed + $4,
         unchanged = unchanged + $5 WHERE id = $1 AND finished_at IS NULL",
        &[
            &progress.import,
            &progress.items_done,
            &count(counts.added),
            &count(counts.changed),
            &count(counts.unchanged),
        ],
    )?;
    if updated == 0 {
        return Err(not_found("unfinished import", &progress.import.to_string()));
    }
    Ok(())
}

fn import_by_id(transaction: &mut Conn, id: i64) -> Result<ImportRow, StoreError> {
    let row = transaction.query_one(
        &format!("SELECT {IMPORT_COLUMNS} FROM import WHERE id = $1"),
        &[&id],
    )?;
    Ok(import_row(&row))
}

impl Imports for PostgresStore {
    fn begin_import(
        &mut self,
        member: i64,
        file: &str,
        digest: &str,
        terms: &str,
        audit: &AuditEntry,
        chain: Chain<'_>,
    ) -> Result<ImportRow, StoreError> {
        self.write(|transaction| {
            transaction.advisory_lock(IMPORTS_LOCK)?;
            let unfinished = transaction.query_opt(
                &format!(
                    "SELECT {IMPORT_COLUMNS} FROM import
                     WHERE member = $1 AND digest = $2 AND terms = $3 AND finished_at IS NULL
                     ORDER BY id DESC LIMIT 1"
                ),
                &[&member, &digest, &terms],
            )?;
            if let Some(row) = unfinished {
                return Ok(import_row(&row));
            }
            let id: i64 = transaction
                .query_one(
                    "INSERT INTO import (id, member, file, digest, terms, items_done, added,
                                         changed, unchanged, started_at)
                     SELECT COALESCE(MAX(id), 0) + 1, $1, $2, $3, $4, 0, 0, 0, 0, $5
                     FROM import RETURNING id",
                    &[&member, &file, &digest, &terms, &audit.at],
                )?
                .get(0);
            let mut audit = audit.clone();
            audit.subject = format!("import {id}: {}", audit.subject);
            append_audit_in(transaction, &audit, chain)?;
            import_by_id(transaction, id)
        })
    }

    fn finish_import(
        &mut self,
        id: i64,
        audit: &AuditEntry,
        chain: Chain<'_>,
    ) -> Result<ImportRow, StoreError> {
        let finished = self.write(|transaction| {
            let updated = transaction.execute(
                "UPDATE import SET finished_at = $2 WHERE id = $1 AND finished_at IS NULL",
                &[&id, &audit.at],
            )?;
            if updated == 0 {
                return Err(not_found("unfinished import", &id.to_string()));
            }
            append_audit_in(transaction, audit, chain)?;
            import_by_id(transaction, id)
        })?;
        let written = finished.counts.added + finished.counts.changed;
        if !self.grouped && i64::try_from(written).unwrap_or(i64::MAX) >= ANALYZED_AFTER_ROWS {
            // the planner's figures for the tables loaded, as after any bulk load; only a
            // matter of speed (autovacuum analyses them in time), so the import, committed,
            // is not failed for it
            let _ = self
                .client
                .borrow_mut()
                .batch_execute(&format!("ANALYZE {}", LOADED_TABLES.join(", ")));
        }
        Ok(finished)
    }

    fn imports(&self) -> Result<Vec<ImportRow>, StoreError> {
        let rows = self.client.borrow_mut().query(
            &format!("SELECT {IMPORT_COLUMNS} FROM import ORDER BY id DESC"),
            &[],
        )?;
        Ok(rows.iter().map(import_row).collect())
    }
}
