//! `gatecheck bench-payments`: payments screened party by party (issue 18's targets).
//! Generated persons and organisations (a tenth of the organisations with an account) are
//! imported as `gatecheck import` imports them, the server's state is opened as `gatecheck
//! serve` opens it, and generated ISO 20022 pacs.008 messages (one in fifty paying a
//! listed person or into a listed account) are screened as `POST /v1/screen/payments`
//! screens them, each kept with its hits: the time of each message alone (p50, p99), the
//! party screenings a second of a batch on every core, and a file of MT103 messages read
//! and screened as `gatecheck screen payments` does, with its progress bar.

use crate::bench_service::{in_scratch, write_persons};
use crate::demo::{generate_person, Generated, NamePool, Rng};
use crate::import::import_file;
use anyhow::Result;
use clap::Args;
use gatecheck_server::TransactionChannel;
use gatecheck_service::access::{Access, RecordTerms};
use gatecheck_service::members;
use std::io::Write;
use std::time::{Duration, Instant};

#[derive(Args, Debug)]
pub struct BenchPaymentsArgs {
    /// Person records to import.
    #[arg(long, default_value_t = 900_000)]
    persons: usize,
    /// Organisation records to import.
    #[arg(long, default_value_t = 100_000)]
    organisations: usize,
    /// pacs.008 messages screened one at a time (their latency).
    #[arg(long, default_value_t = 1_000)]
    messages: usize,
    /// MT103 messages in the file screened as a whole (0: none).
    #[arg(long, default_value_t = 100_000)]
    mt103: usize,
    /// Give each message its own remittance text (the goods and the payer's family name),
    /// where by default every text is `INVOICE <number> GOODS AND SERVICES`: a batch
    /// screens a text met again once, so the default measures a file's repeated texts and
    /// this one texts never repeated.
    #[arg(long)]
    distinct_texts: bool,
    /// Where the data directory is made (removed afterwards); the system's temporary
    /// directory if not given.
    #[arg(long)]
    work: Option<std::path::PathBuf>,
}

pub fn run(args: &BenchPaymentsArgs) -> Result<()> {
    in_scratch(args.work.as_deref(), "bench-payments", |directory| {
        measure(args, directory)
    })
}

/// Words of companies' names and their legal forms, for fictional organisations.
const TRADES: &[&str] = &[
    "Trading",
    "Shipping",
    "Logistics",
    "Holdings",
    "Industries",
    "Petroleum",
    "Marine Services",
    "Investment",
    "Exchange",
    "Import Export",
    "Engineering",
    "Construction",
    "Textiles",
    "Electronics",
    "General Trading",
    "Foodstuffs",
];
/// What payments are for, in remittance texts of their own (`--distinct-texts`).
const GOODS: &[&str] = &[
    "SPARE PARTS",
    "OFFICE SUPPLIES",
    "CONSULTING FEES",
    "FREIGHT CHARGES",
    "MEDICAL EQUIPMENT",
    "SCHOOL FEES",
    "RENT DECEMBER",
    "TEXTILE ORDER",
    "FROZEN FISH",
    "CEMENT DELIVERY",
    "SOFTWARE LICENCE",
    "BUILDING MATERIALS",
];
const FORMS: &[&str] = &[
    "LLC", "Ltd", "GmbH", "SARL", "JSC", "FZE", "Co.", "S.A.", "", "Limited",
];

/// A fictional organisation: a family name (and at times a given name) with a trade and a
/// legal form, and an account for some.
struct Organisation {
    id: String,
    name: String,
    iban: Option<String>,
}

fn generate_organisation(rng: &mut Rng, pool: &NamePool, index: usize) -> Organisation {
    let person = generate_person(rng, pool, index);
    let trade = TRADES[rng.below(TRADES.len())];
    let form = FORMS[rng.below(FORMS.len())];
    let name = if rng.chance(0.3) {
        format!("{} {} {trade} {form}", person.given, person.family)
    } else {
        format!("{} {trade} {form}", person.family)
    };
    Organisation {
        id: format!("org-{index}"),
        name: name.trim().to_string(),
        iban: rng.chance(0.1).then(|| iban(rng)),
    }
}

/// A German IBAN of random digits with its check digits (ISO 13616: the BBAN, then the
/// country's letters as numbers and `00`, mod 97).
fn iban(rng: &mut Rng) -> String {
    let bban: String = (0..18)
        .map(|_| char::from(b'0' + rng.below(10) as u8))
        .collect();
    let digits = format!("{bban}131400");
    let remainder = digits
        .bytes()
        .fold(0u32, |r, b| (r * 10 + u32::from(b - b'0')) % 97);
    format!("DE{:02}{bban}", 98 - remainder)
}

