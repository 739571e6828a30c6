//! Members (agencies with credentials) and their API keys. A key is shown once, when made;
//! the store keeps only a SHA-256 hash of its secret, compared in constant time. A key has
//! the form `gck_<member id>_<64 hex digits>`: the id finds the member without a search by
//! secret, so no comparison of secrets can leak timing about other members' keys.

use crate::audit;
use crate::audit::hex;
use crate::ServiceError;
use gatecheck_store::concepts::Members;
use gatecheck_store::{MemberRow, NewMember};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// An API key, as given to its member once. Not `Debug`, so it cannot slip into a log.
pub struct ApiKey(String);

impl ApiKey {
    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// A member as the service shows it: no key material.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    pub id: i64,
    pub name: String,
    pub country: String,
    pub admin: bool,
    pub created_at: i64,
    pub revoked_at: Option<i64>,
    /// How officers of other members reach it about a hit; empty when not given.
    pub contact: String,
    /// The IANA time zone its officers work in; empty when not given (UTC only).
    pub time_zone: String,
}

impl Member {
    /// How the member is named in the audit log and a hit's history when it acts by its
    /// key (its users are `member:<name>/user:<name>`, see `User::actor`).
    pub fn actor(&self) -> String {
        format!("member:{}", self.name)
    }
}

impl From<MemberRow> for Member {
    fn from(row: MemberRow) -> Member {
        Member {
            id: row.id,
            name: row.name,
            country: row.country,
            admin: row.admin,
            created_at: row.created_at,
            revoked_at: row.revoked_at,
            contact: row.contact,
            time_zone: row.time_zone,
        }
    }
}

const KEY_PREFIX: &str = "gck_";
const SECRET_BYTES: usize = 32;
const MAX_NAME_CHARS: usize = 64;

/// Adds a member and makes its key. `actor` is who did it (an operator at the command line
/// or an administrator member).
pub fn add_member(
    store: &mut (impl Members + ?Sized),
    name: &str,
    country: &str,
    admin: bool,
    actor: &str,
    now: i64,
) -> Result<(Member, ApiKey), ServiceError> {
    check_name(name)?;
    check_country(country)?;
    let mut secret = [0u8; SECRET_BYTES];
    getrandom::fill(&mut secret).map_err(|error| ServiceError::Randomness(error.to_string()))?;
    let secret_hex = hex(&secret);
    let key_hash = secret_hash(&secret_hex);
    let entry = audit::entry(
        now,
        actor,
        crate::audit::Action::MemberAdd,
        format!("member {name}"),
        format!("{name}\n{country}\n{admin}").as_bytes(),
    );
    let row = store.add_member(
        &NewMember {
            name,
            country,
            admin,
            key_hash: &key_hash,
            created_at: now,
        },
        &entry,
        &audit::chain_hash,
    )?;
    let key = ApiKey(format!("{KEY_PREFIX}{}_{secret_hex}", row.id));
    Ok((Member::from(row), key))
}

/// Every member, revoked ones included.
/// The member named `name`, unless there is none or it was revoked.
pub fn active_member(store: &(impl Members + ?Sized), name: &str) -> Result<Member, ServiceError> {
    store
        .member_by_name(name)?
        .filter(|row| row.revoked_at.is_none())
        .map(Member::from)
        .ok_or_else(|| ServiceError::Invalid {
            field: "member",
            reason: format!("no active member {name:?}"),
        })
}

pub fn list_members(store: &(impl Members + ?Sized)) -> Result<Vec<Member>, ServiceError> {
    Ok(store.members()?.into_iter().map(Member::from).collect())
}

/// The most characters of a member's contact.
const MAX_CONTACT_CHARS: usize = 300;

/// Sets how officers of other members reach `name` about a hit on its records (shown with
/// the record's action, and to members the record is withheld from).
pub fn set_contact(
    store: &mut (impl Members + ?Sized),
    name: &str,
    contact: &str,
    actor: &str,
    now: i64,
) -> Result<(), ServiceError> {
    let contact = contact.trim();
    if contact.chars().count() > MAX_CONTACT_CHARS || contact.chars().any(char::is_control) {
        return Err(ServiceError::Invalid {
            field: "contact",
            reason: format!("at most {MAX_CONTACT_CHARS} characters on one line"),
        });
    }
    let entry = audit::entry(
        now,
        actor,
        crate::audit::Action::MemberContact,
        format!("member {name}"),
        contact.as_bytes(),
    );
    store.set_member_contact(name, contact, &entry, &audit::chain_hash)?;
    Ok(())
}

