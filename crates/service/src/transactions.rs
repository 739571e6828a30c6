//! A payment's or a shipment's parties as queries, and the answer to their screening
//! (issue 18, items 3 and 4): every party of a [`Transaction`] (debtor, creditor, their
//! agents, a consignment's shipper, consignee, ship ...) with its name and identifiers, and
//! its free texts (remittance information, a description of goods), each screened against
//! the records the member may screen against; one verdict per message, `hold` when a hit
//! was raised, `pass` otherwise, each message kept with its hits and audit entry
//! ([`Screener::transactions`]).
//!
//! A party whose message does not say whether it is a person or an organisation is
//! screened as both, never guessed from its name (a short form such as `NA` or `SA` would
//! turn persons into companies). An identifier is read and checked
//! ([`gatecheck_formats::identifiers::for_screening`]): one that fails its check is kept
//! unchecked and said in the party's warnings.

use gatecheck_engine::names::parse_name_of;
use gatecheck_engine::person::{EntityKind, IdentifierKind, Person, MAX_NAMES};
use gatecheck_engine::watchlist::RetrievalMemo;
use gatecheck_formats::identifiers::for_screening;
use gatecheck_formats::parties::{Channel, Party, PartyIdKind, PartyKind, Transaction};
use serde_json::{json, Map, Value};

use crate::hits::{self, Raised};
use crate::screen::{Screener, Stores};
use crate::screening::{Finding, Matched};
use gatecheck_formats::parties::Reading;
use gatecheck_store::{AuditEntry, NewManifest};

/// The most characters of a free text screened (a remittance field holds 140, an ISO
/// 20022 unstructured remittance 140 a line).
pub const MAX_TEXT_CHARS: usize = 2_000;

/// One query of a transaction: a party or a free text, as the engine screens it (one
/// person, or a person and an organisation when the kind is not known) and as it is kept
/// with its hits.
pub struct TransactionQuery {
    pub source: Source,
    pub persons: Vec<Person>,
    /// The query as kept with its hits: an FtM entity naming the message and the role.
    pub kept_as: String,
    /// What was read in part or left out, one sentence each.
    pub warnings: Vec<String>,
}

/// What a query of a transaction screens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The party at this position of the transaction's parties.
    Party(usize),
    /// The free texts of one role (`remittance`, `goods` ...), joined in order (a name may
    /// run from one line of a field onto the next): the role at this position of
    /// [`texts_by_role`].
    Text(usize),
}

/// A transaction's queries: one a party that names someone (a name or an identifier), one
/// the free texts of a role with words or identifiers in them.
pub fn queries(transaction: &Transaction) -> Vec<TransactionQuery> {
    let mut queries: Vec<TransactionQuery> = transaction
        .parties
        .iter()
        .enumerate()
        .filter_map(|(at, party)| party_query(transaction, at, party))
        .collect();
    for (at, (role, text)) in texts_by_role(transaction).into_iter().enumerate() {
        queries.extend(text_query(transaction, at, role, &text));
    }
    queries
}

/// The free texts of a transaction, those of one role joined by spaces, in the order
/// their roles first come.
pub fn texts_by_role(transaction: &Transaction) -> Vec<(&str, String)> {
    let mut texts: Vec<(&str, String)> = Vec::new();
    for text in &transaction.texts {
        match texts.iter_mut().find(|(role, _)| *role == text.role) {
            Some((_, joined)) => {
                joined.push(' ');
                joined.push_str(text.text.trim());
            }
            None => texts.push((&text.role, text.text.trim().to_string())),
        }
    }
    texts
}

/// The engine's kinds a party is screened as.
fn kinds_of(kind: PartyKind) -> &'static [EntityKind] {
    match kind {
        PartyKind::Person => &[EntityKind::Person],
        PartyKind::Organisation
        | PartyKind::Institution
        | PartyKind::Vessel
        | PartyKind::Aircraft => &[EntityKind::Organization],
        PartyKind::Unknown => &[EntityKind::Person, EntityKind::Organization],
    }
}

