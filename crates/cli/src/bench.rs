//! `gatecheck bench`: index build time, memory, query latency and throughput on a generated
//! list of fictional persons, printed as a report (or as one JSON object with `--json`).
//!
//! The list comes from the demo generator, so a seed gives the same list and queries on every
//! run. The FtM lines are generated first, untimed; the build is timed from those lines in
//! memory through parsing and indexing to a finished [`Watchlist`].

use std::collections::HashMap;
use std::fs;
use std::hint::black_box;
use std::time::{Duration, Instant};

use anyhow::Context;
use clap::Args;
use gatecheck_engine::watchlist::{KeepEntry, MatchConfig, Watchlist, WatchlistBuilder};
use gatecheck_formats::ftm::{self, Entity};
use gatecheck_formats::FormatError;
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use serde_json::{json, Value};

use crate::demo::{self, Generated, NamePool, Rng};

#[derive(Args, Debug)]
pub struct BenchArgs {
    /// Listed persons to generate and index.
    #[arg(long, default_value_t = 1_000_000)]
    pub persons: usize,
    /// Queries to screen: half made from listed persons, half innocent travellers.
    #[arg(long, default_value_t = 2_000)]
    pub queries: usize,
    /// Seed of the generator: the same seed gives the same list and queries.
    #[arg(long, default_value_t = 7)]
    pub seed: u64,
    /// Print the figures as one JSON object instead of the report.
    #[arg(long)]
    pub json: bool,
    /// Print every listed-derived query whose source person was not the top match.
    #[arg(long)]
    pub show_misses: bool,
    /// The least time, in seconds, the throughput measurement runs.
    #[arg(long, default_value_t = 3.0)]
    pub throughput_seconds: f64,
    /// Also time screening over the list and segments indexed beside it, as a server holds
    /// the records written since its last full build: the segments' sizes, oldest first
    /// (e.g. `256,64,16,4,1`), each of persons generated after the list. Prints the time a
    /// query takes over the list alone and over the list and segments, on one thread.
    #[arg(long, value_delimiter = ',')]
    pub segments: Vec<usize>,
}

/// Lines parsed together in one parallel batch, as `load.rs` does.
const BATCH_LINES: usize = 8192;

/// Results asked for per query, as `gatecheck match` asks by default.
const RESULTS_PER_QUERY: usize = 5;

/// Score at or above which a result counts as a match (the `gatecheck match` default).
const MATCH_THRESHOLD: f64 = 0.7;

/// Whether a score is a match, read as `gatecheck match` reads it: rounded to four decimals
/// (as `wire.rs` writes it), then compared with the threshold.
fn is_match(score: f32) -> bool {
    (f64::from(score) * 10_000.0).round() / 10_000.0 >= MATCH_THRESHOLD
}

/// How far the query generator's seed is from the list's (7 gives 11, as in the demo).
const QUERY_SEED_OFFSET: u64 = 4;

/// Runs the benchmark and prints its report.
pub fn run(args: &BenchArgs) -> anyhow::Result<()> {
    if args.persons == 0 {
        anyhow::bail!("--persons must be at least 1");
    }
    if args.queries == 0 {
        anyhow::bail!("--queries must be at least 1");
    }
    if !(args.throughput_seconds.is_finite() && args.throughput_seconds > 0.0) {
        anyhow::bail!(
            "--throughput-seconds {} is not a positive number",
            args.throughput_seconds
        );
    }
    let threads = rayon::current_num_threads();
    let memory_before_generation = memory_now()?;

    // the persons the listed-derived queries are made from, chosen before the list is
    // generated so that only those few are kept beside the lines
    let mut query_rng = Rng::new(args.seed.wrapping_add(QUERY_SEED_OFFSET));
    let listed_query_count = args.queries.div_ceil(2);
    let source_indices: Vec<usize> = (0..listed_query_count)
        .map(|_| query_rng.below(args.persons))
        .collect();

    let generation_started = Instant::now();
    let written: usize = args.segments.iter().sum();
    let (lines, sources, later) = generate_list(args.persons, args.seed, &source_indices, written);
    let generation = generation_started.elapsed();
    let memory_with_lines = memory_now()?;

    let (built, build_cpu) = measured(|| build_index(&lines))?;
    let (watchlist, build) = built?;
    let memory_after_build = memory_now()?;
    let line_bytes = lines.text.len();
    // with segments asked for: one list of every person too, to compare them with
    let whole = if args.segments.is_empty() {
        None
    } else {
        let mut all = lines;
        all.push_persons(&later);
        Some(build_index(&all)?.0)
    };
    let memory_after_dropping_lines = memory_now()?;

    let queries = make_queries(&mut query_rng, args.queries, &source_indices, &sources)?;
    drop(sources);
    let config = MatchConfig::default();
    let ((latency, accuracy), latency_cpu) =
        measured(|| measure_latency(&watchlist, &queries, &config, args.show_misses))?;
    let (throughput, throughput_cpu) = measured(|| {
        measure_throughput(
            &watchlist,
            &queries,
            &config,
            Duration::from_secs_f64(args.throughput_seconds),
        )
    })?;

    let segments = match &whole {
        Some(whole) => Some(measure_segments(
            &watchlist,
            whole,
            &later,
            &args.segments,
            &queries,
            &config,
        )?),
        None => None,
    };

    let report = Report {
        persons: watchlist.len(),
        vocabulary: watchlist.vocabulary_len(),
        seed: args.seed,
        query_count: queries.len(),
        threads,
        generation,
        line_bytes,
        build,
        memory: MemoryFigures {
            before_generation: memory_before_generation,
            with_lines: memory_with_lines,
            after_build: memory_after_build,
            after_dropping_lines: memory_after_dropping_lines,
        },
        latency,
        throughput,
        accuracy,
        segments,
        cpu: CpuFigures {
            build: build_cpu,
            latency: latency_cpu,
            throughput: throughput_cpu,
        },
    };
    if args.json {
        println!("{}", report.to_json());
    } else {
        report.print();
    }
    Ok(())
}

