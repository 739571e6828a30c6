//! `gatecheck match` run as a user runs it: the real binary on small files written here, its
//! output contract (one JSON line per query, in input order, every result explained), its
//! reports of bad input and its exit statuses. The names are fictional, written for these
//! tests.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::{json, Value};

const GATECHECK: &str = env!("CARGO_BIN_EXE_gatecheck");

/// A folder of input files for one test, removed afterwards.
struct Fixture {
    dir: PathBuf,
}

impl Fixture {
    fn new(test_name: &str) -> Fixture {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "gatecheck-match-cli-{}-{}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed),
            test_name
        ));
        fs::create_dir_all(&dir).expect("cannot create the fixture folder");
        Fixture { dir }
    }

    /// Writes `lines`, one a line, and returns the file's path.
    fn write_lines(&self, file_name: &str, lines: &[String]) -> PathBuf {
        let mut bytes = Vec::new();
        for line in lines {
            bytes.extend_from_slice(line.as_bytes());
            bytes.push(b'\n');
        }
        self.write_bytes(file_name, &bytes)
    }

    fn write_bytes(&self, file_name: &str, bytes: &[u8]) -> PathBuf {
        let path = self.dir.join(file_name);
        fs::write(&path, bytes).expect("cannot write a fixture file");
        path
    }
}

impl Drop for Fixture {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.dir);
    }
}

/// One FollowTheMoney entity line.
fn entity(id: &str, schema: &str, properties: Value) -> String {
    json!({"id": id, "schema": schema, "properties": properties}).to_string()
}

fn person(id: &str, properties: Value) -> String {
    entity(id, "Person", properties)
}

/// What one run of the binary gave.
struct Run {
    status: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    /// The output lines, each parsed as JSON.
    fn lines(&self) -> Vec<Value> {
        self.stdout
            .lines()
            .map(|line| {
                serde_json::from_str(line)
                    .unwrap_or_else(|error| panic!("output line is not JSON ({error}): {line}"))
            })
            .collect()
    }

    fn query_ids(&self) -> Vec<String> {
        self.lines()
            .iter()
            .map(|line| line["query"].as_str().expect("no query id").to_string())
            .collect()
    }

    /// The answer line of the query with this id.
    fn answer(&self, query_id: &str) -> Value {
        self.lines()
            .into_iter()
            .find(|line| line["query"] == query_id)
            .unwrap_or_else(|| panic!("no output line for query {query_id}:\n{}", self.stdout))
    }

    /// The results of the query with this id.
    fn results(&self, query_id: &str) -> Vec<Value> {
        self.answer(query_id)["results"]
            .as_array()
            .expect("results is not a list")
            .clone()
    }

    /// The score of `listed_id` among the results of `query_id`, if it is there.
    fn score(&self, query_id: &str, listed_id: &str) -> Option<f64> {
        self.results(query_id)
            .iter()
            .find(|result| result["id"] == listed_id)
            .map(|result| result["score"].as_f64().expect("score is not a number"))
    }

    fn stderr_lines(&self) -> Vec<&str> {
        self.stderr
            .lines()
            .filter(|line| !line.trim().is_empty())
            .collect()
    }
}

/// Runs `gatecheck` with `args`, feeding `stdin` when given. Fails the test on a panic.
fn gatecheck(args: &[&str], stdin: Option<&[u8]>) -> Run {
    let mut command = Command::new(GATECHECK);
    command
        .args(args)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().expect("cannot start gatecheck");
    let writer = stdin.map(|bytes| {
        let mut pipe = child.stdin.take().expect("no stdin pipe");
        let bytes = bytes.to_vec();
        // written from a thread, so that a full stdout pipe cannot deadlock the test
        std::thread::spawn(move || {
            let _ = pipe.write_all(&bytes);
        })
    });
    let output = child.wait_with_output().expect("gatecheck did not finish");
    if let Some(writer) = writer {
        writer.join().expect("the stdin writer panicked");
    }
    let run = Run {
        status: output
            .status
            .code()
            .expect("gatecheck was killed by a signal"),
        stdout: String::from_utf8(output.stdout).expect("stdout is not UTF-8"),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    };
    assert!(
        !run.stderr.contains("panicked"),
        "gatecheck panicked with {args:?}:\n{}",
        run.stderr
    );
    run
}

fn path_arg(path: &Path) -> &str {
    path.to_str().expect("temporary paths are UTF-8 here")
}

/// Runs `gatecheck match --list LIST --queries QUERIES` with `extra` arguments.
fn match_files(list: &Path, queries: &Path, extra: &[&str]) -> Run {
    let mut args = vec![
        "match",
        "--list",
        path_arg(list),
        "--queries",
        path_arg(queries),
    ];
    args.extend_from_slice(extra);
    gatecheck(&args, None)
}

/// A small list of fictional persons and one company.
fn sample_list() -> Vec<String> {
    vec![
        person(
            "schneider",
            json!({"name": ["Wilhelm Schneider"], "birthDate": ["1971-07-28"],
                   "passportNumber": ["K 4471-903"], "nationality": ["de"]}),
        ),
        person(
            "quill",
            json!({"name": ["Orla Brennagh Quill"], "alias": ["Orla Quill"]}),
        ),
        person("tarnwick", json!({"name": ["Abd al-Rahman Tarnwick"]})),
        person("lisitsyna", json!({"name": ["Jovanka Petrovna Lisitsyna"]})),
        entity(
            "freight",
            "Company",
            json!({"name": ["Tarnwick Freight Holdings"]}),
        ),
    ]
}

const MATCH_KINDS: &[&str] = &[
    "exact",
    "same-spelling",
    "phonetic",
    "initial",
    "joined",
    "sino-korean",
    "kanji-readings",
];

