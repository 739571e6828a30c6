//! `gatecheck import`: a file of records as one member's, of any size. The file is read
//! twice: first checked whole (a bad row refuses it, naming the row) and digested, then
//! written a batch a transaction. A killed import, run again on the same file with the
//! same terms, resumes after the last batch written. Documents are written in key order
//! (sorted on the first pass, see `sorted_runs`), persons in file order.

use crate::admin::{actor, now, open, DataArgs, DEFAULT_REVIEW_SECONDS};
use crate::load::Progress;
use crate::sorted_runs;
use anyhow::{Context, Result};
use clap::Args;
use gatecheck_service::access::{Access, RecordTerms};
use gatecheck_service::dates::utc;
use gatecheck_service::documents::{read_document, TravelDocument};
use gatecheck_service::imports::{self, ImportRun};
use gatecheck_service::terms::{Confirmed, Preview, RecordKind, TermsReport, TermsUpdate};
use gatecheck_service::ServiceError;
use gatecheck_store::concepts::Backend;
use gatecheck_store::KeepTerms;
use rayon::prelude::*;
use sha2::{Digest, Sha256};
use std::collections::HashSet;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

#[derive(Args, Debug)]
pub struct ImportArgs {
    /// The member that contributes (and owns) the records.
    #[arg(long)]
    member: String,
    /// Who else sees the records on a hit: all, members (with --share-with) or owner-only.
    /// Records already stored keep their own unless this is given; new ones take `all`.
    #[arg(long)]
    access: Option<String>,
    /// A member a `members` record is shown to (repeat for several; with --access members).
    #[arg(long = "share-with", requires = "access")]
    share_with: Vec<String>,
    /// What the officer is asked to do on a hit. Records already stored keep their own
    /// unless this is given; new ones take "refer to secondary inspection".
    #[arg(long)]
    action: Option<String>,
    /// The day after which the records stop matching (YYYY-MM-DD). Records already stored
    /// keep their own unless this is given; new ones take a year on.
    #[arg(long)]
    review_by: Option<String>,
    /// Lets the import open records already stored to members that could not see them in
    /// full (without it, such an import is refused with counts, and nothing is written).
    #[arg(long)]
    accept_wider_access: bool,
    /// Lets the import give records already stored another action (without it, such an
    /// import is refused with counts, and nothing is written).
    #[arg(long)]
    accept_changed_actions: bool,
    /// The published list the file is a whole version of: the member's records of an
    /// earlier version that this file does not have are removed (they stop matching and
    /// are kept, with their versions, as evidence). The UN, OFAC, EU and UK lists are
    /// their own lists (`un-sc-consolidated`, `us-ofac-sdn`, `eu-fsf`, `gb-fcdo`) unless
    /// this says otherwise; a FollowTheMoney export is one only when this names it.
    #[arg(long, value_parser = list_name)]
    list: Option<String>,
    /// Lets a version of a list remove more than a tenth of the list's records (without
    /// it, such an import is refused with the count, and nothing is written).
    #[arg(long)]
    accept_removals: bool,
    /// Screens the travellers screened in the last days (persons, document holders,
    /// flights) again against the records the import added or changed, raising the hits
    /// they make now (0: not at all).
    #[arg(long, default_value_t = gatecheck_service::retro::DEFAULT_DAYS,
          value_parser = clap::value_parser!(u32).range(0..=gatecheck_service::retro::MAX_DAYS as i64))]
    retro_days: u32,
    /// The score from which screening again raises a hit (the server's threshold).
    #[arg(long, default_value_t = 0.7)]
    threshold: f32,
    /// Records written per transaction (a server beside the import waits at most for one):
    /// by default 50,000 persons or 250,000 documents.
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    batch: Option<u32>,
    /// A FollowTheMoney export (entity lines); a published list in XML (a file ending in
    /// .xml, read by its root element: the UN Security Council consolidated list, OFAC's
    /// SDN_ADVANCED.XML, the EU's consolidated financial sanctions list, the UK Sanctions
    /// List); the OFAC SDN list in its legacy CSV form (a file named sdn.csv, with alt.csv,
    /// add.csv and sdn_comments.csv beside it); the UK Sanctions List's CSV (its header
    /// says so); or lost and stolen documents (another file ending in .csv, columns
    /// number,issuing_state,type,status,reported_on).
    file: PathBuf,
    #[command(flatten)]
    data: DataArgs,
}

