//! The PostgreSQL backend (PostgreSQL 15 as Debian ships it), for a coalition's hub that
//! runs several screening nodes on one database its administrators already run and
//! replicate. The same concepts as the SQLite store ([`crate::concepts`]), with the same
//! rows and errors; several nodes append to one audit log, one at a time, under a lock
//! of the transaction's (`pg_advisory_xact_lock`), so the log's numbering, chain and tree
//! stay one.
//!
//! The client is the synchronous `postgres` crate: it runs its own small runtime, so it is
//! called from blocking threads (the server runs its handlers on tokio's blocking pool),
//! never from inside an async task.
//!
//! Members and the audit log are here so far; the other concepts follow, and until they
//! do the server and the command line run on SQLite only.

use std::cell::RefCell;

use gatecheck_evidence::{
    prove_consistency, prove_inclusion, tree_root, ConsistencyProof, Frontier, Hash,
    InclusionProof, NodePosition, NodeStore, ProvingError,
};
use postgres::error::SqlState;
use postgres::{Client, GenericClient, NoTls, Transaction};

use crate::concepts::{AuditLog, Chain, Members};
use crate::{
    entry_leaf, AuditEntry, AuditRow, CheckpointRow, MemberRow, NewMember, StoreError, CHAIN_START,
};

/// The lock every audit append takes for its transaction: one append at a time, from
/// whichever node, so entries are numbered and chained in one order.
const AUDIT_LOCK: i64 = 0x6761_7465_6175_6469; // "gateaudi"

/// The lock a node takes while it brings the schema up to date.
const SCHEMA_LOCK: i64 = 0x6761_7465_7363_686d; // "gateschm"

/// Schema versions, in order: each entry upgrades from the one before.
const MIGRATIONS: &[&str] = &[
    // 1: members, the audit log, its Merkle tree and the hub's signed checkpoints
    "CREATE TABLE member (
        id BIGSERIAL PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        country TEXT NOT NULL,
        admin BOOLEAN NOT NULL,
        key_hash BYTEA NOT NULL,
        created_at BIGINT NOT NULL,
        revoked_at BIGINT,
        contact TEXT NOT NULL DEFAULT ''
    );
    CREATE TABLE audit (
        seq BIGINT PRIMARY KEY,
        at BIGINT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        subject TEXT NOT NULL,
        digest TEXT NOT NULL,
        previous TEXT NOT NULL,
        hash TEXT NOT NULL
    );
    CREATE INDEX audit_by_subject ON audit (subject);
    CREATE INDEX audit_by_moment ON audit (at);
    CREATE TABLE audit_node (
        level SMALLINT NOT NULL,
        position BIGINT NOT NULL,
        hash BYTEA NOT NULL,
        PRIMARY KEY (level, position)
    );
    CREATE TABLE audit_checkpoint (
        size BIGINT PRIMARY KEY,
        at BIGINT NOT NULL,
        note TEXT NOT NULL
    );",
];

/// A store on a PostgreSQL database.
pub struct PostgresStore {
    client: RefCell<Client>,
}

impl PostgresStore {
    /// Connects with a libpq connection string or URL (`host=/run/postgresql dbname=…`,
    /// `postgres://user@host/db`) and brings the schema up to date; a database written by
    /// a newer gatecheck is refused.
    pub fn connect(connection: &str) -> Result<PostgresStore, StoreError> {
        let mut client = Client::connect(connection, NoTls)?;
        migrate(&mut client)?;
        Ok(PostgresStore {
            client: RefCell::new(client),
        })
    }

    fn write<T>(
        &self,
        work: impl FnOnce(&mut Transaction<'_>) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let mut client = self.client.borrow_mut();
        let mut transaction = client.transaction()?;
        let done = work(&mut transaction)?;
        transaction.commit()?;
        Ok(done)
    }
}

impl From<postgres::Error> for StoreError {
    fn from(error: postgres::Error) -> StoreError {
        StoreError::Postgres(error)
    }
}

fn migrate(client: &mut Client) -> Result<(), StoreError> {
    let mut transaction = client.transaction()?;
    // nodes starting together: one brings the schema up to date, the others wait for it
    transaction.execute("SELECT pg_advisory_xact_lock($1)", &[&SCHEMA_LOCK])?;
    transaction.batch_execute(
        "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);
         INSERT INTO schema_version SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM schema_version);",
    )?;
    let version: i32 = transaction
        .query_one("SELECT version FROM schema_version", &[])?
        .get(0);
    let known = MIGRATIONS.len() as i64;
    if i64::from(version) > known {
        return Err(StoreError::NewerSchema {
            found: i64::from(version),
            known,
        });
    }
    for (index, migration) in MIGRATIONS.iter().enumerate().skip(version as usize) {
        transaction.batch_execute(migration)?;
        transaction.execute(
            "UPDATE schema_version SET version = $1",
            &[&(index as i32 + 1)],
        )?;
    }
    transaction.commit()?;
    Ok(())
}

