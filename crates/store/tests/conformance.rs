//! One suite for every backend: the SQLite store and the PostgreSQL one must give the same
//! rows and the same errors for the same calls (members, the audit log, its Merkle tree and
//! checkpoints), and several PostgreSQL clients appending at once (the nodes of one hub)
//! must leave one log, numbered, chained and in one tree.
//!
//! The PostgreSQL runs start a throwaway cluster (`gatecheck-testpg`) and skip with a
//! notice when PostgreSQL is not installed, unless `GATECHECK_REQUIRE_POSTGRES` is set.

mod common;

use common::{chain, cluster, entry};

use gatecheck_evidence::{Frontier, Hash};
use gatecheck_store::concepts::{AuditLog, Members};
use gatecheck_store::postgres::PostgresStore;
use gatecheck_store::{entry_leaf, AuditRow, CheckpointRow, NewMember, StoreError};

fn member<'a>(name: &'a str, country: &'a str, key_hash: &'a [u8]) -> NewMember<'a> {
    NewMember {
        name,
        country,
        admin: false,
        key_hash,
        created_at: 100,
    }
}

/// The tree of `entries` as recomputed from scratch.
fn recomputed(entries: &[AuditRow]) -> Hash {
    let mut frontier = Frontier::new();
    for row in entries {
        frontier.append(entry_leaf(&row.hash).unwrap());
    }
    frontier.root()
}

fn suite(store: &mut (impl Members + AuditLog)) {
    // members: added in order, found by id and name; a name taken refused, writing nothing
    let jordan = store
        .add_member(
            &member("jordan-psd", "JOR", &[1; 32]),
            &entry(1, "member.add", "member jordan-psd"),
            &chain,
        )
        .unwrap();
    let iraq = store
        .add_member(
            &member("iraq-nsa", "IRQ", &[2; 32]),
            &entry(2, "member.add", "member iraq-nsa"),
            &chain,
        )
        .unwrap();
    assert_eq!((jordan.id, iraq.id), (1, 2));
    let taken = store.add_member(
        &member("jordan-psd", "JOR", &[3; 32]),
        &entry(3, "member.add", "member jordan-psd"),
        &chain,
    );
    assert!(
        matches!(taken, Err(StoreError::AlreadyExists { what: "member", .. })),
        "{taken:?}"
    );
    let listed: Vec<String> = store
        .members()
        .unwrap()
        .into_iter()
        .map(|m| m.name)
        .collect();
    assert_eq!(listed, ["jordan-psd", "iraq-nsa"]);
    assert_eq!(store.member_by_id(2).unwrap(), Some(iraq.clone()));
    assert_eq!(
        store.member_by_name("jordan-psd").unwrap(),
        Some(jordan.clone())
    );
    assert_eq!(store.member_by_name("nobody").unwrap(), None);
    assert_eq!(store.member_by_id(99).unwrap(), None);

    // contact and revocation, each with its entry; a name absent refused
    store
        .set_member_contact(
            "iraq-nsa",
            "desk +964 1 000",
            &entry(4, "member.contact", "member iraq-nsa"),
            &chain,
        )
        .unwrap();
    assert_eq!(
        store.member_by_name("iraq-nsa").unwrap().unwrap().contact,
        "desk +964 1 000"
    );
    let absent = store.set_member_contact(
        "nobody",
        "x",
        &entry(5, "member.contact", "member nobody"),
        &chain,
    );
    assert!(
        matches!(absent, Err(StoreError::NotFound { .. })),
        "{absent:?}"
    );
    store
        .revoke_member(
            "iraq-nsa",
            500,
            &entry(6, "member.revoke", "member iraq-nsa"),
            &chain,
        )
        .unwrap();
    assert_eq!(
        store
            .member_by_name("iraq-nsa")
            .unwrap()
            .unwrap()
            .revoked_at,
        Some(500)
    );
    let again = store.revoke_member(
        "iraq-nsa",
        501,
        &entry(7, "member.revoke", "member iraq-nsa"),
        &chain,
    );
    assert!(
        matches!(again, Err(StoreError::NotFound { .. })),
        "{again:?}"
    );

    // the log: only what was written, numbered and chained in order
    for at in 10..40 {
        store
            .append_audit(&entry(at, "hit.read", &format!("hit {}", at % 3)), &chain)
            .unwrap();
    }
    let entries = store.audit_entries(1, i64::MAX).unwrap();
    assert_eq!(entries.len(), 34);
    common::assert_chained(&entries);
    let actions: Vec<&str> = entries[..3].iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["member.add", "member.add", "member.contact"]);
    assert_eq!(store.audit_entries(5, 6).unwrap(), entries[4..6].to_vec());
    let about: Vec<i64> = store
        .audit_entries_about("hit 1")
        .unwrap()
        .iter()
        .map(|e| e.seq)
        .collect();
    assert_eq!(about, [5, 8, 11, 14, 17, 20, 23, 26, 29, 32]);
    assert_eq!(store.audit_entries_at(6).unwrap(), entries[3..4].to_vec());

    // the tree: every entry, the root of every size as recomputed, proofs that verify
    assert_eq!(store.audit_tree_size().unwrap(), 34);
    for size in [1u64, 2, 7, 16, 33, 34] {
        assert_eq!(
            store.audit_tree_root(size).unwrap(),
            recomputed(&entries[..size as usize]),
            "size {size}"
        );
    }
    let root = store.audit_tree_root(34).unwrap();
    for row in &entries {
        let proof = store.audit_inclusion(row.seq, 34).unwrap();
        proof
            .verify(&entry_leaf(&row.hash).unwrap(), &root)
            .unwrap();
    }
    let old_root = store.audit_tree_root(20).unwrap();
    store
        .audit_consistency(20, 34)
        .unwrap()
        .verify(&old_root, &root)
        .unwrap();
    assert!(store.audit_inclusion(35, 34).is_err());
    assert!(store.audit_tree_root(35).is_err());

    // checkpoints: kept once a size, listed smallest first
    assert_eq!(store.latest_audit_checkpoint().unwrap(), None);
    for (size, at) in [(33u64, 900), (20, 800), (33, 901)] {
        let row = CheckpointRow {
            size,
            at,
            note: format!("note {size} {at}"),
        };
        store.add_audit_checkpoint(&row).unwrap();
    }
    let kept: Vec<(u64, i64)> = store
        .audit_checkpoints()
        .unwrap()
        .iter()
        .map(|c| (c.size, c.at))
        .collect();
    assert_eq!(kept, [(20, 800), (33, 900)]);
    assert_eq!(
        store.latest_audit_checkpoint().unwrap().map(|c| c.size),
        Some(33)
    );
}

