//! The console's people: users of a member (officer, supervisor, administrator) who sign in
//! with a password, and their sessions. A password is kept only as an Argon2id hash (memory
//! hard, OWASP's parameters); a session token only as a SHA-256 hash, compared by the
//! database's key lookup on the hash, never on the secret. A form's CSRF token is derived
//! from the session token, so a page from elsewhere cannot know it.

use crate::audit::{self, hex};
use crate::members::Member;
use crate::ServiceError;
use gatecheck_store::concepts::Backend;
use gatecheck_store::{AuditEntry, NewUser, UserRow};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// What a user may do: officers screen and adjudicate their member's hits; supervisors also
/// keep their member's records; administrators also manage users.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    Officer,
    Supervisor,
    Administrator,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Officer, Role::Supervisor, Role::Administrator];

    pub fn code(self) -> &'static str {
        match self {
            Role::Officer => "officer",
            Role::Supervisor => "supervisor",
            Role::Administrator => "administrator",
        }
    }

    pub fn from_code(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|role| role.code() == code)
    }
}

/// The languages of the console, on equal footing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    English,
    Arabic,
}

impl Language {
    pub const ALL: [Language; 2] = [Language::English, Language::Arabic];

    pub fn code(self) -> &'static str {
        match self {
            Language::English => "en",
            Language::Arabic => "ar",
        }
    }

    pub fn from_code(code: &str) -> Option<Language> {
        Language::ALL
            .into_iter()
            .find(|language| language.code() == code)
    }
}

/// A console user as the service shows it: no password material.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: i64,
    pub name: String,
    pub member: Member,
    pub role: Role,
    pub language: Language,
}

impl User {
    /// How the user is named in the audit log and a hit's history.
    pub fn actor(&self) -> String {
        format!("{}/user:{}", self.member.actor(), self.name)
    }

    /// Whether the user changes the member's records (supervisors and administrators).
    pub fn keeps_records(&self) -> bool {
        self.role >= Role::Supervisor
    }

    /// Refuses a change of the member's records by a user who does not keep them.
    pub fn must_keep_records(&self) -> Result<(), ServiceError> {
        if self.keeps_records() {
            Ok(())
        } else {
            Err(ServiceError::Forbidden(
                "only a supervisor changes the member's records".to_string(),
            ))
        }
    }
}

/// A session's secret token, as set in the browser's cookie. Not `Debug`, so it cannot slip
/// into a log.
pub struct SessionToken(String);

impl SessionToken {
    pub fn from_cookie(value: &str) -> SessionToken {
        SessionToken(value.to_string())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }

    fn hash(&self) -> Vec<u8> {
        Sha256::digest(self.0.as_bytes()).to_vec()
    }

    /// The CSRF token of the session's forms: derived from the token, so a page on another
    /// site, which cannot read the cookie, cannot know it.
    pub fn csrf(&self) -> String {
        let mut hasher = Sha256::new();
        hasher.update(b"gatecheck console csrf\0");
        hasher.update(self.0.as_bytes());
        hex(&hasher.finalize())
    }

    /// Whether `presented` is the session's CSRF token, compared in constant time.
    pub fn csrf_matches(&self, presented: &str) -> bool {
        self.csrf().as_bytes().ct_eq(presented.as_bytes()).into()
    }
}

/// A session in use: its user and when it started.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub user: User,
    pub started_at: i64,
}

/// A session ends after this long without a request.
pub const SESSION_IDLE_SECONDS: i64 = 30 * 60;
/// A session ends this long after sign-in however busy (a shift).
pub const SESSION_LONGEST_SECONDS: i64 = 12 * 60 * 60;
/// A session's last use is written at most this often.
const SESSION_TOUCH_SECONDS: i64 = 60;

const MIN_PASSWORD_CHARS: usize = 12;
const MAX_PASSWORD_BYTES: usize = 1024;
const MAX_USER_NAME_CHARS: usize = 64;
const SALT_BYTES: usize = 16;
const TOKEN_BYTES: usize = 32;

/// Argon2id with OWASP's recommended cost (19 MiB, two passes, one lane).
const PASSWORD_MEMORY_KIB: u32 = 19 * 1024;
const PASSWORD_PASSES: u32 = 2;
const PASSWORD_LANES: u32 = 1;
const PASSWORD_HASH_BYTES: usize = 32;

