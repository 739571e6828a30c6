//! Guards against regressions in name matching: the lines of a labelled set parse, and
//! `gatecheck match` keeps recall and the false-alarm rate within loose floors, below
//! today's figures so that tuning is not pinned. Run on the project's small sets of
//! fictional names (`tests/fixtures/names`: cross-script renderings and FEBRL-style typed
//! records, written here), always, and on the development sets in `../shared/data/eval/dev`
//! (real data nobody here wrote, never copied into the repository) when they are there (see
//! `common`).
//!
//! Screening of a development set runs on the full list and every tenth query, which keeps
//! a debug build to a few seconds; set `GATECHECK_DEV_DATA_FULL=1` to screen every query.
//! The project's sets are screened whole.

mod common;

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use gatecheck_formats::ftm::parse_entity;
use gatecheck_formats::FormatError;
use serde_json::Value;

const GATECHECK: &str = env!("CARGO_BIN_EXE_gatecheck");
const FIXTURE_FOLDER: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/names");

/// Every how-many-th query is screened, unless `GATECHECK_DEV_DATA_FULL` is set.
const SAMPLE_EVERY: usize = 10;

/// The folder of one development set, or `None` (and the notice) when it is absent.
fn dev_set(name: &str) -> Option<PathBuf> {
    common::shared_data(&format!("eval/dev/{name}/truth.json"))
        .and_then(|truth| truth.parent().map(Path::to_path_buf))
}

/// The folder of one of the project's sets.
fn fixture_set(name: &str) -> PathBuf {
    Path::new(FIXTURE_FOLDER).join(name)
}

fn read_lines(path: &Path) -> Vec<String> {
    fs::read_to_string(path)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()))
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(str::to_string)
        .collect()
}

/// Which queries of a set are screened.
#[derive(Clone, Copy)]
enum Sample {
    /// Every `SAMPLE_EVERY`-th, unless `GATECHECK_DEV_DATA_FULL` is set.
    Sampled,
    All,
}

/// The query lines screened.
fn sampled_queries(folder: &Path, sample: Sample) -> Vec<String> {
    let every = match sample {
        Sample::All => 1,
        Sample::Sampled if std::env::var_os("GATECHECK_DEV_DATA_FULL").is_some() => 1,
        Sample::Sampled => SAMPLE_EVERY,
    };
    read_lines(&folder.join("queries.jsonl"))
        .into_iter()
        .step_by(every)
        .collect()
}

/// {query id: the listed id it should match, or `None`}.
fn truth(folder: &Path) -> HashMap<String, Option<String>> {
    let path = folder.join("truth.json");
    let text = fs::read_to_string(&path).expect("cannot read truth.json");
    let value: Value = serde_json::from_str(&text).expect("truth.json is not JSON");
    value
        .as_object()
        .expect("truth.json is not an object")
        .iter()
        .map(|(query, listed)| (query.clone(), listed.as_str().map(str::to_string)))
        .collect()
}

/// Figures of one screening run, counted as `../shared/tools/score.py` counts them: a query
/// without an output line counts as a miss.
#[derive(Debug)]
struct Figures {
    queries: usize,
    expected_matches: usize,
    found: usize,
    expected_nothing: usize,
    false_alarms: usize,
    missing_lines: usize,
}

impl Figures {
    fn recall(&self) -> f64 {
        self.found as f64 / self.expected_matches.max(1) as f64
    }

    fn false_alarm_rate(&self) -> f64 {
        self.false_alarms as f64 / self.expected_nothing.max(1) as f64
    }
}