/// Checks the shape of one result: id, score in 0..=1, the match flag and the explanation.
fn assert_result_contract(result: &Value, threshold: f64) {
    let context = result.to_string();
    assert!(result["id"].is_string(), "no id: {context}");
    let score = result["score"].as_f64().expect("score is not a number");
    assert!(
        (0.0..=1.0).contains(&score),
        "score out of range: {context}"
    );
    assert_eq!(
        result["match"].as_bool(),
        Some(score >= threshold),
        "match flag disagrees with score and threshold {threshold}: {context}"
    );
    let explanation = &result["explanation"];
    assert!(explanation["query_name"].is_string(), "{context}");
    assert!(explanation["listed_name"].is_string(), "{context}");
    let name_score = explanation["name_score"]
        .as_f64()
        .expect("name_score is not a number");
    assert!((0.0..=1.0).contains(&name_score), "{context}");
    let parts = explanation["parts"]
        .as_array()
        .expect("parts is not a list");
    for part in parts {
        assert!(part["query"].is_string(), "{context}");
        assert!(part["listed"].is_string(), "{context}");
        let similarity = part["similarity"].as_f64().expect("no similarity");
        assert!((0.0..=1.0).contains(&similarity), "{context}");
        let how = part["how"].as_str().expect("no how");
        assert!(MATCH_KINDS.contains(&how), "unknown how {how:?}: {context}");
    }
    assert!(explanation["unmatched_query_parts"].is_array(), "{context}");
    assert!(
        explanation["unmatched_listed_parts"].is_array(),
        "{context}"
    );
    for qualifier in explanation["qualifiers"]
        .as_array()
        .expect("qualifiers is not a list")
    {
        assert!(qualifier["property"].is_string(), "{context}");
        assert!(qualifier["outcome"].is_string(), "{context}");
        assert!(qualifier["weight"].is_number(), "{context}");
    }
}

#[test]
fn every_query_gets_one_line_in_input_order_with_explained_results_best_first() {
    let fixture = Fixture::new("contract");
    let list = fixture.write_lines("list.jsonl", &sample_list());
    let queries = fixture.write_lines(
        "queries.jsonl",
        &[
            person("q-tarnwick", json!({"name": ["Abdulrahman Tarnwick"]})),
            person("q-stranger", json!({"name": ["Zebediah Fontainebleau"]})),
            person(
                "q-schneider",
                json!({"name": ["Wilhelm Schneider"], "birthDate": ["1971"]}),
            ),
            person("q-no-name", json!({"nationality": ["de"]})),
            person("q-quill", json!({"name": ["Orla Quill"]})),
            entity(
                "q-freight",
                "Company",
                json!({"name": ["Tarnwick Freight"]}),
            ),
        ],
    );
    for threshold in ["0.7", "0.3", "0.95"] {
        let run = match_files(&list, &queries, &["--threshold", threshold]);
        assert_eq!(run.status, 0, "stderr: {}", run.stderr);
        assert_eq!(
            run.query_ids(),
            [
                "q-tarnwick",
                "q-stranger",
                "q-schneider",
                "q-no-name",
                "q-quill",
                "q-freight"
            ]
        );
        let threshold: f64 = threshold.parse().unwrap();
        for line in run.lines() {
            let results = line["results"].as_array().expect("results is not a list");
            assert!(results.len() <= 5, "more than the default limit: {line}");
            for result in results {
                assert_result_contract(result, threshold);
            }
            let scores: Vec<f64> = results
                .iter()
                .map(|result| result["score"].as_f64().unwrap())
                .collect();
            assert!(
                scores.windows(2).all(|pair| pair[0] >= pair[1]),
                "results are not best first: {scores:?}"
            );
        }
        for (query, listed) in [
            ("q-tarnwick", "tarnwick"),
            ("q-schneider", "schneider"),
            ("q-quill", "quill"),
            ("q-freight", "freight"),
        ] {
            assert_eq!(
                run.results(query)[0]["id"],
                listed,
                "best result of {query}"
            );
        }
        assert!(run.results("q-no-name").is_empty());
    }
}

#[test]
fn the_explanation_names_the_query_name_the_listed_name_and_the_qualifiers() {
    let fixture = Fixture::new("explanation");
    let list = fixture.write_lines("list.jsonl", &sample_list());
    let queries = fixture.write_lines(
        "queries.jsonl",
        &[person(
            "q",
            json!({"name": ["Schneider, Wilhelm"], "birthDate": ["1971-07-28"]}),
        )],
    );
    let run = match_files(&list, &queries, &[]);
    assert_eq!(run.status, 0, "stderr: {}", run.stderr);
    let best = &run.results("q")[0];
    let explanation = &best["explanation"];
    assert_eq!(explanation["query_name"], "Schneider, Wilhelm");
    assert_eq!(explanation["listed_name"], "Wilhelm Schneider");
    let parts = explanation["parts"].as_array().unwrap();
    let listed_parts: Vec<&str> = parts
        .iter()
        .map(|part| part["listed"].as_str().unwrap())
        .collect();
    assert!(listed_parts.contains(&"wilhelm"), "{explanation}");
    assert!(listed_parts.contains(&"schneider"), "{explanation}");
    let qualifiers = explanation["qualifiers"].as_array().unwrap();
    let birth_date = qualifiers
        .iter()
        .find(|qualifier| qualifier["property"] == "birthDate")
        .unwrap_or_else(|| panic!("no birthDate qualifier: {explanation}"));
    assert_eq!(birth_date["query"], "1971-07-28");
    assert_eq!(birth_date["listed"], "1971-07-28");
    assert_eq!(birth_date["outcome"], "same");
}

