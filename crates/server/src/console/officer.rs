//! The hit queue, a hit in detail, adjudication and suppressions, search, and the flights
//! screened.

use super::*;

/// The queue's filter read from the query string; a value that cannot be read is named
/// beside its field and left out of the filter.
pub(super) fn read_filter(
    query: &HashMap<String, String>,
    t: &Texts,
) -> (HitFilter, FilterForm, usize) {
    let value = |name: &str| {
        query
            .get(name)
            .map(|value| value.trim().chars().take(200).collect::<String>())
            .unwrap_or_default()
    };
    let mut form = FilterForm {
        status: value("status"),
        flight: value("flight"),
        from: value("from"),
        to: value("to"),
        min_score: value("min_score"),
        list: value("list"),
        errors: Vec::new(),
    };
    let mut filter = HitFilter::default();
    // the queue is of open hits unless another status, or all, is asked for
    if !query.contains_key("status") {
        form.status = "open".to_string();
    }
    if hits::STATUSES.contains(&form.status.as_str()) {
        filter.status = Some(form.status.clone());
    } else {
        form.status = "all".to_string();
    }
    if !form.flight.is_empty() {
        filter.flight = Some(form.flight.clone());
    }
    let date = |text: &str| {
        gatecheck_store::days_from_date(&super::pages::ascii_digits(text)).map(|days| days * 86_400)
    };
    let bad_date = match t.code {
        "ar" => "تاريخ غير صالح (YYYY-MM-DD).",
        _ => "Not a date (YYYY-MM-DD).",
    };
    if !form.from.is_empty() {
        match date(&form.from) {
            Some(seconds) => filter.since = Some(seconds),
            None => form.errors.push(("from", bad_date.to_string())),
        }
    }
    if !form.to.is_empty() {
        match date(&form.to) {
            Some(seconds) => filter.until = Some(seconds + 86_400),
            None => form.errors.push(("to", bad_date.to_string())),
        }
    }
    if !form.min_score.is_empty() {
        match form.min_score.replace(',', ".").parse::<f64>() {
            Ok(score) if (0.0..=1.0).contains(&score) => filter.min_score = Some(score),
            _ => form.errors.push((
                "min_score",
                match t.code {
                    "ar" => "رقم بين 0 و1.".to_string(),
                    _ => "A number from 0 to 1.".to_string(),
                },
            )),
        }
    }
    match form.list.as_str() {
        "persons" => filter.documents = Some(false),
        "documents" => filter.documents = Some(true),
        _ => form.list.clear(),
    }
    let page = page_number(query);
    (filter, form, page)
}

pub(super) async fn queue(
    State(state): State<Arc<AppState>>,
    signed: SignedIn,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let SignedIn { session, token } = signed;
    let t = texts(session.user.language);
    let (filter, form, page) = read_filter(&query, t);
    let listed = with_store(&state, |store| {
        hits::queue(store, &session.user, &filter, page, (state.clock)())
    });
    let page = match listed {
        Ok(page) => page,
        Err(error) => return internal(error),
    };
    let status = if form.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::BAD_REQUEST
    };
    let shown = Page::of(&session, &token);
    html(
        status,
        pages::queue(
            t,
            &shown.viewer(),
            &page,
            &filter,
            &form,
            query.get("saved").and_then(|hit| hit.parse().ok()),
        ),
    )
}

#[derive(serde::Deserialize)]
pub(super) struct NewerQuery {
    after: Option<i64>,
}

pub(super) async fn newer_hits(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Query(query): Query<NewerQuery>,
) -> Response {
    // polling is the page's own doing, not the officer's: it does not keep the session
    // alive, and when the session has ended it says so, for the page to tell the officer
    let session = match session_of(&state, &headers, console::SessionUse::Background) {
        Ok((session, _)) => session,
        Err(NoSession::NeverSignedIn | NoSession::Ended) => {
            return (StatusCode::UNAUTHORIZED, Json(json!({"session": "ended"}))).into_response()
        }
        Err(NoSession::Failed(error)) => return internal(error),
    };
    let counted = state.with_reader(|reader| {
        Ok(hits::newer_hits(
            reader,
            &session.user,
            query.after.unwrap_or(0),
        )?)
    });
    match counted {
        Ok((count, newest)) => Json(json!({"count": count, "newest": newest})).into_response(),
        Err(error) => internal(error),
    }
}

