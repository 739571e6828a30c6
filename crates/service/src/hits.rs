//! Hits: a query that matched a record at or above the threshold, kept with who asked,
//! when, what, the score and the full explanation, whatever the querying member was shown.
//! The record's owner is notified of every hit by another member; the querying member's
//! officers adjudicate it (confirmed, false positive, escalated) with a mandatory reason.

use crate::access::{self, RecordView};
use crate::console::User;
use crate::members::Member;
use crate::screening::Matched;
use crate::{audit, ServiceError};
use gatecheck_engine::person::QualifierEffect;
use gatecheck_engine::watchlist::Explanation;
use gatecheck_formats::parties::Transaction;
use gatecheck_store::concepts::Backend;
use gatecheck_store::{
    AuditEntry, HitFilter, HitRow, NewHit, NewSuppression, RecordKind, StatusChange, SuppressionRow,
};
use serde_json::{json, Value};

/// What a hit's adjudication says of it; stored and shown by [`HitStatus::as_str`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HitStatus {
    /// Raised and not yet judged: every hit's first status.
    Open,
    /// The traveller is the listed person.
    Confirmed,
    /// The traveller is not the listed person: the same details are not raised again
    /// against the same version of the record (a suppression).
    FalsePositive,
    /// Sent to the record's owner to answer.
    Escalated,
}

impl HitStatus {
    pub const ALL: [HitStatus; 4] = [
        HitStatus::Open,
        HitStatus::Confirmed,
        HitStatus::FalsePositive,
        HitStatus::Escalated,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            HitStatus::Open => "open",
            HitStatus::Confirmed => "confirmed",
            HitStatus::FalsePositive => "false-positive",
            HitStatus::Escalated => "escalated",
        }
    }

    /// The status `text` names, if any.
    pub fn parse(text: &str) -> Option<HitStatus> {
        HitStatus::ALL
            .into_iter()
            .find(|status| status.as_str() == text)
    }
}

/// Statuses a hit may be given, as they are written.
pub const STATUSES: &[&str] = &[
    HitStatus::Open.as_str(),
    HitStatus::Confirmed.as_str(),
    HitStatus::FalsePositive.as_str(),
    HitStatus::Escalated.as_str(),
];
const MAX_REASON_BYTES: usize = 2000;

/// Hours a shift lasts by default: a traveller screened again by the same member within
/// one is a sighting of the open hit already raised, not a new hit (see
/// [`record_hits_of`]).
pub const DEFAULT_SHIFT_HOURS: u32 = 12;

/// Hours a shift may last at most: a week.
pub const MAX_SHIFT_HOURS: u32 = 24 * 7;

/// A shift of `hours` in seconds, as [`crate::screen::Settings::shift_seconds`] takes it.
pub const fn shift_seconds(hours: u32) -> i64 {
    hours as i64 * 3600
}

/// What became of a record matched: a hit (its id), or passed over by a suppression in
/// force (the suppression's id): the traveller was cleared as a false positive against this
/// version of the record with these very details.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Raised {
    Hit(i64),
    Suppressed(i64),
}

impl Raised {
    pub fn hit(self) -> Option<i64> {
        match self {
            Raised::Hit(id) => Some(id),
            Raised::Suppressed(_) => None,
        }
    }
}

/// Keeps the hits of one screening and notifies the owners, in one transaction with its
/// audit entry and, when given, the screening's own audit entry. Returns what became of
/// each record matched, in order (matches under a suppression in force make no hit).
/// Every match is a new hit: no open hit absorbs it (see [`record_hits_of`]).
pub fn record_hits(
    store: &mut dyn Backend,
    querier: &Member,
    query: &str,
    matched: &[Matched],
    screening: Option<AuditEntry>,
    now: i64,
) -> Result<Vec<Raised>, ServiceError> {
    let mut raised = record_hits_of(store, querier, &[(query, matched)], screening, None, 0, now)?;
    Ok(raised.pop().unwrap_or_default())
}

/// [`record_hits`] for a screening of several queries (a document and its holder): every
/// query's hits, an audit entry for each query that matched, and the screening's own entry,
/// in one transaction. `found_later`: the moment the queries were screened, when they are
/// screened again against records added or changed since (`retro`): each hit's
/// explanation says so. Returns what became of each match, one list a query.
///
/// A repeated screening within a shift (`shift_seconds`; 0: none) is a sighting, not a
/// new hit: when `querier` screened a traveller with the same details (see
/// [`details_digest`]; a query naming nobody has none and is never merged) against the
/// same record, and that hit is still open and was raised within the shift, the hit is
/// seen again (its last sighting and count of sightings) and its id answered, and its
/// owner is not notified again. The screening's audit entry and the query's `hit.add`
/// entry are kept as for a new hit: every sighting is in the audit log. A decided hit, or
/// one raised before the shift, absorbs nothing. Screening again later (`found_later`)
/// never merges: retro-screening keeps its own rule.
pub fn record_hits_of(
    store: &mut dyn Backend,
    querier: &Member,
    queries: &[(&str, &[Matched])],
    screening: Option<AuditEntry>,
    found_later: Option<i64>,
    shift_seconds: i64,
    now: i64,
) -> Result<Vec<Vec<Raised>>, ServiceError> {
    let mut prepared = prepare_hits(store, querier, queries, found_later, shift_seconds, now)?;
    prepared.entries.extend(screening);
    // the hits and the entries in one write, also when every match was suppressed
    let ids = store.add_hits(&prepared.hits, now, &prepared.entries, &audit::chain_hash)?;
    Ok(prepared.raised(&ids))
}

