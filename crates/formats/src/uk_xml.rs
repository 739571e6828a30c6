//! The UK Sanctions List (the FCDO's list, since 28 January 2026 the one official list of
//! UK designations, in place of OFSI's consolidated list) in its published XML form
//! (`UK-Sanctions-List.xml`, root `Designations`) read into FollowTheMoney entities: a
//! `Designation` of an `Individual` as `Person`, of a `Ship` as `Vessel`, of an `Entity`
//! (or another) as `Organization`, with the id `gb-fcdo-<UniqueID>` (the list's own
//! reference, `AFG0001`, lower-cased as the other readers write ids).
//!
//! The list writes its values as elements: names as `Name1` to `Name6` (given names first,
//! the family name or an entity's name last) with their type (a primary name, or an alias
//! of good or low quality), names in other scripts apart; dates of birth as
//! `DD/MM/YYYY` with `dd` and `mm` for a day or month not known; nationalities, places of
//! birth, genders and positions of individuals; passports and national identifiers;
//! addresses; a ship's IMO number, flag and type; the regime as the programme of a nested
//! `Sanction` (authority the FCDO, listed on the date of designation).
//!
//! The elements of an individual's and a ship's details are read wherever they sit below
//! the designation (by name, as the list's published readers do), since their grouping
//! (`IndividualDetails/Individual/DOBs/DOB` ...) is not fully documented: a date of birth
//! is any `DOB`, a gender any `Gender`, a passport's number any `PassportNumber`.

use serde_json::Value;

use crate::list_entry::{
    approximate_years, is_source_id, iso_date, shown_id, year, year_range, Dates, Entry,
    Identification, Sanction,
};
use crate::xml_tree::{self, Element};
use crate::FormatError;

/// The largest document read (the published file is some tens of megabytes).
pub const MAX_DOCUMENT_BYTES: usize = 256 << 20;

const LIST: &str = "the UK Sanctions List";
pub(crate) const AUTHORITY: &str = "Foreign, Commonwealth and Development Office (UK)";

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
    if root.name != "Designations" {
        return Err(not_list(format!(
            "the root element is <{}>, not <Designations>",
            root.name
        )));
    }
    root.children("Designation").map(entity).collect()
}

/// The texts of every element named `name` below `element`.
fn texts<'e>(element: &'e Element, name: &'e str) -> Vec<&'e str> {
    element
        .descendants(name)
        .into_iter()
        .filter_map(Element::own_text)
        .collect()
}

/// A date of birth as the list writes it: `DD/MM/YYYY` (`dd`, `mm`, `00` for a part not
/// known), a year, `circa 1966`, or a range of years (`1960 to 1962`, `1960-1962`).
pub(crate) fn birth_dates(text: &str) -> Dates {
    let lower = text.trim().to_ascii_lowercase();
    for prefix in ["circa", "approximately", "approx.", "c."] {
        if let Some(rest) = lower.strip_prefix(prefix) {
            return match year(rest.trim()) {
                Some(circa) => Dates::Read(approximate_years(circa)),
                None => Dates::Unknown,
            };
        }
    }
    for separator in [" to ", " - ", "-"] {
        if let Some((from, to)) = lower.split_once(separator) {
            if let (Some(from), Some(to)) = (year(from), year(to)) {
                return year_range(from, to);
            }
        }
    }
    match iso_date(&lower) {
        Some(date) => Dates::Read(vec![date]),
        None => Dates::Unknown,
    }
}

