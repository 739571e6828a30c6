//! Roots and proofs made from the node store against RFC 9162's recursive definitions
//! (MTH, PATH and SUBPROOF of §2.1.1, §2.1.3.1 and §2.1.4.1), written here over the
//! leaves themselves; and every proof checked to verify, and to fail once anything in it
//! is changed.

use std::sync::OnceLock;

use gatecheck_evidence::{
    interior_hash, leaf_hash, prove_consistency, prove_inclusion, tree_root, ConsistencyProof,
    Frontier, Hash, InclusionProof, MemoryNodes, ProofError, EMPTY_TREE_HASH,
};
use proptest::prelude::*;

/// Every size up to this is checked with every leaf and every old size.
const EXHAUSTIVE_SIZE: u64 = 70;

/// The largest power of two below `length` (at least 2).
fn split_point(length: usize) -> usize {
    let mut power = 1;
    while power * 2 < length {
        power *= 2;
    }
    power
}

/// MTH(D[n]).
fn reference_root(leaves: &[Hash]) -> Hash {
    match leaves {
        [] => EMPTY_TREE_HASH,
        [leaf] => *leaf,
        _ => {
            let (left, right) = leaves.split_at(split_point(leaves.len()));
            interior_hash(&reference_root(left), &reference_root(right))
        }
    }
}

/// PATH(m, D[n]).
fn reference_inclusion_path(leaf_index: usize, leaves: &[Hash]) -> Vec<Hash> {
    if leaves.len() == 1 {
        return Vec::new();
    }
    let split = split_point(leaves.len());
    let (left, right) = leaves.split_at(split);
    if leaf_index < split {
        let mut path = reference_inclusion_path(leaf_index, left);
        path.push(reference_root(right));
        path
    } else {
        let mut path = reference_inclusion_path(leaf_index - split, right);
        path.push(reference_root(left));
        path
    }
}

/// SUBPROOF(m, D[n], b).
fn reference_subproof(old_size: usize, leaves: &[Hash], is_whole_old_tree: bool) -> Vec<Hash> {
    if old_size == leaves.len() {
        return if is_whole_old_tree {
            Vec::new()
        } else {
            vec![reference_root(leaves)]
        };
    }
    let split = split_point(leaves.len());
    let (left, right) = leaves.split_at(split);
    if old_size <= split {
        let mut path = reference_subproof(old_size, left, is_whole_old_tree);
        path.push(reference_root(right));
        path
    } else {
        let mut path = reference_subproof(old_size - split, right, false);
        path.push(reference_root(left));
        path
    }
}

fn leaves(count: u64) -> Vec<Hash> {
    (0..count)
        .map(|entry| leaf_hash(format!("audit entry {entry}").as_bytes()))
        .collect()
}

fn store_of(leaves: &[Hash]) -> MemoryNodes {
    let mut frontier = Frontier::new();
    let mut store = MemoryNodes::new();
    for leaf in leaves {
        store.keep(&frontier.append(*leaf)).unwrap();
    }
    store
}

/// The hash with one bit changed: which bit varies with `seed`, so that every byte of a
/// hash is changed somewhere in the exhaustive checks.
fn flipped(hash: &Hash, seed: usize) -> Hash {
    let mut bytes = *hash.as_bytes();
    bytes[seed % 32] ^= 1 << (seed % 8);
    Hash::from_bytes(bytes)
}

#[test]
fn every_root_up_to_70_is_the_defined_one() {
    let leaves = leaves(EXHAUSTIVE_SIZE);
    let store = store_of(&leaves);
    for size in 0..=EXHAUSTIVE_SIZE as usize {
        assert_eq!(
            tree_root(&store, size as u64).unwrap(),
            reference_root(&leaves[..size])
        );
    }
}

