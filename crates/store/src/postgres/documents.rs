//! Travel documents on PostgreSQL: the SQLite store's rows, in the same order, with the
//! same errors. Every write of documents takes the documents lock for its transaction, so
//! that writes from any node are made one at a time, as SQLite makes every write: a write
//! compares what it writes with what it read, numbers new documents from `document_id`
//! and makes `terms` rows, on rows no other write changes before it commits.
//!
//! A batch is read in one query (the stored documents in the range of its numbers when that
//! holds few more than the batch, as an import's batches in key order do; else by its keys
//! as arrays, `unnest`), decided in memory in key order as SQLite decides it document by
//! document, walking the batch and the stored documents together (the same key twice in
//! one batch is a new version of what the batch itself added), and written in at most
//! three statements whatever its size: the documents added by one binary `COPY`, the
//! documents changed, the versions kept. The table's foreign keys are statement triggers
//! (migration 8), so a `COPY` of a quarter of a million rows checks them in one join.

use std::collections::HashMap;

use super::conn::Conn;
use postgres::binary_copy::BinaryCopyInWriter;
use postgres::types::Type;

use super::imports::record_progress;
use super::{append_audit_in, not_found, PostgresStore};
use crate::concepts::{Chain, Documents};
use crate::documents::{date_from_days, invalid, status_of_code};
use crate::terms::{count_change, members_of, members_text};
use crate::{
    days_from_date, AuditEntry, DocumentRow, ImportProgress, KeepTerms, NewDocument, StoreError,
    Terms, WriteAudit, WriteCounts, WriteTerms,
};

/// The lock every write of documents takes for its transaction (before the audit lock).
pub(super) const DOCUMENTS_LOCK: i64 = 0x6761_7465_646f_6375; // "gatedocu"

/// A document's columns and its terms', read by [`document_row`]; to be followed by
/// `FROM document d JOIN terms t ON t.id = d.terms`.
const DOCUMENT_COLUMNS: &str = "d.id, d.owner, d.number, d.issuing_state, d.type, d.status,
     d.reported_on, d.version, t.access_level, t.access_members, t.action, t.review_by";

/// Terms read from four columns from `at` (level, members as text, action, review date).
fn terms_at(row: &postgres::Row, at: usize) -> Terms {
    Terms {
        access_level: row.get(at),
        access_members: members_of(row.get(at + 1)),
        action: row.get(at + 2),
        review_by: row.get(at + 3),
    }
}

fn document_row(row: &postgres::Row) -> Result<DocumentRow, StoreError> {
    Ok(DocumentRow {
        id: row.get(0),
        owner: row.get(1),
        document: NewDocument {
            number: row.get(2),
            issuing_state: row.get(3),
            kind: row.get(4),
            status: status_of_code(i64::from(row.get::<_, i16>(5)))?,
            reported_on: date_from_days(i64::from(row.get::<_, i32>(6))),
        },
        version: i64::from(row.get::<_, i32>(7)),
        terms: terms_at(row, 8),
    })
}

/// Waits for every other write of documents, from whichever node, to commit or be undone.
fn lock_documents(transaction: &mut Conn) -> Result<(), StoreError> {
    transaction.advisory_lock(DOCUMENTS_LOCK)?;
    Ok(())
}

/// The id of the `terms` row holding `terms`, made if none does yet.
fn terms_row(transaction: &mut Conn, terms: &Terms) -> Result<i32, StoreError> {
    let members = members_text(&terms.access_members);
    let parameters: [&(dyn postgres::types::ToSql + Sync); 4] = [
        &terms.access_level,
        &members,
        &terms.action,
        &terms.review_by,
    ];
    let made = transaction.query_opt(
        "INSERT INTO terms (access_level, access_members, action, review_by)
         VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING id",
        &parameters,
    )?;
    if let Some(row) = made {
        return Ok(row.get(0));
    }
    Ok(transaction
        .query_one(
            "SELECT id FROM terms WHERE access_level = $1 AND access_members = $2
             AND action = $3 AND review_by = $4",
            &parameters,
        )?
        .get(0))
}

