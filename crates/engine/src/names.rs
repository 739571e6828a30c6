//! Names as comparable parts: words read in any supported script, written in Latin letters
//! in each usual way, with Arabic name structure (the article, `abd` with the name after it,
//! bin/ibn), particles, titles and initials recognised.

use crate::legal_forms::{self, FoundForm};
use crate::morphology;
use crate::person::EntityKind;
use crate::phonetic::{self, Unit};
use crate::romanize;
use crate::script::Script;
use crate::text::{self, Word};

/// The most parts kept from one name.
pub const MAX_PARTS: usize = 8;

/// What a part of a name is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PartRole {
    /// A given name, family name, patronym ...
    Name,
    /// A connecting word that carries little identity: al-, bin, ibn, van, de ...
    Particle,
    /// A single letter standing for a name.
    Initial,
}

/// One Latin spelling of a part, read into sound units.
#[derive(Debug, Clone, PartialEq)]
pub struct Spelling {
    pub text: String,
    pub units: Vec<Unit>,
    /// Comparison costs of the units, worked out once.
    pub prepared: phonetic::Prepared,
    /// The spelling without a gender or patronym ending, when it has one.
    pub stem: Option<Stem>,
}

/// A spelling's stem and how many letters its ending had.
#[derive(Debug, Clone, PartialEq)]
pub struct Stem {
    pub units: Vec<Unit>,
    pub prepared: phonetic::Prepared,
    pub ending_letters: u8,
}

impl Spelling {
    pub fn new(text: String, script: Script) -> Spelling {
        let units = phonetic::units(&text);
        let stem = if takes_endings(script) {
            morphology::stem(&text).map(|stem| {
                Stem::new(
                    phonetic::units(stem),
                    (text.len() - stem.len()).min(u8::MAX as usize) as u8,
                )
            })
        } else {
            None
        };
        Spelling::from_units(text, units, stem)
    }

    /// A spelling from units already read (joined parts).
    pub fn from_units(text: String, units: Vec<Unit>, stem: Option<Stem>) -> Spelling {
        let prepared = phonetic::Prepared::of(&units);
        Spelling {
            text,
            units,
            prepared,
            stem,
        }
    }
}

impl Stem {
    pub fn new(units: Vec<Unit>, ending_letters: u8) -> Stem {
        let prepared = phonetic::Prepared::of(&units);
        Stem {
            units,
            prepared,
            ending_letters,
        }
    }
}

/// Scripts of languages whose family names change ending with gender or make patronyms.
fn takes_endings(script: Script) -> bool {
    matches!(script, Script::Latin | Script::Cyrillic | Script::Greek)
}

/// A part's spellings: the first in place (most parts have one), so that comparing a
/// listed part reads its spelling without following a pointer elsewhere in memory.
pub type Spellings = smallvec::SmallVec<[Spelling; 1]>;

/// One part of a name.
#[derive(Debug, Clone, PartialEq)]
pub struct NamePart {
    /// The part as written, folded ("al-khafājī" reads as the part "khafājī").
    pub text: String,
    pub script: Script,
    pub role: PartRole,
    /// Latin spellings, primary first; never empty.
    pub spellings: Spellings,
}

impl NamePart {
    fn new(text: String, script: Script, role: PartRole, forms: Vec<String>) -> Option<NamePart> {
        let spellings: Spellings = forms
            .into_iter()
            .filter(|form| !form.is_empty())
            .map(|form| Spelling::new(form, script))
            .filter(|spelling| !spelling.units.is_empty())
            .collect();
        if spellings.is_empty() {
            return None;
        }
        Some(NamePart {
            text,
            script,
            role,
            spellings,
        })
    }

    /// The primary Latin spelling.
    pub fn primary(&self) -> &str {
        &self.spellings[0].text
    }

    /// The index key of each spelling, with the spelling's index.
    /// Spellings with a gender or patronym ending also give the key of their stem, so that
    /// "Kowalska" is found from "Kowalski".
    pub fn spelling_keys(&self) -> Vec<(String, u8)> {
        let mut keys = Vec::with_capacity(self.spellings.len() + 1);
        for (index, spelling) in self.spellings.iter().enumerate() {
            keys.push((phonetic::key(&spelling.units), index as u8));
            if let Some(stem) = &spelling.stem {
                keys.push((phonetic::key(&stem.units), index as u8));
            }
        }
        keys.dedup();
        keys
    }

    /// The fine index key of each spelling (see [`phonetic::fine_key`]), with its index,
    /// and of its stem.
    pub fn spelling_fine_keys(&self) -> Vec<(String, u8)> {
        let mut keys = Vec::with_capacity(self.spellings.len() + 1);
        for (index, spelling) in self.spellings.iter().enumerate() {
            keys.push((phonetic::fine_key(&spelling.units), index as u8));
            if let Some(stem) = &spelling.stem {
                keys.push((phonetic::fine_key(&stem.units), index as u8));
            }
        }
        keys.dedup();
        keys
    }

    /// The index keys of all spellings, without repeats.
    pub fn keys(&self) -> Vec<String> {
        let mut keys: Vec<String> = Vec::with_capacity(self.spellings.len());
        for spelling in &self.spellings {
            let key = phonetic::key(&spelling.units);
            if !keys.contains(&key) {
                keys.push(key);
            }
        }
        keys
    }
}

/// A whole name: what was written and its parts.
#[derive(Debug, Clone, PartialEq)]
pub struct Name {
    pub text: String,
    pub parts: Vec<NamePart>,
    /// An organisation's legal forms, set apart from its parts
    /// ([`parse_organisation_name`]).
    pub legal_forms: Vec<FoundForm>,
}

/// The most numbers read from one name.
const MAX_NUMBERS: usize = 8;

