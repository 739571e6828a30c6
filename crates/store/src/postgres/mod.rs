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
//! Members, the audit log, person records, travel documents, imports, the console's users
//! and sessions, hits with their history, notifications and suppressions, and screened
//! manifests are here: every concept of [`crate::concepts::Backend`].
//! Writes of records notify the nodes following the change feed, each listening on a
//! connection of its own ([`ChangeListener`], `changes.rs`).
//!
//! A write that takes several locks takes them in one order, so that no two writes each
//! wait for the other: the records lock (`records`), the documents lock (`documents`) or
//! the imports lock (`imports`) (no write takes two of these three), then the row of the
//! import a batch is part of, then the hits lock (`hits`, which manifests are written
//! under too, as they are written with their hits), then the audit lock (`audit`). A
//! write may skip any of them, never take one out of order. A write of records also
//! notifies (`changes.rs`): PostgreSQL takes its lock of the notification queue at
//! commit, after all of these, and waits for nothing while it holds it.

mod audit;
mod changes;
mod conn;
mod documents;
mod hits;
mod imports;
mod manifests;
mod members;
mod records;
mod reports;
mod rows;
mod schema;
mod screenings;
mod users;

use std::cell::RefCell;
use std::collections::HashMap;

use conn::{Conn, Held};
use postgres::{Client, NoTls};

pub(crate) use audit::{append_audit_in, not_found};
pub use changes::{ChangeListener, Heard, MEMBER_CHANGE_CHANNEL, RECORD_CHANGE_CHANNEL};
use schema::MIGRATIONS;

use crate::{StoreError, CHAIN_START};

/// The lock a node takes while it brings the schema up to date.
const SCHEMA_LOCK: i64 = 0x6761_7465_7363_686d; // "gateschm"

/// A store on a PostgreSQL database.
pub struct PostgresStore {
    client: RefCell<Conn>,
    /// Whether a group is open: the writes that follow share its transaction, each in a
    /// savepoint of its own, until [`PostgresStore::commit_group`].
    grouped: bool,
    /// The groups committed, by how they waited for the disk.
    commits: GroupCommits,
    /// Whether a group of screenings waits for the disk in its commit's round trip
    /// ([`PostgresStore::set_commits_wait_for_disk`]).
    commits_wait: bool,
    /// Which server process this connection is, once asked ([`PostgresStore::server_process`]).
    process: RefCell<Option<ServerProcess>>,
}

/// Which server process a connection is served by: its process id and the moment it
/// started. A crash of PostgreSQL ends every server process, so a connection whose
/// process is still there has seen none since it began.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerProcess {
    pid: i32,
    started: String,
}

impl ServerProcess {
    /// The server process's id (`pg_backend_pid()` on its connection).
    pub fn pid(&self) -> i32 {
        self.pid
    }
}

/// How many groups a store committed, by where their wait for the disk was
/// ([`PostgresStore::commit_group`]).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct GroupCommits {
    /// Groups that waited holding their locks (they wrote more than rows of screenings).
    pub waited_under_the_locks: u64,
    /// Groups that let go of their locks first, then waited.
    pub waited_after_the_locks: u64,
}

/// The locks a group takes when it opens, in the order every write takes them (see the
/// module's text), so that its writes, whatever they are, never wait for another node's
/// transaction holding one it has not taken yet while that one waits for it.
const GROUP_LOCKS: [i64; 5] = [
    records::RECORDS_LOCK,
    documents::DOCUMENTS_LOCK,
    imports::IMPORTS_LOCK,
    hits::HITS_LOCK,
    audit::AUDIT_LOCK,
];

