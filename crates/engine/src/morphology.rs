//! Endings that change with gender, or that make a patronym, in family names of many
//! languages (Polish -owa/-ówna/-anka, Czech -ová, Russian -ova/-skaya/-ovna/-ovich,
//! Lithuanian -ienė/-aitė, Dutch -szoon/-sdochter, Nordic -sson/-dottir, Greek -ou/-os).
//! Comparing the stems lets "Kowalska" meet "Kowalski" and "Wykurzowa" meet "Wykurz".

/// The shortest stem left after taking an ending off.
const MIN_STEM: usize = 4;

/// Endings, longest first within each family; the stem is what precedes them.
const ENDINGS: &[&str] = &[
    // Dutch and Nordic patronyms
    "sdochter", "dochter", "szoon", "zoon", "sdottir", "dottir", "dotter", "sson", "sen", "son",
    // Slavic patronyms
    "ovich", "evich", "ievich", "ovych", "evych", "ovic", "evic", "ovna", "evna", "ievna", "ich",
    // Polish, Czech, Slovak, Russian, Bulgarian feminine and adjectival forms
    "owna", "ewna", "ianka", "anka", "owa", "ewa", "ova", "eva", "yna", "ina", "aya", "aia",
    "skaya", "skaia", "skiy", "skij", "skyi", "skii", "ska", "ski", "sky", "cka", "cki", "cky",
    // Lithuanian and Latvian
    "iene", "aite", "yte", "ute", "iute", // Greek genitive and nominative endings
    "ou", "os", "is", "as",
];

/// The stem of a lower-case ASCII spelling: the spelling with the longest known ending
/// taken off, `sk`/`ck` kept ("kowalsk"); `None` when no ending applies.
pub fn stem(spelling: &str) -> Option<&str> {
    let mut best: Option<&str> = None;
    for ending in ENDINGS {
        if let Some(stem) = spelling.strip_suffix(ending) {
            let stem = if ending.starts_with("sk") || ending.starts_with("ck") {
                &spelling[..stem.len() + 2]
            } else {
                stem
            };
            if stem.len() >= MIN_STEM && best.is_none_or(|b| stem.len() < b.len()) {
                best = Some(stem);
            }
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::stem;

    #[test]
    fn feminine_and_patronymic_forms_share_the_stem_of_the_name() {
        let pairs = [
            ("wykurzowa", "wykurz"),
            ("barwikowna", "barwik"),
            ("kowalska", "kowalsk"),
            ("kowalski", "kowalsk"),
            ("podgurskaya", "podgursk"),
            ("adolfovna", "adolf"),
            ("adolfovich", "adolf"),
            ("egbertszoon", "egbert"),
            ("papadopoulou", "papadopoul"),
            ("gierlikowa", "gierlik"),
        ];
        for (spelling, want) in pairs {
            assert_eq!(stem(spelling), Some(want), "{spelling}");
        }
    }

    #[test]
    fn short_names_keep_their_ending() {
        assert_eq!(stem("anna"), None);
        assert_eq!(stem("eva"), None);
        assert_eq!(stem("ivan"), None);
    }
}
