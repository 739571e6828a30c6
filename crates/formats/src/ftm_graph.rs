//! FollowTheMoney exports read as graphs, as OpenSanctions publishes them
//! (`entities.ftm.json`): persons, organisations, vessels and airplanes are screened; the
//! entities that only say something of them (their passports and identifications, their
//! crypto-asset wallets, their addresses, the sanctions on them, their family, associates, ownerships, directorships,
//! memberships, employments, occupancies and other links) are attached to the entities they
//! name, as FollowTheMoney's own reverse properties (`sanctions`, `identification`,
//! `familyPerson` ...: the nested form OpenSanctions publishes as `targets.nested.json`);
//! entities of any other schema are counted and skipped, never refused.
//!
//! An export lists entities in any order, so a file is read twice: [`Graph::collect`] over
//! every line keeps what attaches (and each address by its id), then [`Graph::nest`] gives
//! each screened line with what attaches to it. What attaches also says what screening
//! reads: a passport's or identification's number is the holder's document
//! (`passportNumber`, `idNumber`), an address entity's text and country the entity's
//! `address` and `country`.

use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;
use serde_json::{Map, Value};

use crate::error::FormatError;
use crate::ftm::{Schema, MAX_ID_CHARS, MAX_LINE_BYTES};

/// How an attaching entity names an entity it belongs to: the property naming it, the
/// reverse property it is kept under there (as FollowTheMoney's schemas name them), and
/// for a tie between two entities, how an officer reads it of the one it is kept on and the
/// property naming the other side.
#[derive(Debug, Clone, Copy)]
struct Link {
    link: &'static str,
    reverse: &'static str,
    tie: Option<(&'static str, &'static str)>,
}

/// A link of an entity that says something of what it names (a sanction, a passport).
const fn of(link: &'static str, reverse: &'static str) -> Link {
    Link {
        link,
        reverse,
        tie: None,
    }
}

/// A link of a tie: `kind` as read of the entity it is kept on, `other` the property
/// naming the other side.
const fn tie(
    link: &'static str,
    reverse: &'static str,
    kind: &'static str,
    other: &'static str,
) -> Link {
    Link {
        link,
        reverse,
        tie: Some((kind, other)),
    }
}

/// The schemas that attach to the entities they name, and their links.
const ATTACHING: &[(&str, &[Link])] = &[
    ("Sanction", &[of("entity", "sanctions")]),
    ("Identification", &[of("holder", "identification")]),
    ("Passport", &[of("holder", "identification")]),
    // a wallet's address is screened as its holder's identifier (`ftm::read_identifiers`)
    ("CryptoWallet", &[of("holder", "cryptoWallets")]),
    (
        "Family",
        &[
            tie("person", "familyPerson", "family", "relative"),
            tie("relative", "familyRelative", "family", "person"),
        ],
    ),
    (
        "Associate",
        &[
            tie("person", "associates", "associate", "associate"),
            tie("associate", "associations", "associate", "person"),
        ],
    ),
    (
        "Ownership",
        &[
            tie("owner", "ownershipOwner", "owner of", "asset"),
            tie("asset", "ownershipAsset", "owned by", "owner"),
        ],
    ),
    (
        "Directorship",
        &[
            tie(
                "director",
                "directorshipDirector",
                "director of",
                "organization",
            ),
            tie(
                "organization",
                "directorshipOrganization",
                "directed by",
                "director",
            ),
        ],
    ),
    (
        "Membership",
        &[
            tie("member", "membershipMember", "member of", "organization"),
            tie(
                "organization",
                "membershipOrganization",
                "has member",
                "member",
            ),
        ],
    ),
    (
        "Employment",
        &[
            tie("employer", "employees", "employer of", "employee"),
            tie("employee", "employers", "employed by", "employer"),
        ],
    ),
    (
        "UnknownLink",
        &[
            tie("subject", "unknownLinkTo", "linked to", "object"),
            tie("object", "unknownLinkFrom", "linked from", "subject"),
        ],
    ),
    (
        "Occupancy",
        &[tie(
            "holder",
            "positionOccupancies",
            "holds position",
            "post",
        )],
    ),
];