fn password_params() -> String {
    format!("argon2id v19 m={PASSWORD_MEMORY_KIB} t={PASSWORD_PASSES} p={PASSWORD_LANES}")
}

/// The Argon2id hash of `password` with `salt` under `params` (as [`password_params`]
/// writes them).
fn password_hash(password: &str, salt: &[u8], params: &str) -> Result<Vec<u8>, ServiceError> {
    let unreadable = || ServiceError::Invalid {
        field: "password_params",
        reason: format!("{params:?} is not a known password hash"),
    };
    let mut fields = params.split(' ');
    if fields.next() != Some("argon2id") || fields.next() != Some("v19") {
        return Err(unreadable());
    }
    let mut cost = [0u32; 3];
    for (slot, prefix) in cost.iter_mut().zip(["m=", "t=", "p="]) {
        *slot = fields
            .next()
            .and_then(|field| field.strip_prefix(prefix))
            .and_then(|value| value.parse().ok())
            .ok_or_else(unreadable)?;
    }
    let params = argon2::Params::new(cost[0], cost[1], cost[2], Some(PASSWORD_HASH_BYTES))
        .map_err(|_| unreadable())?;
    let hasher = argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
    let mut out = vec![0u8; PASSWORD_HASH_BYTES];
    hasher
        .hash_password_into(password.as_bytes(), salt, &mut out)
        .map_err(|error| ServiceError::Invalid {
            field: "password",
            reason: error.to_string(),
        })?;
    Ok(out)
}

fn random_bytes<const N: usize>() -> Result<[u8; N], ServiceError> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).map_err(|error| ServiceError::Randomness(error.to_string()))?;
    Ok(bytes)
}

fn check_user_name(name: &str) -> Result<(), ServiceError> {
    let fine = |c: char| c.is_alphanumeric() || matches!(c, '.' | '_' | '-' | '@');
    let count = name.chars().count();
    if count == 0 || count > MAX_USER_NAME_CHARS || !name.chars().all(fine) {
        return Err(ServiceError::Invalid {
            field: "name",
            reason: format!(
                "1 to {MAX_USER_NAME_CHARS} letters, digits, '.', '_', '-' or '@', not {name:?}"
            ),
        });
    }
    Ok(())
}

/// Whether a password is acceptable: long enough (length beats composition rules, as
/// NIST SP 800-63B says), bounded, and not the user's own name.
pub fn check_password(name: &str, password: &str) -> Result<(), ServiceError> {
    let chars = password.chars().count();
    if chars < MIN_PASSWORD_CHARS || password.len() > MAX_PASSWORD_BYTES {
        return Err(ServiceError::Invalid {
            field: "password",
            reason: format!(
                "{MIN_PASSWORD_CHARS} characters at least, {MAX_PASSWORD_BYTES} bytes at most"
            ),
        });
    }
    if password.trim().eq_ignore_ascii_case(name) {
        return Err(ServiceError::Invalid {
            field: "password",
            reason: "must not be the user's name".to_string(),
        });
    }
    Ok(())
}

fn user_from_row(store: &dyn Backend, row: UserRow) -> Result<User, ServiceError> {
    let member = store
        .member_by_id(row.member)?
        .map(Member::from)
        .ok_or_else(|| ServiceError::not_found("member", row.member))?;
    let bad = |field: &'static str, value: &str| ServiceError::Invalid {
        field,
        reason: format!("user {} holds {value:?}", row.name),
    };
    Ok(User {
        id: row.id,
        role: Role::from_code(&row.role).ok_or_else(|| bad("role", &row.role))?,
        language: Language::from_code(&row.language)
            .ok_or_else(|| bad("language", &row.language))?,
        name: row.name,
        member,
    })
}

/// A console user to be added.
#[derive(Clone, Copy)]
pub struct UserSpec<'a> {
    pub name: &'a str,
    pub password: &'a str,
    pub role: Role,
    pub language: Language,
}

