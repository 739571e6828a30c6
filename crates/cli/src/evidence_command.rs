//! `gatecheck keys ...` and the evidence commands of `gatecheck audit ...`: the hub's key,
//! signed checkpoints of the audit log, and evidence bundles checked offline (see
//! `gatecheck_service::evidence`).

use std::path::Path;

use anyhow::{bail, Context, Result};
use clap::Subcommand;
use gatecheck_evidence::Verifier;
use gatecheck_service::evidence;
use gatecheck_store::Store;

use crate::admin::{now, open, DataArgs};

#[derive(Subcommand, Debug)]
pub enum KeysCommand {
    /// Create the hub's signing key in the data directory (once: a new key would orphan
    /// the checkpoints signed) and print its verifier key, to give to members and courts.
    Create {
        /// The key's name, which its checkpoints carry as the log's origin.
        #[arg(long, default_value = evidence::DEFAULT_KEY_NAME)]
        name: String,
        #[command(flatten)]
        data: DataArgs,
    },
    /// Print the hub's verifier key (public: it checks signatures, it cannot make them).
    Show {
        #[command(flatten)]
        data: DataArgs,
    },
}

pub fn run_keys(command: &KeysCommand) -> Result<u8> {
    match command {
        KeysCommand::Create { name, data } => {
            open(data)?;
            let verifier = evidence::create_key(&data.directory, name)?;
            eprintln!(
                "created {}; give out the verifier key below",
                data.directory.join(evidence::KEY_FILE).display()
            );
            println!("{verifier}");
            Ok(0)
        }
        KeysCommand::Show { data } => {
            open(data)?;
            let signer = hub_key(&data.directory)?;
            println!("{}", signer.verifier());
            Ok(0)
        }
    }
}

fn hub_key(directory: &Path) -> Result<gatecheck_evidence::Signer> {
    evidence::load_key(directory)?.with_context(|| {
        format!(
            "{} has no hub key: create one with `gatecheck keys create --data {}`",
            directory.display(),
            directory.display()
        )
    })
}

/// A file of at most [`evidence::MAX_BUNDLE_BYTES`] as text.
pub fn read_bounded(file: &Path) -> Result<String> {
    let size = std::fs::metadata(file)
        .with_context(|| format!("reading {}", file.display()))?
        .len();
    if size > evidence::MAX_BUNDLE_BYTES as u64 {
        bail!(
            "{}: {size} bytes, a bundle has at most {}",
            file.display(),
            evidence::MAX_BUNDLE_BYTES
        );
    }
    std::fs::read_to_string(file).with_context(|| format!("reading {}", file.display()))
}

/// Whether `text` is a bundle of `audit bundle` (one JSON document), not of `audit export`.
pub fn is_evidence_bundle(text: &str) -> bool {
    serde_json::from_str::<serde_json::Value>(text)
        .is_ok_and(|value| value["kind"] == "gatecheck-evidence-bundle")
}

pub fn check_bundle(file: &Path, text: &str, key: Option<&str>) -> Result<u8> {
    let Some(key) = key else {
        bail!(
            "{}: a signed bundle is checked against the hub's verifier key: give it with --key (from `gatecheck keys show` on the hub, not from the bundle)",
            file.display()
        );
    };
    let verifier: Verifier = key
        .parse()
        .map_err(|error| anyhow::anyhow!("--key: {error}"))?;
    match evidence::check_bundle(text, &verifier) {
        Ok(proof) => {
            println!(
                "bundle proven: {} about {} {} in the audit log of {} entries signed by {}{}",
                if proof.entries == 1 {
                    "1 entry".to_string()
                } else {
                    format!("{} entries", proof.entries)
                },
                proof.about,
                if proof.entries == 1 { "is" } else { "are" },
                proof.log_size,
                verifier.name(),
                if proof.content_proven {
                    ", with the content the first one digests"
                } else {
                    ""
                }
            );
            Ok(0)
        }
        Err(error) => {
            println!("bundle NOT proven: {}: {error}", file.display());
            Ok(1)
        }
    }
}

/// Checks the tree against the entries and the checkpoints; prints the verdict; whether
/// it holds. Without a key (none given, none in the data directory) the signatures are
/// not checked, and it says so.
pub fn verify_tree(
    store: &Store,
    directory: &Path,
    key: Option<&str>,
    checkpoint: Option<&Path>,
) -> Result<bool> {
    let verifier = match key {
        Some(key) => Some(
            key.parse::<Verifier>()
                .map_err(|error| anyhow::anyhow!("--key: {error}"))?,
        ),
        None => evidence::load_key(directory)?.map(|signer| signer.verifier()),
    };
    let Some(verifier) = verifier else {
        if checkpoint.is_some() {
            bail!("--checkpoint: no key to check its signature with: give --key");
        }
        println!(
            "audit tree not checked: the hub has no key (`gatecheck keys create`), so no checkpoint is signed"
        );
        return Ok(true);
    };
    let kept = checkpoint
        .map(|path| {
            std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))
        })
        .transpose()?;
    let verdict = evidence::verify_tree(store, &verifier, kept.as_deref())?;
    println!("{verdict}");
    Ok(matches!(verdict, evidence::TreeVerdict::Holds { .. }))
}

pub fn sign_checkpoint(store: &mut Store, directory: &Path) -> Result<u8> {
    let signer = hub_key(directory)?;
    let row = evidence::checkpoint(store, &signer, now())?;
    print!("{}", row.note);
    Ok(0)
}

pub fn write_bundle(
    store: &mut Store,
    directory: &Path,
    hit: Option<i64>,
    subject: Option<&str>,
    out: &Path,
) -> Result<u8> {
    let signer = hub_key(directory)?;
    let (about, entries, content) = match (hit, subject) {
        (Some(hit), _) => {
            let (entries, query) = evidence::entries_of_hit(store, hit)?;
            (format!("hit {hit}"), entries, Some(query))
        }
        (None, Some(subject)) => (
            subject.to_string(),
            store.audit_entries_about(subject)?,
            None,
        ),
        (None, None) => bail!("give --hit or --subject"),
    };
    let bundle = evidence::bundle(store, &signer, &about, &entries, content.as_deref(), now())?;
    let text = serde_json::to_string_pretty(&bundle)?;
    std::fs::write(out, &text).with_context(|| format!("writing {}", out.display()))?;
    println!(
        "wrote {} entries about {about} to {} ({} bytes)",
        entries.len(),
        out.display(),
        text.len()
    );
    Ok(0)
}
