//! The owner's pages: hits other members made on the member's records, and the member's
//! records (persons listed, documents found by number) with their terms.

use super::*;

/// Notifications a page of the console shows.
pub(super) const NOTIFICATIONS_PAGE: usize = 100;

/// The member's notifications, newest first, a page of [`NOTIFICATIONS_PAGE`]; older ones
/// on the pages `?before=` the last id shown.
pub(super) async fn notifications(
    State(state): State<Arc<AppState>>,
    signed: SignedIn,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let SignedIn { session, token } = signed;
    let t = texts(session.user.language);
    let before = query
        .get("before")
        .and_then(|before| before.parse::<i64>().ok());
    let read = with_store(&state, |store| {
        hits::notifications_newest_first(
            store,
            &session.user,
            before,
            NOTIFICATIONS_PAGE,
            (state.clock)(),
        )
    });
    match read {
        Ok(shown) => {
            let page = Page::of(&session, &token);
            let answered = query.contains_key("answered");
            let place = pages::NotificationsPlace {
                older_before: shown.older_before,
                newest: before.is_none(),
            };
            html(
                StatusCode::OK,
                pages::notifications(t, &page.viewer(), &shown.rows, place, answered),
            )
        }
        Err(error) => internal(error),
    }
}

/// The owner's answer to a hit escalated to its member (see
/// `gatecheck_service::hits::answer_escalation`): back to the notifications when sent.
pub(super) async fn answer(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    posted: SignedForm,
) -> Response {
    let SignedForm {
        signed: SignedIn { session, token },
        form,
    } = posted;
    let page = Page::of(&session, &token);
    let t = page.t;
    let decision = field(&form, "decision");
    let reason = field(&form, "reason").trim();
    let Ok(hit) = id.parse::<i64>() else {
        return page.message(StatusCode::NOT_FOUND, t.hit, t.not_found);
    };
    if !hits::ANSWERS.contains(&decision) || reason.is_empty() || reason.len() > 2000 {
        return page.message(StatusCode::BAD_REQUEST, t.answer, t.answer_error);
    }
    let outcome = with_store(&state, |store| {
        hits::answer_escalation(
            store,
            &session.user.member,
            &session.user.actor(),
            hit,
            decision,
            reason,
            (state.clock)(),
        )
    });
    match outcome {
        Ok(()) => Redirect::to("/console/notifications?answered=1").into_response(),
        Err(ApiError::NotFound(_)) => page.message(StatusCode::NOT_FOUND, t.hit, t.not_found),
        Err(ApiError::BadRequest { .. }) => {
            page.message(StatusCode::BAD_REQUEST, t.answer, t.answer_error)
        }
        Err(ApiError::Forbidden(_)) => page.message(StatusCode::FORBIDDEN, t.hit, t.not_found),
        Err(error) => internal(error),
    }
}

pub(super) async fn records(
    State(state): State<Arc<AppState>>,
    signed: SignedIn,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let SignedIn { session, token } = signed;
    let t = texts(session.user.language);
    let page = page_number(&query);
    // a search by name or list id, as typed (bounded as the store reads it)
    let search = query
        .get("person")
        .map(|text| {
            text.trim()
                .chars()
                .take(gatecheck_store::searchable::MAX_SEARCH_CHARS)
                .collect::<String>()
        })
        .filter(|text| !text.is_empty());
    let read = with_store(&state, |store| {
        let now = (state.clock)();
        match &search {
            Some(text) => {
                gatecheck_service::records::owned_search(store, &session.user, text, page, now)
            }
            None => gatecheck_service::records::owned_page(store, &session.user, page, now),
        }
        .and_then(|(rows, total)| {
            let mut named = Vec::with_capacity(rows.len());
            for row in rows {
                let members = gatecheck_service::records::access_member_names(store, &row)?;
                named.push((row, members));
            }
            Ok((named, total))
        })
    });
    let number = query
        .get("number")
        .map(|number| number.trim().chars().take(64).collect::<String>())
        .filter(|number| !number.is_empty());
    let documents = match &number {
        Some(number) => {
            let now = (state.clock)();
            let found = match state.store() {
                Ok(mut store) => gatecheck_service::documents::owned_by_number(
                    &mut *store,
                    &session.user,
                    number,
                    &crate::day(now),
                    now,
                ),
                Err(error) => return internal(error),
            };
            match found {
                Ok(found) => Some(found),
                Err(error) => return internal(ApiError::from(error)),
            }
        }
        None => None,
    };
    match read {
        Ok((rows, total)) => {
            let shown = Page::of(&session, &token);
            let documents = number.as_deref().zip(documents.as_deref());
            html(
                StatusCode::OK,
                pages::records(
                    t,
                    &shown.viewer(),
                    &rows,
                    total,
                    page,
                    documents,
                    search.as_deref(),
                ),
            )
        }
        Err(error) => internal(error),
    }
}

