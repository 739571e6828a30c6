//! The US Treasury's OFAC SDN list in its legacy CSV form (`sdn.csv` with `alt.csv`,
//! `add.csv` and `sdn_comments.csv` beside it, as OFAC publishes them) read into
//! FollowTheMoney entities: individuals as `Person`, vessels as `Vessel`, aircraft as
//! `Airplane`, the rest as `Organization`; aliases (`aka`, `nka` as `alias`, `fka` as
//! `previousName`); addresses with their country as an ISO code; the programmes as a
//! nested `Sanction` (authority OFAC); and what the remarks say in their usual forms
//! (`DOB`, `POB`, `nationality`, `citizen`, `Gender`, passports, identity numbers, a
//! vessel's IMO number, an aircraft's serial and tail numbers), the remarks kept whole as
//! `notes`. `-0-` is OFAC's empty value. Each entity keeps OFAC's entry number as its id
//! (`ofac-36`), so that the next version of the list maps onto the same records.

use serde_json::{json, Map, Value};
use std::collections::HashMap;

use crate::error::FormatError;

/// The largest file read (the published sdn.csv is a few megabytes).
pub const MAX_FILE_BYTES: usize = 64 << 20;
/// The most characters of one field.
const MAX_FIELD_CHARS: usize = 8000;
/// The most crypto-asset wallets kept of one entry.
const MAX_WALLETS: usize = 64;
/// The most years a range of years of birth gives.
const MAX_RANGE_YEARS: u16 = 10;

/// The four files of one version of the list: `sdn` is required, the others are read when
/// present.
#[derive(Debug, Clone, Copy, Default)]
pub struct Files<'a> {
    pub sdn: &'a str,
    pub alt: Option<&'a str>,
    pub add: Option<&'a str>,
    pub comments: Option<&'a str>,
}

/// Reads one version of the list into FollowTheMoney entities, in `sdn.csv`'s order.
pub fn parse(files: Files<'_>) -> Result<Vec<Value>, FormatError> {
    let table = |text: &str, file: &str, columns: usize| -> Result<Vec<Vec<String>>, FormatError> {
        if text.len() > MAX_FILE_BYTES {
            return Err(FormatError::DocumentTooLarge {
                limit: MAX_FILE_BYTES,
            });
        }
        // OFAC's files end with a DOS end-of-file mark (Ctrl-Z)
        let rows = records(text.trim_end_matches('\u{1a}'), file).map_err(not_ofac)?;
        for (at, row) in rows.iter().enumerate() {
            if row.len() < columns {
                return Err(not_ofac(format!(
                    "{file} row {}: {} columns, want {columns}",
                    at + 1,
                    row.len()
                )));
            }
        }
        Ok(rows)
    };
    let sdn = table(files.sdn, "sdn.csv", 12)?;
    let mut comments: HashMap<&str, Vec<String>> = HashMap::new();
    let comment_rows = match files.comments {
        Some(text) => table(text, "sdn_comments.csv", 2)?,
        None => Vec::new(),
    };
    for row in &comment_rows {
        comments
            .entry(row[0].as_str())
            .or_default()
            .push(row[1].clone());
    }
    let alt_rows = match files.alt {
        Some(text) => table(text, "alt.csv", 4)?,
        None => Vec::new(),
    };
    let mut aliases: HashMap<&str, Vec<(&str, &str)>> = HashMap::new();
    for row in &alt_rows {
        aliases
            .entry(row[0].as_str())
            .or_default()
            .push((row[2].as_str(), row[3].as_str()));
    }
    let add_rows = match files.add {
        Some(text) => table(text, "add.csv", 5)?,
        None => Vec::new(),
    };
    let mut addresses: HashMap<&str, Vec<&[String]>> = HashMap::new();
    for row in &add_rows {
        addresses.entry(row[0].as_str()).or_default().push(&row[..]);
    }
    let mut entities = Vec::with_capacity(sdn.len());
    for (at, row) in sdn.iter().enumerate() {
        let number = value(&row[0])
            .ok_or_else(|| not_ofac(format!("sdn.csv row {}: no entry number", at + 1)))?;
        if !number.chars().all(|c| c.is_ascii_digit()) {
            return Err(not_ofac(format!(
                "sdn.csv row {}: entry number {number:?} is not a number",
                at + 1
            )));
        }
        entities.push(entry(row, &comments, &aliases, &addresses));
    }
    Ok(entities)
}

