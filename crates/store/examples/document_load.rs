//! Measures how fast documents are written into the store, in key order or in no order:
//! `cargo run --release -p gatecheck-store --example document_load -- DIR COUNT BATCH sorted|random`.

use gatecheck_store::{AuditEntry, NewDocument, NewMember, Store, Terms, WriteAudit, WriteTerms};
use std::time::Instant;

fn mix(i: u64) -> u64 {
    let mut z = i.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let directory = std::path::PathBuf::from(&args[1]);
    let count: u64 = args[2].parse().unwrap();
    let batch: u64 = args[3].parse().unwrap();
    let sorted = args[4] == "sorted";
    let _ = std::fs::remove_dir_all(&directory);
    let mut store = Store::open(&directory).unwrap();
    let entry = AuditEntry {
        at: 1_700_000_000,
        actor: "cli:load".into(),
        action: "load".into(),
        subject: String::new(),
        digest: "d".into(),
    };
    let chain = |_: &gatecheck_store::AuditRow| "h".to_string();
    let owner = store
        .add_member(
            &NewMember {
                name: "owner",
                country: "JOR",
                admin: false,
                key_hash: &[0; 32],
                created_at: 0,
            },
            &entry,
            chain,
        )
        .unwrap()
        .id;
    let terms = WriteTerms::set(Terms {
        access_level: "all".into(),
        access_members: Vec::new(),
        action: "seize".into(),
        review_by: "2030-01-01".into(),
    });
    let states = ["JOR", "IRQ", "LBN", "TUN", "SYR", "EGY", "MAR", "DZA"];
    let document = |i: u64| {
        let z = if sorted { i * 7 } else { mix(i) };
        let letter = |n: u64| char::from(b'A' + (n % 26) as u8);
        let number = if sorted {
            format!("A{:011}", z)
        } else {
            format!(
                "{}{}{:07}",
                letter(z >> 40),
                letter(z >> 50),
                z % 10_000_000
            )
        };
        NewDocument {
            number,
            issuing_state: states[(z >> 60) as usize % 8].to_string(),
            kind: "P".into(),
            status: gatecheck_store::DocumentStatus::Stolen,
            reported_on: "2026-01-01".into(),
        }
    };
    let started = Instant::now();
    let mut lap = Instant::now();
    let mut written = 0;
    while written < count {
        let n = batch.min(count - written);
        let documents: Vec<NewDocument> = (written..written + n).map(document).collect();
        store
            .write_documents(
                owner,
                &documents,
                &terms,
                None,
                &WriteAudit::plain(&entry),
                chain,
            )
            .unwrap();
        written += n;
        if written % 5_000_000 == 0 || written == count {
            let size: u64 = std::fs::read_dir(&directory)
                .unwrap()
                .filter_map(|e| e.ok()?.metadata().ok())
                .map(|m| m.len())
                .sum();
            println!(
                "{written}: {:.0} rows/s over the last lap, {:.0} overall, {:.1} bytes/row on disk",
                5_000_000f64.min(written as f64) / lap.elapsed().as_secs_f64(),
                written as f64 / started.elapsed().as_secs_f64(),
                size as f64 / written as f64
            );
            lap = Instant::now();
        }
    }
}
