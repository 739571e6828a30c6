//! The planner's figures on PostgreSQL: a large import analyses the tables it loaded, and
//! the vacuum after a bulk load leaves the tables screenings fill alone. Analysed while
//! empty, the hit table was planned as empty, and the plan a connection keeps for checking
//! each notification's hit read the whole table for every row (two nodes screened 640
//! requests a second rather than 1,000 for it).
//!
//! The runs start a throwaway cluster (`gatecheck-testpg`) and skip with a notice when
//! PostgreSQL is not installed, unless `GATECHECK_REQUIRE_POSTGRES` is set.

mod common;

use common::{add_member, chain, cluster, entry};

use gatecheck_store::concepts::{Documents, Hits, Imports};
use gatecheck_store::postgres::{PostgresStore, ANALYZED_AFTER_ROWS};
use gatecheck_store::{ImportProgress, NewDocument, NewHit, Terms, WriteAudit, WriteTerms};
use gatecheck_testpg::TempCluster;

/// A throwaway cluster for `test` (none when PostgreSQL is not installed), a store on it
/// and a plain client for reading its statistics.
fn opened(test: &str) -> Option<(TempCluster, PostgresStore, postgres::Client)> {
    let cluster = cluster(test)?;
    let url = cluster.connection_string();
    let store = PostgresStore::connect(&url).unwrap();
    let client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    Some((cluster, store, client))
}

/// When `table` was last analysed by hand (not by autovacuum), as text.
fn analysed(client: &mut postgres::Client, table: &str) -> Option<String> {
    client
        .query_one(
            "SELECT last_analyze::text FROM pg_stat_user_tables WHERE relname = $1",
            &[&table],
        )
        .unwrap()
        .get(0)
}

fn documents(from: usize, count: usize) -> Vec<NewDocument> {
    (from..from + count)
        .map(|i| NewDocument {
            number: format!("S{i:08}"),
            issuing_state: "JOR".to_string(),
            kind: "P".to_string(),
            status: gatecheck_store::DocumentStatus::Stolen,
            reported_on: "2026-01-01".to_string(),
        })
        .collect()
}

/// Writes `documents` as one batch of import `import`, `done` items in so far.
fn write_batch(
    store: &mut PostgresStore,
    owner: i64,
    import: i64,
    documents: &[NewDocument],
    done: i64,
) {
    let terms = WriteTerms::set(Terms {
        access_level: "all".to_string(),
        access_members: Vec::new(),
        action: "refer".to_string(),
        review_by: "2031-01-01".to_string(),
    });
    let entry = entry(100, "document.write", "documents");
    store
        .write_documents(
            owner,
            documents,
            &terms,
            Some(ImportProgress {
                import,
                items_done: done,
            }),
            &WriteAudit::plain(&entry),
            &chain,
        )
        .unwrap();
}

#[test]
fn a_large_import_analyses_the_tables_it_loaded_and_a_small_one_does_not() {
    let Some((_cluster, mut store, mut client)) =
        opened("a_large_import_analyses_the_tables_it_loaded_and_a_small_one_does_not")
    else {
        return;
    };
    let owner = add_member(&mut store, "jordan-psd", "JOR", 1).id;
    let import = |store: &mut PostgresStore, file: &str, from: usize, count: usize| {
        let begun = store
            .begin_import(
                owner,
                file,
                &format!("{:064}", from),
                "terms",
                &entry(10, "import.begin", file),
                &chain,
            )
            .unwrap();
        // in batches, as an import writes
        let all = documents(from, count);
        let mut done = 0;
        for batch in all.chunks(5_000) {
            done += batch.len() as i64;
            write_batch(store, owner, begun.id, batch, done);
        }
        store
            .finish_import(begun.id, &entry(20, "import.finish", file), &chain)
            .unwrap();
    };
    import(&mut store, "small.csv", 0, 100);
    assert_eq!(analysed(&mut client, "document"), None);
    let large = usize::try_from(ANALYZED_AFTER_ROWS).unwrap();
    import(&mut store, "large.csv", 1_000, large);
    for table in ["document", "document_version", "terms"] {
        assert!(analysed(&mut client, table).is_some(), "{table}");
    }
    // what screenings fill is left to autovacuum
    for table in ["hit", "notification", "audit"] {
        assert_eq!(analysed(&mut client, table), None, "{table}");
    }
}

#[test]
fn after_the_vacuum_of_a_bulk_load_a_notifications_hit_is_checked_by_its_key() {
    let Some((_cluster, mut store, mut client)) =
        opened("after_the_vacuum_of_a_bulk_load_a_notifications_hit_is_checked_by_its_key")
    else {
        return;
    };
    // autovacuum would analyse the hits at its own moment; this test is of the vacuum's
    client
        .batch_execute(
            "ALTER TABLE hit SET (autovacuum_enabled = false);
             ALTER TABLE notification SET (autovacuum_enabled = false)",
        )
        .unwrap();
    let owner = add_member(&mut store, "jordan-psd", "JOR", 1).id;
    let querier = add_member(&mut store, "iraq-nsa", "IRQ", 2).id;
    store.vacuum_analyze().unwrap();
    assert!(analysed(&mut client, "record").is_some());
    assert_eq!(analysed(&mut client, "hit"), None);
    // 4,000 hits, each with its notification (the owner is told), as screenings write
    // them: each notification's key is checked against the hit table
    let screenings = 400;
    for at in 0..screenings {
        let hits: Vec<NewHit> = (0..10)
            .map(|i| NewHit {
                querier,
                record: at * 10 + i + 1,
                owner,
                query: r#"{"schema":"Person","properties":{"name":["Yusuf Nasser"]}}"#.to_string(),
                score: 0.9,
                explanation: "{}".to_string(),
                details: None,
                absorb_since: None,
            })
            .collect();
        let audit = [entry(1_000 + at, "screen.person", "screening")];
        store.add_hits(&hits, 1_000 + at, &audit, &chain).unwrap();
    }
    let (scans, rows_read): (i64, i64) = {
        let row = client
            .query_one(
                "SELECT seq_scan, seq_tup_read FROM pg_stat_user_tables WHERE relname = 'hit'",
                &[],
            )
            .unwrap();
        (row.get(0), row.get(1))
    };
    // analysed while empty, the table was read whole for every notification: thousands
    // of scans and millions of rows
    assert!(
        scans < 100 && rows_read < 100_000,
        "{scans} scans of the hit table reading {rows_read} rows"
    );
}
