//! The screening use cases, as any caller meets them: a person, a document, a batch of both
//! and a zone, each kept with its hits and its audit entry in one write, the entry digesting
//! the answer as shown. The persons and documents are fictional.

use std::cell::Cell;

use gatecheck_engine::watchlist::MatchConfig;
use gatecheck_service::access::{Access, RecordTerms};
use gatecheck_service::members::{self, Member};
use gatecheck_service::records::import_entities;
use gatecheck_service::screen::{
    DocumentQuery, OneStore, PersonQuery, Query, Screened, Screener, Settings, Stores,
};
use gatecheck_service::screening::ScreeningIndex;
use gatecheck_service::{audit, documents, ServiceError};
use gatecheck_store::{AuditRow, Store};

/// 2026-11-29, midnight UTC.
const NOW: i64 = 1_795_910_400;

fn terms() -> RecordTerms {
    RecordTerms {
        access: Access::All,
        action: "refer to secondary inspection".to_string(),
        review_by: "2030-01-01".to_string(),
    }
}

struct Scene {
    _directory: tempfile::TempDir,
    store: Store,
    owner: Member,
    querier: Member,
}

/// A listed person and a stolen passport of one member, screened by another.
fn scene() -> Scene {
    let directory = tempfile::tempdir().unwrap();
    let mut store = Store::open(directory.path()).unwrap();
    let owner = members::add_member(&mut store, "jordan-psd", "JOR", false, "cli:test", 1)
        .unwrap()
        .0;
    let querier = members::add_member(&mut store, "iraq-nsa", "IRQ", false, "cli:test", 1)
        .unwrap()
        .0;
    let line = r#"{"id": "r-1", "schema": "Person", "properties": {"name": ["Khalid Saeed Barakat"], "birthDate": ["1984-03-12"]}}"#;
    import_entities(&mut store, "jordan-psd", line, &terms(), "cli:test", 2).unwrap();
    let stolen = documents::read_document("L898902C3", "JOR", "P", "stolen", "2026-10-01").unwrap();
    documents::contribute(&mut store, &owner, &stolen, &terms(), 3).unwrap();
    Scene {
        _directory: directory,
        store,
        owner,
        querier,
    }
}

/// One store, counting the writes made of it: a use case keeps what it found in one.
struct Counted<'s> {
    store: OneStore<'s>,
    writes: Cell<usize>,
}

impl Stores for Counted<'_> {
    type Error = ServiceError;

    fn read<T>(
        &self,
        work: impl FnOnce(&dyn gatecheck_store::concepts::Backend) -> Result<T, ServiceError>,
    ) -> Result<T, ServiceError> {
        self.store.read(work)
    }

    fn write<T>(
        &self,
        work: impl FnOnce(&mut dyn gatecheck_store::concepts::Backend) -> Result<T, ServiceError>,
    ) -> Result<T, ServiceError> {
        self.writes.set(self.writes.get() + 1);
        self.store.write(work)
    }
}

fn person(name: &str) -> PersonQuery {
    let line = format!(
        r#"{{"id": "q-{}", "schema": "Person", "properties": {{"name": ["{name}"], "birthDate": ["1984-03-12"]}}}}"#,
        name.len()
    );
    let entity = gatecheck_formats::ftm::parse_entity(&line).unwrap();
    PersonQuery::from_entity(entity, line, None)
}

