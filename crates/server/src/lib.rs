//! gatecheck's HTTP API: bearer-key authentication, wire types converted by hand from the
//! service's types, and errors mapped to statuses in one place (`error.rs`). The router is
//! tested without a socket.

mod backing;
pub use backing::Source;
mod console;
mod error;
mod metrics;
pub mod openapi;
pub mod wire;
mod writing;

pub use error::ApiError;

use axum::extract::rejection::JsonRejection;
use axum::extract::Query;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::HeaderMap;
use axum::routing::{get, patch, post};
use axum::{Json, Router};
use gatecheck_engine::watchlist::MatchConfig;
use gatecheck_service::members::{self, Member};
use gatecheck_service::records;
use gatecheck_service::screen::{
    DocumentQuery, PersonQuery, Query as BatchQuery, Screened, Screener, Settings, Stores,
};
use gatecheck_service::screening::{self, ScreeningIndex};
use gatecheck_service::ServiceError;
use gatecheck_service::{access, audit, hits};
use gatecheck_store::concepts::Backend;
use gatecheck_store::{AuditEntry, Store, DOCUMENT_IDS};
use serde_json::{json, Value};
use std::sync::{Arc, Mutex, RwLock};

/// The largest request body taken (a batch of a thousand persons fits).
pub const MAX_BODY_BYTES: usize = 4 << 20;

/// Settings of the API.
#[derive(Debug, Clone)]
pub struct ApiConfig {
    pub threshold: f32,
    pub limit: usize,
    /// Days a record is kept when its owner gives no review date.
    pub review_days: i64,
    pub matching: MatchConfig,
    /// Whether the console's cookies are marked Secure (the server is reached over TLS).
    pub secure_cookies: bool,
    /// Whether to serve when stored person records cannot be read (they are left out of
    /// the index, logged by id and counted in `/metrics`); otherwise the state refuses to
    /// open, naming them.
    pub skip_unreadable_records: bool,
    /// Changes of the store's change feed kept when a new day prunes it (the newest): a
    /// node further behind than these rebuilds its index (see [`AppState::follow_store`]).
    pub kept_changes: i64,
}

/// Changes of the feed kept by default: a node following it is seconds behind; one down
/// for a while finds the changes it missed pruned and rebuilds, as a node starting does.
pub const KEPT_CHANGES: i64 = 1_000_000;

impl Default for ApiConfig {
    fn default() -> Self {
        ApiConfig {
            threshold: 0.7,
            limit: 5,
            review_days: 365,
            matching: MatchConfig::default(),
            secure_cookies: false,
            skip_unreadable_records: false,
            kept_changes: KEPT_CHANGES,
        }
    }
}

/// What every request shares: the store (one writing connection, the disk's waits of its
/// writes shared: see `writing.rs`), the screening index (read by many, replaced whole after a
/// write) and the settings.
pub struct AppState {
    metrics: metrics::Metrics,
    store: Mutex<writing::Writing>,
    /// Writes committed, and which of them are on disk (see `writing.rs`).
    durability: writing::Durability,
    /// Checkpoints of SQLite's write-ahead log, off the writes' path (dropped last).
    _checkpointer: Option<gatecheck_store::Checkpointer>,
    index: RwLock<Arc<ScreeningIndex>>,
    config: ApiConfig,
    clock: fn() -> i64,
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
    source: backing::Source,
    /// Read-only connections to the primary not in use: a request takes one, or opens one.
    readers: Mutex<Vec<Box<dyn Backend>>>,
    /// Read-only connections to the replica (PostgreSQL's `--read-store`) not in use.
    replica_readers: Mutex<Vec<Box<dyn Backend>>>,
    /// Requests refused for their key, not yet in the audit log.
    refused: Mutex<Refused>,
    /// Handlers running at once on the blocking pool (see [`off_the_async_workers`]).
    handlers: tokio::sync::Semaphore,
    /// Turns of their own for the owners' record writes (see [`off_the_async_workers`]).
    record_writers: tokio::sync::Semaphore,
}

/// Handlers run at once: four a core. The work is mostly the processor's (screening),
/// but each screening's write waits for its group's commit, a core left idle meanwhile
/// unless another handler has work. With writes grouped (`writing.rs`), four a core answered
/// 1,600-1,780 screenings a second and two a core 1,443 (`bench-service --persons 1000000
/// --documents 1000000 --seconds 30 --connections 8`); before the grouping, with a commit a
/// request, two a core was best (1,428; a handler for each connection 1,238-1,263).
fn handlers_at_once() -> usize {
    let cores = std::thread::available_parallelism().map_or(2, |cores| cores.get());
    (HANDLERS_A_CORE * cores).max(2)
}

const HANDLERS_A_CORE: usize = 4;

/// Record writes handled at once beside the screenings' handlers. An owner's change of its
/// records must be screened against soon; queued behind eight screenings, a write waited
/// its turn as long as it took (see the README's writer beside the screening).
const RECORD_WRITERS_AT_ONCE: usize = 2;

/// Whether a request writes, replaces or deletes a record (`/v1/records...`).
fn is_record_write(method: &axum::http::Method, path: &str) -> bool {
    method != axum::http::Method::GET && (path == "/v1/records" || path.starts_with("/v1/records/"))
}