/// The ties an attached entity makes, by the reverse property it is kept under: how an
/// officer reads it of the entity it is kept on, and the property naming the other side
/// (read from [`ATTACHING`]).
pub fn ties() -> impl Iterator<Item = (&'static str, &'static str, &'static str)> {
    ATTACHING
        .iter()
        .flat_map(|(_, links)| links.iter())
        .filter_map(|link| link.tie.map(|(kind, other)| (link.reverse, kind, other)))
}

/// Entities kept under one reverse property of one entity, at most: a published list gives
/// a person a handful of sanctions and passports, and a company some hundreds of owners;
/// past this the rest are counted, not kept, so a record stays within a line.
pub const MAX_ATTACHED: usize = 200;
/// Bytes of the attached entities kept on one entity, at most (a line is at most
/// [`MAX_LINE_BYTES`]).
const MAX_ATTACHED_BYTES: usize = MAX_LINE_BYTES / 2;
/// Bytes left free of a line a nested entity may fill (see [`Graph::nest`]) ...
const LINE_MARGIN: usize = 4096;
/// ... and counted beside each value added, for its quotes, comma and property name.
const ADDED_MARGIN: usize = 8;

/// What a line of an export is to screening.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seen {
    /// An entity screened: give its line to [`Graph::nest`].
    Screened,
    /// An entity that attaches to others (or an address they name): kept.
    Attached,
    /// An entity of another schema: counted and skipped.
    Skipped(String),
}

/// What reading an export found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GraphReport {
    pub screened: usize,
    /// Entities attached to others, by schema (an address counts once however many name it).
    pub attached: BTreeMap<String, usize>,
    /// Entities of schemas not screened nor attached, by schema.
    pub skipped: BTreeMap<String, usize>,
    /// Attachments that name no entity of the export (by the schema that names it).
    pub dangling: BTreeMap<String, usize>,
    /// Attachments past [`MAX_ATTACHED`] under one property of one entity, not kept.
    pub over_limit: usize,
}

