//! FollowTheMoney entity lines, as OpenSanctions publishes them: one JSON object a line,
//! `{"id": ..., "schema": "Person", "properties": {"name": [...], ...}}`.

use gatecheck_engine::names::parse_name_of;
use gatecheck_engine::person::{
    EntityKind, Gender, IdentifierKind, PartialDate, Person, MAX_NAMES, MAX_VALUES,
};
use serde::Deserialize;
use serde_json::Value;

use crate::error::FormatError;

/// The longest line read.
pub const MAX_LINE_BYTES: usize = 1 << 20;
/// The longest id kept.
pub const MAX_ID_CHARS: usize = 200;

/// The schemas gatecheck screens; a line of another is refused when read alone, and
/// counted and skipped in an export (see [`crate::ftm_graph`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Schema {
    Person,
    Organization,
    Company,
    LegalEntity,
    PublicBody,
    Vessel,
    Airplane,
}

impl Schema {
    pub fn parse(text: &str) -> Option<Schema> {
        match text {
            "Person" => Some(Schema::Person),
            "Organization" => Some(Schema::Organization),
            "Company" => Some(Schema::Company),
            "LegalEntity" => Some(Schema::LegalEntity),
            "PublicBody" => Some(Schema::PublicBody),
            "Vessel" => Some(Schema::Vessel),
            "Airplane" => Some(Schema::Airplane),
            _ => None,
        }
    }

    /// The schema's FtM name.
    pub fn name(self) -> &'static str {
        match self {
            Schema::Person => "Person",
            Schema::Organization => "Organization",
            Schema::Company => "Company",
            Schema::LegalEntity => "LegalEntity",
            Schema::PublicBody => "PublicBody",
            Schema::Vessel => "Vessel",
            Schema::Airplane => "Airplane",
        }
    }

    /// The schema and those it extends in FollowTheMoney's model, itself first: an entity
    /// of this schema is one of each (a `Company` is an `Organization`, a `LegalEntity`,
    /// an `Asset` and a `Thing`).
    pub fn lineage(self) -> &'static [&'static str] {
        match self {
            Schema::Person => &["Person", "LegalEntity", "Thing"],
            Schema::Organization => &["Organization", "LegalEntity", "Thing"],
            Schema::Company => &[
                "Company",
                "Organization",
                "Asset",
                "LegalEntity",
                "Value",
                "Thing",
            ],
            Schema::LegalEntity => &["LegalEntity", "Thing"],
            Schema::PublicBody => &["PublicBody", "Organization", "LegalEntity", "Thing"],
            Schema::Vessel => &["Vessel", "Vehicle", "Asset", "Value", "Thing"],
            Schema::Airplane => &["Airplane", "Vehicle", "Asset", "Value", "Thing"],
        }
    }

    /// Vessels and airplanes are matched as organisations are, by name and by their
    /// numbers, never against a person's name.
    fn kind(self) -> EntityKind {
        match self {
            Schema::Person => EntityKind::Person,
            Schema::Organization
            | Schema::Company
            | Schema::LegalEntity
            | Schema::PublicBody
            | Schema::Vessel
            | Schema::Airplane => EntityKind::Organization,
        }
    }

    /// The properties holding the numbers an entity of this schema is known by, read as
    /// its documents (an IMO number, an aircraft's registration).
    fn numbers(self) -> &'static [&'static str] {
        match self {
            Schema::Vessel => &["mmsi", "registrationNumber", "callSign"],
            Schema::Airplane => &["registrationNumber", "serialNumber"],
            _ => &[],
        }
    }
}

/// What a list says of a listed entity beside what is screened, as an export attaches it
/// (see [`crate::ftm_graph`]): the sanctions on it and its ties to other entities, shown
/// to an officer on a hit.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Listing {
    pub sanctions: Vec<SanctionFacts>,
    pub relations: Vec<Relation>,
}

/// A sanction on a listed entity: its programme, the authority that listed it, and since
/// when (as the list writes them; empty where it says nothing).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SanctionFacts {
    pub program: String,
    pub authority: String,
    pub listed_on: String,
}

/// A tie of a listed entity to another: `kind` as an officer reads it of the listed one
/// ("family", "associate", "owner of" ...), what the list calls it ("brother", "51%"),
/// and the ids of the other entities, as the list gives them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Relation {
    pub kind: &'static str,
    pub relationship: String,
    pub with: Vec<String>,
}

/// Years either side of a year of birth a list gives as approximate ("approximately
/// 1966", "circa 1966"), each taken as possible, so that a traveller born a year off is
/// not taken as born in another year: the lists readers in this crate write them all.
pub const APPROXIMATE_BIRTH_YEARS: u16 = 2;

/// Adds `value` (trimmed; nothing when empty) to the list of `property`, once: how the
/// readers of published lists write an entity's properties.
pub fn add_value(properties: &mut serde_json::Map<String, Value>, property: &str, value: &str) {
    let value = value.trim();
    if value.is_empty() {
        return;
    }
    let values = properties
        .entry(property.to_string())
        .or_insert_with(|| Value::Array(Vec::new()));
    if let Value::Array(values) = values {
        if !values.iter().any(|seen| seen.as_str() == Some(value)) {
            values.push(Value::String(value.to_string()));
        }
    }
}

