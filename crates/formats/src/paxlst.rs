//! PAXLST (advance passenger information, UN/EDIFACT D02B and D05B) as the WCO/IATA/ICAO
//! API guidelines and the US CBP variant use it: the flight's legs and each traveller with
//! documents, read into [`Manifest`]s; and the reverse, for answers and property tests.
//!
//! What is read, by segment of a message body:
//! - `BGM` document name code: 745 passenger list, 250 crew list (and 266, 655 ...). A message
//!   is treated as interactive (an answer per traveller expected) when it carries a
//!   transaction reference (RFF TN) or its interchange's application reference is `IAPI`;
//!   see [`INTERACTIVE_APPLICATION_REFERENCE`] for why.
//! - `TDT+20` starts a leg: 8028 holds carrier and flight number, C040 the carrier. After it,
//!   `LOC+125` (departure) / `LOC+87` (arrival) or `LOC+92` (routing: first departure, then
//!   arrival), each followed by `DTM+189` (departure) or `DTM+232` (arrival). The leg with
//!   LOC 125/87, the one the manifest is sent for, comes first; routing legs follow in
//!   message order.
//! - `NAD` with FL (passenger), FM (crew), COT (crew on other transport, read as crew), DDT or
//!   DDU (in transit, other) starts a traveller: C080 surname then given names; then
//!   `ATT+2` gender, `DTM+329` birth date, `NAT+2` nationality, the first `RFF` as reference,
//!   `DOC` (C002 type, C503 number) with its `DTM+36` expiry and `LOC+91` issuing state.
//!   `LOC` 22/174/178/179/180 (clearance, residence, embarkation, debarkation, birth) and
//!   the traveller's `COM` are kept as its details.
//! - `CNT+42` (passengers) and `CNT+41` (crew) are compared with the travellers read.
//!
//! Two-digit years are read against the interchange's own date (UNB S004), never a clock:
//! a birth date is in the past of it; other dates within fifty years either side.

use crate::edifact::{self, Interchange, Message, Segment};
use crate::manifest::{Document, Leg, Manifest, Role, Source, Traveller, TravellerDetails};
use crate::message_dates::{number, reference_date, with_century, ymd, Century};
use crate::mrz::CivilDate;
use crate::titles;

/// The UNB application reference (0026) of an interchange of interactive API requests.
///
/// How a PAXLST asks for an answer per traveller could not be read from the WCO/IATA/ICAO
/// guideline itself. Public implementations of interactive API (a check-in system's
/// exchanges with an immigration authority) send the request as an ordinary passenger list
/// (BGM 745, or 745 CP for changed data) in an interchange whose application reference is
/// `IAPI`, with the exchange's transaction reference at message level (RFF TN), which the
/// CUSRES answer repeats. A PAXLST is taken as interactive when either marker is there.
/// (BGM 655, taken as interactive before, is a gate pass request.)
pub const INTERACTIVE_APPLICATION_REFERENCE: &str = "IAPI";

/// Something wrong in a PAXLST message that did not stop the reading.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("message {message_reference:?}, segment {segment}: {detail}")]
pub struct PaxlstProblem {
    pub message_reference: String,
    /// The segment's number in the interchange (from 1), 0 for the message as a whole.
    pub segment: usize,
    pub detail: String,
}

/// The manifests of every PAXLST message of an interchange, with what was wrong in them.
pub fn manifests(interchange: &Interchange) -> (Vec<Manifest>, Vec<PaxlstProblem>) {
    let mut problems = Vec::new();
    let today = match reference_date(&interchange.header) {
        Some(date) => date,
        None => {
            problems.push(PaxlstProblem {
                message_reference: String::new(),
                segment: interchange.header.segment.as_ref().map_or(0, |s| s.number),
                detail: format!(
                    "UNB date {:?} is not a date; two-digit years read as if prepared on 2030-12-31",
                    interchange.header.prepared_date
                ),
            });
            CivilDate::new(2030, 12, 31).unwrap_or_else(|| unreachable!("a valid date"))
        }
    };
    let interactive_interchange = interchange.header.segment.as_ref().is_some_and(|unb| {
        unb.get(6, 0)
            .trim()
            .eq_ignore_ascii_case(INTERACTIVE_APPLICATION_REFERENCE)
    });
    let manifests = interchange
        .messages
        .iter()
        .filter(|message| message.kind == "PAXLST")
        .map(|message| {
            let mut manifest = manifest(message, today, &mut problems);
            manifest.interactive |= interactive_interchange;
            manifest
        })
        .collect();
    (manifests, problems)
}

/// `MMDD` in `year`.
fn ymd_of(year: u16, month_day: &str) -> Option<CivilDate> {
    ymd(
        year,
        number(month_day.get(0..2)?)?,
        number(month_day.get(2..4)?)?,
    )
}

/// `MMDD` after a two-digit year, with its century.
fn with_century_of(
    two_digits: u16,
    month_day: &str,
    today: CivilDate,
    century: Century,
) -> Option<CivilDate> {
    let month = number(month_day.get(0..2)?)?;
    let day = number(month_day.get(2..4)?)?;
    with_century(two_digits, month, day, today, century)
}

