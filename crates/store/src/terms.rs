//! What an owner decides for its records and documents ([`Terms`]: who sees them, what an
//! officer does on a hit, the day after which they stop matching), how a write applies
//! them to what is stored already, and the audit entry that notes the changes: the same on
//! both backends.

use crate::{AuditEntry, StoreError};

/// What a record's owner decided for it: who sees it, what an officer does on a hit, and
/// the day after which it stops matching.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Terms {
    /// `all`, `members` or `owner-only`.
    pub access_level: String,
    /// The members (ids) a `members` record is shown to, besides its owner.
    pub access_members: Vec<i64>,
    pub action: String,
    /// `YYYY-MM-DD`.
    pub review_by: String,
}

impl Terms {
    /// The same terms with the member list in one order and each member once, as compared.
    pub fn normalised(mut self) -> Terms {
        self.access_members.sort_unstable();
        self.access_members.dedup();
        self
    }
}

/// Which parts of its terms a record already stored keeps when written again; a new
/// record takes the write's terms whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct KeepTerms {
    /// The access level and its member list.
    pub access: bool,
    pub action: bool,
    pub review_by: bool,
}

impl KeepTerms {
    /// Every part given by the write.
    pub const NONE: KeepTerms = KeepTerms {
        access: false,
        action: false,
        review_by: false,
    };
    /// Every part kept: only new records take the write's terms.
    pub const ALL: KeepTerms = KeepTerms {
        access: true,
        action: true,
        review_by: true,
    };
}

/// The terms of a write: those of its new records, and the parts not kept of those of
/// the records already stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WriteTerms {
    pub terms: Terms,
    pub keep: KeepTerms,
}

impl WriteTerms {
    /// These terms for every record written.
    pub fn set(terms: Terms) -> WriteTerms {
        WriteTerms {
            terms,
            keep: KeepTerms::NONE,
        }
    }

    /// The terms a record stored with `old` has once written.
    pub fn applied_to(&self, old: &Terms) -> Terms {
        let (access_level, access_members) = if self.keep.access {
            (old.access_level.clone(), old.access_members.clone())
        } else {
            (
                self.terms.access_level.clone(),
                self.terms.access_members.clone(),
            )
        };
        let pick = |keep: bool, old: &String, new: &String| {
            if keep {
                old.clone()
            } else {
                new.clone()
            }
        };
        Terms {
            access_level,
            access_members,
            action: pick(self.keep.action, &old.action, &self.terms.action),
            review_by: pick(self.keep.review_by, &old.review_by, &self.terms.review_by),
        }
        .normalised()
    }
}

/// Records already stored whose terms a write changed: from what, to what, how many.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermsChange {
    pub from: Terms,
    pub to: Terms,
    pub records: usize,
}

/// Counts a change of terms into `changes` (one entry per pair of terms).
pub(crate) fn count_change(changes: &mut Vec<TermsChange>, from: &Terms, to: &Terms) {
    if from == to {
        return;
    }
    match changes
        .iter_mut()
        .find(|change| change.from == *from && change.to == *to)
    {
        Some(change) => change.records += 1,
        None => changes.push(TermsChange {
            from: from.clone(),
            to: to.clone(),
            records: 1,
        }),
    }
}

/// The audit entry of a write of records, and the service's word on the terms the write
/// changed: a note added to the entry's subject, or a refusal, which undoes the write (the
/// store does not judge them: whether a change widens access is the service's to say, and
/// saying it inside the transaction means no change made meanwhile by another writer
/// slips through).
pub struct WriteAudit<'a> {
    pub entry: &'a AuditEntry,
    pub terms_note: &'a dyn Fn(&[TermsChange]) -> Result<String, String>,
}

fn no_note(_: &[TermsChange]) -> Result<String, String> {
    Ok(String::new())
}

impl<'a> WriteAudit<'a> {
    /// The entry as given, whatever the write changed.
    pub fn plain(entry: &'a AuditEntry) -> WriteAudit<'a> {
        WriteAudit {
            entry,
            terms_note: &no_note,
        }
    }

    /// The entry to append once the write is done, its subject noting `changes`; or the
    /// service's refusal of them.
    pub(crate) fn entry_for(&self, changes: &[TermsChange]) -> Result<AuditEntry, StoreError> {
        let mut entry = self.entry.clone();
        let note = (self.terms_note)(changes).map_err(StoreError::Refused)?;
        if !note.is_empty() {
            entry.subject = format!("{}: {note}", entry.subject);
        }
        Ok(entry)
    }
}

pub(crate) fn members_text(members: &[i64]) -> String {
    let mut members = members.to_vec();
    members.sort_unstable();
    members.dedup();
    members
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

/// The member ids of a list stored as text (`2,3`), as [`members_text`] writes it.
pub(crate) fn members_of(text: &str) -> Vec<i64> {
    text.split(',').filter_map(|id| id.parse().ok()).collect()
}
