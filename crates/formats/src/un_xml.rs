//! The UN Security Council consolidated sanctions list (XML, as published at
//! scsanctions.un.org) read into FollowTheMoney entities: individuals as `Person`, entities
//! as `Organization`, with aliases, dates of birth (exact, year, or a range of years),
//! nationalities, gender, addresses' countries and identity documents.

use crate::xml_tree::Element;
use crate::FormatError;
use serde_json::{json, Map, Value};

/// The largest document read (the published list is a few megabytes).
pub const MAX_DOCUMENT_BYTES: usize = 256 << 20;
/// Reads the list into FollowTheMoney entities, individuals first.
pub fn parse(document: &str) -> Result<Vec<Value>, FormatError> {
    if document.len() > MAX_DOCUMENT_BYTES {
        return Err(FormatError::DocumentTooLarge {
            limit: MAX_DOCUMENT_BYTES,
        });
    }
    let root = crate::xml_tree::read(document)?.ok_or_else(|| FormatError::NotUnList {
        reason: "not one root element".to_string(),
    })?;
    if root.name != "CONSOLIDATED_LIST" {
        return Err(FormatError::NotUnList {
            reason: format!(
                "the root element is <{}>, not <CONSOLIDATED_LIST>",
                root.name
            ),
        });
    }
    let mut entities = Vec::new();
    if let Some(individuals) = root.child("INDIVIDUALS") {
        for individual in individuals.children("INDIVIDUAL") {
            entities.push(individual_entity(individual)?);
        }
    }
    if let Some(organisations) = root.child("ENTITIES") {
        for organisation in organisations.children("ENTITY") {
            entities.push(organisation_entity(organisation)?);
        }
    }
    Ok(entities)
}

fn entity_id(element: &Element) -> Result<String, FormatError> {
    let id = element
        .text_of("REFERENCE_NUMBER")
        .or_else(|| element.text_of("DATAID"))
        .ok_or_else(|| FormatError::NotUnList {
            reason: format!(
                "an <{}> has neither REFERENCE_NUMBER nor DATAID",
                element.name
            ),
        })?;
    Ok(format!(
        "un-{}",
        id.to_ascii_lowercase().replace([' ', '.'], "-")
    ))
}

fn add(properties: &mut Map<String, Value>, property: &str, value: &str) {
    crate::ftm::add_value(properties, property, value);
}

fn aliases(element: &Element, tag: &str, properties: &mut Map<String, Value>) {
    for alias in element.children(tag) {
        if let Some(name) = alias.text_of("ALIAS_NAME") {
            let property = match alias.text_of("QUALITY") {
                Some("Low") => "weakAlias",
                _ => "alias",
            };
            add(properties, property, name);
        }
    }
}

