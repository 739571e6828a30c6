//! Evidence that proves itself: the audit log is a Merkle tree (the store keeps it, see
//! `gatecheck_store::audit_tree`), the hub signs checkpoints of it with its Ed25519 key,
//! and an evidence bundle for one hit or one subject carries only its entries, each with
//! the proof that it is in the log, and one signed checkpoint. Anyone holding the hub's
//! verifier key checks a bundle offline ([`check_bundle`]): no database, no trust in
//! whoever handed it over; and a log that was emptied or rewritten no longer gives the
//! roots its checkpoints signed ([`verify_tree`]).
//!
//! The hub's key is a 32-byte seed in a file of the data directory ([`KEY_FILE`]),
//! readable by its owner alone; its public half, the verifier key, is what courts and
//! members are given (`gatecheck keys show`).

use std::path::Path;

use gatecheck_evidence::{
    open_checkpoint, path_from_bytes, Checkpoint, Frontier, Hash, InclusionProof, Signer, Verifier,
};
use gatecheck_store::concepts::AuditLog;
use gatecheck_store::concepts::Backend;
use gatecheck_store::{entry_leaf, AuditRow, CheckpointRow};
use serde_json::{json, Value};

use crate::audit::{chain_hash, digest_of};
use crate::ServiceError;

/// The hub's signing key, in the data directory: its name, then the seed in hex.
pub const KEY_FILE: &str = "audit-signing.key";

/// The name a hub's key and its log's checkpoints carry when none is given.
pub const DEFAULT_KEY_NAME: &str = "gatecheck-hub";

/// What a bundle says it is, and the version of its form.
const BUNDLE_KIND: &str = "gatecheck-evidence-bundle";
const BUNDLE_VERSION: i64 = 1;

/// The most bytes of a bundle read, and the most entries it may carry.
pub const MAX_BUNDLE_BYTES: usize = 4 << 20;
const MAX_BUNDLE_ENTRIES: usize = 10_000;

fn refused(field: &'static str, reason: impl Into<String>) -> ServiceError {
    ServiceError::Invalid {
        field,
        reason: reason.into(),
    }
}

/// Creates the hub's signing key in `directory` (refused when one is there: a new key
/// would orphan every checkpoint signed). Returns its verifier key.
pub fn create_key(directory: &Path, name: &str) -> Result<Verifier, ServiceError> {
    let path = directory.join(KEY_FILE);
    if path.exists() {
        return Err(refused(
            "key",
            format!("{} exists: the hub has a key already", path.display()),
        ));
    }
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed).map_err(|error| ServiceError::Randomness(error.to_string()))?;
    let signer =
        Signer::from_seed(name, &seed).map_err(|error| refused("name", error.to_string()))?;
    let text = format!("{name}\n{}\n", Hash::from_bytes(seed));
    write_private(&path, &text)
        .map_err(|error| refused("key", format!("writing {}: {error}", path.display())))?;
    Ok(signer.verifier())
}

#[cfg(unix)]
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    file.write_all(text.as_bytes())?;
    file.sync_all()
}

#[cfg(not(unix))]
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    std::fs::write(path, text)
}

/// The hub's signing key from `directory`; `None` when it has none yet.
pub fn load_key(directory: &Path) -> Result<Option<Signer>, ServiceError> {
    let path = directory.join(KEY_FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(error) => {
            return Err(refused(
                "key",
                format!("reading {}: {error}", path.display()),
            ))
        }
    };
    let bad = |what: &str| refused("key", format!("{}: {what}", path.display()));
    // as ssh does with a private key: one others can read is refused, not used
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path)
            .map_err(|error| bad(&error.to_string()))?
            .permissions()
            .mode();
        if mode & 0o077 != 0 {
            return Err(bad(&format!(
                "readable or writable by others (mode {:o}): `chmod 600` it, and make a new key if others may have read it",
                mode & 0o777
            )));
        }
    }
    let mut lines = text.lines();
    let name = lines.next().ok_or_else(|| bad("no name on line 1"))?;
    // 32 bytes in hex, read as the evidence crate reads a hash
    let seed: Hash = lines
        .next()
        .and_then(|line| line.parse().ok())
        .ok_or_else(|| bad("line 2 is not 64 hex digits"))?;
    Signer::from_seed(name, seed.as_bytes())
        .map(Some)
        .map_err(|error| bad(&error.to_string()))
}

