//! `gatecheck audit ...` and `gatecheck keys ...`: the tamper-evident audit log verified,
//! exported, checkpointed by the hub's key, and evidence bundles of it written and checked
//! offline (see `gatecheck_service::audit` and `gatecheck_service::evidence`).

use std::path::Path;

use anyhow::{bail, Context, Result};
use clap::Subcommand;
use gatecheck_evidence::Verifier;
use gatecheck_service::evidence;
use gatecheck_store::concepts::Backend;

use crate::admin::{now, open, DataArgs};
use gatecheck_service::audit;
use gatecheck_service::dates::utc;
use std::path::PathBuf;

#[derive(Subcommand, Debug)]
pub enum AuditCommand {
    /// Write entries `--from`..=`--to` as an evidence bundle: a JSON header line (the hash
    /// before the first entry, the head, whether the whole log verified), then one JSON
    /// line an entry. `audit check-bundle` re-verifies it without the database.
    Export {
        #[arg(long, default_value_t = 1)]
        from: i64,
        #[arg(long, default_value_t = i64::MAX)]
        to: i64,
        #[arg(long)]
        out: PathBuf,
        #[command(flatten)]
        data: DataArgs,
    },
    /// Re-verify an evidence bundle offline: one written by `audit bundle` (with `--key`,
    /// the hub's verifier key as `gatecheck keys show` prints it), or by `audit export`;
    /// exit 0 proven, 1 not.
    CheckBundle {
        file: PathBuf,
        /// The hub's verifier key (`name+id+key`), as given out by the hub, not taken from
        /// the bundle.
        #[arg(long)]
        key: Option<String>,
    },
    /// Check the audit chain, and the Merkle tree against the entries and every signed
    /// checkpoint; exits 0 when intact, 1 naming the first thing that is not.
    Verify {
        /// The head hash reported by an earlier verify, to detect a rewritten tail.
        #[arg(long)]
        head: Option<String>,
        /// A signed checkpoint kept elsewhere (a file): the log must still extend it.
        #[arg(long)]
        checkpoint: Option<PathBuf>,
        /// The hub's verifier key [default: the data directory's key].
        #[arg(long)]
        key: Option<String>,
        #[command(flatten)]
        data: DataArgs,
    },
    /// Sign a checkpoint of the audit log as it is now with the hub's key, and print it.
    Checkpoint {
        #[command(flatten)]
        data: DataArgs,
    },
    /// Write an evidence bundle of one hit (`--hit`) or of every entry about one subject
    /// (`--subject "document L898902C3"`): the entries, each with its proof of inclusion,
    /// and a checkpoint signed by the hub's key; `audit check-bundle --key` checks it
    /// without the database.
    Bundle {
        #[arg(long, conflicts_with = "subject", required_unless_present = "subject")]
        hit: Option<i64>,
        #[arg(long)]
        subject: Option<String>,
        #[arg(long)]
        out: PathBuf,
        #[command(flatten)]
        data: DataArgs,
    },
}

