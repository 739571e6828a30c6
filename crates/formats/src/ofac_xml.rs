//! The US Treasury's OFAC SDN list in its advanced XML form (`SDN_ADVANCED.XML`, OFAC's
//! "advanced sanctions data standard") read into FollowTheMoney entities, as `ofac_csv`
//! reads the legacy CSV: individuals as `Person`, vessels as `Vessel`, aircraft as
//! `Airplane`, the rest as `Organization`.
//!
//! The document names its values by reference: a party's type, an alias's type, a name
//! part's type, a feature's type, a document's type and a country are ids into the
//! `ReferenceValueSets` at its head; a feature's place is an id into `Locations`; a party's
//! documents (`IDRegDocuments`) and sanctions (`SanctionsEntries`) sit apart from it and
//! name its identity and its profile. Each `DistinctParty` becomes one entity whose id is
//! `ofac-<FixedRef>`: OFAC's fixed reference is the legacy CSV's entry number, so that a
//! list read from either form maps onto the same records.
//!
//! Read: names (the primary name as `name`, a.k.a. and n.k.a. as `alias`, f.k.a. as
//! `previousName`, a low-quality alias as `weakAlias`, each put together from its parts in
//! the order they are said); the features that say who a party is (date and place of
//! birth, nationality, citizenship, gender, addresses, a title; a vessel's flag, call sign,
//! type and tonnage; an aircraft's serial and tail numbers and model); identity documents
//! (a passport as `passportNumber`, an IMO number as `imoNumber`, others as `idNumber`,
//! each with its issuing country in a nested `Passport` or `Identification`); and each
//! programme as a nested `Sanction` (authority OFAC, the date of listing).

use std::collections::HashMap;

use serde_json::Value;

use crate::list_entry::{
    approximate_years, cleaned, date_of_parts, year, year_range, Dates, Entry, Identification,
    Sanction,
};
use crate::xml_tree::{self, Element};
use crate::FormatError;

/// The largest document read (the published file is over a hundred megabytes).
pub const MAX_DOCUMENT_BYTES: usize = 512 << 20;

const LIST: &str = "the OFAC SDN list in its advanced XML form";
const AUTHORITY: &str = "Office of Foreign Assets Control";

fn not_list(reason: String) -> FormatError {
    FormatError::NotList { list: LIST, reason }
}

/// What the parties of the document refer to, by id.
struct Document<'d> {
    /// A reference value by its kind (the element's name: `Country`, `AliasType` ...) and
    /// its `ID`.
    references: HashMap<(&'d str, &'d str), &'d Element>,
    locations: HashMap<&'d str, &'d Element>,
    /// Identity documents by the `IdentityID` they belong to.
    documents: HashMap<&'d str, Vec<&'d Element>>,
    /// Sanctions entries by the `ProfileID` they name.
    entries: HashMap<&'d str, Vec<&'d Element>>,
}

impl<'d> Document<'d> {
    fn new(root: &'d Element) -> Document<'d> {
        let mut references = HashMap::new();
        for set in root
            .children("ReferenceValueSets")
            .flat_map(|sets| &sets.children)
        {
            for value in &set.children {
                if let Some(id) = value.attribute("ID") {
                    references.insert((value.name.as_str(), id), value);
                }
            }
        }
        let by = |folder: &'static str,
                  item: &'static str,
                  key: &'static str|
         -> HashMap<&'d str, Vec<&'d Element>> {
            let mut map: HashMap<&'d str, Vec<&'d Element>> = HashMap::new();
            for element in root.children(folder).flat_map(|f| f.children.iter()) {
                if element.name != item {
                    continue;
                }
                if let Some(id) = element.attribute(key) {
                    map.entry(id).or_default().push(element);
                }
            }
            map
        };
        let locations = by("Locations", "Location", "ID")
            .into_iter()
            .filter_map(|(id, found)| Some((id, *found.first()?)))
            .collect();
        Document {
            references,
            locations,
            documents: by("IDRegDocuments", "IDRegDocument", "IdentityID"),
            entries: by("SanctionsEntries", "SanctionsEntry", "ProfileID"),
        }
    }

    fn reference(&self, kind: &str, id: Option<&str>) -> Option<&'d Element> {
        self.references.get(&(kind, id?)).copied()
    }

