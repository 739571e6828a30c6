//! The OFAC SDN list in its advanced XML form reads whole: every party an entity that the
//! FtM reader reads and a record may hold, with the same ids as the legacy CSV gives the
//! same entries. Checked on the project's fictional list in the published layout
//! (`tests/fixtures/ofac_xml/sdn_advanced.xml`); malformed documents are refused by name.

use gatecheck_formats::ofac_xml::{parse, MAX_DOCUMENT_BYTES};
use gatecheck_formats::FormatError;
use serde_json::{json, Value};

const FIXTURE: &str = include_str!("fixtures/ofac_xml/sdn_advanced.xml");

fn read() -> Vec<Value> {
    let entities = parse(FIXTURE).unwrap();
    assert_eq!(entities.len(), FIXTURE.matches("<DistinctParty ").count());
    for entity in &entities {
        let line = entity.to_string();
        gatecheck_formats::ftm::parse_entity(&line)
            .unwrap_or_else(|error| panic!("{error}: {line}"));
        gatecheck_formats::ftm::check_entity(&line)
            .unwrap_or_else(|error| panic!("{error}: {line}"));
    }
    entities
}

fn by_id<'e>(entities: &'e [Value], id: &str) -> &'e Value {
    entities
        .iter()
        .find(|entity| entity["id"] == id)
        .unwrap_or_else(|| panic!("no {id}"))
}

#[test]
fn a_person_is_read_with_names_dates_places_documents_and_sanctions() {
    let entities = read();
    let person = by_id(&entities, "ofac-10");
    assert_eq!(person["schema"], "Person");
    let p = &person["properties"];
    // the parts put together in the order they are said, as ofac_csv writes the name
    assert_eq!(p["name"], json!(["Karim Nasser HADDAD"]));
    assert_eq!(p["alias"], json!(["Kareem HADAD"]));
    assert_eq!(p["weakAlias"], json!(["Abu Karim"]));
    // an exact date, and "circa 1975" as the years either side
    assert_eq!(
        p["birthDate"],
        json!(["1980-02-03", "1973", "1974", "1975", "1976", "1977"])
    );
    assert_eq!(p["birthPlace"], json!(["Mosul, Iraq"]));
    assert_eq!(p["birthCountry"], json!(["iq"]));
    assert_eq!(p["nationality"], json!(["iq"]));
    // a country given by its area code's description
    assert_eq!(p["citizenship"], json!(["tn"]));
    assert_eq!(p["gender"], json!(["male"]));
    assert_eq!(p["position"], json!(["Financier"]));
    assert_eq!(p["address"], json!(["12 Rue des Oliviers, Tunis"]));
    assert_eq!(p["country"], json!(["tn"]));
    assert_eq!(p["notes"], json!(["Linked To: OLIVE TRADING."]));
    assert_eq!(p["passportNumber"], json!(["N0412889"]));
    assert_eq!(p["idNumber"], json!(["1980-77"]));
    let documents = p["identification"].as_array().unwrap();
    assert_eq!(documents[0]["schema"], "Passport");
    assert_eq!(documents[0]["properties"]["country"], json!(["iq"]));
    assert_eq!(
        documents[1]["properties"]["type"],
        json!(["National ID No."])
    );
    // a website is not screened, and not written
    assert!(p.get("website").is_none());
    let sanctions = p["sanctions"].as_array().unwrap();
    let programs: Vec<&Value> = sanctions
        .iter()
        .map(|sanction| &sanction["properties"]["program"][0])
        .collect();
    assert_eq!(programs, [&json!("SDGT"), &json!("IRGC")]);
    assert_eq!(
        sanctions[0]["properties"]["authority"],
        json!(["Office of Foreign Assets Control"])
    );
    assert_eq!(
        sanctions[0]["properties"]["listingDate"],
        json!(["2012-05-14"])
    );
    // read as an entity: the facts screened and the sanctions shown
    let read = gatecheck_formats::ftm::parse_entity(&person.to_string()).unwrap();
    assert!(read.warnings.is_empty(), "{:?}", read.warnings);
    assert_eq!(read.person.facts.documents.len(), 2);
    let listing = read.listing.unwrap();
    assert_eq!(listing.sanctions[1].program, "IRGC");
    assert_eq!(listing.sanctions[0].listed_on, "2012-05-14");
}

#[test]
fn years_months_and_ranges_of_years_keep_their_precision() {
    let entities = read();
    let p = &by_id(&entities, "ofac-50")["properties"];
    assert_eq!(p["name"], json!(["Odile MARLOWE"]));
    assert_eq!(
        p["birthDate"],
        json!(["1962", "1964", "1965", "1966", "1963-05"])
    );
    assert_eq!(p["gender"], json!(["female"]));
    // a place of birth written as text, its country named last
    assert_eq!(p["birthPlace"], json!(["Sousse, Tunisia"]));
    assert_eq!(p["birthCountry"], json!(["tn"]));
}