/// Screens the sampled queries of `folder` against its whole list with the binary.
fn screen_dev_set(folder: &Path, name: &str, sample: Sample) -> Figures {
    let queries = sampled_queries(folder, sample);
    let queries_path = std::env::temp_dir().join(format!(
        "gatecheck-dev-data-{}-{name}-queries.jsonl",
        std::process::id()
    ));
    fs::write(&queries_path, queries.join("\n") + "\n").expect("cannot write the sample");
    let output = Command::new(GATECHECK)
        .arg("match")
        .arg("--list")
        .arg(folder.join("list.jsonl"))
        .arg("--queries")
        .arg(&queries_path)
        .output()
        .expect("cannot run gatecheck");
    let _ = fs::remove_file(&queries_path);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        !stderr.contains("panicked"),
        "gatecheck panicked:\n{stderr}"
    );
    // 3: some lines were skipped (the FEBRL queries hold impossible dates on purpose)
    assert!(
        matches!(output.status.code(), Some(0 | 3)),
        "gatecheck failed with {:?}:\n{stderr}",
        output.status
    );
    let mut flagged_by_query: HashMap<String, Vec<String>> = HashMap::new();
    for line in String::from_utf8(output.stdout)
        .expect("output is not UTF-8")
        .lines()
    {
        let line: Value = serde_json::from_str(line).expect("output line is not JSON");
        let query = line["query"].as_str().expect("no query id").to_string();
        let flagged = line["results"]
            .as_array()
            .expect("no results")
            .iter()
            .filter(|result| result["match"] == true)
            .map(|result| result["id"].as_str().expect("no id").to_string())
            .collect();
        flagged_by_query.insert(query, flagged);
    }
    let truth = truth(folder);
    let mut figures = Figures {
        queries: queries.len(),
        expected_matches: 0,
        found: 0,
        expected_nothing: 0,
        false_alarms: 0,
        missing_lines: 0,
    };
    for line in &queries {
        let query: Value = serde_json::from_str(line).expect("a dev query is not JSON");
        let query_id = query["id"].as_str().expect("a dev query has no id");
        let expected = truth
            .get(query_id)
            .unwrap_or_else(|| panic!("{query_id} is not in truth.json"));
        let flagged = flagged_by_query.get(query_id);
        if flagged.is_none() {
            figures.missing_lines += 1;
        }
        let flagged = flagged.map(Vec::as_slice).unwrap_or_default();
        match expected {
            Some(listed) => {
                figures.expected_matches += 1;
                if flagged.contains(listed) {
                    figures.found += 1;
                }
            }
            None => {
                figures.expected_nothing += 1;
                if !flagged.is_empty() {
                    figures.false_alarms += 1;
                }
            }
        }
    }
    eprintln!(
        "{name}: {} queries screened, recall {:.3}, false-alarm rate {:.3} ({figures:?})",
        figures.queries,
        figures.recall(),
        figures.false_alarm_rate()
    );
    figures
}

/// Parses the list and the queries (every `every`-th) of a set: every line is read, only
/// impossible birth dates are left out, and almost every entity has a name. Returns the
/// entities read with a value left out.
fn parse_set(folder: &Path, name: &str, every: usize) -> usize {
    let list = read_lines(&folder.join("list.jsonl"));
    let queries: Vec<String> = read_lines(&folder.join("queries.jsonl"))
        .into_iter()
        .step_by(every)
        .collect();
    let mut warned = 0;
    for (file, lines) in [("list.jsonl", &list), ("queries.jsonl (sample)", &queries)] {
        let mut nameless = Vec::new();
        for line in lines.iter() {
            let entity =
                parse_entity(line).unwrap_or_else(|error| panic!("{name}/{file}: {error}: {line}"));
            if entity.person.names.is_empty() {
                nameless.push(entity.id);
            }
            for warning in &entity.warnings {
                assert!(
                    matches!(&warning.problem, FormatError::BadDate { property, .. } if property == "birthDate"),
                    "{name}/{file}: {warning}: {line}"
                );
            }
            warned += usize::from(!entity.warnings.is_empty());
        }
        // real data holds the odd placeholder ("?"); a script the parser stopped reading
        // would leave a tenth of the cross-script queries nameless
        assert!(
            nameless.len() * 100 <= lines.len(),
            "{name}/{file}: no readable name in {} entities, e.g. {:?}",
            nameless.len(),
            &nameless[..nameless.len().min(10)]
        );
    }
    warned
}

