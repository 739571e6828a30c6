//! Parsers: bytes in, engine types out. Pure: no I/O, no clock.

pub mod countries;
pub mod documents_csv;
pub mod edifact;
pub mod error;
pub mod ftm;
pub mod manifest;
pub mod mrz;
pub mod paxlst;
pub mod un_xml;

pub use error::FormatError;