/// Requests refused for their key since the last audit entry about them: written at most
/// once a second, so that a flood of bad keys cannot flood the log.
#[derive(Default)]
struct Refused {
    count: u64,
    /// What the refused keys claimed to be: `member 7`, `a malformed key`, `no key`.
    claimed: std::collections::BTreeSet<String>,
    last_written: i64,
}

/// The most distinct claims listed in one audit entry of refused keys.
const MAX_CLAIMS_LISTED: usize = 20;

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
            handlers: tokio::sync::Semaphore::new(handlers_at_once()),
            record_writers: tokio::sync::Semaphore::new(RECORD_WRITERS_AT_ONCE),
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
    fn with_reader<T>(
        &self,
        read: impl FnOnce(&dyn Backend) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        self.with_reader_from(backing::ReadFrom::Primary, read)
    }

    /// Runs `read` on a read-only connection of its own, to the replica when there is one
    /// and `from` allows it.
    fn with_reader_from<T>(
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

    /// Counts a request refused for its key and, unless one was written this second, writes
    /// the audit entry of the refusals since the last.
    fn refuse(&self, claimed: String) {
        self.metrics.add_auth_failure();
        let Ok(mut refused) = self.refused.lock() else {
            return;
        };
        refused.count += 1;
        if refused.claimed.len() < MAX_CLAIMS_LISTED {
            refused.claimed.insert(claimed);
        }
        drop(refused);
        self.write_refusals(false);
    }

    /// Writes the audit entry of the refused requests not yet written: once a second, or
    /// at once when `now_or_never`.
    fn write_refusals(&self, now_or_never: bool) {
        let now = (self.clock)();
        let Ok(mut refused) = self.refused.lock() else {
            return;
        };
        if refused.count == 0 || (!now_or_never && refused.last_written >= now) {
            return;
        }
        let claimed: Vec<String> = std::mem::take(&mut refused.claimed).into_iter().collect();
        let subject = format!(
            "{} requests refused for an unknown, revoked or missing key (claiming {})",
            std::mem::take(&mut refused.count),
            claimed.join(", ")
        );
        refused.last_written = now;
        drop(refused);
        let entry = AuditEntry {
            at: now,
            actor: "server:auth".to_string(),
            action: gatecheck_service::audit::Action::AuthRefused.to_string(),
            digest: audit::digest_of(subject.as_bytes()),
            subject,
        };
        let written = self.write(|store| Ok(store.append_audit(&entry, &audit::chain_hash)?));
        if let Err(error) = written {
            eprintln!("gatecheck serve: recording refused keys: {error:?}");
        }
    }

    fn index(&self) -> Result<Arc<ScreeningIndex>, ApiError> {
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
    fn apply_changes(self: &Arc<Self>, store: &dyn Backend, ids: &[i64]) -> Result<(), ApiError> {
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
    fn start_rebuild(self: &Arc<Self>) {
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
            taken += changes.len();
            if changes.len() < FOLLOWED_AT_ONCE {
                return Ok(taken);
            }
        }
    }
}

/// Changes of the feed taken into the index at once (a segment of the index each).
const FOLLOWED_AT_ONCE: usize = 10_000;

/// The most unreadable records named when the server refuses to start, and reasons given.
const UNREADABLE_NAMED: usize = 20;
const UNREADABLE_REASONS: usize = 3;

/// Why the state refuses to open over records it cannot read: how many, which, and the
/// first few reasons.
fn refusal_of_unreadable(unreadable: &[screening::UnreadableRecord]) -> String {
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
fn log_unreadable(unreadable: &[screening::UnreadableRecord]) {
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

/// Paths whose handlers stay on the async runtime's workers: they wait (long polling,
/// streams) or do next to nothing, and put their store reads on the blocking pool
/// themselves ([`on_blocking_pool`]).
const ON_THE_WORKERS: [&str; 6] = [
    "/healthz",
    "/readyz",
    "/openapi.json",
    "/metrics",
    "/v1/notifications",
    "/v1/notifications/stream",
];

/// Middleware: runs a request's handler on tokio's blocking pool, so that its SQLite
/// writes, password hashing and flight screenings never hold one of the runtime's few
/// workers, and a slow request cannot stall the others (reading and writing sockets stays
/// on the workers).
async fn off_the_async_workers(
    State(state): State<Arc<AppState>>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    if ON_THE_WORKERS.contains(&request.uri().path()) {
        return next.run(request).await;
    }
    // waiting for a turn holds no thread: the request waits on the runtime. A record
    // written, replaced or deleted waits for a turn of its own, not behind the screenings
    let turns = if is_record_write(request.method(), request.uri().path()) {
        &state.record_writers
    } else {
        &state.handlers
    };
    let Ok(_turn) = turns.acquire().await else {
        return ApiError::Internal("the server is stopping".to_string()).into_response();
    };
    let handled = tokio::task::spawn_blocking(move || run_here(next.run(request))).await;
    match handled {
        Ok(response) => response,
        Err(error) => {
            ApiError::Internal(format!("a request's handler failed: {error}")).into_response()
        }
    }
}

/// Runs `future` to its end on this thread, parked while it waits: a handler on the
/// blocking pool. Not tokio's `Handle::block_on`, which marks the thread as running the
/// runtime, so that the PostgreSQL client (which runs a small runtime of its own for each
/// call) could not be called from the handler. The runtime's handle is still set on the
/// pool's threads, so the handler's timers and sockets work as under `block_on`.
fn run_here<F: std::future::Future>(future: F) -> F::Output {
    struct Unpark(std::thread::Thread);
    impl std::task::Wake for Unpark {
        fn wake(self: Arc<Self>) {
            self.0.unpark();
        }
        fn wake_by_ref(self: &Arc<Self>) {
            self.0.unpark();
        }
    }
    let waker = Arc::new(Unpark(std::thread::current())).into();
    let mut context = std::task::Context::from_waker(&waker);
    let mut future = std::pin::pin!(future);
    loop {
        match future.as_mut().poll(&mut context) {
            std::task::Poll::Ready(done) => return done,
            std::task::Poll::Pending => std::thread::park(),
        }
    }
}

/// Runs `work` on tokio's blocking pool: for the handlers that stay on the workers.
async fn on_blocking_pool<T: Send + 'static>(
    state: &Arc<AppState>,
    work: impl FnOnce(&AppState) -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    let state = Arc::clone(state);
    tokio::task::spawn_blocking(move || work(&state))
        .await
        .map_err(|error| ApiError::Internal(format!("blocking work failed: {error}")))?
}

/// The system clock in Unix seconds.
pub fn system_clock() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|elapsed| elapsed.as_secs() as i64)
        .unwrap_or(0)
}