fn document(number: &str) -> DocumentQuery {
    DocumentQuery {
        number: number.to_string(),
        issuing_state: Some("JOR".to_string()),
        kept_as: format!(r#"{{"number": "{number}", "issuing_state": "JOR"}}"#),
    }
}

/// The audit entries after `seq`.
fn entries_after(store: &Store, seq: i64) -> Vec<AuditRow> {
    store.audit_entries(seq + 1, i64::MAX).unwrap()
}

fn last_seq(store: &Store) -> i64 {
    store
        .audit_entries(0, i64::MAX)
        .unwrap()
        .last()
        .map_or(0, |row| row.seq)
}

/// Runs `screen` with a screener of `scene`'s querier and checks what it kept: one write,
/// a `hit.add` entry for each query that matched, then the screening's own entry, of
/// `action`, the last digesting `evidence`.
fn kept_in_one_write<T>(
    scene: &mut Scene,
    action: &str,
    screen: impl FnOnce(&Screener<'_, Counted<'_>>) -> T,
    evidence: impl FnOnce(&T) -> serde_json::Value,
) -> (T, Vec<AuditRow>) {
    let before = last_seq(&scene.store);
    let index = ScreeningIndex::build(&scene.store, "2026-11-29").unwrap();
    let config = MatchConfig::default();
    let querier = scene.querier.clone();
    let stores = Counted {
        store: OneStore::new(&mut scene.store),
        writes: Cell::new(0),
    };
    let screener = Screener {
        index: &index,
        stores: &stores,
        member: &querier,
        actor: format!("member:{}", querier.name),
        settings: Settings {
            limit: 5,
            threshold: 0.7,
            matching: &config,
            shift_seconds: gatecheck_service::hits::shift_seconds(
                gatecheck_service::hits::DEFAULT_SHIFT_HOURS,
            ),
        },
        now: NOW,
    };
    let found = screen(&screener);
    assert_eq!(stores.writes.get(), 1, "{action}: kept in one write");
    let entries = entries_after(&scene.store, before);
    let (own, hits) = entries.split_last().expect("an audit entry");
    assert_eq!(own.action, action);
    assert_eq!(own.actor, "member:iraq-nsa");
    assert_eq!(own.at, NOW);
    assert_eq!(
        own.digest,
        audit::digest_of(evidence(&found).to_string().as_bytes()),
        "{action}: the entry digests the answer as shown, before its hits were numbered"
    );
    // a use case of several screenings (payments) keeps an entry of each after its hits
    assert!(
        hits.iter()
            .all(|entry| entry.action == "hit.add" || entry.action == action),
        "{hits:?}"
    );
    (found, entries)
}

fn hit_ids(screened: &Screened) -> Vec<i64> {
    screened.raised.iter().filter_map(|r| r.hit()).collect()
}

#[test]
fn a_person_and_a_document_are_kept_with_their_hits_and_audit_entry_in_one_write() {
    let mut scene = scene();
    let (screened, entries) = kept_in_one_write(
        &mut scene,
        "screen.person",
        |screener| screener.person(&person("Khalid Saeed Barakat")).unwrap(),
        Screened::evidence,
    );
    assert_eq!(hit_ids(&screened).len(), 1, "{:?}", screened.answer());
    assert_eq!(entries.len(), 2);
    let hit = hit_ids(&screened)[0];
    assert!(scene.store.hit(hit).unwrap().is_some());
    assert_eq!(screened.answer()["results"][0]["hit"], hit);
    assert!(screened.evidence()["results"][0].get("hit").is_none());

    let (screened, entries) = kept_in_one_write(
        &mut scene,
        "screen.document",
        |screener| screener.document(&document("L898902C3")).unwrap(),
        Screened::evidence,
    );
    assert_eq!(hit_ids(&screened).len(), 1, "{:?}", screened.answer());
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[1].subject, "document L898902C3");
    assert_eq!(
        screened.answer()["results"][0]["document"]["status"],
        "stolen"
    );
}