#[test]
fn the_sqlite_store_keeps_the_concepts_contract() {
    let directory = tempfile::tempdir().unwrap();
    let mut store = gatecheck_store::Store::open(directory.path()).unwrap();
    suite(&mut store);
}

#[test]
fn the_postgresql_store_keeps_the_concepts_contract() {
    let Some(cluster) = cluster("the_postgresql_store_keeps_the_concepts_contract") else {
        return;
    };
    let mut store = PostgresStore::connect(&cluster.connection_string()).unwrap();
    suite(&mut store);
    // connecting again finds the schema in place and the rows kept
    let again = PostgresStore::connect(&cluster.connection_string()).unwrap();
    assert_eq!(again.audit_tree_size().unwrap(), 34);
    assert_eq!(again.members().unwrap().len(), 2);
}

#[test]
fn nodes_appending_at_once_leave_one_log_in_one_tree() {
    let Some(cluster) = cluster("nodes_appending_at_once_leave_one_log_in_one_tree") else {
        return;
    };
    let url = cluster.connection_string();
    // the schema made once, then four nodes appending together
    PostgresStore::connect(&url).unwrap();
    let nodes: Vec<_> = (0..4)
        .map(|node| {
            let url = url.clone();
            std::thread::spawn(move || {
                let mut store = PostgresStore::connect(&url).unwrap();
                for at in 0..50 {
                    store
                        .append_audit(&entry(at, "screen.person", &format!("node {node}")), &chain)
                        .unwrap();
                }
            })
        })
        .collect();
    for node in nodes {
        node.join().unwrap();
    }
    let store = PostgresStore::connect(&url).unwrap();
    let entries = store.audit_entries(1, i64::MAX).unwrap();
    assert_eq!(entries.len(), 200);
    common::assert_chained(&entries);
    for node in 0..4 {
        assert_eq!(
            store
                .audit_entries_about(&format!("node {node}"))
                .unwrap()
                .len(),
            50
        );
    }
    assert_eq!(store.audit_tree_size().unwrap(), 200);
    assert_eq!(store.audit_tree_root(200).unwrap(), recomputed(&entries));
}

/// The time zone a member's officers work in: none at first, kept as given with its audit
/// entry, and a member absent refused (issue 17).
fn time_zone_suite(store: &mut dyn Members) {
    let added = store
        .add_member(
            &member("iraq-nsa", "IRQ", &[7; 32]),
            &entry(1, "member.add", "member iraq-nsa"),
            &chain,
        )
        .unwrap();
    assert_eq!(added.time_zone, "");
    store
        .set_member_time_zone(
            "iraq-nsa",
            "Asia/Baghdad",
            &entry(2, "member.time_zone", "member iraq-nsa"),
            &chain,
        )
        .unwrap();
    let member = store.member_by_name("iraq-nsa").unwrap().unwrap();
    assert_eq!(member.time_zone, "Asia/Baghdad");
    assert_eq!(
        store.member_by_id(member.id).unwrap().unwrap().time_zone,
        "Asia/Baghdad"
    );
    let absent = store.set_member_time_zone(
        "nobody",
        "UTC",
        &entry(3, "member.time_zone", "member nobody"),
        &chain,
    );
    assert!(
        matches!(absent, Err(StoreError::NotFound { .. })),
        "{absent:?}"
    );
}

#[test]
fn the_sqlite_store_keeps_a_member_s_time_zone() {
    let directory = tempfile::tempdir().unwrap();
    let mut store = gatecheck_store::Store::open(directory.path()).unwrap();
    time_zone_suite(&mut store);
}

#[test]
fn the_postgresql_store_keeps_a_member_s_time_zone() {
    let Some(cluster) = cluster("the_postgresql_store_keeps_a_member_s_time_zone") else {
        return;
    };
    let mut store = PostgresStore::connect(&cluster.connection_string()).unwrap();
    time_zone_suite(&mut store);
}
