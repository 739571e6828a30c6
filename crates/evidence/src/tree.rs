//! Growing the tree and proving things about it from the hashes of its perfect subtrees.
//!
//! A *perfect node* (level k, index i) is the root of leaves [i·2^k, (i+1)·2^k). Once its
//! last leaf is appended it never changes, so the caller can keep it in any store and never
//! rewrite it. Every root, inclusion proof and consistency proof of RFC 9162 §2.1 is built
//! from O(log n) of them: the nodes of a proof that are not perfect (on the right edge of a
//! tree whose size is not a power of two) are combined here from the perfect nodes beneath
//! them. Nothing here depends on how many leaves the store holds beyond the size asked
//! for, so a proof about an old size stays valid after the log has grown.

use crate::error::{MemoryNodesError, ProvingError};
use crate::hash::{interior_hash, Hash, EMPTY_TREE_HASH};
use crate::proof::{ConsistencyProof, InclusionProof};

/// Where a perfect node sits: the root of leaves [index·2^level, (index+1)·2^level).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodePosition {
    /// 0 for a leaf; at most 63.
    pub level: u8,
    pub index: u64,
}

/// A perfect node and its hash, as [`Frontier::append`] hands it over to be kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Node {
    pub position: NodePosition,
    pub hash: Hash,
}

/// Where the caller keeps the perfect nodes: a database table, files, or memory.
pub trait NodeStore {
    type Error: std::error::Error + Send + Sync + 'static;

    /// The hash of one perfect node.
    fn node(&self, position: NodePosition) -> Result<Hash, Self::Error>;

    /// The hashes of several perfect nodes, in the order asked. A store that can read many
    /// rows in one query overrides this: every root and proof reads its nodes in one call.
    fn nodes(&self, positions: &[NodePosition]) -> Result<Vec<Hash>, Self::Error> {
        positions
            .iter()
            .map(|position| self.node(*position))
            .collect()
    }
}

/// The right edge of the tree: the perfect subtrees that together hold every leaf so far,
/// largest first, one per set bit of the size (the "compact range" of [0, size)).
///
/// It is all that is needed to append a leaf and to know the current root, so appending
/// never reads the store.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Frontier {
    size: u64,
    /// One hash per set bit of `size`, the highest bit first.
    peaks: Vec<Hash>,
}

impl Frontier {
    /// The frontier of the empty tree.
    pub fn new() -> Frontier {
        Frontier::default()
    }

    /// The frontier of a tree of `tree_size` leaves whose perfect nodes are in `store`, as
    /// after a restart: one read of at most 64 nodes.
    pub fn restore<Store: NodeStore>(
        store: &Store,
        tree_size: u64,
    ) -> Result<Frontier, ProvingError<Store::Error>> {
        let positions = perfect_nodes_of_range(0, tree_size);
        let peaks = read_nodes(store, &positions)?;
        Ok(Frontier {
            size: tree_size,
            peaks,
        })
    }

    /// How many leaves the tree holds.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// The root of the tree as it is now (the empty tree's hash when it holds nothing).
    pub fn root(&self) -> Hash {
        root_of_peaks(&self.peaks)
    }

    /// Appends a leaf and returns the perfect nodes it completed, the leaf first, then
    /// upwards: the caller keeps them all, as they will never change.
    ///
    /// # Panics
    /// When the tree already holds 2^64 - 1 leaves, which no log will reach.
    pub fn append(&mut self, leaf_hash: Hash) -> Vec<Node> {
        let new_size = self
            .size
            .checked_add(1)
            .expect("a log holds fewer than 2^64 entries");
        let mut completed = Vec::with_capacity(1 + self.size.trailing_ones() as usize);
        let mut position = NodePosition {
            level: 0,
            index: self.size,
        };
        let mut hash = leaf_hash;
        completed.push(Node { position, hash });
        // a right child completes its parent; the left sibling is the last peak
        while position.index & 1 == 1 {
            let Some(left) = self.peaks.pop() else {
                unreachable!("a set bit of the size always has its peak")
            };
            hash = interior_hash(&left, &hash);
            position = NodePosition {
                level: position.level + 1,
                index: position.index >> 1,
            };
            completed.push(Node { position, hash });
        }
        self.peaks.push(hash);
        self.size = new_size;
        completed
    }
}

/// The perfect nodes of a log kept in memory, one vector per level: the store the tests and
/// the benchmark use.
#[derive(Debug, Clone, Default)]
pub struct MemoryNodes {
    levels: Vec<Vec<Hash>>,
}

impl MemoryNodes {
    pub fn new() -> MemoryNodes {
        MemoryNodes::default()
    }

