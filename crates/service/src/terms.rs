//! A record's terms as a write changes them: which parts a write gives and which each
//! stored record keeps, the one definition of a change that widens access, and what a
//! write would change (reported, and refused unless confirmed where it widens access or
//! changes actions), so that terms never loosen as a side effect.

use crate::access::{Access, RecordTerms};
use crate::ServiceError;
use gatecheck_engine::person::PartialDate;
use gatecheck_store::concepts::Backend;
use gatecheck_store::{KeepTerms, Terms, TermsChange, WriteTerms};
use std::collections::HashMap;

/// The terms a write asks for: `terms` whole for a new record; for a record already
/// stored, only the parts `keep` does not name (the others stay as that record has them).
#[derive(Debug, Clone)]
pub struct TermsUpdate {
    pub terms: RecordTerms,
    pub keep: KeepTerms,
}

impl TermsUpdate {
    /// `terms` for every record written.
    pub fn set(terms: RecordTerms) -> TermsUpdate {
        TermsUpdate {
            terms,
            keep: KeepTerms::NONE,
        }
    }

    /// Each stored record keeps its terms; `defaults` are for new records only.
    pub fn keep_all(defaults: RecordTerms) -> TermsUpdate {
        TermsUpdate {
            terms: defaults,
            keep: KeepTerms::ALL,
        }
    }

    /// Checked, as the store writes it (members by id).
    pub(crate) fn stored(&self, store: &dyn Backend) -> Result<WriteTerms, ServiceError> {
        let access_members = check_terms(store, &self.terms)?;
        Ok(WriteTerms {
            terms: Terms {
                access_level: self.terms.access.level().to_string(),
                access_members,
                action: self.terms.action.clone(),
                review_by: self.terms.review_by.clone(),
            }
            .normalised(),
            keep: self.keep,
        })
    }
}

/// The most bytes of an action text.
const MAX_ACTION_BYTES: usize = 500;

/// Checks the terms and returns the ids of the members a `members` record is shown to.
fn check_terms(store: &dyn Backend, terms: &RecordTerms) -> Result<Vec<i64>, ServiceError> {
    if terms.action.trim().is_empty() || terms.action.len() > MAX_ACTION_BYTES {
        return Err(ServiceError::Invalid {
            field: "action",
            reason: format!("must be 1 to {MAX_ACTION_BYTES} bytes"),
        });
    }
    // what an officer is told to do is shown as written: no control characters, and no
    // bidirectional overrides that would make it read otherwise than it is stored
    if let Some(c) = terms
        .action
        .chars()
        .find(|&c| gatecheck_formats::ftm::is_refused_in_text(c))
    {
        return Err(ServiceError::Invalid {
            field: "action",
            reason: format!(
                "holds the character U+{:04X}, which an action may not hold",
                c as u32
            ),
        });
    }
    let full_date = PartialDate::parse(&terms.review_by)
        .ok()
        .filter(|date| date.day.is_some() && terms.review_by.len() == 10);
    if full_date.is_none() {
        return Err(ServiceError::Invalid {
            field: "review_by",
            reason: format!("{:?} is not a date YYYY-MM-DD", terms.review_by),
        });
    }
    let mut ids = Vec::new();
    if let Access::Members(names) = &terms.access {
        for name in names {
            let row = store
                .member_by_name(name)?
                .ok_or_else(|| ServiceError::Invalid {
                    field: "access.members",
                    reason: format!("no member {name:?}"),
                })?;
            ids.push(row.id);
        }
    }
    Ok(ids)
}

/// What a writer said it means to do beyond keeping or narrowing terms.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Confirmed {
    /// Records may be opened to members that could not see them in full.
    pub wider_access: bool,
    /// Records may be given another action.
    pub changed_actions: bool,
}

impl Confirmed {
    /// A change of one record's terms by its owner: its action is what was typed; wider
    /// access still needs saying.
    pub fn one_record(wider_access: bool) -> Confirmed {
        Confirmed {
            wider_access,
            changed_actions: true,
        }
    }
}

