//! The audit chain: every entry's hash covers its fields and the hash of the entry before,
//! so that changing, removing or inserting an entry breaks the chain where it happened.
//! Verification walks the chain and names the first entry that does not hold.
//!
//! A chain proves order and integrity back from any hash one trusts; to guard against the
//! whole chain being rewritten from some point on, keep the head hash that `verify`
//! reports somewhere else (an evidence bundle, another system) and pass it back later.

use gatecheck_store::concepts::AuditLog;
use gatecheck_store::{AuditEntry, AuditRow, CHAIN_START};
use sha2::{Digest, Sha256};

/// Hex SHA-256 of what an action answered or wrote.
pub fn digest_of(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// What an audit entry records: one name for each kind of action, kept in the log as its
/// text ([`Action::as_str`]), which never changes once written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// a request with a key that names no active member
    AuthRefused,
    /// a member added, with its key
    MemberAdd,
    /// how a member is reached, set
    MemberContact,
    /// a member's key revoked
    MemberRevoke,
    /// the time zone a member's officers work in, set
    MemberTimeZone,
    /// a record read
    RecordRead,
    /// a page of a member's records listed
    RecordList,
    /// a member's records found by id or number
    RecordFind,
    /// a record's terms changed
    RecordTerms,
    /// a record withdrawn
    RecordDelete,
    /// a batch of an import, or records written through the API
    RecordsImport,
    /// an import begun
    RecordsImportBegin,
    /// an import finished
    RecordsImportDone,
    /// travel documents written
    RecordsDocuments,
    /// records past their review date purged
    RecordsPurge,
    /// an import's records no longer on the newer version of their list, deleted
    RecordsRemove,
    /// the hits of one query kept
    HitAdd,
    /// a hit adjudicated
    HitStatus,
    /// an escalated hit answered by the record's owner
    HitAnswer,
    /// a page of a member's hits listed
    HitList,
    /// one hit read
    HitRead,
    /// a suppression revoked
    SuppressionRevoke,
    /// notifications read
    NotificationRead,
    /// a page of screened flights listed
    ManifestList,
    /// one screened flight read
    ManifestRead,
    /// a person screened
    ScreenPerson,
    /// a travel document looked up
    ScreenDocument,
    /// a machine-readable zone screened
    ScreenMrz,
    /// a batch of persons and documents screened
    ScreenBatch,
    /// a flight's manifest screened
    ScreenManifest,
    /// a suspicious transaction report written from a confirmed hit, for another member
    ReportAdd,
    /// a page of a member's reports listed
    ReportList,
    /// one report read (by its author or its recipient)
    ReportRead,
    /// a payment's parties screened
    ScreenPayment,
    /// a shipment's parties screened
    ScreenShipment,
    /// a search from the console, by a named officer
    ScreenConsole,
    /// yente's /match: a batch screened for its clients
    Match,
    /// yente's /search: a name searched for its clients, screened as a match is
    Search,
    /// screenings of the last days screened again against records added or changed
    ScreenRetro,
    /// a console user added
    UserAdd,
    /// a console user disabled
    UserDisable,
    /// a disabled console user enabled again
    UserEnable,
    /// a console user's language set
    UserLanguage,
    /// a console user's password changed
    UserPassword,
    /// a console user signed in
    UserSignIn,
    /// a sign-in refused
    UserSignInRefused,
    /// a console user signed out
    UserSignOut,
}

impl Action {
    /// Every action, for whoever reads the log by kind.
    pub const ALL: [Action; 47] = [
        Action::AuthRefused,
        Action::MemberAdd,
        Action::MemberContact,
        Action::MemberRevoke,
        Action::MemberTimeZone,
        Action::RecordRead,
        Action::RecordList,
        Action::RecordFind,
        Action::RecordTerms,
        Action::RecordDelete,
        Action::RecordsImport,
        Action::RecordsImportBegin,
        Action::RecordsImportDone,
        Action::RecordsDocuments,
        Action::RecordsPurge,
        Action::RecordsRemove,
        Action::HitAdd,
        Action::HitStatus,
        Action::HitAnswer,
        Action::HitList,
        Action::HitRead,
        Action::SuppressionRevoke,
        Action::NotificationRead,
        Action::ManifestList,
        Action::ManifestRead,
        Action::ReportAdd,
        Action::ReportList,
        Action::ReportRead,
        Action::ScreenPerson,
        Action::ScreenDocument,
        Action::ScreenMrz,
        Action::ScreenBatch,
        Action::ScreenManifest,
        Action::ScreenPayment,
        Action::ScreenShipment,
        Action::ScreenConsole,
        Action::Match,
        Action::Search,
        Action::ScreenRetro,
        Action::UserAdd,
        Action::UserDisable,
        Action::UserEnable,
        Action::UserLanguage,
        Action::UserPassword,
        Action::UserSignIn,
        Action::UserSignInRefused,
        Action::UserSignOut,
    ];

