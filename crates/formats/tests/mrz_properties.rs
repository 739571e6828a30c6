//! Invariants of the MRZ reader on generated zones of every format: a zone made from fields
//! reads back to those fields, and a single misread character in a numeric field or the
//! document number is never passed over in silence nor repaired into other data.
//!
//! What "never passed over" can promise is bounded by the 7-3-1 scheme itself: a check digit
//! sees a character only by its value modulo 10, so characters of equal value (0 A K U <,
//! 1 B L V, ...) are interchangeable to it. The properties say exactly that: in a date any
//! substitution is reported (a date holds only digits, or a pair of fillers); anywhere in
//! the numeric fields and the document number, a substitution that changes the value modulo
//! 10 is reported, as an error or as a repair that two checks proved; only a date is ever
//! repaired (the composite weights it otherwise than its own check digit), and a zone read
//! as valid after such a substitution holds exactly the fields it was made from: the
//! document number in particular is never repaired into another number (issue 13).

use gatecheck_engine::person::PartialDate;
use gatecheck_formats::mrz::{self, Check, CivilDate, Field, Format, MrzReading, Sex};
use proptest::prelude::*;
use proptest::sample::select;

fn today() -> CivilDate {
    CivilDate::new(2026, 6, 15).unwrap()
}

/// The check-digit value of a zone character (Doc 9303 Part 3 §4.9), written apart from
/// the reader's so that the two check each other.
fn value(character: char) -> u32 {
    match character {
        '0'..='9' => character as u32 - '0' as u32,
        'A'..='Z' => character as u32 - 'A' as u32 + 10,
        _ => 0,
    }
}

fn check(text: &str) -> char {
    let sum: u32 = text
        .chars()
        .zip([7, 3, 1].iter().cycle())
        .map(|(character, weight)| value(character) * weight)
        .sum();
    char::from_digit(sum % 10, 10).unwrap()
}

fn pad(text: &str, width: usize) -> String {
    format!("{text:<<width$}")
}

/// How a birth date is printed: whole, without its day, or with the year only.
#[derive(Debug, Clone, Copy)]
enum Known {
    Whole,
    YearAndMonth,
    Year,
}

#[derive(Debug, Clone)]
struct Document {
    format: Format,
    code: String,
    state: &'static str,
    number: String,
    surname: Vec<String>,
    given_names: Vec<String>,
    nationality: &'static str,
    birth: (u16, u8, u8, Known),
    sex: char,
    expiry: (u16, u8, u8),
    optional_data: String,
    optional_data_2: String,
    /// TD3 with an empty personal number: its check digit printed as a filler, not 0.
    filler_check: bool,
}

/// What a position in a zone holds, for the substitution property.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Date,
    CheckDigit,
    Number,
}

/// A zone's lines and the positions (line, column, from 1) of its numeric fields and its
/// document number.
struct Zone {
    lines: Vec<String>,
    positions: Vec<(usize, usize, Kind)>,
}

impl Zone {
    fn mark(&mut self, line: usize, first: usize, len: usize, kind: Kind) {
        self.positions
            .extend((first..first + len).map(|column| (line, column, kind)));
    }
}

impl Document {
    fn name_field(&self, width: usize) -> String {
        let name = format!("{}<<{}", self.surname.join("<"), self.given_names.join("<"));
        pad(&name, width)
    }

    fn birth_text(&self) -> String {
        let (year, month, day, known) = self.birth;
        let yy = format!("{:02}", year % 100);
        match known {
            Known::Whole => format!("{yy}{month:02}{day:02}"),
            Known::YearAndMonth => format!("{yy}{month:02}<<"),
            Known::Year => format!("{yy}<<<<"),
        }
    }

    fn expiry_text(&self) -> String {
        let (year, month, day) = self.expiry;
        format!("{:02}{month:02}{day:02}", year % 100)
    }

    fn is_long(&self) -> bool {
        self.number.len() > 9
    }

