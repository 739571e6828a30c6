//! Travel documents reported lost, stolen, revoked or invalidated, contributed as records
//! like persons (same owner, access rule, action, review date, versions, hits and
//! notifications) but stored apart, narrow, and found by number in the store itself.

use crate::access::RecordTerms;
use crate::console::User;
use crate::members::Member;
use crate::terms::{Changes, Confirmed, TermsUpdate};
use crate::{audit, ServiceError};
use gatecheck_engine::person::PartialDate;
use gatecheck_store::concepts::Backend;
use gatecheck_store::{
    AuditEntry, DocumentStatus, NewDocument, TermsChange, WriteAudit, WriteCounts,
};
use sha2::{Digest, Sha256};

/// Statuses a document may be reported with.
pub const STATUSES: &[&str] = &gatecheck_store::DOCUMENT_STATUSES;

/// The most characters of a document number (ICAO 9303 allows nine, more in TD1 optional
/// data; national identity numbers run longer).
const MAX_NUMBER_CHARS: usize = 30;

/// A reported travel document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TravelDocument {
    /// Upper case, letters and digits only.
    pub number: String,
    /// ICAO code of the issuing state.
    pub issuing_state: String,
    /// `P` passport, `I`/`A`/`C` identity cards, `V` visa, or as given (upper case).
    pub kind: String,
    pub status: DocumentStatus,
    /// `YYYY-MM-DD`.
    pub reported_on: String,
}

/// A document number as compared: upper case, letters and digits only, so that
/// `ob 0243318` and `OB-0243318` are one number.
pub fn normalise_number(number: &str) -> String {
    number
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

fn invalid(field: &'static str, reason: String) -> ServiceError {
    ServiceError::Invalid { field, reason }
}

/// Checks and normalises the fields of a document as an API or file gives them.
pub fn read_document(
    number: &str,
    issuing_state: &str,
    kind: &str,
    status: &str,
    reported_on: &str,
) -> Result<TravelDocument, ServiceError> {
    let normalised = read_number(number)?;
    let issuing_state = read_state(issuing_state)?;
    let kind = kind.trim().to_ascii_uppercase();
    if kind.is_empty() || kind.len() > 20 || !kind.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(invalid(
            "type",
            format!("{kind:?} is not a document type (P, I, V ...)"),
        ));
    }
    let Ok(status) = status.parse::<DocumentStatus>() else {
        return Err(invalid(
            "status",
            format!("{status:?} is not one of {}", STATUSES.join(", ")),
        ));
    };
    let full_date = PartialDate::parse(reported_on)
        .ok()
        .filter(|date| date.day.is_some() && reported_on.len() == 10);
    if full_date.is_none() {
        return Err(invalid(
            "reported_on",
            format!("{reported_on:?} is not a date YYYY-MM-DD"),
        ));
    }
    Ok(TravelDocument {
        number: normalised,
        issuing_state,
        kind,
        status,
        reported_on: reported_on.to_string(),
    })
}

/// A document number, normalised, or the reason it is not one.
pub fn read_number(number: &str) -> Result<String, ServiceError> {
    let normalised = normalise_number(number);
    if normalised.is_empty() || normalised.len() > MAX_NUMBER_CHARS {
        return Err(invalid(
            "number",
            format!(
                "{number:?} is not a document number (1 to {MAX_NUMBER_CHARS} letters and digits)"
            ),
        ));
    }
    Ok(normalised)
}

/// An issuing state as ICAO codes it: one to three capital letters (`JOR`, `D`, `GBD`).
pub fn read_state(state: &str) -> Result<String, ServiceError> {
    let state = state.trim();
    if (1..=3).contains(&state.len()) && state.bytes().all(|b| b.is_ascii_uppercase()) {
        Ok(state.to_string())
    } else {
        Err(invalid(
            "issuing_state",
            format!("{state:?} is not an ICAO state code (one to three capital letters)"),
        ))
    }
}

