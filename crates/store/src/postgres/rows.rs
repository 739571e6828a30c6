//! The rows a screening writes (hits, their notifications, audit entries and the tree
//! nodes they complete) as the arrays of one statement, [`INSERT_ROWS`].
//!
//! A write made alone sends them at once. In a group (see [`super::conn::Conn::write_rows`])
//! they are kept, with the rows of the writes after it, until the group's next statement or
//! its commit: a group of screenings is then one statement of rows and the `COMMIT`, where
//! each screening cost four round trips to the server, each waiting under the write locks
//! every node shares (on this 2-core machine a round trip under load took 0.2-0.3 ms).
//! Their ids and audit numbers are known without reading: the group holds every lock,
//! and remembers the last it gave ([`super::conn::Held`]).

use postgres::types::ToSql;

use crate::AuditRow;

/// Hits, notifications, audit entries and tree nodes, column by column.
#[derive(Default)]
pub struct Rows {
    hit_id: Vec<i64>,
    hit_at: Vec<i64>,
    hit_querier: Vec<i64>,
    hit_record: Vec<i64>,
    hit_owner: Vec<i64>,
    hit_query: Vec<String>,
    hit_score: Vec<f64>,
    hit_explanation: Vec<String>,
    hit_manifest: Vec<Option<i64>>,
    hit_details: Vec<Option<String>>,
    hit_seen_count: Vec<i64>,
    notification_id: Vec<i64>,
    notification_owner: Vec<i64>,
    notification_hit: Vec<i64>,
    notification_at: Vec<i64>,
    audit_seq: Vec<i64>,
    audit_at: Vec<i64>,
    audit_text: [Vec<String>; 6],
    node_level: Vec<i16>,
    node_position: Vec<i64>,
    node_hash: Vec<Vec<u8>>,
}

/// How many rows of each kind: hits, notifications, audit entries, nodes.
pub type Counts = [usize; 4];

/// A hit as [`Rows`] takes it.
pub struct HitRowIn<'a> {
    pub id: i64,
    pub at: i64,
    pub querier: i64,
    pub record: i64,
    pub owner: i64,
    pub query: &'a str,
    pub score: f64,
    pub explanation: &'a str,
    pub manifest: Option<i64>,
    /// The traveller's details (a digest), when the query names someone.
    pub details: Option<&'a str>,
    /// Sightings of the traveller against the record in this write (1 but for a traveller
    /// screened twice in it).
    pub seen_count: i64,
}

/// Writes every row of the arrays `$1` to `$26` (a hit's details and count of sightings
/// last); each kind's key on the others (a notification's on its hit) is checked at the
/// end of the statement.
pub const INSERT_ROWS: &str = "WITH hits_added AS (
         INSERT INTO hit (id, at, querier, record, owner, query, score, explanation, status,
                          manifest, details, last_seen_at, seen_count)
         SELECT added.id, added.at, added.querier, added.record, added.owner, added.query,
                added.score, added.explanation, 'open', added.manifest, added.details,
                added.at, added.seen_count
         FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::bigint[], $5::bigint[],
                     $6::text[], $7::float8[], $8::text[], $9::bigint[], $25::text[],
                     $26::bigint[])
             AS added (id, at, querier, record, owner, query, score, explanation, manifest,
                       details, seen_count)
     ), notifications_added AS (
         INSERT INTO notification (id, owner, hit, at)
         SELECT * FROM unnest($10::bigint[], $11::bigint[], $12::bigint[], $13::bigint[])
     ), audit_added AS (
         INSERT INTO audit (seq, at, actor, action, subject, digest, previous, hash)
         SELECT * FROM unnest($14::bigint[], $15::bigint[], $16::text[], $17::text[],
                              $18::text[], $19::text[], $20::text[], $21::text[])
     ), audit_nodes_added AS (
         INSERT INTO audit_node (level, position, hash)
         SELECT * FROM unnest($22::smallint[], $23::bigint[], $24::bytea[])
     )
     SELECT 1";

impl Rows {
    pub fn is_empty(&self) -> bool {
        self.counts() == [0; 4]
    }

    pub fn counts(&self) -> Counts {
        [
            self.hit_id.len(),
            self.notification_id.len(),
            self.audit_seq.len(),
            self.node_level.len(),
        ]
    }

    pub fn add_hit(&mut self, hit: HitRowIn<'_>) {
        self.hit_id.push(hit.id);
        self.hit_at.push(hit.at);
        self.hit_querier.push(hit.querier);
        self.hit_record.push(hit.record);
        self.hit_owner.push(hit.owner);
        self.hit_query.push(hit.query.to_string());
        self.hit_score.push(hit.score);
        self.hit_explanation.push(hit.explanation.to_string());
        self.hit_manifest.push(hit.manifest);
        self.hit_details.push(hit.details.map(str::to_string));
        self.hit_seen_count.push(hit.seen_count);
    }

