//! What the readers of published lists in XML share: one entry's properties written as
//! FollowTheMoney's, each value cleaned (no control or bidirectional-override character,
//! spaces collapsed) and bounded as a record to be kept is ([`crate::ftm::check_limits`]),
//! countries as codes, dates with their precision, identifications and sanctions nested as
//! an export nests them.

use serde_json::{json, Map, Value};

use crate::ftm::{
    is_refused_in_text, MAX_ID_CHARS, MAX_PROPERTY_VALUES, MAX_STORED_NAMES, MAX_STORED_NAME_CHARS,
    MAX_VALUE_CHARS, NAME_VALUED,
};
use crate::FormatError;

/// The most years a range of years of birth gives (as `ofac_csv` reads one).
pub const MAX_RANGE_YEARS: u16 = 10;
/// Characters of a long text kept (see [`Entry::add_shortened`]).
pub const MAX_NOTE_CHARS: usize = 2000;
/// Identifications and sanctions nested in one entry.
const MAX_NESTED: usize = 200;

/// One entry of a list being read: its id, the list's name for errors, its properties.
#[derive(Debug)]
pub struct Entry {
    pub id: String,
    list: &'static str,
    pub properties: Map<String, Value>,
    names: usize,
}

/// Whether `id` may be a list's own id for an entry (what the record's id is made from):
/// at most 40 characters, ASCII letters, digits, `-`, `.` and `_`.
pub fn is_source_id(id: &str) -> bool {
    id.len() <= 40
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_'))
}

/// An id [`is_source_id`] refused, as a message shows it: cleaned, its first 40
/// characters.
pub fn shown_id(id: &str) -> String {
    cleaned(id).chars().take(40).collect()
}

/// A value as it is kept: control and bidirectional-override characters taken out, runs
/// of spaces (and line breaks) made one, trimmed.
pub fn cleaned(text: &str) -> String {
    let mut kept = String::with_capacity(text.len());
    for word in text
        .split(|c: char| c.is_whitespace() || is_refused_in_text(c))
        .filter(|word| !word.is_empty())
    {
        if !kept.is_empty() {
            kept.push(' ');
        }
        kept.push_str(word);
    }
    kept
}

impl Entry {
    pub fn new(list: &'static str, id: String) -> Entry {
        Entry {
            id,
            list,
            properties: Map::new(),
            names: 0,
        }
    }

    /// The error of this entry, saying `reason`.
    pub fn error(&self, reason: String) -> FormatError {
        FormatError::BadEntry {
            list: self.list,
            entry: self.id.clone(),
            reason,
        }
    }

    /// Adds `text` to `property`, cleaned, once; nothing when empty. A value longer than a
    /// record may hold, or a value past the most a property or an entry's names may have,
    /// is an error naming the property.
    pub fn add(&mut self, property: &str, text: &str) -> Result<(), FormatError> {
        let value = cleaned(text);
        if value.is_empty() {
            return Ok(());
        }
        let is_name = NAME_VALUED.contains(&property);
        let limit = if is_name {
            MAX_STORED_NAME_CHARS
        } else {
            MAX_VALUE_CHARS
        };
        let length = value.chars().count();
        if length > limit {
            return Err(self.error(format!(
                "a value of {property} has {length} characters, at most {limit}"
            )));
        }
        let values = self
            .properties
            .entry(property.to_string())
            .or_insert_with(|| Value::Array(Vec::new()));
        let Value::Array(values) = values else {
            return Ok(());
        };
        if values.iter().any(|seen| seen.as_str() == Some(&value)) {
            return Ok(());
        }
        if values.len() >= MAX_PROPERTY_VALUES {
            return Err(self.error(format!(
                "more than {MAX_PROPERTY_VALUES} values of {property}"
            )));
        }
        values.push(Value::String(value));
        if matches!(property, "name" | "alias" | "previousName" | "weakAlias") {
            self.names += 1;
            if self.names > MAX_STORED_NAMES {
                return Err(self.error(format!("more than {MAX_STORED_NAMES} names")));
            }
        }
        Ok(())
    }

    /// Adds a long text (a remark, a comment) cut to its first [`MAX_NOTE_CHARS`]
    /// characters, an ellipsis saying it was cut: a list's free text is kept to be read,
    /// and one long remark must not refuse a list.
    pub fn add_shortened(&mut self, property: &str, text: &str) -> Result<(), FormatError> {
        let value = cleaned(text);
        if value.chars().count() <= MAX_NOTE_CHARS {
            return self.add(property, &value);
        }
        let mut kept: String = value.chars().take(MAX_NOTE_CHARS).collect();
        kept.push('…');
        self.add(property, &kept)
    }