#[test]
fn a_batch_keeps_every_querys_hits_and_one_audit_entry_in_one_write() {
    let mut scene = scene();
    let queries = [
        Query::Person(person("Khalid Saeed Barakat")),
        Query::Document(document("L898902C3")),
        Query::Person(person("Marguerite Tessier-Lindqvist")),
    ];
    let (screened, entries) = kept_in_one_write(
        &mut scene,
        "screen.batch",
        |screener| {
            screener
                .batch(&queries, audit::Action::ScreenBatch)
                .unwrap()
        },
        |screened| serde_json::json!({"responses": screened.iter().map(Screened::evidence).collect::<Vec<_>>()}),
    );
    let hits: Vec<usize> = screened.iter().map(|one| hit_ids(one).len()).collect();
    assert_eq!(hits, [1, 1, 0]);
    // a hit entry for each query that matched, and the batch's own
    assert_eq!(entries.len(), 3);
    assert_eq!(entries[2].subject, "3 queries");
    let stranger = screened[2].answer();
    let results = stranger["results"].as_array().unwrap();
    assert!(results
        .iter()
        .all(|r| r["match"] == false && r.get("hit").is_none()));
}

#[test]
fn a_zone_that_fits_no_layout_keeps_nothing() {
    let mut scene = scene();
    let before = last_seq(&scene.store);
    let index = ScreeningIndex::build(&scene.store, "2026-11-29").unwrap();
    let config = MatchConfig::default();
    let querier = scene.querier.clone();
    let stores = OneStore::new(&mut scene.store);
    let screener = Screener {
        index: &index,
        stores: &stores,
        member: &querier,
        actor: "member:iraq-nsa".to_string(),
        settings: Settings {
            limit: 5,
            threshold: 0.7,
            matching: &config,
            shift_seconds: gatecheck_service::hits::shift_seconds(
                gatecheck_service::hits::DEFAULT_SHIFT_HOURS,
            ),
        },
        now: NOW,
    };
    let today = gatecheck_formats::mrz::CivilDate::new(2026, 11, 29).unwrap();
    let unreadable = gatecheck_formats::mrz::parse("NOT A ZONE", today);
    assert!(screener.zone(unreadable).unwrap().is_none());
    let zone = "P<JORHADDAD<<YUSUF<ADNAN<<<<<<<<<<<<<<<<<<<<\n\
                L898902C36JOR7408122M1204159<<<<<<<<<<<<<<08";
    let screened = screener
        .zone(gatecheck_formats::mrz::parse(zone, today))
        .unwrap()
        .expect("the zone reads");
    assert_eq!(screened.hits(), 1, "{}", screened.answer());
    let entries = entries_after(&scene.store, before);
    let actions: Vec<&str> = entries.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["hit.add", "screen.mrz"]);
}

/// Screens `query` (a person, or a document when `document` is given) as `scene`'s
/// querier at `now`, with a shift of the default length.
fn screen_at(scene: &mut Scene, query: &Query, now: i64) -> Screened {
    let shift =
        gatecheck_service::hits::shift_seconds(gatecheck_service::hits::DEFAULT_SHIFT_HOURS);
    with_screener(scene, now, shift, |screener| match query {
        Query::Person(person) => screener.person(person).unwrap(),
        Query::Document(document) => screener.document(document).unwrap(),
    })
}

/// Runs `screen` with a screener of `scene`'s querier at `now`, a shift of `shift_seconds`.
fn with_screener<T>(
    scene: &mut Scene,
    now: i64,
    shift_seconds: i64,
    screen: impl FnOnce(&Screener<'_, OneStore<'_>>) -> T,
) -> T {
    let index = ScreeningIndex::build(&scene.store, "2026-11-29").unwrap();
    let config = MatchConfig::default();
    let querier = scene.querier.clone();
    let stores = OneStore::new(&mut scene.store);
    let screener = Screener {
        index: &index,
        stores: &stores,
        member: &querier,
        actor: format!("member:{}", querier.name),
        settings: Settings {
            limit: 5,
            threshold: 0.7,
            matching: &config,
            shift_seconds,
        },
        now,
    };
    screen(&screener)
}

/// The one hit a screening raised.
fn only_hit(screened: &Screened) -> i64 {
    let ids = hit_ids(screened);
    assert_eq!(ids.len(), 1, "{}", screened.answer());
    ids[0]
}

