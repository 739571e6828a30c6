//! The audit log as an append-only Merkle tree (RFC 9162, built by `gatecheck-evidence`):
//! each entry is a leaf, and the perfect nodes each entry completes are kept in
//! `audit_node`, so that a root of any size and a proof that an entry is in the log, or
//! that a later log extends an earlier one, read a few dozen rows, whatever the log's size.
//! The hub's signed checkpoints (a size and its root) are kept in `audit_checkpoint`.
//!
//! The leaf of an entry is its hash (`audit.hash`, which the service computes over every
//! field and the hash of the entry before), so one leaf stands for the whole entry. The
//! store keeps the tree as it keeps an index: it decides nothing, and the hashing is the
//! evidence crate's.

use gatecheck_evidence::{
    leaf_hash, prove_consistency, prove_inclusion, tree_root, ConsistencyProof, Frontier, Hash,
    InclusionProof, NodePosition, NodeStore, ProvingError,
};
use rusqlite::{params, Connection, OptionalExtension};

use crate::{Store, StoreError};

/// Entries read at a time when the tree catches up with the log.
const CATCH_UP_PAGE: i64 = 10_000;

/// A signed checkpoint as kept: the tree's size it covers, when it was signed, and the
/// signed note (C2SP tlog-checkpoint) as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckpointRow {
    pub size: u64,
    pub at: i64,
    pub note: String,
}

/// The tree's nodes as one connection reads them (inside a write's transaction, what it
/// wrote so far).
struct NodesIn<'c>(&'c Connection);

impl NodeStore for NodesIn<'_> {
    type Error = rusqlite::Error;

    fn node(&self, position: NodePosition) -> Result<Hash, rusqlite::Error> {
        let bytes: Vec<u8> = self
            .0
            .prepare_cached("SELECT hash FROM audit_node WHERE level = ?1 AND position = ?2")?
            .query_row(params![position.level, position.index as i64], |row| {
                row.get(0)
            })?;
        Hash::from_slice(&bytes).map_err(|error| {
            rusqlite::Error::FromSqlConversionFailure(
                0,
                rusqlite::types::Type::Blob,
                Box::new(error),
            )
        })
    }
}

/// The leaf of the entry with this hash (hex, as `audit.hash` keeps it).
pub fn entry_leaf(entry_hash: &str) -> Result<Hash, StoreError> {
    let invalid = || StoreError::Invalid {
        what: "audit entry hash",
        name: entry_hash.to_string(),
    };
    let bytes = decode_hex(entry_hash).ok_or_else(invalid)?;
    if bytes.len() != 32 {
        return Err(invalid());
    }
    Ok(leaf_hash(&bytes))
}

fn decode_hex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) || !text.is_ascii() {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|at| u8::from_str_radix(&text[at..at + 2], 16).ok())
        .collect()
}

fn proving<E: std::error::Error + 'static>(error: ProvingError<E>) -> StoreError {
    StoreError::Invalid {
        what: "audit tree request",
        name: error.to_string(),
    }
}

/// How many entries the tree holds.
fn size_in(connection: &Connection) -> Result<u64, StoreError> {
    let last: Option<i64> = connection
        .prepare_cached("SELECT MAX(position) FROM audit_node WHERE level = 0")?
        .query_row([], |row| row.get(0))
        .optional()?
        .flatten();
    Ok(last.map_or(0, |last| last as u64 + 1))
}

