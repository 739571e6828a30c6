//! gatecheck's storage: members and their key hashes, and the append-only audit log, in an
//! embedded SQLite database inside the data directory. The store keeps rows; it decides
//! nothing about who may see what (that is the service's) and hashes nothing (the audit
//! chain's hashes are computed by the service and stored here as given).

mod audit_tree;
pub mod concepts;
mod console;
mod documents;
mod error;
mod imports;
pub mod migrate;
pub mod postgres;

pub use console::{
    FlightRow, HitFilter, NewSuppression, NewUser, QueuedHit, SessionRow, SuppressionRow, UserRow,
};
pub use documents::{
    days_from_date, DocumentRow, KeepTerms, NewDocument, Terms, TermsChange, WriteAudit,
    WriteTerms, DOCUMENT_IDS, DOCUMENT_STATUSES,
};
pub use imports::{ImportProgress, ImportRow};

pub use audit_tree::{entry_leaf, CheckpointRow};
pub use error::StoreError;
/// For tests that write rows as an attacker would.
pub use rusqlite::ToSql;

use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use std::path::{Path, PathBuf};

/// How long a write waits for another connection's transaction before it fails.
pub const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(60);

/// Prepared statements kept a connection (more than the store has).
const STATEMENT_CACHE: usize = 96;

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
];

/// A hit to be stored: a query matched a record at or above the threshold.
#[derive(Debug, Clone)]
pub struct NewHit {
    pub querier: i64,
    pub record: i64,
    pub owner: i64,
    /// The query as given (an FtM entity, JSON).
    pub query: String,
    pub score: f64,
    /// The full explanation (JSON), kept as evidence whatever the querier was shown.
    pub explanation: String,
}

/// A hit as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct HitRow {
    pub id: i64,
    pub at: i64,
    pub querier: i64,
    pub record: i64,
    pub owner: i64,
    pub query: String,
    pub score: f64,
    pub explanation: String,
    pub status: String,
}

/// A notification to a member about a hit: of a new hit on its record (`hit`), of a hit
/// on its record escalated to it for a decision (`escalated`), or of the owner's answer
/// to a hit it escalated (`answered`).
#[derive(Debug, Clone, PartialEq)]
pub struct NotificationRow {
    pub id: i64,
    pub at: i64,
    pub kind: String,
    pub hit: HitRow,
}

/// A record as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordRow {
    pub id: i64,
    pub owner: i64,
    /// The entity's id as its owner gave it.
    pub entity_id: String,
    /// The FollowTheMoney entity, as one JSON line.
    pub entity: String,
    /// `all`, `members` or `owner-only`.
    pub access_level: String,
    /// The members (ids) a `members` record is shown to, besides its owner.
    pub access_members: Vec<i64>,
    pub action: String,
    /// `YYYY-MM-DD`: after this day the record stops matching.
    pub review_by: String,
    pub version: i64,
    pub updated_at: i64,
}

/// A change of a person record in the store's change feed: the record was added, changed,
/// deleted or purged. Read by [`concepts::Records::changes_after`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecordChange {
    /// The change's number: from 1, without gaps, in the order the writes committed.
    pub seq: i64,
    /// The record's id.
    pub record: i64,
    /// When (Unix seconds): the time of the write's audit entry.
    pub at: i64,
}

/// A record to be written (added, or a new version of the owner's record with this
/// entity id); its terms are the write's.
#[derive(Debug, Clone)]
pub struct NewRecord {
    pub entity_id: String,
    pub entity: String,
}

/// The stored state of a record, to compare a new version with.
struct StoredRecord {
    id: i64,
    entity: String,
    terms: Terms,
    version: i64,
    deleted_at: Option<i64>,
}

/// What writing a batch of records did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WriteCounts {
    pub added: usize,
    pub changed: usize,
    pub unchanged: usize,
}

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
    /// How officers of other members reach the member about a hit (a desk, a telephone, an
    /// address), as the member gave it; empty when not given.
    pub contact: String,
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
    /// Whether a group's transaction is open (see [`Store::begin_group`]): each write then
    /// runs in a savepoint of it, and is on disk when the group commits.
    grouped: bool,
    /// The audit tree's right edge as the last write left it (see `audit_tree`).
    tree_edge: audit_tree::KnownEdge,
}

/// How often the background checkpointer copies the write-ahead log into the database.
pub const CHECKPOINT_EVERY: std::time::Duration = std::time::Duration::from_millis(500);

/// Pages in the write-ahead log past which the background checkpointer starts it again
/// from its beginning (32 MB of 4-KiB pages). SQLite restarts the log only at a moment no
/// reader uses it, which a busy server never has: with screenings reading and writing
/// without a pause, the log grew by 37 MB a second (2 GB in a minute of the service
/// benchmark, without end), and every sync of it grew the file too.
pub const RESTART_LOG_AFTER_PAGES: i64 = 8_192;

/// How long a restart of the log waits for readers to leave it (new writes wait
/// meanwhile); one not done in time is tried again at the next checkpoint.
const RESTART_WAIT: std::time::Duration = std::time::Duration::from_millis(50);

/// The write-ahead log's size kept on disk once it was restarted (a burst may grow it).
const LOG_SIZE_KEPT: i64 = 64 << 20;

/// The thread checkpointing a store's write-ahead log (see
/// [`Store::checkpoint_in_background`]); stopped when dropped.
pub struct Checkpointer {
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

/// One turn of the background checkpointer: the log copied into the database as far as
/// readers allow, never waiting for them or the writer (PASSIVE); then, when the log is
/// long, copied whole and started again from its beginning (RESTART: new writes wait until
/// the readers still using the log leave it, at most [`RESTART_WAIT`]).
fn checkpoint(connection: &Connection, restart_after_pages: i64) -> rusqlite::Result<()> {
    let pages_in_log = |mode: &str| {
        connection.query_row(&format!("PRAGMA wal_checkpoint({mode})"), [], |row| {
            row.get::<_, i64>(1)
        })
    };
    if pages_in_log("PASSIVE")? < restart_after_pages {
        return Ok(());
    }
    // most of the log is in the database now: the restart copies what came since
    connection.busy_timeout(RESTART_WAIT)?;
    let restarted = pages_in_log("RESTART");
    connection.busy_timeout(BUSY_TIMEOUT)?;
    match restarted {
        Ok(_) => Ok(()),
        // readers stayed: tried again at the next turn
        Err(rusqlite::Error::SqliteFailure(error, _))
            if error.code == rusqlite::ErrorCode::DatabaseBusy =>
        {
            Ok(())
        }
        Err(error) => Err(error),
    }
}

impl Drop for Checkpointer {
    fn drop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::SeqCst);
        if let Some(thread) = self.thread.take() {
            thread.thread().unpark();
            let _ = thread.join();
        }
    }
}

/// A write under way: a transaction of its own, or a savepoint inside a group's
/// transaction. Dropped without [`Write::commit`], it is undone.
pub(crate) struct Write<'a> {
    open: OpenWrite<'a>,
    /// The store's audit tree edge, which the write's appends use and leave.
    tree_edge: &'a audit_tree::KnownEdge,
}