fn entity(designation: &Element) -> Result<Value, FormatError> {
    let unique_id = designation.text_of("UniqueID").ok_or_else(|| {
        not_list(format!(
            "the <Designation> at byte {} has no UniqueID",
            designation.position
        ))
    })?;
    if !is_source_id(unique_id) {
        return Err(not_list(format!(
            "the <Designation> at byte {}: UniqueID {:?} is not an id",
            designation.position,
            shown_id(unique_id)
        )));
    }
    let mut entry = Entry::new(LIST, format!("gb-fcdo-{}", unique_id.to_ascii_lowercase()));
    let kind = designation
        .text_of("IndividualEntityShip")
        .unwrap_or("")
        .to_ascii_lowercase();
    let schema = match kind.as_str() {
        "individual" => "Person",
        "ship" => "Vessel",
        _ => "Organization",
    };
    let person = schema == "Person";
    for name in designation
        .children("Names")
        .flat_map(|names| names.children("Name"))
    {
        let parts: Vec<&str> = ["Name1", "Name2", "Name3", "Name4", "Name5", "Name6"]
            .iter()
            .filter_map(|part| name.text_of(part))
            .collect();
        let written = if parts.is_empty() {
            name.text_of("Name").unwrap_or("").to_string()
        } else {
            parts.join(" ")
        };
        let name_type = name.text_of("NameType").unwrap_or("").to_ascii_lowercase();
        let strength = name
            .text_of("AliasStrength")
            .unwrap_or("")
            .to_ascii_lowercase();
        let property = if strength.contains("low") {
            "weakAlias"
        } else if name_type.contains("alias") {
            "alias"
        } else {
            // a primary name, its variation, or a name of no type
            "name"
        };
        entry.add(property, &written)?;
    }
    for name in texts(designation, "NameNonLatinScript") {
        entry.add("alias", name)?;
    }
    if !entry.has_name() {
        return Err(entry.error("the designation has no name".to_string()));
    }
    for birth in texts(designation, "DOB") {
        entry.add_dates("birthDate", birth_dates(birth), birth)?;
    }
    for nationality in texts(designation, "Nationality") {
        entry.add_country("nationality", nationality)?;
    }
    for gender in texts(designation, "Gender") {
        entry.add_gender(gender)?;
    }
    for position in texts(designation, "Position") {
        entry.add(if person { "position" } else { "notes" }, position)?;
    }
    for place in designation.descendants("BirthDetails") {
        for location in place.descendants("Location") {
            let town = location.text_of("TownOfBirth");
            let country = location.text_of("CountryOfBirth");
            let written: Vec<&str> = town.into_iter().chain(country).collect();
            entry.add("birthPlace", &written.join(", "))?;
            entry.add_country("birthCountry", country.unwrap_or(""))?;
        }
    }
    for passport in designation.descendants("PassportDetail") {
        let Some(number) = passport.text_of("PassportNumber") else {
            continue;
        };
        // the additional information often names the issuing country alone
        let country = passport
            .text_of("PassportAdditionalInformation")
            .filter(|text| crate::countries::country_code(text).is_some());
        entry.add_identification(Identification {
            number,
            kind: "Passport",
            country,
            passport: true,
            number_property: None,
        })?;
    }
    // a passport number outside a PassportDetail, in case the grouping differs
    for number in texts(designation, "PassportNumber") {
        entry.add("passportNumber", number)?;
    }
    // the national identifier's number is named either way in the list's descriptions
    for name in ["NationalIdentifierNumber", "NationalIdentificationNumber"] {
        for number in texts(designation, name) {
            entry.add_identification(Identification {
                number,
                kind: "National identifier",
                country: None,
                passport: false,
                number_property: None,
            })?;
        }
    }
    for number in texts(designation, "BusinessRegistrationNumber") {
        entry.add("registrationNumber", number)?;
    }
    for imo in texts(designation, "IMONumber") {
        entry.add("imoNumber", imo)?;
    }
    for flag in texts(designation, "CurrentBelievedFlagOfShip") {
        entry.add_country("flag", flag)?;
    }
    for ship_type in texts(designation, "TypeOfShip") {
        entry.add("type", ship_type)?;
    }
    for address in designation.descendants("Address") {
        let lines: Vec<&str> = [
            "AddressLine1",
            "AddressLine2",
            "AddressLine3",
            "AddressLine4",
            "AddressLine5",
            "AddressLine6",
            "AddressPostalCode",
            "AddressCountry",
        ]
        .iter()
        .filter_map(|line| address.text_of(line))
        .collect();
        entry.add("address", &lines.join(", "))?;
        entry.add_country("country", address.text_of("AddressCountry").unwrap_or(""))?;
    }
    if let Some(source) = designation.text_of("DesignationSource") {
        entry.add("notes", &format!("Designation source: {source}"))?;
    }
    if let Some(information) = designation.text_of("OtherInformation") {
        entry.add_shortened("notes", information)?;
    }
    let regimes: Vec<&str> = texts(designation, "RegimeName");
    let designated = designation.text_of("DateDesignated");
    for regime in regimes
        .iter()
        .copied()
        .chain(regimes.is_empty().then_some(""))
    {
        entry.add_sanction(Sanction {
            program: regime,
            authority: AUTHORITY,
            listing_date: designated,
            start_date: None,
            key: "designation",
        })?;
    }
    Ok(entry.into_entity(schema))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_of_birth_in_every_form_the_list_writes() {
        let read = |dates: &[&str]| Dates::Read(dates.iter().map(|d| d.to_string()).collect());
        for (text, want) in [
            ("28/07/1971", read(&["1971-07-28"])),
            ("dd/07/1971", read(&["1971-07"])),
            ("dd/mm/1971", read(&["1971"])),
            ("00/00/1971", read(&["1971"])),
            ("1971", read(&["1971"])),
            (
                "circa 1966",
                read(&["1964", "1965", "1966", "1967", "1968"]),
            ),
            ("1960 to 1962", read(&["1960", "1961", "1962"])),
            ("1960-1961", read(&["1960", "1961"])),
            ("31/31/1971", Dates::Unknown),
            ("in the 1960s", Dates::Unknown),
        ] {
            assert_eq!(birth_dates(text), want, "{text}");
        }
    }
}
