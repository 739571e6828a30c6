//! `gatecheck bench-edifact`: how fast UN/EDIFACT reads, as the product reads it (with
//! its allocator): a PAXLST interchange of about 10 MB (messages of 500 travellers, written
//! here) parsed ten times, the best time taken, then read into manifests too.

use gatecheck_formats::{edifact, paxlst};
use std::time::Instant;

fn interchange(target_bytes: usize) -> String {
    let mut text =
        String::from("UNA:+.? 'UNB+UNOA:4+AIR1:ZZ+BORDER:ZZ+240315:0900+000000001++APIS'");
    let mut messages = 0;
    while text.len() < target_bytes {
        messages += 1;
        let reference = format!("M{messages}");
        let mut body = String::from(
            "BGM+745'NAD+MS+++OPERATIONS'COM+703-555-1212:TE+703-555-4545:FX'TDT+20+LH0400+++LH'\
LOC+125+FRA'DTM+189:2403151040:201'LOC+87+JFK'DTM+232:2403151330:201'",
        );
        let mut count = 11;
        for traveller in 0..500 {
            body.push_str(&format!(
                "NAD+FL+++O?'SURNAME{traveller}:GIVEN NAME:SECOND'ATT+2++M'DTM+329:720907'LOC+22+JFK'\
LOC+178+FRA'LOC+179+JFK'NAT+2+DEU'RFF+AVF:ABC{traveller}'DOC+P:110:111+C01X{traveller:05}'\
DTM+36:300101'LOC+91+DEU'"
            ));
            count += 11;
        }
        body.push_str("CNT+42:500'");
        text.push_str(&format!(
            "UNH+{reference}+PAXLST:D:05B:UN:IATA'{body}UNT+{count}+{reference}'\n"
        ));
    }
    text.push_str(&format!("UNZ+{messages}+000000001'"));
    text
}

pub fn run() -> anyhow::Result<()> {
    let text = interchange(10 << 20);
    let megabytes = text.len() as f64 / 1e6;
    let rounds = 10;
    let mut best = f64::INFINITY;
    let mut travellers = 0;
    for _ in 0..rounds {
        let start = Instant::now();
        let reading = match edifact::parse(text.as_bytes()) {
            Ok(reading) => reading,
            Err(rejection) => anyhow::bail!("the generated interchange is rejected: {rejection}"),
        };
        best = best.min(start.elapsed().as_secs_f64());
        anyhow::ensure!(
            reading.problems.is_empty(),
            "the generated interchange has problems: {:?}",
            &reading.problems[..1]
        );
        travellers = reading.interchange.messages.len() * 500;
    }
    println!(
        "gatecheck bench-edifact: edifact::parse: {megabytes:.1} MB, {travellers} travellers, best of {rounds}: {:.1} ms, {:.0} MB/s",
        best * 1e3,
        megabytes / best
    );
    let mut best_with_manifests = f64::INFINITY;
    for _ in 0..rounds {
        let start = Instant::now();
        let reading = edifact::parse(text.as_bytes())
            .map_err(|rejection| anyhow::anyhow!("rejected: {rejection}"))?;
        let (manifests, problems) = paxlst::manifests(&reading.interchange);
        best_with_manifests = best_with_manifests.min(start.elapsed().as_secs_f64());
        anyhow::ensure!(problems.is_empty(), "{:?}", &problems[..1]);
        anyhow::ensure!(
            manifests.iter().map(|m| m.travellers.len()).sum::<usize>() == travellers,
            "travellers lost"
        );
    }
    println!(
        "edifact::parse + paxlst::manifests: best of {rounds}: {:.1} ms, {:.0} MB/s",
        best_with_manifests * 1e3,
        megabytes / best_with_manifests
    );
    Ok(())
}
