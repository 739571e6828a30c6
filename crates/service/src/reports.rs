//! Suspicious transaction reports (issue 18, item 5): a hit an officer confirmed on a
//! payment's party, written as goAML XML ([`gatecheck_formats::goaml`]) from the payment as
//! it was screened and kept, and shared with another member's financial intelligence unit.
//!
//! Who sees a report is decided here, and nowhere else: its author (the member that
//! screened the payment and confirmed the hit) and its recipient, no other member, however
//! the report is asked for (a list, one report). Every write and every read is audited
//! (`report.add`, `report.list`, `report.read`), the read by whoever read it, so the
//! author can learn that the unit it reported to opened the report, and a court what was
//! sent to whom.
//!
//! What the report says of the listed record is what the author may see of it (the
//! access rule of the record): a record shown whole gives its list id and the name the
//! hit matched; a record withheld by its owner is named as the owner's, nothing more.
//! The author confirmed the hit: the reason it gave is the report's `why`.

use gatecheck_formats::goaml::{self, ConfirmedHit, ReportDetails, ReportSender};
use gatecheck_formats::parties::{Channel, Transaction};
use gatecheck_store::concepts::Backend;
use gatecheck_store::{NewReport, ReportRow};
use serde_json::Value;

use crate::access::{self, RecordView};
use crate::members::Member;
use crate::{audit, ServiceError};

/// Reports a page lists.
pub const REPORTS_PAGE: usize = 50;

/// What the author says of a report: to whom it goes, and what goAML says of the report
/// and its sender (the confirmed hit is the hit's to say, the submission date is now).
#[derive(Debug, Clone)]
pub struct ReportAsked {
    /// The receiving member's name.
    pub to: String,
    pub sender: ReportSender,
}

/// Writes a report of hit `hit_id` (one of `viewer`'s, confirmed, raised on a payment's
/// party) for the member `asked.to` names, keeps it with its audit entry by `actor`, and
/// returns it as kept (with the report).
pub fn make_report(
    store: &mut dyn Backend,
    viewer: &Member,
    actor: &str,
    hit_id: i64,
    asked: ReportAsked,
    now: i64,
) -> Result<ReportRow, ServiceError> {
    let hit = store
        .hit(hit_id)?
        .filter(|hit| hit.querier == viewer.id)
        .ok_or_else(|| ServiceError::not_found("hit", hit_id))?;
    if hit.status != "confirmed" {
        return Err(ServiceError::Invalid {
            field: "hit",
            reason: format!(
                "hit {hit_id} is {}: only a hit confirmed by an officer is reported",
                hit.status
            ),
        });
    }
    let payment = store
        .manifest_of_hit(hit_id)?
        // kept by its channel's name (`Screener::transactions`)
        .filter(|kept| kept.kind == Channel::Payment.as_str())
        .and_then(|kept| serde_json::from_str::<Transaction>(&kept.flight).ok())
        .ok_or_else(|| ServiceError::Invalid {
            field: "hit",
            reason: format!("hit {hit_id} was not raised on a payment's party"),
        })?;
    let recipient = store
        .member_by_name(asked.to.trim())?
        .filter(|member| member.revoked_at.is_none())
        .ok_or_else(|| ServiceError::Invalid {
            field: "to",
            reason: format!("no active member is named {:?}", asked.to),
        })?;
    if recipient.id == viewer.id {
        return Err(ServiceError::Invalid {
            field: "to",
            reason: "a report is shared with another member's unit, not the author's own"
                .to_string(),
        });
    }
    let query: Value = serde_json::from_str(&hit.query).unwrap_or(Value::Null);
    let role = crate::transactions::party_of(&query)
        .map(|(_, role)| role.to_string())
        .ok_or_else(|| ServiceError::Invalid {
            field: "hit",
            reason: format!("hit {hit_id} names no party of its payment"),
        })?;
    let explanation: Value = serde_json::from_str(&hit.explanation).unwrap_or(Value::Null);
    let (list, listed_record, listed_name) = match access::record_view(store, hit.record, viewer)? {
        RecordView::Person { record, owner } => (
            owner.name,
            record.entity_id,
            explanation["listed_name"]
                .as_str()
                .unwrap_or_default()
                .to_string(),
        ),
        RecordView::Document { document, owner } => {
            (owner.name, document.document.number, String::new())
        }
        RecordView::ContactOwner { owner } => (
            owner.name,
            "withheld by its owner".to_string(),
            String::new(),
        ),
        RecordView::ReferToOwner => (
            "another member".to_string(),
            "withheld by its owner".to_string(),
            String::new(),
        ),
    };
    let why = store
        .hit_history(hit_id)?
        .into_iter()
        .rev()
        .find(|(_, _, status, _)| status == "confirmed")
        .map(|(_, _, _, reason)| reason)
        .unwrap_or_default();
    let details = ReportDetails {
        sender: asked.sender,
        submission_date: crate::dates::utc(now).trim_end_matches('Z').to_string(),
        hit: ConfirmedHit {
            party_role: role,
            list,
            listed_record,
            listed_name,
            why,
        },
    };
    let report =
        goaml::write_report(&payment, &details).map_err(|error| ServiceError::Invalid {
            field: "report",
            reason: error.to_string(),
        })?;
    let digest = {
        use sha2::Digest;
        audit::hex(&sha2::Sha256::digest(report.as_bytes()))
    };
    let new = NewReport {
        author: viewer.id,
        recipient: recipient.id,
        hit: hit_id,
        reference: details.sender.entity_reference.clone(),
        report,
        digest,
    };
    let entry = audit::entry(
        now,
        actor,
        crate::audit::Action::ReportAdd,
        format!("report of hit {hit_id} to member {}", recipient.name),
        new.report.as_bytes(),
    );
    let id = store.add_report(&new, now, &entry, &audit::chain_hash)?;
    Ok(ReportRow {
        id,
        at: now,
        author: new.author,
        recipient: new.recipient,
        hit: new.hit,
        reference: new.reference,
        digest: new.digest,
        report: Some(new.report),
    })
}

