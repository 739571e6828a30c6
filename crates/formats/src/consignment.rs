//! A consignment in gatecheck's JSON form of the WCO Data Model (its classes `Consignment`,
//! `Consignor`, `Exporter`, `Consignee`, `NotifyParty`, `Carrier`, `FreightForwarder`,
//! `BorderTransportMeans`, `TransportContractDocument`, `GoodsItem`, their names in camel
//! case) read into the common form of [`crate::parties`], so that every party of a
//! shipment is screened as a payment's are (issue 18, item 4): the shipper, the
//! consignee, the party to notify, the carrier, the forwarder, and the ship or aircraft
//! with its IMO number or registration; the goods' descriptions as free texts.
//!
//! A file holds one consignment, an array of them, or one a line (JSON lines); the
//! wrapper `{"consignment": {...}}` may be left out. A consignment that cannot be read is
//! an error naming its position in the file, its line and the JSON path of the field; the
//! others are read on. What can be read around is kept and said in the reading's
//! warnings: a field the form does not have (a misspelt `consigner` would leave a party
//! unscreened), a country in no known form, an IMO number or LEI failing its check digits
//! (kept as written, compared with nothing: [`crate::identifiers::compare`] says why).
//! The form is documented with an example in `docs/formats.md`.

use crate::countries::country_code;
use crate::identifiers::{read_imo, read_lei};
use crate::parties::{Channel, FreeText, Party, PartyId, PartyIdKind, PartyKind, Transaction};
use serde_json::{Map, Value};

/// The format a consignment's transaction names.
pub const FORMAT: &str = "WCO consignment";

/// The most bytes of a file of consignments, and the most consignments in one.
pub const MAX_DOCUMENT_BYTES: usize = 16 * 1024 * 1024;
pub const MAX_CONSIGNMENTS: usize = 10_000;

/// The most goods items of one consignment (a declaration's item numbers run to 999).
pub const MAX_GOODS_ITEMS: usize = 999;

/// The most identifications of a party, and lines of an address.
const MAX_IDENTIFICATIONS: usize = 20;
const MAX_ADDRESS_LINES: usize = 10;

/// The most bytes of a text field, and of a goods description.
const MAX_TEXT_BYTES: usize = 512;
const MAX_DESCRIPTION_BYTES: usize = 4096;

/// Why a consignment, or the whole file, could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConsignmentError {
    #[error("the document is larger than {limit} bytes")]
    TooLarge { limit: usize },
    #[error("more than {limit} consignments in one document")]
    TooMany { limit: usize },
    /// The file, or one of its lines (JSON lines), is not JSON.
    #[error("line {line}, column {column}: not JSON: {reason}")]
    NotJson {
        line: usize,
        column: usize,
        reason: String,
    },
    /// A field of a consignment: the consignment's position in the file (from 1), the line
    /// it starts on, the field's JSON path and why.
    #[error("consignment {position} (line {line}): {path}: {reason}")]
    Field {
        position: usize,
        line: usize,
        path: String,
        reason: String,
    },
}

/// Something read around in a consignment that was read: the field's JSON path and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsignmentWarning {
    pub path: String,
    pub reason: String,
}

impl std::fmt::Display for ConsignmentWarning {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(formatter, "{}: {}", self.path, self.reason)
    }
}

/// A consignment read: its transaction (`channel: Shipment`, `format: FORMAT`) and what
/// was read around.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsignmentReading {
    pub transaction: Transaction,
    pub warnings: Vec<ConsignmentWarning>,
}

/// Every consignment of `text` (one, an array, or JSON lines), each read or an error
/// saying where and why.
pub fn read_consignments(text: &str) -> Vec<Result<ConsignmentReading, ConsignmentError>> {
    if text.len() > MAX_DOCUMENT_BYTES {
        return vec![Err(ConsignmentError::TooLarge {
            limit: MAX_DOCUMENT_BYTES,
        })];
    }
    let content = text.trim_start();
    if content.is_empty() {
        return Vec::new();
    }
    let first_line = 1 + text[..text.len() - content.len()].matches('\n').count();
    let whole_error = match serde_json::from_str::<Value>(text) {
        Ok(Value::Array(items)) => {
            if items.len() > MAX_CONSIGNMENTS {
                return vec![Err(ConsignmentError::TooMany {
                    limit: MAX_CONSIGNMENTS,
                })];
            }
            let lines = array_item_lines(text);
            return items
                .iter()
                .enumerate()
                .map(|(at, item)| {
                    let line = lines.get(at).copied().unwrap_or(first_line);
                    read_consignment(item, at + 1, line)
                })
                .collect();
        }
        Ok(value) => return vec![read_consignment(&value, 1, first_line)],
        Err(error) => error,
    };
    // JSON lines: a consignment a line, when the first line is one alone
    let lines: Vec<(usize, &str)> = text
        .lines()
        .enumerate()
        .map(|(at, line)| (at + 1, line))
        .filter(|(_, line)| !line.trim().is_empty())
        .collect();
    let first_alone = lines
        .first()
        .is_some_and(|(_, line)| serde_json::from_str::<Value>(line).is_ok());
    if !first_alone || lines.len() < 2 {
        return vec![Err(not_json(&whole_error, 0))];
    }
    if lines.len() > MAX_CONSIGNMENTS {
        return vec![Err(ConsignmentError::TooMany {
            limit: MAX_CONSIGNMENTS,
        })];
    }
    lines
        .iter()
        .enumerate()
        .map(
            |(at, (line, content))| match serde_json::from_str::<Value>(content) {
                Ok(value) => read_consignment(&value, at + 1, *line),
                Err(error) => Err(not_json(&error, line - 1)),
            },
        )
        .collect()
}