/// Every route of the API.
pub fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(|| async { "ready" }))
        .route("/openapi.json", get(|| async { Json(openapi::document()) }))
        .route("/metrics", get(metrics::render))
        .route("/v1/screen/person", post(screen_person))
        .route("/v1/records", post(create_record))
        .route(
            "/v1/records/{id}",
            get(read_record).put(replace_record).delete(delete_record),
        )
        .route("/v1/screen/batch", post(screen_batch))
        .route("/v1/screen/document", post(screen_document))
        .route("/v1/screen/mrz", post(screen_mrz))
        .route("/v1/manifests", post(screen_manifest))
        .route("/match/{dataset}", post(yente_match))
        .route("/v1/hits/{id}", patch(change_hit))
        .route("/v1/hits/{id}/answer", post(answer_hit))
        .route("/v1/notifications", get(list_notifications))
        .route("/v1/notifications/stream", get(stream_notifications))
        .merge(console::routes())
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            off_the_async_workers,
        ))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(axum::middleware::from_fn(error::errors_as_json))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            metrics::count,
        ))
        .with_state(state)
}

/// The member whose key the request carries. A refusal is counted and audited (what the
/// key claimed, never the key).
fn authenticate(state: &AppState, headers: &HeaderMap) -> Result<Member, ApiError> {
    let key = headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "));
    let Some(key) = key.map(str::trim) else {
        state.refuse("no key".to_string());
        return Err(ApiError::Unauthenticated);
    };
    // on a read-only connection: a key is checked without waiting for the writer
    let member = state.with_reader(|reader| Ok(members::authenticate(reader, key)?));
    if let Err(ApiError::Unauthenticated) = member {
        state.refuse(match members::claimed_member(key) {
            Some(id) => format!("member {id}"),
            None => "a malformed key".to_string(),
        });
    }
    member
}

/// Whether the request says its body is JSON.
fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("application/json"))
}

/// A JSON body, or a 400 naming what was wrong with it.
fn body(payload: Result<Json<Value>, JsonRejection>) -> Result<Value, ApiError> {
    match payload {
        Ok(Json(value)) => Ok(value),
        Err(JsonRejection::BytesRejection(rejection))
            if rejection.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE =>
        {
            Err(ApiError::TooLarge)
        }
        Err(JsonRejection::BytesRejection(_)) => Err(ApiError::bad_request(
            "body_unreadable",
            "the body could not be read",
        )),
        Err(rejection) => Err(ApiError::bad_request("bad_json", rejection.body_text())),
    }
}

/// Writes the audit entry of a read (a record read): who, when, what, and a digest of the
/// answer.
fn audit_read(
    state: &AppState,
    member: &Member,
    action: audit::Action,
    subject: String,
    answer: &Value,
) -> Result<(), ApiError> {
    let entry = audit::entry(
        (state.clock)(),
        member.actor(),
        action,
        subject,
        answer.to_string().as_bytes(),
    );
    state.write(|store| Ok(store.append_audit(&entry, &audit::chain_hash)?))?;
    Ok(())
}

async fn screen_person(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    payload: Result<Json<Value>, JsonRejection>,
) -> Result<Json<Value>, ApiError> {
    let member = authenticate(&state, &headers)?;
    let entity = body(payload)?;
    Ok(Json(state.screen_person_entity(&member, &entity)?))
}

impl AppState {
    /// A person (an FtM entity) screened for `member` and its hits kept: the answer of
    /// `POST /v1/screen/person`, which the console's search shows too.
    pub fn screen_person_entity(&self, member: &Member, entity: &Value) -> Result<Value, ApiError> {
        let query = PersonQuery::from_entity(wire::person(entity)?, entity.to_string(), None);
        let index = self.index()?;
        let screened = self.screener(&index, member).person(&query)?;
        self.metrics.add_hits(screened.hits());
        Ok(screened.answer())
    }

