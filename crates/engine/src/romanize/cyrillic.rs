//! Romanisation of Cyrillic-script words (Russian, Bulgarian, Ukrainian, Belarusian,
//! Serbian/Macedonian, Kazakh, Uzbek, Tajik) in the spellings that watchlists use:
//! passport (ICAO Doc 9303 or the national system), BGN/PCGN, common English and German,
//! plus a Japanese reading for Japanese names written in the Russian (Polivanov) system.

/// Which language's letter values a word is read with.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Language {
    /// Also the reading for any word without letters distinctive of another language.
    Russian,
    Bulgarian,
    Ukrainian,
    Belarusian,
    /// Also Macedonian.
    Serbian,
    /// Also other Turkic languages with the same extra letters (Kyrgyz, Tatar, Bashkir).
    Kazakh,
    Uzbek,
    Tajik,
}

/// Which romanisation convention one variant follows.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Style {
    /// What a passport shows: ICAO Doc 9303 (2015) for Russian, the national system
    /// for Ukrainian, Belarusian, Bulgarian, Serbian, Uzbek and Tajik.
    Passport,
    /// BGN/PCGN, used by English-language governments and many watchlists.
    Bgn,
    /// Common English spelling; for non-Russian languages, the Russian-style reading that
    /// names of those countries often get abroad.
    English,
    /// German-language spelling (w, sch, tsch, ch, z, j).
    German,
    /// The Latin national alphabet with diacritics dropped (Kazakh Latin, Serbian with
    /// đ as plain d).
    NationalLatin,
}

/// Japanese syllable spellings for the Japanese reading.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum JapaneseStyle {
    /// Passport Hepburn: shi, chi, tsu, fu, ji; long vowels not written.
    Hepburn,
    /// Kunrei-shiki: si, ti, tu, hu, zi; long vowels written out.
    Kunrei,
}

/// The most variants one word gets (the dispatcher's limit).
const MAX_VARIANTS: usize = 4;

/// Marker kept in place of an apostrophe (Ukrainian and Belarusian write one before an
/// iotated vowel); it is never written out but makes the next vowel iotated.
const APOSTROPHE: char = '\'';

/// Romanisations of one lower-case Cyrillic word, primary (passport) first.
pub(crate) fn romanize(word: &str) -> Vec<String> {
    let letters = readable_letters(word);
    let mut variants: Vec<String> = Vec::with_capacity(MAX_VARIANTS);
    if letters.iter().all(|&letter| letter == APOSTROPHE) {
        return variants;
    }
    let language = detect_language(&letters);
    if language == Language::Russian && looks_japanese(&letters) {
        // A Japanese name is listed in Hepburn or Kunrei, never in BGN or German spelling.
        push_distinct(
            &mut variants,
            render(&letters, Language::Russian, Style::Passport),
        );
        push_distinct(
            &mut variants,
            render_japanese(&letters, JapaneseStyle::Hepburn),
        );
        push_distinct(
            &mut variants,
            render_japanese(&letters, JapaneseStyle::Kunrei),
        );
        push_distinct(
            &mut variants,
            render(&letters, Language::Russian, Style::Bgn),
        );
        return variants;
    }
    for &(reading, style) in schemes(language) {
        if variants.len() == MAX_VARIANTS {
            break;
        }
        push_distinct(&mut variants, render(&letters, reading, style));
    }
    variants
}

/// The readings tried for a word of `language`, best first. Readings after the fourth
/// only get in when earlier ones coincide; Russian words end with the Bulgarian and
/// Ukrainian readings because those languages often have no letter that gives them away.
fn schemes(language: Language) -> &'static [(Language, Style)] {
    use Language as L;
    use Style as S;
    match language {
        L::Russian => &[
            (L::Russian, S::Passport),
            (L::Russian, S::Bgn),
            (L::Russian, S::English),
            (L::Russian, S::German),
            (L::Bulgarian, S::Passport),
            (L::Ukrainian, S::Passport),
        ],
        L::Bulgarian => &[
            (L::Bulgarian, S::Passport),
            (L::Bulgarian, S::English),
            (L::Bulgarian, S::German),
            (L::Russian, S::Passport),
        ],
        L::Ukrainian => &[
            (L::Ukrainian, S::Passport),
            (L::Ukrainian, S::Bgn),
            (L::Ukrainian, S::English),
            (L::Ukrainian, S::German),
        ],
        L::Belarusian => &[
            (L::Belarusian, S::Passport),
            (L::Belarusian, S::Bgn),
            (L::Belarusian, S::English),
            (L::Belarusian, S::German),
        ],
        L::Serbian => &[
            (L::Serbian, S::Passport),
            (L::Serbian, S::English),
            (L::Serbian, S::German),
            (L::Serbian, S::NationalLatin),
        ],
        L::Kazakh => &[
            (L::Kazakh, S::Passport),
            (L::Kazakh, S::Bgn),
            (L::Kazakh, S::NationalLatin),
            (L::Kazakh, S::German),
            (L::Kazakh, S::English),
        ],
        L::Uzbek => &[
            (L::Uzbek, S::Passport),
            (L::Uzbek, S::Bgn),
            (L::Uzbek, S::English),
            (L::Uzbek, S::German),
        ],
        L::Tajik => &[
            (L::Tajik, S::Passport),
            (L::Tajik, S::English),
            (L::Tajik, S::German),
            (L::Tajik, S::Bgn),
        ],
    }
}

