//! The console through the router, as a browser would use it (cookies kept, forms posted):
//! sign-in, the hit queue, a hit in detail, adjudication, language, and the access rule
//! from a member that may not see a record. The persons are fictional.

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use gatecheck_server::{router, ApiConfig, AppState};
use gatecheck_service::console::{self, Language, Role, UserSpec};
use gatecheck_service::{audit, members};
use gatecheck_store::{NewHit, Store};
use http_body_util::BodyExt;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::Arc;
use tower::ServiceExt;

/// 2026-11-29 10:00 UTC.
fn clock() -> i64 {
    1_795_946_400
}

const PASSWORD: &str = "correct horse battery";

struct Setup {
    directory: tempfile::TempDir,
    app: axum::Router,
    owner_key: String,
    partner_key: String,
    outsider_key: String,
}

/// Three members (an owner of three records, one at each access level; a partner the
/// middle one is shared with; an outsider), with a console user each for the partner
/// (`layla`, English) and the outsider (`samir`, Arabic).
fn setup() -> Setup {
    setup_with(ApiConfig::default())
}

fn setup_with(config: ApiConfig) -> Setup {
    setup_with_clock(config, clock)
}

fn setup_with_clock(config: ApiConfig, clock: fn() -> i64) -> Setup {
    let directory = tempfile::tempdir().unwrap();
    let mut store = Store::open(directory.path()).unwrap();
    let mut keys = Vec::new();
    let mut added = Vec::new();
    for (name, country) in [
        ("jordan-psd", "JOR"),
        ("iraq-nsa", "IRQ"),
        ("tunisia-dgsn", "TUN"),
    ] {
        let (member, key) =
            members::add_member(&mut store, name, country, false, "cli:test", clock()).unwrap();
        keys.push(key.expose().to_string());
        added.push(member);
    }
    for (member, name, role, language) in [
        (&added[1], "layla", Role::Officer, Language::English),
        (&added[2], "samir", Role::Officer, Language::Arabic),
        (&added[0], "hana", Role::Supervisor, Language::English),
        (&added[0], "adel", Role::Officer, Language::English),
        (&added[1], "rana", Role::Administrator, Language::English),
    ] {
        let spec = UserSpec {
            name,
            password: PASSWORD,
            role,
            language,
        };
        console::add_user(&mut store, member, spec, "cli:test", clock()).unwrap();
    }
    members::set_contact(
        &mut store,
        "jordan-psd",
        "NCB duty desk, +000 0000 0001",
        "cli:test",
        clock(),
    )
    .unwrap();
    let state = AppState::new(store, config, clock).unwrap();
    Setup {
        directory,
        app: router(Arc::new(state)),
        owner_key: keys[0].clone(),
        partner_key: keys[1].clone(),
        outsider_key: keys[2].clone(),
    }
}

