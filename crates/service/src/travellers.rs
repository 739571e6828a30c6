//! A traveller screened from the machine-readable zone of the document presented: the
//! zone is read (check digits; only repairs that independent checks prove, never of the
//! document number), the document is looked up as a lost or stolen one, by its number as
//! read and by each reading one confused character away (each result naming the reading
//! that found it and, where the access rule shows the record, what the document is), and
//! its holder is screened as a person (name, date of birth, nationality, sex and document
//! number through the person engine). A zone that fails a check is still screened: a
//! damaged or forged document is the one not to let through.

use crate::members::Member;
use crate::screening::{Finding, Matched, ScreeningIndex};
use gatecheck_engine::watchlist::MatchConfig;
use gatecheck_formats::mrz::{Fields, MrzReading, Sex};
use gatecheck_store::concepts::Backend;
use gatecheck_store::StoreError;
use serde_json::{json, Value};

/// The holder of a document as a FollowTheMoney person: what the person engine screens
/// and what a hit keeps as its query. The nationality is written as FollowTheMoney writes
/// it (ISO alpha-2) when the zone's code names an ISO country, and left out otherwise (a
/// code compared with nothing it could equal would count against a listed person).
pub fn holder_entity(fields: &Fields) -> Value {
    let mut properties = serde_json::Map::new();
    let mut put = |key: &str, value: &str| {
        if !value.trim().is_empty() {
            properties.insert(key.to_string(), json!([value.trim()]));
        }
    };
    put("lastName", &fields.surname);
    put("firstName", &fields.given_names);
    if let Some(date) = &fields.birth_date {
        put("birthDate", &date.to_string());
    }
    if let Some(code) = gatecheck_formats::countries::alpha2(&fields.nationality) {
        put("nationality", code);
    }
    match fields.sex {
        Some(Sex::Male) => put("gender", "male"),
        Some(Sex::Female) => put("gender", "female"),
        _ => {}
    }
    let number_property = if fields.document_code.starts_with('P') {
        "passportNumber"
    } else {
        "idNumber"
    };
    put(number_property, &fields.document_number);
    json!({
        "id": format!("mrz-{}-{}", fields.issuing_state, fields.document_number),
        "schema": "Person",
        "properties": properties,
    })
}

/// What screening a zone found.
pub struct MrzScreening {
    pub reading: MrzReading,
    /// The document looked up: its number and issuing state as read.
    pub document_query: Value,
    pub document: (Vec<Finding>, Vec<Matched>),
    /// The holder as screened (see [`holder_entity`]).
    pub holder_query: Value,
    pub holder: (Vec<Finding>, Vec<Matched>),
}

/// Screens the traveller of a zone already read (see the module's comment). `None` when
/// the zone fits no layout, so that nothing could be read to screen.
#[allow(clippy::too_many_arguments)]
pub fn screen_reading(
    index: &ScreeningIndex,
    store: &dyn Backend,
    viewer: &Member,
    reading: MrzReading,
    limit: usize,
    threshold: f32,
    config: &MatchConfig,
    today: &str,
) -> Result<Option<MrzScreening>, StoreError> {
    let Some(fields) = reading.fields.clone() else {
        return Ok(None);
    };
    let holder_query = holder_entity(&fields);
    // kept with the document's hits: a false positive binds to this holder alone
    let document_query = crate::hits::document_query(
        &fields.document_number,
        Some(&fields.issuing_state),
        &fields.document_code,
        &holder_query,
    );
    let document = if fields.document_number.is_empty() {
        (Vec::new(), Vec::new())
    } else {
        index.screen_document(
            store,
            viewer,
            &fields.document_number,
            Some(&fields.issuing_state)
                .filter(|state| !state.is_empty())
                .map(String::as_str),
            threshold,
            today,
        )?
    };
    let holder = match gatecheck_formats::ftm::parse_entity(&holder_query.to_string()) {
        Ok(entity) if !entity.person.names.is_empty() => {
            index.screen_person_with_hits(viewer, &entity.person, limit, threshold, config)
        }
        _ => (Vec::new(), Vec::new()),
    };
    Ok(Some(MrzScreening {
        reading,
        document_query,
        document,
        holder_query,
        holder,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use gatecheck_formats::mrz::{parse, CivilDate};

    #[test]
    fn the_holder_of_a_passport_is_a_person_with_what_the_zone_says() {
        let reading = parse(
            "P<JORHADDAD<<YUSUF<ADNAN<<<<<<<<<<<<<<<<<<<<\n\
             L898902C36JOR7408122M1204159<<<<<<<<<<<<<<08",
            CivilDate::new(2026, 11, 29).unwrap(),
        );
        let fields = reading.fields.clone().unwrap();
        let holder = holder_entity(&fields);
        let properties = &holder["properties"];
        assert_eq!(properties["lastName"], json!(["HADDAD"]));
        assert_eq!(properties["firstName"], json!(["YUSUF ADNAN"]));
        assert_eq!(properties["birthDate"], json!(["1974-08-12"]));
        assert_eq!(properties["nationality"], json!(["jo"]));
        assert_eq!(properties["gender"], json!(["male"]));
        assert_eq!(properties["passportNumber"], json!(["L898902C3"]));
        let entity = gatecheck_formats::ftm::parse_entity(&holder.to_string()).unwrap();
        assert!(!entity.person.names.is_empty());
    }
}