/// Number words that name numbers in organisations' names ("First National Bank", "Second
/// Shipyard", "الشركة الأولى"): English, French and Arabic cardinals and ordinals from 1 to
/// 12 and 20 (English tens to 90), left out where they are usual given names or particles
/// ("un", "une"). A ten followed by a unit is one number ("forty-four", "Forty 4": 44).
const NUMBER_WORDS: &[(&str, u32)] = &[
    ("one", 1),
    ("first", 1),
    ("two", 2),
    ("second", 2),
    ("three", 3),
    ("third", 3),
    ("four", 4),
    ("fourth", 4),
    ("five", 5),
    ("fifth", 5),
    ("six", 6),
    ("sixth", 6),
    ("seven", 7),
    ("seventh", 7),
    ("eight", 8),
    ("eighth", 8),
    ("nine", 9),
    ("ninth", 9),
    ("ten", 10),
    ("tenth", 10),
    ("eleven", 11),
    ("eleventh", 11),
    ("twelve", 12),
    ("twelfth", 12),
    ("twenty", 20),
    ("twentieth", 20),
    ("thirty", 30),
    ("thirtieth", 30),
    ("forty", 40),
    ("fortieth", 40),
    ("fifty", 50),
    ("fiftieth", 50),
    ("sixty", 60),
    ("sixtieth", 60),
    ("seventy", 70),
    ("seventieth", 70),
    ("eighty", 80),
    ("eightieth", 80),
    ("ninety", 90),
    ("ninetieth", 90),
    ("premier", 1),
    ("premiere", 1),
    ("première", 1),
    ("deux", 2),
    ("deuxieme", 2),
    ("deuxième", 2),
    ("seconde", 2),
    ("trois", 3),
    ("troisieme", 3),
    ("troisième", 3),
    ("quatre", 4),
    ("quatrieme", 4),
    ("quatrième", 4),
    ("cinq", 5),
    ("cinquieme", 5),
    ("cinquième", 5),
    ("sixieme", 6),
    ("sixième", 6),
    ("sept", 7),
    ("septieme", 7),
    ("septième", 7),
    ("huit", 8),
    ("huitieme", 8),
    ("huitième", 8),
    ("neuf", 9),
    ("neuvieme", 9),
    ("neuvième", 9),
    ("dix", 10),
    ("dixieme", 10),
    ("dixième", 10),
    ("onze", 11),
    ("onzieme", 11),
    ("onzième", 11),
    ("douze", 12),
    ("douzieme", 12),
    ("douzième", 12),
    ("vingt", 20),
    ("vingtieme", 20),
    ("vingtième", 20),
    ("الاول", 1),
    ("الأول", 1),
    ("الاولى", 1),
    ("الأولى", 1),
    ("الثاني", 2),
    ("الثانية", 2),
    ("الثالث", 3),
    ("الثالثة", 3),
    ("الرابع", 4),
    ("الرابعة", 4),
    ("الخامس", 5),
    ("الخامسة", 5),
    ("السادس", 6),
    ("السادسة", 6),
    ("السابع", 7),
    ("السابعة", 7),
    ("الثامن", 8),
    ("الثامنة", 8),
    ("التاسع", 9),
    ("التاسعة", 9),
    ("العاشر", 10),
    ("العاشرة", 10),
];

/// The value of a Roman numeral written in its usual form (`xii`, `xiv`, `mcmxc`), or
/// `None` (`iiii`, `vx`, `il` are not).
fn roman_value(word: &str) -> Option<u32> {
    let digit = |c: char| match c {
        'i' => Some(1),
        'v' => Some(5),
        'x' => Some(10),
        'l' => Some(50),
        'c' => Some(100),
        'd' => Some(500),
        'm' => Some(1000),
        _ => None,
    };
    let values: Vec<u32> = word.chars().map(digit).collect::<Option<_>>()?;
    let mut total = 0;
    for (at, value) in values.iter().enumerate() {
        match values.get(at + 1) {
            Some(next) if next > value => total -= *value as i64,
            _ => total += *value as i64,
        }
    }
    let total = u32::try_from(total)
        .ok()
        .filter(|t| (1..4000).contains(t))?;
    // only the usual form counts: written back, it must read the same
    (roman_form(total) == word).then_some(total)
}