pub(super) async fn hit_page(
    State(state): State<Arc<AppState>>,
    signed: SignedIn,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let SignedIn { session, token } = signed;
    let form = DecisionForm {
        saved: query.get("saved").and_then(|hit| hit.parse().ok()),
        ..DecisionForm::default()
    };
    show_hit(&state, &session, &token, &id, &form, StatusCode::OK)
}

pub(super) fn show_hit(
    state: &AppState,
    session: &Session,
    token: &SessionToken,
    id: &str,
    form: &DecisionForm,
    status: StatusCode,
) -> Response {
    let page = Page::of(session, token);
    let (t, viewer) = (page.t, page.viewer());
    let not_found = || page.message(StatusCode::NOT_FOUND, t.hit, t.not_found);
    let Ok(id) = id.parse::<i64>() else {
        return not_found();
    };
    let detail = with_store(state, |store| {
        hits::hit_detail(store, &session.user, id, (state.clock)())
    });
    match detail {
        Ok(detail) => html(status, pages::hit_detail(t, &viewer, &detail, form)),
        Err(error) => match error {
            ApiError::NotFound(_) => not_found(),
            error => internal(error),
        },
    }
}

pub(super) async fn adjudicate(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    posted: SignedForm,
) -> Response {
    let SignedForm {
        signed: SignedIn { session, token },
        form,
    } = posted;
    let status = field(&form, "status");
    let reason = field(&form, "reason").trim();
    let decision = DecisionForm {
        status: status.to_string(),
        reason: reason.to_string(),
        status_error: !hits::STATUSES[1..].contains(&status),
        reason_error: reason.is_empty() || reason.len() > 2000,
        withheld_error: false,
        saved: None,
    };
    let then_next = field(&form, "then") == "next";
    if decision.status_error || decision.reason_error {
        return show_hit(
            &state,
            &session,
            &token,
            &id,
            &decision,
            StatusCode::BAD_REQUEST,
        );
    }
    let Ok(hit) = id.parse::<i64>() else {
        return show_hit(
            &state,
            &session,
            &token,
            &id,
            &decision,
            StatusCode::NOT_FOUND,
        );
    };
    let outcome = with_store(&state, |store| {
        hits::adjudicate(store, &session.user, hit, status, reason, (state.clock)())
    });
    match outcome {
        Ok(()) if then_next => {
            // the next open hit, with word that this one's decision is saved; the queue
            // when none is left
            let next = with_store(&state, |store| {
                hits::next_open_hit(store, &session.user, hit)
            });
            match next {
                Ok(Some(next)) => {
                    Redirect::to(&format!("/console/hits/{next}?saved={hit}")).into_response()
                }
                Ok(None) => Redirect::to(&format!("/console/hits?saved={hit}")).into_response(),
                Err(error) => internal(error),
            }
        }
        Ok(()) => Redirect::to(&format!("/console/hits/{hit}?saved={hit}")).into_response(),
        Err(error) => match error {
            // a false positive on a record withheld from the member (the service decides)
            ApiError::Forbidden(_) => show_hit(
                &state,
                &session,
                &token,
                &id,
                &DecisionForm {
                    withheld_error: true,
                    ..decision
                },
                StatusCode::FORBIDDEN,
            ),
            ApiError::NotFound(_) => show_hit(
                &state,
                &session,
                &token,
                &id,
                &decision,
                StatusCode::NOT_FOUND,
            ),
            error => internal(error),
        },
    }
}

pub(super) async fn flights(
    State(state): State<Arc<AppState>>,
    signed: SignedIn,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let SignedIn { session, token } = signed;
    let t = texts(session.user.language);
    let page = page_number(&query);
    let listed = with_store(&state, |store| {
        gatecheck_service::manifests::flights(store, &session.user, page, (state.clock)())
    });
    match listed {
        Ok((rows, total)) => {
            let shown = Page::of(&session, &token);
            html(
                StatusCode::OK,
                pages::flights(t, &shown.viewer(), &rows, total, page),
            )
        }
        Err(error) => internal(error),
    }
}

