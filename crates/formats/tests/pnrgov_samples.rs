//! PNRGOV interchanges read into manifests: the pushed flight first, each booking's
//! travellers with their documents, infants included; the files that are not well-formed
//! interchanges are rejected by the syntax layer with where, and nothing panics. Checked on
//! the project's own interchanges of fictional travellers (`tests/fixtures/edifact`),
//! always, and on the GTAS samples in `../shared` when they are there (see `common`).

mod common;

use gatecheck_formats::edifact;
use gatecheck_formats::manifest::Manifest;
use gatecheck_formats::pnrgov;

fn samples() -> Option<std::path::PathBuf> {
    common::shared_data("edifact/gtas")
}

fn fixtures() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/edifact")
}

fn read(directory: &std::path::Path, name: &str) -> Vec<u8> {
    std::fs::read(directory.join(name)).unwrap_or_else(|error| panic!("{name}: {error}"))
}

fn manifest_of(directory: &std::path::Path, name: &str) -> (Manifest, Vec<pnrgov::PnrgovProblem>) {
    let reading = edifact::parse(&read(directory, name)).unwrap_or_else(|r| panic!("{name}: {r}"));
    let (mut manifests, problems) = pnrgov::manifests(&reading.interchange);
    assert_eq!(manifests.len(), 1, "{name}");
    (manifests.remove(0), problems)
}

/// Files the syntax layer rejects (see edifact_samples.rs for why each one).
const REJECTED: &[&str] = &[
    "gtas-parsers_pnr-messages_pnrBadFormat.txt",
    "gtas-loader_pnr-messages_codeshare.edi",
    "gtas-loader_pnr-messages_infant.edi",
];

/// File, travellers, flight (carrier, number, from, to).
const PNRGOV: &[(&str, usize, &str)] = &[
    (
        "gtas-loader_pnr-messages_2_pnrs_basic.edi",
        4,
        "DL324 LHR-JFK",
    ),
    ("gtas-loader_pnr-messages_3_pnrs.edi", 13, "TZ0006 SIN-OOL"),
    (
        "gtas-loader_pnr-messages_adult_and_infant.edi",
        2,
        "AM498 MTY-LAS",
    ),
    (
        "gtas-loader_pnr-messages_multiple_flight_leg_pnr.txt",
        2,
        "UA988 FRA-IAD",
    ),
    (
        "gtas-loader_pnr-messages_no_pnr_history.edi",
        4,
        "LH474 MUC-YUL",
    ),
    ("gtas-loader_pnr-messages_pnr1.txt", 2, "DL324 LHR-JFK"),
    ("gtas-loader_pnr-messages_pnr2.txt", 2, "DL324 LHR-JFK"),
    ("gtas-loader_pnr-messages_pnr3.txt", 4, "UA988 FRA-IAD"),
    ("gtas-loader_pnr-messages_pnr4.txt", 1, "UA988 FRA-IAD"),
    (
        "gtas-loader_pnr-messages_pnrMessageExample.txt",
        5,
        "UA988 FRA-IAD",
    ),
    ("gtas-loader_pnr-messages_pnr_split.edi", 3, "AM498 MTY-LAS"),
    (
        "gtas-parsers_pnr-messages_bigMessagePnr.txt",
        7,
        "UA988 FRA-IAD",
    ),
    (
        "gtas-parsers_pnr-messages_bigbigPnr.txt",
        86,
        "XL1439 JFK-GYE",
    ),
    (
        "gtas-parsers_pnr-messages_danglingMetaCharacter.txt",
        1,
        "DL441 JFK-MBJ",
    ),
    (
        "gtas-parsers_pnr-messages_modifyPnr77ForCodeShare.txt",
        1,
        "TZ0006 SIN-OOL",
    ),
    (
        "gtas-parsers_pnr-messages_pnrAddressPhoneCTCM.txt",
        1,
        "UA988 FRA-IAD",
    ),
    ("gtas-parsers_pnr-messages_pnrEdge.txt", 1, "UA988 FRA-IAD"),
    (
        "gtas-parsers_pnr-messages_pnrMessage.txt",
        2,
        "DL324 LHR-JFK",
    ),
    (
        "gtas-parsers_pnr-messages_pnrMessageExample.txt",
        5,
        "UA988 FRA-IAD",
    ),
    (
        "gtas-parsers_pnr-messages_pnrMessagePg75.txt",
        2,
        "SQ609 ICN-SIN",
    ),
    (
        "gtas-parsers_pnr-messages_pnrMessagePg76.txt",
        2,
        "TZ0006 SIN-OOL",
    ),
    (
        "gtas-parsers_pnr-messages_pnrMessagePg77.txt",
        1,
        "TZ0006 SIN-OOL",
    ),
    (
        "gtas-parsers_pnr-messages_pnrNoOrgMsg.txt",
        1,
        "UA988 FRA-IAD",
    ),
    (
        "gtas-parsers_pnr-messages_pnrPhoneCTCM.txt",
        1,
        "UA988 FRA-IAD",
    ),
    (
        "gtas-parsers_pnr-messages_pnrPhoneCTC_M.txt",
        1,
        "UA988 FRA-IAD",
    ),
    (
        "gtas-parsers_pnr-messages_pnrSeatFormats.txt",
        1,
        "UA988 FRA-IAD",
    ),
    (
        "gtas-parsers_pnr-messages_pnrWithBags.txt",
        268,
        "UA988 FRA-IAD",
    ),
    (
        "gtas-parsers_pnr-messages_pnrWithDoco.txt",
        1,
        "UA988 FRA-IAD",
    ),
    (
        "gtas-parsers_pnr-messages_pnrWithPrefixesAndBookingDetailBags.txt",
        2,
        "UA988 FRA-IAD",
    ),
];

