//! Large batches of travel documents on every backend: batches of thousands, as an import
//! writes them (on PostgreSQL the new documents go in by one `COPY`, and the stored ones
//! are read by the batch's range of numbers, or key by key when that range holds many
//! more), must leave the same rows, versions, terms and audit entries as on SQLite, and
//! give the same counts and ids in the same order. Ids are compared by their order among
//! the ids given, as SQLite's AUTOINCREMENT leaves gaps where PostgreSQL leaves none.
//!
//! The PostgreSQL run starts a throwaway cluster (`gatecheck-testpg`) and skips with a
//! notice when PostgreSQL is not installed, unless `GATECHECK_REQUIRE_POSTGRES` is set.

mod common;

use common::{chain, cluster, entry};

use gatecheck_store::concepts::{AuditLog, Documents, Imports, Members};
use gatecheck_store::postgres::PostgresStore;
use gatecheck_store::{
    DocumentRow, ImportProgress, KeepTerms, NewDocument, NewMember, StoreError, Terms, WriteAudit,
    WriteCounts, WriteTerms,
};

const STATES: [&str; 3] = ["JOR", "IRQ", "LBN"];
const STATUSES: [&str; 4] = ["lost", "stolen", "revoked", "invalidated"];

/// The `i`th generated document: numbers in no order, a few states and types, so that
/// several documents share a number.
fn generated(i: usize, status: &str, reported_on: &str) -> NewDocument {
    let mixed = (i as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 40;
    NewDocument {
        number: format!(
            "{}{:06}",
            char::from(b'A' + (mixed % 26) as u8),
            (mixed / 26) % 20_000
        ),
        issuing_state: STATES[i % 3].to_string(),
        kind: if i.is_multiple_of(7) { "ID" } else { "P" }.to_string(),
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

/// What a backend answered and kept, for comparison with another's.
#[derive(Debug, PartialEq)]
struct Kept {
    /// Each write's counts and ids, in the order written.
    writes: Vec<(WriteCounts, Vec<i64>)>,
    /// Every document live at the end, in id order, with how many versions it had before.
    documents: Vec<(DocumentRow, i64)>,
    terms_of: Vec<Vec<(Terms, usize)>>,
    audit: Vec<(i64, String, String)>,
}

impl Kept {
    /// Ids replaced by their place among every id given, in order.
    fn by_order(mut self) -> Kept {
        let mut given: Vec<i64> = self
            .writes
            .iter()
            .flat_map(|(_, ids)| ids.iter().copied())
            .chain(self.documents.iter().map(|(row, _)| row.id))
            .collect();
        given.sort_unstable();
        given.dedup();
        let place = |id: &mut i64| {
            *id = given.binary_search(id).map_or(-1, |at| at as i64);
        };
        for (_, ids) in &mut self.writes {
            ids.iter_mut().for_each(place);
        }
        for (row, _) in &mut self.documents {
            place(&mut row.id);
        }
        self
    }
}

fn write(
    store: &mut impl Documents,
    owner: i64,
    documents: &[NewDocument],
    terms: &WriteTerms,
    progress: Option<ImportProgress>,
    at: i64,
) -> Result<(WriteCounts, Vec<i64>), StoreError> {
    let entry = entry(
        at,
        "document.write",
        &format!("{} documents", documents.len()),
    );
    let note = |changes: &[gatecheck_store::TermsChange]| -> Result<String, String> {
        let documents: usize = changes.iter().map(|change| change.records).sum();
        Ok(match documents {
            0 => String::new(),
            n => format!("{n} documents change terms"),
        })
    };
    store.write_documents(
        owner,
        documents,
        terms,
        progress,
        &WriteAudit {
            entry: &entry,
            terms_note: &note,
        },
        &chain,
    )
}

fn suite(store: &mut (impl Members + AuditLog + Documents + Imports)) -> Kept {
    for (at, name, country) in [(1, "jordan-psd", "JOR"), (2, "iraq-nsa", "IRQ")] {
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
    let (jordan, iraq) = (1, 2);
    let shared = WriteTerms::set(terms("members", &[2], "refer", "2030-01-01"));
    let mut writes = Vec::new();

    // 20,000 documents in no order, some keys given twice (the last one wins)
    let first: Vec<NewDocument> = (0..20_000)
        .map(|i| generated(i % 19_000, STATUSES[i % 4], "2026-01-01"))
        .collect();
    writes.push(write(store, jordan, &first, &shared, None, 100).unwrap());
    // another owner's documents of the same numbers, among the first's
    let iraqs: Vec<NewDocument> = (0..3_000)
        .map(|i| generated(i * 5, "lost", "2026-02-02"))
        .collect();
    let iraqs_terms = WriteTerms::set(terms("all", &[], "arrest", "2031-01-01"));
    writes.push(write(store, iraq, &iraqs, &iraqs_terms, None, 200).unwrap());

    // an import's batch, in key order and so a narrow range of numbers: documents stored
    // unchanged, changed and new ones, with the import's progress
    let import = store
        .begin_import(
            jordan,
            "jordan.csv",
            &"cd".repeat(32),
            "terms",
            &entry(300, "import.begin", "jordan.csv"),
            &chain,
        )
        .unwrap();
    let mut sorted: Vec<NewDocument> = (10_000..25_000)
        .map(|i| match i % 2 {
            0 => generated(i, STATUSES[i % 4], "2026-01-01"),
            _ => generated(i, "revoked", "2026-03-03"),
        })
        .collect();
    sorted.sort_by(|a, b| {
        (&a.number, &a.issuing_state, &a.kind).cmp(&(&b.number, &b.issuing_state, &b.kind))
    });
    let batch = &sorted[..sorted.len() / 2];
    let progress = Some(ImportProgress {
        import: import.id,
        items_done: batch.len() as i64,
    });
    writes.push(write(store, jordan, batch, &shared, progress, 400).unwrap());

    // some withdrawn, then reported again with the action given and the rest of the
    // terms kept: terms rows made as documents move, a version each
    let to_withdraw: Vec<i64> = writes[0].1.iter().step_by(997).copied().collect();
    for (at, id) in (500..).zip(&to_withdraw) {
        store
            .withdraw_document(jordan, *id, &entry(at, "document.withdraw", "one"), &chain)
            .unwrap();
    }
    let again: Vec<NewDocument> = (0..20_000)
        .step_by(997)
        .chain(50_000..50_050)
        .map(|i| generated(i, STATUSES[i % 4], "2026-01-01"))
        .collect();
    let action_given = WriteTerms {
        terms: terms("all", &[], "seize", "2032-01-01"),
        keep: KeepTerms {
            access: true,
            action: false,
            review_by: true,
        },
    };
    writes.push(write(store, jordan, &again, &action_given, None, 600).unwrap());

    // a few documents from all over the numbers (a range holding thousands stored, so
    // looked up key by key): changed, unchanged, new
    let spread: Vec<NewDocument> = [0, 18_999, 7, 9_001, 30_000, 30_001, 4_444]
        .iter()
        .map(|&i| generated(i, "revoked", "2026-04-04"))
        .collect();
    writes.push(write(store, jordan, &spread, &shared, None, 700).unwrap());
    let bad = write(
        store,
        jordan,
        &[
            generated(0, "lost", "2026-01-01"),
            generated(40_000, "lost", "2026-02-30"),
        ],
        &shared,
        None,
        800,
    );
    assert!(
        matches!(&bad, Err(StoreError::Invalid { what: "date", name }) if name == "2026-02-30"),
        "{bad:?}"
    );

    let mut numbers: Vec<String> = (0..60_000)
        .map(|i| generated(i, "lost", "2026-01-01").number)
        .collect();
    numbers.sort_unstable();
    numbers.dedup();
    let mut documents = Vec::new();
    for chunk in numbers.chunks(4_096) {
        documents.extend(store.documents_by_numbers(chunk, "2026-01-01").unwrap());
    }
    documents.sort_by_key(|row| row.id);
    let documents = documents
        .into_iter()
        .map(|row| {
            let versions = store.document_versions(row.id).unwrap();
            (row, versions)
        })
        .collect();
    let audit = store
        .audit_entries(1, i64::MAX)
        .unwrap()
        .into_iter()
        .map(|row| (row.at, row.action, row.subject))
        .collect();
    Kept {
        writes,
        documents,
        terms_of: vec![
            store.document_terms_of(jordan).unwrap(),
            store.document_terms_of(iraq).unwrap(),
        ],
        audit,
    }
    .by_order()
}

#[test]
fn large_batches_leave_the_same_documents_on_postgresql_as_on_sqlite() {
    let Some(cluster) =
        cluster("large_batches_leave_the_same_documents_on_postgresql_as_on_sqlite")
    else {
        return;
    };
    let directory = tempfile::tempdir().unwrap();
    let mut sqlite = gatecheck_store::Store::open(directory.path()).unwrap();
    let on_sqlite = suite(&mut sqlite);
    let mut postgres = PostgresStore::connect(&cluster.connection_string()).unwrap();
    let on_postgres = suite(&mut postgres);
    // the batches did what they were written for
    let counts: Vec<WriteCounts> = on_sqlite.writes.iter().map(|(counts, _)| *counts).collect();
    assert!(counts.iter().all(|counts| counts.added > 0), "{counts:?}");
    assert!(
        counts[2].changed > 0 && counts[2].unchanged > 0,
        "{counts:?}"
    );
    assert!(
        counts[3].changed > 20 && counts[4].changed > 0,
        "{counts:?}"
    );
    assert!(
        on_sqlite
            .documents
            .iter()
            .any(|(_, versions)| *versions > 1),
        "no document has two versions"
    );
    assert_eq!(on_postgres.writes, on_sqlite.writes);
    assert_eq!(on_postgres.terms_of, on_sqlite.terms_of);
    assert_eq!(on_postgres.audit, on_sqlite.audit);
    assert_eq!(on_postgres.documents.len(), on_sqlite.documents.len());
    assert_eq!(on_postgres, on_sqlite);
}

/// The database itself refuses a document naming no member or no terms, and the removal
/// of terms or a member documents name, as the foreign keys the statement triggers
/// replaced refused them (migration 6).
#[test]
fn postgresql_refuses_documents_naming_what_is_not_there() {
    let Some(cluster) = cluster("postgresql_refuses_documents_naming_what_is_not_there") else {
        return;
    };
    let mut store = PostgresStore::connect(&cluster.connection_string()).unwrap();
    let member = store
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
    let shared = WriteTerms::set(terms("all", &[], "refer", "2030-01-01"));
    let (_, ids) = write(
        &mut store,
        member.id,
        &[generated(1, "lost", "2026-01-01")],
        &shared,
        None,
        2,
    )
    .unwrap();
    let no_member = write(
        &mut store,
        member.id + 1,
        &[generated(2, "lost", "2026-01-01")],
        &shared,
        None,
        3,
    );
    assert!(
        matches!(&no_member, Err(StoreError::Postgres(error))
            if error.code() == Some(&postgres::error::SqlState::FOREIGN_KEY_VIOLATION)),
        "{no_member:?}"
    );

    let mut client =
        postgres::Client::connect(&cluster.connection_string(), postgres::NoTls).unwrap();
    let refused = [
        format!(
            "UPDATE document SET terms = terms + 100 WHERE id = {}",
            ids[0]
        ),
        format!(
            "UPDATE document SET owner = owner + 100 WHERE id = {}",
            ids[0]
        ),
        "INSERT INTO document (id, owner, number, issuing_state, type, status, reported_on,
                               terms, version)
         SELECT id + 1, owner, 'Z1', issuing_state, type, status, reported_on, terms + 100,
                version FROM document"
            .to_string(),
        "DELETE FROM terms".to_string(),
        "UPDATE terms SET id = id + 100".to_string(),
        "UPDATE member SET id = id + 100".to_string(),
    ];
    for statement in refused {
        let error = client.batch_execute(&statement).unwrap_err();
        assert_eq!(
            error.code(),
            Some(&postgres::error::SqlState::FOREIGN_KEY_VIOLATION),
            "{statement}: {error}"
        );
    }
    // what names nothing missing goes through
    client
        .batch_execute(&format!(
            "UPDATE document SET status = 2 WHERE id = {}",
            ids[0]
        ))
        .unwrap();
    let kept = store.document(ids[0]).unwrap().unwrap();
    assert_eq!(
        (kept.owner, kept.document.status.as_str()),
        (member.id, "stolen")
    );
}
