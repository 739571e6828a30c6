//! The rows both backends keep and give back: members, person records and their change
//! feed, hits and notifications, suppressions, screened manifests and the list of flights,
//! imports, the console's users and sessions, audit entries and signed checkpoints. Each
//! backend reads and writes them its own way; the same calls give the same rows on both.

use crate::StoreError;

/// A hit to be stored: a query matched a record at or above the threshold.
#[derive(Debug, Clone)]
pub struct NewHit {
    pub querier: i64,
    pub record: i64,
    pub owner: i64,
    /// The query as given (an FtM entity, JSON).
    pub query: String,
    pub score: f64,
    /// The full explanation (JSON), kept as evidence whatever the querier was shown.
    pub explanation: String,
    /// The traveller's details as a suppression compares them (a digest), when the query
    /// names someone: kept with the hit so that a sighting of the same traveller finds it.
    pub details: Option<String>,
    /// When given (with `details`), an open hit of the same querier on the same record
    /// with the same details, raised at or after this moment, absorbs this one: it is
    /// seen again (its last sighting and count of sightings updated, its owner not
    /// notified again) and its id is given for this one.
    pub absorb_since: Option<i64>,
}

/// A hit as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct HitRow {
    pub id: i64,
    pub at: i64,
    pub querier: i64,
    pub record: i64,
    pub owner: i64,
    pub query: String,
    pub score: f64,
    pub explanation: String,
    pub status: String,
    /// When the traveller was last seen against the record (`at` when seen once).
    pub last_seen_at: i64,
    /// How many screenings saw the traveller against the record, this hit's first among
    /// them.
    pub seen_count: i64,
}

/// A notification to a member about a hit: of a new hit on its record (`hit`), of a hit
/// on its record escalated to it for a decision (`escalated`), or of the owner's answer
/// to a hit it escalated (`answered`).
#[derive(Debug, Clone, PartialEq)]
pub struct NotificationRow {
    pub id: i64,
    pub at: i64,
    pub kind: String,
    /// The report a `report` notification tells of (its hit is the report's).
    pub report: Option<i64>,
    pub hit: HitRow,
}

/// A record as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordRow {
    pub id: i64,
    pub owner: i64,
    /// The entity's id as its owner gave it.
    pub entity_id: String,
    /// The FollowTheMoney entity, as one JSON line.
    pub entity: String,
    /// `all`, `members` or `owner-only`.
    pub access_level: String,
    /// The members (ids) a `members` record is shown to, besides its owner.
    pub access_members: Vec<i64>,
    pub action: String,
    /// `YYYY-MM-DD`: after this day the record stops matching.
    pub review_by: String,
    pub version: i64,
    pub updated_at: i64,
}

/// A change of a person record in the store's change feed: the record was added, changed,
/// deleted or purged. Read by [`crate::concepts::Records::changes_after`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecordChange {
    /// The change's number: from 1, without gaps, in the order the writes committed.
    pub seq: i64,
    /// The record's id.
    pub record: i64,
    /// When (Unix seconds): the time of the write's audit entry.
    pub at: i64,
}

/// A record to be written (added, or a new version of the owner's record with this
/// entity id); its terms are the write's.
#[derive(Debug, Clone)]
pub struct NewRecord {
    pub entity_id: String,
    pub entity: String,
    /// The published list the record is an entry of, when a whole version of that list is
    /// being written (see [`crate::concepts::Records::list_records`]); `None` leaves the
    /// stored record's list as it is (a new record then has none).
    pub list: Option<String>,
}

/// A screening kept for screening again: the query as kept with its hits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeptScreening {
    pub id: i64,
    /// When it was screened (Unix seconds).
    pub at: i64,
    /// The member that screened.
    pub querier: i64,
    pub query: String,
}

/// What writing a batch of records did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WriteCounts {
    pub added: usize,
    pub changed: usize,
    pub unchanged: usize,
    /// Records deleted because a newer version of their list no longer has them (an
    /// import's count; a write of records removes none).
    pub removed: usize,
}

/// A member as stored: the key itself is never stored, only its hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberRow {
    pub id: i64,
    pub name: String,
    pub country: String,
    pub admin: bool,
    pub key_hash: Vec<u8>,
    /// Unix seconds.
    pub created_at: i64,
    pub revoked_at: Option<i64>,
    /// How officers of other members reach the member about a hit (a desk, a telephone, an
    /// address), as the member gave it; empty when not given.
    pub contact: String,
    /// The IANA time zone the member's officers work in (`Asia/Baghdad`), beside UTC on
    /// the console's pages; empty when not given (UTC only).
    pub time_zone: String,
}

