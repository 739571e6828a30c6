//! The errors of the evidence crate: what was refused, and where.
//!
//! Everything here is the caller's fault (a proof, a checkpoint or a key that does not hold
//! up) except [`ProvingError::ReadNodes`] and [`ProvingError::WrongNodeCount`], which come
//! from the node store.

use crate::hash::Hash;
use crate::tree::NodePosition;

/// Why bytes or text could not be read as a [`Hash`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HashError {
    #[error("a hash is 32 bytes, this one is {length}")]
    WrongLength { length: usize },
    #[error("hash {text:?} is not 64 hexadecimal digits")]
    NotHexadecimal { text: String },
    #[error("hash {text:?} is not the base64 of 32 bytes")]
    NotBase64 { text: String },
}

/// Why an inclusion or a consistency proof was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProofError {
    #[error("leaf {leaf_index} is not in a tree of {tree_size} leaves")]
    LeafOutsideTree { leaf_index: u64, tree_size: u64 },
    #[error(
        "the inclusion proof of leaf {leaf_index} in a tree of {tree_size} has {actual} hashes, \
         it needs {expected}"
    )]
    WrongInclusionPathLength {
        leaf_index: u64,
        tree_size: u64,
        actual: usize,
        expected: usize,
    },
    #[error(
        "the inclusion proof of leaf {leaf_index} leads to root {computed}, not to the \
         checkpoint's {expected}"
    )]
    InclusionRootMismatch {
        leaf_index: u64,
        computed: Hash,
        expected: Hash,
    },
    #[error("old tree size {old_size} is larger than new tree size {new_size}")]
    SizesOutOfOrder { old_size: u64, new_size: u64 },
    #[error("old tree size is 0: every log extends the empty log, there is nothing to prove")]
    EmptyOldTree,
    #[error(
        "the consistency proof from {old_size} to {new_size} leaves has {actual} hashes, \
         it needs {expected}"
    )]
    WrongConsistencyPathLength {
        old_size: u64,
        new_size: u64,
        actual: usize,
        expected: usize,
    },
    #[error(
        "the consistency proof from {old_size} to {new_size} leaves leads to old root \
         {computed}, not to the given {expected}"
    )]
    OldRootMismatch {
        old_size: u64,
        new_size: u64,
        computed: Hash,
        expected: Hash,
    },
    #[error(
        "the consistency proof from {old_size} to {new_size} leaves leads to new root \
         {computed}, not to the given {expected}"
    )]
    NewRootMismatch {
        old_size: u64,
        new_size: u64,
        computed: Hash,
        expected: Hash,
    },
    #[error("two trees of {tree_size} leaves with different roots {old_root} and {new_root}")]
    EqualSizesDifferentRoots {
        tree_size: u64,
        old_root: Hash,
        new_root: Hash,
    },
    #[error(
        "the proof is about a tree of {proof_size} leaves, the checkpoint of {checkpoint_size}"
    )]
    SizeIsNotCheckpoints {
        proof_size: u64,
        checkpoint_size: u64,
    },
    #[error("the checkpoints are of two logs, {old_origin:?} and {new_origin:?}")]
    DifferentLogs {
        old_origin: String,
        new_origin: String,
    },
    #[error("proof hash {position}: {source}")]
    PathHash {
        position: usize,
        #[source]
        source: HashError,
    },
}

/// Why a root or a proof could not be made from a node store.
#[derive(Debug, thiserror::Error)]
pub enum ProvingError<StoreError: std::error::Error + 'static> {
    #[error("leaf {leaf_index} is not in a tree of {tree_size} leaves")]
    LeafOutsideTree { leaf_index: u64, tree_size: u64 },
    #[error("old tree size {old_size} is larger than new tree size {new_size}")]
    SizesOutOfOrder { old_size: u64, new_size: u64 },
    #[error("old tree size is 0: every log extends the empty log, there is nothing to prove")]
    EmptyOldTree,
    #[error("reading {count} nodes of the tree: {source}")]
    ReadNodes {
        count: usize,
        #[source]
        source: StoreError,
    },
    #[error("the node store answered {answered} hashes for {asked} nodes")]
    WrongNodeCount { asked: usize, answered: usize },
}