/// Adds a console user to a member. `actor` is who did it.
pub fn add_user(
    store: &mut dyn Backend,
    member: &Member,
    spec: UserSpec<'_>,
    actor: &str,
    now: i64,
) -> Result<User, ServiceError> {
    let UserSpec {
        name,
        password,
        role,
        language,
    } = spec;
    check_user_name(name)?;
    check_password(name, password)?;
    if member.revoked_at.is_some() {
        return Err(ServiceError::Invalid {
            field: "member",
            reason: format!("member {:?} is revoked", member.name),
        });
    }
    let salt: [u8; SALT_BYTES] = random_bytes()?;
    let params = password_params();
    let hash = password_hash(password, &salt, &params)?;
    let entry = audit::entry(
        now,
        actor,
        crate::audit::Action::UserAdd,
        format!("user {name}"),
        format!(
            "{name}\n{}\n{}\n{}",
            member.name,
            role.code(),
            language.code()
        )
        .as_bytes(),
    );
    let row = store.add_user(
        &NewUser {
            member: member.id,
            name,
            role: role.code(),
            language: language.code(),
            password_salt: &salt,
            password_hash: &hash,
            password_params: &params,
            created_at: now,
        },
        &entry,
        &audit::chain_hash,
    )?;
    user_from_row(store, row)
}

/// Adds a user to `admin`'s own member: administrators only.
pub fn add_user_by(
    store: &mut dyn Backend,
    admin: &User,
    spec: UserSpec<'_>,
    now: i64,
) -> Result<User, ServiceError> {
    if admin.role != Role::Administrator {
        return Err(ServiceError::Forbidden(
            "only an administrator manages the member's users".to_string(),
        ));
    }
    add_user(store, &admin.member, spec, &admin.actor(), now)
}

/// Disables a user of `admin`'s own member (not the administrator itself): it can no
/// longer sign in, and its sessions end. Administrators only.
pub fn disable_user(
    store: &mut dyn Backend,
    admin: &User,
    name: &str,
    now: i64,
) -> Result<(), ServiceError> {
    let id = managed_user(store, admin, name, true)?;
    if id == admin.id {
        return Err(ServiceError::Invalid {
            field: "name",
            reason: "an administrator does not disable itself".to_string(),
        });
    }
    disable(store, id, name, &admin.actor(), now)
}

/// Disables the user `name` of any member, or of `member` when named, as the operator of
/// the machine (`gatecheck user disable`).
pub fn disable_user_named(
    store: &mut dyn Backend,
    name: &str,
    member: Option<&str>,
    actor: &str,
    now: i64,
) -> Result<(), ServiceError> {
    let id = user_named(store, name, member, true)?;
    disable(store, id, name, actor, now)
}

/// The id of the user `name` (of `member` when named), active or disabled as `active`
/// says; any other is refused, naming what was looked for.
fn user_named(
    store: &dyn Backend,
    name: &str,
    member: Option<&str>,
    active: bool,
) -> Result<i64, ServiceError> {
    let state = if active { "active" } else { "disabled" };
    let of_member = member.map_or(String::new(), |member| format!(" of member {member}"));
    let refused = || ServiceError::Invalid {
        field: "name",
        reason: format!("no {state} user {name:?}{of_member}"),
    };
    let row = store
        .user_by_name(name)?
        .filter(|row| row.disabled_at.is_none() == active)
        .ok_or_else(refused)?;
    if let Some(member) = member {
        let owner = store.member_by_id(row.member)?;
        if owner.is_none_or(|owner| owner.name != member) {
            return Err(refused());
        }
    }
    Ok(row.id)
}

fn disable(
    store: &mut dyn Backend,
    id: i64,
    name: &str,
    actor: &str,
    now: i64,
) -> Result<(), ServiceError> {
    let entry = user_entry(crate::audit::Action::UserDisable, name, actor, now);
    store.disable_user(id, now, &entry, &audit::chain_hash)?;
    Ok(())
}

/// The audit entry of an administrator's act on the user `name`.
fn user_entry(action: crate::audit::Action, name: &str, actor: &str, now: i64) -> AuditEntry {
    audit::entry(now, actor, action, format!("user {name}"), name.as_bytes())
}

/// Enables again a disabled user of `admin`'s own member: it signs in anew (the sessions
/// it had stay ended). Administrators only.
pub fn enable_user(
    store: &mut dyn Backend,
    admin: &User,
    name: &str,
    now: i64,
) -> Result<(), ServiceError> {
    let id = managed_user(store, admin, name, false)?;
    enable(store, id, name, &admin.actor(), now)
}