/// A person's name as a payment writes it.
fn full_name(person: &Generated) -> String {
    match &person.middle {
        Some(middle) => format!("{} {middle} {}", person.given, person.family),
        None => format!("{} {}", person.given, person.family),
    }
}

/// XML's five escapes.
fn escaped(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

/// One pacs.008 message: a debtor (a person, said to be one) and a creditor (an
/// organisation of no stated kind), their accounts, agents and a remittance text.
fn pacs008(reference: &str, debtor: &str, creditor: &str, account: &str, text: &str) -> String {
    let (debtor, creditor, text) = (escaped(debtor), escaped(creditor), escaped(text));
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08">
 <FIToFICstmrCdtTrf>
  <GrpHdr><MsgId>{reference}</MsgId><CreDtTm>2026-12-04T09:30:00</CreDtTm><NbOfTxs>1</NbOfTxs>
   <SttlmInf><SttlmMtd>INDA</SttlmMtd></SttlmInf>
   <InstgAgt><FinInstnId><BICFI>FICTDEFFXXX</BICFI></FinInstnId></InstgAgt>
   <InstdAgt><FinInstnId><BICFI>EXMPGB2LXXX</BICFI></FinInstnId></InstdAgt></GrpHdr>
  <CdtTrfTxInf>
   <PmtId><InstrId>{reference}</InstrId><EndToEndId>{reference}</EndToEndId></PmtId>
   <IntrBkSttlmAmt Ccy="EUR">1250.00</IntrBkSttlmAmt><IntrBkSttlmDt>2026-12-04</IntrBkSttlmDt>
   <ChrgBr>SHAR</ChrgBr>
   <Dbtr><Nm>{debtor}</Nm><PstlAdr><TwnNm>Amman</TwnNm><Ctry>JO</Ctry></PstlAdr>
    <Id><PrvtId><Othr><Id>N1234567</Id><SchmeNm><Cd>CCPT</Cd></SchmeNm></Othr></PrvtId></Id></Dbtr>
   <DbtrAcct><Id><IBAN>JO94CBJO0010000000000131000302</IBAN></Id></DbtrAcct>
   <DbtrAgt><FinInstnId><BICFI>FICTDEFF</BICFI><Nm>Fictional Bank Frankfurt</Nm></FinInstnId></DbtrAgt>
   <CdtrAgt><FinInstnId><BICFI>EXMPGB2L</BICFI><Nm>Example Bank plc</Nm></FinInstnId></CdtrAgt>
   <Cdtr><Nm>{creditor}</Nm><PstlAdr><TwnNm>Hamburg</TwnNm><Ctry>DE</Ctry></PstlAdr></Cdtr>
   <CdtrAcct><Id><IBAN>{account}</IBAN></Id></CdtrAcct>
   <RmtInf><Ustrd>{text}</Ustrd></RmtInf>
  </CdtTrfTxInf>
 </FIToFICstmrCdtTrf>
</Document>
"#
    )
}

/// One MT103: the same parties in SWIFT's fields.
fn mt103(reference: &str, debtor: &str, creditor: &str, account: &str, text: &str) -> String {
    format!(
        "{{1:F01FICTDEFFAXXX0000000000}}{{2:I103EXMPGB2LXXXXN}}{{4:\n:20:{reference}\n:23B:CRED\n:32A:261204EUR1250,00\n:50K:/JO94CBJO0010000000000131000302\n{}\nAMMAN\n:52A:FICTDEFF\n:57A:EXMPGB2L\n:59:/{account}\n{}\nHAMBURG\n:70:{}\n:71A:SHA\n-}}\n",
        debtor.to_uppercase(),
        creditor.to_uppercase(),
        text.to_uppercase()
    )
}

/// What a message pays: from whom, to whom, into which account, for what; `planted` when a
/// party is listed (by name or by its account).
struct Payment {
    debtor: String,
    creditor: String,
    account: String,
    text: String,
    planted: bool,
}

