//! Payments and shipments screened party by party (issue 18): `POST /v1/screen/payments`
//! (SWIFT MT103/MT202 messages or an ISO 20022 document, one message or many) and
//! `POST /v1/screen/shipments` (consignments in gatecheck's JSON form of the WCO data
//! model). Every message read is screened, kept with its hits and audited; one that cannot
//! be read is answered with where and why, the others screened all the same.

use crate::auth::authenticate;
use crate::{ApiError, AppState};
use axum::extract::State;
use axum::http::HeaderMap;
use axum::Json;
use gatecheck_formats::parties::{read_payment_file, read_shipment_file, Reading, Unreadable};
use gatecheck_service::members::Member;
use serde_json::{json, Value};
use std::sync::Arc;

/// The most messages or consignments of one request (a file of more is screened by
/// `gatecheck screen payments`, a batch at a time).
pub const MAX_MESSAGES: usize = 1_000;

/// What a request's body holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    Payments,
    Shipments,
}

pub(crate) async fn screen_payments(
    state: State<Arc<AppState>>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Json<Value>, ApiError> {
    screen(state, headers, body, Channel::Payments)
}

pub(crate) async fn screen_shipments(
    state: State<Arc<AppState>>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Json<Value>, ApiError> {
    screen(state, headers, body, Channel::Shipments)
}

/// Either route: the member authenticated, the body's messages of `channel` screened.
fn screen(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    body: axum::body::Bytes,
    channel: Channel,
) -> Result<Json<Value>, ApiError> {
    let member = authenticate(&state, &headers)?;
    Ok(Json(state.screen_transaction_text(
        &member,
        &body,
        channel,
        MAX_MESSAGES,
    )?))
}

/// The messages of a body, read: each, or where and why not.
pub fn read_transactions(text: &str, channel: Channel) -> Vec<Result<Reading, Unreadable>> {
    match channel {
        Channel::Payments => read_payment_file(text),
        Channel::Shipments => read_shipment_file(text),
    }
}

/// An unreadable message as answered: `{"line", "error"}`.
pub fn unreadable_json(unreadable: &Unreadable) -> Value {
    json!({"line": unreadable.line, "error": unreadable.reason})
}

impl AppState {
    /// Reads the messages of `body` (at most `most`), screens every one read for `member`
    /// and keeps each with its hits and audit entry; answers `{"messages": [...],
    /// "unreadable": [{"line", "error"}], "summary": {"messages", "hold", "pass",
    /// "unreadable", "hits"}}`. A body of which nothing can be read is refused (400) with
    /// the first reason. What the two routes do, apart from HTTP.
    pub fn screen_transaction_text(
        &self,
        member: &Member,
        body: &[u8],
        channel: Channel,
        most: usize,
    ) -> Result<Value, ApiError> {
        let text = std::str::from_utf8(body).map_err(|error| {
            ApiError::bad_request(
                "invalid_input",
                format!(
                    "the body is not UTF-8 (byte {}); send the messages as UTF-8 text",
                    error.valid_up_to()
                ),
            )
        })?;
        let read = read_transactions(text, channel);
        if read.len() > most {
            return Err(ApiError::bad_request(
                "invalid_input",
                format!("{} messages given, at most {most} a request", read.len()),
            ));
        }
        let (readings, unreadable): (Vec<_>, Vec<_>) = read.into_iter().partition(Result::is_ok);
        let readings: Vec<Reading> = readings.into_iter().filter_map(Result::ok).collect();
        let unreadable: Vec<Unreadable> = unreadable.into_iter().filter_map(Result::err).collect();
        if readings.is_empty() {
            let reason = unreadable.first().map_or_else(
                || "no message in the body".to_string(),
                |first| match first.line {
                    Some(line) => format!("line {line}: {}", first.reason),
                    None => first.reason.clone(),
                },
            );
            return Err(ApiError::bad_request("invalid_input", reason));
        }
        let answers = self.screen_readings(member, readings)?;
        Ok(transactions_answer(answers, &unreadable))
    }

    /// Screens transactions already read, for `member`, each kept with its hits: their
    /// answers in order (for `gatecheck screen payments`, a batch at a time).
    pub fn screen_readings(
        &self,
        member: &Member,
        readings: Vec<Reading>,
    ) -> Result<Vec<Value>, ApiError> {
        let index = self.index()?;
        let screened = self.screener(&index, member).transactions(readings)?;
        self.metrics
            .add_hits(screened.iter().map(|one| one.hits()).sum());
        Ok(screened.iter().map(|one| one.answer()).collect())
    }
}

/// The answer of a request: the messages' answers, those that could not be read, and the
/// counts.
pub fn transactions_answer(messages: Vec<Value>, unreadable: &[Unreadable]) -> Value {
    let count = |verdict: &str| {
        messages
            .iter()
            .filter(|message| message["verdict"] == verdict)
            .count()
    };
    let hits: u64 = messages
        .iter()
        .filter_map(|message| message["hits"].as_u64())
        .sum();
    let summary = json!({
        "messages": messages.len(),
        "hold": count("hold"),
        "pass": count("pass"),
        "unreadable": unreadable.len(),
        "hits": hits,
    });
    let mut answer = json!({ "summary": summary });
    answer["messages"] = Value::Array(messages);
    answer["unreadable"] = unreadable.iter().map(unreadable_json).collect();
    answer
}