#[test]
fn every_pnrgov_sample_reads_into_a_manifest_or_is_rejected_with_where() {
    let Some(directory) = samples() else { return };
    let mut names: Vec<String> = std::fs::read_dir(&directory)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains("pnr"))
        .collect();
    names.sort();
    assert_eq!(
        names.len(),
        PNRGOV.len() + REJECTED.len(),
        "a PNRGOV sample is not in the tables: {names:?}"
    );
    for name in REJECTED {
        let rejection = edifact::parse(&read(&directory, name)).expect_err(name);
        assert!(rejection.error.segment > 0, "{name}: {rejection}");
        assert!(
            rejection.to_string().contains("at byte"),
            "{name}: {rejection}"
        );
    }
    for &(name, travellers, flight) in PNRGOV {
        let (manifest, problems) = manifest_of(&directory, name);
        assert_eq!(
            manifest.travellers.len(),
            travellers,
            "{name}: {problems:?}"
        );
        let leg = &manifest.legs[0];
        let read_flight = format!(
            "{}{} {}-{}",
            leg.carrier, leg.flight_number, leg.departure_port, leg.arrival_port
        );
        assert_eq!(read_flight, flight, "{name}");
        for traveller in &manifest.travellers {
            assert!(!traveller.surname.is_empty(), "{name}: {traveller:?}");
            assert!(traveller.reference.is_some(), "{name}: {traveller:?}");
        }
        for problem in &problems {
            assert!(problem.segment > 0, "{name}: {problem}");
        }
    }
}

#[test]
fn two_bookings_read_with_their_documents() {
    let Some(directory) = samples() else { return };
    let (manifest, problems) = manifest_of(&directory, "gtas-loader_pnr-messages_2_pnrs_basic.edi");
    assert!(problems.is_empty(), "{problems:?}");
    let references: Vec<&str> = manifest
        .travellers
        .iter()
        .filter_map(|t| t.reference.as_deref())
        .collect();
    assert_eq!(
        references,
        vec!["MFN4TI/1", "MFN4TI/2", "23456/1", "23456/2"]
    );
    let smith = &manifest.travellers[0];
    // the title glued to the given name is kept apart from it (issue 13)
    assert_eq!(
        (
            smith.surname.as_str(),
            smith.given_names.as_str(),
            smith.details.title.as_deref()
        ),
        ("SMITHJR", "JOHN", Some("MR"))
    );
    // The DOCS text is wrapped over two lines in the file.
    assert_eq!(smith.documents[0].number, "123456789");
    assert_eq!(smith.birth_date.as_deref(), Some("1964-07-12"));
    assert_eq!(
        smith.documents[0].expiry_date.as_deref(),
        Some("2019-08-23")
    );
    // Prepared on 2010-12-09: a birth in "12" is 1912.
    assert_eq!(
        manifest.travellers[2].birth_date.as_deref(),
        Some("1912-07-12")
    );
    // The itinerary leg JFK-YVR follows the pushed flight; the hotel (MSG 8) does not.
    assert_eq!(manifest.legs.len(), 2);
    assert_eq!(manifest.legs[1].arrival_port, "YVR");
}

