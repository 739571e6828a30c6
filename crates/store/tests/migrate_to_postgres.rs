//! A SQLite store copied into PostgreSQL (`gatecheck_store::migrate`): a store filled
//! through the traits with every concept (members, records with versions, a deletion and
//! a purge, documents written again, withdrawn and purged, an import, console users and
//! sessions, hits with their history, notifications and a suppression, a manifest,
//! checkpoints, a pruned change feed) reads the same on PostgreSQL after the copy, every
//! table of it holding rows; the same new writes on both afterwards take the same ids and
//! continue one audit chain and tree. A target holding data is refused and left as it
//! was; a copy that cannot be made (a table it does not know, a value PostgreSQL cannot
//! hold, the source written meanwhile) keeps nothing and can be run again.
//!
//! The PostgreSQL runs start a throwaway cluster (`gatecheck-testpg`) and skip with a
//! notice when PostgreSQL is not installed, unless `GATECHECK_REQUIRE_POSTGRES` is set.

mod common;

use common::{assert_chained, chain, cluster, entry};

use gatecheck_store::concepts::{AuditLog, Backend, Documents, Hits, Members};
use gatecheck_store::migrate::{copy_to_postgres, CopyReport, VERIFY_STEP};
use gatecheck_store::postgres::PostgresStore;
use gatecheck_store::{
    CheckpointRow, HitFilter, ImportProgress, NewDocument, NewHit, NewManifest, NewMember,
    NewRecord, NewReport, NewSuppression, NewUser, StatusChange, Store, StoreError, Terms,
    WriteAudit, WriteTerms, DOCUMENT_IDS,
};

/// The day the stores are read on: records and documents reviewed before it are purged.
const TODAY: &str = "2026-05-01";

fn terms(access_level: &str, access_members: &[i64], action: &str, review_by: &str) -> Terms {
    Terms {
        access_level: access_level.to_string(),
        access_members: access_members.to_vec(),
        action: action.to_string(),
        review_by: review_by.to_string(),
    }
}

fn person(entity_id: &str, name: &str) -> NewRecord {
    NewRecord {
        list: None,
        entity_id: entity_id.to_string(),
        entity: format!(
            r#"{{"id":"{entity_id}","schema":"Person","properties":{{"name":["{name}"]}}}}"#
        ),
    }
}

fn document(number: &str, status: &str, reported_on: &str) -> NewDocument {
    NewDocument {
        number: number.to_string(),
        issuing_state: "JOR".to_string(),
        kind: "P".to_string(),
        status: status.parse().unwrap(),
        reported_on: reported_on.to_string(),
    }
}

fn add_member(store: &mut dyn Backend, name: &str, country: &str, at: i64) -> i64 {
    store
        .add_member(
            &NewMember {
                name,
                country,
                admin: at == 1,
                key_hash: &[at as u8; 32],
                created_at: at,
            },
            &entry(at, "member.add", &format!("member {name}")),
            &chain,
        )
        .unwrap()
        .id
}

fn write_records(
    store: &mut dyn Backend,
    owner: i64,
    records: &[NewRecord],
    terms: Terms,
    progress: Option<ImportProgress>,
    at: i64,
) {
    let entry = entry(at, "record.write", &format!("records of {owner}"));
    store
        .write_records(
            owner,
            records,
            &WriteTerms::set(terms),
            progress,
            &WriteAudit::plain(&entry),
            &chain,
        )
        .unwrap();
}

fn write_documents(
    store: &mut dyn Backend,
    owner: i64,
    documents: &[NewDocument],
    terms: Terms,
    progress: Option<ImportProgress>,
    at: i64,
) -> Vec<i64> {
    let entry = entry(at, "document.write", &format!("documents of {owner}"));
    store
        .write_documents(
            owner,
            documents,
            &WriteTerms::set(terms),
            progress,
            &WriteAudit::plain(&entry),
            &chain,
        )
        .unwrap()
        .1
}

