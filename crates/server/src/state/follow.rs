//! Following the store's change feed: the records any writer changed (another node,
//! another process) taken into the index in the feed's order; and on a new day, records
//! past their review date purged and the feed pruned.

use super::AppState;
use crate::{day, ApiError};
use gatecheck_service::records;
use std::sync::Arc;

impl AppState {
    /// Takes into the index every record changed since the last look by any writer (another
    /// node on the same PostgreSQL store, another process importing into the same data
    /// directory), in the order of the store's change feed; returns how many changes it
    /// took. Called by `gatecheck serve` when the feed wakes it (PostgreSQL) and about
    /// once a second.
    pub fn follow_store(self: &Arc<Self>) -> Result<usize, ApiError> {
        let now = (self.clock)();
        let today = day(now);
        let new_day = {
            let mut last_day = self
                .last_day
                .lock()
                .map_err(|_| ApiError::Internal("day lock poisoned".to_string()))?;
            let new_day = *last_day != today;
            *last_day = today.clone();
            new_day
        };
        if new_day {
            // a new day: records past their review date are purged, and the index is
            // rebuilt without them
            let mut store = self.store()?;
            let purged = records::purge_expired(&mut *store, &today, "server:review", now)?
                + gatecheck_service::documents::purge_expired(
                    &mut *store,
                    &today,
                    "server:review",
                    now,
                )?;
            if purged > 0 {
                eprintln!("gatecheck serve: purged {purged} records past their review date");
            }
            // and the change feed keeps its newest changes (it grows with every record
            // written; nothing but followers, seconds behind, reads it)
            let followed = *self
                .followed
                .lock()
                .map_err(|_| ApiError::Internal("follow lock poisoned".to_string()))?;
            let before = followed - self.config.kept_changes.max(1) + 1;
            if before > 1 {
                store.prune_changes(before)?;
            }
            drop(store);
            self.start_rebuild();
        }
        self.write_refusals(true);
        let mut taken = 0;
        loop {
            // under the store's lock, as every change of the index is
            let store = self.store()?;
            let mut followed = self
                .followed
                .lock()
                .map_err(|_| ApiError::Internal("follow lock poisoned".to_string()))?;
            let changes = store.changes_after(*followed, FOLLOWED_AT_ONCE)?;
            let Some(last) = changes.last().map(|change| change.seq) else {
                return Ok(taken);
            };
            if changes[0].seq != *followed + 1 {
                // changes were pruned before this node took them: it cannot know which
                // records changed, so it builds the index afresh
                eprintln!(
                    "gatecheck serve: the change feed starts at {} after {}: rebuilding the index",
                    changes[0].seq, *followed
                );
                *followed = last;
                drop((followed, store));
                self.start_rebuild();
                return Ok(taken + changes.len());
            }
            let mut ids: Vec<i64> = changes.iter().map(|change| change.record).collect();
            ids.sort_unstable();
            ids.dedup();
            self.apply_changes(&*store, &ids)?;
            *followed = last;
            drop((followed, store));
            self.screen_again(ids);
            taken += changes.len();
            if changes.len() < FOLLOWED_AT_ONCE {
                return Ok(taken);
            }
        }
    }
}

impl AppState {
    /// Screens the screenings of the last days again against the records `changed`, off
    /// the follower's thread (a run over a million screenings takes a minute), one run at a
    /// time in the feed's order; what it raises is written as any hit is.
    fn screen_again(self: &Arc<Self>, changed: Vec<i64>) {
        let days = self.config.retro_days;
        if days == 0 || changed.is_empty() {
            return;
        }
        let state = Arc::clone(self);
        // taken before the thread starts, so that runs keep the feed's order
        let turn = Arc::clone(&self.retro);
        std::thread::spawn(move || {
            let _turn = turn
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            let now = (state.clock)();
            let run = || -> Result<gatecheck_service::retro::RetroReport, ApiError> {
                gatecheck_service::retro::forget_old(&*state, days, now)?;
                let index = state.index()?;
                let settings = state.retro_settings();
                gatecheck_service::retro::screen_again(
                    &index,
                    &*state,
                    &changed,
                    settings,
                    days,
                    "server:retro",
                    now,
                )
            };
            match run() {
                Ok(report) if report.hits > 0 => eprintln!(
                    "gatecheck serve: screened {} screenings of the last {days} days again \
                     against {} records changed: {} new hits",
                    report.screenings, report.records, report.hits
                ),
                Ok(_) => {}
                Err(error) => eprintln!("gatecheck serve: screening again failed: {error}"),
            }
        });
    }
}

impl AppState {
    /// Looks the document look-ups of the last days up again for the document `number`
    /// just written (reported lost or stolen, or changed), off the handler's thread, in the
    /// same turns as [`AppState::screen_again`]. Documents are not in the change feed
    /// (they are looked up in the store, not indexed): the node that writes one looks it
    /// up again. The numbers written while a run waits for its turn are looked up again
    /// by that run: a write starts a run only when none waits.
    pub(crate) fn screen_documents_again(self: &Arc<Self>, number: String) {
        let days = self.config.retro_days;
        if days == 0 {
            return;
        }
        let run_waiting = {
            let mut waiting = self
                .retro_documents
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            let run_waiting = !waiting.is_empty();
            waiting.insert(number);
            run_waiting
        };
        if run_waiting {
            // the run started for the numbers already waiting takes this one too: a burst
            // of writes starts one thread, not one a write
            return;
        }
        let state = Arc::clone(self);
        let turn = Arc::clone(&self.retro);
        std::thread::spawn(move || {
            let _turn = turn
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            let numbers = std::mem::take(
                &mut *state
                    .retro_documents
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner),
            );
            let now = (state.clock)();
            let run = || -> Result<gatecheck_service::retro::RetroReport, ApiError> {
                let index = state.index()?;
                let settings = state.retro_settings();
                gatecheck_service::retro::screen_documents_again(
                    &index,
                    &*state,
                    Some(&numbers),
                    settings,
                    days,
                    "server:retro",
                    now,
                )
            };
            match run() {
                Ok(report) if report.hits > 0 => eprintln!(
                    "gatecheck serve: looked {} document look-ups of the last {days} days up \
                     again against {} documents written: {} new hits",
                    report.screenings,
                    numbers.len(),
                    report.hits
                ),
                Ok(_) => {}
                Err(error) => eprintln!("gatecheck serve: looking up again failed: {error}"),
            }
        });
    }
}

impl AppState {
    /// The server's settings as screening again uses them: never merging sightings
    /// (`retro` keeps its own rule).
    fn retro_settings(&self) -> gatecheck_service::screen::Settings<'_> {
        gatecheck_service::screen::Settings {
            limit: self.config.limit,
            threshold: self.config.threshold,
            matching: &self.config.matching,
            shift_seconds: 0,
        }
    }
}

/// Changes of the feed taken into the index at once (a segment of the index each).
const FOLLOWED_AT_ONCE: usize = 10_000;
