//! Imports of whole files, written a batch a transaction so that a large import neither
//! holds the store for minutes (a server beside it goes on writing hits) nor starts over
//! when killed: every batch carries the import's progress, and the same file imported
//! again by the same member with the same terms resumes after the last batch written.
//! The file is checked whole before anything is written, so a bad row refuses it all.

use crate::documents::TravelDocument;
use crate::terms::{Changes, Confirmed, Preview, RecordKind, TermsReport, TermsUpdate};
use crate::{audit, ServiceError};
use gatecheck_store::concepts::Backend;
use gatecheck_store::{
    AuditEntry, ImportProgress, ImportRow, KeepTerms, NewDocument, NewRecord, TermsChange,
    WriteAudit, WriteCounts, WriteTerms,
};
use rayon::prelude::*;
use sha2::{Digest, Sha256};
use std::collections::HashSet;

/// An import under way.
pub struct ImportRun {
    row: ImportRow,
    /// The published list the file is a whole version of, if it is one.
    list: Option<String>,
    owner: crate::members::Member,
    terms: WriteTerms,
    actor: String,
    changes: Changes,
}

/// What importing a file with `update` would change on `owner`'s stored records: the
/// caller adds the file's items (when [`Preview::needs_lookups`]) and refuses, before
/// [`begin`], what was not confirmed.
pub fn preview(
    store: &dyn Backend,
    owner: &str,
    update: &TermsUpdate,
    kind: RecordKind,
) -> Result<Preview, ServiceError> {
    let owner = crate::members::active_member(store, owner)?;
    Preview::new(store, owner.id, update, kind)
}

/// Starts importing `file` (`digest`: hex SHA-256 of its bytes) as records of `owner`, or
/// resumes the unfinished import of the same file by the same member with the same terms
/// (the same parts given, with the same values, and the same parts kept).
pub fn begin(
    store: &mut dyn Backend,
    owner: &str,
    file: &FileImported<'_>,
    update: &TermsUpdate,
    actor: &str,
    now: i64,
) -> Result<ImportRun, ServiceError> {
    let FileImported {
        name: file,
        digest,
        list,
    } = *file;
    let owner = crate::members::active_member(store, owner)?;
    let terms = update.stored(store)?;
    let mut key = serde_json::json!([
        terms.terms.access_level,
        terms.terms.access_members,
        terms.terms.action,
        terms.terms.review_by
    ]);
    // terms given whole are written as before parts could be kept, so that an import
    // begun by an earlier version still resumes
    if terms.keep != KeepTerms::NONE {
        if let Some(parts) = key.as_array_mut() {
            // a review date kept is not given: its default for new records is a day later
            // each day, and a run killed one day resumes the next
            if terms.keep.review_by {
                parts[3] = serde_json::Value::Null;
            }
            parts.push(serde_json::json!({
                "keep": [terms.keep.access, terms.keep.action, terms.keep.review_by]
            }));
        }
    }
    // a version of a list is another import than the same file taken as it is
    if let (Some(list), Some(parts)) = (list, key.as_array_mut()) {
        parts.push(serde_json::json!({ "list": list }));
    }
    let terms_text = key.to_string();
    let entry = AuditEntry {
        at: now,
        actor: actor.to_string(),
        action: crate::audit::Action::RecordsImportBegin.to_string(),
        subject: format!("{file} as records of member {}", owner.name),
        digest: digest.to_string(),
    };
    let row = store.begin_import(
        owner.id,
        file,
        digest,
        &terms_text,
        &entry,
        &audit::chain_hash,
    )?;
    Ok(ImportRun {
        row,
        list: list.map(str::to_string),
        owner,
        terms,
        actor: actor.to_string(),
        // until the caller says what it confirmed, nothing that would need it is written
        changes: Changes::guarding(
            store,
            Confirmed::default(),
            crate::records::API_CONFIRMATIONS,
        )?,
    })
}

/// A file being imported: its name as the importer gave it, its digest (hex SHA-256 of
/// what is imported) and the published list it is a whole version of, if it is one (then
/// the owner's records of that list which the file does not have are removed).
#[derive(Debug, Clone, Copy)]
pub struct FileImported<'a> {
    pub name: &'a str,
    pub digest: &'a str,
    pub list: Option<&'a str>,
}