/// A DTM value: `(date, HH:MM)`. Format codes 101 (YYMMDD), 102 (CCYYMMDD), 201
/// (YYMMDDHHMM), 203 (CCYYMMDDHHMM), 602 (CCYY), 610 (CCYYMM); without one, the length
/// decides. Dates of only a year or a month come back as `YYYY` or `YYYY-MM`.
fn dtm_value(
    value: &str,
    format: &str,
    today: CivilDate,
    century: Century,
) -> Option<(String, Option<String>)> {
    let value = value.trim();
    let format = match (format, value.len()) {
        ("", 6) => "101",
        ("", 8) => "102",
        ("", 10) => "201",
        ("", 12) => "203",
        ("", 4) => "602",
        (format, _) => format,
    };
    let time = |text: &str| -> Option<String> {
        let hour = number(text.get(0..2)?)?;
        let minute = number(text.get(2..4)?)?;
        (hour < 24 && minute < 60).then(|| format!("{hour:02}:{minute:02}"))
    };
    let expected_length = match format {
        "101" => 6,
        "102" => 8,
        "201" => 10,
        "203" => 12,
        "602" => 4,
        "610" => 6,
        _ => return None,
    };
    // Digits only: a length counts bytes, and a multi-byte character among them would put
    // a slice inside a character.
    if value.len() != expected_length || !value.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    // Every byte is an ASCII digit, so every range below falls on characters; `get` keeps
    // that from being a promise the code relies on.
    let part = |range: std::ops::Range<usize>| value.get(range);
    match format {
        "101" => Some((
            with_century_of(number(part(0..2)?)?, part(2..6)?, today, century)?.to_string(),
            None,
        )),
        "102" => Some((ymd_of(number(part(0..4)?)?, part(4..8)?)?.to_string(), None)),
        "201" => Some((
            with_century_of(number(part(0..2)?)?, part(2..6)?, today, century)?.to_string(),
            Some(time(part(6..10)?)?),
        )),
        "203" => Some((
            ymd_of(number(part(0..4)?)?, part(4..8)?)?.to_string(),
            Some(time(part(8..12)?)?),
        )),
        "602" => Some((format!("{:04}", number(value)?), None)),
        "610" => {
            let month = number(part(4..6)?)?;
            let year = number(part(0..4)?)?;
            (1..=12)
                .contains(&month)
                .then(|| (format!("{year:04}-{month:02}"), None))
        }
        _ => None,
    }
}

/// Where in the message the reading is, for the segments whose meaning depends on it.
enum Place {
    /// Before any leg or traveller.
    Heading,
    /// In a leg.
    Leg,
    /// In a traveller.
    Traveller,
}

fn role(qualifier: &str) -> Option<Role> {
    match qualifier {
        "FL" => Some(Role::Passenger),
        "FM" | "COT" => Some(Role::Crew),
        "DDT" | "DDU" => Some(Role::Other),
        _ => None,
    }
}

/// Splits TDT 8028 (`LH0400`) into carrier and flight number, knowing the carrier of C040
/// if given.
fn carrier_and_number(reference: &str, carrier: &str) -> (String, String) {
    let reference = reference.trim();
    if !carrier.is_empty() {
        let number = reference.strip_prefix(carrier).unwrap_or(reference);
        return (carrier.to_string(), number.to_string());
    }
    // IATA designators are two characters; a third letter before the digits makes an ICAO one.
    let bytes = reference.as_bytes();
    let length = if bytes.len() > 3
        && bytes[2].is_ascii_alphabetic()
        && bytes[..2].iter().all(u8::is_ascii_alphabetic)
    {
        3
    } else {
        2.min(bytes.len())
    };
    match (reference.get(..length), reference.get(length..)) {
        (Some(carrier), Some(number)) => (carrier.to_string(), number.to_string()),
        _ => (String::new(), reference.to_string()),
    }
}

