//! Person records on PostgreSQL: the SQLite store's rows, in the same order, with the same
//! errors. Every write of records takes the records lock for its transaction, so that
//! writes of records from any node are made one at a time, as SQLite makes every write: a
//! write compares what it writes with what it read, and numbers new records and its
//! changes in the change feed (`changes.rs`), on rows no other write can change before it
//! commits.
//!
//! A write of many records reads the records it names in one query, decides in memory
//! what SQLite decides record by record (the same entity id twice in one write is a new
//! version of what the write itself added), and writes the outcome in a few statements,
//! whatever the number of records.

use std::collections::HashMap;

use super::conn::Conn;

use super::changes::{self, append_record_changes};
use super::imports::record_progress;
use super::{append_audit_in, not_found, PostgresStore};
use crate::concepts::{Chain, Records};
use crate::searchable::{names_hold_every_word, search_words, searchable_names};
use crate::terms::{count_change, members_of};
use crate::{
    AuditEntry, ImportProgress, NewRecord, RecordChange, RecordRow, StoreError, Terms, WriteAudit,
    WriteCounts, WriteTerms,
};

/// The lock every write of records takes for its transaction (before the audit lock).
pub(super) const RECORDS_LOCK: i64 = 0x6761_7465_7265_636f; // "gatereco"

/// A record's columns and its access list (in member order, empty when none), read as
/// [`record_row`] reads them; to be followed by `FROM record r LEFT JOIN record_access a
/// ON a.record = r.id WHERE … GROUP BY r.id`.
const RECORD_WITH_ACCESS: &str = "SELECT r.id, r.owner, r.entity_id, r.entity, r.access_level,
        r.action, r.review_by, r.version, r.updated_at,
        COALESCE(array_agg(a.member ORDER BY a.member) FILTER (WHERE a.member IS NOT NULL), '{}')
    FROM record r LEFT JOIN record_access a ON a.record = r.id";

fn record_row(row: &postgres::Row) -> RecordRow {
    RecordRow {
        id: row.get(0),
        owner: row.get(1),
        entity_id: row.get(2),
        entity: row.get(3),
        access_level: row.get(4),
        access_members: row.get(9),
        action: row.get(5),
        review_by: row.get(6),
        version: row.get(7),
        updated_at: row.get(8),
    }
}

/// Waits for every other write of records, from whichever node, to commit or be undone.
fn lock_records(transaction: &mut Conn) -> Result<(), StoreError> {
    transaction.advisory_lock(RECORDS_LOCK)?;
    Ok(())
}

/// A record of the owner's as a write finds it: as stored, or as the write left it.
struct StoredRecord {
    id: i64,
    entity: String,
    terms: Terms,
    version: i64,
    deleted_at: Option<i64>,
    /// The published list it is an entry of, empty when none.
    list: String,
    /// Whether the row is in the table already (else the write adds it).
    in_table: bool,
    /// Whether the write changed it (or added it).
    written: bool,
}

/// The owner's records with the entity ids of `records` (deleted and purged ones too),
/// by entity id.
fn stored_records(
    transaction: &mut Conn,
    owner: i64,
    records: &[NewRecord],
) -> Result<HashMap<String, StoredRecord>, StoreError> {
    let entity_ids: Vec<&str> = records
        .iter()
        .map(|record| record.entity_id.as_str())
        .collect();
    let rows = transaction.query(
        "SELECT r.id, r.entity_id, r.entity, r.access_level, r.action, r.review_by, r.version,
                r.deleted_at, r.source_list,
                COALESCE(array_agg(a.member ORDER BY a.member)
                    FILTER (WHERE a.member IS NOT NULL), '{}')
         FROM record r LEFT JOIN record_access a ON a.record = r.id
         WHERE r.owner = $1 AND r.entity_id = ANY($2)
         GROUP BY r.id",
        &[&owner, &entity_ids],
    )?;
    Ok(rows
        .iter()
        .map(|row| {
            let stored = StoredRecord {
                id: row.get(0),
                entity: row.get(2),
                terms: Terms {
                    access_level: row.get(3),
                    access_members: row.get(9),
                    action: row.get(4),
                    review_by: row.get(5),
                },
                version: row.get(6),
                deleted_at: row.get(7),
                list: row.get(8),
                in_table: true,
                written: false,
            };
            (row.get(1), stored)
        })
        .collect())
}

