//! PNRGOV (passenger name records pushed to governments, IATA/WCO/ICAO PNRGOV EDIFACT
//! implementation guide, message versions 10.1 to 13.1): the flight a message is pushed for
//! and the travellers of its bookings, read into [`Manifest`]s, one per flight.
//!
//! What is read, by segment of a message body:
//! - `TVL` before the first `SRC` (level 0) is the flight the message is pushed for: C310
//!   departure date and time, arrival date and time (`DDMMYY`, `HHMM`), departure and
//!   arrival airports, C306 carrier, C308 flight number. It is the manifest's first leg.
//! - `SRC` starts a booking (PNR). Its first `RCI` gives the record locator (C330 0002).
//! - `TIF` before the booking's first `TVL` names travellers: C322 surname, then one C324
//!   per person (given names, passenger type, traveller reference number, infant indicator).
//!   Type `IN` (or `INF`) is an infant. `TIF`s after a `TVL` repeat travellers for check-in
//!   (SG7) or history (SG11) and are not read as travellers.
//! - `SSR DOCS` (passport data), `SSR DOCO` (visa and other documents) and `SSR INFT`
//!   (an infant on an adult's lap) anywhere in the booking before its history (`ABI`) are
//!   matched to a traveller at the end of the booking (`Booking::finish` says how).
//! - `TVL` after the booking's `TIF`s are the legs of the booking: they follow the pushed
//!   flight in the manifest, each once, in order of departure. `TVL` of non-air segments
//!   (after `MSG`) and of history (after `ABI`) are read past. `SSR DOCA` gives the
//!   traveller's addresses (residence and destination) and country of residence.
//!
//! Messages for the same flight (carrier, number, departure airport and date), within one
//! interchange or across several, are joined into one manifest: that is how the guide splits
//! a push too large for one message (UNH S010: sequence number, `C` first, `F` final), and
//! a missing part is reported. A booking (record locator) seen in an earlier message of the
//! flight is replaced by its later copy, so that a repeated push does not double travellers.
//!
//! Two-digit years are read against the interchange's own date (UNB S004), never a clock:
//! a birth date is in the past of it; other dates within fifty years either side.

use crate::edifact::{Interchange, Message, Segment};
use crate::manifest::{Document, Leg, Manifest, Role, Source, Traveller, TravellerDetails};
use crate::message_dates::{number, reference_date, with_century, ymd, Century};
use crate::mrz::CivilDate;
use crate::titles::{self, Glued};

/// Something wrong in a PNRGOV message that did not stop the reading. The same shape as
/// the PAXLST problem, so that callers can treat both alike.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("message {message_reference:?}, segment {segment}: {detail}")]
pub struct PnrgovProblem {
    pub message_reference: String,
    /// The segment's number in the interchange (from 1), 0 for the message as a whole.
    pub segment: usize,
    pub detail: String,
}

/// The manifests of the PNRGOV messages of an interchange, one per flight, with what was
/// wrong in them.
pub fn manifests(interchange: &Interchange) -> (Vec<Manifest>, Vec<PnrgovProblem>) {
    manifests_of_interchanges(&[interchange])
}

/// As [`manifests`], joining messages for the same flight across interchanges (a split push
/// may come in several).
pub fn manifests_of_interchanges(
    interchanges: &[&Interchange],
) -> (Vec<Manifest>, Vec<PnrgovProblem>) {
    let mut problems = Vec::new();
    let mut parts = Vec::new();
    for interchange in interchanges {
        let today = reference_date(&interchange.header).unwrap_or_else(|| {
            problems.push(PnrgovProblem {
                message_reference: String::new(),
                segment: interchange.header.segment.as_ref().map_or(0, |s| s.number),
                detail: format!(
                    "UNB date {:?} is not a date; two-digit years read as if prepared on 2030-12-31",
                    interchange.header.prepared_date
                ),
            });
            CivilDate::new(2030, 12, 31).unwrap_or_else(|| unreachable!("a valid date"))
        });
        for message in interchange
            .messages
            .iter()
            .filter(|message| message.kind == "PNRGOV")
        {
            parts.push(read_message(message, today, &mut problems));
        }
    }
    let manifests = join(parts, &mut problems);
    (manifests, problems)
}

/// One message read: the flight it is pushed for and its bookings.
struct Part {
    message_reference: String,
    /// UNH S010: sequence number and whether it is the final part.
    sequence: Option<(u32, bool)>,
    first_segment: usize,
    flight: Option<Leg>,
    bookings: Vec<ReadBooking>,
}

/// A booking once its documents are matched to its travellers.
struct ReadBooking {
    locator: String,
    travellers: Vec<Traveller>,
    legs: Vec<Leg>,
}

/// What joins messages into one manifest: the same flight on the same day.
fn flight_key(leg: &Leg) -> (String, String, String, String) {
    let day = leg
        .departure_time
        .as_deref()
        .map(|time| time.get(..10).unwrap_or(time).to_string())
        .unwrap_or_default();
    (
        leg.carrier.clone(),
        leg.flight_number.trim_start_matches('0').to_string(),
        leg.departure_port.clone(),
        day,
    )
}

fn join(parts: Vec<Part>, problems: &mut Vec<PnrgovProblem>) -> Vec<Manifest> {
    // Groups of parts in order of first appearance; a message without a flight stands alone.
    let mut groups: Vec<Vec<Part>> = Vec::new();
    for part in parts {
        let existing = part.flight.as_ref().and_then(|flight| {
            groups.iter().position(|group| {
                group[0]
                    .flight
                    .as_ref()
                    .is_some_and(|other| flight_key(other) == flight_key(flight))
            })
        });
        match existing {
            Some(index) => groups[index].push(part),
            None => groups.push(vec![part]),
        }
    }
    groups
        .into_iter()
        .map(|group| join_group(group, problems))
        .collect()
}

