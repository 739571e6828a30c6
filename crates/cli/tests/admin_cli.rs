//! `gatecheck member` and `gatecheck audit` run as an operator runs them: a key printed once
//! on the last line and never again, revoked members shown as such, bad input refused with
//! the field named, and an audit log that verifies until someone edits the database.

use std::path::Path;
use std::process::{Command, Output};

const GATECHECK: &str = env!("CARGO_BIN_EXE_gatecheck");

fn gatecheck(data: &Path, arguments: &[&str]) -> Output {
    Command::new(GATECHECK)
        .args(arguments)
        .arg("--data")
        .arg(data)
        .env_remove("GATECHECK_DATA")
        .output()
        .expect("cannot run gatecheck")
}

/// Runs an import and kills it once the store shows `batch` records written.
fn kill_after_a_batch(mut import: Command, data: &Path, batch: i64) {
    let mut child = import
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    let mut killed_midway = false;
    while started.elapsed() < std::time::Duration::from_secs(120) {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        let done = gatecheck_store::Store::open_reader(data)
            .ok()
            .and_then(|store| store.imports().ok())
            .and_then(|imports| imports.first().map(|row| row.items_done))
            .unwrap_or(0);
        if done >= batch {
            child.kill().unwrap();
            killed_midway = true;
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
    let _ = child.wait();
    assert!(
        killed_midway,
        "the import ended before it could be killed midway"
    );
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn a_member_key_is_printed_once_alone_on_the_last_line() {
    let data = tempfile::tempdir().unwrap();
    let added = gatecheck(
        data.path(),
        &["member", "add", "jordan-psd", "--country", "JOR"],
    );
    assert!(added.status.success(), "{added:?}");
    let text = stdout(&added);
    let key = text.lines().last().unwrap();
    assert!(
        key.starts_with("gck_1_") && key.len() == "gck_1_".len() + 64,
        "{key}"
    );
    let listed = gatecheck(data.path(), &["member", "list"]);
    let listing = stdout(&listed);
    assert!(
        listing.contains("jordan-psd\tJOR\tmember\tactive"),
        "{listing}"
    );
    assert!(!listing.contains(&key[6..]), "the key is listed: {listing}");
    // the key is nowhere in the database file either
    let database = std::fs::read(data.path().join("gatecheck.db")).unwrap();
    let secret = &key.as_bytes()[6..];
    assert!(!database.windows(secret.len()).any(|w| w == secret));
}

#[test]
fn revoking_and_bad_input() {
    let data = tempfile::tempdir().unwrap();
    assert!(gatecheck(
        data.path(),
        &["member", "add", "iraq-nsa", "--country", "IRQ", "--admin"]
    )
    .status
    .success());
    let duplicate = gatecheck(
        data.path(),
        &["member", "add", "iraq-nsa", "--country", "IRQ"],
    );
    assert_eq!(duplicate.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&duplicate.stderr).contains("member \"iraq-nsa\" already exists")
    );
    let bad_country = gatecheck(data.path(), &["member", "add", "x", "--country", "iraq"]);
    assert_eq!(bad_country.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad_country.stderr)
        .contains("country: \"iraq\" is not an ICAO country code"));
    assert!(gatecheck(data.path(), &["member", "revoke", "iraq-nsa"])
        .status
        .success());
    let listing = stdout(&gatecheck(data.path(), &["member", "list"]));
    assert!(
        listing.contains("iraq-nsa\tIRQ\tadmin\trevoked at "),
        "{listing}"
    );
    let again = gatecheck(data.path(), &["member", "revoke", "iraq-nsa"]);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("no active member \"iraq-nsa\""));
}

/// Issue 17, item 10: the time zone a member's officers work in, set from the command
/// line; a name the IANA database does not know is refused, naming it.
#[test]
fn a_member_s_time_zone_is_set_and_an_unknown_one_refused() {
    let data = tempfile::tempdir().unwrap();
    assert!(gatecheck(
        data.path(),
        &["member", "add", "iraq-nsa", "--country", "IRQ"]
    )
    .status
    .success());
    let set = gatecheck(
        data.path(),
        &["member", "time-zone", "iraq-nsa", "Asia/Baghdad"],
    );
    assert!(set.status.success(), "{}", stderr(&set));
    assert!(stdout(&set).contains("member iraq-nsa's times are shown in Asia/Baghdad beside UTC"));
    let unknown = gatecheck(
        data.path(),
        &["member", "time-zone", "iraq-nsa", "Asia/Atlantis"],
    );
    assert_eq!(unknown.status.code(), Some(2));
    assert!(
        stderr(&unknown).contains("\"Asia/Atlantis\" is not a time zone of the IANA database"),
        "{}",
        stderr(&unknown)
    );
    let absent = gatecheck(data.path(), &["member", "time-zone", "nobody", "UTC"]);
    assert_eq!(absent.status.code(), Some(2));
    let store = gatecheck_store::Store::open(data.path()).unwrap();
    assert_eq!(
        store.member_by_name("iraq-nsa").unwrap().unwrap().time_zone,
        "Asia/Baghdad"
    );
}