fn individual_entity(individual: &Element) -> Result<Value, FormatError> {
    let mut properties = Map::new();
    let name: Vec<&str> = ["FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME"]
        .iter()
        .filter_map(|tag| individual.text_of(tag))
        .collect();
    add(&mut properties, "name", &name.join(" "));
    add(
        &mut properties,
        "name",
        individual.text_of("NAME_ORIGINAL_SCRIPT").unwrap_or(""),
    );
    aliases(individual, "INDIVIDUAL_ALIAS", &mut properties);
    for birth in individual.children("INDIVIDUAL_DATE_OF_BIRTH") {
        let approximate = birth.text_of("TYPE_OF_DATE") == Some("APPROXIMATELY");
        if let Some(date) = birth.text_of("DATE") {
            add(&mut properties, "birthDate", date.get(..10).unwrap_or(date));
        } else if let Some(year) = birth.text_of("YEAR") {
            match year.parse::<u16>() {
                // "approximately 1966": each year near it is a possible year of birth, so
                // that a traveller born in 1967 is not taken as born in another year
                Ok(year) if approximate => {
                    for near in year.saturating_sub(crate::ftm::APPROXIMATE_BIRTH_YEARS)
                        ..=year + crate::ftm::APPROXIMATE_BIRTH_YEARS
                    {
                        add(&mut properties, "birthDate", &near.to_string());
                    }
                }
                _ => add(&mut properties, "birthDate", year),
            }
        } else if let (Some(from), Some(to)) =
            (birth.text_of("FROM_YEAR"), birth.text_of("TO_YEAR"))
        {
            if let (Ok(from), Ok(to)) = (from.parse::<u16>(), to.parse::<u16>()) {
                // a range of a few years: each is a possible year of birth
                for year in from..=to.min(from.saturating_add(10)) {
                    add(&mut properties, "birthDate", &year.to_string());
                }
            }
        }
    }
    if let Some(nationality) = individual.child("NATIONALITY") {
        for value in nationality.children("VALUE") {
            let text = value.text.trim();
            // the list writes "na" for "not available", not for Namibia (which it names)
            if text.eq_ignore_ascii_case("na") {
                continue;
            }
            // as FollowTheMoney writes countries: by code, where the name is one known
            add(
                &mut properties,
                "nationality",
                &crate::countries::code_or_as_written(text),
            );
        }
    }
    add(
        &mut properties,
        "gender",
        individual
            .text_of("GENDER")
            .unwrap_or("")
            .to_ascii_lowercase()
            .as_str(),
    );
    for address in individual.children("INDIVIDUAL_ADDRESS") {
        add(
            &mut properties,
            "country",
            &crate::countries::code_or_as_written(address.text_of("COUNTRY").unwrap_or("")),
        );
    }
    // the place of birth as written, and its country by code
    for place in individual.children("INDIVIDUAL_PLACE_OF_BIRTH") {
        let written: Vec<&str> = ["CITY", "STATE_PROVINCE", "COUNTRY"]
            .iter()
            .filter_map(|tag| place.text_of(tag))
            .collect();
        add(&mut properties, "birthPlace", &written.join(", "));
        add(
            &mut properties,
            "birthCountry",
            &crate::countries::code_or_as_written(place.text_of("COUNTRY").unwrap_or("")),
        );
    }
    if let Some(comments) = individual.text_of("COMMENTS1") {
        note_facts(comments, &mut properties);
    }
    for document in individual.children("INDIVIDUAL_DOCUMENT") {
        if let Some(number) = document.text_of("NUMBER") {
            let property = match document.text_of("TYPE_OF_DOCUMENT") {
                Some(kind) if kind.to_ascii_lowercase().contains("passport") => "passportNumber",
                _ => "idNumber",
            };
            add(&mut properties, property, number);
        }
    }
    if properties.get("name").is_none() {
        return Err(FormatError::NotUnList {
            reason: format!("individual {} has no name", entity_id(individual)?),
        });
    }
    Ok(json!({"id": entity_id(individual)?, "schema": "Person", "properties": properties}))
}

/// What the list says of a person only in its comments, in the Security Council's usual
/// phrasing: `New AKA: Jon Yong Sang with date of birth 25 August 1976 and diplomatic
/// passport number 836110035`: the name as an alias, each date of birth (`date of birth`,
/// `born on`, then day, month and year or a year alone), and each passport number.
fn note_facts(comments: &str, properties: &mut Map<String, Value>) {
    let lower = comments.to_lowercase();
    // lower-casing keeps byte offsets only for text whose case folds to the same length
    if lower.len() != comments.len() {
        return;
    }
    for (at, _) in lower.match_indices("new aka:") {
        let rest = &comments[at + "new aka:".len()..];
        let end = rest
            .find(" with ")
            .into_iter()
            .chain(rest.find(['.', ';', ',', '(']))
            .min()
            .unwrap_or(rest.len());
        let name = rest[..end].trim();
        if !name.is_empty() && name.len() <= 200 {
            add(properties, "alias", name);
        }
    }
    for marker in ["date of birth", "born on"] {
        for (at, _) in lower.match_indices(marker) {
            let words: Vec<&str> = comments[at + marker.len()..]
                .split_whitespace()
                .take(3)
                .map(|word| word.trim_matches(|c: char| c == ',' || c == ';' || c == ')'))
                .collect();
            if let Some(date) = written_date(&words) {
                add(properties, "birthDate", &date);
            }
        }
    }
    for (at, _) in lower.match_indices("passport number") {
        let number: String = comments[at + "passport number".len()..]
            .trim_start()
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect();
        if (5..=20).contains(&number.len()) && number.chars().any(|c| c.is_ascii_digit()) {
            add(properties, "passportNumber", &number);
        }
    }
}

