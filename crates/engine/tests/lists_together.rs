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
    let keep = |_: usize, position: u32| {
        base.id(position)
            .is_some_and(|id| !id.starts_with("other-"))
    };
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

#[test]
fn beside_its_base_a_segment_finds_what_it_finds_beside_a_copy_of_it() {
    // beside the base it was built beside, a segment takes over what the base found for the
    // parts both hold; beside a copy of the base (another list to it) it looks every part up
    // and compares it itself: the answers must be the same
    let mut everyone: Vec<(String, String)> = (0..GIVEN.len() * FAMILY.len())
        .map(|at| {
            let name = format!("{} {}", GIVEN[at % GIVEN.len()], FAMILY[at / GIVEN.len()]);
            (format!("p{at}"), name)
        })
        .collect();
    // written since: the base's names again (new records of known names), respelt,
    // reordered, in other scripts, and parts the base never held
    let written = [
        "Halvard Quenby",
        "Orla Tarnwick",
        "Halvardo Quenbie",
        "Tarnwick Orla",
        "Тамсин Эллори",
        "إدريس فيركلوث",
        "Merrow Oakhaven",
        "Zinnia Pellow",
        "Soraya Marchbank Ostrander",
        "Idris al-Faircloth",
    ];
    everyone.extend(
        written
            .iter()
            .enumerate()
            .map(|(at, name)| (format!("w{at}"), name.to_string())),
    );
    let base = list(&everyone[..100], None);
    let copy = list(&everyone[..100], None);
    let segment = list(&everyone[100..], Some(&base));
    // and a larger one, most of whose parts the base holds: a segment goes through the
    // base's finds or through its own shared parts, whichever is shorter
    let larger = list(&everyone[20..], Some(&base));
    let config = MatchConfig::default();
    let mut queries: Vec<String> = Vec::new();
    for (_, name) in &everyone {
        queries.push(name.clone());
        queries.push(name.replace('a', "e"));
        queries.push(name.split(' ').rev().collect::<Vec<_>>().join(" "));
    }
    queries.extend(
        [
            "Халвард Квенби",
            "هالفارد كوينبي",
            "Zinia Pelow",
            "Oakhaven",
        ]
        .map(String::from),
    );
    let mut found = 0;
    for query in &queries {
        let beside_base =
            Watchlist::screen_lists(&[&base, &segment], None, &person(query), 5, 0.0, &config);
        let beside_copy =
            Watchlist::screen_lists(&[&copy, &segment], None, &person(query), 5, 0.0, &config);
        assert_eq!(beside_base, beside_copy, "{query:?}");
        found += beside_base.iter().filter(|(at, _)| *at == 1).count();
        let beside_base =
            Watchlist::screen_lists(&[&base, &larger], None, &person(query), 5, 0.0, &config);
        let beside_copy =
            Watchlist::screen_lists(&[&copy, &larger], None, &person(query), 5, 0.0, &config);
        assert_eq!(beside_base, beside_copy, "{query:?}");
    }
    // the segment's records are found, not only the base's
    assert!(found > 30, "{found} found in the segment");
}

#[test]
fn a_small_segment_takes_over_the_finds_of_its_few_shared_parts() {
    // the base finds many parts for a common name part (its spellings), a one-record
    // segment shares one of them: it goes through its own shared parts, not the base's
    // finds, and answers as beside a copy of the base (where it looks everything up)
    let spellings = [
        "Mohammed", "Mohamed", "Muhammad", "Mohammad", "Muhammed", "Mohamad", "Mahmood",
    ];
    let families = ["Khan", "Rahimi", "Haddad", "Nasser"];
    let everyone: Vec<(String, String)> = spellings
        .iter()
        .flat_map(|given| {
            families
                .iter()
                .map(move |family| format!("{given} {family}"))
        })
        .enumerate()
        .map(|(at, name)| (format!("b{at}"), name))
        .collect();
    let base = list(&everyone, None);
    let copy = list(&everyone, None);
    let single = list(
        &[("s0".to_string(), "Mohammed Tariq".to_string())],
        Some(&base),
    );
    let config = MatchConfig::default();
    for query in [
        "Mohamed Tariq",
        "Muhammad Tariq",
        "Mohammed Khan",
        "Tariq Mohamad",
        // found by the shared part alone
        "Mohamed",
        "Muhammad",
    ] {
        let beside_base =
            Watchlist::screen_lists(&[&base, &single], None, &person(query), 50, 0.0, &config);
        let beside_copy =
            Watchlist::screen_lists(&[&copy, &single], None, &person(query), 50, 0.0, &config);
        assert_eq!(beside_base, beside_copy, "{query:?}");
        assert!(
            beside_base.iter().any(|(at, _)| *at == 1),
            "{query}: the segment's record not found"
        );
    }
}

#[test]
fn a_part_common_in_the_whole_is_common_in_a_segment_too() {
    // "Idris" is carried by eight entries of the base and three of a segment: with parts
    // carried by more than five common, it only adds to candidates found otherwise, in the
    // segment as in one list of all; asked on its own, the segment found its three Idris
    // rare and brought them in beside every query naming an Idris
    let config = MatchConfig {
        rare_part_postings: 5,
        ..MatchConfig::default()
    };
    let in_base: Vec<(String, String)> = FAMILY[1..9]
        .iter()
        .enumerate()
        .map(|(at, family)| (format!("b{at}"), format!("Idris {family}")))
        .chain([("q".to_string(), "Orla Quenby".to_string())])
        .collect();
    let in_segment: Vec<(String, String)> = FAMILY[9..]
        .iter()
        .chain(["Sallow", "Brennock"].iter())
        .enumerate()
        .map(|(at, family)| (format!("s{at}"), format!("Idris {family}")))
        .collect();
    let base = list(&in_base, None);
    let segment = list(&in_segment, Some(&base));
    let mut everyone = in_base.clone();
    everyone.extend(in_segment.iter().cloned());
    let whole = list(&everyone, None);
    // the ids found for `name` in one list of all, and in base and segment together
    let found = |name: &str| {
        let query = person(name);
        let mut one: Vec<String> = whole
            .screen(&query, 20, &config)
            .iter()
            .map(|candidate| candidate.id.to_string())
            .collect();
        let mut together: Vec<String> =
            Watchlist::screen_lists(&[&base, &segment], None, &query, 20, 0.0, &config)
                .iter()
                .map(|(_, candidate)| candidate.id.to_string())
                .collect();
        one.sort_unstable();
        together.sort_unstable();
        (one, together)
    };
    // found by "Quenby": "Idris" reorders, brings no one in
    let (one, together) = found("Idris Quenby");
    assert_eq!(one, ["q"]);
    assert_eq!(together, one);
    // nothing else found: every Idris is followed, in the base and in the segment
    let (one, together) = found("Idris Unlisted");
    assert_eq!(one.len(), 11, "{one:?}");
    assert_eq!(together, one);
}
