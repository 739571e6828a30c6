//! Phonetic comparison of Latin spellings: a weighted edit distance over sound units in the
//! manner of Editex (Zobel and Dart, 1996), where letters that stand for related sounds
//! (b/p, k/c/q, s/sh/sch/sz, ch/tsch/cz, l/r, v/w/u ...) substitute cheaply, vowels and weak
//! letters are cheap to insert or drop, and doubled letters are nearly free. Also the
//! consonant-class key used to find candidate spellings in an index.

/// One sound unit of a Latin spelling.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum Unit {
    A,
    E,
    I,
    O,
    U,
    Y,
    W,
    H,
    B,
    P,
    F,
    V,
    M,
    T,
    D,
    N,
    L,
    R,
    K,
    G,
    Q,
    C,
    S,
    Z,
    X,
    J,
    Sh,
    Zh,
    Ch,
    Dzh,
    Kh,
    Gh,
    Th,
    Dh,
    Ts,
    Dz,
}

const UNIT_COUNT: usize = 36;

impl Unit {
    fn is_vowel(self) -> bool {
        matches!(self, Unit::A | Unit::E | Unit::I | Unit::O | Unit::U)
    }

    fn is_weak(self) -> bool {
        matches!(self, Unit::Y | Unit::W | Unit::H)
    }

    /// The two units a letter group is spelt with ("ts" = t + s), for groups that arise
    /// by chance where two letters meet.
    fn letters(self) -> Option<(Unit, Unit)> {
        Some(match self {
            Unit::Sh => (Unit::S, Unit::H),
            Unit::Zh => (Unit::Z, Unit::H),
            Unit::Kh => (Unit::K, Unit::H),
            Unit::Gh => (Unit::G, Unit::H),
            Unit::Th => (Unit::T, Unit::H),
            Unit::Dh => (Unit::D, Unit::H),
            Unit::Ts => (Unit::T, Unit::S),
            Unit::Dz => (Unit::D, Unit::Z),
            _ => return None,
        })
    }

    /// The letters this unit is written with, for explanations.
    pub fn spelling(self) -> &'static str {
        UNIT_SPELLINGS[self as usize]
    }

    /// Consonant class for the index key; `None` for vowels and weak letters.
    fn key_class(self) -> Option<u8> {
        Some(match self {
            // j is a glide in most spellings that use it (Slavic, German, Nordic)
            Unit::A
            | Unit::E
            | Unit::I
            | Unit::O
            | Unit::U
            | Unit::Y
            | Unit::W
            | Unit::H
            | Unit::J => return None,
            Unit::B | Unit::P | Unit::F | Unit::V => b'p',
            Unit::M | Unit::N => b'n',
            Unit::T | Unit::D | Unit::Th | Unit::Dh => b't',
            Unit::L | Unit::R => b'r',
            Unit::K | Unit::G | Unit::Q | Unit::C | Unit::Kh | Unit::Gh => b'k',
            Unit::S
            | Unit::Z
            | Unit::X
            | Unit::Sh
            | Unit::Zh
            | Unit::Ch
            | Unit::Dzh
            | Unit::Ts
            | Unit::Dz => b's',
        })
    }
}

const UNIT_SPELLINGS: [&str; UNIT_COUNT] = [
    "a", "e", "i", "o", "u", "y", "w", "h", "b", "p", "f", "v", "m", "t", "d", "n", "l", "r", "k",
    "g", "q", "c", "s", "z", "x", "j", "sh", "zh", "ch", "dzh", "kh", "gh", "th", "dh", "ts", "dz",
];

/// The most units a spelling is read to; longer spellings are cut.
pub const MAX_UNITS: usize = 40;

/// Reads a lower-case ASCII spelling into sound units, longest letter group first
/// ("tsch" -> ch, "sch" -> sh, "c" before e/i/y -> s). Other characters are skipped.
pub fn units(spelling: &str) -> Vec<Unit> {
    let bytes = spelling.as_bytes();
    let mut out = Vec::with_capacity(bytes.len().min(MAX_UNITS));
    let mut i = 0;
    while i < bytes.len() && out.len() < MAX_UNITS {
        let rest = &bytes[i..];
        if rest[0] == b'x' {
            // x is "ks" in most spellings (Alexios, Maxie, Xerxes)
            out.extend([Unit::K, Unit::S]);
            i += 1;
            continue;
        }
        let (unit, used) = read_unit(rest);
        if let Some(unit) = unit {
            // a doubled vowel marks length, which most spellings leave out ("oo" in
            // "Yoon", "aa" in "Aaditi"): read it once
            let long_vowel = unit.is_vowel() && out.last() == Some(&unit) && used == 1;
            if !long_vowel {
                out.push(unit);
            }
        }
        i += used;
    }
    out
}