/// Characters of a value of a sanction or a tie kept for showing.
const MAX_SHOWN_CHARS: usize = 200;

/// A value of a sanction or a tie as it is shown: at most [`MAX_SHOWN_CHARS`] characters,
/// without the control and bidirectional-override characters that would make it display
/// otherwise than it reads (see [`is_refused_in_text`]).
fn shown(value: &str) -> String {
    value
        .chars()
        .filter(|&c| !is_refused_in_text(c))
        .take(MAX_SHOWN_CHARS)
        .collect()
}

/// One entity read from a line.
#[derive(Debug, Clone, PartialEq)]
pub struct Entity {
    pub id: String,
    pub schema: Schema,
    pub person: Person,
    /// The sanctions and ties an export attached to it (`None` when none).
    pub listing: Option<Box<Listing>>,
    /// Its FtM `topics` (`sanction`, `role.pep` ...), as written.
    pub topics: Vec<String>,
    /// Values that could not be read and were left out (or read in part), in the order
    /// met: a query is screened on the rest, and the answer names these.
    pub warnings: Vec<ValueWarning>,
}

/// A property value that could not be read: what it would have been refused as, and what
/// was kept of it (`None`: nothing).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueWarning {
    pub problem: FormatError,
    pub kept: Option<String>,
}

impl std::fmt::Display for ValueWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.kept {
            Some(kept) => write!(f, "{}; read as {kept}", self.problem),
            None => write!(f, "{}; left out", self.problem),
        }
    }
}

#[derive(Deserialize)]
struct RawEntity {
    id: Option<Value>,
    schema: Option<Value>,
    #[serde(default)]
    properties: serde_json::Map<String, Value>,
}

/// Properties read as names, in order of preference.
const NAME_PROPERTIES: &[&str] = &["name", "alias", "previousName", "weakAlias"];

/// Reads one entity line. A value that cannot be read (an impossible date, a number where
/// a list of strings belongs) is left out, or kept as far as it can be read, and named in
/// [`Entity::warnings`]: a traveller is screened on what is readable. Only a line that is
/// not an entity at all (not JSON, no id, no schema gatecheck matches) is refused.
pub fn parse_entity(line: &str) -> Result<Entity, FormatError> {
    read_entity(line, true)
}

/// Checks one entity line as [`parse_entity`] does, without reading its names into parts
/// (the person comes back without names): for storing records, which are read in full when
/// indexed. A record to be kept must also keep within what is screened (see
/// [`check_limits`]): what screening would leave out silently is refused here, by name.
///
/// A value [`parse_entity`] would leave out with a warning is refused here (a record is
/// kept as its owner wrote it, or not at all), but for a country in a form not known, which
/// is kept and compared with nothing, and an identifier failing its check, kept unchecked.
pub fn check_entity(line: &str) -> Result<Entity, FormatError> {
    let entity = read_entity(line, false)?;
    // a country in a form not known is kept as written and left out of comparisons, in a
    // record as in a query: lists hold forms no table has; an identifier failing its
    // check is kept unchecked (lists hold misprints, and refusing the record would drop a
    // listed name)
    if let Some(warning) = entity.warnings.iter().find(|warning| {
        !matches!(
            warning.problem,
            FormatError::UnknownCountry { .. } | FormatError::BadIdentifier { .. }
        )
    }) {
        return Err(warning.problem.clone());
    }
    let value: Value = serde_json::from_str(line).map_err(|error| FormatError::BadJson {
        reason: error.to_string(),
    })?;
    check_limits(&value)?;
    Ok(entity)
}

/// Top-level fields of an FtM entity line (as OpenSanctions writes them); others are
/// refused in a record, as a field silently dropped is a field its owner thinks is kept.
const ENTITY_FIELDS: &[&str] = &[
    "id",
    "schema",
    "properties",
    "caption",
    "datasets",
    "referents",
    "first_seen",
    "last_seen",
    "last_change",
    "target",
];

/// Values one property of a kept record may have.
pub const MAX_PROPERTY_VALUES: usize = 1000;
/// Characters of one value of a property that is not a name (an address, a note).
pub const MAX_VALUE_CHARS: usize = 4000;
/// Names a kept record may have in its name properties together, and characters a name
/// may have. Published lists hold entities past what screening reads of them
/// ([`MAX_NAMES`] names, and of each name its first
/// [`gatecheck_engine::text::MAX_NAME_CHARS`] characters and
/// [`gatecheck_engine::text::MAX_WORDS`] words: the UN list has an alias of 324
/// characters, a list of aliases in one), so these bound what is kept, far above any
/// real name, and refuse what is not a name at all.
pub const MAX_STORED_NAMES: usize = 1000;
pub const MAX_STORED_NAME_CHARS: usize = 1000;

