//! `gatecheck bench-documents`: lost and stolen documents at scale. A generated document
//! file (passport-like numbers in no order) is imported as `gatecheck import` imports it;
//! then lookups are timed in the store as screening makes them, and a `gatecheck serve`
//! process over the data answers document screenings on loopback while its memory is read.

use crate::bench_service::{document_key, drive, in_scratch, write_documents, STATES};
use crate::import::import_file;
use anyhow::{Context, Result};
use clap::Args;
use gatecheck_service::access::{Access, RecordTerms};
use gatecheck_service::members;
use std::io::BufRead;
use std::sync::Arc;
use std::time::Instant;

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
}

fn directory_bytes(directory: &std::path::Path) -> Result<u64> {
    Ok(std::fs::read_dir(directory)?
        .filter_map(|entry| entry.ok()?.metadata().ok())
        .filter(|metadata| metadata.is_file())
        .map(|metadata| metadata.len())
        .sum())
}

pub fn run(args: &BenchDocumentsArgs) -> Result<()> {
    in_scratch(args.work.as_deref(), "bench-documents", |directory| {
        measure(args, directory)
    })
}

fn measure(args: &BenchDocumentsArgs, directory: &std::path::Path) -> Result<()> {
    let data = directory.join("data");
    let mut store = gatecheck_store::Store::open(&data)?;
    let now = 1_795_910_400;
    members::add_member(&mut store, "owner", "JOR", false, "cli:bench", now)?;
    let (_, key) = members::add_member(&mut store, "border", "IRQ", false, "cli:bench", now)?;
    let terms = RecordTerms {
        access: Access::All,
        action: "seize the document".to_string(),
        review_by: "2099-01-01".to_string(),
    };
    let file = directory.join("documents.csv");
    eprintln!("writing {} documents to {}", args.documents, file.display());
    write_documents(&file, args.documents)?;
    let started = Instant::now();
    let imported = import_file(&mut store, "owner", &file, &terms, None, "cli:bench", now)?;
    let import_seconds = started.elapsed().as_secs_f64();
    drop(store);
    std::fs::remove_file(&file)?;
    let disk = directory_bytes(&data)?;

    // lookups as screening makes them: a reader, half of the numbers listed
    let reader = gatecheck_store::Store::open_reader(&data)?;
    let mut latencies = Vec::with_capacity(args.lookups);
    let mut found = 0usize;
    let mut state = 0x2545_f491_4f6c_dd1du64;
    // every other number asked is listed
    let mut asked_number = |i: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let unlisted = if i.is_multiple_of(2) { 0 } else { 1 << 40 };
        document_key((state % args.documents.max(1) as u64) as usize + unlisted).0
    };
    for i in 0..args.lookups {
        let number = asked_number(i);
        let asked = Instant::now();
        let rows = reader.documents_by_number(&number, "2026-11-29")?;
        latencies.push(asked.elapsed());
        found += usize::from(!rows.is_empty());
    }
    // and as screening asks: the number with every misreading of it, in one statement
    let mut with_misreadings = Vec::with_capacity(args.lookups);
    for i in 0..args.lookups {
        let number = asked_number(i);
        let asked = Instant::now();
        let mut numbers = vec![number.clone()];
        numbers.extend(
            gatecheck_service::screening::misreadings(&number)
                .into_iter()
                .map(|(variant, _)| variant),
        );
        reader.documents_by_numbers(&numbers, "2026-11-29")?;
        with_misreadings.push(asked.elapsed());
    }
    with_misreadings.sort();
    drop(reader);
    latencies.sort();
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
    println!(
        "lookup in the store: p50 {:.3} ms, p99 {:.3} ms ({} lookups, {found} found)",
        quantile(&latencies, 0.5),
        quantile(&latencies, 0.99),
        latencies.len()
    );
    println!(
        "lookup with every misreading of the number: p50 {:.3} ms, p99 {:.3} ms",
        quantile(&with_misreadings, 0.5),
        quantile(&with_misreadings, 0.99)
    );
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