/// Records removed a transaction when a newer version of a list no longer has them.
pub const REMOVALS_AT_ONCE: usize = 10_000;

/// The owner's records of `list` whose entity ids are not in `kept`: what importing a
/// version of the list with those entities would remove, (id, entity id) in id order.
pub fn missing_from(
    store: &dyn Backend,
    owner: i64,
    list: &str,
    kept: &HashSet<String>,
) -> Result<Vec<(i64, String)>, ServiceError> {
    Ok(store
        .list_records(owner, list)?
        .into_iter()
        .filter(|(_, entity_id)| !kept.contains(entity_id))
        .collect())
}

/// What importing `kept` (every entity id of a file) as a version of `list` would remove
/// of `owner`'s records: (how many, the list's records stored).
pub fn removals(
    store: &dyn Backend,
    owner: &str,
    list: &str,
    kept: &HashSet<String>,
) -> Result<(Vec<String>, usize), ServiceError> {
    let owner = crate::members::active_member(store, owner)?;
    let stored = store.list_records(owner.id, list)?;
    let total = stored.len();
    let missing = stored
        .into_iter()
        .filter(|(_, entity_id)| !kept.contains(entity_id))
        .map(|(_, entity_id)| entity_id)
        .collect();
    Ok((missing, total))
}

impl ImportRun {
    /// Lets the run write what `confirmed` allows (`flags`: the words that confirm, for a
    /// refusal's message). Each batch is judged again in its transaction, so that records
    /// whose terms another writer changed since the preview are not widened unseen.
    pub fn confirming(mut self, confirmed: Confirmed, flags: [&'static str; 2]) -> ImportRun {
        self.changes.confirming(confirmed, flags);
        self
    }

    /// Items of the file written so far (by this run and any before it).
    pub fn items_done(&self) -> usize {
        self.row.items_done as usize
    }

    pub fn id(&self) -> i64 {
        self.row.id
    }

    /// The changes of terms this run made on stored records, by kind.
    pub fn terms_changed(&self) -> TermsReport {
        self.changes.report.borrow().clone()
    }

    /// The counts so far, over every attempt.
    pub fn counts(&self) -> WriteCounts {
        self.row.counts
    }

    fn batch_entry(&self, items: usize, digest: Sha256, now: i64) -> AuditEntry {
        let first = self.items_done() + 1;
        AuditEntry {
            at: now,
            actor: self.actor.clone(),
            action: crate::audit::Action::RecordsImport.to_string(),
            subject: format!(
                "import {}: items {first} to {} of {}",
                self.row.id,
                self.items_done() + items,
                self.row.file
            ),
            digest: audit::hex(&digest.finalize()),
        }
    }

    fn advance(&mut self, items: usize, counts: WriteCounts) {
        self.row.items_done += items as i64;
        self.row.counts.added += counts.added;
        self.row.counts.changed += counts.changed;
        self.row.counts.unchanged += counts.unchanged;
        self.row.counts.removed += counts.removed;
    }

    fn progress(&self, items: usize) -> Option<ImportProgress> {
        Some(ImportProgress {
            import: self.row.id,
            items_done: self.row.items_done + items as i64,
        })
    }

    /// Writes the next batch of the file: FollowTheMoney entity lines.
    pub fn write_entities(
        &mut self,
        store: &mut dyn Backend,
        lines: &[String],
        now: i64,
    ) -> Result<WriteCounts, ServiceError> {
        let mut digest = Sha256::new();
        let mut records = Vec::with_capacity(lines.len());
        // read on every core, taken in order
        let entities: Vec<_> = lines
            .par_iter()
            .map(|line| gatecheck_formats::ftm::check_entity(line))
            .collect();
        for (at, (line, entity)) in lines.iter().zip(entities).enumerate() {
            let entity = entity.map_err(|error| ServiceError::Invalid {
                field: "file",
                reason: format!("item {}: {error}", self.items_done() + at + 1),
            })?;
            digest.update(line.as_bytes());
            digest.update(b"\n");
            records.push(NewRecord {
                list: self.list.clone(),
                entity_id: entity.id,
                entity: line.trim().to_string(),
            });
        }
        let entry = self.batch_entry(lines.len(), digest, now);
        let note = |written: &[TermsChange]| self.changes.note(written);
        let counts = store
            .write_records(
                self.owner.id,
                &records,
                &self.terms,
                self.progress(lines.len()),
                &WriteAudit {
                    entry: &entry,
                    terms_note: &note,
                },
                &audit::chain_hash,
            )
            .map_err(|error| self.changes.error(error))?;
        self.advance(lines.len(), counts);
        Ok(counts)
    }

    /// Writes the next batch of the file: travel documents.
    pub fn write_documents(
        &mut self,
        store: &mut dyn Backend,
        documents: Vec<TravelDocument>,
        now: i64,
    ) -> Result<WriteCounts, ServiceError> {
        let mut digest = Sha256::new();
        for document in &documents {
            document.digest_into(&mut digest);
        }
        let entry = self.batch_entry(documents.len(), digest, now);
        let documents: Vec<NewDocument> = documents.into_iter().map(NewDocument::from).collect();
        let note = |written: &[TermsChange]| self.changes.note(written);
        let (counts, _) = store
            .write_documents(
                self.owner.id,
                &documents,
                &self.terms,
                self.progress(documents.len()),
                &WriteAudit {
                    entry: &entry,
                    terms_note: &note,
                },
                &audit::chain_hash,
            )
            .map_err(|error| self.changes.error(error))?;
        self.advance(documents.len(), counts);
        Ok(counts)
    }

    /// Deletes the owner's records of the run's list that the file does not have (`kept`:
    /// the entity ids of every entity of the file), a transaction of at most
    /// [`REMOVALS_AT_ONCE`] with an audit entry each; they stop matching and are kept,
    /// with their versions, as evidence. Run once every batch is written, before
    /// [`ImportRun::finish`]: a run killed midway removes the rest when resumed. Nothing is
    /// removed by an import that is not a version of a list. Returns how many this call
    /// removed.
    pub fn remove_missing(
        &mut self,
        store: &mut dyn Backend,
        kept: &HashSet<String>,
        now: i64,
    ) -> Result<usize, ServiceError> {
        let Some(list) = self.list.clone() else {
            return Ok(0);
        };
        let missing = missing_from(store, self.owner.id, &list, kept)?;
        let mut removed = 0;
        for chunk in missing.chunks(REMOVALS_AT_ONCE) {
            let ids: Vec<i64> = chunk.iter().map(|(id, _)| *id).collect();
            let mut digest = Sha256::new();
            for (_, entity_id) in chunk {
                digest.update(entity_id.as_bytes());
                digest.update(b"\n");
            }
            let entry = AuditEntry {
                at: now,
                actor: self.actor.clone(),
                action: crate::audit::Action::RecordsRemove.to_string(),
                subject: format!(
                    "import {}: {} records of list {list} not in {}",
                    self.row.id,
                    ids.len(),
                    self.row.file
                ),
                digest: audit::hex(&digest.finalize()),
            };
            let deleted = store.delete_records(
                self.owner.id,
                &ids,
                Some(self.row.id),
                &entry,
                &audit::chain_hash,
            )?;
            self.row.counts.removed += deleted;
            removed += deleted;
        }
        Ok(removed)
    }

    /// Ends the import; returns it as it ends, with the counts over every attempt.
    pub fn finish(self, store: &mut dyn Backend, now: i64) -> Result<ImportRow, ServiceError> {
        let counts = self.row.counts;
        let entry = AuditEntry {
            at: now,
            actor: self.actor.clone(),
            action: crate::audit::Action::RecordsImportDone.to_string(),
            subject: format!(
                "import {}: {} items of {}: {} added, {} changed, {} unchanged, {} removed",
                self.row.id,
                self.row.items_done,
                self.row.file,
                counts.added,
                counts.changed,
                counts.unchanged,
                counts.removed
            ),
            digest: self.row.digest.clone(),
        };
        Ok(store.finish_import(self.row.id, &entry, &audit::chain_hash)?)
    }
}