/// Takes the entries up to `seq` into the tree (those not in it yet): after each append,
/// and once for a log written before the tree was kept.
pub(crate) fn extend_to(connection: &Connection, seq: i64) -> Result<(), StoreError> {
    let mut size = size_in(connection)?;
    if size as i64 >= seq {
        return Ok(());
    }
    let mut frontier = Frontier::restore(&NodesIn(connection), size).map_err(proving)?;
    let mut insert = connection
        .prepare_cached("INSERT INTO audit_node (level, position, hash) VALUES (?1, ?2, ?3)")?;
    while (size as i64) < seq {
        let from = size as i64 + 1;
        let to = seq.min(from + CATCH_UP_PAGE - 1);
        let hashes: Vec<(i64, String)> = connection
            .prepare_cached("SELECT seq, hash FROM audit WHERE seq BETWEEN ?1 AND ?2 ORDER BY seq")?
            .query_map(params![from, to], |row| Ok((row.get(0)?, row.get(1)?)))?
            .collect::<Result<_, _>>()?;
        for (expected, (entry, hash)) in (from..).zip(&hashes) {
            if *entry != expected {
                return Err(StoreError::NotFound {
                    what: "audit entry",
                    name: expected.to_string(),
                });
            }
            for node in frontier.append(entry_leaf(hash)?) {
                insert.execute(params![
                    node.position.level,
                    node.position.index as i64,
                    node.hash.as_bytes().as_slice()
                ])?;
            }
        }
        if (hashes.len() as i64) < to - from + 1 {
            return Err(StoreError::NotFound {
                what: "audit entry",
                name: (from + hashes.len() as i64).to_string(),
            });
        }
        size = frontier.size();
    }
    Ok(())
}

impl Store {
    /// How many entries the audit tree holds (all of the log's, once opened to write).
    pub fn audit_tree_size(&self) -> Result<u64, StoreError> {
        size_in(&self.connection)
    }

    /// The root of the audit tree of the first `size` entries.
    pub fn audit_tree_root(&self, size: u64) -> Result<Hash, StoreError> {
        tree_root(&NodesIn(&self.connection), size).map_err(proving)
    }

    /// The proof that entry `seq` is in the tree of the first `size` entries.
    pub fn audit_inclusion(&self, seq: i64, size: u64) -> Result<InclusionProof, StoreError> {
        let index = u64::try_from(seq - 1).map_err(|_| StoreError::NotFound {
            what: "audit entry",
            name: seq.to_string(),
        })?;
        prove_inclusion(&NodesIn(&self.connection), index, size).map_err(proving)
    }

    /// The proof that the tree of `new_size` entries extends that of `old_size`.
    pub fn audit_consistency(
        &self,
        old_size: u64,
        new_size: u64,
    ) -> Result<ConsistencyProof, StoreError> {
        prove_consistency(&NodesIn(&self.connection), old_size, new_size).map_err(proving)
    }

    /// Keeps a signed checkpoint of the tree's first `size` entries.
    pub fn add_audit_checkpoint(&mut self, row: &CheckpointRow) -> Result<(), StoreError> {
        self.connection
            .prepare_cached(
                "INSERT OR IGNORE INTO audit_checkpoint (size, at, note) VALUES (?1, ?2, ?3)",
            )?
            .execute(params![row.size as i64, row.at, row.note])?;
        Ok(())
    }

    /// Every signed checkpoint kept, smallest first.
    pub fn audit_checkpoints(&self) -> Result<Vec<CheckpointRow>, StoreError> {
        let mut statement = self
            .connection
            .prepare_cached("SELECT size, at, note FROM audit_checkpoint ORDER BY size")?;
        let rows = statement.query_map([], checkpoint_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The checkpoint of the largest size kept.
    pub fn latest_audit_checkpoint(&self) -> Result<Option<CheckpointRow>, StoreError> {
        Ok(self
            .connection
            .prepare_cached(
                "SELECT size, at, note FROM audit_checkpoint ORDER BY size DESC LIMIT 1",
            )?
            .query_row([], checkpoint_row)
            .optional()?)
    }

    /// Takes every entry of the log into the tree: for a log written before the tree was
    /// kept (done once, when the store is opened to write).
    pub(crate) fn catch_up_audit_tree(&mut self) -> Result<(), StoreError> {
        let last: i64 =
            self.connection
                .query_row("SELECT COALESCE(MAX(seq), 0) FROM audit", [], |row| {
                    row.get(0)
                })?;
        if size_in(&self.connection)? as i64 >= last {
            return Ok(());
        }
        let transaction = self.connection.transaction()?;
        extend_to(&transaction, last)?;
        transaction.commit()?;
        Ok(())
    }
}

fn checkpoint_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<CheckpointRow> {
    Ok(CheckpointRow {
        size: row.get::<_, i64>(0)? as u64,
        at: row.get(1)?,
        note: row.get(2)?,
    })
}
