//! yente's routes (`POST /match/{dataset}`, `GET /search/{dataset}`, `GET /entities/{id}`,
//! `GET /catalog`, `GET /algorithms`), so that existing screening clients work unchanged:
//! yente 5.x's parameters, answers and errors (`{"detail": ...}`, 422 as FastAPI's
//! validation), under gatecheck's access rule. A parameter yente takes that gatecheck
//! cannot honour is refused with 400 naming it, never dropped unread.

use super::screen::MAX_BATCH;
use super::yente_params::{check_choice, Params};
use super::{audit_read, body};
use crate::auth::authenticate;
use crate::error::YenteError;
use crate::wire::{self, Datasets, DEFAULT_DATASET};
use crate::{ApiError, AppState};
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::Json;
use gatecheck_formats::ftm::{Schema, FTM_SCHEMATA};
use gatecheck_service::audit;
use gatecheck_service::members::Member;
use gatecheck_service::screen::{PersonQuery, Query as BatchQuery, Screened};
use gatecheck_service::screening::Scope;
use serde_json::{json, Value};
use std::collections::BTreeMap;
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
    let description = "gatecheck: multilingual name matching with qualifiers (see ARCHITECTURE.md and docs/engine.md); its score is not a weighted sum of features, so it takes no weights and no configuration";
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

/// yente's `GET /healthz` (`StatusResponse`).
pub(crate) async fn yente_healthz() -> Json<Value> {
    Json(json!({"status": "ok"}))
}

/// The most results a yente-compatible query may ask for (yente's `MAX_MATCHES`, and its
/// `MAX_PAGE` for a search).
const MAX_MATCH_LIMIT: i64 = 500;
/// The most entity ids `exclude_entity_ids` may name (yente's).
const MAX_EXCLUDED_IDS: usize = 50;
/// A search's results unless `limit` says (yente's `DEFAULT_PAGE`).
const SEARCH_PAGE: i64 = 10;
/// The furthest a search may page (yente's `MAX_OFFSET`, its window of 9,999 less a page).
const MAX_OFFSET: i64 = 9_999 - 500;

/// yente's answer to a dataset it does not have.
fn no_such_dataset() -> YenteError {
    YenteError::Detail(
        axum::http::StatusCode::NOT_FOUND,
        "No such dataset.".to_string(),
    )
}

/// The owners whose records `dataset` (a path's) holds: `None` for `default` (every
/// member's), else the one member it names; `Err` for no dataset.
fn dataset_owners(datasets: &Datasets, dataset: &str) -> Result<Option<Vec<i64>>, YenteError> {
    if dataset == DEFAULT_DATASET {
        return Ok(None);
    }
    datasets
        .owner(dataset)
        .map(|owner| Some(vec![owner]))
        .ok_or_else(no_such_dataset)
}

/// The owners of `scope` (from the path) narrowed by `include_dataset` and
/// `exclude_dataset`, as yente narrows its datasets: included, only those named (an
/// unknown name includes nothing, `default` everything); excluded, those named
/// (`default`: all of them). `None`: every member's records.
fn narrowed_owners(
    datasets: &Datasets,
    scope: Option<Vec<i64>>,
    include: &[&str],
    exclude: &[&str],
) -> Option<Vec<i64>> {
    if include.is_empty() && exclude.is_empty() {
        return scope;
    }
    let named = |names: &[&str], id: i64| {
        names.iter().any(|name| {
            *name == DEFAULT_DATASET || datasets.owner(name).is_some_and(|owner| owner == id)
        })
    };
    let owners = datasets
        .members()
        .iter()
        .map(|(id, _, _)| *id)
        .filter(|id| scope.as_ref().is_none_or(|scope| scope.contains(id)))
        .filter(|id| include.is_empty() || named(include, *id))
        .filter(|id| !named(exclude, *id))
        .collect();
    Some(owners)
}