/// What a group reads as it takes the locks, that no other node can change while it holds
/// them: the audit log's last entry and its tree's edge (the nodes of the perfect subtrees
/// of its entries, `level:position:hex`), and the next ids of hits and notifications.
const KNOWN_UNDER_THE_LOCKS: &str =
    "WITH last AS (SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1),
          size AS (SELECT COALESCE((SELECT seq FROM last), 0) AS entries)
     SELECT size.entries, (SELECT hash FROM last),
            (SELECT COALESCE(MAX(id), 0) + 1 FROM hit),
            (SELECT COALESCE(MAX(id), 0) + 1 FROM notification),
            (SELECT string_agg(node.level || ':' || node.position || ':'
                               || encode(node.hash, 'hex'), ',')
             FROM generate_series(0, 62) AS peak (level), audit_node node
             WHERE (size.entries >> peak.level) & 1 = 1
               AND node.level = peak.level
               AND node.position = (size.entries >> peak.level) - 1),
            (SELECT string_agg(querier::text, ',')
             FROM unnest($1::bigint[]) AS asked (querier)
             WHERE EXISTS (SELECT 1 FROM suppression s
                           WHERE s.querier = asked.querier AND s.revoked_at IS NULL))
     FROM size";

/// The name [`KNOWN_UNDER_THE_LOCKS`] is prepared under on a connection that opens groups
/// (`PREPARE`, by the simple protocol, so that a group's `BEGIN`, locks and it go in one
/// round trip and it is planned once rather than at every group, under the locks).
const KNOWN_UNDER_THE_LOCKS_PREPARED: &str = "gatecheck_known_under_the_locks";

/// [`KNOWN_UNDER_THE_LOCKS`] (prepared) asking, for each of `queriers`, whether it has any
/// suppression in force (the queriers the connection's groups screened for lately, so that
/// a group need not ask apart for each, under its locks).
fn known_under_the_locks_sql(queriers: &[i64]) -> String {
    let listed: Vec<String> = queriers.iter().map(i64::to_string).collect();
    format!(
        "EXECUTE {KNOWN_UNDER_THE_LOCKS_PREPARED} ('{{{}}}')",
        listed.join(",")
    )
}

/// The tables an import of records or documents loads, analysed after a large one (and
/// vacuumed by [`PostgresStore::vacuum_analyze`]). The tables screenings fill (hits,
/// notifications, the audit log) are left to autovacuum: analysed while still empty, they
/// would be planned as empty, and the plan a connection keeps for checking a key against
/// them (a notification's hit) would read the whole table for each row until autovacuum
/// analyses them again (with 11,000 hits written in 20 s, 61 million rows were read and two
/// nodes screened 640 requests a second rather than 1,000).
pub const LOADED_TABLES: [&str; 8] = [
    "record",
    "record_access",
    "record_version",
    "record_change",
    "document",
    "document_version",
    "terms",
    "import",
];

/// Rows an import writes (added or changed) from which its end analyses the tables it
/// loaded, so that the planner does not read a large table as the small one it was.
pub const ANALYZED_AFTER_ROWS: i64 = 10_000;

/// A transaction whose commit waits for the log up to its own commit record, and so for
/// everything written before it: it writes a record of the log (a logical decoding message
/// of the transaction's, prefix `gatecheck`, nothing in it), as a transaction that writes
/// none commits without waiting (`pg_current_xact_id()` alone does not), and it waits as
/// any commit does, under the database's `synchronous_commit` (for a synchronous standby
/// too, when one is configured).
const FLUSH_AFTER_COMMIT: &str =
    "BEGIN; SELECT pg_logical_emit_message(true, 'gatecheck', ''); COMMIT";

/// A connection of its own that waits for the log to reach the disk for commits made on
/// other connections without waiting ([`PostgresStore::set_commits_wait_for_disk`]).
pub struct LogFlusher {
    client: Client,
}

impl LogFlusher {
    pub fn connect(connection: &str) -> Result<LogFlusher, StoreError> {
        Ok(LogFlusher {
            client: Client::connect(connection, NoTls)?,
        })
    }