fn join_group(mut group: Vec<Part>, problems: &mut Vec<PnrgovProblem>) -> Manifest {
    if group.iter().any(|part| part.sequence.is_some()) {
        group.sort_by_key(|part| part.sequence.map_or(u32::MAX, |(number, _)| number));
        check_sequence(&group, problems);
    }
    let message_reference = group[0].message_reference.clone();
    let mut legs: Vec<Leg> = Vec::new();
    let flight = group.iter().find_map(|part| part.flight.clone());
    let mut bookings: Vec<(usize, ReadBooking)> = Vec::new();
    for (part_index, part) in group.into_iter().enumerate() {
        for booking in part.bookings {
            let earlier = (!booking.locator.is_empty())
                .then(|| {
                    bookings.iter().position(|(index, other)| {
                        *index != part_index && other.locator == booking.locator
                    })
                })
                .flatten();
            match earlier {
                Some(position) => bookings[position] = (part_index, booking),
                None => bookings.push((part_index, booking)),
            }
        }
    }
    let mut booking_legs: Vec<Leg> = Vec::new();
    let mut travellers = Vec::new();
    for (_, booking) in bookings {
        for leg in booking.legs {
            let is_flight = flight.as_ref().is_some_and(|flight| same_leg(flight, &leg));
            if !is_flight && !booking_legs.iter().any(|other| same_leg(other, &leg)) {
                booking_legs.push(leg);
            }
        }
        travellers.extend(booking.travellers);
    }
    // Legs without a time go last; the sort is stable, so they keep message order.
    booking_legs.sort_by(|a, b| match (&a.departure_time, &b.departure_time) {
        (Some(a), Some(b)) => a.cmp(b),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
    legs.extend(flight);
    legs.extend(booking_legs);
    Manifest {
        source: Source::Pnrgov,
        message_reference,
        interactive: false,
        transaction_reference: None,
        legs,
        travellers,
    }
}

/// Reports gaps in the S010 sequence of a split push (parts already sorted).
fn check_sequence(group: &[Part], problems: &mut Vec<PnrgovProblem>) {
    let flight = group[0]
        .flight
        .as_ref()
        .map(|leg| format!("{}{}", leg.carrier, leg.flight_number))
        .unwrap_or_default();
    let numbers: Vec<u32> = group
        .iter()
        .filter_map(|part| part.sequence.map(|(number, _)| number))
        .collect();
    let last = group.last().map_or(0, |part| part.first_segment);
    let mut expected = 1;
    for &number in &numbers {
        if number > expected {
            let missing = if number - expected == 1 {
                format!("part {expected} is missing")
            } else {
                format!("parts {expected} to {} are missing", number - 1)
            };
            problems.push(PnrgovProblem {
                message_reference: group[0].message_reference.clone(),
                segment: 0,
                detail: format!("split message for flight {flight}: {missing}"),
            });
        }
        expected = number + 1;
    }
    let has_final = group
        .iter()
        .any(|part| part.sequence.is_some_and(|(_, is_final)| is_final));
    if !has_final {
        problems.push(PnrgovProblem {
            message_reference: group
                .last()
                .map(|part| part.message_reference.clone())
                .unwrap_or_default(),
            segment: last,
            detail: format!(
                "split message for flight {flight}: no part is marked final (UNH S010 \"F\"); parts after {} may be missing",
                numbers.last().copied().unwrap_or(0)
            ),
        });
    }
}

/// Two legs are the same flight when number, airports and departure day agree: the
/// carrier may differ between a codeshare's marketing and operating designators.
fn same_leg(a: &Leg, b: &Leg) -> bool {
    let day = |leg: &Leg| {
        leg.departure_time
            .as_deref()
            .and_then(|time| time.get(..10))
            .map(str::to_string)
    };
    a.flight_number.trim_start_matches('0') == b.flight_number.trim_start_matches('0')
        && a.departure_port == b.departure_port
        && a.arrival_port == b.arrival_port
        && day(a) == day(b)
}

/// A TVL date, `DDMMYY`.
fn tvl_date(text: &str, today: CivilDate) -> Option<CivilDate> {
    let text = text.trim();
    if text.len() != 6 {
        return None;
    }
    let day = number(text.get(0..2)?)?;
    let month = number(text.get(2..4)?)?;
    let year = number(text.get(4..6)?)?;
    with_century(year, month, day, today, Century::Near)
}

/// A TVL time, `HHMM`.
fn tvl_time(text: &str) -> Option<String> {
    let text = text.trim();
    if text.len() != 4 {
        return None;
    }
    let hour = number(text.get(0..2)?)?;
    let minute = number(text.get(2..4)?)?;
    (hour < 24 && minute < 60).then(|| format!("{hour:02}:{minute:02}"))
}

const MONTHS: [&str; 12] = [
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
];

/// An SSR date, `DDMMMYY` (or `DDMMMYYYY`), as `YYYY-MM-DD`.
fn ssr_date(text: &str, today: CivilDate, century: Century) -> Option<String> {
    let text = text.trim().to_ascii_uppercase();
    let day = number(text.get(0..2)?)?;
    let month = MONTHS
        .iter()
        .position(|name| Some(*name) == text.get(2..5))?;
    let month = u16::try_from(month + 1).ok()?;
    let date = match text.len() {
        7 => with_century(number(text.get(5..7)?)?, month, day, today, century)?,
        9 => ymd(number(text.get(5..9)?)?, month, day)?,
        _ => return None,
    };
    Some(date.to_string())
}

/// Reads a TVL into a leg, reporting dates that cannot be read. None when the segment names
/// no flight (a TVL holding only a booking class, as some systems send after a codeshare).
fn read_leg(
    segment: &Segment,
    today: CivilDate,
    report: &mut dyn FnMut(&Segment, String),
) -> Option<Leg> {
    let departure_port = segment.get(1, 0).trim().to_string();
    let arrival_port = segment.get(2, 0).trim().to_string();
    let flight_number = segment.get(4, 0).trim().to_string();
    if departure_port.is_empty() && arrival_port.is_empty() {
        return None;
    }
    let departure_date_text = segment.get(0, 0).trim();
    let departure_date = if departure_date_text.is_empty() {
        None
    } else {
        let date = tvl_date(departure_date_text, today);
        if date.is_none() {
            report(
                segment,
                format!("TVL departure date {departure_date_text:?} is not a date (DDMMYY)"),
            );
        }
        date
    };
    let departure_time = departure_date.map(|date| match tvl_time(segment.get(0, 1)) {
        Some(time) => format!("{date}T{time}"),
        None => date.to_string(),
    });
    // Some systems put the arrival time where the arrival date belongs: only a six-digit
    // value is read as a date, and an arrival time without a date is not guessed.
    let arrival_date_text = segment.get(0, 2).trim();
    let arrival_time = if arrival_date_text.len() == 6 {
        match tvl_date(arrival_date_text, today) {
            Some(date) => Some(match tvl_time(segment.get(0, 3)) {
                Some(time) => format!("{date}T{time}"),
                None => date.to_string(),
            }),
            None => {
                report(
                    segment,
                    format!("TVL arrival date {arrival_date_text:?} is not a date (DDMMYY)"),
                );
                None
            }
        }
    } else {
        None
    };
    if flight_number.is_empty() {
        report(segment, "TVL has no flight number (C308)".to_string());
    }
    Some(Leg {
        carrier: segment.get(3, 0).trim().to_string(),
        flight_number,
        departure_port,
        arrival_port,
        departure_time,
        arrival_time,
    })
}

/// Where in a booking the reading is. The guide's groups come in this order, so the
/// section only moves forward.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Section {
    /// SG1 and SG2: the booking's own data and its travellers.
    Names,
    /// SG5: the itinerary, with its check-in groups.
    Itinerary,
    /// SG8 and SG9: split bookings and non-air segments.
    Other,
    /// SG10: history; nothing in it is current.
    History,
}

/// A traveller named by a TIF, before documents are matched.
struct NamedTraveller {
    traveller: Traveller,
    /// TIF C324 9944.
    number: Option<String>,
    infant: bool,
}

/// What an SSR says of a traveller.
enum SsrData {
    Docs(DocsData),
    /// A DOCO document and whether it is marked for the infant.
    Doco(Document, bool),
    /// SSR DOCA: an address (with its kind), the country of residence when it is the
    /// residence, and whether it is marked for the infant.
    Doca {
        address: String,
        residence: Option<String>,
        infant: bool,
    },
    /// SSR INFT: an infant's surname, given names and birth date.
    Infant {
        surname: String,
        given_names: String,
        birth_date: Option<String>,
    },
}

/// The fields of an SSR DOCS.
#[derive(Default)]
struct DocsData {
    kind: String,
    issuing_state: Option<String>,
    number: String,
    nationality: Option<String>,
    birth_date: Option<String>,
    gender: Option<String>,
    infant: bool,
    expiry_date: Option<String>,
    surname: String,
    given_names: String,
}

struct SsrEntry {
    data: SsrData,
    /// C332 9944, the traveller reference it names.
    reference: Option<String>,
    /// The traveller of the TIF last read before it, while still among the names.
    last_named: Option<usize>,
    segment: usize,
    tag: &'static str,
}

/// A booking as read, until [`Booking::finish`] matches its SSRs to its travellers.
struct Booking {
    locator: Option<String>,
    section: Section,
    named: Vec<NamedTraveller>,
    ssrs: Vec<SsrEntry>,
    legs: Vec<Leg>,
}

impl Booking {
    fn new() -> Booking {
        Booking {
            locator: None,
            section: Section::Names,
            named: Vec::new(),
            ssrs: Vec::new(),
            legs: Vec::new(),
        }
    }

    /// Matches each SSR to a traveller: by its traveller reference, else by name, else the
    /// traveller whose TIF it follows. Infant data (DOCS gender MI/FI, DOCO infant mark,
    /// SSR INFT) goes to an infant of the booking: by name, else the only one. An infant
    /// named only in SSRs, or a DOCS for a person without a TIF, becomes a traveller of
    /// its own: screening a person the booking names matters more than where it names them.
    fn finish(mut self, report: &mut dyn FnMut(usize, String)) -> ReadBooking {
        let locator = self.locator.unwrap_or_default();
        for entry in std::mem::take(&mut self.ssrs) {
            let (infant, surname, given_names) = match &entry.data {
                SsrData::Docs(docs) => (
                    docs.infant,
                    docs.surname.as_str(),
                    docs.given_names.as_str(),
                ),
                SsrData::Doco(_, infant) => (*infant, "", ""),
                SsrData::Doca { infant, .. } => (*infant, "", ""),
                SsrData::Infant {
                    surname,
                    given_names,
                    ..
                } => (true, surname.as_str(), given_names.as_str()),
            };
            let candidates: Vec<usize> = (0..self.named.len())
                .filter(|&index| self.named[index].infant == infant)
                .collect();
            let by_reference = || {
                let wanted = normal_reference(entry.reference.as_deref()?);
                candidates.iter().copied().find(|&index| {
                    self.named[index]
                        .number
                        .as_deref()
                        .is_some_and(|number| normal_reference(number) == wanted)
                })
            };
            let by_name = || {
                candidates.iter().copied().find(|&index| {
                    let traveller = &self.named[index].traveller;
                    same_person(
                        &traveller.surname,
                        &traveller.given_names,
                        surname,
                        given_names,
                    )
                })
            };
            let target = if infant {
                by_name().or_else(|| {
                    (candidates.len() == 1 && surname.is_empty()).then(|| candidates[0])
                })
            } else {
                by_reference()
                    .or_else(by_name)
                    .or_else(|| entry.last_named.filter(|&index| !self.named[index].infant))
            };
            let target = match target {
                Some(index) => index,
                None if !surname.is_empty() => {
                    if !infant {
                        report(
                            entry.segment,
                            format!(
                                "SSR {} names {surname} {given_names}, who has no TIF in booking {locator:?}; read as a traveller",
                                entry.tag
                            ),
                        );
                    }
                    self.named.push(NamedTraveller {
                        traveller: Traveller {
                            details: Default::default(),
                            role: Role::Passenger,
                            surname: surname.to_string(),
                            given_names: given_names.to_string(),
                            birth_date: None,
                            gender: None,
                            nationality: None,
                            documents: Vec::new(),
                            reference: None,
                            segment: entry.segment,
                        },
                        number: None,
                        infant,
                    });
                    self.named.len() - 1
                }
                None => {
                    report(
                        entry.segment,
                        format!(
                            "SSR {} matches no traveller of booking {locator:?}",
                            entry.tag
                        ),
                    );
                    continue;
                }
            };
            let traveller = &mut self.named[target].traveller;
            match entry.data {
                SsrData::Docs(docs) => {
                    traveller.birth_date = traveller.birth_date.take().or(docs.birth_date);
                    traveller.gender = traveller.gender.take().or(docs.gender);
                    traveller.nationality = traveller.nationality.take().or(docs.nationality);
                    if !docs.number.is_empty() {
                        add_document(
                            traveller,
                            Document {
                                number: docs.number,
                                kind: docs.kind,
                                issuing_state: docs.issuing_state,
                                expiry_date: docs.expiry_date,
                            },
                        );
                    }
                }
                SsrData::Doco(document, _) => add_document(traveller, document),
                SsrData::Doca {
                    address, residence, ..
                } => {
                    let details = &mut traveller.details;
                    details.residence = details.residence.take().or(residence);
                    if !details.addresses.contains(&address) {
                        details.addresses.push(address);
                    }
                }
                SsrData::Infant { birth_date, .. } => {
                    traveller.birth_date = traveller.birth_date.take().or(birth_date);
                }
            }
        }
        let travellers = self
            .named
            .into_iter()
            .enumerate()
            .map(|(index, named)| {
                let mut traveller = named.traveller;
                traveller.reference = match (&named.number, locator.is_empty()) {
                    (Some(number), false) => Some(format!("{locator}/{number}")),
                    (Some(number), true) => Some(number.clone()),
                    // Position in the booking, for a traveller the TIF does not number.
                    (None, false) => Some(format!("{locator}/#{}", index + 1)),
                    (None, true) => None,
                };
                traveller
            })
            .collect();
        ReadBooking {
            locator,
            travellers,
            legs: self.legs,
        }
    }
}

/// Adds a document unless the traveller has one with that number already (the same SSR is
/// often repeated per leg).
fn add_document(traveller: &mut Traveller, document: Document) {
    if !traveller
        .documents
        .iter()
        .any(|other| other.number == document.number && other.kind == document.kind)
    {
        traveller.documents.push(document);
    }
}

/// Traveller numbers are written `1`, `01` or `1.1`.
fn normal_reference(reference: &str) -> String {
    let reference = reference.trim();
    let trimmed = reference.trim_start_matches('0');
    if trimmed.is_empty() {
        reference.to_string()
    } else {
        trimmed.to_string()
    }
}

/// Letters and digits only, upper case: airline free text wraps lines and spaces names at
/// random (`TESTSURNA MEONE`).
fn squeezed(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_uppercase)
        .collect()
}

