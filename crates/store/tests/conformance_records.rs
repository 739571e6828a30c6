//! Person records on every backend: the SQLite store and the PostgreSQL one must give the
//! same rows, in the same order, with the same errors, for the same calls (records added,
//! new versions only of what changed, terms kept or given, deletion, review dates, the
//! console's pages, writes the service refuses), each write with its audit entry; and
//! several PostgreSQL clients writing the same records at once (the nodes of one hub) must
//! leave each record one unbroken line of versions.
//!
//! The PostgreSQL runs start a throwaway cluster (`gatecheck-testpg`) and skip with a
//! notice when PostgreSQL is not installed, unless `GATECHECK_REQUIRE_POSTGRES` is set.

mod common;

use common::{chain, cluster, entry};

use std::cell::RefCell;

use gatecheck_store::concepts::{AuditLog, Members, Records};
use gatecheck_store::postgres::PostgresStore;
use gatecheck_store::{
    ImportProgress, KeepTerms, NewMember, NewRecord, RecordRow, StoreError, Terms, TermsChange,
    WriteAudit, WriteCounts, WriteTerms,
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

fn terms(access_level: &str, access_members: &[i64], action: &str, review_by: &str) -> Terms {
    Terms {
        access_level: access_level.to_string(),
        access_members: access_members.to_vec(),
        action: action.to_string(),
        review_by: review_by.to_string(),
    }
}

fn counts(added: usize, changed: usize, unchanged: usize) -> WriteCounts {
    WriteCounts {
        added,
        changed,
        unchanged,
        removed: 0,
    }
}

/// Writes `records` of `owner` with a plain audit entry `records <owner_name>` at `at`.
fn write(
    store: &mut impl Records,
    (owner, owner_name): (i64, &str),
    records: &[NewRecord],
    terms: &WriteTerms,
    at: i64,
) -> Result<WriteCounts, StoreError> {
    let entry = entry(at, "record.write", &format!("records {owner_name}"));
    store.write_records(
        owner,
        records,
        terms,
        None,
        &WriteAudit::plain(&entry),
        &chain,
    )
}

fn id_of(store: &impl Records, owner: i64, entity_id: &str) -> i64 {
    store
        .record_id(owner, entity_id)
        .unwrap()
        .unwrap_or_else(|| panic!("no record {entity_id:?} of member {owner}"))
}

fn ids(records: &[RecordRow]) -> Vec<i64> {
    records.iter().map(|record| record.id).collect()
}

fn suite(store: &mut (impl Members + AuditLog + Records)) {
    for (at, name, country) in [
        (1, "jordan-psd", "JOR"),
        (2, "iraq-nsa", "IRQ"),
        (3, "lebanon-isf", "LBN"),
    ] {
        let key_hash = [at as u8; 32];
        let new = NewMember {
            name,
            country,
            admin: false,
            key_hash: &key_hash,
            created_at: at,
        };
        store
            .add_member(&new, &entry(at, "member.add", name), &chain)
            .unwrap();
    }
    let jordan = (1, "jordan-psd");
    let iraq = (2, "iraq-nsa");
    let shared_with_iraq_and_lebanon = terms("members", &[3, 2, 2], "refer", "2027-06-30");

    // records added: numbered from 1, the member list in order and each member once
    let samir = person("jo-samir", "Samir Haddad", "1979-03-14");
    let layla = person("jo-layla", "Layla Nasser", "1985-11-02");
    let omar = person("jo-omar", "Omar Khalil", "1968-07-21");
    let added = write(
        store,
        jordan,
        &[samir.clone(), layla.clone(), omar.clone()],
        &WriteTerms::set(shared_with_iraq_and_lebanon),
        1000,
    );
    assert_eq!(added.unwrap(), counts(3, 0, 0));
    let samir_id = id_of(store, 1, "jo-samir");
    let layla_id = id_of(store, 1, "jo-layla");
    let omar_id = id_of(store, 1, "jo-omar");
    assert_eq!((samir_id, layla_id, omar_id), (1, 2, 3));
    assert_eq!(
        store.record(samir_id).unwrap(),
        Some(RecordRow {
            id: 1,
            owner: 1,
            entity_id: "jo-samir".to_string(),
            entity: samir.entity.clone(),
            access_level: "members".to_string(),
            access_members: vec![2, 3],
            action: "refer".to_string(),
            review_by: "2027-06-30".to_string(),
            version: 1,
            updated_at: 1000,
        })
    );
    assert_eq!(store.record_versions(samir_id).unwrap(), 1);
    assert_eq!(store.record(99).unwrap(), None);
    assert_eq!(store.record_id(1, "jo-nobody").unwrap(), None);

    // another member's record under the same entity id is a record of its own
    let iraq_samir = person("jo-samir", "Samir Haddad", "1979-03-14");
    let karim = person("iq-karim", "Karim Mansour", "1990-01-09");
    let iraqs = write(
        store,
        iraq,
        &[iraq_samir, karim],
        &WriteTerms::set(terms("all", &[], "arrest", "2026-03-31")),
        2000,
    );
    assert_eq!(iraqs.unwrap(), counts(2, 0, 0));
    assert_eq!(
        (id_of(store, 2, "jo-samir"), id_of(store, 2, "iq-karim")),
        (4, 5)
    );
    assert_eq!(store.record_id(1, "iq-karim").unwrap(), None);

    // written again with every term kept: a new version only of what changed, the terms
    // of a new record given whole; no terms changed, as told to the service
    let layla_alias = person("jo-layla", "Layla Nasser Saad", "1985-11-02");
    let nadia = person("jo-nadia", "Nadia Farouk", "1992-05-30");
    let told = RefCell::new(Vec::<Vec<TermsChange>>::new());
    let note = |changes: &[TermsChange]| -> Result<String, String> {
        told.borrow_mut().push(changes.to_vec());
        Ok(String::new())
    };
    let kept = store.write_records(
        1,
        &[samir.clone(), layla_alias.clone(), nadia.clone()],
        &WriteTerms {
            terms: terms("owner-only", &[], "monitor", "2028-01-01"),
            keep: KeepTerms::ALL,
        },
        None,
        &WriteAudit {
            entry: &entry(3000, "record.write", "records jordan-psd"),
            terms_note: &note,
        },
        &chain,
    );
    assert_eq!(kept.unwrap(), counts(1, 1, 1));
    assert_eq!(told.take(), [Vec::<TermsChange>::new()]);
    let layla_row = store.record(layla_id).unwrap().unwrap();
    assert_eq!(
        (
            layla_row.entity.as_str(),
            layla_row.version,
            layla_row.updated_at
        ),
        (layla_alias.entity.as_str(), 2, 3000)
    );
    assert_eq!(
        (
            layla_row.access_level.as_str(),
            layla_row.access_members.as_slice(),
            layla_row.action.as_str(),
            layla_row.review_by.as_str()
        ),
        ("members", &[2, 3][..], "refer", "2027-06-30")
    );
    assert_eq!(store.record_versions(layla_id).unwrap(), 2);
    let samir_row = store.record(samir_id).unwrap().unwrap();
    assert_eq!((samir_row.version, samir_row.updated_at), (1, 1000));
    let nadia_id = id_of(store, 1, "jo-nadia");
    assert_eq!(nadia_id, 6);
    let nadia_row = store.record(nadia_id).unwrap().unwrap();
    assert_eq!(
        (
            nadia_row.access_level.as_str(),
            nadia_row.access_members.len(),
            nadia_row.action.as_str(),
            nadia_row.review_by.as_str()
        ),
        ("owner-only", 0, "monitor", "2028-01-01")
    );

    // the access given, action and review date kept: records whose access changes get a
    // new version, the change told to the service once for both and noted in the entry;
    // an entity id twice in one write is a new version of what the write itself added,
    // and the same entity twice is left alone the second time
    let rami = person("jo-rami", "Rami Saleh", "1975-09-12");
    let rami_again = person("jo-rami", "Rami Saleh al-Tamimi", "1975-09-12");
    let noting = |changes: &[TermsChange]| -> Result<String, String> {
        told.borrow_mut().push(changes.to_vec());
        Ok(format!("narrows access of {} records", changes[0].records))
    };
    let narrowed = store.write_records(
        1,
        &[
            samir.clone(),
            omar.clone(),
            rami.clone(),
            rami_again.clone(),
            samir.clone(),
        ],
        &WriteTerms {
            terms: terms("owner-only", &[], "arrest", "2020-01-01"),
            keep: KeepTerms {
                access: false,
                action: true,
                review_by: true,
            },
        },
        None,
        &WriteAudit {
            entry: &entry(4000, "record.write", "records jordan-psd"),
            terms_note: &noting,
        },
        &chain,
    );
    assert_eq!(narrowed.unwrap(), counts(1, 3, 1));
    assert_eq!(
        told.take(),
        [vec![TermsChange {
            from: terms("members", &[2, 3], "refer", "2027-06-30"),
            to: terms("owner-only", &[], "refer", "2027-06-30"),
            records: 2,
        }]]
    );
    let samir_row = store.record(samir_id).unwrap().unwrap();
    assert_eq!(
        (
            samir_row.access_level.as_str(),
            samir_row.access_members.len(),
            samir_row.version
        ),
        ("owner-only", 0, 2)
    );
    let rami_id = id_of(store, 1, "jo-rami");
    assert_eq!(rami_id, 7);
    let rami_row = store.record(rami_id).unwrap().unwrap();
    assert_eq!(
        (
            rami_row.entity.as_str(),
            rami_row.version,
            rami_row.review_by.as_str()
        ),
        (rami_again.entity.as_str(), 2, "2020-01-01")
    );
    assert_eq!(store.record_versions(rami_id).unwrap(), 2);
    assert_eq!(store.record_versions(omar_id).unwrap(), 2);

    // a write the service refuses is undone whole: no record, no version, no entry
    let entries_before = store.audit_entries(1, i64::MAX).unwrap().len();
    let yusuf = person("jo-yusuf", "Yusuf Darwish", "1983-12-25");
    let refusing = |_: &[TermsChange]| -> Result<String, String> {
        Err("widens access of jo-layla to every member".to_string())
    };
    let refused = store.write_records(
        1,
        &[layla.clone(), yusuf.clone()],
        &WriteTerms::set(terms("all", &[], "arrest", "2029-12-31")),
        None,
        &WriteAudit {
            entry: &entry(5000, "record.write", "records jordan-psd"),
            terms_note: &refusing,
        },
        &chain,
    );
    assert!(
        matches!(&refused, Err(StoreError::Refused(message))
            if message == "widens access of jo-layla to every member"),
        "{refused:?}"
    );
    assert_eq!(store.record_id(1, "jo-yusuf").unwrap(), None);
    assert_eq!(store.record(layla_id).unwrap(), Some(layla_row.clone()));
    assert_eq!(store.record_versions(layla_id).unwrap(), 2);
    assert_eq!(
        store.audit_entries(1, i64::MAX).unwrap().len(),
        entries_before
    );
    // and uses up no id: the next record takes the one it would have taken
    let yusufs = write(
        store,
        jordan,
        std::slice::from_ref(&yusuf),
        &WriteTerms::set(terms("members", &[2], "refer", "2027-06-30")),
        5500,
    );
    assert_eq!(yusufs.unwrap(), counts(1, 0, 0));
    let yusuf_id = id_of(store, 1, "jo-yusuf");
    assert_eq!(yusuf_id, 8);

    // a batch of an import the store has not got unfinished is undone whole too
    let hana = person("jo-hana", "Hana Aziz", "1996-04-17");
    let import_entry = entry(5600, "record.import", "records jordan-psd");
    let unknown_import = store.write_records(
        1,
        &[hana],
        &WriteTerms::set(terms("all", &[], "refer", "2027-06-30")),
        Some(ImportProgress {
            import: 41,
            items_done: 1,
        }),
        &WriteAudit::plain(&import_entry),
        &chain,
    );
    assert!(
        matches!(&unknown_import, Err(StoreError::NotFound { what: "unfinished import", name })
            if name == "41"),
        "{unknown_import:?}"
    );
    assert_eq!(store.record_id(1, "jo-hana").unwrap(), None);

    // the terms of the owner's records, grouped and ordered as text; by entity id in the
    // order asked, another member's records absent
    let jordans_terms = vec![
        (terms("members", &[2], "refer", "2027-06-30"), 1),
        (terms("members", &[2, 3], "refer", "2027-06-30"), 1),
        (terms("owner-only", &[], "arrest", "2020-01-01"), 1),
        (terms("owner-only", &[], "monitor", "2028-01-01"), 1),
        (terms("owner-only", &[], "refer", "2027-06-30"), 2),
    ];
    assert_eq!(store.record_terms_of(1).unwrap(), jordans_terms);
    assert_eq!(
        store
            .record_terms(1, &["jo-omar", "jo-nobody", "iq-karim", "jo-layla"])
            .unwrap(),
        [
            Some(terms("owner-only", &[], "refer", "2027-06-30")),
            None,
            None,
            Some(terms("members", &[2, 3], "refer", "2027-06-30")),
        ]
    );
    assert_eq!(store.record_terms_of(3).unwrap(), []);

    // deleted: kept with its versions, no longer read, found or live; its terms still
    // counted; deleted once only, and only by its owner
    store
        .delete_record(
            1,
            omar_id,
            &entry(6000, "record.delete", "record 3"),
            &chain,
        )
        .unwrap();
    assert_eq!(store.record(omar_id).unwrap(), None);
    assert_eq!(store.record_id(1, "jo-omar").unwrap(), None);
    assert_eq!(store.record_versions(omar_id).unwrap(), 2);
    assert_eq!(store.record_terms_of(1).unwrap(), jordans_terms);
    for (owner, id) in [(1, omar_id), (2, layla_id), (1, 99)] {
        let refused = store.delete_record(owner, id, &entry(6001, "record.delete", "x"), &chain);
        assert!(
            matches!(&refused, Err(StoreError::NotFound { what: "record", name })
                if *name == id.to_string()),
            "member {owner}, record {id}: {refused:?}"
        );
    }
    assert_eq!(store.record(layla_id).unwrap(), Some(layla_row.clone()));

    // live: neither deleted nor past the review date, in id order, with access lists
    let live = store.live_records("2026-06-01").unwrap();
    assert_eq!(ids(&live), [samir_id, layla_id, nadia_id, yusuf_id]);
    assert_eq!(live[1], layla_row);
    assert_eq!(live[3].access_members, [2]);
    assert_eq!(
        ids(&store.live_records("2026-03-31").unwrap()),
        [1, 2, 4, 5, 6, 8]
    );
    assert_eq!(
        ids(&store.live_records("2019-12-31").unwrap()),
        [1, 2, 4, 5, 6, 7, 8]
    );

    // the console's pages: most recently changed first, the larger id first at one moment
    let mut pages = Vec::new();
    for offset in [0, 2, 4, 6] {
        let (page, total) = store.records_of(1, 2, offset).unwrap();
        assert_eq!(total, 5);
        for record in &page {
            assert_eq!(Some(record), store.record(record.id).unwrap().as_ref());
        }
        pages.push(ids(&page));
    }
    assert_eq!(pages, [vec![8, 7], vec![1, 6], vec![2], vec![]]);
    let (past_every_page, total) = store.records_of(1, 2, usize::MAX).unwrap();
    assert_eq!((past_every_page.len(), total), (0, 5));
    let (every_record, _) = store.records_of(1, usize::MAX, 0).unwrap();
    assert_eq!(ids(&every_record), [8, 7, 1, 6, 2]);
    assert_eq!(store.records_of(3, 10, 0).unwrap(), (vec![], 0));

    // a deleted record written again comes back under its id, as a new version
    let back = write(
        store,
        jordan,
        std::slice::from_ref(&omar),
        &WriteTerms {
            terms: terms("all", &[], "arrest", "2029-12-31"),
            keep: KeepTerms::ALL,
        },
        6500,
    );
    assert_eq!(back.unwrap(), counts(0, 1, 0));
    assert_eq!(id_of(store, 1, "jo-omar"), omar_id);
    let omar_row = store.record(omar_id).unwrap().unwrap();
    assert_eq!(
        (omar_row.version, omar_row.access_level.as_str()),
        (3, "owner-only")
    );

    // purged past the review date: entity, versions and access list gone, the row kept
    // deleted (a deletion before kept as it was), one entry naming how many
    store
        .delete_record(2, 5, &entry(6600, "record.delete", "record 5"), &chain)
        .unwrap();
    let before_purge = store.last_change().unwrap();
    let purged = store.purge_expired(
        "2026-06-01",
        &entry(7000, "record.purge", "records past their review date"),
        &chain,
    );
    assert_eq!(purged.unwrap(), 3);
    for id in [4, 5, rami_id] {
        assert_eq!(store.record(id).unwrap(), None, "record {id}");
        assert_eq!(store.record_versions(id).unwrap(), 0, "record {id}");
    }
    assert_eq!(store.record_id(1, "jo-rami").unwrap(), None);
    assert_eq!(store.record_terms(1, &["jo-rami"]).unwrap(), [None]);
    // the purge is in the change feed, each record purged once
    let mut purged_changes: Vec<i64> = store
        .changes_after(before_purge, 100)
        .unwrap()
        .iter()
        .map(|change| change.record)
        .collect();
    purged_changes.sort();
    assert_eq!(purged_changes, [4, 5, rami_id]);
    assert_eq!(
        ids(&store.live_records("2019-12-31").unwrap()),
        [1, 2, 3, 6, 8]
    );
    let entries_before = store.audit_entries(1, i64::MAX).unwrap().len();
    let nothing = store.purge_expired(
        "2026-06-01",
        &entry(7100, "record.purge", "records past their review date"),
        &chain,
    );
    assert_eq!(nothing.unwrap(), 0);
    assert_eq!(
        store.audit_entries(1, i64::MAX).unwrap().len(),
        entries_before
    );
    // a purged record written again takes the write's terms whole, under its old id
    let returned = write(
        store,
        jordan,
        std::slice::from_ref(&rami),
        &WriteTerms {
            terms: terms("members", &[3], "monitor", "2028-06-30"),
            keep: KeepTerms::ALL,
        },
        8000,
    );
    assert_eq!(returned.unwrap(), counts(0, 1, 0));
    let rami_row = store.record(rami_id).unwrap().unwrap();
    assert_eq!(
        (
            rami_row.id,
            rami_row.version,
            rami_row.access_members.as_slice(),
            rami_row.review_by.as_str()
        ),
        (7, 3, &[3][..], "2028-06-30")
    );
    assert_eq!(store.record_versions(rami_id).unwrap(), 1);
    assert_eq!(
        ids(&store.live_records("2026-06-01").unwrap()),
        [1, 2, 3, 6, 7, 8]
    );

    // the log: an entry a write done, none for what was undone, numbered and chained
    let entries = store.audit_entries(1, i64::MAX).unwrap();
    let written: Vec<(i64, &str, &str)> = entries
        .iter()
        .map(|row| (row.at, row.action.as_str(), row.subject.as_str()))
        .collect();
    assert_eq!(
        written,
        [
            (1, "member.add", "jordan-psd"),
            (2, "member.add", "iraq-nsa"),
            (3, "member.add", "lebanon-isf"),
            (1000, "record.write", "records jordan-psd"),
            (2000, "record.write", "records iraq-nsa"),
            (3000, "record.write", "records jordan-psd"),
            (
                4000,
                "record.write",
                "records jordan-psd: narrows access of 2 records"
            ),
            (5500, "record.write", "records jordan-psd"),
            (6000, "record.delete", "record 3"),
            (6500, "record.write", "records jordan-psd"),
            (6600, "record.delete", "record 5"),
            (7000, "record.purge", "3 records past their review date"),
            (8000, "record.write", "records jordan-psd"),
        ]
    );
    common::assert_chained(&entries);
    assert_eq!(store.audit_tree_size().unwrap(), entries.len() as u64);
}

#[test]
fn the_sqlite_store_keeps_the_records_contract() {
    let directory = tempfile::tempdir().unwrap();
    let mut store = gatecheck_store::Store::open(directory.path()).unwrap();
    suite(&mut store);
}

#[test]
fn the_postgresql_store_keeps_the_records_contract() {
    let Some(cluster) = cluster("the_postgresql_store_keeps_the_records_contract") else {
        return;
    };
    let mut store = PostgresStore::connect(&cluster.connection_string()).unwrap();
    suite(&mut store);
    // connecting again finds the records kept
    let again = PostgresStore::connect(&cluster.connection_string()).unwrap();
    assert_eq!(
        ids(&again.live_records("2026-06-01").unwrap()),
        [1, 2, 3, 6, 7, 8]
    );
}

/// A FollowTheMoney person with several names and aliases, one JSON line.
fn named(entity_id: &str, names: &[&str], aliases: &[&str], weak_aliases: &[&str]) -> NewRecord {
    let entity = serde_json::json!({
        "id": entity_id,
        "schema": "Person",
        "properties": {"name": names, "alias": aliases, "weakAlias": weak_aliases},
    });
    NewRecord {
        list: None,
        entity_id: entity_id.to_string(),
        entity: entity.to_string(),
    }
}

/// The entity ids a search of `owner`'s records finds, in order, checked against how many
/// it says it found.
fn found(store: &impl Records, owner: i64, text: &str) -> Vec<String> {
    let (rows, total) = store.search_records(owner, text, 10, 0).unwrap();
    assert_eq!(rows.len(), total, "{text:?}");
    rows.into_iter().map(|row| row.entity_id).collect()
}

/// An owner's search of its person records by name or list id: part of a name in Latin or
/// Arabic letters (whatever the case, the marks, and the Arabic letters typed one for
/// another), every word in one name or another of the record, the list id whole; never
/// another owner's records, nor deleted ones; names written again found as written.
fn search_suite(store: &mut (impl Members + AuditLog + Records)) {
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
    let (jordan, iraq) = ((1, "jordan-psd"), (2, "iraq-nsa"));
    let shared = WriteTerms::set(terms("members", &[2], "refer", "2030-01-01"));
    let baghdadi = named(
        "jo-1",
        &["Abū Bakr al-Baghdādī", "أبو بكر البغدادي"],
        &["Ibrahim Awwad Ibrahim"],
        &[],
    );
    let haddad = named("jo-2", &["Samir Haddad"], &[], &["Abu Samir"]);
    let zahra = named("jo-3", &["Fatima Al-Zahra", "فاطمة الزهراء"], &[], &[]);
    // most recently changed first: jo-3, jo-2, jo-1
    for (at, record) in [(100, &baghdadi), (200, &haddad), (300, &zahra)] {
        write(store, jordan, std::slice::from_ref(record), &shared, at).unwrap();
    }
    // iraq's own records: the same name, and an entity id jordan's records have
    let iraq_baghdadi = named("iq-1", &["Abu Bakr al-Baghdadi"], &[], &[]);
    let iraq_haddad = named("jo-2", &["Samir Haddad"], &[], &[]);
    write(store, iraq, &[iraq_baghdadi, iraq_haddad], &shared, 400).unwrap();

    for (text, ids) in [
        ("baghdadi", &["jo-1"][..]),
        ("  BAGHDĀDĪ ", &["jo-1"]),
        ("البغدادي", &["jo-1"]),
        // typed without the hamza, as it often is
        ("ابو بكر", &["jo-1"]),
        ("awwad", &["jo-1"]),
        ("abu", &["jo-2", "jo-1"]),
        ("Abu Samir", &["jo-2"]),
        // every word must be in the record's names
        ("samir bakr", &[]),
        ("فاطمه", &["jo-3"]),
        ("al-zahra", &["jo-3"]),
        // the list id whole, as the list writes it
        ("jo-3", &["jo-3"]),
        ("JO-3", &[]),
        ("jo", &[]),
        ("nobody", &[]),
        (" - ", &[]),
    ] {
        let ids: Vec<String> = ids.iter().map(|id| id.to_string()).collect();
        assert_eq!(found(store, 1, text), ids, "{text:?}");
    }
    // another owner's records are never found, whichever way they are searched for
    assert_eq!(found(store, 2, "baghdadi"), ["iq-1"]);
    assert_eq!(found(store, 2, "ابو بكر"), Vec::<String>::new());
    let iraq_record = id_of(store, 2, "jo-2");
    let (rows, _) = store.search_records(1, "jo-2", 10, 0).unwrap();
    assert_eq!(rows.len(), 1);
    assert_ne!(rows[0].id, iraq_record);
    // each found record whole, with its access list, paged as the records are
    let jo_1 = id_of(store, 1, "jo-1");
    let jo_2 = id_of(store, 1, "jo-2");
    let record = |id: i64| store.record(id).unwrap().unwrap();
    assert_eq!(
        store.search_records(1, "abu", 1, 0).unwrap(),
        (vec![record(jo_2)], 2)
    );
    assert_eq!(
        store.search_records(1, "abu", 1, 1).unwrap(),
        (vec![record(jo_1)], 2)
    );
    assert_eq!(store.search_records(1, "abu", 1, 2).unwrap(), (vec![], 2));
    assert_eq!(record(jo_1).access_members, [2]);

    // names written again are found as written; a deleted record is not found
    let renamed = named("jo-2", &["Samir Khoury"], &[], &[]);
    write(store, jordan, &[renamed], &shared, 500).unwrap();
    assert_eq!(found(store, 1, "haddad"), Vec::<String>::new());
    assert_eq!(found(store, 1, "khoury"), ["jo-2"]);
    let jo_3 = id_of(store, 1, "jo-3");
    store
        .delete_record(1, jo_3, &entry(600, "record.delete", "record 3"), &chain)
        .unwrap();
    assert_eq!(found(store, 1, "zahra"), Vec::<String>::new());
    assert_eq!(found(store, 1, "jo-3"), Vec::<String>::new());
    // and purged past its review date, its names are gone with its entity
    let expiring = WriteTerms::set(terms("all", &[], "refer", "2026-01-01"));
    write(
        store,
        jordan,
        &[named("jo-4", &["Omar Khalil"], &[], &[])],
        &expiring,
        700,
    )
    .unwrap();
    assert_eq!(found(store, 1, "khalil"), ["jo-4"]);
    let purged = store
        .purge_expired("2026-06-01", &entry(800, "record.purge", "records"), &chain)
        .unwrap();
    assert_eq!(purged, 1);
    assert_eq!(found(store, 1, "khalil"), Vec::<String>::new());
}

#[test]
fn the_sqlite_store_finds_an_owner_s_records_by_name_or_list_id() {
    let directory = tempfile::tempdir().unwrap();
    let mut store = gatecheck_store::Store::open(directory.path()).unwrap();
    search_suite(&mut store);
}

#[test]
fn the_postgresql_store_finds_an_owner_s_records_by_name_or_list_id() {
    let Some(cluster) = cluster("the_postgresql_store_finds_an_owner_s_records_by_name_or_list_id")
    else {
        return;
    };
    let mut store = PostgresStore::connect(&cluster.connection_string()).unwrap();
    search_suite(&mut store);
}

#[test]
fn nodes_writing_the_same_records_at_once_leave_one_line_of_versions() {
    let Some(cluster) =
        cluster("nodes_writing_the_same_records_at_once_leave_one_line_of_versions")
    else {
        return;
    };
    let url = cluster.connection_string();
    let mut first = PostgresStore::connect(&url).unwrap();
    let owner = first
        .add_member(
            &NewMember {
                name: "jordan-psd",
                country: "JOR",
                admin: false,
                key_hash: &[1; 32],
                created_at: 1,
            },
            &entry(1, "member.add", "jordan-psd"),
            &chain,
        )
        .unwrap();
    const NODES: i64 = 4;
    const ROUNDS: i64 = 5;
    const RECORDS: usize = 10;
    let nodes: Vec<_> = (0..NODES)
        .map(|node| {
            let url = url.clone();
            std::thread::spawn(move || {
                let mut store = PostgresStore::connect(&url).unwrap();
                for round in 0..ROUNDS {
                    // every write another birth date for every record: each a new version
                    let birth_date = format!("19{node}{round}-01-01");
                    let records: Vec<NewRecord> = (0..RECORDS)
                        .map(|at| person(&format!("jo-{at}"), "Samir Haddad", &birth_date))
                        .collect();
                    let shared = WriteTerms::set(terms("all", &[], "refer", "2027-06-30"));
                    write(
                        &mut store,
                        (owner.id, "jordan-psd"),
                        &records,
                        &shared,
                        100 + node * ROUNDS + round,
                    )
                    .unwrap();
                }
            })
        })
        .collect();
    for node in nodes {
        node.join().unwrap();
    }
    let writes = NODES * ROUNDS;
    let live = first.live_records("2026-01-01").unwrap();
    assert_eq!(ids(&live), (1..=RECORDS as i64).collect::<Vec<_>>());
    for record in &live {
        assert_eq!(record.version, writes, "record {}", record.id);
        assert_eq!(first.record_versions(record.id).unwrap(), writes);
    }
    let entries = first.audit_entries(1, i64::MAX).unwrap();
    assert_eq!(entries.len() as i64, 1 + writes);
}
