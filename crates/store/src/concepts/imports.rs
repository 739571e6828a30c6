//! Imports of files too large for one transaction: written a batch a transaction, each
//! batch with the import's progress ([`crate::ImportProgress`], given to a write of
//! records or documents), so that an import killed midway resumes where its last batch
//! ended. A file is known again by its digest, its importer and its terms.

use super::Chain;
use crate::{AuditEntry, ImportRow, StoreError};

pub trait Imports {
    /// The unfinished import of this file (by digest) by `member` with these terms, the
    /// latest if several, to be resumed as it is (nothing written); or a new one, with
    /// `audit` appended (its subject prefixed `import <id>: `), in one transaction.
    fn begin_import(
        &mut self,
        member: i64,
        file: &str,
        digest: &str,
        terms: &str,
        audit: &AuditEntry,
        chain: Chain<'_>,
    ) -> Result<ImportRow, StoreError>;

    /// Marks the import finished at the audit entry's time, with the entry, in one
    /// transaction; returns it as it ends. An import absent or finished already is
    /// [`StoreError::NotFound`].
    fn finish_import(
        &mut self,
        id: i64,
        audit: &AuditEntry,
        chain: Chain<'_>,
    ) -> Result<ImportRow, StoreError>;

    /// Every import, newest first.
    fn imports(&self) -> Result<Vec<ImportRow>, StoreError>;
}

/// The SQLite store: its own methods.
impl Imports for crate::Store {
    fn begin_import(
        &mut self,
        member: i64,
        file: &str,
        digest: &str,
        terms: &str,
        audit: &AuditEntry,
        chain: Chain<'_>,
    ) -> Result<ImportRow, StoreError> {
        crate::Store::begin_import(self, member, file, digest, terms, audit, chain)
    }

    fn finish_import(
        &mut self,
        id: i64,
        audit: &AuditEntry,
        chain: Chain<'_>,
    ) -> Result<ImportRow, StoreError> {
        crate::Store::finish_import(self, id, audit, chain)
    }

    fn imports(&self) -> Result<Vec<ImportRow>, StoreError> {
        crate::Store::imports(self)
    }
}
