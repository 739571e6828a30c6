//! The UN Security Council consolidated list reads whole: every individual and entity, each
//! a valid FtM entity. Checked on the project's fictional list in the published layout
//! (`tests/fixtures/un/consolidated_list.xml`), always, and on the published list in
//! `../shared` when it is there (see `common`).

mod common;

use serde_json::{json, Value};

/// Reads a list and checks what holds for any list: one entity per `<INDIVIDUAL>` and
/// `<ENTITY>`, ids unique, each read back by the FtM parser and within what a record may
/// hold, persons for individuals.
fn read_whole(document: &str) -> Vec<Value> {
    let entities = gatecheck_formats::un_xml::parse(document).unwrap();
    let count = |tag: &str| document.matches(tag).count();
    assert_eq!(entities.len(), count("<INDIVIDUAL>") + count("<ENTITY>"));
    let mut ids = std::collections::HashSet::new();
    for entity in &entities {
        assert!(
            ids.insert(entity["id"].as_str().unwrap().to_string()),
            "{entity}"
        );
        gatecheck_formats::ftm::parse_entity(&entity.to_string()).unwrap();
        // and may be kept as a record: a list is never refused by the limits of a record
        gatecheck_formats::ftm::check_entity(&entity.to_string())
            .unwrap_or_else(|error| panic!("{error}: {entity}"));
    }
    let persons = entities.iter().filter(|e| e["schema"] == "Person").count();
    assert_eq!(persons, count("<INDIVIDUAL>"));
    entities
}

#[test]
fn the_published_un_list_reads_whole() {
    let Some(path) = common::shared_data("lists/un_consolidated_2026-02-27.xml") else {
        return;
    };
    let document = std::fs::read_to_string(&path).unwrap();
    read_whole(&document);
}

#[test]
fn the_fictional_list_reads_whole_with_every_field_the_published_layout_has() {
    let document = include_str!("fixtures/un/consolidated_list.xml");
    let entities = read_whole(document);
    assert_eq!(entities.len(), 5);
    let by_id = |id: &str| {
        entities
            .iter()
            .find(|entity| entity["id"] == id)
            .unwrap_or_else(|| panic!("{id} not read"))
    };

    // four name parts in order; aliases by quality (Low is weak); a date of birth given with
    // an alias is not taken as the person's; titles, designations and comments are not names
    let tariq = &by_id("un-qdi-990")["properties"];
    assert_eq!(tariq["name"], json!(["TARIQ NABIL AL-QASIMI ZAHRAN"]));
    assert_eq!(tariq["alias"], json!(["Abu Nabil", "Tarek Nabeel Qassimi"]));
    assert_eq!(tariq["weakAlias"], json!(["The Accountant"]));
    // "approximately 1975": the years either side are possible too
    assert_eq!(
        tariq["birthDate"],
        json!(["1976-11-02", "1973", "1974", "1975", "1976", "1977"])
    );
    // the place of birth as written; its country by code where it is one (Utopia is not)
    assert_eq!(tariq["birthPlace"], json!(["Utopolis, Utopia"]));
    assert_eq!(tariq["birthCountry"], json!(["Utopia"]));
    assert_eq!(tariq["nationality"], json!(["Utopia", "Erewhon"]));
    assert_eq!(tariq["gender"], json!(["male"]));
    assert_eq!(tariq["country"], json!(["Erewhon"]));
    assert_eq!(tariq["passportNumber"], json!(["UT0041987"]));
    assert_eq!(tariq["idNumber"], json!(["4-71-0993-12"]));

    // empty elements (`<VALUE/>`, `<ALIAS_NAME/>`, `<COUNTRY/>`) add nothing; a range of
    // years gives each year; a name's letters outside ASCII are kept
    let mireille = &by_id("un-cdi-990")["properties"];
    assert_eq!(mireille["name"], json!(["MIREILLE KABONGO-LÉVÊQUE"]));
    assert_eq!(mireille["gender"], json!(["female"]));
    assert_eq!(
        mireille["birthDate"],
        json!(["1980", "1981", "1982", "1983"])
    );
    for absent in ["alias", "weakAlias", "nationality", "country"] {
        assert!(mireille.get(absent).is_none(), "{absent}: {mireille}");
    }
    // a document typed in French ("Numéro de passeport", as the published list has a few)
    // keeps its number, as a passport or an id number
    let numbers: Vec<&Value> = ["passportNumber", "idNumber"]
        .iter()
        .filter_map(|property| mireille.get(*property))
        .collect();
    assert_eq!(numbers, [&json!(["OB 220 481"])], "{mireille}");

    // an entity reference in a name; a date of birth of no type and an empty document give
    // nothing
    let yevgeny = &by_id("un-qdi-991")["properties"];
    assert_eq!(yevgeny["name"], json!(["YEVGENY O'DONNELL"]));
    assert_eq!(yevgeny["alias"], json!(["Evgeni Odonel"]));
    for absent in ["birthDate", "passportNumber", "idNumber", "gender"] {
        assert!(yevgeny.get(absent).is_none(), "{absent}: {yevgeny}");
    }

    // entities: aliases (a.k.a. and f.k.a. alike), each address's country
    let trust = by_id("un-qde-990");
    assert_eq!(trust["schema"], "Organization");
    assert_eq!(
        trust["properties"]["name"],
        json!(["NORTHERN LANTERN RELIEF TRUST"])
    );
    assert_eq!(
        trust["properties"]["alias"],
        json!(["NLRT", "Lantern Brothers’ Aid & Development"])
    );
    assert_eq!(trust["properties"]["country"], json!(["Erewhon", "Utopia"]));
    let freight = by_id("un-cde-990");
    assert_eq!(
        freight["properties"],
        json!({"name": ["KESTREL FREIGHT (KFC)"]})
    );
}

