//! Countries: ISO 3166-1 alpha-3 (as machine-readable zones and ICAO write them) to
//! alpha-2 in lower case (as FollowTheMoney writes nationalities), so that a nationality
//! read from a passport is compared with a listed one. The codes of ISO 3166-1 as
//! published (249); ICAO's own codes (`D`, `GBD`, `UNO`, `XXA` ...) name no ISO country
//! and are left unmapped, except Germany's `D` and Kosovo's `RKS` (FollowTheMoney's `xk`).
//!
//! [`country_code`] reads a country in any usual form (alpha-2, alpha-3, FollowTheMoney's
//! codes, or a name in English, French or Arabic, in any word order: "Iran (Islamic
//! Republic of)", "Congo, The Democratic Republic of the", "جمهورية الكونغو الديمقراطية")
//! as its code; a form it does not know is `None`, never a guess.

use std::collections::HashMap;
use std::sync::LazyLock;

use unicode_normalization::UnicodeNormalization;

use crate::country_names::COUNTRY_NAMES;

/// Alpha-3 to alpha-2, sorted by alpha-3.
const ALPHA3_TO_ALPHA2: &[(&str, &str)] = &[
    ("ABW", "aw"),
    ("AFG", "af"),
    ("AGO", "ao"),
    ("AIA", "ai"),
    ("ALA", "ax"),
    ("ALB", "al"),
    ("AND", "ad"),
    ("ARE", "ae"),
    ("ARG", "ar"),
    ("ARM", "am"),
    ("ASM", "as"),
    ("ATA", "aq"),
    ("ATF", "tf"),
    ("ATG", "ag"),
    ("AUS", "au"),
    ("AUT", "at"),
    ("AZE", "az"),
    ("BDI", "bi"),
    ("BEL", "be"),
    ("BEN", "bj"),
    ("BES", "bq"),
    ("BFA", "bf"),
    ("BGD", "bd"),
    ("BGR", "bg"),
    ("BHR", "bh"),
    ("BHS", "bs"),
    ("BIH", "ba"),
    ("BLM", "bl"),
    ("BLR", "by"),
    ("BLZ", "bz"),
    ("BMU", "bm"),
    ("BOL", "bo"),
    ("BRA", "br"),
    ("BRB", "bb"),
    ("BRN", "bn"),
    ("BTN", "bt"),
    ("BVT", "bv"),
    ("BWA", "bw"),
    ("CAF", "cf"),
    ("CAN", "ca"),
    ("CCK", "cc"),
    ("CHE", "ch"),
    ("CHL", "cl"),
    ("CHN", "cn"),
    ("CIV", "ci"),
    ("CMR", "cm"),
    ("COD", "cd"),
    ("COG", "cg"),
    ("COK", "ck"),
    ("COL", "co"),
    ("COM", "km"),
    ("CPV", "cv"),
    ("CRI", "cr"),
    ("CUB", "cu"),
    ("CUW", "cw"),
    ("CXR", "cx"),
    ("CYM", "ky"),
    ("CYP", "cy"),
    ("CZE", "cz"),
    ("DEU", "de"),
    ("DJI", "dj"),
    ("DMA", "dm"),
    ("DNK", "dk"),
    ("DOM", "do"),
    ("DZA", "dz"),
    ("ECU", "ec"),
    ("EGY", "eg"),
    ("ERI", "er"),
    ("ESH", "eh"),
    ("ESP", "es"),
    ("EST", "ee"),
    ("ETH", "et"),
    ("FIN", "fi"),
    ("FJI", "fj"),
    ("FLK", "fk"),
    ("FRA", "fr"),
    ("FRO", "fo"),
    ("FSM", "fm"),
    ("GAB", "ga"),
    ("GBR", "gb"),
    ("GEO", "ge"),
    ("GGY", "gg"),
    ("GHA", "gh"),
    ("GIB", "gi"),
    ("GIN", "gn"),
    ("GLP", "gp"),
    ("GMB", "gm"),
    ("GNB", "gw"),
    ("GNQ", "gq"),
    ("GRC", "gr"),
    ("GRD", "gd"),
    ("GRL", "gl"),
    ("GTM", "gt"),
    ("GUF", "gf"),
    ("GUM", "gu"),
    ("GUY", "gy"),
    ("HKG", "hk"),
    ("HMD", "hm"),
    ("HND", "hn"),
    ("HRV", "hr"),
    ("HTI", "ht"),
    ("HUN", "hu"),
    ("IDN", "id"),
    ("IMN", "im"),
    ("IND", "in"),
    ("IOT", "io"),
    ("IRL", "ie"),
    ("IRN", "ir"),
    ("IRQ", "iq"),
    ("ISL", "is"),
    ("ISR", "il"),
    ("ITA", "it"),
    ("JAM", "jm"),
    ("JEY", "je"),
    ("JOR", "jo"),
    ("JPN", "jp"),
    ("KAZ", "kz"),
    ("KEN", "ke"),
    ("KGZ", "kg"),
    ("KHM", "kh"),
    ("KIR", "ki"),
    ("KNA", "kn"),
    ("KOR", "kr"),
    ("KWT", "kw"),
    ("LAO", "la"),
    ("LBN", "lb"),
    ("LBR", "lr"),
    ("LBY", "ly"),
    ("LCA", "lc"),
    ("LIE", "li"),
    ("LKA", "lk"),
    ("LSO", "ls"),
    ("LTU", "lt"),
    ("LUX", "lu"),
    ("LVA", "lv"),
    ("MAC", "mo"),
    ("MAF", "mf"),
    ("MAR", "ma"),
    ("MCO", "mc"),
    ("MDA", "md"),
    ("MDG", "mg"),
    ("MDV", "mv"),
    ("MEX", "mx"),
    ("MHL", "mh"),
    ("MKD", "mk"),
    ("MLI", "ml"),
    ("MLT", "mt"),
    ("MMR", "mm"),
    ("MNE", "me"),
    ("MNG", "mn"),
    ("MNP", "mp"),
    ("MOZ", "mz"),
    ("MRT", "mr"),
    ("MSR", "ms"),
    ("MTQ", "mq"),
    ("MUS", "mu"),
    ("MWI", "mw"),
    ("MYS", "my"),
    ("MYT", "yt"),
    ("NAM", "na"),
    ("NCL", "nc"),
    ("NER", "ne"),
    ("NFK", "nf"),
    ("NGA", "ng"),
    ("NIC", "ni"),
    ("NIU", "nu"),
    ("NLD", "nl"),
    ("NOR", "no"),
    ("NPL", "np"),
    ("NRU", "nr"),
    ("NZL", "nz"),
    ("OMN", "om"),
    ("PAK", "pk"),
    ("PAN", "pa"),
    ("PCN", "pn"),
    ("PER", "pe"),
    ("PHL", "ph"),
    ("PLW", "pw"),
    ("PNG", "pg"),
    ("POL", "pl"),
    ("PRI", "pr"),
    ("PRK", "kp"),
    ("PRT", "pt"),
    ("PRY", "py"),
    ("PSE", "ps"),
    ("PYF", "pf"),
    ("QAT", "qa"),
    ("REU", "re"),
    ("ROU", "ro"),
    ("RUS", "ru"),
    ("RWA", "rw"),
    ("SAU", "sa"),
    ("SDN", "sd"),
    ("SEN", "sn"),
    ("SGP", "sg"),
    ("SGS", "gs"),
    ("SHN", "sh"),
    ("SJM", "sj"),
    ("SLB", "sb"),
    ("SLE", "sl"),
    ("SLV", "sv"),
    ("SMR", "sm"),
    ("SOM", "so"),
    ("SPM", "pm"),
    ("SRB", "rs"),
    ("SSD", "ss"),
    ("STP", "st"),
    ("SUR", "sr"),
    ("SVK", "sk"),
    ("SVN", "si"),
    ("SWE", "se"),
    ("SWZ", "sz"),
    ("SXM", "sx"),
    ("SYC", "sc"),
    ("SYR", "sy"),
    ("TCA", "tc"),
    ("TCD", "td"),
    ("TGO", "tg"),
    ("THA", "th"),
    ("TJK", "tj"),
    ("TKL", "tk"),
    ("TKM", "tm"),
    ("TLS", "tl"),
    ("TON", "to"),
    ("TTO", "tt"),
    ("TUN", "tn"),
    ("TUR", "tr"),
    ("TUV", "tv"),
    ("TWN", "tw"),
    ("TZA", "tz"),
    ("UGA", "ug"),
    ("UKR", "ua"),
    ("UMI", "um"),
    ("URY", "uy"),
    ("USA", "us"),
    ("UZB", "uz"),
    ("VAT", "va"),
    ("VCT", "vc"),
    ("VEN", "ve"),
    ("VGB", "vg"),
    ("VIR", "vi"),
    ("VNM", "vn"),
    ("VUT", "vu"),
    ("WLF", "wf"),
    ("WSM", "ws"),
    ("YEM", "ye"),
    ("ZAF", "za"),
    ("ZMB", "zm"),
    ("ZWE", "zw"),
];

