//! What an operator is told (issue 13): a data directory that is not there is refused, not
//! made anew and empty; the one command that starts an installation says it made one;
//! `serve` takes its port before the long index build and will not share a data directory
//! with another `serve`; a password typed at a terminal is not echoed; an error is said
//! once.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

const GATECHECK: &str = env!("CARGO_BIN_EXE_gatecheck");

fn gatecheck(data: &Path, arguments: &[&str]) -> Output {
    Command::new(GATECHECK)
        .args(arguments)
        .arg("--data")
        .arg(data)
        .env_remove("GATECHECK_DATA")
        .stdin(Stdio::null())
        .output()
        .expect("cannot run gatecheck")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A data directory with one member.
fn installation() -> tempfile::TempDir {
    let data = tempfile::tempdir().unwrap();
    let added = gatecheck(
        data.path(),
        &["member", "add", "jordan-psd", "--country", "JOR"],
    );
    assert!(added.status.success(), "{}", stderr(&added));
    data
}

#[test]
fn commands_that_read_data_refuse_a_directory_that_is_not_there() {
    let parent = tempfile::tempdir().unwrap();
    let missing = parent.path().join("mistyped");
    for arguments in [
        &["audit", "verify"][..],
        &["member", "list"],
        &["user", "list", "--member", "x"],
        &["screen", "person", "--member", "x"],
        &["serve", "--listen", "127.0.0.1:0"],
    ] {
        let output = gatecheck(&missing, arguments);
        assert_eq!(output.status.code(), Some(2), "{arguments:?}");
        assert!(
            stderr(&output).contains("no gatecheck data in"),
            "{arguments:?}: {}",
            stderr(&output)
        );
        assert!(!missing.exists(), "{arguments:?} made the directory");
    }
    // the command that starts an installation makes it, and says so
    let added = gatecheck(
        &missing,
        &["member", "add", "jordan-psd", "--country", "JOR"],
    );
    assert!(added.status.success());
    assert!(stderr(&added).contains("created a new data directory"));
    let again = gatecheck(&missing, &["member", "add", "iraq-nsa", "--country", "IRQ"]);
    assert!(!stderr(&again).contains("created"));
}

#[test]
fn an_error_is_said_once() {
    let data = installation();
    let output = gatecheck(
        data.path(),
        &["member", "add", "jordan-psd", "--country", "JOR"],
    );
    assert_eq!(output.status.code(), Some(2));
    let said = stderr(&output);
    assert_eq!(said.matches("already exists").count(), 1, "{said}");
    let output = gatecheck(data.path(), &["member", "revoke", "nobody"]);
    let said = stderr(&output);
    assert_eq!(said.matches("nobody").count(), 1, "{said}");
}

/// Starts `serve`, returning it and its standard error read line by line.
fn serve(data: &Path, listen: &str) -> (Child, std::sync::mpsc::Receiver<String>) {
    let mut child = Command::new(GATECHECK)
        .args(["serve", "--listen", listen, "--data"])
        .arg(data)
        .env_remove("GATECHECK_DATA")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (send, lines) = std::sync::mpsc::channel();
    let err = child.stderr.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(err).lines().map_while(Result::ok) {
            if send.send(line).is_err() {
                break;
            }
        }
    });
    (child, lines)
}

/// Lines until one contains `wanted` (or the process's end, or `limit`).
fn wait_for(
    lines: &std::sync::mpsc::Receiver<String>,
    wanted: &str,
    limit: Duration,
) -> Vec<String> {
    let started = Instant::now();
    let mut seen = Vec::new();
    while let Some(left) = limit.checked_sub(started.elapsed()) {
        match lines.recv_timeout(left) {
            Ok(line) => {
                let found = line.contains(wanted);
                seen.push(line);
                if found {
                    break;
                }
            }
            Err(_) => break,
        }
    }
    seen
}

