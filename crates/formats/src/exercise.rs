//! Every reader fed arbitrary bytes as its callers feed it, and the writers run on what it
//! accepted: one harness for the fuzz targets (`fuzz/`), the committed regression cases
//! (`tests/fuzz_regressions/`) and the mutation tests, so that all three try the same
//! paths. A panic is the failure looked for; besides, every EDIFACT answer written
//! (CONTRL, CUSRES) must read back as an interchange and hold no control character.
//!
//! Pure, as the rest of the crate: the dates a reader needs are fixed here.

use crate::cusres::{self, BoardStatus};
use crate::edifact::{self, ContrlSettings, InterchangeHeader, Severity, SyntaxError};
use crate::manifest::{self, Manifest};
use crate::mrz::{self, CivilDate};
use crate::{documents_csv, ftm, manifest_json, paxlst, pnrgov, un_xml};

/// One reader (with the writers that answer what it read).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// Machine-readable zones (`mrz::parse`, `split_documents`, the JSON answer).
    Mrz,
    /// A UN/EDIFACT interchange read as PAXLST, answered with CONTRL and CUSRES, each
    /// manifest written back as PAXLST.
    Paxlst,
    /// A UN/EDIFACT interchange read as PNRGOV, answered with CONTRL.
    Pnrgov,
    /// FollowTheMoney entity lines.
    Ftm,
    /// The UN Security Council list's XML, each entity then read as an FtM line.
    UnXml,
    /// Lost and stolen document CSV.
    DocumentsCsv,
    /// A manifest as JSON, written back as PAXLST.
    ManifestJson,
    /// The OFAC SDN list's legacy CSV (the same bytes as each of its four files), each
    /// entity then read as an FtM line.
    OfacCsv,
    /// The OFAC SDN list's advanced XML, each entity then read and checked as an FtM line.
    OfacXml,
    /// The EU consolidated financial sanctions list's XML, each entity then read and
    /// checked as an FtM line.
    EuXml,
    /// The UK Sanctions List's XML, each entity then read and checked as an FtM line.
    UkXml,
    /// The UK Sanctions List's CSV, each entity then read and checked as an FtM line.
    UkCsv,
    /// SWIFT MT103 and MT202 messages, each party's identifiers read again.
    SwiftMt,
    /// WCO consignments in gatecheck's JSON form, each ship's IMO number read again.
    Consignment,
    /// ISO 20022 payment messages (pacs.008, pacs.009, pain.001), each party's BICs read
    /// again.
    Iso20022,
}

impl Target {
    pub const ALL: [Target; 15] = [
        Target::Mrz,
        Target::Paxlst,
        Target::Pnrgov,
        Target::Ftm,
        Target::UnXml,
        Target::DocumentsCsv,
        Target::ManifestJson,
        Target::OfacCsv,
        Target::OfacXml,
        Target::EuXml,
        Target::UkXml,
        Target::UkCsv,
        Target::SwiftMt,
        Target::Consignment,
        Target::Iso20022,
    ];

    /// The fuzz target's name, also the folder of its seeds and regression cases.
    pub fn name(self) -> &'static str {
        match self {
            Target::Mrz => "mrz",
            Target::Paxlst => "paxlst",
            Target::Pnrgov => "pnrgov",
            Target::Ftm => "ftm",
            Target::UnXml => "un_xml",
            Target::DocumentsCsv => "documents_csv",
            Target::ManifestJson => "manifest_json",
            Target::OfacCsv => "ofac_csv",
            Target::OfacXml => "ofac_xml",
            Target::EuXml => "eu_xml",
            Target::UkXml => "uk_xml",
            Target::UkCsv => "uk_csv",
            Target::SwiftMt => "swift_mt",
            Target::Consignment => "consignment",
            Target::Iso20022 => "iso20022",
        }
    }

    pub fn from_name(name: &str) -> Option<Target> {
        Target::ALL.into_iter().find(|target| target.name() == name)
    }

    /// Feeds `data` to the reader. `Ok` with what was read, `Err` with the first reason the
    /// input was refused; either way a sentence a person can read.
    pub fn run(self, data: &[u8]) -> Result<String, String> {
        match self {
            Target::Mrz => Ok(run_mrz(data)),
            Target::Paxlst | Target::Pnrgov => run_edifact(data, self == Target::Paxlst),
            Target::Ftm => Ok(run_ftm(data)),
            Target::UnXml => run_un_xml(data),
            Target::DocumentsCsv => Ok(run_documents_csv(data)),
            Target::ManifestJson => run_manifest_json(data),
            Target::OfacCsv => run_ofac_csv(data),
            Target::OfacXml => {
                run_published_list(data, "OFAC advanced XML", crate::ofac_xml::parse)
            }
            Target::EuXml => run_published_list(data, "EU XML", crate::eu_xml::parse),
            Target::UkXml => run_published_list(data, "UK XML", crate::uk_xml::parse),
            Target::UkCsv => run_published_list(data, "UK CSV", crate::uk_csv::parse),
            Target::SwiftMt => Ok(run_swift_mt(data)),
            Target::Consignment => Ok(run_consignment(data)),
            Target::Iso20022 => run_iso20022(data),
        }
    }
}

