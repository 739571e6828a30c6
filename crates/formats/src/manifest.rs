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
    /// Whether an answer per traveller is expected (interactive API: a PAXLST whose
    /// BGM or UNH marks it as a query).
    pub interactive: bool,
    /// In flight order; the first is the leg screened for.
    pub legs: Vec<Leg>,
    pub travellers: Vec<Traveller>,
}
