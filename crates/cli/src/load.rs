//! Reading FollowTheMoney line files: parsed in parallel, malformed lines reported as
//! `<file>:<line>: <reason>` and skipped, a progress bar on stderr for long loads.

use std::fs::File;
use std::io::{self, BufRead, BufReader};
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::Context;
use gatecheck_formats::ftm::{self, Entity};
use gatecheck_formats::ftm_graph::Graph;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;

/// Lines parsed together in one parallel batch.
const BATCH_LINES: usize = 8192;

/// Counts of one file read.
#[derive(Debug, Default, Clone, Copy)]
pub struct LoadStats {
    pub read: usize,
    pub skipped: usize,
    /// Entities read with a value left out (or read in part), each named on stderr.
    pub warned: usize,
    /// Entities of a list whose schema is not screened (a sanction, a passport, an
    /// address: attached to what they name; others counted): no error.
    pub not_screened: usize,
}

/// How a file of entities is read: as a list (an export whose other schemas attach to the
/// entities they name or are counted and skipped, see `ftm_graph`) or as queries (each
/// line a traveller to screen: a line that cannot be screened is an error, never skipped
/// quietly).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    List,
    Queries,
}

/// The first reading of a list file: what attaches to its screened entities (see
/// `ftm_graph::Graph::collect`); `None` for standard input, which is read once.
pub fn collect_graph(path: &Path, label: &str) -> anyhow::Result<Option<Graph>> {
    if path.as_os_str() == "-" {
        return Ok(None);
    }
    let (mut reader, total) = open(path)?;
    let mut progress = Progress::new(total, &format!("{label} (links)"));
    let mut graph = Graph::new();
    let mut buffer = Vec::new();
    loop {
        buffer.clear();
        let n = read_line_bounded(&mut reader, &mut buffer)
            .with_context(|| format!("cannot read {}", path.display()))?;
        if n == 0 {
            break;
        }
        progress.advance(n as u64);
        let Ok(line) = std::str::from_utf8(&buffer) else {
            continue;
        };
        if line.trim().is_empty() {
            continue;
        }
        // a bad line is reported when it is read for screening
        let _ = graph.collect(line.trim_end());
    }
    progress.finish();
    graph.finish();
    Ok(Some(graph))
}

/// A published list in its own form, read whole into FollowTheMoney entities: a file ending
/// in `.xml` by the reader its root element names (the UN consolidated list, OFAC's
/// advanced SDN list, the EU's consolidated list, the UK Sanctions List:
/// `formats::published_xml`; another root is an error naming it), or the OFAC SDN list in
/// its legacy CSV form (a file named `sdn.csv`, with `alt.csv`, `add.csv` and
/// `sdn_comments.csv` read from beside it when there), or the UK Sanctions List's CSV (a
/// file ending in `.csv` whose header says so, see [`is_uk_sanctions_csv`]). `None` for any
/// other file (entity lines, or documents).
pub fn published_list(path: &Path) -> Option<anyhow::Result<Vec<serde_json::Value>>> {
    let name = path.file_name()?.to_str()?.to_ascii_lowercase();
    let read = |path: &Path, limit: usize| -> anyhow::Result<String> {
        let size = std::fs::metadata(path)
            .with_context(|| format!("cannot read {}", path.display()))?
            .len();
        anyhow::ensure!(
            size <= limit as u64,
            "{} is {size} bytes, more than the {limit} such a list may be",
            path.display()
        );
        let bytes =
            std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
        String::from_utf8(bytes).with_context(|| format!("{}: not UTF-8", path.display()))
    };
    if name.ends_with(".xml") {
        return Some((|| {
            let text = read(path, gatecheck_formats::published_xml::MAX_DOCUMENT_BYTES)?;
            gatecheck_formats::published_xml::parse(&text)
                .with_context(|| format!("reading {}", path.display()))
        })());
    }
    if name.ends_with(".csv") && name != "sdn.csv" && is_uk_sanctions_csv(path) {
        return Some((|| {
            let text = read(path, gatecheck_formats::uk_csv::MAX_FILE_BYTES)?;
            gatecheck_formats::uk_csv::parse(&text)
                .with_context(|| format!("reading {}", path.display()))
        })());
    }
    if name == "sdn.csv" {
        return Some((|| {
            let limit = gatecheck_formats::ofac_csv::MAX_FILE_BYTES;
            let sdn = read(path, limit)?;
            let beside = |file: &str| -> anyhow::Result<Option<String>> {
                let path = path.with_file_name(file);
                if path.exists() {
                    read(&path, limit).map(Some)
                } else {
                    // as OFAC names them in capitals too
                    let upper = path.with_file_name(file.to_ascii_uppercase());
                    if upper.exists() {
                        read(&upper, limit).map(Some)
                    } else {
                        Ok(None)
                    }
                }
            };
            let (alt, add, comments) = (
                beside("alt.csv")?,
                beside("add.csv")?,
                beside("sdn_comments.csv")?,
            );
            gatecheck_formats::ofac_csv::parse(gatecheck_formats::ofac_csv::Files {
                sdn: &sdn,
                alt: alt.as_deref(),
                add: add.as_deref(),
                comments: comments.as_deref(),
            })
            .with_context(|| format!("reading {}", path.display()))
        })());
    }
    None
}

