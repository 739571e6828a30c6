//! Screening against the records of every member, with the access rule applied where it
//! is decided (`access::disclosure`): the engine finds and scores candidates over all live
//! records, then each result is shown to the querying member only as far as the record's
//! owner allows.

use crate::access::{disclosure, Disclosure, DocumentFacts, StoredAccess, Visibility};
use crate::documents::TravelDocument;
use crate::members::Member;
use gatecheck_engine::person::Person;
use gatecheck_engine::watchlist::{Explanation, MatchConfig, Watchlist, WatchlistBuilder};
use gatecheck_formats::ftm::{Listing, Schema};
use gatecheck_store::concepts::Backend;
use gatecheck_store::{DocumentRow, RecordRow, StoreError};
use rustc_hash::FxHashSet;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// The live records, indexed for screening, with what the access rules need of each.
///
/// Built as search engines build theirs: a large *base* built from every live record, and
/// small immutable *segments*, one a write, holding the records the write changed. A
/// segment is built beside the base, so that a part common in the base stays common in
/// it, and it hides the older versions of its records in the base and in older segments
/// (a deleted or withdrawn record is hidden and not indexed again). A write therefore
/// costs the size of the write, whatever changed before it. Screening asks the base and
/// every segment and keeps the best of what is current. Segments are merged off the
/// request path ([`ScreeningIndex::merge_plan`], [`ScreeningIndex::merged`],
/// [`ScreeningIndex::with_merged`]) so that there stay few of them, and once enough
/// changed, a full rebuild replaces base and segments ([`ScreeningIndex::rebuild_due`]).
#[derive(Clone)]
pub struct ScreeningIndex {
    base: Arc<Indexed>,
    /// Oldest first: a record's version in a later segment wins over any before it.
    segments: Vec<Arc<Segment>>,
    /// The base's entries (by position) that a segment changed: asked for every base
    /// candidate a screening ranks, so one bit each rather than a look in every segment.
    /// Copied on a write only when the write changes a record of the base.
    hidden_in_base: Arc<Vec<u64>>,
    member_names: Arc<HashMap<i64, String>>,
}

/// The records of one or more writes, indexed beside a base.
struct Segment {
    indexed: Indexed,
    /// The rows indexed, kept so that segments can be merged without the store.
    rows: Vec<RecordRow>,
    /// Every record these writes changed (those indexed, and those deleted, withdrawn or
    /// past their review date): older versions of them are hidden.
    /// (Fx-hashed: asked for every candidate ranked, once a later segment.)
    changed: FxHashSet<i64>,
}

/// One index over some person records.
struct Indexed {
    watchlist: Watchlist,
    /// The record of each entry of the watchlist, by position: ascending (the rows are
    /// indexed in the order of their ids).
    ids: Vec<i64>,
    records: HashMap<i64, RecordMeta>,
    /// Stored records that could not be read as entities, left out of the index.
    unreadable: Vec<UnreadableRecord>,
}

/// A stored record this version cannot read as an entity: left out of the index, so that
/// the listed person it holds would never be screened against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnreadableRecord {
    pub id: i64,
    /// Why the entity could not be read (no value of the record is repeated).
    pub reason: String,
}

impl Indexed {
    /// The index of `rows`, in the order of their ids.
    fn of(rows: &[RecordRow], reference: Option<&Watchlist>) -> Indexed {
        debug_assert!(rows.is_sorted_by_key(|row| row.id));
        let mut builder = WatchlistBuilder::new();
        let mut ids = Vec::with_capacity(rows.len());
        let mut records = HashMap::new();
        let mut unreadable = Vec::new();
        for row in rows {
            // records were checked when written; one this version cannot read is set
            // apart and named, for the server to refuse to start or to count it
            match gatecheck_formats::ftm::parse_entity(&row.entity) {
                Ok(entity) => {
                    builder.add(&row.id.to_string(), entity.person);
                    ids.push(row.id);
                    let read = EntityFacts {
                        listing: entity.listing.map(|listing| Arc::new(*listing)),
                        schema: Some(entity.schema),
                        topics: entity.topics.into(),
                    };
                    records.insert(row.id, RecordMeta::of(row, read));
                }
                Err(error) => unreadable.push(UnreadableRecord {
                    id: row.id,
                    reason: error.to_string(),
                }),
            }
        }
        let watchlist = match reference {
            Some(reference) => builder.build_beside_reference(reference),
            None => builder.build(),
        };
        Indexed {
            watchlist,
            ids,
            records,
            unreadable,
        }
    }