/// Sets the time zone `name`'s officers work in (an IANA name such as `Asia/Baghdad`; empty
/// for UTC only): the console shows its times in that zone beside UTC. A name the time
/// zone database does not know is refused.
pub fn set_time_zone(
    store: &mut (impl Members + ?Sized),
    name: &str,
    time_zone: &str,
    actor: &str,
    now: i64,
) -> Result<(), ServiceError> {
    let time_zone = time_zone.trim();
    if !time_zone.is_empty() && !crate::dates::known_time_zone(time_zone) {
        return Err(ServiceError::Invalid {
            field: "time_zone",
            reason: format!(
                "{time_zone:?} is not a time zone of the IANA database (such as Asia/Baghdad)"
            ),
        });
    }
    let entry = audit::entry(
        now,
        actor,
        crate::audit::Action::MemberTimeZone,
        format!("member {name}"),
        time_zone.as_bytes(),
    );
    store.set_member_time_zone(name, time_zone, &entry, &audit::chain_hash)?;
    Ok(())
}

/// Revokes a member's key: every later call with it is refused.
pub fn revoke_member(
    store: &mut (impl Members + ?Sized),
    name: &str,
    actor: &str,
    now: i64,
) -> Result<(), ServiceError> {
    let entry = audit::entry(
        now,
        actor,
        crate::audit::Action::MemberRevoke,
        format!("member {name}"),
        name.as_bytes(),
    );
    store.revoke_member(name, now, &entry, &audit::chain_hash)?;
    Ok(())
}

/// The member a key belongs to, if the key is well formed, matches, and is not revoked.
/// Every failure is the same error, so a caller learns nothing about which part failed.
pub fn authenticate(store: &(impl Members + ?Sized), key: &str) -> Result<Member, ServiceError> {
    let id = claimed_member(key).ok_or(ServiceError::Unauthenticated)?;
    authenticate_as(store.member_by_id(id)?.as_ref(), key)
}

/// [`authenticate`] with the member the key claims (by [`claimed_member`]) already read:
/// `row`, or none if there is no such member.
pub fn authenticate_as(row: Option<&MemberRow>, key: &str) -> Result<Member, ServiceError> {
    let (id, secret_hex) = parse_key(key).ok_or(ServiceError::Unauthenticated)?;
    let row = row
        .filter(|row| row.id == id)
        .ok_or(ServiceError::Unauthenticated)?;
    let presented = secret_hash(secret_hex);
    let matches: bool = presented.ct_eq(row.key_hash.as_slice()).into();
    if !matches || row.revoked_at.is_some() {
        return Err(ServiceError::Unauthenticated);
    }
    Ok(Member::from(row.clone()))
}

/// The member id a key claims to be of, if it is shaped like a key (its secret may still be
/// wrong): what a refused request is recorded under, never the secret.
pub fn claimed_member(key: &str) -> Option<i64> {
    parse_key(key).map(|(id, _)| id)
}

/// A key in its one canonical form, `gck_<id>_<64 lowercase hex>`, the id written as
/// `members::add_member` writes it (digits, no sign, no leading zero): `gck_01_…` or
/// `gck_+1_…` name member 1 too when parsed as numbers, so they are refused, as is
/// every other spelling of a key that was never issued.
fn parse_key(key: &str) -> Option<(i64, &str)> {
    let rest = key.strip_prefix(KEY_PREFIX)?;
    let (id_text, secret) = rest.split_once('_')?;
    let canonical_id = !id_text.is_empty()
        && id_text.len() <= 18
        && id_text.bytes().all(|b| b.is_ascii_digit())
        && !(id_text.len() > 1 && id_text.starts_with('0'));
    if !canonical_id {
        return None;
    }
    let id: i64 = id_text.parse().ok()?;
    let well_formed = secret.len() == SECRET_BYTES * 2
        && secret
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    well_formed.then_some((id, secret))
}

fn secret_hash(secret_hex: &str) -> [u8; 32] {
    Sha256::digest(secret_hex.as_bytes()).into()
}

fn check_name(name: &str) -> Result<(), ServiceError> {
    let invalid = |reason: &str| ServiceError::Invalid {
        field: "name",
        reason: reason.to_string(),
    };
    if name.is_empty() || name.chars().count() > MAX_NAME_CHARS {
        return Err(invalid(&format!(
            "must be 1 to {MAX_NAME_CHARS} characters"
        )));
    }
    if !name
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
    {
        return Err(invalid("may hold only letters, digits, '-', '_' and '.'"));
    }
    Ok(())
}

