//! Travel documents and imports on every backend: the SQLite store and the PostgreSQL one
//! must give the same rows, in the same order, with the same errors, for the same calls
//! (documents added, new versions only of what changed, terms rows shared, terms kept or
//! given, look-ups by one number and by several with the review date, withdrawal, purges,
//! imports begun, resumed, advanced by batches of documents and of records, finished),
//! each write with its audit entry; and several PostgreSQL clients writing documents at
//! once (the nodes of one hub) must number every document once and leave each one
//! unbroken line of versions.
//!
//! The PostgreSQL runs start a throwaway cluster (`gatecheck-testpg`) and skip with a
//! notice when PostgreSQL is not installed, unless `GATECHECK_REQUIRE_POSTGRES` is set.

mod common;

use common::{chain, cluster, entry};

use std::cell::RefCell;

use gatecheck_store::concepts::{AuditLog, Documents, Imports, Members, Records};
use gatecheck_store::postgres::PostgresStore;
use gatecheck_store::{
    DocumentRow, ImportProgress, ImportRow, KeepTerms, NewDocument, NewMember, NewRecord,
    StoreError, Terms, TermsChange, WriteAudit, WriteCounts, WriteTerms, DOCUMENT_IDS,
};

fn document(number: &str, state: &str, kind: &str, status: &str, reported_on: &str) -> NewDocument {
    NewDocument {
        number: number.to_string(),
        issuing_state: state.to_string(),
        kind: kind.to_string(),
        status: status.parse().unwrap(),
        reported_on: reported_on.to_string(),
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

/// Writes `documents` of `owner` with a plain audit entry `documents <owner_name>` at `at`.
fn write(
    store: &mut impl Documents,
    (owner, owner_name): (i64, &str),
    documents: &[NewDocument],
    terms: &WriteTerms,
    progress: Option<ImportProgress>,
    at: i64,
) -> Result<(WriteCounts, Vec<i64>), StoreError> {
    let entry = entry(at, "document.write", &format!("documents {owner_name}"));
    store.write_documents(
        owner,
        documents,
        terms,
        progress,
        &WriteAudit::plain(&entry),
        &chain,
    )
}

fn ids(documents: &[DocumentRow]) -> Vec<i64> {
    documents.iter().map(|document| document.id).collect()
}

fn id(offset: i64) -> i64 {
    DOCUMENT_IDS + offset
}

/// Checks that a write numbered its new documents above every id given before (none given
/// twice, even once removed), ascending in key order, and keeps them.
fn take_new(given: &mut Vec<i64>, new: &[i64]) {
    for id in new {
        let last = given.last().copied().unwrap_or(DOCUMENT_IDS - 1);
        assert!(*id > last, "document id {id} given after {last}");
        given.push(*id);
    }
}

fn suite(store: &mut (impl Members + AuditLog + Documents + Imports + Records)) {
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
    let shared = terms("members", &[3, 2, 2], "refer", "2027-06-30");
    let shared_stored = terms("members", &[2, 3], "refer", "2027-06-30");
    let iraqs_terms = terms("all", &[], "arrest", "2026-03-31");

    // documents added: numbered from 2^40 in key order (number, issuing state, type),
    // their ids given back in the order written
    let b2_passport = document("B2", "JOR", "P", "lost", "2026-01-02");
    let a1_passport = document("A1", "JOR", "P", "lost", "2026-01-01");
    let a1_card = document("A1", "JOR", "ID", "stolen", "2025-12-31");
    let batch = [b2_passport.clone(), a1_passport.clone(), a1_card.clone()];
    let added = write(
        store,
        jordan,
        &batch,
        &WriteTerms::set(shared.clone()),
        None,
        1000,
    );
    assert_eq!(added.unwrap(), (counts(3, 0, 0), vec![id(2), id(1), id(0)]));
    // the ids given so far, ascending (past these, the backends may leave gaps: SQLite's
    // AUTOINCREMENT uses an id up for each document an insert finds there already)
    let mut given = vec![id(0), id(1), id(2)];
    assert_eq!(
        store.document(given[1]).unwrap(),
        Some(DocumentRow {
            id: given[1],
            owner: 1,
            document: a1_passport.clone(),
            terms: shared_stored.clone(),
            version: 1,
        })
    );
    assert_eq!(store.document_versions(given[1]).unwrap(), 0);
    assert_eq!(store.document(id(3)).unwrap(), None);

    // written again: nothing changes; a status changed: a new version, the old one kept
    let again = write(
        store,
        jordan,
        &batch,
        &WriteTerms::set(shared.clone()),
        None,
        1100,
    );
    assert_eq!(
        again.unwrap(),
        (counts(0, 0, 3), vec![given[2], given[1], given[0]])
    );
    assert_eq!(store.document_versions(given[1]).unwrap(), 0);
    let a1_stolen = document("A1", "JOR", "P", "stolen", "2026-01-01");
    let changed = write(
        store,
        jordan,
        std::slice::from_ref(&a1_stolen),
        &WriteTerms::set(shared.clone()),
        None,
        1200,
    );
    assert_eq!(changed.unwrap(), (counts(0, 1, 0), vec![given[1]]));
    let a1_row = store.document(given[1]).unwrap().unwrap();
    assert_eq!(
        (a1_row.document.status.as_str(), a1_row.version),
        ("stolen", 2)
    );
    assert_eq!(store.document_versions(given[1]).unwrap(), 1);

    // another member's document of the same number is a document of its own
    let iraqi_a1 = document("A1", "IRQ", "P", "revoked", "2026-02-01");
    let iraqs = write(
        store,
        iraq,
        &[iraqi_a1],
        &WriteTerms::set(iraqs_terms.clone()),
        None,
        2000,
    );
    let (iraqs_counts, new) = iraqs.unwrap();
    assert_eq!(iraqs_counts, counts(1, 0, 0));
    take_new(&mut given, &new);
    assert_eq!(
        store.document_terms_of(1).unwrap(),
        [(shared_stored.clone(), 3)]
    );
    assert_eq!(
        store.document_terms_of(2).unwrap(),
        [(iraqs_terms.clone(), 1)]
    );
    assert_eq!(store.document_terms_of(3).unwrap(), []);

    // looked up by number: every owner's, in id order, unless past its review date
    assert_eq!(
        ids(&store.documents_by_number("A1", "2026-01-01").unwrap()),
        [given[0], given[1], given[3]]
    );
    assert_eq!(
        ids(&store.documents_by_number("A1", "2026-06-01").unwrap()),
        [given[0], given[1]]
    );
    assert_eq!(store.documents_by_number("Z9", "2026-01-01").unwrap(), []);
    let several = ["B2", "A1", "Z9"].map(String::from);
    assert_eq!(
        ids(&store.documents_by_numbers(&several, "2026-06-01").unwrap()),
        [given[0], given[1], given[2]]
    );
    assert_eq!(
        ids(&store
            .documents_by_numbers(&several[..1], "2026-06-01")
            .unwrap()),
        [given[2]]
    );
    assert_eq!(store.documents_by_numbers(&[], "2026-06-01").unwrap(), []);

    // every part of the terms kept: a stored document stays as it is, a new one takes the
    // write's terms; no terms changed, as told to the service
    let c3_card = document("C3", "JOR", "ID", "invalidated", "2026-03-03");
    let owner_only = terms("owner-only", &[], "monitor", "2028-01-01");
    let told = RefCell::new(Vec::<Vec<TermsChange>>::new());
    let note = |changes: &[TermsChange]| -> Result<String, String> {
        told.borrow_mut().push(changes.to_vec());
        let documents: usize = changes.iter().map(|change| change.records).sum();
        Ok(match documents {
            0 => String::new(),
            n => format!("{n} documents change terms"),
        })
    };
    let kept = store.write_documents(
        1,
        &[a1_stolen.clone(), c3_card.clone()],
        &WriteTerms {
            terms: owner_only.clone(),
            keep: KeepTerms::ALL,
        },
        None,
        &WriteAudit {
            entry: &entry(3000, "document.write", "documents jordan-psd"),
            terms_note: &note,
        },
        &chain,
    );
    let (kept_counts, kept_ids) = kept.unwrap();
    assert_eq!((kept_counts, kept_ids[0]), (counts(1, 0, 1), given[1]));
    take_new(&mut given, &kept_ids[1..]);
    assert_eq!(told.take(), [Vec::<TermsChange>::new()]);
    assert_eq!(
        store.document(given[1]).unwrap().unwrap().terms,
        shared_stored
    );
    assert_eq!(store.document(given[4]).unwrap().unwrap().terms, owner_only);

    // the action given, access and review date kept: terms no document had yet, in a row
    // of their own, the change told to the service and noted in the audit entry
    let arrest = terms("members", &[2, 3], "arrest the bearer", "2027-06-30");
    let action_only = WriteTerms {
        terms: terms("all", &[], "arrest the bearer", "2031-01-01"),
        keep: KeepTerms {
            access: true,
            action: false,
            review_by: true,
        },
    };
    let action_given = store.write_documents(
        1,
        &[a1_card.clone(), b2_passport.clone()],
        &action_only,
        None,
        &WriteAudit {
            entry: &entry(4000, "document.write", "documents jordan-psd"),
            terms_note: &note,
        },
        &chain,
    );
    assert_eq!(
        action_given.unwrap(),
        (counts(0, 2, 0), vec![given[0], given[2]])
    );
    assert_eq!(
        told.take(),
        [vec![TermsChange {
            from: shared_stored.clone(),
            to: arrest.clone(),
            records: 2,
        }]]
    );
    assert_eq!(store.document(given[2]).unwrap().unwrap().terms, arrest);
    assert_eq!(store.document_versions(given[2]).unwrap(), 1);
    // grouped by terms, in the order the terms were first stored
    assert_eq!(
        store.document_terms_of(1).unwrap(),
        [
            (shared_stored.clone(), 1),
            (owner_only.clone(), 1),
            (arrest.clone(), 2)
        ]
    );
    assert_eq!(
        store
            .document_terms(
                1,
                &[
                    ("A1", "JOR", "ID"),
                    ("Z9", "JOR", "P"),
                    ("A1", "JOR", "P"),
                    ("A1", "IRQ", "P")
                ]
            )
            .unwrap(),
        [
            Some(arrest.clone()),
            None,
            Some(shared_stored.clone()),
            None
        ]
    );

    // a write the service refuses is undone whole, and so is one with a bad status
    let refuse = |_: &[TermsChange]| -> Result<String, String> {
        Err("widens access of 1 document".to_string())
    };
    let refused = store.write_documents(
        1,
        &[
            document("A1", "JOR", "P", "stolen", "2026-01-01"),
            document("D4", "JOR", "P", "lost", "2026-04-04"),
        ],
        &WriteTerms::set(terms("all", &[], "refer", "2027-06-30")),
        None,
        &WriteAudit {
            entry: &entry(4100, "document.write", "documents jordan-psd"),
            terms_note: &refuse,
        },
        &chain,
    );
    assert!(
        matches!(&refused, Err(StoreError::Refused(reason)) if reason == "widens access of 1 document"),
        "{refused:?}"
    );
    assert_eq!(
        store.document(given[1]).unwrap().unwrap().terms,
        shared_stored
    );
    assert_eq!(store.documents_by_number("D4", "2026-01-01").unwrap(), []);
    let bad = write(
        store,
        jordan,
        &[
            document("D4", "JOR", "P", "lost", "2026-04-04"),
            document("E5", "JOR", "P", "lost", "2026-05-32"),
        ],
        &WriteTerms::set(shared.clone()),
        None,
        4200,
    );
    // the batch refused whole for its second document (a status is a `DocumentStatus`, so
    // only its date can be wrong)
    assert!(
        matches!(&bad, Err(StoreError::Invalid { what: "date", name }) if name == "2026-05-32"),
        "{bad:?}"
    );
    let bad_date = write(
        store,
        jordan,
        &[document("D4", "JOR", "P", "lost", "2026-02-30")],
        &WriteTerms::set(shared.clone()),
        None,
        4300,
    );
    assert!(
        matches!(&bad_date, Err(StoreError::Invalid { what: "date", name }) if name == "2026-02-30"),
        "{bad_date:?}"
    );
    assert_eq!(store.documents_by_number("D4", "2026-01-01").unwrap(), []);

    // a version kept with terms past their review date goes in the purge, its document
    // (with other terms now) stays; the ids undone writes did not use are given next
    let early = terms("all", &[], "refer", "2026-02-01");
    let f6 = document("F6", "JOR", "P", "lost", "2026-01-06");
    let first = write(
        store,
        jordan,
        std::slice::from_ref(&f6),
        &WriteTerms::set(early),
        None,
        5000,
    );
    let (first_counts, new) = first.unwrap();
    assert_eq!(first_counts, counts(1, 0, 0));
    take_new(&mut given, &new);
    let later = terms("all", &[], "refer", "2029-12-31");
    let moved = write(
        store,
        jordan,
        std::slice::from_ref(&f6),
        &WriteTerms::set(later.clone()),
        None,
        5100,
    );
    assert_eq!(moved.unwrap(), (counts(0, 1, 0), vec![given[5]]));
    let g7 = document("G7", "IRQ", "ID", "lost", "2026-01-07");
    let iraqs_second = write(
        store,
        iraq,
        &[g7],
        &WriteTerms::set(iraqs_terms.clone()),
        None,
        5200,
    );
    let (second_counts, new) = iraqs_second.unwrap();
    assert_eq!(second_counts, counts(1, 0, 0));
    take_new(&mut given, &new);

    // withdrawn: a new version, no longer matching, kept; reported again: live again
    store
        .withdraw_document(
            1,
            given[1],
            &entry(6000, "document.withdraw", "document 1"),
            &chain,
        )
        .unwrap();
    assert_eq!(store.document(given[1]).unwrap(), None);
    assert_eq!(
        ids(&store.documents_by_number("A1", "2026-01-01").unwrap()),
        [given[0], given[3]]
    );
    assert_eq!(store.document_versions(given[1]).unwrap(), 2);
    let twice = store.withdraw_document(
        1,
        given[1],
        &entry(6100, "document.withdraw", "again"),
        &chain,
    );
    assert!(
        matches!(&twice, Err(StoreError::NotFound { what: "record", name }) if *name == given[1].to_string()),
        "{twice:?}"
    );
    let anothers = store.withdraw_document(
        2,
        given[0],
        &entry(6100, "document.withdraw", "not iraq's"),
        &chain,
    );
    assert!(
        matches!(anothers, Err(StoreError::NotFound { .. })),
        "{anothers:?}"
    );
    assert!(store.document(given[0]).unwrap().is_some());
    let reported = write(
        store,
        jordan,
        std::slice::from_ref(&a1_stolen),
        &WriteTerms::set(shared.clone()),
        None,
        6200,
    );
    assert_eq!(reported.unwrap(), (counts(0, 1, 0), vec![given[1]]));
    assert_eq!(store.document(given[1]).unwrap().unwrap().version, 4);
    assert_eq!(store.document_versions(given[1]).unwrap(), 3);

    // purged past the review date: both of Iraq's, with their versions; none the next time,
    // without an audit entry; the ids of documents removed are not given again
    let purged = store.purge_expired_documents(
        "2026-06-01",
        &entry(7000, "document.purge", "purge"),
        &chain,
    );
    assert_eq!(purged.unwrap(), 2);
    assert_eq!(store.document(given[3]).unwrap(), None);
    assert_eq!(store.document(given[6]).unwrap(), None);
    assert_eq!(store.document_terms_of(2).unwrap(), []);
    assert_eq!(store.document_versions(given[5]).unwrap(), 0);
    assert_eq!(store.document(given[5]).unwrap().unwrap().terms, later);
    assert_eq!(
        ids(&store.documents_by_number("A1", "2026-01-01").unwrap()),
        [given[0], given[1]]
    );
    let nothing = store.purge_expired_documents(
        "2026-06-01",
        &entry(7100, "document.purge", "purge"),
        &chain,
    );
    assert_eq!(nothing.unwrap(), 0);
    let h8 = document("H8", "JOR", "P", "lost", "2026-06-08");
    let after_purge = write(
        store,
        jordan,
        &[h8],
        &WriteTerms::set(shared.clone()),
        None,
        7200,
    );
    let (after_counts, new) = after_purge.unwrap();
    assert_eq!(after_counts, counts(1, 0, 0));
    take_new(&mut given, &new);

    // imports: begun, resumed while unfinished, advanced by batches of documents and of
    // records in their transactions, finished
    let digest = "ab".repeat(32);
    let import_terms = "all;refer;2027-06-30";
    let begun = store
        .begin_import(
            1,
            "jordan-2026.csv",
            &digest,
            import_terms,
            &entry(8000, "import.begin", "documents jordan-2026.csv"),
            &chain,
        )
        .unwrap();
    assert_eq!(
        begun,
        ImportRow {
            id: 1,
            member: 1,
            file: "jordan-2026.csv".to_string(),
            digest: digest.clone(),
            terms: import_terms.to_string(),
            items_done: 0,
            counts: counts(0, 0, 0),
            started_at: 8000,
            finished_at: None,
        }
    );
    let resumed = store
        .begin_import(
            1,
            "renamed.csv",
            &digest,
            import_terms,
            &entry(8100, "import.begin", "resumed"),
            &chain,
        )
        .unwrap();
    assert_eq!(resumed, begun);
    let other_terms = store
        .begin_import(
            1,
            "jordan-2026.csv",
            &digest,
            "owner-only;refer;2027-06-30",
            &entry(8200, "import.begin", "documents jordan-2026.csv"),
            &chain,
        )
        .unwrap();
    assert_eq!(other_terms.id, 2);
    let progress = |import: i64, items_done: i64| Some(ImportProgress { import, items_done });
    let j9 = document("J9", "JOR", "P", "lost", "2026-07-09");
    let k10 = document("K10", "JOR", "P", "lost", "2026-07-10");
    let first_batch = write(
        store,
        jordan,
        &[j9.clone(), k10],
        &WriteTerms::set(shared.clone()),
        progress(1, 2),
        8300,
    );
    let (batch_counts, new) = first_batch.unwrap();
    assert_eq!(batch_counts, counts(2, 0, 0));
    take_new(&mut given, &new);
    let person = NewRecord {
        list: None,
        entity_id: "jo-samir".to_string(),
        entity: r#"{"id":"jo-samir","schema":"Person","properties":{"name":["Samir Haddad"]}}"#
            .to_string(),
    };
    let records_batch = store.write_records(
        1,
        &[person],
        &WriteTerms::set(shared.clone()),
        progress(1, 3),
        &WriteAudit::plain(&entry(8400, "record.write", "records jordan-psd")),
        &chain,
    );
    assert_eq!(records_batch.unwrap(), counts(1, 0, 0));
    let unknown = write(
        store,
        jordan,
        &[document("J11", "JOR", "P", "lost", "2026-07-11")],
        &WriteTerms::set(shared.clone()),
        progress(99, 1),
        8500,
    );
    assert!(
        matches!(&unknown, Err(StoreError::NotFound { what: "unfinished import", name }) if name == "99"),
        "{unknown:?}"
    );
    assert_eq!(store.documents_by_number("J11", "2026-01-01").unwrap(), []);
    let finished = store
        .finish_import(1, &entry(8600, "import.finish", "import 1"), &chain)
        .unwrap();
    assert_eq!(
        finished,
        ImportRow {
            items_done: 3,
            counts: counts(3, 0, 0),
            finished_at: Some(8600),
            ..begun.clone()
        }
    );
    let finished_twice = store.finish_import(1, &entry(8700, "import.finish", "import 1"), &chain);
    assert!(
        matches!(&finished_twice, Err(StoreError::NotFound { what: "unfinished import", name }) if name == "1"),
        "{finished_twice:?}"
    );
    let late = write(
        store,
        jordan,
        std::slice::from_ref(&j9),
        &WriteTerms::set(later.clone()),
        progress(1, 4),
        8800,
    );
    assert!(matches!(late, Err(StoreError::NotFound { .. })), "{late:?}");
    assert_eq!(
        store.document(given[8]).unwrap().unwrap().terms,
        shared_stored
    );
    let begun_again = store
        .begin_import(
            1,
            "jordan-2026.csv",
            &digest,
            import_terms,
            &entry(8900, "import.begin", "documents jordan-2026.csv"),
            &chain,
        )
        .unwrap();
    assert_eq!((begun_again.id, begun_again.items_done), (3, 0));
    let imports = store.imports().unwrap();
    assert_eq!(
        imports.iter().map(|import| import.id).collect::<Vec<_>>(),
        [3, 2, 1]
    );
    assert_eq!(imports[2], finished);

    // every write with its entry, in order, chained; nothing of what was undone
    let entries = store.audit_entries(1, i64::MAX).unwrap();
    let listed: Vec<(i64, &str, &str)> = entries
        .iter()
        .map(|row| (row.at, row.action.as_str(), row.subject.as_str()))
        .collect();
    assert_eq!(
        listed,
        [
            (1, "member.add", "jordan-psd"),
            (2, "member.add", "iraq-nsa"),
            (3, "member.add", "lebanon-isf"),
            (1000, "document.write", "documents jordan-psd"),
            (1100, "document.write", "documents jordan-psd"),
            (1200, "document.write", "documents jordan-psd"),
            (2000, "document.write", "documents iraq-nsa"),
            (3000, "document.write", "documents jordan-psd"),
            (
                4000,
                "document.write",
                "documents jordan-psd: 2 documents change terms"
            ),
            (5000, "document.write", "documents jordan-psd"),
            (5100, "document.write", "documents jordan-psd"),
            (5200, "document.write", "documents iraq-nsa"),
            (6000, "document.withdraw", "document 1"),
            (6200, "document.write", "documents jordan-psd"),
            (7000, "document.purge", "2 documents past their review date"),
            (7200, "document.write", "documents jordan-psd"),
            (8000, "import.begin", "import 1: documents jordan-2026.csv"),
            (8200, "import.begin", "import 2: documents jordan-2026.csv"),
            (8300, "document.write", "documents jordan-psd"),
            (8400, "record.write", "records jordan-psd"),
            (8600, "import.finish", "import 1"),
            (8900, "import.begin", "import 3: documents jordan-2026.csv"),
        ]
    );
    common::assert_chained(&entries);
    assert_eq!(store.audit_tree_size().unwrap(), entries.len() as u64);
}

#[test]
fn the_sqlite_store_keeps_the_documents_contract() {
    let directory = tempfile::tempdir().unwrap();
    let mut store = gatecheck_store::Store::open(directory.path()).unwrap();
    suite(&mut store);
}

#[test]
fn the_postgresql_store_keeps_the_documents_contract() {
    let Some(cluster) = cluster("the_postgresql_store_keeps_the_documents_contract") else {
        return;
    };
    let mut store = PostgresStore::connect(&cluster.connection_string()).unwrap();
    suite(&mut store);
    // connecting again finds the documents and imports kept
    let again = PostgresStore::connect(&cluster.connection_string()).unwrap();
    assert_eq!(
        ids(&again.documents_by_number("A1", "2026-06-01").unwrap()),
        [id(0), id(1)]
    );
    assert_eq!(again.imports().unwrap().len(), 3);
}

#[test]
fn nodes_writing_documents_at_once_number_each_once_with_one_line_of_versions() {
    let Some(cluster) =
        cluster("nodes_writing_documents_at_once_number_each_once_with_one_line_of_versions")
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
    const SHARED: usize = 10;
    let nodes: Vec<_> = (0..NODES)
        .map(|node| {
            let url = url.clone();
            std::thread::spawn(move || {
                let mut store = PostgresStore::connect(&url).unwrap();
                for round in 0..ROUNDS {
                    // every write another date for the shared documents (each a new
                    // version) and a document of the node's own (each a new id)
                    let reported_on = format!("20{node}{round}-01-01");
                    let mut documents: Vec<NewDocument> = (0..SHARED)
                        .map(|at| document(&format!("S{at:02}"), "JOR", "P", "lost", &reported_on))
                        .collect();
                    documents.push(document(
                        &format!("N{node}R{round}"),
                        "JOR",
                        "P",
                        "stolen",
                        &reported_on,
                    ));
                    let shared = WriteTerms::set(terms("all", &[], "refer", "2027-06-30"));
                    write(
                        &mut store,
                        (owner.id, "jordan-psd"),
                        &documents,
                        &shared,
                        None,
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
    let numbers: Vec<String> = (0..SHARED).map(|at| format!("S{at:02}")).collect();
    let shared = first.documents_by_numbers(&numbers, "2026-01-01").unwrap();
    assert_eq!(shared.len(), SHARED);
    for document in &shared {
        assert_eq!(document.version, writes, "document {}", document.id);
        assert_eq!(first.document_versions(document.id).unwrap(), writes - 1);
    }
    let own: Vec<String> = (0..NODES)
        .flat_map(|node| (0..ROUNDS).map(move |round| format!("N{node}R{round}")))
        .collect();
    let mut every = ids(&shared);
    every.extend(ids(&first
        .documents_by_numbers(&own, "2026-01-01")
        .unwrap()));
    every.sort_unstable();
    let expected: Vec<i64> = (0..SHARED as i64 + writes).map(id).collect();
    assert_eq!(every, expected);
    let entries = first.audit_entries(1, i64::MAX).unwrap();
    assert_eq!(entries.len() as i64, 1 + writes);
}
