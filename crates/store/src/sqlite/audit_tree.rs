//! The audit log as an append-only Merkle tree (RFC 9162, built by `gatecheck-evidence`):
//! each entry is a leaf, and the perfect nodes each entry completes are kept in
//! `audit_node`, so that a root of any size and a proof that an entry is in the log, or
//! that a later log extends an earlier one, read a few dozen rows, whatever the log's size.
//! The hub's signed checkpoints (a size and its root) are kept in `audit_checkpoint`.
//!
//! The leaf of an entry is its hash (`audit.hash`, which the service computes over every
//! field and the hash of the entry before), so one leaf stands for the whole entry. The
//! store keeps the tree as it keeps an index: it decides nothing, and the hashing is the
//! evidence crate's. An append needs the tree's right edge: the store keeps the one its
//! last write left ([`KnownEdge`]) rather than read it again each time.

use std::cell::Cell;

use gatecheck_evidence::{
    prove_consistency, prove_inclusion, tree_root, ConsistencyProof, Frontier, Hash,
    InclusionProof, NodePosition, NodeStore, ProvingError,
};
use rusqlite::{params, Connection, OptionalExtension};

use super::Store;
use crate::{entry_leaf, CheckpointRow, StoreError};

/// Entries read at a time when the tree catches up with the log.
const CATCH_UP_PAGE: i64 = 10_000;

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

/// The tree's right edge as this store's last write left it, kept between writes so that
/// an append need not restore it from the nodes (one read a set bit of the size: eight at
/// ten million entries).
///
/// It is used only while the tree's size and last leaf are still those it was made for,
/// which a write reads anyway (one row): a write that was rolled back (a savepoint undone,
/// a group's transaction lost) or appends made through another connection or process
/// change the size or the last leaf, and the edge is then restored from the nodes. The
/// last leaf is the hash of the log's last entry, which covers the hash of the entry before
/// it (see [`crate::AuditRow`]), and so the whole log: the same size with the same last
/// leaf is the same tree.
#[derive(Default)]
pub(super) struct KnownEdge(Cell<Option<Edge>>);

struct Edge {
    frontier: Frontier,
    last_leaf: Hash,
}

/// The tree's size and its last leaf, as `connection` sees them (inside a write, with what
/// it wrote so far). A last leaf that is not a hash (a damaged row) is told as none: it
/// matches no edge kept.
fn last_leaf_in(connection: &Connection) -> Result<(u64, Option<Hash>), StoreError> {
    let last: Option<(i64, Vec<u8>)> = connection
        .prepare_cached(
            "SELECT position, hash FROM audit_node WHERE level = 0 ORDER BY position DESC LIMIT 1",
        )?
        .query_row([], |row| Ok((row.get(0)?, row.get(1)?)))
        .optional()?;
    Ok(match last {
        Some((position, bytes)) => (position as u64 + 1, Hash::from_slice(&bytes).ok()),
        None => (0, None),
    })
}

/// The tree growing inside one write: how many entries it holds, and its right edge, taken
/// from the [`KnownEdge`] when that is still this tree's, else restored from the nodes
/// once (when the first leaf is appended) for every entry the write appends.
pub(super) struct Growth<'c> {
    connection: &'c Connection,
    /// The leaves the tree holds; more than the log's entries when entries were removed
    /// behind the tree's back (their leaves stay, and no leaf is appended until the log
    /// is past them: `audit verify` names what happened).
    size: u64,
    last_leaf: Option<Hash>,
    frontier: Option<Frontier>,
}