    fn reference_text(&self, kind: &str, id: Option<&str>) -> Option<&'d str> {
        self.reference(kind, id)?.own_text()
    }

    /// A country reference as written for `countries`: its ISO code, else its name.
    fn country(&self, id: Option<&str>) -> Option<&'d str> {
        let country = self.reference("Country", id)?;
        country.attribute("ISO2").or_else(|| country.own_text())
    }

    /// The country of a location, by code where the list gives one.
    fn location_country(&self, location: &Element) -> Option<&'d str> {
        location
            .children("LocationCountry")
            .find_map(|country| self.country(country.attribute("CountryID")))
            .or_else(|| {
                location.children("LocationAreaCode").find_map(|area| {
                    self.reference("AreaCode", area.attribute("AreaCodeID"))?
                        .attribute("Description")
                })
            })
            .filter(|country| !country.eq_ignore_ascii_case("undetermined"))
    }

    /// A location as one line: its parts in the order written, then its country's name.
    fn location_text(&self, location: &Element) -> String {
        let mut parts: Vec<&str> = location
            .children("LocationPart")
            .filter_map(|part| {
                part.descendants("Value")
                    .into_iter()
                    .find_map(|value| value.own_text())
            })
            .collect();
        let country_name = location
            .children("LocationCountry")
            .find_map(|country| {
                self.reference("Country", country.attribute("CountryID"))?
                    .own_text()
            })
            .filter(|name| !name.eq_ignore_ascii_case("undetermined"));
        parts.extend(country_name);
        parts.join(", ")
    }
}

/// Reads the list into FollowTheMoney entities, in the document's order of parties.
pub fn parse(document: &str) -> Result<Vec<Value>, FormatError> {
    if document.len() > MAX_DOCUMENT_BYTES {
        return Err(FormatError::DocumentTooLarge {
            limit: MAX_DOCUMENT_BYTES,
        });
    }
    let root =
        xml_tree::read(document)?.ok_or_else(|| not_list("not one root element".to_string()))?;
    if root.name != "Sanctions" {
        return Err(not_list(format!(
            "the root element is <{}>, not <Sanctions>",
            root.name
        )));
    }
    let references = Document::new(&root);
    let mut entities = Vec::new();
    for party in root
        .children("DistinctParties")
        .flat_map(|parties| parties.children("DistinctParty"))
    {
        entities.push(party_entity(&references, party)?);
    }
    Ok(entities)
}

fn party_entity(document: &Document<'_>, party: &Element) -> Result<Value, FormatError> {
    let profiles: Vec<&Element> = party.children("Profile").collect();
    let fixed_ref = party
        .attribute("FixedRef")
        .or_else(|| profiles.first().and_then(|profile| profile.attribute("ID")))
        .ok_or_else(|| {
            not_list(format!(
                "the <DistinctParty> at byte {} has no FixedRef",
                party.position
            ))
        })?;
    if !fixed_ref.bytes().all(|b| b.is_ascii_digit()) || fixed_ref.len() > 20 {
        return Err(not_list(format!(
            "the <DistinctParty> at byte {}: FixedRef {:?} is not a number",
            party.position,
            cleaned(fixed_ref).chars().take(40).collect::<String>()
        )));
    }
    let mut entry = Entry::new(LIST, format!("ofac-{fixed_ref}"));
    let Some(first) = profiles.first() else {
        return Err(entry.error("the party has no <Profile>".to_string()));
    };
    let schema = schema_of(document, first, &entry)?;
    let person = schema == "Person";
    if let Some(comment) = party.text_of("Comment") {
        entry.add_shortened("notes", comment)?;
    }
    for profile in &profiles {
        for identity in profile.children("Identity") {
            read_names(document, identity, person, &mut entry)?;
            let documents = identity
                .attribute("ID")
                .and_then(|id| document.documents.get(id));
            for registration in documents.into_iter().flatten() {
                read_registration(document, registration, &mut entry)?;
            }
        }
        for feature in profile.children("Feature") {
            read_feature(document, feature, person, &mut entry)?;
        }
        let entries = profile
            .attribute("ID")
            .and_then(|id| document.entries.get(id));
        for sanctions_entry in entries.into_iter().flatten() {
            read_sanctions_entry(document, sanctions_entry, &mut entry)?;
        }
    }
    if !entry.has_name() {
        return Err(entry.error("the party has no name".to_string()));
    }
    Ok(entry.into_entity(schema))
}

