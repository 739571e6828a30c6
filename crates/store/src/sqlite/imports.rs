//! Imports of files too large for one transaction: written a batch a transaction, each
//! batch with the import's progress, so that an import killed midway resumes where its
//! last batch ended (a file is known again by its digest, its owner and its terms).

use rusqlite::{params, Connection, OptionalExtension};

use super::{append_audit, Store};
use crate::{AuditEntry, AuditRow, ImportProgress, ImportRow, StoreError, WriteCounts};

/// Adds a batch's progress to its import, in the batch's transaction.
pub(super) fn record_progress(
    transaction: &Connection,
    progress: Option<ImportProgress>,
    counts: &WriteCounts,
) -> Result<(), StoreError> {
    let Some(progress) = progress else {
        return Ok(());
    };
    let updated = transaction.execute(
        "UPDATE import SET items_done = ?2, added = added + ?3, changed = changed + ?4,
         unchanged = unchanged + ?5 WHERE id = ?1 AND finished_at IS NULL",
        params![
            progress.import,
            progress.items_done,
            counts.added as i64,
            counts.changed as i64,
            counts.unchanged as i64
        ],
    )?;
    if updated == 0 {
        return Err(StoreError::NotFound {
            what: "unfinished import",
            name: progress.import.to_string(),
        });
    }
    Ok(())
}

/// Adds `removed` to an unfinished import's removals, in the removing transaction.
pub(super) fn record_removals(
    transaction: &Connection,
    import: i64,
    removed: usize,
) -> Result<(), StoreError> {
    let updated = transaction.execute(
        "UPDATE import SET removed = removed + ?2 WHERE id = ?1 AND finished_at IS NULL",
        params![import, removed as i64],
    )?;
    if updated == 0 {
        return Err(StoreError::NotFound {
            what: "unfinished import",
            name: import.to_string(),
        });
    }
    Ok(())
}

fn import_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<ImportRow> {
    let count = |at: usize| -> rusqlite::Result<usize> { Ok(row.get::<_, i64>(at)? as usize) };
    Ok(ImportRow {
        id: row.get(0)?,
        member: row.get(1)?,
        file: row.get(2)?,
        digest: row.get(3)?,
        terms: row.get(4)?,
        items_done: row.get(5)?,
        counts: WriteCounts {
            added: count(6)?,
            changed: count(7)?,
            unchanged: count(8)?,
            removed: count(11)?,
        },
        started_at: row.get(9)?,
        finished_at: row.get(10)?,
    })
}

const IMPORT_COLUMNS: &str =
    "id, member, file, digest, terms, items_done, added, changed, unchanged, started_at, finished_at, removed";

impl Store {
    /// The unfinished import of this file (by digest) by `member` with these terms, to be
    /// resumed, or a new one (with `audit` appended); in one transaction.
    pub fn begin_import(
        &mut self,
        member: i64,
        file: &str,
        digest: &str,
        terms: &str,
        audit: &AuditEntry,
        chain: impl Fn(&AuditRow) -> String,
    ) -> Result<ImportRow, StoreError> {
        let transaction = self.begin()?;
        let find = format!(
            "SELECT {IMPORT_COLUMNS} FROM import WHERE member = ?1 AND digest = ?2 AND terms = ?3
             AND finished_at IS NULL ORDER BY id DESC LIMIT 1"
        );
        let unfinished = transaction
            .query_row(&find, params![member, digest, terms], import_row)
            .optional()?;
        if let Some(row) = unfinished {
            return Ok(row);
        }
        transaction.execute(
            "INSERT INTO import (member, file, digest, terms, items_done, added, changed, unchanged, started_at)
             VALUES (?1, ?2, ?3, ?4, 0, 0, 0, 0, ?5)",
            params![member, file, digest, terms, audit.at],
        )?;
        let id = transaction.last_insert_rowid();
        let mut audit = audit.clone();
        audit.subject = format!("import {id}: {}", audit.subject);
        append_audit(&transaction, &audit, &chain)?;
        let row = transaction.query_row(
            &format!("SELECT {IMPORT_COLUMNS} FROM import WHERE id = ?1"),
            params![id],
            import_row,
        )?;
        transaction.commit()?;
        Ok(row)
    }

    /// Marks the import finished, with `audit`; returns it as it ends.
    pub fn finish_import(
        &mut self,
        id: i64,
        audit: &AuditEntry,
        chain: impl Fn(&AuditRow) -> String,
    ) -> Result<ImportRow, StoreError> {
        let transaction = self.begin()?;
        let updated = transaction.execute(
            "UPDATE import SET finished_at = ?2 WHERE id = ?1 AND finished_at IS NULL",
            params![id, audit.at],
        )?;
        if updated == 0 {
            return Err(StoreError::NotFound {
                what: "unfinished import",
                name: id.to_string(),
            });
        }
        append_audit(&transaction, audit, &chain)?;
        let row = transaction.query_row(
            &format!("SELECT {IMPORT_COLUMNS} FROM import WHERE id = ?1"),
            params![id],
            import_row,
        )?;
        transaction.commit()?;
        Ok(row)
    }

    /// Every import, newest first.
    pub fn imports(&self) -> Result<Vec<ImportRow>, StoreError> {
        let mut statement = self.connection.prepare_cached(&format!(
            "SELECT {IMPORT_COLUMNS} FROM import ORDER BY id DESC"
        ))?;
        let rows = statement.query_map([], import_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