#[test]
fn every_inclusion_proof_up_to_70_is_the_defined_one_and_only_it_verifies() {
    // the store holds all 70 leaves: proofs about smaller trees must ignore the rest
    let leaves = leaves(EXHAUSTIVE_SIZE);
    let store = store_of(&leaves);
    for tree_size in 1..=EXHAUSTIVE_SIZE as usize {
        let root = reference_root(&leaves[..tree_size]);
        for leaf_index in 0..tree_size {
            let context = format!("leaf {leaf_index} of {tree_size}");
            let proof = prove_inclusion(&store, leaf_index as u64, tree_size as u64).unwrap();
            assert_eq!(
                proof.path,
                reference_inclusion_path(leaf_index, &leaves[..tree_size])
            );
            let leaf = leaves[leaf_index];
            assert_eq!(proof.verify(&leaf, &root), Ok(()), "{context}");

            let seed = leaf_index * 31 + tree_size;
            assert!(
                proof.verify(&flipped(&leaf, seed), &root).is_err(),
                "{context}: leaf"
            );
            assert!(
                proof.verify(&leaf, &flipped(&root, seed)).is_err(),
                "{context}: root"
            );
            for position in 0..proof.path.len() {
                let mut changed = proof.clone();
                changed.path[position] = flipped(&changed.path[position], seed + position);
                assert!(
                    changed.verify(&leaf, &root).is_err(),
                    "{context}: hash {position}"
                );
            }
            for other_index in [leaf_index + 1, leaf_index ^ 1, leaf_index ^ 2] {
                if other_index != leaf_index && other_index < tree_size {
                    let moved = InclusionProof {
                        leaf_index: other_index as u64,
                        ..proof.clone()
                    };
                    assert!(
                        moved.verify(&leaf, &root).is_err(),
                        "{context}: at {other_index}"
                    );
                }
            }
            // a changed tree size is not always caught by the hashes (leaf 0 hashes alike
            // in trees of 3 and 4): the size comes from the signed checkpoint, see
            // `Checkpoint::verify_inclusion`
            let mut longer = proof.clone();
            longer.path.push(root);
            assert!(
                longer.verify(&leaf, &root).is_err(),
                "{context}: a hash added"
            );
        }
    }
}

#[test]
fn every_consistency_proof_up_to_70_is_the_defined_one_and_only_it_verifies() {
    let leaves = leaves(EXHAUSTIVE_SIZE);
    let store = store_of(&leaves);
    for new_size in 1..=EXHAUSTIVE_SIZE as usize {
        let new_root = reference_root(&leaves[..new_size]);
        for old_size in 1..=new_size {
            let context = format!("from {old_size} to {new_size}");
            let old_root = reference_root(&leaves[..old_size]);
            let proof = prove_consistency(&store, old_size as u64, new_size as u64).unwrap();
            assert_eq!(
                proof.path,
                reference_subproof(old_size, &leaves[..new_size], true)
            );
            assert_eq!(proof.verify(&old_root, &new_root), Ok(()), "{context}");

            let seed = old_size * 37 + new_size;
            let wrong_old_root = flipped(&old_root, seed);
            assert!(
                proof.verify(&wrong_old_root, &new_root).is_err(),
                "{context}: old root"
            );
            let wrong_new_root = flipped(&new_root, seed);
            assert!(
                proof.verify(&old_root, &wrong_new_root).is_err(),
                "{context}: new root"
            );
            if old_size > 1 {
                let earlier_root = reference_root(&leaves[..old_size - 1]);
                assert!(
                    proof.verify(&earlier_root, &new_root).is_err(),
                    "{context}: earlier"
                );
            }
            for position in 0..proof.path.len() {
                let mut changed = proof.clone();
                changed.path[position] = flipped(&changed.path[position], seed + position);
                let refused = changed.verify(&old_root, &new_root);
                assert!(refused.is_err(), "{context}: hash {position}");
            }
            if old_size < new_size {
                let mut shorter = proof.clone();
                shorter.path.pop();
                assert!(
                    shorter.verify(&old_root, &new_root).is_err(),
                    "{context}: shorter"
                );
                let swapped = ConsistencyProof {
                    old_size: new_size as u64,
                    new_size: old_size as u64,
                    ..proof.clone()
                };
                assert!(
                    swapped.verify(&new_root, &old_root).is_err(),
                    "{context}: swapped"
                );
            }
        }
    }
}

#[test]
fn a_changed_leaf_is_caught_by_consistency() {
    // the log rewrites leaf 3 after a checkpoint at size 10: no proof from the old
    // checkpoint to the new tree can verify
    let honest = leaves(20);
    let mut rewritten = honest.clone();
    rewritten[3] = leaf_hash(b"rewritten entry");
    let old_root = reference_root(&honest[..10]);
    let new_root = reference_root(&rewritten);
    let proof = prove_consistency(&store_of(&rewritten), 10, 20).unwrap();
    assert!(matches!(
        proof.verify(&old_root, &new_root),
        Err(ProofError::OldRootMismatch {
            old_size: 10,
            new_size: 20,
            ..
        })
    ));
}