#[test]
fn organisations_vessels_and_aircraft_are_read_with_their_numbers() {
    let entities = read();
    let company = by_id(&entities, "ofac-20");
    assert_eq!(company["schema"], "Organization");
    assert_eq!(company["properties"]["name"], json!(["OLIVE TRADING"]));
    assert_eq!(
        company["properties"]["previousName"],
        json!(["OLIVES AND SONS"])
    );
    assert_eq!(company["properties"]["idNumber"], json!(["5521"]));
    // an undetermined country is no country
    assert!(company["properties"].get("country").is_none());
    // its bank code, its LEI and its wallet: screened as identifiers
    assert_eq!(company["properties"]["swiftBic"], json!(["OLVTTNTT"]));
    assert_eq!(
        company["properties"]["leiCode"],
        json!(["5493001KJTIIGC8Y1R12"])
    );
    let wallet = &company["properties"]["cryptoWallets"][0]["properties"];
    assert_eq!(
        wallet["publicKey"],
        json!(["1AjZPMsnmpdK2Rv9KQNfMurTXinscVro9V"])
    );
    assert_eq!(wallet["currencySymbol"], json!(["XBT"]));
    let read = gatecheck_formats::ftm::check_entity(&company.to_string()).unwrap();
    let kinds: Vec<&str> = read
        .person
        .facts
        .identifiers
        .iter()
        .map(|id| id.kind.as_str())
        .collect();
    assert_eq!(kinds, ["bic", "lei", "crypto"]);

    let vessel = by_id(&entities, "ofac-30");
    assert_eq!(vessel["schema"], "Vessel");
    let v = &vessel["properties"];
    assert_eq!(v["imoNumber"], json!(["IMO 9123456"]));
    assert_eq!(v["flag"], json!(["pa"]));
    assert_eq!(v["callSign"], json!(["9BXY"]));
    assert_eq!(v["type"], json!(["Crude Oil Tanker"]));
    assert_eq!(v["sanctions"][0]["properties"]["program"], json!(["IRAN"]));

    let aircraft = by_id(&entities, "ofac-40");
    assert_eq!(aircraft["schema"], "Airplane");
    let a = &aircraft["properties"];
    assert_eq!(a["registrationNumber"], json!(["YK-OLV"]));
    assert_eq!(a["serialNumber"], json!(["1234"]));
    // a sanctions entry without a programme names its list
    assert_eq!(
        a["sanctions"][0]["properties"]["program"],
        json!(["SDN List"])
    );
}

/// A user moving from the legacy CSV to the advanced XML keeps the same records: OFAC's
/// fixed reference is the CSV's entry number.
#[test]
fn the_same_entries_have_the_same_ids_in_the_csv() {
    let sdn = "10,\"HADDAD, Karim Nasser\",\"individual\",\"SDGT] [IRGC\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n\
20,\"OLIVE TRADING\",-0- ,\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n\
30,\"SEA OLIVE\",\"vessel\",\"IRAN\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n";
    let csv = gatecheck_formats::ofac_csv::parse(gatecheck_formats::ofac_csv::Files {
        sdn,
        ..Default::default()
    })
    .unwrap();
    let xml = read();
    for from_csv in &csv {
        let from_xml = by_id(&xml, from_csv["id"].as_str().unwrap());
        assert_eq!(from_xml["schema"], from_csv["schema"]);
        assert_eq!(
            from_xml["properties"]["name"],
            from_csv["properties"]["name"]
        );
        let programs = |entity: &Value| -> Vec<Value> {
            entity["properties"]["sanctions"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s["properties"]["program"][0].clone())
                .collect()
        };
        assert_eq!(programs(from_xml), programs(from_csv));
    }
}

#[test]
fn malformed_documents_are_refused_naming_what_and_where() {
    let truncated = &FIXTURE[..FIXTURE.len() / 2];
    assert!(matches!(parse(truncated), Err(FormatError::BadXml { .. })));

    let error = parse("<CONSOLIDATED_LIST/>").unwrap_err().to_string();
    assert_eq!(
        error,
        "not the OFAC SDN list in its advanced XML form: the root element is <CONSOLIDATED_LIST>, not <Sanctions>"
    );
    assert!(parse("")
        .unwrap_err()
        .to_string()
        .contains("not one root element"));

    let oversized = " ".repeat(MAX_DOCUMENT_BYTES + 1);
    assert!(matches!(
        parse(&oversized),
        Err(FormatError::DocumentTooLarge { .. })
    ));

    let no_ref = FIXTURE.replace("<DistinctParty FixedRef=\"20\">", "<DistinctParty>");
    let no_ref = no_ref.replace(
        "<Profile ID=\"20\" PartySubTypeID=\"3\">",
        "<Profile PartySubTypeID=\"3\">",
    );
    let error = parse(&no_ref).unwrap_err().to_string();
    assert!(
        error.contains("<DistinctParty> at byte") && error.contains("has no FixedRef"),
        "{error}"
    );

    let not_a_number = FIXTURE.replace("FixedRef=\"30\">", "FixedRef=\"3x\">");
    assert!(parse(&not_a_number)
        .unwrap_err()
        .to_string()
        .contains("FixedRef \"3x\" is not a number"));

    let unknown_type = FIXTURE.replace(
        "<Profile ID=\"40\" PartySubTypeID=\"2\">",
        "<Profile ID=\"40\" PartySubTypeID=\"99\">",
    );
    assert_eq!(
        parse(&unknown_type).unwrap_err().to_string(),
        "the OFAC SDN list in its advanced XML form, entry ofac-40: <Profile> PartySubTypeID \"99\" is not among the reference values"
    );

    let nameless = FIXTURE.replace(">SKY OLIVE<", "><");
    assert_eq!(
        parse(&nameless).unwrap_err().to_string(),
        "the OFAC SDN list in its advanced XML form, entry ofac-40: the party has no name"
    );

    let long_name = FIXTURE.replace(">SKY OLIVE<", &format!(">{}<", "O".repeat(1001)));
    assert!(parse(&long_name)
        .unwrap_err()
        .to_string()
        .contains("entry ofac-40: a value of name has 1001 characters"));
}
