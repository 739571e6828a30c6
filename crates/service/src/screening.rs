//! Screening against the records of every member, with the access rules applied in one
//! place ([`disclosure`]): the engine finds and scores candidates over all live records,
//! then each result is shown to the querying member only as far as the record's owner
//! allows.

use crate::documents::TravelDocument;
use crate::members::Member;
use gatecheck_engine::person::Person;
use gatecheck_engine::watchlist::{Explanation, MatchConfig, Watchlist, WatchlistBuilder};
use gatecheck_store::{DocumentRow, RecordRow, Store, StoreError};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// The live records, indexed for screening, with what the access rules need of each.
///
/// A write does not rebuild the index: the records it changed are indexed apart (the
/// *delta*, small and quick to build, beside the *base* built from every live record) and
/// hidden in the base, so that a change is screened against at once. [`ScreeningIndex::with_changes`]
/// says when the delta has grown enough that a full rebuild is due.
pub struct ScreeningIndex {
    base: Arc<Indexed>,
    delta: Indexed,
    /// Records changed since the base was built (indexed in the delta when still live).
    changed: HashSet<i64>,
    member_names: HashMap<i64, String>,
}

/// One index over some person records.
struct Indexed {
    watchlist: Watchlist,
    records: HashMap<i64, RecordMeta>,
}

impl Indexed {
    fn of(rows: Vec<RecordRow>, reference: Option<&Watchlist>) -> Indexed {
        let mut builder = WatchlistBuilder::new();
        let mut records = HashMap::new();
        for row in rows {
            // records were checked when written; one this version cannot read is left out
            // rather than stopping every screening
            let Ok(entity) = gatecheck_formats::ftm::parse_entity(&row.entity) else {
                continue;
            };
            builder.add(&row.id.to_string(), entity.person);
            records.insert(row.id, RecordMeta::from(row));
        }
        let watchlist = match reference {
            Some(reference) => builder.build_beside_reference(reference),
            None => builder.build(),
        };
        Indexed { watchlist, records }
    }
}

/// Records changed since the base was built from which on a full rebuild is due.
pub const REBUILD_AFTER_CHANGES: usize = 10_000;

/// Candidates screened for the records of one owner (see
/// [`ScreeningIndex::screen_person_owned_by`]).
pub const OWNER_CANDIDATES: usize = 100;

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
    entity_id: String,
    access_level: String,
    access_members: Vec<i64>,
    action: String,
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

/// What a querying member is shown of one matching record.
#[derive(Debug, Clone, PartialEq)]
pub enum Disclosure {
    /// The record, its score and explanation, and the action asked.
    Full {
        record: i64,
        entity_id: String,
        owner: String,
        score: f32,
        explanation: Box<Explanation>,
        action: String,
        /// For a travel document: what it is, and which reading of the number asked found
        /// it (`None` for a person record).
        document: Option<Box<DocumentFacts>>,
    },
    /// That a record of `owner` matched, and that `owner` is to be contacted.
    ContactOwner { owner: String },
    /// Only that the case is to be referred to the record's owner (who is notified).
    ReferToOwner,
}

/// What a member that may see a document record in full is told of it: what the document
/// is, and how the number asked found it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentFacts {
    pub number: String,
    pub issuing_state: String,
    /// `P`, `I`, `V` ... as reported.
    pub kind: String,
    /// `lost`, `stolen`, `revoked` or `invalidated`.
    pub status: String,
    /// `YYYY-MM-DD`.
    pub reported_on: String,
    /// The number looked up that found it: the one asked, or one of its misreadings.
    pub matched_number: String,
    /// How the number asked was misread to give `matched_number` (`"O for 0 at position
    /// 3"`), `None` when it matched as asked.
    pub misread: Option<String>,
}

/// One result of a screening as the querying member may see it; `matched` is whether the
/// score reached the threshold.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub matched: bool,
    pub disclosure: Disclosure,
}

impl ScreeningIndex {
    /// Builds the index of every record that is live on `today` (`YYYY-MM-DD`).
    pub fn build(store: &Store, today: &str) -> Result<ScreeningIndex, StoreError> {
        let base = Indexed::of(store.live_records(today)?, None);
        let delta = Indexed::of(Vec::new(), Some(&base.watchlist));
        Ok(ScreeningIndex {
            base: Arc::new(base),
            delta,
            changed: HashSet::new(),
            member_names: member_names(store)?,
        })
    }

