//! Hits, their history, notifications and suppressions on every backend: the SQLite store
//! and the PostgreSQL one must give the same rows, in the same order, with the same errors,
//! for the same calls (hits raised with their owners notified, statuses changed with their
//! reasons, escalations and answers notified, suppressions made by false positives and
//! revoked, a member's queue filtered and paged), each write with its audit entries; and
//! several PostgreSQL clients adding hits at once (the nodes of one hub) must number them
//! and their notifications once each, in one order.
//!
//! The PostgreSQL runs start a throwaway cluster (`gatecheck-testpg`) and skip with a
//! notice when PostgreSQL is not installed, unless `GATECHECK_REQUIRE_POSTGRES` is set.

mod common;

use common::{add_member, chain, cluster, entry_by};

use gatecheck_store::concepts::{AuditLog, HitEvent, Hits, Members};
use gatecheck_store::postgres::PostgresStore;
use gatecheck_store::{
    AuditRow, HitFilter, HitRow, NewHit, NewSuppression, NotificationRow, StatusChange, StoreError,
    SuppressionRow, DOCUMENT_IDS,
};

const IRAQ_OFFICER: &str = "user:Mustafa.Karim";
const JORDAN_OFFICER: &str = "user:Zaid.Haddad";

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

/// The row a hit stored from `new` must read back as.
fn stored(id: i64, at: i64, new: &NewHit, status: &str) -> HitRow {
    HitRow {
        id,
        at,
        querier: new.querier,
        record: new.record,
        owner: new.owner,
        query: new.query.clone(),
        score: new.score,
        explanation: new.explanation.clone(),
        status: status.to_string(),
        last_seen_at: at,
        seen_count: 1,
    }
}

fn audit_log(store: &impl AuditLog) -> Vec<AuditRow> {
    store.audit_entries(1, i64::MAX).unwrap()
}

/// The ids of a queue's page, and how many pass in all.
fn queue(
    store: &impl Hits,
    querier: i64,
    filter: &HitFilter,
    limit: usize,
    offset: usize,
) -> (Vec<i64>, usize) {
    let (hits, total) = store.hits_of(querier, filter, limit, offset).unwrap();
    for (hit, manifest) in &hits {
        assert_eq!(manifest, &None, "hit {} has no manifest", hit.id);
    }
    (hits.iter().map(|(hit, _)| hit.id).collect(), total)
}

/// (id, kind, hit id) of each of a member's notifications after `after`.
fn notified(store: &impl Hits, member: i64, after: i64, limit: usize) -> Vec<(i64, String, i64)> {
    store
        .notifications(member, after, limit)
        .unwrap()
        .into_iter()
        .map(|row| (row.id, row.kind, row.hit.id))
        .collect()
}

/// A notification as [`notified`] gives it.
fn note(id: i64, kind: &str, hit: i64) -> (i64, String, i64) {
    (id, kind.to_string(), hit)
}

fn event(at: i64, actor: &str, status: &str, reason: &str) -> HitEvent {
    (
        at,
        actor.to_string(),
        status.to_string(),
        reason.to_string(),
    )
}

/// Reads through the trait as an object, as a service holding `&dyn Hits` would.
fn hit_as_object(hits: &dyn Hits, id: i64) -> Option<HitRow> {
    hits.hit(id).unwrap()
}