/// Whether a TIF name and an SSR name are the same person: the same surname and given names
/// of which one begins with the other (a TIF often has only the first given name, or the
/// title glued to it: `JOHNMR`).
fn same_person(surname: &str, given_names: &str, other_surname: &str, other_given: &str) -> bool {
    if other_surname.is_empty() || squeezed(surname) != squeezed(other_surname) {
        return false;
    }
    let (given, other) = (squeezed(given_names), squeezed(other_given));
    given.is_empty() || other.is_empty() || given.starts_with(&other) || other.starts_with(&given)
}

/// SSR free text (C334 4440), with line breaks removed: long segments are wrapped by the
/// sending systems, in the middle of words.
fn free_text(segment: &Segment) -> String {
    segment
        .get(0, 8)
        .chars()
        .filter(|&c| c != '\r' && c != '\n')
        .collect()
}

/// Fields of slash-separated SSR text; the text starts with a slash by the guide, but not
/// always in practice.
fn slash_fields(text: &str) -> Vec<String> {
    let text = text.trim();
    let text = text.strip_prefix('/').unwrap_or(text);
    text.split('/')
        .map(|field| field.trim().to_string())
        .collect()
}

fn country_code(text: &str) -> Option<String> {
    let text = text.trim();
    ((2..=3).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_alphabetic()))
        .then(|| text.to_ascii_uppercase())
}

