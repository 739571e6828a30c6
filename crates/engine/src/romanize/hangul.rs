//! Romanisation of Korean hangul: Revised Romanization (with and without its sound
//! changes between syllables), McCune–Reischauer without diacritics, and the spellings
//! people commonly give their names (or, for loanwords, the foreign spelling).

/// The most romanisations returned, as in the dispatcher.
const MAX_OUTPUTS: usize = 4;

/// First precomposed syllable 가 and the number of them (19 initials × 21 vowels × 28 finals).
const FIRST_SYLLABLE: u32 = 0xAC00;
const SYLLABLE_COUNT: u32 = 11_172;
const VOWEL_COUNT: u32 = 21;
const FINAL_COUNT: u32 = 28;

/// Index of the silent initial ㅇ among the 19 initials.
const SILENT_INITIAL: u8 = 11;

/// Vowel indices the sound-change rules look at.
const VOWEL_EU: u8 = 18;
const VOWEL_I: u8 = 20;
const VOWEL_WI: u8 = 16;

/// Initial indices the sound-change rules look at.
const INITIAL_G: u8 = 0;
const INITIAL_N: u8 = 2;
const INITIAL_D: u8 = 3;
const INITIAL_R: u8 = 5;
const INITIAL_M: u8 = 6;
const INITIAL_S: u8 = 9;
const INITIAL_J: u8 = 12;
const INITIAL_H: u8 = 18;

/// Final indices (0 is no final) the sound-change rules look at.
const FINAL_NH: u8 = 6;
const FINAL_LH: u8 = 15;
const FINAL_H: u8 = 27;

/// One syllable as written: initial (0..19, [`SILENT_INITIAL`] when there is none), vowel
/// (0..21; `None` for a lone consonant letter) and final (0 = none, 1..28).
#[derive(Clone, Copy)]
struct Syllable {
    initial: u8,
    vowel: Option<u8>,
    final_consonant: u8,
}

/// A consonant as heard at the start of a syllable.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Onset {
    Silent,
    G,
    Kk,
    K,
    N,
    D,
    Tt,
    T,
    /// ㄹ: `r`, or `l` after a final ㄹ.
    R,
    M,
    B,
    Pp,
    P,
    S,
    Ss,
    J,
    Jj,
    Ch,
    H,
}

/// A consonant as heard at the end of a syllable (Korean has seven).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Coda {
    None,
    K,
    N,
    T,
    L,
    M,
    P,
    Ng,
}

/// One syllable ready to be spelt.
#[derive(Clone, Copy)]
struct Spoken {
    onset: Onset,
    vowel: Option<u8>,
    coda: Coda,
}

/// The onset each of the 19 initials gives.
const ONSET_OF_INITIAL: [Onset; 19] = [
    Onset::G,
    Onset::Kk,
    Onset::N,
    Onset::D,
    Onset::Tt,
    Onset::R,
    Onset::M,
    Onset::B,
    Onset::Pp,
    Onset::S,
    Onset::Ss,
    Onset::Silent,
    Onset::J,
    Onset::Jj,
    Onset::Ch,
    Onset::K,
    Onset::T,
    Onset::P,
    Onset::H,
];

