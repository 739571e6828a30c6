//! `gatecheck screen payments` and `gatecheck screen shipments` as an operator runs them:
//! every party of each message screened, a verdict a message, hits kept and audited, a
//! message that cannot be read named with its line while the others are screened. The
//! parties are fictional.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

const GATECHECK: &str = env!("CARGO_BIN_EXE_gatecheck");

/// A pacs.008 in its business application header envelope, written for the project.
const PACS008: &str =
    include_str!("../../formats/tests/fixtures/iso20022/pacs008_cbpr_envelope.xml");

fn gatecheck(data: &Path, arguments: &[&str]) -> Output {
    Command::new(GATECHECK)
        .args(arguments)
        .arg("--data")
        .arg(data)
        .env_remove("GATECHECK_DATA")
        .output()
        .expect("cannot run gatecheck")
}

/// A store with a member listing a person, a company (by its LEI) and a ship (by its
/// IMO number), and another member screening.
fn listed() -> tempfile::TempDir {
    let data = tempfile::tempdir().unwrap();
    for (name, country) in [("jordan-psd", "JOR"), ("fiu-iq", "IRQ")] {
        let added = gatecheck(data.path(), &["member", "add", name, "--country", country]);
        assert!(added.status.success(), "{added:?}");
    }
    let list = data.path().join("list.jsonl");
    std::fs::write(
        &list,
        r#"{"id": "p1", "schema": "Person", "properties": {"name": ["Khalid Saeed Barakat"]}}
{"id": "c1", "schema": "Company", "properties": {"name": ["Zafar General Trading"], "leiCode": ["5493001KJTIIGC8Y1R12"]}}
{"id": "v1", "schema": "Vessel", "properties": {"name": ["Ocean Pearl"], "imoNumber": ["IMO 9074729"]}}
"#,
    )
    .unwrap();
    let imported = gatecheck(
        data.path(),
        &[
            "import",
            "--member",
            "jordan-psd",
            "--action",
            "freeze and report",
            "--review-by",
            "2099-01-01",
            list.to_str().unwrap(),
        ],
    );
    assert!(imported.status.success(), "{imported:?}");
    data
}

fn screen(data: &Path, what: &str, file: &Path) -> (Option<i32>, Vec<Value>, String) {
    let output = gatecheck(
        data,
        &["screen", what, "--member", "fiu-iq", file.to_str().unwrap()],
    );
    let lines = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    (
        output.status.code(),
        lines,
        String::from_utf8(output.stderr).unwrap(),
    )
}

/// The ids of the records a party of `role` raised hits on.
fn hits_of(message: &Value, role: &str) -> Vec<String> {
    message["parties"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|party| party["role"] == role)
        .flat_map(|party| party["results"].as_array().unwrap().clone())
        .filter(|result| result["hit"].is_i64())
        .map(|result| result["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_payment_file_is_screened_party_by_party_with_a_verdict_a_message() {
    let data = listed();
    let file = data.path().join("pacs008.xml");
    std::fs::write(&file, PACS008).unwrap();
    let (code, messages, stderr) = screen(data.path(), "payments", &file);
    assert_eq!(code, Some(1), "a message held: {stderr}");
    assert_eq!(messages.len(), 1);
    let message = &messages[0];
    assert_eq!(message["verdict"], "hold", "{message}");
    assert_eq!(message["message"]["format"], "pacs.008");
    assert_eq!(hits_of(message, "debtor"), ["p1"]);
    assert!(hits_of(message, "creditor").is_empty());
    assert!(
        stderr.contains("1 messages: 1 held, 0 passed, 0 unreadable"),
        "{stderr}"
    );

    // MT103s: one cannot be read (no :20:), named by its line; the other passes
    let file = data.path().join("transfers.txt");
    std::fs::write(
        &file,
        "{1:F01DEUTDEFFAXXX0000000000}{2:I103BNPAFRPPXXXXN}{4:\n:23B:CRED\n:32A:261204EUR10,00\n-}\n\
         {1:F01DEUTDEFFAXXX0000000000}{2:I103BNPAFRPPXXXXN}{4:\n:20:REF-2\n:23B:CRED\n:32A:261204EUR10,00\n:50K:/GB82WEST12345698765432\nMARGUERITE TESSIER\n:59:/FR7630006000011234567890189\nATELIER DES QUAIS\n-}\n",
    )
    .unwrap();
    let (code, messages, stderr) = screen(data.path(), "payments", &file);
    assert_eq!(code, Some(2), "{stderr}");
    assert_eq!(messages[0]["unreadable"]["line"], 1, "{}", messages[0]);
    assert_eq!(messages[1]["verdict"], "pass", "{}", messages[1]);
    let verified = gatecheck(data.path(), &["audit", "verify"]);
    assert_eq!(verified.status.code(), Some(0), "{verified:?}");
}

#[test]
fn a_shipment_is_held_for_its_ship_and_consignee_by_their_identifiers() {
    let data = listed();
    let file = data.path().join("consignment.json");
    std::fs::write(
        &file,
        r#"{"consignment": {
  "id": "GC-2026-000417",
  "consignor": {"name": "Northwind Machinery GmbH", "kind": "organisation", "address": {"line": "Hafenstrasse 12", "cityName": "Hamburg", "country": "DE"}},
  "consignee": {"name": "ZGT Import Export", "identification": [{"scheme": "LEI", "id": "5493001KJTIIGC8Y1R12"}]},
  "borderTransportMeans": {"mode": "maritime", "name": "MERIDIAN STAR", "imo": "IMO 9074729"},
  "goodsItems": [{"sequence": 1, "description": "CNC milling machines, 5-axis", "hsCode": "8459.61"}]
}}"#,
    )
    .unwrap();
    let (code, messages, stderr) = screen(data.path(), "shipments", &file);
    assert_eq!(code, Some(1), "{stderr}");
    let message = &messages[0];
    assert_eq!(message["message"]["channel"], "shipment", "{message}");
    // the names are other names: the LEI and the IMO number are the listed ones
    assert_eq!(hits_of(message, "consignee"), ["c1"], "{message}");
    assert_eq!(hits_of(message, "vessel"), ["v1"], "{message}");
    assert!(hits_of(message, "shipper").is_empty());
}
