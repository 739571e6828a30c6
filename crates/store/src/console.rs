//! The console's rows: its users (people of a member, each with a role and a language),
//! their sessions, and the hits a member's officers work through. Passwords arrive hashed
//! and session tokens arrive as hashes: the store never sees either secret.

use crate::{hit_row, AuditEntry, AuditRow, HitRow, Store, StoreError};
use rusqlite::{params, OptionalExtension};

/// A console user to be added.
#[derive(Debug, Clone)]
pub struct NewUser<'a> {
    pub member: i64,
    pub name: &'a str,
    /// `officer`, `supervisor` or `administrator`.
    pub role: &'a str,
    /// `en` or `ar`.
    pub language: &'a str,
    pub password_salt: &'a [u8],
    pub password_hash: &'a [u8],
    /// How the hash was made (`argon2id v19 m=19456 t=2 p=1`), so that a later version can
    /// check old hashes and raise the cost.
    pub password_params: &'a str,
    pub created_at: i64,
}

/// A console user as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserRow {
    pub id: i64,
    pub member: i64,
    pub name: String,
    pub role: String,
    pub language: String,
    pub password_salt: Vec<u8>,
    pub password_hash: Vec<u8>,
    pub password_params: String,
    pub created_at: i64,
    pub disabled_at: Option<i64>,
}

/// A session as stored, with its user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRow {
    pub user: UserRow,
    pub created_at: i64,
    pub last_seen: i64,
}

/// Which of a member's hits to list. Every field left `None` lets every hit through.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HitFilter {
    pub status: Option<String>,
    /// Unix seconds, inclusive.
    pub since: Option<i64>,
    /// Unix seconds, exclusive.
    pub until: Option<i64>,
    pub min_score: Option<f64>,
    /// Hits on documents (`true`) or on person records (`false`).
    pub documents: Option<bool>,
    /// Text the flight of the hit's manifest contains (a flight number, an airport).
    pub flight: Option<String>,
}

/// A hit in a member's queue, with the flight and message reference of its manifest (when
/// it was raised on one).
pub type QueuedHit = (HitRow, Option<(String, String)>);

/// A screened manifest as a list of flights shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct FlightRow {
    pub id: i64,
    pub at: i64,
    pub source: String,
    pub reference: String,
    /// The flight's legs (JSON).
    pub flight: String,
    pub travellers: i64,
    /// The answer's summary (JSON): travellers, clear, refer, no_board, hits.
    pub summary: String,
}

/// The summary a list of flights shows, from the answer's `summary` member as the database
/// finds it (its JSON text, the first one when the answer has several; none when the
/// answer has none or is no object): that text without the whitespace between its tokens,
/// `{}` when there is none or it is `null`. Both backends give it from the same answer, so
/// that a summary is the same text whichever database kept it (SQLite's JSON functions
/// write a value without spaces, PostgreSQL's `json` keeps them as written and `jsonb`
/// adds its own and orders keys its way).
pub(crate) fn summary_json(member: Option<&str>) -> String {
    let Some(member) = member else {
        return "{}".to_string();
    };
    let mut summary = String::with_capacity(member.len());
    let (mut in_string, mut escaped) = (false, false);
    for character in member.chars() {
        if in_string {
            if escaped {
                escaped = false;
            } else if character == '\\' {
                escaped = true;
            } else if character == '"' {
                in_string = false;
            }
        } else if matches!(character, ' ' | '\t' | '\n' | '\r') {
            continue;
        } else if character == '"' {
            in_string = true;
        }
        summary.push(character);
    }
    if summary == "null" {
        return "{}".to_string();
    }
    summary
}

/// A suppression to be made with a false positive: the traveller's details (a digest) and
/// the record's version when it was cleared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSuppression {
    pub querier: i64,
    pub record: i64,
    pub record_version: i64,
    pub details: String,
}

/// A suppression as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SuppressionRow {
    pub id: i64,
    pub querier: i64,
    pub record: i64,
    pub record_version: i64,
    pub details: String,
    /// The hit cleared as a false positive.
    pub hit: i64,
    pub at: i64,
    pub actor: String,
    pub revoked_at: Option<i64>,
    pub revoked_by: Option<String>,
}

const SUPPRESSION_COLUMNS: &str =
    "id, querier, record, record_version, details, hit, at, actor, revoked_at, revoked_by";

