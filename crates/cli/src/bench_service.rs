//! `gatecheck bench-service`: the service measured end to end on loopback. Generated
//! persons and documents are imported through the service (import rate), the server is
//! started on a free port (index ready time), and keep-alive HTTP/1.1 clients screen
//! persons and documents for a fixed time (requests per second, latency p50 and p99).
//! With `--writers N`, the screening is measured twice: alone, then beside N clients
//! writing new person records through `POST /v1/records` as fast as they can (writes per
//! second in each 5-second window, and the screening kept, as a share of the first run).
//!
//! With `--store postgres://…` the store is a PostgreSQL database (an empty one, vacuumed
//! and analysed after the import, as after any bulk load), and with
//! `--nodes N` N servers serve it, each with its own index and writer, following the
//! store's change feed as `gatecheck serve` does; the clients are spread over them. With
//! two nodes or more, `--probes` records are then written one at a time through the first
//! node and screened for on the second until it finds each: how soon a write on one node
//! is screened against on another.
//!
//! The first run is closed-loop: each connection sends its next request as soon as the
//! last is answered, so it measures the most the nodes answer, and its latency is that of
//! a saturated service. With `--rate R`, a second run offers R requests a second on a
//! fixed schedule (open loop, as wrk2 does): each request is due at its own moment, and its
//! latency counts from that moment, so time spent waiting for a free connection behind a
//! slow answer is counted, not left out (no coordinated omission).

use crate::demo::{generate_person, traveller_from, Generated, NamePool, Rng};
use crate::import::import_file;
use anyhow::{Context, Result};
use clap::Args;
use gatecheck_service::access::{Access, RecordTerms};
use gatecheck_service::members;
use gatecheck_store::concepts::{Backend, Members};
use gatecheck_store::postgres::PostgresStore;
use std::io::Write;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

#[derive(Args, Debug)]
pub struct BenchServiceArgs {
    /// Person records to import.
    #[arg(long, default_value_t = 100_000)]
    persons: usize,
    /// Document records to import.
    #[arg(long, default_value_t = 100_000)]
    documents: usize,
    /// Seconds of screening.
    #[arg(long, default_value_t = 10)]
    seconds: u64,
    /// Concurrent client connections.
    #[arg(long, default_value_t = 16)]
    connections: usize,
    /// Records imported per transaction (as `gatecheck import --batch`; its defaults if not
    /// given).
    #[arg(long)]
    batch: Option<usize>,
    /// Clients writing person records (`POST /v1/records`, one new record a request) beside
    /// the screening, after a first run of screening alone [default: none].
    #[arg(long, default_value_t = 0)]
    writers: usize,
    /// The store on PostgreSQL (an empty database: `postgres://user@host/db`) instead of
    /// a SQLite data directory of its own [default: SQLite].
    #[arg(long)]
    store: Option<String>,
    /// Servers (nodes) serving the store, each with its own index and writer, the clients
    /// spread over them (more than one needs --store).
    #[arg(long, default_value_t = 1)]
    nodes: usize,
    /// With two nodes or more: records written one at a time on the first node and
    /// screened for on the second until found.
    #[arg(long, default_value_t = 200)]
    probes: usize,
    /// Requests a second offered on a fixed schedule in a second run of screening (open
    /// loop over the same connections, latency counted from when each was due).
    #[arg(long)]
    rate: Option<f64>,
}

/// The window over which write rates are counted.
const WRITE_WINDOW: Duration = Duration::from_secs(5);

/// Issuing states of generated documents.
pub(crate) const STATES: [&str; 8] = ["JOR", "IRQ", "LBN", "TUN", "SYR", "EGY", "MAR", "DZA"];

