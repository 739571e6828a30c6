//! The UK Sanctions List in its published CSV form (`UK-Sanctions-List.csv`) read into
//! the same FollowTheMoney entities as its XML form ([`crate::uk_xml`]): a line of report
//! details, a header, then a row a name, the rows of one designation sharing its `Unique
//! ID` (each repeating the designation's other columns). The columns are found by their
//! header's names, so their order may change; a designation's values are read from each of
//! its rows, once.

use std::collections::HashMap;

use serde_json::Value;

use crate::list_entry::{is_source_id, shown_id, Entry, Identification, Sanction};
use crate::FormatError;

/// The largest file read (the published file is some tens of megabytes).
pub const MAX_FILE_BYTES: usize = 256 << 20;

const LIST: &str = "the UK Sanctions List in its CSV form";
/// The rows read before the header is given up for.
const HEADER_SEARCH_ROWS: usize = 5;

fn not_list(reason: String) -> FormatError {
    FormatError::NotList { list: LIST, reason }
}

/// Whether the head of a CSV file (its first kilobytes) is the UK Sanctions List's: a
/// header naming `Unique ID` and `Designation Type` among its first lines. How a file
/// ending in `.csv` is told from a file of lost and stolen documents.
pub fn is_uk_sanctions_list(head: &str) -> bool {
    head.lines()
        .take(HEADER_SEARCH_ROWS)
        .any(|line| line.contains("Unique ID") && line.contains("Designation Type"))
}

/// The columns of the header, by name (trimmed, lower-case).
struct Columns(HashMap<String, usize>);

impl Columns {
    fn at(&self, name: &str) -> Option<usize> {
        self.0.get(&name.to_ascii_lowercase()).copied()
    }
}

/// One row's value in a column, trimmed; `""` when the column or the value is absent.
fn value<'r>(row: &'r [String], columns: &Columns, name: &str) -> &'r str {
    columns
        .at(name)
        .and_then(|at| row.get(at))
        .map(|text| text.trim())
        .unwrap_or("")
}

/// Reads the list into FollowTheMoney entities, in the order each designation's first row
/// comes.
pub fn parse(text: &str) -> Result<Vec<Value>, FormatError> {
    if text.len() > MAX_FILE_BYTES {
        return Err(FormatError::DocumentTooLarge {
            limit: MAX_FILE_BYTES,
        });
    }
    let rows = crate::ofac_csv::records(text.trim_start_matches('\u{feff}'), "the file")
        .map_err(not_list)?;
    let header_at = rows
        .iter()
        .take(HEADER_SEARCH_ROWS)
        .position(|row| row.iter().any(|cell| cell.trim() == "Unique ID"))
        .ok_or_else(|| {
            not_list(format!(
                "no header naming \"Unique ID\" in the first {HEADER_SEARCH_ROWS} rows"
            ))
        })?;
    let columns = Columns(
        rows[header_at]
            .iter()
            .enumerate()
            .map(|(at, name)| (name.trim().to_ascii_lowercase(), at))
            .collect(),
    );
    for required in ["Designation Type", "Name 6"] {
        if columns.at(required).is_none() {
            return Err(not_list(format!("the header has no column {required:?}")));
        }
    }
    // the rows of each designation, in the order its first row comes
    let mut designations: Vec<(&str, Vec<&[String]>)> = Vec::new();
    let mut by_id: HashMap<&str, usize> = HashMap::new();
    for (at, row) in rows.iter().enumerate().skip(header_at + 1) {
        let unique_id = value(row, &columns, "Unique ID");
        if unique_id.is_empty() {
            return Err(not_list(format!("row {}: no Unique ID", at + 1)));
        }
        if !is_source_id(unique_id) {
            return Err(not_list(format!(
                "row {}: Unique ID {:?} is not an id",
                at + 1,
                shown_id(unique_id)
            )));
        }
        match by_id.get(unique_id) {
            Some(&index) => designations[index].1.push(row),
            None => {
                by_id.insert(unique_id, designations.len());
                designations.push((unique_id, vec![row]));
            }
        }
    }
    designations
        .into_iter()
        .map(|(unique_id, rows)| entity(unique_id, &rows, &columns))
        .collect()
}

