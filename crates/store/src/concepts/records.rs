//! Person records: their versions, who may see them, and their review dates.
//!
//! A record is one FollowTheMoney entity of its owner's, known by the owner's entity id.
//! Writing it again makes a new version only when its entity or its terms changed; deleting
//! it keeps it, with its versions, as evidence; past its review date it is purged (its
//! entity, versions and access list removed) and its row stays, so that hits still name it.
//! Record ids are below [`crate::DOCUMENT_IDS`] on every backend: one id names a person
//! record or a document, never both.

use super::Chain;
use crate::{
    AuditEntry, ImportProgress, NewRecord, RecordChange, RecordRow, StoreError, Terms, WriteAudit,
    WriteCounts, WriteTerms,
};

pub trait Records {
    /// Writes `records` of one owner in one transaction with its audit entry (and the
    /// progress of the import it is part of): all or none. A new record takes
    /// `terms.terms`; a record whose entity id the owner already has keeps the parts of
    /// its terms `terms.keep` names, gets a new version when anything changed (a deleted
    /// record written again is a change), and is left alone when nothing did. The changes
    /// of terms are put to `audit.terms_note` inside the transaction: its refusal is
    /// [`StoreError::Refused`] and nothing is written. An import not found unfinished is
    /// [`StoreError::NotFound`].
    fn write_records(
        &mut self,
        owner: i64,
        records: &[NewRecord],
        terms: &WriteTerms,
        progress: Option<ImportProgress>,
        audit: &WriteAudit<'_>,
        chain: Chain<'_>,
    ) -> Result<WriteCounts, StoreError>;

    /// The terms of the owner's records (deleted ones too, purged ones not), each with how
    /// many have them, ordered by the terms as text: what a write of new terms could
    /// change at most.
    fn record_terms_of(&self, owner: i64) -> Result<Vec<(Terms, usize)>, StoreError>;

    /// The terms of the owner's records with these entity ids, in the order asked; `None`
    /// for an entity id the owner has no record of (or only a purged one).
    fn record_terms(
        &self,
        owner: i64,
        entity_ids: &[&str],
    ) -> Result<Vec<Option<Terms>>, StoreError>;

    /// Every record that is not deleted and whose review date is `today` or later
    /// (`YYYY-MM-DD` compares as text), in id order, with its access list.
    fn live_records(&self, today: &str) -> Result<Vec<RecordRow>, StoreError>;

    /// A record by its id, unless deleted.
    fn record(&self, id: i64) -> Result<Option<RecordRow>, StoreError>;

    /// Marks the owner's record deleted at the audit entry's time, with the entry, in one
    /// transaction; a record absent, another's or deleted already is
    /// [`StoreError::NotFound`].
    fn delete_record(
        &mut self,
        owner: i64,
        id: i64,
        audit: &AuditEntry,
        chain: Chain<'_>,
    ) -> Result<(), StoreError>;

    /// The owner's records that are entries of the published list `list` (written with
    /// it as [`NewRecord::list`], the last list to write them), neither deleted nor
    /// purged, in id order: (id, entity id). What a newer version of the list would
    /// remove is found among them.
    fn list_records(&self, owner: i64, list: &str) -> Result<Vec<(i64, String)>, StoreError>;

    /// Marks the owner's records `ids` deleted at the audit entry's time (kept with their
    /// versions as evidence, no longer matched), those deleted or purged already or
    /// another's left alone, with the entry, in one transaction; when `import` is given,
    /// the number deleted is added to that import's removals in the same transaction (an
    /// import not found unfinished is [`StoreError::NotFound`], and nothing is deleted).
    /// Returns how many were deleted; each has a change in the feed.
    fn delete_records(
        &mut self,
        owner: i64,
        ids: &[i64],
        import: Option<i64>,
        audit: &AuditEntry,
        chain: Chain<'_>,
    ) -> Result<usize, StoreError>;

    /// Purges every record whose review date is before `today` (its entity, versions and
    /// access list removed, the row kept deleted), with one audit entry naming how many
    /// (none when none were), in one transaction. Returns how many were purged.
    fn purge_expired(
        &mut self,
        today: &str,
        audit: &AuditEntry,
        chain: Chain<'_>,
    ) -> Result<usize, StoreError>;

    /// The changes of person records numbered after `after`, in order, at most `limit`:
    /// the store's change feed, which a node's screening index follows.
    ///
    /// Every write that adds, changes, deletes or purges records appends in its own
    /// transaction one change a record it touched (in id order; a record written twice by
    /// one write once), so a change is seen exactly when what it changed is, and a write
    /// undone leaves none. Changes are numbered 1, 2, 3, … without gaps, in the order their
    /// writes committed (on PostgreSQL under the records lock, whichever node wrote): a
    /// follower that asks after the last number it took never passes over a change that
    /// commits later. A follower whose first change is not `after + 1` has lost changes
    /// pruned meanwhile ([`Records::prune_changes`]) and must build its index again.
    ///
    /// On SQLite, a connection with a group open ([`crate::Store::begin_group`]) reads the
    /// group's own changes before they are committed: a follower reads on a connection
    /// without one.
    fn changes_after(&self, after: i64, limit: usize) -> Result<Vec<RecordChange>, StoreError>;

    /// The newest change's number, 0 when there is none: where a node that has just built
    /// its index starts following. Read it *before* the records the index is built from
    /// ([`Records::live_records`]): a change committed between the two reads is then
    /// taken twice (the record is read again, which changes nothing) rather than lost.
    fn last_change(&self) -> Result<i64, StoreError>;

