//! Rows of text put in key order, however many: sorted in memory a run at a time, runs
//! spilled to files beside the data, then merged. Writing documents in key order is what
//! keeps an import fast as the store grows: each batch then walks the key index from end
//! to end once instead of touching pages all over it.
//!
//! A row's key is its text up to the [`KEY_FIELDS`]th [`SEPARATOR`]; rows of equal keys
//! keep the order they were pushed in (the sort is stable, and earlier runs come first).

use anyhow::{Context, Result};
use std::collections::BinaryHeap;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::Path;

/// Between the fields of a row (the fields never hold it).
pub const SEPARATOR: char = '\u{1f}';
/// The fields that make a row's key.
pub const KEY_FIELDS: usize = 3;
/// Rows sorted in memory at once (about 50 bytes each).
const RUN_ROWS: usize = 2_000_000;

/// The key of a row: its first [`KEY_FIELDS`] fields, separators included.
fn key(row: &str) -> &str {
    let mut seen = 0;
    for (at, c) in row.char_indices() {
        if c == SEPARATOR {
            seen += 1;
            if seen == KEY_FIELDS {
                return &row[..at];
            }
        }
    }
    row
}

/// Rows being collected.
pub struct RunWriter {
    directory: Option<tempfile::TempDir>,
    parent: std::path::PathBuf,
    /// Each row with the length of its key.
    rows: Vec<(Box<str>, u32)>,
    runs: Vec<std::path::PathBuf>,
    run_rows: usize,
}

impl RunWriter {
    /// Spilled runs, if any, go to a temporary directory inside `parent` (removed when the
    /// rows are dropped).
    pub fn new(parent: &Path) -> RunWriter {
        RunWriter::with_run_rows(parent, RUN_ROWS)
    }

    fn with_run_rows(parent: &Path, run_rows: usize) -> RunWriter {
        RunWriter {
            directory: None,
            parent: parent.to_path_buf(),
            rows: Vec::new(),
            runs: Vec::new(),
            run_rows,
        }
    }

    pub fn push(&mut self, row: String) -> Result<()> {
        let key_length = key(&row).len() as u32;
        self.rows.push((row.into_boxed_str(), key_length));
        if self.rows.len() >= self.run_rows {
            self.spill()?;
        }
        Ok(())
    }

    fn spill(&mut self) -> Result<()> {
        if self.directory.is_none() {
            std::fs::create_dir_all(&self.parent)
                .with_context(|| format!("creating {}", self.parent.display()))?;
            self.directory = Some(
                tempfile::Builder::new()
                    .prefix("import-runs-")
                    .tempdir_in(&self.parent)
                    .with_context(|| {
                        format!("a directory for sorting in {}", self.parent.display())
                    })?,
            );
        }
        let Some(directory) = &self.directory else {
            anyhow::bail!("no directory for sorting");
        };
        sort_run(&mut self.rows);
        let path = directory.path().join(format!("run-{}", self.runs.len()));
        let mut out = BufWriter::with_capacity(
            1 << 20,
            std::fs::File::create(&path).with_context(|| format!("writing {}", path.display()))?,
        );
        for (row, _) in self.rows.drain(..) {
            out.write_all(row.as_bytes())?;
            out.write_all(b"\n")?;
        }
        out.flush()
            .with_context(|| format!("writing {}", path.display()))?;
        self.runs.push(path);
        Ok(())
    }

