//! Signing in and out, the user's language and password, and the administration of a
//! member's users.

use super::*;

#[derive(serde::Deserialize)]
pub(super) struct SignInQuery {
    lang: Option<String>,
    ended: Option<String>,
}

pub(super) async fn sign_in_page(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Query(query): Query<SignInQuery>,
) -> Response {
    if signed_in(&state, &headers).is_ok() {
        return Redirect::to("/console/hits").into_response();
    }
    let t = texts(language_before_sign_in(&headers, query.lang.as_deref()));
    let message = query.ended.is_some().then_some(t.session_ended);
    sign_in_form(&state, &headers, t, StatusCode::OK, "", message, &[])
}

/// The sign-in form, with the browser's form token when it has one, else a new one: every
/// tab of a browser shares the one cookie, so a form opened in another tab must not
/// replace the token of a form already open.
pub(super) fn sign_in_form(
    state: &AppState,
    headers: &HeaderMap,
    t: &Texts,
    status: StatusCode,
    name: &str,
    message: Option<&str>,
    missing: &[&str],
) -> Response {
    let token = match cookie(headers, FORM_COOKIE).filter(|value| console::is_form_token(value)) {
        Some(kept) => kept.to_string(),
        None => match console::form_token() {
            Ok(token) => token,
            Err(error) => return internal(ApiError::from(error)),
        },
    };
    let mut response = html(status, pages::sign_in(t, &token, name, message, missing));
    let (key, value) = set_cookie(state, FORM_COOKIE, &token, 3600);
    if let Ok(value) = HeaderValue::from_str(&value) {
        response.headers_mut().append(key, value);
    }
    response
}

pub(super) async fn sign_in(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let t = texts(language_before_sign_in(
        &headers,
        Some(field(&form, "lang")),
    ));
    let expected = cookie(&headers, FORM_COOKIE).unwrap_or("");
    let presented = field(&form, "csrf");
    let token_matches: bool = expected.as_bytes().ct_eq(presented.as_bytes()).into();
    let name = field(&form, "name").trim();
    if expected.is_empty() || !token_matches {
        return sign_in_form(
            &state,
            &headers,
            t,
            StatusCode::FORBIDDEN,
            name,
            Some(t.form_expired),
            &[],
        );
    }
    let password = field(&form, "password");
    let missing: Vec<&str> = [("name", name), ("password", password)]
        .iter()
        .filter(|(_, value)| value.is_empty())
        .map(|(field, _)| *field)
        .collect();
    if !missing.is_empty() {
        return sign_in_form(
            &state,
            &headers,
            t,
            StatusCode::BAD_REQUEST,
            name,
            None,
            &missing,
        );
    }
    let now = (state.clock)();
    // refused sign-ins are counted in the audit log, so on every node alike and across
    // restarts; a count that cannot be read refuses (the throttle fails closed)
    let throttled = state
        .with_reader(|reader| Ok(console::sign_in_throttled(reader, name, now)?))
        .unwrap_or(true);
    if throttled {
        if let Ok(mut store) = state.store() {
            if let Err(error) = console::refuse_sign_in(&mut *store, name, now) {
                return internal(ApiError::from(error));
            }
        }
        return sign_in_form(
            &state,
            &headers,
            t,
            StatusCode::TOO_MANY_REQUESTS,
            name,
            Some(t.too_many_tries),
            &[],
        );
    }
    // the slow hash on a read-only connection: the writer goes on meanwhile
    let checked =
        state.with_reader(|reader| Ok(console::check_credentials(reader, name, password)?));
    let mut store = match state.store() {
        Ok(store) => store,
        Err(error) => return internal(error),
    };
    match checked {
        Ok(Some(user)) => match console::start_session(&mut *store, &user, now) {
            Ok(token) => {
                let (key, value) = set_cookie(
                    &state,
                    SESSION_COOKIE,
                    token.expose(),
                    console::SESSION_LONGEST_SECONDS,
                );
                // the form cookie is kept: a sign-in form still open in another tab
                // (its session ended too) signs in from there as well
                (AppendHeaders([(key, value)]), Redirect::to("/console/hits")).into_response()
            }
            Err(error) => internal(ApiError::from(error)),
        },
        Ok(None) => match console::refuse_sign_in(&mut *store, name, now) {
            Ok(()) => sign_in_form(
                &state,
                &headers,
                t,
                StatusCode::UNAUTHORIZED,
                name,
                Some(t.wrong_credentials),
                &[],
            ),
            Err(error) => internal(ApiError::from(error)),
        },
        Err(error) => internal(error),
    }
}

