//! The console's users and sessions on PostgreSQL: the sign-in state every node of a hub
//! reads, so that a request may land on any of them.

use postgres::error::SqlState;

use super::{append_audit_in, not_found, PostgresStore};
use crate::concepts::{Chain, Users};
use crate::{AuditEntry, NewUser, SessionRow, StoreError, UserRow};

const USER_COLUMNS: &str = "id, member, name, role, language, password_salt, password_hash, \
                            password_params, created_at, disabled_at";

/// The user's columns of a session joined with its user (`u`), in [`user_row`]'s order.
const SESSION_USER_COLUMNS: &str = "u.id, u.member, u.name, u.role, u.language, \
                                    u.password_salt, u.password_hash, u.password_params, \
                                    u.created_at, u.disabled_at";

fn user_row(row: &postgres::Row) -> UserRow {
    UserRow {
        id: row.get(0),
        member: row.get(1),
        name: row.get(2),
        role: row.get(3),
        language: row.get(4),
        password_salt: row.get(5),
        password_hash: row.get(6),
        password_params: row.get(7),
        created_at: row.get(8),
        disabled_at: row.get(9),
    }
}

fn name_taken(name: &str) -> StoreError {
    StoreError::AlreadyExists {
        what: "user",
        name: name.to_string(),
    }
}

impl Users for PostgresStore {
    fn add_user(
        &mut self,
        user: &NewUser<'_>,
        audit: &AuditEntry,
        chain: Chain<'_>,
    ) -> Result<UserRow, StoreError> {
        self.write(|transaction| {
            // looked for first, as SQLite does, so a name taken uses up no id; the unique
            // key still refuses one taken meanwhile by another node
            let taken = transaction
                .query_opt("SELECT 1 FROM console_user WHERE name = $1", &[&user.name])?
                .is_some();
            if taken {
                return Err(name_taken(user.name));
            }
            let inserted = transaction.query_one(
                &format!(
                    "INSERT INTO console_user (member, name, role, language, password_salt,
                     password_hash, password_params, created_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING {USER_COLUMNS}"
                ),
                &[
                    &user.member,
                    &user.name,
                    &user.role,
                    &user.language,
                    &user.password_salt,
                    &user.password_hash,
                    &user.password_params,
                    &user.created_at,
                ],
            );
            let added = match inserted {
                Ok(row) => user_row(&row),
                Err(error) if error.code() == Some(&SqlState::UNIQUE_VIOLATION) => {
                    return Err(name_taken(user.name))
                }
                Err(error) => return Err(error.into()),
            };
            append_audit_in(transaction, audit, chain)?;
            Ok(added)
        })
    }

    fn user_by_name(&self, name: &str) -> Result<Option<UserRow>, StoreError> {
        let row = self.client.borrow_mut().query_opt(
            &format!("SELECT {USER_COLUMNS} FROM console_user WHERE name = $1"),
            &[&name],
        )?;
        Ok(row.as_ref().map(user_row))
    }

    fn user_by_id(&self, id: i64) -> Result<Option<UserRow>, StoreError> {
        let row = self.client.borrow_mut().query_opt(
            &format!("SELECT {USER_COLUMNS} FROM console_user WHERE id = $1"),
            &[&id],
        )?;
        Ok(row.as_ref().map(user_row))
    }

    fn users_of(&self, member: i64) -> Result<Vec<UserRow>, StoreError> {
        // `name` is collated "C" (the schema), so this is SQLite's byte order
        let rows = self.client.borrow_mut().query(
            &format!("SELECT {USER_COLUMNS} FROM console_user WHERE member = $1 ORDER BY name"),
            &[&member],
        )?;
        Ok(rows.iter().map(user_row).collect())
    }

    fn set_user_language(
        &mut self,
        user: i64,
        language: &str,
        audit: &AuditEntry,
        chain: Chain<'_>,
    ) -> Result<(), StoreError> {
        self.write(|transaction| {
            transaction.execute(
                "UPDATE console_user SET language = $2 WHERE id = $1",
                &[&user, &language],
            )?;
            append_audit_in(transaction, audit, chain)?;
            Ok(())
        })
    }

