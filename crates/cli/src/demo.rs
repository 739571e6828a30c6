//! Demo data: fictional persons built from syllables, written as FollowTheMoney lines, and
//! travellers made from them (respelt, reordered, in Cyrillic or Arabic letters) beside
//! innocent ones. Deterministic for a seed; no real person's name is used.

use std::fs;
use std::io::{BufWriter, Write};
use std::path::Path;

use anyhow::Context;
use serde_json::json;

use crate::match_command;
use gatecheck_service::screen::{OneStore, PersonQuery, Screener, Settings};

/// A small deterministic generator (SplitMix64): the same seed gives the same data.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }

    /// An index skewed towards small values, like name frequencies (a few very common).
    pub fn skewed(&mut self, n: usize) -> usize {
        let a = self.below(n);
        let b = self.below(n);
        let c = self.below(n);
        a.min(b).min(c)
    }

    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const ONSETS: &[&str] = &[
    "b", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "sh", "kh",
    "ch", "br", "dr", "gr", "kr", "tr", "st", "y", "w", "q", "gh", "th",
];
const VOWELS: &[&str] = &["a", "e", "i", "o", "u", "a", "i", "ai", "ou", "ei"];
const CODAS: &[&str] = &[
    "", "", "", "n", "r", "l", "m", "s", "k", "t", "d", "sh", "v",
];
const FAMILY_ENDINGS: &[&str] = &[
    "", "", "ov", "ev", "ski", "enko", "idze", "yan", "oglu", "i", "ani", "son", "er", "ez", "ic",
    "ura", "ama", "ini", "opoulos", "ashvili",
];

