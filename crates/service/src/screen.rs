//! The screening use cases, each written once: a person, a document, a batch of both and
//! the traveller of a machine-readable zone, screened for a member (payments and shipments:
//! [`crate::transactions`]). Whoever asks (the HTTP
//! API, the console, the command line), a screening's hits, the suppressions that passed
//! matches over and its audit entry are kept in one transaction: there is never a hit
//! without the screening that raised it, nor a screening audited without its hits.
//!
//! A screening's audit entry digests its answer as the member was shown it, without the
//! numbers of the hits (those are made in the same transaction and have entries of their
//! own): [`Screened::evidence`]. The answers' JSON is made here, not by a caller, so that
//! what is digested is what any caller shows.

use std::cell::RefCell;

use crate::access::{Disclosure, DocumentFacts};
use crate::audit::{self, Action};
use crate::hits::{self, explanation_json, round, Raised};
use crate::members::Member;
use crate::screening::{Finding, Matched, Scope, ScreeningIndex};
use crate::travellers::MrzScreening;
use crate::ServiceError;
use gatecheck_engine::person::Person;
use gatecheck_engine::watchlist::MatchConfig;
use gatecheck_formats::ftm::Entity;
use gatecheck_formats::mrz::MrzReading;
use gatecheck_store::concepts::Backend;
use gatecheck_store::AuditEntry;
use serde_json::{json, Value};

/// Where a use case reads and keeps: the server's readers and its writer, which commits
/// the writes of many requests together, or the command line's one store. A write is
/// whole or nothing.
pub trait Stores {
    /// The caller's own error, which a service error becomes.
    type Error: From<ServiceError>;
    /// Runs `work` on a store that reads what is committed.
    fn read<T>(
        &self,
        work: impl FnOnce(&dyn Backend) -> Result<T, ServiceError>,
    ) -> Result<T, Self::Error>;
    /// Runs `work` as one transaction: all of it is kept, or none.
    fn write<T>(
        &self,
        work: impl FnOnce(&mut dyn Backend) -> Result<T, ServiceError>,
    ) -> Result<T, Self::Error>;
}

/// One store, read and written in turn: the command line's.
pub struct OneStore<'s>(RefCell<&'s mut dyn Backend>);

impl<'s> OneStore<'s> {
    pub fn new(store: &'s mut dyn Backend) -> OneStore<'s> {
        OneStore(RefCell::new(store))
    }
}

impl Stores for OneStore<'_> {
    type Error = ServiceError;

    fn read<T>(
        &self,
        work: impl FnOnce(&dyn Backend) -> Result<T, ServiceError>,
    ) -> Result<T, ServiceError> {
        work(&**self.0.borrow())
    }

    fn write<T>(
        &self,
        work: impl FnOnce(&mut dyn Backend) -> Result<T, ServiceError>,
    ) -> Result<T, ServiceError> {
        // the service's writes are one transaction each already (an audit entry with what
        // it records); a group makes several of them one
        work(&mut **self.0.borrow_mut())
    }
}

/// How many results a screening answers, from which score one is a match, how names are
/// compared, and how long a shift lasts.
#[derive(Clone, Copy)]
pub struct Settings<'c> {
    pub limit: usize,
    pub threshold: f32,
    pub matching: &'c MatchConfig,
    /// Seconds within which the member's screening of the same traveller again is a
    /// sighting of the open hit already raised, not a new hit (0: every screening raises
    /// its own; see [`hits::record_hits_of`]).
    pub shift_seconds: i64,
}

/// A person to screen, as the caller read it.
pub struct PersonQuery {
    /// The query's own id, which its answer names.
    pub id: String,
    pub person: Person,
    /// The values of the query left out or read in part, one sentence each: the person
    /// was screened on the rest, and the answer says so.
    pub warnings: Vec<String>,
    /// The query as kept with its hits (the request's text), so that an officer sees what
    /// was asked and a false positive binds to these details.
    pub kept_as: String,
    /// The records screened against (by default every record the member may screen
    /// against), narrowed as the access rule lets a filter narrow (boxed: most queries
    /// have none).
    pub scope: Box<Scope>,
}

/// A travel document to look up, its number and issuing state read.
pub struct DocumentQuery {
    pub number: String,
    pub issuing_state: Option<String>,
    /// The query as kept with its hits.
    pub kept_as: String,
}

/// One query of a batch.
pub enum Query {
    Person(PersonQuery),
    Document(DocumentQuery),
}