pub fn run_audit(command: &AuditCommand) -> Result<u8> {
    match command {
        AuditCommand::Export {
            from,
            to,
            out,
            data,
        } => {
            let store = open(data)?;
            let whole = audit::verify(&*store, None)?;
            let rows = store.audit_entries(*from, *to)?;
            let previous = match rows.first() {
                Some(first) => first.previous.clone(),
                None => anyhow::bail!("no audit entries from {from} to {to}"),
            };
            let head = rows.last().map(|row| row.hash.clone()).unwrap_or_default();
            let mut lines = vec![serde_json::json!({
                "kind": "gatecheck-audit-bundle",
                "from": rows[0].seq,
                "to": rows[rows.len() - 1].seq,
                "previous": previous,
                "head": head,
                "log_verified": matches!(whole, audit::Verdict::Intact { .. }),
                "log_verdict": whole.to_string(),
                "exported_at": utc(now()),
            })
            .to_string()];
            lines.extend(rows.iter().map(|row| {
                serde_json::json!({
                    "seq": row.seq, "at": row.at, "actor": row.actor, "action": row.action,
                    "subject": row.subject, "digest": row.digest, "previous": row.previous,
                    "hash": row.hash,
                })
                .to_string()
            }));
            std::fs::write(out, lines.join("\n") + "\n")
                .with_context(|| format!("writing {}", out.display()))?;
            println!("exported {} audit entries to {}", rows.len(), out.display());
            Ok(0)
        }
        AuditCommand::CheckBundle { file, key } => {
            let text = read_bounded(file)?;
            if is_evidence_bundle(&text) {
                return check_bundle(file, &text, key.as_deref());
            }
            let mut lines = text.lines();
            let header: serde_json::Value = serde_json::from_str(lines.next().unwrap_or(""))
                .with_context(|| format!("{}:1: not a bundle header", file.display()))?;
            let previous = header["previous"].as_str().unwrap_or("").to_string();
            let mut rows = Vec::new();
            for (index, line) in lines.enumerate() {
                let value: serde_json::Value = serde_json::from_str(line)
                    .with_context(|| format!("{}:{}: not an entry", file.display(), index + 2))?;
                let text = |key: &str| value[key].as_str().unwrap_or_default().to_string();
                rows.push(gatecheck_store::AuditRow {
                    seq: value["seq"].as_i64().unwrap_or(-1),
                    at: value["at"].as_i64().unwrap_or(-1),
                    actor: text("actor"),
                    action: text("action"),
                    subject: text("subject"),
                    digest: text("digest"),
                    previous: text("previous"),
                    hash: text("hash"),
                });
            }
            let verdict = audit::verify_run(&rows, &previous);
            let head_kept = header["head"].as_str() == rows.last().map(|row| row.hash.as_str());
            println!("{verdict}");
            Ok(match verdict {
                audit::Verdict::Intact { .. } if head_kept => 0,
                audit::Verdict::Intact { .. } => {
                    println!("the bundle's last entry is not the head its header names");
                    1
                }
                audit::Verdict::Broken { .. } => 1,
            })
        }
        AuditCommand::Verify {
            head,
            checkpoint,
            key,
            data,
        } => {
            let store = open(data)?;
            let verdict = audit::verify(&*store, head.as_deref())?;
            println!("{verdict}");
            let chain_holds = matches!(verdict, audit::Verdict::Intact { .. });
            let tree_holds = verify_tree(
                &*store,
                &data.directory,
                key.as_deref(),
                checkpoint.as_deref(),
            )?;
            Ok(if chain_holds && tree_holds { 0 } else { 1 })
        }
        AuditCommand::Checkpoint { data } => {
            let mut store = open(data)?;
            sign_checkpoint(&mut *store, &data.directory)
        }
        AuditCommand::Bundle {
            hit,
            subject,
            out,
            data,
        } => {
            let mut store = open(data)?;
            write_bundle(&mut *store, &data.directory, *hit, subject.as_deref(), out)
        }
    }
}

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
            // with a PostgreSQL store the directory holds the key alone, and may be new
            std::fs::create_dir_all(&data.directory)
                .with_context(|| format!("creating {}", data.directory.display()))?;
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
    store: &dyn Backend,
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

pub fn sign_checkpoint(store: &mut dyn Backend, directory: &Path) -> Result<u8> {
    let signer = hub_key(directory)?;
    let row = evidence::checkpoint(store, &signer, now())?;
    print!("{}", row.note);
    Ok(0)
}

pub fn write_bundle(
    store: &mut dyn Backend,
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
        "wrote {} about {about} to {} ({} bytes)",
        if entries.len() == 1 {
            "1 entry".to_string()
        } else {
            format!("{} entries", entries.len())
        },
        out.display(),
        text.len()
    );
    Ok(0)
}