fn suite(store: &mut (impl Members + AuditLog + Hits)) {
    let jordan = add_member(store, "jordan-psd", "JOR", 1);
    let iraq = add_member(store, "iraq-nsa", "IRQ", 2);
    let lebanon = add_member(store, "lebanon-gs", "LBN", 3);
    let lebanese_document = DOCUMENT_IDS + 3;

    // iraq screens three travellers: hits on jordan's record, on lebanon's document and
    // on its own record; the owners are told, but not iraq of its own
    let first = [
        new_hit(iraq.id, 7, jordan.id, "Samir Haddad", 0.91),
        new_hit(iraq.id, lebanese_document, lebanon.id, "Rami Khoury", 0.88),
        new_hit(iraq.id, 9, iraq.id, "Omar Jaber", 0.95),
    ];
    let screening = [
        entry_by(IRAQ_OFFICER, 1000, "screen", "query 1"),
        entry_by(IRAQ_OFFICER, 1000, "screen", "query 2"),
    ];
    let ids = store.add_hits(&first, 1000, &screening, &chain).unwrap();
    assert_eq!(ids, [1, 2, 3]);
    assert_eq!(
        store.hit(1).unwrap(),
        Some(stored(1, 1000, &first[0], "open"))
    );
    assert_eq!(
        hit_as_object(store, 2),
        Some(stored(2, 1000, &first[1], "open"))
    );
    assert_eq!(
        store.hit(3).unwrap(),
        Some(stored(3, 1000, &first[2], "open"))
    );
    assert_eq!(store.hit(4).unwrap(), None);
    assert_eq!(
        store.notifications(jordan.id, 0, 10).unwrap(),
        [NotificationRow {
            report: None,
            id: 1,
            at: 1000,
            kind: "hit".to_string(),
            hit: stored(1, 1000, &first[0], "open"),
        }]
    );
    assert_eq!(notified(store, lebanon.id, 0, 10), [note(2, "hit", 2)]);
    assert_eq!(notified(store, iraq.id, 0, 10), []);
    assert_eq!(audit_log(store).len(), 5);

    // no hits, and the screening still audited
    let none = store
        .add_hits(
            &[],
            1010,
            &[entry_by(IRAQ_OFFICER, 1010, "screen", "query 3")],
            &chain,
        )
        .unwrap();
    assert_eq!(none, Vec::<i64>::new());
    assert_eq!(audit_log(store).len(), 6);

    // a hit naming a member that does not exist is refused by the database: the whole
    // write undone (the good hit before it, its notification, the entry), no id used up
    let refused = store.add_hits(
        &[
            new_hit(iraq.id, 11, jordan.id, "Samir Haddad", 0.90),
            new_hit(iraq.id, 12, 99, "Samir Haddad", 0.90),
        ],
        1020,
        &[entry_by(IRAQ_OFFICER, 1020, "screen", "query 4")],
        &chain,
    );
    assert!(refused.is_err(), "{refused:?}");
    assert_eq!(store.hits_after(iraq.id, 0).unwrap(), (3, 3));
    assert_eq!(notified(store, jordan.id, 0, 10).len(), 1);
    assert_eq!(audit_log(store).len(), 6);

    // more hits: iraq's at the same moment (a higher score), jordan's of iraq's record,
    // iraq's later one
    let second = new_hit(iraq.id, 8, jordan.id, "Samira Haddad", 0.97);
    let third = new_hit(jordan.id, 12, iraq.id, "Ali Hassan", 0.93);
    let fourth = new_hit(iraq.id, 7, jordan.id, "Sameer Hadad", 0.80);
    assert_eq!(
        store
            .add_hits(
                std::slice::from_ref(&second),
                1000,
                &[entry_by(IRAQ_OFFICER, 1000, "screen", "query 5")],
                &chain
            )
            .unwrap(),
        [4]
    );
    assert_eq!(
        store
            .add_hits(
                std::slice::from_ref(&third),
                1100,
                &[entry_by(JORDAN_OFFICER, 1100, "screen", "query 6")],
                &chain
            )
            .unwrap(),
        [5]
    );
    assert_eq!(
        store
            .add_hits(
                std::slice::from_ref(&fourth),
                1200,
                &[entry_by(IRAQ_OFFICER, 1200, "screen", "query 7")],
                &chain
            )
            .unwrap(),
        [6]
    );
    assert_eq!(audit_log(store).len(), 9);

    // notifications after an id, oldest first, at most the limit
    let to_jordan = [note(1, "hit", 1), note(3, "hit", 4), note(5, "hit", 6)];
    assert_eq!(notified(store, jordan.id, 0, 10), to_jordan);
    assert_eq!(notified(store, jordan.id, 0, 2), to_jordan[..2]);
    assert_eq!(notified(store, jordan.id, 1, 1), to_jordan[1..2]);
    assert_eq!(notified(store, jordan.id, 3, usize::MAX), to_jordan[2..]);
    assert_eq!(notified(store, jordan.id, 5, 10), []);
    assert_eq!(notified(store, jordan.id, 0, 0), []);
    assert_eq!(notified(store, iraq.id, 0, 10), [note(4, "hit", 5)]);

    // iraq's queue: newest first, then the higher score, then the larger id
    let every = HitFilter::default();
    assert_eq!(
        queue(store, iraq.id, &every, 10, 0),
        (vec![6, 4, 3, 1, 2], 5)
    );
    assert_eq!(queue(store, iraq.id, &every, 2, 1), (vec![4, 3], 5));
    assert_eq!(queue(store, iraq.id, &every, 10, 4), (vec![2], 5));
    assert_eq!(queue(store, iraq.id, &every, usize::MAX, 0).0.len(), 5);
    assert_eq!(
        queue(store, iraq.id, &every, 10, usize::MAX),
        (Vec::<i64>::new(), 5)
    );
    assert_eq!(queue(store, jordan.id, &every, 10, 0), (vec![5], 1));
    assert_eq!(
        queue(store, lebanon.id, &every, 10, 0),
        (Vec::<i64>::new(), 0)
    );
    let filtered = |filter: HitFilter| queue(store, iraq.id, &filter, 10, 0);
    let documents = filtered(HitFilter {
        documents: Some(true),
        ..HitFilter::default()
    });
    assert_eq!(documents, (vec![2], 1));
    let records = filtered(HitFilter {
        documents: Some(false),
        ..HitFilter::default()
    });
    assert_eq!(records, (vec![6, 4, 3, 1], 4));
    let strong = filtered(HitFilter {
        min_score: Some(0.95),
        ..HitFilter::default()
    });
    assert_eq!(strong, (vec![4, 3], 2));
    let since = filtered(HitFilter {
        since: Some(1200),
        ..HitFilter::default()
    });
    assert_eq!(since, (vec![6], 1));
    let until = filtered(HitFilter {
        until: Some(1200),
        ..HitFilter::default()
    });
    assert_eq!(until, (vec![4, 3, 1, 2], 4));
    let empty_span = filtered(HitFilter {
        since: Some(1000),
        until: Some(1000),
        ..HitFilter::default()
    });
    assert_eq!(empty_span, (Vec::<i64>::new(), 0));
    // no hit here was raised on a manifest, so none has a flight
    let flight = filtered(HitFilter {
        flight: Some("RJ".to_string()),
        ..HitFilter::default()
    });
    assert_eq!(flight, (Vec::<i64>::new(), 0));
    assert_eq!(store.manifest_of_hit(1).unwrap(), None);

    // hits after a number: how many, and the newest one's number
    assert_eq!(store.hits_after(iraq.id, 0).unwrap(), (5, 6));
    assert_eq!(store.hits_after(iraq.id, 4).unwrap(), (1, 6));
    assert_eq!(store.hits_after(iraq.id, 6).unwrap(), (0, 6));
    assert_eq!(store.hits_after(jordan.id, 2).unwrap(), (1, 5));
    assert_eq!(store.hits_after(lebanon.id, 3).unwrap(), (0, 3));

    // iraq escalates hit 1 to jordan, who is notified
    let asked = "same date of birth, another father's name";
    store
        .set_hit_status(
            &StatusChange {
                hit: 1,
                status: "escalated",
                reason: asked,
                suppression: None,
                notify: Some((jordan.id, "escalated")),
            },
            &entry_by(IRAQ_OFFICER, 1300, "hit.status", "hit 1"),
            &chain,
        )
        .unwrap();
    assert_eq!(store.hit(1).unwrap().unwrap().status, "escalated");
    assert_eq!(notified(store, jordan.id, 5, 10), [note(6, "escalated", 1)]);
    // the notification carries the hit as stored now
    assert_eq!(
        store.notifications(jordan.id, 0, 1).unwrap()[0].hit.status,
        "escalated"
    );

    // jordan answers: a false positive, which suppresses the traveller for iraq; iraq is
    // notified of the answer
    let answered = "the listed person was in custody that day";
    let cleared = NewSuppression {
        querier: iraq.id,
        record: 7,
        record_version: 2,
        details: "d1".to_string(),
    };
    store
        .set_hit_status(
            &StatusChange {
                hit: 1,
                status: "false-positive",
                reason: answered,
                suppression: Some(&cleared),
                notify: Some((iraq.id, "answered")),
            },
            &entry_by(JORDAN_OFFICER, 1400, "hit.answer", "hit 1"),
            &chain,
        )
        .unwrap();
    assert_eq!(notified(store, iraq.id, 4, 10), [note(7, "answered", 1)]);
    let first_suppression = SuppressionRow {
        id: 1,
        querier: iraq.id,
        record: 7,
        record_version: 2,
        details: "d1".to_string(),
        hit: 1,
        at: 1400,
        actor: JORDAN_OFFICER.to_string(),
        revoked_at: None,
        revoked_by: None,
    };
    assert_eq!(
        store.suppressions_for(iraq.id, "d1").unwrap(),
        std::slice::from_ref(&first_suppression)
    );
    assert_eq!(store.suppressions_for(jordan.id, "d1").unwrap(), []);
    assert_eq!(store.suppressions_for(iraq.id, "d2").unwrap(), []);
    assert_eq!(
        store.suppression_of_hit(1).unwrap(),
        Some(first_suppression.clone())
    );
    assert_eq!(store.suppression_of_hit(2).unwrap(), None);

    // iraq clears hit 4 itself (same details, another record): no one notified
    let also_cleared = NewSuppression {
        querier: iraq.id,
        record: 8,
        record_version: 1,
        details: "d1".to_string(),
    };
    store
        .set_hit_status(
            &StatusChange {
                hit: 4,
                status: "false-positive",
                reason: "another person",
                suppression: Some(&also_cleared),
                notify: None,
            },
            &entry_by(IRAQ_OFFICER, 1500, "hit.status", "hit 4"),
            &chain,
        )
        .unwrap();
    let in_force: Vec<i64> = store
        .suppressions_for(iraq.id, "d1")
        .unwrap()
        .iter()
        .map(|row| row.id)
        .collect();
    assert_eq!(in_force, [1, 2]);
    assert_eq!(notified(store, iraq.id, 7, 10), []);
    assert_eq!(notified(store, jordan.id, 6, 10), []);

    // any change of status revokes the suppression the hit made, at its time, by its actor
    store
        .set_hit_status(
            &StatusChange {
                hit: 1,
                status: "confirmed",
                reason: "new evidence",
                suppression: None,
                notify: None,
            },
            &entry_by(JORDAN_OFFICER, 1600, "hit.status", "hit 1"),
            &chain,
        )
        .unwrap();
    let revoked_by_status = SuppressionRow {
        revoked_at: Some(1600),
        revoked_by: Some(JORDAN_OFFICER.to_string()),
        ..first_suppression.clone()
    };
    assert_eq!(
        store.suppression_of_hit(1).unwrap(),
        Some(revoked_by_status.clone())
    );
    let in_force: Vec<i64> = store
        .suppressions_for(iraq.id, "d1")
        .unwrap()
        .iter()
        .map(|row| row.id)
        .collect();
    assert_eq!(in_force, [2]);

    // a suppression revoked on its own, with its entry; revoked already, or absent: refused,
    // writing nothing
    let before = audit_log(store).len();
    store
        .revoke_suppression(
            2,
            &entry_by(IRAQ_OFFICER, 1700, "suppression.revoke", "hit 4"),
            &chain,
        )
        .unwrap();
    assert_eq!(store.suppressions_for(iraq.id, "d1").unwrap(), []);
    let revoked = store.suppression_of_hit(4).unwrap().unwrap();
    assert_eq!(
        (revoked.revoked_at, revoked.revoked_by.as_deref()),
        (Some(1700), Some(IRAQ_OFFICER))
    );
    assert_eq!(audit_log(store).len(), before + 1);
    for id in [2, 99] {
        let again = store.revoke_suppression(
            id,
            &entry_by(IRAQ_OFFICER, 1710, "suppression.revoke", "hit 4"),
            &chain,
        );
        assert!(
            matches!(&again, Err(StoreError::NotFound { what: "suppression", name }) if *name == id.to_string()),
            "{again:?}"
        );
    }
    assert_eq!(store.suppression_of_hit(4).unwrap(), Some(revoked));
    assert_eq!(audit_log(store).len(), before + 1);

    // cleared again: a new suppression, the hit's latest
    store
        .set_hit_status(
            &StatusChange {
                hit: 1,
                status: "false-positive",
                reason: "the evidence was about another man",
                suppression: Some(&cleared),
                notify: None,
            },
            &entry_by(JORDAN_OFFICER, 1800, "hit.status", "hit 1"),
            &chain,
        )
        .unwrap();
    let latest = store.suppression_of_hit(1).unwrap().unwrap();
    assert_eq!((latest.id, latest.at, latest.revoked_at), (3, 1800, None));

    // a hit absent, a status the schema does not know, a notification of a kind it does
    // not know: refused, writing nothing (no status, history, suppression change or entry)
    let before = audit_log(store).len();
    let absent = store.set_hit_status(
        &StatusChange {
            hit: 99,
            status: "confirmed",
            reason: "seen",
            suppression: None,
            notify: None,
        },
        &entry_by(IRAQ_OFFICER, 1900, "hit.status", "hit 99"),
        &chain,
    );
    assert!(
        matches!(&absent, Err(StoreError::NotFound { what: "hit", name }) if name == "99"),
        "{absent:?}"
    );
    let unknown_status = store.set_hit_status(
        &StatusChange {
            hit: 3,
            status: "closed",
            reason: "seen",
            suppression: None,
            notify: None,
        },
        &entry_by(IRAQ_OFFICER, 1900, "hit.status", "hit 3"),
        &chain,
    );
    assert!(unknown_status.is_err(), "{unknown_status:?}");
    let unknown_kind = store.set_hit_status(
        &StatusChange {
            hit: 1,
            status: "escalated",
            reason: "asking again",
            suppression: None,
            notify: Some((jordan.id, "reminder")),
        },
        &entry_by(IRAQ_OFFICER, 1900, "hit.status", "hit 1"),
        &chain,
    );
    assert!(unknown_kind.is_err(), "{unknown_kind:?}");
    assert_eq!(
        store.hit(3).unwrap(),
        Some(stored(3, 1000, &first[2], "open"))
    );
    assert_eq!(store.hit(1).unwrap().unwrap().status, "false-positive");
    assert_eq!(store.suppression_of_hit(1).unwrap(), Some(latest));
    assert_eq!(store.hit_history(3).unwrap(), []);
    assert_eq!(notified(store, jordan.id, 6, 10), []);
    assert_eq!(audit_log(store).len(), before);

    // each hit's history, oldest first; none for one absent or unchanged
    assert_eq!(
        store.hit_history(1).unwrap(),
        [
            event(1300, IRAQ_OFFICER, "escalated", asked),
            event(1400, JORDAN_OFFICER, "false-positive", answered),
            event(1600, JORDAN_OFFICER, "confirmed", "new evidence"),
            event(
                1800,
                JORDAN_OFFICER,
                "false-positive",
                "the evidence was about another man"
            ),
        ]
    );
    assert_eq!(
        store.hit_history(4).unwrap(),
        [event(
            1500,
            IRAQ_OFFICER,
            "false-positive",
            "another person"
        )]
    );
    assert_eq!(store.hit_history(2).unwrap(), []);
    assert_eq!(store.hit_history(99).unwrap(), []);
    let cleared_hits = queue(
        store,
        iraq.id,
        &HitFilter {
            status: Some("false-positive".to_string()),
            ..HitFilter::default()
        },
        10,
        0,
    );
    assert_eq!(cleared_hits, (vec![4, 1], 2));

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
    assert_eq!(
        written,
        [
            ("cli:test", "member.add", "member jordan-psd"),
            ("cli:test", "member.add", "member iraq-nsa"),
            ("cli:test", "member.add", "member lebanon-gs"),
            (IRAQ_OFFICER, "screen", "query 1"),
            (IRAQ_OFFICER, "screen", "query 2"),
            (IRAQ_OFFICER, "screen", "query 3"),
            (IRAQ_OFFICER, "screen", "query 5"),
            (JORDAN_OFFICER, "screen", "query 6"),
            (IRAQ_OFFICER, "screen", "query 7"),
            (IRAQ_OFFICER, "hit.status", "hit 1"),
            (JORDAN_OFFICER, "hit.answer", "hit 1"),
            (IRAQ_OFFICER, "hit.status", "hit 4"),
            (JORDAN_OFFICER, "hit.status", "hit 1"),
            (IRAQ_OFFICER, "suppression.revoke", "hit 4"),
            (JORDAN_OFFICER, "hit.status", "hit 1"),
        ]
    );
    common::assert_chained(&log);
    assert_eq!(store.audit_tree_size().unwrap(), 15);
}