fn notified_hits(scene: &Scene) -> Vec<i64> {
    scene
        .store
        .notifications(scene.owner.id, 0, 100)
        .unwrap()
        .into_iter()
        .map(|row| row.hit.id)
        .collect()
}

/// Issue 17: every console search raised a new open hit and notified the owner again
/// (four identical hits for one passport). Screened again within the shift, the same
/// traveller is a sighting of the open hit: the same id answered, seen twice, the owner
/// notified once, and each screening still in the audit log.
#[test]
fn a_traveller_screened_again_within_the_shift_is_a_sighting_of_the_open_hit() {
    let mut scene = scene();
    let traveller = Query::Person(person("Khalid Saeed Barakat"));
    let first = screen_at(&mut scene, &traveller, NOW);
    let hit = only_hit(&first);
    let before = last_seq(&scene.store);
    let again = screen_at(&mut scene, &traveller, NOW + 3_600);
    assert_eq!(only_hit(&again), hit, "the same hit answered");
    assert_eq!(again.answer()["results"][0]["hit"], hit);
    let row = scene.store.hit(hit).unwrap().unwrap();
    assert_eq!(
        (row.at, row.last_seen_at, row.seen_count),
        (NOW, NOW + 3_600, 2)
    );
    assert_eq!(row.status, "open");
    assert_eq!(notified_hits(&scene), [hit], "the owner is notified once");
    let actions: Vec<String> = entries_after(&scene.store, before)
        .into_iter()
        .map(|entry| entry.action)
        .collect();
    assert_eq!(
        actions,
        ["hit.add", "screen.person"],
        "the sighting is audited"
    );

    // another traveller of the same name (another birth date) has a hit of their own
    let line = r#"{"id": "q-2", "schema": "Person", "properties": {"name": ["Khalid Saeed Barakat"], "birthDate": ["1984"]}}"#;
    let entity = gatecheck_formats::ftm::parse_entity(line).unwrap();
    let other = Query::Person(PersonQuery::from_entity(entity, line.to_string(), None));
    let other_hit = only_hit(&screen_at(&mut scene, &other, NOW + 3_700));
    assert_ne!(other_hit, hit);
    assert_eq!(notified_hits(&scene), [hit, other_hit]);
}

#[test]
fn a_sighting_after_the_shift_or_after_a_decision_raises_a_new_hit() {
    let mut scene = scene();
    let traveller = Query::Person(person("Khalid Saeed Barakat"));
    let first = only_hit(&screen_at(&mut scene, &traveller, NOW));
    let shift =
        gatecheck_service::hits::shift_seconds(gatecheck_service::hits::DEFAULT_SHIFT_HOURS);
    // seen within the shift, then after it: the shift counts from when the hit was raised
    assert_eq!(
        only_hit(&screen_at(&mut scene, &traveller, NOW + shift)),
        first
    );
    let next_shift = only_hit(&screen_at(&mut scene, &traveller, NOW + shift + 1));
    assert_ne!(next_shift, first);
    assert_eq!(scene.store.hit(first).unwrap().unwrap().seen_count, 2);
    assert_eq!(scene.store.hit(next_shift).unwrap().unwrap().seen_count, 1);

    // a decided hit absorbs nothing
    let querier = scene.querier.clone();
    gatecheck_service::hits::set_status(
        &mut scene.store,
        &querier,
        next_shift,
        "confirmed",
        "the listed person, seen at the desk",
        NOW + shift + 2,
    )
    .unwrap();
    let after_decision = only_hit(&screen_at(&mut scene, &traveller, NOW + shift + 3));
    assert_ne!(after_decision, next_shift);
    assert_eq!(notified_hits(&scene), [first, next_shift, after_decision]);
}

/// A document looked up without a named holder has no traveller's details: it is never
/// merged, as it is never suppressed.
#[test]
fn a_document_without_a_holder_raises_a_hit_at_every_look_up() {
    let mut scene = scene();
    let passport = Query::Document(document("L898902C3"));
    let first = only_hit(&screen_at(&mut scene, &passport, NOW));
    let second = only_hit(&screen_at(&mut scene, &passport, NOW + 60));
    assert_ne!(first, second);
}