enum OpenWrite<'a> {
    Alone(rusqlite::Transaction<'a>),
    InGroup(rusqlite::Savepoint<'a>),
}

impl std::ops::Deref for Write<'_> {
    type Target = Connection;

    fn deref(&self) -> &Connection {
        match &self.open {
            OpenWrite::Alone(transaction) => transaction,
            OpenWrite::InGroup(savepoint) => savepoint,
        }
    }
}

impl Write<'_> {
    pub(crate) fn commit(self) -> Result<(), rusqlite::Error> {
        match self.open {
            OpenWrite::Alone(transaction) => transaction.commit(),
            // released into the group's transaction, committed with it
            OpenWrite::InGroup(savepoint) => savepoint.commit(),
        }
    }
}

impl Store {
    /// Opens the store in `directory`, creating the directory and the database as needed
    /// and bringing the schema up to date.
    pub fn open(directory: &Path) -> Result<Store, StoreError> {
        std::fs::create_dir_all(directory).map_err(|error| StoreError::DataDirectory {
            path: directory.display().to_string(),
            error,
        })?;
        let mut connection = Connection::open(directory.join(DATABASE_FILE))?;
        // WAL: readers go on while one writer writes; a crash loses no committed transaction
        connection.pragma_update(None, "journal_mode", "WAL")?;
        connection.pragma_update(None, "synchronous", "FULL")?;
        connection.pragma_update(None, "foreign_keys", "ON")?;
        // a 64 MB page cache (the default is 2 MB): imports of millions of records touch
        // index pages all over
        connection.pragma_update(None, "cache_size", -65_536)?;
        // a writer waits for another's transaction (a large import beside a running server)
        // rather than fail: losing a hit would lose evidence
        connection.busy_timeout(BUSY_TIMEOUT)?;
        // every statement of the store's, prepared once a connection
        connection.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        migrate(&mut connection)?;
        let mut store = Store {
            connection,
            directory: directory.to_path_buf(),
            grouped: false,
            tree_edge: audit_tree::KnownEdge::default(),
        };
        store.catch_up_audit_tree()?;
        Ok(store)
    }

    /// Opens the store in `directory` for reading only, beside the one that writes (WAL
    /// lets readers go on during a write): screening reads documents through these. The
    /// schema must be the one this version writes.
    pub fn open_reader(directory: &Path) -> Result<Store, StoreError> {
        let connection = Connection::open_with_flags(
            directory.join(DATABASE_FILE),
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        connection.busy_timeout(BUSY_TIMEOUT)?;
        connection.pragma_update(None, "cache_size", -65_536)?;
        connection.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        let version: i64 = connection.pragma_query_value(None, "user_version", |row| row.get(0))?;
        let known = MIGRATIONS.len() as i64;
        if version != known {
            return Err(StoreError::NewerSchema {
                found: version,
                known,
            });
        }
        Ok(Store {
            connection,
            directory: directory.to_path_buf(),
            grouped: false,
            tree_edge: audit_tree::KnownEdge::default(),
        })
    }

    pub fn directory(&self) -> &Path {
        &self.directory
    }

    /// Moves the write-ahead log's checkpoints off this connection's commits onto a thread
    /// of their own, for a server: a checkpoint copies the log's pages into the database
    /// and waits for the disk, and made in a commit it held up every write queued behind
    /// it. SQLite lets a checkpoint run beside the writer (WAL); this one runs every
    /// [`CHECKPOINT_EVERY`] and copies what no reader still needs; once the log is longer
    /// than [`RESTART_LOG_AFTER_PAGES`], it also starts it again from the beginning (the
    /// writer waits for that, a few milliseconds). The log is copied in whole when the
    /// checkpointer stops, and when the last connection closes.
    pub fn checkpoint_in_background(&mut self) -> Result<Checkpointer, StoreError> {
        self.checkpoint_in_background_restarting_after(RESTART_LOG_AFTER_PAGES)
    }

    fn checkpoint_in_background_restarting_after(
        &mut self,
        restart_after_pages: i64,
    ) -> Result<Checkpointer, StoreError> {
        let checkpointing = Connection::open(self.directory.join(DATABASE_FILE))?;
        checkpointing.busy_timeout(BUSY_TIMEOUT)?;
        self.connection
            .pragma_update(None, "wal_autocheckpoint", 0)?;
        self.connection
            .pragma_update(None, "journal_size_limit", LOG_SIZE_KEPT)?;
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let stopping = std::sync::Arc::clone(&stop);
        let thread = std::thread::Builder::new()
            .name("gatecheck-checkpoint".to_string())
            .spawn(move || {
                use std::sync::atomic::Ordering;
                while !stopping.load(Ordering::SeqCst) {
                    std::thread::park_timeout(CHECKPOINT_EVERY);
                    if let Err(error) = checkpoint(&checkpointing, restart_after_pages) {
                        eprintln!("gatecheck: checkpointing the write-ahead log: {error}");
                    }
                }
            })
            .map_err(|error| StoreError::DataDirectory {
                path: self.directory.display().to_string(),
                error,
            })?;
        Ok(Checkpointer {
            stop,
            thread: Some(thread),
        })
    }

    /// Whether commits wait for the disk (`synchronous=FULL`, the default) or leave the
    /// write-ahead log's sync to the caller (`NORMAL`): a server then syncs the log itself,
    /// outside the store's lock, once for every commit made before ([`Store::sync_log`]),
    /// and answers a write only after. In WAL mode FULL is NORMAL plus exactly that sync
    /// after each commit; checkpoints sync the log and the database either way.
    pub fn set_commits_wait_for_disk(&mut self, wait: bool) -> Result<(), StoreError> {
        let level = if wait { "FULL" } else { "NORMAL" };
        self.connection.pragma_update(None, "synchronous", level)?;
        Ok(())
    }

    /// Syncs the write-ahead log to disk: every transaction committed before this call is
    /// then durable. Needs no connection, so it runs beside the writer.
    pub fn sync_log(directory: &Path) -> Result<(), StoreError> {
        let log = directory.join(format!("{DATABASE_FILE}-wal"));
        let synced = match std::fs::File::open(&log) {
            Ok(file) => file.sync_data(),
            // no log: the last connection closed and copied it whole into the database
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(error) => Err(error),
        };
        synced.map_err(|error| StoreError::DataDirectory {
            path: log.display().to_string(),
            error,
        })
    }

    /// Begins a write: an immediate transaction of its own (it waits for another
    /// process's writer rather than fail later), or, in a group, a savepoint of the
    /// group's transaction.
    pub(crate) fn begin(&mut self) -> Result<Write<'_>, StoreError> {
        let open = if self.grouped {
            OpenWrite::InGroup(self.connection.savepoint()?)
        } else {
            OpenWrite::Alone(
                self.connection
                    .transaction_with_behavior(TransactionBehavior::Immediate)?,
            )
        };
        Ok(Write {
            open,
            tree_edge: &self.tree_edge,
        })
    }

