//! Passenger-data interchanges: every PAXLST file reads into manifests with its
//! travellers, every PNRGOV file reads at the syntax level, and the malformed files are
//! rejected with an error saying where. Checked on the project's own interchanges of
//! fictional travellers in the shapes airlines send (`tests/fixtures/edifact`), always, and
//! on the GTAS samples in `../shared` when they are there (see `common`).

mod common;

use gatecheck_formats::edifact::{self, Severity};
use gatecheck_formats::manifest::Role;
use gatecheck_formats::paxlst;

fn samples() -> Option<std::path::PathBuf> {
    common::shared_data("edifact/gtas")
}

fn fixture(name: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/edifact")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

/// The names of the fixture files that start with `prefix`, sorted.
fn fixture_names(prefix: &str) -> Vec<String> {
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/edifact");
    let mut names: Vec<String> = std::fs::read_dir(folder)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(prefix))
        .collect();
    names.sort();
    names
}

fn read(directory: &std::path::Path, name: &str) -> Vec<u8> {
    std::fs::read(directory.join(name)).unwrap_or_else(|error| panic!("{name}: {error}"))
}

/// File, travellers, legs, crew.
const PAXLST: &[(&str, usize, usize, usize)] = &[
    ("gtas-loader_apis-messages_Test1.txt", 8, 1, 8),
    ("gtas-loader_apis-messages_Test3.txt", 260, 1, 0),
    ("gtas-loader_apis-messages_airline2.edi", 10, 1, 0),
    (
        "gtas-loader_apis-messages_multiple_flight_leg_apis.txt",
        2,
        3,
        0,
    ),
    ("gtas-parsers_apis-messages_apisMessage.txt", 2, 2, 0),
];

#[test]
fn every_paxlst_sample_reads_into_a_manifest() {
    let Some(directory) = samples() else { return };
    let mut names: Vec<String> = std::fs::read_dir(&directory)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains("apis"))
        .collect();
    names.sort();
    assert_eq!(
        names.len(),
        PAXLST.len(),
        "a PAXLST sample is not in the table: {names:?}"
    );
    for &(name, travellers, legs, crew) in PAXLST {
        let reading =
            edifact::parse(&read(&directory, name)).unwrap_or_else(|r| panic!("{name}: {r}"));
        assert!(
            reading
                .problems
                .iter()
                .all(|p| p.severity == Severity::Recoverable),
            "{name}"
        );
        let (manifests, _problems) = paxlst::manifests(&reading.interchange);
        assert_eq!(manifests.len(), 1, "{name}");
        let manifest = &manifests[0];
        assert_eq!(manifest.travellers.len(), travellers, "{name}");
        assert_eq!(manifest.legs.len(), legs, "{name}");
        let crew_read = manifest
            .travellers
            .iter()
            .filter(|t| t.role == Role::Crew)
            .count();
        assert_eq!(crew_read, crew, "{name}");
        for traveller in &manifest.travellers {
            assert!(!traveller.surname.is_empty(), "{name}: {traveller:?}");
        }
    }
}

