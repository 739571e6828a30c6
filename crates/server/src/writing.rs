//! The store's one writing connection, shared by every request, with the disk's waits
//! grouped (group commit).
//!
//! Every screening writes (its audit entry, its hits), and each commit waited for the disk
//! (`fsync`) under the store's lock: a client writing records beside the screening
//! benchmark waited 6 ms a write for the lock, and the processors stood half idle while
//! requests queued behind one another's `fsync`.
//!
//! So the wait moves out of the lock, as databases do with their logs: a write is
//! committed without waiting for the disk (`synchronous=NORMAL`), the lock is let go, and
//! the write-ahead log is then synced by [`AppState::make_durable`]: one sync covers every
//! write committed before it began, so requests that finish together share it. A request
//! is answered only once its write is on disk, so nothing is acknowledged that a crash
//! could lose (in WAL mode, `FULL` is `NORMAL` plus that same sync after each commit;
//! checkpoints sync either way).
//!
//! Writes that queue for the lock share a transaction (a group), each in a savepoint of
//! its own, so whole or nothing: a write leaves the group open when another waits for the
//! lock, and the last of a queue (or the [`GROUP_WRITES`]th) commits it; each is answered
//! once its group is committed and synced. A transaction a write cost 0.19 ms of the lock
//! (its `BEGIN`, savepoint and `COMMIT`, every page it touched written to the log again),
//! and the lock was held 40 % of the time beside the screening benchmark; grouped, 0.13 ms.
//! A write of records ends its group at once (the index reads them committed, see
//! [`AppState::write_indexed`]). Should the group's commit fail, every write in it is told.
//!
//! No lock is held across a sync. When one was (the durable count behind a mutex, taken
//! for the sync), a writer beside eight screenings waited 2.8 ms a write on average for
//! that mutex though its own syncs took 0.9 ms: each waiter in turn woke, took it, saw its
//! commit covered and passed it on, every hand-over waiting for a processor. Now a request
//! whose commit no sync under way covers starts one (at most [`SYNCS_AT_ONCE`]), the
//! others wait for the durable count to pass their commit and are woken together.
//!
//! A sync that fails stops the writes (screenings and audited reads too, as they keep
//! evidence) until a restart: the system may drop the pages it could not write, and a later
//! sync succeed without them, so no later write could be called durable (databases stop on
//! it too). `tests/failed_sync.rs` fails the sync (the `fault-injection` feature's
//! `AppState::with_log_sync`, built for the tests only).
//!
//! On PostgreSQL the same holds with PostgreSQL's log: a group of screenings commits
//! without waiting for it (its locks, which every node's writes take in turn, let go a
//! disk's wait sooner; a group that wrote records waits, see the store's `commit_group`),
//! and [`AppState::make_durable`] waits for the log on a connection of its own
//! ([`LogFlusher`]): a commit there waits for the disk up to itself, so for every commit
//! made before it, provided PostgreSQL did not crash between; the same round trip proves
//! that the writing connection's server process is still there (a crash ends every one).
//! A write committed on a connection that was lost before its wait is answered as failed
//! (its fate unknown), never as done; a lost waiting connection is simply replaced.
//!
//! Whoever takes the store by [`AppState::store`] instead (the console, the command line's
//! work) has commits that wait for the disk again, as before; the index's maintenance,
//! which writes nothing, only takes the lock ([`AppState::lock_writing`]).

use crate::backing::Connection;
use crate::{ApiError, AppState};
use gatecheck_store::concepts::Backend;
use gatecheck_store::postgres::{LogFlusher, ServerProcess};
use gatecheck_store::{Store, StoreError};
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard};

/// The writing connection behind the store's lock.
pub struct Writing {
    store: Connection,
    /// Whether commits leave the log's sync to [`AppState::make_durable`].
    sync_deferred: bool,
    /// Writes in the open group (0: no group open).
    in_open_group: usize,
}