#[test]
fn the_audit_log_verifies_until_an_entry_is_edited() {
    let data = tempfile::tempdir().unwrap();
    for (name, country) in [("a", "JOR"), ("b", "LBN"), ("c", "TUN")] {
        assert!(
            gatecheck(data.path(), &["member", "add", name, "--country", country])
                .status
                .success()
        );
    }
    let verified = gatecheck(data.path(), &["audit", "verify"]);
    assert_eq!(verified.status.code(), Some(0), "{verified:?}");
    let report = stdout(&verified);
    assert!(
        report.starts_with("audit log intact: 3 entries, head "),
        "{report}"
    );
    let head = report
        .lines()
        .next()
        .unwrap()
        .rsplit(' ')
        .next()
        .unwrap()
        .to_string();
    let with_head = gatecheck(data.path(), &["audit", "verify", "--head", &head]);
    assert_eq!(with_head.status.code(), Some(0));
    {
        let store = gatecheck_store::Store::open(data.path()).unwrap();
        store
            .connection_for_tests()
            .execute("UPDATE audit SET subject = 'member z' WHERE seq = 2", [])
            .unwrap();
    }
    let tampered = gatecheck(data.path(), &["audit", "verify"]);
    assert_eq!(tampered.status.code(), Some(1));
    assert_eq!(
        stdout(&tampered).lines().next(),
        Some("audit entry 2 was changed")
    );
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

#[test]
fn imported_records_are_screened_as_each_member_may_see_them() {
    let data = tempfile::tempdir().unwrap();
    for (name, country) in [
        ("jordan-psd", "JOR"),
        ("iraq-nsa", "IRQ"),
        ("tunisia-dgsn", "TUN"),
    ] {
        assert!(
            gatecheck(data.path(), &["member", "add", name, "--country", country])
                .status
                .success()
        );
    }
    let file = data.path().join("records.jsonl");
    std::fs::write(
        &file,
        r#"{"id": "r1", "schema": "Person", "properties": {"name": ["Yusuf Adnan Haddad"], "birthDate": ["1984-03-12"]}}
"#,
    )
    .unwrap();
    let imported = gatecheck(
        data.path(),
        &[
            "import",
            "--member",
            "jordan-psd",
            "--access",
            "members",
            "--share-with",
            "iraq-nsa",
            "--action",
            "arrest",
            "--review-by",
            "2099-01-01",
            file.to_str().unwrap(),
        ],
    );
    assert!(imported.status.success(), "{imported:?}");
    assert!(stdout(&imported).contains("1 added, 0 changed, 0 unchanged"));
    let again = gatecheck(
        data.path(),
        &[
            "import",
            "--member",
            "jordan-psd",
            "--access",
            "members",
            "--share-with",
            "iraq-nsa",
            "--action",
            "arrest",
            "--review-by",
            "2099-01-01",
            file.to_str().unwrap(),
        ],
    );
    assert!(stdout(&again).contains("0 added, 0 changed, 1 unchanged"));

    let query = r#"{"id": "t1", "schema": "Person", "properties": {"name": ["يوسف عدنان حداد"], "birthDate": ["1984-03-12"]}}
"#;
    let as_partner = gatecheck_with_input(
        data.path(),
        &["screen", "person", "--member", "iraq-nsa"],
        query,
    );
    let line: serde_json::Value = serde_json::from_str(stdout(&as_partner).trim()).unwrap();
    let result = &line["results"][0];
    assert_eq!(result["id"], "r1");
    assert_eq!(result["match"], true);
    assert_eq!(result["action"], "arrest");
    assert!(result["explanation"]["parts"].as_array().unwrap().len() >= 2);

    let as_outsider = gatecheck_with_input(
        data.path(),
        &["screen", "person", "--member", "tunisia-dgsn"],
        query,
    );
    let line: serde_json::Value = serde_json::from_str(stdout(&as_outsider).trim()).unwrap();
    assert_eq!(
        line["results"],
        serde_json::json!([{"match": true, "restricted": true, "contact": "jordan-psd"}])
    );
    assert!(!stdout(&as_outsider).contains("Haddad"));

    let broken = gatecheck(
        data.path(),
        &[
            "import",
            "--member",
            "jordan-psd",
            "--access",
            "secret",
            file.to_str().unwrap(),
        ],
    );
    assert_eq!(broken.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&broken.stderr)
        .contains("access: level \"secret\" is not one of all, members, owner-only"));
}

/// A small FollowTheMoney export as OpenSanctions writes one (fictional people): the
/// entities screened, and others that attach to them or are of schemas not screened.
const EXPORT: &str = r#"{"id": "san-1", "schema": "Sanction", "properties": {"entity": ["p-1"], "authority": ["Security Council"], "program": ["ISIL (Da'esh) and Al-Qaida"], "listingDate": ["2015-09-29"]}}
{"id": "p-1", "schema": "Person", "properties": {"name": ["Karim Haddad"], "birthDate": ["1980-02-03"], "addressEntity": ["addr-1"]}}
{"id": "pass-1", "schema": "Passport", "properties": {"holder": ["p-1"], "number": ["N 0412 889"], "country": ["iq"]}}
{"id": "addr-1", "schema": "Address", "properties": {"full": ["12 Rue des Oliviers, Tunis"], "country": ["tn"]}}
{"id": "fam-1", "schema": "Family", "properties": {"person": ["p-1"], "relative": ["p-2"], "relationship": ["brother"]}}
{"id": "p-2", "schema": "Person", "properties": {"name": ["Samir Haddad"]}}
{"id": "v-1", "schema": "Vessel", "properties": {"name": ["Sea Olive"], "imoNumber": ["IMO 9074729"]}}
{"id": "ev-1", "schema": "Event", "properties": {"name": ["Hearing"]}}
"#;

#[test]
fn an_export_imports_whole_with_what_attaches_kept_on_what_it_names() {
    let data = tempfile::tempdir().unwrap();
    assert!(gatecheck(
        data.path(),
        &["member", "add", "jordan-psd", "--country", "JOR"]
    )
    .status
    .success());
    let file = data.path().join("entities.ftm.json");
    std::fs::write(&file, EXPORT).unwrap();
    let import = |file: &Path| {
        gatecheck(
            data.path(),
            &["import", "--member", "jordan-psd", file.to_str().unwrap()],
        )
    };
    let imported = import(&file);
    assert!(imported.status.success(), "{imported:?}");
    // the persons and the vessel are records; the rest attaches or is counted
    assert!(
        stdout(&imported).contains("3 added, 0 changed, 0 unchanged"),
        "{imported:?}"
    );
    let said = stderr(&imported);
    assert!(
        said.contains("3 entities screened; attached to them: 1 Address, 1 Family, 1 Passport, 1 Sanction; skipped (schemas not screened): 1 Event"),
        "{said}"
    );
    // the same export again rewrites nothing
    assert!(stdout(&import(&file)).contains("0 added, 0 changed, 3 unchanged"));
    // a traveller on the listed person's passport, the name spelt otherwise, is a hit
    // with the passport agreeing
    let by_passport = gatecheck_with_input(
        data.path(),
        &["screen", "person", "--member", "jordan-psd"],
        r#"{"id": "t1", "schema": "Person", "properties": {"name": ["Kareem Hadad"], "passportNumber": ["N0412889"]}}
"#,
    );
    let line: serde_json::Value = serde_json::from_str(stdout(&by_passport).trim()).unwrap();
    assert_eq!(line["results"][0]["id"], "p-1", "{line}");
    assert_eq!(line["results"][0]["match"], true, "{line}");
    assert_eq!(
        line["results"][0]["explanation"]["qualifiers"][0]["listed"], "N0412889",
        "{line}"
    );
    // a vessel is screened by name
    let vessel = gatecheck_with_input(
        data.path(),
        &["screen", "person", "--member", "jordan-psd"],
        r#"{"id": "t2", "schema": "Vessel", "properties": {"name": ["SEA OLIVE"]}}
"#,
    );
    let line: serde_json::Value = serde_json::from_str(stdout(&vessel).trim()).unwrap();
    assert_eq!(line["results"][0]["id"], "v-1", "{line}");
}

