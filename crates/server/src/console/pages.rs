//! The console's pages as HTML (maud escapes every value it is given). Pages decide nothing
//! about access: they show what the service handed them, and say "hidden" where the
//! service withheld something. Names are set in `bdi`, so a Latin name keeps its order
//! inside Arabic text and an Arabic name inside English.

use super::plain;
use super::text::Texts;
use crate::{day, utc};
use gatecheck_formats::parties::Transaction;
use gatecheck_service::access::{Owner, RecordView};
use gatecheck_service::console::User;
use gatecheck_service::hits::{HitDetail, Notification, QueuePage, QueueRow, QUEUE_PAGE};
use gatecheck_service::manifests::FLIGHTS_PAGE;
use gatecheck_service::records::RECORDS_PAGE;
use gatecheck_service::reports::REPORTS_PAGE;
use gatecheck_store::{DocumentRow, FlightRow, HitFilter, ManifestRow, RecordRow, ReportRow};
use maud::{html, Markup, DOCTYPE};
use serde_json::{json, Value};

/// Who is signed in, as the page header shows it.
pub struct Viewer<'a> {
    pub user: &'a str,
    pub member: &'a str,
    pub csrf: &'a str,
    /// Whether the header links to the administration of users.
    pub manages_users: bool,
    /// The IANA time zone of the member's officers, shown beside UTC; empty for UTC only.
    pub time_zone: &'a str,
}

/// A whole page around `content`.
pub fn layout(t: &Texts, title: &str, viewer: Option<&Viewer<'_>>, content: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang=(t.code) dir=(t.direction) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · " (t.product) }
                link rel="stylesheet" href="/console/assets/console.css";
                script src="/console/assets/console.js" defer {}
            }
            body {
                a class="skip" href="#content" { (t.skip_to_content) }
                header class="bar" {
                    span class="product" { (t.product) }
                    @if let Some(viewer) = viewer {
                        nav class="sections" aria-label=(t.product) {
                            a href="/console/hits" { (t.hit_queue) }
                            a href="/console/flights" { (t.flights) }
                            a href="/console/search" { (t.search) }
                            a href="/console/notifications" { (t.notifications) }
                            a href="/console/reports" { (t.reports) }
                            a href="/console/records" { (t.our_records) }
                            @if viewer.manages_users {
                                a href="/console/users" { (t.users) }
                            }
                            a href="/console/account" { (t.account) }
                        }
                        span class="who" {
                            (t.signed_in_as) " " bdi { (viewer.user) } " (" bdi { (viewer.member) } ")"
                        }
                        form method="post" action="/console/language" class="inline" {
                            input type="hidden" name="csrf" value=(viewer.csrf);
                            input type="hidden" name="language" value=(t.other_language_code);
                            button type="submit" lang=(t.other_language_code) title=(t.language) { (t.other_language) }
                        }
                        form method="post" action="/console/sign-out" class="inline" {
                            input type="hidden" name="csrf" value=(viewer.csrf);
                            button type="submit" { (t.sign_out) }
                        }
                    } @else {
                        a href={ "/console/sign-in?lang=" (t.other_language_code) }
                            lang=(t.other_language_code) hreflang=(t.other_language_code) {
                            (t.other_language)
                        }
                    }
                }
                main id="content" tabindex="-1" { (content) }
            }
        }
    }
}

/// The sign-in form, with a message when the last try failed and one beside each field
/// left empty (`missing`).
pub fn sign_in(
    t: &Texts,
    csrf: &str,
    name: &str,
    message: Option<&str>,
    missing: &[&str],
) -> Markup {
    let is_missing = |field: &str| missing.contains(&field);
    let content = html! {
        h1 { (t.sign_in_title) }
        form method="post" action="/console/sign-in" class="card narrow" novalidate {
            input type="hidden" name="csrf" value=(csrf);
            input type="hidden" name="lang" value=(t.code);
            @if let Some(message) = message {
                p class="error" role="alert" id="sign-in-error" { (message) }
            }
            div class="field" {
                label for="name" { (t.user_name) }
                input id="name" name="name" type="text" value=(name) required
                    autocomplete="username" autocapitalize="none" spellcheck="false" dir="auto"
                    aria-invalid=[is_missing("name").then_some("true")]
                    aria-describedby=[if is_missing("name") { Some("name-error") } else { message.map(|_| "sign-in-error") }];
                @if is_missing("name") {
                    span class="error" id="name-error" { (t.required) }
                }
            }
            div class="field" {
                label for="password" { (t.password) }
                input id="password" name="password" type="password" required
                    autocomplete="current-password"
                    aria-invalid=[is_missing("password").then_some("true")]
                    aria-describedby=[is_missing("password").then_some("password-error")];
                @if is_missing("password") {
                    span class="error" id="password-error" { (t.required) }
                }
            }
            button type="submit" class="primary" { (t.sign_in) }
        }
    };
    layout(t, t.sign_in, None, content)
}

/// A page with one message (an unknown hit, an error).
pub fn message(t: &Texts, viewer: Option<&Viewer<'_>>, title: &str, text: &str) -> Markup {
    let content = html! {
        h1 { (title) }
        p role="alert" { (text) }
        p { a href="/console/hits" { (t.back_to_queue) } }
    };
    layout(t, title, viewer, content)
}

/// A table's head: one column header a text.
fn column_heads(heads: &[&str]) -> Markup {
    html! {
        thead { tr { @for head in heads { th scope="col" { (head) } } } }
    }
}

/// The values of an FtM property, joined.
fn property(entity: &Value, name: &str) -> Option<String> {
    let values: Vec<&str> = entity
        .get("properties")?
        .get(name)?
        .as_array()?
        .iter()
        .filter_map(Value::as_str)
        .collect();
    (!values.is_empty()).then(|| values.join(", "))
}

/// The traveller a hit's query names: the query itself for a person, the holder that
/// presented it for a document (with the document's number when the holder has none).
pub fn traveller_of(query: &Value) -> Value {
    match holder_of(query) {
        Some(mut holder) => {
            let properties = &mut holder["properties"];
            if properties.get("passportNumber").is_none() && properties.get("idNumber").is_none() {
                if let Some(number) = query.get("number") {
                    properties["passportNumber"] = json!([number]);
                }
            }
            holder
        }
        None => query.clone(),
    }
}

/// The person who presented a document, as an FtM entity of the query's `holder`; `None`
/// when the look-up named nobody (or the query is a person's).
fn holder_of(query: &Value) -> Option<Value> {
    query
        .get("holder")
        .filter(|holder| holder.is_object())
        .map(|holder| json!({"properties": holder}))
}

/// The name of an FtM entity: its `name`, else its first and last names.
pub fn entity_name(entity: &Value) -> String {
    if let Some(name) = property(entity, "name") {
        return name;
    }
    let parts: Vec<String> = ["firstName", "middleName", "lastName"]
        .iter()
        .filter_map(|key| property(entity, key))
        .collect();
    if !parts.is_empty() {
        return parts.join(" ");
    }
    // a document query: its number
    ["number", "document_number"]
        .iter()
        .find_map(|key| entity.get(*key).and_then(Value::as_str).map(str::to_string))
        .unwrap_or_default()
}

/// A kept manifest's flight (JSON) as `XY123 AMS→DXB`, a leg after another.
fn flight_label(flight: &str) -> String {
    let Ok(flight) = serde_json::from_str::<Value>(flight) else {
        return String::new();
    };
    let legs = flight
        .get("legs")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let number = text(&flight, "flight").to_string();
    let route: Vec<String> = legs
        .iter()
        .map(|leg| {
            format!(
                "{}→{}",
                text(leg, "departure_port"),
                text(leg, "arrival_port")
            )
        })
        .collect();
    format!("{number} {}", route.join(" ")).trim().to_string()
}

/// The listed name of a record as the member may see it, or `None` when it is hidden.
fn listed_name(row: &QueueRow) -> Option<String> {
    match &row.record {
        RecordView::Person { .. } => serde_json::from_str::<Value>(&row.hit.explanation)
            .ok()
            .and_then(|explanation| {
                explanation
                    .get("listed_name")
                    .and_then(Value::as_str)
                    .map(str::to_string)
            }),
        RecordView::Document { document, .. } => Some(format!(
            "{} {} {}",
            document.document.kind, document.document.number, document.document.issuing_state
        )),
        RecordView::ContactOwner { .. } | RecordView::ReferToOwner => None,
    }
}

/// The name of the traveller a hit's query names (for a document, its holder's), `None`
/// when it names nobody (a document looked up by its number alone).
fn queue_traveller(query: &Value) -> Option<String> {
    let person = match holder_of(query) {
        Some(holder) => holder,
        None if query.get("holder").is_some() || query.get("number").is_some() => return None,
        None => query.clone(),
    };
    let name = entity_name(&person);
    (!name.is_empty()).then_some(name)
}

/// A moment as officers read it: UTC, and beside it the clock of the member's time zone
/// when it has one (`2026-11-29 14:05 UTC (2026-11-29 17:05 +03)`).
fn moment(t: &Texts, viewer: &Viewer<'_>, seconds: i64) -> Markup {
    let local = (!viewer.time_zone.is_empty())
        .then(|| gatecheck_service::dates::in_time_zone(seconds, viewer.time_zone))
        .flatten();
    html! {
        time datetime=(utc(seconds)) dir=(t.direction) { (when(seconds)) }
        @if let Some(local) = local {
            " " span class="local-time" title=(viewer.time_zone) { "(" span dir=(t.direction) { (local) } ")" }
        }
    }
}

/// A moment as officers read it: `2026-11-29 14:05 UTC`.
fn when(seconds: i64) -> String {
    let stamp = utc(seconds);
    format!("{} {} UTC", &stamp[..10], &stamp[11..16])
}

fn score_text(score: f64) -> String {
    format!("{:.2}", score)
}

/// The filter's values as a query string (without the page), for links that keep it.
pub fn filter_query(filter: &HitFilter) -> String {
    let mut pairs: Vec<(String, String)> = Vec::new();
    pairs.push((
        "status".into(),
        filter.status.clone().unwrap_or_else(|| "all".into()),
    ));
    if let Some(flight) = &filter.flight {
        pairs.push(("flight".into(), flight.clone()));
    }
    if let Some(since) = filter.since {
        pairs.push(("from".into(), day(since)));
    }
    if let Some(until) = filter.until {
        pairs.push(("to".into(), day(until - 86_400)));
    }
    if let Some(score) = filter.min_score {
        pairs.push(("min_score".into(), format!("{score}")));
    }
    if let Some(documents) = filter.documents {
        let list = if documents { "documents" } else { "persons" };
        pairs.push(("list".into(), list.into()));
    }
    pairs
        .iter()
        .map(|(key, value)| format!("{key}={}", percent_encode(value)))
        .collect::<Vec<_>>()
        .join("&")
}

