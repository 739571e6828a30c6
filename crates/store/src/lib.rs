//! gatecheck's storage: members and their key hashes, and the append-only audit log, in an
//! embedded SQLite database inside the data directory. The store keeps rows; it decides
//! nothing about who may see what (that is the service's) and hashes nothing (the audit
//! chain's hashes are computed by the service and stored here as given).

mod error;

pub use error::StoreError;
/// For tests that write rows as an attacker would.
pub use rusqlite::ToSql;

use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use std::path::{Path, PathBuf};

/// The database file inside the data directory.
pub const DATABASE_FILE: &str = "gatecheck.db";

/// Schema versions, in order: each entry upgrades from the one before.
const MIGRATIONS: &[&str] = &[
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
];

/// A member as stored: the key itself is never stored, only its hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberRow {
    pub id: i64,
    pub name: String,
    pub country: String,
    pub admin: bool,
    pub key_hash: Vec<u8>,
    /// Unix seconds.
    pub created_at: i64,
    pub revoked_at: Option<i64>,
}

/// A member to be added.
#[derive(Debug, Clone)]
pub struct NewMember<'a> {
    pub name: &'a str,
    pub country: &'a str,
    pub admin: bool,
    pub key_hash: &'a [u8],
    pub created_at: i64,
}

/// One entry of the audit log, as stored. `hash` covers every other field, `previous`
/// included, so the entries form a chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRow {
    pub seq: i64,
    /// Unix seconds.
    pub at: i64,
    /// The member (or `cli:` operator) who acted.
    pub actor: String,
    pub action: String,
    pub subject: String,
    /// Hex digest of what the action answered or wrote.
    pub digest: String,
    /// Hex hash of the entry before (zeros for the first).
    pub previous: String,
    pub hash: String,
}

/// An audit entry before the store numbers it and the caller chains it.
#[derive(Debug, Clone)]
pub struct AuditEntry {
    pub at: i64,
    pub actor: String,
    pub action: String,
    pub subject: String,
    pub digest: String,
}

/// The store of one data directory.
pub struct Store {
    connection: Connection,
    directory: PathBuf,
}

impl Store {
    /// Opens the store in `directory`, creating the directory and the database as needed
    /// and bringing the schema up to date.
    pub fn open(directory: &Path) -> Result<Store, StoreError> {
        std::fs::create_dir_all(directory).map_err(|source| StoreError::DataDirectory {
            path: directory.display().to_string(),
            source,
        })?;
        let mut connection = Connection::open(directory.join(DATABASE_FILE))?;
        // WAL: readers go on while one writer writes; a crash loses no committed transaction
        connection.pragma_update(None, "journal_mode", "WAL")?;
        connection.pragma_update(None, "synchronous", "FULL")?;
        connection.pragma_update(None, "foreign_keys", "ON")?;
        connection.busy_timeout(std::time::Duration::from_secs(5))?;
        migrate(&mut connection)?;
        Ok(Store {
            connection,
            directory: directory.to_path_buf(),
        })
    }

    pub fn directory(&self) -> &Path {
        &self.directory
    }

    /// Adds a member and its audit entry in one transaction: both or neither.
    /// `chain` turns the numbered entry and the previous hash into the entry's hash.
    pub fn add_member(
        &mut self,
        member: &NewMember<'_>,
        audit: &AuditEntry,
        chain: impl Fn(&AuditRow) -> String,
    ) -> Result<MemberRow, StoreError> {
        let transaction = self
            .connection
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let taken: bool = transaction.query_row(
            "SELECT EXISTS(SELECT 1 FROM member WHERE name = ?1)",
            params![member.name],
            |row| row.get(0),
        )?;
        if taken {
            return Err(StoreError::AlreadyExists {
                what: "member",
                name: member.name.to_string(),
            });
        }
        transaction.execute(
            "INSERT INTO member (name, country, admin, key_hash, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![member.name, member.country, member.admin, member.key_hash, member.created_at],
        )?;
        let id = transaction.last_insert_rowid();
        append_audit(&transaction, audit, &chain)?;
        transaction.commit()?;
        Ok(MemberRow {
            id,
            name: member.name.to_string(),
            country: member.country.to_string(),
            admin: member.admin,
            key_hash: member.key_hash.to_vec(),
            created_at: member.created_at,
            revoked_at: None,
        })
    }

    /// Marks a member's key revoked, with its audit entry, in one transaction.
    pub fn revoke_member(
        &mut self,
        name: &str,
        at: i64,
        audit: &AuditEntry,
        chain: impl Fn(&AuditRow) -> String,
    ) -> Result<(), StoreError> {
        let transaction = self
            .connection
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let changed = transaction.execute(
            "UPDATE member SET revoked_at = ?2 WHERE name = ?1 AND revoked_at IS NULL",
            params![name, at],
        )?;
        if changed == 0 {
            return Err(StoreError::NotFound {
                what: "active member",
                name: name.to_string(),
            });
        }
        append_audit(&transaction, audit, &chain)?;
        transaction.commit()?;
        Ok(())
    }