impl PersonQuery {
    /// A person read from an FtM entity, kept as `kept_as`, screened against the records
    /// of `owner` only (`None`: all).
    pub fn from_entity(entity: Entity, kept_as: String, owner: Option<i64>) -> PersonQuery {
        PersonQuery {
            warnings: entity.warnings.iter().map(ToString::to_string).collect(),
            id: entity.id,
            person: entity.person,
            kept_as,
            scope: Box::new(Scope::of_owner(owner)),
        }
    }
}

impl Query {
    fn kept_as(&self) -> &str {
        match self {
            Query::Person(person) => &person.kept_as,
            Query::Document(document) => &document.kept_as,
        }
    }
}

/// What one query's screening found and what became of each match.
pub struct Screened {
    /// The query's id (a document's number).
    pub query: String,
    pub findings: Vec<Finding>,
    /// What became of each matched finding, in order: a hit, or passed over by a
    /// suppression.
    pub raised: Vec<Raised>,
    pub warnings: Vec<String>,
}

impl Screened {
    /// The answer: `{"query", "results", "warnings"?}`, each matched result with its hit
    /// or the suppression that passed it over.
    pub fn answer(&self) -> Value {
        answer(
            &self.query,
            results(&self.findings, &self.raised),
            &self.warnings,
        )
    }

    /// The answer as its audit entry digests it: without the numbers of the hits.
    pub fn evidence(&self) -> Value {
        answer(&self.query, results(&self.findings, &[]), &self.warnings)
    }

    /// The hits raised (matches a suppression passed over are none).
    pub fn hits(&self) -> usize {
        hits_raised(&self.raised)
    }
}

/// A zone screened: its document and holder, and what became of each match.
pub struct ZoneScreened {
    pub screening: MrzScreening,
    pub document_raised: Vec<Raised>,
    pub holder_raised: Vec<Raised>,
}

impl ZoneScreened {
    /// The answer of a zone screened (see [`zone_answer`]).
    pub fn answer(&self) -> Value {
        zone_answer(&self.screening, &self.document_raised, &self.holder_raised)
    }

    pub fn hits(&self) -> usize {
        hits_raised(&self.document_raised) + hits_raised(&self.holder_raised)
    }

    /// The number of the document as read.
    pub fn number(&self) -> &str {
        self.screening.document_query["number"]
            .as_str()
            .unwrap_or_default()
    }
}

/// The matches that became hits.
pub fn hits_raised(raised: &[Raised]) -> usize {
    raised.iter().filter(|r| r.hit().is_some()).count()
}

/// Screenings for one member, at one moment: the screening use cases.
pub struct Screener<'a, S: Stores> {
    pub index: &'a ScreeningIndex,
    pub stores: &'a S,
    pub member: &'a Member,
    /// Who acts, as the audit log names them: `member:NAME`, or an operator acting as the
    /// member.
    pub actor: String,
    pub settings: Settings<'a>,
    /// The moment of the screening, Unix seconds.
    pub now: i64,
}

