//! Romanisation of Japanese kana (hiragana, katakana, half-width katakana): modified
//! Hepburn with long vowels written once, Hepburn with long vowels spelt out as written,
//! Kunrei-shiki, and passport Hepburn ("oh" for a long o, m before b/m/p).

/// The most romanisations returned, as in the dispatcher.
const MAX_OUTPUTS: usize = 4;

/// What a kana does besides spelling a syllable.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Plain,
    /// ァ ィ ゥ ェ ォ: combine with the kana before (ファ fa, ティ ti).
    SmallVowel,
    /// ャ ュ ョ: combine with the kana before (キャ kya, シュ shu).
    SmallY,
    /// ヮ: combines with ク/グ (クヮ kwa).
    SmallWa,
    /// ッ: doubles the next consonant.
    Sokuon,
    /// ン.
    MoraicN,
}

/// Katakana U+30A1..=U+30FA: Hepburn spelling, Kunrei spelling, kind.
const KATAKANA: [(&str, &str, Kind); 90] = [
    ("a", "a", Kind::SmallVowel), // ァ
    ("a", "a", Kind::Plain),      // ア
    ("i", "i", Kind::SmallVowel), // ィ
    ("i", "i", Kind::Plain),      // イ
    ("u", "u", Kind::SmallVowel), // ゥ
    ("u", "u", Kind::Plain),      // ウ
    ("e", "e", Kind::SmallVowel), // ェ
    ("e", "e", Kind::Plain),      // エ
    ("o", "o", Kind::SmallVowel), // ォ
    ("o", "o", Kind::Plain),      // オ
    ("ka", "ka", Kind::Plain),    // カ
    ("ga", "ga", Kind::Plain),    // ガ
    ("ki", "ki", Kind::Plain),    // キ
    ("gi", "gi", Kind::Plain),    // ギ
    ("ku", "ku", Kind::Plain),    // ク
    ("gu", "gu", Kind::Plain),    // グ
    ("ke", "ke", Kind::Plain),    // ケ
    ("ge", "ge", Kind::Plain),    // ゲ
    ("ko", "ko", Kind::Plain),    // コ
    ("go", "go", Kind::Plain),    // ゴ
    ("sa", "sa", Kind::Plain),    // サ
    ("za", "za", Kind::Plain),    // ザ
    ("shi", "si", Kind::Plain),   // シ
    ("ji", "zi", Kind::Plain),    // ジ
    ("su", "su", Kind::Plain),    // ス
    ("zu", "zu", Kind::Plain),    // ズ
    ("se", "se", Kind::Plain),    // セ
    ("ze", "ze", Kind::Plain),    // ゼ
    ("so", "so", Kind::Plain),    // ソ
    ("zo", "zo", Kind::Plain),    // ゾ
    ("ta", "ta", Kind::Plain),    // タ
    ("da", "da", Kind::Plain),    // ダ
    ("chi", "ti", Kind::Plain),   // チ
    ("ji", "zi", Kind::Plain),    // ヂ
    ("", "", Kind::Sokuon),       // ッ
    ("tsu", "tu", Kind::Plain),   // ツ
    ("zu", "zu", Kind::Plain),    // ヅ
    ("te", "te", Kind::Plain),    // テ
    ("de", "de", Kind::Plain),    // デ
    ("to", "to", Kind::Plain),    // ト
    ("do", "do", Kind::Plain),    // ド
    ("na", "na", Kind::Plain),    // ナ
    ("ni", "ni", Kind::Plain),    // ニ
    ("nu", "nu", Kind::Plain),    // ヌ
    ("ne", "ne", Kind::Plain),    // ネ
    ("no", "no", Kind::Plain),    // ノ
    ("ha", "ha", Kind::Plain),    // ハ
    ("ba", "ba", Kind::Plain),    // バ
    ("pa", "pa", Kind::Plain),    // パ
    ("hi", "hi", Kind::Plain),    // ヒ
    ("bi", "bi", Kind::Plain),    // ビ
    ("pi", "pi", Kind::Plain),    // ピ
    ("fu", "hu", Kind::Plain),    // フ
    ("bu", "bu", Kind::Plain),    // ブ
    ("pu", "pu", Kind::Plain),    // プ
    ("he", "he", Kind::Plain),    // ヘ
    ("be", "be", Kind::Plain),    // ベ
    ("pe", "pe", Kind::Plain),    // ペ
    ("ho", "ho", Kind::Plain),    // ホ
    ("bo", "bo", Kind::Plain),    // ボ
    ("po", "po", Kind::Plain),    // ポ
    ("ma", "ma", Kind::Plain),    // マ
    ("mi", "mi", Kind::Plain),    // ミ
    ("mu", "mu", Kind::Plain),    // ム
    ("me", "me", Kind::Plain),    // メ
    ("mo", "mo", Kind::Plain),    // モ
    ("ya", "ya", Kind::SmallY),   // ャ
    ("ya", "ya", Kind::Plain),    // ヤ
    ("yu", "yu", Kind::SmallY),   // ュ
    ("yu", "yu", Kind::Plain),    // ユ
    ("yo", "yo", Kind::SmallY),   // ョ
    ("yo", "yo", Kind::Plain),    // ヨ
    ("ra", "ra", Kind::Plain),    // ラ
    ("ri", "ri", Kind::Plain),    // リ
    ("ru", "ru", Kind::Plain),    // ル
    ("re", "re", Kind::Plain),    // レ
    ("ro", "ro", Kind::Plain),    // ロ
    ("wa", "wa", Kind::SmallWa),  // ヮ
    ("wa", "wa", Kind::Plain),    // ワ
    ("i", "i", Kind::Plain),      // ヰ
    ("e", "e", Kind::Plain),      // ヱ
    ("o", "o", Kind::Plain),      // ヲ
    ("", "", Kind::MoraicN),      // ン
    ("vu", "vu", Kind::Plain),    // ヴ
    ("ka", "ka", Kind::Plain),    // ヵ
    // ヶ reads ga in place and family names (関ヶ原 Sekigahara).
    ("ga", "ga", Kind::Plain), // ヶ
    ("va", "va", Kind::Plain), // ヷ
    ("vi", "vi", Kind::Plain), // ヸ
    ("ve", "ve", Kind::Plain), // ヹ
    ("vo", "vo", Kind::Plain), // ヺ
];

