//! `gatecheck user disable` and `gatecheck user enable` as an operator runs them (issue 17):
//! the real binary on a data directory made here; what it changed read back from the store.

use gatecheck_service::console::{self, SessionUse};
use gatecheck_store::Store;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

const GATECHECK: &str = env!("CARGO_BIN_EXE_gatecheck");
const PASSWORD: &str = "a long enough password";

fn gatecheck(data: &Path, arguments: &[&str], input: &str) -> Output {
    let mut child = Command::new(GATECHECK)
        .args(arguments)
        .arg("--data")
        .arg(data)
        .env_remove("GATECHECK_DATA")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("cannot run gatecheck");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn said(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

#[test]
fn an_operator_disables_and_enables_a_console_user_again() {
    let data = tempfile::tempdir().unwrap();
    for arguments in [
        &["member", "add", "jordan-psd", "--country", "JOR"][..],
        &["member", "add", "iraq-nsa", "--country", "IRQ"],
    ] {
        let output = gatecheck(data.path(), arguments, "");
        assert!(output.status.success(), "{}", said(&output));
    }
    let output = gatecheck(
        data.path(),
        &["user", "add", "amina", "--member", "jordan-psd"],
        &format!("{PASSWORD}\n"),
    );
    assert!(output.status.success(), "{}", said(&output));
    // she signs in
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let (_, session) = {
        let mut store = Store::open(data.path()).unwrap();
        console::sign_in(&mut store, "amina", PASSWORD, now).unwrap()
    };

    // only an active user is disabled, and only of the member named
    let output = gatecheck(
        data.path(),
        &["user", "disable", "amina", "--member", "iraq-nsa"],
        "",
    );
    assert_eq!(output.status.code(), Some(2), "{}", said(&output));
    assert!(said(&output).contains("no active user \"amina\" of member iraq-nsa"));
    let output = gatecheck(data.path(), &["user", "disable", "amina"], "");
    assert!(output.status.success(), "{}", said(&output));
    assert!(said(&output).contains("disabled user amina"));
    let listed = gatecheck(data.path(), &["user", "list", "--member", "jordan-psd"], "");
    assert_eq!(said(&listed), "amina\tofficer\ten\tdisabled\n");

    // only a disabled user is enabled, and only of the member named
    let output = gatecheck(
        data.path(),
        &["user", "enable", "amina", "--member", "iraq-nsa"],
        "",
    );
    assert_eq!(output.status.code(), Some(2), "{}", said(&output));
    assert!(said(&output).contains("no disabled user \"amina\" of member iraq-nsa"));
    let output = gatecheck(
        data.path(),
        &["user", "enable", "amina", "--member", "jordan-psd"],
        "",
    );
    assert!(output.status.success(), "{}", said(&output));
    assert!(said(&output).contains("enabled user amina"));
    let listed = gatecheck(data.path(), &["user", "list", "--member", "jordan-psd"], "");
    assert_eq!(said(&listed), "amina\tofficer\ten\n");
    let output = gatecheck(data.path(), &["user", "enable", "amina"], "");
    assert_eq!(output.status.code(), Some(2), "{}", said(&output));
    assert!(said(&output).contains("no disabled user \"amina\""));

    // enabled, not revived: the session she had stays ended, she signs in anew; both
    // changes audited
    let mut store = Store::open(data.path()).unwrap();
    assert!(console::session(&mut store, &session, now, SessionUse::Officer).is_err());
    assert!(console::sign_in(&mut store, "amina", PASSWORD, now).is_ok());
    let changes: Vec<(String, String)> = store
        .audit_entries(1, 1000)
        .unwrap()
        .into_iter()
        .filter(|row| row.action == "user.disable" || row.action == "user.enable")
        .map(|row| (row.action, row.subject))
        .collect();
    assert_eq!(
        changes,
        [
            ("user.disable".to_string(), "user amina".to_string()),
            ("user.enable".to_string(), "user amina".to_string()),
        ]
    );
    let verified = gatecheck(data.path(), &["audit", "verify"], "");
    assert!(verified.status.success(), "{}", said(&verified));
}
