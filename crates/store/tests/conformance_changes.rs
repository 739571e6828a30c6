//! The change feed of person records on every backend: the SQLite store and the PostgreSQL
//! one must number the same changes the same way for the same calls (a change a record
//! each write added, changed, deleted or purged, in id order, none for a write undone or
//! one that changed nothing), page through them alike, and prune them alike. Several
//! writers at once (SQLite connections, PostgreSQL nodes) must leave one feed without gaps
//! in the order the writes committed, which a follower reading it meanwhile, from a
//! snapshot of the records on, takes whole; and a PostgreSQL write must wake the nodes
//! listening for it.
//!
//! The PostgreSQL runs start a throwaway cluster (`gatecheck-testpg`) and skip with a
//! notice when PostgreSQL is not installed, unless `GATECHECK_REQUIRE_POSTGRES` is set.

mod common;

use common::{chain, cluster, entry};

use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use gatecheck_store::concepts::{AuditLog, Members, Records};
use gatecheck_store::postgres::{ChangeListener, Heard, PostgresStore};
use gatecheck_store::{
    ImportProgress, NewMember, NewRecord, RecordChange, StoreError, Terms, TermsChange, WriteAudit,
    WriteCounts, WriteTerms,
};

/// A FollowTheMoney person as its owner sends it, one JSON line.
fn person(entity_id: &str, name: &str, birth_date: &str) -> NewRecord {
    NewRecord {
        list: None,
        entity_id: entity_id.to_string(),
        entity: format!(
            r#"{{"id":"{entity_id}","schema":"Person","properties":{{"name":["{name}"],"birthDate":["{birth_date}"]}}}}"#
        ),
    }
}

fn terms(review_by: &str) -> WriteTerms {
    WriteTerms::set(Terms {
        access_level: "all".to_string(),
        access_members: Vec::new(),
        action: "refer".to_string(),
        review_by: review_by.to_string(),
    })
}

/// Writes `records` of `owner` with a plain audit entry at `at`.
fn write(
    store: &mut impl Records,
    owner: i64,
    records: &[NewRecord],
    terms: &WriteTerms,
    at: i64,
) -> Result<WriteCounts, StoreError> {
    let entry = entry(at, "record.write", &format!("records of member {owner}"));
    store.write_records(
        owner,
        records,
        terms,
        None,
        &WriteAudit::plain(&entry),
        &chain,
    )
}

fn add_member(store: &mut impl Members, name: &str) -> i64 {
    let new = NewMember {
        name,
        country: "JOR",
        admin: false,
        key_hash: &[7; 32],
        created_at: 1,
    };
    store
        .add_member(&new, &entry(1, "member.add", name), &chain)
        .unwrap()
        .id
}

fn id_of(store: &impl Records, owner: i64, entity_id: &str) -> i64 {
    store
        .record_id(owner, entity_id)
        .unwrap()
        .unwrap_or_else(|| panic!("no record {entity_id:?} of member {owner}"))
}

/// Changes as `(seq, record, at)`, to compare with a table.
fn rows(changes: &[RecordChange]) -> Vec<(i64, i64, i64)> {
    changes
        .iter()
        .map(|change| (change.seq, change.record, change.at))
        .collect()
}

fn whole_feed(store: &impl Records) -> Vec<RecordChange> {
    store.changes_after(0, usize::MAX).unwrap()
}