    fn disable_user(
        &mut self,
        user: i64,
        at: i64,
        audit: &AuditEntry,
        chain: Chain<'_>,
    ) -> Result<(), StoreError> {
        self.write(|transaction| {
            let changed = transaction.execute(
                "UPDATE console_user SET disabled_at = $2 WHERE id = $1 AND disabled_at IS NULL",
                &[&user, &at],
            )?;
            if changed == 0 {
                return Err(not_found("active user", &user.to_string()));
            }
            transaction.execute(r#"DELETE FROM console_session WHERE "user" = $1"#, &[&user])?;
            append_audit_in(transaction, audit, chain)?;
            Ok(())
        })
    }

    fn enable_user(
        &mut self,
        user: i64,
        audit: &AuditEntry,
        chain: Chain<'_>,
    ) -> Result<(), StoreError> {
        self.write(|transaction| {
            let changed = transaction.execute(
                "UPDATE console_user SET disabled_at = NULL
                 WHERE id = $1 AND disabled_at IS NOT NULL",
                &[&user],
            )?;
            if changed == 0 {
                return Err(not_found("disabled user", &user.to_string()));
            }
            append_audit_in(transaction, audit, chain)?;
            Ok(())
        })
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
        self.write(|transaction| {
            transaction.execute(
                "UPDATE console_user SET password_salt = $2, password_hash = $3,
                 password_params = $4 WHERE id = $1",
                &[&user, &salt, &hash, &password_params],
            )?;
            transaction.execute(
                r#"DELETE FROM console_session WHERE "user" = $1 AND token_hash != $2"#,
                &[&user, &keep],
            )?;
            append_audit_in(transaction, audit, chain)?;
            Ok(())
        })
    }

    fn add_session(
        &mut self,
        token_hash: &[u8],
        user: i64,
        now: i64,
        audit: &AuditEntry,
        chain: Chain<'_>,
    ) -> Result<(), StoreError> {
        self.write(|transaction| {
            transaction.execute(
                r#"INSERT INTO console_session (token_hash, "user", created_at, last_seen)
                   VALUES ($1, $2, $3, $3)"#,
                &[&token_hash, &user, &now],
            )?;
            append_audit_in(transaction, audit, chain)?;
            Ok(())
        })
    }

    fn session(&self, token_hash: &[u8]) -> Result<Option<SessionRow>, StoreError> {
        let row = self.client.borrow_mut().query_opt(
            &format!(
                r#"SELECT {SESSION_USER_COLUMNS}, s.created_at, s.last_seen
                   FROM console_session s JOIN console_user u ON u.id = s."user"
                   WHERE s.token_hash = $1"#
            ),
            &[&token_hash],
        )?;
        Ok(row.map(|row| SessionRow {
            user: user_row(&row),
            created_at: row.get(10),
            last_seen: row.get(11),
        }))
    }

    fn touch_session(&mut self, token_hash: &[u8], now: i64) -> Result<(), StoreError> {
        self.client.borrow_mut().execute(
            "UPDATE console_session SET last_seen = $2 WHERE token_hash = $1",
            &[&token_hash, &now],
        )?;
        Ok(())
    }

    fn end_session(
        &mut self,
        token_hash: &[u8],
        audit: Option<&AuditEntry>,
        chain: Chain<'_>,
    ) -> Result<(), StoreError> {
        self.write(|transaction| {
            transaction.execute(
                "DELETE FROM console_session WHERE token_hash = $1",
                &[&token_hash],
            )?;
            if let Some(audit) = audit {
                append_audit_in(transaction, audit, chain)?;
            }
            Ok(())
        })
    }

    fn end_sessions_older_than(
        &mut self,
        idle_since: i64,
        started_since: i64,
    ) -> Result<usize, StoreError> {
        let ended = self.client.borrow_mut().execute(
            "DELETE FROM console_session WHERE last_seen < $1 OR created_at < $2",
            &[&idle_since, &started_since],
        )?;
        Ok(ended as usize)
    }
}