/// Whether a CSV file is the UK Sanctions List's, by the header in its first kilobytes (a
/// file of lost and stolen documents is the other CSV read); `false` when it cannot be read
/// (reading it then says why).
pub fn is_uk_sanctions_csv(path: &Path) -> bool {
    use std::io::Read;
    let mut head = Vec::with_capacity(8192);
    let read = File::open(path).and_then(|file| file.take(8192).read_to_end(&mut head));
    read.is_ok() && gatecheck_formats::uk_csv::is_uk_sanctions_list(&String::from_utf8_lossy(&head))
}

/// One line of a file read as `reading` says: the entity, `None` for an entity of a list
/// whose schema is not screened, or why the line cannot be read.
fn read_line(
    line: &str,
    reading: Reading,
    graph: Option<&Graph>,
) -> Result<Option<Entity>, gatecheck_formats::FormatError> {
    let line = match (reading, graph) {
        (Reading::List, Some(graph)) => match graph.screened_line(line)? {
            Some(line) => std::borrow::Cow::Owned(line),
            None => return Ok(None),
        },
        _ => std::borrow::Cow::Borrowed(line),
    };
    match ftm::parse_entity(&line) {
        Ok(entity) => Ok(Some(entity)),
        // a list read from standard input, in one reading
        Err(gatecheck_formats::FormatError::UnknownSchema { .. }) if reading == Reading::List => {
            Ok(None)
        }
        Err(error) => Err(error),
    }
}

/// Opens `path` for reading, `-` being standard input.
pub fn open(path: &Path) -> anyhow::Result<(Box<dyn BufRead + Send>, Option<u64>)> {
    if path.as_os_str() == "-" {
        return Ok((Box::new(BufReader::new(io::stdin())), None));
    }
    let file = File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
    let metadata = file
        .metadata()
        .with_context(|| format!("cannot read {}", path.display()))?;
    if metadata.is_dir() {
        anyhow::bail!("cannot read {}: it is a directory", path.display());
    }
    Ok((
        Box::new(BufReader::with_capacity(1 << 20, file)),
        Some(metadata.len()),
    ))
}

/// A progress bar that shows itself only once loading has taken more than a second.
pub struct Progress {
    bar: ProgressBar,
    started: Instant,
    shown: bool,
}

impl Progress {
    pub fn new(total_bytes: Option<u64>, label: &str) -> Progress {
        let bar = match total_bytes {
            Some(total) => ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::hidden()),
            None => ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden()),
        };
        let template = if total_bytes.is_some() {
            "{msg} [{bar:30}] {bytes}/{total_bytes} ({eta})"
        } else {
            "{msg} {bytes} {spinner}"
        };
        if let Ok(style) = ProgressStyle::with_template(template) {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_message(label.to_string());
        Progress {
            bar,
            started: Instant::now(),
            shown: false,
        }
    }

    /// A bar counting `total` items (rows, records) rather than bytes.
    pub fn counting(total: u64, label: &str) -> Progress {
        let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::hidden());
        if let Ok(style) =
            ProgressStyle::with_template("{msg} [{bar:30}] {human_pos}/{human_len} ({eta})")
        {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_message(label.to_string());
        Progress {
            bar,
            started: Instant::now(),
            shown: false,
        }
    }

    pub fn advance(&mut self, bytes: u64) {
        self.bar.inc(bytes);
        if !self.shown && self.started.elapsed() > Duration::from_secs(1) {
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
            self.shown = true;
        }
    }

    pub fn finish(self) {
        if self.shown {
            self.bar.finish_and_clear();
        }
    }
}

