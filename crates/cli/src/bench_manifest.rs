//! `gatecheck bench-manifest`: whole flights screened. Generated persons and documents are
//! imported as `gatecheck import` imports them, the server's state is opened as `gatecheck
//! serve` opens it, and PAXLST interchanges of generated travellers (a few listed persons
//! and stolen documents planted among them) are read and screened as `POST /v1/manifests`
//! does, each kept with its hits; the time of each whole manifest is measured.

use crate::bench_service::{document_key, in_scratch, write_documents, write_persons, STATES};
use crate::demo::{generate_person, NamePool, Rng};
use crate::import::import_file;
use anyhow::Result;
use clap::Args;
use gatecheck_service::access::{Access, RecordTerms};
use gatecheck_service::members;
use std::time::{Duration, Instant};

#[derive(Args, Debug)]
pub struct BenchManifestArgs {
    /// Person records to import.
    #[arg(long, default_value_t = 100_000)]
    persons: usize,
    /// Document records to import.
    #[arg(long, default_value_t = 1_000_000)]
    documents: usize,
    /// Manifests screened.
    #[arg(long, default_value_t = 40)]
    manifests: usize,
    /// Travellers a manifest.
    #[arg(long, default_value_t = 500)]
    travellers: usize,
    /// Manifests screened first and not measured: the first flights after a start read the
    /// store's pages from disk, as a server does once.
    #[arg(long, default_value_t = 3)]
    warmup: usize,
    /// Where the data directory is made (removed afterwards); the system's temporary
    /// directory if not given.
    #[arg(long)]
    work: Option<std::path::PathBuf>,
}

pub fn run(args: &BenchManifestArgs) -> Result<()> {
    in_scratch(args.work.as_deref(), "bench-manifest", |directory| {
        measure(args, directory)
    })
}