/// Two fictional MT103 transfers: the first from a listed person (the message does not
/// say it is a person), paying into a listed company's account under another name, with
/// the company named in the remittance text too; the second between strangers.
const TRANSFERS: &str = "{1:F01DEUTDEFFAXXX0000000000}{2:I103BNPAFRPPXXXXN}{4:\r
:20:REF-2026-0001\r
:23B:CRED\r
:32A:261204EUR12500,00\r
:50K:/JO94CBJO0010000000000131000302\r
KHALID SAEED BARAKAT\r
AMMAN\r
:52A:DEUTDEFF\r
:57A:BNPAFRPP\r
:59:/DE89370400440532013000\r
BLUE LAGOON IMPORTS\r
HAMBURG\r
:70:CHARTER OF MV ZARQA STAR FOR KHORASAN\r
MARITIME TRADING\r
:71A:SHA\r
-}
{1:F01DEUTDEFFAXXX0000000000}{2:I103BNPAFRPPXXXXN}{4:\r
:20:REF-2026-0002\r
:23B:CRED\r
:32A:261204EUR310,00\r
:50K:/GB82WEST12345698765432\r
MARGUERITE TESSIER-LINDQVIST\r
:59:/FR7630006000011234567890189\r
ATELIER DES QUAIS\r
:70:INVOICE 2026/17 GOODS\r
-}";

/// Lists `r-2`, a company with an account and a BIC.
fn list_company(scene: &mut Scene) {
    let company = r#"{"id": "r-2", "schema": "Company", "properties": {"name": ["Khorasan Maritime Trading LLC"], "ibanMentioned": ["DE89 3704 0044 0532 0130 00"], "swiftBic": ["KHMTIRTH"]}}"#;
    import_entities(
        &mut scene.store,
        "jordan-psd",
        company,
        &terms(),
        "cli:test",
        4,
    )
    .unwrap();
}

#[test]
fn a_payments_parties_are_screened_by_name_and_identifier_with_a_verdict_a_message() {
    let mut scene = scene();
    list_company(&mut scene);
    let transactions: Vec<gatecheck_formats::parties::Reading> =
        gatecheck_formats::parties::read_payment_file(TRANSFERS)
            .into_iter()
            .map(Result::unwrap)
            .collect();
    let (screened, entries) = kept_in_one_write(
        &mut scene,
        "screen.payment",
        |screener| screener.transactions(transactions).unwrap(),
        |screened| screened.last().unwrap().evidence(),
    );
    // one entry a message, each after its own hits
    let payments: Vec<&str> = entries
        .iter()
        .filter(|entry| entry.action == "screen.payment")
        .map(|entry| entry.subject.as_str())
        .collect();
    assert_eq!(payments, ["MT103 REF-2026-0001", "MT103 REF-2026-0002"]);
    let first = screened[0].answer();
    assert_eq!(first["verdict"], "hold", "{first}");
    assert_eq!(screened[1].answer()["verdict"], "pass");
    assert_eq!(screened[1].hits(), 0);
    let role_hits = |role: &str| -> Vec<String> {
        first["parties"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|party| party["role"] == role)
            .flat_map(|party| party["results"].as_array().unwrap().clone())
            .filter(|result| result["hit"].is_i64())
            .map(|result| result["id"].as_str().unwrap().to_string())
            .collect()
    };
    // the ordering customer, of no stated kind, is screened as a person too
    assert_eq!(role_hits("ordering_customer"), ["r-1"]);
    // the beneficiary's name is nobody's, its account is the listed company's
    assert_eq!(role_hits("beneficiary"), ["r-2"]);
    let beneficiary = first["parties"]
        .as_array()
        .unwrap()
        .iter()
        .find(|party| party["role"] == "beneficiary")
        .unwrap();
    let why = &beneficiary["results"][0]["explanation"]["qualifiers"][0];
    assert_eq!(
        (&why["identifier"], &why["outcome"], &why["listed"]),
        (
            &serde_json::json!("iban"),
            &serde_json::json!("same"),
            &serde_json::json!("DE89370400440532013000")
        ),
        "{why}"
    );
    // the remittance text names the company across its two lines
    let remittance = &first["texts"][0];
    assert_eq!(remittance["role"], "remittance");
    assert!(
        remittance["results"]
            .as_array()
            .unwrap()
            .iter()
            .any(|result| result["id"] == "r-2" && result["hit"].is_i64()),
        "{remittance}"
    );
    // the banks name no one listed
    assert!(role_hits("sender").is_empty() && role_hits("account_with_institution").is_empty());
    // every hit is kept, with the party as asked
    let hit = beneficiary["results"][0]["hit"].as_i64().unwrap();
    let kept = scene.store.hit(hit).unwrap().unwrap();
    assert!(
        kept.query.contains("REF-2026-0001/beneficiary"),
        "{}",
        kept.query
    );
}