/// A date written `25 August 1976`, `25 Aug. 1976` or `1976` (the first words of `words`),
/// as FollowTheMoney writes it; `None` for another form.
fn written_date(words: &[&str]) -> Option<String> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let year = |word: &str| {
        word.trim_end_matches('.')
            .parse::<u16>()
            .ok()
            .filter(|year| (1800..=2100).contains(year))
    };
    let month = |word: &str| {
        let word = word.trim_end_matches('.').to_lowercase();
        MONTHS
            .iter()
            .position(|m| {
                word.len() >= 3
                    && m.starts_with(&word[..3])
                    && (word.len() == 3 || {
                        let full = [
                            "january",
                            "february",
                            "march",
                            "april",
                            "may",
                            "june",
                            "july",
                            "august",
                            "september",
                            "october",
                            "november",
                            "december",
                        ];
                        full.iter().any(|f| *f == word)
                    })
            })
            .map(|at| at + 1)
    };
    match words {
        [day, mon, y, ..] => match (day.parse::<u8>(), month(mon), year(y)) {
            (Ok(day), Some(mon), Some(y)) if (1..=31).contains(&day) => {
                Some(format!("{y:04}-{mon:02}-{day:02}"))
            }
            _ => year(day).map(|y| y.to_string()),
        },
        [y, ..] => year(y).map(|y| y.to_string()),
        [] => None,
    }
}