    /// Waits until the log is on disk up to now, then answers whether `process` still
    /// serves the connection it served. If it is, PostgreSQL has not crashed since that
    /// connection began, so every commit it made before this call was written to the log
    /// before this call's own commit, which waited for the disk: all of them are on disk.
    /// If it is not, their fate is unknown (a crash may have lost them).
    pub fn flush(&mut self, process: &ServerProcess) -> Result<bool, StoreError> {
        // the process's fields come from PostgreSQL itself: a number, and a time as text
        // quoted as a literal (its quotes doubled, though a time holds none)
        let started = process.started.replace('\'', "''");
        let messages = self.client.simple_query(&format!(
            "{FLUSH_AFTER_COMMIT}; SELECT count(*) FROM pg_stat_get_activity({}) \
             WHERE backend_start = '{started}'::timestamptz",
            process.pid
        ))?;
        let alive = messages.iter().any(|message| {
            matches!(message, postgres::SimpleQueryMessage::Row(row) if row.get(0) == Some("1"))
        });
        Ok(alive)
    }

    pub fn is_closed(&self) -> bool {
        self.client.is_closed()
    }
}

/// [`KNOWN_UNDER_THE_LOCKS`] as the group keeps it.
fn known_under_the_locks(
    rows: &[postgres::SimpleQueryRow],
    queriers: &[i64],
) -> Result<Held, StoreError> {
    let unreadable = |what: &str| StoreError::Invalid {
        what: "what a group reads under its locks",
        name: what.to_string(),
    };
    let row = rows.first().ok_or_else(|| unreadable("no row"))?;
    let number = |at: usize, what: &str| -> Result<i64, StoreError> {
        row.get(at)
            .and_then(|text| text.parse().ok())
            .ok_or_else(|| unreadable(what))
    };
    let entries = number(0, "entries")?;
    let last_hash = row.get(1).unwrap_or(CHAIN_START).to_string();
    let size = u64::try_from(entries).map_err(|_| unreadable("entries"))?;
    let frontier = audit::frontier_from(size, row.get(4).unwrap_or(""))?;
    let mut suppressing: HashMap<i64, bool> =
        queriers.iter().map(|&querier| (querier, false)).collect();
    for querier in row
        .get(5)
        .unwrap_or("")
        .split(',')
        .filter(|id| !id.is_empty())
    {
        let querier = querier
            .parse()
            .map_err(|_| unreadable("queriers suppressing"))?;
        suppressing.insert(querier, true);
    }
    Ok(Held {
        audit: Some((entries, last_hash, frontier)),
        next_ids: [
            ("hit", number(2, "next hit")?),
            ("notification", number(3, "next notification")?),
        ]
        .into(),
        suppressing,
    })
}

impl PostgresStore {
    /// Connects with a libpq connection string or URL (`host=/run/postgresql dbname=…`,
    /// `postgres://user@host/db`) and brings the schema up to date; a database written by
    /// a newer gatecheck is refused.
    pub fn connect(connection: &str) -> Result<PostgresStore, StoreError> {
        let mut client = Client::connect(connection, NoTls)?;
        migrate(&mut client)?;
        Ok(PostgresStore {
            client: RefCell::new(Conn::new(client)),
            grouped: false,
            commits: GroupCommits::default(),
            commits_wait: true,
            process: RefCell::new(None),
        })
    }

    /// Connects to a standby (a streaming replica) for reads only: the schema is not
    /// touched, and a write through it is refused by PostgreSQL.
    pub fn connect_reader(connection: &str) -> Result<PostgresStore, StoreError> {
        Ok(PostgresStore {
            client: RefCell::new(Conn::new(Client::connect(connection, NoTls)?)),
            grouped: false,
            commits: GroupCommits::default(),
            commits_wait: true,
            process: RefCell::new(None),
        })
    }

