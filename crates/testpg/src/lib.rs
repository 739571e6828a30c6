//! Throwaway PostgreSQL clusters for gatecheck's tests: `initdb` into a temporary directory,
//! `postgres` reached by a unix socket in that directory only (no TCP port, so clusters of
//! tests running at once cannot collide), removed again when the cluster is dropped.
//!
//! Dev-only: the store's conformance tests run against it beside SQLite. The server runs as
//! this process's user, or as `postgres` when that is root (PostgreSQL refuses root, and CI
//! runs as root).
//!
//! ```no_run
//! use gatecheck_testpg::TempCluster;
//!
//! # fn main() -> Result<(), postgres::Error> {
//! let Some(cluster) = TempCluster::start_or_skip("my_test") else {
//!     return Ok(());
//! };
//! let mut client = postgres::Client::connect(&cluster.connection_string(), postgres::NoTls)?;
//! client.batch_execute("CREATE TABLE t (id int)")?;
//! # Ok(())
//! # }
//! ```
//!
//! The `postgres` client is synchronous and runs its own tokio runtime inside: calling it
//! from async code on a tokio runtime panics; use it from plain tests or `spawn_blocking`.

mod binaries;
mod error;
mod processes;

use std::fs::OpenOptions;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub use binaries::PostgresBinaries;
pub use error::HarnessError;
use processes::{
    children_of, command_line, run_to_completion, send_signal, wait_until_gone, ServerAccount,
    Signal,
};

/// With no TCP listener, the port only names the socket file (`.s.PGSQL.5432`), and each
/// cluster has its own socket directory: every cluster can use the default.
const PORT: u16 = 5432;
/// The superuser `initdb` creates; with `trust` authentication it needs no password.
const SUPERUSER: &str = "gatecheck";
const DATABASE: &str = "gatecheck";
const LOG_TAIL_LINES: usize = 20;
/// A fast shutdown writes a checkpoint first, which with fsync on may take a while on a busy
/// machine.
const FAST_SHUTDOWN_TIMEOUT: Duration = Duration::from_secs(60);
/// An immediate shutdown writes nothing; past this the server is killed.
const IMMEDIATE_SHUTDOWN_TIMEOUT: Duration = Duration::from_secs(10);
const KILL_TIMEOUT: Duration = Duration::from_secs(10);
const POLL_INTERVAL: Duration = Duration::from_millis(10);

/// How a cluster is set up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClusterConfig {
    /// The server's `fsync`: on by default, so that a test killing the server sees what a
    /// deployment would, committed rows coming back through crash recovery (which first
    /// syncs the whole data directory). Off for tests that only need a database;
    /// `synchronous_commit` stays on either way, so a commit is in the WAL once it returns.
    pub fsync: bool,
    /// More `-c name=value` settings for `postgres`, after the harness's own (the last of
    /// a name wins).
    pub settings: Vec<(String, String)>,
    /// How long `start` and `restart` wait for the server to accept connections.
    pub start_timeout: Duration,
}

impl Default for ClusterConfig {
    fn default() -> Self {
        ClusterConfig {
            fsync: true,
            settings: Vec::new(),
            start_timeout: Duration::from_secs(60),
        }
    }
}

/// A PostgreSQL cluster in a temporary directory, running until stopped, killed or dropped.
///
/// Its directory holds `data/` (the cluster), the socket and `server.log` (every start's
/// output, appended).
#[derive(Debug)]
pub struct TempCluster {
    binaries: PostgresBinaries,
    account: ServerAccount,
    config: ClusterConfig,
    directory: tempfile::TempDir,
    /// `None` while stopped or killed.
    postmaster: Option<Child>,
}

impl TempCluster {
    /// A running cluster with an empty database, fsync on.
    pub fn start() -> Result<Self, HarnessError> {
        Self::start_with(ClusterConfig::default())
    }

    pub fn start_with(config: ClusterConfig) -> Result<Self, HarnessError> {
        Self::start_using(PostgresBinaries::find()?, config)
    }

