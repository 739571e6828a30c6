//! One suite for every backend's console users and sessions: the SQLite store and the
//! PostgreSQL one must give the same rows, in the same order, with the same errors and the
//! same audit entries for the same calls. On PostgreSQL the sign-in state must also be one
//! for every node: a session started through one connection is read and touched through
//! another, and a name taken by one node while another adds it is refused, not a failure.
//!
//! The PostgreSQL runs start a throwaway cluster (`gatecheck-testpg`) and skip with a
//! notice when PostgreSQL is not installed, unless `GATECHECK_REQUIRE_POSTGRES` is set.

mod common;

use common::{chain, cluster, entry};

use std::time::{Duration, Instant};

use gatecheck_store::concepts::{AuditLog, Members, Users};
use gatecheck_store::postgres::PostgresStore;
use gatecheck_store::{AuditRow, NewMember, NewUser, SessionRow, StoreError, UserRow};

const PASSWORD_PARAMS: &str = "argon2id v19 m=19456 t=2 p=1";
const SALT: [u8; 16] = [0x5a; 16];

/// A user of `member` whose password hash is `hash`, added at `created_at`.
fn user<'a>(
    member: i64,
    name: &'a str,
    role: &'a str,
    language: &'a str,
    hash: &'a [u8],
    created_at: i64,
) -> NewUser<'a> {
    NewUser {
        member,
        name,
        role,
        language,
        password_salt: &SALT,
        password_hash: hash,
        password_params: PASSWORD_PARAMS,
        created_at,
    }
}

/// The row `add_user` must give back for `new` numbered `id`.
fn stored(id: i64, new: &NewUser<'_>) -> UserRow {
    UserRow {
        id,
        member: new.member,
        name: new.name.to_string(),
        role: new.role.to_string(),
        language: new.language.to_string(),
        password_salt: new.password_salt.to_vec(),
        password_hash: new.password_hash.to_vec(),
        password_params: new.password_params.to_string(),
        created_at: new.created_at,
        disabled_at: None,
    }
}

/// The hash of a session's token (the store is never given the token itself).
fn token(n: u8) -> [u8; 32] {
    [n; 32]
}

fn audit_log(store: &impl AuditLog) -> Vec<AuditRow> {
    store.audit_entries(1, i64::MAX).unwrap()
}

fn names(users: &[UserRow]) -> Vec<&str> {
    users.iter().map(|user| user.name.as_str()).collect()
}

/// Reads through the trait as an object, as a service holding `&dyn Users` would.
fn session_as_object(users: &dyn Users, token_hash: &[u8]) -> Option<SessionRow> {
    users.session(token_hash).unwrap()
}