/// Properties whose values are names (read as names, or composed into one).
pub const NAME_VALUED: &[&str] = &[
    "name",
    "alias",
    "previousName",
    "weakAlias",
    "firstName",
    "secondName",
    "middleName",
    "fatherName",
    "lastName",
];

/// Whether `c` may not stand in a name or an officer's instruction: control characters
/// (NUL, ESC ...) and the bidirectional embeddings, overrides and isolates, which make a
/// text display other than it reads (marks such as U+200F stay allowed: Arabic text needs
/// them).
pub fn is_refused_in_text(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// The limits of a record to be kept: known top-level fields only; at most
/// [`MAX_STORED_NAMES`] names in all, each at most [`MAX_STORED_NAME_CHARS`] characters;
/// at most [`MAX_PROPERTY_VALUES`] values a property, each at most [`MAX_VALUE_CHARS`]
/// characters; every value text or a nested entity; no control or bidirectional-override
/// characters in the id or a name. Each refusal names the field and the limit.
pub fn check_limits(entity: &Value) -> Result<(), FormatError> {
    let refused = |field: String, reason: String| FormatError::Refused { field, reason };
    let Some(object) = entity.as_object() else {
        return Err(FormatError::BadJson {
            reason: "an entity is a JSON object".to_string(),
        });
    };
    if let Some(unknown) = object
        .keys()
        .find(|key| !ENTITY_FIELDS.contains(&key.as_str()))
    {
        return Err(refused(
            unknown.chars().take(60).collect(),
            format!("is not a field of an entity ({})", ENTITY_FIELDS.join(", ")),
        ));
    }
    if let Some(Value::String(id)) = object.get("id") {
        if id.chars().count() > MAX_ID_CHARS {
            return Err(refused(
                "id".to_string(),
                format!("{} characters, at most {MAX_ID_CHARS}", id.chars().count()),
            ));
        }
        if let Some(c) = id.chars().find(|&c| is_refused_in_text(c)) {
            return Err(refused(
                "id".to_string(),
                format!(
                    "holds the character U+{:04X}, which a record may not hold",
                    c as u32
                ),
            ));
        }
    }
    let Some(properties) = object.get("properties").and_then(Value::as_object) else {
        return Ok(());
    };
    let mut names = 0;
    for (property, values) in properties {
        let values: Vec<&Value> = match values {
            Value::Array(values) => values.iter().collect(),
            other => vec![other],
        };
        if values.len() > MAX_PROPERTY_VALUES {
            return Err(refused(
                format!("properties.{property}"),
                format!("{} values, at most {MAX_PROPERTY_VALUES}", values.len()),
            ));
        }
        let is_name = NAME_VALUED.contains(&property.as_str());
        let limit = if is_name {
            MAX_STORED_NAME_CHARS
        } else {
            MAX_VALUE_CHARS
        };
        for (at, value) in values.iter().enumerate() {
            let field = || format!("properties.{property}[{at}]");
            // FtM values are text, or entities nested as an export writes them: a number
            // kept in a property no reader reads would be kept unread
            let text = match value {
                Value::String(text) => text,
                Value::Object(_) => continue,
                other => {
                    let kind = match other {
                        Value::Null => "null",
                        Value::Bool(_) => "true or false",
                        Value::Number(_) => "a number",
                        _ => "a list",
                    };
                    return Err(refused(
                        field(),
                        format!("is {kind}, not text or a nested entity"),
                    ));
                }
            };
            let length = text.chars().count();
            if length > limit {
                return Err(refused(
                    field(),
                    format!("{length} characters, at most {limit}"),
                ));
            }
            if is_name {
                if let Some(c) = text.chars().find(|&c| is_refused_in_text(c)) {
                    return Err(refused(
                        field(),
                        format!(
                            "holds the character U+{:04X}, which a name may not hold",
                            c as u32
                        ),
                    ));
                }
            }
        }
        if NAME_PROPERTIES.contains(&property.as_str()) {
            names += values
                .iter()
                .filter(|value| value.as_str().is_some_and(|text| !text.trim().is_empty()))
                .count();
        }
    }
    if names > MAX_STORED_NAMES {
        return Err(refused(
            "properties".to_string(),
            format!(
                "{names} names in {} together, at most {MAX_STORED_NAMES}",
                NAME_PROPERTIES.join(", ")
            ),
        ));
    }
    Ok(())
}

fn read_entity(line: &str, read_names: bool) -> Result<Entity, FormatError> {
    if line.len() > MAX_LINE_BYTES {
        return Err(FormatError::LineTooLong {
            limit: MAX_LINE_BYTES,
        });
    }
    let raw: RawEntity = serde_json::from_str(line).map_err(|error| FormatError::BadJson {
        reason: error.to_string(),
    })?;
    let id = match raw.id {
        Some(Value::String(id)) if !id.trim().is_empty() => id.chars().take(MAX_ID_CHARS).collect(),
        Some(Value::Number(number)) => number.to_string(),
        _ => return Err(FormatError::MissingId),
    };
    let schema_text = match raw.schema {
        Some(Value::String(schema)) => schema,
        _ => return Err(FormatError::MissingSchema),
    };
    let schema = Schema::parse(&schema_text).ok_or_else(|| FormatError::UnknownSchema {
        schema: schema_text.chars().take(60).collect(),
    })?;
    let properties = &raw.properties;
    let mut warnings = Vec::new();
    let mut person = Person::new(schema.kind());
    for property in NAME_PROPERTIES {
        for name in strings(properties, property, &mut warnings) {
            if person.names.len() >= MAX_NAMES || !read_names {
                break;
            }
            person.add_name(parse_name_of(person.kind, name));
        }
    }
    if let Some(composed) = composed_name(properties, &mut warnings) {
        if read_names {
            person.add_name(parse_name_of(person.kind, &composed));
        }
    }
    for value in strings(properties, "birthDate", &mut warnings) {
        match PartialDate::parse(value) {
            Ok(date) => person.facts.add_birth_date(date),
            Err(_) => {
                // the fields before the first impossible one still say something
                let readable = PartialDate::readable_part(value);
                if let Some(date) = readable {
                    person.facts.add_birth_date(date);
                }
                warnings.push(ValueWarning {
                    problem: FormatError::BadDate {
                        property: "birthDate".to_string(),
                        value: value.chars().take(40).collect(),
                    },
                    kept: readable.map(|date| date.to_string()),
                });
            }
        }
    }
    for property in ["nationality", "citizenship"] {
        for value in strings(properties, property, &mut warnings) {
            // a code or a name in any usual form; an unknown form is compared with nothing
            match crate::countries::country_code(value) {
                Some(code) => person.facts.add_country(&code),
                None => warnings.push(ValueWarning {
                    problem: FormatError::UnknownCountry {
                        property: property.to_string(),
                        value: value.chars().take(60).collect(),
                    },
                    kept: None,
                }),
            }
        }
    }
    person.facts.gender = strings(properties, "gender", &mut warnings)
        .into_iter()
        .find_map(Gender::parse);
    for property in ["passportNumber", "idNumber"]
        .iter()
        .chain(schema.numbers())
    {
        for number in strings(properties, property, &mut warnings) {
            person.facts.add_document(number);
        }
    }
    for address in strings(properties, "address", &mut warnings) {
        person.facts.add_address(address);
    }
    read_identifiers(schema, properties, &mut person, &mut warnings);
    Ok(Entity {
        id,
        schema,
        person,
        listing: listing_of(properties),
        topics: strings(properties, "topics", &mut warnings)
            .into_iter()
            .map(str::to_string)
            .collect(),
        warnings,
    })
}

/// The properties holding identifiers of accounts, banks, legal entities and ships, and
/// the kind each is compared as (a vessel's or airplane's `registrationNumber` is read as
/// a document instead: see [`Schema::numbers`]).
const IDENTIFIER_PROPERTIES: &[(&str, IdentifierKind)] = &[
    ("ibanMentioned", IdentifierKind::Iban),
    ("swiftBic", IdentifierKind::Bic),
    ("leiCode", IdentifierKind::Lei),
    ("imoNumber", IdentifierKind::Imo),
    ("registrationNumber", IdentifierKind::Registration),
    ("ogrnCode", IdentifierKind::Registration),
    ("taxNumber", IdentifierKind::Tax),
    ("vatCode", IdentifierKind::Tax),
    ("innCode", IdentifierKind::Tax),
];

/// Reads an entity's identifiers (see [`IDENTIFIER_PROPERTIES`]) and the addresses of the
/// crypto-asset wallets nested under it (`cryptoWallets`, FollowTheMoney's reverse of a
/// `CryptoWallet`'s holder: their `publicKey`); one that fails its check is kept unchecked
/// and named in a warning.
fn read_identifiers(
    schema: Schema,
    properties: &serde_json::Map<String, Value>,
    person: &mut Person,
    warnings: &mut Vec<ValueWarning>,
) {
    for &(property, kind) in IDENTIFIER_PROPERTIES {
        if property == "registrationNumber" && matches!(schema, Schema::Vessel | Schema::Airplane) {
            continue;
        }
        for text in strings(properties, property, warnings) {
            add_identifier(person, warnings, property, kind, text);
        }
    }
    let wallets = match properties.get("cryptoWallets") {
        Some(Value::Array(wallets)) => wallets.as_slice(),
        _ => &[],
    };
    for wallet in wallets.iter().take(MAX_VALUES) {
        let Some(fields) = wallet.get("properties").and_then(Value::as_object) else {
            continue;
        };
        for key in strings(fields, "publicKey", warnings) {
            add_identifier(person, warnings, "publicKey", IdentifierKind::Crypto, key);
        }
    }
}

fn add_identifier(
    person: &mut Person,
    warnings: &mut Vec<ValueWarning>,
    property: &str,
    kind: IdentifierKind,
    text: &str,
) {
    let Some((identifier, problem)) = crate::identifiers::for_screening(kind, text) else {
        return;
    };
    if let Some(problem) = problem {
        warnings.push(ValueWarning {
            problem: FormatError::BadIdentifier {
                property: property.to_string(),
                problem: problem.to_string(),
            },
            kept: Some(identifier.value.clone()),
        });
    }
    person.facts.add_identifier(identifier);
}

/// The sanctions and ties an entity line holds (see [`Listing`]), read without its
/// names: for showing a stored record, which was read in full when it was indexed. `None`
/// when it holds none or is not an entity.
pub fn listing_of_line(line: &str) -> Option<Box<Listing>> {
    let raw: RawEntity = serde_json::from_str(line).ok()?;
    listing_of(&raw.properties)
}

/// The sanctions and ties nested in an entity's properties (see [`Listing`]).
fn listing_of(properties: &serde_json::Map<String, Value>) -> Option<Box<Listing>> {
    let attached = |property: &str| -> Vec<&serde_json::Map<String, Value>> {
        match properties.get(property) {
            Some(Value::Array(values)) => values
                .iter()
                .take(crate::ftm_graph::MAX_ATTACHED)
                .filter_map(|value| value.get("properties").and_then(Value::as_object))
                .collect(),
            _ => Vec::new(),
        }
    };
    let first = |fields: &serde_json::Map<String, Value>, names: &[&str]| -> String {
        let mut ignored = Vec::new();
        names
            .iter()
            .find_map(|name| strings(fields, name, &mut ignored).first().copied())
            .map(shown)
            .unwrap_or_default()
    };
    let mut listing = Listing::default();
    for fields in attached("sanctions") {
        listing.sanctions.push(SanctionFacts {
            program: first(fields, &["program", "programId"]),
            authority: first(fields, &["authority"]),
            listed_on: first(fields, &["listingDate", "startDate", "date"]),
        });
    }
    for (reverse, kind, other) in crate::ftm_graph::ties() {
        for fields in attached(reverse) {
            let mut ignored = Vec::new();
            let with = strings(fields, other, &mut ignored)
                .into_iter()
                .take(MAX_VALUES)
                .map(shown)
                .collect();
            let mut relationship = first(fields, &["relationship", "role"]);
            if relationship.is_empty() {
                let percentage = first(fields, &["percentage"]);
                if !percentage.is_empty() {
                    relationship = format!("{percentage}%");
                }
            }
            listing.relations.push(Relation {
                kind,
                relationship,
                with,
            });
        }
    }
    if listing.sanctions.is_empty() && listing.relations.is_empty() {
        None
    } else {
        Some(Box::new(listing))
    }
}

/// The values of one property: a list of strings (a lone string is taken as a list of one).
/// A value that is not a string is left out, with a warning naming the property (once).
fn strings<'a>(
    properties: &'a serde_json::Map<String, Value>,
    property: &str,
    warnings: &mut Vec<ValueWarning>,
) -> Vec<&'a str> {
    let warn = |warnings: &mut Vec<ValueWarning>| {
        let problem = FormatError::BadPropertyValue {
            property: property.to_string(),
        };
        // a property read twice (a name part also composed) is named once
        if !warnings.iter().any(|warning| warning.problem == problem) {
            warnings.push(ValueWarning {
                problem,
                kept: None,
            });
        }
    };
    match properties.get(property) {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::String(text)) => vec![text.as_str()],
        Some(Value::Array(values)) => {
            let mut out = Vec::with_capacity(values.len().min(MAX_NAMES));
            for value in values.iter().take(MAX_NAMES.max(MAX_VALUES)) {
                match value {
                    Value::String(text) if !text.trim().is_empty() => out.push(text.as_str()),
                    Value::String(_) | Value::Null => {}
                    _ => warn(warnings),
                }
            }
            out
        }
        Some(_) => {
            warn(warnings);
            Vec::new()
        }
    }
}

