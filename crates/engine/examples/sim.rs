//! Prints how two name parts compare: the best pair of spellings and its similarity (a
//! debugging aid). Usage: `cargo run --example sim -- QUERY_PART LISTED_PART`.
use gatecheck_engine::compare::{compare_parts, NameMatchConfig};
use gatecheck_engine::names::parse_name;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() != 2 {
        eprintln!("usage: sim QUERY_PART LISTED_PART");
        std::process::exit(2);
    }
    let (query, listed) = (parse_name(&args[0]), parse_name(&args[1]));
    let config = NameMatchConfig::default();
    for q in &query.parts {
        for l in &listed.parts {
            let c = compare_parts(q, l, &config);
            println!(
                "{} ~ {}: {:.4} ({} ~ {})",
                q.text,
                l.text,
                c.similarity,
                q.spellings[c.query_spelling as usize].text,
                l.spellings[c.listed_spelling as usize].text
            );
        }
    }
}