fn roman_form(mut value: u32) -> String {
    const STEPS: &[(u32, &str)] = &[
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    let mut form = String::new();
    for (step, letters) in STEPS {
        while value >= *step {
            form.push_str(letters);
            value -= step;
        }
    }
    form
}

/// The value of a run of digits (ASCII, Arabic-Indic or Eastern Arabic-Indic), or `None`.
fn digits_value(digits: &str) -> Option<u32> {
    let mut value: u32 = 0;
    for c in digits.chars() {
        let digit = match c {
            '0'..='9' => c as u32 - '0' as u32,
            '\u{660}'..='\u{669}' => c as u32 - 0x660,
            '\u{6f0}'..='\u{6f9}' => c as u32 - 0x6f0,
            _ => return None,
        };
        value = value.checked_mul(10)?.checked_add(digit)?;
    }
    Some(value)
}

/// The numbers a name holds, in any of its forms: digits with or without an ordinal ending
/// (`35`, `35th`, `2e`, `٣`), Roman numerals of two letters or more that are not the
/// name's first word (`Fund XII`, `Henry VIII`: a first word `Li` or `Di` is a name), and
/// number words ([`NUMBER_WORDS`]). Sorted, without repeats. Words that are numbers here
/// still take part in the name as it is read: only the comparison of numbers is added.
pub fn numbers_in(name: &str) -> Vec<u32> {
    let folded = text::fold(name);
    let mut numbers: Vec<u32> = Vec::new();
    let mut first = true;
    // the ten just read, which a unit after it completes ("forty 4")
    let mut ten: Option<u32> = None;
    for word in folded.split(|c: char| c.is_whitespace() || c == ',' || c == '-' || c == '/') {
        let word =
            word.trim_matches(|c: char| !c.is_alphanumeric() && !matches!(c, 'º' | 'ª' | '.'));
        if word.is_empty() {
            continue;
        }
        let digits_end = word
            .char_indices()
            .find(|(_, c)| !c.is_numeric())
            .map_or(word.len(), |(at, _)| at);
        let value = if digits_end > 0 {
            let (digits, ending) = word.split_at(digits_end);
            if ending.is_empty() || ending == "." || text::ORDINAL_ENDINGS.contains(&ending) {
                digits_value(digits)
            } else {
                None
            }
        } else if let Some((_, value)) = NUMBER_WORDS.iter().find(|(w, _)| *w == word) {
            Some(*value)
        } else if !first && word.chars().count() >= 2 {
            roman_value(word)
        } else {
            None
        };
        first = false;
        let value = match (ten.take(), value) {
            (Some(tens), Some(unit @ 1..=9)) => {
                numbers.retain(|n| *n != tens);
                Some(tens + unit)
            }
            (_, value) => value,
        };
        let is_word = digits_end == 0;
        if let Some(value) = value {
            if is_word && (20..100).contains(&value) && value % 10 == 0 {
                ten = Some(value);
            }
            if !numbers.contains(&value) && numbers.len() < MAX_NUMBERS {
                numbers.push(value);
            }
        }
    }
    numbers.sort_unstable();
    numbers
}

/// Every part of a name written in any supported script (see [`parse_name`]).
fn parse_name_whole(name: &str) -> Name {
    let words = text::split_words(name);
    let mut pieces: Vec<Piece> = Vec::with_capacity(words.len() + 2);
    for word in &words {
        split_arabic_prefixes(word, &mut pieces);
    }
    let mut parts: Vec<NamePart> = Vec::with_capacity(pieces.len());
    let mut pending_abd: Option<NamePart> = None;
    let count = pieces.len();
    for index in 0..count {
        let piece = &pieces[index];
        let forms = spell(&piece.text, piece.script);
        let Some(first_form) = forms.first() else {
            continue;
        };
        let has_following_name = pieces[index + 1..].iter().any(|p| !p.article);
        if is_title(&forms) && count > 1 && (has_following_name || !parts.is_empty()) {
            continue;
        }
        let role = if piece.article
            || is_article_before(first_form, piece, pieces.get(index + 1))
            || (is_particle(first_form) && has_following_name && !parts.is_empty())
            || (first_form == "bin" || first_form == "ibn" || first_form == "bint")
        {
            PartRole::Particle
        } else if piece.script == Script::Latin
            && first_form.len() == 1
            && !syllable_of_hyphenated(&pieces, index)
        {
            PartRole::Initial
        } else {
            PartRole::Name
        };
        if let Some(abd) = pending_abd.take() {
            if role == PartRole::Particle {
                pending_abd = Some(abd);
                continue;
            }
            if let Some(joined) = join_abd(&abd, &piece.text, piece.script, &forms) {
                parts.push(joined);
                continue;
            }
            parts.push(abd);
        }
        let forms = if role == PartRole::Name {
            canonical_abd_forms(forms)
        } else {
            forms
        };
        let Some(part) = NamePart::new(piece.text.clone(), piece.script, role, forms) else {
            continue;
        };
        if role == PartRole::Name && is_abd_prefix(part.primary()) && has_following_name {
            pending_abd = Some(part);
            continue;
        }
        parts.push(part);
    }
    if let Some(abd) = pending_abd {
        parts.push(abd);
    }
    // a name with a word in traditional writing (陳, where the mainland writes 陈) is
    // written as Hong Kong, Macau and Taiwan write, and read in Cantonese too
    let traditional = parts
        .iter()
        .any(|part| part.script == Script::Han && romanize::is_traditional_han(&part.text));
    if !read_chinese_names_as_chinese(&mut parts, traditional) && traditional {
        read_traditional_names_in_cantonese(&mut parts);
    }
    let parts = join_compounds(parts);
    Name {
        text: name.chars().take(text::MAX_NAME_CHARS).collect(),
        parts,
        legal_forms: Vec::new(),
    }
}

/// The numbers of a name as an entity of `kind` bears it: [`numbers_in`], and for an
/// organisation (read without its legal forms) a last word of one letter that is a Roman
/// numeral (`I`, `V`, `X`), where words come before it (`Holdings I, Inc.` and `Holdings II, Inc.`: an
/// organisation's name rarely ends in an initial, a fund's or a holding's often in its
/// number). A person's `I` or `V` stays an initial.
pub fn numbers_of(kind: EntityKind, name: &str) -> Vec<u32> {
    if kind != EntityKind::Organization {
        return numbers_in(name);
    }
    // a legal form holds no number (`SA DE CV` is not 105)
    let stripped = legal_forms::strip(name);
    let rest = stripped
        .as_ref()
        .map_or(name, |stripped| stripped.rest.as_str());
    let mut numbers = numbers_in(rest);
    let words: Vec<&str> = rest
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '(' | ')' | '-' | '/'))
        .map(|word| word.trim_matches('.'))
        .filter(|word| !word.is_empty())
        .collect();
    if let [.., before, last] = words.as_slice() {
        let value = match *last {
            "I" | "i" => Some(1),
            "V" | "v" => Some(5),
            "X" | "x" => Some(10),
            _ => None,
        };
        // "& I" or "Y I" are words, not a number
        let joins = before.chars().count() <= 1 || matches!(*before, "and" | "AND" | "And");
        if let Some(value) = value.filter(|_| !joins) {
            if !numbers.contains(&value) && numbers.len() < MAX_NUMBERS {
                numbers.push(value);
                numbers.sort_unstable();
            }
        }
    }
    numbers
}

/// Reads a name written in any supported script, keeping its first [`MAX_PARTS`] parts.
/// Words in scripts the engine cannot read are left out; a name with no readable word has
/// no parts.
pub fn parse_name(name: &str) -> Name {
    let mut parsed = parse_name_whole(name);
    parsed.parts.truncate(MAX_PARTS);
    parsed
}

/// Reads a name as an entity of `kind` bears it: an organisation's with
/// [`parse_organisation_name`], a person's with [`parse_name`].
pub fn parse_name_of(kind: EntityKind, name: &str) -> Name {
    match kind {
        EntityKind::Person => parse_name(name),
        EntityKind::Organization => parse_organisation_name(name),
    }
}

/// Reads an organisation's name: its legal forms at its ends set apart
/// ([`legal_forms::strip`]: "Krupp AG" and "Krupp Aktiengesellschaft" are both "Krupp"),
/// the rest read as any name, and its generic words ("trading", "international") weighing
/// as particles do, unless the name has no other word.
pub fn parse_organisation_name(name: &str) -> Name {
    let stripped = legal_forms::strip(name);
    let mut parsed = match &stripped {
        Some(stripped) => parse_name_whole(&stripped.rest),
        None => parse_name_whole(name),
    };
    if parsed.parts.is_empty() {
        // what is left is not read (a script the engine cannot read): the name as written
        return parse_name(name);
    }
    parsed.text = name.chars().take(text::MAX_NAME_CHARS).collect();
    parsed.legal_forms = stripped.map(|s| s.forms).unwrap_or_default();
    let generic = |part: &NamePart| {
        part.role == PartRole::Name
            && (legal_forms::is_generic(&part.text)
                || legal_forms::is_form_word(&part.text)
                || part
                    .spellings
                    .iter()
                    .any(|s| legal_forms::is_generic(&s.text))
                || sounds_generic(part))
    };
    // decided once a part (a word in another script is compared by sound with each
    // generic word)
    let generic: Vec<bool> = parsed.parts.iter().map(generic).collect();
    if parsed
        .parts
        .iter()
        .zip(&generic)
        .any(|(part, &generic)| part.role == PartRole::Name && !generic)
    {
        for (part, generic) in parsed.parts.iter_mut().zip(generic) {
            if generic {
                part.role = PartRole::Particle;
            }
        }
    }
    // a long name keeps its words before its particles and generic words: the word that
    // tells two institutes of one ministry apart is often the last
    // ("... National Institute of Wine")
    while parsed.parts.len() > MAX_PARTS {
        match parsed
            .parts
            .iter()
            .rposition(|part| part.role != PartRole::Name)
        {
            Some(at) => {
                parsed.parts.remove(at);
            }
            None => parsed.parts.truncate(MAX_PARTS),
        }
    }
    parsed
}