fn suite(store: &mut (impl Members + AuditLog + Users)) {
    let jordan = store
        .add_member(
            &NewMember {
                name: "jordan-psd",
                country: "JOR",
                admin: false,
                key_hash: &[1; 32],
                created_at: 100,
            },
            &entry(1, "member.add", "member jordan-psd"),
            &chain,
        )
        .unwrap();
    let iraq = store
        .add_member(
            &NewMember {
                name: "iraq-nsa",
                country: "IRQ",
                admin: false,
                key_hash: &[2; 32],
                created_at: 100,
            },
            &entry(2, "member.add", "member iraq-nsa"),
            &chain,
        )
        .unwrap();

    // users added, each with its entry, numbered in the order they were added
    let amal = user(
        jordan.id,
        "amal.nasser",
        "supervisor",
        "en",
        &[0xa1; 32],
        200,
    );
    let layla = user(
        jordan.id,
        "ليلى.حداد",
        "administrator",
        "ar",
        &[0xa2; 32],
        201,
    );
    let zaid = user(jordan.id, "Zaid.Haddad", "officer", "ar", &[0xa3; 32], 202);
    let grace = user(
        jordan.id,
        "Grace.Whitfield",
        "officer",
        "en",
        &[0xa4; 32],
        203,
    );
    let mut added = Vec::new();
    for (at, new) in (3..).zip([&amal, &layla, &zaid, &grace]) {
        let subject = format!("user {}", new.name);
        let row = store
            .add_user(new, &entry(at, "user.add", &subject), &chain)
            .unwrap();
        added.push(row);
    }
    let expected: Vec<UserRow> = (1..)
        .zip([&amal, &layla, &zaid, &grace])
        .map(|(id, new)| stored(id, new))
        .collect();
    assert_eq!(added, expected);
    let [amal_row, layla_row, zaid_row, grace_row] = <[UserRow; 4]>::try_from(added).unwrap();
    assert_eq!(audit_log(store).len(), 6);

    // a name taken, by a user of any member, is refused: no row, no entry, no id used up
    let taken = store.add_user(
        &user(iraq.id, "Zaid.Haddad", "officer", "ar", &[0xb1; 32], 204),
        &entry(7, "user.add", "user Zaid.Haddad"),
        &chain,
    );
    assert!(
        matches!(&taken, Err(StoreError::AlreadyExists { what: "user", name }) if name == "Zaid.Haddad"),
        "{taken:?}"
    );
    assert_eq!(
        store.user_by_name("Zaid.Haddad").unwrap(),
        Some(zaid_row.clone())
    );
    assert_eq!(audit_log(store).len(), 6);
    let mustafa = user(iraq.id, "Mustafa.Karim", "officer", "ar", &[0xa5; 32], 205);
    let mustafa_row = store
        .add_user(
            &mustafa,
            &entry(8, "user.add", "user Mustafa.Karim"),
            &chain,
        )
        .unwrap();
    assert_eq!(mustafa_row, stored(5, &mustafa));

    // a user of a member that does not exist is refused by the database, writing nothing
    let orphan = store.add_user(
        &user(99, "Oliver.Bennett", "officer", "en", &[0xb2; 32], 206),
        &entry(9, "user.add", "user Oliver.Bennett"),
        &chain,
    );
    assert!(orphan.is_err(), "{orphan:?}");
    assert_eq!(store.user_by_name("Oliver.Bennett").unwrap(), None);
    assert_eq!(audit_log(store).len(), 7);

    // found by name and by id; absent ones are none
    assert_eq!(
        store.user_by_name("ليلى.حداد").unwrap(),
        Some(layla_row.clone())
    );
    assert_eq!(store.user_by_id(4).unwrap(), Some(grace_row.clone()));
    assert_eq!(store.user_by_name("zaid.haddad").unwrap(), None);
    assert_eq!(store.user_by_id(99).unwrap(), None);

    // a member's users by name, in the order of their UTF-8 bytes (capitals, then small
    // letters, then Arabic), not in the order they were added nor a locale's
    let of_jordan = store.users_of(jordan.id).unwrap();
    assert_eq!(
        names(&of_jordan),
        ["Grace.Whitfield", "Zaid.Haddad", "amal.nasser", "ليلى.حداد"]
    );
    assert_eq!(of_jordan[1], zaid_row);
    assert_eq!(
        store.users_of(iraq.id).unwrap(),
        std::slice::from_ref(&mustafa_row)
    );
    assert_eq!(store.users_of(99).unwrap(), []);

    // the language set, with its entry; the rest of the row as it was
    store
        .set_user_language(
            amal_row.id,
            "ar",
            &entry(10, "user.language", "user amal.nasser"),
            &chain,
        )
        .unwrap();
    let amal_now = store.user_by_id(amal_row.id).unwrap().unwrap();
    assert_eq!(
        amal_now,
        UserRow {
            language: "ar".to_string(),
            ..amal_row.clone()
        }
    );
    assert_eq!(audit_log(store).len(), 8);
    // a language the schema does not know is refused by the database, writing nothing
    let french = store.set_user_language(
        amal_row.id,
        "fr",
        &entry(11, "user.language", "user amal.nasser"),
        &chain,
    );
    assert!(french.is_err(), "{french:?}");
    assert_eq!(
        store.user_by_id(amal_row.id).unwrap(),
        Some(amal_now.clone())
    );
    assert_eq!(audit_log(store).len(), 8);
    // a user absent is not refused: the entry is written, no row changes
    store
        .set_user_language(99, "en", &entry(12, "user.language", "user 99"), &chain)
        .unwrap();
    assert_eq!(audit_log(store).len(), 9);

    // sessions started, each with the entry of its sign-in, read back with their user
    for (at, token_hash, user_row) in [
        (1000, token(1), &zaid_row),
        (1010, token(2), &zaid_row),
        (1020, token(3), &amal_row),
        (1030, token(4), &grace_row),
    ] {
        let subject = format!("user {}", user_row.name);
        store
            .add_session(
                &token_hash,
                user_row.id,
                at,
                &entry(at, "user.sign-in", &subject),
                &chain,
            )
            .unwrap();
    }
    assert_eq!(audit_log(store).len(), 13);
    assert_eq!(
        store.session(&token(1)).unwrap(),
        Some(SessionRow {
            user: zaid_row.clone(),
            created_at: 1000,
            last_seen: 1000,
        })
    );
    // the user as stored now (the language just set), not as at the sign-in
    assert_eq!(
        session_as_object(store, &token(3)),
        Some(SessionRow {
            user: amal_now.clone(),
            created_at: 1020,
            last_seen: 1020,
        })
    );
    assert_eq!(store.session(&token(9)).unwrap(), None);
    // a token already in use, or a user absent, is refused by the database, writing nothing
    let again = store.add_session(
        &token(1),
        grace_row.id,
        1040,
        &entry(1040, "user.sign-in", "user Grace.Whitfield"),
        &chain,
    );
    assert!(again.is_err(), "{again:?}");
    assert_eq!(
        store.session(&token(1)).unwrap().map(|s| s.user.id),
        Some(zaid_row.id)
    );
    let nobody = store.add_session(
        &token(5),
        99,
        1040,
        &entry(1040, "user.sign-in", "user 99"),
        &chain,
    );
    assert!(nobody.is_err(), "{nobody:?}");
    assert_eq!(store.session(&token(5)).unwrap(), None);
    assert_eq!(audit_log(store).len(), 13);

    // touched: last seen moves, the start does not, nothing is audited
    store.touch_session(&token(1), 1100).unwrap();
    store.touch_session(&token(9), 1100).unwrap();
    let touched = store.session(&token(1)).unwrap().unwrap();
    assert_eq!((touched.created_at, touched.last_seen), (1000, 1100));
    assert_eq!(store.session(&token(9)).unwrap(), None);
    assert_eq!(audit_log(store).len(), 13);

    // the password changed: the new hash kept, the user's other sessions ended but the
    // one kept, other users' sessions left
    store
        .set_user_password(
            zaid_row.id,
            &[0x6b; 16],
            &[0xc3; 32],
            "argon2id v19 m=65536 t=3 p=1",
            &token(1),
            &entry(1110, "user.password", "user Zaid.Haddad"),
            &chain,
        )
        .unwrap();
    assert_eq!(
        store.user_by_id(zaid_row.id).unwrap(),
        Some(UserRow {
            password_salt: vec![0x6b; 16],
            password_hash: vec![0xc3; 32],
            password_params: "argon2id v19 m=65536 t=3 p=1".to_string(),
            ..zaid_row.clone()
        })
    );
    assert!(store.session(&token(1)).unwrap().is_some());
    assert_eq!(store.session(&token(2)).unwrap(), None);
    assert!(store.session(&token(3)).unwrap().is_some());
    assert_eq!(audit_log(store).len(), 14);

    // disabled, with its entry: every session of the user ended, the user still listed
    store
        .disable_user(
            amal_row.id,
            1200,
            &entry(1200, "user.disable", "user amal.nasser"),
            &chain,
        )
        .unwrap();
    assert_eq!(
        store.user_by_id(amal_row.id).unwrap().unwrap().disabled_at,
        Some(1200)
    );
    assert_eq!(store.session(&token(3)).unwrap(), None);
    assert!(store.session(&token(1)).unwrap().is_some());
    assert_eq!(store.users_of(jordan.id).unwrap().len(), 4);
    assert_eq!(audit_log(store).len(), 15);
    // disabled already, or absent: refused, writing nothing
    for id in [amal_row.id, 99] {
        let refused = store.disable_user(
            id,
            1210,
            &entry(1210, "user.disable", &format!("user {id}")),
            &chain,
        );
        assert!(
            matches!(&refused, Err(StoreError::NotFound { what: "active user", name }) if *name == id.to_string()),
            "{refused:?}"
        );
    }
    assert_eq!(
        store.user_by_id(amal_row.id).unwrap().unwrap().disabled_at,
        Some(1200)
    );
    assert_eq!(audit_log(store).len(), 15);

    // enabled again, with its entry: the row as before it was disabled, and the sessions
    // ended then stay ended
    store
        .enable_user(
            amal_row.id,
            &entry(1220, "user.enable", "user amal.nasser"),
            &chain,
        )
        .unwrap();
    assert_eq!(
        store.user_by_id(amal_row.id).unwrap(),
        Some(amal_now.clone())
    );
    assert_eq!(store.session(&token(3)).unwrap(), None);
    assert_eq!(audit_log(store).len(), 16);
    // active already, or absent: refused, writing nothing
    for id in [amal_row.id, 99] {
        let refused = store.enable_user(
            id,
            &entry(1230, "user.enable", &format!("user {id}")),
            &chain,
        );
        assert!(
            matches!(&refused, Err(StoreError::NotFound { what: "disabled user", name }) if *name == id.to_string()),
            "{refused:?}"
        );
    }
    assert_eq!(audit_log(store).len(), 16);
    // and disabled once more, for what follows
    store
        .disable_user(
            amal_row.id,
            1240,
            &entry(1240, "user.disable", "user amal.nasser"),
            &chain,
        )
        .unwrap();
    assert_eq!(audit_log(store).len(), 17);

    // ended with the entry of a sign-out, or without one (expired); absent is no error
    store
        .end_session(
            &token(1),
            Some(&entry(1300, "user.sign-out", "user Zaid.Haddad")),
            &chain,
        )
        .unwrap();
    assert_eq!(store.session(&token(1)).unwrap(), None);
    assert_eq!(audit_log(store).len(), 18);
    store
        .add_session(
            &token(6),
            layla_row.id,
            1310,
            &entry(1310, "user.sign-in", "user ليلى.حداد"),
            &chain,
        )
        .unwrap();
    store.end_session(&token(6), None, &chain).unwrap();
    store.end_session(&token(9), None, &chain).unwrap();
    assert_eq!(store.session(&token(6)).unwrap(), None);
    assert_eq!(audit_log(store).len(), 19);

    // those idle since a moment, or started before another, ended (both bounds strict),
    // without entries; the count of them returned
    for (at, token_hash, user_row) in [
        (2000, token(7), &grace_row),
        (1500, token(8), &zaid_row),
        (2400, token(10), &mustafa_row),
    ] {
        let subject = format!("user {}", user_row.name);
        store
            .add_session(
                &token_hash,
                user_row.id,
                at,
                &entry(at, "user.sign-in", &subject),
                &chain,
            )
            .unwrap();
    }
    store.touch_session(&token(8), 2500).unwrap();
    assert_eq!(audit_log(store).len(), 22);
    // only token 4 (last seen at 1030) is idle before 2000; token 7 was seen at 2000
    assert_eq!(store.end_sessions_older_than(2000, 1400).unwrap(), 1);
    assert_eq!(store.session(&token(4)).unwrap(), None);
    assert!(store.session(&token(7)).unwrap().is_some());
    store.touch_session(&token(10), 2460).unwrap();
    // token 7 idle before 2450; token 8, seen at 2500, started before 1600; token 10 kept
    assert_eq!(store.end_sessions_older_than(2450, 1600).unwrap(), 2);
    assert_eq!(store.session(&token(7)).unwrap(), None);
    assert_eq!(store.session(&token(8)).unwrap(), None);
    assert_eq!(
        store.session(&token(10)).unwrap(),
        Some(SessionRow {
            user: mustafa_row.clone(),
            created_at: 2400,
            last_seen: 2460,
        })
    );
    assert_eq!(store.end_sessions_older_than(0, 0).unwrap(), 0);

    // the log: exactly the audited writes, in order, numbered and chained
    let log = audit_log(store);
    let written: Vec<(&str, &str)> = log
        .iter()
        .map(|row| (row.action.as_str(), row.subject.as_str()))
        .collect();
    assert_eq!(
        written,
        [
            ("member.add", "member jordan-psd"),
            ("member.add", "member iraq-nsa"),
            ("user.add", "user amal.nasser"),
            ("user.add", "user ليلى.حداد"),
            ("user.add", "user Zaid.Haddad"),
            ("user.add", "user Grace.Whitfield"),
            ("user.add", "user Mustafa.Karim"),
            ("user.language", "user amal.nasser"),
            ("user.language", "user 99"),
            ("user.sign-in", "user Zaid.Haddad"),
            ("user.sign-in", "user Zaid.Haddad"),
            ("user.sign-in", "user amal.nasser"),
            ("user.sign-in", "user Grace.Whitfield"),
            ("user.password", "user Zaid.Haddad"),
            ("user.disable", "user amal.nasser"),
            ("user.enable", "user amal.nasser"),
            ("user.disable", "user amal.nasser"),
            ("user.sign-out", "user Zaid.Haddad"),
            ("user.sign-in", "user ليلى.حداد"),
            ("user.sign-in", "user Grace.Whitfield"),
            ("user.sign-in", "user Zaid.Haddad"),
            ("user.sign-in", "user Mustafa.Karim"),
        ]
    );
    common::assert_chained(&log);
    assert_eq!(store.audit_tree_size().unwrap(), 22);
}

