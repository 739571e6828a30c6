//! Text clean-up for names: Unicode normalisation, case folding, splitting into words, and
//! the Latin spellings of a word written with diacritics (ICAO Doc 9303 Part 3 and plain).

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

use crate::script::Script;

/// The longest name, in characters, that is read; the rest is ignored.
pub const MAX_NAME_CHARS: usize = 300;
/// The most words read from one name.
pub const MAX_WORDS: usize = 12;

/// One word of a name, lower-cased and composed (NFC).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub text: String,
    pub script: Script,
    /// Joined to the next word by a hyphen or maqaf ("Jean-Marie", "Al-Khafaji").
    pub hyphen_after: bool,
    /// Ended with a full stop ("J."), as initials and abbreviated titles do.
    pub dot_after: bool,
}

/// Lower-cases and composes `text` (NFKC, then case folding by `to_lowercase`), drops
/// tatweel, zero-width joiners and format characters. Idempotent.
pub fn fold(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    for c in text.nfkc().flat_map(char::to_lowercase) {
        if is_ignorable(c) {
            continue;
        }
        folded.push(c);
    }
    // Lower-casing can produce decomposed sequences (e.g. 'İ' -> "i\u{307}"); compose again.
    if folded.is_ascii() {
        folded
    } else {
        folded.nfc().collect()
    }
}

fn is_ignorable(c: char) -> bool {
    matches!(
        c,
        '\u{640}' // arabic tatweel
            | '\u{200b}'..='\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2060}'..='\u{2064}'
            | '\u{feff}'
            | '\u{ad}' // soft hyphen
    )
}

fn is_apostrophe(c: char) -> bool {
    matches!(
        c,
        '\'' | '\u{2019}'
            | '\u{2018}'
            | '\u{02bc}'
            | '\u{02bb}'
            | '\u{02be}'
            | '\u{02bf}'
            | '`'
            | '\u{b4}'
    )
}

fn is_hyphen(c: char) -> bool {
    matches!(
        c,
        '-' | '\u{2010}'
            | '\u{2011}'
            | '\u{2012}'
            | '\u{2013}'
            | '\u{5be}'
            | '\u{30fb}'
            | '\u{ff65}'
            | '\u{30a0}'
            | '='
    )
}

/// Splits a name into words: letters and marks make words, apostrophes vanish inside a word
/// ("O'Brien" -> "obrien"), hyphens and maqaf separate words but are remembered, anything
/// else separates. Reads at most [`MAX_NAME_CHARS`] characters and [`MAX_WORDS`] words.
pub fn split_words(name: &str) -> Vec<Word> {
    let folded = fold(name);
    let mut words: Vec<Word> = Vec::new();
    let mut current = String::new();
    let finish = |current: &mut String, words: &mut Vec<Word>, hyphen: bool, dot: bool| {
        if current.is_empty() {
            if let Some(last) = words.last_mut() {
                last.hyphen_after |= hyphen;
                last.dot_after |= dot;
            }
            return;
        }
        if words.len() < MAX_WORDS {
            let text = std::mem::take(current);
            let script = Script::of_word(&text);
            words.push(Word {
                text,
                script,
                hyphen_after: hyphen,
                dot_after: dot,
            });
        } else {
            current.clear();
        }
    };
    // letters written on digits ("35th", "2e") are the number's ordinal ending, not a word
    let mut on_digit = false;
    let mut after_digit = false;
    let ending = |current: &mut String, on_digit: bool| {
        if on_digit && ORDINAL_ENDINGS.contains(&current.as_str()) {
            current.clear();
        }
    };
    for c in folded.chars().take(MAX_NAME_CHARS) {
        if c.is_alphabetic() || is_combining_mark(c) || is_geresh(c) {
            if current.is_empty() {
                on_digit = after_digit;
            }
            current.push(c);
        } else if is_apostrophe(c) {
            // after a Hebrew letter it stands for the geresh ("ז'" = "ז׳"); elsewhere it
            // joins ("dell'utri") or, leading, is dropped
            if current
                .chars()
                .next_back()
                .is_some_and(|last| Script::of_char(last) == Script::Hebrew)
            {
                current.push('\u{5f3}');
            }
        } else if is_hyphen(c) {
            ending(&mut current, on_digit);
            finish(&mut current, &mut words, true, false);
        } else if c == '.' {
            ending(&mut current, on_digit);
            finish(&mut current, &mut words, false, true);
        } else {
            ending(&mut current, on_digit);
            finish(&mut current, &mut words, false, false);
        }
        after_digit = c.is_numeric();
    }
    ending(&mut current, on_digit);
    finish(&mut current, &mut words, false, false);
    if let Some(last) = words.last_mut() {
        last.hyphen_after = false;
    }
    words
}