/// The hits of a screening of several queries, ready to be kept (see [`record_hits_of`]):
/// the new hits, the `hit.add` entry of each query that matched, and each match's
/// suppression in force, one list a query.
pub struct PreparedHits {
    pub hits: Vec<NewHit>,
    pub entries: Vec<AuditEntry>,
    suppressions: Vec<Vec<Option<i64>>>,
}

impl PreparedHits {
    /// What became of each match, one list a query, in order, from the ids the store gave
    /// the hits (in the order of [`PreparedHits::hits`]).
    pub fn raised(&self, ids: &[i64]) -> Vec<Vec<Raised>> {
        let mut ids = ids.iter().copied();
        self.suppressions
            .iter()
            .map(|suppressed| {
                let mut list = Vec::with_capacity(suppressed.len());
                for suppression in suppressed {
                    match suppression {
                        Some(suppression) => list.push(Raised::Suppressed(*suppression)),
                        None => list.extend(ids.next().map(Raised::Hit)),
                    }
                }
                list
            })
            .collect()
    }
}

/// The hits `queries` make for `querier`, not yet kept: what [`record_hits_of`] writes
/// (suppressions read from `store`).
pub fn prepare_hits(
    store: &dyn Backend,
    querier: &Member,
    queries: &[(&str, &[Matched])],
    found_later: Option<i64>,
    shift_seconds: i64,
    now: i64,
) -> Result<PreparedHits, ServiceError> {
    let absorb_since =
        (found_later.is_none() && shift_seconds > 0).then(|| now.saturating_sub(shift_seconds));
    let mut hits = Vec::new();
    let mut entries = Vec::new();
    let mut suppressions = Vec::with_capacity(queries.len());
    for (query, matched) in queries {
        if matched.is_empty() {
            suppressions.push(Vec::new());
            continue;
        }
        let suppressed = suppressed(store, querier, query, matched)?;
        let raised: Vec<Matched> = matched
            .iter()
            .zip(&suppressed)
            .filter(|(_, suppression)| suppression.is_none())
            .map(|(m, _)| m.clone())
            .collect();
        let mut new = new_hits(querier, query, &raised, absorb_since);
        if let Some(screened_at) = found_later {
            for hit in &mut new {
                hit.explanation = found_later_explanation(&hit.explanation, screened_at);
            }
        }
        hits.extend(new);
        let list = |records: &mut dyn Iterator<Item = &Matched>| {
            records
                .map(|m| m.record.to_string())
                .collect::<Vec<_>>()
                .join(",")
        };
        let mut subject = format!("records {}", list(&mut raised.iter()));
        if raised.len() < matched.len() {
            let passed = matched
                .iter()
                .zip(&suppressed)
                .filter(|(_, suppression)| suppression.is_some())
                .map(|(m, _)| m);
            subject.push_str(&format!("; suppressed {}", list(&mut passed.into_iter())));
        }
        entries.push(audit::entry(
            now,
            querier.actor(),
            crate::audit::Action::HitAdd,
            subject,
            query.as_bytes(),
        ));
        suppressions.push(suppressed);
    }
    Ok(PreparedHits {
        hits,
        entries,
        suppressions,
    })
}

/// A hit's explanation (JSON) with `found_later`: the moment the traveller was screened,
/// when the record matched was added or changed after it (`retro`).
fn found_later_explanation(explanation: &str, screened_at: i64) -> String {
    let mut value: Value = serde_json::from_str(explanation).unwrap_or(Value::Null);
    if let Some(object) = value.as_object_mut() {
        object.insert(
            "found_later".to_string(),
            json!({ "screened_at": crate::dates::utc(screened_at) }),
        );
    }
    value.to_string()
}

/// A document as screened for a traveller, kept with its hits: its number, issuing state
/// and type, and the FtM person that presented it (`holder`), so that a false positive on
/// the document binds to that person and never clears another holder of the same document.
pub fn document_query(
    number: &str,
    issuing_state: Option<&str>,
    kind: &str,
    holder: &Value,
) -> Value {
    json!({
        "number": number,
        "issuing_state": issuing_state,
        "type": kind,
        "holder": holder.get("properties").cloned().unwrap_or(Value::Null),
    })
}

