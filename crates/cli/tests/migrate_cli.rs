//! `gatecheck migrate` as an operator moving a hub to PostgreSQL meets it: a data directory
//! made with the command line (members, an import, a screening that hit, a console user,
//! the hub's key and a signed checkpoint) copied into an empty database, after which the
//! commands given `--data DIR --store URL` read the same (the audit log verifies against
//! the checkpoint, with the key left in the directory); a second copy into the now live
//! database is refused, and so are a directory without data and a `--to` that is no
//! database. The persons are fictional.
//!
//! PostgreSQL runs in a throwaway cluster (`gatecheck-testpg`); without PostgreSQL the
//! test is skipped with a notice, unless `GATECHECK_REQUIRE_POSTGRES` is set.

use std::path::Path;
use std::process::{Command, Output, Stdio};

const GATECHECK: &str = env!("CARGO_BIN_EXE_gatecheck");

fn run(arguments: &[&str], input: &str) -> Output {
    use std::io::Write;
    let mut child = Command::new(GATECHECK)
        .args(arguments)
        .env_remove("GATECHECK_DATA")
        .env_remove("GATECHECK_STORE")
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

/// Runs a command on the data directory's own store.
fn on_sqlite(data: &Path, arguments: &[&str], input: &str) -> Output {
    let mut all = arguments.to_vec();
    all.extend(["--data", data.to_str().unwrap()]);
    let output = run(&all, input);
    assert!(output.status.success(), "{arguments:?}: {output:?}");
    output
}

/// Runs a command on the PostgreSQL store, with the data directory for the hub's key.
fn on_postgres(data: &Path, url: &str, arguments: &[&str]) -> Output {
    let mut all = arguments.to_vec();
    all.extend(["--data", data.to_str().unwrap(), "--store", url]);
    run(&all, "")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A hub's first weeks, at the command line.
fn make_hub(data: &Path) {
    for (name, country) in [("jordan-psd", "JOR"), ("iraq-nsa", "IRQ")] {
        on_sqlite(data, &["member", "add", name, "--country", country], "");
    }
    let records = data.join("records.jsonl");
    std::fs::write(
        &records,
        r#"{"id": "r1", "schema": "Person", "properties": {"name": ["Yusuf Adnan Haddad"], "birthDate": ["1984-03-12"]}}
{"id": "r2", "schema": "Person", "properties": {"name": ["Rami Nabil Khoury"], "birthDate": ["1979-11-02"]}}
"#,
    )
    .unwrap();
    on_sqlite(
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
            records.to_str().unwrap(),
        ],
        "",
    );
    let screened = on_sqlite(
        data,
        &["screen", "person", "--member", "iraq-nsa"],
        r#"{"id": "t1", "schema": "Person", "properties": {"name": ["Yusuf Haddad"], "birthDate": ["1984-03-12"]}}
"#,
    );
    assert!(stdout(&screened).contains("\"match\":true"), "{screened:?}");
    on_sqlite(
        data,
        &["user", "add", "amina", "--member", "jordan-psd"],
        "a long enough password\n",
    );
    on_sqlite(data, &["keys", "create", "--name", "hub.example"], "");
    on_sqlite(data, &["audit", "checkpoint"], "");
}

#[test]
fn a_data_directory_moved_to_postgresql_reads_the_same_and_its_log_verifies() {
    let Some(cluster) = gatecheck_testpg::TempCluster::start_or_skip_with(
        "a_data_directory_moved_to_postgresql_reads_the_same_and_its_log_verifies",
        gatecheck_testpg::ClusterConfig {
            fsync: false,
            ..gatecheck_testpg::ClusterConfig::default()
        },
    ) else {
        return;
    };
    let url = cluster.connection_string();
    let data = tempfile::tempdir().unwrap();
    let data = data.path();
    make_hub(data);

    let moved = run(
        &["migrate", "--from", data.to_str().unwrap(), "--to", &url],
        "",
    );
    assert_eq!(moved.status.code(), Some(0), "{moved:?}");
    let report = stdout(&moved);
    let verified = on_sqlite(data, &["audit", "verify"], "");
    let head = stdout(&verified)
        .lines()
        .next()
        .and_then(|line| line.split("head ").nth(1))
        .unwrap()
        .to_string();
    for expected in [
        "into PostgreSQL in",
        "verified:",
        "  member                        2",
        "  hit                           1",
        "  console_user                  1",
        &format!("head {head}"),
        "1 checkpoints",
        "audit-signing.key) stays in",
        "--store URL",
    ] {
        assert!(report.contains(expected), "{expected:?} in {report}");
    }
    assert!(
        !report.contains(&url),
        "the connection string is not printed: {report}"
    );

    // the commands read the same from PostgreSQL, with the key left in the directory
    let on_both = |arguments: &[&str]| {
        let from_postgres = on_postgres(data, &url, arguments);
        assert!(
            from_postgres.status.success(),
            "{arguments:?}: {from_postgres:?}"
        );
        assert_eq!(
            stdout(&from_postgres),
            stdout(&on_sqlite(data, arguments, "")),
            "{arguments:?}"
        );
        stdout(&from_postgres)
    };
    let verdict = on_both(&["audit", "verify"]);
    assert!(verdict.contains("audit log intact"), "{verdict}");
    assert!(verdict.contains("checkpoint"), "{verdict}");
    on_both(&["member", "list"]);
    on_both(&["user", "list", "--member", "jordan-psd"]);
    on_both(&["keys", "show"]);

    // the database is live now: a second copy is refused, and leaves it as it was
    let again = run(
        &["migrate", "--from", data.to_str().unwrap(), "--to", &url],
        "",
    );
    assert_eq!(again.status.code(), Some(2), "{again:?}");
    assert!(
        stderr(&again).contains("already holds data (member: 2 rows"),
        "{again:?}"
    );
    let still = on_postgres(data, &url, &["audit", "verify"]);
    assert_eq!(still.status.code(), Some(0), "{still:?}");
}

#[test]
fn a_migration_without_data_or_without_a_database_is_refused() {
    let empty = tempfile::tempdir().unwrap();
    let without_data = run(
        &[
            "migrate",
            "--from",
            empty.path().to_str().unwrap(),
            "--to",
            "postgres://gatecheck@localhost/gatecheck",
        ],
        "",
    );
    assert_eq!(without_data.status.code(), Some(2), "{without_data:?}");
    assert!(
        stderr(&without_data).contains("no gatecheck data in"),
        "{without_data:?}"
    );
    assert!(!empty.path().join("gatecheck.db").exists());

    let not_a_database = run(
        &[
            "migrate",
            "--from",
            empty.path().to_str().unwrap(),
            "--to",
            "/var/lib/gatecheck",
        ],
        "",
    );
    assert_eq!(not_a_database.status.code(), Some(2), "{not_a_database:?}");
    assert!(
        stderr(&not_a_database)
            .contains("--to \"/var/lib/gatecheck\": not a PostgreSQL connection"),
        "{not_a_database:?}"
    );
}