fn new_hit(querier: i64, record: i64, owner: i64, traveller: &str) -> NewHit {
    NewHit {
        querier,
        record,
        owner,
        query: format!(r#"{{"schema":"Person","properties":{{"name":["{traveller}"]}}}}"#),
        score: 0.875,
        explanation: r#"{"name":0.875}"#.to_string(),
        details: None,
        absorb_since: None,
    }
}

fn new_user(member: i64, name: &str, created_at: i64) -> NewUser<'_> {
    NewUser {
        member,
        name,
        role: "officer",
        language: "en",
        password_salt: &[0x5a; 16],
        password_hash: &[0xa5; 32],
        password_params: "argon2id v19 m=19456 t=2 p=1",
        created_at,
    }
}

fn new_manifest(querier: i64, reference: &str) -> NewManifest {
    NewManifest {
        querier,
        kind: "flight".to_string(),
        source: "PAXLST".to_string(),
        reference: reference.to_string(),
        flight: r#"{"flight":"RJ0123","legs":[{"from":"AMM","to":"BGW"}]}"#.to_string(),
        travellers: 180,
        digest: format!("{:0>64}", reference.len()),
    }
}

fn keep_manifest(store: &mut dyn Backend, querier: i64, reference: &str, hits: &[NewHit], at: i64) {
    let manifest = new_manifest(querier, reference);
    store
        .add_manifests(
            &[(&manifest, hits)],
            at,
            &mut |_, id, hits| {
                format!(
                    r#"{{"manifest":{id},"summary":{{"hits":{}}},"travellers":[]}}"#,
                    hits.len()
                )
            },
            &[entry(at, "screen.manifest", reference)],
            &chain,
        )
        .unwrap();
}

/// Signs (as a stand-in) a checkpoint of the log as it is.
fn checkpoint(store: &mut dyn Backend, at: i64) {
    let size = store.audit_tree_size().unwrap();
    let root = store.audit_tree_root(size).unwrap();
    store
        .add_audit_checkpoint(&CheckpointRow {
            size,
            at,
            note: format!("gatecheck hub\n{size}\n{root}\n\n— signature {at}\n"),
        })
        .unwrap();
}