fn manifest(message: &Message, today: CivilDate, problems: &mut Vec<PaxlstProblem>) -> Manifest {
    let reference = message.reference.clone();
    let mut report = |segment: &Segment, detail: String| {
        problems.push(PaxlstProblem {
            message_reference: reference.clone(),
            segment: segment.number,
            detail,
        })
    };
    let mut transaction_reference: Option<Vec<String>> = None;
    let mut screened_leg: Option<Leg> = None;
    let mut routing_legs: Vec<Leg> = Vec::new();
    let mut leg: Option<(Leg, bool)> = None;
    let mut travellers: Vec<Traveller> = Vec::new();
    let mut counts: Vec<(&Segment, String, usize)> = Vec::new();
    let mut place = Place::Heading;
    let finish_leg =
        |leg: Option<(Leg, bool)>, screened: &mut Option<Leg>, routing: &mut Vec<Leg>| {
            if let Some((leg, is_screened)) = leg {
                if is_screened && screened.is_none() {
                    *screened = Some(leg);
                } else {
                    routing.push(leg);
                }
            }
        };
    for segment in message.body() {
        let qualifier = segment.get(0, 0);
        match (segment.tag.as_str(), &place) {
            ("RFF", Place::Heading) if qualifier == "TN" => {
                // every component after the qualifier (reference, line, version, revision):
                // the answer repeats the composite whole
                let components = segment
                    .elements
                    .first()
                    .and_then(|composite| composite.get(1..))
                    .unwrap_or_default();
                if !segment.get(0, 1).trim().is_empty() {
                    transaction_reference = Some(components.to_vec());
                }
            }
            ("TDT", _) => {
                finish_leg(leg.take(), &mut screened_leg, &mut routing_legs);
                let (carrier, flight_number) =
                    carrier_and_number(segment.get(1, 0), segment.get(4, 0).trim());
                if flight_number.is_empty() {
                    report(segment, "TDT has no flight number".to_string());
                }
                leg = Some((
                    Leg {
                        carrier,
                        flight_number,
                        ..Leg::default()
                    },
                    false,
                ));
                place = Place::Leg;
            }
            ("LOC", Place::Leg) if matches!(qualifier, "125" | "87" | "92") => {
                let port = segment.get(1, 0).trim().to_string();
                if let Some((current, screened)) = leg.as_mut() {
                    match qualifier {
                        "125" => {
                            current.departure_port = port;
                            *screened = true;
                        }
                        "87" => {
                            current.arrival_port = port;
                            *screened = true;
                        }
                        _ if current.departure_port.is_empty() => current.departure_port = port,
                        _ => current.arrival_port = port,
                    }
                }
                place = Place::Leg;
            }
            ("DTM", Place::Leg) if matches!(qualifier, "189" | "232") => {
                match dtm_value(segment.get(0, 1), segment.get(0, 2), today, Century::Near) {
                    Some((date, time)) => {
                        let text = match time {
                            Some(time) => format!("{date}T{time}"),
                            None => date,
                        };
                        if let Some((current, _)) = leg.as_mut() {
                            if qualifier == "189" {
                                current.departure_time = Some(text);
                            } else {
                                current.arrival_time = Some(text);
                            }
                        }
                    }
                    None => report(
                        segment,
                        format!(
                            "DTM {qualifier} value {:?} is not a date and time",
                            segment.get(0, 1)
                        ),
                    ),
                }
            }
            ("NAD", _) => match role(qualifier) {
                Some(role) => {
                    finish_leg(leg.take(), &mut screened_leg, &mut routing_legs);
                    let surname = segment.get(3, 0).trim().to_string();
                    let given_names = segment
                        .elements
                        .get(3)
                        .map(|name| {
                            name.iter()
                                .skip(1)
                                .map(|part| part.trim())
                                .filter(|part| !part.is_empty())
                                .collect::<Vec<_>>()
                                .join(" ")
                        })
                        .unwrap_or_default();
                    // API names come from the document, where a title is a word of its
                    // own when a system adds one: never split from a name's letters
                    let (given_names, title) =
                        titles::split(&given_names, titles::Glued::NotWritten);
                    if surname.is_empty() {
                        report(
                            segment,
                            format!("NAD {qualifier} traveller has no surname (C080)"),
                        );
                    }
                    travellers.push(Traveller {
                        details: TravellerDetails {
                            title,
                            ..TravellerDetails::default()
                        },
                        role,
                        surname,
                        given_names,
                        birth_date: None,
                        gender: None,
                        nationality: None,
                        documents: Vec::new(),
                        reference: None,
                        segment: segment.number,
                    });
                    place = Place::Traveller;
                }
                None => {
                    // A reporting party (MS) or a qualifier of no traveller.
                    if matches!(place, Place::Traveller) {
                        place = Place::Heading;
                    }
                }
            },
            ("ATT", Place::Traveller) if qualifier == "2" => {
                if let Some(traveller) = travellers.last_mut() {
                    let gender = segment.get(2, 0).trim();
                    traveller.gender = (!gender.is_empty()).then(|| gender.to_string());
                }
            }
            ("DTM", Place::Traveller) if matches!(qualifier, "329" | "36") => {
                let century = if qualifier == "329" {
                    Century::Past
                } else {
                    Century::Near
                };
                let value = dtm_value(segment.get(0, 1), segment.get(0, 2), today, century)
                    .map(|(date, _)| date);
                if value.is_none() {
                    report(
                        segment,
                        format!(
                            "DTM {qualifier} value {:?} is not a date",
                            segment.get(0, 1)
                        ),
                    );
                }
                if let Some(traveller) = travellers.last_mut() {
                    if qualifier == "329" {
                        traveller.birth_date = value;
                    } else if let Some(document) = traveller.documents.last_mut() {
                        document.expiry_date = value;
                    } else {
                        report(
                            segment,
                            "DTM 36 (expiry) without a DOC before it".to_string(),
                        );
                    }
                }
            }
            ("NAT", Place::Traveller) => {
                if let Some(traveller) = travellers.last_mut() {
                    let nationality = segment.get(1, 0).trim();
                    traveller.nationality =
                        (!nationality.is_empty()).then(|| nationality.to_string());
                }
            }
            ("RFF", Place::Traveller) => {
                if let Some(traveller) = travellers.last_mut() {
                    // the passenger's unique reference (ABO), which an interactive answer
                    // names the passenger by, over others (the booking's, AVF)
                    let value = segment.get(0, 1).trim();
                    if (traveller.reference.is_none() || qualifier == "ABO") && !value.is_empty() {
                        traveller.reference = Some(value.to_string());
                    }
                }
            }
            ("DOC", Place::Traveller) => {
                if let Some(traveller) = travellers.last_mut() {
                    let number = segment.get(1, 0).trim().to_string();
                    if number.is_empty() {
                        report(segment, "DOC has no document number (C503)".to_string());
                    }
                    traveller.documents.push(Document {
                        number,
                        kind: segment.get(0, 0).trim().to_string(),
                        issuing_state: None,
                        expiry_date: None,
                    });
                }
            }
            ("LOC", Place::Traveller) if qualifier == "91" => {
                if let Some(traveller) = travellers.last_mut() {
                    let state = segment.get(1, 0).trim();
                    match traveller.documents.last_mut() {
                        Some(document) => {
                            document.issuing_state = (!state.is_empty()).then(|| state.to_string())
                        }
                        None => report(
                            segment,
                            "LOC 91 (issuing state) without a DOC before it".to_string(),
                        ),
                    }
                }
            }
            ("CNT", _) if matches!(qualifier, "41" | "42") => {
                match segment.get(0, 1).trim().parse::<usize>() {
                    Ok(stated) => counts.push((segment, qualifier.to_string(), stated)),
                    Err(_) => report(
                        segment,
                        format!(
                            "CNT {qualifier} count {:?} is not a number",
                            segment.get(0, 1)
                        ),
                    ),
                }
            }
            ("LOC", Place::Traveller)
                if matches!(qualifier, "22" | "174" | "178" | "179" | "180") =>
            {
                if let Some(traveller) = travellers.last_mut() {
                    let place = place_text(segment);
                    let details = &mut traveller.details;
                    let slot = match qualifier {
                        "22" => &mut details.clearance,
                        "174" => &mut details.residence,
                        "178" => &mut details.embarkation,
                        "179" => &mut details.debarkation,
                        _ => &mut details.birth_place,
                    };
                    if slot.is_none() && !place.is_empty() {
                        *slot = Some(place);
                    }
                }
            }
            ("COM", Place::Traveller) => {
                if let Some(traveller) = travellers.last_mut() {
                    for element in &segment.elements {
                        let number = element.first().map_or("", |n| n.trim());
                        let kind = element.get(1).map_or("", |k| k.trim());
                        if !number.is_empty() {
                            traveller.details.contacts.push(format!("{kind}:{number}"));
                        }
                    }
                }
            }
            // Anything else (FTX, GEI, COM of the reporting party, segments of later
            // directories) is read past.
            _ => {}
        }
    }
    finish_leg(leg.take(), &mut screened_leg, &mut routing_legs);
    for (segment, qualifier, stated) in counts {
        let (counted, what) = if qualifier == "41" {
            (
                travellers.iter().filter(|t| t.role == Role::Crew).count(),
                "crew",
            )
        } else {
            (
                travellers.iter().filter(|t| t.role != Role::Crew).count(),
                "passengers",
            )
        };
        if stated != counted {
            report(
                segment,
                format!("CNT {qualifier} states {stated} {what} but the message has {counted}"),
            );
        }
    }
    let mut legs: Vec<Leg> = screened_leg.into_iter().collect();
    legs.extend(routing_legs);
    if legs.is_empty() {
        problems.push(PaxlstProblem {
            message_reference: message.reference.clone(),
            segment: message.segments.first().map_or(0, |s| s.number),
            detail: "message has no flight (TDT)".to_string(),
        });
    }
    Manifest {
        source: Source::Paxlst,
        message_reference: message.reference.clone(),
        interactive: transaction_reference.is_some(),
        transaction_reference,
        legs,
        travellers,
    }
}

