//! Hits, their history, notifications and suppressions on PostgreSQL: the SQLite store's
//! rows, in the same order, with the same errors. Every write of them takes the hits lock
//! for its transaction (after the records lock, before the audit lock), so that writes
//! from any node are made one at a time, as SQLite makes every write: hits, notifications
//! and suppressions are numbered the largest plus one, in the order their writes commit,
//! so that a node following notifications or hits "after an id" never passes over one
//! that another node commits later with a smaller id; and no id is used up by a write
//! undone, as none is on SQLite.
//!
//! A hit raised on a screened manifest names it (`hit.manifest`, set by
//! [`super::manifests`]): the queue shows its flight and reference and filters by them,
//! and [`Hits::manifest_of_hit`] finds it, as on SQLite.

use super::conn::Conn;

use super::audit::Chained;
use super::rows::{HitRowIn, Rows};
use super::{append_audit_in, not_found, PostgresStore};
use crate::concepts::{Chain, HitEvent, Hits};
use crate::{
    AuditEntry, HitFilter, HitManifest, HitRow, NewHit, NotificationRow, QueuedHit, StatusChange,
    StoreError, SuppressionRow, DOCUMENT_IDS,
};

/// The lock every write of hits, notifications, suppressions or manifests takes for its
/// transaction (after the records lock, before the audit lock).
pub(super) const HITS_LOCK: i64 = 0x6761_7465_6869_7473; // "gatehits"

const HIT_COLUMNS: &str = "h.id, h.at, h.querier, h.record, h.owner, h.query, h.score, \
                           h.explanation, h.status, h.last_seen_at, h.seen_count";

const SUPPRESSION_COLUMNS: &str =
    "id, querier, record, record_version, details, hit, at, actor, revoked_at, revoked_by";

/// The filter's conditions on `hit h` (with `manifest m` joined), numbered from `$1` (the
/// querier) to `$8`, as SQLite's `FILTER_CONDITIONS`. The flight text (`$8`) is found in
/// the flight or the reference with ASCII letters alone folded to lower case, as SQLite's
/// `lower` folds them, whatever the database's locale (collated "C"); a hit raised on no
/// manifest passes no flight filter.
const FILTER_CONDITIONS: &str = r#"h.querier = $1
    AND ($2::text IS NULL OR h.status = $2)
    AND ($3::bigint IS NULL OR h.at >= $3)
    AND ($4::bigint IS NULL OR h.at < $4)
    AND ($5::float8 IS NULL OR h.score >= $5)
    AND ($6::boolean IS NULL OR (h.record >= $7) = $6)
    AND ($8::text IS NULL
         OR strpos(lower(m.flight COLLATE "C"), lower($8::text COLLATE "C")) > 0
         OR strpos(lower(m.reference COLLATE "C"), lower($8::text COLLATE "C")) > 0)"#;

/// A hit read with [`HIT_COLUMNS`] from column `first` on.
fn hit_row_from(row: &postgres::Row, first: usize) -> HitRow {
    HitRow {
        id: row.get(first),
        at: row.get(first + 1),
        querier: row.get(first + 2),
        record: row.get(first + 3),
        owner: row.get(first + 4),
        query: row.get(first + 5),
        score: row.get(first + 6),
        explanation: row.get(first + 7),
        status: row.get(first + 8),
        last_seen_at: row.get(first + 9),
        seen_count: row.get(first + 10),
    }
}

fn suppression_row(row: &postgres::Row) -> SuppressionRow {
    SuppressionRow {
        id: row.get(0),
        querier: row.get(1),
        record: row.get(2),
        record_version: row.get(3),
        details: row.get(4),
        hit: row.get(5),
        at: row.get(6),
        actor: row.get(7),
        revoked_at: row.get(8),
        revoked_by: row.get(9),
    }
}

/// A write of the transaction changes suppressions: what a group knew of whose there are
/// is forgotten.
fn suppressions_change(transaction: &mut Conn) {
    if let Some(held) = transaction.held() {
        held.suppressing.clear();
    }
}

