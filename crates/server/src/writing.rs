//! The store's one writing connection, shared by every request with group commit.
//!
//! Every screening writes (its audit entry, its hits), and each commit waits for the disk.
//! One commit a request made the store's lock the server's bottleneck: a client writing
//! records beside the screening benchmark waited 6 ms a write for the lock and screening
//! lost a third of its rate, the processors half idle while requests waited on `fsync`.
//!
//! So writes are grouped, as databases do with their logs: a request takes the lock, opens
//! the group's transaction if none is open, and runs its write in a savepoint of it (undone
//! alone when it fails). If another request is waiting for the lock, it leaves the commit to
//! that one and waits until its group is committed; the last of a run commits for all. A
//! request is answered only once its group is on disk, so nothing is acknowledged that a
//! crash could lose. A group is committed after [`MAX_GROUP_WRITES`] writes or
//! [`MAX_GROUP_AGE`] at the latest, so that a steady stream cannot hold one open.
//!
//! Whoever takes the store by [`AppState::store`] instead (the console, the index's
//! maintenance) commits the open group first: what it does is then on its own, and the
//! index is only ever brought up to date from committed records.

use crate::{ApiError, AppState};
use gatecheck_store::Store;
use std::sync::atomic::Ordering;
use std::sync::MutexGuard;
use std::time::{Duration, Instant};

/// Writes in one group at most.
pub const MAX_GROUP_WRITES: usize = 256;

/// How long a group stays open at most while requests keep joining it.
pub const MAX_GROUP_AGE: Duration = Duration::from_millis(20);

/// Failed groups remembered, so that a request woken late still learns its group failed.
const FAILURES_KEPT: usize = 64;

/// The writing connection and its open group, behind the store's lock.
pub struct Writing {
    store: Store,
    group: Option<OpenGroup>,
    /// The last group committed (or failed): groups are numbered from 1.
    committed: u64,
    /// The latest failed groups and why.
    failures: std::collections::VecDeque<(u64, String)>,
}

struct OpenGroup {
    number: u64,
    writes: usize,
    opened: Instant,
}

impl Writing {
    pub fn new(store: Store) -> Writing {
        Writing {
            store,
            group: None,
            committed: 0,
            failures: std::collections::VecDeque::new(),
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
    /// Takes the store's lock, counted as waiting meanwhile: a request that holds the
    /// lock leaves the commit to a waiting one.
    fn lock_writing(&self) -> Result<MutexGuard<'_, Writing>, ApiError> {
        self.writers_waiting.fetch_add(1, Ordering::SeqCst);
        let locked = self.store.lock();
        self.writers_waiting.fetch_sub(1, Ordering::SeqCst);
        locked.map_err(|_| ApiError::Internal("store lock poisoned".to_string()))
    }

    /// The store, for work done on its own: the open group is committed first, so that
    /// nothing written now is answered before it is on disk, and reads see only what is.
    pub(crate) fn store(&self) -> Result<MutexGuard<'_, Writing>, ApiError> {
        let mut writing = self.lock_writing()?;
        self.commit_group(&mut writing);
        Ok(writing)
    }

    /// Runs `work` as one write of a group (see the module's text) and answers once the
    /// group is on disk. `work` must not take the store itself.
    pub(crate) fn write<T>(
        &self,
        work: impl FnOnce(&mut Store) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        let mut writing = self.lock_writing()?;
        let number = match &writing.group {
            Some(group) => group.number,
            None => {
                writing.store.begin_group()?;
                let number = writing.committed + 1;
                writing.group = Some(OpenGroup {
                    number,
                    writes: 0,
                    opened: Instant::now(),
                });
                number
            }
        };
        let done = writing.store.in_group(work);
        let full = writing.group.as_mut().is_some_and(|group| {
            group.writes += 1;
            group.writes >= MAX_GROUP_WRITES || group.opened.elapsed() >= MAX_GROUP_AGE
        });
        if full || self.writers_waiting.load(Ordering::SeqCst) == 0 {
            self.commit_group(&mut writing);
        } else if done.is_ok() {
            // a request waiting for the lock commits this group, or leaves it to the next
            while writing.committed < number {
                writing = self
                    .group_committed
                    .wait(writing)
                    .map_err(|_| ApiError::Internal("store lock poisoned".to_string()))?;
            }
        }
        if done.is_ok() {
            if let Some((_, why)) = writing.failures.iter().find(|(group, _)| *group == number) {
                return Err(ApiError::Internal(format!(
                    "the write was not kept: its group's commit failed: {why}"
                )));
            }
        }
        done
    }

    /// Commits the open group, if any, and wakes the requests waiting for it.
    fn commit_group(&self, writing: &mut Writing) {
        let Some(group) = writing.group.take() else {
            return;
        };
        if let Err(error) = writing.store.commit_group() {
            eprintln!(
                "gatecheck serve: a group of {} writes was not committed: {error}",
                group.writes
            );
            writing
                .failures
                .push_back((group.number, error.to_string()));
            if writing.failures.len() > FAILURES_KEPT {
                writing.failures.pop_front();
            }
        }
        writing.committed = group.number;
        self.metrics.add_group(group.writes);
        self.group_committed.notify_all();
    }
}