/// Why [`MemoryNodes`](crate::MemoryNodes) could not answer or keep a node.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MemoryNodesError {
    #[error("no node at level {}, index {}: it is not complete yet", .position.level, .position.index)]
    MissingNode { position: NodePosition },
    #[error(
        "node at level {}, index {} kept after {kept} nodes of its level: nodes are kept in order",
        .position.level, .position.index
    )]
    OutOfOrder { position: NodePosition, kept: u64 },
}

/// Why a key name, a verifier key or a signing seed was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    #[error("key name {name:?} is empty or holds a space, a plus or a control character")]
    BadName { name: String },
    #[error("verifier key {text:?} is not <name>+<key id>+<key>")]
    NotThreeParts { text: String },
    #[error("verifier key {name:?}: key id {text:?} is not 8 hexadecimal digits")]
    KeyIdNotHexadecimal { name: String, text: String },
    #[error("verifier key {name:?}: the key is not base64")]
    KeyNotBase64 { name: String },
    #[error("verifier key {name:?}: signature type {signature_type:#04x} is not Ed25519 (0x01)")]
    NotEd25519 { name: String, signature_type: u8 },
    #[error("verifier key {name:?}: an Ed25519 public key is 32 bytes, this one is {length}")]
    WrongKeyLength { name: String, length: usize },
    #[error("verifier key {name:?}: the 32 bytes are not a usable Ed25519 public key")]
    UnusableKey { name: String },
    #[error("verifier key {name:?}: key id {written:08x} is not the key's id {computed:08x}")]
    KeyIdMismatch {
        name: String,
        written: u32,
        computed: u32,
    },
}

/// Why a signed note was refused, with the line (counted from 1) where that is known.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NoteError {
    #[error("a signed note is at most {limit} bytes, this one is {size}")]
    TooLarge { size: usize, limit: usize },
    #[error("byte {offset}: the note is not UTF-8")]
    NotUtf8 { offset: usize },
    #[error("line {line}: control character {character:?}, only newlines are allowed")]
    ControlCharacter { line: usize, character: char },
    #[error("the note text is empty or does not end with a newline")]
    TextNotEnded,
    #[error("no blank line separates the note text from its signatures")]
    NoSignatures,
    #[error("the last signature line does not end with a newline")]
    SignaturesNotEnded,
    #[error("a note carries at most {limit} signatures, this one {count}")]
    TooManySignatures { count: usize, limit: usize },
    #[error("line {line}: a signature line is \"— <key name> <base64 signature>\"")]
    NotASignatureLine { line: usize },
    #[error(
        "line {line}: key name {name:?} is empty or holds a space, a plus or a control character"
    )]
    BadKeyName { line: usize, name: String },
    #[error("line {line}: the signature is not base64 of a key id and at least one byte")]
    BadSignatureEncoding { line: usize },
    #[error("line {line}: the signature of {key} does not verify")]
    InvalidSignature { line: usize, key: String },
    #[error("no signature by {key}")]
    NotSignedByKey { key: String },
}

/// Why a checkpoint was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CheckpointError {
    #[error(transparent)]
    Note(#[from] NoteError),
    #[error("origin {origin:?} is empty or holds a control character")]
    BadOrigin { origin: String },
    #[error("a checkpoint has 3 lines (origin, tree size, root), this one has {count}")]
    WrongLineCount { count: usize },
    #[error("line 2: tree size {text:?} is not a decimal number without leading zeros")]
    BadTreeSize { text: String },
    #[error("line 3: root hash: {source}")]
    BadRoot {
        #[source]
        source: HashError,
    },
}
