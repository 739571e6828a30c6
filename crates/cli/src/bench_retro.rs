//! `gatecheck bench-retro`: a list update screened against the screenings of the last days.
//! A list of generated persons is imported, a million travellers' screenings are kept as
//! screenings keep them (a few travellers planted: their names are listed by the update),
//! then an update of a thousand records is imported and the kept screenings are screened
//! again against it as `gatecheck import` does; the time, and whether every planted
//! traveller was found, are reported.

use crate::bench_service::{in_scratch, write_persons};
use crate::demo::{generate_person, traveller_from, NamePool, Rng};
use crate::import::import_file;
use anyhow::Result;
use clap::Args;
use gatecheck_service::access::{Access, RecordTerms};
use gatecheck_service::members;
use gatecheck_service::screen::Stores;
use rayon::prelude::*;
use std::time::Instant;

#[derive(Args, Debug)]
pub struct BenchRetroArgs {
    /// Person records listed before the update.
    #[arg(long, default_value_t = 100_000)]
    listed: usize,
    /// Screenings kept (travellers of the last days).
    #[arg(long, default_value_t = 1_000_000)]
    screenings: usize,
    /// Records the update adds.
    #[arg(long, default_value_t = 1_000)]
    records: usize,
    /// Travellers among the screenings whom the update lists.
    #[arg(long, default_value_t = 20)]
    planted: usize,
    /// Also screens every kept screening against the whole index, as a screening now would,
    /// and says how many of the hits on the update that finds retro-screening raised.
    #[arg(long)]
    exhaustive: bool,
    /// Where the data directory is made (removed afterwards); the system's temporary
    /// directory if not given.
    #[arg(long)]
    work: Option<std::path::PathBuf>,
}

pub fn run(args: &BenchRetroArgs) -> Result<()> {
    anyhow::ensure!(
        args.planted <= args.records && args.planted <= args.screenings,
        "--planted: at most --records and --screenings"
    );
    in_scratch(args.work.as_deref(), "bench-retro", |directory| {
        measure(args, directory)
    })
}