/// The traveller's details as a suppression compares them, as a SHA-256 (hex); `None` when
/// the query names nobody, so that no suppression can be made or met.
///
/// A person query (an FtM entity) gives its properties; a document query gives its number,
/// issuing state and type with the properties of the person that presented it
/// (`holder.*`, see [`document_query`]): a document screened without a named holder (a
/// bare `POST /v1/screen/document`) is never suppressed, since a false positive on it
/// could clear whoever presents that document next. Each value is trimmed, its spaces
/// folded and its case ignored; fields are taken in a fixed order, without the query's id.
pub fn details_digest(query: &str) -> Option<String> {
    let value: Value = serde_json::from_str(query).ok()?;
    let mut fields: Vec<(String, &Value)> = Vec::new();
    if let Some(properties) = value.get("properties").and_then(Value::as_object) {
        fields.extend(properties.iter().map(|(key, v)| (key.clone(), v)));
    } else {
        let object = value.as_object()?;
        let holder = object.get("holder").and_then(Value::as_object)?;
        // a suppression needs a name of the holder, or it would bind to nobody in particular
        let named = gatecheck_formats::ftm::NAME_VALUED
            .iter()
            .filter_map(|key| holder.get(*key))
            .any(|names| !texts(names).is_empty());
        if !named {
            return None;
        }
        fields.extend(
            object
                .iter()
                .filter(|(key, _)| *key != "holder")
                .map(|(key, v)| (key.clone(), v)),
        );
        fields.extend(holder.iter().map(|(key, v)| (format!("holder.{key}"), v)));
    }
    fields.retain(|(key, _)| key != "id");
    fields.sort_by(|a, b| a.0.cmp(&b.0));
    let mut canonical = String::new();
    for (key, values) in fields {
        let mut values = texts(values);
        values.sort();
        values.dedup();
        if values.is_empty() {
            continue;
        }
        canonical.push_str(&key);
        canonical.push('\u{1f}');
        canonical.push_str(&values.join("\u{1e}"));
        canonical.push('\n');
    }
    if canonical.is_empty() {
        return None;
    }
    Some(audit::digest_of(canonical.as_bytes()))
}

/// The non-empty values of a property (one value or a list), folded.
fn texts(values: &Value) -> Vec<String> {
    let mut texts: Vec<String> = match values {
        Value::Array(items) => items.iter().map(value_text).collect(),
        other => vec![value_text(other)],
    };
    texts.retain(|text| !text.is_empty());
    texts
}

