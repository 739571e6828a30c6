//! gatecheck's matching core: turns names into comparable parts, scores a query person
//! against listed persons, and explains every score. Pure: no I/O, no clock, no randomness.

pub mod agreement;
pub mod calendar;
pub mod compare;
mod directory;
pub mod error;
pub mod legal_forms;
mod legal_forms_table;
pub mod metrics;
pub mod morphology;
pub mod names;
pub mod person;
pub mod phonetic;
pub mod romanize;
pub mod script;
pub mod text;
pub mod watchlist;
