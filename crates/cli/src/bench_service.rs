//! `gatecheck bench-service`: the service measured end to end on loopback. Generated
//! persons and documents are imported through the service (import rate), the server is
//! started on a free port (index ready time), and keep-alive HTTP/1.1 clients screen
//! persons and documents for a fixed time (requests per second, latency p50 and p99).

use crate::demo::{generate_person, traveller_from, NamePool, Rng};
use anyhow::{Context, Result};
use clap::Args;
use gatecheck_service::documents::{read_document, TravelDocument};
use gatecheck_service::members;
use gatecheck_service::records::{import_entities, Access, RecordTerms};
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
}

/// Records imported per transaction.
const IMPORT_BATCH: usize = 50_000;

pub fn run(args: &BenchServiceArgs) -> Result<()> {
    let directory = tempfile_dir()?;
    let mut store = gatecheck_store::Store::open(&directory)?;
    let now = 1_795_910_400;
    let (owner, _) = members::add_member(&mut store, "owner", "JOR", false, "cli:bench", now)?;
    let (_, key) = members::add_member(&mut store, "border", "IRQ", false, "cli:bench", now)?;
    let terms = RecordTerms {
        access: Access::All,
        action: "refer to secondary inspection".to_string(),
        review_by: "2030-01-01".to_string(),
    };

    // persons, generated as the matching benchmark generates them
    let mut rng = Rng::new(7);
    let pool = NamePool::new(&mut rng, args.persons);
    let listed: Vec<_> = (0..args.persons)
        .map(|i| generate_person(&mut rng, &pool, i))
        .collect();
    let started = Instant::now();
    for chunk in listed.chunks(IMPORT_BATCH) {
        let text: String = chunk.iter().map(|p| p.to_line() + "\n").collect();
        import_entities(&mut store, "owner", &text, &terms, "cli:bench", now)?;
    }
    let person_seconds = started.elapsed().as_secs_f64();
    // documents: passports of a few states, reported stolen
    let states = ["JOR", "IRQ", "LBN", "TUN", "SYR", "EGY", "MAR", "DZA"];
    let document = |i: usize| -> Result<TravelDocument> {
        Ok(read_document(
            &format!("X{:08}", i),
            states[i % states.len()],
            "P",
            "stolen",
            "2026-01-01",
        )?)
    };
    let started = Instant::now();
    let mut batch = Vec::with_capacity(IMPORT_BATCH);
    for i in 0..args.documents {
        batch.push(document(i)?);
        if batch.len() == IMPORT_BATCH || i + 1 == args.documents {
            gatecheck_service::documents::contribute_many(&mut store, &owner, &batch, &terms, now)?;
            batch.clear();
        }
    }
    let document_seconds = started.elapsed().as_secs_f64();
    drop(store);

    let started = Instant::now();
    let store = gatecheck_store::Store::open(&directory)?;
    let state = gatecheck_server::AppState::new(
        store,
        gatecheck_server::ApiConfig::default(),
        gatecheck_server::system_clock,
    )
    .map_err(|error| anyhow::anyhow!("building the index: {error:?}"))?;
    let ready_seconds = started.elapsed().as_secs_f64();
    let app = gatecheck_server::router(Arc::new(state));

    // request bodies: travellers written from listed persons, innocent ones, documents
    let mut bodies = Vec::new();
    for i in 0..2_000 {
        let body = if i % 4 == 3 && args.documents > 0 {
            let number = format!("X{:08}", rng.below(args.documents));
            format!(r#"{{"number": "{number}", "issuing_state": "JOR"}}"#)
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
    let runtime = tokio::runtime::Runtime::new()?;
    let (latencies, elapsed) = runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let address = listener.local_addr()?;
        tokio::spawn(async move { axum::serve(listener, app).await });
        let deadline = Instant::now() + Duration::from_secs(args.seconds);
        let started = Instant::now();
        let mut clients = Vec::new();
        let connections = args.connections;
        for client in 0..connections {
            let bodies = Arc::clone(&bodies);
            clients.push(tokio::spawn(async move {
                let mut stream = tokio::net::TcpStream::connect(address).await?;
                let mut latencies = Vec::new();
                let mut buffer = vec![0u8; 1 << 16];
                let mut next = client;
                while Instant::now() < deadline {
                    let request = &bodies[next % bodies.len()];
                    next += connections;
                    let sent = Instant::now();
                    stream.write_all(request.as_bytes()).await?;
                    read_response(&mut stream, &mut buffer).await?;
                    latencies.push(sent.elapsed());
                }
                anyhow::Ok(latencies)
            }));
        }
        let mut all = Vec::new();
        for client in clients {
            all.extend(client.await??);
        }
        anyhow::Ok((all, started.elapsed()))
    })?;
    let mut latencies = latencies;
    latencies.sort();
    let quantile = |q: f64| {
        latencies
            .get(((latencies.len() as f64 * q) as usize).min(latencies.len().saturating_sub(1)))
            .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    };
    println!(
        "gatecheck bench-service: {} persons, {} documents, {} connections, {} s",
        args.persons, args.documents, args.connections, args.seconds
    );
    println!(
        "import: persons {:.0} records/s ({:.1} s), documents {:.0} records/s ({:.1} s)",
        args.persons as f64 / person_seconds,
        person_seconds,
        args.documents as f64 / document_seconds.max(1e-9),
        document_seconds
    );
    println!("index ready after start: {ready_seconds:.1} s");
    println!(
        "screening: {:.0} requests/s, p50 {:.1} ms, p99 {:.1} ms ({} requests)",
        latencies.len() as f64 / elapsed.as_secs_f64(),
        quantile(0.5),
        quantile(0.99),
        latencies.len()
    );
    let _ = std::fs::remove_dir_all(&directory);
    Ok(())
}

/// Reads one HTTP/1.1 response with a content length.
async fn read_response(stream: &mut tokio::net::TcpStream, buffer: &mut Vec<u8>) -> Result<()> {
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
                head.starts_with("HTTP/1.1 200"),
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
                return Ok(());
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