fn measure(args: &BenchManifestArgs, directory: &std::path::Path) -> Result<()> {
    let data = directory.join("data");
    let mut store = gatecheck_store::Store::open(&data)?;
    let now = 1_795_910_400;
    members::add_member(&mut store, "owner", "JOR", false, "cli:bench", now)?;
    members::add_member(&mut store, "border", "IRQ", false, "cli:bench", now)?;
    let terms = RecordTerms {
        access: Access::All,
        action: "refer to secondary inspection".to_string(),
        review_by: "2099-01-01".to_string(),
    };
    let mut rng = Rng::new(11);
    // the pool is shared by listed persons and travellers, so that names recur as they do
    let pool = NamePool::new(&mut rng, args.persons.max(1_000));
    let listed: Vec<_> = (0..args.persons)
        .map(|i| generate_person(&mut rng, &pool, i))
        .collect();
    let persons_file = directory.join("persons.jsonl");
    write_persons(&persons_file, &listed)?;
    import_file(
        &mut store,
        "owner",
        &persons_file,
        &terms,
        None,
        "cli:bench",
        now,
    )?;
    std::fs::remove_file(&persons_file)?;
    let documents_file = directory.join("documents.csv");
    write_documents(&documents_file, args.documents)?;
    if args.documents > 0 {
        import_file(
            &mut store,
            "owner",
            &documents_file,
            &terms,
            None,
            "cli:bench",
            now,
        )?;
    }
    std::fs::remove_file(&documents_file)?;
    drop(store);

    let (state, border, ready) = crate::bench_service::open_state(&data, "border")?;

    // manifests: one traveller in a hundred listed, one in a hundred with a stolen passport,
    // written as the PAXLST interchanges airlines send
    use gatecheck_formats::manifest::{Document, Leg, Manifest, Role, Source, Traveller};
    let mut bodies = Vec::with_capacity(args.manifests);
    // what each traveller of each manifest is, to judge the referrals
    let mut truths: Vec<Vec<Truth>> = Vec::with_capacity(args.warmup + args.manifests);
    for m in 0..args.warmup + args.manifests {
        let mut travellers = Vec::with_capacity(args.travellers);
        let mut truth = Vec::with_capacity(args.travellers);
        for t in 0..args.travellers {
            let roll = rng.below(100);
            truth.push(match roll {
                0 if !listed.is_empty() => Truth::Listed,
                1 if args.documents > 0 => Truth::StolenDocument,
                _ => Truth::Innocent,
            });
            let person = if roll == 0 && !listed.is_empty() {
                listed[rng.below(listed.len())].clone()
            } else {
                generate_person(&mut rng, &pool, args.persons + m * args.travellers + t)
            };
            let (number, state) = if roll == 1 && args.documents > 0 {
                document_key(rng.below(args.documents))
            } else {
                document_key((1 << 40) + m * args.travellers + t)
            };
            travellers.push(Traveller {
                details: Default::default(),
                role: Role::Passenger,
                surname: person.family.to_uppercase(),
                given_names: person.given.to_uppercase(),
                birth_date: Some(person.birth_date.clone()).filter(|date| date.len() == 10),
                gender: Some(if person.gender == "female" { "F" } else { "M" }.to_string()),
                nationality: None,
                documents: vec![Document {
                    number,
                    kind: "P".to_string(),
                    issuing_state: Some(STATES[state % STATES.len()].to_string()),
                    expiry_date: None,
                }],
                reference: None,
                segment: 0,
            });
        }
        truths.push(truth);
        let manifest = Manifest {
            source: Source::Paxlst,
            message_reference: format!("M{m}"),
            interactive: false,
            transaction_reference: None,
            legs: vec![Leg {
                carrier: "RJ".to_string(),
                flight_number: format!("{}", 400 + m),
                departure_port: "AMM".to_string(),
                arrival_port: "BGW".to_string(),
                departure_time: None,
                arrival_time: None,
            }],
            travellers,
        };
        let header = gatecheck_formats::edifact::InterchangeHeader {
            syntax: gatecheck_formats::edifact::Syntax {
                identifier: "UNOA".to_string(),
                version: "4".to_string(),
            },
            sender: "AIRLINE".to_string(),
            recipient: "BORDER".to_string(),
            control_reference: format!("{m}"),
            prepared_date: "261129".to_string(),
            prepared_time: "1000".to_string(),
            ..Default::default()
        };
        let segments = gatecheck_formats::edifact::envelope(
            &header,
            vec![gatecheck_formats::paxlst::message_segments(&manifest)],
        );
        bodies.push(gatecheck_formats::edifact::print_interchange(
            &segments,
            &header.separators,
        ));
    }
    let mut latencies: Vec<Duration> = Vec::with_capacity(bodies.len());
    let mut warmup = Vec::with_capacity(args.warmup);
    let mut verdicts = [0usize; 3];
    let mut referrals = Referrals::default();
    let (warm, measured) = bodies.split_at(args.warmup.min(bodies.len()));
    let measured_truths = &truths[warm.len()..];
    // a manifest screened: its time and its answer
    let screen = |body: &String| -> Result<(Duration, serde_json::Value)> {
        let began = Instant::now();
        let answer = state
            .screen_manifest_text(&border, body.as_bytes(), false)
            .map_err(|error| anyhow::anyhow!("screening a manifest: {error}"))?;
        Ok((began.elapsed(), answer))
    };
    for body in warm {
        warmup.push(screen(body)?.0.as_secs_f64() * 1000.0);
    }
    let mut answers = Vec::with_capacity(measured.len());
    let (result, cpu) = crate::bench::measured(|| -> Result<()> {
        for body in measured {
            let (elapsed, answer) = screen(body)?;
            latencies.push(elapsed);
            answers.push(answer);
        }
        Ok(())
    })?;
    for (answer, truth) in answers.iter().zip(measured_truths) {
        let manifest = &answer["manifests"][0];
        for (slot, key) in ["clear", "refer", "no_board"].iter().enumerate() {
            verdicts[slot] += manifest["summary"][key].as_u64().unwrap_or(0) as usize;
        }
        let travellers = manifest["travellers"]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or_default();
        for (traveller, truth) in travellers.iter().zip(truth) {
            referrals.count(traveller, *truth);
        }
    }
    result?;
    latencies.sort();
    let quantile = |q: f64| crate::bench_service::quantile_ms(&latencies, q);
    println!(
        "gatecheck bench-manifest: {} persons, {} documents, {} manifests of {} travellers",
        args.persons, args.documents, args.manifests, args.travellers
    );
    println!("server state ready in {ready:.1} s");
    let warmup: Vec<String> = warmup.iter().map(|ms| format!("{ms:.1}")).collect();
    println!(
        "first {} manifests (not measured): {} ms",
        warmup.len(),
        warmup.join(", ")
    );
    println!(
        "manifest read, screened and kept: p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        quantile(0.5),
        quantile(0.99),
        latencies.last().map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    );
    println!(
        "verdicts: {} clear, {} refer, {} no-board",
        verdicts[0], verdicts[1], verdicts[2]
    );
    referrals.print();
    // CPU time is steadier than wall time on a shared machine: compare builds by it
    if let Some(cpu) = cpu {
        println!(
            "CPU: {:.1} ms a manifest ({:.2} cores busy; {:.0} % of the time wanted waited for a core)",
            cpu.running.as_secs_f64() * 1000.0 / latencies.len().max(1) as f64,
            cpu.cores(),
            cpu.waiting_share() * 100.0
        );
    }
    Ok(())
}

