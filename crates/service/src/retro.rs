//! Retro-screening: when records are added or changed, the travellers screened in the
//! last days (persons, the holders of documents, the travellers of flights: every
//! screening's query is kept for a few days, `concepts::Screenings`) are screened again
//! against those records only. What they match now and did not then raises hits as any
//! screening does (owners notified, suppressions honoured, audited), each hit's
//! explanation saying it was found later and when the traveller was screened.
//!
//! Fast over a million kept screenings, by asking the other way round: the screenings of
//! the window are indexed as a list of travellers, and each changed record is screened
//! against them, far past what one screening looks at (thousands of candidates scored, a
//! margin under the threshold: among a million travellers a name is held down more as a
//! chance likeness, and crowded by travellers alike, than among the listed). Each
//! traveller that comes near is then screened against the whole index as a screening now
//! would be, and what that matches among the changed records is what is raised: no hit is
//! raised that a screening now would not raise. The ask the other way round can miss what
//! the forward screening finds (`gatecheck bench-retro --exhaustive` counts it: 53 of 54
//! on 100,000 screenings, the one missed a name written as one word met by two short
//! parts); screening every kept screening forward is exact but ten times slower.

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;

use crate::audit::{self, Action};
use crate::hits;
use crate::members::Member;
use crate::screen::{Settings, Stores};
use crate::screening::{Matched, ScreeningIndex};
use gatecheck_engine::person::Person;
use gatecheck_engine::watchlist::{MatchConfig, WatchlistBuilder};
use gatecheck_store::{HitFilter, KeptScreening};

/// Days a screening is kept and screened again, unless set.
pub const DEFAULT_DAYS: u32 = 3;
/// The most days a screening may be kept.
pub const MAX_DAYS: u32 = 90;
/// Kept screenings read at once.
const PAGE: usize = 50_000;
/// How far under the threshold a traveller coming near a changed record, asked the other
/// way round (the record of the travellers), is screened against the whole index: among a
/// million travellers a name is held down more as a chance likeness, and crowded by
/// travellers alike, than among the listed.
const REVERSE_MARGIN: f32 = 0.15;
/// The most travellers that come near one changed record.
const REVERSE_LIMIT: usize = 5_000;

/// How the travellers are asked for a changed record: candidates found and scored far
/// past what one screening looks at, as a common name of the list meets many travellers.
fn reverse_config(config: &MatchConfig) -> MatchConfig {
    MatchConfig {
        candidates_scored: REVERSE_LIMIT,
        retrieval_limit: config.retrieval_limit.max(100_000),
        rare_part_postings: config.rare_part_postings.max(100_000),
        common_part_postings: config.common_part_postings.max(1_000_000),
        exact_pairs_weighed: config.exact_pairs_weighed.max(REVERSE_LIMIT),
        ..config.clone()
    }
}
/// The most hits a querier raised since a screening looked through for one on the same
/// record with the same query, raised then or by an earlier retro-screening.
const EARLIER_HITS: usize = 1_000;

/// What screening again found.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RetroReport {
    /// The changed records screened against (live ones).
    pub records: usize,
    /// Kept screenings screened again.
    pub screenings: usize,
    /// Those that came near a changed record and were screened against the whole index.
    pub confirmed: usize,
    /// Hits raised.
    pub hits: usize,
}

