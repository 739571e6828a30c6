//! Screened manifests on every backend: the SQLite store and the PostgreSQL one must give
//! the same rows, in the same order, with the same errors, for the same calls (the
//! manifests of an interchange kept with their hits, the owners notified, each hit naming
//! its manifest, the answers as the caller made them from the ids, a member's flights
//! listed and paged with their answers' summaries, written as the same text whatever the
//! answer's spacing), each write with its audit entries, and a write refused midway
//! leaving nothing; and several PostgreSQL clients keeping manifests at once (the nodes of
//! one hub) must number manifests and hits once each, in one order, every hit linked.
//!
//! The PostgreSQL runs start a throwaway cluster (`gatecheck-testpg`) and skip with a
//! notice when PostgreSQL is not installed, unless `GATECHECK_REQUIRE_POSTGRES` is set.

mod common;

use common::{add_member, chain, cluster, entry_by};

use gatecheck_store::concepts::{AuditLog, Hits, Manifests, Members};
use gatecheck_store::postgres::PostgresStore;
use gatecheck_store::{
    AuditEntry, AuditRow, FlightRow, HitFilter, HitManifest, ManifestRow, NewHit, NewManifest,
    StoreError, DOCUMENT_IDS,
};

const IRAQ_OFFICER: &str = "user:Mustafa.Karim";