impl TravelDocument {
    /// The record's entity id: one record per number and issuing state and owner.
    pub fn entity_id(&self) -> String {
        format!("doc-{}-{}", self.issuing_state, self.number)
    }

    /// The number, issuing state and type, by which the store finds an owner's stored
    /// document (`terms::Preview::add_documents`).
    pub fn key(&self) -> (&str, &str, &str) {
        (&self.number, &self.issuing_state, &self.kind)
    }

    /// Adds the document to a digest as a line of a document file (`number,issuing_state,
    /// type,status,reported_on` and a newline): what an audit entry digests of it.
    pub fn digest_into(&self, digest: &mut Sha256) {
        for (at, field) in [
            self.number.as_str(),
            &self.issuing_state,
            &self.kind,
            self.status.as_str(),
            &self.reported_on,
        ]
        .into_iter()
        .enumerate()
        {
            if at > 0 {
                digest.update(b",");
            }
            digest.update(field.as_bytes());
        }
        digest.update(b"\n");
    }
}

impl From<TravelDocument> for NewDocument {
    fn from(document: TravelDocument) -> NewDocument {
        NewDocument {
            number: document.number,
            issuing_state: document.issuing_state,
            kind: document.kind,
            status: document.status,
            reported_on: document.reported_on,
        }
    }
}

impl From<NewDocument> for TravelDocument {
    fn from(document: NewDocument) -> TravelDocument {
        TravelDocument {
            number: document.number,
            issuing_state: document.issuing_state,
            kind: document.kind,
            status: document.status,
            reported_on: document.reported_on,
        }
    }
}

/// Contributes a document as a record of `owner` (a new version if the owner already
/// reported this number, issuing state and type); returns the record's id. Terms that
/// would widen a stored document's access or change its action are refused (see
/// [`write`] to confirm them).
pub fn contribute(
    store: &mut dyn Backend,
    owner: &Member,
    document: &TravelDocument,
    terms: &RecordTerms,
    now: i64,
) -> Result<i64, ServiceError> {
    let update = TermsUpdate::set(terms.clone());
    let documents = std::slice::from_ref(document);
    let (_, ids) = write(store, owner, documents, &update, Confirmed::default(), now)?;
    ids.first()
        .copied()
        .ok_or_else(|| invalid("document", "was not stored".to_string()))
}

/// Contributes many documents of one owner with the same terms, as [`contribute`] does
/// one.
pub fn contribute_many(
    store: &mut dyn Backend,
    owner: &Member,
    documents: &[TravelDocument],
    terms: &RecordTerms,
    now: i64,
) -> Result<(WriteCounts, Vec<i64>), ServiceError> {
    let update = TermsUpdate::set(terms.clone());
    write(store, owner, documents, &update, Confirmed::default(), now)
}

/// Writes documents of one owner with `update` (a stored document keeps the parts of its
/// terms the update keeps), in one transaction with one audit entry (which digests every
/// document written and names every change of terms); a write that would open a stored
/// document to more members or change its action is refused unless `confirmed` says it
/// is meant. Returns the counts and the documents' ids in order.
pub fn write(
    store: &mut dyn Backend,
    owner: &Member,
    documents: &[TravelDocument],
    update: &TermsUpdate,
    confirmed: Confirmed,
    now: i64,
) -> Result<(WriteCounts, Vec<i64>), ServiceError> {
    let mut digest = Sha256::new();
    for document in documents {
        document.digest_into(&mut digest);
    }
    let actor = owner.actor();
    let entry = AuditEntry {
        at: now,
        actor: actor.clone(),
        action: crate::audit::Action::RecordsDocuments.to_string(),
        subject: match documents {
            [one] => format!(
                "document record {} of member {}",
                one.entity_id(),
                owner.name
            ),
            many => format!("{} document records of member {}", many.len(), owner.name),
        },
        digest: audit::hex(&digest.finalize()),
    };
    write_checked(store, owner, documents, update, confirmed, &entry)
}