/// For each final: the coda it is heard as before a consonant or at the end of the word,
/// and, before a vowel, the coda that stays and the onset that moves to the next syllable
/// (넋이 neoksi, 읽어 ilgeo, 많아 mana).
const FINAL_SOUNDS: [(Coda, Coda, Onset); 28] = [
    (Coda::None, Coda::None, Onset::Silent),
    (Coda::K, Coda::None, Onset::G),      // ㄱ
    (Coda::K, Coda::None, Onset::Kk),     // ㄲ
    (Coda::K, Coda::K, Onset::S),         // ㄳ
    (Coda::N, Coda::None, Onset::N),      // ㄴ
    (Coda::N, Coda::N, Onset::J),         // ㄵ
    (Coda::N, Coda::None, Onset::N),      // ㄶ
    (Coda::T, Coda::None, Onset::D),      // ㄷ
    (Coda::L, Coda::None, Onset::R),      // ㄹ
    (Coda::K, Coda::L, Onset::G),         // ㄺ
    (Coda::M, Coda::L, Onset::M),         // ㄻ
    (Coda::L, Coda::L, Onset::B),         // ㄼ
    (Coda::L, Coda::L, Onset::S),         // ㄽ
    (Coda::L, Coda::L, Onset::T),         // ㄾ
    (Coda::P, Coda::L, Onset::P),         // ㄿ
    (Coda::L, Coda::None, Onset::R),      // ㅀ
    (Coda::M, Coda::None, Onset::M),      // ㅁ
    (Coda::P, Coda::None, Onset::B),      // ㅂ
    (Coda::P, Coda::P, Onset::S),         // ㅄ
    (Coda::T, Coda::None, Onset::S),      // ㅅ
    (Coda::T, Coda::None, Onset::Ss),     // ㅆ
    (Coda::Ng, Coda::Ng, Onset::Silent),  // ㅇ
    (Coda::T, Coda::None, Onset::J),      // ㅈ
    (Coda::T, Coda::None, Onset::Ch),     // ㅊ
    (Coda::K, Coda::None, Onset::K),      // ㅋ
    (Coda::T, Coda::None, Onset::T),      // ㅌ
    (Coda::P, Coda::None, Onset::P),      // ㅍ
    (Coda::T, Coda::None, Onset::Silent), // ㅎ
];

/// Compatibility jamo ㄱ..ㅎ (U+3131..U+314E): the initial and the final each letter can be.
const COMPATIBILITY_CONSONANTS: [(Option<u8>, u8); 30] = [
    (Some(0), 1),   // ㄱ
    (Some(1), 2),   // ㄲ
    (None, 3),      // ㄳ
    (Some(2), 4),   // ㄴ
    (None, 5),      // ㄵ
    (None, 6),      // ㄶ
    (Some(3), 7),   // ㄷ
    (Some(4), 0),   // ㄸ
    (Some(5), 8),   // ㄹ
    (None, 9),      // ㄺ
    (None, 10),     // ㄻ
    (None, 11),     // ㄼ
    (None, 12),     // ㄽ
    (None, 13),     // ㄾ
    (None, 14),     // ㄿ
    (None, 15),     // ㅀ
    (Some(6), 16),  // ㅁ
    (Some(7), 17),  // ㅂ
    (Some(8), 0),   // ㅃ
    (None, 18),     // ㅄ
    (Some(9), 19),  // ㅅ
    (Some(10), 20), // ㅆ
    (Some(11), 21), // ㅇ
    (Some(12), 22), // ㅈ
    (Some(13), 0),  // ㅉ
    (Some(14), 23), // ㅊ
    (Some(15), 24), // ㅋ
    (Some(16), 25), // ㅌ
    (Some(17), 26), // ㅍ
    (Some(18), 27), // ㅎ
];

/// Vowels in Revised Romanization.
const RR_VOWELS: [&str; 21] = [
    "a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we",
    "wi", "yu", "eu", "ui", "i",
];

/// Vowels in McCune–Reischauer with the breves dropped (ŏ → o, ŭ → u).
const MR_VOWELS: [&str; 21] = [
    "a", "ae", "ya", "yae", "o", "e", "yo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we",
    "wi", "yu", "u", "ui", "i",
];

pub(crate) fn romanize(word: &str) -> Vec<String> {
    let syllables = parse(word);
    if syllables.is_empty() {
        return Vec::new();
    }
    let assimilated = with_sound_changes(&syllables);
    let letter_by_letter = without_sound_changes(&syllables);

    let mut variants: Vec<String> = Vec::with_capacity(MAX_OUTPUTS + 2);
    push_distinct(&mut variants, spell_revised(&assimilated));
    if looks_like_loanword(&syllables) {
        // A foreign name: its own spelling drops the ㅡ that Korean adds to consonant
        // clusters (스가노 Sugano, 버치바로프 Bachvarov); Korean name conventions do not apply.
        push_distinct(&mut variants, spell_loanword(&letter_by_letter));
        push_distinct(&mut variants, spell_revised(&letter_by_letter));
        push_distinct(&mut variants, spell_mccune_reischauer(&assimilated));
    } else {
        // Personal names are usually written without the sound changes (Hak-Nyeon), in
        // the common name spellings (Young, Jung, Moo), or in McCune–Reischauer.
        push_distinct(&mut variants, spell_revised(&letter_by_letter));
        let common = common_spellings(word, &letter_by_letter);
        let mut common = common.into_iter();
        if let Some(first) = common.next() {
            push_distinct(&mut variants, first);
        }
        push_distinct(&mut variants, spell_mccune_reischauer(&assimilated));
        for further in common {
            push_distinct(&mut variants, further);
        }
    }
    variants.truncate(MAX_OUTPUTS);
    variants
}

