//! Identifiers of money's parties, read and checked before they are compared: an account
//! (IBAN, ISO 13616, its two check digits and its country's layout in SWIFT's IBAN registry,
//! through the `iban_validate` crate), a bank (BIC, ISO 9362) and a legal entity (LEI,
//! ISO 17442, its two check digits) and a ship (its IMO number, a check digit). An identifier that agrees with a listed one is strong
//! evidence; a valid one that differs is a conflict; an invalid one is reported as such and
//! compared with nothing, never taken for a near miss (issue 18, item 2).

use crate::countries::is_alpha2;

pub use gatecheck_engine::person::{Identifier, IdentifierKind};

/// Why a text is not a valid identifier of its kind.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdentifierProblem {
    #[error("{kind} {text:?} is {found} characters long, not {expected}")]
    Length {
        kind: &'static str,
        text: String,
        found: usize,
        expected: &'static str,
    },
    #[error("{kind} {text:?} has {character:?} at position {position}, where {expected} belongs")]
    Character {
        kind: &'static str,
        text: String,
        character: char,
        position: usize,
        expected: &'static str,
    },
    #[error("{kind} {text:?} names no country ({country:?} is not an ISO 3166 code)")]
    Country {
        kind: &'static str,
        text: String,
        country: String,
    },
    #[error("{kind} {text:?} fails its check digit")]
    CheckDigit { kind: &'static str, text: String },
    #[error("{kind} {text:?} fails its check digits")]
    CheckDigits { kind: &'static str, text: String },
    #[error("iban {text:?} does not follow its country's layout in the IBAN registry")]
    Layout { text: String },
}

/// The most characters of an identifier as typed (spaces and hyphens included).
const MAX_TYPED: usize = 64;

/// `text` in electronic form: capitals, without the spaces (and, for an IBAN as printed,
/// the hyphens) people write in it. `None` when it is longer than any identifier typed.
fn electronic(text: &str) -> Option<String> {
    if text.chars().count() > MAX_TYPED {
        return None;
    }
    Some(
        text.chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .flat_map(char::to_uppercase)
            .collect(),
    )
}

/// A capital letter or a digit.
fn alphanumeric(character: char) -> bool {
    character.is_ascii_uppercase() || character.is_ascii_digit()
}

/// Checks each character of `value` by its position (from 0): `rule` says whether it fits
/// and what belongs there; the first that does not is the problem.
fn fits_each(
    kind: IdentifierKind,
    value: &str,
    rule: impl Fn(usize, char) -> (bool, &'static str),
) -> Result<(), IdentifierProblem> {
    for (position, character) in value.chars().enumerate() {
        let (fits, expected) = rule(position, character);
        if !fits {
            return Err(IdentifierProblem::Character {
                kind: kind.as_str(),
                text: value.to_string(),
                character,
                position: position + 1,
                expected,
            });
        }
    }
    Ok(())
}

fn too_long(kind: IdentifierKind, text: &str, expected: &'static str) -> IdentifierProblem {
    IdentifierProblem::Length {
        kind: kind.as_str(),
        text: text.chars().take(MAX_TYPED).collect(),
        found: text.chars().count(),
        expected,
    }
}

/// An IBAN as printed or typed (`GB82 WEST 1234 5698 7654 32`), checked: its check digits,
/// and its length and layout as its country's entry in the IBAN registry gives them.
pub fn read_iban(text: &str) -> Result<Identifier, IdentifierProblem> {
    let kind = IdentifierKind::Iban;
    let Some(value) = electronic(text) else {
        return Err(too_long(kind, text, "at most 34"));
    };
    if let Some((position, character)) = value
        .chars()
        .enumerate()
        .find(|(_, c)| !c.is_ascii_uppercase() && !c.is_ascii_digit())
    {
        return Err(IdentifierProblem::Character {
            kind: kind.as_str(),
            text: value,
            character,
            position: position + 1,
            expected: "a letter or a digit",
        });
    }
    if !(5..=34).contains(&value.len()) {
        return Err(IdentifierProblem::Length {
            kind: kind.as_str(),
            found: value.len(),
            text: value,
            expected: "5 to 34",
        });
    }
    match value.parse::<iban::Iban>() {
        Ok(_) => Ok(Identifier {
            kind,
            value,
            checked: true,
        }),
        Err(iban::ParseIbanError::InvalidBaseIban {
            source: iban::ParseBaseIbanError::InvalidChecksum,
        }) => Err(IdentifierProblem::CheckDigits {
            kind: kind.as_str(),
            text: value,
        }),
        Err(_) => Err(IdentifierProblem::Layout { text: value }),
    }
}

/// A BIC (`DEUTDEFF`, `DEUTDEFF500`): a party's code of four letters or digits, an
/// ISO 3166 country, a location of two letters or digits, and an optional branch of three.
pub fn read_bic(text: &str) -> Result<Identifier, IdentifierProblem> {
    let kind = IdentifierKind::Bic;
    let Some(value) = electronic(text) else {
        return Err(too_long(kind, text, "8 or 11"));
    };
    let characters: Vec<char> = value.chars().collect();
    if characters.len() != 8 && characters.len() != 11 {
        return Err(IdentifierProblem::Length {
            kind: kind.as_str(),
            found: characters.len(),
            text: value,
            expected: "8 or 11",
        });
    }
    fits_each(kind, &value, |position, character| match position {
        4 | 5 => (character.is_ascii_uppercase(), "a letter of the country"),
        _ => (alphanumeric(character), "a letter or a digit"),
    })?;
    let country = value[4..6].to_string();
    if !is_alpha2(&country.to_lowercase()) {
        return Err(IdentifierProblem::Country {
            kind: kind.as_str(),
            text: value,
            country,
        });
    }
    Ok(Identifier {
        kind,
        value,
        checked: true,
    })
}

/// An LEI (`5493001KJTIIGC8Y1R12`): 18 letters or digits and two check digits, as ISO 7064
/// MOD 97-10 checks them (the number the letters make, A as 10 to Z as 35, leaves 1).
pub fn read_lei(text: &str) -> Result<Identifier, IdentifierProblem> {
    let kind = IdentifierKind::Lei;
    let Some(value) = electronic(text) else {
        return Err(too_long(kind, text, "20"));
    };
    let characters: Vec<char> = value.chars().collect();
    if characters.len() != 20 {
        return Err(IdentifierProblem::Length {
            kind: kind.as_str(),
            found: characters.len(),
            text: value,
            expected: "20",
        });
    }
    fits_each(kind, &value, |position, character| {
        if position >= 18 {
            (character.is_ascii_digit(), "a check digit")
        } else {
            (alphanumeric(character), "a letter or a digit")
        }
    })?;
    if mod_97(&value) != 1 {
        return Err(IdentifierProblem::CheckDigits {
            kind: kind.as_str(),
            text: value,
        });
    }
    Ok(Identifier {
        kind,
        value,
        checked: true,
    })
}

/// A ship's IMO number (`IMO 9074729`, `9074729`): seven digits, the last the check
/// digit: the first six weighted 7 down to 2, their sum's last digit. Given in the
/// electronic form without its `IMO` prefix, as lists write it after theirs.
pub fn read_imo(text: &str) -> Result<Identifier, IdentifierProblem> {
    let kind = IdentifierKind::Imo;
    let Some(value) = electronic(text) else {
        return Err(too_long(kind, text, "7"));
    };
    // lists and manifests write the number after its name, as `IMO 9074729`
    let number = match value.strip_prefix("IMO") {
        Some(number) => number.to_string(),
        None => value,
    };
    if let Some((position, character)) = number
        .chars()
        .enumerate()
        .find(|(_, c)| !c.is_ascii_digit())
    {
        return Err(IdentifierProblem::Character {
            kind: kind.as_str(),
            text: number,
            character,
            position: position + 1,
            expected: "a digit",
        });
    }
    let digits: Vec<u32> = number.chars().filter_map(|c| c.to_digit(10)).collect();
    if digits.len() != 7 {
        return Err(IdentifierProblem::Length {
            kind: kind.as_str(),
            found: digits.len(),
            text: number,
            expected: "7",
        });
    }
    let sum: u32 = digits[..6]
        .iter()
        .zip((2..=7).rev())
        .map(|(digit, weight)| digit * weight)
        .sum();
    if sum % 10 != digits[6] {
        return Err(IdentifierProblem::CheckDigit {
            kind: kind.as_str(),
            text: number,
        });
    }
    Ok(Identifier {
        kind,
        value: number,
        checked: true,
    })
}

/// An identifier read for screening, in the form the engine compares: checked where its
/// kind has a check (an IBAN, a BIC as its institution's eight characters, an LEI, an IMO
/// number), with the problem when it fails it; it is then kept unchecked, so that it can
/// still be the same as a listed one written alike, but is never a conflict. A register's
/// or tax number is kept in capitals without spaces or punctuation; a crypto-asset address
/// as written, without spaces (its case is part of it). `None` when nothing is left to
/// compare, or the text is longer than any identifier.
pub fn for_screening(
    kind: IdentifierKind,
    text: &str,
) -> Option<(Identifier, Option<IdentifierProblem>)> {
    let unchecked = |value: String| {
        (!value.is_empty()).then_some(Identifier {
            kind,
            value,
            checked: false,
        })
    };
    let read = match kind {
        IdentifierKind::Iban => read_iban,
        IdentifierKind::Bic => read_bic,
        IdentifierKind::Lei => read_lei,
        IdentifierKind::Imo => read_imo,
        IdentifierKind::Registration | IdentifierKind::Tax => {
            if text.chars().count() > MAX_TYPED {
                return None;
            }
            let value = text
                .chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_uppercase)
                .collect();
            return unchecked(value).map(|id| (id, None));
        }
        IdentifierKind::Crypto => {
            if text.chars().count() > MAX_CRYPTO {
                return None;
            }
            let value = text.chars().filter(|c| !c.is_whitespace()).collect();
            return unchecked(value).map(|id| (id, None));
        }
    };
    match read(text) {
        Ok(read) => {
            let value = if kind == IdentifierKind::Bic {
                read.value[..8].to_string()
            } else {
                read.value
            };
            Some((
                Identifier {
                    kind,
                    value,
                    checked: true,
                },
                None,
            ))
        }
        Err(problem) => {
            let mut value = electronic(text)?;
            if kind == IdentifierKind::Imo {
                if let Some(number) = value.strip_prefix("IMO") {
                    value = number.to_string();
                }
            }
            unchecked(value).map(|id| (id, Some(problem)))
        }
    }
}

/// The most characters of a crypto-asset address (FollowTheMoney's `publicKey` holds 128).
const MAX_CRYPTO: usize = 128;

/// The remainder by 97 of the number `text` writes, each letter as two digits (A as 10 to
/// Z as 35), computed a digit at a time.
fn mod_97(text: &str) -> u32 {
    let mut remainder = 0u32;
    for character in text.chars() {
        let Some(value) = character.to_digit(36) else {
            continue;
        };
        remainder = if value >= 10 {
            (remainder * 100 + value) % 97
        } else {
            (remainder * 10 + value) % 97
        };
    }
    remainder
}

/// How a screened party's identifier and a listed one agree, as the engine weighs them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdentifierAgreement {
    /// The same identifier (a BIC: the same institution, whatever the branch).
    Same,
    /// Both valid, different, and of a kind a thing has one of (an LEI, an IMO number):
    /// evidence against the match.
    Conflict,
    /// Both read, different, and of a kind a thing may have several of (accounts, a
    /// bank's BICs, wallets, registers): evidence neither way.
    Different,
    /// One side could not be read or fails its check: never a conflict, and said why.
    Unproven(IdentifierProblem),
}