/// The schema of a profile's party type: OFAC's sub-types are `Vessel`, `Aircraft` and
/// `Unknown`, the last read through its party type (`Individual`, `Entity`).
fn schema_of(
    document: &Document<'_>,
    profile: &Element,
    entry: &Entry,
) -> Result<&'static str, FormatError> {
    let sub_type_id = profile.attribute("PartySubTypeID");
    let sub_type = document
        .reference("PartySubType", sub_type_id)
        .ok_or_else(|| {
            entry.error(format!(
                "<Profile> PartySubTypeID {:?} is not among the reference values",
                sub_type_id.unwrap_or("")
            ))
        })?;
    let mut kind = sub_type.own_text().unwrap_or("");
    if kind.eq_ignore_ascii_case("unknown") {
        kind = document
            .reference_text("PartyType", sub_type.attribute("PartyTypeID"))
            .unwrap_or("");
    }
    Ok(match kind.to_ascii_lowercase().as_str() {
        "individual" => "Person",
        "vessel" => "Vessel",
        "aircraft" => "Airplane",
        _ => "Organization",
    })
}

/// Where a person's name part goes when its parts are put together: given names, then
/// father's and mother's names, then the family name. Other parties' parts keep the
/// document's order.
fn name_part_rank(kind: &str, person: bool) -> u8 {
    if !person {
        return 0;
    }
    match kind {
        "First Name" => 0,
        "Middle Name" => 1,
        "Patronymic" => 2,
        "Matronymic" => 3,
        "Last Name" => 5,
        "Maiden Name" => 6,
        _ => 4,
    }
}

fn read_names(
    document: &Document<'_>,
    identity: &Element,
    person: bool,
    entry: &mut Entry,
) -> Result<(), FormatError> {
    // each name part's group says what part it is (`Last Name`, `Entity Name` ...)
    let mut part_kinds: HashMap<&str, &str> = HashMap::new();
    for group in identity.descendants("NamePartGroup") {
        let kind = document.reference_text("NamePartType", group.attribute("NamePartTypeID"));
        if let (Some(id), Some(kind)) = (group.attribute("ID"), kind) {
            part_kinds.insert(id, kind);
        }
    }
    for alias in identity.children("Alias") {
        let alias_type = document
            .reference_text("AliasType", alias.attribute("AliasTypeID"))
            .unwrap_or("");
        let property = if alias.flag("LowQuality") {
            "weakAlias"
        } else if alias.flag("Primary") || alias_type == "Name" {
            "name"
        } else if alias_type == "F.K.A." {
            "previousName"
        } else {
            "alias"
        };
        for name in alias.children("DocumentedName") {
            let mut parts: Vec<(u8, &str)> = name
                .descendants("NamePartValue")
                .into_iter()
                .filter_map(|value| {
                    let kind = value
                        .attribute("NamePartGroupID")
                        .and_then(|id| part_kinds.get(id))
                        .copied()
                        .unwrap_or("");
                    Some((name_part_rank(kind, person), value.own_text()?))
                })
                .collect();
            parts.sort_by_key(|(rank, _)| *rank);
            let written: Vec<&str> = parts.into_iter().map(|(_, text)| text).collect();
            entry.add(property, &written.join(" "))?;
        }
    }
    Ok(())
}