const MEMBER_COLUMNS: &str = "id, name, country, admin, key_hash, created_at, revoked_at, contact";

fn member_row(row: &postgres::Row) -> MemberRow {
    MemberRow {
        id: row.get(0),
        name: row.get(1),
        country: row.get(2),
        admin: row.get(3),
        key_hash: row.get(4),
        created_at: row.get(5),
        revoked_at: row.get(6),
        contact: row.get(7),
    }
}

const AUDIT_COLUMNS: &str = "seq, at, actor, action, subject, digest, previous, hash";

fn audit_row(row: &postgres::Row) -> AuditRow {
    AuditRow {
        seq: row.get(0),
        at: row.get(1),
        actor: row.get(2),
        action: row.get(3),
        subject: row.get(4),
        digest: row.get(5),
        previous: row.get(6),
        hash: row.get(7),
    }
}

/// Appends `audit` inside `transaction`, after every append of other nodes (the lock),
/// and takes it into the tree.
fn append_audit_in(
    transaction: &mut Transaction<'_>,
    audit: &AuditEntry,
    chain: Chain<'_>,
) -> Result<AuditRow, StoreError> {
    transaction.execute("SELECT pg_advisory_xact_lock($1)", &[&AUDIT_LOCK])?;
    let last =
        transaction.query_opt("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1", &[])?;
    let (seq, previous) = match last {
        Some(row) => (row.get::<_, i64>(0) + 1, row.get::<_, String>(1)),
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
    let leaf = entry_leaf(&row.hash)?;
    transaction.execute(
        "INSERT INTO audit (seq, at, actor, action, subject, digest, previous, hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        &[
            &row.seq,
            &row.at,
            &row.actor,
            &row.action,
            &row.subject,
            &row.digest,
            &row.previous,
            &row.hash,
        ],
    )?;
    let size = (row.seq - 1) as u64;
    let mut frontier = {
        let nodes = NodesIn(RefCell::new(&mut *transaction));
        Frontier::restore(&nodes, size).map_err(proving)?
    };
    for node in frontier.append(leaf) {
        transaction.execute(
            "INSERT INTO audit_node (level, position, hash) VALUES ($1, $2, $3)",
            &[
                &i16::from(node.position.level),
                &(node.position.index as i64),
                &node.hash.as_bytes().as_slice(),
            ],
        )?;
    }
    Ok(row)
}

/// The tree's nodes as one client or transaction reads them, several in one query.
struct NodesIn<'c, C: GenericClient>(RefCell<&'c mut C>);

impl<C: GenericClient> NodeStore for NodesIn<'_, C> {
    type Error = StoreError;

    fn node(&self, position: NodePosition) -> Result<Hash, StoreError> {
        Ok(self.nodes(&[position])?[0])
    }

    fn nodes(&self, positions: &[NodePosition]) -> Result<Vec<Hash>, StoreError> {
        if positions.is_empty() {
            return Ok(Vec::new());
        }
        let levels: Vec<i16> = positions.iter().map(|p| i16::from(p.level)).collect();
        let indexes: Vec<i64> = positions.iter().map(|p| p.index as i64).collect();
        let rows = self.0.borrow_mut().query(
            "SELECT asked.at, node.hash
             FROM unnest($1::smallint[], $2::bigint[]) WITH ORDINALITY AS asked (level, position, at)
             JOIN audit_node node ON node.level = asked.level AND node.position = asked.position
             ORDER BY asked.at",
            &[&levels, &indexes],
        )?;
        if rows.len() != positions.len() {
            return Err(StoreError::NotFound {
                what: "audit tree node",
                name: format!(
                    "{} of {} asked",
                    positions.len() - rows.len(),
                    positions.len()
                ),
            });
        }
        rows.iter()
            .map(|row| {
                let bytes: Vec<u8> = row.get(1);
                Hash::from_slice(&bytes).map_err(|error| StoreError::Invalid {
                    what: "audit tree node",
                    name: error.to_string(),
                })
            })
            .collect()
    }
}

