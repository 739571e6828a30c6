//! The UK Sanctions List (the FCDO's list) in its XML form reads whole: every
//! `Designation` an entity that the FtM reader reads and a record may hold. Checked on the
//! project's fictional list in the published layout
//! (`tests/fixtures/uk/UK-Sanctions-List.xml`); malformed documents are refused by name.

use gatecheck_formats::uk_xml::{parse, MAX_DOCUMENT_BYTES};
use gatecheck_formats::FormatError;
use serde_json::{json, Value};

const FIXTURE: &str = include_str!("fixtures/uk/UK-Sanctions-List.xml");

fn read() -> Vec<Value> {
    let entities = parse(FIXTURE).unwrap();
    assert_eq!(entities.len(), FIXTURE.matches("<Designation>").count());
    for entity in &entities {
        let line = entity.to_string();
        gatecheck_formats::ftm::parse_entity(&line)
            .unwrap_or_else(|error| panic!("{error}: {line}"));
        gatecheck_formats::ftm::check_entity(&line)
            .unwrap_or_else(|error| panic!("{error}: {line}"));
    }
    entities
}

#[test]
fn an_individual_is_read_with_names_dates_documents_places_and_the_regime() {
    let entities = read();
    let person = &entities[0];
    assert_eq!(person["id"], "gb-fcdo-afg9901");
    assert_eq!(person["schema"], "Person");
    let p = &person["properties"];
    assert_eq!(p["name"], json!(["Hamid Gul Zarabi"]));
    assert_eq!(p["alias"], json!(["Hameed Zarrabi", "حامد گل زرابی"]));
    assert_eq!(p["weakAlias"], json!(["Mullah Hamid"]));
    // a year (dd/mm not known), a full date, and circa as the years either side
    assert_eq!(
        p["birthDate"],
        json!(["1965", "1967-03-14", "1961", "1962", "1963", "1964"])
    );
    assert_eq!(p["nationality"], json!(["af"]));
    assert_eq!(p["gender"], json!(["male"]));
    assert_eq!(p["position"], json!(["Deputy Governor"]));
    assert_eq!(p["birthPlace"], json!(["Spin Boldak, Afghanistan"]));
    assert_eq!(p["birthCountry"], json!(["af"]));
    assert_eq!(p["passportNumber"], json!(["OR 990112"]));
    assert_eq!(p["idNumber"], json!(["57-0093"]));
    let documents = p["identification"].as_array().unwrap();
    assert_eq!(documents[0]["schema"], "Passport");
    assert_eq!(documents[0]["properties"]["country"], json!(["af"]));
    assert_eq!(p["address"], json!(["Street 4, Kandahar, Afghanistan"]));
    assert_eq!(p["country"], json!(["af"]));
    let sanction = &p["sanctions"][0]["properties"];
    assert_eq!(sanction["program"], json!(["Afghanistan"]));
    assert_eq!(
        sanction["authority"],
        json!(["Foreign, Commonwealth and Development Office (UK)"])
    );
    assert_eq!(sanction["listingDate"], json!(["2012-06-29"]));
    let read = gatecheck_formats::ftm::parse_entity(&person.to_string()).unwrap();
    assert!(read.warnings.is_empty(), "{:?}", read.warnings);
    assert_eq!(read.listing.unwrap().sanctions[0].listed_on, "2012-06-29");
}

#[test]
fn months_ranges_and_dates_in_no_known_form() {
    let entities = read();
    let p = &entities[1]["properties"];
    assert_eq!(
        p["name"],
        json!(["Yelena Borisovna Karpova", "Elena Karpova"])
    );
    assert_eq!(p["birthDate"], json!(["1970-09", "1972", "1973"]));
    assert_eq!(p["gender"], json!(["female"]));
    assert_eq!(p["nationality"], json!(["ru"]));
    assert!(p["notes"]
        .as_array()
        .unwrap()
        .contains(&json!("birthDate as written: sometime in the 1970s")));
}

#[test]
fn entities_and_ships_are_read_with_their_numbers() {
    let entities = read();
    let company = &entities[2];
    assert_eq!(company["schema"], "Organization");
    let c = &company["properties"];
    assert_eq!(c["alias"], json!(["NLH"]));
    assert_eq!(c["registrationNumber"], json!(["OGRN 1990000000001"]));
    assert_eq!(
        c["address"],
        json!(["Office 12, Embankment 3, Murmansk, 183038, Russia"])
    );
    assert_eq!(c["country"], json!(["ru"]));
    let ship = &entities[3];
    assert_eq!(ship["id"], "gb-fcdo-rus9904");
    assert_eq!(ship["schema"], "Vessel");
    let s = &ship["properties"];
    assert_eq!(s["imoNumber"], json!(["9398877"]));
    assert_eq!(s["flag"], json!(["ga"]));
    assert_eq!(s["type"], json!(["Crude Oil Tanker"]));
    assert_eq!(
        s["sanctions"][0]["properties"]["listingDate"],
        json!(["2025-06-20"])
    );
}