const FIRST_KATAKANA: u32 = 0x30A1;
const LAST_KATAKANA: u32 = 0x30FA;
const KATAKANA_U: char = 'ウ';
const KATAKANA_I: char = 'イ';
const KATAKANA_KU: char = 'ク';
const KATAKANA_GU: char = 'グ';

/// Half-width katakana U+FF66..=U+FF9D as full-width ones.
const HALF_WIDTH: [char; 56] = [
    'ヲ', 'ァ', 'ィ', 'ゥ', 'ェ', 'ォ', 'ャ', 'ュ', 'ョ', 'ッ', 'ー', 'ア', 'イ', 'ウ', 'エ', 'オ',
    'カ', 'キ', 'ク', 'ケ', 'コ', 'サ', 'シ', 'ス', 'セ', 'ソ', 'タ', 'チ', 'ツ', 'テ', 'ト', 'ナ',
    'ニ', 'ヌ', 'ネ', 'ノ', 'ハ', 'ヒ', 'フ', 'ヘ', 'ホ', 'マ', 'ミ', 'ム', 'メ', 'モ', 'ヤ', 'ユ',
    'ヨ', 'ラ', 'リ', 'ル', 'レ', 'ロ', 'ワ', 'ン',
];

/// One piece of the word after normalisation.
#[derive(Clone, Copy)]
enum Token {
    /// A full-width katakana U+30A1..=U+30FA (hiragana are turned into katakana).
    Kana(char),
    /// ー: lengthens the vowel before.
    LongMark,
    /// ゝ ヽ (and voiced ゞ ヾ): repeat the kana before.
    Repeat { voiced: bool },
    /// A Chinese character (kanji), or 々 repeating the one before.
    Han(char),
    /// Something read as fixed letters (ゟ yori, small Ainu kana).
    Letters(&'static str),
}

/// Up to six ASCII letters: the spelling of one mora, kept without allocating.
#[derive(Clone, Copy, Default)]
struct Spelling {
    letters: [u8; 6],
    length: usize,
}

impl Spelling {
    fn from_letters(letters: &str) -> Spelling {
        let mut spelling = Spelling::default();
        spelling.push_letters(letters);
        spelling
    }

    fn push_letters(&mut self, letters: &str) {
        for byte in letters.bytes() {
            self.push(byte);
        }
    }

    fn push(&mut self, byte: u8) {
        if let Some(slot) = self.letters.get_mut(self.length) {
            *slot = byte;
            self.length += 1;
        }
    }