/// The FtM schema a party is kept as.
fn schema_of(kind: PartyKind) -> &'static str {
    match kind {
        PartyKind::Person => "Person",
        PartyKind::Organisation => "Organization",
        PartyKind::Institution => "Company",
        PartyKind::Vessel => "Vessel",
        PartyKind::Aircraft => "Airplane",
        PartyKind::Unknown => "LegalEntity",
    }
}

fn party_query(transaction: &Transaction, at: usize, party: &Party) -> Option<TransactionQuery> {
    let name = party
        .name
        .as_deref()
        .map(str::trim)
        .filter(|name| !name.is_empty());
    let mut warnings = Vec::new();
    let mut properties = Map::new();
    let mut persons: Vec<Person> = kinds_of(party.kind)
        .iter()
        .map(|&kind| {
            let mut person = Person::new(kind);
            if let Some(name) = name {
                person.add_name(parse_name_of(kind, name));
            }
            person
        })
        .collect();
    if let Some(name) = name {
        properties.insert("name".into(), json!([name]));
    }
    if !party.address.is_empty() {
        properties.insert("address".into(), json!([party.address.join(", ")]));
    }
    if let Some(country) = &party.country {
        properties.insert("country".into(), json!([country.to_ascii_lowercase()]));
    }
    for id in &party.identifiers {
        if id.kind == PartyIdKind::AircraftRegistration {
            for person in &mut persons {
                person.facts.add_document(&id.value);
            }
            add_property(&mut properties, "registrationNumber", &id.value);
            continue;
        }
        let Some(kind) = id.kind.screened_as() else {
            continue;
        };
        let Some((identifier, problem)) = for_screening(kind, &id.value) else {
            continue;
        };
        if let Some(problem) = problem {
            warnings.push(format!("{problem}: kept unchecked"));
        }
        add_property(&mut properties, kind.property(), &id.value);
        for person in &mut persons {
            person.facts.add_identifier(identifier.clone());
        }
    }
    if persons
        .iter()
        .all(|person| person.names.is_empty() && person.facts.identifiers.is_empty())
    {
        return None;
    }
    Some(TransactionQuery {
        source: Source::Party(at),
        persons,
        kept_as: kept_entity(transaction, &party.role, schema_of(party.kind), properties),
        warnings,
    })
}

fn add_property(properties: &mut Map<String, Value>, property: &str, value: &str) {
    if let Value::Array(values) = properties
        .entry(property.to_string())
        .or_insert_with(|| Value::Array(Vec::new()))
    {
        values.push(json!(value));
    }
}

/// The entity a query is kept as: `{"id": "REFERENCE/role", "schema", "properties"}`. The
/// message's reference and the party's role are in the id alone, which a suppression does
/// not compare ([`crate::hits::details_digest`]): a false positive cleared on a party
/// passes it over in the next message too, whatever its reference or role, as long as its
/// details are the same.
fn kept_entity(
    transaction: &Transaction,
    role: &str,
    schema: &str,
    properties: Map<String, Value>,
) -> String {
    json!({
        "id": format!("{}/{role}", transaction.reference),
        "schema": schema,
        "properties": properties,
    })
    .to_string()
}

/// The message and role of a payment's or shipment's party, as its query is kept
/// (`{"id": "REFERENCE/role"}`); `None` for a traveller.
pub fn party_of(query: &Value) -> Option<(&str, &str)> {
    let id = query.get("id")?.as_str()?;
    let (reference, role) = id.rsplit_once('/')?;
    let role_like = !role.is_empty()
        && role
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    (role_like && !reference.is_empty()).then_some((reference, role))
}