fn not_ofac(reason: String) -> FormatError {
    FormatError::NotOfacList { reason }
}

/// A field's value: `None` for OFAC's empty `-0-` (or nothing).
fn value(field: &str) -> Option<&str> {
    let field = field.trim();
    (!field.is_empty() && field != "-0-").then_some(field)
}

/// Adds a value as OFAC writes it, less a closing full stop and the empty `-0-`.
fn add(properties: &mut Map<String, Value>, property: &str, text: &str) {
    let text = text.trim().trim_end_matches('.');
    if text.trim() != "-0-" {
        crate::ftm::add_value(properties, property, text);
    }
}

/// A country as FollowTheMoney writes it, less a closing full stop.
fn as_code(text: &str) -> String {
    crate::countries::code_or_as_written(text.trim().trim_end_matches('.'))
}

/// A person's name as OFAC writes it, `LAST, First Middle`, in the order it is said.
fn spoken(name: &str, person: bool) -> String {
    match name.split_once(", ") {
        Some((last, given)) if person && !given.trim().is_empty() => {
            format!("{} {}", given.trim(), last.trim())
        }
        _ => name.trim().to_string(),
    }
}

fn entry(
    row: &[String],
    comments: &HashMap<&str, Vec<String>>,
    aliases: &HashMap<&str, Vec<(&str, &str)>>,
    addresses: &HashMap<&str, Vec<&[String]>>,
) -> Value {
    let number = row[0].trim();
    let kind = value(&row[2]).unwrap_or("").to_ascii_lowercase();
    let schema = match kind.as_str() {
        "individual" => "Person",
        "vessel" => "Vessel",
        "aircraft" => "Airplane",
        _ => "Organization",
    };
    let person = schema == "Person";
    let mut properties = Map::new();
    if let Some(name) = value(&row[1]) {
        add(&mut properties, "name", &spoken(name, person));
    }
    for &(kind, name) in aliases.get(number).into_iter().flatten() {
        let Some(name) = value(name) else { continue };
        let property = match kind.trim().to_ascii_lowercase().as_str() {
            "fka" => "previousName",
            _ => "alias",
        };
        add(&mut properties, property, &spoken(name, person));
    }
    if let Some(title) = value(&row[4]) {
        add(
            &mut properties,
            if person { "position" } else { "notes" },
            title,
        );
    }
    if schema == "Vessel" {
        for (column, property) in [
            (5, "callSign"),
            (6, "type"),
            (7, "tonnage"),
            (8, "grossRegisteredTonnage"),
        ] {
            if let Some(text) = value(&row[column]) {
                add(&mut properties, property, text);
            }
        }
        if let Some(flag) = value(&row[9]) {
            add(&mut properties, "flag", &as_code(flag));
        }
        if let Some(owner) = value(&row[10]) {
            add(&mut properties, "notes", &format!("Owner: {owner}"));
        }
    }
    for address in addresses.get(number).into_iter().flatten() {
        let parts: Vec<&str> = [&address[2], &address[3], &address[4]]
            .iter()
            .filter_map(|field| value(field))
            .collect();
        add(&mut properties, "address", &parts.join(", "));
        if let Some(country) = value(&address[4]) {
            add(&mut properties, "country", &as_code(country));
        }
    }
    let mut remarks = value(&row[11]).unwrap_or("").to_string();
    for more in comments.get(number).into_iter().flatten() {
        remarks.push_str(more);
    }
    let id = format!("ofac-{number}");
    read_remarks(&id, &remarks, &mut properties);
    if !remarks.is_empty() {
        let kept: String = remarks.chars().take(MAX_FIELD_CHARS / 2).collect();
        add(&mut properties, "notes", &kept);
    }
    if let Some(programs) = value(&row[3]) {
        let programs: Vec<&str> = programs
            .trim_start_matches('[')
            .trim_end_matches(']')
            .split("] [")
            .map(str::trim)
            .filter(|program| !program.is_empty())
            .collect();
        let sanctions: Vec<Value> = programs
            .iter()
            .map(|program| {
                json!({"id": format!("{id}-{program}"), "schema": "Sanction", "properties": {
                    "entity": [id], "authority": ["Office of Foreign Assets Control"], "program": [program]}})
            })
            .collect();
        if !sanctions.is_empty() {
            properties.insert("sanctions".to_string(), Value::Array(sanctions));
        }
    }
    json!({"id": id, "schema": schema, "properties": properties})
}