/// Ordinal endings written on digits: English, French, Spanish and Italian, and the ordinal
/// indicators (`35th`, `2e`, `3ème`, `1º`).
pub const ORDINAL_ENDINGS: &[&str] = &[
    "st", "nd", "rd", "th", "e", "er", "re", "eme", "ème", "ieme", "ième", "o", "a", "º", "ª",
];

/// The words and numbers of an address, folded, for overlap comparison.
pub fn split_address(address: &str) -> Vec<String> {
    let folded = fold(address);
    let mut words: Vec<String> = Vec::new();
    for word in folded.split(|c: char| !c.is_alphanumeric()).take(64) {
        if !word.is_empty() && !words.iter().any(|w| w == word) {
            words.push(word.to_string());
        }
    }
    words
}

/// A text as an owner's search of its own records compares it (`gatecheck-store`'s
/// `searchable`): folded ([`fold`]); Latin letters in their plain spelling without marks
/// (é -> e, ø -> o, ß -> ss), Greek and Cyrillic without theirs (ё -> е); Arabic without
/// its short vowels, and with the letters typed one for another made one, as Arabic search
/// engines do (أ إ آ ٱ -> ا, ى ی -> ي, ة -> ه, ؤ -> و, ئ -> ي, ک -> ك); apostrophes
/// dropped ("O'Brien" -> "obrien"); and whatever is neither a letter, a digit nor a mark
/// one space between words. Idempotent.
///
/// Looser than screening's readings on purpose: an officer types part of a name as it
/// comes, and a search that finds one record too many costs a glance, one it misses costs
/// the record.
pub fn search_form(text: &str) -> String {
    let folded = fold(text);
    let mut form = String::with_capacity(folded.len());
    let mut space_pending = false;
    let mut push = |form: &mut String, piece: char| {
        let in_word = piece.is_alphanumeric() || is_combining_mark(piece);
        if !in_word {
            space_pending = !form.is_empty();
            return;
        }
        if space_pending {
            form.push(' ');
            space_pending = false;
        }
        form.push(piece);
    };
    for c in folded.chars() {
        if is_apostrophe(c) {
            continue;
        }
        if let Some(letter) = arabic_search_letter(c) {
            if let Some(letter) = letter {
                push(&mut form, letter);
            }
            continue;
        }
        if Script::of_char(c) == Script::Latin && !c.is_ascii() {
            let (_, plain, _) = latin_letter(c);
            if !plain.is_empty() {
                for letter in plain.chars() {
                    push(&mut form, letter);
                }
                continue;
            }
        }
        for part in c.nfd() {
            // the marks Latin, Greek and Cyrillic letters carry; others (kana's voicing
            // marks, Indic vowel signs) are part of the letter and stay
            if !('\u{300}'..='\u{36f}').contains(&part) {
                push(&mut form, part);
            }
        }
    }
    if form.is_ascii() {
        form
    } else {
        form.nfc().collect()
    }
}

/// An Arabic letter's search form: `Some(None)` for a short vowel or another mark written
/// over or under a letter (dropped), `Some(Some(letter))` for the letter it is searched
/// as, `None` for a character that is not one of these.
fn arabic_search_letter(c: char) -> Option<Option<char>> {
    match c {
        '\u{64b}'..='\u{65f}' | '\u{670}' => Some(None),
        'أ' | 'إ' | 'آ' | 'ٱ' => Some(Some('ا')),
        'ى' | 'ی' | 'ئ' => Some(Some('ي')),
        'ة' => Some(Some('ه')),
        'ؤ' => Some(Some('و')),
        'ک' => Some(Some('ك')),
        _ => None,
    }
}

/// Hebrew geresh and gershayim mark sounds ("ג׳" = j) and belong to the word.
fn is_geresh(c: char) -> bool {
    matches!(c, '\u{5f3}' | '\u{5f4}')
}