    fn as_str(&self) -> &str {
        self.letters
            .get(..self.length)
            .and_then(|bytes| std::str::from_utf8(bytes).ok())
            .unwrap_or("")
    }

    fn last(&self) -> u8 {
        self.as_str().bytes().last().unwrap_or(0)
    }

    fn first(&self) -> u8 {
        self.as_str().bytes().next().unwrap_or(0)
    }

    /// The spelling without its final vowel: the consonant part (シ → sh, ツ → ts).
    fn consonant(&self) -> Spelling {
        let mut consonant = *self;
        if is_vowel(consonant.last()) {
            consonant.length -= 1;
        }
        consonant
    }

    fn ends_with(&self, suffix: &str) -> bool {
        self.as_str().ends_with(suffix)
    }
}

/// One mora (or a run of kanji) ready to be spelt.
enum Mora {
    Syllable {
        hepburn: Spelling,
        kunrei: Spelling,
        /// A lone vowel kana (ア, う, small ァ on its own): may lengthen the vowel before.
        bare_vowel: bool,
    },
    MoraicN,
    Sokuon,
    LongMark,
    Letters(String),
}

/// How long vowels are written.
#[derive(Clone, Copy, PartialEq, Eq)]
enum LongVowels {
    /// Once (Tokyo): modified Hepburn with the macrons dropped.
    Once,
    /// As the kana have them (Toukyou, Tooyama).
    AsWritten,
    /// Long o as "oh", others once (Ohno): the passport option.
    Oh,
}

#[derive(Clone, Copy)]
struct Style {
    kunrei: bool,
    long_vowels: LongVowels,
    /// ン as m before b, m, p (Shimbun, Namba), as in traditional and passport Hepburn.
    labial_m: bool,
    /// A foreign name transcribed: the vowel Japanese adds after a lone consonant dropped
    /// (ホールト Holt as `hort`, not `horuto`; see [`lone_consonant`]).
    transcribed: bool,
}

const STYLES: [Style; 4] = [
    Style {
        kunrei: false,
        long_vowels: LongVowels::Once,
        labial_m: false,
        transcribed: false,
    },
    Style {
        kunrei: false,
        long_vowels: LongVowels::AsWritten,
        labial_m: true,
        transcribed: false,
    },
    Style {
        kunrei: true,
        long_vowels: LongVowels::Once,
        labial_m: false,
        transcribed: false,
    },
    Style {
        kunrei: false,
        long_vowels: LongVowels::Oh,
        labial_m: true,
        transcribed: false,
    },
];

/// The styles of a foreign name in katakana: Hepburn, the long vowels as written, the name
/// as transcribed, and the passport's "oh"; Kunrei-shiki is for Japanese names.
const FOREIGN_STYLES: [Style; 4] = [
    STYLES[0],
    STYLES[1],
    Style {
        kunrei: false,
        long_vowels: LongVowels::Once,
        labial_m: true,
        transcribed: true,
    },
    STYLES[3],
];

pub(crate) fn romanize(word: &str) -> Vec<String> {
    let tokens = normalise(word);
    let morae = to_morae(&tokens);
    if morae.is_empty() {
        return Vec::new();
    }
    let styles = if looks_foreign(&tokens) {
        FOREIGN_STYLES
    } else {
        STYLES
    };
    let mut variants: Vec<String> = Vec::with_capacity(MAX_OUTPUTS);
    for style in styles {
        let spelt = spell(&morae, style);
        if !spelt.is_empty() && !variants.contains(&spelt) {
            variants.push(spelt);
        }
    }
    variants
}

/// Whether a word in kana is written as Japanese writes foreign names: with the long-vowel
/// mark ー, ヴ, or a small vowel kana (ファ, ティ, ジェ), which Japanese names do not have.
fn looks_foreign(tokens: &[Token]) -> bool {
    tokens.iter().any(|token| match token {
        Token::LongMark => true,
        Token::Kana(kana) => matches!(kana, 'ァ' | 'ィ' | 'ゥ' | 'ェ' | 'ォ' | 'ヴ'),
        _ => false,
    })
}

/// The consonant alone of a syllable Japanese writes for a foreign consonant with no vowel
/// of its own (ル for l or r, ド for d, ス for s ...), or `None`.
fn lone_consonant(hepburn: &str) -> Option<&'static str> {
    Some(match hepburn {
        "ru" => "r",
        "do" => "d",
        "to" => "t",
        "su" => "s",
        "zu" => "z",
        "ku" => "k",
        "gu" => "g",
        "fu" => "f",
        "bu" => "b",
        "pu" => "p",
        "mu" => "m",
        "tsu" => "ts",
        _ => return None,
    })
}