/// Generated FtM lines held in one buffer. Dropping it hands its memory back to the system
/// at once, where a million small strings would stay in the allocator's free lists and
/// hide how much the index itself takes.
struct LineBuffer {
    text: String,
    ends: Vec<usize>,
}

impl LineBuffer {
    fn len(&self) -> usize {
        self.ends.len()
    }

    /// Adds the lines of `persons`.
    fn push_persons(&mut self, persons: &[Generated]) {
        for person in persons {
            self.text.push_str(&person.to_line());
            self.ends.push(self.text.len());
        }
    }

    fn line(&self, index: usize) -> &str {
        let start = if index == 0 { 0 } else { self.ends[index - 1] };
        &self.text[start..self.ends[index]]
    }
}

/// Generates `persons` listed persons as FtM lines; keeps the persons at `keep` as well, and
/// generates `later` persons more (as if written after the list was built).
fn generate_list(
    persons: usize,
    seed: u64,
    keep: &[usize],
    later: usize,
) -> (LineBuffer, HashMap<usize, Generated>, Vec<Generated>) {
    let bar = counting_bar(persons, "generating persons");
    let mut wanted = vec![false; persons];
    for &index in keep {
        wanted[index] = true;
    }
    let mut rng = Rng::new(seed);
    let pool = NamePool::new(&mut rng, persons);
    let mut lines = LineBuffer {
        text: String::new(),
        ends: Vec::with_capacity(persons),
    };
    let mut kept = HashMap::new();
    for (index, &is_wanted) in wanted.iter().enumerate() {
        let person = demo::generate_person(&mut rng, &pool, index);
        lines.text.push_str(&person.to_line());
        lines.ends.push(lines.text.len());
        if is_wanted {
            kept.insert(index, person);
        }
        if index % 4096 == 4095 {
            bar.inc(4096);
        }
    }
    lines.text.shrink_to_fit();
    bar.finish_and_clear();
    let later = (persons..persons + later)
        .map(|index| demo::generate_person(&mut rng, &pool, index))
        .collect();
    (lines, kept, later)
}

/// Screening over the list alone and over the list with segments beside it.
#[derive(Debug, Clone)]
struct SegmentFigures {
    sizes: Vec<usize>,
    /// Mean time a query, in milliseconds, on one thread: the list alone, then with the
    /// segments, then one list holding the list's persons and the segments'.
    alone: f64,
    beside: f64,
    whole: f64,
}

/// Rounds over the queries, each a pass over the list alone, one over list and segments, and
/// one over one list of all.
const SEGMENT_ROUNDS: usize = 6;