    /// Vacuums and analyses the tables an import loads ([`LOADED_TABLES`]), as PostgreSQL
    /// advises after a bulk load (its statistics for the planner, its visibility map),
    /// rather than leaving it to autovacuum while the database serves. Not the tables
    /// screenings fill (see [`LOADED_TABLES`]).
    pub fn vacuum_analyze(&self) -> Result<(), StoreError> {
        self.client
            .borrow_mut()
            .batch_execute(&format!("VACUUM (ANALYZE) {}", LOADED_TABLES.join(", ")))?;
        Ok(())
    }

    /// The database's size on disk, in bytes (`pg_database_size`).
    pub fn database_bytes(&self) -> Result<u64, StoreError> {
        let row = self
            .client
            .borrow_mut()
            .query_one("SELECT pg_database_size(current_database())", &[])?;
        Ok(u64::try_from(row.get::<_, i64>(0)).unwrap_or(0))
    }

    /// Whether the connection is closed (the server went away): a pool drops it.
    pub fn is_closed(&self) -> bool {
        self.client.borrow().is_closed()
    }

    /// Runs `work` as one transaction, or, in a group, as one savepoint of the group's
    /// transaction: all it wrote is undone when it fails.
    fn write<T>(
        &self,
        work: impl FnOnce(&mut Conn) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let mut client = self.client.borrow_mut();
        if self.grouped {
            return in_savepoint(&mut client, "store_write", work);
        }
        let open = Open::begin(&mut client, "BEGIN")?;
        let done = work(open.client)?;
        open.commit()?;
        Ok(done)
    }

    /// Runs reads of several statements on one snapshot (a read-only transaction of
    /// repeatable reads), so that they agree with each other whatever other nodes commit
    /// meanwhile (a page of records and the count beside it). In a group they read its
    /// transaction, which sees the group's own writes.
    fn read<T>(
        &self,
        work: impl FnOnce(&mut Conn) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let mut client = self.client.borrow_mut();
        if self.grouped {
            return work(&mut client);
        }
        let open = Open::begin(
            &mut client,
            "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
        )?;
        let done = work(open.client)?;
        open.commit()?;
        Ok(done)
    }

    /// Opens a group: the writes that follow, until [`PostgresStore::commit_group`], share
    /// one transaction and one commit (group commit, as the SQLite store's), each whole
    /// or nothing on its own ([`PostgresStore::in_group`]). The group takes every write
    /// lock at once, in order: every write is audited, so writes from several nodes take
    /// turns at the audit lock anyway; a group takes its turn once for all its writes.
    pub fn begin_group(&mut self) -> Result<(), StoreError> {
        if self.grouped {
            return Ok(());
        }
        let mut client = self.client.borrow_mut();
        client.prepare_once(
            KNOWN_UNDER_THE_LOCKS_PREPARED,
            &format!(
                "PREPARE {KNOWN_UNDER_THE_LOCKS_PREPARED} (bigint[]) AS {KNOWN_UNDER_THE_LOCKS}"
            ),
        )?;
        // the transaction begun, its locks taken and what they keep still read, in one
        // round trip
        client.defer("BEGIN");
        let queriers = client.recent_queriers();
        let known = client
            .take_every_lock(&GROUP_LOCKS, &known_under_the_locks_sql(&queriers))
            .map_err(StoreError::from)
            .and_then(|rows| known_under_the_locks(&rows, &queriers));
        match known {
            Ok(held) => client.know(held),
            Err(error) => {
                client.let_go_of_locks();
                client.discard_pending();
                let _ = client.batch_execute("ROLLBACK");
                return Err(error);
            }
        }
        self.grouped = true;
        Ok(())
    }

    /// Whether a group is open.
    pub fn group_open(&self) -> bool {
        self.grouped
    }