/// What `/match` and `/search` read of yente's filters into a [`Scope`]: `topics` (any,
/// or all with `filter_op=AND`), `exclude_schema`, `changed_since`, the datasets. The
/// access rule decides how far each record is narrowed (see [`Scope`]).
fn scope_of(
    params: &Params,
    datasets: &Datasets,
    path_dataset: &str,
    include_dataset: &[&str],
    all_topics: bool,
) -> Result<Scope, YenteError> {
    let owners = dataset_owners(datasets, path_dataset)?;
    Ok(Scope {
        owners: narrowed_owners(
            datasets,
            owners,
            include_dataset,
            &params.all("exclude_dataset"),
        ),
        excluded_owners: Vec::new(),
        schema: None,
        excluded_schemata: strings(params.all("exclude_schema")),
        topics: strings(params.all("topics")),
        all_topics,
        changed_since: params.moment("changed_since")?,
        excluded_entity_ids: Vec::new(),
    })
}

fn strings(values: Vec<&str>) -> Vec<String> {
    values.into_iter().map(str::to_string).collect()
}

/// A JSON body for a yente route, or FastAPI's 422 (413 for one over the limit).
fn yente_body(payload: Result<Json<Value>, JsonRejection>) -> Result<Value, YenteError> {
    match body(payload) {
        Ok(value) => Ok(value),
        Err(ApiError::TooLarge) => Err(YenteError::from(ApiError::TooLarge)),
        Err(error) => Err(YenteError::invalid(
            &["body"],
            "json_invalid",
            format!("JSON decode error: {error}"),
            Value::Null,
        )),
    }
}

/// Refuses what pydantic refuses of yente's `EntityMatchQuery` (`queries` an object of
/// examples, each with a `schema` and `properties`; `weights` and `config` objects).
fn check_match_request(request: &Value) -> Result<(), YenteError> {
    let Some(fields) = request.as_object() else {
        return Err(YenteError::invalid(
            &["body"],
            "model_attributes_type",
            "Input should be a valid dictionary or object to extract fields from",
            request.clone(),
        ));
    };
    for name in ["weights", "config"] {
        if let Some(value) = fields.get(name).filter(|value| !value.is_object()) {
            return Err(YenteError::invalid(
                &["body", name],
                "dict_type",
                "Input should be a valid dictionary",
                value.clone(),
            ));
        }
    }
    let Some(queries) = fields.get("queries") else {
        return Err(YenteError::invalid(
            &["body", "queries"],
            "missing",
            "Field required",
            request.clone(),
        ));
    };
    let Some(queries) = queries.as_object() else {
        return Err(YenteError::invalid(
            &["body", "queries"],
            "dict_type",
            "Input should be a valid dictionary",
            queries.clone(),
        ));
    };
    for (key, example) in queries {
        let Some(example) = example.as_object() else {
            return Err(YenteError::invalid(
                &["body", "queries", key],
                "model_attributes_type",
                "Input should be a valid dictionary or object to extract fields from",
                example.clone(),
            ));
        };
        for (field, kind, message) in [
            ("schema", "string_type", "Input should be a valid string"),
            (
                "properties",
                "dict_type",
                "Input should be a valid dictionary",
            ),
        ] {
            match example.get(field) {
                None => {
                    return Err(YenteError::invalid(
                        &["body", "queries", key, field],
                        "missing",
                        "Field required",
                        Value::Object(example.clone()),
                    ))
                }
                Some(value)
                    if (field == "schema" && !value.is_string())
                        || (field == "properties" && !value.is_object()) =>
                {
                    return Err(YenteError::invalid(
                        &["body", "queries", key, field],
                        kind,
                        message,
                        value.clone(),
                    ))
                }
                Some(_) => {}
            }
        }
    }
    Ok(())
}

