//! The store's concepts as traits, one a concept, so that the service is written once for
//! every backend: the embedded SQLite one ([`crate::Store`]) and PostgreSQL
//! ([`crate::postgres::PostgresStore`]). A backend keeps rows and decides nothing: the
//! same calls give the same rows and the same errors on both, which one conformance suite
//! checks (`tests/conformance.rs`).
//!
//! Each write of a member is one transaction with its audit entry. `chain` turns the
//! numbered entry and the hash of the one before into the entry's hash (the service's
//! `audit::chain_hash`); the backend keeps the log's Merkle tree over those hashes in the
//! same transaction.
//!
//! Members and the audit log are behind these traits so far; records, documents, hits,
//! notifications, the console's users and sessions, imports and manifests follow.

use gatecheck_evidence::{ConsistencyProof, Hash, InclusionProof};

use crate::{AuditEntry, AuditRow, CheckpointRow, MemberRow, NewMember, StoreError};

/// Computes an audit entry's hash from its fields and the hash before it.
pub type Chain<'c> = &'c dyn Fn(&AuditRow) -> String;

/// Members and the hashes of their keys.
pub trait Members {
    /// Adds a member and its audit entry in one transaction: both or neither. A name
    /// taken is [`StoreError::AlreadyExists`].
    fn add_member(
        &mut self,
        member: &NewMember<'_>,
        audit: &AuditEntry,
        chain: Chain<'_>,
    ) -> Result<MemberRow, StoreError>;

    /// Sets how a member is reached about hits, with its audit entry, in one transaction.
    fn set_member_contact(
        &mut self,
        name: &str,
        contact: &str,
        audit: &AuditEntry,
        chain: Chain<'_>,
    ) -> Result<(), StoreError>;

    /// Marks a member's key revoked at `at`, with its audit entry, in one transaction; a
    /// member absent or revoked already is [`StoreError::NotFound`].
    fn revoke_member(
        &mut self,
        name: &str,
        at: i64,
        audit: &AuditEntry,
        chain: Chain<'_>,
    ) -> Result<(), StoreError>;

    /// Every member, in the order they were added.
    fn members(&self) -> Result<Vec<MemberRow>, StoreError>;

    fn member_by_id(&self, id: i64) -> Result<Option<MemberRow>, StoreError>;

    fn member_by_name(&self, name: &str) -> Result<Option<MemberRow>, StoreError>;
}

/// The append-only audit log, its Merkle tree and the hub's signed checkpoints.
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

/// The SQLite store behind the traits: its own methods, as the service calls them today.
impl Members for crate::Store {
    fn add_member(
        &mut self,
        member: &NewMember<'_>,
        audit: &AuditEntry,
        chain: Chain<'_>,
    ) -> Result<MemberRow, StoreError> {
        crate::Store::add_member(self, member, audit, chain)
    }

    fn set_member_contact(
        &mut self,
        name: &str,
        contact: &str,
        audit: &AuditEntry,
        chain: Chain<'_>,
    ) -> Result<(), StoreError> {
        crate::Store::set_member_contact(self, name, contact, audit, chain)
    }

    fn revoke_member(
        &mut self,
        name: &str,
        at: i64,
        audit: &AuditEntry,
        chain: Chain<'_>,
    ) -> Result<(), StoreError> {
        crate::Store::revoke_member(self, name, at, audit, chain)
    }

    fn members(&self) -> Result<Vec<MemberRow>, StoreError> {
        crate::Store::members(self)
    }

    fn member_by_id(&self, id: i64) -> Result<Option<MemberRow>, StoreError> {
        crate::Store::member_by_id(self, id)
    }

    fn member_by_name(&self, name: &str) -> Result<Option<MemberRow>, StoreError> {
        crate::Store::member_by_name(self, name)
    }
}

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