/// The members that see a record in full besides its owner.
enum Audience {
    Everyone,
    /// These members (none for `owner-only`).
    Members(Vec<i64>),
}

fn audience(terms: &Terms) -> Audience {
    match terms.access_level.as_str() {
        "members" => Audience::Members(terms.access_members.clone()),
        "owner-only" => Audience::Members(Vec::new()),
        // `all`, and any level not known here: counted as the widest, so that a change to
        // it is always a widening
        _ => Audience::Everyone,
    }
}

/// Whether going from `old` to `new` lets some member see the record in full that could
/// not before: `owner-only` → `members` → `all`, or a member added to a `members` list.
/// The one definition of wider access: imports, the API and the console ask it.
/// (A member taken off a list while another is added is still a widening.)
pub fn widens(old: &Terms, new: &Terms) -> bool {
    match (audience(old), audience(new)) {
        (Audience::Everyone, _) => false,
        (Audience::Members(_), Audience::Everyone) => true,
        (Audience::Members(old), Audience::Members(new)) => {
            new.iter().any(|member| !old.contains(member))
        }
    }
}

/// Names of members by id, to write access lists as people read them.
#[derive(Debug, Clone, Default)]
pub struct MemberNames(HashMap<i64, String>);

impl MemberNames {
    pub fn of(store: &dyn Backend) -> Result<MemberNames, ServiceError> {
        Ok(MemberNames(
            store
                .members()?
                .into_iter()
                .map(|row| (row.id, row.name))
                .collect(),
        ))
    }

    /// `all`, `owner-only`, or `members (iraq-nsa, tunisia-dgsn)`.
    pub fn access(&self, terms: &Terms) -> String {
        if terms.access_level != "members" {
            return terms.access_level.clone();
        }
        let names: Vec<String> = terms
            .access_members
            .iter()
            .map(|id| {
                self.0
                    .get(id)
                    .cloned()
                    .unwrap_or_else(|| format!("member {id}"))
            })
            .collect();
        format!("members ({})", names.join(", "))
    }
}

/// What a write changes, or would change, on records already stored, by kind.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TermsReport {
    /// Records opened to more members, by access before and after (as text).
    pub widened: Vec<(String, String, usize)>,
    /// Records whose access narrows (or changes without widening).
    pub narrowed: usize,
    pub actions_changed: usize,
    /// Records whose review date comes earlier (they stop matching sooner).
    pub review_earlier: usize,
    pub review_later: usize,
}

impl TermsReport {
    /// Counts `records` going from `from` to `to`.
    pub fn add(&mut self, names: &MemberNames, from: &Terms, to: &Terms, records: usize) {
        if widens(from, to) {
            let (from, to) = (names.access(from), names.access(to));
            match self
                .widened
                .iter_mut()
                .find(|(a, b, _)| *a == from && *b == to)
            {
                Some((_, _, count)) => *count += records,
                None => self.widened.push((from, to, records)),
            }
        } else if (&from.access_level, &from.access_members)
            != (&to.access_level, &to.access_members)
        {
            self.narrowed += records;
        }
        if from.action != to.action {
            self.actions_changed += records;
        }
        // YYYY-MM-DD compares as text
        match to.review_by.cmp(&from.review_by) {
            std::cmp::Ordering::Less => self.review_earlier += records,
            std::cmp::Ordering::Greater => self.review_later += records,
            std::cmp::Ordering::Equal => {}
        }
    }

    /// Records opened to more members.
    pub fn widened_records(&self) -> usize {
        self.widened.iter().map(|(_, _, count)| count).sum()
    }

    pub fn is_empty(&self) -> bool {
        *self == TermsReport::default()
    }

