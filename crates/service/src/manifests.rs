//! A flight screened from its passenger data: every traveller of a manifest against the
//! persons (name, date of birth, nationality, sex and document numbers through the person
//! engine) and against the lost and stolen documents, under the same access rules, with a
//! verdict per traveller: `clear`, `refer` (an officer reviews the hits) or `no-board`
//! (a record hit asks that the traveller not board). The verdict follows the records' own
//! actions even where the querying member may not see the record: an airline learns
//! board or no-board, never the record.

use crate::console::User;
use crate::hits::Raised;
use crate::members::Member;
use crate::screening::{Finding, Matched, Screened, ScreeningIndex};
use crate::{audit, hits, ServiceError};
use gatecheck_engine::watchlist::MatchConfig;
use gatecheck_formats::manifest::{Manifest, Traveller};
use gatecheck_store::concepts::Backend;
use gatecheck_store::{AuditEntry, FlightRow, NewManifest};
use rayon::prelude::*;
use serde_json::{json, Value};

/// What is answered for a traveller.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verdict {
    Clear,
    /// Hits an officer reviews before the traveller boards.
    Refer,
    /// A record hit asks that the traveller not board.
    NoBoard,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Clear => "clear",
            Verdict::Refer => "refer",
            Verdict::NoBoard => "no-board",
        }
    }
}

/// Whether a record's action asks that its subject not board: the action says so in one
/// of the ways officers write it (`no-board`, `do not board`, `deny boarding`, `offload`).
pub fn asks_no_board(action: &str) -> bool {
    let action = action.to_lowercase();
    [
        "no-board",
        "no board",
        "do not board",
        "deny boarding",
        "denied boarding",
        "offload",
    ]
    .iter()
    .any(|phrase| action.contains(phrase))
}

/// The verdict of the records a traveller matched.
pub fn verdict<'a>(matched: impl IntoIterator<Item = &'a Matched>) -> Verdict {
    matched
        .into_iter()
        .map(|m| {
            if asks_no_board(&m.action) {
                Verdict::NoBoard
            } else {
                Verdict::Refer
            }
        })
        .max()
        .unwrap_or(Verdict::Clear)
}

/// A traveller as a FollowTheMoney person: what the person engine screens and what a hit
/// keeps as its query. The nationality is written as ISO alpha-2 where the code names an
/// ISO country, and left out otherwise (compared with nothing it could equal, it would
/// count against a listed person).
pub fn traveller_entity(traveller: &Traveller, id: &str) -> Value {
    let mut properties = serde_json::Map::new();
    let mut put = |key: &str, values: Vec<String>| {
        let values: Vec<String> = values
            .into_iter()
            .map(|value| value.trim().to_string())
            .filter(|value| !value.is_empty())
            .collect();
        if !values.is_empty() {
            properties.insert(key.to_string(), json!(values));
        }
    };
    put("lastName", vec![traveller.surname.clone()]);
    put("firstName", vec![traveller.given_names.clone()]);
    put("birthDate", traveller.birth_date.iter().cloned().collect());
    put(
        "nationality",
        traveller
            .nationality
            .iter()
            .filter_map(|code| gatecheck_formats::countries::alpha2(code))
            .map(str::to_string)
            .collect(),
    );
    let gender = match traveller.gender.as_deref() {
        Some("M") => Some("male"),
        Some("F") => Some("female"),
        _ => None,
    };
    put("gender", gender.iter().map(|g| g.to_string()).collect());
    put(
        "passportNumber",
        traveller
            .documents
            .iter()
            .map(|document| document.number.clone())
            .collect(),
    );
    json!({"id": id, "schema": "Person", "properties": properties})
}

/// One document of a traveller, looked up.
pub struct DocumentScreening {
    pub query: Value,
    pub findings: Vec<Finding>,
    pub matched: Vec<Matched>,
}

/// One traveller, screened.
pub struct TravellerScreening {
    pub traveller: Traveller,
    /// The traveller as screened (see [`traveller_entity`]).
    pub query: Value,
    pub person: Screened,
    pub documents: Vec<DocumentScreening>,
    /// For each record matched (in the order of [`TravellerScreening::matched`]), the
    /// suppression in force that passes it over, if any: as many as there are matches.
    pub suppressed: Vec<Option<i64>>,
    pub verdict: Verdict,
}

impl TravellerScreening {
    /// Every record matched, persons first.
    pub fn matched(&self) -> impl Iterator<Item = &Matched> {
        self.person
            .1
            .iter()
            .chain(self.documents.iter().flat_map(|d| d.matched.iter()))
    }