/// How alike by sound a word in another script must be to a generic word to be taken for
/// it.
const GENERIC_SOUND: f32 = 0.85;
/// The fewest letters of a generic word looked for by sound (a short one sounds like too
/// many names).
const GENERIC_SOUND_MIN_LETTERS: usize = 5;

/// Whether a word written in a script other than Latin is a generic word of companies'
/// names written in that script by its sound (`ترادينغ` for "trading", `اينفستمنت` for
/// "investment", `КОМПАНИ` for "company"): a name in Arabic or Cyrillic letters spells
/// a Latin name's generic words as they sound, so that a word the listed name's Latin
/// letters weigh as generic weighs so in the other script too. Compared as any two
/// words are ([`crate::compare::compare_parts`]), with the generic words of five letters
/// or more.
fn sounds_generic(part: &NamePart) -> bool {
    static GENERIC: std::sync::OnceLock<Vec<NamePart>> = std::sync::OnceLock::new();
    // the alphabets a Latin word is spelt in by its sound
    if !matches!(
        part.script,
        Script::Arabic
            | Script::Cyrillic
            | Script::Greek
            | Script::Hebrew
            | Script::Georgian
            | Script::Armenian
    ) {
        return false;
    }
    let generic = GENERIC.get_or_init(|| {
        legal_forms::generic_words()
            .filter(|word| word.is_ascii() && word.len() >= GENERIC_SOUND_MIN_LETTERS)
            .filter_map(|word| parse_name(word).parts.into_iter().next())
            .collect()
    });
    let config = crate::compare::NameMatchConfig::default();
    generic
        .iter()
        .any(|word| crate::compare::compare_parts(part, word, &config).similarity >= GENERIC_SOUND)
}

/// The first character of a name written as one word in Chinese characters or Hangul, read
/// alone: the family name of most Chinese and Korean names (張 of 張國榮, 김 of 김정은).
/// In a name in traditional writing it is read in Cantonese too, as the whole is.
pub(crate) fn first_character(part: &NamePart) -> Option<NamePart> {
    let first: String = part.text.chars().take(1).collect();
    piece_of(part, first)
}

/// A piece of `part`'s word (some of its characters) read alone as the word is read: in a
/// name in traditional writing, in Cantonese too.
fn piece_of(part: &NamePart, piece: String) -> Option<NamePart> {
    let forms = match part.script {
        Script::Han if romanize::is_traditional_han(&part.text) => {
            romanize::romanize_han_in_traditional_name(&piece)
        }
        script => spell(&piece, script),
    };
    NamePart::new(piece, part.script, PartRole::Name, forms)
}

/// A name written as one word in Chinese characters or Hangul, of three or four
/// characters, read as its family name (the first character) and its given name (the
/// rest), each as [`first_character`] reads the first: for finding a list's spelling in
/// parts. Empty for other words.
pub(crate) fn family_and_given(part: &NamePart) -> Vec<NamePart> {
    let count = part.text.chars().count();
    if !matches!(part.script, Script::Han | Script::Hangul) || !(3..=4).contains(&count) {
        return Vec::new();
    }
    let Some(family) = first_character(part) else {
        return Vec::new();
    };
    let given: String = part.text.chars().skip(1).collect();
    piece_of(part, given)
        .map(|given| vec![family, given])
        .unwrap_or_default()
}

/// Reads each word in Chinese characters of a name in traditional writing (a word of it is:
/// 陳, where the mainland writes 陈) in Cantonese too, as those written alike in both
/// writings (大文 of 陳 大文) do not show it themselves.
fn read_traditional_names_in_cantonese(parts: &mut [NamePart]) {
    for part in parts.iter_mut() {
        if part.script != Script::Han || romanize::is_traditional_han(&part.text) {
            continue;
        }
        let forms = romanize::romanize_han_in_traditional_name(&part.text);
        if let Some(read) = NamePart::new(part.text.clone(), part.script, part.role, forms) {
            *part = read;
        }
    }
}

/// A name of two or more parts in Chinese characters, each one character (`兰 欣`), is
/// written as Chinese names are, and read as Chinese only: a Japanese name rarely has both
/// family and given name of one kanji (`小手森 護` keeps its Japanese readings). Read also
/// as Japanese, each character has several more readings, and a name read half as Chinese
/// and half as Japanese (`lan` + `gon`) is loosely like many names of other peoples.
/// `traditional`: the name is in traditional writing, and read in Cantonese too. Returns
/// whether the name was read so.
fn read_chinese_names_as_chinese(parts: &mut [NamePart], traditional: bool) -> bool {
    let chinese = parts.len() >= 2
        && parts
            .iter()
            .all(|part| part.script == Script::Han && part.text.chars().count() == 1);
    if !chinese {
        return false;
    }
    for part in parts.iter_mut() {
        let forms = romanize::romanize_han_as_chinese(&part.text, traditional);
        if let Some(chinese) = NamePart::new(part.text.clone(), part.script, part.role, forms) {
            *part = chinese;
        }
    }
    true
}