/// Turns the word into tokens: hiragana and half-width katakana become full-width
/// katakana, voicing marks are applied to the kana before, and separators (・, =, spaces)
/// and anything unknown are dropped.
fn normalise(word: &str) -> Vec<Token> {
    let mut tokens: Vec<Token> = Vec::with_capacity(word.chars().count());
    for character in word.chars() {
        let code = u32::from(character);
        let token = match code {
            0x3041..=0x3096 => char::from_u32(code + 0x60).map(Token::Kana),
            FIRST_KATAKANA..=LAST_KATAKANA => Some(Token::Kana(character)),
            0xFF66..=0xFF9D => usize::try_from(code - 0xFF66)
                .ok()
                .and_then(|index| HALF_WIDTH.get(index))
                .map(|&full| {
                    if full == 'ー' {
                        Token::LongMark
                    } else {
                        Token::Kana(full)
                    }
                }),
            0x30FC => Some(Token::LongMark),
            0x309D | 0x30FD => Some(Token::Repeat { voiced: false }),
            0x309E | 0x30FE => Some(Token::Repeat { voiced: true }),
            // Voicing marks, combining, spacing and half-width: change the kana before.
            0x3099 | 0x309B | 0xFF9E | 0x309A | 0x309C | 0xFF9F => {
                let semi = matches!(code, 0x309A | 0x309C | 0xFF9F);
                if let Some(Token::Kana(before)) = tokens.last_mut() {
                    *before = if semi {
                        semi_voiced(*before)
                    } else {
                        voiced(*before)
                    };
                }
                None
            }
            0x309F => Some(Token::Letters("yori")),
            0x30FF => Some(Token::Letters("koto")),
            0x31F0..=0x31FF => Some(Token::Letters(small_ainu_kana(code))),
            0x3005 => match tokens.last() {
                Some(Token::Han(before)) => Some(Token::Han(*before)),
                _ => None,
            },
            _ if is_han(code) => Some(Token::Han(character)),
            _ => None,
        };
        if let Some(token) = token {
            tokens.push(token);
        }
    }
    tokens
}

fn is_han(code: u32) -> bool {
    matches!(
        code,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F
    )
}

/// Small katakana for Ainu (U+31F0..=U+31FF): consonants without a vowel.
fn small_ainu_kana(code: u32) -> &'static str {
    match code {
        0x31F0 => "k",
        0x31F1 => "sh",
        0x31F2 => "s",
        0x31F3 => "t",
        0x31F4 => "n",
        0x31F5..=0x31F6 | 0x31F8..=0x31F9 => "h",
        0x31F7 => "f",
        0x31FA => "m",
        _ => "r",
    }
}

/// The kana with dakuten: カ → ガ, ウ → ヴ, ワ → ヷ; others unchanged.
fn voiced(kana: char) -> char {
    let code = u32::from(kana);
    let voiced_code = match code {
        // カ..ヂ: the voiced kana follows each voiceable one.
        0x30AB..=0x30C2 if (code - 0x30AB) % 2 == 0 => code + 1,
        0x30C4 | 0x30C6 | 0x30C8 => code + 1,
        0x30CF..=0x30DD if (code - 0x30CF) % 3 == 0 => code + 1,
        0x30A6 => 0x30F4,
        0x30EF..=0x30F2 => code + 8,
        _ => code,
    };
    char::from_u32(voiced_code).unwrap_or(kana)
}

/// The kana with handakuten: ハ → パ; others unchanged.
fn semi_voiced(kana: char) -> char {
    let code = u32::from(kana);
    match code {
        0x30CF..=0x30DD if (code - 0x30CF) % 3 == 0 => char::from_u32(code + 2).unwrap_or(kana),
        _ => kana,
    }
}

fn katakana_entry(kana: char) -> Option<(&'static str, &'static str, Kind)> {
    let code = u32::from(kana);
    if !(FIRST_KATAKANA..=LAST_KATAKANA).contains(&code) {
        return None;
    }
    let index = usize::try_from(code - FIRST_KATAKANA).ok()?;
    KATAKANA.get(index).copied()
}