fn proving(error: ProvingError<StoreError>) -> StoreError {
    match error {
        ProvingError::ReadNodes { source, .. } => source,
        other => StoreError::Invalid {
            what: "audit tree request",
            name: other.to_string(),
        },
    }
}

fn not_found(what: &'static str, name: &str) -> StoreError {
    StoreError::NotFound {
        what,
        name: name.to_string(),
    }
}

impl Members for PostgresStore {
    fn add_member(
        &mut self,
        member: &NewMember<'_>,
        audit: &AuditEntry,
        chain: Chain<'_>,
    ) -> Result<MemberRow, StoreError> {
        self.write(|transaction| {
            // looked for first, as SQLite does, so a name taken uses up no id; the unique
            // key still refuses one taken meanwhile by another node
            let taken = transaction
                .query_opt("SELECT 1 FROM member WHERE name = $1", &[&member.name])?
                .is_some();
            if taken {
                return Err(StoreError::AlreadyExists {
                    what: "member",
                    name: member.name.to_string(),
                });
            }
            let inserted = transaction.query_one(
                "INSERT INTO member (name, country, admin, key_hash, created_at)
                 VALUES ($1, $2, $3, $4, $5) RETURNING id",
                &[
                    &member.name,
                    &member.country,
                    &member.admin,
                    &member.key_hash,
                    &member.created_at,
                ],
            );
            let id: i64 = match inserted {
                Ok(row) => row.get(0),
                Err(error) if error.code() == Some(&SqlState::UNIQUE_VIOLATION) => {
                    return Err(StoreError::AlreadyExists {
                        what: "member",
                        name: member.name.to_string(),
                    })
                }
                Err(error) => return Err(error.into()),
            };
            append_audit_in(transaction, audit, chain)?;
            Ok(MemberRow {
                id,
                name: member.name.to_string(),
                country: member.country.to_string(),
                admin: member.admin,
                key_hash: member.key_hash.to_vec(),
                created_at: member.created_at,
                revoked_at: None,
                contact: String::new(),
            })
        })
    }

    fn set_member_contact(
        &mut self,
        name: &str,
        contact: &str,
        audit: &AuditEntry,
        chain: Chain<'_>,
    ) -> Result<(), StoreError> {
        self.write(|transaction| {
            let changed = transaction.execute(
                "UPDATE member SET contact = $2 WHERE name = $1",
                &[&name, &contact],
            )?;
            if changed == 0 {
                return Err(not_found("member", name));
            }
            append_audit_in(transaction, audit, chain)?;
            Ok(())
        })
    }

    fn revoke_member(
        &mut self,
        name: &str,
        at: i64,
        audit: &AuditEntry,
        chain: Chain<'_>,
    ) -> Result<(), StoreError> {
        self.write(|transaction| {
            let changed = transaction.execute(
                "UPDATE member SET revoked_at = $2 WHERE name = $1 AND revoked_at IS NULL",
                &[&name, &at],
            )?;
            if changed == 0 {
                return Err(not_found("active member", name));
            }
            append_audit_in(transaction, audit, chain)?;
            Ok(())
        })
    }

    fn members(&self) -> Result<Vec<MemberRow>, StoreError> {
        let rows = self.client.borrow_mut().query(
            &format!("SELECT {MEMBER_COLUMNS} FROM member ORDER BY id"),
            &[],
        )?;
        Ok(rows.iter().map(member_row).collect())
    }

    fn member_by_id(&self, id: i64) -> Result<Option<MemberRow>, StoreError> {
        let row = self.client.borrow_mut().query_opt(
            &format!("SELECT {MEMBER_COLUMNS} FROM member WHERE id = $1"),
            &[&id],
        )?;
        Ok(row.as_ref().map(member_row))
    }

