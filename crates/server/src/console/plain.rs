//! A hit in plain words, for an officer who is not an engineer: how urgent it is (the
//! severity its banner's colour and first word show), what kind of hit it is ("stolen
//! passport", "listed person", "a relative?"), one sentence of why it was raised, the score
//! and each detail's effect in words, and names marked as they were recorded, never in the
//! engine's normalised forms.

use super::text::Texts;
use gatecheck_service::access::RecordView;
use gatecheck_service::manifests::asks_no_board;
use maud::{html, Markup};
use serde_json::Value;

/// How urgent a hit is, as its banner shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Decided and nothing more to do (cleared as a false positive).
    Closed,
    /// Check before the traveller goes on: the owner's action is not one that stops them,
    /// or the record is withheld and the owner must be asked.
    Check,
    /// The owner asks that the traveller be stopped: not boarded, arrested, detained, the
    /// document seized.
    Stop,
}

impl Severity {
    pub fn code(self) -> &'static str {
        match self {
            Severity::Closed => "closed",
            Severity::Check => "check",
            Severity::Stop => "stop",
        }
    }

    pub fn word(self, t: &Texts) -> &'static str {
        match self {
            Severity::Closed => t.severity_closed,
            Severity::Check => t.severity_check,
            Severity::Stop => t.severity_stop,
        }
    }
}

/// Words of an owner's action that stop the traveller, in English and Arabic, as the
/// stems officers write them with (`arrest`, `detained`, `seize the document`, `اعتقال`,
/// `مصادرة الوثيقة`). An action that names none of them is one to check, never less.
const STOPPING_STEMS: [&str; 16] = [
    "arrest",
    "detain",
    "apprehend",
    "seiz",
    "confiscat",
    "retain the",
    "اعتقا",
    "اعتقل",
    "القبض",
    "قبض على",
    "احتجا",
    "احتجز",
    "توقيف",
    "مصادر",
    "ضبط",
    "منع",
];

/// The severity of an owner's action: [`Severity::Stop`] when it asks that the traveller
/// not board (as a flight's verdict reads it) or be arrested, detained or the document
/// seized; [`Severity::Check`] otherwise.
pub fn action_severity(action: &str) -> Severity {
    let action = action.to_lowercase();
    if asks_no_board(&action) || STOPPING_STEMS.iter().any(|stem| action.contains(stem)) {
        Severity::Stop
    } else {
        Severity::Check
    }
}

/// The severity of a hit in `status` on a record seen as `record`: a false positive is
/// closed; otherwise the action decides, and a withheld record is one to check with its
/// owner.
pub fn hit_severity(status: &str, record: &RecordView) -> Severity {
    if status == "false-positive" {
        return Severity::Closed;
    }
    record_action(record).map_or(Severity::Check, action_severity)
}

/// The owner's action on a record the member sees whole; `None` when it is withheld.
pub fn record_action(record: &RecordView) -> Option<&str> {
    match record {
        RecordView::Person { record, .. } => Some(&record.action),
        RecordView::Document { document, .. } => Some(&document.terms.action),
        RecordView::ContactOwner { .. } | RecordView::ReferToOwner => None,
    }
}

/// What kind of hit it is, in words: the document's status and type ("Stolen passport"),
/// "a relative of a listed person?" when the names agree but for the first given name, a
/// listed person otherwise, or a record withheld.
pub fn hit_kind(t: &Texts, record: &RecordView, explanation: Option<&Value>) -> String {
    match record {
        RecordView::Document { document, .. } => {
            (t.document_alert)(document.document.status.as_str(), &document.document.kind)
        }
        RecordView::Person { .. } if explanation.is_some_and(holds_relative_rule) => {
            t.kind_relative.to_string()
        }
        RecordView::Person { record, .. } => {
            let schema = serde_json::from_str::<Value>(&record.entity)
                .ok()
                .and_then(|entity| {
                    entity
                        .get("schema")
                        .and_then(Value::as_str)
                        .map(str::to_string)
                });
            match schema.as_deref() {
                Some("Person") | None => t.kind_person.to_string(),
                Some(_) => t.kind_organisation.to_string(),
            }
        }
        RecordView::ContactOwner { .. } | RecordView::ReferToOwner => t.kind_withheld.to_string(),
    }
}

