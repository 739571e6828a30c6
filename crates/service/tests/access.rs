//! The access rules seen from every side: a record's owner, a member it is shared with and a
//! member it is not, for each access level; and imports that are all or nothing, repeat
//! without change, and stop matching after the review date. The persons are fictional.

use gatecheck_engine::watchlist::MatchConfig;
use gatecheck_service::access::{Access, Disclosure, RecordTerms};
use gatecheck_service::members::{self, Member};
use gatecheck_service::records::import_entities;
use gatecheck_service::screening::ScreeningIndex;
use gatecheck_service::ServiceError;
use gatecheck_store::Store;

const TODAY: &str = "2026-11-29";

fn entity(id: &str, name: &str, birth_date: &str) -> String {
    format!(
        r#"{{"id": "{id}", "schema": "Person", "properties": {{"name": ["{name}"], "birthDate": ["{birth_date}"]}}}}"#
    )
}

fn query(name: &str, birth_date: &str) -> gatecheck_engine::person::Person {
    gatecheck_formats::ftm::parse_entity(&entity("q", name, birth_date))
        .unwrap()
        .person
}

fn terms(access: Access) -> RecordTerms {
    RecordTerms {
        access,
        action: "refer to secondary inspection".to_string(),
        review_by: "2030-01-01".to_string(),
    }
}

struct Coalition {
    _directory: tempfile::TempDir,
    store: Store,
    owner: Member,
    partner: Member,
    outsider: Member,
}

/// Three members; the owner contributes one record at each access level, the `members`
/// one shared with the partner.
fn coalition() -> Coalition {
    let directory = tempfile::tempdir().unwrap();
    let mut store = Store::open(directory.path()).unwrap();
    let mut add = |name: &str, country: &str| {
        members::add_member(&mut store, name, country, false, "cli:test", 1)
            .unwrap()
            .0
    };
    let owner = add("jordan-psd", "JOR");
    let partner = add("iraq-nsa", "IRQ");
    let outsider = add("tunisia-dgsn", "TUN");
    for (id, name, access) in [
        ("r-all", "Khalid Saeed Barakat", Access::All),
        (
            "r-members",
            "Yusuf Adnan Haddad",
            Access::Members(vec!["iraq-nsa".to_string()]),
        ),
        ("r-owner", "Samir Fawzi Qasim", Access::OwnerOnly),
    ] {
        let line = entity(id, name, "1984-03-12");
        import_entities(
            &mut store,
            "jordan-psd",
            &line,
            &terms(access),
            "cli:test",
            2,
        )
        .unwrap();
    }
    Coalition {
        _directory: directory,
        store,
        owner,
        partner,
        outsider,
    }
}

fn shown(index: &ScreeningIndex, viewer: &Member, name: &str) -> Vec<Disclosure> {
    index
        .screen_person(
            viewer,
            &query(name, "1984-03-12"),
            5,
            0.7,
            &MatchConfig::default(),
        )
        .into_iter()
        .filter(|finding| finding.matched)
        .map(|finding| finding.disclosure)
        .collect()
}

fn is_full(disclosures: &[Disclosure], entity_id: &str) -> bool {
    disclosures.iter().any(|disclosure| {
        matches!(disclosure, Disclosure::Full { entity_id: id, explanation, .. }
            if id == entity_id && !explanation.parts.is_empty())
    })
}

#[test]
fn a_record_for_all_is_seen_in_full_by_every_member() {
    let coalition = coalition();
    let index = ScreeningIndex::build(&coalition.store, TODAY).unwrap();
    assert_eq!(index.len(), 3);
    for viewer in [&coalition.owner, &coalition.partner, &coalition.outsider] {
        // in Arabic script, as a border post may read it
        assert!(
            is_full(&shown(&index, viewer, "خالد سعيد بركات"), "r-all"),
            "{}",
            viewer.name
        );
    }
}