/// The day readers that need one are given.
fn today() -> CivilDate {
    CivilDate::new(2026, 12, 4).unwrap_or_else(|| unreachable!("a valid date"))
}

fn run_mrz(data: &[u8]) -> String {
    let text = String::from_utf8_lossy(data);
    let reading = mrz::parse(&text, today());
    let _ = reading.to_json();
    let mut zones = 0;
    for (_, lines) in mrz::split_documents(&text) {
        let _ = mrz::parse_lines(lines, today()).to_json();
        zones += 1;
    }
    format!(
        "zone valid: {}, {} errors, {zones} zones in the text",
        reading.valid(),
        reading.errors.len()
    )
}

fn settings() -> ContrlSettings {
    ContrlSettings {
        control_reference: "GC1".to_string(),
        prepared_date: "261204".to_string(),
        prepared_time: "1200".to_string(),
        own_identification: "BORDER".to_string(),
    }
}

/// An answer the service would send: it must read back, and carry no control character
/// but the separators (the request's, which may be a line end).
fn check_answer(kind: &str, answer: &str, separators: &edifact::Separators) {
    let separator = |c: char| {
        u8::try_from(c).is_ok_and(|byte| {
            [
                separators.component,
                separators.element,
                separators.release,
                separators.repetition,
                separators.terminator,
            ]
            .contains(&byte)
        })
    };
    assert!(
        !answer.chars().any(|c| c.is_control() && !separator(c)),
        "the {kind} answer holds a control character: {answer:?}"
    );
    if let Err(rejection) = edifact::parse(answer.as_bytes()) {
        panic!("the {kind} answer does not read back ({rejection}): {answer:?}");
    }
}

fn run_edifact(data: &[u8], as_paxlst: bool) -> Result<String, String> {
    let reading = match edifact::parse(data) {
        Ok(reading) => reading,
        Err(rejection) => {
            let header: InterchangeHeader =
                rejection.header.as_deref().cloned().unwrap_or_default();
            let mut errors: Vec<SyntaxError> = rejection.problems.clone();
            errors.push(rejection.error.clone());
            let answer = edifact::contrl(&header, &[], &errors, &settings());
            check_answer("CONTRL", &answer, &header.separators);
            return Err(format!("the interchange is rejected: {rejection}"));
        }
    };
    debug_assert!(reading
        .problems
        .iter()
        .all(|problem| problem.severity == Severity::Recoverable));
    let interchange = &reading.interchange;
    let separators = &interchange.header.separators;
    let answer = edifact::contrl(
        &interchange.header,
        &interchange.messages,
        &reading.problems,
        &settings(),
    );
    check_answer("CONTRL", &answer, separators);
    let (manifests, problems): (Vec<Manifest>, usize) = if as_paxlst {
        let (manifests, problems) = paxlst::manifests(interchange);
        (manifests, problems.len())
    } else {
        let (manifests, problems) = pnrgov::manifests(interchange);
        (manifests, problems.len())
    };
    let manifests = manifest::join_flights(manifests);
    let statuses = [
        BoardStatus::Board,
        BoardStatus::NoBoard,
        BoardStatus::Advisory,
        BoardStatus::InsufficientData,
    ];
    let mut travellers = 0;
    for manifest in &manifests {
        travellers += manifest.travellers.len();
        let per_traveller: Vec<BoardStatus> = (0..manifest.travellers.len())
            .map(|at| statuses[at % statuses.len()])
            .collect();
        let answer = cusres::cusres(&interchange.header, manifest, &per_traveller, &settings());
        check_answer("CUSRES", &answer, separators);
        let _ = edifact::print(&paxlst::message_segments(manifest), separators);
    }
    Ok(format!(
        "{} manifests, {travellers} travellers, {} syntax problems, {problems} message problems",
        manifests.len(),
        reading.problems.len()
    ))
}