/// Writes checked documents with `update`, refusing what `confirmed` does not cover, with
/// `entry` noting the changes of terms.
fn write_checked(
    store: &mut dyn Backend,
    owner: &Member,
    documents: &[TravelDocument],
    update: &TermsUpdate,
    confirmed: Confirmed,
    entry: &AuditEntry,
) -> Result<(WriteCounts, Vec<i64>), ServiceError> {
    let stored = update.stored(store)?;
    // judged inside the write's transaction, on the terms each document has then
    let changes = Changes::guarding(store, confirmed, crate::records::API_CONFIRMATIONS)?;
    let note = |written: &[TermsChange]| changes.note(written);
    let audit = WriteAudit {
        entry,
        terms_note: &note,
    };
    let documents: Vec<NewDocument> = documents.iter().cloned().map(NewDocument::from).collect();
    store
        .write_documents(
            owner.id,
            &documents,
            &stored,
            None,
            &audit,
            &audit::chain_hash,
        )
        .map_err(|error| changes.error(error))
}

/// Replaces the owner's document record `id` with a new version: the same number,
/// issuing state and type, a new status, date or terms. A document of another member is
/// answered as absent.
pub fn replace(
    store: &mut dyn Backend,
    owner: &Member,
    id: i64,
    document: &TravelDocument,
    update: &TermsUpdate,
    confirmed: Confirmed,
    now: i64,
) -> Result<i64, ServiceError> {
    let stored = owned_document(store, owner, id)?;
    let same = |a: &str, b: &str| a == b;
    if !(same(&stored.document.number, &document.number)
        && same(&stored.document.issuing_state, &document.issuing_state)
        && same(&stored.document.kind, &document.kind))
    {
        return Err(invalid(
            "document",
            format!(
                "a record keeps its number, issuing state and type ({} {} {})",
                stored.document.kind, stored.document.issuing_state, stored.document.number
            ),
        ));
    }
    let (_, ids) = write(
        store,
        owner,
        std::slice::from_ref(document),
        update,
        confirmed,
        now,
    )?;
    ids.first()
        .copied()
        .ok_or_else(|| invalid("document", "was not stored".to_string()))
}

/// The documents of `user`'s member with this number (normalised), live on `today`: how
/// the console finds one among millions (the number is indexed, the owner is not). The
/// read is audited.
pub fn owned_by_number(
    store: &mut dyn Backend,
    user: &User,
    number: &str,
    today: &str,
    now: i64,
) -> Result<Vec<gatecheck_store::DocumentRow>, ServiceError> {
    let number = normalise_number(number);
    let rows: Vec<_> = store
        .documents_by_number(&number, today)?
        .into_iter()
        .filter(|row| row.owner == user.member.id)
        .collect();
    store.append_audit(
        &audit::entry(
            now,
            user.actor(),
            crate::audit::Action::RecordFind,
            format!("documents numbered {number}"),
            number.as_bytes(),
        ),
        &audit::chain_hash,
    )?;
    Ok(rows)
}

/// One of `user`'s member's documents (another member's is absent). The read is audited.
pub fn owned(
    store: &mut dyn Backend,
    user: &User,
    id: i64,
    now: i64,
) -> Result<gatecheck_store::DocumentRow, ServiceError> {
    let row = store
        .document(id)?
        .filter(|row| row.owner == user.member.id)
        .ok_or_else(|| ServiceError::not_found("record", id))?;
    store.append_audit(
        &audit::entry(
            now,
            user.actor(),
            crate::audit::Action::RecordRead,
            format!("document record {id}"),
            row.document.number.as_bytes(),
        ),
        &audit::chain_hash,
    )?;
    Ok(row)
}

