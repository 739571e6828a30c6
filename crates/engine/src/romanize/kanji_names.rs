//! Whether a Latin spelling is a reading of a name written in kanji, character by
//! character, as a Japanese reader checks a name's reading: each kanji read by one of its
//! readings (on, kun, or the nanori used only in names: 好輝 is `yoshiteru`, 好 yoshi and 輝
//! teru), with the sound changes that join them (rendaku: 桑久保, `kuwakubo`, 保 ho read
//! bo; a small tsu doubling the next consonant: 哲也, `tetsuya`, but 一太, `itta`) and every
//! usual romanisation (Hepburn with or without long vowels, Kunrei, passport `oh`).

use super::kanji_name_readings::KANJI_NAME_READINGS;
use std::sync::OnceLock;

/// The most kanji a name part is checked for; a name of more is not one name.
const MAX_KANJI: usize = 5;

/// The readings of each kanji of `kanji` in [`canonical`] form, or `None` when it has more
/// than [`MAX_KANJI`] characters, none, or one without a reading in the table. The table's
/// readings are put in that form once, on first use, not at every comparison.
fn readings_of(kanji: &str) -> Option<Vec<&'static [Vec<u8>]>> {
    static CANONICAL: OnceLock<Vec<Vec<Vec<u8>>>> = OnceLock::new();
    let canonical_table = CANONICAL.get_or_init(|| {
        KANJI_NAME_READINGS
            .iter()
            .map(|(_, readings)| readings.split(' ').map(canonical).collect())
            .collect()
    });
    let mut readings = Vec::with_capacity(MAX_KANJI);
    for character in kanji.chars() {
        if readings.len() == MAX_KANJI {
            return None;
        }
        let at = KANJI_NAME_READINGS
            .binary_search_by_key(&character, |&(c, _)| c)
            .ok()?;
        readings.push(canonical_table[at].as_slice());
    }
    (!readings.is_empty()).then_some(readings)
}

/// The syllables of a spelling as Japanese reads it: its vowels once long ones are written
/// once (`kaaa` has one, `maya` two).
pub fn japanese_syllables(spelling: &str) -> usize {
    canonical(spelling)
        .into_iter()
        .filter(|&c| is_vowel(c))
        .count()
}

/// The number of kanji in `kanji` if `letters` (lower-case ASCII) spells a reading of each
/// in turn, else `None` (also when a character has no reading in the table).
pub fn japanese_reads_as(kanji: &str, letters: &str) -> Option<usize> {
    let readings = readings_of(kanji)?;
    let letters = canonical(letters);
    // the positions of `letters` reached after reading the kanji so far
    let mut reached = vec![false; letters.len() + 1];
    reached[0] = true;
    for (i, forms) in readings.iter().enumerate() {
        let mut next = vec![false; letters.len() + 1];
        let last = i + 1 == readings.len();
        for start in (0..=letters.len()).filter(|&at| reached[at]) {
            let rest = &letters[start..];
            for form in forms.iter() {
                for variant in voiced(form, i > 0) {
                    if rest.starts_with(&variant) {
                        next[start + variant.len()] = true;
                    }
                    // a reading ending in tsu, chi, ku or ki before another kanji may
                    // shorten to a doubled consonant (一 ichi + 太 ta: itta)
                    if !last {
                        if let Some(stem) = doubling_stem(&variant) {
                            let at = stem.len();
                            if rest.starts_with(stem)
                                && rest.len() > at + 1
                                && rest[at] == rest[at + 1]
                                && !is_vowel(rest[at])
                            {
                                next[start + at + 1] = true;
                            }
                        }
                    }
                }
            }
        }
        reached = next;
        if !reached.iter().any(|&r| r) {
            return None;
        }
    }
    reached[letters.len()].then_some(readings.len())
}