/// Writes one group (transaction) takes at most: under a steady queue a group is ended
/// after this many, so that its first write does not wait on and on for its commit.
const GROUP_WRITES: usize = 32;

/// How long a write waits for its group to be ended by the write after it before it
/// takes the lock and ends the group itself (that write may have failed to take the lock).
const GROUP_END_WAIT: std::time::Duration = std::time::Duration::from_millis(50);

/// The groups ended whose writes were undone (a failed commit, or an error that undid the
/// transaction): the last few, for the writes still to learn their group's fate.
#[derive(Default)]
struct GroupsEnded {
    undone: std::collections::VecDeque<u64>,
}

/// Groups undone remembered: far more than writes wait at once.
const UNDONE_KEPT: usize = 1024;

/// The syncs of the log under way: how many, and the last commit the newest covers.
#[derive(Default)]
struct SyncsUnderWay {
    running: usize,
    covering: u64,
    /// Groups whose fate is unknown, `(after, up_to]`: committed on a PostgreSQL
    /// connection that was lost before a wait for the log proved them on disk.
    unknown: std::collections::VecDeque<(u64, u64)>,
}

/// Ranges of groups of unknown fate remembered: each is a lost connection.
const UNKNOWN_KEPT: usize = 64;

/// Why a sync of the log did not make the writes it covers durable.
enum Unsynced {
    /// The disk failed (SQLite): no later write can be called durable.
    Disk(StoreError),
    /// PostgreSQL's wait could not prove them on disk (a connection lost, the server
    /// restarted): those writes are answered as failed, later ones may well be proved.
    Unproven(String),
}

/// Syncs of the log under way at once. A commit made while a sync runs that does not
/// cover it starts the next at once rather than waiting for that one to end (under load a
/// sync took 0.9 ms, 3 ms at the 90th percentile; the writer beside the screening then
/// waited 3.4 ms a write for a sync started by another request, 3.8 ms with one sync at a
/// time). A sync begun later covers everything an earlier one does (`fdatasync` waits for
/// the pages the earlier one is writing), so the durable count only grows.
const SYNCS_AT_ONCE: usize = 2;

/// Which writes are committed and which of them are on disk (see the module's text).
pub struct Durability {
    /// Groups ended (committed, or undone), numbered in the order they were made (counted
    /// under the store's lock): the open group, if any, is number `made + 1`.
    made: AtomicU64,
    /// Writes in the groups ended, and in those known to be on disk (for `/metrics`).
    writes_ended: AtomicU64,
    writes_durable: AtomicU64,
    /// Writes waiting for the store's lock ([`AppState::write`]): while any does, the
    /// open group is left open for it.
    queued: AtomicUsize,
    /// The groups undone, changed with `made` for `group_ended`.
    groups: Mutex<GroupsEnded>,
    /// Told when a group ends.
    group_ended: Condvar,
    /// How many of them are known to be on disk.
    durable: AtomicU64,
    /// The syncs under way.
    syncing: Mutex<SyncsUnderWay>,
    /// Told when a sync ends.
    synced: Condvar,
    /// Whether a sync of the log failed: no write is taken after that, and none is
    /// answered as done that waited for a sync.
    failed: AtomicBool,
    /// How the log is synced: [`Store::sync_log`] (a test of a failing disk sets another).
    sync: fn(&Path) -> Result<(), StoreError>,
    /// On PostgreSQL, the server process of the writing connection whose groups commit
    /// without waiting for the log, and the connections that wait for it
    /// ([`LogFlusher`]), at most [`SYNCS_AT_ONCE`].
    process: Mutex<Option<ServerProcess>>,
    flushers: Mutex<Vec<LogFlusher>>,
}

impl Default for Durability {
    fn default() -> Durability {
        Durability {
            made: AtomicU64::new(0),
            writes_ended: AtomicU64::new(0),
            writes_durable: AtomicU64::new(0),
            queued: AtomicUsize::new(0),
            groups: Mutex::new(GroupsEnded::default()),
            group_ended: Condvar::new(),
            durable: AtomicU64::new(0),
            syncing: Mutex::new(SyncsUnderWay::default()),
            synced: Condvar::new(),
            failed: AtomicBool::new(false),
            sync: Store::sync_log,
            process: Mutex::new(None),
            flushers: Mutex::new(Vec::new()),
        }
    }
}

