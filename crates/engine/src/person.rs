//! Persons and organisations as the engine compares them: names, dates of birth,
//! countries, gender, document numbers and addresses, and how each of these moves a score.

use std::fmt;

use crate::calendar::days_in_month;
use crate::error::EngineError;
use crate::names::{read_as_romanised, Name};
use crate::script::Script;
use crate::text;

/// The most names (name, aliases, composed names) kept for one entity.
pub const MAX_NAMES: usize = 64;
/// The most values kept of any other property of one entity.
pub const MAX_VALUES: usize = 32;

/// What kind of entity a record describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EntityKind {
    Person,
    /// Organisations, companies and other legal entities: matched by name only.
    Organization,
}

/// A date that may be known only to the year or month ("1971", "1971-07", "1971-07-28").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PartialDate {
    pub year: u16,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

impl PartialDate {
    /// Reads `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (a time after the date is ignored) and checks
    /// that the date exists.
    pub fn parse(text: &str) -> Result<PartialDate, EngineError> {
        let bad = || EngineError::BadDate {
            value: text.chars().take(40).collect(),
        };
        let date = text.trim();
        let date = date.split(['T', ' ']).next().unwrap_or(date);
        let mut fields = date.split('-');
        let year = fields.next().ok_or_else(bad)?;
        let month = fields.next();
        let day = fields.next();
        if fields.next().is_some() || year.len() != 4 {
            return Err(bad());
        }
        let year: u16 = parse_digits(year).ok_or_else(bad)?;
        if !(1000..=2999).contains(&year) {
            return Err(bad());
        }
        let month = match month {
            None => None,
            Some(m) if m.len() == 2 => Some(
                parse_digits::<u8>(m)
                    .filter(|m| (1..=12).contains(m))
                    .ok_or_else(bad)?,
            ),
            Some(_) => return Err(bad()),
        };
        let day = match (day, month) {
            (None, _) => None,
            (Some(d), Some(m)) if d.len() == 2 => {
                let day = parse_digits::<u8>(d).ok_or_else(bad)?;
                if day == 0 || day > days_in_month(i64::from(year), m) {
                    return Err(bad());
                }
                Some(day)
            }
            _ => return Err(bad()),
        };
        Ok(PartialDate { year, month, day })
    }

    /// Of a date [`PartialDate::parse`] refuses, what can still be read: written as
    /// `YYYY-MM-DD` (or `YYYY-MM`) in digits with a possible year but an impossible month
    /// or day (`1955-11-92`, `1940-45-02`, as typed with a slip), the fields before the
    /// first impossible one (`1955-11`, `1940`). `None` when not even the year can be read.
    pub fn readable_part(text: &str) -> Option<PartialDate> {
        let date = text.trim();
        let date = date.split(['T', ' ']).next().unwrap_or(date);
        let mut fields = date.split('-');
        let year = fields.next()?;
        let month = fields.next();
        let day = fields.next();
        let shaped = |field: Option<&str>| {
            field.is_none_or(|f| f.len() == 2 && f.bytes().all(|b| b.is_ascii_digit()))
        };
        if fields.next().is_some() || year.len() != 4 || !shaped(month) || !shaped(day) {
            return None;
        }
        let year: u16 = parse_digits(year).filter(|year| (1000..=2999).contains(year))?;
        let mut readable = PartialDate {
            year,
            month: None,
            day: None,
        };
        let Some(month) = month
            .and_then(parse_digits::<u8>)
            .filter(|m| (1..=12).contains(m))
        else {
            return Some(readable);
        };
        readable.month = Some(month);
        readable.day = day
            .and_then(parse_digits::<u8>)
            .filter(|d| *d >= 1 && *d <= days_in_month(i64::from(year), month));
        Some(readable)
    }
}