fn read_registration(
    document: &Document<'_>,
    registration: &Element,
    entry: &mut Entry,
) -> Result<(), FormatError> {
    let Some(number) = registration.text_of("IDRegistrationNo") else {
        return Ok(());
    };
    let kind = document
        .reference_text("IDRegDocType", registration.attribute("IDRegDocTypeID"))
        .unwrap_or("");
    let lower = kind.to_ascii_lowercase();
    // a vessel's IMO number is a registration document "Vessel Registration
    // Identification" numbered "IMO 9123456"; an aircraft's serial is one too
    let number_property = if lower.contains("vessel registration") || number.starts_with("IMO ") {
        Some("imoNumber")
    } else if lower == "mmsi" {
        Some("mmsi")
    } else if lower == "swift/bic" {
        Some("swiftBic")
    } else if lower.starts_with("legal entity number")
        && crate::identifiers::read_lei(number).is_ok()
    {
        // OFAC's `Legal Entity Number` is an LEI when it reads as one; else a register's
        Some("leiCode")
    } else if lower.starts_with("registration number") || lower.starts_with("legal entity number") {
        Some("registrationNumber")
    } else if lower.contains("aircraft serial") {
        Some("serialNumber")
    } else {
        None
    };
    entry.add_identification(Identification {
        number,
        kind,
        country: document.country(registration.attribute("IssuedBy-CountryID")),
        passport: lower.contains("passport"),
        number_property,
    })
}

/// A point of a date period: a year, a month and a day when given.
type Point = (u16, Option<u8>, Option<u8>);