    /// Each query of the traveller (the person, then each document) with the records it
    /// matched and, for each, the suppression in force that passes it over.
    pub fn queries(&self) -> impl Iterator<Item = (&Value, &[Matched], &[Option<i64>])> {
        let mut suppressed = self.suppressed.as_slice();
        std::iter::once((&self.query, self.person.1.as_slice()))
            .chain(
                self.documents
                    .iter()
                    .map(|document| (&document.query, document.matched.as_slice())),
            )
            .map(move |(query, matched)| {
                let (these, rest) = suppressed.split_at(matched.len().min(suppressed.len()));
                suppressed = rest;
                (query, matched, these)
            })
    }

    /// The records matched that raise a hit: those no suppression passes over.
    pub fn raised(&self) -> impl Iterator<Item = &Matched> {
        self.matched()
            .zip(&self.suppressed)
            .filter(|(_, suppression)| suppression.is_none())
            .map(|(matched, _)| matched)
    }
}

/// A manifest, screened.
pub struct ManifestScreening {
    pub manifest: Manifest,
    pub travellers: Vec<TravellerScreening>,
}

/// Screens every traveller of `manifest` for `viewer` (see the module's comment).
#[allow(clippy::too_many_arguments)]
pub fn screen_manifest(
    index: &ScreeningIndex,
    store: &dyn Backend,
    viewer: &Member,
    manifest: Manifest,
    limit: usize,
    threshold: f32,
    config: &MatchConfig,
    today: &str,
) -> Result<ManifestScreening, ServiceError> {
    // persons on every core (the index is shared, read only) while this thread looks the
    // documents up in the store
    let asked: Vec<(usize, String, Option<&str>, &str)> = manifest
        .travellers
        .iter()
        .enumerate()
        .flat_map(|(at, traveller)| {
            traveller.documents.iter().filter_map(move |document| {
                let number = crate::documents::normalise_number(&document.number);
                let state = document.issuing_state.as_deref().filter(|s| !s.is_empty());
                (!number.is_empty()).then_some((at, number, state, document.kind.as_str()))
            })
        })
        .collect();
    let screen_persons = || -> Vec<(Value, Screened)> {
        manifest
            .travellers
            .par_iter()
            .enumerate()
            .map(|(at, traveller)| {
                let id = traveller
                    .reference
                    .clone()
                    .unwrap_or_else(|| format!("traveller-{}", at + 1));
                let query = traveller_entity(traveller, &id);
                let person = match gatecheck_formats::ftm::parse_entity(&query.to_string()) {
                    Ok(entity) if !entity.person.names.is_empty() => {
                        index.screen_person_hits(viewer, &entity.person, limit, threshold, config)
                    }
                    _ => (Vec::new(), Vec::new()),
                };
                (query, person)
            })
            .collect()
    };
    let (persons, documents) = std::thread::scope(|scope| {
        let persons = scope.spawn(screen_persons);
        let numbers: Vec<(&str, Option<&str>)> = asked
            .iter()
            .map(|(_, number, state, _)| (number.as_str(), *state))
            .collect();
        let documents = index.screen_documents(store, viewer, &numbers, threshold, today);
        let persons = persons
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (persons, documents)
    });
    let mut documents = asked.iter().zip(documents?).peekable();
    let mut travellers = Vec::with_capacity(manifest.travellers.len());
    for (at, (traveller, (query, person))) in manifest.travellers.iter().zip(persons).enumerate() {
        let mut screened_documents = Vec::new();
        while let Some(((_, number, state, kind), (findings, matched))) =
            documents.next_if(|((of, ..), _)| *of == at)
        {
            screened_documents.push(DocumentScreening {
                query: hits::document_query(number, *state, kind, &query),
                findings,
                matched,
            });
        }
        // matches the member cleared as false positives for these very details
        let mut suppressed = hits::suppressed(store, viewer, &query.to_string(), &person.1)?;
        for document in &screened_documents {
            suppressed.extend(hits::suppressed(
                store,
                viewer,
                &document.query.to_string(),
                &document.matched,
            )?);
        }
        debug_assert_eq!(
            suppressed.len(),
            person.1.len()
                + screened_documents
                    .iter()
                    .map(|document| document.matched.len())
                    .sum::<usize>(),
            "one suppression or none a match"
        );
        let mut screened = TravellerScreening {
            traveller: traveller.clone(),
            query,
            person,
            documents: screened_documents,
            suppressed,
            verdict: Verdict::Clear,
        };
        screened.verdict = verdict(screened.raised());
        travellers.push(screened);
    }
    Ok(ManifestScreening {
        manifest,
        travellers,
    })
}