/// Signs a checkpoint of the whole log as it is now and keeps it (the one kept is reused
/// when the log has not grown since).
pub fn checkpoint(
    store: &mut (impl AuditLog + ?Sized),
    signer: &Signer,
    now: i64,
) -> Result<CheckpointRow, ServiceError> {
    let size = store.audit_tree_size()?;
    if size == 0 {
        return Err(refused("audit log", "empty: nothing to sign"));
    }
    if let Some(latest) = store.latest_audit_checkpoint()? {
        if latest.size == size {
            return Ok(latest);
        }
    }
    let root = store.audit_tree_root(size)?;
    let note = Checkpoint::new(signer.name(), size, root)
        .map_err(|error| refused("checkpoint", error.to_string()))?
        .sign(signer);
    let row = CheckpointRow {
        size,
        at: now,
        note,
    };
    store.add_audit_checkpoint(&row)?;
    Ok(row)
}

/// What checking the tree against the entries and the checkpoints found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TreeVerdict {
    /// The entries give the tree kept and every checkpoint's signed root.
    Holds { entries: u64, checkpoints: usize },
    /// The first thing that does not hold, in words.
    Broken(String),
}

impl std::fmt::Display for TreeVerdict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TreeVerdict::Holds {
                entries,
                checkpoints,
            } => write!(
                f,
                "audit tree holds: {entries} entries, {checkpoints} signed checkpoints verified"
            ),
            TreeVerdict::Broken(what) => write!(f, "audit tree broken: {what}"),
        }
    }
}

/// Recomputes the tree from the entries (in pages, bounded memory) and checks that it is
/// the tree kept, that every checkpoint kept is signed by `verifier` and names the root the
/// entries give at its size, and, with `kept`, that the log extends a checkpoint kept
/// elsewhere (a log emptied or cut below it no longer does).
pub fn verify_tree(
    store: &(impl AuditLog + ?Sized),
    verifier: &Verifier,
    kept: Option<&str>,
) -> Result<TreeVerdict, ServiceError> {
    let mut checkpoints: Vec<(u64, Checkpoint)> = Vec::new();
    let stored = store.audit_checkpoints()?;
    for row in stored {
        match open_checkpoint(row.note.as_bytes(), verifier) {
            Ok(checkpoint) if checkpoint.tree_size() == row.size => {
                checkpoints.push((row.size, checkpoint))
            }
            Ok(checkpoint) => {
                return Ok(TreeVerdict::Broken(format!(
                    "the checkpoint kept as size {} signs size {}",
                    row.size,
                    checkpoint.tree_size()
                )))
            }
            Err(error) => {
                return Ok(TreeVerdict::Broken(format!(
                    "the checkpoint of size {} is not signed by {}: {error}",
                    row.size,
                    verifier.name()
                )))
            }
        }
    }
    let stored_checkpoints = checkpoints.len();
    if let Some(kept) = kept {
        match open_checkpoint(kept.as_bytes(), verifier) {
            Ok(checkpoint) => checkpoints.push((checkpoint.tree_size(), checkpoint)),
            Err(error) => {
                return Ok(TreeVerdict::Broken(format!(
                    "the checkpoint given is not signed by {}: {error}",
                    verifier.name()
                )))
            }
        }
    }
    checkpoints.sort_by_key(|(size, _)| *size);
    let mut frontier = Frontier::new();
    let mut next = checkpoints.iter().peekable();
    let mut seq = 1;
    let check_at = |frontier: &Frontier, checkpoint: &Checkpoint| -> Option<String> {
        (frontier.root() != checkpoint.root()).then(|| {
            format!(
                "the entries do not give the root signed at size {} (an entry up to {} was changed, removed or inserted)",
                checkpoint.tree_size(),
                checkpoint.tree_size()
            )
        })
    };
    loop {
        let page = store.audit_entries(seq, seq + 9_999)?;
        if page.is_empty() {
            break;
        }
        for row in &page {
            let leaf = match entry_leaf(&row.hash) {
                Ok(leaf) => leaf,
                Err(_) => {
                    return Ok(TreeVerdict::Broken(format!(
                        "entry {} has no hash to make a leaf of",
                        row.seq
                    )))
                }
            };
            frontier.append(leaf);
            while let Some((size, checkpoint)) = next.peek() {
                if *size != frontier.size() {
                    break;
                }
                if let Some(problem) = check_at(&frontier, checkpoint) {
                    return Ok(TreeVerdict::Broken(problem));
                }
                next.next();
            }
        }
        seq += page.len() as i64;
    }
    if let Some((size, _)) = next.peek() {
        return Ok(TreeVerdict::Broken(format!(
            "the log holds {} entries, fewer than the {size} a signed checkpoint covers: entries were removed",
            frontier.size()
        )));
    }
    let kept_size = store.audit_tree_size()?;
    if kept_size != frontier.size() {
        return Ok(TreeVerdict::Broken(format!(
            "the tree kept holds {kept_size} entries, the log {}",
            frontier.size()
        )));
    }
    if kept_size > 0 && store.audit_tree_root(kept_size)? != frontier.root() {
        return Ok(TreeVerdict::Broken(
            "the tree kept is not the tree of the entries".to_string(),
        ));
    }
    Ok(TreeVerdict::Holds {
        entries: frontier.size(),
        checkpoints: stored_checkpoints,
    })
}