fn organisation_entity(organisation: &Element) -> Result<Value, FormatError> {
    let mut properties = Map::new();
    add(
        &mut properties,
        "name",
        organisation.text_of("FIRST_NAME").unwrap_or(""),
    );
    add(
        &mut properties,
        "name",
        organisation.text_of("NAME_ORIGINAL_SCRIPT").unwrap_or(""),
    );
    aliases(organisation, "ENTITY_ALIAS", &mut properties);
    for address in organisation.children("ENTITY_ADDRESS") {
        add(
            &mut properties,
            "country",
            &crate::countries::code_or_as_written(address.text_of("COUNTRY").unwrap_or("")),
        );
    }
    if properties.get("name").is_none() {
        return Err(FormatError::NotUnList {
            reason: format!("entity {} has no name", entity_id(organisation)?),
        });
    }
    Ok(json!({"id": entity_id(organisation)?, "schema": "Organization", "properties": properties}))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fictional list in the published list's layout.
    const LIST: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<CONSOLIDATED_LIST dateGenerated="2026-02-27T00:00:09.554Z">
  <INDIVIDUALS>
    <INDIVIDUAL>
      <DATAID>100</DATAID>
      <FIRST_NAME>KHALID</FIRST_NAME>
      <SECOND_NAME>SAEED</SECOND_NAME>
      <THIRD_NAME>BARAKAT</THIRD_NAME>
      <REFERENCE_NUMBER>QDi.901</REFERENCE_NUMBER>
      <GENDER>Male</GENDER>
      <NATIONALITY><VALUE>Iraq</VALUE></NATIONALITY>
      <INDIVIDUAL_ALIAS><QUALITY>Good</QUALITY><ALIAS_NAME>Abu Saeed</ALIAS_NAME></INDIVIDUAL_ALIAS>
      <INDIVIDUAL_ALIAS><QUALITY>Low</QUALITY><ALIAS_NAME>Al-Iraqi</ALIAS_NAME></INDIVIDUAL_ALIAS>
      <INDIVIDUAL_ALIAS><QUALITY/><ALIAS_NAME/></INDIVIDUAL_ALIAS>
      <INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>EXACT</TYPE_OF_DATE><DATE>1971-07-28</DATE></INDIVIDUAL_DATE_OF_BIRTH>
      <INDIVIDUAL_DOCUMENT><TYPE_OF_DOCUMENT>Passport</TYPE_OF_DOCUMENT><NUMBER>A 1234567</NUMBER></INDIVIDUAL_DOCUMENT>
      <INDIVIDUAL_DOCUMENT><TYPE_OF_DOCUMENT>National Identification Number</TYPE_OF_DOCUMENT><NUMBER>99-1</NUMBER></INDIVIDUAL_DOCUMENT>
      <INDIVIDUAL_ADDRESS><COUNTRY>Syrian Arab Republic</COUNTRY></INDIVIDUAL_ADDRESS>
    </INDIVIDUAL>
    <INDIVIDUAL>
      <DATAID>101</DATAID>
      <FIRST_NAME>SAMIR &amp; SONS</FIRST_NAME>
      <REFERENCE_NUMBER>QDi.902</REFERENCE_NUMBER>
      <INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>BETWEEN</TYPE_OF_DATE><FROM_YEAR>1973</FROM_YEAR><TO_YEAR>1974</TO_YEAR></INDIVIDUAL_DATE_OF_BIRTH>
    </INDIVIDUAL>
  </INDIVIDUALS>
  <ENTITIES>
    <ENTITY>
      <DATAID>200</DATAID>
      <FIRST_NAME>NORTHERN RELIEF FOUNDATION</FIRST_NAME>
      <REFERENCE_NUMBER>QDe.903</REFERENCE_NUMBER>
      <ENTITY_ALIAS><QUALITY>a.k.a.</QUALITY><ALIAS_NAME>NRF</ALIAS_NAME></ENTITY_ALIAS>
    </ENTITY>
  </ENTITIES>
</CONSOLIDATED_LIST>"#;

    #[test]
    fn individuals_and_entities_become_followthemoney_entities() {
        let entities = parse(LIST).unwrap();
        assert_eq!(entities.len(), 3);
        let khalid = &entities[0];
        assert_eq!(khalid["id"], "un-qdi-901");
        assert_eq!(khalid["schema"], "Person");
        let p = &khalid["properties"];
        assert_eq!(p["name"], json!(["KHALID SAEED BARAKAT"]));
        assert_eq!(p["alias"], json!(["Abu Saeed"]));
        assert_eq!(p["weakAlias"], json!(["Al-Iraqi"]));
        assert_eq!(p["birthDate"], json!(["1971-07-28"]));
        assert_eq!(p["nationality"], json!(["iq"]));
        assert_eq!(p["gender"], json!(["male"]));
        assert_eq!(p["passportNumber"], json!(["A 1234567"]));
        assert_eq!(p["idNumber"], json!(["99-1"]));
        assert_eq!(p["country"], json!(["sy"]));
        assert_eq!(entities[1]["properties"]["name"], json!(["SAMIR & SONS"]));
        assert_eq!(
            entities[1]["properties"]["birthDate"],
            json!(["1973", "1974"])
        );
        assert_eq!(entities[2]["schema"], "Organization");
        assert_eq!(entities[2]["properties"]["alias"], json!(["NRF"]));
        // every entity reads back through the FtM parser
        for entity in &entities {
            crate::ftm::parse_entity(&entity.to_string()).unwrap();
        }
    }

    #[test]
    fn what_only_the_comments_say_is_read_in_the_council_s_phrasing() {
        let mut properties = Map::new();
        note_facts(
            "Pursuant to Resolution 2371(2017) the Security Council added the following \
             information: New AKA: Jon Yong Sang with date of birth 25 August 1976 and \
             diplomatic passport number 836110035, which expires on 1 January 2020. \
             Reportedly born on 3 Feb. 1971; date of birth unknown; passport number none.",
            &mut properties,
        );
        assert_eq!(properties["alias"], json!(["Jon Yong Sang"]));
        assert_eq!(properties["birthDate"], json!(["1976-08-25", "1971-02-03"]));
        assert_eq!(properties["passportNumber"], json!(["836110035"]));
        // the day of expiry is not a birth date, nor is a month name alone one
        assert_eq!(
            written_date(&["1", "January", "2020"]).as_deref(),
            Some("2020-01-01")
        );
        assert_eq!(written_date(&["1", "Janitor", "2020"]), None);
        assert_eq!(written_date(&["unknown"]), None);
        assert_eq!(written_date(&["1984"]).as_deref(), Some("1984"));
        // text whose case folds to another length is left alone rather than misread
        let mut none = Map::new();
        note_facts("İİİ date of birth 25 August 1976", &mut none);
        assert!(none.is_empty());
    }

    #[test]
    fn broken_and_foreign_documents_are_refused_with_the_place() {
        let broken = LIST.replace("</THIRD_NAME>", "</THIRD>");
        match parse(&broken) {
            Err(FormatError::BadXml { position, .. }) => {
                // the place of the wrong end tag
                assert_eq!(position as usize, broken.find("</THIRD>").unwrap());
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            parse("<OTHER/>"),
            Err(FormatError::NotUnList { .. })
        ));
        assert!(matches!(parse(""), Err(FormatError::NotUnList { .. })));
        let unclosed = &LIST[..LIST.len() - 30];
        assert!(parse(unclosed).is_err());
        let nameless = LIST.replace("<FIRST_NAME>NORTHERN RELIEF FOUNDATION</FIRST_NAME>", "");
        assert!(matches!(
            parse(&nameless),
            Err(FormatError::NotUnList { .. })
        ));
    }
}
