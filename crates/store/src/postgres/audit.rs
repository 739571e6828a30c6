//! The audit log, its Merkle tree and the hub's checkpoints on PostgreSQL: one append at a
//! time from whichever node, under a transaction-scoped advisory lock.

use std::cell::RefCell;

use super::conn::Conn;
use super::rows::Rows;
use gatecheck_evidence::{
    prove_consistency, prove_inclusion, tree_root, ConsistencyProof, Frontier, Hash,
    InclusionProof, NodePosition, NodeStore, ProvingError,
};

use super::PostgresStore;
use crate::concepts::{AuditLog, Chain};
use crate::{entry_leaf, AuditEntry, AuditRow, CheckpointRow, StoreError, CHAIN_START};

/// The lock every audit append takes for its transaction: one append at a time, from
/// whichever node, so entries are numbered and chained in one order.
pub(super) const AUDIT_LOCK: i64 = 0x6761_7465_6175_6469; // "gateaudi"

const AUDIT_COLUMNS: &str = "seq, at, actor, action, subject, digest, previous, hash";

fn audit_row(row: &postgres::Row) -> AuditRow {
    AuditRow {
        seq: row.get(0),
        at: row.get(1),
        actor: row.get(2),
        action: row.get(3),
        subject: row.get(4),
        digest: row.get(5),
        previous: row.get(6),
        hash: row.get(7),
    }
}

/// Appends `audit` inside `transaction`, after every append of other nodes (the lock),
/// and takes it into the tree.
pub(crate) fn append_audit_in(
    transaction: &mut Conn,
    audit: &AuditEntry,
    chain: Chain<'_>,
) -> Result<AuditRow, StoreError> {
    let chained = Chained::after_the_log(transaction, std::slice::from_ref(audit), chain)?;
    let mut rows = Rows::default();
    chained.add_to(&mut rows);
    transaction.write_rows(rows)?;
    Ok(chained
        .written(transaction)
        .pop()
        .expect("one entry chained"))
}

/// Entries numbered and chained after the log's last, with the tree nodes they complete,
/// to be written with whatever else their write writes ([`Chained::add_to`]).
pub(crate) struct Chained {
    rows: Vec<AuditRow>,
    frontier: Frontier,
    nodes: Vec<(i16, i64, Hash)>,
}

impl Chained {
    /// Numbers and chains `audits` after the log's last entry, under the audit lock (taken
    /// here unless the transaction holds it): in a group, the last entry and the tree's
    /// edge are the ones its own last append left.
    pub(crate) fn after_the_log(
        transaction: &mut Conn,
        audits: &[AuditEntry],
        chain: Chain<'_>,
    ) -> Result<Chained, StoreError> {
        transaction.advisory_lock(AUDIT_LOCK)?;
        let known = transaction.held().and_then(|held| held.audit.take());
        let (last, mut previous, frontier) = match known {
            Some((last, hash, frontier)) => (last, hash, Some(frontier)),
            None => {
                let last = transaction
                    .query_read("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1", &[])?
                    .into_iter()
                    .next();
                match last {
                    Some(row) => (row.get::<_, i64>(0), row.get::<_, String>(1), None),
                    None => (0, CHAIN_START.to_string(), None),
                }
            }
        };
        let size = u64::try_from(last).map_err(|_| StoreError::Invalid {
            what: "audit log",
            name: format!("last entry numbered {last}"),
        })?;
        let mut frontier = match frontier {
            Some(frontier) if frontier.size() == size => frontier,
            _ => {
                let nodes = NodesIn(RefCell::new(&mut *transaction));
                Frontier::restore(&nodes, size).map_err(proving)?
            }
        };
        let (mut rows, mut nodes) = (Vec::with_capacity(audits.len()), Vec::new());
        for (seq, audit) in (last + 1..).zip(audits) {
            let row = crate::chain::chained_row(Some((seq - 1, previous)), audit, chain);
            previous = row.hash.clone();
            for node in frontier.append(entry_leaf(&row.hash)?) {
                let position = node.position;
                nodes.push((i16::from(position.level), position.index as i64, node.hash));
            }
            rows.push(row);
        }
        Ok(Chained {
            rows,
            frontier,
            nodes,
        })
    }