    /// Opens a group: the writes that follow, until [`Store::commit_group`], share one
    /// transaction and one write to disk (group commit). Each is still whole or nothing
    /// on its own (a savepoint; see [`Store::in_group`]).
    pub fn begin_group(&mut self) -> Result<(), StoreError> {
        if self.grouped {
            return Ok(());
        }
        self.connection.execute_batch("BEGIN IMMEDIATE")?;
        self.grouped = true;
        Ok(())
    }

    /// Whether a group is open.
    pub fn group_open(&self) -> bool {
        self.grouped
    }

    /// Commits the open group, if any: its writes are on disk when this returns `Ok`. On
    /// an error the group's writes are all undone.
    pub fn commit_group(&mut self) -> Result<(), StoreError> {
        if !self.grouped {
            return Ok(());
        }
        self.grouped = false;
        if self.connection.is_autocommit() {
            // SQLite undid the transaction on an error inside it
            return Err(StoreError::GroupUndone);
        }
        if let Err(error) = self.connection.execute_batch("COMMIT") {
            // the transaction may still be open after a failed commit (SQLITE_BUSY)
            if !self.connection.is_autocommit() {
                let _ = self.connection.execute_batch("ROLLBACK");
            }
            return Err(error.into());
        }
        Ok(())
    }

    /// Runs `work` as one write of the open group: all it wrote is undone when it fails,
    /// and the group's other writes stay. Without a group, it is simply run.
    pub fn in_group<T, E: From<StoreError>>(
        &mut self,
        work: impl FnOnce(&mut Store) -> Result<T, E>,
    ) -> Result<T, E> {
        if !self.grouped {
            return work(self);
        }
        if self.connection.is_autocommit() {
            // the group's transaction is gone: a savepoint now would commit on its own
            return Err(StoreError::GroupUndone.into());
        }
        self.connection
            .execute_batch("SAVEPOINT grouped_write")
            .map_err(|error| E::from(error.into()))?;
        let done = work(self);
        let released = match done {
            Ok(_) => self.connection.execute_batch("RELEASE grouped_write"),
            Err(_) => Err(rusqlite::Error::InvalidQuery),
        };
        if let Err(error) = released {
            if !self.connection.is_autocommit() {
                let _ = self
                    .connection
                    .execute_batch("ROLLBACK TO grouped_write; RELEASE grouped_write");
            }
            return match done {
                Err(failed) => Err(failed),
                Ok(_) => Err(E::from(error.into())),
            };
        }
        done
    }

