//! Runs PostgreSQL's programs as a user it accepts, and signals the server's processes,
//! without `unsafe` (the workspace forbids it): through `setpriv`, `sh`'s `kill` and
//! `/proc`. Linux only, like the machines gatecheck is tested on.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::HarnessError;

/// Who runs `initdb` and `postgres`: both refuse to run as root.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ServerAccount {
    CurrentUser,
    /// We are root (as tests in CI are): the programs run as Debian's `postgres` user, and
    /// the cluster's directory is given to it.
    Postgres {
        uid: u32,
        gid: u32,
    },
}

impl ServerAccount {
    pub(crate) fn for_this_process() -> Result<Self, HarnessError> {
        if id(&["-u"])? != 0 {
            return Ok(ServerAccount::CurrentUser);
        }
        let postgres_id = |flag| {
            id(&[flag, "postgres"]).map_err(|error| HarnessError::NoPostgresUser {
                reason: error.to_string(),
            })
        };
        Ok(ServerAccount::Postgres {
            uid: postgres_id("-u")?,
            gid: postgres_id("-g")?,
        })
    }

    /// A command running `program` as this account.
    ///
    /// `setpriv` rather than `runuser`: setpriv execs the program, so the child we hold is the
    /// postmaster itself; runuser stays as its parent (to close a PAM session), and a
    /// SIGQUIT sent to it was ignored, the server left running.
    pub(crate) fn command(self, program: &Path) -> Command {
        match self {
            ServerAccount::CurrentUser => Command::new(program),
            ServerAccount::Postgres { uid, gid } => {
                let mut command = Command::new("setpriv");
                command
                    .arg(format!("--reuid={uid}"))
                    .arg(format!("--regid={gid}"))
                    .arg("--init-groups")
                    .arg("--")
                    .arg(program);
                command
            }
        }
    }

    /// Lets the account create the data directory and the socket in `dir`.
    pub(crate) fn take_ownership(self, dir: &Path) -> Result<(), HarnessError> {
        match self {
            ServerAccount::CurrentUser => Ok(()),
            ServerAccount::Postgres { uid, gid } => {
                std::os::unix::fs::chown(dir, Some(uid), Some(gid)).map_err(|source| {
                    HarnessError::Io {
                        action: "giving user postgres",
                        path: dir.to_path_buf(),
                        source,
                    }
                })
            }
        }
    }
}

/// A user or group id from `id(1)`, which asks the system's user database as `getpwnam`
/// would.
fn id(args: &[&str]) -> Result<u32, HarnessError> {
    let mut command = Command::new("id");
    command.args(args);
    let output = run_to_completion(&mut command)?;
    let printed = String::from_utf8_lossy(&output.stdout).trim().to_string();
    match printed.parse() {
        Ok(id) if output.status.success() => Ok(id),
        _ => Err(HarnessError::CommandFailed {
            command: command_line(&command),
            status: output.status,
            output: format!(
                "{printed}{}",
                String::from_utf8_lossy(&output.stderr).trim()
            ),
        }),
    }
}

/// Runs `command` with its output captured.
pub(crate) fn run_to_completion(
    command: &mut Command,
) -> Result<std::process::Output, HarnessError> {
    command
        .stdin(Stdio::null())
        .output()
        .map_err(|source| HarnessError::Spawn {
            command: command_line(command),
            source,
        })
}

/// `command` as it would be typed, for error messages.
pub(crate) fn command_line(command: &Command) -> String {
    std::iter::once(command.get_program())
        .chain(command.get_args())
        .map(|part| part.to_string_lossy())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The signals the harness sends, named as `kill -s` takes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Signal {
    /// The postmaster's "fast" shutdown: sessions ended, a checkpoint written.
    FastShutdown,
    /// The postmaster's "immediate" shutdown: children quit, no checkpoint.
    ImmediateShutdown,
    /// Freezes a process, so that the postmaster forks nothing while its children are
    /// listed.
    Freeze,
    Kill,
}

impl Signal {
    fn name(self) -> &'static str {
        match self {
            Signal::FastShutdown => "INT",
            Signal::ImmediateShutdown => "QUIT",
            Signal::Freeze => "STOP",
            Signal::Kill => "KILL",
        }
    }
}

/// Sends `signal` to `pids`, through the shell's own `kill`: `sh` is on every machine, where
/// `/bin/kill` needs procps.
pub(crate) fn send_signal(signal: Signal, pids: &[u32]) -> Result<(), HarnessError> {
    let mut command = Command::new("sh");
    command
        .args(["-c", r#"kill -s "$0" "$@""#, signal.name()])
        .args(pids.iter().map(u32::to_string));
    let output = run_to_completion(&mut command)?;
    if !output.status.success() {
        return Err(HarnessError::CommandFailed {
            command: command_line(&command),
            status: output.status,
            output: String::from_utf8_lossy(&output.stderr).trim().to_string(),
        });
    }
    Ok(())
}

/// The processes whose parent is `parent_pid`, from `/proc/<pid>/stat`.
pub(crate) fn children_of(parent_pid: u32) -> Vec<u32> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .filter_map(|entry| entry.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter(|&pid| process_status(pid).is_some_and(|status| status.parent_pid == parent_pid))
        .collect()
}

/// Waits until each of `pids` has exited (a zombie counts: it holds no memory, and the
/// children of a killed postmaster are nobody's to reap when PID 1 does not).
pub(crate) fn wait_until_gone(pids: &[u32], timeout: Duration) -> Result<(), HarnessError> {
    let deadline = Instant::now() + timeout;
    loop {
        let alive: Vec<u32> = pids
            .iter()
            .copied()
            .filter(|&pid| process_status(pid).is_some_and(|status| status.state != 'Z'))
            .collect();
        if alive.is_empty() {
            return Ok(());
        }
        if Instant::now() >= deadline {
            return Err(HarnessError::SurvivedKill {
                pids: alive,
                waited: timeout,
            });
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

struct ProcessStatus {
    state: char,
    parent_pid: u32,
}

/// `None` once the process is gone.
fn process_status(pid: u32) -> Option<ProcessStatus> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // "pid (command name) state ppid ...": the name may hold spaces and parentheses, so
    // the fields are read after its last ')'
    let after_name = &stat[stat.rfind(')')? + 1..];
    let mut fields = after_name.split_whitespace();
    let state = fields.next()?.chars().next()?;
    let parent_pid = fields.next()?.parse().ok()?;
    Some(ProcessStatus { state, parent_pid })
}
