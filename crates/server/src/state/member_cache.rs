//! The members a node authenticated, kept so that a request's key is checked without a
//! round trip to PostgreSQL (one a request: two nodes answered 1,280 screenings a second
//! with it, 1,490 without, at 200,000 persons).
//!
//! Kept only while the node hears every write of members ([`AppState::hear_member_changes`]):
//! the PostgreSQL store notifies each (added, contact changed, revoked) as it commits, and
//! the node's follower, listening, forgets every kept member when it hears one
//! ([`AppState::members_changed`]), and when its listener is lost or connected anew (what was
//! written meanwhile is not heard). Not on SQLite, whose read is in the process, and where
//! `gatecheck member revoke` writes without a node hearing it.
//!
//! So a member revoked is refused by every node once it hears the notification (milliseconds,
//! as a record written is screened against), and a member read is trusted for at most
//! [`TRUSTED_FOR`] in any case, should a listener's connection be cut without it knowing.
//! A member read while a write of members was heard is not kept (the read may be older than
//! the write): each forgetting starts a new generation, and only a read begun in the current
//! one is kept.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use gatecheck_store::MemberRow;

use crate::{ApiError, AppState};

/// How long a member read is trusted at most, heard of or not.
pub const TRUSTED_FOR: Duration = Duration::from_secs(1);

/// Members kept at most: past it all are forgotten (keys naming members that do not exist
/// are kept as "none", so a flood of them would otherwise grow it).
const KEPT_AT_MOST: usize = 4096;

#[derive(Default)]
pub(crate) struct MemberCache {
    /// Whether every write of members is heard: nothing is kept otherwise.
    heard: bool,
    /// Counts the forgettings: a read is kept only in the generation it began in.
    generation: u64,
    /// Each member read (none: no member has the id) and when its read began.
    kept: HashMap<i64, (Option<MemberRow>, Instant)>,
}

impl AppState {
    /// Whether the node hears every write of members (its follower listens on PostgreSQL):
    /// members it authenticates are kept only while it does. Either way, what was kept is
    /// forgotten (a listener connected anew has not heard what was written before).
    pub fn hear_member_changes(&self, heard: bool) {
        let mut cache = self.lock_members();
        cache.heard = heard;
        forget(&mut cache);
    }

    /// A write of members was heard: every member kept is forgotten.
    pub fn members_changed(&self) {
        forget(&mut self.lock_members());
    }

    /// Member `id` (none if there is no such member): as kept, or read from the store.
    pub(crate) fn member_by_id(&self, id: i64) -> Result<Option<MemberRow>, ApiError> {
        let began = Instant::now();
        let generation = {
            let cache = self.lock_members();
            if !cache.heard {
                None
            } else {
                match cache.kept.get(&id) {
                    Some((row, read)) if read.elapsed() < TRUSTED_FOR => return Ok(row.clone()),
                    _ => Some(cache.generation),
                }
            }
        };
        let row = self.with_reader(|reader| Ok(reader.member_by_id(id)?))?;
        if let Some(generation) = generation {
            let mut cache = self.lock_members();
            if cache.heard && cache.generation == generation {
                if cache.kept.len() >= KEPT_AT_MOST {
                    cache.kept.clear();
                }
                cache.kept.insert(id, (row.clone(), began));
            }
        }
        Ok(row)
    }

    fn lock_members(&self) -> std::sync::MutexGuard<'_, MemberCache> {
        // what is kept is only ever a copy of the store's: a holder that panicked left it
        // whole or emptied
        self.members
            .lock()
            .unwrap_or_else(|poison| poison.into_inner())
    }
}

fn forget(cache: &mut MemberCache) {
    cache.kept.clear();
    cache.generation += 1;
}
