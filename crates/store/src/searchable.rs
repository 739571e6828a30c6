//! A person record's names as its owner's search finds them
//! ([`crate::concepts::Records::search_records`]): the values of the entity's `name`,
//! `alias` and `weakAlias` in their search form ([`gatecheck_engine::text::search_form`]),
//! one a line, kept beside the entity (`record.searchable_names`, filled by every write of
//! the record and emptied by its purge), so that a search reads one short column of the
//! owner's rows instead of every entity. Both backends compute it here, so they find the
//! same records.

use gatecheck_engine::text::search_form;
use serde_json::Value;

/// The entity's properties whose values a search looks in.
pub const SEARCHED_PROPERTIES: [&str; 3] = ["name", "alias", "weakAlias"];

/// The most words of a search that are looked for (the rest are left out).
pub const MAX_SEARCH_WORDS: usize = 8;

/// The longest search, in characters, that is read.
pub const MAX_SEARCH_CHARS: usize = 200;

/// The names of an entity (a FollowTheMoney entity as one JSON line) as a search compares
/// them: each value of [`SEARCHED_PROPERTIES`] in its search form, each once, one a line
/// (so that no word of a search is found across two names). Empty for a purged record's
/// empty entity, and for text that is not an entity.
pub fn searchable_names(entity: &str) -> String {
    let Ok(entity) = serde_json::from_str::<Value>(entity) else {
        return String::new();
    };
    let mut names: Vec<String> = Vec::new();
    for property in SEARCHED_PROPERTIES {
        let values = entity["properties"][property].as_array();
        for value in values.into_iter().flatten().filter_map(Value::as_str) {
            let name = search_form(value);
            if !name.is_empty() && !names.contains(&name) {
                names.push(name);
            }
        }
    }
    names.join("\n")
}

/// The words of a search, in their search form, each once: at most [`MAX_SEARCH_WORDS`]
/// of the first [`MAX_SEARCH_CHARS`] characters. None for a search of no letter or digit.
pub fn search_words(text: &str) -> Vec<String> {
    let read: String = text.chars().take(MAX_SEARCH_CHARS).collect();
    let mut words: Vec<String> = Vec::new();
    for word in search_form(&read).split(' ') {
        if words.len() == MAX_SEARCH_WORDS {
            break;
        }
        if !word.is_empty() && !words.iter().any(|known| known == word) {
            words.push(word.to_string());
        }
    }
    words
}

/// The SQL condition that a record's `searchable_names` hold each of `words` words: one
/// `function(searchable_names, word) > 0` a word (SQLite's `instr`, PostgreSQL's
/// `strpos`: a substring, no wildcard), the words bound as parameters numbered from
/// `first` with `sign` (`?` or `$`); false when there is no word. A search has at most
/// [`MAX_SEARCH_WORDS`] words, so a backend prepares at most that many statements of each
/// kind, once.
pub(crate) fn names_hold_every_word(
    function: &str,
    sign: &str,
    first: usize,
    words: usize,
) -> String {
    if words == 0 {
        return "FALSE".to_string();
    }
    (first..first + words)
        .map(|number| format!("{function}(searchable_names, {sign}{number}) > 0"))
        .collect::<Vec<_>>()
        .join(" AND ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_aliases_and_weak_aliases_are_kept_one_a_line_in_their_search_form() {
        let entity = r#"{"id":"iq-1","schema":"Person","properties":{
            "name":["Abū Bakr al-Baghdādī","أبو بكر البغدادي"],
            "alias":["Ibrahim Awwad Ibrahim","ABU BAKR AL BAGHDADI"],
            "weakAlias":["Abu Du'a"],
            "birthDate":["1971-07-28"],"nationality":["iq"]}}"#;
        assert_eq!(
            searchable_names(entity),
            "abu bakr al baghdadi\nابو بكر البغدادي\nibrahim awwad ibrahim\nabu dua"
        );
        assert_eq!(searchable_names(""), "", "a purged record's");
        assert_eq!(
            searchable_names(r#"{"id":"x","schema":"Person","properties":{}}"#),
            ""
        );
    }

    #[test]
    fn a_search_is_its_words_each_once_and_bounded() {
        assert_eq!(search_words("  Al-Baghdādī  al "), ["al", "baghdadi"]);
        assert_eq!(search_words("البغدادي"), ["البغدادي"]);
        assert_eq!(search_words(" - ' "), Vec::<String>::new());
        let many = "a b c d e f g h i j k";
        assert_eq!(search_words(many).len(), MAX_SEARCH_WORDS);
    }
}