/// The most bytes of one entity line.
const MAX_LINE_BYTES: u64 = 1 << 20;
/// Document rows checked together on both cores.
const CHECK_ROWS: usize = 65_536;
/// The most problems listed when a file is refused.
const MAX_PROBLEMS: usize = 20;

/// A list's name as `--list` takes it: 1 to 64 lowercase letters, digits, `-` and `_`.
fn list_name(text: &str) -> Result<String, String> {
    let valid = (1..=64).contains(&text.len())
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
    if valid {
        Ok(text.to_string())
    } else {
        Err("a list's name is 1 to 64 lowercase letters, digits, '-' and '_'".to_string())
    }
}

/// The published lists known by their entity ids' prefix (their readers give each entity
/// the list's id for it with this prefix): (prefix, the list's name).
const PUBLISHED_LISTS: [(&str, &str); 4] = [
    ("un-", "un-sc-consolidated"),
    ("ofac-", "us-ofac-sdn"),
    ("eu-fsf-", "eu-fsf"),
    ("gb-fcdo-", "gb-fcdo"),
];

/// The published list whose entities these are: the one whose prefix every id has.
fn published_list_of<'a>(mut ids: impl Iterator<Item = &'a str>) -> Option<&'static str> {
    let first = ids.next()?;
    let (prefix, name) = PUBLISHED_LISTS
        .iter()
        .find(|(prefix, _)| first.starts_with(prefix))?;
    ids.all(|id| id.starts_with(prefix)).then_some(*name)
}

/// The most of a list's records a version may remove without `--accept-removals`: a
/// tenth (and never fewer than ten), so that a cut or wrong file does not silently stop
/// thousands of listed people from matching.
fn removals_allowed(stored: usize) -> usize {
    (stored / 10).max(10)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    EntityLines,
    /// A published list in XML (`.xml`, see `load::published_list`), the OFAC SDN list
    /// (`sdn.csv` and the files beside it) or the UK Sanctions List's CSV.
    PublishedList,
    Documents,
}

impl Kind {
    /// Records a transaction by default: a batch of documents is small (a few dozen bytes
    /// each) and the larger it is, the fewer times the key index is rewritten.
    fn batch(self) -> usize {
        match self {
            Kind::Documents => 250_000,
            Kind::EntityLines | Kind::PublishedList => 50_000,
        }
    }

    fn of(path: &Path) -> Kind {
        let name = path
            .file_name()
            .and_then(|name| name.to_str())
            .map(str::to_ascii_lowercase);
        if name.as_deref() == Some("sdn.csv") {
            return Kind::PublishedList;
        }
        let extension = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match extension.as_deref() {
            Some("xml") => Kind::PublishedList,
            Some("csv") if crate::load::is_uk_sanctions_csv(path) => Kind::PublishedList,
            Some("csv") => Kind::Documents,
            _ => Kind::EntityLines,
        }
    }
}

/// The flags that confirm what an import would otherwise be refused for.
const CONFIRMATIONS: [&str; 2] = ["--accept-wider-access", "--accept-changed-actions"];