/// A store of 3,000 leaves, built once for the property tests.
fn large_log() -> &'static (Vec<Hash>, MemoryNodes) {
    static LOG: OnceLock<(Vec<Hash>, MemoryNodes)> = OnceLock::new();
    LOG.get_or_init(|| {
        let leaves = leaves(3000);
        let store = store_of(&leaves);
        (leaves, store)
    })
}

proptest! {
    // the reference recursion hashes the whole prefix for every case: 64 cases keep the
    // unoptimised test run short, the exhaustive tests above cover every shape to 70
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn inclusion_proofs_of_larger_trees_are_the_defined_ones(
        tree_size in 1u64..=3000,
        leaf_fraction in 0.0f64..1.0,
    ) {
        let (leaves, store) = large_log();
        let leaf_index = ((tree_size as f64 * leaf_fraction) as u64).min(tree_size - 1);
        let proof = prove_inclusion(store, leaf_index, tree_size).unwrap();
        let prefix = &leaves[..tree_size as usize];
        prop_assert_eq!(&proof.path, &reference_inclusion_path(leaf_index as usize, prefix));
        let leaf = leaves[leaf_index as usize];
        prop_assert_eq!(proof.verify(&leaf, &reference_root(prefix)), Ok(()));
    }

    #[test]
    fn consistency_proofs_of_larger_trees_are_the_defined_ones(
        new_size in 1u64..=3000,
        old_fraction in 0.0f64..1.0,
    ) {
        let (leaves, store) = large_log();
        let old_size = ((new_size as f64 * old_fraction) as u64).clamp(1, new_size);
        let proof = prove_consistency(store, old_size, new_size).unwrap();
        let prefix = &leaves[..new_size as usize];
        prop_assert_eq!(&proof.path, &reference_subproof(old_size as usize, prefix, true));
        let old_root = reference_root(&leaves[..old_size as usize]);
        prop_assert_eq!(proof.verify(&old_root, &reference_root(prefix)), Ok(()));
    }
}

proptest! {

    #[test]
    fn arbitrary_inclusion_proofs_are_refused_without_panic(
        leaf_index in any::<u64>(),
        tree_size in any::<u64>(),
        path in proptest::collection::vec(any::<[u8; 32]>(), 0..80),
        leaf in any::<[u8; 32]>(),
        root in any::<[u8; 32]>(),
    ) {
        let path = path.into_iter().map(Hash::from_bytes).collect();
        let proof = InclusionProof { leaf_index, tree_size, path };
        prop_assert!(proof.verify(&Hash::from_bytes(leaf), &Hash::from_bytes(root)).is_err());
    }

    #[test]
    fn arbitrary_consistency_proofs_are_refused_without_panic(
        old_size in any::<u64>(),
        new_size in any::<u64>(),
        path in proptest::collection::vec(any::<[u8; 32]>(), 0..80),
        old_root in any::<[u8; 32]>(),
        new_root in any::<[u8; 32]>(),
    ) {
        prop_assume!(old_root != new_root);
        let path = path.into_iter().map(Hash::from_bytes).collect();
        let proof = ConsistencyProof { old_size, new_size, path };
        let (old_root, new_root) = (Hash::from_bytes(old_root), Hash::from_bytes(new_root));
        prop_assert!(proof.verify(&old_root, &new_root).is_err());
    }

    #[test]
    fn arbitrary_sizes_with_right_length_paths_are_refused_without_panic(
        leaf_index in any::<u64>(),
        tree_size in any::<u64>(),
        old_size in any::<u64>(),
    ) {
        // random sizes rarely meet a path of the right length: give them one, so the
        // hashing itself runs at sizes up to 2^64 - 1
        let leaf = leaf_hash(b"leaf");
        let root = leaf_hash(b"root");
        for length in 0..=64 {
            let proof = InclusionProof { leaf_index, tree_size, path: vec![leaf; length] };
            prop_assert!(proof.verify(&leaf, &root).is_err());
            let path = vec![leaf; length];
            let proof = ConsistencyProof { old_size, new_size: tree_size, path };
            prop_assert!(proof.verify(&leaf, &root).is_err());
        }
    }
}
