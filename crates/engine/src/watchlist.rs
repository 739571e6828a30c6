//! The watchlist: listed entities indexed so that a query finds its candidates without
//! being compared to every entry, and the screening of one query with explained results.

use rustc_hash::FxHashMap as HashMap;
use std::hash::{Hash, Hasher};

use rustc_hash::FxHasher;

use crate::compare::{self, NameComparison, NameMatchConfig, PartComparison, Side};
use crate::directory::{self, Directory};
use crate::names::{self, NamePart, PartRole, MAX_PARTS};
use crate::person::{self, EntityKind, Facts, Person, QualifierConfig, QualifierEffect};
use crate::script::Script;

/// Settings of screening.
#[derive(Debug, Clone, PartialEq)]
pub struct MatchConfig {
    pub names: NameMatchConfig,
    pub qualifiers: QualifierConfig,
    /// How many of the best-retrieved entries are scored in full.
    pub candidates_scored: usize,
    /// When every part is followed, buckets of near keys (a class more, less or different)
    /// are looked up only while fewer than this many vocabulary parts were met.
    pub retrieval_limit: usize,
    /// Entries found by name pairs from which on single parts are followed only when rare.
    pub pair_candidates_enough: usize,
    /// A key is rare when it holds at most this many vocabulary parts ...
    pub rare_part_tokens: usize,
    /// ... or, for a query part romanised from another script, this many: its fine keys
    /// (vowels and all) seldom meet a listed spelling, as a romanisation is a guess at the
    /// vowels (`nsir` for `Naseer`), so that its coarse key is all that finds the listed
    /// part, and a key of a few hundred parts (`nsr`: Nasir, Nasser, Nazir ...) must still
    /// be followed when name pairs found other entries.
    pub rare_romanised_part_tokens: usize,
    /// A name part carried by at most this many entries brings them in as candidates; one
    /// carried by more only adds to candidates found otherwise ...
    pub rare_part_postings: usize,
    /// ... unless nothing else found any: then parts carried by up to this many entries are
    /// followed, rarest first (a "Mohammed" alone is followed, beside a rare family name it
    /// only adds).
    pub common_part_postings: usize,
    /// For a query with a name part romanised from another script, the entries found by an
    /// exact pair of its parts (by key) weighed part by part before ranking, at most (the
    /// best by evidence so far; see `Watchlist::weigh_exact_pairs`).
    pub exact_pairs_weighed: usize,
}

impl Default for MatchConfig {
    fn default() -> Self {
        MatchConfig {
            names: NameMatchConfig::default(),
            qualifiers: QualifierConfig::default(),
            candidates_scored: 32,
            retrieval_limit: 2000,
            pair_candidates_enough: 3,
            rare_part_tokens: 100,
            rare_romanised_part_tokens: 300,
            rare_part_postings: 1000,
            common_part_postings: 20_000,
            exact_pairs_weighed: 32,
        }
    }
}

/// A listed name: what was written and its parts as vocabulary ids.
#[derive(Debug, Clone)]
struct ListedName {
    text: Box<str>,
    parts: Box<[u32]>,
    /// The script all its parts are written in, if one (see `Watchlist::names_compared`).
    script: Option<Script>,
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

/// A hash of a part's spellings, in order: two parts of one text are one vocabulary part
/// only when read the same way.
fn spellings_fingerprint(part: &NamePart) -> u64 {
    let mut hasher = FxHasher::default();
    for spelling in &part.spellings {
        spelling.text.hash(&mut hasher);
    }
    hasher.finish()
}

fn short_pair(first: &NamePart, second: &NamePart) -> bool {
    first.role == PartRole::Name
        && second.role == PartRole::Name
        && first.primary().len() <= JOIN_MAX_LETTERS
        && second.primary().len() <= JOIN_MAX_LETTERS
}

/// The orders in which a query name of three or four short Latin parts (the syllables of a
/// Chinese or Korean name written apart, `Kim Jong Un`) is also looked up as one word, as
/// its own script writes it (`김정은`): in order, and with its last part first (a
/// traveller's given names come first). Compared as [`compare::Side::Whole`].
fn whole_word_orders(parts: &[&NamePart]) -> Vec<compare::Side> {
    let short =
        |part: &&NamePart| part.role == PartRole::Name && part.primary().len() <= JOIN_MAX_LETTERS;
    if !(3..=4).contains(&parts.len())
        || !parts.iter().all(short)
        || !parts.iter().all(|part| part.script == Script::Latin)
    {
        return Vec::new();
    }
    [false, true]
        .into_iter()
        .map(|last_first| compare::Side::Whole { last_first })
        .collect()
}

/// How well a query's name read as one word must agree with a listed word for its hit to
/// count as evidence for all its parts (see [`QueryPart::stands_for`]).
const WHOLE_WORD_AGREES: f32 = 0.9;

/// Collects entries, then builds a [`Watchlist`].
#[derive(Debug, Default)]
pub struct WatchlistBuilder {
    entries: Vec<Entry>,
    vocabulary: Vec<NamePart>,
    /// A part by its text, role and spellings (see [`spellings_fingerprint`]): a word is
    /// spelt by itself, save Chinese characters in a name written as Chinese names are,
    /// which are not also read as Japanese (`names::parse_name`), and are another part.
    vocabulary_ids: HashMap<(Box<str>, PartRole, u64), u32>,
    /// For each part copied from a list built beside a reference, what that list knew of
    /// it (see [`ReferenceLink::of`]).
    known_links: Vec<Option<KnownLink>>,
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
            let script = one_script(name.parts.iter());
            let parts: Box<[u32]> = name
                .parts
                .into_iter()
                .map(|part| self.intern(part))
                .collect();
            names.push(ListedName {
                text: name.text.into_boxed_str(),
                parts,
                script,
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

    /// Adds entry `at` of `list` (an index into [`Watchlist::ids`]) as [`WatchlistBuilder::add`]
    /// would add the person it was built from, without reading that person again: its parts
    /// are copied from `list`'s vocabulary, in the order `add` takes them, so that the list
    /// built is the one the persons would make. For merging lists (segments of an index):
    /// reading a record's entity and its names again cost most of a merge.
    pub fn add_entry_of(&mut self, list: &Watchlist, at: usize) {
        let entry = &list.entries[at];
        let mut joined = entry.joined_parts.iter();
        let mut joined_parts = Vec::with_capacity(entry.joined_parts.len());
        let mut names = Vec::with_capacity(entry.names.len());
        for name in &entry.names {
            // `add` interns a name's joined pairs before its parts
            for pair in name.parts.windows(2) {
                let (first, second) = (
                    &list.vocabulary[pair[0] as usize],
                    &list.vocabulary[pair[1] as usize],
                );
                if short_pair(first, second) {
                    if let Some(&token) = joined.next() {
                        joined_parts.push(self.intern_copy(list, token));
                    }
                }
            }
            let parts: Box<[u32]> = name
                .parts
                .iter()
                .map(|&token| self.intern_copy(list, token))
                .collect();
            names.push(ListedName {
                text: name.text.clone(),
                parts,
                script: name.script,
            });
        }
        self.entries.push(Entry {
            id: entry.id.clone(),
            kind: entry.kind,
            names: names.into_boxed_slice(),
            joined_parts: joined_parts.into_boxed_slice(),
            facts: entry.facts.clone(),
        });
    }

    fn intern(&mut self, part: NamePart) -> u32 {
        self.intern_part(std::borrow::Cow::Owned(part))
    }

    /// [`WatchlistBuilder::intern`] of part `token` of `list`, copied only when new here,
    /// with what `list` knew of it beside its reference.
    fn intern_copy(&mut self, list: &Watchlist, token: u32) -> u32 {
        let id = self.intern_part(std::borrow::Cow::Borrowed(&list.vocabulary[token as usize]));
        if let Some(link) = &list.link {
            let slot = &mut self.known_links[id as usize];
            if slot.is_none() {
                *slot = Some(KnownLink {
                    reference: link.reference,
                    shared: link.shared[token as usize],
                });
            }
        }
        id
    }

    fn intern_part(&mut self, part: std::borrow::Cow<'_, NamePart>) -> u32 {
        let key = (
            part.text.as_str().into(),
            part.role,
            spellings_fingerprint(&part),
        );
        if let Some(&id) = self.vocabulary_ids.get(&key) {
            return id;
        }
        let id = self.vocabulary.len() as u32;
        self.vocabulary.push(part.into_owned());
        self.known_links.push(None);
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
        self.build_beside(None)
    }

    /// Builds a small list that is screened beside `reference` (the records changed since
    /// `reference` was built): how rare a part is counts the reference's entries too, so
    /// that a common name added later is not taken for a rare one. The reference's counts
    /// are shared, not copied: the cost is this list's size alone.
    pub fn build_beside_reference(self, reference: &Watchlist) -> Watchlist {
        self.build_beside(Some(reference))
    }

    fn build_beside(self, reference: Option<&Watchlist>) -> Watchlist {
        let WatchlistBuilder {
            entries,
            vocabulary,
            vocabulary_ids: _,
            known_links,
        } = self;
        let mut postings: Vec<Vec<u32>> = vec![Vec::new(); vocabulary.len()];
        let mut by_birth_date: HashMap<person::PartialDate, Vec<u32>> = HashMap::default();
        let mut by_document: HashMap<Box<str>, Vec<u32>> = HashMap::default();
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
            // identifiers by their kind and value (`iban:DE89...`): a colon is never in a
            // document number, so the two never meet
            for identifier in &entry.facts.identifiers {
                by_document
                    .entry(identifier.key().into())
                    .or_default()
                    .push(entry_index);
            }
        }
        for list in &mut postings {
            list.dedup();
            list.shrink_to_fit();
        }
        // phonetic keys of every vocabulary part, with their one-class deletions: beside a
        // reference, those of the parts it holds too apart (see `Watchlist::shared_keys`)
        let link =
            reference.map(|reference| ReferenceLink::of(&vocabulary, reference, &known_links));
        let mut key_table: Vec<(u64, u32, u8)> = Vec::with_capacity(vocabulary.len() * 8);
        let mut primary_keys: Vec<u64> = Vec::with_capacity(vocabulary.len());
        for (part_id, part) in vocabulary.iter().enumerate() {
            let keys = part.keys();
            primary_keys.push(hash_key(&keys[0], KeyKind::Exact));
            if part.role == PartRole::Particle {
                continue;
            }
            for (fine, spelling) in part.spelling_fine_keys() {
                key_table.push((hash_key(&fine, KeyKind::Fine), part_id as u32, spelling));
            }
            for (key, spelling) in part.spelling_keys() {
                let part_id = part_id as u32;
                key_table.push((hash_key(&key, KeyKind::Exact), part_id, spelling));
                for deletion in key_deletions(&key) {
                    key_table.push((hash_key(&deletion, KeyKind::Deletion), part_id, spelling));
                }
            }
        }
        let (keys, shared_keys) = match &link {
            Some(link) => {
                let (shared, own): (Vec<_>, Vec<_>) = key_table
                    .into_iter()
                    .partition(|&(_, part, _)| link.carriers(part).is_some());
                (KeyTable::of(own), KeyTable::of(shared))
            }
            None => (KeyTable::of(key_table), KeyTable::of(Vec::new())),
        };
        // rarity: how many entries carry a part with the same primary key
        let mut key_frequency: HashMap<u64, u32> = HashMap::default();
        for (part_id, key) in primary_keys.iter().enumerate() {
            *key_frequency.entry(*key).or_default() += postings[part_id].len() as u32;
        }
        let rarity_counts = RarityCounts {
            own: std::sync::Arc::new(key_frequency),
            // the reference's counts are shared and looked up, never copied: a small list
            // built beside a large one costs its own size, not the reference's
            beside: match reference {
                Some(reference) => {
                    let mut beside = vec![std::sync::Arc::clone(&reference.rarity_counts.own)];
                    beside.extend(reference.rarity_counts.beside.iter().cloned());
                    beside
                }
                None => Vec::new(),
            },
        };
        let population = entries.len() + reference.map_or(0, |reference| reference.population);
        let entry_count = population;
        let weights: Vec<f32> = vocabulary
            .iter()
            .zip(&primary_keys)
            .map(|(part, key)| {
                rarity(rarity_counts.get(*key), entry_count)
                    * compare::role_weight(part.role)
                    * information(part)
            })
            .collect();
        let pair_table = build_pair_table(&entries, &vocabulary);
        let pair_directory =
            Directory::new(pair_table.iter().map(|&(hash, _)| pair_row_hash(hash)));
        let slip_table = build_slip_table(&vocabulary);
        let slip_directory =
            Directory::new(slip_table.iter().map(|&(hash, _)| pair_row_hash(hash)));
        let spelt = SpeltNames::of(&entries, &vocabulary);
        let mut organisations = vec![0u64; entries.len().div_ceil(64)];
        for (at, entry) in entries.iter().enumerate() {
            if entry.kind == EntityKind::Organization {
                organisations[at / 64] |= 1 << (at % 64);
            }
        }
        let organisation_count = organisations
            .iter()
            .map(|bits| bits.count_ones() as usize)
            .sum();
        Watchlist {
            spelt,
            organisations,
            organisation_count,
            identity: LISTS_BUILT.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            link,
            entries,
            vocabulary,
            postings,
            keys,
            shared_keys,
            pair_table,
            pair_directory,
            slip_table,
            slip_directory,
            rarity_counts,
            population,
            weights,
            by_birth_date,
            by_document,
        }
    }
}

/// The pair hashes a query looks up (see `Watchlist::pair_candidates`), with the evidence
/// each gives: the same for every list, so worked out once a screening.
fn pair_lookups(query: &Person) -> PairLookups {
    let mut lookups = PairLookups::default();
    for name in &query.names {
        resegmented_lookups(name, &mut lookups);
        one_slip_names(name, &mut lookups);
        let keys = pair_keys(name.parts.iter());
        for i in 0..keys.len() {
            for j in i + 1..keys.len() {
                for a in &keys[i] {
                    for b in &keys[j] {
                        lookups.push_keyed(hash_pair(a, b, KeyKind::Exact), PAIR_EXACT);
                        // near pairs only for keys long enough to stay selective
                        if a.len() + b.len() < PAIR_NEAR_MIN_CLASSES {
                            continue;
                        }
                        lookups.push_keyed(hash_pair(a, b, KeyKind::Deletion), PAIR_NEAR);
                        for (deleted, other, long_enough) in key_deletions(a)
                            .into_iter()
                            .map(|d| (d, b, a.len() >= SUBSTITUTION_MIN_KEY))
                            .chain(
                                key_deletions(b)
                                    .into_iter()
                                    .map(|d| (d, a, b.len() >= SUBSTITUTION_MIN_KEY)),
                            )
                        {
                            lookups
                                .push_keyed(hash_pair(&deleted, other, KeyKind::Exact), PAIR_NEAR);
                            if long_enough {
                                lookups.push_keyed(
                                    hash_pair(&deleted, other, KeyKind::Deletion),
                                    PAIR_NEAR,
                                );
                            }
                        }
                    }
                }
            }
        }
    }
    lookups
}

/// The pairs a screening looks up in the pair table: by keys, with the evidence each gives,
/// and by spellings, each with its two spellings to check against the entries it meets
/// (hashes of 32 bits meet by chance: among the thousands of spellings one slip from a
/// query's parts, a few meet some other pair of a large list).
#[derive(Debug, Default)]
struct PairLookups {
    keyed: Vec<(u32, f32)>,
    spelt: Vec<SpeltLookup>,
    /// The spellings of `spelt`, one after another.
    letters: String,
    /// Name parts looked for with a slip of typing undone (see [`one_slip_names`]).
    slip_names: Vec<Vec<Box<str>>>,
}

/// A pair of spellings looked up: its hash, its evidence, and where its two spellings are
/// in [`PairLookups::letters`].
#[derive(Debug, Clone, Copy)]
struct SpeltLookup {
    hash: u32,
    value: f32,
    first: (u32, u32),
    second: (u32, u32),
}

impl PairLookups {
    fn push_keyed(&mut self, hash: u32, value: f32) {
        self.keyed.push((hash, value));
    }

    /// Adds the pair of spellings `first`, `second`.
    fn push_spelt(&mut self, first: &str, second: &str, value: f32) {
        let first_range = self.add_letters(first);
        let second_range = self.add_letters(second);
        let (a, b) = (self.text(first_range), self.text(second_range));
        let hash = hash_pair(a, b, KeyKind::Spelling);
        self.spelt.push(SpeltLookup {
            hash,
            value,
            first: first_range,
            second: second_range,
        });
    }

    fn add_letters(&mut self, letters: &str) -> (u32, u32) {
        let start = self.letters.len() as u32;
        self.letters.push_str(letters);
        (start, self.letters.len() as u32)
    }

    /// The spelling at `range`.
    fn text(&self, (start, end): (u32, u32)) -> &str {
        &self.letters[start as usize..end as usize]
    }
}

/// Evidence added to a best-ranked entry whose whole name is spelt as the query's, spaces
/// aside (half of it at one edit, a third at two; see `Watchlist::lift_close_spellings`):
/// above what the loose likeness of single parts gathers.
const WHOLE_NAME_CLOSE: f32 = 1.5;
/// The entries best ranked by evidence, this many times `candidates_scored`, are compared
/// whole with the query before the ones scored are chosen.
const WHOLE_NAME_RANGE: usize = 4;
/// Names of a query and of an entry compared whole, at most.
const WHOLE_NAMES_COMPARED: usize = 4;
/// Whole names shorter than this (in letters, spaces aside) are not lifted as one slip of
/// typing from a listed name: in a short name one slip is a large part of it
/// (`ZAHNG LI`, `Anna Berg` for `Anna Borg`).
const TYPING_SLIP_MIN_LETTERS: usize = 8;
/// Whole names shorter than this (in letters, spaces aside) are not compared whole.
const WHOLE_NAME_MIN_LETTERS: usize = 6;

/// Edits allowed between two whole names of `letters` letters: one slip in a short name,
/// two in a long one.
fn whole_name_edits(letters: usize) -> usize {
    if letters >= 12 {
        2
    } else {
        1
    }
}

/// The names of `entry` a query name is compared with, with their places: when the entry
/// gives a name in the query name's own script, those only. Its names in other scripts are
/// read through romanisations, guesses that add likenesses the list's own spelling in this
/// script does not have (`Kak Katsuragawa` met `郭 桂香` read as Japanese, though the list
/// spells it `Guo Guixiang`). Scoring and the proof that a score cannot be reached ask
/// this one function, so they compare the same names.
fn names_compared<'e>(
    query_name: &QueryName<'_>,
    entry: &'e Entry,
) -> impl Iterator<Item = (usize, &'e ListedName)> {
    let script = query_name.script;
    let same_script_only = script.is_some() && entry.names.iter().any(|name| name.script == script);
    entry
        .names
        .iter()
        .enumerate()
        .filter(move |(_, name)| !same_script_only || name.script == script)
}

/// Which of a name's parts may be words of a legal form: those in a form starting at
/// them or at a part before.
fn form_words(parts: &[&NamePart]) -> Vec<bool> {
    let texts: Vec<&str> = parts.iter().map(|part| part.text.as_str()).collect();
    let mut form = vec![false; texts.len()];
    for start in 0..texts.len() {
        let words = crate::legal_forms::form_words_at_start(&texts[start..]);
        for word in &mut form[start..start + words] {
            *word = true;
        }
    }
    form
}

/// The script all parts of a name are written in, if one.
fn one_script<'p>(mut parts: impl Iterator<Item = &'p NamePart>) -> Option<Script> {
    let first = parts.next()?.script;
    parts.all(|part| part.script == first).then_some(first)
}

/// The letters of a query's names (long enough ones, a few) as [`latin_letters`]; none
/// when joins are off: a whole name read with its spaces aside joins every part, in the
/// order written (`kim doheun` is spelt as `Kim Do-Heun`, `doheun kim` is not).
fn query_latin_letters(query: &Person, config: &compare::NameMatchConfig) -> Vec<Vec<u8>> {
    if !config.join_parts {
        return Vec::new();
    }
    let mut names: Vec<Vec<u8>> = query
        .names
        .iter()
        .filter_map(|name| latin_letters(name.parts.iter()))
        .filter(|letters| letters.len() >= WHOLE_NAME_MIN_LETTERS)
        .collect();
    let few = first_few_names(&mut names).len();
    names.truncate(few);
    names
}

/// The first [`WHOLE_NAMES_COMPARED`] of `names` in the order of their letters, each once:
/// which are compared does not depend on the order a list or a query gives its aliases.
fn first_few_names(names: &mut Vec<Vec<u8>>) -> &[Vec<u8>] {
    names.sort_unstable();
    names.dedup();
    &names[..names.len().min(WHOLE_NAMES_COMPARED)]
}

/// The letters and digits of a name's parts, in order and without spaces, when every part
/// is written in Latin letters; else `None`. A part of another script has a Latin spelling
/// too, but it is a romanisation, one guess among several: a slip from it is no slip of
/// anyone's typing (`فيلهلم schneider` is not two edits from `Wilhelm Schneider`).
fn latin_letters<'a>(parts: impl Iterator<Item = &'a NamePart>) -> Option<Vec<u8>> {
    let mut letters = Vec::with_capacity(32);
    for part in parts {
        let primary = part.primary();
        if part.script != Script::Latin || !primary.is_ascii() {
            return None;
        }
        letters.extend(primary.bytes().filter(u8::is_ascii_alphanumeric));
    }
    Some(letters)
}

/// Evidence of an entry found by a pair read from the query written with its spaces
/// elsewhere (see [`resegmented_lookups`]): two of its parts spelt exactly as the query's
/// letters read with a space elsewhere, as telling as an exact pair and two parts' own
/// evidence, which the query's run-together or split parts do not bring.
const PAIR_RESEGMENTED: f32 = 1.5;

