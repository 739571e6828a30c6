//! Every reader survives mutations of valid inputs: the seeds of `fuzz/seeds/<target>/`
//! (written for the project) with bytes flipped, multi-byte and control characters and
//! separators put in, cut short, and spliced. A stable-Rust stand-in for the fuzz targets,
//! cheap enough for every test run; a seeded generator makes each run the same, and the
//! seed can be changed with `GATECHECK_MUTATION_SEED` to explore further.

use gatecheck_formats::exercise::Target;
use std::path::Path;

/// Inputs tried per reader; a few seconds per reader in a debug build.
const ROUNDS: usize = 3_000;

/// xorshift64*: enough to spread the mutations, and the same on every machine.
struct Generator(u64);

impl Generator {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, bound: usize) -> usize {
        if bound == 0 {
            0
        } else {
            (self.next() % bound as u64) as usize
        }
    }
}

/// What is put into inputs: characters that are more than one byte, controls, the
/// separators of EDIFACT, CSV, JSON and XML, and the MRZ filler.
const PIECES: &[&str] = &[
    "\u{e9}",
    "\u{663}",
    "\u{1f600}",
    "\u{202e}",
    "\u{0}",
    "\u{1b}",
    "\r\n",
    "\n",
    "'",
    "+",
    ":",
    "?",
    "\"",
    ",",
    "<",
    ">",
    "&",
    "{",
    "}",
    "[",
    "]",
    "\\",
    "<<",
    "UNA",
    "UNB",
    "UNH",
    "UNT",
    "UNZ",
    "DTM+329:",
    "NAD+FL+++",
    "TIF+",
    "SSR+DOCS:HK:1:LH:::::/",
    "99999999999999",
    "-1",
    "1e400",
];

fn mutate(generator: &mut Generator, seed: &[u8], seeds: &[Vec<u8>]) -> Vec<u8> {
    let mut data = seed.to_vec();
    for _ in 0..1 + generator.below(4) {
        let at = generator.below(data.len() + 1);
        match generator.below(7) {
            0 if !data.is_empty() => {
                let at = at.min(data.len() - 1);
                data[at] ^= 1 << generator.below(8);
            }
            1 => {
                let piece = PIECES[generator.below(PIECES.len())];
                data.splice(at..at, piece.bytes());
            }
            2 => data.truncate(at),
            3 if !data.is_empty() => {
                let end = (at + 1 + generator.below(16)).min(data.len());
                data.drain(at.min(end)..end);
            }
            4 => {
                // a piece of another seed put in
                let other = &seeds[generator.below(seeds.len())];
                let start = generator.below(other.len());
                let end = (start + 1 + generator.below(64)).min(other.len());
                data.splice(at..at, other[start..end].iter().copied());
            }
            5 if !data.is_empty() => {
                // a run repeated, as a message resent or a field doubled
                let end = (at + 1 + generator.below(32)).min(data.len());
                let run = data[at.min(end)..end].to_vec();
                data.splice(at..at, run);
            }
            _ => data.insert(at, generator.next() as u8),
        }
    }
    data
}

fn survives_mutations(target: Target) {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fuzz/seeds")
        .join(target.name());
    let mut seeds: Vec<Vec<u8>> = std::fs::read_dir(&folder)
        .unwrap_or_else(|error| panic!("{}: {error}", folder.display()))
        .map(|entry| std::fs::read(entry.unwrap().path()).unwrap())
        .collect();
    seeds.sort();
    assert!(!seeds.is_empty(), "no seed in {}", folder.display());
    let start = std::env::var("GATECHECK_MUTATION_SEED")
        .ok()
        .and_then(|text| text.parse().ok())
        .unwrap_or(0x9e37_79b9_7f4a_7c15_u64);
    let mut generator = Generator(start | 1);
    // the seeds themselves are read without a refusal
    for seed in &seeds {
        assert!(
            target.run(seed).is_ok(),
            "{}: a seed is refused",
            target.name()
        );
    }
    for round in 0..ROUNDS {
        let seed = &seeds[generator.below(seeds.len())];
        let data = mutate(&mut generator, seed, &seeds);
        if std::panic::catch_unwind(|| target.run(&data)).is_err() {
            panic!(
                "{} panicked in round {round} (seed {start}) on {:?}; keep it in tests/fuzz_regressions/{}/",
                target.name(),
                String::from_utf8_lossy(&data),
                target.name()
            );
        }
    }
}

#[test]
fn mrz_survives_mutations() {
    survives_mutations(Target::Mrz);
}

#[test]
fn paxlst_survives_mutations() {
    survives_mutations(Target::Paxlst);
}

#[test]
fn pnrgov_survives_mutations() {
    survives_mutations(Target::Pnrgov);
}

#[test]
fn ftm_survives_mutations() {
    survives_mutations(Target::Ftm);
}

#[test]
fn un_xml_survives_mutations() {
    survives_mutations(Target::UnXml);
}

#[test]
fn documents_csv_survives_mutations() {
    survives_mutations(Target::DocumentsCsv);
}

#[test]
fn manifest_json_survives_mutations() {
    survives_mutations(Target::ManifestJson);
}

#[test]
fn ofac_csv_survives_mutations() {
    survives_mutations(Target::OfacCsv);
}

#[test]
fn ofac_xml_survives_mutations() {
    survives_mutations(Target::OfacXml);
}

#[test]
fn eu_xml_survives_mutations() {
    survives_mutations(Target::EuXml);
}

#[test]
fn uk_xml_survives_mutations() {
    survives_mutations(Target::UkXml);
}

#[test]
fn uk_csv_survives_mutations() {
    survives_mutations(Target::UkCsv);
}

#[test]
fn swift_mt_survives_mutations() {
    survives_mutations(Target::SwiftMt);
}

#[test]
fn consignment_survives_mutations() {
    survives_mutations(Target::Consignment);
}

#[test]
fn iso20022_survives_mutations() {
    survives_mutations(Target::Iso20022);
}
