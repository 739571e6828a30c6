//! What every request shares ([`AppState`]): opening it over a store, the pool of read-only
//! connections and the audit log's signed checkpoints. The index's life cycle is in
//! `index.rs`, following the store's change feed in `follow.rs`, the writer in `writing.rs`.

mod follow;
mod index;
mod member_cache;

pub use member_cache::TRUSTED_FOR as MEMBERS_TRUSTED_FOR;

use crate::auth::Refused;
use crate::blocking::{handlers_at_once, RECORD_WRITERS_AT_ONCE};
use crate::{backing, day, metrics, writing, ApiConfig, ApiError, Source};
use gatecheck_service::records;
use gatecheck_service::screening::ScreeningIndex;
use gatecheck_store::concepts::Backend;
use gatecheck_store::Store;
use index::{log_unreadable, refusal_of_unreadable};
use std::sync::{Arc, Mutex, RwLock};

/// What every request shares: the store (one writing connection, the disk's waits of its
/// writes shared: see `writing.rs`), the screening index (read by many, replaced whole after a
/// write) and the settings.
pub struct AppState {
    pub(crate) metrics: metrics::Metrics,
    pub(crate) store: Mutex<writing::Writing>,
    /// Writes committed, and which of them are on disk (see `writing.rs`).
    pub(crate) durability: writing::Durability,
    /// Checkpoints of SQLite's write-ahead log, off the writes' path (dropped last).
    _checkpointer: Option<gatecheck_store::Checkpointer>,
    index: RwLock<Arc<ScreeningIndex>>,
    pub(crate) config: ApiConfig,
    pub(crate) clock: fn() -> i64,
    /// Whether the index's maintenance (merging segments, rebuilding) runs in the
    /// background, and whether a full rebuild is asked of it.
    maintaining: std::sync::atomic::AtomicBool,
    rebuild_asked: std::sync::atomic::AtomicBool,
    /// Whether a full rebuild runs (for [`AppState::index_status`]).
    rebuilding: std::sync::atomic::AtomicBool,
    /// While a full rebuild runs, the records changed since it began: taken into the fresh
    /// index before it replaces the current one, so that no write is lost.
    rebuild_log: Mutex<Option<Vec<i64>>>,
    /// The day the store was last followed, to purge and rebuild once a day.
    last_day: Mutex<String>,
    /// The number of the last change of the store's change feed taken into the index.
    followed: Mutex<i64>,
    /// Where the store is, for the connections that read.
    pub(crate) source: backing::Source,
    /// Read-only connections to the primary not in use: a request takes one, or opens one.
    readers: Mutex<Vec<Box<dyn Backend>>>,
    /// Read-only connections to the replica (PostgreSQL's `--read-store`) not in use.
    replica_readers: Mutex<Vec<Box<dyn Backend>>>,
    /// Requests refused for their key, not yet in the audit log.
    pub(crate) refused: Mutex<Refused>,
    /// The members authenticated lately, while every write of members is heard
    /// (`member_cache.rs`).
    members: Mutex<member_cache::MemberCache>,
    /// Handlers running at once on the blocking pool (see
    /// [`off_the_async_workers`](crate::blocking::off_the_async_workers)).
    pub(crate) handlers: tokio::sync::Semaphore,
    /// Turns of their own for the owners' record writes (see
    /// [`off_the_async_workers`](crate::blocking::off_the_async_workers)).
    pub(crate) record_writers: tokio::sync::Semaphore,
    /// Held while records changed are screened again (`follow.rs`): one run at a time,
    /// in the order of the change feed.
    retro: Arc<Mutex<()>>,
    /// The numbers of documents this node wrote that wait to be looked up again
    /// (`follow.rs`): taken all at once by the next run.
    retro_documents: Arc<Mutex<std::collections::HashSet<String>>>,
}

/// The most idle read-only connections kept.
const MAX_IDLE_READERS: usize = 16;

