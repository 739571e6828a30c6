//! A connection to PostgreSQL with its statements prepared once: each statement's text is
//! parsed and planned by the server the first time the connection runs it, and only bound
//! and executed after (one round trip a statement instead of two, and no parsing). The
//! rest of the backend calls it as it would call the client.
//!
//! It also knows whether a group holds every write lock already (see
//! [`super::PostgresStore::begin_group`]), so that the writes inside do not ask for them
//! again; and, while it does, what it has read under them that no other node can change
//! meanwhile: the audit log's last entry and tree edge, and the next ids of the hits
//! lock's tables ([`Held`]). What a write undone had changed of them is forgotten with
//! it ([`Conn::forget_held`]).

use std::collections::HashMap;

use gatecheck_evidence::Frontier;
use postgres::types::ToSql;
use postgres::{Client, Row, SimpleQueryMessage, Statement};

use super::rows::{Counts, Rows, INSERT_ROWS};

/// Statements kept prepared a connection: far more than the backend has (a statement
/// whose text is built, such as `next_ids`'s, is one a table); past it the cache is
/// emptied and filled again.
const STATEMENTS_KEPT: usize = 512;

pub struct Conn {
    client: Client,
    statements: HashMap<String, Statement>,
    /// Whether the open transaction holds every write lock (a group's).
    holds_every_lock: bool,
    /// What was read under them, while it holds them.
    held: Held,
    /// What is to be sent before the next statement, in order: statements without
    /// parameters ([`Conn::defer`]) and a group's rows ([`Conn::write_rows`]).
    pending: Vec<Pending>,
    /// The writes of a group under way, outermost first ([`Conn::write_begins`]).
    writes: Vec<WriteMark>,
    /// Whether the open transaction sent a statement that writes, other than rows
    /// ([`Conn::write_rows`]): records, documents, members, suppressions, a `COPY`.
    wrote_statements: bool,
    /// The queriers whose suppressions groups read lately, the latest last: the next
    /// group asks whether each has any in force as it takes its locks.
    recent_queriers: Vec<i64>,
    /// The statements prepared by name on the session ([`Conn::prepare_once`]).
    prepared_by_name: Vec<&'static str>,
}

/// Queriers a connection remembers for [`Conn::recent_queriers`]: a node's members, as
/// many as a coalition has.
const QUERIERS_REMEMBERED: usize = 128;

enum Pending {
    Sql(String),
    Rows(Box<Rows>),
}

/// Where a write of a group began in what is pending: the item, and the rows already in it
/// when that item is rows (none: the write's begin at a new item).
type Position = (usize, Counts);

struct WriteMark {
    savepoint: &'static str,
    at: Position,
    /// What the group knew when the write began, for when it is undone.
    held: Held,
    /// Whether its savepoint was made (a statement of its own was sent).
    made: bool,
}

/// What a group's transaction knows of the tables its locks keep others from writing.
#[derive(Default, Clone)]
pub struct Held {
    /// The audit log's last entry (its number and hash) and the tree's edge after it.
    pub audit: Option<(i64, String, Frontier)>,
    /// The next id of a table written under the hits lock (`hit`, `notification`, ...).
    pub next_ids: HashMap<&'static str, i64>,
    /// Whether a querier has any suppression in force (read once a group for each).
    pub suppressing: HashMap<i64, bool>,
}