#[test]
fn the_ofac_sdn_list_imports_from_its_four_files_and_again_rewrites_nothing() {
    let data = tempfile::tempdir().unwrap();
    assert!(gatecheck(
        data.path(),
        &["member", "add", "us-ofac", "--country", "USA"]
    )
    .status
    .success());
    let list = data.path().join("list");
    std::fs::create_dir(&list).unwrap();
    // fictional entries in the published files' form
    std::fs::write(
        list.join("SDN.CSV"),
        "10,\"HADDAD, Karim Nasser\",\"individual\",\"SDGT] [IRGC\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"DOB 03 Feb 1980; Passport N0412889 (Iraq).\"\r\n20,\"OLIVE TRADING\",-0- ,\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n",
    )
    .unwrap();
    std::fs::write(
        list.join("ADD.CSV"),
        "20,5,\"12 Rue des Oliviers\",\"Tunis\",\"Tunisia\",-0- \r\n",
    )
    .unwrap();
    let sdn = list.join("SDN.CSV");
    let import = || {
        gatecheck(
            data.path(),
            &["import", "--member", "us-ofac", sdn.to_str().unwrap()],
        )
    };
    let first = import();
    assert!(first.status.success(), "{first:?}");
    assert!(
        stdout(&first).contains("2 added, 0 changed, 0 unchanged"),
        "{first:?}"
    );
    assert!(stdout(&import()).contains("0 added, 0 changed, 2 unchanged"));
    let screened = gatecheck_with_input(
        data.path(),
        &["screen", "person", "--member", "us-ofac"],
        r#"{"id": "t", "schema": "Person", "properties": {"name": ["Kareem Hadad"], "passportNumber": ["N0412889"]}}
"#,
    );
    let line: serde_json::Value = serde_json::from_str(stdout(&screened).trim()).unwrap();
    assert_eq!(line["results"][0]["id"], "ofac-10", "{line}");
    assert_eq!(
        line["results"][0]["sanctions"][1]["program"], "IRGC",
        "{line}"
    );
    assert_eq!(
        line["results"][0]["sanctions"][0]["authority"], "Office of Foreign Assets Control",
        "{line}"
    );
}

#[test]
fn the_demo_shows_every_access_level_the_notifications_and_an_intact_audit_log() {
    let dir = tempfile::tempdir().unwrap();
    let output = Command::new(GATECHECK)
        .args(["demo", "--persons", "600", "--dir"])
        .arg(dir.path())
        .output()
        .expect("cannot run gatecheck");
    assert!(output.status.success(), "{output:?}");
    let text = stdout(&output);
    assert!(
        text.contains("is shown: a restricted record: contact jordan-psd"),
        "{text}"
    );
    assert!(text.contains("is shown: refer to the owner"), "{text}");
    assert!(
        text.contains("jordan-psd's notifications:\n  hit 1 on record"),
        "{text}"
    );
    assert!(text.contains("audit log intact: "), "{text}");
    // a payment screened, held, its confirmed hit reported to another member's unit
    assert!(text.contains("verdict: hold"), "{text}");
    assert!(
        text.contains("sent to tunisia-dgsn, who read it:")
            && text.contains("<report_code>STR</report_code>"),
        "{text}"
    );
}

#[test]
fn an_exported_evidence_bundle_verifies_on_its_own_and_an_edit_in_it_is_found() {
    let data = tempfile::tempdir().unwrap();
    for (name, country) in [("a", "JOR"), ("b", "LBN"), ("c", "TUN"), ("d", "IRQ")] {
        assert!(
            gatecheck(data.path(), &["member", "add", name, "--country", country])
                .status
                .success()
        );
    }
    let bundle = data.path().join("bundle.jsonl");
    let exported = gatecheck(
        data.path(),
        &[
            "audit",
            "export",
            "--from",
            "2",
            "--to",
            "3",
            "--out",
            bundle.to_str().unwrap(),
        ],
    );
    assert!(exported.status.success(), "{exported:?}");
    assert!(stdout(&exported).contains("exported 2 audit entries"));
    let text = std::fs::read_to_string(&bundle).unwrap();
    let header: serde_json::Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
    assert_eq!(header["from"], 2);
    assert_eq!(header["log_verified"], true);
    let check = |path: &Path| {
        Command::new(GATECHECK)
            .args(["audit", "check-bundle"])
            .arg(path)
            .output()
            .unwrap()
    };
    let intact = check(&bundle);
    assert_eq!(intact.status.code(), Some(0), "{intact:?}");
    assert!(stdout(&intact).starts_with("audit log intact: 2 entries"));
    let edited = data.path().join("edited.jsonl");
    std::fs::write(
        &edited,
        text.replace("\"actor\":\"cli:", "\"actor\":\"clx:"),
    )
    .unwrap();
    let broken = check(&edited);
    assert_eq!(broken.status.code(), Some(1));
    assert_eq!(stdout(&broken).trim(), "audit entry 2 was changed");
}

