//! Screenings kept for a few days, on every backend: kept with their querier and moment,
//! read back a window at a time in the order kept, counted, and forgotten once older than
//! the window.

mod common;

use common::{chain, cluster, entry};

use gatecheck_store::concepts::{Members, Screenings};
use gatecheck_store::postgres::PostgresStore;
use gatecheck_store::NewMember;

fn suite(store: &mut (impl Members + Screenings)) {
    for (at, name) in [(1, "jordan-psd"), (2, "iraq-nsa")] {
        let key_hash = [at as u8; 32];
        let new = NewMember {
            name,
            country: "JOR",
            admin: false,
            key_hash: &key_hash,
            created_at: at,
        };
        store
            .add_member(&new, &entry(at, "member.add", name), &chain)
            .unwrap();
    }
    store.keep_screenings(100, &[]).unwrap();
    store
        .keep_screenings(100, &[(1, r#"{"name":"a"}"#), (2, r#"{"name":"b"}"#)])
        .unwrap();
    store
        .keep_screenings(200, &[(1, r#"{"name":"c"}"#)])
        .unwrap();
    store
        .keep_screenings(300, &[(2, r#"{"name":"d"}"#)])
        .unwrap();
    let all = store.kept_screenings(0, 0, 10).unwrap();
    let read: Vec<(i64, i64, &str)> = all
        .iter()
        .map(|kept| (kept.at, kept.querier, kept.query.as_str()))
        .collect();
    assert_eq!(
        read,
        [
            (100, 1, r#"{"name":"a"}"#),
            (100, 2, r#"{"name":"b"}"#),
            (200, 1, r#"{"name":"c"}"#),
            (300, 2, r#"{"name":"d"}"#),
        ]
    );
    assert!(all.windows(2).all(|pair| pair[0].id < pair[1].id));
    // a page after the first two, and a window from a moment
    let page = store.kept_screenings(0, all[1].id, 1).unwrap();
    assert_eq!(page, [all[2].clone()]);
    assert_eq!(store.kept_screenings(200, 0, 10).unwrap(), all[2..]);
    assert_eq!(store.kept_screening_count(200).unwrap(), 2);
    assert_eq!(store.kept_screening_count(0).unwrap(), 4);
    // forgotten before a moment
    assert_eq!(store.forget_screenings(200).unwrap(), 2);
    assert_eq!(store.forget_screenings(200).unwrap(), 0);
    assert_eq!(store.kept_screenings(0, 0, 10).unwrap(), all[2..]);
}

#[test]
fn the_sqlite_store_keeps_screenings_for_a_window() {
    let directory = tempfile::tempdir().unwrap();
    let mut store = gatecheck_store::Store::open(directory.path()).unwrap();
    suite(&mut store);
}

#[test]
fn the_postgresql_store_keeps_screenings_for_a_window() {
    let Some(cluster) = cluster("the_postgresql_store_keeps_screenings_for_a_window") else {
        return;
    };
    let mut store = PostgresStore::connect(&cluster.connection_string()).unwrap();
    suite(&mut store);
}