#[test]
fn the_sqlite_store_keeps_the_hits_contract() {
    let directory = tempfile::tempdir().unwrap();
    let mut store = gatecheck_store::Store::open(directory.path()).unwrap();
    suite(&mut store);
}

#[test]
fn the_postgresql_store_keeps_the_hits_contract() {
    let Some(cluster) = cluster("the_postgresql_store_keeps_the_hits_contract") else {
        return;
    };
    let url = cluster.connection_string();
    let mut store = PostgresStore::connect(&url).unwrap();
    suite(&mut store);

    // another node reads what this one wrote, and this one what the other writes next
    let mut other_node = PostgresStore::connect(&url).unwrap();
    assert_eq!(other_node.hit(5).unwrap().map(|hit| hit.record), Some(12));
    let ids = other_node
        .add_hits(
            &[new_hit(2, 14, 1, "Huda Saleh", 0.99)],
            2000,
            &[entry_by(IRAQ_OFFICER, 2000, "screen", "query 8")],
            &chain,
        )
        .unwrap();
    assert_eq!(ids, [7]);
    assert_eq!(notified(&store, 1, 6, 10), [note(8, "hit", 7)]);
    assert_eq!(store.audit_tree_size().unwrap(), 16);

    // the manifest a hit was raised on has its column, empty for hits raised on none
    // (`tests/conformance_manifests.rs` fills it)
    let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    let manifests: Vec<Option<i64>> = client
        .query("SELECT manifest FROM hit ORDER BY id", &[])
        .unwrap()
        .iter()
        .map(|row| row.get(0))
        .collect();
    assert_eq!(manifests, vec![None; 7]);
}