#[test]
fn an_import_killed_midway_keeps_whole_batches_and_resumes_when_run_again() {
    let data = tempfile::tempdir().unwrap();
    assert!(
        gatecheck(data.path(), &["member", "add", "owner", "--country", "JOR"])
            .status
            .success()
    );
    let file = data.path().join("persons.jsonl");
    let generated = Command::new(GATECHECK)
        .args(["generate", "--persons", "60000", "--out"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(generated.status.success(), "{generated:?}");
    let import = |extra: &[&str]| {
        let mut command = Command::new(GATECHECK);
        command
            .args([
                "import",
                "--member",
                "owner",
                "--batch",
                "5000",
                "--review-by",
                "2099-01-01",
                "--data",
            ])
            .arg(data.path())
            .args(extra)
            .arg(&file);
        command
    };
    // kill it once a batch is written, as the store shows
    kill_after_a_batch(import(&[]), data.path(), 5000);
    {
        let store = gatecheck_store::Store::open(data.path()).unwrap();
        let records = store.live_records("2000-01-01").unwrap().len() as i64;
        let imports = store.imports().unwrap();
        assert_eq!(imports.len(), 1);
        let row = &imports[0];
        assert_eq!(row.finished_at, None);
        assert_eq!(
            records, row.items_done,
            "the records written are the batches counted"
        );
        assert_eq!(records % 5000, 0, "whole batches only: {records}");
        assert!(records < 60_000);
    }
    let verified = gatecheck(data.path(), &["audit", "verify"]);
    assert_eq!(verified.status.code(), Some(0), "{verified:?}");
    // run again: it resumes, and everything arrives once
    let again = import(&[]).output().unwrap();
    assert!(again.status.success(), "{again:?}");
    let said = String::from_utf8_lossy(&again.stderr);
    assert!(said.contains("resuming import 1"), "{said}");
    let store = gatecheck_store::Store::open(data.path()).unwrap();
    assert_eq!(store.live_records("2000-01-01").unwrap().len(), 60_000);
    let imports = store.imports().unwrap();
    assert_eq!(imports.len(), 1);
    assert!(imports[0].finished_at.is_some());
    assert_eq!(
        (imports[0].items_done, imports[0].counts.added),
        (60_000, 60_000)
    );
    drop(store);
    let verified = gatecheck(data.path(), &["audit", "verify"]);
    assert_eq!(verified.status.code(), Some(0), "{verified:?}");
    // the same file with other terms is another import, which changes every record (and
    // says so: a new action for records already stored needs its flag)
    let refused = import(&["--action", "arrest"]).output().unwrap();
    assert_eq!(refused.status.code(), Some(2), "{refused:?}");
    assert!(String::from_utf8_lossy(&refused.stderr)
        .contains("60000 records would change their action"));
    let other = import(&["--action", "arrest", "--accept-changed-actions"])
        .output()
        .unwrap();
    assert!(other.status.success(), "{other:?}");
    assert!(String::from_utf8_lossy(&other.stdout).contains("60000 changed"));
}

#[test]
fn a_document_file_is_checked_whole_before_anything_is_written() {
    let data = tempfile::tempdir().unwrap();
    assert!(gatecheck(
        data.path(),
        &["member", "add", "jordan-psd", "--country", "JOR"]
    )
    .status
    .success());
    let file = data.path().join("stolen.csv");
    std::fs::write(
        &file,
        "number,issuing_state,type,status,reported_on\n\
         L1234567,JOR,P,stolen,2026-01-02\n\
         L7654321,JOR,P,found,2026-01-02\n\
         L1111111,JOR,P\n\
         L2222222,jor,P,lost,2026-01-02\n",
    )
    .unwrap();
    let refused = gatecheck(
        data.path(),
        &["import", "--member", "jordan-psd", file.to_str().unwrap()],
    );
    assert_eq!(refused.status.code(), Some(2));
    let said = String::from_utf8_lossy(&refused.stderr);
    for expected in [
        "line 3, column 4 (status)",
        "line 4: 3 columns",
        "line 5, column 2 (issuing_state)",
    ] {
        assert!(said.contains(expected), "{expected}: {said}");
    }
    let store = gatecheck_store::Store::open(data.path()).unwrap();
    assert!(store
        .documents_by_number("L1234567", "2000-01-01")
        .unwrap()
        .is_empty());
    assert!(store.imports().unwrap().is_empty());
    drop(store);
    std::fs::write(
        &file,
        "L1234567,JOR,P,stolen,2026-01-02\n\"L 765-4321\",JOR,P,lost,2026-01-03\n",
    )
    .unwrap();
    for round in ["2 added", "2 unchanged"] {
        let imported = gatecheck(
            data.path(),
            &["import", "--member", "jordan-psd", file.to_str().unwrap()],
        );
        assert!(imported.status.success(), "{imported:?}");
        let said = String::from_utf8_lossy(&imported.stdout);
        assert!(said.contains(round), "{round}: {said}");
    }
    let store = gatecheck_store::Store::open(data.path()).unwrap();
    let found = store.documents_by_number("L7654321", "2000-01-01").unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].document.status.as_str(), "lost");
}

#[test]
fn a_screening_at_the_command_line_is_audited_even_without_a_hit() {
    let data = tempfile::tempdir().unwrap();
    assert!(gatecheck(
        data.path(),
        &["member", "add", "jordan-psd", "--country", "JOR"]
    )
    .status
    .success());
    let query = r#"{"id": "t1", "schema": "Person", "properties": {"name": ["Nobody Listed"]}}
"#;
    let screened = gatecheck_with_input(
        data.path(),
        &["screen", "person", "--member", "jordan-psd"],
        query,
    );
    assert!(screened.status.success(), "{screened:?}");
    let store = gatecheck_store::Store::open(data.path()).unwrap();
    let log = store.audit_entries(1, i64::MAX).unwrap();
    let last = log.last().unwrap();
    assert_eq!(
        (last.action.as_str(), last.subject.as_str()),
        ("screen.person", "query t1")
    );
    assert!(
        last.actor.ends_with("as member:jordan-psd"),
        "{}",
        last.actor
    );
}

