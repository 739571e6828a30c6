//! `gatecheck screen manifest`: a flight's passenger data screened as a member, through
//! the server's own path: one JSON document with a verdict per traveller and the flight's
//! summary (for EDIFACT, one a flight of the interchange, with the CONTRL answer). The
//! manifest, its answer and its hits are kept as through the API.

use crate::admin::open;
use crate::admin::ScreenArgs;
use anyhow::{Context, Result};
use clap::Args;
use gatecheck_service::members;
use std::path::PathBuf;

/// The most bytes of a manifest file.
const MAX_MANIFEST_BYTES: u64 = 64 << 20;

#[derive(Args, Debug)]
pub struct ScreenManifestArgs {
    #[command(flatten)]
    screen: ScreenArgs,
    /// The manifest: UN/EDIFACT PAXLST, or JSON as `POST /v1/manifests` takes it.
    file: PathBuf,
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
    // a JSON manifest starts with a brace; anything else is read as UN/EDIFACT
    let json = bytes
        .iter()
        .find(|byte| !byte.is_ascii_whitespace())
        .is_some_and(|&byte| byte == b'{');
    let store = open(&args.screen.data)?;
    let viewer = members::active_member(&*store, &args.screen.member)?;
    let config = gatecheck_server::ApiConfig {
        threshold: args.screen.threshold,
        limit: args.screen.limit,
        ..gatecheck_server::ApiConfig::default()
    };
    // the server's own path: the same reading, screening, keeping and answer
    drop(store);
    let source = crate::admin::source(&args.screen.data, None)?;
    let state =
        gatecheck_server::AppState::over(source, false, config, gatecheck_server::system_clock)
            .map_err(|error| anyhow::anyhow!("opening the data: {error}"))?;
    let answer =
        state
            .screen_manifest_text(&viewer, &bytes, json)
            .map_err(|error| match &error {
                gatecheck_server::ApiError::Rejected { contrl, .. } => {
                    anyhow::anyhow!("{}: {error}\nCONTRL: {contrl}", args.file.display())
                }
                _ => anyhow::anyhow!("{}: {error}", args.file.display()),
            })?;
    println!("{answer}");
    Ok(0)
}
