//! The SQLite store's schema: its migrations, in order, and how a database is brought up
//! to date with them.

use rusqlite::{Connection, OptionalExtension};

use super::records::fill_searchable_names;
use crate::StoreError;

/// Schema versions, in order: each entry upgrades from the one before.
pub(super) const MIGRATIONS: &[&str] = &[
    // 1: members and the audit log
    "CREATE TABLE member (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        country TEXT NOT NULL,
        admin INTEGER NOT NULL,
        key_hash BLOB NOT NULL,
        created_at INTEGER NOT NULL,
        revoked_at INTEGER
    );
    CREATE TABLE audit (
        seq INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        subject TEXT NOT NULL,
        digest TEXT NOT NULL,
        previous TEXT NOT NULL,
        hash TEXT NOT NULL
    );",
    // 2: records (persons for now), who may see them, and every version of each
    "CREATE TABLE record (
        id INTEGER PRIMARY KEY,
        owner INTEGER NOT NULL REFERENCES member(id),
        entity_id TEXT NOT NULL,
        entity TEXT NOT NULL,
        access_level TEXT NOT NULL CHECK (access_level IN ('all', 'members', 'owner-only')),
        action TEXT NOT NULL,
        review_by TEXT NOT NULL,
        version INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        deleted_at INTEGER,
        UNIQUE (owner, entity_id)
    );
    CREATE TABLE record_access (
        record INTEGER NOT NULL REFERENCES record(id),
        member INTEGER NOT NULL REFERENCES member(id),
        PRIMARY KEY (record, member)
    );
    CREATE TABLE record_version (
        record INTEGER NOT NULL REFERENCES record(id),
        version INTEGER NOT NULL,
        entity TEXT NOT NULL,
        access_level TEXT NOT NULL,
        access_members TEXT NOT NULL,
        action TEXT NOT NULL,
        review_by TEXT NOT NULL,
        at INTEGER NOT NULL,
        actor TEXT NOT NULL,
        PRIMARY KEY (record, version)
    );",
    // 3: hits (a query matched a record) with their history, and the owners' notifications
    "CREATE TABLE hit (
        id INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        querier INTEGER NOT NULL REFERENCES member(id),
        record INTEGER NOT NULL REFERENCES record(id),
        owner INTEGER NOT NULL REFERENCES member(id),
        query TEXT NOT NULL,
        score REAL NOT NULL,
        explanation TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('open', 'confirmed', 'false-positive', 'escalated'))
    );
    CREATE TABLE hit_event (
        hit INTEGER NOT NULL REFERENCES hit(id),
        at INTEGER NOT NULL,
        actor TEXT NOT NULL,
        status TEXT NOT NULL,
        reason TEXT NOT NULL
    );
    CREATE TABLE notification (
        id INTEGER PRIMARY KEY,
        owner INTEGER NOT NULL REFERENCES member(id),
        hit INTEGER NOT NULL REFERENCES hit(id),
        at INTEGER NOT NULL
    );
    CREATE INDEX notification_by_owner ON notification (owner, id);",
    // 4: finding records changed since a moment, for the index to follow the store
    "CREATE INDEX record_by_update ON record (updated_at);
    CREATE INDEX record_by_deletion ON record (deleted_at);",
    // 5: travel documents in a table of their own, a few dozen bytes a document (a hundred
    // million must fit on one disk), their access rule, action and review date shared
    // through `terms`; a hit names a record or a document, so `hit.record` no longer
    // refers to `record` alone (the table is rebuilt, as SQLite changes no constraint)
    "CREATE TABLE terms (
        id INTEGER PRIMARY KEY,
        access_level TEXT NOT NULL CHECK (access_level IN ('all', 'members', 'owner-only')),
        access_members TEXT NOT NULL,
        action TEXT NOT NULL,
        review_by TEXT NOT NULL,
        UNIQUE (access_level, access_members, action, review_by)
    );
    CREATE TABLE document (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        number TEXT NOT NULL,
        issuing_state TEXT NOT NULL,
        type TEXT NOT NULL,
        owner INTEGER NOT NULL REFERENCES member(id),
        status INTEGER NOT NULL CHECK (status BETWEEN 1 AND 4),
        reported_on INTEGER NOT NULL,
        terms INTEGER NOT NULL REFERENCES terms(id),
        version INTEGER NOT NULL,
        deleted_at INTEGER
    );
    CREATE UNIQUE INDEX document_key ON document (number, issuing_state, type, owner);
    INSERT INTO sqlite_sequence (name, seq) VALUES ('document', 1099511627775);
    CREATE TABLE document_version (
        document INTEGER NOT NULL REFERENCES document(id),
        version INTEGER NOT NULL,
        status INTEGER NOT NULL,
        reported_on INTEGER NOT NULL,
        terms INTEGER NOT NULL REFERENCES terms(id),
        deleted_at INTEGER,
        superseded_at INTEGER NOT NULL,
        actor TEXT NOT NULL,
        PRIMARY KEY (document, version)
    );
    CREATE TABLE hit_new (
        id INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        querier INTEGER NOT NULL REFERENCES member(id),
        record INTEGER NOT NULL,
        owner INTEGER NOT NULL REFERENCES member(id),
        query TEXT NOT NULL,
        score REAL NOT NULL,
        explanation TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('open', 'confirmed', 'false-positive', 'escalated'))
    );
    INSERT INTO hit_new SELECT * FROM hit;
    DROP TABLE hit;
    ALTER TABLE hit_new RENAME TO hit;",
    // 6: imports written a batch a transaction, and how far each got
    "CREATE TABLE import (
        id INTEGER PRIMARY KEY,
        member INTEGER NOT NULL REFERENCES member(id),
        file TEXT NOT NULL,
        digest TEXT NOT NULL,
        terms TEXT NOT NULL,
        items_done INTEGER NOT NULL,
        added INTEGER NOT NULL,
        changed INTEGER NOT NULL,
        unchanged INTEGER NOT NULL,
        started_at INTEGER NOT NULL,
        finished_at INTEGER
    );",
    // 7: flights screened (passenger data), with the answer given
    "CREATE TABLE manifest (
        id INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        querier INTEGER NOT NULL REFERENCES member(id),
        source TEXT NOT NULL,
        reference TEXT NOT NULL,
        flight TEXT NOT NULL,
        travellers INTEGER NOT NULL,
        digest TEXT NOT NULL,
        answer TEXT NOT NULL
    );",
    // 8: the console's users (people of a member, with a role and a language, their
    // passwords as Argon2id hashes), their sessions (only a hash of each token kept), and
    // the flight a hit was raised on
    "CREATE TABLE console_user (
        id INTEGER PRIMARY KEY,
        member INTEGER NOT NULL REFERENCES member(id),
        name TEXT NOT NULL UNIQUE,
        role TEXT NOT NULL CHECK (role IN ('officer', 'supervisor', 'administrator')),
        language TEXT NOT NULL CHECK (language IN ('en', 'ar')),
        password_salt BLOB NOT NULL,
        password_hash BLOB NOT NULL,
        password_params TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        disabled_at INTEGER
    );
    CREATE TABLE console_session (
        token_hash BLOB PRIMARY KEY,
        user INTEGER NOT NULL REFERENCES console_user(id),
        created_at INTEGER NOT NULL,
        last_seen INTEGER NOT NULL
    ) WITHOUT ROWID;
    ALTER TABLE hit ADD COLUMN manifest INTEGER;
    CREATE INDEX hit_queue ON hit (querier, at DESC, score DESC, id DESC);",
    // 9: a traveller cleared as a false positive against a record: not raised again with the
    // same details against the same version of the record, until revoked
    "CREATE TABLE suppression (
        id INTEGER PRIMARY KEY,
        querier INTEGER NOT NULL REFERENCES member(id),
        record INTEGER NOT NULL,
        record_version INTEGER NOT NULL,
        details TEXT NOT NULL,
        hit INTEGER NOT NULL REFERENCES hit(id),
        at INTEGER NOT NULL,
        actor TEXT NOT NULL,
        revoked_at INTEGER,
        revoked_by TEXT
    );
    CREATE INDEX suppression_by_details ON suppression (querier, details);
    CREATE INDEX suppression_by_hit ON suppression (hit);",
    // 10: how a member is reached about a hit on its records
    "ALTER TABLE member ADD COLUMN contact TEXT NOT NULL DEFAULT '';",
    // 11: notifications of more than new hits: a hit escalated to the record's owner (who is
    // asked to decide), and the owner's answer to the member that screened; `owner` is
    // the member notified
    "ALTER TABLE notification ADD COLUMN kind TEXT NOT NULL DEFAULT 'hit'
        CHECK (kind IN ('hit', 'escalated', 'answered'));",
    // 12: the audit log as a Merkle tree (see `audit_tree`): the perfect nodes each entry
    // completes, and the hub's signed checkpoints; entries found by subject and moment for
    // evidence bundles. The tree of a log written before is made when the store is opened.
    "CREATE TABLE audit_node (
        level INTEGER NOT NULL,
        position INTEGER NOT NULL,
        hash BLOB NOT NULL,
        PRIMARY KEY (level, position)
    ) WITHOUT ROWID;
    CREATE TABLE audit_checkpoint (
        size INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        note TEXT NOT NULL
    );
    CREATE INDEX audit_by_subject ON audit (subject);
    CREATE INDEX audit_by_moment ON audit (at);",
    // 13: the change feed of person records (see `concepts::Records::changes_after`): a row
    // for each record a write added, changed, deleted or purged, numbered in the order the
    // writes committed, so that a screening index follows the store by number rather than
    // by clocks. A number is the largest plus one, given inside the write (one writer at a
    // time); pruning keeps the newest row, so a number is never given twice. Records
    // written before have one change each, in the order of their last change.
    "CREATE TABLE record_change (
        seq INTEGER PRIMARY KEY,
        record INTEGER NOT NULL,
        at INTEGER NOT NULL
    );
    INSERT INTO record_change (record, at)
        SELECT id, MAX(updated_at, COALESCE(deleted_at, updated_at)) AS changed_at FROM record
        ORDER BY changed_at, id;",
    // 14: the published list a record is an entry of (empty when none), so that a newer
    // version of the list removes the entries it no longer has; and how many an import
    // removed
    "ALTER TABLE record ADD COLUMN source_list TEXT NOT NULL DEFAULT '';
    CREATE INDEX record_by_list ON record (owner, source_list) WHERE source_list != '';
    ALTER TABLE import ADD COLUMN removed INTEGER NOT NULL DEFAULT 0;",
    // 15: screenings kept for a few days, so that travellers who passed before a record
    // was added or changed are screened again against it (`concepts::Screenings`)
    "CREATE TABLE screening_kept (
        id INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        querier INTEGER NOT NULL REFERENCES member(id),
        query TEXT NOT NULL
    );
    CREATE INDEX screening_kept_by_moment ON screening_kept (at);",
    // 16: a traveller screened again within a shift is a sighting of the open hit already
    // raised, not a new hit: the hit keeps the traveller's details (a digest, as a
    // suppression compares them), when it was last seen and how many times
    "ALTER TABLE hit ADD COLUMN details TEXT;
    ALTER TABLE hit ADD COLUMN last_seen_at INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE hit ADD COLUMN seen_count INTEGER NOT NULL DEFAULT 1;
    UPDATE hit SET last_seen_at = at;
    CREATE INDEX hit_open_by_details ON hit (querier, record, details)
        WHERE status = 'open' AND details IS NOT NULL;",
    // 17: a record's names as its owner's search finds them (`crate::searchable`), filled
    // for the records written before by `fill_searchable_names`, in Rust (the names'
    // search form is not SQL's to compute); a search reads them among the owner's rows
    "ALTER TABLE record ADD COLUMN searchable_names TEXT NOT NULL DEFAULT '';",
    // 18: the time zone a member's officers work in (IANA name; empty: UTC only)
    "ALTER TABLE member ADD COLUMN time_zone TEXT NOT NULL DEFAULT '';",
    // 19: payments and shipments kept as manifests are (their parties, the answer, their
    // hits linked), told apart by `kind`; suspicious transaction reports written from a
    // confirmed hit for another member's financial intelligence unit (`concepts::Reports`),
    // whose recipient is notified (`notification.kind` `report`, naming the report: the
    // table is rebuilt, as SQLite changes no constraint)
    "ALTER TABLE manifest ADD COLUMN kind TEXT NOT NULL DEFAULT 'flight'
        CHECK (kind IN ('flight', 'payment', 'shipment'));
    CREATE TABLE fiu_report (
        id INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        author INTEGER NOT NULL REFERENCES member(id),
        recipient INTEGER NOT NULL REFERENCES member(id),
        hit INTEGER NOT NULL REFERENCES hit(id),
        reference TEXT NOT NULL,
        report TEXT NOT NULL,
        digest TEXT NOT NULL
    );
    CREATE INDEX fiu_report_by_author ON fiu_report (author, id);
    CREATE INDEX fiu_report_by_recipient ON fiu_report (recipient, id);
    CREATE TABLE notification_new (
        id INTEGER PRIMARY KEY,
        owner INTEGER NOT NULL REFERENCES member(id),
        hit INTEGER NOT NULL REFERENCES hit(id),
        at INTEGER NOT NULL,
        kind TEXT NOT NULL DEFAULT 'hit'
            CHECK (kind IN ('hit', 'escalated', 'answered', 'report')),
        report INTEGER REFERENCES fiu_report(id)
    );
    INSERT INTO notification_new (id, owner, hit, at, kind)
        SELECT id, owner, hit, at, kind FROM notification;
    DROP TABLE notification;
    ALTER TABLE notification_new RENAME TO notification;
    CREATE INDEX notification_by_owner ON notification (owner, id);",
];

