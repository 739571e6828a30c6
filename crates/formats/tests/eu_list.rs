//! The EU consolidated financial sanctions list (the FSF XML export) reads whole: every
//! `sanctionEntity` an entity that the FtM reader reads and a record may hold. Checked on
//! the project's fictional list in the published layout (`tests/fixtures/eu/export.xml`);
//! malformed documents are refused by name.

use gatecheck_formats::eu_xml::{parse, MAX_DOCUMENT_BYTES};
use gatecheck_formats::FormatError;
use serde_json::{json, Value};

const FIXTURE: &str = include_str!("fixtures/eu/export.xml");

fn read() -> Vec<Value> {
    let entities = parse(FIXTURE).unwrap();
    assert_eq!(entities.len(), FIXTURE.matches("<sanctionEntity ").count());
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
fn a_person_is_read_with_names_dates_citizenship_documents_and_sanctions() {
    let entities = read();
    let person = &entities[0];
    assert_eq!(person["id"], "eu-fsf-9001");
    assert_eq!(person["schema"], "Person");
    let p = &person["properties"];
    assert_eq!(p["name"], json!(["Selim Darwani"]));
    assert_eq!(p["alias"], json!(["سليم درواني", "Selim Darouani"]));
    assert_eq!(p["weakAlias"], json!(["Abu Selim"]));
    assert_eq!(p["gender"], json!(["male"]));
    assert_eq!(p["position"], json!(["Deputy Minister of Trade"]));
    assert_eq!(p["title"], json!(["Dr"]));
    // an exact date, and "circa 1958" as the years either side
    assert_eq!(
        p["birthDate"],
        json!(["1961-03-09", "1956", "1957", "1958", "1959", "1960"])
    );
    assert_eq!(p["birthPlace"], json!(["Aleppo, SYRIAN ARAB REPUBLIC"]));
    // "00" and "UNKNOWN" are no country
    assert_eq!(p["birthCountry"], json!(["sy"]));
    assert_eq!(p["citizenship"], json!(["sy"]));
    assert_eq!(p["passportNumber"], json!(["N 0077 123"]));
    // a number in Arabic digits and its Latin form
    assert_eq!(p["idNumber"], json!(["٠١٠١-٦١", "0101-61"]));
    let documents = p["identification"].as_array().unwrap();
    assert_eq!(documents[0]["schema"], "Passport");
    assert_eq!(documents[0]["properties"]["country"], json!(["sy"]));
    assert_eq!(documents[1]["schema"], "Identification");
    assert_eq!(documents[2]["properties"]["number"], json!(["0101-61"]));
    assert_eq!(
        p["address"],
        json!(["Rue Baghdad 4, Damascus, SYRIAN ARAB REPUBLIC"])
    );
    assert_eq!(p["country"], json!(["sy"]));
    assert_eq!(p["notes"], json!(["EU reference number EU.9001.01"]));
    // one sanction a programme, listed on its first regulation's publication
    let sanctions = p["sanctions"].as_array().unwrap();
    assert_eq!(sanctions.len(), 1);
    let sanction = &sanctions[0]["properties"];
    assert_eq!(sanction["program"], json!(["SYR"]));
    assert_eq!(sanction["authority"], json!(["European Union"]));
    assert_eq!(sanction["listingDate"], json!(["2012-01-18"]));
    assert_eq!(sanction["startDate"], json!(["2012-01-19"]));
    let read = gatecheck_formats::ftm::parse_entity(&person.to_string()).unwrap();
    assert!(read.warnings.is_empty(), "{:?}", read.warnings);
    assert_eq!(read.person.facts.countries, ["sy"]);
    assert_eq!(read.listing.unwrap().sanctions[0].listed_on, "2012-01-18");
}

#[test]
fn year_and_month_years_and_ranges_keep_their_precision_and_the_rest_is_kept_as_written() {
    let entities = read();
    let p = &entities[1]["properties"];
    assert_eq!(p["gender"], json!(["female"]));
    assert_eq!(p["birthDate"], json!(["1975-11", "1977", "1979", "1980"]));
    assert_eq!(
        p["notes"],
        json!([
            "EU reference number EU.9002.02",
            "birthDate as written: circa=false birthdate=sometime in 1981"
        ])
    );
    // the designation date is when the sanction took effect
    assert_eq!(
        p["sanctions"][0]["properties"]["startDate"],
        json!(["2022-02-23"])
    );
}

#[test]
fn an_enterprise_is_an_organisation_with_its_numbers() {
    let entities = read();
    let company = &entities[2];
    assert_eq!(company["schema"], "Organization");
    let c = &company["properties"];
    assert_eq!(c["name"], json!(["Crescent Line Shipping"]));
    assert_eq!(c["imoNumber"], json!(["9345678"]));
    assert_eq!(c["registrationNumber"], json!(["R-4410"]));
    assert_eq!(c["country"], json!(["ir"]));
    assert_eq!(
        c["address"],
        json!(["PO Box 77, Bandar Abbas, IRAN (ISLAMIC REPUBLIC OF)"])
    );
    assert!(c["notes"]
        .as_array()
        .unwrap()
        .contains(&json!("Shipping company")));
}

#[test]
fn malformed_documents_are_refused_naming_what_and_where() {
    let truncated = &FIXTURE[..FIXTURE.len() - 40];
    assert!(matches!(parse(truncated), Err(FormatError::BadXml { .. })));
    assert_eq!(
        parse("<Sanctions/>").unwrap_err().to_string(),
        "not the EU consolidated financial sanctions list: the root element is <Sanctions>, not <export>"
    );
    let oversized = " ".repeat(MAX_DOCUMENT_BYTES + 1);
    assert!(matches!(
        parse(&oversized),
        Err(FormatError::DocumentTooLarge { .. })
    ));
    let no_id = FIXTURE.replace(
        "euReferenceNumber=\"EU.9002.02\" logicalId=\"9002\"",
        "euReferenceNumber=\"EU.9002.02\"",
    );
    let error = parse(&no_id).unwrap_err().to_string();
    assert!(
        error.starts_with(
            "not the EU consolidated financial sanctions list: the <sanctionEntity> at byte "
        ),
        "{error}"
    );
    assert!(error.ends_with("has no logicalId"), "{error}");
    let nameless = FIXTURE.replace("wholeName=\"Crescent Line Shipping\"", "wholeName=\"\"");
    assert_eq!(
        parse(&nameless).unwrap_err().to_string(),
        "the EU consolidated financial sanctions list, entry eu-fsf-9003: the entity has no name (no <nameAlias> with one)"
    );
    let bad_attribute = FIXTURE.replace(
        "logicalId=\"9003\"",
        "logicalId=\"9003\" logicalId=\"9004\"",
    );
    assert!(matches!(
        parse(&bad_attribute),
        Err(FormatError::BadXml { .. })
    ));
}
