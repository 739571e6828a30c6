//! The officer console: pages served by `gatecheck serve` itself, every asset in the binary.
//! A user signs in with a password; the session lives in an HttpOnly, SameSite=Strict
//! cookie and every form that changes something carries the session's CSRF token (forms
//! before sign-in carry a token kept in a cookie of their own). What a page shows comes from
//! the service, which applies the access rule and audits every read and write; the pages
//! only lay it out, in English or Arabic.

mod pages;
mod text;

use crate::{ApiError, AppState};
use axum::extract::{Form, Path, Query, State};
use axum::http::header::{self, HeaderMap, HeaderValue};
use axum::http::StatusCode;
use axum::response::{AppendHeaders, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use gatecheck_service::console::{self, Language, Session, SessionToken};
use gatecheck_service::hits;
use gatecheck_store::HitFilter;
use pages::{DecisionForm, FilterForm, Viewer};
use serde_json::json;
use std::collections::HashMap;
use std::sync::Arc;
use subtle::ConstantTimeEq;
use text::{texts, Texts};

/// The session cookie.
const SESSION_COOKIE: &str = "gatecheck_session";
/// The cookie of a form shown before sign-in.
const FORM_COOKIE: &str = "gatecheck_form";
/// The longest form value read (a reason is at most 2,000 bytes).
const MAX_FIELD_BYTES: usize = 4096;

/// Refused sign-ins of a user name within this many seconds ...
const REFUSALS_WINDOW_SECONDS: i64 = 15 * 60;
/// ... after which further tries of that name are refused unheard until the window ends.
const REFUSALS_ALLOWED: u32 = 5;
/// The most user names whose refusals are remembered (the oldest are forgotten first).
const REFUSALS_REMEMBERED: usize = 10_000;

/// What the console keeps between requests: refused sign-ins by user name (in memory: a
/// restart forgets them), so that passwords cannot be guessed at speed.
#[derive(Default)]
pub(crate) struct ConsoleState {
    refusals: std::sync::Mutex<HashMap<String, (u32, i64)>>,
}

impl ConsoleState {
    /// Whether `name` has been refused too often lately to be heard now.
    fn throttled(&self, name: &str, now: i64) -> bool {
        let Ok(refusals) = self.refusals.lock() else {
            return false;
        };
        refusals.get(name).is_some_and(|(count, first)| {
            *count >= REFUSALS_ALLOWED && now - first < REFUSALS_WINDOW_SECONDS
        })
    }

    fn refused(&self, name: &str, now: i64) {
        let Ok(mut refusals) = self.refusals.lock() else {
            return;
        };
        if refusals.len() >= REFUSALS_REMEMBERED && !refusals.contains_key(name) {
            refusals.retain(|_, (_, first)| now - *first < REFUSALS_WINDOW_SECONDS);
            if refusals.len() >= REFUSALS_REMEMBERED {
                let oldest = refusals
                    .iter()
                    .min_by_key(|(_, (_, first))| *first)
                    .map(|(name, _)| name.clone());
                if let Some(oldest) = oldest {
                    refusals.remove(&oldest);
                }
            }
        }
        let entry = refusals.entry(name.to_string()).or_insert((0, now));
        if now - entry.1 >= REFUSALS_WINDOW_SECONDS {
            *entry = (0, now);
        }
        entry.0 += 1;
    }

    fn accepted(&self, name: &str) {
        if let Ok(mut refusals) = self.refusals.lock() {
            refusals.remove(name);
        }
    }
}

/// The console's routes, to be merged into the API's router.
pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/console", get(|| async { Redirect::to("/console/hits") }))
        .route("/console/", get(|| async { Redirect::to("/console/hits") }))
        .route("/console/sign-in", get(sign_in_page).post(sign_in))
        .route("/console/sign-out", post(sign_out))
        .route("/console/language", post(change_language))
        .route("/console/hits", get(queue))
        .route("/console/hits/newer", get(newer_hits))
        .route("/console/hits/{id}", get(hit_page).post(adjudicate))
        .route("/console/hits/{id}/revoke", post(revoke_suppression))
        .route("/console/search", get(search_page).post(search))
        .route("/console/notifications", get(notifications))
        .route("/console/records", get(records))
        .route(
            "/console/records/{id}",
            get(record_page).post(change_record),
        )
        .route(
            "/console/documents/{id}",
            get(document_page).post(change_document),
        )
        .route("/console/users", get(users_page).post(add_user))
        .route("/console/users/disable", post(disable_user))
        .route("/console/account", get(account_page).post(change_password))
        .route("/console/flights", get(flights))
        .route("/console/flights/{id}", get(flight))
        .route("/console/assets/console.css", get(style))
        .route("/console/assets/console.js", get(script))
        .layer(axum::middleware::map_response(protect))
}