    /// This index with the records `ids` changed (added, replaced, deleted or withdrawn):
    /// the base is shared, the delta rebuilt from every record changed since the base.
    pub fn with_changes(
        &self,
        store: &Store,
        today: &str,
        ids: &[i64],
    ) -> Result<ScreeningIndex, StoreError> {
        let mut changed = self.changed.clone();
        changed.extend(ids.iter().copied());
        let mut rows = Vec::with_capacity(changed.len());
        for &id in &changed {
            if let Some(row) = store.record(id)? {
                if row.review_by.as_str() >= today {
                    rows.push(row);
                }
            }
        }
        rows.sort_by_key(|row| row.id);
        Ok(ScreeningIndex {
            base: Arc::clone(&self.base),
            delta: Indexed::of(rows, Some(&self.base.watchlist)),
            changed,
            member_names: member_names(store)?,
        })
    }

    /// Records changed since the base was built.
    pub fn changes_since_build(&self) -> usize {
        self.changed.len()
    }

    /// Whether so many records changed since the base was built that a full rebuild is due.
    pub fn rebuild_due(&self) -> bool {
        self.changed.len() >= REBUILD_AFTER_CHANGES
    }

    /// Live records indexed.
    pub fn len(&self) -> usize {
        let base_live = self
            .base
            .records
            .keys()
            .filter(|id| !self.changed.contains(id))
            .count();
        base_live + self.delta.records.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The record's index and what screening knows of it, if live: the delta's view wins
    /// over the base's for a changed record.
    fn record(&self, id: i64) -> Option<&RecordMeta> {
        if self.changed.contains(&id) {
            self.delta.records.get(&id)
        } else {
            self.base.records.get(&id)
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
    /// (`None`: every owner's). The engine ranks every record; the owner's best are taken
    /// from the first [`OWNER_CANDIDATES`] candidates, so a record of the owner that many
    /// others outrank is not returned (it would not have reached the threshold).
    pub fn screen_person_owned_by(
        &self,
        viewer: &Member,
        person: &Person,
        limit: usize,
        threshold: f32,
        config: &MatchConfig,
        owner: Option<i64>,
    ) -> (Vec<Finding>, Vec<Matched>) {
        self.screen_person_from(viewer, person, limit, threshold, 0.0, config, owner)
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
        self.screen_person_from(viewer, person, limit, threshold, threshold, config, None)
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
        owner: Option<i64>,
    ) -> (Vec<Finding>, Vec<Matched>) {
        let mut matched = Vec::new();
        let wanted = match owner {
            Some(_) => limit.max(OWNER_CANDIDATES),
            None => limit,
        };
        let of_owner = |id: &i64| match owner {
            None => true,
            Some(owner) => self.record(*id).is_some_and(|meta| meta.owner == owner),
        };
        // the base's candidates (past those changed since) and the delta's, best first;
        // the base is asked for more, as changed records may take some of its places
        let extra = self.changed.len().min(wanted);
        let mut candidates: Vec<(i64, gatecheck_engine::watchlist::Candidate<'_>)> = self
            .base
            .watchlist
            .screen_at_least(person, wanted + extra, minimum, config)
            .into_iter()
            .filter_map(|candidate| Some((candidate.id.parse().ok()?, candidate)))
            .filter(|(id, _)| !self.changed.contains(id))
            .chain(
                self.delta
                    .watchlist
                    .screen_at_least(person, wanted, minimum, config)
                    .into_iter()
                    .filter_map(|candidate| Some((candidate.id.parse().ok()?, candidate))),
            )
            .filter(|(id, _)| of_owner(id))
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
        store: &Store,
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
        store: &Store,
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
                qualifiers: Vec::new(),
            };
            let facts = DocumentFacts {
                number: listed.clone(),
                issuing_state: state.clone(),
                kind: row.document.kind.clone(),
                status: row.document.status.clone(),
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
        match disclosure(meta, viewer.id) {
            Visibility::Full => Disclosure::Full {
                record,
                entity_id: meta.entity_id.clone(),
                owner,
                score,
                explanation: Box::new(explanation),
                action: meta.action.clone(),
                document: None,
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

fn member_names(store: &Store) -> Result<HashMap<i64, String>, StoreError> {
    Ok(store
        .members()?
        .into_iter()
        .map(|member| (member.id, member.name))
        .collect())
}

impl From<RecordRow> for RecordMeta {
    fn from(row: RecordRow) -> RecordMeta {
        RecordMeta {
            owner: row.owner,
            entity_id: row.entity_id,
            access_level: row.access_level,
            access_members: row.access_members,
            action: row.action,
        }
    }
}

impl From<DocumentRow> for RecordMeta {
    fn from(row: DocumentRow) -> RecordMeta {
        RecordMeta {
            owner: row.owner,
            entity_id: TravelDocument::from(row.document).entity_id(),
            access_level: row.terms.access_level,
            access_members: row.terms.access_members,
            action: row.terms.action,
        }
    }
}

/// Whether `viewer` may read the record itself (not only learn of a hit on it): only when
/// a hit would show it in full.
pub fn may_read(record: &RecordRow, viewer: &Member) -> bool {
    disclosure(&RecordMeta::from(record.clone()), viewer.id) == Visibility::Full
}

/// [`may_read`] for a document record.
pub fn may_read_document(document: &DocumentRow, viewer: &Member) -> bool {
    disclosure(&RecordMeta::from(document.clone()), viewer.id) == Visibility::Full
}

/// The owner of a record as a hit shows it: who, and how to reach them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Owner {
    pub name: String,
    pub country: String,
    /// Empty when the owner gave none.
    pub contact: String,
}

/// A record as a member may see it when it looks at a hit on it: whole, with whom to
/// contact, or only that the owner is to be asked. A record withdrawn since the hit is
/// shown as the most restrictive, as its access can no longer be read.
#[derive(Debug, Clone, PartialEq)]
pub enum RecordView {
    Person { record: RecordRow, owner: Owner },
    Document { document: DocumentRow, owner: Owner },
    ContactOwner { owner: Owner },
    ReferToOwner,
}

impl RecordView {
    /// Whether the viewer sees the record whole (and so may compare it with a traveller).
    pub fn is_full(&self) -> bool {
        matches!(
            self,
            RecordView::Person { .. } | RecordView::Document { .. }
        )
    }
}

/// What `viewer` may see of record `id` (a person record or a document), by the access
/// rule.
pub fn record_view(store: &Store, id: i64, viewer: &Member) -> Result<RecordView, StoreError> {
    let owner_of = |owner: i64| -> Result<Owner, StoreError> {
        Ok(match store.member_by_id(owner)? {
            Some(member) => Owner {
                name: member.name,
                country: member.country,
                contact: member.contact,
            },
            None => Owner {
                name: format!("member {owner}"),
                country: String::new(),
                contact: String::new(),
            },
        })
    };
    enum Read {
        Person(RecordRow),
        Document(DocumentRow),
    }
    // the record is read once; its owner only when the rule lets the viewer learn it
    let (meta, read) = if id >= gatecheck_store::DOCUMENT_IDS {
        let Some(document) = store.document(id)? else {
            return Ok(RecordView::ReferToOwner);
        };
        (RecordMeta::from(document.clone()), Read::Document(document))
    } else {
        let Some(record) = store.record(id)? else {
            return Ok(RecordView::ReferToOwner);
        };
        (RecordMeta::from(record.clone()), Read::Person(record))
    };
    Ok(match disclosure(&meta, viewer.id) {
        Visibility::Full => {
            let owner = owner_of(meta.owner)?;
            match read {
                Read::Person(record) => RecordView::Person { record, owner },
                Read::Document(document) => RecordView::Document { document, owner },
            }
        }
        Visibility::ContactOwner => RecordView::ContactOwner {
            owner: owner_of(meta.owner)?,
        },
        Visibility::ReferToOwner => RecordView::ReferToOwner,
    })
}

/// How much of a record a member may see.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Visibility {
    Full,
    ContactOwner,
    ReferToOwner,
}

/// The access rule, decided here and nowhere else: the owner sees its records; `all`
/// records are seen by every member; `members` records by the listed members, while others
/// learn whom to contact; `owner-only` records only tell others to refer to the owner.
/// An unknown level is read as the most restrictive.
fn disclosure(record: &RecordMeta, viewer: i64) -> Visibility {
    if record.owner == viewer {
        return Visibility::Full;
    }
    match record.access_level.as_str() {
        "all" => Visibility::Full,
        "members" if record.access_members.contains(&viewer) => Visibility::Full,
        "members" => Visibility::ContactOwner,
        _ => Visibility::ReferToOwner,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_is_read_back_through_each_confusable_character() {
        let variants = misreadings("O1X");
        let numbers: Vec<&str> = variants.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(numbers, ["01X", "D1X", "Q1X", "OIX", "OLX"]);
        assert_eq!(variants[0].1, "O for 0 at position 1");
        assert_eq!(variants[4].1, "1 for L at position 2");
        assert!(misreadings("XYW").is_empty());
    }
}
