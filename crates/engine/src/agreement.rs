//! How much two spellings' agreement says, in nats, and the rule that a likeness among many
//! listed names must say more than chance.
//!
//! A name score is a likeness: two short parts one letter apart (`tin`, `tihon`) and two long
//! parts four letters apart can score alike, though the long pair is far less likely to agree
//! so well by chance. [`spelling_evidence`] counts what a pair of spellings says: the natural
//! log of the ratio of two chances, that of the two spellings as one name written twice (each
//! letter copied, changed, dropped or added, a copy thirty times as likely as any one edit)
//! and that of two names written independently (each letter any of 26, names of six letters
//! on average). It is a memoryless stochastic edit model (Ristad and Yianilos, 1998) summed
//! over every alignment, with no parameter learned from any list: a copied letter adds about
//! 2.9 nats, a changed one takes away 0.5, one dropped or added 3.9; two neighbouring
//! letters swapped, one slip of typing, add 2.4 (two copied, 5.8).
//!
//! Among N listed names, about N chance likenesses are tried for each query; one stands out
//! only if its evidence is more than `ln N`, as a search of a large database asks of a hit
//! (a BLAST E-value). [`chance_likeness`] holds down a name score whose aligned spellings say
//! less than `ln N + CHANCE_MARGIN_NATS`, by [`CHANCE_SCORE_PER_NAT`] for each nat short, so
//! a loose likeness of short parts flagged beside twenty thousand names falls under the
//! threshold beside a million, and a long name agreeing as loosely does not. It only holds
//! down (a name spelt the same, score 1.0, is never held), so a screening that proves a
//! candidate cannot reach a threshold without it still proves it.

use crate::compare::{aligned_spellings, side_parts, NameComparison, Side};
use crate::names::{NamePart, PartRole};

/// Letters an alphabet has, for the chance of a letter in a name written independently.
const ALPHABET: f64 = 26.0;
/// How many times likelier a copied letter is than any one edit.
const COPY_WEIGHT: f64 = 30.0;
/// A name's mean length in letters, for the chance that a name ends where it does.
const MEAN_LETTERS: f64 = 6.0;
/// Letters of a spelling read, at most (a whole name read as one word is longer than a
/// part; the ratio is bounded so as not to overflow).
const MOST_LETTERS: usize = 96;

/// The evidence, beyond `ln N`, a likeness must carry to stand out among N listed names.
pub const CHANCE_MARGIN_NATS: f64 = 6.0;
/// How much a name score is held down for each nat of evidence short of that.
pub const CHANCE_SCORE_PER_NAT: f32 = 0.005;
/// Name scores below this are not held: alone they match nothing, and the qualifiers that
/// may lift them (a date of birth, an address) are evidence against chance of their own.
pub const CHANCE_FROM: f32 = 0.6;

