//! `gatecheck screen payments` and `gatecheck screen shipments`: a file of payment
//! messages (SWIFT MT103/MT202, ISO 20022) or consignments screened as a member, party by
//! party, through the server's own path (reading, screening, keeping, answer), a batch of
//! messages at a time with a progress bar on stderr; one JSON line a message on stdout,
//! one a message that could not be read, and the counts on stderr.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result};
use gatecheck_server::TransactionChannel;
use gatecheck_service::members;

use crate::admin::{open, ScreenArgs};

/// The largest file read (a file of 100,000 MT103 messages is about 40 MB).
const MAX_FILE_BYTES: u64 = 512 << 20;
/// Messages screened and kept in one write.
const BATCH: usize = 500;

#[derive(clap::Args)]
pub struct ScreenTransactionsArgs {
    #[command(flatten)]
    screen: ScreenArgs,
    /// The file: SWIFT MT messages or an ISO 20022 document (payments); consignments as
    /// JSON, an array or JSON lines (shipments).
    file: PathBuf,
}

/// Screens the file; exits 0 when every message passed, 1 when one is held, 2 when one
/// could not be read (and none is held).
pub fn run(args: &ScreenTransactionsArgs, channel: TransactionChannel) -> Result<u8> {
    let size = std::fs::metadata(&args.file)
        .with_context(|| format!("reading {}", args.file.display()))?
        .len();
    anyhow::ensure!(
        size <= MAX_FILE_BYTES,
        "{}: {size} bytes, more than the {MAX_FILE_BYTES} a file may be",
        args.file.display()
    );
    let text = std::fs::read_to_string(&args.file)
        .with_context(|| format!("reading {} as UTF-8 text", args.file.display()))?;
    let store = open(&args.screen.data)?;
    let viewer = members::active_member(&*store, &args.screen.member)?;
    drop(store);
    let config = gatecheck_server::ApiConfig {
        threshold: args.screen.threshold,
        limit: args.screen.limit,
        ..gatecheck_server::ApiConfig::default()
    };
    let source = crate::admin::source(&args.screen.data, None)?;
    let state =
        gatecheck_server::AppState::over(source, false, config, gatecheck_server::system_clock)
            .map_err(|error| anyhow::anyhow!("opening the data: {error}"))?;
    let read = gatecheck_server::read_transactions(&text, channel);
    drop(text);
    let bar = crate::bench::counting_bar(read.len(), "screening messages");
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let (mut held, mut passed, mut unreadable, mut hits) = (0usize, 0usize, 0usize, 0u64);
    let mut read = read.into_iter().peekable();
    while read.peek().is_some() {
        let mut batch = Vec::with_capacity(BATCH);
        for one in read.by_ref() {
            match one {
                Ok(reading) => batch.push(reading),
                Err(problem) => {
                    unreadable += 1;
                    let line = gatecheck_server::unreadable_json(&problem);
                    writeln!(out, "{}", serde_json::json!({ "unreadable": line }))?;
                    bar.inc(1);
                }
            }
            if batch.len() == BATCH {
                break;
            }
        }
        if batch.is_empty() {
            continue;
        }
        let count = batch.len();
        let answers = state
            .screen_readings(&viewer, batch)
            .map_err(|error| anyhow::anyhow!("{}: {error}", args.file.display()))?;
        for answer in &answers {
            match answer["verdict"].as_str() {
                Some("hold") => held += 1,
                _ => passed += 1,
            }
            hits += answer["hits"].as_u64().unwrap_or(0);
            writeln!(out, "{answer}")?;
        }
        bar.inc(count as u64);
    }
    out.flush()?;
    bar.finish_and_clear();
    eprintln!(
        "{}: {} messages: {held} held, {passed} passed, {unreadable} unreadable; {hits} hits",
        args.file.display(),
        held + passed + unreadable
    );
    Ok(if held > 0 {
        1
    } else if unreadable > 0 {
        2
    } else {
        0
    })
}
