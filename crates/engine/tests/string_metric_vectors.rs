//! Checks the string metrics and phonetic codes against vectors computed by the Python
//! `jellyfish` library: the project's own cases (`tests/fixtures/metric_vectors`, names and
//! strings written here, expected values computed by `generate.py` beside them with
//! jellyfish 1.3.0), always; and jellyfish's own test vectors in the shared data folder
//! beside the repository, when it is there (see `common`).

mod common;

use std::fs;
use std::path::Path;

use gatecheck_engine::metrics;

/// The project's own cases, one CSV file a metric, named as jellyfish names its vector files.
const FIXTURE_FOLDER: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/metric_vectors");

/// Every metric `check_row` knows, each of which the fixtures must cover.
const METRICS: &[&str] = &[
    "damerau_levenshtein",
    "hamming",
    "jaro_distance",
    "jaro_winkler",
    "jaro_winkler_longtol",
    "levenshtein",
    "match_rating_codex",
    "match_rating_comparison",
    "metaphone",
    "nysiis",
    "soundex",
];

/// Splits one CSV line into fields. Fields may be wrapped in double quotes (jellyfish quotes the
/// ones holding commas), inside which `""` stands for one quote character.
fn split_csv_line(line: &str) -> Result<Vec<String>, String> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut chars = line.chars().peekable();
    let mut inside_quotes = false;
    let mut field_was_quoted = false;
    while let Some(character) = chars.next() {
        match character {
            '"' if inside_quotes => {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    field.push('"');
                } else {
                    inside_quotes = false;
                }
            }
            '"' if field.is_empty() && !field_was_quoted => {
                inside_quotes = true;
                field_was_quoted = true;
            }
            ',' if !inside_quotes => {
                fields.push(std::mem::take(&mut field));
                field_was_quoted = false;
            }
            other => {
                if field_was_quoted && !inside_quotes {
                    return Err(format!("text after a closing quote in {line:?}"));
                }
                field.push(other);
            }
        }
    }
    if inside_quotes {
        return Err(format!("unterminated quote in {line:?}"));
    }
    fields.push(field);
    Ok(fields)
}

/// Whether `actual` equals the CSV's `expected` number: within half a unit of its last written
/// decimal (at least three decimals, so "1" and "0.84" are held to ±0.0005), or within 0.1% of it,
/// as jellyfish's own tests compare (one vector, 0.98055…, is written truncated as 0.980).
fn float_matches(actual: f64, expected: &str) -> Result<bool, String> {
    let expected_value: f64 = expected
        .parse()
        .map_err(|error| format!("expected value {expected:?} is not a number: {error}"))?;
    let written_decimals = expected
        .split_once('.')
        .map_or(0, |(_, decimals)| decimals.len());
    let decimals = i32::try_from(written_decimals.max(3)).unwrap_or(i32::MAX);
    let rounding_tolerance = 0.5 * 10_f64.powi(-decimals) + 1e-12;
    let relative_tolerance = 0.001 * expected_value.abs();
    Ok((actual - expected_value).abs() <= rounding_tolerance.max(relative_tolerance))
}

/// Checks one row of the named vector file; `Ok(None)` when it matches, `Ok(Some(actual))` when
/// it does not, `Err` when the row or file is not understood.
fn check_row(file_stem: &str, fields: &[String]) -> Result<Option<String>, String> {
    let expect_fields = |count: usize| {
        if fields.len() == count {
            Ok(())
        } else {
            Err(format!("expected {count} fields, found {}", fields.len()))
        }
    };
    let mismatch_unless = |matched: bool, actual: String| Ok((!matched).then_some(actual));
    match file_stem {
        "levenshtein" | "damerau_levenshtein" | "hamming" => {
            expect_fields(3)?;
            let distance_function = match file_stem {
                "levenshtein" => metrics::levenshtein,
                "damerau_levenshtein" => metrics::damerau_levenshtein,
                _ => metrics::hamming,
            };
            let expected: usize = fields[2]
                .parse()
                .map_err(|error| format!("expected value {:?}: {error}", fields[2]))?;
            let actual = distance_function(&fields[0], &fields[1]);
            mismatch_unless(actual == expected, actual.to_string())
        }
        "jaro_distance" | "jaro_winkler" | "jaro_winkler_longtol" => {
            expect_fields(3)?;
            let similarity_function = match file_stem {
                "jaro_distance" => metrics::jaro,
                "jaro_winkler" => metrics::jaro_winkler,
                _ => metrics::jaro_winkler_long_tolerance,
            };
            let actual = similarity_function(&fields[0], &fields[1]);
            mismatch_unless(float_matches(actual, &fields[2])?, actual.to_string())
        }
        "soundex" | "metaphone" | "nysiis" | "match_rating_codex" => {
            expect_fields(2)?;
            let code_function = match file_stem {
                "soundex" => metrics::soundex,
                "metaphone" => metrics::metaphone,
                "nysiis" => metrics::nysiis,
                _ => metrics::match_rating_codex,
            };
            let actual = code_function(&fields[0]);
            mismatch_unless(actual == fields[1], actual)
        }
        "match_rating_comparison" => {
            expect_fields(3)?;
            let expected = match fields[2].as_str() {
                "True" => Some(true),
                "False" => Some(false),
                "None" => None,
                other => return Err(format!("expected True, False or None, found {other:?}")),
            };
            let actual = metrics::match_rating_comparison(&fields[0], &fields[1]);
            mismatch_unless(actual == expected, format!("{actual:?}"))
        }
        other => Err(format!("no metric is known for vector file {other:?}")),
    }
}