    fn member_by_name(&self, name: &str) -> Result<Option<MemberRow>, StoreError> {
        let row = self.client.borrow_mut().query_opt(
            &format!("SELECT {MEMBER_COLUMNS} FROM member WHERE name = $1"),
            &[&name],
        )?;
        Ok(row.as_ref().map(member_row))
    }
}

impl AuditLog for PostgresStore {
    fn append_audit(
        &mut self,
        audit: &AuditEntry,
        chain: Chain<'_>,
    ) -> Result<AuditRow, StoreError> {
        self.write(|transaction| append_audit_in(transaction, audit, chain))
    }

    fn audit_entries(&self, from: i64, to: i64) -> Result<Vec<AuditRow>, StoreError> {
        let rows = self.client.borrow_mut().query(
            &format!("SELECT {AUDIT_COLUMNS} FROM audit WHERE seq BETWEEN $1 AND $2 ORDER BY seq"),
            &[&from, &to],
        )?;
        Ok(rows.iter().map(audit_row).collect())
    }

    fn audit_entries_about(&self, subject: &str) -> Result<Vec<AuditRow>, StoreError> {
        let rows = self.client.borrow_mut().query(
            &format!("SELECT {AUDIT_COLUMNS} FROM audit WHERE subject = $1 ORDER BY seq"),
            &[&subject],
        )?;
        Ok(rows.iter().map(audit_row).collect())
    }

    fn audit_entries_at(&self, at: i64) -> Result<Vec<AuditRow>, StoreError> {
        let rows = self.client.borrow_mut().query(
            &format!("SELECT {AUDIT_COLUMNS} FROM audit WHERE at = $1 ORDER BY seq"),
            &[&at],
        )?;
        Ok(rows.iter().map(audit_row).collect())
    }

    fn audit_tree_size(&self) -> Result<u64, StoreError> {
        let last: Option<i64> = self
            .client
            .borrow_mut()
            .query_one("SELECT MAX(position) FROM audit_node WHERE level = 0", &[])?
            .get(0);
        Ok(last.map_or(0, |last| last as u64 + 1))
    }

    fn audit_tree_root(&self, size: u64) -> Result<Hash, StoreError> {
        let mut client = self.client.borrow_mut();
        tree_root(&NodesIn(RefCell::new(&mut *client)), size).map_err(proving)
    }

    fn audit_inclusion(&self, seq: i64, size: u64) -> Result<InclusionProof, StoreError> {
        let index =
            u64::try_from(seq - 1).map_err(|_| not_found("audit entry", &seq.to_string()))?;
        let mut client = self.client.borrow_mut();
        prove_inclusion(&NodesIn(RefCell::new(&mut *client)), index, size).map_err(proving)
    }

    fn audit_consistency(
        &self,
        old_size: u64,
        new_size: u64,
    ) -> Result<ConsistencyProof, StoreError> {
        let mut client = self.client.borrow_mut();
        prove_consistency(&NodesIn(RefCell::new(&mut *client)), old_size, new_size).map_err(proving)
    }

    fn add_audit_checkpoint(&mut self, row: &CheckpointRow) -> Result<(), StoreError> {
        self.client.borrow_mut().execute(
            "INSERT INTO audit_checkpoint (size, at, note) VALUES ($1, $2, $3)
             ON CONFLICT (size) DO NOTHING",
            &[&(row.size as i64), &row.at, &row.note],
        )?;
        Ok(())
    }

    fn audit_checkpoints(&self) -> Result<Vec<CheckpointRow>, StoreError> {
        let rows = self.client.borrow_mut().query(
            "SELECT size, at, note FROM audit_checkpoint ORDER BY size",
            &[],
        )?;
        Ok(rows.iter().map(checkpoint_row).collect())
    }

    fn latest_audit_checkpoint(&self) -> Result<Option<CheckpointRow>, StoreError> {
        let row = self.client.borrow_mut().query_opt(
            "SELECT size, at, note FROM audit_checkpoint ORDER BY size DESC LIMIT 1",
            &[],
        )?;
        Ok(row.as_ref().map(checkpoint_row))
    }
}

fn checkpoint_row(row: &postgres::Row) -> CheckpointRow {
    CheckpointRow {
        size: row.get::<_, i64>(0) as u64,
        at: row.get(1),
        note: row.get(2),
    }
}