/// A transfer of `reference` from the listed person's name with `account`, to a stranger.
fn transfer(reference: &str, account: &str) -> Vec<gatecheck_formats::parties::Reading> {
    let text = format!(
        "{{1:F01DEUTDEFFAXXX0000000000}}{{2:I103BNPAFRPPXXXXN}}{{4:\n:20:{reference}\n:23B:CRED\n:32A:261204EUR100,00\n:50K:/{account}\nKHALID SAEED BARAKAT\n:59:/FR7630006000011234567890189\nATELIER DES QUAIS\n-}}"
    );
    gatecheck_formats::parties::read_payment_file(&text)
        .into_iter()
        .map(Result::unwrap)
        .collect()
}

fn screen_transfer_at(
    scene: &mut Scene,
    readings: Vec<gatecheck_formats::parties::Reading>,
    now: i64,
) -> serde_json::Value {
    with_screener(scene, now, 0, |screener| {
        screener.transactions(readings).unwrap().remove(0).answer()
    })
}

/// The first result of the ordering customer of an answer.
fn ordering_customer(answer: &serde_json::Value) -> serde_json::Value {
    answer["parties"]
        .as_array()
        .unwrap()
        .iter()
        .find(|party| party["role"] == "ordering_customer")
        .unwrap()["results"][0]
        .clone()
}

#[test]
fn a_false_positive_cleared_on_a_party_passes_it_over_in_the_next_message() {
    let mut scene = scene();
    let account = "GB82WEST12345698765432";
    let first = screen_transfer_at(&mut scene, transfer("REF-A", account), NOW);
    assert_eq!(first["verdict"], "hold", "{first}");
    let hit = ordering_customer(&first)["hit"].as_i64().unwrap();
    let querier = scene.querier.clone();
    gatecheck_service::hits::set_status(
        &mut scene.store,
        &querier,
        hit,
        "false-positive",
        "a namesake: the account holder's bank confirmed another person",
        NOW + 10,
    )
    .unwrap();
    // another message (another reference) from the same party: passed over, and passes
    let second = screen_transfer_at(&mut scene, transfer("REF-B", account), NOW + 3_600);
    assert_eq!(second["verdict"], "pass", "{second}");
    assert!(
        ordering_customer(&second)["suppressed"].is_i64(),
        "{second}"
    );
    // the same name from another account is another party: a hit again
    let third = screen_transfer_at(
        &mut scene,
        transfer("REF-C", "DE89370400440532013000"),
        NOW + 7_200,
    );
    assert_eq!(third["verdict"], "hold", "{third}");
    assert!(ordering_customer(&third)["hit"].is_i64(), "{third}");
}