/// Adds `variant` unless it is empty or already there.
fn push_distinct(variants: &mut Vec<String>, variant: String) {
    if !variant.is_empty() && !variants.contains(&variant) {
        variants.push(variant);
    }
}

/// The letters of `word` worth reading: Cyrillic letters (lower-cased), ASCII letters
/// (mixed-script words keep them) and apostrophes as [`APOSTROPHE`]. Combining marks are
/// dropped, except that a breve or diaeresis left uncomposed still makes й, ў, ё or ї.
fn readable_letters(word: &str) -> Vec<char> {
    let mut letters: Vec<char> = Vec::with_capacity(word.len() / 2 + 1);
    for character in word.chars() {
        let lower = character.to_lowercase().next().unwrap_or(character);
        match lower {
            '\u{0306}' => {
                if let Some(last) = letters.last_mut() {
                    match *last {
                        'и' => *last = 'й',
                        'у' => *last = 'ў',
                        _ => {}
                    }
                }
            }
            '\u{0308}' => {
                if let Some(last) = letters.last_mut() {
                    match *last {
                        'е' => *last = 'ё',
                        'і' => *last = 'ї',
                        _ => {}
                    }
                }
            }
            '\'' | '\u{2019}' | '\u{02BC}' | '\u{02B9}' | '`' => letters.push(APOSTROPHE),
            'a'..='z' => letters.push(lower),
            '\u{0400}'..='\u{052F}' if lower.is_alphabetic() => letters.push(lower),
            _ => {}
        }
    }
    letters
}

/// The language whose letter values fit `letters`, from the letters only some languages
/// have. Without any, the word is Russian, unless a hard sign stands where only
/// Bulgarian writes one (before a consonant) or "ьо" is spelt as only Bulgarian does.
fn detect_language(letters: &[char]) -> Language {
    let has = |wanted: &[char]| letters.iter().any(|letter| wanted.contains(letter));
    if has(&['ә', 'ң', 'ө', 'ұ', 'ү', 'һ']) {
        return Language::Kazakh;
    }
    if has(&['ӣ', 'ӯ', 'ҷ']) {
        return Language::Tajik;
    }
    if has(&['ҳ']) || (has(&['ў']) && has(&['қ', 'ғ'])) {
        return Language::Uzbek;
    }
    // Belarusian ў only follows a vowel; Uzbek ў (o') is a vowel and follows consonants.
    let mut previous: Option<char> = None;
    let mut belarusian_short_u = false;
    for &letter in letters {
        if letter == 'ў' {
            if previous.is_some_and(is_vowel) {
                belarusian_short_u = true;
            } else {
                return Language::Uzbek;
            }
        }
        previous = Some(letter);
    }
    // Kazakh, whose readings include both the k and the q spellings, for қ and ғ alone.
    if has(&['қ', 'ғ']) {
        return Language::Kazakh;
    }
    if belarusian_short_u {
        return Language::Belarusian;
    }
    if has(&['ђ', 'ј', 'љ', 'њ', 'ћ', 'џ', 'ѓ', 'ќ', 'ѕ']) {
        return Language::Serbian;
    }
    if has(&['ґ', 'є', 'ї']) {
        return Language::Ukrainian;
    }
    if has(&['і']) {
        return if has(&['ы', 'э', 'ё', 'ъ']) {
            Language::Belarusian
        } else {
            Language::Ukrainian
        };
    }
    let russian_only = has(&['ы', 'э', 'ё']);
    let bulgarian_spelling = letters.windows(2).any(|pair| {
        (pair[0] == 'ъ' && !matches!(pair[1], 'е' | 'ё' | 'ю' | 'я' | 'и'))
            || (pair[0] == 'ь' && pair[1] == 'о')
    });
    if bulgarian_spelling && !russian_only {
        Language::Bulgarian
    } else {
        Language::Russian
    }
}