    /// A running cluster, or `None` after one line on stderr when PostgreSQL is not
    /// installed.
    ///
    /// # Panics
    /// When PostgreSQL is not installed and `GATECHECK_REQUIRE_POSTGRES` is set, as `.ci/run`
    /// sets it; and when an installed PostgreSQL fails to start.
    pub fn start_or_skip(test_name: &str) -> Option<Self> {
        Self::start_or_skip_with(test_name, ClusterConfig::default())
    }

    /// [`TempCluster::start_or_skip`] with `config`.
    pub fn start_or_skip_with(test_name: &str, config: ClusterConfig) -> Option<Self> {
        let binaries = PostgresBinaries::find_or_skip(test_name)?;
        match Self::start_using(binaries, config) {
            Ok(cluster) => Some(cluster),
            Err(error) => panic!("{test_name}: {error}"),
        }
    }

    /// Runs `initdb`, starts the server and creates the database.
    ///
    /// When the server does not come up, the error names its log, and the directory is kept
    /// so that the log can be read; the caller removes it.
    pub fn start_using(
        binaries: PostgresBinaries,
        config: ClusterConfig,
    ) -> Result<Self, HarnessError> {
        let account = ServerAccount::for_this_process()?;
        let directory = tempfile::Builder::new()
            .prefix("gatecheck-pg-")
            .tempdir()
            .map_err(|source| HarnessError::Io {
                action: "creating a temporary directory in",
                path: std::env::temp_dir(),
                source,
            })?;
        account.take_ownership(directory.path())?;
        let mut cluster = TempCluster {
            binaries,
            account,
            config,
            directory,
            postmaster: None,
        };
        cluster.initialise()?;
        if let Err(error) = cluster.launch() {
            cluster.directory.disable_cleanup(true);
            return Err(error);
        }
        cluster.create_database()?;
        Ok(cluster)
    }

    /// `host=<socket dir> port=5432 user=gatecheck dbname=gatecheck`, for
    /// `postgres::Client::connect`.
    pub fn connection_string(&self) -> String {
        format!(
            "host={} port={PORT} user={SUPERUSER} dbname={DATABASE}",
            connection_string_value(&self.socket_dir().to_string_lossy())
        )
    }

    /// The directory of the server's unix socket: libpq's `host`.
    pub fn socket_dir(&self) -> &Path {
        self.directory.path()
    }

    pub fn port(&self) -> u16 {
        PORT
    }

    /// The superuser; it connects without a password.
    pub fn user(&self) -> &str {
        SUPERUSER
    }

    /// The database created for the test (libpq's `dbname`).
    pub fn database(&self) -> &str {
        DATABASE
    }

    pub fn data_dir(&self) -> PathBuf {
        self.directory.path().join("data")
    }

    /// The server's output, every start appended.
    pub fn log_path(&self) -> PathBuf {
        self.directory.path().join("server.log")
    }

    pub fn binaries(&self) -> &PostgresBinaries {
        &self.binaries
    }

    /// The postmaster's process id while it runs.
    pub fn postmaster_pid(&self) -> Option<u32> {
        self.postmaster.as_ref().map(Child::id)
    }

    pub fn is_running(&self) -> bool {
        self.postmaster.is_some()
    }

    /// SIGKILL to the postmaster and each of its children at once, as a crash would end
    /// them: nothing is flushed or checkpointed. Returns once all are gone; `restart` then
    /// recovers from the WAL.
    pub fn kill_hard(&mut self) -> Result<(), HarnessError> {
        let Some(mut postmaster) = self.postmaster.take() else {
            return Err(HarnessError::NotRunning {
                action: "kill the server",
            });
        };
        kill_process_tree(&mut postmaster)
    }

    /// A fast shutdown: sessions are ended and a checkpoint is written. Nothing to do when
    /// the server is not running.
    pub fn stop(&mut self) -> Result<(), HarnessError> {
        match self.postmaster.take() {
            Some(mut postmaster) => {
                self.shut_down(&mut postmaster, Signal::FastShutdown, FAST_SHUTDOWN_TIMEOUT)
            }
            None => Ok(()),
        }
    }

    /// Starts the server again on the same data directory (stopping it first if it runs),
    /// and waits until it accepts connections: after `kill_hard`, until it has recovered.
    pub fn restart(&mut self) -> Result<(), HarnessError> {
        self.stop()?;
        self.launch()
    }