fn payment(
    rng: &mut Rng,
    innocent: &NamePool,
    listed: &[Generated],
    organisations: &[Organisation],
    index: usize,
    distinct_text: bool,
) -> Payment {
    let stranger = generate_person(rng, innocent, 10_000_000 + index);
    let company = generate_organisation(rng, innocent, 10_000_000 + index);
    let text = if distinct_text {
        let goods = GOODS[rng.below(GOODS.len())];
        format!(
            "INVOICE {} {goods} FROM {}",
            1000 + index % 9000,
            stranger.family
        )
    } else {
        format!("INVOICE {} GOODS AND SERVICES", 1000 + index % 9000)
    };
    let mut payment = Payment {
        debtor: full_name(&stranger),
        creditor: company.name,
        account: iban(rng),
        text,
        planted: false,
    };
    match rng.below(100) {
        0 if !listed.is_empty() => {
            payment.debtor = full_name(&listed[rng.below(listed.len())]);
            payment.planted = true;
        }
        1 => {
            let with_account: Vec<&Organisation> = organisations
                .iter()
                .skip(rng.below(organisations.len().max(1)))
                .filter(|o| o.iban.is_some())
                .take(1)
                .collect();
            if let Some(organisation) = with_account.first() {
                payment.account = organisation.iban.clone().unwrap_or_default();
                payment.planted = true;
            }
        }
        _ => {}
    }
    payment
}

/// Adds the hits of a message's answer to the count of each party's role (a text's too).
fn count_hits_by_role(
    answer: &serde_json::Value,
    by_role: &mut std::collections::BTreeMap<String, usize>,
) {
    for list in ["parties", "texts"] {
        for query in answer[list].as_array().into_iter().flatten() {
            let hits = query["results"].as_array().map_or(0, |results| {
                results.iter().filter(|r| r["hit"].is_i64()).count()
            });
            if hits > 0 {
                *by_role
                    .entry(query["role"].as_str().unwrap_or("").to_string())
                    .or_default() += hits;
            }
        }
    }
}

