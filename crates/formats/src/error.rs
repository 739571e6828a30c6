//! Errors of the parsers: every one is a fault of the input, and says what and where.

/// What was wrong with one record. The caller adds the file and line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FormatError {
    #[error("line is longer than {limit} bytes")]
    LineTooLong { limit: usize },
    #[error("not valid JSON: {reason}")]
    BadJson { reason: String },
    #[error("entity has no \"id\"")]
    MissingId,
    #[error("entity has no \"schema\"")]
    MissingSchema,
    #[error("schema {schema:?} is not one gatecheck screens (Person, Organization, Company, LegalEntity, PublicBody, Vessel, Airplane)")]
    UnknownSchema { schema: String },
    #[error("property {property:?} must be a list of strings")]
    BadPropertyValue { property: String },
    #[error("{property} {value:?} is not a date (want YYYY, YYYY-MM or YYYY-MM-DD)")]
    BadDate { property: String, value: String },
    #[error("{property}: {problem}; kept unchecked: it can agree with the same text, never count against")]
    BadIdentifier { property: String, problem: String },
    #[error("{property} {value:?} is not a country gatecheck knows (a code, or a name in English, French or Arabic)")]
    UnknownCountry { property: String, value: String },
    #[error("byte {position}: not well-formed XML: {reason}")]
    BadXml { position: u64, reason: String },
    #[error("not a UN Security Council consolidated list: {reason}")]
    NotUnList { reason: String },
    #[error("not the OFAC SDN list in its CSV form: {reason}")]
    NotOfacList { reason: String },
    /// A published list (named as in "not the UK Sanctions List") that cannot be read: its
    /// root, or an entry without what identifies it.
    #[error("not {list}: {reason}")]
    NotList { list: &'static str, reason: String },
    /// One entry of a published list, named by the id it would have, breaks a rule or a limit.
    #[error("{list}, entry {entry}: {reason}")]
    BadEntry {
        list: &'static str,
        entry: String,
        reason: String,
    },
    #[error("the document is larger than {limit} bytes")]
    DocumentTooLarge { limit: usize },
    /// A record to be kept breaks a limit of what is kept: the field and the limit.
    #[error("{field}: {reason}")]
    Refused { field: String, reason: String },
}
