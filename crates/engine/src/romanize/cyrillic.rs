//! Romanisation of cyrillic script (being written).

pub(crate) fn romanize(_word: &str) -> Vec<String> {
    Vec::new()
}