/// yente's `POST /match/{dataset}`: the same request and answer shapes, so that existing
/// screening clients work unchanged. `default` is every record the caller may screen
/// against; a member's dataset, its records. yente's filters (`include_dataset`,
/// `exclude_dataset`, `exclude_schema`, `topics`, `changed_since`, `exclude_entity_ids`)
/// narrow what is screened as far as the access rule lets them. Restricted records appear
/// as yente results without their data: the threshold as score, and whom to contact or to
/// refer to the owner in the caption.
pub(crate) async fn yente_match(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Path(dataset): Path<String>,
    Query(pairs): Query<Vec<(String, String)>>,
    payload: Result<Json<Value>, JsonRejection>,
) -> Result<Json<Value>, YenteError> {
    let member = authenticate(&state, &headers)?;
    let params = Params(pairs);
    // FastAPI validates every parameter and the body before yente's handler runs
    let limit = params.integer(
        "limit",
        state.config.limit as i64,
        Some(1),
        Some(MAX_MATCH_LIMIT),
    )? as usize;
    let threshold = params.score("threshold", state.config.threshold)?;
    // as yente: results below the cutoff are not returned at all; the cutoff is the
    // threshold unless a lower one is asked (a match is always returned)
    let cutoff = params.score("cutoff", threshold)?.min(threshold);
    let excluded_ids = params.all("exclude_entity_ids");
    if excluded_ids.len() > MAX_EXCLUDED_IDS {
        return Err(YenteError::invalid(
            &["query", "exclude_entity_ids"],
            "too_long",
            format!(
                "List should have at most {MAX_EXCLUDED_IDS} items after validation, not {}",
                excluded_ids.len()
            ),
            json!(excluded_ids),
        ));
    }
    let request = yente_body(payload)?;
    check_match_request(&request)?;
    let datasets = state.with_reader(|reader| Datasets::read(reader))?;
    let mut scope = scope_of(
        &params,
        &datasets,
        &dataset,
        &params.all("include_dataset"),
        false,
    )?;
    scope.excluded_entity_ids = strings(excluded_ids);
    // an algorithm asked for by name is one gatecheck runs, or the request is refused:
    // a client asking for yente's `logic-v2` is not answered by another silently
    if let Some(asked) = params.last("algorithm") {
        let name = asked.trim().to_ascii_lowercase();
        if !ALGORITHM_NAMES.contains(&name.as_str()) {
            return Err(YenteError::refused(format!(
                "Invalid algorithm: {asked} (gatecheck runs one, named {}; see /algorithms)",
                ALGORITHM_NAMES.join(", ")
            )));
        }
    }
    // as yente refuses a configuration its algorithm does not have; weights too, as
    // gatecheck's score is not a weighted sum of features and would ignore them
    if let Some(key) = request["config"].as_object().and_then(|c| c.keys().next()) {
        return Err(YenteError::refused(format!(
            "Invalid configuration parameter: {key} for algorithm {ALGORITHM}"
        )));
    }
    if let Some(key) = request["weights"].as_object().and_then(|w| w.keys().next()) {
        return Err(YenteError::refused(format!(
            "Invalid weight: {key} for algorithm {ALGORITHM}: its score is not a weighted sum of features, so it takes no weights (see /algorithms)"
        )));
    }
    // an object, as check_match_request found
    let Some(queries) = request["queries"].as_object() else {
        return Err(YenteError::refused("queries: not an object"));
    };
    if queries.is_empty() {
        return Err(YenteError::refused("No queries provided."));
    }
    if queries.len() > MAX_BATCH {
        return Err(YenteError::refused(format!(
            "Too many queries in one batch (limit: {MAX_BATCH})"
        )));
    }
    let mut persons = Vec::with_capacity(queries.len());
    for (key, example) in queries {
        // the key names the query in the answer, and stands in for a missing id
        if key.trim().is_empty() {
            return Err(YenteError::refused(format!(
                "Cannot parse example entity: queries.{key:?}: a query's key may not be blank"
            )));
        }
        // yente's examples need no id: the query's key stands in
        let mut entity = example.clone();
        if let Some(object) = entity.as_object_mut() {
            object.entry("id").or_insert_with(|| json!(key));
        }
        let person = wire::person(&entity).map_err(|error| {
            YenteError::refused(format!(
                "Cannot parse example entity: queries.{key}: {error}"
            ))
        })?;
        let mut query = PersonQuery::from_entity(person, entity.to_string(), None);
        query.scope = Box::new(scope.clone());
        persons.push(BatchQuery::Person(query));
    }
    let screened = screen(
        &state,
        &member,
        &persons,
        limit,
        threshold,
        audit::Action::Match,
    )?;
    let mut responses = serde_json::Map::new();
    for ((key, example), screened) in queries.iter().zip(&screened) {
        // the listed records, read as committed (the hits are on disk by now)
        let mut results = state.with_reader(|reader| {
            wire::yente_results(
                reader,
                &screened.findings,
                &screened.raised,
                threshold,
                &datasets,
            )
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
            "name": ALGORITHM,
            "description": "multilingual name matching with qualifiers, see ARCHITECTURE.md",
            "features": {"name_score": {"description": "the name score before qualifiers", "coefficient": 1.0}},
        },
        "limit": limit,
    });
    answer["responses"] = Value::Object(responses);
    Ok(Json(answer))
}