impl<S: Stores> Screener<'_, S> {
    /// Screens a person and keeps what it found, audited as `screen.person`.
    pub fn person(&self, query: &PersonQuery) -> Result<Screened, S::Error> {
        let (findings, matched) = self.screen_person(query);
        let mut screened = Screened {
            query: query.id.clone(),
            findings,
            raised: Vec::new(),
            warnings: query.warnings.clone(),
        };
        let entry = self.entry(
            Action::ScreenPerson,
            format!("query {}", query.id),
            &screened.evidence(),
        );
        screened.raised = self.keep(&[(&query.kept_as, &matched)], entry)?.remove(0);
        Ok(screened)
    }

    /// Looks up a document and keeps what it found, audited as `screen.document`.
    pub fn document(&self, query: &DocumentQuery) -> Result<Screened, S::Error> {
        let (findings, matched) = self
            .stores
            .read(|store| self.screen_document(store, query))?;
        let mut screened = Screened {
            query: query.number.clone(),
            findings,
            raised: Vec::new(),
            warnings: Vec::new(),
        };
        let entry = self.entry(
            Action::ScreenDocument,
            format!("document {}", query.number),
            &screened.evidence(),
        );
        screened.raised = self.keep(&[(&query.kept_as, &matched)], entry)?.remove(0);
        Ok(screened)
    }

    /// Screens every query of a batch and keeps what all of them found in one
    /// transaction, audited once as `action` (`ScreenBatch`, `Match` for yente's
    /// clients) with the answers of all.
    pub fn batch(&self, queries: &[Query], action: Action) -> Result<Vec<Screened>, S::Error> {
        let found = self.stores.read(|store| {
            queries
                .iter()
                .map(|query| match query {
                    Query::Person(person) => Ok(self.screen_person(person)),
                    Query::Document(document) => self.screen_document(store, document),
                })
                .collect::<Result<Vec<_>, ServiceError>>()
        })?;
        let (findings, matched): (Vec<Vec<Finding>>, Vec<Vec<Matched>>) = found.into_iter().unzip();
        let mut screened: Vec<Screened> = queries
            .iter()
            .zip(findings)
            .map(|(query, findings)| {
                let (query, warnings) = match query {
                    Query::Person(person) => (person.id.clone(), person.warnings.clone()),
                    Query::Document(document) => (document.number.clone(), Vec::new()),
                };
                Screened {
                    query,
                    findings,
                    raised: Vec::new(),
                    warnings,
                }
            })
            .collect();
        let evidence: Vec<Value> = screened.iter().map(Screened::evidence).collect();
        let entry = self.entry(
            action,
            format!("{} queries", queries.len()),
            &json!({ "responses": evidence }),
        );
        let kept: Vec<(&str, &[Matched])> = queries
            .iter()
            .zip(&matched)
            .map(|(query, matched)| (query.kept_as(), matched.as_slice()))
            .collect();
        for (one, raised) in screened.iter_mut().zip(self.keep(&kept, entry)?) {
            one.raised = raised;
        }
        Ok(screened)
    }

    /// Screens the traveller of a zone already read (its document and holder) and keeps
    /// what it found, audited as `screen.mrz`. `None` when the zone fits no layout, so that
    /// nothing could be read to screen: nothing is kept then.
    pub fn zone(&self, reading: MrzReading) -> Result<Option<ZoneScreened>, S::Error> {
        let today = crate::dates::day(self.now);
        let screening = self.stores.read(|store| {
            Ok(crate::travellers::screen_reading(
                self.index,
                store,
                self.member,
                reading,
                self.settings.limit,
                self.settings.threshold,
                self.settings.matching,
                &today,
            )?)
        })?;
        let Some(screening) = screening else {
            return Ok(None);
        };
        let mut screened = ZoneScreened {
            screening,
            document_raised: Vec::new(),
            holder_raised: Vec::new(),
        };
        // digested before the hits are numbered, as every screening's answer
        let entry = self.entry(
            Action::ScreenMrz,
            format!("document {}", screened.number()),
            &zone_answer(&screened.screening, &[], &[]),
        );
        let document_query = screened.screening.document_query.to_string();
        let holder_query = screened.screening.holder_query.to_string();
        let mut raised = self
            .keep(
                &[
                    (&document_query, &screened.screening.document.1),
                    (&holder_query, &screened.screening.holder.1),
                ],
                entry,
            )?
            .into_iter();
        screened.document_raised = raised.next().unwrap_or_default();
        screened.holder_raised = raised.next().unwrap_or_default();
        Ok(Some(screened))
    }

    fn screen_person(&self, query: &PersonQuery) -> (Vec<Finding>, Vec<Matched>) {
        self.index.screen_person_in(
            self.member,
            &query.person,
            self.settings.limit,
            self.settings.threshold,
            self.settings.matching,
            &query.scope,
        )
    }

    fn screen_document(
        &self,
        store: &dyn Backend,
        query: &DocumentQuery,
    ) -> Result<(Vec<Finding>, Vec<Matched>), ServiceError> {
        Ok(self.index.screen_document(
            store,
            self.member,
            &query.number,
            query.issuing_state.as_deref(),
            self.settings.threshold,
            &crate::dates::day(self.now),
        )?)
    }

    /// The audit entry of a screening, digesting what it answered.
    pub(crate) fn entry(&self, action: Action, subject: String, answer: &Value) -> AuditEntry {
        audit::entry(
            self.now,
            self.actor.clone(),
            action,
            subject,
            answer.to_string().as_bytes(),
        )
    }

    /// Keeps the hits of the queries' matches with the screening's audit entry, in one
    /// transaction.
    fn keep(
        &self,
        queries: &[(&str, &[Matched])],
        entry: AuditEntry,
    ) -> Result<Vec<Vec<Raised>>, S::Error> {
        self.stores.write(|store| {
            let raised = hits::record_hits_of(
                store,
                self.member,
                queries,
                Some(entry),
                None,
                self.settings.shift_seconds,
                self.now,
            )?;
            // kept for screening again against records added or changed later (`retro`)
            let kept: Vec<(i64, &str)> = queries
                .iter()
                .map(|(query, _)| (self.member.id, *query))
                .collect();
            store.keep_screenings(self.now, &kept)?;
            Ok(raised)
        })
    }
}