fn parse_digits<T: std::str::FromStr>(text: &str) -> Option<T> {
    if text.bytes().all(|b| b.is_ascii_digit()) {
        text.parse().ok()
    } else {
        None
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(month) = self.month {
            write!(f, "-{month:02}")?;
        }
        if let Some(day) = self.day {
            write!(f, "-{day:02}")?;
        }
        Ok(())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Gender {
    Male,
    Female,
}

impl Gender {
    /// Reads the FollowTheMoney values ("male", "female"; also "m", "f"); others are unknown.
    pub fn parse(text: &str) -> Option<Gender> {
        match text.trim().to_ascii_lowercase().as_str() {
            "male" | "m" => Some(Gender::Male),
            "female" | "f" => Some(Gender::Female),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Gender::Male => "male",
            Gender::Female => "female",
        }
    }
}

/// A document or identity number, as printed with spaces, dashes and case removed.
pub fn normalize_document_number(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_uppercase)
        .take(40)
        .collect()
}

/// A person or organisation as compared: its names and the other facts the engine weighs.
#[derive(Debug, Clone, PartialEq)]
pub struct Person {
    pub kind: EntityKind,
    pub names: Vec<Name>,
    pub facts: Facts,
}

/// What is known of an entity besides its names.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Facts {
    pub birth_dates: Vec<PartialDate>,
    /// Nationalities and citizenships, lower-case country codes.
    pub countries: Vec<String>,
    pub gender: Option<Gender>,
    /// Passport and identity numbers, normalised with [`normalize_document_number`].
    pub documents: Vec<String>,
    /// Addresses as sets of folded words and numbers.
    pub addresses: Vec<Vec<String>>,
    /// Identifiers of accounts, banks, legal entities, ships and wallets, as their readers
    /// checked and wrote them (see [`Identifier`]).
    pub identifiers: Vec<Identifier>,
}

/// The kinds of identifier compared; two identifiers of different kinds never are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum IdentifierKind {
    /// An account's IBAN (ISO 13616).
    Iban,
    /// A bank's BIC (ISO 9362), as its institution's eight characters: a branch is part of it.
    Bic,
    /// A legal entity's LEI (ISO 17442).
    Lei,
    /// A ship's IMO number (seven digits), kept for the ship's life whatever its name.
    Imo,
    /// A number in a company register.
    Registration,
    /// A tax or VAT number.
    Tax,
    /// A crypto-asset address, as written (its case is part of it).
    Crypto,
}

impl IdentifierKind {
    pub const ALL: [IdentifierKind; 7] = [
        IdentifierKind::Iban,
        IdentifierKind::Bic,
        IdentifierKind::Lei,
        IdentifierKind::Imo,
        IdentifierKind::Registration,
        IdentifierKind::Tax,
        IdentifierKind::Crypto,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            IdentifierKind::Iban => "iban",
            IdentifierKind::Bic => "bic",
            IdentifierKind::Lei => "lei",
            IdentifierKind::Imo => "imo",
            IdentifierKind::Registration => "registration",
            IdentifierKind::Tax => "tax",
            IdentifierKind::Crypto => "crypto",
        }
    }

    /// The FollowTheMoney property that holds it.
    pub fn property(self) -> &'static str {
        match self {
            IdentifierKind::Iban => "ibanMentioned",
            IdentifierKind::Bic => "swiftBic",
            IdentifierKind::Lei => "leiCode",
            IdentifierKind::Imo => "imoNumber",
            IdentifierKind::Registration => "registrationNumber",
            IdentifierKind::Tax => "taxNumber",
            IdentifierKind::Crypto => "publicKey",
        }
    }

    /// Whether an identifier of this kind names one thing in the world, so that agreeing
    /// is as strong as evidence gets: an account, a bank, a legal entity, a ship, a wallet.
    /// A register's or a tax office's number is one only within its country, which lists
    /// do not always give.
    pub fn names_one(self) -> bool {
        !matches!(self, IdentifierKind::Registration | IdentifierKind::Tax)
    }

    /// Whether a thing has at most one identifier of this kind for its whole life, so that
    /// two valid ones that differ name two things: a legal entity's LEI (ISO 17442: one per
    /// entity), a ship's IMO number. An owner has many accounts and wallets, a bank many
    /// BICs (a branch abroad has its own), a company several registers.
    pub fn one_per_thing(self) -> bool {
        matches!(self, IdentifierKind::Lei | IdentifierKind::Imo)
    }
}

/// An identifier as its reader wrote it (capitals without spaces, save a crypto-asset
/// address), and whether its check digits or layout were checked and hold.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Identifier {
    pub kind: IdentifierKind,
    pub value: String,
    pub checked: bool,
}