    /// The index [`Indexed::of`] would make of `newest` (rows in order, each with the
    /// segment of `segments` it is in), beside `reference`, its entries copied from those
    /// segments rather than read again ([`WatchlistBuilder::add_entry_of`]): reading the
    /// entities again was most of a merge's cost, and merges beside a writer took a tenth
    /// of the processors.
    fn merged(
        segments: &[Arc<Segment>],
        newest: &[(usize, &RecordRow)],
        reference: &Watchlist,
    ) -> Indexed {
        let positions: Vec<HashMap<&str, usize>> = segments
            .iter()
            .map(|segment| {
                segment
                    .indexed
                    .watchlist
                    .ids()
                    .enumerate()
                    .map(|(at, id)| (id, at))
                    .collect()
            })
            .collect();
        let mut builder = WatchlistBuilder::new();
        let mut ids = Vec::with_capacity(newest.len());
        let mut records = HashMap::new();
        let mut unreadable = Vec::new();
        for &(at, row) in newest {
            let from = &segments[at].indexed;
            let id = row.id.to_string();
            match positions[at].get(id.as_str()) {
                Some(&position) => {
                    builder.add_entry_of(&from.watchlist, position);
                    ids.push(row.id);
                    let read = from
                        .records
                        .get(&row.id)
                        .map(|meta| meta.facts.clone())
                        .unwrap_or_default();
                    records.insert(row.id, RecordMeta::of(row, read));
                }
                // a row its segment could not read
                None => unreadable.extend(
                    from.unreadable
                        .iter()
                        .filter(|record| record.id == row.id)
                        .cloned(),
                ),
            }
        }
        Indexed {
            watchlist: builder.build_beside_reference(reference),
            ids,
            records,
            unreadable,
        }
    }
}

/// Records changed since the base was built from which on a full rebuild is due, for a
/// small base; a large one waits for a tenth of its size (see
/// [`ScreeningIndex::rebuild_due`]).
pub const REBUILD_AFTER_CHANGES: usize = 10_000;

/// Segments kept before the newest are merged (off the request path).
pub const MAX_SEGMENTS: usize = 8;

/// A segment is merged with the newer ones once it is at most this many times as large as
/// all of them together (see [`merge_start`]).
const MERGE_RATIO: usize = 2;

/// Where to start merging segments of `sizes` (records changed, oldest first), if any:
/// once there are more than [`MAX_SEGMENTS`], the newest ones from the oldest that is at
/// most [`MERGE_RATIO`] times as large as all newer ones together (else the newest two).
/// Segments stay few and of sizes growing geometrically with age, so a record is copied a
/// few times between its write and the next full rebuild, never on every write. Simulated
/// over single-record writes (`merge_costs_stay_bounded` below checks it): with the ratio
/// 1 and six segments (a segment merged once no larger than the newer ones together) a
/// write cost 20.7 records copied over 20,000 writes and 63 over 100,000, with 5.7
/// segments for a screening to ask on average; with 4 and six, 13.9 and 17.3 records, and
/// 4.8 and 5.2 segments; with 2 and eight, 9.6 and 12.3 records, 6.2 and 6.6 segments.
/// The last costs least in all: a record copied costs about 20 µs of a merge, and a
/// screening asks a segment of n records in about 1 + 0.15·√n µs (`gatecheck bench
/// --segments`, 1M records), five screenings a write beside the benchmark's writer;
/// modelled so, 390 µs of processor a write with 4 and six, 320 with 2 and eight.
pub fn merge_start(sizes: &[usize]) -> Option<usize> {
    if sizes.len() <= MAX_SEGMENTS {
        return None;
    }
    let newer_than = |at: usize| sizes[at + 1..].iter().sum::<usize>();
    Some(
        (0..sizes.len() - 1)
            .find(|&at| sizes[at] <= MERGE_RATIO * newer_than(at))
            .unwrap_or(sizes.len() - 2),
    )
}

/// Segments merged into one, not yet in place (see [`ScreeningIndex::with_merged`]).
pub struct MergedSegments {
    base: Arc<Indexed>,
    range: std::ops::Range<usize>,
    replaced: Vec<Arc<Segment>>,
    segment: Arc<Segment>,
}

/// The score of a document found by its number when the query gives no issuing state.
const NUMBER_ALONE_SCORE: f32 = 0.9;

/// The score of a document whose number differs from the one asked by one character an
/// optical reader confuses (times [`NUMBER_ALONE_SCORE`] without an issuing state).
const MISREAD_SCORE: f32 = 0.85;

/// What a screening shows the querier, and every record matched in full (to be kept as
/// hits).
pub type Screened = (Vec<Finding>, Vec<Matched>);

/// Numbers looked up in one statement when a flight's documents are screened.
const DOCUMENT_NUMBERS_A_STATEMENT: usize = 4096;

/// Characters of the MRZ's typeface (OCR-B) that optical readers take for one another.
const CONFUSABLE: &[&[u8]] = &[b"0ODQ", b"1IL", b"2Z", b"5S", b"6G", b"8B"];

/// The numbers `number` may be a misreading of, one character swapped for one it is
/// confused with, each with what was swapped (`"O for 0 at position 3"`).
pub fn misreadings(number: &str) -> Vec<(String, String)> {
    let bytes = number.as_bytes();
    let mut variants = Vec::new();
    for (at, &read) in bytes.iter().enumerate() {
        let Some(class) = CONFUSABLE.iter().find(|class| class.contains(&read)) else {
            continue;
        };
        for &meant in class.iter().filter(|&&c| c != read) {
            let mut variant = bytes.to_vec();
            variant[at] = meant;
            if let Ok(variant) = String::from_utf8(variant) {
                let how = format!(
                    "{} for {} at position {}",
                    char::from(read),
                    char::from(meant),
                    at + 1
                );
                variants.push((variant, how));
            }
        }
    }
    variants
}

/// What screening needs of a record besides its names.
#[derive(Debug, Clone)]
struct RecordMeta {
    owner: i64,
    /// The record's version and when it was last written: what the index holds of it.
    revision: (i64, i64),
    entity_id: String,
    access_level: String,
    access_members: Vec<i64>,
    action: String,
    /// What its entity says beside its names, read when it was indexed.
    facts: EntityFacts,
}