#[cfg(feature = "fault-injection")]
impl AppState {
    /// This state with the log synced by `sync`: for tests of a disk that fails (built
    /// only with the `fault-injection` feature).
    pub fn with_log_sync(mut self, sync: fn(&Path) -> Result<(), StoreError>) -> AppState {
        self.durability.sync = sync;
        self
    }
}

/// Why a write whose own work succeeded is refused: another write's failure undid the
/// transaction they shared.
const GROUP_UNDONE: &str = "the write was undone with the transaction it shared with other \
    writes, which failed (see the server's log); it may be tried again";

/// Why a write committed on PostgreSQL is refused when the wait for its log failed.
const LOG_UNPROVEN: &str = "the write could not be proved on disk (the connection to \
    PostgreSQL was lost, or the server restarted); it may or may not have been kept, and may \
    be tried again";

/// Why writes are refused after a failed sync of the write-ahead log.
const LOG_UNSYNCED: &str = "the write-ahead log could not be synced to disk; writes are refused \
    until the server is restarted (check the disk: SQLite recovers what was synced)";

impl Writing {
    pub fn new(store: Connection) -> Writing {
        Writing {
            store,
            sync_deferred: false,
            in_open_group: 0,
        }
    }
}

/// Runs `work` as one write of the open group, opening one if none is: what it answered,
/// and the number of the group it was (or would have been) written in.
fn write_in_group<T>(
    writing: &mut Writing,
    durability: &Durability,
    work: impl FnOnce(&mut dyn Backend) -> Result<T, ApiError>,
) -> (Result<T, ApiError>, u64) {
    // the group open, if any, is the next to end
    let group = durability.made.load(Ordering::SeqCst) + 1;
    if durability.failed.load(Ordering::SeqCst) {
        return (Err(ApiError::Internal(LOG_UNSYNCED.to_string())), group);
    }
    if !writing.sync_deferred {
        // no group is open: groups are opened only with commits deferred
        if let Err(error) = writing.store.set_commits_wait_for_disk(false) {
            return (Err(error.into()), group);
        }
        // on PostgreSQL, which server process commits: a wait for the log proves the
        // commits made before it only if that process lived through it
        match writing.store.server_process() {
            Ok(process) => {
                *durability
                    .process
                    .lock()
                    .unwrap_or_else(|poison| poison.into_inner()) = process;
            }
            Err(error) => return (Err(error.into()), group),
        }
        writing.sync_deferred = true;
    }
    if let Err(error) = writing.store.begin_group() {
        return (Err(error.into()), group);
    }
    writing.in_open_group += 1;
    (writing.store.in_group(work), group)
}

impl std::ops::Deref for Writing {
    type Target = dyn Backend;

    fn deref(&self) -> &(dyn Backend + 'static) {
        self.store.backend()
    }
}

impl std::ops::DerefMut for Writing {
    fn deref_mut(&mut self) -> &mut (dyn Backend + 'static) {
        self.store.backend_mut()
    }
}

/// The store taken by [`AppState::store`], under its lock: `&mut *taken` is the store.
pub(crate) struct Taken<'a>(MutexGuard<'a, Writing>);

impl std::ops::Deref for Taken<'_> {
    type Target = dyn Backend;

    fn deref(&self) -> &(dyn Backend + 'static) {
        self.0.store.backend()
    }
}

impl std::ops::DerefMut for Taken<'_> {
    fn deref_mut(&mut self) -> &mut (dyn Backend + 'static) {
        self.0.store.backend_mut()
    }
}

