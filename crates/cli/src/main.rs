//! The `gatecheck` binary: screening from the command line, demo data and benchmarks.

mod admin;
mod audit_command;
mod bench;
mod bench_console;
mod bench_documents;
mod bench_edifact;
mod bench_evidence;
mod bench_manifest;
mod bench_payments;
mod bench_retro;
mod bench_service;
mod demo;
mod import;
mod load;
mod manifest_command;
mod match_command;
mod migrate_command;
mod mrz_command;
mod sorted_runs;
mod transactions_command;
mod users;
mod wire;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Screening allocates and frees many small maps and vectors a query, from several threads;
/// mimalloc does that about a third faster than the system allocator (see ARCHITECTURE.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `purge_delay` option (`mi_option_purge_delay` in its `mimalloc.h`, the same
/// place in the list of options in its v2 and v3, which keep retired options' places;
/// `libmimalloc-sys` names no constant for it). Checked against the allocator's own
/// listing by `tests/operators_cli.rs` (`the_allocator_option_set_at_start_is_its_purge_delay`).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Keeps the memory the process frees for its own reuse rather than returning it to the
/// system (mimalloc's purge, an `madvise` of the freed pages, put off for ever: `-1`).
///
/// Measured need: a screening frees pages that the next reuses, and the purge returned
/// them about a thousand times a second under load (`perf record -e
/// syscalls:sys_enter_madvise`), each return faulted back in by the next screening. At
/// 900 screenings/s offered (1,000,000 persons, 10,000,000 documents), two nodes on
/// PostgreSQL stalled for 230-300 ms in three runs of four with the purge (p99 231-275
/// ms), and in none of two without (p99 18.2 and 20.5 ms); a thread returning pages was
/// seen kept off the processors for 99 ms while the other threads waited. The process then
/// holds its peak memory (the index, which it keeps anyway, is most of it).
///
/// Set with `MIMALLOC_PURGE_DELAY` in the environment, the operator's value is kept.
fn keep_freed_memory() {
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_some() {
        return;
    }
    // SAFETY: `mi_option_set` takes an option's number and a value and only stores the
    // value, which mimalloc reads when it next considers a purge; the number is that of
    // `mi_option_purge_delay` (above), whose `-1` means "never purge".
    #[allow(unsafe_code)]
    unsafe {
        libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1);
    }
}

/// Screening of travellers, travel documents and flights against shared watchlists.
#[derive(Parser)]
#[command(name = "gatecheck", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Screen queries against one or more lists of FollowTheMoney entity lines.
    Match(match_command::MatchArgs),
    /// Generate fictional persons and travellers, screen them with explanations, then run the
    /// service on them: members, access rules, hits, a stolen passport read from its zone,
    /// notifications, a flight, console users (data in DIR/data for `serve`).
    Demo {
        /// Where to write the generated files (kept for a look afterwards).
        #[arg(long, default_value = "target/demo")]
        dir: PathBuf,
        /// Listed persons to generate.
        #[arg(long, default_value_t = 10_000)]
        persons: usize,
    },
    /// Write a generated list of fictional persons as FollowTheMoney lines.
    Generate {
        #[arg(long)]
        persons: usize,
        #[arg(long, default_value_t = 7)]
        seed: u64,
        #[arg(long)]
        out: PathBuf,
    },
    /// Measure index build time, memory and query latency on generated persons.
    Bench(bench::BenchArgs),
    /// Add, list and revoke members and their API keys, and set how others reach them
    /// (`member add` makes a new data directory; every other command needs one).
    #[command(subcommand)]
    Member(admin::MemberCommand),
    /// Add, list, disable and enable the console's users (people who sign in to the web pages).
    #[command(subcommand)]
    User(users::UserCommand),
    /// Check the tamper-evident audit log, sign checkpoints of it, and write or re-check
    /// evidence bundles of it.
    #[command(subcommand)]
    Audit(audit_command::AuditCommand),
    /// Create and show the hub's key, which signs the audit log's checkpoints.
    #[command(subcommand)]
    Keys(audit_command::KeysCommand),
    /// Import a file of records (FtM entity lines, a published list's XML or OFAC's sdn.csv,
    /// lost and stolen document CSV) as one member's: checked whole first, written in resumable batches; stored
    /// records keep the terms the import does not give, and wider access or changed actions
    /// are refused unless confirmed.
    Import(import::ImportArgs),
    /// Copy a data directory's store into an empty PostgreSQL database (one transaction,
    /// verified before it commits: every table's rows, the audit log's head and tree, the
    /// newest rows read back), for `serve --data DIR --store URL` on several nodes.
    Migrate(migrate_command::MigrateArgs),
    /// Serve the HTTP API (screening, records, hits, notifications, manifests, yente's
    /// /match) and the officer console over a data directory, one server a directory.
    Serve(admin::ServeArgs),
    /// Measure the service on loopback: import rate, index ready time, screening requests.
    BenchService(bench_service::BenchServiceArgs),
    /// Measure lost and stolen documents at scale: import rate, disk, lookups, server memory.
    BenchDocuments(bench_documents::BenchDocumentsArgs),
    /// Measure whole flights screened: manifests read, screened and kept.
    BenchManifest(bench_manifest::BenchManifestArgs),
    /// Measure retro-screening: a list update screened again against a million kept
    /// screenings.
    BenchRetro(bench_retro::BenchRetroArgs),
    /// Measure the console: the hit queue and a hit's page with many open hits.
    BenchConsole(bench_console::BenchConsoleArgs),
    /// Measure evidence at scale: a bundle of one hit checked and made in a log of 10M
    /// entries, the tree verified whole, and what the tree costs each write.
    BenchEvidence(bench_evidence::BenchEvidenceArgs),
    /// Measure UN/EDIFACT reading: MB/s of a 10 MB PAXLST interchange.
    BenchEdifact,
    /// Measure MRZ reading: zones read a second on one core.
    BenchMrz(bench_documents::BenchMrzArgs),
    /// Measure payment screening: pacs.008 latency and a file of MT103 messages against a
    /// million listed persons and organisations.
    BenchPayments(bench_payments::BenchPaymentsArgs),
    /// Screen persons, zones or a flight's manifest as a member, with the access rules
    /// applied and the hits kept, as the API does.
    #[command(subcommand)]
    Screen(ScreenCommand),
    /// Read machine-readable zones (ICAO 9303; files or standard input, documents separated
    /// by blank lines): one JSON line each.
    Mrz(mrz_command::MrzArgs),
}