/// The letters of `text`, lower case, as [`spelling_evidence`] reads them.
fn letters(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphabetic())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The log-likelihood ratio, in nats, of `a` and `b` as one name written twice against two
/// names written independently (see the module's text). Letters only, lower case; 0 when
/// either has none.
pub fn spelling_evidence(a: &str, b: &str) -> f64 {
    // the letters of each, lower case, on the stack (a comparison is made for every
    // candidate scored)
    let read_letters = |text: &str, into: &mut [char; MOST_LETTERS]| -> usize {
        let mut count = 0;
        for c in text
            .chars()
            .filter(|c| c.is_alphabetic())
            .flat_map(char::to_lowercase)
            .take(MOST_LETTERS)
        {
            into[count] = c;
            count += 1;
        }
        count
    };
    let (mut a_letters, mut b_letters) = (['\0'; MOST_LETTERS], ['\0'; MOST_LETTERS]);
    let (a_count, b_count) = (
        read_letters(a, &mut a_letters),
        read_letters(b, &mut b_letters),
    );
    let (a, b) = (&a_letters[..a_count], &b_letters[..b_count]);
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    // the edit model: a copy, a change of one letter into another, a letter dropped or
    // added, the end; normalised over all of them
    let total = COPY_WEIGHT * ALPHABET + ALPHABET * (ALPHABET - 1.0) + 2.0 * ALPHABET + ALPHABET;
    let (copy, change, gap, end) = (
        COPY_WEIGHT / total,
        1.0 / total,
        1.0 / total,
        ALPHABET / total,
    );
    // two independent names: each letter one of the alphabet's, each name ending after a
    // letter with the chance a mean length gives
    let stop = 1.0 / (MEAN_LETTERS + 1.0);
    let letter = (1.0 - stop) / ALPHABET;
    // the forward sum over alignments, each step divided by the chance of the letters it
    // takes under independence, so the values stay in range
    let (copy, change, gap) = (
        copy / (letter * letter),
        change / (letter * letter),
        gap / letter,
    );
    // two neighbouring letters swapped, a slip of typing the engine counts as one edit
    // (`pneg`, `peng`): as likely as the two copied letters are against one edit
    let swap = copy * copy / COPY_WEIGHT;
    // three rows of the forward table: this one, the one before, and the one before that
    // (for a swap)
    let width = b.len() + 1;
    let mut rows = [[0f64; MOST_LETTERS + 1]; 3];
    for i in 0..=a.len() {
        let (done, current) = rows.split_at_mut(2);
        let (before, current) = (&done[..], &mut current[0]);
        // rows[0] is two rows back, rows[1] one row back
        for j in 0..width {
            current[j] = if i == 0 && j == 0 {
                1.0
            } else {
                let mut value = 0.0;
                if i > 0 && j > 0 {
                    let step = if a[i - 1] == b[j - 1] { copy } else { change };
                    value += before[1][j - 1] * step;
                }
                if i > 1
                    && j > 1
                    && a[i - 1] != a[i - 2]
                    && a[i - 1] == b[j - 2]
                    && a[i - 2] == b[j - 1]
                {
                    value += before[0][j - 2] * swap;
                }
                if i > 0 {
                    value += before[1][j] * gap;
                }
                if j > 0 {
                    value += current[j - 1] * gap;
                }
                value
            };
        }
        rows.rotate_left(1);
        // now rows[1] is this row, rows[0] the one before it; rows[2] is reused
    }
    (rows[1][b.len()] * end / (stop * stop)).ln()
}

/// Whether a name score is a likeness that `listed_total` listed names would give by chance
/// (see the module's text): the detail for the explanation and the score it is held at, or
/// `None`. Reads the spellings each aligned pair agreed by, as the explanation shows them.
pub fn chance_likeness(
    comparison: &NameComparison,
    query_parts: &[&NamePart],
    listed_parts: &[&NamePart],
    listed_total: usize,
) -> Option<(String, f32)> {
    // a name spelt the same is no chance likeness; one another rule held (another person
    // unless qualifiers say otherwise) is that rule's; one below `CHANCE_FROM` matches only
    // by its qualifiers, which weigh it as they weigh any name
    if comparison.score >= 1.0
        || comparison.score < CHANCE_FROM
        || !comparison.rules.is_empty()
        || comparison.aligned.is_empty()
        || listed_total < 2
    {
        return None;
    }
    let evidence: f64 = comparison
        .aligned
        .iter()
        .map(|pair| {
            let (query, listed) = aligned_spellings(pair, query_parts, listed_parts);
            spelling_evidence(&query, &listed)
        })
        .sum();
    let needed = (listed_total as f64).ln() + CHANCE_MARGIN_NATS;
    if evidence >= needed {
        return None;
    }
    let held_at = comparison.score - CHANCE_SCORE_PER_NAT * (needed - evidence) as f32;
    Some((
        format!(
            "the spellings agree by {evidence:.1} nats; among {listed_total} listed names a likeness needs {needed:.1} to stand out from chance"
        ),
        held_at.max(0.0),
    ))
}