fn value_text(value: &Value) -> String {
    let text = match value {
        Value::String(text) => text.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    };
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The version a record (a person or a document) has now, if it is live.
fn record_version(store: &dyn Backend, record: i64) -> Result<Option<i64>, ServiceError> {
    Ok(match RecordKind::of(record) {
        RecordKind::Document => store.document(record)?.map(|row| row.version),
        RecordKind::Person => store.record(record)?.map(|row| row.version),
    })
}

/// The suppression in force, if any, for each match of a query: made by `querier` on a
/// traveller with the same details, against the record at the version it has now.
pub fn suppressed(
    store: &dyn Backend,
    querier: &Member,
    query: &str,
    matched: &[Matched],
) -> Result<Vec<Option<i64>>, ServiceError> {
    if matched.is_empty() {
        return Ok(Vec::new());
    }
    let Some(details) = details_digest(query) else {
        return Ok(vec![None; matched.len()]);
    };
    let in_force = store.suppressions_for(querier.id, &details)?;
    if in_force.is_empty() {
        return Ok(vec![None; matched.len()]);
    }
    let mut found = Vec::with_capacity(matched.len());
    for m in matched {
        let mut suppression = None;
        for row in in_force.iter().filter(|row| row.record == m.record) {
            if record_version(store, m.record)? == Some(row.record_version) {
                suppression = Some(row.id);
                break;
            }
        }
        found.push(suppression);
    }
    Ok(found)
}

/// The hits to keep of one query: each record matched, with the query, the traveller's
/// details (see [`details_digest`]) and the full explanation, whatever the querier was
/// shown. `absorb_since`: an open hit on the same traveller raised from then on absorbs
/// each (see [`record_hits_of`]).
pub fn new_hits(
    querier: &Member,
    query: &str,
    matched: &[Matched],
    absorb_since: Option<i64>,
) -> Vec<NewHit> {
    if matched.is_empty() {
        return Vec::new();
    }
    let details = details_digest(query);
    matched
        .iter()
        .map(|m| NewHit {
            querier: querier.id,
            record: m.record,
            owner: m.owner,
            query: query.to_string(),
            score: f64::from(m.score),
            explanation: explanation_json(&m.explanation).to_string(),
            details: details.clone(),
            absorb_since: details.as_ref().and(absorb_since),
        })
        .collect()
}

/// Adjudicates a hit of `actor`'s: a new status with a reason, kept in the hit's history.
/// The owner of the record hit is refused; to any other member the hit is absent.
pub fn set_status(
    store: &mut dyn Backend,
    actor: &Member,
    hit: i64,
    status: &str,
    reason: &str,
    now: i64,
) -> Result<(), ServiceError> {
    let label = actor.actor();
    set_status_as(store, actor, &label, hit, status, reason, now)
}

/// [`set_status`] by a console user, named in the hit's history and the audit log.
pub fn adjudicate(
    store: &mut dyn Backend,
    user: &User,
    hit: i64,
    status: &str,
    reason: &str,
    now: i64,
) -> Result<(), ServiceError> {
    set_status_as(store, &user.member, &user.actor(), hit, status, reason, now)
}

fn set_status_as(
    store: &mut dyn Backend,
    actor: &Member,
    label: &str,
    hit: i64,
    status: &str,
    reason: &str,
    now: i64,
) -> Result<(), ServiceError> {
    let Some(status) = HitStatus::parse(status) else {
        return Err(ServiceError::Invalid {
            field: "status",
            reason: format!("{status:?} is not one of {}", STATUSES.join(", ")),
        });
    };
    check_reason(reason)?;
    let row = match store.hit(hit)? {
        Some(row) if row.querier == actor.id => row,
        // the owner of the record hit knows of the hit (it was notified) but does not judge it
        // (it answers a hit escalated to it, see `answer_escalation`)
        Some(row) if row.owner == actor.id => {
            return Err(ServiceError::Forbidden(format!(
                "hit {hit}: only the member that screened adjudicates it"
            )))
        }
        _ => return Err(ServiceError::not_found("hit", hit)),
    };
    // a false positive says the traveller is not the listed person: only a member that
    // may compare the two in full can say so; to any other the owner decides
    if status == HitStatus::FalsePositive
        && !access::record_view(store, row.record, actor)?.is_full()
    {
        return Err(ServiceError::Forbidden(format!(
            "hit {hit}: the record is withheld from {}, so it cannot be judged a false positive \
             here; escalate the hit to ask its owner",
            actor.name
        )));
    }
    let entry = audit::entry(
        now,
        label,
        crate::audit::Action::HitStatus,
        format!("hit {hit}"),
        format!("{}\n{reason}", status.as_str()).as_bytes(),
    );
    let suppression = suppression_for(store, &row, status)?;
    // an escalation asks the owner, who is told and may answer (`answer_escalation`)
    let notify = (status == HitStatus::Escalated && row.owner != row.querier)
        .then_some((row.owner, "escalated"));
    store.set_hit_status(
        &StatusChange {
            hit,
            status: status.as_str(),
            reason,
            suppression: suppression.as_ref(),
            notify,
        },
        &entry,
        &audit::chain_hash,
    )?;
    Ok(())
}

fn check_reason(reason: &str) -> Result<(), ServiceError> {
    if reason.trim().is_empty() || reason.len() > MAX_REASON_BYTES {
        return Err(ServiceError::Invalid {
            field: "reason",
            reason: format!("is required, 1 to {MAX_REASON_BYTES} bytes"),
        });
    }
    Ok(())
}

/// The suppression a hit's new status makes: a false positive is not raised again for the
/// same details against the same version of the record (any other status makes none, and
/// revokes the hit's earlier one); none when the query names nobody (see
/// [`details_digest`]) or the record is gone.
fn suppression_for(
    store: &dyn Backend,
    row: &HitRow,
    status: HitStatus,
) -> Result<Option<NewSuppression>, ServiceError> {
    if status != HitStatus::FalsePositive {
        return Ok(None);
    }
    let Some(details) = details_digest(&row.query) else {
        return Ok(None);
    };
    Ok(
        record_version(store, row.record)?.map(|version| NewSuppression {
            querier: row.querier,
            record: row.record,
            record_version: version,
            details,
        }),
    )
}

/// Decisions a record's owner may answer an escalated hit with.
pub const ANSWERS: &[&str] = &[
    HitStatus::Confirmed.as_str(),
    HitStatus::FalsePositive.as_str(),
];

/// The owner's answer to a hit escalated to it by the member that screened: whether the
/// traveller is the listed person (`confirmed`) or not (`false-positive`), with a reason.
/// The hit takes the answer as its status (a false positive suppresses as the querier's
/// own would), kept in its history under the owner's name, and the querier is notified.
/// Only the record's owner answers, and only a hit escalated to it.
pub fn answer_escalation(
    store: &mut dyn Backend,
    actor: &Member,
    label: &str,
    hit: i64,
    decision: &str,
    reason: &str,
    now: i64,
) -> Result<(), ServiceError> {
    let Some(decision) =
        HitStatus::parse(decision).filter(|status| ANSWERS.contains(&status.as_str()))
    else {
        return Err(ServiceError::Invalid {
            field: "decision",
            reason: format!("{decision:?} is not one of {}", ANSWERS.join(", ")),
        });
    };
    check_reason(reason)?;
    let row = match store.hit(hit)? {
        Some(row) if row.owner == actor.id && row.querier != actor.id => row,
        Some(row) if row.querier == actor.id => {
            return Err(ServiceError::Forbidden(format!(
                "hit {hit}: the record's owner answers an escalated hit"
            )))
        }
        _ => return Err(ServiceError::not_found("hit", hit)),
    };
    if HitStatus::parse(&row.status) != Some(HitStatus::Escalated) {
        return Err(ServiceError::Invalid {
            field: "hit",
            reason: format!(
                "hit {hit} is {}, not escalated: there is nothing to answer",
                row.status
            ),
        });
    }
    let entry = audit::entry(
        now,
        label,
        crate::audit::Action::HitAnswer,
        format!("hit {hit}"),
        format!("{}\n{reason}", decision.as_str()).as_bytes(),
    );
    let suppression = suppression_for(store, &row, decision)?;
    store.set_hit_status(
        &StatusChange {
            hit,
            status: decision.as_str(),
            reason,
            suppression: suppression.as_ref(),
            notify: Some((row.querier, "answered")),
        },
        &entry,
        &audit::chain_hash,
    )?;
    Ok(())
}

/// The latest suppression a hit of `user`'s member made (in force or revoked).
pub fn suppression_of_hit(
    store: &dyn Backend,
    user: &User,
    hit: i64,
) -> Result<Option<SuppressionRow>, ServiceError> {
    Ok(store
        .suppression_of_hit(hit)?
        .filter(|row| row.querier == user.member.id))
}

/// Revokes a suppression `user`'s member made: the traveller is raised again against the
/// record. Audited; another member's suppression is absent.
pub fn revoke_suppression(
    store: &mut dyn Backend,
    user: &User,
    hit: i64,
    now: i64,
) -> Result<(), ServiceError> {
    let row = suppression_of_hit(store, user, hit)?
        .filter(|row| row.revoked_at.is_none())
        .ok_or_else(|| ServiceError::not_found("suppression of hit", hit))?;
    let entry = audit::entry(
        now,
        user.actor(),
        crate::audit::Action::SuppressionRevoke,
        format!("suppression {} of hit {hit}", row.id),
        row.details.as_bytes(),
    );
    store.revoke_suppression(row.id, &entry, &audit::chain_hash)?;
    Ok(())
}

/// Hits a page of the console's queue shows.
pub const QUEUE_PAGE: usize = 100;

/// The hit "save and next" opens after one is decided: the first open hit of `user`'s
/// member in the queue's order (newest and highest first), other than `after`; `None`
/// when none is open. Only its number is read (opening it is audited as a read).
pub fn next_open_hit(
    store: &dyn Backend,
    user: &User,
    after: i64,
) -> Result<Option<i64>, ServiceError> {
    let filter = HitFilter {
        status: Some(HitStatus::Open.as_str().to_string()),
        ..HitFilter::default()
    };
    let (hits, _) = store.hits_of(user.member.id, &filter, 2, 0)?;
    Ok(hits
        .into_iter()
        .map(|(hit, _)| hit.id)
        .find(|id| *id != after))
}

/// One hit in a member's queue: the hit, the flight it was raised on, and the record as
/// the member may see it.
#[derive(Debug, Clone, PartialEq)]
pub struct QueueRow {
    pub hit: HitRow,
    /// The flight (legs, JSON) and message reference of the manifest, when on one.
    pub flight: Option<(String, String)>,
    pub record: RecordView,
}

/// A page of a member's hits.
#[derive(Debug, Clone, PartialEq)]
pub struct QueuePage {
    pub rows: Vec<QueueRow>,
    /// Hits passing the filter, on every page.
    pub total: usize,
    /// From 0.
    pub page: usize,
}

/// The hits `user`'s member raised that pass `filter`, newest and highest first, a page of
/// [`QUEUE_PAGE`]; each record shown as the access rule lets the member see it. The read
/// is audited.
pub fn queue(
    store: &mut dyn Backend,
    user: &User,
    filter: &HitFilter,
    page: usize,
    now: i64,
) -> Result<QueuePage, ServiceError> {
    let offset = page.saturating_mul(QUEUE_PAGE);
    let (hits, total) = store.hits_of(user.member.id, filter, QUEUE_PAGE, offset)?;
    let mut views: std::collections::HashMap<i64, RecordView> = std::collections::HashMap::new();
    let mut rows = Vec::with_capacity(hits.len());
    for (hit, flight) in hits {
        let record = match views.get(&hit.record) {
            Some(view) => view.clone(),
            None => {
                let view = access::record_view(store, hit.record, &user.member)?;
                views.insert(hit.record, view.clone());
                view
            }
        };
        rows.push(QueueRow {
            hit,
            flight,
            record,
        });
    }
    let shown: Vec<String> = rows.iter().map(|row| row.hit.id.to_string()).collect();
    store.append_audit(
        &audit::entry(
            now,
            user.actor(),
            crate::audit::Action::HitList,
            format!("hits page {page} of {total}"),
            format!("{filter:?}\n{}", shown.join(",")).as_bytes(),
        ),
        &audit::chain_hash,
    )?;
    Ok(QueuePage { rows, total, page })
}

/// How many hits `user`'s member raised after the hit numbered `after`, and the newest
/// one's number (the queue asks, to show new hits; no hit's content is read).
pub fn newer_hits(
    store: &dyn Backend,
    user: &User,
    after: i64,
) -> Result<(usize, i64), ServiceError> {
    Ok(store.hits_after(user.member.id, after)?)
}

/// A hit as the console shows it: the traveller (the member's own query), the record as the
/// member may see it, the explanation only when the record may be seen whole, the history,
/// and the flight.
#[derive(Debug, Clone, PartialEq)]
pub struct HitDetail {
    pub hit: HitRow,
    pub record: RecordView,
    /// The explanation (JSON) when the record is shown whole; hidden otherwise, as it
    /// names the listed person.
    pub explanation: Option<Value>,
    /// (at, actor, status, reason), oldest first.
    pub history: Vec<(i64, String, String, String)>,
    /// The manifest's id, flight and reference, when the hit was raised on a flight's.
    pub manifest: Option<(i64, String, String)>,
    /// The payment or shipment the hit was raised on (its number as kept, and the message
    /// as read), when it was raised on one: every party, side by side with the one hit.
    pub message: Option<(i64, Transaction)>,
    /// The suppression this hit made when cleared as a false positive (in force or
    /// revoked).
    pub suppression: Option<SuppressionRow>,
}

impl HitDetail {
    /// The traveller seen again after the screening that raised the hit, `None` when seen
    /// once.
    pub fn seen_again(&self) -> Option<SeenAgain> {
        seen_again(&self.hit)
    }
}

impl QueueRow {
    /// The traveller seen again after the screening that raised the hit, `None` when seen
    /// once.
    pub fn seen_again(&self) -> Option<SeenAgain> {
        seen_again(&self.hit)
    }
}

/// How often a hit's traveller was seen again after the screening that raised it: the
/// screenings within the shift that found the hit open and were kept as sightings of it
/// instead of raising hits of their own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SeenAgain {
    /// How many times, 1 or more (the hit's `seen_count` less its first sighting).
    pub times: i64,
    /// When last (Unix seconds; the hit's `last_seen_at`).
    pub last_at: i64,
}

