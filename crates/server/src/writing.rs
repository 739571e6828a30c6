//! The store's one writing connection, shared by every request, with the disk's waits
//! grouped (group commit).
//!
//! Every screening writes (its audit entry, its hits), and each commit waited for the disk
//! (`fsync`) under the store's lock: a client writing records beside the screening
//! benchmark waited 6 ms a write for the lock, and the processors stood half idle while
//! requests queued behind one another's `fsync`.
//!
//! So the wait moves out of the lock, as databases do with their logs: a write is
//! committed in a transaction of its own (whole or nothing) without waiting for the disk
//! (`synchronous=NORMAL`), the lock is let go, and the write-ahead log is then synced by
//! [`AppState::make_durable`]: one sync covers every write committed before it began, so
//! requests that finish together share it. A request is answered only once its write is
//! on disk, so nothing is acknowledged that a crash could lose (in WAL mode, `FULL` is
//! `NORMAL` plus that same sync after each commit; checkpoints sync either way).
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
//! Whoever takes the store by [`AppState::store`] instead (the console, the command line's
//! work) has commits that wait for the disk again, as before; the index's maintenance,
//! which writes nothing, only takes the lock ([`AppState::lock_writing`]).

use crate::{ApiError, AppState};
use gatecheck_store::{Store, StoreError};
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard};

/// The writing connection behind the store's lock.
pub struct Writing {
    store: Store,
    /// Whether commits leave the log's sync to [`AppState::make_durable`].
    sync_deferred: bool,
}

/// The syncs of the log under way: how many, and the last commit the newest covers.
#[derive(Default)]
struct SyncsUnderWay {
    running: usize,
    covering: u64,
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
    /// Writes committed, numbered in the order they were made (counted under the store's
    /// lock).
    made: AtomicU64,
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
}

impl Default for Durability {
    fn default() -> Durability {
        Durability {
            made: AtomicU64::new(0),
            durable: AtomicU64::new(0),
            syncing: Mutex::new(SyncsUnderWay::default()),
            synced: Condvar::new(),
            failed: AtomicBool::new(false),
            sync: Store::sync_log,
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

/// Why writes are refused after a failed sync of the write-ahead log.
const LOG_UNSYNCED: &str = "the write-ahead log could not be synced to disk; writes are refused \
    until the server is restarted (check the disk: SQLite recovers what was synced)";

impl Writing {
    pub fn new(store: Store) -> Writing {
        Writing {
            store,
            sync_deferred: false,
        }
    }
}

impl std::ops::Deref for Writing {
    type Target = Store;

    fn deref(&self) -> &Store {
        &self.store
    }
}

impl std::ops::DerefMut for Writing {
    fn deref_mut(&mut self) -> &mut Store {
        &mut self.store
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

    /// The store, for work done on its own: its commits wait for the disk.
    pub(crate) fn store(&self) -> Result<MutexGuard<'_, Writing>, ApiError> {
        let mut writing = self.lock_writing()?;
        if writing.sync_deferred {
            writing.store.set_commits_wait_for_disk(true)?;
            writing.sync_deferred = false;
        }
        Ok(writing)
    }

    /// Runs `work` as one write, whole or nothing, and answers once it is on disk (see the
    /// module's text). `work` must not take the store itself.
    pub(crate) fn write<T>(
        &self,
        work: impl FnOnce(&mut Store) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        self.write_then(work, |_, _| Ok(()))
    }

    /// [`AppState::write`] of records (`work` answers the ids of those it changed), taken
    /// into the screening index under the same turn of the lock, right after the commit:
    /// before the log's sync, which is safe, as whatever a screening answers from them is
    /// written after them and answered only once a sync covers it and them.
    pub(crate) fn write_indexed<T>(
        self: &std::sync::Arc<Self>,
        work: impl FnOnce(&mut Store) -> Result<(T, Vec<i64>), ApiError>,
    ) -> Result<T, ApiError> {
        let (done, _) = self.write_then(work, |store, (_, changed)| {
            self.apply_changes(store, changed)
        })?;
        Ok(done)
    }

    /// Runs `work` as one write, then `after` (with the write committed, the lock still
    /// held) when it succeeded; answers once the write is on disk.
    fn write_then<T>(
        &self,
        work: impl FnOnce(&mut Store) -> Result<T, ApiError>,
        after: impl FnOnce(&Store, &T) -> Result<(), ApiError>,
    ) -> Result<T, ApiError> {
        let (done, commit) = {
            let mut writing = self.lock_writing()?;
            if self.durability.failed.load(Ordering::SeqCst) {
                return Err(ApiError::Internal(LOG_UNSYNCED.to_string()));
            }
            if !writing.sync_deferred {
                writing.store.set_commits_wait_for_disk(false)?;
                writing.sync_deferred = true;
            }
            writing.store.begin_group()?;
            let done = writing.store.in_group(work);
            writing.store.commit_group()?;
            // counted under the lock: commits are numbered in the order they were made
            let commit = self.durability.made.fetch_add(1, Ordering::SeqCst) + 1;
            if let Ok(done) = &done {
                after(&writing.store, done)?;
            }
            (done, commit)
        };
        if done.is_ok() {
            self.make_durable(commit)?;
        }
        done
    }

    /// Returns once commit number `commit` is on disk: the write-ahead log is synced, once
    /// for every commit made before the sync began, unless a sync begun after it did so.
    fn make_durable(&self, commit: u64) -> Result<(), ApiError> {
        let durability = &self.durability;
        let unsynced = || ApiError::Internal(LOG_UNSYNCED.to_string());
        let poisoned = |_| ApiError::Internal("durability lock poisoned".to_string());
        let mut syncing = durability.syncing.lock().map_err(poisoned)?;
        loop {
            if durability.failed.load(Ordering::SeqCst) {
                return Err(unsynced());
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
        syncing.running += 1;
        syncing.covering = syncing.covering.max(covered);
        drop(syncing);
        let synced = (durability.sync)(&self.directory);
        match &synced {
            Ok(()) => {
                let before = durability.durable.fetch_max(covered, Ordering::SeqCst);
                self.metrics.add_log_sync(covered.saturating_sub(before));
            }
            Err(error) => {
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
        synced.map_err(|_| unsynced())
    }
}