    /// Commits the open group, if any: its writes are on disk when this returns `Ok`,
    /// unless commits do not wait for the disk ([`PostgresStore::set_commits_wait_for_disk`]).
    /// On an error the group's writes are all undone, unless the connection was lost after
    /// its commit was sent (its fate is then unknown, as any lost commit's).
    ///
    /// A group that wrote only rows of screenings (hits, notifications, audit entries:
    /// not [`conn::Conn::wrote_statements`]) commits without waiting for the disk, so that
    /// its locks, which every node's writes take in turn, go a disk's wait sooner; then
    /// either a second transaction in the same round trip waits for the disk, its commit
    /// covering the first's, written before it in the log ([`FLUSH_AFTER_COMMIT`]), or,
    /// when commits do not wait, the caller waits with a [`LogFlusher`]. Other nodes may
    /// read the group's rows meanwhile, and answer from them only once a write of their own
    /// (every answer is audited) is on disk, which covers them too; a crash meanwhile loses
    /// the group and everything written after it, as the log is replayed to a point. A
    /// group that wrote anything else (records, whose change another node's index takes in
    /// without answering anyone) waits for the disk before it lets go of its locks.
    pub fn commit_group(&mut self) -> Result<(), StoreError> {
        if !self.grouped {
            return Ok(());
        }
        self.grouped = false;
        let mut client = self.client.borrow_mut();
        let waits_under_the_locks = client.wrote_statements();
        let commit = if waits_under_the_locks {
            "SELECT 1; COMMIT".to_string()
        } else if self.commits_wait {
            format!("SELECT 1; SET LOCAL synchronous_commit TO off; COMMIT; {FLUSH_AFTER_COMMIT}")
        } else {
            "SELECT 1; SET LOCAL synchronous_commit TO off; COMMIT".to_string()
        };
        client.let_go_of_locks();
        // a failed statement left the transaction aborted: COMMIT then undoes it and says
        // ROLLBACK, which is no error to the client, so the state is asked first, in the
        // same round trip (the COMMIT is not run after an error)
        if let Err(error) = client.simple_query(&commit) {
            client.discard_pending();
            let _ = client.batch_execute("ROLLBACK");
            // a row kept by a write and refused as it is sent is the cause, and says so
            let aborted =
                error.code() == Some(&postgres::error::SqlState::IN_FAILED_SQL_TRANSACTION);
            return Err(if aborted {
                StoreError::GroupUndone
            } else {
                error.into()
            });
        }
        if waits_under_the_locks {
            self.commits.waited_under_the_locks += 1;
        } else {
            self.commits.waited_after_the_locks += 1;
        }
        Ok(())
    }

    /// Whether a group of screenings waits for the disk before [`PostgresStore::commit_group`]
    /// returns (the default). With `false` it does not: the caller waits for it with a
    /// [`LogFlusher`] of its own, proving on it that this connection's [`ServerProcess`] lived
    /// through, before it answers anyone (the server's writer, so that the next group
    /// need not wait for the last one's disk). A group that wrote anything else waits
    /// either way.
    pub fn set_commits_wait_for_disk(&mut self, wait: bool) {
        self.commits_wait = wait;
    }

    /// Which server process this connection is served by (asked once).
    pub fn server_process(&self) -> Result<ServerProcess, StoreError> {
        if let Some(process) = self.process.borrow().as_ref() {
            return Ok(process.clone());
        }
        let row = self.client.borrow_mut().query_one(
            "SELECT pid, backend_start::text FROM pg_stat_activity WHERE pid = pg_backend_pid()",
            &[],
        )?;
        let process = ServerProcess {
            pid: row.get(0),
            started: row.get(1),
        };
        *self.process.borrow_mut() = Some(process.clone());
        Ok(process)
    }

    /// The groups this store committed, by where they waited for the disk.
    pub fn group_commits(&self) -> GroupCommits {
        self.commits
    }

    /// Undoes the open group, if any: none of its writes are kept (a copy from SQLite that
    /// failed or differs from its source, `crate::migrate`).
    pub(crate) fn roll_back_group(&mut self) -> Result<(), StoreError> {
        if !self.grouped {
            return Ok(());
        }
        self.grouped = false;
        let mut client = self.client.borrow_mut();
        client.let_go_of_locks();
        client.discard_pending();
        client.batch_execute("ROLLBACK")?;
        Ok(())
    }