impl AppState {
    /// The store's lock, its commits left as they are: for work under the lock that writes
    /// nothing (the index's maintenance, which took [`AppState::store`] and so switched the
    /// commits to waiting for the disk and back again at every merge, over a hundred times
    /// a second beside a writer).
    pub(crate) fn lock_writing(&self) -> Result<MutexGuard<'_, Writing>, ApiError> {
        self.store
            .lock()
            .map_err(|_| ApiError::Internal("store lock poisoned".to_string()))
    }

    /// The store, for work done on its own: its commits wait for the disk. An open group
    /// is ended first (its writes learn how it went).
    pub(crate) fn store(&self) -> Result<Taken<'_>, ApiError> {
        let mut writing = self.lock_writing()?;
        self.reopen_if_closed(&mut writing)?;
        // a failed commit is the group's writes' error, not this caller's
        let _ = self.end_group(&mut writing);
        if writing.sync_deferred {
            writing.store.set_commits_wait_for_disk(true)?;
            writing.sync_deferred = false;
        }
        Ok(Taken(writing))
    }

    /// Runs `work` as one write, whole or nothing, and answers once it is on disk (see the
    /// module's text). `work` must not take the store itself.
    pub(crate) fn write<T>(
        &self,
        work: impl FnOnce(&mut dyn Backend) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        self.write_then(work, None::<fn(&dyn Backend, &T) -> Result<(), ApiError>>)
    }

    /// [`AppState::write`] of records (`work` answers the ids of those it changed), taken
    /// into the screening index under the same turn of the lock, right after the commit of
    /// its group (the index reads records committed): before the log's sync, which is
    /// safe, as whatever a screening answers from them is written after them and answered
    /// only once a sync covers it and them.
    pub(crate) fn write_indexed<T>(
        self: &std::sync::Arc<Self>,
        work: impl FnOnce(&mut dyn Backend) -> Result<(T, Vec<i64>), ApiError>,
    ) -> Result<T, ApiError> {
        let (done, _) = self.write_then(
            work,
            Some(|store: &dyn Backend, (_, changed): &(T, Vec<i64>)| {
                self.apply_changes(store, changed)
            }),
        )?;
        Ok(done)
    }

    /// Runs `work` as one write of the open group (see the module's text), then, when it
    /// succeeded, `after` with the group committed and the lock still held; answers once
    /// the write is on disk.
    fn write_then<T>(
        &self,
        work: impl FnOnce(&mut dyn Backend) -> Result<T, ApiError>,
        after: Option<impl FnOnce(&dyn Backend, &T) -> Result<(), ApiError>>,
    ) -> Result<T, ApiError> {
        let durability = &self.durability;
        let (done, group) = {
            // counted while waiting, so that the write before leaves the group open for it
            durability.queued.fetch_add(1, Ordering::SeqCst);
            let writing = self.lock_writing();
            durability.queued.fetch_sub(1, Ordering::SeqCst);
            let mut writing = writing?;
            self.reopen_if_closed(&mut writing)?;
            let (done, group) = write_in_group(&mut writing, durability, work);
            // the group ends here unless a write waits to join it (and the group has room),
            // and always before records are taken into the index, which reads them committed
            let ends = after.is_some()
                || writing.in_open_group >= GROUP_WRITES
                || durability.queued.load(Ordering::SeqCst) == 0;
            if ends {
                self.end_group(&mut writing)?;
            }
            if let (Ok(done), Some(after)) = (&done, after) {
                after(writing.store.backend(), done)?;
            }
            (done, group)
        };
        let done = done?;
        self.wait_for_group(group)?;
        self.make_durable(group)?;
        Ok(done)
    }

    /// Opens the writing connection again when the other side closed it (PostgreSQL
    /// restarted): the writes of a group open on it were lost with it, and are told so as
    /// the group ends; the write that found it closed failed, unacknowledged.
    fn reopen_if_closed(&self, writing: &mut Writing) -> Result<(), ApiError> {
        if !writing.store.is_closed() {
            return Ok(());
        }
        eprintln!("gatecheck serve: the store's connection was closed; connecting again");
        let _ = self.end_group(writing);
        {
            // the groups committed on it and not yet proved on disk: their fate is unknown
            let durability = &self.durability;
            let mut syncing = durability
                .syncing
                .lock()
                .unwrap_or_else(|poison| poison.into_inner());
            let durable = durability.durable.load(Ordering::SeqCst);
            let made = durability.made.load(Ordering::SeqCst);
            if made > durable {
                if syncing.unknown.len() == UNKNOWN_KEPT {
                    syncing.unknown.pop_front();
                }
                syncing.unknown.push_back((durable, made));
            }
            drop(syncing);
            durability.synced.notify_all();
        }
        writing.store = self.source.open_writer()?;
        writing.sync_deferred = false;
        writing.in_open_group = 0;
        Ok(())
    }

    /// Ends the open group, if any: commits it and counts it ended. On an error its writes
    /// are all undone, and the group is remembered as undone for them.
    fn end_group(&self, writing: &mut Writing) -> Result<(), ApiError> {
        if !writing.store.group_open() {
            return Ok(());
        }
        let writes = std::mem::take(&mut writing.in_open_group);
        let committed = writing.store.commit_group();
        let durability = &self.durability;
        {
            // counted off even if another holder panicked: waiters must not hang
            let mut groups = durability
                .groups
                .lock()
                .unwrap_or_else(|poison| poison.into_inner());
            // the writes before the group: a sync that sees the group sees them
            durability
                .writes_ended
                .fetch_add(writes as u64, Ordering::SeqCst);
            let number = durability.made.fetch_add(1, Ordering::SeqCst) + 1;
            if let Err(error) = &committed {
                eprintln!("gatecheck serve: a group of {writes} writes was undone: {error}");
                if groups.undone.len() == UNDONE_KEPT {
                    groups.undone.pop_front();
                }
                groups.undone.push_back(number);
            }
        }
        durability.group_ended.notify_all();
        committed.map_err(ApiError::from)
    }

    /// Returns once group number `group` has ended, committed: its last write ends it, or
    /// the write waiting for the lock after it; should that write not come, this one ends
    /// it after [`GROUP_END_WAIT`].
    fn wait_for_group(&self, group: u64) -> Result<(), ApiError> {
        let durability = &self.durability;
        fn poisoned<E>(_: E) -> ApiError {
            ApiError::Internal("group lock poisoned".to_string())
        }
        let mut groups = durability.groups.lock().map_err(poisoned)?;
        while durability.made.load(Ordering::SeqCst) < group {
            let (again, waited) = durability
                .group_ended
                .wait_timeout(groups, GROUP_END_WAIT)
                .map_err(poisoned)?;
            groups = again;
            if waited.timed_out() && durability.made.load(Ordering::SeqCst) < group {
                drop(groups);
                {
                    let mut writing = self.lock_writing()?;
                    if durability.made.load(Ordering::SeqCst) < group {
                        // how it went is read below, as every write of the group reads it
                        let _ = self.end_group(&mut writing);
                    }
                }
                groups = durability.groups.lock().map_err(poisoned)?;
            }
        }
        if groups.undone.contains(&group) {
            return Err(ApiError::Internal(GROUP_UNDONE.to_string()));
        }
        Ok(())
    }

    /// Returns once group number `commit` is on disk (it has ended): the write-ahead log is
    /// synced, once for every group ended before the sync began, unless a sync begun after
    /// it did so.
    fn make_durable(&self, commit: u64) -> Result<(), ApiError> {
        let durability = &self.durability;
        let unsynced = || ApiError::Internal(LOG_UNSYNCED.to_string());
        let poisoned = |_| ApiError::Internal("durability lock poisoned".to_string());
        let mut syncing = durability.syncing.lock().map_err(poisoned)?;
        loop {
            if durability.failed.load(Ordering::SeqCst) {
                return Err(unsynced());
            }
            let unknown = |&(after, up_to): &(u64, u64)| commit > after && commit <= up_to;
            if syncing.unknown.iter().any(unknown) {
                return Err(ApiError::Internal(LOG_UNPROVEN.to_string()));
            }
            if durability.durable.load(Ordering::SeqCst) >= commit {
                return Ok(());
            }
            // a sync under way covers it, or as many run as may: wait for one to end
            let covered_by_one = syncing.running > 0 && syncing.covering >= commit;
            if !covered_by_one && syncing.running < SYNCS_AT_ONCE {
                break;
            }
            syncing = durability.synced.wait(syncing).map_err(poisoned)?;
        }
        // this request syncs: no sync under way covers its commit
        // every commit counted now was written to the log before the sync begins
        let covered = durability.made.load(Ordering::SeqCst);
        // at least the writes of those groups (counted before each group is)
        let covered_writes = durability.writes_ended.load(Ordering::SeqCst);
        syncing.running += 1;
        syncing.covering = syncing.covering.max(covered);
        drop(syncing);
        let synced = match self.source.directory() {
            Some(directory) => (durability.sync)(directory).map_err(Unsynced::Disk),
            None => self.wait_for_postgresql_log(),
        };
        match &synced {
            Ok(()) => {
                durability.durable.fetch_max(covered, Ordering::SeqCst);
                let before = durability
                    .writes_durable
                    .fetch_max(covered_writes, Ordering::SeqCst);
                self.metrics
                    .add_log_sync(covered_writes.saturating_sub(before));
            }
            Err(Unsynced::Unproven(reason)) => {
                eprintln!("gatecheck serve: {LOG_UNPROVEN}: {reason}");
            }
            Err(Unsynced::Disk(error)) => {
                // after a failed sync the system may drop the pages it could not write and
                // a later sync succeed without them: no later write can be called durable,
                // so writes stop (and screenings, which keep evidence) until a restart
                eprintln!("gatecheck serve: {LOG_UNSYNCED}: {error}");
                durability.failed.store(true, Ordering::SeqCst);
            }
        }
        // counted off even if another holder panicked: waiters must not hang
        let mut syncing = durability
            .syncing
            .lock()
            .unwrap_or_else(|poison| poison.into_inner());
        syncing.running -= 1;
        drop(syncing);
        durability.synced.notify_all();
        synced.map_err(|failure| match failure {
            Unsynced::Disk(_) => unsynced(),
            Unsynced::Unproven(_) => ApiError::Internal(LOG_UNPROVEN.to_string()),
        })
    }

    /// Waits for PostgreSQL's log to reach the disk for every group committed so far, on a
    /// connection of its own ([`LogFlusher`]), and proves that the writing connection's
    /// server process lived through (no crash lost a commit between): groups committed
    /// without waiting are on disk once this returns `Ok`. A lost waiting connection is
    /// replaced once.
    fn wait_for_postgresql_log(&self) -> Result<(), Unsynced> {
        let durability = &self.durability;
        let process = durability
            .process
            .lock()
            .unwrap_or_else(|poison| poison.into_inner())
            .clone();
        // no group was committed without waiting for the log
        let Some(process) = process else {
            return Ok(());
        };
        let mut last_error = String::new();
        for _ in 0..2 {
            let kept = durability
                .flushers
                .lock()
                .unwrap_or_else(|poison| poison.into_inner())
                .pop();
            let mut flusher = match kept {
                Some(flusher) => flusher,
                None => match self.source.open_flusher() {
                    Ok(Some(flusher)) => flusher,
                    Ok(None) => return Ok(()),
                    Err(error) => return Err(Unsynced::Unproven(error.to_string())),
                },
            };
            match flusher.flush(&process) {
                Ok(alive) => {
                    durability
                        .flushers
                        .lock()
                        .unwrap_or_else(|poison| poison.into_inner())
                        .push(flusher);
                    return if alive {
                        Ok(())
                    } else {
                        Err(Unsynced::Unproven(
                            "the writing connection's server process is gone".to_string(),
                        ))
                    };
                }
                // the waiting connection was lost: another is opened, once
                Err(error) => last_error = error.to_string(),
            }
        }
        Err(Unsynced::Unproven(last_error))
    }
}