/// `{"query": id, "results": [...]}`, with `"warnings"` when a value of the query was left
/// out or read in part.
pub fn answer(query: &str, results: Vec<Value>, warnings: &[String]) -> Value {
    let mut answer = json!({ "query": query });
    answer["results"] = Value::Array(results);
    if !warnings.is_empty() {
        answer["warnings"] = warnings.iter().map(|warning| json!(warning)).collect();
    }
    answer
}

/// The results of a screening as the member may see them; `raised` says what became of
/// the matched results, in order: a hit (`"hit"`), or passed over by a suppression the
/// member made (`"suppressed"`: the traveller was cleared as a false positive against this
/// record with these details).
pub fn results(findings: &[Finding], raised: &[Raised]) -> Vec<Value> {
    let mut results: Vec<Value> = findings.iter().map(disclosed).collect();
    number(&mut results, findings, raised);
    results
}

/// Writes into `results` (made by [`results`] from `findings` with nothing raised) what
/// became of the matched ones: for an answer digested before its hits were numbered.
pub fn number(results: &mut [Value], findings: &[Finding], raised: &[Raised]) {
    let mut raised = raised.iter();
    for (value, finding) in results.iter_mut().zip(findings) {
        if finding.matched {
            match raised.next() {
                Some(Raised::Hit(id)) => value["hit"] = json!(id),
                Some(Raised::Suppressed(id)) => value["suppressed"] = json!(id),
                None => {}
            }
        }
    }
}

fn disclosed(finding: &Finding) -> Value {
    match &finding.disclosure {
        Disclosure::Full {
            record,
            entity_id,
            owner,
            score,
            explanation: why,
            action,
            document,
            listing,
        } => {
            let mut value = json!({
                "record": record,
                "id": entity_id,
                "owner": owner,
                "score": round(*score),
                "match": finding.matched,
                "action": action,
                "explanation": null,
            });
            // put in after: `json!` would copy it
            value["explanation"] = explanation_json(why);
            if let Some(document) = document {
                value["document"] = document_facts(document);
            }
            if let Some(listing) = listing {
                listing_json(&mut value, listing);
            }
            value
        }
        Disclosure::ContactOwner { owner } => json!({
            "match": finding.matched,
            "restricted": true,
            "contact": owner,
        }),
        Disclosure::ReferToOwner => json!({
            "match": finding.matched,
            "restricted": true,
            "action": "refer to the owner of the record",
        }),
    }
}

/// The sanctions on a record and its ties to other entities, for a member the access rule
/// shows it to in full: `"sanctions": [{"program", "authority", "listed_on"}]` and
/// `"relations": [{"relation", "relationship", "with"}]`, each only when the list gave some.
fn listing_json(value: &mut Value, listing: &gatecheck_formats::ftm::Listing) {
    if !listing.sanctions.is_empty() {
        value["sanctions"] = listing
            .sanctions
            .iter()
            .map(|sanction| {
                json!({
                    "program": sanction.program,
                    "authority": sanction.authority,
                    "listed_on": sanction.listed_on,
                })
            })
            .collect();
    }
    if !listing.relations.is_empty() {
        value["relations"] = listing
            .relations
            .iter()
            .map(|relation| {
                json!({
                    "relation": relation.kind,
                    "relationship": relation.relationship,
                    "with": relation.with,
                })
            })
            .collect();
    }
}

/// What a document record is, for a member the access rule shows it to in full: its
/// status, issuing state, type and the day it was reported, and which reading of the
/// number asked found it (`misread`: how the number asked was misread, `null` when it
/// matched as asked).
fn document_facts(document: &DocumentFacts) -> Value {
    json!({
        "number": document.number,
        "issuing_state": document.issuing_state,
        "type": document.kind,
        "status": document.status.as_str(),
        "reported_on": document.reported_on,
        "matched_number": document.matched_number,
        "misread": document.misread,
    })
}

/// The answer to a zone screened (`POST /v1/screen/mrz`, `gatecheck screen mrz`): the zone
/// as read, the document looked up, the holder screened, and whether anything matched.
pub fn zone_answer(
    screening: &MrzScreening,
    document_raised: &[Raised],
    holder_raised: &[Raised],
) -> Value {
    let document = results(&screening.document.0, document_raised);
    let holder = results(&screening.holder.0, holder_raised);
    let hit = screening
        .document
        .0
        .iter()
        .chain(&screening.holder.0)
        .any(|finding| finding.matched);
    json!({
        "mrz": screening.reading.to_json(),
        "hit": hit,
        "document": {"query": screening.document_query, "results": document},
        "holder": {"query": screening.holder_query, "results": holder},
    })
}
