//! Records contributed by members: FollowTheMoney persons with the owner's access rule, the
//! action asked of an officer on a hit, and a review date after which the record stops
//! matching. Writing is all or nothing: one bad line refuses the whole file, and a write
//! that would open a stored record to more members without saying so writes nothing
//! (`terms`).

use crate::access::RecordTerms;
use crate::console::User;
use crate::terms::{Changes, Confirmed, TermsUpdate};
use crate::{audit, ServiceError};
use gatecheck_store::concepts::Backend;
use gatecheck_store::{AuditEntry, NewRecord, RecordRow, TermsChange, WriteAudit, WriteCounts};

/// The most problems listed when a file is refused.
const MAX_PROBLEMS: usize = 20;

/// Writes the FollowTheMoney entity lines of `text` as records of `owner`, with `terms`
/// for every record; a write that would widen the access of a stored record or change its
/// action is refused (see [`write_entities`] to confirm it). Every line is read first: if
/// any is malformed, nothing is written and the error lists the first problems with
/// their line numbers.
pub fn import_entities(
    store: &mut dyn Backend,
    owner: &str,
    text: &str,
    terms: &RecordTerms,
    actor: &str,
    now: i64,
) -> Result<WriteCounts, ServiceError> {
    let update = TermsUpdate::set(terms.clone());
    write_entities(
        store,
        owner,
        text,
        &update,
        Confirmed::default(),
        actor,
        now,
    )
}

/// The words an API client uses to confirm wider access and changed actions.
pub const API_CONFIRMATIONS: [&str; 2] = [
    "\"accept_wider_access\": true",
    "\"accept_changed_actions\": true",
];

/// Writes the FollowTheMoney entity lines of `text` as records of `owner` with `update`
/// (each stored record keeps the parts of its terms the update keeps). A write that would
/// open a stored record to more members, or change its action, is refused unless
/// `confirmed` says it is meant; the audit entry names every change of terms (`widened
/// access of ...: owner-only → all`). Every line is read first: if any is malformed,
/// nothing is written and the error lists the first problems with their line numbers.
pub fn write_entities(
    store: &mut dyn Backend,
    owner: &str,
    text: &str,
    update: &TermsUpdate,
    confirmed: Confirmed,
    actor: &str,
    now: i64,
) -> Result<WriteCounts, ServiceError> {
    let owner_row = crate::members::active_member(store, owner)?;
    let mut records = Vec::new();
    let mut problems = Vec::new();
    for (index, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        // checked whole, names read only when the record is indexed
        match gatecheck_formats::ftm::check_entity(line) {
            Ok(entity) => records.push(NewRecord {
                list: None,
                entity_id: entity.id,
                entity: line.trim().to_string(),
            }),
            Err(error) => {
                if problems.len() < MAX_PROBLEMS {
                    problems.push(format!("line {}: {error}", index + 1));
                }
            }
        }
    }
    if !problems.is_empty() {
        return Err(ServiceError::Invalid {
            field: "file",
            reason: format!("nothing imported: {}", problems.join("; ")),
        });
    }
    let entry = audit::entry(
        now,
        actor,
        crate::audit::Action::RecordsImport,
        format!("{} records of member {owner}", records.len()),
        text.as_bytes(),
    );
    write_checked(store, &owner_row, &records, update, confirmed, &entry)
}

/// Writes checked records with `update`, refusing what `confirmed` does not cover, with
/// `entry` noting the changes of terms.
fn write_checked(
    store: &mut dyn Backend,
    owner: &crate::members::Member,
    records: &[NewRecord],
    update: &TermsUpdate,
    confirmed: Confirmed,
    entry: &AuditEntry,
) -> Result<WriteCounts, ServiceError> {
    let stored = update.stored(store)?;
    // judged inside the write's transaction, on the terms each record has then
    let changes = Changes::guarding(store, confirmed, API_CONFIRMATIONS)?;
    let note = |written: &[TermsChange]| changes.note(written);
    let audit = WriteAudit {
        entry,
        terms_note: &note,
    };
    store
        .write_records(owner.id, records, &stored, None, &audit, &audit::chain_hash)
        .map_err(|error| changes.error(error))
}

