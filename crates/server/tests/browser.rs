//! The console in a real browser: headless Chromium, driven through ChromeDriver, signs in,
//! opens the hit queue and a hit, and adjudicates it, once in English and once in Arabic,
//! checking what the page shows (the right-to-left layout included). Screenshots are kept
//! in `target/console-screenshots/`. Skips with a one-line notice when Chromium or
//! ChromeDriver is not installed, unless `GATECHECK_REQUIRE_BROWSER` is set (`.ci/run`
//! installs both and sets it). Nothing leaves localhost.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use fantoccini::key::Key;
use fantoccini::{Client, ClientBuilder, Locator};
use gatecheck_server::{router, ApiConfig, AppState};
use gatecheck_service::console::{self, Language, Role, UserSpec};
use gatecheck_service::members;
use gatecheck_store::Store;
use serde_json::{json, Value};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::Duration;
use tower::ServiceExt;

fn clock() -> i64 {
    gatecheck_server::system_clock()
}

const PASSWORD: &str = "correct horse battery";

fn find_program(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|directory| names.iter().map(move |name| directory.join(name)))
        .find(|candidate| candidate.is_file())
}

/// ChromeDriver on a free port of localhost, stopped when dropped.
struct Driver {
    child: Child,
    port: u16,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn start_driver(program: &PathBuf) -> Driver {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new(program)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver starts");
    for _ in 0..100 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_ok()
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Driver { child, port }
}

async fn browser(driver: &Driver, chromium: &PathBuf, language: &str) -> Client {
    let mut capabilities = serde_json::Map::new();
    capabilities.insert("browserName".into(), json!("chrome"));
    capabilities.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": chromium,
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1280,1000", format!("--lang={language}"), "--no-proxy-server"],
            "prefs": {"intl.accept_languages": language},
        }),
    );
    ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(capabilities)
        .connect(&format!("http://127.0.0.1:{}", driver.port))
        .await
        .expect("a browser session")
}

fn screenshots() -> PathBuf {
    let directory =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/console-screenshots");
    std::fs::create_dir_all(&directory).unwrap();
    directory
}

/// Keeps a screenshot of the window, and the page's HTML beside it (what the whole page
/// says, below the fold too, for a reader to review).
async fn keep_screenshot(client: &Client, name: &str) {
    let png = client.screenshot().await.unwrap();
    std::fs::write(screenshots().join(format!("{name}.png")), png).unwrap();
    let html = client.source().await.unwrap();
    std::fs::write(screenshots().join(format!("{name}.html")), html).unwrap();
}

async fn api(app: &axum::Router, uri: &str, key: &str, body: Value) -> Value {
    let request = Request::builder()
        .method("POST")
        .uri(uri)
        .header("authorization", format!("Bearer {key}"))
        .header("content-type", "application/json")
        .body(Body::from(body.to_string()))
        .unwrap();
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let bytes = http_body_util::BodyExt::collect(response.into_body())
        .await
        .unwrap()
        .to_bytes();
    let value: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    assert!(
        status == StatusCode::OK || status == StatusCode::CREATED,
        "{uri}: {value}"
    );
    value
}

async fn click(client: &Client, locator: Locator<'_>) {
    client.find(locator).await.unwrap().click().await.unwrap();
}

async fn type_into(client: &Client, locator: Locator<'_>, text: &str) {
    client
        .find(locator)
        .await
        .unwrap()
        .send_keys(text)
        .await
        .unwrap();
}

/// Presses a key on the page, as a person would (on no field in particular).
async fn press(client: &Client, key: char) {
    use fantoccini::actions::{InputSource, KeyAction, KeyActions};
    let actions = KeyActions::new("keyboard".to_string())
        .then(KeyAction::Down { value: key })
        .then(KeyAction::Up { value: key });
    client.perform_actions(actions).await.unwrap();
}

/// The text of an element, waited for when `wait` (it comes with the next page).
async fn text_of(client: &Client, locator: Locator<'_>, wait: bool) -> String {
    let element = if wait {
        client.wait().for_element(locator).await
    } else {
        client.find(locator).await
    };
    element.unwrap().text().await.unwrap()
}

/// Signs in through the form, as a person would type it.
async fn sign_in(client: &Client, base: &str, name: &str) {
    client.goto(&format!("{base}/console/hits")).await.unwrap();
    type_into(client, Locator::Id("name"), name).await;
    type_into(client, Locator::Id("password"), PASSWORD).await;
    click(client, Locator::Css("form button[type=submit]")).await;
    client
        .wait()
        .for_element(Locator::Id("queue-results"))
        .await
        .unwrap();
}