#[test]
fn the_adult_and_her_infant_are_both_travellers() {
    let Some(directory) = samples() else { return };
    let (manifest, problems) =
        manifest_of(&directory, "gtas-loader_pnr-messages_adult_and_infant.edi");
    assert!(problems.is_empty(), "{problems:?}");
    let infant = &manifest.travellers[1];
    assert_eq!(infant.surname, "TESTSURNAMETWO");
    assert_eq!(infant.birth_date.as_deref(), Some("2011-08-10"));
    assert_eq!(infant.gender.as_deref(), Some("F"));
    assert_eq!(infant.documents[0].number, "AO234000");
    assert_eq!(manifest.travellers[0].documents[0].number, "52263000");
}

#[test]
fn the_split_booking_sample_keeps_both_bookings() {
    let Some(directory) = samples() else { return };
    // Not a split message: one message whose second booking was split from another (SG8
    // EQN + RCI), which names no traveller of its own.
    let (manifest, problems) = manifest_of(&directory, "gtas-loader_pnr-messages_pnr_split.edi");
    assert!(problems.is_empty(), "{problems:?}");
    let references: Vec<&str> = manifest
        .travellers
        .iter()
        .filter_map(|t| t.reference.as_deref())
        .collect();
    assert_eq!(references, vec!["ICOXXX/1.1", "ICOXXX/2.1", "BJOXXX/1.1"]);
    assert_eq!(manifest.travellers[2].documents[0].number, "AO589000");
}

#[test]
fn split_copies_of_a_sample_join_into_one_manifest() {
    let Some(directory) = samples() else { return };
    let text = read(&directory, "gtas-loader_pnr-messages_pnr1.txt");
    let other = read(&directory, "gtas-loader_pnr-messages_pnr2.txt");
    let first = edifact::parse(&text).unwrap().interchange;
    let second = edifact::parse(&other).unwrap().interchange;
    // Two pushes for DL324 of 2010-12-12 with different bookings: one manifest.
    let (manifests, _) = pnrgov::manifests_of_interchanges(&[&first, &second]);
    assert_eq!(manifests.len(), 1);
    assert_eq!(manifests[0].travellers.len(), 4);
}

#[test]
fn the_codeshare_sample_that_reads_keeps_the_operating_flight() {
    let Some(directory) = samples() else { return };
    // The KE/SQ codeshare, as the guide's page 75 prints it (codeshare.edi itself has a
    // malformed UNA and is rejected). Its second TIF is glued into the ORG before it, so
    // the traveller is read from her DOCS and reported.
    let (manifest, problems) =
        manifest_of(&directory, "gtas-parsers_pnr-messages_pnrMessagePg75.txt");
    assert_eq!(manifest.legs.len(), 1, "{:?}", manifest.legs);
    assert_eq!(manifest.legs[0].carrier, "SQ");
    assert_eq!(manifest.travellers[0].surname, "PARK");
    assert_eq!(manifest.travellers[1].surname, "KIM");
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].detail.contains("no TIF"), "{problems:?}");
}

#[test]
fn the_doco_sample_gives_a_visa() {
    let Some(directory) = samples() else { return };
    let (manifest, _) = manifest_of(&directory, "gtas-parsers_pnr-messages_pnrWithDoco.txt");
    let kinds: Vec<&str> = manifest.travellers[0]
        .documents
        .iter()
        .map(|d| d.kind.as_str())
        .collect();
    assert_eq!(kinds, vec!["P", "V"]);
}

#[test]
fn the_malformed_samples_say_where() {
    let Some(directory) = samples() else { return };
    let rejection = edifact::parse(&read(
        &directory,
        "gtas-parsers_pnr-messages_pnrBadFormat.txt",
    ))
    .unwrap_err();
    assert_eq!(rejection.error.tag, "UNZ");
    assert!(
        rejection.to_string().contains("not terminated"),
        "{rejection}"
    );
    // danglingMetaCharacter has bad UNT/UNZ references, which the syntax layer reports
    // and reads past: its traveller is read.
    let reading = edifact::parse(&read(
        &directory,
        "gtas-parsers_pnr-messages_danglingMetaCharacter.txt",
    ))
    .unwrap();
    assert!(!reading.problems.is_empty());
    let (manifests, _) = pnrgov::manifests(&reading.interchange);
    assert_eq!(manifests[0].travellers[0].surname, "SERIO");
}

