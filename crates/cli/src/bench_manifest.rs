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
use gatecheck_service::members;
use gatecheck_service::records::{Access, RecordTerms};
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

    let started = Instant::now();
    let store = gatecheck_store::Store::open(&data)?;
    let border = members::active_member(&store, "border")?;
    let state = gatecheck_server::AppState::new(
        store,
        gatecheck_server::ApiConfig::default(),
        gatecheck_server::system_clock,
    )
    .map_err(|error| anyhow::anyhow!("opening the server's state: {error}"))?;
    let ready = started.elapsed().as_secs_f64();

    // manifests: one traveller in a hundred listed, one in a hundred with a stolen passport,
    // written as the PAXLST interchanges airlines send
    use gatecheck_formats::manifest::{Document, Leg, Manifest, Role, Source, Traveller};
    let mut bodies = Vec::with_capacity(args.manifests);
    for m in 0..args.warmup + args.manifests {
        let mut travellers = Vec::with_capacity(args.travellers);
        for t in 0..args.travellers {
            let roll = rng.below(100);
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
    let (warm, measured) = bodies.split_at(args.warmup.min(bodies.len()));
    // a manifest screened: its time and its verdicts (clear, refer, no-board)
    let screen = |body: &String| -> Result<(Duration, [usize; 3])> {
        let began = Instant::now();
        let answer = state
            .screen_manifest_text(&border, body.as_bytes(), false)
            .map_err(|error| anyhow::anyhow!("screening a manifest: {error}"))?;
        let elapsed = began.elapsed();
        let mut counts = [0usize; 3];
        for (slot, key) in ["clear", "refer", "no_board"].iter().enumerate() {
            counts[slot] = answer["manifests"][0]["summary"][key].as_u64().unwrap_or(0) as usize;
        }
        Ok((elapsed, counts))
    };
    for body in warm {
        warmup.push(screen(body)?.0.as_secs_f64() * 1000.0);
    }
    let (result, cpu) = crate::bench::measured(|| -> Result<()> {
        for body in measured {
            let (elapsed, counts) = screen(body)?;
            latencies.push(elapsed);
            for (total, count) in verdicts.iter_mut().zip(counts) {
                *total += count;
            }
        }
        Ok(())
    })?;
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