/// A document's key: number, issuing state, type (of one owner).
type Key = (String, String, String);

/// A document of the owner's as a write finds it: as stored, or as the write left it.
#[derive(Clone, Copy)]
struct StoredDocument {
    id: i64,
    status: i16,
    reported_on: i32,
    terms: i32,
    version: i32,
    deleted_at: Option<i64>,
    /// Whether the row is in the table already (else the write adds it).
    in_table: bool,
    /// Whether the write changed it (or added it).
    written: bool,
}

/// A stored document's key, as the batch's keys are compared.
fn stored_key((key, _): &(Key, StoredDocument)) -> (&String, &String, &String) {
    (&key.0, &key.1, &key.2)
}

/// The documents of one owner a write names, in key order, and the terms they have, by id.
struct Stored {
    documents: Vec<(Key, StoredDocument)>,
    terms: HashMap<i32, Terms>,
}

/// Rows a write reads at most from its batch's range of numbers, beyond twice its size,
/// before it looks its keys up one by one instead.
const RANGE_SLACK: usize = 64;

/// The owner's documents with the keys of `documents` (withdrawn ones too); `order` is
/// the batch in key order. A batch whose numbers span few stored documents (an import's,
/// written in key order, or a few numbers) reads them by that range, in index order;
/// a batch spread over many (numbers from all over) looks each key up.
fn stored_documents(
    transaction: &mut Conn,
    owner: i64,
    documents: &[NewDocument],
    order: &[usize],
) -> Result<Stored, StoreError> {
    let (Some(&first), Some(&last)) = (order.first(), order.last()) else {
        return Ok(Stored {
            documents: Vec::new(),
            terms: HashMap::new(),
        });
    };
    let most = documents
        .len()
        .saturating_mul(2)
        .saturating_add(RANGE_SLACK);
    let in_range = transaction.query(
        &format!(
            "SELECT {STORED_COLUMNS}, d.owner FROM
                 (SELECT * FROM document WHERE number BETWEEN $1 AND $2 ORDER BY number
                  LIMIT $3) d
             JOIN terms t ON t.id = d.terms"
        ),
        &[
            &documents[first].number,
            &documents[last].number,
            &i64::try_from(most).unwrap_or(i64::MAX),
        ],
    )?;
    if in_range.len() < most {
        let owners = in_range
            .iter()
            .filter(|row| row.get::<_, i64>(STORED_OWNER) == owner);
        return Ok(stored_from(owners));
    }
    let numbers: Vec<&str> = documents.iter().map(|d| d.number.as_str()).collect();
    let states: Vec<&str> = documents.iter().map(|d| d.issuing_state.as_str()).collect();
    let kinds: Vec<&str> = documents.iter().map(|d| d.kind.as_str()).collect();
    let by_key = transaction.query(
        &format!(
            "SELECT {STORED_COLUMNS}
             FROM (SELECT DISTINCT * FROM unnest($2::text[], $3::text[], $4::text[])) AS k
                 (number, issuing_state, type)
             JOIN document d ON d.number = k.number AND d.issuing_state = k.issuing_state
                 AND d.type = k.type AND d.owner = $1
             JOIN terms t ON t.id = d.terms"
        ),
        &[&owner, &numbers, &states, &kinds],
    )?;
    Ok(stored_from(by_key.iter()))
}

/// What [`stored_documents`] reads of a document and its terms, for [`stored_from`].
const STORED_COLUMNS: &str = "d.number, d.issuing_state, d.type, d.id, d.status, d.reported_on,
     d.terms, d.version, d.deleted_at, t.access_level, t.access_members, t.action, t.review_by";
/// The column after [`STORED_COLUMNS`] that a read by range adds: the document's owner.
const STORED_OWNER: usize = 13;