fn measure(args: &BenchRetroArgs, directory: &std::path::Path) -> Result<()> {
    let data = directory.join("data");
    let mut store = gatecheck_store::Store::open(&data)?;
    let now = 1_795_910_400;
    members::add_member(
        &mut store,
        "owner",
        "JOR",
        false,
        "cli:bench",
        now - 10 * 86_400,
    )?;
    let border = members::add_member(&mut store, "border", "IRQ", false, "cli:bench", now)?.0;
    let terms = RecordTerms {
        access: Access::All,
        action: "refer to secondary inspection".to_string(),
        review_by: "2099-01-01".to_string(),
    };
    let mut rng = Rng::new(23);
    // one pool for the listed, the travellers and the update, so that names recur
    let people = args.listed + args.screenings + args.records;
    let pool = NamePool::new(&mut rng, people.max(1_000));
    let listed: Vec<_> = (0..args.listed)
        .map(|i| generate_person(&mut rng, &pool, i))
        .collect();
    let file = directory.join("listed.jsonl");
    write_persons(&file, &listed)?;
    let started = Instant::now();
    import_file(
        &mut store,
        "owner",
        &file,
        &terms,
        None,
        "cli:bench",
        now - 5 * 86_400,
    )?;
    eprintln!(
        "{} persons listed in {:.1} s",
        args.listed,
        started.elapsed().as_secs_f64()
    );
    drop(listed);
    // the update: new persons, the first `planted` of them travellers kept below
    let update: Vec<_> = (0..args.records)
        .map(|i| generate_person(&mut rng, &pool, args.listed + i))
        .collect();
    // the travellers of the last three days, a screening each, as screenings keep them
    let started = Instant::now();
    let chunk = 50_000;
    let mut kept = 0;
    let window = 3 * 86_400 - 60;
    while kept < args.screenings {
        let count = chunk.min(args.screenings - kept);
        let lines: Vec<String> = (kept..kept + count)
            .map(|i| {
                let id = format!("traveller-{i}");
                // a planted traveller is a person the update lists, respelt, reordered or
                // written in Arabic or Cyrillic
                if i < args.planted {
                    return Ok(traveller_from(&mut rng, &update[i], id).1);
                }
                let person = generate_person(&mut rng, &pool, args.listed + args.records + i);
                let mut line: serde_json::Value = serde_json::from_str(&person.to_line())?;
                line["id"] = serde_json::Value::from(id);
                Ok(line.to_string())
            })
            .collect::<Result<_>>()?;
        let at = now - window + (kept as i64 * window) / args.screenings as i64;
        let screenings: Vec<(i64, &str)> = lines
            .iter()
            .map(|line| (border.id, line.as_str()))
            .collect();
        store.keep_screenings(at, &screenings)?;
        kept += count;
    }
    eprintln!(
        "{} screenings kept in {:.1} s",
        args.screenings,
        started.elapsed().as_secs_f64()
    );
    let file = directory.join("update.jsonl");
    write_persons(&file, &update)?;
    let before = store.last_change()?;
    let started = Instant::now();
    import_file(&mut store, "owner", &file, &terms, None, "cli:bench", now)?;
    let import_seconds = started.elapsed().as_secs_f64();
    let changed: Vec<i64> = store
        .changes_after(before, args.records * 2 + 10)?
        .iter()
        .map(|change| change.record)
        .collect();
    let started = Instant::now();
    let index = gatecheck_service::screening::ScreeningIndex::build(&store, "2026-11-29")?;
    let index_seconds = started.elapsed().as_secs_f64();
    let config = gatecheck_engine::watchlist::MatchConfig::default();
    let stores = gatecheck_service::screen::OneStore::new(&mut store);
    let started = Instant::now();
    let report = gatecheck_service::retro::screen_again(
        &index,
        &stores,
        &changed,
        gatecheck_service::screen::Settings {
            limit: 5,
            threshold: 0.7,
            matching: &config,
            shift_seconds: 0,
        },
        gatecheck_service::retro::DEFAULT_DAYS,
        "cli:bench",
        now,
    )?;
    let retro_seconds = started.elapsed().as_secs_f64();
    // what screening every kept screening against the whole index finds on the update
    let exhaustive = if args.exhaustive {
        let changed: std::collections::HashSet<i64> = changed.iter().copied().collect();
        let border = border.clone();
        let kept = stores.read(|store| Ok(store.kept_screenings(0, 0, usize::MAX)?))?;
        let started = Instant::now();
        let pairs: std::collections::HashSet<(String, i64)> = kept
            .par_iter()
            .flat_map_iter(|kept| {
                let Ok(entity) = gatecheck_formats::ftm::parse_entity(&kept.query) else {
                    return Vec::new();
                };
                let (_, matched) =
                    index.screen_person_hits(&border, &entity.person, 5, 0.7, &config);
                matched
                    .into_iter()
                    .filter(|m| changed.contains(&m.record))
                    .map(|m| (kept.query.clone(), m.record))
                    .collect()
            })
            .collect();
        Some((pairs, started.elapsed().as_secs_f64()))
    } else {
        None
    };
    // every planted traveller raised a hit on the record listing them
    let hits = store
        .hits_of(
            border.id,
            &gatecheck_store::HitFilter::default(),
            args.records * 10 + 100,
            0,
        )?
        .0;
    if let Some((pairs, seconds)) = &exhaustive {
        let raised: std::collections::HashSet<(String, i64)> = hits
            .iter()
            .filter(|(hit, _)| hit.explanation.contains("found_later"))
            .map(|(hit, _)| (hit.query.clone(), hit.record))
            .collect();
        println!(
            "exhaustive: every kept screening against the whole index ({seconds:.1} s) finds {} \
             hits on the update; retro-screening raised {} of them, and {} it does not find",
            pairs.len(),
            pairs.intersection(&raised).count(),
            raised.difference(pairs).count()
        );
        for (query, record) in pairs.difference(&raised).take(5) {
            let entity = store
                .record(*record)?
                .map(|row| row.entity)
                .unwrap_or_default();
            eprintln!("not raised: {query} on {entity}");
        }
    }
    let found = (0..args.planted)
        .filter(|i| {
            hits.iter().any(|(hit, _)| {
                hit.query.contains(&format!("\"traveller-{i}\""))
                    && hit.explanation.contains("found_later")
            })
        })
        .count();
    println!(
        "retro-screening: {} records added against {} kept screenings (of {} listed): {:.1} s \
         ({:.0} screenings/s); {} came near and were confirmed on the whole index; {} hits; \
         planted travellers found {found}/{}; import of the update {import_seconds:.1} s, \
         whole index built {index_seconds:.1} s",
        report.records,
        report.screenings,
        args.listed,
        retro_seconds,
        report.screenings as f64 / retro_seconds.max(1e-9),
        report.confirmed,
        report.hits,
        args.planted,
    );
    Ok(())
}