/// The flight's legs as JSON.
pub fn flight_json(manifest: &Manifest) -> Value {
    let legs: Vec<Value> = manifest
        .legs
        .iter()
        .map(|leg| {
            json!({
                "carrier": leg.carrier,
                "flight_number": leg.flight_number,
                "departure_port": leg.departure_port,
                "arrival_port": leg.arrival_port,
                "departure_time": leg.departure_time,
                "arrival_time": leg.arrival_time,
            })
        })
        .collect();
    let first = manifest.legs.first();
    json!({
        "source": manifest.source.as_str(),
        "message_reference": manifest.message_reference,
        "flight": first.map(|leg| format!("{}{}", leg.carrier, leg.flight_number)),
        "legs": legs,
    })
}

/// Keeps the screened manifests of one interchange, their hits (their owners notified) and
/// the audit entry of each screening, in one transaction: an interchange is kept whole or
/// not at all. `answer(index, id, hit ids)` makes each manifest's answer from its hits'
/// ids, one list a traveller (the person's hits, then each document's); it is kept and
/// returned with the manifest's id. A traveller the member screened within the shift
/// (`shift_seconds`) is a sighting of the open hit already raised, as for every screening
/// (see [`hits::record_hits_of`]).
pub fn keep(
    store: &mut dyn Backend,
    viewer: &Member,
    screened: &[ManifestScreening],
    message_digest: &str,
    shift_seconds: i64,
    now: i64,
    mut answer: impl FnMut(usize, i64, &[Vec<Raised>]) -> Value,
) -> Result<Vec<(i64, Value)>, ServiceError> {
    let absorb_since = (shift_seconds > 0).then(|| now.saturating_sub(shift_seconds));
    let mut records = Vec::with_capacity(screened.len());
    let mut hit_rows = Vec::with_capacity(screened.len());
    let mut entries = Vec::with_capacity(screened.len());
    for manifest in screened {
        let flight = flight_json(&manifest.manifest);
        // a sighting is of the same traveller on the same flight (a message sent again, a
        // later push of its PNRs): another flight's hit stays on that flight's list, so the
        // hits of each flight are listed with it
        let on_flight = {
            use sha2::Digest;
            crate::audit::hex(&sha2::Sha256::digest(flight.to_string().as_bytes()))
        };
        let mut hits = Vec::new();
        for traveller in &manifest.travellers {
            for (query, matched, suppressed) in traveller.queries() {
                let raised: Vec<Matched> = matched
                    .iter()
                    .zip(suppressed)
                    .filter(|(_, suppression)| suppression.is_none())
                    .map(|(matched, _)| matched.clone())
                    .collect();
                if !raised.is_empty() {
                    hits.extend(
                        hits::new_hits(viewer, &query.to_string(), &raised, absorb_since)
                            .into_iter()
                            .map(|mut hit| {
                                hit.details = hit
                                    .details
                                    .map(|details| format!("{details} on flight {on_flight}"));
                                hit
                            }),
                    );
                }
            }
        }
        let record = NewManifest {
            querier: viewer.id,
            kind: "flight".to_string(),
            source: manifest.manifest.source.as_str().to_string(),
            reference: manifest.manifest.message_reference.clone(),
            flight: flight.to_string(),
            travellers: manifest.travellers.len(),
            digest: message_digest.to_string(),
        };
        entries.push(AuditEntry {
            at: now,
            actor: viewer.actor(),
            action: crate::audit::Action::ScreenManifest.to_string(),
            subject: format!(
                "{} {} with {} travellers, {} hits, {} matches passed over by suppressions",
                record.source,
                flight["flight"].as_str().unwrap_or("?"),
                record.travellers,
                hits.len(),
                manifest
                    .travellers
                    .iter()
                    .flat_map(|traveller| traveller.suppressed.iter())
                    .filter(|suppression| suppression.is_some())
                    .count()
            ),
            digest: message_digest.to_string(),
        });
        records.push(record);
        hit_rows.push(hits);
    }
    let mut given: Vec<Value> = vec![Value::Null; screened.len()];
    let manifests: Vec<(&NewManifest, &[gatecheck_store::NewHit])> = records
        .iter()
        .zip(&hit_rows)
        .map(|(record, hits)| (record, hits.as_slice()))
        .collect();
    let kept = store.add_manifests(
        &manifests,
        now,
        &mut |index: usize, id: i64, ids: &[i64]| {
            // what became of each traveller's matches: a hit, or a suppression's passing
            let mut lists = Vec::with_capacity(screened[index].travellers.len());
            let mut ids = ids.iter();
            for traveller in &screened[index].travellers {
                let list: Vec<Raised> = traveller
                    .suppressed
                    .iter()
                    .filter_map(|suppression| match suppression {
                        Some(suppression) => Some(Raised::Suppressed(*suppression)),
                        None => ids.next().map(|id| Raised::Hit(*id)),
                    })
                    .collect();
                lists.push(list);
            }
            given[index] = answer(index, id, &lists);
            given[index].to_string()
        },
        &entries,
        &audit::chain_hash,
    )?;
    // every traveller's person and documents, kept for screening again (`retro`)
    let queries: Vec<String> = screened
        .iter()
        .flat_map(|manifest| &manifest.travellers)
        .flat_map(|traveller| traveller.queries().map(|(query, ..)| query.to_string()))
        .collect();
    let kept_queries: Vec<(i64, &str)> = queries
        .iter()
        .map(|query| (viewer.id, query.as_str()))
        .collect();
    store.keep_screenings(now, &kept_queries)?;
    Ok(kept
        .into_iter()
        .zip(given)
        .map(|((id, _), answer)| (id, answer))
        .collect())
}