/// Indexes `later` in segments of `sizes` beside `watchlist`, as a server indexes its writes,
/// and times the queries over the list alone, over list and segments, and over `whole` (one
/// list of the list's persons and `later`). Entries are let through as a server does: an
/// entry counts unless a later segment holds its id.
fn measure_segments(
    watchlist: &Watchlist,
    whole: &Watchlist,
    later: &[Generated],
    sizes: &[usize],
    queries: &[Query],
    config: &MatchConfig,
) -> anyhow::Result<SegmentFigures> {
    let mut segments = Vec::with_capacity(sizes.len());
    // each segment's records by position, and as a set, as a server holds them
    let mut ids: Vec<(Vec<usize>, rustc_hash::FxHashSet<usize>)> = Vec::with_capacity(sizes.len());
    let mut persons = later.iter().enumerate();
    for &size in sizes {
        let mut builder = WatchlistBuilder::new();
        let mut held = (Vec::with_capacity(size), rustc_hash::FxHashSet::default());
        for (number, person) in persons.by_ref().take(size) {
            let entity = ftm::parse_entity(&person.to_line())
                .with_context(|| format!("generated person {} does not parse", person.id))?;
            held.0.push(number);
            held.1.insert(number);
            builder.add(&entity.id, entity.person);
        }
        segments.push(builder.build_beside_reference(watchlist));
        ids.push(held);
    }
    let lists: Vec<&Watchlist> = std::iter::once(watchlist).chain(&segments).collect();
    // as a server filters: a bit for each entry of the list (none hidden: the segments'
    // persons are new), and each segment's entries looked for in the later segments
    let hidden_in_list = vec![0u64; watchlist.len().div_ceil(64)];
    let keep = |at: usize, position: u32| {
        let position = position as usize;
        match at.checked_sub(1) {
            None => hidden_in_list
                .get(position / 64)
                .is_some_and(|word| word & (1 << (position % 64)) == 0),
            Some(segment) => ids[segment].0.get(position).is_some_and(|number| {
                !ids[segment + 1..]
                    .iter()
                    .any(|(_, later)| later.contains(number))
            }),
        }
    };
    let bar = counting_bar(
        3 * queries.len() * SEGMENT_ROUNDS,
        "screening beside segments",
    );
    // every query over one set of lists, timed as a whole: a pass goes through more data
    // than the caches hold, as a server's queries do
    let pass = |lists: &[&Watchlist], keep: Option<&KeepEntry<'_>>| {
        let started = Instant::now();
        for query in queries {
            black_box(Watchlist::screen_lists(
                lists,
                keep,
                &query.entity.person,
                RESULTS_PER_QUERY,
                0.0,
                config,
            ));
            bar.inc(1);
        }
        started.elapsed()
    };
    // the three passes of a round in turn, each first in one round, so that all see the
    // machine alike however its speed drifts
    let mut times = [Duration::ZERO; 3];
    for round in 0..SEGMENT_ROUNDS {
        for turn in 0..3 {
            let which = (round + turn) % 3;
            times[which] += match which {
                0 => pass(&lists[..1], None),
                1 => pass(&lists, Some(&keep)),
                _ => pass(&[whole], None),
            };
        }
    }
    bar.finish_and_clear();
    let mean =
        |time: Duration| time.as_secs_f64() * 1000.0 / (queries.len() * SEGMENT_ROUNDS) as f64;
    Ok(SegmentFigures {
        sizes: sizes.to_vec(),
        alone: mean(times[0]),
        beside: mean(times[1]),
        whole: mean(times[2]),
    })
}

/// Times of the index build.
#[derive(Debug, Clone, Copy)]
struct BuildTimes {
    /// Parsing the lines to entities (in parallel).
    parse: Duration,
    /// `WatchlistBuilder::add` of every entity (one thread).
    add: Duration,
    /// `WatchlistBuilder::build`: postings, phonetic keys, rarity weights.
    finish: Duration,
    /// From the first line parsed to the finished watchlist.
    total: Duration,
}

impl BuildTimes {
    fn index(&self) -> Duration {
        self.add + self.finish
    }
}

/// Parses every line in parallel batches, adds the entities and builds the watchlist.
fn build_index(lines: &LineBuffer) -> anyhow::Result<(Watchlist, BuildTimes)> {
    let bar = counting_bar(lines.len(), "parsing and adding");
    let started = Instant::now();
    let mut builder = WatchlistBuilder::new();
    let mut parse = Duration::ZERO;
    let mut add = Duration::ZERO;
    let mut batch_start = 0;
    while batch_start < lines.len() {
        let batch_end = (batch_start + BATCH_LINES).min(lines.len());
        let parse_started = Instant::now();
        let parsed: Vec<Result<Entity, FormatError>> = (batch_start..batch_end)
            .into_par_iter()
            .map(|index| ftm::parse_entity(lines.line(index)))
            .collect();
        parse += parse_started.elapsed();
        let add_started = Instant::now();
        for (offset, result) in parsed.into_iter().enumerate() {
            let entity = result.with_context(|| {
                format!("generated line {} does not parse", batch_start + offset + 1)
            })?;
            builder.add(&entity.id, entity.person);
        }
        add += add_started.elapsed();
        bar.inc((batch_end - batch_start) as u64);
        batch_start = batch_end;
    }
    bar.finish_and_clear();
    let spinner = spinner("building the index (postings, phonetic keys, rarity weights)");
    let finish_started = Instant::now();
    let watchlist = builder.build();
    let finish = finish_started.elapsed();
    let total = started.elapsed();
    spinner.finish_and_clear();
    Ok((
        watchlist,
        BuildTimes {
            parse,
            add,
            finish,
            total,
        },
    ))
}