/// Opens the hit on record `entity_id` from the queue, by clicking.
async fn open_hit(client: &Client, base: &str, entity_id: &str) -> String {
    let links: Vec<String> = {
        let mut hrefs = Vec::new();
        for link in client
            .find_all(Locator::Css("table.queue a"))
            .await
            .unwrap()
        {
            hrefs.push(link.attr("href").await.unwrap().unwrap());
        }
        hrefs
    };
    for href in links {
        client.goto(&format!("{base}{href}")).await.unwrap();
        if client.source().await.unwrap().contains(entity_id) {
            return href;
        }
    }
    panic!("no hit on {entity_id} in the queue");
}

/// axe-core's browser script (`axe.min.js`): `GATECHECK_AXE`, else where `.ci/run` installs
/// the latest release from npm (`target/axe/node_modules/axe-core/`). `None` when absent.
fn axe_script() -> Option<String> {
    let path = std::env::var_os("GATECHECK_AXE")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("../../target/axe/node_modules/axe-core/axe.min.js")
        });
    std::fs::read_to_string(path).ok()
}

/// The WCAG 2.2 AA rules of axe-core (those of 2.0, 2.1 and 2.2 at levels A and AA).
const WCAG_22_AA: &str = "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']";

/// What axe-core finds against WCAG 2.2 AA on the page as it is now, one line a violation
/// (rule, help, and the first elements it names).
async fn axe_violations(client: &Client, axe: &str) -> Vec<String> {
    client
        .execute(&format!("{axe}\n;return typeof axe;"), vec![])
        .await
        .expect("axe-core loads in the page");
    let found = client
        .execute_async(
            &format!(
                "const done = arguments[arguments.length - 1];
                 axe.run(document, {{runOnly: {{type: 'tag', values: {WCAG_22_AA}}},
                                      resultTypes: ['violations']}})
                    .then(r => done(r.violations.map(v => v.id + ' (' + v.impact + '): ' + v.help
                        + ' at ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '))))
                    .catch(e => done(['axe-core failed: ' + e]));"
            ),
            vec![],
        )
        .await
        .expect("axe-core runs");
    serde_json::from_value(found).unwrap()
}

/// The sizes every page is checked at: a desktop's window and a phone's (360 px wide).
const SIZES: [(&str, u32, u32); 2] = [("desktop", 1280, 1000), ("phone", 360, 780)];

/// Checks the page now open at both sizes: axe-core finds no violation of WCAG 2.2 AA
/// (when `axe` is given); at phone size nothing is wider than the screen (no sideways
/// scroll, nothing cut off or opened scrolled to a blank side); each kept as a screenshot
/// `<language>-<size>-<page>`. Returns the problems found, for the test to list together.
async fn check_page(client: &Client, axe: Option<&str>, language: &str, name: &str) -> Vec<String> {
    let mut problems = Vec::new();
    for (size, width, height) in SIZES {
        client.set_window_size(width, height).await.unwrap();
        if size == "phone" {
            let widths = client
                .execute(
                    "const wide = [...document.querySelectorAll('body *')]
                         .filter(e => e.getBoundingClientRect().right > innerWidth + 1
                                      || e.getBoundingClientRect().left < -1)
                         .filter(e => !e.closest('.table-scroll') && !e.closest('.skip'))
                         .slice(0, 3).map(e => e.tagName + '.' + e.className + ': '
                                           + e.textContent.trim().slice(0, 40));
                     return [innerWidth, document.documentElement.scrollWidth, wide];",
                    vec![],
                )
                .await
                .unwrap();
            assert_eq!(
                widths[0],
                json!(360),
                "{language} {name}: the window is a phone's"
            );
            if !(widths[1].as_u64() <= Some(360) && widths[2] == json!([])) {
                problems.push(format!("{language} {name} is wider than a phone: {widths}"));
            }
        }
        if let Some(axe) = axe {
            for violation in axe_violations(client, axe).await {
                problems.push(format!("{language} {size} {name}: {violation}"));
            }
        }
        keep_screenshot(client, &format!("{language}-{size}-{name}")).await;
    }
    client.set_window_size(1280, 1000).await.unwrap();
    problems
}