impl<'c> Growth<'c> {
    /// The tree as `connection` holds it, with every entry of the log up to `seq` taken in
    /// (those not in it yet: after a crash of an older version, or a log written before
    /// the tree was kept).
    pub(super) fn caught_up_to(
        connection: &'c Connection,
        known: &KnownEdge,
        seq: i64,
    ) -> Result<Growth<'c>, StoreError> {
        let (size, last_leaf) = last_leaf_in(connection)?;
        let frontier = known
            .0
            .take()
            .filter(|edge| edge.frontier.size() == size && Some(edge.last_leaf) == last_leaf)
            .map(|edge| edge.frontier);
        let mut growth = Growth {
            connection,
            size,
            last_leaf,
            frontier,
        };
        while (growth.size as i64) < seq {
            let from = growth.size as i64 + 1;
            let to = seq.min(from + CATCH_UP_PAGE - 1);
            let hashes: Vec<(i64, String)> = connection
                .prepare_cached(
                    "SELECT seq, hash FROM audit WHERE seq BETWEEN ?1 AND ?2 ORDER BY seq",
                )?
                .query_map(params![from, to], |row| Ok((row.get(0)?, row.get(1)?)))?
                .collect::<Result<_, _>>()?;
            for (expected, (entry, hash)) in (from..).zip(&hashes) {
                if *entry != expected {
                    return Err(StoreError::NotFound {
                        what: "audit entry",
                        name: expected.to_string(),
                    });
                }
                growth.take_in(*entry, hash)?;
            }
            if (hashes.len() as i64) < to - from + 1 {
                return Err(StoreError::NotFound {
                    what: "audit entry",
                    name: (from + hashes.len() as i64).to_string(),
                });
            }
        }
        Ok(growth)
    }

    /// Takes in entry `seq` (the one after the last taken in) with its hash: its leaf and
    /// the nodes it completes are written. An entry whose leaf the tree already holds is
    /// left out.
    pub(super) fn take_in(&mut self, seq: i64, entry_hash: &str) -> Result<(), StoreError> {
        if self.size as i64 >= seq {
            return Ok(());
        }
        debug_assert_eq!(self.size as i64, seq - 1, "entries are taken in in order");
        let frontier = match &mut self.frontier {
            Some(frontier) => frontier,
            None => self
                .frontier
                .insert(Frontier::restore(&NodesIn(self.connection), self.size).map_err(proving)?),
        };
        let leaf = entry_leaf(entry_hash)?;
        let mut insert = self
            .connection
            .prepare_cached("INSERT INTO audit_node (level, position, hash) VALUES (?1, ?2, ?3)")?;
        for node in frontier.append(leaf) {
            insert.execute(params![
                node.position.level,
                node.position.index as i64,
                node.hash.as_bytes().as_slice()
            ])?;
        }
        self.size += 1;
        self.last_leaf = Some(leaf);
        Ok(())
    }

    /// Keeps the right edge for the next write (which uses it only if it finds the tree as
    /// this one leaves it).
    pub(super) fn keep_edge(self, known: &KnownEdge) {
        if let (Some(frontier), Some(last_leaf)) = (self.frontier, self.last_leaf) {
            if frontier.size() == self.size {
                known.0.set(Some(Edge {
                    frontier,
                    last_leaf,
                }));
            }
        }
    }
}

