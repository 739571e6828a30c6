//! A sync of the write-ahead log that fails stops the writes: the request whose write it
//! was told so, and every write after it refused until a restart, even once syncs succeed
//! again (the system may have dropped the pages it could not write, so no later write
//! could be called durable); screenings and reads of records too, as each keeps its audit
//! entry.

mod common;

use axum::http::StatusCode;
use common::call;
use gatecheck_server::{router, ApiConfig, AppState};
use gatecheck_store::{Store, StoreError};
use serde_json::{json, Value};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

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

/// Writes a new person record (`POST /v1/records`).
async fn write(app: &axum::Router, key: &str, id: &str, name: &str) -> (StatusCode, Value) {
    let record = json!({"entity": {"id": id, "schema": "Person", "properties": {"name": [name]}}});
    call(app, "POST", "/v1/records", key, Some(record)).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_sync_stops_every_write_until_a_restart() {
    let directory = tempfile::tempdir().unwrap();
    let (store, key) = common::store_with_member(directory.path(), clock());
    let state = AppState::new(store, ApiConfig::default(), clock)
        .unwrap()
        .with_log_sync(sync_of_a_failing_disk);
    let app = router(Arc::new(state));
    let screening =
        json!({"id": "q1", "schema": "Person", "properties": {"name": ["Khalid Barakat"]}});

    let (status, written) = write(&app, &key, "p1", "Khalid Barakat").await;
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

    // the disk fails: the write is not answered as done
    DISK_FAILS.store(true, Ordering::SeqCst);
    let (status, answer) = write(&app, &key, "p2", "Nadia Haddad").await;
    // (what went wrong is the server's to log: the client is told of an internal error)
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR, "{answer}");

    // the disk works again: still no write, and no screening (it keeps evidence)
    DISK_FAILS.store(false, Ordering::SeqCst);
    let (status, answer) = write(&app, &key, "p3", "Omar Qasimi").await;
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