pub fn run_import(args: &ImportArgs) -> Result<u8> {
    let now = now();
    let given_access = match &args.access {
        Some(level) => Some(Access::parse(level, args.share_with.clone())?),
        None => None,
    };
    let update = TermsUpdate {
        keep: KeepTerms {
            access: given_access.is_none(),
            action: args.action.is_none(),
            review_by: args.review_by.is_none(),
        },
        terms: RecordTerms {
            access: given_access.unwrap_or(Access::All),
            action: args
                .action
                .clone()
                .unwrap_or_else(|| DEFAULT_ACTION.to_string()),
            review_by: match &args.review_by {
                Some(date) => date.clone(),
                None => utc(now + DEFAULT_REVIEW_SECONDS)[..10].to_string(),
            },
        },
    };
    let confirmed = Confirmed {
        wider_access: args.accept_wider_access,
        changed_actions: args.accept_changed_actions,
    };
    anyhow::ensure!(
        (0.0..=1.0).contains(&args.threshold),
        "--threshold: {} is not between 0 and 1",
        args.threshold
    );
    let mut store = open(&args.data)?;
    let changes_before = store.last_change()?;
    let (done, changed) = import_file_with(
        &mut *store,
        &args.member,
        &args.file,
        &ImportOptions {
            update,
            confirmed,
            list: args.list.clone(),
            accept_removals: args.accept_removals,
            batch: args.batch.map(|batch| batch as usize),
            sort_in: if args.data.directory.is_dir() {
                args.data.directory.clone()
            } else {
                std::env::temp_dir()
            },
        },
        &actor(),
        now,
    )?;
    println!(
        "imported {}: {} records: {} added, {} changed, {} unchanged, {} removed",
        args.file.display(),
        done.items_done,
        done.counts.added,
        done.counts.changed,
        done.counts.unchanged,
        done.counts.removed
    );
    if !changed.is_empty() {
        println!("terms: {}", changed.text(false));
    }
    if done.counts.added + done.counts.changed > 0 {
        screen_again(&mut *store, changes_before, args, Kind::of(&args.file))?;
    }
    Ok(0)
}

/// Screens the screenings kept from the last `--retro-days` days again against the person
/// records changed after change `changes_before` (this import's, and any other writer's
/// meanwhile), and says what it found.
fn screen_again(
    store: &mut dyn Backend,
    changes_before: i64,
    args: &ImportArgs,
    kind: Kind,
) -> Result<()> {
    let now = now();
    let days = args.retro_days;
    if days == 0 {
        return Ok(());
    }
    gatecheck_service::retro::forget_old(
        &gatecheck_service::screen::OneStore::new(store),
        days,
        now,
    )?;
    let kept = store.kept_screening_count(now - i64::from(days) * 86_400)?;
    if kept == 0 {
        return Ok(());
    }
    let started = std::time::Instant::now();
    let config = gatecheck_engine::watchlist::MatchConfig::default();
    let settings = gatecheck_service::screen::Settings {
        limit: 5,
        threshold: args.threshold,
        matching: &config,
        shift_seconds: 0,
    };
    if kind == Kind::Documents {
        // documents are looked up in the store: the document screenings of the window are
        // looked up again
        let index = gatecheck_service::screening::ScreeningIndex::build(store, &utc(now)[..10])?;
        let stores = gatecheck_service::screen::OneStore::new(store);
        let report = gatecheck_service::retro::screen_documents_again(
            &index,
            &stores,
            None,
            settings,
            days,
            &actor(),
            now,
        )?;
        println!(
            "screened again: {} document look-ups of the last {days} days: {} new hits",
            report.screenings, report.hits
        );
        eprintln!(
            "{}: screened again in {:.1} s",
            args.file.display(),
            started.elapsed().as_secs_f64()
        );
        return Ok(());
    }
    let mut changed = Vec::new();
    let mut after = changes_before;
    loop {
        let page = store.changes_after(after, 100_000)?;
        let Some(last) = page.last() else {
            break;
        };
        after = last.seq;
        changed.extend(page.iter().map(|change| change.record));
    }
    changed.sort_unstable();
    changed.dedup();
    let index = gatecheck_service::screening::ScreeningIndex::build(store, &utc(now)[..10])?;
    let stores = gatecheck_service::screen::OneStore::new(store);
    let report = gatecheck_service::retro::screen_again(
        &index,
        &stores,
        &changed,
        settings,
        days,
        &actor(),
        now,
    )?;
    println!(
        "screened again: {} screenings of the last {days} days against {} records added or changed: {} new hits",
        report.screenings, report.records, report.hits
    );
    eprintln!(
        "{}: screened again in {:.1} s ({} came near and were confirmed on the whole index)",
        args.file.display(),
        started.elapsed().as_secs_f64(),
        report.confirmed
    );
    Ok(())
}