/// Takes the entries up to `seq` into the tree (those not in it yet): once for a log
/// written before the tree was kept.
fn extend_to(connection: &Connection, known: &KnownEdge, seq: i64) -> Result<(), StoreError> {
    Growth::caught_up_to(connection, known, seq)?.keep_edge(known);
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
    pub(super) fn catch_up_audit_tree(&mut self) -> Result<(), StoreError> {
        let last: i64 =
            self.connection
                .query_row("SELECT COALESCE(MAX(seq), 0) FROM audit", [], |row| {
                    row.get(0)
                })?;
        if size_in(&self.connection)? as i64 >= last {
            return Ok(());
        }
        let transaction = self.connection.transaction()?;
        extend_to(&transaction, &self.tree_edge, last)?;
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

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use gatecheck_evidence::leaf_hash;

    use super::*;
    use crate::{AuditEntry, AuditRow};

    /// A chain as the service's: each entry's hash covers its fields and the hash of the
    /// entry before (64 hex digits, as the tree reads them).
    fn chain(row: &AuditRow) -> String {
        let fields = format!(
            "{}|{}|{}|{}|{}|{}|{}",
            row.previous, row.seq, row.at, row.actor, row.action, row.subject, row.digest
        );
        leaf_hash(fields.as_bytes()).to_string()
    }

    fn entry(subject: &str) -> AuditEntry {
        AuditEntry {
            at: 1_795_910_400,
            actor: "cli:test".into(),
            action: "test.write".into(),
            subject: subject.into(),
            digest: "d".into(),
        }
    }

    /// Checks that the nodes kept are exactly those of the tree of the log's entries,
    /// recomputed here with a fresh `Frontier`, and that so is the root.
    #[track_caller]
    fn assert_tree_is_the_logs(store: &Store) {
        let mut frontier = Frontier::new();
        let mut recomputed = BTreeMap::new();
        for row in store.audit_entries(1, i64::MAX).unwrap() {
            for node in frontier.append(entry_leaf(&row.hash).unwrap()) {
                recomputed.insert((node.position.level, node.position.index), node.hash);
            }
        }
        let mut statement = store
            .connection
            .prepare("SELECT level, position, hash FROM audit_node")
            .unwrap();
        let kept: BTreeMap<(u8, u64), Hash> = statement
            .query_map([], |row| {
                let bytes: Vec<u8> = row.get(2)?;
                Ok((
                    (row.get(0)?, row.get::<_, i64>(1)? as u64),
                    Hash::from_slice(&bytes).unwrap(),
                ))
            })
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(kept, recomputed, "the nodes kept are the log's");
        assert_eq!(store.audit_tree_size().unwrap(), frontier.size());
        assert_eq!(
            store.audit_tree_root(frontier.size()).unwrap(),
            frontier.root()
        );
    }

    fn append(store: &mut Store, subjects: &[&str]) {
        for subject in subjects {
            store.append_audit(&entry(subject), chain).unwrap();
        }
    }

    /// A write that appends and is then undone, as a failed write of a group is.
    fn append_then_undo(store: &mut Store, subjects: &[&str]) {
        store.begin_group().unwrap();
        let undone: Result<(), StoreError> = store.in_group(|store| {
            append(store, subjects);
            Err(StoreError::GroupUndone)
        });
        assert!(undone.is_err());
        store.commit_group().unwrap();
    }

    #[test]
    fn a_rolled_back_write_leaves_the_next_write_the_tree_of_the_log() {
        let directory = tempfile::tempdir().unwrap();
        let mut store = Store::open(directory.path()).unwrap();
        append(&mut store, &["a1", "a2", "a3", "a4", "a5"]);
        // undone inside a group: the tree is back at five entries, the edge kept was of seven
        append_then_undo(&mut store, &["undone 6", "undone 7"]);
        append(&mut store, &["b6"]);
        assert_tree_is_the_logs(&store);
        // a group whose whole transaction SQLite undid (a full disk, an I/O error)
        store.begin_group().unwrap();
        store
            .in_group(|store| store.append_audit(&entry("lost 7"), chain))
            .unwrap();
        store.connection.execute_batch("ROLLBACK").unwrap();
        assert!(matches!(store.commit_group(), Err(StoreError::GroupUndone)));
        append(&mut store, &["c7", "c8"]);
        assert_tree_is_the_logs(&store);
        // a write that fails halfway (a hash the tree cannot read) and is dropped undone
        let bad_chain = |row: &AuditRow| {
            if row.subject == "bad" {
                "not hex".to_string()
            } else {
                chain(row)
            }
        };
        let failed = store.append_audit_entries(&[entry("d9"), entry("bad")], bad_chain);
        assert!(matches!(failed, Err(StoreError::Invalid { .. })));
        // sixteen more, so that every peak of the edge is combined into a node kept
        let more: Vec<String> = (9..25).map(|seq| format!("e{seq}")).collect();
        let more: Vec<&str> = more.iter().map(String::as_str).collect();
        append(&mut store, &more);
        assert_tree_is_the_logs(&store);
        assert_eq!(store.audit_tree_size().unwrap(), 24);
    }

    #[test]
    fn two_stores_appending_in_turn_on_one_directory_keep_the_tree_of_the_log() {
        let directory = tempfile::tempdir().unwrap();
        let mut first = Store::open(directory.path()).unwrap();
        let mut second = Store::open(directory.path()).unwrap();
        for turn in 0..12 {
            let (writing, other) = if turn % 2 == 0 {
                (&mut first, &mut second)
            } else {
                (&mut second, &mut first)
            };
            let subjects: Vec<String> =
                (0..=turn % 3).map(|n| format!("turn {turn} {n}")).collect();
            let subjects: Vec<&str> = subjects.iter().map(String::as_str).collect();
            if turn % 4 == 3 {
                writing
                    .append_audit_entries(
                        &subjects.iter().map(|s| entry(s)).collect::<Vec<_>>(),
                        chain,
                    )
                    .unwrap();
            } else {
                append(writing, &subjects);
            }
            assert_tree_is_the_logs(other);
        }
        // the same size as an edge kept, with another last leaf: the first store's write
        // of two entries is undone, the second store appends two others in their place
        let size = first.audit_tree_size().unwrap();
        append_then_undo(&mut first, &["undone x", "undone y"]);
        append(&mut second, &["other x", "other y"]);
        assert_eq!(first.audit_tree_size().unwrap(), size + 2);
        let more: Vec<String> = (0..32).map(|n| format!("after {n}")).collect();
        let more: Vec<&str> = more.iter().map(String::as_str).collect();
        append(&mut first, &more);
        assert_tree_is_the_logs(&first);
    }

    #[test]
    fn appending_a_slice_at_once_gives_the_log_and_tree_of_appending_one_by_one() {
        let subjects: Vec<String> = (0..37).map(|n| format!("entry {n}")).collect();
        let entries: Vec<AuditEntry> = subjects.iter().map(|s| entry(s)).collect();
        let one_by_one = tempfile::tempdir().unwrap();
        let mut store = Store::open(one_by_one.path()).unwrap();
        for entry in &entries {
            store.append_audit(entry, chain).unwrap();
        }
        let at_once = tempfile::tempdir().unwrap();
        let mut sliced = Store::open(at_once.path()).unwrap();
        let last = sliced
            .append_audit_entries(&entries[..5], chain)
            .unwrap()
            .unwrap();
        assert_eq!(last.seq, 5);
        sliced.append_audit(&entries[5], chain).unwrap();
        sliced.append_audit_entries(&entries[6..], chain).unwrap();
        assert_eq!(sliced.append_audit_entries(&[], chain).unwrap(), None);
        assert_eq!(
            sliced.audit_entries(1, i64::MAX).unwrap(),
            store.audit_entries(1, i64::MAX).unwrap()
        );
        assert_tree_is_the_logs(&sliced);
        assert_eq!(
            sliced.audit_tree_root(37).unwrap(),
            store.audit_tree_root(37).unwrap()
        );
    }
}
