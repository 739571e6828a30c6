//! The harness against the installed PostgreSQL, through the `postgres` client the store
//! will use: rows written over the socket come back, clusters side by side stay apart,
//! committed rows survive a hard kill, a server that cannot start says why and where, and
//! a dropped cluster leaves nothing behind.
//!
//! Each test skips with a notice when PostgreSQL is not installed, unless
//! `GATECHECK_REQUIRE_POSTGRES` is set (as `.ci/run` sets it).

use std::io::Write;
use std::time::{Duration, Instant};

use gatecheck_testpg::{ClusterConfig, HarnessError, PostgresBinaries, TempCluster};
use postgres::{Client, NoTls};

/// Starts a cluster and writes how long that took past the test harness's capture, so that
/// the figure shows in every run's output.
fn start_timed(test_name: &str, config: ClusterConfig) -> Option<TempCluster> {
    let fsync = if config.fsync { "on" } else { "off" };
    let started = Instant::now();
    let cluster = TempCluster::start_or_skip_with(test_name, config)?;
    report(&format!(
        "{test_name}: cluster started in {} ms (initdb, postgres, createdb; fsync {fsync})",
        started.elapsed().as_millis()
    ));
    Some(cluster)
}

fn report(line: &str) {
    let _ = std::io::stderr()
        .lock()
        .write_all(format!("{line}\n").as_bytes());
}

fn without_fsync() -> ClusterConfig {
    ClusterConfig {
        fsync: false,
        ..ClusterConfig::default()
    }
}

fn connect(cluster: &TempCluster) -> Client {
    Client::connect(&cluster.connection_string(), NoTls)
        .unwrap_or_else(|error| panic!("connecting to {}: {error}", cluster.connection_string()))
}

fn setting(client: &mut Client, name: &str) -> String {
    client
        .query_one(&format!("SHOW {name}"), &[])
        .unwrap()
        .get(0)
}

fn names_in(client: &mut Client) -> Vec<String> {
    client
        .query("SELECT name FROM persons ORDER BY id", &[])
        .unwrap()
        .iter()
        .map(|row| row.get(0))
        .collect()
}

fn create_persons(client: &mut Client) {
    client
        .batch_execute("CREATE TABLE persons (id int PRIMARY KEY, name text NOT NULL)")
        .unwrap();
}

fn insert_person(client: &mut Client, id: i32, name: &str) {
    client
        .execute(
            "INSERT INTO persons (id, name) VALUES ($1, $2)",
            &[&id, &name],
        )
        .unwrap();
}

/// The state letter of `/proc/<pid>/stat`, `None` once the process is gone.
fn process_state(pid: u32) -> Option<char> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    stat[stat.rfind(')')? + 1..].trim_start().chars().next()
}

fn is_alive(pid: u32) -> bool {
    process_state(pid).is_some_and(|state| state != 'Z')
}

fn children_of(parent_pid: u32) -> Vec<u32> {
    std::fs::read_dir("/proc")
        .unwrap()
        .filter_map(|entry| entry.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| {
            let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
                return false;
            };
            let after_name = &stat[stat.rfind(')').unwrap() + 1..];
            after_name.split_whitespace().nth(1) == Some(parent_pid.to_string().as_str())
        })
        .collect()
}

#[test]
fn rows_written_over_the_socket_read_back() {
    let test = "rows_written_over_the_socket_read_back";
    let Some(cluster) = start_timed(test, ClusterConfig::default()) else {
        return;
    };
    assert!(cluster.connection_string().starts_with("host=/"));
    let mut client = connect(&cluster);
    create_persons(&mut client);
    let names = ["Anna Müller", "محمد عبد الله", "李小龍"];
    for (id, name) in (1..).zip(names) {
        insert_person(&mut client, id, name);
    }
    assert_eq!(names_in(&mut client), names);

    // the settings the harness promises
    assert_eq!(setting(&mut client, "listen_addresses"), "");
    assert_eq!(setting(&mut client, "fsync"), "on");
    assert_eq!(setting(&mut client, "synchronous_commit"), "on");
    assert_eq!(setting(&mut client, "server_encoding"), "UTF8");
    assert_eq!(setting(&mut client, "lc_collate"), "C");

    // the accessors name the same server, user and database
    let mut by_parts = postgres::Config::new()
        .host_path(cluster.socket_dir())
        .port(cluster.port())
        .user(cluster.user())
        .dbname(cluster.database())
        .connect(NoTls)
        .unwrap();
    let row = by_parts
        .query_one("SELECT current_user::text, current_database()::text", &[])
        .unwrap();
    assert_eq!(row.get::<_, String>(0), "gatecheck");
    assert_eq!(row.get::<_, String>(1), "gatecheck");
    assert_eq!(names_in(&mut by_parts), names);
}

#[test]
fn two_clusters_at_once_keep_their_own_rows() {
    let test = "two_clusters_at_once_keep_their_own_rows";
    let Some(first) = start_timed(test, ClusterConfig::default()) else {
        return;
    };
    let Some(second) = start_timed(test, without_fsync()) else {
        return;
    };
    assert_ne!(first.socket_dir(), second.socket_dir());
    assert_eq!(first.port(), second.port());

    let mut first_client = connect(&first);
    let mut second_client = connect(&second);
    for client in [&mut first_client, &mut second_client] {
        create_persons(client);
    }
    insert_person(&mut first_client, 1, "in the first");
    insert_person(&mut second_client, 1, "in the second");
    assert_eq!(names_in(&mut first_client), ["in the first"]);
    assert_eq!(names_in(&mut second_client), ["in the second"]);
    assert_eq!(setting(&mut first_client, "fsync"), "on");
    assert_eq!(setting(&mut second_client, "fsync"), "off");
}