/// What screening keeps of a record's entity besides what is screened: what it shows
/// with a record in full, and what a [`Scope`] narrows by.
#[derive(Debug, Clone, Default)]
struct EntityFacts {
    /// The sanctions and ties the list attached to the record, shown with it in full.
    listing: Option<Arc<Listing>>,
    /// `None` for a document.
    schema: Option<Schema>,
    topics: Arc<[String]>,
}

/// Which records a screening is narrowed to, as yente's `/match` and `/search` narrow
/// theirs (a dataset, `include_dataset`, `topics`, `changed_since` ...); the default is
/// every record. The access rule decides how far a record is narrowed: a record that only
/// says "refer to the owner" is never left out (leaving it out would tell whose it is or
/// what it holds, and would let a filter stop a listed record from matching); one whose
/// owner the viewer may learn but not its data is narrowed by its owner only; a record
/// the viewer sees in full, by everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scope {
    /// Only the records of these owners (`None`: every owner's).
    pub owners: Option<Vec<i64>>,
    pub excluded_owners: Vec<i64>,
    /// Only entities of this FtM schema or one extending it (`Thing`, `LegalEntity` ...).
    pub schema: Option<String>,
    /// Entities of these FtM schemata (by name, exactly) left out.
    pub excluded_schemata: Vec<String>,
    /// Only entities with one of these FtM topics (empty: any), or with all of them when
    /// `all_topics` is set.
    pub topics: Vec<String>,
    pub all_topics: bool,
    /// Only records last written after this moment (Unix seconds), as yente compares its
    /// `last_change`.
    pub changed_since: Option<i64>,
    /// Entities left out by their id (as their owner gave it).
    pub excluded_entity_ids: Vec<String>,
}

impl Scope {
    /// The records of `owner` only (`None`: every record).
    pub fn of_owner(owner: Option<i64>) -> Scope {
        Scope {
            owners: owner.map(|owner| vec![owner]),
            ..Scope::default()
        }
    }

    fn is_everything(&self) -> bool {
        *self == Scope::default()
    }

    /// Whether the record `meta` is screened for `viewer`, by the access rule.
    fn keeps(&self, meta: &RecordMeta, viewer: i64) -> bool {
        let of_owner = |owner: i64| {
            self.owners
                .as_ref()
                .is_none_or(|owners| owners.contains(&owner))
                && !self.excluded_owners.contains(&owner)
        };
        match disclosure(meta.access(), viewer) {
            Visibility::ReferToOwner => true,
            Visibility::ContactOwner => of_owner(meta.owner),
            Visibility::Full => of_owner(meta.owner) && self.keeps_entity(meta),
        }
    }

    /// Whether a record's entity is within the filters on what it holds.
    fn keeps_entity(&self, meta: &RecordMeta) -> bool {
        let lineage = meta.facts.schema.map(Schema::lineage).unwrap_or_default();
        self.schema
            .as_ref()
            .is_none_or(|schema| lineage.contains(&schema.as_str()))
            && !lineage
                .first()
                .is_some_and(|name| self.excluded_schemata.iter().any(|x| x == name))
            && (self.topics.is_empty()
                || if self.all_topics {
                    self.topics
                        .iter()
                        .all(|topic| meta.facts.topics.contains(topic))
                } else {
                    meta.facts
                        .topics
                        .iter()
                        .any(|topic| self.topics.contains(topic))
                })
            && self
                .changed_since
                .is_none_or(|since| meta.revision.1 > since)
            && !self.excluded_entity_ids.contains(&meta.entity_id)
    }
}

/// A record matched at or above the threshold, in full: what a hit keeps as evidence.
#[derive(Debug, Clone, PartialEq)]
pub struct Matched {
    pub record: i64,
    pub owner: i64,
    pub score: f32,
    pub explanation: Explanation,
    /// What the record's owner asks of an officer on a hit (whatever the querier is shown:
    /// a board/no-board answer follows it without telling the record).
    pub action: String,
}

/// One result of a screening as the querying member may see it; `matched` is whether the
/// score reached the threshold.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub matched: bool,
    pub disclosure: Disclosure,
}

impl ScreeningIndex {
    /// Builds the index of every record that is live on `today` (`YYYY-MM-DD`). Records
    /// that cannot be read are left out and named by [`ScreeningIndex::unreadable`].
    pub fn build(store: &dyn Backend, today: &str) -> Result<ScreeningIndex, StoreError> {
        let base = Indexed::of(&store.live_records(today)?, None);
        Ok(ScreeningIndex {
            hidden_in_base: Arc::new(vec![0; base.ids.len().div_ceil(64)]),
            base: Arc::new(base),
            segments: Vec::new(),
            member_names: Arc::new(member_names(store)?),
        })
    }

