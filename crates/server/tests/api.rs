//! The API through the router, without a socket: keys, bad input, and each access level
//! as seen by the record's owner, a member it is shared with and one it is not, both in a
//! screening answer and in a direct read. The persons are fictional.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use gatecheck_server::{router, ApiConfig, AppState};
use gatecheck_service::members;
use gatecheck_store::Store;
use http_body_util::BodyExt;
use serde_json::{json, Value};
use std::sync::Arc;
use tower::ServiceExt;

/// 2026-11-29, fixed so that review dates are stable.
fn clock() -> i64 {
    1_795_910_400
}

struct Api {
    _directory: tempfile::TempDir,
    app: axum::Router,
    owner: String,
    partner: String,
    outsider: String,
}

fn api() -> Api {
    api_with_clock(clock)
}

fn api_with_clock(clock: fn() -> i64) -> Api {
    let directory = tempfile::tempdir().unwrap();
    let mut store = Store::open(directory.path()).unwrap();
    let mut key = |name: &str, country: &str| {
        members::add_member(&mut store, name, country, false, "cli:test", clock())
            .unwrap()
            .1
            .expose()
            .to_string()
    };
    let owner = key("jordan-psd", "JOR");
    let partner = key("iraq-nsa", "IRQ");
    let outsider = key("tunisia-dgsn", "TUN");
    let state = AppState::new(store, ApiConfig::default(), clock).unwrap();
    Api {
        _directory: directory,
        app: router(Arc::new(state)),
        owner,
        partner,
        outsider,
    }
}

async fn call(
    app: &axum::Router,
    method: &str,
    uri: &str,
    key: Option<&str>,
    body: Option<String>,
) -> (StatusCode, Value) {
    let mut request = Request::builder().method(method).uri(uri);
    if let Some(key) = key {
        request = request.header("authorization", format!("Bearer {key}"));
    }
    request = request.header("content-type", "application/json");
    let request = request
        .body(body.map(Body::from).unwrap_or_else(Body::empty))
        .unwrap();
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    (status, value)
}

/// A GET answered in text (not JSON).
async fn call_text(app: &axum::Router, uri: &str) -> (StatusCode, String) {
    let request = Request::builder().uri(uri).body(Body::empty()).unwrap();
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8(bytes.to_vec()).unwrap())
}

fn person(id: &str, name: &str) -> Value {
    json!({"id": id, "schema": "Person", "properties": {"name": [name], "birthDate": ["1984-03-12"]}})
}