/// The lower-case alpha-2 code of an alpha-3 code (or of ICAO's `D` and `RKS`).
pub fn alpha2(alpha3: &str) -> Option<&'static str> {
    match alpha3 {
        "D" => return Some("de"),
        "RKS" => return Some("xk"),
        _ => {}
    }
    ALPHA3_TO_ALPHA2
        .binary_search_by(|(code, _)| (*code).cmp(alpha3))
        .ok()
        .map(|at| ALPHA3_TO_ALPHA2[at].1)
}

/// Whether `code` is an ISO 3166-1 alpha-3 code.
pub fn is_alpha3(code: &str) -> bool {
    ALPHA3_TO_ALPHA2
        .binary_search_by(|(known, _)| (*known).cmp(code))
        .is_ok()
}

/// Whether `code` (lower case) is an ISO 3166-1 alpha-2 code, or Kosovo's `xk`.
pub(crate) fn is_alpha2(code: &str) -> bool {
    code == "xk" || ALPHA3_TO_ALPHA2.iter().any(|(_, known)| *known == code)
}

/// Words that do not tell one country from another ("the Congo", "Iran (Islamic Republic
/// of)", "République du Congo"; "former Soviet Union").
const FILLER_WORDS: &[&str] = &[
    "the", "of", "and", "former", "la", "le", "les", "l", "de", "du", "des", "d", "et",
];