fn push_distinct(variants: &mut Vec<String>, candidate: String) {
    if !candidate.is_empty() && !variants.contains(&candidate) {
        variants.push(candidate);
    }
}

/// Splits the word into syllables. Precomposed syllables are split arithmetically; loose
/// jamo (compatibility or conjoining) are put together into syllables as far as they go
/// (ㄱㅣㅁ reads as 김); anything else is skipped.
fn parse(word: &str) -> Vec<Syllable> {
    let pieces: Vec<Piece> = word.chars().filter_map(piece_of).collect();
    let mut syllables: Vec<Syllable> = Vec::with_capacity(pieces.len());
    for (index, piece) in pieces.iter().enumerate() {
        match *piece {
            Piece::Whole(syllable) => syllables.push(syllable),
            Piece::Vowel(vowel) => match syllables.last_mut() {
                Some(last) if last.vowel.is_none() && last.final_consonant == 0 => {
                    last.vowel = Some(vowel);
                }
                _ => syllables.push(Syllable {
                    initial: SILENT_INITIAL,
                    vowel: Some(vowel),
                    final_consonant: 0,
                }),
            },
            Piece::Consonant {
                initial,
                final_consonant,
            } => {
                let vowel_follows = matches!(pieces.get(index + 1), Some(Piece::Vowel(_)));
                let closes_previous = final_consonant != 0
                    && syllables
                        .last()
                        .is_some_and(|last| last.vowel.is_some() && last.final_consonant == 0);
                match initial {
                    Some(initial) if vowel_follows || !closes_previous => {
                        syllables.push(Syllable {
                            initial,
                            vowel: None,
                            final_consonant: 0,
                        });
                    }
                    _ if closes_previous => {
                        if let Some(last) = syllables.last_mut() {
                            last.final_consonant = final_consonant;
                        }
                    }
                    _ => syllables.push(Syllable {
                        initial: SILENT_INITIAL,
                        vowel: None,
                        final_consonant,
                    }),
                }
            }
        }
    }
    syllables
}

/// One readable character: a whole syllable, or a loose letter.
enum Piece {
    Whole(Syllable),
    Vowel(u8),
    /// A loose consonant: the initial it can be, and the final it can be (0 if none).
    Consonant {
        initial: Option<u8>,
        final_consonant: u8,
    },
}

fn piece_of(character: char) -> Option<Piece> {
    let code = u32::from(character);
    if (FIRST_SYLLABLE..FIRST_SYLLABLE + SYLLABLE_COUNT).contains(&code) {
        let offset = code - FIRST_SYLLABLE;
        return Some(Piece::Whole(Syllable {
            initial: small(offset / (VOWEL_COUNT * FINAL_COUNT)),
            vowel: Some(small(offset / FINAL_COUNT % VOWEL_COUNT)),
            final_consonant: small(offset % FINAL_COUNT),
        }));
    }
    if let Some(vowel) = loose_vowel(code) {
        return Some(Piece::Vowel(vowel));
    }
    loose_consonant(code).map(|(initial, final_consonant)| Piece::Consonant {
        initial,
        final_consonant,
    })
}

/// A value known to be below 256 (an index into a small table).
fn small(value: u32) -> u8 {
    u8::try_from(value).unwrap_or(0)
}

/// The vowel index of a loose vowel letter (compatibility or conjoining jamo).
fn loose_vowel(code: u32) -> Option<u8> {
    match code {
        0x314F..=0x3163 => Some(small(code - 0x314F)),
        0x1161..=0x1175 => Some(small(code - 0x1161)),
        _ => None,
    }
}

