//! `gatecheck mrz` reads machine-readable zones (standard input or files; documents
//! separated by blank lines) and prints one JSON line a document; `gatecheck screen mrz`
//! screens each zone's document and holder as a member, through the service.

use crate::admin::ScreenArgs;
use crate::admin::{actor, now, open};
use anyhow::{Context, Result};
use clap::Args;
use gatecheck_formats::mrz::{self, CivilDate};
use gatecheck_service::dates::utc;
use gatecheck_service::screen::{OneStore, Screener, Settings};
use gatecheck_service::{members, screening};
use std::io::Read;
use std::path::PathBuf;

/// The most bytes of zone text read from one input.
const MAX_INPUT_BYTES: u64 = 256 << 20;

#[derive(Args, Debug)]
pub struct MrzArgs {
    /// Files of zones; standard input when none is given.
    files: Vec<PathBuf>,
}

fn today() -> Result<CivilDate> {
    CivilDate::parse(&utc(now())[..10]).context("the clock gave no date")
}

/// The texts to read: each file, or standard input.
fn inputs(files: &[PathBuf]) -> Result<Vec<(String, String)>> {
    let read = |name: String, reader: &mut dyn Read| -> Result<(String, String)> {
        let mut text = String::new();
        reader
            .take(MAX_INPUT_BYTES + 1)
            .read_to_string(&mut text)
            .with_context(|| format!("reading {name}"))?;
        anyhow::ensure!(
            text.len() as u64 <= MAX_INPUT_BYTES,
            "{name}: more than {MAX_INPUT_BYTES} bytes"
        );
        Ok((name, text))
    };
    if files.is_empty() {
        return Ok(vec![read("<stdin>".to_string(), &mut std::io::stdin())?]);
    }
    files
        .iter()
        .map(|path| {
            let mut file =
                std::fs::File::open(path).with_context(|| format!("reading {}", path.display()))?;
            read(path.display().to_string(), &mut file)
        })
        .collect()
}

/// Exit status: 0 when every zone read as valid, 3 when one did not (each is printed).
pub fn run(args: &MrzArgs) -> Result<u8> {
    let today = today()?;
    let mut all_valid = true;
    for (_, text) in inputs(&args.files)? {
        for (_, lines) in mrz::split_documents(&text) {
            let reading = mrz::parse_lines(lines, today);
            all_valid &= reading.valid();
            println!("{}", reading.to_json());
        }
    }
    Ok(if all_valid { 0 } else { 3 })
}

/// Screens each zone on standard input; exit status 3 when a zone fits no layout (it is
/// reported on stderr with its first line and not screened).
pub fn run_screen(args: &ScreenArgs) -> Result<u8> {
    let mut store = open(&args.data)?;
    let viewer = members::active_member(&*store, &args.member)?;
    let day = utc(now())[..10].to_string();
    let today = today()?;
    let index = screening::ScreeningIndex::build(&*store, &day)?;
    let config = gatecheck_engine::watchlist::MatchConfig::default();
    let stores = OneStore::new(&mut *store);
    let mut unreadable = false;
    for (name, text) in inputs(&[])? {
        for (first_line, lines) in mrz::split_documents(&text) {
            let reading = mrz::parse_lines(lines, today);
            // as through the API: the hits kept, their owners notified, the screening
            // audited, in one transaction
            let screener = Screener {
                index: &index,
                stores: &stores,
                member: &viewer,
                actor: format!("{} as member:{}", actor(), viewer.name),
                settings: Settings {
                    limit: args.limit,
                    threshold: args.threshold,
                    matching: &config,
                    shift_seconds: gatecheck_service::hits::shift_seconds(
                        gatecheck_service::hits::DEFAULT_SHIFT_HOURS,
                    ),
                },
                now: now(),
            };
            let Some(screened) = screener.zone(reading.clone())? else {
                eprintln!(
                    "{name}:{first_line}: no layout of ICAO 9303 fits these lines: {}",
                    reading.to_json()["errors"]
                );
                unreadable = true;
                continue;
            };
            println!("{}", screened.answer());
        }
    }
    Ok(if unreadable { 3 } else { 0 })
}