/// A version of a record as written, for `record_version`.
struct VersionWritten {
    record: i64,
    version: i64,
    entity: String,
    terms: Terms,
}

/// Writes the records a write added or changed, as it left them, and their versions.
fn write_outcome(
    transaction: &mut Conn,
    owner: i64,
    at: i64,
    actor: &str,
    records: &HashMap<String, StoredRecord>,
    versions: &[VersionWritten],
) -> Result<(), StoreError> {
    let mut added = Columns::default();
    let mut changed = Columns::default();
    let (mut access_records, mut access_members) = (Vec::new(), Vec::new());
    for (entity_id, record) in records.iter().filter(|(_, record)| record.written) {
        let columns = if record.in_table {
            &mut changed
        } else {
            &mut added
        };
        columns.push(entity_id, record);
        for member in &record.terms.access_members {
            access_records.push(record.id);
            access_members.push(*member);
        }
    }
    if !added.ids.is_empty() {
        transaction.execute(
            "INSERT INTO record (id, owner, entity_id, entity, access_level, action, review_by,
                                 version, updated_at, source_list, searchable_names)
             SELECT added.id, $1, added.entity_id, added.entity, added.access_level,
                    added.action, added.review_by, added.version, $2, added.list,
                    added.searchable_names
             FROM unnest($3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[],
                         $8::text[], $9::bigint[], $10::text[], $11::text[])
                 AS added (id, entity_id, entity, access_level, action, review_by, version,
                           list, searchable_names)",
            &[
                &owner,
                &at,
                &added.ids,
                &added.entity_ids,
                &added.entities,
                &added.access_levels,
                &added.actions,
                &added.review_bys,
                &added.versions,
                &added.lists,
                &added.searchable_names,
            ],
        )?;
    }
    if !changed.ids.is_empty() {
        transaction.execute(
            "UPDATE record SET entity = changed.entity, access_level = changed.access_level,
                    action = changed.action, review_by = changed.review_by,
                    version = changed.version, updated_at = $1, deleted_at = NULL,
                    source_list = changed.list, searchable_names = changed.searchable_names
             FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[],
                         $7::bigint[], $8::text[], $9::text[])
                 AS changed (id, entity, access_level, action, review_by, version, list,
                             searchable_names)
             WHERE record.id = changed.id",
            &[
                &at,
                &changed.ids,
                &changed.entities,
                &changed.access_levels,
                &changed.actions,
                &changed.review_bys,
                &changed.versions,
                &changed.lists,
                &changed.searchable_names,
            ],
        )?;
        transaction.execute(
            "DELETE FROM record_access WHERE record = ANY($1)",
            &[&changed.ids],
        )?;
    }
    if !access_records.is_empty() {
        transaction.execute(
            "INSERT INTO record_access (record, member)
             SELECT * FROM unnest($1::bigint[], $2::bigint[])",
            &[&access_records, &access_members],
        )?;
    }
    if !versions.is_empty() {
        let column = |pick: fn(&VersionWritten) -> String| -> Vec<String> {
            versions.iter().map(pick).collect()
        };
        let records: Vec<i64> = versions.iter().map(|version| version.record).collect();
        let numbers: Vec<i64> = versions.iter().map(|version| version.version).collect();
        transaction.execute(
            "INSERT INTO record_version (record, version, entity, access_level, access_members,
                                         action, review_by, at, actor)
             SELECT written.*, $1, $2
             FROM unnest($3::bigint[], $4::bigint[], $5::text[], $6::text[], $7::text[],
                         $8::text[], $9::text[])
                 AS written (record, version, entity, access_level, access_members, action,
                             review_by)",
            &[
                &at,
                &actor,
                &records,
                &numbers,
                &column(|version| version.entity.clone()),
                &column(|version| version.terms.access_level.clone()),
                &column(|version| members_text(&version.terms.access_members)),
                &column(|version| version.terms.action.clone()),
                &column(|version| version.terms.review_by.clone()),
            ],
        )?;
    }
    Ok(())
}