impl Identifier {
    /// The key it is looked up by: its kind and value.
    pub fn key(&self) -> String {
        format!("{}:{}", self.kind.as_str(), self.value)
    }
}

impl Person {
    pub fn new(kind: EntityKind) -> Person {
        Person {
            kind,
            names: Vec::new(),
            facts: Facts::default(),
        }
    }

    /// Adds a name unless it is empty, past [`MAX_NAMES`], or one spelt the same in the
    /// same script is there: a name in
    /// another script that romanises to it (`郭 桂香`, `Guo Guixiang`) is kept, as the list
    /// gives it (a query in that script is compared with it alone; see the watchlist's
    /// scoring).
    pub fn add_name(&mut self, name: Name) {
        if name.parts.is_empty() || self.names.len() >= MAX_NAMES {
            return;
        }
        let same_parts = |other: &Name| {
            other.parts.len() == name.parts.len()
                && other
                    .parts
                    .iter()
                    .zip(&name.parts)
                    .all(|(a, b)| a.primary() == b.primary() && a.script == b.script)
        };
        if self.names.iter().any(same_parts) {
            return;
        }
        // a name in Chinese characters is read as the entity's Latin names say it is read
        // (`names::read_as_romanised`): when it is added, and again whenever a Latin name is
        let written_in = |script: Script| name.parts.iter().all(|part| part.script == script);
        let rereads = if written_in(Script::Han) {
            self.names.len()..self.names.len() + 1
        } else if written_in(Script::Latin) {
            0..self.names.len()
        } else {
            0..0
        };
        self.names.push(name);
        for at in rereads {
            if let Some(read) = read_as_romanised(&self.names[at], self.names.iter()) {
                self.names[at] = read;
            }
        }
    }
}

/// Whether a country code (as `Facts::countries` holds them) names a country of today: two
/// lower-case letters, as ISO 3166-1 alpha-2; not a territory (`ge-ab`) nor a former
/// country (`suhh`, ISO 3166-3's alpha-4).
fn is_country_of_today(code: &str) -> bool {
    code.len() == 2 && code.bytes().all(|b| b.is_ascii_lowercase())
}

impl Facts {
    /// Adds a country code (lower-case ISO 3166-1 alpha-2, or FollowTheMoney's territory
    /// and former-country codes): the parser reads names and other forms into codes first.
    pub fn add_country(&mut self, code: &str) {
        let code = code.trim().to_ascii_lowercase();
        if !code.is_empty() && !self.countries.contains(&code) && self.countries.len() < MAX_VALUES
        {
            self.countries.push(code);
        }
    }

    pub fn add_document(&mut self, number: &str) {
        let number = normalize_document_number(number);
        if number.len() >= 3
            && !self.documents.contains(&number)
            && self.documents.len() < MAX_VALUES
        {
            self.documents.push(number);
        }
    }

    /// Adds an identifier unless it is there already, past [`MAX_VALUES`] or shorter than
    /// four characters (too short to name anything alone).
    pub fn add_identifier(&mut self, identifier: Identifier) {
        if identifier.value.chars().count() >= 4
            && self.identifiers.len() < MAX_VALUES
            && !self
                .identifiers
                .iter()
                .any(|known| known.kind == identifier.kind && known.value == identifier.value)
        {
            self.identifiers.push(identifier);
        }
    }

    pub fn add_address(&mut self, address: &str) {
        if self.addresses.len() >= MAX_VALUES {
            return;
        }
        let words: Vec<String> = text::split_address(address);
        if !words.is_empty() {
            self.addresses.push(words);
        }
    }

    pub fn add_birth_date(&mut self, date: PartialDate) {
        if !self.birth_dates.contains(&date) && self.birth_dates.len() < MAX_VALUES {
            self.birth_dates.push(date);
        }
    }
}

/// The facts besides the name that a comparison weighs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Qualifier {
    BirthDate,
    Country,
    Gender,
    Document,
    Address,
    /// An identifier of the kind named.
    Identifier(IdentifierKind),
}

