//! Inclusion and consistency proofs and their verification, by the algorithms of RFC 9162
//! §2.1.3.2 and §2.1.4.2: what an offline verifier runs with nothing but the proof, the
//! leaf and the roots of signed checkpoints.
//!
//! Every input is treated as hostile: sizes, indexes and path lengths are checked before
//! any hashing, and nothing here panics.

use crate::error::ProofError;
use crate::hash::{interior_hash, Hash};
use crate::tree::consistency_path_ranges;

/// That the leaf at `leaf_index` is in the tree of `tree_size` leaves: the roots of the
/// subtrees beside the leaf's path to the root, bottom first.
///
/// The tree size must come from a signed checkpoint
/// ([`Checkpoint::verify_inclusion`](crate::Checkpoint::verify_inclusion)): a proof can
/// hash alike for two sizes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InclusionProof {
    pub leaf_index: u64,
    pub tree_size: u64,
    pub path: Vec<Hash>,
}

/// That the tree of `new_size` leaves extends the tree of `old_size` leaves: every leaf of
/// the old tree is in the new one, unchanged and in the same place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsistencyProof {
    pub old_size: u64,
    pub new_size: u64,
    pub path: Vec<Hash>,
}

impl InclusionProof {
    /// Checks that `leaf_hash` is at the proof's index in the tree whose root is `root`.
    pub fn verify(&self, leaf_hash: &Hash, root: &Hash) -> Result<(), ProofError> {
        let computed = self.root_from_leaf(leaf_hash)?;
        if computed != *root {
            return Err(ProofError::InclusionRootMismatch {
                leaf_index: self.leaf_index,
                computed,
                expected: *root,
            });
        }
        Ok(())
    }

    /// The root the proof leads to from `leaf_hash` (RFC 9162 §2.1.3.2, steps 1 to 4).
    pub fn root_from_leaf(&self, leaf_hash: &Hash) -> Result<Hash, ProofError> {
        let (leaf_index, tree_size) = (self.leaf_index, self.tree_size);
        if leaf_index >= tree_size {
            return Err(ProofError::LeafOutsideTree {
                leaf_index,
                tree_size,
            });
        }
        let expected = inclusion_path_length(leaf_index, tree_size);
        let wrong_length = || ProofError::WrongInclusionPathLength {
            leaf_index,
            tree_size,
            actual: self.path.len(),
            expected,
        };
        if self.path.len() != expected {
            return Err(wrong_length());
        }
        // the leaf's index and the last leaf's index, followed up the tree level by level
        let mut index = leaf_index;
        let mut last_index = tree_size - 1;
        let mut root = *leaf_hash;
        for sibling in &self.path {
            if last_index == 0 {
                return Err(wrong_length());
            }
            if index & 1 == 1 || index == last_index {
                root = interior_hash(sibling, &root);
                // on the right edge a node without a right sibling moves up unchanged
                while index & 1 == 0 && index != 0 {
                    index >>= 1;
                    last_index >>= 1;
                }
            } else {
                root = interior_hash(&root, sibling);
            }
            index >>= 1;
            last_index >>= 1;
        }
        if last_index != 0 {
            return Err(wrong_length());
        }
        Ok(root)
    }

    /// The size of the path in bytes, as a bundle carries it.
    pub fn path_bytes(&self) -> usize {
        self.path.len() * 32
    }
}

impl ConsistencyProof {
    /// Checks that the tree whose root is `new_root` extends the tree whose root is
    /// `old_root` (RFC 9162 §2.1.4.2). Equal sizes need an empty path and equal roots; an
    /// old size of 0 is refused, as RFC 9162 requires 0 < first.
    pub fn verify(&self, old_root: &Hash, new_root: &Hash) -> Result<(), ProofError> {
        let (old_size, new_size) = (self.old_size, self.new_size);
        if old_size > new_size {
            return Err(ProofError::SizesOutOfOrder { old_size, new_size });
        }
        if old_size == 0 {
            return Err(ProofError::EmptyOldTree);
        }
        let expected = if old_size == new_size {
            0
        } else {
            consistency_path_ranges(old_size, new_size).len()
        };
        let wrong_length = || ProofError::WrongConsistencyPathLength {
            old_size,
            new_size,
            actual: self.path.len(),
            expected,
        };
        if self.path.len() != expected {
            return Err(wrong_length());
        }
        if old_size == new_size {
            if old_root != new_root {
                return Err(ProofError::EqualSizesDifferentRoots {
                    tree_size: old_size,
                    old_root: *old_root,
                    new_root: *new_root,
                });
            }
            return Ok(());
        }

        // a perfect old tree is a node of the new one: its root starts both chains
        let (seed, rest) = if old_size.is_power_of_two() {
            (*old_root, self.path.as_slice())
        } else {
            let Some((first, rest)) = self.path.split_first() else {
                return Err(wrong_length());
            };
            (*first, rest)
        };
        let mut old_index = old_size - 1;
        let mut new_index = new_size - 1;
        while old_index & 1 == 1 {
            old_index >>= 1;
            new_index >>= 1;
        }
        let mut old_computed = seed;
        let mut new_computed = seed;
        for hash in rest {
            if new_index == 0 {
                return Err(wrong_length());
            }
            if old_index & 1 == 1 || old_index == new_index {
                old_computed = interior_hash(hash, &old_computed);
                new_computed = interior_hash(hash, &new_computed);
                while old_index & 1 == 0 && old_index != 0 {
                    old_index >>= 1;
                    new_index >>= 1;
                }
            } else {
                new_computed = interior_hash(&new_computed, hash);
            }
            old_index >>= 1;
            new_index >>= 1;
        }
        if new_index != 0 {
            return Err(wrong_length());
        }
        if old_computed != *old_root {
            return Err(ProofError::OldRootMismatch {
                old_size,
                new_size,
                computed: old_computed,
                expected: *old_root,
            });
        }
        if new_computed != *new_root {
            return Err(ProofError::NewRootMismatch {
                old_size,
                new_size,
                computed: new_computed,
                expected: *new_root,
            });
        }
        Ok(())
    }

