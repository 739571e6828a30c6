//! The change feed of person records on PostgreSQL, and the wake-ups that spare its
//! followers polling.
//!
//! A write of records appends its changes under the records lock, numbered on from the
//! newest (the largest plus one), and sends `NOTIFY gatecheck_record_change` with the newest
//! number, both in its transaction. The lock is held until the transaction has committed
//! and become visible, so the next write numbers its changes only after: numbers are given
//! in the order writes commit, without gaps (a write undone takes its numbers with it), and
//! a follower that reads after the last number it took passes over nothing. A sequence
//! would not do: `nextval` is outside transactions, so a write could take a number, be
//! overtaken by another's commit, and commit its smaller number after a follower had read
//! past it (unless taken under the lock, which leaves the gaps of writes undone for
//! nothing).
//!
//! A write of members (added, their contact changed, revoked) sends `NOTIFY
//! gatecheck_member_change` with the member's id in its transaction: a node that keeps the
//! members it authenticated forgets them when it hears it ([`Heard::members`]).
//!
//! PostgreSQL delivers a notification when its transaction commits, to every connection
//! listening then. It takes a lock of the whole database's notification queue at commit,
//! which puts notifying commits in a line; writes of records are in one already.

use std::time::Duration;

use super::conn::Conn;
use postgres::fallible_iterator::FallibleIterator;
use postgres::{Client, NoTls};

use crate::{RecordChange, StoreError};

/// The channel writes of records notify, with the newest change's number.
pub const RECORD_CHANGE_CHANNEL: &str = "gatecheck_record_change";

/// The channel writes of members notify, with the member's id.
pub const MEMBER_CHANGE_CHANNEL: &str = "gatecheck_member_change";

/// Notifies the listeners, when the transaction commits, that member `id` changed.
pub(super) fn notify_member_change(transaction: &mut Conn, id: i64) -> Result<(), StoreError> {
    transaction.execute(
        "SELECT pg_notify($1, $2)",
        &[&MEMBER_CHANGE_CHANNEL, &id.to_string()],
    )?;
    Ok(())
}

/// Appends a change of each of `records` (ids in order, each once) at `at`, numbered on from
/// the newest, and notifies the listeners when the transaction commits. The caller holds
/// the records lock.
pub(super) fn append_record_changes(
    transaction: &mut Conn,
    records: &[i64],
    at: i64,
) -> Result<(), StoreError> {
    if records.is_empty() {
        return Ok(());
    }
    let newest: i64 = transaction
        .query_one(
            "WITH appended AS (
                 INSERT INTO record_change (seq, record, at)
                 SELECT newest.seq + touched.n, touched.record, $2
                 FROM (SELECT COALESCE(MAX(seq), 0) AS seq FROM record_change) AS newest,
                      unnest($1::bigint[]) WITH ORDINALITY AS touched (record, n)
                 RETURNING seq)
             SELECT MAX(seq) FROM appended",
            &[&records, &at],
        )?
        .get(0);
    transaction.execute(
        "SELECT pg_notify($1, $2)",
        &[&RECORD_CHANGE_CHANNEL, &newest.to_string()],
    )?;
    Ok(())
}

/// The changes numbered after `after`, in order, at most `limit`.
pub(super) fn changes_after(
    client: &mut Conn,
    after: i64,
    limit: usize,
) -> Result<Vec<RecordChange>, StoreError> {
    // past what a BIGINT holds is every change
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    let rows = client.query(
        "SELECT seq, record, at FROM record_change WHERE seq > $1 ORDER BY seq LIMIT $2",
        &[&after, &limit],
    )?;
    Ok(rows
        .iter()
        .map(|row| RecordChange {
            seq: row.get(0),
            record: row.get(1),
            at: row.get(2),
        })
        .collect())
}

/// The newest change's number, 0 when there is none.
pub(super) fn last_change(client: &mut Conn) -> Result<i64, StoreError> {
    Ok(client
        .query_one("SELECT COALESCE(MAX(seq), 0) FROM record_change", &[])?
        .get(0))
}

/// Removes the changes numbered before `before` but the newest; the caller holds the
/// records lock, so the newest is the newest committed.
pub(super) fn prune_changes(transaction: &mut Conn, before: i64) -> Result<usize, StoreError> {
    let removed = transaction.execute(
        "DELETE FROM record_change
         WHERE seq < $1 AND seq < (SELECT MAX(seq) FROM record_change)",
        &[&before],
    )?;
    Ok(usize::try_from(removed).unwrap_or(usize::MAX))
}

/// A connection of its own listening for writes of records and of members committed by any
/// node (or command), so that a follower of the change feed reads it when there is something
/// to read:
///
/// ```text
/// loop {
///     for change in store.changes_after(last, 1000)? { …; last = change.seq }
///     let heard = listener.wait(Duration::from_secs(1))?;
/// }
/// ```
///
/// A notification is only a wake-up: the feed is what says what changed. Notifications sent
/// while no connection listened (before [`ChangeListener::connect`], while reconnecting)
/// are lost, so the follower reads the feed once it listens and after every timeout too.
/// A listener must be waited on often (or dropped): the server keeps the notifications a
/// listener has not taken, and every node's writes fail once their queue (8 GB) is full.
/// It needs a connection of its own to the server (a pooler in transaction mode does not
/// keep a `LISTEN`); one cut silently (a network failure) is not seen lost, its waits
/// only run out, as polls, until TCP gives up (`keepalives_idle` in the connection
/// string makes that sooner).
///
/// Like [`super::PostgresStore`], it is called from blocking threads, never from inside an
/// async task.
pub struct ChangeListener {
    client: Client,
}

impl ChangeListener {
    /// Connects (a libpq connection string or URL, as [`super::PostgresStore::connect`]
    /// takes) and listens.
    pub fn connect(connection: &str) -> Result<ChangeListener, StoreError> {
        let mut client = Client::connect(connection, NoTls)?;
        client.batch_execute(&format!(
            "LISTEN {RECORD_CHANGE_CHANNEL}; LISTEN {MEMBER_CHANGE_CHANNEL}"
        ))?;
        Ok(ChangeListener { client })
    }

    /// Waits up to `timeout` for a write of records or members to commit: what was heard
    /// (since the last wait), nothing when the time ran out. Every notification waiting is
    /// taken, so the next wait waits for a commit still to come.
    ///
    /// A lost connection is [`StoreError::ListenerLost`]: notifications sent meanwhile are
    /// lost with it, so the caller connects a new listener, reads the feed and forgets the
    /// members it kept.
    pub fn wait(&mut self, timeout: Duration) -> Result<Heard, StoreError> {
        let mut heard = Heard::default();
        {
            let mut notifications = self.client.notifications();
            let first = notifications.timeout_iter(timeout).next().map_err(lost)?;
            let mut waiting = notifications.iter();
            let mut next = first;
            while let Some(notification) = next {
                match notification.channel() {
                    MEMBER_CHANGE_CHANNEL => heard.members = true,
                    _ => heard.records = true,
                }
                next = waiting.next().map_err(lost)?;
            }
        }
        // an iterator ends as the time runs out and as the connection closes alike
        if self.client.is_closed() {
            return Err(StoreError::ListenerLost(
                "the server closed the connection".to_string(),
            ));
        }
        Ok(heard)
    }
}

/// What a [`ChangeListener`] heard in a wait.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Heard {
    /// A write of records committed: the feed has changes to read.
    pub records: bool,
    /// A write of members committed: a member was added, changed or revoked.
    pub members: bool,
}

fn lost(error: postgres::Error) -> StoreError {
    StoreError::ListenerLost(error.to_string())
}
