//! Imports of whole files, written a batch a transaction so that a large import neither
//! holds the store for minutes (a server beside it goes on writing hits) nor starts over
//! when killed: every batch carries the import's progress, and the same file imported
//! again by the same member with the same terms resumes after the last batch written.
//! The file is checked whole before anything is written, so a bad row refuses it all.

use crate::documents::TravelDocument;
use crate::records::{check_terms, RecordTerms};
use crate::{audit, ServiceError};
use gatecheck_store::{
    AuditEntry, ImportProgress, ImportRow, NewDocument, NewRecord, Store, Terms, WriteCounts,
};
use sha2::{Digest, Sha256};

/// An import under way.
pub struct ImportRun {
    row: ImportRow,
    owner: crate::members::Member,
    terms: Terms,
    actor: String,
}

/// Starts importing `file` (`digest`: hex SHA-256 of its bytes) as records of `owner`, or
/// resumes the unfinished import of the same file by the same member with the same terms.
pub fn begin(
    store: &mut Store,
    owner: &str,
    file: &str,
    digest: &str,
    terms: &RecordTerms,
    actor: &str,
    now: i64,
) -> Result<ImportRun, ServiceError> {
    let owner = crate::members::active_member(store, owner)?;
    let mut access_members = check_terms(store, terms)?;
    access_members.sort_unstable();
    access_members.dedup();
    let terms = Terms {
        access_level: terms.access.level().to_string(),
        access_members,
        action: terms.action.clone(),
        review_by: terms.review_by.clone(),
    };
    let terms_text = serde_json::json!([
        terms.access_level,
        terms.access_members,
        terms.action,
        terms.review_by
    ])
    .to_string();
    let entry = AuditEntry {
        at: now,
        actor: actor.to_string(),
        action: "records.import.begin".to_string(),
        subject: format!("{file} as records of member {}", owner.name),
        digest: digest.to_string(),
    };
    let row = store.begin_import(
        owner.id,
        file,
        digest,
        &terms_text,
        &entry,
        audit::chain_hash,
    )?;
    Ok(ImportRun {
        row,
        owner,
        terms,
        actor: actor.to_string(),
    })
}

impl ImportRun {
    /// Items of the file written so far (by this run and any before it).
    pub fn items_done(&self) -> usize {
        self.row.items_done as usize
    }

    pub fn id(&self) -> i64 {
        self.row.id
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
            action: "records.import".to_string(),
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
        store: &mut Store,
        lines: &[String],
        now: i64,
    ) -> Result<WriteCounts, ServiceError> {
        let mut digest = Sha256::new();
        let mut records = Vec::with_capacity(lines.len());
        for (at, line) in lines.iter().enumerate() {
            let entity = gatecheck_formats::ftm::check_entity(line).map_err(|error| {
                ServiceError::Invalid {
                    field: "file",
                    reason: format!("item {}: {error}", self.items_done() + at + 1),
                }
            })?;
            digest.update(line.as_bytes());
            digest.update(b"\n");
            records.push(NewRecord {
                entity_id: entity.id,
                entity: line.trim().to_string(),
                access_level: self.terms.access_level.clone(),
                access_members: self.terms.access_members.clone(),
                action: self.terms.action.clone(),
                review_by: self.terms.review_by.clone(),
            });
        }
        let entry = self.batch_entry(lines.len(), digest, now);
        let counts = store.write_records(
            self.owner.id,
            &records,
            self.progress(lines.len()),
            &entry,
            audit::chain_hash,
        )?;
        self.advance(lines.len(), counts);
        Ok(counts)
    }

    /// Writes the next batch of the file: travel documents.
    pub fn write_documents(
        &mut self,
        store: &mut Store,
        documents: Vec<TravelDocument>,
        now: i64,
    ) -> Result<WriteCounts, ServiceError> {
        let mut digest = Sha256::new();
        for document in &documents {
            document.digest_into(&mut digest);
        }
        let entry = self.batch_entry(documents.len(), digest, now);
        let documents: Vec<NewDocument> = documents.into_iter().map(NewDocument::from).collect();
        let (counts, _) = store.write_documents(
            self.owner.id,
            &documents,
            &self.terms,
            self.progress(documents.len()),
            &entry,
            audit::chain_hash,
        )?;
        self.advance(documents.len(), counts);
        Ok(counts)
    }

    /// Ends the import; returns it as it ends, with the counts over every attempt.
    pub fn finish(self, store: &mut Store, now: i64) -> Result<ImportRow, ServiceError> {
        let counts = self.row.counts;
        let entry = AuditEntry {
            at: now,
            actor: self.actor.clone(),
            action: "records.import.done".to_string(),
            subject: format!(
                "import {}: {} items of {}: {} added, {} changed, {} unchanged",
                self.row.id,
                self.row.items_done,
                self.row.file,
                counts.added,
                counts.changed,
                counts.unchanged
            ),
            digest: self.row.digest.clone(),
        };
        Ok(store.finish_import(self.row.id, &entry, audit::chain_hash)?)
    }
}