/// The entries that tell what became of hit `hit`: the entry that recorded it (a
/// `hit.add` of its moment whose digest is that of its query) and every entry about it
/// (`hit 42`: its statuses, answers and reads). With the query as kept, whose digest the
/// recording entry holds.
pub fn entries_of_hit(
    store: &dyn Backend,
    hit: i64,
) -> Result<(Vec<AuditRow>, String), ServiceError> {
    let row = store
        .hit(hit)?
        .ok_or_else(|| ServiceError::not_found("hit", hit))?;
    let query_digest = digest_of(row.query.as_bytes());
    let mut entries: Vec<AuditRow> = store
        .audit_entries_at(row.at)?
        .into_iter()
        .filter(|entry| entry.action == "hit.add" && entry.digest == query_digest)
        .collect();
    entries.extend(store.audit_entries_about(&format!("hit {hit}"))?);
    entries.sort_by_key(|entry| entry.seq);
    entries.dedup_by_key(|entry| entry.seq);
    Ok((entries, row.query))
}

/// An evidence bundle of `entries` (and, with `content`, the text the first one digests),
/// proven against a checkpoint the hub signs now if the last one kept does not cover them.
pub fn bundle(
    store: &mut (impl AuditLog + ?Sized),
    signer: &Signer,
    about: &str,
    entries: &[AuditRow],
    content: Option<&str>,
    now: i64,
) -> Result<Value, ServiceError> {
    if entries.is_empty() {
        return Err(refused("bundle", format!("no audit entries about {about}")));
    }
    let checkpoint = checkpoint(store, signer, now)?;
    let mut proven = Vec::with_capacity(entries.len());
    for entry in entries {
        let proof = store.audit_inclusion(entry.seq, checkpoint.size)?;
        proven.push(json!({
            "seq": entry.seq, "at": entry.at, "actor": entry.actor, "action": entry.action,
            "subject": entry.subject, "digest": entry.digest, "previous": entry.previous,
            "hash": entry.hash,
            "proof": proof.path.iter().map(Hash::to_base64).collect::<Vec<_>>(),
        }));
    }
    let mut bundle = json!({
        "kind": BUNDLE_KIND,
        "version": BUNDLE_VERSION,
        "about": about,
        "checkpoint": checkpoint.note,
        "entries": proven,
    });
    if let (Some(content), Some(first)) = (content, entries.first()) {
        bundle["content"] = json!({"seq": first.seq, "text": content});
    }
    Ok(bundle)
}

/// What checking a bundle proved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BundleProof {
    pub about: String,
    pub entries: usize,
    /// The size of the log the checkpoint signed.
    pub log_size: u64,
    /// Whether the bundle carried the content its first entry digests (and it matched).
    pub content_proven: bool,
}

