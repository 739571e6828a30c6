//! What every conformance suite of the store shares: the stand-in chain hash, audit
//! entries, a throwaway PostgreSQL cluster, and the check that a log is numbered and
//! chained.

#![allow(dead_code)] // each suite takes what it needs

use gatecheck_store::concepts::Members;
use gatecheck_store::{AuditEntry, AuditRow, MemberRow, NewMember, CHAIN_START};
use gatecheck_testpg::{ClusterConfig, TempCluster};

/// A stand-in for the service's chain hash: 64 hex digits over every field and the hash
/// before, so that an entry changed or out of order gives another hash.
pub fn chain(row: &AuditRow) -> String {
    let text = format!(
        "{}|{}|{}|{}|{}|{}|{}",
        row.previous, row.seq, row.at, row.actor, row.action, row.subject, row.digest
    );
    gatecheck_evidence::leaf_hash(text.as_bytes()).to_string()
}

pub fn entry(at: i64, action: &str, subject: &str) -> AuditEntry {
    entry_by("cli:test", at, action, subject)
}

/// An entry written by `actor` at `at`.
pub fn entry_by(actor: &str, at: i64, action: &str, subject: &str) -> AuditEntry {
    AuditEntry {
        at,
        actor: actor.to_string(),
        action: action.to_string(),
        subject: subject.to_string(),
        digest: format!("{at:064x}"),
    }
}

/// Adds member `name` of `country` at `at` (its key hash the moment's byte, repeated),
/// audited as `member <name>`.
pub fn add_member(
    store: &mut (impl Members + ?Sized),
    name: &str,
    country: &str,
    at: i64,
) -> MemberRow {
    store
        .add_member(
            &NewMember {
                name,
                country,
                admin: false,
                key_hash: &[at as u8; 32],
                created_at: at,
            },
            &entry(at, "member.add", &format!("member {name}")),
            &chain,
        )
        .unwrap()
}

/// A throwaway cluster for `test` (fsync off: these suites check rows, not durability),
/// or `None` with a notice when PostgreSQL is not installed.
pub fn cluster(test: &str) -> Option<TempCluster> {
    TempCluster::start_or_skip_with(
        test,
        ClusterConfig {
            fsync: false,
            ..ClusterConfig::default()
        },
    )
}

/// Checks that `entries` are the whole log from its start: numbered from 1, each chained to
/// the one before, each hash the one its fields give.
pub fn assert_chained(entries: &[AuditRow]) {
    let mut previous = CHAIN_START.to_string();
    for (seq, row) in (1..).zip(entries) {
        assert_eq!((row.seq, &row.previous), (seq, &previous));
        assert_eq!(row.hash, chain(row));
        previous = row.hash.clone();
    }
}
