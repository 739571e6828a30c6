//! A member's notifications, listed (with long polling) or streamed as server-sent events
//! (`/v1/notifications`): both wait on the async runtime, their store reads on the
//! blocking pool.

use crate::auth::authenticate;
use crate::blocking::on_blocking_pool;
use crate::{wire, ApiError, AppState};
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::Json;
use gatecheck_service::hits;
use serde_json::{json, Value};
use std::sync::Arc;

/// How long a notifications request may wait for one to arrive (long polling).
const MAX_WAIT_SECONDS: u64 = 30;

pub(crate) async fn list_notifications(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Query(query): Query<std::collections::HashMap<String, String>>,
) -> Result<Json<Value>, ApiError> {
    let asked = headers.clone();
    let member = on_blocking_pool(&state, move |state| authenticate(state, &asked)).await?;
    let after = wire::bounded_number(&query, "after", 0, 0..=i64::MAX)?;
    let wait = wire::bounded_number(&query, "wait", 0, 0..=MAX_WAIT_SECONDS as i64)? as u64;
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(wait);
    loop {
        let asker = member.clone();
        let notifications = on_blocking_pool(&state, move |state| {
            Ok(hits::notifications(
                &mut *state.store()?,
                &asker,
                after,
                100,
                (state.clock)(),
            )?)
        })
        .await?;
        if !notifications.is_empty() || tokio::time::Instant::now() >= deadline {
            let items: Vec<Value> = notifications.iter().map(wire::notification).collect();
            return Ok(Json(json!({"notifications": items})));
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
}

/// How often a notification stream looks for new notifications.
const STREAM_POLL: std::time::Duration = std::time::Duration::from_millis(500);

/// Server-sent events: each new notification of the caller's as an event `notification`
/// (its id as the event id, so a client resumes with `?after=`). The key is checked again
/// before each look, so a revoked key ends the stream.
pub(crate) async fn stream_notifications(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Query(query): Query<std::collections::HashMap<String, String>>,
) -> Result<
    axum::response::sse::Sse<
        impl futures_util::Stream<Item = Result<axum::response::sse::Event, std::convert::Infallible>>,
    >,
    ApiError,
> {
    use axum::response::sse::{Event, KeepAlive, Sse};
    let asked = headers.clone();
    on_blocking_pool(&state, move |state| authenticate(state, &asked)).await?;
    let after = wire::bounded_number(&query, "after", 0, 0..=i64::MAX)?;
    let stream = futures_util::stream::unfold(
        (state, headers, after, std::collections::VecDeque::new()),
        |(state, headers, mut after, mut pending)| async move {
            loop {
                if let Some(event) = pending.pop_front() {
                    return Some((Ok(event), (state, headers, after, pending)));
                }
                let asked = headers.clone();
                let notifications = on_blocking_pool(&state, move |state| {
                    let member = authenticate(state, &asked)?;
                    Ok(hits::notifications(
                        &mut *state.store()?,
                        &member,
                        after,
                        100,
                        (state.clock)(),
                    )?)
                })
                .await
                .ok()?;
                for n in notifications {
                    after = n.id;
                    let data = wire::notification(&n);
                    pending.push_back(
                        Event::default()
                            .event("notification")
                            .id(n.id.to_string())
                            .data(data.to_string()),
                    );
                }
                if pending.is_empty() {
                    tokio::time::sleep(STREAM_POLL).await;
                }
            }
        },
    );
    Ok(Sse::new(stream).keep_alive(KeepAlive::default()))
}