#[test]
fn output_keeps_input_order_across_parallel_batches() {
    let fixture = Fixture::new("order");
    let list = fixture.write_lines("list.jsonl", &sample_list());
    let names = [
        "Orla Quill",
        "Wilhelm Schneider",
        "Zebediah Fontainebleau",
        "Lisitsyna",
    ];
    // more lines than one parallel batch holds (8192)
    let query_lines: Vec<String> = (0..9000)
        .map(|number| {
            person(
                &format!("q{number}"),
                json!({"name": [names[number % names.len()]]}),
            )
        })
        .collect();
    let queries = fixture.write_lines("queries.jsonl", &query_lines);
    let run = match_files(&list, &queries, &["--limit", "1"]);
    assert_eq!(run.status, 0, "stderr: {}", run.stderr);
    let expected: Vec<String> = (0..9000).map(|number| format!("q{number}")).collect();
    assert_eq!(run.query_ids(), expected);
}

#[test]
fn limit_bounds_the_results_below_the_threshold_and_every_match_is_printed() {
    let fixture = Fixture::new("limit");
    // eight listed persons of one name (namesakes, told apart by their dates of birth)
    let namesakes: Vec<String> = (0..8)
        .map(|number| {
            person(
                &format!("namesake{number}"),
                json!({"name": ["Wilhelm Schneider"], "birthDate": [format!("19{}0", number + 1)]}),
            )
        })
        .collect();
    let list = fixture.write_lines("list.jsonl", &namesakes);
    let queries = fixture.write_lines(
        "queries.jsonl",
        &[
            person("q", json!({"name": ["Wilhelm Schneider"]})),
            person("other", json!({"name": ["Wilhelm Brandt"]})),
        ],
    );
    for (limit, below) in [(None, 5), (Some("1"), 1), (Some("3"), 3), (Some("20"), 8)] {
        let extra: Vec<&str> = limit.map_or(Vec::new(), |limit| vec!["--limit", limit]);
        let run = match_files(&list, &queries, &extra);
        assert_eq!(run.status, 0, "stderr: {}", run.stderr);
        // the person sought may be any of the eight: none is hidden behind the limit
        let results = run.results("q");
        assert_eq!(results.len(), 8, "--limit {limit:?}");
        assert!(
            results.iter().all(|r| r["match"] == true),
            "--limit {limit:?}"
        );
        // results that do not match are shown up to the limit
        let others = run.results("other");
        assert_eq!(others.len(), below, "--limit {limit:?}: {others:?}");
        assert!(others.iter().all(|r| r["match"] == false), "{others:?}");
    }
}

#[test]
fn threshold_decides_the_match_flag() {
    let fixture = Fixture::new("threshold");
    let list = fixture.write_lines("list.jsonl", &sample_list());
    let queries = fixture.write_lines(
        "queries.jsonl",
        &[
            person("exact", json!({"name": ["Orla Brennagh Quill"]})),
            person("partial", json!({"name": ["Orla Tarnwick"]})),
        ],
    );
    for threshold in ["0", "0.7", "1"] {
        let run = match_files(&list, &queries, &["--threshold", threshold]);
        assert_eq!(run.status, 0, "stderr: {}", run.stderr);
        let threshold_value: f64 = threshold.parse().unwrap();
        for query in ["exact", "partial"] {
            for result in run.results(query) {
                assert_result_contract(&result, threshold_value);
                if threshold_value == 0.0 {
                    assert_eq!(result["match"], true, "everything matches at 0: {result}");
                }
            }
        }
        // the exact name scores 1, which is at or above every threshold
        assert_eq!(run.results("exact")[0]["match"], true, "at {threshold}");
        if threshold_value == 1.0 {
            assert!(
                run.results("partial").iter().all(|r| r["match"] == false),
                "a partial name matches at 1: {:?}",
                run.results("partial")
            );
        }
    }
}

#[test]
fn results_come_from_every_list_given() {
    let fixture = Fixture::new("two-lists");
    let first = fixture.write_lines(
        "first.jsonl",
        &[person("first-list", json!({"name": ["Wilhelm Schneider"]}))],
    );
    let second = fixture.write_lines(
        "second.jsonl",
        &[person("second-list", json!({"name": ["Willi Schneider"]}))],
    );
    let queries = fixture.write_lines(
        "queries.jsonl",
        &[person("q", json!({"name": ["Wilhelm Schneider"]}))],
    );
    let run = gatecheck(
        &[
            "match",
            "--list",
            path_arg(&first),
            "--list",
            path_arg(&second),
            "--queries",
            path_arg(&queries),
        ],
        None,
    );
    assert_eq!(run.status, 0, "stderr: {}", run.stderr);
    let ids: Vec<Value> = run
        .results("q")
        .iter()
        .map(|result| result["id"].clone())
        .collect();
    assert!(ids.contains(&json!("first-list")), "{ids:?}");
    assert!(ids.contains(&json!("second-list")), "{ids:?}");
    assert_eq!(ids[0], "first-list", "the exact name comes first");
}

#[test]
fn queries_are_read_from_standard_input_given_a_dash() {
    let fixture = Fixture::new("stdin");
    let list = fixture.write_lines("list.jsonl", &sample_list());
    let input = [
        person("from-stdin-1", json!({"name": ["Orla Quill"]})),
        String::new(),
        person("from-stdin-2", json!({"name": ["Jovanka Lisitsyna"]})),
    ]
    .join("\n");
    let run = gatecheck(
        &["match", "--list", path_arg(&list), "--queries", "-"],
        Some(input.as_bytes()),
    );
    assert_eq!(run.status, 0, "stderr: {}", run.stderr);
    assert_eq!(run.query_ids(), ["from-stdin-1", "from-stdin-2"]);
    assert_eq!(run.results("from-stdin-1")[0]["id"], "quill");
    assert_eq!(run.results("from-stdin-2")[0]["id"], "lisitsyna");
}