/// Flights a page of the console lists.
pub const FLIGHTS_PAGE: usize = 50;

/// A page of the flights `user`'s member screened, newest first, and how many there are in
/// all. The read is audited.
pub fn flights(
    store: &mut dyn Backend,
    user: &User,
    page: usize,
    now: i64,
) -> Result<(Vec<FlightRow>, usize), ServiceError> {
    let (rows, total) = store.manifests_of(
        user.member.id,
        FLIGHTS_PAGE,
        page.saturating_mul(FLIGHTS_PAGE),
    )?;
    let entry = audit::page_read(
        now,
        user.actor(),
        crate::audit::Action::ManifestList,
        "manifests",
        (page, total),
        rows.iter().map(|row| row.id),
    );
    store.append_audit(&entry, &audit::chain_hash)?;
    Ok((rows, total))
}

/// One flight `user`'s member screened, with the answer it was given; any other is absent.
/// The read is audited.
pub fn flight(
    store: &mut dyn Backend,
    user: &User,
    id: i64,
    now: i64,
) -> Result<gatecheck_store::ManifestRow, ServiceError> {
    let row = store
        .manifest(id)?
        // a payment or shipment is kept as a manifest is, and shown with its hits
        .filter(|row| row.querier == user.member.id && row.kind == "flight")
        .ok_or_else(|| ServiceError::not_found("manifest", id))?;
    store.append_audit(
        &AuditEntry {
            at: now,
            actor: user.actor(),
            action: crate::audit::Action::ManifestRead.to_string(),
            subject: format!("manifest {id}"),
            digest: row.digest.clone(),
        },
        &audit::chain_hash,
    )?;
    Ok(row)
}

#[cfg(test)]
mod tests {
    use super::*;
    use gatecheck_engine::watchlist::Explanation;
    use gatecheck_formats::manifest::{Document, Role};

    fn matched(action: &str) -> Matched {
        Matched {
            record: 1,
            owner: 1,
            score: 0.9,
            explanation: Explanation {
                query_name: String::new(),
                listed_name: String::new(),
                name_score: 0.9,
                parts: Vec::new(),
                unmatched_query_parts: Vec::new(),
                unmatched_listed_parts: Vec::new(),
                rules: Vec::new(),
                qualifiers: Vec::new(),
                legal_forms: Default::default(),
            },
            action: action.to_string(),
        }
    }

    #[test]
    fn the_verdict_is_the_strictest_action_asked() {
        assert_eq!(verdict([]), Verdict::Clear);
        assert_eq!(verdict([&matched("arrest")]), Verdict::Refer);
        let hits = [
            matched("refer to secondary inspection"),
            matched("Deny boarding"),
        ];
        assert_eq!(verdict(&hits), Verdict::NoBoard);
        assert!(asks_no_board("no-board: inform the owner"));
        assert!(!asks_no_board("collect information"));
    }

    #[test]
    fn a_traveller_is_a_person_with_what_the_manifest_says() {
        let traveller = Traveller {
            details: Default::default(),
            role: Role::Passenger,
            surname: "HADDAD".into(),
            given_names: "YUSUF ADNAN".into(),
            birth_date: Some("1974-08-12".into()),
            gender: Some("M".into()),
            nationality: Some("JOR".into()),
            documents: vec![Document {
                number: "L898902C3".into(),
                kind: "P".into(),
                issuing_state: Some("JOR".into()),
                expiry_date: None,
            }],
            reference: None,
            segment: 7,
        };
        let entity = traveller_entity(&traveller, "t1");
        assert_eq!(entity["properties"]["nationality"], json!(["jo"]));
        assert_eq!(entity["properties"]["gender"], json!(["male"]));
        assert_eq!(entity["properties"]["passportNumber"], json!(["L898902C3"]));
        let parsed = gatecheck_formats::ftm::parse_entity(&entity.to_string()).unwrap();
        assert!(!parsed.person.names.is_empty());
    }
}
