//! Screened manifests (a flight's passenger list, PAXLST or PNRGOV) and transactions (a
//! payment's or a shipment's parties, `kind`): each kept with the hits it raised and its
//! answer, an interchange or a batch whole or not at all.

use super::Chain;
use crate::{AuditEntry, FlightRow, ManifestRow, NewHit, NewManifest, StoreError};

/// Makes a manifest's answer to keep from its place in the interchange, its id and its
/// hits' ids.
pub type Answer<'a> = &'a mut dyn FnMut(usize, i64, &[i64]) -> String;

pub trait Manifests {
    /// Keeps the screened manifests of one interchange with their hits (the owners
    /// notified, as [`super::Hits::add_hits`] does) and `audits`, in one transaction.
    /// `answer(index, id, hit ids)` makes each manifest's answer to keep. Returns each
    /// manifest's id and its hits' ids.
    fn add_manifests(
        &mut self,
        manifests: &[(&NewManifest, &[NewHit])],
        at: i64,
        answer: Answer<'_>,
        audits: &[AuditEntry],
        chain: Chain<'_>,
    ) -> Result<Vec<(i64, Vec<i64>)>, StoreError>;

    /// A kept manifest.
    fn manifest(&self, id: i64) -> Result<Option<ManifestRow>, StoreError>;

    /// The flights' manifests `querier` screened (not its transactions), newest first, `limit` from `offset`, without
    /// their answers but with the answer's summary (JSON, `{}` when it has none); and how
    /// many there are.
    fn manifests_of(
        &self,
        querier: i64,
        limit: usize,
        offset: usize,
    ) -> Result<(Vec<FlightRow>, usize), StoreError>;
}

/// The SQLite store: its own methods.
impl Manifests for crate::Store {
    fn add_manifests(
        &mut self,
        manifests: &[(&NewManifest, &[NewHit])],
        at: i64,
        answer: Answer<'_>,
        audits: &[AuditEntry],
        chain: Chain<'_>,
    ) -> Result<Vec<(i64, Vec<i64>)>, StoreError> {
        crate::Store::add_manifests(self, manifests, at, answer, audits, chain)
    }

    fn manifest(&self, id: i64) -> Result<Option<ManifestRow>, StoreError> {
        crate::Store::manifest(self, id)
    }

    fn manifests_of(
        &self,
        querier: i64,
        limit: usize,
        offset: usize,
    ) -> Result<(Vec<FlightRow>, usize), StoreError> {
        crate::Store::manifests_of(self, querier, limit, offset)
    }
}