impl GraphReport {
    /// One line for an officer or an operator: what was screened, attached and skipped.
    pub fn summary(&self) -> String {
        let list = |counts: &BTreeMap<String, usize>| {
            counts
                .iter()
                .map(|(schema, count)| format!("{count} {schema}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut text = format!("{} entities screened", self.screened);
        if !self.attached.is_empty() {
            text.push_str(&format!("; attached to them: {}", list(&self.attached)));
        }
        if !self.skipped.is_empty() {
            text.push_str(&format!(
                "; skipped (schemas not screened): {}",
                list(&self.skipped)
            ));
        }
        if !self.dangling.is_empty() {
            text.push_str(&format!(
                "; naming no entity of the file: {}",
                list(&self.dangling)
            ));
        }
        if self.over_limit > 0 {
            text.push_str(&format!(
                "; {} attachments past {MAX_ATTACHED} under one property, not kept",
                self.over_limit
            ));
        }
        text
    }
}

/// An entity's attachments as read so far: under each reverse property, the entities.
type Attachments = Vec<(&'static str, Value)>;

/// What attaches to the screened entities of one export (see the module's text).
#[derive(Debug, Default)]
pub struct Graph {
    attached: HashMap<String, Attachments>,
    addresses: HashMap<String, Value>,
    report: GraphReport,
    screened_ids: std::collections::HashSet<String>,
}

#[derive(Deserialize)]
struct Head {
    id: Option<Value>,
    schema: Option<Value>,
}

fn id_of(value: Option<&Value>) -> Option<String> {
    match value {
        Some(Value::String(id)) if !id.trim().is_empty() => {
            Some(id.chars().take(MAX_ID_CHARS).collect())
        }
        Some(Value::Number(number)) => Some(number.to_string()),
        _ => None,
    }
}

fn too_long(line: &str) -> Result<(), FormatError> {
    if line.len() > MAX_LINE_BYTES {
        return Err(FormatError::LineTooLong {
            limit: MAX_LINE_BYTES,
        });
    }
    Ok(())
}

/// The values of a property as strings (a lone string as a list of one).
fn texts<'a>(properties: &'a Map<String, Value>, property: &str) -> Vec<&'a str> {
    match properties.get(property) {
        Some(Value::String(text)) => vec![text.as_str()],
        Some(Value::Array(values)) => values.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

/// Whether an entity line is of a schema gatecheck screens (see [`Schema`]); an error for a
/// line that is not an entity (not JSON, no schema).
pub fn is_screened(line: &str) -> Result<bool, FormatError> {
    too_long(line)?;
    let head: Head = serde_json::from_str(line).map_err(|error| FormatError::BadJson {
        reason: error.to_string(),
    })?;
    match head.schema {
        Some(Value::String(schema)) => Ok(Schema::parse(&schema).is_some()),
        _ => Err(FormatError::MissingSchema),
    }
}

impl Graph {
    pub fn new() -> Graph {
        Graph::default()
    }

    /// Reads one line of the export's first reading: keeps what attaches, counts the rest.
    /// A line that is not an entity (not JSON, no id, no schema) is an error, as in
    /// [`crate::ftm::parse_entity`].
    pub fn collect(&mut self, line: &str) -> Result<Seen, FormatError> {
        too_long(line)?;
        let head: Head = serde_json::from_str(line).map_err(|error| FormatError::BadJson {
            reason: error.to_string(),
        })?;
        let id = id_of(head.id.as_ref()).ok_or(FormatError::MissingId)?;
        let schema = match head.schema {
            Some(Value::String(schema)) => schema,
            _ => return Err(FormatError::MissingSchema),
        };
        if Schema::parse(&schema).is_some() {
            self.report.screened += 1;
            self.screened_ids.insert(id);
            return Ok(Seen::Screened);
        }
        if schema == "Address" {
            let entity: Value =
                serde_json::from_str(line).map_err(|error| FormatError::BadJson {
                    reason: error.to_string(),
                })?;
            *self.report.attached.entry(schema).or_default() += 1;
            self.addresses.insert(id, entity);
            return Ok(Seen::Attached);
        }
        let Some((_, links)) = ATTACHING.iter().find(|(name, _)| *name == schema) else {
            *self.report.skipped.entry(schema.clone()).or_default() += 1;
            return Ok(Seen::Skipped(schema));
        };
        let entity: Value = serde_json::from_str(line).map_err(|error| FormatError::BadJson {
            reason: error.to_string(),
        })?;
        let empty = Map::new();
        let properties = entity
            .get("properties")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let mut targets: Vec<(String, &'static str)> = Vec::new();
        for &Link { link, reverse, .. } in links.iter() {
            for target in texts(properties, link) {
                let target: String = target.chars().take(MAX_ID_CHARS).collect();
                if !targets.iter().any(|(seen, _)| *seen == target) {
                    targets.push((target, reverse));
                }
            }
        }
        *self.report.attached.entry(schema.clone()).or_default() += 1;
        for (target, reverse) in targets {
            let attachments = self.attached.entry(target).or_default();
            let under = attachments
                .iter()
                .filter(|(property, _)| *property == reverse)
                .count();
            if under >= MAX_ATTACHED {
                self.report.over_limit += 1;
                continue;
            }
            attachments.push((reverse, entity.clone()));
        }
        Ok(Seen::Attached)
    }

    /// What the first reading found, once every line was collected: attachments naming no
    /// screened entity of the export are counted as dangling.
    pub fn finish(&mut self) -> &GraphReport {
        let mut dangling: BTreeMap<String, usize> = BTreeMap::new();
        for (target, attachments) in &self.attached {
            if self.screened_ids.contains(target) {
                continue;
            }
            for (_, entity) in attachments {
                let schema = entity
                    .get("schema")
                    .and_then(Value::as_str)
                    .unwrap_or("?")
                    .to_string();
                *dangling.entry(schema).or_default() += 1;
            }
        }
        self.report.dangling = dangling;
        &self.report
    }

    pub fn report(&self) -> &GraphReport {
        &self.report
    }

    /// Whether anything attaches to some entity: an export of screened entities alone is
    /// read line by line as it stands.
    pub fn is_flat(&self) -> bool {
        self.attached.is_empty() && self.addresses.is_empty()
    }

    /// What an export's line is kept or screened as: the line of a screened entity with
    /// what attaches to it ([`Graph::nest`]), `None` for an entity of another schema
    /// (attached to what it names, or counted), or why the line is not an entity.
    pub fn screened_line(&self, line: &str) -> Result<Option<String>, FormatError> {
        if !is_screened(line)? {
            return Ok(None);
        }
        if self.is_flat() {
            return Ok(Some(line.to_string()));
        }
        self.nest(line).map(Some)
    }

    /// The line of a screened entity with what attaches to it (see the module's text); the
    /// line as it stands when nothing does. Errors as [`crate::ftm::parse_entity`]'s for a
    /// line that is not an entity.
    pub fn nest(&self, line: &str) -> Result<String, FormatError> {
        too_long(line)?;
        let mut entity: Value =
            serde_json::from_str(line).map_err(|error| FormatError::BadJson {
                reason: error.to_string(),
            })?;
        let Some(object) = entity.as_object_mut() else {
            return Err(FormatError::BadJson {
                reason: "an entity is a JSON object".to_string(),
            });
        };
        let id = id_of(object.get("id")).ok_or(FormatError::MissingId)?;
        let person = object.get("schema").and_then(Value::as_str) == Some("Person");
        let attachments = self.attached.get(&id);
        let properties = object
            .entry("properties")
            .or_insert_with(|| Value::Object(Map::new()));
        let Some(properties) = properties.as_object_mut() else {
            return Ok(line.to_string());
        };
        let address_ids: Vec<String> = texts(properties, "addressEntity")
            .into_iter()
            .map(str::to_string)
            .collect();
        let addresses: Vec<&Value> = address_ids
            .iter()
            .filter_map(|address| self.addresses.get(address))
            .collect();
        if attachments.is_none() && addresses.is_empty() {
            return Ok(line.to_string());
        }
        // what is added keeps the line within what a line may be: the room left, less a
        // margin for a number or an escape written otherwise than read
        let mut room = MAX_LINE_BYTES
            .saturating_sub(line.len() + LINE_MARGIN)
            .min(MAX_ATTACHED_BYTES);
        let add =
            |properties: &mut Map<String, Value>, room: &mut usize, property: &str, value: &str| {
                let value = value.trim();
                let cost = value.len() + property.len() + ADDED_MARGIN;
                if value.is_empty() || cost > *room {
                    return;
                }
                *room -= cost;
                let values = properties
                    .entry(property.to_string())
                    .or_insert_with(|| Value::Array(Vec::new()));
                if let Value::String(one) = values {
                    *values = Value::Array(vec![Value::String(std::mem::take(one))]);
                }
                if let Value::Array(values) = values {
                    if !values.iter().any(|seen| seen.as_str() == Some(value)) {
                        values.push(Value::String(value.to_string()));
                    }
                }
            };
        for address in addresses {
            let Some(fields) = address.get("properties").and_then(Value::as_object) else {
                continue;
            };
            let full = texts(fields, "full");
            if full.is_empty() {
                let parts: Vec<&str> = ["street", "postalCode", "city", "region"]
                    .iter()
                    .flat_map(|field| texts(fields, field).into_iter().take(1))
                    .collect();
                if !parts.is_empty() {
                    add(properties, &mut room, "address", &parts.join(", "));
                }
            }
            for text in full {
                add(properties, &mut room, "address", text);
            }
            for country in texts(fields, "country") {
                add(properties, &mut room, "country", country);
            }
        }
        for (reverse, attached) in attachments.into_iter().flatten() {
            let cost = attached.to_string().len() + reverse.len() + ADDED_MARGIN;
            if cost > room {
                continue;
            }
            room -= cost;
            if *reverse == "identification" {
                let fields = attached.get("properties").and_then(Value::as_object);
                let passport = attached.get("schema").and_then(Value::as_str) == Some("Passport");
                let document = if person && passport {
                    "passportNumber"
                } else {
                    "idNumber"
                };
                for field in ["number", "passportNumber"] {
                    for number in fields
                        .map(|fields| texts(fields, field))
                        .unwrap_or_default()
                    {
                        add(properties, &mut room, document, number);
                    }
                }
            }
            let values = properties
                .entry(reverse.to_string())
                .or_insert_with(|| Value::Array(Vec::new()));
            if let Value::Array(values) = values {
                values.push(attached.clone());
            }
        }
        Ok(entity.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ftm::parse_entity;

    /// A small export as OpenSanctions writes one (fictional people), in an order where
    /// attachments come before and after what they name.
    const EXPORT: &[&str] = &[
        r#"{"id": "san-1", "schema": "Sanction", "properties": {"entity": ["p-1"], "authority": ["Security Council"], "program": ["ISIL (Da'esh) and Al-Qaida"], "listingDate": ["2015-09-29"]}}"#,
        r#"{"id": "p-1", "schema": "Person", "properties": {"name": ["Karim Haddad"], "birthDate": ["1980-02-03"], "addressEntity": ["addr-1"]}}"#,
        r#"{"id": "pass-1", "schema": "Passport", "properties": {"holder": ["p-1"], "number": ["N 0412 889"], "country": ["iq"]}}"#,
        r#"{"id": "id-1", "schema": "Identification", "properties": {"holder": ["c-1"], "number": ["REG-5521"]}}"#,
        r#"{"id": "addr-1", "schema": "Address", "properties": {"full": ["12 Rue des Oliviers, Tunis"], "country": ["tn"]}}"#,
        r#"{"id": "fam-1", "schema": "Family", "properties": {"person": ["p-1"], "relative": ["p-2"], "relationship": ["brother"]}}"#,
        r#"{"id": "p-2", "schema": "Person", "properties": {"name": ["Samir Haddad"]}}"#,
        r#"{"id": "c-1", "schema": "Company", "properties": {"name": ["Oliviers Trading"]}}"#,
        r#"{"id": "own-1", "schema": "Ownership", "properties": {"owner": ["p-1"], "asset": ["c-1"], "percentage": ["60"]}}"#,
        r#"{"id": "v-1", "schema": "Vessel", "properties": {"name": ["Sea Olive"], "imoNumber": ["IMO 9123456"]}}"#,
        r#"{"id": "ev-1", "schema": "Event", "properties": {"name": ["Hearing"]}}"#,
        r#"{"id": "w-1", "schema": "CryptoWallet", "properties": {"holder": ["c-1"], "publicKey": ["bc1qe95l438kzjcvnsm3kn8n5augf9gpctdlhsq7f7"], "currencySymbol": ["XBT"]}}"#,
        r#"{"id": "san-9", "schema": "Sanction", "properties": {"entity": ["missing"]}}"#,
    ];

    fn read(lines: &[&str]) -> (Graph, Vec<String>) {
        let mut graph = Graph::new();
        for line in lines {
            graph.collect(line).unwrap();
        }
        graph.finish();
        let nested = lines
            .iter()
            .filter(|line| {
                let schema: Value = serde_json::from_str(line).unwrap();
                Schema::parse(schema["schema"].as_str().unwrap()).is_some()
            })
            .map(|line| graph.nest(line).unwrap())
            .collect();
        (graph, nested)
    }

    #[test]
    fn attachments_are_kept_on_what_they_name_and_say_what_screening_reads() {
        let (graph, nested) = read(EXPORT);
        let person: Value = serde_json::from_str(&nested[0]).unwrap();
        let properties = &person["properties"];
        // the passport's number is the person's document; the address entity's text and
        // country are the person's
        assert_eq!(
            properties["passportNumber"],
            serde_json::json!(["N 0412 889"])
        );
        assert_eq!(
            properties["address"],
            serde_json::json!(["12 Rue des Oliviers, Tunis"])
        );
        assert_eq!(properties["country"], serde_json::json!(["tn"]));
        // the sanction, the passport, the family tie and the ownership are kept whole,
        // under FollowTheMoney's reverse properties
        assert_eq!(
            properties["sanctions"][0]["properties"]["listingDate"][0],
            "2015-09-29"
        );
        assert_eq!(properties["identification"][0]["id"], "pass-1");
        assert_eq!(
            properties["familyPerson"][0]["properties"]["relationship"][0],
            "brother"
        );
        assert_eq!(properties["ownershipOwner"][0]["id"], "own-1");
        // the relative and the company have them from the other side
        let relative: Value = serde_json::from_str(&nested[1]).unwrap();
        assert_eq!(relative["properties"]["familyRelative"][0]["id"], "fam-1");
        let company: Value = serde_json::from_str(&nested[2]).unwrap();
        assert_eq!(company["properties"]["ownershipAsset"][0]["id"], "own-1");
        assert_eq!(
            company["properties"]["idNumber"],
            serde_json::json!(["REG-5521"])
        );
        // a wallet the company holds is screened as its identifier
        assert_eq!(company["properties"]["cryptoWallets"][0]["id"], "w-1");
        let read = parse_entity(&nested[2]).unwrap();
        assert_eq!(
            read.person.facts.identifiers[0].value,
            "bc1qe95l438kzjcvnsm3kn8n5augf9gpctdlhsq7f7"
        );
        // screening reads them, and what an officer is shown of them
        let entity = parse_entity(&nested[0]).unwrap();
        let listing = entity.listing.as_deref().unwrap();
        assert_eq!(listing.sanctions[0].program, "ISIL (Da'esh) and Al-Qaida");
        assert_eq!(listing.sanctions[0].authority, "Security Council");
        assert_eq!(listing.sanctions[0].listed_on, "2015-09-29");
        let ties: Vec<(&str, &str, &[String])> = listing
            .relations
            .iter()
            .map(|tie| (tie.kind, tie.relationship.as_str(), tie.with.as_slice()))
            .collect();
        assert_eq!(
            ties,
            [
                ("family", "brother", &["p-2".to_string()][..]),
                ("owner of", "60%", &["c-1".to_string()][..]),
            ]
        );
        let company = parse_entity(&nested[2]).unwrap();
        assert_eq!(company.listing.unwrap().relations[0].kind, "owned by");
        assert_eq!(parse_entity(EXPORT[9]).unwrap().listing, None);
        // what is shown cannot display otherwise than it reads
        let spoofed = r#"{"id": "p", "schema": "Person", "properties": {"name": ["Karim Haddad"], "sanctions": [{"id": "s", "schema": "Sanction", "properties": {"program": ["ISIL\u202e LIGAL"]}}]}}"#;
        let listing = parse_entity(spoofed).unwrap().listing.unwrap();
        assert_eq!(listing.sanctions[0].program, "ISIL LIGAL");
        assert_eq!(entity.person.facts.documents, ["N0412889"]);
        assert_eq!(entity.person.facts.addresses.len(), 1);
        assert!(entity.warnings.is_empty(), "{:?}", entity.warnings);
        // what was found is counted
        let report = graph.report();
        assert_eq!(report.screened, 4);
        assert_eq!(report.attached["Sanction"], 2);
        assert_eq!(report.attached["Address"], 1);
        assert_eq!(report.skipped, BTreeMap::from([("Event".to_string(), 1)]));
        assert_eq!(
            report.dangling,
            BTreeMap::from([("Sanction".to_string(), 1)])
        );
        assert!(report
            .summary()
            .contains("skipped (schemas not screened): 1 Event"));
    }

    #[test]
    fn an_entity_nothing_attaches_to_is_its_own_line_and_bad_lines_say_why() {
        let (_, nested) = read(EXPORT);
        let vessel = EXPORT[9];
        assert_eq!(nested[3], vessel);
        let mut graph = Graph::new();
        for (line, want) in [
            ("{not json", "not valid JSON"),
            (r#"{"schema": "Sanction"}"#, "no \"id\""),
            (r#"{"id": "x"}"#, "no \"schema\""),
        ] {
            let error = graph.collect(line).unwrap_err().to_string();
            assert!(error.contains(want), "{line}: {error}");
        }
        let long = format!(
            r#"{{"id": "x", "schema": "Note", "properties": {{"description": ["{}"]}}}}"#,
            "a".repeat(MAX_LINE_BYTES)
        );
        assert!(graph.collect(&long).is_err());
        // a link that is not a list of strings attaches to nothing, and is no error
        assert_eq!(
            graph
                .collect(
                    r#"{"id": "s", "schema": "Sanction", "properties": {"entity": {"id": "p"}}}"#
                )
                .unwrap(),
            Seen::Attached
        );
    }

    #[test]
    fn a_nested_line_keeps_within_a_lines_limit() {
        // a person whose line is near the limit, and a sanction too large to fit beside it
        let notes = "n".repeat(MAX_LINE_BYTES - 20_000);
        let person = format!(
            r#"{{"id": "p", "schema": "Person", "properties": {{"name": ["Karim Haddad"], "notes": ["{notes}"]}}}}"#
        );
        let reason = "r".repeat(30_000);
        let sanction = format!(
            r#"{{"id": "s", "schema": "Sanction", "properties": {{"entity": ["p"], "reason": ["{reason}"]}}}}"#
        );
        let passport = r#"{"id": "x", "schema": "Passport", "properties": {"holder": ["p"], "number": ["N123"]}}"#;
        let mut graph = Graph::new();
        for line in [person.as_str(), sanction.as_str(), passport] {
            graph.collect(line).unwrap();
        }
        graph.finish();
        let nested = graph.nest(&person).unwrap();
        assert!(nested.len() <= MAX_LINE_BYTES, "{}", nested.len());
        // the sanction is left out, the passport that fits is kept and read
        let entity = parse_entity(&nested).unwrap();
        assert_eq!(entity.person.facts.documents, ["N123"]);
        assert!(!nested.contains("rrrr"));
    }

    #[test]
    fn attachments_past_the_limit_are_counted_not_kept() {
        let mut lines = vec![
            r#"{"id": "c", "schema": "Company", "properties": {"name": ["Many Owners Ltd"]}}"#
                .to_string(),
        ];
        for at in 0..MAX_ATTACHED + 5 {
            lines.push(format!(r#"{{"id": "o{at}", "schema": "Ownership", "properties": {{"owner": ["p{at}"], "asset": ["c"]}}}}"#));
        }
        let mut graph = Graph::new();
        for line in &lines {
            graph.collect(line).unwrap();
        }
        assert_eq!(graph.finish().over_limit, 5);
        let company: Value = serde_json::from_str(&graph.nest(&lines[0]).unwrap()).unwrap();
        assert_eq!(
            company["properties"]["ownershipAsset"]
                .as_array()
                .unwrap()
                .len(),
            MAX_ATTACHED
        );
    }
}