/// Checks a bundle offline with the hub's verifier key: the checkpoint is signed by it;
/// each entry's fields give its hash, and its proof puts it in the log the checkpoint
/// signed; the content, when carried, is what its entry digests. The first failure is
/// named, with where.
pub fn check_bundle(text: &str, verifier: &Verifier) -> Result<BundleProof, ServiceError> {
    if text.len() > MAX_BUNDLE_BYTES {
        return Err(refused(
            "bundle",
            format!("{} bytes, at most {MAX_BUNDLE_BYTES}", text.len()),
        ));
    }
    let bundle: Value =
        serde_json::from_str(text).map_err(|error| refused("bundle", error.to_string()))?;
    if bundle["kind"] != BUNDLE_KIND || bundle["version"] != BUNDLE_VERSION {
        return Err(refused(
            "kind",
            format!("not a {BUNDLE_KIND} of version {BUNDLE_VERSION}"),
        ));
    }
    let note = bundle["checkpoint"]
        .as_str()
        .ok_or_else(|| refused("checkpoint", "missing or not text"))?;
    let checkpoint = open_checkpoint(note.as_bytes(), verifier).map_err(|error| {
        refused(
            "checkpoint",
            format!("not signed by {}: {error}", verifier.name()),
        )
    })?;
    let entries = bundle["entries"]
        .as_array()
        .ok_or_else(|| refused("entries", "missing or not a list"))?;
    if entries.is_empty() || entries.len() > MAX_BUNDLE_ENTRIES {
        return Err(refused(
            "entries",
            format!(
                "{} given, 1 to {MAX_BUNDLE_ENTRIES} expected",
                entries.len()
            ),
        ));
    }
    let mut digests = std::collections::HashMap::new();
    for (at, entry) in entries.iter().enumerate() {
        let place = |what: &str| format!("entries[{at}]: {what}");
        let text = |key: &str| {
            entry[key]
                .as_str()
                .map(str::to_string)
                .ok_or_else(|| refused("entries", place(&format!("{key}: missing or not text"))))
        };
        let number = |key: &str| {
            entry[key].as_i64().ok_or_else(|| {
                refused("entries", place(&format!("{key}: missing or not a number")))
            })
        };
        let row = AuditRow {
            seq: number("seq")?,
            at: number("at")?,
            actor: text("actor")?,
            action: text("action")?,
            subject: text("subject")?,
            digest: text("digest")?,
            previous: text("previous")?,
            hash: text("hash")?,
        };
        if chain_hash(&row) != row.hash {
            return Err(refused(
                "entries",
                place(&format!(
                    "entry {}: its fields do not give its hash",
                    row.seq
                )),
            ));
        }
        let leaf =
            entry_leaf(&row.hash).map_err(|error| refused("entries", place(&error.to_string())))?;
        let hashes: Vec<Vec<u8>> = entry["proof"]
            .as_array()
            .ok_or_else(|| refused("entries", place("proof: missing or not a list")))?
            .iter()
            .enumerate()
            .map(|(step, hash)| {
                hash.as_str()
                    .and_then(|text| Hash::from_base64(text).ok())
                    .map(|hash| hash.as_bytes().to_vec())
                    .ok_or_else(|| {
                        refused(
                            "entries",
                            place(&format!("proof[{step}]: not a base64 hash")),
                        )
                    })
            })
            .collect::<Result<_, _>>()?;
        let path = path_from_bytes(&hashes)
            .map_err(|error| refused("entries", place(&error.to_string())))?;
        let index = u64::try_from(row.seq - 1)
            .map_err(|_| refused("entries", place("seq: not a position in a log")))?;
        let proof = InclusionProof {
            leaf_index: index,
            tree_size: checkpoint.tree_size(),
            path,
        };
        checkpoint
            .verify_inclusion(&leaf, &proof)
            .map_err(|error| {
                refused(
                    "entries",
                    place(&format!(
                        "entry {} is not in the log the checkpoint signed: {error}",
                        row.seq
                    )),
                )
            })?;
        digests.insert(row.seq, row.digest);
    }
    let content_proven = match bundle.get("content") {
        None | Some(Value::Null) => false,
        Some(content) => {
            let seq = content["seq"]
                .as_i64()
                .ok_or_else(|| refused("content", "seq: missing or not a number"))?;
            let text = content["text"]
                .as_str()
                .ok_or_else(|| refused("content", "text: missing or not text"))?;
            let digest = digests
                .get(&seq)
                .ok_or_else(|| refused("content", format!("entry {seq} is not in the bundle")))?;
            if *digest != digest_of(text.as_bytes()) {
                return Err(refused("content", format!("not what entry {seq} digests")));
            }
            true
        }
    };
    Ok(BundleProof {
        about: bundle["about"].as_str().unwrap_or_default().to_string(),
        entries: entries.len(),
        log_size: checkpoint.tree_size(),
        content_proven,
    })
}