/// Scores of the listed "Wilhelm Schneider" for each query name, from one run.
fn schneider_scores(queries: &[(&str, Value)]) -> Run {
    let fixture = Fixture::new("schneider");
    let list = fixture.write_lines(
        "list.jsonl",
        &[
            person(
                "schneider",
                json!({"name": ["Wilhelm Schneider"], "birthDate": ["1971-07-28"],
                       "passportNumber": ["K 4471-903"]}),
            ),
            person("quill", json!({"name": ["Orla Brennagh Quill"]})),
        ],
    );
    let lines: Vec<String> = queries
        .iter()
        .map(|(id, properties)| person(id, properties.clone()))
        .collect();
    let queries = fixture.write_lines("queries.jsonl", &lines);
    let run = match_files(&list, &queries, &[]);
    assert_eq!(run.status, 0, "stderr: {}", run.stderr);
    run
}

/// Checks that each (query id, name) finds the listed "Wilhelm Schneider" at or above 0.7.
fn assert_cross_script_matches(cases: &[(&str, &str)]) {
    let queries: Vec<(&str, Value)> = cases
        .iter()
        .map(|(id, name)| (*id, json!({"name": [name]})))
        .collect();
    let run = schneider_scores(&queries);
    let mut misses = Vec::new();
    for (id, name) in cases {
        let results = run.results(id);
        let best = results.first();
        let found = best.is_some_and(|best| {
            best["id"] == "schneider"
                && best["score"].as_f64().unwrap() >= 0.7
                && best["match"] == true
        });
        if !found {
            misses.push(format!("{id} {name:?}: {best:?}"));
        }
    }
    assert!(
        misses.is_empty(),
        "not matched at 0.7:\n{}",
        misses.join("\n")
    );
}

#[test]
fn a_latin_name_written_in_cyrillic_greek_or_hebrew_matches_its_listing() {
    assert_cross_script_matches(&[
        ("cyrillic", "Вильгельм Шнайдер"),
        ("cyrillic-reordered", "Шнайдер Вильгельм"),
        ("greek", "Βίλχελμ Σνάιντερ"),
        ("hebrew", "וילהלם שניידר"),
    ]);
}

/// "فيلهلم" is the usual Arabic spelling of Wilhelm: Arabic has no "v" or "w" sound to
/// write the German "W" with, so it takes "ف" (f).
#[test]
fn a_latin_name_written_in_arabic_matches_its_listing() {
    assert_cross_script_matches(&[
        ("arabic", "فيلهلم شنايدر"),
        ("arabic-with-waw", "ويلهلم شنايدر"),
    ]);
}

#[test]
fn names_in_another_order_still_match() {
    let run = schneider_scores(&[
        ("written", json!({"name": ["Wilhelm Schneider"]})),
        ("reordered", json!({"name": ["Schneider Wilhelm"]})),
        ("with-comma", json!({"name": ["SCHNEIDER, Wilhelm"]})),
        ("three-parts", json!({"name": ["Quill Orla Brennagh"]})),
    ]);
    for (query, listed) in [
        ("written", "schneider"),
        ("reordered", "schneider"),
        ("with-comma", "schneider"),
        ("three-parts", "quill"),
    ] {
        let best = &run.results(query)[0];
        assert_eq!(best["id"], listed, "{query}: {best}");
        assert_eq!(best["match"], true, "{query}: {best}");
    }
    let written = run.score("written", "schneider").unwrap();
    let reordered = run.score("reordered", "schneider").unwrap();
    assert!(
        (written - reordered).abs() < 1e-9,
        "{written} vs {reordered}"
    );
}

#[test]
fn a_conflicting_date_of_birth_lowers_the_score() {
    let run = schneider_scores(&[
        ("name-only", json!({"name": ["Wilhelm Schneider"]})),
        (
            "other-birth-date",
            json!({"name": ["Wilhelm Schneider"], "birthDate": ["1950-01-02"]}),
        ),
        ("cyrillic-name-only", json!({"name": ["Вильгельм Шнайдер"]})),
        (
            "cyrillic-other-birth-date",
            json!({"name": ["Вильгельм Шнайдер"], "birthDate": ["1950-01-02"]}),
        ),
    ]);
    for (without, with) in [
        ("name-only", "other-birth-date"),
        ("cyrillic-name-only", "cyrillic-other-birth-date"),
    ] {
        let without_date = run.score(without, "schneider").unwrap();
        let with_conflict = run.score(with, "schneider").unwrap_or(0.0);
        assert!(
            with_conflict < without_date,
            "{with} scored {with_conflict}, not below {without} at {without_date}"
        );
        let qualifiers = run.results(with)[0]["explanation"]["qualifiers"].clone();
        assert!(
            qualifiers
                .as_array()
                .unwrap()
                .iter()
                .any(|q| q["property"] == "birthDate" && q["outcome"] == "conflict"),
            "the conflict is not explained: {qualifiers}"
        );
    }
}

/// An extra middle name keeps the name score below 1 however the name comparison is
/// tuned, so that the passport has room to raise it.
#[test]
fn a_shared_passport_number_raises_the_score_of_a_partly_matching_name() {
    let run = schneider_scores(&[
        ("name-only", json!({"name": ["Вильгельм Отто Шнайдер"]})),
        (
            "same-passport",
            json!({"name": ["Вильгельм Отто Шнайдер"], "passportNumber": ["k4471903"]}),
        ),
    ]);
    let without = run.score("name-only", "schneider").unwrap();
    let with = run.score("same-passport", "schneider").unwrap();
    assert!(with > without, "{with} is not above {without}");
    let qualifiers = run.results("same-passport")[0]["explanation"]["qualifiers"].clone();
    assert!(
        qualifiers
            .as_array()
            .unwrap()
            .iter()
            .any(|q| q["query"] == "K4471903" && q["outcome"] == "same"),
        "the shared passport is not explained: {qualifiers}"
    );
}

