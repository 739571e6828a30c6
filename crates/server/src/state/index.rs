//! The screening index's life cycle: the records a write changed taken in at once as a
//! segment of their own, segments merged and the index rebuilt in the background, and the
//! stored records it cannot read named.

use super::AppState;
use crate::{backing, day, ApiError};
use gatecheck_service::screening::{self, ScreeningIndex};
use gatecheck_store::concepts::Backend;
use std::sync::Arc;

impl AppState {
    pub(crate) fn index(&self) -> Result<Arc<ScreeningIndex>, ApiError> {
        Ok(self
            .index
            .read()
            .map_err(|_| ApiError::Internal("index lock poisoned".to_string()))?
            .clone())
    }

    /// Takes the records `ids` a write changed into the index, so that the write is
    /// screened against at once: a segment of their own (the cost of the write, whatever
    /// changed before), merged later off the request path. Called with the store's lock
    /// held, as every change of the index is, so that changes never cross.
    pub(crate) fn apply_changes(
        self: &Arc<Self>,
        store: &dyn Backend,
        ids: &[i64],
    ) -> Result<(), ApiError> {
        let today = day((self.clock)());
        if let Some(log) = self
            .rebuild_log
            .lock()
            .map_err(|_| ApiError::Internal("rebuild log lock poisoned".to_string()))?
            .as_mut()
        {
            log.extend_from_slice(ids);
        }
        let index = self.index()?.with_changes(store, &today, ids)?;
        let maintenance_due = index.rebuild_due() || index.merge_plan().is_some();
        self.set_index(index)?;
        if maintenance_due {
            self.start_maintenance();
        }
        Ok(())
    }

    /// Asks for a full rebuild in the background (a new day's purge).
    pub(super) fn start_rebuild(self: &Arc<Self>) {
        self.rebuild_asked
            .store(true, std::sync::atomic::Ordering::SeqCst);
        self.start_maintenance();
    }

    /// Starts the index's maintenance on a thread of its own, unless it runs: segments
    /// merged and full rebuilds made while screening and writes go on (SQLite's write-ahead
    /// log lets the rebuild read).
    fn start_maintenance(self: &Arc<Self>) {
        use std::sync::atomic::Ordering;
        if self.maintaining.swap(true, Ordering::SeqCst) {
            return;
        }
        let state = Arc::clone(self);
        std::thread::spawn(move || loop {
            let maintained = state.maintain();
            state.maintaining.store(false, Ordering::SeqCst);
            if let Err(error) = maintained {
                // tried again at the next write, not in a loop here
                eprintln!("gatecheck serve: maintaining the index: {error}");
                break;
            }
            // work asked for after the last look, while the flag was still up, is taken
            // up here rather than left waiting for the next write
            let due = state
                .index()
                .is_ok_and(|index| index.rebuild_due() || index.merge_plan().is_some())
                || state.rebuild_asked.load(Ordering::SeqCst);
            if !due || state.maintaining.swap(true, Ordering::SeqCst) {
                break;
            }
        });
    }

    /// Rebuilds when due or asked, and merges segments while the plan asks for it.
    fn maintain(&self) -> Result<(), ApiError> {
        use std::sync::atomic::Ordering;
        loop {
            let index = self.index()?;
            if index.rebuild_due() || self.rebuild_asked.swap(false, Ordering::SeqCst) {
                drop(index);
                self.rebuilding.store(true, Ordering::SeqCst);
                let rebuilt = self.rebuild();
                self.rebuilding.store(false, Ordering::SeqCst);
                rebuilt?;
                continue;
            }
            let Some(range) = index.merge_plan() else {
                return Ok(());
            };
            // the merge is built without any lock; only putting it in place takes the
            // store's, as every change of the index does
            let merged = index.merged(range);
            drop(index);
            let _store = self.lock_writing()?;
            if let Some(next) = self.index()?.with_merged(&merged) {
                self.set_index(next)?;
            }
        }
    }