fn read_unit(rest: &[u8]) -> (Option<Unit>, usize) {
    const GROUPS: [(&[u8], Unit); 22] = [
        (b"tsch", Unit::Ch),
        (b"dsch", Unit::Dzh),
        (b"shch", Unit::Sh), // the following "ch" is read next
        (b"sch", Unit::Sh),
        (b"dzh", Unit::Dzh),
        (b"tch", Unit::Ch),
        (b"tsh", Unit::Ch),
        (b"sh", Unit::Sh),
        (b"sz", Unit::Sh),
        (b"zh", Unit::Zh),
        (b"ch", Unit::Ch),
        (b"cz", Unit::Ch),
        (b"kh", Unit::Kh),
        (b"gh", Unit::Gh),
        (b"th", Unit::Th),
        (b"dh", Unit::Dh),
        (b"ph", Unit::F),
        (b"ts", Unit::Ts),
        (b"tz", Unit::Ts),
        (b"dz", Unit::Dz),
        (b"dj", Unit::Dzh),
        (b"ck", Unit::K),
    ];
    for (group, unit) in GROUPS {
        if rest.starts_with(group) {
            // "shch" keeps its "ch" for the next unit
            let used = if group == b"shch" { 2 } else { group.len() };
            return (Some(unit), used);
        }
    }
    let unit = match rest[0] {
        b'a' => Unit::A,
        b'e' => Unit::E,
        b'i' => Unit::I,
        b'o' => Unit::O,
        b'u' => Unit::U,
        b'y' => Unit::Y,
        b'w' => Unit::W,
        b'h' => Unit::H,
        b'b' => Unit::B,
        b'p' => Unit::P,
        b'f' => Unit::F,
        b'v' => Unit::V,
        b'm' => Unit::M,
        b't' => Unit::T,
        b'd' => Unit::D,
        b'n' => Unit::N,
        b'l' => Unit::L,
        b'r' => Unit::R,
        b'k' => Unit::K,
        b'g' => Unit::G,
        b'q' => Unit::Q,
        b'c' => match rest.get(1) {
            Some(b'e' | b'i' | b'y') => Unit::S,
            _ => Unit::C,
        },
        b's' => Unit::S,
        b'z' => Unit::Z,
        b'j' => Unit::J,
        _ => return (None, 1),
    };
    (Some(unit), 1)
}

/// Sound groups: two units in a common group are near each other. A unit may sit in several.
const GROUPS: &[&[Unit]] = &[
    &[Unit::B, Unit::P],
    &[Unit::F, Unit::V, Unit::P, Unit::W],
    &[Unit::V, Unit::W, Unit::B],
    &[Unit::T, Unit::D, Unit::Th, Unit::Dh],
    &[Unit::K, Unit::G, Unit::Q, Unit::C, Unit::X],
    &[Unit::K, Unit::Kh, Unit::Ch, Unit::X, Unit::Q],
    &[Unit::H, Unit::Kh, Unit::Gh, Unit::X, Unit::Ch],
    &[Unit::G, Unit::Gh, Unit::H],
    // Japanese fu/hu, Spanish and Arabic f/h
    &[Unit::F, Unit::H],
    // Japanese ti/chi, tu/tsu; Korean and Slavic palatalisation
    &[Unit::T, Unit::Ch, Unit::Ts],
    &[Unit::S, Unit::Z, Unit::C, Unit::X, Unit::Ts, Unit::Th],
    &[Unit::S, Unit::Sh],
    &[Unit::Sh, Unit::Zh, Unit::Ch, Unit::Dzh, Unit::J, Unit::X],
    &[Unit::Ch, Unit::Ts, Unit::C, Unit::Z, Unit::Dz],
    &[Unit::Dz, Unit::Z, Unit::Ts, Unit::Dzh, Unit::J],
    &[Unit::J, Unit::Dzh, Unit::Zh, Unit::G, Unit::Y],
    &[Unit::Y, Unit::J, Unit::I, Unit::E],
    &[Unit::L, Unit::R],
    &[Unit::M, Unit::N],
    &[Unit::W, Unit::U, Unit::O, Unit::V],
    &[Unit::Dh, Unit::Z, Unit::D],
];

/// Costs of the edit distance. Vowels are cheaper still when one side comes from a script
/// that leaves vowels unwritten or adds its own (Arabic, Hebrew, kana, Han, Hangul).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Costs {
    pub near_substitution: f32,
    pub vowel_substitution: f32,
    pub vowel_indel: f32,
    pub weak_indel: f32,
    pub double_indel: f32,
    /// An r after a vowel and before a consonant or the end ("Harford", "Bleacher"), which
    /// non-rhotic English and its Japanese and Chinese transcriptions do not pronounce.
    pub coda_r_indel: f32,
    /// Taken off the similarity when the first consonants differ.
    pub onset_mismatch: f32,
}