/// A `From` or `To` of a period's `Start` or `End`: `None` when absent or not a date.
fn point(edge: Option<&Element>, which: &str) -> Option<Point> {
    let at = edge?.child(which)?;
    let year = year(at.text_of("Year")?)?;
    let number = |tag: &str, most: u8| -> Result<Option<u8>, ()> {
        match at.text_of(tag) {
            None => Ok(None),
            Some(text) => match text.parse::<u8>() {
                Ok(value) if (1..=most).contains(&value) => Ok(Some(value)),
                _ => Err(()),
            },
        }
    };
    Some((year, number("Month", 12).ok()?, number("Day", 31).ok()?))
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The dates a `DatePeriod` stands for. OFAC writes a date of birth as a period: an exact
/// date as a start and an end on that day, a year as the 1st of January to the 31st of
/// December, a month likewise, a range of years from the first to the last, and "circa"
/// with `Approximate="true"` on the start or end (read as the years either side too).
fn period_dates(period: &Element) -> Dates {
    let start = period.child("Start");
    let end = period.child("End");
    let approximate =
        start.is_some_and(|s| s.flag("Approximate")) || end.is_some_and(|e| e.flag("Approximate"));
    let from = point(start, "From").or_else(|| point(start, "To"));
    let to = point(end, "To")
        .or_else(|| point(end, "From"))
        .or_else(|| point(start, "To"))
        .or(from);
    let (Some(from), Some(to)) = (from, to) else {
        return Dates::Unknown;
    };
    if from.0 != to.0 {
        return year_range(from.0, to.0);
    }
    let year = from.0;
    if approximate {
        return Dates::Read(approximate_years(year));
    }
    let text = |(year, month, day): Point| {
        date_of_parts(
            &year.to_string(),
            month.map(|m| m.to_string()).as_deref(),
            day.map(|d| d.to_string()).as_deref(),
        )
    };
    let date = if from == to {
        text(from)
    } else {
        match (from, to) {
            // a whole month
            ((_, Some(m1), d1), (_, Some(m2), d2))
                if m1 == m2
                    && d1.is_none_or(|d| d == 1)
                    && d2.is_none_or(|d| d == days_in_month(year, m2)) =>
            {
                text((year, Some(m1), None))
            }
            // a whole year, or days apart in one year: the year is what is known
            _ => Some(year.to_string()),
        }
    };
    match date {
        Some(date) => Dates::Read(vec![date]),
        None => Dates::Unknown,
    }
}

/// A period as written, for the notes when it is read as no date.
fn period_as_written(period: &Element) -> String {
    let mut written = Vec::new();
    for edge in ["Start", "End"] {
        for which in ["From", "To"] {
            let Some(at) = period.child(edge).and_then(|e| e.child(which)) else {
                continue;
            };
            let parts: Vec<&str> = ["Year", "Month", "Day"]
                .iter()
                .filter_map(|tag| at.text_of(tag))
                .collect();
            written.push(parts.join("-"));
        }
    }
    written.join(" to ")
}

fn read_feature(
    document: &Document<'_>,
    feature: &Element,
    person: bool,
    entry: &mut Entry,
) -> Result<(), FormatError> {
    let label = document
        .reference_text("FeatureType", feature.attribute("FeatureTypeID"))
        .unwrap_or("")
        .trim();
    for version in feature.children("FeatureVersion") {
        // the value: a reference value or a text, a place, or a date period
        let detail = version.child("VersionDetail").and_then(|detail| {
            match detail.attribute("DetailReferenceID") {
                Some(id) => document.reference_text("DetailReference", Some(id)),
                None => detail.own_text(),
            }
        });
        let location = version
            .child("VersionLocation")
            .and_then(|at| at.attribute("LocationID"))
            .and_then(|id| document.locations.get(id))
            .copied();
        let country = location
            .and_then(|location| document.location_country(location))
            .or(detail);
        let place = location
            .map(|location| document.location_text(location))
            .filter(|text| !text.is_empty())
            .or_else(|| detail.map(str::to_string));
        let period = version.child("DatePeriod");
        match label {
            "Birthdate" => {
                if let Some(period) = period {
                    entry.add_dates(
                        "birthDate",
                        period_dates(period),
                        &period_as_written(period),
                    )?;
                }
            }
            "Place of Birth" => {
                entry.add("birthPlace", place.as_deref().unwrap_or(""))?;
                // a place written as text ("Caracas, Venezuela") names its country last
                let country = match location {
                    Some(location) => document.location_country(location).map(str::to_string),
                    None => detail
                        .and_then(|text| text.rsplit(',').next())
                        .and_then(crate::countries::country_code),
                };
                entry.add_country("birthCountry", country.as_deref().unwrap_or(""))?;
            }
            "Nationality Country" => entry.add_country("nationality", country.unwrap_or(""))?,
            "Citizenship Country" => entry.add_country("citizenship", country.unwrap_or(""))?,
            "Gender" => entry.add_gender(detail.unwrap_or(""))?,
            "Location" => {
                entry.add("address", place.as_deref().unwrap_or(""))?;
                entry.add_country("country", country.unwrap_or(""))?;
            }
            "Title" => entry.add(
                if person { "position" } else { "notes" },
                detail.unwrap_or(""),
            )?,
            "Vessel Flag" => entry.add_country("flag", country.unwrap_or(""))?,
            "Other Vessel Flag" | "Former Vessel Flag" => {
                entry.add_country("pastFlags", country.unwrap_or(""))?
            }
            "Vessel Call Sign" | "Other Vessel Call Sign" => {
                entry.add("callSign", detail.unwrap_or(""))?
            }
            "VESSEL TYPE" | "Vessel Type" | "Other Vessel Type" => {
                entry.add("type", detail.unwrap_or(""))?
            }
            "Vessel Tonnage" => entry.add("tonnage", detail.unwrap_or(""))?,
            "Vessel Gross Registered Tonnage" => {
                entry.add("grossRegisteredTonnage", detail.unwrap_or(""))?
            }
            "Vessel Owner" | "Aircraft Operator" => {
                if let Some(owner) = detail {
                    entry.add("notes", &format!("{label}: {owner}"))?;
                }
            }
            "Aircraft Tail Number"
            | "Previous Aircraft Tail Number"
            | "Aircraft Mode S Transponder Code" => {
                entry.add("registrationNumber", detail.unwrap_or(""))?
            }
            "Aircraft Model" => entry.add("model", detail.unwrap_or(""))?,
            // the serial number's label is written with a straight and a curly apostrophe
            label
                if label.starts_with("Aircraft Manufacturer")
                    && label.contains("Serial Number")
                    || label.starts_with("Aircraft Construction Number") =>
            {
                entry.add("serialNumber", detail.unwrap_or(""))?
            }
            // `Digital Currency Address - XBT`, `- ETH` ...: the asset's ticker after it
            label if label.starts_with("Digital Currency Address") => {
                let currency = label.rsplit(" - ").next().unwrap_or("").trim();
                entry.add_crypto_wallet(currency, detail.unwrap_or(""))?
            }
            // OFAC gives a vessel's IMO number as a registration document; a feature
            // naming it is read too, in case a version of the list moves it there
            label if label.contains("IMO") => entry.add("imoNumber", detail.unwrap_or(""))?,
            // other features (websites, e-mail addresses, directives ...) are not screened
            _ => {}
        }
    }
    Ok(())
}

fn read_sanctions_entry(
    document: &Document<'_>,
    sanctions_entry: &Element,
    entry: &mut Entry,
) -> Result<(), FormatError> {
    let list = document
        .reference_text("List", sanctions_entry.attribute("ListID"))
        .unwrap_or("");
    // the date of listing: the entry's first event (OFAC's "Created")
    let listed = sanctions_entry.children("EntryEvent").find_map(|event| {
        let date = event.child("Date")?;
        date_of_parts(
            date.text_of("Year")?,
            date.text_of("Month"),
            date.text_of("Day"),
        )
    });
    let programs: Vec<&str> = sanctions_entry
        .children("SanctionsMeasure")
        .filter(|measure| {
            document.reference_text("SanctionsType", measure.attribute("SanctionsTypeID"))
                == Some("Program")
        })
        .filter_map(|measure| measure.text_of("Comment"))
        .collect();
    let key = sanctions_entry.attribute("ID").unwrap_or(list);
    if programs.is_empty() {
        return entry.add_sanction(Sanction {
            program: list,
            authority: AUTHORITY,
            listing_date: listed.as_deref(),
            start_date: None,
            key,
        });
    }
    for program in programs {
        entry.add_sanction(Sanction {
            program,
            authority: AUTHORITY,
            listing_date: listed.as_deref(),
            start_date: None,
            key,
        })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn period(xml: &str) -> Dates {
        let element = xml_tree::read(xml).unwrap().unwrap();
        period_dates(&element)
    }

    fn at(year: &str, month: &str, day: &str) -> String {
        let part = |tag: &str, value: &str| {
            if value.is_empty() {
                String::new()
            } else {
                format!("<{tag}>{value}</{tag}>")
            }
        };
        format!(
            "<From>{}{}{}</From><To>{}{}{}</To>",
            part("Year", year),
            part("Month", month),
            part("Day", day),
            part("Year", year),
            part("Month", month),
            part("Day", day)
        )
    }

    #[test]
    fn date_periods_are_read_with_their_precision() {
        let read = |dates: &[&str]| Dates::Read(dates.iter().map(|d| d.to_string()).collect());
        let exact = format!(
            "<DatePeriod><Start>{}</Start><End>{}</End></DatePeriod>",
            at("1980", "2", "3"),
            at("1980", "2", "3")
        );
        assert_eq!(period(&exact), read(&["1980-02-03"]));
        let year = "<DatePeriod><Start><From><Year>1962</Year><Month>1</Month><Day>1</Day></From><To><Year>1962</Year><Month>1</Month><Day>1</Day></To></Start><End><From><Year>1962</Year><Month>12</Month><Day>31</Day></From><To><Year>1962</Year><Month>12</Month><Day>31</Day></To></End></DatePeriod>";
        assert_eq!(period(year), read(&["1962"]));
        let month = year
            .replace(
                "<Month>12</Month><Day>31</Day>",
                "<Month>2</Month><Day>28</Day>",
            )
            .replace("<Month>1</Month>", "<Month>2</Month>");
        assert_eq!(period(&month), read(&["1962-02"]));
        let circa = year.replace("<Start>", "<Start Approximate=\"true\">");
        assert_eq!(
            period(&circa),
            read(&["1960", "1961", "1962", "1963", "1964"])
        );
        let range = year.replace(
            "<Year>1962</Year><Month>12</Month>",
            "<Year>1964</Year><Month>12</Month>",
        );
        assert_eq!(period(&range), read(&["1962", "1963", "1964"]));
        assert_eq!(
            period("<DatePeriod><Start><From><Year>x</Year></From></Start></DatePeriod>"),
            Dates::Unknown
        );
        let bad_month = exact.replace("<Month>2</Month>", "<Month>13</Month>");
        assert_eq!(period(&bad_month), Dates::Unknown);
    }
}