#[test]
fn a_document_import_killed_midway_resumes_in_the_same_order() {
    let data = tempfile::tempdir().unwrap();
    assert!(
        gatecheck(data.path(), &["member", "add", "owner", "--country", "JOR"])
            .status
            .success()
    );
    // numbers in no order, as a real file has them
    let file = data.path().join("stolen.csv");
    let mut text = String::from("number,issuing_state,type,status,reported_on\n");
    for i in 0..200_000u64 {
        let number = (i * 7_919 + 13) % 1_000_003;
        text.push_str(&format!("X{number:07},JOR,P,stolen,2026-01-02\n"));
    }
    std::fs::write(&file, text).unwrap();
    let import = || {
        let mut command = Command::new(GATECHECK);
        command
            .args([
                "import",
                "--member",
                "owner",
                "--batch",
                "2000",
                "--review-by",
                "2099-01-01",
                "--data",
            ])
            .arg(data.path())
            .arg(&file);
        command
    };
    // kill it once a batch is written, as the store shows
    kill_after_a_batch(import(), data.path(), 2000);
    let written = {
        let store = gatecheck_store::Store::open(data.path()).unwrap();
        let row = store.imports().unwrap().remove(0);
        assert_eq!(row.finished_at, None);
        assert_eq!(row.items_done % 2000, 0, "whole batches only");
        row.items_done
    };
    assert!(written < 200_000);
    let again = import().output().unwrap();
    assert!(again.status.success(), "{again:?}");
    assert!(String::from_utf8_lossy(&again.stderr).contains(&format!("after {written} of 200000")));
    let store = gatecheck_store::Store::open(data.path()).unwrap();
    let row = store.imports().unwrap().remove(0);
    // every document once: none written twice, none left out
    assert_eq!(
        (row.items_done, row.counts.added, row.counts.unchanged),
        (200_000, 200_000, 0)
    );
    for i in [0u64, 99_999, 199_999] {
        let number = format!("X{:07}", (i * 7_919 + 13) % 1_000_003);
        assert_eq!(
            store
                .documents_by_number(&number, "2026-11-29")
                .unwrap()
                .len(),
            1,
            "{number}"
        );
    }
    drop(store);
    let verified = gatecheck(data.path(), &["audit", "verify"]);
    assert_eq!(verified.status.code(), Some(0), "{verified:?}");
}