fn is_vowel(byte: u8) -> bool {
    matches!(byte, b'a' | b'i' | b'u' | b'e' | b'o')
}

/// Reads the tokens as morae, combining small kana with the kana before and reading runs
/// of kanji with the han module.
fn to_morae(tokens: &[Token]) -> Vec<Mora> {
    let mut morae: Vec<Mora> = Vec::with_capacity(tokens.len());
    let mut last_kana: Option<char> = None;
    let mut index = 0;
    while let Some(&token) = tokens.get(index) {
        index += 1;
        match token {
            Token::Kana(kana) => {
                let small = match tokens.get(index) {
                    Some(&Token::Kana(next)) => match katakana_entry(next) {
                        Some((
                            letters,
                            _,
                            kind @ (Kind::SmallVowel | Kind::SmallY | Kind::SmallWa),
                        )) => Some((letters, kind)),
                        _ => None,
                    },
                    _ => None,
                };
                let combined = small.and_then(|(letters, kind)| combine(kana, letters, kind));
                if let Some(mora) = combined {
                    index += 1;
                    morae.push(mora);
                } else if let Some(mora) = single_kana(kana) {
                    morae.push(mora);
                }
                last_kana = Some(kana);
            }
            Token::Repeat { voiced: voice } => {
                if let Some(kana) = last_kana {
                    let repeated = if voice { voiced(kana) } else { kana };
                    if let Some(mora) = single_kana(repeated) {
                        morae.push(mora);
                    }
                }
            }
            Token::LongMark => morae.push(Mora::LongMark),
            Token::Letters(letters) => morae.push(Mora::Letters(letters.to_string())),
            Token::Han(first) => {
                let mut run = String::new();
                run.push(first);
                while let Some(&Token::Han(next)) = tokens.get(index) {
                    run.push(next);
                    index += 1;
                }
                if let Some(reading) = super::han::romanize(&run).into_iter().next() {
                    morae.push(Mora::Letters(reading));
                }
                last_kana = None;
            }
        }
    }
    morae
}

/// One kana on its own (a small kana without a kana to combine with is read as its
/// full-size counterpart).
fn single_kana(kana: char) -> Option<Mora> {
    let (hepburn, kunrei, kind) = katakana_entry(kana)?;
    Some(match kind {
        Kind::Sokuon => Mora::Sokuon,
        Kind::MoraicN => Mora::MoraicN,
        Kind::Plain | Kind::SmallVowel | Kind::SmallY | Kind::SmallWa => Mora::Syllable {
            hepburn: Spelling::from_letters(hepburn),
            kunrei: Spelling::from_letters(kunrei),
            bare_vowel: hepburn.len() == 1,
        },
    })
}

/// A kana followed by a small kana: palatal combinations (キャ kya, シュ shu, チェ che),
/// foreign sounds (ファ fa, ティ ti, トゥ tu, ウィ wi, ヴァ va, クァ kwa, ツァ tsa).
/// `None` when the first kana does not take a small kana (then both are read alone).
fn combine(base: char, small_letters: &'static str, kind: Kind) -> Option<Mora> {
    let (base_hepburn, base_kunrei, base_kind) = katakana_entry(base)?;
    if base_kind != Kind::Plain {
        return None;
    }
    let base_hepburn = Spelling::from_letters(base_hepburn);
    let base_kunrei = Spelling::from_letters(base_kunrei);
    let small_vowel = small_letters.bytes().last().unwrap_or(b'a');
    let base_vowel = base_hepburn.last();

    let mut hepburn = base_hepburn.consonant();
    let mut kunrei = base_kunrei.consonant();
    match kind {
        Kind::SmallY | Kind::SmallVowel if base_vowel == b'i' && base != KATAKANA_I => {
            if kind == Kind::SmallVowel && small_vowel == b'i' {
                // シィ, キィ: just the i-kana.
                return single_kana(base);
            }
            // シャ sha, チョ cho, ジュ ju, but キャ kya, ニェ nye; Kunrei always adds y.
            if !(base_hepburn.ends_with("shi")
                || base_hepburn.ends_with("chi")
                || base_hepburn.ends_with("ji"))
            {
                hepburn.push(b'y');
            }
            kunrei.push(b'y');
            if kind == Kind::SmallVowel {
                // Foreign combinations have no Kunrei spelling; use Hepburn's.
                kunrei = hepburn;
            }
        }
        Kind::SmallY => {
            // フュ fyu, テュ tyu, デュ dyu, ヴュ vyu.
            hepburn.push(b'y');
            kunrei = hepburn;
        }
        Kind::SmallVowel => {
            if base == KATAKANA_I {
                // イェ ye.
                hepburn = Spelling::from_letters("y");
            } else if base == KATAKANA_U {
                // ウィ wi, ウェ we, ウォ wo.
                hepburn = Spelling::from_letters("w");
            } else if base == KATAKANA_KU || base == KATAKANA_GU {
                // クァ kwa, グォ gwo.
                hepburn.push(b'w');
            }
            // Otherwise the consonant of the base with the small vowel: ファ fa, ツァ tsa,
            // ティ ti, ディ di, トゥ tu, ドゥ du, ヴァ va, シェ she.
            kunrei = hepburn;
        }
        Kind::SmallWa => {
            if base == KATAKANA_KU || base == KATAKANA_GU {
                hepburn.push(b'w');
                kunrei = hepburn;
            } else {
                return None;
            }
        }
        Kind::Plain | Kind::Sokuon | Kind::MoraicN => return None,
    }
    if kind == Kind::SmallWa {
        hepburn.push(b'a');
        kunrei.push(b'a');
    } else {
        hepburn.push(small_vowel);
        kunrei.push(small_vowel);
    }
    Some(Mora::Syllable {
        hepburn,
        kunrei,
        bare_vowel: false,
    })
}

