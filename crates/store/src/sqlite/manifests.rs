//! Screened manifests in SQLite, kept with their hits and answers, and the list of a
//! member's flights.

use rusqlite::{params, OptionalExtension};

use super::hits::insert_hits;
use super::{append_audit, Store};
use crate::rows::summary_json;
use crate::{AuditEntry, AuditRow, FlightRow, ManifestRow, NewHit, NewManifest, StoreError};

impl Store {
    /// Keeps the screened manifests of one interchange with their hits (the owners
    /// notified) and audit entries, in one transaction: an interchange is kept whole or
    /// not at all. `answer(index, id, hit ids)` makes each manifest's answer to keep.
    /// Returns each manifest's id and its hits' ids.
    pub fn add_manifests(
        &mut self,
        manifests: &[(&NewManifest, &[NewHit])],
        at: i64,
        mut answer: impl FnMut(usize, i64, &[i64]) -> String,
        audits: &[AuditEntry],
        chain: impl Fn(&AuditRow) -> String,
    ) -> Result<Vec<(i64, Vec<i64>)>, StoreError> {
        let transaction = self.begin()?;
        let mut kept = Vec::with_capacity(manifests.len());
        for (index, (manifest, hits)) in manifests.iter().enumerate() {
            let raised = insert_hits(&transaction, hits, at)?;
            transaction
                .prepare_cached(
                    "INSERT INTO manifest (at, querier, source, reference, flight, travellers, digest, answer,
                                           kind)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, '', ?8)",
                )?
                .execute(params![
                    at,
                    manifest.querier,
                    manifest.source,
                    manifest.reference,
                    manifest.flight,
                    manifest.traveller_count()?,
                    manifest.digest,
                    manifest.kind
                ])?;
            let id = transaction.last_insert_rowid();
            let mut link =
                transaction.prepare_cached("UPDATE hit SET manifest = ?2 WHERE id = ?1")?;
            // a hit is on the manifest it was first raised on (a sighting does not move it)
            for (hit, _) in raised.iter().filter(|(_, new)| *new) {
                link.execute(params![hit, id])?;
            }
            let ids: Vec<i64> = raised.iter().map(|(hit, _)| *hit).collect();
            let given = answer(index, id, &ids);
            transaction
                .prepare_cached("UPDATE manifest SET answer = ?2 WHERE id = ?1")?
                .execute(params![id, given])?;
            kept.push((id, ids));
        }
        for audit in audits {
            append_audit(&transaction, audit, &chain)?;
        }
        transaction.commit()?;
        Ok(kept)
    }

    /// A kept manifest.
    pub fn manifest(&self, id: i64) -> Result<Option<ManifestRow>, StoreError> {
        Ok(self
            .connection
            .prepare_cached(
                "SELECT id, at, querier, source, reference, flight, travellers, digest, answer, kind
                 FROM manifest WHERE id = ?1",
            )?
            .query_row(params![id], |row| {
                Ok(ManifestRow {
                    id: row.get(0)?,
                    at: row.get(1)?,
                    querier: row.get(2)?,
                    source: row.get(3)?,
                    reference: row.get(4)?,
                    flight: row.get(5)?,
                    travellers: row.get(6)?,
                    digest: row.get(7)?,
                    answer: row.get(8)?,
                    kind: row.get(9)?,
                })
            })
            .optional()?)
    }

    /// The manifests `querier` screened, newest first, `limit` from `offset`, without their
    /// answers but with the answer's summary (JSON, [`summary_json`]); and how many there
    /// are.
    pub fn manifests_of(
        &self,
        querier: i64,
        limit: usize,
        offset: usize,
    ) -> Result<(Vec<FlightRow>, usize), StoreError> {
        // past what SQLite's integers hold is past every manifest (cast, `usize::MAX` would
        // be -1, which SQLite takes as no limit and as no offset)
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let offset = i64::try_from(offset).unwrap_or(i64::MAX);
        let total: i64 = self
            .connection
            .prepare_cached("SELECT COUNT(*) FROM manifest WHERE querier = ?1 AND kind = 'flight'")?
            .query_row(params![querier], |row| row.get(0))?;
        let mut statement = self.connection.prepare_cached(
            "SELECT id, at, source, reference, flight, travellers, answer -> '$.summary'
             FROM manifest WHERE querier = ?1 AND kind = 'flight'
             ORDER BY at DESC, id DESC LIMIT ?2 OFFSET ?3",
        )?;
        let rows = statement.query_map(params![querier, limit, offset], |row| {
            let summary: Option<String> = row.get(6)?;
            Ok(FlightRow {
                id: row.get(0)?,
                at: row.get(1)?,
                source: row.get(2)?,
                reference: row.get(3)?,
                flight: row.get(4)?,
                travellers: row.get(5)?,
                summary: summary_json(summary.as_deref()),
            })
        })?;
        let flights = rows.collect::<Result<_, _>>()?;
        Ok((flights, usize::try_from(total).unwrap_or(0)))
    }
}