#[cfg(test)]
mod tests {
    use crate::{ApiConfig, ApiError, AppState};
    use gatecheck_service::audit;
    use gatecheck_store::{AuditEntry, Store};
    use std::sync::atomic::Ordering;
    use std::sync::Arc;

    fn clock() -> i64 {
        1_795_910_400
    }

    fn entry(subject: &str) -> AuditEntry {
        AuditEntry {
            at: clock(),
            actor: "test".to_string(),
            action: "test.write".to_string(),
            digest: audit::digest_of(subject.as_bytes()),
            subject: subject.to_string(),
        }
    }

    /// Writes from many threads at once share transactions (groups); a write that fails
    /// after writing is undone alone, the others of its group kept; every write answered
    /// is on disk, and the audit chain runs whole through the groups.
    #[test]
    fn writes_at_once_share_groups_and_a_failed_one_is_undone_alone() {
        let directory = tempfile::tempdir().unwrap();
        let store = Store::open(directory.path()).unwrap();
        let state = Arc::new(AppState::new(store, ApiConfig::default(), clock).unwrap());
        let threads = 8;
        let each = 40;
        let handles: Vec<_> = (0..threads)
            .map(|thread| {
                let state = Arc::clone(&state);
                std::thread::spawn(move || {
                    let mut kept = Vec::new();
                    for at in 0..each {
                        let subject = format!("write {thread}-{at}");
                        // every fifth write fails after its audit entry is written
                        let fails = at % 5 == 4;
                        let written = state.write(|store| {
                            store.append_audit(&entry(&subject), &audit::chain_hash)?;
                            if fails {
                                return Err(ApiError::Internal("refused".to_string()));
                            }
                            Ok(())
                        });
                        assert_eq!(written.is_ok(), !fails, "{subject}");
                        if !fails {
                            kept.push(subject);
                        }
                    }
                    kept
                })
            })
            .collect();
        let kept: Vec<String> = handles
            .into_iter()
            .flat_map(|handle| handle.join().unwrap())
            .collect();
        assert_eq!(kept.len(), threads * each * 4 / 5);
        // read by another connection: what was answered is committed, nothing else is
        let reader = Store::open_reader(directory.path()).unwrap();
        let subjects: Vec<String> = reader
            .audit_entries(1, i64::MAX)
            .unwrap()
            .into_iter()
            .map(|row| row.subject)
            .filter(|subject| subject.starts_with("write "))
            .collect();
        let mut expected = kept.clone();
        expected.sort();
        let mut written = subjects.clone();
        written.sort();
        assert_eq!(written, expected);
        assert!(matches!(
            audit::verify(&reader, None).unwrap(),
            audit::Verdict::Intact { .. }
        ));
        // the groups were fewer than the writes (eight threads kept the lock busy)
        let groups = state.durability.made.load(Ordering::SeqCst);
        assert!(groups < (threads * each) as u64, "{groups} groups");
        assert!(groups > 0);
    }

    /// A write leaves its group open for a write said to wait for the lock; should that
    /// one never come, the first ends the group itself and is answered.
    #[test]
    fn a_write_whose_follower_never_comes_ends_its_group_itself() {
        let directory = tempfile::tempdir().unwrap();
        let store = Store::open(directory.path()).unwrap();
        let state = AppState::new(store, ApiConfig::default(), clock).unwrap();
        // a write counted as waiting that never takes the lock
        state.durability.queued.fetch_add(1, Ordering::SeqCst);
        let began = std::time::Instant::now();
        state
            .write(|store| Ok(store.append_audit(&entry("alone"), &audit::chain_hash)?))
            .unwrap();
        assert!(began.elapsed() >= super::GROUP_END_WAIT);
        let reader = Store::open_reader(directory.path()).unwrap();
        let rows = reader.audit_entries(1, i64::MAX).unwrap();
        assert!(rows.iter().any(|row| row.subject == "alone"));
    }
}
