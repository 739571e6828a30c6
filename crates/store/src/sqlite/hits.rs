//! Hits in SQLite: their history, the notifications of their records' owners, the
//! suppressions false positives make, and a member's queue of the hits it raised.

use rusqlite::{params, Connection, OptionalExtension};

use super::{append_audit, Store};
use crate::{
    AuditEntry, AuditRow, HitFilter, HitManifest, HitRow, NewHit, NotificationRow, QueuedHit,
    StatusChange, StoreError, SuppressionRow,
};

const SUPPRESSION_COLUMNS: &str =
    "id, querier, record, record_version, details, hit, at, actor, revoked_at, revoked_by";

fn suppression_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<SuppressionRow> {
    Ok(SuppressionRow {
        id: row.get(0)?,
        querier: row.get(1)?,
        record: row.get(2)?,
        record_version: row.get(3)?,
        details: row.get(4)?,
        hit: row.get(5)?,
        at: row.get(6)?,
        actor: row.get(7)?,
        revoked_at: row.get(8)?,
        revoked_by: row.get(9)?,
    })
}

/// The filter's conditions on `hit h` (with `manifest m` joined), numbered from `?2`, and
/// its values in order.
const FILTER_CONDITIONS: &str = "h.querier = ?1
    AND (?2 IS NULL OR h.status = ?2)
    AND (?3 IS NULL OR h.at >= ?3)
    AND (?4 IS NULL OR h.at < ?4)
    AND (?5 IS NULL OR h.score >= ?5)
    AND (?6 IS NULL OR (h.record >= ?7) = ?6)
    AND (?8 IS NULL OR instr(lower(m.flight), lower(?8)) > 0 OR instr(lower(m.reference), lower(?8)) > 0)";

/// A notification with its hit, read by [`notification_row`]; to be followed by the
/// conditions and the order.
const NOTIFICATION_COLUMNS: &str = "SELECT n.id, n.at, n.kind, h.id, h.at, h.querier, h.record,
        h.owner, h.query, h.score, h.explanation, h.status, h.last_seen_at, h.seen_count, n.report
    FROM notification n JOIN hit h ON h.id = n.hit";

fn notification_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<NotificationRow> {
    Ok(NotificationRow {
        id: row.get(0)?,
        at: row.get(1)?,
        kind: row.get(2)?,
        report: row.get(14)?,
        hit: HitRow {
            id: row.get(3)?,
            at: row.get(4)?,
            querier: row.get(5)?,
            record: row.get(6)?,
            owner: row.get(7)?,
            query: row.get(8)?,
            score: row.get(9)?,
            explanation: row.get(10)?,
            status: row.get(11)?,
            last_seen_at: row.get(12)?,
            seen_count: row.get(13)?,
        },
    })
}

impl Store {
    /// Stores hits, notifies each record's owner (unless the owner asked), and appends the
    /// audit entries, in one transaction (one write to disk). Returns the hits' ids in order.
    pub fn add_hits(
        &mut self,
        hits: &[NewHit],
        at: i64,
        audits: &[AuditEntry],
        chain: impl Fn(&AuditRow) -> String,
    ) -> Result<Vec<i64>, StoreError> {
        let transaction = self.begin()?;
        let ids = insert_hits(&transaction, hits, at)?
            .into_iter()
            .map(|(id, _)| id)
            .collect();
        for audit in audits {
            append_audit(&transaction, audit, &chain)?;
        }
        transaction.commit()?;
        Ok(ids)
    }

    pub fn hit(&self, id: i64) -> Result<Option<HitRow>, StoreError> {
        Ok(self
            .connection
            .prepare_cached("SELECT id, at, querier, record, owner, query, score, explanation, status, last_seen_at, seen_count FROM hit WHERE id = ?1")?
            .query_row(params![id],
                hit_row,
            )
            .optional()?)
    }

