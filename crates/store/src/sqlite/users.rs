//! The console's users (people of a member, each with a role and a language) and their
//! sessions, in SQLite. Passwords arrive hashed and session tokens arrive as hashes: the
//! store never sees either secret.

use rusqlite::{params, OptionalExtension};

use super::Store;
use crate::{AuditEntry, AuditRow, NewUser, SessionRow, StoreError, UserRow};

const USER_COLUMNS: &str = "id, member, name, role, language, password_salt, password_hash, \
                            password_params, created_at, disabled_at";

fn user_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<UserRow> {
    Ok(UserRow {
        id: row.get(0)?,
        member: row.get(1)?,
        name: row.get(2)?,
        role: row.get(3)?,
        language: row.get(4)?,
        password_salt: row.get(5)?,
        password_hash: row.get(6)?,
        password_params: row.get(7)?,
        created_at: row.get(8)?,
        disabled_at: row.get(9)?,
    })
}

impl Store {
    /// Adds a console user with its audit entry, in one transaction.
    pub fn add_user(
        &mut self,
        user: &NewUser<'_>,
        audit: &AuditEntry,
        chain: impl Fn(&AuditRow) -> String,
    ) -> Result<UserRow, StoreError> {
        let id = self.with_audit(Some(audit), chain, |transaction| {
            let taken: Option<i64> = transaction
                .prepare_cached("SELECT id FROM console_user WHERE name = ?1")?
                .query_row(params![user.name], |row| row.get(0))
                .optional()?;
            if taken.is_some() {
                return Err(StoreError::AlreadyExists {
                    what: "user",
                    name: user.name.to_string(),
                });
            }
            transaction
                .prepare_cached(
                    "INSERT INTO console_user (member, name, role, language, password_salt,
                     password_hash, password_params, created_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                )?
                .execute(params![
                    user.member,
                    user.name,
                    user.role,
                    user.language,
                    user.password_salt,
                    user.password_hash,
                    user.password_params,
                    user.created_at
                ])?;
            Ok(transaction.last_insert_rowid())
        })?;
        self.user_by_id(id)?.ok_or_else(|| StoreError::NotFound {
            what: "user",
            name: id.to_string(),
        })
    }

    pub fn user_by_name(&self, name: &str) -> Result<Option<UserRow>, StoreError> {
        Ok(self
            .connection
            .prepare_cached(&format!(
                "SELECT {USER_COLUMNS} FROM console_user WHERE name = ?1"
            ))?
            .query_row(params![name], user_row)
            .optional()?)
    }

    pub fn user_by_id(&self, id: i64) -> Result<Option<UserRow>, StoreError> {
        Ok(self
            .connection
            .prepare_cached(&format!(
                "SELECT {USER_COLUMNS} FROM console_user WHERE id = ?1"
            ))?
            .query_row(params![id], user_row)
            .optional()?)
    }