/// "firstName secondName middleName fatherName lastName", when any of them is given.
fn composed_name(
    properties: &serde_json::Map<String, Value>,
    warnings: &mut Vec<ValueWarning>,
) -> Option<String> {
    let mut words: Vec<&str> = Vec::new();
    for property in [
        "firstName",
        "secondName",
        "middleName",
        "fatherName",
        "lastName",
    ] {
        if let Some(first) = strings(properties, property, warnings).first() {
            words.push(first);
        }
    }
    if words.is_empty() {
        None
    } else {
        Some(words.join(" "))
    }
}

/// The caption FollowTheMoney gives an entity, as yente answers it: the first of its
/// schema's caption properties that has a value (for a `Person`: `name`, `alias`,
/// `previousName` ...), and of several names the one most like the others (the centre of
/// its spellings, a name in Latin letters before one in another script, one in mixed
/// case before the same in capitals, else the first in order); with none, the schema's
/// label.
pub fn caption(schema: &str, properties: &Value) -> String {
    let (caption_properties, label): (&[&str], &str) = match schema {
        "Person" => (
            &[
                "name",
                "alias",
                "previousName",
                "weakAlias",
                "abbreviation",
                "lastName",
                "email",
                "phone",
            ],
            "Person",
        ),
        "Organization" | "Company" => (
            &[
                "name",
                "alias",
                "abbreviation",
                "weakAlias",
                "previousName",
                "registrationNumber",
            ],
            schema,
        ),
        "LegalEntity" => (
            &[
                "name",
                "alias",
                "abbreviation",
                "weakAlias",
                "previousName",
                "email",
                "phone",
                "registrationNumber",
            ],
            "Legal entity",
        ),
        "PublicBody" => (
            &["name", "alias", "abbreviation", "weakAlias", "previousName"],
            "Public body",
        ),
        "Vessel" => (&["name", "imoNumber"], "Vessel"),
        "Airplane" => (&["name", "registrationNumber"], "Airplane"),
        other => (&["name"], other),
    };
    const NAME_TYPED: &[&str] = &[
        "name",
        "alias",
        "previousName",
        "weakAlias",
        "abbreviation",
        "lastName",
    ];
    for property in caption_properties {
        let mut values: Vec<&str> = match properties.get(*property) {
            Some(Value::Array(values)) => values.iter().filter_map(Value::as_str).collect(),
            Some(Value::String(value)) => vec![value.as_str()],
            _ => Vec::new(),
        };
        values.retain(|value| !value.trim().is_empty());
        if values.is_empty() {
            continue;
        }
        if values.len() == 1 || !NAME_TYPED.contains(property) {
            return values[0].to_string();
        }
        values.sort_unstable();
        return central_name(&values).to_string();
    }
    label.to_string()
}