    /// One line a kind: `12 records would be open to more members (owner-only → all: 12);
    /// 40 would change their action` (or, once written, `are now open`: `would` tells which).
    pub fn text(&self, would: bool) -> String {
        let (be, change, have) = if would {
            ("would be", "would change", "would have")
        } else {
            ("are now", "changed", "now have")
        };
        let mut parts = Vec::new();
        if !self.widened.is_empty() {
            let each: Vec<String> = self
                .widened
                .iter()
                .map(|(from, to, count)| format!("{from} → {to}: {count}"))
                .collect();
            parts.push(format!(
                "{} {} open to more members ({})",
                records(self.widened_records()),
                be,
                each.join(", ")
            ));
        }
        if self.narrowed > 0 {
            parts.push(format!(
                "{} {be} open to fewer members",
                records(self.narrowed)
            ));
        }
        if self.actions_changed > 0 {
            parts.push(format!(
                "{} {change} their action",
                records(self.actions_changed)
            ));
        }
        if self.review_earlier > 0 {
            parts.push(format!(
                "{} {have} an earlier review date (they stop matching sooner)",
                records(self.review_earlier)
            ));
        }
        if self.review_later > 0 {
            parts.push(format!(
                "{} {have} a later review date",
                records(self.review_later)
            ));
        }
        parts.join("; ")
    }

    /// Refuses what was not confirmed: wider access, changed actions. The error names
    /// what would change and how to say it is meant (`flags`: the words the caller uses,
    /// for wider access and for changed actions).
    pub fn check(&self, confirmed: Confirmed, flags: [&str; 2]) -> Result<(), ServiceError> {
        let widening = self.widened_records() > 0 && !confirmed.wider_access;
        let changing = self.actions_changed > 0 && !confirmed.changed_actions;
        if !widening && !changing {
            return Ok(());
        }
        let mut asks = Vec::new();
        if widening {
            asks.push(format!("{} to open them", flags[0]));
        }
        if changing {
            asks.push(format!("{} to change their actions", flags[1]));
        }
        Err(ServiceError::NeedsConfirmation {
            code: if widening {
                "widening_needs_confirmation"
            } else {
                "changed_actions_need_confirmation"
            },
            message: format!(
                "{}; nothing written: give {}",
                self.text(true),
                asks.join(" and ")
            ),
        })
    }
}

fn records(count: usize) -> String {
    if count == 1 {
        "1 record".to_string()
    } else {
        format!("{count} records")
    }
}

/// The note an audit entry of a write carries about the terms it changed: `widened
/// access of 12 records: owner-only → all` and the like, one part a change.
pub fn audit_note(names: &MemberNames, changes: &[TermsChange]) -> String {
    let mut parts = Vec::new();
    for change in changes {
        let (from, to, count) = (&change.from, &change.to, change.records);
        if widens(from, to) {
            parts.push(format!(
                "widened access of {}: {} → {}",
                records(count),
                names.access(from),
                names.access(to)
            ));
        } else if (&from.access_level, &from.access_members)
            != (&to.access_level, &to.access_members)
        {
            parts.push(format!(
                "narrowed access of {}: {} → {}",
                records(count),
                names.access(from),
                names.access(to)
            ));
        }
        if from.action != to.action {
            parts.push(format!(
                "action of {}: {:?} → {:?}",
                records(count),
                from.action,
                to.action
            ));
        }
        if from.review_by != to.review_by {
            parts.push(format!(
                "review date of {}: {} → {}",
                records(count),
                from.review_by,
                to.review_by
            ));
        }
    }
    parts.join("; ")
}

/// What a write of these terms would change on an owner's stored records. The terms the
/// owner's records have now are read first: when none of them would be widened or given
/// another action, no record needs looking up, however large the file.
pub struct Preview {
    owner: i64,
    terms: WriteTerms,
    names: MemberNames,
    report: TermsReport,
    lookups: bool,
}

/// Which of an owner's records a preview is about.
pub use gatecheck_store::RecordKind;

impl Preview {
    /// A preview of a file's import: the terms the owner's records have now are read
    /// (grouped) first, so that a file no stored record of which could need confirming
    /// is not looked up item by item.
    pub fn new(
        store: &dyn Backend,
        owner: i64,
        update: &TermsUpdate,
        kind: RecordKind,
    ) -> Result<Preview, ServiceError> {
        let mut preview = Preview::for_items(store, owner, update)?;
        if preview.lookups {
            let present = match kind {
                RecordKind::Person => store.record_terms_of(owner)?,
                RecordKind::Document => store.document_terms_of(owner)?,
            };
            preview.lookups = present.iter().any(|(old, _)| {
                let new = preview.terms.applied_to(old);
                widens(old, &new) || old.action != new.action
            });
        }
        Ok(preview)
    }

