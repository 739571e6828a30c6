//! A server screens again: when its follower takes records another process added into
//! the index, the travellers screened in the last days are screened again against them,
//! off the follower's thread, and what they match now is raised as a hit found later,
//! its owner notified. The persons are fictional.

mod common;

use std::sync::Arc;

use gatecheck_server::{router, ApiConfig, AppState};
use gatecheck_store::{HitFilter, Store};
use serde_json::json;

fn clock() -> i64 {
    1_795_910_400
}

/// A server over a store of `jordan-psd` (the owner) and `iraq-nsa` (who screens).
struct Scene {
    state: Arc<AppState>,
    app: axum::Router,
    owner_key: String,
    querier: gatecheck_service::members::Member,
    querier_key: String,
}

fn scene(directory: &std::path::Path) -> Scene {
    let (mut store, owner_key) = common::store_with_member(directory, clock());
    let (querier, querier_key) = gatecheck_service::members::add_member(
        &mut store,
        "iraq-nsa",
        "IRQ",
        false,
        "test",
        clock(),
    )
    .unwrap();
    let state = Arc::new(AppState::new(store, ApiConfig::default(), clock).unwrap());
    Scene {
        app: router(Arc::clone(&state)),
        state,
        owner_key,
        querier,
        querier_key: querier_key.expose().to_string(),
    }
}

/// The hits `querier` has, waited for up to 30 s: screening again runs off the thread of
/// what set it off.
fn hits_raised(
    store: &Store,
    querier: i64,
) -> Vec<(gatecheck_store::HitRow, Option<(String, String)>)> {
    let started = std::time::Instant::now();
    loop {
        let (hits, _) = store
            .hits_of(querier, &HitFilter::default(), 10, 0)
            .unwrap();
        if !hits.is_empty() || started.elapsed() > std::time::Duration::from_secs(30) {
            return hits;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

#[tokio::test]
async fn a_traveller_who_passed_is_screened_again_when_another_process_lists_him() {
    let directory = tempfile::tempdir().unwrap();
    let Scene {
        state,
        app,
        owner_key,
        querier,
        querier_key,
    } = scene(directory.path());
    let traveller = json!({"id": "t-1", "schema": "Person",
        "properties": {"name": ["Nabil Jamal Darwish"], "birthDate": ["1984-03-12"]}});
    let (status, answer) = common::call(
        &app,
        "POST",
        "/v1/screen/person",
        &querier_key,
        Some(traveller.clone()),
    )
    .await;
    assert!(status.is_success(), "{answer}");
    assert_eq!(answer["results"], json!([]));
    // another process lists him
    let mut other = Store::open(directory.path()).unwrap();
    let listed = json!({"id": "n1", "schema": "Person",
        "properties": {"name": ["Nabeel Jamal Darwish"], "birthDate": ["1984-03-12"]}});
    let terms = gatecheck_service::access::RecordTerms {
        access: gatecheck_service::access::Access::All,
        action: "arrest".to_string(),
        review_by: "2030-01-01".to_string(),
    };
    gatecheck_service::records::import_entities(
        &mut other,
        "jordan-psd",
        &listed.to_string(),
        &terms,
        "cli:test",
        clock(),
    )
    .unwrap();
    assert_eq!(state.follow_store().unwrap(), 1);
    // screened again off the follower's thread: the hit appears within seconds
    let hits = hits_raised(&other, querier.id);
    assert_eq!(hits.len(), 1, "no hit raised on screening again");
    let hit = &hits[0].0;
    assert_eq!(hit.query, traveller.to_string());
    let explanation: serde_json::Value = serde_json::from_str(&hit.explanation).unwrap();
    assert_eq!(
        explanation["found_later"]["screened_at"],
        "2026-11-29T00:00:00Z"
    );
    // the owner is told, as of any hit on its records
    let (_, notified) = common::call(
        &app,
        "GET",
        "/v1/notifications?after=0&wait=0",
        &owner_key,
        None,
    )
    .await;
    assert_eq!(notified["notifications"][0]["hit"], hit.id, "{notified}");
    // the same change followed again raises nothing more
    assert_eq!(state.follow_store().unwrap(), 0);
    std::thread::sleep(std::time::Duration::from_millis(200));
    let (_, total) = other
        .hits_of(querier.id, &HitFilter::default(), 10, 0)
        .unwrap();
    assert_eq!(total, 1);
}

#[tokio::test]
async fn a_document_looked_up_before_the_owner_reports_it_stolen_is_looked_up_again() {
    let directory = tempfile::tempdir().unwrap();
    let Scene {
        app,
        owner_key,
        querier,
        querier_key,
        ..
    } = scene(directory.path());
    let reader = Store::open(directory.path()).unwrap();
    let look_up = json!({"number": "L 898902C3", "issuing_state": "JOR", "type": "P"});
    let (status, answer) = common::call(
        &app,
        "POST",
        "/v1/screen/document",
        &querier_key,
        Some(look_up.clone()),
    )
    .await;
    assert!(status.is_success(), "{answer}");
    assert_eq!(answer["results"], json!([]));
    // the owner reports it stolen through the API, and another document besides
    for number in ["L898902C3", "K1234567"] {
        let document = json!({"document": {"number": number, "issuing_state": "JOR",
            "type": "P", "status": "stolen", "reported_on": "2026-11-28"},
            "access": {"level": "all"}, "action": "seize the document"});
        let (status, created) =
            common::call(&app, "POST", "/v1/records", &owner_key, Some(document)).await;
        assert!(status.is_success(), "{created}");
    }
    let hits = hits_raised(&reader, querier.id);
    assert_eq!(hits.len(), 1, "no hit raised on looking up again");
    let hit = &hits[0].0;
    assert_eq!(hit.query, look_up.to_string());
    let explanation: serde_json::Value = serde_json::from_str(&hit.explanation).unwrap();
    assert_eq!(
        explanation["found_later"]["screened_at"],
        "2026-11-29T00:00:00Z"
    );
    // written again (a new version): nothing raised twice
    let again = json!({"document": {"number": "L898902C3", "issuing_state": "JOR",
        "type": "P", "status": "stolen", "reported_on": "2026-11-29"}});
    let (status, written) =
        common::call(&app, "POST", "/v1/records", &owner_key, Some(again)).await;
    assert!(status.is_success(), "{written}");
    std::thread::sleep(std::time::Duration::from_millis(300));
    let (_, total) = reader
        .hits_of(querier.id, &HitFilter::default(), 10, 0)
        .unwrap();
    assert_eq!(total, 1);
}