    /// The connection itself, for the copy from SQLite (`crate::migrate`), which streams
    /// rows with `COPY` inside the store's open group. Held only between calls of the
    /// store's own methods, which borrow it too.
    pub(crate) fn connection(&self) -> Result<std::cell::RefMut<'_, Client>, StoreError> {
        let mut conn = self.client.borrow_mut();
        conn.client()?;
        Ok(std::cell::RefMut::map(conn, Conn::sent_client))
    }

    /// Runs `work` as one write of the open group: all it wrote is undone when it fails,
    /// and the group's other writes stay. Without a group, it is simply run.
    pub fn in_group<T, E: From<StoreError>>(
        &mut self,
        work: impl FnOnce(&mut PostgresStore) -> Result<T, E>,
    ) -> Result<T, E> {
        if !self.grouped {
            return work(self);
        }
        // sent with the write's first statement, and its end with the next write's or the
        // group's commit: a failure in them is the group's, which its commit says
        self.client.borrow_mut().write_begins("grouped_write");
        let done = work(self);
        self.client.borrow_mut().write_ends(done.is_ok());
        done
    }
}

/// Runs `work` in a savepoint named `name`, rolled back to when it fails.
fn in_savepoint<T>(
    client: &mut Conn,
    name: &'static str,
    work: impl FnOnce(&mut Conn) -> Result<T, StoreError>,
) -> Result<T, StoreError> {
    client.write_begins(name);
    let done = work(client);
    client.write_ends(done.is_ok());
    done
}

/// A transaction begun on the connection by hand (so that the work inside takes the
/// connection itself, in a group or alone): rolled back when dropped uncommitted, on an
/// error or a panic, so that the connection is never left inside it.
struct Open<'c> {
    client: &'c mut Conn,
    ended: bool,
}

impl<'c> Open<'c> {
    fn begin(client: &'c mut Conn, begin: &str) -> Result<Open<'c>, StoreError> {
        client.batch_execute(begin)?;
        Ok(Open {
            client,
            ended: false,
        })
    }

    fn commit(mut self) -> Result<(), StoreError> {
        self.ended = true;
        // a failed statement aborted the transaction: its COMMIT says ROLLBACK and is no
        // error, but the work did not return Ok then, so this is not reached
        self.client.batch_execute("COMMIT")?;
        Ok(())
    }
}

impl Drop for Open<'_> {
    fn drop(&mut self) {
        if !self.ended {
            self.client.discard_pending();
            let _ = self.client.batch_execute("ROLLBACK");
        }
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
        if index + 1 == schema::SEARCHABLE_NAMES_ADDED {
            records::fill_searchable_names(&mut transaction)?;
        }
        transaction.execute(
            "UPDATE schema_version SET version = $1",
            &[&(index as i32 + 1)],
        )?;
    }
    transaction.commit()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::concepts::Records;