/// Parts of a pair read by moving a space have at least this many letters.
const RESEGMENT_MIN_LETTERS: usize = 2;
/// Only a part (or two neighbours joined) of at most this many letters is split.
const RESEGMENT_MAX_LETTERS: usize = 32;

/// Pairs of a name read with its spaces elsewhere, as typing and reading documents slip:
/// two parts run together (`jarvislutz`), a space inside a part (`abdul lah`), a space
/// overwritten by a letter (`arkhipspetukhov`) or moved (`theodoroc astro`). Each name
/// part, and each two neighbours joined, is split at every place into two parts (and
/// once more without the letter at the place, which may have been the space); two
/// neighbours joined are also paired whole with every other part. Looked up in the pair
/// table by spelling, not by key: a listed name's two parts spelt exactly so meet them
/// (by key, a dozen splits of a long part met hundreds of names in a large list, each
/// only loosely like the query).
fn resegmented_lookups(name: &crate::names::Name, lookups: &mut PairLookups) {
    let parts: Vec<&NamePart> = name
        .parts
        .iter()
        .filter(|part| part.role != PartRole::Particle)
        .take(PAIR_PARTS)
        .collect();
    let mut push = |a: &str, b: &str| {
        lookups.push_spelt(a, b, PAIR_RESEGMENTED);
    };
    let mut segments: Vec<String> = Vec::new();
    for (at, part) in parts.iter().enumerate() {
        let primary = part.primary();
        if part.role == PartRole::Name {
            segments.push(primary.to_string());
        }
        if let Some(next) = parts.get(at + 1) {
            let joined = format!("{primary}{}", next.primary());
            // the two joined, with every other part
            for (other_at, other) in parts.iter().enumerate() {
                if other_at != at && other_at != at + 1 && other.role == PartRole::Name {
                    push(&joined, other.primary());
                }
            }
            segments.push(joined);
        }
    }
    for segment in segments {
        if !segment.is_ascii()
            || segment.len() < 2 * RESEGMENT_MIN_LETTERS
            || segment.len() > RESEGMENT_MAX_LETTERS
        {
            continue;
        }
        for at in RESEGMENT_MIN_LETTERS..=segment.len() - RESEGMENT_MIN_LETTERS {
            let head = &segment[..at];
            push(head, &segment[at..]);
            if segment.len() - at > RESEGMENT_MIN_LETTERS {
                push(head, &segment[at + 1..]);
            }
        }
    }
}

/// Evidence of an entry found by a pair of the query's parts with one slip of typing in
/// one of them (see [`one_slip_names`]): two parts spelt as the query's but for one
/// letter, as telling as a pair read with its space elsewhere.
const PAIR_ONE_SLIP: f32 = PAIR_RESEGMENTED;
/// Parts shorter or longer than these are not read with a slip: a slip in a part of one
/// letter is another name, and long parts meet by their keys.
const ONE_SLIP_MIN_LETTERS: usize = 2;
const ONE_SLIP_MAX_LETTERS: usize = 16;

/// The parts of a query name looked for with one slip of typing undone in one of them: a
/// letter dropped, added, changed, or two swapped (`JOHN ADERSON` for John Anderson,
/// `ZOHU JIANPING` for Zhou Jianping). A common part (`john`, `kim`) is carried by
/// thousands of names in a large list, so the entry is not found by it, and the slip
/// changes the other part's keys. Each list finds its parts one slip from each of these
/// (see [`Watchlist::slipped_spellings`]) and looks them up in the pair table by spelling
/// with every other part, as [`resegmented_lookups`] are: only a listed name with both
/// parts spelt so meets them. Only names typed in Latin letters: a slip in another script
/// is not one letter of its romanisation.
fn one_slip_names(name: &crate::names::Name, lookups: &mut PairLookups) {
    if name.parts.iter().any(|part| part.script != Script::Latin) {
        return;
    }
    let parts: Vec<Box<str>> = name
        .parts
        .iter()
        .filter(|part| part.role == PartRole::Name)
        .take(PAIR_PARTS)
        .map(|part| Box::from(part.primary()))
        .collect();
    if parts.len() >= 2 {
        lookups.slip_names.push(parts);
    }
}

/// Whether a spelling may have slipped: `a`..=`z` only, of a length a slip is one letter
/// of (in a part of one letter, a slip is another name; long parts meet by their keys).
fn slip_spelling(spelling: &[u8]) -> bool {
    (ONE_SLIP_MIN_LETTERS..=ONE_SLIP_MAX_LETTERS).contains(&spelling.len())
        && spelling.iter().all(u8::is_ascii_lowercase)
}

/// Hash of a spelling with the letter at `dropped` left out (none: `usize::MAX`).
fn slip_hash(spelling: &[u8], dropped: usize) -> u32 {
    let mut hasher = FxHasher::default();
    for (at, &letter) in spelling.iter().enumerate() {
        if at != dropped {
            hasher.write_u8(letter);
        }
    }
    hasher.write_u8(0xff);
    (directory::spread(hasher.finish()) >> 32) as u32
}

/// Hash of a spelling in the form every romanisation of the same Japanese reading has
/// (`romanize::japanese_canonical`), apart from [`slip_hash`]'s.
fn reading_hash(canonical: &[u8]) -> u32 {
    let mut hasher = FxHasher::default();
    hasher.write(canonical);
    hasher.write_u8(0xfe);
    (directory::spread(hasher.finish()) >> 32) as u32
}

/// The most readings of a name part in kanji looked up (see
/// `Watchlist::parts_read_as_kanji`).
const KANJI_READINGS_LOOKED_UP: usize = 1024;

/// Every vocabulary part's primary spelling and each of its one-letter deletions, with
/// the part: two spellings one slip apart (a letter dropped, added, changed, or two
/// swapped) share one of these. Also the part by its spelling in the form all
/// romanisations of a Japanese reading share ([`reading_hash`]), for names in kanji.
fn build_slip_table(vocabulary: &[NamePart]) -> Vec<(u32, u32)> {
    let mut table: Vec<(u32, u32)> = Vec::with_capacity(vocabulary.len() * 8);
    for (part_id, part) in vocabulary.iter().enumerate() {
        let spelling = part.primary().as_bytes();
        if part.role != PartRole::Name || !slip_spelling(spelling) {
            continue;
        }
        let part_id = part_id as u32;
        table.push((slip_hash(spelling, usize::MAX), part_id));
        table.push((
            reading_hash(&crate::romanize::japanese_canonical(part.primary())),
            part_id,
        ));
        for dropped in 0..spelling.len() {
            // a run of one letter loses the same spelling whichever is dropped
            if dropped == 0 || spelling[dropped] != spelling[dropped - 1] {
                table.push((slip_hash(spelling, dropped), part_id));
            }
        }
    }
    table.sort_unstable();
    table.dedup();
    table.shrink_to_fit();
    table
}

/// Two keys with fewer classes than this together are looked up only exactly as a pair.
const PAIR_NEAR_MIN_CLASSES: usize = 5;

/// Parts of a name that take part in pairs: the first few name parts.
const PAIR_PARTS: usize = 4;

/// The keys of the name parts (not particles or initials) of a name, first few only.
fn pair_keys<'p>(parts: impl Iterator<Item = &'p NamePart>) -> Vec<Vec<String>> {
    parts
        .filter(|part| part.role == PartRole::Name)
        .take(PAIR_PARTS)
        .map(|part| part.keys())
        .collect()
}

/// Hash of two part keys, in either order; 32 bits are plenty, as every hit is scored.
fn hash_pair(a: &str, b: &str, kind: KeyKind) -> u32 {
    let (first, second) = if a <= b { (a, b) } else { (b, a) };
    let mut hasher = FxHasher::default();
    first.hash(&mut hasher);
    second.hash(&mut hasher);
    kind.hash(&mut hasher);
    (directory::spread(hasher.finish()) >> 32) as u32
}

/// A pair hash placed in the directory's hash space.
fn pair_row_hash(hash: u32) -> u64 {
    u64::from(hash) << 32
}

/// Every pair of name parts of every listed name, by the parts' exact keys and by the keys
/// with one class left out of one of them.
fn build_pair_table(entries: &[Entry], vocabulary: &[NamePart]) -> Vec<(u32, u32)> {
    let mut table: Vec<(u32, u32)> = Vec::with_capacity(entries.len() * 12);
    for (entry_index, entry) in entries.iter().enumerate() {
        let entry_index = entry_index as u32;
        for name in entry.names.iter() {
            // the parts' spellings as pairs too, for a query typed with its spaces elsewhere
            let spelt: Vec<&str> = name
                .parts
                .iter()
                .map(|&token| &vocabulary[token as usize])
                .filter(|part| part.role == PartRole::Name)
                .take(PAIR_PARTS)
                .map(NamePart::primary)
                .collect();
            for i in 0..spelt.len() {
                for b in &spelt[i + 1..] {
                    table.push((hash_pair(spelt[i], b, KeyKind::Spelling), entry_index));
                }
            }
            let keys = pair_keys(name.parts.iter().map(|&token| &vocabulary[token as usize]));
            for i in 0..keys.len() {
                for j in i + 1..keys.len() {
                    for a in &keys[i] {
                        for b in &keys[j] {
                            table.push((hash_pair(a, b, KeyKind::Exact), entry_index));
                            for deleted in key_deletions(a) {
                                table
                                    .push((hash_pair(&deleted, b, KeyKind::Deletion), entry_index));
                            }
                            for deleted in key_deletions(b) {
                                table
                                    .push((hash_pair(a, &deleted, KeyKind::Deletion), entry_index));
                            }
                        }
                    }
                }
            }
        }
    }
    table.sort_unstable();
    table.dedup();
    table.shrink_to_fit();
    table
}

/// Whether an indexed key is a part's own key or one with a class left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum KeyKind {
    Exact,
    Deletion,
    /// A [`phonetic::fine_key`].
    Fine,
    /// Two parts spelt as written (their primary spellings), not keys.
    Spelling,
}

fn hash_key(key: &str, kind: KeyKind) -> u64 {
    let mut hasher = FxHasher::default();
    key.hash(&mut hasher);
    kind.hash(&mut hasher);
    directory::spread(hasher.finish())
}

/// Keys at least this long meet keys one class longer or shorter.
const EDIT_MIN_KEY: usize = 3;

/// Keys at least this long also meet keys one substitution away; shorter ones meet only
/// keys one class longer or shorter (a substitution in two classes is most of the key).
const SUBSTITUTION_MIN_KEY: usize = 4;

/// When a key has three classes or more, each key with one class left out (repeats merged
/// again): a query key meets a part whose key has one class more or one class less.
fn key_deletions(key: &str) -> Vec<String> {
    let mut variants: Vec<String> = Vec::new();
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

/// How many entries carry a part of each primary key: this list's own counts, and those of
/// the lists it was built beside (shared, not copied).
#[derive(Debug)]
struct RarityCounts {
    own: std::sync::Arc<HashMap<u64, u32>>,
    beside: Vec<std::sync::Arc<HashMap<u64, u32>>>,
}

impl RarityCounts {
    fn get(&self, key: u64) -> u32 {
        let count = |counts: &HashMap<u64, u32>| counts.get(&key).copied().unwrap_or(0);
        count(&self.own) + self.beside.iter().map(|counts| count(counts)).sum::<u32>()
    }
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
    /// (hash of two part keys of one name, entry), sorted: finds entries by two parts at
    /// once, which is far more selective than by one.
    pair_table: Vec<(u32, u32)>,
    pair_directory: Directory,
    /// Every name part's primary spelling, and it with each letter dropped, by hash: the
    /// parts one slip of typing from a query's (see [`Watchlist::slipped_spellings`]).
    slip_table: Vec<(u32, u32)>,
    slip_directory: Directory,
    vocabulary: Vec<NamePart>,
    postings: Vec<Vec<u32>>,
    /// The keys of the vocabulary parts: of every part, or, beside a reference, of the parts
    /// this list holds alone ...
    keys: KeyTable,
    /// ... and of those the reference holds too (empty without a reference). Screened after
    /// its reference, a list takes over what the reference found for those and looks up only
    /// its own: in a segment of a few thousand records most parts are the base's, and every
    /// lookup in a table larger than the caches is a wait for memory.
    shared_keys: KeyTable,
    rarity_counts: RarityCounts,
    /// Entries counted for rarity: this list's, and a reference list's it is screened beside.
    population: usize,
    weights: Vec<f32>,
    by_birth_date: HashMap<person::PartialDate, Vec<u32>>,
    by_document: HashMap<Box<str>, Vec<u32>>,
    /// Which list this is, to know a reference when screened beside it.
    identity: u64,
    /// Built beside a reference: the parts it holds too.
    link: Option<ReferenceLink>,
    /// The letters of each entry's Latin names, to compare whole names by spelling.
    spelt: SpeltNames,
    /// One bit an entry, set for an organisation's: which entries a query's name evidence
    /// may bring in (see [`Admitted`]).
    organisations: Vec<u64>,
    /// How many entries are organisations' (the bits set in `organisations`).
    organisation_count: usize,
}

/// The letters of a few of each entry's Latin names (as [`latin_letters`], chosen by
/// [`first_few_names`]), each ended by a 0, all in one block: comparing a query with a few hundred entries' whole names reads
/// two places in memory an entry, not the entry, its names, their parts and spellings.
#[derive(Debug, Default)]
struct SpeltNames {
    letters: Vec<u8>,
    /// Where each entry's names start in `letters`, and one past the last.
    starts: Vec<u32>,
}

impl SpeltNames {
    fn of(entries: &[Entry], vocabulary: &[NamePart]) -> SpeltNames {
        let mut spelt = SpeltNames {
            letters: Vec::with_capacity(entries.len() * 16),
            starts: Vec::with_capacity(entries.len() + 1),
        };
        for entry in entries {
            spelt.starts.push(spelt.letters.len() as u32);
            let mut names: Vec<Vec<u8>> = entry
                .names
                .iter()
                .filter_map(|name| {
                    latin_letters(name.parts.iter().map(|&token| &vocabulary[token as usize]))
                })
                .filter(|letters| !letters.is_empty())
                .collect();
            for letters in first_few_names(&mut names) {
                spelt.letters.extend_from_slice(letters);
                spelt.letters.push(0);
            }
        }
        spelt.starts.push(spelt.letters.len() as u32);
        spelt.letters.shrink_to_fit();
        spelt
    }

    /// The letters of an entry's Latin names, one by one.
    fn names(&self, entry: u32) -> impl Iterator<Item = &[u8]> {
        let (start, end) = (
            self.starts[entry as usize] as usize,
            self.starts[entry as usize + 1] as usize,
        );
        self.letters[start..end]
            .split(|&letter| letter == 0)
            .filter(|name| !name.is_empty())
    }
}

/// (key hash, vocabulary part, spelling of the part) rows, sorted, with their directory.
#[derive(Debug)]
struct KeyTable {
    rows: Vec<(u64, u32, u8)>,
    directory: Directory,
}

impl KeyTable {
    fn of(mut rows: Vec<(u64, u32, u8)>) -> KeyTable {
        rows.sort_unstable();
        rows.dedup();
        rows.shrink_to_fit();
        let directory = Directory::new(rows.iter().map(|&(hash, _, _)| hash));
        KeyTable { rows, directory }
    }

    /// The vocabulary parts (with the spelling) indexed under one key hash.
    fn bucket(&self, hash: u64) -> &[(u64, u32, u8)] {
        if self.rows.is_empty() {
            return &[];
        }
        let rows = &self.rows[self.directory.rows(hash)];
        let start = rows.partition_point(|&(h, _, _)| h < hash);
        let end = start + rows[start..].partition_point(|&(h, _, _)| h == hash);
        &rows[start..end]
    }
}

/// The parts a list built beside a reference ([`WatchlistBuilder::build_beside_reference`])
/// shares with it, spelt alike: screened together, what the reference found for a query
/// part is taken over for them (the same keys meet them and they compare the same), and
/// only the list's own parts are compared. A segment's parts are mostly the base's (the
/// common names come back in every write): seven segments of 16,000 generated records
/// beside 300,000 made screening 28-30% dearer than the base alone, their comparisons a
/// third of that; taken over, 20-28%, the rest each list's own lookups. The shared parts'
/// keys are kept apart ([`Watchlist::shared_keys`]), so that a list taking over looks up
/// only its own.
#[derive(Debug)]
struct ReferenceLink {
    reference: u64,
    /// The reference's part for each of this list's parts it holds too.
    own_of: HashMap<u32, u32>,
    /// For each of this list's parts the reference holds too, the reference's part and how
    /// many of the reference's entries carry it (`None`: the part is this list's own).
    /// Whether a part is common is a question about the whole (see
    /// [`Watchlist::rank_candidates`]).
    shared: Vec<Option<(u32, u32)>>,
}

impl ReferenceLink {
    /// The link of `vocabulary` to `reference`; `known`: for each part, what a list it was
    /// copied from knew of it (that list's reference, and the part's place there), taken as
    /// it is when that reference is this one (finding each part in the reference was a
    /// sixth of a merge).
    fn of(
        vocabulary: &[NamePart],
        reference: &Watchlist,
        known: &[Option<KnownLink>],
    ) -> ReferenceLink {
        let mut own_of = HashMap::default();
        let mut shared = vec![None; vocabulary.len()];
        for (own, part) in vocabulary.iter().enumerate() {
            if let Some(Some(known)) = known.get(own) {
                if known.reference == reference.identity {
                    if let Some((token, _)) = known.shared {
                        own_of.insert(token, own as u32);
                    }
                    shared[own] = known.shared;
                    continue;
                }
            }
            if part.role == PartRole::Particle {
                continue;
            }
            // a part's first fine key finds it, and every part spelt alike, in the reference
            let Some((fine, _)) = part.spelling_fine_keys().into_iter().next() else {
                continue;
            };
            let fine = hash_key(&fine, KeyKind::Fine);
            let same = reference
                .keys
                .bucket(fine)
                .iter()
                .chain(reference.shared_keys.bucket(fine))
                .map(|&(_, token, _)| token)
                .find(|&token| reference.vocabulary[token as usize] == *part);
            if let Some(token) = same {
                own_of.insert(token, own as u32);
                let carriers = reference.postings[token as usize].len();
                shared[own] = Some((token, u32::try_from(carriers).unwrap_or(u32::MAX)));
            }
        }
        ReferenceLink {
            reference: reference.identity,
            own_of,
            shared,
        }
    }

    /// How many of the reference's entries carry this list's part `own`, if the reference
    /// holds it.
    fn carriers(&self, own: u32) -> Option<u32> {
        self.shared[own as usize].map(|(_, carriers)| carriers)
    }
}

/// What a list built beside a reference knew of one of its parts, kept when the part is
/// copied into another list ([`WatchlistBuilder::add_entry_of`]).
#[derive(Debug, Clone, Copy)]
struct KnownLink {
    reference: u64,
    /// The reference's part and its carriers, as in [`ReferenceLink`].
    shared: Option<(u32, u32)>,
}

/// Numbers the lists built, for [`ReferenceLink`].
static LISTS_BUILT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

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
    /// A Chinese name written in Hangul, read back as the Chinese characters Korean reads
    /// so (`육미` as `yumei`).
    SinoKorean,
    /// A Japanese name in kanji, read character by character as the Latin spelling reads
    /// it (`好輝` as `yoshiteru`).
    KanjiReadings,
}

impl MatchKind {
    pub fn as_str(self) -> &'static str {
        match self {
            MatchKind::Exact => "exact",
            MatchKind::SameSpelling => "same-spelling",
            MatchKind::Phonetic => "phonetic",
            MatchKind::Initial => "initial",
            MatchKind::Joined => "joined",
            MatchKind::SinoKorean => "sino-korean",
            MatchKind::KanjiReadings => "kanji-readings",
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
    /// Rules about the names as wholes that held the name score down.
    pub rules: Vec<compare::NameRule>,
    pub qualifiers: Vec<QualifierEffect>,
    /// The legal forms (and ships' prefixes) set apart from an organisation's names
    /// before they were compared, the query's and the listed name's: a form neither makes
    /// nor breaks a match, and the explanation says which were set apart.
    pub legal_forms: (
        Vec<crate::legal_forms::FoundForm>,
        Vec<crate::legal_forms::FoundForm>,
    ),
}

/// One listed entity proposed for a query, with its score and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate<'w> {
    pub id: &'w str,
    pub score: f32,
    pub explanation: Explanation,
}

/// Entries found by an exact pair that take their common parts' evidence wherever they
/// rank, at most (the best by evidence so far).
const EXACT_PAIRS_BOOSTED: usize = 256;

/// The least similarity a listed part of an exact pair is compared down to when weighed
/// (see `Watchlist::weigh_exact_pairs`): a looser one adds little to the ranking, and the
/// comparison stops early.
const EXACT_PAIR_PART_MINIMUM: f32 = 0.7;

/// A listed word the query spells in full (similarity 1) and at most this many entries
/// carry brings them in to be scored whatever their rank: in a list of a million, an
/// exact rare word is the strongest lead a name gives, and a query that adds common or
/// loosely alike words (`Niref, Foreign Department`) would otherwise rank the one entry
/// below dozens that share two loose words with it. At most this many entries a query
/// part, so the scoring grows little.
const PINNED_CARRIERS: usize = 2;

/// Common parts add their evidence to this many times `candidates_scored` best candidates.
const COMMON_BOOST_RANGE: usize = 8;

/// Evidence for ranking an entry found by two parts with the same keys ...
const PAIR_EXACT: f32 = 0.5;
/// ... or with keys one class apart.
const PAIR_NEAR: f32 = 0.3;

/// Room made at once for entries found by name pairs, and for part comparisons made while
/// scoring, so that the maps seldom grow (growing is a good part of a query's cost).
const PAIR_HITS_EXPECTED: usize = 4096;
const SCORING_COMPARISONS: usize = 512;

