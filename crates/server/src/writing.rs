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
//! A sync that fails stops the writes (screenings too, as they keep evidence) until a
//! restart: the system may drop the pages it could not write, and a later sync succeed
//! without them, so no later write could be called durable (databases stop on it too).
//!
//! Whoever takes the store by [`AppState::store`] instead (the console, the index's
//! maintenance) has commits that wait for the disk again, as before.

use crate::{ApiError, AppState};
use gatecheck_store::Store;
use std::sync::atomic::Ordering;
use std::sync::MutexGuard;

/// The writing connection behind the store's lock.
pub struct Writing {
    store: Store,
    /// Whether commits leave the log's sync to [`AppState::make_durable`].
    sync_deferred: bool,
    /// Whether a sync of the log failed: no write is taken after that.
    log_unsynced: bool,
}

/// Why writes are refused after a failed sync of the write-ahead log.
const LOG_UNSYNCED: &str = "the write-ahead log could not be synced to disk; writes are refused \
    until the server is restarted (check the disk: SQLite recovers what was synced)";

impl Writing {
    pub fn new(store: Store) -> Writing {
        Writing {
            store,
            sync_deferred: false,
            log_unsynced: false,
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
    fn lock_writing(&self) -> Result<MutexGuard<'_, Writing>, ApiError> {
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
            if writing.log_unsynced {
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
            let commit = self.commits_made.fetch_add(1, Ordering::SeqCst) + 1;
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
        let mut durable = self
            .commits_durable
            .lock()
            .map_err(|_| ApiError::Internal("durable lock poisoned".to_string()))?;
        if *durable >= commit {
            return Ok(());
        }
        // every commit counted now was written to the log before the sync begins
        let covered = self.commits_made.load(Ordering::SeqCst);
        if let Err(error) = Store::sync_log(&self.directory) {
            // after a failed sync the system may drop the pages it could not write and a
            // later sync succeed without them: no later write can be called durable, so
            // writes stop (and screenings, which keep evidence) until a restart
            eprintln!("gatecheck serve: {LOG_UNSYNCED}: {error}");
            if let Ok(mut writing) = self.store.lock() {
                writing.log_unsynced = true;
            }
            return Err(error.into());
        }
        self.metrics.add_log_sync(covered - *durable);
        *durable = covered;
        Ok(())
    }
}
