//! Classic string metrics and phonetic codes (being written).