/// Vowel letters of all the languages: after one, е ё ю я є are iotated ("ye" not "e").
fn is_vowel(letter: char) -> bool {
    matches!(
        letter,
        'а' | 'е'
            | 'ё'
            | 'и'
            | 'о'
            | 'у'
            | 'ы'
            | 'э'
            | 'ю'
            | 'я'
            | 'і'
            | 'ї'
            | 'є'
            | 'ә'
            | 'ө'
            | 'ү'
            | 'ұ'
            | 'ӣ'
            | 'ӯ'
            | 'ӑ'
            | 'ӗ'
            | 'ӳ'
            | 'ѐ'
            | 'ѝ'
            | 'a'
            | 'e'
            | 'i'
            | 'o'
            | 'u'
    )
}

/// Where a letter stands, as far as its spelling depends on it.
#[derive(Clone, Copy)]
struct Context {
    previous: Option<char>,
    next: Option<char>,
}

impl Context {
    /// Whether an е, ё, ю, я or є here is pronounced with a leading y: at the start of
    /// the word, after a vowel and after a hard or soft sign or apostrophe.
    fn iotated(self) -> bool {
        match self.previous {
            None => true,
            Some(previous) => is_vowel(previous) || matches!(previous, 'ъ' | 'ь' | APOSTROPHE),
        }
    }

    fn at_start(self) -> bool {
        self.previous.is_none()
    }

    fn between_vowels(self) -> bool {
        self.previous.is_some_and(is_vowel) && self.next.is_some_and(is_vowel)
    }

    fn after_hushing(self) -> bool {
        matches!(self.previous, Some('ж' | 'ч' | 'ш' | 'щ' | 'ц'))
    }
}

/// One word in one language's reading and one style.
fn render(letters: &[char], language: Language, style: Style) -> String {
    let mut out = String::with_capacity(letters.len() * 2);
    let count = letters.len();
    for (index, &letter) in letters.iter().enumerate() {
        let previous = index.checked_sub(1).map(|before| letters[before]);
        let next = letters.get(index + 1).copied();
        let ends_word_after_next = index + 2 == count && index > 0;
        // Name endings with their own conventional spelling: -ий/-ый is "y" in English
        // (Dostoevsky) and "i"/"y" in German (Dostojewski); -ия is "ia" (Maria).
        if ends_word_after_next && next == Some('й') && matches!(letter, 'и' | 'ы') {
            match (style, letter) {
                (Style::English, _) if language != Language::Ukrainian || letter == 'ы' => {
                    out.push('y');
                    break;
                }
                (Style::German, 'и') if language != Language::Ukrainian => {
                    out.push('i');
                    break;
                }
                (Style::German, 'ы') => {
                    out.push('y');
                    break;
                }
                _ => {}
            }
        }
        if ends_word_after_next
            && letter == 'и'
            && next == Some('я')
            && (style == Style::English
                || (language == Language::Bulgarian && style == Style::Passport))
        {
            out.push_str("ia");
            break;
        }
        let context = Context { previous, next };
        let value = language_value(letter, language, style, context)
            .unwrap_or_else(|| common_value(letter, style, context));
        out.push_str(value);
    }
    out
}