/// Screens the screenings kept from the last `days` days again against the records
/// `changed` (ids of person records added, changed or deleted; deleted ones are left out),
/// with `index` the whole index as it is now (holding those changes), and raises the hits
/// they make that were not raised before, as `actor` at `now`.
pub fn screen_again<S: Stores>(
    index: &ScreeningIndex,
    stores: &S,
    changed: &[i64],
    settings: Settings<'_>,
    days: u32,
    actor: &str,
    now: i64,
) -> Result<RetroReport, S::Error> {
    let mut report = RetroReport::default();
    if changed.is_empty() || days == 0 {
        return Ok(report);
    }
    let today = crate::dates::day(now);
    let since = now - i64::from(days.min(MAX_DAYS)) * 86_400;
    let (rows, members) = stores.read(|store| {
        let mut rows = Vec::with_capacity(changed.len());
        for &id in changed {
            rows.extend(
                store
                    .record(id)?
                    .filter(|row| row.review_by.as_str() >= today.as_str()),
            );
        }
        let members: HashMap<i64, Member> = store
            .members()?
            .into_iter()
            .map(|row| (row.id, Member::from(row)))
            .collect();
        Ok((rows, members))
    })?;
    report.records = rows.len();
    if rows.is_empty() {
        return Ok(report);
    }
    let ids: HashSet<i64> = rows.iter().map(|row| row.id).collect();
    // the screenings of the window, read and indexed as a list of their own
    let mut kept: Vec<KeptScreening> = Vec::new();
    let mut after = 0;
    loop {
        let page = stores.read(|store| Ok(store.kept_screenings(since, after, PAGE)?))?;
        let Some(last) = page.last() else {
            break;
        };
        after = last.id;
        kept.extend(page);
    }
    report.screenings = kept.len();
    let persons: Vec<Vec<Person>> = kept
        .par_iter()
        .map(|kept| persons_of(&kept.query))
        .collect();
    let mut builder = WatchlistBuilder::new();
    for (at, asked) in persons.iter().enumerate() {
        for (kind, person) in asked.iter().enumerate() {
            builder.add(&format!("{at}/{kind}"), person.clone());
        }
    }
    let travellers = builder.build();
    // each changed record asked of the travellers: those that come near it
    let reverse = reverse_config(settings.matching);
    let minimum = (settings.threshold - REVERSE_MARGIN).max(0.0);
    let mut near: Vec<usize> = rows
        .par_iter()
        .filter_map(|row| gatecheck_formats::ftm::parse_entity(&row.entity).ok())
        .flat_map_iter(|entity| {
            travellers
                .screen_at_least(&entity.person, REVERSE_LIMIT, minimum, &reverse)
                .into_iter()
                .filter_map(|candidate| candidate.id.split('/').next()?.parse::<usize>().ok())
                .collect::<Vec<_>>()
        })
        .collect();
    near.sort_unstable();
    near.dedup();
    report.confirmed = near.len();
    // each traveller that came near screened against the whole index, as now
    let found: Vec<(&KeptScreening, Vec<Matched>)> = near
        .par_iter()
        .filter_map(|&at| {
            let kept = kept.get(at)?;
            let asked = persons.get(at)?;
            let member = members.get(&kept.querier)?;
            // a revoked member's screenings are not raised again
            if member.revoked_at.is_some() {
                return None;
            }
            // a query of no stated kind is screened as both, as a payment's party is; a
            // record found by both kept once
            let (_, matched) = crate::transactions::merge(
                asked
                    .iter()
                    .map(|person| {
                        index.screen_person_hits(
                            member,
                            person,
                            settings.limit,
                            settings.threshold,
                            settings.matching,
                        )
                    })
                    .collect(),
            );
            let matched: Vec<Matched> = matched
                .into_iter()
                .filter(|m| ids.contains(&m.record))
                .collect();
            Some((kept, matched))
        })
        .collect();
    for (kept, matched) in found {
        report.hits += raise_later(stores, &members, kept, &matched, actor, now)?;
    }
    Ok(report)
}

/// Raises the hits of `matched` for a kept screening, found later: those not raised on
/// the same record for the same query since it was screened (then, or by an earlier
/// screening again); returns how many.
fn raise_later<S: Stores>(
    stores: &S,
    members: &HashMap<i64, Member>,
    kept: &KeptScreening,
    matched: &[Matched],
    actor: &str,
    now: i64,
) -> Result<usize, S::Error> {
    let Some(member) = members.get(&kept.querier) else {
        return Ok(0);
    };
    if matched.is_empty() || member.revoked_at.is_some() {
        return Ok(0);
    }
    stores.write(|store| {
        let (earlier, _) = store.hits_of(
            kept.querier,
            &HitFilter {
                since: Some(kept.at),
                ..HitFilter::default()
            },
            EARLIER_HITS,
            0,
        )?;
        let new: Vec<Matched> = matched
            .iter()
            .filter(|m| {
                !earlier
                    .iter()
                    .any(|(hit, _)| hit.record == m.record && hit.query == kept.query)
            })
            .cloned()
            .collect();
        if new.is_empty() {
            return Ok(0);
        }
        let records: Vec<String> = new.iter().map(|m| m.record.to_string()).collect();
        let entry = audit::entry(
            now,
            actor,
            Action::ScreenRetro,
            format!(
                "a screening of member {} at {} again: records {}",
                member.name,
                crate::dates::utc(kept.at),
                records.join(",")
            ),
            kept.query.as_bytes(),
        );
        let raised = hits::record_hits_of(
            store,
            member,
            &[(kept.query.as_str(), &new)],
            Some(entry),
            Some(kept.at),
            0,
            now,
        )?;
        Ok(raised.iter().flatten().filter_map(|r| r.hit()).count())
    })
}

