//! Checkpoints (C2SP tlog-checkpoint): the log's origin, its size and its root, signed as a
//! note by the hub. A checkpoint is what a verifier trusts; every proof is checked against
//! the root of one.
//!
//! ```text
//! gatecheck.example/audit
//! 20852163
//! CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=
//!
//! — gatecheck.example/audit Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=
//! ```

use crate::error::{CheckpointError, ProofError};
use crate::hash::{shortened, Hash};
use crate::note::{open_note, sign_note, Signer, Verifier};
use crate::proof::{ConsistencyProof, InclusionProof};

/// The longest origin accepted, in bytes: an origin names a log, like a URL without its
/// scheme, and a bound keeps every signed checkpoint far below the note size limit.
pub const MAX_ORIGIN_BYTES: usize = 1024;

/// A log's state at one size: which log (`origin`), how many entries, and the root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkpoint {
    origin: String,
    tree_size: u64,
    root: Hash,
}

impl Checkpoint {
    /// A checkpoint of the log named `origin` (non-empty, one line, at most
    /// [`MAX_ORIGIN_BYTES`], without control characters).
    pub fn new(origin: &str, tree_size: u64, root: Hash) -> Result<Checkpoint, CheckpointError> {
        let is_origin = !origin.is_empty()
            && origin.len() <= MAX_ORIGIN_BYTES
            && !origin.chars().any(char::is_control);
        if !is_origin {
            return Err(CheckpointError::BadOrigin {
                origin: shortened(origin),
            });
        }
        Ok(Checkpoint {
            origin: origin.to_string(),
            tree_size,
            root,
        })
    }

    pub fn origin(&self) -> &str {
        &self.origin
    }

    pub fn tree_size(&self) -> u64 {
        self.tree_size
    }

    pub fn root(&self) -> Hash {
        self.root
    }

    /// The note text that is signed: origin, decimal size and base64 root, each ending in a
    /// newline. No extension lines are written.
    pub fn note_text(&self) -> String {
        format!(
            "{}\n{}\n{}\n",
            self.origin,
            self.tree_size,
            self.root.to_base64()
        )
    }

    /// Reads a checkpoint's note text (not its signatures: see [`open_checkpoint`]).
    ///
    /// Extension lines are refused: this log never writes them, and C2SP tlog-checkpoint
    /// advises against them as monitors cannot audit them.
    pub fn from_note_text(text: &str) -> Result<Checkpoint, CheckpointError> {
        let lines: Vec<&str> = text
            .strip_suffix('\n')
            .unwrap_or(text)
            .split('\n')
            .collect();
        let &[origin, tree_size, root] = lines.as_slice() else {
            return Err(CheckpointError::WrongLineCount { count: lines.len() });
        };
        let tree_size = parse_tree_size(tree_size).ok_or_else(|| CheckpointError::BadTreeSize {
            text: shortened(tree_size),
        })?;
        let root = Hash::from_base64(root).map_err(|source| CheckpointError::BadRoot { source })?;
        Checkpoint::new(origin, tree_size, root)
    }

    /// Checks that `leaf_hash` is in the log at this checkpoint. The proof's tree size must
    /// be the checkpoint's: the hashes alone do not always tell (leaf 0 hashes alike in
    /// trees of 3 and 4 leaves), the signature does.
    pub fn verify_inclusion(
        &self,
        leaf_hash: &Hash,
        proof: &InclusionProof,
    ) -> Result<(), ProofError> {
        if proof.tree_size != self.tree_size {
            return Err(ProofError::SizeIsNotCheckpoints {
                proof_size: proof.tree_size,
                checkpoint_size: self.tree_size,
            });
        }
        proof.verify(leaf_hash, &self.root)
    }