/// Of several names (in order), the one most like the others: see [`caption`].
fn central_name<'a>(names: &[&'a str]) -> &'a str {
    let folded: Vec<Vec<char>> = names
        .iter()
        .map(|name| name.to_lowercase().chars().collect())
        .collect();
    let latin = |name: &str| {
        name.chars()
            .filter(|c| c.is_alphabetic())
            .all(is_latin_letter)
    };
    let mixed_case =
        |name: &str| name.chars().any(char::is_uppercase) && name.chars().any(char::is_lowercase);
    let mut best = (f64::MIN, 0);
    for (at, name) in names.iter().enumerate() {
        let likeness: f64 = folded
            .iter()
            .enumerate()
            .filter(|(other, _)| *other != at)
            .map(|(_, other)| {
                let longest = folded[at].len().max(other.len()).max(1);
                let distance =
                    gatecheck_engine::metrics::edit_distance::levenshtein_chars(&folded[at], other);
                1.0 - distance as f64 / longest as f64
            })
            .sum();
        let score = likeness
            + if latin(name) { 1000.0 } else { 0.0 }
            + if mixed_case(name) { 0.001 } else { 0.0 };
        if score > best.0 + 1e-9 {
            best = (score, at);
        }
    }
    names[best.1]
}

/// Whether `c` is a letter of the Latin script (with its diacritics).
fn is_latin_letter(c: char) -> bool {
    c.is_ascii_alphabetic() || matches!(c, '\u{00C0}'..='\u{024F}' | '\u{1E00}'..='\u{1EFF}')
}