/// Contributes one entity (a JSON line) as a record of `owner`, or a new version of the
/// owner's record with the same entity id (which keeps the terms `update` keeps, and is
/// refused if it would widen access unless `confirmed`); returns the record's id.
pub fn contribute(
    store: &mut dyn Backend,
    owner: &str,
    entity_line: &str,
    update: &TermsUpdate,
    confirmed: Confirmed,
    actor: &str,
    now: i64,
) -> Result<i64, ServiceError> {
    let entity = gatecheck_formats::ftm::check_entity(entity_line).map_err(|error| {
        ServiceError::Invalid {
            field: "entity",
            reason: error.to_string(),
        }
    })?;
    write_entities(store, owner, entity_line, update, confirmed, actor, now)?;
    let owner_id = store
        .member_by_name(owner)?
        .map(|row| row.id)
        .ok_or(ServiceError::Unauthenticated)?;
    store
        .record_id(owner_id, &entity.id)?
        .ok_or_else(|| ServiceError::Invalid {
            field: "entity",
            reason: "was not stored".to_string(),
        })
}

/// Replaces the owner's record `id` with a new version (its terms as `update` says; one
/// that would widen access is refused unless `confirmed`). The entity must keep the
/// record's entity id; a record of another member is answered as absent.
pub fn replace(
    store: &mut dyn Backend,
    owner: &crate::members::Member,
    id: i64,
    entity_line: &str,
    update: &TermsUpdate,
    confirmed: Confirmed,
    now: i64,
) -> Result<(), ServiceError> {
    let record = owned_record(store, owner, id)?;
    let entity = gatecheck_formats::ftm::check_entity(entity_line).map_err(|error| {
        ServiceError::Invalid {
            field: "entity",
            reason: error.to_string(),
        }
    })?;
    if entity.id != record.entity_id {
        return Err(ServiceError::Invalid {
            field: "entity.id",
            reason: format!(
                "{:?} is not the record's entity id {:?}",
                entity.id, record.entity_id
            ),
        });
    }
    let actor = owner.actor();
    write_entities(
        store,
        &owner.name,
        entity_line,
        update,
        confirmed,
        &actor,
        now,
    )?;
    Ok(())
}

/// Records a page of the console lists.
pub const RECORDS_PAGE: usize = 50;

/// A page of the person records of `user`'s member, most recently changed first, and how
/// many there are. The read is audited.
pub fn owned_page(
    store: &mut dyn Backend,
    user: &User,
    page: usize,
    now: i64,
) -> Result<(Vec<RecordRow>, usize), ServiceError> {
    let (rows, total) = store.records_of(
        user.member.id,
        RECORDS_PAGE,
        page.saturating_mul(RECORDS_PAGE),
    )?;
    let entry = audit::page_read(
        now,
        user.actor(),
        crate::audit::Action::RecordList,
        "records",
        (page, total),
        rows.iter().map(|row| row.id),
    );
    store.append_audit(&entry, &audit::chain_hash)?;
    Ok((rows, total))
}

/// A page of the person records of `user`'s member that `text` finds: those whose list id
/// (entity id) is the text, and those whose names (`name`, `alias`, `weakAlias`) hold each
/// of its words, whatever their case, marks and Arabic letters typed one for another
/// (see `gatecheck_store::searchable`); most recently changed first, and how many are
/// found. Another member's records are never found. The read is audited as the list is
/// (`record.list`), the text with the ids shown.
pub fn owned_search(
    store: &mut dyn Backend,
    user: &User,
    text: &str,
    page: usize,
    now: i64,
) -> Result<(Vec<RecordRow>, usize), ServiceError> {
    let (rows, total) = store.search_records(
        user.member.id,
        text,
        RECORDS_PAGE,
        page.saturating_mul(RECORDS_PAGE),
    )?;
    let shown: Vec<String> = rows.iter().map(|row| row.id.to_string()).collect();
    let entry = audit::entry(
        now,
        user.actor(),
        crate::audit::Action::RecordList,
        format!("records found page {page} of {total}"),
        format!("{text}\n{}", shown.join(",")).as_bytes(),
    );
    store.append_audit(&entry, &audit::chain_hash)?;
    Ok((rows, total))
}

/// One of `user`'s member's records (another member's is absent, even one it may read:
/// these pages are the owner's). The read is audited.
pub fn owned(
    store: &mut dyn Backend,
    user: &User,
    id: i64,
    now: i64,
) -> Result<RecordRow, ServiceError> {
    let record = store
        .record(id)?
        .filter(|record| record.owner == user.member.id)
        .ok_or_else(|| ServiceError::not_found("record", id))?;
    store.append_audit(
        &audit::entry(
            now,
            user.actor(),
            crate::audit::Action::RecordRead,
            format!("record {id}"),
            record.entity.as_bytes(),
        ),
        &audit::chain_hash,
    )?;
    Ok(record)
}

/// The member names a record's access list holds.
pub fn access_member_names(
    store: &dyn Backend,
    record: &RecordRow,
) -> Result<Vec<String>, ServiceError> {
    member_names(store, &record.access_members)
}