/// Whether two organisations' names agree, in their words, by less evidence than chance
/// gives among `listed_total` listed names: the detail for the explanation, or `None`.
///
/// A company's name is chosen whole and written as registered, so it often rests on one
/// or two words of its own (`HRUSKA, S.A. DE C.V.`), the rest being generic words and a
/// legal form that many companies share. Two such names one letter apart (`HRUSKA` and
/// `RUSKA`, `POPOV` and `POPOVA`) score near 1.0 by the leniencies that person names need,
/// yet among N listed names about N e^-E chance likenesses carry evidence E or more (the
/// evidence being a likelihood ratio, see [`spelling_evidence`]): below `ln N` one is
/// expected by chance alone, and the likeness names another company as often as this one.
/// Only the words count (name parts; generic words, particles and initials are shared by
/// many names and say little of which company is meant), and only when
/// - every word pair is written in one script on both sides (a reading from another script
///   guesses its letters, and its evidence would be understated),
/// - and some word pair is not spelt the same (a name spelt the same is no likeness).
///
/// What the rest of the two names copies is evidence too: a generic word spelt the same on
/// both sides, and legal forms written alike (`ORIMAR LTDA.` mistyped `RIMAR LTDA.`; not
/// `HRUSKA, S.A. DE C.V.` against `PJSC RUSKA GENERAL`), counted as copied letters;
/// `forms_alike` gives the forms' part, read only when the words fall short.
///
/// Unlike [`chance_likeness`], which takes a little off for each nat short of
/// `ln N` and a margin (a person's name has other parts and qualifiers to agree), this holds
/// the name at the organisations' rules' score: the likeness is no match by name alone.
pub fn chance_words(
    comparison: &NameComparison,
    query_parts: &[&NamePart],
    listed_parts: &[&NamePart],
    listed_total: usize,
    forms_alike: &dyn Fn() -> f64,
) -> Option<String> {
    if comparison.score < CHANCE_FROM || listed_total < 2 {
        return None;
    }
    let is_word = |part: &&NamePart| part.role == PartRole::Name;
    let (mut evidence, mut rest) = (0.0, 0.0);
    let mut spelt_otherwise = false;
    let mut words = 0;
    for pair in &comparison.aligned {
        if matches!(pair.query, Side::Whole { .. }) || matches!(pair.listed, Side::Whole { .. }) {
            return None;
        }
        let (query, listed) = (
            side_parts(&pair.query, query_parts),
            side_parts(&pair.listed, listed_parts),
        );
        let (query_spelling, listed_spelling) = aligned_spellings(pair, query_parts, listed_parts);
        let spelt_alike = letters(&query_spelling) == letters(&listed_spelling);
        if !query.iter().any(is_word) || !listed.iter().any(is_word) {
            // a generic word copied
            if spelt_alike {
                rest += spelling_evidence(&query_spelling, &listed_spelling);
            }
            continue;
        }
        let script = query[0].script;
        if !query
            .iter()
            .chain(&listed)
            .all(|part| part.script == script)
        {
            return None;
        }
        spelt_otherwise |= !spelt_alike;
        evidence += spelling_evidence(&query_spelling, &listed_spelling);
        words += 1;
    }
    let needed = (listed_total as f64).ln();
    if words == 0 || !spelt_otherwise || evidence >= needed {
        return None;
    }
    let evidence = evidence + rest + forms_alike();
    if evidence >= needed {
        return None;
    }
    Some(format!(
        "the words and what else is copied agree by {evidence:.1} nats; among {listed_total} listed names chance alone gives a likeness of {needed:.1}: another organisation?"
    ))
}

