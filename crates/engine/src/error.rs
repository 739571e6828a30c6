//! Errors of the engine: all are the caller's fault (bad input), none is ours.

/// What was wrong with a value given to the engine.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EngineError {
    #[error("{value:?} is not a date (want YYYY, YYYY-MM or YYYY-MM-DD)")]
    BadDate { value: String },
}