pub(super) async fn flight(
    State(state): State<Arc<AppState>>,
    signed: SignedIn,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let SignedIn { session, token } = signed;
    let page = Page::of(&session, &token);
    let (t, viewer) = (page.t, page.viewer());
    let not_found = || page.message(StatusCode::NOT_FOUND, t.flight, t.flight_not_found);
    let Ok(id) = id.parse::<i64>() else {
        return not_found();
    };
    let read = with_store(&state, |store| {
        gatecheck_service::manifests::flight(store, &session.user, id, (state.clock)())
    });
    match read {
        Ok(row) => {
            let only_hits = query.get("only").is_some_and(|only| only == "hits");
            html(StatusCode::OK, pages::flight(t, &viewer, &row, only_hits))
        }
        Err(error) => match error {
            ApiError::NotFound(_) => not_found(),
            error => internal(error),
        },
    }
}

pub(super) async fn reports(
    State(state): State<Arc<AppState>>,
    signed: SignedIn,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let SignedIn { session, token } = signed;
    let page_number = page_number(&query);
    let actor = session.user.actor();
    let listed = with_store(&state, |store| {
        let listed = gatecheck_service::reports::reports(
            store,
            &session.user.member,
            &actor,
            page_number,
            (state.clock)(),
        )?;
        Ok::<_, gatecheck_service::ServiceError>((
            listed,
            crate::handlers::reports::member_names(&*store)?,
        ))
    });
    match listed {
        Ok(((rows, total), names)) => {
            let page = Page::of(&session, &token);
            let name = |id: i64| names.get(&id).cloned().unwrap_or_default();
            html(
                StatusCode::OK,
                pages::reports(page.t, &page.viewer(), &rows, &name, total, page_number),
            )
        }
        Err(error) => internal(error),
    }
}

pub(super) async fn report(
    State(state): State<Arc<AppState>>,
    signed: SignedIn,
    Path(id): Path<String>,
) -> Response {
    let SignedIn { session, token } = signed;
    let page = Page::of(&session, &token);
    let (t, viewer) = (page.t, page.viewer());
    let not_found = || page.message(StatusCode::NOT_FOUND, t.report, t.report_not_found);
    let Ok(id) = id.parse::<i64>() else {
        return not_found();
    };
    let actor = session.user.actor();
    let read = with_store(&state, |store| {
        let report = gatecheck_service::reports::read_report(
            store,
            &session.user.member,
            &actor,
            id,
            (state.clock)(),
        )?;
        Ok::<_, gatecheck_service::ServiceError>((
            report,
            crate::handlers::reports::member_names(&*store)?,
        ))
    });
    match read {
        Ok((row, names)) => {
            let name = |id: i64| names.get(&id).cloned().unwrap_or_default();
            html(StatusCode::OK, pages::report(t, &viewer, &row, &name))
        }
        Err(ApiError::NotFound(_)) => not_found(),
        Err(error) => internal(error),
    }
}

pub(super) async fn search_page(signed: SignedIn) -> Response {
    let SignedIn { session, token } = signed;
    let page = Page::of(&session, &token);
    let form = pages::SearchForm::default();
    html(
        StatusCode::OK,
        pages::search(page.t, &page.viewer(), &form, None),
    )
}

/// How a search's input reads when the officer did not say: a zone has `<<`; a number has
/// a digit and no more than 20 letters and digits; anything else is a name.
pub(super) fn search_kind(input: &str) -> &'static str {
    if input.contains("<<") {
        return "mrz";
    }
    let alphanumeric = input.chars().filter(|c| c.is_alphanumeric()).count();
    let number_like = input
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == ' ' || c == '-');
    if number_like && input.chars().any(|c| c.is_ascii_digit()) && alphanumeric <= 20 {
        "document"
    } else {
        "name"
    }
}

/// A date of birth as typed: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
pub(super) fn birth_date_ok(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    let digits =
        |part: &str, count: usize| part.len() == count && part.bytes().all(|b| b.is_ascii_digit());
    match parts.as_slice() {
        [year] => digits(year, 4),
        [year, month] => {
            digits(year, 4) && digits(month, 2) && matches!(month.parse::<u32>(), Ok(1..=12))
        }
        [_, _, _] => gatecheck_store::days_from_date(text).is_some(),
        _ => false,
    }
}

