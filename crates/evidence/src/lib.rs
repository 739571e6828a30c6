//! gatecheck's evidence core: an append-only Merkle tree log in the manner of Certificate
//! Transparency (RFC 9162 §2.1), with Ed25519-signed checkpoints (C2SP tlog-checkpoint and
//! signed-note).
//!
//! Every audit entry is a leaf. The hub signs checkpoints (a size and a root); an evidence
//! bundle carries entries with their inclusion proofs and one signed checkpoint, and is
//! checked offline with the hub's verifier key; a consistency proof shows that a later
//! checkpoint extends an earlier one, so the hub cannot rewrite what it has signed.
//!
//! - [`hash`]: leaf and interior hashes.
//! - [`tree`]: appending ([`Frontier`]), the node store trait ([`NodeStore`]) and the
//!   roots and proofs made from it.
//! - [`proof`]: the proofs and their verification.
//! - [`note`] and [`checkpoint`]: keys, signed notes and checkpoints.
//!
//! The crate is pure: no I/O, no clock, no randomness. Keys come from seeds the caller
//! passes, and the perfect nodes of the tree live wherever the caller keeps them.
//!
//! ```
//! use gatecheck_evidence::{leaf_hash, open_checkpoint, prove_inclusion, Checkpoint};
//! use gatecheck_evidence::{Frontier, MemoryNodes, Signer};
//!
//! // the hub appends entries and keeps the nodes each one completes
//! let mut frontier = Frontier::new();
//! let mut store = MemoryNodes::new();
//! for entry in ["screened P-1", "hit P-1 on list 7", "reviewed hit 12"] {
//!     store.keep(&frontier.append(leaf_hash(entry.as_bytes())))?;
//! }
//! let hub = Signer::from_seed("gatecheck.example/audit", &[1; 32])?;
//! let signed = Checkpoint::new("gatecheck.example/audit", frontier.size(), frontier.root())?
//!     .sign(&hub);
//! let proof = prove_inclusion(&store, 1, frontier.size())?;
//!
//! // a verifier holding only the hub's verifier key checks the entry offline
//! let verifier_key = hub.verifier().to_string();
//! let checkpoint = open_checkpoint(signed.as_bytes(), &verifier_key.parse()?)?;
//! checkpoint.verify_inclusion(&leaf_hash(b"hit P-1 on list 7"), &proof)?;
//! assert!(checkpoint.verify_inclusion(&leaf_hash(b"hit P-2 on list 7"), &proof).is_err());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod checkpoint;
pub mod error;
pub mod hash;
pub mod note;
pub mod proof;
pub mod tree;

pub use checkpoint::{open_checkpoint, Checkpoint};
pub use error::{
    CheckpointError, HashError, KeyError, MemoryNodesError, NoteError, ProofError, ProvingError,
};
pub use hash::{interior_hash, leaf_hash, Hash, EMPTY_TREE_HASH};
pub use note::{open_note, sign_note, Signer, Verifier};
pub use proof::{path_from_bytes, ConsistencyProof, InclusionProof};
pub use tree::{
    prove_consistency, prove_inclusion, tree_root, Frontier, MemoryNodes, Node, NodePosition,
    NodeStore,
};