/// Spellings particular to `language`, or `None` where it spells a letter like Russian.
fn language_value(
    letter: char,
    language: Language,
    style: Style,
    context: Context,
) -> Option<&'static str> {
    use Style as S;
    let value = match language {
        Language::Russian => return None,
        Language::Ukrainian => match letter {
            'г' => match style {
                S::English => "g",
                // The national system writes зг as "zgh" so that it is not read as "zh".
                S::Passport if context.previous == Some('з') => "gh",
                _ => "h",
            },
            'и' => match style {
                S::English => "i",
                _ => "y",
            },
            // The national (passport) system writes the iotated letters with "y" only at
            // the start of a word.
            'є' => match style {
                S::Passport if !context.at_start() => "ie",
                S::English if !context.iotated() => "e",
                S::German => "je",
                _ => "ye",
            },
            'ї' => match style {
                S::Passport if !context.at_start() => "i",
                S::German => "ji",
                _ => "yi",
            },
            'й' => match style {
                S::Passport if !context.at_start() => "i",
                S::German => "j",
                _ => "y",
            },
            'ю' => match style {
                S::Passport if !context.at_start() => "iu",
                S::German => "ju",
                _ => "yu",
            },
            'я' => match style {
                S::Passport if !context.at_start() => "ia",
                S::German => "ja",
                _ => "ya",
            },
            // Ukrainian е is never iotated; є is.
            'е' => "e",
            _ => return None,
        },
        Language::Belarusian => match letter {
            'г' => match style {
                S::English => "g",
                _ => "h",
            },
            'е' if style == S::Passport => "ie",
            'ё' if style == S::Passport => "io",
            'ў' => match style {
                S::Bgn | S::German => "w",
                _ => "u",
            },
            _ => return None,
        },
        Language::Bulgarian => match letter {
            'ъ' => match style {
                S::English => "u",
                _ => "a",
            },
            'щ' => match style {
                S::German => "scht",
                _ => "sht",
            },
            'х' => match style {
                S::English => "kh",
                S::German => "ch",
                _ => "h",
            },
            'й' => match style {
                S::English => "i",
                S::German => "j",
                _ => "y",
            },
            'ю' => match style {
                S::English => "iu",
                S::German => "ju",
                _ => "yu",
            },
            'я' => match style {
                S::English => "ia",
                S::German => "ja",
                _ => "ya",
            },
            // Bulgarian writes ь only in ьо, for a y sound (Жельо).
            'ь' => match style {
                S::German if context.next == Some('о') => "j",
                S::Passport if context.next == Some('о') => "y",
                _ => "",
            },
            // Bulgarian е is never iotated.
            'е' => "e",
            _ => return None,
        },
        Language::Serbian => match letter {
            'ж' => match style {
                S::English => "zh",
                S::German => "sch",
                _ => "z",
            },
            'ч' | 'ћ' => match style {
                S::English => "ch",
                S::German => "tsch",
                _ => "c",
            },
            'ш' => match style {
                S::English => "sh",
                S::German => "sch",
                _ => "s",
            },
            'ђ' => match style {
                S::NationalLatin => "d",
                _ => "dj",
            },
            'џ' => match style {
                S::English => "dzh",
                S::German => "dsch",
                _ => "dz",
            },
            'ц' => match style {
                S::English => "ts",
                S::German => "z",
                _ => "c",
            },
            'х' => match style {
                S::German => "ch",
                _ => "h",
            },
            'ѓ' => match style {
                S::NationalLatin => "g",
                _ => "gj",
            },
            'ќ' => match style {
                S::NationalLatin => "k",
                _ => "kj",
            },
            'ј' => "j",
            'е' => "e",
            _ => return None,
        },
        Language::Kazakh => match letter {
            'ғ' => match style {
                S::Bgn => "gh",
                _ => "g",
            },
            'қ' => match style {
                S::Bgn | S::NationalLatin => "q",
                _ => "k",
            },
            'ң' => match style {
                S::Passport | S::NationalLatin => "n",
                _ => "ng",
            },
            _ if style == S::NationalLatin => match letter {
                'ж' => "j",
                'х' => "h",
                'й' => "i",
                'е' => "e",
                'ё' => "io",
                'ю' => "iu",
                'я' => "ia",
                _ => return None,
            },
            _ => return None,
        },
        Language::Uzbek => match (letter, style) {
            ('ғ', S::Bgn) => "gh",
            ('ғ', _) => "g",
            ('қ', S::Passport | S::Bgn) => "q",
            ('қ', _) => "k",
            // Official Latin ў is o'.
            ('ў', S::Passport) => "o",
            ('ў', _) => "u",
            ('ҳ', S::English) => "kh",
            ('ҳ', _) => "h",
            ('х', S::Passport) => "x",
            ('ж', S::Passport | S::Bgn) => "j",
            ('й', S::Passport) => "y",
            ('е', S::Passport) => {
                if context.iotated() {
                    "ye"
                } else {
                    "e"
                }
            }
            ('ё', S::Passport) => "yo",
            ('ю', S::Passport) => "yu",
            ('я', S::Passport) => "ya",
            ('ъ', _) => "",
            _ => return None,
        },
        Language::Tajik => match (letter, style) {
            ('ғ', S::Passport | S::Bgn) => "gh",
            ('ғ', _) => "g",
            ('қ', S::Passport | S::Bgn) => "q",
            ('қ', _) => "k",
            ('ҳ', S::English) => "kh",
            ('ҳ', _) => "h",
            ('ҷ', S::Passport | S::Bgn) => "j",
            ('ҷ', S::German) => "dsch",
            ('ҷ', _) => "dzh",
            ('й', S::Passport) => "y",
            ('е', S::Passport) => {
                if context.iotated() {
                    "ye"
                } else {
                    "e"
                }
            }
            ('ё', S::Passport) => "yo",
            ('ю', S::Passport) => "yu",
            ('я', S::Passport) => "ya",
            ('ъ', _) => "",
            _ => return None,
        },
    };
    Some(value)
}

