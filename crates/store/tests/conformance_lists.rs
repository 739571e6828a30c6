//! Records as entries of a published list, on every backend: a write names the list its
//! records are entries of, a newer version of the list finds the entries it no longer has
//! among the list's records, and deleting them keeps them (with their versions) as
//! evidence, counts them on the import that removed them and puts each in the change feed.
//!
//! The PostgreSQL run starts a throwaway cluster (`gatecheck-testpg`) and skips with a
//! notice when PostgreSQL is not installed, unless `GATECHECK_REQUIRE_POSTGRES` is set.

mod common;

use common::{chain, cluster, entry};

use gatecheck_store::concepts::{AuditLog, Imports, Members, Records};
use gatecheck_store::postgres::PostgresStore;
use gatecheck_store::{
    ImportProgress, NewMember, NewRecord, StoreError, Terms, WriteAudit, WriteCounts, WriteTerms,
};

fn entry_of(entity_id: &str, name: &str, list: Option<&str>) -> NewRecord {
    NewRecord {
        list: list.map(str::to_string),
        entity_id: entity_id.to_string(),
        entity: format!(
            r#"{{"id":"{entity_id}","schema":"Person","properties":{{"name":["{name}"]}}}}"#
        ),
    }
}

fn write(
    store: &mut impl Records,
    records: &[NewRecord],
    progress: Option<ImportProgress>,
    at: i64,
) -> Result<WriteCounts, StoreError> {
    let entry = entry(at, "record.write", "records un");
    let terms = WriteTerms::set(Terms {
        access_level: "all".to_string(),
        access_members: Vec::new(),
        action: "refer".to_string(),
        review_by: "2030-01-01".to_string(),
    });
    store.write_records(
        1,
        records,
        &terms,
        progress,
        &WriteAudit::plain(&entry),
        &chain,
    )
}

fn listed(store: &impl Records, list: &str) -> Vec<String> {
    store
        .list_records(1, list)
        .unwrap()
        .into_iter()
        .map(|(_, entity_id)| entity_id)
        .collect()
}