/// Reads a name written in Chinese characters as the entity's names in Latin letters (of
/// as many parts) say it is read: the list's own romanisation decides between the Chinese
/// and the Japanese readings. A character part is *confirmed* when a Latin part is spelt
/// as one of its readings (as [`parse_name`] reads it). When parts are confirmed as
/// Chinese only (`万 桂芳`, `Wan Guifang`), the name is Chinese: a confirmed part keeps the
/// readings given (with the Wade–Giles spelling of the usual one), another part its Chinese
/// readings. When parts are confirmed as Japanese only (`田中 淳`, `Tanaka Jun`), the name
/// is Japanese: a confirmed part keeps the readings given, another part its Japanese
/// readings. Read otherwise, a character's other readings (`桂芳` as the Japanese `keiho`,
/// `進發` as `jinbo`) are loosely like names of other peoples and only raise false alarms;
/// the Latin names themselves are still compared. A name with no part confirmed, or parts
/// confirmed both ways, is read as [`parse_name`] reads it. All the Latin names are taken
/// together, so the order a list gives its names in does not matter. Returns the name as
/// read, or `None` when `han` is not a name in Chinese characters or none of its parts is
/// confirmed.
pub fn read_as_romanised<'n>(han: &Name, latin: impl Iterator<Item = &'n Name>) -> Option<Name> {
    if han.parts.is_empty() || !han.parts.iter().all(|part| part.script == Script::Han) {
        return None;
    }
    let n = han.parts.len();
    let latin: Vec<&Name> = latin
        .filter(|name| {
            name.parts.len() == n && name.parts.iter().all(|part| part.script == Script::Latin)
        })
        .collect();
    if latin.is_empty() {
        return None;
    }
    // the readings the name has before any is confirmed
    let parsed = parse_name(&han.text);
    if parsed.parts.len() != n {
        return None;
    }
    // a name in traditional writing has its Cantonese spelling among its Chinese readings
    let traditional = parsed
        .parts
        .iter()
        .any(|part| romanize::is_traditional_han(&part.text));
    let chinese: Vec<Vec<String>> = parsed
        .parts
        .iter()
        .map(|part| romanize::romanize_han_as_chinese(&part.text, traditional))
        .collect();
    // the readings of each character part that a Latin part gives, and of which kind
    let mut confirmed: Vec<Vec<(&str, Reading)>> = vec![Vec::new(); n];
    for name in latin {
        for (h, found) in confirmed.iter_mut().enumerate() {
            for spelt in name.parts.iter().map(NamePart::primary) {
                let kind = if chinese[h].iter().any(|form| form == spelt) {
                    Reading::Chinese
                } else if parsed.parts[h].spellings.iter().any(|s| s.text == spelt) {
                    Reading::Japanese
                } else {
                    continue;
                };
                if !found.contains(&(spelt, kind)) {
                    found.push((spelt, kind));
                }
            }
        }
    }
    // names are only added: with no part confirmed now, none was before
    let mut kinds = confirmed.iter().flatten().map(|&(_, kind)| kind);
    let kind = kinds.next()?;
    if kinds.any(|other| other != kind) {
        return Some(parsed);
    }
    let mut read = parsed.clone();
    for (h, part) in parsed.parts.iter().enumerate() {
        let usual = romanize::romanize_han_usual_chinese(&part.text);
        let is_usual = |spelt: &str| usual.first().is_some_and(|first| first == spelt);
        // the usual reading first, then the others in the order of their letters: the
        // same whatever the order of the names
        confirmed[h].sort_by_key(|&(spelt, _)| (!is_usual(spelt), spelt));
        let mut forms: Vec<String> = Vec::new();
        for &(spelt, _) in &confirmed[h] {
            if kind == Reading::Chinese && is_usual(spelt) {
                forms.extend(usual.iter().cloned());
            } else {
                forms.push(spelt.to_string());
            }
        }
        if forms.is_empty() {
            forms = match kind {
                Reading::Chinese => chinese[h].clone(),
                Reading::Japanese => part
                    .spellings
                    .iter()
                    .filter(|s| !chinese[h].contains(&s.text))
                    .map(|s| s.text.clone())
                    .collect(),
            };
        }
        let forms = romanize::distinct_variants(forms);
        if let Some(part) = NamePart::new(part.text.clone(), part.script, part.role, forms) {
            read.parts[h] = part;
        }
    }
    Some(read)
}

/// Which language a name in Chinese characters is read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reading {
    Chinese,
    Japanese,
}

/// A word, or a piece of one split off by the Arabic article or `عبد`.
struct Piece {
    text: String,
    script: Script,
    article: bool,
    hyphen_after: bool,
}

const ARABIC_ARTICLE: &str = "\u{627}\u{644}"; // ال
const ARABIC_ABD: &str = "\u{639}\u{628}\u{62f}"; // عبد

/// Splits the article "ال" and the prefix "عبد" off an Arabic-script word, so that
/// "عبدالرحمن" reads as "abd" + article + "rahman".
fn split_arabic_prefixes(word: &Word, pieces: &mut Vec<Piece>) {
    let mut rest = word.text.as_str();
    // الله is one word, Allah, not the article and لـه
    if word.script == Script::Arabic && is_arabic_allah(rest) {
        pieces.push(Piece {
            text: rest.to_string(),
            script: word.script,
            article: false,
            hyphen_after: word.hyphen_after,
        });
        return;
    }
    if word.script == Script::Arabic {
        if let Some(after) = rest.strip_prefix(ARABIC_ABD) {
            if after.chars().count() >= 3 {
                pieces.push(arabic_piece(ARABIC_ABD, false));
                rest = after;
            }
        }
        if is_arabic_allah(rest) {
            // عبدالله: abd and Allah, whose article stays
            pieces.push(arabic_piece(rest, false));
            return;
        }
        if let Some(after) = rest.strip_prefix(ARABIC_ARTICLE) {
            if after.chars().count() >= 2 {
                pieces.push(arabic_piece(ARABIC_ARTICLE, true));
                rest = after;
            }
        }
    }
    pieces.push(Piece {
        text: rest.to_string(),
        script: word.script,
        article: false,
        hyphen_after: word.hyphen_after,
    });
}

fn arabic_piece(text: &str, article: bool) -> Piece {
    Piece {
        text: text.to_string(),
        script: Script::Arabic,
        article,
        hyphen_after: false,
    }
}

/// الله (with the Persian and Urdu heh too).
fn is_arabic_allah(text: &str) -> bool {
    matches!(
        text,
        "\u{627}\u{644}\u{644}\u{647}" | "\u{627}\u{644}\u{644}\u{6c1}"
    )
}

