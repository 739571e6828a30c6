//! The watchlist: listed entities indexed so that a query finds its candidates without
//! being compared to every entry, and the screening of one query with explained results.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};

use crate::compare::{self, AlignedParts, NameMatchConfig, PartComparison, Side};
use crate::names::{NamePart, PartRole};
use crate::person::{self, EntityKind, Facts, Person, QualifierConfig, QualifierEffect};

/// Settings of screening.
#[derive(Debug, Clone, PartialEq)]
pub struct MatchConfig {
    pub names: NameMatchConfig,
    pub qualifiers: QualifierConfig,
    /// How many of the best-retrieved entries are scored in full.
    pub candidates_scored: usize,
    /// A name part whose entries exceed this many is only followed when the query has no
    /// rarer part that found something (a "Mohammed" alone is followed, beside a rare
    /// family name it is not).
    pub common_part_postings: usize,
}

impl Default for MatchConfig {
    fn default() -> Self {
        MatchConfig {
            names: NameMatchConfig::default(),
            qualifiers: QualifierConfig::default(),
            candidates_scored: 48,
            common_part_postings: 20_000,
        }
    }
}

/// A listed name: what was written and its parts as vocabulary ids.
#[derive(Debug, Clone)]
struct ListedName {
    text: Box<str>,
    parts: Box<[u32]>,
}

#[derive(Debug, Clone)]
struct Entry {
    id: Box<str>,
    kind: EntityKind,
    names: Box<[ListedName]>,
    /// Short neighbouring parts joined ("Do-Heun" as "doheun"), to find the entry by them.
    joined_parts: Box<[u32]>,
    facts: Facts,
}

/// Parts this short or shorter are also indexed joined with their neighbour: syllables of
/// Korean and Chinese given names are written apart, hyphenated or together.
const JOIN_MAX_LETTERS: usize = 5;

fn short_pair(first: &NamePart, second: &NamePart) -> bool {
    first.role == PartRole::Name
        && second.role == PartRole::Name
        && first.primary().len() <= JOIN_MAX_LETTERS
        && second.primary().len() <= JOIN_MAX_LETTERS
}

/// Collects entries, then builds a [`Watchlist`].
#[derive(Debug, Default)]
pub struct WatchlistBuilder {
    entries: Vec<Entry>,
    vocabulary: Vec<NamePart>,
    vocabulary_ids: HashMap<(Box<str>, PartRole), u32>,
}

impl WatchlistBuilder {
    pub fn new() -> WatchlistBuilder {
        WatchlistBuilder::default()
    }

    /// Adds one entity under `id`; entities without a readable name are still kept (they
    /// can be found by document number or date of birth).
    pub fn add(&mut self, id: &str, person: Person) {
        let mut names = Vec::with_capacity(person.names.len());
        let mut joined_parts = Vec::new();
        for name in person.names {
            for pair in name.parts.windows(2) {
                if short_pair(&pair[0], &pair[1]) {
                    let joined = compare::join_parts(&pair[0], &pair[1]);
                    joined_parts.push(self.intern(joined));
                }
            }
            let parts: Box<[u32]> = name
                .parts
                .into_iter()
                .map(|part| self.intern(part))
                .collect();
            names.push(ListedName {
                text: name.text.into_boxed_str(),
                parts,
            });
        }
        self.entries.push(Entry {
            id: id.into(),
            kind: person.kind,
            names: names.into_boxed_slice(),
            joined_parts: joined_parts.into_boxed_slice(),
            facts: person.facts,
        });
    }

