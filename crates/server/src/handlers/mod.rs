//! The API's handlers, a file per concept, and what they share: the JSON body read, an id
//! not found, a read written to the audit log.

pub(crate) mod hits;
pub(crate) mod manifests;
pub(crate) mod notifications;
pub(crate) mod records;
pub(crate) mod reports;
pub(crate) mod screen;
pub(crate) mod transactions;
pub(crate) mod yente;
mod yente_params;

use crate::{ApiError, AppState};
use axum::extract::rejection::JsonRejection;
use axum::http::HeaderMap;
use axum::Json;
use gatecheck_service::audit;
use gatecheck_service::members::Member;
use serde_json::Value;

/// Whether the request says its body is JSON.
fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("application/json"))
}

/// A JSON body, or a 400 naming what was wrong with it.
fn body(payload: Result<Json<Value>, JsonRejection>) -> Result<Value, ApiError> {
    match payload {
        Ok(Json(value)) => Ok(value),
        Err(JsonRejection::BytesRejection(rejection))
            if rejection.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE =>
        {
            Err(ApiError::TooLarge)
        }
        Err(JsonRejection::BytesRejection(_)) => Err(ApiError::bad_request(
            "body_unreadable",
            "the body could not be read",
        )),
        Err(rejection) => Err(ApiError::bad_request("bad_json", rejection.body_text())),
    }
}

/// Writes the audit entry of a read (a record read): who, when, what, and a digest of the
/// answer.
fn audit_read(
    state: &AppState,
    member: &Member,
    action: audit::Action,
    subject: String,
    answer: &Value,
) -> Result<(), ApiError> {
    let entry = audit::entry(
        (state.clock)(),
        member.actor(),
        action,
        subject,
        answer.to_string().as_bytes(),
    );
    state.write(|store| Ok(store.append_audit(&entry, &audit::chain_hash)?))?;
    Ok(())
}

fn not_found(id: &str) -> ApiError {
    ApiError::NotFound(format!("no {id:?} here"))
}