fn percent_encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// What the filter form shows in its fields (as typed, so a bad value is shown back).
#[derive(Default)]
pub struct FilterForm {
    pub status: String,
    pub flight: String,
    pub from: String,
    pub to: String,
    pub min_score: String,
    pub list: String,
    /// A message beside a field: (field, message).
    pub errors: Vec<(&'static str, String)>,
}

impl FilterForm {
    fn error(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|(name, _)| *name == field)
            .map(|(_, message)| message.as_str())
    }
}

fn text_field(
    id: &'static str,
    label: &str,
    value: &str,
    kind: &str,
    error: Option<&str>,
) -> Markup {
    let error_id = format!("{id}-error");
    html! {
        div class="field" {
            label for=(id) { (label) }
            input id=(id) name=(id) type=(kind) value=(value) dir="auto"
                aria-invalid=[error.map(|_| "true")]
                aria-describedby=[error.map(|_| error_id.as_str())];
            @if let Some(error) = error {
                span class="error" id=(error_id) { (error) }
            }
        }
    }
}

/// A date typed as it is shown: the field says the form (`YYYY-MM-DD`, in the page's
/// language) and takes it, in Western or Arabic-Indic digits ([`ascii_digits`]), rather
/// than a browser's date picker, which shows the date in the browser's own order
/// (`mm/dd/yyyy`) while the page names another.
fn date_field(
    t: &Texts,
    id: &'static str,
    label: &str,
    value: &str,
    error: Option<&str>,
) -> Markup {
    let hint_id = format!("{id}-form");
    let error_id = format!("{id}-error");
    let described = match error {
        Some(_) => format!("{hint_id} {error_id}"),
        None => hint_id.clone(),
    };
    html! {
        div class="field" {
            label for=(id) { (label) }
            input id=(id) name=(id) type="text" inputmode="numeric" autocomplete="off"
                value=(value) dir="ltr" placeholder=(t.date_form) maxlength="10"
                aria-invalid=[error.map(|_| "true")]
                aria-describedby=(described);
            span class="hint" id=(hint_id) { (t.date_form) }
            @if let Some(error) = error {
                span class="error" id=(error_id) { (error) }
            }
        }
    }
}

/// `text` with its Arabic-Indic and Extended Arabic-Indic digits (as an Arabic keyboard
/// types them) written as Western digits, so that a date or a number typed either way
/// reads the same.
pub(crate) fn ascii_digits(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{0660}'..='\u{0669}' => char::from(b'0' + (c as u32 - 0x0660) as u8),
            '\u{06F0}'..='\u{06F9}' => char::from(b'0' + (c as u32 - 0x06F0) as u8),
            other => other,
        })
        .collect()
}

/// The hit queue: filters, then the page of hits.
pub fn queue(
    t: &Texts,
    viewer: &Viewer<'_>,
    page: &QueuePage,
    filter: &HitFilter,
    form: &FilterForm,
    saved: Option<i64>,
) -> Markup {
    let query = filter_query(filter);
    let newest = page.rows.iter().map(|row| row.hit.id).max().unwrap_or(0);
    let pages = page.total.div_ceil(QUEUE_PAGE).max(1);
    let content = html! {
        @if let Some(saved) = saved {
            // "save and next" found no open hit left
            p class="saved" role="status" { ((t.decision_saved_on)(saved)) " " (t.no_open_left) }
        }
        h1 { (t.hit_queue) }
        form method="get" action="/console/hits" class="filters card" aria-label=(t.filters) {
            div class="field" {
                label for="status" { (t.status) }
                select id="status" name="status" {
                    option value="all" selected[form.status == "all"] { (t.all) }
                    @for (code, word) in &t.statuses {
                        option value=(code) selected[form.status == *code] { (word) }
                    }
                }
            }
            (text_field("flight", t.flight, &form.flight, "text", form.error("flight")))
            (date_field(t, "from", t.from_date, &form.from, form.error("from")))
            (date_field(t, "to", t.to_date, &form.to, form.error("to")))
            div class="field" {
                label for="list" { (t.list) }
                select id="list" name="list" {
                    option value="" selected[form.list.is_empty()] { (t.all) }
                    option value="persons" selected[form.list == "persons"] { (t.persons) }
                    option value="documents" selected[form.list == "documents"] { (t.documents) }
                }
            }
            (text_field("min_score", t.min_score, &form.min_score, "text", form.error("min_score")))
            div class="buttons" {
                button type="submit" class="primary" { (t.apply_filters) }
                a href="/console/hits" { (t.clear_filters) }
            }
        }
        div id="live" class="live" role="status" aria-live="polite"
            data-newest=(newest) data-new-hits=(t.new_hits) {}
        // shown by the script when its polling finds the session ended
        p id="session-ended" class="error ended" role="alert" hidden {
            (t.session_over) " "
            a href={ "/console/sign-in?ended=1&lang=" (t.code) } { (t.sign_in_again) }
        }
        div id="queue-results" data-newest=(newest) {
        p class="total" { ((t.hits_total)(page.total)) }
        @if page.rows.is_empty() {
            p { (t.no_hits) }
        } @else {
            div class="table-scroll" tabindex="0" role="region" aria-label=(t.hit_queue) { table class="queue" {
                caption class="visually-hidden" { (t.hit_queue) }
                (column_heads(&[t.what_to_do, t.traveller, t.listed_record, t.score, t.when, t.flight, t.status]))
                tbody {
                    @for row in &page.rows {
                        @let query = serde_json::from_str::<Value>(&row.hit.query).unwrap_or(Value::Null);
                        @let traveller = queue_traveller(&query);
                        @let explanation = serde_json::from_str::<Value>(&row.hit.explanation).ok();
                        @let severity = plain::hit_severity(&row.hit.status, &row.record);
                        tr data-hit=(row.hit.id) class={ "row-" (severity.code()) } {
                            td class="to-do" {
                                strong class={ "severity severity-" (severity.code()) } { (severity.word(t)) } " "
                                (plain::hit_kind(t, &row.record, explanation.as_ref().filter(|_| row.record.is_full())))
                                @if let Some(action) = plain::record_action(&row.record).filter(|_| row.hit.status != "false-positive") {
                                    br; strong class="action" { bdi { (action) } }
                                }
                            }
                            td { a href={ "/console/hits/" (row.hit.id) } { @match &traveller { Some(name) => { bdi { (name) } }, None => { (t.hit) " " (row.hit.id) } } } }
                            td {
                                @match listed_name(row) {
                                    Some(name) => bdi translate="no" { (name) },
                                    None => span class="hidden-field" { (t.hidden) },
                                }
                            }
                            td class="number" { (score_text(row.hit.score)) }
                            td { (moment(t, viewer, row.hit.at)) }
                            td { @if let Some((flight, reference)) = &row.flight {
                                bdi translate="no" { (flight_label(flight)) } " " span class="reference" { bdi translate="no" { (reference) } }
                            } }
                            td { span class={ "status status-" (row.hit.status) } { (Texts::word(&t.statuses, &row.hit.status)) } }
                        }
                    }
                }
            } }
            (page_nav(t, page.page, pages, &|at| format!("/console/hits?{query}&page={at}")))
        }
        }
    };
    layout(t, t.hit_queue, Some(viewer), content)
}

/// The summary of a screened flight (JSON) as numbers: travellers, clear, refer,
/// no-board, hits.
fn summary_counts(summary: &Value) -> [u64; 5] {
    ["travellers", "clear", "refer", "no_board", "hits"]
        .map(|key| summary.get(key).and_then(Value::as_u64).unwrap_or(0))
}

/// The flights the member screened, newest first.
pub fn flights(
    t: &Texts,
    viewer: &Viewer<'_>,
    rows: &[FlightRow],
    total: usize,
    page: usize,
) -> Markup {
    let pages = total.div_ceil(FLIGHTS_PAGE).max(1);
    let verdict_word = |code: &'static str| Texts::word(&t.verdicts, code);
    let content = html! {
        h1 { (t.flights) }
        @if rows.is_empty() {
            p { (t.no_flights) }
        } @else {
            div class="table-scroll" tabindex="0" role="region" aria-label=(t.flights) { table class="flights" {
                (column_heads(&[t.when, t.flight, t.reference, t.source, t.travellers, verdict_word("clear"), verdict_word("refer"), verdict_word("no-board"), t.hits_column]))
                tbody {
                    @for row in rows {
                        @let counts = summary_counts(&serde_json::from_str(&row.summary).unwrap_or(Value::Null));
                        tr {
                            td { (moment(t, viewer, row.at)) }
                            td { a href={ "/console/flights/" (row.id) } { bdi translate="no" { (flight_label(&row.flight)) } } }
                            td { bdi translate="no" { (row.reference) } }
                            td { (Texts::word(&t.sources, &row.source)) }
                            td class="number" { (row.travellers) }
                            td class="number" { (counts[1]) }
                            td class="number" { (counts[2]) }
                            td class="number" { (counts[3]) }
                            td class="number" { (counts[4]) }
                        }
                    }
                }
            } }
            (page_nav(t, page, pages, &|at| format!("/console/flights?page={at}")))
        }
    };
    layout(t, t.flights, Some(viewer), content)
}

/// A numbered list's pages: the one before and after (`link(page)`), and where this one
/// (`page`, from 0) is among `pages`.
fn page_nav(t: &Texts, page: usize, pages: usize, link: &dyn Fn(usize) -> String) -> Markup {
    html! {
        nav class="pages" aria-label=(t.page) {
            @if page > 0 {
                a rel="prev" href=(link(page - 1)) { (t.previous_page) }
            }
            span { (t.page) " " (page + 1) " / " (pages) }
            @if page + 1 < pages {
                a rel="next" href=(link(page + 1)) { (t.next_page) }
            }
        }
    }
}

/// The suspicious transaction reports the member wrote or was sent, newest first, with
/// the members' names.
pub fn reports(
    t: &Texts,
    viewer: &Viewer<'_>,
    rows: &[ReportRow],
    names: &dyn Fn(i64) -> String,
    total: usize,
    page: usize,
) -> Markup {
    let pages = total.div_ceil(REPORTS_PAGE).max(1);
    let content = html! {
        h1 { (t.reports) }
        @if rows.is_empty() {
            p { (t.no_reports) }
        } @else {
            div class="table-scroll" tabindex="0" role="region" aria-label=(t.reports) { table class="reports" {
                (column_heads(&[t.when, t.report, t.report_from, t.report_to, t.reference]))
                tbody {
                    @for row in rows {
                        tr {
                            td { (moment(t, viewer, row.at)) }
                            td { a href={ "/console/reports/" (row.id) } { (t.report) " " (row.id) } }
                            td { bdi { (names(row.author)) } }
                            td { bdi { (names(row.recipient)) } }
                            td { bdi translate="no" { (row.reference) } }
                        }
                    }
                }
            } }
            (page_nav(t, page, pages, &|at| format!("/console/reports?page={at}")))
        }
    };
    layout(t, t.reports, Some(viewer), content)
}