/// Whether a lone vowel after `before` lengthens it rather than starting a new syllable:
/// aa, uu, ee, oo and ou (ei and ii are written out in Hepburn).
fn lengthens(before: u8, vowel: u8) -> bool {
    matches!(
        (before, vowel),
        (b'a', b'a') | (b'u', b'u') | (b'e', b'e') | (b'o', b'o') | (b'o', b'u')
    )
}

fn spell(morae: &[Mora], style: Style) -> String {
    let mut out = String::with_capacity(morae.len() * 3);
    // The vowel a lone vowel or ー may lengthen (0 after ン, ッ or kanji), and whether it
    // has been lengthened already (おおお is ō + o).
    let mut vowel_before: u8 = 0;
    let mut already_long = false;
    let mut doubling = false;
    for (index, mora) in morae.iter().enumerate() {
        match mora {
            Mora::Syllable {
                hepburn,
                kunrei,
                bare_vowel,
            } => {
                let vowel = hepburn.last();
                // う before another vowel starts a new syllable (いのうえ Inoue).
                let next_is_vowel = matches!(
                    morae.get(index + 1),
                    Some(Mora::Syllable {
                        bare_vowel: true,
                        ..
                    })
                );
                let long = *bare_vowel
                    && !already_long
                    && lengthens(vowel_before, vowel)
                    && !(vowel == b'u' && next_is_vowel);
                if long {
                    lengthen(&mut out, vowel_before, vowel, style.long_vowels);
                    already_long = true;
                    doubling = false;
                    continue;
                }
                let spelling = if style.kunrei { kunrei } else { hepburn };
                if doubling {
                    push_doubled_consonant(&mut out, spelling.as_str(), style.kunrei);
                    doubling = false;
                }
                // in a transcribed name, the vowel after a lone consonant is Japanese's
                // own where a consonant or the end of the word follows
                let consonant_follows = || match morae.get(index + 1) {
                    None => true,
                    Some(Mora::Syllable { bare_vowel, .. }) => !bare_vowel,
                    Some(Mora::Letters(_)) => true,
                    Some(Mora::MoraicN | Mora::Sokuon | Mora::LongMark) => false,
                };
                let lone = style.transcribed.then(|| lone_consonant(spelling.as_str()));
                match lone.flatten() {
                    Some(consonant) if consonant_follows() => {
                        out.push_str(consonant);
                    }
                    _ => out.push_str(spelling.as_str()),
                }
                vowel_before = vowel;
                already_long = false;
            }
            Mora::LongMark => {
                if vowel_before != 0 && !already_long {
                    lengthen(&mut out, vowel_before, vowel_before, style.long_vowels);
                    already_long = true;
                }
                doubling = false;
            }
            Mora::MoraicN => {
                let labial_follows = morae
                    .get(index + 1)
                    .is_some_and(|next| matches!(first_letter(next), b'b' | b'm' | b'p'));
                out.push(if style.labial_m && labial_follows {
                    'm'
                } else {
                    'n'
                });
                vowel_before = 0;
                doubling = false;
            }
            Mora::Sokuon => {
                vowel_before = 0;
                doubling = true;
            }
            Mora::Letters(letters) => {
                if doubling {
                    push_doubled_consonant(&mut out, letters, style.kunrei);
                    doubling = false;
                }
                out.push_str(letters);
                vowel_before = 0;
            }
        }
    }
    // Keep only a..=z whatever the tables or the han module gave.
    out.retain(|letter| letter.is_ascii_lowercase());
    out
}