#[test]
fn the_sqlite_store_keeps_the_users_contract() {
    let directory = tempfile::tempdir().unwrap();
    let mut store = gatecheck_store::Store::open(directory.path()).unwrap();
    suite(&mut store);
}

#[test]
fn the_postgresql_store_keeps_the_users_contract() {
    let Some(cluster) = cluster("the_postgresql_store_keeps_the_users_contract") else {
        return;
    };
    let url = cluster.connection_string();
    let mut store = PostgresStore::connect(&url).unwrap();
    suite(&mut store);

    // another node reads the session this one started, and this one sees it touched
    let mut other_node = PostgresStore::connect(&url).unwrap();
    let grace = other_node.user_by_name("Grace.Whitfield").unwrap().unwrap();
    store
        .add_session(
            &token(11),
            grace.id,
            3000,
            &entry(3000, "user.sign-in", "user Grace.Whitfield"),
            &chain,
        )
        .unwrap();
    assert_eq!(
        other_node.session(&token(11)).unwrap().map(|s| s.user),
        Some(grace)
    );
    other_node.touch_session(&token(11), 3050).unwrap();
    assert_eq!(
        store.session(&token(11)).unwrap().map(|s| s.last_seen),
        Some(3050)
    );
    other_node.end_session(&token(11), None, &chain).unwrap();
    assert_eq!(store.session(&token(11)).unwrap(), None);
    assert_eq!(store.audit_tree_size().unwrap(), 23);
}