/// The words of a free text looked at as names: every run of two and of three words
/// (letters of any script; numbers and one-letter words break a run), as many as a query
/// holds; and the identifiers in it (a checked IBAN, a checked BIC written in capitals, a
/// crypto-asset address's shape: 26 to 90 letters and digits with both in it).
fn text_query(
    transaction: &Transaction,
    at: usize,
    role: &str,
    text: &str,
) -> Option<TransactionQuery> {
    let mut warnings = Vec::new();
    if text.chars().count() > MAX_TEXT_CHARS {
        warnings.push(format!(
            "{role}: read to its first {MAX_TEXT_CHARS} characters"
        ));
    }
    let text: String = text.chars().take(MAX_TEXT_CHARS).collect();
    let tokens: Vec<&str> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|token| !token.is_empty())
        .collect();
    let mut identifiers = Vec::new();
    for token in &tokens {
        let length = token.chars().count();
        let read = if let Some((iban, None)) = for_screening(IdentifierKind::Iban, token) {
            Some(iban)
        } else if (length == 8 || length == 11)
            && token
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        {
            for_screening(IdentifierKind::Bic, token)
                .filter(|(_, problem)| problem.is_none())
                .map(|(bic, _)| bic)
        } else if (26..=90).contains(&length)
            && token.chars().all(|c| c.is_ascii_alphanumeric())
            && token.chars().any(|c| c.is_ascii_digit())
            && token.chars().any(|c| c.is_ascii_alphabetic())
        {
            for_screening(IdentifierKind::Crypto, token).map(|(address, _)| address)
        } else {
            None
        };
        identifiers.extend(read);
    }
    // runs of words: letters only, two characters or more
    let mut runs: Vec<Vec<&str>> = vec![Vec::new()];
    for token in &tokens {
        let word = token.chars().count() >= 2 && token.chars().all(char::is_alphabetic);
        match runs.last_mut() {
            Some(run) if word => run.push(token),
            _ if !word => runs.push(Vec::new()),
            _ => {}
        }
    }
    let mut windows: Vec<String> = Vec::new();
    for run in &runs {
        for size in [2, 3] {
            for window in run.windows(size) {
                if windows.len() < MAX_NAMES {
                    windows.push(window.join(" "));
                }
            }
        }
    }
    if windows.is_empty() && identifiers.is_empty() {
        return None;
    }
    let persons = [EntityKind::Person, EntityKind::Organization]
        .into_iter()
        .map(|kind| {
            let mut person = Person::new(kind);
            for window in &windows {
                person.add_name(parse_name_of(kind, window));
            }
            for identifier in &identifiers {
                person.facts.add_identifier(identifier.clone());
            }
            person
        })
        .collect();
    let mut properties = Map::new();
    properties.insert("description".into(), json!([text]));
    Some(TransactionQuery {
        source: Source::Text(at),
        persons,
        kept_as: kept_entity(transaction, role, "LegalEntity", properties),
        warnings,
    })
}

/// The findings of a query screened as several kinds, one list: a record found by more
/// than one (only a shared identifier links a person to an organisation) is kept once,
/// where it scored first; the matched ones in order, as [`crate::screen::results`] numbers
/// them.
pub fn merge(screenings: Vec<(Vec<Finding>, Vec<Matched>)>) -> (Vec<Finding>, Vec<Matched>) {
    let mut findings = Vec::new();
    let mut matched: Vec<Matched> = Vec::new();
    for (these, mut these_matched) in screenings {
        let mut matches = these_matched.drain(..);
        for finding in these {
            if !finding.matched {
                findings.push(finding);
                continue;
            }
            let Some(one) = matches.next() else {
                continue;
            };
            if matched.iter().any(|seen| seen.record == one.record) {
                continue;
            }
            findings.push(finding);
            matched.push(one);
        }
    }
    (findings, matched)
}

/// One query of a transaction screened: its findings, what became of each match.
pub struct QueryScreened {
    pub source: Source,
    pub kept_as: String,
    pub findings: Vec<Finding>,
    pub raised: Vec<Raised>,
    pub warnings: Vec<String>,
}

/// A transaction screened: its parties' and texts' findings, and its verdict.
pub struct TransactionScreened {
    pub transaction: Transaction,
    /// The message's number as kept (the store's manifest id), once kept.
    pub kept: Option<i64>,
    /// What its reader read around, one sentence each.
    pub warnings: Vec<String>,
    pub queries: Vec<QueryScreened>,
}