/// Compares two identifiers of `kind` as written on each side, read as [`for_screening`]
/// reads them.
pub fn compare(kind: IdentifierKind, screened: &str, listed: &str) -> IdentifierAgreement {
    let (Some((screened, screened_problem)), Some((listed, listed_problem))) =
        (for_screening(kind, screened), for_screening(kind, listed))
    else {
        return IdentifierAgreement::Unproven(IdentifierProblem::Length {
            kind: kind.as_str(),
            text: String::new(),
            found: 0,
            expected: "an identifier",
        });
    };
    if screened.value == listed.value {
        return IdentifierAgreement::Same;
    }
    match screened_problem.or(listed_problem) {
        Some(problem) => IdentifierAgreement::Unproven(problem),
        None if kind.one_per_thing() => IdentifierAgreement::Conflict,
        None => IdentifierAgreement::Different,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Any text is read without a panic, and what is read reads again as itself.
        #[test]
        fn any_text_is_read_or_refused_and_a_reading_is_stable(text in "\\PC{0,70}") {
            for read in [read_iban, read_bic, read_lei, read_imo] {
                if let Ok(identifier) = read(&text) {
                    proptest::prop_assert_eq!(read(&identifier.value), Ok(identifier));
                }
            }
        }
    }

    #[test]
    fn ibans_as_printed_are_read_and_checked() {
        // the registry's and the standard's examples
        for (printed, electronic) in [
            ("GB82 WEST 1234 5698 7654 32", "GB82WEST12345698765432"),
            ("DE89 3704 0044 0532 0130 00", "DE89370400440532013000"),
            (
                "jo94 cbjo 0010 0000 0000 0131 0003 02",
                "JO94CBJO0010000000000131000302",
            ),
            ("IQ98-NBIQ-8501-2345-6789-012", "IQ98NBIQ850123456789012"),
        ] {
            assert_eq!(
                read_iban(printed),
                Ok(Identifier {
                    kind: IdentifierKind::Iban,
                    value: electronic.to_string(),
                    checked: true,
                }),
                "{printed}"
            );
        }
        // one digit mistyped: the check digits say so
        assert!(matches!(
            read_iban("DE89 3704 0044 0532 0130 01"),
            Err(IdentifierProblem::CheckDigits { .. })
        ));
        // too short for Germany's layout (its check digits computed for it)
        assert_eq!(
            read_iban("DE86 3704 0044 0532 0130").unwrap_err(),
            IdentifierProblem::Layout {
                text: "DE863704004405320130".to_string()
            }
        );
        assert!(matches!(
            read_iban("GB8"),
            Err(IdentifierProblem::Length { .. })
        ));
        assert!(matches!(
            read_iban(&"9".repeat(500)),
            Err(IdentifierProblem::Length { .. })
        ));
    }

    #[test]
    fn bics_are_read_with_their_country_and_a_branch_is_the_same_bank() {
        for bic in ["DEUTDEFF", "deut de ff 500", "BNPAFRPP", "CHASUS33XXX"] {
            assert!(read_bic(bic).is_ok(), "{bic}");
        }
        let problem = read_bic("DEUTZZFF").unwrap_err();
        assert_eq!(
            problem.to_string(),
            "bic \"DEUTZZFF\" names no country (\"ZZ\" is not an ISO 3166 code)"
        );
        assert_eq!(
            read_bic("DEUT1EFF").unwrap_err().to_string(),
            "bic \"DEUT1EFF\" has '1' at position 5, where a letter of the country belongs"
        );
        assert!(matches!(
            read_bic("DEUTDEF"),
            Err(IdentifierProblem::Length { found: 7, .. })
        ));
        assert_eq!(
            compare(IdentifierKind::Bic, "DEUTDEFF", "DEUTDEFF500"),
            IdentifierAgreement::Same
        );
        assert_eq!(
            compare(IdentifierKind::Bic, "DEUTDEFF", "BNPAFRPP"),
            IdentifierAgreement::Different
        );
    }

    #[test]
    fn leis_are_checked_by_their_check_digits() {
        // GLEIF's own, Bloomberg Finance's, Apple's
        for lei in [
            "506700GE1G29325QX363",
            "5493001KJTIIGC8Y1R12",
            "hwupkr0mpou8fgxbt394",
        ] {
            assert!(read_lei(lei).is_ok(), "{lei}");
        }
        // two characters swapped: the check digits say so
        assert_eq!(
            read_lei("5493001KJTIIGC8Y1R21").unwrap_err(),
            IdentifierProblem::CheckDigits {
                kind: "lei",
                text: "5493001KJTIIGC8Y1R21".to_string()
            }
        );
        assert!(matches!(
            read_lei("5493001KJTIIGC8Y1RAB"),
            Err(IdentifierProblem::Character { position: 19, .. })
        ));
        assert_eq!(
            compare(
                IdentifierKind::Lei,
                "5493001KJTIIGC8Y1R12",
                "5493 001K JTII GC8Y 1R12"
            ),
            IdentifierAgreement::Same
        );
        assert_eq!(
            compare(
                IdentifierKind::Lei,
                "5493001KJTIIGC8Y1R12",
                "506700GE1G29325QX363"
            ),
            IdentifierAgreement::Conflict
        );
        // an invalid one is compared with nothing, and said why
        assert!(matches!(
            compare(
                IdentifierKind::Lei,
                "5493001KJTIIGC8Y1R21",
                "5493001KJTIIGC8Y1R12"
            ),
            IdentifierAgreement::Unproven(IdentifierProblem::CheckDigits { .. })
        ));
    }

    #[test]
    fn another_account_is_no_conflict_and_one_digit_away_is_unproven() {
        assert_eq!(
            compare(
                IdentifierKind::Iban,
                "GB82 WEST 1234 5698 7654 32",
                "gb82west12345698765432"
            ),
            IdentifierAgreement::Same
        );
        assert_eq!(
            compare(
                IdentifierKind::Iban,
                "GB82 WEST 1234 5698 7654 32",
                "DE89 3704 0044 0532 0130 00"
            ),
            // an owner has many accounts
            IdentifierAgreement::Different
        );
        assert!(matches!(
            compare(
                IdentifierKind::Iban,
                "GB82 WEST 1234 5698 7654 33",
                "GB82 WEST 1234 5698 7654 32"
            ),
            IdentifierAgreement::Unproven(IdentifierProblem::CheckDigits { .. })
        ));
        // registers' and tax numbers have no check: read without their punctuation; a
        // wallet's address keeps its case
        assert_eq!(
            compare(
                IdentifierKind::Registration,
                "1087746669845",
                "1087-746 669845"
            ),
            IdentifierAgreement::Same
        );
        assert_eq!(
            compare(
                IdentifierKind::Crypto,
                "1AjZPMsnmpdK2Rv9KQNfMurTXinscVro9V",
                "1AJZPMSNMPDK2RV9KQNFMURTXINSCVRO9V"
            ),
            IdentifierAgreement::Different
        );
        let (read, problem) = for_screening(IdentifierKind::Bic, "DEUTDEFF500").unwrap();
        assert_eq!(
            (read.value.as_str(), read.checked, problem),
            ("DEUTDEFF", true, None)
        );
        let (read, problem) = for_screening(IdentifierKind::Imo, "IMO 9074728").unwrap();
        assert_eq!((read.value.as_str(), read.checked), ("9074728", false));
        assert!(matches!(
            problem,
            Some(IdentifierProblem::CheckDigit { .. })
        ));
        assert!(for_screening(IdentifierKind::Tax, " - ").is_none());
        assert!(for_screening(IdentifierKind::Crypto, &"x".repeat(200)).is_none());
    }

    #[test]
    fn imo_numbers_are_checked_by_their_check_digit_with_or_without_the_prefix() {
        // the example of the IMO's own circular, and two ships as lists write them
        for (written, number) in [
            ("IMO 9074729", "9074729"),
            ("9176187", "9176187"),
            ("imo9321483", "9321483"),
        ] {
            assert_eq!(
                read_imo(written),
                Ok(Identifier {
                    kind: IdentifierKind::Imo,
                    value: number.to_string(),
                    checked: true,
                }),
                "{written}"
            );
        }
        // the last digit one off: the check digit says so
        assert_eq!(
            read_imo("IMO 9074728").unwrap_err().to_string(),
            "imo \"9074728\" fails its check digit"
        );
        assert_eq!(
            read_imo("907472").unwrap_err(),
            IdentifierProblem::Length {
                kind: "imo",
                text: "907472".to_string(),
                found: 6,
                expected: "7"
            }
        );
        assert!(matches!(
            read_imo("90747A9"),
            Err(IdentifierProblem::Character { position: 6, .. })
        ));
        assert!(matches!(
            read_imo(&"9".repeat(100)),
            Err(IdentifierProblem::Length { .. })
        ));
        assert_eq!(
            compare(IdentifierKind::Imo, "IMO 9074729", "9074729"),
            IdentifierAgreement::Same
        );
        assert_eq!(
            compare(IdentifierKind::Imo, "9074729", "9176187"),
            IdentifierAgreement::Conflict
        );
        assert!(matches!(
            compare(IdentifierKind::Imo, "9074728", "9074729"),
            IdentifierAgreement::Unproven(IdentifierProblem::CheckDigit { .. })
        ));
    }
}