/// The id of the user `name` of `admin`'s own member, active or disabled as `active`
/// says, for an administrator to manage; a user of another member, or in the other state,
/// is refused as none.
fn managed_user(
    store: &dyn Backend,
    admin: &User,
    name: &str,
    active: bool,
) -> Result<i64, ServiceError> {
    if admin.role != Role::Administrator {
        return Err(ServiceError::Forbidden(
            "only an administrator manages the member's users".to_string(),
        ));
    }
    let state = if active { "active" } else { "disabled" };
    store
        .user_by_name(name)?
        .filter(|row| row.member == admin.member.id && row.disabled_at.is_none() == active)
        .map(|row| row.id)
        .ok_or_else(|| ServiceError::Invalid {
            field: "name",
            reason: format!("no {state} user {name:?} of member {}", admin.member.name),
        })
}

/// Enables again the disabled user `name` of any member, or of `member` when named, as the
/// operator of the machine (`gatecheck user enable`).
pub fn enable_user_named(
    store: &mut dyn Backend,
    name: &str,
    member: Option<&str>,
    actor: &str,
    now: i64,
) -> Result<(), ServiceError> {
    let id = user_named(store, name, member, false)?;
    enable(store, id, name, actor, now)
}

fn enable(
    store: &mut dyn Backend,
    id: i64,
    name: &str,
    actor: &str,
    now: i64,
) -> Result<(), ServiceError> {
    let entry = user_entry(crate::audit::Action::UserEnable, name, actor, now);
    store.enable_user(id, &entry, &audit::chain_hash)?;
    Ok(())
}

/// Changes `user`'s own password once `current` is checked ([`check_credentials`], on any
/// connection); its other sessions end, the one in use (`token`) goes on.
pub fn change_password(
    store: &mut dyn Backend,
    user: &User,
    token: &SessionToken,
    new_password: &str,
    now: i64,
) -> Result<(), ServiceError> {
    check_password(&user.name, new_password)?;
    let salt: [u8; SALT_BYTES] = random_bytes()?;
    let params = password_params();
    let hash = password_hash(new_password, &salt, &params)?;
    let entry = audit::entry(
        now,
        user.actor(),
        crate::audit::Action::UserPassword,
        format!("user {}", user.name),
        &token.hash(),
    );
    store.set_user_password(
        user.id,
        &salt,
        &hash,
        &params,
        &token.hash(),
        &entry,
        &audit::chain_hash,
    )?;
    Ok(())
}

/// Whether a user may be shown the administration of users.
pub fn may_manage_users(user: &User) -> bool {
    user.role == Role::Administrator
}

/// Sets the time zone of `admin`'s member's officers (see [`crate::members::set_time_zone`]):
/// only an administrator of the member may, as for its users.
pub fn set_time_zone_by(
    store: &mut dyn Backend,
    admin: &User,
    time_zone: &str,
    now: i64,
) -> Result<(), ServiceError> {
    if !may_manage_users(admin) {
        return Err(ServiceError::Forbidden(
            "only an administrator sets the member's time zone".to_string(),
        ));
    }
    crate::members::set_time_zone(store, &admin.member.name, time_zone, &admin.actor(), now)
}

/// A member's users with whether each is disabled.
pub fn users_with_state(
    store: &dyn Backend,
    member: &Member,
) -> Result<Vec<(User, bool)>, ServiceError> {
    store
        .users_of(member.id)?
        .into_iter()
        .map(|row| {
            let disabled = row.disabled_at.is_some();
            Ok((user_from_row(store, row)?, disabled))
        })
        .collect()
}

/// The users of a member.
pub fn users_of(store: &dyn Backend, member: &Member) -> Result<Vec<User>, ServiceError> {
    store
        .users_of(member.id)?
        .into_iter()
        .map(|row| user_from_row(store, row))
        .collect()
}

/// Signs a user in: a new session when the name and password match an active user of an
/// active member ([`check_credentials`], then [`start_session`] or [`refuse_sign_in`]).
pub fn sign_in(
    store: &mut dyn Backend,
    name: &str,
    password: &str,
    now: i64,
) -> Result<(User, SessionToken), ServiceError> {
    match check_credentials(store, name, password)? {
        Some(user) => {
            let token = start_session(store, &user, now)?;
            Ok((user, token))
        }
        None => {
            refuse_sign_in(store, name, now)?;
            Err(ServiceError::Unauthenticated)
        }
    }
}

