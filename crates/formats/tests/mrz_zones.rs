//! Zones of every layout read as they must, committed here so that a clean clone tests
//! them: the ICAO specimens of Utopia, and zones written for these tests with the PyPI `mrz`
//! package, clean and misread. A number that fails its check is never repaired (issue 13:
//! `W8IQFO9OF` was read valid as `W81QFO9OF`; the truth was `W9IQFO9OF`), its confusable
//! readings are offered; a date is repaired only where its check digit and the composite
//! prove it.

use gatecheck_formats::mrz::{self, Check, CivilDate};

/// A zone and what it must read as: valid or not, the document number, the birth and
/// expiry dates, the repairs as `(line, column, from, to)`, and the readings of the number
/// offered that satisfy its check digit.
struct Case {
    name: &'static str,
    lines: &'static [&'static str],
    valid: bool,
    number: &'static str,
    birth: Option<&'static str>,
    expiry: Option<&'static str>,
    repairs: &'static [(usize, usize, char, char)],
    readings_fitting: &'static [&'static str],
}

const CASES: &[Case] = &[
    Case {
        name: "ICAO 9303 Part 4 specimen passport",
        lines: &[
            "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
            "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
        ],
        valid: true,
        number: "L898902C3",
        birth: Some("1974-08-12"),
        expiry: Some("2012-04-15"),
        repairs: &[],
        readings_fitting: &[],
    },
    Case {
        name: "ICAO 9303 Part 5 specimen card",
        lines: &[
            "I<UTOD231458907<<<<<<<<<<<<<<<",
            "7408122F1204159UTO<<<<<<<<<<<6",
            "ERIKSSON<<ANNA<MARIA<<<<<<<<<<",
        ],
        valid: true,
        number: "D23145890",
        birth: Some("1974-08-12"),
        expiry: Some("2012-04-15"),
        repairs: &[],
        readings_fitting: &[],
    },
    Case {
        name: "ICAO 9303 Part 6 specimen card",
        lines: &[
            "I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<",
            "D231458907UTO7408122F1204159<<<<<<<6",
        ],
        valid: true,
        number: "D23145890",
        birth: Some("1974-08-12"),
        expiry: Some("2012-04-15"),
        repairs: &[],
        readings_fitting: &[],
    },
    Case {
        name: "ICAO 9303 Part 7 specimen visa (MRV-A)",
        lines: &[
            "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
            "L8988901C4XXX4009078F96121096ZE184226B<<<<<<",
        ],
        valid: true,
        number: "L8988901C",
        birth: Some("1940-09-07"),
        expiry: Some("1996-12-10"),
        repairs: &[],
        readings_fitting: &[],
    },
    Case {
        name: "PyPI mrz TD1, Germany's D<<",
        lines: &[
            "I<D<<T220001293<<<<<<<<<<<<<<<",
            "6408125F2710316D<<<<<<<<<<<<<4",
            "MUSTERMANN<<ERIKA<<<<<<<<<<<<<",
        ],
        valid: true,
        number: "T22000129",
        birth: Some("1964-08-12"),
        expiry: Some("2027-10-31"),
        repairs: &[],
        readings_fitting: &[],
    },
    Case {
        name: "PyPI mrz TD2, a number of confusable characters",
        lines: &[
            "I<SYRAL<RASHID<<FATIMA<<<<<<<<<<<<<<",
            "B2OS5Z6G81SYR8504191F3007077<<<<<<<4",
        ],
        valid: true,
        number: "B2OS5Z6G8",
        birth: Some("1985-04-19"),
        expiry: Some("2030-07-07"),
        repairs: &[],
        readings_fitting: &[],
    },
    // issue 13: one digit of the number misread (9 as 8); the reading that satisfies the
    // check digit (I for 1, or for L, of the same value to it) is offered, never taken
    Case {
        name: "PyPI mrz TD3, W9IQFO9OF read W8IQFO9OF",
        lines: &[
            "P<JORHADDAD<<YUSUF<<<<<<<<<<<<<<<<<<<<<<<<<<",
            "W8IQFO9OF0JOR7408122M3001019<<<<<<<<<<<<<<06",
        ],
        valid: false,
        number: "W8IQFO9OF",
        birth: Some("1974-08-12"),
        expiry: Some("2030-01-01"),
        repairs: &[],
        readings_fitting: &["W81QFO9OF", "W8LQFO9OF"],
    },
    Case {
        name: "PyPI mrz TD2, W9IQFO9OF read W8IQFO9OF",
        lines: &[
            "I<JORHADDAD<<YUSUF<<<<<<<<<<<<<<<<<<",
            "W8IQFO9OF0JOR7408122M3001019<<<<<<<6",
        ],
        valid: false,
        number: "W8IQFO9OF",
        birth: Some("1974-08-12"),
        expiry: Some("2030-01-01"),
        repairs: &[],
        readings_fitting: &["W81QFO9OF", "W8LQFO9OF"],
    },
    Case {
        name: "PyPI mrz TD1, W9IQFO9OF read W8IQFO9OF",
        lines: &[
            "I<JORW8IQFO9OF0<<<<<<<<<<<<<<<",
            "7408122M3001019JOR<<<<<<<<<<<6",
            "HADDAD<<YUSUF<<<<<<<<<<<<<<<<<",
        ],
        valid: false,
        number: "W8IQFO9OF",
        birth: Some("1974-08-12"),
        expiry: Some("2030-01-01"),
        repairs: &[],
        readings_fitting: &["W81QFO9OF", "W8LQFO9OF"],
    },
    // a letter in a date that its check digit and the composite both prove
    Case {
        name: "specimen passport, birth date read 74O812",
        lines: &[
            "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
            "L898902C36UTO74O8122F1204159ZE184226B<<<<<10",
        ],
        valid: true,
        number: "L898902C3",
        birth: Some("1974-08-12"),
        expiry: Some("2012-04-15"),
        repairs: &[(2, 16, 'O', '0')],
        readings_fitting: &[],
    },
    // the same letter in a visa, which has no composite: nothing independent proves it
    Case {
        name: "specimen visa, birth date read 4OO907",
        lines: &[
            "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
            "L8988901C4XXX4OO9078F96121096ZE184226B<<<<<<",
        ],
        valid: false,
        number: "L8988901C",
        birth: None,
        expiry: Some("1996-12-10"),
        repairs: &[],
        readings_fitting: &[],
    },
];