/// Which of the member's records a page is about.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Owned {
    Person,
    Document,
}

impl Owned {
    fn path(self) -> &'static str {
        match self {
            Owned::Person => "/console/records",
            Owned::Document => "/console/documents",
        }
    }
}

/// One of the member's records as read for its page.
pub(super) enum OwnedRow {
    Person(gatecheck_store::RecordRow),
    Document(gatecheck_store::DocumentRow),
}

impl OwnedRow {
    /// The record's terms as the form shows them, with the names of the members it is
    /// shared with.
    fn form(&self, members: &[String], saved: bool) -> pages::RecordForm {
        let (access, action, review_by) = match self {
            OwnedRow::Person(row) => (&row.access_level, &row.action, &row.review_by),
            OwnedRow::Document(row) => (
                &row.terms.access_level,
                &row.terms.action,
                &row.terms.review_by,
            ),
        };
        pages::RecordForm {
            access: access.clone(),
            members: members.join(", "),
            action: action.clone(),
            review_by: review_by.clone(),
            errors: Vec::new(),
            saved,
            confirm_wider: None,
        }
    }

    /// The access level stored.
    fn access_level(&self) -> &str {
        match self {
            OwnedRow::Person(row) => &row.access_level,
            OwnedRow::Document(row) => &row.terms.access_level,
        }
    }
}

pub(super) async fn record_page(
    State(state): State<Arc<AppState>>,
    signed: SignedIn,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let saved = query.contains_key("saved");
    show_owned(
        &state,
        &signed,
        Owned::Person,
        &id,
        None,
        saved,
        StatusCode::OK,
    )
}

pub(super) async fn document_page(
    State(state): State<Arc<AppState>>,
    signed: SignedIn,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let saved = query.contains_key("saved");
    show_owned(
        &state,
        &signed,
        Owned::Document,
        &id,
        None,
        saved,
        StatusCode::OK,
    )
}

/// A page of one of the member's records: its terms as stored, or as typed when `typed` is
/// given; a form for supervisors.
pub(super) fn show_owned(
    state: &AppState,
    signed: &SignedIn,
    kind: Owned,
    id: &str,
    typed: Option<pages::RecordForm>,
    saved: bool,
    status: StatusCode,
) -> Response {
    let SignedIn { session, token } = signed;
    let page = Page::of(session, token);
    let (t, viewer) = (page.t, page.viewer());
    let not_found = || page.message(StatusCode::NOT_FOUND, t.our_records, t.record_not_found);
    let Ok(id) = id.parse::<i64>() else {
        return not_found();
    };
    let read = with_store(state, |store| {
        let now = (state.clock)();
        let row = match kind {
            Owned::Person => gatecheck_service::records::owned(store, &session.user, id, now)
                .map(OwnedRow::Person),
            Owned::Document => gatecheck_service::documents::owned(store, &session.user, id, now)
                .map(OwnedRow::Document),
        };
        row.and_then(|row| {
            let ids = match &row {
                OwnedRow::Person(row) => &row.access_members,
                OwnedRow::Document(row) => &row.terms.access_members,
            };
            let members = gatecheck_service::records::member_names(store, ids)?;
            Ok((row, members))
        })
    });
    let (row, members) = match read {
        Ok(read) => read,
        Err(error) => {
            return match error {
                ApiError::NotFound(_) => not_found(),
                error => internal(error),
            }
        }
    };
    let mut form = typed.unwrap_or_else(|| row.form(&members, saved));
    // a change awaiting confirmation shows the access it would replace
    if let Some(stored) = &mut form.confirm_wider {
        *stored = (row.access_level().to_string(), members.join(", "));
    }
    let may_change = session.user.keeps_records();
    let page = match &row {
        OwnedRow::Person(row) => pages::record(t, &viewer, row, &form, may_change),
        OwnedRow::Document(row) => pages::document(t, &viewer, row, &form, may_change),
    };
    html(status, page)
}

pub(super) async fn change_record(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    posted: SignedForm,
) -> Response {
    change_owned(&state, &posted.signed, Owned::Person, &id, &posted.form)
}

pub(super) async fn change_document(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    posted: SignedForm,
) -> Response {
    change_owned(&state, &posted.signed, Owned::Document, &id, &posted.form)
}