    /// Removes the changes numbered before `before`, but never the newest, so that the
    /// numbering goes on from it; returns how many were removed.
    ///
    /// The feed grows with every record written, for ever unless pruned: 17 bytes a change
    /// on SQLite and 75 on PostgreSQL (a row's header and its index entry; both measured
    /// over a million changes), so a hub writing ten million records a week would add
    /// three quarters of a gigabyte a week that nothing reads. Only followers read it,
    /// seconds behind (a node starting builds its index from the records, not from the
    /// feed), so the caller keeps a window of its choosing (a day of changes, say) and
    /// prunes the rest; a follower left behind it finds out (see
    /// [`Records::changes_after`]) and rebuilds. Not audited: the feed holds ids and
    /// times, no personal data and no evidence (the versions and the audit log are).
    fn prune_changes(&mut self, before: i64) -> Result<usize, StoreError>;

    /// The id of the owner's record with this entity id, unless deleted.
    fn record_id(&self, owner: i64, entity_id: &str) -> Result<Option<i64>, StoreError>;

    /// How many versions a record has kept (none once purged).
    fn record_versions(&self, record: i64) -> Result<i64, StoreError>;

    /// The live person records of `owner`, most recently changed first (the larger id
    /// first at the same moment), `limit` from `offset`, with their access lists; and how
    /// many there are.
    fn records_of(
        &self,
        owner: i64,
        limit: usize,
        offset: usize,
    ) -> Result<(Vec<RecordRow>, usize), StoreError>;

    /// The live person records of `owner` that a search finds: those whose entity id is
    /// `text` (trimmed), and those whose names hold every word of `text`, each as part of
    /// one of their names, compared in their search form (case, marks and the Arabic
    /// letters typed one for another aside: [`crate::searchable`]); in the order of
    /// [`Records::records_of`], `limit` from `offset`, with their access lists; and how
    /// many are found. Another owner's records are never found; a search of no letter or
    /// digit finds only an entity id equal to it.
    fn search_records(
        &self,
        owner: i64,
        text: &str,
        limit: usize,
        offset: usize,
    ) -> Result<(Vec<RecordRow>, usize), StoreError>;
}

/// The SQLite store: its own methods.
impl Records for crate::Store {
    fn write_records(
        &mut self,
        owner: i64,
        records: &[NewRecord],
        terms: &WriteTerms,
        progress: Option<ImportProgress>,
        audit: &WriteAudit<'_>,
        chain: Chain<'_>,
    ) -> Result<WriteCounts, StoreError> {
        crate::Store::write_records(self, owner, records, terms, progress, audit, chain)
    }

    fn record_terms_of(&self, owner: i64) -> Result<Vec<(Terms, usize)>, StoreError> {
        crate::Store::record_terms_of(self, owner)
    }

    fn record_terms(
        &self,
        owner: i64,
        entity_ids: &[&str],
    ) -> Result<Vec<Option<Terms>>, StoreError> {
        crate::Store::record_terms(self, owner, entity_ids)
    }

    fn live_records(&self, today: &str) -> Result<Vec<RecordRow>, StoreError> {
        crate::Store::live_records(self, today)
    }

    fn record(&self, id: i64) -> Result<Option<RecordRow>, StoreError> {
        crate::Store::record(self, id)
    }

    fn delete_record(
        &mut self,
        owner: i64,
        id: i64,
        audit: &AuditEntry,
        chain: Chain<'_>,
    ) -> Result<(), StoreError> {
        crate::Store::delete_record(self, owner, id, audit, chain)
    }

    fn list_records(&self, owner: i64, list: &str) -> Result<Vec<(i64, String)>, StoreError> {
        crate::Store::list_records(self, owner, list)
    }

    fn delete_records(
        &mut self,
        owner: i64,
        ids: &[i64],
        import: Option<i64>,
        audit: &AuditEntry,
        chain: Chain<'_>,
    ) -> Result<usize, StoreError> {
        crate::Store::delete_records(self, owner, ids, import, audit, chain)
    }

    fn purge_expired(
        &mut self,
        today: &str,
        audit: &AuditEntry,
        chain: Chain<'_>,
    ) -> Result<usize, StoreError> {
        crate::Store::purge_expired(self, today, audit, chain)
    }

    fn changes_after(&self, after: i64, limit: usize) -> Result<Vec<RecordChange>, StoreError> {
        crate::Store::changes_after(self, after, limit)
    }

    fn last_change(&self) -> Result<i64, StoreError> {
        crate::Store::last_change(self)
    }

    fn prune_changes(&mut self, before: i64) -> Result<usize, StoreError> {
        crate::Store::prune_changes(self, before)
    }

    fn record_id(&self, owner: i64, entity_id: &str) -> Result<Option<i64>, StoreError> {
        crate::Store::record_id(self, owner, entity_id)
    }

    fn record_versions(&self, record: i64) -> Result<i64, StoreError> {
        crate::Store::record_versions(self, record)
    }

    fn records_of(
        &self,
        owner: i64,
        limit: usize,
        offset: usize,
    ) -> Result<(Vec<RecordRow>, usize), StoreError> {
        crate::Store::records_of(self, owner, limit, offset)
    }

    fn search_records(
        &self,
        owner: i64,
        text: &str,
        limit: usize,
        offset: usize,
    ) -> Result<(Vec<RecordRow>, usize), StoreError> {
        crate::Store::search_records(self, owner, text, limit, offset)
    }
}