    fn initialise(&self) -> Result<(), HarnessError> {
        let mut initdb = self.account.command(&self.binaries.program("initdb"));
        initdb
            .arg("--pgdata")
            .arg(self.data_dir())
            .args(["--auth=trust", "--username", SUPERUSER])
            .args(["--encoding=UTF8", "--no-locale"])
            // initdb's closing sync (0.5 to 2 s of a 3 s start here) guards only against
            // the machine losing power just after; tests kill the server, never the machine,
            // and a crash recovery syncs the data directory anyway
            .arg("--no-sync")
            .current_dir(self.directory.path());
        run_successfully(&mut initdb)
    }

    fn launch(&mut self) -> Result<(), HarnessError> {
        let log_path = self.log_path();
        let (log_for_stdout, log_for_stderr) = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&log_path)
            .and_then(|log| Ok((log.try_clone()?, log)))
            .map_err(|source| HarnessError::Io {
                action: "opening the server log",
                path: log_path,
                source,
            })?;
        let fsync = if self.config.fsync { "on" } else { "off" };
        let mut postgres = self.account.command(&self.binaries.program("postgres"));
        postgres
            .arg("-D")
            .arg(self.data_dir())
            .arg("-k")
            .arg(self.socket_dir())
            .args(["-p", &PORT.to_string()])
            .args(["-c", "listen_addresses="])
            .args(["-c", &format!("fsync={fsync}")])
            .args(["-c", "synchronous_commit=on"]);
        for (name, value) in &self.config.settings {
            postgres.args(["-c", &format!("{name}={value}")]);
        }
        // the log is written by the file handle we pass, so its path need not be
        // writable by the server's account
        postgres
            .current_dir(self.directory.path())
            .stdin(Stdio::null())
            .stdout(log_for_stdout)
            .stderr(log_for_stderr);
        let starting = postgres.spawn().map_err(|source| HarnessError::Spawn {
            command: command_line(&postgres),
            source,
        })?;
        self.postmaster = Some(self.wait_until_ready(starting)?);
        Ok(())
    }

    /// Waits for the postmaster to write "ready" into `postmaster.pid`, as `pg_ctl -w` does:
    /// it writes that once it accepts connections, after any crash recovery.
    fn wait_until_ready(&self, mut starting: Child) -> Result<Child, HarnessError> {
        let waited_since = Instant::now();
        loop {
            let exited = starting.try_wait().map_err(|source| HarnessError::Io {
                action: "waiting for the server started on",
                path: self.data_dir(),
                source,
            })?;
            if let Some(status) = exited {
                return Err(HarnessError::ServerExited {
                    status,
                    log: self.log_path(),
                    log_tail: self.log_tail(),
                });
            }
            if self.postmaster_reports_ready(starting.id()) {
                return Ok(starting);
            }
            if waited_since.elapsed() >= self.config.start_timeout {
                let _ = kill_process_tree(&mut starting);
                return Err(HarnessError::StartTimedOut {
                    waited: self.config.start_timeout,
                    log: self.log_path(),
                    log_tail: self.log_tail(),
                });
            }
            std::thread::sleep(POLL_INTERVAL);
        }
    }

    /// Whether `postmaster.pid` says `pid` is ready. The pid is compared because a killed
    /// server leaves its own file behind, saying "ready".
    fn postmaster_reports_ready(&self, pid: u32) -> bool {
        let Ok(lock_file) = std::fs::read_to_string(self.data_dir().join("postmaster.pid")) else {
            return false;
        };
        let lines: Vec<&str> = lock_file.lines().collect();
        // line 1 the pid, line 8 the status (PostgreSQL's LOCK_FILE_LINE_PM_STATUS)
        lines.first() == Some(&pid.to_string().as_str())
            && lines.get(7).map(|status| status.trim()) == Some("ready")
    }

    fn create_database(&self) -> Result<(), HarnessError> {
        let mut createdb = Command::new(self.binaries.program("createdb"));
        createdb
            .arg("--host")
            .arg(self.socket_dir())
            .args(["--port", &PORT.to_string(), "--username", SUPERUSER])
            .arg("--no-password")
            .arg(DATABASE);
        run_successfully(&mut createdb)
    }

    /// Sends `signal` and waits for the postmaster to exit; kills it after `timeout`.
    fn shut_down(
        &self,
        postmaster: &mut Child,
        signal: Signal,
        timeout: Duration,
    ) -> Result<(), HarnessError> {
        if let Err(error) = send_signal(signal, &[postmaster.id()]) {
            let _ = kill_process_tree(postmaster);
            return Err(error);
        }
        let waited_since = Instant::now();
        while waited_since.elapsed() < timeout {
            if let Ok(Some(_)) = postmaster.try_wait() {
                return Ok(());
            }
            std::thread::sleep(POLL_INTERVAL);
        }
        kill_process_tree(postmaster)?;
        Err(HarnessError::StopTimedOut {
            waited: timeout,
            log: self.log_path(),
            log_tail: self.log_tail(),
        })
    }

    fn log_tail(&self) -> String {
        let log = std::fs::read(self.log_path()).unwrap_or_default();
        let log = String::from_utf8_lossy(&log);
        last_lines(&log, LOG_TAIL_LINES)
    }
}