    /// Machine-readable zones screened for `member` (the document and its holder) and the
    /// hits kept: the answer of `POST /v1/screen/mrz`.
    pub fn screen_mrz_text(&self, member: &Member, text: &str) -> Result<Value, ApiError> {
        let index = self.index()?;
        let screener = self.screener(&index, member);
        let reading = gatecheck_formats::mrz::parse(text, civil_date(&day(screener.now))?);
        let Some(screened) = screener.zone(reading.clone())? else {
            let errors = reading.to_json()["errors"].clone();
            return Err(ApiError::bad_request(
                "invalid_mrz",
                format!("mrz: no layout of ICAO 9303 fits these lines: {errors}"),
            ));
        };
        self.metrics.add_hits(screened.hits());
        Ok(screened.answer())
    }

    /// A document (`{"number", "issuing_state", "type"}`) screened for `member` and its
    /// hits kept: the answer of `POST /v1/screen/document`.
    pub fn screen_document_request(
        &self,
        member: &Member,
        request: &Value,
    ) -> Result<Value, ApiError> {
        let (number, issuing_state) = wire::document_query(request)?;
        let index = self.index()?;
        let screened = self.screener(&index, member).document(&DocumentQuery {
            number,
            issuing_state,
            kept_as: request.to_string(),
        })?;
        self.metrics.add_hits(screened.hits());
        Ok(screened.answer())
    }

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

    /// The screening use cases for `member`, now, with the server's settings.
    fn screener<'a>(
        &'a self,
        index: &'a ScreeningIndex,
        member: &'a Member,
    ) -> Screener<'a, AppState> {
        Screener {
            index,
            stores: self,
            member,
            actor: member.actor(),
            settings: Settings {
                limit: self.config.limit,
                threshold: self.config.threshold,
                matching: &self.config.matching,
            },
            now: (self.clock)(),
        }
    }
}

/// The service's screenings read from the pool of readers and write through the writer,
/// which commits the writes of many requests together.
impl Stores for AppState {
    type Error = ApiError;

    fn read<T>(
        &self,
        work: impl FnOnce(&dyn Backend) -> Result<T, ServiceError>,
    ) -> Result<T, ApiError> {
        self.with_reader_from(backing::ReadFrom::AnyCopy, |reader| Ok(work(reader)?))
    }

    fn write<T>(
        &self,
        work: impl FnOnce(&mut dyn Backend) -> Result<T, ServiceError>,
    ) -> Result<T, ApiError> {
        AppState::write(self, |store| Ok(work(store)?))
    }
}

async fn create_record(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    payload: Result<Json<Value>, JsonRejection>,
) -> Result<(axum::http::StatusCode, Json<Value>), ApiError> {
    let member = authenticate(&state, &headers)?;
    let request = body(payload)?;
    wire::only_fields(&request, wire::RECORD_FIELDS)?;
    let (update, confirmed) =
        wire::record_terms(&request, (state.clock)(), state.config.review_days)?;
    let now = (state.clock)();
    let (id, access) = match (request.get("entity"), request.get("document")) {
        (Some(entity), None) => state.write_indexed(|store| {
            let id = records::contribute(
                store,
                &member.name,
                &entity.to_string(),
                &update,
                confirmed,
                &member.actor(),
                now,
            )?;
            let access = store.record(id)?.map(|record| record.access_level);
            Ok(((id, access), vec![id]))
        })?,
        (None, Some(document)) => {
            let document = wire::document(document)?;
            // documents are looked up in the store: no index to bring up to date
            state.write(|store| {
                let (_, ids) = gatecheck_service::documents::write(
                    store,
                    &member,
                    std::slice::from_ref(&document),
                    &update,
                    confirmed,
                    now,
                )?;
                let id = ids.first().copied().ok_or_else(|| {
                    ApiError::Internal("a document written has no id".to_string())
                })?;
                Ok((id, store.document(id)?.map(|row| row.terms.access_level)))
            })?
        }
        _ => {
            return Err(ApiError::bad_request(
                "invalid_input",
                "entity or document: give exactly one",
            ))
        }
    };
    // the access the record has once written: a stored record keeps its own unless the
    // request gave one
    Ok((
        axum::http::StatusCode::CREATED,
        Json(json!({"id": id, "access": access})),
    ))
}

async fn read_record(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let member = authenticate(&state, &headers)?;
    let id: i64 = id.parse().map_err(|_| not_found(&id))?;
    // a record the member may not read is answered as absent: its existence is not told
    let answer = if id >= DOCUMENT_IDS {
        let row = state
            .store()?
            .document(id)?
            .filter(|row| access::may_read_document(row, &member))
            .ok_or_else(|| not_found(&id.to_string()))?;
        json!({
            "id": row.id,
            "document": wire::document_json(&row.document),
            "access": row.terms.access_level,
            "action": row.terms.action,
            "review_by": row.terms.review_by,
            "version": row.version,
        })
    } else {
        let record = state
            .store()?
            .record(id)?
            .filter(|record| access::may_read(record, &member))
            .ok_or_else(|| not_found(&id.to_string()))?;
        let entity: Value = serde_json::from_str(&record.entity)
            .map_err(|error| ApiError::Internal(format!("record {id} holds bad JSON: {error}")))?;
        json!({
            "id": record.id,
            "entity": entity,
            "access": record.access_level,
            "action": record.action,
            "review_by": record.review_by,
            "version": record.version,
        })
    };
    audit_read(
        &state,
        &member,
        audit::Action::RecordRead,
        format!("record {id}"),
        &answer,
    )?;
    Ok(Json(answer))
}