/// The user a name and password open, if any: an active user of an active member whose
/// password hash matches. Reads only, so it can run on a read-only connection while the
/// writer goes on (hashing is slow by design). Every failure is the same `None` and takes
/// as long (an unknown name is hashed against a stand-in), so a caller learns nothing of
/// which part failed.
pub fn check_credentials(
    store: &dyn Backend,
    name: &str,
    password: &str,
) -> Result<Option<User>, ServiceError> {
    let bounded =
        name.chars().count() <= MAX_USER_NAME_CHARS && password.len() <= MAX_PASSWORD_BYTES;
    if !bounded {
        return Ok(None);
    }
    let row = store.user_by_name(name)?;
    let (salt, expected, params) = match &row {
        Some(row) => (
            row.password_salt.clone(),
            row.password_hash.clone(),
            row.password_params.clone(),
        ),
        None => (
            vec![0u8; SALT_BYTES],
            vec![0u8; PASSWORD_HASH_BYTES],
            password_params(),
        ),
    };
    let presented = password_hash(password, &salt, &params)?;
    let matches: bool = presented.ct_eq(&expected).into();
    let user = match row {
        Some(row) if matches && row.disabled_at.is_none() => Some(user_from_row(store, row)?),
        _ => None,
    };
    Ok(user.filter(|user| user.member.revoked_at.is_none()))
}

/// Refused sign-ins of a user name within this many seconds ...
pub const REFUSALS_WINDOW_SECONDS: i64 = 15 * 60;

/// ... after which further tries of that name are refused unheard until fewer are.
pub const REFUSALS_ALLOWED: usize = 5;

/// Whether sign-ins as `name` are refused unheard: [`REFUSALS_ALLOWED`] refused in the
/// last [`REFUSALS_WINDOW_SECONDS`] since its last sign-in. Counted from the audit log,
/// where each refusal is written ([`refuse_sign_in`]), so every node of a store counts
/// the same, and a restart forgets none.
pub fn sign_in_throttled(store: &dyn Backend, name: &str, now: i64) -> Result<bool, ServiceError> {
    let name: String = name.chars().take(MAX_USER_NAME_CHARS).collect();
    let entries = store.audit_entries_about_since(
        &format!("user {name}"),
        now - REFUSALS_WINDOW_SECONDS,
        // past this many entries of the window the count is reached whatever they are
        4 * REFUSALS_ALLOWED,
    )?;
    let (signed_in, refused) = (
        crate::audit::Action::UserSignIn.to_string(),
        crate::audit::Action::UserSignInRefused.to_string(),
    );
    let after_sign_in = entries
        .iter()
        .rposition(|entry| entry.action == signed_in)
        .map_or(0, |at| at + 1);
    let refusals = entries[after_sign_in..]
        .iter()
        .filter(|entry| entry.action == refused)
        .count();
    Ok(refusals >= REFUSALS_ALLOWED)
}

/// Records a refused sign-in in the audit log (the name tried, never the password).
pub fn refuse_sign_in(store: &mut dyn Backend, name: &str, now: i64) -> Result<(), ServiceError> {
    let name: String = name.chars().take(MAX_USER_NAME_CHARS).collect();
    store.append_audit(
        &audit::entry(
            now,
            format!("console:{name}"),
            crate::audit::Action::UserSignInRefused,
            format!("user {name}"),
            name.as_bytes(),
        ),
        &audit::chain_hash,
    )?;
    Ok(())
}

/// Starts a session for a user whose credentials were checked, audited.
pub fn start_session(
    store: &mut dyn Backend,
    user: &User,
    now: i64,
) -> Result<SessionToken, ServiceError> {
    let token = SessionToken(hex(&random_bytes::<TOKEN_BYTES>()?));
    let entry = AuditEntry {
        at: now,
        actor: user.actor(),
        action: crate::audit::Action::UserSignIn.to_string(),
        subject: format!("user {}", user.name),
        // the session is named by a digest of its token's hash, never the token
        digest: audit::digest_of(&token.hash()),
    };
    store.add_session(&token.hash(), user.id, now, &entry, &audit::chain_hash)?;
    Ok(token)
}