    fn intern(&mut self, part: NamePart) -> u32 {
        let key = (part.text.as_str().into(), part.role);
        if let Some(&id) = self.vocabulary_ids.get(&key) {
            return id;
        }
        let id = self.vocabulary.len() as u32;
        self.vocabulary.push(part);
        self.vocabulary_ids.insert(key, id);
        id
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Builds the indexes: entries by vocabulary part, parts by phonetic key (and every key
    /// with one class left out, so that keys one edit apart meet), entries by date of birth
    /// and by document number, and the rarity weight of every part.
    pub fn build(self) -> Watchlist {
        let WatchlistBuilder {
            entries,
            vocabulary,
            vocabulary_ids: _,
        } = self;
        let mut postings: Vec<Vec<u32>> = vec![Vec::new(); vocabulary.len()];
        let mut by_birth_date: HashMap<person::PartialDate, Vec<u32>> = HashMap::new();
        let mut by_document: HashMap<Box<str>, Vec<u32>> = HashMap::new();
        for (entry_index, entry) in entries.iter().enumerate() {
            let entry_index = entry_index as u32;
            let parts = entry
                .names
                .iter()
                .flat_map(|name| name.parts.iter())
                .chain(entry.joined_parts.iter());
            for &part in parts {
                let list = &mut postings[part as usize];
                if list.last() != Some(&entry_index) {
                    list.push(entry_index);
                }
            }
            for date in &entry.facts.birth_dates {
                if date.day.is_some() {
                    by_birth_date.entry(*date).or_default().push(entry_index);
                }
            }
            for number in &entry.facts.documents {
                by_document
                    .entry(number.as_str().into())
                    .or_default()
                    .push(entry_index);
            }
        }
        for list in &mut postings {
            list.dedup();
            list.shrink_to_fit();
        }
        // phonetic keys of every vocabulary part, with their one-class deletions
        let mut key_table: Vec<(u64, u32)> = Vec::with_capacity(vocabulary.len() * 8);
        let mut primary_keys: Vec<u64> = Vec::with_capacity(vocabulary.len());
        for (part_id, part) in vocabulary.iter().enumerate() {
            let keys = part.keys();
            primary_keys.push(hash_key(&keys[0]));
            if part.role == PartRole::Particle {
                continue;
            }
            for key in &keys {
                for variant in key_variants(key) {
                    key_table.push((hash_key(&variant), part_id as u32));
                }
            }
        }
        key_table.sort_unstable();
        key_table.dedup();
        key_table.shrink_to_fit();
        // rarity: how many entries carry a part with the same primary key
        let mut key_frequency: HashMap<u64, u32> = HashMap::new();
        for (part_id, key) in primary_keys.iter().enumerate() {
            *key_frequency.entry(*key).or_default() += postings[part_id].len() as u32;
        }
        let entry_count = entries.len();
        let weights: Vec<f32> = vocabulary
            .iter()
            .zip(&primary_keys)
            .map(|(part, key)| {
                rarity(key_frequency.get(key).copied().unwrap_or(0), entry_count)
                    * compare::role_weight(part.role)
            })
            .collect();
        Watchlist {
            entries,
            vocabulary,
            postings,
            key_table,
            key_frequency,
            weights,
            by_birth_date,
            by_document,
        }
    }
}

fn hash_key(key: &str) -> u64 {
    let mut hasher = DefaultHasher::new();
    key.hash(&mut hasher);
    hasher.finish()
}

/// A key and, when it has three classes or more, each key with one class left out (repeats
/// merged again), so that two keys one substitution or one insertion apart share a variant.
fn key_variants(key: &str) -> Vec<String> {
    let mut variants = vec![key.to_string()];
    let bytes = key.as_bytes();
    if bytes.len() >= 3 {
        for skip in 0..bytes.len() {
            let mut variant = String::with_capacity(bytes.len());
            let mut last = 0u8;
            for (i, &b) in bytes.iter().enumerate() {
                if i != skip && b != last {
                    variant.push(b as char);
                    last = b;
                }
            }
            if !variants.contains(&variant) {
                variants.push(variant);
            }
        }
    }
    variants
}

/// Weight of a part from how many entries carry one like it: rare parts say more.
fn rarity(frequency: u32, entry_count: usize) -> f32 {
    if entry_count < 50 {
        return 1.0;
    }
    let n = entry_count as f32 + 1.0;
    let idf = (n / (frequency as f32 + 0.5)).ln();
    (idf / n.ln()).clamp(0.2, 1.0)
}

/// Listed entities, indexed for screening.
#[derive(Debug)]
pub struct Watchlist {
    entries: Vec<Entry>,
    vocabulary: Vec<NamePart>,
    postings: Vec<Vec<u32>>,
    key_table: Vec<(u64, u32)>,
    key_frequency: HashMap<u64, u32>,
    weights: Vec<f32>,
    by_birth_date: HashMap<person::PartialDate, Vec<u32>>,
    by_document: HashMap<Box<str>, Vec<u32>>,
}

/// How one part of the query lined up with the listed name, for explanations.
#[derive(Debug, Clone, PartialEq)]
pub struct PartExplanation {
    pub query_part: String,
    pub listed_part: String,
    pub query_spelling: String,
    pub listed_spelling: String,
    pub similarity: f32,
    pub weight: f32,
    pub how: MatchKind,
}

/// Why two parts were taken as the same name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchKind {
    /// Written the same.
    Exact,
    /// The same once written in Latin letters (transliteration, diacritics).
    SameSpelling,
    /// Spelt differently but sounding alike.
    Phonetic,
    /// An initial and a name starting with it.
    Initial,
    /// Two parts on one side read as one on the other.
    Joined,
}

impl MatchKind {
    pub fn as_str(self) -> &'static str {
        match self {
            MatchKind::Exact => "exact",
            MatchKind::SameSpelling => "same-spelling",
            MatchKind::Phonetic => "phonetic",
            MatchKind::Initial => "initial",
            MatchKind::Joined => "joined",
        }
    }
}