/// A file's payments repeat their counterparties: a party met again in one batch finds
/// what it finds screened alone, and the same name paying from another account is
/// screened for itself (its account is listed: a hit the others do not have).
#[test]
fn a_party_met_again_in_a_batch_finds_what_it_finds_alone() {
    let mut scene = scene();
    list_company(&mut scene);
    let (listed, other) = ("DE89370400440532013000", "GB82WEST12345698765432");
    let payments = [("REF-1", other), ("REF-2", listed), ("REF-3", other)];
    // (role, record, score) of every result of an answer
    let found = |answer: &serde_json::Value| -> Vec<(String, String, String)> {
        answer["parties"]
            .as_array()
            .unwrap()
            .iter()
            .chain(answer["texts"].as_array().unwrap())
            .flat_map(|query| {
                query["results"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|result| {
                        (
                            query["role"].to_string(),
                            result["id"].to_string(),
                            result["score"].to_string(),
                        )
                    })
                    .collect::<Vec<_>>()
            })
            .collect()
    };
    let alone: Vec<_> = payments
        .iter()
        .map(|(reference, account)| {
            found(&screen_transfer_at(
                &mut scene,
                transfer(reference, account),
                NOW,
            ))
        })
        .collect();
    let batch: Vec<gatecheck_formats::parties::Reading> = payments
        .iter()
        .flat_map(|(reference, account)| transfer(reference, account))
        .collect();
    let together: Vec<_> = with_screener(&mut scene, NOW + 60, 0, |screener| {
        screener
            .transactions(batch)
            .unwrap()
            .iter()
            .map(|one| found(&one.answer()))
            .collect()
    });
    assert_eq!(together, alone);
    let paid_from = |found: &[(String, String, String)]| -> Vec<String> {
        found
            .iter()
            .filter(|(role, _, _)| role == "\"ordering_customer\"")
            .map(|(_, id, _)| id.clone())
            .collect()
    };
    assert_eq!(paid_from(&together[0]), ["\"r-1\""]);
    assert_eq!(paid_from(&together[1]), ["\"r-1\"", "\"r-2\""]);
    assert_eq!(paid_from(&together[2]), ["\"r-1\""]);
}

/// goAML details an officer gives a report (the hit and date are the service's).
fn report_asked(to: &str) -> gatecheck_service::reports::ReportAsked {
    use gatecheck_formats::goaml::{ReportSender, ReportingPerson, TransactionCodes};
    gatecheck_service::reports::ReportAsked {
        to: to.to_string(),
        sender: ReportSender {
            rentity_id: "1042".to_string(),
            rentity_branch: None,
            entity_reference: "CASE-2026-17".to_string(),
            currency_code_local: "EUR".to_string(),
            reporting_person: ReportingPerson {
                first_name: "Rania".to_string(),
                last_name: "Haddad".to_string(),
                occupation: None,
            },
            location: None,
            action: "payment held".to_string(),
            indicators: vec!["SANC".to_string()],
            codes: TransactionCodes {
                transmode_code: "K".to_string(),
                from_funds_code: "K".to_string(),
                to_funds_code: "K".to_string(),
                transaction_location: None,
            },
            local_amount: None,
        },
    }
}