fn spell(text: &str, script: Script) -> Vec<String> {
    if script == Script::Arabic && is_arabic_allah(text) {
        return vec!["allah".to_string()];
    }
    match script {
        Script::Latin => text::latin_forms(text),
        Script::Other => Vec::new(),
        other => romanize::romanize_word(text, other),
    }
}

/// Titles and honorifics, left out of a name that has other words.
const TITLES: &[&str] = &[
    "mr", "mrs", "ms", "miss", "mme", "mlle", "dr", "prof", "sir", "dame", "lord", "sheikh",
    "shaikh", "shaykh", "sheik", "cheikh", "shykh", "haji", "hajji", "hadji", "alhaji", "alhajji",
    "hajj", "mullah", "mulla", "mullo", "maulana", "mawlana", "mwlana", "maulvi", "mawlawi",
    "maulavi", "mwlwy", "mufti", "qari", "ustad", "ustadh", "gen", "general", "col", "colonel",
    "capt", "captain", "maj", "lt", "sgt", "rev", "herr", "frau", "sr", "sra", "srta", "don",
    "dona",
];

/// Only the primary spelling counts: another reading of a name may spell a title by chance
/// (Hebrew "שיר" read "sir").
fn is_title(forms: &[String]) -> bool {
    forms
        .first()
        .is_some_and(|form| TITLES.contains(&form.as_str()))
}

/// Connecting words of names in many languages; a particle only when a name follows.
const PARTICLES: &[&str] = &[
    "al", "el", "bin", "ibn", "bint", "binti", "van", "von", "der", "den", "de", "da", "di", "du",
    "del", "della", "dos", "das", "do", "la", "le", "zu", "ter", "ten", "y", "ould",
];

fn is_particle(form: &str) -> bool {
    PARTICLES.contains(&form)
}

/// Whether the one-letter piece at `index` is a syllable of a hyphenated given name
/// (`Jong-O`, `O-Sung`), not an initial: joined by a hyphen to a piece of more letters. Two
/// initials may be hyphenated too (`J.-P.` for Jean-Pierre).
fn syllable_of_hyphenated(pieces: &[Piece], index: usize) -> bool {
    let longer = |piece: &Piece| piece.text.chars().filter(|c| c.is_alphabetic()).count() > 1;
    let after = index
        .checked_sub(1)
        .map(|before| &pieces[before])
        .is_some_and(|before| before.hyphen_after && longer(before));
    let before = pieces[index].hyphen_after && pieces.get(index + 1).is_some_and(longer);
    after || before
}

/// The Arabic article written before a hyphen, in its assimilated forms too: "ad-din",
/// "ash-shami", "ar-rashid" (the article takes the first sound of the next word).
fn is_article_before(form: &str, piece: &Piece, next: Option<&Piece>) -> bool {
    if !piece.hyphen_after || piece.script != Script::Latin {
        return false;
    }
    let Some(next) = next else { return false };
    match form {
        "al" | "el" | "ul" | "il" => true,
        _ => {
            let assimilated = ["a", "e", "u", "i"].iter().any(|vowel| {
                form.strip_prefix(vowel).is_some_and(|consonant| {
                    matches!(
                        consonant,
                        "d" | "r" | "s" | "sh" | "t" | "z" | "n" | "th" | "dh"
                    ) && text::fold(&next.text).starts_with(consonant)
                })
            });
            assimilated
        }
    }
}

/// "abd" and its spellings fused with the article, which take the next name as one unit.
fn is_abd_prefix(form: &str) -> bool {
    matches!(
        form,
        "abd"
            | "abdul"
            | "abdel"
            | "abdal"
            | "abdol"
            | "abdil"
            | "abdoul"
            | "abdur"
            | "abdar"
            | "abder"
            | "abdus"
            | "abdu"
            | "abdou"
    )
}

/// Spellings of Allah as the second half of a name (Karim Allah, Karim Ullah).
fn is_allah(form: &str) -> bool {
    matches!(form, "allah" | "ullah" | "ulla" | "alla" | "ollah")
}

/// The article as written between a name and Din (al-, ud, ad, ed, ul ...).
fn is_compound_article(form: &str) -> bool {
    matches!(
        form,
        "al" | "el" | "ul" | "ud" | "ad" | "ed" | "od" | "id" | "uddin"
    )
}

/// Spellings of Din (religion) as the second half of a name (Sadr al-Din, Zia ud Din).
fn is_din(form: &str) -> bool {
    matches!(
        form,
        "din" | "deen" | "dine" | "den" | "ddin" | "ddine" | "dyn"
    )
}

/// Theophoric and other compounds written as two or three words read as the one word
/// they are written as elsewhere: a name and Allah (`كريم الله`, `Karim Ullah` =
/// KARIMULLAH), a name, the article and Din (`صدر الدين`, `Sadr al-Din`, `Zia ud Din` =
/// SADRUDDIN, ZIAUDDIN). Only after a name: Allah Ditta and Din Mohammad keep their
/// parts. The joined part is spelt with each usual form of the joint (-ullah, -allah;
/// -uddin, -addin, -eddine).
fn join_compounds(parts: Vec<NamePart>) -> Vec<NamePart> {
    if parts.len() < 2 {
        return parts;
    }
    let mut out: Vec<NamePart> = Vec::with_capacity(parts.len());
    let mut at = 0;
    while at < parts.len() {
        let part = &parts[at];
        if part.role == PartRole::Name && !is_allah(part.primary()) && !is_din(part.primary()) {
            let next = parts.get(at + 1).map(NamePart::primary);
            let after = parts.get(at + 2).map(NamePart::primary);
            let joint: Option<(usize, &[&str])> = match (next, after) {
                (Some(allah), _) if is_allah(allah) => Some((2, &["ullah", "allah", "ulla"])),
                (Some(article), Some(din)) if is_compound_article(article) && is_din(din) => {
                    Some((3, &["uddin", "addin", "eddine"]))
                }
                _ => None,
            };
            if let Some((taken, endings)) = joint {
                let text = parts[at..at + taken]
                    .iter()
                    .map(|p| p.text.as_str())
                    .collect::<Vec<_>>()
                    .join(" ");
                let mut forms: Vec<String> = Vec::with_capacity(crate::romanize::MAX_VARIANTS);
                // the name's first spelling with each joint, then its second with the first
                for ending in endings {
                    forms.push(format!("{}{ending}", part.spellings[0].text));
                }
                if let Some(second) = part.spellings.get(1) {
                    forms.push(format!("{}{}", second.text, endings[0]));
                }
                forms.truncate(crate::romanize::MAX_VARIANTS);
                if let Some(joined) = NamePart::new(text, part.script, PartRole::Name, forms) {
                    out.push(joined);
                    at += taken;
                    continue;
                }
            }
        }
        out.push(parts[at].clone());
        at += 1;
    }
    out
}