impl Qualifier {
    /// The FollowTheMoney property it reads.
    pub fn property(self) -> &'static str {
        match self {
            Qualifier::Identifier(kind) => kind.property(),
            Qualifier::BirthDate => "birthDate",
            Qualifier::Country => "nationality",
            Qualifier::Gender => "gender",
            Qualifier::Document => "idNumber",
            Qualifier::Address => "address",
        }
    }
}

/// How a qualifier compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Outcome {
    /// Equal to the precision both sides have (the day, the month or the year).
    Same,
    /// Not equal, but near enough to be a slip (a year apart, day and month swapped, one
    /// digit different): weak evidence for.
    Close,
    /// Clearly different: evidence against.
    Conflict,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Same => "same",
            Outcome::Close => "close",
            Outcome::Conflict => "conflict",
        }
    }
}

/// How one qualifier moved a score: `weight` is added to the log-odds of the name score.
#[derive(Debug, Clone, PartialEq)]
pub struct QualifierEffect {
    pub qualifier: Qualifier,
    pub query_value: String,
    pub listed_value: String,
    pub outcome: Outcome,
    /// Precision both sides shared, for dates: "day", "month" or "year".
    pub detail: &'static str,
    pub weight: f32,
}

/// Weights of the qualifiers, in log-odds.
#[derive(Debug, Clone, PartialEq)]
pub struct QualifierConfig {
    pub birth_date_same_day: f32,
    pub birth_date_same_month: f32,
    pub birth_date_same_year: f32,
    pub birth_date_close: f32,
    pub birth_date_conflict: f32,
    pub country_same: f32,
    pub country_conflict: f32,
    pub gender_same: f32,
    pub gender_conflict: f32,
    pub document_same: f32,
    /// Weight of an identifier that names one thing agreeing (see
    /// [`IdentifierKind::names_one`]): enough to make a match of any name alone.
    pub identifier_same: f32,
    /// Weight of two valid identifiers of a kind a thing has one of, differing.
    pub identifier_conflict: f32,
    /// Weight of fully overlapping addresses; partial overlap scales it.
    pub address_same: f32,
    /// Weight of addresses on both sides that share almost nothing (people move: weak).
    pub address_conflict: f32,
}

impl Default for QualifierConfig {
    fn default() -> Self {
        QualifierConfig {
            birth_date_same_day: 1.8,
            birth_date_same_month: 1.0,
            birth_date_same_year: 0.5,
            birth_date_close: 0.2,
            birth_date_conflict: -3.0,
            country_same: 0.3,
            country_conflict: -0.5,
            gender_same: 0.1,
            gender_conflict: -1.5,
            document_same: 3.0,
            identifier_same: 6.0,
            identifier_conflict: -3.0,
            address_same: 1.5,
            address_conflict: -0.5,
        }
    }
}

/// Compares every qualifier both sides have; those one side lacks say nothing.
pub fn compare_qualifiers(
    query: &Facts,
    listed: &Facts,
    config: &QualifierConfig,
) -> Vec<QualifierEffect> {
    let mut effects = Vec::new();
    visit_qualifiers(
        query,
        listed,
        config,
        |qualifier, outcome, detail, weight, values| {
            let (query_value, listed_value) = values();
            effects.push(QualifierEffect {
                qualifier,
                query_value,
                listed_value,
                outcome,
                detail,
                weight,
            });
        },
    );
    effects
}

/// The sum of the weights [`compare_qualifiers`] gives, without writing out the values
/// compared (`None` when no qualifier was compared): what [`combine_weight`] needs, for
/// candidates that may not be scored in full.
pub fn qualifier_weight(query: &Facts, listed: &Facts, config: &QualifierConfig) -> Option<f32> {
    let mut total: Option<f32> = None;
    visit_qualifiers(query, listed, config, |_, _, _, weight, _| {
        *total.get_or_insert(0.0) += weight;
    });
    total
}

/// The values a qualifier compared, written out when they are wanted.
type Values<'a> = &'a dyn Fn() -> (String, String);