/// A supervisor's change of the access, action and review date of one of the member's
/// records (the form's CSRF token already checked).
pub(super) fn change_owned(
    state: &Arc<AppState>,
    signed: &SignedIn,
    kind: Owned,
    id: &str,
    form: &HashMap<String, String>,
) -> Response {
    let SignedIn { session, token } = signed;
    let show = |typed: Option<pages::RecordForm>, status: StatusCode| {
        show_owned(state, signed, kind, id, typed, false, status)
    };
    let (mut typed, terms) = match read_terms(form) {
        Ok(read) => read,
        Err(typed) => return show(Some(*typed), StatusCode::BAD_REQUEST),
    };
    let Ok(record) = id.parse::<i64>() else {
        return show(None, StatusCode::NOT_FOUND);
    };
    // the service's complaint names the field, to be shown beside it
    let mut store = match state.store() {
        Ok(store) => store,
        Err(error) => return internal(error),
    };
    let now = (state.clock)();
    // the second step of a change that opens the record to more members carries this
    let confirmed = gatecheck_service::terms::Confirmed::one_record(
        form.get("confirm").map(String::as_str) == Some("wider-access"),
    );
    let outcome = match kind {
        Owned::Person => gatecheck_service::records::change_terms(
            &mut *store,
            &session.user,
            record,
            &terms,
            confirmed,
            now,
        )
        .map(|()| {
            // the index holds each person record's access rule: it takes the change
            // at once (documents are read from the store at each screening)
            if let Err(error) = state.apply_changes(&*store, &[record]) {
                eprintln!("gatecheck serve: console: index not updated: {error}");
            }
        }),
        Owned::Document => gatecheck_service::documents::change_terms(
            &mut *store,
            &session.user,
            record,
            &terms,
            confirmed,
            now,
        ),
    };
    drop(store);
    match outcome {
        Ok(()) => Redirect::to(&format!("{}/{record}?saved=1", kind.path())).into_response(),
        Err(gatecheck_service::ServiceError::NeedsConfirmation { .. }) => {
            typed.confirm_wider = Some((String::new(), String::new()));
            show(Some(typed), StatusCode::CONFLICT)
        }
        Err(gatecheck_service::ServiceError::Invalid { field, reason }) => {
            typed.errors.push((terms_field(field), reason));
            show(Some(typed), StatusCode::BAD_REQUEST)
        }
        Err(error) => match ApiError::from(error) {
            ApiError::NotFound(_) => show(None, StatusCode::NOT_FOUND),
            ApiError::Forbidden(_) => {
                let page = Page::of(session, token);
                page.message(
                    StatusCode::FORBIDDEN,
                    page.t.our_records,
                    page.t.supervisors_only,
                )
            }
            error => internal(error),
        },
    }
}

/// The terms a record form gives, with the form as typed; or the form with the field that
/// could not be read.
pub(super) fn read_terms(
    form: &HashMap<String, String>,
) -> Result<(pages::RecordForm, gatecheck_service::access::RecordTerms), Box<pages::RecordForm>> {
    let mut typed = pages::RecordForm {
        access: field(form, "access").to_string(),
        members: field(form, "members").trim().to_string(),
        action: field(form, "action").trim().to_string(),
        review_by: super::pages::ascii_digits(field(form, "review_by").trim()),
        errors: Vec::new(),
        saved: false,
        confirm_wider: None,
    };
    // members listed for another level are left out rather than refused: the field counts
    // only for "listed members"
    let members: Vec<String> = if typed.access == "members" {
        typed
            .members
            .split(',')
            .map(|name| name.trim().to_string())
            .filter(|name| !name.is_empty())
            .collect()
    } else {
        Vec::new()
    };
    match gatecheck_service::access::Access::parse(&typed.access, members) {
        Ok(access) => {
            let terms = gatecheck_service::access::RecordTerms {
                access,
                action: typed.action.clone(),
                review_by: typed.review_by.clone(),
            };
            Ok((typed, terms))
        }
        Err(gatecheck_service::ServiceError::Invalid { field, reason }) => {
            typed.errors.push((terms_field(field), reason));
            Err(Box::new(typed))
        }
        Err(error) => {
            typed.errors.push(("access", error.to_string()));
            Err(Box::new(typed))
        }
    }
}

/// The form field a service's complaint about terms names.
pub(super) fn terms_field(field: &str) -> &'static str {
    match field {
        "access.members" => "members",
        "review_by" => "review_by",
        "action" => "action",
        _ => "access",
    }
}