fn first_letter(mora: &Mora) -> u8 {
    match mora {
        Mora::Syllable { hepburn, .. } => hepburn.first(),
        Mora::Letters(letters) => letters.bytes().next().unwrap_or(0),
        Mora::MoraicN | Mora::Sokuon | Mora::LongMark => 0,
    }
}

/// Writes the lengthening of `vowel_before` by `vowel` (the same vowel for ー).
fn lengthen(out: &mut String, vowel_before: u8, vowel: u8, long_vowels: LongVowels) {
    match long_vowels {
        LongVowels::Once => {}
        LongVowels::AsWritten => out.push(char::from(vowel)),
        LongVowels::Oh if vowel_before == b'o' => out.push('h'),
        LongVowels::Oh => {}
    }
}

/// ッ before a syllable: its consonant doubled (kitte), `t` before Hepburn's ch (matcha).
fn push_doubled_consonant(out: &mut String, next: &str, kunrei: bool) {
    let Some(first) = next.bytes().next() else {
        return;
    };
    if is_vowel(first) || !first.is_ascii_lowercase() {
        return;
    }
    if !kunrei && next.starts_with("ch") {
        out.push('t');
    } else {
        out.push(char::from(first));
    }
}

#[cfg(test)]
mod tests {
    use super::romanize;

    fn has(word: &str, wanted: &str) -> bool {
        romanize(word).iter().any(|variant| variant == wanted)
    }

    #[test]
    fn hepburn_is_primary() {
        assert_eq!(romanize("すずき")[0], "suzuki");
        assert_eq!(romanize("シモソネ")[0], "shimosone");
        assert_eq!(romanize("フナガクレ")[0], "funagakure");
        assert_eq!(romanize("ふじの")[0], "fujino");
        assert_eq!(romanize("ちゅうじょう")[0], "chujo");
        assert_eq!(romanize("ヘチョル")[0], "hechoru");
        assert_eq!(romanize("つづき")[0], "tsuzuki");
    }

    #[test]
    fn long_vowels_once_then_as_written() {
        let tokyo = romanize("とうきょう");
        assert_eq!(tokyo[0], "tokyo");
        assert!(tokyo.contains(&"toukyou".to_string()));
        assert!(tokyo.contains(&"tohkyoh".to_string()));
        assert_eq!(romanize("トーヤマ")[0], "toyama");
        assert!(has("トーヤマ", "tooyama"));
        assert!(has("ホールト", "hohruto"));
        assert_eq!(romanize("おおの")[0], "ono");
        assert!(has("おおの", "ohno"));
        assert_eq!(romanize("いのうえ")[0], "inoue");
        assert_eq!(romanize("パヴロフスキイ")[0], "pavurofusukii");
    }

    #[test]
    fn moraic_n_may_be_m_before_labials() {
        let shinbun = romanize("しんぶん");
        assert_eq!(shinbun[0], "shinbun");
        assert!(shinbun.contains(&"shimbun".to_string()));
        assert_eq!(romanize("ジャナンヌ")[0], "janannu");
    }

    #[test]
    fn sokuon_doubles_the_next_consonant() {
        assert_eq!(romanize("きって")[0], "kitte");
        assert_eq!(romanize("マッチ")[0], "matchi");
        assert!(has("マッチ", "matti"));
        assert_eq!(romanize("チェスナット")[0], "chesunatto");
        assert_eq!(romanize("あっ")[0], "a");
    }

    #[test]
    fn kunrei_is_a_variant() {
        assert!(has("しんじゅく", "sinzyuku"));
        assert!(has("ふじ", "huzi"));
        assert!(has("ちず", "tizu"));
        assert!(has("しゃしん", "syasin"));
    }

