//! Parsers: bytes in, engine types out. Pure: no I/O, no clock.

pub mod error;
pub mod ftm;

pub use error::FormatError;