pub fn run(args: &BenchServiceArgs) -> Result<()> {
    anyhow::ensure!(
        (1..=16).contains(&args.nodes),
        "--nodes: {} is not between 1 and 16",
        args.nodes
    );
    if let Some(rate) = args.rate {
        anyhow::ensure!(
            rate.is_finite() && (1.0..=1_000_000.0).contains(&rate),
            "--rate: {rate} is not between 1 and 1000000 requests a second"
        );
    }
    anyhow::ensure!(
        args.nodes == 1 || args.store.is_some(),
        "--nodes {}: several nodes share a PostgreSQL store (--store postgres://...)",
        args.nodes
    );
    let directory = tempfile_dir()?;
    std::fs::create_dir_all(&directory)?;
    let mut store: Box<dyn Backend> = match &args.store {
        Some(url) => {
            let store = PostgresStore::connect(crate::admin::postgres_url(url)?)?;
            anyhow::ensure!(
                store.members()?.is_empty(),
                "--store: the database holds gatecheck data already; the benchmark fills an empty one"
            );
            Box::new(store)
        }
        None => Box::new(gatecheck_store::Store::open(&directory)?),
    };
    let now = 1_795_910_400;
    members::add_member(&mut *store, "owner", "JOR", false, "cli:bench", now)?;
    let (_, key) = members::add_member(&mut *store, "border", "IRQ", false, "cli:bench", now)?;
    let terms = RecordTerms {
        access: Access::All,
        action: "refer to secondary inspection".to_string(),
        review_by: "2030-01-01".to_string(),
    };

    // persons, generated as the matching benchmark generates them, written to a file and
    // imported as `gatecheck import` imports (checked whole, then written in batches)
    let mut rng = Rng::new(7);
    let pool = NamePool::new(&mut rng, args.persons);
    let listed: Vec<_> = (0..args.persons)
        .map(|i| generate_person(&mut rng, &pool, i))
        .collect();
    let persons_file = directory.join("persons.jsonl");
    write_persons(&persons_file, &listed)?;
    let started = Instant::now();
    import_file(
        &mut *store,
        "owner",
        &persons_file,
        &terms,
        args.batch,
        "cli:bench",
        now,
    )?;
    let person_seconds = started.elapsed().as_secs_f64();
    // documents: passports of a few states, reported stolen, numbered as passports are
    // (two letters, seven digits) in no order, as reports arrive
    let states = STATES;
    let documents_file = directory.join("documents.csv");
    write_documents(&documents_file, args.documents)?;
    let started = Instant::now();
    if args.documents > 0 {
        import_file(
            &mut *store,
            "owner",
            &documents_file,
            &terms,
            args.batch,
            "cli:bench",
            now,
        )?;
    }
    let document_seconds = started.elapsed().as_secs_f64();
    drop(store);
    std::fs::remove_file(&persons_file)?;
    std::fs::remove_file(&documents_file)?;
    // on PostgreSQL, the bulk load vacuumed and analysed before serving, as its
    // administrators would (autovacuum would otherwise do it during the measurement)
    let vacuum_seconds = match &args.store {
        Some(url) => {
            let started = Instant::now();
            PostgresStore::connect(url)?.vacuum_analyze()?;
            Some(started.elapsed().as_secs_f64())
        }
        None => None,
    };
    let (source, database_bytes) = match &args.store {
        Some(url) => (
            gatecheck_server::Source::Postgres {
                primary: url.clone(),
                replica: None,
            },
            PostgresStore::connect(url)?.database_bytes()?,
        ),
        None => (
            gatecheck_server::Source::Sqlite {
                directory: directory.clone(),
            },
            std::fs::read_dir(&directory)?
                .filter_map(|entry| entry.ok()?.metadata().ok())
                .map(|metadata| metadata.len())
                .sum(),
        ),
    };

    let mut nodes = Vec::with_capacity(args.nodes);
    let mut ready_seconds = 0.0;
    for _ in 0..args.nodes {
        let started = Instant::now();
        let state = gatecheck_server::AppState::over(
            source.clone(),
            true,
            gatecheck_server::ApiConfig::default(),
            gatecheck_server::system_clock,
        )
        .map_err(|error| anyhow::anyhow!("building the index: {error:?}"))?;
        ready_seconds = started.elapsed().as_secs_f64();
        let state = Arc::new(state);
        // each node follows the store's change feed, as `gatecheck serve` does
        let (follower, listen_to) = (Arc::clone(&state), args.store.clone());
        std::thread::spawn(move || crate::admin::follow(&follower, listen_to.as_deref()));
        nodes.push(state);
    }

    // request bodies: travellers written from listed persons, innocent ones, documents
    let mut bodies = Vec::new();
    for i in 0..2_000 {
        let body = if i % 4 == 3 && args.documents > 0 {
            // half of the documents asked for are listed
            let (number, state) = document_key(rng.below(args.documents) + (i % 8 / 4) * (1 << 40));
            let state = states[state % states.len()];
            format!(r#"{{"number": "{number}", "issuing_state": "{state}"}}"#)
        } else {
            let source = &listed[rng.below(listed.len())];
            traveller_from(&mut rng, source, format!("t{i}")).1
        };
        let path = if body.contains("\"number\"") {
            "/v1/screen/document"
        } else {
            "/v1/screen/person"
        };
        bodies.push(format!(
            "POST {path} HTTP/1.1\r\nhost: bench\r\nauthorization: Bearer {}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
            key.expose(),
            body.len()
        ));
    }
    let bodies = Arc::new(bodies);
    // persons to write: generated as the listed ones are, each written as a new record
    let to_write: Arc<Vec<serde_json::Value>> = Arc::new(
        (0..if args.writers > 0 { 4_096 } else { 0 })
            .map(|i| {
                let line = generate_person(&mut rng, &pool, args.persons + i).to_line();
                serde_json::from_str(&line).context("a generated person")
            })
            .collect::<Result<_>>()?,
    );
    let runtime = tokio::runtime::Runtime::new()?;
    let mut addresses = Vec::with_capacity(nodes.len());
    for state in &nodes {
        let app = gatecheck_server::router(Arc::clone(state));
        addresses.push(runtime.block_on(async {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
            let address = listener.local_addr()?;
            tokio::spawn(async move { axum::serve(listener, app).await });
            anyhow::Ok(address)
        })?);
    }
    let addresses = Arc::new(addresses);
    let alone = runtime.block_on(drive_spread(
        Arc::clone(&addresses),
        Arc::clone(&bodies),
        args.connections,
        args.seconds,
    ))?;
    let at_rate = match args.rate {
        Some(rate) => Some(runtime.block_on(drive_at_rate(
            Arc::clone(&addresses),
            Arc::clone(&bodies),
            args.connections,
            args.seconds,
            rate,
        ))?),
        None => None,
    };
    let beside_writers = if args.writers > 0 {
        let key = key.expose().to_string();
        Some(runtime.block_on(async {
            let writing = tokio::spawn(write_records(
                Arc::clone(&addresses),
                key,
                Arc::clone(&to_write),
                args.writers,
                args.seconds,
            ));
            let screened = drive_spread(
                Arc::clone(&addresses),
                bodies,
                args.connections,
                args.seconds,
            )
            .await?;
            let written = writing.await??;
            anyhow::Ok((screened, written))
        })?)
    } else {
        None
    };
    let probed = if args.nodes > 1 && args.probes > 0 {
        let key = key.expose().to_string();
        Some(runtime.block_on(probe_visibility(
            Arc::clone(&addresses),
            key,
            &to_probe(&mut rng, &pool, args.persons, args.probes)?,
        ))?)
    } else {
        None
    };
    let mut latencies = alone.latencies.clone();
    latencies.sort();
    let elapsed = alone.elapsed;
    let quantile = |q: f64| quantile_ms(&latencies, q);
    println!(
        "gatecheck bench-service: {} persons, {} documents, {} connections, {} s, {} on {}",
        args.persons,
        args.documents,
        args.connections,
        args.seconds,
        match args.nodes {
            1 => "one node".to_string(),
            nodes => format!("{nodes} nodes"),
        },
        if args.store.is_some() {
            "PostgreSQL"
        } else {
            "SQLite"
        }
    );
    println!(
        "import: persons {:.0} records/s ({:.1} s), documents {:.0} records/s ({:.1} s)",
        args.persons as f64 / person_seconds,
        person_seconds,
        args.documents as f64 / document_seconds.max(1e-9),
        document_seconds
    );
    println!("database: {:.2} GB on disk", database_bytes as f64 / 1e9);
    if let Some(seconds) = vacuum_seconds {
        println!("VACUUM (ANALYZE) after the import: {seconds:.1} s");
    }
    println!("index ready after start: {ready_seconds:.1} s");
    println!(
        "screening: {:.0} requests/s, p50 {:.1} ms, p99 {:.1} ms ({} requests)",
        latencies.len() as f64 / elapsed.as_secs_f64(),
        quantile(0.5),
        quantile(0.99),
        latencies.len()
    );
    if let (Some(rate), Some(driven)) = (args.rate, &at_rate) {
        let mut latencies = driven.latencies.clone();
        latencies.sort();
        println!(
            "screening at {rate:.0} requests/s offered (open loop): {:.0} answered/s, p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms ({} requests, latency from when each was due)",
            latencies.len() as f64 / driven.elapsed.as_secs_f64(),
            quantile_ms(&latencies, 0.5),
            quantile_ms(&latencies, 0.99),
            quantile_ms(&latencies, 1.0),
            latencies.len()
        );
    }
    if let Some((driven_beside, written)) = beside_writers {
        let mut with_writers = driven_beside.latencies.clone();
        with_writers.sort();
        let alone_rate = latencies.len() as f64 / elapsed.as_secs_f64();
        let beside = with_writers.len() as f64 / driven_beside.elapsed.as_secs_f64();
        println!(
            "screening beside {} writers: {:.0} requests/s ({:.0}% of screening alone), p50 {:.1} ms, p99 {:.1} ms",
            args.writers,
            beside,
            100.0 * beside / alone_rate.max(1e-9),
            quantile_ms(&with_writers, 0.5),
            quantile_ms(&with_writers, 0.99),
        );
        let rates_of = |finished: &[Duration]| {
            window_rates(finished, args.seconds)
                .iter()
                .map(|rate| format!("{rate:.0}"))
                .collect::<Vec<_>>()
                .join(" ")
        };
        println!(
            "screening per {}-s window, alone: {}; beside the writers: {}",
            WRITE_WINDOW.as_secs(),
            rates_of(&alone.finished),
            rates_of(&driven_beside.finished)
        );
        let rates = window_rates(&written.finished, args.seconds);
        let mut sorted = rates.clone();
        sorted.sort_by(f64::total_cmp);
        println!(
            "writes: {} records in {} s, per {}-s window min {:.0} /s, median {:.0} /s ({})",
            written.finished.len(),
            args.seconds,
            WRITE_WINDOW.as_secs(),
            sorted.first().copied().unwrap_or(0.0),
            sorted.get(sorted.len() / 2).copied().unwrap_or(0.0),
            rates
                .iter()
                .map(|rate| format!("{rate:.0}"))
                .collect::<Vec<_>>()
                .join(" ")
        );
    }
    if let Some(mut seen) = probed {
        seen.sort();
        println!(
            "a record written on node 1 screened against on node 2 after: p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms ({} records)",
            quantile_ms(&seen, 0.5),
            quantile_ms(&seen, 0.99),
            quantile_ms(&seen, 1.0),
            seen.len()
        );
    }
    let _ = std::fs::remove_dir_all(&directory);
    Ok(())
}

/// `count` new persons for the visibility probes, generated as the listed ones are.
fn to_probe(
    rng: &mut Rng,
    pool: &NamePool,
    listed: usize,
    count: usize,
) -> Result<Vec<serde_json::Value>> {
    (0..count)
        .map(|i| {
            let line = generate_person(rng, pool, listed + 10_000 + i).to_line();
            serde_json::from_str(&line).context("a generated person")
        })
        .collect()
}

/// Writes each of `persons` as a new record through the first node, then screens for it
/// through the second every 2 ms until its answer names the record; returns how long
/// after the write's answer each was first found.
async fn probe_visibility(
    addresses: Arc<Vec<std::net::SocketAddr>>,
    key: String,
    persons: &[serde_json::Value],
) -> Result<Vec<Duration>> {
    let mut writer = tokio::net::TcpStream::connect(addresses[0]).await?;
    let mut reader = tokio::net::TcpStream::connect(addresses[1]).await?;
    let mut buffer = vec![0u8; 1 << 16];
    let mut seen = Vec::with_capacity(persons.len());
    for (number, person) in persons.iter().enumerate() {
        let mut entity = person.clone();
        let id = format!("bench-probe-{number}");
        entity["id"] = serde_json::json!(id);
        let body = serde_json::json!({"entity": entity}).to_string();
        writer
            .write_all(request("/v1/records", &key, &body).as_bytes())
            .await?;
        read_response(&mut writer, &mut buffer).await?;
        let written = Instant::now();
        let mut query = person.clone();
        query["id"] = serde_json::json!("probe");
        let screen = request("/v1/screen/person", &key, &query.to_string());
        loop {
            reader.write_all(screen.as_bytes()).await?;
            let answer = read_response(&mut reader, &mut buffer).await?;
            if answer.contains(&format!("\"{id}\"")) {
                seen.push(written.elapsed());
                break;
            }
            anyhow::ensure!(
                written.elapsed() < Duration::from_secs(30),
                "{id}, written on node 1, was not screened against on node 2 within 30 s"
            );
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
    }
    Ok(seen)
}

/// An HTTP/1.1 POST of a JSON `body` to `path` with `key`.
fn request(path: &str, key: &str, body: &str) -> String {
    format!(
        "POST {path} HTTP/1.1\r\nhost: bench\r\nauthorization: Bearer {key}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    )
}

/// When each write finished, from the start of the run.
struct Written {
    finished: Vec<Duration>,
}

/// Writes per second in each whole [`WRITE_WINDOW`] of a run of `seconds`.
fn window_rates(finished: &[Duration], seconds: u64) -> Vec<f64> {
    let windows = (seconds / WRITE_WINDOW.as_secs()).max(1) as usize;
    let mut counts = vec![0usize; windows];
    for at in finished {
        let window = (at.as_secs() / WRITE_WINDOW.as_secs()) as usize;
        if let Some(count) = counts.get_mut(window) {
            *count += 1;
        }
    }
    counts
        .into_iter()
        .map(|count| count as f64 / WRITE_WINDOW.as_secs_f64())
        .collect()
}

/// `writers` keep-alive clients each writing new person records (one a request, from
/// `persons` under ids of their own) to `address` for `seconds`.
async fn write_records(
    addresses: Arc<Vec<std::net::SocketAddr>>,
    key: String,
    persons: Arc<Vec<serde_json::Value>>,
    writers: usize,
    seconds: u64,
) -> Result<Written> {
    let started = Instant::now();
    let deadline = started + Duration::from_secs(seconds);
    let mut clients = Vec::new();
    for writer in 0..writers {
        let persons = Arc::clone(&persons);
        let key = key.clone();
        let address = addresses[writer % addresses.len()];
        clients.push(tokio::spawn(async move {
            let mut stream = tokio::net::TcpStream::connect(address).await?;
            let mut buffer = vec![0u8; 1 << 16];
            let mut finished = Vec::new();
            let mut written = 0usize;
            while Instant::now() < deadline {
                let mut entity = persons[written % persons.len()].clone();
                entity["id"] = serde_json::json!(format!("bench-writer-{writer}-{written}"));
                let body = serde_json::json!({"entity": entity}).to_string();
                let request = format!(
                    "POST /v1/records HTTP/1.1\r\nhost: bench\r\nauthorization: Bearer {key}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
                    body.len()
                );
                stream.write_all(request.as_bytes()).await?;
                read_response(&mut stream, &mut buffer).await?;
                finished.push(started.elapsed());
                written += 1;
            }
            anyhow::Ok(finished)
        }));
    }
    let mut finished = Vec::new();
    for client in clients {
        finished.extend(client.await??);
    }
    Ok(Written { finished })
}

/// The number and state (an index into the states) of the `i`th generated document: a
/// mix of `i` (splitmix64's), so that numbers come in no order and never repeat.
pub(crate) fn document_key(i: usize) -> (String, usize) {
    let mut z = (i as u64).wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^= z >> 31;
    let letter = |n: u64| char::from(b'A' + (n % 26) as u8);
    let number = format!(
        "{}{}{:07}",
        letter(z >> 40),
        letter(z >> 50),
        z % 10_000_000
    );
    (number, (z >> 60) as usize)
}

/// Writes generated persons as FtM entity lines, for `gatecheck import`.
pub(crate) fn write_persons(path: &std::path::Path, persons: &[Generated]) -> Result<()> {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
    for person in persons {
        writeln!(out, "{}", person.to_line())?;
    }
    out.flush()?;
    Ok(())
}

/// Writes `count` generated stolen passports as a document CSV (see [`document_key`]).
pub(crate) fn write_documents(path: &std::path::Path, count: usize) -> Result<()> {
    let mut out = std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(path)?);
    writeln!(out, "number,issuing_state,type,status,reported_on")?;
    for i in 0..count {
        let (number, state) = document_key(i);
        writeln!(
            out,
            "{number},{},P,stolen,2026-01-01",
            STATES[state % STATES.len()]
        )?;
    }
    out.flush()?;
    Ok(())
}

/// Runs `measure` in a fresh directory of its own under `work` (the system's temporary
/// directory if `None`), removed afterwards whatever the outcome.
pub(crate) fn in_scratch(
    work: Option<&std::path::Path>,
    name: &str,
    measure: impl FnOnce(&std::path::Path) -> Result<()>,
) -> Result<()> {
    let work = work.map_or_else(std::env::temp_dir, std::path::Path::to_path_buf);
    let directory = work.join(format!("gatecheck-{name}-{}", std::process::id()));
    if directory.exists() {
        std::fs::remove_dir_all(&directory)?;
    }
    let outcome = measure(&directory);
    let _ = std::fs::remove_dir_all(&directory);
    outcome
}

/// Sends the prepared requests `bodies` over `connections` keep-alive connections to
/// `address` for `seconds`, each connection taking every `connections`th request in turn;
/// returns every request's latency, when each finished and the time taken.
pub(crate) async fn drive(
    address: std::net::SocketAddr,
    bodies: Arc<Vec<String>>,
    connections: usize,
    seconds: u64,
) -> Result<Driven> {
    drive_spread(Arc::new(vec![address]), bodies, connections, seconds).await
}

/// [`drive`] with the connections spread over `addresses` (the `i`th connection to
/// address `i` modulo their number).
pub(crate) async fn drive_spread(
    addresses: Arc<Vec<std::net::SocketAddr>>,
    bodies: Arc<Vec<String>>,
    connections: usize,
    seconds: u64,
) -> Result<Driven> {
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    let mut clients = Vec::new();
    for client in 0..connections {
        let bodies = Arc::clone(&bodies);
        let address = addresses[client % addresses.len()];
        clients.push(tokio::spawn(async move {
            let mut stream = tokio::net::TcpStream::connect(address).await?;
            let mut latencies = Vec::new();
            let mut finished = Vec::new();
            let mut buffer = vec![0u8; 1 << 16];
            let mut next = client;
            while Instant::now() < deadline {
                let request = &bodies[next % bodies.len()];
                next += connections;
                let sent = Instant::now();
                stream.write_all(request.as_bytes()).await?;
                read_response(&mut stream, &mut buffer).await?;
                latencies.push(sent.elapsed());
                finished.push(started.elapsed());
            }
            anyhow::Ok((latencies, finished))
        }));
    }
    gathered(clients, || started.elapsed()).await
}

/// Offers the prepared requests `bodies` at `rate` a second for `seconds` over
/// `connections` keep-alive connections spread over `addresses`: request `i` is due at
/// `i / rate` seconds from the start and is sent by the first connection free at or after
/// that moment; its latency counts from when it was due, so a request kept waiting by a
/// slow answer before it counts that wait. Requests still waiting at the end are counted
/// when answered.
pub(crate) async fn drive_at_rate(
    addresses: Arc<Vec<std::net::SocketAddr>>,
    bodies: Arc<Vec<String>>,
    connections: usize,
    seconds: u64,
    rate: f64,
) -> Result<Driven> {
    let due_count = (rate * seconds as f64) as u64;
    let next = Arc::new(std::sync::atomic::AtomicU64::new(0));
    let mut streams = Vec::with_capacity(connections);
    for client in 0..connections {
        streams.push(tokio::net::TcpStream::connect(addresses[client % addresses.len()]).await?);
    }
    let started = tokio::time::Instant::now();
    let mut clients = Vec::new();
    for mut stream in streams {
        let (bodies, next) = (Arc::clone(&bodies), Arc::clone(&next));
        clients.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut finished = Vec::new();
            let mut buffer = vec![0u8; 1 << 16];
            loop {
                let number = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                if number >= due_count {
                    break;
                }
                let due = started + Duration::from_secs_f64(number as f64 / rate);
                tokio::time::sleep_until(due).await;
                let request = &bodies[number as usize % bodies.len()];
                stream.write_all(request.as_bytes()).await?;
                read_response(&mut stream, &mut buffer).await?;
                let now = tokio::time::Instant::now();
                latencies.push(now - due);
                finished.push(now - started);
            }
            anyhow::Ok((latencies, finished))
        }));
    }
    gathered(clients, || started.elapsed()).await
}

