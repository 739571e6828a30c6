//! The store behind the server: the embedded SQLite database of a data directory, or a
//! PostgreSQL database that several nodes share ([`Source`]); and the one writing
//! connection of either ([`Connection`]), which `writing.rs` groups writes on.
//!
//! Everything above this module takes the store as `&dyn Backend` or `&mut dyn Backend`:
//! the backends differ only in how connections are opened, how a group of writes is
//! opened and committed, and how a commit reaches the disk (SQLite's log is synced by the
//! server after the commit, see `writing.rs`; PostgreSQL's commit waits for its own log).

use gatecheck_store::concepts::Backend;
use gatecheck_store::postgres::{LogFlusher, PostgresStore, ServerProcess};
use gatecheck_store::{Store, StoreError};
use std::path::{Path, PathBuf};

/// Where the server's store is, and how to open more connections to it.
#[derive(Clone, Debug)]
pub enum Source {
    /// The SQLite database of a data directory.
    Sqlite { directory: PathBuf },
    /// A PostgreSQL database: `primary` for writes and for reads that must see them,
    /// `replica` (a streaming standby), when given, for screening reads.
    Postgres {
        primary: String,
        replica: Option<String>,
    },
}

/// What a connection opened for reading reads from.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum ReadFrom {
    /// The primary: what was just written is seen (members and keys, the index's build).
    Primary,
    /// A replica when there is one (document lookups, a screening's suppressions).
    AnyCopy,
}

impl Source {
    /// A connection for reading only.
    pub fn open_reader(&self, from: ReadFrom) -> Result<Box<dyn Backend>, StoreError> {
        Ok(match self {
            Source::Sqlite { directory } => Box::new(Store::open_reader(directory)?),
            Source::Postgres { primary, replica } => {
                let url = match (from, replica) {
                    (ReadFrom::AnyCopy, Some(replica)) => replica,
                    _ => primary,
                };
                Box::new(PostgresStore::connect_reader(url)?)
            }
        })
    }

    /// The data directory of a SQLite store (none for PostgreSQL).
    pub fn directory(&self) -> Option<&Path> {
        match self {
            Source::Sqlite { directory } => Some(directory),
            Source::Postgres { .. } => None,
        }
    }

    /// The writing connection.
    pub fn open_writer(&self) -> Result<Connection, StoreError> {
        Ok(match self {
            Source::Sqlite { directory } => Connection::Sqlite(Store::open(directory)?),
            Source::Postgres { primary, .. } => {
                Connection::Postgres(Box::new(PostgresStore::connect(primary)?))
            }
        })
    }

    /// A connection that waits for PostgreSQL's log for the writer's commits (none for
    /// SQLite, whose log the server syncs itself).
    pub fn open_flusher(&self) -> Result<Option<LogFlusher>, StoreError> {
        Ok(match self {
            Source::Sqlite { .. } => None,
            Source::Postgres { primary, .. } => Some(LogFlusher::connect(primary)?),
        })
    }
}

/// The server's one writing connection.
pub enum Connection {
    Sqlite(Store),
    Postgres(Box<PostgresStore>),
}

impl Connection {
    pub fn backend(&self) -> &(dyn Backend + 'static) {
        match self {
            Connection::Sqlite(store) => store,
            Connection::Postgres(store) => &**store,
        }
    }

    pub fn backend_mut(&mut self) -> &mut (dyn Backend + 'static) {
        match self {
            Connection::Sqlite(store) => store,
            Connection::Postgres(store) => &mut **store,
        }
    }

    /// Whether the connection was closed by the other side (PostgreSQL restarted, say):
    /// it is opened again before the next write.
    pub fn is_closed(&self) -> bool {
        match self {
            Connection::Sqlite(_) => false,
            Connection::Postgres(store) => store.is_closed(),
        }
    }

    /// Opens a group of writes sharing one transaction (see `writing.rs`).
    pub fn begin_group(&mut self) -> Result<(), StoreError> {
        match self {
            Connection::Sqlite(store) => store.begin_group(),
            Connection::Postgres(store) => store.begin_group(),
        }
    }

    pub fn group_open(&self) -> bool {
        match self {
            Connection::Sqlite(store) => store.group_open(),
            Connection::Postgres(store) => store.group_open(),
        }
    }

    pub fn commit_group(&mut self) -> Result<(), StoreError> {
        match self {
            Connection::Sqlite(store) => store.commit_group(),
            Connection::Postgres(store) => store.commit_group(),
        }
    }

    /// Runs `work` as one write of the open group, whole or nothing.
    pub fn in_group<T, E: From<StoreError>>(
        &mut self,
        work: impl FnOnce(&mut dyn Backend) -> Result<T, E>,
    ) -> Result<T, E> {
        match self {
            Connection::Sqlite(store) => store.in_group(|store| work(store)),
            Connection::Postgres(store) => store.in_group(|store| work(store)),
        }
    }

    /// Whether commits wait for the disk (on PostgreSQL, a group's that wrote only rows of
    /// screenings: the others always do).
    pub fn set_commits_wait_for_disk(&mut self, wait: bool) -> Result<(), StoreError> {
        match self {
            Connection::Sqlite(store) => store.set_commits_wait_for_disk(wait),
            Connection::Postgres(store) => {
                store.set_commits_wait_for_disk(wait);
                Ok(())
            }
        }
    }

    /// The PostgreSQL server process serving the connection (none on SQLite).
    pub fn server_process(&self) -> Result<Option<ServerProcess>, StoreError> {
        match self {
            Connection::Sqlite(_) => Ok(None),
            Connection::Postgres(store) => store.server_process().map(Some),
        }
    }
}
