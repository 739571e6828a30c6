//! Handlers' blocking work (SQLite, password hashing, screening) runs off the async
//! runtime's workers: a write that waits for the database does not stall other requests,
//! even on a runtime of a single worker.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use gatecheck_server::{router, ApiConfig, AppState};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tower::ServiceExt;

fn clock() -> i64 {
    1_795_910_400
}

#[tokio::test(flavor = "current_thread")]
async fn a_write_waiting_for_the_database_does_not_stall_other_requests() {
    let directory = tempfile::tempdir().unwrap();
    let (store, key) = common::store_with_member(directory.path(), clock());
    let app = router(Arc::new(
        AppState::new(store, ApiConfig::default(), clock).unwrap(),
    ));
    // another process holds the database's write lock for a while (an import, say)
    let released = Arc::new(AtomicBool::new(false));
    let (held, holding) = std::sync::mpsc::channel();
    let holder = {
        let released = Arc::clone(&released);
        let database = directory.path().join("gatecheck.db");
        std::thread::spawn(move || {
            let connection = rusqlite::Connection::open(database).unwrap();
            connection.execute_batch("BEGIN IMMEDIATE").unwrap();
            held.send(()).unwrap();
            std::thread::sleep(Duration::from_millis(1500));
            released.store(true, Ordering::SeqCst);
            connection.execute_batch("COMMIT").unwrap();
        })
    };
    holding.recv().unwrap();
    let body = r#"{"entity": {"id": "p1", "schema": "Person", "properties": {"name": ["Khalid Saeed Barakat"]}}}"#;
    let write = Request::builder()
        .method("POST")
        .uri("/v1/records")
        .header("authorization", format!("Bearer {key}"))
        .header("content-type", "application/json")
        .body(Body::from(body))
        .unwrap();
    let writing = tokio::spawn(app.clone().oneshot(write));
    // the write is under way, waiting for the database
    tokio::time::sleep(Duration::from_millis(100)).await;
    let page = Request::builder()
        .uri("/console/sign-in")
        .body(Body::empty())
        .unwrap();
    let answered = app.clone().oneshot(page).await.unwrap();
    assert_eq!(answered.status(), StatusCode::OK);
    assert!(
        !released.load(Ordering::SeqCst),
        "the sign-in page waited for the write"
    );
    let written = writing.await.unwrap().unwrap();
    assert_eq!(written.status(), StatusCode::CREATED);
    holder.join().unwrap();
}