    #[test]
    fn records_written_before_the_change_feed_are_in_it_once_each() {
        let Some(cluster) = gatecheck_testpg::TempCluster::start_or_skip_with(
            "records_written_before_the_change_feed_are_in_it_once_each",
            gatecheck_testpg::ClusterConfig {
                fsync: false,
                ..gatecheck_testpg::ClusterConfig::default()
            },
        ) else {
            return;
        };
        let url = cluster.connection_string();
        let feed_added = MIGRATIONS
            .iter()
            .position(|migration| migration.contains("CREATE TABLE record_change"))
            .unwrap();
        let mut client = Client::connect(&url, NoTls).unwrap();
        client
            .batch_execute(&format!(
                "CREATE TABLE schema_version (version INTEGER NOT NULL);
                 INSERT INTO schema_version VALUES ({feed_added});"
            ))
            .unwrap();
        for migration in &MIGRATIONS[..feed_added] {
            client.batch_execute(migration).unwrap();
        }
        // live, deleted, purged (its entity gone) and live: ordered by their last
        // change, the smaller id first at one moment
        client
            .batch_execute(
                "INSERT INTO member (id, name, country, admin, key_hash, created_at)
                     VALUES (1, 'jo', 'JOR', false, '\\x00', 0);
                 INSERT INTO record VALUES
                     (1, 1, 'a', '{}', 'all', 'a', '2030-01-01', 1, 300, NULL),
                     (2, 1, 'b', '{}', 'all', 'a', '2030-01-01', 1, 100, 500),
                     (3, 1, 'c', '', 'all', 'a', '2020-01-01', 2, 50, 200),
                     (4, 1, 'd', '{}', 'all', 'a', '2030-01-01', 1, 200, NULL);",
            )
            .unwrap();
        let store = PostgresStore::connect(&url).unwrap();
        let feed: Vec<(i64, i64, i64)> = store
            .changes_after(0, 10)
            .unwrap()
            .iter()
            .map(|change| (change.seq, change.record, change.at))
            .collect();
        assert_eq!(feed, [(1, 3, 200), (2, 4, 200), (3, 1, 300), (4, 2, 500)]);
        assert_eq!(store.last_change().unwrap(), 4);
    }

    #[test]
    fn records_written_before_their_names_were_searchable_are_found_after() {
        let Some(cluster) = gatecheck_testpg::TempCluster::start_or_skip_with(
            "records_written_before_their_names_were_searchable_are_found_after",
            gatecheck_testpg::ClusterConfig {
                fsync: false,
                ..gatecheck_testpg::ClusterConfig::default()
            },
        ) else {
            return;
        };
        let url = cluster.connection_string();
        let before = schema::SEARCHABLE_NAMES_ADDED - 1;
        assert!(MIGRATIONS[before].contains("searchable_names"));
        let mut client = Client::connect(&url, NoTls).unwrap();
        client
            .batch_execute(&format!(
                "CREATE TABLE schema_version (version INTEGER NOT NULL);
                 INSERT INTO schema_version VALUES ({before});"
            ))
            .unwrap();
        for migration in &MIGRATIONS[..before] {
            client.batch_execute(migration).unwrap();
        }
        // live, live, purged (its entity gone)
        client
            .batch_execute(
                r#"INSERT INTO member (id, name, country, admin, key_hash, created_at)
                     VALUES (1, 'jo', 'JOR', false, '\x00', 0);
                 INSERT INTO record (id, owner, entity_id, entity, access_level, action,
                                     review_by, version, updated_at, deleted_at)
                 VALUES
                     (1, 1, 'iq-1', '{"properties":{"name":["أبو بكر البغدادي"]}}',
                      'all', 'a', '2030-01-01', 1, 300, NULL),
                     (2, 1, 'iq-2', '{"properties":{"name":["Samir Haddad"],"alias":["Abu Bakr"]}}',
                      'all', 'a', '2030-01-01', 1, 200, NULL),
                     (3, 1, 'iq-3', '', 'all', 'a', '2020-01-01', 2, 100, 150);"#,
            )
            .unwrap();
        let store = PostgresStore::connect(&url).unwrap();
        let found = |text: &str| -> Vec<i64> {
            let (rows, total) = store.search_records(1, text, 10, 0).unwrap();
            assert_eq!(rows.len(), total, "{text}");
            rows.iter().map(|row| row.id).collect()
        };
        assert_eq!(found("البغدادي"), [1]);
        assert_eq!(found("abu bakr"), [2]);
        assert_eq!(found("haddad"), [2]);
        assert_eq!(found("iq-3"), Vec::<i64>::new());
        let names: Vec<String> = client
            .query("SELECT searchable_names FROM record ORDER BY id", &[])
            .unwrap()
            .iter()
            .map(|row| row.get(0))
            .collect();
        assert_eq!(names, ["ابو بكر البغدادي", "samir haddad\nabu bakr", ""]);
    }
}
