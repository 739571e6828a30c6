//! Wire types of the API, converted by hand: requests read field by field so that a wrong
//! field is named, answers built from the service's types.

use crate::ApiError;
use gatecheck_formats::ftm::{Entity, ValueWarning};
use gatecheck_service::access::{Access, Disclosure, RecordTerms};
use gatecheck_service::screening::Finding;
use gatecheck_service::terms::{Confirmed, TermsUpdate};
use gatecheck_store::KeepTerms;
use serde_json::{json, Value};

/// A FollowTheMoney entity from a request body.
pub fn person(entity: &Value) -> Result<Entity, ApiError> {
    if !entity.is_object() {
        return Err(ApiError::bad_request(
            "invalid_input",
            "entity: must be a FollowTheMoney entity object",
        ));
    }
    gatecheck_formats::ftm::parse_entity(&entity.to_string())
        .map_err(|error| ApiError::bad_request("invalid_input", format!("entity: {error}")))
}

/// A travel document from a record request:
/// `{"number", "issuing_state", "type", "status", "reported_on"}`.
pub fn document(value: &Value) -> Result<gatecheck_service::documents::TravelDocument, ApiError> {
    let field = |name: &str| -> Result<&str, ApiError> {
        value.get(name).and_then(Value::as_str).ok_or_else(|| {
            ApiError::bad_request(
                "invalid_input",
                format!("document.{name}: missing or not a string"),
            )
        })
    };
    Ok(gatecheck_service::documents::read_document(
        field("number")?,
        field("issuing_state")?,
        field("type")?,
        field("status")?,
        field("reported_on")?,
    )?)
}

/// A stored document in the shape a record request gives it.
pub fn document_json(document: &gatecheck_store::NewDocument) -> Value {
    json!({
        "number": document.number,
        "issuing_state": document.issuing_state,
        "type": document.kind,
        "status": document.status.as_str(),
        "reported_on": document.reported_on,
    })
}

/// The terms of a record request: each of `access`, `action` and `review_by` given, or
/// left out to keep what a stored record has (a new record then takes access `all`, the
/// default action, a review date `review_days` on); and whether the request confirms
/// opening a stored record to more members (`"accept_wider_access": true`).
pub fn record_terms(
    request: &Value,
    now: i64,
    review_days: i64,
) -> Result<(TermsUpdate, Confirmed), ApiError> {
    let invalid = |message: String| ApiError::bad_request("invalid_input", message);
    let access = match request.get("access") {
        None | Some(Value::Null) => None,
        Some(access) => Some(access_of(access)?),
    };
    let text = |field: &str| -> Result<Option<String>, ApiError> {
        match request.get(field) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(text)) => Ok(Some(text.clone())),
            Some(_) => Err(invalid(format!("{field}: must be a string"))),
        }
    };
    let (action, review_by) = (text("action")?, text("review_by")?);
    let wider_access = match request.get("accept_wider_access") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(accept)) => *accept,
        Some(_) => return Err(invalid("accept_wider_access: must be true or false".into())),
    };
    let update = TermsUpdate {
        keep: KeepTerms {
            access: access.is_none(),
            action: action.is_none(),
            review_by: review_by.is_none(),
        },
        terms: RecordTerms {
            access: access.unwrap_or(Access::All),
            action: action.unwrap_or_else(|| "refer to secondary inspection".to_string()),
            review_by: review_by.unwrap_or_else(|| crate::day(now + review_days * 86_400)),
        },
    };
    Ok((update, Confirmed::one_record(wider_access)))
}

/// An access rule as a request gives it: `{"level": ..., "members": [...]}`.
fn access_of(access: &Value) -> Result<Access, ApiError> {
    let invalid = |message: &str| ApiError::bad_request("invalid_input", message.to_string());
    let level = access
        .get("level")
        .and_then(Value::as_str)
        .ok_or_else(|| invalid("access.level: missing or not a string"))?;
    let members = match access.get("members") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items
            .iter()
            .map(|item| {
                item.as_str()
                    .map(str::to_string)
                    .ok_or_else(|| invalid("access.members: must be a list of member names"))
            })
            .collect::<Result<_, _>>()?,
        Some(_) => return Err(invalid("access.members: must be a list of member names")),
    };
    Ok(Access::parse(level, members)?)
}

/// Adds to an answer the values of its query that were left out, or read in part (an
/// impossible birth date ...): `"warnings"`, one sentence each, when there are any. The
/// query was screened on the rest.
pub fn warned(answer: &mut Value, warnings: &[ValueWarning]) {
    if !warnings.is_empty() {
        answer["warnings"] = warnings
            .iter()
            .map(|warning| json!(warning.to_string()))
            .collect();
    }
}

