//! Classic string metrics and phonetic codes, behaving as the Python `jellyfish` library (1.x).
//!
//! Distances and similarities live in [`edit_distance`] and [`jaro`](mod@jaro); phonetic codes
//! live in [`phonetic`]. The `*_chars` variants take pre-split chars and stay off the heap for
//! short names, because the scorer calls them for every candidate pair.
//!
//! Unit of comparison: everything here counts Unicode scalar values (`char`). jellyfish 1.x counts
//! extended grapheme clusters instead in the distances, the Jaro family, NYSIIS and the Match
//! Rating Approach (Soundex and Metaphone are per char there too). The two agree whenever each
//! grapheme is a single char, as in NFC-composed Latin, Greek, Cyrillic or CJK text; they differ
//! for combining marks left uncomposed (Devanagari vowel signs, Arabic harakat, "e\u{301}"), Hangul
//! jamo, emoji sequences and CRLF, and in NYSIIS for letters whose capital needs a combining mark
//! ("ẖ" becomes "H\u{331}").

mod char_buffer;
pub mod edit_distance;
pub mod jaro;
pub mod phonetic;

pub use edit_distance::{damerau_levenshtein, hamming, levenshtein, levenshtein_chars};
pub use jaro::{jaro, jaro_winkler, jaro_winkler_chars, jaro_winkler_long_tolerance};
pub use phonetic::{match_rating_codex, match_rating_comparison, metaphone, nysiis, soundex};
