//! A flight's travellers as passenger-data messages give them (PAXLST for API, PNRGOV for
//! PNR): what screening needs of each, whatever message it came from. The parsers fill
//! it; the service screens it.

/// Where the travellers of a manifest came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// UN/EDIFACT PAXLST (advance passenger information).
    Paxlst,
    /// PNRGOV (passenger name records).
    Pnrgov,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Paxlst => "PAXLST",
            Source::Pnrgov => "PNRGOV",
        }
    }
}

/// One leg of a flight.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Leg {
    /// IATA airline designator (`LH`), as in TDT or TVL.
    pub carrier: String,
    /// The flight number without the carrier (`0400`).
    pub flight_number: String,
    /// IATA airport code of departure (LOC 125 in PAXLST).
    pub departure_port: String,
    /// IATA airport code of arrival (LOC 87).
    pub arrival_port: String,
    /// `YYYY-MM-DDTHH:MM` (or `YYYY-MM-DD`) as far as the message gives it.
    pub departure_time: Option<String>,
    pub arrival_time: Option<String>,
}

/// A traveller's role on the flight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Passenger,
    Crew,
    /// A person in transit or otherwise named in PAXLST (`DDT`, `DDU` ...).
    Other,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Passenger => "passenger",
            Role::Crew => "crew",
            Role::Other => "other",
        }
    }
}

/// A travel document of a traveller (PAXLST DOC, PNR SSR DOCS).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Document {
    /// As given (normalised by the service).
    pub number: String,
    /// `P` passport, `I`/`A`/`C` identity cards, `V` visa ... as the message codes it.
    pub kind: String,
    /// ICAO code of the issuing state (LOC 91 in PAXLST).
    pub issuing_state: Option<String>,
    /// `YYYY-MM-DD`.
    pub expiry_date: Option<String>,
}

/// Where a traveller was born, lives, boards and leaves, and how to reach them, as the
/// message writes them (kept and answered; not screened).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TravellerDetails {
    /// PAXLST LOC 180: place of birth (name, or code, and country as given).
    pub birth_place: Option<String>,
    /// LOC 174: country of residence.
    pub residence: Option<String>,
    /// LOC 178: port of embarkation.
    pub embarkation: Option<String>,
    /// LOC 179: port of debarkation.
    pub debarkation: Option<String>,
    /// LOC 22: place of clearance (the port where the traveller enters).
    pub clearance: Option<String>,
    /// COM: telephone numbers and addresses, each with its kind (`TE`, `EM` ...).
    pub contacts: Vec<String>,
    /// A title written with the given names (`MR`, `MRS`, `DR` ...), kept apart from them
    /// so that it is never screened as a name.
    pub title: Option<String>,
    /// PNRGOV SSR DOCA: addresses, each with its kind (`residence:` or `destination:`)
    /// and its parts comma separated (street, city, state, postal code, country).
    pub addresses: Vec<String>,
}

/// One traveller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Traveller {
    pub role: Role,
    pub surname: String,
    /// Given names, space separated, as the message has them.
    pub given_names: String,
    /// `YYYY-MM-DD`, or `YYYY` / `YYYY-MM` where only that is known.
    pub birth_date: Option<String>,
    /// `M`, `F` or `X` / `U` as given.
    pub gender: Option<String>,
    /// ICAO / ISO alpha-3 code.
    pub nationality: Option<String>,
    pub documents: Vec<Document>,
    /// The message's own reference for the traveller (PAXLST RFF, PNR record locator and
    /// traveller number), for the answer to name them by.
    pub reference: Option<String>,
    /// Places and contacts (see [`TravellerDetails`]).
    pub details: TravellerDetails,
    /// Where the traveller's data stands in the message: the segment number of its first
    /// segment, for errors and answers.
    pub segment: usize,
}