    /// Every row pushed, in key order.
    pub fn finish(mut self) -> Result<SortedRows> {
        if self.runs.is_empty() {
            sort_run(&mut self.rows);
            let rows: Vec<Box<str>> = std::mem::take(&mut self.rows)
                .into_iter()
                .map(|(row, _)| row)
                .collect();
            return Ok(SortedRows {
                _directory: None,
                source: Source::Memory(rows.into_iter()),
            });
        }
        if !self.rows.is_empty() {
            self.spill()?;
        }
        let mut readers = Vec::with_capacity(self.runs.len());
        let mut heap = BinaryHeap::with_capacity(self.runs.len());
        for (run, path) in self.runs.iter().enumerate() {
            let file =
                std::fs::File::open(path).with_context(|| format!("reading {}", path.display()))?;
            let mut reader = BufReader::with_capacity(1 << 18, file);
            if let Some(row) = read_row(&mut reader)? {
                heap.push(Head { row, run });
            }
            readers.push(reader);
        }
        Ok(SortedRows {
            _directory: self.directory.take(),
            source: Source::Runs { readers, heap },
        })
    }
}

/// Sorts rows by key, keeping the order of equal keys; on both cores, as the sort is most
/// of the work of an import's first pass.
fn sort_run(rows: &mut [(Box<str>, u32)]) {
    use rayon::slice::ParallelSliceMut;
    rows.par_sort_by(|(a, a_key), (b, b_key)| {
        a.as_bytes()[..*a_key as usize].cmp(&b.as_bytes()[..*b_key as usize])
    });
}

fn read_row(reader: &mut impl BufRead) -> Result<Option<String>> {
    let mut row = String::new();
    if reader.read_line(&mut row).context("reading a sorted run")? == 0 {
        return Ok(None);
    }
    if row.ends_with('\n') {
        row.pop();
    }
    Ok(Some(row))
}

/// The next row of one run, ordered for a min-heap by key, then run.
struct Head {
    row: String,
    run: usize,
}

impl Ord for Head {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (key(&other.row), other.run).cmp(&(key(&self.row), self.run))
    }
}

impl PartialOrd for Head {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Head {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == std::cmp::Ordering::Equal
    }
}

impl Eq for Head {}

enum Source {
    Memory(std::vec::IntoIter<Box<str>>),
    Runs {
        readers: Vec<BufReader<std::fs::File>>,
        heap: BinaryHeap<Head>,
    },
}

/// Rows in key order.
pub struct SortedRows {
    /// Removed with the rows.
    _directory: Option<tempfile::TempDir>,
    source: Source,
}

impl Iterator for SortedRows {
    type Item = Result<String>;

    fn next(&mut self) -> Option<Result<String>> {
        match &mut self.source {
            Source::Memory(rows) => rows.next().map(|row| Ok(row.into_string())),
            Source::Runs { readers, heap } => {
                let Head { row, run } = heap.pop()?;
                match read_row(&mut readers[run]) {
                    Ok(Some(next)) => heap.push(Head { row: next, run }),
                    Ok(None) => {}
                    Err(error) => return Some(Err(error)),
                }
                Some(Ok(row))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(key: &str, rest: &str) -> String {
        format!("{key}{SEPARATOR}JOR{SEPARATOR}P{SEPARATOR}{rest}")
    }

    #[test]
    fn rows_come_out_in_key_order_with_equal_keys_in_push_order() {
        let directory = tempfile::tempdir().unwrap();
        for run_rows in [2, 3, 1_000] {
            let mut writer = RunWriter::with_run_rows(directory.path(), run_rows);
            let pushed = [
                row("B2", "first"),
                row("A1", "x"),
                row("B2", "second"),
                row("AB", "y"),
                row("A", "z"),
                row("B2", "third"),
                row("C", "w"),
            ];
            for r in &pushed {
                writer.push(r.clone()).unwrap();
            }
            let sorted: Vec<String> = writer.finish().unwrap().map(Result::unwrap).collect();
            let expected = [
                row("A", "z"),
                row("A1", "x"),
                row("AB", "y"),
                row("B2", "first"),
                row("B2", "second"),
                row("B2", "third"),
                row("C", "w"),
            ];
            assert_eq!(sorted, expected, "runs of {run_rows}");
        }
        // the runs' directory is gone with the rows
        let left: Vec<_> = std::fs::read_dir(directory.path()).unwrap().collect();
        assert!(left.is_empty(), "{left:?}");
    }
}
