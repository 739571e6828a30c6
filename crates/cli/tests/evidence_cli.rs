//! Evidence that proves itself, as an operator and a court meet it: the hub's key made
//! once, a bundle of one hit checked offline with the hub's verifier key alone, an edit
//! anywhere in it refused, and a log emptied or edited behind the checkpoints it signed
//! found out. The persons are fictional.

use std::path::Path;
use std::process::{Command, Output};

const GATECHECK: &str = env!("CARGO_BIN_EXE_gatecheck");

fn gatecheck(data: &Path, arguments: &[&str]) -> Output {
    gatecheck_with_input(data, arguments, "")
}

fn gatecheck_with_input(data: &Path, arguments: &[&str], input: &str) -> Output {
    use std::io::Write;
    let mut child = Command::new(GATECHECK)
        .args(arguments)
        .arg("--data")
        .arg(data)
        .env_remove("GATECHECK_DATA")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
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

/// Runs a command that takes no `--data` (checking a bundle needs no database).
fn offline(arguments: &[&str]) -> Output {
    Command::new(GATECHECK)
        .args(arguments)
        .env_remove("GATECHECK_DATA")
        .output()
        .expect("cannot run gatecheck")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Two members, one listed person of the first, a screening by the second that hits it,
/// and the hub's key: the data directory and the verifier key.
fn hub_with_a_hit(data: &Path) -> String {
    for (name, country) in [("jordan-psd", "JOR"), ("iraq-nsa", "IRQ")] {
        let added = gatecheck(data, &["member", "add", name, "--country", country]);
        assert!(added.status.success(), "{added:?}");
    }
    let file = data.join("records.jsonl");
    std::fs::write(
        &file,
        r#"{"id": "r1", "schema": "Person", "properties": {"name": ["Yusuf Adnan Haddad"], "birthDate": ["1984-03-12"]}}
"#,
    )
    .unwrap();
    let imported = gatecheck(
        data,
        &[
            "import",
            "--member",
            "jordan-psd",
            "--access",
            "all",
            "--action",
            "refer to secondary inspection",
            "--review-by",
            "2099-01-01",
            file.to_str().unwrap(),
        ],
    );
    assert!(imported.status.success(), "{imported:?}");
    let screened = gatecheck_with_input(
        data,
        &["screen", "person", "--member", "iraq-nsa"],
        r#"{"id": "t1", "schema": "Person", "properties": {"name": ["Yusuf Haddad"], "birthDate": ["1984-03-12"]}}
"#,
    );
    assert!(screened.status.success(), "{screened:?}");
    let created = gatecheck(data, &["keys", "create", "--name", "hub.example"]);
    assert!(created.status.success(), "{created:?}");
    let key = stdout(&created).trim().to_string();
    assert!(key.starts_with("hub.example+"), "{key}");
    key
}

#[test]
fn a_bundle_of_one_hit_is_proven_offline_with_the_hubs_key_and_an_edit_is_refused() {
    let data = tempfile::tempdir().unwrap();
    let key = hub_with_a_hit(data.path());
    // the key is made once
    let again = gatecheck(data.path(), &["keys", "create"]);
    assert_ne!(again.status.code(), Some(0), "{again:?}");
    // a key others could read is refused, as ssh refuses one
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let file = data.path().join("audit-signing.key");
        let mode = std::fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
        let shown = gatecheck(data.path(), &["keys", "show"]);
        assert_ne!(shown.status.code(), Some(0), "{shown:?}");
        assert!(
            String::from_utf8_lossy(&shown.stderr).contains("chmod 600"),
            "{shown:?}"
        );
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    assert_eq!(
        stdout(&gatecheck(data.path(), &["keys", "show"])).trim(),
        key
    );
    let bundle = data.path().join("hit-1.json");
    let written = gatecheck(
        data.path(),
        &[
            "audit",
            "bundle",
            "--hit",
            "1",
            "--out",
            bundle.to_str().unwrap(),
        ],
    );
    assert!(written.status.success(), "{written:?}");
    let text = std::fs::read_to_string(&bundle).unwrap();
    assert!(text.len() < 10_000, "{} bytes", text.len());
    let checked = offline(&[
        "audit",
        "check-bundle",
        bundle.to_str().unwrap(),
        "--key",
        &key,
    ]);
    assert_eq!(checked.status.code(), Some(0), "{checked:?}");
    let report = stdout(&checked);
    assert!(
        report.starts_with("bundle proven: 1 entry about hit 1 is in the audit log"),
        "{report}"
    );
    assert!(
        report.contains("with the content the first one digests"),
        "{report}"
    );

    // without the hub's key it is not proven, whatever the bundle says of itself
    let keyless = offline(&["audit", "check-bundle", bundle.to_str().unwrap()]);
    assert_ne!(keyless.status.code(), Some(0), "{keyless:?}");

    // another hub's key, an edited entry, edited content, a proof cut short: all refused
    let other = tempfile::tempdir().unwrap();
    gatecheck(other.path(), &["member", "add", "x", "--country", "JOR"]);
    let other_key = stdout(&gatecheck(
        other.path(),
        &["keys", "create", "--name", "hub.example"],
    ));
    let refused = |edited: &str, key: &str, why: &str| {
        let path = data.path().join("edited.json");
        std::fs::write(&path, edited).unwrap();
        let checked = offline(&[
            "audit",
            "check-bundle",
            path.to_str().unwrap(),
            "--key",
            key,
        ]);
        assert_eq!(checked.status.code(), Some(1), "{why}: {checked:?}");
        assert!(stdout(&checked).starts_with("bundle NOT proven"), "{why}");
    };
    refused(
        &text,
        other_key.trim(),
        "another hub's key of the same name",
    );
    let mut value: serde_json::Value = serde_json::from_str(&text).unwrap();
    value["entries"][0]["actor"] = serde_json::json!("member:jordan-psd");
    refused(&value.to_string(), &key, "an entry's actor edited");
    let mut value: serde_json::Value = serde_json::from_str(&text).unwrap();
    let query = value["content"]["text"]
        .as_str()
        .unwrap()
        .replace("Yusuf", "Yousef");
    value["content"]["text"] = serde_json::json!(query);
    refused(&value.to_string(), &key, "the query edited");
    let mut value: serde_json::Value = serde_json::from_str(&text).unwrap();
    value["entries"][0]["proof"].as_array_mut().unwrap().pop();
    refused(&value.to_string(), &key, "a proof cut short");
}

#[test]
fn a_log_edited_or_emptied_behind_its_signed_checkpoints_is_found() {
    let data = tempfile::tempdir().unwrap();
    let key = hub_with_a_hit(data.path());
    let signed = gatecheck(data.path(), &["audit", "checkpoint"]);
    assert!(signed.status.success(), "{signed:?}");
    let kept = data.path().join("kept-checkpoint.txt");
    std::fs::write(&kept, stdout(&signed)).unwrap();
    let verified = gatecheck(
        data.path(),
        &["audit", "verify", "--checkpoint", kept.to_str().unwrap()],
    );
    assert_eq!(verified.status.code(), Some(0), "{verified:?}");
    assert!(
        stdout(&verified).contains("signed checkpoints verified"),
        "{verified:?}"
    );

    // an entry edited and its chain hashes made again, as one who can write the
    // database would: the chain holds, the signed root does not
    {
        let store = gatecheck_store::Store::open(data.path()).unwrap();
        let connection = store.connection_for_tests();
        connection
            .execute("UPDATE audit SET actor = 'member:nobody' WHERE seq = 2", [])
            .unwrap();
        let rows = store.audit_entries(1, i64::MAX).unwrap();
        let mut previous = gatecheck_store::CHAIN_START.to_string();
        for mut row in rows {
            row.previous = previous;
            row.hash = gatecheck_service::audit::chain_hash(&row);
            connection
                .execute(
                    "UPDATE audit SET previous = ?1, hash = ?2 WHERE seq = ?3",
                    (&row.previous, &row.hash, row.seq),
                )
                .unwrap();
            previous = row.hash;
        }
    }
    let rewritten = gatecheck(data.path(), &["audit", "verify", "--key", &key]);
    assert_eq!(rewritten.status.code(), Some(1), "{rewritten:?}");
    let report = stdout(&rewritten);
    assert!(report.starts_with("audit log intact"), "{report}");
    assert!(report.contains("audit tree broken"), "{report}");

    // the whole log emptied, checkpoints and tree too: only a checkpoint kept elsewhere
    // shows it
    {
        let store = gatecheck_store::Store::open(data.path()).unwrap();
        store
            .connection_for_tests()
            .execute_batch(
                "DELETE FROM audit; DELETE FROM audit_node; DELETE FROM audit_checkpoint;",
            )
            .unwrap();
    }
    let emptied = gatecheck(data.path(), &["audit", "verify"]);
    assert_eq!(
        emptied.status.code(),
        Some(0),
        "an empty log is a log: {emptied:?}"
    );
    let against_kept = gatecheck(
        data.path(),
        &[
            "audit",
            "verify",
            "--checkpoint",
            kept.to_str().unwrap(),
            "--key",
            &key,
        ],
    );
    assert_eq!(against_kept.status.code(), Some(1), "{against_kept:?}");
    assert!(
        stdout(&against_kept).contains("entries were removed"),
        "{against_kept:?}"
    );
}
