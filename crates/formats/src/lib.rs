//! Parsers: bytes in, engine types out. Pure: no I/O, no clock.

pub mod consignment;
pub mod countries;
mod country_names;
pub mod cusres;
pub mod documents_csv;
pub mod edifact;
pub mod error;
pub mod eu_xml;
pub mod exercise;
pub mod ftm;
pub mod ftm_graph;
pub mod goaml;
pub mod identifiers;
pub mod iso20022;
mod list_entry;
pub mod manifest;
pub mod manifest_json;
mod message_dates;
pub mod mrz;
pub mod ofac_csv;
pub mod ofac_xml;
pub mod parties;
pub mod paxlst;
pub mod pnrgov;
pub mod published_xml;
pub mod swift_mt;
mod titles;
pub mod uk_csv;
pub mod uk_xml;
pub mod un_xml;
pub mod xml_tree;

pub use error::FormatError;