#[test]
fn sample_details_read_as_written() {
    let Some(directory) = samples() else { return };
    let reading = edifact::parse(&read(
        &directory,
        "gtas-loader_apis-messages_multiple_flight_leg_apis.txt",
    ))
    .unwrap();
    // The file has "13Nov09" after its UNZ.
    assert!(reading
        .problems
        .iter()
        .any(|p| p.kind == edifact::SyntaxErrorKind::AfterUnz));
    let (manifests, problems) = paxlst::manifests(&reading.interchange);
    assert!(problems.is_empty(), "{problems:?}");
    let manifest = &manifests[0];
    assert_eq!(manifest.message_reference, "123456789");
    assert_eq!(manifest.legs[0].departure_port, "JFK");
    assert_eq!(manifest.legs[0].arrival_port, "CDG");
    assert_eq!(
        manifest.legs[0].departure_time.as_deref(),
        Some("2008-08-10T20:00")
    );
    assert_eq!(manifest.legs[1].departure_port, "MIA");
    assert_eq!(manifest.legs[2].arrival_port, "JFK");
    let barrett = &manifest.travellers[0];
    assert_eq!(
        (barrett.surname.as_str(), barrett.given_names.as_str()),
        ("BARRETT", "TODD")
    );
    assert_eq!(barrett.birth_date.as_deref(), Some("1968-02-23"));
    assert_eq!(barrett.gender.as_deref(), Some("M"));
    assert_eq!(barrett.nationality.as_deref(), Some("FRA"));
    // the passenger's own reference (RFF ABO) rather than the booking's (RFF AVF GJIO3RT)
    assert_eq!(barrett.reference.as_deref(), Some("UUI34T543"));
    assert_eq!(barrett.documents[0].number, "YY3478621G");
    assert_eq!(
        barrett.documents[0].expiry_date.as_deref(),
        Some("2008-12-30")
    );
    assert_eq!(barrett.documents[0].issuing_state.as_deref(), Some("FRA"));

    // airline2.edi ends its segments with a carriage return and writes "UNG *".
    let reading =
        edifact::parse(&read(&directory, "gtas-loader_apis-messages_airline2.edi")).unwrap();
    let (manifests, problems) = paxlst::manifests(&reading.interchange);
    assert_eq!(manifests[0].legs[0].carrier, "TN");
    assert_eq!(manifests[0].legs[0].flight_number, "506");
    // Its CNT says 136 for 10 travellers.
    assert!(
        problems
            .iter()
            .any(|p| p.detail.contains("CNT 42 states 136")),
        "{problems:?}"
    );

    // Test1 is UNOA but has lower-case names: reported, read.
    let reading = edifact::parse(&read(&directory, "gtas-loader_apis-messages_Test1.txt")).unwrap();
    assert!(reading
        .problems
        .iter()
        .any(|p| p.kind == edifact::SyntaxErrorKind::CharacterOutsideRepertoire && p.position > 0));
}

/// Files that are not well-formed interchanges, and why.
const MALFORMED: &[(&str, edifact::SyntaxErrorKind)] = &[
    // The UNZ runs on into a line of prose without a terminator.
    (
        "gtas-parsers_pnr-messages_pnrBadFormat.txt",
        edifact::SyntaxErrorKind::UnterminatedSegment,
    ),
    // "UNA:+\*'" followed by a line feed announces a line feed as terminator, which the
    // segments do not use, so MSG falls outside any message.
    (
        "gtas-loader_pnr-messages_codeshare.edi",
        edifact::SyntaxErrorKind::OutsideMessage,
    ),
    // The UNA's terminator is a typographic apostrophe (three bytes of UTF-8).
    (
        "gtas-loader_pnr-messages_infant.edi",
        edifact::SyntaxErrorKind::BadServiceStringAdvice,
    ),
];

#[test]
fn every_pnrgov_sample_reads_at_the_syntax_level() {
    let Some(directory) = samples() else { return };
    let mut names: Vec<String> = std::fs::read_dir(&directory)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains("pnr"))
        .collect();
    names.sort();
    assert!(names.len() >= 30, "{names:?}");
    for name in &names {
        let result = edifact::parse(&read(&directory, name));
        if let Some((_, kind)) = MALFORMED.iter().find(|(malformed, _)| malformed == name) {
            let rejection = result.expect_err(name);
            assert_eq!(rejection.error.kind, *kind, "{name}: {rejection}");
            assert_eq!(rejection.error.severity, Severity::Rejecting);
            continue;
        }
        let reading = result.unwrap_or_else(|r| panic!("{name}: {r}"));
        assert!(!reading.interchange.messages.is_empty(), "{name}");
        for message in &reading.interchange.messages {
            assert_eq!(message.kind, "PNRGOV", "{name}");
        }
        for problem in &reading.problems {
            assert!(
                problem.segment > 0 && problem.position > 0,
                "{name}: {problem}"
            );
        }
    }
}

#[test]
fn the_bad_format_sample_says_where() {
    let Some(directory) = samples() else { return };
    let text = read(&directory, "gtas-parsers_pnr-messages_pnrBadFormat.txt");
    let rejection = edifact::parse(&text).unwrap_err();
    let unz = text.windows(4).rposition(|w| w == b"UNZ+").unwrap();
    assert_eq!(rejection.error.position, unz);
    assert_eq!(rejection.error.tag, "UNZ");
    assert!(rejection.error.segment > 20);
    let message = rejection.to_string();
    assert!(message.contains(&format!("at byte {unz}")), "{message}");
    assert!(message.contains("not terminated"), "{message}");
    // The header was read, so the sender can be answered.
    assert_eq!(rejection.header.unwrap().sender, "TZ");

    let dangling = edifact::parse(&read(
        &directory,
        "gtas-parsers_pnr-messages_danglingMetaCharacter.txt",
    ))
    .unwrap();
    // UNT has no reference and UNZ's is not UNB's.
    assert!(dangling
        .problems
        .iter()
        .any(|p| p.kind == edifact::SyntaxErrorKind::ReferenceMismatch && p.tag == "UNT"));
    assert!(dangling
        .problems
        .iter()
        .any(|p| p.kind == edifact::SyntaxErrorKind::ReferenceMismatch && p.tag == "UNZ"));
}