    /// Builds the index afresh from the store and puts it in place of the current one,
    /// with every record changed while it was built.
    fn rebuild(&self) -> Result<(), ApiError> {
        self.begin_rebuild()?;
        let fresh = self.build_fresh();
        let fresh = match fresh {
            Ok(fresh) => fresh,
            Err(error) => {
                self.take_rebuild_log()?;
                return Err(error);
            }
        };
        self.finish_rebuild(fresh)
    }

    /// Starts the log of changed records, under the store's lock: a write committed before
    /// is in what the rebuild reads, one committed after is in the log.
    fn begin_rebuild(&self) -> Result<(), ApiError> {
        let _store = self.lock_writing()?;
        *self
            .rebuild_log
            .lock()
            .map_err(|_| ApiError::Internal("rebuild log lock poisoned".to_string()))? =
            Some(Vec::new());
        Ok(())
    }

    /// The index of the live records, read on a connection of its own.
    fn build_fresh(&self) -> Result<ScreeningIndex, ApiError> {
        let reader = self.source.open_reader(backing::ReadFrom::Primary)?;
        let fresh = ScreeningIndex::build(&*reader, &day((self.clock)()))?;
        let unreadable = fresh.unreadable();
        if !unreadable.is_empty() {
            log_unreadable(&unreadable);
        }
        Ok(fresh)
    }

    fn take_rebuild_log(&self) -> Result<Vec<i64>, ApiError> {
        Ok(self
            .rebuild_log
            .lock()
            .map_err(|_| ApiError::Internal("rebuild log lock poisoned".to_string()))?
            .take()
            .unwrap_or_default())
    }

    /// Takes the records logged since the rebuild began into `fresh` and puts it in place,
    /// under the store's lock, so that no write falls between the look and the swap.
    fn finish_rebuild(&self, fresh: ScreeningIndex) -> Result<(), ApiError> {
        let store = self.lock_writing()?;
        let changed = self.take_rebuild_log()?;
        let fresh = fresh.with_changes(&**store, &day((self.clock)()), &changed)?;
        self.set_index(fresh)
    }

    fn set_index(&self, index: ScreeningIndex) -> Result<(), ApiError> {
        *self
            .index
            .write()
            .map_err(|_| ApiError::Internal("index lock poisoned".to_string()))? = Arc::new(index);
        Ok(())
    }

    /// Person records in the screening index.
    pub fn indexed(&self) -> Result<usize, ApiError> {
        Ok(self.index()?.len())
    }

    /// Stored person records the index leaves out because they cannot be read.
    pub fn unreadable_records(&self) -> Result<usize, ApiError> {
        Ok(self.index()?.unreadable().len())
    }

    /// Segments of the index beside its base.
    pub fn index_segments(&self) -> Result<usize, ApiError> {
        Ok(self.index()?.segment_count())
    }

    /// Records changed since the index was last built in full, and whether a rebuild runs.
    pub fn index_status(&self) -> Result<(usize, bool), ApiError> {
        Ok((
            self.index()?.changes_since_build(),
            self.rebuilding.load(std::sync::atomic::Ordering::SeqCst),
        ))
    }
}

/// The most unreadable records named when the server refuses to start, and reasons given.
const UNREADABLE_NAMED: usize = 20;
const UNREADABLE_REASONS: usize = 3;

/// Why the state refuses to open over records it cannot read: how many, which, and the
/// first few reasons.
pub(super) fn refusal_of_unreadable(unreadable: &[screening::UnreadableRecord]) -> String {
    let ids: Vec<String> = unreadable
        .iter()
        .take(UNREADABLE_NAMED)
        .map(|record| record.id.to_string())
        .collect();
    let more = unreadable.len().saturating_sub(UNREADABLE_NAMED);
    let reasons: Vec<String> = unreadable
        .iter()
        .take(UNREADABLE_REASONS)
        .map(|record| format!("record {}: {}", record.id, record.reason))
        .collect();
    format!(
        "{} stored person records cannot be read and would never be screened against (records {}{}; {}): replace or delete them, or serve without them with --skip-unreadable-records",
        unreadable.len(),
        ids.join(", "),
        if more > 0 { format!(" and {more} more") } else { String::new() },
        reasons.join("; ")
    )
}

