//! The EU's consolidated list of persons, groups and entities subject to financial
//! sanctions (the Financial Sanctions Files' XML "export", version 1.1) read into
//! FollowTheMoney entities: a `sanctionEntity` of subject type `person` as `Person`, of
//! `enterprise` (or another) as `Organization`, with the id `eu-fsf-<logicalId>`.
//!
//! The list writes its values as attributes: each `nameAlias` a name (the first strong one
//! `name`, the others `alias`, one marked `strong="false"` a `weakAlias`), with its gender,
//! function and title; `birthdate` a date of birth (a full date, a year and month, a year,
//! a year "circa" read as the years either side, or a range of years) and its place;
//! `citizenship` a country; `identification` a passport or another document with its
//! issuing country; `address` an address; `regulation` the programme, as a nested
//! `Sanction` (authority the EU, listed on the regulation's publication, in force from
//! its entry into force).

use serde_json::Value;

use crate::list_entry::{
    approximate_years, cleaned, date_of_parts, is_source_id, iso_date, shown_id, year, year_range,
    Dates, Entry, Identification, Sanction,
};
use crate::xml_tree::{self, Element};
use crate::FormatError;

/// The largest document read (the published file is some tens of megabytes).
pub const MAX_DOCUMENT_BYTES: usize = 256 << 20;

const LIST: &str = "the EU consolidated financial sanctions list";
const AUTHORITY: &str = "European Union";

fn not_list(reason: String) -> FormatError {
    FormatError::NotList { list: LIST, reason }
}

/// Reads the list into FollowTheMoney entities, in the document's order.
pub fn parse(document: &str) -> Result<Vec<Value>, FormatError> {
    if document.len() > MAX_DOCUMENT_BYTES {
        return Err(FormatError::DocumentTooLarge {
            limit: MAX_DOCUMENT_BYTES,
        });
    }
    let root =
        xml_tree::read(document)?.ok_or_else(|| not_list("not one root element".to_string()))?;
    if root.name != "export" {
        return Err(not_list(format!(
            "the root element is <{}>, not <export>",
            root.name
        )));
    }
    root.children("sanctionEntity").map(entity).collect()
}

/// A country of an element, as the list writes it: its ISO code, else its name; `00` and
/// `UNKNOWN` are the list's "not known".
fn country_of(element: &Element) -> Option<&str> {
    element
        .attribute("countryIso2Code")
        .filter(|code| *code != "00")
        .or_else(|| element.attribute("countryDescription"))
        .filter(|country| !country.eq_ignore_ascii_case("unknown"))
}

/// An attribute under the first of its names given (the list's versions name some
/// differently).
fn attribute_of<'e>(element: &'e Element, names: &[&str]) -> Option<&'e str> {
    names.iter().find_map(|name| element.attribute(name))
}

