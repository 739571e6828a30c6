//! `gatecheck match`: screens query entities against lists and prints one JSON line per
//! query, in input order.

use std::io::{self, BufWriter, Write};
use std::path::PathBuf;

use anyhow::Context;
use clap::Args;
use gatecheck_engine::watchlist::{MatchConfig, Watchlist, WatchlistBuilder};
use gatecheck_formats::ftm::Entity;
use rayon::prelude::*;

use crate::load;
use crate::wire;

#[derive(Args, Debug)]
pub struct MatchArgs {
    /// A list of FollowTheMoney entity lines; may be given more than once.
    #[arg(long = "list", required = true)]
    pub lists: Vec<PathBuf>,
    /// The queries, FollowTheMoney entity lines; `-` reads standard input.
    #[arg(long)]
    pub queries: PathBuf,
    /// Score at or above which a result is a match.
    #[arg(long, default_value_t = 0.7)]
    pub threshold: f64,
    /// The most results per query.
    #[arg(long, default_value_t = 5)]
    pub limit: usize,
}

/// The most results a query may ask for.
const MAX_LIMIT: usize = 1000;

/// Runs the command; the exit status is 3 when any line was skipped or any value left out
/// (the entity is then screened, or listed, on the rest).
pub fn run(args: &MatchArgs) -> anyhow::Result<u8> {
    if !(0.0..=1.0).contains(&args.threshold) {
        anyhow::bail!("--threshold {} is not between 0 and 1", args.threshold);
    }
    if args.limit == 0 || args.limit > MAX_LIMIT {
        anyhow::bail!("--limit {} is not between 1 and {MAX_LIMIT}", args.limit);
    }
    let (watchlist, mut skipped) = load_lists(&args.lists)?;
    let config = MatchConfig::default();
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut write_error: Option<io::Error> = None;
    let stats = load::read_entities(&args.queries, "screening", &mut |queries: Vec<Entity>| {
        if write_error.is_some() {
            return;
        }
        let lines: Vec<String> = queries
            .par_iter()
            .map(|query| {
                let candidates = watchlist.screen(&query.person, args.limit, &config);
                wire::result_line(query, &candidates, args.threshold)
            })
            .collect();
        for line in lines {
            if let Err(error) = writeln!(out, "{line}") {
                write_error = Some(error);
                return;
            }
        }
    })?;
    if let Some(error) = write_error {
        return Err(error).context("cannot write results");
    }
    out.flush().context("cannot write results")?;
    skipped += stats.skipped + stats.warned;
    Ok(if skipped > 0 { 3 } else { 0 })
}

/// Loads and indexes every list; returns the watchlist and the number of lines skipped or
/// read with a value left out.
pub fn load_lists(paths: &[PathBuf]) -> anyhow::Result<(Watchlist, usize)> {
    let mut builder = WatchlistBuilder::new();
    let mut skipped = 0;
    for path in paths {
        let stats = load::read_entities(path, "loading", &mut |entities: Vec<Entity>| {
            for entity in entities {
                builder.add(&entity.id, entity.person);
            }
        })?;
        skipped += stats.skipped + stats.warned;
    }
    Ok((builder.build(), skipped))
}