    /// The users of a member, by name.
    pub fn users_of(&self, member: i64) -> Result<Vec<UserRow>, StoreError> {
        let mut statement = self.connection.prepare_cached(&format!(
            "SELECT {USER_COLUMNS} FROM console_user WHERE member = ?1 ORDER BY name"
        ))?;
        let rows = statement.query_map(params![member], user_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Changes a user's language, with the audit entry, in one transaction.
    pub fn set_user_language(
        &mut self,
        user: i64,
        language: &str,
        audit: &AuditEntry,
        chain: impl Fn(&AuditRow) -> String,
    ) -> Result<(), StoreError> {
        self.with_audit(Some(audit), chain, |transaction| {
            transaction
                .prepare_cached("UPDATE console_user SET language = ?2 WHERE id = ?1")?
                .execute(params![user, language])?;
            Ok(())
        })
    }

    /// Disables a user and ends its sessions, with the audit entry, in one transaction.
    pub fn disable_user(
        &mut self,
        user: i64,
        at: i64,
        audit: &AuditEntry,
        chain: impl Fn(&AuditRow) -> String,
    ) -> Result<(), StoreError> {
        self.with_audit(Some(audit), chain, |transaction| {
            let changed = transaction
                .prepare_cached(
                    "UPDATE console_user SET disabled_at = ?2 WHERE id = ?1 AND disabled_at IS NULL",
                )?
                .execute(params![user, at])?;
            if changed == 0 {
                return Err(StoreError::NotFound {
                    what: "active user",
                    name: user.to_string(),
                });
            }
            transaction
                .prepare_cached("DELETE FROM console_session WHERE user = ?1")?
                .execute(params![user])?;
            Ok(())
        })
    }

    /// Enables a disabled user again, with the audit entry, in one transaction (its
    /// sessions were removed when it was disabled: none comes back).
    pub fn enable_user(
        &mut self,
        user: i64,
        audit: &AuditEntry,
        chain: impl Fn(&AuditRow) -> String,
    ) -> Result<(), StoreError> {
        self.with_audit(Some(audit), chain, |transaction| {
            let changed = transaction
                .prepare_cached(
                    "UPDATE console_user SET disabled_at = NULL
                     WHERE id = ?1 AND disabled_at IS NOT NULL",
                )?
                .execute(params![user])?;
            if changed == 0 {
                return Err(StoreError::NotFound {
                    what: "disabled user",
                    name: user.to_string(),
                });
            }
            Ok(())
        })
    }

    /// Replaces a user's password hash and ends its other sessions (all but the one whose
    /// token hashes to `keep`), with the audit entry, in one transaction.
    #[allow(clippy::too_many_arguments)]
    pub fn set_user_password(
        &mut self,
        user: i64,
        salt: &[u8],
        hash: &[u8],
        params_text: &str,
        keep: &[u8],
        audit: &AuditEntry,
        chain: impl Fn(&AuditRow) -> String,
    ) -> Result<(), StoreError> {
        self.with_audit(Some(audit), chain, |transaction| {
            transaction
                .prepare_cached(
                    "UPDATE console_user SET password_salt = ?2, password_hash = ?3,
                     password_params = ?4 WHERE id = ?1",
                )?
                .execute(params![user, salt, hash, params_text])?;
            transaction
                .prepare_cached("DELETE FROM console_session WHERE user = ?1 AND token_hash != ?2")?
                .execute(params![user, keep])?;
            Ok(())
        })
    }

    /// Starts a session (the token's hash only) with the audit entry of the sign-in.
    pub fn add_session(
        &mut self,
        token_hash: &[u8],
        user: i64,
        now: i64,
        audit: &AuditEntry,
        chain: impl Fn(&AuditRow) -> String,
    ) -> Result<(), StoreError> {
        self.with_audit(Some(audit), chain, |transaction| {
            transaction
                .prepare_cached(
                    "INSERT INTO console_session (token_hash, user, created_at, last_seen)
                     VALUES (?1, ?2, ?3, ?3)",
                )?
                .execute(params![token_hash, user, now])?;
            Ok(())
        })
    }

    /// The session whose token hashes to `token_hash`, with its user.
    pub fn session(&self, token_hash: &[u8]) -> Result<Option<SessionRow>, StoreError> {
        let columns: String = USER_COLUMNS
            .split(", ")
            .map(|column| format!("u.{}", column.trim()))
            .collect::<Vec<_>>()
            .join(", ");
        Ok(self
            .connection
            .prepare_cached(&format!(
                "SELECT {columns}, s.created_at, s.last_seen FROM console_session s
                 JOIN console_user u ON u.id = s.user WHERE s.token_hash = ?1"
            ))?
            .query_row(params![token_hash], |row| {
                Ok(SessionRow {
                    user: user_row(row)?,
                    created_at: row.get(10)?,
                    last_seen: row.get(11)?,
                })
            })
            .optional()?)
    }

    /// Notes that a session was used at `now`.
    pub fn touch_session(&mut self, token_hash: &[u8], now: i64) -> Result<(), StoreError> {
        self.connection
            .prepare_cached("UPDATE console_session SET last_seen = ?2 WHERE token_hash = ?1")?
            .execute(params![token_hash, now])?;
        Ok(())
    }

    /// Ends a session, with the audit entry of the sign-out when given (an expired session
    /// is removed without one).
    pub fn end_session(
        &mut self,
        token_hash: &[u8],
        audit: Option<&AuditEntry>,
        chain: impl Fn(&AuditRow) -> String,
    ) -> Result<(), StoreError> {
        self.with_audit(audit, chain, |transaction| {
            transaction
                .prepare_cached("DELETE FROM console_session WHERE token_hash = ?1")?
                .execute(params![token_hash])?;
            Ok(())
        })
    }

    /// Removes sessions last seen before `idle_since` or started before `started_since`.
    pub fn end_sessions_older_than(
        &mut self,
        idle_since: i64,
        started_since: i64,
    ) -> Result<usize, StoreError> {
        Ok(self
            .connection
            .prepare_cached("DELETE FROM console_session WHERE last_seen < ?1 OR created_at < ?2")?
            .execute(params![idle_since, started_since])?)
    }
}