/// Headers every console answer carries: nothing from elsewhere runs or frames the page,
/// and nothing is cached (pages hold personal data).
async fn protect(mut response: Response) -> Response {
    let headers = response.headers_mut();
    let set = |headers: &mut HeaderMap, name: &'static str, value: &'static str| {
        headers.insert(name, HeaderValue::from_static(value));
    };
    set(
        headers,
        "content-security-policy",
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; \
         connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    );
    set(headers, "x-content-type-options", "nosniff");
    set(headers, "x-frame-options", "DENY");
    set(headers, "referrer-policy", "same-origin");
    if !headers.contains_key(header::CACHE_CONTROL) {
        set(headers, "cache-control", "no-store");
    }
    response
}

async fn style() -> Response {
    asset("text/css; charset=utf-8", pages::STYLE)
}

async fn script() -> Response {
    asset("text/javascript; charset=utf-8", pages::SCRIPT)
}

fn asset(kind: &'static str, body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, kind),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        body,
    )
        .into_response()
}

/// A cookie's value from the request.
fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
}

fn set_cookie(
    state: &AppState,
    name: &str,
    value: &str,
    max_age: i64,
) -> (header::HeaderName, String) {
    let secure = if state.config.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    (
        header::SET_COOKIE,
        format!(
            "{name}={value}; Path=/console; HttpOnly; SameSite=Strict; Max-Age={max_age}{secure}"
        ),
    )
}

/// The language of a page before sign-in: `?lang=`, else the browser's.
fn language_before_sign_in(headers: &HeaderMap, asked: Option<&str>) -> Language {
    asked.and_then(Language::from_code).unwrap_or_else(|| {
        let accepted = headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|value| value.to_str().ok())
            .unwrap_or("");
        text::from_accept_language(accepted)
    })
}

fn html(status: StatusCode, markup: maud::Markup) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        markup.into_string(),
    )
        .into_response()
}

/// A form's field, bounded.
fn field<'a>(form: &'a HashMap<String, String>, name: &str) -> &'a str {
    form.get(name)
        .map(String::as_str)
        .filter(|value| value.len() <= MAX_FIELD_BYTES)
        .unwrap_or("")
}

/// The signed-in user of a request, with the session's token; or where to go instead.
/// (A refusal is boxed: a response is large, and most calls succeed.)
fn signed_in(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<(Session, SessionToken), Box<Response>> {
    let to_sign_in = || Redirect::to("/console/sign-in?ended=1").into_response();
    let Some(value) = cookie(headers, SESSION_COOKIE) else {
        return Err(Box::new(Redirect::to("/console/sign-in").into_response()));
    };
    let token = SessionToken::from_cookie(value);
    let mut store = match state.store() {
        Ok(store) => store,
        Err(error) => return Err(Box::new(internal(error))),
    };
    match console::session(&mut store, &token, (state.clock)()) {
        Ok(session) => Ok((session, token)),
        Err(gatecheck_service::ServiceError::Unauthenticated) => Err(Box::new(to_sign_in())),
        Err(error) => Err(Box::new(internal(ApiError::from(error)))),
    }
}

/// A signed-in request: its session and the session's token. Any other request is sent to
/// the sign-in page.
pub(crate) struct SignedIn {
    session: Session,
    token: SessionToken,
}

impl axum::extract::FromRequestParts<Arc<AppState>> for SignedIn {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &Arc<AppState>,
    ) -> Result<SignedIn, Response> {
        signed_in(state, &parts.headers)
            .map(|(session, token)| SignedIn { session, token })
            .map_err(|response| *response)
    }
}

/// What every page of a signed-in user needs: the user's texts and the header's viewer
/// (with the session's CSRF token for its forms).
struct Page<'a> {
    t: &'static Texts,
    csrf: String,
    session: &'a Session,
}

impl<'a> Page<'a> {
    fn of(session: &'a Session, token: &SessionToken) -> Page<'a> {
        Page {
            t: texts(session.user.language),
            csrf: token.csrf(),
            session,
        }
    }

    fn viewer(&self) -> Viewer<'_> {
        viewer(self.session, &self.csrf)
    }

