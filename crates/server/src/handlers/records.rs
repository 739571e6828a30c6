//! An owner's records written, read, replaced and deleted (`/v1/records`): a person's
//! write goes through the screening index, a document is looked up in the store.

use super::{audit_read, body, not_found};
use crate::auth::authenticate;
use crate::{wire, ApiError, AppState};
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::Json;
use gatecheck_service::{access, audit, records};
use gatecheck_store::RecordKind;
use serde_json::{json, Value};
use std::sync::Arc;

pub(crate) async fn create_record(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    payload: Result<Json<Value>, JsonRejection>,
) -> Result<(axum::http::StatusCode, Json<Value>), ApiError> {
    let member = authenticate(&state, &headers)?;
    let request = body(payload)?;
    wire::only_fields(&request, wire::RECORD_FIELDS)?;
    let (update, confirmed) =
        wire::record_terms(&request, (state.clock)(), state.config.review_days)?;
    let now = (state.clock)();
    let (id, access) = match (request.get("entity"), request.get("document")) {
        (Some(entity), None) => state.write_indexed(|store| {
            let id = records::contribute(
                store,
                &member.name,
                &entity.to_string(),
                &update,
                confirmed,
                &member.actor(),
                now,
            )?;
            let access = store.record(id)?.map(|record| record.access_level);
            Ok(((id, access), vec![id]))
        })?,
        (None, Some(document)) => {
            let document = wire::document(document)?;
            // documents are looked up in the store: no index to bring up to date
            let written = state.write(|store| {
                let (_, ids) = gatecheck_service::documents::write(
                    store,
                    &member,
                    std::slice::from_ref(&document),
                    &update,
                    confirmed,
                    now,
                )?;
                let id = ids.first().copied().ok_or_else(|| {
                    ApiError::Internal("a document written has no id".to_string())
                })?;
                Ok((id, store.document(id)?.map(|row| row.terms.access_level)))
            })?;
            state.screen_documents_again(document.number);
            written
        }
        _ => {
            return Err(ApiError::bad_request(
                "invalid_input",
                "entity or document: give exactly one",
            ))
        }
    };
    // the access the record has once written: a stored record keeps its own unless the
    // request gave one
    Ok((
        axum::http::StatusCode::CREATED,
        Json(json!({"id": id, "access": access})),
    ))
}

pub(crate) async fn read_record(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let member = authenticate(&state, &headers)?;
    let id: i64 = id.parse().map_err(|_| not_found(&id))?;
    // a record the member may not read is answered as absent: its existence is not told
    let answer = if RecordKind::of(id) == RecordKind::Document {
        let row = state
            .store()?
            .document(id)?
            .filter(|row| access::may_read_document(row, &member))
            .ok_or_else(|| not_found(&id.to_string()))?;
        json!({
            "id": row.id,
            "document": wire::document_json(&row.document),
            "access": row.terms.access_level,
            "action": row.terms.action,
            "review_by": row.terms.review_by,
            "version": row.version,
        })
    } else {
        let record = state
            .store()?
            .record(id)?
            .filter(|record| access::may_read(record, &member))
            .ok_or_else(|| not_found(&id.to_string()))?;
        let entity: Value = serde_json::from_str(&record.entity)
            .map_err(|error| ApiError::Internal(format!("record {id} holds bad JSON: {error}")))?;
        json!({
            "id": record.id,
            "entity": entity,
            "access": record.access_level,
            "action": record.action,
            "review_by": record.review_by,
            "version": record.version,
        })
    };
    audit_read(
        &state,
        &member,
        audit::Action::RecordRead,
        format!("record {id}"),
        &answer,
    )?;
    Ok(Json(answer))
}

pub(crate) async fn replace_record(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    payload: Result<Json<Value>, JsonRejection>,
) -> Result<Json<Value>, ApiError> {
    let member = authenticate(&state, &headers)?;
    let id: i64 = id.parse().map_err(|_| not_found(&id))?;
    let request = body(payload)?;
    wire::only_fields(&request, wire::RECORD_FIELDS)?;
    let now = (state.clock)();
    let (update, confirmed) = wire::record_terms(&request, now, state.config.review_days)?;
    // the part of another kind of record is refused, not dropped unread
    let is_document = RecordKind::of(id) == RecordKind::Document;
    let (given, other) = if is_document {
        ("entity", "a document's: give document")
    } else {
        ("document", "a person's or an entity's: give entity")
    };
    if request.get(given).is_some() {
        return Err(ApiError::bad_request(
            "invalid_input",
            format!("{given}: record {id} is {other}"),
        ));
    }
    if is_document {
        let document = request
            .get("document")
            .ok_or_else(|| ApiError::bad_request("invalid_input", "document: missing"))?;
        let document = wire::document(document)?;
        let version = state.write(|store| {
            gatecheck_service::documents::replace(
                store, &member, id, &document, &update, confirmed, now,
            )?;
            Ok(store.document(id)?.map(|row| row.version))
        })?;
        state.screen_documents_again(document.number);
        return Ok(Json(json!({"id": id, "version": version})));
    }
    let entity = request
        .get("entity")
        .ok_or_else(|| ApiError::bad_request("invalid_input", "entity: missing"))?;
    let version = state.write_indexed(|store| {
        records::replace(
            store,
            &member,
            id,
            &entity.to_string(),
            &update,
            confirmed,
            now,
        )?;
        Ok((store.record(id)?.map(|record| record.version), vec![id]))
    })?;
    Ok(Json(json!({"id": id, "version": version})))
}

pub(crate) async fn delete_record(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<axum::http::StatusCode, ApiError> {
    let member = authenticate(&state, &headers)?;
    let id: i64 = id.parse().map_err(|_| not_found(&id))?;
    if RecordKind::of(id) == RecordKind::Document {
        state.write(|store| {
            Ok(gatecheck_service::documents::withdraw(
                store,
                &member,
                id,
                (state.clock)(),
            )?)
        })?;
        return Ok(axum::http::StatusCode::NO_CONTENT);
    }
    state.write_indexed(|store| {
        records::delete(store, &member, id, (state.clock)())?;
        Ok(((), vec![id]))
    })?;
    Ok(axum::http::StatusCode::NO_CONTENT)
}