/// A fact both sides share is evidence for the match: with the same name, the listed
/// person who shares the query's passport number or full date of birth must not score
/// (and so rank) below a namesake of whom nothing else is known.
#[test]
fn a_shared_passport_or_birth_date_never_ranks_below_a_namesake_without_it() {
    let cases = [
        (
            "passport",
            json!({"passportNumber": ["K 4471-903"]}),
            json!({"passportNumber": ["K4471903"]}),
        ),
        (
            "birth-date",
            json!({"birthDate": ["1971-07-28"]}),
            json!({"birthDate": ["1971-07-28"]}),
        ),
    ];
    let mut failures = Vec::new();
    for (case, listed_fact, query_fact) in cases {
        let with_name = |fact: &Value| {
            let mut properties = fact.clone();
            properties["name"] = json!(["Wilhelm Schneider"]);
            properties
        };
        let fixture = Fixture::new(&format!("shared-{case}"));
        let list = fixture.write_lines(
            "list.jsonl",
            &[
                person("namesake", json!({"name": ["Wilhelm Schneider"]})),
                person("sharer", with_name(&listed_fact)),
            ],
        );
        let queries = fixture.write_lines("queries.jsonl", &[person("q", with_name(&query_fact))]);
        let run = match_files(&list, &queries, &[]);
        assert_eq!(run.status, 0, "stderr: {}", run.stderr);
        let sharer = run.score("q", "sharer").unwrap();
        let namesake = run.score("q", "namesake").unwrap();
        if sharer < namesake {
            failures.push(format!(
                "{case}: the person sharing it scored {sharer}, below the namesake at {namesake}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn an_export_is_read_as_a_graph_whose_attachments_say_what_screening_reads() {
    let fixture = Fixture::new("export");
    // fictional people; attachments before and after what they name, an address by id,
    // a sanction naming nothing in the file, and a schema not screened
    let list = fixture.write_lines(
        "entities.ftm.json",
        &[
            entity(
                "pass-1",
                "Passport",
                json!({"holder": ["p-1"], "number": ["N 0412 889"]}),
            ),
            person(
                "p-1",
                json!({"name": ["Karim Haddad"], "addressEntity": ["addr-1"]}),
            ),
            entity(
                "addr-1",
                "Address",
                json!({"full": ["12 Rue des Oliviers, Tunis"], "country": ["tn"]}),
            ),
            entity(
                "san-1",
                "Sanction",
                json!({"entity": ["p-1"], "program": ["ISIL"]}),
            ),
            entity("san-2", "Sanction", json!({"entity": ["elsewhere"]})),
            entity(
                "v-1",
                "Vessel",
                json!({"name": ["Sea Olive"], "imoNumber": ["IMO 9074729"]}),
            ),
            entity("ev-1", "Event", json!({"name": ["Hearing"]})),
        ],
    );
    let queries = fixture.write_lines(
        "queries.jsonl",
        &[
            // the name spelt otherwise, on the listed passport
            person(
                "q-passport",
                json!({"name": ["Kareem Hadad"], "passportNumber": ["N0412889"]}),
            ),
            // the vessel by name and IMO number
            entity(
                "q-imo",
                "Vessel",
                json!({"name": ["SEA OLIVE"], "imoNumber": ["IMO 9074729"]}),
            ),
            // a person is not a vessel of the same name
            person("q-person", json!({"name": ["Sea Olive"]})),
        ],
    );
    let run = match_files(&list, &queries, &[]);
    assert_eq!(run.status, 0, "stderr: {}", run.stderr);
    let passport = &run.results("q-passport")[0];
    assert_eq!(passport["id"], "p-1");
    assert_eq!(passport["match"], true);
    // the passport attached to the person is read as the person's document
    let qualifiers = &passport["explanation"]["qualifiers"];
    assert!(
        qualifiers
            .as_array()
            .unwrap()
            .iter()
            .any(|q| q["outcome"] == "same" && q["listed"] == "N0412889"),
        "{qualifiers}"
    );
    let vessel = &run.results("q-imo")[0];
    assert_eq!(vessel["id"], "v-1");
    assert!(
        vessel["explanation"]["qualifiers"]
            .as_array()
            .unwrap()
            .iter()
            .any(|q| q["outcome"] == "same"
                && q["listed"] == "9074729"
                && q["identifier"] == "imo"),
        "{vessel}"
    );
    assert!(
        run.results("q-person").is_empty(),
        "{:?}",
        run.results("q-person")
    );
    assert!(
        run.stderr.contains(
            "2 entities screened; attached to them: 1 Address, 1 Passport, 2 Sanction; skipped (schemas not screened): 1 Event; naming no entity of the file: 1 Sanction"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn the_ofac_sdn_list_in_its_csv_form_is_a_list() {
    let fixture = Fixture::new("ofac");
    // fictional entries in the published files' form, ended as OFAC ends them
    let sdn = fixture.write_bytes(
        "sdn.csv",
        b"10,\"HADDAD, Karim Nasser\",\"individual\",\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"DOB 03 Feb 1980; nationality Iraq; Passport N0412889 (Iraq).\"\r\n20,\"SEA OLIVE\",\"vessel\",\"IRAN\",-0- ,-0- ,-0- ,-0- ,-0- ,\"Panama\",-0- ,\"Vessel Registration Identification IMO 9074729.\"\r\n\x1a",
    );
    fixture.write_bytes("alt.csv", b"10,1,\"aka\",\"HADAD, Kareem\",-0- \r\n");
    let queries = fixture.write_lines(
        "queries.jsonl",
        &[
            person(
                "q",
                json!({"name": ["Karim Haddad"], "birthDate": ["1980"], "nationality": ["IQ"]}),
            ),
            entity("v", "Vessel", json!({"name": ["Sea Olive"]})),
        ],
    );
    let run = match_files(&sdn, &queries, &[]);
    assert_eq!(run.status, 0, "stderr: {}", run.stderr);
    let found = &run.results("q")[0];
    assert_eq!(found["id"], "ofac-10");
    assert_eq!(found["match"], true);
    assert_eq!(run.results("v")[0]["id"], "ofac-20");
    assert!(run.stderr.contains("2 entities read"), "{}", run.stderr);
}

/// A published list's fictional fixture of the formats crate (`tests/fixtures/`).
fn list_fixture(path: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../formats/tests/fixtures")
        .join(path);
    fs::read(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

/// A list in XML is read by the reader its root names, whatever the file is called: each
/// published list finds its listed person.
#[test]
fn each_published_list_in_xml_is_read_by_its_root_and_finds_its_listed_person() {
    for (fixture_path, query, listed) in [
        (
            "un/consolidated_list.xml",
            json!({"name": ["Tariq Nabil al-Qasimi"]}),
            "un-qdi-990",
        ),
        (
            "ofac_xml/sdn_advanced.xml",
            json!({"name": ["Kareem Haddad"], "birthDate": ["1980-02-03"], "passportNumber": ["N0412889"]}),
            "ofac-10",
        ),
        (
            "eu/export.xml",
            json!({"name": ["Selim Darwani"], "birthDate": ["1961"], "nationality": ["SY"]}),
            "eu-fsf-9001",
        ),
        (
            "uk/UK-Sanctions-List.xml",
            json!({"name": ["Hamid Zarabi"], "birthDate": ["1965"], "nationality": ["AF"]}),
            "gb-fcdo-afg9901",
        ),
    ] {
        let fixture = Fixture::new("published-xml");
        let list = fixture.write_bytes("list.xml", &list_fixture(fixture_path));
        let queries = fixture.write_lines("queries.jsonl", &[person("q", query)]);
        let run = match_files(&list, &queries, &[]);
        assert_eq!(run.status, 0, "{fixture_path}: stderr: {}", run.stderr);
        let found = &run.results("q")[0];
        assert_eq!(found["id"], listed, "{fixture_path}: {found}");
        assert_eq!(found["match"], true, "{fixture_path}: {found}");
    }
    // the UK list's CSV form, told from documents by its header
    let fixture = Fixture::new("uk-csv");
    let list = fixture.write_bytes(
        "UK-Sanctions-List.csv",
        &list_fixture("uk/UK-Sanctions-List.csv"),
    );
    let queries = fixture.write_lines(
        "queries.jsonl",
        &[person(
            "q",
            json!({"name": ["Hameed Zarrabi"], "birthDate": ["1965"]}),
        )],
    );
    let run = match_files(&list, &queries, &[]);
    assert_eq!(run.status, 0, "stderr: {}", run.stderr);
    assert_eq!(run.results("q")[0]["id"], "gb-fcdo-afg9901");
    assert_eq!(run.results("q")[0]["match"], true);
    // another root is refused, naming it
    let fixture = Fixture::new("other-xml");
    let list = fixture.write_bytes(
        "list.xml",
        b"<?xml version=\"1.0\"?><sdnList><sdnEntry/></sdnList>",
    );
    let queries = fixture.write_lines(
        "queries.jsonl",
        &[person("q", json!({"name": ["Karim Haddad"]}))],
    );
    let run = match_files(&list, &queries, &[]);
    assert_ne!(run.status, 0, "{}", run.stdout);
    assert!(
        run.stderr
            .contains("the root element is <sdnList>, not one of <CONSOLIDATED_LIST>"),
        "{}",
        run.stderr
    );
}

/// A file of good and bad lines: each bad line with the reason expected on stderr.
struct BadInputCase {
    line: Vec<u8>,
    /// `None`: the line is fine (or blank) and nothing is reported.
    reason: Option<&'static str>,
}

fn good(id: &str, name: &str) -> BadInputCase {
    BadInputCase {
        line: person(id, json!({"name": [name]})).into_bytes(),
        reason: None,
    }
}

fn bad(line: impl Into<Vec<u8>>, reason: &'static str) -> BadInputCase {
    BadInputCase {
        line: line.into(),
        reason: Some(reason),
    }
}

fn bad_input_cases() -> Vec<BadInputCase> {
    let mut invalid_utf8 =
        br#"{"id": "u", "schema": "Person", "properties": {"name": ["Orla "#.to_vec();
    invalid_utf8.extend_from_slice(&[0xff, 0xfe]);
    invalid_utf8.extend_from_slice(br#" Quill"]}}"#);
    let too_long = person("long", json!({"name": ["a".repeat((1 << 20) + 10)]}));
    vec![
        good("ok-1", "Wilhelm Schneider"),
        bad("{not json", "not valid JSON"),
        bad(
            r#"{"schema": "Person", "properties": {"name": ["Orla Quill"]}}"#,
            "entity has no \"id\"",
        ),
        bad(
            entity("event", "Event", json!({"name": ["Harbour hearing"]})),
            "schema \"Event\" is not one gatecheck screens",
        ),
        // a value that cannot be read is left out, named, and the rest screened
        bad(
            person(
                "d",
                json!({"name": ["Orla Quill"], "birthDate": ["1971-13-45"]}),
            ),
            "birthDate \"1971-13-45\" is not a date (want YYYY, YYYY-MM or YYYY-MM-DD); read as 1971",
        ),
        bad(
            person("p", json!({"name": [1, 2]})),
            "property \"name\" must be a list of strings; left out",
        ),
        bad(
            person(
                "n",
                json!({"name": "Orla Quill", "alias": {"first": "Orla"}}),
            ),
            "property \"alias\" must be a list of strings; left out",
        ),
        good("ok-2", "Orla Quill"),
        bad(invalid_utf8, "line is not valid UTF-8"),
        bad(too_long, "line is longer than"),
        BadInputCase {
            line: Vec::new(),
            reason: None,
        },
        BadInputCase {
            line: b"   \t".to_vec(),
            reason: None,
        },
        bad("[]", "not valid JSON"),
        good("ok-3", "Jovanka Lisitsyna"),
    ]
}

fn join_lines(cases: &[BadInputCase]) -> Vec<u8> {
    let mut bytes = Vec::new();
    for case in cases {
        bytes.extend_from_slice(&case.line);
        bytes.push(b'\n');
    }
    bytes
}

/// Checks that each bad line is reported once as `<file>:<line>: <reason>` and nothing else
/// (but for the one line saying what a list held, `<file>: ... entities screened ...`).
fn assert_reports(run: &Run, shown_path: &str, cases: &[BadInputCase]) {
    let summary = format!("{shown_path}: ");
    let mut reported = run.stderr_lines();
    reported.retain(|line| !(line.starts_with(&summary) && line.contains("entities screened")));
    let mut expected_reports = 0;
    for (index, case) in cases.iter().enumerate() {
        let line_number = index + 1;
        let prefix = format!("{shown_path}:{line_number}: ");
        let reports: Vec<&&str> = reported
            .iter()
            .filter(|report| report.starts_with(&prefix))
            .collect();
        match case.reason {
            Some(reason) => {
                expected_reports += 1;
                assert_eq!(
                    reports.len(),
                    1,
                    "line {line_number} should be reported once; stderr:\n{}",
                    run.stderr
                );
                assert!(
                    reports[0].contains(reason),
                    "line {line_number}: want {reason:?}, got {:?}",
                    reports[0]
                );
            }
            None => assert!(
                reports.is_empty(),
                "line {line_number} is fine but was reported: {reports:?}"
            ),
        }
    }
    assert_eq!(
        reported.len(),
        expected_reports,
        "unexpected lines on stderr:\n{}",
        run.stderr
    );
}

#[test]
fn malformed_query_lines_are_reported_with_file_and_line_and_skipped() {
    let fixture = Fixture::new("bad-queries");
    let list = fixture.write_lines("list.jsonl", &sample_list());
    let cases = bad_input_cases();
    let queries = fixture.write_bytes("queries.jsonl", &join_lines(&cases));
    let run = match_files(&list, &queries, &[]);
    assert_eq!(run.status, 3, "stderr: {}", run.stderr);
    // the lines with a value left out are screened on the rest
    assert_eq!(run.query_ids(), ["ok-1", "d", "p", "n", "ok-2", "ok-3"]);
    assert_eq!(run.results("ok-2")[0]["id"], "quill");
    assert_eq!(run.results("d")[0]["id"], "quill");
    assert_eq!(run.results("n")[0]["id"], "quill");
    assert!(run.results("p").is_empty());
    let answer = run.answer("d");
    assert_eq!(
        answer["warnings"],
        json!(["birthDate \"1971-13-45\" is not a date (want YYYY, YYYY-MM or YYYY-MM-DD); read as 1971"])
    );
    assert!(run.answer("ok-2").get("warnings").is_none());
    assert_reports(&run, path_arg(&queries), &cases);
}

#[test]
fn malformed_list_lines_are_reported_with_file_and_line_and_skipped() {
    let fixture = Fixture::new("bad-list");
    let mut cases = bad_input_cases();
    // in a list, an entity of a schema not screened is counted and skipped, not refused
    for case in &mut cases {
        if case.reason.is_some_and(|reason| reason.contains("schema")) {
            case.reason = None;
        }
    }
    let list = fixture.write_bytes("list.jsonl", &join_lines(&cases));
    let queries = fixture.write_lines(
        "queries.jsonl",
        &[
            person("q-schneider", json!({"name": ["Wilhelm Schneider"]})),
            person("q-lisitsyna", json!({"name": ["Jovanka Lisitsyna"]})),
        ],
    );
    let run = match_files(&list, &queries, &[]);
    assert_eq!(run.status, 3, "stderr: {}", run.stderr);
    assert_eq!(run.query_ids(), ["q-schneider", "q-lisitsyna"]);
    assert_eq!(run.results("q-schneider")[0]["id"], "ok-1");
    assert_eq!(run.results("q-lisitsyna")[0]["id"], "ok-3");
    assert_reports(&run, path_arg(&list), &cases);
    assert!(
        run.stderr
            .contains("skipped (schemas not screened): 1 Event"),
        "{}",
        run.stderr
    );
}

#[test]
fn malformed_lines_on_standard_input_are_reported_as_dash_and_line() {
    let fixture = Fixture::new("bad-stdin");
    let list = fixture.write_lines("list.jsonl", &sample_list());
    let cases = vec![
        good("ok-1", "Orla Quill"),
        bad("{not json", "not valid JSON"),
        good("ok-2", "Wilhelm Schneider"),
    ];
    let run = gatecheck(
        &["match", "--list", path_arg(&list), "--queries", "-"],
        Some(&join_lines(&cases)),
    );
    assert_eq!(run.status, 3, "stderr: {}", run.stderr);
    assert_eq!(run.query_ids(), ["ok-1", "ok-2"]);
    assert_reports(&run, "-", &cases);
}

#[test]
fn blank_lines_are_ignored_without_a_report() {
    let fixture = Fixture::new("blank");
    let list = fixture.write_lines("list.jsonl", &sample_list());
    let queries = fixture.write_bytes(
        "queries.jsonl",
        format!(
            "\n{}\n\n  \n{}\r\n\n",
            person("a", json!({"name": ["Orla Quill"]})),
            person("b", json!({"name": ["Wilhelm Schneider"]}))
        )
        .as_bytes(),
    );
    let run = match_files(&list, &queries, &[]);
    assert_eq!(run.status, 0, "stderr: {}", run.stderr);
    assert_eq!(run.query_ids(), ["a", "b"]);
    assert!(run.stderr_lines().is_empty(), "stderr: {}", run.stderr);
}

#[test]
fn an_unreadable_file_gives_one_line_and_status_2() {
    let fixture = Fixture::new("unreadable");
    let list = fixture.write_lines("list.jsonl", &sample_list());
    let queries = fixture.write_lines(
        "queries.jsonl",
        &[person("q", json!({"name": ["Orla Quill"]}))],
    );
    let missing = fixture.dir.join("missing.jsonl");
    let folder = fixture.dir.clone();
    let cases: [(&str, &Path, &Path, &Path); 4] = [
        ("missing list", &missing, &queries, &missing),
        ("missing queries", &list, &missing, &missing),
        ("list is a folder", &folder, &queries, &folder),
        ("queries is a folder", &list, &folder, &folder),
    ];
    for (case, list_path, queries_path, named) in cases {
        let run = match_files(list_path, queries_path, &[]);
        assert_eq!(run.status, 2, "{case}: stderr {}", run.stderr);
        let stderr = run.stderr_lines();
        assert_eq!(stderr.len(), 1, "{case}: want one line, got {stderr:?}");
        assert!(
            stderr[0].contains(path_arg(named)),
            "{case}: the line does not name the file: {:?}",
            stderr[0]
        );
        assert!(run.stdout.is_empty(), "{case}: stdout {:?}", run.stdout);
    }
}

#[test]
fn out_of_range_options_are_refused_with_status_2() {
    let fixture = Fixture::new("options");
    let list = fixture.write_lines("list.jsonl", &sample_list());
    let queries = fixture.write_lines(
        "queries.jsonl",
        &[person("q", json!({"name": ["Orla Quill"]}))],
    );
    let cases: [(&[&str], &str); 7] = [
        (
            &["--threshold", "1.5"],
            "--threshold 1.5 is not between 0 and 1",
        ),
        (
            &["--threshold=-0.1"],
            "--threshold -0.1 is not between 0 and 1",
        ),
        (
            &["--threshold", "NaN"],
            "--threshold NaN is not between 0 and 1",
        ),
        (&["--limit", "0"], "--limit 0 is not between 1 and"),
        (
            &["--limit", "1000000"],
            "--limit 1000000 is not between 1 and",
        ),
        (&["--limit=-1"], "--limit"),
        (&["--threshold", "high"], "--threshold"),
    ];
    for (options, message) in cases {
        let run = match_files(&list, &queries, options);
        assert_eq!(run.status, 2, "{options:?}: stderr {}", run.stderr);
        assert!(
            run.stderr.contains(message),
            "{options:?}: want {message:?} in {:?}",
            run.stderr
        );
        assert!(
            run.stdout.is_empty(),
            "{options:?}: stdout {:?}",
            run.stdout
        );
    }
}

#[test]
fn oversized_queries_are_screened_without_crashing() {
    let fixture = Fixture::new("oversized");
    let list = fixture.write_lines("list.jsonl", &sample_list());
    let aliases: Vec<String> = (0..5000)
        .map(|number| format!("Alias Numberwang{number}"))
        .collect();
    let queries = fixture.write_lines(
        "queries.jsonl",
        &[
            person(
                "many-aliases",
                json!({"name": ["Wilhelm Schneider"], "alias": aliases}),
            ),
            person(
                "long-word",
                json!({"name": ["Wilhelm ".to_string() + &"Schneider".repeat(11_111)]}),
            ),
            person(
                "many-words",
                json!({"name": [vec!["Orla"; 20_000].join(" ")]}),
            ),
            person(
                "long-mixed",
                json!({"name": ["Вильгельм فيلهلم 빌헬름 ヴィルヘルム ".repeat(3_000)]}),
            ),
        ],
    );
    let run = match_files(&list, &queries, &[]);
    assert_eq!(run.status, 0, "stderr: {}", run.stderr);
    assert_eq!(
        run.query_ids(),
        ["many-aliases", "long-word", "many-words", "long-mixed"]
    );
    assert_eq!(run.results("many-aliases")[0]["id"], "schneider");
    for line in run.lines() {
        for result in line["results"].as_array().unwrap() {
            assert_result_contract(result, 0.7);
        }
    }
}

#[test]
fn an_oversized_list_entry_is_indexed_without_crashing() {
    let fixture = Fixture::new("oversized-list");
    let aliases: Vec<String> = (0..5000)
        .map(|number| format!("Alias Numberwang{number}"))
        .collect();
    let list = fixture.write_lines(
        "list.jsonl",
        &[
            person(
                "many-aliases",
                json!({"name": ["Orla Quill"], "alias": aliases}),
            ),
            person("long-name", json!({"name": ["Quill ".repeat(20_000)]})),
        ],
    );
    let queries = fixture.write_lines(
        "queries.jsonl",
        &[person("q", json!({"name": ["Orla Quill"]}))],
    );
    let run = match_files(&list, &queries, &[]);
    assert_eq!(run.status, 0, "stderr: {}", run.stderr);
    assert_eq!(run.results("q")[0]["id"], "many-aliases");
}