#[test]
fn serve_takes_its_port_first_and_its_data_directory_alone() {
    let data = installation();
    // a port in use is refused at once, before any indexing
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = taken.local_addr().unwrap().to_string();
    let started = Instant::now();
    let output = Command::new(GATECHECK)
        .args(["serve", "--listen", &address, "--data"])
        .arg(data.path())
        .env_remove("GATECHECK_DATA")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let said = stderr(&output);
    assert!(said.contains(&address), "{said}");
    assert!(!said.contains("indexed"), "indexed before binding: {said}");
    assert!(started.elapsed() < Duration::from_secs(20));
    drop(taken);

    // a second serve on the same data is refused while the first runs
    let (mut first, lines) = serve(data.path(), "127.0.0.1:0");
    let seen = wait_for(&lines, "listening on", Duration::from_secs(60));
    assert!(
        seen.iter().any(|line| line.contains("listening on")),
        "{seen:?}"
    );
    let second = Command::new(GATECHECK)
        .args(["serve", "--listen", "127.0.0.1:0", "--data"])
        .arg(data.path())
        .env_remove("GATECHECK_DATA")
        .output()
        .unwrap();
    first.kill().unwrap();
    let _ = first.wait();
    assert_eq!(second.status.code(), Some(2));
    assert!(
        stderr(&second).contains("another gatecheck serve"),
        "{}",
        stderr(&second)
    );
    // once the first has ended, the directory is free again
    let (mut third, lines) = serve(data.path(), "127.0.0.1:0");
    let seen = wait_for(&lines, "listening on", Duration::from_secs(60));
    third.kill().unwrap();
    let _ = third.wait();
    assert!(
        seen.iter().any(|line| line.contains("listening on")),
        "{seen:?}"
    );
}

/// A script that runs `gatecheck user add` on a pseudo-terminal, types the password at
/// each prompt, and prints everything the terminal showed.
const AT_A_TERMINAL: &str = r#"
import os, pty, select, sys, termios, time
program, data, password = sys.argv[1], sys.argv[2], sys.argv[3]
pid, fd = pty.fork()
if pid == 0:
    os.execv(program, [program, "user", "add", "amina", "--member", "jordan-psd", "--data", data])
shown = b""
def read_until(marker, limit=30):
    global shown
    end = time.time() + limit
    while marker not in shown and time.time() < end:
        ready, _, _ = select.select([fd], [], [], max(0.0, end - time.time()))
        if not ready:
            break
        try:
            chunk = os.read(fd, 1024)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
def type_when_hidden(text, limit=30):
    # as a person would, after the prompt: once the program has turned echo off (the
    # master side reads the terminal's settings)
    end = time.time() + limit
    try:
        while termios.tcgetattr(fd)[3] & termios.ECHO and time.time() < end:
            time.sleep(0.01)
        os.write(fd, text.encode() + b"\n")
    except OSError:
        pass
read_until(b"password for amina: ", 10)
type_when_hidden(password, 10)
read_until(b"the same again: ", 10)
type_when_hidden(password)
read_until(b"added user")
read_until(b"\n", 5)
# a program still waiting (one that never asked) is stopped rather than waited for
end = time.time() + 10
done, status = os.waitpid(pid, os.WNOHANG)
while done == 0 and time.time() < end:
    time.sleep(0.05)
    done, status = os.waitpid(pid, os.WNOHANG)
if done == 0:
    os.kill(pid, 9)
    _, status = os.waitpid(pid, 0)
sys.stdout.write(shown.decode("utf-8", "replace"))
sys.exit(os.waitstatus_to_exitcode(status))
"#;

#[test]
fn a_password_typed_at_a_terminal_is_not_shown() {
    if Command::new("python3").arg("--version").output().is_err() {
        // python3 is on every machine of this project (see .ci/run); without it the
        // terminal cannot be made here
        panic!("python3 is needed to make a pseudo-terminal for this test");
    }
    let data = installation();
    let password = "tamper proof passphrase 7";
    let output = Command::new("python3")
        .args(["-c", AT_A_TERMINAL, GATECHECK])
        .arg(data.path())
        .arg(password)
        .output()
        .unwrap();
    let shown = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{shown}\n{}", stderr(&output));
    assert!(shown.contains("added user amina"), "{shown}");
    assert!(
        !shown.contains(password),
        "the password was echoed: {shown}"
    );
    let listed = gatecheck(data.path(), &["user", "list", "--member", "jordan-psd"]);
    assert!(String::from_utf8_lossy(&listed.stdout).contains("amina"));
}

/// The allocator's option `main.rs` sets by number (`MI_OPTION_PURGE_DELAY`, 15) is its
/// purge delay: mimalloc lists its options in the order of their numbers when asked to be
/// verbose, so a mimalloc that numbered them otherwise fails here, not in production.
#[test]
fn the_allocator_option_set_at_start_is_its_purge_delay() {
    let output = Command::new(GATECHECK)
        .arg("--version")
        .env("MIMALLOC_VERBOSE", "1")
        .output()
        .expect("cannot run gatecheck");
    assert!(output.status.success());
    let listed = String::from_utf8_lossy(&output.stderr);
    let options: Vec<&str> = listed
        .split("option '")
        .skip(1)
        .filter_map(|rest| rest.split_once('\'').map(|(name, _)| name))
        .collect();
    assert_eq!(
        options.iter().position(|&name| name == "purge_delay"),
        Some(15),
        "{options:?}"
    );
}