/// Checks every row of every CSV file in `folder`: the metrics each file covers, the number
/// of rows checked, and a line for each row that failed.
fn check_folder(folder: &Path) -> (Vec<String>, usize, Vec<String>) {
    let mut csv_paths: Vec<_> = fs::read_dir(folder)
        .unwrap_or_else(|error| panic!("{} is not readable: {error}", folder.display()))
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.extension().is_some_and(|extension| extension == "csv"))
        .collect();
    csv_paths.sort();

    let mut stems = Vec::new();
    let mut problems = Vec::new();
    let mut rows_checked = 0;
    for csv_path in &csv_paths {
        let file_name = csv_path
            .file_name()
            .map_or_else(String::new, |name| name.to_string_lossy().into_owned());
        let file_stem = file_name.trim_end_matches(".csv");
        stems.push(file_stem.to_string());
        let contents = match fs::read_to_string(csv_path) {
            Ok(contents) => contents,
            Err(error) => {
                problems.push(format!("{file_name}: unreadable: {error}"));
                continue;
            }
        };
        for (line_index, line) in contents.lines().enumerate() {
            // Only a wholly blank line is padding; a row like "," holds two empty strings.
            if line.is_empty() {
                continue;
            }
            let line_number = line_index + 1;
            let outcome = split_csv_line(line).and_then(|fields| check_row(file_stem, &fields));
            rows_checked += 1;
            match outcome {
                Ok(None) => {}
                Ok(Some(actual)) => {
                    problems.push(format!(
                        "{file_name}:{line_number}: {line:?} gave {actual:?}"
                    ));
                }
                Err(message) => problems.push(format!("{file_name}:{line_number}: {message}")),
            }
        }
    }
    (stems, rows_checked, problems)
}

#[test]
fn every_project_vector_row_matches() {
    let (stems, rows_checked, problems) = check_folder(Path::new(FIXTURE_FOLDER));
    assert_eq!(
        stems, METRICS,
        "a metric has no fixture file, or one is unknown"
    );
    assert!(
        rows_checked >= 300,
        "only {rows_checked} rows in {FIXTURE_FOLDER}"
    );
    assert!(
        problems.is_empty(),
        "{} of {rows_checked} vector rows failed:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn every_jellyfish_vector_row_matches() {
    let Some(folder) = common::shared_data("eval/vectors/jellyfish") else {
        return;
    };
    let (stems, rows_checked, problems) = check_folder(&folder);
    assert!(
        rows_checked > 0,
        "no vector rows found in {}",
        folder.display()
    );
    assert!(
        problems.is_empty(),
        "{} of {rows_checked} vector rows failed:\n{}",
        problems.len(),
        problems.join("\n")
    );
    eprintln!(
        "checked {rows_checked} vector rows in {} files",
        stems.len()
    );
}

#[test]
fn a_wrong_expected_value_is_reported_with_its_file_and_line() {
    // the check itself can fail: a row whose expected value is off by one edit, or whose
    // metric is unknown, is reported rather than passed
    let wrong = |stem: &str, row: &str| {
        let fields = split_csv_line(row).expect("row should parse");
        check_row(stem, &fields)
    };
    assert_eq!(wrong("levenshtein", "haddad,hadad,2"), Ok(Some("1".into())));
    assert_eq!(wrong("soundex", "Haddad,H300"), Ok(Some("H330".into())));
    assert!(wrong("jaro_winkler", "haddad,hadad,0.5").unwrap().is_some());
    assert!(wrong("no_such_metric", "a,b,1").is_err());
}

#[test]
fn csv_lines_split_with_quotes() {
    let split = |line: &str| split_csv_line(line).expect("line should parse");
    assert_eq!(split(",,0"), ["", "", "0"]);
    assert_eq!(split("a b ,c,1"), ["a b ", "c", "1"]);
    assert_eq!(split(r#""x, y","z ""q""",2"#), ["x, y", r#"z "q""#, "2"]);
    assert!(split_csv_line(r#""open,1"#).is_err());
}