    /// One more sighting of the hit these rows add numbered `id`, if they add it; false
    /// otherwise.
    pub fn seen_again(&mut self, id: i64) -> bool {
        match self.hit_id.iter().position(|added| *added == id) {
            Some(at) => {
                self.hit_seen_count[at] += 1;
                true
            }
            None => false,
        }
    }

    pub fn add_notification(&mut self, id: i64, owner: i64, hit: i64, at: i64) {
        self.notification_id.push(id);
        self.notification_owner.push(owner);
        self.notification_hit.push(hit);
        self.notification_at.push(at);
    }

    pub fn add_audit(&mut self, row: &AuditRow) {
        self.audit_seq.push(row.seq);
        self.audit_at.push(row.at);
        let texts = [
            &row.actor,
            &row.action,
            &row.subject,
            &row.digest,
            &row.previous,
            &row.hash,
        ];
        for (column, text) in self.audit_text.iter_mut().zip(texts) {
            column.push(text.clone());
        }
    }

    pub fn add_node(&mut self, level: i16, position: i64, hash: &[u8]) {
        self.node_level.push(level);
        self.node_position.push(position);
        self.node_hash.push(hash.to_vec());
    }

    /// Adds `other`'s rows after these.
    pub fn append(&mut self, mut other: Rows) {
        self.hit_id.append(&mut other.hit_id);
        self.hit_at.append(&mut other.hit_at);
        self.hit_querier.append(&mut other.hit_querier);
        self.hit_record.append(&mut other.hit_record);
        self.hit_owner.append(&mut other.hit_owner);
        self.hit_query.append(&mut other.hit_query);
        self.hit_score.append(&mut other.hit_score);
        self.hit_explanation.append(&mut other.hit_explanation);
        self.hit_manifest.append(&mut other.hit_manifest);
        self.hit_details.append(&mut other.hit_details);
        self.hit_seen_count.append(&mut other.hit_seen_count);
        self.notification_id.append(&mut other.notification_id);
        self.notification_owner
            .append(&mut other.notification_owner);
        self.notification_hit.append(&mut other.notification_hit);
        self.notification_at.append(&mut other.notification_at);
        self.audit_seq.append(&mut other.audit_seq);
        self.audit_at.append(&mut other.audit_at);
        for (column, more) in self.audit_text.iter_mut().zip(&mut other.audit_text) {
            column.append(more);
        }
        self.node_level.append(&mut other.node_level);
        self.node_position.append(&mut other.node_position);
        self.node_hash.append(&mut other.node_hash);
    }

    /// Keeps the first `counts` rows of each kind and returns the rest (the rows of a
    /// write undone, or those kept after a write's savepoint).
    pub fn split_off(&mut self, counts: Counts) -> Rows {
        let [hits, notifications, audits, nodes] = counts;
        let mut audit_text: [Vec<String>; 6] = Default::default();
        for (rest, column) in audit_text.iter_mut().zip(&mut self.audit_text) {
            *rest = column.split_off(audits);
        }
        Rows {
            hit_id: self.hit_id.split_off(hits),
            hit_at: self.hit_at.split_off(hits),
            hit_querier: self.hit_querier.split_off(hits),
            hit_record: self.hit_record.split_off(hits),
            hit_owner: self.hit_owner.split_off(hits),
            hit_query: self.hit_query.split_off(hits),
            hit_score: self.hit_score.split_off(hits),
            hit_explanation: self.hit_explanation.split_off(hits),
            hit_manifest: self.hit_manifest.split_off(hits),
            hit_details: self.hit_details.split_off(hits),
            hit_seen_count: self.hit_seen_count.split_off(hits),
            notification_id: self.notification_id.split_off(notifications),
            notification_owner: self.notification_owner.split_off(notifications),
            notification_hit: self.notification_hit.split_off(notifications),
            notification_at: self.notification_at.split_off(notifications),
            audit_seq: self.audit_seq.split_off(audits),
            audit_at: self.audit_at.split_off(audits),
            audit_text,
            node_level: self.node_level.split_off(nodes),
            node_position: self.node_position.split_off(nodes),
            node_hash: self.node_hash.split_off(nodes),
        }
    }

    /// [`INSERT_ROWS`]'s parameters.
    pub fn params(&self) -> Vec<&(dyn ToSql + Sync)> {
        let mut params: Vec<&(dyn ToSql + Sync)> = vec![
            &self.hit_id,
            &self.hit_at,
            &self.hit_querier,
            &self.hit_record,
            &self.hit_owner,
            &self.hit_query,
            &self.hit_score,
            &self.hit_explanation,
            &self.hit_manifest,
            &self.notification_id,
            &self.notification_owner,
            &self.notification_hit,
            &self.notification_at,
            &self.audit_seq,
            &self.audit_at,
        ];
        for column in &self.audit_text {
            params.push(column);
        }
        params.push(&self.node_level);
        params.push(&self.node_position);
        params.push(&self.node_hash);
        params.push(&self.hit_details);
        params.push(&self.hit_seen_count);
        params
    }
}