/// Whether an entry of a list screened together with others counts (by the list's index
/// and the entry's position in it, as [`Watchlist::ids`] gives them: a caller holding its
/// own table by position answers without reading the id): see [`Watchlist::screen_lists`].
pub type KeepEntry<'k> = dyn Fn(usize, u32) -> bool + 'k;

/// What the lists of one screening ([`Watchlist::screen_lists`]) share of a query's
/// retrieval: each part's keys, what the first list looked up, and what it found, which a
/// list built beside it takes over for the parts both hold (see [`ReferenceLink`]).
#[derive(Default)]
struct SharedRetrieval {
    /// The first list.
    first: u64,
    /// What the first list found for each query part (its parts, compared, in the order of
    /// its parts: [`Watchlist::compare_met`] sorts them).
    found: HashMap<usize, Vec<(u32, PartComparison, u16)>>,
    /// What the first list looked up for each query part, and whether the lists after it
    /// follow that now.
    plans: HashMap<usize, std::rc::Rc<RetrievalPlan>>,
    following: bool,
    /// Each query part's keys, worked out for the first list.
    keys: HashMap<usize, std::rc::Rc<PartKeys>>,
}

/// What lists retrieved for the parts of queries, kept for later screenings of the same
/// words: a party of no stated kind is screened as a person and as an organisation, and
/// both readings look up the same words (an organisation's reading looks up fewer: its
/// generic words are particles, never looked up); the parties of a batch of payments share
/// their given names, their trades' words and their remittance texts' words. A part's
/// finds are its own (the part as read, the list, the scope and the configuration decide
/// them; never the viewer, whose access applies after), so a part met again, equal in
/// every field, in the same list under the same configuration, is not looked up again. A
/// list is never changed once built, and its identity is never given to another, so finds
/// kept for a list replaced since are never served for the new one. Used where one list
/// is screened (with segments, the lists after the first follow its plan, which a part
/// taken from here did not make). Bounded: emptied when it holds [`MEMO_MOST_FINDS`] finds
/// or [`MEMO_MOST_PARTS`] parts, and when met with another configuration.
#[derive(Default)]
pub struct RetrievalMemo {
    /// The configuration the finds were made under.
    config: Option<MatchConfig>,
    /// By a hash of (list, scope, part's text, role and script): each (list, scope, part,
    /// its finds), the part compared whole (a hash never stands for a part).
    found: HashMap<u64, Vec<(u64, Scope, NamePart, PartFinds)>>,
    parts: usize,
    finds: usize,
}

/// The most finds a [`RetrievalMemo`] holds (about 20 bytes each) ...
const MEMO_MOST_FINDS: usize = 1 << 18;
/// ... and the most parts.
const MEMO_MOST_PARTS: usize = 1 << 14;

impl RetrievalMemo {
    /// Readies the memo for screenings under `config`: emptied if it holds finds made
    /// under another.
    fn under(&mut self, config: &MatchConfig) {
        if self.config.as_ref() != Some(config) {
            self.clear();
            self.config = Some(config.clone());
        }
    }

    fn clear(&mut self) {
        self.found.clear();
        self.parts = 0;
        self.finds = 0;
    }

    fn key(list: u64, scope: Scope, part: &NamePart) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut hasher = rustc_hash::FxHasher::default();
        (list, scope, &part.text, part.role, part.script).hash(&mut hasher);
        hasher.finish()
    }

    fn get(&self, list: u64, scope: Scope, part: &NamePart) -> Option<&PartFinds> {
        self.found
            .get(&RetrievalMemo::key(list, scope, part))?
            .iter()
            .find(|(kept_list, kept_scope, kept_part, _)| {
                *kept_list == list && *kept_scope == scope && kept_part == part
            })
            .map(|(_, _, _, found)| found)
    }

    fn keep(&mut self, list: u64, scope: Scope, part: &NamePart, found: &PartFinds) {
        if self.parts >= MEMO_MOST_PARTS || self.finds + found.len() > MEMO_MOST_FINDS {
            self.clear();
        }
        self.parts += 1;
        self.finds += found.len();
        self.found
            .entry(RetrievalMemo::key(list, scope, part))
            .or_default()
            .push((list, scope, part.clone(), found.clone()));
    }

    /// How many parts' finds it holds.
    pub fn parts(&self) -> usize {
        self.parts
    }
}

/// A query part's finds in one list: vocabulary parts, how each compared, through which
/// spelling pairs (see [`Watchlist::retrieve_part`]).
type PartFinds = Vec<(u32, PartComparison, u16)>;

/// The keys a query part is looked up under, hashed: the same in every list.
struct PartKeys {
    /// Fine keys, with the spelling each is of.
    fine: Vec<(u64, u8)>,
    coarse: Vec<CoarseKey>,
}

/// One spelling's coarse key: the key itself, the key as a deletion variant, and for each
/// key with one class less its exact and deletion hashes.
struct CoarseKey {
    spelling: u8,
    /// Classes in the key (as bytes, as the rules count them).
    len: usize,
    exact: u64,
    deletion: u64,
    less: Vec<(u64, u64)>,
}

impl PartKeys {
    fn of(part: &NamePart) -> PartKeys {
        PartKeys {
            fine: part
                .spelling_fine_keys()
                .into_iter()
                .map(|(fine, spelling)| (hash_key(&fine, KeyKind::Fine), spelling))
                .collect(),
            coarse: part
                .spelling_keys()
                .into_iter()
                .map(|(key, spelling)| CoarseKey {
                    spelling,
                    len: key.len(),
                    exact: hash_key(&key, KeyKind::Exact),
                    deletion: hash_key(&key, KeyKind::Deletion),
                    less: key_deletions(&key)
                        .iter()
                        .map(|deletion| {
                            (
                                hash_key(deletion, KeyKind::Exact),
                                hash_key(deletion, KeyKind::Deletion),
                            )
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}

/// Which keys a query part was looked up under in the first (largest) list of a
/// screening over several: the lists after it look up the same. Whether a key is rare, or
/// its bucket fits the budget, is a question about the whole index; a small segment asked
/// on its own finds every bucket small and looks up every near key, which one list holding
/// all the entries would not (that made each segment's retrieval cost as much as the
/// base's). Segments add few entries to a base, so the base's answer is the whole's.
#[derive(Debug, Clone, Default)]
struct RetrievalPlan {
    /// The part's own spelling was listed: only parts spelt so were taken.
    shortcut: bool,
    /// Keys left out (not rare, or over the budget).
    skipped: Vec<u64>,
}

/// The decisions of one part's retrieval: followed from the first list's plan, if any,
/// and written down for the lists after it.
struct Decisions {
    followed: Option<std::rc::Rc<RetrievalPlan>>,
    made: RetrievalPlan,
}

impl Decisions {
    /// Whether to look `hash` up: as the first list did, else as this list finds (`own`,
    /// asked only then: it looks the key up).
    fn allow(&mut self, hash: u64, own: impl FnOnce() -> bool) -> bool {
        match &self.followed {
            Some(plan) => !plan.skipped.contains(&hash),
            None => {
                let own = own();
                if !own {
                    self.made.skipped.push(hash);
                }
                own
            }
        }
    }

    /// Writes the decisions down when this is the first list.
    fn keep(&mut self, ordinal: usize, shared: Option<&mut SharedRetrieval>) {
        if let Some(shared) = shared {
            if !shared.following {
                let made = std::mem::take(&mut self.made);
                shared.plans.insert(ordinal, std::rc::Rc::new(made));
            }
        }
    }
}

/// Which single parts of a query are followed through the part index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Scope {
    AllParts,
    /// Only parts whose keys are rare, when name pairs already found enough entries.
    RareParts,
}

/// A query name with its parts and their weights, worked out once a query.
struct QueryName<'q> {
    text: &'q str,
    /// The numbers the name holds (see [`names::numbers_in`]): read once a screening, and
    /// a listed name's only when the query's holds some.
    numbers: Vec<u32>,
    /// Whether an organisation's name ends in a legal form (see
    /// [`crate::legal_forms::ends_in_form`]): read once a screening, for
    /// [`compare::words_after`].
    ends_in_form: bool,
    parts: Vec<&'q NamePart>,
    weights: Vec<f32>,
    /// The parts of an organisation's name that may be words of a legal form, which count
    /// nothing after a listed name in full ([`compare::words_after`]; for
    /// [`compare::cannot_reach`]).
    form_words: Vec<bool>,
    /// Each part joined with the next, where they may be joined.
    joined: Vec<Option<NamePart>>,
    /// The script all its parts are written in, if one (see [`names_compared`]).
    script: Option<Script>,
}

/// A query's scoring against one list's candidates (see [`Watchlist::scoring`]).
#[derive(Default)]
struct Scoring<'q> {
    names: Vec<QueryName<'q>>,
    /// Part comparisons by (query name, query part or `MAX_PARTS` + joined pair, listed
    /// part), with the spelling pairs they were made over.
    cache: HashMap<(usize, usize, u32), (PartComparison, u16)>,
    /// Candidates left unscored as unable to reach the score first asked for.
    unscored: Vec<u32>,
}

/// An entry scored, before its explanation is written.
struct Scored {
    entry: u32,
    score: f32,
    /// The score before the chance rule held the name down (see
    /// [`crate::agreement::chance_likeness`]): what the crowd rule weighs, as a listed name
    /// this like the query crowds a result whether or not chance explains its likeness.
    likeness: f32,
    /// The best pair of names (query name, listed name) and how they compared.
    names: Option<(usize, usize, NameComparison)>,
    effects: Vec<QualifierEffect>,
    /// The fewest edits between the query's names and the entry's by their letters, within
    /// [`whole_name_edits`] (see [`Watchlist::spelt_against`]), for the crowd rule.
    spelling_distance: Option<usize>,
}

/// A result must stand out from the other candidates of its query (see [`hold_crowded`]):
/// fully below this score ...
const CROWD_LOOSE: f32 = 0.9;
/// ... less and less up to this one: only a name agreeing in full (every part alike enough
/// to be full evidence) is strong enough alone;
const CROWD_STRONG: f32 = 1.0;
/// by this margin over the best other (a rival nearer holds it fully) ...
const CROWD_NEAR: f32 = 0.1;
/// ... less and less down to this one (a rival further off holds nothing);
const CROWD_MARGIN: f32 = 0.15;
/// and this many rivals within the margin hold it fully, however far each: a likeness two
/// other names share is a crowd's, not a rival's.
const CROWD_RIVALS: usize = 2;
/// held fully, it is held at this score.
const CROWD_HELD_AT: f32 = 0.6;

/// Holds down the results that do not stand out from the other candidates of the query: a
/// likeness short of strong that another listed name, spelt otherwise, reaches nearly as
/// well is a likeness many names share at this size of list, not this person's name. In
/// a list of a million, an innocent traveller's name is loosely like dozens of listed
/// names, and the best of them is no nearer than the rest; a listed person asked for is
/// nearer to his own name than to anyone else's, by a clear margin, in whatever script.
/// Strong likenesses, and listed names spelt the same (one person listed twice, or
/// namesakes), never hold each other down. The hold grows smoothly with how loose the
/// likeness is and how near the rival, so that a small change of score (a list's rarity
/// drifting as it grows) is a small change of the result:
/// `score - looseness * nearness * (score - CROWD_HELD_AT)`; two rivals or more within
/// the margin are a crowd, and hold it as the nearest rival would
/// ([`CROWD_RIVALS`]).
/// A result whose whole name is spelt nearer to the query's than any rival's (within a
/// slip or two, spaces aside: `john aderson` against a listed `John Anderson`, beside a
/// `John Andersen`) stands out by its spelling, and is not held: a typing slip is near
/// one name, where a name many share is loosely near all of them.
fn hold_crowded(lists: &[&Watchlist], scored: &mut [(usize, Scored)]) {
    // only a result the rule would hold down is looked at: one below it decides nothing
    let held = |one: &Scored| {
        one.likeness < CROWD_STRONG && one.likeness > CROWD_HELD_AT && one.names.is_some()
    };
    let loose = scored.iter().filter(|(_, one)| held(one)).count();
    if loose == 0 || scored.len() < 2 {
        return;
    }
    let listed_text = |(at, one): &(usize, Scored)| -> Option<String> {
        let (_, listed_name, _) = one.names.as_ref()?;
        let entry = &lists[*at].entries[one.entry as usize];
        Some(crate::text::fold(&entry.names[*listed_name].text))
    };
    let texts: Vec<Option<String>> = scored.iter().map(listed_text).collect();
    let spelt: Vec<Option<usize>> = scored
        .iter()
        .map(|(_, one)| one.spelling_distance)
        .collect();
    let mut holds: Vec<(usize, usize, f32, f32)> = Vec::new();
    for (index, (_, one)) in scored.iter().enumerate() {
        if !held(one) {
            continue;
        }
        let (mut count, mut best, mut nearest_spelt) = (0, 0f32, None::<usize>);
        for (other, (_, rival)) in scored.iter().enumerate() {
            if other != index
                && texts[other] != texts[index]
                && rival.likeness > one.likeness - CROWD_MARGIN
            {
                count += 1;
                best = best.max(rival.likeness);
                if let Some(distance) = spelt[other] {
                    nearest_spelt = Some(nearest_spelt.map_or(distance, |n| n.min(distance)));
                }
            }
        }
        if count == 0 {
            continue;
        }
        // spelt nearer the query than every rival: it stands out by its spelling
        if let Some(distance) = spelt[index] {
            if nearest_spelt.is_none_or(|rival| rival > distance) {
                continue;
            }
        }
        let looseness =
            ((CROWD_STRONG - one.likeness) / (CROWD_STRONG - CROWD_LOOSE)).clamp(0.0, 1.0);
        let nearness = if count >= CROWD_RIVALS {
            1.0
        } else {
            ((best - (one.likeness - CROWD_MARGIN)) / (CROWD_MARGIN - CROWD_NEAR)).clamp(0.0, 1.0)
        };
        // the crowd's doubt and chance's add up: the drop the crowd makes of the likeness is
        // taken from the score chance left
        let held_score = one.score - looseness * nearness * (one.likeness - CROWD_HELD_AT);
        holds.push((index, count, best, held_score));
    }
    for (index, count, best, held_score) in holds {
        let one = &mut scored[index].1;
        let detail = format!(
            "{count} other listed name{} within {CROWD_MARGIN} of this one's {:.2} (the nearest {:.2}): a likeness many names share",
            if count == 1 { "" } else { "s" },
            one.likeness,
            best
        );
        if let Some((_, _, comparison)) = one.names.as_mut() {
            comparison.rules.push(compare::NameRule {
                rule: compare::RuleKind::Crowded,
                detail,
                held_at: held_score,
            });
        }
        one.score = held_score;
    }
}

/// How near an entry's names are to a query's by their letters (see
/// [`Watchlist::spelt_against`]): the fewest edits, and two names one slip apart.
struct SpeltAgainst<'s, 'q> {
    distance: Option<usize>,
    slip: Option<(&'q [u8], &'s [u8])>,
}

/// Which of a list's entries a query's name evidence may bring in: those of the query's
/// kind, and those a document or identifier of the query names whatever their kind. A
/// person is an organisation only through a shared document or identifier
/// ([`Watchlist::score_entry`] gives any other pair no score), so entries of the other
/// kind found by name would only take the places of candidates that can score: an
/// organisation's reading of a party ranked the persons sharing its words, nine in ten of
/// a list's entries. Entries found by name are still counted as found (see
/// [`Watchlist::rank_candidates`]).
struct Admitted<'l> {
    organisations: &'l [u64],
    organisation: bool,
    /// Entries the query's documents and identifiers name, sorted.
    linked: Vec<u32>,
}

impl Admitted<'_> {
    fn admits(&self, entry: u32) -> bool {
        let organisation = self
            .organisations
            .get(entry as usize / 64)
            .is_some_and(|bits| bits >> (entry % 64) & 1 == 1);
        organisation == self.organisation
            || (!self.linked.is_empty() && self.linked.binary_search(&entry).is_ok())
    }
}

/// What ranking the candidates of every list reads of the query, worked out once a
/// screening: its facts, and the letters of its names compared whole.
struct QueryWhole<'q> {
    facts: &'q Facts,
    letters: Vec<Vec<u8>>,
    /// The query's name parts, in the order of its `QueryPart`s that are not joined.
    parts: Vec<&'q NamePart>,
    /// How many entries the lists screened hold together: the chance likenesses a query
    /// meets (see [`crate::agreement::chance_likeness`]).
    listed: usize,
    /// How many of them are organisations: the names an organisation's reading is ranked
    /// among (see [`Admitted`], [`crate::agreement::chance_words`]).
    organisations_listed: usize,
    /// Of an organisation's query, by name and part: whether no list screened spells the
    /// word, nor one slip of typing from it (see [`Watchlist::query_weight_of`]); empty
    /// for a person's.
    unspelt: Vec<Vec<bool>>,
    /// The settings the query's names are compared under
    /// ([`compare::NameMatchConfig::of_query`]) ...
    names: compare::NameMatchConfig,
    /// ... and bounded under ([`compare::NameMatchConfig::bounding_query`]).
    bounding: compare::NameMatchConfig,
}

/// The retrieved vocabulary parts of one query part, with their comparisons.
struct QueryPart {
    name: usize,
    /// Two short parts of the query joined, or the whole name read as one word: only for
    /// finding candidates.
    joined: bool,
    /// How many of the query's parts a hit of this one stands for as evidence: one, or
    /// every part of a name read as one word when it agrees nearly in full.
    stands_for: u8,
    /// (vocabulary part, comparison over the spelling pairs whose keys met, those pairs)
    hits: Vec<(u32, PartComparison, u16)>,
}

