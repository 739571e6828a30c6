//! Two `gatecheck serve` nodes on one PostgreSQL store, as a coalition's hub runs them,
//! through a burst of record writes spread over both: one node is killed (`kill -9`) and
//! PostgreSQL itself crashes and recovers in the middle of it. Every write a node
//! acknowledged is there afterwards, and the audit log verifies. Skips with a notice when
//! PostgreSQL is not installed, unless `GATECHECK_REQUIRE_POSTGRES` is set. The persons
//! are fictional.

use gatecheck_store::concepts::Records;
use gatecheck_store::postgres::PostgresStore;
use gatecheck_testpg::TempCluster;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

const GATECHECK: &str = env!("CARGO_BIN_EXE_gatecheck");

fn gatecheck(data: &Path, store: &str, arguments: &[&str]) -> Output {
    Command::new(GATECHECK)
        .args(arguments)
        .arg("--data")
        .arg(data)
        .arg("--store")
        .arg(store)
        .env_remove("GATECHECK_DATA")
        .env_remove("GATECHECK_STORE")
        .output()
        .expect("cannot run gatecheck")
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A `gatecheck serve` node on `port`, once it answers.
fn serve(data: &Path, store: &str, port: u16) -> Child {
    let child = Command::new(GATECHECK)
        .args(["serve", "--listen", &format!("127.0.0.1:{port}"), "--data"])
        .arg(data)
        .args(["--store", store])
        .env_remove("GATECHECK_DATA")
        .env_remove("GATECHECK_STORE")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("cannot run gatecheck serve");
    let started = Instant::now();
    while request(port, "GET", "/healthz", "", "").is_none() {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "serve did not start"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    child
}

/// Adds member `name` of `country` with the command line: its key.
fn add_member(data: &Path, store: &str, name: &str, country: &str) -> String {
    let added = gatecheck(data, store, &["member", "add", name, "--country", country]);
    assert!(
        added.status.success(),
        "{}",
        String::from_utf8_lossy(&added.stderr)
    );
    String::from_utf8_lossy(&added.stdout)
        .lines()
        .last()
        .unwrap()
        .to_string()
}

/// One HTTP/1.1 request on a connection of its own: the status and the body, or `None`
/// when the node does not answer (killed, say).
fn request(port: u16, method: &str, path: &str, key: &str, body: &str) -> Option<(u16, String)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .ok()?;
    let sent = format!(
        "{method} {path} HTTP/1.1\r\nhost: test\r\nconnection: close\r\nauthorization: Bearer {key}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(sent.as_bytes()).ok()?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer).ok()?;
    let status = answer.get(9..12)?.parse().ok()?;
    let body = answer.split_once("\r\n\r\n")?.1.to_string();
    Some((status, body))
}

/// Writes a new record of `number` through the node on `port`: its id once acknowledged.
fn write(port: u16, key: &str, number: usize) -> Option<i64> {
    let body = serde_json::json!({
        "entity": {"id": format!("burst-{number}"), "schema": "Person",
                   "properties": {"name": [format!("Tariq Nabil Saadeh {number}")]}},
        "access": {"level": "all"},
        "action": "arrest",
        "review_by": "2030-01-01"
    });
    let (status, answer) = request(port, "POST", "/v1/records", key, &body.to_string())?;
    if status != 201 {
        return None;
    }
    serde_json::from_str::<serde_json::Value>(&answer).ok()?["id"].as_i64()
}

#[test]
fn acknowledged_writes_survive_a_node_killed_and_postgresql_crashing() {
    let Some(mut cluster) = TempCluster::start_or_skip(
        "acknowledged_writes_survive_a_node_killed_and_postgresql_crashing",
    ) else {
        return;
    };
    let store = cluster.connection_string();
    let data = tempfile::tempdir().unwrap();
    let key = add_member(data.path(), &store, "jordan-psd", "JOR");
    let ports = [free_port(), free_port()];
    let mut nodes = [
        serve(data.path(), &store, ports[0]),
        serve(data.path(), &store, ports[1]),
    ];

    let mut acknowledged = Vec::new();
    let mut refused = 0;
    let mut number = 0;
    let mut burst = |ports: &[u16], until: usize, acknowledged: &mut Vec<i64>| {
        let started = Instant::now();
        while acknowledged.len() < until {
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "writes stopped being taken"
            );
            number += 1;
            match write(ports[number % ports.len()], &key, number) {
                Some(id) => acknowledged.push(id),
                None => refused += 1,
            }
        }
    };
    burst(&ports, 40, &mut acknowledged);
    // a node killed mid-burst: its writes in flight are not acknowledged
    nodes[0].kill().unwrap();
    nodes[0].wait().unwrap();
    burst(&ports, 80, &mut acknowledged);
    // PostgreSQL crashes (every process killed, nothing flushed) and recovers; the node
    // left connects again
    cluster.kill_hard().unwrap();
    cluster.restart().unwrap();
    burst(&ports[1..], 120, &mut acknowledged);
    nodes[0] = serve(data.path(), &store, ports[0]);
    burst(&ports, 160, &mut acknowledged);
    assert!(
        refused > 0,
        "the node killed refused nothing: it was not in the burst"
    );

    let reader = PostgresStore::connect(&store).unwrap();
    for id in &acknowledged {
        let record = reader.record(*id).unwrap();
        assert!(record.is_some(), "record {id} was acknowledged and is gone");
    }
    let verified = gatecheck(data.path(), &store, &["audit", "verify"]);
    assert!(
        verified.status.success(),
        "{}{}",
        String::from_utf8_lossy(&verified.stdout),
        String::from_utf8_lossy(&verified.stderr)
    );
    assert!(String::from_utf8_lossy(&verified.stdout).contains("audit log intact"));
    for node in &mut nodes {
        let _ = node.kill();
        let _ = node.wait();
    }
}

#[test]
fn a_member_revoked_from_the_command_line_is_refused_by_a_running_node_at_once() {
    let Some(cluster) = TempCluster::start_or_skip(
        "a_member_revoked_from_the_command_line_is_refused_by_a_running_node_at_once",
    ) else {
        return;
    };
    let store = cluster.connection_string();
    let data = tempfile::tempdir().unwrap();
    let key = add_member(data.path(), &store, "iraq-nsa", "IRQ");
    let port = free_port();
    let mut node = serve(data.path(), &store, port);
    let query =
        r#"{"id": "q", "schema": "Person", "properties": {"name": ["Tariq Nabil Saadeh"]}}"#;
    let screen =
        || request(port, "POST", "/v1/screen/person", &key, query).map(|(status, _)| status);
    assert_eq!(screen(), Some(200));
    // once its follower listens, the node keeps the member it authenticated: read again
    // here, what it kept before being past trusting
    std::thread::sleep(gatecheck_server::MEMBERS_TRUSTED_FOR + Duration::from_millis(100));
    let kept = Instant::now();
    assert_eq!(screen(), Some(200));
    let revoked = gatecheck(data.path(), &store, &["member", "revoke", "iraq-nsa"]);
    assert!(
        revoked.status.success(),
        "{}",
        String::from_utf8_lossy(&revoked.stderr)
    );
    while screen() == Some(200) {
        assert!(kept.elapsed() < Duration::from_secs(10), "never refused");
        std::thread::sleep(Duration::from_millis(10));
    }
    // refused as the node hears the revocation, before the member it kept was a second
    // old (when it would be read again whatever it heard)
    let refused_after = kept.elapsed();
    assert!(
        refused_after < gatecheck_server::MEMBERS_TRUSTED_FOR,
        "refused {refused_after:?} after the member was kept: the revocation was not heard"
    );
    assert_eq!(screen(), Some(401));
    node.kill().unwrap();
    node.wait().unwrap();
}
