//! `gatecheck match`: screens query entities against lists and prints one JSON line per
//! query, in input order.

use std::io::{self, BufWriter, Write};
use std::path::PathBuf;

use anyhow::Context;
use clap::Args;
use gatecheck_engine::watchlist::{Candidate, MatchConfig, Watchlist, WatchlistBuilder};
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
    /// The most results per query below the threshold, shown beside the matches: every
    /// listed record that matches is printed, however many (up to the candidates scored in
    /// full), as namesakes must not hide each other.
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
    let stats = load::read_entities(
        &args.queries,
        "screening",
        load::Reading::Queries,
        &mut |queries: Vec<Entity>| {
            if write_error.is_some() {
                return;
            }
            let lines: Vec<String> = queries
                .par_iter()
                .map(|query| {
                    let candidates = screen_every_match(&watchlist, query, args, &config);
                    wire::result_line(query, &candidates, args.threshold)
                })
                .collect();
            for line in lines {
                if let Err(error) = writeln!(out, "{line}") {
                    write_error = Some(error);
                    return;
                }
            }
        },
    )?;
    if let Some(error) = write_error {
        return Err(error).context("cannot write results");
    }
    out.flush().context("cannot write results")?;
    skipped += stats.skipped + stats.warned;
    Ok(if skipped > 0 { 3 } else { 0 })
}

/// The best `args.limit` results of a query, and every further one that matches: when all
/// of the first `limit` match (a name many listed persons share), the query is screened
/// again for as many as are scored in full, so that the person sought is not left out
/// behind four namesakes.
fn screen_every_match<'w>(
    watchlist: &'w Watchlist,
    query: &Entity,
    args: &MatchArgs,
    config: &MatchConfig,
) -> Vec<Candidate<'w>> {
    let matches = |candidate: &Candidate<'_>| {
        gatecheck_service::hits::round(candidate.score) >= args.threshold
    };
    let candidates = watchlist.screen(&query.person, args.limit, config);
    if candidates.len() < args.limit
        || !candidates.iter().all(matches)
        || args.limit >= config.candidates_scored
    {
        return candidates;
    }
    let mut every = watchlist.screen(&query.person, config.candidates_scored, config);
    let matched = every
        .iter()
        .take_while(|candidate| matches(candidate))
        .count();
    every.truncate(matched.max(args.limit));
    every
}

/// Loads and indexes every list; returns the watchlist and the number of lines skipped or
/// read with a value left out.
pub fn load_lists(paths: &[PathBuf]) -> anyhow::Result<(Watchlist, usize)> {
    let mut builder = WatchlistBuilder::new();
    let mut skipped = 0;
    for path in paths {
        let stats = load::read_entities(
            path,
            "loading",
            load::Reading::List,
            &mut |entities: Vec<Entity>| {
                for entity in entities {
                    builder.add(&entity.id, entity.person);
                }
            },
        )?;
        skipped += stats.skipped + stats.warned;
    }
    Ok((builder.build(), skipped))
}