/// Issue 18, item 5: a hit confirmed on a payment's party is written as a goAML report from
/// the payment as kept (its parties, the officer's reason, the listed record as the author
/// may see it), shared with another member's unit; the author and the recipient read it,
/// nobody else; every write and read is audited by who did it. An open hit, the author's
/// own unit, or a member that is not there are refused and leave nothing.
#[test]
fn a_confirmed_payment_hit_becomes_a_report_only_its_author_and_recipient_read() {
    use gatecheck_service::reports;
    let mut scene = scene();
    let fiu = members::add_member(&mut scene.store, "tunisia-fiu", "TUN", false, "cli:test", 1)
        .unwrap()
        .0;
    let answer = screen_transfer_at(
        &mut scene,
        transfer("REF-STR", "GB82WEST12345698765432"),
        NOW,
    );
    assert!(answer["message_id"].is_i64(), "{answer}");
    let hit = ordering_customer(&answer)["hit"].as_i64().unwrap();
    let querier = scene.querier.clone();
    let actor = "user:iraq-nsa/Rania.Haddad";
    let before = last_seq(&scene.store);
    // not confirmed yet: refused, nothing kept
    let open = reports::make_report(
        &mut scene.store,
        &querier,
        actor,
        hit,
        report_asked("tunisia-fiu"),
        NOW + 5,
    );
    assert!(open
        .unwrap_err()
        .to_string()
        .contains("only a hit confirmed"));
    gatecheck_service::hits::set_status(
        &mut scene.store,
        &querier,
        hit,
        "confirmed",
        "the account and the name agree with the listing",
        NOW + 10,
    )
    .unwrap();
    for (to, refused) in [
        ("iraq-nsa", "another member's unit"),
        ("nobody", "no active member"),
    ] {
        let error = reports::make_report(
            &mut scene.store,
            &querier,
            actor,
            hit,
            report_asked(to),
            NOW + 20,
        )
        .unwrap_err()
        .to_string();
        assert!(error.contains(refused), "{to}: {error}");
    }
    // another member cannot report the querier's hit
    let owner = scene.owner.clone();
    assert!(reports::make_report(
        &mut scene.store,
        &owner,
        actor,
        hit,
        report_asked("tunisia-fiu"),
        NOW + 20
    )
    .is_err());
    assert_eq!(
        entries_after(&scene.store, before)
            .iter()
            .map(|e| e.action.as_str())
            .collect::<Vec<_>>(),
        ["hit.status"]
    );

    let report = reports::make_report(
        &mut scene.store,
        &querier,
        actor,
        hit,
        report_asked("tunisia-fiu"),
        NOW + 30,
    )
    .unwrap();
    let xml = report.report.clone().unwrap();
    for written in [
        "<report_code>STR</report_code>",
        "<entity_reference>CASE-2026-17</entity_reference>",
        "KHALID SAEED BARAKAT",
        "GB82WEST12345698765432",
        "ATELIER DES QUAIS",
        "the account and the name agree with the listing",
        "r-1",
        "jordan-psd",
    ] {
        assert!(xml.contains(written), "{written} not in {xml}");
    }
    // the recipient reads it, the author too; the record's owner (a third member) cannot
    let read = reports::read_report(
        &mut scene.store,
        &fiu,
        "member:tunisia-fiu",
        report.id,
        NOW + 40,
    )
    .unwrap();
    assert_eq!(read.report.as_deref(), Some(xml.as_str()));
    assert!(reports::read_report(&mut scene.store, &querier, actor, report.id, NOW + 41).is_ok());
    assert!(reports::read_report(
        &mut scene.store,
        &owner,
        "member:jordan-psd",
        report.id,
        NOW + 42
    )
    .is_err());
    let (listed, total) =
        reports::reports(&mut scene.store, &fiu, "member:tunisia-fiu", 0, NOW + 43).unwrap();
    assert_eq!((listed.len(), total), (1, 1));
    assert!(listed[0].report.is_none());
    let (listed, total) =
        reports::reports(&mut scene.store, &owner, "member:jordan-psd", 0, NOW + 44).unwrap();
    assert_eq!((listed.len(), total), (0, 0));
    let audited: Vec<(String, String)> = entries_after(&scene.store, before)
        .into_iter()
        .skip(1)
        .map(|e| (e.action, e.actor))
        .collect();
    assert_eq!(
        audited,
        [
            ("report.add".to_string(), actor.to_string()),
            ("report.read".to_string(), "member:tunisia-fiu".to_string()),
            ("report.read".to_string(), actor.to_string()),
            ("report.list".to_string(), "member:tunisia-fiu".to_string()),
            ("report.list".to_string(), "member:jordan-psd".to_string()),
        ]
    );
}
