//! gatecheck's use cases over the store: members and their API keys, records with their
//! access rules, screening with those rules applied, and the hash-chained audit log that
//! every read and write goes through. Times come in as arguments (Unix
//! seconds), so that the use cases are replayable in tests.

pub mod access;
pub mod audit;
pub mod console;
pub mod dates;
pub mod documents;
mod error;
pub mod evidence;
pub mod hits;
pub mod imports;
pub mod manifests;
pub mod members;
pub mod records;
pub mod reports;
pub mod retro;
pub mod screen;
pub mod screening;
pub mod terms;
pub mod transactions;
pub mod travellers;

pub use error::ServiceError;