fn suite(store: &mut (impl Members + AuditLog + Records)) {
    let jordan = add_member(store, "jordan-psd");
    let iraq = add_member(store, "iraq-nsa");

    // no record written yet: an empty feed, numbered from nothing
    assert_eq!(store.last_change().unwrap(), 0);
    assert_eq!(store.changes_after(0, 10).unwrap(), []);

    // records added: a change each, in id order, at the write's time
    let samir = person("jo-samir", "Samir Haddad", "1979-03-14");
    let layla = person("jo-layla", "Layla Nasser", "1985-11-02");
    let omar = person("jo-omar", "Omar Khalil", "1968-07-21");
    let later = terms("2027-06-30");
    let added = write(
        store,
        jordan,
        &[samir.clone(), layla.clone(), omar.clone()],
        &later,
        1000,
    );
    assert_eq!(added.unwrap().added, 3);
    let (samir_id, layla_id, omar_id) = (
        id_of(store, jordan, "jo-samir"),
        id_of(store, jordan, "jo-layla"),
        id_of(store, jordan, "jo-omar"),
    );
    assert_eq!(
        rows(&whole_feed(store)),
        [(1, samir_id, 1000), (2, layla_id, 1000), (3, omar_id, 1000)]
    );
    assert_eq!(store.last_change().unwrap(), 3);

    // written again as they are: nothing changed, no change
    let unchanged = write(store, jordan, &[samir.clone(), omar.clone()], &later, 1100);
    assert_eq!(unchanged.unwrap().unchanged, 2);
    assert_eq!(store.last_change().unwrap(), 3);

    // a record changed and one added twice in one write: a change each, in id order
    // whatever the write's order, none for the record left as it was
    let layla_alias = person("jo-layla", "Layla Nasser Saad", "1985-11-02");
    let nadia = person("jo-nadia", "Nadia Farouk", "1992-05-30");
    let nadia_again = person("jo-nadia", "Nadia Farouk Saleh", "1992-05-30");
    let mixed = write(
        store,
        jordan,
        &[nadia.clone(), samir.clone(), layla_alias, nadia_again],
        &later,
        1200,
    );
    assert_eq!(
        mixed.unwrap(),
        WriteCounts {
            added: 1,
            changed: 2,
            unchanged: 1,
            removed: 0
        }
    );
    let nadia_id = id_of(store, jordan, "jo-nadia");
    assert_eq!(
        rows(&store.changes_after(3, 10).unwrap()),
        [(4, layla_id, 1200), (5, nadia_id, 1200)]
    );

    // another member's write follows in the same feed
    let karim = person("iq-karim", "Karim Mansour", "1990-01-09");
    write(store, iraq, &[karim], &terms("2026-03-31"), 1300).unwrap();
    let karim_id = id_of(store, iraq, "iq-karim");
    assert_eq!(
        rows(&store.changes_after(5, 10).unwrap()),
        [(6, karim_id, 1300)]
    );

    // writes undone leave no change and use up no number: refused by the service, of an
    // import not found unfinished, a deletion of a record absent, another's or deleted
    let yusuf = person("jo-yusuf", "Yusuf Darwish", "1983-12-25");
    let refusing =
        |_: &[TermsChange]| -> Result<String, String> { Err("widens access".to_string()) };
    let refused = store.write_records(
        jordan,
        &[yusuf.clone(), samir.clone()],
        &terms("2029-12-31"),
        None,
        &WriteAudit {
            entry: &entry(1400, "record.write", "records of member 1"),
            terms_note: &refusing,
        },
        &chain,
    );
    assert!(
        matches!(refused, Err(StoreError::Refused(_))),
        "{refused:?}"
    );
    let import_entry = entry(1410, "record.import", "records of member 1");
    let unknown_import = store.write_records(
        jordan,
        std::slice::from_ref(&yusuf),
        &later,
        Some(ImportProgress {
            import: 41,
            items_done: 1,
        }),
        &WriteAudit::plain(&import_entry),
        &chain,
    );
    assert!(
        matches!(unknown_import, Err(StoreError::NotFound { .. })),
        "{unknown_import:?}"
    );
    for (owner, id) in [(iraq, samir_id), (jordan, 99)] {
        let refused = store.delete_record(owner, id, &entry(1420, "record.delete", "x"), &chain);
        assert!(matches!(refused, Err(StoreError::NotFound { .. })));
    }
    assert_eq!(store.last_change().unwrap(), 6);
    assert_eq!(store.changes_after(6, 10).unwrap(), []);

    // a deletion: a change at its entry's time; deleted again, refused, none
    store
        .delete_record(
            jordan,
            omar_id,
            &entry(2000, "record.delete", "record"),
            &chain,
        )
        .unwrap();
    let twice = store.delete_record(
        jordan,
        omar_id,
        &entry(2001, "record.delete", "record"),
        &chain,
    );
    assert!(matches!(twice, Err(StoreError::NotFound { .. })));
    // written again, it comes back: a change
    write(store, jordan, std::slice::from_ref(&omar), &later, 2100).unwrap();
    assert_eq!(
        rows(&store.changes_after(6, 10).unwrap()),
        [(7, omar_id, 2000), (8, omar_id, 2100)]
    );

    // purged past the review date: a change a record purged (one deleted before too), in
    // id order at the purge's time; a purge of nothing, none
    let rami = person("jo-rami", "Rami Saleh", "1975-09-12");
    write(store, jordan, &[rami], &terms("2020-01-01"), 2200).unwrap();
    let rami_id = id_of(store, jordan, "jo-rami");
    store
        .delete_record(iraq, karim_id, &entry(2300, "record.delete", "x"), &chain)
        .unwrap();
    let purge_entry = entry(3000, "record.purge", "records past their review date");
    assert_eq!(
        store
            .purge_expired("2026-06-01", &purge_entry, &chain)
            .unwrap(),
        2
    );
    let purge_again = entry(3100, "record.purge", "records past their review date");
    assert_eq!(
        store
            .purge_expired("2026-06-01", &purge_again, &chain)
            .unwrap(),
        0
    );
    assert_eq!(
        rows(&store.changes_after(8, 10).unwrap()),
        [
            (9, rami_id, 2200),
            (10, karim_id, 2300),
            (11, karim_id, 3000),
            (12, rami_id, 3000)
        ]
    );
    assert_eq!(store.last_change().unwrap(), 12);

    // the whole feed, numbered without gaps, names every record ever written
    let whole = whole_feed(store);
    let seqs: Vec<i64> = whole.iter().map(|change| change.seq).collect();
    assert_eq!(seqs, (1..=12).collect::<Vec<_>>());
    let named: BTreeSet<i64> = whole.iter().map(|change| change.record).collect();
    let written: BTreeSet<i64> = [samir_id, layla_id, omar_id, nadia_id, karim_id, rami_id]
        .into_iter()
        .collect();
    assert_eq!(named, written);

    // pages: read on after the last number taken, the same feed once; at most `limit`; a
    // number before the first is the whole feed, the newest or past it nothing
    let mut pages = Vec::new();
    let mut paged = Vec::new();
    let mut last = 0;
    loop {
        let page = store.changes_after(last, 5).unwrap();
        let Some(newest) = page.last() else { break };
        last = newest.seq;
        pages.push(page.len());
        paged.extend(page);
    }
    assert_eq!((pages, paged), (vec![5, 5, 2], whole.clone()));
    assert_eq!(store.changes_after(3, 2).unwrap(), whole[3..5]);
    assert_eq!(store.changes_after(-7, usize::MAX).unwrap(), whole);
    assert_eq!(store.changes_after(0, 0).unwrap(), []);
    assert_eq!(store.changes_after(12, 10).unwrap(), []);
    assert_eq!(store.changes_after(i64::MAX, 10).unwrap(), []);

    // pruned before a number: what is left starts there, so a follower from before finds
    // its next change missing; the newest is always kept and the numbering goes on from
    // it; no audit entry
    let entries = store.audit_entries(1, i64::MAX).unwrap().len();
    assert_eq!(store.prune_changes(5).unwrap(), 4);
    assert_eq!(store.changes_after(0, 10).unwrap(), whole[4..]);
    assert_eq!(store.changes_after(0, 1).unwrap()[0].seq, 5);
    assert_eq!(store.prune_changes(5).unwrap(), 0);
    assert_eq!(store.prune_changes(i64::MAX).unwrap(), 7);
    assert_eq!(store.changes_after(0, 10).unwrap(), whole[11..]);
    assert_eq!(store.last_change().unwrap(), 12);
    assert_eq!(store.audit_entries(1, i64::MAX).unwrap().len(), entries);
    let samir_older = person("jo-samir", "Samir Haddad", "1979-03-15");
    write(store, jordan, &[samir_older], &later, 4000).unwrap();
    assert_eq!(
        rows(&store.changes_after(12, 10).unwrap()),
        [(13, samir_id, 4000)]
    );
    assert_eq!(store.last_change().unwrap(), 13);
}

