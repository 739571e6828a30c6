//! Prometheus metrics at `/metrics`: requests by route and status class, request latency as
//! a histogram, hits recorded, requests refused for their key, the person index's
//! unreadable records and segments, and the store's syncs of its log. Counted with atomics, so counting never blocks a request.

use crate::AppState;
use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use std::fmt::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Instant;

/// Upper bounds of the latency buckets, in seconds.
const BUCKETS: [f64; 10] = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 1.0, 5.0];
/// Status classes counted: 2xx, 3xx, 4xx, 5xx.
const CLASSES: [&str; 4] = ["2xx", "3xx", "4xx", "5xx"];

/// One slot a route, and one for any other path.
const ROUTE_SLOTS: usize = crate::openapi::ROUTES.len() + 1;

#[derive(Default)]
pub struct Metrics {
    /// Per route in [`crate::openapi::ROUTES`] order (and one more for any other path),
    /// per status class.
    requests: [[AtomicU64; 4]; ROUTE_SLOTS],
    /// Cumulative bucket counts, then the count above the last bucket.
    latency_buckets: [AtomicU64; 11],
    latency_micros: AtomicU64,
    hits: AtomicU64,
    auth_failures: AtomicU64,
    /// Syncs of the write-ahead log made for writes, and the writes they covered.
    log_syncs: AtomicU64,
    synced_writes: AtomicU64,
}

impl Metrics {
    pub fn add_hits(&self, count: usize) {
        self.hits.fetch_add(count as u64, Ordering::Relaxed);
    }

    /// A sync of the write-ahead log that made `writes` writes durable (see `writing.rs`).
    pub fn add_log_sync(&self, writes: u64) {
        self.log_syncs.fetch_add(1, Ordering::Relaxed);
        self.synced_writes.fetch_add(writes, Ordering::Relaxed);
    }

    pub fn add_auth_failure(&self) {
        self.auth_failures.fetch_add(1, Ordering::Relaxed);
    }
}

/// Middleware: times and counts every request by its route.
pub async fn count(State(state): State<Arc<AppState>>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().as_str().to_ascii_lowercase();
    let path = request
        .extensions()
        .get::<MatchedPath>()
        .map(|matched| matched.as_str().to_string());
    let response = next.run(request).await;
    let route = path
        .and_then(|path| {
            crate::openapi::ROUTES
                .iter()
                .position(|(m, p, _)| *m == method && *p == path)
        })
        .unwrap_or(crate::openapi::ROUTES.len());
    let class = (response.status().as_u16() / 100).clamp(2, 5) as usize - 2;
    let metrics = &state.metrics;
    metrics.requests[route.min(ROUTE_SLOTS - 1)][class].fetch_add(1, Ordering::Relaxed);
    let seconds = started.elapsed().as_secs_f64();
    let bucket = BUCKETS
        .iter()
        .position(|&bound| seconds <= bound)
        .unwrap_or(BUCKETS.len());
    metrics.latency_buckets[bucket].fetch_add(1, Ordering::Relaxed);
    metrics
        .latency_micros
        .fetch_add((seconds * 1e6) as u64, Ordering::Relaxed);
    response
}

/// The metrics in Prometheus's text format, with its content type (version 0.0.4).
pub async fn render(
    State(state): State<Arc<AppState>>,
) -> ([(axum::http::header::HeaderName, &'static str); 1], String) {
    let metrics = &state.metrics;
    let mut out = String::new();
    out.push_str("# HELP gatecheck_requests_total HTTP requests by route and status class.\n");
    out.push_str("# TYPE gatecheck_requests_total counter\n");
    for (index, counts) in metrics.requests.iter().enumerate() {
        let (method, path) = crate::openapi::ROUTES
            .get(index)
            .map(|(m, p, _)| (*m, *p))
            .unwrap_or(("any", "other"));
        for (class, count) in CLASSES.iter().zip(counts) {
            let count = count.load(Ordering::Relaxed);
            if count > 0 {
                let _ = writeln!(
                    out,
                    "gatecheck_requests_total{{method=\"{method}\",route=\"{path}\",status=\"{class}\"}} {count}"
                );
            }
        }
    }
    out.push_str("# HELP gatecheck_request_seconds HTTP request latency.\n");
    out.push_str("# TYPE gatecheck_request_seconds histogram\n");
    let mut cumulative = 0;
    for (bound, count) in BUCKETS.iter().zip(&metrics.latency_buckets) {
        cumulative += count.load(Ordering::Relaxed);
        let _ = writeln!(
            out,
            "gatecheck_request_seconds_bucket{{le=\"{bound}\"}} {cumulative}"
        );
    }
    cumulative += metrics.latency_buckets[BUCKETS.len()].load(Ordering::Relaxed);
    let _ = writeln!(
        out,
        "gatecheck_request_seconds_bucket{{le=\"+Inf\"}} {cumulative}"
    );
    let _ = writeln!(
        out,
        "gatecheck_request_seconds_sum {}",
        metrics.latency_micros.load(Ordering::Relaxed) as f64 / 1e6
    );
    let _ = writeln!(out, "gatecheck_request_seconds_count {cumulative}");
    out.push_str("# HELP gatecheck_hits_total Matches kept as hits.\n");
    out.push_str("# TYPE gatecheck_hits_total counter\n");
    let _ = writeln!(
        out,
        "gatecheck_hits_total {}",
        metrics.hits.load(Ordering::Relaxed)
    );
    // the index as it is now: records left out because they cannot be read (served only
    // when told to skip them), and segments beside the base
    let gauge =
        |out: &mut String, name: &str, help: &str, value: Result<usize, crate::ApiError>| {
            if let Ok(value) = value {
                let _ = writeln!(out, "# HELP {name} {help}");
                let _ = writeln!(out, "# TYPE {name} gauge");
                let _ = writeln!(out, "{name} {value}");
            }
        };
    gauge(
        &mut out,
        "gatecheck_unreadable_records",
        "Stored person records left out of the index because they cannot be read.",
        state.unreadable_records(),
    );
    gauge(
        &mut out,
        "gatecheck_index_segments",
        "Segments of the person index beside its base (merged in the background).",
        state.index_segments(),
    );
    gauge(
        &mut out,
        "gatecheck_index_changes_since_build",
        "Record changes taken into the person index since its base was built.",
        state.index_status().map(|(changes, _)| changes),
    );
    let counter = |out: &mut String, name: &str, help: &str, value: &AtomicU64| {
        let _ = writeln!(out, "# HELP {name} {help}");
        let _ = writeln!(out, "# TYPE {name} counter");
        let _ = writeln!(out, "{name} {}", value.load(Ordering::Relaxed));
    };
    counter(
        &mut out,
        "gatecheck_auth_failures_total",
        "Requests refused for an unknown, revoked or missing key.",
        &metrics.auth_failures,
    );
    counter(
        &mut out,
        "gatecheck_store_log_syncs_total",
        "Syncs of the write-ahead log made for requests' writes (each covers every write committed before it).",
        &metrics.log_syncs,
    );
    counter(
        &mut out,
        "gatecheck_store_synced_writes_total",
        "Requests' writes made durable by those syncs (audit entries and hits of screenings, record changes).",
        &metrics.synced_writes,
    );
    let text_format = "text/plain; version=0.0.4; charset=utf-8";
    ([(axum::http::header::CONTENT_TYPE, text_format)], out)
}