/// Every schema of FollowTheMoney's model (as followthemoney 4.9 defines it), by name: a
/// schema a filter may name. gatecheck holds entities of a few of them (see [`Schema`]).
pub const FTM_SCHEMATA: &[&str] = &[
    "Address",
    "Airplane",
    "Analyzable",
    "Article",
    "Asset",
    "Associate",
    "Audio",
    "BankAccount",
    "Call",
    "CallForTenders",
    "Company",
    "Contract",
    "ContractAward",
    "CourtCase",
    "CourtCaseParty",
    "CryptoWallet",
    "Debt",
    "Directorship",
    "Document",
    "Documentation",
    "EconomicActivity",
    "Email",
    "Employment",
    "Event",
    "Family",
    "Folder",
    "HyperText",
    "Identification",
    "Image",
    "Interest",
    "Interval",
    "LegalEntity",
    "License",
    "Membership",
    "Mention",
    "Message",
    "Note",
    "Occupancy",
    "Organization",
    "Ownership",
    "Package",
    "Page",
    "Pages",
    "Passport",
    "Payment",
    "Person",
    "PlainText",
    "Position",
    "Project",
    "ProjectParticipant",
    "PublicBody",
    "RealEstate",
    "Representation",
    "Risk",
    "Sanction",
    "Security",
    "Similar",
    "Succession",
    "Table",
    "TaxRoll",
    "Thing",
    "Trip",
    "UnknownLink",
    "UserAccount",
    "Value",
    "Vehicle",
    "Vessel",
    "Video",
    "Workbook",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_caption_as_followthemoney_gives_it() {
        let properties = serde_json::json!({
            "name": ["KHALID BARAKAT", "خالد بركات", "Khalid Barakat"],
            "alias": ["Abu Saeed"],
        });
        assert_eq!(caption("Person", &properties), "Khalid Barakat");
        let alias_only = serde_json::json!({"alias": ["Abu Saeed"], "name": [" "]});
        assert_eq!(caption("Person", &alias_only), "Abu Saeed");
        let imo = serde_json::json!({"imoNumber": ["IMO 9187629"]});
        assert_eq!(caption("Vessel", &imo), "IMO 9187629");
        assert_eq!(caption("PublicBody", &serde_json::json!({})), "Public body");
    }

    use serde_json::json;

    #[test]
    fn a_person_line_is_read_with_all_its_properties() {
        let line = r#"{"id": "p1", "schema": "Person", "properties": {"name": ["Abd al-Rahman Khalil"], "alias": ["Abu Khalil"], "firstName": ["Abdulrahman"], "lastName": ["Khalil"], "birthDate": ["1971-07-28", "1971"], "nationality": ["IQ"], "gender": ["male"], "passportNumber": ["A 123-456"]}}"#;
        let entity = parse_entity(line).unwrap();
        assert_eq!(entity.id, "p1");
        assert_eq!(entity.schema, Schema::Person);
        // the composed "Abdulrahman Khalil" reads the same as the name, so it is not repeated
        assert_eq!(entity.person.names.len(), 2);
        assert_eq!(entity.person.facts.birth_dates.len(), 2);
        assert_eq!(entity.person.facts.countries, ["iq"]);
        assert_eq!(entity.person.facts.gender, Some(Gender::Male));
        assert_eq!(entity.person.facts.documents, ["A123456"]);
    }

    #[test]
    fn countries_are_read_as_codes_in_any_usual_form_and_an_unknown_one_is_named() {
        let line = r#"{"id": "p", "schema": "Person", "properties": {"name": ["Ali Hassan"], "nationality": ["Democratic Republic of the Congo", "IRQ", "Atlantis"], "citizenship": ["الجمهورية العربية السورية", "sy"]}}"#;
        let entity = parse_entity(line).unwrap();
        assert_eq!(entity.person.facts.countries, ["cd", "iq", "sy"]);
        let warnings: Vec<String> = entity.warnings.iter().map(ToString::to_string).collect();
        assert_eq!(
            warnings,
            ["nationality \"Atlantis\" is not a country gatecheck knows (a code, or a name in English, French or Arabic); left out"]
        );
        // a record keeps it as written (lists hold forms no table has): not refused
        assert_eq!(
            check_entity(line).unwrap().person.facts.countries,
            ["cd", "iq", "sy"]
        );
    }

    #[test]
    fn organisations_are_matched_by_name() {
        let entity = parse_entity(
            r#"{"id": "o1", "schema": "Company", "properties": {"name": ["Acme Trading LLC"]}}"#,
        )
        .unwrap();
        assert_eq!(entity.person.kind, EntityKind::Organization);
    }

    #[test]
    fn malformed_lines_say_what_is_wrong() {
        let cases = [
            ("{not json", "not valid JSON"),
            (r#"{"schema": "Person", "properties": {}}"#, "no \"id\""),
            (r#"{"id": "x", "properties": {}}"#, "no \"schema\""),
            (
                r#"{"id": "x", "schema": "Sanction", "properties": {}}"#,
                "schema \"Sanction\"",
            ),
            ("[]", "not valid JSON"),
        ];
        for (line, want) in cases {
            let error = parse_entity(line).unwrap_err().to_string();
            assert!(error.contains(want), "{line}: {error}");
            // the check before storing refuses exactly the same
            assert_eq!(check_entity(line).unwrap_err().to_string(), error);
        }
    }

    #[test]
    fn a_value_that_cannot_be_read_is_left_out_and_named_and_the_rest_is_read() {
        // FEBRL's corruptions: a slip in the day, in the month; a date in no known form;
        // a number where names belong; a nationality that is an object
        let line = r#"{"id": "q1", "schema": "Person", "properties": {"name": ["Harley McCarthy", 7], "birthDate": ["1955-11-92", "1940-45-02", "19/04/1908", "1971-07-28"], "nationality": {"code": "au"}, "passportNumber": ["N1234567"]}}"#;
        let entity = parse_entity(line).unwrap();
        let warnings: Vec<String> = entity.warnings.iter().map(ToString::to_string).collect();
        assert_eq!(
            warnings,
            [
                "property \"name\" must be a list of strings; left out",
                "birthDate \"1955-11-92\" is not a date (want YYYY, YYYY-MM or YYYY-MM-DD); read as 1955-11",
                "birthDate \"1940-45-02\" is not a date (want YYYY, YYYY-MM or YYYY-MM-DD); read as 1940",
                "birthDate \"19/04/1908\" is not a date (want YYYY, YYYY-MM or YYYY-MM-DD); left out",
                "property \"nationality\" must be a list of strings; left out",
            ]
        );
        // what could be read is screened
        assert_eq!(entity.person.names.len(), 1);
        let dates: Vec<String> = entity
            .person
            .facts
            .birth_dates
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(dates, ["1955-11", "1940", "1971-07-28"]);
        assert_eq!(entity.person.facts.documents, ["N1234567"]);
        assert!(entity.person.facts.countries.is_empty());
        // a record to keep is refused on the first such value, by name
        assert_eq!(
            check_entity(line).unwrap_err().to_string(),
            "property \"name\" must be a list of strings"
        );
        let date_only =
            r#"{"id": "x", "schema": "Person", "properties": {"birthDate": ["1971-13-45"]}}"#;
        assert_eq!(
            check_entity(date_only).unwrap_err().to_string(),
            "birthDate \"1971-13-45\" is not a date (want YYYY, YYYY-MM or YYYY-MM-DD)"
        );
        // a line with nothing wrong has no warning
        assert!(parse_entity(
            r#"{"id": "x", "schema": "Person", "properties": {"name": ["Ali"]}}"#
        )
        .unwrap()
        .warnings
        .is_empty());
    }

    #[test]
    fn checking_a_line_keeps_everything_but_the_names() {
        let line = r#"{"id": "p1", "schema": "Person", "properties": {"name": ["Abd al-Rahman Khalil"], "birthDate": ["1971"], "passportNumber": ["A1"]}}"#;
        let (checked, parsed) = (check_entity(line).unwrap(), parse_entity(line).unwrap());
        assert_eq!(checked.id, parsed.id);
        assert_eq!(checked.schema, parsed.schema);
        assert_eq!(checked.person.facts, parsed.person.facts);
        assert!(checked.person.names.is_empty() && !parsed.person.names.is_empty());
    }

    #[test]
    fn a_record_to_keep_is_refused_past_each_limit_naming_the_field() {
        let entity = |properties: Value| {
            json!({"id": "x", "schema": "Person", "properties": properties}).to_string()
        };
        let long_name = "A".repeat(MAX_STORED_NAME_CHARS + 1);
        // spread over two properties, each within its own limit of values
        let aliases: Vec<String> = (0..MAX_STORED_NAMES / 2 + 1)
            .map(|i| format!("Alias Number{i}"))
            .collect();
        let cases = [
            (entity(json!({"name": [long_name]})), "properties.name[0]: 1001 characters, at most 1000"),
            (entity(json!({"alias": aliases, "weakAlias": aliases})), "1002 names in name, alias, previousName, weakAlias together, at most 1000"),
            (entity(json!({"name": ["Ali\u{0}Hassan"]})), "properties.name[0]: holds the character U+0000"),
            (entity(json!({"name": ["Ali \u{1b}[31mHassan"]})), "holds the character U+001B"),
            (entity(json!({"lastName": ["\u{202E}nassaH"]})), "properties.lastName[0]: holds the character U+202E"),
            (entity(json!({"address": ["x".repeat(MAX_VALUE_CHARS + 1)]})), "properties.address[0]: 4001 characters"),
            (entity(json!({"notes": vec!["n"; MAX_PROPERTY_VALUES + 1]})), "properties.notes: 1001 values, at most 1000"),
            (entity(json!({"notes": ["n", 7]})), "properties.notes[1]: is a number, not text or a nested entity"),
            (entity(json!({"unread": [[null]]})), "properties.unread[0]: is a list, not text or a nested entity"),
            (
                json!({"id": "x", "schema": "Person", "owner": "jordan-psd", "properties": {"name": ["Ali Hassan"]}}).to_string(),
                "owner: is not a field of an entity",
            ),
        ];
        for (line, want) in cases {
            let error = check_entity(&line).unwrap_err().to_string();
            assert!(error.contains(want), "{want}: {error}");
            // screening a query with the same is not refused: limits are of what is kept
            let _ = parse_entity(&line);
        }
        // Arabic with its marks, an entity as OpenSanctions writes it, more names than
        // screening reads and a published list's habit of many aliases in one, are kept
        let many_in_one = "Hay'at Example al-Sham (HES) (هيئة مثال الشام (original script); Hay'at Example al-Sham; Hayat Example al-Sham; Assembly for the Example of Syria; Assembly for the Example of the Levant; Example of al-Sham Commission; Example of the Levant Organisation Tahrir al-Sham; Example al-Sham Hay'at; Example Sham)";
        assert!(many_in_one.chars().count() > gatecheck_engine::text::MAX_NAME_CHARS);
        let kept = json!({"id": "x", "schema": "Organization", "caption": "c", "datasets": ["d"], "target": true,
            "properties": {"name": ["عبد\u{200F} الرحمن", "Ali Hassan"], "alias": aliases[..MAX_NAMES + 10].to_vec(), "weakAlias": [many_in_one]}});
        check_entity(&kept.to_string()).unwrap();
    }

    #[test]
    fn very_many_aliases_are_bounded() {
        let aliases: Vec<String> = (0..5000).map(|i| format!("\"Alias Number{i}\"")).collect();
        let line = format!(
            r#"{{"id": "x", "schema": "Person", "properties": {{"alias": [{}]}}}}"#,
            aliases.join(",")
        );
        let entity = parse_entity(&line).unwrap();
        assert!(entity.person.names.len() <= MAX_NAMES);
    }
}