#[test]
fn a_record_for_members_is_full_to_them_and_a_contact_to_others() {
    let coalition = coalition();
    let index = ScreeningIndex::build(&coalition.store, TODAY).unwrap();
    assert!(is_full(
        &shown(&index, &coalition.owner, "Yousef Haddad"),
        "r-members"
    ));
    assert!(is_full(
        &shown(&index, &coalition.partner, "Yousef Haddad"),
        "r-members"
    ));
    assert_eq!(
        shown(&index, &coalition.outsider, "Yousef Haddad"),
        [Disclosure::ContactOwner {
            owner: "jordan-psd".to_string()
        }]
    );
}

#[test]
fn an_owner_only_record_tells_others_only_to_refer() {
    let coalition = coalition();
    let index = ScreeningIndex::build(&coalition.store, TODAY).unwrap();
    assert!(is_full(
        &shown(&index, &coalition.owner, "Samir Kassem"),
        "r-owner"
    ));
    for viewer in [&coalition.partner, &coalition.outsider] {
        assert_eq!(
            shown(&index, viewer, "Samir Kassem"),
            [Disclosure::ReferToOwner],
            "{}",
            viewer.name
        );
    }
}

#[test]
fn restricted_records_below_the_threshold_say_nothing() {
    let coalition = coalition();
    let index = ScreeningIndex::build(&coalition.store, TODAY).unwrap();
    // a weak candidate (another given name, no family name) is not disclosed at all
    let findings = index.screen_person(
        &coalition.outsider,
        &query("Samir Nouri", "1990-01-01"),
        5,
        0.7,
        &MatchConfig::default(),
    );
    assert!(findings
        .iter()
        .all(|finding| finding.matched || matches!(finding.disclosure, Disclosure::Full { .. })));
    assert!(!findings
        .iter()
        .any(|finding| finding.disclosure == Disclosure::ReferToOwner && !finding.matched));
}