fn stored_from<'r>(rows: impl Iterator<Item = &'r postgres::Row>) -> Stored {
    let mut stored = Vec::new();
    let mut known = HashMap::new();
    for row in rows {
        let document = StoredDocument {
            id: row.get(3),
            status: row.get(4),
            reported_on: row.get(5),
            terms: row.get(6),
            version: row.get(7),
            deleted_at: row.get(8),
            in_table: true,
            written: false,
        };
        known
            .entry(document.terms)
            .or_insert_with(|| terms_at(row, 9));
        stored.push(((row.get(0), row.get(1), row.get(2)), document));
    }
    // an owner has one document a key: sorted as the batch is, by bytes
    stored.sort_unstable_by(|(a, _), (b, _)| a.cmp(b));
    Stored {
        documents: stored,
        terms: known,
    }
}

/// A version a write kept of a document, as it was before the write changed it.
struct VersionKept {
    document: i64,
    version: i32,
    status: i16,
    reported_on: i32,
    terms: i32,
    deleted_at: Option<i64>,
}

/// The columns of documents changed by one statement, one array a column.
#[derive(Default)]
struct Columns {
    ids: Vec<i64>,
    statuses: Vec<i16>,
    reported_on: Vec<i32>,
    terms: Vec<i32>,
    versions: Vec<i32>,
}

impl Columns {
    fn push(&mut self, document: &StoredDocument) {
        self.ids.push(document.id);
        self.statuses.push(document.status);
        self.reported_on.push(document.reported_on);
        self.terms.push(document.terms);
        self.versions.push(document.version);
    }
}

/// Adds documents new to the table, in the order given, by one binary `COPY`: the rows
/// stream to the server as they are encoded, where an `INSERT` would build, send and
/// unnest an array a column first; the table's checks and triggers are the same.
fn copy_added(
    transaction: &mut Conn,
    owner: i64,
    added: &[(&NewDocument, StoredDocument)],
) -> Result<(), StoreError> {
    let sink = transaction.client()?.copy_in(
        "COPY document (id, owner, number, issuing_state, type, status, reported_on, terms,
                       version)
         FROM STDIN (FORMAT binary)",
    )?;
    let mut rows = BinaryCopyInWriter::new(
        sink,
        &[
            Type::INT8,
            Type::INT8,
            Type::TEXT,
            Type::TEXT,
            Type::TEXT,
            Type::INT2,
            Type::INT4,
            Type::INT4,
            Type::INT4,
        ],
    );
    for (new, document) in added {
        rows.write(&[
            &document.id,
            &owner,
            &new.number,
            &new.issuing_state,
            &new.kind,
            &document.status,
            &document.reported_on,
            &document.terms,
            &document.version,
        ])?;
    }
    rows.finish()?;
    Ok(())
}

/// Writes the documents a write added or changed (`written`: in key order, each with one
/// of the batch's documents of its key), as it left them, in id order, and the versions it
/// kept.
fn write_outcome(
    transaction: &mut Conn,
    owner: i64,
    (at, actor): (i64, &str),
    (documents, written): (&[NewDocument], &[(usize, StoredDocument)]),
    versions: &[VersionKept],
) -> Result<(), StoreError> {
    // new documents are numbered in key order, so these are in id order already
    let added: Vec<(&NewDocument, StoredDocument)> = written
        .iter()
        .filter(|(_, document)| !document.in_table)
        .map(|(position, document)| (&documents[*position], *document))
        .collect();
    let mut in_table: Vec<&StoredDocument> = written
        .iter()
        .map(|(_, document)| document)
        .filter(|document| document.in_table)
        .collect();
    in_table.sort_unstable_by_key(|document| document.id);
    let mut changed = Columns::default();
    for document in in_table {
        changed.push(document);
    }
    if !added.is_empty() {
        copy_added(transaction, owner, &added)?;
    }
    if !changed.ids.is_empty() {
        transaction.execute(
            "UPDATE document SET status = changed.status, reported_on = changed.reported_on,
                    terms = changed.terms, version = changed.version, deleted_at = NULL
             FROM unnest($1::bigint[], $2::smallint[], $3::integer[], $4::integer[],
                         $5::integer[])
                 AS changed (id, status, reported_on, terms, version)
             WHERE document.id = changed.id",
            &[
                &changed.ids,
                &changed.statuses,
                &changed.reported_on,
                &changed.terms,
                &changed.versions,
            ],
        )?;
    }
    if !versions.is_empty() {
        let documents: Vec<i64> = versions.iter().map(|kept| kept.document).collect();
        let numbers: Vec<i32> = versions.iter().map(|kept| kept.version).collect();
        let statuses: Vec<i16> = versions.iter().map(|kept| kept.status).collect();
        let dates: Vec<i32> = versions.iter().map(|kept| kept.reported_on).collect();
        let terms: Vec<i32> = versions.iter().map(|kept| kept.terms).collect();
        let deleted: Vec<Option<i64>> = versions.iter().map(|kept| kept.deleted_at).collect();
        transaction.execute(
            "INSERT INTO document_version (document, version, status, reported_on, terms,
                                           deleted_at, superseded_at, actor)
             SELECT kept.*, $1, $2
             FROM unnest($3::bigint[], $4::integer[], $5::smallint[], $6::integer[],
                         $7::integer[], $8::bigint[])
                 AS kept (document, version, status, reported_on, terms, deleted_at)",
            &[
                &at, &actor, &documents, &numbers, &statuses, &dates, &terms, &deleted,
            ],
        )?;
    }
    Ok(())
}