async fn change_hit(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    payload: Result<Json<Value>, JsonRejection>,
) -> Result<Json<Value>, ApiError> {
    let member = authenticate(&state, &headers)?;
    let id: i64 = id.parse().map_err(|_| not_found(&id))?;
    let request = body(payload)?;
    let (status, reason) = wire::hit_decision(&request, "status")?;
    let history = state.write(|store| {
        hits::set_status(store, &member, id, &status, &reason, (state.clock)())?;
        Ok(store.hit_history(id)?)
    })?;
    Ok(Json(wire::hit_status(id, &status, history)))
}

/// The owner's answer to a hit escalated to it: `{"decision": "confirmed" |
/// "false-positive", "reason"}`; the member that screened is notified.
async fn answer_hit(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    payload: Result<Json<Value>, JsonRejection>,
) -> Result<Json<Value>, ApiError> {
    let member = authenticate(&state, &headers)?;
    let id: i64 = id.parse().map_err(|_| not_found(&id))?;
    let request = body(payload)?;
    let (decision, reason) = wire::hit_decision(&request, "decision")?;
    let label = member.actor();
    let history = state.write(|store| {
        hits::answer_escalation(
            store,
            &member,
            &label,
            id,
            &decision,
            &reason,
            (state.clock)(),
        )?;
        Ok(store.hit_history(id)?)
    })?;
    Ok(Json(wire::hit_status(id, &decision, history)))
}

/// How long a notifications request may wait for one to arrive (long polling).
const MAX_WAIT_SECONDS: u64 = 30;