/// Whether the engine held the name score down as a relative's (names agreeing but for
/// the first given name).
fn holds_relative_rule(explanation: &Value) -> bool {
    explanation
        .get("rules")
        .and_then(Value::as_array)
        .is_some_and(|rules| {
            rules
                .iter()
                .any(|rule| rule.get("rule").and_then(Value::as_str) == Some("relative"))
        })
}

/// The banner a hit leads with: the severity in a word and a colour, the kind of hit, and
/// what to do (the owner's action, or what the status leaves to do).
pub fn banner(
    t: &Texts,
    severity: Severity,
    kind: &str,
    action: Option<&str>,
    status: &str,
    why: Option<&str>,
) -> Markup {
    html! {
        div class={ "banner banner-" (severity.code()) } {
            p class="banner-head" {
                strong class="severity" { (severity.word(t)) } " "
                span class="kind" { (kind) }
            }
            @if status == "false-positive" {
                p { (t.cleared_note) }
            } @else {
                @match action {
                    Some(action) => p class="banner-action" {
                        (t.owner_asks) " " strong class="action" { bdi { (action) } }
                    },
                    None => p class="banner-action" { (t.withheld_action) },
                }
                @match status {
                    "escalated" => p { (t.escalated_note) },
                    "confirmed" => p { (t.confirmed_note) },
                    _ if severity == Severity::Stop => p { (t.stop_note) },
                    _ => {},
                }
            }
            @if let Some(why) = why {
                p class="why" { (why) }
            }
        }
    }
}

/// A score in words, with its figure: "very high (0.97)".
pub fn score_in_words(t: &Texts, score: f64) -> String {
    format!("{} ({score:.2})", (t.score_words)(score))
}

/// One sentence of why a hit on a person or an organisation was raised, in the officer's
/// language: how the names agree, then each detail compared (date of birth, nationality,
/// sex, document number, address, identifiers), and, for a listed person (`born`), that no
/// date of birth could be compared when none was (an organisation has none).
pub fn why_sentence(t: &Texts, explanation: &Value, born: bool) -> String {
    let parts = explanation
        .get("parts")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default();
    let unmatched = ["unmatched_query_parts", "unmatched_listed_parts"]
        .map(|key| {
            explanation
                .get(key)
                .and_then(Value::as_array)
                .map_or(0, Vec::len)
        })
        .into_iter()
        .max()
        .unwrap_or(0);
    let mut clauses: Vec<String> = Vec::new();
    if holds_relative_rule(explanation) {
        clauses.push(t.why_relative.to_string());
    } else if !parts.is_empty() {
        let all_close = parts.iter().all(|part| {
            part.get("similarity")
                .and_then(Value::as_f64)
                .unwrap_or(0.0)
                >= 0.9
        });
        clauses.push(match (unmatched, all_close) {
            (0, true) => t.why_names_close.to_string(),
            (0, false) => t.why_names_spelled.to_string(),
            _ => (t.why_names_some)(parts.len(), parts.len() + unmatched),
        });
    }
    let qualifiers = explanation
        .get("qualifiers")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default();
    let mut birth_date_compared = false;
    for qualifier in qualifiers {
        let field = |key: &str| qualifier.get(key).and_then(Value::as_str).unwrap_or("");
        let outcome = field("outcome");
        let clause = match field("property") {
            _ if qualifier.get("identifier").is_some() => Texts::word(&t.why_identifier, outcome),
            "birthDate" => {
                birth_date_compared = true;
                let code = if outcome == "same" {
                    field("precision")
                } else {
                    outcome
                };
                Texts::word(&t.why_birth, code)
            }
            "nationality" => Texts::word(&t.why_nationality, outcome),
            "gender" => Texts::word(&t.why_gender, outcome),
            "idNumber" => Texts::word(&t.why_document_number, outcome),
            "address" => Texts::word(&t.why_address, outcome),
            _ => continue,
        };
        // a code without words (an outcome added later) is left out, not shown raw
        if clause != outcome && !clause.is_empty() {
            clauses.push(clause.to_string());
        }
    }
    if born && !birth_date_compared && !parts.is_empty() {
        clauses.push(t.why_no_birth_date.to_string());
    }
    sentence(&clauses.join(t.clause_separator))
}