    /// This index with the records `ids` changed (added, replaced, deleted or withdrawn):
    /// base and segments shared, the changed records read from the store and indexed in
    /// one new segment. Records whose indexed version is already the store's are left
    /// as they are (the store's follower sees a server's own writes again).
    pub fn with_changes(
        &self,
        store: &dyn Backend,
        today: &str,
        ids: &[i64],
    ) -> Result<ScreeningIndex, StoreError> {
        let mut rows = Vec::with_capacity(ids.len());
        let mut changed = FxHashSet::default();
        for &id in ids {
            let row = store
                .record(id)?
                .filter(|row| row.review_by.as_str() >= today);
            let current = row.as_ref().map(|row| (row.version, row.updated_at));
            if current == self.indexed_revision(id) {
                continue;
            }
            if changed.insert(id) {
                rows.extend(row);
            }
        }
        let member_names = Arc::new(member_names(store)?);
        if changed.is_empty() {
            return Ok(ScreeningIndex {
                member_names,
                ..self.clone()
            });
        }
        rows.sort_by_key(|row| row.id);
        let segment = Segment {
            indexed: Indexed::of(&rows, Some(&self.base.watchlist)),
            rows,
            changed,
        };
        let mut segments = self.segments.clone();
        segments.push(Arc::new(segment));
        let mut hidden_in_base = Arc::clone(&self.hidden_in_base);
        for id in &segments[segments.len() - 1].changed {
            if let Ok(position) = self.base.ids.binary_search(id) {
                let (word, bit) = (position / 64, 1u64 << (position % 64));
                if hidden_in_base[word] & bit == 0 {
                    Arc::make_mut(&mut hidden_in_base)[word] |= bit;
                }
            }
        }
        Ok(ScreeningIndex {
            base: Arc::clone(&self.base),
            segments,
            hidden_in_base,
            member_names,
        })
    }

    /// The revision of record `id` screening holds (`None`: not indexed).
    fn indexed_revision(&self, id: i64) -> Option<(i64, i64)> {
        self.record(id).map(|meta| meta.revision)
    }

    /// Which segments to merge now, if any: see [`merge_start`].
    pub fn merge_plan(&self) -> Option<std::ops::Range<usize>> {
        let sizes: Vec<usize> = self
            .segments
            .iter()
            .map(|segment| segment.changed.len())
            .collect();
        merge_start(&sizes).map(|from| from..sizes.len())
    }

    /// The segments `range` merged into one (the newest version of each record wins), built
    /// beside the base: pure work on this index's data, to be done off the request path and
    /// put in place by [`ScreeningIndex::with_merged`].
    pub fn merged(&self, range: std::ops::Range<usize>) -> MergedSegments {
        let merging = &self.segments[range.clone()];
        // each record's newest row, with the segment it is in (`None`: gone)
        let mut latest: HashMap<i64, Option<(usize, &RecordRow)>> = HashMap::new();
        for (at, segment) in merging.iter().enumerate() {
            for &id in &segment.changed {
                latest.insert(id, None);
            }
            for row in &segment.rows {
                latest.insert(row.id, Some((at, row)));
            }
        }
        let changed: FxHashSet<i64> = latest.keys().copied().collect();
        let mut newest: Vec<(usize, &RecordRow)> = latest.into_values().flatten().collect();
        newest.sort_by_key(|(_, row)| row.id);
        let indexed = Indexed::merged(merging, &newest, &self.base.watchlist);
        let rows = newest.into_iter().map(|(_, row)| row.clone()).collect();
        MergedSegments {
            base: Arc::clone(&self.base),
            replaced: merging.to_vec(),
            range,
            segment: Arc::new(Segment {
                indexed,
                rows,
                changed,
            }),
        }
    }

    /// This index with `merged` in place of the segments it was made of, or `None` when
    /// they are no longer here (a full rebuild replaced them meanwhile). Segments added
    /// since the merge began come after it, as they are newer.
    pub fn with_merged(&self, merged: &MergedSegments) -> Option<ScreeningIndex> {
        if !Arc::ptr_eq(&self.base, &merged.base) {
            return None;
        }
        let here = self.segments.get(merged.range.clone())?;
        let same = here.len() == merged.replaced.len()
            && here
                .iter()
                .zip(&merged.replaced)
                .all(|(a, b)| Arc::ptr_eq(a, b));
        if !same {
            return None;
        }
        let mut segments = self.segments[..merged.range.start].to_vec();
        segments.push(Arc::clone(&merged.segment));
        segments.extend(self.segments[merged.range.end..].iter().cloned());
        // the records the segments changed, together, are the same
        Some(ScreeningIndex {
            base: Arc::clone(&self.base),
            segments,
            hidden_in_base: Arc::clone(&self.hidden_in_base),
            member_names: Arc::clone(&self.member_names),
        })
    }

    /// Segments beside the base.
    pub fn segment_count(&self) -> usize {
        self.segments.len()
    }

    /// Record changes taken in since the base was built (a record changed in two writes
    /// not yet merged counts twice).
    pub fn changes_since_build(&self) -> usize {
        self.segments
            .iter()
            .map(|segment| segment.changed.len())
            .sum()
    }

    /// Whether so many records changed since the base was built that a full rebuild is due:
    /// [`REBUILD_AFTER_CHANGES`], or a tenth of the base when that is more, so that the
    /// rebuild's cost (the whole base) is paid once for changes in proportion to it.
    pub fn rebuild_due(&self) -> bool {
        let due_after = REBUILD_AFTER_CHANGES.max(self.base.records.len() / 10);
        self.changes_since_build() >= due_after
    }

