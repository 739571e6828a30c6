//! Which writing system a piece of text is in, decided letter by letter.

/// A writing system the engine can read names in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Script {
    Latin,
    Arabic,
    Cyrillic,
    Greek,
    Hebrew,
    Georgian,
    Armenian,
    Hangul,
    /// Hiragana and katakana.
    Kana,
    /// Chinese characters (also Japanese kanji).
    Han,
    Devanagari,
    /// Digits, punctuation and letters of scripts the engine does not read.
    Other,
}

impl Script {
    /// The script of one character.
    pub fn of_char(c: char) -> Script {
        let code = c as u32;
        match code {
            0x41..=0x5A | 0x61..=0x7A => Script::Latin,
            0xC0..=0x24F if c.is_alphabetic() => Script::Latin,
            0x1E00..=0x1EFF | 0x2C60..=0x2C7F | 0xA720..=0xA7FF | 0xAB30..=0xAB6F => Script::Latin,
            0x300..=0x36F => Script::Other,
            0x370..=0x3FF | 0x1F00..=0x1FFF => Script::Greek,
            0x400..=0x52F | 0x1C80..=0x1C8F | 0x2DE0..=0x2DFF | 0xA640..=0xA69F => Script::Cyrillic,
            0x530..=0x58F | 0xFB13..=0xFB17 => Script::Armenian,
            0x591..=0x5FF | 0xFB1D..=0xFB4F => Script::Hebrew,
            0x600..=0x6FF | 0x750..=0x77F | 0x8A0..=0x8FF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => {
                Script::Arabic
            }
            0x900..=0x97F | 0xA8E0..=0xA8FF => Script::Devanagari,
            0x10A0..=0x10FF | 0x1C90..=0x1CBF | 0x2D00..=0x2D2F => Script::Georgian,
            0x1100..=0x11FF
            | 0x3130..=0x318F
            | 0xA960..=0xA97F
            | 0xAC00..=0xD7AF
            | 0xD7B0..=0xD7FF => Script::Hangul,
            0x3040..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF9F => Script::Kana,
            0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F => Script::Han,
            _ => Script::Other,
        }
    }

    /// The script of a word: the script of most of its letters, `Other` when it has none.
    /// Kana wins over Han in a mixed word, since only Japanese mixes them.
    pub fn of_word(word: &str) -> Script {
        let mut counts = [0usize; 12];
        for c in word.chars() {
            counts[Script::of_char(c).index()] += 1;
        }
        if counts[Script::Kana.index()] > 0 {
            return Script::Kana;
        }
        let mut best = Script::Other;
        let mut best_count = 0;
        for script in Script::ALL {
            let count = counts[script.index()];
            if script != Script::Other && count > best_count {
                best = script;
                best_count = count;
            }
        }
        best
    }

    const ALL: [Script; 12] = [
        Script::Latin,
        Script::Arabic,
        Script::Cyrillic,
        Script::Greek,
        Script::Hebrew,
        Script::Georgian,
        Script::Armenian,
        Script::Hangul,
        Script::Kana,
        Script::Han,
        Script::Devanagari,
        Script::Other,
    ];

    fn index(self) -> usize {
        self as usize
    }

    /// Lower-case English name, as used in explanations.
    pub fn name(self) -> &'static str {
        match self {
            Script::Latin => "latin",
            Script::Arabic => "arabic",
            Script::Cyrillic => "cyrillic",
            Script::Greek => "greek",
            Script::Hebrew => "hebrew",
            Script::Georgian => "georgian",
            Script::Armenian => "armenian",
            Script::Hangul => "hangul",
            Script::Kana => "kana",
            Script::Han => "han",
            Script::Devanagari => "devanagari",
            Script::Other => "other",
        }
    }

    /// Scripts that usually leave short vowels unwritten, or whose romanisation adds or loses
    /// vowels: comparisons with them forgive vowel differences more.
    pub fn vowels_unreliable(self) -> bool {
        matches!(
            self,
            Script::Arabic | Script::Hebrew | Script::Kana | Script::Han | Script::Hangul
        )
    }
}

#[cfg(test)]
mod tests {
    use super::Script;

    #[test]
    fn words_of_each_script_are_recognised() {
        let cases = [
            ("Müller", Script::Latin),
            ("الخفاجي", Script::Arabic),
            ("ویلهلم", Script::Arabic),
            ("борщевский", Script::Cyrillic),
            ("єрофєєв", Script::Cyrillic),
            ("κρητικός", Script::Greek),
            ("אלישע", Script::Hebrew),
            ("ნუგზარ", Script::Georgian),
            ("վահե", Script::Armenian),
            ("보무", Script::Hangul),
            ("パヴロフスキイ", Script::Kana),
            ("塞勒格伦", Script::Han),
            ("योगिता", Script::Devanagari),
            ("1971", Script::Other),
        ];
        for (word, want) in cases {
            assert_eq!(Script::of_word(word), want, "{word}");
        }
    }
}