fn entity(sanctioned: &Element) -> Result<Value, FormatError> {
    let logical_id = sanctioned.attribute("logicalId").ok_or_else(|| {
        not_list(format!(
            "the <sanctionEntity> at byte {} has no logicalId",
            sanctioned.position
        ))
    })?;
    if !is_source_id(logical_id) {
        return Err(not_list(format!(
            "the <sanctionEntity> at byte {}: logicalId {:?} is not an id",
            sanctioned.position,
            shown_id(logical_id)
        )));
    }
    let mut entry = Entry::new(LIST, format!("eu-fsf-{}", logical_id.to_ascii_lowercase()));
    let subject = sanctioned
        .child("subjectType")
        .and_then(|subject| subject.attribute("code"))
        .unwrap_or("");
    let person = subject.eq_ignore_ascii_case("person");
    let schema = if person { "Person" } else { "Organization" };
    if let Some(reference) = sanctioned.attribute("euReferenceNumber") {
        entry.add("notes", &format!("EU reference number {reference}"))?;
    }
    for remark in sanctioned.children("remark") {
        entry.add_shortened("notes", &remark.text)?;
    }
    let mut named = false;
    for alias in sanctioned.children("nameAlias") {
        let whole = alias
            .attribute("wholeName")
            .map(str::to_string)
            .unwrap_or_else(|| {
                ["firstName", "middleName", "lastName"]
                    .iter()
                    .filter_map(|part| alias.attribute(part))
                    .collect::<Vec<_>>()
                    .join(" ")
            });
        if cleaned(&whole).is_empty() {
            continue;
        }
        // `strong` is the list's word for a good-quality name; absent, it is one
        let weak = alias.attribute("strong") == Some("false");
        let property = if weak {
            "weakAlias"
        } else if !named {
            named = true;
            "name"
        } else {
            "alias"
        };
        entry.add(property, &whole)?;
        if person {
            entry.add_gender(alias.attribute("gender").unwrap_or(""))?;
            entry.add("position", alias.attribute("function").unwrap_or(""))?;
            entry.add("title", alias.attribute("title").unwrap_or(""))?;
        } else {
            entry.add("notes", alias.attribute("function").unwrap_or(""))?;
        }
    }
    for birth in sanctioned.children("birthdate") {
        read_birth(birth, &mut entry)?;
    }
    for citizenship in sanctioned.children("citizenship") {
        entry.add_country("citizenship", country_of(citizenship).unwrap_or(""))?;
    }
    for document in sanctioned.children("identification") {
        let code = document
            .attribute("identificationTypeCode")
            .unwrap_or("")
            .to_ascii_lowercase();
        let number_property = match code.as_str() {
            "imo" => Some("imoNumber"),
            "regnumber" => Some("registrationNumber"),
            "swiftbic" => Some("swiftBic"),
            "taxid" | "fiscalcode" => Some("taxNumber"),
            _ => None,
        };
        // a number in another script is given in Latin letters beside it: both are read
        let numbers = [
            document.attribute("number"),
            document.attribute("latinNumber"),
        ];
        for number in numbers.into_iter().flatten() {
            entry.add_identification(Identification {
                number,
                kind: document
                    .attribute("identificationTypeDescription")
                    .unwrap_or(&code),
                country: country_of(document),
                passport: code == "passport",
                number_property,
            })?;
        }
    }
    for address in sanctioned.children("address") {
        let parts: Vec<&str> = ["street", "poBox", "zipCode", "city", "place", "region"]
            .iter()
            .filter_map(|part| address.attribute(part))
            .chain(
                address
                    .attribute("countryDescription")
                    .filter(|c| !c.eq_ignore_ascii_case("unknown")),
            )
            .collect();
        entry.add("address", &parts.join(", "))?;
        entry.add_country("country", country_of(address).unwrap_or(""))?;
    }
    // a programme's sanction from its first regulation published
    let mut regulations: Vec<&Element> = sanctioned.children("regulation").collect();
    regulations.sort_by(|a, b| {
        let published = |r: &Element| r.attribute("publicationDate").unwrap_or("~").to_string();
        published(a).cmp(&published(b))
    });
    for regulation in regulations {
        let program = regulation
            .attribute("programme")
            .or_else(|| regulation.attribute("numberTitle"))
            .unwrap_or("");
        entry.add_sanction(Sanction {
            program,
            authority: AUTHORITY,
            listing_date: regulation.attribute("publicationDate"),
            start_date: sanctioned
                .attribute("designationDate")
                .or_else(|| regulation.attribute("entryIntoForceDate")),
            key: regulation.attribute("logicalId").unwrap_or("regulation"),
        })?;
    }
    if !entry.has_name() {
        return Err(entry.error("the entity has no name (no <nameAlias> with one)".to_string()));
    }
    Ok(entry.into_entity(schema))
}