async fn api(
    app: &axum::Router,
    method: &str,
    uri: &str,
    key: &str,
    body: Value,
) -> (StatusCode, Value) {
    let request = Request::builder()
        .method(method)
        .uri(uri)
        .header("authorization", format!("Bearer {key}"))
        .header("content-type", "application/json")
        .body(Body::from(body.to_string()))
        .unwrap();
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

/// The owner's three records, and a flight with their three people on it (each written
/// another way) screened by the partner and by the outsider.
async fn records_and_flights(setup: &Setup) {
    for (id, name, access) in [
        ("r-all", "Khalid Saeed Barakat", json!({"level": "all"})),
        (
            "r-members",
            "Yusuf Adnan Haddad",
            json!({"level": "members", "members": ["iraq-nsa"]}),
        ),
        (
            "r-owner",
            "Samir Fawzi Qasim",
            json!({"level": "owner-only"}),
        ),
    ] {
        let entity = json!({"id": id, "schema": "Person", "properties": {"name": [name], "birthDate": ["1974-08-12"]}});
        let request = json!({"entity": entity, "access": access, "action": "arrest", "review_by": "2030-01-01"});
        let (status, answer) =
            api(&setup.app, "POST", "/v1/records", &setup.owner_key, request).await;
        assert_eq!(status, StatusCode::CREATED, "{answer}");
    }
    let manifest = |reference: &str| {
        json!({
            "message_reference": reference,
            "legs": [{"carrier": "RJ", "flight_number": "0405", "departure_port": "AMM", "arrival_port": "BGW", "departure_time": "2026-11-29T10:00"}],
            "travellers": [
                {"surname": "BARAKAT", "given_names": "KHALED SAEED", "birth_date": "1974-08-12", "nationality": "JOR"},
                {"surname": "HADDAD", "given_names": "YOUSSEF ADNAN", "birth_date": "1974-08-12", "nationality": "JOR"},
                {"surname": "QASSIM", "given_names": "SAMEER FAWZI", "birth_date": "1974-08-12", "nationality": "JOR"},
                {"surname": "KARAM", "given_names": "NADIA", "birth_date": "1990-02-03", "nationality": "LBN"},
            ],
        })
    };
    for (key, reference) in [
        (&setup.partner_key, "M-PARTNER"),
        (&setup.outsider_key, "M-OUTSIDER"),
    ] {
        let (status, answer) = api(
            &setup.app,
            "POST",
            "/v1/manifests",
            key,
            manifest(reference),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{answer}");
        assert_eq!(answer["summary"]["hits"], 3, "{answer}");
    }
}

/// A browser: keeps cookies, follows nothing by itself.
struct Browser {
    app: axum::Router,
    cookies: HashMap<String, String>,
    accept_language: Option<&'static str>,
}

struct Page {
    status: StatusCode,
    headers: HeaderMap,
    body: String,
}

impl Page {
    fn location(&self) -> &str {
        self.headers
            .get("location")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    /// The value of the first hidden `csrf` field.
    fn csrf(&self) -> String {
        let at = self
            .body
            .find(r#"name="csrf" value=""#)
            .expect("a csrf field");
        let rest = &self.body[at + r#"name="csrf" value=""#.len()..];
        rest[..rest.find('"').unwrap()].to_string()
    }
}

fn form_encode(fields: &[(&str, &str)]) -> String {
    let encode = |text: &str| -> String {
        text.bytes()
            .map(|b| {
                if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                    (b as char).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect()
    };
    fields
        .iter()
        .map(|(key, value)| format!("{}={}", encode(key), encode(value)))
        .collect::<Vec<_>>()
        .join("&")
}

impl Browser {
    fn new(app: &axum::Router) -> Browser {
        Browser {
            app: app.clone(),
            cookies: HashMap::new(),
            accept_language: None,
        }
    }

    async fn send(&mut self, request: axum::http::request::Builder, body: Body) -> Page {
        let mut request = request;
        if !self.cookies.is_empty() {
            let cookie: Vec<String> = self
                .cookies
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect();
            request = request.header("cookie", cookie.join("; "));
        }
        if let Some(language) = self.accept_language {
            request = request.header("accept-language", language);
        }
        let response = self
            .app
            .clone()
            .oneshot(request.body(body).unwrap())
            .await
            .unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        for value in headers.get_all("set-cookie") {
            let text = value.to_str().unwrap();
            let (pair, attributes) = text.split_once(';').unwrap_or((text, ""));
            let (name, value) = pair.split_once('=').unwrap();
            if attributes.contains("Max-Age=0") {
                self.cookies.remove(name);
            } else {
                self.cookies.insert(name.to_string(), value.to_string());
            }
        }
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        Page {
            status,
            headers,
            body: String::from_utf8(bytes.to_vec()).unwrap(),
        }
    }

    async fn get(&mut self, uri: &str) -> Page {
        self.send(Request::builder().uri(uri), Body::empty()).await
    }

    async fn post(&mut self, uri: &str, fields: &[(&str, &str)]) -> Page {
        let request = Request::builder()
            .method("POST")
            .uri(uri)
            .header("content-type", "application/x-www-form-urlencoded");
        self.send(request, Body::from(form_encode(fields))).await
    }

    async fn sign_in(&mut self, name: &str, password: &str) -> Page {
        let form = self.get("/console/sign-in").await;
        assert_eq!(form.status, StatusCode::OK);
        let csrf = form.csrf();
        self.post(
            "/console/sign-in",
            &[
                ("csrf", &csrf),
                ("name", name),
                ("password", password),
                ("lang", ""),
            ],
        )
        .await
    }
}

/// The hit ids a queue page links to, in order.
/// 2026-11-01 in Arabic-Indic digits, as a query string carries it.
fn arabic_indic_date_in_a_query() -> &'static str {
    "%D9%A2%D9%A0%D9%A2%D9%A6-%D9%A1%D9%A1-%D9%A0%D9%A1"
}

fn hit_links(body: &str) -> Vec<i64> {
    body.match_indices(r#"href="/console/hits/"#)
        .filter_map(|(at, _)| {
            let rest = &body[at + r#"href="/console/hits/"#.len()..];
            rest[..rest.find('"')?].parse().ok()
        })
        .collect()
}

#[tokio::test]
async fn an_officer_signs_in_reviews_a_hit_and_adjudicates_it() {
    let setup = setup();
    records_and_flights(&setup).await;
    let mut browser = Browser::new(&setup.app);

    // nothing without a session
    let page = browser.get("/console/hits").await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert!(page.location().starts_with("/console/sign-in"));

    // a wrong password, then an empty field, then the right one
    let page = browser.sign_in("layla", "wrong horse battery").await;
    assert_eq!(page.status, StatusCode::UNAUTHORIZED);
    assert!(page
        .body
        .contains("The user name or the password is wrong."));
    assert!(page.body.contains(r#"value="layla""#), "the name is kept");
    let page = browser.sign_in("layla", "").await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert!(
        page.body.contains(r#"id="password-error""#),
        "{}",
        page.body
    );
    let page = browser.sign_in("layla", PASSWORD).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    assert_eq!(page.location(), "/console/hits");
    let cookie = page
        .headers
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|c| c.starts_with("gatecheck_session="))
        .unwrap();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );

    // the queue: the partner's three hits of the flight, newest and highest first
    let queue = browser.get("/console/hits").await;
    assert_eq!(queue.status, StatusCode::OK);
    assert!(queue.body.contains(r#"<html lang="en" dir="ltr">"#));
    assert!(queue.body.contains("3 hits"), "{}", queue.body);
    assert!(queue.body.contains("RJ0405 AMM→BGW"));
    assert!(
        queue.body.contains("Youssef Adnan Haddad") || queue.body.contains("YOUSSEF ADNAN HADDAD")
    );
    let ids = hit_links(&queue.body);
    assert_eq!(ids.len(), 3, "{}", queue.body);
    for header in [
        "content-security-policy",
        "x-frame-options",
        "x-content-type-options",
    ] {
        assert!(queue.headers.contains_key(header), "{header}");
    }
    assert_eq!(queue.headers["cache-control"], "no-store");

    // the flights screened, and the flight with every traveller's verdict
    let flights = browser.get("/console/flights").await;
    assert_eq!(flights.status, StatusCode::OK);
    let flight_links: Vec<&str> = flights
        .body
        .match_indices(r#"href="/console/flights/"#)
        .map(|(at, _)| {
            let rest = &flights.body[at + r#"href=""#.len()..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect();
    assert_eq!(flight_links.len(), 1, "{}", flights.body);
    let flight = browser.get(flight_links[0]).await;
    assert_eq!(flight.status, StatusCode::OK);
    assert!(flight.body.contains("NADIA KARAM"));
    assert_eq!(
        flight
            .body
            .matches(r#"class="verdict verdict-refer""#)
            .count(),
        3
    );
    assert_eq!(
        flight
            .body
            .matches(r#"class="verdict verdict-clear""#)
            .count(),
        1
    );
    assert_eq!(hit_links(&flight.body).len(), 3);
    // the flight leads with whom to stop: hits on records asking an arrest, though the
    // verdict an airline reads says only "refer"
    let banner = flight
        .body
        .find(r#"class="banner banner-stop""#)
        .expect("a stop banner");
    assert!(banner < flight.body.find("table").unwrap());
    assert!(
        flight.body.contains("Travellers to stop"),
        "{}",
        flight.body
    );
    let only_hits = browser.get(&format!("{}?only=hits", flight_links[0])).await;
    assert!(!only_hits.body.contains("NADIA KARAM"));

    // the hit on the record shared with the partner, in detail
    let mut shared = None;
    for id in &ids {
        let page = browser.get(&format!("/console/hits/{id}")).await;
        assert_eq!(page.status, StatusCode::OK);
        if page.body.contains("r-members") {
            shared = Some((*id, page));
        }
    }
    let (hit, detail) = shared.expect("the shared record's hit shows its name to the partner");
    assert!(
        detail.body.contains("<mark class=\"strong\""),
        "name parts marked: {}",
        detail.body
    );
    assert!(detail.body.contains("Date of birth"));
    assert!(detail.body.contains("arrest"), "the owner's action");
    assert!(detail.body.contains("jordan-psd"), "the owner");
    assert!(
        detail.body.contains("NCB duty desk, +000 0000 0001"),
        "how to reach the owner"
    );
    assert!(detail.body.contains("No decision yet."));
    // the action first: a red banner saying "stop", what the hit is, what the owner asks
    // and one sentence of why
    let banner = detail
        .body
        .find(r#"class="banner banner-stop""#)
        .expect("a stop banner");
    assert!(
        banner < detail.body.find("traveller-heading").unwrap(),
        "the banner leads the page"
    );
    for shown in [
        "Listed person",
        "The owner asks:",
        "Do not let the traveller through",
    ] {
        assert!(detail.body.contains(shown), "{shown} not on the page");
    }
    assert!(
        detail.body.contains("same date of birth"),
        "the reasons in a sentence"
    );
    assert!(detail.body.contains("Keyboard shortcuts"));

    // a decision without a reason is refused beside the field; with one it is kept
    let csrf = detail.csrf();
    let page = browser
        .post(
            &format!("/console/hits/{hit}"),
            &[
                ("csrf", &csrf),
                ("status", "false-positive"),
                ("reason", "  "),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert!(page.body.contains(r#"id="reason-error""#));
    // said at the top too, linking to the field, and the form opens where its messages are
    assert!(page.body.contains(r##"<div class="error-summary" role="alert"><p>The decision was not saved:</p><ul><li><a href="#reason">"##), "{}", page.body);
    assert!(page
        .body
        .contains(&format!(r#"action="/console/hits/{hit}#decision""#)));
    assert!(
        page.body.contains(r#"value="false-positive" checked"#),
        "the choice is kept"
    );
    let page = browser
        .post(
            &format!("/console/hits/{hit}"),
            &[("csrf", "forged"), ("status", "confirmed"), ("reason", "x")],
        )
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN, "a wrong CSRF token");
    let page = browser
        .post(
            &format!("/console/hits/{hit}"),
            &[
                ("csrf", &csrf),
                ("status", "false-positive"),
                ("reason", "other date of birth in passport"),
                ("then", "next"),
            ],
        )
        .await;
    // "save and next": the next open hit opens, saying this one's decision is saved
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    let next = page.location().to_string();
    assert!(
        next.starts_with("/console/hits/") && next.ends_with(&format!("?saved={hit}")),
        "{next}"
    );
    assert!(!next.starts_with(&format!("/console/hits/{hit}?")));
    let page = browser.get(&next).await;
    assert!(page
        .body
        .contains(&format!("The decision on hit {hit} is saved.")));
    let page = browser.get(&format!("/console/hits/{hit}")).await;
    assert!(page.body.contains("other date of birth in passport"));
    // who decided, by name and member (not as the audit writes it)
    assert!(
        page.body
            .contains(r#"<bdi class="actor">layla</bdi> (<bdi>iraq-nsa</bdi>)"#),
        "{}",
        page.body
    );
    assert!(!page.body.contains("member:iraq-nsa/user:layla"));

    // the queue is of open hits; others on asking
    let page = browser.get("/console/hits").await;
    assert_eq!(hit_links(&page.body).len(), 2);
    assert!(!hit_links(&page.body).contains(&hit));
    let page = browser.get("/console/hits?status=all").await;
    assert_eq!(hit_links(&page.body).len(), 3);
    let page = browser.get("/console/hits?status=false-positive").await;
    assert_eq!(hit_links(&page.body), [hit]);
    let page = browser
        .get("/console/hits?min_score=high&from=2026-02-30")
        .await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert!(page.body.contains(r#"id="min_score-error""#));
    assert!(page.body.contains(r#"id="from-error""#));

    // every page read and the decision are in the audit log, by the user
    let store = Store::open(setup.directory.path()).unwrap();
    let entries = store.audit_entries(1, 10_000).unwrap();
    let by_layla = |action: &str| {
        entries
            .iter()
            .filter(|e| e.action == action && e.actor == "member:iraq-nsa/user:layla")
            .count()
    };
    assert_eq!(by_layla("hit.status"), 1);
    assert!(by_layla("hit.read") >= 3);
    assert!(by_layla("hit.list") >= 3);
    assert_eq!(by_layla("user.sign-in"), 1);
    drop(store);

    // switching to Arabic, then signing out
    let queue = browser.get("/console/hits").await;
    let csrf = queue.csrf();
    let page = browser
        .post("/console/language", &[("csrf", &csrf), ("language", "ar")])
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    let queue = browser.get("/console/hits").await;
    assert!(queue.body.contains(r#"<html lang="ar" dir="rtl">"#));
    assert!(queue.body.contains("قائمة التطابقات"));
    let page = browser.post("/console/sign-out", &[("csrf", &csrf)]).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    let page = browser.get("/console/hits").await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "signed out");
}

#[tokio::test]
async fn an_officer_of_another_member_sees_hidden_what_the_owner_restricts() {
    let setup = setup();
    records_and_flights(&setup).await;
    let mut layla = Browser::new(&setup.app);
    assert_eq!(
        layla.sign_in("layla", PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );
    let layla_hits = hit_links(&layla.get("/console/hits").await.body);

    let mut samir = Browser::new(&setup.app);
    let page = samir.sign_in("samir", PASSWORD).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    let queue = samir.get("/console/hits").await;
    assert!(
        queue.body.contains(r#"<html lang="ar" dir="rtl">"#),
        "samir reads Arabic"
    );
    let samir_hits = hit_links(&queue.body);
    assert_eq!(samir_hits.len(), 3);
    let mut pages = vec![queue.body.clone()];
    for id in &samir_hits {
        let page = samir.get(&format!("/console/hits/{id}")).await;
        assert_eq!(page.status, StatusCode::OK);
        pages.push(page.body);
    }
    let all = pages.join("\n");
    // the record open to all is shown; the others are hidden, with whom to contact for
    // the shared one and nothing for the owner-only one
    assert!(all.contains("Khalid Saeed Barakat"));
    for secret in ["Yusuf", "Qasim", "r-members", "r-owner"] {
        assert!(!all.contains(secret), "{secret} shown to an outsider");
    }
    assert!(all.contains("تواصل مع الجهة المالكة"), "contact the owner");
    assert!(all.contains("NCB duty desk, +000 0000 0001"), "and how");
    assert!(
        all.contains("أحِل أمر المسافر إلى الجهة المالكة"),
        "refer to the owner"
    );
    // another member's hits are absent, read or adjudicated
    for id in &layla_hits {
        let page = samir.get(&format!("/console/hits/{id}")).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND);
        let csrf = samir.get("/console/hits").await.csrf();
        let page = samir
            .post(
                &format!("/console/hits/{id}"),
                &[
                    ("csrf", &csrf),
                    ("status", "confirmed"),
                    ("reason", "mine now"),
                ],
            )
            .await;
        assert_eq!(page.status, StatusCode::NOT_FOUND);
    }
    // and so are its flights
    let flights = layla.get("/console/flights").await.body;
    let at = flights.find(r#"href="/console/flights/"#).unwrap() + r#"href=""#.len();
    let layla_flight = &flights[at..at + flights[at..].find('"').unwrap()];
    assert_eq!(samir.get(layla_flight).await.status, StatusCode::NOT_FOUND);
    for uri in [
        "/console/hits/abc",
        "/console/hits/99999999",
        "/console/flights/abc",
    ] {
        assert_eq!(samir.get(uri).await.status, StatusCode::NOT_FOUND);
    }
}

#[tokio::test]
async fn the_sign_in_page_follows_the_browser_and_refuses_forged_forms() {
    let setup = setup();
    let mut browser = Browser::new(&setup.app);
    browser.accept_language = Some("ar-JO,ar;q=0.9,en;q=0.5");
    let page = browser.get("/console/sign-in").await;
    assert!(page.body.contains(r#"<html lang="ar" dir="rtl">"#));
    assert!(page.body.contains("تسجيل الدخول"));
    let page = browser.get("/console/sign-in?lang=en").await;
    assert!(page.body.contains(r#"<html lang="en" dir="ltr">"#));

    // a form posted from elsewhere (no form cookie, or another token) signs nobody in
    let mut elsewhere = Browser::new(&setup.app);
    let page = elsewhere
        .post(
            "/console/sign-in",
            &[("csrf", "guess"), ("name", "layla"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert!(!elsewhere.cookies.contains_key("gatecheck_session"));

    // five wrong passwords, and the name is not heard for a while, even with the right one;
    // other names are
    let mut guesser = Browser::new(&setup.app);
    for _ in 0..5 {
        assert_eq!(
            guesser.sign_in("layla", "not the password").await.status,
            StatusCode::UNAUTHORIZED
        );
    }
    let page = guesser.sign_in("layla", PASSWORD).await;
    assert_eq!(page.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(page.body.contains("Too many tries"));
    assert_eq!(
        guesser.sign_in("samir", PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );

    // a session cookie that was never issued opens nothing
    let mut forger = Browser::new(&setup.app);
    forger
        .cookies
        .insert("gatecheck_session".into(), "00".repeat(32));
    let page = forger.get("/console/hits").await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);

    // the assets are in the binary
    let page = browser.get("/console/assets/console.css").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("inline-start"));
}

/// A search posted from the search page.
async fn search(browser: &mut Browser, csrf: &str, fields: &[(&str, &str)]) -> Page {
    let mut all = vec![("csrf", csrf)];
    all.extend_from_slice(fields);
    browser.post("/console/search", &all).await
}

#[tokio::test]
async fn an_officer_screens_a_name_a_zone_and_a_number_on_the_spot() {
    let setup = setup();
    records_and_flights(&setup).await;
    let stolen = json!({"document": {"number": "L898902C3", "issuing_state": "JOR", "type": "P",
        "status": "stolen", "reported_on": "2026-10-01"}, "access": {"level": "all"},
        "action": "seize the document", "review_by": "2030-01-01"});
    let (status, answer) = api(&setup.app, "POST", "/v1/records", &setup.owner_key, stolen).await;
    assert_eq!(status, StatusCode::CREATED, "{answer}");

    let mut layla = Browser::new(&setup.app);
    layla.sign_in("layla", PASSWORD).await;
    let form = layla.get("/console/search").await;
    assert_eq!(form.status, StatusCode::OK);
    let csrf = form.csrf();

    // a name, with a date of birth and a nationality
    let page = search(
        &mut layla,
        &csrf,
        &[
            ("input", "Khaled Barakat"),
            ("kind", "auto"),
            ("birth_date", "1974-08-12"),
            ("nationality", "JOR"),
        ],
    )
    .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("Screened as A name"));
    assert!(page.body.contains("Khalid Saeed Barakat"));
    let found = hit_links(&page.body);
    assert_eq!(found.len(), 1, "the match is kept as a hit");
    // cleared as a false positive, the same search is passed over, and says so
    let page = layla
        .post(
            &format!("/console/hits/{}", found[0]),
            &[
                ("csrf", &csrf),
                ("status", "false-positive"),
                ("reason", "not him"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    let page = search(
        &mut layla,
        &csrf,
        &[
            ("input", "Khaled  BARAKAT"),
            ("kind", "auto"),
            ("birth_date", "1974-08-12"),
            ("nationality", "jor"),
        ],
    )
    .await;
    assert!(
        page.body.contains("cleared earlier as a false positive"),
        "{}",
        page.body
    );
    assert!(hit_links(&page.body).is_empty());

    // a zone typed with its two lines: the stolen passport is found by its number
    let zone = "P<JORHADDAD<<YUSUF<ADNAN<<<<<<<<<<<<<<<<<<<<\nL898902C36JOR7408122M1204159<<<<<<<<<<<<<<08";
    let page = search(&mut layla, &csrf, &[("input", zone), ("kind", "auto")]).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("Screened as A machine-readable zone"));
    assert!(page.body.contains("seize the document"));
    assert!(page.body.contains("The zone is valid."));

    // a number that is listed by nobody
    let page = search(
        &mut layla,
        &csrf,
        &[("input", "X 123 4567"), ("kind", "auto")],
    )
    .await;
    assert!(page.body.contains("Screened as A document number"));
    assert!(page.body.contains("No listed record matches."));

    // what cannot be read is named beside its field; nothing is screened
    let page = search(
        &mut layla,
        &csrf,
        &[
            ("input", ""),
            ("birth_date", "1974-13"),
            ("nationality", "XX1"),
        ],
    )
    .await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    for id in ["input-error", "birth_date-error", "nationality-error"] {
        assert!(page.body.contains(&format!(r#"id="{id}""#)), "{id}");
    }
    let page = search(&mut layla, &csrf, &[("input", "P<JOR<<<"), ("kind", "mrz")]).await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert!(page.body.contains("This could not be screened:"));
    let page = search(&mut layla, "forged", &[("input", "Khaled Barakat")]).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);

    // another member sees the restricted record as hidden, with whom to contact
    let mut samir = Browser::new(&setup.app);
    samir.sign_in("samir", PASSWORD).await;
    let csrf = samir.get("/console/search").await.csrf();
    let page = search(
        &mut samir,
        &csrf,
        &[
            ("input", "Youssef Adnan Haddad"),
            ("birth_date", "1974-08-12"),
        ],
    )
    .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("تواصل مع الجهة المالكة"));
    assert!(!page.body.contains("Yusuf"));
}

#[tokio::test]
async fn the_owner_sees_who_hit_its_records_and_a_supervisor_changes_their_access() {
    let setup = setup();
    records_and_flights(&setup).await;
    let mut hana = Browser::new(&setup.app);
    assert_eq!(
        hana.sign_in("hana", PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );

    // both other members hit the three records: six notifications, no traveller in them
    let page = hana.get("/console/notifications").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(
        page.body.matches("<tr><td><time").count(),
        6,
        "{}",
        page.body
    );
    assert!(page.body.contains("iraq-nsa") && page.body.contains("tunisia-dgsn"));
    assert!(!page.body.contains("YOUSSEF") && !page.body.contains("Youssef"));
    // each of the owner's records named as its list names it, linked to its page
    for (id, name) in [
        ("r-all", "Khalid Saeed Barakat"),
        ("r-owner", "Samir Fawzi Qasim"),
    ] {
        let label = format!(r#"<bdi dir="ltr" translate="no">{id}</bdi> · <bdi>{name}</bdi></a>"#);
        let at = page
            .body
            .find(&label)
            .unwrap_or_else(|| panic!("{label}: {}", page.body));
        let link = page.body[..at]
            .rfind("<a href=\"/console/records/")
            .unwrap();
        assert!(at - link < 60, "{label} is a link to the record");
    }

    // the records, and the owner-only one opened to the outsider
    let page = hana.get("/console/records").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("Owner only")
            && page.body.contains("Listed members (<bdi>iraq-nsa</bdi>)")
    );
    let at = page.body.find(">r-owner<").unwrap();
    let link_at = page.body[..at].rfind(r#"href=""#).unwrap() + r#"href=""#.len();
    let record = page.body[link_at..link_at + page.body[link_at..].find('"').unwrap()].to_string();
    let form = hana.get(&record).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains(r#"value="owner-only" checked"#));
    let csrf = form.csrf();
    // a date is typed as the field shows it, in either digits
    assert!(
        form.body
            .contains(r#"id="review_by" name="review_by" type="text" inputmode="numeric""#)
            && form
                .body
                .contains(r#"<span class="hint" id="review_by-form">YYYY-MM-DD</span>"#),
        "{}",
        form.body
    );
    let arabic_digits = arabic_indic_date_in_a_query();
    let queue = hana
        .get(&format!("/console/hits?status=all&from={arabic_digits}"))
        .await;
    assert_eq!(queue.status, StatusCode::OK);
    assert!(!queue.body.contains(r#"id="from-error""#), "{}", queue.body);
    let queue = hana.get("/console/hits?status=all&from=11/01/2026").await;
    assert!(queue.body.contains(r#"id="from-error""#), "{}", queue.body);
    // refused beside the field: an unknown member, an impossible date
    for (members, review_by, error) in [
        ("nobody", "2030-01-01", "members-error"),
        ("tunisia-dgsn", "2030-02-30", "review_by-error"),
    ] {
        let fields = [
            ("csrf", csrf.as_str()),
            ("access", "members"),
            ("members", members),
            ("action", "arrest"),
            ("review_by", review_by),
        ];
        let page = hana.post(&record, &fields).await;
        assert_eq!(page.status, StatusCode::BAD_REQUEST, "{error}");
        assert!(page.body.contains(&format!(r#"id="{error}""#)), "{error}");
    }
    let opened = [
        ("csrf", csrf.as_str()),
        ("access", "members"),
        ("members", "tunisia-dgsn"),
        ("action", "detain and inform"),
        ("review_by", "2030-01-01"),
    ];
    // opening it to another member is confirmed in a second step
    let page = hana.post(&record, &opened).await;
    assert_eq!(page.status, StatusCode::CONFLICT, "{}", page.body);
    let mut confirmed = opened.to_vec();
    confirmed.push(("confirm", "wider-access"));
    let page = hana.post(&record, &confirmed).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let page = hana.get(page.location()).await;
    assert!(page.body.contains("Saved.") && page.body.contains("detain and inform"));

    // the outsider now sees the record on its hit, at once
    let mut samir = Browser::new(&setup.app);
    samir.sign_in("samir", PASSWORD).await;
    let queue = samir.get("/console/hits").await.body;
    let mut seen = false;
    for id in hit_links(&queue) {
        let page = samir.get(&format!("/console/hits/{id}")).await;
        seen |= page.body.contains("r-owner") && page.body.contains("detain and inform");
    }
    assert!(
        seen,
        "the record opened to the outsider is shown on its hit"
    );
    // but the owner's pages stay the owner's
    assert_eq!(samir.get(&record).await.status, StatusCode::NOT_FOUND);
    assert!(!samir.get("/console/records").await.body.contains("r-owner"));

    // a document, found among the owner's by its number, and its terms changed
    let stolen = json!({"document": {"number": "L898902C3", "issuing_state": "JOR", "type": "P",
        "status": "stolen", "reported_on": "2026-10-01"}, "access": {"level": "all"},
        "action": "seize the document", "review_by": "2030-01-01"});
    let (status, _) = api(&setup.app, "POST", "/v1/records", &setup.owner_key, stolen).await;
    assert_eq!(status, StatusCode::CREATED);
    let page = hana.get("/console/records?number=Y0000000").await;
    assert!(page
        .body
        .contains("The member has no live document with this number."));
    let page = hana.get("/console/records?number=l898902c3").await;
    let at = page
        .body
        .find(r#"href="/console/documents/"#)
        .expect("the document")
        + r#"href=""#.len();
    let document = page.body[at..at + page.body[at..].find('"').unwrap()].to_string();
    let form = hana.get(&document).await;
    assert!(
        form.body.contains("seize the document") && form.body.contains(r#"value="all" checked"#)
    );
    let csrf = form.csrf();
    let page = hana
        .post(
            &document,
            &[
                ("csrf", &csrf),
                ("access", "owner-only"),
                ("action", "seize and inform the owner"),
                ("review_by", "2031-01-01"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let page = hana.get(page.location()).await;
    assert!(page.body.contains("Saved.") && page.body.contains(r#"value="owner-only" checked"#));
    assert_eq!(samir.get(&document).await.status, StatusCode::NOT_FOUND);

    // an officer of the owner reads but does not change
    let mut adel = Browser::new(&setup.app);
    adel.sign_in("adel", PASSWORD).await;
    let page = adel.get(&document).await;
    assert!(
        page.body.contains("Only a supervisor changes")
            && page.body.contains("seize and inform the owner")
    );
    let page = adel
        .post(
            &document,
            &[
                ("csrf", &page.csrf()),
                ("access", "all"),
                ("action", "x"),
                ("review_by", "2030-01-01"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    let page = adel.get(&record).await;
    assert!(page.body.contains("Only a supervisor changes"));
    assert!(!page.body.contains(r#"name="access""#));
    let csrf = page.csrf();
    let page = adel
        .post(
            &record,
            &[
                ("csrf", &csrf),
                ("access", "all"),
                ("action", "x"),
                ("review_by", "2030-01-01"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
}

/// The moments (`datetime`) of the notifications a page lists, in the page's order.
fn notification_moments(body: &str) -> Vec<String> {
    body.match_indices(r#"<tr><td><time datetime=""#)
        .map(|(at, found)| {
            let rest = &body[at + found.len()..];
            rest[..rest.find('"').unwrap()].to_string()
        })
        .collect()
}

/// Issue 17, item 7: the owner's notifications are listed newest first, a hundred a page,
/// with a link to the older ones and back to the newest; every page read is audited; the
/// API's clients still follow them oldest first after a cursor.
#[tokio::test]
async fn the_owner_reads_its_notifications_newest_first_a_page_at_a_time() {
    let setup = setup();
    // the partner's and the outsider's flights hit the owner's three records: notifications
    // 1 to 6, at the clock's moment
    records_and_flights(&setup).await;
    // then a hundred screenings of the partner hit the owner's first record, a minute
    // apart (written to the store as the partner's node would write them): 7 to 106
    {
        let mut store = Store::open(setup.directory.path()).unwrap();
        let record = store.record_id(1, "r-all").unwrap().unwrap();
        for minute in 1..=100 {
            let at = clock() + 60 * minute;
            let traveller = json!({"schema": "Person", "properties": {"name": [format!("Khaled Barakat {minute}")]}});
            let hit = NewHit {
                querier: 2,
                record,
                owner: 1,
                query: traveller.to_string(),
                score: 0.9,
                explanation: "{}".to_string(),
                details: None,
                absorb_since: None,
            };
            let entry = audit::entry(
                at,
                "member:iraq-nsa",
                audit::Action::HitAdd,
                "query",
                traveller.to_string().as_bytes(),
            );
            store
                .add_hits(&[hit], at, &[entry], audit::chain_hash)
                .unwrap();
        }
    }
    let mut hana = Browser::new(&setup.app);
    hana.sign_in("hana", PASSWORD).await;

    // the newest hundred, newest first, and a link to the older ones
    let newest = hana.get("/console/notifications").await;
    assert_eq!(newest.status, StatusCode::OK);
    let moments = notification_moments(&newest.body);
    assert_eq!(moments.len(), 100, "{}", newest.body);
    assert_eq!(moments[0], "2026-11-29T11:40:00Z");
    assert_eq!(moments[99], "2026-11-29T10:01:00Z");
    let mut in_order = moments.clone();
    in_order.sort_unstable_by(|a, b| b.cmp(a));
    assert_eq!(moments, in_order, "newest first");
    assert!(
        newest.body.contains(
            r#"<a rel="next" href="/console/notifications?before=7">Older notifications</a>"#
        ),
        "{}",
        newest.body
    );
    assert!(!newest.body.contains("Newest notifications"));

    // the older ones: the flights' six, and nothing older after them
    let older = hana.get("/console/notifications?before=7").await;
    assert_eq!(older.status, StatusCode::OK);
    let moments = notification_moments(&older.body);
    assert_eq!(moments, vec!["2026-11-29T10:00:00Z".to_string(); 6]);
    assert!(older.body.contains("iraq-nsa") && older.body.contains("tunisia-dgsn"));
    assert!(!older.body.contains("?before="), "{}", older.body);
    assert!(older
        .body
        .contains(r#"<a href="/console/notifications">Newest notifications</a>"#));
    let nothing = hana.get("/console/notifications?before=1").await;
    assert!(nothing.body.contains("No older notifications."));
    assert!(!nothing
        .body
        .contains("No other member has hit our records yet."));

    // the same links in Arabic
    let csrf = nothing.csrf();
    hana.post("/console/language", &[("csrf", &csrf), ("language", "ar")])
        .await;
    let arabic = hana.get("/console/notifications").await;
    assert!(arabic
        .body
        .contains(r#"href="/console/notifications?before=7">الإشعارات الأقدم</a>"#));
    let arabic = hana.get("/console/notifications?before=7").await;
    assert!(arabic
        .body
        .contains(r#"<a href="/console/notifications">أحدث الإشعارات</a>"#));

    // every page read is audited as the API's reads are, naming the notifications shown
    let store = Store::open(setup.directory.path()).unwrap();
    let reads: Vec<String> = store
        .audit_entries(1, 100_000)
        .unwrap()
        .into_iter()
        .filter(|entry| {
            entry.action == "notification.read" && entry.actor == "member:jordan-psd/user:hana"
        })
        .map(|entry| entry.subject)
        .collect();
    assert_eq!(
        reads,
        [
            "notifications 7..=106",
            "notifications 1..=6",
            "notifications 7..=106",
            "notifications 1..=6"
        ]
    );
    drop(store);

    // the API's clients still follow them oldest first, after the last they took
    let (status, answer) = api(
        &setup.app,
        "GET",
        "/v1/notifications?after=0",
        &setup.owner_key,
        Value::Null,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let ids: Vec<i64> = answer["notifications"]
        .as_array()
        .unwrap()
        .iter()
        .map(|note| note["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, (1..=100).collect::<Vec<i64>>());
}

/// Writes a person record of the member whose key is `key`.
async fn write_person(setup: &Setup, key: &str, entity: Value) {
    let request = json!({"entity": entity, "access": {"level": "all"}, "action": "arrest", "review_by": "2030-01-01"});
    let (status, answer) = api(&setup.app, "POST", "/v1/records", key, request).await;
    assert_eq!(status, StatusCode::CREATED, "{answer}");
}

/// The list ids of the records a page of "Our records" lists, in order.
fn listed_records(body: &str) -> Vec<String> {
    body.match_indices(r#"<a href="/console/records/"#)
        .filter_map(|(at, found)| {
            let rest = &body[at + found.len()..];
            let start = rest.find(r#"<bdi translate="no">"#)? + r#"<bdi translate="no">"#.len();
            let end = rest[start..].find("</bdi>")?;
            Some(rest[start..start + end].to_string())
        })
        .collect()
}

/// Issue 17, item 7: "Our records" finds the member's own person records by part of a
/// name (in Latin or Arabic letters, whatever the case, the marks or the hamza) or by their
/// list id, a page at a time, keeping the search in its field; another member's records
/// are never found; the search is audited.
#[tokio::test]
async fn the_owner_finds_its_records_by_name_or_list_id() {
    let setup = setup();
    records_and_flights(&setup).await;
    write_person(
        &setup,
        &setup.owner_key,
        json!({"id": "r-baghdadi", "schema": "Person", "properties": {
            "name": ["أبو بكر البغدادي"], "alias": ["Abū Bakr al-Baghdādī"],
            "birthDate": ["1971-07-28"]}}),
    )
    .await;
    // fifty-one of one name: two pages of a search
    for number in 0..51 {
        write_person(
            &setup,
            &setup.owner_key,
            json!({"id": format!("r-karam-{number:02}"), "schema": "Person",
                   "properties": {"name": ["Nadia Karam"]}}),
        )
        .await;
    }
    // the partner's own record of the same name as the owner's first
    write_person(
        &setup,
        &setup.partner_key,
        json!({"id": "p-barakat", "schema": "Person", "properties": {"name": ["Khalid Saeed Barakat"]}}),
    )
    .await;
    let mut hana = Browser::new(&setup.app);
    hana.sign_in("hana", PASSWORD).await;

    // the search field, empty, on the page of every record
    let page = hana.get("/console/records").await;
    assert!(
        page.body
            .contains(r#"<label for="person">Find one of our persons by name or list id</label>"#),
        "{}",
        page.body
    );
    // part of a name, whatever its case and marks; the search kept in the field
    for (search, found) in [
        ("barakat", vec!["r-all"]),
        ("BARAKAT%20khalid", vec!["r-all"]),
        ("baghdadi", vec!["r-baghdadi"]),
        // البغدادي
        (
            "%D8%A7%D9%84%D8%A8%D8%BA%D8%AF%D8%A7%D8%AF%D9%8A",
            vec!["r-baghdadi"],
        ),
        // ابو بكر, typed without the hamza
        (
            "%D8%A7%D8%A8%D9%88%20%D8%A8%D9%83%D8%B1",
            vec!["r-baghdadi"],
        ),
        // a list id, whole
        ("r-owner", vec!["r-owner"]),
    ] {
        let page = hana.get(&format!("/console/records?person={search}")).await;
        assert_eq!(page.status, StatusCode::OK);
        assert_eq!(listed_records(&page.body), found, "{search}: {}", page.body);
        assert!(page
            .body
            .contains(r#"<a href="/console/records">All our records</a>"#));
    }
    let page = hana
        .get("/console/records?person=%D8%A7%D9%84%D8%A8%D8%BA%D8%AF%D8%A7%D8%AF%D9%8A")
        .await;
    assert!(page.body.contains(r#"value="البغدادي""#), "{}", page.body);
    assert!(page.body.contains("<bdi>أبو بكر البغدادي</bdi>"));

    // nothing found: said so, the search kept
    let page = hana.get("/console/records?person=Nobody%20Known").await;
    assert!(page
        .body
        .contains("None of our person records matches this search."));
    assert!(page.body.contains(r#"value="Nobody Known""#));
    assert_eq!(listed_records(&page.body), Vec::<String>::new());

    // fifty a page, the search kept by the links between its pages
    let first = hana.get("/console/records?person=karam").await;
    assert_eq!(listed_records(&first.body).len(), 50);
    assert!(first
        .body
        .contains(r#"href="/console/records?person=karam&amp;page=1""#));
    let second = hana.get("/console/records?person=karam&page=1").await;
    assert_eq!(listed_records(&second.body), ["r-karam-00"]);
    assert!(second
        .body
        .contains(r#"href="/console/records?person=karam&amp;page=0""#));

    // another member's search finds only its own: the partner's record, not the owner's
    let mut layla = Browser::new(&setup.app);
    layla.sign_in("layla", PASSWORD).await;
    let page = layla.get("/console/records?person=barakat").await;
    assert_eq!(listed_records(&page.body), ["p-barakat"]);
    let page = layla.get("/console/records?person=r-all").await;
    assert_eq!(listed_records(&page.body), Vec::<String>::new());
    // and in Arabic, the outsider's, which has none
    let mut samir = Browser::new(&setup.app);
    samir.sign_in("samir", PASSWORD).await;
    let page = samir.get("/console/records?person=barakat").await;
    assert!(page
        .body
        .contains("ابحث عن أحد أشخاصنا بالاسم أو برقم سجله في القائمة"));
    assert!(page.body.contains("لا يوجد لدينا سجل شخص يطابق هذا البحث."));

    // each search audited as the list is, with the text searched in its digest
    let store = Store::open(setup.directory.path()).unwrap();
    let entries = store.audit_entries(1, 100_000).unwrap();
    let searched = |actor: &str, subject: &str| {
        entries
            .iter()
            .filter(|e| e.action == "record.list" && e.actor == actor && e.subject == subject)
            .count()
    };
    assert_eq!(
        searched("member:jordan-psd/user:hana", "records found page 0 of 1"),
        7
    );
    assert_eq!(
        searched("member:jordan-psd/user:hana", "records found page 1 of 51"),
        1
    );
    assert_eq!(
        searched(
            "member:tunisia-dgsn/user:samir",
            "records found page 0 of 0"
        ),
        1
    );
}

/// The partner's flight screened again (optionally with a passport for HADDAD): HADDAD's
/// verdict and whether his match was passed over by a suppression.
async fn haddad_again(setup: &Setup, passport: bool) -> (String, bool) {
    let mut haddad = json!({"surname": "HADDAD", "given_names": "YOUSSEF ADNAN", "birth_date": "1974-08-12", "nationality": "JOR"});
    if passport {
        haddad["documents"] = json!([{"number": "K1234567", "type": "P", "issuing_state": "JOR"}]);
    }
    let manifest = json!({
        "message_reference": "M-AGAIN",
        "legs": [{"carrier": "RJ", "flight_number": "0407", "departure_port": "AMM", "arrival_port": "BGW", "departure_time": "2026-11-30T10:00"}],
        "travellers": [haddad],
    });
    let (status, answer) = api(
        &setup.app,
        "POST",
        "/v1/manifests",
        &setup.partner_key,
        manifest,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let traveller = &answer["travellers"][0];
    let suppressed = traveller["hits"]
        .as_array()
        .unwrap()
        .iter()
        .any(|hit| hit["result"]["suppressed"].is_i64());
    if suppressed {
        assert_eq!(answer["summary"]["hits"], 0, "{answer}");
    }
    (
        traveller["verdict"].as_str().unwrap().to_string(),
        suppressed,
    )
}

async fn clear_as_false_positive(browser: &mut Browser, hit: i64, csrf: &str) {
    let reason = "another man: passport seen";
    let fields = [
        ("csrf", csrf),
        ("status", "false-positive"),
        ("reason", reason),
    ];
    let page = browser.post(&format!("/console/hits/{hit}"), &fields).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn a_false_positive_is_not_raised_again_until_the_record_or_the_details_change() {
    let setup = setup();
    records_and_flights(&setup).await;
    let mut layla = Browser::new(&setup.app);
    layla.sign_in("layla", PASSWORD).await;
    let queue = layla.get("/console/hits").await.body;
    let mut shared = None;
    for id in hit_links(&queue) {
        let page = layla.get(&format!("/console/hits/{id}")).await;
        if page.body.contains("r-members") {
            shared = Some((id, page.csrf()));
        }
    }
    let (hit, csrf) = shared.unwrap();
    assert_eq!(
        haddad_again(&setup, false).await,
        ("refer".to_string(), false)
    );
    clear_as_false_positive(&mut layla, hit, &csrf).await;
    let page = layla.get(&format!("/console/hits/{hit}")).await;
    assert!(
        page.body.contains("Cleared as a false positive"),
        "{}",
        page.body
    );
    assert!(page
        .body
        .contains(&format!(r#"action="/console/hits/{hit}/revoke""#)));

    // the same details: passed over, shown as such; other details: raised
    assert_eq!(
        haddad_again(&setup, false).await,
        ("clear".to_string(), true)
    );
    assert_eq!(
        haddad_again(&setup, true).await,
        ("refer".to_string(), false)
    );

    // revoked: raised again, and the revocation shown
    let page = layla
        .post(&format!("/console/hits/{hit}/revoke"), &[("csrf", &csrf)])
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    let page = layla.get(&format!("/console/hits/{hit}")).await;
    assert!(page
        .body
        .contains("The suppression this decision made was revoked"));
    assert_eq!(
        haddad_again(&setup, false).await,
        ("refer".to_string(), false)
    );
    let page = layla
        .post(&format!("/console/hits/{hit}/revoke"), &[("csrf", &csrf)])
        .await;
    assert_eq!(page.status, StatusCode::NOT_FOUND, "nothing left to revoke");

    // cleared again, then the owner changes the record: raised again
    clear_as_false_positive(&mut layla, hit, &csrf).await;
    assert_eq!(
        haddad_again(&setup, false).await,
        ("clear".to_string(), true)
    );
    let record = {
        let store = Store::open(setup.directory.path()).unwrap();
        store.record_id(1, "r-members").unwrap().unwrap()
    };
    let entity = json!({"id": "r-members", "schema": "Person", "properties": {"name": ["Yusuf Adnan Haddad"], "birthDate": ["1974-08-12"]}});
    let change = json!({"entity": entity, "access": {"level": "members", "members": ["iraq-nsa"]}, "action": "arrest and inform", "review_by": "2030-01-01"});
    let (status, answer) = api(
        &setup.app,
        "PUT",
        &format!("/v1/records/{record}"),
        &setup.owner_key,
        change,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(
        haddad_again(&setup, false).await,
        ("refer".to_string(), false)
    );

    // every suppression, use and revocation is in the audit log
    let store = Store::open(setup.directory.path()).unwrap();
    let entries = store.audit_entries(1, 100_000).unwrap();
    assert!(entries
        .iter()
        .any(|e| e.action == "suppression.revoke" && e.actor == "member:iraq-nsa/user:layla"));
    assert!(entries.iter().any(|e| e.action == "screen.manifest"
        && e.subject
            .ends_with("0 hits, 1 matches passed over by suppressions")));
}

#[tokio::test]
async fn an_administrator_manages_the_member_s_users_and_each_user_their_password() {
    let setup = setup();
    let mut rana = Browser::new(&setup.app);
    assert_eq!(
        rana.sign_in("rana", PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );
    let page = rana.get("/console/users").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("<bdi>layla</bdi>") && !page.body.contains("<bdi>samir</bdi>"),
        "the member's users only"
    );
    let csrf = page.csrf();
    let add = |name: &'static str, password: &'static str| {
        vec![
            ("name", name),
            ("role", "officer"),
            ("language", "ar"),
            ("password", password),
        ]
    };
    let mut fields = vec![("csrf", csrf.as_str())];
    fields.extend(add("karim", "short"));
    let page = rana.post("/console/users", &fields).await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert!(page.body.contains(r#"id="password-error""#));
    let mut fields = vec![("csrf", csrf.as_str())];
    fields.extend(add("karim", "a long first password"));
    let page = rana.post("/console/users", &fields).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("<bdi>karim</bdi>"));
    let page = rana.post("/console/users", &fields).await;
    assert_eq!(page.status, StatusCode::CONFLICT);
    assert!(page.body.contains(r#"id="name-error""#));

    // the new user signs in; disabled, its session ends and it is refused
    let mut karim = Browser::new(&setup.app);
    assert_eq!(
        karim.sign_in("karim", "a long first password").await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(karim.get("/console/hits").await.status, StatusCode::OK);
    let page = rana
        .post(
            "/console/users/disable",
            &[("csrf", &csrf), ("name", "karim"), ("confirm", "disable")],
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(
        karim.get("/console/hits").await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        karim.sign_in("karim", "a long first password").await.status,
        StatusCode::UNAUTHORIZED
    );
    // another member's user is not this administrator's to disable
    let page = rana
        .post(
            "/console/users/disable",
            &[("csrf", &csrf), ("name", "samir"), ("confirm", "disable")],
        )
        .await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);

    // an officer does not manage users
    let mut layla = Browser::new(&setup.app);
    layla.sign_in("layla", PASSWORD).await;
    assert_eq!(
        layla.get("/console/users").await.status,
        StatusCode::FORBIDDEN
    );
    let csrf = layla.get("/console/account").await.csrf();
    let mut fields = vec![("csrf", csrf.as_str())];
    fields.extend(add("mallory", "a long first password"));
    assert_eq!(
        layla.post("/console/users", &fields).await.status,
        StatusCode::FORBIDDEN
    );

    // a new password: the current one checked, the two new ones alike and long enough; the
    // user's other sessions end
    let mut elsewhere = Browser::new(&setup.app);
    elsewhere.sign_in("layla", PASSWORD).await;
    for (current, new, repeat, error) in [
        (
            "wrong password here",
            "a new long password",
            "a new long password",
            "current-error",
        ),
        (
            PASSWORD,
            "a new long password",
            "another long password",
            "repeat-error",
        ),
        (PASSWORD, "short", "short", "new-error"),
    ] {
        let page = layla
            .post(
                "/console/account",
                &[
                    ("csrf", &csrf),
                    ("current", current),
                    ("new", new),
                    ("repeat", repeat),
                ],
            )
            .await;
        assert_eq!(page.status, StatusCode::BAD_REQUEST, "{error}");
        assert!(page.body.contains(&format!(r#"id="{error}""#)), "{error}");
    }
    let page = layla
        .post(
            "/console/account",
            &[
                ("csrf", &csrf),
                ("current", PASSWORD),
                ("new", "a new long password"),
                ("repeat", "a new long password"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("The password is changed."));
    assert_eq!(
        layla.get("/console/hits").await.status,
        StatusCode::OK,
        "this session goes on"
    );
    assert_eq!(
        elsewhere.get("/console/hits").await.status,
        StatusCode::SEE_OTHER,
        "the other ended"
    );
    let mut again = Browser::new(&setup.app);
    assert_eq!(
        again.sign_in("layla", PASSWORD).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        again.sign_in("layla", "a new long password").await.status,
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn behind_tls_the_cookies_are_marked_secure() {
    let setup = setup_with(ApiConfig {
        secure_cookies: true,
        ..ApiConfig::default()
    });
    let mut browser = Browser::new(&setup.app);
    let form = browser.get("/console/sign-in").await;
    let cookie = form.headers["set-cookie"].to_str().unwrap().to_string();
    assert!(
        cookie.starts_with("gatecheck_form=") && cookie.ends_with("; Secure"),
        "{cookie}"
    );
    let page = browser.sign_in("layla", PASSWORD).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    for cookie in page.headers.get_all("set-cookie") {
        assert!(cookie.to_str().unwrap().ends_with("; Secure"), "{cookie:?}");
    }
}

/// Issue 13: an officer could clear a hit on an owner-only record it was never shown. In
/// the console it now escalates; the owner's user answers from its notifications, and the
/// answer comes back to the officer's member.
#[tokio::test]
async fn a_withheld_hit_is_escalated_to_the_owner_who_answers_in_the_console() {
    let setup = setup();
    records_and_flights(&setup).await;
    let mut samir = Browser::new(&setup.app);
    assert_eq!(
        samir.sign_in("samir", PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );
    let mut withheld = None;
    for id in hit_links(&samir.get("/console/hits").await.body) {
        let page = samir.get(&format!("/console/hits/{id}")).await;
        if page.body.contains("أحِل أمر المسافر إلى الجهة المالكة") {
            withheld = Some((id, page));
        } else if page.body.contains("Khalid Saeed Barakat") {
            // a record the officer sees whole may be cleared
            assert!(page.body.contains(r#"value="false-positive""#));
        }
    }
    let (hit, page) = withheld.expect("a hit on the owner-only record");
    assert!(
        !page.body.contains(r#"value="false-positive""#),
        "no false positive offered"
    );
    assert!(page.body.contains(r#"id="withheld-hint""#));
    let csrf = page.csrf();
    let refused = samir
        .post(
            &format!("/console/hits/{hit}"),
            &[
                ("csrf", &csrf),
                ("status", "false-positive"),
                ("reason", "born 1990"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(refused.body.contains(r#"class="error" id="withheld-hint""#));
    let escalated = samir
        .post(
            &format!("/console/hits/{hit}"),
            &[
                ("csrf", &csrf),
                ("status", "escalated"),
                ("reason", "جواز السفر يذكر مولده سنة 1990"),
            ],
        )
        .await;
    assert_eq!(escalated.status, StatusCode::SEE_OTHER);

    // the owner's supervisor is asked, with the traveller, and answers
    let mut hana = Browser::new(&setup.app);
    hana.sign_in("hana", PASSWORD).await;
    let notes = hana.get("/console/notifications").await;
    assert_eq!(notes.status, StatusCode::OK);
    assert!(notes.body.contains("Escalated to you"), "{}", notes.body);
    assert!(
        notes.body.contains("QASSIM"),
        "the traveller is shared for the decision"
    );
    assert!(notes.body.contains("جواز السفر يذكر مولده سنة 1990"));
    let answer_uri = format!("/console/hits/{hit}/answer");
    assert!(notes.body.contains(&answer_uri));
    let csrf = notes.csrf();
    let refused = hana
        .post(
            &answer_uri,
            &[
                ("csrf", &csrf),
                ("decision", "false-positive"),
                ("reason", ""),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    let sent = hana
        .post(
            &answer_uri,
            &[
                ("csrf", &csrf),
                ("decision", "false-positive"),
                ("reason", "ours was born in 1961"),
            ],
        )
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER);
    assert_eq!(sent.location(), "/console/notifications?answered=1");
    let notes = hana.get("/console/notifications?answered=1").await;
    assert!(notes.body.contains("The answer is sent"));
    assert!(!notes.body.contains(&answer_uri), "answered once");
    // an officer of another member cannot answer it
    let csrf = samir.get("/console/hits").await.csrf();
    let forged = samir
        .post(
            &answer_uri,
            &[("csrf", &csrf), ("decision", "confirmed"), ("reason", "x")],
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);

    // the answer comes back: in the officer's notifications and the hit's history
    let notes = samir.get("/console/notifications").await;
    assert!(notes.body.contains("ردّت الجهة المالكة"), "{}", notes.body);
    assert!(notes.body.contains("ours was born in 1961"));
    let page = samir.get(&format!("/console/hits/{hit}")).await;
    assert!(page.body.contains("ours was born in 1961"));
    assert!(page
        .body
        .contains(r#"<bdi class="actor">hana</bdi> (<bdi>jordan-psd</bdi>)"#));
}

/// The id of the owner's document numbered `number`, read from the owner's records page.
async fn owned_document(browser: &mut Browser, number: &str) -> String {
    let page = browser
        .get(&format!("/console/records?number={number}"))
        .await;
    let at = page
        .body
        .find(r#"href="/console/documents/"#)
        .expect("the document")
        + r#"href=""#.len();
    page.body[at..at + page.body[at..].find('"').unwrap()].to_string()
}

#[tokio::test]
async fn a_supervisor_confirms_before_a_record_is_opened_to_more_members() {
    let setup = setup();
    let stolen = json!({"document": {"number": "K1234567", "issuing_state": "JOR", "type": "P",
        "status": "stolen", "reported_on": "2026-10-01"}, "access": {"level": "owner-only"},
        "action": "seize the document", "review_by": "2030-01-01"});
    let (status, _) = api(&setup.app, "POST", "/v1/records", &setup.owner_key, stolen).await;
    assert_eq!(status, StatusCode::CREATED);
    let mut hana = Browser::new(&setup.app);
    hana.sign_in("hana", PASSWORD).await;
    let document = owned_document(&mut hana, "K1234567").await;
    let csrf = hana.get(&document).await.csrf();
    let opened = [
        ("csrf", csrf.as_str()),
        ("access", "all"),
        ("members", ""),
        ("action", "seize the document"),
        ("review_by", "2030-01-01"),
    ];
    // first step: nothing saved, the access now and after shown, a confirmation asked
    let page = hana.post(&document, &opened).await;
    assert_eq!(page.status, StatusCode::CONFLICT, "{}", page.body);
    assert!(page.body.contains("Open this record to more members?"));
    assert!(page
        .body
        .contains("<dt>Now</dt><dd>Owner only</dd><dt>After</dt><dd>All members</dd>"));
    assert!(page
        .body
        .contains(r#"<input type="hidden" name="confirm" value="wider-access">"#));
    let (status, read) = api(
        &setup.app,
        "GET",
        &format!("/v1/records{}", &document["/console/documents".len()..]),
        &setup.owner_key,
        Value::Null,
    )
    .await;
    assert_eq!(
        (status, &read["access"]),
        (StatusCode::OK, &json!("owner-only"))
    );
    let (status, _) = api(
        &setup.app,
        "GET",
        &format!("/v1/records{}", &document["/console/documents".len()..]),
        &setup.outsider_key,
        Value::Null,
    )
    .await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "still hidden from the outsider"
    );
    // a confirmation with a forged token is refused like any other form
    let mut forged = opened.to_vec();
    forged[0] = ("csrf", "0000");
    forged.push(("confirm", "wider-access"));
    assert_eq!(
        hana.post(&document, &forged).await.status,
        StatusCode::FORBIDDEN
    );
    // second step: saved, and the audit entry says widened, from what to what
    let mut confirmed = opened.to_vec();
    confirmed.push(("confirm", "wider-access"));
    let page = hana.post(&document, &confirmed).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let (status, _) = api(
        &setup.app,
        "GET",
        &format!("/v1/records{}", &document["/console/documents".len()..]),
        &setup.outsider_key,
        Value::Null,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "now open to all");
    {
        let store = Store::open(setup.directory.path()).unwrap();
        let log = store.audit_entries(1, i64::MAX).unwrap();
        let change = log
            .iter()
            .rev()
            .find(|entry| entry.action == "record.terms")
            .unwrap();
        assert!(change.actor.contains("hana"), "{}", change.actor);
        assert!(
            change
                .subject
                .ends_with("widened access of 1 record: owner-only → all"),
            "{}",
            change.subject
        );
    }
    // narrowing is saved at once, without a second step
    let csrf = hana.get(&document).await.csrf();
    let page = hana
        .post(
            &document,
            &[
                ("csrf", &csrf),
                ("access", "owner-only"),
                ("action", "seize the document"),
                ("review_by", "2030-01-01"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    // in Arabic, the confirmation speaks Arabic
    hana.post("/console/language", &[("csrf", &csrf), ("language", "ar")])
        .await;
    let csrf = hana.get(&document).await.csrf();
    let page = hana
        .post(
            &document,
            &[
                ("csrf", &csrf),
                ("access", "members"),
                ("members", "iraq-nsa"),
                ("action", "seize the document"),
                ("review_by", "2030-01-01"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::CONFLICT, "{}", page.body);
    assert!(
        page.body.contains("هل تتيح هذا السجل لجهات أكثر؟")
            && page.body.contains("<dd>الجهة المالكة فقط</dd>")
            && page.body.contains("جهات محددة (<bdi>iraq-nsa</bdi>)"),
        "{}",
        page.body
    );
}

/// Issue 16: the sanctions a list attached to a record and its ties are shown with a match
/// and on the hit's page, in the officer's language, where the access rule shows the record.
#[tokio::test]
async fn a_listed_person_s_sanctions_and_ties_are_shown_in_the_officer_s_language() {
    let setup = setup();
    // a record as an export nests it: a sanction and a family tie (fictional)
    let entity = json!({"id": "r-sanctioned", "schema": "Person", "properties": {
        "name": ["Karim Nasser Haddad"], "birthDate": ["1980-02-03"],
        "sanctions": [{"id": "san-1", "schema": "Sanction", "properties": {
            "entity": ["r-sanctioned"], "program": ["ISIL (Da'esh) and Al-Qaida"],
            "authority": ["Security Council"], "listingDate": ["2015-09-29"]}}],
        "familyPerson": [{"id": "fam-1", "schema": "Family", "properties": {
            "person": ["r-sanctioned"], "relative": ["r-brother"], "relationship": ["brother"]}}]}});
    let request = json!({"entity": entity, "access": {"level": "all"}, "action": "arrest", "review_by": "2030-01-01"});
    let (status, answer) = api(&setup.app, "POST", "/v1/records", &setup.owner_key, request).await;
    assert_eq!(status, StatusCode::CREATED, "{answer}");
    let query = json!({"id": "t", "schema": "Person", "properties": {"name": ["Kareem Nasser Hadad"], "birthDate": ["1980-02-03"]}});
    for (key, user, shown) in [
        (
            &setup.partner_key,
            "layla",
            ["Sanctions", "listed on", "Ties", "family of", "2015-09-29"],
        ),
        (
            &setup.outsider_key,
            "samir",
            // a date in the digits Arabic writes (the page's digit style)
            ["العقوبات", "أُدرج في", "الصلات", "قريب", "٢٠١٥-٠٩-٢٩"],
        ),
    ] {
        let (status, answer) =
            api(&setup.app, "POST", "/v1/screen/person", key, query.clone()).await;
        assert_eq!(status, StatusCode::OK, "{answer}");
        let result = &answer["results"][0];
        assert_eq!(
            result["sanctions"][0]["listed_on"], "2015-09-29",
            "{answer}"
        );
        assert_eq!(
            result["relations"][0]["with"],
            json!(["r-brother"]),
            "{answer}"
        );
        let hit = result["hit"].as_i64().expect("a hit");
        let mut browser = Browser::new(&setup.app);
        browser.sign_in(user, PASSWORD).await;
        let page = browser.get(&format!("/console/hits/{hit}")).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        for words in shown.iter().chain(&[
            "ISIL (Da'esh) and Al-Qaida",
            "Security Council",
            "r-brother",
            "brother",
        ]) {
            assert!(
                page.body.contains(words),
                "{words} not on the page of {user}"
            );
        }
        // and beside the match of a search
        let csrf = browser.get("/console/search").await.csrf();
        let page = search(
            &mut browser,
            &csrf,
            &[
                ("input", "Kareem Nasser Hadad"),
                ("kind", "auto"),
                ("birth_date", "1980-02-03"),
            ],
        )
        .await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        for words in shown {
            assert!(
                page.body.contains(words),
                "{words} not beside the match for {user}: {}",
                page.body
            );
        }
    }
}

/// Issue 13, item 6: a document hit's page and a search's results say what the document
/// is (status, type, issuing state, date reported) in the officer's language, and only
/// where the access rule shows the record.
#[tokio::test]
async fn a_document_hit_says_what_the_document_is_in_the_officer_s_language() {
    let setup = setup();
    for (number, access) in [
        ("L898902C3", json!({"level": "all"})),
        ("Q5550001", json!({"level": "owner-only"})),
    ] {
        let stolen = json!({"document": {"number": number, "issuing_state": "JOR", "type": "P",
            "status": "stolen", "reported_on": "2026-10-01"}, "access": access,
            "action": "seize the document", "review_by": "2030-01-01"});
        let (status, answer) =
            api(&setup.app, "POST", "/v1/records", &setup.owner_key, stolen).await;
        assert_eq!(status, StatusCode::CREATED, "{answer}");
    }
    let hit_of = |key: &str, number: &str| {
        let app = setup.app.clone();
        let key = key.to_string();
        let query = json!({"number": number, "issuing_state": "JOR"});
        async move {
            let (status, answer) = api(&app, "POST", "/v1/screen/document", &key, query).await;
            assert_eq!(status, StatusCode::OK, "{answer}");
            answer["results"][0]["hit"].as_i64().expect("a hit")
        }
    };

    // in English for layla
    let hit = hit_of(&setup.partner_key, "L898902C3").await;
    let mut layla = Browser::new(&setup.app);
    layla.sign_in("layla", PASSWORD).await;
    let page = layla.get(&format!("/console/hits/{hit}")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    for shown in ["Document status", "Stolen", "Passport", "JOR", "2026-10-01"] {
        assert!(page.body.contains(shown), "{shown} not on the page");
    }
    // the action first, and the number is not taken for the traveller's name (the look-up
    // named nobody); no table of name parts for a document
    assert!(page.body.contains(r#"class="banner banner-stop""#));
    assert!(page.body.contains("Stolen passport"));
    assert!(page.body.contains("seize the document"));
    assert!(page.body.contains("not given with the document"));
    assert!(!page.body.contains("name_parts") && !page.body.contains("Name parts"));

    // presented by a traveller of a flight: who presented it, beside the document
    let manifest = json!({
        "message_reference": "M-DOC",
        "legs": [{"carrier": "RJ", "flight_number": "0405", "departure_port": "AMM",
                  "arrival_port": "BGW", "departure_time": "2026-11-29T10:00"}],
        "travellers": [{"surname": "HADDAD", "given_names": "YUSUF ADNAN", "birth_date": "1974-08-12",
                        "nationality": "JOR",
                        "documents": [{"number": "L898902C3", "type": "P", "issuing_state": "JOR"}]}],
    });
    let (status, answer) = api(
        &setup.app,
        "POST",
        "/v1/manifests",
        &setup.partner_key,
        manifest,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let flight_hit = answer["travellers"][0]["hits"]
        .as_array()
        .unwrap()
        .iter()
        .find_map(|hit| hit["result"]["hit"].as_i64())
        .expect("a hit on the stolen passport");
    let page = layla.get(&format!("/console/hits/{flight_hit}")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let traveller = &page.body
        [page.body.find("traveller-heading").unwrap()..page.body.find("record-heading").unwrap()];
    for shown in [
        "HADDAD",
        "YUSUF ADNAN",
        "1974-08-12",
        "JO",
        "L898902C3",
        "Document presented",
        "RJ0405",
        "M-DOC",
    ] {
        assert!(
            traveller.contains(shown),
            "{shown} not in the traveller's card: {traveller}"
        );
    }
    // and beside a match found by a search
    let csrf = layla.get("/console/search").await.csrf();
    let page = search(
        &mut layla,
        &csrf,
        &[("input", "L898902C3"), ("kind", "document")],
    )
    .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("Stolen"), "{}", page.body);
    assert!(
        page.body.contains("Reported on 2026-10-01"),
        "{}",
        page.body
    );

    // in Arabic for samir
    let hit = hit_of(&setup.outsider_key, "L898902C3").await;
    let mut samir = Browser::new(&setup.app);
    samir.sign_in("samir", PASSWORD).await;
    let page = samir.get(&format!("/console/hits/{hit}")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    // dates in the digits Arabic writes, the document's number as printed
    for shown in [
        "حالة الوثيقة",
        "مسروقة",
        "جواز سفر",
        "JOR",
        "٢٠٢٦-١٠-٠١",
        "L898902C3",
    ] {
        assert!(page.body.contains(shown), "{shown} not on the page");
    }
    assert!(!page.body.contains("Stolen"));
    // an owner-only document: nothing of it is shown to another member
    let hit = hit_of(&setup.outsider_key, "Q5550001").await;
    let page = samir.get(&format!("/console/hits/{hit}")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    // (the number is shown: it is what was asked)
    for hidden in ["مسروقة", "جواز سفر", "2026-10-01"] {
        assert!(
            !page.body.contains(hidden),
            "{hidden} shown on a restricted hit"
        );
    }

    // a zone whose number fails its check digit (O for 0): not corrected, its readings
    // listed, and the stolen passport found through one of them
    let zone = "P<JORHADDAD<<YUSUF<ADNAN<<<<<<<<<<<<<<<<<<<<\nL8989O2C36JOR7408122M1204159<<<<<<<<<<<<<<08";
    let page = search(&mut layla, &csrf, &[("input", zone), ("kind", "mrz")]).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page
        .body
        .contains("fails its check digit and is not corrected"));
    assert!(
        page.body.contains("L898902C3</bdi> · fits the check digit"),
        "{}",
        page.body
    );
    assert!(page.body.contains("Stolen"), "{}", page.body);
    let csrf = samir.get("/console/search").await.csrf();
    let page = search(&mut samir, &csrf, &[("input", zone), ("kind", "mrz")]).await;
    assert!(
        page.body.contains("لا يطابق رقم التحقق ولم يُصحَّح"),
        "{}",
        page.body
    );
}

/// Issue 17, item 9: disabling asks first, naming the user and what it does; a disabled
/// user is enabled again, signs in anew, and the sessions it had stay ended.
#[tokio::test]
async fn disabling_a_user_asks_first_and_a_user_enabled_again_signs_in_anew() {
    let setup = setup();
    let mut layla = Browser::new(&setup.app);
    assert_eq!(
        layla.sign_in("layla", PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );
    let old_session = layla.cookies["gatecheck_session"].clone();
    let mut rana = Browser::new(&setup.app);
    rana.sign_in("rana", PASSWORD).await;
    let csrf = rana.get("/console/users").await.csrf();

    // the button asks: the user named, what disabling does, a button that confirms and a
    // way back; nothing is disabled yet
    let page = rana
        .post(
            "/console/users/disable",
            &[("csrf", &csrf), ("name", "layla")],
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body
            .contains(r#"<h2 id="disable-title">Disable the user <bdi>layla</bdi></h2>"#),
        "{}",
        page.body
    );
    assert!(page.body.contains("They can no longer sign in"));
    assert!(page.body.contains(r#"name="confirm" value="disable""#));
    assert!(page.body.contains(r#"<a href="/console/users">Cancel</a>"#));
    assert_eq!(layla.get("/console/hits").await.status, StatusCode::OK);

    // a confirmation without the session's token is refused; with it, the user is disabled
    let page = rana
        .post(
            "/console/users/disable",
            &[
                ("csrf", "forged"),
                ("name", "layla"),
                ("confirm", "disable"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert_eq!(layla.get("/console/hits").await.status, StatusCode::OK);
    let page = rana
        .post(
            "/console/users/disable",
            &[("csrf", &csrf), ("name", "layla"), ("confirm", "disable")],
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("The user is disabled"));
    assert!(page.body.contains(r#"action="/console/users/enable""#));
    let page = layla.get("/console/hits").await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(page.location(), "/console/sign-in?ended=1");
    assert_eq!(
        Browser::new(&setup.app)
            .sign_in("layla", PASSWORD)
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );

    // asked of a user that cannot be disabled (another member's, oneself, one disabled
    // already), the confirmation is not offered
    for name in ["samir", "rana", "layla"] {
        let page = rana
            .post("/console/users/disable", &[("csrf", &csrf), ("name", name)])
            .await;
        assert_eq!(page.status, StatusCode::BAD_REQUEST, "{name}");
        assert!(!page.body.contains("disable-title"), "{name}");
    }

    // enabled again, by an administrator only, with the session's token
    let mut adel = Browser::new(&setup.app);
    adel.sign_in("adel", PASSWORD).await;
    let adel_csrf = adel.get("/console/account").await.csrf();
    let page = adel
        .post(
            "/console/users/enable",
            &[("csrf", &adel_csrf), ("name", "layla")],
        )
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    let page = rana
        .post(
            "/console/users/enable",
            &[("csrf", "forged"), ("name", "layla")],
        )
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    let page = rana
        .post(
            "/console/users/enable",
            &[("csrf", &csrf), ("name", "layla")],
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("The user is enabled again"));
    assert!(page.body.contains(r#"aria-label="Disable layla""#));
    // one active, or another member's, is not enabled
    for name in ["layla", "samir"] {
        let page = rana
            .post("/console/users/enable", &[("csrf", &csrf), ("name", name)])
            .await;
        assert_eq!(page.status, StatusCode::BAD_REQUEST, "{name}");
    }

    // the session layla had before stays ended; she signs in anew
    let mut old_tab = Browser::new(&setup.app);
    old_tab
        .cookies
        .insert("gatecheck_session".into(), old_session);
    assert_eq!(
        old_tab.get("/console/hits").await.status,
        StatusCode::SEE_OTHER
    );
    let mut again = Browser::new(&setup.app);
    assert_eq!(
        again.sign_in("layla", PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(again.get("/console/hits").await.status, StatusCode::OK);

    // the confirmation in Arabic, laid out right to left
    rana.post("/console/language", &[("csrf", &csrf), ("language", "ar")])
        .await;
    let page = rana
        .post(
            "/console/users/disable",
            &[("csrf", &csrf), ("name", "layla")],
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(r#"<html lang="ar" dir="rtl">"#));
    assert!(page.body.contains("تعطيل المستخدم <bdi>layla</bdi>"));
    assert!(page.body.contains("إلغاء"));

    // each change is in the audit log, by the administrator, about the user
    let store = Store::open(setup.directory.path()).unwrap();
    let changes: Vec<(String, String, String)> = store
        .audit_entries(1, 10_000)
        .unwrap()
        .into_iter()
        .filter(|e| e.action == "user.disable" || e.action == "user.enable")
        .map(|e| (e.action, e.actor, e.subject))
        .collect();
    let by_rana = |action: &str| {
        (
            action.to_string(),
            "member:iraq-nsa/user:rana".to_string(),
            "user layla".to_string(),
        )
    };
    assert_eq!(changes, [by_rana("user.disable"), by_rana("user.enable")]);
}

static POLL_CLOCK: std::sync::atomic::AtomicI64 = std::sync::atomic::AtomicI64::new(0);

fn poll_clock() -> i64 {
    POLL_CLOCK.load(std::sync::atomic::Ordering::SeqCst)
}

fn set_poll_clock(at: i64) {
    POLL_CLOCK.store(at, std::sync::atomic::Ordering::SeqCst);
}

/// Asks, as the queue's script does, whether newer hits have arrived.
async fn poll(browser: &mut Browser) -> (StatusCode, Value) {
    let request = Request::builder()
        .uri("/console/hits/newer?after=0")
        .header("x-gatecheck-background", "1");
    let page = browser.send(request, Body::empty()).await;
    (
        page.status,
        serde_json::from_str(&page.body).unwrap_or(Value::Null),
    )
}

/// Issue 17, item 8: the queue's polling does not keep a session alive (a page the officer
/// opens does); once the session has ended the poll says so, and the queue has the words to
/// tell the officer, in both languages.
#[tokio::test]
async fn polling_does_not_keep_a_session_alive_and_says_when_it_has_ended() {
    let start = clock();
    set_poll_clock(start);
    let setup = setup_with_clock(ApiConfig::default(), poll_clock);
    let mut polled = Browser::new(&setup.app);
    let mut opened = Browser::new(&setup.app);
    let mut polled_page = Browser::new(&setup.app);
    for browser in [&mut polled, &mut opened, &mut polled_page] {
        assert_eq!(
            browser.sign_in("layla", PASSWORD).await.status,
            StatusCode::SEE_OTHER
        );
    }
    let queue = polled.get("/console/hits").await;
    assert!(queue.body.contains(
        r#"<p id="session-ended" class="error ended" role="alert" hidden>Your session has ended — <a href="/console/sign-in?ended=1&amp;lang=en">sign in again</a></p>"#
    ), "{}", queue.body);

    // polled every five seconds for almost the idle time, the session lives on ...
    let idle = console::SESSION_IDLE_SECONDS;
    let mut now = start;
    while now + 5 < start + idle {
        now += 5;
        set_poll_clock(now);
        let (status, answer) = poll(&mut polled).await;
        assert_eq!(status, StatusCode::OK, "at {}", now - start);
        assert_eq!(answer["count"], 0);
    }
    // ... the officer opens a page in one tab, and the page's script reads one in another
    set_poll_clock(start + idle - 10);
    assert_eq!(opened.get("/console/hits").await.status, StatusCode::OK);
    let request = Request::builder()
        .uri("/console/hits")
        .header("x-gatecheck-background", "1");
    assert_eq!(
        polled_page.send(request, Body::empty()).await.status,
        StatusCode::OK
    );

    // past the idle time, only the session the officer used is alive; the others' poll
    // answers that the session has ended
    set_poll_clock(start + idle + 1);
    for browser in [&mut polled, &mut polled_page] {
        let (status, answer) = poll(browser).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert_eq!(answer, json!({"session": "ended"}));
    }
    let page = polled.get("/console/hits").await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(page.location(), "/console/sign-in?ended=1");
    let (status, answer) = poll(&mut opened).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    // a browser never signed in is told the same
    let (status, answer) = poll(&mut Browser::new(&setup.app)).await;
    assert_eq!(
        (status, answer),
        (StatusCode::UNAUTHORIZED, json!({"session": "ended"}))
    );

    // the words are there in Arabic too
    let mut samir = Browser::new(&setup.app);
    samir.sign_in("samir", PASSWORD).await;
    let queue = samir.get("/console/hits").await;
    assert!(queue.body.contains("انتهت جلستك —"));
    assert!(queue
        .body
        .contains(r#"href="/console/sign-in?ended=1&amp;lang=ar">سجّل الدخول من جديد</a>"#));
}

/// Issue 17, item 8: a sign-in page opened in a second tab left the first tab's form
/// "expired". Every tab of a browser now shares the form's token, and forms still come
/// from this site only.
#[tokio::test]
async fn a_sign_in_page_opened_in_another_tab_leaves_the_first_one_working() {
    let setup = setup();
    let mut browser = Browser::new(&setup.app);
    let first_tab = browser.get("/console/sign-in").await;
    let second_tab = browser.get("/console/sign-in?lang=ar").await;
    assert_eq!(second_tab.status, StatusCode::OK);
    let sign_in = |csrf: String| {
        vec![
            ("csrf".to_string(), csrf),
            ("name".to_string(), "layla".to_string()),
            ("password".to_string(), PASSWORD.to_string()),
            ("lang".to_string(), "en".to_string()),
        ]
    };
    let fields = sign_in(first_tab.csrf());
    let fields: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let page = browser.post("/console/sign-in", &fields).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    assert_eq!(page.location(), "/console/hits");
    assert_eq!(browser.get("/console/hits").await.status, StatusCode::OK);

    // the second tab's form, sent after the first signed in, signs in too
    let fields = sign_in(second_tab.csrf());
    let fields: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let page = browser.post("/console/sign-in", &fields).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);

    // a form cookie this site did not make is not taken up: a new token is made
    let mut planted = Browser::new(&setup.app);
    planted
        .cookies
        .insert("gatecheck_form".into(), "guess".into());
    let page = planted.get("/console/sign-in").await;
    assert_ne!(page.csrf(), "guess");
    assert_eq!(planted.cookies["gatecheck_form"], page.csrf());
    // and another browser's token still signs nobody in here
    let mut elsewhere = Browser::new(&setup.app);
    let fields = sign_in(first_tab.csrf());
    let fields: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let page = elsewhere.post("/console/sign-in", &fields).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert!(!elsewhere.cookies.contains_key("gatecheck_session"));
}

/// Issue 17, item 5: one digit style on a page, by its language unless the officer chose
/// one; document numbers and what people typed stay as written.
#[tokio::test]
async fn every_figure_of_a_page_is_in_one_digit_style_which_the_officer_chooses() {
    let setup = setup();
    let stolen = json!({"document": {"number": "L898902C3", "issuing_state": "JOR", "type": "P",
        "status": "stolen", "reported_on": "2026-10-01"}, "access": {"level": "all"},
        "action": "seize the document", "review_by": "2030-01-01"});
    let (status, answer) = api(&setup.app, "POST", "/v1/records", &setup.owner_key, stolen).await;
    assert_eq!(status, StatusCode::CREATED, "{answer}");
    let query = json!({"number": "L898902C3", "issuing_state": "JOR"});
    let (_, answer) = api(
        &setup.app,
        "POST",
        "/v1/screen/document",
        &setup.outsider_key,
        query,
    )
    .await;
    let hit = answer["results"][0]["hit"].as_i64().expect("a hit");

    let mut samir = Browser::new(&setup.app);
    samir.sign_in("samir", PASSWORD).await;
    let western = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
    let text_of = |body: &str| {
        // the text a reader sees: tags, and what is kept as written, left out
        let mut text = String::new();
        let mut rest = body;
        while let Some(start) = rest.find('<') {
            text.push_str(&rest[..start]);
            let end = rest[start..]
                .find('>')
                .map_or(rest.len(), |end| start + end + 1);
            let tag = &rest[start..end];
            rest = &rest[end..];
            if tag.contains("translate=\"no\"")
                || tag.starts_with("<textarea")
                || tag.starts_with("<kbd")
                || tag.starts_with("<script")
            {
                let name: String = tag[1..]
                    .chars()
                    .take_while(|c| c.is_alphanumeric())
                    .collect();
                let close = format!("</{name}>");
                let end = rest
                    .find(&close)
                    .map_or(rest.len(), |end| end + close.len());
                rest = &rest[end..];
            }
        }
        text + rest
    };
    let page = samir.get(&format!("/console/hits/{hit}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("٢٠٢٦-١٠-٠١"),
        "Arabic writes Arabic-Indic digits"
    );
    assert!(page.body.contains(">L898902C3<"), "the number as printed");
    let shown = text_of(&page.body);
    assert!(
        !shown.contains(western),
        "a Western digit on an Arabic page: {shown}"
    );

    // chosen otherwise on the account page, for this browser
    let csrf = samir.get("/console/account").await.csrf();
    let answer = samir
        .post("/console/digits", &[("csrf", &csrf), ("digits", "western")])
        .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER);
    let page = samir.get(&format!("/console/hits/{hit}")).await;
    assert!(page.body.contains("2026-10-01"));
    assert!(!text_of(&page.body).contains(|c: char| ('٠'..='٩').contains(&c)));
    let account = samir.get("/console/account").await;
    assert!(account.body.contains(r#"value="western" checked"#));
    // and back to the language's own
    let answer = samir
        .post(
            "/console/digits",
            &[("csrf", &csrf), ("digits", "by-language")],
        )
        .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER);
    let page = samir.get(&format!("/console/hits/{hit}")).await;
    assert!(page.body.contains("٢٠٢٦-١٠-٠١"));
}

/// Issue 17, item 10: a member's administrator sets the time zone its officers work in, and
/// every time on their pages is shown in it beside UTC; a name the time zone database does
/// not know is refused beside the field, and the change is audited.
#[tokio::test]
async fn times_are_shown_beside_utc_in_the_member_s_time_zone() {
    let setup = setup();
    records_and_flights(&setup).await;
    let mut layla = Browser::new(&setup.app);
    layla.sign_in("layla", PASSWORD).await;
    // UTC only until a zone is set
    let page = layla.get("/console/hits?status=all").await;
    assert!(page.body.contains("2026-11-29 10:00 UTC"), "{}", page.body);
    assert!(!page.body.contains("local-time"));

    // the member's administrator sets it
    let mut rana = Browser::new(&setup.app);
    rana.sign_in("rana", PASSWORD).await;
    let users = rana.get("/console/users").await;
    assert_eq!(users.status, StatusCode::OK, "{}", users.body);
    let csrf = users.csrf();
    let refused = rana
        .post(
            "/console/time-zone",
            &[("csrf", &csrf), ("time_zone", "Mars/Olympus")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert!(
        refused.body.contains(r#"id="time_zone-error""#),
        "{}",
        refused.body
    );
    assert!(refused.body.contains(r#"value="Mars/Olympus""#));
    let saved = rana
        .post(
            "/console/time-zone",
            &[("csrf", &csrf), ("time_zone", "Asia/Baghdad")],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    let users = rana.get(saved.location()).await;
    assert!(users.body.contains("The time zone is saved"));
    assert!(users.body.contains(r#"value="Asia/Baghdad""#));
    // 10:00 UTC is 13:00 in Baghdad, on every page of the member's officers
    let page = layla.get("/console/hits?status=all").await;
    assert!(
        page.body.contains(
            r#"2026-11-29 10:00 UTC</time> <span class="local-time" title="Asia/Baghdad">(<span dir="ltr">2026-11-29 13:00 +03</span>)</span>"#
        ),
        "{}",
        page.body
    );
    let store = Store::open(setup.directory.path()).unwrap();
    assert!(store
        .audit_entries(1, 100_000)
        .unwrap()
        .iter()
        .any(|entry| entry.action == "member.time_zone"
            && entry.actor == "member:iraq-nsa/user:rana"
            && entry.subject == "member iraq-nsa"));

    // a supervisor of another member may not set its own
    let mut hana = Browser::new(&setup.app);
    hana.sign_in("hana", PASSWORD).await;
    let csrf = hana.get("/console/hits").await.csrf();
    let refused = hana
        .post(
            "/console/time-zone",
            &[("csrf", &csrf), ("time_zone", "Asia/Amman")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}

/// Issue 17, item 7: the same traveller searched again within the shift brings back the
/// open hit, and its page says how often and when last the traveller was seen.
#[tokio::test]
async fn a_traveller_searched_again_within_the_shift_is_one_hit_seen_again() {
    let setup = setup();
    records_and_flights(&setup).await;
    let mut layla = Browser::new(&setup.app);
    layla.sign_in("layla", PASSWORD).await;
    let csrf = layla.get("/console/search").await.csrf();
    let fields = [
        ("input", "Khaled Barakat"),
        ("kind", "name"),
        ("birth_date", "1974-08-12"),
        ("nationality", "JOR"),
    ];
    let first = search(&mut layla, &csrf, &fields).await;
    let again = search(&mut layla, &csrf, &fields).await;
    let hits = hit_links(&first.body);
    assert_eq!(hits.len(), 1, "{}", first.body);
    assert_eq!(
        hit_links(&again.body),
        hits,
        "the same open hit, not a new one"
    );
    let page = layla.get(&format!("/console/hits/{}", hits[0])).await;
    assert!(
        page.body
            .contains(r#"<span class="seen-again">Seen again once, at <time"#),
        "{}",
        page.body
    );
}

/// Jordan lists a company with its account (an IBAN), shown to every member.
async fn list_company(setup: &Setup) {
    let entity = json!({"id": "r-company", "schema": "Company", "properties": {
        "name": ["Qasr al-Nour General Trading LLC"], "ibanMentioned": ["DE89 3704 0044 0532 0130 00"]}});
    let request = json!({"entity": entity, "access": {"level": "all"}, "action": "freeze and report", "review_by": "2030-01-01"});
    let (status, answer) = api(&setup.app, "POST", "/v1/records", &setup.owner_key, request).await;
    assert_eq!(status, StatusCode::CREATED, "{answer}");
}

/// Screens the payment messages `transfer` with `key`; the answer.
async fn pay(setup: &Setup, key: &str, transfer: &str) -> Value {
    let request = Request::builder()
        .method("POST")
        .uri("/v1/screen/payments")
        .header("authorization", format!("Bearer {key}"))
        .header("content-type", "text/plain")
        .body(Body::from(transfer.to_string()))
        .unwrap();
    let response = setup.app.clone().oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    serde_json::from_slice(&bytes).unwrap()
}

/// Issue 18: a hit on a payment's party says which message and role it came from, shows
/// the party's identifiers beside the listed record's, and every party of the message side
/// by side (the ordering customer too, the hit's own party marked), in the officer's
/// language.
#[tokio::test]
async fn a_payment_party_s_hit_shows_its_role_message_and_identifiers() {
    let setup = setup();
    list_company(&setup).await;
    let transfer = "{1:F01FICTDEFFAXXX0000000000}{2:I103EXMPGB2LXXXXN}{4:\n:20:REF-CONSOLE-1\n:23B:CRED\n:32A:261204EUR900,00\n:50K:/GB82WEST12345698765432\nATELIER DES QUAIS\n:59:/DE89370400440532013000\nBLUE LAGOON IMPORTS\nHAMBURG\n-}";
    for (key, user, shown) in [
        (
            &setup.partner_key,
            "layla",
            [
                "Party",
                "beneficiary",
                "Account (IBAN)",
                "ame account, bank",
                "Listed organisation",
                "Every party of the message",
                "(this hit)",
            ],
        ),
        (
            &setup.outsider_key,
            "samir",
            [
                "الطرف",
                "beneficiary",
                "الحساب (IBAN)",
                "المحفظة نفسه",
                "جهة مُدرَجة",
                "جميع أطراف الرسالة",
                "(هذه المطابقة)",
            ],
        ),
    ] {
        let answer = pay(&setup, key, transfer).await;
        let message = &answer["messages"][0];
        assert_eq!(message["verdict"], "hold", "{answer}");
        let hit = message["parties"]
            .as_array()
            .unwrap()
            .iter()
            .find(|party| party["role"] == "beneficiary")
            .and_then(|party| party["results"][0]["hit"].as_i64())
            .expect("a hit on the beneficiary");
        let mut browser = Browser::new(&setup.app);
        browser.sign_in(user, PASSWORD).await;
        let page = browser.get(&format!("/console/hits/{hit}")).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        for words in shown.iter().chain(&[
            "REF-CONSOLE-1",
            "LAGOON",
            "DE89370400440532013000",
            // the other party, side by side
            "ATELIER DES QUAIS",
            "GB82WEST12345698765432",
            "EUR 900,00",
        ]) {
            assert!(
                page.body.contains(words),
                "{words} not on the page of {user}: {}",
                page.body
            );
        }
        // a listed company has no date of birth to miss
        for missing in ["no date of birth to compare", "لا تاريخ ميلاد للمقارنة"]
        {
            assert!(!page.body.contains(missing), "{missing}: {}", page.body);
        }
        let marked = page.body.matches(r#"class="this-party""#).count();
        assert_eq!(marked, 1, "one party marked as the hit's: {}", page.body);
        assert!(
            answer["messages"][0]["message_id"].as_i64().is_some(),
            "{answer}"
        );
    }
}

/// Issue 18: the words of payments' parties are looked up once and kept for the parties
/// after them (see `RetrievalMemo`); a party screened before the record listing it was
/// written is found once it is, and again after the record is changed.
#[tokio::test]
async fn a_party_screened_before_its_record_was_written_is_found_after() {
    let setup = setup();
    list_company(&setup).await;
    let transfer = "{1:F01FICTDEFFAXXX0000000000}{2:I103EXMPGB2LXXXXN}{4:\n:20:REF-LATER-1\n:23B:CRED\n:32A:261204EUR900,00\n:50K:/GB82WEST12345698765432\nATELIER DES QUAIS\n:59:/FR7630006000011234567890189\nBLUE LAGOON IMPORTS\nHAMBURG\n-}";
    let beneficiary_hits = |answer: &Value| -> Vec<String> {
        answer["messages"][0]["parties"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|party| party["role"] == "beneficiary")
            .flat_map(|party| party["results"].as_array().unwrap().clone())
            .filter(|result| result["hit"].is_i64())
            .map(|result| result["id"].to_string())
            .collect()
    };
    for _ in 0..2 {
        let answer = pay(&setup, &setup.partner_key, transfer).await;
        assert_eq!(answer["messages"][0]["verdict"], "pass", "{answer}");
    }
    let entity = json!({"id": "r-lagoon", "schema": "Company", "properties": {
        "name": ["Blue Lagoon Imports Ltd"]}});
    let request = json!({"entity": entity, "access": {"level": "all"}, "action": "freeze and report", "review_by": "2030-01-01"});
    let (status, answer) = api(&setup.app, "POST", "/v1/records", &setup.owner_key, request).await;
    assert_eq!(status, StatusCode::CREATED, "{answer}");
    let answer = pay(&setup, &setup.partner_key, transfer).await;
    assert_eq!(answer["messages"][0]["verdict"], "hold", "{answer}");
    assert_eq!(beneficiary_hits(&answer).len(), 1, "{answer}");
    assert!(answer.to_string().contains("r-lagoon"), "{answer}");
}

/// Issue 18, item 5: a payment hit confirmed by the partner is reported to the outsider's
/// unit; the outsider's officer is notified in Arabic, opens the report from the
/// notification (the goAML XML as written) and finds it listed; the owner's officer,
/// neither author nor recipient, is told there is no such report.
#[tokio::test]
async fn a_report_sent_to_a_unit_is_notified_listed_and_read_there_only() {
    let setup = setup();
    list_company(&setup).await;
    let transfer = "{1:F01FICTDEFFAXXX0000000000}{2:I103EXMPGB2LXXXXN}{4:\n:20:REF-STR-1\n:23B:CRED\n:32A:261204EUR900,00\n:50K:/GB82WEST12345698765432\nKHALID SAEED BARAKAT\n:59:/DE89370400440532013000\nATELIER DES QUAIS\n-}";
    let answer = pay(&setup, &setup.partner_key, transfer).await;
    let hit = answer["messages"][0]["parties"]
        .as_array()
        .unwrap()
        .iter()
        .find_map(|party| party["results"][0]["hit"].as_i64())
        .expect("a hit on the beneficiary");
    let (status, answer) = api(
        &setup.app,
        "PATCH",
        &format!("/v1/hits/{hit}"),
        &setup.partner_key,
        json!({"status": "confirmed", "reason": "account and name agree"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let report = json!({
        "to": "tunisia-dgsn",
        "reporting_entity": {"id": "1042"},
        "entity_reference": "CASE-2026-17",
        "currency_code_local": "EUR",
        "reporting_person": {"first_name": "Layla", "last_name": "Aziz"},
        "action": "payment held",
        "indicators": ["SANC"],
        "codes": {"transmode_code": "K", "from_funds_code": "K", "to_funds_code": "K"},
    });
    let (status, answer) = api(
        &setup.app,
        "POST",
        &format!("/v1/hits/{hit}/report"),
        &setup.partner_key,
        report,
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{answer}");
    let id = answer["id"].as_i64().unwrap();

    let mut browser = Browser::new(&setup.app);
    browser.sign_in("samir", PASSWORD).await;
    let page = browser.get("/console/notifications").await;
    assert!(
        page.body.contains("بلاغ عن معاملة مشبوهة موجَّه إلينا")
            && page
                .body
                .contains(&format!(r#"href="/console/reports/{id}""#)),
        "{}",
        page.body
    );
    let page = browser.get("/console/reports").await;
    assert!(page.body.contains("CASE-2026-17"), "{}", page.body);
    let page = browser.get(&format!("/console/reports/{id}")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    for written in [
        "&lt;report_code&gt;STR&lt;/report_code&gt;",
        "KHALID SAEED BARAKAT",
        "iraq-nsa",
    ] {
        assert!(page.body.contains(written), "{written}: {}", page.body);
    }

    let mut browser = Browser::new(&setup.app);
    browser.sign_in("adel", PASSWORD).await;
    let page = browser.get(&format!("/console/reports/{id}")).await;
    assert_eq!(page.status, StatusCode::NOT_FOUND, "{}", page.body);
    let page = browser.get("/console/notifications").await;
    assert!(!page.body.contains("/console/reports/"), "{}", page.body);
}