/// One report as written (goAML XML, left to right), who sent it to whom, and its digest.
pub fn report(
    t: &Texts,
    viewer: &Viewer<'_>,
    row: &ReportRow,
    names: &dyn Fn(i64) -> String,
) -> Markup {
    let title = format!("{} {}", t.report, row.id);
    let content = html! {
        p { a href="/console/reports" { (t.reports) } }
        h1 { (title) }
        dl {
            dt { (t.when) } dd { (moment(t, viewer, row.at)) }
            dt { (t.report_from) } dd { bdi { (names(row.author)) } }
            dt { (t.report_to) } dd { bdi { (names(row.recipient)) } }
            dt { (t.reference) } dd { bdi translate="no" { (row.reference) } }
            dt { (t.report_digest) } dd { bdi dir="ltr" translate="no" class="identifier" { (row.digest) } }
        }
        pre class="report" dir="ltr" translate="no" tabindex="0" aria-label=(title) { (row.report.as_deref().unwrap_or_default()) }
    };
    layout(t, &title, Some(viewer), content)
}

/// One screened flight: every traveller with the verdict given and links to the hits. The
/// records hit are named on the hits' own pages, where the access rule is applied as it
/// stands now.
pub fn flight(t: &Texts, viewer: &Viewer<'_>, row: &ManifestRow, only_hits: bool) -> Markup {
    let answer: Value = serde_json::from_str(&row.answer).unwrap_or(Value::Null);
    let counts = summary_counts(answer.get("summary").unwrap_or(&Value::Null));
    let travellers = answer
        .get("travellers")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let title = format!("{} {}", t.flight, flight_label(&row.flight));
    let content = html! {
        p { a href="/console/flights" { (t.flights) } }
        h1 { bdi translate="no" { (title) } }
        p class="meta" {
            (moment(t, viewer, row.at))
            " · " (t.reference) " " bdi translate="no" { (row.reference) } " · " (Texts::word(&t.sources, &row.source))
        }
        // travellers to stop: those the verdict keeps off the flight, and those a record the
        // member sees asks to stop (arrest, seize the document: the verdict, as an airline
        // reads it, says only "refer")
        @let stopping: Vec<bool> = travellers.iter().map(|traveller| text(traveller, "verdict") == "no-board" || traveller_severity(traveller) == plain::Severity::Stop).collect();
        @let to_stop = stopping.iter().filter(|stops| **stops).count();
        @let to_check = travellers.iter().zip(&stopping).filter(|(traveller, stops)| text(traveller, "verdict") == "refer" && !**stops).count();
        @let severity = if to_stop > 0 { plain::Severity::Stop } else if to_check > 0 { plain::Severity::Check } else { plain::Severity::Closed };
        div class={ "banner banner-" (severity.code()) } {
            @if to_stop > 0 {
                p class="banner-head" { strong class="severity" { (plain::Severity::Stop.word(t)) } " " (t.flight_stop) " " strong { (to_stop) } }
            }
            @if to_check > 0 {
                p class="banner-head" { strong class="severity severity-check" { (plain::Severity::Check.word(t)) } " " (t.flight_check) " " strong { (to_check) } }
            }
            @if to_stop == 0 && to_check == 0 {
                p class="banner-head" { (t.flight_clear) }
            }
        }
        dl class="summary" {
            dt { (t.travellers) } dd { (counts[0]) }
            @for (code, count) in [("clear", counts[1]), ("refer", counts[2]), ("no-board", counts[3])] {
                dt { (Texts::word(&t.verdicts, code)) } dd { (count) }
            }
            dt { (t.hits_column) } dd { (counts[4]) }
        }
        p {
            @if only_hits {
                a href={ "/console/flights/" (row.id) } { (t.show_all_travellers) }
            } @else {
                a href={ "/console/flights/" (row.id) "?only=hits" } { (t.only_with_hits) }
            }
        }
        div class="table-scroll" tabindex="0" role="region" aria-label=(t.travellers) { table class="travellers" {
            (column_heads(&[t.name, t.role, t.birth_date, t.nationality, t.documents, t.verdict, t.hits_column]))
            tbody {
                @for traveller in &travellers {
                    @let hits = traveller.get("hits").and_then(Value::as_array).cloned().unwrap_or_default();
                    @if !only_hits || !hits.is_empty() {
                        @let verdict = text(traveller, "verdict");
                        tr class={ "verdict-" (verdict) } {
                            td { bdi { (text(traveller, "name")) } }
                            td { (Texts::word(&t.roles, text(traveller, "role"))) }
                            td { (text(traveller, "birth_date")) }
                            td { (text(traveller, "nationality")) }
                            td {
                                @for document in traveller.get("documents").and_then(Value::as_array).into_iter().flatten() {
                                    bdi translate="no" { (text(document, "type")) " " (text(document, "number")) " " (text(document, "issuing_state")) } " "
                                }
                            }
                            td { span class={ "verdict verdict-" (verdict) } { (Texts::word(&t.verdicts, verdict)) } }
                            td {
                                @for hit in &hits {
                                    @let result = hit.get("result").unwrap_or(&Value::Null);
                                    @if let Some(id) = result.get("hit").and_then(Value::as_i64) {
                                        @if plain::action_severity(text(result, "action")) == plain::Severity::Stop && result.get("restricted").is_none() {
                                            strong class="severity severity-stop" { (plain::Severity::Stop.word(t)) } " "
                                        }
                                        a href={ "/console/hits/" (id) } { (t.hit) " " (id) }
                                        @if let Some(score) = result.get("score").and_then(Value::as_f64) {
                                            " (" (score_text(score)) ")"
                                        }
                                        @if let Some(document) = result.get("document") {
                                            " " strong class="document-status" { (Texts::word(&t.document_statuses, text(document, "status"))) }
                                        }
                                        " "
                                    }
                                    @if let Some(suppression) = result.get("suppressed").and_then(Value::as_i64) {
                                        span class="passed-over" { (t.passed_over) " " (suppression) ")" } " "
                                    }
                                }
                            }
                        }
                    }
                }
            }
        } }
    };
    layout(t, &title, Some(viewer), content)
}

/// The most urgent of a flight traveller's hits on records the member sees whole (by each
/// record's action); [`plain::Severity::Check`] when it has hits but none asks to stop.
fn traveller_severity(traveller: &Value) -> plain::Severity {
    traveller
        .get("hits")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|hit| hit.get("result"))
        .filter(|result| result.get("restricted").is_none())
        .map(|result| plain::action_severity(text(result, "action")))
        .max()
        .unwrap_or(plain::Severity::Check)
}