impl Watchlist {
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The ids of the entries, in the list's order.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|entry| &*entry.id)
    }

    /// The id of the entry at `position` (in the order of [`Watchlist::ids`]), if any.
    pub fn id(&self, position: u32) -> Option<&str> {
        self.entries.get(position as usize).map(|entry| &*entry.id)
    }

    /// Distinct name parts held.
    pub fn vocabulary_len(&self) -> usize {
        self.vocabulary.len()
    }

    /// Screens one query: the best `limit` entries, best first, each with its explanation.
    /// Equal scores keep the order of the list.
    pub fn screen(&self, query: &Person, limit: usize, config: &MatchConfig) -> Vec<Candidate<'_>> {
        self.screen_at_least(query, limit, 0.0, config)
    }

    /// [`Watchlist::screen`] for a caller that wants only scores of `minimum` or more (a
    /// threshold): the same entries with the same scores, less those below `minimum`.
    /// Candidates that cannot reach it are left without being scored in full: those whose
    /// dates of birth, gender or countries keep even a perfect name below it, and those whose
    /// names are shown unable to agree as well as the qualifiers ask
    /// ([`compare::cannot_reach`]).
    pub fn screen_at_least(
        &self,
        query: &Person,
        limit: usize,
        minimum: f32,
        config: &MatchConfig,
    ) -> Vec<Candidate<'_>> {
        Watchlist::screen_lists(&[self], None, query, limit, minimum, config)
            .into_iter()
            .map(|(_, candidate)| candidate)
            .collect()
    }

    /// Screens one query over several lists as over one (a base and the segments written
    /// since): the entries `keep` lets through (by list and id; `None`: all), best first,
    /// each with its list's index. Each list finds its candidates, but one ranking over all
    /// of them chooses the [`MatchConfig::candidates_scored`] scored in full, and whether
    /// single parts are followed only where rare is decided once, from the name pairs found
    /// in all lists together, as one list holding every entry would decide. So a screening
    /// costs about as much over a base and many small segments as over the base alone,
    /// where scoring each list's best apart cost as much again for each large segment.
    /// Equal scores keep the order of the lists, then of each list. With one list, this is
    /// [`Watchlist::screen_at_least`].
    pub fn screen_lists<'w>(
        lists: &[&'w Watchlist],
        keep: Option<&KeepEntry<'_>>,
        query: &Person,
        limit: usize,
        minimum: f32,
        config: &MatchConfig,
    ) -> Vec<(usize, Candidate<'w>)> {
        Watchlist::screen_lists_remembering(lists, keep, query, limit, minimum, config, None)
    }

    /// [`Watchlist::screen_lists`], the parts' finds kept in `memo` and taken from it:
    /// for the screenings of one party read two ways (see [`RetrievalMemo`]). The same
    /// candidates, scores and explanations as without it.
    pub fn screen_lists_remembering<'w>(
        lists: &[&'w Watchlist],
        keep: Option<&KeepEntry<'_>>,
        query: &Person,
        limit: usize,
        minimum: f32,
        config: &MatchConfig,
        mut memo: Option<&mut RetrievalMemo>,
    ) -> Vec<(usize, Candidate<'w>)> {
        if limit == 0 || lists.iter().all(|list| list.entries.is_empty()) {
            return Vec::new();
        }
        // the pairs looked up and the letters of the names compared whole are the query's,
        // the same in every list
        let lookups = pair_lookups(query);
        let whole = QueryWhole {
            facts: &query.facts,
            letters: query_latin_letters(query, &config.names),
            parts: query
                .names
                .iter()
                .flat_map(|name| name.parts.iter())
                .collect(),
            listed: lists.iter().map(|list| list.entries.len()).sum(),
            organisations_listed: lists.iter().map(|list| list.organisation_count).sum(),
            unspelt: if query.kind == EntityKind::Person {
                Vec::new()
            } else {
                query
                    .names
                    .iter()
                    .map(|name| {
                        name.parts
                            .iter()
                            .map(|part| {
                                part.role == PartRole::Name
                                    && !lists.iter().any(|list| list.spells(part.primary()))
                            })
                            .collect()
                    })
                    .collect()
            },
            names: config.names.of_query(query.kind),
            bounding: config.names.bounding_query(query.kind),
        };
        // room for the entries found in each list in proportion to its share of all: a
        // segment of a few thousand records beside a million finds few, and room for as
        // many as in the base was a large allocation a segment a query
        let entries = whole.listed;
        let admitted: Vec<Admitted<'_>> = lists.iter().map(|list| list.admitted(query)).collect();
        let mut pair_hits: Vec<HashMap<u32, f32>> = lists
            .iter()
            .map(|list| {
                let share = PAIR_HITS_EXPECTED * list.entries.len() / entries.max(1);
                list.pair_candidates(&lookups, share.min(list.entries.len()))
            })
            .collect();
        // with enough entries found by two parts, single parts are followed only where they
        // are rare (cheap to follow); otherwise every part is followed (entries `keep` leaves
        // out are counted: they are few, records changed since the base was built, or of
        // other owners, which one list would count too)
        let pairs_found: usize = pair_hits.iter().map(HashMap::len).sum();
        // found is found, whatever the kind (see `rank_candidates`); only those admitted
        // are ranked
        let pairs_met: Vec<bool> = pair_hits
            .iter_mut()
            .zip(&admitted)
            .map(|(found, admitted)| {
                let met = !found.is_empty();
                found.retain(|&entry, _| admitted.admits(entry));
                met
            })
            .collect();
        let scope = if pairs_found >= config.pair_candidates_enough {
            Scope::RareParts
        } else {
            Scope::AllParts
        };
        let mut query_parts: Vec<Vec<QueryPart>> = Vec::with_capacity(lists.len());
        let mut ranked: Vec<(usize, u32, f32)> = Vec::new();
        // what the first list worked out and found, for the others (a segment's names are
        // mostly the base's too)
        let mut shared = (lists.len() > 1).then(SharedRetrieval::default);
        let mut found_before = false;
        let mut pinned: Vec<(usize, u32)> = Vec::new();
        for (at, (((list, pair_hits), admitted), pairs_met)) in lists
            .iter()
            .zip(pair_hits)
            .zip(&admitted)
            .zip(pairs_met)
            .enumerate()
        {
            if list.entries.is_empty() {
                query_parts.push(Vec::new());
                continue;
            }
            if let Some(shared) = shared.as_mut().filter(|shared| !shared.following) {
                shared.first = list.identity;
            }
            let parts =
                list.retrieve_parts(query, scope, config, shared.as_mut(), memo.as_deref_mut());
            // the lists after the first look up what it did
            if let Some(shared) = shared.as_mut() {
                shared.following = true;
            }
            let kept = keep.map(|keep| move |entry: u32| keep(at, entry));
            let kept = kept.as_ref().map(|kept| kept as &dyn Fn(u32) -> bool);
            let (best, pinned_here) = list.rank_candidates(
                &whole,
                &parts,
                (pair_hits, pairs_met),
                config,
                (admitted, kept),
                &mut found_before,
            );
            ranked.extend(
                best.into_iter()
                    .map(|(entry, evidence)| (at, entry, evidence)),
            );
            pinned.extend(pinned_here.into_iter().map(|entry| (at, entry)));
            query_parts.push(parts);
        }
        // one ranking over every list's candidates
        if ranked.len() > config.candidates_scored {
            ranked.select_nth_unstable_by(config.candidates_scored, |a, b| {
                b.2.total_cmp(&a.2).then((a.0, a.1).cmp(&(b.0, b.1)))
            });
            ranked.truncate(config.candidates_scored);
        }
        let mut scored: Vec<(usize, Scored)> = Vec::new();
        let mut scorings: Vec<Scoring<'_>> = Vec::with_capacity(lists.len());
        // a result held for its crowd is one whose competitors reach within the margin
        // below it: those are scored too, but only once some candidate reaches `minimum`
        // (holding only lowers a score: without one there is no result to hold). Until
        // then a candidate that cannot reach `minimum` is left unscored.
        let scored_from = if minimum > 0.0 {
            (minimum - CROWD_MARGIN).max(0.0)
        } else {
            0.0
        };
        for (at, list) in lists.iter().enumerate() {
            let mut candidates: Vec<u32> = ranked
                .iter()
                .filter(|(of, _, _)| *of == at)
                .map(|&(_, entry, _)| entry)
                .chain(
                    pinned
                        .iter()
                        .filter(|(of, _)| *of == at)
                        .map(|&(_, entry)| entry),
                )
                .collect();
            candidates.sort_unstable();
            candidates.dedup();
            if candidates.is_empty() {
                scorings.push(Scoring::default());
                continue;
            }
            let mut scoring = list.scoring(query, &query_parts[at], &whole);
            let list_scored = list.score_candidates(
                query,
                &whole,
                &mut scoring,
                candidates,
                (minimum, scored_from),
                config,
            );
            scored.extend(list_scored.into_iter().map(|one| (at, one)));
            scorings.push(scoring);
        }
        if scored.iter().any(|(_, one)| one.score >= minimum) {
            for (at, (list, scoring)) in lists.iter().zip(&mut scorings).enumerate() {
                let unscored = std::mem::take(&mut scoring.unscored);
                let list_scored = list.score_candidates(
                    query,
                    &whole,
                    scoring,
                    unscored,
                    (scored_from, scored_from),
                    config,
                );
                scored.extend(list_scored.into_iter().map(|one| (at, one)));
            }
        }
        hold_crowded(lists, &mut scored);
        scored.retain(|(_, one)| one.score >= minimum);
        scored.sort_by(|a, b| {
            b.1.score
                .total_cmp(&a.1.score)
                .then((a.0, a.1.entry).cmp(&(b.0, b.1.entry)))
        });
        scored.truncate(limit);
        // explanations only for what is returned
        scored
            .into_iter()
            .map(|(at, one)| (at, lists[at].candidate(&scorings[at].names, one)))
            .collect()
    }

    /// What scoring a query against this list's candidates works with: the query's names as
    /// weighed by this list (for the explanations too) and the part comparisons made so far,
    /// starting from the retrieval's hits (compared over the spelling pairs whose keys met,
    /// completed when scored).
    fn scoring<'q>(
        &self,
        query: &'q Person,
        query_parts: &[QueryPart],
        whole: &QueryWhole<'_>,
    ) -> Scoring<'q> {
        let hit_count: usize = query_parts.iter().map(|qp| qp.hits.len()).sum();
        let scoring = SCORING_COMPARISONS.min(self.vocabulary.len() * MAX_PARTS);
        let mut cache: HashMap<(usize, usize, u32), (PartComparison, u16)> =
            HashMap::with_capacity_and_hasher(hit_count + scoring, Default::default());
        for (index, qp) in query_parts.iter().enumerate() {
            if qp.joined {
                continue;
            }
            for &(token, comparison, pairs) in &qp.hits {
                cache.insert(
                    (qp.name, index_in_name(query_parts, index), token),
                    (comparison, pairs),
                );
            }
        }
        let names: Vec<QueryName<'_>> = query
            .names
            .iter()
            .enumerate()
            .map(|(name_index, name)| {
                let parts: Vec<&NamePart> = name.parts.iter().collect();
                let weights = parts
                    .iter()
                    .enumerate()
                    .map(|(at, part)| {
                        let unspelt = whole
                            .unspelt
                            .get(name_index)
                            .and_then(|parts| parts.get(at))
                            .copied()
                            .unwrap_or(false);
                        self.query_weight_of(part, unspelt)
                    })
                    .collect();
                let joined = parts
                    .windows(2)
                    .map(|pair| {
                        compare::joinable(pair[0], pair[1])
                            .then(|| compare::join_parts(pair[0], pair[1]))
                    })
                    .collect();
                let form_words = if query.kind == EntityKind::Person {
                    Vec::new()
                } else {
                    form_words(&parts)
                };
                QueryName {
                    script: one_script(parts.iter().copied()),
                    text: &name.text,
                    numbers: names::numbers_of(query.kind, &name.text),
                    ends_in_form: query.kind != EntityKind::Person
                        && crate::legal_forms::ends_in_form(&name.text),
                    form_words,
                    parts,
                    weights,
                    joined,
                }
            })
            .collect();
        Scoring {
            names,
            cache,
            unscored: Vec::new(),
        }
    }

    /// Scores `candidates` (entries of this list, in order) in full: those whose likeness
    /// reaches `kept_from` (`(reaching, kept_from)`), among those that can score `reaching`;
    /// those shown unable to are left in `scoring.unscored` (when `reaching` is above
    /// `kept_from`, for scoring at `kept_from` should it be needed).
    fn score_candidates(
        &self,
        query: &Person,
        whole: &QueryWhole<'_>,
        scoring: &mut Scoring<'_>,
        candidates: Vec<u32>,
        (reaching, kept_from): (f32, f32),
        config: &MatchConfig,
    ) -> Vec<Scored> {
        let Scoring {
            names,
            cache,
            unscored,
        } = scoring;
        // a candidate's names are shown unable to reach a result's score from
        // `BOUND_RESULTS_FROM`; a rival's likeness is bounded only from `BOUND_NAMES_FROM`
        // (the bound is of a score, and a likeness may be higher: `words_after`'s listed
        // name alone)
        let for_result = reaching > kept_from;
        let bound_from = if for_result {
            BOUND_RESULTS_FROM
        } else {
            BOUND_NAMES_FROM
        };
        let reach = (reaching, bound_from);
        let mut scored = Vec::new();
        for entry in candidates {
            match self.score_entry(query, (names, whole), entry, cache, reach, config) {
                Some(one) if one.likeness >= kept_from => scored.push(one),
                Some(_) => {}
                None if for_result => unscored.push(entry),
                None => {}
            }
        }
        scored
    }

    fn candidate(&self, query_names: &[QueryName<'_>], scored: Scored) -> Candidate<'_> {
        let entry = &self.entries[scored.entry as usize];
        let mut explanation = match scored.names {
            Some((query_name_index, listed_name_index, comparison)) => {
                let query_name = &query_names[query_name_index];
                let listed_name = &entry.names[listed_name_index];
                let listed_parts: Vec<&NamePart> = listed_name
                    .parts
                    .iter()
                    .map(|&token| &self.vocabulary[token as usize])
                    .collect();
                explain(
                    query_name.text,
                    &listed_name.text,
                    &query_name.parts,
                    &listed_parts,
                    &comparison,
                )
            }
            None => Explanation {
                query_name: String::new(),
                listed_name: String::new(),
                name_score: 0.0,
                parts: Vec::new(),
                unmatched_query_parts: Vec::new(),
                unmatched_listed_parts: Vec::new(),
                rules: Vec::new(),
                qualifiers: Vec::new(),
                legal_forms: Default::default(),
            },
        };
        explanation.qualifiers = scored.effects;
        if entry.kind == EntityKind::Organization {
            let forms = |name: &str| {
                crate::legal_forms::strip(name)
                    .map(|s| s.forms)
                    .unwrap_or_default()
            };
            explanation.legal_forms = (
                forms(&explanation.query_name),
                forms(&explanation.listed_name),
            );
        }
        Candidate {
            id: &entry.id,
            score: scored.score,
            explanation,
        }
    }

    /// How many vocabulary parts (with a spelling) are indexed under one key hash.
    fn key_bucket_len(&self, hash: u64) -> usize {
        self.keys.bucket(hash).len() + self.shared_keys.bucket(hash).len()
    }

    /// The entries `query`'s name evidence may bring in (see [`Admitted`]).
    fn admitted(&self, query: &Person) -> Admitted<'_> {
        let mut linked: Vec<u32> = query
            .facts
            .documents
            .iter()
            .map(|number| std::borrow::Cow::Borrowed(number.as_str()))
            .chain(
                query
                    .facts
                    .identifiers
                    .iter()
                    .map(|identifier| std::borrow::Cow::Owned(identifier.key())),
            )
            .filter_map(|key| self.by_document.get(key.as_ref()))
            .flatten()
            .copied()
            .collect();
        linked.sort_unstable();
        linked.dedup();
        Admitted {
            organisations: &self.organisations,
            organisation: query.kind == EntityKind::Organization,
            linked,
        }
    }

    /// Entries with two name parts whose keys meet two parts of a query name (exactly, or
    /// with one class more, less or different in one of them), or spelt as two parts of it
    /// read with a space elsewhere or with one slip of typing undone (each such row checked
    /// against the entry's spellings), with their pair evidence. `expected`: how many to
    /// make room for at once.
    fn pair_candidates(&self, lookups: &PairLookups, expected: usize) -> HashMap<u32, f32> {
        let mut found: HashMap<u32, f32> =
            HashMap::with_capacity_and_hasher(expected, Default::default());
        for &(hash, value) in &lookups.keyed {
            for &entry in self.pair_rows(hash) {
                let slot = found.entry(entry).or_default();
                *slot = slot.max(value);
            }
        }
        let mut found_spelt = |first: &str, second: &str, hash: u32, value: f32| {
            for &entry in self.pair_rows(hash) {
                if self.spells_pair(entry, first, second) {
                    let slot = found.entry(entry).or_default();
                    *slot = slot.max(value);
                }
            }
        };
        for lookup in &lookups.spelt {
            let (first, second) = (lookups.text(lookup.first), lookups.text(lookup.second));
            found_spelt(first, second, lookup.hash, lookup.value);
        }
        let mut slipped: Vec<&str> = Vec::new();
        for parts in &lookups.slip_names {
            for (at, part) in parts.iter().enumerate() {
                self.slipped_spellings(part, &mut slipped);
                for spelling in &slipped {
                    for (other_at, other) in parts.iter().enumerate() {
                        if other_at != at {
                            let hash = hash_pair(spelling, other, KeyKind::Spelling);
                            found_spelt(spelling, other, hash, PAIR_ONE_SLIP);
                        }
                    }
                }
            }
        }
        found
    }

    /// The primary spellings of this list's name parts one slip of typing from `spelling`
    /// (a letter dropped, added, changed, or two neighbours swapped), not `spelling` itself.
    fn slipped_spellings<'s>(&'s self, spelling: &str, slipped: &mut Vec<&'s str>) {
        slipped.clear();
        for listed in self.within_one_slip(spelling.as_bytes()) {
            if listed != spelling && !slipped.contains(&listed) {
                slipped.push(listed);
            }
        }
    }

    /// The primary spellings of the listed parts that spell `letters` or one slip of
    /// typing from it, through the slip table (a part may come more than once); none for a
    /// spelling the table does not hold (see [`slip_spelling`]).
    fn within_one_slip<'s: 'l, 'l>(
        &'s self,
        letters: &'l [u8],
    ) -> impl Iterator<Item = &'s str> + 'l {
        let held = slip_spelling(letters);
        std::iter::once(usize::MAX)
            .chain(0..letters.len())
            .filter(move |_| held)
            .flat_map(move |dropped| self.slip_rows(slip_hash(letters, dropped)))
            .map(move |part| self.vocabulary[part as usize].primary())
            .filter(move |listed| {
                crate::metrics::edit_distance::osa_within(letters, listed.as_bytes(), 1).is_some()
            })
    }

    /// The Latin name parts of this list that spell a reading of `kanji`, character by
    /// character (`romanize::japanese_readings`, the first
    /// [`KANJI_READINGS_LOOKED_UP`]): a Japanese name's kanji have a dozen readings each,
    /// which no key of one reading finds.
    fn parts_read_as_kanji(&self, kanji: &str) -> Vec<u32> {
        let mut parts = Vec::new();
        for reading in crate::romanize::japanese_readings(kanji, KANJI_READINGS_LOOKED_UP) {
            for part in self.slip_rows(reading_hash(&reading)) {
                let listed = self.vocabulary[part as usize].primary();
                if crate::romanize::japanese_canonical(listed) == reading && !parts.contains(&part)
                {
                    parts.push(part);
                }
            }
        }
        parts
    }

    /// Whether a listed part spells `spelling`, or one slip of typing from it (a spelling
    /// the slip table does not hold, too long or not in lower-case Latin letters, is taken
    /// as spelt).
    fn spells(&self, spelling: &str) -> bool {
        let letters = spelling.as_bytes();
        !slip_spelling(letters) || self.within_one_slip(letters).next().is_some()
    }

    /// The vocabulary parts of the slip table's rows with hash `hash`.
    fn slip_rows(&self, hash: u32) -> impl Iterator<Item = u32> + '_ {
        let rows = &self.slip_table[self.slip_directory.rows(pair_row_hash(hash))];
        let start = rows.partition_point(|&(h, _)| h < hash);
        rows[start..]
            .iter()
            .take_while(move |&&(h, _)| h == hash)
            .map(|&(_, part)| part)
    }

    /// The entries of the pair table's rows with hash `hash`.
    fn pair_rows(&self, hash: u32) -> impl Iterator<Item = &u32> {
        let rows = &self.pair_table[self.pair_directory.rows(pair_row_hash(hash))];
        let start = rows.partition_point(|&(h, _)| h < hash);
        rows[start..]
            .iter()
            .take_while(move |&&(h, _)| h == hash)
            .map(|(_, entry)| entry)
    }

    /// Whether a name of entry `entry` has two name parts (of its first few, as the pair
    /// table holds them) spelt `first` and `second`.
    fn spells_pair(&self, entry: u32, first: &str, second: &str) -> bool {
        self.entries[entry as usize].names.iter().any(|name| {
            let spelt = || {
                name.parts
                    .iter()
                    .map(|&token| &self.vocabulary[token as usize])
                    .filter(|part| part.role == PartRole::Name)
                    .take(PAIR_PARTS)
                    .map(NamePart::primary)
                    .enumerate()
            };
            spelt().any(|(i, a)| a == first && spelt().any(|(j, b)| j != i && b == second))
        })
    }

    fn retrieve_parts(
        &self,
        query: &Person,
        scope: Scope,
        config: &MatchConfig,
        mut shared: Option<&mut SharedRetrieval>,
        mut memo: Option<&mut RetrievalMemo>,
    ) -> Vec<QueryPart> {
        if let Some(memo) = memo.as_deref_mut() {
            memo.under(config);
        }
        let mut query_parts = Vec::new();
        // a part looked up before by a screening of the same words (see `RetrievalMemo`),
        // or looked up now and kept for the next
        let mut retrieve = |part: &NamePart,
                            ordinal: usize,
                            shared: Option<&mut SharedRetrieval>|
         -> Vec<(u32, PartComparison, u16)> {
            let Some(memo) = memo.as_deref_mut().filter(|_| shared.is_none()) else {
                return self.retrieve_part(part, ordinal, scope, config, shared);
            };
            if let Some(found) = memo.get(self.identity, scope, part) {
                return found.clone();
            }
            let found = self.retrieve_part(part, ordinal, scope, config, None);
            memo.keep(self.identity, scope, part, &found);
            found
        };
        for (name_index, name) in query.names.iter().enumerate() {
            for part in &name.parts {
                let ordinal = query_parts.len();
                let hits = retrieve(part, ordinal, shared.as_deref_mut());
                query_parts.push(QueryPart {
                    name: name_index,
                    joined: false,
                    stands_for: 1,
                    hits,
                });
            }
            let mut joined: Vec<(NamePart, u8)> = name
                .parts
                .windows(2)
                .filter(|pair| short_pair(&pair[0], &pair[1]))
                .map(|pair| (compare::join_parts(&pair[0], &pair[1]), 1))
                .collect();
            let parts: Vec<&NamePart> = name.parts.iter().collect();
            for side in whole_word_orders(&parts) {
                joined.push((compare::join_whole(&parts, &side), parts.len() as u8));
            }
            // a name written as one word in Chinese characters or Hangul is also looked up
            // as its family name (the first character) and the rest, as a list writes it
            // in parts (`변철환`: `Pyon`, and `Chol Hwan`, a listed short pair)
            if let [word] = parts.as_slice() {
                joined.extend(
                    names::family_and_given(word)
                        .into_iter()
                        .map(|part| (part, 1)),
                );
            }
            for (joined, stands_for) in joined {
                let ordinal = query_parts.len();
                let hits = retrieve(&joined, ordinal, shared.as_deref_mut());
                query_parts.push(QueryPart {
                    name: name_index,
                    joined: true,
                    stands_for,
                    hits,
                });
            }
        }
        query_parts
    }

    /// Vocabulary parts whose keys meet the keys of `part` and that compare well with it.
    fn retrieve_part(
        &self,
        part: &NamePart,
        ordinal: usize,
        scope: Scope,
        config: &MatchConfig,
        mut shared: Option<&mut SharedRetrieval>,
    ) -> Vec<(u32, PartComparison, u16)> {
        if part.role != PartRole::Name {
            return Vec::new();
        }
        // beside a first list, this one looks up what the first did (see `RetrievalPlan`)
        let mut decide = Decisions {
            followed: shared
                .as_deref()
                .filter(|shared| shared.following)
                .and_then(|shared| shared.plans.get(&ordinal).map(std::rc::Rc::clone)),
            made: RetrievalPlan::default(),
        };
        let keys = match shared.as_deref_mut() {
            Some(shared) => std::rc::Rc::clone(
                shared
                    .keys
                    .entry(ordinal)
                    .or_insert_with(|| std::rc::Rc::new(PartKeys::of(part))),
            ),
            None => std::rc::Rc::new(PartKeys::of(part)),
        };
        // beside its reference, what the reference found of the parts this list holds too
        // (this list's parts, ordered), the same as looking them up and comparing would be
        let taken_over: Option<Vec<(u32, PartComparison, u16)>> =
            match (&self.link, shared.as_deref()) {
                (Some(link), Some(shared))
                    if shared.following && shared.first == link.reference =>
                {
                    shared.found.get(&ordinal).map(|found| {
                        // whichever is shorter is gone through: a small segment shares a few
                        // parts with the base, which finds dozens for a common name part
                        // (the first list's finds are in the order of its parts)
                        let mut own: Vec<(u32, PartComparison, u16)> =
                            if link.own_of.len() < found.len() {
                                link.own_of
                                    .iter()
                                    .filter_map(|(&token, &own)| {
                                        let at = found
                                            .binary_search_by_key(&token, |&(token, _, _)| token)
                                            .ok()?;
                                        let (_, comparison, pairs) = found[at];
                                        Some((own, comparison, pairs))
                                    })
                                    .collect()
                            } else {
                                found
                                    .iter()
                                    .filter_map(|&(token, comparison, pairs)| {
                                        Some((*link.own_of.get(&token)?, comparison, pairs))
                                    })
                                    .collect()
                            };
                        own.sort_unstable_by_key(|&(token, _, _)| token);
                        own
                    })
                }
                _ => None,
            };
        // (part, spelling pairs whose keys met): with the reference's finds taken over, only
        // this list's own parts are looked up (the others would be dropped in `found`)
        let own_only = taken_over.is_some();
        let mut met: Vec<(u32, u16)> = Vec::new();
        let look_up = |hash: u64, query_spelling: u8, met: &mut Vec<(u32, u16)>| {
            let shared_rows = if own_only {
                &[][..]
            } else {
                self.shared_keys.bucket(hash)
            };
            for &(_, token, listed_spelling) in self.keys.bucket(hash).iter().chain(shared_rows) {
                met.push((
                    token,
                    compare::spelling_pair_bit(query_spelling, listed_spelling),
                ));
            }
        };
        // fine keys always: they are selective
        for &(fine, spelling) in &keys.fine {
            look_up(fine, spelling, &mut met);
        }
        // a name in kanji: the listed parts spelling one of its readings
        if part.script == Script::Han {
            met.extend(
                self.parts_read_as_kanji(&part.text)
                    .into_iter()
                    .map(|token| (token, compare::spelling_pair_bit(0, 0))),
            );
        }
        // when name pairs found enough and this very spelling is listed, the fine keys did
        // the finding; near spellings would only add rivals
        // (only for Latin queries: a romanisation is a guess, and a guess that happens to
        // spell some listed part must not hide the listed part it stands for)
        if scope == Scope::RareParts && part.script == Script::Latin {
            let spelt_alike = |token: u32| {
                let listed = &self.vocabulary[token as usize];
                listed
                    .spellings
                    .iter()
                    .any(|l| part.spellings.iter().any(|q| q.text == l.text))
            };
            let alike: Vec<bool> = met.iter().map(|&(token, _)| spelt_alike(token)).collect();
            let followed_shortcut = matches!(&decide.followed, Some(plan) if plan.shortcut);
            if followed_shortcut || alike.contains(&true) {
                // the listed parts spelt as the query part are the hits; others spelt near
                // them would only be rivals, and entries with them are found by name pairs
                let mut alike = alike.into_iter();
                met.retain(|_| alike.next().unwrap_or(false));
                decide.made.shortcut = true;
                decide.keep(ordinal, shared.as_deref_mut());
                // a shortcut of this list's own (its own part spelt so) keeps none of the
                // reference's finds
                let taken_over = if followed_shortcut { taken_over } else { None };
                return self.found(part, ordinal, met, taken_over, config, shared);
            }
        }
        // coarse keys when every part is followed, or those that are rare
        // near keys multiply the work: every one when name pairs found too little, else only
        // buckets that fit in a small budget (in a small list, all of them)
        let rare_part_tokens = if part.script == Script::Latin {
            config.rare_part_tokens
        } else {
            config.rare_romanised_part_tokens
        };
        let budget = match scope {
            Scope::AllParts => config.retrieval_limit,
            Scope::RareParts => rare_part_tokens,
        };
        let within_budget =
            |hash: u64, query_spelling: u8, met: &mut Vec<(u32, u16)>, decide: &mut Decisions| {
                let fits = || met.len() + self.key_bucket_len(hash) <= budget;
                if decide.allow(hash, fits) {
                    look_up(hash, query_spelling, met);
                }
            };
        for key in &keys.coarse {
            let rare =
                || scope == Scope::AllParts || self.key_bucket_len(key.exact) <= rare_part_tokens;
            if decide.allow(key.exact, rare) {
                // the same key, or a listed key with one class more (not for keys of one or
                // two classes, which one more class would make most of)
                look_up(key.exact, key.spelling, &mut met);
                if key.len >= EDIT_MIN_KEY {
                    within_budget(key.deletion, key.spelling, &mut met, &mut decide);
                }
            }
        }
        for key in &keys.coarse {
            for &(less, less_deleted) in &key.less {
                // a listed key with one class less
                within_budget(less, key.spelling, &mut met, &mut decide);
                if key.len >= SUBSTITUTION_MIN_KEY {
                    // a listed key with one class different
                    within_budget(less_deleted, key.spelling, &mut met, &mut decide);
                }
            }
        }
        decide.keep(ordinal, shared.as_deref_mut());
        self.found(part, ordinal, met, taken_over, config, shared)
    }

    /// The parts met compared with `part`, or, with what the reference found taken over,
    /// only this list's own; the first list of several writes its finds down.
    fn found(
        &self,
        part: &NamePart,
        ordinal: usize,
        mut met: Vec<(u32, u16)>,
        taken_over: Option<Vec<(u32, PartComparison, u16)>>,
        config: &MatchConfig,
        shared: Option<&mut SharedRetrieval>,
    ) -> Vec<(u32, PartComparison, u16)> {
        let found = match (taken_over, &self.link) {
            (Some(mut found), Some(link)) => {
                met.retain(|&(token, _)| link.carriers(token).is_none());
                found.extend(self.compare_met(part, met, config));
                found.sort_unstable_by_key(|&(token, _, _)| token);
                found
            }
            _ => self.compare_met(part, met, config),
        };
        if let Some(shared) = shared.filter(|shared| !shared.following) {
            shared.found.insert(ordinal, found.clone());
        }
        found
    }

    /// Compares `part` with every vocabulary part met, over the spelling pairs whose keys met.
    fn compare_met(
        &self,
        part: &NamePart,
        mut met: Vec<(u32, u16)>,
        config: &MatchConfig,
    ) -> Vec<(u32, PartComparison, u16)> {
        let mut hits: Vec<(u32, PartComparison, u16)> = Vec::new();
        met.sort_unstable_by_key(|&(token, _)| token);
        let mut index = 0;
        while index < met.len() {
            let token = met[index].0;
            let mut pairs = 0u16;
            while index < met.len() && met[index].0 == token {
                pairs |= met[index].1;
                index += 1;
            }
            let listed = &self.vocabulary[token as usize];
            let comparison = compare::compare_parts_on(part, listed, pairs, &config.names);
            if config.names.evidence(&comparison) > 0.0 {
                hits.push((token, comparison, pairs));
            }
        }
        hits
    }

    /// Entries worth scoring in full, with their evidence: those sharing the most
    /// (weighted) name evidence with the query, plus those with the same document number or
    /// full date of birth; [`MatchConfig::candidates_scored`] at most, among those `keep`
    /// lets through.
    ///
    /// Only entries `admitted` are ranked; `found_before` and the fall-back to common parts
    /// count every entry found, admitted or not, as before there was a choice (`pairs_met`:
    /// whether the pairs found any), so that a reading of the other kind is not sent
    /// through every common part's carriers for finding only entries it cannot score.
    fn rank_candidates(
        &self,
        query: &QueryWhole<'_>,
        query_parts: &[QueryPart],
        (pair_hits, pairs_met): (HashMap<u32, f32>, bool),
        config: &MatchConfig,
        (admitted, keep): (&Admitted<'_>, Option<&dyn Fn(u32) -> bool>),
        found_before: &mut bool,
    ) -> (Vec<(u32, f32)>, Vec<u32>) {
        // entries whose two parts meet two of the query's exactly (by key): a pair of
        // common parts (Christopher Lucas) is as telling as a rare part, though each part
        // alone only adds to candidates found otherwise
        let exact_pairs: Vec<u32> = pair_hits
            .iter()
            .filter(|&(_, &value)| value >= PAIR_EXACT)
            .map(|(&entry, _)| entry)
            .collect();
        let mut evidence: HashMap<u32, f32> = pair_hits;
        // parts carried by few entries bring in candidates; parts carried by many (common
        // given names) only add to candidates already in, unless nothing else found any.
        // Both are questions about the whole: beside a reference, a part's carriers are
        // counted in both lists (a given name common in a million is common in a segment of
        // a few thousand beside them, where it brought in hundreds of candidates a query),
        // and "nothing else" means nothing in the lists screened before this one either.
        let carriers = |token: u32| {
            let own = self.postings[token as usize].len();
            let reference = self
                .link
                .as_ref()
                .and_then(|link| link.carriers(token))
                .map_or(0, |carriers| carriers as usize);
            own + reference
        };
        let mut common: Vec<(u32, f32)> = Vec::new();
        // the entries of a listed word the query spells in full and almost no one else
        // carries: scored whatever their rank (see PINNED_CARRIERS)
        let mut pinned: Vec<u32> = Vec::new();
        // the filter as asked (`keep` below is spent once the best are kept)
        let keep_pinned = keep;
        // a query part is evidence for an entry once, by the entry's part most like it: an
        // entry with its name in two scripts, or many aliases, is not twice as likely
        let mut part_evidence: Vec<(u32, f32)> = Vec::new();
        let mut found_here = pairs_met;
        for qp in query_parts {
            part_evidence.clear();
            for &(token, comparison, _) in &qp.hits {
                let postings = &self.postings[token as usize];
                // by likeness first, the listed part's rarity at half strength: in full it
                // made a loose likeness to a rare listed part outrank a close one to a
                // common part (in a list of a million, a typo or another script's spelling
                // is loosely like many rare names); rarity weighs the score in full
                let evidence = config.names.evidence(&comparison);
                // a whole name read as one word that agrees nearly in full is what an
                // entry agreeing in every part, and so in every pair of them, would be
                // (loosely, a long word is like many names, and counts as one part)
                let value = if qp.stands_for > 1 && comparison.similarity >= WHOLE_WORD_AGREES {
                    let parts = f32::from(qp.stands_for);
                    evidence * parts + PAIR_EXACT * parts * (parts - 1.0) / 2.0
                } else {
                    (0.5 + 0.5 * self.weights[token as usize]) * evidence
                };
                if comparison.similarity >= 1.0 && carriers(token) <= PINNED_CARRIERS {
                    pinned.extend(postings.iter().copied().filter(|&e| admitted.admits(e)));
                }
                if carriers(token) <= config.rare_part_postings {
                    found_here |= !postings.is_empty();
                    part_evidence.extend(
                        postings
                            .iter()
                            .filter(|&&entry| admitted.admits(entry))
                            .map(|&entry| (entry, value)),
                    );
                } else {
                    common.push((token, value));
                }
            }
            part_evidence.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)));
            part_evidence.dedup_by_key(|(entry, _)| *entry);
            for &(entry, value) in &part_evidence {
                *evidence.entry(entry).or_default() += value;
            }
        }
        let weighed =
            self.weigh_exact_pairs(query, query_parts, &exact_pairs, &mut evidence, config);
        let fall_back = !found_here && !*found_before;
        *found_before |= found_here;
        if fall_back {
            common.sort_by_key(|&(token, _)| carriers(token));
            for &(token, value) in &common {
                let postings = &self.postings[token as usize];
                if carriers(token) > config.common_part_postings {
                    break;
                }
                for &entry in postings {
                    if admitted.admits(entry) {
                        *evidence.entry(entry).or_default() += value;
                    }
                }
            }
        }
        for number in &query.facts.documents {
            for &entry in self.by_document.get(number.as_str()).into_iter().flatten() {
                *evidence.entry(entry).or_default() += 10.0;
            }
        }
        for identifier in &query.facts.identifiers {
            let key = identifier.key();
            for &entry in self.by_document.get(key.as_str()).into_iter().flatten() {
                *evidence.entry(entry).or_default() += 10.0;
            }
        }
        for date in &query.facts.birth_dates {
            let Some(entries) = self.by_birth_date.get(date) else {
                continue;
            };
            if entries.len() <= config.candidates_scored {
                for &entry in entries.iter().filter(|&&entry| admitted.admits(entry)) {
                    *evidence.entry(entry).or_default() += 0.3;
                }
            }
        }
        let mut ranked: Vec<(u32, f32)> = evidence.into_iter().collect();
        let by_evidence = |a: &(u32, f32), b: &(u32, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
        // the best `count` that `keep` lets through: asked of the best few only, and once
        // each, as most entries are kept and asking is not free (a caller's filter may look
        // an entry up in several places)
        let keep_best =
            |ranked: &mut Vec<(u32, f32)>, count: usize, keep: Option<&dyn Fn(u32) -> bool>| {
                let Some(keep) = keep else {
                    if ranked.len() > count {
                        ranked.select_nth_unstable_by(count, by_evidence);
                        ranked.truncate(count);
                    }
                    return;
                };
                let mut looked = count;
                loop {
                    if ranked.len() > looked {
                        ranked.select_nth_unstable_by(looked, by_evidence);
                    }
                    let head = looked.min(ranked.len());
                    ranked[..head].sort_unstable_by(by_evidence);
                    let kept: Vec<bool> = ranked[..head]
                        .iter()
                        .map(|&(entry, _)| keep(entry))
                        .collect();
                    if kept.iter().filter(|&&kept| kept).count() >= count || head == ranked.len() {
                        ranked.truncate(head);
                        let mut kept = kept.into_iter();
                        ranked.retain(|_| kept.next().unwrap_or(false));
                        ranked.truncate(count);
                        return;
                    }
                    looked *= 4;
                }
            };
        let mut keep = keep;
        if !common.is_empty() {
            // common parts add to the most promising candidates only: they carry little
            // weight, so they reorder those near the top, not those far below
            // the entries of exact pairs take their common parts' evidence too, wherever
            // their evidence so far ranks them (in a million, a thousand entries may gather
            // more from loose likenesses of rare parts than an exact pair of common ones)
            let mut paired: Vec<(u32, f32)> = Vec::new();
            if !exact_pairs.is_empty() {
                let exact: rustc_hash::FxHashSet<u32> = exact_pairs.iter().copied().collect();
                ranked.retain(|&(entry, value)| {
                    if exact.contains(&entry) {
                        paired.push((entry, value));
                        false
                    } else {
                        true
                    }
                });
                if let Some(keep) = keep {
                    paired.retain(|&(entry, _)| keep(entry));
                }
                if paired.len() > EXACT_PAIRS_BOOSTED {
                    paired.select_nth_unstable_by(EXACT_PAIRS_BOOSTED, by_evidence);
                    paired.truncate(EXACT_PAIRS_BOOSTED);
                }
            }
            keep_best(
                &mut ranked,
                config.candidates_scored * COMMON_BOOST_RANGE,
                keep,
            );
            ranked.extend(paired);
            // every one left is kept
            keep = None;
            common.sort_unstable_by_key(|&(token, _)| token);
            for (entry, value) in ranked.iter_mut() {
                // a weighed entry has every part's evidence already
                if weighed.contains(entry) {
                    continue;
                }
                let entry = &self.entries[*entry as usize];
                let tokens = entry
                    .names
                    .iter()
                    .flat_map(|name| name.parts.iter())
                    .chain(entry.joined_parts.iter());
                for token in tokens {
                    if let Ok(at) = common.binary_search_by_key(token, |&(t, _)| t) {
                        *value += common[at].1;
                    }
                }
            }
        }
        if !query.letters.is_empty() {
            keep_best(
                &mut ranked,
                config.candidates_scored * WHOLE_NAME_RANGE,
                keep,
            );
            keep = None;
            self.lift_close_spellings(&query.letters, &mut ranked);
        }
        keep_best(&mut ranked, config.candidates_scored, keep);
        if let Some(keep) = keep_pinned {
            pinned.retain(|&entry| keep(entry));
        }
        pinned.sort_unstable();
        pinned.dedup();
        (ranked, pinned)
    }

    /// Entries found by an exact pair of the query's parts (by key), weighed part by part
    /// when a query part is romanised from another script: each query part's evidence is
    /// that of the entry's name part most like it, each listed part compared once for all
    /// the entries that carry it (and only as far as [`EXACT_PAIR_PART_MINIMUM`]). In a
    /// million, the parts of such a pair are often common (`الخوري لطيف`, `Khoury
    /// Latif`), and a romanisation's fine keys seldom meet the listed spelling, so no
    /// part's own lookup brought their evidence, and entries gathering loose likenesses of
    /// rare parts outranked the pair (a thousand of them, where `Khoury Lətif` scores 0.98).
    /// A Latin query's own lookups find its listed spellings, and weighing its pairs only
    /// let namesakes crowd out the one a slip of typing away. The best
    /// [`MatchConfig::exact_pairs_weighed`] by evidence so far; an entry's evidence becomes
    /// its parts' where that is more (the pair's own is not added: the parts say more).
    /// Returns the entries weighed.
    fn weigh_exact_pairs(
        &self,
        query: &QueryWhole<'_>,
        query_parts: &[QueryPart],
        exact_pairs: &[u32],
        evidence: &mut HashMap<u32, f32>,
        config: &MatchConfig,
    ) -> rustc_hash::FxHashSet<u32> {
        let mut weighed = rustc_hash::FxHashSet::default();
        let romanised = query.parts.iter().any(|part| part.script != Script::Latin);
        if exact_pairs.is_empty() || !romanised || config.exact_pairs_weighed == 0 {
            return weighed;
        }
        let mut order: Vec<(u32, f32)> = exact_pairs
            .iter()
            .map(|&entry| (entry, evidence.get(&entry).copied().unwrap_or(0.0)))
            .collect();
        if order.len() > config.exact_pairs_weighed {
            order.select_nth_unstable_by(config.exact_pairs_weighed, |a, b| {
                b.1.total_cmp(&a.1).then(a.0.cmp(&b.0))
            });
            order.truncate(config.exact_pairs_weighed);
        }
        let named: Vec<(&NamePart, &QueryPart)> = query
            .parts
            .iter()
            .copied()
            .zip(query_parts.iter().filter(|part| !part.joined))
            .filter(|(part, _)| part.role == PartRole::Name)
            .collect();
        // (query part, listed part) -> evidence
        let mut compared: HashMap<(usize, u32), f32> = HashMap::default();
        let mut part_evidence = |at: usize, part: &NamePart, found: &QueryPart, token: u32| {
            *compared.entry((at, token)).or_insert_with(|| {
                let listed = &self.vocabulary[token as usize];
                let comparison = match found.hits.binary_search_by_key(&token, |&(t, _, _)| t) {
                    Ok(hit) => Some(found.hits[hit].1),
                    Err(_) => compare::compare_parts_at_least(
                        part,
                        listed,
                        EXACT_PAIR_PART_MINIMUM,
                        &config.names,
                    ),
                };
                comparison.map_or(0.0, |comparison| {
                    (0.5 + 0.5 * self.weights[token as usize]) * config.names.evidence(&comparison)
                })
            })
        };
        for (entry, before) in order {
            let mut total = 0.0;
            for (at, &(part, found)) in named.iter().enumerate() {
                let mut best = 0f32;
                for name in &self.entries[entry as usize].names {
                    for &token in &name.parts {
                        if self.vocabulary[token as usize].role == PartRole::Name {
                            best = best.max(part_evidence(at, part, found, token));
                        }
                    }
                }
                total += best;
            }
            if total > before {
                evidence.insert(entry, total);
            }
            weighed.insert(entry);
        }
        weighed
    }

    /// Adds evidence to the best-ranked entries whose whole name is spelt within an edit
    /// or two of the query's, spaces left aside: a name typed with one slip (`ruben roke`,
    /// `john aderson`) is this near its listed spelling, while the near pairs and loose
    /// parts that also found it find many names only loosely like it. Latin spellings only
    /// (a romanisation of another script is one guess among several).
    fn lift_close_spellings(&self, query_letters: &[Vec<u8>], ranked: &mut [(u32, f32)]) {
        for (entry, value) in ranked.iter_mut() {
            if let Some(distance) = self.spelt_against(query_letters, *entry).distance {
                *value += WHOLE_NAME_CLOSE / (1 + distance) as f32;
            }
        }
    }

    /// How near the letters of a query's names (`query_letters`) are to those of an
    /// entry's, spaces aside: the fewest edits within [`whole_name_edits`], and a pair of
    /// names one slip of typing apart, both at least [`TYPING_SLIP_MIN_LETTERS`] long (see
    /// [`compare::RuleKind::TypingSlip`]). One pass serves ranking, scoring and the crowd.
    fn spelt_against<'s, 'q>(
        &'s self,
        query_letters: &'q [Vec<u8>],
        entry: u32,
    ) -> SpeltAgainst<'s, 'q> {
        let mut spelt = SpeltAgainst {
            distance: None,
            slip: None,
        };
        if query_letters.is_empty() {
            return spelt;
        }
        for listed in self.spelt.names(entry) {
            for letters in query_letters {
                let shorter = letters.len().min(listed.len());
                let Some(distance) = crate::metrics::edit_distance::osa_within(
                    letters,
                    listed,
                    whole_name_edits(shorter),
                ) else {
                    continue;
                };
                spelt.distance = Some(spelt.distance.map_or(distance, |d| d.min(distance)));
                if distance <= 1 && shorter >= TYPING_SLIP_MIN_LETTERS && spelt.slip.is_none() {
                    spelt.slip = Some((letters.as_slice(), listed));
                }
            }
        }
        spelt
    }

    fn score_entry(
        &self,
        query: &Person,
        (query_names, whole): (&[QueryName<'_>], &QueryWhole<'_>),
        entry_index: u32,
        cache: &mut HashMap<(usize, usize, u32), (PartComparison, u16)>,
        // the score a candidate must be able to reach to be scored, and the name score from
        // which its names are first shown unable to
        (minimum, bound_names_from): (f32, f32),
        config: &MatchConfig,
    ) -> Option<Scored> {
        let entry = &self.entries[entry_index as usize];
        if query.kind == EntityKind::Person && entry.kind == EntityKind::Organization
            || query.kind == EntityKind::Organization && entry.kind == EntityKind::Person
        {
            // a person is not an organisation: only a shared document or identifier (an
            // account, a wallet) could link them
            if !query
                .facts
                .documents
                .iter()
                .any(|d| entry.facts.documents.contains(d))
                && !query.facts.identifiers.iter().any(|q| {
                    entry
                        .facts
                        .identifiers
                        .iter()
                        .any(|l| l.kind == q.kind && l.value == q.value)
                })
            {
                return None;
            }
        }
        let spelt = self.spelt_against(&whole.letters, entry_index);
        // a person's name typed one slip from this entry's (see RuleKind::TypingSlip)
        let slip = spelt
            .slip
            .filter(|_| query.kind == EntityKind::Person && entry.kind == EntityKind::Person);
        if minimum > 0.0 && !query.names.is_empty() && !entry.names.is_empty() {
            // what the qualifiers leave reachable: the score is at most that of a perfect
            // name with the rarest parts, and rises with the name score
            let reachable = minimum - SCORE_MARGIN;
            let weight = person::qualifier_weight(&query.facts, &entry.facts, &config.qualifiers);
            if person::combine_weight(1.0, 1.0, weight) < reachable {
                return None;
            }
            let least = person::least_name_score(reachable, weight);
            if least > 1.0 {
                return None;
            }
            if least >= bound_names_from
                && !(slip.is_some() && least <= compare::TYPING_SLIP_SCORE)
                && self.names_cannot_reach(
                    query_names,
                    entry,
                    cache,
                    least,
                    config,
                    &whole.bounding,
                )
            {
                return None;
            }
        }
        let effects = person::compare_qualifiers(&query.facts, &entry.facts, &config.qualifiers);
        // an organisation's words the listed name lacks count as organisations' do
        let names_config = &whole.names;
        let mut best: Option<(usize, usize, NameComparison)> = None;
        // whether any name of the listed entity holds a number (read once, when asked)
        let mut entity_numbered: Option<bool> = None;
        // the best name's score before the chance rule held it
        let mut best_likeness = 0f32;
        let mut listed_parts: Vec<&NamePart> = Vec::with_capacity(MAX_PARTS);
        let mut listed_weights: Vec<f32> = Vec::with_capacity(MAX_PARTS);
        for (query_name_index, query_name) in query_names.iter().enumerate() {
            for (listed_name_index, listed_name) in names_compared(query_name, entry) {
                self.listed_name_parts(listed_name, &mut listed_parts, &mut listed_weights);
                let mut compare_pair = |side: &Side, l: usize| {
                    let token = listed_name.parts[l];
                    match *side {
                        Side::One(q) => {
                            let (query_part, listed_part) = (query_name.parts[q], listed_parts[l]);
                            let (comparison, done) = cache
                                .entry((query_name_index, q, token))
                                .or_insert((PartComparison::NONE, 0));
                            if *done != compare::ALL_SPELLING_PAIRS {
                                *comparison = compare::complete_comparison(
                                    query_part,
                                    listed_part,
                                    *done,
                                    *comparison,
                                    names_config,
                                );
                                *done = compare::ALL_SPELLING_PAIRS;
                            }
                            *comparison
                        }
                        // joined query parts are keyed after the single ones
                        Side::Joined(q, _) => {
                            let key = (query_name_index, MAX_PARTS + q, token);
                            cache
                                .entry(key)
                                .or_insert_with(|| {
                                    let comparison = match &query_name.joined[q] {
                                        Some(joined) => compare::compare_parts(
                                            joined,
                                            listed_parts[l],
                                            names_config,
                                        ),
                                        None => PartComparison::NONE,
                                    };
                                    (comparison, compare::ALL_SPELLING_PAIRS)
                                })
                                .0
                        }
                        // compare_names reads a whole name itself, never through here
                        Side::Whole { .. } => PartComparison::NONE,
                    }
                };
                let mut comparison = compare::compare_names(
                    &query_name.parts,
                    &listed_parts,
                    &query_name.weights,
                    &listed_weights,
                    &mut compare_pair,
                    names_config,
                );
                // the likeness the crowd rule weighs, when not the score before chance's rule
                let mut likeness_alone = None;
                // words after a legal form that ends the query's name are the company's own;
                // a number the listed name lacks names one of a series
                if query.kind != EntityKind::Person
                    && (query_name.numbers.is_empty()
                        || names::numbers_of(entry.kind, &listed_name.text) == query_name.numbers)
                {
                    if let Some((lifted, alone)) = compare::words_after(
                        &comparison,
                        &query_name.parts,
                        &listed_parts,
                        &query_name.weights,
                        &listed_weights,
                        &mut compare_pair,
                        names_config,
                    )
                    .filter(|_| !query_name.ends_in_form)
                    {
                        comparison = lifted;
                        likeness_alone = Some(alone);
                    }
                }
                if query.kind == EntityKind::Person {
                    if let Some(detail) =
                        compare::relative_rule(&comparison, &query_name.parts, &listed_parts)
                    {
                        comparison.hold(
                            compare::RuleKind::Relative,
                            detail,
                            compare::RELATIVE_HELD_AT,
                        );
                    } else if let Some(detail) =
                        compare::one_part_alone(&comparison, &query_name.parts, &listed_parts)
                    {
                        comparison.hold(
                            compare::RuleKind::OnePartAlone,
                            detail,
                            compare::ONE_PART_HELD_AT,
                        );
                    }
                } else if let Some(detail) = compare::words_differ(
                    &comparison,
                    &query_name.parts,
                    &listed_parts,
                    names_config,
                ) {
                    comparison.hold(
                        compare::RuleKind::WordsDiffer,
                        detail,
                        compare::WORDS_DIFFER_HELD_AT,
                    );
                }
                // the listed name's numbers are read only for a query name that has some
                if !query_name.numbers.is_empty() {
                    let listed_numbers = names::numbers_of(entry.kind, &listed_name.text);
                    // an organisation's number that no name of the listed entity carries,
                    // and one word alone agreeing
                    if query.kind != EntityKind::Person
                        && listed_numbers.is_empty()
                        && !*entity_numbered.get_or_insert_with(|| {
                            entry
                                .names
                                .iter()
                                .any(|name| !names::numbers_of(entry.kind, &name.text).is_empty())
                        })
                    {
                        if let Some(detail) = compare::number_alone(
                            &comparison,
                            &query_name.parts,
                            &listed_parts,
                            &query_name.numbers,
                        ) {
                            comparison.hold(
                                compare::RuleKind::NumberAlone,
                                detail,
                                compare::WORDS_DIFFER_HELD_AT,
                            );
                        }
                    }
                    if compare::numbers_differ(&query_name.numbers, &listed_numbers) {
                        let list = |numbers: &[u32]| {
                            numbers
                                .iter()
                                .map(u32::to_string)
                                .collect::<Vec<_>>()
                                .join(", ")
                        };
                        comparison.hold(
                            compare::RuleKind::NumbersDiffer,
                            format!("{} / {}", list(&query_name.numbers), list(&listed_numbers)),
                            compare::NUMBERS_DIFFER_HELD_AT,
                        );
                    }
                }
                let likeness = likeness_alone.unwrap_or(comparison.score);
                // two organisations' names alike only in what they share most: a likeness, as
                // chance's is (it crowds another result as any listed name this like the
                // query does)
                if query.kind != EntityKind::Person
                    && comparison
                        .rules
                        .iter()
                        .all(|rule| rule.rule == compare::RuleKind::WordsAfter)
                {
                    if let Some(detail) =
                        compare::words_only_alike(&comparison, &query_name.parts, &listed_parts)
                    {
                        comparison.hold(
                            compare::RuleKind::WordsOnlyAlike,
                            detail,
                            compare::WORDS_DIFFER_HELD_AT,
                        );
                    } else if let Some(detail) = crate::agreement::chance_words(
                        &comparison,
                        &query_name.parts,
                        &listed_parts,
                        whole.organisations_listed,
                        &|| crate::agreement::forms_alike(query_name.text, &listed_name.text),
                    ) {
                        comparison.hold(
                            compare::RuleKind::ChanceLikeness,
                            detail,
                            compare::WORDS_DIFFER_HELD_AT,
                        );
                    }
                }
                // a likeness so many listed names give by chance
                if let Some((detail, held_at)) = crate::agreement::chance_likeness(
                    &comparison,
                    &query_name.parts,
                    &listed_parts,
                    whole.listed,
                ) {
                    comparison.hold(compare::RuleKind::ChanceLikeness, detail, held_at);
                }
                if best
                    .as_ref()
                    .is_none_or(|(_, _, b)| comparison.score > b.score)
                {
                    best = Some((query_name_index, listed_name_index, comparison));
                    best_likeness = likeness;
                }
            }
        }
        // a numbered entity is one of a series whichever of its names was found: a query
        // whose numbers none of its numbered names carries is another of the series, even
        // where an alias without a number matched (`ONE VISION 6` against `ONE VISION 5`,
        // also known as `GLOBAL VISION GROUP`)
        if let Some((query_name_index, _, comparison)) = &mut best {
            let query_numbers = &query_names[*query_name_index].numbers;
            let held = comparison
                .rules
                .iter()
                .any(|rule| rule.rule == compare::RuleKind::NumbersDiffer);
            if !query_numbers.is_empty() && !held {
                let numbered: Vec<Vec<u32>> = entry
                    .names
                    .iter()
                    .map(|name| names::numbers_of(entry.kind, &name.text))
                    .filter(|numbers| !numbers.is_empty())
                    .collect();
                if !numbered.is_empty()
                    && numbered
                        .iter()
                        .all(|numbers| compare::numbers_differ(query_numbers, numbers))
                {
                    let list = |numbers: &[u32]| {
                        numbers
                            .iter()
                            .map(u32::to_string)
                            .collect::<Vec<_>>()
                            .join(", ")
                    };
                    comparison.hold(
                        compare::RuleKind::NumbersDiffer,
                        format!(
                            "{} / {} (another name of the listed entity)",
                            list(query_numbers),
                            list(&numbered[0])
                        ),
                        compare::NUMBERS_DIFFER_HELD_AT,
                    );
                    best_likeness = best_likeness.min(comparison.score);
                }
            }
        }
        if let (Some((letters, listed)), Some((_, _, comparison))) = (slip, &mut best) {
            // two of a series are never one slip apart
            let series = comparison
                .rules
                .iter()
                .any(|held| held.rule == compare::RuleKind::NumbersDiffer);
            if !series {
                let detail = format!(
                    "{} / {}: one slip of typing apart, spaces aside",
                    String::from_utf8_lossy(letters),
                    String::from_utf8_lossy(listed)
                );
                comparison.lift(
                    compare::RuleKind::TypingSlip,
                    detail,
                    compare::TYPING_SLIP_SCORE,
                );
            }
        }
        let (name_score, informativeness) = match &best {
            Some((_, _, comparison)) if !comparison.aligned.is_empty() => {
                let weights: f32 = comparison.aligned.iter().map(|pair| pair.weight).sum();
                (comparison.score, weights / comparison.aligned.len() as f32)
            }
            Some((_, _, comparison)) => (comparison.score, 0.0),
            None => (0.0, 0.0),
        };
        // a typing slip may have lifted the name over what it was before the chance rule
        let name_likeness = best_likeness.max(name_score);
        let score = if query.names.is_empty() || entry.names.is_empty() {
            // no names to compare: only a document number or an identifier can make a
            // candidate
            if effects.iter().any(|e| {
                e.outcome == person::Outcome::Same
                    && matches!(
                        e.qualifier,
                        person::Qualifier::Document | person::Qualifier::Identifier(_)
                    )
            }) {
                person::combine(0.5, 1.0, &effects)
            } else {
                0.0
            }
        } else {
            person::combine(name_score, informativeness, &effects)
        };
        let likeness = if name_likeness > name_score {
            person::combine(name_likeness, informativeness, &effects)
        } else {
            score
        };
        Some(Scored {
            entry: entry_index,
            score,
            likeness,
            names: best,
            effects,
            spelling_distance: spelt.distance,
        })
    }

    /// Whether no name of `entry` can score `least` or more against a name of the query (see
    /// [`compare::cannot_reach`]). Part comparisons made in full on the way are kept in
    /// `cache` for the scoring that follows when it can.
    fn names_cannot_reach(
        &self,
        query_names: &[QueryName<'_>],
        entry: &Entry,
        cache: &mut HashMap<(usize, usize, u32), (PartComparison, u16)>,
        least: f32,
        config: &MatchConfig,
        // the query's unmatched parts at the least they may count (an organisation's
        // words after a listed name count for less: `WordsAfter`)
        names_config: &compare::NameMatchConfig,
    ) -> bool {
        let mut listed_parts: Vec<&NamePart> = Vec::with_capacity(MAX_PARTS);
        let mut listed_weights: Vec<f32> = Vec::with_capacity(MAX_PARTS);
        let mut promise: Vec<f32> = Vec::with_capacity(MAX_PARTS);
        for (query_name_index, query_name) in query_names.iter().enumerate() {
            for (_, listed_name) in names_compared(query_name, entry) {
                self.listed_name_parts(listed_name, &mut listed_parts, &mut listed_weights);
                // parts already compared well (in retrieval) are likely to match: bounded first
                promise.clear();
                promise.extend((0..query_name.parts.len()).map(|q| {
                    listed_name
                        .parts
                        .iter()
                        .filter_map(|&token| cache.get(&(query_name_index, q, token)))
                        .map(|(comparison, _)| comparison.similarity)
                        .fold(0.0, f32::max)
                }));
                let mut part_at_least = |side: &Side, l: usize, at_least: f32| {
                    let token = listed_name.parts[l];
                    match *side {
                        Side::One(q) => {
                            let key = (query_name_index, q, token);
                            let (found, done) = cache
                                .get(&key)
                                .copied()
                                .unwrap_or((PartComparison::NONE, 0));
                            let comparison = compare::complete_comparison_at_least(
                                query_name.parts[q],
                                listed_parts[l],
                                done,
                                found,
                                at_least,
                                &config.names,
                            )?;
                            cache.insert(key, (comparison, compare::ALL_SPELLING_PAIRS));
                            Some(comparison)
                        }
                        Side::Joined(q, _) => {
                            let key = (query_name_index, MAX_PARTS + q, token);
                            let at_least = at_least.max(config.names.evidence_floor);
                            if let Some(&(comparison, _)) = cache.get(&key) {
                                return (comparison.similarity >= at_least).then_some(comparison);
                            }
                            let comparison = compare::compare_parts_at_least(
                                query_name.joined[q].as_ref()?,
                                listed_parts[l],
                                at_least,
                                &config.names,
                            )?;
                            cache.insert(key, (comparison, compare::ALL_SPELLING_PAIRS));
                            Some(comparison)
                        }
                        Side::Whole { .. } => None,
                    }
                };
                if !compare::cannot_reach(
                    &query_name.parts,
                    &listed_parts,
                    &query_name.weights,
                    &listed_weights,
                    (&query_name.form_words, &query_name.joined),
                    &promise,
                    &mut part_at_least,
                    least,
                    names_config,
                ) {
                    return false;
                }
            }
        }
        true
    }

    /// The parts of a listed name and their weights, into `parts` and `weights`.
    fn listed_name_parts<'w>(
        &'w self,
        name: &ListedName,
        parts: &mut Vec<&'w NamePart>,
        weights: &mut Vec<f32>,
    ) {
        parts.clear();
        parts.extend(
            name.parts
                .iter()
                .map(|&token| &self.vocabulary[token as usize]),
        );
        weights.clear();
        weights.extend(name.parts.iter().map(|&token| self.weights[token as usize]));
    }

    /// [`Watchlist::query_weight`], or for a word of an organisation's name that no list
    /// screened spells, nor one slip of typing from it (`unspelt`), the weight of a word
    /// as rare as any: its rarity is not read from its sound key, which it shares with
    /// listed words it is not. A company's own word that no listed name holds is evidence
    /// of another company (`Hijum Atlantico Ltda.` against `Atlantic`); a person's name
    /// unknown to the list is weighed by its key, which tells how common such a name is.
    fn query_weight_of(&self, part: &NamePart, unspelt: bool) -> f32 {
        if unspelt {
            compare::role_weight(part.role) * information(part)
        } else {
            self.query_weight(part)
        }
    }

    fn query_weight(&self, part: &NamePart) -> f32 {
        let keys = part.keys();
        rarity(
            self.rarity_counts.get(hash_key(&keys[0], KeyKind::Exact)),
            self.population,
        ) * compare::role_weight(part.role)
            * information(part)
    }
}

