//! Errors of the use cases, the caller's fault apart from ours, each with a stable code.

use gatecheck_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error("{field}: {reason}")]
    Invalid { field: &'static str, reason: String },
    #[error("unknown or revoked key")]
    Unauthenticated,
    /// The caller may see the thing but not do this to it.
    #[error("{0}")]
    Forbidden(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("no randomness for a new key: {0}")]
    Randomness(String),
    /// The write would widen access or change actions and the caller did not say it
    /// means to (`terms::TermsReport::check`): nothing was written.
    #[error("{message}")]
    NeedsConfirmation { code: &'static str, message: String },
}

impl ServiceError {
    /// `what` numbered `id` is absent, or not the caller's to see.
    pub fn not_found(what: &'static str, id: i64) -> ServiceError {
        ServiceError::Store(StoreError::NotFound {
            what,
            name: id.to_string(),
        })
    }

    /// A stable code for clients and scripts.
    pub fn code(&self) -> &'static str {
        match self {
            ServiceError::Invalid { .. } => "invalid_input",
            ServiceError::Unauthenticated => "unauthenticated",
            ServiceError::Forbidden(_) => "forbidden",
            ServiceError::Store(StoreError::Invalid { .. }) => "invalid_input",
            ServiceError::Store(StoreError::AlreadyExists { .. }) => "already_exists",
            ServiceError::Store(StoreError::NotFound { .. }) => "not_found",
            ServiceError::NeedsConfirmation { code, .. } => code,
            ServiceError::Store(_) | ServiceError::Randomness(_) => "internal",
        }
    }
}