/// serde_json's error, its line counted from `lines_before` lines earlier in the file.
fn not_json(error: &serde_json::Error, lines_before: usize) -> ConsignmentError {
    let message = error.to_string();
    // serde_json ends its message with the position, given apart here
    let reason = message
        .split(" at line ")
        .next()
        .unwrap_or(&message)
        .to_string();
    ConsignmentError::NotJson {
        line: lines_before + error.line(),
        column: error.column(),
        reason,
    }
}

/// The line each item of the top-level array of valid JSON `text` starts on.
fn array_item_lines(text: &str) -> Vec<usize> {
    let mut lines = Vec::new();
    let (mut line, mut depth) = (1, 0usize);
    let (mut in_string, mut escaped, mut item_expected) = (false, false, false);
    for byte in text.bytes() {
        if byte == b'\n' {
            line += 1;
        }
        if in_string {
            match byte {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        let starts_item = !matches!(byte, b' ' | b'\t' | b'\r' | b'\n' | b',' | b']' | b'}');
        if depth == 1 && item_expected && starts_item {
            lines.push(line);
            item_expected = false;
        }
        match byte {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                item_expected = depth == 1;
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            b',' if depth == 1 => item_expected = true,
            _ => {}
        }
    }
    lines
}

/// One consignment, `{"consignment": {...}}` or the consignment object alone, the
/// `position`th of its file (from 1), starting on `line`.
pub fn read_consignment(
    value: &Value,
    position: usize,
    line: usize,
) -> Result<ConsignmentReading, ConsignmentError> {
    let mut reader = Reader {
        position,
        line,
        warnings: Vec::new(),
    };
    let path = "consignment";
    let document = value
        .as_object()
        .ok_or_else(|| reader.error(path, "not an object"))?;
    let consignment = match document.get("consignment") {
        Some(inner) => {
            reader.unknown_fields(document, "", &["consignment"]);
            inner
        }
        None => value,
    };
    let consignment = reader.object(consignment, path, CONSIGNMENT_FIELDS)?;
    let mut reference = reader.text(consignment, path, "id", MAX_TEXT_BYTES)?;
    if let Some(document) = consignment.get("transportContractDocument") {
        let document_path = format!("{path}.transportContractDocument");
        let document = reader.object(document, &document_path, &["id", "typeCode"])?;
        let document_id = reader.text(document, &document_path, "id", MAX_TEXT_BYTES)?;
        reader.text(document, &document_path, "typeCode", MAX_TEXT_BYTES)?;
        reference = reference.or(document_id);
    }
    let Some(reference) = reference else {
        return Err(reader.error(
            path,
            "an id or a transportContractDocument.id is needed to name the consignment",
        ));
    };
    let mut parties = Vec::new();
    for (field, role) in PARTY_ROLES {
        let Some(value) = consignment.get(field) else {
            continue;
        };
        if let Some(party) = reader.party(value, &format!("{path}.{field}"), role)? {
            parties.push(party);
        }
    }
    if let Some(value) = consignment.get("borderTransportMeans") {
        let means_path = format!("{path}.borderTransportMeans");
        if let Some(party) = reader.transport_means(value, &means_path)? {
            parties.push(party);
        }
    }
    let mut texts = Vec::new();
    let items = reader.list(consignment, path, "goodsItems", MAX_GOODS_ITEMS)?;
    for (at, item) in items.iter().enumerate() {
        let item_path = format!("{path}.goodsItems[{at}]");
        let item = reader.object(item, &item_path, &["sequence", "description", "hsCode"])?;
        if let Some(text) = reader.text(item, &item_path, "description", MAX_DESCRIPTION_BYTES)? {
            texts.push(FreeText {
                role: "goods".to_string(),
                text,
            });
        }
        if let Some(code) = reader.text(item, &item_path, "hsCode", MAX_TEXT_BYTES)? {
            // written with dots or spaces (`8471.30`), the Harmonized System's code is 6
            // digits, with a country's own subheadings up to 10
            let digits: String = code.chars().filter(|c| !matches!(c, '.' | ' ')).collect();
            if (4..=10).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit()) {
                texts.push(FreeText {
                    role: "hs_code".to_string(),
                    text: digits,
                });
            } else {
                reader.warn(
                    &format!("{item_path}.hsCode"),
                    format!("{code:?} is not a Harmonized System code (4 to 10 digits); left out"),
                );
            }
        }
    }
    Ok(ConsignmentReading {
        transaction: Transaction {
            channel: Channel::Shipment,
            format: FORMAT.to_string(),
            reference,
            line,
            value_date: None,
            currency: None,
            amount: None,
            parties,
            texts,
        },
        warnings: reader.warnings,
    })
}

const CONSIGNMENT_FIELDS: &[&str] = &[
    "id",
    "transportContractDocument",
    "consignor",
    "exporter",
    "consignee",
    "notifyParty",
    "carrier",
    "freightForwarder",
    "borderTransportMeans",
    "goodsItems",
];

/// The parties by their field, and the role each is given.
const PARTY_ROLES: [(&str, &str); 6] = [
    ("consignor", "shipper"),
    ("exporter", "shipper"),
    ("consignee", "consignee"),
    ("notifyParty", "notify_party"),
    ("carrier", "carrier"),
    ("freightForwarder", "freight_forwarder"),
];

const PARTY_FIELDS: &[&str] = &["name", "kind", "address", "country", "identification"];
const ADDRESS_FIELDS: &[&str] = &[
    "line",
    "cityName",
    "postcode",
    "countrySubDivision",
    "country",
];
const MEANS_FIELDS: &[&str] = &["mode", "name", "imo", "registration", "nationality"];

/// The reading of one consignment: where it is, and what was read around so far.
struct Reader {
    position: usize,
    line: usize,
    warnings: Vec<ConsignmentWarning>,
}

impl Reader {
    fn error(&self, path: &str, reason: impl Into<String>) -> ConsignmentError {
        ConsignmentError::Field {
            position: self.position,
            line: self.line,
            path: path.to_string(),
            reason: reason.into(),
        }
    }

    fn warn(&mut self, path: &str, reason: impl Into<String>) {
        self.warnings.push(ConsignmentWarning {
            path: path.to_string(),
            reason: reason.into(),
        });
    }

    /// `value` as an object, each field it has that the form does not named in a warning.
    fn object<'v>(
        &mut self,
        value: &'v Value,
        path: &str,
        known: &[&str],
    ) -> Result<&'v Map<String, Value>, ConsignmentError> {
        let object = value
            .as_object()
            .ok_or_else(|| self.error(path, "not an object"))?;
        self.unknown_fields(object, path, known);
        Ok(object)
    }

    fn unknown_fields(&mut self, object: &Map<String, Value>, path: &str, known: &[&str]) {
        for key in object.keys() {
            if !known.contains(&key.as_str()) {
                let key: String = key.chars().take(MAX_TEXT_BYTES).collect();
                let field = if path.is_empty() {
                    key
                } else {
                    format!("{path}.{key}")
                };
                self.warn(&field, "not a field of the form; left unread");
            }
        }
    }

    /// A text field, trimmed; `None` when absent, null or empty.
    fn text(
        &self,
        object: &Map<String, Value>,
        path: &str,
        key: &str,
        limit: usize,
    ) -> Result<Option<String>, ConsignmentError> {
        self.text_at(object.get(key), &format!("{path}.{key}"), limit)
    }

    /// The text `value` at `path`.
    fn text_at(
        &self,
        value: Option<&Value>,
        path: &str,
        limit: usize,
    ) -> Result<Option<String>, ConsignmentError> {
        let text = match value {
            None | Some(Value::Null) => return Ok(None),
            Some(Value::String(text)) => text.trim(),
            Some(_) => return Err(self.error(path, "not a string")),
        };
        if text.len() > limit {
            return Err(self.error(path, format!("longer than {limit} bytes")));
        }
        // a line break within a description is kept; other controls would reach the
        // screening and the officer's screen
        if let Some(control) = text
            .chars()
            .find(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
        {
            return Err(self.error(path, format!("holds the control character {control:?}")));
        }
        Ok(Some(text.to_string()).filter(|text| !text.is_empty()))
    }

    /// A list field; empty when absent or null.
    fn list<'v>(
        &self,
        object: &'v Map<String, Value>,
        path: &str,
        key: &str,
        limit: usize,
    ) -> Result<&'v [Value], ConsignmentError> {
        match object.get(key) {
            None | Some(Value::Null) => Ok(&[]),
            Some(Value::Array(items)) if items.len() <= limit => Ok(items),
            Some(Value::Array(_)) => {
                Err(self.error(&format!("{path}.{key}"), format!("more than {limit} items")))
            }
            Some(_) => Err(self.error(&format!("{path}.{key}"), "not a list")),
        }
    }

    /// A country in any usual form, as the lower-case code the other readers give; one in
    /// no known form is left out with a warning.
    fn country(
        &mut self,
        object: &Map<String, Value>,
        path: &str,
        key: &str,
    ) -> Result<Option<String>, ConsignmentError> {
        let Some(written) = self.text(object, path, key, MAX_TEXT_BYTES)? else {
            return Ok(None);
        };
        let code = country_code(&written);
        if code.is_none() {
            self.warn(
                &format!("{path}.{key}"),
                format!("{written:?} is not a country in a known form; left out"),
            );
        }
        Ok(code)
    }

    /// A party of the consignment: `None` (with a warning) when it has neither a name nor
    /// an identification, nothing to screen.
    fn party(
        &mut self,
        value: &Value,
        path: &str,
        role: &'static str,
    ) -> Result<Option<Party>, ConsignmentError> {
        if value.is_null() {
            return Ok(None);
        }
        let object = self.object(value, path, PARTY_FIELDS)?;
        let kind = match self.text(object, path, "kind", MAX_TEXT_BYTES)?.as_deref() {
            None => PartyKind::Unknown,
            Some("organisation" | "organization") => PartyKind::Organisation,
            Some("person") => PartyKind::Person,
            Some(other) => {
                return Err(self.error(
                    &format!("{path}.kind"),
                    format!("{other:?} is not organisation or person"),
                ))
            }
        };
        let mut party = Party::new(role, kind);
        party.name = self.text(object, path, "name", MAX_TEXT_BYTES)?;
        party.country = self.country(object, path, "country")?;
        if let Some(address) = object.get("address").filter(|value| !value.is_null()) {
            let address_path = format!("{path}.address");
            let address = self.object(address, &address_path, ADDRESS_FIELDS)?;
            party.address = self.address_lines(address, &address_path)?;
            let address_country = self.country(address, &address_path, "country")?;
            party.country = party.country.or(address_country);
        }
        let identifications = self.list(object, path, "identification", MAX_IDENTIFICATIONS)?;
        for (at, identification) in identifications.iter().enumerate() {
            let id_path = format!("{path}.identification[{at}]");
            let identification = self.object(identification, &id_path, &["scheme", "id"])?;
            let scheme = self.text(identification, &id_path, "scheme", MAX_TEXT_BYTES)?;
            let Some(id) = self.text(identification, &id_path, "id", MAX_TEXT_BYTES)? else {
                return Err(self.error(&format!("{id_path}.id"), "missing"));
            };
            party
                .identifiers
                .push(self.identifier(scheme, id, &format!("{id_path}.id")));
        }
        if party.name.is_none() && party.identifiers.is_empty() {
            self.warn(
                path,
                "neither a name nor an identification: nothing to screen",
            );
            return Ok(None);
        }
        Ok(Some(party))
    }

    /// The lines of an address: its street lines, the postcode and city, the region.
    fn address_lines(
        &self,
        address: &Map<String, Value>,
        path: &str,
    ) -> Result<Vec<String>, ConsignmentError> {
        let mut lines = Vec::new();
        // one line as a string, or several as a list
        match address.get("line") {
            Some(Value::Array(_)) => {
                let written = self.list(address, path, "line", MAX_ADDRESS_LINES)?;
                for (at, line) in written.iter().enumerate() {
                    let line_path = format!("{path}.line[{at}]");
                    lines.extend(self.text_at(Some(line), &line_path, MAX_TEXT_BYTES)?);
                }
            }
            _ => lines.extend(self.text(address, path, "line", MAX_TEXT_BYTES)?),
        }
        let postcode = self.text(address, path, "postcode", MAX_TEXT_BYTES)?;
        let city = self.text(address, path, "cityName", MAX_TEXT_BYTES)?;
        let town: Vec<String> = postcode.into_iter().chain(city).collect();
        if !town.is_empty() {
            lines.push(town.join(" "));
        }
        lines.extend(self.text(address, path, "countrySubDivision", MAX_TEXT_BYTES)?);
        Ok(lines)
    }

    /// An identification by its scheme; an LEI or IMO number failing its check digits is
    /// kept as written, and said.
    fn identifier(&mut self, scheme: Option<String>, id: String, path: &str) -> PartyId {
        let upper = scheme.as_deref().map(str::to_ascii_uppercase);
        let kind = match upper.as_deref() {
            Some("EORI" | "REGISTRATION" | "CRN") => PartyIdKind::Registration,
            Some("TIN" | "VAT" | "TAX") => PartyIdKind::TaxNumber,
            Some("LEI") => PartyIdKind::Lei,
            Some("IMO") => PartyIdKind::Imo,
            _ => PartyIdKind::Other,
        };
        let checked = match kind {
            PartyIdKind::Lei => Some(read_lei(&id)),
            PartyIdKind::Imo => Some(read_imo(&id)),
            _ => None,
        };
        let value = match checked {
            Some(Ok(identifier)) => identifier.value,
            Some(Err(problem)) => {
                self.warn(path, format!("{problem}; kept as written, unproven"));
                id
            }
            None => id,
        };
        // an EORI number starts with the country that gave it
        let country = match upper.as_deref() {
            Some("EORI") => value
                .get(..2)
                .and_then(country_code)
                .filter(|code| code.len() == 2),
            _ => None,
        };
        PartyId {
            kind,
            value,
            country,
            scheme,
        }
    }

    /// The means of transport crossing the border: a ship (its IMO number checked), an
    /// aircraft (its registration), or a vehicle or train.
    fn transport_means(
        &mut self,
        value: &Value,
        path: &str,
    ) -> Result<Option<Party>, ConsignmentError> {
        if value.is_null() {
            return Ok(None);
        }
        let object = self.object(value, path, MEANS_FIELDS)?;
        let imo = self.text(object, path, "imo", MAX_TEXT_BYTES)?;
        let mode = self.text(object, path, "mode", MAX_TEXT_BYTES)?;
        // modes by name or by their UN/ECE Recommendation 19 code, as the WCO model codes them
        let (role, kind) = match (mode.as_deref(), &imo) {
            (Some("maritime" | "1" | "inland_waterway" | "8"), _) | (None, Some(_)) => {
                ("vessel", PartyKind::Vessel)
            }
            (Some("air" | "4"), _) => ("aircraft", PartyKind::Aircraft),
            (Some("road" | "3" | "rail" | "2"), _) => ("transport_means", PartyKind::Unknown),
            (Some(other), _) => {
                return Err(self.error(
                    &format!("{path}.mode"),
                    format!("{other:?} is not maritime, inland_waterway, air, road or rail"),
                ))
            }
            (None, None) => {
                return Err(self.error(
                    &format!("{path}.mode"),
                    "missing (maritime, inland_waterway, air, road or rail)",
                ))
            }
        };
        let mut party = Party::new(role, kind);
        party.name = self.text(object, path, "name", MAX_TEXT_BYTES)?;
        party.country = self.country(object, path, "nationality")?;
        if let Some(imo) = imo {
            let value = match read_imo(&imo) {
                Ok(identifier) => identifier.value,
                Err(problem) => {
                    self.warn(
                        &format!("{path}.imo"),
                        format!("{problem}; kept as written, unproven"),
                    );
                    imo
                }
            };
            party
                .identifiers
                .push(PartyId::new(PartyIdKind::Imo, value));
        }
        if let Some(registration) = self.text(object, path, "registration", MAX_TEXT_BYTES)? {
            let identifier = if kind == PartyKind::Aircraft {
                PartyId::new(PartyIdKind::AircraftRegistration, registration)
            } else {
                PartyId {
                    scheme: Some("registration".to_string()),
                    ..PartyId::new(PartyIdKind::Other, registration)
                }
            };
            party.identifiers.push(identifier);
        }
        if party.name.is_none() && party.identifiers.is_empty() {
            self.warn(
                path,
                "neither a name nor an identification: nothing to screen",
            );
            return Ok(None);
        }
        Ok(Some(party))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The example of `docs/formats.md`.
    const EXAMPLE: &str = r#"{"consignment": {
  "id": "GC-2026-000417",
  "transportContractDocument": {"id": "MSKU7730152", "typeCode": "705"},
  "consignor": {
    "name": "Northwind Machinery GmbH",
    "kind": "organisation",
    "address": {"line": "Hafenstrasse 12", "postcode": "20457", "cityName": "Hamburg", "country": "DE"},
    "identification": [{"scheme": "EORI", "id": "DE123456789012345"}]
  },
  "consignee": {
    "name": "Zafar Trading FZE",
    "address": {"line": ["Plot 14", "Jebel Ali Free Zone"], "cityName": "Dubai", "country": "ARE"},
    "identification": [{"scheme": "LEI", "id": "5493001KJTIIGC8Y1R12"}]
  },
  "notifyParty": {"name": "Yusuf Adnan Haddad", "kind": "person", "country": "Jordan"},
  "carrier": {"name": "Blue Meridian Shipping Ltd", "country": "MT"},
  "freightForwarder": {"name": "Falcon Forwarding LLC"},
  "borderTransportMeans": {"mode": "maritime", "name": "MERIDIAN STAR", "imo": "IMO 9074729", "nationality": "MT"},
  "goodsItems": [
    {"sequence": 1, "description": "CNC milling machines, 5-axis", "hsCode": "8459.61"},
    {"sequence": 2, "description": "Spare parts for milling machines", "hsCode": "846693"}
  ]
}}"#;

    fn read_one(text: &str) -> ConsignmentReading {
        let mut readings = read_consignments(text);
        assert_eq!(readings.len(), 1, "{readings:?}");
        readings.remove(0).unwrap()
    }

    #[test]
    fn a_consignment_gives_each_party_its_role_and_the_goods_as_free_texts() {
        let reading = read_one(EXAMPLE);
        assert!(reading.warnings.is_empty(), "{:?}", reading.warnings);
        let shipment = reading.transaction;
        assert_eq!(shipment.channel, Channel::Shipment);
        assert_eq!(shipment.format, "WCO consignment");
        assert_eq!(shipment.reference, "GC-2026-000417");
        assert_eq!(shipment.line, 1);
        let roles: Vec<&str> = shipment
            .parties
            .iter()
            .map(|party| party.role.as_str())
            .collect();
        assert_eq!(
            roles,
            [
                "shipper",
                "consignee",
                "notify_party",
                "carrier",
                "freight_forwarder",
                "vessel"
            ]
        );
        let shipper = &shipment.parties[0];
        assert_eq!(shipper.kind, PartyKind::Organisation);
        assert_eq!(shipper.address, ["Hafenstrasse 12", "20457 Hamburg"]);
        assert_eq!(shipper.country.as_deref(), Some("de"));
        assert_eq!(shipper.identifiers[0].kind, PartyIdKind::Registration);
        assert_eq!(shipper.identifiers[0].scheme.as_deref(), Some("EORI"));
        assert_eq!(shipper.identifiers[0].country.as_deref(), Some("de"));
        let consignee = &shipment.parties[1];
        assert_eq!(
            consignee.address,
            ["Plot 14", "Jebel Ali Free Zone", "Dubai"]
        );
        // an alpha-3 code and a name read as the alpha-2 code
        assert_eq!(consignee.country.as_deref(), Some("ae"));
        assert_eq!(consignee.identifiers[0].kind, PartyIdKind::Lei);
        assert_eq!(shipment.parties[2].kind, PartyKind::Person);
        assert_eq!(shipment.parties[2].country.as_deref(), Some("jo"));
        let vessel = &shipment.parties[5];
        assert_eq!(vessel.kind, PartyKind::Vessel);
        assert_eq!(vessel.name.as_deref(), Some("MERIDIAN STAR"));
        assert_eq!(vessel.country.as_deref(), Some("mt"));
        assert_eq!(
            vessel.identifiers,
            [PartyId::new(PartyIdKind::Imo, "9074729")]
        );
        let texts: Vec<(&str, &str)> = shipment
            .texts
            .iter()
            .map(|text| (text.role.as_str(), text.text.as_str()))
            .collect();
        assert_eq!(
            texts,
            [
                ("goods", "CNC milling machines, 5-axis"),
                ("hs_code", "845961"),
                ("goods", "Spare parts for milling machines"),
                ("hs_code", "846693")
            ]
        );
    }

    #[test]
    fn an_aircraft_is_read_with_its_registration_and_a_truck_as_a_means_of_transport() {
        let air = read_one(
            r#"{"id": "AWB-176-12345675", "borderTransportMeans": {"mode": "air", "name": "QY 4021", "registration": "D-AEAA", "nationality": "DE"}}"#,
        );
        let aircraft = &air.transaction.parties[0];
        assert_eq!(aircraft.role, "aircraft");
        assert_eq!(aircraft.kind, PartyKind::Aircraft);
        assert_eq!(
            aircraft.identifiers,
            [PartyId::new(PartyIdKind::AircraftRegistration, "D-AEAA")]
        );
        // the mode by its UN/ECE Recommendation 19 code
        let road = read_one(
            r#"{"id": "CMR-1", "borderTransportMeans": {"mode": "3", "registration": "B 1234 XY"}}"#,
        );
        let truck = &road.transaction.parties[0];
        assert_eq!(truck.role, "transport_means");
        assert_eq!(truck.identifiers[0].kind, PartyIdKind::Other);
        assert_eq!(truck.identifiers[0].scheme.as_deref(), Some("registration"));
        // without a mode, an IMO number says it is a ship
        let ship = read_one(r#"{"id": "C-1", "borderTransportMeans": {"imo": "9176187"}}"#);
        assert_eq!(ship.transaction.parties[0].kind, PartyKind::Vessel);
    }

    #[test]
    fn an_imo_number_failing_its_check_digit_is_kept_and_said_in_the_warnings() {
        let reading = read_one(
            r#"{"consignment": {"id": "C-9", "borderTransportMeans": {"mode": "maritime", "name": "SEA WIND", "imo": "IMO 9074728"}}}"#,
        );
        let vessel = &reading.transaction.parties[0];
        assert_eq!(
            vessel.identifiers,
            [PartyId::new(PartyIdKind::Imo, "IMO 9074728")]
        );
        let warnings: Vec<String> = reading.warnings.iter().map(ToString::to_string).collect();
        assert_eq!(
            warnings,
            ["consignment.borderTransportMeans.imo: imo \"9074728\" fails its check digit; kept as written, unproven"]
        );
    }

    #[test]
    fn what_can_be_read_around_is_kept_and_said() {
        let reading = read_one(
            r#"{"consignment": {"id": "C-3",
                "consigner": {"name": "Misspelt Exports Ltd"},
                "consignee": {"name": "Atlas Imports", "country": "Atlantis",
                    "identification": [{"scheme": "LEI", "id": "5493001KJTIIGC8Y1R21"}, {"scheme": "DUNS", "id": "150483782"}]},
                "notifyParty": {"address": {"cityName": "Basra"}},
                "goodsItems": [{"description": "Tyres", "hsCode": "40.11.XX"}]}, "sent": "today"}"#,
        );
        let warnings: Vec<String> = reading.warnings.iter().map(ToString::to_string).collect();
        assert_eq!(
            warnings,
            [
                "sent: not a field of the form; left unread",
                "consignment.consigner: not a field of the form; left unread",
                "consignment.consignee.country: \"Atlantis\" is not a country in a known form; left out",
                "consignment.consignee.identification[0].id: lei \"5493001KJTIIGC8Y1R21\" fails its check digits; kept as written, unproven",
                "consignment.notifyParty: neither a name nor an identification: nothing to screen",
                "consignment.goodsItems[0].hsCode: \"40.11.XX\" is not a Harmonized System code (4 to 10 digits); left out",
            ]
        );
        let consignee = &reading.transaction.parties[0];
        assert_eq!(reading.transaction.parties.len(), 1);
        assert_eq!(consignee.country, None);
        assert_eq!(consignee.identifiers[1].kind, PartyIdKind::Other);
        assert_eq!(consignee.identifiers[1].scheme.as_deref(), Some("DUNS"));
    }

    #[test]
    fn an_array_and_json_lines_are_read_each_consignment_with_its_position_and_line() {
        let array = "[\n  {\"id\": \"A-1\"},\n  {\"id\": \"A-2\",\n   \"consignee\": {\"name\": \"B [1], {x}\"}},\n  {\"id\": 7}\n]";
        let readings = read_consignments(array);
        assert_eq!(readings.len(), 3);
        assert_eq!(readings[0].as_ref().unwrap().transaction.line, 2);
        assert_eq!(readings[1].as_ref().unwrap().transaction.reference, "A-2");
        assert_eq!(readings[1].as_ref().unwrap().transaction.line, 3);
        assert_eq!(
            readings[2].as_ref().unwrap_err().to_string(),
            "consignment 3 (line 5): consignment.id: not a string"
        );
        let lines = "{\"id\": \"L-1\"}\n\n{\"id\": \"L-2\", \"goodsItems\": [}\n{\"consignment\": {\"transportContractDocument\": {\"id\": \"MSKU1\"}}}\n";
        let readings = read_consignments(lines);
        assert_eq!(readings.len(), 3);
        assert_eq!(readings[0].as_ref().unwrap().transaction.reference, "L-1");
        assert_eq!(
            readings[1].as_ref().unwrap_err().to_string(),
            "line 3, column 30: not JSON: expected value"
        );
        // without an id, the bill of lading names the consignment
        let third = readings[2].as_ref().unwrap();
        assert_eq!(third.transaction.reference, "MSKU1");
        assert_eq!(third.transaction.line, 4);
        assert!(read_consignments(" \n ").is_empty());
    }

    #[test]
    fn a_consignment_that_cannot_be_read_names_its_position_and_the_field() {
        for (text, message) in [
            (
                r#"{"consignment": {"consignee": {"name": "A"}}}"#,
                "consignment 1 (line 1): consignment: an id or a transportContractDocument.id is needed to name the consignment",
            ),
            (
                r#"{"consignment": [1]}"#,
                "consignment 1 (line 1): consignment: not an object",
            ),
            (
                r#"{"id": "C", "consignor": {"name": "A", "kind": "robot"}}"#,
                "consignment 1 (line 1): consignment.consignor.kind: \"robot\" is not organisation or person",
            ),
            (
                r#"{"id": "C", "consignor": {"name": "A", "identification": [{"scheme": "EORI"}]}}"#,
                "consignment 1 (line 1): consignment.consignor.identification[0].id: missing",
            ),
            (
                r#"{"id": "C", "carrier": {"name": "A\u0000B"}}"#,
                "consignment 1 (line 1): consignment.carrier.name: holds the control character '\\0'",
            ),
            (
                r#"{"id": "C", "borderTransportMeans": {"name": "X"}}"#,
                "consignment 1 (line 1): consignment.borderTransportMeans.mode: missing (maritime, inland_waterway, air, road or rail)",
            ),
            (
                r#"{"id": "C", "borderTransportMeans": {"mode": "pipeline", "name": "X"}}"#,
                "consignment 1 (line 1): consignment.borderTransportMeans.mode: \"pipeline\" is not maritime, inland_waterway, air, road or rail",
            ),
            (
                r#"{"id": "C", "goodsItems": {"description": "x"}}"#,
                "consignment 1 (line 1): consignment.goodsItems: not a list",
            ),
            (
                r#"{"id": "C", "consignee": {"address": {"line": ["a", 3]}}}"#,
                "consignment 1 (line 1): consignment.consignee.address.line[1]: not a string",
            ),
            ("\n\n{\"id\": ", "line 3, column 7: not JSON: EOF while parsing a value"),
            ("42", "consignment 1 (line 1): consignment: not an object"),
        ] {
            let readings = read_consignments(text);
            assert_eq!(readings.len(), 1, "{text}");
            assert_eq!(readings[0].as_ref().unwrap_err().to_string(), message);
        }
        let long = format!(r#"{{"id": "{}"}}"#, "A".repeat(513));
        assert_eq!(
            read_consignments(&long)[0]
                .as_ref()
                .unwrap_err()
                .to_string(),
            "consignment 1 (line 1): consignment.id: longer than 512 bytes"
        );
        let items = format!(
            r#"{{"id": "C", "goodsItems": [{}]}}"#,
            vec!["{}"; MAX_GOODS_ITEMS + 1].join(",")
        );
        assert_eq!(
            read_consignments(&items)[0]
                .as_ref()
                .unwrap_err()
                .to_string(),
            "consignment 1 (line 1): consignment.goodsItems: more than 999 items"
        );
    }

    #[test]
    fn the_fuzz_seeds_are_read_whole_and_a_failing_imo_number_is_said() {
        let air_and_road = read_consignments(include_str!(
            "../../../fuzz/seeds/consignment/array_and_air.json"
        ));
        let roles: Vec<Vec<&str>> = air_and_road
            .iter()
            .map(|reading| {
                let reading = reading.as_ref().unwrap();
                assert!(reading.warnings.is_empty(), "{:?}", reading.warnings);
                reading
                    .transaction
                    .parties
                    .iter()
                    .map(|p| p.role.as_str())
                    .collect()
            })
            .collect();
        assert_eq!(
            roles,
            [
                vec!["shipper", "consignee", "carrier", "aircraft"],
                vec!["shipper", "consignee", "transport_means"]
            ]
        );
        assert_eq!(air_and_road[1].as_ref().unwrap().transaction.line, 8);
        let lines = read_consignments(include_str!("../../../fuzz/seeds/consignment/lines.jsonl"));
        let warnings: Vec<usize> = lines
            .iter()
            .map(|reading| reading.as_ref().unwrap().warnings.len())
            .collect();
        assert_eq!(warnings, [0, 1]);
    }

    proptest::proptest! {
        /// Any text is read without a panic, and every reading is a shipment whose IMO
        /// numbers are checked or said to fail.
        #[test]
        fn any_text_is_read_or_refused(
            text in "(\\{|\\}|\\[|\\]|,|:|\"(consignment|id|consignor|name|imo|borderTransportMeans|mode|goodsItems|hsCode|identification|scheme|address|line)\"|\"[^\"\\\\]{0,12}\"|[0-9]{1,8}|null|\\PC|\n){0,60}"
        ) {
            for reading in read_consignments(&text).into_iter().flatten() {
                proptest::prop_assert_eq!(reading.transaction.channel, Channel::Shipment);
                for party in &reading.transaction.parties {
                    for identifier in &party.identifiers {
                        if identifier.kind == PartyIdKind::Imo && read_imo(&identifier.value).is_err() {
                            proptest::prop_assert!(!reading.warnings.is_empty());
                        }
                    }
                }
            }
        }
    }
}
