//! gatecheck's matching core: turns names into comparable parts, scores a query person
//! against listed persons, and explains every score. Pure: no I/O, no clock, no randomness.

pub mod metrics;
pub mod romanize;
pub mod script;