/// A name read so that its usual variants meet: diacritics, case, punctuation and word
/// order dropped, filler words left out, Arabic letters unified (hamza seats, ta marbuta,
/// alif maqsura, marks) and its article taken off.
fn name_key(name: &str) -> String {
    let folded: String = name
        .nfkd()
        .filter(|c| !matches!(c, '\u{300}'..='\u{36f}' | '\u{64b}'..='\u{65f}' | '\u{670}'))
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
            'ة' => 'ه',
            'ى' => 'ي',
            c if c.is_alphanumeric() => c,
            _ => ' ',
        })
        .collect();
    let mut words: Vec<&str> = folded
        .split(' ')
        .filter(|word| !word.is_empty() && !FILLER_WORDS.contains(word))
        .map(|word| match word.strip_prefix("ال") {
            Some(rest) if rest.chars().count() >= 2 => rest,
            _ => word,
        })
        .collect();
    words.sort_unstable();
    words.dedup();
    words.join(" ")
}

/// Every known name's key and its code; a key two countries' names share is left out
/// (`None` rather than either).
static NAMES_BY_KEY: LazyLock<HashMap<String, Option<&'static str>>> = LazyLock::new(|| {
    let mut by_key: HashMap<String, Option<&'static str>> = HashMap::new();
    for (code, name) in COUNTRY_NAMES {
        by_key
            .entry(name_key(name))
            .and_modify(|known| {
                if *known != Some(*code) {
                    *known = None;
                }
            })
            .or_insert(Some(*code));
    }
    by_key
});

/// A country as FollowTheMoney writes it, for a list read into entities: its code
/// ([`country_code`]) where the form is known, else as written (kept, and compared with
/// nothing).
pub fn code_or_as_written(value: &str) -> String {
    let value = value.trim();
    country_code(value).unwrap_or_else(|| value.to_string())
}

