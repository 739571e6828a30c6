//! Retro-screening: travellers screened before a record was added or changed are screened
//! again against it, and what they match now raises hits (marked as found later, the owner
//! notified, audited), once; travellers screened too long ago, or who match nothing new,
//! raise none. The persons are fictional.

use gatecheck_engine::watchlist::MatchConfig;
use gatecheck_service::access::{Access, RecordTerms};
use gatecheck_service::documents;
use gatecheck_service::members::{self, Member};
use gatecheck_service::records::import_entities;
use gatecheck_service::retro::{self, RetroReport};
use gatecheck_service::screen::{DocumentQuery, OneStore, PersonQuery, Screener, Settings};
use gatecheck_service::screening::ScreeningIndex;
use gatecheck_store::{HitFilter, Store};

/// 2026-11-29, midnight UTC.
const NOW: i64 = 1_795_910_400;
const DAY: i64 = 86_400;

fn terms() -> RecordTerms {
    RecordTerms {
        access: Access::All,
        action: "arrest".to_string(),
        review_by: "2030-01-01".to_string(),
    }
}

fn entity(id: &str, name: &str, birth_date: &str) -> String {
    format!(
        r#"{{"id": "{id}", "schema": "Person", "properties": {{"name": ["{name}"], "birthDate": ["{birth_date}"]}}}}"#
    )
}

/// Runs `screen` with a screener of `querier` at `at` over every record stored.
fn with_screener<T>(
    store: &mut Store,
    querier: &Member,
    at: i64,
    screen: impl FnOnce(&Screener<'_, OneStore<'_>>) -> T,
) -> T {
    let index = ScreeningIndex::build(store, "2026-11-29").unwrap();
    let config = MatchConfig::default();
    let stores = OneStore::new(store);
    let screener = Screener {
        index: &index,
        stores: &stores,
        member: querier,
        actor: format!("member:{}", querier.name),
        settings: Settings {
            limit: 5,
            threshold: 0.7,
            matching: &config,
            shift_seconds: gatecheck_service::hits::shift_seconds(
                gatecheck_service::hits::DEFAULT_SHIFT_HOURS,
            ),
        },
        now: at,
    };
    screen(&screener)
}

/// Screens `line` as `querier` at `at` against every record stored.
fn screen(store: &mut Store, querier: &Member, line: &str, at: i64) -> usize {
    let entity = gatecheck_formats::ftm::parse_entity(line).unwrap();
    let query = PersonQuery::from_entity(entity, line.to_string(), None);
    with_screener(store, querier, at, |screener| {
        screener.person(&query).unwrap().hits()
    })
}

/// Jordan lists `record` at `at`; the records the change feed says changed.
fn list(store: &mut Store, record: &str, at: i64) -> Vec<i64> {
    let before = store.last_change().unwrap();
    import_entities(store, "jordan-psd", record, &terms(), "cli:test", at).unwrap();
    store
        .changes_after(before, 10)
        .unwrap()
        .iter()
        .map(|change| change.record)
        .collect()
}

fn again(store: &mut Store, changed: &[i64], days: u32, now: i64) -> RetroReport {
    let index = ScreeningIndex::build(store, "2026-11-29").unwrap();
    let config = MatchConfig::default();
    let stores = OneStore::new(store);
    let settings = Settings {
        limit: 5,
        threshold: 0.7,
        matching: &config,
        shift_seconds: gatecheck_service::hits::shift_seconds(
            gatecheck_service::hits::DEFAULT_SHIFT_HOURS,
        ),
    };
    retro::screen_again(&index, &stores, changed, settings, days, "cli:test", now).unwrap()
}

/// A store with Jordan's record of another person, and the member `querier` that screens.
fn scene(querier: &str) -> (tempfile::TempDir, Store, Member) {
    let directory = tempfile::tempdir().unwrap();
    let mut store = Store::open(directory.path()).unwrap();
    members::add_member(&mut store, "jordan-psd", "JOR", false, "cli:test", 1).unwrap();
    let querier = members::add_member(&mut store, querier, "IRQ", false, "cli:test", 1)
        .unwrap()
        .0;
    let listed = entity("r-0", "Samir Nasser Haddad", "1970-01-01");
    import_entities(&mut store, "jordan-psd", &listed, &terms(), "cli:test", 2).unwrap();
    (directory, store, querier)
}