    /// Adds a country as FollowTheMoney writes it: its code where the form is known, else
    /// as written.
    pub fn add_country(&mut self, property: &str, text: &str) -> Result<(), FormatError> {
        let text = cleaned(text);
        if text.is_empty() {
            return Ok(());
        }
        self.add(property, &crate::countries::code_or_as_written(&text))
    }

    /// Adds a gender written `Male`, `M`, `female` ...; other values are left out (FtM
    /// knows `male`, `female` and `other`).
    pub fn add_gender(&mut self, text: &str) -> Result<(), FormatError> {
        match text.trim().to_ascii_lowercase().as_str() {
            "m" | "male" => self.add("gender", "male"),
            "f" | "female" => self.add("gender", "female"),
            _ => Ok(()),
        }
    }

    /// Adds a date of birth (or another date property) read by [`read_dates`], or the text
    /// as written among the notes when it is in no form known.
    pub fn add_dates(
        &mut self,
        property: &str,
        dates: Dates,
        as_written: &str,
    ) -> Result<(), FormatError> {
        match dates {
            Dates::Read(dates) => {
                for date in dates {
                    self.add(property, &date)?;
                }
                Ok(())
            }
            Dates::Unknown => self.add("notes", &format!("{property} as written: {as_written}")),
        }
    }

    /// Adds an identity document: its number as the property screening reads
    /// (`passportNumber` for a passport, else `idNumber`, or `number_property` for a
    /// vessel's or an aircraft's number), and a nested FtM `Passport` or `Identification`
    /// keeping its type and issuing country (as an export nests it under `identification`).
    pub fn add_identification(&mut self, document: Identification<'_>) -> Result<(), FormatError> {
        let number = cleaned(document.number);
        if number.is_empty() {
            return Ok(());
        }
        let property = document.number_property.unwrap_or(if document.passport {
            "passportNumber"
        } else {
            "idNumber"
        });
        self.add(property, &number)?;
        if document.number_property.is_some() {
            return Ok(());
        }
        let schema = if document.passport {
            "Passport"
        } else {
            "Identification"
        };
        let mut properties = Map::new();
        properties.insert("holder".to_string(), json!([self.id]));
        properties.insert("number".to_string(), json!([number]));
        let kind = cleaned(document.kind);
        if !kind.is_empty() {
            properties.insert("type".to_string(), json!([bounded(&kind)]));
        }
        if let Some(country) = document.country.map(cleaned).filter(|c| !c.is_empty()) {
            properties.insert(
                "country".to_string(),
                json!([bounded(&crate::countries::code_or_as_written(&country))]),
            );
        }
        let nested = json!({
            "id": bounded(&format!("{}-{schema}-{number}", self.id).to_ascii_lowercase()),
            "schema": schema,
            "properties": properties,
        });
        self.push_nested("identification", nested)
    }

    /// Adds a sanction on this entry, nested as an export nests it under `sanctions`:
    /// its programme, the authority, the date of listing and the date it took effect when
    /// given.
    pub fn add_sanction(&mut self, sanction: Sanction<'_>) -> Result<(), FormatError> {
        let program = cleaned(sanction.program);
        let mut properties = Map::new();
        properties.insert("entity".to_string(), json!([self.id]));
        properties.insert("authority".to_string(), json!([sanction.authority]));
        if !program.is_empty() {
            properties.insert("program".to_string(), json!([bounded(&program)]));
        }
        for (property, date) in [
            ("listingDate", sanction.listing_date),
            ("startDate", sanction.start_date),
        ] {
            if let Some(date) = date.and_then(iso_date) {
                properties.insert(property.to_string(), json!([date]));
            }
        }
        let key = if program.is_empty() {
            sanction.key.to_string()
        } else {
            program
        };
        let nested = json!({
            "id": bounded(&format!("{}-{}", self.id, cleaned(&key))),
            "schema": "Sanction",
            "properties": properties,
        });
        self.push_nested("sanctions", nested)
    }

    /// Adds a crypto-asset wallet this entry holds, nested as an export nests it under
    /// `cryptoWallets` (see [`crypto_wallet`]).
    pub fn add_crypto_wallet(&mut self, currency: &str, address: &str) -> Result<(), FormatError> {
        let address = cleaned(address);
        if address.is_empty() {
            return Ok(());
        }
        let wallet = crypto_wallet(&self.id, &cleaned(currency), &address);
        self.push_nested("cryptoWallets", wallet)
    }