impl AppState {
    /// Opens the state over the SQLite `store`: records past their review date are
    /// purged, then the index of the live records is built.
    pub fn new(store: Store, config: ApiConfig, clock: fn() -> i64) -> Result<AppState, ApiError> {
        let source = backing::Source::Sqlite {
            directory: store.directory().to_path_buf(),
        };
        AppState::open(backing::Connection::Sqlite(store), source, config, clock)
    }

    /// Opens the state over the store at `source`, purging first when `purge` (see
    /// [`AppState::new`] and [`AppState::without_purge`]).
    pub fn over(
        source: Source,
        purge: bool,
        config: ApiConfig,
        clock: fn() -> i64,
    ) -> Result<AppState, ApiError> {
        let connection = source.open_writer()?;
        if purge {
            AppState::open(connection, source, config, clock)
        } else {
            AppState::opened(connection, source, config, clock)
        }
    }

    /// Opens the state over `connection` to `source`: records past their review date are
    /// purged, then the index of the live records is built.
    pub fn open(
        mut connection: backing::Connection,
        source: backing::Source,
        config: ApiConfig,
        clock: fn() -> i64,
    ) -> Result<AppState, ApiError> {
        let today = day(clock());
        let store = connection.backend_mut();
        records::purge_expired(store, &today, "server:review", clock())?;
        gatecheck_service::documents::purge_expired(store, &today, "server:review", clock())?;
        AppState::opened(connection, source, config, clock)
    }

    /// The state over the SQLite `store` without purging first, for a command that screens
    /// and leaves (records past their review date do not match either way).
    pub fn without_purge(
        store: Store,
        config: ApiConfig,
        clock: fn() -> i64,
    ) -> Result<AppState, ApiError> {
        let source = backing::Source::Sqlite {
            directory: store.directory().to_path_buf(),
        };
        AppState::opened(backing::Connection::Sqlite(store), source, config, clock)
    }

    fn opened(
        mut connection: backing::Connection,
        source: backing::Source,
        config: ApiConfig,
        clock: fn() -> i64,
    ) -> Result<AppState, ApiError> {
        let today = day(clock());
        // the feed's last change is read before the records: a change committed between
        // the two is taken twice (which changes nothing), never missed
        let followed = connection.backend().last_change()?;
        let index = ScreeningIndex::build(connection.backend(), &today)?;
        let unreadable = index.unreadable();
        if !unreadable.is_empty() {
            if !config.skip_unreadable_records {
                return Err(ApiError::Internal(refusal_of_unreadable(&unreadable)));
            }
            log_unreadable(&unreadable);
        }
        let checkpointer = match &mut connection {
            backing::Connection::Sqlite(store) => Some(store.checkpoint_in_background()?),
            backing::Connection::Postgres(_) => None,
        };
        Ok(AppState {
            _checkpointer: checkpointer,
            source,
            readers: Mutex::new(Vec::new()),
            replica_readers: Mutex::new(Vec::new()),
            refused: Mutex::new(Refused::default()),
            members: Mutex::new(member_cache::MemberCache::default()),
            handlers: tokio::sync::Semaphore::new(handlers_at_once()),
            record_writers: tokio::sync::Semaphore::new(RECORD_WRITERS_AT_ONCE),
            retro: Arc::new(Mutex::new(())),
            retro_documents: Arc::new(Mutex::new(std::collections::HashSet::new())),
            metrics: metrics::Metrics::default(),
            store: Mutex::new(writing::Writing::new(connection)),
            durability: writing::Durability::default(),
            index: RwLock::new(Arc::new(index)),
            config,
            clock,
            maintaining: std::sync::atomic::AtomicBool::new(false),
            rebuild_asked: std::sync::atomic::AtomicBool::new(false),
            rebuilding: std::sync::atomic::AtomicBool::new(false),
            rebuild_log: Mutex::new(None),
            last_day: Mutex::new(today),
            followed: Mutex::new(followed),
        })
    }

    /// Runs `read` on a read-only connection of its own to the primary, so that reads
    /// neither wait for the writer nor make it wait.
    pub(crate) fn with_reader<T>(
        &self,
        read: impl FnOnce(&dyn Backend) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        self.with_reader_from(backing::ReadFrom::Primary, read)
    }