/// The status and date of a document as stored, or why it cannot be.
fn stored_values(document: &NewDocument) -> Result<(i16, i32), StoreError> {
    let status = document.status;
    let bad_date = || invalid("date", &document.reported_on);
    let days = days_from_date(&document.reported_on).ok_or_else(bad_date)?;
    Ok((status.code(), i32::try_from(days).map_err(|_| bad_date())?))
}

impl Documents for PostgresStore {
    fn write_documents(
        &mut self,
        owner: i64,
        documents: &[NewDocument],
        terms: &WriteTerms,
        progress: Option<ImportProgress>,
        audit: &WriteAudit<'_>,
        chain: Chain<'_>,
    ) -> Result<(WriteCounts, Vec<i64>), StoreError> {
        // the write's time and author are its audit entry's
        let (at, actor) = (audit.entry.at, audit.entry.actor.as_str());
        // in key order, as SQLite takes them (equal keys in the order given)
        let key = |at: usize| {
            let document = &documents[at];
            (&document.number, &document.issuing_state, &document.kind)
        };
        let mut order: Vec<usize> = (0..documents.len()).collect();
        order.sort_by(|&a, &b| key(a).cmp(&key(b)));
        self.write(|transaction| {
            lock_documents(transaction)?;
            let terms_id = terms_row(transaction, &terms.terms)?;
            let mut values = vec![(0, 0); documents.len()];
            for &position in &order {
                values[position] = stored_values(&documents[position])?;
            }
            let Stored {
                documents: stored,
                terms: mut known,
            } = stored_documents(transaction, owner, documents, &order)?;
            known.insert(terms_id, terms.terms.clone().normalised());
            let first_id: i64 = transaction
                .query_one("SELECT last FROM document_id", &[])?
                .get(0);
            let mut last_id = first_id;
            // the terms an existing document moves to, by the id of those it has
            let mut moved: HashMap<i32, i32> = HashMap::new();
            let mut changes = Vec::new();
            let mut counts = WriteCounts::default();
            let mut versions = Vec::new();
            let mut ids = vec![0; documents.len()];
            // the documents added or changed, each with a position of its key in the batch
            let mut written = Vec::new();
            // the batch and the stored documents, both in key order, are walked together;
            // a key given twice meets what the batch itself made of it before
            let mut stored = stored.into_iter().peekable();
            for run in order.chunk_by(|&a, &b| key(a) == key(b)) {
                let run_key = key(run[0]);
                while stored.next_if(|row| stored_key(row) < run_key).is_some() {}
                let mut current = stored
                    .next_if(|row| stored_key(row) == run_key)
                    .map(|(_, document)| document);
                for &position in run {
                    let (status, reported_on) = values[position];
                    let Some(old) = current else {
                        last_id += 1;
                        ids[position] = last_id;
                        counts.added += 1;
                        current = Some(StoredDocument {
                            id: last_id,
                            status,
                            reported_on,
                            terms: terms_id,
                            version: 1,
                            deleted_at: None,
                            in_table: false,
                            written: true,
                        });
                        continue;
                    };
                    ids[position] = old.id;
                    let old_terms = old.terms;
                    let new_terms = if terms.keep == KeepTerms::NONE {
                        terms_id
                    } else if let Some(new_terms) = moved.get(&old_terms) {
                        *new_terms
                    } else {
                        let written = terms.applied_to(&known[&old_terms]);
                        let new_terms = terms_row(transaction, &written)?;
                        known.insert(new_terms, written.normalised());
                        moved.insert(old_terms, new_terms);
                        new_terms
                    };
                    if (old.status, old.reported_on, old_terms, old.deleted_at)
                        == (status, reported_on, new_terms, None)
                    {
                        counts.unchanged += 1;
                        continue;
                    }
                    if old_terms != new_terms {
                        count_change(&mut changes, &known[&old_terms], &known[&new_terms]);
                    }
                    versions.push(VersionKept {
                        document: old.id,
                        version: old.version,
                        status: old.status,
                        reported_on: old.reported_on,
                        terms: old_terms,
                        deleted_at: old.deleted_at,
                    });
                    current = Some(StoredDocument {
                        status,
                        reported_on,
                        terms: new_terms,
                        version: old.version + 1,
                        deleted_at: None,
                        written: true,
                        ..old
                    });
                    counts.changed += 1;
                }
                if let Some(document) = current.filter(|document| document.written) {
                    written.push((run[0], document));
                }
            }
            write_outcome(
                transaction,
                owner,
                (at, actor),
                (documents, &written),
                &versions,
            )?;
            if last_id != first_id {
                transaction.execute("UPDATE document_id SET last = $1", &[&last_id])?;
            }
            record_progress(transaction, progress, &counts)?;
            append_audit_in(transaction, &audit.entry_for(&changes)?, chain)?;
            Ok((counts, ids))
        })
    }

