//! Screened manifests on PostgreSQL: the SQLite store's rows, in the same order, with the
//! same errors. A manifest is only ever written with its hits, under the hits lock
//! (after the records lock, before the audit lock): manifests are numbered the largest
//! plus one, in the order their writes commit, and no id is used up by a write undone,
//! as none is on SQLite.

use super::hits::{bigint, insert_hits, lock_hits, next_ids};
use super::{append_audit_in, PostgresStore};
use crate::concepts::{Answer, Chain, Manifests};
use crate::rows::summary_json;
use crate::{AuditEntry, FlightRow, ManifestRow, NewHit, NewManifest, StoreError};

impl Manifests for PostgresStore {
    fn add_manifests(
        &mut self,
        manifests: &[(&NewManifest, &[NewHit])],
        at: i64,
        answer: Answer<'_>,
        audits: &[AuditEntry],
        chain: Chain<'_>,
    ) -> Result<Vec<(i64, Vec<i64>)>, StoreError> {
        self.write(|transaction| {
            lock_hits(transaction)?;
            let mut kept = Vec::with_capacity(manifests.len());
            for (index, (manifest, hits)) in manifests.iter().enumerate() {
                // in SQLite's order (its hits, the manifest, then its answer), so that a
                // write refused fails at the same step, before the same answers were made;
                // the hits name the manifest before its row is there (`hit_manifest` is
                // checked at commit)
                let id = next_ids(transaction, "manifest", 1)?;
                let hit_ids = insert_hits(transaction, hits, at, Some(id))?;
                transaction.execute(
                    "INSERT INTO manifest (id, at, querier, source, reference, flight,
                                           travellers, digest, answer, kind)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, '', $9)",
                    &[
                        &id,
                        &at,
                        &manifest.querier,
                        &manifest.source,
                        &manifest.reference,
                        &manifest.flight,
                        &manifest.traveller_count()?,
                        &manifest.digest,
                        &manifest.kind,
                    ],
                )?;
                let given = answer(index, id, &hit_ids);
                transaction.execute(
                    "UPDATE manifest SET answer = $2 WHERE id = $1",
                    &[&id, &given],
                )?;
                kept.push((id, hit_ids));
            }
            for audit in audits {
                append_audit_in(transaction, audit, chain)?;
            }
            Ok(kept)
        })
    }

    fn manifest(&self, id: i64) -> Result<Option<ManifestRow>, StoreError> {
        let row = self.client.borrow_mut().query_opt(
            "SELECT id, at, querier, source, reference, flight, travellers, digest, answer, kind
             FROM manifest WHERE id = $1",
            &[&id],
        )?;
        Ok(row.map(|row| ManifestRow {
            id: row.get(0),
            at: row.get(1),
            querier: row.get(2),
            source: row.get(3),
            reference: row.get(4),
            flight: row.get(5),
            travellers: row.get(6),
            digest: row.get(7),
            answer: row.get(8),
            kind: row.get(9),
        }))
    }

    /// The summary is the answer's first `summary` member as written, found by `json_each`
    /// in the order of the answer's members (`->` would take the last of several, where
    /// SQLite takes the first), then given as SQLite gives it ([`summary_json`]). Only the
    /// page's answers are read, and only their summaries leave the database.
    fn manifests_of(
        &self,
        querier: i64,
        limit: usize,
        offset: usize,
    ) -> Result<(Vec<FlightRow>, usize), StoreError> {
        let (limit, offset) = (bigint(limit), bigint(offset));
        self.read(|transaction| {
            let total: i64 = transaction
                .query_one(
                    "SELECT COUNT(*) FROM manifest WHERE querier = $1 AND kind = 'flight'",
                    &[&querier],
                )?
                .get(0);
            let rows = transaction.query(
                "SELECT page.id, page.at, page.source, page.reference, page.flight,
                        page.travellers,
                        (SELECT member.value::text
                         FROM json_each(CASE WHEN json_typeof(page.answer::json) = 'object'
                                             THEN page.answer::json END)
                             WITH ORDINALITY AS member (key, value, place)
                         WHERE member.key = 'summary'
                         ORDER BY member.place LIMIT 1)
                 FROM (SELECT id, at, source, reference, flight, travellers, answer
                       FROM manifest WHERE querier = $1 AND kind = 'flight'
                       ORDER BY at DESC, id DESC LIMIT $2 OFFSET $3) page
                 ORDER BY page.at DESC, page.id DESC",
                &[&querier, &limit, &offset],
            )?;
            let flights = rows
                .iter()
                .map(|row| {
                    let summary: Option<&str> = row.get(6);
                    FlightRow {
                        id: row.get(0),
                        at: row.get(1),
                        source: row.get(2),
                        reference: row.get(3),
                        flight: row.get(4),
                        travellers: row.get(5),
                        summary: summary_json(summary),
                    }
                })
                .collect();
            Ok((flights, usize::try_from(total).unwrap_or(0)))
        })
    }
}