/// Reads every entity of one file, handing each parsed batch to `consume` in file order.
/// Malformed lines are reported on stderr and counted, and so are values left out of an
/// entity that was read (an impossible date ...); an unreadable file is an error.
pub fn read_entities(
    path: &Path,
    label: &str,
    reading: Reading,
    consume: &mut dyn FnMut(Vec<Entity>),
) -> anyhow::Result<LoadStats> {
    if reading == Reading::List {
        if let Some(entities) = published_list(path) {
            let entities = entities?;
            let mut stats = LoadStats::default();
            let parsed: Vec<_> = entities
                .par_iter()
                .map(|entity| ftm::parse_entity(&entity.to_string()))
                .collect();
            let mut read = Vec::with_capacity(parsed.len());
            for (at, result) in parsed.into_iter().enumerate() {
                match result {
                    Ok(entity) => read.push(entity),
                    Err(error) => {
                        eprintln!("{}: entity {}: {error}", path.display(), at + 1);
                        stats.skipped += 1;
                    }
                }
            }
            stats.read = read.len();
            consume(read);
            eprintln!("{}: {} entities read", path.display(), stats.read);
            return Ok(stats);
        }
    }
    let graph = match reading {
        Reading::List => collect_graph(path, label)?,
        Reading::Queries => None,
    };
    let (mut reader, total) = open(path)?;
    let mut progress = Progress::new(total, label);
    let mut stats = LoadStats::default();
    let mut line_number = 0usize;
    let shown_path = path.display().to_string();
    loop {
        let mut batch: Vec<(usize, String)> = Vec::with_capacity(BATCH_LINES);
        let mut bytes_read = 0u64;
        while batch.len() < BATCH_LINES {
            let mut buffer = Vec::new();
            let n = read_line_bounded(&mut reader, &mut buffer)
                .with_context(|| format!("cannot read {shown_path}"))?;
            if n == 0 {
                break;
            }
            bytes_read += n as u64;
            line_number += 1;
            let line = match String::from_utf8(buffer) {
                Ok(line) => line,
                Err(_) => {
                    eprintln!("{shown_path}:{line_number}: line is not valid UTF-8");
                    stats.skipped += 1;
                    continue;
                }
            };
            if line.trim().is_empty() {
                continue;
            }
            batch.push((line_number, line));
        }
        if batch.is_empty() {
            break;
        }
        type Read = Result<Option<Entity>, gatecheck_formats::FormatError>;
        let parsed: Vec<(usize, Read)> = batch
            .par_iter()
            .map(|(number, line)| (*number, read_line(line.trim_end(), reading, graph.as_ref())))
            .collect();
        let mut entities = Vec::with_capacity(parsed.len());
        for (number, result) in parsed {
            match result {
                Ok(None) => stats.not_screened += 1,
                Ok(Some(entity)) => {
                    for warning in &entity.warnings {
                        eprintln!("{shown_path}:{number}: {warning}");
                    }
                    stats.warned += usize::from(!entity.warnings.is_empty());
                    entities.push(entity);
                }
                Err(error) => {
                    eprintln!("{shown_path}:{number}: {error}");
                    stats.skipped += 1;
                }
            }
        }
        stats.read += entities.len();
        consume(entities);
        progress.advance(bytes_read);
    }
    progress.finish();
    match &graph {
        Some(graph) if !graph.is_flat() || !graph.report().skipped.is_empty() => {
            eprintln!("{shown_path}: {}", graph.report().summary());
        }
        None if stats.not_screened > 0 => eprintln!(
            "{shown_path}: {} entities of schemas not screened skipped (read from standard input, they are not attached to the entities they name: give a file)",
            stats.not_screened
        ),
        _ => {}
    }
    Ok(stats)
}

/// Reads one line into `buffer`, keeping at most [`ftm::MAX_LINE_BYTES`] + 1 bytes of it
/// (the parser then refuses it), so a file without newlines cannot exhaust memory.
fn read_line_bounded(reader: &mut dyn BufRead, buffer: &mut Vec<u8>) -> io::Result<usize> {
    let mut total = 0usize;
    loop {
        let available = match reader.fill_buf() {
            Ok(available) => available,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
            Err(error) => return Err(error),
        };
        if available.is_empty() {
            return Ok(total);
        }
        let (chunk, done) = match available.iter().position(|&b| b == b'\n') {
            Some(end) => (&available[..=end], true),
            None => (available, false),
        };
        let room = (ftm::MAX_LINE_BYTES + 1).saturating_sub(buffer.len());
        buffer.extend_from_slice(&chunk[..chunk.len().min(room)]);
        let used = chunk.len();
        reader.consume(used);
        total += used;
        if done {
            return Ok(total);
        }
    }
}