    /// Stored records left out of the index because they could not be read, and still
    /// current (not changed since into something readable).
    pub fn unreadable(&self) -> Vec<UnreadableRecord> {
        let mut unreadable: Vec<UnreadableRecord> = self
            .base
            .unreadable
            .iter()
            .filter(|record| self.later_change(record.id, 0).is_none())
            .cloned()
            .collect();
        for (at, segment) in self.segments.iter().enumerate() {
            unreadable.extend(
                segment
                    .indexed
                    .unreadable
                    .iter()
                    .filter(|record| self.later_change(record.id, at + 1).is_none())
                    .cloned(),
            );
        }
        unreadable
    }

    /// The newest segment from `from` on that changed record `id`.
    fn later_change(&self, id: i64, from: usize) -> Option<usize> {
        (from..self.segments.len())
            .rev()
            .find(|&at| self.segments[at].changed.contains(&id))
    }

    /// Live records indexed.
    pub fn len(&self) -> usize {
        let changed: HashSet<i64> = self
            .segments
            .iter()
            .flat_map(|segment| segment.changed.iter().copied())
            .collect();
        let base_hidden = changed
            .iter()
            .filter(|id| self.base.records.contains_key(id))
            .count();
        let in_segments = changed
            .iter()
            .filter(|&&id| self.record(id).is_some())
            .count();
        self.base.records.len() - base_hidden + in_segments
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// What screening knows of record `id`, if live: the newest segment that changed it
    /// speaks for it, else the base.
    fn record(&self, id: i64) -> Option<&RecordMeta> {
        match self.later_change(id, 0) {
            Some(at) => self.segments[at].indexed.records.get(&id),
            None => self.base.records.get(&id),
        }
    }

    /// Screens `person` for `viewer`: the best `limit` records, each disclosed as far as
    /// its access rule lets `viewer` see it.
    pub fn screen_person(
        &self,
        viewer: &Member,
        person: &Person,
        limit: usize,
        threshold: f32,
        config: &MatchConfig,
    ) -> Vec<Finding> {
        self.screen_person_with_hits(viewer, person, limit, threshold, config)
            .0
    }

    /// [`ScreeningIndex::screen_person`], and every record matched at or above the
    /// threshold in full, to be kept as a hit (never to be shown to `viewer` as such).
    pub fn screen_person_with_hits(
        &self,
        viewer: &Member,
        person: &Person,
        limit: usize,
        threshold: f32,
        config: &MatchConfig,
    ) -> (Vec<Finding>, Vec<Matched>) {
        self.screen_person_owned_by(viewer, person, limit, threshold, config, None)
    }

    /// [`ScreeningIndex::screen_person_with_hits`] over the records of one owner only
    /// (`None`: every owner's): the engine ranks only the records the filter lets through,
    /// so other owners' records never crowd the owner's out.
    pub fn screen_person_owned_by(
        &self,
        viewer: &Member,
        person: &Person,
        limit: usize,
        threshold: f32,
        config: &MatchConfig,
        owner: Option<i64>,
    ) -> (Vec<Finding>, Vec<Matched>) {
        let scope = Scope::of_owner(owner);
        self.screen_person_in(viewer, person, limit, threshold, config, &scope)
    }

    /// [`ScreeningIndex::screen_person_with_hits`] over the records of `scope` (see
    /// [`Scope`]: narrowed as far as the access rule lets a filter narrow): the engine
    /// ranks only the records the scope lets through, so that others never crowd them out.
    pub fn screen_person_in(
        &self,
        viewer: &Member,
        person: &Person,
        limit: usize,
        threshold: f32,
        config: &MatchConfig,
        scope: &Scope,
    ) -> (Vec<Finding>, Vec<Matched>) {
        self.screen_person_from(viewer, person, limit, threshold, 0.0, config, scope, None)
    }

    /// [`ScreeningIndex::screen_person_with_hits`] for a caller that answers only what
    /// reaches the threshold (a flight's travellers): the same hits, found faster, as the
    /// engine leaves candidates that cannot reach it unscored
    /// ([`gatecheck_engine::watchlist::Watchlist::screen_at_least`]); no finding below the
    /// threshold is returned.
    pub fn screen_person_hits(
        &self,
        viewer: &Member,
        person: &Person,
        limit: usize,
        threshold: f32,
        config: &MatchConfig,
    ) -> (Vec<Finding>, Vec<Matched>) {
        self.screen_person_from(
            viewer,
            person,
            limit,
            threshold,
            threshold,
            config,
            &Scope::default(),
            None,
        )
    }

    /// [`ScreeningIndex::screen_person_hits`] for each of several readings of one party
    /// (a party of no stated kind as a person and as an organisation): the words the
    /// readings hold, and those `memo` kept from screenings before, are looked up once
    /// (see `RetrievalMemo`); the same findings as screening each alone.
    pub fn screen_readings_hits(
        &self,
        viewer: &Member,
        readings: &[Person],
        limit: usize,
        threshold: f32,
        config: &MatchConfig,
        memo: &mut gatecheck_engine::watchlist::RetrievalMemo,
    ) -> Vec<(Vec<Finding>, Vec<Matched>)> {
        readings
            .iter()
            .map(|person| {
                self.screen_person_from(
                    viewer,
                    person,
                    limit,
                    threshold,
                    threshold,
                    config,
                    &Scope::default(),
                    Some(&mut *memo),
                )
            })
            .collect()
    }

    /// Screens for `viewer` the candidates scoring `minimum` or more.
    #[allow(clippy::too_many_arguments)]
    fn screen_person_from(
        &self,
        viewer: &Member,
        person: &Person,
        limit: usize,
        threshold: f32,
        minimum: f32,
        config: &MatchConfig,
        scope: &Scope,
        memo: Option<&mut gatecheck_engine::watchlist::RetrievalMemo>,
    ) -> (Vec<Finding>, Vec<Matched>) {
        let mut matched = Vec::new();
        // a scope narrows as far as the access rule lets it (see `Scope`): a record that
        // only says "refer to the owner" is screened whatever the dataset or filter, or
        // asking for its owner's dataset would tell who owns it (and leaving it out would
        // let a filter stop a listed record from matching)
        let everything = scope.is_everything();
        let of_owner = |id: &i64| {
            everything
                || self
                    .record(*id)
                    .is_some_and(|meta| scope.keeps(meta, viewer.id))
        };
        // the base and every segment screened as one list (one ranking chooses what is
        // scored), each past the records a later segment changed
        let lists: Vec<&gatecheck_engine::watchlist::Watchlist> =
            std::iter::once(&self.base.watchlist)
                .chain(
                    self.segments
                        .iter()
                        .map(|segment| &segment.indexed.watchlist),
                )
                .collect();
        let keep = |at: usize, position: u32| {
            let position = position as usize;
            let (indexed, hidden) = match at.checked_sub(1) {
                None => (
                    &*self.base,
                    self.hidden_in_base
                        .get(position / 64)
                        .is_none_or(|word| word & (1 << (position % 64)) != 0),
                ),
                Some(segment) => {
                    let Some(indexed) = self.segments.get(segment).map(|s| &s.indexed) else {
                        return false;
                    };
                    let later = &self.segments[segment + 1..];
                    let hidden = indexed
                        .ids
                        .get(position)
                        .is_none_or(|id| later.iter().any(|segment| segment.changed.contains(id)));
                    (indexed, hidden)
                }
            };
            !hidden && indexed.ids.get(position).is_some_and(of_owner)
        };
        let filtered = !self.segments.is_empty() || !everything;
        let mut candidates: Vec<(i64, gatecheck_engine::watchlist::Candidate<'_>)> =
            gatecheck_engine::watchlist::Watchlist::screen_lists_remembering(
                &lists,
                filtered.then_some(&keep as &gatecheck_engine::watchlist::KeepEntry<'_>),
                person,
                limit,
                minimum,
                config,
                memo,
            )
            .into_iter()
            .filter_map(|(_, candidate)| Some((candidate.id.parse().ok()?, candidate)))
            .collect();
        candidates.sort_by(|a, b| b.1.score.total_cmp(&a.1.score).then(a.0.cmp(&b.0)));
        candidates.truncate(limit);
        let findings = candidates
            .into_iter()
            .filter_map(|(record_id, candidate)| {
                let meta = self.record(record_id)?;
                if candidate.score >= threshold {
                    matched.push(Matched {
                        record: record_id,
                        owner: meta.owner,
                        score: candidate.score,
                        explanation: candidate.explanation.clone(),
                        action: meta.action.clone(),
                    });
                }
                let matched = candidate.score >= threshold;
                let disclosure = self.disclose(
                    record_id,
                    meta,
                    viewer,
                    candidate.score,
                    candidate.explanation,
                );
                // below the threshold, a restricted record says nothing at all: only a hit
                // is worth telling a member it may not see the record
                if !matched && !matches!(disclosure, Disclosure::Full { .. }) {
                    return None;
                }
                Some(Finding {
                    matched,
                    disclosure,
                })
            })
            .collect();
        (findings, matched)
    }

    /// Screens a travel document for `viewer`, in `store` (documents are not held in
    /// memory: a lookup by number reads a few pages of the store). A document of the same
    /// number and issuing state matches fully; without an issuing state, the number alone
    /// matches a little less; a document of the same number from another state is another
    /// document. A number that differs from the one asked by one character an optical
    /// reader confuses (0 and O, 1 and I, 5 and S ...: see [`misreadings`]) matches lower
    /// still, with the difference in its explanation. Documents past their review date on
    /// `today` do not match. Findings come best first.
    pub fn screen_document(
        &self,
        store: &dyn Backend,
        viewer: &Member,
        number: &str,
        issuing_state: Option<&str>,
        threshold: f32,
        today: &str,
    ) -> Result<(Vec<Finding>, Vec<Matched>), StoreError> {
        let mut screened =
            self.screen_documents(store, viewer, &[(number, issuing_state)], threshold, today)?;
        Ok(screened.pop().unwrap_or_default())
    }

    /// [`ScreeningIndex::screen_document`] for several documents (a flight's), looked up in
    /// the store together, in order of number, a statement for many; one answer a document,
    /// in the order asked.
    pub fn screen_documents(
        &self,
        store: &dyn Backend,
        viewer: &Member,
        documents: &[(&str, Option<&str>)],
        threshold: f32,
        today: &str,
    ) -> Result<Vec<Screened>, StoreError> {
        // each number asked, with the ways it may have been misread
        let asked: Vec<(String, Vec<(String, String)>)> = documents
            .iter()
            .map(|(number, _)| {
                let number = crate::documents::normalise_number(number);
                let variants = misreadings(&number);
                (number, variants)
            })
            .collect();
        let mut numbers: Vec<&str> = asked
            .iter()
            .flat_map(|(number, variants)| {
                std::iter::once(number.as_str()).chain(variants.iter().map(|(v, _)| v.as_str()))
            })
            .collect();
        numbers.sort_unstable();
        numbers.dedup();
        let mut rows: HashMap<String, Vec<DocumentRow>> = HashMap::default();
        for chunk in numbers.chunks(DOCUMENT_NUMBERS_A_STATEMENT) {
            let chunk: Vec<String> = chunk.iter().map(|number| number.to_string()).collect();
            for row in store.documents_by_numbers(&chunk, today)? {
                rows.entry(row.document.number.clone())
                    .or_default()
                    .push(row);
            }
        }
        let none = Vec::new();
        Ok(asked
            .iter()
            .zip(documents)
            .map(|((number, variants), (_, issuing_state))| {
                let found = rows
                    .get(number)
                    .unwrap_or(&none)
                    .iter()
                    .map(|row| (row, None));
                let misread = variants.iter().flat_map(|(variant, how)| {
                    rows.get(variant)
                        .unwrap_or(&none)
                        .iter()
                        .map(move |row| (row, Some(how.as_str())))
                });
                self.document_findings(
                    viewer,
                    number,
                    *issuing_state,
                    found.chain(misread),
                    threshold,
                )
            })
            .collect())
    }

    /// What `viewer` is told of the documents found for `number`: each row with how the
    /// number asked was misread to give it (`None`: as asked).
    fn document_findings<'r>(
        &self,
        viewer: &Member,
        number: &str,
        issuing_state: Option<&str>,
        rows: impl Iterator<Item = (&'r DocumentRow, Option<&'r str>)>,
        threshold: f32,
    ) -> (Vec<Finding>, Vec<Matched>) {
        let mut found: Vec<(f32, i64, RecordMeta, Explanation, DocumentFacts)> = Vec::new();
        for (row, misread) in rows {
            let state = &row.document.issuing_state;
            let listed = &row.document.number;
            let score = match (issuing_state, misread) {
                (Some(wanted), _) if wanted != state => continue,
                (Some(_), None) => 1.0,
                (None, None) => NUMBER_ALONE_SCORE,
                (Some(_), Some(_)) => MISREAD_SCORE,
                (None, Some(_)) => MISREAD_SCORE * NUMBER_ALONE_SCORE,
            };
            let listed_name = match misread {
                None => format!("{state} {listed}"),
                Some(how) => {
                    format!("{state} {listed} (the number asked, {number}, read with {how})")
                }
            };
            let explanation = Explanation {
                query_name: format!("{} {number}", issuing_state.unwrap_or("?")),
                listed_name,
                name_score: score,
                parts: Vec::new(),
                unmatched_query_parts: Vec::new(),
                unmatched_listed_parts: Vec::new(),
                rules: Vec::new(),
                qualifiers: Vec::new(),
                legal_forms: Default::default(),
            };
            let facts = DocumentFacts {
                number: listed.clone(),
                issuing_state: state.clone(),
                kind: row.document.kind.clone(),
                status: row.document.status,
                reported_on: row.document.reported_on.clone(),
                matched_number: listed.clone(),
                misread: misread.map(str::to_string),
            };
            found.push((
                score,
                row.id,
                RecordMeta::from(row.clone()),
                explanation,
                facts,
            ));
        }
        found.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let mut findings = Vec::new();
        let mut matched = Vec::new();
        for (score, record_id, meta, explanation, facts) in found {
            if score >= threshold {
                matched.push(Matched {
                    record: record_id,
                    owner: meta.owner,
                    score,
                    explanation: explanation.clone(),
                    action: meta.action.clone(),
                });
            }
            let mut disclosure = self.disclose(record_id, &meta, viewer, score, explanation);
            // what the document is, only where the access rule shows the record whole
            if let Disclosure::Full { document, .. } = &mut disclosure {
                *document = Some(Box::new(facts));
            }
            findings.push(Finding {
                matched: score >= threshold,
                disclosure,
            });
        }
        (findings, matched)
    }

    /// What `viewer` is shown of a matching record, by the access rule.
    fn disclose(
        &self,
        record: i64,
        meta: &RecordMeta,
        viewer: &Member,
        score: f32,
        explanation: Explanation,
    ) -> Disclosure {
        let owner = self.name_of(meta.owner);
        match disclosure(meta.access(), viewer.id) {
            Visibility::Full => Disclosure::Full {
                record,
                entity_id: meta.entity_id.clone(),
                owner,
                score,
                explanation: Box::new(explanation),
                action: meta.action.clone(),
                document: None,
                listing: meta.facts.listing.clone(),
            },
            Visibility::ContactOwner => Disclosure::ContactOwner { owner },
            Visibility::ReferToOwner => Disclosure::ReferToOwner,
        }
    }

    fn name_of(&self, member: i64) -> String {
        self.member_names
            .get(&member)
            .cloned()
            .unwrap_or_else(|| format!("member {member}"))
    }
}

fn member_names(store: &dyn Backend) -> Result<HashMap<i64, String>, StoreError> {
    Ok(store
        .members()?
        .into_iter()
        .map(|member| (member.id, member.name))
        .collect())
}

impl RecordMeta {
    /// What screening needs of `row`, without copying its entity: with what its entity
    /// says beside what is screened (`listing`, read when it was indexed).
    fn of(row: &RecordRow, facts: EntityFacts) -> RecordMeta {
        RecordMeta {
            owner: row.owner,
            revision: (row.version, row.updated_at),
            entity_id: row.entity_id.clone(),
            access_level: row.access_level.clone(),
            access_members: row.access_members.clone(),
            action: row.action.clone(),
            facts,
        }
    }

    /// What the access rule reads of the record.
    fn access(&self) -> StoredAccess<'_> {
        StoredAccess {
            owner: self.owner,
            level: &self.access_level,
            members: &self.access_members,
        }
    }
}

impl From<DocumentRow> for RecordMeta {
    fn from(row: DocumentRow) -> RecordMeta {
        RecordMeta {
            owner: row.owner,
            revision: (row.version, 0),
            entity_id: TravelDocument::from(row.document).entity_id(),
            access_level: row.terms.access_level,
            access_members: row.terms.access_members,
            action: row.terms.action,
            facts: EntityFacts::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each filter narrows a record the viewer sees in full; only the owner's filters
    /// narrow one whose owner it may learn; nothing narrows one that says "refer to the
    /// owner".
    #[test]
    fn a_scope_narrows_as_far_as_the_access_rule_lets_it() {
        let meta = |level: &str| RecordMeta {
            owner: 1,
            revision: (1, 1_000),
            entity_id: "r-1".to_string(),
            access_level: level.to_string(),
            access_members: Vec::new(),
            action: "arrest".to_string(),
            facts: EntityFacts {
                listing: None,
                schema: Some(Schema::Company),
                topics: vec!["sanction".to_string()].into(),
            },
        };
        let viewer = 2;
        let filters = [
            Scope::of_owner(Some(3)),
            Scope {
                excluded_owners: vec![1],
                ..Scope::default()
            },
            Scope {
                schema: Some("Person".to_string()),
                ..Scope::default()
            },
            Scope {
                excluded_schemata: vec!["Company".to_string()],
                ..Scope::default()
            },
            Scope {
                topics: vec!["role.pep".to_string()],
                ..Scope::default()
            },
            Scope {
                topics: vec!["sanction".to_string(), "crime".to_string()],
                all_topics: true,
                ..Scope::default()
            },
            Scope {
                changed_since: Some(1_000),
                ..Scope::default()
            },
            Scope {
                excluded_entity_ids: vec!["r-1".to_string()],
                ..Scope::default()
            },
        ];
        for (at, scope) in filters.iter().enumerate() {
            assert!(!scope.keeps(&meta("all"), viewer), "{scope:?}");
            assert!(scope.keeps(&meta("owner-only"), viewer), "{scope:?}");
            // by its owner only: the first two
            assert_eq!(scope.keeps(&meta("members"), viewer), at >= 2, "{scope:?}");
        }
        let kept = [
            Scope {
                schema: Some("Organization".to_string()),
                ..Scope::default()
            },
            Scope {
                schema: Some("Asset".to_string()),
                ..Scope::default()
            },
            Scope {
                topics: vec!["role.pep".to_string(), "sanction".to_string()],
                ..Scope::default()
            },
            Scope {
                changed_since: Some(999),
                ..Scope::default()
            },
            Scope::of_owner(Some(1)),
        ];
        for scope in kept {
            assert!(scope.keeps(&meta("all"), viewer), "{scope:?}");
        }
    }

    #[test]
    fn a_number_is_read_back_through_each_confusable_character() {
        let variants = misreadings("O1X");
        let numbers: Vec<&str> = variants.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(numbers, ["01X", "D1X", "Q1X", "OIX", "OLX"]);
        assert_eq!(variants[0].1, "O for 0 at position 1");
        assert_eq!(variants[4].1, "1 for L at position 2");
        assert!(misreadings("XYW").is_empty());
    }

    /// Merging as the plan says over single-record writes, as a writer makes them: the
    /// records copied a write, and the segments a screening asks, stay few.
    fn merges_over(writes: usize) -> (f64, f64) {
        let mut sizes: Vec<usize> = Vec::new();
        let (mut copied, mut asked) = (0, 0);
        for _ in 0..writes {
            sizes.push(1);
            while let Some(from) = merge_start(&sizes) {
                let merged: usize = sizes.drain(from..).sum();
                copied += merged;
                sizes.push(merged);
            }
            assert!(sizes.len() <= MAX_SEGMENTS);
            asked += sizes.len();
        }
        (copied as f64 / writes as f64, asked as f64 / writes as f64)
    }

    #[test]
    fn merge_costs_stay_bounded() {
        // with a segment merged once no larger than the newer ones together (the ratio 1)
        // and six segments, 20.7 and 63 records a write, and 5.7 and 5.9 segments
        let (copied, asked) = merges_over(20_000);
        assert!(
            copied < 10.5 && asked < 6.5,
            "{copied} copied, {asked} asked"
        );
        let (copied, asked) = merges_over(100_000);
        assert!(
            copied < 13.0 && asked < 7.0,
            "{copied} copied, {asked} asked"
        );
        // a few writes make no merge
        assert_eq!(merge_start(&[1; MAX_SEGMENTS]), None);
        assert_eq!(merge_start(&[100, 1, 1, 1, 1, 1, 1, 1, 1]), Some(1));
        assert_eq!(merge_start(&[16, 1, 1, 1, 1, 1, 1, 1, 1]), Some(0));
        assert_eq!(merge_start(&[17, 1, 1, 1, 1, 1, 1, 1, 1]), Some(1));
    }
}
