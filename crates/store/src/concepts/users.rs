//! The console's users and their sessions: kept in the database rather than in a server's
//! memory, so that any node of a hub answers any request of a signed-in officer. Passwords
//! arrive hashed and session tokens as hashes: the store never sees either secret.

use super::Chain;
use crate::{AuditEntry, NewUser, SessionRow, StoreError, UserRow};

pub trait Users {
    /// Adds a console user and its audit entry in one transaction: both or neither. A name
    /// taken (by a user of any member) is [`StoreError::AlreadyExists`].
    fn add_user(
        &mut self,
        user: &NewUser<'_>,
        audit: &AuditEntry,
        chain: Chain<'_>,
    ) -> Result<UserRow, StoreError>;

    fn user_by_name(&self, name: &str) -> Result<Option<UserRow>, StoreError>;

    fn user_by_id(&self, id: i64) -> Result<Option<UserRow>, StoreError>;

    /// The users of a member, by name in the order of their UTF-8 bytes (whatever the
    /// database's collation), disabled ones included.
    fn users_of(&self, member: i64) -> Result<Vec<UserRow>, StoreError>;

    /// Changes a user's language (`en` or `ar`), with its audit entry, in one transaction.
    /// A user absent is not refused: the entry is written and no row changes.
    fn set_user_language(
        &mut self,
        user: i64,
        language: &str,
        audit: &AuditEntry,
        chain: Chain<'_>,
    ) -> Result<(), StoreError>;

    /// Disables a user at `at` and ends every session of theirs, with its audit entry, in
    /// one transaction; a user absent or disabled already is [`StoreError::NotFound`] and
    /// nothing is written.
    fn disable_user(
        &mut self,
        user: i64,
        at: i64,
        audit: &AuditEntry,
        chain: Chain<'_>,
    ) -> Result<(), StoreError>;

    /// Enables a disabled user again, with its audit entry, in one transaction; a user
    /// absent or not disabled is [`StoreError::NotFound`] and nothing is written. The
    /// sessions ended when it was disabled stay ended: it signs in anew.
    fn enable_user(
        &mut self,
        user: i64,
        audit: &AuditEntry,
        chain: Chain<'_>,
    ) -> Result<(), StoreError>;

    /// Replaces a user's password (salt, hash and how the hash was made) and ends their
    /// other sessions, all but the one whose token hashes to `keep` (the session that
    /// changed it), with its audit entry, in one transaction.
    #[allow(clippy::too_many_arguments)]
    fn set_user_password(
        &mut self,
        user: i64,
        salt: &[u8],
        hash: &[u8],
        password_params: &str,
        keep: &[u8],
        audit: &AuditEntry,
        chain: Chain<'_>,
    ) -> Result<(), StoreError>;

    /// Starts a session at `now` (last seen then too), keeping only its token's hash, with
    /// the audit entry of the sign-in, in one transaction.
    fn add_session(
        &mut self,
        token_hash: &[u8],
        user: i64,
        now: i64,
        audit: &AuditEntry,
        chain: Chain<'_>,
    ) -> Result<(), StoreError>;

    /// The session whose token hashes to `token_hash`, with its user as stored now.
    fn session(&self, token_hash: &[u8]) -> Result<Option<SessionRow>, StoreError>;

    /// Notes that a session was used at `now` (nothing audited; a session absent is no
    /// error).
    fn touch_session(&mut self, token_hash: &[u8], now: i64) -> Result<(), StoreError>;

    /// Ends a session, with the audit entry of the sign-out when given (an expired session
    /// is removed without one), in one transaction. A session absent is no error.
    fn end_session(
        &mut self,
        token_hash: &[u8],
        audit: Option<&AuditEntry>,
        chain: Chain<'_>,
    ) -> Result<(), StoreError>;

    /// Removes the sessions last seen before `idle_since` or started before
    /// `started_since` (both strictly), without an audit entry; returns how many.
    fn end_sessions_older_than(
        &mut self,
        idle_since: i64,
        started_since: i64,
    ) -> Result<usize, StoreError>;
}

/// The SQLite store: its own methods.
impl Users for crate::Store {
    fn add_user(
        &mut self,
        user: &NewUser<'_>,
        audit: &AuditEntry,
        chain: Chain<'_>,
    ) -> Result<UserRow, StoreError> {
        crate::Store::add_user(self, user, audit, chain)
    }

    fn user_by_name(&self, name: &str) -> Result<Option<UserRow>, StoreError> {
        crate::Store::user_by_name(self, name)
    }

    fn user_by_id(&self, id: i64) -> Result<Option<UserRow>, StoreError> {
        crate::Store::user_by_id(self, id)
    }

    fn users_of(&self, member: i64) -> Result<Vec<UserRow>, StoreError> {
        crate::Store::users_of(self, member)
    }

    fn set_user_language(
        &mut self,
        user: i64,
        language: &str,
        audit: &AuditEntry,
        chain: Chain<'_>,
    ) -> Result<(), StoreError> {
        crate::Store::set_user_language(self, user, language, audit, chain)
    }

    fn disable_user(
        &mut self,
        user: i64,
        at: i64,
        audit: &AuditEntry,
        chain: Chain<'_>,
    ) -> Result<(), StoreError> {
        crate::Store::disable_user(self, user, at, audit, chain)
    }

    fn enable_user(
        &mut self,
        user: i64,
        audit: &AuditEntry,
        chain: Chain<'_>,
    ) -> Result<(), StoreError> {
        crate::Store::enable_user(self, user, audit, chain)
    }

    fn set_user_password(
        &mut self,
        user: i64,
        salt: &[u8],
        hash: &[u8],
        password_params: &str,
        keep: &[u8],
        audit: &AuditEntry,
        chain: Chain<'_>,
    ) -> Result<(), StoreError> {
        crate::Store::set_user_password(self, user, salt, hash, password_params, keep, audit, chain)
    }

    fn add_session(
        &mut self,
        token_hash: &[u8],
        user: i64,
        now: i64,
        audit: &AuditEntry,
        chain: Chain<'_>,
    ) -> Result<(), StoreError> {
        crate::Store::add_session(self, token_hash, user, now, audit, chain)
    }

    fn session(&self, token_hash: &[u8]) -> Result<Option<SessionRow>, StoreError> {
        crate::Store::session(self, token_hash)
    }

    fn touch_session(&mut self, token_hash: &[u8], now: i64) -> Result<(), StoreError> {
        crate::Store::touch_session(self, token_hash, now)
    }

    fn end_session(
        &mut self,
        token_hash: &[u8],
        audit: Option<&AuditEntry>,
        chain: Chain<'_>,
    ) -> Result<(), StoreError> {
        crate::Store::end_session(self, token_hash, audit, chain)
    }

    fn end_sessions_older_than(
        &mut self,
        idle_since: i64,
        started_since: i64,
    ) -> Result<usize, StoreError> {
        crate::Store::end_sessions_older_than(self, idle_since, started_since)
    }
}
