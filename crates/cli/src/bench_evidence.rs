//! `gatecheck bench-evidence`: what evidence costs at the issue's scale, a log of
//! 10,000,000 entries. A data directory is built through the store's own path (entries
//! chained by the service, appended a slice a transaction, the tree's nodes written with
//! them), with one real hit in the middle: a screening that matched a listed person, and its
//! status set by the officer later. The hub's key is made, a checkpoint signed and a bundle
//! of the hit written as `gatecheck audit bundle --hit` writes it. Timed in process:
//! checking the bundle as `gatecheck audit check-bundle` does, making it (its proofs read
//! from SQLite), `verify_tree` over the whole log once, and what keeping the tree costs a
//! write (an append alone; a screening's write with a hit) at several sizes of the log,
//! with the tree and without it.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{ensure, Context, Result};
use clap::Args;
use gatecheck_service::access::{Access, RecordTerms};
use gatecheck_service::dates::day;
use gatecheck_service::evidence::{self, TreeVerdict};
use gatecheck_service::members::{self, Member};
use gatecheck_service::screen::{OneStore, PersonQuery, Screener, Settings};
use gatecheck_service::screening::{Matched, ScreeningIndex};
use gatecheck_service::terms::{Confirmed, TermsUpdate};
use gatecheck_service::{audit, hits, records};
use gatecheck_store::{AuditEntry, Store};

use crate::bench::counting_bar;
use crate::bench_service::in_scratch;

#[derive(Args, Debug)]
pub struct BenchEvidenceArgs {
    /// Entries in the audit log (at least 100,000).
    #[arg(long, default_value_t = 10_000_000)]
    entries: u64,
    /// Where the data directory is built (a directory that does not exist yet); it is kept,
    /// with the bundle in it as `hit-bundle.json`. Without it, a temporary directory is
    /// used and removed afterwards.
    #[arg(long)]
    dir: Option<PathBuf>,
    /// Times the bundle is checked.
    #[arg(long, default_value_t = 10_000)]
    runs: usize,
}

/// The moment of the first entry (2026-11-29), and how many entries the log gains a
/// second: a busy hub's rate, so that the entries of one moment (which a hit's bundle
/// reads to find the one that recorded it) are a few dozen.
const FIRST_MOMENT: i64 = 1_795_910_400;
const ENTRIES_A_SECOND: u64 = 50;

/// Entries appended a transaction while the log is built.
const SLICE: u64 = 50_000;

/// Times a bundle is made; rounds of writes timed at each size, and writes of each kind a
/// round (without the tree, then with it: short rounds, so that both meet the machine's
/// other work alike).
const MAKE_RUNS: usize = 1_000;
const WRITE_ROUNDS: usize = 20;
const APPENDS_A_ROUND: usize = 100;
const SCREENINGS_A_ROUND: usize = 50;

/// A level-0 node this far out makes the store take the tree as holding every entry
/// already, so that a write leaves it alone (see [`TreeHeldOff`]).
const FAR_LEAF: i64 = 1 << 40;

/// The listed person and the traveller that matches them.
const LISTED: &str = r#"{"id": "listed-1", "schema": "Person", "properties": {"name": ["Yusuf Adnan Haddad"], "birthDate": ["1984-03-12"], "nationality": ["jo"]}}"#;
const TRAVELLER: &str = r#"{"id": "t-hit", "schema": "Person", "properties": {"name": ["Yousef Adnan Hadad"], "birthDate": ["1984-03-12"]}}"#;

pub fn run(args: &BenchEvidenceArgs) -> Result<()> {
    ensure!(args.entries >= 100_000, "--entries: at least 100000");
    ensure!(args.runs >= 1, "--runs: at least 1");
    match &args.dir {
        Some(directory) => {
            ensure!(
                !directory.exists(),
                "--dir {}: exists; give a directory to be made",
                directory.display()
            );
            measure(args, directory)
        }
        None => in_scratch(None, "bench-evidence", |scratch| {
            measure(args, &scratch.join("data"))
        }),
    }
}

/// The moment of the entry that follows `size` entries.
fn moment(size: u64) -> i64 {
    FIRST_MOMENT + (size / ENTRIES_A_SECOND) as i64
}