/// The hits raised, over every query's matches.
fn hits_in(raised: &[&[Raised]]) -> usize {
    raised
        .iter()
        .map(|list| crate::screen::hits_raised(list))
        .sum()
}

/// `hold` when a hit was raised, `pass` otherwise.
fn verdict_of(raised: &[&[Raised]]) -> &'static str {
    if hits_in(raised) > 0 {
        "hold"
    } else {
        "pass"
    }
}

impl TransactionScreened {
    /// `hold` when a hit was raised on any party or text (a match a suppression passed
    /// over is none); `pass` otherwise.
    pub fn verdict(&self) -> &'static str {
        let raised: Vec<&[Raised]> = self.queries.iter().map(|q| q.raised.as_slice()).collect();
        verdict_of(&raised)
    }

    /// The hits raised.
    pub fn hits(&self) -> usize {
        let raised: Vec<&[Raised]> = self.queries.iter().map(|q| q.raised.as_slice()).collect();
        hits_in(&raised)
    }

    /// The answer: the message, its verdict and hits, and each party and text with the
    /// records it matched, as the member may see them (records below the threshold are not
    /// scored to the end, as for a flight's travellers, and not listed).
    /// With the message's number as kept (`message_id`).
    pub fn answer(&self) -> Value {
        let raised: Vec<&[Raised]> = self
            .queries
            .iter()
            .map(|query| query.raised.as_slice())
            .collect();
        let mut answer = self.evidence_with(Some(&raised));
        answer["verdict"] = json!(verdict_of(&raised));
        answer["hits"] = json!(hits_in(&raised));
        if let Some(id) = self.kept {
            answer["message_id"] = json!(id);
        }
        answer
    }

    /// The answer as its audit entry digests it: without the numbers of the hits or the
    /// verdict they make.
    pub fn evidence(&self) -> Value {
        self.evidence_with(None)
    }

    fn evidence_with(&self, raised: Option<&[&[Raised]]>) -> Value {
        let transaction = &self.transaction;
        let mut message = json!({
            "channel": transaction.channel.as_str(),
            "format": transaction.format,
            "reference": transaction.reference,
            "line": transaction.line,
        });
        for (key, value) in [
            ("value_date", &transaction.value_date),
            ("currency", &transaction.currency),
            ("amount", &transaction.amount),
        ] {
            if let Some(value) = value {
                message[key] = json!(value);
            }
        }
        // a query's results, with what became of each match when `raised` is given
        let results = |(at, query): (usize, &QueryScreened)| {
            let raised: &[Raised] = raised
                .and_then(|lists| lists.get(at).copied())
                .unwrap_or(&[]);
            crate::screen::results(&query.findings, raised)
        };
        let screened = |source: Source| {
            self.queries
                .iter()
                .enumerate()
                .find(|(_, query)| query.source == source)
        };
        let parties: Vec<Value> = transaction
            .parties
            .iter()
            .enumerate()
            .map(|(at, party)| {
                let mut value = json!({
                    "role": party.role,
                    "kind": party.kind.as_str(),
                    "name": party.name,
                });
                if !party.address.is_empty() {
                    value["address"] = json!(party.address);
                }
                if let Some(country) = &party.country {
                    value["country"] = json!(country);
                }
                if !party.identifiers.is_empty() {
                    value["identifiers"] = party
                        .identifiers
                        .iter()
                        .map(|id| json!({"kind": id.kind.as_str(), "value": id.value}))
                        .collect();
                }
                let query = screened(Source::Party(at));
                value["results"] = Value::Array(query.map(results).unwrap_or_default());
                if let Some((_, query)) = query.filter(|(_, query)| !query.warnings.is_empty()) {
                    value["warnings"] = json!(query.warnings);
                }
                value
            })
            .collect();
        let texts: Vec<Value> = texts_by_role(transaction)
            .into_iter()
            .enumerate()
            .map(|(at, (role, text))| {
                let query = screened(Source::Text(at));
                let mut value = json!({ "role": role, "text": text });
                value["results"] = Value::Array(query.map(results).unwrap_or_default());
                if let Some((_, query)) = query.filter(|(_, query)| !query.warnings.is_empty()) {
                    value["warnings"] = json!(query.warnings);
                }
                value
            })
            .collect();
        let mut answer = json!({ "message": message });
        answer["parties"] = Value::Array(parties);
        answer["texts"] = Value::Array(texts);
        if !self.warnings.is_empty() {
            answer["warnings"] = json!(self.warnings);
        }
        answer
    }

    /// The audit action of the transaction's screening.
    pub fn action(&self) -> crate::audit::Action {
        match self.transaction.channel {
            Channel::Payment => crate::audit::Action::ScreenPayment,
            Channel::Shipment => crate::audit::Action::ScreenShipment,
        }
    }
}