/// Room left for rounding when a candidate is judged unable to reach a threshold.
const SCORE_MARGIN: f32 = 1e-4;

/// The name score from which the names of a candidate are first shown unable to reach it
/// before they are compared in full: below it, the proof seldom succeeds and its part
/// comparisons are mostly made again.
const BOUND_NAMES_FROM: f32 = 0.8;

/// The name score from which a candidate's names are shown unable to reach a result's
/// score (the threshold) before they are compared in full, when the candidates are first
/// scored for a result (see [`Watchlist::screen_lists_remembering`]). Most candidates of
/// a query reach no result, and the proof spares comparing their names in full.
const BOUND_RESULTS_FROM: f32 = 0.5;

/// How much a part can say by its length: a two-letter syllable agrees with many names by
/// chance, a long name with few. Full from about four consonants' worth of sound.
fn information(part: &NamePart) -> f32 {
    let mass = part.spellings[0]
        .prepared
        .mass(&crate::phonetic::Costs::ALPHABETIC);
    (mass / INFORMATION_FULL_MASS).clamp(INFORMATION_FLOOR, 1.0)
}

const INFORMATION_FULL_MASS: f32 = 4.0;
const INFORMATION_FLOOR: f32 = 0.4;

fn index_in_name(query_parts: &[QueryPart], index: usize) -> usize {
    let name = query_parts[index].name;
    query_parts[..index]
        .iter()
        .filter(|qp| qp.name == name && !qp.joined)
        .count()
}

