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
    /// Statements without parameters sent with the next one rather than alone (a group's
    /// savepoints: see [`Conn::defer`]).
    deferred: String,
}

/// What a group's transaction knows of the tables its locks keep others from writing.
#[derive(Default)]
pub struct Held {
    /// The audit log's last entry (its number and hash) and the tree's edge after it.
    pub audit: Option<(i64, String, Frontier)>,
    /// The next id of a table written under the hits lock (`hit`, `notification`, ...).
    pub next_ids: HashMap<&'static str, i64>,
}

type Params<'a> = &'a [&'a (dyn ToSql + Sync)];

impl Conn {
    pub fn new(client: Client) -> Conn {
        Conn {
            client,
            statements: HashMap::new(),
            holds_every_lock: false,
            held: Held::default(),
            deferred: String::new(),
        }
    }

    /// Sends `sql` (statements without parameters) with the next statement rather than on
    /// its own: a group's savepoints, begun and released around each write, would
    /// otherwise cost a round trip each. An error in them is the next statement's.
    pub fn defer(&mut self, sql: &str) {
        self.deferred.push_str(sql);
        self.deferred.push(';');
    }

    /// Sends what was deferred, if anything.
    pub fn flush(&mut self) -> Result<(), postgres::Error> {
        if self.deferred.is_empty() {
            return Ok(());
        }
        let deferred = std::mem::take(&mut self.deferred);
        self.client.batch_execute(&deferred)
    }

    /// What the group's transaction knows under its locks; none outside a group.
    pub fn held(&mut self) -> Option<&mut Held> {
        self.holds_every_lock.then_some(&mut self.held)
    }

    /// Forgets what was read under the locks: a write undone may have changed it.
    pub fn forget_held(&mut self) {
        self.held = Held::default();
    }

    fn statement(&mut self, sql: &str) -> Result<Statement, postgres::Error> {
        self.flush()?;
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

    pub fn query(&mut self, sql: &str, params: Params<'_>) -> Result<Vec<Row>, postgres::Error> {
        let statement = self.statement(sql)?;
        self.client.query(&statement, params)
    }

    pub fn query_one(&mut self, sql: &str, params: Params<'_>) -> Result<Row, postgres::Error> {
        let statement = self.statement(sql)?;
        self.client.query_one(&statement, params)
    }

    pub fn query_opt(
        &mut self,
        sql: &str,
        params: Params<'_>,
    ) -> Result<Option<Row>, postgres::Error> {
        let statement = self.statement(sql)?;
        self.client.query_opt(&statement, params)
    }

    pub fn execute(&mut self, sql: &str, params: Params<'_>) -> Result<u64, postgres::Error> {
        let statement = self.statement(sql)?;
        self.client.execute(&statement, params)
    }

    /// Statements without parameters, by the simple protocol (not prepared).
    pub fn batch_execute(&mut self, sql: &str) -> Result<(), postgres::Error> {
        let deferred = std::mem::take(&mut self.deferred);
        self.client.batch_execute(&(deferred + sql))
    }

    pub fn simple_query(&mut self, sql: &str) -> Result<Vec<SimpleQueryMessage>, postgres::Error> {
        let deferred = std::mem::take(&mut self.deferred);
        self.client.simple_query(&(deferred + sql))
    }

    /// The client itself, for what is not above (`COPY`): what was deferred is sent
    /// first ([`Conn::flush`]).
    pub fn client(&mut self) -> &mut Client {
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
    /// was deferred before them, such as the transaction's `BEGIN`).
    pub fn take_every_lock(&mut self, keys: &[i64]) -> Result<(), postgres::Error> {
        if !self.holds_every_lock {
            let locks: Vec<String> = keys
                .iter()
                .map(|key| format!("SELECT pg_advisory_xact_lock({key})"))
                .collect();
            self.batch_execute(&locks.join(";"))?;
        }
        self.holds_every_lock = true;
        Ok(())
    }

    /// The transaction that held every lock has ended.
    pub fn let_go_of_locks(&mut self) {
        self.holds_every_lock = false;
        self.forget_held();
    }
}