#[test]
fn travellers_who_passed_are_screened_again_against_records_added_after_them() {
    let (_directory, mut store, querier) = scene("iraq-nsa");
    // three travellers pass: two days ago, yesterday, and five days ago
    let khalid = entity("q-1", "Khaled Saeed Barakat", "1984-03-12");
    let layla = entity("q-2", "Layla Huda Nasser", "1990-05-01");
    let old = entity("q-3", "Khalid Saeed Barakat", "1984-03-12");
    assert_eq!(screen(&mut store, &querier, &khalid, NOW - 2 * DAY), 0);
    assert_eq!(screen(&mut store, &querier, &layla, NOW - DAY), 0);
    assert_eq!(screen(&mut store, &querier, &old, NOW - 5 * DAY), 0);
    assert_eq!(store.kept_screening_count(0).unwrap(), 3);

    // today the owner lists Khalid
    let record = entity("r-1", "Khalid Saeed Barakat", "1984-03-12");
    let changed = list(&mut store, &record, NOW);
    let report = again(&mut store, &changed, retro::DEFAULT_DAYS, NOW + 10);
    assert_eq!(
        (report.records, report.screenings, report.hits),
        (1, 2, 1),
        "{report:?}: the screening of five days ago is out of the window"
    );
    let (hits, total) = store
        .hits_of(querier.id, &HitFilter::default(), 10, 0)
        .unwrap();
    assert_eq!(total, 1);
    let hit = &hits[0].0;
    assert_eq!(
        (hit.record, hit.query.as_str(), hit.at),
        (changed[0], khalid.as_str(), NOW + 10)
    );
    let explanation: serde_json::Value = serde_json::from_str(&hit.explanation).unwrap();
    assert_eq!(
        explanation["found_later"]["screened_at"], "2026-11-27T00:00:00Z",
        "{explanation}"
    );
    // the owner is notified as of any hit
    let owner = store.member_by_name("jordan-psd").unwrap().unwrap();
    let notified = store.notifications(owner.id, 0, 10).unwrap();
    assert_eq!(notified.len(), 1);
    // audited as a screening made again
    let log = store.audit_entries(1, i64::MAX).unwrap();
    assert!(log.iter().any(|row| row.action == "screen.retro"
        && row
            .subject
            .contains("member iraq-nsa at 2026-11-27T00:00:00Z")));

    // screened again once more (the same change seen twice): nothing raised twice
    let twice = again(&mut store, &changed, retro::DEFAULT_DAYS, NOW + 20);
    assert_eq!(twice.hits, 0, "{twice:?}");
    assert_eq!(
        store
            .hits_of(querier.id, &HitFilter::default(), 10, 0)
            .unwrap()
            .1,
        1
    );

    // a change of a record nobody screened resembles raises nothing; nor does a window of 0
    let other = entity("r-2", "Walid Kamal Awad", "1960-02-02");
    let changed = list(&mut store, &other, NOW + 30);
    assert_eq!(again(&mut store, &changed, 3, NOW + 40).hits, 0);
    assert_eq!(
        again(&mut store, &changed, 0, NOW + 40),
        RetroReport::default()
    );

    // screenings older than the window are forgotten
    let forgotten = retro::forget_old(&OneStore::new(&mut store), 3, NOW).unwrap();
    assert_eq!(forgotten, 1);
    assert_eq!(store.kept_screening_count(0).unwrap(), 2);
}