pub(super) async fn sign_out(State(state): State<Arc<AppState>>, posted: SignedForm) -> Response {
    let SignedForm {
        signed: SignedIn { session, token },
        ..
    } = posted;
    let mut store = match state.store() {
        Ok(store) => store,
        Err(error) => return internal(error),
    };
    if let Err(error) = console::sign_out(&mut *store, &session.user, &token, (state.clock)()) {
        return internal(ApiError::from(error));
    }
    let language = session.user.language.code();
    (
        [set_cookie(&state, SESSION_COOKIE, "", 0)],
        Redirect::to(&format!("/console/sign-in?lang={language}")),
    )
        .into_response()
}

pub(super) async fn change_language(
    State(state): State<Arc<AppState>>,
    posted: SignedForm,
) -> Response {
    let SignedForm {
        signed: SignedIn { session, .. },
        form,
    } = posted;
    let Some(language) = Language::from_code(field(&form, "language")) else {
        return html(
            StatusCode::BAD_REQUEST,
            maud::html! { p { "language: en or ar" } },
        );
    };
    let mut store = match state.store() {
        Ok(store) => store,
        Err(error) => return internal(error),
    };
    if let Err(error) = console::set_language(&mut *store, &session.user, language, (state.clock)())
    {
        return internal(ApiError::from(error));
    }
    Redirect::to("/console/hits").into_response()
}

/// The administration of users, with `form` as typed; refused to any but administrators.
pub(super) fn show_users(
    state: &AppState,
    session: &Session,
    token: &SessionToken,
    form: &pages::PeopleForm,
    status: StatusCode,
) -> Response {
    let page = Page::of(session, token);
    let (t, viewer) = (page.t, page.viewer());
    if !console::may_manage_users(&session.user) {
        return page.message(StatusCode::FORBIDDEN, t.users, t.administrators_only);
    }
    let users = match state.store() {
        Ok(store) => console::users_with_state(&*store, &session.user.member),
        Err(error) => return internal(error),
    };
    let users = match users {
        Ok(users) => users,
        Err(error) => return internal(ApiError::from(error)),
    };
    // a confirmation is asked only of a user that can be disabled
    if let Some(name) = &form.confirm_disable {
        let may_be_disabled = users
            .iter()
            .any(|(user, disabled)| user.name == *name && !disabled && user.id != session.user.id);
        if !may_be_disabled {
            let refused = pages::PeopleForm {
                role: form.role.clone(),
                language: form.language.clone(),
                errors: vec![(
                    "name",
                    format!(
                        "no active user {name:?} of member {} but you",
                        session.user.member.name
                    ),
                )],
                ..pages::PeopleForm::default()
            };
            return html(
                StatusCode::BAD_REQUEST,
                pages::users(t, &viewer, &users, &refused),
            );
        }
    }
    html(status, pages::users(t, &viewer, &users, form))
}

pub(super) async fn users_page(
    State(state): State<Arc<AppState>>,
    signed: SignedIn,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let SignedIn { session, token } = signed;
    let t = texts(session.user.language);
    let form = pages::PeopleForm {
        role: "officer".to_string(),
        language: session.user.language.code().to_string(),
        time_zone: session.user.member.time_zone.clone(),
        done: query.contains_key("time_zone").then_some(t.time_zone_saved),
        ..pages::PeopleForm::default()
    };
    show_users(&state, &session, &token, &form, StatusCode::OK)
}

/// Sets the time zone of the member's officers (administrators only; audited as
/// `member.time_zone`): times are shown in it beside UTC.
pub(super) async fn change_time_zone(
    State(state): State<Arc<AppState>>,
    posted: SignedForm,
) -> Response {
    let SignedForm {
        signed: SignedIn { session, token },
        form,
    } = posted;
    let page = Page::of(&session, &token);
    let t = page.t;
    let typed = field(&form, "time_zone").trim().to_string();
    // who may is the service's to say
    let changed = match state.store() {
        Ok(mut store) => {
            console::set_time_zone_by(&mut *store, &session.user, &typed, (state.clock)())
        }
        Err(error) => return internal(error),
    };
    match changed {
        Ok(()) => Redirect::to("/console/users?time_zone=saved").into_response(),
        Err(gatecheck_service::ServiceError::Forbidden(_)) => {
            page.message(StatusCode::FORBIDDEN, t.users, t.administrators_only)
        }
        Err(gatecheck_service::ServiceError::Invalid { .. }) => {
            let refused = pages::PeopleForm {
                role: "officer".to_string(),
                language: session.user.language.code().to_string(),
                time_zone: typed,
                errors: vec![("time_zone", t.bad_time_zone.to_string())],
                ..pages::PeopleForm::default()
            };
            show_users(&state, &session, &token, &refused, StatusCode::BAD_REQUEST)
        }
        Err(error) => internal(ApiError::from(error)),
    }
}