/// Writes every concept through the traits: what a hub gathers in its first months.
fn fill(store: &mut dyn Backend) {
    let jordan = add_member(store, "jordan-psd", "JOR", 1);
    let iraq = add_member(store, "iraq-nsa", "IRQ", 2);
    let lebanon = add_member(store, "lebanon-isf", "LBN", 3);
    add_member(store, "syria-gis", "SYR", 4);
    store
        .set_member_contact(
            "lebanon-isf",
            "+961 1 000 000",
            &entry(5, "member.contact", "member lebanon-isf"),
            &chain,
        )
        .unwrap();
    store
        .revoke_member(
            "syria-gis",
            6,
            &entry(6, "member.revoke", "member syria-gis"),
            &chain,
        )
        .unwrap();

    // records: three shown to Iraq, one changed (a second version), one deleted, and one
    // reviewed before today, purged
    let shown_to_iraq = terms(
        "members",
        &[iraq],
        "refer to secondary inspection",
        "2030-01-01",
    );
    write_records(
        store,
        jordan,
        &[
            person("j1", "Yusuf Adnan Haddad"),
            person("j2", "Rami Khoury"),
            person("j3", "Omar Saleh"),
        ],
        shown_to_iraq.clone(),
        None,
        100,
    );
    write_records(
        store,
        jordan,
        &[person("j1", "Yusuf Adnan Al-Haddad")],
        shown_to_iraq,
        None,
        110,
    );
    let j2 = store.record_id(jordan, "j2").unwrap().unwrap();
    store
        .delete_record(
            jordan,
            j2,
            &entry(120, "record.delete", "record j2"),
            &chain,
        )
        .unwrap();
    write_records(
        store,
        lebanon,
        &[person("l1", "Karim Nassar")],
        terms("all", &[], "detain", "2020-01-01"),
        None,
        130,
    );
    assert_eq!(
        store
            .purge_expired(TODAY, &entry(140, "record.purge", "records"), &chain)
            .unwrap(),
        1
    );

    // documents: an import of three in one batch, finished; one reported again stolen (a
    // version; SQLite's AUTOINCREMENT uses an id up), one withdrawn, and the newest,
    // reviewed before today, purged with its terms
    let import = store
        .begin_import(
            jordan,
            "jordan-2026.csv",
            &"d".repeat(64),
            "all;seize the document;2030-01-01",
            &entry(200, "import.begin", "documents jordan-2026.csv"),
            &chain,
        )
        .unwrap();
    let seize = terms("all", &[], "seize the document", "2030-01-01");
    let documents = [
        document("A1000001", "lost", "2026-01-02"),
        document("A1000002", "lost", "2026-01-03"),
        document("A1000003", "stolen", "2026-01-04"),
    ];
    let ids = write_documents(
        store,
        jordan,
        &documents,
        seize.clone(),
        Some(ImportProgress {
            import: import.id,
            items_done: 3,
        }),
        210,
    );
    store
        .finish_import(import.id, &entry(220, "import.finish", "import"), &chain)
        .unwrap();
    write_documents(
        store,
        jordan,
        &[document("A1000001", "stolen", "2026-02-01")],
        seize,
        None,
        230,
    );
    store
        .withdraw_document(
            jordan,
            ids[1],
            &entry(240, "document.withdraw", "document"),
            &chain,
        )
        .unwrap();
    write_documents(
        store,
        lebanon,
        &[document("L2000001", "revoked", "2019-05-05")],
        terms("owner-only", &[], "refer", "2020-01-01"),
        None,
        250,
    );
    assert_eq!(
        store
            .purge_expired_documents(TODAY, &entry(260, "document.purge", "documents"), &chain)
            .unwrap(),
        1
    );

    // the console: two officers, each signed in, one switched to Arabic
    let officer = store
        .add_user(
            &new_user(iraq, "Mustafa.Karim", 300),
            &entry(300, "user.add", "user"),
            &chain,
        )
        .unwrap();
    let supervisor = store
        .add_user(
            &new_user(jordan, "Zaid.Haddad", 301),
            &entry(301, "user.add", "user"),
            &chain,
        )
        .unwrap();
    store
        .set_user_language(
            officer.id,
            "ar",
            &entry(302, "user.language", "user"),
            &chain,
        )
        .unwrap();
    store
        .add_session(
            &[1; 32],
            officer.id,
            310,
            &entry(310, "user.signin", "user"),
            &chain,
        )
        .unwrap();
    store
        .add_session(
            &[2; 32],
            supervisor.id,
            311,
            &entry(311, "user.signin", "user"),
            &chain,
        )
        .unwrap();
    store.touch_session(&[1; 32], 320).unwrap();

    // hits: Iraq screened a traveller matching Jordan's record and one with its document;
    // the record's hit escalated to Jordan, then cleared as a false positive (suppressed,
    // Iraq told of the answer)
    let j1 = store.record_id(jordan, "j1").unwrap().unwrap();
    let hits = store
        .add_hits(
            &[
                new_hit(iraq, j1, jordan, "Yousef Haddad"),
                new_hit(iraq, ids[0], jordan, "A1000001"),
            ],
            400,
            &[entry(400, "screen.person", "2 hits")],
            &chain,
        )
        .unwrap();
    store
        .set_hit_status(
            &StatusChange {
                hit: hits[0],
                status: "escalated",
                reason: "same date of birth",
                suppression: None,
                notify: Some((jordan, "escalated")),
            },
            &entry(410, "hit.status", &format!("hit {}", hits[0])),
            &chain,
        )
        .unwrap();
    let suppression = NewSuppression {
        querier: iraq,
        record: j1,
        record_version: 2,
        details: "e".repeat(64),
    };
    store
        .set_hit_status(
            &StatusChange {
                hit: hits[0],
                status: "false-positive",
                reason: "another father's name",
                suppression: Some(&suppression),
                notify: Some((iraq, "answered")),
            },
            &entry(420, "hit.status", &format!("hit {}", hits[0])),
            &chain,
        )
        .unwrap();
    checkpoint(store, 430);

    // a flight: Lebanon screened a manifest with a traveller hitting Jordan's record
    keep_manifest(
        store,
        lebanon,
        "MSG0001",
        &[new_hit(lebanon, j1, jordan, "Youssef Haddad")],
        500,
    );
    checkpoint(store, 510);
    // a suspicious transaction report of that hit, for Iraq's financial intelligence unit
    let reported = store
        .hits_of(lebanon, &HitFilter::default(), 1, 0)
        .unwrap()
        .0[0]
        .0
        .id;
    store
        .add_report(
            &NewReport {
                author: lebanon,
                recipient: iraq,
                hit: reported,
                reference: "CASE-1".to_string(),
                report: "<report><report_code>STR</report_code></report>".to_string(),
                digest: format!("{:0>64}", 1),
            },
            520,
            &entry(520, "report.add", "report 1"),
            &chain,
        )
        .unwrap();

    // the change feed, its oldest changes pruned
    assert!(store.prune_changes(3).unwrap() > 0);
    store
        .keep_screenings(1065, &[(2, r#"{"id":"q","schema":"Person"}"#)])
        .unwrap();
}

/// The same new writes, after the copy, on either side: each kind of row numbered.
fn write_after(store: &mut dyn Backend) {
    let egypt = add_member(store, "egypt-moi", "EGY", 1000);
    write_records(
        store,
        egypt,
        &[person("e1", "Tarek Mansour")],
        terms("all", &[], "refer", "2031-01-01"),
        None,
        1010,
    );
    write_documents(
        store,
        egypt,
        &[document("E3000001", "stolen", "2026-04-01")],
        terms("members", &[1, 2], "seize", "2031-06-30"),
        None,
        1020,
    );
    store
        .add_user(
            &new_user(egypt, "Hany.Fahmy", 1030),
            &entry(1030, "user.add", "user"),
            &chain,
        )
        .unwrap();
    let e1 = store.record_id(egypt, "e1").unwrap().unwrap();
    let hits = store
        .add_hits(
            &[new_hit(2, e1, egypt, "Tarek Mansur")],
            1040,
            &[entry(1040, "screen.person", "hit")],
            &chain,
        )
        .unwrap();
    // the first hit's history goes on after its copied events
    store
        .set_hit_status(
            &StatusChange {
                hit: 1,
                status: "open",
                reason: "reopened",
                suppression: None,
                notify: None,
            },
            &entry(1050, "hit.status", "hit 1"),
            &chain,
        )
        .unwrap();
    store
        .set_hit_status(
            &StatusChange {
                hit: hits[0],
                status: "confirmed",
                reason: "same person",
                suppression: None,
                notify: Some((2, "answered")),
            },
            &entry(1060, "hit.status", "hit"),
            &chain,
        )
        .unwrap();
    keep_manifest(
        store,
        2,
        "MSG0002",
        &[new_hit(2, e1, egypt, "T. Mansour")],
        1070,
    );
    store
        .begin_import(
            egypt,
            "egypt.jsonl",
            &"f".repeat(64),
            "all;refer;2031-01-01",
            &entry(1080, "import.begin", "egypt.jsonl"),
            &chain,
        )
        .unwrap();
    checkpoint(store, 1090);
}

/// Everything a node reads through the traits: (what, as read).
fn read_everything(store: &dyn Backend) -> Vec<(String, String)> {
    let mut seen = Vec::new();
    let mut note = |what: String, read: String| seen.push((what, read));
    let members = store.members().unwrap();
    note("members".into(), format!("{members:?}"));
    for member in &members {
        let id = member.id;
        note(
            format!("records of {id}"),
            format!("{:?}", store.records_of(id, 100, 0).unwrap()),
        );
        note(
            format!("record terms of {id}"),
            format!("{:?}", store.record_terms_of(id).unwrap()),
        );
        note(
            format!("document terms of {id}"),
            format!("{:?}", store.document_terms_of(id).unwrap()),
        );
        note(
            format!("hits of {id}"),
            format!(
                "{:?}",
                store.hits_of(id, &HitFilter::default(), 100, 0).unwrap()
            ),
        );
        note(
            format!("hits after 0 of {id}"),
            format!("{:?}", store.hits_after(id, 0).unwrap()),
        );
        note(
            format!("notifications of {id}"),
            format!("{:?}", store.notifications(id, 0, 100).unwrap()),
        );
        note(
            format!("manifests of {id}"),
            format!("{:?}", store.manifests_of(id, 100, 0).unwrap()),
        );
        note(
            format!("users of {id}"),
            format!("{:?}", store.users_of(id).unwrap()),
        );
        note(
            format!("suppressions of {id}"),
            format!("{:?}", store.suppressions_for(id, &"e".repeat(64)).unwrap()),
        );
    }
    note(
        "live records".into(),
        format!("{:?}", store.live_records(TODAY).unwrap()),
    );
    for id in 1..=8 {
        note(
            format!("record {id}"),
            format!(
                "{:?} {}",
                store.record(id).unwrap(),
                store.record_versions(id).unwrap()
            ),
        );
        note(
            format!("hit {id}"),
            format!(
                "{:?} {:?} {:?} {:?}",
                store.hit(id).unwrap(),
                store.hit_history(id).unwrap(),
                store.suppression_of_hit(id).unwrap(),
                store.manifest_of_hit(id).unwrap()
            ),
        );
        note(
            format!("manifest {id}"),
            format!("{:?}", store.manifest(id).unwrap()),
        );
        note(
            format!("user {id}"),
            format!("{:?}", store.user_by_id(id).unwrap()),
        );
    }
    for id in DOCUMENT_IDS..DOCUMENT_IDS + 12 {
        note(
            format!("document {id}"),
            format!(
                "{:?} {}",
                store.document(id).unwrap(),
                store.document_versions(id).unwrap()
            ),
        );
    }
    let numbers: Vec<String> = ["A1000001", "A1000002", "A1000003", "L2000001", "E3000001"]
        .map(String::from)
        .to_vec();
    note(
        "documents by number".into(),
        format!("{:?}", store.documents_by_numbers(&numbers, TODAY).unwrap()),
    );
    note("imports".into(), format!("{:?}", store.imports().unwrap()));
    for token in 1..=3u8 {
        note(
            format!("session {token}"),
            format!("{:?}", store.session(&[token; 32]).unwrap()),
        );
    }
    note(
        "changes".into(),
        format!(
            "{:?} {}",
            store.changes_after(0, 100).unwrap(),
            store.last_change().unwrap()
        ),
    );
    let log = store.audit_entries(1, i64::MAX).unwrap();
    note("audit log".into(), format!("{log:?}"));
    let size = store.audit_tree_size().unwrap();
    note(
        "audit tree".into(),
        format!("{size} {}", store.audit_tree_root(size).unwrap()),
    );
    if size > 2 {
        note(
            "audit proofs".into(),
            format!(
                "{:?} {:?}",
                store.audit_inclusion(2, size).unwrap(),
                store.audit_consistency(2, size).unwrap()
            ),
        );
    }
    note(
        "checkpoints".into(),
        format!("{:?}", store.audit_checkpoints().unwrap()),
    );
    seen
}

fn assert_reads_the_same(sqlite: &dyn Backend, postgres: &dyn Backend) {
    let (expected, copied) = (read_everything(sqlite), read_everything(postgres));
    assert_eq!(expected.len(), copied.len());
    for (expected, copied) in expected.iter().zip(&copied) {
        assert_eq!(
            expected, copied,
            "{} reads otherwise on PostgreSQL",
            expected.0
        );
    }
}

fn copy(store: &Store, url: &str) -> Result<CopyReport, StoreError> {
    copy_to_postgres(store, url, &mut |_, _, _| {})
}

#[test]
fn a_filled_sqlite_store_reads_the_same_on_postgresql_and_numbering_goes_on_alike() {
    let Some(cluster) =
        cluster("a_filled_sqlite_store_reads_the_same_on_postgresql_and_numbering_goes_on_alike")
    else {
        return;
    };
    let url = cluster.connection_string();
    let directory = tempfile::tempdir().unwrap();
    let mut sqlite = Store::open(directory.path()).unwrap();
    fill(&mut sqlite);

    let mut steps: Vec<(String, u64, u64)> = Vec::new();
    let report = copy_to_postgres(&sqlite, &url, &mut |step, done, total| {
        steps.push((step.to_string(), done, total));
    })
    .unwrap();

    // every table of the store held rows, and each was copied whole
    let counted = |table: &str| -> u64 {
        let rows: i64 = sqlite
            .connection_for_tests()
            .query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |row| {
                row.get(0)
            })
            .unwrap();
        rows as u64
    };
    let tables: Vec<String> = sqlite
        .connection_for_tests()
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut copied: Vec<String> = report
        .tables
        .iter()
        .map(|table| table.name.to_string())
        .collect();
    copied.sort();
    assert_eq!(copied, tables);
    for table in &report.tables {
        assert!(table.rows > 0, "the fill left table {} empty", table.name);
        assert_eq!(table.rows, counted(table.name), "table {}", table.name);
        assert!(
            steps.contains(&(table.name.to_string(), table.rows, table.rows)),
            "{steps:?}"
        );
    }
    assert_eq!(steps.last(), Some(&(VERIFY_STEP.to_string(), 1, 1)));
    let log = sqlite.audit_entries(1, i64::MAX).unwrap();
    assert_eq!(report.audit_entries, log.len() as u64);
    assert_eq!(report.audit_head, log.last().unwrap().hash);
    assert_eq!(
        report.audit_root,
        sqlite.audit_tree_root(log.len() as u64).unwrap()
    );
    assert_eq!(report.checkpoints, 2);
    let newest_document = counted_max(&sqlite, "SELECT MAX(id) FROM document");
    for spot in [
        "members".to_string(),
        "record 4".to_string(),
        format!("document {newest_document}"),
        "hit 3".to_string(),
        // the report's notification of its recipient is the newest
        "notification 6".to_string(),
        "suppression 1".to_string(),
        "manifest 1".to_string(),
        "report 1".to_string(),
        "console user 2".to_string(),
        "a session".to_string(),
    ] {
        assert!(
            report.spot_checks.contains(&spot),
            "{spot}: {:?}",
            report.spot_checks
        );
    }
    // the documents' numbering goes on past the purged one, the last SQLite gave, as
    // the sequences go on past the largest id of their tables
    let last_document = counted_max(
        &sqlite,
        "SELECT seq FROM sqlite_sequence WHERE name = 'document'",
    );
    assert!(last_document > newest_document);
    for next in [
        ("document", "id", last_document + 1),
        ("member", "id", 5),
        // the purged document's terms went with it: SQLite gives their id again too
        ("terms", "id", 2),
        ("hit_event", "id", 3),
        ("console_user", "id", 3),
    ] {
        let next = (next.0.to_string(), next.1.to_string(), next.2);
        assert!(
            report.numbering.contains(&next),
            "{next:?}: {:?}",
            report.numbering
        );
    }

    let mut postgres = PostgresStore::connect(&url).unwrap();
    assert_reads_the_same(&sqlite, &postgres);
    // the references, unique constraints and indexes the copy set aside are made again
    // as the migrations made them
    let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    client.batch_execute("CREATE DATABASE fresh").unwrap();
    let fresh = url.replace("dbname=gatecheck", "dbname=fresh");
    drop(PostgresStore::connect(&fresh).unwrap());
    let copied_schema = schema_of(&mut client);
    assert!(copied_schema
        .iter()
        .any(|line| line.contains("document_key")));
    assert!(copied_schema
        .iter()
        .any(|line| line.contains("REFERENCES manifest(id) DEFERRABLE INITIALLY DEFERRED")));
    let fresh_schema = schema_of(&mut postgres::Client::connect(&fresh, postgres::NoTls).unwrap());
    assert_eq!(copied_schema, fresh_schema);

    // the same writes on both afterwards: the same ids for every kind of row, one chain
    // and one tree going on
    write_after(&mut sqlite);
    write_after(&mut postgres);
    assert_reads_the_same(&sqlite, &postgres);
    let log = postgres.audit_entries(1, i64::MAX).unwrap();
    assert_chained(&log);
    assert_eq!(postgres.audit_tree_size().unwrap(), log.len() as u64);
    assert_eq!(postgres.members().unwrap().last().unwrap().id, 5);
    assert_eq!(postgres.document_terms_of(5).unwrap().len(), 1);
    assert_eq!(postgres.hit_history(1).unwrap().len(), 3);
    let egypts = postgres.documents_by_number("E3000001", TODAY).unwrap();
    assert_eq!(egypts[0].id, last_document + 1);
}

/// Every constraint and index of the database's tables, by name and definition.
fn schema_of(client: &mut postgres::Client) -> Vec<String> {
    let rows = client
        .query(
            "SELECT conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid)
             FROM pg_constraint WHERE connamespace = 'public'::regnamespace
             UNION ALL
             SELECT indexrelid::regclass::text || ' ' || pg_get_indexdef(indexrelid) FROM pg_index
             WHERE indrelid IN (SELECT oid FROM pg_class WHERE relnamespace = 'public'::regnamespace)
             ORDER BY 1",
            &[],
        )
        .unwrap();
    rows.iter().map(|row| row.get(0)).collect()
}

/// One integer a query of the SQLite store gives.
fn counted_max(store: &Store, sql: &str) -> i64 {
    store
        .connection_for_tests()
        .query_row(sql, [], |row| row.get(0))
        .unwrap()
}

#[test]
fn a_target_holding_data_is_refused_and_left_as_it_was() {
    let Some(cluster) = cluster("a_target_holding_data_is_refused_and_left_as_it_was") else {
        return;
    };
    let url = cluster.connection_string();
    let mut live = PostgresStore::connect(&url).unwrap();
    add_member(&mut live, "jordan-psd", "JOR", 1);
    let log_before = live.audit_entries(1, i64::MAX).unwrap();

    let directory = tempfile::tempdir().unwrap();
    let mut sqlite = Store::open(directory.path()).unwrap();
    add_member(&mut sqlite, "iraq-nsa", "IRQ", 2);
    let refused = copy(&sqlite, &url);
    let Err(StoreError::TargetNotEmpty(holds)) = &refused else {
        panic!("a store holding a member was copied into: {refused:?}");
    };
    assert_eq!(holds, "member: 1 rows, audit: 1 rows, audit_node: 1 rows");
    assert!(refused
        .unwrap_err()
        .to_string()
        .contains("a copy goes only into an empty database"));

    let names: Vec<String> = live
        .members()
        .unwrap()
        .into_iter()
        .map(|member| member.name)
        .collect();
    assert_eq!(names, ["jordan-psd"]);
    assert_eq!(live.audit_entries(1, i64::MAX).unwrap(), log_before);
    // and it is still a store that takes writes
    add_member(&mut live, "lebanon-isf", "LBN", 3);
    assert_chained(&live.audit_entries(1, i64::MAX).unwrap());
}

/// Whether the database at `url` holds no member and no audit entry.
fn holds_nothing(url: &str) -> bool {
    let store = PostgresStore::connect(url).unwrap();
    store.members().unwrap().is_empty() && store.audit_entries(1, i64::MAX).unwrap().is_empty()
}

#[test]
fn a_copy_that_cannot_be_made_keeps_nothing_and_can_be_run_again() {
    let Some(cluster) = cluster("a_copy_that_cannot_be_made_keeps_nothing_and_can_be_run_again")
    else {
        return;
    };
    let url = cluster.connection_string();
    let directory = tempfile::tempdir().unwrap();
    let mut sqlite = Store::open(directory.path()).unwrap();
    let jordan = add_member(&mut sqlite, "jordan-psd", "JOR", 1);
    let ids = write_documents(
        &mut sqlite,
        jordan,
        &[
            document("A1000001", "lost", "2026-01-02"),
            document("A1000002", "lost", "2026-01-03"),
        ],
        terms("all", &[], "seize the document", "2030-01-01"),
        None,
        10,
    );
    let tamper = |sql: &str| {
        sqlite.connection_for_tests().execute_batch(sql).unwrap();
    };

    // a table this version does not know could hold what a copy would lose
    tamper("CREATE TABLE notes (text TEXT)");
    let failed = copy(&sqlite, &url).unwrap_err();
    assert!(matches!(failed, StoreError::CopyFailed(_)), "{failed:?}");
    assert!(
        failed
            .to_string()
            .contains(r#"a table "notes" this version does not copy"#),
        "{failed}"
    );
    tamper("DROP TABLE notes");

    // a value PostgreSQL's column cannot hold, named by table, row and column, after the
    // member and the audit entries were copied: undone with them
    tamper(&format!(
        "UPDATE document SET reported_on = 3000000000 WHERE id = {}",
        ids[1]
    ));
    let failed = copy(&sqlite, &url).unwrap_err();
    assert_eq!(
        failed.to_string(),
        format!(
            "copy to PostgreSQL: table document, row id {}: column reported_on 3000000000 \
             does not fit PostgreSQL's integer; nothing was kept",
            ids[1]
        )
    );
    assert!(holds_nothing(&url));
    tamper(&format!(
        "UPDATE document SET reported_on = 20000 WHERE id = {}",
        ids[1]
    ));

    // text PostgreSQL cannot hold
    tamper("UPDATE member SET contact = 'desk' || char(0) || '3' WHERE id = 1");
    let failed = copy(&sqlite, &url).unwrap_err();
    assert!(
        failed
            .to_string()
            .contains("table member, row id 1: column contact holds a NUL character"),
        "{failed}"
    );
    assert!(holds_nothing(&url));
    tamper("UPDATE member SET contact = 'desk 3' WHERE id = 1");

    // a write to the store while it is copied (another process's): the copy is undone
    let mut other_process = Store::open(directory.path()).unwrap();
    let mut written = false;
    let failed = copy_to_postgres(&sqlite, &url, &mut |step, _, _| {
        if step == "record" && !written {
            add_member(&mut other_process, "iraq-nsa", "IRQ", 2);
            written = true;
        }
    })
    .unwrap_err();
    assert!(
        failed
            .to_string()
            .contains("was written while it was copied"),
        "{failed}"
    );
    assert!(holds_nothing(&url));

    // run again, the copy is made whole
    let report = copy(&sqlite, &url).unwrap();
    assert_eq!(
        report
            .tables
            .iter()
            .find(|table| table.name == "member")
            .unwrap()
            .rows,
        2
    );
    let postgres = PostgresStore::connect(&url).unwrap();
    assert_eq!(postgres.members().unwrap(), sqlite.members().unwrap());
    assert_eq!(
        postgres.document(ids[1]).unwrap(),
        sqlite.document(ids[1]).unwrap()
    );
    assert_eq!(postgres.members().unwrap()[0].contact, "desk 3");
}
