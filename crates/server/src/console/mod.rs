//! The officer console: pages served by `gatecheck serve` itself, every asset in the binary.
//! A user signs in with a password; the session lives in an HttpOnly, SameSite=Strict
//! cookie and every form that changes something carries the session's CSRF token (forms
//! before sign-in carry a token kept in a cookie of their own). What a page shows comes from
//! the service, which applies the access rule and audits every read and write; the pages
//! only lay it out, in English or Arabic.

mod digits;
mod officer;
mod owner;
mod pages;
mod plain;
mod session;
mod text;

use officer::*;
use owner::*;
use session::*;

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
        .route("/console/hits/{id}/answer", post(owner::answer))
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
        .route("/console/users/enable", post(enable_user))
        .route("/console/time-zone", post(session::change_time_zone))
        .route("/console/account", get(account_page).post(change_password))
        .route("/console/digits", post(session::change_digits))
        .route("/console/flights", get(flights))
        .route("/console/flights/{id}", get(flight))
        .route("/console/reports", get(officer::reports))
        .route("/console/reports/{id}", get(officer::report))
        .route("/console/assets/console.css", get(style))
        .route("/console/assets/console.js", get(script))
        .layer(axum::middleware::map_response(protect))
        .layer(axum::middleware::from_fn(digits::in_chosen_style))
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

/// Why a request has no session.
enum NoSession {
    /// no session cookie at all: never signed in here
    NeverSignedIn,
    /// a session cookie that opens nothing (expired, signed out, the user disabled)
    Ended,
    Failed(ApiError),
}

/// The header the console's script sets on the requests it makes by itself, in the
/// background: those do not keep the session alive.
const BACKGROUND_HEADER: &str = "x-gatecheck-background";

/// Who made a request: the page's script in the background ([`BACKGROUND_HEADER`]), or the
/// officer.
fn used_by(headers: &HeaderMap) -> console::SessionUse {
    if headers.contains_key(BACKGROUND_HEADER) {
        console::SessionUse::Background
    } else {
        console::SessionUse::Officer
    }
}

/// The session of a request and its token.
fn session_of(
    state: &AppState,
    headers: &HeaderMap,
    used_by: console::SessionUse,
) -> Result<(Session, SessionToken), NoSession> {
    let Some(value) = cookie(headers, SESSION_COOKIE) else {
        return Err(NoSession::NeverSignedIn);
    };
    let token = SessionToken::from_cookie(value);
    let mut store = state.store().map_err(NoSession::Failed)?;
    match console::session(&mut *store, &token, (state.clock)(), used_by) {
        Ok(session) => Ok((session, token)),
        Err(gatecheck_service::ServiceError::Unauthenticated) => Err(NoSession::Ended),
        Err(error) => Err(NoSession::Failed(ApiError::from(error))),
    }
}

/// The signed-in user of a request, with the session's token; or where to go instead.
/// (A refusal is boxed: a response is large, and most calls succeed.)
fn signed_in(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<(Session, SessionToken), Box<Response>> {
    session_of(state, headers, used_by(headers)).map_err(|refusal| {
        Box::new(match refusal {
            NoSession::NeverSignedIn => Redirect::to("/console/sign-in").into_response(),
            NoSession::Ended => Redirect::to("/console/sign-in?ended=1").into_response(),
            NoSession::Failed(error) => internal(error),
        })
    })
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
    work: impl FnOnce(
        &mut dyn gatecheck_store::concepts::Backend,
    ) -> Result<T, gatecheck_service::ServiceError>,
) -> Result<T, ApiError> {
    let mut store = state.store()?;
    Ok(work(&mut *store)?)
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
        time_zone: &session.user.member.time_zone,
    }
}

/// A form posted by a signed-in user, its CSRF token checked: every handler that changes
/// something takes one, so that none can forget the check. A request without a session is
/// sent to the sign-in page; a wrong or missing token is refused (403).
pub(crate) struct SignedForm {
    signed: SignedIn,
    form: HashMap<String, String>,
}

impl axum::extract::FromRequest<Arc<AppState>> for SignedForm {
    type Rejection = Response;

    async fn from_request(
        request: axum::extract::Request,
        state: &Arc<AppState>,
    ) -> Result<SignedForm, Response> {
        use axum::extract::FromRequestParts;
        let (mut parts, body) = request.into_parts();
        let signed = SignedIn::from_request_parts(&mut parts, state).await?;
        let request = axum::extract::Request::from_parts(parts, body);
        let Form(form) = Form::<HashMap<String, String>>::from_request(request, state)
            .await
            .map_err(IntoResponse::into_response)?;
        check_csrf(&signed.token, &form).map_err(|response| *response)?;
        Ok(SignedForm { signed, form })
    }
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