/// The traveller of `hit` seen again after the screening that raised it, `None` when seen
/// once.
pub fn seen_again(hit: &HitRow) -> Option<SeenAgain> {
    (hit.seen_count > 1).then_some(SeenAgain {
        times: hit.seen_count - 1,
        last_at: hit.last_seen_at,
    })
}

/// One of `user`'s member's hits, in detail; any other hit is absent. The read is audited.
pub fn hit_detail(
    store: &mut dyn Backend,
    user: &User,
    id: i64,
    now: i64,
) -> Result<HitDetail, ServiceError> {
    let hit = store
        .hit(id)?
        .filter(|hit| hit.querier == user.member.id)
        .ok_or_else(|| ServiceError::not_found("hit", id))?;
    let record = access::record_view(store, hit.record, &user.member)?;
    let explanation = match record {
        RecordView::Person { .. } | RecordView::Document { .. } => {
            Some(serde_json::from_str(&hit.explanation).unwrap_or(Value::Null))
        }
        RecordView::ContactOwner { .. } | RecordView::ReferToOwner => None,
    };
    // a payment or shipment is kept as a manifest is (told apart by its kind), the
    // message as its reader gave it
    let (manifest, message) = match store.manifest_of_hit(id)? {
        Some(kept) if kept.kind == "flight" => (Some((kept.id, kept.flight, kept.reference)), None),
        // the service wrote it: one that cannot be read leaves the hit shown without it
        Some(kept) => (
            None,
            serde_json::from_str::<Transaction>(&kept.flight)
                .ok()
                .map(|transaction| (kept.id, transaction)),
        ),
        None => (None, None),
    };
    let detail = HitDetail {
        history: store.hit_history(id)?,
        manifest,
        message,
        suppression: store.suppression_of_hit(id)?,
        hit,
        record,
        explanation,
    };
    store.append_audit(
        &audit::entry(
            now,
            user.actor(),
            crate::audit::Action::HitRead,
            format!("hit {id}"),
            format!("{detail:?}").as_bytes(),
        ),
        &audit::chain_hash,
    )?;
    Ok(detail)
}