/// A screening's entry, as the service writes one for a traveller that matched nothing.
fn screening_entry(seq: u64) -> AuditEntry {
    let answer = format!(r#"{{"query": "t{seq:09}", "results": [], "raised": []}}"#);
    audit::entry(
        moment(seq),
        "member:border",
        audit::Action::ScreenPerson,
        format!("query t{seq:09}"),
        answer.as_bytes(),
    )
}

/// Appends screening entries until the log holds `size`; returns how many it appended.
fn fill(store: &mut Store, size: u64, bar: &indicatif::ProgressBar) -> Result<u64> {
    let first = store.audit_tree_size()?;
    let mut held = first;
    while held < size {
        let count = SLICE.min(size - held);
        let entries: Vec<AuditEntry> = (held..held + count).map(screening_entry).collect();
        store.append_audit_entries(&entries, audit::chain_hash)?;
        held += count;
        bar.set_position(held);
    }
    Ok(held - first)
}

fn measure(args: &BenchEvidenceArgs, data: &Path) -> Result<()> {
    let mut store = Store::open(data)?;
    members::add_member(&mut store, "owner", "JOR", false, "cli:bench", FIRST_MOMENT)?;
    let (border, _) = members::add_member(
        &mut store,
        "border",
        "IRQ",
        false,
        "cli:bench",
        FIRST_MOMENT,
    )?;
    let terms = RecordTerms {
        access: Access::All,
        action: "refer to secondary inspection".to_string(),
        review_by: "2099-01-01".to_string(),
    };
    records::contribute(
        &mut store,
        "owner",
        LISTED,
        &TermsUpdate::set(terms),
        Confirmed::default(),
        "cli:bench",
        FIRST_MOMENT,
    )?;
    let index = ScreeningIndex::build(&store, &day(FIRST_MOMENT))?;
    let traveller = gatecheck_formats::ftm::parse_entity(TRAVELLER)?;
    let config = gatecheck_engine::watchlist::MatchConfig::default();
    let settings = Settings {
        limit: 5,
        threshold: 0.7,
        matching: &config,
        shift_seconds: 0,
    };
    let (_, matched) = index.screen_person_with_hits(
        &border,
        &traveller.person,
        settings.limit,
        settings.threshold,
        &config,
    );
    ensure!(
        !matched.is_empty(),
        "the traveller does not match the listed person"
    );
    let writes = Writes {
        data,
        border: &border,
        matched: &matched,
    };

    let mut costs = vec![writes.measure()?];
    let build_started = Instant::now();
    let bar = counting_bar(args.entries as usize, "building the audit log");
    let middle = args.entries / 2;
    // the entries appended in slices and the time they took (the timed writes apart)
    let mut filled = 0;
    let mut build_time = Duration::ZERO;
    let mut lap = Instant::now();
    if args.entries >= 2_000_000 {
        filled += fill(&mut store, 1_000_000, &bar)?;
        build_time += lap.elapsed();
        costs.push(writes.measure()?);
        lap = Instant::now();
    }
    filled += fill(&mut store, middle, &bar)?;
    // the hit: a screening that matched, kept as the API keeps it
    let at = moment(middle);
    let query = PersonQuery::from_entity(
        gatecheck_formats::ftm::parse_entity(TRAVELLER)?,
        TRAVELLER.to_string(),
        None,
    );
    let screened = Screener {
        index: &index,
        stores: &OneStore::new(&mut store),
        member: &border,
        actor: "member:border".to_string(),
        settings: Settings {
            limit: settings.limit,
            threshold: settings.threshold,
            matching: &config,
            shift_seconds: 0,
        },
        now: at,
    }
    .person(&query)?;
    let hit = screened
        .raised
        .first()
        .and_then(|raised| raised.hit())
        .context("the screening raised no hit")?;
    // the officer's decision a few minutes later
    filled += fill(&mut store, middle + 10_000, &bar)?;
    hits::set_status(
        &mut store,
        &border,
        hit,
        "confirmed",
        "passport and face checked at the desk",
        moment(middle + 10_000),
    )?;
    filled += fill(&mut store, args.entries, &bar)?;
    bar.finish_and_clear();
    build_time += lap.elapsed();
    let built = store.audit_tree_size()?;
    drop(store);
    let database_bytes = directory_bytes(data)?;
    let whole_build = build_started.elapsed();

    // the evidence, on the log as built
    let mut store = Store::open(data)?;
    let now = moment(built);
    evidence::create_key(data, evidence::DEFAULT_KEY_NAME)?;
    let signer = evidence::load_key(data)?.context("the key just made")?;
    let verifier = signer.verifier();
    let signing_started = Instant::now();
    let checkpoint = evidence::checkpoint(&mut store, &signer, now)?;
    let signing_time = signing_started.elapsed();
    ensure!(
        checkpoint.size == built,
        "the checkpoint covers {} entries",
        checkpoint.size
    );
    let about = format!("hit {hit}");
    let make_bundle = |store: &mut Store| -> Result<String> {
        let (entries, query) = evidence::entries_of_hit(store, hit)?;
        let bundle = evidence::bundle(store, &signer, &about, &entries, Some(&query), now)?;
        Ok(serde_json::to_string_pretty(&bundle)?)
    };
    let mut making = Vec::with_capacity(MAKE_RUNS);
    for _ in 0..MAKE_RUNS {
        let started = Instant::now();
        std::hint::black_box(make_bundle(&mut store)?);
        making.push(started.elapsed());
    }
    let text = make_bundle(&mut store)?;
    std::fs::write(data.join("hit-bundle.json"), &text)?;
    let bundle: serde_json::Value = serde_json::from_str(&text)?;
    let proof_lengths: Vec<usize> = bundle["entries"]
        .as_array()
        .context("the bundle's entries")?
        .iter()
        .map(|entry| entry["proof"].as_array().map_or(0, Vec::len))
        .collect();
    let mut checking = Vec::with_capacity(args.runs);
    for _ in 0..args.runs {
        let started = Instant::now();
        let proof = evidence::check_bundle(std::hint::black_box(&text), &verifier)?;
        checking.push(started.elapsed());
        ensure!(
            proof.entries == proof_lengths.len() && proof.content_proven,
            "the bundle was not proven whole"
        );
    }
    let verify_started = Instant::now();
    let verdict = evidence::verify_tree(&store, &verifier, None)?;
    let verify_time = verify_started.elapsed();
    ensure!(
        matches!(verdict, TreeVerdict::Holds { .. }),
        "the tree does not hold: {verdict}"
    );
    drop(store);
    costs.push(writes.measure()?);

    making.sort();
    checking.sort();
    let milliseconds = |time: Duration| time.as_secs_f64() * 1000.0;
    println!("gatecheck bench-evidence: an audit log of {built} entries");
    println!(
        "build: {filled} entries appended in slices of {SLICE} a transaction in {:.1} s, {:.0} entries/s ({:.1} s with the writes timed during the build)",
        build_time.as_secs_f64(),
        filled as f64 / build_time.as_secs_f64(),
        whole_build.as_secs_f64()
    );
    println!(
        "database on disk: {:.2} GB ({:.0} bytes an entry)",
        database_bytes as f64 / 1e9,
        database_bytes as f64 / built as f64
    );
    println!(
        "bundle of {about} (entry {}): {} entries, {} bytes, proofs of {} hashes, checkpoint of size {}",
        middle + 1,
        proof_lengths.len(),
        text.len(),
        proof_lengths
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(" and "),
        checkpoint.size
    );
    println!(
        "checking the bundle (check_bundle, in process): median {:.3} ms, p99 {:.3} ms ({} runs)",
        milliseconds(quantile(&checking, 0.5)),
        milliseconds(quantile(&checking, 0.99)),
        checking.len()
    );
    println!(
        "making the bundle (entries found, proofs read from SQLite, the checkpoint reused): median {:.3} ms, p99 {:.3} ms ({MAKE_RUNS} runs)",
        milliseconds(quantile(&making, 0.5)),
        milliseconds(quantile(&making, 0.99))
    );
    println!(
        "signing a checkpoint of the log: {:.3} ms",
        milliseconds(signing_time)
    );
    println!(
        "verify_tree over the whole log: {:.1} s ({:.0} entries/s)",
        verify_time.as_secs_f64(),
        built as f64 / verify_time.as_secs_f64()
    );
    println!(
        "writes, each its own transaction as `gatecheck serve` commits them (not waiting for the disk, checkpoints apart), median (mean) µs of {} appends and {} screenings' writes at each size:",
        WRITE_ROUNDS * APPENDS_A_ROUND,
        WRITE_ROUNDS * SCREENINGS_A_ROUND
    );
    println!(
        "  {:>12}  {:>22}  {:>22}  {:>10}  {:>24}  {:>22}",
        "log size",
        "append, with the tree",
        "without",
        "the tree",
        "screening with a hit",
        "without"
    );
    for cost in &costs {
        let (with, without) = (median(&cost.appends_with), median(&cost.appends_without));
        println!(
            "  {:>12}  {:>22}  {:>22}  {:>10}  {:>24}  {:>22}",
            cost.log_size,
            shown(&cost.appends_with),
            shown(&cost.appends_without),
            format!("{:+.1}", micros(with) - micros(without)),
            shown(&cost.screenings_with),
            shown(&cost.screenings_without)
        );
    }
    println!("(a screening with a hit writes the hit, its owner's notification and two entries)");
    Ok(())
}

/// The writes timed at one size of the log.
struct WriteCosts {
    log_size: u64,
    appends_with: Vec<Duration>,
    appends_without: Vec<Duration>,
    screenings_with: Vec<Duration>,
    screenings_without: Vec<Duration>,
}

/// What the write timings need: the data directory, the screening member and what its
/// traveller matched.
struct Writes<'a> {
    data: &'a Path,
    border: &'a Member,
    matched: &'a [Matched],
}

