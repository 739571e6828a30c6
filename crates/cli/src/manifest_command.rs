//! `gatecheck screen manifest`: a flight's passenger data screened as a member, through
//! the service: one JSON document with a verdict per traveller and the flight's summary.
//! The manifest, its answer and its hits are kept as through the API.

use crate::admin::{now, open, DataArgs};
use anyhow::{Context, Result};
use clap::Args;
use gatecheck_server::utc;
use gatecheck_service::{audit, members, screening};
use std::path::PathBuf;

/// The most bytes of a manifest file.
const MAX_MANIFEST_BYTES: u64 = 64 << 20;

#[derive(Args, Debug)]
pub struct ScreenManifestArgs {
    /// The member screening (what it may see decides what is printed).
    #[arg(long)]
    member: String,
    #[arg(long, default_value_t = 0.7)]
    threshold: f32,
    #[arg(long, default_value_t = 5)]
    limit: usize,
    /// The manifest: JSON as `POST /v1/manifests` takes it.
    file: PathBuf,
    #[command(flatten)]
    data: DataArgs,
}

pub fn run(args: &ScreenManifestArgs) -> Result<u8> {
    let size = std::fs::metadata(&args.file)
        .with_context(|| format!("reading {}", args.file.display()))?
        .len();
    anyhow::ensure!(
        size <= MAX_MANIFEST_BYTES,
        "{}: {size} bytes, more than the {MAX_MANIFEST_BYTES} a manifest may be",
        args.file.display()
    );
    let bytes =
        std::fs::read(&args.file).with_context(|| format!("reading {}", args.file.display()))?;
    let value: serde_json::Value = serde_json::from_slice(&bytes)
        .with_context(|| format!("{}: not JSON", args.file.display()))?;
    let manifest = gatecheck_server::wire::manifest_from_json(&value)
        .map_err(|error| anyhow::anyhow!("{}: {error}", args.file.display()))?;
    let mut store = open(&args.data)?;
    let viewer = members::active_member(&store, &args.member)?;
    let day = utc(now())[..10].to_string();
    let index = screening::ScreeningIndex::build(&store, &day)?;
    let config = gatecheck_engine::watchlist::MatchConfig::default();
    let screened = gatecheck_service::manifests::screen_manifest(
        &index,
        &store,
        &viewer,
        manifest,
        args.limit,
        args.threshold,
        &config,
        &day,
    )?;
    let (_, answer) = gatecheck_service::manifests::keep(
        &mut store,
        &viewer,
        &screened,
        &audit::digest_of(&bytes),
        now(),
        |id, hit_lists| gatecheck_server::wire::manifest_answer(id, &screened, hit_lists),
    )?;
    println!("{answer}");
    Ok(0)
}