    /// The action an entry's text names, if it names one.
    pub fn parse(text: &str) -> Option<Action> {
        Action::ALL
            .into_iter()
            .find(|action| action.as_str() == text)
    }

    /// The action's name as the log keeps it.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::AuthRefused => "auth.refused",
            Action::MemberAdd => "member.add",
            Action::MemberContact => "member.contact",
            Action::MemberRevoke => "member.revoke",
            Action::MemberTimeZone => "member.time_zone",
            Action::RecordRead => "record.read",
            Action::RecordList => "record.list",
            Action::RecordFind => "record.find",
            Action::RecordTerms => "record.terms",
            Action::RecordDelete => "record.delete",
            Action::RecordsImport => "records.import",
            Action::RecordsImportBegin => "records.import.begin",
            Action::RecordsImportDone => "records.import.done",
            Action::RecordsDocuments => "records.documents",
            Action::RecordsPurge => "records.purge",
            Action::RecordsRemove => "records.remove",
            Action::HitAdd => "hit.add",
            Action::HitStatus => "hit.status",
            Action::HitAnswer => "hit.answer",
            Action::HitList => "hit.list",
            Action::HitRead => "hit.read",
            Action::SuppressionRevoke => "suppression.revoke",
            Action::NotificationRead => "notification.read",
            Action::ManifestList => "manifest.list",
            Action::ManifestRead => "manifest.read",
            Action::ScreenPerson => "screen.person",
            Action::ScreenDocument => "screen.document",
            Action::ScreenMrz => "screen.mrz",
            Action::ScreenBatch => "screen.batch",
            Action::ScreenManifest => "screen.manifest",
            Action::ReportAdd => "report.add",
            Action::ReportList => "report.list",
            Action::ReportRead => "report.read",
            Action::ScreenPayment => "screen.payment",
            Action::ScreenShipment => "screen.shipment",
            Action::ScreenConsole => "screen.console",
            Action::Match => "match",
            Action::Search => "search",
            Action::ScreenRetro => "screen.retro",
            Action::UserAdd => "user.add",
            Action::UserDisable => "user.disable",
            Action::UserEnable => "user.enable",
            Action::UserLanguage => "user.language",
            Action::UserPassword => "user.password",
            Action::UserSignIn => "user.sign-in",
            Action::UserSignInRefused => "user.sign-in-refused",
            Action::UserSignOut => "user.sign-out",
        }
    }
}

impl std::fmt::Display for Action {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An audit entry: who did what to what at `at`, with the digest of `digested` (what the
/// action answered or wrote, never the thing itself).
pub fn entry(
    at: i64,
    actor: impl Into<String>,
    action: Action,
    subject: impl Into<String>,
    digested: &[u8],
) -> AuditEntry {
    AuditEntry {
        at,
        actor: actor.into(),
        action: action.to_string(),
        subject: subject.into(),
        digest: digest_of(digested),
    }
}

/// The audit entry of a page of a list read: which page, of how many, and a digest of the
/// ids shown.
pub fn page_read(
    at: i64,
    actor: impl Into<String>,
    action: Action,
    what: &str,
    (page, total): (usize, usize),
    ids: impl IntoIterator<Item = i64>,
) -> AuditEntry {
    let shown: Vec<String> = ids.into_iter().map(|id| id.to_string()).collect();
    entry(
        at,
        actor,
        action,
        format!("{what} page {page} of {total}"),
        shown.join(",").as_bytes(),
    )
}

/// The hash of an entry: SHA-256 over its fields, each length-prefixed so no two entries
/// can run together into the same bytes, and the previous entry's hash.
pub fn chain_hash(row: &AuditRow) -> String {
    let mut hasher = Sha256::new();
    let mut field = |bytes: &[u8]| {
        hasher.update((bytes.len() as u64).to_be_bytes());
        hasher.update(bytes);
    };
    field(row.previous.as_bytes());
    field(&row.seq.to_be_bytes());
    field(&row.at.to_be_bytes());
    field(row.actor.as_bytes());
    field(row.action.as_bytes());
    field(row.subject.as_bytes());
    field(row.digest.as_bytes());
    hex(&hasher.finalize())
}

/// What verification found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Every entry holds; the number of entries and the hash of the last (to keep).
    Intact { entries: i64, head: String },
    /// The first entry that does not hold, and how.
    Broken { seq: i64, problem: Problem },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// Its fields no longer give its hash.
    Changed,
    /// The entry with this number is gone.
    Removed,
    /// It does not follow the entry before it: something was inserted or removed there.
    OutOfChain,
    /// The head is not the head the caller kept.
    HeadDiffers,
}

impl std::fmt::Display for Verdict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Verdict::Intact { entries, head } => {
                write!(f, "audit log intact: {entries} entries, head {head}")
            }
            Verdict::Broken { seq, problem } => {
                let what = match problem {
                    Problem::Changed => "was changed",
                    Problem::Removed => "was removed",
                    Problem::OutOfChain => {
                        "does not follow the entry before it (an entry was inserted or removed)"
                    }
                    Problem::HeadDiffers => "is not the head that was kept",
                };
                write!(f, "audit entry {seq} {what}")
            }
        }
    }
}

