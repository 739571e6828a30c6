//! Members and the hashes of their keys.

use super::Chain;
use crate::{AuditEntry, MemberRow, NewMember, StoreError};

pub trait Members {
    /// Adds a member and its audit entry in one transaction: both or neither. A name
    /// taken is [`StoreError::AlreadyExists`].
    fn add_member(
        &mut self,
        member: &NewMember<'_>,
        audit: &AuditEntry,
        chain: Chain<'_>,
    ) -> Result<MemberRow, StoreError>;

    /// Sets how a member is reached about hits, with its audit entry, in one transaction.
    fn set_member_contact(
        &mut self,
        name: &str,
        contact: &str,
        audit: &AuditEntry,
        chain: Chain<'_>,
    ) -> Result<(), StoreError>;

    /// Sets the time zone the member's officers work in, with its audit entry, in one
    /// transaction (checked by the caller; the store keeps it as given).
    fn set_member_time_zone(
        &mut self,
        name: &str,
        time_zone: &str,
        audit: &AuditEntry,
        chain: Chain<'_>,
    ) -> Result<(), StoreError>;

    /// Marks a member's key revoked at `at`, with its audit entry, in one transaction; a
    /// member absent or revoked already is [`StoreError::NotFound`].
    fn revoke_member(
        &mut self,
        name: &str,
        at: i64,
        audit: &AuditEntry,
        chain: Chain<'_>,
    ) -> Result<(), StoreError>;

    /// Every member, in the order they were added.
    fn members(&self) -> Result<Vec<MemberRow>, StoreError>;

    fn member_by_id(&self, id: i64) -> Result<Option<MemberRow>, StoreError>;

    fn member_by_name(&self, name: &str) -> Result<Option<MemberRow>, StoreError>;
}

/// The SQLite store: its own methods.
impl Members for crate::Store {
    fn add_member(
        &mut self,
        member: &NewMember<'_>,
        audit: &AuditEntry,
        chain: Chain<'_>,
    ) -> Result<MemberRow, StoreError> {
        crate::Store::add_member(self, member, audit, chain)
    }

    fn set_member_contact(
        &mut self,
        name: &str,
        contact: &str,
        audit: &AuditEntry,
        chain: Chain<'_>,
    ) -> Result<(), StoreError> {
        crate::Store::set_member_contact(self, name, contact, audit, chain)
    }

    fn set_member_time_zone(
        &mut self,
        name: &str,
        time_zone: &str,
        audit: &AuditEntry,
        chain: Chain<'_>,
    ) -> Result<(), StoreError> {
        crate::Store::set_member_time_zone(self, name, time_zone, audit, chain)
    }

    fn revoke_member(
        &mut self,
        name: &str,
        at: i64,
        audit: &AuditEntry,
        chain: Chain<'_>,
    ) -> Result<(), StoreError> {
        crate::Store::revoke_member(self, name, at, audit, chain)
    }

    fn members(&self) -> Result<Vec<MemberRow>, StoreError> {
        crate::Store::members(self)
    }

    fn member_by_id(&self, id: i64) -> Result<Option<MemberRow>, StoreError> {
        crate::Store::member_by_id(self, id)
    }

    fn member_by_name(&self, name: &str) -> Result<Option<MemberRow>, StoreError> {
        crate::Store::member_by_name(self, name)
    }
}