thread_local! {
    /// Each worker's finds of the words it looked up (see `RetrievalMemo`), kept from one
    /// party, message and batch to the next: the parties of payments share their given
    /// names, their trades' words and their remittance texts' words. Finds are the list's
    /// and the configuration's, never the viewer's (access applies after), and bounded.
    static FINDS: std::cell::RefCell<RetrievalMemo> = std::cell::RefCell::default();
}

/// The most screenings of one batch kept for the queries of the batch that ask them again.
const ALIKE_KEPT: usize = 4_096;

/// What the queries of one batch found, by what they screened: a party or a free text met
/// again in the same batch (a file's payments repeat their counterparties and their
/// remittance texts) is answered with what its first screening found, not screened again.
/// One batch is one member screening against one index with one set of settings, so the
/// same query finds the same; a query is the same only when equal in full (its readings,
/// names, parts and facts), the hash only finding where to look.
#[derive(Default)]
struct ScreenedAlike {
    kept: std::sync::Mutex<ScreenedAlikeMap>,
}

type ScreenedAlikeMap =
    std::collections::HashMap<u64, Vec<(Vec<Person>, (Vec<Finding>, Vec<Matched>))>>;

impl ScreenedAlike {
    /// A hash of what decides a screening: each reading's kind, its names as written (its
    /// parts are read from them) and its facts.
    fn hash(persons: &[Person]) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        for person in persons {
            person.kind.hash(&mut hasher);
            for name in &person.names {
                name.text.hash(&mut hasher);
            }
            let facts = &person.facts;
            facts.birth_dates.hash(&mut hasher);
            facts.countries.hash(&mut hasher);
            facts.gender.hash(&mut hasher);
            facts.documents.hash(&mut hasher);
            facts.addresses.hash(&mut hasher);
            facts.identifiers.hash(&mut hasher);
        }
        hasher.finish()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, ScreenedAlikeMap> {
        // what is kept is only ever whole: a worker that panicked left nothing half written
        self.kept
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// What a query equal to `persons` found, if one was screened in this batch.
    fn get(&self, persons: &[Person]) -> Option<(Vec<Finding>, Vec<Matched>)> {
        self.lock()
            .get(&ScreenedAlike::hash(persons))?
            .iter()
            .find(|(kept, _)| kept.as_slice() == persons)
            .map(|(_, found)| found.clone())
    }

    fn keep(&self, persons: &[Person], found: &(Vec<Finding>, Vec<Matched>)) {
        let mut kept = self.lock();
        if kept.len() < ALIKE_KEPT {
            // two workers may have screened the same query at once: kept once
            let alike = kept.entry(ScreenedAlike::hash(persons)).or_default();
            if !alike.iter().any(|(kept, _)| kept.as_slice() == persons) {
                alike.push((persons.to_vec(), found.clone()));
            }
        }
    }
}

impl<S: Stores> Screener<'_, S> {
    /// Screens the parties and free texts of payments and shipments (on every core; the
    /// index is shared, read only) and keeps what they found in one transaction: each
    /// message audited on its own as `screen.payment` or `screen.shipment`, with its hits.
    /// A message whose parties name no one is answered, audited, and passes.
    pub fn transactions(
        &self,
        transactions: Vec<Reading>,
    ) -> Result<Vec<TransactionScreened>, S::Error> {
        use rayon::prelude::*;
        // what the workers need, without the stores (not shared between threads)
        let (index, member, settings) = (self.index, self.member, self.settings);
        let alike = ScreenedAlike::default();
        let screened: Vec<(TransactionScreened, Vec<Vec<Matched>>)> = transactions
            .into_par_iter()
            .map(
                |Reading {
                     transaction,
                     warnings,
                 }| {
                    let mut queries = Vec::new();
                    let mut matched = Vec::new();
                    for query in crate::transactions::queries(&transaction) {
                        // matches only, found faster: the engine leaves candidates
                        // that cannot reach the threshold unscored, as for a flight's
                        // travellers; a party read two ways looks its words up once
                        let screen = |memo: &mut RetrievalMemo| {
                            index.screen_readings_hits(
                                member,
                                &query.persons,
                                settings.limit,
                                settings.threshold,
                                settings.matching,
                                memo,
                            )
                        };
                        let (findings, found) = alike.get(&query.persons).unwrap_or_else(|| {
                            let merged = merge(FINDS.with(|memo| match memo.try_borrow_mut() {
                                Ok(mut memo) => screen(&mut memo),
                                Err(_) => screen(&mut RetrievalMemo::default()),
                            }));
                            alike.keep(&query.persons, &merged);
                            merged
                        });
                        queries.push(QueryScreened {
                            source: query.source,
                            kept_as: query.kept_as,
                            findings,
                            raised: Vec::new(),
                            warnings: query.warnings,
                        });
                        matched.push(found);
                    }
                    (
                        TransactionScreened {
                            transaction,
                            kept: None,
                            warnings,
                            queries,
                        },
                        matched,
                    )
                },
            )
            .collect();
        let entries: Vec<AuditEntry> = screened
            .iter()
            .map(|(one, _)| {
                self.entry(
                    one.action(),
                    format!(
                        "{} {}",
                        one.transaction.format,
                        one.transaction
                            .reference
                            .chars()
                            .take(80)
                            .collect::<String>()
                    ),
                    &one.evidence(),
                )
            })
            .collect();
        // each message kept as a flight's manifest is, with its hits linked to it
        let messages: Vec<NewManifest> = screened
            .iter()
            .map(|(one, _)| {
                let message = serde_json::to_string(&one.transaction).unwrap_or_default();
                let digest = {
                    use sha2::Digest;
                    crate::audit::hex(&sha2::Sha256::digest(message.as_bytes()))
                };
                NewManifest {
                    querier: self.member.id,
                    kind: one.transaction.channel.as_str().to_string(),
                    source: one.transaction.format.clone(),
                    reference: one.transaction.reference.clone(),
                    flight: message,
                    travellers: one.transaction.parties.len(),
                    digest,
                }
            })
            .collect();
        let raised = self.stores.write(|store| {
            let mut prepared = Vec::with_capacity(screened.len());
            let mut audits = Vec::new();
            let mut kept: Vec<(i64, &str)> = Vec::new();
            for ((one, matched), entry) in screened.iter().zip(&entries) {
                let queries: Vec<(&str, &[Matched])> = one
                    .queries
                    .iter()
                    .zip(matched)
                    .map(|(query, found)| (query.kept_as.as_str(), found.as_slice()))
                    .collect();
                let hits = hits::prepare_hits(
                    &*store,
                    self.member,
                    &queries,
                    None,
                    self.settings.shift_seconds,
                    self.now,
                )?;
                // the message's `hit.add` entries, then its screening's
                audits.extend(hits.entries.iter().cloned());
                audits.push(entry.clone());
                kept.extend(queries.iter().map(|(query, _)| (self.member.id, *query)));
                prepared.push(hits);
            }
            let with_hits: Vec<(&NewManifest, &[gatecheck_store::NewHit])> = messages
                .iter()
                .zip(&prepared)
                .map(|(message, hits)| (message, hits.hits.as_slice()))
                .collect();
            let mut raised_lists: Vec<(i64, Vec<Vec<Raised>>)> = Vec::with_capacity(screened.len());
            store.add_manifests(
                &with_hits,
                self.now,
                &mut |index: usize, id: i64, ids: &[i64]| {
                    // kept: the verdict and the count of hits; the message and each hit
                    // (with its explanation) are kept beside it, and the answer is made of
                    // them (building and writing it whole cost a sixth of a file's time)
                    let raised = prepared[index].raised(ids);
                    let lists: Vec<&[Raised]> = raised.iter().map(Vec::as_slice).collect();
                    let kept = json!({
                        "message_id": id,
                        "summary": {"verdict": verdict_of(&lists), "hits": hits_in(&lists)},
                    });
                    raised_lists.push((id, raised));
                    kept.to_string()
                },
                &audits,
                &crate::audit::chain_hash,
            )?;
            store.keep_screenings(self.now, &kept)?;
            Ok(raised_lists)
        })?;
        Ok(screened
            .into_iter()
            .zip(raised)
            .map(|((mut one, _), (id, raised))| {
                for (query, raised) in one.queries.iter_mut().zip(raised) {
                    query.raised = raised;
                }
                one.kept = Some(id);
                one
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::Disclosure;

    fn reading(kind: EntityKind, name: &str, iban: Option<&str>) -> Person {
        let mut person = Person::new(kind);
        person.add_name(parse_name_of(kind, name));
        if let Some(iban) = iban {
            let (identifier, _) = for_screening(IdentifierKind::Iban, iban).unwrap();
            person.facts.add_identifier(identifier);
        }
        person
    }

    fn refer() -> (Vec<Finding>, Vec<Matched>) {
        let finding = Finding {
            matched: true,
            disclosure: Disclosure::ReferToOwner,
        };
        (vec![finding], Vec::new())
    }

    /// A party is met again only when equal in full: the same name from another account,
    /// read as the other kind, or written otherwise is screened for itself.
    #[test]
    fn a_batch_answers_again_only_a_query_equal_in_full() {
        let alike = ScreenedAlike::default();
        let party = |iban: Option<&str>| {
            vec![
                reading(EntityKind::Person, "Khalid Saeed Barakat", iban),
                reading(EntityKind::Organization, "Khalid Saeed Barakat", iban),
            ]
        };
        let kept = party(Some("GB82WEST12345698765432"));
        alike.keep(&kept, &refer());
        assert_eq!(
            alike.get(&party(Some("GB82 WEST 1234 5698 7654 32"))),
            Some(refer())
        );
        assert_eq!(alike.get(&party(Some("DE89370400440532013000"))), None);
        assert_eq!(alike.get(&party(None)), None);
        assert_eq!(alike.get(&kept[..1]), None);
        let written_otherwise = vec![
            reading(EntityKind::Person, "Khalid Saeed Barakat", None),
            reading(EntityKind::Organization, "Khalid Said Barakat", None),
        ];
        assert_eq!(alike.get(&written_otherwise), None);
    }

    /// What is kept is bounded: past [`ALIKE_KEPT`] queries, others are screened each time.
    #[test]
    fn a_batch_keeps_a_bounded_number_of_screenings() {
        let alike = ScreenedAlike::default();
        let named = |at: usize| vec![reading(EntityKind::Person, &format!("Party {at}"), None)];
        for at in 0..ALIKE_KEPT + 10 {
            alike.keep(&named(at), &refer());
        }
        assert_eq!(alike.get(&named(0)), Some(refer()));
        assert_eq!(alike.get(&named(ALIKE_KEPT + 5)), None);
        assert_eq!(
            alike.lock().values().map(Vec::len).sum::<usize>(),
            ALIKE_KEPT
        );
    }
}