    /// A preview of a write of a few records, each looked up (the owner's other records
    /// are not read); none when every stored record keeps its terms.
    pub fn for_items(
        store: &dyn Backend,
        owner: i64,
        update: &TermsUpdate,
    ) -> Result<Preview, ServiceError> {
        Ok(Preview {
            owner,
            terms: update.stored(store)?,
            names: MemberNames::of(store)?,
            report: TermsReport::default(),
            lookups: update.keep != KeepTerms::ALL,
        })
    }

    /// Whether items must be looked up: some stored record could be widened or given
    /// another action.
    pub fn needs_lookups(&self) -> bool {
        self.lookups
    }

    fn count(&mut self, found: Vec<Option<Terms>>) {
        for old in found.into_iter().flatten() {
            let old = old.normalised();
            let new = self.terms.applied_to(&old);
            self.report.add(&self.names, &old, &new, 1);
        }
    }

    /// Counts the owner's person records with these entity ids.
    pub fn add_entities(
        &mut self,
        store: &dyn Backend,
        entity_ids: &[&str],
    ) -> Result<(), ServiceError> {
        if self.lookups {
            let found = store.record_terms(self.owner, entity_ids)?;
            self.count(found);
        }
        Ok(())
    }

    /// Counts the owner's documents with these keys (number, issuing state and type:
    /// `TravelDocument::key`). Keys rather than documents, so that terms, below the
    /// documents' use cases, need nothing of them.
    pub fn add_documents(
        &mut self,
        store: &dyn Backend,
        keys: &[(&str, &str, &str)],
    ) -> Result<(), ServiceError> {
        if self.lookups {
            let found = store.document_terms(self.owner, keys)?;
            self.count(found);
        }
        Ok(())
    }

    /// What the write would change on the stored records among the items added, by kind;
    /// counted only when some stored record could need confirming (empty otherwise).
    pub fn report(&self) -> &TermsReport {
        &self.report
    }
}