    /// A page with one message (an unknown hit, a refusal).
    fn message(&self, status: StatusCode, title: &str, text: &str) -> Response {
        html(
            status,
            pages::message(self.t, Some(&self.viewer()), title, text),
        )
    }
}

/// The page a list is asked at (`?page=`, from 0; bounded).
fn page_number(query: &HashMap<String, String>) -> usize {
    query
        .get("page")
        .and_then(|page| page.parse::<usize>().ok())
        .unwrap_or(0)
        .min(100_000)
}

/// Runs `work` on the store (the one writer), the lock's failure and the service's as one
/// error.
fn with_store<T>(
    state: &AppState,
    work: impl FnOnce(&mut gatecheck_store::Store) -> Result<T, gatecheck_service::ServiceError>,
) -> Result<T, ApiError> {
    let mut store = state.store()?;
    Ok(work(&mut store)?)
}

fn internal(error: ApiError) -> Response {
    eprintln!("gatecheck serve: console: {error}");
    html(
        StatusCode::INTERNAL_SERVER_ERROR,
        maud::html! { p { "internal error" } },
    )
}

fn viewer<'a>(session: &'a Session, csrf: &'a str) -> Viewer<'a> {
    Viewer {
        user: &session.user.name,
        member: &session.user.member.name,
        csrf,
        manages_users: console::may_manage_users(&session.user),
    }
}

#[derive(serde::Deserialize)]
struct SignInQuery {
    lang: Option<String>,
    ended: Option<String>,
}

async fn sign_in_page(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Query(query): Query<SignInQuery>,
) -> Response {
    if signed_in(&state, &headers).is_ok() {
        return Redirect::to("/console/hits").into_response();
    }
    let t = texts(language_before_sign_in(&headers, query.lang.as_deref()));
    let message = query.ended.is_some().then_some(t.session_ended);
    sign_in_form(&state, t, StatusCode::OK, "", message, &[])
}

/// The sign-in form with a new form token.
fn sign_in_form(
    state: &AppState,
    t: &Texts,
    status: StatusCode,
    name: &str,
    message: Option<&str>,
    missing: &[&str],
) -> Response {
    let token = match console::form_token() {
        Ok(token) => token,
        Err(error) => return internal(ApiError::from(error)),
    };
    let mut response = html(status, pages::sign_in(t, &token, name, message, missing));
    let (key, value) = set_cookie(state, FORM_COOKIE, &token, 3600);
    if let Ok(value) = HeaderValue::from_str(&value) {
        response.headers_mut().append(key, value);
    }
    response
}

