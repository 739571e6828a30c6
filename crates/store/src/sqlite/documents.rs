//! Travel documents as SQLite stores them: one narrow row a document (a hundred million
//! must fit on one disk), the terms many documents share (access rule, action, review
//! date) in a table of their own, and every version a document had before its last change.
//!
//! Document ids start at [`crate::DOCUMENT_IDS`], so that a record id tells which table holds it.

use rusqlite::{params, Connection, OptionalExtension};

use super::imports::record_progress;
use super::{append_audit, Store};
use crate::documents::{date_from_days, invalid, status_of_code};
use crate::terms::{count_change, members_of, members_text};
use crate::{
    days_from_date, AuditEntry, AuditRow, DocumentRow, ImportProgress, KeepTerms, NewDocument,
    StoreError, Terms, WriteAudit, WriteCounts, WriteTerms,
};

/// Documents inserted by one statement: a statement a row spends more time being run than
/// inserting.
const INSERT_ROWS: usize = 64;

/// `INSERT OR IGNORE` of [`INSERT_ROWS`] documents.
fn insert_many_sql() -> String {
    let row = "(?, ?, ?, ?, ?, ?, ?, 1)";
    format!(
        "INSERT OR IGNORE INTO document
         (number, issuing_state, type, owner, status, reported_on, terms, version) VALUES {}",
        vec![row; INSERT_ROWS].join(", ")
    )
}

/// Terms read from the first four columns of a row (level, members, action, review date).
pub(super) fn terms_of_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Terms> {
    Ok(Terms {
        access_level: row.get(0)?,
        access_members: members_of(&row.get::<_, String>(1)?),
        action: row.get(2)?,
        review_by: row.get(3)?,
    })
}

