//! A hit's status changed by the member that screened, and an escalated hit answered by
//! the record's owner (`/v1/hits`).

use super::{body, not_found};
use crate::auth::authenticate;
use crate::{wire, ApiError, AppState};
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::Json;
use gatecheck_service::hits;
use serde_json::Value;
use std::sync::Arc;

pub(crate) async fn change_hit(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    payload: Result<Json<Value>, JsonRejection>,
) -> Result<Json<Value>, ApiError> {
    let member = authenticate(&state, &headers)?;
    let id: i64 = id.parse().map_err(|_| not_found(&id))?;
    let request = body(payload)?;
    let (status, reason) = wire::hit_decision(&request, "status")?;
    let history = state.write(|store| {
        hits::set_status(store, &member, id, &status, &reason, (state.clock)())?;
        Ok(store.hit_history(id)?)
    })?;
    Ok(Json(wire::hit_status(id, &status, history)))
}

/// The owner's answer to a hit escalated to it: `{"decision": "confirmed" |
/// "false-positive", "reason"}`; the member that screened is notified.
pub(crate) async fn answer_hit(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    payload: Result<Json<Value>, JsonRejection>,
) -> Result<Json<Value>, ApiError> {
    let member = authenticate(&state, &headers)?;
    let id: i64 = id.parse().map_err(|_| not_found(&id))?;
    let request = body(payload)?;
    let (decision, reason) = wire::hit_decision(&request, "decision")?;
    let label = member.actor();
    let history = state.write(|store| {
        hits::answer_escalation(
            store,
            &member,
            &label,
            id,
            &decision,
            &reason,
            (state.clock)(),
        )?;
        Ok(store.hit_history(id)?)
    })?;
    Ok(Json(wire::hit_status(id, &decision, history)))
}