/// The terms of the owner's person record `entity_id` as stored: level, member ids,
/// action, review date.
fn record_terms(data: &Path, entity_id: &str) -> (String, Vec<i64>, String, String) {
    let store = gatecheck_store::Store::open(data).unwrap();
    let id = store.record_id(1, entity_id).unwrap().unwrap();
    let row = store.record(id).unwrap().unwrap();
    (
        row.access_level,
        row.access_members,
        row.action,
        row.review_by,
    )
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn a_plain_reimport_keeps_each_records_terms_and_wider_access_needs_its_flag() {
    let data = tempfile::tempdir().unwrap();
    for (name, country) in [("jordan-psd", "JOR"), ("iraq-nsa", "IRQ")] {
        let added = gatecheck(data.path(), &["member", "add", name, "--country", country]);
        assert!(added.status.success());
    }
    let file = data.path().join("records.jsonl");
    let lines: String = ["Yusuf Adnan Haddad", "Samir Fawzi Qasim", "Nabil Jamal Darwish"]
        .iter()
        .enumerate()
        .map(|(at, name)| {
            format!(
                "{{\"id\": \"r{at}\", \"schema\": \"Person\", \"properties\": {{\"name\": [\"{name}\"]}}}}\n"
            )
        })
        .collect();
    std::fs::write(&file, &lines).unwrap();
    let path = file.to_str().unwrap();
    let import = |extra: &[&str]| {
        let mut arguments = vec!["import", "--member", "jordan-psd"];
        arguments.extend_from_slice(extra);
        arguments.push(path);
        gatecheck(data.path(), &arguments)
    };
    let first = import(&[
        "--access",
        "owner-only",
        "--action",
        "arrest",
        "--review-by",
        "2099-01-01",
    ]);
    assert!(first.status.success(), "{first:?}");
    assert!(stdout(&first).contains("3 added"));
    // one record shared with a partner on its own: each record keeps its own terms
    let one = data.path().join("one.jsonl");
    std::fs::write(&one, lines.lines().nth(1).unwrap()).unwrap();
    let shared = gatecheck(
        data.path(),
        &[
            "import",
            "--member",
            "jordan-psd",
            "--access",
            "members",
            "--share-with",
            "iraq-nsa",
            "--accept-wider-access",
            one.to_str().unwrap(),
        ],
    );
    assert!(shared.status.success(), "{shared:?}");
    let owner_only = (
        "owner-only".to_string(),
        vec![],
        "arrest".to_string(),
        "2099-01-01".to_string(),
    );
    let shared_with_iraq = (
        "members".to_string(),
        vec![2],
        "arrest".to_string(),
        "2099-01-01".to_string(),
    );

    // the same file again without terms: nothing changes, each record's terms stay
    let plain = import(&[]);
    assert!(plain.status.success(), "{plain:?}");
    assert!(
        stdout(&plain).contains("0 added, 0 changed, 3 unchanged"),
        "{}",
        stdout(&plain)
    );
    assert_eq!(record_terms(data.path(), "r0"), owner_only);
    assert_eq!(record_terms(data.path(), "r1"), shared_with_iraq);
    assert_eq!(record_terms(data.path(), "r2"), owner_only);

    // wider access without the flag: refused with counts, nothing written
    let entries_before = {
        let store = gatecheck_store::Store::open(data.path()).unwrap();
        (
            store.audit_entries(1, i64::MAX).unwrap().len(),
            store.imports().unwrap().len(),
        )
    };
    let refused = import(&["--access", "all"]);
    assert_eq!(refused.status.code(), Some(2), "{refused:?}");
    let said = stderr(&refused);
    assert!(
        said.contains(
            "3 records would be open to more members (owner-only → all: 2, members (iraq-nsa) → all: 1)"
        ),
        "{said}"
    );
    assert!(
        said.contains("nothing written: give --accept-wider-access"),
        "{said}"
    );
    assert_eq!(record_terms(data.path(), "r0"), owner_only);
    {
        let store = gatecheck_store::Store::open(data.path()).unwrap();
        assert_eq!(
            (
                store.audit_entries(1, i64::MAX).unwrap().len(),
                store.imports().unwrap().len()
            ),
            entries_before,
            "a refused import leaves no trace but its refusal"
        );
    }
    // another action without its flag: refused too, naming both
    let refused = import(&[
        "--access",
        "all",
        "--action",
        "refer",
        "--accept-wider-access",
    ]);
    assert_eq!(refused.status.code(), Some(2), "{refused:?}");
    assert!(
        stderr(&refused).contains("3 records would change their action")
            && stderr(&refused).contains("give --accept-changed-actions"),
        "{}",
        stderr(&refused)
    );
    assert_eq!(record_terms(data.path(), "r2"), owner_only);

    // with the flag: written, and the audit entry says widened, from what to what
    let accepted = import(&["--access", "all", "--accept-wider-access"]);
    assert!(accepted.status.success(), "{accepted:?}");
    assert!(
        stdout(&accepted).contains("3 changed"),
        "{}",
        stdout(&accepted)
    );
    assert!(
        stdout(&accepted).contains("terms: 3 records are now open to more members"),
        "{}",
        stdout(&accepted)
    );
    for id in ["r0", "r1", "r2"] {
        let (level, _, action, _) = record_terms(data.path(), id);
        assert_eq!((level.as_str(), action.as_str()), ("all", "arrest"));
    }
    let store = gatecheck_store::Store::open(data.path()).unwrap();
    let log = store.audit_entries(1, i64::MAX).unwrap();
    let widened: Vec<&str> = log
        .iter()
        .filter(|entry| entry.action == "records.import" && entry.subject.contains("widened"))
        .map(|entry| entry.subject.as_str())
        .collect();
    assert_eq!(widened.len(), 2, "{widened:?}");
    assert!(
        widened[1].contains("widened access of 2 records: owner-only → all")
            && widened[1].contains("widened access of 1 record: members (iraq-nsa) → all"),
        "{widened:?}"
    );
    drop(store);
    // narrowing needs no flag
    let narrowed = import(&["--access", "owner-only"]);
    assert!(narrowed.status.success(), "{narrowed:?}");
    assert!(stdout(&narrowed).contains("3 records are now open to fewer members"));
    let verified = gatecheck(data.path(), &["audit", "verify"]);
    assert_eq!(verified.status.code(), Some(0), "{verified:?}");
}

#[test]
fn a_document_file_imported_again_keeps_its_documents_terms() {
    let data = tempfile::tempdir().unwrap();
    let added = gatecheck(
        data.path(),
        &["member", "add", "jordan-psd", "--country", "JOR"],
    );
    assert!(added.status.success());
    let file = data.path().join("stolen.csv");
    std::fs::write(
        &file,
        "L1234567,JOR,P,stolen,2026-01-02\nL7654321,JOR,P,lost,2026-01-03\n",
    )
    .unwrap();
    let path = file.to_str().unwrap();
    let import = |extra: &[&str]| {
        let mut arguments = vec!["import", "--member", "jordan-psd"];
        arguments.extend_from_slice(extra);
        arguments.push(path);
        gatecheck(data.path(), &arguments)
    };
    let terms = |number: &str| {
        let store = gatecheck_store::Store::open(data.path()).unwrap();
        let row = store
            .documents_by_number(number, "2000-01-01")
            .unwrap()
            .remove(0);
        (row.terms.access_level, row.terms.action)
    };
    let first = import(&[
        "--access",
        "owner-only",
        "--action",
        "seize",
        "--review-by",
        "2099-01-01",
    ]);
    assert!(first.status.success(), "{first:?}");
    let plain = import(&[]);
    assert!(plain.status.success(), "{plain:?}");
    assert!(
        stdout(&plain).contains("0 added, 0 changed, 2 unchanged"),
        "{}",
        stdout(&plain)
    );
    assert_eq!(
        terms("L1234567"),
        ("owner-only".to_string(), "seize".to_string())
    );
    // a file with one more document: the new one takes the defaults, the others keep theirs
    std::fs::write(
        &file,
        "L1234567,JOR,P,stolen,2026-01-02\nL7654321,JOR,P,lost,2026-01-03\nL5555555,JOR,P,stolen,2026-01-04\n",
    )
    .unwrap();
    let grown = import(&[]);
    assert!(grown.status.success(), "{grown:?}");
    assert!(
        stdout(&grown).contains("1 added, 0 changed, 2 unchanged"),
        "{}",
        stdout(&grown)
    );
    assert_eq!(
        terms("L7654321"),
        ("owner-only".to_string(), "seize".to_string())
    );
    assert_eq!(
        terms("L5555555"),
        (
            "all".to_string(),
            "refer to secondary inspection".to_string()
        )
    );
    // only the action given: access stays, the action changes once confirmed
    let refused = import(&["--action", "refer"]);
    assert_eq!(refused.status.code(), Some(2), "{refused:?}");
    assert!(
        stderr(&refused).contains("3 records would change their action"),
        "{}",
        stderr(&refused)
    );
    assert_eq!(
        terms("L7654321"),
        ("owner-only".to_string(), "seize".to_string())
    );
    let refused = import(&["--access", "all"]);
    assert_eq!(refused.status.code(), Some(2), "{refused:?}");
    assert!(
        stderr(&refused).contains("2 records would be open to more members (owner-only → all: 2)"),
        "{}",
        stderr(&refused)
    );
    let accepted = import(&["--access", "all", "--accept-wider-access"]);
    assert!(accepted.status.success(), "{accepted:?}");
    assert_eq!(terms("L7654321"), ("all".to_string(), "seize".to_string()));
    let store = gatecheck_store::Store::open(data.path()).unwrap();
    assert!(store
        .audit_entries(1, i64::MAX)
        .unwrap()
        .iter()
        .any(|entry| entry
            .subject
            .contains("widened access of 2 records: owner-only → all")));
}

/// Each published list in XML is imported whatever its file is called, its root naming
/// the reader, and the UK list's CSV by its header: every entry a record under the list's
/// own id.
#[test]
fn each_published_list_in_xml_is_imported_by_its_root() {
    for (fixture, entries, listed) in [
        ("ofac_xml/sdn_advanced.xml", 5, "ofac-10"),
        ("eu/export.xml", 3, "eu-fsf-9001"),
        ("uk/UK-Sanctions-List.xml", 4, "gb-fcdo-afg9901"),
        ("uk/UK-Sanctions-List.csv", 3, "gb-fcdo-rus9904"),
    ] {
        let data = tempfile::tempdir().unwrap();
        let added = gatecheck(data.path(), &["member", "add", "lists", "--country", "GBR"]);
        assert!(added.status.success(), "{added:?}");
        let source = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../formats/tests/fixtures")
            .join(fixture);
        let extension = if fixture.ends_with(".csv") {
            "csv"
        } else {
            "xml"
        };
        let file = data.path().join(format!("latest.{extension}"));
        std::fs::copy(&source, &file).unwrap();
        let import = gatecheck(
            data.path(),
            &["import", "--member", "lists", file.to_str().unwrap()],
        );
        assert!(import.status.success(), "{fixture}: {import:?}");
        assert!(
            stdout(&import).contains(&format!("{entries} added")),
            "{fixture}: {}",
            stdout(&import)
        );
        let store = gatecheck_store::Store::open(data.path()).unwrap();
        let ids: Vec<String> = store
            .live_records("2000-01-01")
            .unwrap()
            .into_iter()
            .map(|row| row.entity_id)
            .collect();
        assert!(ids.iter().any(|id| id == listed), "{fixture}: {ids:?}");
    }
}

#[test]
fn the_un_list_imported_again_keeps_its_records_terms() {
    let data = tempfile::tempdir().unwrap();
    let added = gatecheck(data.path(), &["member", "add", "un-sc", "--country", "UNO"]);
    assert!(added.status.success(), "{added:?}");
    // a fictional list in the published list's layout
    let file = data.path().join("consolidated.xml");
    std::fs::write(
        &file,
        r#"<?xml version="1.0" encoding="UTF-8"?>
<CONSOLIDATED_LIST dateGenerated="2026-02-27T00:00:09.554Z">
  <INDIVIDUALS>
    <INDIVIDUAL>
      <DATAID>100</DATAID>
      <FIRST_NAME>KHALID</FIRST_NAME>
      <SECOND_NAME>SAEED</SECOND_NAME>
      <THIRD_NAME>BARAKAT</THIRD_NAME>
      <REFERENCE_NUMBER>QDi.901</REFERENCE_NUMBER>
      <INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>EXACT</TYPE_OF_DATE><DATE>1971-07-28</DATE></INDIVIDUAL_DATE_OF_BIRTH>
    </INDIVIDUAL>
  </INDIVIDUALS>
  <ENTITIES>
    <ENTITY>
      <DATAID>200</DATAID>
      <FIRST_NAME>NORTHERN RELIEF FOUNDATION</FIRST_NAME>
      <REFERENCE_NUMBER>QDe.903</REFERENCE_NUMBER>
    </ENTITY>
  </ENTITIES>
</CONSOLIDATED_LIST>"#,
    )
    .unwrap();
    let path = file.to_str().unwrap();
    let import = |extra: &[&str]| {
        let mut arguments = vec!["import", "--member", "un-sc"];
        arguments.extend_from_slice(extra);
        arguments.push(path);
        gatecheck(data.path(), &arguments)
    };
    let levels = || {
        let store = gatecheck_store::Store::open(data.path()).unwrap();
        let mut levels: Vec<(String, String)> = store
            .live_records("2000-01-01")
            .unwrap()
            .into_iter()
            .map(|row| (row.access_level, row.action))
            .collect();
        levels.sort();
        levels
    };
    let first = import(&["--access", "owner-only", "--action", "refer to the owner"]);
    assert!(first.status.success(), "{first:?}");
    assert!(stdout(&first).contains("2 added"), "{}", stdout(&first));
    let restricted = vec![("owner-only".to_string(), "refer to the owner".to_string()); 2];
    assert_eq!(levels(), restricted);
    let plain = import(&[]);
    assert!(plain.status.success(), "{plain:?}");
    assert!(stdout(&plain).contains("0 added, 0 changed, 2 unchanged"));
    assert_eq!(levels(), restricted);
    let refused = import(&["--access", "all"]);
    assert_eq!(refused.status.code(), Some(2), "{refused:?}");
    assert!(
        stderr(&refused).contains("2 records would be open to more members (owner-only → all: 2)")
    );
    assert_eq!(levels(), restricted);
}

/// An OFAC SDN file (legacy CSV) of fictional individuals: (entry number, name, remarks).
fn sdn_file(entries: &[(u32, &str, &str)]) -> String {
    entries
        .iter()
        .map(|(number, name, remarks)| {
            format!(
                "{number},\"{name}\",\"individual\",\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"{remarks}\"\r\n"
            )
        })
        .collect()
}

#[test]
fn a_newer_version_of_a_list_says_what_changed_and_its_removed_entries_stop_matching() {
    let data = tempfile::tempdir().unwrap();
    assert!(gatecheck(
        data.path(),
        &["member", "add", "us-ofac", "--country", "USA"]
    )
    .status
    .success());
    let list = data.path().join("list");
    std::fs::create_dir(&list).unwrap();
    let sdn = list.join("sdn.csv");
    let names = [
        "HADDAD, Karim Nasser",
        "SALEH, Rami Adnan",
        "KHALIL, Omar Fadi",
        "NASSER, Layla Huda",
        "BARAKAT, Samir Zaid",
        "MANSOUR, Tariq Wael",
        "AZIZ, Nabil Faris",
        "HAMDAN, Yousef Ali",
        "QASIM, Imad Rafiq",
        "FARAH, Bilal Amin",
        "JABER, Hani Sami",
        "DAOUD, Munir Basel",
    ];
    let first: Vec<(u32, &str, &str)> = (1..)
        .zip(names)
        .map(|(number, name)| (number * 10, name, "DOB 03 Feb 1980."))
        .collect();
    std::fs::write(&sdn, sdn_file(&first)).unwrap();
    let import = |extra: &[&str]| {
        let mut arguments = vec!["import", "--member", "us-ofac"];
        arguments.extend_from_slice(extra);
        arguments.push(sdn.to_str().unwrap());
        gatecheck(data.path(), &arguments)
    };
    let imported = import(&[]);
    assert!(imported.status.success(), "{imported:?}");
    assert!(stdout(&imported).contains("12 added, 0 changed, 0 unchanged, 0 removed"));
    let screen = |name: &str| -> serde_json::Value {
        let screened = gatecheck_with_input(
            data.path(),
            &["screen", "person", "--member", "us-ofac"],
            &format!(r#"{{"id": "t", "schema": "Person", "properties": {{"name": ["{name}"]}}}}"#),
        );
        serde_json::from_str(stdout(&screened).trim()).unwrap()
    };
    assert_eq!(screen("Rami Adnan Saleh")["results"][0]["id"], "ofac-20");

    // the next version: Saleh delisted, Khalil's birth date corrected, one entry added
    let mut second = first.clone();
    second.remove(1);
    second[1].2 = "DOB 04 Feb 1981.";
    second.push((130, "ZAIDAN, Fouad Karim", "DOB 1975."));
    std::fs::write(&sdn, sdn_file(&second)).unwrap();
    let updated = import(&[]);
    assert!(updated.status.success(), "{updated:?}");
    assert!(
        stdout(&updated).contains("12 records: 1 added, 1 changed, 10 unchanged, 1 removed"),
        "{}",
        stdout(&updated)
    );
    assert!(
        stderr(&updated).contains(
            "1 records of list us-ofac-sdn are not in this version and will be removed: ofac-20"
        ),
        "{}",
        stderr(&updated)
    );
    // delisted: no longer matched, kept with its version as evidence
    let found = |answer: &serde_json::Value, id: &str| -> bool {
        answer["results"]
            .as_array()
            .is_some_and(|results| results.iter().any(|result| result["id"] == id))
    };
    assert!(!found(&screen("Rami Adnan Saleh"), "ofac-20"));
    let store = gatecheck_store::Store::open(data.path()).unwrap();
    let saleh = store.record_id(1, "ofac-20");
    assert_eq!(saleh.unwrap(), None, "deleted");
    let removals: Vec<_> = store
        .audit_entries(1, i64::MAX)
        .unwrap()
        .into_iter()
        .filter(|row| row.action == "records.remove")
        .collect();
    assert_eq!(removals.len(), 1);
    assert!(removals[0]
        .subject
        .contains("1 records of list us-ofac-sdn"));
    drop(store);
    assert_eq!(screen("Fouad Karim Zaidan")["results"][0]["id"], "ofac-130");
    // the same version again rewrites and removes nothing
    assert!(stdout(&import(&[])).contains("0 added, 0 changed, 12 unchanged, 0 removed"));

    // a cut file would remove most of the list: refused, nothing written
    std::fs::write(&sdn, sdn_file(&second[..1])).unwrap();
    let cut = import(&[]);
    assert!(!cut.status.success(), "{cut:?}");
    assert!(
        stderr(&cut).contains("would remove 11 of its 12 records")
            && stderr(&cut).contains("--accept-removals"),
        "{}",
        stderr(&cut)
    );
    assert_eq!(screen("Fouad Karim Zaidan")["results"][0]["id"], "ofac-130");
    let confirmed = import(&["--accept-removals"]);
    assert!(confirmed.status.success(), "{confirmed:?}");
    assert!(stdout(&confirmed).contains("11 removed"));
    assert!(!found(&screen("Fouad Karim Zaidan"), "ofac-130"));

    // a FollowTheMoney export is a version of a list only when --list names one
    let export = data.path().join("export.jsonl");
    let person = |id: &str, name: &str| {
        format!(r#"{{"id": "{id}", "schema": "Person", "properties": {{"name": ["{name}"]}}}}"#)
    };
    std::fs::write(
        &export,
        [
            person("os-1", "Walid Hamed Sabri"),
            person("os-2", "Kamal Rashid Awad"),
        ]
        .join("\n"),
    )
    .unwrap();
    let import_export = |extra: &[&str]| {
        let mut arguments = vec!["import", "--member", "us-ofac"];
        arguments.extend_from_slice(extra);
        arguments.push(export.to_str().unwrap());
        gatecheck(data.path(), &arguments)
    };
    assert!(import_export(&["--list", "os-sanctions"]).status.success());
    std::fs::write(&export, person("os-1", "Walid Hamed Sabri")).unwrap();
    assert!(stdout(&import_export(&[])).contains("0 removed"));
    assert_eq!(screen("Kamal Rashid Awad")["results"][0]["id"], "os-2");
    let listed = import_export(&["--list", "os-sanctions"]);
    assert!(
        stdout(&listed).contains("1 unchanged, 1 removed"),
        "{listed:?}"
    );
    assert!(!found(&screen("Kamal Rashid Awad"), "os-2"));
    let bad = import_export(&["--list", "OS Sanctions"]);
    assert!(stderr(&bad).contains("lowercase letters"), "{bad:?}");
}

#[test]
fn a_traveller_screened_before_a_list_update_is_screened_again_against_its_additions() {
    let data = tempfile::tempdir().unwrap();
    for (name, country) in [("us-ofac", "USA"), ("iraq-nsa", "IRQ")] {
        let added = gatecheck(data.path(), &["member", "add", name, "--country", country]);
        assert!(added.status.success(), "{added:?}");
    }
    let sdn = data.path().join("sdn.csv");
    std::fs::write(&sdn, sdn_file(&[(10, "HADDAD, Karim Nasser", "DOB 1980.")])).unwrap();
    let import = || {
        gatecheck(
            data.path(),
            &["import", "--member", "us-ofac", sdn.to_str().unwrap()],
        )
    };
    assert!(import().status.success());
    // a traveller passes: nothing listed resembles him yet
    let screened = gatecheck_with_input(
        data.path(),
        &["screen", "person", "--member", "iraq-nsa"],
        r#"{"id": "t-1", "schema": "Person", "properties": {"name": ["Fuad Karim Zeidan"], "birthDate": ["1975-04-02"]}}
"#,
    );
    let answer: serde_json::Value = serde_json::from_str(stdout(&screened).trim()).unwrap();
    assert!(
        answer["results"]
            .as_array()
            .unwrap()
            .iter()
            .all(|result| result["match"] != true),
        "{answer}"
    );
    // the next version lists him: the import screens him again and raises the hit
    std::fs::write(
        &sdn,
        sdn_file(&[
            (10, "HADDAD, Karim Nasser", "DOB 1980."),
            (130, "ZAIDAN, Fouad Karim", "DOB 1975."),
        ]),
    )
    .unwrap();
    let updated = import();
    assert!(updated.status.success(), "{updated:?}");
    assert!(
        stdout(&updated).contains(
            "screened again: 1 screenings of the last 3 days against 1 records added or changed: 1 new hits"
        ),
        "{}",
        stdout(&updated)
    );
    let store = gatecheck_store::Store::open(data.path()).unwrap();
    let (hits, total) = store
        .hits_of(2, &gatecheck_store::HitFilter::default(), 10, 0)
        .unwrap();
    assert_eq!(total, 1);
    assert!(hits[0].0.explanation.contains("found_later"));
    assert_eq!(
        store.record_id(1, "ofac-130").unwrap(),
        Some(hits[0].0.record)
    );
    // the same version again changes nothing, and screens nobody again
    drop(store);
    assert!(!stdout(&import()).contains("screened again"));
}
