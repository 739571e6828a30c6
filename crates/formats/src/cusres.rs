//! The answer to an interactive API request: a CUSRES message (`CUSRES:D:05B:UN:IATA`)
//! telling the airline, traveller by traveller, whether to board.
//!
//! The WCO/IATA/ICAO CUSRES implementation guide (2013) could not be read here; this
//! follows what public implementations of interactive API exchange (a check-in system
//! answered by an immigration authority, and an authority's gateway) agree on:
//!
//! - `BGM+962` (the answer to a request) and the request's transaction reference
//!   (`RFF+TN`), by which the airline matches answer to request;
//! - per leg: `RFF+AF` (carrier and flight), `DTM+189` / `DTM+232` (departure and
//!   arrival, `YYMMDDHHMM`, format 201) and `LOC+125` / `LOC+87`;
//! - per traveller: `ERP+2` (an answer about a traveller), `RFF+ABO` with the traveller's
//!   reference from the request, `ERC` with the directive and `FTX+AAP` with it in words.
//!
//! The directives are those codes' usual meanings: `0Z` board, `1Z` do not board, `2Z`
//! advisory (not cleared: the airline contacts the authority), `4Z` insufficient data.
//! Only `0Z` lets a traveller board.

use crate::edifact::{self, ContrlSettings, InterchangeHeader, Segment};
use crate::manifest::Manifest;

/// What an airline is told of one traveller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BoardStatus {
    /// Cleared to board.
    Board,
    /// Not to board: a record hit asks it.
    NoBoard,
    /// Not cleared: an officer reviews hits first; the airline contacts the authority.
    Advisory,
    /// Too little was sent to screen the traveller (no name).
    InsufficientData,
}

impl BoardStatus {
    /// The ERC code (9321).
    pub fn code(self) -> &'static str {
        match self {
            BoardStatus::Board => "0Z",
            BoardStatus::NoBoard => "1Z",
            BoardStatus::Advisory => "2Z",
            BoardStatus::InsufficientData => "4Z",
        }
    }

    /// The directive in words, for the agent's screen (FTX AAP).
    pub fn text(self) -> &'static str {
        match self {
            BoardStatus::Board => "OK TO BOARD",
            BoardStatus::NoBoard => "DO NOT BOARD",
            BoardStatus::Advisory => "NOT CLEARED - CONTACT THE BORDER AUTHORITY",
            BoardStatus::InsufficientData => "INSUFFICIENT DATA",
        }
    }
}

/// The CUSRES interchange answering `manifest`, read from an interchange with `request`
/// as its header: `statuses` holds one status a traveller, in the manifest's order. The
/// answer goes from the request's recipient to its sender, in its syntax and separators;
/// its message repeats the request message's reference.
pub fn cusres(
    request: &InterchangeHeader,
    manifest: &Manifest,
    statuses: &[BoardStatus],
    settings: &ContrlSettings,
) -> String {
    let element =
        |components: &[&str]| -> Vec<String> { components.iter().map(|c| c.to_string()).collect() };
    let mut body = vec![Segment::new("BGM", vec![element(&["962"])])];
    if let Some(reference) = &manifest.transaction_reference {
        // the whole composite as the request wrote it: the airline matches on all of it
        let mut components = vec!["TN".to_string()];
        components.extend(reference.iter().cloned());
        body.push(Segment::new("RFF", vec![components]));
    }
    for leg in &manifest.legs {
        let flight = format!("{}{}", leg.carrier, leg.flight_number);
        body.push(Segment::new("RFF", vec![element(&["AF", &flight])]));
        for (qualifier, time) in [("189", &leg.departure_time), ("232", &leg.arrival_time)] {
            if let Some(time) = time {
                body.push(flight_time(qualifier, time));
            }
        }
        for (qualifier, port) in [("125", &leg.departure_port), ("87", &leg.arrival_port)] {
            if !port.is_empty() {
                body.push(Segment::new(
                    "LOC",
                    vec![element(&[qualifier]), element(&[port])],
                ));
            }
        }
    }
    for (traveller, status) in manifest.travellers.iter().zip(statuses) {
        body.push(Segment::new("ERP", vec![element(&["2"])]));
        if let Some(reference) = &traveller.reference {
            body.push(Segment::new("RFF", vec![element(&["ABO", reference])]));
        }
        body.push(Segment::new("ERC", vec![element(&[status.code()])]));
        body.push(Segment::new(
            "FTX",
            vec![
                element(&["AAP"]),
                element(&[]),
                element(&[]),
                element(&[status.text()]),
            ],
        ));
    }
    let reference = if manifest.message_reference.is_empty() {
        settings.control_reference.as_str()
    } else {
        manifest.message_reference.as_str()
    };
    let message = edifact::message(reference, &["CUSRES", "D", "05B", "UN", "IATA"], body);
    let header = edifact::answer_header(request, settings);
    let segments = edifact::envelope(&header, vec![message]);
    edifact::print_answer(segments, &header)
}