/// Entries read at a time, so that a long log is verified in bounded memory.
const PAGE: i64 = 10_000;

/// Walks the whole chain; with `kept_head`, also checks that the chain still ends there
/// (or runs on past it).
pub fn verify(
    store: &(impl AuditLog + ?Sized),
    kept_head: Option<&str>,
) -> Result<Verdict, gatecheck_store::StoreError> {
    let mut previous = CHAIN_START.to_string();
    let mut expected_seq = 1;
    let mut kept_head_seen = kept_head.is_none();
    loop {
        let page = store.audit_entries(expected_seq, expected_seq + PAGE - 1)?;
        let last_page = (page.len() as i64) < PAGE;
        for row in page {
            if row.seq != expected_seq {
                return Ok(Verdict::Broken {
                    seq: expected_seq,
                    problem: Problem::Removed,
                });
            }
            // the link first: an entry that no longer follows its predecessor marks an
            // insertion or removal there, even if it was renumbered since
            if row.previous != previous {
                return Ok(Verdict::Broken {
                    seq: row.seq,
                    problem: Problem::OutOfChain,
                });
            }
            if chain_hash(&row) != row.hash {
                return Ok(Verdict::Broken {
                    seq: row.seq,
                    problem: Problem::Changed,
                });
            }
            kept_head_seen |= kept_head == Some(row.hash.as_str());
            previous = row.hash;
            expected_seq += 1;
        }
        if last_page {
            break;
        }
    }
    // an entry numbered beyond a gap at the end of a page is caught above; one after the
    // last entry read would be caught here
    let beyond = store.audit_entries(expected_seq, i64::MAX)?;
    if !beyond.is_empty() {
        return Ok(Verdict::Broken {
            seq: expected_seq,
            problem: Problem::Removed,
        });
    }
    if !kept_head_seen {
        return Ok(Verdict::Broken {
            seq: expected_seq - 1,
            problem: Problem::HeadDiffers,
        });
    }
    Ok(Verdict::Intact {
        entries: expected_seq - 1,
        head: previous,
    })
}