/// Reads SSR DOCS free text: `/P/GBR/123456789/GBR/12JUL64/M/23AUG19/SMITHJR/JONATHON/ROBERT`
/// = type / issuing state / number / nationality / birth date / gender / expiry / surname /
/// given names (the rest; a final `H` marks the holder of a family passport).
fn read_docs(text: &str, today: CivilDate, mut report: impl FnMut(String)) -> Option<DocsData> {
    let fields = slash_fields(text);
    let field = |index: usize| fields.get(index).map_or("", String::as_str);
    if fields.iter().all(String::is_empty) {
        report("SSR DOCS has no free text".to_string());
        return None;
    }
    if fields.len() < 8 {
        report(format!(
            "SSR DOCS free text {text:?} has {} of at least 8 fields (type/issuing state/number/nationality/birth date/gender/expiry/surname)",
            fields.len()
        ));
    }
    let mut docs = DocsData {
        kind: field(0).to_string(),
        number: field(2).to_string(),
        surname: field(7).to_string(),
        ..DocsData::default()
    };
    let issuing_state = field(1);
    if !issuing_state.is_empty() {
        docs.issuing_state = country_code(issuing_state);
        if docs.issuing_state.is_none() {
            report(format!(
                "SSR DOCS issuing state {issuing_state:?} is not a country code"
            ));
        }
    }
    let nationality = field(3);
    if !nationality.is_empty() {
        docs.nationality = country_code(nationality);
        if docs.nationality.is_none() {
            report(format!(
                "SSR DOCS nationality {nationality:?} is not a country code"
            ));
        }
    }
    let birth_date = field(4);
    if !birth_date.is_empty() {
        docs.birth_date = ssr_date(birth_date, today, Century::Past);
        if docs.birth_date.is_none() {
            report(format!(
                "SSR DOCS birth date {birth_date:?} is not a date (DDMMMYY)"
            ));
        }
    }
    let gender = field(5).to_ascii_uppercase();
    match gender.as_str() {
        "" => {}
        "M" | "F" | "U" | "X" => docs.gender = Some(gender),
        "MI" | "FI" => {
            docs.gender = Some(gender[..1].to_string());
            docs.infant = true;
        }
        _ => report(format!(
            "SSR DOCS gender {gender:?} is not M, F, MI, FI, U or X"
        )),
    }
    let expiry = field(6);
    if !expiry.is_empty() {
        docs.expiry_date = ssr_date(expiry, today, Century::Near);
        if docs.expiry_date.is_none() {
            report(format!(
                "SSR DOCS expiry date {expiry:?} is not a date (DDMMMYY)"
            ));
        }
    }
    let mut given: Vec<&str> = fields
        .iter()
        .skip(8)
        .map(String::as_str)
        .filter(|part| !part.is_empty())
        .collect();
    if given.len() > 1 && given.last() == Some(&"H") {
        given.pop();
    }
    docs.given_names = given.join(" ");
    Some(docs)
}

/// Reads SSR DOCO free text: place of birth / type (`V` visa, `K` known traveller, `R`
/// redress) / number / place of issue / issue date / country the document is for / `I` for
/// an infant. The country a visa is for is the state that issued it.
fn read_doco(text: &str, mut report: impl FnMut(String)) -> Option<(Document, bool)> {
    let fields = slash_fields(text);
    let field = |index: usize| fields.get(index).map_or("", String::as_str);
    let number = field(2);
    if number.is_empty() {
        report(format!(
            "SSR DOCO free text {text:?} has no document number"
        ));
        return None;
    }
    let document = Document {
        number: number.to_string(),
        kind: field(1).to_string(),
        issuing_state: country_code(field(5)),
        expiry_date: None,
    };
    Some((document, field(6).eq_ignore_ascii_case("I")))
}

/// Reads SSR DOCA free text: `R` (residence) or `D` (destination) / country / street /
/// city / state / postal code / `I` for an infant.
fn read_doca(text: &str) -> Option<SsrData> {
    let fields = slash_fields(text);
    let field = |index: usize| fields.get(index).map_or("", |f| f.trim());
    let parts: Vec<&str> = [field(2), field(3), field(4), field(5), field(1)]
        .into_iter()
        .filter(|part| !part.is_empty())
        .collect();
    if parts.is_empty() {
        return None;
    }
    let residence = field(0).eq_ignore_ascii_case("R");
    let kind = if residence {
        "residence"
    } else {
        "destination"
    };
    Some(SsrData::Doca {
        address: format!("{kind}: {}", parts.join(", ")),
        residence: country_code(field(1)).filter(|_| residence),
        infant: field(6).eq_ignore_ascii_case("I"),
    })
}

/// Reads SSR INFT free text: `SURNAME/GIVEN NAMES/DDMMMYY` or `SURNAME/GIVEN NAMES DDMMMYY`.
fn read_inft(text: &str, today: CivilDate) -> Option<SsrData> {
    let fields = slash_fields(text);
    let surname = fields.first()?.clone();
    if surname.is_empty() {
        return None;
    }
    let mut given: Vec<String> = fields.iter().skip(1).cloned().collect();
    let mut birth_date = None;
    if let Some(last) = given.last_mut() {
        if let Some(date) = ssr_date(last, today, Century::Past) {
            birth_date = Some(date);
            given.pop();
        } else if let Some((names, date_text)) = last.rsplit_once(' ') {
            if let Some(date) = ssr_date(date_text, today, Century::Past) {
                birth_date = Some(date);
                *last = names.to_string();
            }
        }
    }
    Some(SsrData::Infant {
        surname,
        given_names: titles::split(&given.join(" "), Glued::Written).0,
        birth_date,
    })
}

fn read_message(message: &Message, today: CivilDate, problems: &mut Vec<PnrgovProblem>) -> Part {
    let reference = message.reference.clone();
    let mut report = |segment: usize, detail: String| {
        problems.push(PnrgovProblem {
            message_reference: reference.clone(),
            segment,
            detail,
        })
    };
    let sequence = message.transfer.first().and_then(|text| {
        let number = text.trim().parse::<u32>().ok()?;
        let is_final = message
            .transfer
            .get(1)
            .is_some_and(|marker| marker.trim().eq_ignore_ascii_case("F"));
        Some((number, is_final))
    });
    let first_segment = message.segments.first().map_or(0, |s| s.number);
    let mut flight: Option<Leg> = None;
    let mut bookings: Vec<ReadBooking> = Vec::new();
    let mut booking: Option<Booking> = None;
    for segment in message.body() {
        let tag = segment.tag.as_str();
        if tag == "SRC" {
            if let Some(done) = booking.take() {
                bookings.push(done.finish(&mut report));
            }
            booking = Some(Booking::new());
            continue;
        }
        let Some(current) = booking.as_mut() else {
            match tag {
                "TVL" if flight.is_none() => {
                    flight = read_leg(segment, today, &mut |s, detail| report(s.number, detail));
                    if flight.is_none() {
                        report(
                            segment.number,
                            "TVL of the flight names no airports".to_string(),
                        );
                    }
                }
                "RCI" | "TIF" => {
                    // A booking without its SRC: read it all the same.
                    report(
                        segment.number,
                        format!("{tag} before any SRC; read as the start of a booking"),
                    );
                    let mut started = Booking::new();
                    read_booking_segment(&mut started, segment, today, &mut report);
                    booking = Some(started);
                }
                _ => {}
            }
            continue;
        };
        read_booking_segment(current, segment, today, &mut report);
    }
    if let Some(done) = booking.take() {
        bookings.push(done.finish(&mut report));
    }
    if flight.is_none() {
        report(
            first_segment,
            "message has no flight (TVL before the first SRC)".to_string(),
        );
    }
    Part {
        message_reference: message.reference.clone(),
        sequence,
        first_segment,
        flight,
        bookings,
    }
}