/// Several nodes adding hits at once: every hit and every notification kept, numbered once
/// each without gaps, and numbered in one order (the notifications in the order of their
/// hits), so that a node following them "after an id" passes over none.
#[test]
fn nodes_adding_hits_at_once_number_every_hit_and_notification_once() {
    let Some(cluster) = cluster("nodes_adding_hits_at_once_number_every_hit_and_notification_once")
    else {
        return;
    };
    let url = cluster.connection_string();
    let mut first = PostgresStore::connect(&url).unwrap();
    let owner = add_member(&mut first, "jordan-psd", "JOR", 1);
    const NODES: i64 = 4;
    const ROUNDS: i64 = 5;
    const HITS: i64 = 6;
    let queriers: Vec<i64> = (0..NODES)
        .map(|node| add_member(&mut first, &format!("node-{node}"), "IRQ", 2 + node).id)
        .collect();
    let nodes: Vec<_> = queriers
        .iter()
        .map(|&querier| {
            let url = url.clone();
            std::thread::spawn(move || {
                let mut store = PostgresStore::connect(&url).unwrap();
                let mut raised = Vec::new();
                for round in 0..ROUNDS {
                    // every other hit on the querier's own record: no notification for it
                    let hits: Vec<NewHit> = (0..HITS)
                        .map(|at| {
                            let record_owner = if at % 2 == 0 { owner.id } else { querier };
                            new_hit(querier, 100 + at, record_owner, "Yusuf Nasser", 0.9)
                        })
                        .collect();
                    let audits = [entry_by(
                        "user:test",
                        100 + round,
                        "screen",
                        &format!("node {querier} round {round}"),
                    )];
                    raised.extend(store.add_hits(&hits, 100 + round, &audits, &chain).unwrap());
                }
                (querier, raised)
            })
        })
        .collect();
    let mut every_id = Vec::new();
    for node in nodes {
        let (querier, raised) = node.join().unwrap();
        assert_eq!(raised.len() as i64, ROUNDS * HITS);
        for id in &raised {
            assert_eq!(
                first.hit(*id).unwrap().map(|hit| hit.querier),
                Some(querier)
            );
        }
        assert_eq!(
            first.hits_after(querier, 0).unwrap().0 as i64,
            ROUNDS * HITS
        );
        every_id.extend(raised);
    }
    every_id.sort_unstable();
    let total = NODES * ROUNDS * HITS;
    assert_eq!(every_id, (1..=total).collect::<Vec<_>>());

    // one notification for each hit on the owner's records, numbered 1.. without gaps, in
    // the order of their hits
    let notifications = first.notifications(owner.id, 0, usize::MAX).unwrap();
    let ids: Vec<i64> = notifications.iter().map(|row| row.id).collect();
    assert_eq!(ids, (1..=total / 2).collect::<Vec<_>>());
    let hits: Vec<i64> = notifications.iter().map(|row| row.hit.id).collect();
    assert!(hits.windows(2).all(|pair| pair[0] < pair[1]), "{hits:?}");
    assert!(notifications.iter().all(|row| row.hit.owner == owner.id));
    for querier in queriers {
        assert_eq!(first.notifications(querier, 0, usize::MAX).unwrap(), []);
    }
    let entries = first.audit_entries(1, i64::MAX).unwrap();
    assert_eq!(entries.len() as i64, 1 + NODES + NODES * ROUNDS);
}