/// Issue 16's target: every individual asked for with name, year of birth and nationality
/// as an ISO code scores at least as high as asked without the nationality (a list's
/// country names and a client's codes are one country). Returns how many were asked, and
/// how many scored higher with it.
fn nationality_never_costs(document: &str) -> (usize, usize) {
    use gatecheck_engine::watchlist::{MatchConfig, WatchlistBuilder};
    let entities = gatecheck_formats::un_xml::parse(document).unwrap();
    let mut builder = WatchlistBuilder::new();
    for entity in &entities {
        let read = gatecheck_formats::ftm::parse_entity(&entity.to_string()).unwrap();
        builder.add(&read.id, read.person);
    }
    let list = builder.build();
    let config = MatchConfig::default();
    let score = |id: &str, properties: Value| {
        let line = json!({"id": "q", "schema": "Person", "properties": properties}).to_string();
        let query = gatecheck_formats::ftm::parse_entity(&line).unwrap();
        list.screen(&query.person, 5, &config)
            .into_iter()
            .find(|candidate| candidate.id == id)
            .map_or(0.0, |candidate| candidate.score)
    };
    let (mut asked, mut higher, mut lower) = (0, 0, Vec::new());
    for entity in entities
        .iter()
        .filter(|entity| entity["schema"] == "Person")
    {
        let properties = &entity["properties"];
        let (Some(name), Some(year), Some(codes)) = (
            properties["name"][0].as_str(),
            properties["birthDate"][0]
                .as_str()
                .and_then(|date| date.get(..4)),
            properties["nationality"].as_array(),
        ) else {
            continue;
        };
        let id = entity["id"].as_str().unwrap();
        let without = score(id, json!({"name": [name], "birthDate": [year]}));
        for code in codes
            .iter()
            .filter_map(Value::as_str)
            .filter(|code| code.len() == 2)
        {
            for form in [code.to_ascii_uppercase(), code.to_string()] {
                asked += 1;
                let with = score(
                    id,
                    json!({"name": [name], "birthDate": [year], "nationality": [form]}),
                );
                if with < without {
                    lower.push(format!("{id} {name} {form}: {with} < {without}"));
                }
                higher += usize::from(with > without);
            }
        }
    }
    assert!(lower.is_empty(), "{}", lower.join("\n"));
    (asked, higher)
}

#[test]
fn a_nationality_given_as_a_code_never_lowers_a_listed_person_s_score() {
    // fictional persons, their nationalities as the list names them
    let document = r#"<CONSOLIDATED_LIST><INDIVIDUALS>
<INDIVIDUAL><DATAID>1</DATAID><FIRST_NAME>JEAN-PIERRE</FIRST_NAME><SECOND_NAME>MUKENDI</SECOND_NAME>
<NATIONALITY><VALUE>Democratic Republic of the Congo</VALUE></NATIONALITY>
<INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>APPROXIMATELY</TYPE_OF_DATE><YEAR>1968</YEAR></INDIVIDUAL_DATE_OF_BIRTH></INDIVIDUAL>
<INDIVIDUAL><DATAID>2</DATAID><FIRST_NAME>KHALID</FIRST_NAME><SECOND_NAME>SAEED</SECOND_NAME><THIRD_NAME>BARAKAT</THIRD_NAME>
<NATIONALITY><VALUE>Iraq</VALUE><VALUE>Syrian Arab Republic</VALUE></NATIONALITY>
<INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>EXACT</TYPE_OF_DATE><DATE>1971-07-28</DATE></INDIVIDUAL_DATE_OF_BIRTH></INDIVIDUAL>
</INDIVIDUALS><ENTITIES/></CONSOLIDATED_LIST>"#;
    // asked by their listed names, which score in full with or without the nationality
    let (asked, _) = nationality_never_costs(document);
    assert_eq!(asked, 6);
    // asked by a name spelt otherwise, the code agrees as the country's name and another
    // country's code conflicts: the nationality is compared, as a country
    let list = {
        let mut builder = gatecheck_engine::watchlist::WatchlistBuilder::new();
        for entity in gatecheck_formats::un_xml::parse(document).unwrap() {
            let read = gatecheck_formats::ftm::parse_entity(&entity.to_string()).unwrap();
            builder.add(&read.id, read.person);
        }
        builder.build()
    };
    let score = |nationality: &[&str]| {
        let line = json!({"id": "q", "schema": "Person", "properties": {
            "name": ["Jean Pierre Mukendi Tshala"], "birthDate": ["1969"], "nationality": nationality}});
        let query = gatecheck_formats::ftm::parse_entity(&line.to_string()).unwrap();
        list.screen(&query.person, 5, &Default::default())[0].score
    };
    let (without, congo, france) = (score(&[]), score(&["CD"]), score(&["FR"]));
    assert!(
        congo > without && without > france,
        "{congo} {without} {france}"
    );
    assert_eq!(score(&["COD"]), congo);
    let Some(path) = common::shared_data("lists/un_consolidated_2026-02-27.xml") else {
        return;
    };
    let (asked, higher) = nationality_never_costs(&std::fs::read_to_string(&path).unwrap());
    // the published list: hundreds of individuals with a nationality and a year of birth
    assert!(asked > 500, "{asked}");
    eprintln!("{asked} asked with a nationality, {higher} scored higher with it");
}