/// Compares every qualifier both sides have and hands each outcome, detail and weight to
/// `found`, with its values to write out if wanted.
fn visit_qualifiers(
    query: &Facts,
    listed: &Facts,
    config: &QualifierConfig,
    mut found: impl FnMut(Qualifier, Outcome, &'static str, f32, Values<'_>),
) {
    if let Some((q, l, outcome, detail, weight)) =
        compare_birth_dates(&query.birth_dates, &listed.birth_dates, config)
    {
        found(Qualifier::BirthDate, outcome, detail, weight, &|| {
            (q.to_string(), l.to_string())
        });
    }
    if !query.countries.is_empty() && !listed.countries.is_empty() {
        let shared = query
            .countries
            .iter()
            .find(|c| listed.countries.contains(c));
        match shared {
            Some(code) => found(
                Qualifier::Country,
                Outcome::Same,
                "",
                config.country_same,
                &|| (code.clone(), code.clone()),
            ),
            // a territory of a country (`ge-ab`), or a country that no longer exists
            // (`suhh`), is not in conflict with a country: only two countries of today are
            None if !query.countries.iter().all(|c| is_country_of_today(c))
                || !listed.countries.iter().all(|c| is_country_of_today(c)) => {}
            None => found(
                Qualifier::Country,
                Outcome::Conflict,
                "",
                config.country_conflict,
                &|| (query.countries.join(", "), listed.countries.join(", ")),
            ),
        }
    }
    if let (Some(q), Some(l)) = (query.gender, listed.gender) {
        let (outcome, weight) = if q == l {
            (Outcome::Same, config.gender_same)
        } else {
            (Outcome::Conflict, config.gender_conflict)
        };
        found(Qualifier::Gender, outcome, "", weight, &|| {
            (q.as_str().to_string(), l.as_str().to_string())
        });
    }
    if let Some(number) = query
        .documents
        .iter()
        .find(|d| listed.documents.contains(d))
    {
        found(
            Qualifier::Document,
            Outcome::Same,
            "",
            config.document_same,
            &|| (number.clone(), number.clone()),
        );
    }
    for kind in IdentifierKind::ALL {
        if let Some((q, l, outcome, weight)) =
            compare_identifiers(kind, &query.identifiers, &listed.identifiers, config)
        {
            found(
                Qualifier::Identifier(kind),
                outcome,
                kind.as_str(),
                weight,
                &|| (q.value.clone(), l.value.clone()),
            );
        }
    }
    if let Some((q, l, outcome, weight)) =
        compare_addresses(&query.addresses, &listed.addresses, config)
    {
        found(Qualifier::Address, outcome, "", weight, &|| {
            (q.join(" "), l.join(" "))
        });
    }
}

/// The best agreement of two lists of dates of birth: the dates, outcome, precision and
/// weight.
fn compare_birth_dates<'a>(
    query: &'a [PartialDate],
    listed: &'a [PartialDate],
    config: &QualifierConfig,
) -> Option<(&'a PartialDate, &'a PartialDate, Outcome, &'static str, f32)> {
    let mut best: Option<(&PartialDate, &PartialDate, Outcome, &'static str, f32)> = None;
    for q in query {
        for l in listed {
            let (outcome, detail, weight) = compare_dates(q, l, config);
            if best.is_none_or(|b| weight > b.4) {
                best = Some((q, l, outcome, detail, weight));
            }
        }
    }
    best
}

fn compare_dates(
    q: &PartialDate,
    l: &PartialDate,
    config: &QualifierConfig,
) -> (Outcome, &'static str, f32) {
    // compare at the precision both sides have
    let precision = match (q.month.zip(l.month), q.day.zip(l.day)) {
        (Some(_), Some(_)) => "day",
        (Some(_), None) => "month",
        _ => "year",
    };
    // the date's digits at that precision (YYYYMMDD, YYYYMM or YYYY)
    let digits = |date: &PartialDate| -> ([u8; 8], usize) {
        let mut out = [0u8; 8];
        let year = date.year.min(9999);
        for (at, value) in [year / 1000, year / 100 % 10, year / 10 % 10, year % 10]
            .into_iter()
            .enumerate()
        {
            out[at] = b'0' + value as u8;
        }
        let mut length = 4;
        for (value, wanted) in [
            (date.month, precision != "year"),
            (date.day, precision == "day"),
        ] {
            if wanted {
                let value = value.unwrap_or(0).min(99);
                out[length] = b'0' + value / 10;
                out[length + 1] = b'0' + value % 10;
                length += 2;
            }
        }
        (out, length)
    };
    let ((query_buffer, length), (listed_buffer, _)) = (digits(q), digits(l));
    let (query_digits, listed_digits) = (&query_buffer[..length], &listed_buffer[..length]);
    if query_digits == listed_digits {
        let weight = match precision {
            "day" => config.birth_date_same_day,
            "month" => config.birth_date_same_month,
            _ => config.birth_date_same_year,
        };
        return (Outcome::Same, precision, weight);
    }
    let day_month_swapped =
        precision == "day" && q.year == l.year && q.month == l.day && q.day == l.month;
    // at year precision any two years of a decade are one digit apart: too loose to be a slip
    let slip = (precision != "year" && one_digit_apart(query_digits, listed_digits))
        || swapped_digits(query_digits, listed_digits)
        || day_month_swapped
        || (precision == "year" && q.year.abs_diff(l.year) == 1);
    if slip {
        return (Outcome::Close, precision, config.birth_date_close);
    }
    // same year, other month or day: against, but less than another year
    let weight = if q.year == l.year {
        config.birth_date_conflict * 0.5
    } else if precision == "year" {
        config.birth_date_conflict * 0.75
    } else {
        config.birth_date_conflict
    };
    (Outcome::Conflict, precision, weight)
}

/// Same number of digits and exactly one digit different: a typing slip.
fn one_digit_apart(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).filter(|(x, y)| x != y).count() == 1
}