#[test]
fn committed_zones_read_as_they_must() {
    let today = CivilDate::new(2026, 1, 1).unwrap();
    for case in CASES {
        let name = case.name;
        let reading = mrz::parse_lines(case.lines.iter().copied(), today);
        assert_eq!(reading.valid(), case.valid, "{name}: {}", reading.to_json());
        let fields = reading.fields.as_ref().expect("fields");
        assert_eq!(fields.document_number, case.number, "{name}");
        assert_eq!(
            fields.birth_date.map(|d| d.to_string()).as_deref(),
            case.birth,
            "{name}"
        );
        assert_eq!(
            fields.expiry_date.map(|d| d.to_string()).as_deref(),
            case.expiry,
            "{name}"
        );
        let repairs: Vec<(usize, usize, char, char)> = reading
            .repairs
            .iter()
            .map(|r| (r.line, r.column, r.from, r.to))
            .collect();
        assert_eq!(repairs, case.repairs, "{name}");
        assert!(
            reading
                .repairs
                .iter()
                .all(|r| r.proved_by.contains(&Check::Composite)),
            "{name}"
        );
        let fitting: Vec<&str> = reading
            .number_readings
            .iter()
            .filter(|r| r.fits_check_digit)
            .map(|r| r.number.as_str())
            .collect();
        assert_eq!(fitting, case.readings_fitting, "{name}");
        assert_eq!(
            reading.number_readings.is_empty(),
            reading.check(Check::DocumentNumber) != Some(false),
            "{name}: readings are offered when, and only when, the number fails its check"
        );
    }
}