/// What the search form holds, as typed, with a message beside any field that could not be
/// read.
#[derive(Default)]
pub struct SearchForm {
    pub input: String,
    pub kind: String,
    pub birth_date: String,
    pub nationality: String,
    pub errors: Vec<(&'static str, String)>,
    /// Why the screening refused the input, in the service's words (English).
    pub refused: Option<String>,
}

/// A search's outcome: how the input was read and the answer of the screening.
pub struct SearchOutcome {
    /// `name`, `mrz` or `document`.
    pub kind: &'static str,
    pub answer: Value,
    /// Today (`YYYY-MM-DD`, UTC), to tell an expired document.
    pub today: String,
}

/// The matches of an answer's results, each as the member may see it.
fn match_list(t: &Texts, results: &Value) -> Markup {
    let matches: Vec<&Value> = results
        .as_array()
        .map(|results| {
            results
                .iter()
                .filter(|r| r.get("match") == Some(&Value::Bool(true)))
                .collect()
        })
        .unwrap_or_default();
    html! {
        @if matches.is_empty() {
            p class="no-match" { (t.no_match) }
        } @else {
            ul class="matches" {
                @for result in matches {
                    @let document = result.get("document");
                    @let restricted = result.get("restricted").is_some();
                    @let severity = if restricted { plain::Severity::Check } else { plain::action_severity(text(result, "action")) };
                    @let kind = match (document, restricted) {
                        (_, true) => t.kind_withheld.to_string(),
                        (Some(document), false) => (t.document_alert)(text(document, "status"), text(document, "type")),
                        (None, false) if result.get("explanation").and_then(|e| e.get("rules")).and_then(Value::as_array)
                            .is_some_and(|rules| rules.iter().any(|r| text(r, "rule") == "relative")) => t.kind_relative.to_string(),
                        (None, false) => t.kind_person.to_string(),
                    };
                    li class={ "banner banner-" (severity.code()) } {
                        p class="banner-head" {
                            strong class="severity" { (severity.word(t)) } " " span class="kind" { (kind) }
                        }
                        @if restricted {
                            p class="banner-action" {
                                @if let Some(owner) = result.get("contact").and_then(Value::as_str) {
                                    (t.hidden_contact_owner) " " bdi { (owner) }
                                } @else {
                                    (t.hidden_refer_to_owner)
                                }
                            }
                        } @else {
                            p class="banner-action" { (t.owner_asks) " " strong class="action" { bdi { (text(result, "action")) } } }
                            p {
                                @if let Some(document) = document {
                                    bdi dir="ltr" translate="no" { (text(document, "number")) " " (text(document, "issuing_state")) }
                                    " · " (t.reported_on) " " (text(document, "reported_on"))
                                } @else {
                                    @let listed = result.get("explanation").map(|e| text(e, "listed_name")).unwrap_or("");
                                    bdi class="name" { (listed) }
                                    " · " (t.score) " " (plain::score_in_words(t, number(result, "score")))
                                }
                                " · " (t.owner) " " bdi { (text(result, "owner")) }
                                (listing(t, result))
                            }
                            @if let Some(why) = result.get("explanation").filter(|_| document.is_none()) {
                                // the console searches persons
                                p class="why" { (plain::why_sentence(t, why, true)) }
                            }
                        }
                        @if let Some(hit) = result.get("hit").and_then(Value::as_i64) {
                            p { a href={ "/console/hits/" (hit) } { (t.hit) " " (hit) } }
                        }
                        @if let Some(suppression) = result.get("suppressed").and_then(Value::as_i64) {
                            p class="passed-over" { (t.passed_over) " " (suppression) ")" }
                        }
                    }
                }
            }
        }
    }
}

/// The sanctions on a matched record and its ties, as its list attached them: each
/// sanction "programme (authority, listed on date)", each tie "family of: p-2 (brother)".
fn listing(t: &Texts, result: &Value) -> Markup {
    let sanctions = result.get("sanctions").and_then(Value::as_array);
    let relations = result.get("relations").and_then(Value::as_array);
    html! {
        @if let Some(sanctions) = sanctions {
            br;
            span class="sanctions" {
                (t.sanctions) ": "
                @for (at, sanction) in sanctions.iter().enumerate() {
                    @if at > 0 { "; " }
                    bdi { (text(sanction, "program")) }
                    @if !text(sanction, "authority").is_empty() || !text(sanction, "listed_on").is_empty() {
                        " (" bdi { (text(sanction, "authority")) }
                        @if !text(sanction, "listed_on").is_empty() {
                            ", " (t.listed_on) " " bdi { (text(sanction, "listed_on")) }
                        }
                        ")"
                    }
                }
            }
        }
        @if let Some(relations) = relations {
            br;
            span class="ties" {
                (t.ties) ": "
                @for (at, relation) in relations.iter().enumerate() {
                    @if at > 0 { "; " }
                    (Texts::word(&t.relation_kinds, text(relation, "relation"))) " "
                    @for (other, id) in relation.get("with").and_then(Value::as_array).into_iter().flatten().enumerate() {
                        @if other > 0 { ", " }
                        bdi { (id.as_str().unwrap_or("")) }
                    }
                    @if !text(relation, "relationship").is_empty() {
                        " (" bdi { (text(relation, "relationship")) } ")"
                    }
                }
            }
        }
    }
}

/// The sanctions on a record and its ties, as its list attached them, as rows of the
/// record's facts (nothing when it has none).
fn listing_rows(t: &Texts, entity: &str) -> Markup {
    let listing = gatecheck_formats::ftm::listing_of_line(entity);
    html! {
        @if let Some(listing) = listing {
            @if !listing.sanctions.is_empty() {
                dt { (t.sanctions) }
                dd class="sanctions" {
                    @for (at, sanction) in listing.sanctions.iter().enumerate() {
                        @if at > 0 { br; }
                        bdi { (sanction.program) }
                        @if !sanction.authority.is_empty() { " · " bdi { (sanction.authority) } }
                        @if !sanction.listed_on.is_empty() { " · " (t.listed_on) " " bdi { (sanction.listed_on) } }
                    }
                }
            }
            @if !listing.relations.is_empty() {
                dt { (t.ties) }
                dd class="ties" {
                    @for (at, relation) in listing.relations.iter().enumerate() {
                        @if at > 0 { br; }
                        (Texts::word(&t.relation_kinds, relation.kind)) " " bdi { (relation.with.join(", ")) }
                        @if !relation.relationship.is_empty() { " (" bdi { (relation.relationship) } ")" }
                    }
                }
            }
        }
    }
}

/// A document's type in words, with its code when the words are not the code.
fn document_kind(t: &Texts, kind: &str) -> Markup {
    let word = Texts::word(&t.document_kinds, kind);
    html! {
        @if word == kind {
            (kind)
        } @else {
            (word) " (" bdi { (kind) } ")"
        }
    }
}

/// The search form, and the outcome of the last search when there is one.
pub fn search(
    t: &Texts,
    viewer: &Viewer<'_>,
    form: &SearchForm,
    outcome: Option<&SearchOutcome>,
) -> Markup {
    let error = |field: &str| {
        form.errors
            .iter()
            .find(|(name, _)| *name == field)
            .map(|(_, m)| m.as_str())
    };
    let content = html! {
        h1 { (t.search) }
        p class="hint" id="search-hint" { (t.search_hint) }
        form method="post" action="/console/search" class="card" novalidate {
            input type="hidden" name="csrf" value=(viewer.csrf);
            div class="field" {
                label for="input" { (t.search_input) }
                textarea id="input" name="input" rows="3" required dir="auto" spellcheck="false" wrap="off"
                    class="zone" aria-describedby={ "search-hint" @if error("input").is_some() { " input-error" } }
                    aria-invalid=[error("input").map(|_| "true")] { (form.input) }
                @if let Some(message) = error("input") {
                    span class="error" id="input-error" {
                        (message)
                        @if let Some(refused) = &form.refused {
                            " " span lang="en" dir="ltr" { (refused) }
                        }
                    }
                }
            }
            div class="filters" {
                div class="field" {
                    label for="kind" { (t.search_kind) }
                    select id="kind" name="kind" {
                        @for (code, word) in &t.search_kinds {
                            option value=(code) selected[form.kind == *code || (form.kind.is_empty() && *code == "auto")] { (word) }
                        }
                    }
                }
                (text_field("birth_date", t.birth_date, &form.birth_date, "text", error("birth_date")))
                div class="field" {
                    label for="nationality" { (t.nationality) }
                    input id="nationality" name="nationality" type="text" value=(form.nationality) dir="ltr"
                        maxlength="3" aria-describedby={ "nationality-hint" @if error("nationality").is_some() { " nationality-error" } }
                        aria-invalid=[error("nationality").map(|_| "true")];
                    span class="hint" id="nationality-hint" { (t.nationality_hint) }
                    @if let Some(message) = error("nationality") {
                        span class="error" id="nationality-error" { (message) }
                    }
                }
            }
            button type="submit" class="primary" { (t.screen_now) }
        }
        @if let Some(outcome) = outcome {
            section aria-labelledby="results-heading" class="results" {
                h2 id="results-heading" { (t.results) }
                p { (t.searched_as) " " (Texts::word(&t.search_kinds, outcome.kind)) }
                @match outcome.kind {
                    "mrz" => {
                        @let zone = outcome.answer.get("mrz").unwrap_or(&Value::Null);
                        @let fields = zone.get("fields").unwrap_or(&Value::Null);
                        @let errors = zone.get("errors").and_then(Value::as_array).cloned().unwrap_or_default();
                        @if errors.is_empty() {
                            p class="saved" { (t.zone_valid) }
                        } @else {
                            p class="error" { (t.zone_not_valid) }
                            ul {
                                @for error in &errors {
                                    @let line = error.get("line").and_then(Value::as_u64).unwrap_or(0) as usize;
                                    @let column = error.get("column").and_then(Value::as_u64).unwrap_or(0) as usize;
                                    li {
                                        @if t.code == "en" {
                                            bdi { (text(error, "message")) }
                                        } @else {
                                            (Texts::word(&t.mrz_problems, text(error, "code"))) " "
                                            @if line > 0 { "(" ((t.at_line_column)(line, column)) ")" }
                                            // the reader's own words, for a specialist
                                            " " span class="hint" lang="en" dir="ltr" { (text(error, "message")) }
                                        }
                                    }
                                }
                            }
                        }
                        dl {
                            dt { (t.name) } dd { bdi { (text(fields, "given_names")) " " (text(fields, "surname")) } }
                            dt { (t.birth_date) } dd { (text(fields, "birth_date")) }
                            dt { (t.nationality) } dd { (text(fields, "nationality")) }
                            dt { (t.document_number) } dd { bdi dir="ltr" translate="no" { (text(fields, "document_number")) " " (text(fields, "issuing_state")) } }
                            @let expiry = text(fields, "expiry_date");
                            @if !expiry.is_empty() {
                                dt { (t.expiry_date) }
                                dd {
                                    (expiry)
                                    // a date the zone gives in full, before today (YYYY-MM-DD
                                    // sorts as it reads)
                                    @if expiry.len() == 10 && expiry < outcome.today.as_str() {
                                        " " strong class="expired" { (t.expired) }
                                    }
                                }
                            }
                            @let listed = outcome.answer.get("document").and_then(|d| d.get("results")).and_then(Value::as_array)
                                .and_then(|results| results.iter().find(|r| r.get("match") == Some(&Value::Bool(true))).cloned());
                            dt { (t.document_status) }
                            dd {
                                @match listed.as_ref().and_then(|r| r.get("document")) {
                                    Some(document) => strong class="document-status" { ((t.document_alert)(text(document, "status"), text(document, "type"))) },
                                    None if listed.is_some() => span class="hidden-field" { (t.kind_withheld) },
                                    None => (t.not_listed_document),
                                }
                            }
                        }
                        @let readings = zone.get("number_readings").and_then(Value::as_array).cloned().unwrap_or_default();
                        @if !readings.is_empty() {
                            p class="number-readings" { (t.number_readings) }
                            ul class="number-readings" {
                                @for reading in &readings {
                                    li {
                                        bdi translate="no" { (text(reading, "number")) }
                                        @if reading.get("fits_check_digit") == Some(&Value::Bool(true)) {
                                            " · " (t.fits_check_digit)
                                        }
                                    }
                                }
                            }
                        }
                        h3 { (t.document) }
                        (match_list(t, outcome.answer.get("document").and_then(|d| d.get("results")).unwrap_or(&Value::Null)))
                        h3 { (t.holder) }
                        (match_list(t, outcome.answer.get("holder").and_then(|d| d.get("results")).unwrap_or(&Value::Null)))
                    }
                    _ => {
                        (match_list(t, outcome.answer.get("results").unwrap_or(&Value::Null)))
                    }
                }
            }
        }
    };
    layout(t, t.search, Some(viewer), content)
}

/// The member's notifications: hits other members made on its records (who, when, which
/// record, the score; the travellers stay with the member that screened them), hits
/// escalated to it (the traveller shared for the decision, with an answer form while the
/// hit is still escalated), and owners' answers to hits it escalated.
pub fn notifications(
    t: &Texts,
    viewer: &Viewer<'_>,
    rows: &[Notification],
    place: NotificationsPlace,
    answered: bool,
) -> Markup {
    let content = html! {
        h1 { (t.notifications) }
        @if answered {
            p class="saved" role="status" { (t.answer_saved) }
        }
        @if rows.is_empty() {
            p { (if place.newest { t.no_notifications } else { t.no_older_notifications }) }
        } @else {
            div class="table-scroll" tabindex="0" role="region" aria-label=(t.notifications) { table {
                (column_heads(&[t.when, t.notification_kind, t.record_id, t.screened_by, t.score]))
                tbody {
                    @for row in rows {
                        tr {
                            td { (moment(t, viewer, row.at)) }
                            td { (Texts::word(&t.notification_kinds, &row.kind)) }
                            td {
                                @let is_document = gatecheck_store::RecordKind::of(row.record) == gatecheck_store::RecordKind::Document;
                                @let page = if is_document { "/console/documents/" } else { "/console/records/" };
                                @if let Some(report) = row.report {
                                    a href={ "/console/reports/" (report) } { (t.report) " " (report) }
                                } @else if row.kind == "answered" {
                                    a href={ "/console/hits/" (row.hit) } { (t.hit) " " (row.hit) }
                                } @else if let Some(label) = &row.record_label {
                                    // the owner's own record, by the id its list gives and its name
                                    a href={ (page) (row.record) } {
                                        bdi dir="ltr" translate="no" { (label.id) }
                                        @if !label.name.is_empty() {
                                            " · " bdi { (label.name) }
                                        }
                                    }
                                } @else {
                                    (row.record)
                                }
                            }
                            td { bdi { (row.querier) } " (" (row.querier_country) ")" }
                            td class="number" { @if row.report.is_none() { (score_text(row.score)) } }
                        }
                        @if row.kind != "hit" && row.report.is_none() {
                            tr class="notification-detail" {
                                td colspan="5" { (notification_detail(t, viewer, row)) }
                            }
                        }
                    }
                }
            } }
        }
        @if !place.newest || place.older_before.is_some() {
            nav class="pages" aria-label=(t.page) {
                @if !place.newest {
                    a href="/console/notifications" { (t.newest_notifications) }
                }
                @if let Some(before) = place.older_before {
                    a rel="next" href={ "/console/notifications?before=" (before) } { (t.older_notifications) }
                }
            }
        }
    };
    layout(t, t.notifications, Some(viewer), content)
}

/// Where a page of notifications is in the list, newest first.
#[derive(Debug, Clone, Copy)]
pub struct NotificationsPlace {
    /// The id the page of older ones is read before, when there are older ones.
    pub older_before: Option<i64>,
    /// Whether this is the first page, the newest.
    pub newest: bool,
}

/// What an escalation or an answer says: the traveller shared and the reason, with the
/// answer form while the hit waits for the owner; or the owner's decision and reason.
fn notification_detail(t: &Texts, viewer: &Viewer<'_>, row: &Notification) -> Markup {
    let traveller = row
        .query
        .as_deref()
        .and_then(|query| serde_json::from_str::<Value>(query).ok())
        .map(|query| traveller_of(&query));
    html! {
        @if let Some(traveller) = &traveller {
            dl { (person_facts(t, traveller, html! { bdi { (entity_name(traveller)) } })) }
        }
        @if let Some((actor, reason)) = &row.word {
            p {
                @if row.kind == "answered" {
                    (Texts::word(&t.statuses, &row.status)) " · "
                }
                (t.their_reason) ": " bdi translate="no" { (reason) } " · " (t.by) " " (actor_label(t, actor))
            }
        }
        @if row.kind == "escalated" && row.status == "escalated" {
            form method="post" action={ "/console/hits/" (row.hit) "/answer" } class="card" {
                input type="hidden" name="csrf" value=(viewer.csrf);
                fieldset {
                    legend { (t.answer) " · " (t.hit) " " (row.hit) }
                    p class="hint" { (t.answer_hint) }
                    @for (code, word) in &t.answers {
                        @let id = format!("answer-{}-{code}", row.hit);
                        div class="choice" {
                            input type="radio" name="decision" id=(id) value=(code);
                            label for=(id) { (word) }
                        }
                    }
                }
                div class="field" {
                    @let id = format!("answer-reason-{}", row.hit);
                    label for=(id) { (t.reason) }
                    textarea id=(id) name="reason" rows="2" maxlength="2000" required dir="auto" {}
                }
                button type="submit" class="primary" { (t.send_answer) }
            }
        }
    }
}

/// The member's person records with their access, action and review date: all of them, or
/// those a search found (`found_by`, the text searched).
pub fn records(
    t: &Texts,
    viewer: &Viewer<'_>,
    rows: &[(RecordRow, Vec<String>)],
    total: usize,
    page: usize,
    documents: Option<(&str, &[DocumentRow])>,
    found_by: Option<&str>,
) -> Markup {
    let pages = total.div_ceil(RECORDS_PAGE).max(1);
    // a page of a search links to the search's other pages
    let page_link = |page: usize| match found_by {
        Some(text) => format!(
            "/console/records?person={}&page={page}",
            percent_encode(text)
        ),
        None => format!("/console/records?page={page}"),
    };
    let content = html! {
        h1 { (t.our_records) }
        form method="get" action="/console/records" class="filters card" aria-label=(t.find_document) {
            (text_field("number", t.find_document, documents.map_or("", |(number, _)| number), "text", None))
            div class="buttons" { button type="submit" class="primary" { (t.find) } }
        }
        @if let Some((number, found)) = documents {
            section aria-labelledby="documents-heading" {
                h2 id="documents-heading" { (t.documents) " · " bdi { (number) } }
                @if found.is_empty() {
                    p { (t.no_document) }
                } @else {
                    div class="table-scroll" tabindex="0" role="region" aria-label=(t.documents) { table {
                        (column_heads(&[t.document_number, t.issuing_state, t.document_type, t.document_status, t.access, t.action, t.review_by]))
                        tbody {
                            @for row in found {
                                tr {
                                    td { a href={ "/console/documents/" (row.id) } { bdi translate="no" { (row.document.number) } } }
                                    td { (row.document.issuing_state) }
                                    td { (row.document.kind) }
                                    td { (row.document.status) }
                                    td { (Texts::word(&t.access_levels, &row.terms.access_level)) }
                                    td { bdi { (row.terms.action) } }
                                    td { (row.terms.review_by) }
                                }
                            }
                        }
                    } }
                }
            }
        }
        h2 {
            (t.persons)
            @if let Some(text) = found_by { " · " bdi { (text) } }
        }
        form method="get" action="/console/records" class="filters card" aria-label=(t.find_person) {
            (text_field("person", t.find_person, found_by.unwrap_or(""), "search", None))
            div class="buttons" {
                button type="submit" class="primary" { (t.find) }
                @if found_by.is_some() {
                    a href="/console/records" { (t.every_record) }
                }
            }
        }
        @if rows.is_empty() {
            p { (if found_by.is_some() { t.no_record_matches } else { t.no_records }) }
        } @else {
            div class="table-scroll" tabindex="0" role="region" aria-label=(t.persons) { table {
                (column_heads(&[t.record_id, t.name, t.access, t.action, t.review_by, t.version]))
                tbody {
                    @for (row, members) in rows {
                        @let entity: Value = serde_json::from_str(&row.entity).unwrap_or(Value::Null);
                        tr {
                            td { a href={ "/console/records/" (row.id) } { bdi translate="no" { (row.entity_id) } } }
                            td { bdi { (entity_name(&entity)) } }
                            td {
                                (Texts::word(&t.access_levels, &row.access_level))
                                @if !members.is_empty() { " (" bdi { (members.join(", ")) } ")" }
                            }
                            td { bdi { (row.action) } }
                            td { (row.review_by) }
                            td class="number" { (row.version) }
                        }
                    }
                }
            } }
            (page_nav(t, page, pages, &page_link))
        }
    };
    layout(t, t.our_records, Some(viewer), content)
}

/// What the record form holds, as typed, with a message beside any field refused.
#[derive(Default)]
pub struct RecordForm {
    pub access: String,
    pub members: String,
    pub action: String,
    pub review_by: String,
    pub errors: Vec<(&'static str, String)>,
    pub saved: bool,
    /// The service refused the change as it would open the record to more members: the
    /// form asks the supervisor to confirm, showing the access stored (level, members).
    pub confirm_wider: Option<(String, String)>,
}

/// A record's access, action and review date: a form for supervisors, a list for others.
fn terms_form(
    t: &Texts,
    viewer: &Viewer<'_>,
    action: &str,
    form: &RecordForm,
    may_change: bool,
) -> Markup {
    let error = |field: &str| {
        form.errors
            .iter()
            .find(|(name, _)| *name == field)
            .map(|(_, m)| m.as_str())
    };
    html! {
        @if form.saved {
            p class="saved" role="status" { (t.saved) }
        }
        @if let (true, Some((level, members))) = (may_change, &form.confirm_wider) {
            (confirm_wider(t, viewer, action, form, level, members))
        }
        @if may_change {
            form method="post" action=(action) class="card" novalidate {
                input type="hidden" name="csrf" value=(viewer.csrf);
                fieldset {
                    legend { (t.access) }
                    @for (code, word) in &t.access_levels {
                        @let id = format!("access-{code}");
                        div class="choice" {
                            input type="radio" name="access" id=(id) value=(code) checked[form.access == *code];
                            label for=(id) { (word) }
                        }
                    }
                    @if let Some(message) = error("access") {
                        span class="error" id="access-error" { (message) }
                    }
                }
                div class="field" {
                    label for="members" { (t.access_members) }
                    input id="members" name="members" type="text" value=(form.members) dir="auto"
                        aria-describedby={ "members-hint" @if error("members").is_some() { " members-error" } }
                        aria-invalid=[error("members").map(|_| "true")];
                    span class="hint" id="members-hint" { (t.access_members_hint) }
                    @if let Some(message) = error("members") {
                        span class="error" id="members-error" { (message) }
                    }
                }
                (text_field("action", t.action, &form.action, "text", error("action")))
                (date_field(t, "review_by", t.review_by, &form.review_by, error("review_by")))
                button type="submit" class="primary" { (t.save) }
            }
        } @else {
            dl {
                dt { (t.access) } dd { (Texts::word(&t.access_levels, &form.access)) @if !form.members.is_empty() { " (" bdi { (form.members) } ")" } }
                dt { (t.action) } dd class="action" { bdi { (form.action) } }
                dt { (t.review_by) } dd { (form.review_by) }
            }
            p class="hint" { (t.supervisors_only) }
        }
    }
}

/// An access rule as a person reads it: the level in the viewer's language, and the
/// members of a `members` rule.
fn access_words(t: &Texts, level: &str, members: &str) -> Markup {
    html! {
        (Texts::word(&t.access_levels, level))
        @if level == "members" && !members.is_empty() { " (" bdi { (members) } ")" }
    }
}

/// The second step of a change that opens a record to more members: the access now and
/// after, and a form that posts the same change again with its confirmation.
fn confirm_wider(
    t: &Texts,
    viewer: &Viewer<'_>,
    action: &str,
    form: &RecordForm,
    level: &str,
    members: &str,
) -> Markup {
    html! {
        section class="card confirm" role="alert" aria-labelledby="widening-title" {
            h2 id="widening-title" { (t.widening_title) }
            p { (t.widening_explained) }
            dl {
                dt { (t.access_now) } dd { (access_words(t, level, members)) }
                dt { (t.access_after) } dd { (access_words(t, &form.access, &form.members)) }
            }
            form method="post" action=(action) {
                input type="hidden" name="csrf" value=(viewer.csrf);
                input type="hidden" name="access" value=(form.access);
                input type="hidden" name="members" value=(form.members);
                input type="hidden" name="action" value=(form.action);
                input type="hidden" name="review_by" value=(form.review_by);
                input type="hidden" name="confirm" value="wider-access";
                button type="submit" class="primary" { (t.confirm_widening) }
                " "
                a href=(action) { (t.keep_as_is) }
            }
        }
    }
}

/// One of the member's records; supervisors may change its access, action and review date.
pub fn record(
    t: &Texts,
    viewer: &Viewer<'_>,
    row: &RecordRow,
    form: &RecordForm,
    may_change: bool,
) -> Markup {
    let entity: Value = serde_json::from_str(&row.entity).unwrap_or(Value::Null);
    let content = html! {
        p { a href="/console/records" { (t.our_records) } }
        h1 { bdi { (entity_name(&entity)) } }
        dl {
            (person_facts(t, &entity, html! { bdi { (entity_name(&entity)) } }))
            dt { (t.record_id) } dd { bdi translate="no" { (row.entity_id) } }
            dt { (t.version) } dd { (row.version) }
            dt { (t.changed_at) } dd { (moment(t, viewer, row.updated_at)) }
        }
        (terms_form(t, viewer, &format!("/console/records/{}", row.id), form, may_change))
    };
    layout(t, &row.entity_id, Some(viewer), content)
}

/// One of the member's documents; supervisors may change its access, action and review date.
pub fn document(
    t: &Texts,
    viewer: &Viewer<'_>,
    row: &DocumentRow,
    form: &RecordForm,
    may_change: bool,
) -> Markup {
    let title = format!(
        "{} {} {}",
        row.document.kind, row.document.number, row.document.issuing_state
    );
    let content = html! {
        p { a href="/console/records" { (t.our_records) } }
        h1 { bdi translate="no" { (title) } }
        dl {
            dt { (t.document_number) } dd { bdi translate="no" { (row.document.number) } }
            dt { (t.issuing_state) } dd { (row.document.issuing_state) }
            dt { (t.document_type) } dd { (document_kind(t, &row.document.kind)) }
            dt { (t.document_status) } dd { (Texts::word(&t.document_statuses, row.document.status.as_str())) }
            dt { (t.reported_on) } dd { (row.document.reported_on) }
            dt { (t.version) } dd { (row.version) }
        }
        (terms_form(t, viewer, &format!("/console/documents/{}", row.id), form, may_change))
    };
    layout(t, &title, Some(viewer), content)
}

/// An owner as a hit shows it: the member, its country, and how to reach it.
fn owner_contact(owner: &Owner) -> Markup {
    html! {
        bdi { (owner.name) }
        @if !owner.country.is_empty() { " (" (owner.country) ")" }
        @if !owner.contact.is_empty() { " · " bdi class="contact" translate="no" { (owner.contact) } }
    }
}

/// What a form of passwords or users holds, as typed (never a password), with a message
/// beside any field refused.
#[derive(Default)]
pub struct PeopleForm {
    pub name: String,
    pub role: String,
    pub language: String,
    pub errors: Vec<(&'static str, String)>,
    /// A message of success.
    pub done: Option<&'static str>,
    /// The user an administrator asked to disable, awaiting confirmation.
    pub confirm_disable: Option<String>,
    /// The member's time zone as typed (the users page).
    pub time_zone: String,
}

impl PeopleForm {
    fn error(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|(name, _)| *name == field)
            .map(|(_, message)| message.as_str())
    }
}

fn password_field(
    id: &'static str,
    label: &str,
    hint: Option<&str>,
    error: Option<&str>,
    autocomplete: &str,
) -> Markup {
    let described: Vec<String> = [
        hint.map(|_| format!("{id}-hint")),
        error.map(|_| format!("{id}-error")),
    ]
    .into_iter()
    .flatten()
    .collect();
    html! {
        div class="field" {
            label for=(id) { (label) }
            input id=(id) name=(id) type="password" autocomplete=(autocomplete)
                aria-invalid=[error.map(|_| "true")]
                aria-describedby=[(!described.is_empty()).then(|| described.join(" "))];
            @if let Some(hint) = hint { span class="hint" id={ (id) "-hint" } { (hint) } }
            @if let Some(error) = error { span class="error" id={ (id) "-error" } { (error) } }
        }
    }
}

/// The member's users, a form to add one, and a button to disable each active one or enable
/// each disabled one (administrators); a disabling awaiting confirmation comes first.
pub fn users(t: &Texts, viewer: &Viewer<'_>, users: &[(User, bool)], form: &PeopleForm) -> Markup {
    let content = html! {
        h1 { (t.users) }
        @if let Some(done) = form.done {
            p class="saved" role="status" { (done) }
        }
        @if let Some(name) = &form.confirm_disable {
            section class="card confirm" role="alert" aria-labelledby="disable-title" {
                h2 id="disable-title" { (t.disable_title) " " bdi { (name) } }
                p { (t.disable_explained) }
                form method="post" action="/console/users/disable" {
                    input type="hidden" name="csrf" value=(viewer.csrf);
                    input type="hidden" name="name" value=(name);
                    input type="hidden" name="confirm" value="disable";
                    button type="submit" class="primary" { (t.disable) " " bdi { (name) } }
                    " "
                    a href="/console/users" { (t.cancel) }
                }
            }
        }
        div class="table-scroll" tabindex="0" role="region" aria-label=(t.users) { table {
            (column_heads(&[t.user_name, t.role, t.language, t.user_state, ""]))
            tbody {
                @for (user, disabled) in users {
                    tr {
                        td { bdi { (user.name) } }
                        td { (Texts::word(&t.user_roles, user.role.code())) }
                        td { (Texts::word(&t.languages, user.language.code())) }
                        td { @if *disabled { (t.disabled) } @else { (t.active) } }
                        td {
                            @if *disabled {
                                form method="post" action="/console/users/enable" class="inline" {
                                    input type="hidden" name="csrf" value=(viewer.csrf);
                                    input type="hidden" name="name" value=(user.name);
                                    button type="submit" aria-label={ (t.enable) " " (user.name) } { (t.enable) }
                                }
                            } @else if user.name != viewer.user {
                                form method="post" action="/console/users/disable" class="inline" {
                                    input type="hidden" name="csrf" value=(viewer.csrf);
                                    input type="hidden" name="name" value=(user.name);
                                    button type="submit" aria-label={ (t.disable) " " (user.name) } { (t.disable) "…" }
                                }
                            }
                        }
                    }
                }
            }
        } }
        h2 { (t.add_user) }
        form method="post" action="/console/users" class="card narrow" novalidate {
            input type="hidden" name="csrf" value=(viewer.csrf);
            (text_field("name", t.user_name, &form.name, "text", form.error("name")))
            div class="field" {
                label for="role" { (t.role) }
                select id="role" name="role" {
                    @for (code, word) in &t.user_roles {
                        option value=(code) selected[form.role == *code] { (word) }
                    }
                }
            }
            div class="field" {
                label for="language" { (t.language) }
                select id="language" name="language" {
                    @for (code, word) in &t.languages {
                        option value=(code) selected[form.language == *code] { (word) }
                    }
                }
            }
            (password_field("password", t.initial_password, Some(t.password_rule), form.error("password"), "new-password"))
            button type="submit" class="primary" { (t.add_user) }
        }
        h2 { (t.time_zone) }
        form method="post" action="/console/time-zone" class="card narrow" novalidate {
            input type="hidden" name="csrf" value=(viewer.csrf);
            div class="field" {
                label for="time_zone" { (t.time_zone) }
                input id="time_zone" name="time_zone" type="text" value=(form.time_zone) dir="ltr"
                    autocomplete="off" spellcheck="false"
                    aria-invalid=[form.error("time_zone").map(|_| "true")]
                    aria-describedby={ "time_zone-hint" @if form.error("time_zone").is_some() { " time_zone-error" } };
                span class="hint" id="time_zone-hint" { (t.time_zone_hint) }
                @if let Some(message) = form.error("time_zone") {
                    span class="error" id="time_zone-error" { (message) }
                }
            }
            button type="submit" { (t.save) }
        }
    };
    layout(t, t.users, Some(viewer), content)
}

/// The user's own account: a new password.
/// The account page: the password form, and the digit style of this browser (`digits`,
/// the code of the one chosen; `by-language` when none).
pub fn account(t: &Texts, viewer: &Viewer<'_>, form: &PeopleForm, digits: &str) -> Markup {
    let content = html! {
        h1 { (t.account) }
        p { bdi { (viewer.user) } " (" bdi { (viewer.member) } ")" }
        @if let Some(done) = form.done {
            p class="saved" role="status" { (done) }
        }
        form method="post" action="/console/digits" class="card" {
            input type="hidden" name="csrf" value=(viewer.csrf);
            fieldset {
                legend { (t.digits) }
                @for (code, words) in &t.digit_styles {
                    @let id = format!("digits-{code}");
                    div class="choice" {
                        input type="radio" name="digits" id=(id) value=(code) checked[digits == *code];
                        label for=(id) translate="no" { (words) }
                    }
                }
            }
            button type="submit" { (t.save) }
        }
        form method="post" action="/console/account" class="card narrow" novalidate {
            input type="hidden" name="csrf" value=(viewer.csrf);
            (password_field("current", t.current_password, None, form.error("current"), "current-password"))
            (password_field("new", t.new_password, Some(t.password_rule), form.error("new"), "new-password"))
            (password_field("repeat", t.repeat_password, None, form.error("repeat"), "new-password"))
            button type="submit" class="primary" { (t.save) }
        }
    };
    layout(t, t.account, Some(viewer), content)
}

/// Who did something, as the audit names them, the way a person reads it: a user by name
/// with the member in brackets (`member:iraq-nsa/user:amal` as "amal (iraq-nsa)"); a member's
/// API key as the member "through the API"; anything else as it is.
fn actor_label(t: &Texts, actor: &str) -> Markup {
    let member_and_user =
        actor
            .strip_prefix("member:")
            .map(|rest| match rest.split_once("/user:") {
                Some((member, user)) => (member, Some(user)),
                None => (rest, None),
            });
    html! {
        @match member_and_user {
            Some((member, Some(user))) => { bdi class="actor" { (user) } " (" bdi { (member) } ")" },
            Some((member, None)) => { bdi class="actor" { (member) } " (" (t.through_api) ")" },
            None => bdi class="actor" { (actor) },
        }
    }
}

fn strings(value: &Value, key: &str) -> Vec<String> {
    value
        .get(key)
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

fn number(value: &Value, key: &str) -> f64 {
    value.get(key).and_then(Value::as_f64).unwrap_or(0.0)
}

fn text<'a>(value: &'a Value, key: &str) -> &'a str {
    value.get(key).and_then(Value::as_str).unwrap_or("")
}

/// The facts of a person entity, as rows of a description list.
fn person_facts(t: &Texts, entity: &Value, name: Markup) -> Markup {
    let rows: [(&str, &str); 4] = [
        (t.birth_date, "birthDate"),
        (t.nationality, "nationality"),
        (t.gender, "gender"),
        (t.document_number, "passportNumber"),
    ];
    html! {
        dt { (t.name) } dd { (name) }
        @for (label, key) in rows {
            @if let Some(value) = property(entity, key).or_else(|| (key == "passportNumber").then(|| property(entity, "idNumber")).flatten()) {
                dt { (label) }
                dd { bdi translate=[(key == "passportNumber").then_some("no")] {
                    @match key {
                        "nationality" => (value.to_uppercase()),
                        "gender" => (Texts::word(&t.genders, &value)),
                        _ => (value),
                    }
                } }
            }
        }
        // an organisation's or a payment party's identifiers, written left to right
        @for (key, label) in t.identifiers {
            @if let Some(value) = property(entity, key) {
                dt { (label) }
                dd { bdi dir="ltr" translate="no" class="identifier" { (value) } }
            }
        }
    }
}

/// Every party of the payment or shipment a hit was raised on, one row each in the
/// message's order, the party of the hit (`role`) marked; the message's amount and value
/// date, and its free texts (remittance information, goods), so that an officer sees who
/// else the money or the goods went through.
fn message_parties(t: &Texts, message: &Transaction, role: Option<&str>) -> Markup {
    html! {
        section class="card message" aria-labelledby="message-heading" {
            h2 id="message-heading" { (t.message_parties) }
            p class="meta" {
                bdi translate="no" { (message.format) } " · " bdi class="reference" translate="no" { (message.reference) }
                @if let (Some(currency), Some(amount)) = (&message.currency, &message.amount) {
                    " · " (t.amount) " " bdi dir="ltr" translate="no" { (currency) " " (amount) }
                }
                @if let Some(date) = &message.value_date {
                    " · " (t.value_date) " " bdi dir="ltr" translate="no" { (date) }
                }
            }
            div class="table-scroll" tabindex="0" role="region" aria-label=(t.message_parties) {
                table class="parties" {
                    thead { tr {
                        th scope="col" { (t.party_role) }
                        th scope="col" { (t.party_name) }
                        th scope="col" { (t.party_kind) }
                        th scope="col" { (t.party_country) }
                        th scope="col" { (t.party_identifiers) }
                        th scope="col" { (t.address) }
                    } }
                    tbody {
                        @for party in &message.parties {
                            @let this = role == Some(party.role.as_str());
                            tr class=[this.then_some("this-party")] aria-current=[this.then_some("true")] {
                                th scope="row" {
                                    bdi translate="no" { (party.role.replace('_', " ")) }
                                    @if this { " " strong { "(" (t.this_party) ")" } }
                                }
                                td { bdi { (party.name.as_deref().unwrap_or("—")) } }
                                td { bdi translate="no" { (party.kind.as_str()) } }
                                td { (party.country.as_deref().map(str::to_uppercase).unwrap_or_default()) }
                                td {
                                    @for (at, id) in party.identifiers.iter().enumerate() {
                                        @if at > 0 { br; }
                                        bdi translate="no" { (id.kind.as_str().replace('_', " ")) } " "
                                        bdi dir="ltr" translate="no" class="identifier" { (id.value) }
                                    }
                                }
                                td { bdi { (party.address.join(", ")) } }
                            }
                        }
                    }
                }
            }
            @if !message.texts.is_empty() {
                h3 { (t.free_texts) }
                dl {
                    @for text in &message.texts {
                        dt { bdi translate="no" { (text.role.replace('_', " ")) } }
                        dd { bdi { (text.text) } }
                    }
                }
            }
        }
    }
}

/// A form field's state after a refused submission.
#[derive(Default)]
pub struct DecisionForm {
    pub status: String,
    pub reason: String,
    pub status_error: bool,
    pub reason_error: bool,
    /// A false positive was refused: the record is withheld from the member.
    pub withheld_error: bool,
    /// The hit whose decision was just saved (this one, or the one before "save and
    /// next" opened this).
    pub saved: Option<i64>,
}

impl DecisionForm {
    fn refused(&self) -> bool {
        self.status_error || self.reason_error || self.withheld_error
    }
}

/// The traveller card of a document hit: the person who presented the document (as the
/// manifest or the zone named them; "not given" when the look-up named nobody), the
/// document presented and the flight.
fn presenting_traveller(
    t: &Texts,
    query: &Value,
    flight: Option<&(i64, String, String)>,
) -> Markup {
    let holder = holder_of(query).unwrap_or(Value::Null);
    let name = ["name", "firstName", "middleName", "lastName"]
        .iter()
        .any(|key| property(&holder, key).is_some())
        .then(|| entity_name(&holder));
    html! {
        dl {
            dt { (t.name) }
            dd { @match &name { Some(name) => bdi class="name" { (name) }, None => span class="hidden-field" { (t.name_not_given) } } }
            @for (label, key) in [(t.birth_date, "birthDate"), (t.nationality, "nationality"), (t.gender, "gender")] {
                @if let Some(value) = property(&holder, key) {
                    dt { (label) }
                    dd { bdi {
                        @match key {
                            "nationality" => (value.to_uppercase()),
                            "gender" => (Texts::word(&t.genders, &value)),
                            _ => (value),
                        }
                    } }
                }
            }
            dt { (t.document_presented) }
            dd { bdi dir="ltr" translate="no" { (text(query, "number")) " " (text(query, "issuing_state")) } }
            @if let Some((id, flight, reference)) = flight {
                dt { (t.flight) }
                dd { a href={ "/console/flights/" (id) } { bdi translate="no" { (flight_label(flight)) } } " " bdi class="reference" translate="no" { (reference) } }
            }
        }
    }
}

/// Why a person hit was raised, in detail: what the score is, the legend of the marks, each
/// name part as written in each name (never the engine's normalised form) with its agreement
/// in words and its share of the name, and each other detail's effect in words.
fn reasons(t: &Texts, explanation: &Value) -> Markup {
    let parts: Vec<&Value> = explanation
        .get("parts")
        .and_then(Value::as_array)
        .map(|parts| parts.iter().collect())
        .unwrap_or_default();
    let query_name = text(explanation, "query_name");
    let listed_name = text(explanation, "listed_name");
    let total_weight: f64 = parts.iter().map(|part| number(part, "weight")).sum();
    // a part as its name wrote it; the part itself when its words are not found there
    let as_written = |name: &str, part: &str| {
        let words = plain::words_of_part(name, part);
        if words.is_empty() {
            part.to_string()
        } else {
            words
        }
    };
    let qualifiers = explanation
        .get("qualifiers")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    html! {
        section aria-labelledby="why-heading" {
            h2 id="why-heading" { (t.why) }
            p class="hint" { (t.score_scale) }
            @if !parts.is_empty() {
                (plain::marks_legend(t))
                div class="table-scroll" tabindex="0" role="region" aria-label=(t.name_parts) { table class="parts" {
                    caption { (t.name_parts) " · " (t.name_score) " " (plain::score_in_words(t, number(explanation, "name_score"))) }
                    (column_heads(&[t.traveller_name_part, t.listed_name_part, t.agreement, t.share_of_name, t.how]))
                    tbody {
                        @for part in &parts {
                            tr {
                                td { bdi { (as_written(query_name, text(part, "query"))) } }
                                td { bdi { (as_written(listed_name, text(part, "listed"))) } }
                                td { (plain::score_in_words(t, number(part, "similarity"))) }
                                td class="number" {
                                    @if total_weight > 0.0 { (format!("{:.0} %", 100.0 * number(part, "weight") / total_weight)) }
                                }
                                td { (Texts::word(&t.kinds, text(part, "how"))) }
                            }
                        }
                        @for part in strings(explanation, "unmatched_query_parts") {
                            tr class="unmatched" { td { bdi { (as_written(query_name, &part)) } } td { (t.mark_unmatched) } td {} td {} td {} }
                        }
                        @for part in strings(explanation, "unmatched_listed_parts") {
                            tr class="unmatched" { td { (t.mark_unmatched) } td { bdi { (as_written(listed_name, &part)) } } td {} td {} td {} }
                        }
                    }
                } }
            }
            @if !qualifiers.is_empty() {
                div class="table-scroll" tabindex="0" role="region" aria-label=(t.qualifiers) { table class="qualifiers" {
                    caption { (t.qualifiers) }
                    (column_heads(&[t.property, t.traveller, t.listed_record, t.outcome, t.effect]))
                    tbody {
                        @for qualifier in &qualifiers {
                            @let weight = number(qualifier, "weight");
                            tr class=(if weight < 0.0 { "lowers" } else { "raises" }) {
                                td { (Texts::word(&t.properties, Texts::word(&t.identifiers, text(qualifier, "property")))) }
                                td { bdi { (text(qualifier, "query")) } }
                                td { bdi { (text(qualifier, "listed")) } }
                                td { (Texts::word(&t.outcomes, text(qualifier, "outcome"))) }
                                td class="effect" { ((t.effect_words)(weight)) }
                            }
                        }
                    }
                } }
            }
        }
    }
}

/// A hit in detail, the action first: a banner with the severity, the kind of hit, what the
/// owner asks and one sentence of why; then the traveller (for a document, the person who
/// presented it) beside the listed record, the reasons in words, the history, and the
/// decision form with "save and next" and the keyboard's shortcuts.
pub fn hit_detail(
    t: &Texts,
    viewer: &Viewer<'_>,
    detail: &HitDetail,
    form: &DecisionForm,
) -> Markup {
    let hit = &detail.hit;
    let query: Value = serde_json::from_str(&hit.query).unwrap_or(Value::Null);
    let explanation = detail.explanation.as_ref();
    let parts: Vec<&Value> = explanation
        .and_then(|e| e.get("parts"))
        .and_then(Value::as_array)
        .map(|parts| parts.iter().collect())
        .unwrap_or_default();
    let query_parts: Vec<(String, f64)> = parts
        .iter()
        .map(|part| (text(part, "query").to_string(), number(part, "similarity")))
        .collect();
    let listed_parts: Vec<(String, f64)> = parts
        .iter()
        .map(|part| (text(part, "listed").to_string(), number(part, "similarity")))
        .collect();
    let unmatched_query = explanation
        .map(|e| strings(e, "unmatched_query_parts"))
        .unwrap_or_default();
    let unmatched_listed = explanation
        .map(|e| strings(e, "unmatched_listed_parts"))
        .unwrap_or_default();
    let severity = plain::hit_severity(&hit.status, &detail.record);
    let kind = plain::hit_kind(t, &detail.record, explanation);
    let action = plain::record_action(&detail.record);
    let why = match &detail.record {
        RecordView::Person { record, .. } => {
            // a listed organisation has no date of birth to miss
            let born = serde_json::from_str::<Value>(&record.entity)
                .map_or(true, |entity| entity["schema"] == "Person");
            explanation.map(|e| plain::why_sentence(t, e, born))
        }
        RecordView::Document { document, .. } => {
            Some((t.why_document)(&kind, &document.document.reported_on))
        }
        RecordView::ContactOwner { .. } | RecordView::ReferToOwner => None,
    };
    let is_document = query.get("number").is_some();
    let title = format!("{} {} · {kind}", t.hit, hit.id);
    let content = html! {
        p { a href="/console/hits" id="back-to-queue" { (t.back_to_queue) } }
        @if let Some(saved) = form.saved {
            p class="saved" role="status" { ((t.decision_saved_on)(saved)) }
        }
        @if form.refused() {
            div class="error-summary" role="alert" {
                p { (t.not_saved) }
                ul {
                    @if form.status_error { li { a href="#decision-choices" { (t.choose_decision) } } }
                    @if form.reason_error { li { a href="#reason" { (t.reason_required) } } }
                    @if form.withheld_error { li { a href="#withheld-hint" { (t.withheld_escalate) } } }
                }
            }
        }
        h1 { (t.hit) " " (hit.id) }
        (plain::banner(t, severity, &kind, action, &hit.status, why.as_deref()))
        p class="meta" {
            (t.score) " " (plain::score_in_words(t, hit.score)) " · "
            (moment(t, viewer, hit.at))
            " · " span class={ "status status-" (hit.status) } { (Texts::word(&t.statuses, &hit.status)) }
            @if let Some((_, flight, reference)) = &detail.manifest {
                " · " (t.flight) " " bdi translate="no" { (flight_label(flight)) } " " bdi class="reference" translate="no" { (reference) }
            }
            // the same traveller screened again within the shift: this hit, seen again
            @if let Some(seen) = detail.seen_again() {
                " · " span class="seen-again" { ((t.seen_again)(seen.times)) " " (moment(t, viewer, seen.last_at)) }
            }
        }
        div class="side-by-side" {
            section class="card" aria-labelledby="traveller-heading" {
                @let party = gatecheck_service::transactions::party_of(&query);
                h2 id="traveller-heading" { @if party.is_some() { (t.party) } @else { (t.traveller) } }
                @if let Some((reference, role)) = party {
                    dl {
                        (person_facts(t, &query, plain::marked_name(&entity_name(&query), &query_parts, &unmatched_query)))
                        @if let Some(address) = property(&query, "address") {
                            dt { (t.address) } dd { bdi { (address) } }
                        }
                        dt { (t.party_role) } dd { bdi translate="no" { (role.replace('_', " ")) } }
                        dt { (t.message) } dd { bdi class="reference" translate="no" { (reference) } }
                    }
                } @else if is_document {
                    (presenting_traveller(t, &query, detail.manifest.as_ref()))
                } @else {
                    @let traveller = traveller_of(&query);
                    dl {
                        (person_facts(t, &traveller, plain::marked_name(&entity_name(&traveller), &query_parts, &unmatched_query)))
                        @if let Some((id, flight, reference)) = &detail.manifest {
                            dt { (t.flight) }
                            dd { a href={ "/console/flights/" (id) } { bdi translate="no" { (flight_label(flight)) } } " " bdi class="reference" translate="no" { (reference) } }
                        }
                    }
                }
            }
            section class="card" aria-labelledby="record-heading" {
                h2 id="record-heading" { (t.listed_record) }
                @match &detail.record {
                    RecordView::Person { record, owner } => {
                        @let entity: Value = serde_json::from_str(&record.entity).unwrap_or(Value::Null);
                        @let listed_name = explanation.map(|e| text(e, "listed_name").to_string()).filter(|n| !n.is_empty()).unwrap_or_else(|| entity_name(&entity));
                        dl {
                            (person_facts(t, &entity, plain::marked_name(&listed_name, &listed_parts, &unmatched_listed)))
                            dt { (t.record_id) } dd { bdi translate="no" { (record.entity_id) } }
                            (listing_rows(t, &record.entity))
                            dt { (t.action) } dd class="action" { bdi { (record.action) } }
                            dt { (t.owner) } dd { (owner_contact(owner)) }
                            dt { (t.access) } dd { (Texts::word(&t.access_levels, &record.access_level)) }
                            dt { (t.review_by) } dd { (record.review_by) }
                        }
                    }
                    RecordView::Document { document, owner } => {
                        dl {
                            dt { (t.document_status) } dd class={ "document-status document-status-" (document.document.status) } { (Texts::word(&t.document_statuses, document.document.status.as_str())) }
                            dt { (t.document_number) } dd { bdi dir="ltr" translate="no" { (document.document.number) } }
                            dt { (t.issuing_state) } dd { (document.document.issuing_state) }
                            dt { (t.document_type) } dd { (document_kind(t, &document.document.kind)) }
                            dt { (t.reported_on) } dd { (document.document.reported_on) }
                            dt { (t.action) } dd class="action" { bdi { (document.terms.action) } }
                            dt { (t.owner) } dd { (owner_contact(owner)) }
                            dt { (t.access) } dd { (Texts::word(&t.access_levels, &document.terms.access_level)) }
                            dt { (t.review_by) } dd { (document.terms.review_by) }
                        }
                    }
                    RecordView::ContactOwner { owner } => {
                        p class="hidden-field" { (t.hidden_contact_owner) " " (owner_contact(owner)) }
                    }
                    RecordView::ReferToOwner => {
                        p class="hidden-field" { (t.hidden_refer_to_owner) }
                    }
                }
            }
        }
        @if let Some((_, message)) = &detail.message {
            (message_parties(t, message, gatecheck_service::transactions::party_of(&query).map(|(_, role)| role)))
        }
        @if let Some(explanation) = explanation.filter(|_| !is_document) {
            (reasons(t, explanation))
        }
        section aria-labelledby="history-heading" {
            h2 id="history-heading" { (t.history) }
            @if detail.history.is_empty() {
                p { (t.no_history) }
            } @else {
                ol class="history" {
                    @for (at, actor, status, reason) in &detail.history {
                        li {
                            (moment(t, viewer, *at)) " · "
                            span class={ "status status-" (status) } { (Texts::word(&t.statuses, status)) } " · "
                            (t.by) " " (actor_label(t, actor)) " · "
                            q { bdi translate="no" { (reason) } }
                        }
                    }
                }
            }
        }
        @if let Some(suppression) = &detail.suppression {
            section aria-labelledby="suppression-heading" class="card suppression" {
                h2 id="suppression-heading" class="visually-hidden" { (t.suppression_in_force) }
                @match (suppression.revoked_at, &suppression.revoked_by) {
                    (None, _) => {
                        p { (t.suppression_in_force) " "
                            (moment(t, viewer, suppression.at)) " · "
                            (t.by) " " (actor_label(t, &suppression.actor)) }
                        form method="post" action={ "/console/hits/" (hit.id) "/revoke" } {
                            input type="hidden" name="csrf" value=(viewer.csrf);
                            button type="submit" { (t.revoke_suppression) }
                        }
                    }
                    (Some(at), by) => {
                        p class="hint" { (t.suppression_revoked) " "
                            (moment(t, viewer, at))
                            @if let Some(by) = by { " · " (t.by) " " (actor_label(t, by)) } }
                    }
                }
            }
        }
        section aria-labelledby="decision-heading" id="decision" {
            h2 id="decision-heading" { (t.decision) }
            // the action names the form's own place, so that a refused decision opens
            // where its messages are
            form method="post" action={ "/console/hits/" (hit.id) "#decision" } class="card decision" novalidate {
                input type="hidden" name="csrf" value=(viewer.csrf);
                fieldset id="decision-choices" aria-describedby=[form.status_error.then_some("status-error")] {
                    legend class="visually-hidden" { (t.decision) }
                    // a member that may not see the record cannot say the traveller is not
                    // the one listed: it escalates, and the owner answers
                    @for (code, word) in t.statuses.iter().skip(1).filter(|(code, _)| detail.record.is_full() || *code != "false-positive") {
                        @let id = format!("decision-{code}");
                        div class="choice" {
                            input type="radio" name="status" id=(id) value=(code) checked[form.status == *code];
                            label for=(id) { (word) }
                        }
                    }
                    @if form.status_error {
                        span class="error" id="status-error" { (t.choose_decision) }
                    }
                }
                @if !detail.record.is_full() {
                    p class=(if form.withheld_error { "error" } else { "hint" }) id="withheld-hint" { (t.withheld_escalate) }
                }
                div class="field" {
                    label for="reason" { (t.reason) }
                    textarea id="reason" name="reason" rows="3" maxlength="2000" required dir="auto"
                        aria-invalid=[form.reason_error.then_some("true")]
                        aria-describedby=[form.reason_error.then_some("reason-error")] { (form.reason) }
                    @if form.reason_error {
                        span class="error" id="reason-error" { (t.reason_required) }
                    }
                }
                div class="buttons" {
                    button type="submit" class="primary" id="save" { (t.save_decision) }
                    button type="submit" name="then" value="next" id="save-next" { (t.save_and_next) }
                }
            }
            details class="shortcuts" id="shortcuts" {
                summary { (t.shortcuts) }
                div class="choice" {
                    input type="checkbox" id="shortcuts-on" checked;
                    label for="shortcuts-on" { (t.shortcuts_on) }
                }
                dl {
                    @for (key, what) in &t.shortcut_keys {
                        dt { kbd { (key) } } dd { (what) }
                    }
                }
            }
        }
    };
    layout(t, &title, Some(viewer), content)
}

/// The console's style sheet: logical properties throughout, so that the same rules lay
/// out left to right and right to left.
pub const STYLE: &str = include_str!("console.css");

/// The console's one script: tells of new hits while the queue is open. The pages work
/// without it.
pub const SCRIPT: &str = include_str!("console.js");
