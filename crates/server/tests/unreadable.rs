//! A stored person record the index cannot read is never left out silently: the server
//! refuses to start and names it, unless told to skip such records; then it is counted in
//! `/metrics`. The persons are fictional.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use gatecheck_server::{router, ApiConfig, AppState};
use gatecheck_service::members;
use gatecheck_store::{AuditEntry, NewRecord, Store};
use http_body_util::BodyExt;
use std::sync::Arc;
use tower::ServiceExt;

fn clock() -> i64 {
    1_795_910_400
}

/// A store with one readable record and two that this version cannot read (written past
/// the service's checks, as a damaged or future record would be); their ids.
fn store_with_unreadable(directory: &std::path::Path) -> (Store, Vec<i64>) {
    let mut store = Store::open(directory).unwrap();
    let (owner, _) =
        members::add_member(&mut store, "jordan-psd", "JOR", false, "test", clock()).unwrap();
    let record = |id: &str, entity: &str| NewRecord {
        list: None,
        entity_id: id.to_string(),
        entity: entity.to_string(),
    };
    let entry = AuditEntry {
        at: clock(),
        actor: "test".to_string(),
        action: "record.import".to_string(),
        subject: "3 records".to_string(),
        digest: String::new(),
    };
    store
        .write_records(
            owner.id,
            &[
                record(
                    "fine",
                    r#"{"id": "fine", "schema": "Person", "properties": {"name": ["Khalid Saeed Barakat"]}}"#,
                ),
                record("cut", r#"{"id": "cut", "schema": "Person", "prop"#),
                record(
                    "nameless",
                    r#"{"id": "nameless", "schema": "Sanction", "properties": {}}"#,
                ),
            ],
            &gatecheck_store::WriteTerms::set(gatecheck_store::Terms {
                access_level: "all".to_string(),
                access_members: Vec::new(),
                action: "arrest".to_string(),
                review_by: "2030-01-01".to_string(),
            }),
            None,
            &gatecheck_store::WriteAudit::plain(&entry),
            gatecheck_service::audit::chain_hash,
        )
        .unwrap();
    let ids = ["cut", "nameless"]
        .iter()
        .map(|id| store.record_id(owner.id, id).unwrap().unwrap())
        .collect();
    (store, ids)
}

#[test]
fn the_server_refuses_to_start_naming_records_it_cannot_read() {
    let directory = tempfile::tempdir().unwrap();
    let (store, unreadable) = store_with_unreadable(directory.path());
    let Err(error) = AppState::new(store, ApiConfig::default(), clock) else {
        panic!("the state opened over unreadable records");
    };
    let message = error.to_string();
    assert!(
        message.starts_with("2 stored person records cannot be read"),
        "{message}"
    );
    for id in &unreadable {
        assert!(message.contains(&format!("record {id}: ")), "{message}");
    }
    assert!(message.contains("--skip-unreadable-records"), "{message}");
}

#[tokio::test]
async fn told_to_skip_them_the_server_serves_and_counts_them() {
    let directory = tempfile::tempdir().unwrap();
    let (store, _) = store_with_unreadable(directory.path());
    let config = ApiConfig {
        skip_unreadable_records: true,
        ..ApiConfig::default()
    };
    let state = AppState::new(store, config, clock).unwrap();
    assert_eq!(state.indexed().unwrap(), 1);
    let app = router(Arc::new(state));
    let request = Request::builder()
        .uri("/metrics")
        .body(Body::empty())
        .unwrap();
    let response = app.oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let text = String::from_utf8(bytes.to_vec()).unwrap();
    assert!(
        text.lines()
            .any(|line| line == "gatecheck_unreadable_records 2"),
        "{text}"
    );
    assert!(
        text.lines()
            .any(|line| line == "gatecheck_index_segments 0"),
        "{text}"
    );
}
