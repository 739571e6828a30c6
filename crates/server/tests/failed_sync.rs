//! A sync of the write-ahead log that fails stops the writes: the request whose write it
//! was told so, and every write after it refused until a restart, even once syncs succeed
//! again (the system may have dropped the pages it could not write, so no later write
//! could be called durable); screenings and reads of records too, as each keeps its audit
//! entry.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use gatecheck_server::{router, ApiConfig, AppState};
use gatecheck_service::members;
use gatecheck_store::{Store, StoreError};
use serde_json::{json, Value};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use tower::ServiceExt;

fn clock() -> i64 {
    1_795_910_400
}

/// Whether the disk fails the next syncs.
static DISK_FAILS: AtomicBool = AtomicBool::new(false);

fn sync_of_a_failing_disk(directory: &Path) -> Result<(), StoreError> {
    if DISK_FAILS.load(Ordering::SeqCst) {
        return Err(StoreError::DataDirectory {
            path: directory.display().to_string(),
            error: std::io::Error::other("input/output error (injected)"),
        });
    }
    Store::sync_log(directory)
}

async fn call(
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

fn record(id: &str, name: &str) -> Value {
    json!({"entity": {"id": id, "schema": "Person", "properties": {"name": [name]}}})
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_sync_stops_every_write_until_a_restart() {
    let directory = tempfile::tempdir().unwrap();
    let mut store = Store::open(directory.path()).unwrap();
    let (_, key) =
        members::add_member(&mut store, "jordan-psd", "JOR", false, "test", clock()).unwrap();
    let key = key.expose().to_string();
    let state = AppState::new(store, ApiConfig::default(), clock)
        .unwrap()
        .with_log_sync(sync_of_a_failing_disk);
    let app = router(Arc::new(state));
    let screening =
        json!({"id": "q1", "schema": "Person", "properties": {"name": ["Khalid Barakat"]}});

    let (status, written) = call(
        &app,
        "POST",
        "/v1/records",
        &key,
        Some(record("p1", "Khalid Barakat")),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{written}");
    let first = written["id"].as_i64().unwrap();
    let (status, found) = call(
        &app,
        "POST",
        "/v1/screen/person",
        &key,
        Some(screening.clone()),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{found}");

    // the disk fails: the write is not answered as done, and says why
    DISK_FAILS.store(true, Ordering::SeqCst);
    let (status, answer) = call(
        &app,
        "POST",
        "/v1/records",
        &key,
        Some(record("p2", "Nadia Haddad")),
    )
    .await;
    // (what went wrong is the server's to log: the client is told of an internal error)
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR, "{answer}");

    // the disk works again: still no write, and no screening (it keeps evidence)
    DISK_FAILS.store(false, Ordering::SeqCst);
    let (status, answer) = call(
        &app,
        "POST",
        "/v1/records",
        &key,
        Some(record("p3", "Omar Qasimi")),
    )
    .await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR, "{answer}");
    let (status, answer) = call(&app, "POST", "/v1/screen/person", &key, Some(screening)).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR, "{answer}");
    // the refused write left nothing (records are numbered in turn: p2's write was
    // committed, though not answered as done), and reading a record, which keeps its audit
    // entry, is refused too
    let third = format!("/v1/records/{}", first + 2);
    let (status, answer) = call(&app, "GET", &third, &key, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{answer}");
    let (status, answer) = call(&app, "GET", &format!("/v1/records/{first}"), &key, None).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR, "{answer}");
}