/// Opens each page of `paths` and checks it (see [`check_page`]).
async fn check_pages(
    client: &Client,
    axe: Option<&str>,
    base: &str,
    language: &str,
    paths: &[(&str, String)],
) -> Vec<String> {
    let mut problems = Vec::new();
    for (name, path) in paths {
        client.goto(&format!("{base}{path}")).await.unwrap();
        problems.extend(check_page(client, axe, language, name).await);
    }
    problems
}

/// Screens `input` from the search page, as an officer types it, and checks the results'
/// page as `name`.
async fn search_and_check(
    client: &Client,
    axe: Option<&str>,
    base: &str,
    language: &str,
    name: &str,
    input: &str,
) -> Vec<String> {
    client
        .goto(&format!("{base}/console/search"))
        .await
        .unwrap();
    type_into(client, Locator::Id("input"), input).await;
    click(client, Locator::Css("form.card button[type=submit]")).await;
    client
        .wait()
        .for_element(Locator::Id("results-heading"))
        .await
        .unwrap();
    check_page(client, axe, language, name).await
}

/// The first link of the page at `path` whose address starts with `prefix`.
async fn first_link(client: &Client, base: &str, path: &str, prefix: &str) -> String {
    client.goto(&format!("{base}{path}")).await.unwrap();
    client
        .find(Locator::Css(&format!("main a[href^='{prefix}']")))
        .await
        .unwrap_or_else(|_| panic!("a link to {prefix} on {path}"))
        .attr("href")
        .await
        .unwrap()
        .unwrap()
}

/// The valid zone of a passport on the stolen list (it expired in 2012).
const ZONE: &str =
    "P<JORHADDAD<<YUSUF<ADNAN<<<<<<<<<<<<<<<<<<<<\nL898902C36JOR7408122M1204159<<<<<<<<<<<<<<08";

/// Every page an officer opens on a shift, checked (see [`check_page`]): the queue, a
/// person's hit and a document's (found by `document_kind`, the words it leads with), the
/// search form and a search of a name and of a zone, the flights and a flight, the account.
async fn officer_pages(
    client: &Client,
    axe: Option<&str>,
    base: &str,
    language: &str,
    hit: &str,
    document_kind: &str,
) -> Vec<String> {
    client.goto(&format!("{base}/console/hits")).await.unwrap();
    let document_hit = open_hit(client, base, document_kind).await;
    let flight = first_link(client, base, "/console/flights", "/console/flights/").await;
    let mut problems = check_pages(
        client,
        axe,
        base,
        language,
        &[
            ("queue", "/console/hits".to_string()),
            ("hit", hit.to_string()),
            ("document-hit", document_hit),
            ("search", "/console/search".to_string()),
            ("flights", "/console/flights".to_string()),
            ("flight", flight),
            ("account", "/console/account".to_string()),
        ],
    )
    .await;
    problems.extend(
        search_and_check(
            client,
            axe,
            base,
            language,
            "search-name",
            "Khaled Saeed Barakat",
        )
        .await,
    );
    // each match of a search leads with its banner: what to do, the owner's action
    let matches = page_facts(
        client,
        "return [...document.querySelectorAll('ul.matches li.banner .banner-action')]
                    .map(e => e.textContent);",
    )
    .await;
    if !matches.as_array().is_some_and(|found| {
        !found.is_empty()
            && found.iter().all(|m| {
                m.as_str().unwrap_or("").contains("arrest")
                    || m.as_str().unwrap_or("").contains(if language == "ar" {
                        "الجهة المالكة"
                    } else {
                        "owner"
                    })
            })
    }) {
        problems.push(format!(
            "{language} search: matches without their action first: {matches}"
        ));
    }
    problems.extend(search_and_check(client, axe, base, language, "search-zone", ZONE).await);
    // what the zone's result says: expired, and the document stolen
    let zone = page_facts(
        client,
        "return [!!document.querySelector('strong.expired'),
                 (document.querySelector('.results dl') || {textContent: ''}).textContent];",
    )
    .await;
    let stolen = if language == "ar" {
        "جواز سفر مسروق"
    } else {
        "Stolen passport"
    };
    assert_eq!(
        zone[0],
        json!(true),
        "{language}: the zone's expiry says expired"
    );
    assert!(
        zone[1].as_str().unwrap().contains(stolen),
        "{language}: {zone}"
    );
    problems.extend(
        what_an_officer_sees(
            client,
            base,
            language,
            hit,
            &document_hit_of(client, base, document_kind).await,
        )
        .await,
    );
    problems
}