pub use gatecheck_service::hits::{explanation_json as explanation, round, Raised};
use gatecheck_service::screen::results as findings;

/// A document query, `{"number", "issuing_state"?}`: the number normalised, the state
/// checked.
pub fn document_query(query: &Value) -> Result<(String, Option<String>), ApiError> {
    let number = query
        .get("number")
        .and_then(Value::as_str)
        .ok_or_else(|| ApiError::bad_request("invalid_input", "number: missing or not a string"))?;
    let number = gatecheck_service::documents::read_number(number)?;
    let issuing_state = match query.get("issuing_state") {
        None | Some(Value::Null) => None,
        Some(Value::String(state)) => Some(gatecheck_service::documents::read_state(state)?),
        Some(_) => {
            return Err(ApiError::bad_request(
                "invalid_input",
                "issuing_state: must be a string",
            ))
        }
    };
    Ok((number, issuing_state))
}

/// The text of a zone from a request body: the body itself, or `{"mrz": "..."}` when it is
/// JSON.
pub fn mrz_text(body: &[u8], json_body: bool) -> Result<String, ApiError> {
    let text = std::str::from_utf8(body)
        .map_err(|_| ApiError::bad_request("invalid_input", "mrz: the body is not UTF-8 text"))?;
    let text = if json_body {
        let value: Value = serde_json::from_str(text)
            .map_err(|error| ApiError::bad_request("bad_json", error.to_string()))?;
        value
            .get("mrz")
            .and_then(Value::as_str)
            .ok_or_else(|| ApiError::bad_request("invalid_input", "mrz: missing or not a string"))?
            .to_string()
    } else {
        text.to_string()
    };
    if text.len() > MAX_MRZ_BYTES {
        return Err(ApiError::bad_request(
            "invalid_input",
            format!(
                "mrz: {} bytes, a zone has at most {MAX_MRZ_BYTES}",
                text.len()
            ),
        ));
    }
    if text.trim().is_empty() {
        return Err(ApiError::bad_request("invalid_input", "mrz: empty"));
    }
    Ok(text)
}

/// The most bytes of a zone's text (three lines of 30, or two of 44, with room for spaces
/// and line ends).
const MAX_MRZ_BYTES: usize = 512;

/// A manifest given as JSON: read by `gatecheck_formats::manifest_json`, its errors
/// answered as invalid input.
pub fn manifest_from_json(
    value: &Value,
) -> Result<gatecheck_formats::manifest::Manifest, ApiError> {
    gatecheck_formats::manifest_json::manifest_from_json(value)
        .map_err(|error| ApiError::bad_request("invalid_input", error.to_string()))
}

/// A traveller's places and contacts, those given.
fn details_json(details: &gatecheck_formats::manifest::TravellerDetails) -> Value {
    let mut object = serde_json::Map::new();
    for (key, value) in [
        ("title", &details.title),
        ("birth_place", &details.birth_place),
        ("residence", &details.residence),
        ("embarkation", &details.embarkation),
        ("debarkation", &details.debarkation),
        ("clearance", &details.clearance),
    ] {
        if let Some(value) = value {
            object.insert(key.to_string(), json!(value));
        }
    }
    if !details.contacts.is_empty() {
        object.insert("contacts".to_string(), json!(details.contacts));
    }
    if !details.addresses.is_empty() {
        object.insert("addresses".to_string(), json!(details.addresses));
    }
    Value::Object(object)
}