impl Costs {
    pub const ALPHABETIC: Costs = Costs {
        near_substitution: 0.3,
        vowel_substitution: 0.35,
        vowel_indel: 0.5,
        weak_indel: 0.4,
        double_indel: 0.15,
        coda_r_indel: 1.0,
        onset_mismatch: 0.08,
    };
    pub const VOWELS_UNRELIABLE: Costs = Costs {
        near_substitution: 0.3,
        vowel_substitution: 0.25,
        vowel_indel: 0.25,
        weak_indel: 0.3,
        double_indel: 0.1,
        coda_r_indel: 0.35,
        onset_mismatch: 0.08,
    };
}

const fn near_table() -> [[bool; UNIT_COUNT]; UNIT_COUNT] {
    let mut table = [[false; UNIT_COUNT]; UNIT_COUNT];
    let mut g = 0;
    while g < GROUPS.len() {
        let group = GROUPS[g];
        let mut i = 0;
        while i < group.len() {
            let mut j = 0;
            while j < group.len() {
                table[group[i] as usize][group[j] as usize] = true;
                j += 1;
            }
            i += 1;
        }
        g += 1;
    }
    table
}

static NEAR: [[bool; UNIT_COUNT]; UNIT_COUNT] = near_table();

impl Costs {
    fn substitution(&self, a: Unit, b: Unit) -> f32 {
        if a == b {
            0.0
        } else if a.is_vowel() && b.is_vowel() {
            self.vowel_substitution
        } else if NEAR[a as usize][b as usize] {
            self.near_substitution
        } else {
            1.0
        }
    }

    /// Cost of inserting or deleting `units[at]` within its own spelling.
    fn indel(&self, units: &[Unit], at: usize) -> f32 {
        let unit = units[at];
        let doubled = (at > 0 && units[at - 1] == unit) || units.get(at + 1) == Some(&unit);
        let in_vowel_cluster = unit.is_vowel()
            && ((at > 0 && units[at - 1].is_vowel())
                || units.get(at + 1).is_some_and(|u| u.is_vowel()));
        let coda_r = unit == Unit::R
            && at > 0
            && units[at - 1].is_vowel()
            && units.get(at + 1).is_none_or(|next| !next.is_vowel());
        if doubled {
            self.double_indel
        } else if coda_r {
            self.coda_r_indel
        } else if in_vowel_cluster {
            // diphthongs and vowel length are written many ways (ou/o, ae/e, eo/u, ie/i)
            self.vowel_indel * 0.5
        } else if unit.is_vowel() {
            self.vowel_indel
        } else if unit.is_weak() {
            self.weak_indel
        } else {
            1.0
        }
    }

    /// Sum of the indel costs: the distance from nothing, used to scale distances.
    pub fn mass(&self, units: &[Unit]) -> f32 {
        (0..units.len()).map(|at| self.indel(units, at)).sum()
    }
}

/// Weighted edit distance between two unit sequences.
pub fn distance(a: &[Unit], b: &[Unit], costs: &Costs) -> f32 {
    let a = &a[..a.len().min(MAX_UNITS)];
    let b = &b[..b.len().min(MAX_UNITS)];
    const W: usize = MAX_UNITS + 1;
    let mut table = [0f32; W * W];
    let at = |i: usize, j: usize| i * W + j;
    let b_indel: [f32; MAX_UNITS] =
        std::array::from_fn(|j| if j < b.len() { costs.indel(b, j) } else { 0.0 });
    let a_indel: [f32; MAX_UNITS] =
        std::array::from_fn(|i| if i < a.len() { costs.indel(a, i) } else { 0.0 });
    for j in 0..b.len() {
        table[at(0, j + 1)] = table[at(0, j)] + b_indel[j];
    }
    for i in 0..a.len() {
        table[at(i + 1, 0)] = table[at(i, 0)] + a_indel[i];
        for j in 0..b.len() {
            let substitute = table[at(i, j)] + costs.substitution(a[i], b[j]);
            let delete = table[at(i, j + 1)] + a_indel[i];
            let insert = table[at(i + 1, j)] + b_indel[j];
            let mut best = substitute.min(delete).min(insert);
            // a letter group on one side ("ts") against its two letters on the other, side by
            // side ("t" + "s") or with a vowel between ("t" + "i" + "s"), as a romanisation
            // that runs letters together produces
            if let Some((x, y)) = a[i].letters() {
                if j >= 1 {
                    let split = table[at(i, j - 1)]
                        + costs.substitution(x, b[j - 1])
                        + costs.substitution(y, b[j]);
                    best = best.min(split + SPLIT_COST);
                }
                if j >= 2 && b[j - 1].is_vowel() {
                    let split = table[at(i, j - 2)]
                        + costs.substitution(x, b[j - 2])
                        + b_indel[j - 1]
                        + costs.substitution(y, b[j]);
                    best = best.min(split + SPLIT_COST);
                }
            }
            if let Some((x, y)) = b[j].letters() {
                if i >= 1 {
                    let split = table[at(i - 1, j)]
                        + costs.substitution(a[i - 1], x)
                        + costs.substitution(a[i], y);
                    best = best.min(split + SPLIT_COST);
                }
                if i >= 2 && a[i - 1].is_vowel() {
                    let split = table[at(i - 2, j)]
                        + costs.substitution(a[i - 2], x)
                        + a_indel[i - 1]
                        + costs.substitution(a[i], y);
                    best = best.min(split + SPLIT_COST);
                }
            }
            table[at(i + 1, j + 1)] = best;
        }
    }
    table[at(a.len(), b.len())]
}