/// What the remarks say in their usual forms, each `;`-separated statement alone.
fn read_remarks(id: &str, remarks: &str, properties: &mut Map<String, Value>) {
    for statement in remarks.split(';') {
        let statement = statement.trim().trim_end_matches('.').trim();
        let after = |prefix: &str| statement.strip_prefix(prefix).map(str::trim);
        if let Some(date) = after("DOB").or_else(|| after("alt. DOB")) {
            for date in birth_dates(date) {
                add(properties, "birthDate", &date);
            }
        } else if let Some(place) = after("POB").or_else(|| after("alt. POB")) {
            add(properties, "birthPlace", place);
            if let Some(country) = place.rsplit(',').next() {
                if let Some(code) = crate::countries::country_code(country.trim()) {
                    add(properties, "birthCountry", &code);
                }
            }
        } else if let Some(country) = after("nationality").or_else(|| after("alt. nationality")) {
            add(properties, "nationality", &as_code(country));
        } else if let Some(country) = after("citizen").or_else(|| after("alt. citizen")) {
            add(properties, "citizenship", &as_code(country));
        } else if let Some(gender) = after("Gender") {
            add(properties, "gender", &gender.to_ascii_lowercase());
        } else if let Some(number) = after("Passport").or_else(|| after("alt. Passport")) {
            add(properties, "passportNumber", document_number(number));
        } else if let Some(imo) = after("Vessel Registration Identification") {
            add(properties, "imoNumber", imo);
        } else if let Some(serial) = after("Aircraft Manufacturer's Serial Number (MSN)") {
            add(properties, "serialNumber", serial);
        } else if let Some(tail) = after("Aircraft Tail Number") {
            add(properties, "registrationNumber", tail);
        } else if let Some(bic) = after("SWIFT/BIC") {
            add(properties, "swiftBic", bic);
        } else if let Some(rest) = after("Digital Currency Address -") {
            // `Digital Currency Address - XBT 1AjZ...`: the asset's ticker, then the address
            if let Some((currency, address)) = rest.split_once(' ') {
                let wallet = crate::list_entry::crypto_wallet(id, currency, address.trim());
                let wallets = properties
                    .entry("cryptoWallets".to_string())
                    .or_insert_with(|| Value::Array(Vec::new()));
                if let Value::Array(wallets) = wallets {
                    if wallets.len() < MAX_WALLETS && !wallets.contains(&wallet) {
                        wallets.push(wallet);
                    }
                }
            }
        } else if let Some(number) = after("Legal Entity Number") {
            // an LEI when it reads as one, else a register's number
            let number = document_number(number);
            let property = if crate::identifiers::read_lei(number).is_ok() {
                "leiCode"
            } else {
                "registrationNumber"
            };
            add(properties, property, number);
        } else if let Some(number) = after("Registration Number") {
            add(properties, "registrationNumber", document_number(number));
        } else if let Some(number) = [
            "National ID No.",
            "alt. National ID No.",
            "Cedula No.",
            "alt. Cedula No.",
            "Identification Number",
            "D.N.I.",
            "C.U.R.P.",
            "R.F.C.",
            "Tax ID No.",
            "NIT #",
            "Registration ID",
        ]
        .iter()
        .find_map(|prefix| after(prefix))
        {
            add(properties, "idNumber", document_number(number));
        }
    }
}

