//! yente's `POST /match/{dataset}`, so that existing screening clients work unchanged.

use super::body;
use super::screen::MAX_BATCH;
use crate::auth::authenticate;
use crate::{wire, ApiError, AppState};
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::Json;
use gatecheck_service::audit;
use gatecheck_service::screen::{PersonQuery, Query as BatchQuery, Screened};
use serde_json::{json, Value};
use std::sync::Arc;

/// The one matching algorithm gatecheck runs, by the name yente's clients ask for it.
const ALGORITHM: &str = "gatecheck";
/// The names a yente client may ask for it by: its own, and yente's `best` and `default`.
const ALGORITHM_NAMES: [&str; 3] = [ALGORITHM, "best", "default"];

/// yente's `GET /algorithms` (`AlgorithmResponse`): the one algorithm gatecheck runs, its
/// features as `/match` explains them, and it as the default and the best.
pub(crate) async fn yente_algorithms() -> Json<Value> {
    let feature = |description: &str| json!({"description": description, "coefficient": 1.0, "url": "/openapi.json"});
    let features = json!({
        "name": feature("the name score before qualifiers: each query name against each listed name, parts aligned in any order, weighed by rarity and length, held down by the rules about names as wholes"),
        "name_part_N": feature("one pair of name parts: their likeness across scripts and spellings"),
        "birthDate": feature("the date of birth at the precision both sides have, in log-odds"),
        "nationality": feature("countries compared as ISO codes, in log-odds; only two countries of today that differ conflict"),
        "gender": feature("gender, in log-odds"),
        "idNumber": feature("a document number both sides hold, in log-odds"),
        "address": feature("an address, in log-odds"),
        "rule_<name>": feature("a rule about the names as wholes that held the name score (numbers_differ, relative, one_part_alone, crowded, chance_likeness) or lifted it (typing_slip)"),
    });
    let description = "gatecheck: multilingual name matching with qualifiers (see ARCHITECTURE.md and docs/engine.md)";
    Json(json!({
        "algorithms": [{
            "name": ALGORITHM,
            "description": description,
            "features": features,
            "docs": {"name": ALGORITHM, "description": description, "config": {}, "features": features},
        }],
        "default": ALGORITHM,
        "best": ALGORITHM,
    }))
}

/// The most results a yente-compatible query may ask for (yente's `MAX_MATCHES`).
const MAX_MATCH_LIMIT: usize = 500;