fn measure(args: &BenchPaymentsArgs, directory: &std::path::Path) -> Result<()> {
    let data = directory.join("data");
    let mut store = gatecheck_store::Store::open(&data)?;
    let now = 1_795_910_400;
    members::add_member(&mut store, "owner", "JOR", false, "cli:bench", now)?;
    members::add_member(&mut store, "fiu", "IRQ", false, "cli:bench", now)?;
    let terms = RecordTerms {
        access: Access::All,
        action: "freeze and report".to_string(),
        review_by: "2099-01-01".to_string(),
    };
    let mut rng = Rng::new(18);
    let pool = NamePool::new(&mut rng, (args.persons + args.organisations).max(1_000));
    let listed: Vec<Generated> = (0..args.persons)
        .map(|i| generate_person(&mut rng, &pool, i))
        .collect();
    let organisations: Vec<Organisation> = (0..args.organisations)
        .map(|i| generate_organisation(&mut rng, &pool, i))
        .collect();
    // the parties of payments are drawn from names of their own: a listed name comes in
    // only where one is planted (how often innocent names meet listed ones is the
    // evaluation's question, `scripts/eval`, not this benchmark's)
    let innocent = NamePool::new(&mut Rng::new(1818), 100_000);
    let file = directory.join("listed.jsonl");
    write_persons(&file, &listed)?;
    {
        let mut out =
            std::io::BufWriter::new(std::fs::OpenOptions::new().append(true).open(&file)?);
        for organisation in &organisations {
            let mut properties = serde_json::json!({"name": [organisation.name]});
            if let Some(iban) = &organisation.iban {
                properties["ibanMentioned"] = serde_json::json!([iban]);
            }
            writeln!(
                out,
                "{}",
                serde_json::json!({"id": organisation.id, "schema": "Company", "properties": properties})
            )?;
        }
    }
    import_file(&mut store, "owner", &file, &terms, None, "cli:bench", now)?;
    std::fs::remove_file(&file)?;
    drop(store);

    let (state, fiu, ready) = crate::bench_service::open_state(&data, "fiu")?;

    // pacs.008 messages one at a time, as requests come
    let warmup = 20;
    let mut latencies = Vec::with_capacity(args.messages);
    let (mut held, mut planted, mut planted_held) = (0usize, 0usize, 0usize);
    let mut parties = 0usize;
    for m in 0..warmup + args.messages {
        let p = payment(
            &mut rng,
            &innocent,
            &listed,
            &organisations,
            m,
            args.distinct_texts,
        );
        let body = pacs008(
            &format!("E2E-{m}"),
            &p.debtor,
            &p.creditor,
            &p.account,
            &p.text,
        );
        let began = Instant::now();
        let answer = state
            .screen_transaction_text(&fiu, body.as_bytes(), TransactionChannel::Payments, 1)
            .map_err(|error| anyhow::anyhow!("screening a pacs.008: {error}"))?;
        let took = began.elapsed();
        if m < warmup {
            continue;
        }
        latencies.push(took);
        let message = &answer["messages"][0];
        parties += message["parties"].as_array().map_or(0, Vec::len);
        let hold = message["verdict"] == "hold";
        held += usize::from(hold);
        planted += usize::from(p.planted);
        planted_held += usize::from(p.planted && hold);
    }
    latencies.sort();
    let quantile = |q: f64| -> f64 {
        let at = ((latencies.len() as f64 * q).ceil() as usize).clamp(1, latencies.len().max(1));
        latencies
            .get(at - 1)
            .copied()
            .unwrap_or(Duration::ZERO)
            .as_secs_f64()
            * 1000.0
    };
    let one_at_a_time: Duration = latencies.iter().sum();

    // a file of MT103 messages, as `gatecheck screen payments` screens it
    let mut file_figures = serde_json::Value::Null;
    if args.mt103 > 0 {
        let path = directory.join("mt103.txt");
        let mut truth_planted = 0usize;
        {
            let mut out = std::io::BufWriter::new(std::fs::File::create(&path)?);
            for m in 0..args.mt103 {
                let p = payment(
                    &mut rng,
                    &innocent,
                    &listed,
                    &organisations,
                    1_000_000 + m,
                    args.distinct_texts,
                );
                truth_planted += usize::from(p.planted);
                write!(
                    out,
                    "{}",
                    mt103(
                        &format!("REF-{m}"),
                        &p.debtor,
                        &p.creditor,
                        &p.account,
                        &p.text
                    )
                )?;
            }
        }
        let began = Instant::now();
        let text = std::fs::read_to_string(&path)?;
        let read = gatecheck_server::read_transactions(&text, TransactionChannel::Payments);
        let read_seconds = began.elapsed().as_secs_f64();
        let bar = crate::bench::counting_bar(read.len(), "screening MT103 messages");
        let (mut file_held, mut file_parties, mut unreadable) = (0usize, 0usize, 0usize);
        let mut by_role = std::collections::BTreeMap::<String, usize>::new();
        let mut readings = Vec::with_capacity(500);
        let mut batches: Vec<Vec<gatecheck_formats::parties::Reading>> = Vec::new();
        for one in read {
            match one {
                Ok(reading) => readings.push(reading),
                Err(_) => unreadable += 1,
            }
            if readings.len() == 500 {
                batches.push(std::mem::take(&mut readings));
            }
        }
        batches.push(readings);
        for batch in batches {
            let count = batch.len();
            let answers = state
                .screen_readings(&fiu, batch)
                .map_err(|error| anyhow::anyhow!("screening MT103s: {error}"))?;
            for answer in &answers {
                file_held += usize::from(answer["verdict"] == "hold");
                file_parties += answer["parties"].as_array().map_or(0, Vec::len);
                count_hits_by_role(answer, &mut by_role);
            }
            bar.inc(count as u64);
        }
        bar.finish_and_clear();
        let seconds = began.elapsed().as_secs_f64();
        file_figures = serde_json::json!({
            "messages": args.mt103,
            "distinct_texts": args.distinct_texts,
            "bytes": text.len(),
            "unreadable": unreadable,
            "read_seconds": (read_seconds * 100.0).round() / 100.0,
            "seconds": (seconds * 10.0).round() / 10.0,
            "messages_per_second": (args.mt103 as f64 / seconds).round(),
            "parties_screened": file_parties,
            "party_screenings_per_second": (file_parties as f64 / seconds).round(),
            "held": file_held,
            "planted": truth_planted,
            "hits_by_role": by_role,
        });
    }
    let figures = serde_json::json!({
        "listed_persons": args.persons,
        "listed_organisations": args.organisations,
        "state_ready_seconds": (ready * 10.0).round() / 10.0,
        "pacs008": {
            "messages": args.messages,
            "p50_ms": (quantile(0.5) * 100.0).round() / 100.0,
            "p99_ms": (quantile(0.99) * 100.0).round() / 100.0,
            "max_ms": (quantile(1.0) * 100.0).round() / 100.0,
            "parties_a_message": parties as f64 / args.messages.max(1) as f64,
            "party_screenings_per_second_one_at_a_time": (parties as f64 / one_at_a_time.as_secs_f64().max(1e-9)).round(),
            "held": held,
            "planted": planted,
            "planted_held": planted_held,
        },
        "mt103_file": file_figures,
    });
    println!("{}", serde_json::to_string_pretty(&figures)?);
    Ok(())
}