    fn zone(&self) -> Zone {
        let mut zone = Zone {
            lines: Vec::new(),
            positions: Vec::new(),
        };
        let birth = self.birth_text();
        let expiry = self.expiry_text();
        let number_field = pad(&self.number[..self.number.len().min(9)], 9);
        let (number_check, continuation) = if self.is_long() {
            let rest = &self.number[9..];
            ('<', format!("{rest}{}", check(&self.number)))
        } else {
            (check(&number_field), String::new())
        };
        if self.format == Format::Td1 {
            let optional = pad(&format!("{continuation}{}", self.optional_data), 15);
            let first = format!(
                "{}{}{number_field}{number_check}{optional}",
                self.code, self.state
            );
            let dates = format!(
                "{birth}{}{}{expiry}{}{}{}",
                check(&birth),
                self.sex,
                check(&expiry),
                self.nationality,
                pad(&self.optional_data_2, 11)
            );
            let composite = format!(
                "{}{}{}{}",
                &first[5..30],
                &dates[0..7],
                &dates[8..15],
                &dates[18..29]
            );
            zone.lines = vec![
                first,
                format!("{dates}{}", check(&composite)),
                self.name_field(30),
            ];
            zone.mark(1, 6, 9, Kind::Number);
            zone.mark(1, 15, 1, Kind::CheckDigit);
            if self.is_long() {
                zone.mark(1, 16, continuation.len() - 1, Kind::Number);
                zone.mark(1, 15 + continuation.len(), 1, Kind::CheckDigit);
            }
            zone.mark(2, 1, 6, Kind::Date);
            zone.mark(2, 7, 1, Kind::CheckDigit);
            zone.mark(2, 9, 6, Kind::Date);
            zone.mark(2, 15, 1, Kind::CheckDigit);
            zone.mark(2, 30, 1, Kind::CheckDigit);
            return zone;
        }
        let width = match self.format {
            Format::Td3 | Format::MrvA => 44,
            _ => 36,
        };
        let first = format!("{}{}{}", self.code, self.state, self.name_field(width - 5));
        let mut second = format!(
            "{number_field}{number_check}{}{birth}{}{}{expiry}{}",
            self.nationality,
            check(&birth),
            self.sex,
            check(&expiry)
        );
        zone.mark(2, 1, 9, Kind::Number);
        zone.mark(2, 10, 1, Kind::CheckDigit);
        zone.mark(2, 14, 6, Kind::Date);
        zone.mark(2, 20, 1, Kind::CheckDigit);
        zone.mark(2, 22, 6, Kind::Date);
        zone.mark(2, 28, 1, Kind::CheckDigit);
        match self.format {
            Format::Td3 => {
                let personal = pad(&self.optional_data, 14);
                let personal_check = if self.optional_data.is_empty() && self.filler_check {
                    '<'
                } else {
                    check(&personal)
                };
                second.push_str(&personal);
                second.push(personal_check);
                let composite = format!("{}{}{}", &second[0..10], &second[13..20], &second[21..43]);
                second.push(check(&composite));
                zone.mark(2, 43, 2, Kind::CheckDigit);
            }
            Format::Td2 => {
                second.push_str(&pad(&format!("{continuation}{}", self.optional_data), 7));
                let composite = format!("{}{}{}", &second[0..10], &second[13..20], &second[21..35]);
                second.push(check(&composite));
                if self.is_long() {
                    zone.mark(2, 29, continuation.len() - 1, Kind::Number);
                    zone.mark(2, 28 + continuation.len(), 1, Kind::CheckDigit);
                }
                zone.mark(2, 36, 1, Kind::CheckDigit);
            }
            _ => second.push_str(&pad(&self.optional_data, width - 28)),
        }
        zone.lines = vec![first, second];
        zone
    }