/// The dates of a `birthdate`: a full date (`birthdate="1971-07-28"`), else its parts (a
/// year, a month, a day); `circa="true"` makes a year the years either side; a range of
/// years gives each year. The attributes of a year's range and of the parts are named
/// differently in the list's versions and its documentation (`yearRangeFrom` or
/// `yearFrom`, `monthOfYear` or `month`, `dayOfMonth` or `day`): each is read.
fn birth_dates(birth: &Element) -> Dates {
    let circa = birth.flag("circa");
    let range = (
        attribute_of(birth, &["yearRangeFrom", "yearFrom"]).and_then(year),
        attribute_of(birth, &["yearRangeTo", "yearTo"]).and_then(year),
    );
    if let (Some(from), Some(to)) = range {
        return year_range(from, to);
    }
    let year_text = birth.attribute("year");
    if circa {
        // "circa 1966": the year given, or the year of the date given
        let circa_year = year_text.and_then(year).or_else(|| {
            birth
                .attribute("birthdate")
                .and_then(|d| d.get(..4))
                .and_then(year)
        });
        return match circa_year {
            Some(circa_year) => Dates::Read(approximate_years(circa_year)),
            None => Dates::Unknown,
        };
    }
    if let Some(date) = birth.attribute("birthdate") {
        return match iso_date(date) {
            Some(date) => Dates::Read(vec![date]),
            None => Dates::Unknown,
        };
    }
    let Some(year_text) = year_text else {
        return Dates::Read(Vec::new());
    };
    match date_of_parts(
        year_text,
        attribute_of(birth, &["monthOfYear", "month"]),
        attribute_of(birth, &["dayOfMonth", "day"]),
    ) {
        Some(date) => Dates::Read(vec![date]),
        None => Dates::Unknown,
    }
}

fn read_birth(birth: &Element, entry: &mut Entry) -> Result<(), FormatError> {
    let as_written: Vec<String> = birth
        .attributes
        .iter()
        .filter(|(key, value)| {
            !value.trim().is_empty()
                && matches!(
                    key.as_str(),
                    "birthdate"
                        | "year"
                        | "monthOfYear"
                        | "month"
                        | "dayOfMonth"
                        | "day"
                        | "yearRangeFrom"
                        | "yearRangeTo"
                        | "yearFrom"
                        | "yearTo"
                        | "circa"
                )
        })
        .map(|(key, value)| format!("{key}={value}"))
        .collect();
    entry.add_dates("birthDate", birth_dates(birth), &as_written.join(" "))?;
    let place: Vec<&str> = ["city", "place", "region", "countryDescription"]
        .iter()
        .filter_map(|part| birth.attribute(part))
        .filter(|part| !part.eq_ignore_ascii_case("unknown"))
        .collect();
    entry.add("birthPlace", &place.join(", "))?;
    entry.add_country("birthCountry", country_of(birth).unwrap_or(""))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dates(attributes: &str) -> Dates {
        let element = xml_tree::read(&format!("<birthdate {attributes}/>"))
            .unwrap()
            .unwrap();
        birth_dates(&element)
    }

    #[test]
    fn dates_of_birth_in_every_form_the_list_writes() {
        let read = |dates: &[&str]| Dates::Read(dates.iter().map(|d| d.to_string()).collect());
        assert_eq!(
            dates(r#"circa="false" birthdate="1971-07-28" year="1971""#),
            read(&["1971-07-28"])
        );
        assert_eq!(dates(r#"year="1971" monthOfYear="7""#), read(&["1971-07"]));
        assert_eq!(
            dates(r#"year="1971" month="7" day="28""#),
            read(&["1971-07-28"])
        );
        assert_eq!(dates(r#"year="1971""#), read(&["1971"]));
        assert_eq!(
            dates(r#"circa="true" year="1966""#),
            read(&["1964", "1965", "1966", "1967", "1968"])
        );
        assert_eq!(
            dates(r#"yearRangeFrom="1960" yearRangeTo="1962""#),
            read(&["1960", "1961", "1962"])
        );
        assert_eq!(
            dates(r#"yearFrom="1960" yearTo="1961""#),
            read(&["1960", "1961"])
        );
        assert_eq!(dates(r#"birthdate="28.07.1971""#), Dates::Unknown);
        assert_eq!(dates(r#"year="19x1""#), Dates::Unknown);
        assert_eq!(dates(r#"city="Mosul""#), read(&[]));
    }
}