/// A country as ICAO Doc 9303 codes it: one to three capital letters (`JOR`, `D`, `GBD`).
fn check_country(country: &str) -> Result<(), ServiceError> {
    let valid = (1..=3).contains(&country.len()) && country.bytes().all(|b| b.is_ascii_uppercase());
    if valid {
        Ok(())
    } else {
        Err(ServiceError::Invalid {
            field: "country",
            reason: format!(
                "{country:?} is not an ICAO country code (one to three capital letters)"
            ),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use gatecheck_store::Store;

    fn store() -> (tempfile::TempDir, Store) {
        let directory = tempfile::tempdir().unwrap();
        let store = Store::open(directory.path()).unwrap();
        (directory, store)
    }

    #[test]
    fn a_new_key_authenticates_its_member_until_revoked() {
        let (_directory, mut store) = store();
        let (member, key) =
            add_member(&mut store, "iraq-nsa", "IRQ", false, "cli:root", 100).unwrap();
        assert!(key.expose().starts_with(&format!("gck_{}_", member.id)));
        assert_eq!(authenticate(&store, key.expose()).unwrap().name, "iraq-nsa");
        revoke_member(&mut store, "iraq-nsa", "cli:root", 200).unwrap();
        assert!(matches!(
            authenticate(&store, key.expose()),
            Err(ServiceError::Unauthenticated)
        ));
    }

    #[test]
    fn the_key_is_not_stored_only_its_hash() {
        let (_directory, mut store) = store();
        let (_, key) = add_member(&mut store, "kw-moi", "KWT", true, "cli:root", 100).unwrap();
        let secret = key.expose().rsplit('_').next().unwrap().to_string();
        let row = &store.members().unwrap()[0];
        assert_eq!(row.key_hash.len(), 32);
        assert!(!hex(&row.key_hash).contains(&secret));
        let log = store.audit_entries(1, i64::MAX).unwrap();
        assert!(log
            .iter()
            .all(|entry| !format!("{entry:?}").contains(&secret)));
    }

    #[test]
    fn wrong_malformed_and_foreign_keys_are_refused_alike() {
        let (_directory, mut store) = store();
        let (first, first_key) = add_member(&mut store, "a", "JOR", false, "cli:root", 1).unwrap();
        let (second, _) = add_member(&mut store, "b", "LBN", false, "cli:root", 1).unwrap();
        let secret = first_key.expose().rsplit('_').next().unwrap();
        let flipped = format!(
            "gck_{}_{}",
            first.id,
            secret.replace(&secret[..1], if &secret[..1] == "0" { "1" } else { "0" })
        );
        let cases = [
            String::new(),
            "Bearer x".to_string(),
            format!("gck_{}_{}", first.id, &secret[..10]),
            format!("gck_{}_{}", second.id, secret),
            format!("gck_999_{secret}"),
            format!("gck_{}_{}", first.id, secret.to_uppercase()),
            flipped,
            // issue 13: other spellings of the id named member 1 too
            format!("gck_0{}_{secret}", first.id),
            format!("gck_+{}_{secret}", first.id),
            format!("gck_00{}_{secret}", first.id),
            format!("gck_ {}_{secret}", first.id),
        ];
        for key in cases {
            assert!(
                matches!(
                    authenticate(&store, &key),
                    Err(ServiceError::Unauthenticated)
                ),
                "{key}"
            );
        }
    }

    #[test]
    fn bad_names_and_countries_are_refused_with_the_field() {
        let (_directory, mut store) = store();
        for (name, country, field) in [
            ("", "JOR", "name"),
            ("has space", "JOR", "name"),
            (&"x".repeat(65), "JOR", "name"),
            ("ok", "jor", "country"),
            ("ok", "JORD", "country"),
            ("ok", "", "country"),
        ] {
            match add_member(&mut store, name, country, false, "cli:root", 1) {
                Err(ServiceError::Invalid { field: got, .. }) => assert_eq!(got, field),
                other => panic!("{name:?} {country:?}: {:?}", other.map(|(m, _)| m)),
            }
        }
        // Arabic names are names too
        assert!(add_member(&mut store, "الأمن_العام", "JOR", false, "cli:root", 1).is_ok());
        assert!(store.members().unwrap().len() == 1);
    }
}