    fn push_nested(&mut self, property: &str, nested: Value) -> Result<(), FormatError> {
        let values = self
            .properties
            .entry(property.to_string())
            .or_insert_with(|| Value::Array(Vec::new()));
        let Value::Array(values) = values else {
            return Ok(());
        };
        if values.iter().any(|seen| seen["id"] == nested["id"]) {
            return Ok(());
        }
        if values.len() >= MAX_NESTED {
            return Err(self.error(format!("more than {MAX_NESTED} {property}")));
        }
        values.push(nested);
        Ok(())
    }

    /// Whether the entry has a name to be screened by.
    pub fn has_name(&self) -> bool {
        ["name", "alias", "previousName", "weakAlias"]
            .iter()
            .any(|property| self.properties.contains_key(*property))
    }

    /// The entity: its id, `schema` and properties.
    pub fn into_entity(self, schema: &str) -> Value {
        json!({"id": self.id, "schema": schema, "properties": self.properties})
    }
}

/// A text at most [`MAX_ID_CHARS`] characters long (for values not checked on their own:
/// a nested entity's id, type or programme).
/// A crypto-asset wallet of `holder` as FollowTheMoney writes one (`CryptoWallet`: its
/// address as `publicKey`, the asset's ticker as `currencySymbol`), for nesting under the
/// holder's `cryptoWallets`, as the lists give an address (OFAC's `Digital Currency
/// Address - XBT`).
pub fn crypto_wallet(holder: &str, currency: &str, address: &str) -> Value {
    let mut properties = Map::new();
    properties.insert("holder".to_string(), json!([holder]));
    properties.insert("publicKey".to_string(), json!([bounded(address)]));
    if !currency.is_empty() {
        properties.insert("currencySymbol".to_string(), json!([bounded(currency)]));
    }
    json!({
        "id": bounded(&format!("{holder}-wallet-{address}")),
        "schema": "CryptoWallet",
        "properties": properties,
    })
}

fn bounded(text: &str) -> String {
    text.chars().take(MAX_ID_CHARS).collect()
}

/// An identity document of an entry (see [`Entry::add_identification`]).
#[derive(Debug, Clone, Copy, Default)]
pub struct Identification<'a> {
    pub number: &'a str,
    /// The document's type as the list writes it.
    pub kind: &'a str,
    pub country: Option<&'a str>,
    pub passport: bool,
    /// Where the number is kept instead, for a number that is not a person's document
    /// (`imoNumber`, `registrationNumber` ...): no nested entity then.
    pub number_property: Option<&'static str>,
}

/// A sanction on an entry (see [`Entry::add_sanction`]).
#[derive(Debug, Clone, Copy)]
pub struct Sanction<'a> {
    pub program: &'a str,
    pub authority: &'a str,
    pub listing_date: Option<&'a str>,
    pub start_date: Option<&'a str>,
    /// What tells this sanction from the entry's others when it has no programme.
    pub key: &'a str,
}

/// A date the list gives, read: the dates it stands for, or none known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Dates {
    Read(Vec<String>),
    Unknown,
}

/// A year as lists write one, when plausible as a year of birth or of listing.
pub fn year(text: &str) -> Option<u16> {
    let text = text.trim();
    if text.len() != 4 {
        return None;
    }
    text.parse::<u16>()
        .ok()
        .filter(|year| (1800..=2100).contains(year))
}

/// A month or a day: `None` when absent or zero (lists write `00` for not known);
/// `Err` when present but not one.
fn part(text: Option<&str>, most: u8) -> Result<Option<u8>, ()> {
    match text.map(str::trim).filter(|text| !text.is_empty()) {
        None => Ok(None),
        Some(text) => match text.parse::<u8>() {
            Ok(0) => Ok(None),
            Ok(value) if value <= most => Ok(Some(value)),
            _ => Err(()),
        },
    }
}

/// A date of any precision from its parts (`1960`, `1960-01`, `1960-01-12`), the year
/// required, a day only with its month; `None` when the parts are not a date.
pub fn date_of_parts(year_text: &str, month: Option<&str>, day: Option<&str>) -> Option<String> {
    let year = year(year_text)?;
    let month = part(month, 12).ok()?;
    let day = part(day, 31).ok()?;
    Some(match (month, day) {
        (Some(month), Some(day)) => format!("{year:04}-{month:02}-{day:02}"),
        (Some(month), None) => format!("{year:04}-{month:02}"),
        _ => year.to_string(),
    })
}