/// One notification as the member notified sees it.
///
/// - `hit`: another member hit one of the member's records: who, when, which record, and
///   whom to contact; the traveller's details stay with the member that screened.
/// - `escalated`: the member that screened asks the owner to decide on a hit on the
///   owner's record: the traveller's details (`query`) are shared with the owner for
///   that, with the escalation's reason (`word`).
/// - `answered`: the owner answered a hit the member escalated: its decision (`status`)
///   and reason (`word`).
#[derive(Debug, Clone, PartialEq)]
pub struct Notification {
    pub id: i64,
    pub at: i64,
    pub kind: String,
    pub hit: i64,
    pub record: i64,
    pub score: f64,
    /// The hit's status now.
    pub status: String,
    /// The member that screened.
    pub querier: String,
    pub querier_country: String,
    /// The record's owner.
    pub owner: String,
    /// The traveller as screened, on an escalation only (JSON).
    pub query: Option<String>,
    /// Who said what last on the hit (actor, reason), on an escalation or an answer.
    pub word: Option<(String, String)>,
    /// The record as its owner knows it: its list id and name (a person or entity), or a
    /// document's number and issuing state; `None` when the record is gone, and on a
    /// report's notification (the recipient is not the record's owner).
    pub record_label: Option<RecordLabel>,
    /// On a `report` notification: the suspicious transaction report sent to the member
    /// (`querier` wrote it); the hit's record, score and status are the author's, not told.
    pub report: Option<i64>,
}