#[test]
fn the_sqlite_store_keeps_the_change_feed_contract() {
    let directory = tempfile::tempdir().unwrap();
    let mut store = gatecheck_store::Store::open(directory.path()).unwrap();
    suite(&mut store);
    // a reader beside the writer reads the same feed
    let reader = gatecheck_store::Store::open_reader(directory.path()).unwrap();
    assert_eq!(whole_feed(&reader), whole_feed(&store));

    // in a group (the server's writes): a write undone inside it leaves no change, the
    // group's other writes keep theirs, numbered on without a gap, and a reader sees them
    // once the group commits
    let jordan = 1;
    let hana = person("jo-hana", "Hana Aziz", "1996-04-17");
    let yusuf = person("jo-yusuf", "Yusuf Darwish", "1983-12-25");
    store.begin_group().unwrap();
    store
        .in_group(|store| write(store, jordan, &[hana], &terms("2027-06-30"), 5000))
        .unwrap();
    let refusing =
        |_: &[TermsChange]| -> Result<String, String> { Err("widens access".to_string()) };
    let refused = store.in_group(|store| {
        store.write_records(
            jordan,
            &[
                yusuf.clone(),
                person("jo-samir", "Samir Haddad", "1979-03-16"),
            ],
            &terms("2029-12-31"),
            None,
            &WriteAudit {
                entry: &entry(5100, "record.write", "records of member 1"),
                terms_note: &refusing,
            },
            chain,
        )
    });
    assert!(
        matches!(refused, Err(StoreError::Refused(_))),
        "{refused:?}"
    );
    store
        .in_group(|store| write(store, jordan, &[yusuf], &terms("2027-06-30"), 5200))
        .unwrap();
    assert_eq!(reader.last_change().unwrap(), 13);
    store.commit_group().unwrap();
    let hana_id = id_of(&store, jordan, "jo-hana");
    let yusuf_id = id_of(&store, jordan, "jo-yusuf");
    assert_eq!(
        rows(&reader.changes_after(13, 10).unwrap()),
        [(14, hana_id, 5000), (15, yusuf_id, 5200)]
    );

    // opened again, the feed is kept
    drop((store, reader));
    let again = gatecheck_store::Store::open(directory.path()).unwrap();
    assert_eq!(again.last_change().unwrap(), 15);
}