    /// Every member, in the order they were added.
    pub fn members(&self) -> Result<Vec<MemberRow>, StoreError> {
        let mut statement = self.connection.prepare(
            "SELECT id, name, country, admin, key_hash, created_at, revoked_at FROM member ORDER BY id",
        )?;
        let rows = statement.query_map([], member_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn member_by_id(&self, id: i64) -> Result<Option<MemberRow>, StoreError> {
        Ok(self
            .connection
            .query_row(
                "SELECT id, name, country, admin, key_hash, created_at, revoked_at FROM member WHERE id = ?1",
                params![id],
                member_row,
            )
            .optional()?)
    }

    /// Appends one audit entry on its own (for reads, which write nothing else).
    pub fn append_audit(
        &mut self,
        audit: &AuditEntry,
        chain: impl Fn(&AuditRow) -> String,
    ) -> Result<AuditRow, StoreError> {
        let transaction = self
            .connection
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let row = append_audit(&transaction, audit, &chain)?;
        transaction.commit()?;
        Ok(row)
    }

    /// The audit entries with sequence numbers in `from..=to`, in order.
    pub fn audit_entries(&self, from: i64, to: i64) -> Result<Vec<AuditRow>, StoreError> {
        let mut statement = self.connection.prepare(
            "SELECT seq, at, actor, action, subject, digest, previous, hash FROM audit
             WHERE seq BETWEEN ?1 AND ?2 ORDER BY seq",
        )?;
        let rows = statement.query_map(params![from, to], audit_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The raw connection, for tests that tamper with the database as an attacker would.
    #[doc(hidden)]
    pub fn connection_for_tests(&self) -> &Connection {
        &self.connection
    }
}

/// The hash that stands before the first audit entry.
pub const CHAIN_START: &str = "0000000000000000000000000000000000000000000000000000000000000000";

fn append_audit(
    transaction: &rusqlite::Transaction<'_>,
    audit: &AuditEntry,
    chain: &dyn Fn(&AuditRow) -> String,
) -> Result<AuditRow, StoreError> {
    let last: Option<(i64, String)> = transaction
        .query_row(
            "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1",
            [],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()?;
    let (seq, previous) = match last {
        Some((seq, hash)) => (seq + 1, hash),
        None => (1, CHAIN_START.to_string()),
    };
    let mut row = AuditRow {
        seq,
        at: audit.at,
        actor: audit.actor.clone(),
        action: audit.action.clone(),
        subject: audit.subject.clone(),
        digest: audit.digest.clone(),
        previous,
        hash: String::new(),
    };
    row.hash = chain(&row);
    transaction.execute(
        "INSERT INTO audit (seq, at, actor, action, subject, digest, previous, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            row.seq,
            row.at,
            row.actor,
            row.action,
            row.subject,
            row.digest,
            row.previous,
            row.hash
        ],
    )?;
    Ok(row)
}

fn member_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<MemberRow> {
    Ok(MemberRow {
        id: row.get(0)?,
        name: row.get(1)?,
        country: row.get(2)?,
        admin: row.get(3)?,
        key_hash: row.get(4)?,
        created_at: row.get(5)?,
        revoked_at: row.get(6)?,
    })
}

fn audit_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<AuditRow> {
    Ok(AuditRow {
        seq: row.get(0)?,
        at: row.get(1)?,
        actor: row.get(2)?,
        action: row.get(3)?,
        subject: row.get(4)?,
        digest: row.get(5)?,
        previous: row.get(6)?,
        hash: row.get(7)?,
    })
}

/// Brings the schema up to date, one migration a transaction.
fn migrate(connection: &mut Connection) -> Result<(), StoreError> {
    let version: i64 = connection.pragma_query_value(None, "user_version", |row| row.get(0))?;
    let known = MIGRATIONS.len() as i64;
    if version > known {
        return Err(StoreError::NewerSchema {
            found: version,
            known,
        });
    }
    for (index, migration) in MIGRATIONS.iter().enumerate().skip(version as usize) {
        let transaction = connection.transaction()?;
        transaction.execute_batch(migration)?;
        transaction.pragma_update(None, "user_version", index as i64 + 1)?;
        transaction.commit()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(action: &str) -> AuditEntry {
        AuditEntry {
            at: 1_700_000_000,
            actor: "cli:test".into(),
            action: action.into(),
            subject: "member x".into(),
            digest: "d".into(),
        }
    }

    fn chain(row: &AuditRow) -> String {
        format!("{}+{}", row.previous.len(), row.seq)
    }

    #[test]
    fn members_are_added_listed_and_revoked_with_audit_entries() {
        let directory = tempfile::tempdir().unwrap();
        let mut store = Store::open(directory.path()).unwrap();
        let member = NewMember {
            name: "jordan-psd",
            country: "JOR",
            admin: false,
            key_hash: &[7; 32],
            created_at: 1_700_000_000,
        };
        let added = store
            .add_member(&member, &entry("member.add"), chain)
            .unwrap();
        assert_eq!(store.members().unwrap(), std::slice::from_ref(&added));
        assert_eq!(store.member_by_id(added.id).unwrap(), Some(added));
        let again = store.add_member(&member, &entry("member.add"), chain);
        assert!(matches!(again, Err(StoreError::AlreadyExists { .. })));
        store
            .revoke_member("jordan-psd", 1_700_000_100, &entry("member.revoke"), chain)
            .unwrap();
        assert_eq!(store.members().unwrap()[0].revoked_at, Some(1_700_000_100));
        let twice = store.revoke_member("jordan-psd", 1, &entry("member.revoke"), chain);
        assert!(matches!(twice, Err(StoreError::NotFound { .. })));
        // the failed add and revoke left no audit entry behind
        let log = store.audit_entries(1, i64::MAX).unwrap();
        let actions: Vec<&str> = log.iter().map(|row| row.action.as_str()).collect();
        assert_eq!(actions, ["member.add", "member.revoke"]);
        assert_eq!(log[0].previous, CHAIN_START);
        assert_eq!(log[1].previous, log[0].hash);
    }

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
}