/// The evidence of two names' legal forms written alike (letters copied), 0 when either has
/// none or they are written otherwise: for [`chance_words`].
pub fn forms_alike(query: &str, listed: &str) -> f64 {
    let written = |name: &str| -> Option<String> {
        let forms = crate::legal_forms::strip(name)?.forms;
        let written: String = forms.iter().map(|form| form.written.as_str()).collect();
        Some(letters(&written)).filter(|letters| !letters.is_empty())
    };
    match (written(query), written(listed)) {
        (Some(query), Some(listed)) if query == listed => spelling_evidence(&query, &listed),
        _ => 0.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::PartComparison;
    use crate::compare::{compare_names, compare_parts, role_weight, NameMatchConfig, Side};
    use crate::names::{parse_name, parse_organisation_name};

    fn compared(query: &str, listed: &str) -> (NameComparison, Vec<NamePart>, Vec<NamePart>) {
        compared_as(query, listed, parse_name)
    }

    /// Two names read by `parse` and compared part by part, each part at its role's weight.
    fn compared_as(
        query: &str,
        listed: &str,
        parse: fn(&str) -> crate::names::Name,
    ) -> (NameComparison, Vec<NamePart>, Vec<NamePart>) {
        let config = NameMatchConfig::default();
        let (query, listed) = (parse(query), parse(listed));
        let query_parts: Vec<&NamePart> = query.parts.iter().collect();
        let listed_parts: Vec<&NamePart> = listed.parts.iter().collect();
        let weights = |parts: &[&NamePart]| -> Vec<f32> {
            parts.iter().map(|part| role_weight(part.role)).collect()
        };
        let mut compare = |side: &Side, l: usize| match *side {
            Side::One(q) => compare_parts(query_parts[q], listed_parts[l], &config),
            _ => PartComparison::NONE,
        };
        let comparison = compare_names(
            &query_parts,
            &listed_parts,
            &weights(&query_parts),
            &weights(&listed_parts),
            &mut compare,
            &config,
        );
        (comparison, query.parts.clone(), listed.parts.clone())
    }

    /// [`chance_words`] of two organisations' names among `listed_total`, their legal
    /// forms read as the engine reads them.
    fn words_held(query: &str, listed: &str, listed_total: usize) -> Option<String> {
        let (comparison, query_parts, listed_parts) =
            compared_as(query, listed, parse_organisation_name);
        let query_parts: Vec<&NamePart> = query_parts.iter().collect();
        let listed_parts: Vec<&NamePart> = listed_parts.iter().collect();
        assert!(
            comparison.score >= 0.7,
            "{query} / {listed}: {}",
            comparison.score
        );
        chance_words(
            &comparison,
            &query_parts,
            &listed_parts,
            listed_total,
            &|| forms_alike(query, listed),
        )
    }

    #[test]
    fn an_organisations_word_one_slip_from_a_listed_one_is_chance_among_many_names() {
        // one word of six letters a silent letter apart, nothing else copied: a match
        // beside a few thousand names, chance beside a hundred thousand
        assert_eq!(
            words_held("HRUSKA, S.A. DE C.V.", "PJSC RUSKA GENERAL", 5_000),
            None
        );
        let held = words_held("HRUSKA, S.A. DE C.V.", "PJSC RUSKA GENERAL", 100_000);
        assert!(
            held.as_deref()
                .is_some_and(|detail| detail.contains("100000")),
            "{held:?}"
        );
        assert!(words_held("NIREEF", "NIREF", 100_000).is_some());
        // the legal form copied as well says more: a typing slip of the listed name
        assert_eq!(words_held("RIMAR LTDA.", "ORIMAR LTDA.", 100_000), None);
        // so does a generic word copied
        assert_eq!(words_held("KAVVE TRADING", "KAVE TRADING", 100_000), None);
        // the same words are no likeness, however many names are listed; nor is a word
        // read from another script, its letters guessed
        assert_eq!(words_held("RUSKA S.A.", "PJSC RUSKA", 10_000_000), None);
        assert_eq!(words_held("ХРУСКА", "RUSKA", 10_000_000), None);
        // long words one slip apart carry their own evidence
        assert_eq!(
            words_held("ROSOBORONEXPORTT", "ROSOBORONEXPORT", 10_000_000),
            None
        );
    }

    fn held(query: &str, listed: &str, listed_total: usize) -> (f32, Option<f32>) {
        let (comparison, query_parts, listed_parts) = compared(query, listed);
        let query_parts: Vec<&NamePart> = query_parts.iter().collect();
        let listed_parts: Vec<&NamePart> = listed_parts.iter().collect();
        let held = chance_likeness(&comparison, &query_parts, &listed_parts, listed_total)
            .map(|(_, held_at)| held_at);
        (comparison.score, held)
    }

    #[test]
    fn a_loose_likeness_of_short_names_is_held_more_the_more_names_are_listed() {
        // two short parts each loosely alike, as an innocent traveller's name (a Korean
        // `쉰 가화` read `swin gahwa`) meets some listed name in a large list: a match at
        // 0.7 part by part, held under it beside 20,000 names and further beside a million
        let (score, among_few) = held("Swin Gahwa", "Scin Guha", 20_000);
        let (_, among_many) = held("Swin Gahwa", "Scin Guha", 1_000_000);
        let (among_few, among_many) = (among_few.unwrap(), among_many.unwrap());
        assert!(score >= 0.7, "{score}");
        assert!(
            among_few < 0.7 && among_many < among_few,
            "{among_few} {among_many}"
        );
        // a likeness of hardly a letter in common is held far down
        let (score, held_down) = held("Olf Kaylach", "Alf Klotz", 20_000);
        assert!(
            score >= 0.7 && held_down.unwrap() < 0.65,
            "{score} {held_down:?}"
        );
        // ln(1,000,000 / 20,000) nats more are asked for, at 0.005 a nat
        let step = CHANCE_SCORE_PER_NAT * (50f32).ln();
        assert!((among_few - among_many - step).abs() < 1e-4);
        // long names agreeing as loosely carry their own evidence, among a million too
        let (long, long_held) = held("Lifinghstun Bernhardt", "Livingston Bernardo", 1_000_000);
        assert!(long < 1.0 && long > 0.7, "{long}");
        assert_eq!(long_held, None);
    }

    #[test]
    fn names_spelt_the_same_or_already_held_or_below_a_likeness_are_left() {
        // the same name, however short and however many are listed
        assert_eq!(held("Li Na", "Li Na", 1_000_000), (1.0, None));
        // too unlike to match alone: its qualifiers decide
        let (score, none) = held("Tw Peta", "Daniel Tow", 1_000_000);
        assert!(score < CHANCE_FROM, "{score}");
        assert_eq!(none, None);
        // held by another rule already: that rule's
        let (mut comparison, query_parts, listed_parts) = compared("Tin Masani", "Tihon Mishin");
        comparison.hold(crate::compare::RuleKind::OnePartAlone, String::new(), 0.65);
        let query_parts: Vec<&NamePart> = query_parts.iter().collect();
        let listed_parts: Vec<&NamePart> = listed_parts.iter().collect();
        assert_eq!(
            chance_likeness(&comparison, &query_parts, &listed_parts, 1_000_000),
            None
        );
    }

    #[test]
    fn long_names_agreeing_loosely_say_more_than_short_ones() {
        // the same share of letters changed: a long pair says far more
        let short = spelling_evidence("tin", "tihon");
        let long = spelling_evidence("lifinghstun", "livingston");
        assert!(long > short + 10.0, "{long} {short}");
        // a copied letter adds, an edit takes away; two letters swapped are one slip
        assert!(spelling_evidence("karim", "karim") > spelling_evidence("karim", "kareem"));
        let swapped = spelling_evidence("pneg", "peng");
        assert!(
            swapped > spelling_evidence("pxyg", "peng") + 3.0,
            "{swapped}"
        );
        assert!(swapped < spelling_evidence("peng", "peng"), "{swapped}");
        assert!(spelling_evidence("karim", "kareem") > spelling_evidence("karim", "qasim"));
        // unlike names say less than nothing
        assert!(spelling_evidence("masani", "gordon") < 0.0);
        // letters only, any case
        assert_eq!(
            spelling_evidence("Jean-Luc", "jeanluc"),
            spelling_evidence("jeanluc", "JEANLUC")
        );
        assert_eq!(spelling_evidence("", "abc"), 0.0);
        assert_eq!(spelling_evidence("-", "abc"), 0.0);
        // a long spelling neither overflows nor panics
        let long = "a".repeat(500);
        assert!(spelling_evidence(&long, &long).is_finite());
    }
}