pub(super) async fn add_user(State(state): State<Arc<AppState>>, posted: SignedForm) -> Response {
    let SignedForm {
        signed: SignedIn { session, token },
        form,
    } = posted;
    let t = texts(session.user.language);
    let mut typed = pages::PeopleForm {
        name: field(&form, "name").trim().to_string(),
        role: field(&form, "role").to_string(),
        language: field(&form, "language").to_string(),
        ..pages::PeopleForm::default()
    };
    let (Some(role), Some(language)) = (
        console::Role::from_code(&typed.role),
        Language::from_code(&typed.language),
    ) else {
        typed
            .errors
            .push(("name", t.bad_role_or_language.to_string()));
        return show_users(&state, &session, &token, &typed, StatusCode::BAD_REQUEST);
    };
    let spec = console::UserSpec {
        name: &typed.name,
        password: field(&form, "password"),
        role,
        language,
    };
    let added = match state.store() {
        Ok(mut store) => console::add_user_by(&mut *store, &session.user, spec, (state.clock)()),
        Err(error) => return internal(error),
    };
    match added {
        Ok(_) => {
            typed = pages::PeopleForm {
                role: "officer".to_string(),
                language: typed.language,
                done: Some(t.saved),
                ..pages::PeopleForm::default()
            };
            show_users(&state, &session, &token, &typed, StatusCode::OK)
        }
        Err(gatecheck_service::ServiceError::Invalid { field, reason }) => {
            typed.errors.push((
                if field == "password" {
                    "password"
                } else {
                    "name"
                },
                reason,
            ));
            show_users(&state, &session, &token, &typed, StatusCode::BAD_REQUEST)
        }
        Err(error) => match ApiError::from(error) {
            ApiError::Conflict(message) => {
                typed.errors.push(("name", message));
                show_users(&state, &session, &token, &typed, StatusCode::CONFLICT)
            }
            ApiError::Forbidden(_) => {
                show_users(&state, &session, &token, &typed, StatusCode::FORBIDDEN)
            }
            error => internal(error),
        },
    }
}

/// Disables a user of the member, in two steps: the button on the users' page asks first
/// (the page again, with what disabling does and a button that confirms); only a form
/// that says `confirm=disable` disables.
pub(super) async fn disable_user(
    State(state): State<Arc<AppState>>,
    posted: SignedForm,
) -> Response {
    if field(&posted.form, "confirm") != "disable" {
        let SignedForm {
            signed: SignedIn { session, token },
            form,
        } = posted;
        let typed = pages::PeopleForm {
            role: "officer".to_string(),
            language: session.user.language.code().to_string(),
            confirm_disable: Some(field(&form, "name").to_string()),
            ..pages::PeopleForm::default()
        };
        return show_users(&state, &session, &token, &typed, StatusCode::OK);
    }
    change_user_state(&state, posted, console::disable_user, |t| t.user_disabled)
}

/// Enables a disabled user of the member again (no confirmation: nothing is lost by it).
pub(super) async fn enable_user(
    State(state): State<Arc<AppState>>,
    posted: SignedForm,
) -> Response {
    change_user_state(&state, posted, console::enable_user, |t| t.user_enabled)
}

type UserStateChange = fn(
    &mut dyn gatecheck_store::concepts::Backend,
    &console::User,
    &str,
    i64,
) -> Result<(), gatecheck_service::ServiceError>;