/// How an owner names one of its records: the id its list gives (`entity_id`, or a
/// document's number) and a name (the entity's first, or the document's issuing state).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordLabel {
    pub id: String,
    pub name: String,
}

/// The label of record `id` (see [`RecordLabel`]), read from the store.
fn record_label(store: &dyn Backend, id: i64) -> Result<Option<RecordLabel>, ServiceError> {
    if gatecheck_store::RecordKind::of(id) == gatecheck_store::RecordKind::Document {
        return Ok(store.document(id)?.map(|row| RecordLabel {
            id: row.document.number,
            name: row.document.issuing_state,
        }));
    }
    Ok(store.record(id)?.map(|row| {
        let name = serde_json::from_str::<Value>(&row.entity)
            .ok()
            .and_then(|entity| {
                entity["properties"]["name"]
                    .as_array()
                    .and_then(|names| names.first())
                    .and_then(Value::as_str)
                    .map(str::to_string)
            })
            .unwrap_or_default();
        RecordLabel {
            id: row.entity_id,
            name,
        }
    }))
}

/// The member's notifications after the one numbered `after`, oldest first; the read is
/// audited.
pub fn notifications(
    store: &mut dyn Backend,
    member: &Member,
    after: i64,
    limit: usize,
    now: i64,
) -> Result<Vec<Notification>, ServiceError> {
    let rows = store.notifications(member.id, after, limit)?;
    let notifications = notifications_of(&*store, rows)?;
    audit_notifications_read(store, member.actor(), &notifications, now)?;
    Ok(notifications)
}

/// A page of the member's notifications, newest first.
#[derive(Debug, Clone, PartialEq)]
pub struct NotificationPage {
    pub rows: Vec<Notification>,
    /// The id the next page (of older ones) is read before: the last shown, when there are
    /// older ones.
    pub older_before: Option<i64>,
}

/// The notifications of `user`'s member numbered below `before` (the newest when `None`),
/// newest first, a page of `limit`, with where the older ones start: the console's list.
/// The read is audited as [`notifications`]' is, by the user.
pub fn notifications_newest_first(
    store: &mut dyn Backend,
    user: &User,
    before: Option<i64>,
    limit: usize,
    now: i64,
) -> Result<NotificationPage, ServiceError> {
    // one more than a page, read to learn whether older ones remain, is neither shown
    // nor audited
    let mut rows = store.notifications_before(user.member.id, before, limit.saturating_add(1))?;
    let has_older = rows.len() > limit;
    rows.truncate(limit);
    let notifications = notifications_of(&*store, rows)?;
    audit_notifications_read(store, user.actor(), &notifications, now)?;
    let older_before = has_older
        .then(|| notifications.last().map(|row| row.id))
        .flatten();
    Ok(NotificationPage {
        rows: notifications,
        older_before,
    })
}

/// Notifications as their member sees them: the members named, and by kind the traveller
/// shared and the last word on the hit.
fn notifications_of(
    store: &dyn Backend,
    rows: Vec<gatecheck_store::NotificationRow>,
) -> Result<Vec<Notification>, ServiceError> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let members: std::collections::HashMap<i64, (String, String)> = store
        .members()?
        .into_iter()
        .map(|m| (m.id, (m.name, m.country)))
        .collect();
    let name_of = |id: i64| {
        members
            .get(&id)
            .cloned()
            .unwrap_or_else(|| (format!("member {id}"), String::new()))
    };
    let mut notifications = Vec::with_capacity(rows.len());
    for row in rows {
        let (querier, querier_country) = name_of(row.hit.querier);
        let word = if row.kind == "hit" || row.kind == "report" {
            None
        } else {
            store
                .hit_history(row.hit.id)?
                .into_iter()
                .rev()
                .find(|(at, ..)| *at <= row.at)
                .map(|(_, actor, _, reason)| (actor, reason))
        };
        if row.kind == "report" {
            // a report's recipient learns who sent which report; the hit it was written
            // from (its record, score, status, owner) stays the author's
            notifications.push(Notification {
                id: row.id,
                at: row.at,
                hit: 0,
                record: 0,
                score: 0.0,
                status: String::new(),
                querier,
                querier_country,
                owner: String::new(),
                query: None,
                word: None,
                record_label: None,
                kind: row.kind,
                report: row.report,
            });
            continue;
        }
        notifications.push(Notification {
            id: row.id,
            at: row.at,
            hit: row.hit.id,
            record: row.hit.record,
            score: row.hit.score,
            status: row.hit.status,
            querier,
            querier_country,
            owner: name_of(row.hit.owner).0,
            query: (row.kind == "escalated").then_some(row.hit.query),
            word,
            record_label: record_label(store, row.hit.record)?,
            kind: row.kind,
            report: None,
        });
    }
    Ok(notifications)
}

