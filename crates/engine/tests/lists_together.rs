//! Several lists screened as one (`Watchlist::screen_lists`, a base and the segments
//! written since): one ranking of the candidates over all lists, and a filter applied
//! before the ranking, so that entries it leaves out never take a kept entry's place.

use gatecheck_engine::names::parse_name;
use gatecheck_engine::person::{EntityKind, Person};
use gatecheck_engine::watchlist::{MatchConfig, Watchlist, WatchlistBuilder};

fn person(name: &str) -> Person {
    let mut person = Person::new(EntityKind::Person);
    person.add_name(parse_name(name));
    person
}

/// Fictional names, written for these tests.
const GIVEN: [&str; 10] = [
    "Halvard", "Orla", "Tamsin", "Idris", "Merrow", "Soraya", "Bastian", "Ilse", "Corwin", "Yelena",
];
const FAMILY: [&str; 10] = [
    "Quenby",
    "Tarnwick",
    "Ellory",
    "Faircloth",
    "Marchbank",
    "Ostrander",
    "Pellow",
    "Rudd",
    "Vantongeren",
    "Whitlock",
];

fn list(entries: &[(String, String)], beside: Option<&Watchlist>) -> Watchlist {
    let mut builder = WatchlistBuilder::new();
    for (id, name) in entries {
        builder.add(id, person(name));
    }
    match beside {
        Some(reference) => builder.build_beside_reference(reference),
        None => builder.build(),
    }
}

#[test]
fn entries_the_filter_leaves_out_never_crowd_out_a_kept_one() {
    // forty entries spelt exactly as asked, of another owner, and one kept entry spelt a
    // little differently: ranked first and filtered after, the forty took every place
    let mut entries: Vec<(String, String)> = (0..40)
        .map(|at| (format!("other-{at}"), "Halvard Quenby".to_string()))
        .collect();
    entries.push(("kept".to_string(), "Halvard Quenbey".to_string()));
    let base = list(&entries, None);
    let config = MatchConfig::default();
    let keep = |_: usize, id: &str| !id.starts_with("other-");
    let found = Watchlist::screen_lists(
        &[&base],
        Some(&keep),
        &person("Halvard Quenby"),
        5,
        0.0,
        &config,
    );
    let ids: Vec<&str> = found.iter().map(|(_, candidate)| candidate.id).collect();
    assert_eq!(ids, ["kept"]);
    assert!(found[0].1.score > 0.7, "{}", found[0].1.score);
    // unfiltered, the forty exact ones come first
    let all = Watchlist::screen_lists(&[&base], None, &person("Halvard Quenby"), 5, 0.0, &config);
    assert!(all
        .iter()
        .all(|(_, candidate)| candidate.id.starts_with("other-")));
}

#[test]
fn a_base_and_its_segments_find_what_one_list_holding_all_finds() {
    let everyone: Vec<(String, String)> = (0..GIVEN.len() * FAMILY.len())
        .map(|at| {
            let name = format!("{} {}", GIVEN[at % GIVEN.len()], FAMILY[at / GIVEN.len()]);
            (format!("p{at}"), name)
        })
        .collect();
    let whole = list(&everyone, None);
    // the base holds most; three segments written since hold the rest
    let base = list(&everyone[..70], None);
    let segments: Vec<Watchlist> = [&everyone[70..85], &everyone[85..95], &everyone[95..]]
        .into_iter()
        .map(|entries| list(entries, Some(&base)))
        .collect();
    let mut lists: Vec<&Watchlist> = vec![&base];
    lists.extend(segments.iter());
    let config = MatchConfig::default();
    for (id, name) in &everyone {
        // the name as listed, and respelt
        for query in [name.clone(), name.replace('a', "e")] {
            let one = whole.screen(&person(&query), 3, &config);
            let together = Watchlist::screen_lists(&lists, None, &person(&query), 3, 0.0, &config);
            let best_one = one.first().map(|candidate| candidate.id);
            let best_together = together.first().map(|(_, candidate)| candidate.id);
            assert_eq!(best_together, best_one, "{query:?} (listed as {id})");
            if query == *name {
                assert_eq!(best_together, Some(id.as_str()), "{query:?}");
            }
            // rarity counted beside the base drifts a little from one list's
            let (score_one, score_together) = (one[0].score, together[0].1.score);
            assert!(
                (score_one - score_together).abs() < 0.05,
                "{query:?}: {score_one} alone, {score_together} together"
            );
        }
    }
}