fn run_ftm(data: &[u8]) -> String {
    let (mut read, mut refused) = (0, 0);
    for line in data.split(|&byte| byte == b'\n') {
        let line = String::from_utf8_lossy(line);
        let parsed = ftm::parse_entity(&line);
        // the check made before storing never keeps what the full reading refuses (it
        // refuses more: the limits of what a record may hold)
        assert!(
            parsed.is_ok() || ftm::check_entity(&line).is_err(),
            "check_entity keeps what parse_entity refuses: {line:?}"
        );
        match parsed {
            Ok(_) => read += 1,
            Err(_) => refused += 1,
        }
    }
    // the same lines as an export: what attaches to a record never makes it unreadable
    // (a nested line keeps within a line's limit)
    let lines: Vec<String> = data
        .split(|&byte| byte == b'\n')
        .map(|line| String::from_utf8_lossy(line).into_owned())
        .collect();
    let mut graph = crate::ftm_graph::Graph::new();
    for line in &lines {
        let _ = graph.collect(line);
    }
    graph.finish();
    for line in &lines {
        // a line kept as a record (the import nests those) is valid JSON throughout, which
        // a line screened alone need not be (an unknown field is skipped unread)
        if ftm::check_entity(line).is_ok() {
            let nested = graph.nest(line).expect("a record nests");
            assert!(
                ftm::parse_entity(&nested).is_ok(),
                "an entity read alone is not read nested: {line:?}"
            );
        }
    }
    format!("{read} entities read, {refused} lines refused")
}

fn run_ofac_csv(data: &[u8]) -> Result<String, String> {
    let text = String::from_utf8_lossy(data);
    let entities = crate::ofac_csv::parse(crate::ofac_csv::Files {
        sdn: &text,
        alt: Some(&text),
        add: Some(&text),
        comments: Some(&text),
    })
    .map_err(|error| error.to_string())?;
    // what the reader makes is an entity the FtM reader reads
    for entity in &entities {
        let line = entity.to_string();
        assert!(
            ftm::parse_entity(&line).is_ok(),
            "the OFAC reader made an entity the FtM reader refuses: {line}"
        );
    }
    Ok(format!("{} entities", entities.len()))
}

fn run_un_xml(data: &[u8]) -> Result<String, String> {
    let text = String::from_utf8_lossy(data);
    let entities = un_xml::parse(&text).map_err(|error| error.to_string())?;
    // the import stores each entity as an FtM line
    let refused = entities
        .iter()
        .filter(|entity| ftm::parse_entity(&entity.to_string()).is_err())
        .count();
    Ok(format!(
        "{} entities, {refused} refused as FtM",
        entities.len()
    ))
}

/// A published list's reader (of its XML, or the UK list's CSV): what it makes is an entity the FtM reader reads and a
/// record may hold (the import keeps each as it is read).
fn run_published_list(
    data: &[u8],
    reader: &str,
    parse: fn(&str) -> Result<Vec<serde_json::Value>, crate::FormatError>,
) -> Result<String, String> {
    let text = String::from_utf8_lossy(data);
    let entities = parse(&text).map_err(|error| error.to_string())?;
    for entity in &entities {
        let line = entity.to_string();
        if let Err(error) = ftm::check_entity(&line) {
            panic!("the {reader} reader made an entity a record may not be ({error}): {line}");
        }
    }
    Ok(format!("{} entities", entities.len()))
}

