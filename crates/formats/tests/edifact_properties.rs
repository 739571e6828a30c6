//! A manifest written as PAXLST with any separators reads back as the same manifest, even
//! when names hold the separators themselves (so release characters are needed).

use gatecheck_formats::edifact::{self, InterchangeHeader, Separators, Syntax};
use gatecheck_formats::manifest::{
    Document, Leg, Manifest, Role, Source, Traveller, TravellerDetails,
};
use gatecheck_formats::paxlst;
use proptest::prelude::*;

/// Characters a separator may be: punctuation of the UNOB repertoire.
const SAFE: &[u8] = b"!\"#%&*+,/:;<=>?@^_|~'";

fn separators() -> impl Strategy<Value = Separators> {
    Just(SAFE.to_vec())
        .prop_shuffle()
        .prop_map(|chosen| Separators {
            component: chosen[0],
            element: chosen[1],
            decimal_mark: b'.',
            release: chosen[2],
            repetition: chosen[3],
            terminator: chosen[4],
        })
}

/// Text of letters and the characters separators may be, without blanks at either end
/// (PAXLST fields are read trimmed).
fn text(max: usize) -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            3 => proptest::char::range('A', 'Z'),
            1 => proptest::sample::select(SAFE.iter().map(|&b| char::from(b)).collect::<Vec<_>>()),
        ],
        1..max,
    )
    .prop_map(|chars| chars.into_iter().collect())
}

fn date() -> impl Strategy<Value = String> {
    (1900u16..2100, 1u8..=12, 1u8..=28).prop_map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}"))
}

fn document() -> impl Strategy<Value = Document> {
    (
        text(12),
        proptest::sample::select(vec!["P", "I", "V", "A", "C"]),
        proptest::option::of(text(4)),
        proptest::option::of(date()),
    )
        .prop_map(|(number, kind, issuing_state, expiry_date)| Document {
            number,
            kind: kind.to_string(),
            issuing_state,
            expiry_date,
        })
}

fn details() -> impl Strategy<Value = TravellerDetails> {
    let place = || proptest::option::of(text(12));
    (
        proptest::option::of(proptest::sample::select(vec!["MR", "MRS", "DR", "MSTR"])),
        place(),
        place(),
        place(),
        place(),
        place(),
        proptest::collection::vec(("[A-Z]{2}", text(16)), 0..3),
    )
        .prop_map(
            |(title, birth_place, residence, embarkation, debarkation, clearance, contacts)| {
                TravellerDetails {
                    // written after the given names, read back apart from them
                    title: title.map(str::to_string),
                    birth_place,
                    residence,
                    embarkation,
                    debarkation,
                    clearance,
                    contacts: contacts
                        .into_iter()
                        .map(|(kind, number)| format!("{kind}:{number}"))
                        .collect(),
                    // PAXLST writes no traveller address (PNRGOV's SSR DOCA gives them)
                    addresses: Vec::new(),
                }
            },
        )
}

fn traveller() -> impl Strategy<Value = Traveller> {
    (
        proptest::sample::select(vec![Role::Passenger, Role::Crew, Role::Other]),
        text(20),
        text(20),
        proptest::option::of(date()),
        proptest::option::of(proptest::sample::select(vec!["M", "F", "X", "U"])),
        proptest::option::of(text(4)),
        proptest::collection::vec(document(), 0..3),
        proptest::option::of(text(10)),
        details(),
    )
        .prop_map(
            |(
                role,
                surname,
                given_names,
                birth_date,
                gender,
                nationality,
                documents,
                reference,
                details,
            )| Traveller {
                details,
                role,
                surname,
                given_names,
                birth_date,
                gender: gender.map(str::to_string),
                nationality,
                documents,
                reference,
                segment: 0,
            },
        )
}

fn leg() -> impl Strategy<Value = Leg> {
    let time =
        || (date(), 0u8..24, 0u8..60).prop_map(|(date, h, m)| format!("{date}T{h:02}:{m:02}"));
    (
        "[A-Z]{2}",
        "[0-9]{1,4}",
        "[A-Z]{3}",
        "[A-Z]{3}",
        proptest::option::of(time()),
        proptest::option::of(time()),
    )
        .prop_map(
            |(
                carrier,
                flight_number,
                departure_port,
                arrival_port,
                departure_time,
                arrival_time,
            )| Leg {
                carrier,
                flight_number,
                departure_port,
                arrival_port,
                departure_time,
                arrival_time,
            },
        )
}

fn manifest() -> impl Strategy<Value = Manifest> {
    (
        "[A-Z0-9]{1,14}",
        // a reference alone, or with its version as the fourth component (`REF:::001`)
        proptest::option::of(("[A-Z0-9]{1,10}", "([0-9]{3})?")).prop_map(|reference| {
            reference.map(|(reference, version)| {
                if version.is_empty() {
                    vec![reference]
                } else {
                    vec![reference, String::new(), String::new(), version]
                }
            })
        }),
        proptest::collection::vec(leg(), 1..4),
        proptest::collection::vec(traveller(), 0..6),
    )
        .prop_map(
            |(message_reference, transaction_reference, legs, travellers)| Manifest {
                source: Source::Paxlst,
                message_reference,
                // a transaction reference marks an interactive request
                interactive: transaction_reference.is_some(),
                transaction_reference,
                legs,
                travellers,
            },
        )
}

proptest! {
    #[test]
    fn paxlst_written_with_any_separators_reads_back(manifest in manifest(), separators in separators()) {
        let header = InterchangeHeader {
            separators,
            syntax: Syntax { identifier: "UNOB".to_string(), version: "4".to_string() },
            sender: "AIR1".to_string(),
            recipient: "BORDER".to_string(),
            control_reference: "42".to_string(),
            prepared_date: "240315".to_string(),
            prepared_time: "0900".to_string(),
            segment: None,
        };
        let segments = edifact::envelope(&header, vec![paxlst::message_segments(&manifest)]);
        let text = edifact::print_interchange(&segments, &separators);
        let reading = edifact::parse(text.as_bytes()).map_err(|r| TestCaseError::fail(format!("{r}\n{text}")))?;
        prop_assert!(reading.problems.is_empty(), "{:?}\n{}", reading.problems, text);
        let (mut manifests, problems) = paxlst::manifests(&reading.interchange);
        prop_assert!(problems.is_empty(), "{:?}\n{}", problems, text);
        prop_assert_eq!(manifests.len(), 1);
        let mut read = manifests.remove(0);
        for traveller in &mut read.travellers {
            prop_assert!(traveller.segment > 0);
            traveller.segment = 0;
        }
        prop_assert_eq!(read, manifest);
    }
}