/// Screens the document look-ups of the last `days` days again (each number and issuing
/// state as asked then, a holder's document too), with `index` the whole index, raising
/// the hits on documents reported lost or stolen since, as `actor` at `now`: those the
/// screening did not raise then. `numbers` (as [`crate::documents::normalise_number`]
/// writes them) narrows to the look-ups of the documents written; `None` looks every
/// look-up of the window up again. Documents are looked up in the store, so this reads
/// every screening of the window and makes a key look-up for each document look-up kept.
pub fn screen_documents_again<S: Stores>(
    index: &ScreeningIndex,
    stores: &S,
    numbers: Option<&HashSet<String>>,
    settings: Settings<'_>,
    days: u32,
    actor: &str,
    now: i64,
) -> Result<RetroReport, S::Error> {
    let mut report = RetroReport::default();
    if days == 0 {
        return Ok(report);
    }
    let today = crate::dates::day(now);
    let since = now - i64::from(days.min(MAX_DAYS)) * 86_400;
    let members: HashMap<i64, Member> = stores.read(|store| {
        Ok(store
            .members()?
            .into_iter()
            .map(|row| (row.id, Member::from(row)))
            .collect())
    })?;
    let mut after = 0;
    loop {
        let page = stores.read(|store| Ok(store.kept_screenings(since, after, PAGE)?))?;
        let Some(last) = page.last() else {
            break;
        };
        after = last.id;
        for kept in &page {
            let Some((number, issuing_state)) = document_of(&kept.query) else {
                continue;
            };
            if numbers.is_some_and(|numbers| !numbers.contains(&number)) {
                continue;
            }
            let Some(member) = members.get(&kept.querier) else {
                continue;
            };
            report.screenings += 1;
            let (_, matched) = stores.read(|store| {
                Ok(index.screen_document(
                    store,
                    member,
                    &number,
                    issuing_state.as_deref(),
                    settings.threshold,
                    &today,
                )?)
            })?;
            if !matched.is_empty() {
                report.confirmed += 1;
                report.hits += raise_later(stores, &members, kept, &matched, actor, now)?;
            }
        }
    }
    Ok(report)
}

/// The document a kept query looked up: its number (as documents are compared) and
/// issuing state.
fn document_of(query: &str) -> Option<(String, Option<String>)> {
    let value: serde_json::Value = serde_json::from_str(query).ok()?;
    let number = crate::documents::normalise_number(value.get("number")?.as_str()?);
    if number.is_empty() {
        return None;
    }
    let state = value
        .get("issuing_state")
        .and_then(serde_json::Value::as_str)
        .filter(|state| !state.is_empty())
        .map(str::to_string);
    Some((number, state))
}

/// The persons a kept query names: an FtM entity with a name (a document's query, kept
/// with its holder's properties, is screened as its holder's person query is, which a
/// traveller's screening keeps beside it). A `LegalEntity` (a payment's party or text whose
/// message does not say whether it names a person or an organisation) is both, as it was
/// screened: an organisation, and the same names read as a person's.
fn persons_of(query: &str) -> Vec<Person> {
    if !query.trim_start().starts_with('{') {
        return Vec::new();
    }
    let Ok(entity) = gatecheck_formats::ftm::parse_entity(query) else {
        return Vec::new();
    };
    if entity.person.names.is_empty() {
        return Vec::new();
    }
    let either = serde_json::from_str::<serde_json::Value>(query)
        .ok()
        .filter(|value| value["schema"] == "LegalEntity");
    let mut persons = vec![entity.person];
    if let Some(mut value) = either {
        value["schema"] = serde_json::json!("Person");
        if let Ok(as_person) = gatecheck_formats::ftm::parse_entity(&value.to_string()) {
            persons.push(as_person.person);
        }
    }
    persons
}

/// Forgets the screenings kept from before the last `days` days; returns how many.
pub fn forget_old<S: Stores>(stores: &S, days: u32, now: i64) -> Result<usize, S::Error> {
    let before = now - i64::from(days.min(MAX_DAYS)) * 86_400;
    stores.write(|store| Ok(store.forget_screenings(before)?))
}