/// A member to be added.
#[derive(Debug, Clone)]
pub struct NewMember<'a> {
    pub name: &'a str,
    pub country: &'a str,
    pub admin: bool,
    pub key_hash: &'a [u8],
    pub created_at: i64,
}

/// One entry of the audit log, as stored. `hash` covers every other field, `previous`
/// included, so the entries form a chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRow {
    pub seq: i64,
    /// Unix seconds.
    pub at: i64,
    /// The member (or `cli:` operator) who acted.
    pub actor: String,
    pub action: String,
    pub subject: String,
    /// Hex digest of what the action answered or wrote.
    pub digest: String,
    /// Hex hash of the entry before (zeros for the first).
    pub previous: String,
    pub hash: String,
}

/// An audit entry before the store numbers it and the caller chains it.
#[derive(Debug, Clone)]
pub struct AuditEntry {
    pub at: i64,
    pub actor: String,
    pub action: String,
    pub subject: String,
    pub digest: String,
}

/// The manifest a hit was raised on: its id, what was screened (`flight`, `payment` or
/// `shipment`, as [`NewManifest::kind`]), the flight's legs or the transaction (JSON), and
/// the message's reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HitManifest {
    pub id: i64,
    pub kind: String,
    pub flight: String,
    pub reference: String,
}

/// A screened manifest to be kept.
#[derive(Debug, Clone)]
pub struct NewManifest {
    pub querier: i64,
    /// What was screened: `flight` (a manifest), `payment` or `shipment` (a transaction's
    /// parties: kept so that its hits show the message's parties side by side, and that a
    /// suspicious transaction report is written from it).
    pub kind: String,
    /// `PAXLST` or `PNRGOV` (or `JSON` for a manifest given as JSON); a transaction's form
    /// (`MT103`, `pacs.008`, `WCO consignment` ...).
    pub source: String,
    /// The message's reference.
    pub reference: String,
    /// The flight's legs, JSON; a transaction as its reader gave it, JSON.
    pub flight: String,
    pub travellers: usize,
    /// Hex SHA-256 of the message as received.
    pub digest: String,
}

impl NewManifest {
    /// How many travellers it has, as the databases keep the number.
    pub(crate) fn traveller_count(&self) -> Result<i64, StoreError> {
        i64::try_from(self.travellers).map_err(|_| StoreError::Invalid {
            what: "number of travellers",
            name: self.travellers.to_string(),
        })
    }
}

/// A kept manifest.
#[derive(Debug, Clone, PartialEq)]
pub struct ManifestRow {
    pub id: i64,
    pub at: i64,
    pub querier: i64,
    /// `flight`, `payment` or `shipment` (see [`NewManifest::kind`]).
    pub kind: String,
    pub source: String,
    pub reference: String,
    pub flight: String,
    pub travellers: i64,
    pub digest: String,
    /// The answer given, JSON.
    pub answer: String,
}

/// A suspicious transaction report to keep: written by `author` from its confirmed hit
/// `hit`, for `recipient` (a member's financial intelligence unit) to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewReport {
    pub author: i64,
    pub recipient: i64,
    pub hit: i64,
    /// The author's reference of the case.
    pub reference: String,
    /// The report, as written (goAML XML).
    pub report: String,
    /// Hex SHA-256 of the report.
    pub digest: String,
}

/// A kept report; `report` is left out of a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportRow {
    pub id: i64,
    pub at: i64,
    pub author: i64,
    pub recipient: i64,
    pub hit: i64,
    pub reference: String,
    pub digest: String,
    pub report: Option<String>,
}

/// An import as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportRow {
    pub id: i64,
    pub member: i64,
    /// The file as its importer named it.
    pub file: String,
    /// Hex SHA-256 of the file.
    pub digest: String,
    /// The terms every record of the file is written with, as text.
    pub terms: String,
    /// Items of the file (records, in file order) written so far.
    pub items_done: i64,
    /// What writing them did, over every attempt.
    pub counts: WriteCounts,
    pub started_at: i64,
    pub finished_at: Option<i64>,
}

/// The progress a batch of an import brings, written in the batch's transaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportProgress {
    pub import: i64,
    /// Items of the file written once this batch is.
    pub items_done: i64,
}