    fn expected_birth(&self) -> PartialDate {
        let (year, month, day, known) = self.birth;
        match known {
            Known::Whole => PartialDate {
                year,
                month: Some(month),
                day: Some(day),
            },
            Known::YearAndMonth => PartialDate {
                year,
                month: Some(month),
                day: None,
            },
            Known::Year => PartialDate {
                year,
                month: None,
                day: None,
            },
        }
    }

    /// Asserts that `reading` holds exactly the fields this document was made from.
    fn assert_read_back(&self, reading: &MrzReading) {
        let fields = reading.fields.as_ref().expect("fields");
        assert_eq!(reading.format, Some(self.format));
        assert_eq!(fields.document_code, self.code.trim_end_matches('<'));
        assert_eq!(fields.issuing_state, self.state.trim_end_matches('<'));
        assert_eq!(fields.document_number, self.number);
        assert_eq!(fields.surname, self.surname.join(" "));
        assert_eq!(fields.given_names, self.given_names.join(" "));
        assert!(!fields.name_truncated);
        assert_eq!(fields.nationality, self.nationality.trim_end_matches('<'));
        assert_eq!(fields.birth_date, Some(self.expected_birth()));
        let sex = match self.sex {
            'M' => Sex::Male,
            'F' => Sex::Female,
            _ => Sex::Unspecified,
        };
        assert_eq!(fields.sex, Some(sex));
        let (year, month, day) = self.expiry;
        let expiry = PartialDate {
            year,
            month: Some(month),
            day: Some(day),
        };
        assert_eq!(fields.expiry_date, Some(expiry));
        assert_eq!(fields.optional_data, self.optional_data);
        let second = (self.format == Format::Td1).then(|| self.optional_data_2.clone());
        assert_eq!(fields.optional_data_2, second);
    }
}

const CODES: &[&str] = &[
    "UTO", "D<<", "GBR", "XXA", "UNO", "EUE", "RKS", "FRA", "GBN", "XPO",
];

fn format_strategy() -> impl Strategy<Value = Format> {
    select(vec![
        Format::Td1,
        Format::Td2,
        Format::Td3,
        Format::MrvA,
        Format::MrvB,
    ])
}

/// Optional data of at most `max` characters, fillers only inside.
fn optional_strategy(max: usize) -> BoxedStrategy<String> {
    if max < 2 {
        return Just(String::new()).boxed();
    }
    prop_oneof![
        Just(String::new()),
        proptest::string::string_regex(&format!("[A-Z0-9]([A-Z0-9<]{{0,{}}}[A-Z0-9])?", max - 2))
            .unwrap(),
    ]
    .boxed()
}

fn document_strategy() -> impl Strategy<Value = Document> {
    format_strategy()
        .prop_flat_map(|format| {
            let kinds = match format {
                Format::Td3 => "P",
                Format::MrvA | Format::MrvB => "V",
                _ => "[ACI]",
            };
            let code = proptest::string::string_regex(&format!("{kinds}[A-Z<]")).unwrap();
            // a long number's rest and check digit fill at most the optional data
            let longest = match format {
                Format::Td1 => 9 + 14,
                Format::Td2 => 9 + 6,
                _ => 9,
            };
            let number =
                proptest::string::string_regex(&format!("[A-Z0-9]{{1,{longest}}}")).unwrap();
            let optional_max = match format {
                Format::Td1 => 15,
                Format::Td2 => 7,
                Format::Td3 => 14,
                Format::MrvA => 16,
                Format::MrvB => 8,
            };
            let word = || proptest::string::string_regex("[A-Z]{1,6}").unwrap();
            let names = (
                proptest::collection::vec(word(), 1..=2),
                proptest::collection::vec(word(), 0..=2),
            );
            let birth = (
                1927u16..=2026,
                1u8..=12,
                1u8..=28,
                select(vec![Known::Whole, Known::YearAndMonth, Known::Year]),
            )
                .prop_map(|(year, month, day, known)| {
                    // not after today (2026-06-15)
                    let month = if year == 2026 { month.min(5) } else { month };
                    (year, month, day, known)
                });
            let expiry = (1977u16..=2076, 1u8..=12, 1u8..=28);
            (
                Just(format),
                code,
                select(CODES),
                number,
                names,
                select(CODES),
                birth,
                select(vec!['M', 'F', '<', 'X']),
                expiry,
                optional_strategy(optional_max),
                optional_strategy(11),
                any::<bool>(),
            )
        })
        .prop_map(
            |(
                format,
                code,
                state,
                number,
                (surname, given_names),
                nationality,
                birth,
                sex,
                expiry,
                optional_data,
                optional_data_2,
                filler_check,
            )| {
                let optional_data = if number.len() > 9 {
                    String::new()
                } else {
                    optional_data
                };
                Document {
                    format,
                    code,
                    state,
                    number,
                    surname,
                    given_names,
                    nationality,
                    birth,
                    sex,
                    expiry,
                    optional_data,
                    optional_data_2,
                    filler_check,
                }
            },
        )
}