/// One fictional syllable-built word, capitalised.
fn word(rng: &mut Rng, syllables: usize) -> String {
    let mut text = String::new();
    for _ in 0..syllables {
        text.push_str(rng.pick(ONSETS));
        text.push_str(rng.pick(VOWELS));
    }
    text.push_str(rng.pick(CODAS));
    capitalise(&text)
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A pool of given names (few, so some are common) and family names (many, mostly rare).
pub struct NamePool {
    given: Vec<String>,
    family: Vec<String>,
}

impl NamePool {
    pub fn new(rng: &mut Rng, persons: usize) -> NamePool {
        let given_count = (persons / 50).clamp(200, 20_000);
        let family_count = (persons / 3).clamp(500, 400_000);
        let given: Vec<String> = (0..given_count)
            .map(|_| {
                let syllables = 1 + rng.below(3);
                word(rng, syllables)
            })
            .collect();
        let family: Vec<String> = (0..family_count)
            .map(|_| {
                let syllables = 1 + rng.below(3);
                let stem = word(rng, syllables);
                format!("{stem}{}", rng.pick(FAMILY_ENDINGS))
            })
            .collect();
        NamePool { given, family }
    }
}

/// A fictional listed person.
#[derive(Debug, Clone)]
pub struct Generated {
    pub id: String,
    pub given: String,
    pub middle: Option<String>,
    pub family: String,
    pub aliases: Vec<String>,
    pub birth_date: String,
    pub nationality: &'static str,
    pub gender: &'static str,
    pub passport: Option<String>,
}

const COUNTRIES: &[&str] = &[
    "iq", "sy", "ru", "ua", "tr", "de", "fr", "gb", "eg", "ma", "ir", "pk", "af", "ge", "am", "gr",
    "il", "kr", "jp", "cn",
];

pub fn generate_person(rng: &mut Rng, pool: &NamePool, index: usize) -> Generated {
    let given = pool.given[rng.skewed(pool.given.len())].clone();
    let family = pool.family[rng.below(pool.family.len())].clone();
    let middle = rng
        .chance(0.3)
        .then(|| pool.given[rng.skewed(pool.given.len())].clone());
    let mut aliases = Vec::new();
    for _ in 0..rng.below(3) {
        aliases.push(respell(rng, &format!("{given} {family}")));
    }
    let year = 1940 + rng.below(65);
    let birth_date = if rng.chance(0.8) {
        format!("{year}-{:02}-{:02}", 1 + rng.below(12), 1 + rng.below(28))
    } else {
        year.to_string()
    };
    let passport = rng.chance(0.4).then(|| {
        format!(
            "{}{:07}",
            (b'A' + rng.below(26) as u8) as char,
            rng.below(10_000_000)
        )
    });
    Generated {
        id: format!("gen-{index}"),
        given,
        middle,
        family,
        aliases,
        birth_date,
        nationality: COUNTRIES[rng.below(COUNTRIES.len())],
        gender: if rng.chance(0.5) { "male" } else { "female" },
        passport,
    }
}

impl Generated {
    pub fn full_name(&self) -> String {
        match &self.middle {
            Some(middle) => format!("{} {middle} {}", self.given, self.family),
            None => format!("{} {}", self.given, self.family),
        }
    }

    pub fn to_line(&self) -> String {
        let mut properties = json!({
            "name": [self.full_name()],
            "firstName": [self.given],
            "lastName": [self.family],
            "birthDate": [self.birth_date],
            "nationality": [self.nationality],
            "gender": [self.gender],
        });
        if !self.aliases.is_empty() {
            properties["alias"] = json!(self.aliases);
        }
        if let Some(passport) = &self.passport {
            properties["passportNumber"] = json!([passport]);
        }
        json!({"id": self.id, "schema": "Person", "properties": properties}).to_string()
    }
}

/// Another spelling of a Latin name, as transliterations and clerks produce them.
pub fn respell(rng: &mut Rng, name: &str) -> String {
    const SWAPS: &[(&str, &str)] = &[
        ("ou", "u"),
        ("u", "ou"),
        ("i", "y"),
        ("y", "i"),
        ("kh", "h"),
        ("sh", "sch"),
        ("v", "w"),
        ("ch", "tsch"),
        ("e", "a"),
        ("o", "u"),
        ("k", "q"),
        ("ei", "ey"),
        ("ss", "s"),
        ("j", "dj"),
    ];
    let mut text = name.to_lowercase();
    for _ in 0..1 + rng.below(2) {
        let (from, to) = SWAPS[rng.below(SWAPS.len())];
        if let Some(at) = text.find(from) {
            text.replace_range(at..at + from.len(), to);
        }
    }
    text.split(' ')
        .map(capitalise)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The name in Cyrillic letters, as a Russian clerk would write it.
pub fn to_cyrillic(name: &str) -> String {
    const DIGRAPHS: &[(&str, &str)] = &[
        ("shch", "щ"),
        ("sh", "ш"),
        ("ch", "ч"),
        ("kh", "х"),
        ("zh", "ж"),
        ("ts", "ц"),
        ("ya", "я"),
        ("yu", "ю"),
        ("ou", "у"),
        ("ei", "ей"),
        ("ai", "ай"),
        ("th", "т"),
        ("gh", "г"),
    ];
    const LETTERS: &[(char, &str)] = &[
        ('a', "а"),
        ('b', "б"),
        ('c', "к"),
        ('d', "д"),
        ('e', "е"),
        ('f', "ф"),
        ('g', "г"),
        ('h', "х"),
        ('i', "и"),
        ('j', "дж"),
        ('k', "к"),
        ('l', "л"),
        ('m', "м"),
        ('n', "н"),
        ('o', "о"),
        ('p', "п"),
        ('q', "к"),
        ('r', "р"),
        ('s', "с"),
        ('t', "т"),
        ('u', "у"),
        ('v', "в"),
        ('w', "в"),
        ('x', "кс"),
        ('y', "й"),
        ('z', "з"),
    ];
    transcribe(name, DIGRAPHS, LETTERS)
}

/// The name in Arabic letters, long vowels only, as Arabic spelling of foreign names goes.
pub fn to_arabic(name: &str) -> String {
    const DIGRAPHS: &[(&str, &str)] = &[
        ("sh", "ش"),
        ("kh", "خ"),
        ("th", "ث"),
        ("gh", "غ"),
        ("ch", "تش"),
        ("ou", "و"),
        ("ai", "اي"),
        ("ei", "ي"),
    ];
    const LETTERS: &[(char, &str)] = &[
        ('a', "ا"),
        ('b', "ب"),
        ('c', "ك"),
        ('d', "د"),
        ('e', ""),
        ('f', "ف"),
        ('g', "غ"),
        ('h', "ه"),
        ('i', "ي"),
        ('j', "ج"),
        ('k', "ك"),
        ('l', "ل"),
        ('m', "م"),
        ('n', "ن"),
        ('o', "و"),
        ('p', "ب"),
        ('q', "ق"),
        ('r', "ر"),
        ('s', "س"),
        ('t', "ت"),
        ('u', "و"),
        ('v', "ف"),
        ('w', "و"),
        ('x', "كس"),
        ('y', "ي"),
        ('z', "ز"),
    ];
    transcribe(name, DIGRAPHS, LETTERS)
}

fn transcribe(name: &str, digraphs: &[(&str, &str)], letters: &[(char, &str)]) -> String {
    let lower = name.to_lowercase();
    let mut out = String::new();
    let mut rest = lower.as_str();
    while let Some(c) = rest.chars().next() {
        if let Some((from, to)) = digraphs.iter().find(|(from, _)| rest.starts_with(from)) {
            out.push_str(to);
            rest = &rest[from.len()..];
            continue;
        }
        match letters.iter().find(|(letter, _)| *letter == c) {
            Some((_, to)) => out.push_str(to),
            None => out.push(c),
        }
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// A traveller made from a listed person: respelt, reordered or written in another script,
/// sometimes without the middle name, with the same date of birth.
pub fn traveller_from(rng: &mut Rng, listed: &Generated, id: String) -> (String, String) {
    let base = format!("{} {}", listed.given, listed.family);
    let name = match rng.below(5) {
        0 => respell(rng, &base),
        1 => format!("{} {}", listed.family, listed.given),
        2 => to_cyrillic(&base),
        3 => to_arabic(&base),
        _ => listed.full_name(),
    };
    let line = json!({"id": id, "schema": "Person", "properties": {"name": [name], "birthDate": [listed.birth_date], "nationality": [listed.nationality]}});
    (name, line.to_string())
}

/// An innocent traveller: a fresh name that is on no list.
pub fn innocent_traveller(rng: &mut Rng, id: String) -> (String, String) {
    let name = format!(
        "{} {}{}",
        word(rng, 2),
        word(rng, 2),
        rng.pick(FAMILY_ENDINGS)
    );
    let year = 1940 + rng.below(65);
    let line = json!({"id": id, "schema": "Person", "properties": {"name": [name], "birthDate": [format!("{year}-{:02}-{:02}", 1 + rng.below(12), 1 + rng.below(28))]}});
    (name, line.to_string())
}

/// Writes `persons` generated persons to `out`.
pub fn generate_to_file(persons: usize, seed: u64, out: &Path) -> anyhow::Result<()> {
    let mut rng = Rng::new(seed);
    let pool = NamePool::new(&mut rng, persons);
    let file = fs::File::create(out).with_context(|| format!("cannot write {}", out.display()))?;
    let mut writer = BufWriter::new(file);
    for index in 0..persons {
        let person = generate_person(&mut rng, &pool, index);
        writeln!(writer, "{}", person.to_line())
            .with_context(|| format!("cannot write {}", out.display()))?;
    }
    writer
        .flush()
        .with_context(|| format!("cannot write {}", out.display()))?;
    Ok(())
}

/// The demo: a generated watchlist, 20 travellers taken from it and 20 innocent ones,
/// screened; every hit printed with its explanation.
pub fn run(dir: &Path, persons: usize) -> anyhow::Result<u8> {
    fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let list_path = dir.join("watchlist.jsonl");
    generate_to_file(persons, 7, &list_path)?;
    let mut rng = Rng::new(11);
    let pool_rng = &mut Rng::new(7);
    let pool = NamePool::new(pool_rng, persons);
    let listed: Vec<Generated> = (0..persons)
        .map(|i| generate_person(pool_rng, &pool, i))
        .collect();
    let mut travellers = Vec::new();
    for i in 0..20 {
        let source = &listed[rng.below(listed.len())];
        travellers.push((
            Some(source.id.clone()),
            traveller_from(&mut rng, source, format!("traveller-{i}")),
        ));
        travellers.push((
            None,
            innocent_traveller(&mut rng, format!("traveller-{}", i + 20)),
        ));
    }
    let queries_path = dir.join("travellers.jsonl");
    let lines: Vec<&str> = travellers
        .iter()
        .map(|(_, (_, line))| line.as_str())
        .collect();
    fs::write(&queries_path, lines.join("\n") + "\n")
        .with_context(|| format!("cannot write {}", queries_path.display()))?;

    let (watchlist, _) = match_command::load_lists(std::slice::from_ref(&list_path))?;
    let config = gatecheck_engine::watchlist::MatchConfig::default();
    println!(
        "watchlist: {} fictional persons ({})",
        watchlist.len(),
        list_path.display()
    );
    println!(
        "travellers: {} ({}), half of them listed persons written another way\n",
        travellers.len(),
        queries_path.display()
    );
    let (mut found, mut missed, mut false_alarms) = (0, 0, 0);
    for (source, (name, line)) in &travellers {
        let query = gatecheck_formats::ftm::parse_entity(line).context("demo traveller")?;
        let results = watchlist.screen(&query.person, 1, &config);
        let hit = results.first().filter(|c| c.score >= 0.7);
        match (hit, source) {
            (Some(candidate), _) => {
                let right = source.as_deref() == Some(candidate.id);
                if right {
                    found += 1
                } else {
                    false_alarms += 1
                }
                println!(
                    "HIT  {name:<32} -> {} \"{}\" score {:.2}{}",
                    candidate.id,
                    candidate.explanation.listed_name,
                    candidate.score,
                    if right { "" } else { "  (false alarm)" }
                );
                for part in &candidate.explanation.parts {
                    println!(
                        "       {:<16} ~ {:<16} {:<13} similarity {:.2} ({} ~ {})",
                        part.query_part,
                        part.listed_part,
                        part.how.as_str(),
                        part.similarity,
                        part.query_spelling,
                        part.listed_spelling
                    );
                }
                for effect in &candidate.explanation.qualifiers {
                    println!(
                        "       {:<16} {} vs {}: {} ({:+.2})",
                        effect.qualifier.property(),
                        effect.query_value,
                        effect.listed_value,
                        effect.outcome.as_str(),
                        effect.weight
                    );
                }
            }
            (None, Some(_)) => {
                missed += 1;
                println!("MISS {name:<32} (is {})", source.as_deref().unwrap_or(""));
            }
            (None, None) => println!("clear {name}"),
        }
    }
    println!("\n{found} listed travellers found, {missed} missed, {false_alarms} false alarms");
    service_demo(dir, &list_path, &listed, &mut rng)?;
    Ok(0)
}

/// Records the demo's owner contributes at each access level.
const RECORDS_PER_LEVEL: usize = 100;

/// The service's code path on demo data: three members, one contributing records at each
/// access level, two others screening travellers; what each was shown, the owner's
/// notifications, and the audit chain.
fn service_demo(
    dir: &Path,
    list_path: &Path,
    listed: &[Generated],
    rng: &mut Rng,
) -> anyhow::Result<()> {
    use gatecheck_service::access::{Access, Disclosure, RecordTerms};
    use gatecheck_service::records::import_entities;
    use gatecheck_service::{audit, hits, members, screening};
    let data = dir.join("data");
    if data.exists() {
        fs::remove_dir_all(&data).with_context(|| format!("cannot clear {}", data.display()))?;
    }
    let mut store = gatecheck_store::Store::open(&data)?;
    let now = 1_795_910_400; // 2026-11-29, fixed so that the demo prints the same each run
    let actor = "cli:demo";
    let mut add = |name: &str, country: &str| -> anyhow::Result<members::Member> {
        Ok(members::add_member(&mut store, name, country, false, actor, now)?.0)
    };
    let owner = add("jordan-psd", "JOR")?;
    let partner = add("iraq-nsa", "IRQ")?;
    let outsider = add("tunisia-dgsn", "TUN")?;
    // fictional: the demo's members are not the agencies their names recall
    members::set_contact(
        &mut store,
        &owner.name,
        "duty desk (demo), +000 0000 0000",
        actor,
        now,
    )?;
    // the console shows each member's times in its own zone beside UTC
    for (member, zone) in [
        (&owner, "Asia/Amman"),
        (&partner, "Asia/Baghdad"),
        (&outsider, "Africa/Tunis"),
    ] {
        members::set_time_zone(&mut store, &member.name, zone, actor, now)?;
    }
    let text = fs::read_to_string(list_path)?;
    let lines: Vec<&str> = text.lines().take(3 * RECORDS_PER_LEVEL).collect();
    let levels = [
        (Access::All, "arrest"),
        (
            Access::Members(vec![partner.name.clone()]),
            "refer to secondary inspection",
        ),
        (Access::OwnerOnly, "collect information, inform the owner"),
    ];
    println!(
        "\n== the service: members, records with access rules, hits, notifications ({})",
        data.display()
    );
    for (chunk, (access, action)) in lines.chunks(RECORDS_PER_LEVEL).zip(levels) {
        let terms = RecordTerms {
            access: access.clone(),
            action: action.to_string(),
            review_by: "2030-01-01".to_string(),
        };
        let counts = import_entities(
            &mut store,
            &owner.name,
            &chunk.join("\n"),
            &terms,
            actor,
            now,
        )?;
        println!(
            "{} contributed {} records, access {}",
            owner.name,
            counts.added,
            access.level()
        );
    }
    let index = screening::ScreeningIndex::build(&store, "2026-11-29")?;
    let config = gatecheck_engine::watchlist::MatchConfig::default();
    for level in 0..3 {
        let source = &listed[level * RECORDS_PER_LEVEL + rng.below(RECORDS_PER_LEVEL)];
        let (name, line) = traveller_from(rng, source, format!("service-traveller-{level}"));
        let query = gatecheck_formats::ftm::parse_entity(&line).context("demo traveller")?;
        println!("\ntraveller {name:?} (written from record {})", source.id);
        let query = PersonQuery::from_entity(query, line, None);
        for viewer in [&partner, &outsider] {
            let stores = OneStore::new(&mut store);
            let screened = screener(&index, &stores, viewer, &config, now).person(&query)?;
            let shown: Vec<String> = screened
                .findings
                .iter()
                .filter(|finding| finding.matched)
                .map(|finding| match &finding.disclosure {
                    Disclosure::Full {
                        entity_id,
                        score,
                        action,
                        ..
                    } => {
                        format!("{entity_id} score {score:.2}, action: {action}")
                    }
                    Disclosure::ContactOwner { owner } => {
                        format!("a restricted record: contact {owner}")
                    }
                    Disclosure::ReferToOwner => "refer to the owner".to_string(),
                })
                .collect();
            let shown = if shown.is_empty() {
                "no hit".to_string()
            } else {
                shown.join("; ")
            };
            println!("  {:<13} is shown: {shown}", viewer.name);
        }
    }
    // a stolen passport, and a traveller presenting it at a border post of the partner
    let stolen = gatecheck_service::documents::read_document(
        "L898902C3",
        "JOR",
        "P",
        "stolen",
        "2026-10-01",
    )?;
    let terms = RecordTerms {
        access: Access::All,
        action: "seize the document".to_string(),
        review_by: "2030-01-01".to_string(),
    };
    gatecheck_service::documents::contribute(&mut store, &owner, &stolen, &terms, now)?;
    println!(
        "\n{} reported passport JOR L898902C3 stolen; a traveller presents it to {}:",
        owner.name, partner.name
    );
    let zone = "P<JORHADDAD<<YUSUF<ADNAN<<<<<<<<<<<<<<<<<<<<\n\
                L898902C36JOR7408122M1204159<<<<<<<<<<<<<<08";
    let today = gatecheck_formats::mrz::CivilDate::new(2026, 11, 29).context("a date")?;
    let reading = gatecheck_formats::mrz::parse(zone, today);
    let stores = OneStore::new(&mut store);
    let screened = screener(&index, &stores, &partner, &config, now)
        .zone(reading)?
        .context("the demo zone reads")?
        .screening;
    for line in zone.lines() {
        println!("  {line}");
    }
    println!(
        "  zone {}: {} {}, born {}",
        if screened.reading.valid() {
            "valid"
        } else {
            "NOT valid"
        },
        screened.holder_query["properties"]["firstName"][0]
            .as_str()
            .unwrap_or(""),
        screened.holder_query["properties"]["lastName"][0]
            .as_str()
            .unwrap_or(""),
        screened.holder_query["properties"]["birthDate"][0]
            .as_str()
            .unwrap_or("?"),
    );
    for finding in screened.document.0.iter().filter(|finding| finding.matched) {
        if let Disclosure::Full {
            owner,
            score,
            action,
            explanation,
            document,
            ..
        } = &finding.disclosure
        {
            let what = document.as_ref().map_or(String::new(), |document| {
                format!(
                    "{} {} of {}, reported {} ",
                    document.status, document.kind, document.issuing_state, document.reported_on
                )
            });
            println!(
                "  document: {} {what}by {owner}, score {score:.2}, action: {action}",
                explanation.listed_name
            );
        }
    }
    let holder_hits = screened
        .holder
        .0
        .iter()
        .filter(|finding| finding.matched)
        .count();
    println!("  holder: {holder_hits} listed persons matched");
    payment_demo(
        &mut store,
        [&owner, &partner, &outsider],
        &listed[0],
        &config,
        now,
    )?;

    println!("\n{}'s notifications:", owner.name);
    for notification in hits::notifications(&mut store, &owner, 0, 20, now)? {
        println!(
            "  hit {} on record {} by {} ({}), score {:.2}",
            notification.hit,
            notification.record,
            notification.querier,
            notification.querier_country,
            notification.score
        );
    }

    // console users, and a flight screened by the partner, for the console's queue
    use gatecheck_service::console::{self, Language, Role, UserSpec};
    for (member, name, language) in [
        (&partner, "amal", Language::Arabic),
        (&outsider, "nour", Language::English),
    ] {
        let spec = UserSpec {
            name,
            password: DEMO_PASSWORD,
            role: Role::Officer,
            language,
        };
        console::add_user(&mut store, member, spec, actor, now)?;
    }
    println!("{}", audit::verify(&store, None)?);
    let on_board: Vec<&Generated> = (0..3)
        .map(|level| &listed[level * RECORDS_PER_LEVEL + rng.below(RECORDS_PER_LEVEL)])
        .collect();
    let travellers: Vec<serde_json::Value> = on_board
        .into_iter()
        .map(|source| {
            json!({
                "surname": source.family.to_uppercase(),
                "given_names": respell(rng, &source.given).to_uppercase(),
                "birth_date": source.birth_date,
                "nationality": "JOR",
            })
        })
        .chain(std::iter::once(json!({
            "surname": "KARAM", "given_names": "NADIA", "birth_date": "1990-02-03", "nationality": "LBN",
            "documents": [{"number": "L898902C3", "type": "P", "issuing_state": "JOR"}],
        })))
        .collect();
    let manifest = json!({
        "message_reference": "DEMO-0405",
        "legs": [{"carrier": "RJ", "flight_number": "0405", "departure_port": "AMM",
                  "arrival_port": "BGW", "departure_time": "2026-11-29T10:00"}],
        "travellers": travellers,
    });
    let state = gatecheck_server::AppState::without_purge(
        store,
        gatecheck_server::ApiConfig::default(),
        || 1_795_910_400,
    )
    .map_err(|error| anyhow::anyhow!("{error}"))?;
    let answer = state
        .screen_manifest_text(&partner, manifest.to_string().as_bytes(), true)
        .map_err(|error| anyhow::anyhow!("{error}"))?;
    println!(
        "\n{} screened flight RJ0405 AMM-BGW: {}",
        partner.name, answer["summary"]
    );
    println!(
        "\nthe console: `gatecheck serve --data {}`, then http://127.0.0.1:8470/console; \
         users amal ({}, Arabic) and nour ({}, English), password {DEMO_PASSWORD:?}",
        data.display(),
        partner.name,
        outsider.name
    );
    Ok(())
}

/// The password of the demo's console users (fictional data only).
pub const DEMO_PASSWORD: &str = "demo password 2026";

/// The demo's screenings, as the API's: audited, their hits kept and their owners notified.
/// A fictional company with an account, contributed by `owner`, and a transfer from a
/// listed person into that account under another name, screened by `partner` (an FIU):
/// the message held, each party's hit with why.
/// A company listed with its account, a transfer paying into it screened, the hit
/// confirmed and reported to another member's financial intelligence unit, which reads it.
fn payment_demo(
    store: &mut gatecheck_store::Store,
    [owner, partner, unit]: [&gatecheck_service::members::Member; 3],
    payer: &Generated,
    config: &gatecheck_engine::watchlist::MatchConfig,
    now: i64,
) -> anyhow::Result<()> {
    use gatecheck_service::access::{Access, RecordTerms};
    let company = r#"{"id": "demo-company-1", "schema": "Company", "properties": {"name": ["Qasr al-Nour General Trading LLC"], "ibanMentioned": ["DE89 3704 0044 0532 0130 00"]}}"#;
    let terms = RecordTerms {
        access: Access::All,
        action: "freeze and report to the FIU".to_string(),
        review_by: "2030-01-01".to_string(),
    };
    gatecheck_service::records::import_entities(
        store,
        &owner.name,
        company,
        &terms,
        "cli:demo",
        now,
    )?;
    let transfer = format!(
        "{{1:F01FICTDEFFAXXX0000000000}}{{2:I103EXMPGB2LXXXXN}}{{4:\n:20:DEMO-2026-0001\n:23B:CRED\n:32A:261129EUR48000,00\n:50K:/JO94CBJO0010000000000131000302\n{} {}\nAMMAN\n:52A:FICTDEFF\n:59:/DE89370400440532013000\nBLUE LAGOON IMPORTS\nHAMBURG\n:70:INVOICE 2026/17 MACHINE PARTS\n-}}\n",
        payer.given.to_uppercase(),
        payer.family.to_uppercase()
    );
    println!(
        "\n{} listed a company with its account; {} screens a transfer (MT103):",
        owner.name, partner.name
    );
    for line in transfer.lines().filter(|line| line.starts_with(':')) {
        println!("  {line}");
    }
    let readings: Vec<gatecheck_formats::parties::Reading> =
        gatecheck_formats::parties::read_payment_file(&transfer)
            .into_iter()
            .collect::<Result<_, _>>()
            .map_err(|problem| anyhow::anyhow!("the demo transfer: {}", problem.reason))?;
    let index = gatecheck_service::screening::ScreeningIndex::build(&*store, "2026-11-29")?;
    let stores = OneStore::new(store);
    let screened = screener(&index, &stores, partner, config, now).transactions(readings)?;
    let mut on_beneficiary = None;
    for message in &screened {
        let answer = message.answer();
        println!("  verdict: {}", answer["verdict"].as_str().unwrap_or(""));
        for party in answer["parties"].as_array().into_iter().flatten() {
            for result in party["results"].as_array().into_iter().flatten() {
                let Some(hit) = result["hit"].as_i64() else {
                    continue;
                };
                if party["role"] == "beneficiary" {
                    on_beneficiary = Some(hit);
                }
                let why: Vec<String> = result["explanation"]["qualifiers"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter(|q| q["identifier"].is_string())
                    .map(|q| {
                        format!(
                            "{} {} agrees",
                            q["identifier"].as_str().unwrap_or(""),
                            q["listed"].as_str().unwrap_or("")
                        )
                    })
                    .collect();
                println!(
                    "  {:<18} {:<28} -> {} \"{}\" score {:.2}{}",
                    party["role"].as_str().unwrap_or(""),
                    party["name"].as_str().unwrap_or(""),
                    result["id"].as_str().unwrap_or(""),
                    result["explanation"]["listed_name"].as_str().unwrap_or(""),
                    result["score"].as_f64().unwrap_or(0.0),
                    if why.is_empty() {
                        String::new()
                    } else {
                        format!(" ({})", why.join(", "))
                    }
                );
            }
        }
    }
    // the officer confirms the hit on the account and reports it to Tunisia's unit
    let Some(hit) = on_beneficiary else {
        anyhow::bail!("the demo transfer raised no hit on its beneficiary");
    };
    let officer = format!("user:{}/Amal.Saleh", partner.name);
    gatecheck_service::hits::set_status(
        store,
        partner,
        hit,
        "confirmed",
        "The account paid into is the listed company's.",
        now,
    )?;
    let asked = gatecheck_service::reports::ReportAsked {
        to: unit.name.clone(),
        sender: demo_report_sender(),
    };
    let report =
        gatecheck_service::reports::make_report(store, partner, &officer, hit, asked, now)?;
    let read = gatecheck_service::reports::read_report(
        store,
        unit,
        &format!("member:{}", unit.name),
        report.id,
        now,
    )?;
    let xml = read.report.unwrap_or_default();
    println!(
        "  hit {hit} confirmed; suspicious transaction report {} (goAML, {} bytes, sha256 {}…) sent to {}, who read it:",
        report.id,
        xml.len(),
        &report.digest[..12],
        unit.name
    );
    for line in xml
        .lines()
        .filter(|line| line.contains("<reason>") || line.contains("<report_code>"))
    {
        println!("    {}", line.trim());
    }
    Ok(())
}

fn screener<'a>(
    index: &'a gatecheck_service::screening::ScreeningIndex,
    stores: &'a OneStore<'a>,
    member: &'a gatecheck_service::members::Member,
    config: &'a gatecheck_engine::watchlist::MatchConfig,
    now: i64,
) -> Screener<'a, OneStore<'a>> {
    Screener {
        index,
        stores,
        member,
        actor: format!("demo as member:{}", member.name),
        settings: Settings {
            limit: 3,
            threshold: 0.7,
            matching: config,
            shift_seconds: gatecheck_service::hits::shift_seconds(
                gatecheck_service::hits::DEFAULT_SHIFT_HOURS,
            ),
        },
        now,
    }
}

/// What an officer says of a demo report: the reporting bank's number at the FIU, the
/// case, the officer, and the FIU's lookup codes.
fn demo_report_sender() -> gatecheck_formats::goaml::ReportSender {
    use gatecheck_formats::goaml::{ReportSender, ReportingPerson, TransactionCodes};
    ReportSender {
        rentity_id: "1042".to_string(),
        rentity_branch: None,
        entity_reference: "DEMO-CASE-1".to_string(),
        currency_code_local: "JOD".to_string(),
        reporting_person: ReportingPerson {
            first_name: "Amal".to_string(),
            last_name: "Saleh".to_string(),
            occupation: Some("Money laundering reporting officer".to_string()),
        },
        location: None,
        action: "payment held".to_string(),
        indicators: vec!["SANC".to_string()],
        codes: TransactionCodes {
            transmode_code: "K".to_string(),
            from_funds_code: "K".to_string(),
            to_funds_code: "K".to_string(),
            transaction_location: None,
        },
        local_amount: Some(gatecheck_formats::goaml::LocalAmount {
            amount: "37872.00".to_string(),
            exchange_rate: "0.789".to_string(),
        }),
    }
}
