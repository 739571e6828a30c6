//! The published ICAO and PassportEye specimens (in ../shared, not in the repository) all
//! read, and every check digit that an independent reader found agreeing agrees here too.

use gatecheck_formats::mrz::{self, Check, CivilDate};

/// The names the specimen file gives the check digits.
const CHECK_NAMES: &[(&str, Check)] = &[
    ("doc", Check::DocumentNumber),
    ("dob", Check::BirthDate),
    ("exp", Check::ExpiryDate),
    ("personal", Check::PersonalNumber),
    ("composite", Check::Composite),
];

#[test]
fn the_published_specimens_read_with_their_check_digits() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/mrz/icao_specimens.json");
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("skipping: {} not found", path.display());
        return;
    };
    let specimens: serde_json::Value = serde_json::from_str(&text).unwrap();
    let specimens = specimens.as_array().unwrap();
    assert!(!specimens.is_empty());
    let today = CivilDate::new(2026, 1, 1).unwrap();
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
        if let Some(expected) = specimen["expected_valid"].as_bool() {
            assert_eq!(reading.valid(), expected, "{source}: {}", reading.to_json());
        }
        println!("{source}: {}", reading.to_json());
    }
}