/// The service's word, inside each write's transaction, on the terms the write changed:
/// a refusal of what was not confirmed (so that a record narrowed by another writer since
/// it was counted is not widened unseen), else the audit note; the changes are counted
/// across a run's batches.
pub(crate) struct Changes {
    names: MemberNames,
    confirmed: Confirmed,
    flags: [&'static str; 2],
    pub(crate) report: std::cell::RefCell<TermsReport>,
    refusal: std::cell::RefCell<Option<ServiceError>>,
}

impl Changes {
    /// Changes allowed as far as `confirmed` goes (`flags`: the words that confirm, for
    /// the refusal's message).
    pub(crate) fn guarding(
        store: &dyn Backend,
        confirmed: Confirmed,
        flags: [&'static str; 2],
    ) -> Result<Changes, ServiceError> {
        Ok(Changes {
            names: MemberNames::of(store)?,
            confirmed,
            flags,
            report: Default::default(),
            refusal: Default::default(),
        })
    }

    /// The same, allowing what `confirmed` allows.
    pub(crate) fn confirming(&mut self, confirmed: Confirmed, flags: [&'static str; 2]) {
        self.confirmed = confirmed;
        self.flags = flags;
    }

    /// The audit note of one write, or its refusal (kept for [`Changes::error`]).
    pub(crate) fn note(&self, changes: &[TermsChange]) -> Result<String, String> {
        let mut written = TermsReport::default();
        for change in changes {
            written.add(&self.names, &change.from, &change.to, change.records);
        }
        if let Err(refused) = written.check(self.confirmed, self.flags) {
            let message = refused.to_string();
            *self.refusal.borrow_mut() = Some(refused);
            return Err(message);
        }
        let mut report = self.report.borrow_mut();
        for change in changes {
            report.add(&self.names, &change.from, &change.to, change.records);
        }
        Ok(audit_note(&self.names, changes))
    }

    /// The service's error for what the store answered: the refusal itself when the
    /// store undid the write on this service's word.
    pub(crate) fn error(&self, error: gatecheck_store::StoreError) -> ServiceError {
        match error {
            gatecheck_store::StoreError::Refused(_) => self
                .refusal
                .borrow_mut()
                .take()
                .unwrap_or(ServiceError::Store(error)),
            error => ServiceError::Store(error),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(level: &str, members: &[i64], action: &str, review_by: &str) -> Terms {
        Terms {
            access_level: level.into(),
            access_members: members.to_vec(),
            action: action.into(),
            review_by: review_by.into(),
        }
    }

    #[test]
    fn wider_means_someone_sees_in_full_who_did_not() {
        let at = |level: &str, members: &[i64]| terms(level, members, "a", "2030-01-01");
        let cases = [
            (at("owner-only", &[]), at("all", &[]), true),
            (at("owner-only", &[]), at("members", &[2]), true),
            (at("members", &[2]), at("all", &[]), true),
            (at("members", &[2]), at("members", &[2, 3]), true),
            (at("members", &[2]), at("members", &[3]), true),
            (at("all", &[]), at("members", &[2]), false),
            (at("all", &[]), at("owner-only", &[]), false),
            (at("members", &[2, 3]), at("members", &[3]), false),
            (at("members", &[2]), at("owner-only", &[]), false),
            (at("all", &[]), at("all", &[]), false),
            (at("owner-only", &[]), at("owner-only", &[]), false),
        ];
        for (old, new, wider) in cases {
            assert_eq!(widens(&old, &new), wider, "{old:?} -> {new:?}");
        }
    }

    #[test]
    fn a_report_counts_each_kind_and_refuses_what_was_not_confirmed() {
        let names = MemberNames::default();
        let mut report = TermsReport::default();
        let old = terms("owner-only", &[], "arrest", "2030-01-01");
        report.add(&names, &old, &terms("all", &[], "arrest", "2030-01-01"), 12);
        report.add(
            &names,
            &old,
            &terms("owner-only", &[], "refer", "2029-01-01"),
            40,
        );
        assert_eq!(report.widened_records(), 12);
        assert_eq!(
            report.text(true),
            "12 records would be open to more members (owner-only → all: 12); \
             40 records would change their action; \
             40 records would have an earlier review date (they stop matching sooner)"
        );
        let flags = ["--accept-wider-access", "--accept-changed-actions"];
        match report.check(Confirmed::default(), flags) {
            Err(ServiceError::NeedsConfirmation { code, message }) => {
                assert_eq!(code, "widening_needs_confirmation");
                assert!(
                    message.contains(
                        "give --accept-wider-access to open them and --accept-changed-actions"
                    ),
                    "{message}"
                );
            }
            other => panic!("{other:?}"),
        }
        let only_wider = Confirmed {
            wider_access: true,
            changed_actions: false,
        };
        assert!(matches!(
            report.check(only_wider, flags),
            Err(ServiceError::NeedsConfirmation {
                code: "changed_actions_need_confirmation",
                ..
            })
        ));
        let both = Confirmed {
            wider_access: true,
            changed_actions: true,
        };
        assert!(report.check(both, flags).is_ok());
        // narrowing needs no confirmation
        let mut narrower = TermsReport::default();
        narrower.add(
            &names,
            &terms("all", &[], "a", "2030-01-01"),
            &old.clone(),
            3,
        );
        assert_eq!(narrower.narrowed, 3);
        assert!(narrower
            .check(
                Confirmed {
                    wider_access: false,
                    changed_actions: true
                },
                flags
            )
            .is_ok());
    }

    #[test]
    fn the_audit_note_says_widened_and_from_what_to_what() {
        let names = MemberNames(HashMap::from([(2, "iraq-nsa".to_string())]));
        let note = audit_note(
            &names,
            &[TermsChange {
                from: terms("owner-only", &[], "arrest", "2030-01-01"),
                to: terms("members", &[2], "arrest", "2030-01-01"),
                records: 1,
            }],
        );
        assert_eq!(
            note,
            "widened access of 1 record: owner-only → members (iraq-nsa)"
        );
    }
}