/// The answer to a screened manifest: per traveller the verdict and the hits (as each
/// screening answers them), and the flight's summary. `hit_lists` gives each traveller's
/// hit ids, the person's then each document's, in order.
pub fn manifest_answer(
    id: i64,
    screened: &gatecheck_service::manifests::ManifestScreening,
    hit_lists: &[Vec<Raised>],
) -> Value {
    use gatecheck_service::manifests::Verdict;
    use rayon::prelude::*;
    // each traveller's part on both cores: a flight's answer is a few hundred of them
    let parts: Vec<(Value, usize, usize)> = screened
        .travellers
        .par_iter()
        .enumerate()
        .map(|(at, traveller)| {
            let ids = hit_lists.get(at).map(Vec::as_slice).unwrap_or_default();
            let person_ids = &ids[..traveller.person.1.len().min(ids.len())];
            let mut rest = &ids[person_ids.len()..];
            let suppressed = ids
                .iter()
                .filter(|raised| matches!(raised, Raised::Suppressed(_)))
                .count();
            // only what matched is answered for a flight (hit ids go to matches, in order)
            let matched_only = |all: &[Finding]| -> Vec<Finding> {
                all.iter().filter(|finding| finding.matched).cloned().collect()
            };
            let mut hits: Vec<Value> = findings(&matched_only(&traveller.person.0), person_ids)
                .into_iter()
                .map(|value| json!({"kind": "person", "result": value}))
                .collect();
            for document in &traveller.documents {
                let (these, others) = rest.split_at(document.matched.len().min(rest.len()));
                rest = others;
                hits.extend(
                    findings(&matched_only(&document.findings), these)
                        .into_iter()
                        .map(|value| {
                            json!({"kind": "document", "query": document.query, "result": value})
                        }),
                );
            }
            let hit_count = hits.len() - suppressed.min(hits.len());
            let verdict = match traveller.verdict {
                Verdict::Clear => 0,
                Verdict::Refer => 1,
                Verdict::NoBoard => 2,
            };
            let t = &traveller.traveller;
            let value = json!({
                "reference": traveller.query["id"],
                "role": t.role.as_str(),
                "name": format!("{} {}", t.given_names, t.surname).trim(),
                "birth_date": t.birth_date,
                "nationality": t.nationality,
                "documents": t.documents.iter().map(|d| json!({"number": d.number, "type": d.kind, "issuing_state": d.issuing_state, "expiry_date": d.expiry_date})).collect::<Vec<_>>(),
                "details": details_json(&t.details),
                "verdict": traveller.verdict.as_str(),
                "hits": hits,
            });
            (value, verdict, hit_count)
        })
        .collect();
    let mut counts = [0usize; 3];
    let mut hit_count = 0;
    let mut travellers = Vec::with_capacity(parts.len());
    for (value, verdict, hits) in parts {
        counts[verdict] += 1;
        hit_count += hits;
        travellers.push(value);
    }
    json!({
        "manifest": id,
        "flight": gatecheck_service::manifests::flight_json(&screened.manifest),
        "travellers": travellers,
        "summary": {
            "travellers": screened.travellers.len(),
            "clear": counts[0],
            "refer": counts[1],
            "no_board": counts[2],
            "hits": hit_count,
        },
    })
}

/// Screening results in yente's shape (`ScoredEntityResponse`), with gatecheck's
/// explanation under `explanations`. The listed entity is read from the store.
pub fn yente_results(
    store: &dyn gatecheck_store::concepts::Backend,
    findings: &[Finding],
    raised: &[Raised],
    threshold: f32,
    datasets: &Datasets,
) -> Result<Vec<Value>, ApiError> {
    let mut raised = raised.iter();
    let mut results = Vec::with_capacity(findings.len());
    for finding in findings {
        let outcome = if finding.matched {
            raised.next().copied()
        } else {
            None
        };
        let hit = outcome.and_then(Raised::hit);
        let suppressed = match outcome {
            Some(Raised::Suppressed(id)) => Some(id),
            _ => None,
        };
        // what the access rule keeps back is told outside yente's fields, which hold
        // nothing of the record
        let restricted = |caption: String, told: Value| {
            // named by its hit (or the suppression that passed over it): a restricted
            // result is always a match, so it has one
            let id = hit.or(suppressed).unwrap_or_default();
            let mut value = json!({
                "id": format!("restricted-hit-{id}"),
                "caption": caption,
                "schema": "Thing",
                "properties": {},
                "datasets": [],
                "referents": [],
                "target": true,
                "score": round(threshold),
                "features": {},
                "match": finding.matched,
                "explanations": {},
            });
            if let (Value::Object(value), Value::Object(told)) = (&mut value, told) {
                value.extend(told);
            }
            value
        };
        let value = match &finding.disclosure {
            Disclosure::Full {
                record,
                owner,
                score,
                explanation: why,
                ..
            } => {
                let Some(row) = store.record(*record)? else {
                    continue;
                };
                let mut result = yente_entity(&row, &datasets.of_member(owner))?;
                result["score"] = json!(round(*score));
                result["features"] = json!({"name_score": round(why.name_score)});
                result["match"] = json!(finding.matched);
                result["hit"] = json!(hit);
                result["explanations"] = yente_features(why);
                // gatecheck's own explanation, whole, beside yente's fields
                result["gatecheck_explanation"] = explanation(why);
                result
            }
            Disclosure::ContactOwner { owner } => restricted(
                format!("restricted record: contact {owner}"),
                json!({"restricted": true, "contact": owner, "hit": hit}),
            ),
            Disclosure::ReferToOwner => restricted(
                "restricted record: refer to the owner".to_string(),
                json!({"restricted": true, "action": "refer to the owner of the record", "hit": hit}),
            ),
        };
        let mut value = value;
        if let Some(id) = suppressed {
            value["suppressed"] = json!(id);
        }
        results.push(value);
    }
    Ok(results)
}

