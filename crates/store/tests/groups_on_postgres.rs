//! A group of writes on PostgreSQL (one transaction the server's writer shares between the
//! requests that queue for it, each write whole or nothing): the rows of screenings are
//! kept by the connection until the group's next statement or its commit, and a write's
//! savepoint is made only when it sends a statement of its own. Whatever way a write ends,
//! the group must commit exactly the writes that succeeded, numbered and chained without a
//! gap; a row the database refuses at the end undoes the whole group, and the numbering
//! goes on from what was committed.
//!
//! The runs start a throwaway cluster (`gatecheck-testpg`) and skip with a notice when
//! PostgreSQL is not installed, unless `GATECHECK_REQUIRE_POSTGRES` is set.

mod common;

use common::{add_member, assert_chained, chain, cluster, entry};

use gatecheck_store::concepts::{AuditLog, Hits, Members, Records};
use gatecheck_store::postgres::PostgresStore;
use gatecheck_store::{NewHit, NewMember, NewSuppression, StatusChange, StoreError};

fn hit(querier: i64, owner: i64, record: i64, traveller: &str) -> NewHit {
    NewHit {
        querier,
        record,
        owner,
        query: format!(r#"{{"schema":"Person","properties":{{"name":["{traveller}"]}}}}"#),
        score: 0.91,
        explanation: "{}".to_string(),
        details: None,
        absorb_since: None,
    }
}

/// A screening's write: one hit raised by `querier` on `owner`'s `record` at `at`, with its
/// audit entry (`subject`).
fn screening(
    store: &mut PostgresStore,
    (querier, owner, record): (i64, i64, i64),
    at: i64,
    subject: &str,
) -> Result<Vec<i64>, StoreError> {
    store.add_hits(
        &[hit(querier, owner, record, "Yusuf Nasser")],
        at,
        &[entry(at, "hit.add", subject)],
        &chain,
    )
}

/// `store` clears hit `hit` as a false positive at `at`, suppressing `querier`'s hits on
/// record 7 for the traveller with these `details` (the hit's audit subject `subject`).
fn clear_as_false_positive(
    store: &mut PostgresStore,
    hit: i64,
    querier: i64,
    details: &str,
    (at, subject): (i64, &str),
) -> Result<(), StoreError> {
    store.set_hit_status(
        &StatusChange {
            hit,
            status: "false-positive",
            reason: "another man of the same name",
            suppression: Some(&NewSuppression {
                querier,
                record: 7,
                record_version: 1,
                details: details.to_string(),
            }),
            notify: None,
        },
        &entry(at, "hit.status", subject),
        &chain,
    )
}

fn refused() -> StoreError {
    StoreError::Invalid {
        what: "test write",
        name: "refused on purpose".to_string(),
    }
}

/// The groups `store` committed: those that waited for the disk after letting go of their
/// locks, and those that waited holding them.
fn commits_by_wait(store: &PostgresStore) -> (u64, u64) {
    let commits = store.group_commits();
    (
        commits.waited_after_the_locks,
        commits.waited_under_the_locks,
    )
}

fn subjects(store: &PostgresStore) -> Vec<String> {
    let entries = store.audit_entries(1, i64::MAX).unwrap();
    assert_chained(&entries);
    entries.into_iter().map(|row| row.subject).collect()
}

#[test]
fn a_group_commits_exactly_the_writes_that_succeeded_however_each_ended() {
    let Some(cluster) =
        cluster("a_group_commits_exactly_the_writes_that_succeeded_however_each_ended")
    else {
        return;
    };
    let url = cluster.connection_string();
    let mut store = PostgresStore::connect(&url).unwrap();
    let other = PostgresStore::connect(&url).unwrap();
    let owner = add_member(&mut store, "jordan-psd", "JOR", 1).id;
    let querier = add_member(&mut store, "iraq-nsa", "JOR", 2).id;
    let before = subjects(&other);

    store.begin_group().unwrap();
    // a screening with a hit: its rows kept, nothing sent
    let first = store
        .in_group(|s| screening(s, (querier, owner, 7), 10, "A"))
        .unwrap();
    assert_eq!(first, [1]);
    // undone after keeping an entry: the entry goes
    let undone: Result<(), StoreError> = store.in_group(|s| {
        s.append_audit(&entry(11, "screen", "B"), &chain)?;
        Err(refused())
    });
    assert!(undone.is_err());
    // undone after its rows were sent by a read of its own: rolled back to its savepoint
    let undone: Result<(), StoreError> = store.in_group(|s| {
        screening(s, (querier, owner, 8), 12, "C")?;
        let seen: Vec<String> = s
            .audit_entries(1, i64::MAX)?
            .into_iter()
            .map(|row| row.subject)
            .collect();
        assert_eq!(
            &seen[seen.len() - 2..],
            ["A", "C"],
            "a write reads its own rows"
        );
        s.append_audit(&entry(12, "screen", "C2"), &chain)?;
        Err(refused())
    });
    assert!(undone.is_err());
    // reads first, then writes: numbered after the first write, as if the two undone
    // had never been
    let third = store
        .in_group(|s| {
            let seen = s.audit_entries(1, i64::MAX)?;
            assert_eq!(seen.last().unwrap().subject, "A");
            screening(s, (querier, owner, 9), 13, "D")
        })
        .unwrap();
    assert_eq!(third, [2]);
    // a write whose inner write fails (a member's name taken) and goes on: the inner one
    // alone is undone
    store
        .in_group(|s| {
            s.append_audit(&entry(14, "screen", "E1"), &chain)?;
            let taken = s.add_member(
                &NewMember {
                    name: "jordan-psd",
                    country: "JOR",
                    admin: false,
                    key_hash: &[9; 32],
                    created_at: 14,
                },
                &entry(14, "member.add", "member jordan-psd again"),
                &chain,
            );
            assert!(
                matches!(taken, Err(StoreError::AlreadyExists { .. })),
                "{taken:?}"
            );
            s.append_audit(&entry(14, "screen", "E2"), &chain)?;
            Ok::<_, StoreError>(())
        })
        .unwrap();
    // nothing is seen by another connection before the commit
    assert_eq!(subjects(&other), before);
    store.commit_group().unwrap();

    let mut expected = before.clone();
    expected.extend(["A", "D", "E1", "E2"].map(String::from));
    assert_eq!(subjects(&other), expected);
    let records: Vec<i64> = [1, 2, 3]
        .iter()
        .filter_map(|id| other.hit(*id).unwrap())
        .map(|hit| hit.record)
        .collect();
    assert_eq!(records, [7, 9]);
    let notified: Vec<(i64, i64)> = other
        .notifications(owner, 0, 10)
        .unwrap()
        .iter()
        .map(|n| (n.id, n.hit.id))
        .collect();
    assert_eq!(notified, [(1, 1), (2, 2)]);
}

#[test]
fn a_row_the_database_refuses_at_the_end_undoes_the_whole_group() {
    let Some(cluster) = cluster("a_row_the_database_refuses_at_the_end_undoes_the_whole_group")
    else {
        return;
    };
    let url = cluster.connection_string();
    let mut store = PostgresStore::connect(&url).unwrap();
    let owner = add_member(&mut store, "jordan-psd", "JOR", 1).id;
    let querier = add_member(&mut store, "iraq-nsa", "JOR", 2).id;
    let before = subjects(&store);

    store.begin_group().unwrap();
    store
        .in_group(|s| screening(s, (querier, owner, 7), 10, "A"))
        .unwrap();
    // an owner no member is: kept, and refused by the table's key when sent
    store
        .in_group(|s| screening(s, (querier, 999, 8), 11, "B"))
        .unwrap();
    let refused = store.commit_group().unwrap_err();
    // said with PostgreSQL's own words, not only "db error"
    let said = refused.to_string();
    assert!(
        said.contains("violates foreign key constraint") && said.contains("SQLSTATE 23503"),
        "{said}"
    );
    assert_eq!(subjects(&store), before);
    assert!(store.hit(1).unwrap().is_none());

    // the next group numbers from what was committed
    store.begin_group().unwrap();
    let ids = store
        .in_group(|s| screening(s, (querier, owner, 9), 12, "C"))
        .unwrap();
    store.commit_group().unwrap();
    assert_eq!(ids, [1]);
    let mut expected = before;
    expected.push("C".to_string());
    assert_eq!(subjects(&store), expected);
}

/// A group reads once whether a querier has any suppression in force; a suppression made
/// or revoked inside the group is met, or no longer met, by the group's next screening.
#[test]
fn a_suppression_made_or_revoked_in_a_group_is_met_by_its_next_screening() {
    let Some(cluster) =
        cluster("a_suppression_made_or_revoked_in_a_group_is_met_by_its_next_screening")
    else {
        return;
    };
    let url = cluster.connection_string();
    let mut store = PostgresStore::connect(&url).unwrap();
    let owner = add_member(&mut store, "jordan-psd", "JOR", 1).id;
    let querier = add_member(&mut store, "iraq-nsa", "JOR", 2).id;
    let details = "a1b2".to_string();

    store.begin_group().unwrap();
    let none = store
        .in_group(|s| s.suppressions_for(querier, &details))
        .unwrap();
    assert!(none.is_empty());
    let raised = store
        .in_group(|s| screening(s, (querier, owner, 7), 10, "A"))
        .unwrap();
    store
        .in_group(|s| clear_as_false_positive(s, raised[0], querier, &details, (11, "hit 1")))
        .unwrap();
    let met = store
        .in_group(|s| s.suppressions_for(querier, &details))
        .unwrap();
    assert_eq!(met.iter().map(|row| row.record).collect::<Vec<_>>(), [7]);
    // another traveller's details meet none
    let other_details = store
        .in_group(|s| s.suppressions_for(querier, "c3d4"))
        .unwrap();
    assert!(other_details.is_empty());
    store
        .in_group(|s| {
            s.revoke_suppression(met[0].id, &entry(12, "suppression.revoke", "s"), &chain)
        })
        .unwrap();
    let revoked = store
        .in_group(|s| s.suppressions_for(querier, &details))
        .unwrap();
    assert!(revoked.is_empty());
    store.commit_group().unwrap();
    assert!(store
        .suppressions_for(querier, &details)
        .unwrap()
        .is_empty());
}

/// A querier whose suppressions a group read is asked about again as the next groups take
/// their locks: a suppression made on another node between two groups is met by the next,
/// and once revoked there no longer met, also when the group has rows kept before it asks.
#[test]
fn a_suppression_made_or_revoked_on_another_node_is_met_by_the_next_group() {
    let Some(cluster) =
        cluster("a_suppression_made_or_revoked_on_another_node_is_met_by_the_next_group")
    else {
        return;
    };
    let url = cluster.connection_string();
    let mut store = PostgresStore::connect(&url).unwrap();
    let mut other = PostgresStore::connect(&url).unwrap();
    let owner = add_member(&mut store, "jordan-psd", "JOR", 1).id;
    let querier = add_member(&mut store, "iraq-nsa", "JOR", 2).id;
    let details = "a1b2".to_string();
    // a group screens and reads the querier's suppressions: none
    store.begin_group().unwrap();
    let raised = store
        .in_group(|s| screening(s, (querier, owner, 7), 10, "A"))
        .unwrap();
    let none = store
        .in_group(|s| s.suppressions_for(querier, &details))
        .unwrap();
    assert!(none.is_empty());
    store.commit_group().unwrap();
    // another node clears the hit as a false positive, suppressing it
    clear_as_false_positive(&mut other, raised[0], querier, &details, (11, "hit 1")).unwrap();
    let met_in_a_group = |store: &mut PostgresStore, at: i64, subject: &str| {
        store.begin_group().unwrap();
        // rows kept first, then the question
        store
            .in_group(|s| screening(s, (querier, owner, 8), at, subject).map(|_| ()))
            .unwrap();
        let met = store
            .in_group(|s| s.suppressions_for(querier, &details))
            .unwrap();
        store.commit_group().unwrap();
        met
    };
    let met = met_in_a_group(&mut store, 12, "B");
    assert_eq!(met.iter().map(|row| row.record).collect::<Vec<_>>(), [7]);
    other
        .revoke_suppression(met[0].id, &entry(13, "suppression.revoke", "s"), &chain)
        .unwrap();
    assert!(met_in_a_group(&mut store, 14, "C").is_empty());
    assert_eq!(
        subjects(&store),
        [
            "member jordan-psd",
            "member iraq-nsa",
            "A",
            "hit 1",
            "B",
            "s",
            "C"
        ]
    );
}

/// A group of screenings only lets go of its locks before it waits for the disk (another
/// connection writes at once after it), yet its rows are committed and chained; a group
/// that wrote a record waits holding them, as another node's index takes the record's
/// change in without answering anyone. Either way the next group goes on from it.
#[test]
fn a_group_of_screenings_waits_for_the_disk_after_its_locks_one_with_records_under_them() {
    let Some(cluster) = cluster(
        "a_group_of_screenings_waits_for_the_disk_after_its_locks_one_with_records_under_them",
    ) else {
        return;
    };
    let url = cluster.connection_string();
    let mut store = PostgresStore::connect(&url).unwrap();
    let mut other = PostgresStore::connect(&url).unwrap();
    let owner = add_member(&mut store, "jordan-psd", "JOR", 1).id;
    let querier = add_member(&mut store, "iraq-nsa", "JOR", 2).id;
    let none = gatecheck_store::postgres::GroupCommits::default();
    assert_eq!(store.group_commits(), none);

    store.begin_group().unwrap();
    for (at, subject) in [(10, "A"), (11, "B")] {
        store
            .in_group(|s| screening(s, (querier, owner, 7), at, subject))
            .unwrap();
    }
    store.commit_group().unwrap();
    assert_eq!(commits_by_wait(&store), (1, 0));
    // the other connection sees both and writes after them, chained on
    screening(&mut other, (querier, owner, 7), 12, "C").unwrap();
    let written = subjects(&other);
    assert_eq!(written[written.len() - 3..], ["A", "B", "C"]);

    // a group that writes a record (a statement of its own) waits under its locks
    store.begin_group().unwrap();
    store
        .in_group(|s| screening(s, (querier, owner, 7), 13, "D"))
        .unwrap();
    store
        .in_group(|s| {
            s.write_records(
                owner,
                &[gatecheck_store::NewRecord {
                    list: None,
                    entity_id: "p1".to_string(),
                    entity:
                        r#"{"id":"p1","schema":"Person","properties":{"name":["Yusuf Nasser"]}}"#
                            .to_string(),
                }],
                &gatecheck_store::WriteTerms::set(gatecheck_store::Terms {
                    access_level: "all".to_string(),
                    access_members: Vec::new(),
                    action: "refer".to_string(),
                    review_by: "2030-01-01".to_string(),
                }),
                None,
                &gatecheck_store::WriteAudit::plain(&entry(13, "record.write", "E")),
                &chain,
            )
        })
        .unwrap();
    store.commit_group().unwrap();
    assert_eq!(commits_by_wait(&store), (1, 1));
    assert_eq!(other.last_change().unwrap(), 1);
    let written = subjects(&other);
    assert_eq!(written[written.len() - 2..], ["D", "E"]);
}

/// A group committed without waiting for the disk is proved on disk by a `LogFlusher`
/// while the writing connection's server process lives; once that process is gone (a
/// crash of PostgreSQL ends every one; here it is ended alone) the flusher says it can
/// prove nothing, and a writer connected again is proved again.
#[test]
fn a_log_flusher_proves_commits_only_while_their_connection_s_process_lives() {
    let Some(cluster) =
        cluster("a_log_flusher_proves_commits_only_while_their_connection_s_process_lives")
    else {
        return;
    };
    let url = cluster.connection_string();
    let mut store = PostgresStore::connect(&url).unwrap();
    let mut flusher = gatecheck_store::postgres::LogFlusher::connect(&url).unwrap();
    let owner = add_member(&mut store, "jordan-psd", "JOR", 1).id;
    let querier = add_member(&mut store, "iraq-nsa", "JOR", 2).id;
    store.set_commits_wait_for_disk(false);
    let process = store.server_process().unwrap();
    store.begin_group().unwrap();
    store
        .in_group(|s| screening(s, (querier, owner, 7), 10, "A"))
        .unwrap();
    store.commit_group().unwrap();
    assert!(flusher.flush(&process).unwrap());
    // the writing connection's process ended (waited for, up to 30 s, as a signal alone
    // leaves it running a moment): nothing it committed can be proved now
    let mut admin = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    let ended: bool = admin
        .query_one("SELECT pg_terminate_backend($1, 30000)", &[&process.pid()])
        .unwrap()
        .get(0);
    assert!(ended);
    assert!(!flusher.flush(&process).unwrap());
    // connected again, a new process: its commits are proved
    let mut again = PostgresStore::connect(&url).unwrap();
    again.set_commits_wait_for_disk(false);
    let renewed = again.server_process().unwrap();
    assert_ne!(renewed, process);
    again.begin_group().unwrap();
    again
        .in_group(|s| screening(s, (querier, owner, 7), 11, "B"))
        .unwrap();
    again.commit_group().unwrap();
    assert!(flusher.flush(&renewed).unwrap());
    let written = subjects(&again);
    assert_eq!(written[written.len() - 2..], ["A", "B"]);
}
