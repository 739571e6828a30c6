//! The OFAC SDN list in its legacy CSV form reads whole: every entry an entity that the
//! FtM reader reads and a record may hold. Checked on the published files of January 2019
//! in `../shared` when they are there (see `common`); the reader's own tests hold
//! fictional entries.

mod common;

use serde_json::Value;

#[test]
fn the_published_sdn_list_reads_whole() {
    let Some(directory) = common::shared_data("lists/ofac_sdn_2019") else {
        return;
    };
    let read = |file: &str| std::fs::read_to_string(directory.join(file)).unwrap();
    let (sdn, alt, add, comments) = (
        read("sdn.csv"),
        read("alt.csv"),
        read("add.csv"),
        read("sdn_comments.csv"),
    );
    let entities = gatecheck_formats::ofac_csv::parse(gatecheck_formats::ofac_csv::Files {
        sdn: &sdn,
        alt: Some(&alt),
        add: Some(&add),
        comments: Some(&comments),
    })
    .unwrap();
    // as the data's README counts them: 7,379 entries, 9,682 aliases, 11,696 addresses
    assert_eq!(entities.len(), 7379);
    let count = |property: &str| -> usize {
        entities
            .iter()
            .map(|entity| {
                entity["properties"][property]
                    .as_array()
                    .map_or(0, Vec::len)
            })
            .sum()
    };
    let names = count("alias") + count("previousName");
    assert!(names > 9_000 && names <= 9_682, "{names}");
    let schemas = |schema: &str| entities.iter().filter(|e| e["schema"] == schema).count();
    assert_eq!(
        (schemas("Person"), schemas("Vessel"), schemas("Airplane")),
        (3845, 323, 217)
    );
    let mut ids = std::collections::HashSet::new();
    let (mut with_birth_date, mut with_document, mut sanctioned) = (0, 0, 0);
    for entity in &entities {
        assert!(ids.insert(entity["id"].as_str().unwrap().to_string()));
        let line = entity.to_string();
        let read = gatecheck_formats::ftm::parse_entity(&line)
            .unwrap_or_else(|error| panic!("{error}: {line}"));
        gatecheck_formats::ftm::check_entity(&line)
            .unwrap_or_else(|error| panic!("{error}: {line}"));
        with_birth_date += usize::from(!read.person.facts.birth_dates.is_empty());
        with_document += usize::from(!read.person.facts.documents.is_empty());
        sanctioned += usize::from(read.listing.is_some_and(|l| !l.sanctions.is_empty()));
    }
    // most individuals' remarks give a date of birth; passports, identity numbers and
    // IMO numbers are read; every entry has its programme
    assert!(with_birth_date > 3_300, "{with_birth_date}");
    assert!(with_document > 1_500, "{with_document}");
    assert_eq!(sanctioned, 7379);
    let vessel = entities
        .iter()
        .find(|e| e["schema"] == "Vessel" && e["properties"]["imoNumber"].is_array())
        .map(|e| e["properties"]["imoNumber"][0].clone());
    assert!(matches!(vessel, Some(Value::String(imo)) if imo.starts_with("IMO ")));
}