/// Two neighbouring digits swapped (1971 / 1917): a typing slip.
fn swapped_digits(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut differing = (0..a.len()).filter(|&i| a[i] != b[i]);
    match (differing.next(), differing.next(), differing.next()) {
        (Some(first), Some(second), None) => {
            second == first + 1 && a[first] == b[second] && a[second] == b[first]
        }
        _ => false,
    }
}

/// How the identifiers of one kind on two sides agree: one the same (evidence for; as
/// strong as a document number for a register's number, which names one company only
/// within its country), or, for a kind a thing has one of, every valid one on each side
/// different from every valid one on the other (evidence against). Identifiers not
/// checked are never a conflict: a misread one differs by accident.
fn compare_identifiers<'a>(
    kind: IdentifierKind,
    query: &'a [Identifier],
    listed: &'a [Identifier],
    config: &QualifierConfig,
) -> Option<(&'a Identifier, &'a Identifier, Outcome, f32)> {
    let of_kind = |side: &'a [Identifier]| side.iter().filter(move |id| id.kind == kind);
    for q in of_kind(query) {
        if let Some(l) = of_kind(listed).find(|l| l.value == q.value) {
            let weight = if kind.names_one() {
                config.identifier_same
            } else {
                config.document_same
            };
            return Some((q, l, Outcome::Same, weight));
        }
    }
    if !kind.one_per_thing() {
        return None;
    }
    let q = of_kind(query).find(|id| id.checked)?;
    let l = of_kind(listed).find(|id| id.checked)?;
    Some((q, l, Outcome::Conflict, config.identifier_conflict))
}

/// The best agreement of two lists of addresses: the addresses, outcome and weight.
fn compare_addresses<'a>(
    query: &'a [Vec<String>],
    listed: &'a [Vec<String>],
    config: &QualifierConfig,
) -> Option<(&'a [String], &'a [String], Outcome, f32)> {
    let mut best: Option<(f32, usize, usize)> = None;
    for (qi, q) in query.iter().enumerate() {
        for (li, l) in listed.iter().enumerate() {
            let shared = q.iter().filter(|word| l.contains(word)).count();
            let overlap = shared as f32 / q.len().max(l.len()).max(1) as f32;
            if best.is_none_or(|(b, _, _)| overlap > b) {
                best = Some((overlap, qi, li));
            }
        }
    }
    let (overlap, qi, li) = best?;
    let (q, l) = (query[qi].as_slice(), listed[li].as_slice());
    if overlap < 0.2 {
        return Some((q, l, Outcome::Conflict, config.address_conflict));
    }
    if overlap < 0.3 {
        return None;
    }
    let outcome = if overlap >= 0.999 {
        Outcome::Same
    } else {
        Outcome::Close
    };
    Some((q, l, outcome, config.address_same * overlap))
}