fn read_booking_segment(
    booking: &mut Booking,
    segment: &Segment,
    today: CivilDate,
    report: &mut dyn FnMut(usize, String),
) {
    match segment.tag.as_str() {
        "RCI" if booking.locator.is_none() => {
            let locator = segment
                .elements
                .iter()
                .map(|element| element.get(1).map_or("", |text| text.trim()))
                .find(|locator| !locator.is_empty());
            match locator {
                Some(locator) => booking.locator = Some(locator.to_string()),
                None => report(
                    segment.number,
                    "RCI has no record locator (C330)".to_string(),
                ),
            }
        }
        "TIF" if booking.section == Section::Names => read_tif(booking, segment, report),
        "TVL" if booking.section <= Section::Itinerary => {
            booking.section = Section::Itinerary;
            if let Some(leg) = read_leg(segment, today, &mut |s, detail| report(s.number, detail)) {
                if !leg.flight_number.is_empty() {
                    booking.legs.push(leg);
                }
            }
        }
        "EQN" | "MSG" => booking.section = booking.section.max(Section::Other),
        "ABI" => booking.section = Section::History,
        "SSR" if booking.section < Section::Other => read_ssr(booking, segment, today, report),
        _ => {}
    }
}

fn read_tif(booking: &mut Booking, segment: &Segment, report: &mut dyn FnMut(usize, String)) {
    // Qualifier G: the name of a group booking, not of a person.
    if segment.get(0, 1).trim() == "G" {
        return;
    }
    let surname = segment.get(0, 0).trim().to_string();
    // One C324 per person; a TIF with none still names one.
    let people: Vec<&[String]> = if segment.elements.len() > 1 {
        segment.elements[1..].iter().map(Vec::as_slice).collect()
    } else {
        vec![&[]]
    };
    for person in people {
        let part = |index: usize| person.get(index).map_or("", |text| text.trim());
        // reservation systems write the title with the given names, often glued (`JOHNMR`)
        let (given_names, title) = titles::split(part(0), Glued::Written);
        if surname.is_empty() && given_names.is_empty() {
            report(segment.number, "TIF has no name (C322, C324)".to_string());
            continue;
        }
        if surname.is_empty() {
            report(
                segment.number,
                format!("TIF has no surname (C322) for {given_names:?}"),
            );
        }
        let number = part(2);
        booking.named.push(NamedTraveller {
            traveller: Traveller {
                details: TravellerDetails {
                    title,
                    ..TravellerDetails::default()
                },
                role: Role::Passenger,
                surname: surname.clone(),
                given_names,
                birth_date: None,
                gender: None,
                nationality: None,
                documents: Vec::new(),
                reference: None,
                segment: segment.number,
            },
            number: (!number.is_empty()).then(|| number.to_string()),
            infant: matches!(part(1), "IN" | "INF"),
        });
    }
}