impl Writes<'_> {
    /// Times appends and screenings' writes on a store opened as `gatecheck serve` opens
    /// its writer, in rounds: without the tree, then with it (the first write after takes
    /// in the entries written without it, and is not timed).
    fn measure(&self) -> Result<WriteCosts> {
        let mut store = Store::open(self.data)?;
        store.set_commits_wait_for_disk(false)?;
        let checkpointer = store.checkpoint_in_background()?;
        let log_size = store.audit_tree_size()?;
        let mut costs = WriteCosts {
            log_size,
            appends_with: Vec::new(),
            appends_without: Vec::new(),
            screenings_with: Vec::new(),
            screenings_without: Vec::new(),
        };
        for _ in 0..WRITE_ROUNDS {
            {
                let held_off = TreeHeldOff::new(&mut store)?;
                self.time_writes(
                    held_off.store,
                    log_size,
                    &mut costs.appends_without,
                    &mut costs.screenings_without,
                )?;
                held_off.end()?;
            }
            let size = store.audit_tree_size()?;
            store.append_audit(&screening_entry(size), audit::chain_hash)?;
            self.time_writes(
                &mut store,
                log_size,
                &mut costs.appends_with,
                &mut costs.screenings_with,
            )?;
        }
        drop(checkpointer);
        Ok(costs)
    }

    fn time_writes(
        &self,
        store: &mut Store,
        size: u64,
        appends: &mut Vec<Duration>,
        screenings: &mut Vec<Duration>,
    ) -> Result<()> {
        for turn in 0..APPENDS_A_ROUND as u64 {
            let entry = screening_entry(size + turn);
            let started = Instant::now();
            store.append_audit(&entry, audit::chain_hash)?;
            appends.push(started.elapsed());
        }
        let now = moment(size + APPENDS_A_ROUND as u64);
        for _ in 0..SCREENINGS_A_ROUND {
            let entry = audit::entry(
                now,
                "member:border",
                audit::Action::ScreenPerson,
                "query t-hit",
                TRAVELLER.as_bytes(),
            );
            let started = Instant::now();
            hits::record_hits(
                store,
                self.border,
                TRAVELLER,
                self.matched,
                Some(entry),
                now,
            )?;
            screenings.push(started.elapsed());
        }
        Ok(())
    }
}