/// Waits for every other write of hits, notifications, suppressions or manifests, from
/// whichever node, to commit or be undone.
pub(super) fn lock_hits(transaction: &mut Conn) -> Result<(), StoreError> {
    transaction.advisory_lock(HITS_LOCK)?;
    Ok(())
}

/// The first id not taken in `table` (one of the hits lock's tables, read under it).
///
/// In a group holding the hits lock the id is the one its own last write left: the caller
/// takes `count` ids from it.
pub(super) fn next_ids(
    transaction: &mut Conn,
    table: &'static str,
    count: usize,
) -> Result<i64, StoreError> {
    let known = transaction
        .held()
        .and_then(|held| held.next_ids.get(table).copied());
    let next = match known {
        Some(next) => next,
        None => transaction
            .query_read(
                &format!("SELECT COALESCE(MAX(id), 0) + 1 FROM {table}"),
                &[],
            )?
            .first()
            .map_or(1, |row| row.get(0)),
    };
    if let Some(held) = transaction.held() {
        held.next_ids.insert(table, next + bigint(count));
    }
    Ok(next)
}

/// A count or position past what a BIGINT holds is past every row.
pub(super) fn bigint(count: usize) -> i64 {
    i64::try_from(count).unwrap_or(i64::MAX)
}

/// Stores hits, raised on `manifest` when given, and notifies each one's owner unless the
/// owner is the querier, inside a transaction holding the hits lock (in a group, kept to
/// be sent with its next statement); returns the hits' ids in order.
pub(super) fn insert_hits(
    transaction: &mut Conn,
    hits: &[NewHit],
    at: i64,
    manifest: Option<i64>,
) -> Result<Vec<i64>, StoreError> {
    let mut rows = Rows::default();
    let ids = number_hits(transaction, hits, at, manifest, &mut rows)?;
    transaction.write_rows(rows)?;
    Ok(ids)
}

/// Numbers `hits` after the last (see [`next_ids`]) and adds them to `rows`, with the
/// notifications of their owners other than the querier; returns their ids in order. A hit
/// an open one absorbs (see [`NewHit::absorb_since`]) is a sighting of it, as on SQLite:
/// the open hit's id is given, its last sighting and count updated, nobody notified.
fn number_hits(
    transaction: &mut Conn,
    hits: &[NewHit],
    at: i64,
    manifest: Option<i64>,
    rows: &mut Rows,
) -> Result<Vec<i64>, StoreError> {
    if hits.is_empty() {
        return Ok(Vec::new());
    }
    let mut absorbed: Vec<Option<i64>> = Vec::with_capacity(hits.len());
    // hits of this write that may absorb a later one of it: (querier, record, details) -> id
    let mut raised_here: Vec<((i64, i64, &str), usize)> = Vec::new();
    for (at_hit, hit) in hits.iter().enumerate() {
        let (Some(details), Some(since)) = (hit.details.as_deref(), hit.absorb_since) else {
            absorbed.push(None);
            continue;
        };
        let key = (hit.querier, hit.record, details);
        if let Some((_, earlier)) = raised_here.iter().find(|(seen, _)| *seen == key) {
            absorbed.push(Some(-(bigint(*earlier) + 1)));
            continue;
        }
        let found = transaction.query_read(
            "SELECT id FROM hit
             WHERE querier = $1 AND record = $2 AND details = $3 AND status = 'open'
               AND details IS NOT NULL AND at >= $4
             ORDER BY id DESC LIMIT 1",
            &[&hit.querier, &hit.record, &details, &since],
        )?;
        match found.first() {
            Some(row) => absorbed.push(Some(row.get(0))),
            None => {
                raised_here.push((key, at_hit));
                absorbed.push(None);
            }
        }
    }
    let new_count = absorbed.iter().filter(|found| found.is_none()).count();
    let first = if new_count > 0 {
        next_ids(transaction, "hit", new_count)?
    } else {
        0
    };
    let mut next = first;
    let mut ids = Vec::with_capacity(hits.len());
    let mut notified: Vec<(i64, i64)> = Vec::new();
    for (hit, found) in hits.iter().zip(&absorbed) {
        match *found {
            // a hit numbered earlier in this write (its position, negated, less one)
            Some(earlier) if earlier < 0 => {
                let id = ids[usize::try_from(-earlier - 1).unwrap_or_default()];
                rows.seen_again(id);
                ids.push(id);
            }
            Some(id) => {
                transaction.execute(
                    "UPDATE hit SET last_seen_at = GREATEST(last_seen_at, $2),
                                    seen_count = seen_count + 1
                     WHERE id = $1",
                    &[&id, &at],
                )?;
                ids.push(id);
            }
            None => {
                let id = next;
                next += 1;
                rows.add_hit(HitRowIn {
                    id,
                    at,
                    querier: hit.querier,
                    record: hit.record,
                    owner: hit.owner,
                    query: &hit.query,
                    score: hit.score,
                    explanation: &hit.explanation,
                    manifest,
                    details: hit.details.as_deref(),
                    seen_count: 1,
                });
                if hit.owner != hit.querier {
                    notified.push((id, hit.owner));
                }
                ids.push(id);
            }
        }
    }
    if !notified.is_empty() {
        let first = next_ids(transaction, "notification", notified.len())?;
        for (id, (hit, owner)) in (first..).zip(notified) {
            rows.add_notification(id, owner, hit, at);
        }
    }
    Ok(ids)
}