/// A record in yente's shape (`EntityResponse`): its entity's id, caption (as
/// FollowTheMoney gives an entity's, see [`gatecheck_formats::ftm::caption`]), schema and
/// properties (nested entities with theirs), its owner's dataset, and when it last changed
/// (`last_change`, the moment it was last written: what `changed_since` compares).
pub fn yente_entity(row: &gatecheck_store::RecordRow, dataset: &str) -> Result<Value, ApiError> {
    let mut entity: Value = serde_json::from_str(&row.entity).map_err(|error| {
        ApiError::Internal(format!("record {} holds bad JSON: {error}", row.id))
    })?;
    let mut taken = |key: &str| entity.get_mut(key).map(Value::take);
    let schema = taken("schema").unwrap_or(json!("Person"));
    let mut properties = taken("properties").unwrap_or(json!({}));
    let caption = gatecheck_formats::ftm::caption(schema.as_str().unwrap_or("Thing"), &properties);
    as_yente_entities(&mut properties, dataset);
    let mut result = json!({
        "id": row.entity_id,
        "caption": caption,
        "schema": schema,
        "datasets": [dataset],
        "referents": [],
        "target": true,
        "last_change": iso_moment(row.updated_at),
    });
    // moved in, not written inside `json!` (which copies)
    result["properties"] = properties;
    Ok(result)
}

/// The entities nested in `properties` (an answer's) named by their ids instead, as yente
/// answers an entity asked with `nested=false`.
pub fn nested_as_ids(properties: &mut Value) {
    let Some(properties) = properties.as_object_mut() else {
        return;
    };
    for values in properties.values_mut() {
        let Some(values) = values.as_array_mut() else {
            continue;
        };
        for value in values.iter_mut() {
            if let Some(id) = value.get("id").and_then(Value::as_str) {
                *value = json!(id);
            }
        }
    }
}

/// A moment as yente writes one: `YYYY-MM-DDTHH:MM:SS`, UTC.
pub fn iso_moment(unix_seconds: i64) -> String {
    let days = unix_seconds.div_euclid(86_400);
    let seconds = unix_seconds.rem_euclid(86_400);
    let (year, month, day) = gatecheck_engine::calendar::civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}",
        seconds / 3600,
        seconds % 3600 / 60,
        seconds % 60
    )
}

/// The datasets of yente's routes: `default`, every record, and one a member, its
/// records, named as FollowTheMoney requires a dataset's name to be (lower-case letters,
/// digits and single underscores: `jordan-psd` is `jordan_psd`; a name that cannot be
/// written so is `member_<id>`), its title the member's name. A request may name a
/// member's dataset by either.
pub struct Datasets {
    /// (member id, member name, dataset name), in the order of the members' ids.
    members: Vec<(i64, String, String)>,
}

/// The dataset of every record a member may screen against.
pub const DEFAULT_DATASET: &str = "default";

impl Datasets {
    pub fn read(store: &dyn gatecheck_store::concepts::Backend) -> Result<Datasets, ApiError> {
        let mut members: Vec<(i64, String, String)> = store
            .members()?
            .into_iter()
            .map(|member| {
                let slug =
                    dataset_slug(&member.name).unwrap_or_else(|| format!("member_{}", member.id));
                (member.id, member.name, slug)
            })
            .collect();
        members.sort_by_key(|(id, _, _)| *id);
        // a name two members would share, or `default`, takes the member's id
        let taken: Vec<String> = members.iter().map(|(_, _, slug)| slug.clone()).collect();
        for (id, _, slug) in &mut members {
            if slug == DEFAULT_DATASET || taken.iter().filter(|other| *other == slug).count() > 1 {
                *slug = format!("{slug}_{id}");
            }
        }
        Ok(Datasets { members })
    }

    /// The dataset of the member named `name` (the name itself for one unknown).
    pub fn of_member(&self, name: &str) -> String {
        self.members
            .iter()
            .find(|(_, member, _)| member == name)
            .map(|(_, _, slug)| slug.clone())
            .unwrap_or_else(|| name.to_string())
    }

