//! `gatecheck bench-console`: the console's hit queue with many open hits. A member's
//! officers get `--hits` hits on generated persons (with the explanations and flights hits
//! carry), then the queue page, a filtered queue page and a hit's page are asked of the
//! router as a signed-in user, and the time each took on the server (rendering, the store's
//! reads and the audit entry written) is measured.

use crate::bench_service::{in_scratch, quantile_ms};
use crate::demo::{generate_person, NamePool, Rng};
use anyhow::{bail, Context, Result};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use clap::Args;
use gatecheck_service::access::{Access, RecordTerms};
use gatecheck_service::console::{self, Language, Role, UserSpec};
use gatecheck_service::members;
use gatecheck_service::records::import_entities;
use gatecheck_store::{NewHit, Store};
use http_body_util::BodyExt;
use serde_json::json;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tower::ServiceExt;

#[derive(Args, Debug)]
pub struct BenchConsoleArgs {
    /// Open hits of the member.
    #[arg(long, default_value_t = 10_000)]
    hits: usize,
    /// Times each page is asked.
    #[arg(long, default_value_t = 200)]
    requests: usize,
    /// Where the data directory is made (removed afterwards); the system's temporary
    /// directory if not given.
    #[arg(long)]
    work: Option<std::path::PathBuf>,
}

pub fn run(args: &BenchConsoleArgs) -> Result<()> {
    in_scratch(args.work.as_deref(), "bench-console", |directory| {
        measure(args, directory)
    })
}

const PASSWORD: &str = "bench password 2026";

fn measure(args: &BenchConsoleArgs, directory: &std::path::Path) -> Result<()> {
    let data = directory.join("data");
    let mut store = Store::open(&data)?;
    let now = gatecheck_server::system_clock();
    let (owner, _) = members::add_member(&mut store, "owner", "JOR", false, "cli:bench", now)?;
    let (border, _) = members::add_member(&mut store, "border", "IRQ", false, "cli:bench", now)?;
    let spec = UserSpec {
        name: "officer",
        password: PASSWORD,
        role: Role::Officer,
        language: Language::English,
    };
    console::add_user(&mut store, &border, spec, "cli:bench", now)?;
    // an officer reading Arabic: the same pages with their figures in Arabic-Indic digits
    let spec = UserSpec {
        name: "officer-ar",
        password: PASSWORD,
        role: Role::Officer,
        language: Language::Arabic,
    };
    console::add_user(&mut store, &border, spec, "cli:bench", now)?;
    // a thousand listed persons, hit again and again
    let mut rng = Rng::new(5);
    let pool = NamePool::new(&mut rng, 1_000);
    let listed: Vec<_> = (0..1_000)
        .map(|i| generate_person(&mut rng, &pool, i))
        .collect();
    let lines: Vec<String> = listed.iter().map(|person| person.to_line()).collect();
    let terms = RecordTerms {
        access: Access::All,
        action: "refer to secondary inspection".to_string(),
        review_by: "2099-01-01".to_string(),
    };
    import_entities(
        &mut store,
        &owner.name,
        &lines.join("\n"),
        &terms,
        "cli:bench",
        now,
    )?;
    let first_record = store
        .record_id(owner.id, "gen-0")?
        .context("the first generated record")?;
    let hits: Vec<NewHit> = (0..args.hits)
        .map(|index| {
            let person = &listed[index % listed.len()];
            let query = json!({"id": format!("traveller-{index}"), "schema": "Person", "properties": {
                "firstName": [person.given.to_uppercase()], "lastName": [person.family.to_uppercase()],
                "birthDate": [person.birth_date], "nationality": [person.nationality]}});
            let explanation = json!({"query_name": format!("{} {}", person.given, person.family),
                "listed_name": person.full_name(), "name_score": 0.97,
                "parts": [{"query": person.given.to_lowercase(), "listed": person.given.to_lowercase(), "similarity": 1.0, "weight": 0.8, "how": "exact"},
                          {"query": person.family.to_lowercase(), "listed": person.family.to_lowercase(), "similarity": 1.0, "weight": 0.9, "how": "exact"}],
                "unmatched_query_parts": [], "unmatched_listed_parts": [],
                "qualifiers": [{"property": "birthDate", "query": person.birth_date, "listed": person.birth_date, "outcome": "same", "weight": 1.8}]});
            NewHit {
                querier: border.id,
                record: first_record + (index % listed.len()) as i64,
                owner: owner.id,
                query: query.to_string(),
                score: 0.7 + (index % 30) as f64 / 100.0,
                explanation: explanation.to_string(),
                details: None,
                absorb_since: None,
            }
        })
        .collect();
    for chunk in hits.chunks(5_000) {
        store.add_hits(chunk, now, &[], gatecheck_service::audit::chain_hash)?;
    }
    let (_, token) = console::sign_in(&mut store, "officer", PASSWORD, now)?;
    let cookie = format!("gatecheck_session={}", token.expose());
    let (_, token) = console::sign_in(&mut store, "officer-ar", PASSWORD, now)?;
    let arabic_cookie = format!("gatecheck_session={}", token.expose());
    let state = gatecheck_server::AppState::new(
        store,
        gatecheck_server::ApiConfig::default(),
        gatecheck_server::system_clock,
    )
    .map_err(|error| anyhow::anyhow!("{error}"))?;
    let app = gatecheck_server::router(Arc::new(state));
    println!(
        "gatecheck bench-console: {} open hits of one member, {} requests a page",
        args.hits, args.requests
    );
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    for (label, uri, cookie) in [
        (
            "hit queue (first page of 100)",
            "/console/hits".to_string(),
            &cookie,
        ),
        (
            "hit queue, filtered (open, score 0.9 or more)",
            "/console/hits?status=open&min_score=0.9".to_string(),
            &cookie,
        ),
        (
            "hit queue, page 50",
            "/console/hits?page=50".to_string(),
            &cookie,
        ),
        ("a hit in detail", "/console/hits/5000".to_string(), &cookie),
        (
            "hit queue in Arabic (first page of 100)",
            "/console/hits".to_string(),
            &arabic_cookie,
        ),
        (
            "a hit in detail in Arabic",
            "/console/hits/5000".to_string(),
            &arabic_cookie,
        ),
    ] {
        let mut times: Vec<Duration> = Vec::with_capacity(args.requests);
        let mut bytes = 0;
        for _ in 0..args.requests {
            let request = Request::builder()
                .uri(&uri)
                .header("cookie", cookie)
                .body(Body::empty())?;
            let started = Instant::now();
            let (status, body) = runtime.block_on(async {
                let response = app.clone().oneshot(request).await?;
                let status = response.status();
                let body = response.into_body().collect().await?.to_bytes();
                anyhow::Ok((status, body))
            })?;
            times.push(started.elapsed());
            if status != StatusCode::OK {
                bail!("{uri} answered {status}");
            }
            bytes = body.len();
        }
        times.sort();
        println!(
            "{label}: p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms ({} KB a page)",
            quantile_ms(&times, 0.5),
            quantile_ms(&times, 0.99),
            quantile_ms(&times, 1.0),
            bytes / 1024
        );
    }
    Ok(())
}