#[test]
fn imports_are_all_or_nothing_repeat_without_change_and_keep_versions() {
    let mut coalition = coalition();
    let store = &mut coalition.store;
    let audit_before = store.audit_entries(1, i64::MAX).unwrap().len();
    let file = format!(
        "{}\n{}\n{{not json\n",
        entity("n1", "Ali Hasan Mansour", "1979"),
        entity("n2", "Omar Faris Jaber", "1981")
    );
    let refused = import_entities(store, "iraq-nsa", &file, &terms(Access::All), "cli:test", 3);
    match refused {
        Err(ServiceError::Invalid { field, reason }) => {
            assert_eq!(field, "file");
            assert!(reason.contains("line 3:"), "{reason}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(store.live_records(TODAY).unwrap().len(), 3);
    assert_eq!(
        store.audit_entries(1, i64::MAX).unwrap().len(),
        audit_before
    );

    let good: String = file
        .lines()
        .take(2)
        .map(|line| format!("{line}\n"))
        .collect();
    let first =
        import_entities(store, "iraq-nsa", &good, &terms(Access::All), "cli:test", 4).unwrap();
    assert_eq!((first.added, first.changed, first.unchanged), (2, 0, 0));
    let again =
        import_entities(store, "iraq-nsa", &good, &terms(Access::All), "cli:test", 5).unwrap();
    assert_eq!((again.added, again.changed, again.unchanged), (0, 0, 2));
    let changed = good.replace("1979", "1978");
    let third = import_entities(
        store,
        "iraq-nsa",
        &changed,
        &terms(Access::All),
        "cli:test",
        6,
    )
    .unwrap();
    assert_eq!((third.added, third.changed, third.unchanged), (0, 1, 1));
    let n1 = store
        .live_records(TODAY)
        .unwrap()
        .into_iter()
        .find(|record| record.entity_id == "n1")
        .unwrap();
    assert_eq!(n1.version, 2);
    assert_eq!(store.record_versions(n1.id).unwrap(), 2);
}

#[test]
fn a_record_past_its_review_date_stops_matching() {
    let mut coalition = coalition();
    let mut expired = terms(Access::All);
    expired.review_by = "2026-11-28".to_string();
    let line = entity("old", "Nabil Jamal Darwish", "1970");
    import_entities(
        &mut coalition.store,
        "jordan-psd",
        &line,
        &expired,
        "cli:test",
        7,
    )
    .unwrap();
    let index = ScreeningIndex::build(&coalition.store, TODAY).unwrap();
    assert!(shown(&index, &coalition.owner, "Nabil Jamal Darwish").is_empty());
}

#[test]
fn bad_terms_are_refused_with_the_field() {
    let mut coalition = coalition();
    let line = entity("x", "Rami Saleh", "1975");
    let cases = [
        (
            RecordTerms {
                review_by: "2030-02-30".into(),
                ..terms(Access::All)
            },
            "review_by",
        ),
        (
            RecordTerms {
                review_by: "2030".into(),
                ..terms(Access::All)
            },
            "review_by",
        ),
        (
            RecordTerms {
                action: " ".into(),
                ..terms(Access::All)
            },
            "action",
        ),
        (
            terms(Access::Members(vec!["nobody".into()])),
            "access.members",
        ),
    ];
    for (bad, field) in cases {
        match import_entities(
            &mut coalition.store,
            "jordan-psd",
            &line,
            &bad,
            "cli:test",
            8,
        ) {
            Err(ServiceError::Invalid { field: got, .. }) => assert_eq!(got, field),
            other => panic!("{field}: {other:?}"),
        }
    }
    assert!(matches!(
        import_entities(
            &mut coalition.store,
            "no-such-member",
            &line,
            &terms(Access::All),
            "cli:test",
            8
        ),
        Err(ServiceError::Invalid {
            field: "member",
            ..
        })
    ));
    assert!(Access::parse("members", vec![]).is_err());
    assert!(Access::parse("all", vec!["x".into()]).is_err());
    assert!(Access::parse("secret", vec![]).is_err());
}

#[test]
fn changes_are_screened_at_once_without_a_rebuild_and_score_as_after_one() {
    let mut coalition = coalition();
    // a list with many Hassans, so that "Hassan" is common
    let crowd: String = (0..60)
        .map(|i| {
            format!(
                "{}\n",
                entity(&format!("h{i}"), &format!("Hassan Rahimi{i}"), "1980")
            )
        })
        .collect();
    import_entities(
        &mut coalition.store,
        "iraq-nsa",
        &crowd,
        &terms(Access::All),
        "cli:test",
        3,
    )
    .unwrap();
    let index = ScreeningIndex::build(&coalition.store, TODAY).unwrap();
    // a new record, a replaced one and a deleted one, taken in as changes
    let added = entity("late", "Hassan Quraishi", "1979-05-05");
    import_entities(
        &mut coalition.store,
        "iraq-nsa",
        &added,
        &terms(Access::All),
        "cli:test",
        4,
    )
    .unwrap();
    let renamed = entity("r-all", "Khalid Saeed Barakat Al-Tikriti", "1984-03-12");
    import_entities(
        &mut coalition.store,
        "jordan-psd",
        &renamed,
        &terms(Access::All),
        "cli:test",
        5,
    )
    .unwrap();
    let doomed = coalition
        .store
        .live_records(TODAY)
        .unwrap()
        .into_iter()
        .find(|r| r.entity_id == "r-members")
        .unwrap();
    gatecheck_service::records::delete(&mut coalition.store, &coalition.owner, doomed.id, 6)
        .unwrap();
    let ids: Vec<i64> = coalition
        .store
        .live_records(TODAY)
        .unwrap()
        .iter()
        .filter(|r| r.entity_id == "late" || r.entity_id == "r-all")
        .map(|r| r.id)
        .chain([doomed.id])
        .collect();
    let changed = index.with_changes(&coalition.store, TODAY, &ids).unwrap();
    let rebuilt = ScreeningIndex::build(&coalition.store, TODAY).unwrap();
    assert_eq!(changed.len(), rebuilt.len());
    let score_of = |index: &ScreeningIndex, name: &str, id: &str| -> Option<f32> {
        index
            .screen_person(
                &coalition.owner,
                &query(name, "1979-05-05"),
                5,
                0.7,
                &MatchConfig::default(),
            )
            .into_iter()
            .find_map(|finding| match finding.disclosure {
                Disclosure::Full {
                    entity_id, score, ..
                } if entity_id == id => Some(score),
                _ => None,
            })
    };
    // the added record is found at once, scored as after a rebuild (a common given name
    // counts as common in the delta too)
    let (now, later) = (
        score_of(&changed, "Hassan Quraishi", "late"),
        score_of(&rebuilt, "Hassan Quraishi", "late"),
    );
    assert!(now.is_some() && later.is_some());
    assert!(
        (now.unwrap() - later.unwrap()).abs() < 0.02,
        "{now:?} {later:?}"
    );
    // the replaced record is found by its new name; the deleted one not at all
    assert!(score_of(&changed, "Khalid Barakat Al-Tikriti", "r-all").is_some());
    assert!(score_of(&changed, "Yusuf Adnan Haddad", "r-members").is_none());
    assert!(score_of(&index, "Yusuf Adnan Haddad", "r-members").is_some());
    assert!(!changed.rebuild_due());
}

#[test]
fn records_past_their_review_date_are_purged_with_their_versions() {
    let mut coalition = coalition();
    let mut short = terms(Access::All);
    short.review_by = "2026-11-30".to_string();
    let line = entity("brief", "Nabil Jamal Darwish", "1970");
    import_entities(
        &mut coalition.store,
        "jordan-psd",
        &line,
        &short,
        "cli:test",
        7,
    )
    .unwrap();
    let id = coalition
        .store
        .record_id(coalition.owner.id, "brief")
        .unwrap()
        .unwrap();
    // on its review date it still matches and is kept
    assert_eq!(
        gatecheck_service::records::purge_expired(&mut coalition.store, "2026-11-30", "test", 8)
            .unwrap(),
        0
    );
    assert!(coalition.store.record(id).unwrap().is_some());
    // the day after it is purged: no entity, no versions, no longer live; others untouched
    assert_eq!(
        gatecheck_service::records::purge_expired(&mut coalition.store, "2026-12-01", "test", 9)
            .unwrap(),
        1
    );
    assert!(coalition.store.record(id).unwrap().is_none());
    assert_eq!(coalition.store.record_versions(id).unwrap(), 0);
    assert_eq!(coalition.store.live_records("2026-12-01").unwrap().len(), 3);
    let log = coalition.store.audit_entries(1, i64::MAX).unwrap();
    assert_eq!(log.last().unwrap().action, "records.purge");
    assert!(matches!(
        gatecheck_service::audit::verify(&coalition.store, None).unwrap(),
        gatecheck_service::audit::Verdict::Intact { .. }
    ));
}

/// The level, members and action of the owner's record `entity_id` as stored.
fn stored_terms(store: &Store, owner: &Member, entity_id: &str) -> (String, Vec<i64>, String) {
    let id = store.record_id(owner.id, entity_id).unwrap().unwrap();
    let row = store.record(id).unwrap().unwrap();
    (row.access_level, row.access_members, row.action)
}

#[test]
fn a_write_keeps_what_it_does_not_give_and_widens_only_when_confirmed() {
    use gatecheck_service::records::write_entities;
    use gatecheck_service::terms::{Confirmed, TermsUpdate};
    use gatecheck_store::KeepTerms;
    let mut coalition = coalition();
    let (store, owner) = (&mut coalition.store, &coalition.owner);
    let (partner, outsider) = (coalition.partner.id, coalition.outsider.id);
    let file: String = [
        entity("r-all", "Khalid Saeed Barakat", "1984-03-12"),
        entity("r-members", "Yusuf Adnan Haddad", "1984-03-12"),
        entity("r-owner", "Samir Fawzi Qasim", "1984-03-12"),
        entity("r-new", "Rami Saleh", "1975"),
    ]
    .join("\n");
    let each_as_before = |store: &Store| {
        assert_eq!(
            stored_terms(store, owner, "r-owner"),
            (
                "owner-only".into(),
                vec![],
                "refer to secondary inspection".into()
            )
        );
        assert_eq!(
            stored_terms(store, owner, "r-members"),
            (
                "members".into(),
                vec![partner],
                "refer to secondary inspection".into()
            )
        );
    };
    // nothing given: each stored record keeps its own terms, the new one takes the defaults
    let mut defaults = terms(Access::OwnerOnly);
    defaults.action = "arrest".into();
    let keep = TermsUpdate::keep_all(defaults);
    let counts = write_entities(
        store,
        "jordan-psd",
        &file,
        &keep,
        Confirmed::default(),
        "cli:test",
        9,
    )
    .unwrap();
    assert_eq!((counts.added, counts.changed, counts.unchanged), (1, 0, 3));
    each_as_before(store);
    assert_eq!(
        stored_terms(store, owner, "r-new"),
        ("owner-only".into(), vec![], "arrest".into())
    );

    // terms given whole that widen: refused with counts, nothing written
    let refused = import_entities(
        store,
        "jordan-psd",
        &file,
        &terms(Access::All),
        "cli:test",
        10,
    );
    match refused {
        Err(ServiceError::NeedsConfirmation { code, message }) => {
            assert_eq!(code, "widening_needs_confirmation");
            assert!(
                message.starts_with(
                    "3 records would be open to more members (members (iraq-nsa) → all: 1, owner-only → all: 2)"
                ),
                "{message}"
            );
        }
        other => panic!("{other:?}"),
    }
    each_as_before(store);
    // a member added to a list widens; one taken off narrows
    let both = Access::Members(vec!["iraq-nsa".into(), "tunisia-dgsn".into()]);
    let shared_line = entity("r-members", "Yusuf Adnan Haddad", "1984-03-12");
    assert!(matches!(
        import_entities(
            store,
            "jordan-psd",
            &shared_line,
            &terms(both.clone()),
            "cli:test",
            11
        ),
        Err(ServiceError::NeedsConfirmation { .. })
    ));
    let wider = TermsUpdate::set(terms(both));
    let confirmed = Confirmed {
        wider_access: true,
        changed_actions: false,
    };
    write_entities(
        store,
        "jordan-psd",
        &shared_line,
        &wider,
        confirmed,
        "cli:test",
        12,
    )
    .unwrap();
    assert_eq!(
        stored_terms(store, owner, "r-members").1,
        vec![partner, outsider]
    );
    import_entities(
        store,
        "jordan-psd",
        &shared_line,
        &terms(Access::OwnerOnly),
        "cli:test",
        13,
    )
    .unwrap();
    assert_eq!(stored_terms(store, owner, "r-members").0, "owner-only");

    // only the action given: access kept, the action changed once confirmed
    let mut action_only = TermsUpdate::set(terms(Access::All));
    action_only.terms.action = "detain".into();
    action_only.keep = KeepTerms {
        access: true,
        action: false,
        review_by: true,
    };
    let line = entity("r-owner", "Samir Fawzi Qasim", "1984-03-12");
    assert!(matches!(
        write_entities(
            store,
            "jordan-psd",
            &line,
            &action_only,
            Confirmed::default(),
            "cli:test",
            14
        ),
        Err(ServiceError::NeedsConfirmation {
            code: "changed_actions_need_confirmation",
            ..
        })
    ));
    let actions = Confirmed {
        wider_access: false,
        changed_actions: true,
    };
    write_entities(
        store,
        "jordan-psd",
        &line,
        &action_only,
        actions,
        "cli:test",
        15,
    )
    .unwrap();
    assert_eq!(
        stored_terms(store, owner, "r-owner"),
        ("owner-only".into(), vec![], "detain".into())
    );
    let log = store.audit_entries(1, i64::MAX).unwrap();
    let last = log.last().unwrap();
    assert!(
        last.subject
            .ends_with(r#"action of 1 record: "refer to secondary inspection" → "detain""#),
        "{}",
        last.subject
    );
    assert!(log.iter().any(|entry| entry.subject.ends_with(
        "widened access of 1 record: members (iraq-nsa) → members (iraq-nsa, tunisia-dgsn)"
    )));
    assert!(log
        .iter()
        .any(|entry| entry.subject.contains("narrowed access of 1 record")));
}

#[test]
fn a_supervisor_opens_a_record_or_document_only_when_confirming_it() {
    use gatecheck_service::console::{add_user, Language, Role, UserSpec};
    use gatecheck_service::documents::{self, TravelDocument};
    use gatecheck_service::records::change_terms;
    use gatecheck_service::terms::{Confirmed, TermsUpdate};
    let mut coalition = coalition();
    let (store, owner) = (&mut coalition.store, &coalition.owner);
    let spec = UserSpec {
        name: "hana",
        password: "a long enough password",
        role: Role::Supervisor,
        language: Language::English,
    };
    let hana = add_user(store, owner, spec, "cli:test", 3).unwrap();
    let id = store.record_id(owner.id, "r-owner").unwrap().unwrap();
    let open = terms(Access::All);
    assert!(matches!(
        change_terms(store, &hana, id, &open, Confirmed::one_record(false), 4),
        Err(ServiceError::NeedsConfirmation { .. })
    ));
    assert_eq!(
        store.record(id).unwrap().unwrap().access_level,
        "owner-only"
    );
    change_terms(store, &hana, id, &open, Confirmed::one_record(true), 5).unwrap();
    assert_eq!(store.record(id).unwrap().unwrap().access_level, "all");
    let last = store.audit_entries(1, i64::MAX).unwrap().pop().unwrap();
    assert_eq!(last.action, "record.terms");
    assert!(
        last.subject == format!("record {id}: widened access of 1 record: owner-only → all"),
        "{}",
        last.subject
    );

    // documents: a stored one keeps its terms when written again without any, a new one
    // takes the defaults; the console's change is one write with one audit entry
    let document = |number: &str| TravelDocument {
        number: number.into(),
        issuing_state: "JOR".into(),
        kind: "P".into(),
        status: gatecheck_store::DocumentStatus::Stolen,
        reported_on: "2026-01-02".into(),
    };
    let ids =
        documents::contribute(store, owner, &document("L1"), &terms(Access::OwnerOnly), 6).unwrap();
    let keep = TermsUpdate::keep_all(terms(Access::All));
    let (counts, written) = documents::write(
        store,
        owner,
        &[document("L1"), document("L2")],
        &keep,
        Confirmed::default(),
        7,
    )
    .unwrap();
    assert_eq!((counts.added, counts.unchanged), (1, 1));
    assert_eq!(written[0], ids);
    let level = |store: &Store, id: i64| store.document(id).unwrap().unwrap().terms.access_level;
    assert_eq!(
        (level(store, written[0]), level(store, written[1])),
        ("owner-only".into(), "all".into())
    );
    let entries = store.audit_entries(1, i64::MAX).unwrap().len();
    assert!(matches!(
        documents::change_terms(
            store,
            &hana,
            written[0],
            &open,
            Confirmed::one_record(false),
            8
        ),
        Err(ServiceError::NeedsConfirmation { .. })
    ));
    assert_eq!(store.audit_entries(1, i64::MAX).unwrap().len(), entries);
    documents::change_terms(
        store,
        &hana,
        written[0],
        &open,
        Confirmed::one_record(true),
        9,
    )
    .unwrap();
    let log = store.audit_entries(1, i64::MAX).unwrap();
    assert_eq!(
        log.len(),
        entries + 1,
        "the change and its audit entry are one write"
    );
    assert!(log
        .last()
        .unwrap()
        .subject
        .ends_with("widened access of 1 record: owner-only → all"));
    assert_eq!(level(store, written[0]), "all");
}

#[test]
fn each_batch_is_judged_again_in_its_transaction() {
    use gatecheck_service::imports;
    use gatecheck_service::terms::{Confirmed, TermsUpdate};
    let mut coalition = coalition();
    let (store, owner) = (&mut coalition.store, &coalition.owner);
    let lines = vec![entity("r-owner", "Samir Fawzi Qasim", "1984-03-12")];
    let open = TermsUpdate::set(terms(Access::All));
    // as if the record had been narrowed by another writer after the file was counted: the
    // batch finds the widening itself, refuses it, and writes nothing
    let mut run = imports::begin(
        store,
        "jordan-psd",
        &imports::FileImported {
            name: "f.jsonl",
            digest: "d1",
            list: None,
        },
        &open,
        "cli:test",
        20,
    )
    .unwrap();
    let entries = store.audit_entries(1, i64::MAX).unwrap().len();
    match run.write_entities(store, &lines, 21) {
        Err(ServiceError::NeedsConfirmation { code, message }) => {
            assert_eq!(code, "widening_needs_confirmation");
            assert!(message.contains("owner-only → all: 1"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(stored_terms(store, owner, "r-owner").0, "owner-only");
    assert_eq!(store.audit_entries(1, i64::MAX).unwrap().len(), entries);
    assert_eq!(run.items_done(), 0);
    // confirmed, the same batch is written and its entry says widened
    let confirmed = Confirmed {
        wider_access: true,
        changed_actions: false,
    };
    let mut run = imports::begin(
        store,
        "jordan-psd",
        &imports::FileImported {
            name: "f.jsonl",
            digest: "d1",
            list: None,
        },
        &open,
        "cli:test",
        22,
    )
    .unwrap()
    .confirming(
        confirmed,
        ["--accept-wider-access", "--accept-changed-actions"],
    );
    run.write_entities(store, &lines, 23).unwrap();
    assert_eq!(stored_terms(store, owner, "r-owner").0, "all");
    assert_eq!(run.terms_changed().widened_records(), 1);
    let last = store.audit_entries(1, i64::MAX).unwrap().pop().unwrap();
    assert!(
        last.subject
            .ends_with("widened access of 1 record: owner-only → all"),
        "{}",
        last.subject
    );
}

#[test]
fn an_import_killed_one_day_resumes_the_next_whatever_its_default_review_date() {
    use gatecheck_service::imports;
    use gatecheck_service::terms::TermsUpdate;
    use gatecheck_store::KeepTerms;
    let mut coalition = coalition();
    let store = &mut coalition.store;
    let lines = [
        entity("r-new-1", "Tariq Nuwayri", "1979-02-03"),
        entity("r-new-2", "Layla Qasimi", "1988-11-30"),
    ];
    // no review date given: stored records keep theirs, new ones get today's default
    let given_on = |default: &str| TermsUpdate {
        terms: RecordTerms {
            review_by: default.to_string(),
            ..terms(Access::All)
        },
        keep: KeepTerms {
            access: false,
            action: false,
            review_by: true,
        },
    };
    let mut run = imports::begin(
        store,
        "jordan-psd",
        &imports::FileImported {
            name: "f.jsonl",
            digest: "d1",
            list: None,
        },
        &given_on("2027-12-04"),
        "cli:test",
        20,
    )
    .unwrap();
    run.write_entities(store, &lines[..1], 21).unwrap();
    // killed here; run again the next day, whose default review date is a day later
    let again = imports::begin(
        store,
        "jordan-psd",
        &imports::FileImported {
            name: "f.jsonl",
            digest: "d1",
            list: None,
        },
        &given_on("2027-12-05"),
        "cli:test",
        86_400 + 20,
    )
    .unwrap();
    assert_eq!(again.items_done(), 1, "the next day's run started over");
    // a review date given, and changed, is other terms: that run starts afresh
    let mut given = given_on("2027-12-06");
    given.keep.review_by = false;
    let other = imports::begin(
        store,
        "jordan-psd",
        &imports::FileImported {
            name: "f.jsonl",
            digest: "d1",
            list: None,
        },
        &given,
        "cli:test",
        30,
    )
    .unwrap();
    assert_eq!(other.items_done(), 0);
}