    /// Adds the entries and their nodes to `rows`.
    pub(crate) fn add_to(&self, rows: &mut Rows) {
        for row in &self.rows {
            rows.add_audit(row);
        }
        for (level, position, hash) in &self.nodes {
            rows.add_node(*level, *position, hash.as_bytes());
        }
    }

    /// The entries as written, once their statement succeeded: a group remembers the last
    /// and the tree's edge after it for its next append.
    pub(crate) fn written(self, transaction: &mut Conn) -> Vec<AuditRow> {
        if let (Some(held), Some(last)) = (transaction.held(), self.rows.last()) {
            held.audit = Some((last.seq, last.hash.clone(), self.frontier));
        }
        self.rows
    }
}

/// The tree's edge after `size` entries from its nodes read (`level:position:hex`, comma
/// separated, as [`super::KNOWN_UNDER_THE_LOCKS`] lists them).
pub(super) fn frontier_from(size: u64, nodes: &str) -> Result<Frontier, StoreError> {
    let unreadable = || StoreError::Invalid {
        what: "audit tree node",
        name: nodes.chars().take(80).collect(),
    };
    let mut read = std::collections::HashMap::new();
    for node in nodes.split(',').filter(|node| !node.is_empty()) {
        let mut parts = node.split(':');
        let (Some(level), Some(index), Some(hash), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(unreadable());
        };
        let level: u8 = level.parse().map_err(|_| unreadable())?;
        let index: u64 = index.parse().map_err(|_| unreadable())?;
        let hash: Hash = hash.parse().map_err(|_| unreadable())?;
        read.insert(NodePosition { level, index }, hash);
    }
    Frontier::restore(&NodesRead(read), size).map_err(proving)
}

/// Nodes read already.
struct NodesRead(std::collections::HashMap<NodePosition, Hash>);

impl NodeStore for NodesRead {
    type Error = StoreError;

    fn node(&self, position: NodePosition) -> Result<Hash, StoreError> {
        self.0
            .get(&position)
            .copied()
            .ok_or_else(|| not_found("audit tree node", &format!("{position:?}")))
    }
}

/// The tree's nodes as one client or transaction reads them, several in one query.
struct NodesIn<'c>(RefCell<&'c mut Conn>);

impl NodeStore for NodesIn<'_> {
    type Error = StoreError;

    fn node(&self, position: NodePosition) -> Result<Hash, StoreError> {
        Ok(self.nodes(&[position])?[0])
    }

    fn nodes(&self, positions: &[NodePosition]) -> Result<Vec<Hash>, StoreError> {
        if positions.is_empty() {
            return Ok(Vec::new());
        }
        let levels: Vec<i16> = positions.iter().map(|p| i16::from(p.level)).collect();
        let indexes: Vec<i64> = positions.iter().map(|p| p.index as i64).collect();
        let rows = self.0.borrow_mut().query_read(
            "SELECT asked.at, node.hash
             FROM unnest($1::smallint[], $2::bigint[]) WITH ORDINALITY AS asked (level, position, at)
             JOIN audit_node node ON node.level = asked.level AND node.position = asked.position
             ORDER BY asked.at",
            &[&levels, &indexes],
        )?;
        if rows.len() != positions.len() {
            return Err(StoreError::NotFound {
                what: "audit tree node",
                name: format!(
                    "{} of {} asked",
                    positions.len() - rows.len(),
                    positions.len()
                ),
            });
        }
        rows.iter()
            .map(|row| {
                let bytes: Vec<u8> = row.get(1);
                Hash::from_slice(&bytes).map_err(|error| StoreError::Invalid {
                    what: "audit tree node",
                    name: error.to_string(),
                })
            })
            .collect()
    }
}

fn proving(error: ProvingError<StoreError>) -> StoreError {
    match error {
        ProvingError::ReadNodes { source, .. } => source,
        other => StoreError::Invalid {
            what: "audit tree request",
            name: other.to_string(),
        },
    }
}

pub(crate) fn not_found(what: &'static str, name: &str) -> StoreError {
    StoreError::NotFound {
        what,
        name: name.to_string(),
    }
}

impl AuditLog for PostgresStore {
    fn append_audit(
        &mut self,
        audit: &AuditEntry,
        chain: Chain<'_>,
    ) -> Result<AuditRow, StoreError> {
        self.write(|transaction| append_audit_in(transaction, audit, chain))
    }

