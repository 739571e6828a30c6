//! The embedded SQLite backend: [`Store`], the database of one data directory (WAL, one
//! writer, readers beside it), its background checkpointer, the write a transaction or a
//! savepoint of a group's, and every concept of [`crate::concepts`] in a file of its own.

mod audit;
mod audit_tree;
mod documents;
mod hits;
mod imports;
mod manifests;
mod members;
mod records;
mod reports;
mod schema;
mod screenings;
mod users;

use rusqlite::{Connection, TransactionBehavior};
use std::path::{Path, PathBuf};

use crate::{AuditEntry, AuditRow, StoreError};
use audit::append_audit;
use schema::{migrate, MIGRATIONS};

/// How long a write waits for another connection's transaction before it fails.
pub const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(60);

/// Prepared statements kept a connection (more than the store has).
const STATEMENT_CACHE: usize = 96;

/// The database file inside the data directory.
pub const DATABASE_FILE: &str = "gatecheck.db";

/// The store of one data directory.
pub struct Store {
    /// (Read by the copy to PostgreSQL, `crate::migrate`, in a read transaction of its own.)
    pub(crate) connection: Connection,
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
struct Write<'a> {
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
    fn commit(self) -> Result<(), rusqlite::Error> {
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
    fn begin(&mut self) -> Result<Write<'_>, StoreError> {
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

    /// Runs `write` in one immediate transaction with the audit entry, when given: both or
    /// neither.
    fn with_audit<T>(
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

/// What the unit tests of the SQLite store share.
#[cfg(test)]
mod testing {
    use crate::{AuditEntry, AuditRow};

    pub(super) fn entry(action: &str) -> AuditEntry {
        AuditEntry {
            at: 1_700_000_000,
            actor: "cli:test".into(),
            action: action.into(),
            subject: "member x".into(),
            digest: "d".into(),
        }
    }

    /// A stand-in for the service's chain hash: 64 hex digits, as the tree reads them.
    pub(super) fn chain(row: &AuditRow) -> String {
        format!("{:032x}{:032x}", row.previous.len(), row.seq)
    }
}

#[cfg(test)]
mod tests {
    use super::testing::{chain, entry};
    use super::*;
    use crate::{MemberRow, NewMember};

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
}
