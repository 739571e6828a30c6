//! FollowTheMoney entity lines, as OpenSanctions publishes them: one JSON object a line,
//! `{"id": ..., "schema": "Person", "properties": {"name": [...], ...}}`.

use gatecheck_engine::names::parse_name;
use gatecheck_engine::person::{EntityKind, Gender, PartialDate, Person, MAX_NAMES, MAX_VALUES};
use serde::Deserialize;
use serde_json::Value;

use crate::error::FormatError;

/// The longest line read.
pub const MAX_LINE_BYTES: usize = 1 << 20;
/// The longest id kept.
pub const MAX_ID_CHARS: usize = 200;

/// The schemas gatecheck matches; others are refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Schema {
    Person,
    Organization,
    Company,
    LegalEntity,
}

impl Schema {
    fn parse(text: &str) -> Option<Schema> {
        match text {
            "Person" => Some(Schema::Person),
            "Organization" => Some(Schema::Organization),
            "Company" => Some(Schema::Company),
            "LegalEntity" => Some(Schema::LegalEntity),
            _ => None,
        }
    }

    fn kind(self) -> EntityKind {
        match self {
            Schema::Person => EntityKind::Person,
            Schema::Organization | Schema::Company | Schema::LegalEntity => {
                EntityKind::Organization
            }
        }
    }
}

/// One entity read from a line.
#[derive(Debug, Clone, PartialEq)]
pub struct Entity {
    pub id: String,
    pub schema: Schema,
    pub person: Person,
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

/// Reads one entity line.
pub fn parse_entity(line: &str) -> Result<Entity, FormatError> {
    read_entity(line, true)
}

/// Checks one entity line as [`parse_entity`] does, without reading its names into parts
/// (the person comes back without names): for storing records, which are read in full when
/// indexed.
pub fn check_entity(line: &str) -> Result<Entity, FormatError> {
    read_entity(line, false)
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
    let mut person = Person::new(schema.kind());
    for property in NAME_PROPERTIES {
        for name in strings(properties, property)? {
            if person.names.len() >= MAX_NAMES || !read_names {
                break;
            }
            person.add_name(parse_name(name));
        }
    }
    if let Some(composed) = composed_name(properties)? {
        if read_names {
            person.add_name(parse_name(&composed));
        }
    }
    for value in strings(properties, "birthDate")? {
        let date = PartialDate::parse(value).map_err(|_| FormatError::BadDate {
            property: "birthDate".to_string(),
            value: value.chars().take(40).collect(),
        })?;
        person.facts.add_birth_date(date);
    }
    for property in ["nationality", "citizenship"] {
        for code in strings(properties, property)? {
            person.facts.add_country(code);
        }
    }
    person.facts.gender = strings(properties, "gender")?
        .into_iter()
        .find_map(Gender::parse);
    for property in ["passportNumber", "idNumber"] {
        for number in strings(properties, property)? {
            person.facts.add_document(number);
        }
    }
    for address in strings(properties, "address")? {
        person.facts.add_address(address);
    }
    Ok(Entity { id, schema, person })
}

/// The values of one property: a list of strings (a lone string is taken as a list of one).
fn strings<'a>(
    properties: &'a serde_json::Map<String, Value>,
    property: &str,
) -> Result<Vec<&'a str>, FormatError> {
    match properties.get(property) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::String(text)) => Ok(vec![text.as_str()]),
        Some(Value::Array(values)) => {
            let mut out = Vec::with_capacity(values.len().min(MAX_NAMES));
            for value in values.iter().take(MAX_NAMES.max(MAX_VALUES)) {
                match value {
                    Value::String(text) if !text.trim().is_empty() => out.push(text.as_str()),
                    Value::String(_) | Value::Null => {}
                    _ => {
                        return Err(FormatError::BadPropertyValue {
                            property: property.to_string(),
                        })
                    }
                }
            }
            Ok(out)
        }
        Some(_) => Err(FormatError::BadPropertyValue {
            property: property.to_string(),
        }),
    }
}

/// "firstName secondName middleName fatherName lastName", when any of them is given.
fn composed_name(
    properties: &serde_json::Map<String, Value>,
) -> Result<Option<String>, FormatError> {
    let mut words: Vec<&str> = Vec::new();
    for property in [
        "firstName",
        "secondName",
        "middleName",
        "fatherName",
        "lastName",
    ] {
        if let Some(first) = strings(properties, property)?.first() {
            words.push(first);
        }
    }
    Ok(if words.is_empty() {
        None
    } else {
        Some(words.join(" "))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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
                r#"{"id": "x", "schema": "Vessel", "properties": {}}"#,
                "schema \"Vessel\"",
            ),
            (
                r#"{"id": "x", "schema": "Person", "properties": {"birthDate": ["1971-13-45"]}}"#,
                "birthDate \"1971-13-45\" is not a date",
            ),
            (
                r#"{"id": "x", "schema": "Person", "properties": {"name": [1, 2]}}"#,
                "\"name\" must be a list of strings",
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
    fn checking_a_line_keeps_everything_but_the_names() {
        let line = r#"{"id": "p1", "schema": "Person", "properties": {"name": ["Abd al-Rahman Khalil"], "birthDate": ["1971"], "passportNumber": ["A1"]}}"#;
        let (checked, parsed) = (check_entity(line).unwrap(), parse_entity(line).unwrap());
        assert_eq!(checked.id, parsed.id);
        assert_eq!(checked.schema, parsed.schema);
        assert_eq!(checked.person.facts, parsed.person.facts);
        assert!(checked.person.names.is_empty() && !parsed.person.names.is_empty());
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
