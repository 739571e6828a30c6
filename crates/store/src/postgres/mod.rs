//! The PostgreSQL backend (PostgreSQL 15 as Debian ships it), for a coalition's hub that
//! runs several screening nodes on one database its administrators already run and
//! replicate. The same concepts as the SQLite store ([`crate::concepts`]), with the same
//! rows and errors; several nodes append to one audit log, one at a time, under a lock
//! of the transaction's (`pg_advisory_xact_lock`), so the log's numbering, chain and tree
//! stay one.
//!
//! The client is the synchronous `postgres` crate: it runs its own small runtime, so it is
//! called from blocking threads (the server runs its handlers on tokio's blocking pool),
//! never from inside an async task.
//!
//! Members, the audit log, person records, travel documents, imports, the console's users
//! and sessions, and hits with their history, notifications and suppressions are here;
//! manifests follow, and until they do the server and the command line run on SQLite only.
//!
//! A write that takes several locks takes them in one order, so that no two writes each
//! wait for the other: the records lock (`records`), the documents lock (`documents`) or
//! the imports lock (`imports`) (no write takes two of these three), then the row of the
//! import a batch is part of, then the hits lock (`hits`), then the audit lock (`audit`).
//! A write may skip any of them, never take one out of order.

mod audit;
mod documents;
mod hits;
mod imports;
mod manifests;
mod members;
mod records;
mod schema;
mod users;

use std::cell::RefCell;
use std::collections::HashMap;

use postgres::{Client, IsolationLevel, NoTls, Statement, Transaction};

pub(crate) use audit::{append_audit_in, not_found};
use schema::MIGRATIONS;

use crate::StoreError;

/// The lock a node takes while it brings the schema up to date.
const SCHEMA_LOCK: i64 = 0x6761_7465_7363_686d; // "gateschm"

/// A store on a PostgreSQL database.
pub struct PostgresStore {
    client: RefCell<Client>,
    /// Statements prepared on this connection, by their text (see [`PostgresStore::prepared`]).
    prepared: RefCell<HashMap<String, Statement>>,
}

impl PostgresStore {
    /// Connects with a libpq connection string or URL (`host=/run/postgresql dbname=…`,
    /// `postgres://user@host/db`) and brings the schema up to date; a database written by
    /// a newer gatecheck is refused.
    pub fn connect(connection: &str) -> Result<PostgresStore, StoreError> {
        let mut client = Client::connect(connection, NoTls)?;
        migrate(&mut client)?;
        Ok(PostgresStore {
            client: RefCell::new(client),
            prepared: RefCell::new(HashMap::new()),
        })
    }

    fn write<T>(
        &self,
        work: impl FnOnce(&mut Transaction<'_>) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let mut client = self.client.borrow_mut();
        let mut transaction = client.transaction()?;
        let done = work(&mut transaction)?;
        transaction.commit()?;
        Ok(done)
    }

    /// Runs reads of several statements on one snapshot (a read-only transaction of
    /// repeatable reads), so that they agree with each other whatever other nodes commit
    /// meanwhile (a page of records and the count beside it).
    fn read<T>(
        &self,
        work: impl FnOnce(&mut Transaction<'_>) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let mut client = self.client.borrow_mut();
        let mut transaction = client
            .build_transaction()
            .isolation_level(IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()?;
        let done = work(&mut transaction)?;
        transaction.commit()?;
        Ok(done)
    }

    /// `sql` prepared on this connection the first time it is asked for, then kept: a read
    /// made at every screening (a document looked up by number) is then one round trip,
    /// not two, and is not parsed and planned again each time. With statements made each
    /// time, lookups in 100 million documents had a p99 of 3.4 ms beside other work on
    /// two cores; prepared, 0.08 ms (pgbench, the same query).
    fn prepared(&self, sql: &str) -> Result<Statement, StoreError> {
        if let Some(statement) = self.prepared.borrow().get(sql) {
            return Ok(statement.clone());
        }
        let statement = self.client.borrow_mut().prepare(sql)?;
        self.prepared
            .borrow_mut()
            .insert(sql.to_string(), statement.clone());
        Ok(statement)
    }

    /// The bytes the database takes on disk (`pg_database_size`: tables, indexes and their
    /// free space; not the server's write-ahead log), for benchmarks.
    pub fn database_bytes(&self) -> Result<i64, StoreError> {
        Ok(self
            .client
            .borrow_mut()
            .query_one("SELECT pg_database_size(current_database())", &[])?
            .get(0))
    }
}

impl From<postgres::Error> for StoreError {
    fn from(error: postgres::Error) -> StoreError {
        StoreError::Postgres(error)
    }
}

fn migrate(client: &mut Client) -> Result<(), StoreError> {
    let mut transaction = client.transaction()?;
    // nodes starting together: one brings the schema up to date, the others wait for it
    transaction.execute("SELECT pg_advisory_xact_lock($1)", &[&SCHEMA_LOCK])?;
    transaction.batch_execute(
        "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);
         INSERT INTO schema_version SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM schema_version);",
    )?;
    let version: i32 = transaction
        .query_one("SELECT version FROM schema_version", &[])?
        .get(0);
    let known = MIGRATIONS.len() as i64;
    if i64::from(version) > known {
        return Err(StoreError::NewerSchema {
            found: i64::from(version),
            known,
        });
    }
    for (index, migration) in MIGRATIONS.iter().enumerate().skip(version as usize) {
        transaction.batch_execute(migration)?;
        transaction.execute(
            "UPDATE schema_version SET version = $1",
            &[&(index as i32 + 1)],
        )?;
    }
    transaction.commit()?;
    Ok(())
}