/// Changes the access, action and review date of one of `user`'s member's documents (a new
/// version, the document unchanged). Supervisors and administrators only; a change that
/// opens the document to more members is refused unless `confirmed` says so. The change
/// and its audit entry (under the user as well as the member, saying what widened) are
/// one transaction.
pub fn change_terms(
    store: &mut dyn Backend,
    user: &User,
    id: i64,
    terms: &RecordTerms,
    confirmed: Confirmed,
    now: i64,
) -> Result<(), ServiceError> {
    user.must_keep_records()?;
    let row = store
        .document(id)?
        .filter(|row| row.owner == user.member.id)
        .ok_or_else(|| ServiceError::not_found("record", id))?;
    let entry = audit::entry(
        now,
        user.actor(),
        crate::audit::Action::RecordTerms,
        format!("document record {id}"),
        format!(
            "{}\n{}\n{}",
            terms.access.level(),
            terms.action,
            terms.review_by
        )
        .as_bytes(),
    );
    let document = TravelDocument::from(row.document);
    let update = TermsUpdate::set(terms.clone());
    write_checked(
        store,
        &user.member,
        std::slice::from_ref(&document),
        &update,
        confirmed,
        &entry,
    )?;
    Ok(())
}

/// Withdraws the owner's document record `id` (the document was found, or reported in
/// error): it stops matching at once and is kept, with its versions, as evidence.
pub fn withdraw(
    store: &mut dyn Backend,
    owner: &Member,
    id: i64,
    now: i64,
) -> Result<(), ServiceError> {
    owned_document(store, owner, id)?;
    let actor = owner.actor();
    let entry = audit::entry(
        now,
        actor.clone(),
        crate::audit::Action::RecordDelete,
        format!("document record {id}"),
        id.to_string().as_bytes(),
    );
    store.withdraw_document(owner.id, id, &entry, &audit::chain_hash)?;
    Ok(())
}

/// The document record `id` if `actor` owns it; refused to another member that may read
/// it, absent to one that may not (see `records::owned_record`).
fn owned_document(
    store: &dyn Backend,
    actor: &Member,
    id: i64,
) -> Result<gatecheck_store::DocumentRow, ServiceError> {
    match store.document(id)? {
        Some(row) if row.owner == actor.id => Ok(row),
        Some(row) if crate::access::may_read_document(&row, actor) => Err(ServiceError::Forbidden(
            format!("record {id} is another member's: only its owner changes it"),
        )),
        _ => Err(ServiceError::not_found("record", id)),
    }
}

/// Removes the documents past their review date (see `Store::purge_expired_documents`);
/// returns how many.
pub fn purge_expired(
    store: &mut dyn Backend,
    today: &str,
    actor: &str,
    now: i64,
) -> Result<usize, ServiceError> {
    let entry = crate::records::purge_entry(today, actor, now);
    Ok(store.purge_expired_documents(today, &entry, &audit::chain_hash)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_fields_are_normalised_and_checked() {
        let document = read_document("ob 0243-318", "COD", "p", "stolen", "2026-01-02").unwrap();
        assert_eq!(document.number, "OB0243318");
        assert_eq!(document.kind, "P");
        // as the store keeps it and reads it back
        assert_eq!(
            TravelDocument::from(NewDocument::from(document.clone())),
            document
        );
        for (fields, field) in [
            (("", "COD", "P", "lost", "2026-01-02"), "number"),
            (("AB1", "cod", "P", "lost", "2026-01-02"), "issuing_state"),
            (("AB1", "COD", "", "lost", "2026-01-02"), "type"),
            (("AB1", "COD", "P", "found", "2026-01-02"), "status"),
            (("AB1", "COD", "P", "lost", "2026-02-30"), "reported_on"),
        ] {
            let (number, state, kind, status, date) = fields;
            match read_document(number, state, kind, status, date) {
                Err(ServiceError::Invalid { field: got, .. }) => assert_eq!(got, field),
                other => panic!("{fields:?}: {other:?}"),
            }
        }
        assert!(read_number(&"9".repeat(31)).is_err());
    }
}