    /// Adds a member and its audit entry in one transaction: both or neither.
    /// `chain` turns the numbered entry and the previous hash into the entry's hash.
    pub fn add_member(
        &mut self,
        member: &NewMember<'_>,
        audit: &AuditEntry,
        chain: impl Fn(&AuditRow) -> String,
    ) -> Result<MemberRow, StoreError> {
        let transaction = self.begin()?;
        let taken: bool = transaction
            .prepare_cached("SELECT EXISTS(SELECT 1 FROM member WHERE name = ?1)")?
            .query_row(params![member.name], |row| row.get(0))?;
        if taken {
            return Err(StoreError::AlreadyExists {
                what: "member",
                name: member.name.to_string(),
            });
        }
        transaction.prepare_cached("INSERT INTO member (name, country, admin, key_hash, created_at) VALUES (?1, ?2, ?3, ?4, ?5)")?
            .execute(params![member.name, member.country, member.admin, member.key_hash, member.created_at],
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
            contact: String::new(),
        })
    }

    /// Sets how a member is reached about hits, with its audit entry, in one transaction.
    pub fn set_member_contact(
        &mut self,
        name: &str,
        contact: &str,
        audit: &AuditEntry,
        chain: impl Fn(&AuditRow) -> String,
    ) -> Result<(), StoreError> {
        self.with_audit(Some(audit), chain, |transaction| {
            let changed = transaction
                .prepare_cached("UPDATE member SET contact = ?2 WHERE name = ?1")?
                .execute(params![name, contact])?;
            if changed == 0 {
                return Err(StoreError::NotFound {
                    what: "member",
                    name: name.to_string(),
                });
            }
            Ok(())
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
        let transaction = self.begin()?;
        let changed = transaction
            .prepare_cached(
                "UPDATE member SET revoked_at = ?2 WHERE name = ?1 AND revoked_at IS NULL",
            )?
            .execute(params![name, at])?;
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
        let mut statement = self.connection.prepare_cached(
            "SELECT id, name, country, admin, key_hash, created_at, revoked_at, contact FROM member ORDER BY id",
        )?;
        let rows = statement.query_map([], member_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn member_by_id(&self, id: i64) -> Result<Option<MemberRow>, StoreError> {
        Ok(self
            .connection
            .prepare_cached("SELECT id, name, country, admin, key_hash, created_at, revoked_at, contact FROM member WHERE id = ?1")?
            .query_row(params![id],
                member_row,
            )
            .optional()?)
    }

    pub fn member_by_name(&self, name: &str) -> Result<Option<MemberRow>, StoreError> {
        Ok(self
            .connection
            .prepare_cached("SELECT id, name, country, admin, key_hash, created_at, revoked_at, contact FROM member WHERE name = ?1")?
            .query_row(params![name],
                member_row,
            )
            .optional()?)
    }

    /// Writes `records` of one owner in one transaction with its audit entry (and the
    /// progress of the import it is part of): all or none. A new record takes
    /// `terms.terms`; a record whose entity id the owner already has keeps the parts of its
    /// terms `terms.keep` names, gets a new version when anything changed, and is left
    /// alone when nothing did, so writing a file twice changes nothing.
    pub fn write_records(
        &mut self,
        owner: i64,
        records: &[NewRecord],
        terms: &WriteTerms,
        progress: Option<ImportProgress>,
        audit: &WriteAudit<'_>,
        chain: impl Fn(&AuditRow) -> String,
    ) -> Result<WriteCounts, StoreError> {
        // the write's time and author are its audit entry's
        let (at, actor) = (audit.entry.at, audit.entry.actor.as_str());
        let new_terms = terms.terms.clone().normalised();
        let transaction = self.begin()?;
        let mut counts = WriteCounts::default();
        let mut changes = Vec::new();
        // each record once, however often the write names it
        let mut touched = std::collections::BTreeSet::new();
        {
            let mut find = transaction.prepare_cached(
                "SELECT id, entity, access_level, action, review_by, version, deleted_at
                 FROM record WHERE owner = ?1 AND entity_id = ?2",
            )?;
            let mut members_of = transaction.prepare_cached(
                "SELECT member FROM record_access WHERE record = ?1 ORDER BY member",
            )?;
            let mut insert = transaction.prepare_cached(
                "INSERT INTO record (owner, entity_id, entity, access_level, action, review_by, version, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1, ?7)",
            )?;
            let mut update = transaction.prepare_cached(
                "UPDATE record SET entity = ?2, access_level = ?3, action = ?4, review_by = ?5,
                 version = ?6, updated_at = ?7, deleted_at = NULL WHERE id = ?1",
            )?;
            let mut clear_access =
                transaction.prepare_cached("DELETE FROM record_access WHERE record = ?1")?;
            let mut add_access = transaction.prepare_cached(
                "INSERT OR IGNORE INTO record_access (record, member) VALUES (?1, ?2)",
            )?;
            let mut add_version = transaction.prepare_cached(
                "INSERT INTO record_version (record, version, entity, access_level, access_members, action, review_by, at, actor)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?;
            for record in records {
                let existing: Option<StoredRecord> = find
                    .query_row(params![owner, record.entity_id], |row| {
                        Ok(StoredRecord {
                            id: row.get(0)?,
                            entity: row.get(1)?,
                            terms: Terms {
                                access_level: row.get(2)?,
                                access_members: Vec::new(),
                                action: row.get(3)?,
                                review_by: row.get(4)?,
                            },
                            version: row.get(5)?,
                            deleted_at: row.get(6)?,
                        })
                    })
                    .optional()?;
                let (id, version, written) = match existing {
                    None => {
                        insert.execute(params![
                            owner,
                            record.entity_id,
                            record.entity,
                            new_terms.access_level,
                            new_terms.action,
                            new_terms.review_by,
                            at
                        ])?;
                        counts.added += 1;
                        (transaction.last_insert_rowid(), 1, new_terms.clone())
                    }
                    Some(mut stored) => {
                        let (id, version) = (stored.id, stored.version);
                        stored.terms.access_members = members_of
                            .query_map(params![id], |row| row.get(0))?
                            .collect::<Result<_, _>>()?;
                        // a record purged past its review date comes back as a new one
                        let written = if stored.entity.is_empty() {
                            new_terms.clone()
                        } else {
                            terms.applied_to(&stored.terms)
                        };
                        let same = stored.entity == record.entity
                            && stored.terms == written
                            && stored.deleted_at.is_none();
                        if same {
                            counts.unchanged += 1;
                            continue;
                        }
                        documents::count_change(&mut changes, &stored.terms, &written);
                        update.execute(params![
                            id,
                            record.entity,
                            written.access_level,
                            written.action,
                            written.review_by,
                            version + 1,
                            at
                        ])?;
                        clear_access.execute(params![id])?;
                        counts.changed += 1;
                        (id, version + 1, written)
                    }
                };
                touched.insert(id);
                for member in &written.access_members {
                    add_access.execute(params![id, member])?;
                }
                let members_text = written
                    .access_members
                    .iter()
                    .map(i64::to_string)
                    .collect::<Vec<_>>()
                    .join(",");
                add_version.execute(params![
                    id,
                    version,
                    record.entity,
                    written.access_level,
                    members_text,
                    written.action,
                    written.review_by,
                    at,
                    actor
                ])?;
            }
        }
        append_record_changes(&transaction, touched, at)?;
        imports::record_progress(&transaction, progress, &counts)?;
        append_audit(&transaction, &audit.entry_for(&changes)?, &chain)?;
        transaction.commit()?;
        Ok(counts)
    }

    /// The terms of the owner's records (deleted ones too), each with how many have them,
    /// ordered by the terms as text: what a write of new terms could change at most.
    pub fn record_terms_of(&self, owner: i64) -> Result<Vec<(Terms, usize)>, StoreError> {
        let mut statement = self.connection.prepare_cached(
            "SELECT r.access_level,
                    COALESCE((SELECT group_concat(member, ',') FROM
                        (SELECT member FROM record_access WHERE record = r.id ORDER BY member)), ''),
                    r.action, r.review_by, count(*)
             FROM record r WHERE r.owner = ?1 AND r.entity != '' GROUP BY 1, 2, 3, 4
             ORDER BY 1, 2, 3, 4",
        )?;
        let rows = statement.query_map(params![owner], |row| {
            Ok((
                documents::terms_of_row(row)?,
                row.get::<_, i64>(4)? as usize,
            ))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The terms of the owner's records with these entity ids, in order; `None` for an
    /// entity id the owner has no record of.
    pub fn record_terms(
        &self,
        owner: i64,
        entity_ids: &[&str],
    ) -> Result<Vec<Option<Terms>>, StoreError> {
        let mut find = self.connection.prepare_cached(
            "SELECT id, access_level, action, review_by FROM record
             WHERE owner = ?1 AND entity_id = ?2 AND entity != ''",
        )?;
        let mut members_of = self
            .connection
            .prepare_cached("SELECT member FROM record_access WHERE record = ?1 ORDER BY member")?;
        let mut found = Vec::with_capacity(entity_ids.len());
        for entity_id in entity_ids {
            let row = find
                .query_row(params![owner, entity_id], |row| {
                    Ok((
                        row.get::<_, i64>(0)?,
                        Terms {
                            access_level: row.get(1)?,
                            access_members: Vec::new(),
                            action: row.get(2)?,
                            review_by: row.get(3)?,
                        },
                    ))
                })
                .optional()?;
            found.push(match row {
                None => None,
                Some((id, mut terms)) => {
                    terms.access_members = members_of
                        .query_map(params![id], |row| row.get(0))?
                        .collect::<Result<_, _>>()?;
                    Some(terms)
                }
            });
        }
        Ok(found)
    }

    /// Every record that is not deleted and whose review date is `today` or later
    /// (`YYYY-MM-DD` compares as text), in id order.
    pub fn live_records(&self, today: &str) -> Result<Vec<RecordRow>, StoreError> {
        let mut access: std::collections::HashMap<i64, Vec<i64>> = std::collections::HashMap::new();
        {
            let mut statement = self.connection.prepare_cached(
                "SELECT record, member FROM record_access ORDER BY record, member",
            )?;
            let rows = statement
                .query_map([], |row| Ok((row.get::<_, i64>(0)?, row.get::<_, i64>(1)?)))?;
            for row in rows {
                let (record, member) = row?;
                access.entry(record).or_default().push(member);
            }
        }
        let mut statement = self.connection.prepare_cached(
            "SELECT id, owner, entity_id, entity, access_level, action, review_by, version, updated_at
             FROM record WHERE deleted_at IS NULL AND review_by >= ?1 ORDER BY id",
        )?;
        let rows = statement.query_map(params![today], record_row)?;
        let mut records: Vec<RecordRow> = rows.collect::<Result<_, _>>()?;
        for record in &mut records {
            record.access_members = access.remove(&record.id).unwrap_or_default();
        }
        Ok(records)
    }

    /// A record by its id, unless deleted.
    pub fn record(&self, id: i64) -> Result<Option<RecordRow>, StoreError> {
        let row = self
            .connection
            .prepare_cached("SELECT id, owner, entity_id, entity, access_level, action, review_by, version, updated_at
                 FROM record WHERE id = ?1 AND deleted_at IS NULL")?
            .query_row(params![id],
                record_row,
            )
            .optional()?;
        let Some(mut row) = row else {
            return Ok(None);
        };
        let mut statement = self
            .connection
            .prepare_cached("SELECT member FROM record_access WHERE record = ?1 ORDER BY member")?;
        row.access_members = statement
            .query_map(params![id], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        Ok(Some(row))
    }

    /// Marks the owner's record deleted (kept with its versions as evidence, no longer
    /// matched), with the audit entry, in one transaction.
    pub fn delete_record(
        &mut self,
        owner: i64,
        id: i64,
        audit: &AuditEntry,
        chain: impl Fn(&AuditRow) -> String,
    ) -> Result<(), StoreError> {
        let transaction = self.begin()?;
        let changed = transaction.prepare_cached("UPDATE record SET deleted_at = ?3 WHERE id = ?1 AND owner = ?2 AND deleted_at IS NULL")?
            .execute(params![id, owner, audit.at],
        )?;
        if changed == 0 {
            return Err(StoreError::NotFound {
                what: "record",
                name: id.to_string(),
            });
        }
        append_record_changes(&transaction, [id], audit.at)?;
        append_audit(&transaction, audit, &chain)?;
        transaction.commit()?;
        Ok(())
    }

    /// Purges every record whose review date is before `today`: its entity, versions and
    /// access list are removed (personal data is not kept past its review), the row stays
    /// deleted so that hits on it still name it; with the audit entry, in one transaction.
    /// Returns how many were purged.
    pub fn purge_expired(
        &mut self,
        today: &str,
        audit: &AuditEntry,
        chain: impl Fn(&AuditRow) -> String,
    ) -> Result<usize, StoreError> {
        let transaction = self.begin()?;
        let expired = "SELECT id FROM record WHERE review_by < ?1 AND entity != ''";
        transaction
            .prepare_cached(&format!(
                "INSERT INTO record_change (record, at) SELECT id, ?2 FROM ({expired}) ORDER BY id"
            ))?
            .execute(params![today, audit.at])?;
        transaction
            .prepare_cached(&format!(
                "DELETE FROM record_version WHERE record IN ({expired})"
            ))?
            .execute(params![today])?;
        transaction
            .prepare_cached(&format!(
                "DELETE FROM record_access WHERE record IN ({expired})"
            ))?
            .execute(params![today])?;
        let purged = transaction
            .prepare_cached(
                "UPDATE record SET entity = '', deleted_at = COALESCE(deleted_at, ?2)
             WHERE review_by < ?1 AND entity != ''",
            )?
            .execute(params![today, audit.at])?;
        if purged > 0 {
            let mut audit = audit.clone();
            audit.subject = format!("{purged} records past their review date");
            append_audit(&transaction, &audit, &chain)?;
        }
        transaction.commit()?;
        Ok(purged)
    }

    /// The changes of person records numbered after `after`, in order, at most `limit`
    /// (see [`concepts::Records::changes_after`]).
    pub fn changes_after(&self, after: i64, limit: usize) -> Result<Vec<RecordChange>, StoreError> {
        // past what SQLite's integers hold is every change
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let mut statement = self.connection.prepare_cached(
            "SELECT seq, record, at FROM record_change WHERE seq > ?1 ORDER BY seq LIMIT ?2",
        )?;
        let rows = statement.query_map(params![after, limit], |row| {
            Ok(RecordChange {
                seq: row.get(0)?,
                record: row.get(1)?,
                at: row.get(2)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The newest change's number, 0 when there is none (see
    /// [`concepts::Records::last_change`]).
    pub fn last_change(&self) -> Result<i64, StoreError> {
        Ok(self
            .connection
            .prepare_cached("SELECT COALESCE(MAX(seq), 0) FROM record_change")?
            .query_row([], |row| row.get(0))?)
    }

    /// Removes the changes numbered before `before`, but never the newest (see
    /// [`concepts::Records::prune_changes`]). Returns how many were removed.
    pub fn prune_changes(&mut self, before: i64) -> Result<usize, StoreError> {
        let transaction = self.begin()?;
        let removed = transaction
            .prepare_cached(
                "DELETE FROM record_change
                 WHERE seq < ?1 AND seq < (SELECT MAX(seq) FROM record_change)",
            )?
            .execute(params![before])?;
        transaction.commit()?;
        Ok(removed)
    }

    /// The id of the owner's record with this entity id, unless deleted.
    pub fn record_id(&self, owner: i64, entity_id: &str) -> Result<Option<i64>, StoreError> {
        Ok(self
            .connection
            .prepare_cached(
                "SELECT id FROM record WHERE owner = ?1 AND entity_id = ?2 AND deleted_at IS NULL",
            )?
            .query_row(params![owner, entity_id], |row| row.get(0))
            .optional()?)
    }

    /// Stores hits, notifies each record's owner (unless the owner asked), and appends the
    /// audit entries, in one transaction (one write to disk). Returns the hits' ids in order.
    pub fn add_hits(
        &mut self,
        hits: &[NewHit],
        at: i64,
        audits: &[AuditEntry],
        chain: impl Fn(&AuditRow) -> String,
    ) -> Result<Vec<i64>, StoreError> {
        let transaction = self.begin()?;
        let ids = insert_hits(&transaction, hits, at)?;
        for audit in audits {
            append_audit(&transaction, audit, &chain)?;
        }
        transaction.commit()?;
        Ok(ids)
    }

    pub fn hit(&self, id: i64) -> Result<Option<HitRow>, StoreError> {
        Ok(self
            .connection
            .prepare_cached("SELECT id, at, querier, record, owner, query, score, explanation, status FROM hit WHERE id = ?1")?
            .query_row(params![id],
                hit_row,
            )
            .optional()?)
    }

    /// Changes a hit's status with its reason, kept in the hit's history, with the audit
    /// entry, in one transaction.
    /// The change is made at the audit entry's time, by its actor.
    /// A suppression the hit made is revoked by any change of its status; `suppression`,
    /// when given, is made in its place (a false positive). `notify`, when given, is the
    /// member to notify of the change and the notification's kind.
    #[allow(clippy::too_many_arguments)]
    pub fn set_hit_status(
        &mut self,
        id: i64,
        status: &str,
        reason: &str,
        suppression: Option<&NewSuppression>,
        notify: Option<(i64, &str)>,
        audit: &AuditEntry,
        chain: impl Fn(&AuditRow) -> String,
    ) -> Result<(), StoreError> {
        let transaction = self.begin()?;
        let changed = transaction
            .prepare_cached("UPDATE hit SET status = ?2 WHERE id = ?1")?
            .execute(params![id, status])?;
        if changed == 0 {
            return Err(StoreError::NotFound {
                what: "hit",
                name: id.to_string(),
            });
        }
        transaction
            .prepare_cached(
                "UPDATE suppression SET revoked_at = ?2, revoked_by = ?3
                 WHERE hit = ?1 AND revoked_at IS NULL",
            )?
            .execute(params![id, audit.at, audit.actor])?;
        if let Some(suppression) = suppression {
            transaction
                .prepare_cached(
                    "INSERT INTO suppression (querier, record, record_version, details, hit, at, actor)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                )?
                .execute(params![
                    suppression.querier,
                    suppression.record,
                    suppression.record_version,
                    suppression.details,
                    id,
                    audit.at,
                    audit.actor
                ])?;
        }
        if let Some((member, kind)) = notify {
            transaction
                .prepare_cached(
                    "INSERT INTO notification (owner, hit, at, kind) VALUES (?1, ?2, ?3, ?4)",
                )?
                .execute(params![member, id, audit.at, kind])?;
        }
        transaction.prepare_cached("INSERT INTO hit_event (hit, at, actor, status, reason) VALUES (?1, ?2, ?3, ?4, ?5)")?
            .execute(params![id, audit.at, audit.actor, status, reason],
        )?;
        append_audit(&transaction, audit, &chain)?;
        transaction.commit()?;
        Ok(())
    }

    /// A hit's history: (at, actor, status, reason), oldest first.
    pub fn hit_history(&self, id: i64) -> Result<Vec<(i64, String, String, String)>, StoreError> {
        let mut statement = self.connection.prepare_cached(
            "SELECT at, actor, status, reason FROM hit_event WHERE hit = ?1 ORDER BY rowid",
        )?;
        let rows = statement.query_map(params![id], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// A member's notifications after `after` (an id), oldest first, at most `limit`.
    pub fn notifications(
        &self,
        owner: i64,
        after: i64,
        limit: usize,
    ) -> Result<Vec<NotificationRow>, StoreError> {
        let mut statement = self.connection.prepare_cached(
            "SELECT n.id, n.at, n.kind, h.id, h.at, h.querier, h.record, h.owner, h.query, h.score, h.explanation, h.status
             FROM notification n JOIN hit h ON h.id = n.hit
             WHERE n.owner = ?1 AND n.id > ?2 ORDER BY n.id LIMIT ?3",
        )?;
        let rows = statement.query_map(params![owner, after, limit as i64], |row| {
            Ok(NotificationRow {
                id: row.get(0)?,
                at: row.get(1)?,
                kind: row.get(2)?,
                hit: HitRow {
                    id: row.get(3)?,
                    at: row.get(4)?,
                    querier: row.get(5)?,
                    record: row.get(6)?,
                    owner: row.get(7)?,
                    query: row.get(8)?,
                    score: row.get(9)?,
                    explanation: row.get(10)?,
                    status: row.get(11)?,
                },
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// How many versions a record has had.
    pub fn record_versions(&self, record: i64) -> Result<i64, StoreError> {
        Ok(self
            .connection
            .prepare_cached("SELECT COUNT(*) FROM record_version WHERE record = ?1")?
            .query_row(params![record], |row| row.get(0))?)
    }

    /// Appends one audit entry on its own (for reads, which write nothing else).
    pub fn append_audit(
        &mut self,
        audit: &AuditEntry,
        chain: impl Fn(&AuditRow) -> String,
    ) -> Result<AuditRow, StoreError> {
        let transaction = self.begin()?;
        let row = append_audit(&transaction, audit, &chain)?;
        transaction.commit()?;
        Ok(row)
    }

    /// Appends `entries` to the log in order, in one transaction (one write to disk), and
    /// returns the last: for a log written in bulk (a benchmark's), where
    /// [`Store::append_audit`] would make a transaction of each. The tree's right edge is
    /// found once for all of them.
    pub fn append_audit_entries(
        &mut self,
        entries: &[AuditEntry],
        chain: impl Fn(&AuditRow) -> String,
    ) -> Result<Option<AuditRow>, StoreError> {
        let transaction = self.begin()?;
        let mut last = last_audit_entry(&transaction)?;
        let mut tree = audit_tree::Growth::caught_up_to(
            &transaction,
            transaction.tree_edge,
            last.as_ref().map_or(0, |(seq, _)| *seq),
        )?;
        let mut last_row = None;
        for audit in entries {
            let row = chained_row(last, audit, &chain);
            insert_audit_row(&transaction, &row)?;
            tree.take_in(row.seq, &row.hash)?;
            last = Some((row.seq, row.hash.clone()));
            last_row = Some(row);
        }
        tree.keep_edge(transaction.tree_edge);
        transaction.commit()?;
        Ok(last_row)
    }

    /// The audit entries with sequence numbers in `from..=to`, in order.
    pub fn audit_entries(&self, from: i64, to: i64) -> Result<Vec<AuditRow>, StoreError> {
        let mut statement = self.connection.prepare_cached(
            "SELECT seq, at, actor, action, subject, digest, previous, hash FROM audit
             WHERE seq BETWEEN ?1 AND ?2 ORDER BY seq",
        )?;
        let rows = statement.query_map(params![from, to], audit_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The audit entries about `subject` (`hit 42`), in order.
    pub fn audit_entries_about(&self, subject: &str) -> Result<Vec<AuditRow>, StoreError> {
        let mut statement = self.connection.prepare_cached(
            "SELECT seq, at, actor, action, subject, digest, previous, hash FROM audit
             WHERE subject = ?1 ORDER BY seq",
        )?;
        let rows = statement.query_map(params![subject], audit_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The last `limit` audit entries about `subject` at or after `since`, in order.
    pub fn audit_entries_about_since(
        &self,
        subject: &str,
        since: i64,
        limit: usize,
    ) -> Result<Vec<AuditRow>, StoreError> {
        let mut statement = self.connection.prepare_cached(
            "SELECT seq, at, actor, action, subject, digest, previous, hash FROM audit
             WHERE subject = ?1 AND at >= ?2 ORDER BY seq DESC LIMIT ?3",
        )?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = statement.query_map(params![subject, since, limit], audit_row)?;
        let mut rows: Vec<AuditRow> = rows.collect::<Result<_, _>>()?;
        rows.reverse();
        Ok(rows)
    }

    /// The audit entries of the moment `at` (Unix seconds), in order.
    pub fn audit_entries_at(&self, at: i64) -> Result<Vec<AuditRow>, StoreError> {
        let mut statement = self.connection.prepare_cached(
            "SELECT seq, at, actor, action, subject, digest, previous, hash FROM audit
             WHERE at = ?1 ORDER BY seq",
        )?;
        let rows = statement.query_map(params![at], audit_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Runs `write` in one immediate transaction with the audit entry, when given: both or
    /// neither.
    pub(crate) fn with_audit<T>(
        &mut self,
        audit: Option<&AuditEntry>,
        chain: impl Fn(&AuditRow) -> String,
        write: impl FnOnce(&Connection) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let transaction = self.begin()?;
        let written = write(&transaction)?;
        if let Some(audit) = audit {
            append_audit(&transaction, audit, &chain)?;
        }
        transaction.commit()?;
        Ok(written)
    }

    /// The raw connection, for tests that tamper with the database as an attacker would.
    #[doc(hidden)]
    pub fn connection_for_tests(&self) -> &Connection {
        &self.connection
    }
}

/// Stores hits and notifies each record's owner (unless the owner asked), inside a
/// transaction; returns the hits' ids in order.
fn insert_hits(transaction: &Connection, hits: &[NewHit], at: i64) -> Result<Vec<i64>, StoreError> {
    let mut ids = Vec::with_capacity(hits.len());
    let mut insert = transaction.prepare_cached(
        "INSERT INTO hit (at, querier, record, owner, query, score, explanation, status)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'open')",
    )?;
    let mut notify = transaction
        .prepare_cached("INSERT INTO notification (owner, hit, at) VALUES (?1, ?2, ?3)")?;
    for hit in hits {
        insert.execute(params![
            at,
            hit.querier,
            hit.record,
            hit.owner,
            hit.query,
            hit.score,
            hit.explanation
        ])?;
        let id = transaction.last_insert_rowid();
        if hit.owner != hit.querier {
            notify.execute(params![hit.owner, id, at])?;
        }
        ids.push(id);
    }
    Ok(ids)
}

/// A screened manifest to be kept.
#[derive(Debug, Clone)]
pub struct NewManifest {
    pub querier: i64,
    /// `PAXLST` or `PNRGOV` (or `JSON` for a manifest given as JSON).
    pub source: String,
    /// The message's reference.
    pub reference: String,
    /// The flight's legs, JSON.
    pub flight: String,
    pub travellers: usize,
    /// Hex SHA-256 of the message as received.
    pub digest: String,
}

impl NewManifest {
    /// How many travellers it has, as the databases keep the number.
    pub(crate) fn traveller_count(&self) -> Result<i64, StoreError> {
        i64::try_from(self.travellers).map_err(|_| StoreError::Invalid {
            what: "number of travellers",
            name: self.travellers.to_string(),
        })
    }
}

/// A kept manifest.
#[derive(Debug, Clone, PartialEq)]
pub struct ManifestRow {
    pub id: i64,
    pub at: i64,
    pub querier: i64,
    pub source: String,
    pub reference: String,
    pub flight: String,
    pub travellers: i64,
    pub digest: String,
    /// The answer given, JSON.
    pub answer: String,
}

impl Store {
    /// Keeps the screened manifests of one interchange with their hits (the owners
    /// notified) and audit entries, in one transaction: an interchange is kept whole or
    /// not at all. `answer(index, id, hit ids)` makes each manifest's answer to keep.
    /// Returns each manifest's id and its hits' ids.
    pub fn add_manifests(
        &mut self,
        manifests: &[(&NewManifest, &[NewHit])],
        at: i64,
        mut answer: impl FnMut(usize, i64, &[i64]) -> String,
        audits: &[AuditEntry],
        chain: impl Fn(&AuditRow) -> String,
    ) -> Result<Vec<(i64, Vec<i64>)>, StoreError> {
        let transaction = self.begin()?;
        let mut kept = Vec::with_capacity(manifests.len());
        for (index, (manifest, hits)) in manifests.iter().enumerate() {
            let ids = insert_hits(&transaction, hits, at)?;
            transaction
                .prepare_cached(
                    "INSERT INTO manifest (at, querier, source, reference, flight, travellers, digest, answer)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, '')",
                )?
                .execute(params![
                    at,
                    manifest.querier,
                    manifest.source,
                    manifest.reference,
                    manifest.flight,
                    manifest.traveller_count()?,
                    manifest.digest
                ])?;
            let id = transaction.last_insert_rowid();
            let mut link =
                transaction.prepare_cached("UPDATE hit SET manifest = ?2 WHERE id = ?1")?;
            for hit in &ids {
                link.execute(params![hit, id])?;
            }
            let given = answer(index, id, &ids);
            transaction
                .prepare_cached("UPDATE manifest SET answer = ?2 WHERE id = ?1")?
                .execute(params![id, given])?;
            kept.push((id, ids));
        }
        for audit in audits {
            append_audit(&transaction, audit, &chain)?;
        }
        transaction.commit()?;
        Ok(kept)
    }

    /// A kept manifest.
    pub fn manifest(&self, id: i64) -> Result<Option<ManifestRow>, StoreError> {
        Ok(self
            .connection
            .prepare_cached(
                "SELECT id, at, querier, source, reference, flight, travellers, digest, answer
                 FROM manifest WHERE id = ?1",
            )?
            .query_row(params![id], |row| {
                Ok(ManifestRow {
                    id: row.get(0)?,
                    at: row.get(1)?,
                    querier: row.get(2)?,
                    source: row.get(3)?,
                    reference: row.get(4)?,
                    flight: row.get(5)?,
                    travellers: row.get(6)?,
                    digest: row.get(7)?,
                    answer: row.get(8)?,
                })
            })
            .optional()?)
    }
}

/// The hash that stands before the first audit entry.
pub const CHAIN_START: &str = "0000000000000000000000000000000000000000000000000000000000000000";

pub(crate) fn append_audit(
    transaction: &Write<'_>,
    audit: &AuditEntry,
    chain: &dyn Fn(&AuditRow) -> String,
) -> Result<AuditRow, StoreError> {
    let row = chained_row(last_audit_entry(transaction)?, audit, chain);
    insert_audit_row(transaction, &row)?;
    // the entry's leaf and the nodes it completes, in the same transaction
    let mut tree =
        audit_tree::Growth::caught_up_to(transaction, transaction.tree_edge, row.seq - 1)?;
    tree.take_in(row.seq, &row.hash)?;
    tree.keep_edge(transaction.tree_edge);
    Ok(row)
}

/// The sequence number and hash of the log's last entry, if any.
fn last_audit_entry(transaction: &Connection) -> Result<Option<(i64, String)>, StoreError> {
    Ok(transaction
        .prepare_cached("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1")?
        .query_row([], |row| Ok((row.get(0)?, row.get(1)?)))
        .optional()?)
}

/// The entry `audit` numbered and chained after `last` (the log's last entry, if any).
pub(crate) fn chained_row(
    last: Option<(i64, String)>,
    audit: &AuditEntry,
    chain: &dyn Fn(&AuditRow) -> String,
) -> AuditRow {
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
    row
}

fn insert_audit_row(transaction: &Connection, row: &AuditRow) -> Result<(), StoreError> {
    transaction
        .prepare_cached(
            "INSERT INTO audit (seq, at, actor, action, subject, digest, previous, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?
        .execute(params![
            row.seq,
            row.at,
            row.actor,
            row.action,
            row.subject,
            row.digest,
            row.previous,
            row.hash
        ])?;
    Ok(())
}

/// Appends a change of each of `records` (each once, in the order given) to the change
/// feed, inside the write that made them: numbered on from the newest, as the write is the
/// only one under way.
fn append_record_changes(
    transaction: &Connection,
    records: impl IntoIterator<Item = i64>,
    at: i64,
) -> Result<(), StoreError> {
    let mut insert =
        transaction.prepare_cached("INSERT INTO record_change (record, at) VALUES (?1, ?2)")?;
    for record in records {
        insert.execute(params![record, at])?;
    }
    Ok(())
}

/// A record from `SELECT id, owner, entity_id, entity, access_level, action, review_by,
/// version, updated_at`; its access list is read apart.
fn record_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<RecordRow> {
    Ok(RecordRow {
        id: row.get(0)?,
        owner: row.get(1)?,
        entity_id: row.get(2)?,
        entity: row.get(3)?,
        access_level: row.get(4)?,
        access_members: Vec::new(),
        action: row.get(5)?,
        review_by: row.get(6)?,
        version: row.get(7)?,
        updated_at: row.get(8)?,
    })
}

pub(crate) fn hit_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<HitRow> {
    Ok(HitRow {
        id: row.get(0)?,
        at: row.get(1)?,
        querier: row.get(2)?,
        record: row.get(3)?,
        owner: row.get(4)?,
        query: row.get(5)?,
        score: row.get(6)?,
        explanation: row.get(7)?,
        status: row.get(8)?,
    })
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
        contact: row.get(7)?,
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
    if version == known {
        return Ok(());
    }
    // a migration may rebuild a table others refer to: references are checked once it is
    // done, as SQLite asks (they cannot be switched off inside a transaction)
    connection.pragma_update(None, "foreign_keys", "OFF")?;
    for (index, migration) in MIGRATIONS.iter().enumerate().skip(version as usize) {
        let transaction = connection.transaction()?;
        transaction.execute_batch(migration)?;
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

    fn entry(action: &str) -> AuditEntry {
        AuditEntry {
            at: 1_700_000_000,
            actor: "cli:test".into(),
            action: action.into(),
            subject: "member x".into(),
            digest: "d".into(),
        }
    }

    /// A stand-in for the service's chain hash: 64 hex digits, as the tree reads them.
    fn chain(row: &AuditRow) -> String {
        format!("{:032x}{:032x}", row.previous.len(), row.seq)
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

    /// The write-ahead log's size after 24 MB are written in 384 commits over about four
    /// seconds while two readers take turns so that one always holds a snapshot, with the
    /// log restarted past `restart_after_pages`.
    fn log_size_under_steady_reading(restart_after_pages: i64) -> u64 {
        use std::sync::atomic::{AtomicBool, Ordering};
        let directory = tempfile::tempdir().unwrap();
        let mut store = Store::open(directory.path()).unwrap();
        store
            .connection
            .execute_batch("CREATE TABLE filler (bytes BLOB NOT NULL)")
            .unwrap();
        store.set_commits_wait_for_disk(false).unwrap();
        let checkpointer = store
            .checkpoint_in_background_restarting_after(restart_after_pages)
            .unwrap();
        let writing = std::sync::Arc::new(AtomicBool::new(true));
        let readers: Vec<_> = (0..2u64)
            .map(|turn| {
                let reader = Store::open_reader(directory.path()).unwrap();
                let writing = std::sync::Arc::clone(&writing);
                std::thread::spawn(move || {
                    std::thread::sleep(std::time::Duration::from_millis(10 * turn));
                    while writing.load(Ordering::SeqCst) {
                        reader.connection.execute_batch("BEGIN").unwrap();
                        let _: i64 = reader
                            .connection
                            .query_row("SELECT count(*) FROM filler", [], |row| row.get(0))
                            .unwrap();
                        std::thread::sleep(std::time::Duration::from_millis(20));
                        reader.connection.execute_batch("COMMIT").unwrap();
                    }
                })
            })
            .collect();
        let blob = vec![7u8; 64 << 10];
        for _ in 0..384 {
            store
                .connection
                .execute("INSERT INTO filler (bytes) VALUES (?1)", [&blob])
                .unwrap();
            std::thread::sleep(std::time::Duration::from_millis(8));
        }
        writing.store(false, Ordering::SeqCst);
        for reader in readers {
            reader.join().unwrap();
        }
        let size = std::fs::metadata(directory.path().join(format!("{DATABASE_FILE}-wal")))
            .unwrap()
            .len();
        drop(checkpointer);
        size
    }

    #[test]
    fn the_log_is_restarted_though_readers_never_pause() {
        // without restarts, readers always holding a snapshot keep the log from ever
        // starting again: it holds everything written (the test's own check)
        let unbounded = log_size_under_steady_reading(i64::MAX);
        assert!(unbounded > 16 << 20, "log of {unbounded} bytes");
        // restarted past 1 MB: the log stays within what a few checkpoint intervals add
        // (4 MB each here; a restart the readers delay is tried again at the next)
        let bounded = log_size_under_steady_reading(256);
        assert!(
            bounded < unbounded / 2,
            "log of {bounded} bytes, {unbounded} without restarts"
        );
    }

    #[test]
    fn a_group_commits_its_writes_together_and_a_failed_one_alone_is_undone() {
        let directory = tempfile::tempdir().unwrap();
        let mut store = Store::open(directory.path()).unwrap();
        let reader = Store::open_reader(directory.path()).unwrap();
        let member = |name: &'static str| NewMember {
            name,
            country: "JOR",
            admin: false,
            key_hash: &[7; 32],
            created_at: 1_700_000_000,
        };
        store.begin_group().unwrap();
        assert!(store.group_open());
        store
            .in_group(|store| store.add_member(&member("first"), &entry("member.add"), chain))
            .unwrap();
        // a write that fails inside the group (the name is taken) leaves nothing behind, and
        // the group's other writes stay
        let taken: Result<MemberRow, StoreError> = store.in_group(|store| {
            store.append_audit(&entry("half-done"), chain)?;
            store.add_member(&member("first"), &entry("member.add"), chain)
        });
        assert!(matches!(taken, Err(StoreError::AlreadyExists { .. })));
        store
            .in_group(|store| store.add_member(&member("second"), &entry("member.add"), chain))
            .unwrap();
        // nothing is seen by another connection (nor on disk) before the group commits
        assert!(reader.members().unwrap().is_empty());
        store.commit_group().unwrap();
        assert!(!store.group_open());
        let names: Vec<String> = reader
            .members()
            .unwrap()
            .into_iter()
            .map(|m| m.name)
            .collect();
        assert_eq!(names, ["first", "second"]);
        let log = reader.audit_entries(1, i64::MAX).unwrap();
        let actions: Vec<&str> = log.iter().map(|row| row.action.as_str()).collect();
        assert_eq!(actions, ["member.add", "member.add"]);
        assert_eq!(
            log[1].previous, log[0].hash,
            "the chain runs through the group"
        );
        // without a group, a write is its own transaction again
        store.append_audit(&entry("alone"), chain).unwrap();
        assert_eq!(reader.audit_entries(1, i64::MAX).unwrap().len(), 3);
    }

    #[test]
    fn a_group_whose_transaction_sqlite_undid_is_reported_lost_not_committed() {
        let directory = tempfile::tempdir().unwrap();
        let mut store = Store::open(directory.path()).unwrap();
        store.begin_group().unwrap();
        store
            .in_group(|store| store.append_audit(&entry("kept?"), chain))
            .unwrap();
        // as SQLite does on a full disk or an I/O error: the whole transaction undone
        store
            .connection_for_tests()
            .execute_batch("ROLLBACK")
            .unwrap();
        let later = store.in_group(|store| store.append_audit(&entry("later"), chain));
        assert!(matches!(later, Err(StoreError::GroupUndone)));
        assert!(matches!(store.commit_group(), Err(StoreError::GroupUndone)));
        assert!(store.audit_entries(1, i64::MAX).unwrap().is_empty());
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
