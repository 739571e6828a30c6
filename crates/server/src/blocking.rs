//! Where handlers run: on tokio's blocking pool, not on the async runtime's few workers, a
//! bounded number at once, with turns of their own for the owners' record writes.

use crate::{ApiError, AppState};
use axum::extract::State;
use std::sync::Arc;

/// Handlers run at once: four a core. The work is mostly the processor's (screening),
/// but each screening's write waits for its group's commit, a core left idle meanwhile
/// unless another handler has work. With writes grouped (`writing.rs`), four a core answered
/// 1,600-1,780 screenings a second and two a core 1,443 (`bench-service --persons 1000000
/// --documents 1000000 --seconds 30 --connections 8`); before the grouping, with a commit a
/// request, two a core was best (1,428; a handler for each connection 1,238-1,263).
pub(crate) fn handlers_at_once() -> usize {
    let cores = std::thread::available_parallelism().map_or(2, |cores| cores.get());
    (HANDLERS_A_CORE * cores).max(2)
}

const HANDLERS_A_CORE: usize = 4;

/// Record writes handled at once beside the screenings' handlers. An owner's change of its
/// records must be screened against soon; queued behind eight screenings, a write waited
/// its turn as long as it took (see the README's writer beside the screening).
pub(crate) const RECORD_WRITERS_AT_ONCE: usize = 2;

/// Whether a request writes, replaces or deletes a record (`/v1/records...`).
fn is_record_write(method: &axum::http::Method, path: &str) -> bool {
    method != axum::http::Method::GET && (path == "/v1/records" || path.starts_with("/v1/records/"))
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
pub(crate) async fn off_the_async_workers(
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
pub(crate) async fn on_blocking_pool<T: Send + 'static>(
    state: &Arc<AppState>,
    work: impl FnOnce(&AppState) -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    let state = Arc::clone(state);
    tokio::task::spawn_blocking(move || work(&state))
        .await
        .map_err(|error| ApiError::Internal(format!("blocking work failed: {error}")))?
}