/// The number of `N123 (Country)`, `N123 (Country) expires 30 Oct 2012`.
fn document_number(text: &str) -> &str {
    text.split(" (").next().unwrap_or(text).trim()
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// The dates of birth a remark gives, as FollowTheMoney writes them (`YYYY-MM-DD`,
/// `YYYY-MM`, `YYYY`): `12 Jan 1960`, `Jan 1960`, `1960`; `circa 1960` as the years either
/// side too; `1960 to 1962` (or two full dates) as each year. Forms not known give none.
fn birth_dates(text: &str) -> Vec<String> {
    let text = text.trim();
    if let Some(rest) = text.strip_prefix("circa ") {
        let year = rest
            .trim()
            .get(rest.trim().len().saturating_sub(4)..)
            .and_then(|y| y.parse::<u16>().ok());
        return match year {
            Some(year) if (1800..=2100).contains(&year) => (year
                - crate::ftm::APPROXIMATE_BIRTH_YEARS
                ..=year + crate::ftm::APPROXIMATE_BIRTH_YEARS)
                .map(|year| year.to_string())
                .collect(),
            _ => Vec::new(),
        };
    }
    if let Some((from, to)) = text.split_once(" to ") {
        let year = |date: &str| {
            date.trim()
                .get(date.trim().len().saturating_sub(4)..)
                .and_then(|y| y.parse::<u16>().ok())
        };
        return match (year(from), year(to)) {
            (Some(from), Some(to)) if from <= to && (1800..=2100).contains(&from) => (from..=to
                .min(from + MAX_RANGE_YEARS))
                .map(|year| year.to_string())
                .collect(),
            _ => Vec::new(),
        };
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    let month = |word: &str| MONTHS.iter().position(|m| *m == word).map(|at| at + 1);
    let year = |word: &str| {
        word.parse::<u16>()
            .ok()
            .filter(|year| (1800..=2100).contains(year))
    };
    match words.as_slice() {
        [day, mon, y] => match (day.parse::<u8>(), month(mon), year(y)) {
            (Ok(day), Some(mon), Some(y)) if (1..=31).contains(&day) => {
                vec![format!("{y:04}-{mon:02}-{day:02}")]
            }
            _ => Vec::new(),
        },
        [mon, y] => match (month(mon), year(y)) {
            (Some(mon), Some(y)) => vec![format!("{y:04}-{mon:02}")],
            _ => Vec::new(),
        },
        [y] => year(y).map(|y| vec![y.to_string()]).unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// The rows of a CSV text (RFC 4180: fields separated by commas, quoted with `"`, a quote
/// in a quoted field doubled, rows ended by LF or CRLF); `file` names it in errors, which
/// say the line. Also the UK Sanctions List's CSV reader's.
pub(crate) fn records(text: &str, file: &str) -> Result<Vec<Vec<String>>, String> {
    let mut rows = Vec::new();
    let mut row: Vec<String> = Vec::new();
    let mut field = String::new();
    // the characters in `field`, counted as they come (counting the field at each
    // character would take time in the square of its length)
    let mut field_chars = 0usize;
    let mut quoted = false;
    let mut line = 1usize;
    let mut chars = text.chars().peekable();
    let mut touched = false;
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                    field_chars += 1;
                }
                '"' => quoted = false,
                _ => {
                    if c == '\n' {
                        line += 1;
                    }
                    field.push(c);
                    field_chars += 1;
                }
            }
        } else {
            match c {
                '"' if field.trim().is_empty() => {
                    field.clear();
                    field_chars = 0;
                    quoted = true;
                }
                ',' => {
                    row.push(std::mem::take(&mut field));
                    field_chars = 0;
                }
                '\r' if chars.peek() == Some(&'\n') => {}
                '\n' => {
                    row.push(std::mem::take(&mut field));
                    field_chars = 0;
                    if !(row.len() == 1 && row[0].trim().is_empty()) {
                        rows.push(std::mem::take(&mut row));
                    }
                    row.clear();
                    line += 1;
                    touched = false;
                    continue;
                }
                _ => {
                    field.push(c);
                    field_chars += 1;
                }
            }
        }
        touched = true;
        if field_chars > MAX_FIELD_CHARS {
            return Err(format!(
                "{file} line {line}: a field longer than {MAX_FIELD_CHARS} characters"
            ));
        }
    }
    if quoted {
        return Err(format!("{file} line {line}: a quoted field is not closed"));
    }
    if touched {
        row.push(field);
        if !(row.len() == 1 && row[0].trim().is_empty()) {
            rows.push(row);
        }
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Fictional entries in the published files' form.
    const SDN: &str = "10,\"HADDAD, Karim Nasser\",\"individual\",\"SDGT] [IRGC\",\"Financier\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"DOB 03 Feb 1980; alt. DOB circa 1979; POB Mosul, Iraq; nationality Iraq; Gender Male; Passport N0412889 (Iraq); National ID No. 1980-77 (Iraq); Linked To: OLIVE TRADING.\"\r\n\
20,\"OLIVE TRADING\",-0- ,\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"a.k.a. 'OT'.\"\r\n\
30,\"SEA OLIVE\",\"vessel\",\"IRAN\",-0- ,\"9BXY\",\"Crude Oil Tanker\",\"150,000\",\"80,000\",\"Panama\",\"Olive Shipping\",\"Vessel Registration Identification IMO 9123456.\"\r\n";
    const ALT: &str =
        "10,1,\"aka\",\"HADAD, Kareem\",-0- \r\n20,2,\"fka\",\"OLIVES AND SONS\",-0- \r\n";
    const ADD: &str = "10,5,\"12 Rue des Oliviers\",\"Tunis\",\"Tunisia\",-0- \r\n";
    const COMMENTS: &str = "20,\"; Registration ID 5521 (Tunisia); SWIFT/BIC OLVTTNTT; Digital Currency Address - XBT 1AjZPMsnmpdK2Rv9KQNfMurTXinscVro9V; Legal Entity Number 5493001KJTIIGC8Y1R12; Registration Number 99450 (Gibraltar).\"\r\n";

    fn read() -> Vec<Value> {
        parse(Files {
            sdn: SDN,
            alt: Some(ALT),
            add: Some(ADD),
            comments: Some(COMMENTS),
        })
        .unwrap()
    }

    #[test]
    fn entries_become_entities_with_what_their_remarks_say() {
        let entities = read();
        assert_eq!(entities.len(), 3);
        let person = &entities[0];
        assert_eq!(person["id"], "ofac-10");
        assert_eq!(person["schema"], "Person");
        let p = &person["properties"];
        assert_eq!(p["name"], json!(["Karim Nasser HADDAD"]));
        assert_eq!(p["alias"], json!(["Kareem HADAD"]));
        assert_eq!(
            p["birthDate"],
            json!(["1980-02-03", "1977", "1978", "1979", "1980", "1981"])
        );
        assert_eq!(p["birthPlace"], json!(["Mosul, Iraq"]));
        assert_eq!(p["birthCountry"], json!(["iq"]));
        assert_eq!(p["nationality"], json!(["iq"]));
        assert_eq!(p["gender"], json!(["male"]));
        assert_eq!(p["passportNumber"], json!(["N0412889"]));
        assert_eq!(p["idNumber"], json!(["1980-77"]));
        assert_eq!(p["position"], json!(["Financier"]));
        assert_eq!(p["address"], json!(["12 Rue des Oliviers, Tunis, Tunisia"]));
        assert_eq!(p["country"], json!(["tn"]));
        let programs: Vec<&Value> = p["sanctions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|sanction| &sanction["properties"]["program"][0])
            .collect();
        assert_eq!(programs, [&json!("SDGT"), &json!("IRGC")]);
        // read as an entity: the person's facts and the sanctions shown
        let read = crate::ftm::parse_entity(&person.to_string()).unwrap();
        assert!(read.warnings.is_empty(), "{:?}", read.warnings);
        assert_eq!(read.person.facts.countries, ["iq"]);
        assert_eq!(read.listing.unwrap().sanctions[1].program, "IRGC");
        crate::ftm::check_entity(&person.to_string()).unwrap();

        let company = &entities[1]["properties"];
        assert_eq!(entities[1]["schema"], "Organization");
        assert_eq!(company["previousName"], json!(["OLIVES AND SONS"]));
        // the comments file continues the remarks
        assert_eq!(company["idNumber"], json!(["5521"]));
        // what names its accounts, bank and wallets: screened as identifiers
        assert_eq!(company["swiftBic"], json!(["OLVTTNTT"]));
        assert_eq!(company["leiCode"], json!(["5493001KJTIIGC8Y1R12"]));
        assert_eq!(company["registrationNumber"], json!(["99450"]));
        let wallet = &company["cryptoWallets"][0];
        assert_eq!(wallet["schema"], "CryptoWallet");
        assert_eq!(wallet["properties"]["currencySymbol"], json!(["XBT"]));
        let read = crate::ftm::parse_entity(&entities[1].to_string()).unwrap();
        let identifiers: Vec<(&str, &str, bool)> = read
            .person
            .facts
            .identifiers
            .iter()
            .map(|id| (id.kind.as_str(), id.value.as_str(), id.checked))
            .collect();
        assert_eq!(
            identifiers,
            [
                ("bic", "OLVTTNTT", true),
                ("lei", "5493001KJTIIGC8Y1R12", true),
                ("registration", "99450", false),
                ("crypto", "1AjZPMsnmpdK2Rv9KQNfMurTXinscVro9V", false),
            ]
        );
        crate::ftm::check_entity(&entities[1].to_string()).unwrap();

        let vessel = &entities[2];
        assert_eq!(vessel["schema"], "Vessel");
        assert_eq!(vessel["properties"]["imoNumber"], json!(["IMO 9123456"]));
        assert_eq!(vessel["properties"]["flag"], json!(["pa"]));
        assert_eq!(vessel["properties"]["tonnage"], json!(["150,000"]));
    }

    #[test]
    fn a_field_is_bounded_in_characters_not_bytes() {
        let at_limit = format!("1,\"{}\"\n2,\"x\"\n", "\u{e9}".repeat(MAX_FIELD_CHARS));
        let rows = records(&at_limit, "f").unwrap();
        assert_eq!(rows[0][1].chars().count(), MAX_FIELD_CHARS);
        assert_eq!(rows[1], ["2", "x"]);
        let over = format!("1,{}\n", "\u{e9}".repeat(MAX_FIELD_CHARS + 1));
        assert_eq!(
            records(&over, "f").unwrap_err(),
            format!("f line 1: a field longer than {MAX_FIELD_CHARS} characters")
        );
    }

    #[test]
    fn dates_of_birth_in_every_usual_form() {
        for (text, want) in [
            ("12 Jan 1960", vec!["1960-01-12"]),
            ("Jan 1960", vec!["1960-01"]),
            ("1960", vec!["1960"]),
            ("circa 1960", vec!["1958", "1959", "1960", "1961", "1962"]),
            ("1960 to 1962", vec!["1960", "1961", "1962"]),
            ("01 Jan 1960 to 31 Dec 1961", vec!["1960", "1961"]),
            ("32 Jan 1960", vec![]),
            ("sometime", vec![]),
        ] {
            assert_eq!(birth_dates(text), want, "{text}");
        }
        // a long range gives its first years only
        assert_eq!(birth_dates("1900 to 2099").len(), 11);
    }

    #[test]
    fn broken_files_are_refused_naming_the_file_and_place() {
        for (files, want) in [
            (
                Files {
                    sdn: "10,\"HADDAD",
                    ..Files::default()
                },
                "sdn.csv line 1: a quoted field is not closed",
            ),
            (
                Files {
                    sdn: "10,\"A\"\n",
                    ..Files::default()
                },
                "sdn.csv row 1: 2 columns, want 12",
            ),
            (
                Files {
                    sdn: "x,\"A\",-0-,-0-,-0-,-0-,-0-,-0-,-0-,-0-,-0-,-0-\n",
                    ..Files::default()
                },
                "entry number \"x\" is not a number",
            ),
            (
                Files {
                    sdn: SDN,
                    alt: Some("10,1\n"),
                    ..Files::default()
                },
                "alt.csv row 1: 2 columns, want 4",
            ),
        ] {
            let error = parse(files).unwrap_err().to_string();
            assert!(error.contains(want), "{error}");
        }
        // empty files are empty lists
        assert!(parse(Files::default()).unwrap().is_empty());
    }
}