    /// Keeps the nodes [`Frontier::append`] completed. Each level is filled in order, as
    /// appending completes it; a node out of that order is refused and nothing after it
    /// kept.
    pub fn keep(&mut self, nodes: &[Node]) -> Result<(), MemoryNodesError> {
        for node in nodes {
            let level = usize::from(node.position.level);
            if self.levels.len() <= level {
                self.levels.resize_with(level + 1, Vec::new);
            }
            let kept = self.levels[level].len() as u64;
            if node.position.index != kept {
                return Err(MemoryNodesError::OutOfOrder {
                    position: node.position,
                    kept,
                });
            }
            self.levels[level].push(node.hash);
        }
        Ok(())
    }

    /// How many leaves are kept.
    pub fn leaf_count(&self) -> u64 {
        self.levels.first().map_or(0, |leaves| leaves.len() as u64)
    }
}

impl NodeStore for MemoryNodes {
    type Error = MemoryNodesError;

    fn node(&self, position: NodePosition) -> Result<Hash, MemoryNodesError> {
        let level = self.levels.get(usize::from(position.level));
        let hash = level.and_then(|hashes| {
            usize::try_from(position.index)
                .ok()
                .and_then(|index| hashes.get(index))
        });
        hash.copied()
            .ok_or(MemoryNodesError::MissingNode { position })
    }
}

/// The root of the tree's first `tree_size` leaves.
pub fn tree_root<Store: NodeStore>(
    store: &Store,
    tree_size: u64,
) -> Result<Hash, ProvingError<Store::Error>> {
    let peaks = read_nodes(store, &perfect_nodes_of_range(0, tree_size))?;
    Ok(root_of_peaks(&peaks))
}

/// The inclusion proof of leaf `leaf_index` in the tree of the first `tree_size` leaves
/// (RFC 9162 §2.1.3.1).
pub fn prove_inclusion<Store: NodeStore>(
    store: &Store,
    leaf_index: u64,
    tree_size: u64,
) -> Result<InclusionProof, ProvingError<Store::Error>> {
    if leaf_index >= tree_size {
        return Err(ProvingError::LeafOutsideTree {
            leaf_index,
            tree_size,
        });
    }
    let ranges = inclusion_path_ranges(leaf_index, tree_size);
    let path = hashes_of_ranges(store, &ranges)?;
    Ok(InclusionProof {
        leaf_index,
        tree_size,
        path,
    })
}

/// The consistency proof that the tree of `new_size` leaves extends the tree of its first
/// `old_size` leaves (RFC 9162 §2.1.4.1). Equal sizes need no hash; an old size of 0 is
/// refused, as RFC 9162 defines proofs only from a tree that holds something.
pub fn prove_consistency<Store: NodeStore>(
    store: &Store,
    old_size: u64,
    new_size: u64,
) -> Result<ConsistencyProof, ProvingError<Store::Error>> {
    if old_size > new_size {
        return Err(ProvingError::SizesOutOfOrder { old_size, new_size });
    }
    if old_size == 0 {
        return Err(ProvingError::EmptyOldTree);
    }
    let ranges = consistency_path_ranges(old_size, new_size);
    let path = hashes_of_ranges(store, &ranges)?;
    Ok(ConsistencyProof {
        old_size,
        new_size,
        path,
    })
}

/// A range of leaves [start, end) whose root a proof holds. Its start is a multiple of the
/// power of two at or above its length, as every subtree in RFC 9162's recursion is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct LeafRange {
    pub start: u64,
    pub end: u64,
}

/// The largest power of two below `length`, which must be at least 2: where RFC 9162
/// splits a tree of `length` leaves.
fn split_point(length: u64) -> u64 {
    debug_assert!(length >= 2);
    1 << (63 - (length - 1).leading_zeros())
}

/// The subtrees whose roots make up the inclusion path of a leaf, bottom first.
///
/// Walks down from the root as RFC 9162's PATH(m, D[n]) recurses: at each split the
/// subtree beside the leaf's is on the path.
pub(crate) fn inclusion_path_ranges(leaf_index: u64, tree_size: u64) -> Vec<LeafRange> {
    debug_assert!(leaf_index < tree_size);
    let mut ranges = Vec::with_capacity(64);
    let (mut start, mut end) = (0, tree_size);
    while end - start > 1 {
        let split = start + split_point(end - start);
        if leaf_index < split {
            ranges.push(LeafRange { start: split, end });
            end = split;
        } else {
            ranges.push(LeafRange { start, end: split });
            start = split;
        }
    }
    ranges.reverse();
    ranges
}