    #[test]
    fn foreign_sound_combinations() {
        assert_eq!(romanize("ウィルミントン")[0], "wiruminton");
        assert_eq!(romanize("シュヴァンツ")[0], "shuvantsu");
        assert_eq!(romanize("ティ")[0], "ti");
        assert_eq!(romanize("ディズニー")[0], "dizuni");
        assert_eq!(romanize("ファ")[0], "fa");
        assert_eq!(romanize("フィ")[0], "fi");
        assert_eq!(romanize("フォード")[0], "fodo");
        assert_eq!(romanize("ウェ")[0], "we");
        assert_eq!(romanize("ウォ")[0], "wo");
        assert_eq!(romanize("シェ")[0], "she");
        assert_eq!(romanize("ジェ")[0], "je");
        assert_eq!(romanize("チェ")[0], "che");
        assert_eq!(romanize("ツァ")[0], "tsa");
        assert_eq!(romanize("トゥ")[0], "tu");
        assert_eq!(romanize("ドゥ")[0], "du");
        assert_eq!(romanize("デュ")[0], "dyu");
        assert_eq!(romanize("クァ")[0], "kwa");
        assert_eq!(romanize("グァ")[0], "gwa");
        assert_eq!(romanize("ヴ")[0], "vu");
        assert_eq!(romanize("イェ")[0], "ye");
        assert_eq!(romanize("キャ")[0], "kya");
    }

    #[test]
    fn a_foreign_name_is_also_read_without_the_vowels_japanese_adds() {
        // ホールト Holt, ノイバート Neubert, ゴールドスミス Goldsmith
        assert!(has("ホールト", "hort"));
        assert!(has("ノイバート", "noibat"));
        assert!(has("ゴールドスミス", "gordsmis"));
        // a vowel kana or ー after the syllable is its own vowel: ルー is ru
        assert!(has("ルーカス", "rukas"));
        // a Japanese name keeps its Kunrei-shiki spelling and has no such reading
        assert!(has("ツトム", "tutomu"));
        assert!(!romanize("ツトム")
            .iter()
            .any(|r| r == "tsutm" || r == "tstm"));
    }

    #[test]
    fn half_width_and_separators_are_normalised() {
        assert_eq!(romanize("ﾄｳｷｮｳ")[0], "tokyo");
        assert_eq!(romanize("ｶﾞｯﾂ")[0], "gattsu");
        assert_eq!(romanize("ﾊﾟﾝ")[0], "pan");
        assert_eq!(romanize("ジョン・スミス")[0], "jonsumisu");
        assert_eq!(romanize("ジョン＝スミス")[0], "jonsumisu");
        assert_eq!(romanize("か\u{3099}")[0], "ga");
        assert_eq!(romanize("いすゞ")[0], "isuzu");
    }

    #[test]
    fn kanji_inside_kana_are_read_by_the_han_module() {
        assert_eq!(romanize("北京ダック")[0], "beijingdakku");
        assert_eq!(romanize("ほっ北")[0], "hobbei");
        assert_eq!(romanize("佐々木")[0], "zuozuomu");
    }

    #[test]
    fn odd_input_does_not_panic_and_output_is_clean() {
        let odd = [
            "",
            "ー",
            "ッ",
            "ン",
            "ァ",
            "ャュョ",
            "ゝ",
            "ゞゞ",
            "ーーー",
            "ッッッ",
            "ンン",
            "abc",
            "ﾞ",
            "ﾟ",
            "ゟ",
            "ヿ",
            "ㇰㇱㇷ",
            "々",
            "ヵヶ",
            "ヷヸヹヺ",
            "ウゥ",
            "クヮ",
            "ヮ",
            "ア\u{0}イ",
            "゛",
            "ヽヾ",
        ];
        for word in odd {
            let variants = romanize(word);
            assert!(variants.len() <= 4, "{word}: {variants:?}");
            for (index, variant) in variants.iter().enumerate() {
                assert!(!variant.is_empty(), "{word}: {variants:?}");
                assert!(variant.bytes().all(|b| b.is_ascii_lowercase()), "{variant}");
                assert!(!variants[..index].contains(variant), "{word}: {variants:?}");
            }
        }
        for code in 0x3040..0x3100 {
            if let Some(kana) = char::from_u32(code) {
                for word in [kana.to_string(), format!("ア{kana}"), format!("{kana}ャ")] {
                    assert!(romanize(&word).len() <= 4);
                }
            }
        }
        assert!(romanize("ー").is_empty());
        assert!(romanize("ッ").is_empty());
    }
}
