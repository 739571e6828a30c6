//! Errors of the store: the caller's (a name taken, a thing not found) apart from ours (the
//! database failed or holds what this version cannot read).

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{what} {name:?} already exists")]
    AlreadyExists { what: &'static str, name: String },
    #[error("no {what} {name:?}")]
    NotFound { what: &'static str, name: String },
    #[error("not a valid {what}: {name:?}")]
    Invalid { what: &'static str, name: String },
    #[error("cannot create data directory {path}: {error}")]
    DataDirectory { path: String, error: std::io::Error },
    #[error(
        "database was written by a newer gatecheck (schema {found}, this one knows up to {known})"
    )]
    NewerSchema { found: i64, known: i64 },
    /// (Not marked as the error's source: its text is in the message already, and a
    /// chain printed whole would say it twice.)
    #[error("database: {0}")]
    Database(rusqlite::Error),
    /// (Not marked as the error's source either, for the same reason.) Said with the
    /// server's message and code (`postgres::Error` alone says only "db error"), not its
    /// detail, which may quote a row's values.
    #[error("database: {}", postgres_text(.0))]
    Postgres(postgres::Error),
    /// SQLite undid an open group's transaction (a full disk, an I/O error): none of the
    /// group's writes were kept.
    #[error("database: a group of writes was undone before it was committed")]
    GroupUndone,
    /// The connection a [`crate::postgres::ChangeListener`] waits on was lost (the server
    /// restarted, the network failed): notifications sent meanwhile are lost with it, so
    /// the caller connects a new listener and reads the change feed.
    #[error("database: the connection listening for record changes was lost: {0}")]
    ListenerLost(String),
    /// The service refused what a write would have done (nothing was written).
    #[error("{0}")]
    Refused(String),
    /// The PostgreSQL database a copy from SQLite was to go into already holds data (the
    /// tables named, with their rows): a copy goes only into an empty database, never
    /// into a live store.
    #[error(
        "the PostgreSQL database already holds data ({0}): a copy goes only into an empty \
         database; nothing was written"
    )]
    TargetNotEmpty(String),
    /// A copy from SQLite to PostgreSQL could not be made (a table or column only one side
    /// has, a row PostgreSQL cannot hold, the source written meanwhile) or, once made,
    /// reads otherwise than its source: its transaction was undone.
    #[error("copy to PostgreSQL: {0}; nothing was kept")]
    CopyFailed(String),
}

impl From<rusqlite::Error> for StoreError {
    fn from(error: rusqlite::Error) -> StoreError {
        StoreError::Database(error)
    }
}

impl StoreError {
    /// Whether the caller asked for something impossible, rather than the store failing.
    pub fn is_callers_fault(&self) -> bool {
        matches!(
            self,
            StoreError::AlreadyExists { .. }
                | StoreError::NotFound { .. }
                | StoreError::Invalid { .. }
                | StoreError::Refused(_)
                | StoreError::TargetNotEmpty(_)
        )
    }
}

/// What PostgreSQL said of an error it refused a statement with (its message and SQLSTATE),
/// or the client's own text (a connection closed).
fn postgres_text(error: &postgres::Error) -> String {
    match error.as_db_error() {
        Some(refused) => format!("{} (SQLSTATE {})", refused.message(), refused.code().code()),
        None => error.to_string(),
    }
}