/// Russian letter values in `style`, and reasonable values for every other Cyrillic letter
/// (so a letter of a language not detected still reads).
fn common_value(letter: char, style: Style, context: Context) -> &'static str {
    use Style as S;
    let german = style == S::German;
    match letter {
        'а' => "a",
        'б' => "b",
        'в' => {
            if german {
                "w"
            } else {
                "v"
            }
        }
        'г' => "g",
        'д' => "d",
        'е' => match style {
            S::Bgn if context.iotated() => "ye",
            S::German if context.iotated() => "je",
            S::English if matches!(context.previous, Some('ъ' | 'ь')) => "ye",
            _ => "e",
        },
        'ё' => match style {
            S::Passport => "e",
            _ if context.after_hushing() => "o",
            S::German => "jo",
            _ => "yo",
        },
        'ж' => {
            if german {
                "sch"
            } else {
                "zh"
            }
        }
        'з' => {
            if german {
                "s"
            } else {
                "z"
            }
        }
        'и' => "i",
        'й' => match style {
            S::Passport => "i",
            S::German => "j",
            _ => "y",
        },
        'к' => "k",
        'л' => "l",
        'м' => "m",
        'н' => "n",
        'о' => "o",
        'п' => "p",
        'р' => "r",
        // German writes a voiceless s between vowels double (Wassili, Nossow).
        'с' => {
            if german && context.between_vowels() {
                "ss"
            } else {
                "s"
            }
        }
        'т' => "t",
        'у' => "u",
        'ф' => "f",
        'х' => {
            if german {
                "ch"
            } else {
                "kh"
            }
        }
        'ц' => {
            if german {
                "z"
            } else {
                "ts"
            }
        }
        'ч' => {
            if german {
                "tsch"
            } else {
                "ch"
            }
        }
        'ш' => {
            if german {
                "sch"
            } else {
                "sh"
            }
        }
        'щ' => {
            if german {
                "schtsch"
            } else {
                "shch"
            }
        }
        'ъ' if style == S::Passport => "ie",
        'ы' => "y",
        // English writes the soft sign as y before и and о (Ilyin); before the other
        // vowels the iotated vowel carries the y, and elsewhere it is not written.
        'ь' if style == S::English && matches!(context.next, Some('и' | 'о')) => "y",
        'э' => "e",
        'ю' => match style {
            S::Passport => "iu",
            S::German => "ju",
            _ => "yu",
        },
        'я' => match style {
            S::Passport => "ia",
            S::German => "ja",
            _ => "ya",
        },
        // Letters of the other languages, for words not detected as theirs.
        'і' | 'ӣ' | 'ѵ' | 'ӥ' | 'ѝ' => "i",
        'ї' => match style {
            S::Passport => "i",
            S::German => "ji",
            _ => "yi",
        },
        'є' => match style {
            S::Passport => "ie",
            S::German => "je",
            _ => "ye",
        },
        'ґ' | 'ҝ' | 'ӷ' | 'ғ' | 'ҕ' => "g",
        'ў' => {
            if german {
                "w"
            } else {
                "u"
            }
        }
        'ђ' => "dj",
        'ј' => "j",
        'љ' => "lj",
        'њ' => "nj",
        'ћ' => {
            if german {
                "tsch"
            } else {
                "ch"
            }
        }
        'џ' => {
            if german {
                "dsch"
            } else {
                "dzh"
            }
        }
        'ѓ' => "gj",
        'ќ' => "kj",
        'ѕ' | 'ӟ' | 'ӡ' => "dz",
        'ә' | 'ӑ' | 'ӓ' => "a",
        'ӕ' => "ae",
        'ө' | 'ӧ' | 'ѡ' => "o",
        'ү' | 'ұ' | 'ӯ' | 'ӳ' | 'ӱ' | 'ѫ' | 'ѹ' => "u",
        'ӗ' | 'ѐ' | 'ӭ' | 'ѣ' => "e",
        'ӹ' => "y",
        'ң' | 'ӈ' | 'ҥ' => "ng",
        'һ' | 'ҳ' => "h",
        'қ' | 'ҡ' | 'ӄ' => "k",
        'ҷ' | 'ҹ' | 'ӂ' => "j",
        'җ' | 'ӝ' => "zh",
        'ҙ' => "z",
        'ҫ' => "s",
        'ӵ' | 'ҽ' | 'ҿ' => "ch",
        'ҧ' => "p",
        'ҭ' => "t",
        'ҵ' => "ts",
        'ԁ' => "d",
        'ѳ' => "f",
        'ѧ' => "ya",
        'ѯ' => "ks",
        'ѱ' => "ps",
        'a'..='z' => ascii_letter(letter),
        // Apostrophes, the palochka and anything unknown are not written.
        _ => "",
    }
}