/// The same contract on a database whose default collation is ICU's English, under which
/// `amal` sorts before `Grace`: users are still listed in SQLite's byte order.
#[test]
fn the_postgresql_store_keeps_the_users_contract_under_a_locale_collation() {
    let Some(cluster) =
        cluster("the_postgresql_store_keeps_the_users_contract_under_a_locale_collation")
    else {
        return;
    };
    let mut admin =
        postgres::Client::connect(&cluster.connection_string(), postgres::NoTls).unwrap();
    admin
        .batch_execute(
            "CREATE DATABASE english TEMPLATE template0 ENCODING 'UTF8'
             LOCALE_PROVIDER icu ICU_LOCALE 'en-US'",
        )
        .unwrap();
    // the database orders text by the locale, not by bytes: the test below means something
    let mut english_client = postgres::Client::connect(
        &cluster
            .connection_string()
            .replace("dbname=gatecheck", "dbname=english"),
        postgres::NoTls,
    )
    .unwrap();
    let ordered: Vec<String> = english_client
        .query(
            "SELECT name FROM unnest(ARRAY['amal', 'Grace']) AS name ORDER BY name",
            &[],
        )
        .unwrap()
        .iter()
        .map(|row| row.get(0))
        .collect();
    assert_eq!(ordered, ["amal", "Grace"]);
    let mut store = PostgresStore::connect(
        &cluster
            .connection_string()
            .replace("dbname=gatecheck", "dbname=english"),
    )
    .unwrap();
    suite(&mut store);
}

