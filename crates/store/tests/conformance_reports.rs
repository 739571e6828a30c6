//! Payments kept as manifests are, and suspicious transaction reports, on every backend:
//! the SQLite store and the PostgreSQL one must give the same rows for the same calls (a
//! payment kept with its hit, read back with its kind and left out of the member's
//! flights; reports kept with their audit entries, numbered in order, read whole, listed
//! newest first for their author and their recipient and for no other member, the
//! recipient notified; a report
//! naming a hit that is not there refused, leaving nothing).
//!
//! The PostgreSQL run starts a throwaway cluster (`gatecheck-testpg`) and skips with a
//! notice when PostgreSQL is not installed, unless `GATECHECK_REQUIRE_POSTGRES` is set.

mod common;

use common::{add_member, chain, cluster, entry_by};

use gatecheck_store::concepts::{AuditLog, Hits, Manifests, Members, Reports};
use gatecheck_store::postgres::PostgresStore;
use gatecheck_store::{NewHit, NewManifest, NewReport, ReportRow};

/// A payment member `querier` screened whose creditor matched record 1 of member 3.
fn kept_payment(store: &mut (impl Manifests + Hits), querier: i64) -> (i64, i64) {
    let payment = NewManifest {
        querier,
        kind: "payment".to_string(),
        source: "MT103".to_string(),
        reference: "REF-2026-0001".to_string(),
        flight: r#"{"channel":"payment","format":"MT103","reference":"REF-2026-0001"}"#.to_string(),
        travellers: 4,
        digest: format!("{:0>64}", 7),
    };
    let hit = NewHit {
        querier,
        record: 1,
        owner: 3,
        query: r#"{"id":"REF-2026-0001/beneficiary","schema":"LegalEntity","properties":{"name":["Al Noor Trading"]}}"#.to_string(),
        score: 0.97,
        explanation: r#"{"name":0.97}"#.to_string(),
        details: None,
        absorb_since: None,
    };
    let audits = [entry_by(
        &format!("member:{querier}"),
        1000,
        "screen.payment",
        "MT103 REF-2026-0001",
    )];
    let mut kept = store
        .add_manifests(
            &[(&payment, std::slice::from_ref(&hit))],
            1000,
            &mut |_, id, hits| format!(r#"{{"manifest":{id},"hits":{hits:?}}}"#),
            &audits,
            &chain,
        )
        .unwrap();
    let (id, hits) = kept.remove(0);
    (id, hits[0])
}

fn report(author: i64, recipient: i64, hit: i64, reference: &str) -> NewReport {
    NewReport {
        author,
        recipient,
        hit,
        reference: reference.to_string(),
        report: format!("<report><entity_reference>{reference}</entity_reference></report>"),
        digest: format!("{:0>64}", reference.len()),
    }
}

fn ids(rows: &(Vec<ReportRow>, usize)) -> (Vec<i64>, usize) {
    (rows.0.iter().map(|row| row.id).collect(), rows.1)
}

fn suite(store: &mut (impl Members + AuditLog + Hits + Manifests + Reports)) {
    let bank = add_member(store, "jordan-bank", "JO", 10).id;
    let fiu = add_member(store, "iraq-fiu", "IQ", 11).id;
    let lister = add_member(store, "un-list", "UN", 12).id;
    assert_eq!((bank, fiu, lister), (1, 2, 3));

    // a payment is kept as a manifest of kind `payment`, its hit linked, not a flight
    let (payment, hit) = kept_payment(store, bank);
    let row = store.manifest(payment).unwrap().unwrap();
    assert_eq!(
        (row.kind.as_str(), row.source.as_str(), row.travellers),
        ("payment", "MT103", 4)
    );
    assert_eq!(store.manifests_of(bank, 10, 0).unwrap(), (Vec::new(), 0));
    assert_eq!(
        store
            .manifest_of_hit(hit)
            .unwrap()
            .map(|found| (found.id, found.kind)),
        Some((payment, "payment".to_string()))
    );

    // reports, each with its audit entry, numbered in order
    let first = report(bank, fiu, hit, "CASE-1");
    let at = 2000;
    let audit = entry_by("user:Rania.Haddad", at, "report.add", "report of hit 1");
    assert_eq!(store.add_report(&first, at, &audit, &chain).unwrap(), 1);
    let log = store.audit_entries(0, 100).unwrap();
    assert_eq!(log.last().unwrap().action, "report.add");
    let second = report(bank, lister, hit, "CASE-2");
    assert_eq!(
        store.add_report(&second, at + 1, &audit, &chain).unwrap(),
        2
    );

    // the recipient is notified of its report (on the report's hit), nobody else
    let told: Vec<(String, Option<i64>, i64)> = store
        .notifications(fiu, 0, 10)
        .unwrap()
        .into_iter()
        .map(|row| (row.kind, row.report, row.hit.id))
        .collect();
    assert_eq!(told, [("report".to_string(), Some(1), hit)]);
    let lister_told: Vec<Option<i64>> = store
        .notifications(lister, 0, 10)
        .unwrap()
        .into_iter()
        .map(|row| row.report)
        .collect();
    // the list's owner was told of the hit, then of the report sent to it
    assert_eq!(lister_told, [None, Some(2)]);
    let read = store.report(1).unwrap().unwrap();
    assert_eq!(
        read,
        ReportRow {
            id: 1,
            at,
            author: bank,
            recipient: fiu,
            hit,
            reference: "CASE-1".to_string(),
            digest: first.digest.clone(),
            report: Some(first.report.clone()),
        }
    );
    assert_eq!(store.report(3).unwrap(), None);
    // the author sees both, newest first; each recipient its own; listed without the XML
    assert_eq!(
        ids(&store.reports_of(bank, 10, 0).unwrap()),
        (vec![2, 1], 2)
    );
    assert_eq!(ids(&store.reports_of(bank, 1, 1).unwrap()), (vec![1], 2));
    assert_eq!(ids(&store.reports_of(fiu, 10, 0).unwrap()), (vec![1], 1));
    assert_eq!(ids(&store.reports_of(lister, 10, 0).unwrap()), (vec![2], 1));
    assert_eq!(ids(&store.reports_of(99, 10, 0).unwrap()), (vec![], 0));
    assert!(store.reports_of(bank, 10, 0).unwrap().0[0].report.is_none());
    assert_eq!(
        ids(&store.reports_of(bank, usize::MAX, usize::MAX).unwrap()),
        (vec![], 2)
    );

    // a report of a hit that is not there is refused, and leaves nothing
    let before = store.audit_entries(0, 1000).unwrap().len();
    let dangling = report(bank, fiu, 999, "CASE-3");
    assert!(store.add_report(&dangling, at + 2, &audit, &chain).is_err());
    assert_eq!(store.audit_entries(0, 1000).unwrap().len(), before);
    assert_eq!(
        ids(&store.reports_of(bank, 10, 0).unwrap()),
        (vec![2, 1], 2)
    );
}

#[test]
fn the_sqlite_store_keeps_the_reports_contract() {
    let directory = tempfile::tempdir().unwrap();
    let mut store = gatecheck_store::Store::open(directory.path()).unwrap();
    suite(&mut store);
}

#[test]
fn the_postgresql_store_keeps_the_reports_contract() {
    let Some(cluster) = cluster("the_postgresql_store_keeps_the_reports_contract") else {
        return;
    };
    let mut store = PostgresStore::connect(&cluster.connection_string()).unwrap();
    suite(&mut store);
}