/// A console user to be added.
#[derive(Debug, Clone)]
pub struct NewUser<'a> {
    pub member: i64,
    pub name: &'a str,
    /// `officer`, `supervisor` or `administrator`.
    pub role: &'a str,
    /// `en` or `ar`.
    pub language: &'a str,
    pub password_salt: &'a [u8],
    pub password_hash: &'a [u8],
    /// How the hash was made (`argon2id v19 m=19456 t=2 p=1`), so that a later version can
    /// check old hashes and raise the cost.
    pub password_params: &'a str,
    pub created_at: i64,
}

/// A console user as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserRow {
    pub id: i64,
    pub member: i64,
    pub name: String,
    pub role: String,
    pub language: String,
    pub password_salt: Vec<u8>,
    pub password_hash: Vec<u8>,
    pub password_params: String,
    pub created_at: i64,
    pub disabled_at: Option<i64>,
}

/// A session as stored, with its user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRow {
    pub user: UserRow,
    pub created_at: i64,
    pub last_seen: i64,
}

/// Which of a member's hits to list. Every field left `None` lets every hit through.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HitFilter {
    pub status: Option<String>,
    /// Unix seconds, inclusive.
    pub since: Option<i64>,
    /// Unix seconds, exclusive.
    pub until: Option<i64>,
    pub min_score: Option<f64>,
    /// Hits on documents (`true`) or on person records (`false`).
    pub documents: Option<bool>,
    /// Text the flight of the hit's manifest contains (a flight number, an airport).
    pub flight: Option<String>,
}

/// A hit in a member's queue, with the flight and message reference of its manifest (when
/// it was raised on one).
pub type QueuedHit = (HitRow, Option<(String, String)>);

/// A screened manifest as a list of flights shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct FlightRow {
    pub id: i64,
    pub at: i64,
    pub source: String,
    pub reference: String,
    /// The flight's legs (JSON).
    pub flight: String,
    pub travellers: i64,
    /// The answer's summary (JSON): travellers, clear, refer, no_board, hits.
    pub summary: String,
}

/// The summary a list of flights shows, from the answer's `summary` member as the database
/// finds it (its JSON text, the first one when the answer has several; none when the
/// answer has none or is no object): that text without the whitespace between its tokens,
/// `{}` when there is none or it is `null`. Both backends give it from the same answer, so
/// that a summary is the same text whichever database kept it (SQLite's JSON functions
/// write a value without spaces, PostgreSQL's `json` keeps them as written and `jsonb`
/// adds its own and orders keys its way).
pub(crate) fn summary_json(member: Option<&str>) -> String {
    let Some(member) = member else {
        return "{}".to_string();
    };
    let mut summary = String::with_capacity(member.len());
    let (mut in_string, mut escaped) = (false, false);
    for character in member.chars() {
        if in_string {
            if escaped {
                escaped = false;
            } else if character == '\\' {
                escaped = true;
            } else if character == '"' {
                in_string = false;
            }
        } else if matches!(character, ' ' | '\t' | '\n' | '\r') {
            continue;
        } else if character == '"' {
            in_string = true;
        }
        summary.push(character);
    }
    if summary == "null" {
        return "{}".to_string();
    }
    summary
}

/// A change of a hit's status, as [`crate::concepts::Hits::set_hit_status`] keeps it.
#[derive(Debug, Clone, Copy)]
pub struct StatusChange<'a> {
    /// The hit.
    pub hit: i64,
    /// `open`, `confirmed`, `false-positive` or `escalated`.
    pub status: &'a str,
    /// Why, kept in the hit's history.
    pub reason: &'a str,
    /// The suppression made in place of any the hit made (for a false positive).
    pub suppression: Option<&'a NewSuppression>,
    /// The member to notify, and the notification's kind (`escalated`, `answered`).
    pub notify: Option<(i64, &'a str)>,
}

/// A suppression to be made with a false positive: the traveller's details (a digest) and
/// the record's version when it was cleared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSuppression {
    pub querier: i64,
    pub record: i64,
    pub record_version: i64,
    pub details: String,
}

/// A suppression as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SuppressionRow {
    pub id: i64,
    pub querier: i64,
    pub record: i64,
    pub record_version: i64,
    pub details: String,
    /// The hit cleared as a false positive.
    pub hit: i64,
    pub at: i64,
    pub actor: String,
    pub revoked_at: Option<i64>,
    pub revoked_by: Option<String>,
}

/// A signed checkpoint as kept: the tree's size it covers, when it was signed, and the
/// signed note (C2SP tlog-checkpoint) as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckpointRow {
    pub size: u64,
    pub at: i64,
    pub note: String,
}