/// The one-letter string for an ASCII lower-case letter.
fn ascii_letter(letter: char) -> &'static str {
    const ALPHABET: &str = "abcdefghijklmnopqrstuvwxyz";
    let offset = (letter as usize).wrapping_sub('a' as usize);
    ALPHABET.get(offset..=offset).unwrap_or("")
}

/// Consonants of the Russian (Polivanov) spelling of Japanese, as Hepburn consonants.
fn japanese_consonant(letter: char) -> Option<&'static str> {
    Some(match letter {
        'к' => "k",
        'г' => "g",
        'с' => "s",
        'з' => "z",
        'т' => "t",
        'д' => "d",
        'ц' => "ts",
        'н' => "n",
        'х' => "h",
        'ф' => "f",
        'м' => "m",
        'р' => "r",
        'в' => "w",
        'б' => "b",
        'п' => "p",
        _ => return None,
    })
}

/// Whether `letters` spell a Japanese name in the Polivanov system: the word splits into
/// Japanese syllables only, and has at least one syllable Russian words rarely have
/// (сё, сю, дзи, цу, фу, тё, тю, ...).
fn looks_japanese(letters: &[char]) -> bool {
    let mut index = 0;
    let mut distinctive = false;
    while index < letters.len() {
        match japanese_syllable(letters, index) {
            Some((length, is_distinctive)) => {
                distinctive |= is_distinctive;
                index += length;
            }
            None => return false,
        }
    }
    distinctive
}

/// The Japanese syllable at `index`: its length in letters and whether it is one Russian
/// words rarely have. `None` when no Japanese syllable starts there.
fn japanese_syllable(letters: &[char], index: usize) -> Option<(usize, bool)> {
    let letter = *letters.get(index)?;
    let next = letters.get(index + 1).copied();
    let is_japanese_vowel = |candidate: Option<char>| {
        matches!(
            candidate,
            Some('а' | 'и' | 'у' | 'э' | 'е' | 'о' | 'я' | 'ю' | 'ё')
        )
    };
    if is_japanese_vowel(Some(letter)) {
        // A ё standing alone (Ёсида, Тиёда) is rare in Russian.
        return Some((1, letter == 'ё'));
    }
    // A vowel-less й only closes a syllable (Тайра); н alone is the moraic n.
    if letter == 'й' {
        let after_vowel = index > 0 && is_japanese_vowel(letters.get(index - 1).copied());
        return after_vowel.then_some((1, false));
    }
    if letter == 'д' && next == Some('з') {
        let vowel = letters.get(index + 2).copied();
        return is_japanese_vowel(vowel).then_some((3, true));
    }
    japanese_consonant(letter)?;
    if is_japanese_vowel(next) {
        // Russian writes е, not э, after a consonant; сё, тю, цу and фу are rare in it.
        let distinctive = matches!(
            (letter, next),
            ('с' | 'т', Some('ё' | 'ю')) | ('ц' | 'ф', Some('у')) | (_, Some('э'))
        );
        // ц only stands before у in Japanese.
        if letter == 'ц' && next != Some('у') {
            return None;
        }
        return Some((2, distinctive));
    }
    if letter == 'н' {
        return Some((1, false));
    }
    // A doubled consonant (Хаттори, Никкэй, Хоккайдо).
    let geminate = next == Some(letter) && matches!(letter, 'к' | 'т' | 'с' | 'п');
    geminate.then_some((1, letter != 'с'))
}