/// The subtrees whose roots make up the consistency path from `old_size` to `new_size`
/// leaves, bottom first (0 < old_size <= new_size).
///
/// Walks down as RFC 9162's SUBPROOF(m, D[n], b) recurses: the old tree's boundary stays at
/// `old_size` however deep the walk goes, and the subtree the walk ends in is on the path
/// unless it is the whole old tree, which the verifier already knows by its root.
pub(crate) fn consistency_path_ranges(old_size: u64, new_size: u64) -> Vec<LeafRange> {
    debug_assert!(0 < old_size && old_size <= new_size);
    let mut ranges = Vec::with_capacity(64);
    let (mut start, mut end) = (0, new_size);
    let mut is_whole_old_tree = true;
    while old_size != end {
        let split = start + split_point(end - start);
        if old_size <= split {
            ranges.push(LeafRange { start: split, end });
            end = split;
        } else {
            ranges.push(LeafRange { start, end: split });
            start = split;
            is_whole_old_tree = false;
        }
    }
    if !is_whole_old_tree {
        ranges.push(LeafRange { start, end });
    }
    ranges.reverse();
    ranges
}

/// The perfect nodes that together hold leaves [start, end), largest first: one per set
/// bit of the length. The start must be a multiple of the largest of them, as a
/// [`LeafRange`]'s is.
fn perfect_nodes_of_range(start: u64, end: u64) -> Vec<NodePosition> {
    let length = end - start;
    let mut positions = Vec::with_capacity(length.count_ones() as usize);
    let mut next_leaf = start;
    for level in (0..64u8).rev() {
        if length >> level & 1 == 1 {
            debug_assert!(next_leaf.trailing_zeros() >= u32::from(level));
            positions.push(NodePosition {
                level,
                index: next_leaf >> level,
            });
            next_leaf += 1 << level;
        }
    }
    positions
}

/// The root of perfect subtrees laid side by side, largest first: each is the left child
/// of the combination of those after it, as RFC 9162 splits at the largest power of two.
fn root_of_peaks(peaks: &[Hash]) -> Hash {
    let Some((last, before)) = peaks.split_last() else {
        return EMPTY_TREE_HASH;
    };
    before
        .iter()
        .rev()
        .fold(*last, |right, left| interior_hash(left, &right))
}

/// The roots of several leaf ranges, read from the store in one call.
fn hashes_of_ranges<Store: NodeStore>(
    store: &Store,
    ranges: &[LeafRange],
) -> Result<Vec<Hash>, ProvingError<Store::Error>> {
    let per_range: Vec<Vec<NodePosition>> = ranges
        .iter()
        .map(|range| perfect_nodes_of_range(range.start, range.end))
        .collect();
    let positions: Vec<NodePosition> = per_range.iter().flatten().copied().collect();
    let hashes = read_nodes(store, &positions)?;
    let mut remaining = hashes.as_slice();
    let mut roots = Vec::with_capacity(ranges.len());
    for range_positions in &per_range {
        let (peaks, rest) = remaining.split_at(range_positions.len());
        roots.push(root_of_peaks(peaks));
        remaining = rest;
    }
    Ok(roots)
}