/// The spellings (in [`japanese_canonical`] form) of the readings of `kanji`, character by
/// character as [`japanese_reads_as`] reads them, at most `limit` (a name of many
/// characters with many readings each has thousands: the first `limit` are kept); none
/// when a character has no reading in the table.
pub fn japanese_readings(kanji: &str, limit: usize) -> Vec<Vec<u8>> {
    // (the spelling so far, and the same with its last reading shortened to a doubled
    // consonant's first letter missing, when it can be)
    let Some(readings) = readings_of(kanji) else {
        return Vec::new();
    };
    let mut spelt: Vec<(Vec<u8>, Option<Vec<u8>>)> = vec![(Vec::new(), None)];
    for (i, forms) in readings.iter().enumerate() {
        let mut next: Vec<(Vec<u8>, Option<Vec<u8>>)> = Vec::new();
        'spelling: for (before, shortened) in &spelt {
            for form in forms.iter() {
                for variant in voiced(form, i > 0) {
                    if next.len() >= limit {
                        break 'spelling;
                    }
                    let mut whole = before.clone();
                    whole.extend_from_slice(&variant);
                    let doubled = doubling_stem(&variant).map(|stem| {
                        let mut doubled = before.clone();
                        doubled.extend_from_slice(stem);
                        doubled
                    });
                    if let (Some(shortened), Some(&first)) = (shortened, variant.first()) {
                        if !is_vowel(first) {
                            let mut double = shortened.clone();
                            double.push(first);
                            double.extend_from_slice(&variant);
                            next.push((double, doubled.clone()));
                        }
                    }
                    next.push((whole, doubled));
                }
            }
        }
        next.truncate(limit);
        spelt = next;
    }
    let mut out: Vec<Vec<u8>> = spelt.into_iter().map(|(whole, _)| whole).collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// A spelling in the one form every usual romanisation of the same kana has (see
/// [`canonical`]), to look Japanese readings up by.
pub fn japanese_canonical(spelling: &str) -> Vec<u8> {
    canonical(spelling)
}

/// A reading and, after the first kanji, its voiced forms (rendaku: k → g, s → z, t → d,
/// t → z before i and u, h → b and p).
fn voiced(form: &[u8], after_first: bool) -> Vec<Vec<u8>> {
    let mut out = vec![form.to_vec()];
    if !after_first || form.is_empty() {
        return out;
    }
    let changes: &[u8] = match form[0] {
        b'k' => b"g",
        b's' => b"z",
        b't' if matches!(form.get(1), Some(b'i' | b'u' | b'y')) => b"dz",
        b't' => b"d",
        b'h' => b"bp",
        _ => b"",
    };
    for &c in changes {
        let mut variant = form.to_vec();
        variant[0] = c;
        out.push(variant);
    }
    out
}

/// The stem of a reading that ends in a syllable which may become a doubled consonant:
/// tsu (tu), chi (ti), ku, ki, or a small tsu already (`t`).
fn doubling_stem(form: &[u8]) -> Option<&[u8]> {
    if form.len() >= 3 && matches!(&form[form.len() - 2..], b"tu" | b"ti" | b"ku" | b"ki") {
        Some(&form[..form.len() - 2])
    } else if form.len() >= 2 && form.ends_with(b"t") {
        Some(&form[..form.len() - 1])
    } else {
        None
    }
}

fn is_vowel(c: u8) -> bool {
    matches!(c, b'a' | b'e' | b'i' | b'o' | b'u')
}

