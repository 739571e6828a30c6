//! `gatecheck screen manifest` as an operator runs it: a flight's travellers screened,
//! a verdict each, the manifest kept and audited.

mod common;

use std::path::Path;
use std::process::{Command, Output};

const GATECHECK: &str = env!("CARGO_BIN_EXE_gatecheck");

fn gatecheck(data: &Path, arguments: &[&str]) -> Output {
    Command::new(GATECHECK)
        .args(arguments)
        .arg("--data")
        .arg(data)
        .env_remove("GATECHECK_DATA")
        .output()
        .expect("cannot run gatecheck")
}

#[test]
fn a_json_manifest_is_screened_with_a_verdict_per_traveller() {
    let data = tempfile::tempdir().unwrap();
    for (name, country) in [("jordan-psd", "JOR"), ("iraq-nsa", "IRQ")] {
        assert!(
            gatecheck(data.path(), &["member", "add", name, "--country", country])
                .status
                .success()
        );
    }
    let persons = data.path().join("persons.jsonl");
    std::fs::write(
        &persons,
        r#"{"id": "p1", "schema": "Person", "properties": {"name": ["Yusuf Adnan Haddad"], "birthDate": ["1974-08-12"]}}
"#,
    )
    .unwrap();
    let imported = gatecheck(
        data.path(),
        &[
            "import",
            "--member",
            "jordan-psd",
            "--action",
            "no-board",
            "--review-by",
            "2099-01-01",
            persons.to_str().unwrap(),
        ],
    );
    assert!(imported.status.success(), "{imported:?}");
    let manifest = data.path().join("flight.json");
    std::fs::write(
        &manifest,
        r#"{"message_reference": "RJ405-1", "legs": [{"carrier": "RJ", "flight_number": "405", "departure_port": "AMM", "arrival_port": "BGW"}],
            "travellers": [
              {"surname": "HADDAD", "given_names": "YUSUF ADNAN", "birth_date": "1974-08-12", "nationality": "JOR"},
              {"surname": "OKONKWO", "given_names": "CHIDI", "birth_date": "1985-05-05"}]}"#,
    )
    .unwrap();
    let screened = gatecheck(
        data.path(),
        &[
            "screen",
            "manifest",
            "--member",
            "iraq-nsa",
            manifest.to_str().unwrap(),
        ],
    );
    assert!(screened.status.success(), "{screened:?}");
    let answer: serde_json::Value = serde_json::from_slice(&screened.stdout).unwrap();
    assert_eq!(answer["travellers"][0]["verdict"], "no-board", "{answer}");
    assert_eq!(answer["travellers"][1]["verdict"], "clear");
    assert_eq!(answer["summary"]["no_board"], 1);
    let verified = gatecheck(data.path(), &["audit", "verify"]);
    assert_eq!(verified.status.code(), Some(0), "{verified:?}");

    // the same flight as UN/EDIFACT PAXLST
    let paxlst = data.path().join("flight.edi");
    std::fs::write(
        &paxlst,
        "UNA:+.? 'UNB+UNOA:4+AIRLINE1+BORDER+261129:1000+7'UNH+1+PAXLST:D:05B:UN:IATA'BGM+745'\
         TDT+20+RJ405+++RJ'LOC+125+AMM'LOC+87+BGW'NAD+FL+++HADDAD:YUSUF ADNAN'DTM+329:740812'\
         NAD+FL+++OKONKWO:CHIDI'DTM+329:850505'CNT+42:2'UNT+10+1'UNZ+1+7'",
    )
    .unwrap();
    let screened = gatecheck(
        data.path(),
        &[
            "screen",
            "manifest",
            "--member",
            "iraq-nsa",
            paxlst.to_str().unwrap(),
        ],
    );
    assert!(screened.status.success(), "{screened:?}");
    let answer: serde_json::Value = serde_json::from_slice(&screened.stdout).unwrap();
    let flight = &answer["manifests"][0];
    assert_eq!(flight["travellers"][0]["verdict"], "no-board", "{answer}");
    assert_eq!(flight["summary"]["clear"], 1);
    assert!(answer["contrl"].as_str().unwrap().contains("CONTRL"));

    // a manifest that is not one is refused, naming the field
    std::fs::write(&manifest, r#"{"travellers": [{"surname": 7}]}"#).unwrap();
    let refused = gatecheck(
        data.path(),
        &[
            "screen",
            "manifest",
            "--member",
            "iraq-nsa",
            manifest.to_str().unwrap(),
        ],
    );
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("travellers[0].surname"));
}