/// Why a listed entity scored as it did.
#[derive(Debug, Clone, PartialEq)]
pub struct Explanation {
    pub query_name: String,
    pub listed_name: String,
    pub name_score: f32,
    pub parts: Vec<PartExplanation>,
    pub unmatched_query_parts: Vec<String>,
    pub unmatched_listed_parts: Vec<String>,
    pub qualifiers: Vec<QualifierEffect>,
}

/// One listed entity proposed for a query, with its score and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate<'w> {
    pub id: &'w str,
    pub score: f32,
    pub explanation: Explanation,
}

/// The retrieved vocabulary parts of one query part, with their comparisons.
struct QueryPart {
    name: usize,
    /// Two short parts of the query joined: only for finding candidates.
    joined: bool,
    hits: Vec<(u32, PartComparison)>,
}

impl Watchlist {
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Distinct name parts held.
    pub fn vocabulary_len(&self) -> usize {
        self.vocabulary.len()
    }

    /// Screens one query: the best `limit` entries, best first, each with its explanation.
    /// Equal scores keep the order of the list.
    pub fn screen(&self, query: &Person, limit: usize, config: &MatchConfig) -> Vec<Candidate<'_>> {
        if limit == 0 || self.entries.is_empty() {
            return Vec::new();
        }
        let query_parts = self.retrieve_parts(query, config);
        let candidates = self.gather_candidates(query, &query_parts, config);
        let mut cache: HashMap<(usize, usize, u32), PartComparison> = HashMap::new();
        for (index, qp) in query_parts.iter().enumerate() {
            if qp.joined {
                continue;
            }
            for &(token, comparison) in &qp.hits {
                cache.insert(
                    (qp.name, index_in_name(&query_parts, index), token),
                    comparison,
                );
            }
        }
        let mut scored: Vec<Candidate<'_>> = candidates
            .into_iter()
            .filter_map(|entry_index| self.score_entry(query, entry_index, &mut cache, config))
            .map(|(entry_index, score, explanation)| Candidate {
                id: &self.entries[entry_index as usize].id,
                score,
                explanation,
            })
            .collect();
        scored.sort_by(|a, b| b.score.total_cmp(&a.score));
        scored.truncate(limit);
        scored
    }

    fn retrieve_parts(&self, query: &Person, config: &MatchConfig) -> Vec<QueryPart> {
        let mut query_parts = Vec::new();
        for (name_index, name) in query.names.iter().enumerate() {
            for part in &name.parts {
                let hits = self.retrieve_part(part, config);
                query_parts.push(QueryPart {
                    name: name_index,
                    joined: false,
                    hits,
                });
            }
            for pair in name.parts.windows(2) {
                if short_pair(&pair[0], &pair[1]) {
                    let joined = compare::join_parts(&pair[0], &pair[1]);
                    let hits = self.retrieve_part(&joined, config);
                    query_parts.push(QueryPart {
                        name: name_index,
                        joined: true,
                        hits,
                    });
                }
            }
        }
        query_parts
    }

    /// Vocabulary parts whose keys meet the keys of `part` and that compare well with it.
    fn retrieve_part(&self, part: &NamePart, config: &MatchConfig) -> Vec<(u32, PartComparison)> {
        let mut hits: Vec<(u32, PartComparison)> = Vec::new();
        if part.role != PartRole::Name {
            return hits;
        }
        let mut seen: Vec<u32> = Vec::new();
        for key in &part.keys() {
            for variant in key_variants(key) {
                let hash = hash_key(&variant);
                let start = self.key_table.partition_point(|&(h, _)| h < hash);
                for &(h, token) in &self.key_table[start..] {
                    if h != hash {
                        break;
                    }
                    seen.push(token);
                }
            }
        }
        seen.sort_unstable();
        seen.dedup();
        for token in seen {
            let comparison =
                compare::compare_parts(part, &self.vocabulary[token as usize], &config.names);
            if config.names.evidence(&comparison) > 0.0 {
                hits.push((token, comparison));
            }
        }
        hits
    }

    /// Entries worth scoring in full: those sharing the most (weighted) name evidence with
    /// the query, plus those with the same document number or full date of birth.
    fn gather_candidates(
        &self,
        query: &Person,
        query_parts: &[QueryPart],
        config: &MatchConfig,
    ) -> Vec<u32> {
        let mut evidence: HashMap<u32, f32> = HashMap::new();
        let has_rare_hit = query_parts.iter().any(|qp| {
            qp.hits.iter().any(|&(token, _)| {
                self.postings[token as usize].len() <= config.common_part_postings
            })
        });
        for qp in query_parts {
            for &(token, comparison) in &qp.hits {
                let postings = &self.postings[token as usize];
                if has_rare_hit && postings.len() > config.common_part_postings {
                    continue;
                }
                let value = self.weights[token as usize] * config.names.evidence(&comparison);
                for &entry in postings {
                    *evidence.entry(entry).or_default() += value;
                }
            }
        }
        for number in &query.facts.documents {
            for &entry in self.by_document.get(number.as_str()).into_iter().flatten() {
                *evidence.entry(entry).or_default() += 10.0;
            }
        }
        for date in &query.facts.birth_dates {
            let Some(entries) = self.by_birth_date.get(date) else {
                continue;
            };
            if entries.len() <= config.candidates_scored {
                for &entry in entries {
                    *evidence.entry(entry).or_default() += 0.3;
                }
            }
        }
        let mut ranked: Vec<(u32, f32)> = evidence.into_iter().collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        ranked.truncate(config.candidates_scored);
        let mut chosen: Vec<u32> = ranked.into_iter().map(|(entry, _)| entry).collect();
        chosen.sort_unstable();
        chosen
    }

    fn score_entry(
        &self,
        query: &Person,
        entry_index: u32,
        cache: &mut HashMap<(usize, usize, u32), PartComparison>,
        config: &MatchConfig,
    ) -> Option<(u32, f32, Explanation)> {
        let entry = &self.entries[entry_index as usize];
        if query.kind == EntityKind::Person && entry.kind == EntityKind::Organization
            || query.kind == EntityKind::Organization && entry.kind == EntityKind::Person
        {
            // a person is not an organisation: only a shared document could link them
            if !query
                .facts
                .documents
                .iter()
                .any(|d| entry.facts.documents.contains(d))
            {
                return None;
            }
        }
        let mut best: Option<(f32, f32, Explanation)> = None;
        for (query_name_index, query_name) in query.names.iter().enumerate() {
            let query_parts: Vec<&NamePart> = query_name.parts.iter().collect();
            let query_weights: Vec<f32> = query_parts
                .iter()
                .map(|part| self.query_weight(part))
                .collect();
            for listed_name in entry.names.iter() {
                let listed_parts: Vec<&NamePart> = listed_name
                    .parts
                    .iter()
                    .map(|&token| &self.vocabulary[token as usize])
                    .collect();
                let listed_weights: Vec<f32> = listed_name
                    .parts
                    .iter()
                    .map(|&token| self.weights[token as usize])
                    .collect();
                let mut compare_pair = |q: usize, l: usize| {
                    let token = listed_name.parts[l];
                    *cache
                        .entry((query_name_index, q, token))
                        .or_insert_with(|| {
                            compare::compare_parts(query_parts[q], listed_parts[l], &config.names)
                        })
                };
                let comparison = compare::compare_names(
                    &query_parts,
                    &listed_parts,
                    &query_weights,
                    &listed_weights,
                    &mut compare_pair,
                    &config.names,
                );
                if best
                    .as_ref()
                    .is_none_or(|(score, _, _)| comparison.score > *score)
                {
                    let explanation = explain(
                        &query_name.text,
                        &listed_name.text,
                        &query_parts,
                        &listed_parts,
                        comparison.score,
                        &comparison.aligned,
                        &comparison.unmatched_query,
                        &comparison.unmatched_listed,
                    );
                    let informativeness = if comparison.aligned.is_empty() {
                        0.0
                    } else {
                        comparison
                            .aligned
                            .iter()
                            .map(|pair| pair.weight)
                            .sum::<f32>()
                            / comparison.aligned.len() as f32
                    };
                    best = Some((comparison.score, informativeness, explanation));
                }
            }
        }
        let (name_score, informativeness, mut explanation) = best.unwrap_or_else(|| {
            (
                0.0,
                0.0,
                Explanation {
                    query_name: String::new(),
                    listed_name: String::new(),
                    name_score: 0.0,
                    parts: Vec::new(),
                    unmatched_query_parts: Vec::new(),
                    unmatched_listed_parts: Vec::new(),
                    qualifiers: Vec::new(),
                },
            )
        });
        let effects = person::compare_qualifiers(&query.facts, &entry.facts, &config.qualifiers);
        let score = if query.names.is_empty() || entry.names.is_empty() {
            // no names to compare: only a document number can make a candidate
            if effects
                .iter()
                .any(|e| e.qualifier == person::Qualifier::Document)
            {
                person::combine(0.5, 1.0, &effects)
            } else {
                0.0
            }
        } else {
            person::combine(name_score, informativeness, &effects)
        };
        explanation.qualifiers = effects;
        Some((entry_index, score, explanation))
    }

    fn query_weight(&self, part: &NamePart) -> f32 {
        let keys = part.keys();
        rarity(
            self.key_frequency
                .get(&hash_key(&keys[0]))
                .copied()
                .unwrap_or(0),
            self.entries.len(),
        ) * compare::role_weight(part.role)
    }
}

