//! Hits (a query matched a person record or a document), their history of statuses, the
//! notifications members are sent about them, and the suppressions false positives make.
//!
//! A hit names a record or a document by its id (one id space, [`crate::DOCUMENT_IDS`]
//! apart), without a foreign key: the thing it names may be purged, the hit stays as
//! evidence. Hits are never deleted. Hit and notification ids grow in the order their
//! writes commit, so that a reader following them "after an id" (`hits_after`,
//! `notifications`) misses none; the console reads notifications the other way, newest
//! first, a page before the last id it showed (`notifications_before`).

use super::Chain;
use crate::{
    AuditEntry, HitFilter, HitManifest, HitRow, NewHit, NotificationRow, QueuedHit, StatusChange,
    StoreError, SuppressionRow,
};

/// A hit's history as `hit_history` gives it: (at, actor, status, reason).
pub type HitEvent = (i64, String, String, String);

pub trait Hits {
    /// Stores hits (each `open`, at `at`), notifies each one's owner of it (kind `hit`)
    /// unless the owner is the querier (a member is not told of its own screening against
    /// its own records), and appends `audits` in order, in one transaction: all or none.
    /// Returns the hits' ids in the order given.
    ///
    /// A hit given with `absorb_since` and `details` that an open hit of the same querier
    /// on the same record with the same details, raised at or after `absorb_since`,
    /// absorbs is not stored: the open hit is seen again (`last_seen_at` is `at`,
    /// `seen_count` one more), its owner is not notified again, and its id is returned for
    /// the hit given (the newest such open hit's, one given earlier in the same call
    /// among them).
    fn add_hits(
        &mut self,
        hits: &[NewHit],
        at: i64,
        audits: &[AuditEntry],
        chain: Chain<'_>,
    ) -> Result<Vec<i64>, StoreError>;

    fn hit(&self, id: i64) -> Result<Option<HitRow>, StoreError>;

    /// Changes a hit's status (`open`, `confirmed`, `false-positive` or `escalated`; any
    /// other is refused by the database) at the audit entry's time, by its actor, keeping
    /// the change and its reason in the hit's history, with the audit entry, in one
    /// transaction. Any suppression in force the hit made is revoked (at that time, by
    /// that actor); the change's `suppression`, when given, is made in its place, naming
    /// the hit, and its `notify`, when given, is the member notified and the notification's
    /// kind. A hit absent is [`StoreError::NotFound`] and nothing is written.
    fn set_hit_status(
        &mut self,
        change: &StatusChange<'_>,
        audit: &AuditEntry,
        chain: Chain<'_>,
    ) -> Result<(), StoreError>;

    /// A hit's history, oldest change first (none for a hit absent).
    fn hit_history(&self, id: i64) -> Result<Vec<HitEvent>, StoreError>;

    /// The notifications of member `owner` numbered after `after`, in id order (oldest
    /// first), at most `limit`, each with its hit as stored now.
    fn notifications(
        &self,
        owner: i64,
        after: i64,
        limit: usize,
    ) -> Result<Vec<NotificationRow>, StoreError>;

    /// The notifications of member `owner` numbered below `before` (all of them when
    /// `None`), newest first (in descending id order), at most `limit`, each with its hit
    /// as stored now: the console's pages, the newest first and each next page before
    /// the last id shown.
    fn notifications_before(
        &self,
        owner: i64,
        before: Option<i64>,
        limit: usize,
    ) -> Result<Vec<NotificationRow>, StoreError>;

    /// The hits `querier` raised that pass `filter`, newest first (then the higher score,
    /// then the larger id), `limit` from `offset`, each with the flight and reference of
    /// the manifest it was raised on (when it was); and how many pass in all, both read
    /// at one moment.
    fn hits_of(
        &self,
        querier: i64,
        filter: &HitFilter,
        limit: usize,
        offset: usize,
    ) -> Result<(Vec<QueuedHit>, usize), StoreError>;

    /// How many hits `querier` raised numbered after `after`, and the largest one's number
    /// (`after` when there is none).
    fn hits_after(&self, querier: i64, after: i64) -> Result<(usize, i64), StoreError>;

    /// The suppressions in force (not revoked) for `querier` on a traveller with these
    /// details (a digest), in id order.
    fn suppressions_for(
        &self,
        querier: i64,
        details: &str,
    ) -> Result<Vec<SuppressionRow>, StoreError>;

    /// The latest suppression a hit made, in force or revoked.
    fn suppression_of_hit(&self, hit: i64) -> Result<Option<SuppressionRow>, StoreError>;

    /// Revokes a suppression in force at the audit entry's time, by its actor, with the
    /// entry, in one transaction; one absent or revoked already is
    /// [`StoreError::NotFound`] and nothing is written.
    fn revoke_suppression(
        &mut self,
        id: i64,
        audit: &AuditEntry,
        chain: Chain<'_>,
    ) -> Result<(), StoreError>;

    /// The manifest a hit was raised on, if any.
    fn manifest_of_hit(&self, hit: i64) -> Result<Option<HitManifest>, StoreError>;
}

/// The SQLite store: its own methods.
impl Hits for crate::Store {
    fn add_hits(
        &mut self,
        hits: &[NewHit],
        at: i64,
        audits: &[AuditEntry],
        chain: Chain<'_>,
    ) -> Result<Vec<i64>, StoreError> {
        crate::Store::add_hits(self, hits, at, audits, chain)
    }

    fn hit(&self, id: i64) -> Result<Option<HitRow>, StoreError> {
        crate::Store::hit(self, id)
    }

    fn set_hit_status(
        &mut self,
        change: &StatusChange<'_>,
        audit: &AuditEntry,
        chain: Chain<'_>,
    ) -> Result<(), StoreError> {
        crate::Store::set_hit_status(self, change, audit, chain)
    }

    fn hit_history(&self, id: i64) -> Result<Vec<HitEvent>, StoreError> {
        crate::Store::hit_history(self, id)
    }

    fn notifications(
        &self,
        owner: i64,
        after: i64,
        limit: usize,
    ) -> Result<Vec<NotificationRow>, StoreError> {
        crate::Store::notifications(self, owner, after, limit)
    }

    fn notifications_before(
        &self,
        owner: i64,
        before: Option<i64>,
        limit: usize,
    ) -> Result<Vec<NotificationRow>, StoreError> {
        crate::Store::notifications_before(self, owner, before, limit)
    }

    fn hits_of(
        &self,
        querier: i64,
        filter: &HitFilter,
        limit: usize,
        offset: usize,
    ) -> Result<(Vec<QueuedHit>, usize), StoreError> {
        crate::Store::hits_of(self, querier, filter, limit, offset)
    }

    fn hits_after(&self, querier: i64, after: i64) -> Result<(usize, i64), StoreError> {
        crate::Store::hits_after(self, querier, after)
    }

    fn suppressions_for(
        &self,
        querier: i64,
        details: &str,
    ) -> Result<Vec<SuppressionRow>, StoreError> {
        crate::Store::suppressions_for(self, querier, details)
    }

    fn suppression_of_hit(&self, hit: i64) -> Result<Option<SuppressionRow>, StoreError> {
        crate::Store::suppression_of_hit(self, hit)
    }

    fn revoke_suppression(
        &mut self,
        id: i64,
        audit: &AuditEntry,
        chain: Chain<'_>,
    ) -> Result<(), StoreError> {
        crate::Store::revoke_suppression(self, id, audit, chain)
    }

    fn manifest_of_hit(&self, hit: i64) -> Result<Option<HitManifest>, StoreError> {
        crate::Store::manifest_of_hit(self, hit)
    }
}