/// Screens `queries` for `member` (`limit` results each, matches from `threshold`), the
/// hits raised and the screening audited as `action`.
fn screen(
    state: &AppState,
    member: &Member,
    queries: &[BatchQuery],
    limit: usize,
    threshold: f32,
    action: audit::Action,
) -> Result<Vec<Screened>, ApiError> {
    let index = state.index()?;
    let mut screener = state.screener(&index, member);
    screener.settings.limit = limit;
    screener.settings.threshold = threshold;
    let screened = screener.batch(queries, action)?;
    state
        .metrics
        .add_hits(screened.iter().map(Screened::hits).sum());
    Ok(screened)
}

/// The facets yente's `/search` may count.
const FACETS: [&str; 6] = [
    "datasets",
    "schema",
    "countries",
    "identifiers",
    "topics",
    "genders",
];
/// The properties of a country, counted by the `countries` facet.
const COUNTRY_PROPERTIES: [&str; 6] = [
    "country",
    "nationality",
    "citizenship",
    "jurisdiction",
    "birthCountry",
    "mainCountry",
];
/// The parameters of yente's `/search` that gatecheck does not honour, refused when given
/// with a value that would change the answer: (name, why).
const UNHONOURED_SEARCH: [(&str, &str); 3] = [
    ("countries", "gatecheck does not filter by country"),
    ("filter", "gatecheck does not filter by property"),
    ("sort", "gatecheck answers by score only"),
];