/// The id of the `terms` row holding `terms`, made if none does yet.
fn terms_row(transaction: &Connection, terms: &Terms) -> Result<i64, StoreError> {
    let members = members_text(&terms.access_members);
    transaction
        .prepare_cached(
            "INSERT OR IGNORE INTO terms (access_level, access_members, action, review_by)
             VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(params![
            terms.access_level,
            members,
            terms.action,
            terms.review_by
        ])?;
    Ok(transaction
        .prepare_cached(
            "SELECT id FROM terms WHERE access_level = ?1 AND access_members = ?2
             AND action = ?3 AND review_by = ?4",
        )?
        .query_row(
            params![terms.access_level, members, terms.action, terms.review_by],
            |row| row.get(0),
        )?)
}

/// The terms of row `id`, read once a write (`known` keeps those read).
fn terms_by_id(
    transaction: &Connection,
    known: &mut std::collections::HashMap<i64, Terms>,
    id: i64,
) -> Result<Terms, StoreError> {
    if let Some(terms) = known.get(&id) {
        return Ok(terms.clone());
    }
    let terms = transaction
        .prepare_cached(
            "SELECT access_level, access_members, action, review_by FROM terms WHERE id = ?1",
        )?
        .query_row(params![id], terms_of_row)?;
    known.insert(id, terms.clone());
    Ok(terms)
}

const DOCUMENT_COLUMNS: &str = "d.id, d.owner, d.number, d.issuing_state, d.type, d.status,
     d.reported_on, d.version, t.access_level, t.access_members, t.action, t.review_by";

fn document_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<DocumentRow> {
    Ok(DocumentRow {
        id: row.get(0)?,
        owner: row.get(1)?,
        document: NewDocument {
            number: row.get(2)?,
            issuing_state: row.get(3)?,
            kind: row.get(4)?,
            status: status_of_code(row.get(5)?).map_err(|error| {
                rusqlite::Error::FromSqlConversionFailure(
                    5,
                    rusqlite::types::Type::Integer,
                    Box::new(error),
                )
            })?,
            reported_on: date_from_days(row.get(6)?),
        },
        version: row.get(7)?,
        terms: Terms {
            access_level: row.get(8)?,
            access_members: members_of(&row.get::<_, String>(9)?),
            action: row.get(10)?,
            review_by: row.get(11)?,
        },
    })
}

impl Store {
    /// Writes `documents` of one owner, in one transaction with its audit entry: all or
    /// none. A new document takes `terms.terms`; a document the owner already reported
    /// (same number, issuing state and type) keeps the parts of its terms `terms.keep`
    /// names, and gets a new version when its status, date or terms changed, or when it
    /// had been withdrawn, and is left alone otherwise: writing a file twice changes
    /// nothing. Documents share `terms` rows, so a document whose kept and given parts
    /// make terms no other has yet gets a new row. Returns the counts and the documents'
    /// ids, in order.
    pub fn write_documents(
        &mut self,
        owner: i64,
        documents: &[NewDocument],
        terms: &WriteTerms,
        progress: Option<ImportProgress>,
        audit: &WriteAudit<'_>,
        chain: impl Fn(&AuditRow) -> String,
    ) -> Result<(WriteCounts, Vec<i64>), StoreError> {
        // the write's time and author are its audit entry's
        let (at, actor) = (audit.entry.at, audit.entry.actor.as_str());
        let transaction = self.begin()?;
        let terms_id = terms_row(&transaction, &terms.terms)?;
        // the terms an existing document moves to, by the id of those it has; terms by id
        let mut moved: std::collections::HashMap<i64, i64> = std::collections::HashMap::new();
        let mut known: std::collections::HashMap<i64, Terms> = std::collections::HashMap::new();
        let mut changes = Vec::new();
        let mut counts = WriteCounts::default();
        let ids = {
            let mut insert = transaction.prepare_cached(
                "INSERT OR IGNORE INTO document
                 (number, issuing_state, type, owner, status, reported_on, terms, version)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 1)",
            )?;
            let mut find = transaction.prepare_cached(
                "SELECT id, status, reported_on, terms, version, deleted_at FROM document
                 WHERE number = ?1 AND issuing_state = ?2 AND type = ?3 AND owner = ?4",
            )?;
            let mut keep_version = transaction.prepare_cached(
                "INSERT INTO document_version
                 (document, version, status, reported_on, terms, deleted_at, superseded_at, actor)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?;
            let mut update = transaction.prepare_cached(
                "UPDATE document SET status = ?2, reported_on = ?3, terms = ?4, version = ?5,
                 deleted_at = NULL WHERE id = ?1",
            )?;
            // in key order, so that a batch walks the key index from end to end rather than
            // all over it (equal keys keep their order: the last one written wins)
            let key = |at: usize| {
                let d = &documents[at];
                (&d.number, &d.issuing_state, &d.kind)
            };
            let mut order: Vec<usize> = (0..documents.len()).collect();
            // an import sorts its documents before: then there is nothing to do here
            if !order.is_sorted_by(|&a, &b| key(a) <= key(b)) {
                order.sort_by(|&a, &b| key(a).cmp(&key(b)));
            }
            let mut ids = vec![0; documents.len()];
            let mut many = transaction.prepare_cached(&insert_many_sql())?;
            let mut last_id = transaction
                .prepare_cached("SELECT seq FROM sqlite_sequence WHERE name = 'document'")?;
            for chunk in order.chunks(INSERT_ROWS) {
                let mut values = Vec::with_capacity(chunk.len());
                for &position in chunk {
                    let document = &documents[position];
                    let status = i64::from(document.status.code());
                    let reported_on = days_from_date(&document.reported_on)
                        .ok_or_else(|| invalid("date", &document.reported_on))?;
                    values.push((position, status, reported_on));
                }
                // the ids this chunk's new documents take are those after the last given
                let before: i64 = last_id.query_row([], |row| row.get(0))?;
                let inserted = if chunk.len() == INSERT_ROWS {
                    let mut parameters: Vec<&dyn rusqlite::ToSql> =
                        Vec::with_capacity(INSERT_ROWS * 7);
                    for (position, status, reported_on) in &values {
                        let document = &documents[*position];
                        parameters.extend([
                            &document.number as &dyn rusqlite::ToSql,
                            &document.issuing_state,
                            &document.kind,
                            &owner,
                            status,
                            reported_on,
                            &terms_id,
                        ]);
                    }
                    many.execute(rusqlite::params_from_iter(parameters))?
                } else {
                    0
                };
                if inserted == chunk.len() {
                    for (offset, (position, _, _)) in values.iter().enumerate() {
                        ids[*position] = before + 1 + offset as i64;
                    }
                    counts.added += inserted;
                    continue;
                }
                // some were there already (or the chunk is short): one at a time; a document
                // this chunk's statement wrote is new once, then (the same key again in
                // the batch) a version like any other
                let mut claimed = Vec::new();
                for (position, status, reported_on) in values {
                    let document = &documents[position];
                    let key = params![
                        document.number,
                        document.issuing_state,
                        document.kind,
                        owner
                    ];
                    if inserted == 0
                        && insert.execute(params![
                            document.number,
                            document.issuing_state,
                            document.kind,
                            owner,
                            status,
                            reported_on,
                            terms_id
                        ])? == 1
                    {
                        counts.added += 1;
                        ids[position] = transaction.last_insert_rowid();
                        continue;
                    }
                    let (id, old_status, old_date, old_terms, version, deleted_at): (
                        i64,
                        i64,
                        i64,
                        i64,
                        i64,
                        Option<i64>,
                    ) = find.query_row(key, |row| {
                        Ok((
                            row.get(0)?,
                            row.get(1)?,
                            row.get(2)?,
                            row.get(3)?,
                            row.get(4)?,
                            row.get(5)?,
                        ))
                    })?;
                    ids[position] = id;
                    if id > before && !claimed.contains(&id) {
                        claimed.push(id);
                        counts.added += 1;
                        continue;
                    }
                    let new_terms = if terms.keep == KeepTerms::NONE {
                        terms_id
                    } else {
                        match moved.get(&old_terms) {
                            Some(new_terms) => *new_terms,
                            None => {
                                let from = terms_by_id(&transaction, &mut known, old_terms)?;
                                let new_terms = terms_row(&transaction, &terms.applied_to(&from))?;
                                moved.insert(old_terms, new_terms);
                                new_terms
                            }
                        }
                    };
                    if (old_status, old_date, old_terms, deleted_at)
                        == (status, reported_on, new_terms, None)
                    {
                        counts.unchanged += 1;
                        continue;
                    }
                    if old_terms != new_terms {
                        let from = terms_by_id(&transaction, &mut known, old_terms)?;
                        let to = terms_by_id(&transaction, &mut known, new_terms)?;
                        count_change(&mut changes, &from, &to);
                    }
                    keep_version.execute(params![
                        id, version, old_status, old_date, old_terms, deleted_at, at, actor
                    ])?;
                    update.execute(params![id, status, reported_on, new_terms, version + 1])?;
                    counts.changed += 1;
                }
            }
            ids
        };
        record_progress(&transaction, progress, &counts)?;
        append_audit(&transaction, &audit.entry_for(&changes)?, &chain)?;
        transaction.commit()?;
        Ok((counts, ids))
    }

    /// The terms of the owner's documents (withdrawn ones too), each with how many have
    /// them: what a write of new terms could change at most.
    pub fn document_terms_of(&self, owner: i64) -> Result<Vec<(Terms, usize)>, StoreError> {
        let mut statement = self.connection.prepare_cached(
            "SELECT t.access_level, t.access_members, t.action, t.review_by, n FROM
             (SELECT terms, count(*) AS n FROM document WHERE owner = ?1 GROUP BY terms) d
             JOIN terms t ON t.id = d.terms ORDER BY t.id",
        )?;
        let rows = statement.query_map(params![owner], |row| {
            Ok((terms_of_row(row)?, row.get::<_, i64>(4)? as usize))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The terms of the owner's documents with these keys (number, issuing state, type),
    /// in order; `None` for a document the owner has not reported.
    pub fn document_terms(
        &self,
        owner: i64,
        keys: &[(&str, &str, &str)],
    ) -> Result<Vec<Option<Terms>>, StoreError> {
        let mut statement = self.connection.prepare_cached(
            "SELECT t.access_level, t.access_members, t.action, t.review_by
             FROM document d JOIN terms t ON t.id = d.terms
             WHERE d.number = ?1 AND d.issuing_state = ?2 AND d.type = ?3 AND d.owner = ?4",
        )?;
        let mut found = Vec::with_capacity(keys.len());
        for (number, state, kind) in keys {
            found.push(
                statement
                    .query_row(params![number, state, kind, owner], terms_of_row)
                    .optional()?,
            );
        }
        Ok(found)
    }

    /// A document by its id, unless withdrawn.
    pub fn document(&self, id: i64) -> Result<Option<DocumentRow>, StoreError> {
        let mut statement = self.connection.prepare_cached(&format!(
            "SELECT {DOCUMENT_COLUMNS} FROM document d JOIN terms t ON t.id = d.terms
             WHERE d.id = ?1 AND d.deleted_at IS NULL"
        ))?;
        Ok(statement.query_row(params![id], document_row).optional()?)
    }

    /// The documents of this number (normalised) that are not withdrawn and whose review
    /// date is `today` or later, by any owner and issuing state, in id order.
    pub fn documents_by_number(
        &self,
        number: &str,
        today: &str,
    ) -> Result<Vec<DocumentRow>, StoreError> {
        let mut statement = self.connection.prepare_cached(&format!(
            "SELECT {DOCUMENT_COLUMNS} FROM document d JOIN terms t ON t.id = d.terms
             WHERE d.number = ?1 AND d.deleted_at IS NULL AND t.review_by >= ?2
             ORDER BY d.id"
        ))?;
        let rows = statement.query_map(params![number, today], document_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// [`Store::documents_by_number`] for several numbers at once (a number and the ways it
    /// may have been misread), in one statement.
    pub fn documents_by_numbers(
        &self,
        numbers: &[String],
        today: &str,
    ) -> Result<Vec<DocumentRow>, StoreError> {
        if numbers.len() == 1 {
            return self.documents_by_number(&numbers[0], today);
        }
        let list = format!(
            "[{}]",
            numbers
                .iter()
                .map(|number| format!("{number:?}"))
                .collect::<Vec<_>>()
                .join(",")
        );
        let mut statement = self.connection.prepare_cached(&format!(
            "SELECT {DOCUMENT_COLUMNS} FROM document d JOIN terms t ON t.id = d.terms
             WHERE d.number IN (SELECT value FROM json_each(?1)) AND d.deleted_at IS NULL
             AND t.review_by >= ?2 ORDER BY d.id"
        ))?;
        let rows = statement.query_map(params![list, today], document_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Withdraws the owner's document (found again, or reported in error): it stops
    /// matching at once and is kept as evidence; with the audit entry, in one transaction.
    pub fn withdraw_document(
        &mut self,
        owner: i64,
        id: i64,
        audit: &AuditEntry,
        chain: impl Fn(&AuditRow) -> String,
    ) -> Result<(), StoreError> {
        let actor = audit.actor.as_str();
        let transaction = self.begin()?;
        let current: Option<(i64, i64, i64, i64)> = transaction
            .query_row(
                "SELECT status, reported_on, terms, version FROM document
                 WHERE id = ?1 AND owner = ?2 AND deleted_at IS NULL",
                params![id, owner],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)),
            )
            .optional()?;
        let Some((status, reported_on, terms, version)) = current else {
            return Err(StoreError::NotFound {
                what: "record",
                name: id.to_string(),
            });
        };
        transaction.execute(
            "INSERT INTO document_version
             (document, version, status, reported_on, terms, deleted_at, superseded_at, actor)
             VALUES (?1, ?2, ?3, ?4, ?5, NULL, ?6, ?7)",
            params![id, version, status, reported_on, terms, audit.at, actor],
        )?;
        transaction.execute(
            "UPDATE document SET deleted_at = ?2, version = ?3 WHERE id = ?1",
            params![id, audit.at, version + 1],
        )?;
        append_audit(&transaction, audit, &chain)?;
        transaction.commit()?;
        Ok(())
    }

    /// Removes every document whose review date is before `today`, with its versions, and
    /// the terms no longer used; with the audit entry (only when something was removed),
    /// in one transaction. Returns how many documents were removed.
    pub fn purge_expired_documents(
        &mut self,
        today: &str,
        audit: &AuditEntry,
        chain: impl Fn(&AuditRow) -> String,
    ) -> Result<usize, StoreError> {
        let transaction = self.begin()?;
        let expired = "SELECT id FROM terms WHERE review_by < ?1";
        let has_expired: bool = transaction.query_row(
            &format!("SELECT EXISTS ({expired})"),
            params![today],
            |row| row.get(0),
        )?;
        if !has_expired {
            return Ok(0);
        }
        transaction.execute(
            &format!(
                "DELETE FROM document_version WHERE document IN
                 (SELECT id FROM document WHERE terms IN ({expired}))
                 OR terms IN ({expired})"
            ),
            params![today],
        )?;
        let purged = transaction.execute(
            &format!("DELETE FROM document WHERE terms IN ({expired})"),
            params![today],
        )?;
        transaction.execute(
            "DELETE FROM terms WHERE review_by < ?1
             AND id NOT IN (SELECT terms FROM document_version)",
            params![today],
        )?;
        if purged > 0 {
            let mut audit = audit.clone();
            audit.subject = format!("{purged} documents past their review date");
            append_audit(&transaction, &audit, &chain)?;
        }
        transaction.commit()?;
        Ok(purged)
    }

    /// How many versions the document had before its current one.
    pub fn document_versions(&self, id: i64) -> Result<i64, StoreError> {
        Ok(self.connection.query_row(
            "SELECT count(*) FROM document_version WHERE document = ?1",
            params![id],
            |row| row.get(0),
        )?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{DocumentStatus, NewMember, TermsChange, DOCUMENT_IDS};

    fn store() -> (tempfile::TempDir, Store, i64) {
        let directory = tempfile::tempdir().unwrap();
        let mut store = Store::open(directory.path()).unwrap();
        let owner = store
            .add_member(
                &NewMember {
                    name: "jo",
                    country: "JOR",
                    admin: false,
                    key_hash: &[0; 32],
                    created_at: 0,
                },
                &entry(),
                |row| format!("{:064x}", row.seq),
            )
            .unwrap()
            .id;
        (directory, store, owner)
    }

    fn entry() -> AuditEntry {
        AuditEntry {
            at: 1_700_000_000,
            actor: "cli:test".into(),
            action: "test".into(),
            subject: String::new(),
            digest: "d".into(),
        }
    }

    fn document(number: &str, status: &str) -> NewDocument {
        NewDocument {
            number: number.into(),
            issuing_state: "JOR".into(),
            kind: "P".into(),
            status: status.parse().unwrap(),
            reported_on: "2026-01-02".into(),
        }
    }

    fn terms(review_by: &str) -> Terms {
        Terms {
            access_level: "members".into(),
            access_members: vec![3, 2, 3],
            action: "seize".into(),
            review_by: review_by.into(),
        }
    }

    #[test]
    fn documents_are_written_once_versioned_on_change_and_withdrawn() {
        let (_directory, mut store, owner) = store();
        let chain = |row: &AuditRow| format!("{:064x}", row.seq);
        let batch = [document("A1", "lost"), document("B2", "stolen")];
        let (counts, ids) = store
            .write_documents(
                owner,
                &batch,
                &WriteTerms::set(terms("2030-01-01")),
                None,
                &WriteAudit::plain(&entry()),
                chain,
            )
            .unwrap();
        assert_eq!((counts.added, ids[0]), (2, DOCUMENT_IDS));
        let again = store
            .write_documents(
                owner,
                &batch,
                &WriteTerms::set(terms("2030-01-01")),
                None,
                &WriteAudit::plain(&entry()),
                chain,
            )
            .unwrap();
        assert_eq!((again.0.unchanged, again.1), (2, ids.clone()));
        let stolen = [document("A1", "stolen")];
        let changed = store
            .write_documents(
                owner,
                &stolen,
                &WriteTerms::set(terms("2030-01-01")),
                None,
                &WriteAudit::plain(&entry()),
                chain,
            )
            .unwrap();
        assert_eq!(changed.0.changed, 1);
        let row = store.document(ids[0]).unwrap().unwrap();
        assert_eq!((row.document.status.as_str(), row.version), ("stolen", 2));
        assert_eq!(row.terms.access_members, vec![2, 3]);
        assert_eq!(row.document.reported_on, "2026-01-02");
        assert_eq!(
            store.documents_by_number("A1", "2026-06-01").unwrap().len(),
            1
        );
        assert!(store
            .documents_by_number("A1", "2031-01-01")
            .unwrap()
            .is_empty());

        store
            .withdraw_document(owner, ids[0], &entry(), chain)
            .unwrap();
        assert!(store.document(ids[0]).unwrap().is_none());
        assert!(store
            .documents_by_number("A1", "2026-06-01")
            .unwrap()
            .is_empty());
        assert_eq!(store.document_versions(ids[0]).unwrap(), 2);
        assert!(matches!(
            store.withdraw_document(owner, ids[0], &entry(), chain),
            Err(StoreError::NotFound { .. })
        ));
        // reported again: live, a new version
        store
            .write_documents(
                owner,
                &stolen,
                &WriteTerms::set(terms("2030-01-01")),
                None,
                &WriteAudit::plain(&entry()),
                chain,
            )
            .unwrap();
        assert_eq!(store.document(ids[0]).unwrap().unwrap().version, 4);

        let mut bad = [document("C3", "lost")];
        bad[0].reported_on = "2026-13-45".into();
        let refused = store.write_documents(
            owner,
            &bad,
            &WriteTerms::set(terms("2030-01-01")),
            None,
            &WriteAudit::plain(&entry()),
            chain,
        );
        assert!(matches!(refused, Err(StoreError::Invalid { .. })));
        assert!(store
            .documents_by_number("C3", "2026-06-01")
            .unwrap()
            .is_empty());
    }

    #[test]
    fn a_batch_written_many_rows_a_statement_counts_and_numbers_each_document_once() {
        let (_directory, mut store, owner) = store();
        let chain = |row: &AuditRow| format!("{:064x}", row.seq);
        let numbers: Vec<String> = (0..200).map(|i| format!("N{i:04}")).collect();
        let first: Vec<NewDocument> = numbers[..100].iter().map(|n| document(n, "lost")).collect();
        let (counts, ids) = store
            .write_documents(
                owner,
                &first,
                &WriteTerms::set(terms("2030-01-01")),
                None,
                &WriteAudit::plain(&entry()),
                chain,
            )
            .unwrap();
        assert_eq!(counts.added, 100);
        let mut sorted = ids.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), 100);
        for (number, id) in numbers.iter().zip(&ids) {
            assert_eq!(
                &store.document(*id).unwrap().unwrap().document.number,
                number
            );
        }
        // old and new mixed, and one new number twice with another status: the later wins
        let mut second: Vec<NewDocument> = numbers.iter().map(|n| document(n, "lost")).collect();
        second[150].status = DocumentStatus::Stolen;
        second.push(document(&numbers[120], "revoked"));
        let (counts, again) = store
            .write_documents(
                owner,
                &second,
                &WriteTerms::set(terms("2030-01-01")),
                None,
                &WriteAudit::plain(&entry()),
                chain,
            )
            .unwrap();
        assert_eq!(
            (counts.added, counts.changed, counts.unchanged),
            (100, 1, 100)
        );
        assert_eq!(&again[..100], &ids[..]);
        assert_eq!(again[120], again[200]);
        let twice = store.document(again[120]).unwrap().unwrap();
        assert_eq!(
            (twice.document.status.as_str(), twice.version),
            ("revoked", 2)
        );
        assert_eq!(
            store.document(again[150]).unwrap().unwrap().document.status,
            DocumentStatus::Stolen
        );
    }

    #[test]
    fn expired_documents_are_purged_with_their_versions() {
        let (_directory, mut store, owner) = store();
        let chain = |row: &AuditRow| format!("{:064x}", row.seq);
        let (_, old) = store
            .write_documents(
                owner,
                &[document("A1", "lost")],
                &WriteTerms::set(terms("2026-01-01")),
                None,
                &WriteAudit::plain(&entry()),
                chain,
            )
            .unwrap();
        store
            .write_documents(
                owner,
                &[document("A1", "stolen")],
                &WriteTerms::set(terms("2026-01-01")),
                None,
                &WriteAudit::plain(&entry()),
                chain,
            )
            .unwrap();
        let (_, kept) = store
            .write_documents(
                owner,
                &[document("B2", "lost")],
                &WriteTerms::set(terms("2027-01-01")),
                None,
                &WriteAudit::plain(&entry()),
                chain,
            )
            .unwrap();
        assert_eq!(
            store
                .purge_expired_documents("2026-06-01", &entry(), chain)
                .unwrap(),
            1
        );
        assert!(store.document(old[0]).unwrap().is_none());
        assert_eq!(store.document_versions(old[0]).unwrap(), 0);
        assert!(store.document(kept[0]).unwrap().is_some());
        assert_eq!(
            store
                .purge_expired_documents("2026-06-01", &entry(), chain)
                .unwrap(),
            0
        );
    }

    #[test]
    fn a_write_keeps_the_parts_of_a_documents_terms_it_does_not_give() {
        let (_directory, mut store, owner) = store();
        let chain = |row: &AuditRow| format!("{:064x}", row.seq);
        let restricted = Terms {
            access_level: "owner-only".into(),
            access_members: vec![],
            action: "seize".into(),
            review_by: "2030-01-01".into(),
        };
        let base = entry();
        let plain = WriteAudit::plain(&base);
        store
            .write_documents(
                owner,
                &[document("A1", "lost")],
                &WriteTerms::set(restricted.clone()),
                None,
                &plain,
                chain,
            )
            .unwrap();
        // every part kept: a stored document stays as it is, a new one takes the terms
        let keep_all = WriteTerms {
            terms: terms("2031-01-01"),
            keep: KeepTerms::ALL,
        };
        let batch = [document("A1", "lost"), document("B2", "stolen")];
        let (counts, ids) = store
            .write_documents(owner, &batch, &keep_all, None, &plain, chain)
            .unwrap();
        assert_eq!((counts.added, counts.changed, counts.unchanged), (1, 0, 1));
        assert_eq!(store.document(ids[0]).unwrap().unwrap().terms, restricted);
        assert_eq!(
            store.document(ids[1]).unwrap().unwrap().terms,
            terms("2031-01-01").normalised()
        );
        // the action given, the rest kept: terms no document had, in a row of their own,
        // and the change handed to the audit note
        let noted = std::cell::RefCell::new(Vec::new());
        let note = |changes: &[TermsChange]| {
            noted.borrow_mut().extend_from_slice(changes);
            Ok("noted".to_string())
        };
        let audit = WriteAudit {
            entry: &base,
            terms_note: &note,
        };
        let action_only = WriteTerms {
            terms: Terms {
                action: "arrest the bearer".into(),
                ..terms("2031-01-01")
            },
            keep: KeepTerms {
                access: true,
                action: false,
                review_by: true,
            },
        };
        let (counts, _) = store
            .write_documents(owner, &batch[..1], &action_only, None, &audit, chain)
            .unwrap();
        assert_eq!((counts.changed, counts.unchanged), (1, 0));
        let after = Terms {
            action: "arrest the bearer".into(),
            ..restricted.clone()
        };
        assert_eq!(store.document(ids[0]).unwrap().unwrap().terms, after);
        assert_eq!(
            *noted.borrow(),
            vec![TermsChange {
                from: restricted,
                to: after,
                records: 1
            }]
        );
        let last = store.audit_entries(1, i64::MAX).unwrap().pop().unwrap();
        assert_eq!(last.subject, ": noted");
    }
}