/// Says once, by id only (no personal data), which records the index leaves out.
pub(super) fn log_unreadable(unreadable: &[screening::UnreadableRecord]) {
    let ids: Vec<String> = unreadable
        .iter()
        .map(|record| record.id.to_string())
        .collect();
    eprintln!(
        "gatecheck serve: {} stored person records cannot be read and are not screened against: records {}",
        unreadable.len(),
        ids.join(", ")
    );
}

#[cfg(test)]
mod tests {
    use crate::state::tests::{clock, write};
    use crate::{ApiConfig, AppState};
    use gatecheck_engine::watchlist::MatchConfig;
    use gatecheck_service::members::{self, Member};
    use gatecheck_store::Store;
    use std::sync::Arc;

    fn found(state: &AppState, owner: &Member, name: &str) -> bool {
        let query = gatecheck_formats::ftm::parse_entity(&format!(
            r#"{{"id": "q", "schema": "Person", "properties": {{"name": ["{name}"]}}}}"#
        ))
        .unwrap()
        .person;
        let (_, matched) = state.index().unwrap().screen_person_with_hits(
            owner,
            &query,
            5,
            0.9,
            &MatchConfig::default(),
        );
        !matched.is_empty()
    }

    /// A full rebuild reads the store on a connection of its own while writes go on: a
    /// write made after it began, before or after the fresh index is read, is in the index
    /// that replaces the current one.
    #[test]
    fn a_write_made_during_a_rebuild_is_not_lost() {
        let directory = tempfile::tempdir().unwrap();
        let mut store = Store::open(directory.path()).unwrap();
        let (owner, _) =
            members::add_member(&mut store, "jordan-psd", "JOR", false, "test", clock()).unwrap();
        let state = Arc::new(AppState::new(store, ApiConfig::default(), clock).unwrap());
        write(&state, &owner, "before", "Khalid Saeed Barakat");
        state.begin_rebuild().unwrap();
        write(&state, &owner, "during-read", "Yusuf Adnan Haddad");
        let fresh = state.build_fresh().unwrap();
        write(&state, &owner, "after-read", "Samir Fawzi Qasim");
        state.finish_rebuild(fresh).unwrap();
        for name in [
            "Khalid Saeed Barakat",
            "Yusuf Adnan Haddad",
            "Samir Fawzi Qasim",
        ] {
            assert!(found(&state, &owner, name), "{name} lost in the rebuild");
        }
        let index = state.index().unwrap();
        assert_eq!(index.len(), 3);
        // the base holds what was read, the write after the read a segment
        assert_eq!(index.segment_count(), 1);
        assert!(state.rebuild_log.lock().unwrap().is_none());
    }

    /// Writes one after another never wait for a merge: the maintenance thread merges
    /// segments behind them, and the index ends with few.
    #[test]
    fn segments_are_merged_in_the_background() {
        let directory = tempfile::tempdir().unwrap();
        let mut store = Store::open(directory.path()).unwrap();
        let (owner, _) =
            members::add_member(&mut store, "jordan-psd", "JOR", false, "test", clock()).unwrap();
        let state = Arc::new(AppState::new(store, ApiConfig::default(), clock).unwrap());
        let given = [
            "Khalid", "Yusuf", "Samir", "Hassan", "Omar", "Nadia", "Layla",
        ];
        let family = ["Barakat", "Haddad", "Qasim", "Quraishi", "Mansour", "Saleh"];
        for i in 0..60 {
            let name = format!("{} {} {}", given[i % 7], given[(i / 7) % 7], family[i % 6]);
            write(&state, &owner, &format!("p{i}"), &name);
            assert!(found(&state, &owner, &name), "{name} not found at once");
        }
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        while state.maintaining.load(std::sync::atomic::Ordering::SeqCst)
            && std::time::Instant::now() < deadline
        {
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        let index = state.index().unwrap();
        assert!(
            index.segment_count() <= gatecheck_service::screening::MAX_SEGMENTS,
            "{} segments",
            index.segment_count()
        );
        assert_eq!(index.len(), 60);
        assert_eq!(index.changes_since_build(), 60);
    }
}