#[test]
fn the_postgresql_store_keeps_the_change_feed_contract() {
    let Some(cluster) = cluster("the_postgresql_store_keeps_the_change_feed_contract") else {
        return;
    };
    let mut store = PostgresStore::connect(&cluster.connection_string()).unwrap();
    suite(&mut store);
    // another node reads the same feed
    let again = PostgresStore::connect(&cluster.connection_string()).unwrap();
    assert_eq!(whole_feed(&again), whole_feed(&store));
    assert_eq!(again.last_change().unwrap(), 13);
}

/// What a follower saw: every change it took, in order, and its index at the end (record
/// id to version, as `live_records` gives them).
struct Followed {
    changes: Vec<RecordChange>,
    index: BTreeMap<i64, i64>,
    started_after: i64,
}

/// The review date of every record the concurrent tests write, and a day before it.
const REVIEW_BY: &str = "2030-01-01";
const TODAY: &str = "2026-01-01";

/// Follows the feed as a screening node does until `writing` is over: the newest number
/// first, then the live records (its index), then every change after that number, the
/// record read again for each. Checks on the way that each page starts right after the
/// last change taken: nothing passed over.
fn follow(store: &impl Records, writing: &AtomicBool) -> Followed {
    let started_after = store.last_change().unwrap();
    let mut index: BTreeMap<i64, i64> = store
        .live_records(TODAY)
        .unwrap()
        .into_iter()
        .map(|record| (record.id, record.version))
        .collect();
    let mut last = started_after;
    let mut changes = Vec::new();
    loop {
        // read before the last pass, which then comes after every write
        let finished = !writing.load(Ordering::SeqCst);
        loop {
            let page = store.changes_after(last, 16).unwrap();
            if page.is_empty() {
                break;
            }
            for change in page {
                assert_eq!(change.seq, last + 1, "after change {last}: {change:?}");
                last = change.seq;
                match store.record(change.record).unwrap() {
                    Some(record) => index.insert(record.id, record.version),
                    None => index.remove(&change.record),
                };
                changes.push(change);
            }
        }
        if finished {
            break;
        }
        std::thread::yield_now();
    }
    Followed {
        changes,
        index,
        started_after,
    }
}

/// The ids and versions of the live records, as a follower's index holds them.
fn live_index(store: &impl Records) -> BTreeMap<i64, i64> {
    store
        .live_records(TODAY)
        .unwrap()
        .into_iter()
        .map(|record| (record.id, record.version))
        .collect()
}

const ROUNDS: i64 = 12;