/// What a generated traveller is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Truth {
    /// A listed person travelling under the listed name and date of birth.
    Listed,
    /// A generated person whose passport is a reported one.
    StolenDocument,
    /// A generated person nobody listed (the name pool is shared, so some share a name).
    Innocent,
}

/// The referrals of the measured manifests, by what the traveller was and, for innocent
/// travellers, by how their best person hit compared: what an officer would make of it.
#[derive(Default)]
struct Referrals {
    listed: [usize; 2],
    stolen: [usize; 2],
    innocent: [usize; 2],
    /// Innocent and referred by a person hit: the same name and date of birth (a
    /// namesake an officer must check), the same name with another or no date, another
    /// name.
    namesake_same_date: usize,
    namesake_other_date: usize,
    other_name: usize,
    /// Innocent and referred by a document hit only.
    by_document: usize,
}

impl Referrals {
    fn count(&mut self, traveller: &serde_json::Value, truth: Truth) {
        let referred = traveller["verdict"] != "clear";
        let slot = match truth {
            Truth::Listed => &mut self.listed,
            Truth::StolenDocument => &mut self.stolen,
            Truth::Innocent => &mut self.innocent,
        };
        slot[0] += 1;
        slot[1] += usize::from(referred);
        if truth != Truth::Innocent || !referred {
            return;
        }
        let hits = traveller["hits"]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or_default();
        let Some(person) = hits.iter().find(|hit| hit["kind"] == "person") else {
            self.by_document += 1;
            return;
        };
        let explanation = &person["result"]["explanation"];
        let fold = |text: &str| {
            text.to_lowercase()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        };
        let same_name = explanation["listed_name"]
            .as_str()
            .zip(traveller["name"].as_str())
            .is_some_and(|(listed, name)| {
                let (mut listed, mut name): (Vec<String>, Vec<String>) = (
                    fold(listed).split(' ').map(str::to_string).collect(),
                    fold(name).split(' ').map(str::to_string).collect(),
                );
                listed.sort();
                name.sort();
                listed == name
            });
        let same_date = explanation["qualifiers"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|q| {
                q["property"] == "birthDate" && q["outcome"] == "same" && q["precision"] == "day"
            });
        match (same_name, same_date) {
            (true, true) => self.namesake_same_date += 1,
            (true, false) => self.namesake_other_date += 1,
            (false, _) => self.other_name += 1,
        }
    }

    fn print(&self) {
        let share = |n: usize, of: usize| 100.0 * n as f64 / of.max(1) as f64;
        println!(
            "referred: {} of {} listed travellers ({:.1} %), {} of {} with a reported passport ({:.1} %), {} of {} others ({:.1} %)",
            self.listed[1], self.listed[0], share(self.listed[1], self.listed[0]),
            self.stolen[1], self.stolen[0], share(self.stolen[1], self.stolen[0]),
            self.innocent[1], self.innocent[0], share(self.innocent[1], self.innocent[0]),
        );
        println!(
            "others referred: {} by a listed person of the same name and date of birth (a namesake to check), {} of the same name with another or no date, {} of another name, {} by a document",
            self.namesake_same_date, self.namesake_other_date, self.other_name, self.by_document
        );
    }
}