fn entity(unique_id: &str, rows: &[&[String]], columns: &Columns) -> Result<Value, FormatError> {
    let mut entry = Entry::new(LIST, format!("gb-fcdo-{}", unique_id.to_ascii_lowercase()));
    let get = |row: &[String], name: &str| value(row, columns, name).to_string();
    let first = rows.first().copied().unwrap_or(&[]);
    let schema = match get(first, "Designation Type").to_ascii_lowercase().as_str() {
        "individual" => "Person",
        "ship" => "Vessel",
        _ => "Organization",
    };
    let person = schema == "Person";
    for &row in rows {
        let parts: Vec<String> = (1..=6)
            .map(|part| get(row, &format!("Name {part}")))
            .filter(|part| !part.is_empty())
            .collect();
        let name_type = get(row, "Name type").to_ascii_lowercase();
        let strength = get(row, "Alias strength").to_ascii_lowercase();
        let property = if strength.contains("low") {
            "weakAlias"
        } else if name_type.contains("alias") {
            "alias"
        } else {
            "name"
        };
        entry.add(property, &parts.join(" "))?;
        entry.add("alias", &get(row, "Name non-latin script"))?;
    }
    if !entry.has_name() {
        return Err(entry.error("the designation has no name".to_string()));
    }
    for &row in rows {
        let birth = get(row, "D.O.B");
        if !birth.is_empty() {
            entry.add_dates("birthDate", crate::uk_xml::birth_dates(&birth), &birth)?;
        }
        entry.add_country("nationality", &get(row, "Nationality(/ies)"))?;
        entry.add_gender(&get(row, "Gender"))?;
        entry.add(
            if person { "position" } else { "notes" },
            &get(row, "Position"),
        )?;
        let (town, country) = (get(row, "Town of birth"), get(row, "Country of birth"));
        let place: Vec<&str> = [town.as_str(), country.as_str()]
            .into_iter()
            .filter(|part| !part.is_empty())
            .collect();
        entry.add("birthPlace", &place.join(", "))?;
        entry.add_country("birthCountry", &country)?;
        let additional = get(row, "Passport additional information");
        entry.add_identification(Identification {
            number: &get(row, "Passport number"),
            kind: "Passport",
            country: Some(additional.as_str())
                .filter(|text| crate::countries::country_code(text).is_some()),
            passport: true,
            number_property: None,
        })?;
        entry.add_identification(Identification {
            number: &get(row, "National Identifier number"),
            kind: "National identifier",
            country: None,
            passport: false,
            number_property: None,
        })?;
        entry.add(
            "registrationNumber",
            &get(row, "Business registration number (s)"),
        )?;
        entry.add("imoNumber", &get(row, "IMO number"))?;
        entry.add_country("flag", &get(row, "Current believed flag of ship"))?;
        entry.add("type", &get(row, "Type of ship"))?;
        let lines: Vec<String> = (1..=6)
            .map(|line| get(row, &format!("Address Line {line}")))
            .chain([get(row, "Address Postal Code"), get(row, "Address Country")])
            .filter(|line| !line.is_empty())
            .collect();
        entry.add("address", &lines.join(", "))?;
        entry.add_country("country", &get(row, "Address Country"))?;
    }
    let source = get(first, "Designation source");
    if !source.is_empty() {
        entry.add("notes", &format!("Designation source: {source}"))?;
    }
    entry.add_shortened("notes", &get(first, "Other Information"))?;
    let designated = get(first, "Date Designated");
    entry.add_sanction(Sanction {
        program: &get(first, "Regime Name"),
        authority: crate::uk_xml::AUTHORITY,
        listing_date: Some(designated.as_str()).filter(|date| !date.is_empty()),
        start_date: None,
        key: "designation",
    })?;
    Ok(entry.into_entity(schema))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_head_of_the_file_tells_the_list_from_documents() {
        assert!(is_uk_sanctions_list(
            "Report Date: 30-Nov-2026\nLast Updated,Unique ID,OFSI Group ID,UN Reference Number,Name 6,Designation Type\n"
        ));
        assert!(!is_uk_sanctions_list(
            "number,issuing_state,type,status,reported_on\n"
        ));
    }
}