/// A random token for a form shown before sign-in (kept in a cookie and in the form, and
/// compared when the form comes back), so that another site cannot sign a browser in.
pub fn form_token() -> Result<String, ServiceError> {
    Ok(hex(&random_bytes::<TOKEN_BYTES>()?))
}

/// Who made a request of a session: the officer (a page opened, a form sent), which keeps
/// the session alive, or the page's own polling in the background, which does not (else
/// an open queue would keep a session alive for ever).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionUse {
    Officer,
    Background,
}

/// Whether `value` is as [`form_token`] makes them (a browser's cookie is kept only then).
pub fn is_form_token(value: &str) -> bool {
    value.len() == 2 * TOKEN_BYTES
        && value
            .bytes()
            .all(|byte| byte.is_ascii_digit() || (b'a'..=b'f').contains(&byte))
}

/// The session a token opens, if it is in use and has not expired. An expired session is
/// removed; one used by the officer has its last use noted (at most once a minute), one
/// used in the background does not.
pub fn session(
    store: &mut dyn Backend,
    token: &SessionToken,
    now: i64,
    used_by: SessionUse,
) -> Result<Session, ServiceError> {
    let hash = token.hash();
    let row = store.session(&hash)?.ok_or(ServiceError::Unauthenticated)?;
    let expired = now - row.last_seen > SESSION_IDLE_SECONDS
        || now - row.created_at > SESSION_LONGEST_SECONDS;
    if expired {
        store.end_session(&hash, None, &audit::chain_hash)?;
        return Err(ServiceError::Unauthenticated);
    }
    let started_at = row.created_at;
    let last_seen = row.last_seen;
    let user = user_from_row(store, row.user.clone())?;
    if row.user.disabled_at.is_some() || user.member.revoked_at.is_some() {
        store.end_session(&hash, None, &audit::chain_hash)?;
        return Err(ServiceError::Unauthenticated);
    }
    if used_by == SessionUse::Officer && now - last_seen >= SESSION_TOUCH_SECONDS {
        store.touch_session(&hash, now)?;
    }
    Ok(Session { user, started_at })
}

/// Ends a session (signing out), audited.
pub fn sign_out(
    store: &mut dyn Backend,
    user: &User,
    token: &SessionToken,
    now: i64,
) -> Result<(), ServiceError> {
    let entry = audit::entry(
        now,
        user.actor(),
        crate::audit::Action::UserSignOut,
        format!("user {}", user.name),
        &token.hash(),
    );
    store.end_session(&token.hash(), Some(&entry), &audit::chain_hash)?;
    Ok(())
}

/// Removes sessions that have expired.
pub fn end_expired_sessions(store: &mut dyn Backend, now: i64) -> Result<usize, ServiceError> {
    Ok(store.end_sessions_older_than(now - SESSION_IDLE_SECONDS, now - SESSION_LONGEST_SECONDS)?)
}