/// The tree held off while writes are timed without it: a leaf far beyond the log makes
/// the store take every entry as in the tree already (as for a log whose tree is ahead),
/// so a write does all it does but the tree's part (less one read: the tree's size).
/// Taken away at the end; the next write takes in the entries written meanwhile, as it
/// takes in those of a log written before the tree was kept.
struct TreeHeldOff<'s> {
    store: &'s mut Store,
}

impl<'s> TreeHeldOff<'s> {
    fn new(store: &'s mut Store) -> Result<TreeHeldOff<'s>> {
        store.connection_for_tests().execute(
            "INSERT INTO audit_node (level, position, hash) VALUES (0, ?1, zeroblob(32))",
            [FAR_LEAF],
        )?;
        Ok(TreeHeldOff { store })
    }

    fn end(self) -> Result<()> {
        self.store.connection_for_tests().execute(
            "DELETE FROM audit_node WHERE level = 0 AND position = ?1",
            [FAR_LEAF],
        )?;
        Ok(())
    }
}

fn directory_bytes(directory: &Path) -> Result<u64> {
    let mut bytes = 0;
    for entry in std::fs::read_dir(directory)? {
        let metadata = entry?.metadata()?;
        if metadata.is_file() {
            bytes += metadata.len();
        }
    }
    Ok(bytes)
}

fn quantile(sorted: &[Duration], q: f64) -> Duration {
    sorted
        .get(((sorted.len() as f64 * q) as usize).min(sorted.len().saturating_sub(1)))
        .copied()
        .unwrap_or_default()
}

fn median(times: &[Duration]) -> Duration {
    let mut sorted = times.to_vec();
    sorted.sort();
    quantile(&sorted, 0.5)
}

fn micros(time: Duration) -> f64 {
    time.as_secs_f64() * 1e6
}

/// Median and mean in µs.
fn shown(times: &[Duration]) -> String {
    let mean = times.iter().sum::<Duration>() / times.len().max(1) as u32;
    format!("{:.1} ({:.1})", micros(median(times)), micros(mean))
}
