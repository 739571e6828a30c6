//! The service's members, audit log and evidence written once for every backend: the same
//! calls on a PostgreSQL store (a throwaway cluster) add members and keys, refuse a revoked
//! key, keep an intact chain and tree, and sign and prove a bundle that checks offline.
//! Skips with a notice when PostgreSQL is not installed, unless
//! `GATECHECK_REQUIRE_POSTGRES` is set.

use gatecheck_evidence::Signer;
use gatecheck_service::{audit, evidence, members, ServiceError};
use gatecheck_store::concepts::AuditLog;
use gatecheck_store::postgres::PostgresStore;
use gatecheck_testpg::{ClusterConfig, TempCluster};

#[test]
fn members_the_audit_log_and_evidence_work_on_postgresql() {
    let Some(cluster) = TempCluster::start_or_skip_with(
        "members_the_audit_log_and_evidence_work_on_postgresql",
        ClusterConfig {
            fsync: false,
            ..ClusterConfig::default()
        },
    ) else {
        return;
    };
    let mut store = PostgresStore::connect(&cluster.connection_string()).unwrap();
    let (jordan, key) =
        members::add_member(&mut store, "jordan-psd", "JOR", false, "cli:test", 100).unwrap();
    members::add_member(&mut store, "iraq-nsa", "IRQ", true, "cli:test", 101).unwrap();
    assert_eq!(members::authenticate(&store, key.expose()).unwrap(), jordan);
    members::set_contact(&mut store, "jordan-psd", "desk +962 6 000", "cli:test", 102).unwrap();
    members::revoke_member(&mut store, "jordan-psd", "cli:test", 103).unwrap();
    assert!(matches!(
        members::authenticate(&store, key.expose()),
        Err(ServiceError::Unauthenticated)
    ));
    let listed: Vec<String> = members::list_members(&store)
        .unwrap()
        .into_iter()
        .map(|member| member.name)
        .collect();
    assert_eq!(listed, ["jordan-psd", "iraq-nsa"]);

    // the chain the service hashes, and the tree the store keeps over it
    let verdict = audit::verify(&store, None).unwrap();
    assert!(
        matches!(verdict, audit::Verdict::Intact { entries: 4, .. }),
        "{verdict}"
    );
    let signer = Signer::from_seed("hub.example", &[7; 32]).unwrap();
    let checkpoint = evidence::checkpoint(&mut store, &signer, 200).unwrap();
    assert_eq!(checkpoint.size, 4);
    let tree = evidence::verify_tree(&store, &signer.verifier(), None).unwrap();
    assert_eq!(
        tree,
        evidence::TreeVerdict::Holds {
            entries: 4,
            checkpoints: 1
        }
    );
    let entries = store.audit_entries_about("member jordan-psd").unwrap();
    assert_eq!(entries.len(), 3);
    let bundle = evidence::bundle(
        &mut store,
        &signer,
        "member jordan-psd",
        &entries,
        None,
        201,
    )
    .unwrap()
    .to_string();
    let proof = evidence::check_bundle(&bundle, &signer.verifier()).unwrap();
    assert_eq!((proof.entries, proof.log_size), (3, 4));
    let other = Signer::from_seed("hub.example", &[8; 32]).unwrap();
    assert!(evidence::check_bundle(&bundle, &other.verifier()).is_err());
}

/// Refused sign-ins are counted in the store's audit log, so a name refused on one node is
/// throttled on another, and a sign-in that succeeds starts the count again.
#[test]
fn sign_ins_refused_on_one_node_are_throttled_on_another() {
    use gatecheck_service::console::{self, Language, Role, UserSpec, REFUSALS_ALLOWED};
    let Some(cluster) = TempCluster::start_or_skip_with(
        "sign_ins_refused_on_one_node_are_throttled_on_another",
        ClusterConfig {
            fsync: false,
            ..ClusterConfig::default()
        },
    ) else {
        return;
    };
    let mut first = PostgresStore::connect(&cluster.connection_string()).unwrap();
    let mut second = PostgresStore::connect(&cluster.connection_string()).unwrap();
    let (member, _) =
        members::add_member(&mut first, "jordan-psd", "JOR", false, "cli:test", 100).unwrap();
    let spec = UserSpec {
        name: "rania",
        password: "a long enough secret",
        role: Role::Officer,
        language: Language::English,
    };
    console::add_user(&mut first, &member, spec, "cli:test", 100).unwrap();
    let now = 10_000;
    for attempt in 0..REFUSALS_ALLOWED {
        assert!(!console::sign_in_throttled(&second, "rania", now).unwrap());
        let node: &mut PostgresStore = if attempt % 2 == 0 {
            &mut first
        } else {
            &mut second
        };
        let refused = console::sign_in(node, "rania", "a wrong guess", now);
        assert!(matches!(refused, Err(ServiceError::Unauthenticated)));
    }
    assert!(console::sign_in_throttled(&second, "rania", now).unwrap());
    assert!(console::sign_in_throttled(&first, "rania", now + 60).unwrap());
    // once the window has passed, the name is heard again; a sign-in clears the count
    let later = now + console::REFUSALS_WINDOW_SECONDS + 1;
    assert!(!console::sign_in_throttled(&first, "rania", later).unwrap());
    for _ in 1..REFUSALS_ALLOWED {
        let _ = console::sign_in(&mut first, "rania", "a wrong guess", later);
    }
    console::sign_in(&mut second, "rania", "a long enough secret", later).unwrap();
    let _ = console::sign_in(&mut first, "rania", "a wrong guess", later);
    assert!(!console::sign_in_throttled(&first, "rania", later).unwrap());
    let _ = console::sign_in(&mut first, "rania", "a wrong guess", later);
    for _ in 2..REFUSALS_ALLOWED {
        let _ = console::sign_in(&mut first, "rania", "a wrong guess", later);
    }
    assert!(console::sign_in_throttled(&first, "rania", later).unwrap());
    // another name is not throttled by these
    assert!(!console::sign_in_throttled(&first, "omar", now).unwrap());
}