    /// The member whose dataset `dataset` names (by the dataset's name or the member's).
    pub fn owner(&self, dataset: &str) -> Option<i64> {
        self.members
            .iter()
            .find(|(_, member, slug)| slug == dataset || member == dataset)
            .map(|(id, _, _)| *id)
    }

    /// Every member's (id, name, dataset).
    pub fn members(&self) -> &[(i64, String, String)] {
        &self.members
    }
}

/// `name` as FollowTheMoney's dataset names are written, if it can be (ASCII only).
fn dataset_slug(name: &str) -> Option<String> {
    if !name.is_ascii() {
        return None;
    }
    let mut slug = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('_') {
            slug.push('_');
        }
    }
    let slug = slug.trim_end_matches('_').to_string();
    (!slug.is_empty()).then_some(slug)
}

/// gatecheck's explanation as yente's `explanations`: a map of features, each as
/// nomenklatura's `FeatureResult` (`score`, `detail`, and the `query` and `candidate`
/// values compared): the name (`name`), each pair of name parts (`name_part_1` ...), each
/// qualifier (by its property, `birthDate` ...) and each rule about the names as wholes
/// (`rule_crowded` ...). The whole explanation is kept as `gatecheck_explanation`.
fn yente_features(why: &gatecheck_engine::watchlist::Explanation) -> Value {
    let mut features = serde_json::Map::new();
    features.insert(
        "name".to_string(),
        json!({
            "score": round(why.name_score),
            "detail": format!(
                "{} part pair(s) compared; unmatched: {} of the query, {} listed",
                why.parts.len(),
                why.unmatched_query_parts.len(),
                why.unmatched_listed_parts.len()
            ),
            "query": why.query_name,
            "candidate": why.listed_name,
        }),
    );
    for (at, part) in why.parts.iter().enumerate() {
        features.insert(
            format!("name_part_{}", at + 1),
            json!({
                "score": round(part.similarity),
                "detail": format!(
                    "{} ({} / {}), weight {}",
                    part.how.as_str(),
                    part.query_spelling,
                    part.listed_spelling,
                    round(part.weight)
                ),
                "query": part.query_part,
                "candidate": part.listed_part,
            }),
        );
    }
    for effect in &why.qualifiers {
        let mut detail = effect.outcome.as_str().to_string();
        if !effect.detail.is_empty() {
            detail = format!("{detail} ({})", effect.detail);
        }
        features.insert(
            effect.qualifier.property().to_string(),
            json!({
                "score": round(effect.weight),
                "detail": format!("{detail}, log-odds {}", round(effect.weight)),
                "query": effect.query_value,
                "candidate": effect.listed_value,
            }),
        );
    }
    for rule in &why.rules {
        features.insert(
            format!("rule_{}", rule.rule.as_str()),
            json!({"score": round(rule.held_at), "detail": rule.detail}),
        );
    }
    Value::Object(features)
}

/// The entities an export nested in a record's properties (its sanctions, passports, ties:
/// see `ftm_graph`) in the shape yente gives nested entities (`EntityResponse`): each with
/// a `caption` (its name, programme, number or relationship, else its schema) and the
/// record's owner as its dataset.
fn as_yente_entities(properties: &mut Value, owner: &str) {
    let Some(properties) = properties.as_object_mut() else {
        return;
    };
    for values in properties.values_mut() {
        let Some(values) = values.as_array_mut() else {
            continue;
        };
        for value in values.iter_mut() {
            let Some(entity) = value.as_object_mut() else {
                continue;
            };
            let first = |fields: &serde_json::Map<String, Value>| {
                ["name", "program", "number", "full", "relationship", "role"]
                    .iter()
                    .find_map(|key| fields.get(*key)?.as_array()?.first()?.as_str())
                    .map(str::to_string)
            };
            let caption = entity
                .get("properties")
                .and_then(Value::as_object)
                .and_then(first)
                .or_else(|| {
                    entity
                        .get("schema")
                        .and_then(Value::as_str)
                        .map(str::to_string)
                })
                .unwrap_or_default();
            entity.entry("caption").or_insert(json!(caption));
            entity.entry("datasets").or_insert(json!([owner]));
            entity.entry("referents").or_insert(json!([]));
            entity.entry("properties").or_insert(json!({}));
            // its own properties keep strings only (a deeper entity is left out)
            if let Some(Value::Object(inner)) = entity.get_mut("properties") {
                for inner in inner.values_mut() {
                    if let Value::Array(inner) = inner {
                        inner.retain(Value::is_string);
                    }
                }
            }
        }
    }
}