/// The project's PAXLST files: file, travellers, legs, crew.
const PAXLST_FIXTURES: &[(&str, usize, usize, usize)] = &[
    ("paxlst_d02b_crew_lower_case.txt", 4, 1, 3),
    ("paxlst_d02b_own_separators.edi", 3, 1, 0),
    ("paxlst_d05b_three_legs.txt", 2, 3, 0),
];

#[test]
fn every_paxlst_fixture_reads_into_a_manifest() {
    assert_eq!(
        fixture_names("paxlst"),
        PAXLST_FIXTURES
            .iter()
            .map(|(name, ..)| name.to_string())
            .collect::<Vec<_>>(),
        "a PAXLST fixture is not in the table"
    );
    for &(name, travellers, legs, crew) in PAXLST_FIXTURES {
        let reading = edifact::parse(&fixture(name)).unwrap_or_else(|r| panic!("{name}: {r}"));
        assert!(
            reading
                .problems
                .iter()
                .all(|p| p.severity == Severity::Recoverable),
            "{name}"
        );
        let (manifests, _problems) = paxlst::manifests(&reading.interchange);
        assert_eq!(manifests.len(), 1, "{name}");
        let manifest = &manifests[0];
        assert_eq!(manifest.travellers.len(), travellers, "{name}");
        assert_eq!(manifest.legs.len(), legs, "{name}");
        let crew_read = manifest
            .travellers
            .iter()
            .filter(|t| t.role == Role::Crew)
            .count();
        assert_eq!(crew_read, crew, "{name}");
        for traveller in &manifest.travellers {
            assert!(!traveller.surname.is_empty(), "{name}: {traveller:?}");
        }
    }
}

#[test]
fn fixture_details_read_as_written() {
    let reading = edifact::parse(&fixture("paxlst_d05b_three_legs.txt")).unwrap();
    // text after the UNZ is reported and read past
    assert!(reading
        .problems
        .iter()
        .any(|p| p.kind == edifact::SyntaxErrorKind::AfterUnz));
    let (manifests, problems) = paxlst::manifests(&reading.interchange);
    assert!(problems.is_empty(), "{problems:?}");
    let manifest = &manifests[0];
    assert_eq!(manifest.message_reference, "20250309061");
    // the leg into the screening country (LOC 125/87) first, then the others in order
    assert_eq!(manifest.legs[0].departure_port, "FRA");
    assert_eq!(manifest.legs[0].arrival_port, "YYZ");
    assert_eq!(
        manifest.legs[0].departure_time.as_deref(),
        Some("2025-03-10T13:00")
    );
    assert_eq!(manifest.legs[1].departure_port, "ATH");
    assert_eq!(manifest.legs[2].arrival_port, "FRA");
    let eleni = &manifest.travellers[0];
    assert_eq!(
        (eleni.surname.as_str(), eleni.given_names.as_str()),
        ("PAPADAKIS", "ELENI MARIA")
    );
    assert_eq!(eleni.birth_date.as_deref(), Some("1985-01-14"));
    assert_eq!(eleni.gender.as_deref(), Some("F"));
    assert_eq!(eleni.nationality.as_deref(), Some("GRC"));
    // the passenger's own reference (RFF ABO) rather than the booking's (RFF AVF)
    assert_eq!(eleni.reference.as_deref(), Some("PX4471029"));
    assert_eq!(eleni.documents[0].number, "AE7710432");
    assert_eq!(
        eleni.documents[0].expiry_date.as_deref(),
        Some("2030-06-11")
    );
    assert_eq!(eleni.documents[0].issuing_state.as_deref(), Some("GRC"));
    // prepared on 2025-03-09: a birth in "31" is 1931, not 2031
    assert_eq!(
        manifest.travellers[1].birth_date.as_deref(),
        Some("1931-12-02")
    );

    // `*` and `$` as separators, CR LF after each segment, "UNG *": read; the carrier and
    // number from the TDT's flight when C040 is missing
    let reading = edifact::parse(&fixture("paxlst_d02b_own_separators.edi")).unwrap();
    assert_eq!(reading.interchange.header.separators.element, b'*');
    assert_eq!(reading.interchange.header.separators.terminator, b'$');
    let (manifests, problems) = paxlst::manifests(&reading.interchange);
    assert_eq!(manifests[0].legs[0].carrier, "QX");
    assert_eq!(manifests[0].legs[0].flight_number, "771");
    assert_eq!(manifests[0].travellers[2].given_names, "YOUSEF");
    // its CNT says 30 for 3 travellers
    assert!(
        problems
            .iter()
            .any(|p| p.detail.contains("CNT 42 states 30")),
        "{problems:?}"
    );

    // UNOA with lower-case names: reported where, read
    let text = fixture("paxlst_d02b_crew_lower_case.txt");
    let reading = edifact::parse(&text).unwrap();
    let outside: Vec<_> = reading
        .problems
        .iter()
        .filter(|p| p.kind == edifact::SyntaxErrorKind::CharacterOutsideRepertoire)
        .collect();
    assert_eq!(outside.len(), 3, "{outside:?}");
    let first_lower_case = text.iter().position(u8::is_ascii_lowercase).unwrap();
    assert_eq!(outside[0].position, first_lower_case);
    let (manifests, problems) = paxlst::manifests(&reading.interchange);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(manifests[0].travellers[0].surname, "Lindqvist");
}