/// Combines a name score with qualifier effects: their weights are added to the name
/// score's log-odds. With no effects the name score is returned unchanged.
///
/// `informativeness` in [0, 1] says how rare the agreeing name parts are: an exact match on
/// a common name is weaker evidence than one on a rare name, so its log-odds are capped lower
/// and a conflicting date of birth outweighs it sooner.
pub fn combine(name_score: f32, informativeness: f32, effects: &[QualifierEffect]) -> f32 {
    let total_weight = (!effects.is_empty()).then(|| effects.iter().map(|e| e.weight).sum());
    combine_weight(name_score, informativeness, total_weight)
}

/// [`combine`] with the sum of the effects' weights (`None`: no effects).
pub fn combine_weight(name_score: f32, informativeness: f32, total_weight: Option<f32>) -> f32 {
    let Some(total_weight) = total_weight else {
        return name_score;
    };
    let ceiling = informativeness_ceiling(informativeness);
    let clamped = name_score.clamp(NAME_SCORE_FLOOR, ceiling);
    let log_odds = (clamped / (1.0 - clamped)).ln() + total_weight;
    let combined = 1.0 / (1.0 + (-log_odds).exp());
    // evidence for never lowers the score, evidence against never raises it
    if total_weight >= 0.0 {
        combined.max(name_score)
    } else {
        combined.min(name_score)
    }
}

/// The name score's log-odds are taken between this floor ...
const NAME_SCORE_FLOOR: f32 = 0.01;

/// ... and a ceiling that rises with how rare the agreeing parts are.
fn informativeness_ceiling(informativeness: f32) -> f32 {
    0.95 + 0.04 * informativeness.clamp(0.0, 1.0)
}