/// A place as a LOC segment writes it: its codes and names (C517 3225 and 3224, and the
/// related places after it), space separated.
fn place_text(segment: &Segment) -> String {
    segment
        .elements
        .iter()
        .skip(1)
        .flat_map(|element| [element.first(), element.get(3)])
        .flatten()
        .map(|part| part.trim())
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn element(components: &[&str]) -> Vec<String> {
    components.iter().map(|c| c.to_string()).collect()
}

/// A date of the model (`YYYY-MM-DD`, `YYYY-MM`, `YYYY`, optionally `THH:MM`) as a DTM value
/// and format code.
fn dtm_text(text: &str) -> (String, &'static str) {
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    let format = match digits.len() {
        4 => "602",
        6 => "610",
        12 => "203",
        _ => "102",
    };
    (digits, format)
}

pub(crate) fn dtm(qualifier: &str, text: &str) -> Segment {
    let (value, format) = dtm_text(text);
    Segment::new("DTM", vec![element(&[qualifier, &value, format])])
}

/// A manifest written as a PAXLST message (UNH to UNT, D:05B): BGM 745 (with RFF TN when
/// the manifest has a transaction reference), a TDT group per leg (the first with LOC 125/87, the others LOC 92),
/// a NAD group per traveller and CNT 42 / CNT 41. Dates are written with four-digit years.
pub fn message_segments(manifest: &Manifest) -> Vec<Segment> {
    let mut body = Vec::new();
    body.push(Segment::new("BGM", vec![element(&["745"])]));
    if let Some(reference) = &manifest.transaction_reference {
        let mut components = vec!["TN".to_string()];
        components.extend(reference.iter().cloned());
        body.push(Segment::new("RFF", vec![components]));
    }
    for (index, leg) in manifest.legs.iter().enumerate() {
        let flight = format!("{}{}", leg.carrier, leg.flight_number);
        body.push(Segment::new(
            "TDT",
            vec![
                element(&["20"]),
                element(&[&flight]),
                element(&[""]),
                element(&[""]),
                element(&[&leg.carrier]),
            ],
        ));
        let (departure, arrival) = if index == 0 {
            ("125", "87")
        } else {
            ("92", "92")
        };
        body.push(Segment::new(
            "LOC",
            vec![element(&[departure]), element(&[&leg.departure_port])],
        ));
        if let Some(time) = &leg.departure_time {
            body.push(dtm("189", time));
        }
        body.push(Segment::new(
            "LOC",
            vec![element(&[arrival]), element(&[&leg.arrival_port])],
        ));
        if let Some(time) = &leg.arrival_time {
            body.push(dtm("232", time));
        }
    }
    for traveller in &manifest.travellers {
        let qualifier = match traveller.role {
            Role::Passenger => "FL",
            Role::Crew => "FM",
            Role::Other => "DDU",
        };
        let given_names = match &traveller.details.title {
            Some(title) => format!("{} {title}", traveller.given_names),
            None => traveller.given_names.clone(),
        };
        body.push(Segment::new(
            "NAD",
            vec![
                element(&[qualifier]),
                element(&[""]),
                element(&[""]),
                element(&[&traveller.surname, &given_names]),
            ],
        ));
        if let Some(gender) = &traveller.gender {
            body.push(Segment::new(
                "ATT",
                vec![element(&["2"]), element(&[""]), element(&[gender])],
            ));
        }
        if let Some(birth_date) = &traveller.birth_date {
            body.push(dtm("329", birth_date));
        }
        if let Some(nationality) = &traveller.nationality {
            body.push(Segment::new(
                "NAT",
                vec![element(&["2"]), element(&[nationality])],
            ));
        }
        let details = &traveller.details;
        for (qualifier, place) in [
            ("22", &details.clearance),
            ("174", &details.residence),
            ("178", &details.embarkation),
            ("179", &details.debarkation),
            ("180", &details.birth_place),
        ] {
            if let Some(place) = place {
                body.push(Segment::new(
                    "LOC",
                    vec![element(&[qualifier]), element(&["", "", "", place])],
                ));
            }
        }
        if !details.contacts.is_empty() {
            let elements = details
                .contacts
                .iter()
                .map(|contact| {
                    let (kind, number) = contact.split_once(':').unwrap_or(("", contact));
                    element(&[number, kind])
                })
                .collect();
            body.push(Segment::new("COM", elements));
        }
        if let Some(reference) = &traveller.reference {
            body.push(Segment::new("RFF", vec![element(&["ABO", reference])]));
        }
        for document in &traveller.documents {
            body.push(Segment::new(
                "DOC",
                vec![element(&[&document.kind]), element(&[&document.number])],
            ));
            if let Some(expiry) = &document.expiry_date {
                body.push(dtm("36", expiry));
            }
            if let Some(state) = &document.issuing_state {
                body.push(Segment::new(
                    "LOC",
                    vec![element(&["91"]), element(&[state])],
                ));
            }
        }
    }
    let crew = manifest
        .travellers
        .iter()
        .filter(|t| t.role == Role::Crew)
        .count();
    let passengers = manifest.travellers.len() - crew;
    body.push(Segment::new(
        "CNT",
        vec![element(&["42", &passengers.to_string()])],
    ));
    if crew > 0 {
        body.push(Segment::new(
            "CNT",
            vec![element(&["41", &crew.to_string()])],
        ));
    }
    edifact::message(
        &manifest.message_reference,
        &["PAXLST", "D", "05B", "UN", "IATA"],
        body,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(body: &str) -> (Vec<Manifest>, Vec<PaxlstProblem>) {
        let count = body.matches('\'').count() - body.matches("?'").count() + 2;
        let text = format!(
            "UNA:+.? 'UNB+UNOB:4+AIR1+BORDER+240315:0900+1'UNH+M1+PAXLST:D:05B:UN:IATA'{body}UNT+{count}+M1'UNZ+1+1'"
        );
        let reading = edifact::parse(text.as_bytes()).unwrap_or_else(|r| panic!("{r}"));
        assert!(reading.problems.is_empty(), "{:?}", reading.problems);
        manifests(&reading.interchange)
    }

    const FLIGHT: &str = "BGM+745'NAD+MS+++JOHN SMITH'COM+703-555-1212:TE'TDT+20+LH0400+++LH'\
LOC+125+FRA'DTM+189:2403151040:201'LOC+87+JFK'DTM+232:2403151330:201'";

    #[test]
    fn reads_the_flight() {
        let (manifests, problems) = read(FLIGHT);
        assert!(problems.is_empty(), "{problems:?}");
        let manifest = &manifests[0];
        assert_eq!(manifest.message_reference, "M1");
        assert!(!manifest.interactive);
        assert_eq!(
            manifest.legs,
            vec![Leg {
                carrier: "LH".to_string(),
                flight_number: "0400".to_string(),
                departure_port: "FRA".to_string(),
                arrival_port: "JFK".to_string(),
                departure_time: Some("2024-03-15T10:40".to_string()),
                arrival_time: Some("2024-03-15T13:30".to_string()),
            }]
        );
    }

    #[test]
    fn reads_a_passenger_with_everything() {
        let body = format!(
            "{FLIGHT}NAD+FL+++O?'BRIEN:ANN:MARIE'ATT+2++F'DTM+329:720907'LOC+22+JFK'LOC+174+IRL'\
LOC+178+FRA'LOC+179+JFK'LOC+180+:::DUBLIN'COM+00353 1 555 0100:TE+ANN?@EXAMPLE.IE:EM'\
NAT+2+IRL'RFF+AVF:ABC123'RFF+ABO:X1'\
DOC+P:110:111+PA1234567'DTM+36:300101'LOC+91+IRL'DOC+V+V998'CNT+42:1'"
        );
        let (manifests, problems) = read(&body);
        assert!(problems.is_empty(), "{problems:?}");
        let traveller = &manifests[0].travellers[0];
        assert_eq!(traveller.role, Role::Passenger);
        assert_eq!(traveller.surname, "O'BRIEN");
        assert_eq!(traveller.given_names, "ANN MARIE");
        assert_eq!(traveller.gender.as_deref(), Some("F"));
        assert_eq!(traveller.birth_date.as_deref(), Some("1972-09-07"));
        assert_eq!(traveller.nationality.as_deref(), Some("IRL"));
        // the passenger's unique reference (ABO), not the booking's (AVF)
        assert_eq!(traveller.reference.as_deref(), Some("X1"));
        let details = &traveller.details;
        assert_eq!(details.clearance.as_deref(), Some("JFK"));
        assert_eq!(details.residence.as_deref(), Some("IRL"));
        assert_eq!(details.embarkation.as_deref(), Some("FRA"));
        assert_eq!(details.debarkation.as_deref(), Some("JFK"));
        assert_eq!(details.birth_place.as_deref(), Some("DUBLIN"));
        assert_eq!(
            details.contacts,
            ["TE:00353 1 555 0100", "EM:ANN@EXAMPLE.IE"]
        );
        assert_eq!(
            traveller.documents,
            vec![
                Document {
                    number: "PA1234567".to_string(),
                    kind: "P".to_string(),
                    issuing_state: Some("IRL".to_string()),
                    expiry_date: Some("2030-01-01".to_string()),
                },
                Document {
                    number: "V998".to_string(),
                    kind: "V".to_string(),
                    issuing_state: None,
                    expiry_date: None,
                },
            ]
        );
        // UNA 1, UNB 2, UNH 3, BGM 4, NAD MS 5, COM 6, TDT 7, LOC 8 ... the traveller's NAD 12.
        assert_eq!(traveller.segment, 12);
    }

    #[test]
    fn a_title_written_as_a_word_is_kept_apart_from_the_given_names() {
        let body = format!(
            "{FLIGHT}NAD+FL+++SMITH:JOHN:MR'NAD+FL+++DOE:DR JANE'NAD+FL+++ROE:JOHNMR'CNT+42:3'"
        );
        let (manifests, problems) = read(&body);
        assert!(problems.is_empty(), "{problems:?}");
        let names: Vec<(&str, Option<&str>)> = manifests[0]
            .travellers
            .iter()
            .map(|t| (t.given_names.as_str(), t.details.title.as_deref()))
            .collect();
        // API names come from the document: nothing glued is split there
        assert_eq!(
            names,
            [("JOHN", Some("MR")), ("JANE", Some("DR")), ("JOHNMR", None)]
        );
    }

    #[test]
    fn roles_from_nad_qualifiers() {
        let body = format!(
            "{FLIGHT}NAD+FL+++A'NAD+FM+++B'NAD+DDT+++C'NAD+DDU+++D'NAD+COT+++E'NAD+ZZZ+++F'CNT+42:3'CNT+41:2'"
        );
        let (manifests, problems) = read(&body);
        assert!(problems.is_empty(), "{problems:?}");
        let roles: Vec<(Role, &str)> = manifests[0]
            .travellers
            .iter()
            .map(|t| (t.role, t.surname.as_str()))
            .collect();
        assert_eq!(
            roles,
            [
                (Role::Passenger, "A"),
                (Role::Crew, "B"),
                (Role::Other, "C"),
                (Role::Other, "D"),
                (Role::Crew, "E"),
            ]
        );
    }

    #[test]
    fn birth_dates_are_in_the_past_of_the_interchange() {
        // Prepared 2024-03-15: 240314 is 2024, 240316 is 1924, 991231 is 1999.
        let body = format!(
            "{FLIGHT}NAD+FL+++A'DTM+329:240314'NAD+FL+++B'DTM+329:240316'NAD+FL+++C'DTM+329:991231'\
NAD+FL+++D'DTM+329:19560101:102'NAD+FL+++E'DTM+329:1956:602'NAD+FL+++F'DTM+329:991331'"
        );
        let (manifests, problems) = read(&body);
        let births: Vec<Option<&str>> = manifests[0]
            .travellers
            .iter()
            .map(|t| t.birth_date.as_deref())
            .collect();
        assert_eq!(
            births,
            [
                Some("2024-03-14"),
                Some("1924-03-16"),
                Some("1999-12-31"),
                Some("1956-01-01"),
                Some("1956"),
                None
            ]
        );
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0].detail.contains("\"991331\" is not a date"),
            "{problems:?}"
        );
    }

    #[test]
    fn a_date_with_a_multi_byte_character_is_a_problem_not_a_panic() {
        // Issue 13: `value[0..2]` on "1é101" cut the é in two and panicked. The é is
        // two bytes, so the value has the six bytes of a YYMMDD date.
        for value in [
            "1\u{e9}101",
            "\u{e9}\u{e9}\u{e9}",
            "24031\u{e9}104:201",
            "\u{663}\u{663}\u{663}",
        ] {
            let body =
                format!("{FLIGHT}NAD+FL+++A'DTM+329:{value}'DOC+P+1'DTM+36:{value}'CNT+42:1'");
            let text = format!(
                "UNA:+.? 'UNB+UNOW:4+AIR1+BORDER+240315:0900+1'UNH+M1+PAXLST:D:05B:UN:IATA'{body}UNT+{}+M1'UNZ+1+1'",
                body.matches('\'').count() + 2
            );
            let reading = edifact::parse(text.as_bytes()).unwrap_or_else(|r| panic!("{r}"));
            let (manifests, problems) = manifests(&reading.interchange);
            assert_eq!(manifests[0].travellers[0].birth_date, None, "{value}");
            assert!(
                problems
                    .iter()
                    .any(|p| p.detail.contains("DTM 329 value")
                        && p.detail.contains("is not a date")),
                "{value}: {problems:?}"
            );
        }
        let leg = "BGM+745'TDT+20+LH1+++LH'LOC+125+FRA'DTM+189:24031\u{e9}104:201'NAD+FL+++A'";
        let text = format!(
            "UNB+UNOW:4+AIR1+BORDER+240315:0900+1'UNH+M1+PAXLST:D:05B:UN:IATA'{leg}UNT+7+M1'UNZ+1+1'"
        );
        let reading = edifact::parse(text.as_bytes()).unwrap_or_else(|r| panic!("{r}"));
        let (manifests, problems) = manifests(&reading.interchange);
        assert_eq!(manifests[0].legs[0].departure_time, None);
        assert!(
            problems.iter().any(|p| p.detail.contains("DTM 189")),
            "{problems:?}"
        );
    }

    #[test]
    fn several_legs_screened_leg_first() {
        let body = "BGM+745'TDT+20+QQ877+++QQ'LOC+92+MIA'DTM+189:0807101500:201'LOC+92+IAD'\
DTM+232:0807101755:201'TDT+20+QQ827+++QQ'LOC+125+JFK'DTM+189:0808102000:201'LOC+87+CDG'\
DTM+232:0808110630:201'NAD+FL+++BARRETT:TODD'CNT+42:1'";
        let (manifests, problems) = read(body);
        assert!(problems.is_empty(), "{problems:?}");
        let legs = &manifests[0].legs;
        assert_eq!(legs.len(), 2);
        assert_eq!(
            (
                legs[0].departure_port.as_str(),
                legs[0].arrival_port.as_str()
            ),
            ("JFK", "CDG")
        );
        assert_eq!(legs[0].departure_time.as_deref(), Some("2008-08-10T20:00"));
        assert_eq!(
            (
                legs[1].departure_port.as_str(),
                legs[1].arrival_port.as_str()
            ),
            ("MIA", "IAD")
        );
        assert_eq!(legs[1].flight_number, "877");
    }

    #[test]
    fn carrier_from_the_flight_when_c040_is_missing() {
        assert_eq!(
            carrier_and_number("TN506", ""),
            ("TN".to_string(), "506".to_string())
        );
        assert_eq!(
            carrier_and_number("DLH400", ""),
            ("DLH".to_string(), "400".to_string())
        );
        assert_eq!(
            carrier_and_number("UA0989", "UA"),
            ("UA".to_string(), "0989".to_string())
        );
    }

    #[test]
    fn a_traveller_without_a_name_is_reported_and_kept() {
        let body = format!("{FLIGHT}NAD+FL'DOC+P+123'NAD+FL+++B'CNT+42:2'");
        let (manifests, problems) = read(&body);
        assert_eq!(manifests[0].travellers.len(), 2);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].segment, 12);
        assert!(problems[0]
            .to_string()
            .contains("segment 12: NAD FL traveller has no surname"));
    }

    #[test]
    fn a_wrong_cnt_is_a_problem() {
        let body = format!("{FLIGHT}NAD+FL+++A'NAD+FL+++B'CNT+42:3'");
        let (manifests, problems) = read(&body);
        assert_eq!(manifests[0].travellers.len(), 2);
        assert_eq!(problems.len(), 1);
        assert!(problems[0]
            .detail
            .contains("states 3 passengers but the message has 2"));
    }

    #[test]
    fn unknown_segments_are_skipped() {
        let body = format!("{FLIGHT}XYZ+1+2'NAD+FL+++A'EMP+1'FTX+AAA+++TEXT'GEI+4+ZZZ'CNT+42:1'");
        let (manifests, problems) = read(&body);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(manifests[0].travellers.len(), 1);
    }

    #[test]
    fn interactive_from_a_transaction_reference_or_the_application_reference() {
        let (manifests, _) =
            read("BGM+745'RFF+TN:0000100'TDT+20+LH1+++LH'NAD+FL+++A'RFF+AVF:MWZRDQ'RFF+ABO:P1'");
        assert!(manifests[0].interactive);
        assert_eq!(
            manifests[0].transaction_reference.as_deref(),
            Some(&["0000100".to_string()][..])
        );
        // the passenger's own reference (ABO) over the booking's (AVF)
        assert_eq!(manifests[0].travellers[0].reference.as_deref(), Some("P1"));
        let (manifests, _) = read("BGM+745'TDT+20+LH1+++LH'NAD+FL+++A'");
        assert!(!manifests[0].interactive);
        assert_eq!(manifests[0].transaction_reference, None);
        // a gate pass request is no query
        let (manifests, _) = read("BGM+655'TDT+20+LH1+++LH'NAD+FL+++A'");
        assert!(!manifests[0].interactive);
        let text = "UNA:+.? 'UNB+UNOB:4+AIR1+BORDER+240315:0900+1++IAPI'UNH+M1+PAXLST:D:05B:UN:IATA'BGM+745'TDT+20+LH1+++LH'NAD+FL+++A'UNT+5+M1'UNZ+1+1'";
        let reading = edifact::parse(text.as_bytes()).unwrap_or_else(|r| panic!("{r}"));
        let (read_back, _) = super::manifests(&reading.interchange);
        assert!(read_back[0].interactive);
    }

    #[test]
    fn pnrgov_messages_are_not_manifests_here() {
        let text = "UNB+IATA:1+A+B+240101:1200+1'UNH+1+PNRGOV:11:1:IA'MSG+:22'UNT+3+1'UNZ+1+1'";
        let reading = edifact::parse(text.as_bytes()).unwrap();
        assert!(manifests(&reading.interchange).0.is_empty());
    }

    #[test]
    fn writes_what_it_reads() {
        let body = format!("{FLIGHT}NAD+FL+++SMITH:JOHN'ATT+2++M'DTM+329:19700101:102'NAD+FM+++DOE:JANE'CNT+42:1'CNT+41:1'");
        let (manifests, _) = read(&body);
        let segments = edifact::envelope(
            &edifact::InterchangeHeader {
                syntax: edifact::Syntax {
                    identifier: "UNOA".to_string(),
                    version: "4".to_string(),
                },
                prepared_date: "240315".to_string(),
                prepared_time: "0900".to_string(),
                control_reference: "1".to_string(),
                ..edifact::InterchangeHeader::default()
            },
            vec![message_segments(&manifests[0])],
        );
        let text = edifact::print(&segments, &edifact::Separators::DEFAULT);
        let reading = edifact::parse(text.as_bytes()).unwrap();
        assert!(reading.problems.is_empty(), "{:?}", reading.problems);
        let (mut again, problems) = super::manifests(&reading.interchange);
        assert!(problems.is_empty(), "{problems:?}");
        // Segment numbers differ: the written interchange has no NAD+MS, COM ...
        let mut manifests = manifests;
        for traveller in again
            .iter_mut()
            .chain(manifests.iter_mut())
            .flat_map(|m| m.travellers.iter_mut())
        {
            traveller.segment = 0;
        }
        assert_eq!(again, manifests);
    }
}
