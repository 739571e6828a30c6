//! The GTAS sample messages (in ../shared, not in the repository): every PAXLST file reads
//! into manifests with its travellers, every PNRGOV file reads at the syntax level, and the
//! malformed files are rejected with an error saying where.

use gatecheck_formats::edifact::{self, Severity};
use gatecheck_formats::manifest::Role;
use gatecheck_formats::paxlst;

fn samples() -> Option<std::path::PathBuf> {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/edifact/gtas");
    if path.is_dir() {
        Some(path)
    } else {
        eprintln!("skipping: {} not found", path.display());
        None
    }
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