/// One writer's writes, `node` among several: each round adds a record, changes the one
/// added the round before and deletes the one of two rounds before, each write at a time of
/// its own (`node`, round, kind). Returns how many changes it made.
fn write_rounds(store: &mut impl Records, owner: i64, node: i64) -> usize {
    let entity_id = |round: i64| format!("node{node}-{round}");
    let at = |round: i64, kind: i64| 1_000_000 * (node + 1) + 10 * round + kind;
    let mut changes = 0;
    for round in 0..ROUNDS {
        let mut records = vec![person(&entity_id(round), "Samir Haddad", "1979-03-14")];
        if round > 0 {
            records.push(person(&entity_id(round - 1), "Samir Haddad", "1979-03-15"));
        }
        write(store, owner, &records, &terms(REVIEW_BY), at(round, 1)).unwrap();
        changes += records.len();
        if round > 1 {
            let id = id_of(store, owner, &entity_id(round - 2));
            store
                .delete_record(
                    owner,
                    id,
                    &entry(at(round, 2), "record.delete", "x"),
                    &chain,
                )
                .unwrap();
            changes += 1;
        }
    }
    changes
}

/// Checks the feed left by writers at once: numbered without gaps, as many changes as
/// they made, each write's changes together, each writer's writes in the order it made
/// them; and what the follower took: every change after where it started, in order, its
/// index the live records at the end.
fn check_concurrent_feed(store: &impl Records, changes_made: usize, followed: &Followed) {
    let whole = whole_feed(store);
    let seqs: Vec<i64> = whole.iter().map(|change| change.seq).collect();
    assert_eq!(seqs, (1..=changes_made as i64).collect::<Vec<_>>());
    // a write's time names it: its changes are one run, and runs of a writer keep its order
    let mut runs: Vec<i64> = Vec::new();
    for change in &whole {
        if runs.last() != Some(&change.at) {
            assert!(!runs.contains(&change.at), "write {} split", change.at);
            runs.push(change.at);
        }
    }
    let mut by_writer: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
    for at in runs {
        by_writer.entry(at / 1_000_000).or_default().push(at);
    }
    for (writer, times) in by_writer {
        assert!(times.is_sorted(), "writer {writer}: {times:?}");
    }
    let after_start: Vec<RecordChange> = whole
        .iter()
        .filter(|change| change.seq > followed.started_after)
        .copied()
        .collect();
    assert_eq!(followed.changes, after_start);
    assert_eq!(followed.index, live_index(store));
    eprintln!(
        "follower started after change {} of {}, took {}",
        followed.started_after,
        whole.len(),
        followed.changes.len()
    );
}

#[test]
fn sqlite_writers_at_once_leave_one_feed_a_reader_follows_whole() {
    let directory = tempfile::tempdir().unwrap();
    let path = directory.path().to_path_buf();
    let mut first = gatecheck_store::Store::open(&path).unwrap();
    let owner = add_member(&mut first, "jordan-psd");
    drop(first);
    let writing = Arc::new(AtomicBool::new(true));
    let writers: Vec<_> = (0..2)
        .map(|node| {
            let path = path.clone();
            std::thread::spawn(move || {
                let mut store = gatecheck_store::Store::open(&path).unwrap();
                write_rounds(&mut store, owner, node)
            })
        })
        .collect();
    let follower = {
        let (path, writing) = (path.clone(), Arc::clone(&writing));
        std::thread::spawn(move || {
            let reader = gatecheck_store::Store::open_reader(&path).unwrap();
            // from a snapshot taken while the writers write
            while reader.last_change().unwrap() < 6 {
                std::thread::yield_now();
            }
            follow(&reader, &writing)
        })
    };
    let changes_made: usize = writers.into_iter().map(|node| node.join().unwrap()).sum();
    writing.store(false, Ordering::SeqCst);
    let followed = follower.join().unwrap();
    let store = gatecheck_store::Store::open(&path).unwrap();
    check_concurrent_feed(&store, changes_made, &followed);
}