/// The names of members by id (an id of no member is written as such).
pub fn member_names(store: &dyn Backend, ids: &[i64]) -> Result<Vec<String>, ServiceError> {
    let mut names = Vec::with_capacity(ids.len());
    for id in ids {
        names.push(
            store
                .member_by_id(*id)?
                .map_or_else(|| format!("member {id}"), |member| member.name),
        );
    }
    Ok(names)
}

/// Changes the access, action and review date of one of `user`'s member's records (a new
/// version, the entity unchanged). Supervisors and administrators only; a change that
/// opens the record to more members is refused unless `confirmed` says so, and its audit
/// entry says it widened access, from what to what.
pub fn change_terms(
    store: &mut dyn Backend,
    user: &User,
    id: i64,
    terms: &RecordTerms,
    confirmed: Confirmed,
    now: i64,
) -> Result<(), ServiceError> {
    user.must_keep_records()?;
    let record = store
        .record(id)?
        .filter(|record| record.owner == user.member.id)
        .ok_or_else(|| ServiceError::not_found("record", id))?;
    let entry = audit::entry(
        now,
        user.actor(),
        crate::audit::Action::RecordTerms,
        format!("record {id}"),
        format!(
            "{}\n{}\n{}",
            terms.access.level(),
            terms.action,
            terms.review_by
        )
        .as_bytes(),
    );
    let records = [NewRecord {
        list: None,
        entity_id: record.entity_id,
        entity: record.entity,
    }];
    let update = TermsUpdate::set(terms.clone());
    write_checked(store, &user.member, &records, &update, confirmed, &entry)?;
    Ok(())
}

/// Deletes the owner's record `id`: it stops matching at once and is kept, with its
/// versions, as evidence. A record of another member is answered as absent.
pub fn delete(
    store: &mut dyn Backend,
    owner: &crate::members::Member,
    id: i64,
    now: i64,
) -> Result<(), ServiceError> {
    owned_record(store, owner, id)?;
    let entry = audit::entry(
        now,
        owner.actor(),
        crate::audit::Action::RecordDelete,
        format!("record {id}"),
        id.to_string().as_bytes(),
    );
    store.delete_record(owner.id, id, &entry, &audit::chain_hash)?;
    Ok(())
}

/// The record `id` if `actor` owns it. Only its owner changes a record: another member
/// that may read it is refused, and to one that may not the record is absent (its existence
/// is not told).
fn owned_record(
    store: &dyn Backend,
    actor: &crate::members::Member,
    id: i64,
) -> Result<gatecheck_store::RecordRow, ServiceError> {
    match store.record(id)? {
        Some(record) if record.owner == actor.id => Ok(record),
        Some(record) if crate::access::may_read(&record, actor) => Err(ServiceError::Forbidden(
            format!("record {id} is another member's: only its owner changes it"),
        )),
        _ => Err(ServiceError::not_found("record", id)),
    }
}

/// The audit entry of a purge on `today` (the store fills in what was purged).
pub(crate) fn purge_entry(today: &str, actor: &str, now: i64) -> AuditEntry {
    AuditEntry {
        at: now,
        actor: actor.to_string(),
        action: crate::audit::Action::RecordsPurge.to_string(),
        subject: String::new(),
        digest: audit::digest_of(today.as_bytes()),
    }
}

/// Purges the records past their review date (see `Store::purge_expired`); returns how many.
pub fn purge_expired(
    store: &mut dyn Backend,
    today: &str,
    actor: &str,
    now: i64,
) -> Result<usize, ServiceError> {
    Ok(store.purge_expired(today, &purge_entry(today, actor, now), &audit::chain_hash)?)
}

/// The live record whose entity id is `entity_id` that `viewer` may read in full (see
/// [`crate::access::may_read`]), with its owner's name: the viewer's own first, else the
/// first written. `None` when there is none, whether or not a record the viewer may not
/// read has that id: its existence is not told.
pub fn readable_by_entity_id(
    store: &dyn Backend,
    viewer: &crate::members::Member,
    entity_id: &str,
    today: &str,
) -> Result<Option<(RecordRow, String)>, ServiceError> {
    let mut found: Vec<(RecordRow, String)> = Vec::new();
    for member in store.members()? {
        let Some(id) = store.record_id(member.id, entity_id)? else {
            continue;
        };
        let readable = store.record(id)?.filter(|record| {
            record.review_by.as_str() >= today && crate::access::may_read(record, viewer)
        });
        found.extend(readable.map(|record| (record, member.name)));
    }
    found.sort_by_key(|(record, _)| (record.owner != viewer.id, record.id));
    Ok(found.into_iter().next())
}