/// yente's `POST /match/{dataset}`: the same request and answer shapes, so that existing
/// screening clients work unchanged. `default` is every record the caller may screen
/// against. Restricted records appear as yente results without their data: the threshold
/// as score, and whom to contact or to refer to the owner in the caption.
pub(crate) async fn yente_match(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Path(dataset): Path<String>,
    Query(query): Query<std::collections::HashMap<String, String>>,
    payload: Result<Json<Value>, JsonRejection>,
) -> Result<Json<Value>, ApiError> {
    let member = authenticate(&state, &headers)?;
    // `default` is every record; a member's name, the records that member contributed
    let owner = match dataset.as_str() {
        "default" => None,
        name => Some(
            state
                .with_reader(|reader| Ok(reader.member_by_name(name)?))?
                .map(|row| row.id)
                .ok_or_else(|| {
                    ApiError::NotFound(format!(
                        "no dataset {dataset:?}: \"default\" holds every record you may screen against, a member's name the records it contributed"
                    ))
                })?,
        ),
    };
    let limit = wire::bounded_number(
        &query,
        "limit",
        state.config.limit as i64,
        1..=MAX_MATCH_LIMIT as i64,
    )? as usize;
    let score = |name: &str, default: f32| match query.get(name) {
        None => Ok(default),
        Some(text) => text
            .parse::<f32>()
            .ok()
            .filter(|score| (0.0..=1.0).contains(score))
            .ok_or_else(|| {
                ApiError::bad_request(
                    "invalid_input",
                    format!("{name}: {text:?} is not a number from 0 to 1"),
                )
            }),
    };
    let threshold = score("threshold", state.config.threshold)?;
    // an algorithm asked for by name is one gatecheck runs, or the request is refused:
    // a client asking for yente's `logic-v2` is not answered by another silently
    if let Some(asked) = query.get("algorithm") {
        let name = asked.trim().to_ascii_lowercase();
        if !ALGORITHM_NAMES.contains(&name.as_str()) {
            return Err(ApiError::bad_request(
                "invalid_input",
                format!(
                    "algorithm: {asked:?} is not one gatecheck runs ({}; see /algorithms)",
                    ALGORITHM_NAMES.join(", ")
                ),
            ));
        }
    }
    // as yente: results below the cutoff are not returned at all; the cutoff is the
    // threshold unless a lower one is asked (a match is always returned)
    let cutoff = score("cutoff", threshold)?.min(threshold);
    let request = body(payload)?;
    let queries = request
        .get("queries")
        .and_then(Value::as_object)
        .ok_or_else(|| {
            ApiError::bad_request("invalid_input", "queries: missing or not an object")
        })?;
    if queries.len() > MAX_BATCH {
        return Err(ApiError::bad_request(
            "invalid_input",
            format!("queries: {} given, at most {MAX_BATCH}", queries.len()),
        ));
    }
    let mut persons = Vec::with_capacity(queries.len());
    for (key, example) in queries {
        // the key names the query in the answer, and stands in for a missing id
        if key.trim().is_empty() {
            return Err(ApiError::bad_request(
                "invalid_input",
                format!("queries.{key:?}: a query's key may not be blank"),
            ));
        }
        // yente's examples need no id: the query's key stands in
        let mut entity = example.clone();
        if let Some(object) = entity.as_object_mut() {
            object.entry("id").or_insert_with(|| json!(key));
        }
        let person = wire::person(&entity).map_err(|error| match error {
            ApiError::BadRequest { code, message } => {
                ApiError::bad_request(code, format!("queries.{key}: {message}"))
            }
            other => other,
        })?;
        persons.push(BatchQuery::Person(PersonQuery::from_entity(
            person,
            entity.to_string(),
            owner,
        )));
    }
    let index = state.index()?;
    let mut screener = state.screener(&index, &member);
    screener.settings.limit = limit;
    screener.settings.threshold = threshold;
    let screened = screener.batch(&persons, audit::Action::Match)?;
    state
        .metrics
        .add_hits(screened.iter().map(Screened::hits).sum());
    let mut responses = serde_json::Map::new();
    for ((key, example), screened) in queries.iter().zip(&screened) {
        // the listed records, read as committed (the hits are on disk by now)
        let mut results = state.with_reader(|reader| {
            wire::yente_results(reader, &screened.findings, &screened.raised, threshold)
        })?;
        results.retain(|result| {
            result["score"]
                .as_f64()
                .is_some_and(|score| score >= f64::from(cutoff) - 1e-9)
        });
        // as yente counts: the results that match
        let matches = results
            .iter()
            .filter(|result| result["match"] == Value::Bool(true))
            .count();
        let mut response = json!({
            "status": 200,
            "total": {"value": matches, "relation": "eq"},
            "query": example,
        });
        // moved in: `json!` copies what is written inside it
        response["results"] = Value::Array(results);
        if !screened.warnings.is_empty() {
            response["warnings"] = json!(screened.warnings);
        }
        responses.insert(key.clone(), response);
    }
    let mut answer = json!({
        "matcher": {
            "name": "gatecheck",
            "description": "multilingual name matching with qualifiers, see ARCHITECTURE.md",
            "features": {"name_score": {"description": "the name score before qualifiers", "coefficient": 1.0}},
        },
        "limit": limit,
    });
    answer["responses"] = Value::Object(responses);
    Ok(Json(answer))
}