/// One client's latencies and finishing moments, request by request.
type ClientFigures = (Vec<Duration>, Vec<Duration>);

/// Every client's latencies and finishing moments, once all have ended, with the time
/// taken (`elapsed`, read when the last has ended).
async fn gathered(
    clients: Vec<tokio::task::JoinHandle<Result<ClientFigures>>>,
    elapsed: impl Fn() -> Duration,
) -> Result<Driven> {
    let mut driven = Driven {
        latencies: Vec::new(),
        finished: Vec::new(),
        elapsed: Duration::ZERO,
    };
    for client in clients {
        let (latencies, finished) = client.await??;
        driven.latencies.extend(latencies);
        driven.finished.extend(finished);
    }
    driven.elapsed = elapsed();
    Ok(driven)
}

/// What [`drive`] measured.
pub(crate) struct Driven {
    /// Every request's latency.
    pub(crate) latencies: Vec<Duration>,
    /// When each request finished, from the start.
    pub(crate) finished: Vec<Duration>,
    pub(crate) elapsed: Duration,
}

/// Reads one HTTP/1.1 response with a content length; returns its body as text.
pub(crate) async fn read_response(
    stream: &mut tokio::net::TcpStream,
    buffer: &mut Vec<u8>,
) -> Result<String> {
    let mut filled = 0;
    loop {
        if filled == buffer.len() {
            buffer.resize(buffer.len() * 2, 0);
        }
        let read = stream.read(&mut buffer[filled..]).await?;
        anyhow::ensure!(read > 0, "the server closed the connection");
        filled += read;
        let text = &buffer[..filled];
        if let Some(end) = text.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = std::str::from_utf8(&text[..end]).context("response head")?;
            anyhow::ensure!(
                head.starts_with("HTTP/1.1 2"),
                "{}",
                head.lines().next().unwrap_or("")
            );
            let length: usize = head
                .lines()
                .find_map(|line| {
                    let (name, value) = line.split_once(':')?;
                    name.eq_ignore_ascii_case("content-length")
                        .then(|| value.trim().parse().ok())?
                })
                .context("response without content-length")?;
            if filled >= end + 4 + length {
                let body = &buffer[end + 4..end + 4 + length];
                return Ok(String::from_utf8_lossy(body).into_owned());
            }
        }
    }
}