/// yente's `GET /search/{dataset}`: `q` is a name, screened against the dataset's records
/// as a `/match` query of that name is (as a person, an organisation or both, as `schema`
/// allows), the hits raised and the search audited as `search`; the results are the
/// records whose score reaches the server's threshold, best first, paged by `offset` and
/// `limit`, restricted ones without their data. `total` counts the results found; it is
/// `gte` when the window of `offset + limit` was filled (there may be more). Facets are
/// counted over the results found, from what each shows.
pub(crate) async fn yente_search(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Path(dataset): Path<String>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Json<Value>, YenteError> {
    let member = authenticate(&state, &headers)?;
    let params = Params(pairs);
    // as yente's `limit_window`: a negative limit or offset is taken as 0
    let limit = params
        .integer("limit", SEARCH_PAGE, None, Some(MAX_MATCH_LIMIT))?
        .max(0) as usize;
    let offset = params.integer("offset", 0, None, Some(MAX_OFFSET))?.max(0) as usize;
    let facets = {
        let asked = params.all("facets");
        for facet in &asked {
            check_choice("facets", facet, &FACETS)?;
        }
        if asked.is_empty() {
            vec!["countries", "topics", "datasets"]
        } else {
            asked
        }
    };
    let filter_op = params.choice("filter_op", &["OR", "AND"], "OR")?;
    // yente's query syntax (`fuzzy`, `simple`) does not apply: `q` is read as a name, and
    // gatecheck matches a name across spellings and scripts always
    params.boolean("fuzzy", false)?;
    params.boolean("simple", false)?;
    let target = params.boolean("target", true)?;
    params.moment("changed_since")?;
    let datasets = state.with_reader(|reader| Datasets::read(reader))?;
    dataset_owners(&datasets, &dataset)?;
    let schema = params.last("schema").unwrap_or("Thing");
    if !FTM_SCHEMATA.contains(&schema) {
        return Err(YenteError::refused("Invalid schema"));
    }
    for (name, why) in UNHONOURED_SEARCH {
        if !params.all(name).is_empty() {
            return Err(YenteError::refused(format!(
                "{name}: {why}; leave {name} out"
            )));
        }
    }
    if !target {
        return Err(YenteError::refused(
            "target: every record gatecheck holds is a target; leave target out or give true",
        ));
    }
    if facets.contains(&"identifiers") {
        return Err(YenteError::refused(
            "facets: gatecheck does not count identifiers; ask for datasets, schema, countries, topics or genders",
        ));
    }
    let q = params.last("q").unwrap_or("").trim();
    if q.is_empty() {
        return Err(YenteError::refused(
            "q: give a name to search for (gatecheck lists no records without one)",
        ));
    }
    let all_topics = filter_op == "AND";
    let mut scope = scope_of(
        &params,
        &datasets,
        &dataset,
        &params.all("include_dataset"),
        all_topics,
    )?;
    // `datasets` filters too: with OR a record of any dataset named, with AND of every
    // one named (a record is of one dataset only)
    let named = params.all("datasets");
    if !named.is_empty() {
        let mut distinct = named.clone();
        distinct.sort_unstable();
        distinct.dedup();
        let of_dataset = narrowed_owners(&datasets, scope.owners.take(), &named, &[]);
        scope.owners = if all_topics && distinct.len() > 1 {
            Some(Vec::new())
        } else {
            of_dataset
        };
    }
    scope.schema = (schema != "Thing").then(|| schema.to_string());
    // the kinds of entity `schema` admits: persons, organisations (vessels, airplanes ...
    // are screened as organisations are), or both
    let admits = |kinds: &[Schema]| kinds.iter().any(|kind| kind.lineage().contains(&schema));
    let mut kinds = Vec::new();
    if admits(&[Schema::Person]) {
        kinds.push("Person");
    }
    // (`LegalEntity` is asked as both a person and an organisation)
    if admits(&[
        Schema::Organization,
        Schema::Company,
        Schema::PublicBody,
        Schema::LegalEntity,
        Schema::Vessel,
        Schema::Airplane,
    ]) {
        // an abstract schema (`Thing`, `Asset` ...) is asked as an organisation
        kinds.push(
            if Schema::parse(schema).is_some() && schema != "LegalEntity" {
                schema
            } else {
                "Organization"
            },
        );
    }
    let mut queries = Vec::with_capacity(kinds.len());
    for kind in kinds {
        let entity = json!({"id": "search", "schema": kind, "properties": {"name": [q]}});
        let person =
            wire::person(&entity).map_err(|error| YenteError::refused(format!("q: {error}")))?;
        let mut query = PersonQuery::from_entity(person, entity.to_string(), None);
        query.scope = Box::new(scope.clone());
        queries.push(BatchQuery::Person(query));
    }
    let window = (offset + limit).max(1);
    let threshold = state.config.threshold;
    let screened = if queries.is_empty() {
        Vec::new()
    } else {
        screen(
            &state,
            &member,
            &queries,
            window,
            threshold,
            audit::Action::Search,
        )?
    };
    let mut found = Vec::new();
    let mut filled = false;
    for screened in &screened {
        let results = state.with_reader(|reader| {
            wire::yente_results(
                reader,
                &screened.findings,
                &screened.raised,
                threshold,
                &datasets,
            )
        })?;
        filled |= screened.findings.len() >= window;
        found.extend(
            results
                .into_iter()
                .filter(|result| result["match"] == Value::Bool(true)),
        );
    }
    found.sort_by(|a, b| {
        let score = |result: &Value| result["score"].as_f64().unwrap_or_default();
        score(b).total_cmp(&score(a))
    });
    let total = found.len();
    let facet_counts = search_facets(&facets, &found, &datasets);
    let page: Vec<Value> = found.into_iter().skip(offset).take(limit).collect();
    Ok(Json(json!({
        "results": page,
        "facets": facet_counts,
        "total": {"value": total, "relation": if filled { "gte" } else { "eq" }},
        "limit": limit,
        "offset": offset,
    })))
}

/// yente's facets (`SearchFacet`) counted over `results`, from what each shows (a
/// restricted result shows none of its data, so counts in none).
fn search_facets(facets: &[&str], results: &[Value], datasets: &Datasets) -> Value {
    let mut answer = serde_json::Map::new();
    for facet in facets {
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        for result in results {
            let mut values: Vec<String> = match *facet {
                "datasets" => strings_of(&result["datasets"]),
                "schema" if result.get("restricted").is_none() => {
                    strings_of(&json!([result["schema"]]))
                }
                "countries" => COUNTRY_PROPERTIES
                    .iter()
                    .flat_map(|property| strings_of(&result["properties"][property]))
                    .map(|code| code.to_lowercase())
                    .collect(),
                "topics" => strings_of(&result["properties"]["topics"]),
                "genders" => strings_of(&result["properties"]["gender"]),
                _ => Vec::new(),
            };
            values.sort_unstable();
            values.dedup();
            for value in values {
                *counts.entry(value).or_default() += 1;
            }
        }
        let mut values: Vec<(String, usize)> = counts.into_iter().collect();
        values.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let label = match *facet {
            "datasets" => "Data sources",
            "schema" => "Entity types",
            "countries" => "Countries",
            "topics" => "Topics",
            _ => "Genders",
        };
        let items: Vec<Value> = values
            .into_iter()
            .map(|(name, count)| {
                let title = match *facet {
                    "datasets" => datasets
                        .members()
                        .iter()
                        .find(|(_, _, slug)| *slug == name)
                        .map(|(_, member, _)| member.clone())
                        .unwrap_or_else(|| name.clone()),
                    _ => name.clone(),
                };
                json!({"name": name, "label": title, "count": count})
            })
            .collect();
        answer.insert(facet.to_string(), json!({"label": label, "values": items}));
    }
    Value::Object(answer)
}

/// The strings of a JSON list (none for anything else).
fn strings_of(value: &Value) -> Vec<String> {
    value
        .as_array()
        .map(|values| {
            values
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

/// yente's `GET /entities/{entity_id}` (`EntityResponse`): the live record of that entity
/// id the caller may read in full (its own first), with the entities nested in it unless
/// `nested=false` (then named by their ids, as yente does); the read is audited. Any
/// other id, one of a record the caller may not read included, is answered 404 as yente
/// answers an entity it does not have: its existence is not told.
pub(crate) async fn yente_entity(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Path(entity_id): Path<String>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Json<Value>, YenteError> {
    let member = authenticate(&state, &headers)?;
    let nested = Params(pairs).boolean("nested", true)?;
    let today = crate::day((state.clock)());
    let (found, datasets) = state.with_reader(|reader| {
        let found =
            gatecheck_service::records::readable_by_entity_id(reader, &member, &entity_id, &today)?;
        Ok((found, Datasets::read(reader)?))
    })?;
    let Some((row, owner)) = found else {
        return Err(YenteError::Detail(
            axum::http::StatusCode::NOT_FOUND,
            "No such entity!".to_string(),
        ));
    };
    let mut answer = wire::yente_entity(&row, &datasets.of_member(&owner))?;
    if !nested {
        wire::nested_as_ids(&mut answer["properties"]);
    }
    audit_read(
        &state,
        &member,
        audit::Action::RecordRead,
        format!("record {}", row.id),
        &answer,
    )?;
    Ok(Json(answer))
}

/// yente's `GET /catalog` (`DataCatalogModel`): `default`, every record the caller may
/// screen against, a collection of one dataset a member (its records, titled with the
/// member's name), all of them current.
pub(crate) async fn yente_catalog(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
) -> Result<Json<Value>, YenteError> {
    authenticate(&state, &headers)?;
    let datasets = state.with_reader(|reader| Datasets::read(reader))?;
    let names: Vec<&str> = datasets
        .members()
        .iter()
        .map(|(_, _, slug)| slug.as_str())
        .collect();
    let mut entries = vec![json!({
        "name": DEFAULT_DATASET,
        "title": "Every record you may screen against",
        "summary": "the records of every member, each as its owner's access rule shows it",
        "load": false,
        "children": names,
        "tags": [],
        "resources": [],
    })];
    for (_, member, slug) in datasets.members() {
        entries.push(json!({
            "name": slug,
            "title": member,
            "summary": format!("the records {member} contributed"),
            "load": true,
            "children": [],
            "tags": [],
            "resources": [],
        }));
    }
    Ok(Json(json!({
        "datasets": entries,
        "current": names,
        "outdated": [],
        "index_stale": false,
    })))
}
