//! Person records in SQLite: their versions and access lists, their terms, the change feed
//! (`record_change`), and their purge past the review date.

use rusqlite::{params, Connection, OptionalExtension};

use super::documents::terms_of_row;
use super::imports::record_progress;
use super::{append_audit, Store};
use crate::searchable::{names_hold_every_word, search_words, searchable_names};
use crate::terms::count_change;
use crate::{
    AuditEntry, AuditRow, ImportProgress, NewRecord, RecordChange, RecordRow, StoreError, Terms,
    WriteAudit, WriteCounts, WriteTerms,
};

/// The stored state of a record, to compare a new version with.
struct StoredRecord {
    id: i64,
    entity: String,
    terms: Terms,
    version: i64,
    deleted_at: Option<i64>,
    /// The published list it is an entry of, empty when none.
    list: String,
}

impl Store {
    /// Writes `records` of one owner in one transaction with its audit entry (and the
    /// progress of the import it is part of): all or none. A new record takes
    /// `terms.terms`; a record whose entity id the owner already has keeps the parts of its
    /// terms `terms.keep` names, gets a new version when anything changed, and is left
    /// alone when nothing did, so writing a file twice changes nothing.
    pub fn write_records(
        &mut self,
        owner: i64,
        records: &[NewRecord],
        terms: &WriteTerms,
        progress: Option<ImportProgress>,
        audit: &WriteAudit<'_>,
        chain: impl Fn(&AuditRow) -> String,
    ) -> Result<WriteCounts, StoreError> {
        // the write's time and author are its audit entry's
        let (at, actor) = (audit.entry.at, audit.entry.actor.as_str());
        let new_terms = terms.terms.clone().normalised();
        let transaction = self.begin()?;
        let mut counts = WriteCounts::default();
        let mut changes = Vec::new();
        // each record once, however often the write names it
        let mut touched = std::collections::BTreeSet::new();
        {
            let mut find = transaction.prepare_cached(
                "SELECT id, entity, access_level, action, review_by, version, deleted_at, source_list
                 FROM record WHERE owner = ?1 AND entity_id = ?2",
            )?;
            let mut members_of = transaction.prepare_cached(
                "SELECT member FROM record_access WHERE record = ?1 ORDER BY member",
            )?;
            let mut insert = transaction.prepare_cached(
                "INSERT INTO record (owner, entity_id, entity, access_level, action, review_by, version, updated_at, source_list,
                                     searchable_names)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1, ?7, ?8, ?9)",
            )?;
            let mut update = transaction.prepare_cached(
                "UPDATE record SET entity = ?2, access_level = ?3, action = ?4, review_by = ?5,
                 version = ?6, updated_at = ?7, deleted_at = NULL,
                 source_list = COALESCE(?8, source_list), searchable_names = ?9 WHERE id = ?1",
            )?;
            // a record the write leaves as it was but names as an entry of another list
            let mut relist =
                transaction.prepare_cached("UPDATE record SET source_list = ?2 WHERE id = ?1")?;
            let mut clear_access =
                transaction.prepare_cached("DELETE FROM record_access WHERE record = ?1")?;
            let mut add_access = transaction.prepare_cached(
                "INSERT OR IGNORE INTO record_access (record, member) VALUES (?1, ?2)",
            )?;
            let mut add_version = transaction.prepare_cached(
                "INSERT INTO record_version (record, version, entity, access_level, access_members, action, review_by, at, actor)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?;
            for record in records {
                let existing: Option<StoredRecord> = find
                    .query_row(params![owner, record.entity_id], |row| {
                        Ok(StoredRecord {
                            id: row.get(0)?,
                            entity: row.get(1)?,
                            terms: Terms {
                                access_level: row.get(2)?,
                                access_members: Vec::new(),
                                action: row.get(3)?,
                                review_by: row.get(4)?,
                            },
                            version: row.get(5)?,
                            deleted_at: row.get(6)?,
                            list: row.get(7)?,
                        })
                    })
                    .optional()?;
                let (id, version, written) = match existing {
                    None => {
                        insert.execute(params![
                            owner,
                            record.entity_id,
                            record.entity,
                            new_terms.access_level,
                            new_terms.action,
                            new_terms.review_by,
                            at,
                            record.list.as_deref().unwrap_or(""),
                            searchable_names(&record.entity)
                        ])?;
                        counts.added += 1;
                        (transaction.last_insert_rowid(), 1, new_terms.clone())
                    }
                    Some(mut stored) => {
                        let (id, version) = (stored.id, stored.version);
                        stored.terms.access_members = members_of
                            .query_map(params![id], |row| row.get(0))?
                            .collect::<Result<_, _>>()?;
                        // a record purged past its review date comes back as a new one
                        let written = if stored.entity.is_empty() {
                            new_terms.clone()
                        } else {
                            terms.applied_to(&stored.terms)
                        };
                        let same = stored.entity == record.entity
                            && stored.terms == written
                            && stored.deleted_at.is_none();
                        if same {
                            if let Some(list) = record.list.as_deref() {
                                if list != stored.list {
                                    relist.execute(params![id, list])?;
                                }
                            }
                            counts.unchanged += 1;
                            continue;
                        }
                        count_change(&mut changes, &stored.terms, &written);
                        update.execute(params![
                            id,
                            record.entity,
                            written.access_level,
                            written.action,
                            written.review_by,
                            version + 1,
                            at,
                            record.list,
                            searchable_names(&record.entity)
                        ])?;
                        clear_access.execute(params![id])?;
                        counts.changed += 1;
                        (id, version + 1, written)
                    }
                };
                touched.insert(id);
                for member in &written.access_members {
                    add_access.execute(params![id, member])?;
                }
                let members_text = written
                    .access_members
                    .iter()
                    .map(i64::to_string)
                    .collect::<Vec<_>>()
                    .join(",");
                add_version.execute(params![
                    id,
                    version,
                    record.entity,
                    written.access_level,
                    members_text,
                    written.action,
                    written.review_by,
                    at,
                    actor
                ])?;
            }
        }
        append_record_changes(&transaction, touched, at)?;
        record_progress(&transaction, progress, &counts)?;
        append_audit(&transaction, &audit.entry_for(&changes)?, &chain)?;
        transaction.commit()?;
        Ok(counts)
    }

    /// The terms of the owner's records (deleted ones too), each with how many have them,
    /// ordered by the terms as text: what a write of new terms could change at most.
    pub fn record_terms_of(&self, owner: i64) -> Result<Vec<(Terms, usize)>, StoreError> {
        let mut statement = self.connection.prepare_cached(
            "SELECT r.access_level,
                    COALESCE((SELECT group_concat(member, ',') FROM
                        (SELECT member FROM record_access WHERE record = r.id ORDER BY member)), ''),
                    r.action, r.review_by, count(*)
             FROM record r WHERE r.owner = ?1 AND r.entity != '' GROUP BY 1, 2, 3, 4
             ORDER BY 1, 2, 3, 4",
        )?;
        let rows = statement.query_map(params![owner], |row| {
            Ok((terms_of_row(row)?, row.get::<_, i64>(4)? as usize))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The terms of the owner's records with these entity ids, in order; `None` for an
    /// entity id the owner has no record of.
    pub fn record_terms(
        &self,
        owner: i64,
        entity_ids: &[&str],
    ) -> Result<Vec<Option<Terms>>, StoreError> {
        let mut find = self.connection.prepare_cached(
            "SELECT id, access_level, action, review_by FROM record
             WHERE owner = ?1 AND entity_id = ?2 AND entity != ''",
        )?;
        let mut members_of = self
            .connection
            .prepare_cached("SELECT member FROM record_access WHERE record = ?1 ORDER BY member")?;
        let mut found = Vec::with_capacity(entity_ids.len());
        for entity_id in entity_ids {
            let row = find
                .query_row(params![owner, entity_id], |row| {
                    Ok((
                        row.get::<_, i64>(0)?,
                        Terms {
                            access_level: row.get(1)?,
                            access_members: Vec::new(),
                            action: row.get(2)?,
                            review_by: row.get(3)?,
                        },
                    ))
                })
                .optional()?;
            found.push(match row {
                None => None,
                Some((id, mut terms)) => {
                    terms.access_members = members_of
                        .query_map(params![id], |row| row.get(0))?
                        .collect::<Result<_, _>>()?;
                    Some(terms)
                }
            });
        }
        Ok(found)
    }

    /// Every record that is not deleted and whose review date is `today` or later
    /// (`YYYY-MM-DD` compares as text), in id order.
    pub fn live_records(&self, today: &str) -> Result<Vec<RecordRow>, StoreError> {
        let mut access: std::collections::HashMap<i64, Vec<i64>> = std::collections::HashMap::new();
        {
            let mut statement = self.connection.prepare_cached(
                "SELECT record, member FROM record_access ORDER BY record, member",
            )?;
            let rows = statement
                .query_map([], |row| Ok((row.get::<_, i64>(0)?, row.get::<_, i64>(1)?)))?;
            for row in rows {
                let (record, member) = row?;
                access.entry(record).or_default().push(member);
            }
        }
        let mut statement = self.connection.prepare_cached(
            "SELECT id, owner, entity_id, entity, access_level, action, review_by, version, updated_at
             FROM record WHERE deleted_at IS NULL AND review_by >= ?1 ORDER BY id",
        )?;
        let rows = statement.query_map(params![today], record_row)?;
        let mut records: Vec<RecordRow> = rows.collect::<Result<_, _>>()?;
        for record in &mut records {
            record.access_members = access.remove(&record.id).unwrap_or_default();
        }
        Ok(records)
    }

    /// A record by its id, unless deleted.
    pub fn record(&self, id: i64) -> Result<Option<RecordRow>, StoreError> {
        let row = self
            .connection
            .prepare_cached("SELECT id, owner, entity_id, entity, access_level, action, review_by, version, updated_at
                 FROM record WHERE id = ?1 AND deleted_at IS NULL")?
            .query_row(params![id],
                record_row,
            )
            .optional()?;
        let Some(mut row) = row else {
            return Ok(None);
        };
        let mut statement = self
            .connection
            .prepare_cached("SELECT member FROM record_access WHERE record = ?1 ORDER BY member")?;
        row.access_members = statement
            .query_map(params![id], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        Ok(Some(row))
    }

    /// Marks the owner's record deleted (kept with its versions as evidence, no longer
    /// matched), with the audit entry, in one transaction.
    pub fn delete_record(
        &mut self,
        owner: i64,
        id: i64,
        audit: &AuditEntry,
        chain: impl Fn(&AuditRow) -> String,
    ) -> Result<(), StoreError> {
        let transaction = self.begin()?;
        let changed = transaction.prepare_cached("UPDATE record SET deleted_at = ?3 WHERE id = ?1 AND owner = ?2 AND deleted_at IS NULL")?
            .execute(params![id, owner, audit.at],
        )?;
        if changed == 0 {
            return Err(StoreError::NotFound {
                what: "record",
                name: id.to_string(),
            });
        }
        append_record_changes(&transaction, [id], audit.at)?;
        append_audit(&transaction, audit, &chain)?;
        transaction.commit()?;
        Ok(())
    }

    /// The owner's records that are entries of `list`, neither deleted nor purged, in id
    /// order: (id, entity id).
    pub fn list_records(&self, owner: i64, list: &str) -> Result<Vec<(i64, String)>, StoreError> {
        let mut statement = self.connection.prepare_cached(
            "SELECT id, entity_id FROM record
             WHERE owner = ?1 AND source_list = ?2 AND source_list != ''
               AND deleted_at IS NULL AND entity != '' ORDER BY id",
        )?;
        let rows =
            statement.query_map(params![owner, list], |row| Ok((row.get(0)?, row.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Marks the owner's records `ids` deleted (kept with their versions as evidence, no
    /// longer matched), those deleted already or not the owner's left alone, with the
    /// audit entry and, when `import` is given, the count added to that unfinished
    /// import's removals, in one transaction. Returns how many were deleted.
    pub fn delete_records(
        &mut self,
        owner: i64,
        ids: &[i64],
        import: Option<i64>,
        audit: &AuditEntry,
        chain: impl Fn(&AuditRow) -> String,
    ) -> Result<usize, StoreError> {
        let transaction = self.begin()?;
        let mut deleted = Vec::with_capacity(ids.len());
        {
            let mut delete = transaction.prepare_cached(
                "UPDATE record SET deleted_at = ?3
                 WHERE id = ?1 AND owner = ?2 AND deleted_at IS NULL AND entity != ''",
            )?;
            let mut sorted = ids.to_vec();
            sorted.sort_unstable();
            sorted.dedup();
            for id in sorted {
                if delete.execute(params![id, owner, audit.at])? > 0 {
                    deleted.push(id);
                }
            }
        }
        append_record_changes(&transaction, deleted.iter().copied(), audit.at)?;
        if let Some(import) = import {
            super::imports::record_removals(&transaction, import, deleted.len())?;
        }
        append_audit(&transaction, audit, &chain)?;
        transaction.commit()?;
        Ok(deleted.len())
    }

    /// Purges every record whose review date is before `today`: its entity, versions and
    /// access list are removed (personal data is not kept past its review), the row stays
    /// deleted so that hits on it still name it; with the audit entry, in one transaction.
    /// Returns how many were purged.
    pub fn purge_expired(
        &mut self,
        today: &str,
        audit: &AuditEntry,
        chain: impl Fn(&AuditRow) -> String,
    ) -> Result<usize, StoreError> {
        let transaction = self.begin()?;
        let expired = "SELECT id FROM record WHERE review_by < ?1 AND entity != ''";
        transaction
            .prepare_cached(&format!(
                "INSERT INTO record_change (record, at) SELECT id, ?2 FROM ({expired}) ORDER BY id"
            ))?
            .execute(params![today, audit.at])?;
        transaction
            .prepare_cached(&format!(
                "DELETE FROM record_version WHERE record IN ({expired})"
            ))?
            .execute(params![today])?;
        transaction
            .prepare_cached(&format!(
                "DELETE FROM record_access WHERE record IN ({expired})"
            ))?
            .execute(params![today])?;
        let purged = transaction
            .prepare_cached(
                "UPDATE record SET entity = '', searchable_names = '',
                    deleted_at = COALESCE(deleted_at, ?2)
                 WHERE review_by < ?1 AND entity != ''",
            )?
            .execute(params![today, audit.at])?;
        if purged > 0 {
            let mut audit = audit.clone();
            audit.subject = format!("{purged} records past their review date");
            append_audit(&transaction, &audit, &chain)?;
        }
        transaction.commit()?;
        Ok(purged)
    }

    /// The changes of person records numbered after `after`, in order, at most `limit`
    /// (see [`crate::concepts::Records::changes_after`]).
    pub fn changes_after(&self, after: i64, limit: usize) -> Result<Vec<RecordChange>, StoreError> {
        // past what SQLite's integers hold is every change
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let mut statement = self.connection.prepare_cached(
            "SELECT seq, record, at FROM record_change WHERE seq > ?1 ORDER BY seq LIMIT ?2",
        )?;
        let rows = statement.query_map(params![after, limit], |row| {
            Ok(RecordChange {
                seq: row.get(0)?,
                record: row.get(1)?,
                at: row.get(2)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The newest change's number, 0 when there is none (see
    /// [`crate::concepts::Records::last_change`]).
    pub fn last_change(&self) -> Result<i64, StoreError> {
        Ok(self
            .connection
            .prepare_cached("SELECT COALESCE(MAX(seq), 0) FROM record_change")?
            .query_row([], |row| row.get(0))?)
    }

    /// Removes the changes numbered before `before`, but never the newest (see
    /// [`crate::concepts::Records::prune_changes`]). Returns how many were removed.
    pub fn prune_changes(&mut self, before: i64) -> Result<usize, StoreError> {
        let transaction = self.begin()?;
        let removed = transaction
            .prepare_cached(
                "DELETE FROM record_change
                 WHERE seq < ?1 AND seq < (SELECT MAX(seq) FROM record_change)",
            )?
            .execute(params![before])?;
        transaction.commit()?;
        Ok(removed)
    }

    /// The id of the owner's record with this entity id, unless deleted.
    pub fn record_id(&self, owner: i64, entity_id: &str) -> Result<Option<i64>, StoreError> {
        Ok(self
            .connection
            .prepare_cached(
                "SELECT id FROM record WHERE owner = ?1 AND entity_id = ?2 AND deleted_at IS NULL",
            )?
            .query_row(params![owner, entity_id], |row| row.get(0))
            .optional()?)
    }

    /// How many versions a record has had.
    pub fn record_versions(&self, record: i64) -> Result<i64, StoreError> {
        Ok(self
            .connection
            .prepare_cached("SELECT COUNT(*) FROM record_version WHERE record = ?1")?
            .query_row(params![record], |row| row.get(0))?)
    }

    /// The live person records of `owner`, most recently changed first, `limit` from
    /// `offset` (with their access lists); and how many there are.
    pub fn records_of(
        &self,
        owner: i64,
        limit: usize,
        offset: usize,
    ) -> Result<(Vec<crate::RecordRow>, usize), StoreError> {
        // past what SQLite's integers hold is past every record (cast, `usize::MAX` would
        // be -1, which SQLite takes as no limit and as no offset)
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let offset = i64::try_from(offset).unwrap_or(i64::MAX);
        let total: i64 = self
            .connection
            .prepare_cached("SELECT COUNT(*) FROM record WHERE owner = ?1 AND deleted_at IS NULL")?
            .query_row(params![owner], |row| row.get(0))?;
        let ids: Vec<i64> = self
            .connection
            .prepare_cached(
                "SELECT id FROM record WHERE owner = ?1 AND deleted_at IS NULL
                 ORDER BY updated_at DESC, id DESC LIMIT ?2 OFFSET ?3",
            )?
            .query_map(params![owner, limit, offset], |row| row.get(0))?
            .collect::<Result<_, _>>()?;
        let mut records = Vec::with_capacity(ids.len());
        for id in ids {
            records.extend(self.record(id)?);
        }
        Ok((records, usize::try_from(total).unwrap_or(0)))
    }

    /// The live person records of `owner` a search finds, in the order of
    /// [`Store::records_of`], `limit` from `offset`; and how many it finds (see
    /// [`crate::concepts::Records::search_records`]).
    pub fn search_records(
        &self,
        owner: i64,
        text: &str,
        limit: usize,
        offset: usize,
    ) -> Result<(Vec<crate::RecordRow>, usize), StoreError> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let offset = i64::try_from(offset).unwrap_or(i64::MAX);
        let entity_id = text.trim();
        let words = search_words(text);
        // one parameter a word, after the statement's own
        let found = |first_word: usize| {
            format!(
                "owner = ?1 AND deleted_at IS NULL AND (entity_id = ?2 OR ({}))",
                names_hold_every_word("instr", "?", first_word, words.len())
            )
        };
        let word_values = words.iter().map(|word| word as &dyn rusqlite::ToSql);
        let mut counted: Vec<&dyn rusqlite::ToSql> = vec![&owner, &entity_id];
        counted.extend(word_values.clone());
        let mut paged: Vec<&dyn rusqlite::ToSql> = vec![&owner, &entity_id, &limit, &offset];
        paged.extend(word_values);
        let total: i64 = self
            .connection
            .prepare_cached(&format!("SELECT COUNT(*) FROM record WHERE {}", found(3)))?
            .query_row(counted.as_slice(), |row| row.get(0))?;
        let ids: Vec<i64> = self
            .connection
            .prepare_cached(&format!(
                "SELECT id FROM record WHERE {}
                 ORDER BY updated_at DESC, id DESC LIMIT ?3 OFFSET ?4",
                found(5)
            ))?
            .query_map(paged.as_slice(), |row| row.get(0))?
            .collect::<Result<_, _>>()?;
        let mut records = Vec::with_capacity(ids.len());
        for id in ids {
            records.extend(self.record(id)?);
        }
        Ok((records, usize::try_from(total).unwrap_or(0)))
    }
}

/// Fills `record.searchable_names` of the records written before the column was added
/// (see [`crate::searchable`]), a few thousand at a time, inside the migration's
/// transaction; a purged record's stays empty.
pub(super) fn fill_searchable_names(transaction: &Connection) -> Result<(), StoreError> {
    let mut read = transaction.prepare(
        "SELECT id, entity FROM record WHERE id > ?1 AND entity != '' ORDER BY id LIMIT 5000",
    )?;
    let mut write = transaction.prepare("UPDATE record SET searchable_names = ?2 WHERE id = ?1")?;
    let mut after = 0_i64;
    loop {
        let rows: Vec<(i64, String)> = read
            .query_map(params![after], |row| Ok((row.get(0)?, row.get(1)?)))?
            .collect::<Result<_, _>>()?;
        let Some((last, _)) = rows.last() else {
            return Ok(());
        };
        after = *last;
        for (id, entity) in &rows {
            write.execute(params![id, searchable_names(entity)])?;
        }
    }
}

/// Appends a change of each of `records` (each once, in the order given) to the change
/// feed, inside the write that made them: numbered on from the newest, as the write is the
/// only one under way.
fn append_record_changes(
    transaction: &Connection,
    records: impl IntoIterator<Item = i64>,
    at: i64,
) -> Result<(), StoreError> {
    let mut insert =
        transaction.prepare_cached("INSERT INTO record_change (record, at) VALUES (?1, ?2)")?;
    for record in records {
        insert.execute(params![record, at])?;
    }
    Ok(())
}

/// A record from `SELECT id, owner, entity_id, entity, access_level, action, review_by,
/// version, updated_at`; its access list is read apart.
fn record_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<RecordRow> {
    Ok(RecordRow {
        id: row.get(0)?,
        owner: row.get(1)?,
        entity_id: row.get(2)?,
        entity: row.get(3)?,
        access_level: row.get(4)?,
        access_members: Vec::new(),
        action: row.get(5)?,
        review_by: row.get(6)?,
        version: row.get(7)?,
        updated_at: row.get(8)?,
    })
}