#[test]
fn postgresql_nodes_writing_at_once_leave_one_feed_a_follower_takes_whole() {
    let Some(cluster) =
        cluster("postgresql_nodes_writing_at_once_leave_one_feed_a_follower_takes_whole")
    else {
        return;
    };
    let url = cluster.connection_string();
    let mut first = PostgresStore::connect(&url).unwrap();
    const NODES: i64 = 4;
    let owners: Vec<i64> = (0..NODES)
        .map(|node| add_member(&mut first, &format!("member-{node}")))
        .collect();
    let writing = Arc::new(AtomicBool::new(true));
    let writers: Vec<_> = (0..NODES)
        .map(|node| {
            let (url, owner) = (url.clone(), owners[node as usize]);
            std::thread::spawn(move || {
                let mut store = PostgresStore::connect(&url).unwrap();
                write_rounds(&mut store, owner, node)
            })
        })
        .collect();
    // two followers: one from the start, one from a snapshot taken while the nodes write
    let followers: Vec<_> = [0, 20]
        .into_iter()
        .map(|start_at| {
            let (url, writing) = (url.clone(), Arc::clone(&writing));
            std::thread::spawn(move || {
                let store = PostgresStore::connect(&url).unwrap();
                while store.last_change().unwrap() < start_at {
                    std::thread::yield_now();
                }
                follow(&store, &writing)
            })
        })
        .collect();
    let changes_made: usize = writers.into_iter().map(|node| node.join().unwrap()).sum();
    writing.store(false, Ordering::SeqCst);
    for follower in followers {
        check_concurrent_feed(&first, changes_made, &follower.join().unwrap());
    }
}

/// What a listener hears of a write of records alone.
const RECORDS: Heard = Heard {
    records: true,
    members: false,
};

/// Waits for a wake-up, at most long enough that only a missing one runs out.
const WAKE_WITHIN: Duration = Duration::from_secs(30);
/// Waits long enough that a wake-up sent would have come.
const QUIET_FOR: Duration = Duration::from_millis(300);

