//! A flight's manifest given as JSON (`POST /v1/manifests` with a JSON body): read field
//! by field into a [`Manifest`], every wrong field named by its path.

use crate::manifest::{Document, Leg, Manifest, Role, Source, Traveller};
use serde_json::Value;

/// The most travellers of one manifest (an Airbus A380 seats 853; messages of more are
/// split by the airline).
pub const MAX_TRAVELLERS: usize = 2_000;

/// The most bytes of one text field.
const MAX_TEXT_BYTES: usize = 200;

/// What was wrong with a JSON manifest: the field's path and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ManifestJsonError(pub String);

/// A manifest given as JSON: `{"message_reference", "legs": [{"carrier", "flight_number",
/// "departure_port", "arrival_port", "departure_time", "arrival_time"}], "travellers":
/// [{"role", "surname", "given_names", "birth_date", "gender", "nationality", "reference",
/// "documents": [{"number", "type", "issuing_state", "expiry_date"}]}]}`.
pub fn manifest_from_json(value: &Value) -> Result<Manifest, ManifestJsonError> {
    let invalid = ManifestJsonError;
    let text =
        |value: &Value, path: &str, name: &str| -> Result<Option<String>, ManifestJsonError> {
            match value.get(name) {
                None | Some(Value::Null) => Ok(None),
                Some(Value::String(text)) if text.len() <= MAX_TEXT_BYTES => {
                    Ok(Some(text.trim().to_string()))
                }
                Some(_) => Err(invalid(format!(
                    "{path}.{name}: not a string of at most {MAX_TEXT_BYTES} bytes"
                ))),
            }
        };
    // a list of objects: an item of another kind would be read as an empty one
    let list = |value: &Value, path: &str, name: &str| -> Result<Vec<Value>, ManifestJsonError> {
        let items = match value.get(name) {
            None | Some(Value::Null) => return Ok(Vec::new()),
            Some(Value::Array(items)) => items,
            Some(_) => return Err(invalid(format!("{path}.{name}: not a list"))),
        };
        match items.iter().position(|item| !item.is_object()) {
            Some(at) => Err(invalid(format!("{path}.{name}[{at}]: not an object"))),
            None => Ok(items.clone()),
        }
    };
    let mut legs = Vec::new();
    for (at, leg) in list(value, "manifest", "legs")?.iter().enumerate() {
        let path = format!("legs[{at}]");
        legs.push(Leg {
            carrier: text(leg, &path, "carrier")?.unwrap_or_default(),
            flight_number: text(leg, &path, "flight_number")?.unwrap_or_default(),
            departure_port: text(leg, &path, "departure_port")?.unwrap_or_default(),
            arrival_port: text(leg, &path, "arrival_port")?.unwrap_or_default(),
            departure_time: text(leg, &path, "departure_time")?,
            arrival_time: text(leg, &path, "arrival_time")?,
        });
    }
    let entries = list(value, "manifest", "travellers")?;
    if entries.is_empty() || entries.len() > MAX_TRAVELLERS {
        return Err(invalid(format!(
            "travellers: {} given, 1 to {MAX_TRAVELLERS} taken",
            entries.len()
        )));
    }
    let mut travellers = Vec::with_capacity(entries.len());
    for (at, entry) in entries.iter().enumerate() {
        let path = format!("travellers[{at}]");
        let role = match text(entry, &path, "role")?.as_deref() {
            None | Some("passenger") => Role::Passenger,
            Some("crew") => Role::Crew,
            Some("other") => Role::Other,
            Some(other) => {
                return Err(invalid(format!(
                    "{path}.role: {other:?} is not passenger, crew or other"
                )))
            }
        };
        let surname = text(entry, &path, "surname")?.unwrap_or_default();
        let given_names = text(entry, &path, "given_names")?.unwrap_or_default();
        if surname.is_empty() && given_names.is_empty() {
            return Err(invalid(format!(
                "{path}: a surname or given names are needed"
            )));
        }
        let birth_date = text(entry, &path, "birth_date")?;
        if let Some(date) = &birth_date {
            if gatecheck_engine::person::PartialDate::parse(date).is_err() {
                return Err(invalid(format!(
                    "{path}.birth_date: {date:?} is not a date"
                )));
            }
        }
        let mut documents = Vec::new();
        for (number_at, document) in list(entry, &path, "documents")?.iter().enumerate() {
            let document_path = format!("{path}.documents[{number_at}]");
            documents.push(Document {
                number: text(document, &document_path, "number")?
                    .ok_or_else(|| invalid(format!("{document_path}.number: missing")))?,
                kind: text(document, &document_path, "type")?.unwrap_or_default(),
                issuing_state: text(document, &document_path, "issuing_state")?,
                expiry_date: text(document, &document_path, "expiry_date")?,
            });
        }
        travellers.push(Traveller {
            details: Default::default(),
            role,
            surname,
            given_names,
            birth_date,
            gender: text(entry, &path, "gender")?,
            nationality: text(entry, &path, "nationality")?,
            documents,
            reference: text(entry, &path, "reference")?,
            segment: 0,
        });
    }
    Ok(Manifest {
        source: Source::Paxlst,
        message_reference: text(value, "manifest", "message_reference")?.unwrap_or_default(),
        interactive: false,
        transaction_reference: None,
        legs,
        travellers,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_a_manifest_and_names_each_wrong_field() {
        let manifest = manifest_from_json(&json!({
            "message_reference": "M1",
            "legs": [{"carrier": "RJ", "flight_number": "405", "departure_port": "AMM"}],
            "travellers": [{"surname": " SMITH ", "given_names": "JOHN", "role": "crew",
                "documents": [{"number": "P1", "type": "P"}]}]
        }))
        .unwrap();
        assert_eq!(manifest.message_reference, "M1");
        assert_eq!(manifest.legs[0].flight_number, "405");
        assert_eq!(manifest.travellers[0].surname, "SMITH");
        assert_eq!(manifest.travellers[0].role, Role::Crew);
        assert_eq!(manifest.travellers[0].documents[0].number, "P1");
        for (value, message) in [
            (
                json!({"travellers": []}),
                "travellers: 0 given, 1 to 2000 taken",
            ),
            (
                json!({"legs": 1, "travellers": [{"surname": "A"}]}),
                "manifest.legs: not a list",
            ),
            (
                json!({"legs": [[null]], "travellers": [{"surname": "A"}]}),
                "manifest.legs[0]: not an object",
            ),
            (
                json!({"travellers": [{"surname": "A", "documents": ["P1"]}]}),
                "travellers[0].documents[0]: not an object",
            ),
            (
                json!({"travellers": [{"role": "pilot", "surname": "A"}]}),
                "travellers[0].role: \"pilot\" is not passenger, crew or other",
            ),
            (
                json!({"travellers": [{"given_names": ""}]}),
                "travellers[0]: a surname or given names are needed",
            ),
            (
                json!({"travellers": [{"surname": "A", "birth_date": "1970-13-01"}]}),
                "travellers[0].birth_date: \"1970-13-01\" is not a date",
            ),
            (
                json!({"travellers": [{"surname": "A", "documents": [{"type": "P"}]}]}),
                "travellers[0].documents[0].number: missing",
            ),
            (
                json!({"travellers": [{"surname": 7}]}),
                "travellers[0].surname: not a string of at most 200 bytes",
            ),
            (
                json!({"travellers": [{"surname": "A".repeat(201)}]}),
                "travellers[0].surname: not a string of at most 200 bytes",
            ),
        ] {
            assert_eq!(manifest_from_json(&value).unwrap_err().to_string(), message);
        }
    }
}