/// Latin spellings of a Latin-script word in lower-case ASCII, primary first: the ICAO
/// Doc 9303 Part 3 transliteration (ä -> ae, ø -> oe, ß -> ss), then the plain spelling
/// with the marks dropped (ä -> a), then a phonetic spelling of letters whose plain form
/// loses a sound (š -> sh, č -> ch, ñ -> ny). Duplicates are left out.
pub fn latin_forms(word: &str) -> Vec<String> {
    let mut forms = latin_forms_of_letters(word);
    // an Arabic family name with the article written on ("Alhassan", "Elsayed"): also
    // read without it, as the article is often dropped or written apart
    if let Some(first) = forms.first() {
        let without_article = first
            .strip_prefix("al")
            .or_else(|| first.strip_prefix("el"));
        if let Some(rest) = without_article {
            let starts_with_consonant =
                rest.bytes().next().is_some_and(|b| !b"aeiouy".contains(&b));
            if starts_with_consonant && rest.len() >= 4 && !forms.iter().any(|f| f == rest) {
                forms.push(rest.to_string());
            }
        }
    }
    // x is "ks" in most languages but a "sh" sound in pinyin, Catalan, Portuguese, Basque
    // and Albanian, and "kh" in Uzbek and older Spanish (Xurshid, Ximénez): give those
    // readings too
    if let Some(first) = forms.first() {
        if first.contains('x') {
            for reading in [first.replace('x', "sh"), first.replace('x', "kh")] {
                if !forms.contains(&reading) {
                    forms.push(reading);
                }
            }
        }
    }
    forms
}

fn latin_forms_of_letters(word: &str) -> Vec<String> {
    if word.bytes().all(|b| b.is_ascii_lowercase()) {
        return vec![word.to_string()];
    }
    let mut icao = String::with_capacity(word.len() + 4);
    let mut plain = String::with_capacity(word.len() + 4);
    let mut phonetic = String::with_capacity(word.len() + 4);
    for c in word.chars() {
        let (icao_text, plain_text, phonetic_text) = latin_letter(c);
        icao.push_str(icao_text);
        plain.push_str(plain_text);
        phonetic.push_str(phonetic_text);
    }
    let mut forms = Vec::with_capacity(3);
    for form in [icao, plain, phonetic] {
        if !form.is_empty() && !forms.contains(&form) {
            forms.push(form);
        }
    }
    forms
}

/// The ICAO, plain and phonetic spellings of one lower-case Latin letter.
fn latin_letter(c: char) -> (&'static str, &'static str, &'static str) {
    match c {
        'a'..='z' => {
            let ascii = ASCII_LETTERS[(c as u8 - b'a') as usize];
            (ascii, ascii, ascii)
        }
        'ä' => ("ae", "a", "a"),
        'ö' => ("oe", "o", "o"),
        'ü' => ("ue", "u", "u"),
        'å' => ("aa", "a", "o"),
        'ø' => ("oe", "o", "o"),
        'æ' => ("ae", "ae", "e"),
        'œ' => ("oe", "oe", "e"),
        'ß' => ("ss", "ss", "s"),
        'þ' => ("th", "th", "th"),
        'ð' => ("d", "d", "dh"),
        'đ' => ("d", "d", "dj"),
        'ł' => ("l", "l", "w"),
        'ħ' => ("h", "h", "h"),
        'ı' => ("i", "i", "i"),
        'ĳ' => ("ij", "ij", "ei"),
        'ŋ' => ("n", "n", "ng"),
        'ə' => ("a", "e", "e"),
        'š' | 'ś' | 'ş' | 'ș' => ("s", "s", "sh"),
        'ž' | 'ż' | 'ź' => ("z", "z", "zh"),
        'č' | 'ć' | 'ç' => ("c", "c", "ch"),
        'ñ' | 'ń' | 'ň' => ("n", "n", "ny"),
        'ř' => ("r", "r", "rzh"),
        'ğ' => ("g", "g", "gh"),
        'ő' => ("oe", "o", "o"),
        'ű' => ("ue", "u", "u"),
        _ => {
            let base = c.nfd().find(|d| d.is_ascii_lowercase());
            match base {
                Some(letter) => {
                    let ascii = ASCII_LETTERS[(letter as u8 - b'a') as usize];
                    (ascii, ascii, ascii)
                }
                None => ("", "", ""),
            }
        }
    }
}

