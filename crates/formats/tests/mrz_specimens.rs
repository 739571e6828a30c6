//! Machine-readable zones of every layout read, and every check digit that an independent
//! reader found agreeing agrees here too: the project's own zones of fictional people
//! (`tests/fixtures/mrz/specimens.json`, computed by `generate.py` beside it), always, and
//! the published ICAO and PassportEye specimens in `../shared` when they are there (see
//! `common`).

mod common;

use gatecheck_formats::mrz::{self, Check, CivilDate};
use serde_json::Value;

/// The names the specimen files give the check digits.
const CHECK_NAMES: &[(&str, Check)] = &[
    ("doc", Check::DocumentNumber),
    ("dob", Check::BirthDate),
    ("exp", Check::ExpiryDate),
    ("personal", Check::PersonalNumber),
    ("composite", Check::Composite),
];

/// Reads every specimen and checks its check digits, its validity and, where the file gives
/// them, its layout and fields; returns the layouts read.
fn check_specimens(specimens: &[Value]) -> Vec<String> {
    assert!(!specimens.is_empty());
    let today = CivilDate::new(2026, 1, 1).unwrap();
    let mut layouts = Vec::new();
    for specimen in specimens {
        let source = specimen["source"].as_str().unwrap();
        let lines: Vec<&str> = specimen["lines"]
            .as_array()
            .unwrap()
            .iter()
            .map(|line| line.as_str().unwrap())
            .collect();
        let reading = mrz::parse_lines(lines.iter().copied(), today);
        assert!(reading.format.is_some(), "{source}: {:?}", reading.errors);
        assert!(reading.fields.is_some(), "{source}");
        let format = reading.format.unwrap().as_str().to_string();
        if let Some(layout) = specimen["layout"].as_str() {
            assert_eq!(format, layout, "{source}");
        }
        layouts.push(format);
        for (name, agrees) in specimen["independent_check"].as_object().unwrap() {
            let check = CHECK_NAMES
                .iter()
                .find(|(known, _)| known == name)
                .map(|(_, check)| *check)
                .unwrap_or_else(|| panic!("{source}: unknown check {name:?}"));
            if agrees.as_bool() == Some(true) {
                assert_eq!(reading.check(check), Some(true), "{source}: {name}");
            }
        }
        let answer = reading.to_json();
        if let Some(expected) = specimen["expected_valid"].as_bool() {
            assert_eq!(reading.valid(), expected, "{source}: {answer}");
        }
        if let Some(fields) = specimen["fields"].as_object() {
            // a valid zone is read as printed: nothing repaired, every field as written
            assert_eq!(
                answer["repairs"],
                serde_json::json!([]),
                "{source}: {answer}"
            );
            for (field, expected) in fields {
                assert_eq!(&answer["fields"][field], expected, "{source}: {field}");
            }
        }
        println!("{source}: {answer}");
    }
    layouts
}

#[test]
fn the_projects_zones_of_every_layout_read_with_their_check_digits() {
    let text = include_str!("fixtures/mrz/specimens.json");
    let specimens: Value = serde_json::from_str(text).unwrap();
    let mut layouts = check_specimens(specimens.as_array().unwrap());
    layouts.sort();
    layouts.dedup();
    assert_eq!(layouts, ["MRV-A", "MRV-B", "TD1", "TD2", "TD3"]);
}

#[test]
fn a_wrong_composite_alone_makes_a_zone_invalid() {
    let text = include_str!("fixtures/mrz/specimens.json");
    let specimens: Value = serde_json::from_str(text).unwrap();
    let bad = specimens
        .as_array()
        .unwrap()
        .iter()
        .find(|specimen| specimen["independent_check"]["composite"] == false)
        .expect("a specimen with a bad composite");
    let lines: Vec<&str> = bad["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|line| line.as_str().unwrap())
        .collect();
    let reading = mrz::parse_lines(lines, CivilDate::new(2026, 1, 1).unwrap());
    assert_eq!(reading.check(Check::Composite), Some(false));
    for check in [Check::DocumentNumber, Check::BirthDate, Check::ExpiryDate] {
        assert_eq!(reading.check(check), Some(true), "{check:?}");
    }
    assert!(!reading.valid());
}

#[test]
fn the_published_specimens_read_with_their_check_digits() {
    let Some(path) = common::shared_data("mrz/icao_specimens.json") else {
        return;
    };
    let text = std::fs::read_to_string(&path).unwrap();
    let specimens: Value = serde_json::from_str(&text).unwrap();
    check_specimens(specimens.as_array().unwrap());
}