/// The project's files that are not well-formed interchanges, and why.
const MALFORMED_FIXTURES: &[(&str, edifact::SyntaxErrorKind)] = &[
    // five characters after UNA, so the line feed after them is the terminator
    (
        "pnrgov_una_line_feed.edi",
        edifact::SyntaxErrorKind::OutsideMessage,
    ),
    (
        "pnrgov_una_typographic_apostrophe.edi",
        edifact::SyntaxErrorKind::BadServiceStringAdvice,
    ),
    (
        "pnrgov_unterminated_unz.txt",
        edifact::SyntaxErrorKind::UnterminatedSegment,
    ),
];

#[test]
fn every_pnrgov_fixture_reads_at_the_syntax_level() {
    let names = fixture_names("pnrgov");
    assert!(names.len() >= 10, "{names:?}");
    for name in &names {
        let result = edifact::parse(&fixture(name));
        if let Some((_, kind)) = MALFORMED_FIXTURES
            .iter()
            .find(|(malformed, _)| malformed == name)
        {
            let rejection = result.expect_err(name);
            assert_eq!(rejection.error.kind, *kind, "{name}: {rejection}");
            assert_eq!(rejection.error.severity, Severity::Rejecting);
            continue;
        }
        let reading = result.unwrap_or_else(|r| panic!("{name}: {r}"));
        assert!(!reading.interchange.messages.is_empty(), "{name}");
        for message in &reading.interchange.messages {
            assert_eq!(message.kind, "PNRGOV", "{name}");
        }
        for problem in &reading.problems {
            assert!(
                problem.segment > 0 && problem.position > 0,
                "{name}: {problem}"
            );
        }
    }
}

#[test]
fn the_unterminated_fixture_says_where() {
    let text = fixture("pnrgov_unterminated_unz.txt");
    let rejection = edifact::parse(&text).unwrap_err();
    let unz = text.windows(4).rposition(|w| w == b"UNZ+").unwrap();
    assert_eq!(rejection.error.position, unz);
    assert_eq!(rejection.error.tag, "UNZ");
    // UNA, UNB, the message's 52 segments, UNZ
    assert_eq!(rejection.error.segment, 55);
    let message = rejection.to_string();
    assert!(message.contains(&format!("at byte {unz}")), "{message}");
    assert!(message.contains("not terminated"), "{message}");
    // the header was read, so the sender can be answered
    assert_eq!(rejection.header.unwrap().sender, "QX");

    let wrong_references = edifact::parse(&fixture("pnrgov_wrong_references.txt")).unwrap();
    // UNT has no reference and UNZ's is not UNB's
    assert!(wrong_references
        .problems
        .iter()
        .any(|p| p.kind == edifact::SyntaxErrorKind::ReferenceMismatch && p.tag == "UNT"));
    assert!(wrong_references
        .problems
        .iter()
        .any(|p| p.kind == edifact::SyntaxErrorKind::ReferenceMismatch && p.tag == "UNZ"));
}
