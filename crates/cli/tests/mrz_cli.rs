//! `gatecheck mrz` and `gatecheck screen mrz` as an operator runs them: zones from standard
//! input or files, one JSON line a document, problems named by line and column, and a
//! screening that finds a stolen passport and its listed holder, audited.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

const GATECHECK: &str = env!("CARGO_BIN_EXE_gatecheck");

/// A passport zone written for these tests (fictional holder, check digits computed).
const PASSPORT: &str = "P<JORHADDAD<<YUSUF<ADNAN<<<<<<<<<<<<<<<<<<<<\n\
                        L898902C36JOR7408122M1204159<<<<<<<<<<<<<<08";

/// [`PASSPORT`] with the sixth character of its number misread as the letter O.
fn misread_passport() -> String {
    PASSPORT.replacen("L898902C3", "L8989O2C3", 1)
}

fn run(arguments: &[&str], data: Option<&Path>, input: &str) -> Output {
    let mut command = Command::new(GATECHECK);
    command.args(arguments).env_remove("GATECHECK_DATA");
    if let Some(data) = data {
        command.arg("--data").arg(data);
    }
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("cannot run gatecheck");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn lines(output: &Output) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

#[test]
fn zones_are_read_one_json_line_each_with_problems_placed() {
    // a good passport, then the same with its birth date's check digit wrong
    let damaged = PASSPORT.replace("7408122M", "7408123M");
    let input = format!("\n{PASSPORT}\n\n{damaged}\n");
    let output = run(&["mrz"], None, &input);
    assert_eq!(output.status.code(), Some(3), "{output:?}");
    let read = lines(&output);
    assert_eq!(read.len(), 2);
    assert_eq!(read[0]["valid"], true);
    assert_eq!(read[0]["format"], "TD3");
    assert_eq!(read[0]["fields"]["surname"], "HADDAD");
    assert_eq!(read[0]["fields"]["given_names"], "YUSUF ADNAN");
    assert_eq!(read[0]["fields"]["birth_date"], "1974-08-12");
    assert_eq!(read[0]["fields"]["expiry_date"], "2012-04-15");
    assert_eq!(read[0]["checks"]["composite"], true);
    assert_eq!(read[1]["valid"], false);
    assert_eq!(read[1]["checks"]["birth_date"], false);
    let error = &read[1]["errors"][0];
    assert_eq!(
        (error["line"].as_u64(), error["column"].as_u64()),
        (Some(2), Some(20)),
        "{error}"
    );

    // from a file, all valid: exit 0
    let directory = tempfile::tempdir().unwrap();
    let file = directory.path().join("zones.txt");
    std::fs::write(&file, PASSPORT).unwrap();
    let output = run(&["mrz", file.to_str().unwrap()], None, "");
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert_eq!(lines(&output).len(), 1);
}

#[test]
fn a_screened_zone_finds_the_stolen_passport_and_its_listed_holder() {
    let data = tempfile::tempdir().unwrap();
    let gatecheck = |arguments: &[&str]| run(arguments, Some(data.path()), "");
    for (name, country) in [("jordan-psd", "JOR"), ("iraq-nsa", "IRQ")] {
        let added = gatecheck(&["member", "add", name, "--country", country]);
        assert!(added.status.success(), "{added:?}");
    }
    let documents = data.path().join("stolen.csv");
    std::fs::write(&documents, "L898902C3,JOR,P,stolen,2026-01-02\n").unwrap();
    let persons = data.path().join("persons.jsonl");
    std::fs::write(
        &persons,
        r#"{"id": "p1", "schema": "Person", "properties": {"name": ["Yusuf Adnan Haddad"], "birthDate": ["1974-08-12"]}}
"#,
    )
    .unwrap();
    for file in [&documents, &persons] {
        let imported = gatecheck(&[
            "import",
            "--member",
            "jordan-psd",
            "--review-by",
            "2099-01-01",
            file.to_str().unwrap(),
        ]);
        assert!(imported.status.success(), "{imported:?}");
    }
    let output = run(
        &["screen", "mrz", "--member", "iraq-nsa"],
        Some(data.path()),
        &format!("{PASSPORT}\n\nNOT\nA ZONE\n\n{}\n", misread_passport()),
    );
    assert_eq!(output.status.code(), Some(3), "{output:?}");
    assert!(String::from_utf8_lossy(&output.stderr).contains("<stdin>:4: no layout"));
    let answers = lines(&output);
    assert_eq!(answers.len(), 2);
    let answer = &answers[0];
    assert_eq!(answer["hit"], true, "{answer}");
    assert_eq!(answer["document"]["results"][0]["score"], 1.0, "{answer}");
    // what the document is (the member may see the record in full)
    assert_eq!(
        answer["document"]["results"][0]["document"],
        serde_json::json!({"number": "L898902C3", "issuing_state": "JOR", "type": "P",
            "status": "stolen", "reported_on": "2026-01-02", "matched_number": "L898902C3",
            "misread": null}),
        "{answer}"
    );
    assert_eq!(answer["holder"]["results"][0]["id"], "p1", "{answer}");
    // the number misread (O for 0): the zone is invalid, the number not repaired, and the
    // stolen passport is still found through the reading, which is named
    let misread = &answers[1];
    assert_eq!(misread["mrz"]["valid"], false, "{misread}");
    assert_eq!(misread["mrz"]["repairs"], serde_json::json!([]));
    assert_eq!(misread["mrz"]["fields"]["document_number"], "L8989O2C3");
    let found = &misread["document"]["results"][0];
    assert_eq!(
        found["document"]["matched_number"], "L898902C3",
        "{misread}"
    );
    assert_eq!(found["document"]["misread"], "O for 0 at position 6");
    let verified = gatecheck(&["audit", "verify"]);
    assert_eq!(verified.status.code(), Some(0), "{verified:?}");
    let store = gatecheck_store::Store::open(data.path()).unwrap();
    let log = store.audit_entries(1, i64::MAX).unwrap();
    assert!(log.iter().any(|entry| entry.action == "screen.mrz"));
}

#[test]
fn a_passport_screened_before_it_is_reported_stolen_is_looked_up_again_by_the_import() {
    let data = tempfile::tempdir().unwrap();
    let gatecheck = |arguments: &[&str]| run(arguments, Some(data.path()), "");
    for (name, country) in [("jordan-psd", "JOR"), ("iraq-nsa", "IRQ")] {
        let added = gatecheck(&["member", "add", name, "--country", country]);
        assert!(added.status.success(), "{added:?}");
    }
    // the passport passes: nothing is known of it yet
    let output = run(
        &["screen", "mrz", "--member", "iraq-nsa"],
        Some(data.path()),
        &format!("{PASSPORT}\n"),
    );
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert_eq!(lines(&output)[0]["hit"], false);
    // then its owner reports it stolen
    let documents = data.path().join("stolen.csv");
    std::fs::write(&documents, "L898902C3,JOR,P,stolen,2026-01-02\n").unwrap();
    let import = || {
        gatecheck(&[
            "import",
            "--member",
            "jordan-psd",
            "--review-by",
            "2099-01-01",
            documents.to_str().unwrap(),
        ])
    };
    let imported = import();
    assert!(imported.status.success(), "{imported:?}");
    let said = String::from_utf8_lossy(&imported.stdout);
    assert!(
        said.contains("screened again: 1 document look-ups of the last 3 days: 1 new hits"),
        "{said}"
    );
    let store = gatecheck_store::Store::open(data.path()).unwrap();
    let (hits, total) = store
        .hits_of(2, &gatecheck_store::HitFilter::default(), 10, 0)
        .unwrap();
    assert_eq!(total, 1);
    assert!(hits[0].0.explanation.contains("found_later"));
    assert!(hits[0].0.query.contains("L898902C3"), "{}", hits[0].0.query);
}
