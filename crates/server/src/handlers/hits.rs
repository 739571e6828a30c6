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
use gatecheck_store::concepts::{Backend, HitEvent};
use gatecheck_store::HitRow;
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
    let (hit, history) = state.write(|store| {
        hits::set_status(store, &member, id, &status, &reason, (state.clock)())?;
        hit_and_history(store, id)
    })?;
    Ok(Json(wire::hit_status(&hit, &status, history)))
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
    let (hit, history) = state.write(|store| {
        hits::answer_escalation(
            store,
            &member,
            &label,
            id,
            &decision,
            &reason,
            (state.clock)(),
        )?;
        hit_and_history(store, id)
    })?;
    Ok(Json(wire::hit_status(&hit, &decision, history)))
}

/// A hit just changed, as stored, with its history, read in the change's write.
fn hit_and_history(store: &mut dyn Backend, id: i64) -> Result<(HitRow, Vec<HitEvent>), ApiError> {
    let hit = store.hit(id)?.ok_or_else(|| not_found(&id.to_string()))?;
    Ok((hit, store.hit_history(id)?))
}