#[test]
fn a_postgresql_write_of_records_wakes_the_nodes_listening() {
    let Some(cluster) = cluster("a_postgresql_write_of_records_wakes_the_nodes_listening") else {
        return;
    };
    let url = cluster.connection_string();
    let mut store = PostgresStore::connect(&url).unwrap();
    let owner = add_member(&mut store, "jordan-psd");
    let mut listener = ChangeListener::connect(&url).unwrap();
    let mut other_listener = ChangeListener::connect(&url).unwrap();
    // nothing written: the time runs out
    let started = Instant::now();
    assert_eq!(
        listener.wait(Duration::from_millis(100)).unwrap(),
        Heard::default()
    );
    assert!(started.elapsed() >= Duration::from_millis(100));

    // a write from another connection wakes every listener, once
    let samir = person("jo-samir", "Samir Haddad", "1979-03-14");
    write(
        &mut store,
        owner,
        std::slice::from_ref(&samir),
        &terms(REVIEW_BY),
        10,
    )
    .unwrap();
    let started = Instant::now();
    assert_eq!(listener.wait(WAKE_WITHIN).unwrap(), RECORDS);
    eprintln!("woken {:?} after the commit", started.elapsed());
    assert_eq!(other_listener.wait(WAKE_WITHIN).unwrap(), RECORDS);
    assert_eq!(listener.wait(QUIET_FOR).unwrap(), Heard::default());

    // several writes before a wait: one wake-up takes them all
    for (at, birth_date) in [(11, "1979-03-15"), (12, "1979-03-16"), (13, "1979-03-17")] {
        let samir = person("jo-samir", "Samir Haddad", birth_date);
        write(&mut store, owner, &[samir], &terms(REVIEW_BY), at).unwrap();
    }
    std::thread::sleep(QUIET_FOR);
    assert_eq!(listener.wait(WAKE_WITHIN).unwrap(), RECORDS);
    assert_eq!(listener.wait(QUIET_FOR).unwrap(), Heard::default());

    // a write that changed nothing, and one undone, wake nobody
    let samir_as_written = person("jo-samir", "Samir Haddad", "1979-03-17");
    let unchanged = write(
        &mut store,
        owner,
        &[samir_as_written],
        &terms(REVIEW_BY),
        20,
    );
    assert_eq!(unchanged.unwrap().unchanged, 1);
    let refusing = |_: &[TermsChange]| -> Result<String, String> { Err("refused".to_string()) };
    let yusuf = person("jo-yusuf", "Yusuf Darwish", "1983-12-25");
    let refused = store.write_records(
        owner,
        &[yusuf],
        &terms(REVIEW_BY),
        None,
        &WriteAudit {
            entry: &entry(21, "record.write", "records"),
            terms_note: &refusing,
        },
        &chain,
    );
    assert!(matches!(refused, Err(StoreError::Refused(_))));
    assert_eq!(listener.wait(QUIET_FOR).unwrap(), Heard::default());

    // a deletion and a purge wake it
    let samir_id = id_of(&store, owner, "jo-samir");
    store
        .delete_record(owner, samir_id, &entry(30, "record.delete", "x"), &chain)
        .unwrap();
    assert_eq!(listener.wait(WAKE_WITHIN).unwrap(), RECORDS);
    let purge = entry(31, "record.purge", "records past their review date");
    assert_eq!(
        store.purge_expired("2031-01-01", &purge, &chain).unwrap(),
        1
    );
    assert_eq!(listener.wait(WAKE_WITHIN).unwrap(), RECORDS);

    // a follower's loop: the feed read, then a wait, woken by a node writing meanwhile
    let mut last = store.last_change().unwrap();
    let writer = {
        let url = url.clone();
        std::thread::spawn(move || {
            std::thread::sleep(QUIET_FOR);
            let mut node = PostgresStore::connect(&url).unwrap();
            let layla = person("jo-layla", "Layla Nasser", "1985-11-02");
            write(&mut node, owner, &[layla], &terms(REVIEW_BY), 40).unwrap();
        })
    };
    let mut taken = Vec::new();
    let started = Instant::now();
    while taken.is_empty() && started.elapsed() < WAKE_WITHIN {
        for change in store.changes_after(last, 100).unwrap() {
            last = change.seq;
            taken.push(change.record);
        }
        if taken.is_empty() {
            listener.wait(WAKE_WITHIN).unwrap();
        }
    }
    writer.join().unwrap();
    assert_eq!(taken, [id_of(&store, owner, "jo-layla")]);

    // the listener's connection lost: an error that says so, and a new listener is woken
    let mut admin = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    let terminated: i64 = admin
        .query_one(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
             WHERE query LIKE 'LISTEN %' AND pid != pg_backend_pid()",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(terminated, 2);
    let lost = listener.wait(WAKE_WITHIN);
    assert!(
        matches!(&lost, Err(StoreError::ListenerLost(_))),
        "{lost:?}"
    );
    assert!(lost.unwrap_err().to_string().contains("was lost"));
    let mut listener = ChangeListener::connect(&url).unwrap();
    let nadia = person("jo-nadia", "Nadia Farouk", "1992-05-30");
    write(&mut store, owner, &[nadia], &terms(REVIEW_BY), 50).unwrap();
    assert_eq!(listener.wait(WAKE_WITHIN).unwrap(), RECORDS);
}

#[test]
fn a_postgresql_write_of_members_is_heard_apart_from_records() {
    let Some(cluster) = cluster("a_postgresql_write_of_members_is_heard_apart_from_records") else {
        return;
    };
    let url = cluster.connection_string();
    let mut store = PostgresStore::connect(&url).unwrap();
    let mut listener = ChangeListener::connect(&url).unwrap();
    let members_only = Heard {
        records: false,
        members: true,
    };
    // a member added, its contact changed, it revoked: each heard as a write of members
    let owner = add_member(&mut store, "jordan-psd");
    assert_eq!(listener.wait(WAKE_WITHIN).unwrap(), members_only);
    store
        .set_member_contact(
            "jordan-psd",
            "+962 6 000 0000",
            &entry(2, "member.contact", "jordan-psd"),
            &chain,
        )
        .unwrap();
    assert_eq!(listener.wait(WAKE_WITHIN).unwrap(), members_only);
    // a write of members refused (no such member) is not heard
    let refused = store.revoke_member("nobody", 3, &entry(3, "member.revoke", "nobody"), &chain);
    assert!(
        matches!(refused, Err(StoreError::NotFound { .. })),
        "{refused:?}"
    );
    assert_eq!(listener.wait(QUIET_FOR).unwrap(), Heard::default());
    // records and members written before one wait: both heard
    let samir = person("jo-samir", "Samir Haddad", "1979-03-14");
    write(&mut store, owner, &[samir], &terms(REVIEW_BY), 4).unwrap();
    store
        .revoke_member(
            "jordan-psd",
            5,
            &entry(5, "member.revoke", "jordan-psd"),
            &chain,
        )
        .unwrap();
    std::thread::sleep(QUIET_FOR);
    assert_eq!(
        listener.wait(WAKE_WITHIN).unwrap(),
        Heard {
            records: true,
            members: true
        }
    );
    assert_eq!(listener.wait(QUIET_FOR).unwrap(), Heard::default());
}
