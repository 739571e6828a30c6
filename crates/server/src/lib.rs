//! gatecheck's HTTP API: bearer-key authentication, wire types converted by hand from the
//! service's types, and errors mapped to statuses in one place (`error.rs`). The router is
//! tested without a socket.

mod auth;
mod backing;
mod blocking;
mod config;
mod console;
mod error;
mod handlers;
mod metrics;
pub mod openapi;
mod state;
pub mod wire;
mod writing;

pub use backing::Source;
pub use config::{ApiConfig, KEPT_CHANGES};
pub use error::ApiError;
pub use gatecheck_service::dates::{day, utc};
pub use handlers::screen::MAX_BATCH;
pub use handlers::transactions::{
    read_transactions, transactions_answer, unreadable_json, Channel as TransactionChannel,
    MAX_MESSAGES,
};
pub use state::{system_clock, AppState, MEMBERS_TRUSTED_FOR};

use axum::extract::DefaultBodyLimit;
use axum::routing::{get, patch, post};
use axum::{Json, Router};
use blocking::off_the_async_workers;
use handlers::hits::{answer_hit, change_hit};
use handlers::manifests::screen_manifest;
use handlers::notifications::{list_notifications, stream_notifications};
use handlers::records::{create_record, delete_record, read_record, replace_record};
use handlers::screen::{screen_batch, screen_document, screen_mrz, screen_person};
use handlers::yente::{
    yente_algorithms, yente_catalog, yente_entity, yente_healthz, yente_match, yente_search,
};
use std::sync::Arc;

/// Gzip for the console's pages, style and script over 1 KB when the browser accepts it;
/// API answers are left as they are. A compressed page holding a secret (the form's CSRF token) beside text an
/// attacker chose could leak it by its size (BREACH), but only to a request that carries
/// the session: the session cookie is SameSite=Strict, so no other site's page can send
/// one, and a page is rendered for its own tab only.
fn compressed_pages(
) -> tower_http::compression::CompressionLayer<impl tower_http::compression::Predicate> {
    use tower_http::compression::predicate::{Predicate, SizeAbove};
    let text = |_: axum::http::StatusCode,
                _: axum::http::Version,
                headers: &axum::http::HeaderMap,
                _: &axum::http::Extensions| {
        headers
            .get(axum::http::header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .is_some_and(|value| {
                [
                    "text/html",
                    "text/css",
                    "text/javascript",
                    "application/javascript",
                ]
                .iter()
                .any(|kind| value.starts_with(kind))
            })
    };
    tower_http::compression::CompressionLayer::new()
        .gzip(true)
        .compress_when(SizeAbove::new(1024).and(text))
}

/// The largest request body taken (a batch of a thousand persons fits).
pub const MAX_BODY_BYTES: usize = 4 << 20;

/// Every route of the API.
pub fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .route("/healthz", get(yente_healthz))
        .route("/readyz", get(|| async { "ready" }))
        .route("/openapi.json", get(|| async { Json(openapi::document()) }))
        .route("/metrics", get(metrics::render))
        .route("/v1/screen/person", post(screen_person))
        .route("/v1/records", post(create_record))
        .route(
            "/v1/records/{id}",
            get(read_record).put(replace_record).delete(delete_record),
        )
        .route("/v1/screen/batch", post(screen_batch))
        .route("/v1/screen/document", post(screen_document))
        .route("/v1/screen/mrz", post(screen_mrz))
        .route("/v1/manifests", post(screen_manifest))
        .route(
            "/v1/screen/payments",
            post(handlers::transactions::screen_payments),
        )
        .route(
            "/v1/screen/shipments",
            post(handlers::transactions::screen_shipments),
        )
        .route("/match/{dataset}", post(yente_match))
        .route("/search/{dataset}", get(yente_search))
        .route("/entities/{entity_id}", get(yente_entity))
        .route("/catalog", get(yente_catalog))
        .route("/algorithms", get(yente_algorithms))
        .route("/v1/hits/{id}", patch(change_hit))
        .route("/v1/hits/{id}/answer", post(answer_hit))
        .route("/v1/hits/{id}/report", post(handlers::reports::report_hit))
        .route("/v1/reports", get(handlers::reports::list_reports))
        .route("/v1/reports/{id}", get(handlers::reports::read_report))
        .route("/v1/notifications", get(list_notifications))
        .route("/v1/notifications/stream", get(stream_notifications))
        .merge(console::routes())
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            off_the_async_workers,
        ))
        .layer(compressed_pages())
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(axum::middleware::from_fn(error::errors_as_json))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            metrics::count,
        ))
        .with_state(state)
}
