//! Writes of many requests at once share the disk's waits (one sync of the write-ahead
//! log for every write committed before it): every write answered is committed (seen by
//! another connection) and screened against, the audit chain holds through them, and a
//! write that fails leaves the others in place.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::call;
use gatecheck_server::{router, ApiConfig, AppState};
use gatecheck_service::audit;
use gatecheck_store::Store;
use serde_json::json;
use std::sync::Arc;
use tower::ServiceExt;

fn clock() -> i64 {
    1_795_910_400
}

/// Fictional persons, each with a name of its own.
const GIVEN: [&str; 8] = [
    "Khalid", "Nadia", "Omar", "Layla", "Tariq", "Samira", "Yusuf", "Rania",
];
const FAMILY: [&str; 5] = ["Barakat", "Haddad", "Qasimi", "Nuwayri", "Zoubi"];

fn person(at: usize) -> (String, String) {
    let name = format!("{} {}", GIVEN[at % GIVEN.len()], FAMILY[at / GIVEN.len()]);
    (format!("p{at}"), name)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn writes_and_screenings_at_once_are_each_on_disk_when_answered() {
    let directory = tempfile::tempdir().unwrap();
    let (store, key) = common::store_with_member(directory.path(), clock());
    let app = router(Arc::new(
        AppState::new(store, ApiConfig::default(), clock).unwrap(),
    ));
    let writes = 40;
    let mut requests = Vec::new();
    for at in 0..writes {
        let (id, name) = person(at);
        let (writer, writer_key) = (app.clone(), key.clone());
        requests.push(tokio::spawn(async move {
            let (app, key) = (writer, writer_key);
            let entity = json!({"id": id, "schema": "Person", "properties": {"name": [name]}});
            call(
                &app,
                "POST",
                "/v1/records",
                &key,
                Some(json!({ "entity": entity })),
            )
            .await
        }));
        // a screening beside each write, and a write refused (no entity) now and then
        let (screener, screener_key) = (app.clone(), key.clone());
        requests.push(tokio::spawn(async move {
            let (app, key) = (screener, screener_key);
            if at % 10 == 0 {
                return call(
                    &app,
                    "POST",
                    "/v1/records",
                    &key,
                    Some(json!({"neither": 1})),
                )
                .await;
            }
            let query = json!({"id": format!("q{at}"), "schema": "Person",
                "properties": {"name": ["Someone Else Entirely"]}});
            call(&app, "POST", "/v1/screen/person", &key, Some(query)).await
        }));
    }
    let mut created = 0;
    let mut refused = 0;
    for request in requests {
        let (status, _) = request.await.unwrap();
        match status {
            StatusCode::CREATED => created += 1,
            StatusCode::BAD_REQUEST => refused += 1,
            StatusCode::OK => {}
            other => panic!("unexpected status {other}"),
        }
    }
    assert_eq!((created, refused), (writes, writes / 10));

    // every write answered is committed: another connection sees each record
    let reader = Store::open_reader(directory.path()).unwrap();
    for at in 0..writes {
        let (id, _) = person(at);
        let member = reader.member_by_name("jordan-psd").unwrap().unwrap();
        assert!(
            reader.record_id(member.id, &id).unwrap().is_some(),
            "record {id} answered 201 but is not on disk"
        );
    }
    // the audit chain runs whole through the groups
    assert!(matches!(
        audit::verify(&reader, None).unwrap(),
        audit::Verdict::Intact { .. }
    ));
    // and every written person is screened against at once
    for at in 0..writes {
        let (id, name) = person(at);
        let query = json!({"id": "q", "schema": "Person", "properties": {"name": [name]}});
        let (status, answer) = call(&app, "POST", "/v1/screen/person", &key, Some(query)).await;
        assert_eq!(status, StatusCode::OK);
        let found = answer["results"]
            .as_array()
            .unwrap()
            .iter()
            .any(|result| result["match"] == json!(true) && result["id"] == json!(id));
        assert!(found, "{name} ({id}) was not found: {answer}");
    }
    // the writes were synced to disk, counted in /metrics
    let metrics = Request::builder()
        .uri("/metrics")
        .body(Body::empty())
        .unwrap();
    let response = app.clone().oneshot(metrics).await.unwrap();
    let bytes = axum::body::to_bytes(response.into_body(), 1 << 20)
        .await
        .unwrap();
    let text = String::from_utf8(bytes.to_vec()).unwrap();
    let counter = |name: &str| -> u64 {
        text.lines()
            .find_map(|line| line.strip_prefix(&format!("{name} ")))
            .and_then(|value| value.trim().parse().ok())
            .unwrap_or_else(|| panic!("{name} missing from /metrics"))
    };
    let synced = counter("gatecheck_store_synced_writes_total");
    let syncs = counter("gatecheck_store_log_syncs_total");
    // 40 records, 36 screenings and the 40 screenings after, each a write synced (the
    // refused ones wrote nothing)
    assert!(synced >= 116, "{synced} writes synced");
    assert!(syncs >= 1 && syncs <= synced, "{syncs} syncs");
}