impl Hits for PostgresStore {
    fn add_hits(
        &mut self,
        hits: &[NewHit],
        at: i64,
        audits: &[AuditEntry],
        chain: Chain<'_>,
    ) -> Result<Vec<i64>, StoreError> {
        // the hits, their notifications and the entries in one statement
        self.write(|transaction| {
            if !hits.is_empty() {
                lock_hits(transaction)?;
            }
            let mut rows = Rows::default();
            let ids = number_hits(transaction, hits, at, None, &mut rows)?;
            let chained = Chained::after_the_log(transaction, audits, chain)?;
            chained.add_to(&mut rows);
            transaction.write_rows(rows)?;
            chained.written(transaction);
            Ok(ids)
        })
    }

    fn hit(&self, id: i64) -> Result<Option<HitRow>, StoreError> {
        let row = self.client.borrow_mut().query_opt(
            &format!("SELECT {HIT_COLUMNS} FROM hit h WHERE h.id = $1"),
            &[&id],
        )?;
        Ok(row.map(|row| hit_row_from(&row, 0)))
    }

    fn set_hit_status(
        &mut self,
        change: &StatusChange<'_>,
        audit: &AuditEntry,
        chain: Chain<'_>,
    ) -> Result<(), StoreError> {
        let StatusChange {
            hit: id,
            status,
            reason,
            suppression,
            notify,
        } = *change;
        self.write(|transaction| {
            lock_hits(transaction)?;
            let changed =
                transaction.execute("UPDATE hit SET status = $2 WHERE id = $1", &[&id, &status])?;
            if changed == 0 {
                return Err(not_found("hit", &id.to_string()));
            }
            suppressions_change(transaction);
            transaction.execute(
                "UPDATE suppression SET revoked_at = $2, revoked_by = $3
                 WHERE hit = $1 AND revoked_at IS NULL",
                &[&id, &audit.at, &audit.actor],
            )?;
            if let Some(suppression) = suppression {
                let suppression_id = next_ids(transaction, "suppression", 1)?;
                transaction.execute(
                    "INSERT INTO suppression (id, querier, record, record_version, details, hit,
                                              at, actor)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                    &[
                        &suppression_id,
                        &suppression.querier,
                        &suppression.record,
                        &suppression.record_version,
                        &suppression.details,
                        &id,
                        &audit.at,
                        &audit.actor,
                    ],
                )?;
            }
            if let Some((member, kind)) = notify {
                let notification_id = next_ids(transaction, "notification", 1)?;
                transaction.execute(
                    "INSERT INTO notification (id, owner, hit, at, kind) VALUES ($1, $2, $3, $4, $5)",
                    &[&notification_id, &member, &id, &audit.at, &kind],
                )?;
            }
            transaction.execute(
                "INSERT INTO hit_event (hit, at, actor, status, reason) VALUES ($1, $2, $3, $4, $5)",
                &[&id, &audit.at, &audit.actor, &status, &reason],
            )?;
            append_audit_in(transaction, audit, chain)?;
            Ok(())
        })
    }

    fn hit_history(&self, id: i64) -> Result<Vec<HitEvent>, StoreError> {
        let rows = self.client.borrow_mut().query(
            "SELECT at, actor, status, reason FROM hit_event WHERE hit = $1 ORDER BY id",
            &[&id],
        )?;
        Ok(rows
            .iter()
            .map(|row| (row.get(0), row.get(1), row.get(2), row.get(3)))
            .collect())
    }

    fn notifications(
        &self,
        owner: i64,
        after: i64,
        limit: usize,
    ) -> Result<Vec<NotificationRow>, StoreError> {
        let rows = self.client.borrow_mut().query(
            &format!(
                "SELECT n.id, n.at, n.kind, n.report, {HIT_COLUMNS}
                 FROM notification n JOIN hit h ON h.id = n.hit
                 WHERE n.owner = $1 AND n.id > $2 ORDER BY n.id LIMIT $3"
            ),
            &[&owner, &after, &bigint(limit)],
        )?;
        Ok(rows
            .iter()
            .map(|row| NotificationRow {
                id: row.get(0),
                at: row.get(1),
                kind: row.get(2),
                report: row.get(3),
                hit: hit_row_from(row, 4),
            })
            .collect())
    }

    fn notifications_before(
        &self,
        owner: i64,
        before: Option<i64>,
        limit: usize,
    ) -> Result<Vec<NotificationRow>, StoreError> {
        // the owner's index (`notification_by_owner`) read backwards from `before`
        let before = before.unwrap_or(i64::MAX);
        let rows = self.client.borrow_mut().query(
            &format!(
                "SELECT n.id, n.at, n.kind, n.report, {HIT_COLUMNS}
                 FROM notification n JOIN hit h ON h.id = n.hit
                 WHERE n.owner = $1 AND n.id < $2 ORDER BY n.id DESC LIMIT $3"
            ),
            &[&owner, &before, &bigint(limit)],
        )?;
        Ok(rows
            .iter()
            .map(|row| NotificationRow {
                id: row.get(0),
                at: row.get(1),
                kind: row.get(2),
                report: row.get(3),
                hit: hit_row_from(row, 4),
            })
            .collect())
    }

    fn hits_of(
        &self,
        querier: i64,
        filter: &HitFilter,
        limit: usize,
        offset: usize,
    ) -> Result<(Vec<QueuedHit>, usize), StoreError> {
        let (limit, offset) = (bigint(limit), bigint(offset));
        let conditions: [&(dyn postgres::types::ToSql + Sync); 8] = [
            &querier,
            &filter.status,
            &filter.since,
            &filter.until,
            &filter.min_score,
            &filter.documents,
            &DOCUMENT_IDS,
            &filter.flight,
        ];
        self.read(|transaction| {
            let total: i64 = transaction
                .query_one(
                    &format!(
                        "SELECT COUNT(*) FROM hit h LEFT JOIN manifest m ON m.id = h.manifest
                         WHERE {FILTER_CONDITIONS}"
                    ),
                    &conditions,
                )?
                .get(0);
            let mut parameters = conditions.to_vec();
            parameters.extend([&limit as &(dyn postgres::types::ToSql + Sync), &offset]);
            let rows = transaction.query(
                &format!(
                    "SELECT {HIT_COLUMNS}, m.flight, m.reference
                     FROM hit h LEFT JOIN manifest m ON m.id = h.manifest
                     WHERE {FILTER_CONDITIONS}
                     ORDER BY h.at DESC, h.score DESC, h.id DESC LIMIT $9 OFFSET $10"
                ),
                &parameters,
            )?;
            let hits = rows
                .iter()
                .map(|row| {
                    let flight: Option<String> = row.get(11);
                    let reference: Option<String> = row.get(12);
                    (hit_row_from(row, 0), flight.zip(reference))
                })
                .collect();
            Ok((hits, usize::try_from(total).unwrap_or(0)))
        })
    }

    fn hits_after(&self, querier: i64, after: i64) -> Result<(usize, i64), StoreError> {
        let row = self.client.borrow_mut().query_one(
            "SELECT COUNT(*), COALESCE(MAX(id), $2) FROM hit WHERE querier = $1 AND id > $2",
            &[&querier, &after],
        )?;
        let count: i64 = row.get(0);
        Ok((usize::try_from(count).unwrap_or(0), row.get(1)))
    }

    fn suppressions_for(
        &self,
        querier: i64,
        details: &str,
    ) -> Result<Vec<SuppressionRow>, StoreError> {
        let mut client = self.client.borrow_mut();
        let Some(held) = client.held() else {
            let rows = client.query(
                &format!(
                    "SELECT {SUPPRESSION_COLUMNS} FROM suppression
                     WHERE querier = $1 AND details = $2 AND revoked_at IS NULL ORDER BY id"
                ),
                &[&querier, &details],
            )?;
            return Ok(rows.iter().map(suppression_row).collect());
        };
        // in a group, which holds the hits lock, whether the querier has any suppression
        // in force is read once (as the group takes its locks, for the queriers of the
        // groups before): a screening of a querier with none reads nothing
        if held.suppressing.get(&querier) == Some(&false) {
            return Ok(Vec::new());
        }
        // the rows the group keeps are of other tables: they need not go first
        let rows = client.query_beside_rows(
            &format!(
                "WITH any_in_force AS (
                     SELECT EXISTS (SELECT 1 FROM suppression
                                    WHERE querier = $1 AND revoked_at IS NULL) AS any
                 )
                 SELECT {}, any_in_force.any
                 FROM any_in_force LEFT JOIN suppression s
                     ON s.querier = $1 AND s.details = $2 AND s.revoked_at IS NULL
                 ORDER BY s.id",
                SUPPRESSION_COLUMNS
                    .split(", ")
                    .map(|column| format!("s.{column}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            &[&querier, &details],
        )?;
        let any = rows.first().is_some_and(|row| row.get::<_, bool>(10));
        if let Some(held) = client.held() {
            held.suppressing.insert(querier, any);
        }
        client.remember_querier(querier);
        Ok(rows
            .iter()
            .filter(|row| row.get::<_, Option<i64>>(0).is_some())
            .map(suppression_row)
            .collect())
    }

    fn suppression_of_hit(&self, hit: i64) -> Result<Option<SuppressionRow>, StoreError> {
        let row = self.client.borrow_mut().query_opt(
            &format!(
                "SELECT {SUPPRESSION_COLUMNS} FROM suppression WHERE hit = $1
                 ORDER BY id DESC LIMIT 1"
            ),
            &[&hit],
        )?;
        Ok(row.as_ref().map(suppression_row))
    }

    fn revoke_suppression(
        &mut self,
        id: i64,
        audit: &AuditEntry,
        chain: Chain<'_>,
    ) -> Result<(), StoreError> {
        self.write(|transaction| {
            lock_hits(transaction)?;
            suppressions_change(transaction);
            let changed = transaction.execute(
                "UPDATE suppression SET revoked_at = $2, revoked_by = $3
                 WHERE id = $1 AND revoked_at IS NULL",
                &[&id, &audit.at, &audit.actor],
            )?;
            if changed == 0 {
                return Err(not_found("suppression", &id.to_string()));
            }
            append_audit_in(transaction, audit, chain)?;
            Ok(())
        })
    }

    fn manifest_of_hit(&self, hit: i64) -> Result<Option<HitManifest>, StoreError> {
        let row = self.client.borrow_mut().query_opt(
            "SELECT m.id, m.kind, m.flight, m.reference FROM hit h
             JOIN manifest m ON m.id = h.manifest WHERE h.id = $1",
            &[&hit],
        )?;
        Ok(row.map(|row| HitManifest {
            id: row.get(0),
            kind: row.get(1),
            flight: row.get(2),
            reference: row.get(3),
        }))
    }
}
