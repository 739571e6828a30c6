//! Finding candidates in a crowded list: a listed name is found however many listed names
//! share the consonants of its parts.

use gatecheck_engine::names::parse_name;
use gatecheck_engine::person::{EntityKind, Person};
use gatecheck_engine::watchlist::{MatchConfig, Watchlist, WatchlistBuilder};

fn person(name: &str) -> Person {
    let mut person = Person::new(EntityKind::Person);
    person.add_name(parse_name(name));
    person
}

/// Fictional persons whose given names are spelt with the consonants n, s (or z) and l, and
/// whose family names with s (or z), m and n: 108 spellings of each, so that both keys
/// are common (as Nasir, Nasser, Nazir, Nisar and their kin, Osman, Simon, Usman and
/// theirs are in a large list), and the name pairs of an Arabic `نصير سمعان` find every
/// one of them; and, listed last, the person asked for.
fn crowded_list() -> Watchlist {
    let mut builder = WatchlistBuilder::new();
    let vowels = ["a", "e", "i", "o", "u", "ou"];
    let mut given = Vec::new();
    let mut family = Vec::new();
    for first in vowels {
        for second in vowels {
            for sibilant in ["s", "z", "ss"] {
                given.push(format!("N{first}{sibilant}{second}l"));
            }
            for (sibilant, m) in [("S", "m"), ("Z", "m"), ("S", "mm")] {
                family.push(format!("{sibilant}{first}{m}{second}n"));
            }
        }
    }
    for (at, (given, family)) in given.iter().zip(&family).enumerate() {
        builder.add(&format!("crowd-{at}"), person(&format!("{given} {family}")));
    }
    builder.add("naseer", person("Naseer Semaan"));
    builder.build()
}

#[test]
fn a_name_romanised_from_arabic_script_finds_its_listed_spelling_among_many_keyed_alike() {
    let list = crowded_list();
    let query = person("نصير سمعان");
    let found = |config: &MatchConfig| {
        list.screen(&query, 5, config)
            .into_iter()
            .find(|candidate| candidate.id == "naseer")
    };
    let config = MatchConfig::default();
    let naseer = found(&config).expect("Naseer Semaan found");
    assert!(naseer.score >= 0.9, "{naseer:?}");
    // the rule that finds it: the romanised part's key, shared by some hundreds of listed
    // spellings, is followed; were it followed only as a Latin part's is (when rare), the
    // person would be left behind the crowd found by name pairs
    let as_latin = MatchConfig {
        rare_romanised_part_tokens: config.rare_part_tokens,
        ..MatchConfig::default()
    };
    assert!(found(&as_latin).is_none_or(|candidate| candidate.score < 0.7));
}

#[test]
fn a_name_romanised_from_arabic_script_is_ranked_by_its_parts_among_pairs_keyed_alike() {
    // fictional persons: the one asked for, `Khoury Latif`, and others whose two parts
    // have the same consonant keys (k-r, l-t-f) but are other names, listed first
    let mut builder = WatchlistBuilder::new();
    let others = [
        "Kari Lotfi",
        "Kuri Lutfa",
        "Qurai Latafat",
        "Korey Lotfy",
        "Gary Lutfiya",
        "Khair Latifov",
        "Kira Lotfullah",
        "Carrie Lutafi",
    ];
    for (at, name) in others.iter().enumerate() {
        builder.add(&format!("other-{at}"), person(name));
    }
    builder.add("khoury", person("Khoury Latif"));
    let list = builder.build();
    let query = person("الخوري لطيف");
    // only the best-ranked entry is scored, and the romanised parts' keys are followed
    // only when rare (as in a list of a million, where they are not)
    let config = MatchConfig {
        candidates_scored: 1,
        rare_romanised_part_tokens: 1,
        rare_part_tokens: 1,
        ..MatchConfig::default()
    };
    let top = |config: &MatchConfig| list.screen(&query, 1, config).into_iter().next();
    let weighed = top(&config).expect("a candidate");
    assert_eq!(weighed.id, "khoury", "{weighed:?}");
    assert!(weighed.score >= 0.9, "{weighed:?}");
    // the rule that ranks it first: without weighing the pairs part by part, an entry
    // listed before it ranks as high
    let unweighed = MatchConfig {
        exact_pairs_weighed: 0,
        ..config
    };
    assert!(top(&unweighed).is_none_or(|candidate| candidate.id != "khoury"));
}

/// Fictional Korean names in Latin letters sharing one or two syllables with `TAK JI
/// HYEOK` (`Tak Ji Hyun`, `Jin Hyeok Tak`, with others alike: Tae, Jin, Hyun ...), 714 of
/// them, so that every part of the query is common and each part's entries, and each
/// pair's, outrank part by part a listed name written as one word in Hangul; and, listed
/// last, `listed`: that name (`탁지혁`), or it in Latin parts (`Tak Ji Hyeok`).
fn korean_crowd(listed: &str) -> Watchlist {
    let mut builder = WatchlistBuilder::new();
    let syllables = [
        "Tak", "Ji", "Hyeok", "Tae", "Jin", "Hyun", "Tan", "Jae", "Hyo", "Dak",
    ];
    let mut at = 0;
    for a in syllables {
        for b in syllables {
            for c in syllables {
                let shared = [a, b, c]
                    .iter()
                    .filter(|s| ["Tak", "Ji", "Hyeok"].contains(s))
                    .count();
                if a == b || b == c || a == c || shared > 2 {
                    continue;
                }
                builder.add(&format!("crowd-{at}"), person(&format!("{a} {b} {c}")));
                at += 1;
            }
        }
    }
    builder.add("tak", person(listed));
    builder.build()
}

#[test]
fn a_name_in_parts_finds_the_listed_name_written_as_one_word_among_many_sharing_its_parts() {
    let list = korean_crowd("탁지혁");
    // the whole name looked up as one word: were its hit one part's evidence, it would be
    // ranked far below the places scored (180th among names sharing one syllable each)
    for query in ["TAK JI HYEOK", "JI HYEOK TAK"] {
        let found = list
            .screen(&person(query), 5, &MatchConfig::default())
            .into_iter()
            .find(|candidate| candidate.id == "tak");
        let found = found.unwrap_or_else(|| panic!("{query}: 탁지혁 not found"));
        assert!(found.score >= 0.9, "{query}: {found:?}");
    }
}

#[test]
fn a_name_written_as_one_word_finds_the_listed_name_in_parts_among_many_sharing_them() {
    // the other way round: the word is looked up as its family name (탁) and the rest (지혁),
    // which the list's short pair `Ji Hyeok` meets
    let list = korean_crowd("Tak Ji Hyeok");
    let found = list
        .screen(&person("탁지혁"), 5, &MatchConfig::default())
        .into_iter()
        .find(|candidate| candidate.id == "tak")
        .expect("Tak Ji Hyeok found");
    assert!(found.score >= 0.9, "{found:?}");
}