pub(super) async fn search(State(state): State<Arc<AppState>>, posted: SignedForm) -> Response {
    let SignedForm {
        signed: SignedIn { session, token },
        form,
    } = posted;
    let page = Page::of(&session, &token);
    let (t, viewer) = (page.t, page.viewer());
    let mut typed = pages::SearchForm {
        input: field(&form, "input").trim().to_string(),
        kind: field(&form, "kind").to_string(),
        birth_date: field(&form, "birth_date").trim().to_string(),
        nationality: field(&form, "nationality").trim().to_ascii_uppercase(),
        errors: Vec::new(),
        refused: None,
    };
    if typed.input.is_empty() {
        typed.errors.push(("input", t.required.to_string()));
    }
    if !typed.birth_date.is_empty() && !birth_date_ok(&typed.birth_date) {
        typed
            .errors
            .push(("birth_date", t.bad_birth_date.to_string()));
    }
    let nationality = match typed.nationality.len() {
        0 => None,
        2 if typed.nationality.bytes().all(|b| b.is_ascii_uppercase()) => {
            Some(typed.nationality.to_ascii_lowercase())
        }
        3 => gatecheck_formats::countries::alpha2(&typed.nationality).map(str::to_string),
        _ => None,
    };
    if !typed.nationality.is_empty() && nationality.is_none() {
        typed
            .errors
            .push(("nationality", t.bad_nationality.to_string()));
    }
    if !typed.errors.is_empty() {
        return html(
            StatusCode::BAD_REQUEST,
            pages::search(t, &viewer, &typed, None),
        );
    }
    let kind = match typed.kind.as_str() {
        "name" => "name",
        "mrz" => "mrz",
        "document" => "document",
        _ => search_kind(&typed.input),
    };
    let member = &session.user.member;
    let answer = match kind {
        "mrz" => state.screen_mrz_text(member, &typed.input),
        "document" => state.screen_document_request(member, &json!({"number": typed.input})),
        _ => {
            let mut properties = json!({"name": [typed.input]});
            if !typed.birth_date.is_empty() {
                properties["birthDate"] = json!([typed.birth_date]);
            }
            if let Some(nationality) = &nationality {
                properties["nationality"] = json!([nationality]);
            }
            let entity =
                json!({"id": "console-search", "schema": "Person", "properties": properties});
            state.screen_person_entity(member, &entity)
        }
    };
    let answer = match answer {
        Ok(answer) => answer,
        Err(ApiError::BadRequest { message, .. }) => {
            typed.errors.push(("input", t.search_refused.to_string()));
            typed.refused = Some(message);
            return html(
                StatusCode::BAD_REQUEST,
                pages::search(t, &viewer, &typed, None),
            );
        }
        Err(error) => return internal(error),
    };
    // the screening's own entries name the member; this one names the officer
    let entry = gatecheck_store::AuditEntry {
        at: (state.clock)(),
        actor: session.user.actor(),
        action: gatecheck_service::audit::Action::ScreenConsole.to_string(),
        subject: format!("search as {kind}"),
        digest: gatecheck_service::audit::digest_of(answer.to_string().as_bytes()),
    };
    let written = state.store().and_then(|mut store| {
        Ok(store.append_audit(&entry, &gatecheck_service::audit::chain_hash)?)
    });
    if let Err(error) = written {
        return internal(error);
    }
    let outcome = pages::SearchOutcome {
        kind,
        answer,
        today: crate::day((state.clock)()),
    };
    html(
        StatusCode::OK,
        pages::search(t, &viewer, &typed, Some(&outcome)),
    )
}

pub(super) async fn revoke_suppression(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    posted: SignedForm,
) -> Response {
    let SignedForm {
        signed: SignedIn { session, token },
        ..
    } = posted;
    let Ok(hit) = id.parse::<i64>() else {
        return show_hit(
            &state,
            &session,
            &token,
            &id,
            &DecisionForm::default(),
            StatusCode::NOT_FOUND,
        );
    };
    let outcome = with_store(&state, |store| {
        hits::revoke_suppression(store, &session.user, hit, (state.clock)())
    });
    match outcome {
        Ok(()) => Redirect::to(&format!("/console/hits/{hit}")).into_response(),
        Err(error) => match error {
            ApiError::NotFound(_) => show_hit(
                &state,
                &session,
                &token,
                &id,
                &DecisionForm::default(),
                StatusCode::NOT_FOUND,
            ),
            error => internal(error),
        },
    }
}