/// Checks a run of entries on its own, as an exported bundle holds it: each entry's hash,
/// its link to the one before (`previous` for the first), and unbroken numbering.
pub fn verify_run(rows: &[AuditRow], previous: &str) -> Verdict {
    let mut previous = previous.to_string();
    let first_seq = rows.first().map_or(1, |row| row.seq);
    for (expected_seq, row) in (first_seq..).zip(rows) {
        if row.seq != expected_seq {
            return Verdict::Broken {
                seq: expected_seq,
                problem: Problem::Removed,
            };
        }
        if row.previous != previous {
            return Verdict::Broken {
                seq: row.seq,
                problem: Problem::OutOfChain,
            };
        }
        if chain_hash(row) != row.hash {
            return Verdict::Broken {
                seq: row.seq,
                problem: Problem::Changed,
            };
        }
        previous = row.hash.clone();
    }
    Verdict::Intact {
        entries: rows.len() as i64,
        head: previous,
    }
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_has_its_own_name_and_reads_back_from_it() {
        let mut names: Vec<&str> = Action::ALL.iter().map(|action| action.as_str()).collect();
        for action in Action::ALL {
            assert_eq!(Action::parse(action.as_str()), Some(action));
        }
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Action::ALL.len());
        assert_eq!(Action::parse("member.added"), None);
    }
    use crate::members;
    use gatecheck_store::Store;

    /// A store with five audit entries (three members added, one revoked, one more added).
    fn store_with_log() -> (tempfile::TempDir, Store) {
        let directory = tempfile::tempdir().unwrap();
        let mut store = Store::open(directory.path()).unwrap();
        for (name, country) in [("a", "JOR"), ("b", "IRQ"), ("c", "LBN")] {
            members::add_member(&mut store, name, country, false, "cli:root", 10).unwrap();
        }
        members::revoke_member(&mut store, "b", "cli:root", 20).unwrap();
        members::add_member(&mut store, "d", "TUN", false, "cli:root", 30).unwrap();
        (directory, store)
    }

    fn broken(store: &Store) -> (i64, Problem) {
        match verify(store, None).unwrap() {
            Verdict::Broken { seq, problem } => (seq, problem),
            intact => panic!("tampering not found: {intact}"),
        }
    }

    #[test]
    fn an_untouched_log_verifies() {
        let (_directory, store) = store_with_log();
        match verify(&store, None).unwrap() {
            Verdict::Intact { entries, head } => {
                assert_eq!(entries, 5);
                assert_eq!(
                    verify(&store, Some(&head)).unwrap(),
                    Verdict::Intact { entries, head }
                );
            }
            broken => panic!("{broken}"),
        }
    }

    #[test]
    fn an_edited_entry_is_named() {
        let (_directory, store) = store_with_log();
        store
            .connection_for_tests()
            .execute("UPDATE audit SET actor = 'someone-else' WHERE seq = 3", [])
            .unwrap();
        assert_eq!(broken(&store), (3, Problem::Changed));
    }

    #[test]
    fn a_removed_entry_is_named() {
        let (_directory, store) = store_with_log();
        store
            .connection_for_tests()
            .execute("DELETE FROM audit WHERE seq = 2", [])
            .unwrap();
        assert_eq!(broken(&store), (2, Problem::Removed));
        // removing the last entries leaves a shorter chain that holds: only a kept head
        // shows it
        let (_directory, store) = store_with_log();
        let Verdict::Intact { head, .. } = verify(&store, None).unwrap() else {
            panic!()
        };
        store
            .connection_for_tests()
            .execute("DELETE FROM audit WHERE seq = 5", [])
            .unwrap();
        assert!(matches!(
            verify(&store, Some(&head)).unwrap(),
            Verdict::Broken {
                problem: Problem::HeadDiffers,
                ..
            }
        ));
    }

    #[test]
    fn an_inserted_entry_is_named_even_when_its_own_hash_is_right() {
        let (_directory, store) = store_with_log();
        let connection = store.connection_for_tests();
        // make room after entry 2 and insert a well-formed entry chained to entry 2
        connection
            .execute("UPDATE audit SET seq = seq + 100 WHERE seq > 2", [])
            .unwrap();
        connection
            .execute("UPDATE audit SET seq = seq - 99 WHERE seq > 100", [])
            .unwrap();
        let second = &store.audit_entries(2, 2).unwrap()[0];
        let mut forged = AuditRow {
            seq: 3,
            at: 15,
            actor: "cli:root".into(),
            action: crate::audit::Action::MemberAdd.to_string(),
            subject: "member forged".into(),
            digest: digest_of(b"forged"),
            previous: second.hash.clone(),
            hash: String::new(),
        };
        forged.hash = chain_hash(&forged);
        connection
            .execute(
                "INSERT INTO audit (seq, at, actor, action, subject, digest, previous, hash)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                rusqlite_params(&forged),
            )
            .unwrap();
        assert_eq!(broken(&store), (4, Problem::OutOfChain));
    }

    fn rusqlite_params(row: &AuditRow) -> [&dyn gatecheck_store::ToSql; 8] {
        [
            &row.seq,
            &row.at,
            &row.actor,
            &row.action,
            &row.subject,
            &row.digest,
            &row.previous,
            &row.hash,
        ]
    }
}