    /// Changes a hit's status with its reason, kept in the hit's history, with the audit
    /// entry, in one transaction.
    /// The change is made at the audit entry's time, by its actor.
    /// A suppression the hit made is revoked by any change of its status; `suppression`,
    /// when given, is made in its place (a false positive). `notify`, when given, is the
    /// member to notify of the change and the notification's kind.
    pub fn set_hit_status(
        &mut self,
        change: &StatusChange<'_>,
        audit: &AuditEntry,
        chain: impl Fn(&AuditRow) -> String,
    ) -> Result<(), StoreError> {
        let StatusChange {
            hit: id,
            status,
            reason,
            suppression,
            notify,
        } = *change;
        let transaction = self.begin()?;
        let changed = transaction
            .prepare_cached("UPDATE hit SET status = ?2 WHERE id = ?1")?
            .execute(params![id, status])?;
        if changed == 0 {
            return Err(StoreError::NotFound {
                what: "hit",
                name: id.to_string(),
            });
        }
        transaction
            .prepare_cached(
                "UPDATE suppression SET revoked_at = ?2, revoked_by = ?3
                 WHERE hit = ?1 AND revoked_at IS NULL",
            )?
            .execute(params![id, audit.at, audit.actor])?;
        if let Some(suppression) = suppression {
            transaction
                .prepare_cached(
                    "INSERT INTO suppression (querier, record, record_version, details, hit, at, actor)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                )?
                .execute(params![
                    suppression.querier,
                    suppression.record,
                    suppression.record_version,
                    suppression.details,
                    id,
                    audit.at,
                    audit.actor
                ])?;
        }
        if let Some((member, kind)) = notify {
            transaction
                .prepare_cached(
                    "INSERT INTO notification (owner, hit, at, kind) VALUES (?1, ?2, ?3, ?4)",
                )?
                .execute(params![member, id, audit.at, kind])?;
        }
        transaction.prepare_cached("INSERT INTO hit_event (hit, at, actor, status, reason) VALUES (?1, ?2, ?3, ?4, ?5)")?
            .execute(params![id, audit.at, audit.actor, status, reason],
        )?;
        append_audit(&transaction, audit, &chain)?;
        transaction.commit()?;
        Ok(())
    }

    /// A hit's history: (at, actor, status, reason), oldest first.
    pub fn hit_history(&self, id: i64) -> Result<Vec<(i64, String, String, String)>, StoreError> {
        let mut statement = self.connection.prepare_cached(
            "SELECT at, actor, status, reason FROM hit_event WHERE hit = ?1 ORDER BY rowid",
        )?;
        let rows = statement.query_map(params![id], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// A member's notifications after `after` (an id), oldest first, at most `limit`.
    pub fn notifications(
        &self,
        owner: i64,
        after: i64,
        limit: usize,
    ) -> Result<Vec<NotificationRow>, StoreError> {
        let mut statement = self.connection.prepare_cached(&format!(
            "{NOTIFICATION_COLUMNS} WHERE n.owner = ?1 AND n.id > ?2 ORDER BY n.id LIMIT ?3"
        ))?;
        // past what SQLite's integers hold is every notification (cast, `usize::MAX`
        // would be -1, which SQLite takes as no limit)
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = statement.query_map(params![owner, after, limit], notification_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// A member's notifications below `before` (an id; all when `None`), newest first, at
    /// most `limit`: the owner's index (`notification_by_owner`) read backwards.
    pub fn notifications_before(
        &self,
        owner: i64,
        before: Option<i64>,
        limit: usize,
    ) -> Result<Vec<NotificationRow>, StoreError> {
        let mut statement = self.connection.prepare_cached(&format!(
            "{NOTIFICATION_COLUMNS} WHERE n.owner = ?1 AND n.id < ?2 ORDER BY n.id DESC LIMIT ?3"
        ))?;
        let before = before.unwrap_or(i64::MAX);
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = statement.query_map(params![owner, before, limit], notification_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The hits `querier` raised that pass `filter`, newest and highest first, `limit` of
    /// them from `offset`, each with the flight and reference of its manifest (when it was
    /// raised on one); and how many pass in all.
    pub fn hits_of(
        &self,
        querier: i64,
        filter: &HitFilter,
        limit: usize,
        offset: usize,
    ) -> Result<(Vec<QueuedHit>, usize), StoreError> {
        // past what SQLite's integers hold is past every hit (cast, `usize::MAX` would be
        // -1, which SQLite takes as no limit and as no offset)
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let offset = i64::try_from(offset).unwrap_or(i64::MAX);
        let mut values: Vec<&dyn rusqlite::ToSql> = vec![
            &querier,
            &filter.status,
            &filter.since,
            &filter.until,
            &filter.min_score,
            &filter.documents,
            &crate::DOCUMENT_IDS,
            &filter.flight,
        ];
        let total: i64 = self
            .connection
            .prepare_cached(&format!(
                "SELECT COUNT(*) FROM hit h LEFT JOIN manifest m ON m.id = h.manifest
                 WHERE {FILTER_CONDITIONS}"
            ))?
            .query_row(values.as_slice(), |row| row.get(0))?;
        values.extend([&limit as &dyn rusqlite::ToSql, &offset]);
        let mut statement = self.connection.prepare_cached(&format!(
            "SELECT h.id, h.at, h.querier, h.record, h.owner, h.query, h.score, h.explanation,
                    h.status, h.last_seen_at, h.seen_count, m.flight, m.reference
             FROM hit h LEFT JOIN manifest m ON m.id = h.manifest
             WHERE {FILTER_CONDITIONS}
             ORDER BY h.at DESC, h.score DESC, h.id DESC LIMIT ?9 OFFSET ?10"
        ))?;
        let rows = statement.query_map(values.as_slice(), |row| {
            let hit = hit_row(row)?;
            let flight: Option<String> = row.get(11)?;
            let reference: Option<String> = row.get(12)?;
            Ok((hit, flight.zip(reference)))
        })?;
        let hits = rows.collect::<Result<_, _>>()?;
        Ok((hits, usize::try_from(total).unwrap_or(0)))
    }

    /// How many hits `querier` raised after the hit numbered `after`, and the newest one's
    /// number (`after` when there is none).
    pub fn hits_after(&self, querier: i64, after: i64) -> Result<(usize, i64), StoreError> {
        let (count, newest): (i64, i64) = self
            .connection
            .prepare_cached(
                "SELECT COUNT(*), COALESCE(MAX(id), ?2) FROM hit WHERE querier = ?1 AND id > ?2",
            )?
            .query_row(params![querier, after], |row| {
                Ok((row.get(0)?, row.get(1)?))
            })?;
        Ok((usize::try_from(count).unwrap_or(0), newest))
    }

    /// The suppressions in force for `querier` on a traveller with these details.
    pub fn suppressions_for(
        &self,
        querier: i64,
        details: &str,
    ) -> Result<Vec<SuppressionRow>, StoreError> {
        let mut statement = self.connection.prepare_cached(&format!(
            "SELECT {SUPPRESSION_COLUMNS} FROM suppression
             WHERE querier = ?1 AND details = ?2 AND revoked_at IS NULL ORDER BY id"
        ))?;
        let rows = statement.query_map(params![querier, details], suppression_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The latest suppression a hit made, in force or revoked.
    pub fn suppression_of_hit(&self, hit: i64) -> Result<Option<SuppressionRow>, StoreError> {
        Ok(self
            .connection
            .prepare_cached(&format!(
                "SELECT {SUPPRESSION_COLUMNS} FROM suppression WHERE hit = ?1 ORDER BY id DESC LIMIT 1"
            ))?
            .query_row(params![hit], suppression_row)
            .optional()?)
    }

    /// Revokes a suppression in force, with the audit entry (whose actor and time it
    /// takes), in one transaction.
    pub fn revoke_suppression(
        &mut self,
        id: i64,
        audit: &AuditEntry,
        chain: impl Fn(&AuditRow) -> String,
    ) -> Result<(), StoreError> {
        self.with_audit(Some(audit), chain, |transaction| {
            let changed = transaction
                .prepare_cached(
                    "UPDATE suppression SET revoked_at = ?2, revoked_by = ?3
                     WHERE id = ?1 AND revoked_at IS NULL",
                )?
                .execute(params![id, audit.at, audit.actor])?;
            if changed == 0 {
                return Err(StoreError::NotFound {
                    what: "suppression",
                    name: id.to_string(),
                });
            }
            Ok(())
        })
    }

    /// The manifest a hit was raised on, if any.
    pub fn manifest_of_hit(&self, hit: i64) -> Result<Option<HitManifest>, StoreError> {
        Ok(self
            .connection
            .prepare_cached(
                "SELECT m.id, m.kind, m.flight, m.reference FROM hit h
                 JOIN manifest m ON m.id = h.manifest WHERE h.id = ?1",
            )?
            .query_row(params![hit], |row| {
                Ok(HitManifest {
                    id: row.get(0)?,
                    kind: row.get(1)?,
                    flight: row.get(2)?,
                    reference: row.get(3)?,
                })
            })
            .optional()?)
    }
}

/// Stores hits and notifies each record's owner (unless the owner asked), inside a
/// transaction; returns the hits' ids in order, each with whether it is new. A hit an
/// open one absorbs (see [`NewHit::absorb_since`]) is a sighting of it: the open hit's id
/// is given, its last sighting and count updated, and nobody is notified.
pub(super) fn insert_hits(
    transaction: &Connection,
    hits: &[NewHit],
    at: i64,
) -> Result<Vec<(i64, bool)>, StoreError> {
    let mut ids = Vec::with_capacity(hits.len());
    let mut insert = transaction.prepare_cached(
        "INSERT INTO hit (at, querier, record, owner, query, score, explanation, status,
                          details, last_seen_at, seen_count)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'open', ?8, ?1, 1)",
    )?;
    let mut notify = transaction
        .prepare_cached("INSERT INTO notification (owner, hit, at) VALUES (?1, ?2, ?3)")?;
    for hit in hits {
        if let Some(id) = absorbing_hit(transaction, hit)? {
            transaction
                .prepare_cached(
                    "UPDATE hit SET last_seen_at = MAX(last_seen_at, ?2), seen_count = seen_count + 1
                     WHERE id = ?1",
                )?
                .execute(params![id, at])?;
            ids.push((id, false));
            continue;
        }
        insert.execute(params![
            at,
            hit.querier,
            hit.record,
            hit.owner,
            hit.query,
            hit.score,
            hit.explanation,
            hit.details
        ])?;
        let id = transaction.last_insert_rowid();
        if hit.owner != hit.querier {
            notify.execute(params![hit.owner, id, at])?;
        }
        ids.push((id, true));
    }
    Ok(ids)
}

/// The open hit that absorbs `hit` as a sighting, if any: the newest of the same querier
/// on the same record with the same details, raised at or after `hit.absorb_since`.
fn absorbing_hit(transaction: &Connection, hit: &NewHit) -> Result<Option<i64>, StoreError> {
    let (Some(details), Some(since)) = (&hit.details, hit.absorb_since) else {
        return Ok(None);
    };
    Ok(transaction
        // the index named: left to choose, SQLite takes the queue's (`querier`, `at`)
        // and reads every hit of the querier since `since`, a cost that grows with
        // each hit raised (a file of 100,000 payments slowed from 365 to 140 a second)
        .prepare_cached(
            "SELECT id FROM hit INDEXED BY hit_open_by_details
             WHERE querier = ?1 AND record = ?2 AND details = ?3 AND status = 'open'
               AND details IS NOT NULL AND at >= ?4
             ORDER BY id DESC LIMIT 1",
        )?
        .query_row(params![hit.querier, hit.record, details, since], |row| {
            row.get(0)
        })
        .optional()?)
}

fn hit_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<HitRow> {
    Ok(HitRow {
        id: row.get(0)?,
        at: row.get(1)?,
        querier: row.get(2)?,
        record: row.get(3)?,
        owner: row.get(4)?,
        query: row.get(5)?,
        score: row.get(6)?,
        explanation: row.get(7)?,
        status: row.get(8)?,
        last_seen_at: row.get(9)?,
        seen_count: row.get(10)?,
    })
}
