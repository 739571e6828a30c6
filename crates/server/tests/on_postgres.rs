//! Two servers (nodes) over one PostgreSQL store, as a coalition's hub runs them: a record
//! written through one is screened against by the other once it follows the store; both
//! screen at once from several threads, their writes grouped on each node, and every hit
//! is kept in one numbered, chained audit log whose tree verifies. Skips with a notice
//! when PostgreSQL is not installed, unless `GATECHECK_REQUIRE_POSTGRES` is set.
//!
//! The tests are plain threads, not tokio tests: the PostgreSQL client runs a runtime of
//! its own, which may not be started inside another (the server's handlers run off the
//! runtime, see `off_the_async_workers`).

use axum::body::Body;
use axum::http::{Request, StatusCode};
use gatecheck_server::{router, ApiConfig, AppState, Source};
use gatecheck_service::members::{self, Member};
use gatecheck_service::{audit, evidence};
use gatecheck_store::concepts::{AuditLog, Hits};
use gatecheck_store::postgres::PostgresStore;
use gatecheck_testpg::{ClusterConfig, TempCluster};
use http_body_util::BodyExt;
use serde_json::{json, Value};
use std::sync::Arc;
use tower::ServiceExt;

/// 2026-11-29, fixed so that review dates are stable.
fn clock() -> i64 {
    1_795_910_400
}

fn cluster(test: &str) -> Option<TempCluster> {
    TempCluster::start_or_skip_with(
        test,
        ClusterConfig {
            fsync: false,
            ..ClusterConfig::default()
        },
    )
}

fn node(cluster: &TempCluster) -> Arc<AppState> {
    let source = Source::Postgres {
        primary: cluster.connection_string(),
        replica: None,
    };
    Arc::new(AppState::over(source, true, ApiConfig::default(), clock).unwrap())
}

fn person(id: &str, name: &str) -> Value {
    json!({"id": id, "schema": "Person", "properties": {"name": [name], "birthDate": ["1971-04-12"]}})
}

fn call(app: &axum::Router, uri: &str, key: &str, body: Value) -> (StatusCode, Value) {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let request = Request::builder()
            .method("POST")
            .uri(uri)
            .header("authorization", format!("Bearer {key}"))
            .header("content-type", "application/json")
            .body(Body::from(body.to_string()))
            .unwrap();
        let response = app.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        (
            status,
            serde_json::from_slice(&bytes).unwrap_or(Value::Null),
        )
    })
}

fn matches(answer: &Value) -> usize {
    answer["results"].as_array().map_or(0, |results| {
        results.iter().filter(|r| r["match"] == true).count()
    })
}

/// Members `jordan-psd` (owner of records) and `iraq-nsa` (screens), with their keys.
fn members_of(cluster: &TempCluster) -> (String, Member, String) {
    let mut store = PostgresStore::connect(&cluster.connection_string()).unwrap();
    let (_, owner) =
        members::add_member(&mut store, "jordan-psd", "JOR", false, "cli:test", clock()).unwrap();
    let (screener, key) =
        members::add_member(&mut store, "iraq-nsa", "IRQ", false, "cli:test", clock()).unwrap();
    (
        owner.expose().to_string(),
        screener,
        key.expose().to_string(),
    )
}

#[test]
fn a_record_written_on_one_node_is_screened_against_on_the_other() {
    let Some(cluster) = cluster("a_record_written_on_one_node_is_screened_against_on_the_other")
    else {
        return;
    };
    let (owner, _, screener) = members_of(&cluster);
    let (first, second) = (node(&cluster), node(&cluster));
    let (first_app, second_app) = (router(Arc::clone(&first)), router(Arc::clone(&second)));
    let record = json!({
        "entity": person("r-1", "Yusuf Kamal Nasser"),
        "access": {"level": "all"},
        "action": "arrest",
        "review_by": "2030-01-01"
    });
    let (status, written) = call(&first_app, "/v1/records", &owner, record);
    assert_eq!(status, StatusCode::CREATED, "{written}");
    let query = person("q", "Yusuf Kamal Nasser");
    // the node that wrote it screens against it at once
    let (_, answer) = call(&first_app, "/v1/screen/person", &screener, query.clone());
    assert_eq!(matches(&answer), 1, "{answer}");
    // the other, once it has followed the store
    let (_, answer) = call(&second_app, "/v1/screen/person", &screener, query.clone());
    assert_eq!(matches(&answer), 0, "not followed yet: {answer}");
    assert_eq!(second.follow_store().unwrap(), 1);
    let (_, answer) = call(&second_app, "/v1/screen/person", &screener, query);
    assert_eq!(matches(&answer), 1, "{answer}");
    // a hit from each node, both in the one store
    let store = PostgresStore::connect(&cluster.connection_string()).unwrap();
    let hits: Vec<i64> = answer["results"][0]["hit"].as_i64().into_iter().collect();
    assert_eq!(hits.len(), 1, "{answer}");
    let kept = store.hit(hits[0]).unwrap().unwrap();
    assert_eq!(kept.record, written["id"].as_i64().unwrap());
    let verdict = audit::verify(&store, None).unwrap();
    assert!(
        matches!(verdict, audit::Verdict::Intact { .. }),
        "{verdict}"
    );
}