/// A hit given with the traveller's details and `absorb_since`.
fn sighting(querier: i64, record: i64, owner: i64, details: &str, since: i64) -> NewHit {
    NewHit {
        details: Some(details.to_string()),
        absorb_since: Some(since),
        ..new_hit(querier, record, owner, "Samir Haddad", 0.91)
    }
}

/// Issue 17: a traveller screened again within a shift is a sighting of the open hit
/// already raised: its id given again, seen once more, the owner not notified again; a
/// hit raised before the shift, a decided one, one of other details or of a query naming
/// nobody absorbs nothing.
fn sightings_suite(store: &mut (impl Members + AuditLog + Hits)) {
    let jordan = add_member(store, "jordan-psd", "JOR", 1);
    let iraq = add_member(store, "iraq-nsa", "IRQ", 2);
    let screen = |at: i64| [entry_by(IRAQ_OFFICER, at, "screen", "query")];
    let first = sighting(iraq.id, 7, jordan.id, "d1", 0);
    assert_eq!(
        store
            .add_hits(&[first], 1000, &screen(1000), &chain)
            .unwrap(),
        [1]
    );
    let again = sighting(iraq.id, 7, jordan.id, "d1", 500);
    assert_eq!(
        store
            .add_hits(&[again], 1100, &screen(1100), &chain)
            .unwrap(),
        [1]
    );
    let seen = store.hit(1).unwrap().unwrap();
    assert_eq!(
        (seen.at, seen.last_seen_at, seen.seen_count),
        (1000, 1100, 2)
    );
    assert_eq!(notified(store, jordan.id, 0, 10), [note(1, "hit", 1)]);
    assert_eq!(audit_log(store).len(), 4, "every sighting audited");

    // raised before the shift began: a new hit
    let later = sighting(iraq.id, 7, jordan.id, "d1", 1050);
    assert_eq!(
        store
            .add_hits(&[later], 1200, &screen(1200), &chain)
            .unwrap(),
        [2]
    );
    // other details, another record, no details, or no shift: new hits each
    let others = [
        sighting(iraq.id, 7, jordan.id, "d2", 0),
        sighting(iraq.id, 8, jordan.id, "d1", 0),
        NewHit {
            absorb_since: Some(0),
            ..new_hit(iraq.id, 7, jordan.id, "Samir Haddad", 0.91)
        },
        NewHit {
            details: Some("d1".to_string()),
            ..new_hit(iraq.id, 7, jordan.id, "Samir Haddad", 0.91)
        },
    ];
    assert_eq!(
        store
            .add_hits(&others, 1300, &screen(1300), &chain)
            .unwrap(),
        [3, 4, 5, 6]
    );
    // the same traveller twice in one write (a flight listing them twice): one hit
    let twice = [
        sighting(iraq.id, 9, jordan.id, "d3", 0),
        sighting(iraq.id, 9, jordan.id, "d3", 0),
    ];
    assert_eq!(
        store.add_hits(&twice, 1400, &screen(1400), &chain).unwrap(),
        [7, 7]
    );
    let seen = store.hit(7).unwrap().unwrap();
    assert_eq!((seen.last_seen_at, seen.seen_count), (1400, 2));
    let notes: Vec<i64> = notified(store, jordan.id, 0, 20)
        .into_iter()
        .map(|(_, _, hit)| hit)
        .collect();
    assert_eq!(notes, [1, 2, 3, 4, 5, 6, 7]);

    // the newest open hit absorbs (hit 6, of these details on record 7, over hits 1 and 2)
    let newest = sighting(iraq.id, 7, jordan.id, "d1", 0);
    assert_eq!(
        store
            .add_hits(&[newest], 1500, &screen(1500), &chain)
            .unwrap(),
        [6]
    );
    // once decided, a hit absorbs nothing (hit 4, of these details on record 8)
    let decided = entry_by(IRAQ_OFFICER, 1500, "hit.status", "hit 4");
    let change = StatusChange {
        hit: 4,
        status: "confirmed",
        reason: "seen",
        suppression: None,
        notify: None,
    };
    store.set_hit_status(&change, &decided, &chain).unwrap();
    let after = sighting(iraq.id, 8, jordan.id, "d1", 0);
    assert_eq!(
        store
            .add_hits(std::slice::from_ref(&after), 1600, &screen(1600), &chain)
            .unwrap(),
        [8]
    );
    assert_eq!(
        store
            .add_hits(&[after], 1700, &screen(1700), &chain)
            .unwrap(),
        [8]
    );
    assert_eq!(store.hit(4).unwrap().unwrap().seen_count, 1);
    assert_eq!(store.hit(6).unwrap().unwrap().seen_count, 2);
    assert_eq!(store.hit(1).unwrap().unwrap().seen_count, 2);
    assert_eq!(store.hit(8).unwrap().unwrap().seen_count, 2);
    let queued = store
        .hits_of(iraq.id, &HitFilter::default(), 1, 0)
        .unwrap()
        .0;
    assert_eq!(
        (
            queued[0].0.id,
            queued[0].0.last_seen_at,
            queued[0].0.seen_count
        ),
        (8, 1700, 2)
    );
}