impl Drop for TempCluster {
    /// An immediate shutdown (no checkpoint: the data is thrown away), then the directory
    /// goes with `self.directory`. Errors are ignored: a drop must not panic, and the
    /// postmaster would end by itself within a minute of its directory going.
    fn drop(&mut self) {
        if let Some(mut postmaster) = self.postmaster.take() {
            let _ = self.shut_down(
                &mut postmaster,
                Signal::ImmediateShutdown,
                IMMEDIATE_SHUTDOWN_TIMEOUT,
            );
        }
    }
}

/// Kills the postmaster and its children and reaps it.
///
/// The postmaster is frozen first, so that it forks no child while they are listed; each
/// child is in a process group of its own, so one signal to the postmaster's group would
/// not reach them.
fn kill_process_tree(postmaster: &mut Child) -> Result<(), HarnessError> {
    let postmaster_pid = postmaster.id();
    let frozen_and_killed = send_signal(Signal::Freeze, &[postmaster_pid]).and_then(|()| {
        let children = children_of(postmaster_pid);
        let everyone: Vec<u32> = std::iter::once(postmaster_pid)
            .chain(children.iter().copied())
            .collect();
        send_signal(Signal::Kill, &everyone)?;
        Ok(children)
    });
    let children = match frozen_and_killed {
        Ok(children) => children,
        Err(error) => {
            // at least the postmaster, which std can kill itself
            let _ = postmaster.kill();
            let _ = postmaster.wait();
            return Err(error);
        }
    };
    let _ = postmaster.wait();
    wait_until_gone(&children, KILL_TIMEOUT)
}

/// Runs `command` and turns a failure into an error carrying the end of its output.
fn run_successfully(command: &mut Command) -> Result<(), HarnessError> {
    let output = run_to_completion(command)?;
    if output.status.success() {
        return Ok(());
    }
    let printed = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    Err(HarnessError::CommandFailed {
        command: command_line(command),
        status: output.status,
        output: last_lines(&printed, LOG_TAIL_LINES),
    })
}

fn last_lines(text: &str, count: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(count)..].join("\n")
}

/// `value` quoted as a libpq connection string needs it when it holds a space, a quote or a
/// backslash.
fn connection_string_value(value: &str) -> String {
    let needs_quotes = value.is_empty() || value.contains([' ', '\'', '\\']);
    if !needs_quotes {
        return value.to_string();
    }
    let escaped = value.replace('\\', r"\\").replace('\'', r"\'");
    format!("'{escaped}'")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connection_string_values_are_quoted_only_when_they_must_be() {
        assert_eq!(
            connection_string_value("/tmp/gatecheck-pg-x"),
            "/tmp/gatecheck-pg-x"
        );
        assert_eq!(connection_string_value("/tmp/a dir"), "'/tmp/a dir'");
        assert_eq!(connection_string_value(r"/tmp/it's\x"), r"'/tmp/it\'s\\x'");
        assert_eq!(connection_string_value(""), "''");
    }

    #[test]
    fn last_lines_keeps_the_end() {
        assert_eq!(last_lines("a\nb\nc\n", 2), "b\nc");
        assert_eq!(last_lines("a", 5), "a");
    }
}