/// Looks document `number` (issued by Jordan) up as `querier` at `at`.
fn look_up(store: &mut Store, querier: &Member, number: &str, at: i64) -> usize {
    let index = ScreeningIndex::build(store, "2026-11-29").unwrap();
    let config = MatchConfig::default();
    let stores = OneStore::new(store);
    let screener = Screener {
        index: &index,
        stores: &stores,
        member: querier,
        actor: format!("member:{}", querier.name),
        settings: Settings {
            limit: 5,
            threshold: 0.7,
            matching: &config,
            shift_seconds: gatecheck_service::hits::shift_seconds(
                gatecheck_service::hits::DEFAULT_SHIFT_HOURS,
            ),
        },
        now: at,
    };
    let query = DocumentQuery {
        number: documents::normalise_number(number),
        issuing_state: Some("JOR".to_string()),
        kept_as: format!(r#"{{"number": "{number}", "issuing_state": "JOR", "type": "P"}}"#),
    };
    screener.document(&query).unwrap().hits()
}

fn documents_again(
    store: &mut Store,
    numbers: Option<&[&str]>,
    days: u32,
    now: i64,
) -> RetroReport {
    let index = ScreeningIndex::build(store, "2026-11-29").unwrap();
    let config = MatchConfig::default();
    let stores = OneStore::new(store);
    let settings = Settings {
        limit: 5,
        threshold: 0.7,
        matching: &config,
        shift_seconds: gatecheck_service::hits::shift_seconds(
            gatecheck_service::hits::DEFAULT_SHIFT_HOURS,
        ),
    };
    let numbers = numbers.map(|numbers| numbers.iter().map(|n| n.to_string()).collect());
    retro::screen_documents_again(
        &index,
        &stores,
        numbers.as_ref(),
        settings,
        days,
        "cli:test",
        now,
    )
    .unwrap()
}

#[test]
fn a_document_looked_up_before_it_was_reported_stolen_is_looked_up_again() {
    let directory = tempfile::tempdir().unwrap();
    let mut store = Store::open(directory.path()).unwrap();
    let owner = members::add_member(&mut store, "jordan-psd", "JOR", false, "cli:test", 1)
        .unwrap()
        .0;
    let querier = members::add_member(&mut store, "iraq-nsa", "IRQ", false, "cli:test", 1)
        .unwrap()
        .0;
    // a passport looked up yesterday (written with a space), another five days ago, and a
    // person screened (not a document look-up)
    assert_eq!(look_up(&mut store, &querier, "L8989 02C3", NOW - DAY), 0);
    assert_eq!(look_up(&mut store, &querier, "K1234567", NOW - 5 * DAY), 0);
    let traveller = entity("q-1", "Khaled Saeed Barakat", "1984-03-12");
    assert_eq!(screen(&mut store, &querier, &traveller, NOW - DAY), 0);

    // today both passports are reported stolen
    for number in ["L898902C3", "K1234567"] {
        let stolen = documents::read_document(number, "JOR", "P", "stolen", "2026-11-28").unwrap();
        documents::contribute(&mut store, &owner, &stolen, &terms(), NOW).unwrap();
    }
    let report = documents_again(&mut store, None, retro::DEFAULT_DAYS, NOW + 10);
    assert_eq!(
        (report.screenings, report.hits),
        (1, 1),
        "{report:?}: the look-up of five days ago is out of the window, the person is not a look-up"
    );
    let (hits, total) = store
        .hits_of(querier.id, &HitFilter::default(), 10, 0)
        .unwrap();
    assert_eq!(total, 1);
    let explanation: serde_json::Value = serde_json::from_str(&hits[0].0.explanation).unwrap();
    assert_eq!(
        explanation["found_later"]["screened_at"], "2026-11-28T00:00:00Z",
        "{explanation}"
    );
    assert_eq!(store.notifications(owner.id, 0, 10).unwrap().len(), 1);

    // looked up again once more: nothing raised twice
    let twice = documents_again(&mut store, None, retro::DEFAULT_DAYS, NOW + 20);
    assert_eq!((twice.screenings, twice.hits), (1, 0), "{twice:?}");
    // narrowed to the documents written: only the look-ups of those numbers are made again
    let narrowed = documents_again(
        &mut store,
        Some(&["K1234567"]),
        retro::DEFAULT_DAYS,
        NOW + 20,
    );
    assert_eq!(narrowed.screenings, 0, "{narrowed:?}");
    let narrowed = documents_again(
        &mut store,
        Some(&["L898902C3"]),
        retro::DEFAULT_DAYS,
        NOW + 20,
    );
    assert_eq!(narrowed.screenings, 1, "{narrowed:?}");
    assert_eq!(
        documents_again(&mut store, None, 0, NOW + 20),
        RetroReport::default()
    );
}

/// A payment's party whose message does not say whether it names a person or an
/// organisation (an MT `50K`) was screened as both; screened again, it is both too: a
/// person listed after the payment passed raises a hit on it, found later.
#[test]
fn a_payment_party_of_no_stated_kind_is_screened_again_as_a_person_too() {
    let (_directory, mut store, querier) = scene("iraq-fiu");
    let transfer = "{1:F01DEUTDEFFAXXX0000000000}{2:I103BNPAFRPPXXXXN}{4:\n:20:REF-RETRO\n:23B:CRED\n:32A:261127EUR100,00\n:50K:/GB82WEST12345698765432\nKHALID SAEED BARAKAT\n:59:/FR7630006000011234567890189\nATELIER DES QUAIS\n-}";
    let readings: Vec<_> = gatecheck_formats::parties::read_payment_file(transfer)
        .into_iter()
        .map(Result::unwrap)
        .collect();
    let answer = with_screener(&mut store, &querier, NOW - DAY, |screener| {
        screener.transactions(readings).unwrap().remove(0).answer()
    });
    assert_eq!(answer["verdict"], "pass", "{answer}");
    let record = entity("r-1", "Khalid Saeed Barakat", "1984-03-12");
    let changed = list(&mut store, &record, NOW);
    let report = again(&mut store, &changed, retro::DEFAULT_DAYS, NOW + 10);
    assert_eq!(report.hits, 1, "{report:?}");
    let (hits, _) = store
        .hits_of(querier.id, &HitFilter::default(), 10, 0)
        .unwrap();
    assert!(
        hits[0].0.query.contains("REF-RETRO/ordering_customer"),
        "{}",
        hits[0].0.query
    );
}
