//! Travel documents reported lost, stolen, revoked or invalidated: one narrow row a
//! document, the terms many documents share (access rule, action, review date) in rows of
//! their own, and every version a document had before its last change.
//!
//! A document is known by its number, issuing state, type and owner. Writing it again
//! makes a new version only when its status, date or terms changed (or it had been
//! withdrawn); withdrawing it keeps it, with its versions, as evidence; past its review
//! date it is removed, versions and all. Document ids start at [`crate::DOCUMENT_IDS`] on
//! every backend and are never given twice, even once a document is removed.

use super::Chain;
use crate::{
    AuditEntry, DocumentRow, ImportProgress, NewDocument, StoreError, Terms, WriteAudit,
    WriteCounts, WriteTerms,
};

pub trait Documents {
    /// Writes `documents` of one owner in one transaction with its audit entry (and the
    /// progress of the import it is part of): all or none. They are taken in key order
    /// (number, issuing state, type; equal keys in the order given, the last one winning),
    /// and new ones are numbered in that order. A new document takes `terms.terms`; one
    /// the owner already reported keeps the parts of its terms `terms.keep` names, gets a
    /// new version when its status, date or terms changed or it had been withdrawn, and is
    /// left alone otherwise. The changes of terms are put to `audit.terms_note` inside the
    /// transaction: its refusal is [`StoreError::Refused`]. A status not in
    /// [`crate::DOCUMENT_STATUSES`] or a date that is not one is [`StoreError::Invalid`];
    /// an import not found unfinished is [`StoreError::NotFound`]. Returns the counts and
    /// the documents' ids, in the order given.
    fn write_documents(
        &mut self,
        owner: i64,
        documents: &[NewDocument],
        terms: &WriteTerms,
        progress: Option<ImportProgress>,
        audit: &WriteAudit<'_>,
        chain: Chain<'_>,
    ) -> Result<(WriteCounts, Vec<i64>), StoreError>;

    /// The terms of the owner's documents (withdrawn ones too), each with how many have
    /// them, in the order the terms were first stored.
    fn document_terms_of(&self, owner: i64) -> Result<Vec<(Terms, usize)>, StoreError>;

    /// The terms of the owner's documents with these keys (number, issuing state, type),
    /// in the order asked; `None` for a document the owner has not reported.
    fn document_terms(
        &self,
        owner: i64,
        keys: &[(&str, &str, &str)],
    ) -> Result<Vec<Option<Terms>>, StoreError>;

    /// A document by its id, unless withdrawn.
    fn document(&self, id: i64) -> Result<Option<DocumentRow>, StoreError>;

    /// The documents of this number (normalised) that are not withdrawn and whose review
    /// date is `today` or later (`YYYY-MM-DD` compares as text), by any owner and issuing
    /// state, in id order.
    fn documents_by_number(
        &self,
        number: &str,
        today: &str,
    ) -> Result<Vec<DocumentRow>, StoreError>;

    /// [`Documents::documents_by_number`] for several numbers at once (a number and the
    /// ways it may have been misread), in one statement, in id order.
    fn documents_by_numbers(
        &self,
        numbers: &[String],
        today: &str,
    ) -> Result<Vec<DocumentRow>, StoreError>;

    /// Withdraws the owner's document (found again, or reported in error): a new version,
    /// no longer matching, kept as evidence; with the audit entry, in one transaction. A
    /// document absent, another's or withdrawn already is [`StoreError::NotFound`].
    fn withdraw_document(
        &mut self,
        owner: i64,
        id: i64,
        audit: &AuditEntry,
        chain: Chain<'_>,
    ) -> Result<(), StoreError>;

    /// Removes every document whose review date is before `today`, with its versions (and
    /// every version whose terms are past theirs), and the terms no longer used; with one
    /// audit entry naming how many (none when none were), in one transaction. Returns how
    /// many documents were removed.
    fn purge_expired_documents(
        &mut self,
        today: &str,
        audit: &AuditEntry,
        chain: Chain<'_>,
    ) -> Result<usize, StoreError>;

    /// How many versions the document had before its current one.
    fn document_versions(&self, id: i64) -> Result<i64, StoreError>;
}

/// The SQLite store: its own methods.
impl Documents for crate::Store {
    fn write_documents(
        &mut self,
        owner: i64,
        documents: &[NewDocument],
        terms: &WriteTerms,
        progress: Option<ImportProgress>,
        audit: &WriteAudit<'_>,
        chain: Chain<'_>,
    ) -> Result<(WriteCounts, Vec<i64>), StoreError> {
        crate::Store::write_documents(self, owner, documents, terms, progress, audit, chain)
    }

    fn document_terms_of(&self, owner: i64) -> Result<Vec<(Terms, usize)>, StoreError> {
        crate::Store::document_terms_of(self, owner)
    }

    fn document_terms(
        &self,
        owner: i64,
        keys: &[(&str, &str, &str)],
    ) -> Result<Vec<Option<Terms>>, StoreError> {
        crate::Store::document_terms(self, owner, keys)
    }

    fn document(&self, id: i64) -> Result<Option<DocumentRow>, StoreError> {
        crate::Store::document(self, id)
    }

    fn documents_by_number(
        &self,
        number: &str,
        today: &str,
    ) -> Result<Vec<DocumentRow>, StoreError> {
        crate::Store::documents_by_number(self, number, today)
    }

    fn documents_by_numbers(
        &self,
        numbers: &[String],
        today: &str,
    ) -> Result<Vec<DocumentRow>, StoreError> {
        crate::Store::documents_by_numbers(self, numbers, today)
    }

    fn withdraw_document(
        &mut self,
        owner: i64,
        id: i64,
        audit: &AuditEntry,
        chain: Chain<'_>,
    ) -> Result<(), StoreError> {
        crate::Store::withdraw_document(self, owner, id, audit, chain)
    }

    fn purge_expired_documents(
        &mut self,
        today: &str,
        audit: &AuditEntry,
        chain: Chain<'_>,
    ) -> Result<usize, StoreError> {
        crate::Store::purge_expired_documents(self, today, audit, chain)
    }

    fn document_versions(&self, id: i64) -> Result<i64, StoreError> {
        crate::Store::document_versions(self, id)
    }
}