/// The travellers of one flight, from one message (or split messages joined).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Manifest {
    pub source: Source,
    /// The message reference number (UNH 0062), for answers.
    pub message_reference: String,
    /// Whether an answer per traveller is expected (interactive API: see
    /// [`crate::paxlst::manifests`] for how a PAXLST is told to be a query).
    pub interactive: bool,
    /// The sender's reference for the exchange (PAXLST RFF+TN at message level): the
    /// components of C506 after the qualifier, as written (reference, line number,
    /// version, revision ...), which an interactive answer repeats whole.
    pub transaction_reference: Option<Vec<String>>,
    /// In flight order; the first is the leg screened for.
    pub legs: Vec<Leg>,
    pub travellers: Vec<Traveller>,
}

/// The flight a manifest is for: carrier, number, departure port and day of its first leg.
fn flight_key(manifest: &Manifest) -> Option<(Source, String, String, String, String)> {
    let leg = manifest.legs.first()?;
    let day = leg
        .departure_time
        .as_deref()
        .map(|time| time.chars().take(10).collect())
        .unwrap_or_default();
    Some((
        manifest.source,
        leg.carrier.clone(),
        leg.flight_number.trim_start_matches('0').to_string(),
        leg.departure_port.clone(),
        day,
    ))
}

/// Joins the manifests of one flight (the same source, carrier, flight number, departure
/// port and day): an airline sends passengers and crew in separate messages, and a long
/// list in parts. The travellers keep their order, parts in the order given; legs are
/// taken once; the first part's reference names the whole. Manifests without a leg stay
/// as they are.
pub fn join_flights(manifests: Vec<Manifest>) -> Vec<Manifest> {
    let mut joined: Vec<Manifest> = Vec::with_capacity(manifests.len());
    for manifest in manifests {
        // an interactive request is answered on its own, with its own reference
        let key = flight_key(&manifest).filter(|_| !manifest.interactive);
        let same = key.as_ref().and_then(|key| {
            joined
                .iter_mut()
                .filter(|earlier| !earlier.interactive)
                .find(|earlier| flight_key(earlier).as_ref() == Some(key))
        });
        match same {
            Some(earlier) => {
                let same_leg = |a: &Leg, b: &Leg| {
                    (a.carrier == b.carrier)
                        && a.flight_number.trim_start_matches('0')
                            == b.flight_number.trim_start_matches('0')
                        && a.departure_port == b.departure_port
                        && a.arrival_port == b.arrival_port
                };
                for leg in manifest.legs {
                    if !earlier.legs.iter().any(|known| same_leg(known, &leg)) {
                        earlier.legs.push(leg);
                    }
                }
                earlier.travellers.extend(manifest.travellers);
            }
            None => joined.push(manifest),
        }
    }
    joined
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest(flight: &str, day: &str, names: &[&str], role: Role) -> Manifest {
        Manifest {
            source: Source::Paxlst,
            message_reference: format!("{flight}-{}", names.len()),
            interactive: false,
            transaction_reference: None,
            legs: vec![Leg {
                carrier: "RJ".into(),
                flight_number: flight.into(),
                departure_port: "AMM".into(),
                arrival_port: "BGW".into(),
                departure_time: Some(format!("{day}T10:00")),
                arrival_time: None,
            }],
            travellers: names
                .iter()
                .map(|name| Traveller {
                    details: Default::default(),
                    role,
                    surname: name.to_string(),
                    given_names: String::new(),
                    birth_date: None,
                    gender: None,
                    nationality: None,
                    documents: Vec::new(),
                    reference: None,
                    segment: 0,
                })
                .collect(),
        }
    }

    #[test]
    fn the_parts_of_one_flight_are_joined_and_other_flights_kept_apart() {
        let joined = join_flights(vec![
            manifest("405", "2026-11-29", &["A", "B"], Role::Passenger),
            manifest("0405", "2026-11-29", &["C"], Role::Crew),
            manifest("405", "2026-11-30", &["D"], Role::Passenger),
            manifest("405", "2026-11-29", &["E"], Role::Passenger),
        ]);
        assert_eq!(joined.len(), 2);
        let names: Vec<&str> = joined[0]
            .travellers
            .iter()
            .map(|t| t.surname.as_str())
            .collect();
        assert_eq!(names, ["A", "B", "C", "E"]);
        assert_eq!(joined[0].legs.len(), 1);
        assert_eq!(joined[0].message_reference, "405-2");
        assert_eq!(joined[1].travellers[0].surname, "D");
    }
}