/// The document hit's address (found again from the queue).
async fn document_hit_of(client: &Client, base: &str, document_kind: &str) -> String {
    client.goto(&format!("{base}/console/hits")).await.unwrap();
    open_hit(client, base, document_kind).await
}

/// Waits (up to ten seconds) until the page's address contains `part`: a form's next
/// page has come. Waiting for an element is not enough when the page before had it too.
async fn wait_for_address(client: &Client, part: &str) {
    for _ in 0..100 {
        if client
            .current_url()
            .await
            .is_ok_and(|url| url.as_str().contains(part))
        {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("the page's address never contained {part}");
}

/// What a script on the page now open answers (a JSON array).
async fn page_facts(client: &Client, script: &str) -> Value {
    client.execute(script, vec![]).await.unwrap()
}

/// Issue 17's items as an officer sees them in the browser, at desktop and phone size:
/// the action first (a banner on the first screen of a hit, a document hit showing who
/// presented it), a sentence of why and a legend, one digit style, local time beside UTC,
/// the pages compressed.
async fn what_an_officer_sees(
    client: &Client,
    base: &str,
    language: &str,
    hit: &str,
    document_hit: &str,
) -> Vec<String> {
    let arabic = language == "ar";
    let mut problems = Vec::new();
    // the queue: each row leads with what to do; figures in the language's digits; the
    // member's local time beside UTC; the page came compressed
    client.goto(&format!("{base}/console/hits")).await.unwrap();
    let queue = page_facts(
        client,
        "const navigation = performance.getEntriesByType('navigation')[0];
         return [document.querySelector('table.queue td.to-do .severity').textContent,
                 document.querySelector('.total').textContent,
                 !!document.querySelector('.local-time'),
                 navigation.encodedBodySize < navigation.decodedBodySize];",
    )
    .await;
    let severity_words = if arabic {
        ["إيقاف", "تدقيق"]
    } else {
        ["Stop", "Check"]
    };
    if !severity_words.contains(&queue[0].as_str().unwrap_or("")) {
        problems.push(format!("{language} queue: a row leads with {}", queue[0]));
    }
    let total = queue[1].as_str().unwrap_or("");
    let arabic_digit = total.chars().any(|c| ('٠'..='٩').contains(&c));
    if arabic_digit != arabic || total.chars().any(|c| c.is_ascii_digit()) == arabic {
        problems.push(format!(
            "{language} queue: the count in the wrong digits: {total}"
        ));
    }
    if queue[2] != json!(true) {
        problems.push(format!("{language} queue: no local time beside UTC"));
    }
    if queue[3] != json!(true) {
        problems.push(format!(
            "{language} queue: the page did not come compressed"
        ));
    }
    // a date typed as the field shows it (in the language's own digits too) filters
    let typed = if arabic {
        "٢٠٢٦-٠١-٠١"
    } else {
        "2026-01-01"
    };
    type_into(client, Locator::Id("from"), typed).await;
    click(client, Locator::Css("form.filters button[type=submit]")).await;
    wait_for_address(client, "from=").await;
    client
        .wait()
        .for_element(Locator::Css("input#from[value]"))
        .await
        .unwrap();
    let filtered = page_facts(
        client,
        "return [location.search,
                 [...document.querySelectorAll('.error')].filter(e => e.offsetParent !== null).length,
                 document.querySelectorAll('table.queue tbody tr').length];",
    )
    .await;
    if !filtered[0].as_str().unwrap_or("").contains("from=")
        || filtered[1] != json!(0)
        || filtered[2] == json!(0)
    {
        problems.push(format!(
            "{language} queue: the date {typed} as typed: {filtered}"
        ));
    }
    // a document hit: the stop banner on the first screen at both sizes, the person who
    // presented the document beside it
    client.goto(&format!("{base}{document_hit}")).await.unwrap();
    for (size, width, height) in SIZES {
        client.set_window_size(width, height).await.unwrap();
        let banner = page_facts(
            client,
            "const banner = document.querySelector('.banner-stop');
             return [!!banner, banner ? banner.getBoundingClientRect().top < innerHeight : false,
                     banner ? banner.textContent : '',
                     document.querySelector('section[aria-labelledby=traveller-heading]').textContent];",
        )
        .await;
        if banner[0] != json!(true) || banner[1] != json!(true) {
            problems.push(format!(
                "{language} {size} document hit: no stop banner on the first screen: {banner}"
            ));
        }
        let text = banner[2].as_str().unwrap_or("");
        if !text.contains("seize the document") {
            problems.push(format!(
                "{language} {size} document hit: the banner lacks the owner's action: {text}"
            ));
        }
        // (the queue's first document hit: the passport of a flight's traveller or of a zone
        // searched, each naming who presented it, in words: no raw code such as "male")
        let traveller = banner[3].as_str().unwrap_or("");
        let named = ["RANA NASSER", "YUSUF ADNAN HADDAD"]
            .iter()
            .any(|name| traveller.contains(name));
        if !named || !traveller.contains("L898902C3") || traveller.contains("male") {
            problems.push(format!(
                "{language} {size} document hit: the presenting traveller is missing: {traveller}"
            ));
        }
    }
    client.set_window_size(1280, 1000).await.unwrap();
    // a person's hit: a sentence of why in the banner, the legend of the marks, the names
    // as recorded, who decided by name and member
    client.goto(&format!("{base}{hit}")).await.unwrap();
    let person = page_facts(
        client,
        "return [(document.querySelector('.banner .why') || {textContent: ''}).textContent,
                 !!document.querySelector('.legend mark.strong'),
                 (document.querySelector('ol.history') || {textContent: ''}).textContent];",
    )
    .await;
    let why = person[0].as_str().unwrap_or("");
    let birth = if arabic {
        "تاريخ الميلاد نفسه"
    } else {
        "same date of birth"
    };
    if !why.contains(birth) {
        problems.push(format!("{language} hit: the reason's sentence: {why}"));
    }
    if person[1] != json!(true) {
        problems.push(format!("{language} hit: no legend of the marks"));
    }
    let history = person[2].as_str().unwrap_or("");
    if history.contains("member:") || history.contains("/user:") {
        problems.push(format!(
            "{language} hit: an actor as the audit writes it: {history}"
        ));
    }
    problems
}