/// "abd" + the next name as one part: "Abd al-Rahman" = "Abdul Rahman" = "abdrahman".
fn join_abd(abd: &NamePart, text: &str, script: Script, forms: &[String]) -> Option<NamePart> {
    // Allah begins with the article, which a one-word Abdullah drops
    // (`canonical_abd_forms`): so that Abd Allah, عبد الله and Abdullah meet
    let joined_forms: Vec<String> = forms
        .iter()
        .map(|form| {
            let form = if is_allah(form) { &form[2..] } else { form };
            format!("abd{}", strip_leading_double(form))
        })
        .collect();
    NamePart::new(
        format!("{} {}", abd.text, text),
        script,
        PartRole::Name,
        joined_forms,
    )
}

/// A one-word "Abdulrahman", "Abdurrahman", "Abdallah" reads as "abd" + the name.
fn canonical_abd_forms(forms: Vec<String>) -> Vec<String> {
    forms
        .into_iter()
        .map(|form| match form.strip_prefix("abd") {
            Some(rest) if rest.len() >= 3 => {
                let rest = rest.strip_prefix(['a', 'e', 'i', 'o', 'u']).unwrap_or(rest);
                let rest = rest.strip_prefix("u").unwrap_or(rest);
                let rest = rest.strip_prefix('l').unwrap_or(rest);
                format!("abd{}", strip_leading_double(rest))
            }
            _ => form,
        })
        .collect()
}

