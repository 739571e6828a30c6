//! Members on PostgreSQL.

use postgres::error::SqlState;

use super::changes::notify_member_change;
use super::{append_audit_in, not_found, PostgresStore};
use crate::concepts::{Chain, Members};
use crate::{AuditEntry, MemberRow, NewMember, StoreError};

const MEMBER_COLUMNS: &str =
    "id, name, country, admin, key_hash, created_at, revoked_at, contact, time_zone";

fn member_row(row: &postgres::Row) -> MemberRow {
    MemberRow {
        id: row.get(0),
        name: row.get(1),
        country: row.get(2),
        admin: row.get(3),
        key_hash: row.get(4),
        created_at: row.get(5),
        revoked_at: row.get(6),
        contact: row.get(7),
        time_zone: row.get(8),
    }
}

impl PostgresStore {
    /// One of a member's settings written by `update` (`$1` the name, `$2` the value,
    /// returning the id), with its audit entry, and the other nodes told.
    fn set_member_setting(
        &mut self,
        update: &str,
        name: &str,
        value: &str,
        audit: &AuditEntry,
        chain: Chain<'_>,
    ) -> Result<(), StoreError> {
        self.write(|transaction| {
            let changed = transaction.query_opt(update, &[&name, &value])?;
            let Some(changed) = changed else {
                return Err(not_found("member", name));
            };
            append_audit_in(transaction, audit, chain)?;
            notify_member_change(transaction, changed.get(0))?;
            Ok(())
        })
    }
}

impl Members for PostgresStore {
    fn add_member(
        &mut self,
        member: &NewMember<'_>,
        audit: &AuditEntry,
        chain: Chain<'_>,
    ) -> Result<MemberRow, StoreError> {
        self.write(|transaction| {
            // looked for first, as SQLite does, so a name taken uses up no id; the unique
            // key still refuses one taken meanwhile by another node
            let taken = transaction
                .query_opt("SELECT 1 FROM member WHERE name = $1", &[&member.name])?
                .is_some();
            if taken {
                return Err(StoreError::AlreadyExists {
                    what: "member",
                    name: member.name.to_string(),
                });
            }
            let inserted = transaction.query_one(
                "INSERT INTO member (name, country, admin, key_hash, created_at)
                 VALUES ($1, $2, $3, $4, $5) RETURNING id",
                &[
                    &member.name,
                    &member.country,
                    &member.admin,
                    &member.key_hash,
                    &member.created_at,
                ],
            );
            let id: i64 = match inserted {
                Ok(row) => row.get(0),
                Err(error) if error.code() == Some(&SqlState::UNIQUE_VIOLATION) => {
                    return Err(StoreError::AlreadyExists {
                        what: "member",
                        name: member.name.to_string(),
                    })
                }
                Err(error) => return Err(error.into()),
            };
            append_audit_in(transaction, audit, chain)?;
            notify_member_change(transaction, id)?;
            Ok(MemberRow {
                id,
                name: member.name.to_string(),
                country: member.country.to_string(),
                admin: member.admin,
                key_hash: member.key_hash.to_vec(),
                created_at: member.created_at,
                revoked_at: None,
                contact: String::new(),
                time_zone: String::new(),
            })
        })
    }

    fn set_member_contact(
        &mut self,
        name: &str,
        contact: &str,
        audit: &AuditEntry,
        chain: Chain<'_>,
    ) -> Result<(), StoreError> {
        self.set_member_setting(
            "UPDATE member SET contact = $2 WHERE name = $1 RETURNING id",
            name,
            contact,
            audit,
            chain,
        )
    }

    fn set_member_time_zone(
        &mut self,
        name: &str,
        time_zone: &str,
        audit: &AuditEntry,
        chain: Chain<'_>,
    ) -> Result<(), StoreError> {
        self.set_member_setting(
            "UPDATE member SET time_zone = $2 WHERE name = $1 RETURNING id",
            name,
            time_zone,
            audit,
            chain,
        )
    }

    fn revoke_member(
        &mut self,
        name: &str,
        at: i64,
        audit: &AuditEntry,
        chain: Chain<'_>,
    ) -> Result<(), StoreError> {
        self.write(|transaction| {
            let changed = transaction.query_opt(
                "UPDATE member SET revoked_at = $2 WHERE name = $1 AND revoked_at IS NULL
                 RETURNING id",
                &[&name, &at],
            )?;
            let Some(changed) = changed else {
                return Err(not_found("active member", name));
            };
            append_audit_in(transaction, audit, chain)?;
            notify_member_change(transaction, changed.get(0))?;
            Ok(())
        })
    }

    fn members(&self) -> Result<Vec<MemberRow>, StoreError> {
        let rows = self.client.borrow_mut().query(
            &format!("SELECT {MEMBER_COLUMNS} FROM member ORDER BY id"),
            &[],
        )?;
        Ok(rows.iter().map(member_row).collect())
    }

    fn member_by_id(&self, id: i64) -> Result<Option<MemberRow>, StoreError> {
        let row = self.client.borrow_mut().query_opt(
            &format!("SELECT {MEMBER_COLUMNS} FROM member WHERE id = $1"),
            &[&id],
        )?;
        Ok(row.as_ref().map(member_row))
    }

    fn member_by_name(&self, name: &str) -> Result<Option<MemberRow>, StoreError> {
        let row = self.client.borrow_mut().query_opt(
            &format!("SELECT {MEMBER_COLUMNS} FROM member WHERE name = $1"),
            &[&name],
        )?;
        Ok(row.as_ref().map(member_row))
    }
}