/// The inverse of [`combine_weight`] at its most generous (the rarest parts): a name score
/// below the one returned combines to less than `reachable` with these qualifier weights,
/// whatever the informativeness. Above 1 when no name score can reach it.
pub fn least_name_score(reachable: f32, total_weight: Option<f32>) -> f32 {
    let Some(total_weight) = total_weight else {
        // the name score is the score
        return reachable;
    };
    if reachable <= 0.0 {
        return 0.0;
    }
    if reachable >= 1.0 {
        return reachable;
    }
    let ceiling = informativeness_ceiling(1.0);
    // the clamped name score whose log-odds, with the weights, reach `reachable`
    let clamped = 1.0 / (1.0 + (total_weight - (reachable / (1.0 - reachable)).ln()).exp());
    // a little under, so that rounding never makes it exclude a score that reaches
    let clamped = clamped - 1e-4;
    let by_odds = if clamped > ceiling {
        f32::INFINITY
    } else if clamped <= NAME_SCORE_FLOOR {
        0.0
    } else {
        clamped
    };
    if total_weight >= 0.0 {
        // the combined score is the larger of the name score and its combination
        by_odds.min(reachable)
    } else {
        // ... the smaller of the two
        by_odds.max(reachable)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_parse_at_every_precision_and_impossible_ones_are_refused() {
        assert_eq!(
            PartialDate::parse("1971").unwrap(),
            PartialDate {
                year: 1971,
                month: None,
                day: None
            }
        );
        assert_eq!(PartialDate::parse("1971-07").unwrap().month, Some(7));
        assert_eq!(
            PartialDate::parse("1971-07-28T00:00:00").unwrap().day,
            Some(28)
        );
        assert_eq!(PartialDate::parse("2000-02-29").unwrap().day, Some(29));
        for bad in [
            "1971-13-45",
            "1971-02-30",
            "1900-02-29",
            "71",
            "19710728",
            "1971-7-28",
            "",
            "abcd",
            "1971-00",
        ] {
            assert!(PartialDate::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn of_an_impossible_date_the_fields_before_the_impossible_one_are_read() {
        let read = |text: &str| PartialDate::readable_part(text).map(|date| date.to_string());
        assert_eq!(read("1955-11-92").as_deref(), Some("1955-11"));
        assert_eq!(read("1961-02-30").as_deref(), Some("1961-02"));
        assert_eq!(read("1940-45-02").as_deref(), Some("1940"));
        assert_eq!(read("1916-00-17").as_deref(), Some("1916"));
        assert_eq!(read("1971-00").as_deref(), Some("1971"));
        // not in the form at all, or not even a year: nothing is guessed
        for unreadable in [
            "19/04/1908",
            "1971-7-28",
            "19710728",
            "0971-01-01",
            "abcd",
            "",
        ] {
            assert_eq!(read(unreadable), None, "{unreadable}");
        }
    }

    fn effect(q: &str, l: &str) -> (Outcome, f32) {
        let config = QualifierConfig::default();
        let (o, _, w) = compare_dates(
            &PartialDate::parse(q).unwrap(),
            &PartialDate::parse(l).unwrap(),
            &config,
        );
        (o, w)
    }

    #[test]
    fn birth_dates_compare_at_the_precision_both_have() {
        assert_eq!(effect("1971-07-28", "1971-07-28").0, Outcome::Same);
        assert_eq!(effect("1971", "1971-07-28").0, Outcome::Same);
        assert!(effect("1971", "1971-07-28").1 < effect("1971-07-28", "1971-07-28").1);
        assert_eq!(effect("1971-07-08", "1971-08-07").0, Outcome::Close);
        assert_eq!(effect("1971-07-28", "1972-07-28").0, Outcome::Close);
        assert_eq!(effect("1971-07-28", "1985-01-02").0, Outcome::Conflict);
        // a year one digit apart is a slip only when the rest of the date agrees
        assert_eq!(effect("1992-11-19", "1995-11-19").0, Outcome::Close);
        assert_eq!(effect("1992-11-19", "1995-01-10").0, Outcome::Conflict);
        assert_eq!(effect("1971", "1975").0, Outcome::Conflict);
        assert!(effect("1971-07-28", "1985-01-02").1 < 0.0);
    }

    #[test]
    fn only_two_countries_of_today_that_differ_are_a_conflict() {
        let facts = |codes: &[&str]| {
            let mut facts = Facts::default();
            for code in codes {
                facts.add_country(code);
            }
            facts
        };
        let outcome = |query: &[&str], listed: &[&str]| {
            compare_qualifiers(&facts(query), &facts(listed), &QualifierConfig::default())
                .iter()
                .find(|effect| effect.qualifier == Qualifier::Country)
                .map(|effect| effect.outcome)
        };
        assert_eq!(outcome(&["cd"], &["CD"]), Some(Outcome::Same));
        assert_eq!(outcome(&["iq", "sy"], &["sy"]), Some(Outcome::Same));
        assert_eq!(outcome(&["cd"], &["cg"]), Some(Outcome::Conflict));
        // a former country or a territory says nothing against a country of today
        assert_eq!(outcome(&["ru"], &["suhh"]), None);
        assert_eq!(outcome(&["ge-ab"], &["ru"]), None);
        assert_eq!(outcome(&["suhh"], &["suhh"]), Some(Outcome::Same));
        assert_eq!(outcome(&[], &["ru"]), None);
    }

    #[test]
    fn combining_keeps_scores_in_range_and_moves_them_the_right_way() {
        let same = QualifierEffect {
            qualifier: Qualifier::BirthDate,
            query_value: String::new(),
            listed_value: String::new(),
            outcome: Outcome::Same,
            detail: "day",
            weight: 1.8,
        };
        let conflict = QualifierEffect {
            outcome: Outcome::Conflict,
            weight: -2.0,
            ..same.clone()
        };
        assert_eq!(combine(0.8, 1.0, &[]), 0.8);
        assert!(combine(0.8, 1.0, std::slice::from_ref(&same)) > 0.8);
        assert!(combine(0.8, 1.0, std::slice::from_ref(&conflict)) < 0.8);
        assert!(combine(1.0, 1.0, std::slice::from_ref(&same)) <= 1.0);
        // a common name outweighed by a conflicting date sooner than a rare one
        assert!(
            combine(1.0, 0.3, std::slice::from_ref(&conflict)) < combine(1.0, 1.0, &[conflict])
        );
    }
}