/// A hit `querier` raised on `record` of `owner`'s, for a traveller named `traveller`.
fn new_hit(querier: i64, record: i64, owner: i64, traveller: &str, score: f64) -> NewHit {
    NewHit {
        querier,
        record,
        owner,
        query: format!(r#"{{"schema":"Person","properties":{{"name":["{traveller}"]}}}}"#),
        score,
        explanation: format!(r#"{{"name":{score}}}"#),
        details: None,
        absorb_since: None,
    }
}

/// A manifest `querier` screened: flight `number` from `from` to `to`, message
/// `reference`.
fn new_manifest(querier: i64, reference: &str, number: &str, route: (&str, &str)) -> NewManifest {
    NewManifest {
        querier,
        kind: "flight".to_string(),
        source: "PAXLST".to_string(),
        reference: reference.to_string(),
        flight: format!(
            r#"{{"flight":"{number}","legs":[{{"from":"{}","to":"{}"}}]}}"#,
            route.0, route.1
        ),
        travellers: 180,
        digest: format!("{:0>64}", reference.len()),
    }
}

/// The answer the service would give, made from the manifest's id and its hits' ids.
fn service_answer(id: i64, hits: &[i64]) -> String {
    format!(
        r#"{{"flight":{{}},"manifest":{id},"summary":{{"clear":179,"hits":{},"no_board":0,"refer":1,"travellers":180}},"travellers":[{{"hits":{hits:?}}}]}}"#,
        hits.len()
    )
}

/// The summary [`service_answer`] gives.
fn service_summary(hits: usize) -> String {
    format!(r#"{{"clear":179,"hits":{hits},"no_board":0,"refer":1,"travellers":180}}"#)
}

/// Keeps one interchange's manifests at `at`, each answered as [`service_answer`] makes
/// it, with an audit entry each; returns what `add_manifests` returned and the calls the
/// answer was made by: (index, id, hit ids).
#[allow(clippy::type_complexity)]
fn keep(
    store: &mut impl Manifests,
    manifests: &[(&NewManifest, &[NewHit])],
    at: i64,
    chain: &dyn Fn(&AuditRow) -> String,
) -> (
    Result<Vec<(i64, Vec<i64>)>, StoreError>,
    Vec<(usize, i64, Vec<i64>)>,
) {
    let audits: Vec<AuditEntry> = manifests
        .iter()
        .map(|(manifest, hits)| {
            entry_by(
                &format!("member:{}", manifest.querier),
                at,
                "screen.manifest",
                &format!("{} with {} hits", manifest.reference, hits.len()),
            )
        })
        .collect();
    let mut calls = Vec::new();
    let kept = store.add_manifests(
        manifests,
        at,
        &mut |index, id, hits| {
            calls.push((index, id, hits.to_vec()));
            service_answer(id, hits)
        },
        &audits,
        chain,
    );
    (kept, calls)
}

/// The row a manifest kept from `new` must read back as.
fn stored(id: i64, at: i64, new: &NewManifest, answer: &str) -> ManifestRow {
    ManifestRow {
        id,
        at,
        querier: new.querier,
        kind: new.kind.clone(),
        source: new.source.clone(),
        reference: new.reference.clone(),
        flight: new.flight.clone(),
        travellers: new.travellers as i64,
        digest: new.digest.clone(),
        answer: answer.to_string(),
    }
}

/// The row a list of flights must show for a manifest kept from `new`.
fn listed(id: i64, at: i64, new: &NewManifest, summary: &str) -> FlightRow {
    FlightRow {
        id,
        at,
        source: new.source.clone(),
        reference: new.reference.clone(),
        flight: new.flight.clone(),
        travellers: new.travellers as i64,
        summary: summary.to_string(),
    }
}

fn audit_log(store: &impl AuditLog) -> Vec<AuditRow> {
    store.audit_entries(1, i64::MAX).unwrap()
}

/// The ids of a page of `querier`'s flights, and how many there are in all.
fn flights(store: &impl Manifests, querier: i64, limit: usize, offset: usize) -> (Vec<i64>, usize) {
    let (rows, total) = store.manifests_of(querier, limit, offset).unwrap();
    (rows.iter().map(|row| row.id).collect(), total)
}

/// (hit id, flight and reference) of each hit in `querier`'s queue that passes a flight
/// filter of `text` (every hit when none), in the queue's order.
fn queue(
    store: &impl Hits,
    querier: i64,
    text: Option<&str>,
) -> Vec<(i64, Option<(String, String)>)> {
    let filter = HitFilter {
        flight: text.map(str::to_string),
        ..HitFilter::default()
    };
    let (hits, total) = store.hits_of(querier, &filter, 100, 0).unwrap();
    assert_eq!(hits.len(), total);
    hits.into_iter()
        .map(|(hit, flight)| (hit.id, flight))
        .collect()
}

/// (id, hit id) of each of a member's notifications.
fn notified(store: &impl Hits, member: i64) -> Vec<(i64, i64)> {
    store
        .notifications(member, 0, usize::MAX)
        .unwrap()
        .into_iter()
        .map(|row| (row.id, row.hit.id))
        .collect()
}

/// What a store holds that a refused write must leave as it was: each member's flights
/// and notifications, the hits after 0 of each, the next manifest (absent), and the log.
fn state(store: &(impl Manifests + Hits + AuditLog), members: &[i64], next: i64) -> String {
    let mut seen = Vec::new();
    for &member in members {
        seen.push(format!("{:?}", store.manifests_of(member, 100, 0).unwrap()));
        seen.push(format!("{:?}", notified(store, member)));
        seen.push(format!("{:?}", store.hits_after(member, 0).unwrap()));
    }
    seen.push(format!("{:?}", store.manifest(next).unwrap()));
    seen.push(format!("{:?}", audit_log(store)));
    seen.join("\n")
}

/// A chain that gives no hash: every append with it is refused, after the rows before it
/// were written in the same transaction.
fn broken_chain(_row: &AuditRow) -> String {
    "not a hash".to_string()
}

/// Keeps `manifest` alone, without hits, answered with `answer` as given; returns its id.
fn store_answered(
    store: &mut impl Manifests,
    manifest: &NewManifest,
    answer: &str,
    at: i64,
) -> (i64, Vec<i64>) {
    let entry = entry_by(
        &format!("member:{}", manifest.querier),
        at,
        "screen.manifest",
        "answered as given",
    );
    let mut kept = store
        .add_manifests(
            &[(manifest, &[])],
            at,
            &mut |_, _, _| answer.to_string(),
            &[entry],
            &chain,
        )
        .unwrap();
    kept.remove(0)
}

fn suite(store: &mut (impl Members + AuditLog + Hits + Manifests)) {
    let jordan = add_member(store, "jordan-psd", "JOR", 1);
    let iraq = add_member(store, "iraq-nsa", "IRQ", 2);
    let lebanon = add_member(store, "lebanon-gs", "LBN", 3);
    let lebanese_document = DOCUMENT_IDS + 3;

    // iraq keeps one interchange of two flights: the first raised hits on jordan's record,
    // on lebanon's document and on its own record, the second none
    let amman = new_manifest(iraq.id, "MSG-0001", "RJ0811", ("AMM", "BGW"));
    let beirut = new_manifest(iraq.id, "MSG-0002", "ME0322", ("BEY", "BGW"));
    let amman_hits = [
        new_hit(iraq.id, 7, jordan.id, "Samir Haddad", 0.91),
        new_hit(iraq.id, lebanese_document, lebanon.id, "Rami Khoury", 0.88),
        new_hit(iraq.id, 9, iraq.id, "Omar Jaber", 0.95),
    ];
    let (kept, calls) = keep(
        store,
        &[(&amman, &amman_hits), (&beirut, &[])],
        1000,
        &chain,
    );
    assert_eq!(kept.unwrap(), [(1, vec![1, 2, 3]), (2, vec![])]);
    assert_eq!(calls, [(0, 1, vec![1, 2, 3]), (1, 2, vec![])]);

    // each kept with the answer as it was made, and its hits naming it
    assert_eq!(
        store.manifest(1).unwrap(),
        Some(stored(1, 1000, &amman, &service_answer(1, &[1, 2, 3])))
    );
    assert_eq!(
        store.manifest(2).unwrap(),
        Some(stored(2, 1000, &beirut, &service_answer(2, &[])))
    );
    assert_eq!(store.manifest(3).unwrap(), None);
    for (id, new) in (1..).zip(&amman_hits) {
        let hit = store.hit(id).unwrap().unwrap();
        assert_eq!(
            (
                hit.at,
                hit.querier,
                hit.record,
                hit.owner,
                hit.status.as_str()
            ),
            (1000, new.querier, new.record, new.owner, "open")
        );
        assert_eq!((&hit.query, hit.score), (&new.query, new.score));
        assert_eq!(
            store.manifest_of_hit(id).unwrap(),
            Some(HitManifest {
                id: 1,
                kind: "flight".to_string(),
                flight: amman.flight.clone(),
                reference: amman.reference.clone()
            })
        );
    }
    assert_eq!(store.manifest_of_hit(4).unwrap(), None);

    // the owners are told, but not iraq of its own record
    assert_eq!(notified(store, jordan.id), [(1, 1)]);
    assert_eq!(notified(store, lebanon.id), [(2, 2)]);
    assert_eq!(notified(store, iraq.id), []);
    assert_eq!(audit_log(store).len(), 5);

    // a hit raised on no manifest (a single screening) names none
    let alone = store
        .add_hits(
            &[new_hit(iraq.id, 7, jordan.id, "Samir Hadad", 0.85)],
            1010,
            &[entry_by(IRAQ_OFFICER, 1010, "screen", "query 1")],
            &chain,
        )
        .unwrap();
    assert_eq!(alone, [4]);
    assert_eq!(store.manifest_of_hit(4).unwrap(), None);

    // the queue shows each hit's flight and reference; a flight filter finds the text in
    // either, ASCII letters in any case, and passes no hit raised on no manifest
    let on_amman = Some((amman.flight.clone(), amman.reference.clone()));
    assert_eq!(
        queue(store, iraq.id, None),
        [
            (4, None),
            (3, on_amman.clone()),
            (1, on_amman.clone()),
            (2, on_amman.clone())
        ]
    );
    let amman_ids = [3, 1, 2];
    for text in ["rj0811", "RJ", "amm", "msg-0001", "", "\"from\":\"AMM\""] {
        let found: Vec<i64> = queue(store, iraq.id, Some(text))
            .iter()
            .map(|(id, _)| *id)
            .collect();
        assert_eq!(found, amman_ids, "{text:?}");
    }
    for text in ["ME0322", "BEY", "rj 0811", "ＲＪ"] {
        assert_eq!(queue(store, iraq.id, Some(text)), [], "{text:?}");
    }

    // refused midway, each write leaves nothing (no manifest, hit, notification or entry,
    // no id used up), and the answers made before the refusal are not kept: a manifest
    // naming a member that does not exist, after a good one; a hit naming an owner that
    // does not exist; an entry the chain cannot hash, after every manifest and answer
    let members = [jordan.id, iraq.id, lebanon.id];
    let before = state(store, &members, 3);
    let good = new_manifest(iraq.id, "MSG-0003", "RJ0813", ("AMM", "BGW"));
    let good_hits = [new_hit(iraq.id, 7, jordan.id, "Samir Haddad", 0.92)];
    let strangers = new_manifest(99, "MSG-0004", "RJ0815", ("AMM", "BGW"));
    let stranger_hits = [new_hit(99, 8, jordan.id, "Samira Haddad", 0.93)];
    let (refused, calls) = keep(
        store,
        &[(&good, &good_hits), (&strangers, &stranger_hits)],
        1020,
        &chain,
    );
    assert!(refused.is_err(), "{refused:?}");
    assert_eq!(calls, [(0, 3, vec![5])]);
    assert_eq!(state(store, &members, 3), before);

    let unowned = [
        new_hit(iraq.id, 7, jordan.id, "Samir Haddad", 0.92),
        new_hit(iraq.id, 8, 99, "Samira Haddad", 0.93),
    ];
    let (refused, calls) = keep(store, &[(&good, &unowned)], 1020, &chain);
    assert!(refused.is_err(), "{refused:?}");
    assert_eq!(calls, []);
    assert_eq!(state(store, &members, 3), before);

    let (refused, calls) = keep(
        store,
        &[(&good, &good_hits), (&beirut, &[])],
        1020,
        &broken_chain,
    );
    assert!(
        matches!(&refused, Err(StoreError::Invalid { what: "audit entry hash", name }) if name == "not a hash"),
        "{refused:?}"
    );
    assert_eq!(calls, [(0, 3, vec![5]), (1, 4, vec![])]);
    assert_eq!(state(store, &members, 3), before);

    // the next write takes the ids the refused ones did not keep
    let (kept, _) = keep(store, &[(&good, &good_hits)], 1020, &chain);
    assert_eq!(kept.unwrap(), [(3, vec![5])]);
    assert_eq!(notified(store, jordan.id), [(1, 1), (3, 4), (4, 5)]);
    assert_eq!(
        store
            .manifest_of_hit(5)
            .unwrap()
            .map(|m| (m.id, m.flight, m.reference)),
        Some((3, good.flight.clone(), good.reference.clone()))
    );

    // an interchange of no manifests: its entry alone
    let none = store
        .add_manifests(
            &[],
            1030,
            &mut |_, _, _| unreachable!("no manifest to answer"),
            &[entry_by(IRAQ_OFFICER, 1030, "screen.manifest", "empty")],
            &chain,
        )
        .unwrap();
    assert_eq!(none, []);

    // more flights: jordan's, and iraq's later (two at one moment, ordered by id)
    let aqaba = new_manifest(jordan.id, "JOR-0001", "RJ0100", ("AQJ", "AMM"));
    let (kept, _) = keep(
        store,
        &[(
            &aqaba,
            &[new_hit(jordan.id, 12, iraq.id, "Ali Hassan", 0.9)],
        )],
        1100,
        &chain,
    );
    assert_eq!(kept.unwrap(), [(4, vec![6])]);
    let erbil = new_manifest(iraq.id, "MSG-0005", "IA0101", ("EBL", "BGW"));
    let basra = new_manifest(iraq.id, "MSG-0006", "IA0231", ("BSR", "BGW"));
    let (kept, _) = keep(store, &[(&erbil, &[]), (&basra, &[])], 1200, &chain);
    assert_eq!(kept.unwrap(), [(5, vec![]), (6, vec![])]);
    assert_eq!(notified(store, iraq.id), [(5, 6)]);

    // a member's flights: newest first, then the larger id, without answers, with each
    // answer's summary; paged, and how many in all
    let summary = |hits| service_summary(hits);
    assert_eq!(
        store.manifests_of(iraq.id, 10, 0).unwrap(),
        (
            vec![
                listed(6, 1200, &basra, &summary(0)),
                listed(5, 1200, &erbil, &summary(0)),
                listed(3, 1020, &good, &summary(1)),
                listed(2, 1000, &beirut, &summary(0)),
                listed(1, 1000, &amman, &summary(3)),
            ],
            5
        )
    );
    assert_eq!(flights(store, iraq.id, 2, 0), (vec![6, 5], 5));
    assert_eq!(flights(store, iraq.id, 2, 2), (vec![3, 2], 5));
    assert_eq!(flights(store, iraq.id, 2, 4), (vec![1], 5));
    assert_eq!(flights(store, iraq.id, 10, 5), (vec![], 5));
    assert_eq!(flights(store, iraq.id, 0, 0), (vec![], 5));
    assert_eq!(
        flights(store, iraq.id, usize::MAX, 1),
        (vec![5, 3, 2, 1], 5)
    );
    assert_eq!(flights(store, iraq.id, 10, usize::MAX), (vec![], 5));
    assert_eq!(
        store.manifests_of(jordan.id, 10, 0).unwrap(),
        (vec![listed(4, 1100, &aqaba, &summary(1))], 1)
    );
    assert_eq!(flights(store, lebanon.id, 10, 0), (vec![], 0));

    // a summary is the answer's first `summary` member as JSON without spaces between its
    // tokens (in strings they stay), whatever the answer's spacing; `{}` when the answer
    // has none, or a null one, or is no object
    let answers: [(&str, &str); 14] = [
        (
            "{\n  \"manifest\": 7,\n  \"summary\": {\n    \"travellers\": 2,\n    \"clear\": 1,\n    \"refer\": 1\n  }\n}",
            r#"{"travellers":2,"clear":1,"refer":1}"#,
        ),
        (
            "{ \"summary\" : { \"note\" : \"two  spaces, a \\\"quote\\\" and \\\\\" , \"legs\" : [ 1 , [ ] , { } ] } }",
            r#"{"note":"two  spaces, a \"quote\" and \\","legs":[1,[],{}]}"#,
        ),
        (
            "{\"summary\":{\"n\":[1.50, 1E5, -0, 0.25e-3, 12345678901234567890123]}}",
            r#"{"n":[1.50,1E5,-0,0.25e-3,12345678901234567890123]}"#,
        ),
        (
            "{\"summary\":{\"city\":\"Erbil \\u0639\\u0631\\u0628\\u064a\\u0644\",\"راكب\":\"é\\/\\t\"}}",
            r#"{"city":"Erbil \u0639\u0631\u0628\u064a\u0644","راكب":"é\/\t"}"#,
        ),
        ("{\"summary\":\"held at the gate\"}", r#""held at the gate""#),
        ("{\"summary\": 3}", "3"),
        ("{\"summary\": true}", "true"),
        ("{\"summary\": [ ]}", "[]"),
        ("{\"summary\": null}", "{}"),
        ("{\"manifest\": 7}", "{}"),
        ("{}", "{}"),
        ("[{\"summary\": 1}]", "{}"),
        ("\"summary\"", "{}"),
        (
            "{\"summary\": {\"first\": 1}, \"summary\": {\"second\": 2}}",
            r#"{"first":1}"#,
        ),
    ];
    let syria = add_member(store, "syria-gsd", "SYR", 4);
    for (at, (answer, _)) in (1300..).zip(&answers) {
        let manifest = new_manifest(syria.id, &format!("SYR-{at}"), "RB0441", ("DAM", "BGW"));
        store_answered(store, &manifest, answer, at);
    }
    let (rows, total) = store.manifests_of(syria.id, 100, 0).unwrap();
    assert_eq!(total, answers.len());
    let summaries: Vec<&str> = rows.iter().rev().map(|row| row.summary.as_str()).collect();
    let expected: Vec<&str> = answers.iter().map(|(_, summary)| *summary).collect();
    assert_eq!(summaries, expected);
    // the answers themselves are kept as given, spaces and all
    let first_answer = store.manifest(rows[rows.len() - 1].id).unwrap().unwrap();
    assert_eq!(first_answer.answer, answers[0].0);

    // an answer that is no JSON is kept, but its member's flights cannot be listed (no
    // summary can be read from it) on either backend
    let yemen = add_member(store, "yemen-nsb", "YEM", 5);
    let garbled = new_manifest(yemen.id, "YEM-0001", "IY0610", ("SAH", "BGW"));
    let (garbled_id, _) = store_answered(store, &garbled, "summary: none", 1400);
    assert_eq!(
        store.manifest(garbled_id).unwrap().unwrap().answer,
        "summary: none"
    );
    let unlisted = store.manifests_of(yemen.id, 10, 0);
    assert!(unlisted.is_err(), "{unlisted:?}");

    // the log: exactly the audited writes, in order, numbered and chained
    let log = audit_log(store);
    let written: Vec<(&str, &str, &str)> = log
        .iter()
        .map(|row| {
            (
                row.actor.as_str(),
                row.action.as_str(),
                row.subject.as_str(),
            )
        })
        .collect();
    let iraq_actor = format!("member:{}", iraq.id);
    let jordan_actor = format!("member:{}", jordan.id);
    let syria_actor = format!("member:{}", syria.id);
    let yemen_actor = format!("member:{}", yemen.id);
    let mut expected_log = vec![
        ("cli:test", "member.add", "member jordan-psd"),
        ("cli:test", "member.add", "member iraq-nsa"),
        ("cli:test", "member.add", "member lebanon-gs"),
        (
            iraq_actor.as_str(),
            "screen.manifest",
            "MSG-0001 with 3 hits",
        ),
        (
            iraq_actor.as_str(),
            "screen.manifest",
            "MSG-0002 with 0 hits",
        ),
        (IRAQ_OFFICER, "screen", "query 1"),
        (
            iraq_actor.as_str(),
            "screen.manifest",
            "MSG-0003 with 1 hits",
        ),
        (IRAQ_OFFICER, "screen.manifest", "empty"),
        (
            jordan_actor.as_str(),
            "screen.manifest",
            "JOR-0001 with 1 hits",
        ),
        (
            iraq_actor.as_str(),
            "screen.manifest",
            "MSG-0005 with 0 hits",
        ),
        (
            iraq_actor.as_str(),
            "screen.manifest",
            "MSG-0006 with 0 hits",
        ),
        ("cli:test", "member.add", "member syria-gsd"),
    ];
    expected_log.extend(std::iter::repeat_n(
        (syria_actor.as_str(), "screen.manifest", "answered as given"),
        answers.len(),
    ));
    expected_log.extend([
        ("cli:test", "member.add", "member yemen-nsb"),
        (yemen_actor.as_str(), "screen.manifest", "answered as given"),
    ]);
    assert_eq!(written, expected_log);
    common::assert_chained(&log);
    assert_eq!(store.audit_tree_size().unwrap(), log.len() as u64);
}

#[test]
fn the_sqlite_store_keeps_the_manifests_contract() {
    let directory = tempfile::tempdir().unwrap();
    let mut store = gatecheck_store::Store::open(directory.path()).unwrap();
    suite(&mut store);
}

#[test]
fn the_postgresql_store_keeps_the_manifests_contract() {
    let Some(cluster) = cluster("the_postgresql_store_keeps_the_manifests_contract") else {
        return;
    };
    let url = cluster.connection_string();
    let mut store = PostgresStore::connect(&url).unwrap();
    suite(&mut store);

    // another node reads what this one wrote, and this one what the other writes next
    let mut other_node = PostgresStore::connect(&url).unwrap();
    assert_eq!(
        other_node.manifest(4).unwrap().map(|row| row.reference),
        Some("JOR-0001".to_string())
    );
    let next = new_manifest(2, "MSG-0007", "RJ0817", ("AMM", "BGW"));
    let (kept, _) = keep(
        &mut other_node,
        &[(&next, &[new_hit(2, 14, 1, "Huda Saleh", 0.99)])],
        2000,
        &chain,
    );
    let (id, hits) = kept.unwrap().remove(0);
    assert_eq!(
        store
            .manifest_of_hit(hits[0])
            .unwrap()
            .map(|m| (m.id, m.flight, m.reference)),
        Some((id, next.flight.clone(), next.reference.clone()))
    );
    assert_eq!(flights(&store, 2, 1, 0), (vec![id], 6));

    // the database holds a hit's manifest to one that is there
    let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    let dangling = client.execute("UPDATE hit SET manifest = 999 WHERE id = 1", &[]);
    assert!(dangling.is_err(), "{dangling:?}");
    assert_eq!(
        store.manifest_of_hit(1).unwrap().map(|found| found.id),
        Some(1)
    );
}

/// Several nodes keeping manifests at once: every manifest and hit kept, numbered once each
/// without gaps, in one order (a later manifest's hits after an earlier one's, the log's
/// entries in the order of their manifests), every hit naming its manifest and every
/// answer the one made from the ids kept.
#[test]
fn nodes_keeping_manifests_at_once_number_and_link_each_once() {
    let Some(cluster) = cluster("nodes_keeping_manifests_at_once_number_and_link_each_once") else {
        return;
    };
    let url = cluster.connection_string();
    let mut first = PostgresStore::connect(&url).unwrap();
    let owner = add_member(&mut first, "jordan-psd", "JOR", 1);
    const NODES: i64 = 4;
    const ROUNDS: i64 = 5;
    const MANIFESTS: i64 = 2;
    const HITS: i64 = 3;
    let queriers: Vec<i64> = (0..NODES)
        .map(|node| add_member(&mut first, &format!("node-{node}"), "IRQ", 2 + node).id)
        .collect();
    let nodes: Vec<_> = queriers
        .iter()
        .map(|&querier| {
            let url = url.clone();
            std::thread::spawn(move || {
                let mut store = PostgresStore::connect(&url).unwrap();
                let mut kept = Vec::new();
                for round in 0..ROUNDS {
                    let manifests: Vec<NewManifest> = (0..MANIFESTS)
                        .map(|at| {
                            let reference = format!("{querier}-{round}-{at}");
                            new_manifest(querier, &reference, "RJ0811", ("AMM", "BGW"))
                        })
                        .collect();
                    // every other hit on the querier's own record: no notification for it
                    let hits: Vec<NewHit> = (0..HITS)
                        .map(|at| {
                            let record_owner = if at % 2 == 0 { owner.id } else { querier };
                            new_hit(querier, 100 + at, record_owner, "Yusuf Nasser", 0.9)
                        })
                        .collect();
                    let interchange: Vec<(&NewManifest, &[NewHit])> = manifests
                        .iter()
                        .map(|manifest| (manifest, hits.as_slice()))
                        .collect();
                    let (written, _) = keep(&mut store, &interchange, 100 + round, &chain);
                    kept.extend(written.unwrap());
                }
                (querier, kept)
            })
        })
        .collect();
    let mut every_manifest = Vec::new();
    for node in nodes {
        let (querier, kept) = node.join().unwrap();
        assert_eq!(kept.len() as i64, ROUNDS * MANIFESTS);
        assert_eq!(
            first.manifests_of(querier, 0, 0).unwrap().1 as i64,
            ROUNDS * MANIFESTS
        );
        every_manifest.extend(kept);
    }
    every_manifest.sort_unstable();
    let total = NODES * ROUNDS * MANIFESTS;
    let ids: Vec<i64> = every_manifest.iter().map(|(id, _)| *id).collect();
    assert_eq!(ids, (1..=total).collect::<Vec<_>>());

    // hits numbered 1.. without gaps, a manifest's after the one's before it, each naming
    // its manifest; every answer as made from the ids kept
    let hit_ids: Vec<i64> = every_manifest
        .iter()
        .flat_map(|(_, hits)| hits.clone())
        .collect();
    assert_eq!(hit_ids, (1..=total * HITS).collect::<Vec<_>>());
    let mut log_subjects = Vec::new();
    for (id, hits) in &every_manifest {
        let row = first.manifest(*id).unwrap().unwrap();
        assert_eq!(row.answer, service_answer(*id, hits));
        for hit in hits {
            assert_eq!(
                first
                    .manifest_of_hit(*hit)
                    .unwrap()
                    .map(|m| (m.id, m.flight, m.reference)),
                Some((*id, row.flight.clone(), row.reference.clone()))
            );
            assert_eq!(first.hit(*hit).unwrap().unwrap().querier, row.querier);
        }
        log_subjects.push(format!("{} with {} hits", row.reference, hits.len()));
    }

    // one notification for each hit on the owner's records, numbered 1.. without gaps, in
    // the order of their hits
    let notifications = first.notifications(owner.id, 0, usize::MAX).unwrap();
    let notification_ids: Vec<i64> = notifications.iter().map(|row| row.id).collect();
    let on_owners_records = total * ((HITS + 1) / 2);
    assert_eq!(
        notification_ids,
        (1..=on_owners_records).collect::<Vec<_>>()
    );
    let notified_hits: Vec<i64> = notifications.iter().map(|row| row.hit.id).collect();
    assert!(
        notified_hits.windows(2).all(|pair| pair[0] < pair[1]),
        "{notified_hits:?}"
    );

    // the log: numbered, chained, one entry a manifest in the order of the manifests
    let log = first.audit_entries(1, i64::MAX).unwrap();
    common::assert_chained(&log);
    let screened: Vec<String> = log
        .iter()
        .skip(1 + NODES as usize)
        .map(|row| row.subject.clone())
        .collect();
    assert_eq!(screened, log_subjects);
    assert_eq!(first.audit_tree_size().unwrap(), log.len() as u64);
}
