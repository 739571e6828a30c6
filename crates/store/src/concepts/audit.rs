//! The append-only audit log, its Merkle tree and the hub's signed checkpoints.

use gatecheck_evidence::{ConsistencyProof, Hash, InclusionProof};

use super::Chain;
use crate::{AuditEntry, AuditRow, CheckpointRow, StoreError};

pub trait AuditLog {
    /// Appends one entry on its own (for reads, which write nothing else).
    fn append_audit(
        &mut self,
        audit: &AuditEntry,
        chain: Chain<'_>,
    ) -> Result<AuditRow, StoreError>;

    /// The entries numbered `from..=to`, in order.
    fn audit_entries(&self, from: i64, to: i64) -> Result<Vec<AuditRow>, StoreError>;

    /// The entries about `subject` (`hit 42`), in order.
    fn audit_entries_about(&self, subject: &str) -> Result<Vec<AuditRow>, StoreError>;

    /// The last `limit` entries about `subject` written at or after `since` (Unix
    /// seconds), in order: what a sign-in's throttle counts, on whichever node.
    fn audit_entries_about_since(
        &self,
        subject: &str,
        since: i64,
        limit: usize,
    ) -> Result<Vec<AuditRow>, StoreError>;

    /// The entries of the moment `at` (Unix seconds), in order.
    fn audit_entries_at(&self, at: i64) -> Result<Vec<AuditRow>, StoreError>;

    /// How many entries the tree holds.
    fn audit_tree_size(&self) -> Result<u64, StoreError>;

    /// The root of the tree of the first `size` entries.
    fn audit_tree_root(&self, size: u64) -> Result<Hash, StoreError>;

    /// The proof that entry `seq` is in the tree of the first `size` entries.
    fn audit_inclusion(&self, seq: i64, size: u64) -> Result<InclusionProof, StoreError>;

    /// The proof that the tree of `new_size` entries extends that of `old_size`.
    fn audit_consistency(
        &self,
        old_size: u64,
        new_size: u64,
    ) -> Result<ConsistencyProof, StoreError>;

    /// Keeps a signed checkpoint (one of a size already kept is left as it is).
    fn add_audit_checkpoint(&mut self, row: &CheckpointRow) -> Result<(), StoreError>;

    /// Every signed checkpoint kept, smallest first.
    fn audit_checkpoints(&self) -> Result<Vec<CheckpointRow>, StoreError>;

    /// The checkpoint of the largest size kept.
    fn latest_audit_checkpoint(&self) -> Result<Option<CheckpointRow>, StoreError>;
}

/// The SQLite store: its own methods.
impl AuditLog for crate::Store {
    fn append_audit(
        &mut self,
        audit: &AuditEntry,
        chain: Chain<'_>,
    ) -> Result<AuditRow, StoreError> {
        crate::Store::append_audit(self, audit, chain)
    }

    fn audit_entries(&self, from: i64, to: i64) -> Result<Vec<AuditRow>, StoreError> {
        crate::Store::audit_entries(self, from, to)
    }

    fn audit_entries_about(&self, subject: &str) -> Result<Vec<AuditRow>, StoreError> {
        crate::Store::audit_entries_about(self, subject)
    }

    fn audit_entries_about_since(
        &self,
        subject: &str,
        since: i64,
        limit: usize,
    ) -> Result<Vec<AuditRow>, StoreError> {
        crate::Store::audit_entries_about_since(self, subject, since, limit)
    }

    fn audit_entries_at(&self, at: i64) -> Result<Vec<AuditRow>, StoreError> {
        crate::Store::audit_entries_at(self, at)
    }

    fn audit_tree_size(&self) -> Result<u64, StoreError> {
        crate::Store::audit_tree_size(self)
    }

    fn audit_tree_root(&self, size: u64) -> Result<Hash, StoreError> {
        crate::Store::audit_tree_root(self, size)
    }

    fn audit_inclusion(&self, seq: i64, size: u64) -> Result<InclusionProof, StoreError> {
        crate::Store::audit_inclusion(self, seq, size)
    }

    fn audit_consistency(
        &self,
        old_size: u64,
        new_size: u64,
    ) -> Result<ConsistencyProof, StoreError> {
        crate::Store::audit_consistency(self, old_size, new_size)
    }

    fn add_audit_checkpoint(&mut self, row: &CheckpointRow) -> Result<(), StoreError> {
        crate::Store::add_audit_checkpoint(self, row)
    }

    fn audit_checkpoints(&self) -> Result<Vec<CheckpointRow>, StoreError> {
        crate::Store::audit_checkpoints(self)
    }

    fn latest_audit_checkpoint(&self) -> Result<Option<CheckpointRow>, StoreError> {
        crate::Store::latest_audit_checkpoint(self)
    }
}