/// The initial (if it can be one) and final (0 if it cannot be one) of a loose consonant
/// letter (compatibility or conjoining jamo).
fn loose_consonant(code: u32) -> Option<(Option<u8>, u8)> {
    match code {
        0x3131..=0x314E => {
            let index = usize::try_from(code - 0x3131).ok()?;
            COMPATIBILITY_CONSONANTS.get(index).copied()
        }
        0x1100..=0x1112 => Some((Some(small(code - 0x1100)), 0)),
        0x11A8..=0x11C2 => Some((None, small(code - 0x11A7))),
        _ => None,
    }
}

fn onset_of_initial(initial: u8) -> Onset {
    ONSET_OF_INITIAL
        .get(usize::from(initial))
        .copied()
        .unwrap_or(Onset::Silent)
}

fn final_sounds(final_consonant: u8) -> (Coda, Coda, Onset) {
    FINAL_SOUNDS
        .get(usize::from(final_consonant))
        .copied()
        .unwrap_or((Coda::None, Coda::None, Onset::Silent))
}

/// The syllables as pronounced, with the sound changes Revised Romanization writes:
/// a final moves to a following vowel (한국어 hangugeo), ㄷ/ㅌ before 이 become ㅈ/ㅊ
/// (같이 gachi), obstruents become nasals before nasals (학년 hangnyeon, 국민 gungmin),
/// ㄹ after a nasal is n (종로 jongno), ㄴ and ㄹ together are ll (신라 silla), and ㅎ
/// aspirates a following ㄱ/ㄷ/ㅈ (좋고 joko). Tensing and ㅎ after ㄱ/ㄷ/ㅂ in nouns
/// are not written (묵호 mukho).
fn with_sound_changes(syllables: &[Syllable]) -> Vec<Spoken> {
    let mut spoken: Vec<Spoken> = syllables
        .iter()
        .map(|syllable| Spoken {
            onset: onset_of_initial(syllable.initial),
            vowel: syllable.vowel,
            coda: final_sounds(syllable.final_consonant).0,
        })
        .collect();
    for index in 0..syllables.len().saturating_sub(1) {
        let (Some(this), Some(next)) = (syllables.get(index), syllables.get(index + 1)) else {
            continue;
        };
        let final_consonant = this.final_consonant;
        if final_consonant == 0 || this.vowel.is_none() || next.vowel.is_none() {
            continue;
        }
        let (neutral, staying, moving) = final_sounds(final_consonant);
        let (coda, onset) = if next.initial == SILENT_INITIAL {
            let onset = match (moving, next.vowel) {
                (Onset::D, Some(VOWEL_I)) => Onset::J,
                (Onset::T, Some(VOWEL_I)) => Onset::Ch,
                (other, _) => other,
            };
            (staying, onset)
        } else if matches!(final_consonant, FINAL_H | FINAL_NH | FINAL_LH) {
            let before = match final_consonant {
                FINAL_NH => Coda::N,
                FINAL_LH => Coda::L,
                _ => Coda::None,
            };
            match next.initial {
                INITIAL_G => (before, Onset::K),
                INITIAL_D => (before, Onset::T),
                INITIAL_J => (before, Onset::Ch),
                INITIAL_S => (before, Onset::S),
                INITIAL_N if before == Coda::L => (Coda::L, Onset::R),
                INITIAL_N => (Coda::N, Onset::N),
                INITIAL_H => (before, Onset::H),
                other if before == Coda::None => (Coda::T, onset_of_initial(other)),
                other => (before, onset_of_initial(other)),
            }
        } else {
            let onset = onset_of_initial(next.initial);
            match (neutral, next.initial) {
                (Coda::K | Coda::T | Coda::P, INITIAL_N | INITIAL_M) => (nasal(neutral), onset),
                (Coda::K | Coda::T | Coda::P, INITIAL_R) => (nasal(neutral), Onset::N),
                (Coda::M | Coda::Ng, INITIAL_R) => (neutral, Onset::N),
                (Coda::N, INITIAL_R) => (Coda::L, Onset::R),
                (Coda::L, INITIAL_N) => (Coda::L, Onset::R),
                _ => (neutral, onset),
            }
        };
        if let Some(this_spoken) = spoken.get_mut(index) {
            this_spoken.coda = coda;
        }
        if let Some(next_spoken) = spoken.get_mut(index + 1) {
            next_spoken.onset = onset;
        }
    }
    spoken
}