fn strip_leading_double(text: &str) -> &str {
    let bytes = text.as_bytes();
    if bytes.len() >= 3 && bytes[0] == bytes[1] && !b"aeiou".contains(&bytes[0]) {
        &text[1..]
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_in_traditional_writing_takes_its_cantonese_spelling_as_a_chinese_reading() {
        let spellings = |part: &NamePart| -> Vec<String> {
            part.spellings.iter().map(|s| s.text.clone()).collect()
        };
        // 陳 大 文 with the list's Chen Tai Ming: 陳 is confirmed in pinyin and 大 in
        // Cantonese, both Chinese readings, so the name is read as the list reads it: 陳 as
        // chen only (not also chan), 大 as tai, and 文, unconfirmed, by every Chinese
        // reading (wen in pinyin, man in Cantonese). Were Cantonese not a Chinese reading,
        // the readings would confirm both ways and every reading would be kept.
        let han = parse_name("陳 大 文");
        let latin = parse_name("Chen Tai Ming");
        let read = read_as_romanised(&han, std::iter::once(&latin)).expect("read");
        let chen = spellings(&read.parts[0]);
        assert!(chen.contains(&"chen".to_string()), "{chen:?}");
        assert!(!chen.contains(&"chan".to_string()), "{chen:?}");
        assert!(spellings(&read.parts[1]).contains(&"tai".to_string()));
        let wen = spellings(&read.parts[2]);
        assert!(wen.contains(&"wen".to_string()), "{wen:?}");
        assert!(wen.contains(&"man".to_string()), "{wen:?}");
        // the simplified 陈 大 文 has no Cantonese reading to confirm
        let simplified = parse_name("陈 大 文");
        let read = read_as_romanised(&simplified, std::iter::once(&latin)).expect("read");
        assert!(!spellings(&read.parts[2]).contains(&"man".to_string()));
    }

    #[test]
    fn numbers_are_read_in_every_form_and_a_name_first_is_not_a_roman_numeral() {
        let cases: [(&str, &[u32]); 16] = [
            // a ten and a unit after it are one number, however written
            ("Forty 4 Holdings", &[44]),
            ("Forty-Four Holdings", &[44]),
            ("Forty Holdings", &[40]),
            // digits are read as written: 40 and 5 are two numbers
            ("Block 40 5", &[5, 40]),
            ("Harbourline Capital Fund XII, L.P.", &[12]),
            ("35th Shipyard", &[35]),
            ("Henry VIII", &[8]),
            ("First National Bank", &[1]),
            ("La Deuxième Compagnie", &[2]),
            ("الشركة الثانية", &[2]),
            ("مصنع ٣٥", &[35]),
            ("Bataillon 3e, 2nd Company", &[2, 3]),
            // a first word that reads as a numeral is a name; "Li" at the end is 51 here,
            // which says nothing unless the other name holds a number too
            ("Li Wei", &[]),
            ("Di Maria", &[]),
            ("Wang Li", &[51]),
            ("Example Trading LLC", &[]),
        ];
        for (name, want) in cases {
            assert_eq!(numbers_in(name), want, "{name}");
        }
        // not the usual form of a numeral: a name
        assert_eq!(numbers_in("Fund IIII"), Vec::<u32>::new());
        // an organisation's last word of one letter is its number; a person's an initial
        for (name, want) in [
            ("Shelimar Real Estate Holdings I, Inc", &[1][..]),
            ("Harbourline Capital Fund V L.P.", &[5]),
            ("Harbourline Capital Fund II L.P.", &[2]),
            ("Vitamins & I", &[]),
            ("X", &[]),
            ("Example Trading LLC", &[]),
            // a legal form's letters are no numeral (`CV`, `CI`, `MI`)
            ("Comercializadora Toquin, SA DE CV", &[]),
            ("Toquin Fund XII, SA DE CV", &[12]),
        ] {
            assert_eq!(numbers_of(EntityKind::Organization, name), want, "{name}");
        }
        assert_eq!(
            numbers_of(EntityKind::Person, "Harbourline Capital Fund V"),
            Vec::<u32>::new()
        );
        // the ordinal ending is no part of the name
        assert_eq!(
            primaries("35th Shipyard"),
            [("shipyard".to_string(), PartRole::Name)]
        );
    }

    fn primaries(name: &str) -> Vec<(String, PartRole)> {
        parse_name(name)
            .parts
            .iter()
            .map(|p| (p.primary().to_string(), p.role))
            .collect()
    }

    fn name_parts(name: &str) -> Vec<String> {
        parse_name(name)
            .parts
            .iter()
            .filter(|p| p.role == PartRole::Name)
            .map(|p| p.primary().to_string())
            .collect()
    }

    #[test]
    fn abd_takes_the_following_name_in_every_spelling() {
        for name in [
            "Abd al-Rahman",
            "Abdulrahman",
            "Abdul Rahman",
            "Abdel Rahman",
            "Abdurrahman",
        ] {
            assert_eq!(name_parts(name), ["abdrahman"], "{name}");
        }
        assert_eq!(name_parts("Abdullah"), name_parts("Abdallah"));
    }

    #[test]
    fn the_arabic_article_and_its_assimilated_forms_are_particles() {
        let parts = primaries("Harun ar-Rashid al-Tusi");
        assert_eq!(parts[1], ("ar".to_string(), PartRole::Particle));
        assert_eq!(parts[3], ("al".to_string(), PartRole::Particle));
        assert_eq!(
            name_parts("Harun ar-Rashid al-Tusi"),
            ["harun", "rashid", "tusi"]
        );
        // a name, the article and Din are one compound
        assert_eq!(name_parts("Nasir ad-Din al-Tusi"), ["nasiruddin", "tusi"]);
        // "ad-" before a word not starting with d is not the article
        assert_eq!(name_parts("Ad-Mira")[0], "ad");
    }

    #[test]
    fn theophoric_compounds_written_apart_read_as_the_one_word() {
        for (written, one_word) in [
            ("كريم الله", "krimullah"),
            ("Karim Ullah", "karimullah"),
            ("Karim Allah", "karimullah"),
            ("صدر الدين", "sdruddin"),
            ("Sadr al-Din", "sadruddin"),
            ("Zia ud Din", "ziauddin"),
            ("Salah el Din", "salahuddin"),
        ] {
            let parts = name_parts(written);
            assert_eq!(parts.len(), 1, "{written}: {parts:?}");
            let spellings: Vec<String> = parse_name(written).parts[0]
                .spellings
                .iter()
                .map(|s| s.text.clone())
                .collect();
            assert!(
                spellings.contains(&one_word.to_string()),
                "{written}: {spellings:?}"
            );
        }
        // Abd Allah is read as Abdullah is, in either script and either spelling, and
        // Abd with any other name as the one word is
        let abdullah = name_parts("Abdullah");
        for written in ["عبد الله", "عبدالله", "Abd Allah", "Abd-Allah"] {
            assert_eq!(name_parts(written), abdullah, "{written}");
        }
        assert_eq!(name_parts("Abd al-Aziz"), name_parts("Abdulaziz"));
        assert_eq!(name_parts("Abd al-Rahman"), name_parts("Abdulrahman"));
        // Allah or Din first is a name of its own (Allah Ditta, Din Mohammad)
        assert_eq!(name_parts("Allah Ditta"), ["allah", "ditta"]);
        assert_eq!(name_parts("Din Mohammad"), ["din", "mohammad"]);
    }

    #[test]
    fn bin_and_ibn_are_particles_and_titles_are_dropped() {
        assert_eq!(name_parts("Sheikh Usama bin Ladin"), ["usama", "ladin"]);
        assert_eq!(name_parts("Dr. John Smith"), ["john", "smith"]);
        // a title alone is still a name
        assert_eq!(name_parts("Sheikh").len(), 1);
    }

    #[test]
    fn initials_are_recognised() {
        assert_eq!(
            primaries("J. Smith")[0],
            ("j".to_string(), PartRole::Initial)
        );
        // hyphenated initials stay initials ...
        let jean_pierre = primaries("J.-P. Sartre");
        assert_eq!(jean_pierre[0].1, PartRole::Initial);
        assert_eq!(jean_pierre[1].1, PartRole::Initial);
    }

    #[test]
    fn a_letter_hyphenated_to_a_syllable_is_a_syllable_not_an_initial() {
        // ... but a Korean given name's one-letter syllable is a name part: as an initial
        // it would agree at 0.85 with any name beginning with an o (an Arabic واتسوجي read
        // "oatsuji")
        for name in ["Jong-O Derrien", "O-Sung Park"] {
            let parts = primaries(name);
            assert!(
                parts.iter().all(|(_, role)| *role == PartRole::Name),
                "{name}: {parts:?}"
            );
        }
    }

    #[test]
    fn particles_before_a_name_have_little_weight_but_a_final_one_is_a_name() {
        assert_eq!(primaries("Ludwig van Beethoven")[1].1, PartRole::Particle);
        assert_eq!(primaries("Thi Le")[1].1, PartRole::Name);
    }

    #[test]
    fn unreadable_names_have_no_parts() {
        assert!(parse_name("").parts.is_empty());
        assert!(parse_name("1234 !!").parts.is_empty());
    }

    /// A generic word spelt in Arabic or Cyrillic letters as it sounds weighs as the Latin
    /// word does; the name's own words, in any script, stay names.
    #[test]
    fn a_generic_word_spelt_by_its_sound_in_another_script_is_generic() {
        let roles = |name: &str| -> Vec<(String, PartRole)> {
            parse_organisation_name(name)
                .parts
                .iter()
                .map(|part| (part.text.clone(), part.role))
                .collect()
        };
        for (name, generic, own) in [
            (
                "هامون سباهان كومرسيال ترادينغ",
                &["كومرسيال", "ترادينغ"][..],
                &["هامون", "سباهان"][..],
            ),
            ("ТАДБИР ИНВЕСТМЕНТ", &["инвестмент"][..], &["тадбир"][..]),
        ] {
            let parts = roles(name);
            for (text, role) in &parts {
                let folded = crate::text::fold(text);
                if generic.iter().any(|g| crate::text::fold(g) == folded) {
                    assert_eq!(*role, PartRole::Particle, "{name}: {parts:?}");
                } else if own.iter().any(|o| crate::text::fold(o) == folded) {
                    assert_eq!(*role, PartRole::Name, "{name}: {parts:?}");
                }
            }
            assert_eq!(
                parts
                    .iter()
                    .filter(|(_, role)| *role == PartRole::Particle)
                    .count(),
                generic.len(),
                "{name}: {parts:?}"
            );
        }
        // a name of nothing but generic words keeps them as names
        assert!(roles("اينترناتيونال ترادينغ")
            .iter()
            .all(|(_, role)| *role == PartRole::Name));
    }
}