    fn audit_entries(&self, from: i64, to: i64) -> Result<Vec<AuditRow>, StoreError> {
        let rows = self.client.borrow_mut().query(
            &format!("SELECT {AUDIT_COLUMNS} FROM audit WHERE seq BETWEEN $1 AND $2 ORDER BY seq"),
            &[&from, &to],
        )?;
        Ok(rows.iter().map(audit_row).collect())
    }

    fn audit_entries_about(&self, subject: &str) -> Result<Vec<AuditRow>, StoreError> {
        let rows = self.client.borrow_mut().query(
            &format!("SELECT {AUDIT_COLUMNS} FROM audit WHERE subject = $1 ORDER BY seq"),
            &[&subject],
        )?;
        Ok(rows.iter().map(audit_row).collect())
    }

    fn audit_entries_about_since(
        &self,
        subject: &str,
        since: i64,
        limit: usize,
    ) -> Result<Vec<AuditRow>, StoreError> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = self.client.borrow_mut().query(
            &format!(
                "SELECT {AUDIT_COLUMNS} FROM audit WHERE subject = $1 AND at >= $2
                 ORDER BY seq DESC LIMIT $3"
            ),
            &[&subject, &since, &limit],
        )?;
        Ok(rows.iter().rev().map(audit_row).collect())
    }

    fn audit_entries_at(&self, at: i64) -> Result<Vec<AuditRow>, StoreError> {
        let rows = self.client.borrow_mut().query(
            &format!("SELECT {AUDIT_COLUMNS} FROM audit WHERE at = $1 ORDER BY seq"),
            &[&at],
        )?;
        Ok(rows.iter().map(audit_row).collect())
    }

    fn audit_tree_size(&self) -> Result<u64, StoreError> {
        let last: Option<i64> = self
            .client
            .borrow_mut()
            .query_one("SELECT MAX(position) FROM audit_node WHERE level = 0", &[])?
            .get(0);
        Ok(last.map_or(0, |last| last as u64 + 1))
    }

    fn audit_tree_root(&self, size: u64) -> Result<Hash, StoreError> {
        let mut client = self.client.borrow_mut();
        tree_root(&NodesIn(RefCell::new(&mut *client)), size).map_err(proving)
    }

    fn audit_inclusion(&self, seq: i64, size: u64) -> Result<InclusionProof, StoreError> {
        let index =
            u64::try_from(seq - 1).map_err(|_| not_found("audit entry", &seq.to_string()))?;
        let mut client = self.client.borrow_mut();
        prove_inclusion(&NodesIn(RefCell::new(&mut *client)), index, size).map_err(proving)
    }

    fn audit_consistency(
        &self,
        old_size: u64,
        new_size: u64,
    ) -> Result<ConsistencyProof, StoreError> {
        let mut client = self.client.borrow_mut();
        prove_consistency(&NodesIn(RefCell::new(&mut *client)), old_size, new_size).map_err(proving)
    }

    fn add_audit_checkpoint(&mut self, row: &CheckpointRow) -> Result<(), StoreError> {
        self.client.borrow_mut().execute(
            "INSERT INTO audit_checkpoint (size, at, note) VALUES ($1, $2, $3)
             ON CONFLICT (size) DO NOTHING",
            &[&(row.size as i64), &row.at, &row.note],
        )?;
        Ok(())
    }

    fn audit_checkpoints(&self) -> Result<Vec<CheckpointRow>, StoreError> {
        let rows = self.client.borrow_mut().query(
            "SELECT size, at, note FROM audit_checkpoint ORDER BY size",
            &[],
        )?;
        Ok(rows.iter().map(checkpoint_row).collect())
    }

    fn latest_audit_checkpoint(&self) -> Result<Option<CheckpointRow>, StoreError> {
        let row = self.client.borrow_mut().query_opt(
            "SELECT size, at, note FROM audit_checkpoint ORDER BY size DESC LIMIT 1",
            &[],
        )?;
        Ok(row.as_ref().map(checkpoint_row))
    }
}

fn checkpoint_row(row: &postgres::Row) -> CheckpointRow {
    CheckpointRow {
        size: row.get::<_, i64>(0) as u64,
        at: row.get(1),
        note: row.get(2),
    }
}
