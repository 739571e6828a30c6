//! `gatecheck bench-documents`: lost and stolen documents at scale. A generated document
//! file (passport-like numbers in no order) is imported as `gatecheck import` imports it;
//! then lookups are timed in the store as screening makes them, and a `gatecheck serve`
//! process over the data answers document screenings on loopback while its memory is read.
//! With `--store`, the same import and lookups on a PostgreSQL database instead (no
//! server: `gatecheck serve` runs on SQLite only).

use crate::bench_service::{document_key, drive, in_scratch, write_documents, STATES};
use crate::import::{import_file, import_file_with, ImportOptions};
use crate::load::Progress;
use anyhow::{Context, Result};
use clap::Args;
use gatecheck_service::access::{Access, RecordTerms};
use gatecheck_service::members;
use gatecheck_service::terms::{Confirmed, TermsUpdate};
use gatecheck_store::concepts::{Documents, Imports};
use gatecheck_store::postgres::PostgresStore;
use std::io::BufRead;
use std::sync::Arc;
use std::time::{Duration, Instant};

#[derive(Args, Debug)]
pub struct BenchDocumentsArgs {
    /// Document records to import.
    #[arg(long, default_value_t = 1_000_000)]
    documents: usize,
    /// Lookups timed in the store.
    #[arg(long, default_value_t = 200_000)]
    lookups: usize,
    /// Seconds of screening through the server.
    #[arg(long, default_value_t = 10)]
    seconds: u64,
    /// Concurrent client connections.
    #[arg(long, default_value_t = 8)]
    connections: usize,
    /// Where the data directory is made (removed afterwards); the system's temporary
    /// directory if not given.
    #[arg(long)]
    work: Option<std::path::PathBuf>,
    /// A PostgreSQL database to measure instead of an SQLite store: a libpq URL or
    /// key=value string (`host=/run/postgresql dbname=bench`). It must be one made for the
    /// bench, with no members yet; the documents imported are left in it.
    #[arg(long)]
    store: Option<String>,
    /// Documents a transaction of the import; by default as `gatecheck import` writes
    /// them (250,000).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    batch: Option<u32>,
}

fn directory_bytes(directory: &std::path::Path) -> Result<u64> {
    Ok(std::fs::read_dir(directory)?
        .filter_map(|entry| entry.ok()?.metadata().ok())
        .filter(|metadata| metadata.is_file())
        .map(|metadata| metadata.len())
        .sum())
}

/// The terms every generated document is imported with.
fn bench_terms() -> RecordTerms {
    RecordTerms {
        access: Access::All,
        action: "seize the document".to_string(),
        review_by: "2099-01-01".to_string(),
    }
}

/// The day lookups are made on (every document is before its review date).
const LOOKUP_DAY: &str = "2026-11-29";

/// Latencies of lookups in the store, each sorted.
struct Lookups {
    /// One number at a time (`documents_by_number`).
    alone: Vec<Duration>,
    /// A number with every misreading of it, in one statement (`documents_by_numbers`),
    /// as screening asks.
    with_misreadings: Vec<Duration>,
    /// Numbers asked alone that were found.
    found: usize,
}

/// Times `count` lookups of numbers, every other one listed (of `documents` generated),
/// alone and then with their misreadings, as screening makes them.
fn time_lookups(store: &impl Documents, documents: usize, count: usize) -> Result<Lookups> {
    let mut progress = Progress::counting(2 * count as u64, "looking up documents");
    let mut state = 0x2545_f491_4f6c_dd1du64;
    // every other number asked is listed
    let mut asked_number = |i: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let unlisted = if i.is_multiple_of(2) { 0 } else { 1 << 40 };
        document_key((state % documents.max(1) as u64) as usize + unlisted).0
    };
    let mut alone = Vec::with_capacity(count);
    let mut found = 0usize;
    for i in 0..count {
        let number = asked_number(i);
        let asked = Instant::now();
        let rows = store.documents_by_number(&number, LOOKUP_DAY)?;
        alone.push(asked.elapsed());
        found += usize::from(!rows.is_empty());
        progress.advance(1);
    }
    // and as screening asks: the number with every misreading of it, in one statement
    let mut with_misreadings = Vec::with_capacity(count);
    for i in 0..count {
        let number = asked_number(i);
        let asked = Instant::now();
        let mut numbers = vec![number.clone()];
        numbers.extend(
            gatecheck_service::screening::misreadings(&number)
                .into_iter()
                .map(|(variant, _)| variant),
        );
        store.documents_by_numbers(&numbers, LOOKUP_DAY)?;
        with_misreadings.push(asked.elapsed());
        progress.advance(1);
    }
    progress.finish();
    alone.sort();
    with_misreadings.sort();
    Ok(Lookups {
        alone,
        with_misreadings,
        found,
    })
}