async fn list_notifications(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Query(query): Query<std::collections::HashMap<String, String>>,
) -> Result<Json<Value>, ApiError> {
    let asked = headers.clone();
    let member = on_blocking_pool(&state, move |state| authenticate(state, &asked)).await?;
    let after = wire::bounded_number(&query, "after", 0, 0..=i64::MAX)?;
    let wait = wire::bounded_number(&query, "wait", 0, 0..=MAX_WAIT_SECONDS as i64)? as u64;
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(wait);
    loop {
        let asker = member.clone();
        let notifications = on_blocking_pool(&state, move |state| {
            Ok(hits::notifications(
                &mut *state.store()?,
                &asker,
                after,
                100,
                (state.clock)(),
            )?)
        })
        .await?;
        if !notifications.is_empty() || tokio::time::Instant::now() >= deadline {
            let items: Vec<Value> = notifications.iter().map(wire::notification).collect();
            return Ok(Json(json!({"notifications": items})));
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
}

async fn replace_record(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    payload: Result<Json<Value>, JsonRejection>,
) -> Result<Json<Value>, ApiError> {
    let member = authenticate(&state, &headers)?;
    let id: i64 = id.parse().map_err(|_| not_found(&id))?;
    let request = body(payload)?;
    wire::only_fields(&request, wire::RECORD_FIELDS)?;
    let now = (state.clock)();
    let (update, confirmed) = wire::record_terms(&request, now, state.config.review_days)?;
    if id >= DOCUMENT_IDS {
        let document = request
            .get("document")
            .ok_or_else(|| ApiError::bad_request("invalid_input", "document: missing"))?;
        let document = wire::document(document)?;
        let version = state.write(|store| {
            gatecheck_service::documents::replace(
                store, &member, id, &document, &update, confirmed, now,
            )?;
            Ok(store.document(id)?.map(|row| row.version))
        })?;
        return Ok(Json(json!({"id": id, "version": version})));
    }
    let entity = request
        .get("entity")
        .ok_or_else(|| ApiError::bad_request("invalid_input", "entity: missing"))?;
    let version = state.write_indexed(|store| {
        records::replace(
            store,
            &member,
            id,
            &entity.to_string(),
            &update,
            confirmed,
            now,
        )?;
        Ok((store.record(id)?.map(|record| record.version), vec![id]))
    })?;
    Ok(Json(json!({"id": id, "version": version})))
}

async fn delete_record(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<axum::http::StatusCode, ApiError> {
    let member = authenticate(&state, &headers)?;
    let id: i64 = id.parse().map_err(|_| not_found(&id))?;
    if id >= DOCUMENT_IDS {
        state.write(|store| {
            Ok(gatecheck_service::documents::withdraw(
                store,
                &member,
                id,
                (state.clock)(),
            )?)
        })?;
        return Ok(axum::http::StatusCode::NO_CONTENT);
    }
    state.write_indexed(|store| {
        records::delete(store, &member, id, (state.clock)())?;
        Ok(((), vec![id]))
    })?;
    Ok(axum::http::StatusCode::NO_CONTENT)
}

/// `POST /v1/screen/mrz`: the machine-readable zone of a document, as text (or
/// `{"mrz": "..."}`): the zone read, the document looked up, its holder screened.
async fn screen_mrz(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Json<Value>, ApiError> {
    let member = authenticate(&state, &headers)?;
    let text = wire::mrz_text(&body, is_json(&headers))?;
    Ok(Json(state.screen_mrz_text(&member, &text)?))
}

/// `POST /v1/manifests`: a flight's passenger data screened traveller by traveller; the
/// manifest, its answer and its hits are kept.
async fn screen_manifest(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Json<Value>, ApiError> {
    let member = authenticate(&state, &headers)?;
    let json_body = is_json(&headers);
    Ok(Json(state.screen_manifest_text(&member, &body, json_body)?))
}

impl AppState {
    /// Reads a manifest (JSON, see `wire::manifest_from_json`, or a UN/EDIFACT interchange
    /// of PAXLST or PNRGOV messages; PNRGOV messages of one flight are joined), screens every traveller for `member` and keeps each manifest
    /// with its answer and hits; returns the answer (for EDIFACT: `{"manifests": [...],
    /// "problems": [...], "contrl": "<CONTRL message>"}`). A rejected interchange is
    /// answered with the CONTRL that says why. What `POST /v1/manifests` does, apart from
    /// HTTP.
    pub fn screen_manifest_text(
        &self,
        member: &Member,
        body: &[u8],
        json_body: bool,
    ) -> Result<Value, ApiError> {
        let digest = audit::digest_of(body);
        if json_body {
            let value: Value = serde_json::from_slice(body)
                .map_err(|error| ApiError::bad_request("bad_json", error.to_string()))?;
            let manifest = wire::manifest_from_json(&value)?;
            let mut answers = self.screen_and_keep(member, vec![manifest], &digest)?;
            return answers
                .pop()
                .ok_or_else(|| ApiError::Internal("a flight screened gave no answer".to_string()));
        }
        // UN/EDIFACT: every PAXLST message of the interchange, each flight screened and kept
        use gatecheck_formats::edifact;
        let now = (self.clock)();
        let stamp = utc(now);
        let settings = edifact::ContrlSettings {
            control_reference: format!("GC{now}"),
            prepared_date: stamp[2..10].replace('-', ""),
            prepared_time: stamp[11..16].replace(':', ""),
            // the answer's sender when the request's UNB names no readable recipient
            own_identification: member.name.clone(),
        };
        let reading = match edifact::parse(body) {
            Ok(reading) => reading,
            Err(rejection) => {
                let header = rejection.header.as_deref().cloned().unwrap_or_default();
                let mut errors = rejection.problems.clone();
                errors.push(rejection.error.clone());
                return Err(ApiError::Rejected {
                    message: format!("the interchange is rejected: {rejection}"),
                    contrl: edifact::contrl(&header, &[], &errors, &settings),
                });
            }
        };
        let interchange = &reading.interchange;
        let contrl = edifact::contrl(
            &interchange.header,
            &interchange.messages,
            &reading.problems,
            &settings,
        );
        let (mut manifests, paxlst_problems) = gatecheck_formats::paxlst::manifests(interchange);
        let (pnr_manifests, pnr_problems) = gatecheck_formats::pnrgov::manifests(interchange);
        manifests.extend(pnr_manifests);
        // passengers and crew, or a long list in parts: one flight, one manifest
        let mut manifests = gatecheck_formats::manifest::join_flights(manifests);
        manifests.retain(|manifest| !manifest.travellers.is_empty());
        if manifests.is_empty() {
            return Err(ApiError::Rejected {
                message: "the interchange holds no PAXLST or PNRGOV message with travellers"
                    .to_string(),
                contrl,
            });
        }
        let problems: Vec<String> = paxlst_problems
            .iter()
            .map(ToString::to_string)
            .chain(pnr_problems.iter().map(ToString::to_string))
            .collect();
        // an interactive request is answered traveller by traveller (CUSRES) as well
        let requests: Vec<Option<gatecheck_formats::manifest::Manifest>> = manifests
            .iter()
            .map(|manifest| manifest.interactive.then(|| manifest.clone()))
            .collect();
        let mut answers = self.screen_and_keep(member, manifests, &digest)?;
        for (answer, request) in answers.iter_mut().zip(requests) {
            if let Some(request) = request {
                let statuses = board_statuses(&request, answer);
                answer["cusres"] = json!(gatecheck_formats::cusres::cusres(
                    &interchange.header,
                    &request,
                    &statuses,
                    &settings,
                ));
            }
        }
        let problems: Vec<String> = reading
            .problems
            .iter()
            .map(ToString::to_string)
            .chain(problems)
            .collect();
        Ok(json!({"manifests": answers, "problems": problems, "contrl": contrl}))
    }

    /// Screens the manifests of one message and keeps them with their hits, all or none;
    /// returns their answers.
    fn screen_and_keep(
        &self,
        member: &Member,
        manifests: Vec<gatecheck_formats::manifest::Manifest>,
        digest: &str,
    ) -> Result<Vec<Value>, ApiError> {
        let now = (self.clock)();
        let today = day(now);
        let index = self.index()?;
        let screened = self.with_reader(|reader| {
            manifests
                .into_iter()
                .map(|manifest| {
                    Ok(gatecheck_service::manifests::screen_manifest(
                        &index,
                        reader,
                        member,
                        manifest,
                        self.config.limit,
                        self.config.threshold,
                        &self.config.matching,
                        &today,
                    )?)
                })
                .collect::<Result<Vec<_>, ApiError>>()
        })?;
        let kept = self.write(|store| {
            Ok(gatecheck_service::manifests::keep(
                store,
                member,
                &screened,
                digest,
                now,
                |index, id, hit_lists| wire::manifest_answer(id, &screened[index], hit_lists),
            )?)
        })?;
        // what the screening made is freed on a thread of its own: the answer need not wait
        std::thread::spawn(move || drop(screened));
        let answers: Vec<Value> = kept.into_iter().map(|(_, answer)| answer).collect();
        for answer in &answers {
            self.metrics
                .add_hits(answer["summary"]["hits"].as_u64().unwrap_or(0) as usize);
        }
        Ok(answers)
    }
}

/// What an interactive answer tells the airline of each traveller of `manifest`, from the
/// verdicts of its screening's `answer`: `clear` boards, `no-board` does not, `refer` is not
/// cleared (an officer reviews the hits first); a traveller sent without a name cannot be
/// screened and is not cleared either.
fn board_statuses(
    manifest: &gatecheck_formats::manifest::Manifest,
    answer: &Value,
) -> Vec<gatecheck_formats::cusres::BoardStatus> {
    use gatecheck_formats::cusres::BoardStatus;
    manifest
        .travellers
        .iter()
        .enumerate()
        .map(|(at, traveller)| {
            if traveller.surname.trim().is_empty() && traveller.given_names.trim().is_empty() {
                return BoardStatus::InsufficientData;
            }
            match answer["travellers"][at]["verdict"].as_str() {
                Some("clear") => BoardStatus::Board,
                Some("no-board") => BoardStatus::NoBoard,
                _ => BoardStatus::Advisory,
            }
        })
        .collect()
}

/// A `YYYY-MM-DD` day as the MRZ reader takes it.
fn civil_date(day: &str) -> Result<gatecheck_formats::mrz::CivilDate, ApiError> {
    gatecheck_formats::mrz::CivilDate::parse(day)
        .ok_or_else(|| ApiError::Internal(format!("the clock gave no date: {day}")))
}

async fn screen_document(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    payload: Result<Json<Value>, JsonRejection>,
) -> Result<Json<Value>, ApiError> {
    let member = authenticate(&state, &headers)?;
    let request = body(payload)?;
    Ok(Json(state.screen_document_request(&member, &request)?))
}

/// The most queries of one batch.
pub const MAX_BATCH: usize = 1_000;

async fn screen_batch(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    payload: Result<Json<Value>, JsonRejection>,
) -> Result<Json<Value>, ApiError> {
    let member = authenticate(&state, &headers)?;
    let request = body(payload)?;
    let queries = request
        .get("queries")
        .and_then(Value::as_array)
        .ok_or_else(|| ApiError::bad_request("invalid_input", "queries: missing or not a list"))?;
    if queries.len() > MAX_BATCH {
        return Err(ApiError::bad_request(
            "invalid_input",
            format!("queries: {} given, at most {MAX_BATCH}", queries.len()),
        ));
    }
    // every query is read before any is screened: a bad one refuses the batch. A query
    // with a "number" is a document, any other an FtM person.
    let read = |at: usize, query: &Value| -> Result<BatchQuery, ApiError> {
        let placed = |error: ApiError| match error {
            ApiError::BadRequest { code, message } => {
                ApiError::bad_request(code, format!("queries[{at}]: {message}"))
            }
            other => other,
        };
        if query.get("number").is_some() {
            let (number, issuing_state) = wire::document_query(query).map_err(placed)?;
            return Ok(BatchQuery::Document(DocumentQuery {
                number,
                issuing_state,
                kept_as: query.to_string(),
            }));
        }
        let entity = wire::person(query).map_err(placed)?;
        Ok(BatchQuery::Person(PersonQuery::from_entity(
            entity,
            query.to_string(),
            None,
        )))
    };
    let parsed = queries
        .iter()
        .enumerate()
        .map(|(at, query)| read(at, query))
        .collect::<Result<Vec<_>, _>>()?;
    let index = state.index()?;
    let screened = state
        .screener(&index, &member)
        .batch(&parsed, audit::Action::ScreenBatch)?;
    state
        .metrics
        .add_hits(screened.iter().map(Screened::hits).sum());
    let mut answer = json!({});
    answer["responses"] = screened.iter().map(Screened::answer).collect();
    Ok(Json(answer))
}

/// The most results a yente-compatible query may ask for.
const MAX_MATCH_LIMIT: usize = 100;

/// yente's `POST /match/{dataset}`: the same request and answer shapes, so that existing
/// screening clients work unchanged. `default` is every record the caller may screen
/// against. Restricted records appear as yente results without their data: the threshold
/// as score, and whom to contact or to refer to the owner in the caption.
async fn yente_match(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Path(dataset): Path<String>,
    Query(query): Query<std::collections::HashMap<String, String>>,
    payload: Result<Json<Value>, JsonRejection>,
) -> Result<Json<Value>, ApiError> {
    let member = authenticate(&state, &headers)?;
    // `default` is every record; a member's name, the records that member contributed
    let owner = match dataset.as_str() {
        "default" => None,
        name => Some(
            state
                .with_reader(|reader| Ok(reader.member_by_name(name)?))?
                .map(|row| row.id)
                .ok_or_else(|| {
                    ApiError::NotFound(format!(
                        "no dataset {dataset:?}: \"default\" holds every record you may screen against, a member's name the records it contributed"
                    ))
                })?,
        ),
    };
    let limit = wire::bounded_number(
        &query,
        "limit",
        state.config.limit as i64,
        1..=MAX_MATCH_LIMIT as i64,
    )? as usize;
    let threshold = match query.get("threshold") {
        None => state.config.threshold,
        Some(text) => text
            .parse::<f32>()
            .ok()
            .filter(|threshold| (0.0..=1.0).contains(threshold))
            .ok_or_else(|| {
                ApiError::bad_request(
                    "invalid_input",
                    format!("threshold: {text:?} is not a number from 0 to 1"),
                )
            })?,
    };
    let request = body(payload)?;
    let queries = request
        .get("queries")
        .and_then(Value::as_object)
        .ok_or_else(|| {
            ApiError::bad_request("invalid_input", "queries: missing or not an object")
        })?;
    if queries.len() > MAX_BATCH {
        return Err(ApiError::bad_request(
            "invalid_input",
            format!("queries: {} given, at most {MAX_BATCH}", queries.len()),
        ));
    }
    let mut persons = Vec::with_capacity(queries.len());
    for (key, example) in queries {
        // yente's examples need no id: the query's key stands in
        let mut entity = example.clone();
        if let Some(object) = entity.as_object_mut() {
            object.entry("id").or_insert_with(|| json!(key));
        }
        let person = wire::person(&entity).map_err(|error| match error {
            ApiError::BadRequest { code, message } => {
                ApiError::bad_request(code, format!("queries.{key}: {message}"))
            }
            other => other,
        })?;
        persons.push(BatchQuery::Person(PersonQuery::from_entity(
            person,
            entity.to_string(),
            owner,
        )));
    }
    let index = state.index()?;
    let mut screener = state.screener(&index, &member);
    screener.settings.limit = limit;
    screener.settings.threshold = threshold;
    let screened = screener.batch(&persons, audit::Action::Match)?;
    state
        .metrics
        .add_hits(screened.iter().map(Screened::hits).sum());
    let mut responses = serde_json::Map::new();
    for ((key, example), screened) in queries.iter().zip(&screened) {
        // the listed records, read as committed (the hits are on disk by now)
        let results = state.with_reader(|reader| {
            wire::yente_results(reader, &screened.findings, &screened.raised, threshold)
        })?;
        let mut response = json!({
            "status": 200,
            "total": {"value": results.len(), "relation": "eq"},
            "query": example,
        });
        // moved in: `json!` copies what is written inside it
        response["results"] = Value::Array(results);
        if !screened.warnings.is_empty() {
            response["warnings"] = json!(screened.warnings);
        }
        responses.insert(key.clone(), response);
    }
    let mut answer = json!({
        "matcher": {
            "name": "gatecheck",
            "description": "multilingual name matching with qualifiers, see ARCHITECTURE.md",
            "features": {"name_score": {"description": "the name score before qualifiers", "coefficient": 1.0}},
        },
        "limit": limit,
    });
    answer["responses"] = Value::Object(responses);
    Ok(Json(answer))
}

fn not_found(id: &str) -> ApiError {
    ApiError::NotFound(format!("no {id:?} here"))
}

/// How often a notification stream looks for new notifications.
const STREAM_POLL: std::time::Duration = std::time::Duration::from_millis(500);

/// Server-sent events: each new notification of the caller's as an event `notification`
/// (its id as the event id, so a client resumes with `?after=`). The key is checked again
/// before each look, so a revoked key ends the stream.
async fn stream_notifications(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Query(query): Query<std::collections::HashMap<String, String>>,
) -> Result<
    axum::response::sse::Sse<
        impl futures_util::Stream<Item = Result<axum::response::sse::Event, std::convert::Infallible>>,
    >,
    ApiError,
> {
    use axum::response::sse::{Event, KeepAlive, Sse};
    let asked = headers.clone();
    on_blocking_pool(&state, move |state| authenticate(state, &asked)).await?;
    let after = wire::bounded_number(&query, "after", 0, 0..=i64::MAX)?;
    let stream = futures_util::stream::unfold(
        (state, headers, after, std::collections::VecDeque::new()),
        |(state, headers, mut after, mut pending)| async move {
            loop {
                if let Some(event) = pending.pop_front() {
                    return Some((Ok(event), (state, headers, after, pending)));
                }
                let asked = headers.clone();
                let notifications = on_blocking_pool(&state, move |state| {
                    let member = authenticate(state, &asked)?;
                    Ok(hits::notifications(
                        &mut *state.store()?,
                        &member,
                        after,
                        100,
                        (state.clock)(),
                    )?)
                })
                .await
                .ok()?;
                for n in notifications {
                    after = n.id;
                    let data = wire::notification(&n);
                    pending.push_back(
                        Event::default()
                            .event("notification")
                            .id(n.id.to_string())
                            .data(data.to_string()),
                    );
                }
                if pending.is_empty() {
                    tokio::time::sleep(STREAM_POLL).await;
                }
            }
        },
    );
    Ok(Sse::new(stream).keep_alive(KeepAlive::default()))
}

pub use gatecheck_service::dates::{day, utc};

#[cfg(test)]
mod tests {
    use super::{ApiConfig, AppState};
    use gatecheck_engine::watchlist::MatchConfig;
    use gatecheck_service::access::{Access, RecordTerms};
    use gatecheck_service::members::{self, Member};
    use gatecheck_service::records;
    use gatecheck_store::Store;
    use std::sync::Arc;

    fn clock() -> i64 {
        1_795_910_400
    }

    fn write(state: &Arc<AppState>, owner: &Member, id: &str, name: &str) -> i64 {
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