/// One query and, when it was made from a listed person, that person's id.
struct Query {
    entity: Entity,
    source: Option<String>,
}

/// Makes `count` queries, alternately from a listed person (respelt, reordered, in Cyrillic
/// or Arabic letters) and innocent, and parses them.
fn make_queries(
    rng: &mut Rng,
    count: usize,
    source_indices: &[usize],
    sources: &HashMap<usize, Generated>,
) -> anyhow::Result<Vec<Query>> {
    let mut queries = Vec::with_capacity(count);
    for number in 0..count {
        let id = format!("query-{number}");
        let (line, source) = if number % 2 == 0 {
            let source = source_indices
                .get(number / 2)
                .and_then(|index| sources.get(index))
                .with_context(|| format!("no listed person kept for query {number}"))?;
            let (_name, line) = demo::traveller_from(rng, source, id);
            (line, Some(source.id.clone()))
        } else {
            let (_name, line) = demo::innocent_traveller(rng, id);
            (line, None)
        };
        let entity = ftm::parse_entity(&line)
            .with_context(|| format!("generated query {number} does not parse: {line}"))?;
        queries.push(Query { entity, source });
    }
    Ok(queries)
}

/// Latency of single queries on one thread, in milliseconds.
#[derive(Debug, Clone, Copy)]
struct Latency {
    p50: f64,
    p99: f64,
    max: f64,
    mean: f64,
}

/// How the generated queries fared.
#[derive(Debug, Clone, Copy, Default)]
struct Accuracy {
    listed_queries: usize,
    /// Listed-derived queries whose source person was the top result at the threshold.
    found_on_top: usize,
    /// ... whose source person was among the results at the threshold.
    found_in_results: usize,
    /// ... whose top result, at the threshold, was another person.
    other_on_top: usize,
    innocent_queries: usize,
    /// Innocent queries whose top result reached the threshold.
    false_alarms: usize,
}

/// Screens every query once on this thread, timing each call.
fn measure_latency(
    watchlist: &Watchlist,
    queries: &[Query],
    config: &MatchConfig,
    show_misses: bool,
) -> (Latency, Accuracy) {
    let bar = counting_bar(queries.len(), "screening on one thread");
    let mut times: Vec<Duration> = Vec::with_capacity(queries.len());
    let mut accuracy = Accuracy::default();
    for query in queries {
        let started = Instant::now();
        let results = watchlist.screen(&query.entity.person, RESULTS_PER_QUERY, config);
        times.push(started.elapsed());
        let top = results.first().filter(|c| is_match(c.score));
        match &query.source {
            Some(source) => {
                accuracy.listed_queries += 1;
                match top {
                    Some(candidate) if candidate.id == source.as_str() => {
                        accuracy.found_on_top += 1;
                    }
                    Some(_) => accuracy.other_on_top += 1,
                    None => {}
                }
                if show_misses && top.is_none_or(|candidate| candidate.id != source.as_str()) {
                    let name = query
                        .entity
                        .person
                        .names
                        .first()
                        .map(|n| n.text.as_str())
                        .unwrap_or("");
                    let found = results.iter().find(|c| c.id == source.as_str());
                    eprintln!(
                        "missed: {name:?} (is {source}: {}) top {:?}",
                        found.map_or("not in results".to_string(), |c| format!(
                            "{:.3} {:?}",
                            c.score, c.explanation.listed_name
                        )),
                        results.first().map(|c| (
                            c.id,
                            c.score,
                            c.explanation.listed_name.as_str()
                        ))
                    );
                }
                if results
                    .iter()
                    .any(|c| is_match(c.score) && c.id == source.as_str())
                {
                    accuracy.found_in_results += 1;
                }
            }
            None => {
                accuracy.innocent_queries += 1;
                if top.is_some() {
                    accuracy.false_alarms += 1;
                }
            }
        }
        bar.inc(1);
    }
    bar.finish_and_clear();
    times.sort_unstable();
    let milliseconds = |d: Duration| d.as_secs_f64() * 1000.0;
    let total: Duration = times.iter().sum();
    let latency = Latency {
        p50: milliseconds(percentile(&times, 0.50)),
        p99: milliseconds(percentile(&times, 0.99)),
        max: milliseconds(times.last().copied().unwrap_or_default()),
        mean: milliseconds(total) / times.len().max(1) as f64,
    };
    (latency, accuracy)
}