    fn document_terms_of(&self, owner: i64) -> Result<Vec<(Terms, usize)>, StoreError> {
        let rows = self.client.borrow_mut().query(
            "SELECT t.access_level, t.access_members, t.action, t.review_by, d.n FROM
             (SELECT terms, count(*) AS n FROM document WHERE owner = $1 GROUP BY terms) d
             JOIN terms t ON t.id = d.terms ORDER BY t.id",
            &[&owner],
        )?;
        Ok(rows
            .iter()
            .map(|row| {
                let count = usize::try_from(row.get::<_, i64>(4)).unwrap_or(0);
                (terms_at(row, 0), count)
            })
            .collect())
    }

    fn document_terms(
        &self,
        owner: i64,
        keys: &[(&str, &str, &str)],
    ) -> Result<Vec<Option<Terms>>, StoreError> {
        let numbers: Vec<&str> = keys.iter().map(|key| key.0).collect();
        let states: Vec<&str> = keys.iter().map(|key| key.1).collect();
        let kinds: Vec<&str> = keys.iter().map(|key| key.2).collect();
        let rows = self.client.borrow_mut().query(
            "SELECT d.number, d.issuing_state, d.type,
                    t.access_level, t.access_members, t.action, t.review_by
             FROM (SELECT DISTINCT * FROM unnest($2::text[], $3::text[], $4::text[])) AS k
                 (number, issuing_state, type)
             JOIN document d ON d.number = k.number AND d.issuing_state = k.issuing_state
                 AND d.type = k.type AND d.owner = $1
             JOIN terms t ON t.id = d.terms",
            &[&owner, &numbers, &states, &kinds],
        )?;
        let found: HashMap<(String, String, String), Terms> = rows
            .iter()
            .map(|row| ((row.get(0), row.get(1), row.get(2)), terms_at(row, 3)))
            .collect();
        Ok(keys
            .iter()
            .map(|(number, state, kind)| {
                let key = (number.to_string(), state.to_string(), kind.to_string());
                found.get(&key).cloned()
            })
            .collect())
    }