/// Report `id`, when `viewer` wrote it or was sent it; absent otherwise (as one that is
/// not there). The read is audited, by `actor`.
pub fn read_report(
    store: &mut dyn Backend,
    viewer: &Member,
    actor: &str,
    id: i64,
    now: i64,
) -> Result<ReportRow, ServiceError> {
    let report = store
        .report(id)?
        .filter(|report| may_read(report, viewer))
        .ok_or_else(|| ServiceError::not_found("report", id))?;
    let entry = audit::entry(
        now,
        actor,
        crate::audit::Action::ReportRead,
        format!("report {id}"),
        report.report.as_deref().unwrap_or_default().as_bytes(),
    );
    store.append_audit(&entry, &audit::chain_hash)?;
    Ok(report)
}

/// A page of the reports `viewer` wrote or was sent, newest first, and how many there are.
/// The read is audited, by `actor`.
pub fn reports(
    store: &mut dyn Backend,
    viewer: &Member,
    actor: &str,
    page: usize,
    now: i64,
) -> Result<(Vec<ReportRow>, usize), ServiceError> {
    let (rows, total) =
        store.reports_of(viewer.id, REPORTS_PAGE, page.saturating_mul(REPORTS_PAGE))?;
    // the store lists by author or recipient; the rule is said once more where it is kept
    let rows: Vec<ReportRow> = rows
        .into_iter()
        .filter(|report| may_read(report, viewer))
        .collect();
    let entry = audit::page_read(
        now,
        actor,
        crate::audit::Action::ReportList,
        "reports",
        (page, total),
        rows.iter().map(|row| row.id),
    );
    store.append_audit(&entry, &audit::chain_hash)?;
    Ok((rows, total))
}

/// Who reads a report: its author and its recipient.
fn may_read(report: &ReportRow, viewer: &Member) -> bool {
    report.author == viewer.id || report.recipient == viewer.id
}