#[test]
fn two_nodes_screening_at_once_keep_every_hit_in_one_log() {
    let Some(cluster) = cluster("two_nodes_screening_at_once_keep_every_hit_in_one_log") else {
        return;
    };
    let (owner, screener, _) = members_of(&cluster);
    let first = node(&cluster);
    let record = json!({
        "entity": person("r-1", "Leila Haddad Mansour"),
        "access": {"level": "all"},
        "action": "arrest",
        "review_by": "2030-01-01"
    });
    let (status, written) = call(&router(Arc::clone(&first)), "/v1/records", &owner, record);
    assert_eq!(status, StatusCode::CREATED, "{written}");
    // the second node starts after the write: it reads it as it builds its index
    let second = node(&cluster);
    const THREADS: usize = 4;
    const SCREENINGS: usize = 25;
    let threads: Vec<_> = (0..THREADS)
        .map(|thread| {
            let state = Arc::clone(if thread % 2 == 0 { &first } else { &second });
            let screener = screener.clone();
            std::thread::spawn(move || {
                for _ in 0..SCREENINGS {
                    let answer = state
                        .screen_person_entity(&screener, &person("q", "Leila Haddad Mansour"))
                        .unwrap();
                    assert_eq!(matches(&answer), 1, "{answer}");
                }
            })
        })
        .collect();
    for thread in threads {
        thread.join().unwrap();
    }
    let store = PostgresStore::connect(&cluster.connection_string()).unwrap();
    // the same traveller within a shift: one hit, seen at every screening of either node
    let (hits, newest) = store.hits_after(screener.id, 0).unwrap();
    assert_eq!(hits, 1);
    let seen = store.hit(newest).unwrap().unwrap().seen_count;
    assert_eq!(seen, i64::try_from(THREADS * SCREENINGS).unwrap());
    // every screening's entry, numbered and chained in one order whatever node wrote it
    let verdict = audit::verify(&store, None).unwrap();
    assert!(
        matches!(verdict, audit::Verdict::Intact { .. }),
        "{verdict}"
    );
    let size = store.audit_tree_size().unwrap();
    let screenings = store
        .audit_entries(1, size as i64)
        .unwrap()
        .into_iter()
        .filter(|row| row.action == audit::Action::ScreenPerson.to_string())
        .count();
    assert_eq!(screenings, THREADS * SCREENINGS);
    let signer = gatecheck_evidence::Signer::from_seed("hub.example", &[9; 32]).unwrap();
    first.sign_checkpoint(&signer).unwrap();
    let tree = evidence::verify_tree(&store, &signer.verifier(), None).unwrap();
    assert!(
        matches!(tree, evidence::TreeVerdict::Holds { checkpoints: 1, .. }),
        "{tree:?}"
    );
}

#[test]
fn a_member_revoked_is_refused_by_a_node_once_heard_of_and_within_a_second_unheard() {
    let Some(cluster) =
        cluster("a_member_revoked_is_refused_by_a_node_once_heard_of_and_within_a_second_unheard")
    else {
        return;
    };
    let (_, _, screener) = members_of(&cluster);
    let mut store = PostgresStore::connect(&cluster.connection_string()).unwrap();
    let (_, other) = members::add_member(
        &mut store,
        "tunisia-dgsn",
        "TUN",
        false,
        "cli:test",
        clock(),
    )
    .unwrap();
    let other = other.expose().to_string();
    let (hearing, unhearing) = (node(&cluster), node(&cluster));
    hearing.hear_member_changes(true);
    let (hearing_app, unhearing_app) = (router(Arc::clone(&hearing)), router(unhearing));
    let query = person("q", "Yusuf Kamal Nasser");
    let status =
        |app: &axum::Router, key: &str| call(app, "/v1/screen/person", key, query.clone()).0;
    for key in [&screener, &other] {
        assert_eq!(status(&hearing_app, key), StatusCode::OK);
        assert_eq!(status(&unhearing_app, key), StatusCode::OK);
    }

    // revoked: a node that does not hear writes of members keeps none, and refuses at once;
    // one that hears refuses once it hears it
    members::revoke_member(&mut store, "iraq-nsa", "cli:test", clock()).unwrap();
    assert_eq!(status(&unhearing_app, &screener), StatusCode::UNAUTHORIZED);
    hearing.members_changed();
    assert_eq!(status(&hearing_app, &screener), StatusCode::UNAUTHORIZED);

    // unheard (a listener cut without knowing it), a member kept is read again after a
    // second
    assert_eq!(status(&hearing_app, &other), StatusCode::OK);
    members::revoke_member(&mut store, "tunisia-dgsn", "cli:test", clock()).unwrap();
    std::thread::sleep(
        gatecheck_server::MEMBERS_TRUSTED_FOR + std::time::Duration::from_millis(50),
    );
    assert_eq!(status(&hearing_app, &other), StatusCode::UNAUTHORIZED);

    // a listener lost: nothing is kept until one listens again
    let (_, third) =
        members::add_member(&mut store, "lebanon-gs", "LBN", false, "cli:test", clock()).unwrap();
    let third = third.expose().to_string();
    hearing.members_changed();
    assert_eq!(status(&hearing_app, &third), StatusCode::OK);
    hearing.hear_member_changes(false);
    members::revoke_member(&mut store, "lebanon-gs", "cli:test", clock()).unwrap();
    assert_eq!(status(&hearing_app, &third), StatusCode::UNAUTHORIZED);
}