/// A leg's time as the answer writes it: `DTM+189:YYMMDDHHMM:201`; a time without its
/// hour is written as a date (`YYMMDD`, format 101).
fn flight_time(qualifier: &str, time: &str) -> Segment {
    let digits: String = time.chars().filter(char::is_ascii_digit).collect();
    // drop the century of a four-digit year
    let digits = if digits.len() >= 8 {
        &digits[2..]
    } else {
        &digits
    };
    let (value, format) = if digits.len() >= 10 {
        (&digits[..10], "201")
    } else {
        (digits, "101")
    };
    Segment::new(
        "DTM",
        vec![vec![
            qualifier.to_string(),
            value.to_string(),
            format.to_string(),
        ]],
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edifact::Separators;
    use crate::manifest::{Leg, Role, Source, Traveller};

    fn traveller(surname: &str, reference: Option<&str>) -> Traveller {
        Traveller {
            details: Default::default(),
            role: Role::Passenger,
            surname: surname.to_string(),
            given_names: "ANN".to_string(),
            birth_date: None,
            gender: None,
            nationality: None,
            documents: Vec::new(),
            reference: reference.map(str::to_string),
            segment: 0,
        }
    }

    #[test]
    fn an_answer_names_each_traveller_with_the_directive_and_reads_back() {
        let manifest = Manifest {
            source: Source::Paxlst,
            message_reference: "M7".to_string(),
            interactive: true,
            transaction_reference: Some(vec!["0000100".to_string()]),
            legs: vec![Leg {
                carrier: "CA".to_string(),
                flight_number: "339".to_string(),
                departure_port: "ICN".to_string(),
                arrival_port: "CAN".to_string(),
                departure_time: Some("2026-11-29T16:20".to_string()),
                arrival_time: Some("2026-11-29T20:35".to_string()),
            }],
            travellers: vec![
                traveller("ONE", Some("P1")),
                traveller("TWO", Some("P2")),
                traveller("THREE", None),
            ],
        };
        let request = InterchangeHeader {
            separators: Separators::default(),
            sender: "AIRLINE".to_string(),
            recipient: "BORDER".to_string(),
            control_reference: "42".to_string(),
            ..Default::default()
        };
        let settings = ContrlSettings {
            control_reference: "GC1".to_string(),
            prepared_date: "261129".to_string(),
            prepared_time: "1200".to_string(),
            own_identification: "BORDER".to_string(),
        };
        let statuses = [
            BoardStatus::Board,
            BoardStatus::NoBoard,
            BoardStatus::Advisory,
        ];
        let text = cusres(&request, &manifest, &statuses, &settings);
        for expected in [
            "UNB+UNOA:4+BORDER+AIRLINE+261129:1200+GC1'",
            "UNH+M7+CUSRES:D:05B:UN:IATA'",
            "BGM+962'RFF+TN:0000100'RFF+AF:CA339'DTM+189:2611291620:201'DTM+232:2611292035:201'LOC+125+ICN'LOC+87+CAN'",
            "ERP+2'RFF+ABO:P1'ERC+0Z'FTX+AAP+++OK TO BOARD'",
            "ERP+2'RFF+ABO:P2'ERC+1Z'FTX+AAP+++DO NOT BOARD'",
            "ERP+2'ERC+2Z'",
            "UNZ+1+GC1'",
        ] {
            assert!(text.contains(expected), "{expected} not in {text}");
        }
        // a well-formed interchange: counts and references check out
        let reading = edifact::parse(text.as_bytes()).unwrap_or_else(|r| panic!("{r}"));
        assert!(reading.problems.is_empty(), "{:?}", reading.problems);
        assert_eq!(reading.interchange.messages[0].kind, "CUSRES");
    }

    #[test]
    fn the_request_reference_is_repeated_whole() {
        // Issue 13: `RFF+TN:…:::001` came back as `RFF+TN:…`; the release character
        // in the reference is kept too.
        let request = "UNA:+.? 'UNB+UNOA:4+AIRLINE+BORDER+261129:1200+42++IAPI'\
UNH+M7+PAXLST:D:05B:UN:IATA'BGM+745'RFF+TN:BA?+123:::001'TDT+20+CA339+++CA'\
NAD+FL+++ONE:ANN'RFF+ABO:P1'UNT+7+M7'UNZ+1+42'";
        let reading = edifact::parse(request.as_bytes()).unwrap_or_else(|r| panic!("{r}"));
        let (manifests, _) = crate::paxlst::manifests(&reading.interchange);
        let settings = ContrlSettings {
            control_reference: "GC1".to_string(),
            prepared_date: "261129".to_string(),
            prepared_time: "1200".to_string(),
            own_identification: "BORDER".to_string(),
        };
        let text = cusres(
            &reading.interchange.header,
            &manifests[0],
            &[BoardStatus::Board],
            &settings,
        );
        assert!(text.contains("RFF+TN:BA?+123:::001'"), "{text}");
    }
}