    fn document(&self, id: i64) -> Result<Option<DocumentRow>, StoreError> {
        let row = self.client.borrow_mut().query_opt(
            &format!(
                "SELECT {DOCUMENT_COLUMNS} FROM document d JOIN terms t ON t.id = d.terms
                 WHERE d.id = $1 AND d.deleted_at IS NULL"
            ),
            &[&id],
        )?;
        row.as_ref().map(document_row).transpose()
    }

    fn documents_by_number(
        &self,
        number: &str,
        today: &str,
    ) -> Result<Vec<DocumentRow>, StoreError> {
        let rows = self.client.borrow_mut().query(
            &format!(
                "SELECT {DOCUMENT_COLUMNS} FROM document d JOIN terms t ON t.id = d.terms
             WHERE d.number = $1 AND d.deleted_at IS NULL AND t.review_by >= $2
             ORDER BY d.id"
            ),
            &[&number, &today],
        )?;
        rows.iter().map(document_row).collect()
    }

    fn documents_by_numbers(
        &self,
        numbers: &[String],
        today: &str,
    ) -> Result<Vec<DocumentRow>, StoreError> {
        let rows = self.client.borrow_mut().query(
            &format!(
                "SELECT {DOCUMENT_COLUMNS} FROM document d JOIN terms t ON t.id = d.terms
             WHERE d.number = ANY($1) AND d.deleted_at IS NULL AND t.review_by >= $2
             ORDER BY d.id"
            ),
            &[&numbers, &today],
        )?;
        rows.iter().map(document_row).collect()
    }

    fn withdraw_document(
        &mut self,
        owner: i64,
        id: i64,
        audit: &AuditEntry,
        chain: Chain<'_>,
    ) -> Result<(), StoreError> {
        self.write(|transaction| {
            lock_documents(transaction)?;
            // the version kept is the document as it was, superseded now
            let kept = transaction.execute(
                "INSERT INTO document_version
                 (document, version, status, reported_on, terms, deleted_at, superseded_at, actor)
                 SELECT id, version, status, reported_on, terms, NULL, $3, $4 FROM document
                 WHERE id = $1 AND owner = $2 AND deleted_at IS NULL",
                &[&id, &owner, &audit.at, &audit.actor],
            )?;
            if kept == 0 {
                return Err(not_found("record", &id.to_string()));
            }
            transaction.execute(
                "UPDATE document SET deleted_at = $2, version = version + 1 WHERE id = $1",
                &[&id, &audit.at],
            )?;
            append_audit_in(transaction, audit, chain)?;
            Ok(())
        })
    }

    fn purge_expired_documents(
        &mut self,
        today: &str,
        audit: &AuditEntry,
        chain: Chain<'_>,
    ) -> Result<usize, StoreError> {
        self.write(|transaction| {
            lock_documents(transaction)?;
            let expired = "SELECT id FROM terms WHERE review_by < $1";
            let has_expired: bool = transaction
                .query_one(&format!("SELECT EXISTS ({expired})"), &[&today])?
                .get(0);
            if !has_expired {
                return Ok(0);
            }
            transaction.execute(
                &format!(
                    "DELETE FROM document_version WHERE document IN
                     (SELECT id FROM document WHERE terms IN ({expired}))
                     OR terms IN ({expired})"
                ),
                &[&today],
            )?;
            let purged = transaction.execute(
                &format!("DELETE FROM document WHERE terms IN ({expired})"),
                &[&today],
            )?;
            transaction.execute(
                "DELETE FROM terms t WHERE t.review_by < $1
                 AND NOT EXISTS (SELECT 1 FROM document_version v WHERE v.terms = t.id)",
                &[&today],
            )?;
            let purged = usize::try_from(purged).unwrap_or(usize::MAX);
            if purged > 0 {
                let mut audit = audit.clone();
                audit.subject = format!("{purged} documents past their review date");
                append_audit_in(transaction, &audit, chain)?;
            }
            Ok(purged)
        })
    }

    fn document_versions(&self, id: i64) -> Result<i64, StoreError> {
        Ok(self
            .client
            .borrow_mut()
            .query_one(
                "SELECT count(*) FROM document_version WHERE document = $1",
                &[&id],
            )?
            .get(0))
    }
}