    /// Runs `read` on a read-only connection of its own, to the replica when there is one
    /// and `from` allows it.
    pub(crate) fn with_reader_from<T>(
        &self,
        from: backing::ReadFrom,
        read: impl FnOnce(&dyn Backend) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        let pool = match (&self.source, from) {
            (
                backing::Source::Postgres {
                    replica: Some(_), ..
                },
                backing::ReadFrom::AnyCopy,
            ) => &self.replica_readers,
            _ => &self.readers,
        };
        let lock = || {
            pool.lock()
                .map_err(|_| ApiError::Internal("readers lock poisoned".to_string()))
        };
        let idle = lock()?.pop();
        let reader = match idle {
            Some(reader) => reader,
            None => self.source.open_reader(from)?,
        };
        let answer = read(&*reader);
        // a connection that failed (a server that went away, say) is not kept
        let broken = matches!(&answer, Err(ApiError::Internal(_)));
        let mut idle = lock()?;
        if idle.len() < MAX_IDLE_READERS && !broken {
            idle.push(reader);
        }
        answer
    }
}

impl AppState {
    /// Signs a checkpoint of the audit log as it is now with the hub's key and keeps it
    /// (the last one, when the log has not grown since): what `serve` does every minute,
    /// so that a court has signed checkpoints however seldom bundles are made.
    pub fn sign_checkpoint(
        &self,
        signer: &gatecheck_evidence::Signer,
    ) -> Result<gatecheck_store::CheckpointRow, ApiError> {
        let now = (self.clock)();
        self.write(|store| Ok(gatecheck_service::evidence::checkpoint(store, signer, now)?))
    }
}

/// The system clock in Unix seconds.
pub fn system_clock() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|elapsed| elapsed.as_secs() as i64)
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use crate::{ApiConfig, AppState};
    use gatecheck_service::access::{Access, RecordTerms};
    use gatecheck_service::members::{self, Member};
    use gatecheck_service::records;
    use gatecheck_store::Store;
    use std::sync::Arc;

    pub(super) fn clock() -> i64 {
        1_795_910_400
    }

    pub(super) fn write(state: &Arc<AppState>, owner: &Member, id: &str, name: &str) -> i64 {
        let terms = RecordTerms {
            access: Access::All,
            action: "arrest".to_string(),
            review_by: "2030-01-01".to_string(),
        };
        let entity = format!(
            r#"{{"id": "{id}", "schema": "Person", "properties": {{"name": ["{name}"]}}}}"#
        );
        let mut store = state.store().unwrap();
        let record = records::contribute(
            &mut *store,
            &owner.name,
            &entity,
            &gatecheck_service::terms::TermsUpdate::set(terms),
            gatecheck_service::terms::Confirmed::default(),
            "test",
            clock(),
        )
        .unwrap();
        state.apply_changes(&*store, &[record]).unwrap();
        record
    }

    #[test]
    fn the_server_signs_checkpoints_the_tree_verifies_once_a_size() {
        let directory = tempfile::tempdir().unwrap();
        let mut store = Store::open(directory.path()).unwrap();
        let (owner, _) =
            members::add_member(&mut store, "jordan-psd", "JOR", false, "test", clock()).unwrap();
        let state = Arc::new(AppState::new(store, ApiConfig::default(), clock).unwrap());
        let signer = gatecheck_evidence::Signer::from_seed("hub.example", &[5; 32]).unwrap();
        let first = state.sign_checkpoint(&signer).unwrap();
        assert_eq!(first.size, 1);
        // the log has not grown: the same checkpoint
        assert_eq!(state.sign_checkpoint(&signer).unwrap(), first);
        write(&state, &owner, "r1", "Khalid Saeed Barakat");
        let second = state.sign_checkpoint(&signer).unwrap();
        assert!(second.size > first.size, "{second:?}");
        let store = state.store().unwrap();
        let verdict =
            gatecheck_service::evidence::verify_tree(&*store, &signer.verifier(), None).unwrap();
        assert_eq!(
            verdict,
            gatecheck_service::evidence::TreeVerdict::Holds {
                entries: second.size,
                checkpoints: 2
            }
        );
    }
}