/// A notification as answered (`GET /v1/notifications` and its stream): the hit, the
/// record, who screened, and by kind the traveller shared on an escalation (`query`) and
/// the last word on the hit (`word`: the escalation's reason, or the owner's answer).
pub fn notification(notification: &gatecheck_service::hits::Notification) -> Value {
    if let Some(report) = notification.report {
        // a report sent to the caller: who sent which report, nothing of the hit
        return json!({
            "id": notification.id,
            "kind": notification.kind,
            "at": notification.at,
            "report": report,
            "querier": notification.querier,
            "querier_country": notification.querier_country,
        });
    }
    let mut value = json!({
        "id": notification.id,
        "kind": notification.kind,
        "at": notification.at,
        "hit": notification.hit,
        "record": notification.record,
        "score": round(notification.score as f32),
        "status": notification.status,
        "querier": notification.querier,
        "querier_country": notification.querier_country,
        "owner": notification.owner,
    });
    if let Some(query) = &notification.query {
        value["query"] = serde_json::from_str(query).unwrap_or(Value::Null);
    }
    if let Some((actor, reason)) = &notification.word {
        value["word"] = json!({"actor": actor, "reason": reason});
    }
    value
}

/// A hit's status after a change, with its history and its sightings: how many
/// screenings saw the traveller (`seen_count`, the one that raised the hit among them: a
/// traveller screened again within a shift is a sighting of the open hit) and when last
/// (`last_seen_at`).
pub fn hit_status(
    hit: &gatecheck_store::HitRow,
    status: &str,
    history: Vec<(i64, String, String, String)>,
) -> Value {
    let history: Vec<Value> = history
        .into_iter()
        .map(|(at, actor, status, reason)| {
            json!({"at": at, "actor": actor, "status": status, "reason": reason})
        })
        .collect();
    json!({
        "id": hit.id,
        "status": status,
        "history": history,
        "seen_count": hit.seen_count,
        "last_seen_at": hit.last_seen_at,
    })
}

/// A decision on a hit, `{"<kind>", "reason"}` and no other field: the status a member
/// gives its hit (`kind` = `status`) or the owner's answer to an escalation (`decision`).
pub fn hit_decision(request: &Value, kind: &str) -> Result<(String, String), ApiError> {
    only_fields(request, &[kind, "reason"])?;
    let field = |name: &str| -> Result<String, ApiError> {
        request
            .get(name)
            .and_then(Value::as_str)
            .map(str::to_string)
            .ok_or_else(|| {
                ApiError::bad_request("invalid_input", format!("{name}: missing or not a string"))
            })
    };
    Ok((field(kind)?, field("reason")?))
}

/// A whole-number query parameter within `range`, or `default` when absent; anything
/// else is refused, naming the parameter and the range.
pub fn bounded_number(
    query: &std::collections::HashMap<String, String>,
    name: &str,
    default: i64,
    range: std::ops::RangeInclusive<i64>,
) -> Result<i64, ApiError> {
    let Some(text) = query.get(name) else {
        return Ok(default);
    };
    match text.parse::<i64>() {
        Ok(value) if range.contains(&value) => Ok(value),
        _ => Err(ApiError::bad_request(
            "invalid_input",
            format!(
                "{name}: {text:?} is not a whole number from {} to {}",
                range.start(),
                range.end()
            ),
        )),
    }
}

/// The fields of a record request (`POST /v1/records`, `PUT /v1/records/{id}`).
pub const RECORD_FIELDS: &[&str] = &[
    "entity",
    "document",
    "access",
    "action",
    "review_by",
    "accept_wider_access",
];

/// Refuses a request body with a top-level field the route does not read: a field
/// silently dropped (an `owner` given to a record, say) is a field its sender thinks was
/// kept.
pub fn only_fields(request: &Value, known: &[&str]) -> Result<(), ApiError> {
    let Some(object) = request.as_object() else {
        return Err(ApiError::bad_request(
            "invalid_input",
            "the body must be a JSON object",
        ));
    };
    match object.keys().find(|key| !known.contains(&key.as_str())) {
        Some(unknown) => Err(ApiError::bad_request(
            "invalid_input",
            format!(
                "{}: not a field of this request (it takes {})",
                unknown.chars().take(60).collect::<String>(),
                known.join(", ")
            ),
        )),
        None => Ok(()),
    }
}