/// Cost of reading a letter group as its two letters.
const SPLIT_COST: f32 = 0.1;

/// Similarity in [0, 1]: one minus the distance scaled by the larger of the two masses.
pub fn similarity(a: &[Unit], b: &[Unit], costs: &Costs) -> f32 {
    let scale = costs.mass(a).max(costs.mass(b));
    if scale <= 0.0 {
        return if a == b { 1.0 } else { 0.0 };
    }
    let similarity = 1.0 - distance(a, b, costs) / scale;
    let onset_penalty = if onsets_agree(a, b) {
        0.0
    } else {
        costs.onset_mismatch
    };
    (similarity - onset_penalty).clamp(0.0, 1.0)
}

/// Whether the first consonants of two spellings are the same or near sounds. Names keep
/// their first consonant across scripts and spellings far more often than any other (the
/// reason Soundex keeps the first letter); vowels and weak letters before it are skipped,
/// as scripts add and drop them.
fn onsets_agree(a: &[Unit], b: &[Unit]) -> bool {
    let onset = |units: &[Unit]| {
        units
            .iter()
            .copied()
            .find(|u| !u.is_vowel() && !u.is_weak())
    };
    match (onset(a), onset(b)) {
        (Some(x), Some(y)) => x == y || NEAR[x as usize][y as usize],
        _ => true,
    }
}

/// The consonant-class key of a spelling: vowels and weak letters dropped, consonants
/// reduced to six classes (labial, nasal, dental, liquid, velar, sibilant), repeats merged.
/// "Muhammad", "Mohamed" and "Mukhammed" share one key.
pub fn key(units: &[Unit]) -> String {
    let mut key = String::with_capacity(units.len());
    let mut last = 0u8;
    for unit in units {
        if let Some(class) = unit.key_class() {
            if class != last {
                key.push(class as char);
                last = class;
            }
        }
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sim(a: &str, b: &str) -> f32 {
        similarity(&units(a), &units(b), &Costs::ALPHABETIC)
    }

    #[test]
    fn letter_groups_read_as_one_unit() {
        assert_eq!(
            units("tschechow"),
            [Unit::Ch, Unit::E, Unit::Ch, Unit::O, Unit::W]
        );
        assert_eq!(units("shchedrin")[..2], [Unit::Sh, Unit::Ch]);
        assert_eq!(units("cecil")[0], Unit::S);
        assert_eq!(units("carl")[0], Unit::C);
    }

    #[test]
    fn spellings_of_one_name_are_close_and_different_names_are_not() {
        let same = [
            ("mohammed", "muhammad"),
            ("wetoschkin", "vetoshkin"),
            ("schytnyk", "zhytnyk"),
            ("jachlakowa", "yakhlakova"),
            ("tschaikowski", "chaykovskiy"),
            ("batten", "batn"),
        ];
        for (a, b) in same {
            assert!(sim(a, b) >= 0.7, "{a} {b}: {}", sim(a, b));
        }
        let different = [
            ("batten", "martin"),
            ("kishimoto", "jakobsson"),
            ("hosam", "alexios"),
        ];
        for (a, b) in different {
            assert!(sim(a, b) < 0.6, "{a} {b}: {}", sim(a, b));
        }
    }

    #[test]
    fn similarity_is_symmetric_and_one_for_equal_spellings() {
        for (a, b) in [("abc", "abd"), ("sellergren", "sailegelun"), ("", "x")] {
            assert!((sim(a, b) - sim(b, a)).abs() < 1e-6);
        }
        assert_eq!(sim("hiroshi", "hiroshi"), 1.0);
    }

    #[test]
    fn keys_ignore_vowels_and_merge_related_consonants() {
        let k = |s: &str| key(&units(s));
        assert_eq!(k("muhammad"), k("mohamed"));
        assert_eq!(k("sellergren"), k("sailegelun"));
        assert_eq!(k("pavlovskij"), k("pavurofusukii"));
    }
}