#[test]
fn malformed_documents_are_refused_naming_what_and_where() {
    let truncated = &FIXTURE[..FIXTURE.len() - 100];
    assert!(matches!(parse(truncated), Err(FormatError::BadXml { .. })));
    assert_eq!(
        parse("<export/>").unwrap_err().to_string(),
        "not the UK Sanctions List: the root element is <export>, not <Designations>"
    );
    let oversized = " ".repeat(MAX_DOCUMENT_BYTES + 1);
    assert!(matches!(
        parse(&oversized),
        Err(FormatError::DocumentTooLarge { .. })
    ));
    let no_id = FIXTURE.replace("<UniqueID>RUS9903</UniqueID>", "");
    let error = parse(&no_id).unwrap_err().to_string();
    assert!(
        error.starts_with("not the UK Sanctions List: the <Designation> at byte ")
            && error.ends_with("has no UniqueID"),
        "{error}"
    );
    let bad_id = FIXTURE.replace(
        "<UniqueID>RUS9903</UniqueID>",
        "<UniqueID>RUS 9903</UniqueID>",
    );
    assert!(parse(&bad_id)
        .unwrap_err()
        .to_string()
        .contains("UniqueID \"RUS 9903\" is not an id"));
    let nameless = FIXTURE.replace("<Name6>POLAR WIND</Name6>", "");
    assert_eq!(
        parse(&nameless).unwrap_err().to_string(),
        "the UK Sanctions List, entry gb-fcdo-rus9904: the designation has no name"
    );
}

const CSV_FIXTURE: &str = include_str!("fixtures/uk/UK-Sanctions-List.csv");

/// The CSV form of the same fictional designations reads as the XML form does: a row a
/// name, the designation's other columns repeated on each.
#[test]
fn the_csv_form_reads_as_the_xml_form_does() {
    assert!(gatecheck_formats::uk_csv::is_uk_sanctions_list(
        &CSV_FIXTURE[..2000]
    ));
    let from_csv = gatecheck_formats::uk_csv::parse(CSV_FIXTURE).unwrap();
    assert_eq!(from_csv.len(), 3);
    for entity in &from_csv {
        gatecheck_formats::ftm::check_entity(&entity.to_string()).unwrap();
    }
    let from_xml = read();
    let person = &from_csv[0];
    assert_eq!(person["id"], "gb-fcdo-afg9901");
    assert_eq!(person["schema"], "Person");
    let (c, x) = (&person["properties"], &from_xml[0]["properties"]);
    for property in [
        "name",
        "weakAlias",
        "nationality",
        "gender",
        "position",
        "birthPlace",
        "birthCountry",
        "passportNumber",
        "idNumber",
        "address",
        "country",
    ] {
        assert_eq!(c[property], x[property], "{property}");
    }
    assert_eq!(c["alias"], json!(["حامد گل زرابی", "Hameed Zarrabi"]));
    // each row's date of birth, once
    assert_eq!(
        c["birthDate"],
        json!(["1965", "1961", "1962", "1963", "1964"])
    );
    assert_eq!(c["sanctions"], x["sanctions"]);
    assert!(c["notes"].as_array().unwrap().contains(&json!(
        "(UK Sanctions List Ref):AFG9901. Fictional entry, with a comma."
    )));
    assert_eq!(
        from_csv[1]["properties"]["registrationNumber"],
        json!(["OGRN 1990000000001"])
    );
    assert_eq!(from_csv[2]["schema"], "Vessel");
    assert_eq!(
        from_csv[2]["properties"]["imoNumber"],
        from_xml[3]["properties"]["imoNumber"]
    );
    assert_eq!(from_csv[2]["properties"]["flag"], json!(["ga"]));
}

#[test]
fn malformed_csv_is_refused_naming_the_row() {
    let parse = gatecheck_formats::uk_csv::parse;
    assert_eq!(
        parse("number,issuing_state\nL1,GBR\n").unwrap_err().to_string(),
        "not the UK Sanctions List in its CSV form: no header naming \"Unique ID\" in the first 5 rows"
    );
    let no_id = CSV_FIXTURE.replacen(",RUS9903,", ",,", 1);
    assert_eq!(
        parse(&no_id).unwrap_err().to_string(),
        "not the UK Sanctions List in its CSV form: row 6: no Unique ID"
    );
    let unclosed = format!("{CSV_FIXTURE},RUS9905,\"POLAR");
    assert!(parse(&unclosed)
        .unwrap_err()
        .to_string()
        .contains("a quoted field is not closed"));
    let no_column = CSV_FIXTURE.replacen("Designation Type", "Kind", 1);
    assert!(parse(&no_column)
        .unwrap_err()
        .to_string()
        .contains("the header has no column \"Designation Type\""));
}