/// One spelling for every usual romanisation of the same kana: Hepburn's shi, chi, tsu,
/// fu, ji, sh, ch, j as Kunrei writes them (si, ti, tu, hu, zi, sy, ty, zy), m before b, p
/// or m as n, and long vowels (ou, oo, uu, oh before a consonant, doubled vowels) once.
/// Letters other than a-z are dropped.
fn canonical(spelling: &str) -> Vec<u8> {
    let letters: Vec<u8> = spelling.bytes().filter(u8::is_ascii_lowercase).collect();
    let mut out: Vec<u8> = Vec::with_capacity(letters.len());
    let mut i = 0;
    while i < letters.len() {
        let rest = &letters[i..];
        let (write, used): (&[u8], usize) = if rest.starts_with(b"shi") {
            (b"si", 3)
        } else if rest.starts_with(b"sh") {
            (b"sy", 2)
        } else if rest.starts_with(b"chi") {
            (b"ti", 3)
        } else if rest.starts_with(b"ch") {
            (b"ty", 2)
        } else if rest.starts_with(b"tsu") {
            (b"tu", 3)
        } else if rest.starts_with(b"fu") {
            (b"hu", 2)
        } else if rest.starts_with(b"ji") || rest.starts_with(b"di") {
            (b"zi", 2)
        } else if rest.starts_with(b"dzu") {
            (b"zu", 3)
        } else if rest.starts_with(b"j") {
            (b"zy", 1)
        } else if rest[0] == b'm' && matches!(rest.get(1), Some(b'b' | b'p' | b'm')) {
            (b"n", 1)
        } else if rest.starts_with(b"oh") && rest.get(2).is_none_or(|&c| !is_vowel(c)) {
            (b"o", 2)
        } else {
            (&rest[..1], 1)
        };
        for &c in write {
            // a long vowel written twice (ou, oo, uu, aa, ii, ee) is written once
            let long = is_vowel(c)
                && out
                    .last()
                    .is_some_and(|&last| last == c || (last == b'o' && c == b'u'));
            if !long {
                out.push(c);
            }
        }
        i += used;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{japanese_canonical, japanese_readings, japanese_reads_as};

    #[test]
    fn the_readings_of_a_name_in_kanji_are_spelt_out_for_looking_up() {
        let readings = japanese_readings("好輝", 4096);
        for spelling in ["yoshiteru", "yositeru", "kouki", "yoshiaki"] {
            assert!(
                readings.contains(&japanese_canonical(spelling)),
                "{spelling}"
            );
        }
        assert!(!readings.contains(&japanese_canonical("kellywood")));
        let readings = japanese_readings("一太", 4096);
        assert!(readings.contains(&japanese_canonical("itta")));
        assert!(readings.contains(&japanese_canonical("ichita")));
        // a limit keeps the work bounded
        assert_eq!(japanese_readings("好輝", 10).len(), 10);
        assert!(japanese_readings("abc", 100).is_empty());
    }

    #[test]
    fn a_name_in_kanji_is_read_by_its_readings_nanori_among_them() {
        // 好 yoshi and 輝 teru, 哲 tetsu and 義 yoshi, 重 shige, all nanori
        assert_eq!(japanese_reads_as("好輝", "yoshiteru"), Some(2));
        assert_eq!(japanese_reads_as("哲義", "tetsuyoshi"), Some(2));
        assert_eq!(japanese_reads_as("重千代", "shigechiyo"), Some(3));
        // Kunrei and passport spellings of the same kana
        assert_eq!(japanese_reads_as("重千代", "sigetiyo"), Some(3));
        assert_eq!(japanese_reads_as("小林", "kobayashi"), Some(2));
        // long vowels written or not
        assert_eq!(japanese_reads_as("翔平", "shohei"), Some(2));
        assert_eq!(japanese_reads_as("翔平", "shouhei"), Some(2));
        assert_eq!(japanese_reads_as("大野", "ohno"), Some(2));
        assert_eq!(japanese_reads_as("大野", "ono"), Some(2));
    }

    #[test]
    fn sound_changes_between_kanji_are_read() {
        // rendaku: 保 ho read bo after 久
        assert_eq!(japanese_reads_as("桑久保", "kuwakubo"), Some(3));
        // 田 ta as da after 山
        assert_eq!(japanese_reads_as("山田", "yamada"), Some(2));
        // a small tsu: 一 ichi before 太 ta
        assert_eq!(japanese_reads_as("一太", "itta"), Some(2));
        // n before b written m (Hepburn of passports)
        assert_eq!(japanese_reads_as("本間", "homma"), Some(2));
        assert_eq!(japanese_reads_as("本間", "honma"), Some(2));
    }

    #[test]
    fn syllables_are_counted_with_long_vowels_once() {
        assert_eq!(super::japanese_syllables("kaaa"), 1);
        assert_eq!(super::japanese_syllables("maya"), 2);
        assert_eq!(super::japanese_syllables("yoshiteru"), 4);
    }

    #[test]
    fn a_spelling_no_reading_gives_is_not_read() {
        assert_eq!(japanese_reads_as("好輝", "kellywood"), None);
        assert_eq!(japanese_reads_as("好輝", "yoshiter"), None);
        // rendaku only after the first kanji
        assert_eq!(japanese_reads_as("田中", "danaka"), None);
        assert_eq!(japanese_reads_as("田中", "tanaka"), Some(2));
        // a character with no Japanese reading in the table, and no kanji at all
        assert_eq!(japanese_reads_as("abc", "abc"), None);
        assert_eq!(japanese_reads_as("", ""), None);
    }
}
