//! Screening a person, a document, a machine-readable zone or a batch of them: the handlers,
//! the [`AppState`] methods the console shares, and the service's [`Stores`] over the
//! server's readers and writer.

use super::{body, is_json};
use crate::auth::authenticate;
use crate::{backing, day, wire, ApiError, AppState};
use axum::extract::rejection::JsonRejection;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::Json;
use gatecheck_service::audit;
use gatecheck_service::members::Member;
use gatecheck_service::screen::{
    DocumentQuery, PersonQuery, Query as BatchQuery, Screened, Screener, Settings, Stores,
};
use gatecheck_service::screening::ScreeningIndex;
use gatecheck_service::ServiceError;
use gatecheck_store::concepts::Backend;
use serde_json::{json, Value};
use std::sync::Arc;

pub(crate) async fn screen_person(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    payload: Result<Json<Value>, JsonRejection>,
) -> Result<Json<Value>, ApiError> {
    let member = authenticate(&state, &headers)?;
    let entity = body(payload)?;
    Ok(Json(state.screen_person_entity(&member, &entity)?))
}

pub(crate) async fn screen_document(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    payload: Result<Json<Value>, JsonRejection>,
) -> Result<Json<Value>, ApiError> {
    let member = authenticate(&state, &headers)?;
    let request = body(payload)?;
    Ok(Json(state.screen_document_request(&member, &request)?))
}

/// `POST /v1/screen/mrz`: the machine-readable zone of a document, as text (or
/// `{"mrz": "..."}`): the zone read, the document looked up, its holder screened.
pub(crate) async fn screen_mrz(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Json<Value>, ApiError> {
    let member = authenticate(&state, &headers)?;
    let text = wire::mrz_text(&body, is_json(&headers))?;
    Ok(Json(state.screen_mrz_text(&member, &text)?))
}

/// The most queries of one batch.
pub const MAX_BATCH: usize = 1_000;

pub(crate) async fn screen_batch(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    payload: Result<Json<Value>, JsonRejection>,
) -> Result<Json<Value>, ApiError> {
    let member = authenticate(&state, &headers)?;
    let request = body(payload)?;
    let queries = request
        .get("queries")
        .and_then(Value::as_array)
        .ok_or_else(|| ApiError::bad_request("invalid_input", "queries: missing or not a list"))?;
    if queries.len() > MAX_BATCH {
        return Err(ApiError::bad_request(
            "invalid_input",
            format!("queries: {} given, at most {MAX_BATCH}", queries.len()),
        ));
    }
    // every query is read before any is screened: a bad one refuses the batch. A query
    // with a "number" is a document, any other an FtM person.
    let read = |at: usize, query: &Value| -> Result<BatchQuery, ApiError> {
        let placed = |error: ApiError| match error {
            ApiError::BadRequest { code, message } => {
                ApiError::bad_request(code, format!("queries[{at}]: {message}"))
            }
            other => other,
        };
        if query.get("number").is_some() {
            let (number, issuing_state) = wire::document_query(query).map_err(placed)?;
            return Ok(BatchQuery::Document(DocumentQuery {
                number,
                issuing_state,
                kept_as: query.to_string(),
            }));
        }
        let entity = wire::person(query).map_err(placed)?;
        Ok(BatchQuery::Person(PersonQuery::from_entity(
            entity,
            query.to_string(),
            None,
        )))
    };
    let parsed = queries
        .iter()
        .enumerate()
        .map(|(at, query)| read(at, query))
        .collect::<Result<Vec<_>, _>>()?;
    let index = state.index()?;
    let screened = state
        .screener(&index, &member)
        .batch(&parsed, audit::Action::ScreenBatch)?;
    state
        .metrics
        .add_hits(screened.iter().map(Screened::hits).sum());
    let mut answer = json!({});
    answer["responses"] = screened.iter().map(Screened::answer).collect();
    Ok(Json(answer))
}

impl AppState {
    /// A person (an FtM entity) screened for `member` and its hits kept: the answer of
    /// `POST /v1/screen/person`, which the console's search shows too.
    pub fn screen_person_entity(&self, member: &Member, entity: &Value) -> Result<Value, ApiError> {
        let query = PersonQuery::from_entity(wire::person(entity)?, entity.to_string(), None);
        let index = self.index()?;
        let screened = self.screener(&index, member).person(&query)?;
        self.metrics.add_hits(screened.hits());
        Ok(screened.answer())
    }

    /// Machine-readable zones screened for `member` (the document and its holder) and the
    /// hits kept: the answer of `POST /v1/screen/mrz`.
    pub fn screen_mrz_text(&self, member: &Member, text: &str) -> Result<Value, ApiError> {
        let index = self.index()?;
        let screener = self.screener(&index, member);
        let reading = gatecheck_formats::mrz::parse(text, civil_date(&day(screener.now))?);
        let Some(screened) = screener.zone(reading.clone())? else {
            let errors = reading.to_json()["errors"].clone();
            return Err(ApiError::bad_request(
                "invalid_mrz",
                format!("mrz: no layout of ICAO 9303 fits these lines: {errors}"),
            ));
        };
        self.metrics.add_hits(screened.hits());
        Ok(screened.answer())
    }

    /// A document (`{"number", "issuing_state", "type"}`) screened for `member` and its
    /// hits kept: the answer of `POST /v1/screen/document`.
    pub fn screen_document_request(
        &self,
        member: &Member,
        request: &Value,
    ) -> Result<Value, ApiError> {
        let (number, issuing_state) = wire::document_query(request)?;
        let index = self.index()?;
        let screened = self.screener(&index, member).document(&DocumentQuery {
            number,
            issuing_state,
            kept_as: request.to_string(),
        })?;
        self.metrics.add_hits(screened.hits());
        Ok(screened.answer())
    }

    /// The screening use cases for `member`, now, with the server's settings.
    pub(super) fn screener<'a>(
        &'a self,
        index: &'a ScreeningIndex,
        member: &'a Member,
    ) -> Screener<'a, AppState> {
        Screener {
            index,
            stores: self,
            member,
            actor: member.actor(),
            settings: Settings {
                limit: self.config.limit,
                threshold: self.config.threshold,
                matching: &self.config.matching,
                shift_seconds: gatecheck_service::hits::shift_seconds(self.config.shift_hours),
            },
            now: (self.clock)(),
        }
    }
}

/// A `YYYY-MM-DD` day as the MRZ reader takes it.
fn civil_date(day: &str) -> Result<gatecheck_formats::mrz::CivilDate, ApiError> {
    gatecheck_formats::mrz::CivilDate::parse(day)
        .ok_or_else(|| ApiError::Internal(format!("the clock gave no date: {day}")))
}

/// The service's screenings read from the pool of readers and write through the writer,
/// which commits the writes of many requests together.
impl Stores for AppState {
    type Error = ApiError;

    fn read<T>(
        &self,
        work: impl FnOnce(&dyn Backend) -> Result<T, ServiceError>,
    ) -> Result<T, ApiError> {
        self.with_reader_from(backing::ReadFrom::AnyCopy, |reader| Ok(work(reader)?))
    }

    fn write<T>(
        &self,
        work: impl FnOnce(&mut dyn Backend) -> Result<T, ServiceError>,
    ) -> Result<T, ApiError> {
        AppState::write(self, |store| Ok(work(store)?))
    }
}
