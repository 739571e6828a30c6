//! What the server's tests share: a store with one member, and a request sent to the
//! router in memory. (Each test file uses some of it.)
#![allow(dead_code)]

use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::Value;
use tower::ServiceExt;

/// A store in `directory` with one member, `jordan-psd`, added at `now`, and its key.
pub fn store_with_member(
    directory: &std::path::Path,
    now: i64,
) -> (gatecheck_store::Store, String) {
    let mut store = gatecheck_store::Store::open(directory).unwrap();
    let (_, key) =
        gatecheck_service::members::add_member(&mut store, "jordan-psd", "JOR", false, "test", now)
            .unwrap();
    (store, key.expose().to_string())
}

/// Sends `method uri` with member key `key` and a JSON `body` (none for a GET), and
/// answers the status and the JSON answered (`Null` when the answer is not JSON).
pub async fn call(
    app: &axum::Router,
    method: &str,
    uri: &str,
    key: &str,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut request = Request::builder()
        .method(method)
        .uri(uri)
        .header("authorization", format!("Bearer {key}"));
    if body.is_some() {
        request = request.header("content-type", "application/json");
    }
    let request = request
        .body(body.map_or_else(Body::empty, |body| Body::from(body.to_string())))
        .unwrap();
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let bytes = axum::body::to_bytes(response.into_body(), 1 << 20)
        .await
        .unwrap();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}