const ASCII_LETTERS: [&str; 26] = [
    "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q", "r", "s",
    "t", "u", "v", "w", "x", "y", "z",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_forms_drop_case_marks_and_the_letters_typed_one_for_another() {
        let cases = [
            ("Abū Bakr al-Baghdādī", "abu bakr al baghdadi"),
            ("ABU BAKR AL BAGHDADI", "abu bakr al baghdadi"),
            ("O'Brien, Seán", "obrien sean"),
            ("Ørsted Müller-Straße", "orsted muller strasse"),
            ("Łukasz Żółć", "lukasz zolc"),
            ("Пётр Чайковский", "петр чаиковскии"),
            ("أبو بكر البغدادي", "ابو بكر البغدادي"),
            ("إبراهيم عوّاد إبراهيم", "ابراهيم عواد ابراهيم"),
            ("مُحَمَّد مصطفى", "محمد مصطفي"),
            ("فاطمة الزهراء", "فاطمه الزهراء"),
            ("لؤي هانئ", "لوي هاني"),
            ("عبـــدالله", "عبدالله"),
            ("김정은", "김정은"),
            ("がっこう", "がっこう"),
            ("  ", ""),
        ];
        for (text, form) in cases {
            assert_eq!(search_form(text), form, "{text}");
            assert_eq!(search_form(form), form, "{text}: idempotent");
        }
    }

    #[test]
    fn icao_doc_9303_transliterates_latin_letters_with_diacritics() {
        let cases = [
            ("müller", "mueller", "muller"),
            ("øllegaard", "oellegaard", "ollegaard"),
            ("straße", "strasse", "strasse"),
            ("ångström", "aangstroem", "angstrom"),
            ("þórsdóttir", "thorsdottir", "thorsdottir"),
        ];
        for (word, icao, plain) in cases {
            let forms = latin_forms(word);
            assert_eq!(forms[0], icao, "{word}");
            assert!(forms.contains(&plain.to_string()), "{word}: {forms:?}");
        }
    }

    #[test]
    fn slavic_and_turkish_letters_get_a_phonetic_spelling() {
        assert!(latin_forms("jošita").contains(&"joshita".to_string()));
        assert!(latin_forms("şiyar").contains(&"shiyar".to_string()));
        assert!(latin_forms("żbogar").contains(&"zhbogar".to_string()));
        assert_eq!(latin_forms("zéwén"), vec!["zewen".to_string()]);
    }

    #[test]
    fn x_is_also_read_as_sh_and_kh() {
        // Xavier (ks), Xiaoping (pinyin sh), Xurshid (Uzbek kh)
        let forms = latin_forms("xurshid");
        assert_eq!(forms, ["xurshid", "shurshid", "khurshid"]);
        assert_eq!(latin_forms("maria"), ["maria"]);
    }

    #[test]
    fn words_split_on_spaces_hyphens_and_punctuation() {
        let words = split_words("  Abd al-Rahman, O'Brien J. ");
        let texts: Vec<&str> = words.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(texts, ["abd", "al", "rahman", "obrien", "j"]);
        assert!(words[1].hyphen_after);
        assert!(!words[2].hyphen_after);
        assert!(words[4].dot_after);
    }

    #[test]
    fn an_apostrophe_after_a_hebrew_letter_is_a_geresh() {
        assert_eq!(split_words("ז'ראר")[0].text, "ז׳ראר");
    }

    #[test]
    fn hebrew_maqaf_and_katakana_dot_separate_words() {
        let words = split_words("ז׳אן־מארי");
        assert_eq!(words.len(), 2);
        assert_eq!(words[0].text, "ז׳אן");
        assert_eq!(split_words("ジャン・マリー").len(), 2);
    }

    #[test]
    fn folding_drops_tatweel_and_case() {
        assert_eq!(fold("مـحـمـد"), "محمد");
        assert_eq!(
            fold("İSTANBUL"),
            "i\u{307}stanbul".nfc().collect::<String>()
        );
        assert_eq!(fold("ＡＢＣ"), "abc");
    }

    #[test]
    fn very_long_names_are_bounded() {
        let long = "abcdefgh ".repeat(10_000);
        let words = split_words(&long);
        assert!(words.len() <= MAX_WORDS);
    }
}
