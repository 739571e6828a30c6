//! Prints the parts and spellings the engine reads from each argument (a debugging aid).
fn main() {
    for arg in std::env::args().skip(1) {
        let name = gatecheck_engine::names::parse_name(&arg);
        println!("{arg}:");
        for part in &name.parts {
            let spellings: Vec<&str> = part.spellings.iter().map(|s| s.text.as_str()).collect();
            println!(
                "  {:?} {:?} {:?} keys {:?}",
                part.text,
                part.role,
                spellings,
                part.keys()
            );
        }
    }
}