/// The project's PNRGOV files the syntax layer rejects (see edifact_samples.rs for why).
const REJECTED_FIXTURES: &[&str] = &[
    "pnrgov_una_line_feed.edi",
    "pnrgov_una_typographic_apostrophe.edi",
    "pnrgov_unterminated_unz.txt",
];

/// The project's PNRGOV files: file, travellers, flight (carrier, number, from, to).
const PNRGOV_FIXTURES: &[(&str, usize, &str)] = &[
    ("pnrgov_adult_and_infant.edi", 2, "QX640 CMN-BCN"),
    ("pnrgov_codeshare.txt", 2, "QX518 DOH-AMM"),
    ("pnrgov_same_flight_later_push.txt", 2, "QX215 AMM-IST"),
    ("pnrgov_split_booking.edi", 3, "QX640 CMN-BCN"),
    ("pnrgov_two_bookings.edi", 4, "QX215 AMM-IST"),
    ("pnrgov_visa.txt", 1, "QX881 TUN-LHR"),
    ("pnrgov_wrong_references.txt", 1, "QX441 TUN-IST"),
];

#[test]
fn every_pnrgov_fixture_reads_into_a_manifest_or_is_rejected_with_where() {
    let directory = fixtures();
    let mut names: Vec<String> = std::fs::read_dir(&directory)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("pnrgov"))
        .collect();
    names.sort();
    assert_eq!(
        names.len(),
        PNRGOV_FIXTURES.len() + REJECTED_FIXTURES.len(),
        "a PNRGOV fixture is not in the tables: {names:?}"
    );
    for name in REJECTED_FIXTURES {
        let rejection = edifact::parse(&read(&directory, name)).expect_err(name);
        assert!(rejection.error.segment > 0, "{name}: {rejection}");
        assert!(
            rejection.to_string().contains("at byte"),
            "{name}: {rejection}"
        );
    }
    for &(name, travellers, flight) in PNRGOV_FIXTURES {
        let (manifest, problems) = manifest_of(&directory, name);
        assert_eq!(
            manifest.travellers.len(),
            travellers,
            "{name}: {problems:?}"
        );
        let leg = &manifest.legs[0];
        let read_flight = format!(
            "{}{} {}-{}",
            leg.carrier, leg.flight_number, leg.departure_port, leg.arrival_port
        );
        assert_eq!(read_flight, flight, "{name}");
        for traveller in &manifest.travellers {
            assert!(!traveller.surname.is_empty(), "{name}: {traveller:?}");
            assert!(traveller.reference.is_some(), "{name}: {traveller:?}");
        }
        for problem in &problems {
            assert!(problem.segment > 0, "{name}: {problem}");
        }
    }
}

#[test]
fn two_fictional_bookings_read_with_their_documents() {
    let (manifest, problems) = manifest_of(&fixtures(), "pnrgov_two_bookings.edi");
    assert!(problems.is_empty(), "{problems:?}");
    let references: Vec<&str> = manifest
        .travellers
        .iter()
        .filter_map(|t| t.reference.as_deref())
        .collect();
    assert_eq!(
        references,
        vec!["K7PW2D/1", "K7PW2D/2", "Q2M8TT/1", "Q2M8TT/2"]
    );
    let lina = &manifest.travellers[0];
    assert_eq!(
        (lina.surname.as_str(), lina.given_names.as_str()),
        ("HADDAD", "LINA")
    );
    // the DOCS text is wrapped over two lines in the file
    assert_eq!(lina.documents[0].number, "R4471902");
    assert_eq!(lina.birth_date.as_deref(), Some("1983-05-17"));
    assert_eq!(lina.documents[0].expiry_date.as_deref(), Some("2031-02-28"));
    // prepared on 2025-03-09: a birth in "27" is 1927
    assert_eq!(
        manifest.travellers[1].birth_date.as_deref(),
        Some("1927-11-02")
    );
    // the itinerary leg IST-LHR follows the pushed flight; the hotel (MSG 8) does not, and
    // the history's TIFs (after ABI) are not travellers
    assert_eq!(manifest.legs.len(), 2);
    assert_eq!(manifest.legs[1].arrival_port, "LHR");
    assert!(manifest.travellers.iter().all(|t| t.given_names != "LEENA"));
}