/// `text` as a sentence: its first letter a capital (where the script has capitals) and a
/// full stop at its end.
fn sentence(text: &str) -> String {
    if text.is_empty() {
        return String::new();
    }
    let mut letters = text.chars();
    let first: String = letters
        .next()
        .into_iter()
        .flat_map(char::to_uppercase)
        .collect();
    format!("{first}{}.", letters.as_str())
}

/// A word folded for finding it in a name as recorded: the engine's search form
/// ([`gatecheck_engine::text::search_form`]: case, marks, Arabic's short vowels and the
/// letters typed one for another set aside), without an Arabic article (`ال`) or a Latin one
/// written apart by a hyphen (`al-`, `el-`) before a word of two letters or more. The engine
/// splits the article off (`البغدادي` becomes `ال` + `بغدادي`), so a word carrying it is
/// found by its part.
pub fn fold_word(word: &str) -> String {
    let form = gatecheck_engine::text::search_form(word);
    // a hyphen or an apostrophe inside a name is a space in the search form
    let mut pieces: Vec<&str> = form.split(' ').collect();
    if pieces.len() > 1 && ["al", "el"].contains(&pieces[0]) {
        pieces.remove(0);
    }
    let joined = pieces.concat();
    match joined.strip_prefix("ال") {
        Some(rest) if rest.chars().count() >= 2 => rest.to_string(),
        _ => joined,
    }
}

/// The words of `name` (as recorded) that one of the engine's name parts stands for, in
/// the name's order; empty when none is found.
pub fn words_of_part(name: &str, part: &str) -> String {
    let wanted: Vec<String> = part.split_whitespace().map(fold_word).collect();
    let found: Vec<&str> = name
        .split_whitespace()
        .filter(|word| {
            let folded = fold_word(word);
            !folded.is_empty() && wanted.contains(&folded)
        })
        .collect();
    found.join(" ")
}

/// A name as recorded with each word marked by how its part agreed: `mark.strong` for a
/// similarity of 0.9 or more, `mark.partial` below, a dotted underline for a part with no
/// counterpart. Words are found by [`fold_word`], so `البغدادي` is marked by the part
/// `بغدادي`.
pub fn marked_name(name: &str, parts: &[(String, f64)], unmatched: &[String]) -> Markup {
    let words: Vec<&str> = name.split_whitespace().collect();
    let holds = |part: &str, folded: &str| part.split_whitespace().any(|p| fold_word(p) == folded);
    html! {
        bdi class="name" {
            @for (index, word) in words.iter().enumerate() {
                @if index > 0 { " " }
                @let folded = fold_word(word);
                @let matched = parts.iter().filter(|(part, _)| !folded.is_empty() && holds(part, &folded))
                    .map(|(_, similarity)| *similarity).fold(None, |best: Option<f64>, s| Some(best.map_or(s, |b| b.max(s))));
                @match matched {
                    Some(similarity) if similarity >= 0.9 => mark class="strong" { (word) },
                    Some(_) => mark class="partial" { (word) },
                    None if unmatched.iter().any(|part| holds(part, &folded)) => span class="unmatched" { (word) },
                    None => (word),
                }
            }
        }
    }
}