    /// The size of the path in bytes.
    pub fn path_bytes(&self) -> usize {
        self.path.len() * 32
    }
}

/// Reads a proof path from byte strings of unknown length, as they come from outside; the
/// error names the first that is not 32 bytes.
pub fn path_from_bytes<Bytes: AsRef<[u8]>>(hashes: &[Bytes]) -> Result<Vec<Hash>, ProofError> {
    hashes
        .iter()
        .enumerate()
        .map(|(position, bytes)| {
            Hash::from_slice(bytes.as_ref())
                .map_err(|source| ProofError::PathHash { position, source })
        })
        .collect()
}

/// How many hashes the inclusion path of a leaf holds: one per level below the point where
/// the leaf's path leaves the right edge ("inner"), plus one per left sibling along the
/// right edge above it ("border").
fn inclusion_path_length(leaf_index: u64, tree_size: u64) -> usize {
    debug_assert!(leaf_index < tree_size);
    let inner = 64 - (leaf_index ^ (tree_size - 1)).leading_zeros();
    let border = leaf_index.checked_shr(inner).unwrap_or(0).count_ones();
    (inner + border) as usize
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tree::inclusion_path_ranges;

    #[test]
    fn the_path_length_formula_counts_the_path_ranges() {
        for tree_size in 1..=300u64 {
            for leaf_index in 0..tree_size {
                assert_eq!(
                    inclusion_path_length(leaf_index, tree_size),
                    inclusion_path_ranges(leaf_index, tree_size).len(),
                    "leaf {leaf_index} of {tree_size}"
                );
            }
        }
        // the last leaf of 2^64 - 1 has one sibling per other peak: 63
        assert_eq!(inclusion_path_length(u64::MAX - 1, u64::MAX), 63);
        assert_eq!(inclusion_path_length(0, u64::MAX), 64);
    }

    #[test]
    fn hostile_sizes_are_refused_without_panic() {
        let leaf = Hash::from_bytes([7; 32]);
        let refusals = [
            InclusionProof {
                leaf_index: 0,
                tree_size: 0,
                path: vec![],
            },
            InclusionProof {
                leaf_index: u64::MAX,
                tree_size: u64::MAX,
                path: vec![],
            },
            InclusionProof {
                leaf_index: 3,
                tree_size: u64::MAX,
                path: vec![leaf; 65],
            },
            InclusionProof {
                leaf_index: 0,
                tree_size: 1,
                path: vec![leaf],
            },
            InclusionProof {
                leaf_index: 1,
                tree_size: 2,
                path: vec![],
            },
        ];
        for proof in refusals {
            assert!(proof.verify(&leaf, &leaf).is_err(), "{proof:?}");
        }
        let consistency_refusals = [
            ConsistencyProof {
                old_size: 0,
                new_size: 0,
                path: vec![],
            },
            ConsistencyProof {
                old_size: 0,
                new_size: 5,
                path: vec![],
            },
            ConsistencyProof {
                old_size: 6,
                new_size: 5,
                path: vec![leaf],
            },
            ConsistencyProof {
                old_size: u64::MAX,
                new_size: u64::MAX,
                path: vec![leaf],
            },
            ConsistencyProof {
                old_size: 1,
                new_size: u64::MAX,
                path: vec![leaf; 1000],
            },
            ConsistencyProof {
                old_size: 3,
                new_size: 4,
                path: vec![],
            },
        ];
        for proof in consistency_refusals {
            assert!(proof.verify(&leaf, &leaf).is_err(), "{proof:?}");
        }
    }

    #[test]
    fn errors_say_what_was_wrong() {
        let leaf = Hash::from_bytes([0; 32]);
        let proof = InclusionProof {
            leaf_index: 5,
            tree_size: 8,
            path: vec![leaf; 2],
        };
        assert_eq!(
            proof.verify(&leaf, &leaf).unwrap_err().to_string(),
            "the inclusion proof of leaf 5 in a tree of 8 has 2 hashes, it needs 3"
        );
        let error = path_from_bytes(&[vec![0u8; 32], vec![0u8; 31]]).unwrap_err();
        assert_eq!(
            error.to_string(),
            "proof hash 1: a hash is 32 bytes, this one is 31"
        );
    }
}
