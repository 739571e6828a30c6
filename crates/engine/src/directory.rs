//! A directory over a table sorted by an evenly spread hash: for each leading-bits prefix of
//! the hash, the row where its rows begin. Finding a hash's rows then reads the directory and
//! one short stretch of the table, where a binary search of a table of millions of rows would
//! read some twenty places in memory, most of them cache misses.

use std::ops::Range;

#[derive(Debug, Default)]
pub struct Directory {
    /// How far a hash is shifted right to give its prefix.
    shift: u32,
    /// `starts[p]` is the first row whose hash has a prefix of `p` or more; one more entry
    /// closes the last prefix.
    starts: Box<[u32]>,
}

/// Rows per prefix aimed at: a few rows fit in a cache line or two.
const ROWS_PER_PREFIX: usize = 4;

/// The most prefix bits, bounding the directory at 2^24 entries (64 MB).
const MAX_BITS: u32 = 24;

impl Directory {
    /// The directory of `hashes`, which must be sorted ascending (the table's order).
    pub fn new(hashes: impl ExactSizeIterator<Item = u64>) -> Directory {
        let rows = hashes.len();
        let bits = (rows / ROWS_PER_PREFIX).max(1).ilog2().clamp(1, MAX_BITS);
        let shift = 64 - bits;
        let prefixes = 1usize << bits;
        let mut starts = vec![0u32; prefixes + 1];
        let mut next_prefix = 0usize;
        for (row, hash) in hashes.enumerate() {
            let prefix = (hash >> shift) as usize;
            while next_prefix <= prefix {
                starts[next_prefix] = row as u32;
                next_prefix += 1;
            }
        }
        for start in &mut starts[next_prefix..] {
            *start = rows as u32;
        }
        Directory {
            shift,
            starts: starts.into_boxed_slice(),
        }
    }

    /// The rows that may hold `hash`: every row with its prefix.
    pub fn rows(&self, hash: u64) -> Range<usize> {
        if self.starts.is_empty() {
            return 0..0;
        }
        let prefix = (hash >> self.shift) as usize;
        self.starts[prefix] as usize..self.starts[prefix + 1] as usize
    }
}

/// Spreads the bits of a hash evenly (the finaliser of MurmurHash3), so that its leading
/// bits make a fair prefix.
pub fn spread(mut hash: u64) -> u64 {
    hash ^= hash >> 33;
    hash = hash.wrapping_mul(0xff51_afd7_ed55_8ccd);
    hash ^= hash >> 33;
    hash = hash.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    hash ^ (hash >> 33)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows_of(table: &[u64], directory: &Directory, hash: u64) -> Vec<usize> {
        directory
            .rows(hash)
            .filter(|&row| table[row] == hash)
            .collect()
    }

    #[test]
    fn every_hash_is_found_in_its_rows_and_absent_ones_are_not() {
        let mut table: Vec<u64> = (0..10_000u64).map(|i| spread(i % 7_000)).collect();
        table.sort_unstable();
        let directory = Directory::new(table.iter().copied());
        for i in 0..7_000u64 {
            let hash = spread(i);
            let expected: Vec<usize> = (0..table.len()).filter(|&r| table[r] == hash).collect();
            assert_eq!(rows_of(&table, &directory, hash), expected, "hash of {i}");
        }
        for i in 7_000..8_000u64 {
            assert!(rows_of(&table, &directory, spread(i)).is_empty());
        }
        // the extremes of the hash space (spread(0) is 0, of 0 and 7000, so 0 is in the
        // table twice)
        assert_eq!(rows_of(&table, &directory, 0), [0, 1]);
        assert!(rows_of(&table, &directory, u64::MAX).is_empty());
    }

    #[test]
    fn empty_and_tiny_tables_work() {
        let directory = Directory::new(std::iter::empty::<u64>());
        assert_eq!(directory.rows(12345).len(), 0);
        let table = [spread(1)];
        let directory = Directory::new(table.iter().copied());
        assert_eq!(rows_of(&table, &directory, spread(1)), [0]);
        assert!(Directory::default().rows(7).is_empty());
    }
}
