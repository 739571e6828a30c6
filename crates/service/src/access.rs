//! Who may see what of a record, decided here and nowhere else: the terms an owner gives
//! a record (`Access`, `RecordTerms`) and the access rule over them (`disclosure`).
//! Every place a record can surface asks this module: a screening's findings
//! (`screening`, shown as a [`Disclosure`]), a hit's record ([`record_view`]), and a read
//! or change of the record itself ([`may_read`], [`may_read_document`]). It takes nothing
//! from the modules that find, write or screen records (only `members` and the error
//! type), so that the rule cannot come to depend on how a record was found or written.

use crate::members::Member;
use crate::ServiceError;
use gatecheck_engine::watchlist::Explanation;
use gatecheck_store::concepts::Backend;
use gatecheck_store::{DocumentRow, DocumentStatus, RecordKind, RecordRow, StoreError};

/// Who, besides its owner, sees a record on a hit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Access {
    /// Every member.
    All,
    /// Only these members (by name); any other member learns that there is a hit and
    /// which member to contact.
    Members(Vec<String>),
    /// Nobody: the querying member is told to refer to the owner, and the owner is
    /// notified.
    OwnerOnly,
}

impl Access {
    pub fn level(&self) -> &'static str {
        match self {
            Access::All => "all",
            Access::Members(_) => "members",
            Access::OwnerOnly => "owner-only",
        }
    }

    /// Reads a level and its member list as an API or command line gives them.
    pub fn parse(level: &str, members: Vec<String>) -> Result<Access, ServiceError> {
        let invalid = |reason: String| ServiceError::Invalid {
            field: "access",
            reason,
        };
        match level {
            "all" | "owner-only" if !members.is_empty() => {
                Err(invalid(format!("level {level:?} takes no member list")))
            }
            "all" => Ok(Access::All),
            "owner-only" => Ok(Access::OwnerOnly),
            "members" if members.is_empty() => Err(invalid(
                "level \"members\" needs at least one member".to_string(),
            )),
            "members" => Ok(Access::Members(members)),
            other => Err(invalid(format!(
                "level {other:?} is not one of all, members, owner-only"
            ))),
        }
    }
}

/// What an owner asks for every record of a batch.
#[derive(Debug, Clone)]
pub struct RecordTerms {
    pub access: Access,
    pub action: String,
    /// `YYYY-MM-DD`.
    pub review_by: String,
}

/// What a querying member is shown of one matching record.
#[derive(Debug, Clone, PartialEq)]
pub enum Disclosure {
    /// The record, its score and explanation, and the action asked.
    Full {
        record: i64,
        entity_id: String,
        owner: String,
        score: f32,
        explanation: Box<Explanation>,
        action: String,
        /// For a travel document: what it is, and which reading of the number asked found
        /// it (`None` for a person record).
        document: Option<Box<DocumentFacts>>,
        /// The sanctions on the record and its ties, as its list attached them (`None`
        /// when it has none).
        listing: Option<std::sync::Arc<gatecheck_formats::ftm::Listing>>,
    },
    /// That a record of `owner` matched, and that `owner` is to be contacted.
    ContactOwner { owner: String },
    /// Only that the case is to be referred to the record's owner (who is notified).
    ReferToOwner,
}

/// What a member that may see a document record in full is told of it: what the document
/// is, and how the number asked found it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentFacts {
    pub number: String,
    pub issuing_state: String,
    /// `P`, `I`, `V` ... as reported.
    pub kind: String,
    pub status: DocumentStatus,
    /// `YYYY-MM-DD`.
    pub reported_on: String,
    /// The number looked up that found it: the one asked, or one of its misreadings.
    pub matched_number: String,
    /// How the number asked was misread to give `matched_number` (`"O for 0 at position
    /// 3"`), `None` when it matched as asked.
    pub misread: Option<String>,
}

/// What the access rule reads of a stored record: whose it is, its level as stored, and
/// the members (by id) a `members` record is open to. Borrowed from a record's or a
/// document's row, or from what screening keeps of one, so that asking costs no copy.
#[derive(Debug, Clone, Copy)]
pub(crate) struct StoredAccess<'a> {
    pub(crate) owner: i64,
    /// `all`, `members` or `owner-only`; any other is read as the most restrictive.
    pub(crate) level: &'a str,
    pub(crate) members: &'a [i64],
}