/// The nearest-rank percentile of sorted times.
fn percentile(sorted: &[Duration], fraction: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = (fraction * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// Screening all queries on every core, repeated.
#[derive(Debug, Clone, Copy)]
struct Throughput {
    queries_per_second: f64,
    threads: usize,
    screened: usize,
    elapsed: Duration,
}

/// Screens all queries with rayon, again and again until `at_least` has passed.
fn measure_throughput(
    watchlist: &Watchlist,
    queries: &[Query],
    config: &MatchConfig,
    at_least: Duration,
) -> Throughput {
    let spinner = spinner("screening on every core");
    let started = Instant::now();
    let mut screened = 0usize;
    loop {
        let results: usize = queries
            .par_iter()
            .map(|query| {
                black_box(watchlist.screen(&query.entity.person, RESULTS_PER_QUERY, config)).len()
            })
            .sum();
        black_box(results);
        screened += queries.len();
        if started.elapsed() >= at_least {
            break;
        }
    }
    let elapsed = started.elapsed();
    spinner.finish_and_clear();
    Throughput {
        queries_per_second: screened as f64 / elapsed.as_secs_f64(),
        threads: rayon::current_num_threads(),
        screened,
        elapsed,
    }
}

/// Time the threads of this process spent on a CPU and waiting for one, from the
/// scheduler's figures (`/proc/self/task/*/schedstat`, Linux).
#[derive(Debug, Clone, Copy)]
struct CpuTimes {
    running: Duration,
    waiting: Duration,
}

/// How much CPU one phase got.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CpuUse {
    pub(crate) wall: Duration,
    pub(crate) running: Duration,
    pub(crate) waiting: Duration,
}

impl CpuUse {
    /// Cores kept busy on average.
    pub(crate) fn cores(&self) -> f64 {
        self.running.as_secs_f64() / self.wall.as_secs_f64().max(1e-9)
    }

    /// Of the time the threads wanted a CPU, the share they waited for one: near zero on an
    /// idle machine, high when other work shares the cores.
    pub(crate) fn waiting_share(&self) -> f64 {
        let wanted = (self.running + self.waiting).as_secs_f64();
        if wanted > 0.0 {
            self.waiting.as_secs_f64() / wanted
        } else {
            0.0
        }
    }
}

/// CPU use of the benchmark's phases; `None` where the scheduler's figures are not read.
#[derive(Debug, Clone, Copy)]
struct CpuFigures {
    build: Option<CpuUse>,
    latency: Option<CpuUse>,
    throughput: Option<CpuUse>,
}

/// Runs `phase`, returning its result and the CPU the process used meanwhile.
pub(crate) fn measured<T>(phase: impl FnOnce() -> T) -> anyhow::Result<(T, Option<CpuUse>)> {
    let before = cpu_times()?;
    let started = Instant::now();
    let result = phase();
    let wall = started.elapsed();
    let after = cpu_times()?;
    let cpu = before.zip(after).map(|(before, after)| CpuUse {
        wall,
        running: after.running.saturating_sub(before.running),
        waiting: after.waiting.saturating_sub(before.waiting),
    });
    Ok((result, cpu))
}

/// The summed scheduler figures of every thread of this process; `None` off Linux or where
/// the kernel keeps no such figures.
fn cpu_times() -> anyhow::Result<Option<CpuTimes>> {
    if !cfg!(target_os = "linux") {
        return Ok(None);
    }
    let tasks = match fs::read_dir("/proc/self/task") {
        Ok(tasks) => tasks,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(error) => return Err(error).context("cannot read /proc/self/task"),
    };
    let mut running = 0u64;
    let mut waiting = 0u64;
    for task in tasks {
        let task = task.context("cannot read /proc/self/task")?;
        // a thread may end between the listing and the read: it is left out
        let Ok(text) = fs::read_to_string(task.path().join("schedstat")) else {
            continue;
        };
        let mut fields = text
            .split_whitespace()
            .map(|field| field.parse::<u64>().ok());
        match (fields.next().flatten(), fields.next().flatten()) {
            (Some(on_cpu), Some(on_queue)) => {
                running += on_cpu;
                waiting += on_queue;
            }
            _ => return Ok(None),
        }
    }
    Ok(Some(CpuTimes {
        running: Duration::from_nanos(running),
        waiting: Duration::from_nanos(waiting),
    }))
}

/// Resident memory of this process, in bytes.
#[derive(Debug, Clone, Copy)]
struct Memory {
    /// VmRSS: resident now.
    resident: u64,
    /// VmHWM: the most ever resident.
    peak: u64,
}

/// Reads VmRSS and VmHWM from `/proc/self/status`; `None` where there is no such file.
fn memory_now() -> anyhow::Result<Option<Memory>> {
    if !cfg!(target_os = "linux") {
        return Ok(None);
    }
    let status =
        fs::read_to_string("/proc/self/status").context("cannot read /proc/self/status")?;
    let field = |name: &str| -> Option<u64> {
        let value = status.lines().find_map(|line| line.strip_prefix(name))?;
        let kilobytes = value
            .trim()
            .strip_suffix("kB")?
            .trim()
            .parse::<u64>()
            .ok()?;
        Some(kilobytes * 1024)
    };
    Ok(match (field("VmRSS:"), field("VmHWM:")) {
        (Some(resident), Some(peak)) => Some(Memory { resident, peak }),
        _ => None,
    })
}

/// Memory at the points the benchmark looks.
#[derive(Debug, Clone, Copy)]
struct MemoryFigures {
    before_generation: Option<Memory>,
    with_lines: Option<Memory>,
    after_build: Option<Memory>,
    after_dropping_lines: Option<Memory>,
}

impl MemoryFigures {
    /// What the index holds resident: after the build with the lines dropped, less what the
    /// process held before generating anything.
    fn index(&self) -> Option<u64> {
        let after = self.after_dropping_lines?.resident;
        let before = self.before_generation?.resident;
        Some(after.saturating_sub(before))
    }

    fn peak(&self) -> Option<u64> {
        self.after_build.map(|m| m.peak)
    }
}

/// Every figure of one run.
struct Report {
    persons: usize,
    vocabulary: usize,
    seed: u64,
    query_count: usize,
    threads: usize,
    generation: Duration,
    line_bytes: usize,
    build: BuildTimes,
    memory: MemoryFigures,
    latency: Latency,
    throughput: Throughput,
    accuracy: Accuracy,
    segments: Option<SegmentFigures>,
    cpu: CpuFigures,
}

impl Report {
    fn print(&self) {
        let resident = |m: Option<Memory>| m.map(|m| m.resident);
        let a = &self.accuracy;
        println!(
            "gatecheck bench: {} fictional persons (seed {}), {} queries, {} threads",
            self.persons, self.seed, self.query_count, self.threads
        );
        println!(
            "list generation (not timed in the build): {} s, {} of FtM lines",
            format_seconds(self.generation),
            format_bytes(Some(self.line_bytes as u64))
        );
        println!(
            "index build: {} s (parse {} s, index {} s = add {} s + build() {} s); {} entries, {} distinct name parts",
            format_seconds(self.build.total),
            format_seconds(self.build.parse),
            format_seconds(self.build.index()),
            format_seconds(self.build.add),
            format_seconds(self.build.finish),
            self.persons,
            self.vocabulary
        );
        println!("peak memory (VmHWM): {}", format_bytes(self.memory.peak()));
        println!(
            "resident memory (VmRSS): {} before generation, {} with the lines, {} after the build, {} with the lines dropped",
            format_bytes(resident(self.memory.before_generation)),
            format_bytes(resident(self.memory.with_lines)),
            format_bytes(resident(self.memory.after_build)),
            format_bytes(resident(self.memory.after_dropping_lines)),
        );
        let per_person = self
            .memory
            .index()
            .map(|bytes| format!(", {:.0} bytes a person", bytes as f64 / self.persons as f64))
            .unwrap_or_default();
        println!(
            "index memory (VmRSS increase, lines dropped): {}{per_person}",
            format_bytes(self.memory.index())
        );
        println!(
            "query latency: p50 {} ms, p99 {} ms, max {} ms, mean {} ms (1 thread, {} queries, limit {RESULTS_PER_QUERY})",
            format_milliseconds(self.latency.p50),
            format_milliseconds(self.latency.p99),
            format_milliseconds(self.latency.max),
            format_milliseconds(self.latency.mean),
            self.query_count
        );
        println!(
            "throughput: {:.0} queries/s on {} threads ({} queries in {} s)",
            self.throughput.queries_per_second,
            self.throughput.threads,
            self.throughput.screened,
            format_seconds(self.throughput.elapsed)
        );
        println!(
            "recall: {} of {} listed-derived queries ({}) had their source person on top at score >= {MATCH_THRESHOLD} ({} among the top {RESULTS_PER_QUERY}; {} had another person on top)",
            a.found_on_top,
            a.listed_queries,
            format_rate(a.found_on_top, a.listed_queries),
            a.found_in_results,
            a.other_on_top
        );
        println!(
            "false alarms: {} of {} innocent queries ({}) had a top result at score >= {MATCH_THRESHOLD}",
            a.false_alarms,
            a.innocent_queries,
            format_rate(a.false_alarms, a.innocent_queries)
        );
        if let Some(segments) = &self.segments {
            let sizes: Vec<String> = segments.sizes.iter().map(usize::to_string).collect();
            println!(
                "beside {} segments ({} entries): {} ms a query; the list alone {} ms ({:+.1}%), one list of all {} ms ({:+.1}%) (mean, 1 thread)",
                segments.sizes.len(),
                sizes.join(", "),
                format_milliseconds(segments.beside),
                format_milliseconds(segments.alone),
                100.0 * (segments.beside / segments.alone - 1.0),
                format_milliseconds(segments.whole),
                100.0 * (segments.beside / segments.whole - 1.0),
            );
        }
        let phase = |cpu: Option<CpuUse>, threads: usize| match cpu {
            Some(cpu) => format!(
                "{:.2} of {threads} cores busy, waited for a CPU {:.0}% of the time",
                cpu.cores(),
                100.0 * cpu.waiting_share()
            ),
            None => "n/a".to_string(),
        };
        let per_query = self
            .cpu_per_query()
            .map(|ms| format!("; {} ms of CPU a query", format_milliseconds(ms)))
            .unwrap_or_default();
        println!(
            "cpu: build {}; latency {}; throughput {}{per_query}",
            phase(self.cpu.build, self.threads),
            phase(self.cpu.latency, 1),
            phase(self.cpu.throughput, self.throughput.threads),
        );
    }

    /// CPU time a query took in the throughput phase, in milliseconds: unlike wall-clock
    /// figures, it does not grow when other work shares the machine.
    fn cpu_per_query(&self) -> Option<f64> {
        let cpu = self.cpu.throughput?;
        Some(cpu.running.as_secs_f64() * 1000.0 / self.throughput.screened.max(1) as f64)
    }

    fn to_json(&self) -> Value {
        let resident = |m: Option<Memory>| m.map(|m| m.resident);
        let a = &self.accuracy;
        let rate = |part: usize, whole: usize| {
            if whole == 0 {
                Value::Null
            } else {
                json!(part as f64 / whole as f64)
            }
        };
        json!({
            "persons": self.persons,
            "vocabulary": self.vocabulary,
            "seed": self.seed,
            "queries": self.query_count,
            "threads": self.threads,
            "generation_seconds": self.generation.as_secs_f64(),
            "line_bytes": self.line_bytes,
            "build_seconds": {
                "total": self.build.total.as_secs_f64(),
                "parse": self.build.parse.as_secs_f64(),
                "index": self.build.index().as_secs_f64(),
                "add": self.build.add.as_secs_f64(),
                "build": self.build.finish.as_secs_f64(),
            },
            "memory_bytes": {
                "peak_vmhwm": self.memory.peak(),
                "vmrss_before_generation": resident(self.memory.before_generation),
                "vmrss_with_lines": resident(self.memory.with_lines),
                "vmrss_after_build": resident(self.memory.after_build),
                "vmrss_lines_dropped": resident(self.memory.after_dropping_lines),
                "index": self.memory.index(),
            },
            "latency_ms": {
                "p50": self.latency.p50,
                "p99": self.latency.p99,
                "max": self.latency.max,
                "mean": self.latency.mean,
                "threads": 1,
                "limit": RESULTS_PER_QUERY,
            },
            "throughput": {
                "queries_per_second": self.throughput.queries_per_second,
                "threads": self.throughput.threads,
                "screened": self.throughput.screened,
                "seconds": self.throughput.elapsed.as_secs_f64(),
            },
            "recall": {
                "threshold": MATCH_THRESHOLD,
                "listed_queries": a.listed_queries,
                "source_on_top": a.found_on_top,
                "source_in_results": a.found_in_results,
                "other_on_top": a.other_on_top,
                "rate": rate(a.found_on_top, a.listed_queries),
            },
            "cpu": {
                "build": cpu_json(self.cpu.build),
                "latency": cpu_json(self.cpu.latency),
                "throughput": cpu_json(self.cpu.throughput),
                "throughput_ms_per_query": self.cpu_per_query(),
            },
            "segments": self.segments.as_ref().map(|segments| json!({
                "sizes": segments.sizes,
                "alone_ms": segments.alone,
                "beside_ms": segments.beside,
                "whole_ms": segments.whole,
            })),
            "false_alarms": {
                "threshold": MATCH_THRESHOLD,
                "innocent_queries": a.innocent_queries,
                "count": a.false_alarms,
                "rate": rate(a.false_alarms, a.innocent_queries),
            },
        })
    }
}

/// The CPU use of one phase as JSON; `null` where it is not known.
fn cpu_json(cpu: Option<CpuUse>) -> Value {
    match cpu {
        Some(cpu) => json!({
            "wall_seconds": cpu.wall.as_secs_f64(),
            "cpu_seconds": cpu.running.as_secs_f64(),
            "waiting_seconds": cpu.waiting.as_secs_f64(),
            "cores_busy": cpu.cores(),
            "waiting_share": cpu.waiting_share(),
        }),
        None => Value::Null,
    }
}

/// A progress bar on stderr counting `total` items.
pub(crate) fn counting_bar(total: usize, label: &str) -> ProgressBar {
    let bar = ProgressBar::new(total as u64);
    if let Ok(style) =
        ProgressStyle::with_template("{msg} [{bar:30}] {human_pos}/{human_len} ({eta})")
    {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_message(label.to_string());
    bar
}

/// A spinner on stderr for a step without a count.
fn spinner(label: &str) -> ProgressBar {
    let spinner = ProgressBar::new_spinner();
    if let Ok(style) = ProgressStyle::with_template("{msg} {spinner} {elapsed}") {
        spinner.set_style(style);
    }
    spinner.set_message(label.to_string());
    spinner.enable_steady_tick(Duration::from_millis(200));
    spinner
}

fn format_seconds(duration: Duration) -> String {
    let seconds = duration.as_secs_f64();
    if seconds >= 10.0 {
        format!("{seconds:.1}")
    } else {
        format!("{seconds:.2}")
    }
}

/// Milliseconds to about three significant digits.
fn format_milliseconds(milliseconds: f64) -> String {
    if milliseconds >= 100.0 {
        format!("{milliseconds:.0}")
    } else if milliseconds >= 10.0 {
        format!("{milliseconds:.1}")
    } else if milliseconds >= 1.0 {
        format!("{milliseconds:.2}")
    } else {
        format!("{milliseconds:.3}")
    }
}

/// Bytes in decimal megabytes or gigabytes; "n/a" where the figure is not known.
fn format_bytes(bytes: Option<u64>) -> String {
    match bytes {
        None => "n/a".to_string(),
        Some(bytes) if bytes >= 1_000_000_000 => format!("{:.2} GB", bytes as f64 / 1e9),
        Some(bytes) => format!("{:.0} MB", bytes as f64 / 1e6),
    }
}

fn format_rate(part: usize, whole: usize) -> String {
    if whole == 0 {
        "n/a".to_string()
    } else {
        format!("{:.1}%", 100.0 * part as f64 / whole as f64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_take_the_nearest_rank() {
        let times: Vec<Duration> = (1..=100).map(Duration::from_millis).collect();
        assert_eq!(percentile(&times, 0.50), Duration::from_millis(50));
        assert_eq!(percentile(&times, 0.99), Duration::from_millis(99));
        assert_eq!(percentile(&times, 1.0), Duration::from_millis(100));
        assert_eq!(percentile(&[], 0.5), Duration::ZERO);
    }

    #[test]
    fn a_score_of_seven_tenths_is_a_match() {
        assert!(is_match(0.7));
        assert!(is_match(0.69996));
        assert!(!is_match(0.6999));
    }

    #[test]
    fn line_buffer_gives_back_each_line() {
        let mut buffer = LineBuffer {
            text: String::new(),
            ends: Vec::new(),
        };
        for line in ["{\"a\":1}", "", "{\"b\":2}"] {
            buffer.text.push_str(line);
            buffer.ends.push(buffer.text.len());
        }
        assert_eq!(buffer.len(), 3);
        assert_eq!(buffer.line(0), "{\"a\":1}");
        assert_eq!(buffer.line(1), "");
        assert_eq!(buffer.line(2), "{\"b\":2}");
    }

    #[test]
    fn a_small_run_finds_most_listed_queries() -> anyhow::Result<()> {
        let persons = 2000;
        let mut query_rng = Rng::new(11);
        let source_indices: Vec<usize> = (0..10).map(|_| query_rng.below(persons)).collect();
        let (lines, sources, later) = generate_list(persons, 7, &source_indices, 3);
        assert_eq!(lines.len(), persons);
        assert_eq!(later.len(), 3);
        assert!(later.iter().all(|person| !lines.text.contains(&person.id)));
        let (watchlist, _) = build_index(&lines)?;
        assert_eq!(watchlist.len(), persons);
        let queries = make_queries(&mut query_rng, 20, &source_indices, &sources)?;
        let (latency, accuracy) =
            measure_latency(&watchlist, &queries, &MatchConfig::default(), false);
        assert_eq!(accuracy.listed_queries, 10);
        assert_eq!(accuracy.innocent_queries, 10);
        assert!(accuracy.found_on_top >= 5, "{accuracy:?}");
        assert!(latency.p50 <= latency.p99 && latency.p99 <= latency.max);
        let config = MatchConfig::default();
        let mut all = lines;
        all.push_persons(&later);
        let (whole, _) = build_index(&all)?;
        assert_eq!(whole.len(), persons + 3);
        let segments = measure_segments(&watchlist, &whole, &later, &[2, 1], &queries, &config)?;
        assert_eq!(segments.sizes, [2, 1]);
        assert!(
            segments.alone > 0.0 && segments.beside > 0.0 && segments.whole > 0.0,
            "{segments:?}"
        );
        Ok(())
    }
}