fn read_nodes<Store: NodeStore>(
    store: &Store,
    positions: &[NodePosition],
) -> Result<Vec<Hash>, ProvingError<Store::Error>> {
    if positions.is_empty() {
        return Ok(Vec::new());
    }
    let hashes = store
        .nodes(positions)
        .map_err(|source| ProvingError::ReadNodes {
            count: positions.len(),
            source,
        })?;
    if hashes.len() != positions.len() {
        return Err(ProvingError::WrongNodeCount {
            asked: positions.len(),
            answered: hashes.len(),
        });
    }
    Ok(hashes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hash::leaf_hash;

    fn log_of(size: u64) -> (Frontier, MemoryNodes) {
        let mut frontier = Frontier::new();
        let mut store = MemoryNodes::new();
        for entry in 0..size {
            store
                .keep(&frontier.append(leaf_hash(&entry.to_be_bytes())))
                .unwrap();
        }
        (frontier, store)
    }

    #[test]
    fn appending_completes_one_node_per_trailing_set_bit() {
        let mut frontier = Frontier::new();
        for size in 0u64..100 {
            let completed = frontier.append(leaf_hash(&size.to_be_bytes()));
            assert_eq!(
                completed.len(),
                1 + size.trailing_ones() as usize,
                "at size {size}"
            );
            let top = completed.last().unwrap().position;
            assert_eq!(
                (top.index + 1) << top.level,
                size + 1,
                "the top node ends at the new leaf"
            );
        }
    }

    #[test]
    fn the_frontier_root_is_the_store_root_at_every_size() {
        let mut frontier = Frontier::new();
        let mut store = MemoryNodes::new();
        assert_eq!(frontier.root(), EMPTY_TREE_HASH);
        for size in 1u64..=130 {
            store
                .keep(&frontier.append(leaf_hash(&size.to_be_bytes())))
                .unwrap();
            assert_eq!(
                tree_root(&store, size).unwrap(),
                frontier.root(),
                "at size {size}"
            );
        }
        assert_eq!(tree_root(&store, 0).unwrap(), EMPTY_TREE_HASH);
    }

    #[test]
    fn a_restored_frontier_goes_on_as_the_original() {
        let (frontier, store) = log_of(77);
        let restored = Frontier::restore(&store, 77).unwrap();
        assert_eq!(restored, frontier);
        let (mut original, mut restored) = (frontier, restored);
        assert_eq!(
            original.append(leaf_hash(b"next")),
            restored.append(leaf_hash(b"next"))
        );
    }

    #[test]
    fn a_size_beyond_the_store_names_the_missing_node() {
        let (_, store) = log_of(5);
        let error = tree_root(&store, 6).unwrap_err();
        assert_eq!(
            error.to_string(),
            "reading 2 nodes of the tree: no node at level 1, index 2: it is not complete yet"
        );
        assert!(matches!(
            prove_inclusion(&store, 2, 9),
            Err(ProvingError::ReadNodes { .. })
        ));
    }

    #[test]
    fn impossible_requests_are_refused_before_reading() {
        let (_, store) = log_of(5);
        assert!(matches!(
            prove_inclusion(&store, 5, 5),
            Err(ProvingError::LeafOutsideTree {
                leaf_index: 5,
                tree_size: 5
            })
        ));
        assert!(matches!(
            prove_inclusion(&store, 0, 0),
            Err(ProvingError::LeafOutsideTree { .. })
        ));
        assert!(matches!(
            prove_consistency(&store, 4, 3),
            Err(ProvingError::SizesOutOfOrder {
                old_size: 4,
                new_size: 3
            })
        ));
        assert!(matches!(
            prove_consistency(&store, 0, 3),
            Err(ProvingError::EmptyOldTree)
        ));
    }

    #[test]
    fn nodes_kept_out_of_order_are_refused() {
        let mut store = MemoryNodes::new();
        let node = Node {
            position: NodePosition { level: 0, index: 1 },
            hash: EMPTY_TREE_HASH,
        };
        assert_eq!(
            store.keep(&[node]),
            Err(MemoryNodesError::OutOfOrder {
                position: node.position,
                kept: 0
            })
        );
    }

    #[test]
    fn a_store_answering_too_few_hashes_is_an_error_not_a_panic() {
        struct ForgetfulStore;
        impl NodeStore for ForgetfulStore {
            type Error = MemoryNodesError;
            fn node(&self, _: NodePosition) -> Result<Hash, MemoryNodesError> {
                Ok(EMPTY_TREE_HASH)
            }
            fn nodes(&self, _: &[NodePosition]) -> Result<Vec<Hash>, MemoryNodesError> {
                Ok(vec![EMPTY_TREE_HASH])
            }
        }
        assert!(matches!(
            prove_inclusion(&ForgetfulStore, 3, 7),
            Err(ProvingError::WrongNodeCount { answered: 1, .. })
        ));
    }

    #[test]
    fn proofs_read_a_logarithmic_number_of_nodes() {
        use std::cell::Cell;
        struct CountingStore {
            inner: MemoryNodes,
            reads: Cell<usize>,
        }
        impl NodeStore for CountingStore {
            type Error = MemoryNodesError;
            fn node(&self, position: NodePosition) -> Result<Hash, MemoryNodesError> {
                self.reads.set(self.reads.get() + 1);
                self.inner.node(position)
            }
        }
        let (_, inner) = log_of(1000);
        let store = CountingStore {
            inner,
            reads: Cell::new(0),
        };
        for leaf_index in [0, 1, 500, 997, 998] {
            store.reads.set(0);
            prove_inclusion(&store, leaf_index, 999).unwrap();
            // 10 levels: a path of at most 10, one right-edge node of at most 10 peaks
            assert!(
                store.reads.get() <= 20,
                "leaf {leaf_index}: {} reads",
                store.reads.get()
            );
        }
        store.reads.set(0);
        prove_consistency(&store, 333, 999).unwrap();
        assert!(store.reads.get() <= 40, "{} reads", store.reads.get());
    }
}