/// What new records are asked to do when an import does not say.
const DEFAULT_ACTION: &str = "refer to secondary inspection";

/// How a file is imported: its terms, what the operator confirmed, records a transaction.
pub struct ImportOptions {
    pub update: TermsUpdate,
    pub confirmed: Confirmed,
    /// The list the file is a whole version of (a published list is its own by default).
    pub list: Option<String>,
    /// Whether a version may remove more than [`removals_allowed`] of its list's records.
    pub accept_removals: bool,
    /// Records a transaction; by default as the kind of file asks.
    pub batch: Option<usize>,
    /// Where a large file of documents is sorted in runs (the data directory's disk,
    /// which has room for the store).
    pub sort_in: PathBuf,
}

/// Imports the file at `path` as records of `member` with `terms` for every record (an
/// import that would widen stored records' access or change their actions is refused),
/// `batch` records a transaction; returns the import as it ends.
pub fn import_file(
    store: &mut dyn Backend,
    member: &str,
    path: &Path,
    terms: &RecordTerms,
    batch: Option<usize>,
    actor: &str,
    now: i64,
) -> Result<gatecheck_store::ImportRow> {
    let options = ImportOptions {
        update: TermsUpdate::set(terms.clone()),
        confirmed: Confirmed::default(),
        list: None,
        accept_removals: false,
        batch,
        sort_in: std::env::temp_dir(),
    };
    Ok(import_file_with(store, member, path, &options, actor, now)?.0)
}