#[derive(Subcommand)]
enum ScreenCommand {
    /// FollowTheMoney persons, one a line on standard input; one JSON line each.
    Person(admin::ScreenArgs),
    /// Machine-readable zones on standard input (blank lines between documents): the
    /// document and its holder screened; one JSON line each.
    Mrz(admin::ScreenArgs),
    /// A flight's passenger data (a manifest file): a verdict per traveller, one JSON
    /// document.
    Manifest(manifest_command::ScreenManifestArgs),
    /// A file of payment messages (SWIFT MT103/MT202, ISO 20022 pacs.008, pacs.009,
    /// pain.001): every party screened, a verdict (hold, pass) per message; one JSON line
    /// each. Exit 1 when a message is held.
    Payments(transactions_command::ScreenTransactionsArgs),
    /// A file of consignments (gatecheck's JSON form of the WCO data model): every party
    /// and the goods screened, a verdict per consignment; one JSON line each.
    Shipments(transactions_command::ScreenTransactionsArgs),
}

fn main() -> ExitCode {
    keep_freed_memory();
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Match(args) => match_command::run(&args),
        Command::Demo { dir, persons } => demo::run(&dir, persons),
        Command::Generate { persons, seed, out } => {
            demo::generate_to_file(persons, seed, &out).map(|()| 0)
        }
        Command::Bench(args) => bench::run(&args).map(|()| 0),
        Command::Member(command) => admin::run_member(&command),
        Command::Audit(command) => audit_command::run_audit(&command),
        Command::Keys(command) => audit_command::run_keys(&command),
        Command::User(command) => users::run(&command),
        Command::Import(args) => import::run_import(&args),
        Command::Migrate(args) => migrate_command::run(&args),
        Command::Serve(args) => admin::run_serve(&args),
        Command::BenchService(args) => bench_service::run(&args).map(|()| 0),
        Command::BenchDocuments(args) => bench_documents::run(&args).map(|()| 0),
        Command::BenchManifest(args) => bench_manifest::run(&args).map(|()| 0),
        Command::BenchEvidence(args) => bench_evidence::run(&args).map(|()| 0),
        Command::BenchEdifact => bench_edifact::run().map(|()| 0),
        Command::BenchConsole(args) => bench_console::run(&args).map(|()| 0),
        Command::BenchRetro(args) => bench_retro::run(&args).map(|()| 0),
        Command::BenchMrz(args) => bench_documents::run_mrz(&args).map(|()| 0),
        Command::BenchPayments(args) => bench_payments::run(&args).map(|()| 0),
        Command::Screen(ScreenCommand::Person(args)) => admin::run_screen_person(&args),
        Command::Screen(ScreenCommand::Mrz(args)) => mrz_command::run_screen(&args),
        Command::Screen(ScreenCommand::Manifest(args)) => manifest_command::run(&args),
        Command::Screen(ScreenCommand::Payments(args)) => {
            transactions_command::run(&args, gatecheck_server::TransactionChannel::Payments)
        }
        Command::Screen(ScreenCommand::Shipments(args)) => {
            transactions_command::run(&args, gatecheck_server::TransactionChannel::Shipments)
        }
        Command::Mrz(args) => mrz_command::run(&args),
    };
    match outcome {
        Ok(code) => ExitCode::from(code),
        Err(error) => {
            eprintln!("gatecheck: {error:#}");
            ExitCode::from(2)
        }
    }
}