/// The schema version that adds `record.searchable_names`, whose migration is followed, in
/// its transaction, by [`fill_searchable_names`] for the records written before.
const SEARCHABLE_NAMES_ADDED: usize = 17;

/// Brings the schema up to date, one migration a transaction.
pub(super) fn migrate(connection: &mut Connection) -> Result<(), StoreError> {
    let version: i64 = connection.pragma_query_value(None, "user_version", |row| row.get(0))?;
    let known = MIGRATIONS.len() as i64;
    if version > known {
        return Err(StoreError::NewerSchema {
            found: version,
            known,
        });
    }
    if version == known {
        return Ok(());
    }
    // a migration may rebuild a table others refer to: references are checked once it is
    // done, as SQLite asks (they cannot be switched off inside a transaction)
    connection.pragma_update(None, "foreign_keys", "OFF")?;
    for (index, migration) in MIGRATIONS.iter().enumerate().skip(version as usize) {
        let transaction = connection.transaction()?;
        transaction.execute_batch(migration)?;
        if index + 1 == SEARCHABLE_NAMES_ADDED {
            fill_searchable_names(&transaction)?;
        }
        let broken: Option<String> = transaction
            .prepare_cached("PRAGMA foreign_key_check")?
            .query_row([], |row| row.get(0))
            .optional()?;
        if let Some(table) = broken {
            return Err(StoreError::Database(rusqlite::Error::SqliteFailure(
                rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CONSTRAINT_FOREIGNKEY),
                Some(format!(
                    "migration {} left a broken reference in {table}",
                    index + 1
                )),
            )));
        }
        transaction.pragma_update(None, "user_version", index as i64 + 1)?;
        transaction.commit()?;
    }
    connection.pragma_update(None, "foreign_keys", "ON")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sqlite::testing::{chain, entry};
    use crate::{Store, DATABASE_FILE};

    #[test]
    fn reopening_keeps_data_and_a_newer_schema_is_refused() {
        let directory = tempfile::tempdir().unwrap();
        {
            let mut store = Store::open(directory.path()).unwrap();
            store.append_audit(&entry("read"), chain).unwrap();
        }
        let store = Store::open(directory.path()).unwrap();
        assert_eq!(store.audit_entries(1, 10).unwrap().len(), 1);
        store
            .connection_for_tests()
            .pragma_update(None, "user_version", 99)
            .unwrap();
        drop(store);
        assert!(matches!(
            Store::open(directory.path()),
            Err(StoreError::NewerSchema { found: 99, .. })
        ));
    }

    #[test]
    fn records_written_before_the_change_feed_are_in_it_once_each() {
        let directory = tempfile::tempdir().unwrap();
        let feed_added = MIGRATIONS
            .iter()
            .position(|migration| migration.contains("CREATE TABLE record_change"))
            .unwrap();
        {
            let connection = Connection::open(directory.path().join(DATABASE_FILE)).unwrap();
            for migration in &MIGRATIONS[..feed_added] {
                connection.execute_batch(migration).unwrap();
            }
            // live, deleted, purged (its entity gone) and live: ordered by their last
            // change, the smaller id first at one moment
            connection
                .execute_batch(&format!(
                    "INSERT INTO member VALUES (1, 'jo', 'JOR', 0, x'00', 0, NULL, '');
                     INSERT INTO record VALUES
                         (1, 1, 'a', '{{}}', 'all', 'a', '2030-01-01', 1, 300, NULL),
                         (2, 1, 'b', '{{}}', 'all', 'a', '2030-01-01', 1, 100, 500),
                         (3, 1, 'c', '', 'all', 'a', '2020-01-01', 2, 50, 200),
                         (4, 1, 'd', '{{}}', 'all', 'a', '2030-01-01', 1, 200, NULL);
                     PRAGMA user_version = {feed_added};"
                ))
                .unwrap();
        }
        let mut store = Store::open(directory.path()).unwrap();
        let feed: Vec<(i64, i64, i64)> = store
            .changes_after(0, 10)
            .unwrap()
            .iter()
            .map(|change| (change.seq, change.record, change.at))
            .collect();
        assert_eq!(feed, [(1, 3, 200), (2, 4, 200), (3, 1, 300), (4, 2, 500)]);
        // and the numbering goes on from them
        store
            .delete_record(1, 4, &entry("record.delete"), chain)
            .unwrap();
        assert_eq!(store.last_change().unwrap(), 5);
        assert_eq!(store.changes_after(4, 10).unwrap()[0].record, 4);
    }

    #[test]
    fn records_written_before_their_names_were_searchable_are_found_after() {
        let directory = tempfile::tempdir().unwrap();
        assert!(MIGRATIONS[SEARCHABLE_NAMES_ADDED - 1].contains("searchable_names"));
        {
            let connection = Connection::open(directory.path().join(DATABASE_FILE)).unwrap();
            for migration in &MIGRATIONS[..SEARCHABLE_NAMES_ADDED - 1] {
                connection.execute_batch(migration).unwrap();
            }
            // live, live, purged (its entity gone)
            connection
                .execute_batch(&format!(
                    r#"INSERT INTO member VALUES (1, 'jo', 'JOR', 0, x'00', 0, NULL, '');
                     INSERT INTO record (id, owner, entity_id, entity, access_level, action,
                                         review_by, version, updated_at)
                     VALUES
                         (1, 1, 'iq-1', '{{"properties":{{"name":["أبو بكر البغدادي"]}}}}',
                          'all', 'a', '2030-01-01', 1, 300),
                         (2, 1, 'iq-2', '{{"properties":{{"name":["Samir Haddad"],"alias":["Abu Bakr"]}}}}',
                          'all', 'a', '2030-01-01', 1, 200),
                         (3, 1, 'iq-3', '', 'all', 'a', '2020-01-01', 2, 100);
                     UPDATE record SET deleted_at = 150 WHERE id = 3;
                     PRAGMA user_version = {};"#,
                    SEARCHABLE_NAMES_ADDED - 1
                ))
                .unwrap();
        }
        let store = Store::open(directory.path()).unwrap();
        let found = |text: &str| -> Vec<i64> {
            let (rows, total) = store.search_records(1, text, 10, 0).unwrap();
            assert_eq!(rows.len(), total, "{text}");
            rows.iter().map(|row| row.id).collect()
        };
        assert_eq!(found("البغدادي"), [1]);
        assert_eq!(found("abu bakr"), [2]);
        assert_eq!(found("haddad"), [2]);
        assert_eq!(found("iq-3"), Vec::<i64>::new());
        let names: Vec<String> = store
            .connection
            .prepare("SELECT searchable_names FROM record ORDER BY id")
            .unwrap()
            .query_map([], |row| row.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(names, ["ابو بكر البغدادي", "samir haddad\nabu bakr", ""]);
    }

    #[test]
    fn hits_and_notifications_survive_the_migration_that_rebuilds_hits() {
        let directory = tempfile::tempdir().unwrap();
        {
            let connection = Connection::open(directory.path().join(DATABASE_FILE)).unwrap();
            for migration in &MIGRATIONS[..4] {
                connection.execute_batch(migration).unwrap();
            }
            connection
                .execute_batch(
                    "INSERT INTO member VALUES (1, 'jo', 'JOR', 0, x'00', 0, NULL);
                     INSERT INTO record VALUES (1, 1, 'e', '{}', 'all', 'a', '2030-01-01', 1, 0, NULL);
                     INSERT INTO hit VALUES (7, 5, 1, 1, 1, 'q', 0.9, '{}', 'open');
                     INSERT INTO hit_event VALUES (7, 6, 'member:jo', 'confirmed', 'seen');
                     INSERT INTO notification VALUES (3, 1, 7, 5);
                     PRAGMA user_version = 4;",
                )
                .unwrap();
        }
        let store = Store::open(directory.path()).unwrap();
        let hit = store.hit(7).unwrap().unwrap();
        assert_eq!((hit.record, hit.query.as_str()), (1, "q"));
        assert_eq!(store.hit_history(7).unwrap().len(), 1);
        let enforced = store
            .connection
            .execute("INSERT INTO notification VALUES (4, 1, 99, 5)", []);
        assert!(enforced.is_err(), "references are checked again");
    }
}