/// Imports the file at `path` as records of `member`, resuming an unfinished import of
/// the same file with the same terms. Before anything is written, what the terms would
/// change on records already stored is counted, and an import that would widen their
/// access or change their actions without `options.confirmed` saying so is refused with
/// the counts. Returns the import as it ends and the changes of terms it made. The same
/// on every backend: the store is written through its concepts only.
pub fn import_file_with(
    store: &mut dyn Backend,
    member: &str,
    path: &Path,
    options: &ImportOptions,
    actor: &str,
    now: i64,
) -> Result<(gatecheck_store::ImportRow, TermsReport)> {
    let label = path.display().to_string();
    let size = std::fs::metadata(path)
        .with_context(|| format!("reading {label}"))?
        .len();
    let kind = Kind::of(path);
    let started = std::time::Instant::now();
    let mut preview = imports::preview(
        store,
        member,
        &options.update,
        match kind {
            Kind::Documents => RecordKind::Document,
            Kind::EntityLines | Kind::PublishedList => RecordKind::Person,
        },
    )?;
    // first pass: every item checked, the file digested, the records already stored
    // that the terms would change counted; nothing is written yet
    let mut sorted_documents = None;
    let mut graph = gatecheck_formats::ftm_graph::Graph::new();
    // every entity id of the file, when it is a version of a list
    let mut kept: HashSet<String> = HashSet::new();
    let mut list = options.list.clone();
    anyhow::ensure!(
        !(list.is_some() && kind == Kind::Documents),
        "{label}: lost and stolen documents are not entries of a published list (--list)"
    );
    let (digest, items, un_entities) = match kind {
        Kind::PublishedList => {
            let entities = crate::load::published_list(path).context("not a published list")??;
            let ids: Vec<&str> = entities
                .iter()
                .filter_map(|entity| entity.get("id").and_then(serde_json::Value::as_str))
                .collect();
            preview.add_entities(store, &ids)?;
            if list.is_none() {
                list = published_list_of(ids.iter().copied()).map(str::to_string);
            }
            kept.extend(ids.iter().map(|id| id.to_string()));
            let lines: Vec<String> = entities.iter().map(|e| e.to_string()).collect();
            // the entities read, digested: of every file the list is read from
            let mut digest = Sha256::new();
            for line in &lines {
                digest.update(line.as_bytes());
                digest.update(b"\n");
            }
            (hex(digest.finalize()), lines.len(), lines)
        }
        Kind::EntityLines => {
            graph =
                crate::load::collect_graph(path, &format!("reading {label}"))?.unwrap_or_default();
            let collect = list.is_some().then_some(&mut kept);
            let (digest, items) =
                check_entity_lines(path, size, store, &graph, &mut preview, collect)?;
            if !graph.is_flat() || !graph.report().skipped.is_empty() {
                eprintln!("{label}: {}", graph.report().summary());
            }
            (digest, items, Vec::new())
        }
        Kind::Documents => {
            let (digest, items, sorted) =
                check_documents(path, size, store, &options.sort_in, &mut preview)?;
            sorted_documents = Some(sorted);
            (digest, items, Vec::new())
        }
    };
    eprintln!(
        "{label}: {items} records checked in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    preview
        .report()
        .check(options.confirmed, CONFIRMATIONS)
        .with_context(|| format!("{label}: refused"))?;
    if !preview.report().is_empty() {
        eprintln!("{label}: {}", preview.report().text(true));
    }
    if let Some(list) = &list {
        let (missing, stored) = imports::removals(store, member, list, &kept)?;
        if missing.len() > removals_allowed(stored) && !options.accept_removals {
            anyhow::bail!(
                "{label}: refused: this version of list {list} would remove {} of its {stored} records ({}); \
                 if the file is the whole newer version, run again with --accept-removals",
                missing.len(),
                shown_ids(&missing)
            );
        }
        if !missing.is_empty() {
            eprintln!(
                "{label}: {} records of list {list} are not in this version and will be removed: {}",
                missing.len(),
                shown_ids(&missing)
            );
        }
    }
    let started = std::time::Instant::now();
    let file = imports::FileImported {
        name: &label,
        digest: &digest,
        list: list.as_deref(),
    };
    let mut run = imports::begin(store, member, &file, &options.update, actor, now)?
        .confirming(options.confirmed, CONFIRMATIONS);
    if run.items_done() > 0 {
        eprintln!(
            "resuming import {} of {label} after {} of {items} records",
            run.id(),
            run.items_done()
        );
    }
    let batch = options.batch.unwrap_or(kind.batch()).max(1);
    match kind {
        Kind::PublishedList => {
            for chunk in un_entities[run.items_done().min(un_entities.len())..].chunks(batch) {
                run.write_entities(store, chunk, now)?;
            }
        }
        Kind::EntityLines => write_entity_lines(store, &mut run, path, size, &graph, batch, now)?,
        Kind::Documents => {
            let sorted = sorted_documents.context("the documents were not sorted")?;
            write_documents(store, &mut run, &label, sorted, items, batch, now)?
        }
    }
    run.remove_missing(store, &kept, now)?;
    let changed = run.terms_changed();
    let done = run.finish(store, now)?;
    eprintln!(
        "{label}: written in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok((done, changed))
}

/// Entity ids as a message names them: the first few, and how many more.
fn shown_ids(ids: &[String]) -> String {
    const SHOWN: usize = 10;
    let mut text = ids
        .iter()
        .take(SHOWN)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if ids.len() > SHOWN {
        text.push_str(&format!(" and {} more", ids.len() - SHOWN));
    }
    text
}

fn hex(bytes: impl AsRef<[u8]>) -> String {
    gatecheck_service::audit::hex(bytes.as_ref())
}

fn reader(path: &Path) -> Result<BufReader<std::fs::File>> {
    let file = std::fs::File::open(path).with_context(|| format!("reading {}", path.display()))?;
    Ok(BufReader::with_capacity(1 << 20, file))
}

/// A line of an entity file as read: its number and its bytes (with the line's end).
type RawLine = (u64, Vec<u8>);

/// Lines read at once and worked on in parallel by [`for_each_chunk`]'s caller.
const CHUNK_LINES: usize = 4_096;

/// Calls `each` with the lines of an entity file in order, a chunk of up to
/// [`CHUNK_LINES`] at a time, each with its number, so that the caller may read a chunk's
/// lines in parallel and take what they give in order; a line longer than
/// [`MAX_LINE_BYTES`] is an error naming it.
fn for_each_chunk(path: &Path, mut each: impl FnMut(&[RawLine]) -> Result<()>) -> Result<()> {
    let mut input = reader(path)?;
    let mut chunk: Vec<RawLine> = Vec::with_capacity(CHUNK_LINES);
    let mut line_number = 0u64;
    loop {
        let mut buffer = Vec::new();
        let read = (&mut input)
            .take(MAX_LINE_BYTES + 1)
            .read_until(b'\n', &mut buffer)
            .with_context(|| format!("reading {}", path.display()))?;
        if read == 0 {
            if !chunk.is_empty() {
                each(&chunk)?;
            }
            return Ok(());
        }
        line_number += 1;
        anyhow::ensure!(
            buffer.len() as u64 <= MAX_LINE_BYTES,
            "{}: line {line_number}: longer than {MAX_LINE_BYTES} bytes",
            path.display()
        );
        chunk.push((line_number, buffer));
        if chunk.len() == CHUNK_LINES {
            each(&chunk)?;
            chunk.clear();
        }
    }
}

/// What a line of an entity file is screened as: the line with what attaches to it
/// (`None`: a blank line, or an entity of a schema not screened), or why it is not an
/// entity.
fn screened_line(
    graph: &gatecheck_formats::ftm_graph::Graph,
    raw: &[u8],
) -> Result<Option<String>, String> {
    let line = std::str::from_utf8(raw).map_err(|_| "not UTF-8 text".to_string())?;
    let line = line.trim();
    if line.is_empty() {
        return Ok(None);
    }
    graph.screened_line(line).map_err(|error| error.to_string())
}

fn refuse(label: &str, problems: &[String], more: usize) -> anyhow::Error {
    let more = if more > 0 {
        format!(" (and {more} more)")
    } else {
        String::new()
    };
    anyhow::anyhow!("{label}: nothing imported: {}{more}", problems.join("; "))
}

/// Entity ids or documents looked up together for a preview.
const LOOKUP_ITEMS: usize = 4_096;

/// Checks every line of an entity file, counting into `preview` what its terms would
/// change on the records already stored; returns the file's digest and its entity count.
fn check_entity_lines(
    path: &Path,
    size: u64,
    store: &dyn Backend,
    graph: &gatecheck_formats::ftm_graph::Graph,
    preview: &mut Preview,
    mut kept: Option<&mut HashSet<String>>,
) -> Result<(String, usize)> {
    let label = path.display().to_string();
    let mut digest = Sha256::new();
    let mut progress = Progress::new(Some(size), &format!("checking {label}"));
    let (mut items, mut problems, mut more) = (0usize, Vec::new(), 0usize);
    let mut ids: Vec<String> = Vec::new();
    let look_up = |ids: &mut Vec<String>, preview: &mut Preview| -> Result<()> {
        let batch: Vec<&str> = ids.iter().map(String::as_str).collect();
        preview.add_entities(store, &batch)?;
        ids.clear();
        Ok(())
    };
    for_each_chunk(path, |chunk| {
        // each line read and checked on every core, what they give taken in order
        let checked: Vec<Result<Option<String>, String>> = chunk
            .par_iter()
            .map(|(_, raw)| match screened_line(graph, raw)? {
                Some(line) => gatecheck_formats::ftm::check_entity(&line)
                    .map(|entity| Some(entity.id))
                    .map_err(|error| error.to_string()),
                None => Ok(None),
            })
            .collect();
        for ((number, raw), checked) in chunk.iter().zip(checked) {
            digest.update(raw);
            progress.advance(raw.len() as u64);
            match checked {
                // blank, or of a schema not screened: attached to what it names, or counted
                Ok(None) => {}
                Ok(Some(id)) => {
                    items += 1;
                    if let Some(kept) = kept.as_deref_mut() {
                        kept.insert(id.clone());
                    }
                    if preview.needs_lookups() && problems.is_empty() {
                        ids.push(id);
                        if ids.len() == LOOKUP_ITEMS {
                            look_up(&mut ids, preview)?;
                        }
                    }
                }
                Err(_) if problems.len() >= MAX_PROBLEMS => more += 1,
                Err(problem) => problems.push(format!("line {number}: {problem}")),
            }
        }
        Ok(())
    })?;
    look_up(&mut ids, preview)?;
    progress.finish();
    if !problems.is_empty() {
        return Err(refuse(&label, &problems, more));
    }
    Ok((hex(digest.finalize()), items))
}

fn write_entity_lines(
    store: &mut dyn Backend,
    run: &mut ImportRun,
    path: &Path,
    size: u64,
    graph: &gatecheck_formats::ftm_graph::Graph,
    batch: usize,
    now: i64,
) -> Result<()> {
    let mut progress = Progress::new(Some(size), &format!("importing {}", path.display()));
    let skip = run.items_done();
    let (mut seen, mut pending) = (0usize, Vec::with_capacity(batch));
    for_each_chunk(path, |chunk| {
        // checked whole before: every line reads
        let lines: Vec<Result<Option<String>, String>> = chunk
            .par_iter()
            .map(|(_, raw)| screened_line(graph, raw))
            .collect();
        for ((number, raw), line) in chunk.iter().zip(lines) {
            progress.advance(raw.len() as u64);
            let line = line
                .map_err(|error| anyhow::anyhow!("{}: line {number}: {error}", path.display()))?;
            let Some(line) = line else {
                continue;
            };
            seen += 1;
            if seen <= skip {
                continue;
            }
            pending.push(line);
            if pending.len() == batch {
                run.write_entities(store, &pending, now)?;
                pending.clear();
            }
        }
        Ok(())
    })?;
    if !pending.is_empty() {
        run.write_entities(store, &pending, now)?;
    }
    progress.finish();
    Ok(())
}

/// A reader that digests what passes through it.
struct Digesting<R> {
    inner: R,
    digest: Sha256,
}

impl<R: Read> Read for Digesting<R> {
    fn read(&mut self, buffer: &mut [u8]) -> std::io::Result<usize> {
        let read = self.inner.read(buffer)?;
        self.digest.update(&buffer[..read]);
        Ok(read)
    }
}

/// A document row checked, or the problem with it named by line and column.
fn document_of(
    row: &gatecheck_formats::documents_csv::DocumentLine,
) -> Result<TravelDocument, String> {
    let [number, state, kind, status, reported_on] = &row.fields;
    read_document(number, state, kind, status, reported_on).map_err(|error| {
        let column = match &error {
            ServiceError::Invalid { field, .. } => gatecheck_formats::documents_csv::COLUMNS
                .iter()
                .position(|column| column == field)
                .map(|at| format!(", column {} ({field})", at + 1)),
            _ => None,
        };
        format!("line {}{}: {error}", row.line, column.unwrap_or_default())
    })
}

/// A checked document as a row to be sorted (see [`sorted_runs`]): its key fields first.
fn document_row(document: &TravelDocument) -> String {
    let separator = sorted_runs::SEPARATOR;
    format!(
        "{}{separator}{}{separator}{}{separator}{}{separator}{}",
        document.number,
        document.issuing_state,
        document.kind,
        document.status,
        document.reported_on
    )
}

/// A row of [`document_row`] read back (written by this process, so well formed).
fn row_document(row: &str) -> Result<TravelDocument> {
    let mut fields = row.split(sorted_runs::SEPARATOR).map(str::to_string);
    let mut next = || fields.next().context("a sorted document row lost a field");
    Ok(TravelDocument {
        number: next()?,
        issuing_state: next()?,
        kind: next()?,
        status: next()?.parse().context("a sorted document row's status")?,
        reported_on: next()?,
    })
}

/// Checks every row of a document file; returns the file's digest, its row count, and its
/// documents in key order (sorted in runs spilled beside the data when many).
fn check_documents(
    path: &Path,
    size: u64,
    store: &dyn Backend,
    sort_in: &Path,
    preview: &mut Preview,
) -> Result<(String, usize, sorted_runs::SortedRows)> {
    let label = path.display().to_string();
    let mut progress = Progress::new(Some(size), &format!("checking {label}"));
    let input = Digesting {
        inner: reader(path)?,
        digest: Sha256::new(),
    };
    let mut rows = gatecheck_formats::documents_csv::rows(input);
    let mut sorter = sorted_runs::RunWriter::new(sort_in);
    let (mut items, mut problems, mut more, mut position) = (0usize, Vec::new(), 0usize, 0u64);
    // rows are read in order and checked on both cores, a chunk at a time
    let mut chunk = Vec::with_capacity(CHECK_ROWS);
    loop {
        chunk.clear();
        chunk.extend(rows.by_ref().take(CHECK_ROWS));
        if chunk.is_empty() {
            break;
        }
        let checked: Vec<Result<TravelDocument, String>> = chunk
            .par_iter()
            .map(|row| match row {
                Ok(row) => document_of(row),
                Err(problem) => Err(problem.to_string()),
            })
            .collect();
        if preview.needs_lookups() {
            let documents: Vec<TravelDocument> = checked
                .iter()
                .filter_map(|outcome| outcome.as_ref().ok().cloned())
                .collect();
            for part in documents.chunks(LOOKUP_ITEMS) {
                let keys: Vec<(&str, &str, &str)> = part.iter().map(TravelDocument::key).collect();
                preview.add_documents(store, &keys)?;
            }
        }
        if let Some(Ok(last)) = chunk.last() {
            progress.advance(last.byte.saturating_sub(position));
            position = last.byte;
        }
        for outcome in checked {
            match outcome {
                Ok(document) => {
                    items += 1;
                    // once a problem is found, rows are only checked
                    if problems.is_empty() {
                        sorter.push(document_row(&document))?;
                    }
                }
                Err(_) if problems.len() >= MAX_PROBLEMS => more += 1,
                Err(problem) => problems.push(problem),
            }
        }
    }
    progress.finish();
    if !problems.is_empty() {
        return Err(refuse(&label, &problems, more));
    }
    let input = rows.into_inner();
    let sorted = sorter.finish()?;
    Ok((hex(input.digest.finalize()), items, sorted))
}

/// Writes the documents of the file, in key order, after the first `run.items_done()`.
/// The sorted runs are merged and read back into batches on a thread of their own while
/// the store writes the batch before.
fn write_documents(
    store: &mut dyn Backend,
    run: &mut ImportRun,
    label: &str,
    sorted: sorted_runs::SortedRows,
    items: usize,
    batch: usize,
    now: i64,
) -> Result<()> {
    let mut progress = Progress::counting(items as u64, &format!("importing {label}"));
    let skip = run.items_done();
    progress.advance(skip as u64);
    let (sender, batches) = std::sync::mpsc::sync_channel::<Result<Vec<TravelDocument>>>(2);
    let reader = std::thread::spawn(move || {
        let mut pending = Vec::with_capacity(batch);
        for row in sorted.skip(skip) {
            let document = row.and_then(|row| row_document(&row));
            match document {
                Ok(document) => pending.push(document),
                Err(error) => {
                    let _ = sender.send(Err(error));
                    return;
                }
            }
            if pending.len() == batch {
                let full = std::mem::replace(&mut pending, Vec::with_capacity(batch));
                if sender.send(Ok(full)).is_err() {
                    return; // the writer stopped
                }
            }
        }
        if !pending.is_empty() {
            let _ = sender.send(Ok(pending));
        }
    });
    let mut outcome = Ok(());
    for documents in batches {
        let written = documents.and_then(|documents| {
            let count = documents.len() as u64;
            run.write_documents(store, documents, now)?;
            Ok(count)
        });
        match written {
            Ok(count) => progress.advance(count),
            Err(error) => {
                outcome = Err(error);
                break;
            }
        }
    }
    // dropping the receiver (on an error) stops the reader at its next batch
    let _ = reader.join();
    progress.finish();
    outcome
}