fn index_in_name(query_parts: &[QueryPart], index: usize) -> usize {
    let name = query_parts[index].name;
    query_parts[..index]
        .iter()
        .filter(|qp| qp.name == name && !qp.joined)
        .count()
}

#[allow(clippy::too_many_arguments)]
fn explain(
    query_name: &str,
    listed_name: &str,
    query_parts: &[&NamePart],
    listed_parts: &[&NamePart],
    name_score: f32,
    aligned: &[AlignedParts],
    unmatched_query: &[usize],
    unmatched_listed: &[usize],
) -> Explanation {
    let side_text = |side: &Side, parts: &[&NamePart]| match *side {
        Side::One(i) => parts[i].text.clone(),
        Side::Joined(i, j) => format!("{} {}", parts[i].text, parts[j].text),
    };
    let parts = aligned
        .iter()
        .map(|pair| {
            let query_part = side_text(&pair.query, query_parts);
            let listed_part = side_text(&pair.listed, listed_parts);
            let how = match (&pair.query, &pair.listed) {
                (Side::Joined(..), _) | (_, Side::Joined(..)) => MatchKind::Joined,
                (Side::One(q), Side::One(l))
                    if query_parts[*q].role == PartRole::Initial
                        || listed_parts[*l].role == PartRole::Initial =>
                {
                    MatchKind::Initial
                }
                _ if query_part == listed_part => MatchKind::Exact,
                _ if pair.similarity >= 1.0 => MatchKind::SameSpelling,
                _ => MatchKind::Phonetic,
            };
            PartExplanation {
                query_part,
                listed_part,
                query_spelling: pair.query_spelling.clone(),
                listed_spelling: pair.listed_spelling.clone(),
                similarity: pair.similarity,
                weight: pair.weight,
                how,
            }
        })
        .collect();
    Explanation {
        query_name: query_name.to_string(),
        listed_name: listed_name.to_string(),
        name_score,
        parts,
        unmatched_query_parts: unmatched_query
            .iter()
            .map(|&i| query_parts[i].text.clone())
            .collect(),
        unmatched_listed_parts: unmatched_listed
            .iter()
            .map(|&j| listed_parts[j].text.clone())
            .collect(),
        qualifiers: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::names::parse_name;

    fn person(names: &[&str]) -> Person {
        let mut person = Person::new(EntityKind::Person);
        for name in names {
            person.add_name(parse_name(name));
        }
        person
    }

    fn sample() -> Watchlist {
        let mut builder = WatchlistBuilder::new();
        builder.add("a", person(&["Kishimoto Jakobsson"]));
        builder.add("b", person(&["Hiroshi Tanaka", "Tanaka Hiro"]));
        builder.add("c", person(&["Abd al-Rahman Khalil"]));
        builder.add("d", person(&["Wilhelm Şiyar"]));
        builder.build()
    }

    #[test]
    fn a_listed_name_is_found_in_any_order_and_spelling() {
        let list = sample();
        let config = MatchConfig::default();
        let results = list.screen(&person(&["Jakobson Kishimoto"]), 3, &config);
        assert_eq!(results[0].id, "a");
        assert!(results[0].score > 0.8, "{:?}", results[0]);
        let results = list.screen(&person(&["Abdulrahman Khalil"]), 3, &config);
        assert_eq!(results[0].id, "c");
        assert!(results[0].score > 0.9);
    }

    #[test]
    fn explanations_name_the_parts_that_matched() {
        let list = sample();
        let results = list.screen(&person(&["Jakobson Kishimoto"]), 1, &MatchConfig::default());
        let explanation = &results[0].explanation;
        assert_eq!(explanation.listed_name, "Kishimoto Jakobsson");
        assert_eq!(explanation.parts.len(), 2);
        let kishimoto = explanation
            .parts
            .iter()
            .find(|p| p.query_part == "kishimoto")
            .unwrap();
        assert_eq!(kishimoto.how, MatchKind::Exact);
        let jakobson = explanation
            .parts
            .iter()
            .find(|p| p.query_part == "jakobson")
            .unwrap();
        assert_eq!(jakobson.how, MatchKind::Phonetic);
        assert_eq!(jakobson.listed_part, "jakobsson");
    }

    #[test]
    fn nothing_is_returned_for_an_unknown_name() {
        let list = sample();
        let results = list.screen(
            &person(&["Zebulon Quartermaine"]),
            3,
            &MatchConfig::default(),
        );
        assert!(results.iter().all(|c| c.score < 0.5), "{results:?}");
    }

    #[test]
    fn key_variants_meet_one_edit_apart() {
        let a = key_variants("pnrs");
        let b = key_variants("pnrks");
        assert!(a.iter().any(|v| b.contains(v)));
    }
}