/// Every page an owner's administrator opens, checked (see [`check_page`]): the
/// notifications, the records, a record and a document, the users.
async fn owner_pages(
    client: &Client,
    axe: Option<&str>,
    base: &str,
    language: &str,
) -> Vec<String> {
    let record = first_link(client, base, "/console/records", "/console/records/").await;
    let document = first_link(
        client,
        base,
        "/console/records?number=L898902C3",
        "/console/documents/",
    )
    .await;
    // our records found by a name, through the form
    client
        .goto(&format!("{base}/console/records"))
        .await
        .unwrap();
    type_into(
        client,
        Locator::Id("person"),
        &format!("barakat{}", char::from(Key::Enter)),
    )
    .await;
    // the page of the search (the field keeps what was typed)
    client
        .wait()
        .for_element(Locator::Css("input#person[value='barakat']"))
        .await
        .expect("the search's page");
    let mut found = Vec::new();
    for link in client
        .find_all(Locator::Css("main a[href^='/console/records/']"))
        .await
        .unwrap()
    {
        found.push(link.text().await.unwrap());
    }
    assert_eq!(found, ["r-all"], "{language}: a record found by its name");
    // disabling asks first, and cancelling leaves the user as they were
    client.goto(&format!("{base}/console/users")).await.unwrap();
    click(
        client,
        Locator::Css("form[action='/console/users/disable'] button"),
    )
    .await;
    client
        .wait()
        .for_element(Locator::Id("disable-title"))
        .await
        .expect("a confirmation before disabling");
    click(
        client,
        Locator::Css("section.confirm a[href='/console/users']"),
    )
    .await;
    client
        .wait()
        .for_element(Locator::Css("form[action='/console/users/disable'] button"))
        .await
        .expect("the user still active");
    check_pages(
        client,
        axe,
        base,
        language,
        &[
            ("notifications", "/console/notifications".to_string()),
            ("records", "/console/records".to_string()),
            ("record", record),
            ("document", document),
            ("users", "/console/users".to_string()),
        ],
    )
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_officer_adjudicates_a_hit_in_a_real_browser_in_english_and_in_arabic() {
    let (Some(driver_program), Some(chromium)) = (
        find_program(&["chromedriver"]),
        find_program(&["chromium", "chromium-browser", "google-chrome"]),
    ) else {
        // CI installs both and asks for the test, so that it cannot pass by skipping there
        assert!(
            std::env::var_os("GATECHECK_REQUIRE_BROWSER").is_none(),
            "chromium and chromedriver are required (GATECHECK_REQUIRE_BROWSER) but not installed"
        );
        eprintln!("browser test skipped: chromium and chromedriver are not installed");
        return;
    };

    // axe-core checks every page when installed (CI installs it and asks for it)
    let axe = axe_script();
    if axe.is_none() {
        assert!(
            std::env::var_os("GATECHECK_REQUIRE_BROWSER").is_none(),
            "axe-core is required with GATECHECK_REQUIRE_BROWSER but not installed \
             (npm install --prefix target/axe axe-core@latest)"
        );
        eprintln!("axe-core checks skipped: axe-core is not installed in target/axe");
    }
    let axe = axe.as_deref();

    // the data: an owner's records, a partner and an outsider with a user each, a flight
    // screened by both
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
    for (member, name, language, role) in [
        (&added[1], "layla", Language::English, Role::Officer),
        (&added[2], "samir", Language::Arabic, Role::Officer),
        (&added[0], "omar", Language::English, Role::Administrator),
        (&added[0], "huda", Language::Arabic, Role::Administrator),
    ] {
        let spec = UserSpec {
            name,
            password: PASSWORD,
            role,
            language,
        };
        console::add_user(&mut store, member, spec, "cli:test", clock()).unwrap();
    }
    // times beside UTC in each member's own zone
    for (member, zone) in [
        ("iraq-nsa", "Asia/Baghdad"),
        ("tunisia-dgsn", "Africa/Tunis"),
    ] {
        members::set_time_zone(&mut store, member, zone, "cli:test", clock()).unwrap();
    }
    let app = router(Arc::new(
        AppState::new(store, ApiConfig::default(), clock).unwrap(),
    ));
    for (id, name, access) in [
        ("r-all", "Khalid Saeed Barakat", json!({"level": "all"})),
        (
            "r-members",
            "Yusuf Adnan Haddad",
            json!({"level": "members", "members": ["iraq-nsa"]}),
        ),
        ("r-arabic", "خالد سعيد البركات", json!({"level": "all"})),
    ] {
        let entity = json!({"id": id, "schema": "Person", "properties": {"name": [name], "birthDate": ["1974-08-12"]}});
        let request = json!({"entity": entity, "access": access, "action": "arrest", "review_by": "2030-01-01"});
        api(&app, "/v1/records", &keys[0], request).await;
    }
    let stolen = json!({"document": {"number": "L898902C3", "issuing_state": "JOR", "type": "P",
        "status": "stolen", "reported_on": "2026-10-01"}, "access": {"level": "all"},
        "action": "seize the document", "review_by": "2030-01-01"});
    api(&app, "/v1/records", &keys[0], stolen).await;
    let manifest = json!({
        "message_reference": "M-1",
        "legs": [{"carrier": "RJ", "flight_number": "0405", "departure_port": "AMM", "arrival_port": "BGW", "departure_time": "2026-11-29T10:00"}],
        "travellers": [
            {"surname": "BARAKAT", "given_names": "KHALED SAEED", "birth_date": "1974-08-12", "nationality": "JOR"},
            {"surname": "HADDAD", "given_names": "YOUSSEF ADNAN", "birth_date": "1974-08-12", "nationality": "JOR"},
            {"surname": "NASSER", "given_names": "RANA", "birth_date": "1990-02-03", "nationality": "JOR",
             "documents": [{"number": "L898902C3", "type": "P", "issuing_state": "JOR"}]},
        ],
    });
    for key in &keys[1..] {
        api(&app, "/v1/manifests", key, manifest.clone()).await;
    }

    // the server on a socket of localhost
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let api_app = app.clone();
    let server = tokio::spawn(async move { axum::serve(listener, app).await });
    let driver = start_driver(&driver_program).await;

    // in English
    let mut problems = Vec::new();
    let client = browser(&driver, &chromium, "en").await;
    client
        .goto(&format!("{base}/console/sign-in?lang=en"))
        .await
        .unwrap();
    problems.extend(check_page(&client, axe, "en", "sign-in").await);
    sign_in(&client, &base, "layla").await;
    let heading = text_of(&client, Locator::Css("h1"), false).await;
    assert_eq!(heading, "Hit queue");
    let direction = client
        .execute("return getComputedStyle(document.body).direction", vec![])
        .await
        .unwrap();
    assert_eq!(direction, json!("ltr"));
    keep_screenshot(&client, "en-1-queue").await;
    // a hit raised elsewhere meanwhile comes into the open queue by itself
    let rows = |client: Client| async move {
        client
            .find_all(Locator::Css("table.queue tbody tr"))
            .await
            .unwrap()
            .len()
    };
    let before = rows(client.clone()).await;
    let query = json!({"id": "q-live", "schema": "Person", "properties": {
        "name": ["Khalid Saeed Barakat"], "birthDate": ["1974-08-12"]}});
    api(&api_app, "/v1/screen/person", &keys[1], query).await;
    let notice = client
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css("#live:not(:empty)"))
        .await
        .expect("the queue tells of the new hits")
        .text()
        .await
        .unwrap();
    assert!(notice.starts_with("New hits have arrived"), "{notice}");
    assert!(
        rows(client.clone()).await > before,
        "the new hits are listed"
    );
    let href = open_hit(&client, &base, "r-members").await;
    let marked = client.find_all(Locator::Css("mark.strong")).await.unwrap();
    assert!(marked.len() >= 2, "name parts marked");
    let action = text_of(&client, Locator::Css("dd.action"), false).await;
    assert_eq!(action, "arrest");
    keep_screenshot(&client, "en-2-hit").await;
    // without a reason the form says so beside the field
    click(&client, Locator::Id("decision-false-positive")).await;
    click(&client, Locator::Css("form.card button[type=submit]")).await;
    let error = text_of(&client, Locator::Id("reason-error"), true).await;
    assert!(error.starts_with("A reason is required"), "{error}");
    keep_screenshot(&client, "en-3-reason-required").await;
    type_into(
        &client,
        Locator::Id("reason"),
        "date of birth differs in the passport",
    )
    .await;
    click(&client, Locator::Css("form.card button[type=submit]")).await;
    let saved = text_of(&client, Locator::Css("p.saved"), true).await;
    assert!(saved.starts_with("The decision on hit"), "{saved}");
    let history = text_of(&client, Locator::Css("ol.history"), false).await;
    assert!(
        history.contains("False positive")
            && history.contains("date of birth differs in the passport"),
        "{history}"
    );
    assert!(client.current_url().await.unwrap().as_str().contains(&href));
    keep_screenshot(&client, "en-4-adjudicated").await;
    // the next hit decided from the keyboard alone, with the shortcuts the page lists:
    // c (confirmed), r (to the reason), then Tab out of it and n (save and open the next)
    client.goto(&format!("{base}/console/hits")).await.unwrap();
    let first = client
        .find(Locator::Css("table.queue tbody a"))
        .await
        .unwrap()
        .attr("href")
        .await
        .unwrap()
        .unwrap();
    client.goto(&format!("{base}{first}")).await.unwrap();
    let listed = text_of(&client, Locator::Css("details.shortcuts"), false).await;
    assert!(listed.contains("Keyboard shortcuts"), "{listed}");
    press(&client, 'c').await;
    press(&client, 'r').await;
    let active = client
        .execute("return document.activeElement.id", vec![])
        .await
        .unwrap();
    assert_eq!(active, json!("reason"), "r goes to the reason");
    let checked = client
        .execute(
            "return document.getElementById('decision-confirmed').checked",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(checked, json!(true), "c chooses confirmed");
    type_into(
        &client,
        Locator::Id("reason"),
        &format!("photo and date of birth agree{}", char::from(Key::Tab)),
    )
    .await;
    press(&client, 'n').await;
    let saved = text_of(&client, Locator::Css("p.saved"), true).await;
    let first_id = first.rsplit('/').next().unwrap();
    assert_eq!(saved, format!("The decision on hit {first_id} is saved."));
    assert!(
        !client
            .current_url()
            .await
            .unwrap()
            .path()
            .ends_with(&format!("/{first_id}")),
        "the next hit is open"
    );
    keep_screenshot(&client, "en-4b-saved-and-next").await;
    problems.extend(officer_pages(&client, axe, &base, "en", &href, "Stolen passport").await);
    // the session ended elsewhere (signed out from another tab): the open queue says so
    // at its next poll, with a link to sign in again, rather than silently stopping
    client.goto(&format!("{base}/console/hits")).await.unwrap();
    client
        .execute(
            "const csrf = document.querySelector('input[name=csrf]').value;
             return fetch('/console/sign-out', {method: 'POST', body: new URLSearchParams({csrf})})
                 .then(response => response.url);",
            vec![],
        )
        .await
        .unwrap();
    let ended = client
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css("#session-ended:not([hidden])"))
        .await
        .expect("the queue tells that the session has ended")
        .text()
        .await
        .unwrap();
    assert_eq!(ended, "Your session has ended — sign in again");
    keep_screenshot(&client, "en-5-session-ended").await;
    click(&client, Locator::Css("#session-ended a")).await;
    wait_for_address(&client, "/console/sign-in").await;
    let title = text_of(&client, Locator::Css("h1"), true).await;
    assert_eq!(title, "Sign in to the console");
    client.close().await.unwrap();
    let client = browser(&driver, &chromium, "en").await;
    sign_in(&client, &base, "omar").await;
    problems.extend(owner_pages(&client, axe, &base, "en").await);
    client.close().await.unwrap();

    // in Arabic: the sign-in page follows the browser, the layout runs right to left
    let client = browser(&driver, &chromium, "ar").await;
    client
        .goto(&format!("{base}/console/sign-in"))
        .await
        .unwrap();
    let title = text_of(&client, Locator::Css("h1"), false).await;
    assert_eq!(title, "تسجيل الدخول إلى النظام");
    keep_screenshot(&client, "ar-0-sign-in").await;
    problems.extend(check_page(&client, axe, "ar", "sign-in").await);
    // by the keyboard alone: the name, Tab to the password, Enter to sign in
    type_into(
        &client,
        Locator::Id("name"),
        &format!(
            "samir{}{PASSWORD}{}",
            char::from(Key::Tab),
            char::from(Key::Enter)
        ),
    )
    .await;
    client
        .wait()
        .for_element(Locator::Css("table.queue"))
        .await
        .unwrap();
    let layout = client
        .execute(
            "const bar = document.querySelector('.bar .product').getBoundingClientRect();
             const out = document.querySelector('.bar form:last-of-type').getBoundingClientRect();
             const first = document.querySelector('table.queue th').getBoundingClientRect();
             const last = document.querySelector('table.queue th:last-child').getBoundingClientRect();
             return [document.documentElement.dir, getComputedStyle(document.body).direction,
                     bar.left > out.left, first.left > last.left];",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(layout, json!(["rtl", "rtl", true, true]), "right to left");
    // Arabic is a little larger, once: a table's cells as the page's text, not compounded
    let sizes = client
        .execute(
            "const size = (e) => getComputedStyle(e).fontSize;
             return [size(document.body), size(document.querySelector('table.queue td')),
                     size(document.querySelector('table.queue td a') || document.body)];",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        sizes,
        json!(["16.8px", "16.8px", "16.8px"]),
        "one type scale"
    );
    let heading = text_of(&client, Locator::Css("h1"), false).await;
    assert_eq!(heading, "قائمة التطابقات");
    keep_screenshot(&client, "ar-1-queue").await;
    // the shared record is hidden from this member; the open one is shown
    let hidden = open_hit(&client, &base, "تواصل مع الجهة المالكة").await;
    assert!(!client.source().await.unwrap().contains("Yusuf"));
    keep_screenshot(&client, "ar-2-hidden").await;
    client.goto(&format!("{base}/console/hits")).await.unwrap();
    open_hit(&client, &base, "r-all").await;
    assert_ne!(client.current_url().await.unwrap().path(), hidden);
    keep_screenshot(&client, "ar-3-hit").await;
    click(&client, Locator::Id("decision-escalated")).await;
    type_into(
        &client,
        Locator::Id("reason"),
        "تطابق الاسم وتاريخ الميلاد، أُحيل إلى المشرف",
    )
    .await;
    click(&client, Locator::Css("form.card button[type=submit]")).await;
    let saved = text_of(&client, Locator::Css("p.saved"), true).await;
    assert!(saved.starts_with("حُفظ القرار بشأن التطابق"), "{saved}");
    let history = text_of(&client, Locator::Css("ol.history"), false).await;
    assert!(
        history.contains("مُصعَّد") && history.contains("أُحيل إلى المشرف"),
        "{history}"
    );
    keep_screenshot(&client, "ar-4-adjudicated").await;
    let hit = client.current_url().await.unwrap().path().to_string();
    problems.extend(officer_pages(&client, axe, &base, "ar", &hit, "جواز سفر مسروق").await);
    client.close().await.unwrap();
    let client = browser(&driver, &chromium, "ar").await;
    sign_in(&client, &base, "huda").await;
    problems.extend(owner_pages(&client, axe, &base, "ar").await);
    client.close().await.unwrap();
    server.abort();
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}