/// Disables or enables the user the form names, and shows the users again with what was
/// done, or why not.
fn change_user_state(
    state: &AppState,
    posted: SignedForm,
    change: UserStateChange,
    done: fn(&Texts) -> &'static str,
) -> Response {
    let SignedForm {
        signed: SignedIn { session, token },
        form,
    } = posted;
    let t = texts(session.user.language);
    let name = field(&form, "name").to_string();
    let changed = match state.store() {
        Ok(mut store) => change(&mut *store, &session.user, &name, (state.clock)()),
        Err(error) => return internal(error),
    };
    let mut typed = pages::PeopleForm {
        role: "officer".to_string(),
        language: session.user.language.code().to_string(),
        ..pages::PeopleForm::default()
    };
    match changed {
        Ok(()) => {
            typed.done = Some(done(t));
            show_users(state, &session, &token, &typed, StatusCode::OK)
        }
        Err(gatecheck_service::ServiceError::Invalid { reason, .. }) => {
            typed.errors.push(("name", reason));
            show_users(state, &session, &token, &typed, StatusCode::BAD_REQUEST)
        }
        Err(error) => match ApiError::from(error) {
            ApiError::Forbidden(_) => {
                show_users(state, &session, &token, &typed, StatusCode::FORBIDDEN)
            }
            error => internal(error),
        },
    }
}

pub(super) async fn account_page(
    signed: SignedIn,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let SignedIn { session, token } = signed;
    let t = texts(session.user.language);
    let page = Page::of(&session, &token);
    let form = pages::PeopleForm {
        done: query.contains_key("digits").then_some(t.digits_saved),
        ..pages::PeopleForm::default()
    };
    html(
        StatusCode::OK,
        pages::account(t, &page.viewer(), &form, chosen_digits(&headers)),
    )
}

/// The digit style this browser chose (its code), `by-language` when none.
fn chosen_digits(headers: &HeaderMap) -> &'static str {
    cookie(headers, digits::COOKIE)
        .and_then(digits::Digits::from_code)
        .map_or("by-language", digits::Digits::code)
}

/// Keeps the digit style chosen, for this browser (a cookie of a year; none for "as the
/// language writes them").
pub(super) async fn change_digits(
    State(state): State<Arc<AppState>>,
    posted: SignedForm,
) -> Response {
    let chosen = digits::Digits::from_code(field(&posted.form, "digits"));
    let cookie = match chosen {
        Some(style) => set_cookie(&state, digits::COOKIE, style.code(), 365 * 24 * 3600),
        None => set_cookie(&state, digits::COOKIE, "", 0),
    };
    ([cookie], Redirect::to("/console/account?digits=saved")).into_response()
}

pub(super) async fn change_password(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    posted: SignedForm,
) -> Response {
    let digits = chosen_digits(&headers);
    let SignedForm {
        signed: SignedIn { session, token },
        form,
    } = posted;
    let page = Page::of(&session, &token);
    let (t, viewer) = (page.t, page.viewer());
    let (current, new, repeat) = (
        field(&form, "current"),
        field(&form, "new"),
        field(&form, "repeat"),
    );
    let mut typed = pages::PeopleForm::default();
    if new != repeat {
        typed
            .errors
            .push(("repeat", t.passwords_differ.to_string()));
        return html(
            StatusCode::BAD_REQUEST,
            pages::account(t, &viewer, &typed, digits),
        );
    }
    // the slow check on a read-only connection, as at sign-in
    let checked = state.with_reader(|reader| {
        Ok(console::check_credentials(
            reader,
            &session.user.name,
            current,
        )?)
    });
    match checked {
        Ok(Some(user)) if user.id == session.user.id => {}
        Ok(_) => {
            typed
                .errors
                .push(("current", t.wrong_current_password.to_string()));
            return html(
                StatusCode::BAD_REQUEST,
                pages::account(t, &viewer, &typed, digits),
            );
        }
        Err(error) => return internal(error),
    }
    let changed = match state.store() {
        Ok(mut store) => {
            console::change_password(&mut *store, &session.user, &token, new, (state.clock)())
        }
        Err(error) => return internal(error),
    };
    match changed {
        Ok(()) => {
            typed.done = Some(t.password_changed);
            html(StatusCode::OK, pages::account(t, &viewer, &typed, digits))
        }
        Err(gatecheck_service::ServiceError::Invalid { reason, .. }) => {
            typed.errors.push(("new", reason));
            html(
                StatusCode::BAD_REQUEST,
                pages::account(t, &viewer, &typed, digits),
            )
        }
        Err(error) => internal(ApiError::from(error)),
    }
}