fn read(lines: &[String]) -> MrzReading {
    mrz::parse_lines(lines.iter().map(String::as_str), today())
}

/// Every replacement tried: the zone's alphabet and the lowercase letters.
fn replacements() -> impl Iterator<Item = char> {
    ('A'..='Z').chain('0'..='9').chain(['<']).chain('a'..='z')
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn a_generated_zone_reads_back_to_its_fields(document in document_strategy()) {
        let zone = document.zone();
        let reading = read(&zone.lines);
        prop_assert!(reading.valid(), "{:?}\n{:?}", zone.lines, reading.errors);
        prop_assert!(reading.repairs.is_empty());
        document.assert_read_back(&reading);
        let text = format!("\r\n{}  \r\n\n", zone.lines.join("  \r\n"));
        prop_assert_eq!(mrz::parse(&text, today()), reading);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn a_misread_numeric_or_document_number_character_is_never_silent(
        document in document_strategy()
    ) {
        let zone = document.zone();
        for &(line, column, kind) in &zone.positions {
            let original = zone.lines[line - 1].as_bytes()[column - 1] as char;
            for replacement in replacements().filter(|&r| r != original) {
                let mut lines = zone.lines.clone();
                lines[line - 1].replace_range(column - 1..column, &replacement.to_string());
                let reading = read(&lines);
                let reported = !reading.errors.is_empty() || !reading.repairs.is_empty();
                let value_changed = replacement.is_ascii_lowercase()
                    || value(replacement) % 10 != value(original) % 10;
                if kind == Kind::Date || value_changed {
                    prop_assert!(
                        reported,
                        "{:?} at line {line}, column {column} ({kind:?}) read as {replacement:?} \
                         passed unreported: {:?}",
                        original,
                        lines
                    );
                }
                if !reading.errors.is_empty() {
                    prop_assert!(!reading.valid());
                }
                for repair in &reading.repairs {
                    prop_assert!(
                        matches!(repair.field, Field::BirthDate | Field::ExpiryDate)
                            && repair.proved_by.contains(&Check::Composite),
                        "{repair:?} in {lines:?}"
                    );
                }
                if reading.valid() && (kind == Kind::Date || value_changed) {
                    prop_assert!(!reading.repairs.is_empty(), "{lines:?}");
                    document.assert_read_back(&reading);
                }
                if kind == Kind::Number && value_changed {
                    prop_assert!(!reading.valid(), "{lines:?}");
                    let read = &reading.fields.as_ref().expect("fields").document_number;
                    // every reading offered is the number as read, one character changed
                    for offered in &reading.number_readings {
                        let differing = offered
                            .number
                            .chars()
                            .zip(read.chars())
                            .filter(|(a, b)| a != b)
                            .count();
                        prop_assert_eq!(differing, 1, "{:?} for {}", offered, read);
                    }
                }
            }
        }
    }
}
