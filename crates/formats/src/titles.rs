//! Titles written with given names (`MR`, `MRS`, `DR` ...) in passenger data: taken apart
//! from the names, so that a title is kept with the traveller and never screened as a name.

/// Whether the source glues a title to the end of the last given name (`JOHNMR`), as
/// airline reservation systems do in PNR name fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Glued {
    Written,
    NotWritten,
}

/// Titles (and the passenger types airlines write in their place) taken when they are a
/// word of their own before or after the given names. A short closed list: a longer one
/// would start taking names.
const TITLES: &[&str] = &[
    "MR", "MRS", "MS", "MISS", "MSTR", "MASTER", "DR", "PROF", "REV", "CHD", "INF",
];

/// Titles split from the end of a given name. `MS` and `DR` are not: common given names end
/// with them (`WILLIAMS`, `ALEXANDR`), and a name cut short is a name screened wrong. `MRS`
/// comes before `MR` so that `MARYMRS` leaves `MARY`.
const GLUED: &[&str] = &["MRS", "MR", "MISS", "MSTR"];

/// The least letters left of a name once a glued title is split from it.
const LEAST_NAME_LETTERS: usize = 2;

fn is_title(word: &str) -> bool {
    TITLES.iter().any(|title| title.eq_ignore_ascii_case(word))
}

/// The given names without their title, and the title (upper case), if there is one.
/// A title is taken as a whole word after the names (`JOHN MR`) or before them
/// (`MR JOHN`), never when it is the only word; glued to the last name (`JOHNMR`) only
/// where the source writes titles so and when at least two letters are left.
pub(crate) fn split(given_names: &str, glued: Glued) -> (String, Option<String>) {
    let mut words: Vec<&str> = given_names.split_whitespace().collect();
    let mut taken: Vec<&str> = Vec::new();
    while words.len() > 1 && words.last().is_some_and(|word| is_title(word)) {
        taken.extend(words.pop());
    }
    if taken.is_empty() && words.len() > 1 && words.first().is_some_and(|word| is_title(word)) {
        taken.push(words.remove(0));
    }
    if taken.is_empty() && glued == Glued::Written {
        if let Some(last) = words.last_mut() {
            let word: &str = last;
            let upper = word.to_ascii_uppercase();
            let split = GLUED.iter().find_map(|title| {
                let name = upper.strip_suffix(title)?;
                (name.chars().count() >= LEAST_NAME_LETTERS
                    && name.chars().all(char::is_alphabetic))
                .then_some((word.len() - title.len(), *title))
            });
            if let Some((name_bytes, title)) = split {
                // the title is ASCII, so the name ends on a character boundary
                if let Some(name) = word.get(..name_bytes) {
                    *last = name;
                    return (words.join(" "), Some(title.to_string()));
                }
            }
        }
    }
    let title = (!taken.is_empty()).then(|| {
        taken.reverse();
        taken.join(" ").to_ascii_uppercase()
    });
    (words.join(" "), title)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(given_names: &str, glued: Glued, expected: (&str, Option<&str>)) {
        let (names, title) = split(given_names, glued);
        assert_eq!(
            (names.as_str(), title.as_deref()),
            expected,
            "{given_names:?}"
        );
    }

    #[test]
    fn titles_are_taken_as_words_and_glued_only_where_written_so() {
        use Glued::*;
        check("JOHN MR", NotWritten, ("JOHN", Some("MR")));
        check("MRS ANN MARIE", NotWritten, ("ANN MARIE", Some("MRS")));
        check("ANN MARIE mrs", NotWritten, ("ANN MARIE", Some("MRS")));
        check("JOHNMR", Written, ("JOHN", Some("MR")));
        check("WILLIAMMR", Written, ("WILLIAM", Some("MR")));
        check("MARYMRS", Written, ("MARY", Some("MRS")));
        check("ANNE MARIEMISS", Written, ("ANNE MARIE", Some("MISS")));
        check("PETERMSTR", Written, ("PETER", Some("MSTR")));
        // not split: not written so, too little left, or a name's own ending
        check("JOHNMR", NotWritten, ("JOHNMR", None));
        check("AMR", Written, ("AMR", None));
        check("MR", Written, ("MR", None));
        check("WILLIAMS", Written, ("WILLIAMS", None));
        check("ALEXANDR", Written, ("ALEXANDR", None));
        check("J0MR", Written, ("J0MR", None));
        check("", Written, ("", None));
        // a multi-byte name keeps its characters
        check("JOSÉMR", Written, ("JOSÉ", Some("MR")));
    }
}
