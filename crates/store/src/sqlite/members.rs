//! Members and the hashes of their keys, in SQLite.

use rusqlite::{params, OptionalExtension};

use super::{append_audit, Store};
use crate::{AuditEntry, AuditRow, MemberRow, NewMember, StoreError};

impl Store {
    /// Adds a member and its audit entry in one transaction: both or neither.
    /// `chain` turns the numbered entry and the previous hash into the entry's hash.
    pub fn add_member(
        &mut self,
        member: &NewMember<'_>,
        audit: &AuditEntry,
        chain: impl Fn(&AuditRow) -> String,
    ) -> Result<MemberRow, StoreError> {
        let transaction = self.begin()?;
        let taken: bool = transaction
            .prepare_cached("SELECT EXISTS(SELECT 1 FROM member WHERE name = ?1)")?
            .query_row(params![member.name], |row| row.get(0))?;
        if taken {
            return Err(StoreError::AlreadyExists {
                what: "member",
                name: member.name.to_string(),
            });
        }
        transaction.prepare_cached("INSERT INTO member (name, country, admin, key_hash, created_at) VALUES (?1, ?2, ?3, ?4, ?5)")?
            .execute(params![member.name, member.country, member.admin, member.key_hash, member.created_at],
        )?;
        let id = transaction.last_insert_rowid();
        append_audit(&transaction, audit, &chain)?;
        transaction.commit()?;
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
    }

    /// Sets how a member is reached about hits, with its audit entry, in one transaction.
    pub fn set_member_contact(
        &mut self,
        name: &str,
        contact: &str,
        audit: &AuditEntry,
        chain: impl Fn(&AuditRow) -> String,
    ) -> Result<(), StoreError> {
        let update = "UPDATE member SET contact = ?2 WHERE name = ?1";
        self.set_member_setting(update, name, contact, audit, chain)
    }

    /// Sets the time zone the member's officers work in, with its audit entry, in one
    /// transaction.
    pub fn set_member_time_zone(
        &mut self,
        name: &str,
        time_zone: &str,
        audit: &AuditEntry,
        chain: impl Fn(&AuditRow) -> String,
    ) -> Result<(), StoreError> {
        let update = "UPDATE member SET time_zone = ?2 WHERE name = ?1";
        self.set_member_setting(update, name, time_zone, audit, chain)
    }

    /// One of a member's settings written by `update` (`?1` the name, `?2` the value), with
    /// its audit entry, in one transaction.
    fn set_member_setting(
        &mut self,
        update: &str,
        name: &str,
        value: &str,
        audit: &AuditEntry,
        chain: impl Fn(&AuditRow) -> String,
    ) -> Result<(), StoreError> {
        self.with_audit(Some(audit), chain, |transaction| {
            let changed = transaction
                .prepare_cached(update)?
                .execute(params![name, value])?;
            if changed == 0 {
                return Err(StoreError::NotFound {
                    what: "member",
                    name: name.to_string(),
                });
            }
            Ok(())
        })
    }

    /// Marks a member's key revoked, with its audit entry, in one transaction.
    pub fn revoke_member(
        &mut self,
        name: &str,
        at: i64,
        audit: &AuditEntry,
        chain: impl Fn(&AuditRow) -> String,
    ) -> Result<(), StoreError> {
        let transaction = self.begin()?;
        let changed = transaction
            .prepare_cached(
                "UPDATE member SET revoked_at = ?2 WHERE name = ?1 AND revoked_at IS NULL",
            )?
            .execute(params![name, at])?;
        if changed == 0 {
            return Err(StoreError::NotFound {
                what: "active member",
                name: name.to_string(),
            });
        }
        append_audit(&transaction, audit, &chain)?;
        transaction.commit()?;
        Ok(())
    }

    /// Every member, in the order they were added.
    pub fn members(&self) -> Result<Vec<MemberRow>, StoreError> {
        let mut statement = self.connection.prepare_cached(
            "SELECT id, name, country, admin, key_hash, created_at, revoked_at, contact, time_zone FROM member ORDER BY id",
        )?;
        let rows = statement.query_map([], member_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn member_by_id(&self, id: i64) -> Result<Option<MemberRow>, StoreError> {
        Ok(self
            .connection
            .prepare_cached("SELECT id, name, country, admin, key_hash, created_at, revoked_at, contact, time_zone FROM member WHERE id = ?1")?
            .query_row(params![id],
                member_row,
            )
            .optional()?)
    }

    pub fn member_by_name(&self, name: &str) -> Result<Option<MemberRow>, StoreError> {
        Ok(self
            .connection
            .prepare_cached("SELECT id, name, country, admin, key_hash, created_at, revoked_at, contact, time_zone FROM member WHERE name = ?1")?
            .query_row(params![name],
                member_row,
            )
            .optional()?)
    }
}

fn member_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<MemberRow> {
    Ok(MemberRow {
        id: row.get(0)?,
        name: row.get(1)?,
        country: row.get(2)?,
        admin: row.get(3)?,
        key_hash: row.get(4)?,
        created_at: row.get(5)?,
        revoked_at: row.get(6)?,
        contact: row.get(7)?,
        time_zone: row.get(8)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sqlite::testing::{chain, entry};
    use crate::CHAIN_START;

    #[test]
    fn members_are_added_listed_and_revoked_with_audit_entries() {
        let directory = tempfile::tempdir().unwrap();
        let mut store = Store::open(directory.path()).unwrap();
        let member = NewMember {
            name: "jordan-psd",
            country: "JOR",
            admin: false,
            key_hash: &[7; 32],
            created_at: 1_700_000_000,
        };
        let added = store
            .add_member(&member, &entry("member.add"), chain)
            .unwrap();
        assert_eq!(store.members().unwrap(), std::slice::from_ref(&added));
        assert_eq!(store.member_by_id(added.id).unwrap(), Some(added));
        let again = store.add_member(&member, &entry("member.add"), chain);
        assert!(matches!(again, Err(StoreError::AlreadyExists { .. })));
        store
            .revoke_member("jordan-psd", 1_700_000_100, &entry("member.revoke"), chain)
            .unwrap();
        assert_eq!(store.members().unwrap()[0].revoked_at, Some(1_700_000_100));
        let twice = store.revoke_member("jordan-psd", 1, &entry("member.revoke"), chain);
        assert!(matches!(twice, Err(StoreError::NotFound { .. })));
        // the failed add and revoke left no audit entry behind
        let log = store.audit_entries(1, i64::MAX).unwrap();
        let actions: Vec<&str> = log.iter().map(|row| row.action.as_str()).collect();
        assert_eq!(actions, ["member.add", "member.revoke"]);
        assert_eq!(log[0].previous, CHAIN_START);
        assert_eq!(log[1].previous, log[0].hash);
    }
}