fn read_ssr(
    booking: &mut Booking,
    segment: &Segment,
    today: CivilDate,
    report: &mut dyn FnMut(usize, String),
) {
    let (tag, data) = match segment.get(0, 0).trim() {
        "DOCS" => (
            "DOCS",
            read_docs(&free_text(segment), today, |detail| {
                report(segment.number, detail)
            })
            .map(SsrData::Docs),
        ),
        "DOCO" => (
            "DOCO",
            read_doco(&free_text(segment), |detail| report(segment.number, detail))
                .map(|(document, infant)| SsrData::Doco(document, infant)),
        ),
        "DOCA" => {
            let text = free_text(segment);
            let data = read_doca(&text);
            if data.is_none() {
                report(
                    segment.number,
                    format!("SSR DOCA free text {text:?} gives no address"),
                );
            }
            ("DOCA", data)
        }
        "INFT" => {
            let text = free_text(segment);
            let data = read_inft(&text, today);
            if data.is_none() {
                report(
                    segment.number,
                    format!("SSR INFT free text {text:?} names no infant"),
                );
            }
            ("INFT", data)
        }
        _ => return,
    };
    let Some(data) = data else { return };
    let reference = segment
        .elements
        .iter()
        .skip(1)
        .map(|element| element.get(2).map_or("", |text| text.trim()))
        .find(|reference| !reference.is_empty())
        .map(str::to_string);
    // The guide puts a traveller's SSRs after its TIF; an infant's TIF does not take them.
    let last_named = if booking.section == Section::Names {
        booking.named.iter().rposition(|named| !named.infant)
    } else {
        None
    };
    booking.ssrs.push(SsrEntry {
        data,
        reference,
        last_named,
        segment: segment.number,
        tag,
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edifact;

    /// A PNRGOV message around `body`; `transfer` is UNH S010 (`""` for none).
    fn message(reference: &str, transfer: &str, body: &str) -> String {
        let count = body.matches('\'').count() - body.matches("?'").count() + 2;
        let transfer = if transfer.is_empty() {
            String::new()
        } else {
            format!("+{transfer}")
        };
        format!("UNH+{reference}+PNRGOV:11:1:IA+LH400/150324/1040{transfer}'{body}UNT+{count}+{reference}'")
    }

    fn interchange(messages: &[String]) -> Interchange {
        let text = format!(
            "UNA:+.? 'UNB+IATA:1+LH+BORDER+240315:0900+1'{}UNZ+{}+1'",
            messages.concat(),
            messages.len()
        );
        let reading = edifact::parse(text.as_bytes()).unwrap_or_else(|r| panic!("{r}"));
        assert!(reading.problems.is_empty(), "{:?}", reading.problems);
        reading.interchange
    }

    fn read(body: &str) -> (Vec<Manifest>, Vec<PnrgovProblem>) {
        manifests(&interchange(&[message("M1", "", body)]))
    }

    const FLIGHT: &str = "MSG+:22'ORG+LH:FRA'TVL+150324:1040:150324:1330+FRA+JFK+LH+400'EQN+1'";

    #[test]
    fn a_title_glued_to_a_given_name_is_kept_apart_from_it() {
        // Issue 13: `JOHNMR` and `WILLIAMMR` were screened as given names (0.66 against
        // John Wayne); a title as a word of its own is taken too.
        let (manifests, problems) = read(&format!(
            "{FLIGHT}SRC'RCI+LH:ABC123'TIF+WAYNE+JOHNMR:A:1+WILLIAMMR:A:2+ANN MARIE MRS:A:3+AMR:A:4'\
SSR+DOCS:HK:1:LH:::::/P/GBR/123/GBR/01JAN80/M/01JAN30/WAYNE/JOHN'"
        ));
        assert!(problems.is_empty(), "{problems:?}");
        let names: Vec<(&str, Option<&str>)> = manifests[0]
            .travellers
            .iter()
            .map(|t| (t.given_names.as_str(), t.details.title.as_deref()))
            .collect();
        assert_eq!(
            names,
            [
                ("JOHN", Some("MR")),
                ("WILLIAM", Some("MR")),
                ("ANN MARIE", Some("MRS")),
                // too little would be left: a name, not a title
                ("AMR", None),
            ]
        );
        // the DOCS still goes to JOHN
        assert_eq!(manifests[0].travellers[0].documents[0].number, "123");
    }

    #[test]
    fn reads_the_flight_pushed_for() {
        let (manifests, problems) = read(&format!("{FLIGHT}SRC'RCI+LH:ABC123'TIF+DOE+JOHN:A:1'"));
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(manifests.len(), 1);
        let manifest = &manifests[0];
        assert_eq!(manifest.source, Source::Pnrgov);
        assert_eq!(manifest.message_reference, "M1");
        assert!(!manifest.interactive);
        assert_eq!(
            manifest.legs,
            vec![Leg {
                carrier: "LH".to_string(),
                flight_number: "400".to_string(),
                departure_port: "FRA".to_string(),
                arrival_port: "JFK".to_string(),
                departure_time: Some("2024-03-15T10:40".to_string()),
                arrival_time: Some("2024-03-15T13:30".to_string()),
            }]
        );
    }

    #[test]
    fn booking_legs_follow_the_flight_once_each_in_departure_order() {
        let body = format!(
            "{FLIGHT}SRC'RCI+LH:ABC123'TIF+DOE+JOHN:A:1'\
TVL+150324:1040:150324:1330+FRA+JFK+LH+400:Y'\
TVL+160324:0900::1200+JFK+ORD+UA:LH+9000:Y'\
TVL+140324:0700:140324:0800+MUC+FRA+LH+101:Y'\
TVL+++++624:M'\
MSG+8'TVL+150324:1500:170324+JFK:HOTEL++XX+1'\
SRC'RCI+LH:DEF456'TIF+ROE+JANE:A:1'TVL+140324:0700:140324:0800+MUC+FRA+LH+101:Y'"
        );
        let (manifests, problems) = read(&body);
        assert!(problems.is_empty(), "{problems:?}");
        let legs: Vec<String> = manifests[0]
            .legs
            .iter()
            .map(|leg| {
                format!(
                    "{}{} {}-{} {:?} {:?}",
                    leg.carrier,
                    leg.flight_number,
                    leg.departure_port,
                    leg.arrival_port,
                    leg.departure_time,
                    leg.arrival_time
                )
            })
            .collect();
        assert_eq!(
            legs,
            vec![
                "LH400 FRA-JFK Some(\"2024-03-15T10:40\") Some(\"2024-03-15T13:30\")",
                "LH101 MUC-FRA Some(\"2024-03-14T07:00\") Some(\"2024-03-14T08:00\")",
                // No arrival date: the arrival time is not guessed onto a day.
                "UA9000 JFK-ORD Some(\"2024-03-16T09:00\") None",
            ]
        );
    }

    #[test]
    fn a_message_without_its_flight_is_reported() {
        let (manifests, problems) = read("MSG+:22'EQN+1'SRC'RCI+LH:ABC123'TIF+DOE+JOHN:A:1'");
        assert!(manifests[0].legs.is_empty());
        assert_eq!(manifests[0].travellers.len(), 1);
        assert!(problems[0].detail.contains("no flight"), "{problems:?}");
    }

    #[test]
    fn a_bad_flight_date_is_reported_with_its_segment() {
        let (manifests, problems) =
            read("MSG+:22'TVL+310224:1040+FRA+JFK+LH+400'SRC'TIF+DOE+JOHN'");
        assert_eq!(manifests[0].legs[0].departure_time, None);
        // UNA, UNB, UNH, MSG, TVL.
        assert_eq!(problems[0].segment, 5, "{problems:?}");
        assert!(problems[0].detail.contains("\"310224\""), "{problems:?}");
    }

    #[test]
    fn reads_travellers_with_record_locator_and_number() {
        let body = format!(
            "{FLIGHT}SRC'RCI+1A:XYZ789::120324:1200+LH:ABC123'TIF+O?'BRIEN:I+ANN MARIE MRS:A:1.1'\
TIF+SMITH+JOHN:A:2.1'TIF+ACME TOURS:G'TIF+NOLAN'TIF+:I+NONAME:A:4.1'TIF+:I'"
        );
        let (manifests, problems) = read(&body);
        let travellers = &manifests[0].travellers;
        let names: Vec<(&str, &str, Option<&str>)> = travellers
            .iter()
            .map(|t| {
                (
                    t.surname.as_str(),
                    t.given_names.as_str(),
                    t.reference.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            names,
            vec![
                ("O'BRIEN", "ANN MARIE", Some("XYZ789/1.1")),
                ("SMITH", "JOHN", Some("XYZ789/2.1")),
                ("NOLAN", "", Some("XYZ789/#3")),
                ("", "NONAME", Some("XYZ789/4.1")),
            ]
        );
        assert!(travellers.iter().all(|t| t.role == Role::Passenger));
        // UNA UNB UNH MSG ORG TVL EQN SRC RCI TIF TIF TIF TIF TIF(12) TIF(13)
        assert_eq!(travellers[0].segment, 10);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert_eq!(problems[0].segment, 14);
        assert!(problems[0].detail.contains("no surname"), "{problems:?}");
        assert_eq!(problems[1].segment, 15);
        assert!(problems[1].detail.contains("no name"), "{problems:?}");
    }

    #[test]
    fn check_in_and_history_tifs_are_not_travellers() {
        let body = format!(
            "{FLIGHT}SRC'RCI+LH:ABC123'TIF+DOE+JOHN:A:1'TVL+150324:1040:150324:1330+FRA+JFK+LH+400:Y'\
DAT+2:150324:0900'TRI++108:::1'TIF+DOE+JOHN:A:1'EQN+1'RCI+LH:GHI789'\
ABI+1+:LHRRR+LON++LH'SAC+++X'TIF+GONE+GARY:A:2'SSR+DOCS:HK:1:LH:::::/P/GBR/1/GBR/01JAN80/M/01JAN30/GONE/GARY'"
        );
        let (manifests, problems) = read(&body);
        assert!(problems.is_empty(), "{problems:?}");
        let travellers = &manifests[0].travellers;
        assert_eq!(travellers.len(), 1);
        assert_eq!(travellers[0].reference.as_deref(), Some("ABC123/1"));
        assert!(travellers[0].documents.is_empty());
    }

    #[test]
    fn reads_every_docs_field() {
        let body = format!(
            "{FLIGHT}SRC'RCI+LH:ABC123'TIF+SMITHJR+JONATHON MR:A:1'\
SSR+DOCS:HK:1:LH:::::/P/GBR/123456789/GBR/12JUL64/M/23AUG29/SMITHJR/JONATHON/ROBERT+::1'"
        );
        let (manifests, problems) = read(&body);
        assert!(problems.is_empty(), "{problems:?}");
        let traveller = &manifests[0].travellers[0];
        assert_eq!(traveller.surname, "SMITHJR");
        assert_eq!(traveller.given_names, "JONATHON");
        assert_eq!(traveller.birth_date.as_deref(), Some("1964-07-12"));
        assert_eq!(traveller.gender.as_deref(), Some("M"));
        assert_eq!(traveller.nationality.as_deref(), Some("GBR"));
        assert_eq!(
            traveller.documents,
            vec![Document {
                number: "123456789".to_string(),
                kind: "P".to_string(),
                issuing_state: Some("GBR".to_string()),
                expiry_date: Some("2029-08-23".to_string()),
            }]
        );
    }

    #[test]
    fn doca_gives_addresses_and_the_country_of_residence() {
        let body = format!(
            "{FLIGHT}SRC'RCI+LH:ABC123'TIF+SMITH+ANN:A:1'\
SSR+DOCA:HK:1:LH:::::/R/GBR/1 HIGH STREET/LONDON//SW1A 1AA+::1'\
SSR+DOCA:HK:1:LH:::::/D/USA/2 MAIN ST/NEW YORK/NY/10001+::1'\
SSR+DOCA:HK:1:LH:::::/R+::1'"
        );
        let (manifests, problems) = read(&body);
        let details = &manifests[0].travellers[0].details;
        assert_eq!(details.residence.as_deref(), Some("GBR"));
        assert_eq!(
            details.addresses,
            [
                "residence: 1 HIGH STREET, LONDON, SW1A 1AA, GBR",
                "destination: 2 MAIN ST, NEW YORK, NY, 10001, USA"
            ]
        );
        // a DOCA without an address is reported
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].to_string().contains("DOCA"), "{problems:?}");
    }

    #[test]
    fn two_digit_years_put_births_in_the_past_and_expiries_near() {
        // The interchange is of 2024-03-15.
        for (birth, expected_birth) in [
            ("12JUL64", "1964-07-12"),
            ("14MAR24", "2024-03-14"),
            ("16MAR24", "1924-03-16"),
            ("01JAN05", "2005-01-01"),
            ("01JAN1905", "1905-01-01"),
        ] {
            let body = format!(
                "{FLIGHT}SRC'TIF+DOE+JOHN:A:1'SSR+DOCS:HK:1:LH:::::/P/GBR/1/GBR/{birth}/M/01JAN70/DOE/JOHN'"
            );
            let (manifests, _) = read(&body);
            let traveller = &manifests[0].travellers[0];
            assert_eq!(
                traveller.birth_date.as_deref(),
                Some(expected_birth),
                "{birth}"
            );
            // An expiry of "70" is 2070: within fifty years of 2024.
            assert_eq!(
                traveller.documents[0].expiry_date.as_deref(),
                Some("2070-01-01")
            );
        }
    }

    #[test]
    fn docs_without_type_or_number_still_gives_birth_date_and_nationality() {
        let body = format!(
            "{FLIGHT}SRC'TIF+JONES+WILLIAM:A:2'SSR+DOCS:HK::DL:::::////GBR/12JUL64/F//JONES/WILLIAM'"
        );
        let (manifests, problems) = read(&body);
        assert!(problems.is_empty(), "{problems:?}");
        let traveller = &manifests[0].travellers[0];
        assert_eq!(traveller.birth_date.as_deref(), Some("1964-07-12"));
        assert_eq!(traveller.gender.as_deref(), Some("F"));
        assert_eq!(traveller.nationality.as_deref(), Some("GBR"));
        assert!(traveller.documents.is_empty());
    }

    #[test]
    fn docs_is_matched_by_reference_then_name_then_place() {
        let body = format!(
            "{FLIGHT}SRC'RCI+LH:ABC123'TIF+DOE+JOHN MR:A:1'TIF+DOE+JANE MRS:A:2'\
SSR+DOCS:HK:1:LH:::::/P/GBR/111/GBR/01JAN80/M/01JAN30/XX/YY+::1'\
SSR+DOCS:HK:1:LH:::::/P/GBR/222/GBR/02FEB82/F/01JAN30/DO E/JANE ANN'\
TIF+ROE+RICHARD:A:3'SSR+DOCS:HK:1:LH:::::/P/USA/333/USA/03MAR83/M/01JAN30/MRROE/RICHARDMR'"
        );
        let (manifests, problems) = read(&body);
        assert!(problems.is_empty(), "{problems:?}");
        let documents: Vec<(&str, &str)> = manifests[0]
            .travellers
            .iter()
            .flat_map(|t| {
                t.documents
                    .iter()
                    .map(move |d| (t.given_names.as_str(), d.number.as_str()))
            })
            .collect();
        assert_eq!(
            documents,
            vec![("JOHN", "111"), ("JANE", "222"), ("RICHARD", "333")]
        );
    }

    #[test]
    fn docs_wrapped_over_lines_reads_whole() {
        let body = format!(
            "{FLIGHT}SRC'TIF+SMITH+JOHN:A:1'SSR+DOCS:HK::DL:::::/P/GBR/123456789/GBR/12JUL64/M/23AUG19/SMI\r\nTH/JOHN'"
        );
        let (manifests, problems) = read(&body);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(manifests[0].travellers.len(), 1);
        assert_eq!(manifests[0].travellers[0].documents[0].number, "123456789");
    }

    #[test]
    fn a_repeated_docs_adds_the_document_once() {
        let docs = "SSR+DOCS:HK:1:LH:::FRA:JFK:/P/GBR/111/GBR/01JAN80/M/01JAN30/DOE/JOHN+::1'";
        let body = format!(
            "{FLIGHT}SRC'TIF+DOE+JOHN:A:1'{docs}TVL+150324:1040:150324:1330+FRA+JFK+LH+400:Y'{docs}"
        );
        let (manifests, _) = read(&body);
        assert_eq!(manifests[0].travellers[0].documents.len(), 1);
    }

    #[test]
    fn unreadable_docs_fields_are_reported_and_the_rest_kept() {
        let body = format!(
            "{FLIGHT}SRC'TIF+DOE+JOHN:A:1'SSR+DOCS:HK:1:LH:::::/P/GBR/111/0/31FEB80/Q/XX/DOE/JOHN'\
SSR+DOCS:HK:1:LH'SSR+DOCS:HK:1:LH:::::/P/GBR'"
        );
        let (manifests, problems) = read(&body);
        let traveller = &manifests[0].travellers[0];
        assert_eq!(traveller.documents[0].number, "111");
        assert_eq!(traveller.birth_date, None);
        let details: Vec<(usize, &str)> = problems
            .iter()
            .map(|p| (p.segment, p.detail.as_str()))
            .collect();
        assert_eq!(details.len(), 6, "{details:?}");
        // UNA UNB UNH MSG ORG TVL EQN SRC TIF SSR(10) SSR(11) SSR(12)
        assert!(details[0].0 == 10 && details[0].1.contains("nationality \"0\""));
        assert!(details[1].1.contains("birth date \"31FEB80\""));
        assert!(details[2].1.contains("gender \"Q\""));
        assert!(details[3].1.contains("expiry date \"XX\""));
        assert!(details[4].0 == 11 && details[4].1.contains("no free text"));
        assert!(details[5].0 == 12 && details[5].1.contains("has 2 of at least 8 fields"));
    }

    #[test]
    fn infants_are_travellers() {
        // The guide's pattern: the adult's TIF marks an infant; the infant's DOCS (FI) carries
        // the adult's reference; the infant has a TIF of type IN.
        let body = format!(
            "{FLIGHT}SRC'RCI+AM:XXXYET'TIF+SMITH+ANNA MRS:A:1.1:1'\
SSR+INFT:NN:1:AM:::::SMITH/EMMA/10AUG23+::1.1'\
SSR+DOCS:HK:1:AM:::::/P/COL/52263000/COL/30MAY76/F/31OCT30/SMITH/ANNA+::1.1'\
SSR+DOCS:HK:1:AM:::::/P/COL/AO234000/COL/10AUG23/FI/21DEC28/SMITH/EMMA+::1.1'\
TIF+SMITH+EMMA:IN:2.1'"
        );
        let (manifests, problems) = read(&body);
        assert!(problems.is_empty(), "{problems:?}");
        let travellers = &manifests[0].travellers;
        assert_eq!(travellers.len(), 2);
        let (adult, infant) = (&travellers[0], &travellers[1]);
        assert_eq!(adult.documents[0].number, "52263000");
        assert_eq!(adult.gender.as_deref(), Some("F"));
        assert_eq!(infant.given_names, "EMMA");
        assert_eq!(infant.birth_date.as_deref(), Some("2023-08-10"));
        assert_eq!(infant.gender.as_deref(), Some("F"));
        assert_eq!(infant.documents[0].number, "AO234000");
        assert_eq!(infant.reference.as_deref(), Some("XXXYET/2.1"));
    }

    #[test]
    fn an_infant_named_only_in_ssrs_becomes_a_traveller() {
        let body = format!(
            "{FLIGHT}SRC'RCI+SQ:3PGZOV'TIF+BELT:I+ISABELLE MRS:A:2:1'\
SSR+INFT:HK:1:SQ:::SIN:ICN:BELT/SOPHY 20SEP22+::2'\
SSR+DOCS:HK:1:SQ:::::/P/GBR/512731999/GBR/20SEP22/MI/25OCT27/BELT/SOPHY/+::2'\
SSR+DOCO:HK:1:SQ:::::LONDON/V/V123/SEOUL/01JAN24/KOR/I+::2'\
SSR+DOCS:HK:1:SQ:::::/P/GBR/509229987/GBR/01JUL78/F/12NOV32/BELT/ISABELLE RUTH/+::2'"
        );
        let (manifests, problems) = read(&body);
        assert!(problems.is_empty(), "{problems:?}");
        let travellers = &manifests[0].travellers;
        assert_eq!(travellers.len(), 2, "{travellers:?}");
        let infant = &travellers[1];
        assert_eq!(
            (infant.surname.as_str(), infant.given_names.as_str()),
            ("BELT", "SOPHY")
        );
        assert_eq!(infant.birth_date.as_deref(), Some("2022-09-20"));
        assert_eq!(infant.gender.as_deref(), Some("M"));
        assert_eq!(infant.documents.len(), 2);
        assert_eq!(infant.documents[1].kind, "V");
        assert_eq!(travellers[0].documents[0].number, "509229987");
        assert_eq!(travellers[0].birth_date.as_deref(), Some("1978-07-01"));
    }

    #[test]
    fn reads_doco_as_a_document() {
        let body = format!(
            "{FLIGHT}SRC'TIF+DOE+JOHN:A:1'SSR+DOCO:HK:1:LH:::::/LONDON/V/V9876543/WASHINGTON/22DEC21/USA+::1'\
SSR+DOCO:HK:1:LH:::::/LONDON/V//WASHINGTON/22DEC21/USA+::1'"
        );
        let (manifests, problems) = read(&body);
        assert_eq!(
            manifests[0].travellers[0].documents,
            vec![Document {
                number: "V9876543".to_string(),
                kind: "V".to_string(),
                issuing_state: Some("USA".to_string()),
                expiry_date: None,
            }]
        );
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].detail.contains("no document number"));
    }

    #[test]
    fn a_docs_for_no_tif_is_read_as_a_traveller_and_reported() {
        let body = format!(
            "{FLIGHT}SRC'RCI+LH:ABC123'SSR+DOCS:HK:1:LH:::::/P/KOR/M1/KOR/15FEB57/F/23MAR29/KIM/KONG CHUN/'"
        );
        let (manifests, problems) = read(&body);
        let traveller = &manifests[0].travellers[0];
        assert_eq!(traveller.surname, "KIM");
        assert_eq!(traveller.documents[0].number, "M1");
        assert!(problems[0].detail.contains("no TIF"), "{problems:?}");
    }

    fn split_part(reference: &str, transfer: &str, locator: &str, surname: &str) -> String {
        message(
            reference,
            transfer,
            &format!("{FLIGHT}SRC'RCI+LH:{locator}'TIF+{surname}+JOHN:A:1'"),
        )
    }

    #[test]
    fn split_messages_are_joined_into_one_manifest() {
        // Parts given out of order: S010 orders them.
        let interchange = interchange(&[
            split_part("M2", "2:F", "BBB222", "SECOND"),
            split_part("M1", "1:C", "AAA111", "FIRST"),
            message(
                "M3",
                "",
                "MSG+:22'TVL+150324:1200:150324:1400+FRA+LHR+LH+900'SRC'TIF+OTHER+FLIGHT'",
            ),
        ]);
        let (manifests, problems) = manifests(&interchange);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(manifests.len(), 2);
        assert_eq!(manifests[0].message_reference, "M1");
        let surnames: Vec<&str> = manifests[0]
            .travellers
            .iter()
            .map(|t| t.surname.as_str())
            .collect();
        assert_eq!(surnames, vec!["FIRST", "SECOND"]);
        assert_eq!(manifests[0].legs.len(), 1);
        assert_eq!(manifests[1].travellers[0].surname, "OTHER");
    }

    #[test]
    fn split_messages_join_across_interchanges_and_a_booking_is_not_doubled() {
        let first = interchange(&[split_part("M1", "1:C", "AAA111", "FIRST")]);
        let second = interchange(&[
            split_part("M2", "2", "AAA111", "FIRSTAGAIN"),
            split_part("M3", "3:F", "CCC333", "THIRD"),
        ]);
        let (manifests, problems) = manifests_of_interchanges(&[&first, &second]);
        assert!(problems.is_empty(), "{problems:?}");
        let surnames: Vec<&str> = manifests[0]
            .travellers
            .iter()
            .map(|t| t.surname.as_str())
            .collect();
        assert_eq!(surnames, vec!["FIRSTAGAIN", "THIRD"]);
    }

    #[test]
    fn a_missing_split_part_is_reported() {
        let interchange = interchange(&[
            split_part("M1", "1:C", "AAA111", "FIRST"),
            split_part("M3", "3", "CCC333", "THIRD"),
        ]);
        let (manifests, problems) = manifests(&interchange);
        assert_eq!(manifests.len(), 1);
        assert_eq!(manifests[0].travellers.len(), 2);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(
            problems[0].detail.contains("part 2 is missing"),
            "{problems:?}"
        );
        assert!(
            problems[1].detail.contains("no part is marked final"),
            "{problems:?}"
        );
    }
}