/// The nasal an obstruent coda becomes before a nasal.
fn nasal(coda: Coda) -> Coda {
    match coda {
        Coda::K => Coda::Ng,
        Coda::T => Coda::N,
        Coda::P => Coda::M,
        other => other,
    }
}

/// The syllables letter by letter, each final as it sounds at the end of a word: the way
/// Revised Romanization writes given names (한복남 Han Boknam).
fn without_sound_changes(syllables: &[Syllable]) -> Vec<Spoken> {
    syllables
        .iter()
        .map(|syllable| Spoken {
            onset: onset_of_initial(syllable.initial),
            vowel: syllable.vowel,
            coda: final_sounds(syllable.final_consonant).0,
        })
        .collect()
}

fn coda_letters(coda: Coda) -> &'static str {
    match coda {
        Coda::None => "",
        Coda::K => "k",
        Coda::N => "n",
        Coda::T => "t",
        Coda::L => "l",
        Coda::M => "m",
        Coda::P => "p",
        Coda::Ng => "ng",
    }
}

fn vowel_letters(table: &[&'static str; 21], vowel: Option<u8>) -> &'static str {
    vowel
        .and_then(|vowel| table.get(usize::from(vowel)).copied())
        .unwrap_or("")
}

/// Whether the syllable before `index` ends in ㄹ, which makes a following ㄹ an `l`.
fn after_l(spoken: &[Spoken], index: usize) -> bool {
    index > 0
        && spoken
            .get(index - 1)
            .is_some_and(|before| before.coda == Coda::L)
}

fn spell_revised(spoken: &[Spoken]) -> String {
    let mut out = String::with_capacity(spoken.len() * 5);
    for (index, syllable) in spoken.iter().enumerate() {
        out.push_str(match syllable.onset {
            Onset::Silent => "",
            Onset::G => "g",
            Onset::Kk => "kk",
            Onset::K => "k",
            Onset::N => "n",
            Onset::D => "d",
            Onset::Tt => "tt",
            Onset::T => "t",
            Onset::R if after_l(spoken, index) => "l",
            Onset::R => "r",
            Onset::M => "m",
            Onset::B => "b",
            Onset::Pp => "pp",
            Onset::P => "p",
            Onset::S => "s",
            Onset::Ss => "ss",
            Onset::J => "j",
            Onset::Jj => "jj",
            Onset::Ch => "ch",
            Onset::H => "h",
        });
        out.push_str(vowel_letters(&RR_VOWELS, syllable.vowel));
        out.push_str(coda_letters(syllable.coda));
    }
    out
}

/// McCune–Reischauer: plain stops are voiceless at the start of the word and after a
/// voiceless coda, voiced elsewhere (Kyŏngsuk, Pusan, Taegu); ㅅ before ㅣ is `sh`.
fn spell_mccune_reischauer(spoken: &[Spoken]) -> String {
    let mut out = String::with_capacity(spoken.len() * 5);
    for (index, syllable) in spoken.iter().enumerate() {
        let voiced = index > 0
            && spoken.get(index - 1).is_some_and(|before| {
                matches!(
                    before.coda,
                    Coda::None | Coda::N | Coda::L | Coda::M | Coda::Ng
                )
            });
        let palatal = matches!(syllable.vowel, Some(VOWEL_I | VOWEL_WI));
        out.push_str(match syllable.onset {
            Onset::Silent => "",
            Onset::G if voiced => "g",
            Onset::G | Onset::K => "k",
            Onset::Kk => "kk",
            Onset::N => "n",
            Onset::D if voiced => "d",
            Onset::D | Onset::T => "t",
            Onset::Tt => "tt",
            Onset::R if after_l(spoken, index) => "l",
            Onset::R => "r",
            Onset::M => "m",
            Onset::B if voiced => "b",
            Onset::B | Onset::P => "p",
            Onset::Pp => "pp",
            Onset::S if palatal => "sh",
            Onset::S => "s",
            Onset::Ss => "ss",
            Onset::J if voiced => "j",
            Onset::J | Onset::Ch => "ch",
            Onset::Jj => "tch",
            Onset::H => "h",
        });
        out.push_str(vowel_letters(&MR_VOWELS, syllable.vowel));
        out.push_str(coda_letters(syllable.coda));
    }
    out
}

/// Name spellings as people choose them, syllable by syllable: ㅓ as `u` in a closed
/// syllable (Jung, Sung, Hyun, Young), ㅜ as `oo` (Moo, Soon, Woo), a first ㄱ as `k`
/// (Kyung), ㅅ before ㅣ as `sh` (Shin), 희 as `hee`. One-syllable words that are common
/// surnames get their usual spellings instead (이 Lee, 박 Park).
fn common_spellings(word: &str, spoken: &[Spoken]) -> Vec<String> {
    let mut characters = word.chars();
    if let (Some(only), None) = (characters.next(), characters.next()) {
        if let Some(spellings) = surname_spellings(only) {
            return spellings
                .iter()
                .map(|spelling| (*spelling).to_string())
                .collect();
        }
    }
    let mut out = String::with_capacity(spoken.len() * 5);
    for (index, syllable) in spoken.iter().enumerate() {
        let palatal = matches!(syllable.vowel, Some(VOWEL_I | VOWEL_WI));
        out.push_str(match syllable.onset {
            Onset::Silent => "",
            Onset::G if index == 0 => "k",
            Onset::G => "g",
            Onset::Kk => "kk",
            Onset::K => "k",
            Onset::N => "n",
            Onset::D => "d",
            Onset::Tt => "tt",
            Onset::T => "t",
            Onset::R if after_l(spoken, index) => "l",
            Onset::R => "r",
            Onset::M => "m",
            Onset::B => "b",
            Onset::Pp => "pp",
            Onset::P => "p",
            Onset::S if palatal => "sh",
            Onset::S => "s",
            Onset::Ss => "ss",
            Onset::J => "j",
            Onset::Jj => "jj",
            Onset::Ch => "ch",
            Onset::H => "h",
        });
        let silent = syllable.onset == Onset::Silent;
        let closed = syllable.coda != Coda::None;
        out.push_str(match syllable.vowel {
            Some(4) if closed => "u",
            Some(6) if closed && silent => "you",
            Some(6) if closed => "yu",
            Some(13) if silent => "woo",
            Some(13) => "oo",
            Some(17) if silent => "yoo",
            Some(19) if silent => "eui",
            Some(19) => "ee",
            other => vowel_letters(&RR_VOWELS, other),
        });
        out.push_str(coda_letters(syllable.coda));
    }
    vec![out]
}

/// Usual spellings of one-syllable surnames, most usual first.
fn surname_spellings(syllable: char) -> Option<&'static [&'static str]> {
    Some(match syllable {
        '이' => &["lee", "yi", "rhee"],
        '리' => &["lee", "ri"],
        '김' => &["kim"],
        '박' => &["park", "pak"],
        '최' => &["choi", "choe"],
        '정' => &["jung", "chung"],
        '강' => &["kang"],
        '조' => &["cho", "jo"],
        '윤' => &["yoon", "yun"],
        '장' => &["jang", "chang"],
        '임' => &["lim", "im"],
        '림' => &["lim", "rim"],
        '한' => &["han"],
        '오' => &["oh"],
        '서' => &["seo", "suh"],
        '신' => &["shin"],
        '권' => &["kwon"],
        '황' => &["hwang"],
        '안' => &["ahn"],
        '송' => &["song"],
        '류' => &["ryu", "yoo"],
        '유' => &["yoo", "yu"],
        '전' => &["jeon", "chun"],
        '홍' => &["hong"],
        '고' => &["ko", "koh"],
        '문' => &["moon"],
        '양' => &["yang"],
        '손' => &["son", "sohn"],
        '배' => &["bae"],
        '백' => &["baek", "paik"],
        '허' => &["heo", "huh"],
        '노' => &["noh", "roh"],
        '남' => &["nam"],
        '심' => &["shim"],
        '주' => &["joo", "chu"],
        '우' => &["woo"],
        '구' => &["koo", "ku"],
        '진' => &["jin", "chin"],
        '나' => &["na", "ra"],
        '천' => &["chun"],
        '공' => &["kong"],
        '현' => &["hyun"],
        '변' => &["byun", "pyun"],
        '여' => &["yeo", "yuh"],
        '추' => &["choo", "chu"],
        '도' => &["do", "doh"],
        '석' => &["seok", "suk"],
        '선' => &["sun"],
        '설' => &["sul", "seol"],
        '길' => &["gil", "kil"],
        '연' => &["yeon", "youn"],
        '위' => &["wi", "wee"],
        '명' => &["myung"],
        '기' => &["ki", "gi"],
        '라' => &["ra", "la"],
        '금' => &["keum"],
        '육' => &["yook", "yuk"],
        '국' => &["kook", "kuk"],
        '어' => &["eo", "uh"],
        '편' => &["pyun"],
        '경' => &["kyung"],
        '부' => &["boo", "bu"],
        '엄' => &["um", "eom"],
        '지' => &["ji", "chi"],
        '곽' => &["kwak"],
        '성' => &["sung"],
        '승' => &["seung"],
        '로' => &["roh", "ro"],
        '형' => &["hyung"],
        _ => return None,
    })
}

/// Whether the word looks like a foreign name: it has an open syllable with ㅡ after a
/// consonant (스, 프, 트), which native and Sino-Korean syllables practically never have
/// but transcriptions use for every consonant without a vowel.
fn looks_like_loanword(syllables: &[Syllable]) -> bool {
    syllables.len() > 1
        && syllables.iter().any(|syllable| {
            syllable.vowel == Some(VOWEL_EU)
                && syllable.final_consonant == 0
                && syllable.initial != SILENT_INITIAL
        })
}

/// A foreign name as spelt in its own language, roughly: the ㅡ added after lone consonants
/// is dropped, 츠 is `ts`, ㅅ/ㅈ/ㅊ before y-vowels are sh/j/ch (슈 shu), ㅓ (a schwa) is
/// `e`, and ㄹㄹ is a single `l` (빌리 Billy).
fn spell_loanword(spoken: &[Spoken]) -> String {
    let mut out = String::with_capacity(spoken.len() * 4);
    for (index, syllable) in spoken.iter().enumerate() {
        let epenthetic = syllable.vowel == Some(VOWEL_EU)
            && syllable.coda == Coda::None
            && syllable.onset != Onset::Silent;
        let sibilant = matches!(syllable.onset, Onset::S | Onset::J | Onset::Ch);
        out.push_str(match syllable.onset {
            Onset::Silent => "",
            Onset::G => "g",
            Onset::Kk => "kk",
            Onset::K => "k",
            Onset::N => "n",
            Onset::D => "d",
            Onset::Tt => "tt",
            Onset::T => "t",
            Onset::R if after_l(spoken, index) => "",
            Onset::R => "r",
            Onset::M => "m",
            Onset::B => "b",
            Onset::Pp => "pp",
            Onset::P => "p",
            Onset::Ch if epenthetic => "ts",
            Onset::S if is_y_vowel(syllable.vowel) => "sh",
            Onset::S => "s",
            Onset::Ss => "ss",
            Onset::J => "j",
            Onset::Jj => "jj",
            Onset::Ch => "ch",
            Onset::H => "h",
        });
        out.push_str(match syllable.vowel {
            _ if epenthetic => "",
            Some(2) if sibilant => "a",
            Some(3) if sibilant => "ae",
            Some(6 | 7) if sibilant => "e",
            Some(12) if sibilant => "o",
            Some(17) if sibilant => "u",
            Some(4) => "e",
            Some(6) => "ye",
            Some(VOWEL_EU) => "e",
            other => vowel_letters(&RR_VOWELS, other),
        });
        out.push_str(coda_letters(syllable.coda));
    }
    out
}

/// ㅑ ㅒ ㅕ ㅖ ㅛ ㅠ.
fn is_y_vowel(vowel: Option<u8>) -> bool {
    matches!(vowel, Some(2 | 3 | 6 | 7 | 12 | 17))
}

#[cfg(test)]
mod tests {
    use super::romanize;

    fn has(word: &str, wanted: &str) -> bool {
        romanize(word).iter().any(|variant| variant == wanted)
    }

    #[test]
    fn revised_romanization_is_primary() {
        assert_eq!(romanize("김")[0], "gim");
        assert_eq!(romanize("박")[0], "bak");
        assert_eq!(romanize("서울")[0], "seoul");
        assert_eq!(romanize("부산")[0], "busan");
        assert_eq!(romanize("경숙")[0], "gyeongsuk");
        assert_eq!(romanize("효준")[0], "hyojun");
        assert_eq!(romanize("진태")[0], "jintae");
        assert_eq!(romanize("이와모토")[0], "iwamoto");
    }

    #[test]
    fn sound_changes_between_syllables() {
        assert_eq!(romanize("학년")[0], "hangnyeon");
        assert_eq!(romanize("한국어")[0], "hangugeo");
        assert_eq!(romanize("국민")[0], "gungmin");
        assert_eq!(romanize("종로")[0], "jongno");
        assert_eq!(romanize("신라")[0], "silla");
        assert_eq!(romanize("설날")[0], "seollal");
        assert_eq!(romanize("같이")[0], "gachi");
        assert_eq!(romanize("좋고")[0], "joko");
        assert_eq!(romanize("묵호")[0], "mukho");
        assert_eq!(romanize("백마")[0], "baengma");
        assert_eq!(romanize("읽어")[0], "ilgeo");
        assert_eq!(romanize("많아")[0], "mana");
    }

    #[test]
    fn names_without_sound_changes_are_a_variant() {
        assert!(has("학년", "haknyeon"));
        assert!(has("겐료", "genryo"));
    }

    #[test]
    fn mccune_reischauer_is_a_variant() {
        assert!(has("경숙", "kyongsuk"));
        assert!(has("부산", "pusan"));
        assert!(has("대구", "taegu"));
        assert!(has("신라", "shilla"));
        assert!(has("학년", "hangnyon"));
    }

    #[test]
    fn common_name_spellings_are_a_variant() {
        assert!(has("보무", "bomoo"));
        assert!(has("영창", "youngchang"));
        assert!(has("정훈", "junghoon"));
        assert!(has("현우", "hyunwoo"));
        assert!(has("겐료", "kenryo"));
        assert!(has("강희", "kanghee"));
        assert_eq!(romanize("이"), ["i", "lee", "yi", "rhee"]);
        assert!(has("박", "park"));
        assert!(has("최", "choi"));
    }

    #[test]
    fn loanwords_drop_the_added_vowel() {
        assert!(has("스가노", "sgano"));
        assert!(has("버치바로프", "bechibarop"));
        assert!(has("슈반츠", "shubants"));
        assert_eq!(romanize("스가노")[0], "seugano");
    }

    #[test]
    fn loose_jamo_are_read() {
        assert_eq!(romanize("ㄱㅣㅁ")[0], "gim");
        assert_eq!(romanize("ㅎㅏㄴㄱㅜㄱ")[0], "hanguk");
        assert_eq!(romanize("ㄱ")[0], "g");
        assert_eq!(romanize("ㄱㅏㄴㅏ")[0], "gana");
        assert_eq!(romanize("ㄳ")[0], "k");
        assert_eq!(romanize("\u{1100}\u{1161}\u{11AB}")[0], "gan");
    }

    #[test]
    fn nothing_readable_gives_nothing() {
        assert!(romanize("").is_empty());
        assert!(romanize("abc").is_empty());
        assert!(romanize("1-2").is_empty());
    }

    #[test]
    fn odd_input_does_not_panic_and_output_is_clean() {
        let odd = [
            "ㄳㄳ",
            "ㅏㅏ",
            "ㄺ가",
            "가ㄺ",
            "\u{11A8}",
            "\u{1175}\u{11C2}",
            "힣힣",
            "가\u{0}나",
            "ᄀᄀᄀ",
            "ㅎㅎ",
            "않는",
            "싫어",
            "닭",
            "값이",
            "ㅄ",
            "\u{D7A4}",
            "\u{D7FF}",
            "가나다라마",
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
        for code in 0xAC00..0xAC00 + 11_172 {
            if let Some(syllable) = char::from_u32(code) {
                let variants = romanize(&syllable.to_string());
                assert!(!variants.is_empty() && variants.len() <= 4);
            }
        }
    }
}
