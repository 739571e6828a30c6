//! The audit log's chain as both backends number it: the hash before the first entry, an
//! entry numbered and chained after the last, and the leaf an entry is in the audit tree.

use gatecheck_evidence::{leaf_hash, Hash};

use crate::{AuditEntry, AuditRow, StoreError};

/// The hash that stands before the first audit entry.
pub const CHAIN_START: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The entry `audit` numbered and chained after `last` (the log's last entry, if any).
pub(crate) fn chained_row(
    last: Option<(i64, String)>,
    audit: &AuditEntry,
    chain: &dyn Fn(&AuditRow) -> String,
) -> AuditRow {
    let (seq, previous) = match last {
        Some((seq, hash)) => (seq + 1, hash),
        None => (1, CHAIN_START.to_string()),
    };
    let mut row = AuditRow {
        seq,
        at: audit.at,
        actor: audit.actor.clone(),
        action: audit.action.clone(),
        subject: audit.subject.clone(),
        digest: audit.digest.clone(),
        previous,
        hash: String::new(),
    };
    row.hash = chain(&row);
    row
}

/// The leaf of the entry with this hash (64 hex digits, as `audit.hash` keeps it).
pub fn entry_leaf(entry_hash: &str) -> Result<Hash, StoreError> {
    let hash: Hash = entry_hash.parse().map_err(|_| StoreError::Invalid {
        what: "audit entry hash",
        name: entry_hash.to_string(),
    })?;
    Ok(leaf_hash(hash.as_bytes()))
}