fn explain(
    query_name: &str,
    listed_name: &str,
    query_parts: &[&NamePart],
    listed_parts: &[&NamePart],
    comparison: &NameComparison,
) -> Explanation {
    let aligned = &comparison.aligned;
    let parts = aligned
        .iter()
        .map(|pair| {
            let query_part = compare::side_text(&pair.query, query_parts);
            let listed_part = compare::side_text(&pair.listed, listed_parts);
            let first_part = |side: &Side, parts: &[&NamePart]| match *side {
                Side::One(i) | Side::Joined(i, _) => parts[i].script,
                Side::Whole { .. } => parts[0].script,
            };
            let by_characters = if pair.query_spelling == compare::READ_BY_CHARACTERS {
                Some(first_part(&pair.query, query_parts))
            } else if pair.listed_spelling == compare::READ_BY_CHARACTERS {
                Some(first_part(&pair.listed, listed_parts))
            } else {
                None
            };
            let how = match (&pair.query, &pair.listed) {
                (Side::Joined(..) | Side::Whole { .. }, _)
                | (_, Side::Joined(..) | Side::Whole { .. }) => MatchKind::Joined,
                _ if by_characters == Some(Script::Hangul) => MatchKind::SinoKorean,
                _ if by_characters.is_some() => MatchKind::KanjiReadings,
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
            let (query_spelling, listed_spelling) =
                compare::aligned_spellings(pair, query_parts, listed_parts);
            PartExplanation {
                query_part,
                listed_part,
                query_spelling,
                listed_spelling,
                similarity: pair.similarity,
                weight: pair.weight,
                how,
            }
        })
        .collect();
    Explanation {
        query_name: query_name.to_string(),
        listed_name: listed_name.to_string(),
        name_score: comparison.score,
        parts,
        unmatched_query_parts: comparison
            .unmatched_query
            .iter()
            .map(|&i| query_parts[i].text.clone())
            .collect(),
        unmatched_listed_parts: comparison
            .unmatched_listed
            .iter()
            .map(|&j| listed_parts[j].text.clone())
            .collect(),
        rules: comparison.rules.clone(),
        qualifiers: Vec::new(),
        legal_forms: Default::default(),
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

    /// The scores [`hold_crowded`] leaves to results of `scores`, one entry of
    /// [`sample`] each (names spelt otherwise), none a spelling nearer the query's.
    fn held(scores: &[f32]) -> Vec<f32> {
        let list = sample();
        let mut scored: Vec<(usize, Scored)> = scores
            .iter()
            .enumerate()
            .map(|(entry, &score)| {
                let comparison = NameComparison {
                    score,
                    aligned: Vec::new(),
                    unmatched_query: Vec::new(),
                    unmatched_listed: Vec::new(),
                    rules: Vec::new(),
                };
                let scored = Scored {
                    entry: entry as u32,
                    score,
                    likeness: score,
                    names: Some((0, 0, comparison)),
                    effects: Vec::new(),
                    spelling_distance: None,
                };
                (0, scored)
            })
            .collect();
        hold_crowded(&[&list], &mut scored);
        scored.into_iter().map(|(_, one)| one.score).collect()
    }

    #[test]
    fn a_loose_likeness_is_held_by_a_near_rival_or_by_two_within_the_margin() {
        let near = |a: f32, b: f32| (a - b).abs() < 1e-4;
        // a rival within the near margin (0.1) holds a loose likeness fully, at 0.6
        let one_near = held(&[0.82, 0.73]);
        assert!(near(one_near[0], CROWD_HELD_AT), "{one_near:?}");
        // one rival further off holds it in part: 0.82 - (0.70 - 0.67) / 0.05 * 0.22
        let one_further = held(&[0.82, 0.70]);
        assert!(near(one_further[0], 0.688), "{one_further:?}");
        // two rivals as far off are a crowd: held fully
        let two_further = held(&[0.82, 0.70, 0.69]);
        assert!(near(two_further[0], CROWD_HELD_AT), "{two_further:?}");
        // rivals beyond the margin hold nothing
        let far = held(&[0.82, 0.66, 0.65]);
        assert!(near(far[0], 0.82), "{far:?}");
        // a likeness strong in part is held less, a full one not at all
        let strong = held(&[0.96, 0.95]);
        assert!(near(strong[0], 0.96 - 0.4 * 0.36), "{strong:?}");
        let full = held(&[1.0, 0.95, 0.94]);
        assert!(near(full[0], 1.0), "{full:?}");
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
    fn a_pair_with_one_slip_of_typing_finds_the_entry_spelt_so_and_no_other() {
        let mut builder = WatchlistBuilder::new();
        builder.add("anderson", person(&["John Anderson"]));
        builder.add("andersen", person(&["John Andersen"]));
        builder.add("adamson", person(&["John Adamson"]));
        builder.add("wang", person(&["Wang Shuhua"]));
        builder.add("other", person(&["Maria Anderson"]));
        let list = builder.build();
        let slipped = |spelling: &str| {
            let mut found = Vec::new();
            list.slipped_spellings(spelling, &mut found);
            found.sort_unstable();
            found
        };
        // a letter dropped, two swapped, one changed, one added
        assert_eq!(slipped("aderson"), ["anderson"]);
        assert_eq!(slipped("andersno"), ["anderson"]);
        assert_eq!(slipped("wnag"), ["wang"]);
        assert_eq!(slipped("jhon"), ["john"]);
        assert_eq!(slipped("andersson"), ["anderson"]);
        // the spelling itself is not a slip; a part of one letter never slips
        assert_eq!(slipped("anderson"), ["andersen"]);
        assert!(slipped("j").is_empty());

        // found by the pair table only where both parts are spelt so
        let id = |index: u32| &*list.entries[index as usize].id;
        let found = list.pair_candidates(&pair_lookups(&person(&["JOHN ADERSON"])), 8);
        let slips: Vec<&str> = found
            .iter()
            .filter(|&(_, &value)| value >= PAIR_ONE_SLIP)
            .map(|(&entry, _)| id(entry))
            .collect();
        assert_eq!(slips, ["anderson"], "{found:?}");
        // a name in another script is not read with slips of its romanisation
        assert!(pair_lookups(&person(&["Джон Адерсон"]))
            .slip_names
            .is_empty());
        // a pair hash met is checked against the entry's spellings
        let anderson = list
            .entries
            .iter()
            .position(|e| &*e.id == "anderson")
            .unwrap() as u32;
        assert!(list.spells_pair(anderson, "john", "anderson"));
        assert!(list.spells_pair(anderson, "anderson", "john"));
        assert!(!list.spells_pair(anderson, "john", "andersen"));
        assert!(!list.spells_pair(anderson, "john", "john"));
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
    fn a_loose_likeness_of_short_names_is_held_as_chance_among_many_names_and_not_among_few() {
        let person = |name: &str| {
            let mut person = Person::new(EntityKind::Person);
            person.add_name(parse_name(name));
            person
        };
        let list = |others: usize| {
            let mut builder = WatchlistBuilder::new();
            builder.add("guha", person("Scin Guha"));
            builder.add("livingston", person("Livingston Bernardo"));
            // other names, unlike these: the size of list a likeness is weighed in
            let letter = |at: usize| char::from(b'a' + (at % 26) as u8);
            for at in 0..others {
                let word: String = [at, at / 26, at / 676, at / 17_576]
                    .map(letter)
                    .iter()
                    .collect();
                builder.add(
                    &format!("other-{at}"),
                    person(&format!("Vuzq{word} Xyprw{word}")),
                );
            }
            builder.build()
        };
        let config = MatchConfig::default();
        let result = |list: &Watchlist, name: &str, id: &str| {
            list.screen(&person(name), 5, &config)
                .into_iter()
                .find(|result| result.id == id)
                .map(|result| (result.score, result.explanation.rules))
                .unwrap()
        };
        let (few, many) = (list(10), list(20_000));
        // a Korean `쉰 가화` read `swin gahwa` against `Scin Guha`: two short parts loosely
        // alike, 0.70 part by part; beside a dozen names a match, beside 20,000 a likeness
        // some other listed name gives by chance, held under the threshold, and the
        // explanation says by how much
        let (score, rules) = result(&few, "Swin Gahwa", "guha");
        assert!(score >= 0.7 && rules.is_empty(), "{score} {rules:?}");
        let (score, rules) = result(&many, "Swin Gahwa", "guha");
        assert!(score < 0.7, "{score}");
        assert_eq!(rules.len(), 1, "{rules:?}");
        assert_eq!(rules[0].rule, compare::RuleKind::ChanceLikeness);
        assert!(
            rules[0].detail.contains("among 20002 listed names"),
            "{}",
            rules[0].detail
        );
        // the same name is not a chance likeness; a long name agreeing as loosely says
        // enough of its own
        assert_eq!(result(&many, "Scin Guha", "guha"), (1.0, Vec::new()));
        let (score, rules) = result(&many, "Lifinghstun Bernhardt", "livingston");
        assert!(score >= 0.7 && rules.is_empty(), "{score} {rules:?}");
    }

    #[test]
    fn names_that_differ_in_a_number_are_two_of_a_series_and_the_same_number_agrees() {
        let organisation = |name: &str| {
            let mut organisation = Person::new(EntityKind::Organization);
            organisation.add_name(parse_name(name));
            organisation
        };
        let mut builder = WatchlistBuilder::new();
        builder.add(
            "fund-12",
            organisation("Harbourline Capital Fund XII, L.P."),
        );
        builder.add("yard-35", organisation("35th Shipyard of Nampo"));
        builder.add("bank-1", organisation("First Harbourline Bank"));
        let list = builder.build();
        let config = MatchConfig::default();
        let top = |name: &str, id: &str| {
            let results = list.screen(&organisation(name), 5, &config);
            results
                .into_iter()
                .find(|result| result.id == id)
                .map(|result| (result.score, result.explanation.rules))
        };
        for (query, id, want) in [
            ("Harbourline Capital Fund XIII, L.P.", "fund-12", "13 / 12"),
            ("Harbourline Capital Fund 13 L.P.", "fund-12", "13 / 12"),
            ("36th Shipyard of Nampo", "yard-35", "36 / 35"),
            ("Second Harbourline Bank", "bank-1", "2 / 1"),
        ] {
            let (score, rules) = top(query, id).unwrap_or((0.0, Vec::new()));
            assert!(score < 0.7, "{query}: {score}");
            if score > 0.0 {
                assert_eq!(rules[0].rule, compare::RuleKind::NumbersDiffer, "{query}");
                assert_eq!(rules[0].detail, want, "{query}");
            }
        }
        // a numbered entity found through an alias without its number is still one of a
        // series
        let mut numbered = WatchlistBuilder::new();
        let mut vision = organisation("One Vision 5");
        vision.add_name(crate::names::parse_organisation_name("Global Vision Group"));
        numbered.add("vision-5", vision);
        let numbered = numbered.build();
        let found = numbered
            .screen(&organisation("One Vision 6"), 5, &config)
            .into_iter()
            .find(|result| result.id == "vision-5")
            .expect("found by its names");
        assert!(found.score < 0.7, "{}", found.score);
        assert!(
            held_by(&found, compare::RuleKind::NumbersDiffer),
            "{:?}",
            found.explanation
        );
        let same = numbered.screen(&organisation("One Vision 5"), 5, &config);
        assert!(same[0].score >= 0.7);
        // the same number in another form, or the same name, agrees
        for (query, id) in [
            ("Harbourline Capital Fund XII LP", "fund-12"),
            ("Harbourline Capital Fund 12, L.P.", "fund-12"),
            ("35 Shipyard of Nampo", "yard-35"),
            ("1st Harbourline Bank", "bank-1"),
        ] {
            let (score, rules) = top(query, id).unwrap();
            assert!(score >= 0.7, "{query}: {score}");
            assert!(rules.is_empty(), "{query}: {rules:?}");
        }
    }

    /// Whether a rule about the names as wholes held a result.
    fn held_by(result: &Candidate<'_>, rule: compare::RuleKind) -> bool {
        result
            .explanation
            .rules
            .iter()
            .any(|held| held.rule == rule)
    }

    /// A company's name among persons named like it: a company's reading ranks only
    /// entries it can score, so persons sharing its word never take its place among the
    /// few candidates scored (`7 KANES` among listed persons named Kanes); a person the
    /// query's identifier names is still a candidate, whatever its name.
    #[test]
    fn persons_named_like_a_company_never_take_its_place_among_the_candidates() {
        let account = crate::person::Identifier {
            kind: crate::person::IdentifierKind::Iban,
            value: "DE89370400440532013000".to_string(),
            checked: true,
        };
        let mut builder = WatchlistBuilder::new();
        for (at, given) in [
            "Amir", "Bela", "Carl", "Dana", "Emil", "Fady", "Gita", "Hans",
        ]
        .iter()
        .enumerate()
        {
            builder.add(&format!("p{at}"), person(&[&format!("{given} Kanes")]));
        }
        builder.add("company", organisation_named("Kanes Trading"));
        let mut holder = person(&["Ivo Petrovic"]);
        holder.facts.add_identifier(account.clone());
        builder.add("holder", holder);
        let list = builder.build();
        let config = MatchConfig {
            candidates_scored: 2,
            ..MatchConfig::default()
        };
        let found = list.screen(&organisation_named("Kanes Trading LLC"), 5, &config);
        assert_eq!(found.first().map(|c| c.id), Some("company"), "{found:#?}");
        // the other kind, linked by the account the query pays from
        let mut paying = organisation_named("Kanes Trading LLC");
        paying.facts.add_identifier(account);
        let found = list.screen(&paying, 5, &config);
        let ids: Vec<&str> = found.iter().map(|c| c.id).collect();
        assert!(
            ids.contains(&"company") && ids.contains(&"holder"),
            "{found:#?}"
        );
    }

    /// An organisation of one name, read as an organisation's name is.
    fn organisation_named(name: &str) -> Person {
        let mut organisation = Person::new(EntityKind::Organization);
        organisation.add_name(crate::names::parse_organisation_name(name));
        organisation
    }

    /// A list of organisations, each (id, name).
    fn organisation_list(entries: &[(&str, &str)]) -> Watchlist {
        let mut builder = WatchlistBuilder::new();
        for &(id, name) in entries {
            builder.add(id, organisation_named(name));
        }
        builder.build()
    }

    /// The organisation `query` screened in `list` under `config`: the result for the
    /// entry `id`, if a candidate.
    fn organisation_candidate<'w>(
        list: &'w Watchlist,
        query: &str,
        id: &str,
        config: &MatchConfig,
    ) -> Option<Candidate<'w>> {
        list.screen(&organisation_named(query), 5, config)
            .into_iter()
            .find(|result| result.id == id)
    }

    /// The organisation `query` screened in `list`: the result for the entry `id`.
    fn organisation_result<'w>(list: &'w Watchlist, query: &str, id: &str) -> Candidate<'w> {
        organisation_candidate(list, query, id, &MatchConfig::default())
            .unwrap_or_else(|| panic!("{query}: {id} not a candidate"))
    }

    /// The organisation `query` screened in `list`: the result for the entry `id`, held
    /// below the threshold by `rule`.
    fn assert_organisation_held(list: &Watchlist, query: &str, id: &str, rule: compare::RuleKind) {
        let result = organisation_result(list, query, id);
        assert!(result.score < 0.7, "{query}: {}", result.score);
        assert!(
            held_by(&result, rule),
            "{query}: {:?}",
            result.explanation.rules
        );
    }

    /// The organisation `query` screened in `list`: the entry `id` matches, held by no
    /// rule of `rules`.
    fn assert_organisation_matches(
        list: &Watchlist,
        query: &str,
        id: &str,
        rules: &[compare::RuleKind],
    ) {
        let result = organisation_result(list, query, id);
        assert!(result.score >= 0.7, "{query}: {}", result.score);
        for &rule in rules {
            assert!(!held_by(&result, rule), "{query}: {rule:?}");
        }
    }

    /// A number only the query gives, with one word alone agreeing, is another of a
    /// series (held below the threshold); with two words agreeing, or a listed entity
    /// numbered the same, it is not. A long name keeps its last word.
    #[test]
    fn a_number_the_listed_entity_never_carries_with_one_word_agreeing_is_held() {
        let mut builder = WatchlistBuilder::new();
        builder.add("davison", organisation_named("Davison Investment Ltd."));
        builder.add("crp", organisation_named("CRP"));
        builder.add("noor", organisation_named("Al Noor Cedar Trading LLC"));
        builder.add(
            "wine",
            organisation_named("State Enterprise Magarach of the National Institute of Wine"),
        );
        let list = builder.build();
        let config = MatchConfig::default();
        let found = |name: &str, id: &str| {
            list.screen(&organisation_named(name), 5, &config)
                .into_iter()
                .find(|result| result.id == id)
        };
        for (query, id) in [("Division 38", "davison"), ("11421 Corp.", "crp")] {
            let result = found(query, id).expect("a candidate");
            assert!(result.score < 0.7, "{query}: {}", result.score);
            assert!(
                held_by(&result, compare::RuleKind::NumberAlone),
                "{query}: {:?}",
                result.explanation.rules
            );
            // without its number, the word alone is compared as any name
            let bare = query
                .split(' ')
                .filter(|w| !w.starts_with(char::is_numeric))
                .collect::<Vec<_>>()
                .join(" ");
            let unnumbered = found(&bare, id).expect("a candidate");
            assert!(
                unnumbered
                    .explanation
                    .rules
                    .iter()
                    .all(|rule| rule.rule != compare::RuleKind::NumberAlone),
                "{bare}"
            );
        }
        // two words agreeing: a branch's number added to the listed name is still it
        let branch = found("Al Noor Cedar Trading 2 LLC", "noor").expect("found");
        assert!(branch.score >= 0.7, "{}", branch.score);
        // the ninth word of a long name is read: another institute of the ministry differs
        let other = found(
            "State Enterprise Magarach of the National Institute of Cimoch",
            "wine",
        )
        .map_or(0.0, |result| result.score);
        assert!(other < 0.7, "{other}");
        let same = found(
            "State Enterprise Magarach of the National Institute of Wine",
            "wine",
        )
        .expect("found");
        assert!(same.score >= 0.7, "{}", same.score);
    }

    /// A party read two ways (as a person, as an organisation) and screened with its
    /// words' finds remembered finds the same candidates, scores and explanations as each
    /// reading screened alone, and the second reading takes its words from the first.
    #[test]
    fn a_party_read_two_ways_finds_the_same_with_its_words_looked_up_once() {
        let mut builder = WatchlistBuilder::new();
        builder.add("kamen", organisation_named("Kamen Trading OAO"));
        builder.add("kamenov", organisation_named("Kamenov Shipping LLC"));
        for (id, name) in [("ivan", "Ivan Kamenov"), ("petar", "Petar Kamen Trajkov")] {
            let mut person = Person::new(EntityKind::Person);
            person.add_name(crate::names::parse_name(name));
            builder.add(id, person);
        }
        let list = builder.build();
        let config = MatchConfig::default();
        let mut as_person = Person::new(EntityKind::Person);
        as_person.add_name(crate::names::parse_name("KAMEN TRADING"));
        let readings = [as_person, organisation_named("KAMEN TRADING")];
        let shown = |found: Vec<(usize, Candidate<'_>)>| -> Vec<String> {
            found
                .into_iter()
                .map(|(_, c)| format!("{} {} {:?}", c.id, c.score, c.explanation))
                .collect()
        };
        let mut memo = RetrievalMemo::default();
        let remembering = |reading: &Person, memo: &mut RetrievalMemo| {
            shown(Watchlist::screen_lists_remembering(
                &[&list],
                None,
                reading,
                5,
                0.0,
                &config,
                Some(memo),
            ))
        };
        for reading in &readings {
            let alone = Watchlist::screen_lists(&[&list], None, reading, 5, 0.0, &config);
            assert!(!alone.is_empty());
            assert_eq!(shown(alone), remembering(reading, &mut memo));
        }
        // the organisation's reading looked up only "kamen", which the person's had
        let looked_up = memo.parts();
        assert!(looked_up >= 2, "{looked_up}");
        remembering(&readings[1], &mut memo);
        assert_eq!(memo.parts(), looked_up);
    }

    /// A word of an organisation's query that no listed name spells, nor one slip of
    /// typing from it, weighs as a rare word, whatever listed words share its sound key
    /// (`Hijum`'s key is that of every word whose only consonants are `m` and `n`): a
    /// company's own word the list lacks names another company. A listed name alone, with
    /// a generic word, or with words after it, still matches.
    #[test]
    fn a_word_no_listed_name_spells_weighs_as_rare_however_common_its_key() {
        // sixty listed companies named by words of the key "n" (Amana, Amena ...)
        let words: Vec<String> = "aeiou"
            .chars()
            .flat_map(|a| {
                "mn".chars().flat_map(move |c| {
                    "aeiou"
                        .chars()
                        .flat_map(move |b| "mn".chars().map(move |d| format!("{a}{c}{b}{d}a")))
                })
            })
            .take(60)
            .collect();
        let mut entries: Vec<(&str, &str)> =
            words.iter().map(|w| (w.as_str(), w.as_str())).collect();
        entries.push(("atlantic", "Atlantic"));
        let list = organisation_list(&entries);
        let other = organisation_result(&list, "Hijum Atlantico Ltda.", "atlantic");
        assert!(other.score < 0.7, "{}", other.score);
        for query in [
            "Atlantico Ltda.",
            "Atlantic Trading",
            "Atlantic, Hijum Branch",
        ] {
            let result = organisation_result(&list, query, "atlantic");
            assert!(result.score >= 0.7, "{query}: {}", result.score);
        }
    }

    /// Kept from one party to the next, a memo serves a word to another party that holds
    /// it, with the same candidates, scores and explanations as screening alone; it never
    /// serves one list's finds for another list (a list rebuilt with a new record finds
    /// it), nor finds made under another configuration; and it holds no more than its
    /// bound.
    #[test]
    fn finds_kept_from_party_to_party_serve_only_their_list_and_configuration() {
        let parties = [
            "Kamen Shipping LLC",
            "Ivan Kamen",
            "Kamen Trading",
            "Petar Ivanov",
            "Ivan Trajkov",
        ];
        // a new record first: the list's words are numbered otherwise
        let build = |new: Option<&str>| {
            let mut builder = WatchlistBuilder::new();
            if let Some(name) = new {
                let mut person = Person::new(EntityKind::Person);
                person.add_name(crate::names::parse_name(name));
                builder.add("new", person);
            }
            builder.add("kamen", organisation_named("Kamen Trading OAO"));
            for (id, name) in [("ivan", "Ivan Kamenov"), ("petar", "Petar Kamen Trajkov")] {
                let mut person = Person::new(EntityKind::Person);
                person.add_name(crate::names::parse_name(name));
                builder.add(id, person);
            }
            builder.build()
        };
        let reading = |name: &str| {
            let mut person = Person::new(EntityKind::Person);
            person.add_name(crate::names::parse_name(name));
            person
        };
        let shown = |found: Vec<(usize, Candidate<'_>)>| -> Vec<String> {
            found
                .into_iter()
                .map(|(_, c)| format!("{} {} {:?}", c.id, c.score, c.explanation))
                .collect()
        };
        let config = MatchConfig::default();
        let mut memo = RetrievalMemo::default();
        let list = build(None);
        // the parts each party looks up alone (its words, and words read as one)
        let alone_parts = |list: &Watchlist, party: &Person, config: &MatchConfig| {
            let mut alone = RetrievalMemo::default();
            Watchlist::screen_lists_remembering(
                &[list],
                None,
                party,
                5,
                0.0,
                config,
                Some(&mut alone),
            );
            alone.parts()
        };
        let mut looked_up_alone = 0;
        for name in parties {
            let party = reading(name);
            looked_up_alone += alone_parts(&list, &party, &config);
            let alone = Watchlist::screen_lists(&[&list], None, &party, 5, 0.0, &config);
            let remembered = Watchlist::screen_lists_remembering(
                &[&list],
                None,
                &party,
                5,
                0.0,
                &config,
                Some(&mut memo),
            );
            assert_eq!(shown(alone), shown(remembered), "{name}");
        }
        // five parties of eleven words, eight of them different: the words met before
        // are not looked up again
        assert!(
            memo.parts() < looked_up_alone,
            "{} of {looked_up_alone}",
            memo.parts()
        );
        // the list rebuilt with a new record: a party's words are looked up again, and
        // the record found
        let rebuilt = build(Some("Ivan Trajkova"));
        let party = reading("Ivan Trajkov");
        let found = Watchlist::screen_lists_remembering(
            &[&rebuilt],
            None,
            &party,
            5,
            0.0,
            &config,
            Some(&mut memo),
        );
        assert_eq!(
            found.first().map(|(_, c)| c.id.to_string()).as_deref(),
            Some("new")
        );
        assert_eq!(
            shown(found),
            shown(Watchlist::screen_lists(
                &[&rebuilt],
                None,
                &party,
                5,
                0.0,
                &config
            ))
        );
        // another configuration empties it
        let strict = MatchConfig {
            candidates_scored: 1,
            ..MatchConfig::default()
        };
        Watchlist::screen_lists_remembering(
            &[&rebuilt],
            None,
            &party,
            5,
            0.0,
            &strict,
            Some(&mut memo),
        );
        assert_eq!(memo.parts(), alone_parts(&rebuilt, &party, &strict));
        // bounded
        let finds: PartFinds = vec![(0, PartComparison::NONE, 0); 64];
        for n in 0..MEMO_MOST_PARTS + 10 {
            let part = &crate::names::parse_name(&format!("Word{n}")).parts[0];
            memo.keep(rebuilt.identity, Scope::AllParts, part, &finds);
            assert!(memo.parts() <= MEMO_MOST_PARTS && memo.finds <= MEMO_MOST_FINDS);
        }
    }

    /// Two companies' names sharing one word, spelt otherwise by more than a slip, are
    /// two companies (held below the threshold); a slip of typing, or the word written in
    /// another script, is the same company.
    #[test]
    fn organisations_alike_in_one_word_alone_are_held_unless_one_slip_or_another_script() {
        let mut builder = WatchlistBuilder::new();
        builder.add("kamen", organisation_named("Kamen Trading OAO"));
        builder.add("tadbir", organisation_named("Tadbir Investment Company"));
        let list = builder.build();
        let rule = compare::RuleKind::WordsOnlyAlike;
        assert_organisation_held(&list, "Gimeno Trading LLC", "kamen", rule);
        for (query, id) in [
            ("Kamen Trading LLC", "kamen"),
            ("Kamenn Trading", "kamen"),
            ("Kamne Trading", "kamen"),
            ("Kamen Tradng", "kamen"),
            // the distinctive word in Arabic letters, the generic word spelt as it sounds
            ("شركة تادبير اينفستمنت", "tadbir"),
            ("ТАДБИР ИНВЕСТМЕНТ", "tadbir"),
        ] {
            assert_organisation_matches(&list, query, id, &[rule]);
        }
    }

    /// A word in place of another is another company, where the other is read as two
    /// words ("Hassan" of "Al-Hassan" against "Alsina") or is only an initial (the "C" of
    /// an unknown "C.A." against "Conrad").
    #[test]
    fn a_word_against_two_words_unlike_or_an_initial_is_a_word_in_place_of_another() {
        let mut builder = WatchlistBuilder::new();
        builder.add("qard", organisation_named("Al-Qard Al-Hassan Association"));
        builder.add(
            "constructora",
            organisation_named("Constructora FR de Venezuela, C.A."),
        );
        let list = builder.build();
        for (query, id) in [
            ("Al-Qard Alsina Association", "qard"),
            ("Constructora FR de Conrad, C.A.", "constructora"),
        ] {
            assert_organisation_held(&list, query, id, compare::RuleKind::WordsDiffer);
        }
        for query in ["Al-Qard Al-Hassan Association", "Al Qard Al Hassan"] {
            assert_organisation_matches(&list, query, "qard", &[]);
        }
    }

    /// A word common in the list that agrees in full ("Bank") weighs less than the rarer
    /// word beside it; when that rarer word is only alike, the names are two companies'.
    /// A word spelt otherwise beside rarer words agreeing in full is the same company.
    #[test]
    fn organisations_sharing_a_common_word_and_a_sound_alike_are_held() {
        let mut builder = WatchlistBuilder::new();
        builder.add("kamen", organisation_named("Kamen Bank OAO"));
        builder.add(
            "guard",
            organisation_named("Islamic Revolutionary Guard Corps"),
        );
        // "Bank" common in the list, as it is in lists of banks
        for (i, word) in [
            "Alder", "Birch", "Cedar", "Daisy", "Ember", "Fjord", "Grove", "Heath", "Iris",
            "Juniper", "Kestrel", "Larch", "Maple", "Nettle", "Orchid", "Poplar", "Quartz",
            "Rowan", "Sorrel", "Thistle",
        ]
        .iter()
        .enumerate()
        {
            for suffix in ["Bank", "Holdings", "Textiles"] {
                builder.add(
                    &format!("filler-{i}-{suffix}"),
                    organisation_named(&format!("{word} {suffix}")),
                );
            }
        }
        let list = builder.build();
        let rule = compare::RuleKind::WordsOnlyAlike;
        assert_organisation_held(&list, "Gimeno Bank", "kamen", rule);
        for (query, id) in [
            ("Kamen Bank", "kamen"),
            ("Kamne Bank", "kamen"),
            ("Islamic Revolution Guard Corps", "guard"),
        ] {
            assert_organisation_matches(&list, query, id, &[rule]);
        }
    }

    /// A word in place of a number, in a name without numbers ("Matthai" for "Second"),
    /// or in the very place of a generic word ("Pellaro" for "Trading"), names another
    /// company. A generic word dropped, or mistyped (`Gruupo`), does not, nor does one
    /// dropped where the message adds a word of its own elsewhere (a city).
    #[test]
    fn a_word_in_place_of_a_number_or_a_generic_word_is_another_company_a_word_added_is_not() {
        let list = organisation_list(&[
            ("koryo", "Koryo Commercial Bank"),
            ("nova", "Nova Trading Logistics"),
            ("committee", "Second Economic Committee"),
            ("grupo", "Grupo Terapeutico Hormaral S.A."),
        ]);
        let rule = compare::RuleKind::WordsDiffer;
        assert_organisation_held(&list, "Matthai Economic Committee", "committee", rule);
        assert_organisation_held(&list, "Nova Pellaro Logistics", "nova", rule);
        for (query, id) in [
            ("Koryo Bank", "koryo"),
            ("Koryo Bank Pyongyang", "koryo"),
            ("Nova Logistics Pellaro", "nova"),
            ("Second Economic Committee", "committee"),
            ("Gruupo Terapeutico Hormaral S.A.", "grupo"),
            ("Terapeutico Hormaral", "grupo"),
        ] {
            assert_organisation_matches(&list, query, id, &[rule]);
        }
    }

    /// A listed organisation's name in full with a city, a branch or an office after it, as
    /// payment messages write a party, matches (the words after weigh little); words after
    /// that name a company of their own, a name that ends in a legal form, a number after
    /// a name, or one word alike with more after it do not.
    #[test]
    fn words_after_an_organisations_listed_name_are_its_city_or_branch() {
        let list = organisation_list(&[
            ("koryo", "Koryo Bank"),
            ("kumbyol", "Korea Kumbyol Trading Company"),
            ("syriatel", "Syriatel"),
            ("terentev", "Group Terentev LLC"),
            ("petroiran", "Petroiran Development Company"),
        ]);
        let rule = compare::RuleKind::WordsAfter;
        for (query, id) in [
            ("Koryo Bank, Pyongyang Representative Office", "koryo"),
            ("KORYO BANK LTD., SINUIJU MAIN BRANCH", "koryo"),
            ("Korea Kumbyol Trading Company, Chongjin Branch", "kumbyol"),
            ("Syriatel Latakia Head Office", "syriatel"),
            ("كوريو بنك", "koryo"),
        ] {
            let result = organisation_result(&list, query, id);
            assert!(result.score >= 0.7, "{query}: {}", result.score);
            if query.contains(' ') && query.is_ascii() {
                assert!(
                    held_by(&result, rule),
                    "{query}: {:?}",
                    result.explanation.rules
                );
                // the words after are named as unmatched, the listed name's words as aligned
                assert!(
                    result.explanation.unmatched_query_parts.len() >= 2,
                    "{query}: {:?}",
                    result.explanation
                );
            }
        }
        for (query, id) in [
            // a company's own words after the name
            ("Koryo Bank Dudinka Shipping Company", "koryo"),
            // the legal form closes the name: the words before it are the company's
            (
                "Petroiran Development Company Qasimov Shipping Limited",
                "petroiran",
            ),
            // a number after a name names one of a series
            ("Koryo Bank 2 Pyongyang Representative Office", "koryo"),
            // one word alike, more after it
            ("Terenteva Charitable Foundation", "terentev"),
        ] {
            let Some(result) = organisation_candidate(&list, query, id, &MatchConfig::default())
            else {
                continue;
            };
            assert!(result.score < 0.7, "{query}: {}", result.score);
            assert!(
                !held_by(&result, rule),
                "{query}: {:?}",
                result.explanation.rules
            );
        }
    }

    /// A listed word the query spells in full that almost no other entry carries brings
    /// its entry in to be scored, however many entries share the query's other words:
    /// with room for two candidates, four entries pairing `Foreign` and `Department`
    /// outrank `Niref` and would leave it unscored.
    #[test]
    fn an_exact_rare_word_brings_its_entry_in_whatever_its_rank() {
        let list = organisation_list(&[
            ("niref", "Niref"),
            ("d1", "Foreign Trade Department of Ruritania"),
            ("d2", "Foreign Relations Department of Osterlich"),
            ("d3", "Foreign Affairs Department Nirem"),
            ("d4", "Department of Foreign Nireff Studies"),
        ]);
        let config = MatchConfig {
            candidates_scored: 2,
            ..MatchConfig::default()
        };
        let niref = organisation_candidate(&list, "Niref, Foreign Department", "niref", &config)
            .expect("niref not scored: outranked");
        assert!(niref.score >= 0.7, "{}", niref.score);
    }

    #[test]
    fn an_identifier_that_agrees_makes_a_match_and_a_differing_one_of_a_kind_a_thing_has_once_is_against(
    ) {
        use crate::person::{Identifier, IdentifierKind, Outcome, Qualifier};
        let id = |kind, value: &str, checked| Identifier {
            kind,
            value: value.to_string(),
            checked,
        };
        let entity = |kind, name: &str, ids: &[Identifier]| {
            let mut entity = Person::new(kind);
            if !name.is_empty() {
                entity.add_name(crate::names::parse_name_of(kind, name));
            }
            for identifier in ids {
                entity.facts.add_identifier(identifier.clone());
            }
            entity
        };
        let mut builder = WatchlistBuilder::new();
        builder.add(
            "front",
            entity(
                EntityKind::Organization,
                "Khorasan Maritime Trading LLC",
                &[
                    id(IdentifierKind::Iban, "DE89370400440532013000", true),
                    id(IdentifierKind::Lei, "5493001KJTIIGC8Y1R12", true),
                ],
            ),
        );
        builder.add(
            "tanker",
            entity(
                EntityKind::Organization,
                "Sea Olive",
                &[id(IdentifierKind::Imo, "9123456", true)],
            ),
        );
        builder.add(
            "wallet",
            entity(
                EntityKind::Person,
                "Karim Haddad",
                &[id(
                    IdentifierKind::Crypto,
                    "1AjZPMsnmpdK2Rv9KQNfMurTXinscVro9V",
                    false,
                )],
            ),
        );
        let list = builder.build();
        let config = MatchConfig::default();
        let found = |query: &Person, wanted: &str| {
            list.screen(query, 5, &config)
                .into_iter()
                .find(|result| result.id == wanted)
                .map(|result| (result.score, result.explanation.qualifiers))
        };
        // an unrelated name paying from the listed account: a match, and why
        let (score, qualifiers) = found(
            &entity(
                EntityKind::Organization,
                "Blue Lagoon Imports",
                &[id(IdentifierKind::Iban, "DE89370400440532013000", true)],
            ),
            "front",
        )
        .expect("found by its account");
        assert!(score >= 0.8, "{score}");
        assert_eq!(
            qualifiers[0].qualifier,
            Qualifier::Identifier(IdentifierKind::Iban)
        );
        assert_eq!(qualifiers[0].outcome, Outcome::Same);
        // a person sending to a listed person's wallet, with no name given, and a person
        // asked against an organisation's account: the identifier links them
        let (score, _) = found(
            &entity(
                EntityKind::Person,
                "",
                &[id(
                    IdentifierKind::Crypto,
                    "1AjZPMsnmpdK2Rv9KQNfMurTXinscVro9V",
                    false,
                )],
            ),
            "wallet",
        )
        .expect("found by its wallet");
        assert!(score >= 0.8, "{score}");
        assert!(found(
            &entity(
                EntityKind::Person,
                "Omar Said",
                &[id(IdentifierKind::Iban, "DE89370400440532013000", true)],
            ),
            "front",
        )
        .is_some_and(|(score, _)| score >= 0.8));
        // the wallet's case is part of it: another case is another address
        assert!(found(
            &entity(
                EntityKind::Person,
                "",
                &[id(
                    IdentifierKind::Crypto,
                    "1AJZPMSNMPDK2RV9KQNFMURTXINSCVRO9V",
                    false
                )],
            ),
            "wallet",
        )
        .is_none_or(|(score, _)| score < 0.7));
        // the same ship's name with another valid IMO number is another ship; an IMO
        // number not checked says nothing against
        let (score, qualifiers) = found(
            &entity(
                EntityKind::Organization,
                "Sea Olive",
                &[id(IdentifierKind::Imo, "9074729", true)],
            ),
            "tanker",
        )
        .expect("found by name");
        assert!(score < 0.7, "{score}");
        assert_eq!(qualifiers[0].outcome, Outcome::Conflict);
        let (score, _) = found(
            &entity(
                EntityKind::Organization,
                "Sea Olive",
                &[id(IdentifierKind::Imo, "9074720", false)],
            ),
            "tanker",
        )
        .expect("found by name");
        assert!(score >= 0.9, "{score}");
        // another account of the same company is no evidence against it
        let (score, qualifiers) = found(
            &entity(
                EntityKind::Organization,
                "Khorasan Maritime Trading LLC",
                &[id(IdentifierKind::Iban, "GB82WEST12345698765432", true)],
            ),
            "front",
        )
        .expect("found by name");
        assert!(
            score >= 0.9 && qualifiers.is_empty(),
            "{score} {qualifiers:?}"
        );
    }

    #[test]
    fn an_organisations_legal_form_neither_makes_nor_breaks_a_match() {
        let mut builder = WatchlistBuilder::new();
        builder.add("krupp", organisation_named("Krupp Aktiengesellschaft"));
        builder.add("bosch", organisation_named("Bosch GmbH"));
        builder.add("northwind", organisation_named("Northwind Trading LLC"));
        builder.add(
            "reactors",
            organisation_named("Nuclear Reactors Fuel Company"),
        );
        builder.add("romashka", organisation_named("ООО «Ромашка»"));
        let list = builder.build();
        let config = MatchConfig::default();
        let score = |name: &str, id: &str| {
            list.screen(&organisation_named(name), 5, &config)
                .into_iter()
                .find(|result| result.id == id)
                .map_or((0.0, Vec::new()), |result| {
                    (result.score, result.explanation.rules)
                })
        };
        for (query, id) in [
            ("Krupp AG", "krupp"),
            ("BOSCH GESELLSCHAFT MIT BESCHRAENKTER HAFTUNG", "bosch"),
            ("Northwind Trading L.L.C.", "northwind"),
            ("Northwind Trading Limited Liability Company", "northwind"),
            ("Romashka LLC", "romashka"),
        ] {
            let (found, _) = score(query, id);
            assert!(found >= 0.7, "{query}: {found}");
        }
        // the form alone agrees, or the generic words: another company
        for (query, id) in [
            ("Southwind Trading LLC", "northwind"),
            ("Alpha GmbH", "bosch"),
        ] {
            let (found, _) = score(query, id);
            assert!(found < 0.7, "{query}: {found}");
        }
        // a word in place of another: held, and said why
        let (found, rules) = score("Nuclear Reactors Murom Company", "reactors");
        assert!(found < 0.7, "{found}");
        assert_eq!(rules[0].rule, compare::RuleKind::WordsDiffer);
        assert!(
            rules[0].detail.starts_with("murom / fuel"),
            "{}",
            rules[0].detail
        );
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

    /// A list built beside a reference weighs parts as one list holding both would: an
    /// entry scores and is explained the same in the small list as in the whole.
    #[test]
    fn a_list_built_beside_a_reference_scores_as_one_list_of_both() {
        // over 50 entries, so that rarity counts (below, every part weighs the same)
        let reference_names: Vec<String> = (0..120)
            .map(|i| {
                let given = ["Hiroshi", "Maria", "Ahmed", "Olga", "Tanaka"][i % 5];
                format!("{given} Family{}", i / 3)
            })
            .collect();
        let added = ["Hiroshi Tanaka", "Maria Family7", "Abd al-Rahman Khalil"];
        let mut whole = WatchlistBuilder::new();
        let mut reference = WatchlistBuilder::new();
        for (i, name) in reference_names.iter().enumerate() {
            whole.add(&format!("r{i}"), person(&[name]));
            reference.add(&format!("r{i}"), person(&[name]));
        }
        let mut small = WatchlistBuilder::new();
        for (i, name) in added.iter().enumerate() {
            whole.add(&format!("s{i}"), person(&[name]));
            small.add(&format!("s{i}"), person(&[name]));
        }
        let whole = whole.build();
        let reference = reference.build();
        let small = small.build_beside_reference(&reference);
        // every candidate scored, so that what differs could only be the scores
        let config = MatchConfig {
            candidates_scored: 1_000,
            ..MatchConfig::default()
        };
        for query in [
            "Hiroshi Tanaka",
            "Maria Family7",
            "Abdulrahman Khalil",
            "Maria Tanaka",
        ] {
            let in_whole = whole.screen(&person(&[query]), 200, &config);
            let in_small = small.screen(&person(&[query]), 10, &config);
            assert!(!in_small.is_empty(), "{query}");
            for candidate in in_small {
                let same = in_whole
                    .iter()
                    .find(|c| c.id == candidate.id)
                    .unwrap_or_else(|| panic!("{query}: {} not found in the whole", candidate.id));
                assert_eq!(same, &candidate, "{query}");
            }
        }
    }

    /// Entries copied from lists (as segments are merged) make the list their persons make:
    /// the same vocabulary in the same order, and the same answers.
    #[test]
    fn entries_copied_from_lists_make_the_list_their_persons_make() {
        let first_names: [&[&str]; 3] = [
            &["Kim Do Heun", "Do-Heun Kim"],
            &["Abd al-Rahman Khalil"],
            &["Lee Ji Ho", "Ji Ho Lee", "Jiho Lee"],
        ];
        let second_names: [&[&str]; 3] = [
            &["Hiroshi Tanaka"],
            &["Kim Ji Ho"],
            &["Олег Ковальчук", "Oleg Kovalchuk"],
        ];
        let mut first = WatchlistBuilder::new();
        let mut second = WatchlistBuilder::new();
        let mut whole = WatchlistBuilder::new();
        for (i, names) in first_names.iter().enumerate() {
            first.add(&format!("f{i}"), person(names));
        }
        for (i, names) in second_names.iter().enumerate() {
            second.add(&format!("s{i}"), person(names));
        }
        // in another order than the lists' own: the second list's middle entry first
        let order = [("s1", &second_names[1]), ("f0", &first_names[0])];
        let order = order
            .into_iter()
            .chain([("f2", &first_names[2]), ("s2", &second_names[2])]);
        let (first, second) = (first.build(), second.build());
        let mut copied = WatchlistBuilder::new();
        for (id, names) in order {
            whole.add(id, person(names));
            let list = if id.starts_with('f') { &first } else { &second };
            let at = list.ids().position(|listed| listed == id).unwrap();
            copied.add_entry_of(list, at);
        }
        let (whole, copied) = (whole.build(), copied.build());
        assert_eq!(whole.vocabulary, copied.vocabulary);
        assert!(whole.ids().eq(copied.ids()));
        for (made, copy) in whole.entries.iter().zip(&copied.entries) {
            assert_eq!(made.joined_parts, copy.joined_parts, "{}", made.id);
            assert_eq!(made.facts, copy.facts);
        }
        for query in [
            "Kim Doheun",
            "Jiho Kim",
            "Oleg Kowalczuk",
            "Abdulrahman Khalil",
        ] {
            let config = MatchConfig::default();
            assert_eq!(
                whole.screen(&person(&[query]), 5, &config),
                copied.screen(&person(&[query]), 5, &config),
                "{query}"
            );
        }
        // joined parts were copied (short Korean syllables are joined)
        assert!(copied
            .entries
            .iter()
            .any(|entry| !entry.joined_parts.is_empty()));
    }

    #[test]
    fn a_list_copied_beside_the_same_reference_keeps_the_links_a_lookup_would_make() {
        let mut base = WatchlistBuilder::new();
        for (i, name) in ["Hiroshi Tanaka", "Oleg Kovalchuk", "Lee Ji Ho"]
            .iter()
            .enumerate()
        {
            base.add(&format!("b{i}"), person(&[name]));
        }
        let base = base.build();
        let mut other = WatchlistBuilder::new();
        other.add("x", person(&["Hiroshi Tanaka"]));
        let other = other.build();
        // a segment sharing some parts with the base, and one whose parts were copied from
        // it beside the base, and beside another list
        let mut segment = WatchlistBuilder::new();
        segment.add("s0", person(&["Hiroshi Kovalenko"]));
        segment.add("s1", person(&["Ji Ho Tanaka", "Jiho Park"]));
        let segment = segment.build_beside_reference(&base);
        let copy = |reference: &Watchlist| {
            let mut copied = WatchlistBuilder::new();
            for at in [1, 0] {
                copied.add_entry_of(&segment, at);
            }
            copied.build_beside_reference(reference)
        };
        for (reference, copied) in [(&base, copy(&base)), (&other, copy(&other))] {
            let link = copied.link.as_ref().unwrap();
            let looked_up = ReferenceLink::of(&copied.vocabulary, reference, &[]);
            assert_eq!(link.shared, looked_up.shared);
            assert_eq!(link.own_of, looked_up.own_of);
            assert_eq!(link.reference, reference.identity);
        }
        // the copies were taken over where the reference was the same: some parts shared,
        // some not
        let link = copy(&base).link.unwrap();
        assert!(link.shared.iter().any(Option::is_some));
        assert!(link.shared.iter().any(Option::is_none));
    }

    #[test]
    fn keys_one_class_apart_meet_through_a_deletion() {
        // "pnrks" with one class left out is "pnrs"
        assert!(key_deletions("pnrks").contains(&"pnrs".to_string()));
        // two substitutions apart: no shared deletion
        let a = key_deletions("pnrs");
        let b = key_deletions("ktrs");
        assert!(!a.iter().any(|v| b.contains(v)));
    }
}