impl<'a> StoredAccess<'a> {
    /// The access of a person record.
    pub(crate) fn of_record(record: &'a RecordRow) -> StoredAccess<'a> {
        StoredAccess {
            owner: record.owner,
            level: &record.access_level,
            members: &record.access_members,
        }
    }

    /// The access of a document record (its terms are kept apart from the document).
    pub(crate) fn of_document(document: &'a DocumentRow) -> StoredAccess<'a> {
        StoredAccess {
            owner: document.owner,
            level: &document.terms.access_level,
            members: &document.terms.access_members,
        }
    }
}

/// Whether `viewer` may read the record itself (not only learn of a hit on it): only when
/// a hit would show it in full.
pub fn may_read(record: &RecordRow, viewer: &Member) -> bool {
    disclosure(StoredAccess::of_record(record), viewer.id) == Visibility::Full
}

/// [`may_read`] for a document record.
pub fn may_read_document(document: &DocumentRow, viewer: &Member) -> bool {
    disclosure(StoredAccess::of_document(document), viewer.id) == Visibility::Full
}

/// The owner of a record as a hit shows it: who, and how to reach them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Owner {
    pub name: String,
    pub country: String,
    /// Empty when the owner gave none.
    pub contact: String,
}

/// A record as a member may see it when it looks at a hit on it: whole, with whom to
/// contact, or only that the owner is to be asked. A record withdrawn since the hit is
/// shown as the most restrictive, as its access can no longer be read.
#[derive(Debug, Clone, PartialEq)]
pub enum RecordView {
    Person { record: RecordRow, owner: Owner },
    Document { document: DocumentRow, owner: Owner },
    ContactOwner { owner: Owner },
    ReferToOwner,
}

impl RecordView {
    /// Whether the viewer sees the record whole (and so may compare it with a traveller).
    pub fn is_full(&self) -> bool {
        matches!(
            self,
            RecordView::Person { .. } | RecordView::Document { .. }
        )
    }
}

/// What `viewer` may see of record `id` (a person record or a document), by the access
/// rule.
pub fn record_view(
    store: &dyn Backend,
    id: i64,
    viewer: &Member,
) -> Result<RecordView, StoreError> {
    let owner_of = |owner: i64| -> Result<Owner, StoreError> {
        Ok(match store.member_by_id(owner)? {
            Some(member) => Owner {
                name: member.name,
                country: member.country,
                contact: member.contact,
            },
            None => Owner {
                name: format!("member {owner}"),
                country: String::new(),
                contact: String::new(),
            },
        })
    };
    enum Read {
        Person(RecordRow),
        Document(DocumentRow),
    }
    // the record is read once; its owner only when the rule lets the viewer learn it
    let (owned_by, visibility, read) = if RecordKind::of(id) == RecordKind::Document {
        let Some(document) = store.document(id)? else {
            return Ok(RecordView::ReferToOwner);
        };
        let visibility = disclosure(StoredAccess::of_document(&document), viewer.id);
        (document.owner, visibility, Read::Document(document))
    } else {
        let Some(record) = store.record(id)? else {
            return Ok(RecordView::ReferToOwner);
        };
        let visibility = disclosure(StoredAccess::of_record(&record), viewer.id);
        (record.owner, visibility, Read::Person(record))
    };
    Ok(match visibility {
        Visibility::Full => {
            let owner = owner_of(owned_by)?;
            match read {
                Read::Person(record) => RecordView::Person { record, owner },
                Read::Document(document) => RecordView::Document { document, owner },
            }
        }
        Visibility::ContactOwner => RecordView::ContactOwner {
            owner: owner_of(owned_by)?,
        },
        Visibility::ReferToOwner => RecordView::ReferToOwner,
    })
}

/// How much of a record a member may see.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Visibility {
    Full,
    ContactOwner,
    ReferToOwner,
}

/// The access rule, decided here and nowhere else: the owner sees its records; `all`
/// records are seen by every member; `members` records by the listed members, while others
/// learn whom to contact; `owner-only` records only tell others to refer to the owner.
/// An unknown level is read as the most restrictive.
pub(crate) fn disclosure(record: StoredAccess<'_>, viewer: i64) -> Visibility {
    if record.owner == viewer {
        return Visibility::Full;
    }
    match record.level {
        "all" => Visibility::Full,
        "members" if record.members.contains(&viewer) => Visibility::Full,
        "members" => Visibility::ContactOwner,
        _ => Visibility::ReferToOwner,
    }
}