#[test]
fn dev_lists_and_sampled_queries_parse_and_only_impossible_dates_are_left_out() {
    for name in ["xscript", "febrl"] {
        let Some(folder) = dev_set(name) else {
            return;
        };
        parse_set(&folder, name, SAMPLE_EVERY);
    }
}

#[test]
fn cross_script_recall_and_false_alarm_rate_stay_within_their_floors() {
    let Some(folder) = dev_set("xscript") else {
        return;
    };
    let figures = screen_dev_set(&folder, "xscript", Sample::Sampled);
    assert_eq!(figures.missing_lines, 0, "{figures:?}");
    assert!(
        figures.expected_matches >= 50,
        "sample too small: {figures:?}"
    );
    assert!(
        figures.expected_nothing >= 50,
        "sample too small: {figures:?}"
    );
    assert!(figures.recall() >= 0.6, "recall fell: {figures:?}");
    assert!(
        figures.false_alarm_rate() <= 0.05,
        "false alarms rose: {figures:?}"
    );
}

#[test]
fn febrl_recall_stays_within_its_floor() {
    let Some(folder) = dev_set("febrl") else {
        return;
    };
    let figures = screen_dev_set(&folder, "febrl", Sample::Sampled);
    assert!(
        figures.expected_matches >= 100,
        "sample too small: {figures:?}"
    );
    assert!(figures.recall() >= 0.8, "recall fell: {figures:?}");
    assert!(
        figures.false_alarm_rate() <= 0.05,
        "false alarms rose: {figures:?}"
    );
}

#[test]
fn the_projects_name_sets_parse_and_only_the_impossible_date_is_left_out() {
    assert_eq!(parse_set(&fixture_set("xscript"), "xscript", 1), 0);
    // one FEBRL-style query has 30 February on purpose: screened on the rest
    assert_eq!(parse_set(&fixture_set("febrl"), "febrl", 1), 1);
}

#[test]
fn cross_script_recall_and_false_alarm_rate_on_the_projects_names_stay_within_their_floors() {
    // 24 listed names asked in ten scripts or another Latin spelling, 20 names of nobody
    // listed; today 20 of the 24 are found (Hangul written without a space between the
    // parts, the Han 张伟 and the Cyrillic Жан-Пьер Дюбуа are missed) and nothing is
    // raised for the 20
    let figures = screen_dev_set(&fixture_set("xscript"), "fixture-xscript", Sample::All);
    assert_eq!(figures.missing_lines, 0, "{figures:?}");
    assert_eq!(figures.expected_matches, 24, "{figures:?}");
    assert_eq!(figures.expected_nothing, 20, "{figures:?}");
    assert!(figures.recall() >= 0.75, "recall fell: {figures:?}");
    assert!(
        figures.false_alarm_rate() <= 0.05,
        "false alarms rose: {figures:?}"
    );
}

#[test]
fn febrl_style_recall_on_the_projects_records_stays_within_its_floor() {
    // 17 queries of 16 listed persons (typos, swapped names, a part, date or address
    // missing, a changed digit; one with an impossible date, screened on the rest), 4 of
    // nobody listed; today all 17 are found and one of the 4 is raised: the same given
    // name and date of birth as a listed person under another family name
    let figures = screen_dev_set(&fixture_set("febrl"), "fixture-febrl", Sample::All);
    assert_eq!(figures.missing_lines, 0, "nothing refused: {figures:?}");
    assert_eq!(figures.expected_matches, 17, "{figures:?}");
    assert_eq!(figures.expected_nothing, 4, "{figures:?}");
    assert!(figures.recall() >= 0.8, "recall fell: {figures:?}");
    assert!(
        figures.false_alarm_rate() <= 0.25,
        "false alarms rose: {figures:?}"
    );
}
