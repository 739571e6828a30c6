//! `gatecheck serve` over a data directory holding person records it cannot read: it
//! refuses to start and names them, rather than serve without the listed persons they hold.

use std::process::Command;

const GATECHECK: &str = env!("CARGO_BIN_EXE_gatecheck");

#[test]
fn serve_refuses_to_start_over_records_it_cannot_read_and_names_them() {
    let data = tempfile::tempdir().unwrap();
    let mut store = gatecheck_store::Store::open(data.path()).unwrap();
    let (owner, _) =
        gatecheck_service::members::add_member(&mut store, "jordan-psd", "JOR", false, "test", 1)
            .unwrap();
    // written past the service's checks, as a damaged or future record would be
    let entry = gatecheck_store::AuditEntry {
        at: 1,
        actor: "test".to_string(),
        action: "record.import".to_string(),
        subject: "1 record".to_string(),
        digest: String::new(),
    };
    store
        .write_records(
            owner.id,
            &[gatecheck_store::NewRecord {
                list: None,
                entity_id: "cut".to_string(),
                entity: r#"{"id": "cut", "schema": "Person", "prop"#.to_string(),
            }],
            &gatecheck_store::WriteTerms::set(gatecheck_store::Terms {
                access_level: "all".to_string(),
                access_members: Vec::new(),
                action: "arrest".to_string(),
                review_by: "2099-01-01".to_string(),
            }),
            None,
            &gatecheck_store::WriteAudit::plain(&entry),
            gatecheck_service::audit::chain_hash,
        )
        .unwrap();
    let id = store.record_id(owner.id, "cut").unwrap().unwrap();
    drop(store);
    let output = Command::new(GATECHECK)
        .args(["serve", "--listen", "127.0.0.1:0", "--data"])
        .arg(data.path())
        .env_remove("GATECHECK_DATA")
        .env_remove("GATECHECK_SKIP_UNREADABLE_RECORDS")
        .env_remove("GATECHECK_CONFIG")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "{stderr}");
    assert!(
        stderr.contains("1 stored person records cannot be read"),
        "{stderr}"
    );
    assert!(stderr.contains(&format!("record {id}: ")), "{stderr}");
    assert!(stderr.contains("--skip-unreadable-records"), "{stderr}");
}
