//! Errors of the harness. None is the test's fault: PostgreSQL is missing, a program it
//! runs failed, or the server did not come up or go down as asked.

use std::path::PathBuf;
use std::process::ExitStatus;
use std::time::Duration;

/// Why a throwaway cluster could not be started, stopped or killed.
#[derive(Debug, thiserror::Error)]
pub enum HarnessError {
    /// The one error a test may skip on (see `TempCluster::start_or_skip`).
    #[error(
        "no PostgreSQL found: no directory with initdb, postgres and createdb on PATH or in \
         /usr/lib/postgresql/*/bin"
    )]
    NotInstalled,
    #[error("running as root, the server must run as user postgres, but {reason}")]
    NoPostgresUser { reason: String },
    #[error("{action} {}: {source}", path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("could not run `{command}`: {source}")]
    Spawn {
        command: String,
        source: std::io::Error,
    },
    #[error("`{command}` failed ({status}):\n{output}")]
    CommandFailed {
        command: String,
        status: ExitStatus,
        output: String,
    },
    #[error(
        "postgres exited ({status}) before accepting connections; last lines of {}:\n{log_tail}",
        log.display()
    )]
    ServerExited {
        status: ExitStatus,
        log: PathBuf,
        log_tail: String,
    },
    #[error(
        "postgres did not accept connections within {waited:?} and was killed; last lines of \
         {}:\n{log_tail}",
        log.display()
    )]
    StartTimedOut {
        waited: Duration,
        log: PathBuf,
        log_tail: String,
    },
    #[error(
        "postgres did not shut down within {waited:?} and was killed; last lines of {}:\n{log_tail}",
        log.display()
    )]
    StopTimedOut {
        waited: Duration,
        log: PathBuf,
        log_tail: String,
    },
    #[error("processes {pids:?} of the killed server were still alive after {waited:?}")]
    SurvivedKill { pids: Vec<u32>, waited: Duration },
    #[error("cannot {action}: the server is not running")]
    NotRunning { action: &'static str },
}