async fn sign_in(
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
        return sign_in_form(&state, t, StatusCode::BAD_REQUEST, name, None, &missing);
    }
    let now = (state.clock)();
    if state.console.throttled(name, now) {
        if let Ok(mut store) = state.store() {
            if let Err(error) = console::refuse_sign_in(&mut store, name, now) {
                return internal(ApiError::from(error));
            }
        }
        return sign_in_form(
            &state,
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
        Ok(Some(user)) => match console::start_session(&mut store, &user, now) {
            Ok(token) => {
                state.console.accepted(name);
                let (key, value) = set_cookie(
                    &state,
                    SESSION_COOKIE,
                    token.expose(),
                    console::SESSION_LONGEST_SECONDS,
                );
                let (form_key, form_value) = set_cookie(&state, FORM_COOKIE, "", 0);
                (
                    AppendHeaders([(key, value), (form_key, form_value)]),
                    Redirect::to("/console/hits"),
                )
                    .into_response()
            }
            Err(error) => internal(ApiError::from(error)),
        },
        Ok(None) => match refuse(&state, &mut store, name, now) {
            Ok(()) => sign_in_form(
                &state,
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

/// A refused sign-in: counted against the name and audited.
fn refuse(
    state: &AppState,
    store: &mut gatecheck_store::Store,
    name: &str,
    now: i64,
) -> Result<(), gatecheck_service::ServiceError> {
    state.console.refused(name, now);
    console::refuse_sign_in(store, name, now)
}

/// Checks the session's CSRF token on a form that changes something.
fn check_csrf(token: &SessionToken, form: &HashMap<String, String>) -> Result<(), Box<Response>> {
    if token.csrf_matches(field(form, "csrf")) {
        Ok(())
    } else {
        Err(Box::new(html(
            StatusCode::FORBIDDEN,
            maud::html! { p { "the form's token is missing or wrong: reload the page" } },
        )))
    }
}

async fn sign_out(
    State(state): State<Arc<AppState>>,
    signed: SignedIn,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let SignedIn { session, token } = signed;
    if let Err(response) = check_csrf(&token, &form) {
        return *response;
    }
    let mut store = match state.store() {
        Ok(store) => store,
        Err(error) => return internal(error),
    };
    if let Err(error) = console::sign_out(&mut store, &session.user, &token, (state.clock)()) {
        return internal(ApiError::from(error));
    }
    let language = session.user.language.code();
    (
        [set_cookie(&state, SESSION_COOKIE, "", 0)],
        Redirect::to(&format!("/console/sign-in?lang={language}")),
    )
        .into_response()
}

async fn change_language(
    State(state): State<Arc<AppState>>,
    signed: SignedIn,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let SignedIn { session, token } = signed;
    if let Err(response) = check_csrf(&token, &form) {
        return *response;
    }
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
    if let Err(error) = console::set_language(&mut store, &session.user, language, (state.clock)())
    {
        return internal(ApiError::from(error));
    }
    Redirect::to("/console/hits").into_response()
}

/// The queue's filter read from the query string; a value that cannot be read is named
/// beside its field and left out of the filter.
fn read_filter(query: &HashMap<String, String>, t: &Texts) -> (HitFilter, FilterForm, usize) {
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
    let date = |text: &str| gatecheck_store::days_from_date(text).map(|days| days * 86_400);
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

async fn queue(
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
        pages::queue(t, &shown.viewer(), &page, &filter, &form),
    )
}

#[derive(serde::Deserialize)]
struct NewerQuery {
    after: Option<i64>,
}

async fn newer_hits(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Query(query): Query<NewerQuery>,
) -> Response {
    let Ok((session, _)) = signed_in(&state, &headers) else {
        return StatusCode::UNAUTHORIZED.into_response();
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

async fn hit_page(
    State(state): State<Arc<AppState>>,
    signed: SignedIn,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let SignedIn { session, token } = signed;
    let form = DecisionForm {
        saved: query.contains_key("saved"),
        ..DecisionForm::default()
    };
    show_hit(&state, &session, &token, &id, &form, StatusCode::OK)
}

fn show_hit(
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

async fn adjudicate(
    State(state): State<Arc<AppState>>,
    signed: SignedIn,
    Path(id): Path<String>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let SignedIn { session, token } = signed;
    if let Err(response) = check_csrf(&token, &form) {
        return *response;
    }
    let status = field(&form, "status");
    let reason = field(&form, "reason").trim();
    let decision = DecisionForm {
        status: status.to_string(),
        reason: reason.to_string(),
        status_error: !hits::STATUSES[1..].contains(&status),
        reason_error: reason.is_empty() || reason.len() > 2000,
        saved: false,
    };
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
        Ok(()) => Redirect::to(&format!("/console/hits/{hit}?saved=1")).into_response(),
        Err(error) => match error {
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

async fn flights(
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

async fn flight(
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

async fn search_page(signed: SignedIn) -> Response {
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
fn search_kind(input: &str) -> &'static str {
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
fn birth_date_ok(text: &str) -> bool {
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

async fn search(
    State(state): State<Arc<AppState>>,
    signed: SignedIn,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let SignedIn { session, token } = signed;
    if let Err(response) = check_csrf(&token, &form) {
        return *response;
    }
    let page = Page::of(&session, &token);
    let (t, viewer) = (page.t, page.viewer());
    let mut typed = pages::SearchForm {
        input: field(&form, "input").trim().to_string(),
        kind: field(&form, "kind").to_string(),
        birth_date: field(&form, "birth_date").trim().to_string(),
        nationality: field(&form, "nationality").trim().to_ascii_uppercase(),
        errors: Vec::new(),
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
            typed
                .errors
                .push(("input", format!("{} {message}", t.search_refused)));
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
        action: "screen.console".to_string(),
        subject: format!("search as {kind}"),
        digest: gatecheck_service::audit::digest_of(answer.to_string().as_bytes()),
    };
    let written = state.store().and_then(|mut store| {
        Ok(store.append_audit(&entry, gatecheck_service::audit::chain_hash)?)
    });
    if let Err(error) = written {
        return internal(error);
    }
    let outcome = pages::SearchOutcome { kind, answer };
    html(
        StatusCode::OK,
        pages::search(t, &viewer, &typed, Some(&outcome)),
    )
}

/// Notifications a page of the console shows.
const NOTIFICATIONS_PAGE: usize = 100;

async fn notifications(
    State(state): State<Arc<AppState>>,
    signed: SignedIn,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let SignedIn { session, token } = signed;
    let t = texts(session.user.language);
    let after = query
        .get("after")
        .and_then(|after| after.parse::<i64>().ok())
        .unwrap_or(0);
    let read = with_store(&state, |store| {
        hits::notifications(
            store,
            &session.user.member,
            after,
            NOTIFICATIONS_PAGE,
            (state.clock)(),
        )
    });
    match read {
        Ok(rows) => {
            let next = (rows.len() == NOTIFICATIONS_PAGE)
                .then(|| rows.last().map(|row| row.id))
                .flatten();
            let page = Page::of(&session, &token);
            html(
                StatusCode::OK,
                pages::notifications(t, &page.viewer(), &rows, next),
            )
        }
        Err(error) => internal(error),
    }
}

async fn records(
    State(state): State<Arc<AppState>>,
    signed: SignedIn,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let SignedIn { session, token } = signed;
    let t = texts(session.user.language);
    let page = page_number(&query);
    let read = with_store(&state, |store| {
        gatecheck_service::records::owned_page(store, &session.user, page, (state.clock)())
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
                    &mut store,
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
                pages::records(t, &shown.viewer(), &rows, total, page, documents),
            )
        }
        Err(error) => internal(error),
    }
}

/// Which of the member's records a page is about.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Owned {
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
enum OwnedRow {
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
        }
    }
}

async fn record_page(
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

async fn document_page(
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
fn show_owned(
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
    let form = typed.unwrap_or_else(|| row.form(&members, saved));
    let may_change = session.user.role >= console::Role::Supervisor;
    let page = match &row {
        OwnedRow::Person(row) => pages::record(t, &viewer, row, &form, may_change),
        OwnedRow::Document(row) => pages::document(t, &viewer, row, &form, may_change),
    };
    html(status, page)
}

async fn change_record(
    State(state): State<Arc<AppState>>,
    signed: SignedIn,
    Path(id): Path<String>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    change_owned(&state, &signed, Owned::Person, &id, &form)
}

async fn change_document(
    State(state): State<Arc<AppState>>,
    signed: SignedIn,
    Path(id): Path<String>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    change_owned(&state, &signed, Owned::Document, &id, &form)
}

/// A supervisor's change of the access, action and review date of one of the member's
/// records.
fn change_owned(
    state: &Arc<AppState>,
    signed: &SignedIn,
    kind: Owned,
    id: &str,
    form: &HashMap<String, String>,
) -> Response {
    let SignedIn { session, token } = signed;
    if let Err(response) = check_csrf(token, form) {
        return *response;
    }
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
    let outcome = match kind {
        Owned::Person => {
            gatecheck_service::records::change_terms(&mut store, &session.user, record, &terms, now)
                .map(|()| {
                    // the index holds each person record's access rule: it takes the change
                    // at once (documents are read from the store at each screening)
                    if let Err(error) = state.apply_changes(&store, &[record]) {
                        eprintln!("gatecheck serve: console: index not updated: {error}");
                    }
                })
        }
        Owned::Document => gatecheck_service::documents::change_terms(
            &mut store,
            &session.user,
            record,
            &terms,
            now,
        ),
    };
    drop(store);
    match outcome {
        Ok(()) => Redirect::to(&format!("{}/{record}?saved=1", kind.path())).into_response(),
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
fn read_terms(
    form: &HashMap<String, String>,
) -> Result<(pages::RecordForm, gatecheck_service::records::RecordTerms), Box<pages::RecordForm>> {
    let mut typed = pages::RecordForm {
        access: field(form, "access").to_string(),
        members: field(form, "members").trim().to_string(),
        action: field(form, "action").trim().to_string(),
        review_by: field(form, "review_by").trim().to_string(),
        errors: Vec::new(),
        saved: false,
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
    match gatecheck_service::records::Access::parse(&typed.access, members) {
        Ok(access) => {
            let terms = gatecheck_service::records::RecordTerms {
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
fn terms_field(field: &str) -> &'static str {
    match field {
        "access.members" => "members",
        "review_by" => "review_by",
        "action" => "action",
        _ => "access",
    }
}

async fn revoke_suppression(
    State(state): State<Arc<AppState>>,
    signed: SignedIn,
    Path(id): Path<String>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let SignedIn { session, token } = signed;
    if let Err(response) = check_csrf(&token, &form) {
        return *response;
    }
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

/// The administration of users, with `form` as typed; refused to any but administrators.
fn show_users(
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
        Ok(store) => console::users_with_state(&store, &session.user.member),
        Err(error) => return internal(error),
    };
    match users {
        Ok(users) => html(status, pages::users(t, &viewer, &users, form)),
        Err(error) => internal(ApiError::from(error)),
    }
}

async fn users_page(State(state): State<Arc<AppState>>, signed: SignedIn) -> Response {
    let SignedIn { session, token } = signed;
    let form = pages::PeopleForm {
        role: "officer".to_string(),
        language: session.user.language.code().to_string(),
        ..pages::PeopleForm::default()
    };
    show_users(&state, &session, &token, &form, StatusCode::OK)
}

async fn add_user(
    State(state): State<Arc<AppState>>,
    signed: SignedIn,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let SignedIn { session, token } = signed;
    if let Err(response) = check_csrf(&token, &form) {
        return *response;
    }
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
        typed.errors.push((
            "name",
            "role: officer, supervisor or administrator; language: en or ar".to_string(),
        ));
        return show_users(&state, &session, &token, &typed, StatusCode::BAD_REQUEST);
    };
    let spec = console::UserSpec {
        name: &typed.name,
        password: field(&form, "password"),
        role,
        language,
    };
    let added = match state.store() {
        Ok(mut store) => console::add_user_by(&mut store, &session.user, spec, (state.clock)()),
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

async fn disable_user(
    State(state): State<Arc<AppState>>,
    signed: SignedIn,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let SignedIn { session, token } = signed;
    if let Err(response) = check_csrf(&token, &form) {
        return *response;
    }
    let t = texts(session.user.language);
    let name = field(&form, "name").to_string();
    let disabled = match state.store() {
        Ok(mut store) => console::disable_user(&mut store, &session.user, &name, (state.clock)()),
        Err(error) => return internal(error),
    };
    let mut typed = pages::PeopleForm {
        role: "officer".to_string(),
        language: session.user.language.code().to_string(),
        ..pages::PeopleForm::default()
    };
    match disabled {
        Ok(()) => {
            typed.done = Some(t.saved);
            show_users(&state, &session, &token, &typed, StatusCode::OK)
        }
        Err(gatecheck_service::ServiceError::Invalid { reason, .. }) => {
            typed.errors.push(("name", reason));
            show_users(&state, &session, &token, &typed, StatusCode::BAD_REQUEST)
        }
        Err(error) => match ApiError::from(error) {
            ApiError::Forbidden(_) => {
                show_users(&state, &session, &token, &typed, StatusCode::FORBIDDEN)
            }
            error => internal(error),
        },
    }
}

async fn account_page(signed: SignedIn) -> Response {
    let SignedIn { session, token } = signed;
    let t = texts(session.user.language);
    let page = Page::of(&session, &token);
    html(
        StatusCode::OK,
        pages::account(t, &page.viewer(), &pages::PeopleForm::default()),
    )
}

async fn change_password(
    State(state): State<Arc<AppState>>,
    signed: SignedIn,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let SignedIn { session, token } = signed;
    if let Err(response) = check_csrf(&token, &form) {
        return *response;
    }
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
        return html(StatusCode::BAD_REQUEST, pages::account(t, &viewer, &typed));
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
            return html(StatusCode::BAD_REQUEST, pages::account(t, &viewer, &typed));
        }
        Err(error) => return internal(error),
    }
    let changed = match state.store() {
        Ok(mut store) => {
            console::change_password(&mut store, &session.user, &token, new, (state.clock)())
        }
        Err(error) => return internal(error),
    };
    match changed {
        Ok(()) => {
            typed.done = Some(t.password_changed);
            html(StatusCode::OK, pages::account(t, &viewer, &typed))
        }
        Err(gatecheck_service::ServiceError::Invalid { reason, .. }) => {
            typed.errors.push(("new", reason));
            html(StatusCode::BAD_REQUEST, pages::account(t, &viewer, &typed))
        }
        Err(error) => internal(ApiError::from(error)),
    }
}
