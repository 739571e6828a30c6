//! What checking one hit's evidence offline costs in a log of 10,000,000 entries: an
//! inclusion proof of one entry and a signed checkpoint, verified 1,000 times.
//!
//! `cargo run -p gatecheck-evidence --release --example verify_bundle [-- LEAVES]`
//!
//! The log is built in memory (leaf hashes of a counter), so the figures are of the pure
//! core: no database read is timed. Speed is measured here, not asserted in a test.

use std::hint::black_box;
use std::time::{Duration, Instant};

use gatecheck_evidence::{
    leaf_hash, open_checkpoint, prove_consistency, prove_inclusion, Checkpoint, Frontier,
    MemoryNodes, Signer,
};

const DEFAULT_LEAVES: u64 = 10_000_000;
const ROUNDS: usize = 1_000;
const ORIGIN: &str = "gatecheck.example/audit";

fn main() {
    let leaf_count = match std::env::args().nth(1) {
        Some(text) => text
            .replace(['_', ','], "")
            .parse()
            .expect("LEAVES is a number"),
        None => DEFAULT_LEAVES,
    };
    assert!(leaf_count >= 2, "LEAVES is at least 2");

    let started = Instant::now();
    let mut frontier = Frontier::new();
    let mut store = MemoryNodes::new();
    for counter in 0..leaf_count {
        let completed = frontier.append(leaf_hash(&counter.to_be_bytes()));
        store
            .keep(&completed)
            .expect("nodes are kept in the order they complete");
    }
    let build_time = started.elapsed();
    println!(
        "built a log of {leaf_count} leaves in {:.2} s ({:.0} ns a leaf)",
        build_time.as_secs_f64(),
        build_time.as_nanos() as f64 / leaf_count as f64
    );

    // a leaf deep on the left, so the proof passes a right-edge node made of several peaks
    let leaf_index = leaf_count * 3 / 4 + 1;
    let leaf = leaf_hash(&leaf_index.to_be_bytes());
    let signer = Signer::from_seed(ORIGIN, &[42; 32]).expect("the origin is a key name");
    let verifier = signer.verifier();
    let checkpoint = Checkpoint::new(ORIGIN, leaf_count, frontier.root()).expect("an origin");
    let signed_checkpoint = checkpoint.sign(&signer);

    let proving_time = median(|| {
        black_box(prove_inclusion(&store, black_box(leaf_index), leaf_count).unwrap());
    });
    let proof = prove_inclusion(&store, leaf_index, leaf_count).expect("the leaf is in the log");
    let old_size = leaf_count * 9 / 10 + 3;
    let consistency = prove_consistency(&store, old_size, leaf_count).expect("sizes in order");

    let inclusion_time = median(|| {
        checkpoint
            .verify_inclusion(black_box(&leaf), black_box(&proof))
            .unwrap();
    });
    let checkpoint_time = median(|| {
        black_box(open_checkpoint(black_box(signed_checkpoint.as_bytes()), &verifier).unwrap());
    });
    let bundle_time = median(|| {
        let opened = open_checkpoint(black_box(signed_checkpoint.as_bytes()), &verifier).unwrap();
        opened
            .verify_inclusion(black_box(&leaf), black_box(&proof))
            .unwrap();
    });

    println!(
        "inclusion proof of leaf {leaf_index} in {leaf_count}: {} hashes, {} bytes",
        proof.path.len(),
        proof.path_bytes()
    );
    println!(
        "consistency proof from {old_size} to {leaf_count}: {} hashes, {} bytes",
        consistency.path.len(),
        consistency.path_bytes()
    );
    println!("signed checkpoint: {} bytes", signed_checkpoint.len());
    println!("median of {ROUNDS} runs:");
    println!(
        "  making the inclusion proof (memory store)  {}",
        shown(proving_time)
    );
    println!(
        "  verifying the inclusion proof              {}",
        shown(inclusion_time)
    );
    println!(
        "  opening the signed checkpoint (Ed25519)    {}",
        shown(checkpoint_time)
    );
    println!(
        "  both: one entry of a bundle checked        {}",
        shown(bundle_time)
    );
}

/// The median time of `ROUNDS` runs of `run`.
fn median(mut run: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..ROUNDS)
        .map(|_| {
            let started = Instant::now();
            run();
            started.elapsed()
        })
        .collect();
    times.sort();
    times[ROUNDS / 2]
}

fn shown(time: Duration) -> String {
    format!("{:8.1} µs", time.as_nanos() as f64 / 1000.0)
}