/// The audit entry of notifications read by `actor` (none when none were): their ids,
/// smallest to largest, and a digest of what was shown.
fn audit_notifications_read(
    store: &mut dyn Backend,
    actor: String,
    notifications: &[Notification],
    now: i64,
) -> Result<(), ServiceError> {
    let ids = notifications.iter().map(|row| row.id);
    let (Some(first), Some(last)) = (ids.clone().min(), ids.max()) else {
        return Ok(());
    };
    let entry = audit::entry(
        now,
        actor,
        crate::audit::Action::NotificationRead,
        format!("notifications {first}..={last}"),
        format!("{notifications:?}").as_bytes(),
    );
    store.append_audit(&entry, &audit::chain_hash)?;
    Ok(())
}

/// An explanation as JSON, built by hand (engine types carry no wire format): names, each
/// part pair with its spellings, similarity, weight and kind, the unmatched parts, and each
/// qualifier's effect. Kept with a hit as evidence, and the shape every answer shows
/// (the server writes its explanations with this), so that what was shown is what is kept.
pub fn explanation_json(explanation: &Explanation) -> Value {
    // the arrays are put in after: `json!` copies every value written inside it (building
    // and copying answers was about 6 % of a screening's processor time in perf)
    let mut value = json!({
        "query_name": explanation.query_name,
        "listed_name": explanation.listed_name,
        "name_score": round(explanation.name_score),
        "parts": null,
        "unmatched_query_parts": explanation.unmatched_query_parts,
        "unmatched_listed_parts": explanation.unmatched_listed_parts,
        "rules": null,
        "qualifiers": null,
    });
    value["parts"] = explanation
        .parts
        .iter()
        .map(|part| {
            json!({
                "query": part.query_part,
                "listed": part.listed_part,
                "query_spelling": part.query_spelling,
                "listed_spelling": part.listed_spelling,
                "similarity": round(part.similarity),
                "weight": round(part.weight),
                "how": part.how.as_str(),
            })
        })
        .collect();
    value["rules"] = explanation
        .rules
        .iter()
        .map(|rule| {
            json!({
                "rule": rule.rule.as_str(),
                "detail": rule.detail,
                "held_at": round(rule.held_at),
            })
        })
        .collect();
    value["qualifiers"] = explanation.qualifiers.iter().map(qualifier_json).collect();
    let (query_forms, listed_forms) = &explanation.legal_forms;
    if !query_forms.is_empty() || !listed_forms.is_empty() {
        let forms = |forms: &[gatecheck_engine::legal_forms::FoundForm]| -> Value {
            forms
                .iter()
                .map(|form| json!({"written": form.written, "class": form.class.as_str()}))
                .collect()
        };
        value["legal_forms"] = json!({"query": forms(query_forms), "listed": forms(listed_forms)});
    }
    value
}

fn qualifier_json(effect: &QualifierEffect) -> Value {
    let mut value = json!({
        "property": effect.qualifier.property(),
        "query": effect.query_value,
        "listed": effect.listed_value,
        "outcome": effect.outcome.as_str(),
        "weight": round(effect.weight),
    });
    if let gatecheck_engine::person::Qualifier::Identifier(kind) = effect.qualifier {
        value["identifier"] = json!(kind.as_str());
    } else if !effect.detail.is_empty() {
        value["precision"] = json!(effect.detail);
    }
    value
}

/// Rounds a score for output: four decimals are more than any decision needs.
pub fn round(value: f32) -> f64 {
    (f64::from(value) * 10_000.0).round() / 10_000.0
}

#[cfg(test)]
mod tests {
    use super::{HitStatus, ANSWERS, STATUSES};

    /// Each status reads back from the text it is stored as, and no other text is one (a
    /// status differing in case or spelling is refused, not taken for another).
    #[test]
    fn hit_statuses_read_back_from_their_text_and_nothing_else_is_one() {
        for status in HitStatus::ALL {
            assert_eq!(HitStatus::parse(status.as_str()), Some(status));
        }
        assert_eq!(
            STATUSES,
            ["open", "confirmed", "false-positive", "escalated"]
        );
        assert_eq!(ANSWERS, ["confirmed", "false-positive"]);
        for text in [
            "",
            "Open",
            "false positive",
            "false_positive",
            "closed",
            "escalated ",
        ] {
            assert_eq!(HitStatus::parse(text), None, "{text:?}");
        }
    }
}