#[test]
fn the_sqlite_store_merges_sightings_into_the_open_hit() {
    let directory = tempfile::tempdir().unwrap();
    let mut store = gatecheck_store::Store::open(directory.path()).unwrap();
    sightings_suite(&mut store);
}

#[test]
fn the_postgresql_store_merges_sightings_into_the_open_hit() {
    let Some(cluster) = cluster("the_postgresql_store_merges_sightings_into_the_open_hit") else {
        return;
    };
    let mut store = PostgresStore::connect(&cluster.connection_string()).unwrap();
    sightings_suite(&mut store);
}

/// (id, kind, hit id) of a member's notifications below `before`, newest first.
fn notified_newest_first(
    store: &impl Hits,
    member: i64,
    before: Option<i64>,
    limit: usize,
) -> Vec<(i64, String, i64)> {
    store
        .notifications_before(member, before, limit)
        .unwrap()
        .into_iter()
        .map(|row| (row.id, row.kind, row.hit.id))
        .collect()
}

/// The console's list of notifications: newest first, a page before the last id shown,
/// only the member's own, each with its hit as stored now; the same rows as the oldest
/// first reading gives, the other way round.
fn newest_first_suite(store: &mut (impl Members + AuditLog + Hits)) {
    let jordan = add_member(store, "jordan-psd", "JOR", 1);
    let iraq = add_member(store, "iraq-nsa", "IRQ", 2);
    let lebanon = add_member(store, "lebanon-gs", "LBN", 3);
    let screen = |at: i64| [entry_by(IRAQ_OFFICER, at, "screen", "query")];
    // jordan's notifications are 1, 3, 4 and 5; lebanon's is 2
    for (at, hits) in [
        (
            1000,
            vec![new_hit(iraq.id, 7, jordan.id, "Samir Haddad", 0.91)],
        ),
        (
            1100,
            vec![new_hit(iraq.id, 20, lebanon.id, "Rami Khoury", 0.88)],
        ),
        (
            1200,
            vec![
                new_hit(lebanon.id, 8, jordan.id, "Omar Jaber", 0.93),
                new_hit(lebanon.id, 9, jordan.id, "Huda Saleh", 0.95),
            ],
        ),
        (
            1300,
            vec![new_hit(iraq.id, 9, jordan.id, "Huda Salih", 0.9)],
        ),
    ] {
        store.add_hits(&hits, at, &screen(at), &chain).unwrap();
    }
    assert_eq!(
        notified_newest_first(store, jordan.id, None, 2),
        [note(5, "hit", 5), note(4, "hit", 4)]
    );
    assert_eq!(
        notified_newest_first(store, jordan.id, Some(4), 2),
        [note(3, "hit", 3), note(1, "hit", 1)]
    );
    assert_eq!(notified_newest_first(store, jordan.id, Some(1), 2), []);
    assert_eq!(
        notified_newest_first(store, lebanon.id, None, 10),
        [note(2, "hit", 2)]
    );
    assert_eq!(notified_newest_first(store, iraq.id, None, 10), []);
    // every one, the oldest first reading turned round
    let mut oldest_first = store.notifications(jordan.id, 0, 10).unwrap();
    oldest_first.reverse();
    assert_eq!(
        store.notifications_before(jordan.id, None, 10).unwrap(),
        oldest_first
    );
    assert_eq!(
        store
            .notifications_before(jordan.id, None, usize::MAX)
            .unwrap()
            .len(),
        4
    );
    // each with its hit as stored now
    let decided = entry_by(IRAQ_OFFICER, 1400, "hit.status", "hit 5");
    let change = StatusChange {
        hit: 5,
        status: "confirmed",
        reason: "seen at the desk",
        suppression: None,
        notify: None,
    };
    store.set_hit_status(&change, &decided, &chain).unwrap();
    let newest = store.notifications_before(jordan.id, None, 1).unwrap();
    assert_eq!(
        newest,
        [NotificationRow {
            report: None,
            id: 5,
            at: 1300,
            kind: "hit".to_string(),
            hit: stored(
                5,
                1300,
                &new_hit(iraq.id, 9, jordan.id, "Huda Salih", 0.9),
                "confirmed"
            ),
        }]
    );
}

#[test]
fn the_sqlite_store_lists_notifications_newest_first() {
    let directory = tempfile::tempdir().unwrap();
    let mut store = gatecheck_store::Store::open(directory.path()).unwrap();
    newest_first_suite(&mut store);
}

#[test]
fn the_postgresql_store_lists_notifications_newest_first() {
    let Some(cluster) = cluster("the_postgresql_store_lists_notifications_newest_first") else {
        return;
    };
    let mut store = PostgresStore::connect(&cluster.connection_string()).unwrap();
    newest_first_suite(&mut store);
}
