//! Romanisation: writes one word of a non-Latin script in lower-case ASCII Latin letters,
//! in each of the ways that usage differs (passport, BGN/PCGN, common spellings, ...).

mod arabic;
mod armenian;
mod cantonese_readings;
mod cyrillic;
mod devanagari;
mod georgian;
mod greek;
mod han;
mod hangul;
mod hebrew;
mod kana;
mod kanji_name_readings;
mod kanji_names;
mod kanji_readings;
mod sino_korean_readings;

use crate::script::Script;

/// The most romanisations one word gets; the first is the primary one.
pub const MAX_VARIANTS: usize = 4;

/// Romanisations of `word`, a lower-case NFC word in `script`: 1 to [`MAX_VARIANTS`]
/// distinct strings of `a`..=`z`, primary first; empty when nothing in it can be read.
pub fn romanize_word(word: &str, script: Script) -> Vec<String> {
    let variants = match script {
        Script::Arabic => arabic::romanize(word),
        Script::Cyrillic => cyrillic::romanize(word),
        Script::Greek => greek::romanize(word),
        Script::Hebrew => hebrew::romanize(word),
        Script::Georgian => georgian::romanize(word),
        Script::Armenian => armenian::romanize(word),
        Script::Hangul => hangul::romanize(word),
        Script::Kana => kana::romanize(word),
        Script::Han => han::romanize(word),
        Script::Devanagari => devanagari::romanize(word),
        Script::Latin | Script::Other => Vec::new(),
    };
    distinct_variants(variants)
}

/// Romanisations of a word of Chinese characters read as Chinese only, not also as
/// Japanese (see [`romanize_word`]).
/// `traditional_name`: another word of the name is in traditional writing
/// ([`is_traditional_han`]), so this one is read in Cantonese too.
pub fn romanize_han_as_chinese(word: &str, traditional_name: bool) -> Vec<String> {
    distinct_variants(han::romanize_as_chinese(word, traditional_name))
}

/// Romanisations of a word of Chinese characters in a name that another word shows to be in
/// traditional writing: as [`romanize_word`] reads it, and in Cantonese as Hong Kong and
/// Macau passports spell it.
pub fn romanize_han_in_traditional_name(word: &str) -> Vec<String> {
    distinct_variants(han::romanize_in_traditional_name(word))
}

/// Whether a word of Chinese characters has a character written only in traditional
/// writing (陳, where the mainland writes 陈), as Hong Kong, Macau and Taiwan write.
pub fn is_traditional_han(word: &str) -> bool {
    han::is_traditional(word)
}

/// The usual Chinese reading of a word of Chinese characters, in pinyin and Wade–Giles,
/// without the other readings of polyphonic characters.
pub fn romanize_han_usual_chinese(word: &str) -> Vec<String> {
    distinct_variants(han::romanize_usual_chinese(word))
}

/// Whether `letters` (a Latin part's primary spelling, `a`..=`z`) spell, syllable by
/// syllable, Mandarin readings of Chinese characters that Korean reads as the syllables of
/// `hangul`: a Chinese name written in Hangul as Korean reads its characters (`육미` for
/// 育美) against the pinyin a list writes (`yumei`). The number of syllables when they do
/// (one to four), else `None`. From Unihan's readings of common characters
/// (`sino_korean_readings.rs`).
pub fn sino_korean_reads_as(hangul: &str, letters: &str) -> Option<usize> {
    const MAX_SYLLABLES: usize = 4;
    let mut readings: Vec<&[&str]> = Vec::with_capacity(MAX_SYLLABLES);
    for syllable in hangul.chars() {
        if readings.len() == MAX_SYLLABLES {
            return None;
        }
        let at = sino_korean_readings::SINO_KOREAN_READINGS
            .binary_search_by_key(&syllable, |&(s, _)| s)
            .ok()?;
        readings.push(sino_korean_readings::SINO_KOREAN_READINGS[at].1);
    }
    fn spells(letters: &[u8], readings: &[&[&str]]) -> bool {
        match readings.split_first() {
            None => letters.is_empty(),
            Some((first, rest)) => first.iter().any(|reading| {
                letters
                    .strip_prefix(reading.as_bytes())
                    .is_some_and(|after| spells(after, rest))
            }),
        }
    }
    (!readings.is_empty() && spells(letters.as_bytes(), &readings)).then_some(readings.len())
}

pub use kanji_names::{
    japanese_canonical, japanese_readings, japanese_reads_as, japanese_syllables,
};

/// Variants kept: non-empty, `a`..=`z` only, each once, the first [`MAX_VARIANTS`].
pub(crate) fn distinct_variants(mut variants: Vec<String>) -> Vec<String> {
    let mut seen = Vec::with_capacity(variants.len());
    variants.retain(|variant| {
        let keep = !variant.is_empty()
            && variant.bytes().all(|b| b.is_ascii_lowercase())
            && !seen.contains(variant);
        if keep {
            seen.push(variant.clone());
        }
        keep
    });
    variants.truncate(MAX_VARIANTS);
    variants
}

/// Asserts that one of `variants`, the romanisations of `word`, is within `max_edits` of
/// `expected` (for tests of the script modules).
#[cfg(test)]
fn assert_some_variant_close(word: &str, variants: &[String], expected: &str, max_edits: usize) {
    let best = variants
        .iter()
        .map(|variant| crate::metrics::levenshtein(variant, expected))
        .min();
    assert!(
        best.is_some_and(|distance| distance <= max_edits),
        "{word}: {variants:?} has nothing within {max_edits} of {expected}"
    );
}

/// Asserts the contract of a script module's output for `word`: at most [`MAX_VARIANTS`]
/// non-empty, distinct, lower-case ASCII spellings (for tests of the script modules).
#[cfg(test)]
fn assert_well_formed(word: &str, variants: &[String]) {
    assert!(variants.len() <= MAX_VARIANTS, "{word}: {variants:?}");
    for (index, variant) in variants.iter().enumerate() {
        assert!(!variant.is_empty(), "{word}: {variants:?}");
        assert!(
            variant.bytes().all(|b| b.is_ascii_lowercase()),
            "{word}: {variant}"
        );
        assert!(!variants[..index].contains(variant), "{word}: {variants:?}");
    }
}

#[cfg(test)]
mod tests {
    use super::sino_korean_reads_as;

    #[test]
    fn a_chinese_name_in_hangul_is_read_back_as_its_pinyin() {
        // 育美 is 육미 in Korean, Yumei in pinyin; 金 김 jin; 學良 학양 xueliang
        assert_eq!(sino_korean_reads_as("육미", "yumei"), Some(2));
        assert_eq!(sino_korean_reads_as("김", "jin"), Some(1));
        assert_eq!(sino_korean_reads_as("학양", "xueliang"), Some(2));
        // the Korean reading itself, or another name, is not a pinyin reading of them
        assert_eq!(sino_korean_reads_as("육미", "yukmi"), None);
        assert_eq!(sino_korean_reads_as("육미", "yume"), None);
        assert_eq!(sino_korean_reads_as("김", "kim"), None);
        // every syllable is read, none left over
        assert_eq!(sino_korean_reads_as("육미", "yumeiling"), None);
        assert_eq!(sino_korean_reads_as("육미", "yu"), None);
        // not Hangul, nothing, or longer than a part of a Chinese name
        assert_eq!(sino_korean_reads_as("育美", "yumei"), None);
        assert_eq!(sino_korean_reads_as("", ""), None);
        assert_eq!(sino_korean_reads_as("김김김김김", "jinjinjinjinjin"), None);
    }
}