fn suite(store: &mut (impl Members + AuditLog + Records + Imports)) {
    for (at, name) in [(1, "un"), (2, "iraq-nsa")] {
        let key_hash = [at as u8; 32];
        let new = NewMember {
            name,
            country: "IRQ",
            admin: false,
            key_hash: &key_hash,
            created_at: at,
        };
        store
            .add_member(&new, &entry(at, "member.add", name), &chain)
            .unwrap();
    }
    // the first version of a list, one record written without one
    let first = [
        entry_of("un-1", "Samir Haddad", Some("un-sc")),
        entry_of("un-2", "Layla Nasser", Some("un-sc")),
        entry_of("un-3", "Omar Khalil", Some("un-sc")),
        entry_of("own-1", "Rami Saleh", None),
    ];
    assert_eq!(write(store, &first, None, 100).unwrap().added, 4);
    assert_eq!(listed(store, "un-sc"), ["un-1", "un-2", "un-3"]);
    assert!(listed(store, "").is_empty(), "no list is not a list");
    assert!(listed(store, "ofac").is_empty());

    // a record written again without a list keeps its list; an unchanged one written with
    // another list is that list's now, without a new version
    let counts = write(
        store,
        &[
            entry_of("un-1", "Samir Haddad", None),
            entry_of("un-3", "Omar Khalil", Some("eu-fsf")),
        ],
        None,
        200,
    )
    .unwrap();
    assert_eq!((counts.unchanged, counts.changed), (2, 0));
    assert_eq!(listed(store, "un-sc"), ["un-1", "un-2"]);
    assert_eq!(listed(store, "eu-fsf"), ["un-3"]);
    let omar = store.record_id(1, "un-3").unwrap().unwrap();
    assert_eq!(store.record_versions(omar).unwrap(), 1);

    // the next version of the list, as an import: un-2 is no longer on it
    let import = store
        .begin_import(
            1,
            "un.xml",
            "d1",
            "t",
            &entry(300, "import.begin", "un.xml"),
            &chain,
        )
        .unwrap();
    let counts = write(
        store,
        &[
            entry_of("un-1", "Samir Haddad", Some("un-sc")),
            entry_of("un-4", "Huda Karim", Some("un-sc")),
        ],
        Some(ImportProgress {
            import: import.id,
            items_done: 2,
        }),
        300,
    )
    .unwrap();
    assert_eq!((counts.added, counts.unchanged), (1, 1));
    let kept: std::collections::HashSet<&str> = ["un-1", "un-4"].into();
    let missing: Vec<i64> = store
        .list_records(1, "un-sc")
        .unwrap()
        .into_iter()
        .filter(|(_, entity_id)| !kept.contains(entity_id.as_str()))
        .map(|(id, _)| id)
        .collect();
    let layla = store.record_id(1, "un-2").unwrap().unwrap();
    assert_eq!(missing, [layla]);
    let feed_before = store.last_change().unwrap();
    // another's record and a record named twice are left alone and counted once
    let other = {
        let entry = entry(310, "record.write", "records iraq-nsa");
        store
            .write_records(
                2,
                &[entry_of("iq-1", "Zaid Ali", Some("un-sc"))],
                &WriteTerms::set(Terms {
                    access_level: "all".to_string(),
                    access_members: Vec::new(),
                    action: "refer".to_string(),
                    review_by: "2030-01-01".to_string(),
                }),
                None,
                &WriteAudit::plain(&entry),
                &chain,
            )
            .unwrap();
        store.record_id(2, "iq-1").unwrap().unwrap()
    };
    let feed_before = feed_before + 1;
    let removed = store
        .delete_records(
            1,
            &[layla, layla, other],
            Some(import.id),
            &entry(
                320,
                "record.remove",
                "import 1: 1 record no longer on un-sc",
            ),
            &chain,
        )
        .unwrap();
    assert_eq!(removed, 1);
    assert_eq!(store.record(layla).unwrap(), None, "removed stops matching");
    assert!(store.record(other).unwrap().is_some());
    assert_eq!(store.record_versions(layla).unwrap(), 1, "kept as evidence");
    let feed = store.changes_after(feed_before, 10).unwrap();
    assert_eq!(
        feed.iter().map(|change| change.record).collect::<Vec<_>>(),
        [layla]
    );
    assert_eq!(listed(store, "un-sc"), ["un-1", "un-4"]);
    // deleting again deletes nothing, and still writes its entry
    let again = store
        .delete_records(
            1,
            &[layla],
            Some(import.id),
            &entry(330, "record.remove", "again"),
            &chain,
        )
        .unwrap();
    assert_eq!(again, 0);
    let done = store
        .finish_import(import.id, &entry(340, "import.done", "un.xml"), &chain)
        .unwrap();
    assert_eq!(
        (
            done.counts.added,
            done.counts.unchanged,
            done.counts.removed
        ),
        (1, 1, 1)
    );
    // a finished import takes no more removals, and nothing is deleted then
    let late = store.delete_records(
        1,
        &[omar],
        Some(import.id),
        &entry(350, "record.remove", "late"),
        &chain,
    );
    assert!(
        matches!(
            &late,
            Err(StoreError::NotFound {
                what: "unfinished import",
                ..
            })
        ),
        "{late:?}"
    );
    assert!(store.record(omar).unwrap().is_some());
    // a removed entry back on a later version is a change, under its old id
    let back = write(
        store,
        &[entry_of("un-2", "Layla Nasser", Some("un-sc"))],
        None,
        400,
    )
    .unwrap();
    assert_eq!(back.changed, 1);
    assert_eq!(store.record_id(1, "un-2").unwrap(), Some(layla));
    assert_eq!(listed(store, "un-sc"), ["un-1", "un-2", "un-4"]);
    let actions: Vec<String> = store
        .audit_entries(1, i64::MAX)
        .unwrap()
        .into_iter()
        .map(|row| row.action)
        .collect();
    assert_eq!(actions.iter().filter(|a| *a == "record.remove").count(), 2);
    common::assert_chained(&store.audit_entries(1, i64::MAX).unwrap());
}

#[test]
fn the_sqlite_store_keeps_the_lists_contract() {
    let directory = tempfile::tempdir().unwrap();
    let mut store = gatecheck_store::Store::open(directory.path()).unwrap();
    suite(&mut store);
}

#[test]
fn the_postgresql_store_keeps_the_lists_contract() {
    let Some(cluster) = cluster("the_postgresql_store_keeps_the_lists_contract") else {
        return;
    };
    let mut store = PostgresStore::connect(&cluster.connection_string()).unwrap();
    suite(&mut store);
}