/// The code of a country written in any usual form: an alpha-2 code (`CD`), an alpha-3
/// code (`COD`), a FollowTheMoney code (`xk`, a territory such as `ge-ab`, a former
/// country such as `suhh`), or a name in English, French or Arabic. Lower-case alpha-2
/// for a country of today, the lower-case alpha-4 of ISO 3166-3 for a former one, and a
/// territory's code as written. `None` when the form is not known.
pub fn country_code(value: &str) -> Option<String> {
    let value = value.trim();
    if value.is_ascii() && !value.contains(' ') {
        let lower = value.to_ascii_lowercase();
        match lower.len() {
            2 if is_alpha2(&lower) => return Some(lower),
            3 => {
                if let Some(code) = alpha2(&value.to_ascii_uppercase()) {
                    return Some(code.to_string());
                }
            }
            4 if COUNTRY_NAMES.iter().any(|(code, _)| *code == lower) => return Some(lower),
            _ => {}
        }
        // FollowTheMoney's territories: a country's code, a hyphen, the territory's
        if let Some((country, territory)) = lower.split_once('-') {
            if is_alpha2(country)
                && (2..=4).contains(&territory.len())
                && territory.bytes().all(|b| b.is_ascii_lowercase())
            {
                return Some(lower);
            }
        }
    }
    NAMES_BY_KEY
        .get(&name_key(value))
        .copied()
        .flatten()
        .map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_country_is_read_in_every_usual_form_and_an_unknown_form_is_none() {
        let cases = [
            ("cd", "cd"),
            ("CD", "cd"),
            ("COD", "cd"),
            ("Democratic Republic of the Congo", "cd"),
            ("Congo, The Democratic Republic of the", "cd"),
            ("République démocratique du Congo", "cd"),
            ("جمهورية الكونغو الديمقراطية", "cd"),
            ("Congo", "cg"),
            ("Iran (Islamic Republic of)", "ir"),
            ("Islamic Republic of Iran", "ir"),
            ("إيران", "ir"),
            ("Syrian Arab Republic", "sy"),
            ("Syria", "sy"),
            ("سوريا", "sy"),
            ("United Kingdom of Great Britain and Northern Ireland", "gb"),
            ("Royaume-Uni", "gb"),
            ("Russian Federation", "ru"),
            ("Türkiye", "tr"),
            ("Turkey", "tr"),
            ("Turquie", "tr"),
            ("State of Palestine", "ps"),
            ("Democratic People's Republic of Korea", "kp"),
            ("Côte d'Ivoire", "ci"),
            ("Ivory Coast", "ci"),
            ("  iraq ", "iq"),
            ("العراق", "iq"),
            ("Irak", "iq"),
            ("former Soviet Union", "suhh"),
            ("SUHH", "suhh"),
            ("Burma", "mm"),
            ("Zaire", "cd"),
            ("xk", "xk"),
            ("ge-ab", "ge-ab"),
        ];
        for (value, want) in cases {
            assert_eq!(country_code(value).as_deref(), Some(want), "{value}");
        }
        // not a country, or not one gatecheck knows: never guessed
        for value in ["n/a", "zz", "Atlantis", "", "XXA", "ZZZ", "Republic", "12"] {
            assert_eq!(country_code(value), None, "{value}");
        }
    }

    #[test]
    fn few_names_of_the_table_are_shared_by_two_countries() {
        let shared: Vec<&String> = NAMES_BY_KEY
            .iter()
            .filter(|(_, code)| code.is_none())
            .map(|(key, _)| key)
            .collect();
        // every name of the table reads as its own country, or as none
        for (code, name) in COUNTRY_NAMES {
            let read = country_code(name);
            assert!(
                read.as_deref() == Some(*code) || read.is_none() || code.len() == 4,
                "{name} reads as {read:?}, not {code}"
            );
        }
        assert!(shared.len() <= 10, "{shared:?}");
    }

    #[test]
    fn codes_map_and_the_table_is_sorted() {
        assert!(ALPHA3_TO_ALPHA2.windows(2).all(|w| w[0].0 < w[1].0));
        assert_eq!(ALPHA3_TO_ALPHA2.len(), 249);
        assert_eq!(alpha2("JOR"), Some("jo"));
        assert_eq!(alpha2("IRQ"), Some("iq"));
        assert_eq!(alpha2("D"), Some("de"));
        assert_eq!(alpha2("UTO"), None);
        assert!(is_alpha3("GBR") && !is_alpha3("GBD"));
    }
}