/// A Japanese name from its Polivanov spelling, in Hepburn or Kunrei-shiki.
fn render_japanese(letters: &[char], style: JapaneseStyle) -> String {
    let hepburn = style == JapaneseStyle::Hepburn;
    let mut out = String::with_capacity(letters.len() * 2);
    let mut index = 0;
    while index < letters.len() {
        let letter = letters[index];
        let (consonant, vowel_index) = if letter == 'д' && letters.get(index + 1) == Some(&'з') {
            ("z", index + 2)
        } else if let Some(consonant) = japanese_consonant(letter) {
            (consonant, index + 1)
        } else {
            ("", index)
        };
        let vowel = letters.get(vowel_index).copied();
        let (vowel_sound, palatal) = match vowel {
            Some('а') => ("a", false),
            Some('и') => ("i", false),
            Some('у') => ("u", false),
            Some('э' | 'е') => ("e", false),
            Some('о') => ("o", false),
            Some('я') => ("a", true),
            Some('ю') => ("u", true),
            Some('ё') => ("o", true),
            _ => ("", false),
        };
        if vowel_sound.is_empty() {
            // A consonant with no vowel: moraic n, the first of a doubled consonant, or й.
            match letter {
                'й' => out.push('i'),
                _ => out.push_str(consonant.get(..1).unwrap_or("")),
            }
            index += 1;
            continue;
        }
        // Passport Hepburn leaves long vowels unmarked: оу, оо and уу are one vowel.
        let previous_vowel = out.as_bytes().last().copied();
        if hepburn
            && consonant.is_empty()
            && !palatal
            && matches!(
                (previous_vowel, vowel_sound),
                (Some(b'o'), "u" | "o") | (Some(b'u'), "u")
            )
            && index > 0
            && letters[index - 1] != 'й'
        {
            index = vowel_index + 1;
            continue;
        }
        let syllable_start: &str = match (consonant, vowel_sound, palatal, hepburn) {
            ("s", "i", false, true) => "sh",
            ("s", _, true, true) => "sh",
            ("z", "i", false, true) => "j",
            ("z", _, true, true) => "j",
            ("t", "i", false, true) => "ch",
            ("t", _, true, true) => "ch",
            ("ts", "u", _, false) => "t",
            ("f", "u", _, false) => "h",
            ("", _, true, _) => "y",
            (_, _, true, _) => {
                out.push_str(consonant);
                "y"
            }
            _ => consonant,
        };
        out.push_str(syllable_start);
        out.push_str(vowel_sound);
        index = vowel_index + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::romanize;

    fn assert_among(word: &str, expected: &str) {
        super::super::assert_some_variant_close(word, &romanize(word), expected, 0);
    }

    fn assert_primary(word: &str, expected: &str) {
        let variants = romanize(word);
        assert_eq!(
            variants.first().map(String::as_str),
            Some(expected),
            "{word}: {variants:?}"
        );
    }

    #[test]
    fn russian_passport_spelling_is_primary() {
        assert_primary("щербаков", "shcherbakov");
        assert_primary("юлия", "iuliia");
        assert_primary("меморский", "memorskii");
        assert_primary("игнатий", "ignatii");
        assert_primary("ларёв", "larev");
        assert_primary("подъячев", "podieiachev");
        assert_primary("хрущёв", "khrushchev");
        assert_primary("цветаева", "tsvetaeva");
        assert_primary("ельцин", "eltsin");
    }

    #[test]
    fn russian_bgn_english_and_german_spellings_are_offered() {
        assert_among("меморский", "memorskiy");
        assert_among("меморский", "memorsky");
        assert_among("игнатий", "ignatiy");
        assert_among("ларёв", "laryov");
        assert_among("яхлакова", "jachlakowa");
        assert_among("ветошкин", "wetoschkin");
        assert_among("житник", "schitnik");
        assert_among("ельцин", "yeltsin");
        assert_among("ельцин", "jelzin");
        assert_among("горбачёв", "gorbatschow");
        assert_among("мария", "maria");
        assert_among("юлия", "yuliya");
        assert_among("василий", "wassili");
        assert_among("достоевский", "dostoevsky");
        assert_among("достоевский", "dostojewski");
        assert_among("воробьев", "vorobyev");
        assert_among("пётр", "pyotr");
        assert_among("пётр", "pjotr");
    }

    #[test]
    fn unmarked_words_also_get_bulgarian_and_ukrainian_readings_when_there_is_room() {
        assert_among("христо", "hristo");
        assert_among("житник", "zhytnyk");
    }

    #[test]
    fn ukrainian_is_read_with_ukrainian_values() {
        assert_primary("єрофєєв", "yerofieiev");
        assert_among("єрофєєв", "yerofyeyev");
        assert_primary("гвардуччі", "hvarduchchi");
        assert_among("гвардуччі", "gvarduchchi");
        assert_primary("згурівський", "zghurivskyi");
        assert_primary("їжакевич", "yizhakevych");
        assert_primary("ігор", "ihor");
        assert_among("ігор", "igor");
        assert_primary("юлія", "yuliia");
        assert_among("ґонта", "gonta");
        assert_among("житній", "schytnij");
    }

    #[test]
    fn belarusian_is_read_with_belarusian_values() {
        assert_primary("аляксандр", "aliaksandr");
        assert_primary("лукашэнка", "lukashenka");
        assert_primary("яўген", "iauhien");
        assert_among("яўген", "yawhen");
        assert_primary("дзмітрый", "dzmitryi");
        assert_among("дзмітрый", "dzmitry");
    }

    #[test]
    fn bulgarian_is_detected_from_its_hard_sign() {
        assert_primary("търновски", "tarnovski");
        assert_among("търновски", "turnovski");
        assert_primary("щъркелов", "shtarkelov");
        assert_primary("жельо", "zhelyo");
        assert_among("щерев", "shterev");
    }

    #[test]
    fn serbian_and_macedonian_use_their_latin_alphabet() {
        assert_primary("ђоковић", "djokovic");
        assert_among("ђоковић", "djokovich");
        assert_among("ђоковић", "dokovic");
        assert_among("милошевић", "miloschewitsch");
        assert_primary("његош", "njegos");
        assert_primary("џаферовић", "dzaferovic");
        assert_primary("ѓорѓиевски", "gjorgjievski");
        assert_primary("јовановић", "jovanovic");
    }

    #[test]
    fn central_asian_languages_use_their_letters() {
        assert_primary("тоқаев", "tokaev");
        assert_among("тоқаев", "toqayev");
        assert_among("жомарт", "zhomart");
        assert_among("қасым", "qasym");
        assert_primary("назарбаев", "nazarbaev");
        assert_among("әбілқайыр", "abilqayyr");
        assert_primary("ҳамроқулов", "hamroqulov");
        assert_primary("хўжаев", "xojayev");
        assert_among("хўжаев", "khuzhaev");
        assert_primary("раҳмон", "rahmon");
        assert_among("ҷумъахон", "jumakhon");
        assert_among("эмомалӣ", "emomali");
    }

    #[test]
    fn japanese_names_in_russian_spelling_get_hepburn() {
        assert_among("морифудзи", "morifuji");
        assert_among("морифудзи", "morihuzi");
        assert_among("сёуно", "shono");
        assert_among("хаттори", "hattori");
        assert_among("тиёда", "chiyoda");
        assert_primary("морифудзи", "morifudzi");
        // Ordinary Russian names are not taken for Japanese ones.
        assert_among("цуканов", "tsukanov");
        assert_among("цуканов", "zukanow");
    }

    #[test]
    fn output_is_a_few_distinct_lowercase_ascii_strings() {
        for word in [
            "щербаков",
            "єрофєєв",
            "ђоковић",
            "хўжаев",
            "морифудзи",
            "ўў",
            "ъ",
            "d'артаньян",
        ] {
            let variants = romanize(word);
            assert!(!variants.is_empty() && variants.len() <= 4, "{word}");
            for (position, variant) in variants.iter().enumerate() {
                assert!(!variant.is_empty());
                assert!(variant.bytes().all(|byte| byte.is_ascii_lowercase()));
                assert!(!variants[..position].contains(variant));
            }
        }
    }

    #[test]
    fn odd_input_neither_panics_nor_produces_junk() {
        for word in [
            "",
            "\u{0301}",
            "\u{0306}\u{0308}",
            "'",
            "ь",
            "ий",
            "я",
            "й",
            "дз",
            "ivan",
            "иvan",
            "ИВАН",
            "1971",
            "ёё\u{0301}ё",
            "ویلهلم",
            "\u{FFFF}\u{10FFFF}",
        ] {
            let variants = romanize(word);
            assert!(variants.len() <= 4, "{word}");
            for variant in &variants {
                assert!(!variant.is_empty() && variant.bytes().all(|b| b.is_ascii_lowercase()));
            }
        }
        assert!(romanize("").is_empty());
        assert!(romanize("\u{0301}").is_empty());
        assert!(romanize("'").is_empty());
        assert_eq!(romanize("ИВАН").first().map(String::as_str), Some("ivan"));
    }

    #[test]
    fn every_letter_of_the_script_alone_and_in_company_is_handled() {
        for code in (0x400u32..0x530).chain(0x300..0x370) {
            let Some(character) = char::from_u32(code) else {
                continue;
            };
            for word in [
                character.to_string(),
                format!("{character}{character}"),
                format!("{character}ий{character}"),
                format!("ий{character}"),
            ] {
                let variants = romanize(&word);
                assert!(variants.len() <= 4, "{word}");
                for variant in &variants {
                    assert!(!variant.is_empty() && variant.bytes().all(|b| b.is_ascii_lowercase()));
                }
            }
        }
    }
}