impl Lookups {
    fn print(&self) {
        let quantile = crate::bench_service::quantile_ms;
        let max = |sorted: &[Duration]| sorted.last().map_or(0.0, |d| d.as_secs_f64() * 1000.0);
        println!(
            "lookup in the store: p50 {:.3} ms, p99 {:.3} ms, max {:.3} ms ({} lookups, {} found)",
            quantile(&self.alone, 0.5),
            quantile(&self.alone, 0.99),
            max(&self.alone),
            self.alone.len(),
            self.found
        );
        println!(
            "lookup with every misreading of the number: p50 {:.3} ms, p99 {:.3} ms, max {:.3} ms",
            quantile(&self.with_misreadings, 0.5),
            quantile(&self.with_misreadings, 0.99),
            max(&self.with_misreadings)
        );
    }
}

pub fn run(args: &BenchDocumentsArgs) -> Result<()> {
    in_scratch(
        args.work.as_deref(),
        "bench-documents",
        |directory| match &args.store {
            Some(connection) => measure_postgres(args, connection, directory),
            None => measure(args, directory),
        },
    )
}

fn measure(args: &BenchDocumentsArgs, directory: &std::path::Path) -> Result<()> {
    let data = directory.join("data");
    let mut store = gatecheck_store::Store::open(&data)?;
    let now = 1_795_910_400;
    members::add_member(&mut store, "owner", "JOR", false, "cli:bench", now)?;
    let (_, key) = members::add_member(&mut store, "border", "IRQ", false, "cli:bench", now)?;
    let file = directory.join("documents.csv");
    eprintln!("writing {} documents to {}", args.documents, file.display());
    write_documents(&file, args.documents)?;
    let started = Instant::now();
    let batch = args.batch.map(|batch| batch as usize);
    let imported = import_file(
        &mut store,
        "owner",
        &file,
        &bench_terms(),
        batch,
        "cli:bench",
        now,
    )?;
    let import_seconds = started.elapsed().as_secs_f64();
    drop(store);
    std::fs::remove_file(&file)?;
    let disk = directory_bytes(&data)?;

    // lookups as screening makes them: a reader, half of the numbers listed
    let reader = gatecheck_store::Store::open_reader(&data)?;
    let lookups = time_lookups(&reader, args.documents, args.lookups)?;
    drop(reader);
    let quantile = crate::bench_service::quantile_ms;

    // the server, as an operator runs it, over the same data
    let mut server = std::process::Command::new(std::env::current_exe()?)
        .args(["serve", "--listen", "127.0.0.1:0", "--data"])
        .arg(&data)
        .stderr(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn()
        .context("starting gatecheck serve")?;
    let pid = server.id();
    let stderr = server.stderr.take().context("the server's stderr")?;
    let mut lines = std::io::BufReader::new(stderr).lines();
    let address = loop {
        let line = lines
            .next()
            .context("the server ended before it listened")??;
        if let Some(rest) = line.split("listening on http://").nth(1) {
            break rest
                .split(',')
                .next()
                .context("no address")?
                .trim()
                .to_string();
        }
    };
    std::thread::spawn(move || for _ in lines {});
    let address: std::net::SocketAddr = address.parse().context("the server's address")?;
    let mut bodies = Vec::new();
    for i in 0..2_000usize {
        let listed = i % 2 == 0;
        let index = (i * 7_919) % args.documents.max(1) + if listed { 0 } else { 1 << 40 };
        let (number, state) = document_key(index);
        let body = format!(
            r#"{{"number": "{number}", "issuing_state": "{}"}}"#,
            STATES[state % STATES.len()]
        );
        bodies.push(format!(
            "POST /v1/screen/document HTTP/1.1\r\nhost: bench\r\nauthorization: Bearer {}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
            key.expose(),
            body.len()
        ));
    }
    let bodies = Arc::new(bodies);
    let runtime = tokio::runtime::Runtime::new()?;
    let driven = runtime.block_on(drive(address, bodies, args.connections, args.seconds))?;
    let (requests, elapsed) = (driven.latencies, driven.elapsed);
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let server_peak = status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .map(|value| value.trim().to_string())
        .unwrap_or_else(|| "unknown".to_string());
    let _ = server.kill();
    let _ = server.wait();
    let mut requests = requests;
    requests.sort();

    println!("gatecheck bench-documents: {} documents", args.documents);
    println!(
        "import: {:.0} rows/s ({:.1} s; {} added, {} changed, {} unchanged)",
        args.documents as f64 / import_seconds,
        import_seconds,
        imported.counts.added,
        imported.counts.changed,
        imported.counts.unchanged
    );
    println!(
        "disk: {:.2} GB ({:.1} bytes a document)",
        disk as f64 / 1e9,
        disk as f64 / args.documents.max(1) as f64
    );
    lookups.print();
    println!(
        "screening through the server: {:.0} requests/s, p50 {:.1} ms, p99 {:.1} ms ({} connections)",
        requests.len() as f64 / elapsed.as_secs_f64(),
        quantile(&requests, 0.5),
        quantile(&requests, 0.99),
        args.connections
    );
    println!("server peak memory (VmHWM): {server_peak}");
    Ok(())
}

/// How often the import's progress is read while it runs.
const PROGRESS_EVERY: Duration = Duration::from_millis(200);

/// Reads the progress of the import under way from a connection of its own, as another
/// node would see it: when each count of documents was committed.
struct ImportWatcher {
    stop: std::sync::mpsc::Sender<()>,
    thread: std::thread::JoinHandle<Result<Vec<(Duration, i64)>>>,
}

impl ImportWatcher {
    fn start(connection: &str) -> Result<ImportWatcher> {
        let store = PostgresStore::connect(connection)
            .with_context(|| format!("connecting to {connection}"))?;
        let (stop, stopped) = std::sync::mpsc::channel::<()>();
        let started = Instant::now();
        let thread = std::thread::spawn(move || {
            let mut samples = Vec::new();
            loop {
                let stopping = !matches!(
                    stopped.recv_timeout(PROGRESS_EVERY),
                    Err(std::sync::mpsc::RecvTimeoutError::Timeout)
                );
                // the newest import is the bench's (none before it has begun)
                if let Some(import) = store.imports()?.first() {
                    samples.push((started.elapsed(), import.items_done));
                }
                if stopping {
                    return Ok(samples);
                }
            }
        });
        Ok(ImportWatcher { stop, thread })
    }

    /// The moments from the watcher's start at which it read each count of documents
    /// written, in order.
    fn stop(self) -> Result<Vec<(Duration, i64)>> {
        let _ = self.stop.send(());
        self.thread
            .join()
            .map_err(|_| anyhow::anyhow!("the import's watcher failed"))?
    }
}

/// Documents written a second between the first moment `samples` show `from` of them
/// written and the first they show `to`; `None` when they do not show both.
fn written_rate(samples: &[(Duration, i64)], from: i64, to: i64) -> Option<f64> {
    let at = |count: i64| samples.iter().find(|(_, done)| *done >= count);
    let (start, done_at_start) = at(from)?;
    let (end, done_at_end) = at(to)?;
    let seconds = end.saturating_sub(*start).as_secs_f64();
    (seconds > 0.0).then(|| (done_at_end - done_at_start) as f64 / seconds)
}

/// The bench on PostgreSQL: the generated file imported through `gatecheck import`'s own
/// path (checked, sorted, written a batch a transaction with the import's progress and
/// audit entry), the database's size, then lookups as screening makes them.
fn measure_postgres(
    args: &BenchDocumentsArgs,
    connection: &str,
    directory: &std::path::Path,
) -> Result<()> {
    std::fs::create_dir_all(directory)?;
    let mut store = PostgresStore::connect(connection)
        .with_context(|| format!("connecting to {connection}"))?;
    let now = 1_795_910_400;
    members::add_member(&mut store, "owner", "JOR", false, "cli:bench", now)
        .context("adding the bench's member (the database must be made for the bench, empty)")?;
    let file = directory.join("documents.csv");
    eprintln!("writing {} documents to {}", args.documents, file.display());
    write_documents(&file, args.documents)?;
    let watcher = ImportWatcher::start(connection)?;
    let started = Instant::now();
    let options = ImportOptions {
        update: TermsUpdate::set(bench_terms()),
        confirmed: Confirmed::default(),
        list: None,
        accept_removals: false,
        batch: args.batch.map(|batch| batch as usize),
        sort_in: directory.to_path_buf(),
    };
    let (imported, _) = import_file_with(&mut store, "owner", &file, &options, "cli:bench", now)?;
    let import_seconds = started.elapsed().as_secs_f64();
    let samples = watcher.stop()?;
    std::fs::remove_file(&file)?;
    let disk = store.database_bytes()?;
    let lookups = time_lookups(&store, args.documents, args.lookups)?;

    let total = args.documents as i64;
    let tenth = |part: i64| total * part / 10;
    // the import began (its row committed) at the first sample, before any batch
    let writing_began = samples.first().map_or(Duration::ZERO, |(at, _)| *at);
    let written_by = samples
        .iter()
        .find(|(_, done)| *done >= total)
        .map_or(Duration::ZERO, |(at, _)| *at);
    let writing_seconds = written_by.saturating_sub(writing_began).as_secs_f64();
    let rate = |rate: Option<f64>| rate.map_or("-".to_string(), |rate| format!("{rate:.0}"));
    println!(
        "gatecheck bench-documents: {} documents on PostgreSQL",
        args.documents
    );
    println!(
        "import: {:.0} rows/s ({:.1} s; {} added, {} changed, {} unchanged)",
        args.documents as f64 / import_seconds,
        import_seconds,
        imported.counts.added,
        imported.counts.changed,
        imported.counts.unchanged
    );
    println!(
        "of which written: {:.1} s, {} rows/s; the last tenth {} rows/s",
        writing_seconds,
        rate(written_rate(&samples, 0, total)),
        rate(written_rate(&samples, tenth(9), total))
    );
    let tenths: Vec<String> = (0..10)
        .map(|part| rate(written_rate(&samples, tenth(part), tenth(part + 1))))
        .collect();
    println!("written rows/s, each tenth: {}", tenths.join(", "));
    println!(
        "database size (pg_database_size): {:.2} GB ({:.1} bytes a document)",
        disk as f64 / 1e9,
        disk as f64 / args.documents.max(1) as f64
    );
    lookups.print();
    Ok(())
}

#[derive(Args, Debug)]
pub struct BenchMrzArgs {
    /// Distinct passport zones generated (fictional holders, check digits computed).
    #[arg(long, default_value_t = 100_000)]
    zones: usize,
    /// Times each zone is read.
    #[arg(long, default_value_t = 20)]
    rounds: usize,
}

/// A generated passport zone (TD3): fictional holder, valid check digits and composite.
fn passport_zone(rng: &mut u64) -> String {
    use gatecheck_formats::mrz::check_digit;
    let mut next = |below: u64| {
        *rng ^= *rng << 13;
        *rng ^= *rng >> 7;
        *rng ^= *rng << 17;
        *rng % below
    };
    let letters = |next: &mut dyn FnMut(u64) -> u64, count: u64| -> String {
        (0..count)
            .map(|_| char::from(b'A' + next(26) as u8))
            .collect()
    };
    let (surname_length, given_length) = (4 + next(6), 3 + next(6));
    let surname = letters(&mut next, surname_length);
    let given = letters(&mut next, given_length);
    let state = STATES[next(STATES.len() as u64) as usize];
    let number = format!("{}{:07}", letters(&mut next, 2), next(10_000_000));
    let birth = format!("{:02}{:02}{:02}", next(100), 1 + next(12), 1 + next(28));
    let expiry = format!("{:02}{:02}{:02}", 27 + next(10), 1 + next(12), 1 + next(28));
    let sex = ["M", "F", "<"][next(3) as usize];
    let personal = "<".repeat(14);
    let name = format!("{surname}<<{given}");
    let line_1 = format!("P<{state}{name:<<39}").replace(' ', "<");
    let line_1: String = line_1.chars().take(44).collect();
    let line_1 = format!("{line_1:<<44}");
    let number_part = format!("{number}{}", check_digit(&number));
    let birth_part = format!("{birth}{}", check_digit(&birth));
    let expiry_part = format!("{expiry}{}", check_digit(&expiry));
    let personal_part = format!("{personal}{}", check_digit(&personal));
    let composite = check_digit(&format!(
        "{number_part}{birth_part}{expiry_part}{personal_part}"
    ));
    format!(
        "{line_1}\n{number_part}{state}{birth_part}{sex}{expiry_part}{personal_part}{composite}"
    )
}

/// `gatecheck bench-mrz`: zones read a second on one core.
pub fn run_mrz(args: &BenchMrzArgs) -> Result<()> {
    let today = gatecheck_formats::mrz::CivilDate::new(2026, 11, 29).context("a date")?;
    let mut rng = 0x9e37_79b9_7f4a_7c15u64;
    let zones: Vec<String> = (0..args.zones.max(1))
        .map(|_| passport_zone(&mut rng))
        .collect();
    let invalid = zones
        .iter()
        .filter(|zone| !gatecheck_formats::mrz::parse(zone, today).valid())
        .count();
    anyhow::ensure!(
        invalid == 0,
        "{invalid} generated zones do not read as valid"
    );
    let started = Instant::now();
    let mut valid = 0usize;
    for _ in 0..args.rounds {
        for zone in &zones {
            let reading = gatecheck_formats::mrz::parse(std::hint::black_box(zone), today);
            valid += usize::from(reading.valid());
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    let read = args.rounds * zones.len();
    println!(
        "gatecheck bench-mrz: {read} zones ({} distinct passports) read in {seconds:.2} s: {:.0} documents/s on one core ({valid} valid)",
        zones.len(),
        read as f64 / seconds
    );
    Ok(())
}