/// Sets the language a user's pages are shown in, audited.
pub fn set_language(
    store: &mut dyn Backend,
    user: &User,
    language: Language,
    now: i64,
) -> Result<(), ServiceError> {
    let entry = audit::entry(
        now,
        user.actor(),
        crate::audit::Action::UserLanguage,
        format!("user {}", user.name),
        language.code().as_bytes(),
    );
    store.set_user_language(user.id, language.code(), &entry, &audit::chain_hash)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::members;
    use gatecheck_store::Store;

    fn store_with_member() -> (tempfile::TempDir, Store, Member) {
        let directory = tempfile::tempdir().unwrap();
        let mut store = Store::open(directory.path()).unwrap();
        let (member, _) =
            members::add_member(&mut store, "FR", "FRA", false, "cli:test", 1).unwrap();
        (directory, store, member)
    }

    #[test]
    fn a_user_signs_in_with_the_right_password_only() {
        let (_directory, mut store, member) = store_with_member();
        let spec = UserSpec {
            name: "amina",
            password: "correct horse battery",
            role: Role::Officer,
            language: Language::Arabic,
        };
        let user = add_user(&mut store, &member, spec, "cli:test", 10).unwrap();
        assert_eq!(user.actor(), "member:FR/user:amina");
        assert!(matches!(
            sign_in(&mut store, "amina", "correct horse batterY", 20),
            Err(ServiceError::Unauthenticated)
        ));
        assert!(matches!(
            sign_in(&mut store, "nobody", "correct horse battery", 20),
            Err(ServiceError::Unauthenticated)
        ));
        let (signed_in, token) = sign_in(&mut store, "amina", "correct horse battery", 30).unwrap();
        assert_eq!(signed_in, user);
        let session = session(&mut store, &token, 40, SessionUse::Officer).unwrap();
        assert_eq!(session.user.language, Language::Arabic);
        assert_eq!(session.started_at, 30);
        // the password is kept only as a hash, the token only as a hash
        let row = store.user_by_name("amina").unwrap().unwrap();
        assert_eq!(row.password_hash.len(), PASSWORD_HASH_BYTES);
        assert!(!row.password_hash.windows(8).any(|w| w == b"correct "));
        let actions: Vec<String> = store
            .audit_entries(1, 100)
            .unwrap()
            .into_iter()
            .map(|row| row.action)
            .collect();
        assert_eq!(
            actions,
            [
                "member.add",
                "user.add",
                "user.sign-in-refused",
                "user.sign-in-refused",
                "user.sign-in"
            ]
        );
        let log: String = store
            .audit_entries(1, 100)
            .unwrap()
            .into_iter()
            .map(|row| format!("{row:?}"))
            .collect();
        assert!(!log.contains(token.expose()));
        assert!(!log.contains("correct horse"));
    }

    #[test]
    fn sessions_end_when_idle_too_long_or_after_a_shift_and_on_sign_out() {
        let (_directory, mut store, member) = store_with_member();
        let spec = UserSpec {
            name: "omar",
            password: "a long enough secret",
            role: Role::Supervisor,
            language: Language::English,
        };
        add_user(&mut store, &member, spec, "cli:test", 0).unwrap();
        let (_, idle) = sign_in(&mut store, "omar", "a long enough secret", 0).unwrap();
        assert!(session(&mut store, &idle, SESSION_IDLE_SECONDS, SessionUse::Officer).is_ok());
        // used at SESSION_IDLE_SECONDS, so alive until twice that
        assert!(session(
            &mut store,
            &idle,
            2 * SESSION_IDLE_SECONDS,
            SessionUse::Officer
        )
        .is_ok());
        assert!(session(
            &mut store,
            &idle,
            3 * SESSION_IDLE_SECONDS + 1,
            SessionUse::Officer
        )
        .is_err());
        // gone for good once expired
        assert!(session(
            &mut store,
            &idle,
            3 * SESSION_IDLE_SECONDS,
            SessionUse::Officer
        )
        .is_err());

        let (_, busy) = sign_in(&mut store, "omar", "a long enough secret", 0).unwrap();
        let mut now = 0;
        while now + 600 <= SESSION_LONGEST_SECONDS {
            now += 600;
            assert!(
                session(&mut store, &busy, now, SessionUse::Officer).is_ok(),
                "at {now}"
            );
        }
        assert!(session(
            &mut store,
            &busy,
            SESSION_LONGEST_SECONDS + 1,
            SessionUse::Officer
        )
        .is_err());

        let (user, token) = sign_in(&mut store, "omar", "a long enough secret", 100).unwrap();
        sign_out(&mut store, &user, &token, 101).unwrap();
        assert!(session(&mut store, &token, 102, SessionUse::Officer).is_err());
        assert!(session(
            &mut store,
            &SessionToken::from_cookie("forged"),
            102,
            SessionUse::Officer
        )
        .is_err());
    }

    #[test]
    fn polling_in_the_background_does_not_keep_a_session_alive() {
        let (_directory, mut store, member) = store_with_member();
        let spec = UserSpec {
            name: "omar",
            password: "a long enough secret",
            role: Role::Officer,
            language: Language::English,
        };
        add_user(&mut store, &member, spec, "cli:test", 0).unwrap();
        let (_, token) = sign_in(&mut store, "omar", "a long enough secret", 0).unwrap();
        let mut now = 0;
        while now + 5 < SESSION_IDLE_SECONDS {
            now += 5;
            assert!(session(&mut store, &token, now, SessionUse::Background).is_ok());
        }
        assert!(session(
            &mut store,
            &token,
            SESSION_IDLE_SECONDS + 1,
            SessionUse::Background
        )
        .is_err());
        assert!(session(
            &mut store,
            &token,
            SESSION_IDLE_SECONDS + 2,
            SessionUse::Officer
        )
        .is_err());
    }

    #[test]
    fn a_user_enabled_again_signs_in_anew_and_its_old_sessions_stay_ended() {
        let (_directory, mut store, member) = store_with_member();
        for (name, role) in [("nadia", Role::Administrator), ("omar", Role::Officer)] {
            let spec = UserSpec {
                name,
                password: "a long enough secret",
                role,
                language: Language::English,
            };
            add_user(&mut store, &member, spec, "cli:test", 0).unwrap();
        }
        let (admin, _) = sign_in(&mut store, "nadia", "a long enough secret", 1).unwrap();
        let (_, old) = sign_in(&mut store, "omar", "a long enough secret", 1).unwrap();
        // only a disabled user is enabled
        assert!(matches!(
            enable_user(&mut store, &admin, "omar", 2),
            Err(ServiceError::Invalid { field: "name", .. })
        ));
        disable_user(&mut store, &admin, "omar", 3).unwrap();
        assert!(sign_in(&mut store, "omar", "a long enough secret", 4).is_err());
        enable_user(&mut store, &admin, "omar", 5).unwrap();
        assert!(session(&mut store, &old, 6, SessionUse::Officer).is_err());
        let (_, new) = sign_in(&mut store, "omar", "a long enough secret", 7).unwrap();
        assert!(session(&mut store, &new, 8, SessionUse::Officer).is_ok());
        // by the operator too
        assert!(disable_user_named(&mut store, "omar", Some("DE"), "cli:test", 9).is_err());
        disable_user_named(&mut store, "omar", Some("FR"), "cli:test", 9).unwrap();
        assert!(enable_user_named(&mut store, "omar", Some("DE"), "cli:test", 10).is_err());
        enable_user_named(&mut store, "omar", None, "cli:test", 10).unwrap();
        assert!(enable_user_named(&mut store, "omar", None, "cli:test", 11).is_err());
        let actions: Vec<String> = store
            .audit_entries(1, 100)
            .unwrap()
            .into_iter()
            .map(|row| row.action)
            .filter(|action| action.starts_with("user.") && action != "user.sign-in")
            .collect();
        assert_eq!(
            actions,
            [
                "user.add",
                "user.add",
                "user.disable",
                "user.sign-in-refused",
                "user.enable",
                "user.disable",
                "user.enable"
            ]
        );
    }

    #[test]
    fn bad_names_passwords_and_revoked_members_are_refused() {
        let (_directory, mut store, member) = store_with_member();
        let add = |store: &mut Store, name: &str, password: &str| {
            let spec = UserSpec {
                name,
                password,
                role: Role::Officer,
                language: Language::English,
            };
            add_user(store, &member, spec, "cli:test", 0)
        };
        for (name, password, field) in [
            ("", "a long enough secret", "name"),
            ("has space", "a long enough secret", "name"),
            ("karim", "short", "password"),
            ("karim-the-officer", "karim-the-officer", "password"),
        ] {
            match add(&mut store, name, password) {
                Err(ServiceError::Invalid { field: got, .. }) => assert_eq!(got, field, "{name:?}"),
                other => panic!("{name:?}: {other:?}"),
            }
        }
        add(&mut store, "karim", "a long enough secret").unwrap();
        assert!(matches!(
            add(&mut store, "karim", "another long secret"),
            Err(ServiceError::Store(
                gatecheck_store::StoreError::AlreadyExists { .. }
            ))
        ));
        let (_, token) = sign_in(&mut store, "karim", "a long enough secret", 0).unwrap();
        members::revoke_member(&mut store, "FR", "cli:test", 5).unwrap();
        assert!(session(&mut store, &token, 6, SessionUse::Officer).is_err());
        assert!(sign_in(&mut store, "karim", "a long enough secret", 7).is_err());
    }

    #[test]
    fn the_csrf_token_belongs_to_its_session() {
        let one = SessionToken::from_cookie("aaaa");
        let two = SessionToken::from_cookie("bbbb");
        assert!(one.csrf_matches(&one.csrf()));
        assert!(!one.csrf_matches(&two.csrf()));
        assert!(!one.csrf_matches(""));
        assert_ne!(one.csrf(), "aaaa");
    }
}