fn run_swift_mt(data: &[u8]) -> String {
    let text = String::from_utf8_lossy(data);
    let (mut read, mut refused, mut parties) = (0, 0, 0);
    for message in crate::swift_mt::read_messages(&text) {
        let Ok(message) = message else {
            refused += 1;
            continue;
        };
        read += 1;
        for party in &message.parties {
            parties += 1;
            // what the reader kept as a BIC is one
            if let Some(bic) = &party.bic {
                let again = crate::identifiers::read_bic(bic);
                assert!(
                    again.is_ok(),
                    "the MT reader kept {bic:?} as a BIC: {again:?}"
                );
            }
            if let Some(account) = &party.account {
                let _ = crate::identifiers::read_iban(account);
            }
        }
    }
    format!("{read} messages read ({parties} parties), {refused} refused")
}

fn run_consignment(data: &[u8]) -> String {
    let text = String::from_utf8_lossy(data);
    let (mut read, mut refused, mut parties, mut warnings) = (0, 0, 0, 0);
    for reading in crate::consignment::read_consignments(&text) {
        let Ok(reading) = reading else {
            refused += 1;
            continue;
        };
        read += 1;
        warnings += reading.warnings.len();
        let shipment = &reading.transaction;
        assert_eq!(shipment.channel, crate::parties::Channel::Shipment);
        for party in &shipment.parties {
            parties += 1;
            for identifier in &party.identifiers {
                // an IMO number kept is valid, or said not to be
                if identifier.kind == crate::parties::PartyIdKind::Imo {
                    let again = crate::identifiers::read_imo(&identifier.value);
                    assert!(
                        again.is_ok() || !reading.warnings.is_empty(),
                        "the consignment reader kept {:?} as an IMO number unsaid: {again:?}",
                        identifier.value
                    );
                }
            }
        }
    }
    format!("{read} consignments read ({parties} parties, {warnings} warnings), {refused} refused")
}

fn run_iso20022(data: &[u8]) -> Result<String, String> {
    let text = String::from_utf8_lossy(data);
    let transactions = crate::iso20022::read_payments(&text).map_err(|error| error.to_string())?;
    let (mut read, mut refused, mut parties) = (0, 0, 0);
    for transaction in transactions {
        let transaction = match transaction {
            Ok(transaction) => transaction,
            Err(error) => {
                assert!(!error.reason.is_empty(), "a refusal without a reason");
                refused += 1;
                continue;
            }
        };
        read += 1;
        assert!(
            !transaction.reference.is_empty(),
            "a transaction without a reference: {transaction:?}"
        );
        for party in &transaction.parties {
            parties += 1;
            for id in &party.identifiers {
                // what the reader kept as a BIC is one
                if id.kind == crate::parties::PartyIdKind::Bic {
                    let again = crate::identifiers::read_bic(&id.value);
                    assert!(
                        again.is_ok(),
                        "the ISO 20022 reader kept {:?} as a BIC: {again:?}",
                        id.value
                    );
                }
            }
        }
    }
    Ok(format!(
        "{read} transactions read ({parties} parties), {refused} refused"
    ))
}

fn run_documents_csv(data: &[u8]) -> String {
    let (mut read, mut refused) = (0, 0);
    for row in documents_csv::rows(data) {
        match row {
            Ok(_) => read += 1,
            Err(_) => refused += 1,
        }
    }
    format!("{read} rows read, {refused} refused")
}

fn run_manifest_json(data: &[u8]) -> Result<String, String> {
    let value: serde_json::Value =
        serde_json::from_slice(data).map_err(|error| format!("not JSON: {error}"))?;
    let manifest = manifest_json::manifest_from_json(&value).map_err(|error| error.to_string())?;
    let header = InterchangeHeader {
        syntax: edifact::Syntax {
            identifier: "UNOW".to_string(),
            version: "4".to_string(),
        },
        ..InterchangeHeader::default()
    };
    let written = edifact::print(
        &edifact::envelope(&header, vec![paxlst::message_segments(&manifest)]),
        &edifact::Separators::DEFAULT,
    );
    if let Err(rejection) = edifact::parse(written.as_bytes()) {
        panic!("a manifest written as PAXLST does not read back ({rejection}): {written:?}");
    }
    Ok(format!("{} travellers", manifest.travellers.len()))
}