fn suppression_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<SuppressionRow> {
    Ok(SuppressionRow {
        id: row.get(0)?,
        querier: row.get(1)?,
        record: row.get(2)?,
        record_version: row.get(3)?,
        details: row.get(4)?,
        hit: row.get(5)?,
        at: row.get(6)?,
        actor: row.get(7)?,
        revoked_at: row.get(8)?,
        revoked_by: row.get(9)?,
    })
}

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

/// The filter's conditions on `hit h` (with `manifest m` joined), numbered from `?2`, and
/// its values in order.
const FILTER_CONDITIONS: &str = "h.querier = ?1
    AND (?2 IS NULL OR h.status = ?2)
    AND (?3 IS NULL OR h.at >= ?3)
    AND (?4 IS NULL OR h.at < ?4)
    AND (?5 IS NULL OR h.score >= ?5)
    AND (?6 IS NULL OR (h.record >= ?7) = ?6)
    AND (?8 IS NULL OR instr(lower(m.flight), lower(?8)) > 0 OR instr(lower(m.reference), lower(?8)) > 0)";

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

    /// The hits `querier` raised that pass `filter`, newest and highest first, `limit` of
    /// them from `offset`, each with the flight and reference of its manifest (when it was
    /// raised on one); and how many pass in all.
    pub fn hits_of(
        &self,
        querier: i64,
        filter: &HitFilter,
        limit: usize,
        offset: usize,
    ) -> Result<(Vec<QueuedHit>, usize), StoreError> {
        // past what SQLite's integers hold is past every hit (cast, `usize::MAX` would be
        // -1, which SQLite takes as no limit and as no offset)
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let offset = i64::try_from(offset).unwrap_or(i64::MAX);
        let mut values: Vec<&dyn rusqlite::ToSql> = vec![
            &querier,
            &filter.status,
            &filter.since,
            &filter.until,
            &filter.min_score,
            &filter.documents,
            &crate::DOCUMENT_IDS,
            &filter.flight,
        ];
        let total: i64 = self
            .connection
            .prepare_cached(&format!(
                "SELECT COUNT(*) FROM hit h LEFT JOIN manifest m ON m.id = h.manifest
                 WHERE {FILTER_CONDITIONS}"
            ))?
            .query_row(values.as_slice(), |row| row.get(0))?;
        values.extend([&limit as &dyn rusqlite::ToSql, &offset]);
        let mut statement = self.connection.prepare_cached(&format!(
            "SELECT h.id, h.at, h.querier, h.record, h.owner, h.query, h.score, h.explanation,
                    h.status, m.flight, m.reference
             FROM hit h LEFT JOIN manifest m ON m.id = h.manifest
             WHERE {FILTER_CONDITIONS}
             ORDER BY h.at DESC, h.score DESC, h.id DESC LIMIT ?9 OFFSET ?10"
        ))?;
        let rows = statement.query_map(values.as_slice(), |row| {
            let hit = hit_row(row)?;
            let flight: Option<String> = row.get(9)?;
            let reference: Option<String> = row.get(10)?;
            Ok((hit, flight.zip(reference)))
        })?;
        let hits = rows.collect::<Result<_, _>>()?;
        Ok((hits, usize::try_from(total).unwrap_or(0)))
    }

    /// How many hits `querier` raised after the hit numbered `after`, and the newest one's
    /// number (`after` when there is none).
    pub fn hits_after(&self, querier: i64, after: i64) -> Result<(usize, i64), StoreError> {
        let (count, newest): (i64, i64) = self
            .connection
            .prepare_cached(
                "SELECT COUNT(*), COALESCE(MAX(id), ?2) FROM hit WHERE querier = ?1 AND id > ?2",
            )?
            .query_row(params![querier, after], |row| {
                Ok((row.get(0)?, row.get(1)?))
            })?;
        Ok((usize::try_from(count).unwrap_or(0), newest))
    }

    /// The manifests `querier` screened, newest first, `limit` from `offset`, without their
    /// answers but with the answer's summary (JSON, [`summary_json`]); and how many there
    /// are.
    pub fn manifests_of(
        &self,
        querier: i64,
        limit: usize,
        offset: usize,
    ) -> Result<(Vec<FlightRow>, usize), StoreError> {
        // past what SQLite's integers hold is past every manifest (cast, `usize::MAX` would
        // be -1, which SQLite takes as no limit and as no offset)
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let offset = i64::try_from(offset).unwrap_or(i64::MAX);
        let total: i64 = self
            .connection
            .prepare_cached("SELECT COUNT(*) FROM manifest WHERE querier = ?1")?
            .query_row(params![querier], |row| row.get(0))?;
        let mut statement = self.connection.prepare_cached(
            "SELECT id, at, source, reference, flight, travellers, answer -> '$.summary'
             FROM manifest WHERE querier = ?1 ORDER BY at DESC, id DESC LIMIT ?2 OFFSET ?3",
        )?;
        let rows = statement.query_map(params![querier, limit, offset], |row| {
            let summary: Option<String> = row.get(6)?;
            Ok(FlightRow {
                id: row.get(0)?,
                at: row.get(1)?,
                source: row.get(2)?,
                reference: row.get(3)?,
                flight: row.get(4)?,
                travellers: row.get(5)?,
                summary: summary_json(summary.as_deref()),
            })
        })?;
        let flights = rows.collect::<Result<_, _>>()?;
        Ok((flights, usize::try_from(total).unwrap_or(0)))
    }

    /// The live person records of `owner`, most recently changed first, `limit` from
    /// `offset` (with their access lists); and how many there are.
    pub fn records_of(
        &self,
        owner: i64,
        limit: usize,
        offset: usize,
    ) -> Result<(Vec<crate::RecordRow>, usize), StoreError> {
        // past what SQLite's integers hold is past every record (cast, `usize::MAX` would
        // be -1, which SQLite takes as no limit and as no offset)
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let offset = i64::try_from(offset).unwrap_or(i64::MAX);
        let total: i64 = self
            .connection
            .prepare_cached("SELECT COUNT(*) FROM record WHERE owner = ?1 AND deleted_at IS NULL")?
            .query_row(params![owner], |row| row.get(0))?;
        let ids: Vec<i64> = self
            .connection
            .prepare_cached(
                "SELECT id FROM record WHERE owner = ?1 AND deleted_at IS NULL
                 ORDER BY updated_at DESC, id DESC LIMIT ?2 OFFSET ?3",
            )?
            .query_map(params![owner, limit, offset], |row| row.get(0))?
            .collect::<Result<_, _>>()?;
        let mut records = Vec::with_capacity(ids.len());
        for id in ids {
            records.extend(self.record(id)?);
        }
        Ok((records, usize::try_from(total).unwrap_or(0)))
    }

    /// The suppressions in force for `querier` on a traveller with these details.
    pub fn suppressions_for(
        &self,
        querier: i64,
        details: &str,
    ) -> Result<Vec<SuppressionRow>, StoreError> {
        let mut statement = self.connection.prepare_cached(&format!(
            "SELECT {SUPPRESSION_COLUMNS} FROM suppression
             WHERE querier = ?1 AND details = ?2 AND revoked_at IS NULL ORDER BY id"
        ))?;
        let rows = statement.query_map(params![querier, details], suppression_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The latest suppression a hit made, in force or revoked.
    pub fn suppression_of_hit(&self, hit: i64) -> Result<Option<SuppressionRow>, StoreError> {
        Ok(self
            .connection
            .prepare_cached(&format!(
                "SELECT {SUPPRESSION_COLUMNS} FROM suppression WHERE hit = ?1 ORDER BY id DESC LIMIT 1"
            ))?
            .query_row(params![hit], suppression_row)
            .optional()?)
    }

    /// Revokes a suppression in force, with the audit entry (whose actor and time it
    /// takes), in one transaction.
    pub fn revoke_suppression(
        &mut self,
        id: i64,
        audit: &AuditEntry,
        chain: impl Fn(&AuditRow) -> String,
    ) -> Result<(), StoreError> {
        self.with_audit(Some(audit), chain, |transaction| {
            let changed = transaction
                .prepare_cached(
                    "UPDATE suppression SET revoked_at = ?2, revoked_by = ?3
                     WHERE id = ?1 AND revoked_at IS NULL",
                )?
                .execute(params![id, audit.at, audit.actor])?;
            if changed == 0 {
                return Err(StoreError::NotFound {
                    what: "suppression",
                    name: id.to_string(),
                });
            }
            Ok(())
        })
    }

    /// The manifest a hit was raised on, if any: its id, flight and reference.
    pub fn manifest_of_hit(&self, hit: i64) -> Result<Option<(i64, String, String)>, StoreError> {
        Ok(self
            .connection
            .prepare_cached(
                "SELECT m.id, m.flight, m.reference FROM hit h JOIN manifest m ON m.id = h.manifest
                 WHERE h.id = ?1",
            )?
            .query_row(params![hit], |row| {
                Ok((row.get(0)?, row.get(1)?, row.get(2)?))
            })
            .optional()?)
    }
}