#[test]
fn the_fictional_adult_and_her_infant_are_both_travellers() {
    let (manifest, problems) = manifest_of(&fixtures(), "pnrgov_adult_and_infant.edi");
    assert!(problems.is_empty(), "{problems:?}");
    let infant = &manifest.travellers[1];
    assert_eq!(infant.surname, "BENJELLOUN");
    assert_eq!(infant.given_names, "YASMINE");
    assert_eq!(infant.birth_date.as_deref(), Some("2024-07-14"));
    assert_eq!(infant.gender.as_deref(), Some("F"));
    assert_eq!(infant.documents[0].number, "UQ7731005");
    assert_eq!(manifest.travellers[0].documents[0].number, "UQ2290417");
}

#[test]
fn the_split_booking_fixture_keeps_both_bookings() {
    // the last SG8 (EQN + RCI) is a booking split from another, naming no traveller
    let (manifest, problems) = manifest_of(&fixtures(), "pnrgov_split_booking.edi");
    assert!(problems.is_empty(), "{problems:?}");
    let references: Vec<&str> = manifest
        .travellers
        .iter()
        .filter_map(|t| t.reference.as_deref())
        .collect();
    assert_eq!(references, vec!["HRT2WQ/1.1", "HRT2WQ/2.1", "WNB6YE/1.1"]);
    assert_eq!(manifest.travellers[2].documents[0].number, "UZ0058831");
}

#[test]
fn two_pushes_of_one_fictional_flight_join_into_one_manifest() {
    let directory = fixtures();
    let first = edifact::parse(&read(&directory, "pnrgov_two_bookings.edi"))
        .unwrap()
        .interchange;
    let second = edifact::parse(&read(&directory, "pnrgov_same_flight_later_push.txt"))
        .unwrap()
        .interchange;
    // two pushes for QX215 of 2025-03-12 with different bookings: one manifest
    let (manifests, _) = pnrgov::manifests_of_interchanges(&[&first, &second]);
    assert_eq!(manifests.len(), 1);
    assert_eq!(manifests[0].travellers.len(), 6);
    // a booking pushed again replaces its earlier copy instead of doubling its travellers
    let (manifests, _) = pnrgov::manifests_of_interchanges(&[&first, &second, &second]);
    assert_eq!(manifests[0].travellers.len(), 6);
}

#[test]
fn the_codeshare_fixture_keeps_the_operating_flight() {
    // the booking's leg names the marketing carrier ZR and the operating QX: one leg, the
    // operating carrier's; the second TIF is glued into the ORG before it, so the traveller
    // is read from her DOCS and reported
    let (manifest, problems) = manifest_of(&fixtures(), "pnrgov_codeshare.txt");
    assert_eq!(manifest.legs.len(), 1, "{:?}", manifest.legs);
    assert_eq!(manifest.legs[0].carrier, "QX");
    assert_eq!(manifest.travellers[0].surname, "AL-SULAITI");
    assert_eq!(manifest.travellers[1].surname, "AL-KUWARI");
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].detail.contains("no TIF"), "{problems:?}");
}

#[test]
fn the_visa_fixture_gives_a_visa() {
    let (manifest, _) = manifest_of(&fixtures(), "pnrgov_visa.txt");
    let documents = &manifest.travellers[0].documents;
    let kinds: Vec<&str> = documents.iter().map(|d| d.kind.as_str()).collect();
    assert_eq!(kinds, vec!["P", "V"]);
    assert_eq!(documents[1].number, "GB4471902");
    assert_eq!(documents[1].issuing_state.as_deref(), Some("GBR"));
}

#[test]
fn the_malformed_fixtures_say_where() {
    let directory = fixtures();
    let rejection = edifact::parse(&read(&directory, "pnrgov_unterminated_unz.txt")).unwrap_err();
    assert_eq!(rejection.error.tag, "UNZ");
    assert!(
        rejection.to_string().contains("not terminated"),
        "{rejection}"
    );
    // bad UNT/UNZ references are reported and read past: the traveller is read
    let reading = edifact::parse(&read(&directory, "pnrgov_wrong_references.txt")).unwrap();
    assert!(!reading.problems.is_empty());
    let (manifests, _) = pnrgov::manifests(&reading.interchange);
    assert_eq!(manifests[0].travellers[0].surname, "GHARBI");
}
