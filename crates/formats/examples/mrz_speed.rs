//! How many zones a second one core reads: made-up zones of every format, each read
//! `rounds` times (first argument, 200000 by default). Run in release:
//! `cargo run --release -p gatecheck-formats --example mrz_speed [rounds]`.

use std::time::Instant;

use gatecheck_formats::mrz::{self, CivilDate};

/// Zones written for this benchmark (made-up holders, check digits computed by hand), one
/// of each format, a long TD1 number, and one with a misread date that is repaired.
const ZONES: &[&str] = &[
    "P<GBRHARGREAVES<<OLIVER<JAMES<<<<<<<<<<<<<<<\n\
     5334018725GBR8503172M3109225<<<<<<<<<<<<<<<8",
    "IDFRAX4RTBPFW46<<<<<<<<<<<<<<<\n\
     9001011F3005121FRA<<<<<<<<<<<0\n\
     MARTIN<<CAMILLE<ELISE<<<<<<<<<",
    "I<DEUMUSTERMANN<<ERIKA<<<<<<<<<<<<<<\n\
     T220001293D<<6408125F2710316<<<<<<<4",
    "V<USAGARCIA<LOPEZ<<MARIA<ISABEL<<<<<<<<<<<<<\n\
     C7Q21M0A55MEX9206045F2701013ABC123<<<<<<<<<<",
    "V<JPNTANAKA<<HIROSHI<<<<<<<<<<<<<<<<\n\
     7Z00319465KOR7811207M2608156<<<<<<<<",
    "I<NLDSPECI2014<26<<<<<<<<<<<<<\n\
     6503101M3203101NLD<<<<<<<<<<<8\n\
     DEJONG<<PIETER<<<<<<<<<<<<<<<<",
    "P<GBRHARGREAVES<<OLIVER<JAMES<<<<<<<<<<<<<<<\n\
     5334018725GBR85O3172M3109225<<<<<<<<<<<<<<<8",
];

fn main() {
    let rounds: usize = std::env::args()
        .nth(1)
        .and_then(|text| text.parse().ok())
        .unwrap_or(200_000);
    let Some(today) = CivilDate::new(2026, 6, 15) else {
        return;
    };
    for zone in ZONES {
        let reading = mrz::parse(zone, today);
        if !reading.valid() {
            eprintln!("a benchmark zone does not read: {}", reading.to_json());
            std::process::exit(1);
        }
    }
    let started = Instant::now();
    let mut valid = 0usize;
    for _ in 0..rounds {
        for zone in ZONES {
            let reading = mrz::parse(std::hint::black_box(zone), today);
            valid += usize::from(reading.valid());
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    let documents = rounds * ZONES.len();
    println!(
        "{documents} zones read in {seconds:.3} s: {:.0} documents/s on one core ({valid} valid)",
        documents as f64 / seconds
    );
}