type Params<'a> = &'a [&'a (dyn ToSql + Sync)];

impl Conn {
    pub fn new(client: Client) -> Conn {
        Conn {
            client,
            statements: HashMap::new(),
            holds_every_lock: false,
            held: Held::default(),
            pending: Vec::new(),
            writes: Vec::new(),
            wrote_statements: false,
            recent_queriers: Vec::new(),
            prepared_by_name: Vec::new(),
        }
    }

    /// Runs `prepare` (a `PREPARE name AS …`, by the simple protocol) unless the session
    /// prepared `name` already: for a statement run by `EXECUTE` among others in one round
    /// trip, planned once a session. Outside a transaction (a `PREPARE` is the session's
    /// whatever becomes of a transaction it is made in).
    pub fn prepare_once(
        &mut self,
        name: &'static str,
        prepare: &str,
    ) -> Result<(), postgres::Error> {
        if self.prepared_by_name.contains(&name) {
            return Ok(());
        }
        self.client.batch_execute(prepare)?;
        self.prepared_by_name.push(name);
        Ok(())
    }

    /// The queriers whose suppressions groups read lately (at most [`QUERIERS_REMEMBERED`]).
    pub fn recent_queriers(&self) -> Vec<i64> {
        self.recent_queriers.clone()
    }

    /// Remembers that a group read `querier`'s suppressions, so that the next group asks
    /// about it as it takes its locks.
    pub fn remember_querier(&mut self, querier: i64) {
        if let Some(at) = self
            .recent_queriers
            .iter()
            .position(|&seen| seen == querier)
        {
            self.recent_queriers.remove(at);
        } else if self.recent_queriers.len() == QUERIERS_REMEMBERED {
            self.recent_queriers.remove(0);
        }
        self.recent_queriers.push(querier);
    }

    /// Whether the open transaction wrote anything but rows of screenings (hits, their
    /// notifications, audit entries and tree nodes): what other nodes act on without
    /// answering anyone (a record in the change feed, which a node's index takes in).
    pub fn wrote_statements(&self) -> bool {
        self.wrote_statements
    }

    /// Sends `sql` (statements without parameters) with the next statement rather than on
    /// its own: the group's `BEGIN`, a write's savepoint let go of. An error in them is the
    /// next statement's.
    pub fn defer(&mut self, sql: &str) {
        if let Some(Pending::Sql(deferred)) = self.pending.last_mut() {
            deferred.push_str(sql);
            deferred.push(';');
        } else {
            self.pending.push(Pending::Sql(format!("{sql};")));
        }
    }

    /// Writes `rows`: in a group, kept to go before its next statement or its commit (their
    /// ids and numbers were given under its locks); otherwise at once.
    pub fn write_rows(&mut self, rows: Rows) -> Result<(), postgres::Error> {
        if rows.is_empty() {
            return Ok(());
        }
        if !self.holds_every_lock {
            self.execute(INSERT_ROWS, &rows.params())?;
            return Ok(());
        }
        if let Some(Pending::Rows(kept)) = self.pending.last_mut() {
            kept.append(rows);
        } else {
            self.pending.push(Pending::Rows(Box::new(rows)));
        }
        Ok(())
    }

    /// A write of the group begins (its savepoint named `savepoint`), inside those under
    /// way: its savepoint is made only if it sends a statement.
    pub fn write_begins(&mut self, savepoint: &'static str) {
        let at = self.position();
        self.writes.push(WriteMark {
            savepoint,
            at,
            held: self.held.clone(),
            made: false,
        });
    }

    /// The innermost write under way ends, done or undone. Undone, the rows it kept go,
    /// what it sent is rolled back to its savepoint, and the group knows again what it
    /// knew when the write began.
    pub fn write_ends(&mut self, done: bool) {
        let Some(write) = self.writes.pop() else {
            return;
        };
        let savepoint = write.savepoint;
        if done {
            if write.made {
                self.defer(&format!("RELEASE SAVEPOINT {savepoint}"));
            }
            return;
        }
        self.truncate_to(write.at);
        self.held = write.held;
        if write.made {
            self.defer(&format!(
                "ROLLBACK TO SAVEPOINT {savepoint}; RELEASE SAVEPOINT {savepoint}"
            ));
        }
    }

    /// Where what is kept next would go.
    fn position(&self) -> Position {
        match self.pending.last() {
            Some(Pending::Rows(rows)) => (self.pending.len() - 1, rows.counts()),
            _ => (self.pending.len(), [0; 4]),
        }
    }

    /// Drops what is pending from `at` on.
    fn truncate_to(&mut self, (item, counts): Position) {
        if counts == [0; 4] {
            self.pending.truncate(item);
            return;
        }
        self.pending.truncate(item + 1);
        if let Some(Pending::Rows(rows)) = self.pending.get_mut(item) {
            rows.split_off(counts);
        }
    }

    /// Makes room at `at` for a statement, splitting the rows there: where it goes.
    fn split_at(&mut self, (item, counts): Position) -> usize {
        if counts == [0; 4] {
            return item.min(self.pending.len());
        }
        let Some(Pending::Rows(rows)) = self.pending.get_mut(item) else {
            return item.min(self.pending.len());
        };
        if rows.counts() != counts {
            let after = rows.split_off(counts);
            self.pending
                .insert(item + 1, Pending::Rows(Box::new(after)));
        }
        item + 1
    }

    /// Sends what is pending before a statement (`reads`: one that writes nothing). The
    /// savepoints of the writes under way are made first, each where its write began,
    /// unless the statement reads and none of those writes has kept anything yet.
    fn send_pending(&mut self, reads: bool) -> Result<(), postgres::Error> {
        let tail = self.send_all_but_the_tail(reads)?;
        if !tail.is_empty() {
            self.client.batch_execute(&tail)?;
        }
        Ok(())
    }

    /// [`Conn::send_pending`], but statements without parameters at its end are answered
    /// rather than sent, for the caller to send them with its own (by the simple protocol)
    /// in one round trip.
    fn send_all_but_the_tail(&mut self, reads: bool) -> Result<String, postgres::Error> {
        let end = self.position();
        let needs_savepoints = self
            .writes
            .iter()
            .any(|write| !write.made && (!reads || write.at != end));
        if needs_savepoints {
            for at in (0..self.writes.len()).rev() {
                if self.writes[at].made {
                    continue;
                }
                let place = self.split_at(self.writes[at].at);
                let savepoint = format!("SAVEPOINT {};", self.writes[at].savepoint);
                self.pending.insert(place, Pending::Sql(savepoint));
                self.writes[at].made = true;
            }
        }
        let pending = std::mem::take(&mut self.pending);
        // every write under way began at or before the end of what is sent
        for write in &mut self.writes {
            write.at = (0, [0; 4]);
        }
        let mut sql = String::new();
        for item in pending {
            match item {
                Pending::Sql(text) => sql.push_str(&text),
                Pending::Rows(rows) => {
                    if !sql.is_empty() {
                        self.client.batch_execute(&std::mem::take(&mut sql))?;
                    }
                    if !rows.is_empty() {
                        let statement = self.prepared(INSERT_ROWS)?;
                        self.client.execute(&statement, &rows.params())?;
                    }
                }
            }
        }
        Ok(sql)
    }

    /// Forgets what is pending and the writes under way: the transaction is rolled back.
    pub fn discard_pending(&mut self) {
        self.pending.clear();
        self.writes.clear();
    }

    /// What the group's transaction knows under its locks; none outside a group.
    pub fn held(&mut self) -> Option<&mut Held> {
        self.holds_every_lock.then_some(&mut self.held)
    }

    /// What was read under the locks as the group took them.
    pub fn know(&mut self, held: Held) {
        self.held = held;
    }

    /// Forgets what was read under the locks: a write undone may have changed it.
    pub fn forget_held(&mut self) {
        self.held = Held::default();
    }

    /// `sql` prepared on this connection (once).
    fn prepared(&mut self, sql: &str) -> Result<Statement, postgres::Error> {
        if let Some(statement) = self.statements.get(sql) {
            return Ok(statement.clone());
        }
        let statement = self.client.prepare(sql)?;
        if self.statements.len() >= STATEMENTS_KEPT {
            self.statements.clear();
        }
        self.statements.insert(sql.to_string(), statement.clone());
        Ok(statement)
    }

    /// `sql` prepared, once what is pending is sent (`reads`: see [`Conn::send_pending`]).
    fn statement(&mut self, sql: &str, reads: bool) -> Result<Statement, postgres::Error> {
        self.wrote_statements |= !reads;
        self.send_pending(reads)?;
        self.prepared(sql)
    }

    pub fn query(&mut self, sql: &str, params: Params<'_>) -> Result<Vec<Row>, postgres::Error> {
        let statement = self.statement(sql, false)?;
        self.client.query(&statement, params)
    }

    /// A statement that writes nothing (so the write it is in needs no savepoint for it).
    pub fn query_read(
        &mut self,
        sql: &str,
        params: Params<'_>,
    ) -> Result<Vec<Row>, postgres::Error> {
        let statement = self.statement(sql, true)?;
        self.client.query(&statement, params)
    }

    /// A statement that writes nothing and reads no table the kept rows write (hits,
    /// notifications, the audit log and its tree): run without sending them first, as it
    /// reads the same with them or without. Anything else pending is sent first.
    pub fn query_beside_rows(
        &mut self,
        sql: &str,
        params: Params<'_>,
    ) -> Result<Vec<Row>, postgres::Error> {
        let only_rows = self
            .pending
            .iter()
            .all(|item| matches!(item, Pending::Rows(_)));
        if !only_rows {
            return self.query_read(sql, params);
        }
        let statement = self.prepared(sql)?;
        self.client.query(&statement, params)
    }

    pub fn query_one(&mut self, sql: &str, params: Params<'_>) -> Result<Row, postgres::Error> {
        let statement = self.statement(sql, false)?;
        self.client.query_one(&statement, params)
    }

    pub fn query_opt(
        &mut self,
        sql: &str,
        params: Params<'_>,
    ) -> Result<Option<Row>, postgres::Error> {
        let statement = self.statement(sql, false)?;
        self.client.query_opt(&statement, params)
    }

    pub fn execute(&mut self, sql: &str, params: Params<'_>) -> Result<u64, postgres::Error> {
        let statement = self.statement(sql, false)?;
        self.client.execute(&statement, params)
    }

    /// Statements without parameters, by the simple protocol (not prepared), in one round
    /// trip with what was deferred: a transaction's control (`BEGIN`, `COMMIT`, locks),
    /// not counted as writing by [`Conn::wrote_statements`].
    pub fn batch_execute(&mut self, sql: &str) -> Result<(), postgres::Error> {
        let tail = self.send_all_but_the_tail(false)?;
        self.client.batch_execute(&(tail + sql))
    }

    /// [`Conn::batch_execute`], answering the statements' rows (as text).
    pub fn simple_query(&mut self, sql: &str) -> Result<Vec<SimpleQueryMessage>, postgres::Error> {
        let tail = self.send_all_but_the_tail(false)?;
        self.client.simple_query(&(tail + sql))
    }

    /// The client itself, for what is not above (`COPY`), once what is pending is sent.
    pub fn client(&mut self) -> Result<&mut Client, postgres::Error> {
        self.wrote_statements = true;
        self.send_pending(false)?;
        Ok(&mut self.client)
    }

    /// The client as it is, for a caller that has sent what was pending ([`Conn::client`]).
    pub fn sent_client(&mut self) -> &mut Client {
        &mut self.client
    }

    pub fn is_closed(&self) -> bool {
        self.client.is_closed()
    }

    /// Takes the transaction-scoped advisory lock `key`, unless the transaction holds
    /// every write lock already.
    pub fn advisory_lock(&mut self, key: i64) -> Result<(), postgres::Error> {
        if !self.holds_every_lock {
            self.execute("SELECT pg_advisory_xact_lock($1)", &[&key])?;
        }
        Ok(())
    }

    /// Takes every lock of `keys`, in their order, and remembers that the transaction
    /// holds them all until [`Conn::let_go_of_locks`].
    /// They are asked for in one round trip, one statement each, run in order (with what
    /// was deferred before them, such as the transaction's `BEGIN`), and `then` after
    /// them, whose rows are answered (as text).
    pub fn take_every_lock(
        &mut self,
        keys: &[i64],
        then: &str,
    ) -> Result<Vec<postgres::SimpleQueryRow>, postgres::Error> {
        let mut sql: Vec<String> = keys
            .iter()
            .map(|key| format!("SELECT pg_advisory_xact_lock({key})"))
            .collect();
        sql.push(then.to_string());
        let messages = self.simple_query(&sql.join(";"))?;
        self.holds_every_lock = true;
        self.wrote_statements = false;
        // the rows of the last statement, `then`'s: each statement's rows are followed by
        // the message of its end
        let (mut rows, mut ended) = (Vec::new(), Vec::new());
        for message in messages {
            match message {
                SimpleQueryMessage::Row(row) => rows.push(row),
                SimpleQueryMessage::CommandComplete(_) => ended = std::mem::take(&mut rows),
                _ => {}
            }
        }
        Ok(ended)
    }

    /// The transaction that held every lock has ended.
    pub fn let_go_of_locks(&mut self) {
        self.holds_every_lock = false;
        self.wrote_statements = false;
        self.forget_held();
    }
}