#[test]
fn a_pnrgov_sample_is_screened_flight_by_flight() {
    let Some(sample) =
        common::shared_data("edifact/gtas/gtas-loader_pnr-messages_2_pnrs_basic.edi")
    else {
        return;
    };
    let data = tempfile::tempdir().unwrap();
    assert!(
        gatecheck(data.path(), &["member", "add", "cbp", "--country", "USA"])
            .status
            .success()
    );
    let screened = gatecheck(
        data.path(),
        &[
            "screen",
            "manifest",
            "--member",
            "cbp",
            sample.to_str().unwrap(),
        ],
    );
    assert!(screened.status.success(), "{screened:?}");
    let answer: serde_json::Value = serde_json::from_slice(&screened.stdout).unwrap();
    let flight = &answer["manifests"][0];
    assert_eq!(flight["flight"]["source"], "PNRGOV", "{answer}");
    assert!(
        flight["summary"]["travellers"].as_u64().unwrap() >= 2,
        "{answer}"
    );
    assert_eq!(flight["summary"]["clear"], flight["summary"]["travellers"]);
}

#[test]
fn a_fictional_pnrgov_push_is_screened_with_a_listed_traveller_raised() {
    // the formats crate's fixture: two bookings of four travellers on QX215 AMM-IST
    let push = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../formats/tests/fixtures/edifact/pnrgov_two_bookings.edi");
    let data = tempfile::tempdir().unwrap();
    for (name, country) in [("jordan-psd", "JOR"), ("turkey-egm", "TUR")] {
        assert!(
            gatecheck(data.path(), &["member", "add", name, "--country", country])
                .status
                .success()
        );
    }
    let persons = data.path().join("persons.jsonl");
    std::fs::write(
        &persons,
        r#"{"id": "p-lina", "schema": "Person", "properties": {"name": ["Lina Haddad"], "birthDate": ["1983-05-17"]}}
"#,
    )
    .unwrap();
    let imported = gatecheck(
        data.path(),
        &[
            "import",
            "--member",
            "jordan-psd",
            "--action",
            "refer",
            "--review-by",
            "2099-01-01",
            persons.to_str().unwrap(),
        ],
    );
    assert!(imported.status.success(), "{imported:?}");
    let screened = gatecheck(
        data.path(),
        &[
            "screen",
            "manifest",
            "--member",
            "turkey-egm",
            push.to_str().unwrap(),
        ],
    );
    assert!(screened.status.success(), "{screened:?}");
    let answer: serde_json::Value = serde_json::from_slice(&screened.stdout).unwrap();
    let flight = &answer["manifests"][0];
    assert_eq!(flight["flight"]["source"], "PNRGOV", "{answer}");
    assert_eq!(flight["summary"]["travellers"], 4, "{answer}");
    // the listed traveller is referred; her father, of the same family name, is not
    let verdicts: Vec<&str> = flight["travellers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|traveller| traveller["verdict"].as_str().unwrap())
        .collect();
    assert_eq!(verdicts, ["refer", "clear", "clear", "clear"], "{answer}");
    assert_eq!(flight["summary"]["clear"], 3, "{answer}");
    let verified = gatecheck(data.path(), &["audit", "verify"]);
    assert_eq!(verified.status.code(), Some(0), "{verified:?}");
}

/// Issue 13: a PAXLST date holding a multi-byte character made the DTM reader slice inside
/// the character, and `gatecheck screen manifest` exited 101. The flight is screened and
/// the date named as a problem.
#[test]
fn a_date_with_a_multi_byte_character_is_a_problem_not_a_crash() {
    let data = tempfile::tempdir().unwrap();
    assert!(gatecheck(
        data.path(),
        &["member", "add", "iraq-nsa", "--country", "IRQ"]
    )
    .status
    .success());
    let paxlst = data.path().join("flight.edi");
    std::fs::write(
        &paxlst,
        "UNA:+.? 'UNB+UNOW:4+AIRLINE1+BORDER+261129:1000+7'UNH+1+PAXLST:D:05B:UN:IATA'BGM+745'\
         TDT+20+RJ405+++RJ'LOC+125+AMM'LOC+87+BGW'NAD+FL+++HADDAD:YUSUF'DTM+329:1\u{e9}101'\
         CNT+42:1'UNT+8+1'UNZ+1+7'",
    )
    .unwrap();
    let screened = gatecheck(
        data.path(),
        &[
            "screen",
            "manifest",
            "--member",
            "iraq-nsa",
            paxlst.to_str().unwrap(),
        ],
    );
    assert_eq!(screened.status.code(), Some(0), "{screened:?}");
    let answer: serde_json::Value = serde_json::from_slice(&screened.stdout).unwrap();
    let problems = answer["problems"].to_string();
    assert!(
        problems.contains("DTM 329 value \\\"1\u{e9}101\\\" is not a date"),
        "{answer}"
    );
    assert_eq!(
        answer["manifests"][0]["summary"]["travellers"], 1,
        "{answer}"
    );
}