/// The owner contributes one record at each level; returns their ids.
async fn contribute(api: &Api) -> [i64; 3] {
    let mut ids = [0; 3];
    for (slot, (id, name, access)) in [
        ("r-all", "Khalid Saeed Barakat", json!({"level": "all"})),
        (
            "r-members",
            "Yusuf Adnan Haddad",
            json!({"level": "members", "members": ["iraq-nsa"]}),
        ),
        (
            "r-owner",
            "Samir Fawzi Qasim",
            json!({"level": "owner-only"}),
        ),
    ]
    .into_iter()
    .enumerate()
    {
        let request = json!({"entity": person(id, name), "access": access, "action": "arrest", "review_by": "2030-01-01"});
        let (status, answer) = call(
            &api.app,
            "POST",
            "/v1/records",
            Some(&api.owner),
            Some(request.to_string()),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{answer}");
        ids[slot] = answer["id"].as_i64().unwrap();
    }
    ids
}

async fn screen(api: &Api, key: &str, name: &str) -> Vec<Value> {
    let (status, answer) = call(
        &api.app,
        "POST",
        "/v1/screen/person",
        Some(key),
        Some(person("q", name).to_string()),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    answer["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|result| result["match"] == true)
        .cloned()
        .collect()
}

/// Results without their hit ids (numbered as hits arrive).
fn without_hit(mut results: Vec<Value>) -> Vec<Value> {
    for result in &mut results {
        assert!(result["hit"].is_i64(), "a match without its hit: {result}");
        result.as_object_mut().unwrap().remove("hit");
    }
    results
}

#[tokio::test]
async fn every_access_level_from_every_side() {
    let api = api();
    let ids = contribute(&api).await;
    // all: everyone sees it in full, even from Arabic script
    for key in [&api.owner, &api.partner, &api.outsider] {
        let results = screen(&api, key, "خالد سعيد بركات").await;
        assert_eq!(results[0]["id"], "r-all");
        assert_eq!(results[0]["action"], "arrest");
        let (status, read) = call(
            &api.app,
            "GET",
            &format!("/v1/records/{}", ids[0]),
            Some(key),
            None,
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(read["entity"]["id"], "r-all");
    }
    // members: owner and partner in full, the outsider a contact only, and no direct read
    for key in [&api.owner, &api.partner] {
        assert_eq!(
            screen(&api, key, "Yousef Haddad").await[0]["id"],
            "r-members"
        );
        let (status, _) = call(
            &api.app,
            "GET",
            &format!("/v1/records/{}", ids[1]),
            Some(key),
            None,
        )
        .await;
        assert_eq!(status, StatusCode::OK);
    }
    assert_eq!(
        without_hit(screen(&api, &api.outsider, "Yousef Haddad").await),
        [json!({"match": true, "restricted": true, "contact": "jordan-psd"})]
    );
    let (status, _) = call(
        &api.app,
        "GET",
        &format!("/v1/records/{}", ids[1]),
        Some(&api.outsider),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // owner-only: others are told only to refer, and cannot read it
    assert_eq!(
        screen(&api, &api.owner, "Samir Kassem").await[0]["id"],
        "r-owner"
    );
    for key in [&api.partner, &api.outsider] {
        assert_eq!(
            without_hit(screen(&api, key, "Samir Kassem").await),
            [
                json!({"match": true, "restricted": true, "action": "refer to the owner of the record"})
            ]
        );
        let (status, _) = call(
            &api.app,
            "GET",
            &format!("/v1/records/{}", ids[2]),
            Some(key),
            None,
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
}

#[tokio::test]
async fn keys_are_required_and_checked() {
    let api = api();
    let body = Some(person("q", "Anyone").to_string());
    let wrong_secret = format!("gck_2_{}", "0".repeat(64));
    for key in [
        None,
        Some("gck_1_00"),
        Some("nonsense"),
        Some(wrong_secret.as_str()),
    ] {
        let (status, answer) = call(&api.app, "POST", "/v1/screen/person", key, body.clone()).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{key:?}");
        assert_eq!(answer["error"]["code"], "unauthenticated");
    }
    let (status, _) = call(&api.app, "GET", "/healthz", None, None).await;
    assert_eq!(status, StatusCode::OK);
    // a refusal names the scheme to answer with (RFC 6750), on gatecheck's and yente's routes
    for uri in ["/v1/notifications", "/catalog"] {
        let request = Request::builder().uri(uri).body(Body::empty()).unwrap();
        let response = api.app.clone().oneshot(request).await.unwrap();
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{uri}");
        assert_eq!(
            response.headers()["www-authenticate"],
            "Bearer realm=\"gatecheck\"",
            "{uri}"
        );
    }
    // refusals are counted, and audited at most once a second: the first at once
    let (_, metrics) = call_text(&api.app, "/metrics").await;
    assert!(
        metrics.contains("gatecheck_auth_failures_total 6"),
        "{metrics}"
    );
    let store = Store::open(api._directory.path()).unwrap();
    let log = store.audit_entries(1, i64::MAX).unwrap();
    let refused: Vec<_> = log.iter().filter(|e| e.action == "auth.refused").collect();
    assert_eq!(refused.len(), 1);
    assert!(
        refused[0].subject.starts_with("1 requests refused"),
        "{}",
        refused[0].subject
    );
    assert!(log.iter().all(|e| !e.subject.contains(&"0".repeat(64))));
}

#[tokio::test]
async fn bad_input_is_a_400_naming_the_field_and_big_bodies_a_413() {
    let api = api();
    let cases = [
        ("/v1/screen/person", "{not json".to_string(), "bad_json"),
        ("/v1/screen/person", json!([1, 2]).to_string(), "invalid_input"),
        ("/v1/screen/person", json!({"id": "q", "schema": "Sanction", "properties": {}}).to_string(), "invalid_input"),
        ("/v1/records", json!({"access": {"level": "all"}}).to_string(), "invalid_input"),
        ("/v1/records", json!({"entity": person("x", "Rami Saleh"), "access": {"level": "secret"}}).to_string(), "invalid_input"),
        ("/v1/records", json!({"entity": person("x", "Rami Saleh"), "review_by": "2030-13-01"}).to_string(), "invalid_input"),
        ("/v1/records", json!({"entity": person("x", "Rami Saleh"), "access": {"level": "members", "members": ["nobody"]}}).to_string(), "invalid_input"),
    ];
    for (uri, body, code) in cases {
        let (status, answer) =
            call(&api.app, "POST", uri, Some(&api.owner), Some(body.clone())).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{uri} {body}: {answer}");
        assert_eq!(answer["error"]["code"], code, "{body}");
        assert!(!answer["error"]["message"].as_str().unwrap().is_empty());
    }
    let (_, answer) = call(
        &api.app,
        "POST",
        "/v1/records",
        Some(&api.owner),
        Some(json!({"entity": person("x", "Rami Saleh"), "review_by": "2030-13-01"}).to_string()),
    )
    .await;
    assert!(
        answer["error"]["message"]
            .as_str()
            .unwrap()
            .starts_with("review_by:"),
        "{answer}"
    );
    let huge = format!(
        "{{\"id\": \"q\", \"schema\": \"Person\", \"properties\": {{\"name\": [\"{}\"]}}}}",
        "a".repeat(gatecheck_server::MAX_BODY_BYTES)
    );
    let (status, _) = call(
        &api.app,
        "POST",
        "/v1/screen/person",
        Some(&api.owner),
        Some(huge),
    )
    .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    let (status, _) = call(
        &api.app,
        "GET",
        "/v1/records/not-a-number",
        Some(&api.owner),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_value_that_cannot_be_read_is_named_and_the_traveller_screened_on_the_rest() {
    let api = api();
    contribute(&api).await;
    let query = json!({"id": "q", "schema": "Person",
        "properties": {"name": ["Yousef Haddad"], "birthDate": ["1984-03-42"], "nationality": 5}});
    let (status, answer) = call(
        &api.app,
        "POST",
        "/v1/screen/person",
        Some(&api.partner),
        Some(query.to_string()),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["results"][0]["match"], true, "{answer}");
    assert_eq!(
        answer["warnings"],
        json!([
            "birthDate \"1984-03-42\" is not a date (want YYYY, YYYY-MM or YYYY-MM-DD); read as 1984-03",
            "property \"nationality\" must be a list of strings; left out"
        ])
    );
    // the same in a batch and through yente's endpoint
    let (_, batch) = call(
        &api.app,
        "POST",
        "/v1/screen/batch",
        Some(&api.partner),
        Some(json!({"queries": [query]}).to_string()),
    )
    .await;
    assert_eq!(
        batch["responses"][0]["warnings"], answer["warnings"],
        "{batch}"
    );
    let (status, yente) = call(
        &api.app,
        "POST",
        "/match/default",
        Some(&api.partner),
        Some(json!({"queries": {"q": query}}).to_string()),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{yente}");
    assert_eq!(
        yente["responses"]["q"]["warnings"], answer["warnings"],
        "{yente}"
    );
    // a record is kept as its owner wrote it or not at all
    let (status, refused) = call(
        &api.app,
        "POST",
        "/v1/records",
        Some(&api.owner),
        Some(json!({"entity": {"id": "r-bad", "schema": "Person", "properties": {"name": ["Rami Saleh"], "birthDate": ["1984-03-42"]}}}).to_string()),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{refused}");
    assert!(
        refused["error"]["message"]
            .as_str()
            .unwrap()
            .contains("birthDate \"1984-03-42\" is not a date"),
        "{refused}"
    );
}

#[tokio::test]
async fn a_hit_notifies_the_owner_and_is_adjudicated_by_the_querier_alone() {
    let api = api();
    let ids = contribute(&api).await;
    // the owner screening its own records is no news to it
    assert_eq!(screen(&api, &api.owner, "Samir Kassem").await.len(), 1);
    let (_, empty) = call(&api.app, "GET", "/v1/notifications", Some(&api.owner), None).await;
    assert_eq!(empty["notifications"], json!([]));

    let partner_hit = screen(&api, &api.partner, "Yousef Haddad").await[0]["hit"]
        .as_i64()
        .unwrap();
    let outsider_hit = screen(&api, &api.outsider, "Samir Kassem").await[0]["hit"]
        .as_i64()
        .unwrap();
    let (status, answer) = call(&api.app, "GET", "/v1/notifications", Some(&api.owner), None).await;
    assert_eq!(status, StatusCode::OK);
    let notifications = answer["notifications"].as_array().unwrap();
    assert_eq!(notifications.len(), 2);
    assert_eq!(notifications[0]["hit"], partner_hit);
    assert_eq!(notifications[0]["record"], ids[1]);
    assert_eq!(notifications[0]["querier"], "iraq-nsa");
    assert_eq!(notifications[0]["querier_country"], "IRQ");
    assert_eq!(notifications[1]["querier"], "tunisia-dgsn");
    // the traveller's details stay with the querying member
    assert!(!answer.to_string().contains("Kassem"));
    let after = notifications[0]["id"].as_i64().unwrap();
    let (_, later) = call(
        &api.app,
        "GET",
        &format!("/v1/notifications?after={after}"),
        Some(&api.owner),
        None,
    )
    .await;
    assert_eq!(later["notifications"].as_array().unwrap().len(), 1);
    // others have no notifications of the owner's records
    let (_, none) = call(
        &api.app,
        "GET",
        "/v1/notifications",
        Some(&api.partner),
        None,
    )
    .await;
    assert_eq!(none["notifications"], json!([]));

    let uri = format!("/v1/hits/{outsider_hit}");
    let (status, answer) = call(
        &api.app,
        "PATCH",
        &uri,
        Some(&api.outsider),
        Some(json!({"status": "false-positive"}).to_string()),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(answer["error"]["message"]
        .as_str()
        .unwrap()
        .starts_with("reason:"));
    let (status, _) = call(
        &api.app,
        "PATCH",
        &uri,
        Some(&api.outsider),
        Some(json!({"status": "cleared", "reason": "x"}).to_string()),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, answer) = call(
        &api.app,
        "PATCH",
        &uri,
        Some(&api.partner),
        Some(json!({"status": "confirmed", "reason": "not mine"}).to_string()),
    )
    .await;
    assert_eq!(
        (status, answer["error"]["code"].clone()),
        (StatusCode::NOT_FOUND, json!("not_found"))
    );
    // the record's owner was told of the hit, but judging it is the screening member's
    let (status, answer) = call(
        &api.app,
        "PATCH",
        &uri,
        Some(&api.owner),
        Some(json!({"status": "confirmed", "reason": "ours"}).to_string()),
    )
    .await;
    assert_eq!(
        (status, answer["error"]["code"].clone()),
        (StatusCode::FORBIDDEN, json!("forbidden"))
    );
    // the outsider may not see the owner-only record, so it cannot clear the hit ...
    let (status, answer) = call(
        &api.app,
        "PATCH",
        &uri,
        Some(&api.outsider),
        Some(
            json!({"status": "false-positive", "reason": "date of birth differs on the passport"})
                .to_string(),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{answer}");
    assert!(answer["error"]["message"]
        .as_str()
        .unwrap()
        .contains("escalate"));
    // ... but it judges what it may: confirmed, kept in the history under its name
    let (status, answer) = call(
        &api.app,
        "PATCH",
        &uri,
        Some(&api.outsider),
        Some(json!({"status": "confirmed", "reason": "referred to the owner"}).to_string()),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["history"][0]["status"], "confirmed");
    assert_eq!(answer["history"][0]["actor"], "member:tunisia-dgsn");
    // a record the member sees in full it may clear
    let (status, answer) = call(
        &api.app,
        "PATCH",
        &format!("/v1/hits/{partner_hit}"),
        Some(&api.partner),
        Some(json!({"status": "false-positive", "reason": "born 1990"}).to_string()),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
}

/// The moment of [`a_hit_s_answer_says_how_often_and_when_last_its_traveller_was_seen`],
/// moved on by the test.
static SIGHTING_CLOCK: std::sync::atomic::AtomicI64 =
    std::sync::atomic::AtomicI64::new(1_795_910_400);

fn sighting_clock() -> i64 {
    SIGHTING_CLOCK.load(std::sync::atomic::Ordering::SeqCst)
}

/// Issue 17, item 7: a traveller screened again by the same member within a shift is a
/// sighting of the open hit, not a new hit; the hit's answer says how many screenings saw
/// the traveller and when last.
#[tokio::test]
async fn a_hit_s_answer_says_how_often_and_when_last_its_traveller_was_seen() {
    let api = api_with_clock(sighting_clock);
    contribute(&api).await;
    let start = sighting_clock();
    let first = screen(&api, &api.partner, "Khalid Saeed Barakat").await;
    let hit = first[0]["hit"].as_i64().unwrap();
    for minutes in [20, 45] {
        SIGHTING_CLOCK.store(start + minutes * 60, std::sync::atomic::Ordering::SeqCst);
        let again = screen(&api, &api.partner, "Khalid Saeed Barakat").await;
        assert_eq!(again[0]["hit"], hit, "{again:?}");
    }
    let body = json!({"status": "confirmed", "reason": "the same man at the desk"});
    let (status, answer) = call(
        &api.app,
        "PATCH",
        &format!("/v1/hits/{hit}"),
        Some(&api.partner),
        Some(body.to_string()),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(
        (&answer["seen_count"], &answer["last_seen_at"]),
        (&json!(3), &json!(start + 45 * 60)),
        "{answer}"
    );
    assert_eq!(answer["status"], "confirmed");
    // another member's traveller, seen once: its own hit, seen when raised
    let other = screen(&api, &api.outsider, "Khalid Saeed Barakat").await;
    let other_hit = other[0]["hit"].as_i64().unwrap();
    assert_ne!(other_hit, hit);
    let (status, answer) = call(
        &api.app,
        "PATCH",
        &format!("/v1/hits/{other_hit}"),
        Some(&api.outsider),
        Some(body.to_string()),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(
        (&answer["seen_count"], &answer["last_seen_at"]),
        (&json!(1), &json!(start + 45 * 60)),
        "{answer}"
    );
}

#[tokio::test]
async fn records_are_replaced_and_deleted_by_their_owner_alone() {
    let api = api();
    let ids = contribute(&api).await;
    let uri = format!("/v1/records/{}", ids[0]);
    let renamed = json!({"entity": person("r-all", "Khalid Saeed Barakat Al-Tikriti"), "access": {"level": "all"}, "action": "arrest", "review_by": "2030-01-01"});
    let (status, _) = call(
        &api.app,
        "PUT",
        &uri,
        Some(&api.partner),
        Some(renamed.to_string()),
    )
    .await;
    // the partner sees an `all` record, so it is told it may not change it; a record it
    // may not see is absent to it
    assert_eq!(status, StatusCode::FORBIDDEN);
    let hidden = format!("/v1/records/{}", ids[2]);
    let (status, _) = call(
        &api.app,
        "PUT",
        &hidden,
        Some(&api.partner),
        Some(renamed.to_string()),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = call(&api.app, "DELETE", &hidden, Some(&api.outsider), None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let other_id = json!({"entity": person("r-other", "Someone Else"), "access": {"level": "all"}});
    let (status, answer) = call(
        &api.app,
        "PUT",
        &uri,
        Some(&api.owner),
        Some(other_id.to_string()),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(answer["error"]["message"]
        .as_str()
        .unwrap()
        .starts_with("entity.id:"));
    let (status, answer) = call(
        &api.app,
        "PUT",
        &uri,
        Some(&api.owner),
        Some(renamed.to_string()),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["version"], 2);
    let (_, read) = call(&api.app, "GET", &uri, Some(&api.partner), None).await;
    assert_eq!(
        read["entity"]["properties"]["name"][0],
        "Khalid Saeed Barakat Al-Tikriti"
    );

    let (status, _) = call(&api.app, "DELETE", &uri, Some(&api.outsider), None).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = call(&api.app, "DELETE", &uri, Some(&api.owner), None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    // gone from screening at once, and from reads
    assert!(screen(&api, &api.owner, "Khalid Saeed Barakat")
        .await
        .is_empty());
    let (status, _) = call(&api.app, "GET", &uri, Some(&api.owner), None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = call(&api.app, "DELETE", &uri, Some(&api.owner), None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_batch_answers_each_query_and_refuses_a_bad_one_whole() {
    let api = api();
    contribute(&api).await;
    let batch = json!({"queries": [person("t1", "Yousef Haddad"), person("t2", "Nobody Known")]});
    let (status, answer) = call(
        &api.app,
        "POST",
        "/v1/screen/batch",
        Some(&api.outsider),
        Some(batch.to_string()),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let responses = answer["responses"].as_array().unwrap();
    assert_eq!(responses.len(), 2);
    assert_eq!(responses[0]["query"], "t1");
    assert_eq!(responses[0]["results"][0]["contact"], "jordan-psd");
    assert!(responses[1]["results"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["match"] == false));

    let bad = json!({"queries": [person("t1", "Yousef Haddad"), {"id": "t2"}]});
    let (status, answer) = call(
        &api.app,
        "POST",
        "/v1/screen/batch",
        Some(&api.outsider),
        Some(bad.to_string()),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        answer["error"]["message"]
            .as_str()
            .unwrap()
            .starts_with("queries[1]: "),
        "{answer}"
    );
    let too_many: Vec<Value> = (0..1001).map(|i| person(&format!("t{i}"), "A B")).collect();
    let (status, _) = call(
        &api.app,
        "POST",
        "/v1/screen/batch",
        Some(&api.outsider),
        Some(json!({"queries": too_many}).to_string()),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

/// The Python with yente installed: `GATECHECK_YENTE_PYTHON`, else `python3`; `None` (after
/// a notice) when it cannot import yente, unless `GATECHECK_REQUIRE_YENTE` is set (as
/// `.ci/run` sets it, having installed yente in a virtual environment).
fn yente_python() -> Option<String> {
    let python = std::env::var("GATECHECK_YENTE_PYTHON").unwrap_or_else(|_| "python3".to_string());
    let importable = std::process::Command::new(&python)
        .args(["-c", "import yente.data.common"])
        .output()
        .is_ok_and(|output| output.status.success());
    if importable {
        return Some(python);
    }
    assert!(
        std::env::var_os("GATECHECK_REQUIRE_YENTE").is_none(),
        "GATECHECK_REQUIRE_YENTE is set but {python} cannot import yente"
    );
    eprintln!("skipping: {python} cannot import yente (pip install yente==5.5.0)");
    None
}

/// Issue 16: yente's own response model accepts every answer of `/match`: full results,
/// restricted ones, records with nested sanctions and ties, results below the threshold
/// asked for with a lower cutoff, and answers with warnings.
#[tokio::test]
async fn yentes_own_response_model_accepts_every_match_answer() {
    let Some(python) = yente_python() else {
        return;
    };
    let api = api();
    contribute(&api).await;
    let nested = json!({"entity": {"id": "r-nested", "schema": "Person", "properties": {
        "name": ["Karim Nasser Haddad"], "birthDate": ["1980-02-03"],
        "sanctions": [{"id": "san-1", "schema": "Sanction", "properties": {
            "entity": ["r-nested"], "program": ["SDGT"], "authority": ["Office of Foreign Assets Control"]}}],
        "familyPerson": [{"id": "fam-1", "schema": "Family", "properties": {
            "person": ["r-nested"], "relative": ["r-brother"], "relationship": ["brother"]}}]}},
        "access": {"level": "all"}});
    let (status, answer) = call(
        &api.app,
        "POST",
        "/v1/records",
        Some(&api.owner),
        Some(nested.to_string()),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{answer}");
    let request = json!({"queries": {
        "full": {"schema": "Person", "properties": {"name": ["Khalid Saeed Barakat"], "birthDate": ["1984-03-12"]}},
        "nested": {"schema": "Person", "properties": {"name": ["Kareem Nasser Hadad"]}},
        "restricted": {"schema": "Person", "properties": {"name": ["Samir Kassem"], "birthDate": ["1984-03-12"]}},
        "members": {"schema": "Person", "properties": {"name": ["Yusuf Adnan Haddad"]}},
        "nobody": {"schema": "Person", "properties": {"name": ["Orla Quill"]}},
        "bad date": {"schema": "Person", "properties": {"name": ["Khalid Barakat"], "birthDate": ["1984-13-45"]}},
    }});
    let mut answers = Vec::new();
    for (key, uri) in [
        (&api.partner, "/match/default"),
        (&api.outsider, "/match/default"),
        (&api.owner, "/match/default?cutoff=0&limit=20"),
        (&api.partner, "/match/default?threshold=0.9"),
    ] {
        let (status, answer) =
            call(&api.app, "POST", uri, Some(key), Some(request.to_string())).await;
        assert_eq!(status, StatusCode::OK, "{uri}: {answer}");
        answers.push(answer);
    }
    // below the threshold, only with a lower cutoff
    let low = &answers[2]["responses"]["nobody"]["results"];
    assert!(answers[0]["responses"]["nobody"]["results"]
        .as_array()
        .unwrap()
        .is_empty());
    assert!(
        low.as_array().unwrap().iter().all(|r| r["match"] == false),
        "{low}"
    );
    // an algorithm gatecheck does not run is refused, by name; yente's `best` is its own
    let (status, refused) = call(
        &api.app,
        "POST",
        "/match/default?algorithm=logic-v2",
        Some(&api.partner),
        Some(request.to_string()),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{refused}");
    assert!(refused.to_string().contains("logic-v2"), "{refused}");
    let (status, _) = call(
        &api.app,
        "POST",
        "/match/default?algorithm=best",
        Some(&api.partner),
        Some(request.to_string()),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (status, algorithms) = call(&api.app, "GET", "/algorithms", None, None).await;
    assert_eq!(status, StatusCode::OK, "{algorithms}");
    assert_eq!(algorithms["best"], "gatecheck");
    // every other route of yente's, restricted records among the answers
    let mut searches = Vec::new();
    for (key, uri) in [
        (&api.partner, "/search/default?q=Khalid%20Barakat"),
        (
            &api.partner,
            "/search/default?q=Samir%20Kassem&facets=schema&facets=genders",
        ),
        (&api.outsider, "/search/default?q=Yusuf%20Haddad&limit=1"),
        (
            &api.owner,
            "/search/jordan_psd?q=Kareem%20Hadad&facets=datasets&facets=topics&facets=countries",
        ),
    ] {
        let (status, answer) = call(&api.app, "GET", uri, Some(key), None).await;
        assert_eq!(status, StatusCode::OK, "{uri}: {answer}");
        searches.push(answer);
    }
    let mut entities = Vec::new();
    for uri in [
        "/entities/r-all",
        "/entities/r-nested",
        "/entities/r-nested?nested=false",
    ] {
        let (status, answer) = call(&api.app, "GET", uri, Some(&api.partner), None).await;
        assert_eq!(status, StatusCode::OK, "{uri}: {answer}");
        entities.push(answer);
    }
    let (status, catalog) = call(&api.app, "GET", "/catalog", Some(&api.partner), None).await;
    assert_eq!(status, StatusCode::OK, "{catalog}");
    let (status, health) = call(&api.app, "GET", "/healthz", None, None).await;
    assert_eq!(status, StatusCode::OK, "{health}");
    let mut errors = vec![refused];
    for (method, uri) in [
        ("GET", "/entities/r-owner"),
        ("GET", "/search/nowhere?q=Khalid"),
        ("GET", "/search/default"),
        ("GET", "/catalog?"),
    ] {
        let key = (uri != "/catalog?").then_some(api.partner.as_str());
        let (status, answer) = call(&api.app, method, uri, key, None).await;
        assert!(status.is_client_error(), "{uri}: {answer}");
        errors.push(answer);
    }
    let checked = json!({
        "EntityMatchResponse": answers,
        "AlgorithmResponse": [algorithms],
        "SearchResponse": searches,
        "EntityResponse": entities,
        "DataCatalogModel": [catalog],
        "StatusResponse": [health],
        "ErrorResponse": errors,
    });
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), checked.to_string()).unwrap();
    let script =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scripts/yente_check.py");
    let checked = std::process::Command::new(&python)
        .arg(&script)
        .arg(file.path())
        .output()
        .unwrap();
    assert!(
        checked.status.success(),
        "yente's models refused answers:\n{}{}",
        String::from_utf8_lossy(&checked.stdout),
        String::from_utf8_lossy(&checked.stderr)
    );
}

/// A yente call's results' ids, of query `q` of a `/match` answer or of a `/search`.
fn result_ids(answer: &Value) -> Vec<String> {
    let results = if answer["responses"].is_object() {
        &answer["responses"]["q"]["results"]
    } else {
        &answer["results"]
    };
    results
        .as_array()
        .map(|results| {
            results
                .iter()
                .map(|result| result["id"].as_str().unwrap_or_default().to_string())
                .collect()
        })
        .unwrap_or_default()
}

/// Issue 16: yente's filters on `/match` and `/search` narrow what is screened, as far as
/// the access rule lets them: a record that only says "refer to the owner" is never left
/// out, one whose owner may be learnt only by its dataset; yente's other routes answer as
/// yente's do, errors in yente's shapes and statuses.
#[tokio::test]
async fn yentes_parameters_narrow_as_far_as_the_access_rule_lets_them() {
    let api = api();
    contribute(&api).await;
    for (entity, access) in [
        (
            json!({"id": "r-topic", "schema": "Person", "properties": {"name": ["Karim Nasser Haddad"], "topics": ["sanction"], "nationality": ["sy"]}}),
            "all",
        ),
        (
            json!({"id": "r-company", "schema": "Company", "properties": {"name": ["Barakat Trading Company"]}}),
            "all",
        ),
    ] {
        let request = json!({"entity": entity, "access": {"level": access}});
        let (status, answer) = call(
            &api.app,
            "POST",
            "/v1/records",
            Some(&api.owner),
            Some(request.to_string()),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{answer}");
    }
    let matched = |key: &str, query: &str, name: &str, body_extra: Value| {
        let mut request =
            json!({"queries": {"q": {"schema": "Person", "properties": {"name": [name]}}}});
        if let (Some(request), Some(extra)) = (request.as_object_mut(), body_extra.as_object()) {
            request.extend(extra.clone());
        }
        let uri = format!("/match/default?{query}");
        let app = api.app.clone();
        let key = key.to_string();
        async move { call(&app, "POST", &uri, Some(&key), Some(request.to_string())).await }
    };
    let ids = |answer: &(StatusCode, Value)| {
        assert_eq!(answer.0, StatusCode::OK, "{}", answer.1);
        result_ids(&answer.1)
    };
    let partner = api.partner.as_str();
    let barakat = "Khalid Saeed Barakat";
    // each filter leaves out a record the partner sees in full
    assert!(ids(&matched(partner, "", barakat, json!({})).await).contains(&"r-all".to_string()));
    for query in [
        "exclude_entity_ids=r-all",
        "topics=sanction",
        "changed_since=2026-11-29T00:00:00",
        "include_dataset=iraq_nsa",
        "exclude_dataset=jordan_psd",
        "exclude_schema=Person",
    ] {
        let found = ids(&matched(partner, query, barakat, json!({})).await);
        assert!(!found.contains(&"r-all".to_string()), "{query}: {found:?}");
    }
    for query in [
        "exclude_entity_ids=r-other&exclude_entity_ids=r-more",
        "changed_since=2026-11-28",
        "include_dataset=jordan_psd",
        "include_dataset=default",
        "exclude_schema=Company",
    ] {
        let found = ids(&matched(partner, query, barakat, json!({})).await);
        assert!(found.contains(&"r-all".to_string()), "{query}: {found:?}");
    }
    let karim = "Karim Nasser Haddad";
    assert_eq!(
        ids(&matched(partner, "topics=sanction", karim, json!({})).await)[0],
        "r-topic"
    );
    assert!(ids(&matched(partner, "topics=role.pep", karim, json!({})).await).is_empty());
    // a record that says only "refer to the owner" is never filtered out
    let hard = "topics=role.pep&changed_since=2030-01-01&exclude_entity_ids=r-owner&exclude_dataset=jordan_psd&exclude_schema=Person&include_dataset=iraq_nsa";
    let found = matched(partner, hard, "Samir Fawzi Qasim", json!({})).await;
    assert_eq!(
        found.1["responses"]["q"]["results"][0]["restricted"], true,
        "{}",
        found.1
    );
    assert_eq!(
        found.1["responses"]["q"]["results"][0]["properties"],
        json!({})
    );
    assert!(
        !found.1["responses"]["q"]["results"]
            .to_string()
            .contains("Fawzi"),
        "{}",
        found.1
    );
    // one whose owner the caller may learn is narrowed by its dataset only
    let outsider = api.outsider.as_str();
    let yusuf = "Yusuf Adnan Haddad";
    let found = matched(
        outsider,
        "topics=role.pep&exclude_schema=Person&exclude_entity_ids=r-members",
        yusuf,
        json!({}),
    )
    .await;
    assert_eq!(
        found.1["responses"]["q"]["results"][0]["contact"], "jordan-psd",
        "{}",
        found.1
    );
    let found = matched(outsider, "exclude_dataset=jordan_psd", yusuf, json!({})).await;
    assert!(ids(&found).is_empty(), "{}", found.1);
    // weights and a configuration gatecheck does not take are refused, as yente refuses
    // a configuration its algorithm does not have
    for (extra, said) in [
        (
            json!({"weights": {"name_literal": 0.8}}),
            "Invalid weight: name_literal",
        ),
        (
            json!({"config": {"nm_number_mismatch": 0.4}}),
            "Invalid configuration parameter: nm_number_mismatch for algorithm gatecheck",
        ),
    ] {
        let (status, answer) = matched(partner, "", barakat, extra).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
        assert!(
            answer["detail"].as_str().unwrap().starts_with(said),
            "{answer}"
        );
    }
    assert_eq!(
        matched(partner, "", barakat, json!({"weights": {}, "config": {}}))
            .await
            .0,
        StatusCode::OK
    );
    // FastAPI's 422 for what does not validate
    let many: Vec<String> = (0..51)
        .map(|i| format!("exclude_entity_ids=x{i}"))
        .collect();
    for (query, location, kind) in [
        (
            many.join("&"),
            json!(["query", "exclude_entity_ids"]),
            "too_long",
        ),
        (
            "changed_since=yesterday".to_string(),
            json!(["query", "changed_since"]),
            "string_pattern_mismatch",
        ),
        (
            "limit=501".to_string(),
            json!(["query", "limit"]),
            "less_than_equal",
        ),
        (
            "threshold=high".to_string(),
            json!(["query", "threshold"]),
            "float_parsing",
        ),
    ] {
        let (status, answer) = matched(partner, &query, barakat, json!({})).await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{query}: {answer}"
        );
        assert_eq!(answer["detail"][0]["loc"], location, "{answer}");
        assert_eq!(answer["detail"][0]["type"], kind, "{answer}");
    }
    for (body, location) in [
        (json!({}), json!(["body", "queries"])),
        (
            json!({"queries": {"q": {"properties": {}}}}),
            json!(["body", "queries", "q", "schema"]),
        ),
    ] {
        let (status, answer) = call(
            &api.app,
            "POST",
            "/match/default",
            Some(partner),
            Some(body.to_string()),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
        assert_eq!(answer["detail"][0]["loc"], location, "{answer}");
        assert_eq!(answer["detail"][0]["type"], "missing", "{answer}");
    }
    let (status, answer) = call(
        &api.app,
        "POST",
        "/match/default",
        Some(partner),
        Some("{not json".to_string()),
    )
    .await;
    assert_eq!(
        (status, answer["detail"][0]["type"].clone()),
        (StatusCode::UNPROCESSABLE_ENTITY, json!("json_invalid"))
    );
    let (status, answer) = call(
        &api.app,
        "POST",
        "/match/default",
        Some(partner),
        Some(json!({"queries": {}}).to_string()),
    )
    .await;
    assert_eq!(
        (status, answer),
        (
            StatusCode::BAD_REQUEST,
            json!({"detail": "No queries provided."})
        )
    );
    let request =
        json!({"queries": {"q": {"schema": "Person", "properties": {"name": [barakat]}}}})
            .to_string();
    let (status, answer) = call(
        &api.app,
        "POST",
        "/match/nowhere",
        Some(partner),
        Some(request.clone()),
    )
    .await;
    assert_eq!(
        (status, answer),
        (StatusCode::NOT_FOUND, json!({"detail": "No such dataset."}))
    );
    let (status, answer) = call(&api.app, "POST", "/match/default", None, Some(request)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(answer["detail"].is_string(), "{answer}");
    let (status, answer) = call(&api.app, "GET", "/match/default", Some(partner), None).await;
    assert_eq!(
        (status, answer),
        (
            StatusCode::METHOD_NOT_ALLOWED,
            json!({"detail": "Method Not Allowed"})
        )
    );

    // /search: a name screened as a match is, the same filters, restricted records too
    let search = |key: &str, query: &str| {
        let uri = format!("/search/default?{query}");
        let app = api.app.clone();
        let key = key.to_string();
        async move { call(&app, "GET", &uri, Some(&key), None).await }
    };
    let found = search(partner, "q=Khalid%20Barakat").await;
    assert!(ids(&found).contains(&"r-all".to_string()), "{}", found.1);
    assert_eq!(
        found.1["total"]["value"],
        found.1["results"].as_array().unwrap().len()
    );
    assert_eq!(found.1["limit"], 10);
    assert!(
        ids(&search(partner, "q=Khalid%20Barakat&exclude_dataset=jordan_psd").await).is_empty()
    );
    let company = search(partner, "q=Barakat%20Trading&schema=Company").await;
    assert_eq!(ids(&company), ["r-company"], "{}", company.1);
    assert!(
        !ids(&search(partner, "q=Barakat%20Trading&schema=Person").await)
            .contains(&"r-company".to_string())
    );
    let sanctioned = search(
        partner,
        "q=Karim%20Haddad&topics=sanction&facets=topics&facets=countries&facets=datasets",
    )
    .await;
    assert_eq!(ids(&sanctioned), ["r-topic"], "{}", sanctioned.1);
    let facets = &sanctioned.1["facets"];
    assert_eq!(
        facets["topics"]["values"],
        json!([{"name": "sanction", "label": "sanction", "count": 1}])
    );
    assert_eq!(facets["countries"]["values"][0]["name"], "sy");
    assert_eq!(
        facets["datasets"]["values"],
        json!([{"name": "jordan_psd", "label": "jordan-psd", "count": 1}])
    );
    let restricted = search(
        partner,
        "q=Samir%20Qasim&topics=role.pep&include_dataset=iraq_nsa",
    )
    .await;
    let first = &restricted.1["results"][0];
    assert_eq!(
        (first["restricted"].clone(), first["properties"].clone()),
        (json!(true), json!({})),
        "{}",
        restricted.1
    );
    assert!(first["id"].as_str().unwrap().starts_with("restricted-hit-"));
    assert!(
        !restricted.1.to_string().contains("Fawzi"),
        "{}",
        restricted.1
    );
    // paging: a window filled says there may be more
    let paged = search(partner, "q=Haddad&limit=1").await;
    assert_eq!(paged.1["total"]["relation"], "gte", "{}", paged.1);
    for (query, status, said) in [
        ("", StatusCode::BAD_REQUEST, "q: give a name"),
        (
            "q=Khalid&schema=Nonsense",
            StatusCode::BAD_REQUEST,
            "Invalid schema",
        ),
        (
            "q=Khalid&countries=ru",
            StatusCode::BAD_REQUEST,
            "countries: gatecheck does not filter by country",
        ),
        ("q=Khalid&sort=score", StatusCode::BAD_REQUEST, "sort: "),
        ("q=Khalid&target=false", StatusCode::BAD_REQUEST, "target: "),
    ] {
        let (got, answer) = search(partner, query).await;
        assert_eq!(got, status, "{query}: {answer}");
        assert!(
            answer["detail"].as_str().unwrap().starts_with(said),
            "{query}: {answer}"
        );
    }
    for (query, location) in [
        ("q=K&limit=501", "limit"),
        ("q=K&offset=x", "offset"),
        ("q=K&facets=colours", "facets"),
        ("q=K&fuzzy=maybe", "fuzzy"),
    ] {
        let (got, answer) = search(partner, query).await;
        assert_eq!(got, StatusCode::UNPROCESSABLE_ENTITY, "{query}: {answer}");
        assert_eq!(
            answer["detail"][0]["loc"],
            json!(["query", location]),
            "{answer}"
        );
    }
    // searches are audited, as screenings are
    let store = Store::open(api._directory.path()).unwrap();
    let log = store.audit_entries(1, i64::MAX).unwrap();
    assert!(log.iter().any(|entry| entry.action == "search"));

    // /entities: a record the caller may read in full, by its entity id; any other 404
    let (status, entity) = call(&api.app, "GET", "/entities/r-all", Some(partner), None).await;
    assert_eq!(status, StatusCode::OK, "{entity}");
    assert_eq!(
        (
            &entity["caption"],
            &entity["schema"],
            &entity["datasets"],
            &entity["last_change"]
        ),
        (
            &json!(barakat),
            &json!("Person"),
            &json!(["jordan_psd"]),
            &json!("2026-11-29T00:00:00")
        )
    );
    for (key, id, status) in [
        (partner, "r-members", StatusCode::OK),
        (outsider, "r-members", StatusCode::NOT_FOUND),
        (partner, "r-owner", StatusCode::NOT_FOUND),
        (api.owner.as_str(), "r-owner", StatusCode::OK),
        (partner, "r-none", StatusCode::NOT_FOUND),
    ] {
        let (got, answer) =
            call(&api.app, "GET", &format!("/entities/{id}"), Some(key), None).await;
        assert_eq!(got, status, "{id}: {answer}");
        if got == StatusCode::NOT_FOUND {
            assert_eq!(answer, json!({"detail": "No such entity!"}));
        }
    }
    let log = Store::open(api._directory.path())
        .unwrap()
        .audit_entries(1, i64::MAX)
        .unwrap();
    assert!(
        log.iter().any(|entry| entry.action == "record.read"),
        "reads audited"
    );

    // /catalog: default and one dataset a member, named as FollowTheMoney requires
    let (status, catalog) = call(&api.app, "GET", "/catalog", Some(partner), None).await;
    assert_eq!(status, StatusCode::OK, "{catalog}");
    let names: Vec<&str> = catalog["datasets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["default", "jordan_psd", "iraq_nsa", "tunisia_dgsn"]);
    assert_eq!(catalog["datasets"][1]["title"], "jordan-psd");
    assert_eq!(
        call(&api.app, "GET", "/catalog", None, None).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        call(&api.app, "GET", "/healthz", None, None).await.1,
        json!({"status": "ok"})
    );
}

#[tokio::test]
async fn the_yente_match_endpoint_answers_in_yentes_shape_under_the_access_rules() {
    let api = api();
    contribute(&api).await;
    let request = json!({"queries": {
        "a": {"schema": "Person", "properties": {"name": ["خالد سعيد بركات"]}},
        "b": {"schema": "Person", "properties": {"name": ["Samir Kassem"], "birthDate": ["1984-03-12"]}},
    }});
    let (status, answer) = call(
        &api.app,
        "POST",
        "/match/default?limit=3",
        Some(&api.partner),
        Some(request.to_string()),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["limit"], 3);
    let first = &answer["responses"]["a"];
    assert_eq!(first["status"], 200);
    assert_eq!(first["query"]["properties"]["name"][0], "خالد سعيد بركات");
    let top = &first["results"][0];
    assert_eq!(top["id"], "r-all");
    assert_eq!(top["caption"], "Khalid Saeed Barakat");
    assert_eq!(top["schema"], "Person");
    assert_eq!(top["properties"]["name"][0], "Khalid Saeed Barakat");
    assert_eq!(top["match"], true);
    assert!(top["score"].as_f64().unwrap() >= 0.7);
    // yente's explanations: a map of features, each as nomenklatura's FeatureResult;
    // gatecheck's own explanation whole beside it
    assert!(top["explanations"]["name"]["score"].as_f64().unwrap() >= 0.7);
    assert_eq!(
        top["explanations"]["name"]["candidate"],
        "Khalid Saeed Barakat"
    );
    assert!(top["explanations"]["name_part_1"]["detail"].is_string());
    assert!(
        top["gatecheck_explanation"]["parts"]
            .as_array()
            .unwrap()
            .len()
            >= 2
    );
    assert_eq!(first["total"]["relation"], "eq");
    // as yente: only results at or above the cutoff (the threshold unless asked lower),
    // and `total` counts the matches
    for (_, response) in answer["responses"].as_object().unwrap() {
        let results = response["results"].as_array().unwrap();
        assert!(
            results.iter().all(|r| r["score"].as_f64().unwrap() >= 0.7),
            "{response}"
        );
        let matches = results.iter().filter(|r| r["match"] == true).count();
        assert_eq!(response["total"]["value"], matches, "{response}");
    }
    // the owner-only record: no data, only the instruction
    let restricted = &answer["responses"]["b"]["results"][0];
    assert_eq!(
        restricted["caption"],
        "restricted record: refer to the owner"
    );
    assert_eq!(restricted["properties"], json!({}));
    assert_eq!(restricted["match"], true);
    assert!(!answer.to_string().contains("Qasim"));

    let (status, _) = call(
        &api.app,
        "POST",
        "/match/un_sc_sanctions",
        Some(&api.partner),
        Some(request.to_string()),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // a member's name as the dataset: only the records that member contributed
    let theirs =
        json!({"entity": person("r-partner", "Khaled Said Barakat"), "access": {"level": "all"}});
    let (status, _) = call(
        &api.app,
        "POST",
        "/v1/records",
        Some(&api.partner),
        Some(theirs.to_string()),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    // a member's dataset by its FtM-legal name (as /catalog gives it) or the member's
    for (dataset, asked, id) in [
        ("iraq_nsa", "iraq_nsa", "r-partner"),
        ("jordan_psd", "jordan-psd", "r-all"),
    ] {
        let (status, answer) = call(
            &api.app,
            "POST",
            &format!("/match/{asked}"),
            Some(&api.outsider),
            Some(request.to_string()),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{answer}");
        let results = answer["responses"]["a"]["results"].as_array().unwrap();
        assert_eq!(results[0]["id"], id, "{answer}");
        assert!(
            results.iter().all(|r| r["datasets"] == json!([dataset])),
            "{answer}"
        );
    }
    let (status, answer) = call(
        &api.app,
        "POST",
        "/match/default",
        Some(&api.outsider),
        Some(request.to_string()),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let ids: Vec<&Value> = answer["responses"]["a"]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| &r["id"])
        .collect();
    assert!(
        ids.contains(&&json!("r-partner")) && ids.contains(&&json!("r-all")),
        "{answer}"
    );
    // a parameter out of range: FastAPI's 422, as yente answers it
    let (status, answer) = call(
        &api.app,
        "POST",
        "/match/default?limit=0",
        Some(&api.partner),
        Some(request.to_string()),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        answer["detail"][0]["loc"],
        json!(["query", "limit"]),
        "{answer}"
    );
    assert_eq!(
        answer["detail"][0]["type"], "greater_than_equal",
        "{answer}"
    );
    let (status, answer) = call(
        &api.app,
        "POST",
        "/match/default",
        Some(&api.partner),
        Some(
            json!({"queries": {"x": {"schema": "Sanction", "properties": {"program": ["ISIL"]}}}})
                .to_string(),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        answer["detail"]
            .as_str()
            .unwrap()
            .starts_with("Cannot parse example entity: queries.x: "),
        "{answer}"
    );
}

#[tokio::test]
async fn the_openapi_document_lists_every_route_and_every_listed_path_is_routed() {
    let api = api();
    let (status, document) = call(&api.app, "GET", "/openapi.json", None, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(document["openapi"], "3.1.0");
    assert!(document["info"]["title"].is_string() && document["info"]["version"].is_string());
    let paths = document["paths"].as_object().unwrap();
    let mut operations = 0;
    for (path, item) in paths {
        for (method, operation) in item.as_object().unwrap() {
            operations += 1;
            // a success, and an error for a request without its key unless the route is open
            let responses = operation["responses"].as_object().unwrap();
            assert!(
                ["200", "201", "204"]
                    .iter()
                    .any(|s| responses.contains_key(*s)),
                "{method} {path}"
            );
            let open = operation["security"] == json!([]);
            assert_eq!(responses.contains_key("401"), !open, "{method} {path}");
            for parameter in ["{id}", "{dataset}"] {
                if path.contains(parameter) {
                    assert!(operation["parameters"].is_array(), "{method} {path}");
                }
            }
            // routed: not 404 (no route) nor 405 (wrong method); a path parameter is filled in
            let uri = path.replace("{id}", "1").replace("{dataset}", "default");
            let (status, _) = call(
                &api.app,
                &method.to_uppercase(),
                &uri,
                None,
                Some("{}".to_string()),
            )
            .await;
            assert!(
                status != StatusCode::METHOD_NOT_ALLOWED && (status != StatusCode::NOT_FOUND),
                "{method} {path}: {status}"
            );
        }
    }
    assert_eq!(operations, gatecheck_server::openapi::ROUTES.len());
    for route in [
        "/v1/screen/person",
        "/v1/screen/batch",
        "/v1/records",
        "/v1/records/{id}",
        "/v1/hits/{id}",
        "/v1/notifications",
        "/match/{dataset}",
        "/metrics",
        "/healthz",
        "/readyz",
    ] {
        assert!(paths.contains_key(route), "{route} missing");
    }
}

#[tokio::test]
async fn metrics_count_requests_latency_and_hits() {
    let api = api();
    contribute(&api).await;
    screen(&api, &api.partner, "Yousef Haddad").await;
    call(
        &api.app,
        "POST",
        "/v1/screen/person",
        None,
        Some("{}".to_string()),
    )
    .await;
    let (status, text) = call_text(&api.app, "/metrics").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        text.contains(
            r#"gatecheck_requests_total{method="post",route="/v1/records",status="2xx"} 3"#
        ),
        "{text}"
    );
    assert!(
        text.contains(
            r#"gatecheck_requests_total{method="post",route="/v1/screen/person",status="2xx"} 1"#
        ),
        "{text}"
    );
    assert!(
        text.contains(
            r#"gatecheck_requests_total{method="post",route="/v1/screen/person",status="4xx"} 1"#
        ),
        "{text}"
    );
    assert!(text.contains("gatecheck_hits_total 1"), "{text}");
    assert!(text.contains("gatecheck_request_seconds_count 5"), "{text}");
}

#[tokio::test]
async fn a_stolen_document_is_found_by_number_and_state_under_the_access_rules() {
    let api = api();
    let document = json!({"document": {"number": "L 1234567", "issuing_state": "JOR", "type": "P", "status": "stolen", "reported_on": "2026-10-01"},
        "access": {"level": "members", "members": ["iraq-nsa"]}, "action": "seize the document"});
    let (status, created) = call(
        &api.app,
        "POST",
        "/v1/records",
        Some(&api.owner),
        Some(document.to_string()),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let query = |number: &str, state: Option<&str>| {
        let mut q = json!({"number": number, "type": "P"});
        if let Some(state) = state {
            q["issuing_state"] = json!(state);
        }
        Some(q.to_string())
    };
    // the partner sees the record, with the number written another way
    let (status, answer) = call(
        &api.app,
        "POST",
        "/v1/screen/document",
        Some(&api.partner),
        query("l1234567", Some("JOR")),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let result = &answer["results"][0];
    assert_eq!(result["id"], "doc-JOR-L1234567");
    assert_eq!(result["score"], 1.0);
    assert_eq!(result["action"], "seize the document");
    assert!(result["hit"].is_i64());
    // the outsider learns whom to contact
    let (_, answer) = call(
        &api.app,
        "POST",
        "/v1/screen/document",
        Some(&api.outsider),
        query("L1234567", Some("JOR")),
    )
    .await;
    assert_eq!(answer["results"][0]["contact"], "jordan-psd");
    // the number alone matches a little less; another state's number is another document
    let (_, answer) = call(
        &api.app,
        "POST",
        "/v1/screen/document",
        Some(&api.partner),
        query("L1234567", None),
    )
    .await;
    assert_eq!(answer["results"][0]["score"], 0.9);
    // read with an S for the 5: found a little lower, the misreading explained
    let (_, answer) = call(
        &api.app,
        "POST",
        "/v1/screen/document",
        Some(&api.partner),
        query("L1234S67", Some("JOR")),
    )
    .await;
    let result = &answer["results"][0];
    assert_eq!(result["score"], 0.85, "{answer}");
    assert_eq!(result["id"], "doc-JOR-L1234567");
    assert!(
        result["explanation"]["listed_name"]
            .as_str()
            .unwrap()
            .contains("S for 5 at position 6"),
        "{answer}"
    );
    let (_, answer) = call(
        &api.app,
        "POST",
        "/v1/screen/document",
        Some(&api.partner),
        query("L1234567", Some("IRQ")),
    )
    .await;
    assert_eq!(answer["results"], json!([]));
    // the owner was notified of the hits by others: two with a state, one without, one misread
    let (_, notes) = call(&api.app, "GET", "/v1/notifications", Some(&api.owner), None).await;
    assert_eq!(notes["notifications"].as_array().unwrap().len(), 4);
    // the record is read by its owner and the listed member, and absent to anyone else
    let id = created["id"].as_i64().unwrap();
    let path = format!("/v1/records/{id}");
    for (key, expected) in [
        (&api.owner, StatusCode::OK),
        (&api.partner, StatusCode::OK),
        (&api.outsider, StatusCode::NOT_FOUND),
    ] {
        let (status, answer) = call(&api.app, "GET", &path, Some(key), None).await;
        assert_eq!(status, expected, "{answer}");
        if status == StatusCode::OK {
            assert_eq!(answer["document"]["number"], "L1234567");
            assert_eq!(answer["document"]["status"], "stolen");
            assert_eq!(answer["access"], "members");
        }
    }
    // a new version by the owner alone, keeping number, state and type (and opening it to
    // all, which it says it means)
    let revoked = json!({"document": {"number": "L1234567", "issuing_state": "JOR", "type": "P", "status": "revoked", "reported_on": "2026-10-02"}, "access": {"level": "all"}, "accept_wider_access": true});
    let (status, answer) = call(
        &api.app,
        "PUT",
        &path,
        Some(&api.partner),
        Some(revoked.to_string()),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{answer}");
    let (status, answer) = call(&api.app, "DELETE", &path, Some(&api.outsider), None).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{answer}");
    let renumbered = json!({"document": {"number": "L7654321", "issuing_state": "JOR", "type": "P", "status": "revoked", "reported_on": "2026-10-02"}});
    let (status, answer) = call(
        &api.app,
        "PUT",
        &path,
        Some(&api.owner),
        Some(renumbered.to_string()),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    let (status, answer) = call(
        &api.app,
        "PUT",
        &path,
        Some(&api.owner),
        Some(revoked.to_string()),
    )
    .await;
    assert_eq!(
        (status, answer["version"].as_i64()),
        (StatusCode::OK, Some(2)),
        "{answer}"
    );
    let (status, answer) = call(&api.app, "GET", &path, Some(&api.outsider), None).await;
    assert_eq!(status, StatusCode::OK, "now open to all: {answer}");
    assert_eq!(answer["document"]["status"], "revoked");
    // found again: the record is deleted and stops matching at once
    let (status, _) = call(
        &api.app,
        "DELETE",
        &format!("/v1/records/{id}"),
        Some(&api.owner),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (_, answer) = call(
        &api.app,
        "POST",
        "/v1/screen/document",
        Some(&api.partner),
        query("L1234567", Some("JOR")),
    )
    .await;
    assert_eq!(answer["results"], json!([]));
    // bad input names the field
    for (body, field) in [
        (json!({"number": "", "issuing_state": "JOR"}), "number"),
        (
            json!({"number": "X1", "issuing_state": "jordan"}),
            "issuing_state",
        ),
        (json!({"issuing_state": "JOR"}), "number"),
    ] {
        let (status, answer) = call(
            &api.app,
            "POST",
            "/v1/screen/document",
            Some(&api.partner),
            Some(body.to_string()),
        )
        .await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(
            answer["error"]["message"]
                .as_str()
                .unwrap()
                .starts_with(field),
            "{answer}"
        );
    }
    let bad_record = json!({"document": {"number": "X1", "issuing_state": "JOR", "type": "P", "status": "found", "reported_on": "2026-10-01"}});
    let (status, answer) = call(
        &api.app,
        "POST",
        "/v1/records",
        Some(&api.owner),
        Some(bad_record.to_string()),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        answer["error"]["message"]
            .as_str()
            .unwrap()
            .starts_with("status:"),
        "{answer}"
    );
}

#[tokio::test]
async fn records_written_by_another_process_are_screened_after_the_store_is_followed() {
    let directory = tempfile::tempdir().unwrap();
    let mut store = Store::open(directory.path()).unwrap();
    let key = members::add_member(&mut store, "iraq-nsa", "IRQ", false, "cli:test", clock())
        .unwrap()
        .1
        .expose()
        .to_string();
    let state = Arc::new(AppState::new(store, ApiConfig::default(), clock).unwrap());
    let app = router(Arc::clone(&state));
    let body = Some(person("q", "Nabil Jamal Darwish").to_string());
    let (_, before) = call(&app, "POST", "/v1/screen/person", Some(&key), body.clone()).await;
    assert_eq!(before["results"], json!([]));
    // another process (here another connection) imports into the same data directory
    let mut other = Store::open(directory.path()).unwrap();
    let line = person("n1", "Nabil Jamal Darwish").to_string();
    let terms = gatecheck_service::access::RecordTerms {
        access: gatecheck_service::access::Access::All,
        action: "arrest".to_string(),
        review_by: "2030-01-01".to_string(),
    };
    gatecheck_service::records::import_entities(
        &mut other,
        "iraq-nsa",
        &line,
        &terms,
        "cli:test",
        clock(),
    )
    .unwrap();
    // one change of the feed: the record imported
    assert_eq!(state.follow_store().unwrap(), 1);
    assert_eq!(state.follow_store().unwrap(), 0);
    let (_, after) = call(&app, "POST", "/v1/screen/person", Some(&key), body).await;
    assert_eq!(after["results"][0]["id"], "n1", "{after}");
}

#[tokio::test]
async fn notifications_arrive_as_server_sent_events() {
    let api = api();
    contribute(&api).await;
    let hit = screen(&api, &api.partner, "Yousef Haddad").await[0]["hit"]
        .as_i64()
        .unwrap();
    let request = Request::builder()
        .uri("/v1/notifications/stream?after=0")
        .header("authorization", format!("Bearer {}", api.owner))
        .body(Body::empty())
        .unwrap();
    let response = api.app.clone().oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "text/event-stream");
    let mut body = response.into_body();
    let mut text = String::new();
    while !text.contains("\n\n") {
        let frame = tokio::time::timeout(std::time::Duration::from_secs(5), body.frame())
            .await
            .expect("no event within 5 s")
            .unwrap()
            .unwrap();
        text.push_str(&String::from_utf8_lossy(frame.data_ref().unwrap()));
    }
    assert!(text.contains("event: notification"), "{text}");
    assert!(text.contains(&format!("\"hit\":{hit}")), "{text}");
    assert!(text.contains("\"querier\":\"iraq-nsa\""), "{text}");
    // no key, no stream
    let (status, _) = call(&api.app, "GET", "/v1/notifications/stream", None, None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

/// A clock the next test moves by a day.
static DAY_CLOCK: std::sync::atomic::AtomicI64 = std::sync::atomic::AtomicI64::new(1_795_910_400);

fn day_clock() -> i64 {
    DAY_CLOCK.load(std::sync::atomic::Ordering::SeqCst)
}

/// A new day prunes the store's change feed to its newest changes (it would grow with
/// every record written for ever), and never the ones the node has not taken yet.
#[test]
fn a_new_day_prunes_the_change_feed_to_its_newest_changes() {
    let directory = tempfile::tempdir().unwrap();
    let mut store = Store::open(directory.path()).unwrap();
    members::add_member(&mut store, "iraq-nsa", "IRQ", false, "cli:test", clock()).unwrap();
    let config = ApiConfig {
        kept_changes: 2,
        ..ApiConfig::default()
    };
    let state = Arc::new(AppState::new(store, config, day_clock).unwrap());
    let mut other = Store::open(directory.path()).unwrap();
    let terms = gatecheck_service::access::RecordTerms {
        access: gatecheck_service::access::Access::All,
        action: "arrest".to_string(),
        review_by: "2030-01-01".to_string(),
    };
    let import = |store: &mut Store, from: usize| {
        let lines: String = (from..from + 5)
            .map(|i| {
                format!(
                    "{}\n",
                    person(&format!("p{i}"), &format!("Yusuf Haddad {i}"))
                )
            })
            .collect();
        gatecheck_service::records::import_entities(
            store,
            "iraq-nsa",
            &lines,
            &terms,
            "cli:test",
            clock(),
        )
        .unwrap();
    };
    import(&mut other, 0);
    assert_eq!(state.follow_store().unwrap(), 5);
    let seqs = |store: &Store| -> Vec<i64> {
        store
            .changes_after(0, 100)
            .unwrap()
            .iter()
            .map(|change| change.seq)
            .collect()
    };
    // the same day: nothing pruned
    assert_eq!(seqs(&other), [1, 2, 3, 4, 5]);
    // five more, not taken yet, then a new day: the newest two the node took are kept,
    // and the five it has not taken yet
    import(&mut other, 5);
    DAY_CLOCK.fetch_add(86_400, std::sync::atomic::Ordering::SeqCst);
    assert_eq!(state.follow_store().unwrap(), 5);
    assert_eq!(seqs(&other), [4, 5, 6, 7, 8, 9, 10]);
    // the next day keeps the newest two
    DAY_CLOCK.fetch_add(86_400, std::sync::atomic::Ordering::SeqCst);
    assert_eq!(state.follow_store().unwrap(), 0);
    assert_eq!(seqs(&other), [9, 10]);
    // the numbering goes on from the newest
    import(&mut other, 10);
    assert_eq!(seqs(&other), [9, 10, 11, 12, 13, 14, 15]);
}

/// A clock the test moves.
static MOVING_CLOCK: std::sync::atomic::AtomicI64 =
    std::sync::atomic::AtomicI64::new(1_795_910_400);

fn moving_clock() -> i64 {
    MOVING_CLOCK.load(std::sync::atomic::Ordering::SeqCst)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_changes_start_a_full_rebuild_in_the_background() {
    let directory = tempfile::tempdir().unwrap();
    let mut store = Store::open(directory.path()).unwrap();
    let key = members::add_member(&mut store, "iraq-nsa", "IRQ", false, "cli:test", clock())
        .unwrap()
        .1
        .expose()
        .to_string();
    let state = Arc::new(AppState::new(store, ApiConfig::default(), moving_clock).unwrap());
    let app = router(Arc::clone(&state));
    let mut other = Store::open(directory.path()).unwrap();
    let count = gatecheck_service::screening::REBUILD_AFTER_CHANGES + 1;
    let syllables = ["ka", "ri", "mo", "ta", "lu", "se", "no", "vi", "da", "pe"];
    let word = |mut n: usize| {
        let mut text = String::new();
        for _ in 0..4 {
            text.push_str(syllables[n % 10]);
            n /= 10;
        }
        text
    };
    let lines: String = (0..count)
        .map(|i| {
            format!(
                "{}\n",
                person(
                    &format!("p{i}"),
                    &format!("{} {}", word(i), word(i * 7 + 3))
                )
            )
        })
        .collect();
    let terms = gatecheck_service::access::RecordTerms {
        access: gatecheck_service::access::Access::All,
        action: "arrest".to_string(),
        review_by: "2030-01-01".to_string(),
    };
    gatecheck_service::records::import_entities(
        &mut other,
        "iraq-nsa",
        &lines,
        &terms,
        "cli:test",
        clock(),
    )
    .unwrap();
    // the server looks ten seconds later
    MOVING_CLOCK.fetch_add(10, std::sync::atomic::Ordering::SeqCst);
    let follower = Arc::clone(&state);
    tokio::task::spawn_blocking(move || follower.follow_store().unwrap())
        .await
        .unwrap();
    // the changes are screened against at once, and a rebuild runs or has run
    let (_, found) = call(
        &app,
        "POST",
        "/v1/screen/person",
        Some(&key),
        Some(person("q", &format!("{} {}", word(42), word(42 * 7 + 3))).to_string()),
    )
    .await;
    assert_eq!(found["results"][0]["id"], "p42", "{found}");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    loop {
        let (changes, rebuilding) = state.index_status().unwrap();
        if !rebuilding && changes == 0 {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no rebuild: {changes} changes, rebuilding {rebuilding}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let (_, found) = call(
        &app,
        "POST",
        "/v1/screen/person",
        Some(&key),
        Some(person("q", &format!("{} {}", word(42), word(42 * 7 + 3))).to_string()),
    )
    .await;
    assert_eq!(found["results"][0]["id"], "p42", "{found}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn screening_goes_on_while_another_process_imports() {
    let api = api();
    contribute(&api).await;
    let directory = api._directory.path().to_path_buf();
    // a large import on another connection, as `gatecheck import` would run beside the server
    let importer = std::thread::spawn(move || {
        let mut other = Store::open(&directory).unwrap();
        let lines: String = (0..20_000)
            .map(|i| {
                format!(
                    "{}\n",
                    person(&format!("bulk{i}"), &format!("Bulk Person{i}"))
                )
            })
            .collect();
        let terms = gatecheck_service::access::RecordTerms {
            access: gatecheck_service::access::Access::All,
            action: "arrest".to_string(),
            review_by: "2030-01-01".to_string(),
        };
        gatecheck_service::records::import_entities(
            &mut other,
            "jordan-psd",
            &lines,
            &terms,
            "cli:test",
            clock(),
        )
        .unwrap()
    });
    let mut answered = 0;
    while !importer.is_finished() || answered == 0 {
        let results = screen(&api, &api.partner, "Yousef Haddad").await;
        assert_eq!(results[0]["id"], "r-members");
        answered += 1;
    }
    assert_eq!(importer.join().unwrap().added, 20_000);
    assert!(answered >= 1);
}

/// What a viewer should be shown of a matching record: "full", "contact" or "refer".
fn expected(level: &str, viewer: &str) -> &'static str {
    match (level, viewer) {
        (_, "owner") | ("all", _) | ("members", "partner") => "full",
        ("members", _) => "contact",
        _ => "refer",
    }
}

fn shown_as(result: &Value) -> &'static str {
    if result.get("explanation").is_some() || result["gatecheck_explanation"]["parts"].is_array() {
        "full"
    } else if result.get("contact").is_some() {
        "contact"
    } else {
        "refer"
    }
}

#[tokio::test]
async fn every_level_from_every_side_in_single_batch_and_yente_answers_alike() {
    let api = api();
    contribute(&api).await;
    let names = [
        ("all", "Khalid Saeed Barakat"),
        ("members", "Yusuf Adnan Haddad"),
        ("owner-only", "Samir Fawzi Qasim"),
    ];
    for (viewer, key) in [
        ("owner", &api.owner),
        ("partner", &api.partner),
        ("outsider", &api.outsider),
    ] {
        let batch =
            json!({"queries": names.iter().map(|(_, name)| person("q", name)).collect::<Vec<_>>()});
        let (_, batch) = call(
            &api.app,
            "POST",
            "/v1/screen/batch",
            Some(key),
            Some(batch.to_string()),
        )
        .await;
        let mut yente = serde_json::Map::new();
        for (level, name) in names {
            yente.insert(level.to_string(), json!({"schema": "Person", "properties": {"name": [name], "birthDate": ["1984-03-12"]}}));
        }
        let (_, matched) = call(
            &api.app,
            "POST",
            "/match/default",
            Some(key),
            Some(json!({"queries": yente}).to_string()),
        )
        .await;
        for (index, (level, name)) in names.iter().enumerate() {
            let want = expected(level, viewer);
            let single = screen(&api, key, name).await;
            assert_eq!(shown_as(&single[0]), want, "single: {viewer} on {level}");
            let from_batch = &batch["responses"][index]["results"][0];
            assert_eq!(
                shown_as(from_batch),
                want,
                "batch: {viewer} on {level}: {from_batch}"
            );
            let from_yente = &matched["responses"][*level]["results"][0];
            assert_eq!(
                shown_as(from_yente),
                want,
                "match: {viewer} on {level}: {from_yente}"
            );
            // what a restricted answer must never carry: the record's names
            if want != "full" {
                for answer in [&single[0], from_batch, from_yente] {
                    assert!(
                        !answer
                            .to_string()
                            .contains(name.split(' ').next_back().unwrap()),
                        "{viewer} on {level}: {answer}"
                    );
                }
            }
        }
    }
}

#[tokio::test]
async fn a_batch_mixes_persons_and_documents() {
    let api = api();
    contribute(&api).await;
    let document = json!({"document": {"number": "L 1234567", "issuing_state": "JOR", "type": "P", "status": "stolen", "reported_on": "2026-10-01"}, "access": {"level": "owner-only"}});
    let (status, _) = call(
        &api.app,
        "POST",
        "/v1/records",
        Some(&api.owner),
        Some(document.to_string()),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let batch = json!({"queries": [
        person("t1", "Khalid Barakat"),
        {"number": "L1234567", "issuing_state": "JOR"},
        {"number": "Z999", "issuing_state": "IRQ"},
    ]});
    let (status, answer) = call(
        &api.app,
        "POST",
        "/v1/screen/batch",
        Some(&api.partner),
        Some(batch.to_string()),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let responses = answer["responses"].as_array().unwrap();
    assert_eq!(responses[0]["results"][0]["id"], "r-all");
    assert_eq!(responses[1]["query"], "L1234567");
    assert_eq!(
        responses[1]["results"][0]["action"],
        "refer to the owner of the record"
    );
    assert_eq!(responses[2]["results"], json!([]));
    let bad = json!({"queries": [{"number": "", "issuing_state": "JOR"}]});
    let (status, answer) = call(
        &api.app,
        "POST",
        "/v1/screen/batch",
        Some(&api.partner),
        Some(bad.to_string()),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        answer["error"]["message"]
            .as_str()
            .unwrap()
            .starts_with("queries[0]: number:"),
        "{answer}"
    );
}

#[tokio::test]
async fn a_machine_readable_zone_screens_the_document_and_its_holder() {
    let api = api();
    let stolen = json!({"document": {"number": "L898902C3", "issuing_state": "JOR", "type": "P", "status": "stolen", "reported_on": "2026-10-01"}, "access": {"level": "all"}, "action": "seize the document"});
    let (status, _) = call(
        &api.app,
        "POST",
        "/v1/records",
        Some(&api.owner),
        Some(stolen.to_string()),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let mut holder = person("r-haddad", "Yusuf Adnan Haddad");
    holder["properties"]["birthDate"] = json!(["1974-08-12"]);
    let listed = json!({"entity": holder, "access": {"level": "all"}, "action": "arrest"});
    let (status, _) = call(
        &api.app,
        "POST",
        "/v1/records",
        Some(&api.owner),
        Some(listed.to_string()),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);

    let zone = "P<JORHADDAD<<YUSUF<ADNAN<<<<<<<<<<<<<<<<<<<<\nL898902C36JOR7408122M1204159<<<<<<<<<<<<<<08\n";
    let as_json = |text: &str| Some(json!({ "mrz": text }).to_string());
    let (status, answer) = call(
        &api.app,
        "POST",
        "/v1/screen/mrz",
        Some(&api.partner),
        as_json(zone),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["mrz"]["valid"], true, "{answer}");
    assert_eq!(answer["mrz"]["format"], "TD3");
    assert_eq!(answer["hit"], true);
    let document = &answer["document"]["results"][0];
    assert_eq!(
        (document["score"].as_f64(), document["action"].as_str()),
        (Some(1.0), Some("seize the document"))
    );
    assert!(document["hit"].is_i64());
    let holder = &answer["holder"]["results"][0];
    assert_eq!(holder["id"], "r-haddad", "{answer}");
    assert_eq!(holder["match"], true);
    assert_eq!(
        answer["holder"]["query"]["properties"]["nationality"],
        json!(["jo"])
    );

    // a zone failing a check digit is still screened, and says so; as plain text
    let damaged = zone.replace("7408122M", "7408123M");
    let request = Request::builder()
        .method("POST")
        .uri("/v1/screen/mrz")
        .header("authorization", format!("Bearer {}", api.partner))
        .header("content-type", "text/plain")
        .body(Body::from(damaged))
        .unwrap();
    let response = api.app.clone().oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let answer: Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(answer["mrz"]["valid"], false, "{answer}");
    assert_eq!(answer["hit"], true, "{answer}");

    // lines that fit no layout are refused, naming why
    let (status, answer) = call(
        &api.app,
        "POST",
        "/v1/screen/mrz",
        Some(&api.partner),
        as_json("HELLO\nWORLD"),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    assert_eq!(answer["error"]["code"], "invalid_mrz");
    let (status, _) = call(
        &api.app,
        "POST",
        "/v1/screen/mrz",
        Some(&api.partner),
        as_json(&"P".repeat(600)),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = call(&api.app, "POST", "/v1/screen/mrz", None, as_json(zone)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn every_document_level_from_every_side() {
    let api = api();
    let levels = [
        ("all", "AA1111111", json!({"level": "all"})),
        (
            "members",
            "BB2222222",
            json!({"level": "members", "members": ["iraq-nsa"]}),
        ),
        ("owner-only", "CC3333333", json!({"level": "owner-only"})),
    ];
    for (_, number, access) in &levels {
        let record = json!({"document": {"number": number, "issuing_state": "JOR", "type": "P", "status": "stolen", "reported_on": "2026-10-01"}, "access": access});
        let (status, answer) = call(
            &api.app,
            "POST",
            "/v1/records",
            Some(&api.owner),
            Some(record.to_string()),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{answer}");
    }
    for (viewer, key) in [
        ("owner", &api.owner),
        ("partner", &api.partner),
        ("outsider", &api.outsider),
    ] {
        for (level, number, _) in &levels {
            let query = json!({"number": number, "issuing_state": "JOR"});
            let (status, answer) = call(
                &api.app,
                "POST",
                "/v1/screen/document",
                Some(key),
                Some(query.to_string()),
            )
            .await;
            assert_eq!(status, StatusCode::OK);
            let result = &answer["results"][0];
            assert_eq!(
                shown_as(result),
                expected(level, viewer),
                "{level} seen by {viewer}: {answer}"
            );
            assert!(result["hit"].is_i64(), "every sighting is a hit: {answer}");
            // a restricted record tells nothing of the document beyond the instruction
            if expected(level, viewer) != "full" {
                assert!(!answer.to_string().contains("stolen"), "{answer}");
            }
        }
    }
    // the owner was told of every hit by the other two members
    let (_, notes) = call(&api.app, "GET", "/v1/notifications", Some(&api.owner), None).await;
    assert_eq!(notes["notifications"].as_array().unwrap().len(), 6);
}

#[tokio::test]
async fn a_flight_is_screened_traveller_by_traveller_with_a_verdict_each() {
    let api = api();
    let mut listed = person("r-nofly", "Yusuf Adnan Haddad");
    listed["properties"]["birthDate"] = json!(["1974-08-12"]);
    let record = json!({"entity": listed, "access": {"level": "owner-only"}, "action": "deny boarding, inform the owner"});
    let (status, _) = call(
        &api.app,
        "POST",
        "/v1/records",
        Some(&api.owner),
        Some(record.to_string()),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let stolen = json!({"document": {"number": "X1234567", "issuing_state": "LBN", "type": "P", "status": "stolen", "reported_on": "2026-10-01"}, "access": {"level": "all"}, "action": "seize the document"});
    let (status, _) = call(
        &api.app,
        "POST",
        "/v1/records",
        Some(&api.owner),
        Some(stolen.to_string()),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);

    let manifest = json!({
        "message_reference": "M1",
        "legs": [{"carrier": "RJ", "flight_number": "0405", "departure_port": "AMM", "arrival_port": "BGW", "departure_time": "2026-11-29T10:00"}],
        "travellers": [
            {"surname": "HADDAD", "given_names": "YOUSEF ADNAN", "birth_date": "1974-08-12", "gender": "M", "nationality": "JOR",
             "documents": [{"number": "K0000001", "type": "P", "issuing_state": "JOR"}]},
            {"surname": "KARAM", "given_names": "NADIA", "birth_date": "1990-02-03", "gender": "F", "nationality": "LBN",
             "documents": [{"number": "X 123 4567", "type": "P", "issuing_state": "LBN"}]},
            {"surname": "OKONKWO", "given_names": "CHIDI", "birth_date": "1985-05-05", "nationality": "NGA", "role": "crew"},
        ],
    });
    let (status, answer) = call(
        &api.app,
        "POST",
        "/v1/manifests",
        Some(&api.partner),
        Some(manifest.to_string()),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let travellers = answer["travellers"].as_array().unwrap();
    let verdicts: Vec<&str> = travellers
        .iter()
        .map(|t| t["verdict"].as_str().unwrap())
        .collect();
    assert_eq!(verdicts, ["no-board", "refer", "clear"], "{answer}");
    // the owner-only record gives its verdict without being told
    assert!(!answer.to_string().contains("r-nofly"), "{answer}");
    assert_eq!(travellers[1]["hits"][0]["kind"], "document");
    assert_eq!(
        travellers[1]["hits"][0]["result"]["action"],
        "seize the document"
    );
    assert_eq!(travellers[2]["role"], "crew");
    assert_eq!(
        answer["summary"],
        json!({"travellers": 3, "clear": 1, "refer": 1, "no_board": 1, "hits": 2})
    );
    assert_eq!(answer["flight"]["flight"], "RJ0405");
    // kept, and the owner notified of both hits
    let id = answer["manifest"].as_i64().unwrap();
    let store = Store::open(api._directory.path()).unwrap();
    let kept = store.manifest(id).unwrap().unwrap();
    assert_eq!((kept.travellers, kept.reference.as_str()), (3, "M1"));
    assert_eq!(serde_json::from_str::<Value>(&kept.answer).unwrap(), answer);
    drop(store);
    let (_, notes) = call(&api.app, "GET", "/v1/notifications", Some(&api.owner), None).await;
    assert_eq!(notes["notifications"].as_array().unwrap().len(), 2);
    let hits_of = |answer: &Value| -> Vec<Value> {
        answer["travellers"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|t| {
                t["hits"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|h| h["result"]["hit"].clone())
            })
            .collect()
    };
    let first_hits = hits_of(&answer_first(&kept.answer));
    // the same flight sent again (a later push of its messages): the same hits, seen again,
    // nobody notified twice
    let (_, again) = call(
        &api.app,
        "POST",
        "/v1/manifests",
        Some(&api.partner),
        Some(manifest.to_string()),
    )
    .await;
    assert_eq!(hits_of(&again), first_hits, "{again}");
    // the same travellers on another flight: hits of that flight, listed with it
    let mut onward = manifest.clone();
    onward["legs"][0]["flight_number"] = json!("0407");
    let (_, onward) = call(
        &api.app,
        "POST",
        "/v1/manifests",
        Some(&api.partner),
        Some(onward.to_string()),
    )
    .await;
    let onward_hits = hits_of(&onward);
    let last = onward["manifest"].as_i64().unwrap();
    assert_eq!(onward_hits.len(), first_hits.len(), "{onward}");
    assert!(
        onward_hits.iter().all(|hit| !first_hits.contains(hit)),
        "{onward}"
    );
    let (_, notes) = call(&api.app, "GET", "/v1/notifications", Some(&api.owner), None).await;
    assert_eq!(notes["notifications"].as_array().unwrap().len(), 4);

    // a bad traveller refuses the manifest, naming the field; nothing is kept
    let mut bad = manifest.clone();
    bad["travellers"][1]["birth_date"] = json!("1990-13-45");
    let (status, answer) = call(
        &api.app,
        "POST",
        "/v1/manifests",
        Some(&api.partner),
        Some(bad.to_string()),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        answer["error"]["message"]
            .as_str()
            .unwrap()
            .starts_with("travellers[1].birth_date"),
        "{answer}"
    );
    let store = Store::open(api._directory.path()).unwrap();
    assert!(store.manifest(last + 1).unwrap().is_none());
}

/// A manifest's answer as kept.
fn answer_first(kept: &str) -> Value {
    serde_json::from_str(kept).unwrap()
}

/// A PAXLST interchange written for these tests from the API guidelines' layout: flight
/// RJ405 Amman to Baghdad, two passengers with their passports.
const PAXLST: &str = "UNA:+.? '\
UNB+UNOA:4+AIRLINE1+BORDERAGENCY+261129:1000+1001'\
UNH+M1+PAXLST:D:05B:UN:IATA'\
BGM+745'\
TDT+20+RJ405+++RJ'\
LOC+125+AMM'\
DTM+189:2611291000:201'\
LOC+87+BGW'\
DTM+232:2611291200:201'\
NAD+FL+++HADDAD:YUSUF ADNAN'\
ATT+2++M'\
DTM+329:740812'\
NAT+2+JOR'\
DOC+P:110:111+K0000001'\
LOC+91+JOR'\
NAD+FL+++KARAM:NADIA'\
ATT+2++F'\
DTM+329:900203'\
NAT+2+LBN'\
DOC+P:110:111+X1234567'\
LOC+91+LBN'\
CNT+42:2'\
UNT+21+M1'\
UNZ+1+1001'";

#[tokio::test]
async fn a_paxlst_interchange_is_screened_and_answered_with_contrl() {
    let api = api();
    let mut listed = person("r-nofly", "Yusuf Adnan Haddad");
    listed["properties"]["birthDate"] = json!(["1974-08-12"]);
    let record = json!({"entity": listed, "access": {"level": "all"}, "action": "no-board"});
    let (status, _) = call(
        &api.app,
        "POST",
        "/v1/records",
        Some(&api.owner),
        Some(record.to_string()),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let stolen = json!({"document": {"number": "X1234567", "issuing_state": "LBN", "type": "P", "status": "stolen", "reported_on": "2026-10-01"}, "access": {"level": "all"}, "action": "seize the document"});
    let (status, _) = call(
        &api.app,
        "POST",
        "/v1/records",
        Some(&api.owner),
        Some(stolen.to_string()),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);

    let send = |text: String| {
        Request::builder()
            .method("POST")
            .uri("/v1/manifests")
            .header("authorization", format!("Bearer {}", api.partner))
            .header("content-type", "application/edifact")
            .body(Body::from(text))
            .unwrap()
    };
    let response = api
        .app
        .clone()
        .oneshot(send(PAXLST.to_string()))
        .await
        .unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let answer: Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(status, StatusCode::OK, "{answer}");
    let flight = &answer["manifests"][0];
    assert_eq!(flight["flight"]["flight"], "RJ405", "{answer}");
    let verdicts: Vec<&str> = flight["travellers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["verdict"].as_str().unwrap())
        .collect();
    assert_eq!(verdicts, ["no-board", "refer"], "{answer}");
    let contrl = answer["contrl"].as_str().unwrap();
    assert!(
        contrl.contains("CONTRL") && contrl.contains("UCI+1001"),
        "{contrl}"
    );
    // a batch manifest is not answered traveller by traveller
    assert!(flight["cusres"].is_null(), "{answer}");

    // the same flight as an interactive request (a transaction reference, each passenger's
    // own reference): answered with a CUSRES, each passenger's directive by reference
    let interactive = PAXLST
        .replace("BGM+745'", "BGM+745'RFF+TN:T77'")
        .replace("NAT+2+JOR'", "NAT+2+JOR'RFF+ABO:PAX1'LOC+174+JOR'")
        .replace("NAT+2+LBN'", "NAT+2+LBN'RFF+ABO:PAX2'")
        .replace("UNT+21+M1'", "UNT+25+M1'");
    let response = api.app.clone().oneshot(send(interactive)).await.unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let answer: Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(status, StatusCode::OK, "{answer}");
    // the places a traveller's data gives are kept and answered
    assert_eq!(
        answer["manifests"][0]["travellers"][0]["details"]["residence"], "JOR",
        "{answer}"
    );
    let cusres = answer["manifests"][0]["cusres"].as_str().unwrap();
    for expected in [
        "UNB+UNOA:4+BORDERAGENCY+AIRLINE1+",
        "UNH+M1+CUSRES:D:05B:UN:IATA'BGM+962'RFF+TN:T77'RFF+AF:RJ405'",
        "ERP+2'RFF+ABO:PAX1'ERC+1Z'",
        "ERP+2'RFF+ABO:PAX2'ERC+2Z'",
    ] {
        assert!(cusres.contains(expected), "{expected} not in {cusres}");
    }

    // an interchange cut short is rejected whole, with the CONTRL that says why; nothing kept
    let cut = PAXLST[..PAXLST.find("CNT").unwrap() - 1].to_string();
    let response = api.app.clone().oneshot(send(cut)).await.unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let answer: Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(answer["error"]["code"], "edifact_rejected", "{answer}");
    assert!(
        answer["contrl"].as_str().unwrap().contains("UCI+1001"),
        "{answer}"
    );
    let store = Store::open(api._directory.path()).unwrap();
    assert!(store.manifest(3).unwrap().is_none());
    drop(store);

    // two flights in one interchange: both screened, both kept (in one transaction)
    let start = PAXLST.find("UNH+M1").unwrap();
    let end = PAXLST.find("UNZ").unwrap();
    let second = PAXLST[start..end]
        .replace("M1", "M2")
        .replace("RJ405", "RJ406");
    let two = format!("{}{second}UNZ+2+1001'", &PAXLST[..end]);
    let response = api.app.clone().oneshot(send(two)).await.unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let answer: Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(status, StatusCode::OK, "{answer}");
    let flights: Vec<&str> = answer["manifests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["flight"]["flight"].as_str().unwrap())
        .collect();
    assert_eq!(flights, ["RJ405", "RJ406"], "{answer}");
    let store = Store::open(api._directory.path()).unwrap();
    for flight in answer["manifests"].as_array().unwrap() {
        let id = flight["manifest"].as_i64().unwrap();
        let kept = store.manifest(id).unwrap().expect("kept");
        assert!(kept
            .answer
            .contains(flight["flight"]["flight"].as_str().unwrap()));
    }
}

/// Issue 13: a false positive on a stolen passport cleared every later holder of it.
#[tokio::test]
async fn a_false_positive_on_a_stolen_passport_clears_that_holder_alone() {
    let api = api();
    let stolen = json!({"document": {"number": "X1234567", "issuing_state": "LBN", "type": "P", "status": "stolen", "reported_on": "2026-10-01"}, "access": {"level": "all"}, "action": "seize the document"});
    let (status, _) = call(
        &api.app,
        "POST",
        "/v1/records",
        Some(&api.owner),
        Some(stolen.to_string()),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let flight = |surname: &str, given: &str, born: &str| {
        json!({
            "message_reference": "M1",
            "legs": [{"carrier": "RJ", "flight_number": "0405", "departure_port": "AMM", "arrival_port": "BGW", "departure_time": "2026-11-29T10:00"}],
            "travellers": [
                {"surname": surname, "given_names": given, "birth_date": born, "gender": "F", "nationality": "LBN",
                 "documents": [{"number": "X1234567", "type": "P", "issuing_state": "LBN"}]},
            ],
        })
        .to_string()
    };
    let screen_flight = |manifest: String| {
        let app = api.app.clone();
        let key = api.partner.clone();
        async move {
            let (status, answer) =
                call(&app, "POST", "/v1/manifests", Some(&key), Some(manifest)).await;
            assert_eq!(status, StatusCode::OK, "{answer}");
            answer["travellers"][0].clone()
        }
    };
    let first = screen_flight(flight("KARAM", "NADIA", "1990-02-03")).await;
    assert_eq!(first["verdict"], "refer", "{first}");
    let hit = first["hits"][0]["result"]["hit"].as_i64().unwrap();
    let (status, answer) = call(
        &api.app,
        "PATCH",
        &format!("/v1/hits/{hit}"),
        Some(&api.partner),
        Some(
            json!({"status": "false-positive", "reason": "recovered and reissued to her"})
                .to_string(),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    // the same holder with the same passport is passed over ...
    let again = screen_flight(flight("KARAM", "NADIA", "1990-02-03")).await;
    assert_eq!(again["verdict"], "clear", "{again}");
    assert!(again["hits"][0]["result"]["suppressed"].is_i64(), "{again}");
    // ... another holder of it, on another flight, never is
    for (surname, given, born) in [
        ("HADDAD", "RANA", "1988-07-01"),
        ("KARAM", "NADIA", "1991-02-03"),
    ] {
        let other = screen_flight(flight(surname, given, born)).await;
        assert_eq!(other["verdict"], "refer", "{other}");
        assert!(other["hits"][0]["result"]["hit"].is_i64(), "{other}");
        assert!(
            other["hits"][0]["result"].get("suppressed").is_none(),
            "{other}"
        );
    }
    // a document screened without its holder is never passed over: nobody to bind to
    let bare = json!({"number": "X1234567", "issuing_state": "LBN", "type": "P"}).to_string();
    let (_, answer) = call(
        &api.app,
        "POST",
        "/v1/screen/document",
        Some(&api.partner),
        Some(bare.clone()),
    )
    .await;
    let bare_hit = answer["results"][0]["hit"].as_i64().unwrap();
    let (status, _) = call(
        &api.app,
        "PATCH",
        &format!("/v1/hits/{bare_hit}"),
        Some(&api.partner),
        Some(json!({"status": "false-positive", "reason": "checked"}).to_string()),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (_, answer) = call(
        &api.app,
        "POST",
        "/v1/screen/document",
        Some(&api.partner),
        Some(bare),
    )
    .await;
    assert!(answer["results"][0]["hit"].is_i64(), "{answer}");
}

/// Issue 13: an officer cleared a hit on an owner-only record it was never shown. Now it
/// escalates, the owner answers, and the answer comes back to it.
#[tokio::test]
async fn a_hit_on_a_withheld_record_is_escalated_and_answered_by_its_owner() {
    let api = api();
    contribute(&api).await;
    let results = screen(&api, &api.outsider, "Samir Kassem").await;
    assert_eq!(results[0]["restricted"], true, "{results:?}");
    let hit = results[0]["hit"].as_i64().unwrap();
    let uri = format!("/v1/hits/{hit}");
    let patch = |key: &str, body: Value| {
        let (app, key, uri) = (api.app.clone(), key.to_string(), uri.clone());
        async move { call(&app, "PATCH", &uri, Some(&key), Some(body.to_string())).await }
    };
    let answer_as = |key: &str, body: Value| {
        let (app, key, uri) = (api.app.clone(), key.to_string(), format!("{uri}/answer"));
        async move { call(&app, "POST", &uri, Some(&key), Some(body.to_string())).await }
    };
    let (status, _) = patch(
        &api.outsider,
        json!({"status": "false-positive", "reason": "born in 1990"}),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // nothing to answer before it is escalated
    let (status, answer) = answer_as(
        &api.owner,
        json!({"decision": "false-positive", "reason": "x"}),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    let (status, answer) = patch(
        &api.outsider,
        json!({"status": "escalated", "reason": "passport gives born 1990-01-01, please check"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{answer}");

    // the owner is asked, with the traveller's details shared for the decision
    let (_, notes) = call(&api.app, "GET", "/v1/notifications", Some(&api.owner), None).await;
    let escalated: Vec<&Value> = notes["notifications"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["kind"] == "escalated")
        .collect();
    assert_eq!(escalated.len(), 1, "{notes}");
    assert_eq!(escalated[0]["hit"], hit);
    assert_eq!(escalated[0]["querier"], "tunisia-dgsn");
    assert_eq!(
        escalated[0]["query"]["properties"]["name"],
        json!(["Samir Kassem"])
    );
    assert_eq!(
        escalated[0]["word"]["reason"],
        "passport gives born 1990-01-01, please check"
    );
    // plain hit notifications still keep the traveller with the member that screened
    let plain = notes["notifications"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["kind"] == "hit")
        .unwrap();
    assert!(plain.get("query").is_none(), "{plain}");

    // only the owner answers, with a known decision and a reason
    let (status, _) = answer_as(
        &api.outsider,
        json!({"decision": "false-positive", "reason": "x"}),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = answer_as(
        &api.partner,
        json!({"decision": "false-positive", "reason": "x"}),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = answer_as(&api.owner, json!({"decision": "cleared", "reason": "x"})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = answer_as(
        &api.owner,
        json!({"decision": "false-positive", "reason": " "}),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, answer) = answer_as(
        &api.owner,
        json!({"decision": "false-positive", "reason": "our person was born in 1961"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["status"], "false-positive");
    let last = answer["history"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(last["actor"], "member:jordan-psd");
    assert_eq!(last["reason"], "our person was born in 1961");
    let (status, _) = answer_as(
        &api.owner,
        json!({"decision": "confirmed", "reason": "again"}),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    // the answer comes back to the member that screened ...
    let (_, notes) = call(
        &api.app,
        "GET",
        "/v1/notifications",
        Some(&api.outsider),
        None,
    )
    .await;
    let answered = &notes["notifications"][0];
    assert_eq!(answered["kind"], "answered", "{notes}");
    assert_eq!(answered["hit"], hit);
    assert_eq!(answered["status"], "false-positive");
    assert_eq!(answered["owner"], "jordan-psd");
    assert_eq!(answered["word"]["reason"], "our person was born in 1961");
    // ... and the owner's false positive passes the same traveller over, still unseen
    let again = screen(&api, &api.outsider, "Samir Kassem").await;
    assert!(again[0]["suppressed"].is_i64(), "{again:?}");
    assert!(!serde_json::to_string(&again).unwrap().contains("Qasim"));
}

/// Issue 13: plain-text 413s, `after=` wrapping to 0, other spellings of a key, and
/// records holding what screening silently drops.
#[tokio::test]
async fn every_refusal_is_json_naming_the_field_and_the_limit() {
    let api = api();
    // every error of every route is JSON, the 413 of a body read as bytes too
    let big = "P".repeat(gatecheck_server::MAX_BODY_BYTES + 10);
    for (uri, kind) in [
        ("/v1/manifests", "application/edifact"),
        ("/v1/screen/mrz", "text/plain"),
        ("/v1/screen/person", "application/json"),
        ("/match/default", "application/json"),
    ] {
        let request = Request::builder()
            .method("POST")
            .uri(uri)
            .header("authorization", format!("Bearer {}", api.partner))
            .header("content-type", kind)
            .body(Body::from(big.clone()))
            .unwrap();
        let response = api.app.clone().oneshot(request).await.unwrap();
        assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE, "{uri}");
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        let answer: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        // yente's routes answer in yente's shape
        let said = if uri.starts_with("/match/") {
            answer["detail"]
                .as_str()
                .map(|detail| detail.contains("larger than"))
        } else {
            Some(answer["error"]["code"] == "body_too_large")
        };
        assert_eq!(said, Some(true), "{uri}: {answer}");
    }
    for (method, uri, status, code) in [
        ("GET", "/v1/nowhere", StatusCode::NOT_FOUND, "not_found"),
        (
            "DELETE",
            "/v1/screen/person",
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
        ),
    ] {
        let (got, answer) = call(&api.app, method, uri, Some(&api.partner), None).await;
        assert_eq!(
            (got, answer["error"]["code"].as_str()),
            (status, Some(code)),
            "{uri}: {answer}"
        );
    }
    // numbers are bounded, not wrapped
    for query in [
        "after=9223372036854775808",
        "after=-1",
        "after=x",
        "wait=31",
        "wait=18446744073709551617",
    ] {
        let (status, answer) = call(
            &api.app,
            "GET",
            &format!("/v1/notifications?{query}"),
            Some(&api.owner),
            None,
        )
        .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{query}: {answer}");
        let name = query.split('=').next().unwrap();
        assert!(
            answer["error"]["message"]
                .as_str()
                .unwrap()
                .starts_with(name),
            "{answer}"
        );
    }
    // one spelling of a key: another spelling of the same id is no key
    let (id, secret) = api.owner["gck_".len()..].split_once('_').unwrap();
    for spelled in [format!("gck_0{id}_{secret}"), format!("gck_+{id}_{secret}")] {
        let (status, _) = call(&api.app, "GET", "/v1/notifications", Some(&spelled), None).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{spelled}");
    }
    // a record keeps within what is screened, and says which field breaks which limit
    let aliases: Vec<String> = (0..20_000).map(|i| format!("Alias Number{i}")).collect();
    let entity =
        |properties: Value| json!({"id": "r-x", "schema": "Person", "properties": properties});
    for (request, field) in [
        (
            json!({"entity": entity(json!({"name": ["A".repeat(100_000)]}))}),
            "properties.name[0]",
        ),
        (
            json!({"entity": entity(json!({"name": ["Rami Saleh"], "alias": aliases}))}),
            "properties.alias",
        ),
        (
            json!({"entity": entity(json!({"name": ["Rami\u{0}Saleh"]}))}),
            "properties.name[0]",
        ),
        (
            json!({"entity": entity(json!({"name": ["Rami \u{202E}Saleh"]}))}),
            "properties.name[0]",
        ),
        (
            json!({"entity": {"id": "r-x", "schema": "Person", "owner": "iraq-nsa", "properties": {"name": ["Rami Saleh"]}}}),
            "owner",
        ),
        (
            json!({"entity": entity(json!({"name": ["Rami Saleh"]})), "owner": "iraq-nsa"}),
            "owner",
        ),
        (
            json!({"entity": entity(json!({"name": ["Rami Saleh"]})), "action": "arrest\u{1b}[2J"}),
            "action",
        ),
        (
            json!({"entity": entity(json!({"name": ["Rami Saleh"]})), "action": "\u{202E}tseрra"}),
            "action",
        ),
    ] {
        let (status, answer) = call(
            &api.app,
            "POST",
            "/v1/records",
            Some(&api.owner),
            Some(request.to_string()),
        )
        .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{field}: {answer}");
        let message = answer["error"]["message"].as_str().unwrap();
        assert!(message.contains(field), "{field}: {message}");
    }
}

/// The access level, action and review date a record's owner reads back.
async fn terms_of(api: &Api, id: i64) -> (String, String, String) {
    let (status, read) = call(
        &api.app,
        "GET",
        &format!("/v1/records/{id}"),
        Some(&api.owner),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{read}");
    let text = |field: &str| read[field].as_str().unwrap().to_string();
    (text("access"), text("action"), text("review_by"))
}

#[tokio::test]
async fn a_write_without_terms_keeps_them_and_wider_access_needs_saying_so() {
    let api = api();
    let [all, shared, owner_only] = contribute(&api).await;
    let kept = (
        "owner-only".to_string(),
        "arrest".to_string(),
        "2030-01-01".to_string(),
    );
    // a PUT without terms keeps the record's own (it used to reset them to "all")
    let uri = format!("/v1/records/{owner_only}");
    let renamed = json!({"entity": person("r-owner", "Samir Fawzi Qasim Al-Amin")});
    let (status, answer) = call(
        &api.app,
        "PUT",
        &uri,
        Some(&api.owner),
        Some(renamed.to_string()),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["version"], 2);
    assert_eq!(terms_of(&api, owner_only).await, kept);
    let outsider_sees = screen(&api, &api.outsider, "Samir Fawzi Qasim").await;
    assert_eq!(shown_as(&outsider_sees[0]), "refer");
    // wider access without saying so: 409 with a stable code, nothing written
    let opened = json!({"entity": person("r-owner", "Samir Fawzi Qasim Al-Amin"), "access": {"level": "all"}});
    let (status, answer) = call(
        &api.app,
        "PUT",
        &uri,
        Some(&api.owner),
        Some(opened.to_string()),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{answer}");
    assert_eq!(answer["error"]["code"], "widening_needs_confirmation");
    let message = answer["error"]["message"].as_str().unwrap();
    assert!(message.contains("owner-only → all: 1"), "{message}");
    assert!(
        message.contains("\"accept_wider_access\": true"),
        "{message}"
    );
    assert_eq!(terms_of(&api, owner_only).await, kept);
    // a POST of the same entity id replaces the record: the same rule
    let (status, answer) = call(
        &api.app,
        "POST",
        "/v1/records",
        Some(&api.owner),
        Some(opened.to_string()),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{answer}");
    let (status, answer) = call(
        &api.app,
        "POST",
        "/v1/records",
        Some(&api.owner),
        Some(json!({"entity": person("r-members", "Yusuf Adnan Haddad")}).to_string()),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{answer}");
    assert_eq!(
        (answer["id"].as_i64(), &answer["access"]),
        (Some(shared), &json!("members"))
    );
    // saying so: written, and the audit entry says widened, from what to what
    let mut confirmed = opened.clone();
    confirmed["accept_wider_access"] = json!(true);
    let (status, answer) = call(
        &api.app,
        "PUT",
        &uri,
        Some(&api.owner),
        Some(confirmed.to_string()),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(terms_of(&api, owner_only).await.0, "all");
    let store = Store::open(api._directory.path()).unwrap();
    let log = store.audit_entries(1, i64::MAX).unwrap();
    let last_write = log
        .iter()
        .rev()
        .find(|entry| entry.action == "records.import")
        .unwrap();
    assert!(
        last_write
            .subject
            .ends_with("widened access of 1 record: owner-only → all"),
        "{}",
        last_write.subject
    );
    drop(store);
    // narrowing needs nothing said
    let closed = json!({"entity": person("r-all", "Khalid Saeed Barakat"), "access": {"level": "owner-only"}, "action": "arrest", "review_by": "2030-01-01"});
    let (status, answer) = call(
        &api.app,
        "PUT",
        &format!("/v1/records/{all}"),
        Some(&api.owner),
        Some(closed.to_string()),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(terms_of(&api, all).await.0, "owner-only");
    // a bad confirmation is named
    let mut bad = opened.clone();
    bad["accept_wider_access"] = json!("yes");
    let (status, answer) = call(
        &api.app,
        "PUT",
        &format!("/v1/records/{shared}"),
        Some(&api.owner),
        Some(bad.to_string()),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    assert!(answer["error"]["message"]
        .as_str()
        .unwrap()
        .starts_with("accept_wider_access:"));
}

#[tokio::test]
async fn a_document_write_without_terms_keeps_them_and_wider_access_needs_saying_so() {
    let api = api();
    let document = json!({"number": "L1234567", "issuing_state": "JOR", "type": "P", "status": "stolen", "reported_on": "2026-01-02"});
    let request = json!({"document": document, "access": {"level": "owner-only"}, "action": "seize", "review_by": "2030-01-01"});
    let (status, answer) = call(
        &api.app,
        "POST",
        "/v1/records",
        Some(&api.owner),
        Some(request.to_string()),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{answer}");
    let id = answer["id"].as_i64().unwrap();
    let uri = format!("/v1/records/{id}");
    let mut found = document.clone();
    found["status"] = json!("lost");
    let (status, answer) = call(
        &api.app,
        "PUT",
        &uri,
        Some(&api.owner),
        Some(json!({"document": found}).to_string()),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(
        terms_of(&api, id).await,
        (
            "owner-only".to_string(),
            "seize".to_string(),
            "2030-01-01".to_string()
        )
    );
    let shared =
        json!({"document": found, "access": {"level": "members", "members": ["iraq-nsa"]}});
    let (status, answer) = call(
        &api.app,
        "PUT",
        &uri,
        Some(&api.owner),
        Some(shared.to_string()),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{answer}");
    assert_eq!(answer["error"]["code"], "widening_needs_confirmation");
    assert_eq!(terms_of(&api, id).await.0, "owner-only");
    let mut confirmed = shared.clone();
    confirmed["accept_wider_access"] = json!(true);
    let (status, answer) = call(
        &api.app,
        "PUT",
        &uri,
        Some(&api.owner),
        Some(confirmed.to_string()),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(terms_of(&api, id).await.0, "members");
    let (status, _) = call(&api.app, "GET", &uri, Some(&api.partner), None).await;
    assert_eq!(status, StatusCode::OK);
    let store = Store::open(api._directory.path()).unwrap();
    assert!(store
        .audit_entries(1, i64::MAX)
        .unwrap()
        .iter()
        .any(|entry| entry
            .subject
            .ends_with("widened access of 1 record: owner-only → members (iraq-nsa)")));
}

/// Issue 13, item 6: every document result says what the document is (status, issuing
/// state, type, date reported) and which reading of the number found it, to a member that
/// may see the record in full; a restricted record shows no more than before.
#[tokio::test]
async fn document_results_say_what_the_document_is_only_to_whom_may_see_it() {
    let api = api();
    let documents = [
        ("L898902C3", "all", "revoked", json!({"level": "all"})),
        (
            "M1234567",
            "members",
            "lost",
            json!({"level": "members", "members": ["iraq-nsa"]}),
        ),
        (
            "N7654321",
            "owner-only",
            "invalidated",
            json!({"level": "owner-only"}),
        ),
    ];
    for (number, _, status, access) in &documents {
        let record = json!({"document": {"number": number, "issuing_state": "JOR", "type": "P",
            "status": status, "reported_on": "2026-10-01"}, "access": access});
        let (created, answer) = call(
            &api.app,
            "POST",
            "/v1/records",
            Some(&api.owner),
            Some(record.to_string()),
        )
        .await;
        assert_eq!(created, StatusCode::CREATED, "{answer}");
    }
    let facts = |number: &str, status: &str, misread: Value| {
        json!({"number": number, "issuing_state": "JOR", "type": "P", "status": status,
               "reported_on": "2026-10-01", "matched_number": number, "misread": misread})
    };
    let screen = |key: &str, number: &str| {
        let app = api.app.clone();
        let key = key.to_string();
        let body = json!({"number": number, "issuing_state": "JOR"}).to_string();
        async move { call(&app, "POST", "/v1/screen/document", Some(&key), Some(body)).await }
    };

    // a member that may see the record is told what it is, as asked and misread
    let (_, answer) = screen(&api.partner, "L898902C3").await;
    assert_eq!(
        answer["results"][0]["document"],
        facts("L898902C3", "revoked", Value::Null)
    );
    let (_, answer) = screen(&api.partner, "M12345G7").await;
    assert_eq!(
        answer["results"][0]["document"],
        facts("M1234567", "lost", json!("G for 6 at position 7")),
        "{answer}"
    );
    // the owner sees its own owner-only document
    let (_, answer) = screen(&api.owner, "N7654321").await;
    assert_eq!(
        answer["results"][0]["document"],
        facts("N7654321", "invalidated", Value::Null)
    );
    // a restricted record tells nothing of the document: neither its status nor its date
    for (key, number) in [
        (&api.outsider, "M1234567"),
        (&api.partner, "N7654321"),
        (&api.outsider, "N7654321"),
    ] {
        let (_, answer) = screen(key, number).await;
        let result = &answer["results"][0];
        assert_eq!(result["restricted"], true, "{answer}");
        assert!(result.get("document").is_none(), "{answer}");
        let text = answer["results"].to_string();
        for told in ["lost", "invalidated", "2026-10-01"] {
            assert!(!text.contains(told), "{number}: {told} in {answer}");
        }
    }

    // the same in a batch, a zone and a flight
    let batch = json!({"queries": [{"number": "L898902C3", "issuing_state": "JOR"},
                                   {"number": "N7654321", "issuing_state": "JOR"}]});
    let (status, answer) = call(
        &api.app,
        "POST",
        "/v1/screen/batch",
        Some(&api.partner),
        Some(batch.to_string()),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(
        answer["responses"][0]["results"][0]["document"],
        facts("L898902C3", "revoked", Value::Null)
    );
    assert!(answer["responses"][1]["results"][0]
        .get("document")
        .is_none());

    let zone = "P<JORHADDAD<<YUSUF<ADNAN<<<<<<<<<<<<<<<<<<<<\nL898902C36JOR7408122M1204159<<<<<<<<<<<<<<08\n";
    let (status, answer) = call(
        &api.app,
        "POST",
        "/v1/screen/mrz",
        Some(&api.partner),
        Some(json!({ "mrz": zone }).to_string()),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(
        answer["document"]["results"][0]["document"],
        facts("L898902C3", "revoked", Value::Null)
    );
    // a zone whose number fails its check: not repaired, its readings offered, and the
    // document found through one of them says which
    let misread = zone.replace("L898902C36", "L8989O2C36");
    let (_, answer) = call(
        &api.app,
        "POST",
        "/v1/screen/mrz",
        Some(&api.partner),
        Some(json!({ "mrz": misread }).to_string()),
    )
    .await;
    assert_eq!(answer["mrz"]["valid"], false, "{answer}");
    assert_eq!(answer["mrz"]["repairs"], json!([]));
    assert_eq!(answer["mrz"]["fields"]["document_number"], "L8989O2C3");
    assert!(answer["mrz"]["number_readings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["number"] == "L898902C3" && r["fits_check_digit"] == true));
    assert_eq!(
        answer["document"]["results"][0]["document"],
        facts("L898902C3", "revoked", json!("O for 0 at position 6")),
        "{answer}"
    );

    let manifest = json!({
        "message_reference": "M6",
        "legs": [{"carrier": "RJ", "flight_number": "0406", "departure_port": "AMM", "arrival_port": "BGW", "departure_time": "2026-11-29T10:00"}],
        "travellers": [
            {"surname": "KARAM", "given_names": "NADIA", "birth_date": "1990-02-03", "nationality": "LBN",
             "documents": [{"number": "L898902C3", "type": "P", "issuing_state": "JOR"}]},
            {"surname": "SAYEGH", "given_names": "RAMI", "birth_date": "1981-04-04", "nationality": "LBN",
             "documents": [{"number": "N7654321", "type": "P", "issuing_state": "JOR"}]},
        ],
    });
    let (status, answer) = call(
        &api.app,
        "POST",
        "/v1/manifests",
        Some(&api.partner),
        Some(manifest.to_string()),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let travellers = answer["travellers"].as_array().unwrap();
    assert_eq!(
        travellers[0]["hits"][0]["result"]["document"],
        facts("L898902C3", "revoked", Value::Null),
        "{answer}"
    );
    assert!(travellers[1]["hits"][0]["result"].get("document").is_none());
    assert!(
        !travellers[1].to_string().contains("invalidated"),
        "{answer}"
    );
}

/// Issue 13: asking `/match/{member}` for an owner-only record's owner returned the
/// restricted hit, and asking for another member did not: the dataset told the owner.
/// A record whose owner the caller may not learn answers alike whatever dataset is asked
/// (and is never left out of a screening by the filter).
#[tokio::test]
async fn a_dataset_never_tells_who_owns_an_owner_only_record() {
    let api = api();
    contribute(&api).await;
    let request = json!({"queries": {"a": {"schema": "Person", "properties": {"name": ["Samir Kassem"], "birthDate": ["1984-03-12"]}}}});
    let mut answers = Vec::new();
    for dataset in ["jordan-psd", "iraq-nsa", "tunisia-dgsn", "default"] {
        let (status, answer) = call(
            &api.app,
            "POST",
            &format!("/match/{dataset}"),
            Some(&api.outsider),
            Some(request.to_string()),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{answer}");
        // the restricted results, without what numbers them (their hits)
        let mut results: Vec<Value> = answer["responses"]["a"]["results"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|result| result["datasets"] == json!([]))
            .cloned()
            .collect();
        for result in &mut results {
            let result = result.as_object_mut().unwrap();
            result.remove("id");
            result.remove("hit");
        }
        assert!(!answer.to_string().contains("Qasim"), "{answer}");
        answers.push((dataset, results));
    }
    let (_, owners) = &answers[0];
    assert_eq!(
        owners.len(),
        1,
        "the owner-only record still matches: {owners:?}"
    );
    for (dataset, results) in &answers[1..] {
        assert_eq!(
            results, owners,
            "{dataset} answers otherwise than the owner's dataset"
        );
    }
}

/// Issue 13: a PAXLST date holding a multi-byte character panicked in the DTM reader and
/// `POST /v1/manifests` dropped the connection. The flight is answered, the date named as
/// a problem; the CONTRL repeats none of the sender's characters outside UNOA.
#[tokio::test]
async fn a_paxlst_date_with_a_multi_byte_character_is_answered() {
    let api = api();
    let text = PAXLST
        .replace("DTM+329:740812'", "DTM+329:1\u{e9}101'")
        .replace("UNB+UNOA:4+AIRLINE1+", "UNB+UNOA:4+AIR\u{0}LINE1+");
    let request = Request::builder()
        .method("POST")
        .uri("/v1/manifests")
        .header("authorization", format!("Bearer {}", api.partner))
        .header("content-type", "application/edifact")
        .body(Body::from(text))
        .unwrap();
    let response = api.app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let answer: Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert!(
        answer["problems"]
            .to_string()
            .contains("DTM 329 value \\\"1\u{e9}101\\\" is not a date"),
        "{answer}"
    );
    let contrl = answer["contrl"].as_str().unwrap();
    assert!(
        contrl
            .chars()
            .all(|c| c.is_ascii() && !c.is_ascii_control()),
        "{contrl:?}"
    );
    // the sender could not be read: the answer goes to a named unknown party
    assert!(contrl.contains("+BORDERAGENCY+UNKNOWN+"), "{contrl}");
}