/// The columns of records written by one statement, one array a column.
#[derive(Default)]
struct Columns {
    ids: Vec<i64>,
    entity_ids: Vec<String>,
    entities: Vec<String>,
    access_levels: Vec<String>,
    actions: Vec<String>,
    review_bys: Vec<String>,
    versions: Vec<i64>,
    lists: Vec<String>,
    /// The names as a search finds them ([`crate::searchable`]).
    searchable_names: Vec<String>,
}

impl Columns {
    fn push(&mut self, entity_id: &str, record: &StoredRecord) {
        self.ids.push(record.id);
        self.entity_ids.push(entity_id.to_string());
        self.entities.push(record.entity.clone());
        self.access_levels.push(record.terms.access_level.clone());
        self.actions.push(record.terms.action.clone());
        self.review_bys.push(record.terms.review_by.clone());
        self.versions.push(record.version);
        self.lists.push(record.list.clone());
        self.searchable_names.push(searchable_names(&record.entity));
    }
}

/// A member list as `record_version` keeps it (`2,3`), as SQLite's does.
fn members_text(members: &[i64]) -> String {
    members
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

/// The first id not taken by a record (ids below [`crate::DOCUMENT_IDS`]: the table's
/// check refuses one past them).
fn next_record_id(transaction: &mut Conn) -> Result<i64, StoreError> {
    Ok(transaction
        .query_one("SELECT COALESCE(MAX(id), 0) + 1 FROM record", &[])?
        .get(0))
}

fn records_with_access(
    client: &mut Conn,
    condition: &str,
    order: &str,
    parameters: &[&(dyn postgres::types::ToSql + Sync)],
) -> Result<Vec<RecordRow>, StoreError> {
    let rows = client.query(
        &format!("{RECORD_WITH_ACCESS} WHERE {condition} GROUP BY r.id {order}"),
        parameters,
    )?;
    Ok(rows.iter().map(record_row).collect())
}

impl Records for PostgresStore {
    fn write_records(
        &mut self,
        owner: i64,
        records: &[NewRecord],
        terms: &WriteTerms,
        progress: Option<ImportProgress>,
        audit: &WriteAudit<'_>,
        chain: Chain<'_>,
    ) -> Result<WriteCounts, StoreError> {
        // the write's time and author are its audit entry's
        let (at, actor) = (audit.entry.at, audit.entry.actor.as_str());
        let new_terms = terms.terms.clone().normalised();
        self.write(|transaction| {
            lock_records(transaction)?;
            let mut stored = stored_records(transaction, owner, records)?;
            let mut next_id = next_record_id(transaction)?;
            let mut counts = WriteCounts::default();
            let mut changes = Vec::new();
            let mut versions = Vec::new();
            // records the write leaves as they were but names as entries of another list
            let (mut relisted, mut relisted_to) = (Vec::new(), Vec::new());
            for record in records {
                let (id, version, written, in_table, list) = match stored.get(&record.entity_id) {
                    None => {
                        let id = next_id;
                        next_id += 1;
                        counts.added += 1;
                        let list = record.list.clone().unwrap_or_default();
                        (id, 1, new_terms.clone(), false, list)
                    }
                    Some(old) => {
                        // a record purged past its review date comes back as a new one
                        let written = if old.entity.is_empty() {
                            new_terms.clone()
                        } else {
                            terms.applied_to(&old.terms)
                        };
                        let same = old.entity == record.entity
                            && old.terms == written
                            && old.deleted_at.is_none();
                        if same {
                            if let Some(list) = &record.list {
                                if *list != old.list {
                                    relisted.push(old.id);
                                    relisted_to.push(list.clone());
                                }
                            }
                            counts.unchanged += 1;
                            continue;
                        }
                        count_change(&mut changes, &old.terms, &written);
                        counts.changed += 1;
                        let list = record.list.clone().unwrap_or_else(|| old.list.clone());
                        (old.id, old.version + 1, written, old.in_table, list)
                    }
                };
                versions.push(VersionWritten {
                    record: id,
                    version,
                    entity: record.entity.clone(),
                    terms: written.clone(),
                });
                stored.insert(
                    record.entity_id.clone(),
                    StoredRecord {
                        id,
                        entity: record.entity.clone(),
                        terms: written,
                        version,
                        deleted_at: None,
                        list,
                        in_table,
                        written: true,
                    },
                );
            }
            write_outcome(transaction, owner, at, actor, &stored, &versions)?;
            if !relisted.is_empty() {
                transaction.execute(
                    "UPDATE record SET source_list = relisted.list
                     FROM unnest($1::bigint[], $2::text[]) AS relisted (id, list)
                     WHERE record.id = relisted.id",
                    &[&relisted, &relisted_to],
                )?;
            }
            // each record once, however often the write names it
            let mut touched: Vec<i64> = versions.iter().map(|version| version.record).collect();
            touched.sort_unstable();
            touched.dedup();
            append_record_changes(transaction, &touched, at)?;
            record_progress(transaction, progress, &counts)?;
            append_audit_in(transaction, &audit.entry_for(&changes)?, chain)?;
            Ok(counts)
        })
    }

    fn record_terms_of(&self, owner: i64) -> Result<Vec<(Terms, usize)>, StoreError> {
        // grouped and ordered by the member list as text, as SQLite's are
        let rows = self.client.borrow_mut().query(
            "SELECT access_level, access_members, action, review_by, count(*)
             FROM (SELECT r.access_level,
                          COALESCE((SELECT string_agg(a.member::text, ',' ORDER BY a.member)
                                    FROM record_access a WHERE a.record = r.id), '')
                              COLLATE \"C\" AS access_members,
                          r.action, r.review_by
                   FROM record r WHERE r.owner = $1 AND r.entity != '') AS terms
             GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4",
            &[&owner],
        )?;
        Ok(rows
            .iter()
            .map(|row| {
                let terms = Terms {
                    access_level: row.get(0),
                    access_members: members_of(row.get(1)),
                    action: row.get(2),
                    review_by: row.get(3),
                };
                (terms, row.get::<_, i64>(4) as usize)
            })
            .collect())
    }

    fn record_terms(
        &self,
        owner: i64,
        entity_ids: &[&str],
    ) -> Result<Vec<Option<Terms>>, StoreError> {
        let rows = self.client.borrow_mut().query(
            "SELECT r.entity_id, r.access_level, r.action, r.review_by,
                    COALESCE(array_agg(a.member ORDER BY a.member)
                        FILTER (WHERE a.member IS NOT NULL), '{}')
             FROM record r LEFT JOIN record_access a ON a.record = r.id
             WHERE r.owner = $1 AND r.entity_id = ANY($2) AND r.entity != ''
             GROUP BY r.id",
            &[&owner, &entity_ids],
        )?;
        let found: HashMap<String, Terms> = rows
            .iter()
            .map(|row| {
                let terms = Terms {
                    access_level: row.get(1),
                    access_members: row.get(4),
                    action: row.get(2),
                    review_by: row.get(3),
                };
                (row.get(0), terms)
            })
            .collect();
        Ok(entity_ids
            .iter()
            .map(|entity_id| found.get(*entity_id).cloned())
            .collect())
    }

    fn live_records(&self, today: &str) -> Result<Vec<RecordRow>, StoreError> {
        records_with_access(
            &mut self.client.borrow_mut(),
            "r.deleted_at IS NULL AND r.review_by >= $1",
            "ORDER BY r.id",
            &[&today],
        )
    }

    fn record(&self, id: i64) -> Result<Option<RecordRow>, StoreError> {
        let found = records_with_access(
            &mut self.client.borrow_mut(),
            "r.id = $1 AND r.deleted_at IS NULL",
            "",
            &[&id],
        )?;
        Ok(found.into_iter().next())
    }

    fn delete_record(
        &mut self,
        owner: i64,
        id: i64,
        audit: &AuditEntry,
        chain: Chain<'_>,
    ) -> Result<(), StoreError> {
        self.write(|transaction| {
            lock_records(transaction)?;
            let changed = transaction.execute(
                "UPDATE record SET deleted_at = $3
                 WHERE id = $1 AND owner = $2 AND deleted_at IS NULL",
                &[&id, &owner, &audit.at],
            )?;
            if changed == 0 {
                return Err(not_found("record", &id.to_string()));
            }
            append_record_changes(transaction, &[id], audit.at)?;
            append_audit_in(transaction, audit, chain)?;
            Ok(())
        })
    }

    fn list_records(&self, owner: i64, list: &str) -> Result<Vec<(i64, String)>, StoreError> {
        let rows = self.client.borrow_mut().query(
            "SELECT id, entity_id FROM record
             WHERE owner = $1 AND source_list = $2 AND source_list != ''
               AND deleted_at IS NULL AND entity != '' ORDER BY id",
            &[&owner, &list],
        )?;
        Ok(rows.iter().map(|row| (row.get(0), row.get(1))).collect())
    }

    fn delete_records(
        &mut self,
        owner: i64,
        ids: &[i64],
        import: Option<i64>,
        audit: &AuditEntry,
        chain: Chain<'_>,
    ) -> Result<usize, StoreError> {
        self.write(|transaction| {
            lock_records(transaction)?;
            let mut deleted: Vec<i64> = transaction
                .query(
                    "UPDATE record SET deleted_at = $3
                     WHERE id = ANY($1) AND owner = $2 AND deleted_at IS NULL AND entity != ''
                     RETURNING id",
                    &[&ids, &owner, &audit.at],
                )?
                .iter()
                .map(|row| row.get(0))
                .collect();
            deleted.sort_unstable();
            append_record_changes(transaction, &deleted, audit.at)?;
            if let Some(import) = import {
                super::imports::record_removals(transaction, import, deleted.len())?;
            }
            append_audit_in(transaction, audit, chain)?;
            Ok(deleted.len())
        })
    }

    fn purge_expired(
        &mut self,
        today: &str,
        audit: &AuditEntry,
        chain: Chain<'_>,
    ) -> Result<usize, StoreError> {
        self.write(|transaction| {
            lock_records(transaction)?;
            let expired = "SELECT id FROM record WHERE review_by < $1 AND entity != ''";
            transaction.execute(
                &format!("DELETE FROM record_version WHERE record IN ({expired})"),
                &[&today],
            )?;
            transaction.execute(
                &format!("DELETE FROM record_access WHERE record IN ({expired})"),
                &[&today],
            )?;
            let mut purged_ids: Vec<i64> = transaction
                .query(
                    "UPDATE record SET entity = '', searchable_names = '',
                        deleted_at = COALESCE(deleted_at, $2)
                     WHERE review_by < $1 AND entity != '' RETURNING id",
                    &[&today, &audit.at],
                )?
                .iter()
                .map(|row| row.get(0))
                .collect();
            purged_ids.sort_unstable();
            append_record_changes(transaction, &purged_ids, audit.at)?;
            let purged = purged_ids.len();
            if purged > 0 {
                let mut audit = audit.clone();
                audit.subject = format!("{purged} records past their review date");
                append_audit_in(transaction, &audit, chain)?;
            }
            Ok(purged)
        })
    }

    fn changes_after(&self, after: i64, limit: usize) -> Result<Vec<RecordChange>, StoreError> {
        changes::changes_after(&mut self.client.borrow_mut(), after, limit)
    }

    fn last_change(&self) -> Result<i64, StoreError> {
        changes::last_change(&mut self.client.borrow_mut())
    }

    fn prune_changes(&mut self, before: i64) -> Result<usize, StoreError> {
        self.write(|transaction| {
            lock_records(transaction)?;
            changes::prune_changes(transaction, before)
        })
    }

    fn record_id(&self, owner: i64, entity_id: &str) -> Result<Option<i64>, StoreError> {
        let row = self.client.borrow_mut().query_opt(
            "SELECT id FROM record WHERE owner = $1 AND entity_id = $2 AND deleted_at IS NULL",
            &[&owner, &entity_id],
        )?;
        Ok(row.map(|row| row.get(0)))
    }

    fn record_versions(&self, record: i64) -> Result<i64, StoreError> {
        Ok(self
            .client
            .borrow_mut()
            .query_one(
                "SELECT COUNT(*) FROM record_version WHERE record = $1",
                &[&record],
            )?
            .get(0))
    }

    fn records_of(
        &self,
        owner: i64,
        limit: usize,
        offset: usize,
    ) -> Result<(Vec<RecordRow>, usize), StoreError> {
        // past what a BIGINT holds is past every record
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let offset = i64::try_from(offset).unwrap_or(i64::MAX);
        self.read(|transaction| {
            let total: i64 = transaction
                .query_one(
                    "SELECT COUNT(*) FROM record WHERE owner = $1 AND deleted_at IS NULL",
                    &[&owner],
                )?
                .get(0);
            let records = records_with_access(
                transaction,
                "r.owner = $1 AND r.deleted_at IS NULL",
                "ORDER BY r.updated_at DESC, r.id DESC LIMIT $2 OFFSET $3",
                &[&owner, &limit, &offset],
            )?;
            Ok((records, usize::try_from(total).unwrap_or(0)))
        })
    }

    fn search_records(
        &self,
        owner: i64,
        text: &str,
        limit: usize,
        offset: usize,
    ) -> Result<(Vec<RecordRow>, usize), StoreError> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let offset = i64::try_from(offset).unwrap_or(i64::MAX);
        let entity_id = text.trim();
        let words = search_words(text);
        // the words' parameters follow the statement's own (PostgreSQL types each from its
        // use: the count takes no limit or offset)
        let found = |first_word: usize| {
            format!(
                "r.owner = $1 AND r.deleted_at IS NULL AND (r.entity_id = $2 OR ({}))",
                names_hold_every_word("strpos", "$", first_word, words.len())
            )
        };
        let word_values = words
            .iter()
            .map(|word| word as &(dyn postgres::types::ToSql + Sync));
        let mut counted: Vec<&(dyn postgres::types::ToSql + Sync)> = vec![&owner, &entity_id];
        counted.extend(word_values.clone());
        let mut paged: Vec<&(dyn postgres::types::ToSql + Sync)> =
            vec![&owner, &entity_id, &limit, &offset];
        paged.extend(word_values);
        self.read(|transaction| {
            let total: i64 = transaction
                .query_one(
                    &format!("SELECT COUNT(*) FROM record r WHERE {}", found(3)),
                    &counted,
                )?
                .get(0);
            let records = records_with_access(
                transaction,
                &found(5),
                "ORDER BY r.updated_at DESC, r.id DESC LIMIT $3 OFFSET $4",
                &paged,
            )?;
            Ok((records, usize::try_from(total).unwrap_or(0)))
        })
    }
}

/// Fills `record.searchable_names` of the records written before the column was added
/// (see [`crate::searchable`]), a few thousand at a time, inside the migration's
/// transaction; a purged record's stays empty.
pub(super) fn fill_searchable_names(
    transaction: &mut postgres::Transaction<'_>,
) -> Result<(), StoreError> {
    let mut after = 0_i64;
    loop {
        let rows = transaction.query(
            "SELECT id, entity FROM record WHERE id > $1 AND entity != '' ORDER BY id LIMIT 5000",
            &[&after],
        )?;
        let Some(last) = rows.last() else {
            return Ok(());
        };
        after = last.get(0);
        let ids: Vec<i64> = rows.iter().map(|row| row.get(0)).collect();
        let names: Vec<String> = rows
            .iter()
            .map(|row| searchable_names(row.get(1)))
            .collect();
        transaction.execute(
            "UPDATE record SET searchable_names = filled.names
             FROM unnest($1::bigint[], $2::text[]) AS filled (id, names)
             WHERE record.id = filled.id",
            &[&ids, &names],
        )?;
    }
}