#[test]
fn committed_rows_survive_kill_hard_and_restart() {
    let test = "committed_rows_survive_kill_hard_and_restart";
    let Some(mut cluster) = start_timed(test, ClusterConfig::default()) else {
        return;
    };
    let mut client = connect(&cluster);
    create_persons(&mut client);
    insert_person(&mut client, 1, "committed first");
    insert_person(&mut client, 2, "committed second");
    let mut other_client = connect(&cluster);
    let mut unfinished = other_client.transaction().unwrap();
    unfinished
        .execute(
            "INSERT INTO persons (id, name) VALUES (3, 'never committed')",
            &[],
        )
        .unwrap();

    let postmaster_pid = cluster.postmaster_pid().unwrap();
    let children = children_of(postmaster_pid);
    // checkpointer, background writer, WAL writer, ... and the two sessions
    assert!(
        children.len() >= 5,
        "children of the postmaster: {children:?}"
    );
    cluster.kill_hard().unwrap();
    assert!(!cluster.is_running());
    assert!(!is_alive(postmaster_pid));
    let survivors: Vec<u32> = children.into_iter().filter(|&pid| is_alive(pid)).collect();
    assert_eq!(survivors, [], "children alive after kill_hard");
    assert!(client.simple_query("SELECT 1").is_err());
    drop(unfinished);

    let restarted = Instant::now();
    cluster.restart().unwrap();
    report(&format!(
        "{test}: restarted after kill_hard in {} ms (crash recovery)",
        restarted.elapsed().as_millis()
    ));
    let log = std::fs::read_to_string(cluster.log_path()).unwrap();
    assert!(
        log.contains("automatic recovery in progress"),
        "the log shows no crash recovery:\n{log}"
    );
    let mut client = connect(&cluster);
    assert_eq!(
        names_in(&mut client),
        ["committed first", "committed second"]
    );
}

#[test]
fn a_stopped_cluster_restarts_with_its_rows() {
    let test = "a_stopped_cluster_restarts_with_its_rows";
    let Some(mut cluster) = start_timed(test, without_fsync()) else {
        return;
    };
    let mut client = connect(&cluster);
    create_persons(&mut client);
    insert_person(&mut client, 1, "kept");
    drop(client);

    cluster.stop().unwrap();
    assert!(!cluster.is_running());
    assert!(Client::connect(&cluster.connection_string(), NoTls).is_err());
    assert!(matches!(
        cluster.kill_hard(),
        Err(HarnessError::NotRunning { .. })
    ));
    cluster.stop().unwrap();

    cluster.restart().unwrap();
    let log = std::fs::read_to_string(cluster.log_path()).unwrap();
    assert!(log.contains("received fast shutdown request"), "{log}");
    assert!(!log.contains("automatic recovery in progress"), "{log}");
    assert_eq!(names_in(&mut connect(&cluster)), ["kept"]);

    // a restart of a running server stops it first
    let pid_before = cluster.postmaster_pid().unwrap();
    cluster.restart().unwrap();
    assert_ne!(cluster.postmaster_pid(), Some(pid_before));
    assert_eq!(names_in(&mut connect(&cluster)), ["kept"]);
}

#[test]
fn a_server_that_cannot_start_names_its_log() {
    let test = "a_server_that_cannot_start_names_its_log";
    let Some(binaries) = PostgresBinaries::find_or_skip(test) else {
        return;
    };
    let config = ClusterConfig {
        settings: vec![("shared_buffers".into(), "plenty".into())],
        start_timeout: Duration::from_secs(60),
        ..without_fsync()
    };
    let error = TempCluster::start_using(binaries, config).unwrap_err();
    let HarnessError::ServerExited { log, log_tail, .. } = &error else {
        panic!("not a server that exited: {error}");
    };
    let message = error.to_string();
    assert!(message.contains(&log.display().to_string()), "{message}");
    assert!(
        log_tail.contains(r#"invalid value for parameter "shared_buffers": "plenty""#),
        "{message}"
    );
    // the directory is kept for the log to be read; the caller removes it
    let whole_log = std::fs::read_to_string(log).unwrap();
    assert!(whole_log.contains("shared_buffers"), "{whole_log}");
    std::fs::remove_dir_all(log.parent().unwrap()).unwrap();
}

#[test]
fn dropping_a_cluster_stops_its_server_and_removes_its_directory() {
    let test = "dropping_a_cluster_stops_its_server_and_removes_its_directory";
    let Some(cluster) = start_timed(test, without_fsync()) else {
        return;
    };
    let _client = connect(&cluster);
    let directory = cluster.socket_dir().to_path_buf();
    let postmaster_pid = cluster.postmaster_pid().unwrap();
    let children = children_of(postmaster_pid);
    assert!(directory.join("data").join("PG_VERSION").is_file());

    drop(cluster);
    assert!(
        !directory.exists(),
        "{} is still there",
        directory.display()
    );
    assert!(!is_alive(postmaster_pid));
    let survivors: Vec<u32> = children.into_iter().filter(|&pid| is_alive(pid)).collect();
    assert_eq!(survivors, [], "children alive after drop");
}