    /// Checks that the log at this checkpoint extends the log at `older`: same origin, and
    /// a consistency proof from the older size to this one.
    pub fn verify_extends(
        &self,
        older: &Checkpoint,
        proof: &ConsistencyProof,
    ) -> Result<(), ProofError> {
        if older.origin != self.origin {
            return Err(ProofError::DifferentLogs {
                old_origin: shortened(&older.origin),
                new_origin: shortened(&self.origin),
            });
        }
        for (proof_size, checkpoint_size) in [
            (proof.old_size, older.tree_size),
            (proof.new_size, self.tree_size),
        ] {
            if proof_size != checkpoint_size {
                return Err(ProofError::SizeIsNotCheckpoints {
                    proof_size,
                    checkpoint_size,
                });
            }
        }
        proof.verify(&older.root, &self.root)
    }

    /// The signed checkpoint: the note text, a blank line and the signer's signature line.
    pub fn sign(&self, signer: &Signer) -> String {
        // the origin's bound and characters make every checkpoint a note that can be signed
        sign_note(&self.note_text(), signer).expect("a checkpoint's text is a valid note")
    }
}

/// Reads a signed checkpoint and checks its signature by `verifier`; other signatures are
/// skipped. The caller compares the origin with the log it expects.
pub fn open_checkpoint(
    signed_note: &[u8],
    verifier: &Verifier,
) -> Result<Checkpoint, CheckpointError> {
    let text = open_note(signed_note, verifier)?;
    Checkpoint::from_note_text(text)
}

/// ASCII decimal without leading zeros ("0" alone for the empty tree), within u64.
fn parse_tree_size(text: &str) -> Option<u64> {
    let is_canonical = !text.is_empty()
        && text.bytes().all(|byte| byte.is_ascii_digit())
        && (text == "0" || !text.starts_with('0'));
    if !is_canonical {
        return None;
    }
    text.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hash::leaf_hash;

    #[test]
    fn the_c2sp_example_text_reads() {
        let text =
            "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";
        let checkpoint = Checkpoint::from_note_text(text).unwrap();
        assert_eq!(checkpoint.origin(), "example.com/behind-the-sofa");
        assert_eq!(checkpoint.tree_size(), 20852163);
        assert_eq!(checkpoint.note_text(), text);
    }

    #[test]
    fn malformed_texts_are_refused_with_the_reason() {
        let root = leaf_hash(b"x").to_base64();
        let cases = [
            (format!("log\n12\n{root}\nextension\n"), "a checkpoint has 3 lines (origin, tree size, root), this one has 4"),
            ("log\n12\n".to_string(), "a checkpoint has 3 lines (origin, tree size, root), this one has 2"),
            (format!("log\n012\n{root}\n"), "line 2: tree size \"012\" is not a decimal number without leading zeros"),
            (format!("log\n+12\n{root}\n"), "line 2: tree size \"+12\" is not a decimal number without leading zeros"),
            (format!("log\n18446744073709551616\n{root}\n"), "line 2: tree size \"18446744073709551616\" is not a decimal number without leading zeros"),
            (format!("\n12\n{root}\n"), "origin \"\" is empty or holds a control character"),
            ("log\n12\nAAAA\n".to_string(), "line 3: root hash: hash \"AAAA\" is not the base64 of 32 bytes"),
        ];
        for (text, expected) in cases {
            let error = Checkpoint::from_note_text(&text).unwrap_err();
            assert_eq!(error.to_string(), expected, "{text:?}");
        }
        assert!(Checkpoint::from_note_text(&format!("log\n0\n{root}\n")).is_ok());
        assert!(
            Checkpoint::from_note_text(&format!("log\n18446744073709551615\n{root}\n")).is_ok()
        );
    }

    #[test]
    fn origins_too_long_or_with_control_characters_are_refused() {
        let root = leaf_hash(b"x");
        assert!(Checkpoint::new(&"a".repeat(MAX_ORIGIN_BYTES), 1, root).is_ok());
        assert!(Checkpoint::new(&"a".repeat(MAX_ORIGIN_BYTES + 1), 1, root).is_err());
        assert!(Checkpoint::new("log\nsecond line", 1, root).is_err());
        assert!(Checkpoint::new("log\u{7f}", 1, root).is_err());
    }
}
