//! Screenings kept for a few days, so that travellers who passed before a record was added
//! or changed are screened again against it (the service's `retro`): each screening's
//! query as kept with its hits, its querier and its moment.
//!
//! Not evidence and not audited: the audit log and the hits are the evidence of a
//! screening; these rows are a window of queries, forgotten after a few days (personal
//! data is not kept longer than it serves). A screening is kept in the write that keeps its
//! hits (in one transaction with them when writes are grouped, as the server's are).

use crate::{KeptScreening, StoreError};

pub trait Screenings {
    /// Keeps the queries of screenings made at `at`: (querier, the query as kept with its
    /// hits).
    fn keep_screenings(&mut self, at: i64, screenings: &[(i64, &str)]) -> Result<(), StoreError>;

    /// The screenings kept that were made at `since` or later, numbered after `after`, in
    /// the order of their numbers, at most `limit`.
    fn kept_screenings(
        &self,
        since: i64,
        after: i64,
        limit: usize,
    ) -> Result<Vec<KeptScreening>, StoreError>;

    /// How many screenings made at `since` or later are kept.
    fn kept_screening_count(&self, since: i64) -> Result<usize, StoreError>;

    /// Forgets the screenings made before `before`; returns how many.
    fn forget_screenings(&mut self, before: i64) -> Result<usize, StoreError>;
}

/// The SQLite store: its own methods.
impl Screenings for crate::Store {
    fn keep_screenings(&mut self, at: i64, screenings: &[(i64, &str)]) -> Result<(), StoreError> {
        crate::Store::keep_screenings(self, at, screenings)
    }

    fn kept_screenings(
        &self,
        since: i64,
        after: i64,
        limit: usize,
    ) -> Result<Vec<KeptScreening>, StoreError> {
        crate::Store::kept_screenings(self, since, after, limit)
    }

    fn kept_screening_count(&self, since: i64) -> Result<usize, StoreError> {
        crate::Store::kept_screening_count(self, since)
    }

    fn forget_screenings(&mut self, before: i64) -> Result<usize, StoreError> {
        crate::Store::forget_screenings(self, before)
    }
}
