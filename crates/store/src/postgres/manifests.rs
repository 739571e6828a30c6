//! Manifests on PostgreSQL: not kept yet. Every call is refused with an error that says
//! so (a screening of a flight on PostgreSQL fails whole, nothing half-kept), until the
//! table and its writes are here.

use super::PostgresStore;
use crate::concepts::{Answer, Chain, Manifests};
use crate::console::FlightRow;
use crate::{AuditEntry, ManifestRow, NewHit, NewManifest, StoreError};

fn not_yet() -> StoreError {
    StoreError::Refused("manifests are not kept on PostgreSQL yet".to_string())
}

impl Manifests for PostgresStore {
    fn add_manifests(
        &mut self,
        _manifests: &[(&NewManifest, &[NewHit])],
        _at: i64,
        _answer: Answer<'_>,
        _audits: &[AuditEntry],
        _chain: Chain<'_>,
    ) -> Result<Vec<(i64, Vec<i64>)>, StoreError> {
        Err(not_yet())
    }

    fn manifest(&self, _id: i64) -> Result<Option<ManifestRow>, StoreError> {
        Err(not_yet())
    }

    fn manifests_of(
        &self,
        _querier: i64,
        _limit: usize,
        _offset: usize,
    ) -> Result<(Vec<FlightRow>, usize), StoreError> {
        Err(not_yet())
    }
}