/// A date written `YYYY-MM-DD` (a time after it ignored), `YYYY-MM`, `YYYY`, or
/// `DD/MM/YYYY` with `dd`, `mm`, `00` or `--` for a day or month not known; `None` else.
pub fn iso_date(text: &str) -> Option<String> {
    let text = text.trim();
    if let Some((day, rest)) = text.split_once('/') {
        let (month, year_text) = rest.split_once('/')?;
        let unknown = |part: &str| {
            let part = part.trim();
            part.is_empty()
                || part
                    .chars()
                    .all(|c| matches!(c, 'd' | 'D' | 'm' | 'M' | '-' | '0'))
        };
        let month = (!unknown(month)).then_some(month);
        let day = (!unknown(day) && month.is_some()).then_some(day);
        return date_of_parts(year_text, month, day);
    }
    let date = text
        .get(..10)
        .filter(|_| text.len() > 10 && text.as_bytes()[10] == b'T')
        .unwrap_or(text);
    let mut parts = date.splitn(3, '-');
    let year_text = parts.next()?;
    let (month, day) = (parts.next(), parts.next());
    if month.is_some_and(|m| m.len() != 2) || day.is_some_and(|d| d.len() != 2) {
        return None;
    }
    date_of_parts(year_text, month, day)
}

/// The years either side of an approximate year, each a possible year of birth.
pub fn approximate_years(year: u16) -> Vec<String> {
    (year.saturating_sub(crate::ftm::APPROXIMATE_BIRTH_YEARS)
        ..=year.saturating_add(crate::ftm::APPROXIMATE_BIRTH_YEARS))
        .map(|year| year.to_string())
        .collect()
}

/// Each year of a range, at most [`MAX_RANGE_YEARS`] after its first; `Unknown` when the
/// range runs backwards.
pub fn year_range(from: u16, to: u16) -> Dates {
    if from > to {
        return Dates::Unknown;
    }
    Dates::Read(
        (from..=to.min(from.saturating_add(MAX_RANGE_YEARS)))
            .map(|year| year.to_string())
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_read_with_their_precision() {
        for (text, want) in [
            ("1971-07-28", Some("1971-07-28")),
            ("1971-07-28T00:00:00", Some("1971-07-28")),
            ("1971-07", Some("1971-07")),
            ("1971", Some("1971")),
            ("28/07/1971", Some("1971-07-28")),
            ("dd/07/1971", Some("1971-07")),
            ("dd/mm/1971", Some("1971")),
            ("00/00/1971", Some("1971")),
            ("--/--/1971", Some("1971")),
            ("12/dd/1971", Some("1971")),
            ("1971-13-01", None),
            ("1971-7-1", None),
            ("31/02/x", None),
            ("circa 1971", None),
            ("", None),
        ] {
            assert_eq!(iso_date(text).as_deref(), want, "{text}");
        }
        assert_eq!(
            approximate_years(1966),
            ["1964", "1965", "1966", "1967", "1968"]
        );
        assert_eq!(
            year_range(1960, 1962),
            Dates::Read(vec!["1960".into(), "1961".into(), "1962".into()])
        );
        assert!(matches!(year_range(1900, 2000), Dates::Read(years) if years.len() == 11));
        assert_eq!(year_range(1962, 1960), Dates::Unknown);
    }

    #[test]
    fn values_are_cleaned_and_bounded() {
        let mut entry = Entry::new("a list", "x-1".to_string());
        entry.add("name", " KARIM\u{202e} \n HADDAD\u{0} ").unwrap();
        entry.add("name", "KARIM HADDAD").unwrap();
        assert_eq!(entry.properties["name"], json!(["KARIM HADDAD"]));
        let long = "A".repeat(MAX_STORED_NAME_CHARS + 1);
        let error = entry.add("alias", &long).unwrap_err().to_string();
        assert_eq!(
            error,
            "a list, entry x-1: a value of alias has 1001 characters, at most 1000"
        );
        for at in 0..MAX_PROPERTY_VALUES {
            entry.add("notes", &at.to_string()).unwrap();
        }
        assert!(entry.add("notes", "one more").is_err());
        let mut remarked = Entry::new("a list", "x-2".to_string());
        remarked.add_shortened("notes", &"é".repeat(5000)).unwrap();
        let kept = remarked.properties["notes"][0].as_str().unwrap();
        assert_eq!(kept.chars().count(), MAX_NOTE_CHARS + 1);
        assert!(kept.ends_with('…'));
        entry.add_gender("F").unwrap();
        entry.add_gender("unknown").unwrap();
        assert_eq!(entry.properties["gender"], json!(["female"]));
    }
}
