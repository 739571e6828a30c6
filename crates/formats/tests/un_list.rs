//! The published UN Security Council consolidated list (in ../shared, not in the
//! repository) reads whole: every individual and entity, each a valid FtM entity.

#[test]
fn the_published_un_list_reads_whole() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/lists/un_consolidated_2026-02-27.xml");
    let Ok(document) = std::fs::read_to_string(&path) else {
        eprintln!("skipping: {} not found", path.display());
        return;
    };
    let entities = gatecheck_formats::un_xml::parse(&document).unwrap();
    let count = |tag: &str| document.matches(tag).count();
    assert_eq!(entities.len(), count("<INDIVIDUAL>") + count("<ENTITY>"));
    let mut ids = std::collections::HashSet::new();
    for entity in &entities {
        assert!(
            ids.insert(entity["id"].as_str().unwrap().to_string()),
            "{entity}"
        );
        gatecheck_formats::ftm::parse_entity(&entity.to_string()).unwrap();
    }
    let persons = entities.iter().filter(|e| e["schema"] == "Person").count();
    assert_eq!(persons, count("<INDIVIDUAL>"));
}