fn tempfile_dir() -> Result<std::path::PathBuf> {
    let directory =
        std::env::temp_dir().join(format!("gatecheck-bench-service-{}", std::process::id()));
    if directory.exists() {
        std::fs::remove_dir_all(&directory)?;
    }
    Ok(directory)
}

/// The `q` quantile of sorted latencies, in milliseconds (0 when there are none).
pub(crate) fn quantile_ms(sorted: &[Duration], q: f64) -> f64 {
    sorted
        .get(((sorted.len() as f64 * q) as usize).min(sorted.len().saturating_sub(1)))
        .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
}

/// The server's state over the data directory `data`, opened as `gatecheck serve` opens
/// it, with `member` (who screens) and the seconds it took to be ready.
pub(crate) fn open_state(
    data: &std::path::Path,
    member: &str,
) -> Result<(
    gatecheck_server::AppState,
    gatecheck_service::members::Member,
    f64,
)> {
    let started = std::time::Instant::now();
    let store = gatecheck_store::Store::open(data)?;
    let member = gatecheck_service::members::active_member(&store, member)?;
    let state = gatecheck_server::AppState::new(
        store,
        gatecheck_server::ApiConfig::default(),
        gatecheck_server::system_clock,
    )
    .map_err(|error| anyhow::anyhow!("opening the server's state: {error}"))?;
    Ok((state, member, started.elapsed().as_secs_f64()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A server answering every request on a connection `delay` after reading it whole.
    async fn slow_server(delay: Duration) -> std::net::SocketAddr {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        tokio::spawn(async move {
            while let Ok((mut stream, _)) = listener.accept().await {
                tokio::spawn(async move {
                    let mut pending = Vec::new();
                    let mut chunk = [0u8; 4096];
                    loop {
                        // one request: its head, then content-length bytes of body
                        let whole = loop {
                            if let Some(end) = pending.windows(4).position(|w| w == b"\r\n\r\n") {
                                let head = String::from_utf8_lossy(&pending[..end]).to_lowercase();
                                let length: usize = head
                                    .lines()
                                    .find_map(|line| line.strip_prefix("content-length:"))
                                    .map_or(0, |value| value.trim().parse().unwrap());
                                if pending.len() >= end + 4 + length {
                                    break end + 4 + length;
                                }
                            }
                            match stream.read(&mut chunk).await {
                                Ok(0) | Err(_) => return,
                                Ok(read) => pending.extend_from_slice(&chunk[..read]),
                            }
                        };
                        pending.drain(..whole);
                        tokio::time::sleep(delay).await;
                        let answer = "HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}";
                        if stream.write_all(answer.as_bytes()).await.is_err() {
                            return;
                        }
                    }
                });
            }
        });
        address
    }

    fn requests() -> Arc<Vec<String>> {
        Arc::new(vec![request("/v1/screen/person", "key", r#"{"id": "t"}"#)])
    }

    #[tokio::test]
    async fn an_open_loop_counts_the_wait_behind_a_slow_answer() {
        // 50 requests due over one second, each answered 40 ms after it is read, on one
        // connection: the last is due at 0.98 s and answered at 2 s, so its latency is
        // about a second, where a closed loop would see 40 ms for every request
        let address = slow_server(Duration::from_millis(40)).await;
        let driven = drive_at_rate(Arc::new(vec![address]), requests(), 1, 1, 50.0)
            .await
            .unwrap();
        assert_eq!(driven.latencies.len(), 50);
        let longest = driven.latencies.iter().max().unwrap();
        assert!(*longest >= Duration::from_millis(800), "{longest:?}");
        assert!(
            driven.elapsed >= Duration::from_millis(1_900),
            "{:?}",
            driven.elapsed
        );
        // a closed loop over the same server sees only the answer's own time
        let closed = drive(address, requests(), 1, 1).await.unwrap();
        assert!(closed
            .latencies
            .iter()
            .all(|l| *l < Duration::from_millis(400)));
    }

    #[tokio::test]
    async fn an_open_loop_below_capacity_keeps_to_its_schedule() {
        // 100 requests due over a second, answered at once, on four connections: each is
        // answered soon after it is due, and the run ends about when the last is due
        let address = slow_server(Duration::ZERO).await;
        let driven = drive_at_rate(Arc::new(vec![address]), requests(), 4, 1, 100.0)
            .await
            .unwrap();
        assert_eq!(driven.latencies.len(), 100);
        assert!(
            driven.elapsed >= Duration::from_millis(980),
            "{:?}",
            driven.elapsed
        );
        assert!(
            driven.elapsed < Duration::from_millis(1_500),
            "{:?}",
            driven.elapsed
        );
        let mut sorted = driven.latencies.clone();
        sorted.sort();
        assert!(quantile_ms(&sorted, 0.5) < 50.0, "{sorted:?}");
    }
}