/// The legend of the marks [`marked_name`] sets.
pub fn marks_legend(t: &Texts) -> Markup {
    html! {
        p class="legend" {
            (t.marks_legend) " "
            mark class="strong" { (t.mark_strong) } " · "
            mark class="partial" { (t.mark_partial) } " · "
            span class="unmatched" { (t.mark_unmatched) }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::console::text::texts;
    use gatecheck_service::console::Language;
    use serde_json::json;

    #[test]
    fn actions_that_stop_the_traveller_are_told_from_the_rest() {
        for action in [
            "arrest",
            "Arrest and inform the owner",
            "detain for questioning",
            "seize the document",
            "no-board",
            "Deny boarding",
            "اعتقال وإبلاغ المالك",
            "مصادرة الوثيقة",
            "منع من السفر",
        ] {
            assert_eq!(action_severity(action), Severity::Stop, "{action}");
        }
        for action in [
            "inform the owner",
            "collect information",
            "secondary inspection",
            "إبلاغ المالك",
        ] {
            assert_eq!(action_severity(action), Severity::Check, "{action}");
        }
    }

    #[test]
    fn a_word_carrying_the_article_is_found_by_its_part() {
        assert_eq!(fold_word("البغدادي"), fold_word("بغدادي"));
        assert_eq!(fold_word("الرحمن"), "رحمن");
        assert_eq!(fold_word("al-Baghdadi"), "baghdadi");
        assert_eq!(fold_word("Albert"), "albert");
        assert_eq!(fold_word("أحمد"), fold_word("احمد"));
        assert_eq!(fold_word("عَبْدُ"), "عبد");
        assert_eq!(
            words_of_part("أبو بكر عبد الله البغدادي", "عبد له"),
            "عبد الله"
        );
        assert_eq!(
            words_of_part("أبو بكر عبد الله البغدادي", "بغدادي"),
            "البغدادي"
        );
        let marked = marked_name(
            "عبد الرحمن البغدادي",
            &[("عبد رحمن".to_string(), 0.95), ("بغدادي".to_string(), 0.7)],
            &[],
        )
        .into_string();
        assert!(
            marked.contains("<mark class=\"strong\">الرحمن</mark>"),
            "{marked}"
        );
        assert!(
            marked.contains("<mark class=\"partial\">البغدادي</mark>"),
            "{marked}"
        );
    }

    #[test]
    fn a_hit_is_told_in_one_sentence_in_the_officer_s_language() {
        let explanation = json!({
            "parts": [{"query": "abu", "listed": "أبو", "similarity": 1.0},
                      {"query": "baghdadi", "listed": "بغدادي", "similarity": 0.95}],
            "unmatched_query_parts": [], "unmatched_listed_parts": [], "rules": [],
            "qualifiers": [
                {"property": "birthDate", "outcome": "same", "precision": "day", "weight": 1.8},
                {"property": "nationality", "outcome": "conflict", "weight": -0.5},
            ],
        });
        assert_eq!(
            why_sentence(texts(Language::English), &explanation, true),
            "Names agree closely in every part; same date of birth; different nationality."
        );
        assert_eq!(
            why_sentence(texts(Language::Arabic), &explanation, true),
            "الاسمان متطابقان تقريبًا في كل أجزائهما؛ تاريخ الميلاد نفسه؛ جنسية مختلفة."
        );
        // an account that agrees, whatever the names
        let account = json!({
            "parts": [{"similarity": 0.5}], "unmatched_query_parts": ["blue", "lagoon"],
            "unmatched_listed_parts": ["qasr"], "rules": [],
            "qualifiers": [{"property": "ibanMentioned", "identifier": "iban", "outcome": "same", "weight": 6.0}],
        });
        // an organisation listed: no date of birth to miss
        assert_eq!(
            why_sentence(texts(Language::English), &account, false),
            "Names agree in 1 of 3 parts; same account, bank, company, ship or wallet identifier."
        );
        assert!(why_sentence(texts(Language::Arabic), &account, false).contains("المحفظة نفسه"));
        let loose = json!({
            "parts": [{"similarity": 0.7}], "unmatched_query_parts": ["bakr"],
            "unmatched_listed_parts": [], "rules": [], "qualifiers": [],
        });
        assert_eq!(
            why_sentence(texts(Language::English), &loose, true),
            "Names agree in 1 of 2 parts; no date of birth to compare."
        );
        let relative = json!({"parts": [{"similarity": 1.0}], "rules": [{"rule": "relative"}],
            "qualifiers": [{"property": "birthDate", "outcome": "conflict", "weight": -3.0}]});
        assert_eq!(
            why_sentence(texts(Language::English), &relative, true),
            "The first given names differ and the rest agrees (a relative?); different dates of birth."
        );
    }
}