/// Two nodes adding one name at once: the one whose insert waits on the other's unique key
/// gets [`StoreError::AlreadyExists`] once the other commits, not a database failure.
#[test]
fn a_name_taken_meanwhile_by_another_node_is_refused_as_taken() {
    let Some(cluster) = cluster("a_name_taken_meanwhile_by_another_node_is_refused_as_taken")
    else {
        return;
    };
    let url = cluster.connection_string();
    let mut first_node = PostgresStore::connect(&url).unwrap();
    let jordan = first_node
        .add_member(
            &NewMember {
                name: "jordan-psd",
                country: "JOR",
                admin: false,
                key_hash: &[1; 32],
                created_at: 100,
            },
            &entry(1, "member.add", "member jordan-psd"),
            &chain,
        )
        .unwrap();

    // another node's transaction has inserted the name and not yet committed
    let mut other_node = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    let mut pending = other_node.transaction().unwrap();
    pending
        .execute(
            "INSERT INTO console_user (member, name, role, language, password_salt,
             password_hash, password_params, created_at)
             VALUES ($1, 'Hassan.Saleh', 'officer', 'ar', '\\x00', '\\x00', 'x', 300)",
            &[&jordan.id],
        )
        .unwrap();

    let adding = std::thread::spawn(move || {
        let hash = [0xd1; 32];
        let result = first_node.add_user(
            &user(jordan.id, "Hassan.Saleh", "officer", "ar", &hash, 301),
            &entry(2, "user.add", "user Hassan.Saleh"),
            &chain,
        );
        (result, first_node)
    });
    // the add has looked (and seen nothing committed) and now waits on the unique key
    let mut watcher = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let waiting: i64 = watcher
            .query_one(
                "SELECT COUNT(*) FROM pg_stat_activity
                 WHERE wait_event_type = 'Lock' AND query LIKE 'INSERT INTO console_user%'",
                &[],
            )
            .unwrap()
            .get(0);
        if waiting == 1 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the add never waited on the other node's insert"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    pending.commit().unwrap();

    let (result, first_node) = adding.join().unwrap();
    assert!(
        matches!(&result, Err(StoreError::AlreadyExists { what: "user", name }) if name == "Hassan.Saleh"),
        "{result:?}"
    );
    assert_eq!(
        first_node
            .user_by_name("Hassan.Saleh")
            .unwrap()
            .map(|u| u.created_at),
        Some(300)
    );
    assert_eq!(first_node.audit_tree_size().unwrap(), 1);
}
