//! The OpenAPI document against the server: every answer of a tour of the API (each route,
//! its successes and its errors) is listed in the document with its status and content
//! type, and validates against the schema documented for it; `openapi-spec-validator`
//! accepts the document; and `schemathesis` finds no failure against a live server on
//! loopback (bounded: a fixed number of examples an operation, a fixed seed). The Python
//! tools come from the virtual environment `GATECHECK_SCHEMATHESIS_PYTHON` names (as
//! `.ci/run` installs them); without it those checks are skipped with a notice, unless
//! `GATECHECK_REQUIRE_SCHEMATHESIS` is set. The persons are fictional.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use gatecheck_server::{router, ApiConfig, AppState};
use gatecheck_service::members;
use gatecheck_store::Store;
use http_body_util::BodyExt;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tower::ServiceExt;

/// 2026-11-29, fixed so that review dates are stable.
fn clock() -> i64 {
    1_795_910_400
}

/// The versions `.ci/run` installs (and these tests were run with).
const PINNED: &str = "schemathesis==4.32.5 openapi-spec-validator==0.9.0";

/// The Python with schemathesis, openapi-spec-validator and jsonschema installed:
/// `GATECHECK_SCHEMATHESIS_PYTHON`; `None` (after a notice) when it is unset or cannot
/// import them, unless `GATECHECK_REQUIRE_SCHEMATHESIS` is set.
fn schemathesis_python() -> Option<PathBuf> {
    let required = std::env::var_os("GATECHECK_REQUIRE_SCHEMATHESIS").is_some();
    let Some(python) = std::env::var_os("GATECHECK_SCHEMATHESIS_PYTHON") else {
        assert!(
            !required,
            "GATECHECK_REQUIRE_SCHEMATHESIS is set but GATECHECK_SCHEMATHESIS_PYTHON is not"
        );
        eprintln!(
            "warning: skipping: GATECHECK_SCHEMATHESIS_PYTHON is unset (a venv's python with pip install {PINNED})"
        );
        return None;
    };
    let python = PathBuf::from(python);
    let importable = std::process::Command::new(&python)
        .args([
            "-c",
            "import schemathesis, openapi_spec_validator, jsonschema",
        ])
        .output()
        .is_ok_and(|output| output.status.success());
    if importable {
        return Some(python);
    }
    assert!(
        !required,
        "GATECHECK_REQUIRE_SCHEMATHESIS is set but {} cannot import schemathesis, openapi_spec_validator and jsonschema",
        python.display()
    );
    eprintln!(
        "warning: skipping: {} cannot import schemathesis (pip install {PINNED})",
        python.display()
    );
    None
}

/// Members and their keys: an owner of records, a partner it shares some with, an
/// outsider.
struct Members {
    owner: String,
    partner: String,
    outsider: String,
}

/// A store in `directory` with the three members; the router over it.
fn api(directory: &Path) -> (axum::Router, Members) {
    let mut store = Store::open(directory).unwrap();
    let mut key = |name: &str, country: &str| {
        members::add_member(&mut store, name, country, false, "cli:test", clock())
            .unwrap()
            .1
            .expose()
            .to_string()
    };
    let keys = Members {
        owner: key("jordan-psd", "JOR"),
        partner: key("iraq-nsa", "IRQ"),
        outsider: key("tunisia-dgsn", "TUN"),
    };
    let state = AppState::new(store, ApiConfig::default(), clock).unwrap();
    (router(Arc::new(state)), keys)
}

/// One request and its answer, under the path as documented.
struct Exchange {
    method: &'static str,
    documented_path: &'static str,
    status: StatusCode,
    content_type: String,
    body: Value,
}

/// Sends requests to the router and keeps every exchange.
struct Tour {
    app: axum::Router,
    exchanges: Vec<Exchange>,
}

/// A request body and the content type it is sent as.
enum Sent {
    Nothing,
    Json(Value),
    Raw(&'static str, Vec<u8>),
}

impl Tour {
    /// Sends `method uri` (documented as `documented_path`) with `key`, and answers the
    /// status and body (JSON, or the text as a string).
    async fn call(
        &mut self,
        method: &'static str,
        documented_path: &'static str,
        uri: &str,
        key: Option<&str>,
        sent: Sent,
    ) -> (StatusCode, Value) {
        let mut request = Request::builder()
            .method(method.to_uppercase().as_str())
            .uri(uri);
        if let Some(key) = key {
            request = request.header("authorization", format!("Bearer {key}"));
        }
        let body = match sent {
            Sent::Nothing => Body::empty(),
            Sent::Json(value) => {
                request = request.header("content-type", "application/json");
                Body::from(value.to_string())
            }
            Sent::Raw(content_type, bytes) => {
                request = request.header("content-type", content_type);
                Body::from(bytes)
            }
        };
        let response = self
            .app
            .clone()
            .oneshot(request.body(body).unwrap())
            .await
            .unwrap();
        let status = response.status();
        let content_type = response
            .headers()
            .get("content-type")
            .map(|value| value.to_str().unwrap().to_string())
            .unwrap_or_default();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        let body = if content_type.starts_with("application/json") {
            serde_json::from_slice(&bytes).unwrap()
        } else {
            Value::String(String::from_utf8_lossy(&bytes).into_owned())
        };
        self.exchanges.push(Exchange {
            method,
            documented_path,
            status,
            content_type,
            body: body.clone(),
        });
        (status, body)
    }
}

fn person(id: &str, name: &str, birth_date: &str) -> Value {
    json!({"id": id, "schema": "Person", "properties": {"name": [name], "birthDate": [birth_date]}})
}

/// The ICAO 9303 specimen passport's zone.
const SPECIMEN_ZONE: &str =
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10\n";

/// Every route, its successes and its usual errors, as the router answers them.
async fn tour(app: axum::Router, keys: &Members) -> Vec<Exchange> {
    let mut tour = Tour {
        app,
        exchanges: Vec::new(),
    };
    let (owner, partner, outsider) = (
        Some(keys.owner.as_str()),
        Some(keys.partner.as_str()),
        Some(keys.outsider.as_str()),
    );
    use Sent::{Json, Nothing, Raw};
    for path in [
        "/healthz",
        "/readyz",
        "/openapi.json",
        "/metrics",
        "/algorithms",
    ] {
        let documented = match path {
            "/healthz" => "/healthz",
            "/readyz" => "/readyz",
            "/openapi.json" => "/openapi.json",
            "/metrics" => "/metrics",
            _ => "/algorithms",
        };
        let (status, _) = tour.call("get", documented, path, None, Nothing).await;
        assert_eq!(status, StatusCode::OK, "{path}");
    }

    // records at each level, one with a listing nested, and a document
    let mut records = Vec::new();
    for (entity, access) in [
        (
            person("r-all", "Khalid Saeed Barakat", "1984-03-12"),
            json!({"level": "all"}),
        ),
        (
            person("r-members", "Yusuf Adnan Haddad", "1984-03-12"),
            json!({"level": "members", "members": ["iraq-nsa"]}),
        ),
        (
            person("r-owner", "Samir Fawzi Qasim", "1984-03-12"),
            json!({"level": "owner-only"}),
        ),
        (
            json!({"id": "r-nested", "schema": "Person", "properties": {
                "name": ["Karim Nasser Haddad"], "birthDate": ["1980-02-03"],
                "sanctions": [{"id": "san-1", "schema": "Sanction", "properties": {
                    "entity": ["r-nested"], "program": ["SDGT"], "authority": ["Office of Foreign Assets Control"]}}],
                "familyPerson": [{"id": "fam-1", "schema": "Family", "properties": {
                    "person": ["r-nested"], "relative": ["r-brother"], "relationship": ["brother"]}}]}}),
            json!({"level": "all"}),
        ),
    ] {
        let request = json!({"entity": entity, "access": access, "action": "arrest", "review_by": "2030-01-01"});
        let (status, answer) = tour
            .call("post", "/v1/records", "/v1/records", owner, Json(request))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{answer}");
        records.push(answer["id"].as_i64().unwrap());
    }
    let document = json!({"document": {"number": "L898902C3", "issuing_state": "UTO", "type": "P", "status": "stolen", "reported_on": "2026-11-01"}});
    let (status, answer) = tour
        .call(
            "post",
            "/v1/records",
            "/v1/records",
            owner,
            Json(document.clone()),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{answer}");
    let document_record = answer["id"].as_i64().unwrap();
    // errors of a record written: no entity nor document, a field not taken, wider access
    // unconfirmed, bad JSON, no key
    for (request, expected) in [
        (json!({"action": "arrest"}), StatusCode::BAD_REQUEST),
        (
            json!({"entity": person("x", "A B", "1990"), "owner": "me"}),
            StatusCode::BAD_REQUEST,
        ),
        (
            json!({"entity": person("r-owner", "Samir Fawzi Qasim", "1984-03-12"), "access": {"level": "all"}}),
            StatusCode::CONFLICT,
        ),
    ] {
        let (status, answer) = tour
            .call("post", "/v1/records", "/v1/records", owner, Json(request))
            .await;
        assert_eq!(status, expected, "{answer}");
    }
    let (status, _) = tour
        .call(
            "post",
            "/v1/records",
            "/v1/records",
            owner,
            Raw("application/json", b"{\"entity\": ".to_vec()),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = tour
        .call("post", "/v1/records", "/v1/records", None, Json(json!({})))
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = tour
        .call(
            "post",
            "/v1/records",
            "/v1/records",
            owner,
            Raw(
                "application/json",
                vec![b' '; gatecheck_server::MAX_BODY_BYTES + 1],
            ),
        )
        .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);

    // records read, replaced and deleted
    for id in [records[0], records[3], document_record] {
        let uri = format!("/v1/records/{id}");
        let (status, answer) = tour
            .call("get", "/v1/records/{id}", &uri, owner, Nothing)
            .await;
        assert_eq!(status, StatusCode::OK, "{answer}");
    }
    for uri in ["/v1/records/999999", "/v1/records/not-a-number"] {
        let (status, _) = tour
            .call("get", "/v1/records/{id}", uri, owner, Nothing)
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
    let replaced = json!({"entity": person("r-all", "Khalid Saeed Barakat", "1984-03-12"), "action": "arrest and notify"});
    let uri = format!("/v1/records/{}", records[0]);
    let (status, answer) = tour
        .call(
            "put",
            "/v1/records/{id}",
            &uri,
            owner,
            Json(replaced.clone()),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let (status, _) = tour
        .call("put", "/v1/records/{id}", &uri, partner, Json(replaced))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let uri = format!("/v1/records/{document_record}");
    // a part of another kind of record is refused, not dropped unread (found by schemathesis)
    let (status, answer) = tour
        .call(
            "put",
            "/v1/records/{id}",
            &uri,
            owner,
            Json(json!({"document": document["document"].clone(), "entity": [null, null]})),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    assert!(answer.to_string().contains("entity: record"), "{answer}");
    let replaced = json!({"document": {"number": "L898902C3", "issuing_state": "UTO", "type": "P", "status": "lost", "reported_on": "2026-11-02"}});
    let (status, answer) = tour
        .call("put", "/v1/records/{id}", &uri, owner, Json(replaced))
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let (status, answer) = tour
        .call(
            "post",
            "/v1/records",
            "/v1/records",
            owner,
            Json(json!({"entity": person("r-gone", "Orla Quill", "1970")})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{answer}");
    let uri = format!("/v1/records/{}", answer["id"]);
    let (status, _) = tour
        .call("delete", "/v1/records/{id}", &uri, partner, Nothing)
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = tour
        .call("delete", "/v1/records/{id}", &uri, owner, Nothing)
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);

    // screenings, as each member sees the records
    let mut hit = None;
    for key in [partner, outsider, owner] {
        for name in [
            "Khalid Saeed Barakat",
            "Yusuf Adnan Haddad",
            "Samir Fawzi Qasim",
            "Kareem Nasser Hadad",
        ] {
            let (status, answer) = tour
                .call(
                    "post",
                    "/v1/screen/person",
                    "/v1/screen/person",
                    key,
                    Json(person("q", name, "1984-03-12")),
                )
                .await;
            assert_eq!(status, StatusCode::OK, "{answer}");
            if key == partner && hit.is_none() {
                hit = answer["results"][0]["hit"].as_i64();
            }
        }
    }
    let hit = hit.expect("the partner's screening raised a hit");
    let (status, answer) = tour
        .call(
            "post",
            "/v1/screen/person",
            "/v1/screen/person",
            partner,
            Json(person("q", "Khalid Barakat", "1984-13-45")),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(answer["warnings"].is_array(), "{answer}");
    let (status, _) = tour
        .call(
            "post",
            "/v1/screen/person",
            "/v1/screen/person",
            partner,
            Json(json!({"schema": "Person"})),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let batch = json!({"queries": [
        person("b1", "Khalid Saeed Barakat", "1984-03-12"),
        {"number": "L898902C3", "issuing_state": "UTO"},
    ]});
    let (status, answer) = tour
        .call(
            "post",
            "/v1/screen/batch",
            "/v1/screen/batch",
            partner,
            Json(batch),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let (status, _) = tour
        .call(
            "post",
            "/v1/screen/batch",
            "/v1/screen/batch",
            partner,
            Json(json!({"queries": [{"number": 7}]})),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    for query in [
        json!({"number": "L898902C3", "issuing_state": "UTO"}),
        json!({"number": "L898902C3"}),
        json!({"number": "L8989O2C3"}),
    ] {
        let (status, answer) = tour
            .call(
                "post",
                "/v1/screen/document",
                "/v1/screen/document",
                partner,
                Json(query),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{answer}");
    }
    let (status, _) = tour
        .call(
            "post",
            "/v1/screen/document",
            "/v1/screen/document",
            partner,
            Json(json!({"number": "L898902C3", "issuing_state": "utopia"})),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    for sent in [
        Raw("text/plain", SPECIMEN_ZONE.as_bytes().to_vec()),
        Json(json!({"mrz": SPECIMEN_ZONE})),
    ] {
        let (status, answer) = tour
            .call("post", "/v1/screen/mrz", "/v1/screen/mrz", partner, sent)
            .await;
        assert_eq!(status, StatusCode::OK, "{answer}");
    }
    let (status, _) = tour
        .call(
            "post",
            "/v1/screen/mrz",
            "/v1/screen/mrz",
            partner,
            Raw("text/plain", b"not a zone".to_vec()),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    // a flight, as JSON and as an EDIFACT interchange refused
    let manifest = json!({
        "message_reference": "M-1",
        "legs": [{"carrier": "RJ", "flight_number": "0405", "departure_port": "AMM", "arrival_port": "BGW", "departure_time": "2026-11-29T10:00"}],
        "travellers": [
            {"surname": "BARAKAT", "given_names": "KHALID SAEED", "birth_date": "1984-03-12", "nationality": "JOR",
             "documents": [{"number": "L898902C3", "type": "P", "issuing_state": "UTO"}]},
            {"surname": "QUILL", "given_names": "ORLA", "role": "crew"},
        ],
    });
    let (status, answer) = tour
        .call(
            "post",
            "/v1/manifests",
            "/v1/manifests",
            partner,
            Json(manifest),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let (status, answer) = tour
        .call(
            "post",
            "/v1/manifests",
            "/v1/manifests",
            partner,
            Raw("application/edifact", b"UNB+UNOA:4+X+Y'".to_vec()),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    assert!(answer["contrl"].is_string(), "{answer}");

    // a payment naming a listed person, a consignment, and a body of neither
    let transfer = "{1:F01DEUTDEFFAXXX0000000000}{2:I103BNPAFRPPXXXXN}{4:\n:20:REF-1\n:23B:CRED\n:32A:261204EUR10,00\n:50K:/JO94CBJO0010000000000131000302\nKHALID SAEED BARAKAT\n:59:/DE89370400440532013000\nATELIER DES QUAIS\n:70:INVOICE 17\n-}";
    let (status, answer) = tour
        .call(
            "post",
            "/v1/screen/payments",
            "/v1/screen/payments",
            partner,
            Raw("text/plain", transfer.as_bytes().to_vec()),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["messages"][0]["verdict"], "hold", "{answer}");
    let payment_hit = answer["messages"][0]["parties"]
        .as_array()
        .unwrap()
        .iter()
        .find_map(|party| party["results"][0]["hit"].as_i64())
        .expect("a hit on a party");
    // a report asked of a hit not yet confirmed is refused; confirmed, it is written and
    // shared with Tunisia's unit, which lists and reads it; Jordan cannot
    let report = json!({
        "to": "tunisia-dgsn",
        "reporting_entity": {"id": "1042"},
        "entity_reference": "CASE-2026-17",
        "currency_code_local": "EUR",
        "reporting_person": {"first_name": "Rania", "last_name": "Haddad"},
        "action": "payment held",
        "indicators": ["SANC"],
        "codes": {"transmode_code": "K", "from_funds_code": "K", "to_funds_code": "K"},
    });
    let uri = format!("/v1/hits/{payment_hit}/report");
    let (status, answer) = tour
        .call(
            "post",
            "/v1/hits/{id}/report",
            &uri,
            partner,
            Json(report.clone()),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    let (status, answer) = tour
        .call(
            "patch",
            "/v1/hits/{id}",
            &format!("/v1/hits/{payment_hit}"),
            partner,
            Json(json!({"status": "confirmed", "reason": "account and name agree"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let (status, answer) = tour
        .call(
            "post",
            "/v1/hits/{id}/report",
            &uri,
            partner,
            Json(report.clone()),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{answer}");
    let report_uri = format!("/v1/reports/{}", answer["id"]);
    let (status, _) = tour
        .call(
            "post",
            "/v1/hits/{id}/report",
            "/v1/hits/999999/report",
            partner,
            Json(report),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    for key in [partner, outsider] {
        let (status, answer) = tour
            .call("get", "/v1/reports", "/v1/reports", key, Nothing)
            .await;
        assert_eq!(status, StatusCode::OK, "{answer}");
        assert_eq!(answer["total"], 1, "{answer}");
    }
    let (status, _) = tour
        .call("get", "/v1/reports", "/v1/reports?page=x", partner, Nothing)
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, answer) = tour
        .call("get", "/v1/reports/{id}", &report_uri, outsider, Nothing)
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert!(answer
        .as_str()
        .unwrap()
        .contains("<report_code>STR</report_code>"));
    let (status, _) = tour
        .call("get", "/v1/reports/{id}", &report_uri, owner, Nothing)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, answer) = tour
        .call(
            "post",
            "/v1/screen/payments",
            "/v1/screen/payments",
            partner,
            Raw("text/plain", b"not a payment".to_vec()),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    let consignment = json!({"consignment": {"id": "C-1", "consignee": {"name": "Atelier des Quais"},
        "goodsItems": [{"sequence": 1, "description": "olive oil"}]}});
    let (status, answer) = tour
        .call(
            "post",
            "/v1/screen/shipments",
            "/v1/screen/shipments",
            partner,
            Json(consignment),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["messages"][0]["verdict"], "pass", "{answer}");

    // the hit escalated to the owner, answered, and the notifications of both
    let uri = format!("/v1/hits/{hit}");
    let (status, answer) = tour
        .call(
            "patch",
            "/v1/hits/{id}",
            &uri,
            partner,
            Json(json!({"status": "escalated", "reason": "the birth date agrees"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let (status, _) = tour
        .call(
            "patch",
            "/v1/hits/{id}",
            &uri,
            partner,
            Json(json!({"status": "escalated"})),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = tour
        .call(
            "patch",
            "/v1/hits/{id}",
            "/v1/hits/999999",
            partner,
            Json(json!({"status": "confirmed", "reason": "r"})),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let uri = format!("/v1/hits/{hit}/answer");
    let (status, answer) = tour
        .call(
            "post",
            "/v1/hits/{id}/answer",
            &uri,
            owner,
            Json(json!({"decision": "confirmed", "reason": "the same person"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    // the outsider's is the report sent to it
    for key in [owner, partner, outsider] {
        let (status, answer) = tour
            .call(
                "get",
                "/v1/notifications",
                "/v1/notifications",
                key,
                Nothing,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{answer}");
        assert!(!answer["notifications"].as_array().unwrap().is_empty());
    }
    let (status, _) = tour
        .call(
            "get",
            "/v1/notifications",
            "/v1/notifications?wait=31",
            owner,
            Nothing,
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    // yente's matching
    let request = json!({"queries": {
        "full": {"schema": "Person", "properties": {"name": ["Khalid Saeed Barakat"], "birthDate": ["1984-03-12"]}},
        "nested": {"schema": "Person", "properties": {"name": ["Kareem Nasser Hadad"]}},
        "restricted": {"schema": "Person", "properties": {"name": ["Samir Kassem"], "birthDate": ["1984-03-12"]}},
        "members": {"schema": "Person", "properties": {"name": ["Yusuf Adnan Haddad"]}},
        "bad date": {"schema": "Person", "properties": {"name": ["Khalid Barakat"], "birthDate": ["1984-13-45"]}},
    }});
    for (key, uri) in [
        (partner, "/match/default"),
        (outsider, "/match/default?cutoff=0&limit=20"),
        (owner, "/match/jordan-psd?threshold=0.9&algorithm=best"),
    ] {
        let (status, answer) = tour
            .call("post", "/match/{dataset}", uri, key, Json(request.clone()))
            .await;
        assert_eq!(status, StatusCode::OK, "{uri}: {answer}");
    }
    for (uri, expected) in [
        ("/match/nobody", StatusCode::NOT_FOUND),
        ("/match/default?limit=0", StatusCode::UNPROCESSABLE_ENTITY),
        ("/match/default?algorithm=logic-v2", StatusCode::BAD_REQUEST),
    ] {
        let (status, _) = tour
            .call(
                "post",
                "/match/{dataset}",
                uri,
                partner,
                Json(request.clone()),
            )
            .await;
        assert_eq!(status, expected, "{uri}");
    }
    // a blank key names no query (found by schemathesis)
    let blank =
        json!({"queries": {" ": {"schema": "Person", "properties": {"name": ["Orla Quill"]}}}});
    let (status, answer) = tour
        .call(
            "post",
            "/match/{dataset}",
            "/match/default",
            partner,
            Json(blank),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    assert!(answer.to_string().contains("may not be blank"), "{answer}");
    // yente's filters, and its errors in its shapes
    for (uri, expected) in [
        ("/match/default?topics=sanction&exclude_schema=Company&include_dataset=jordan_psd&exclude_dataset=iraq_nsa&changed_since=2026-01-01T10:00&exclude_entity_ids=r-all", StatusCode::OK),
        ("/match/default?changed_since=soon", StatusCode::UNPROCESSABLE_ENTITY),
        ("/match/default?limit=501", StatusCode::UNPROCESSABLE_ENTITY),
    ] {
        let (status, answer) = tour
            .call("post", "/match/{dataset}", uri, partner, Json(request.clone()))
            .await;
        assert_eq!(status, expected, "{uri}: {answer}");
    }
    let (status, _) = tour
        .call(
            "post",
            "/match/{dataset}",
            "/match/default",
            None,
            Json(request.clone()),
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = tour
        .call(
            "post",
            "/match/{dataset}",
            "/match/default",
            partner,
            Json(json!({"queries": {}, "weights": {"name": 1.0}})),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    // yente's search, entities and catalog
    for (key, uri, expected) in [
        (
            partner,
            "/search/default?q=Khalid%20Barakat",
            StatusCode::OK,
        ),
        (
            partner,
            "/search/default?q=Samir%20Kassem&facets=schema&facets=genders",
            StatusCode::OK,
        ),
        (
            outsider,
            "/search/jordan_psd?q=Yusuf%20Haddad&topics=sanction&filter_op=AND&limit=1&offset=0",
            StatusCode::OK,
        ),
        (
            partner,
            "/search/default?q=Karim&schema=Nonsense",
            StatusCode::BAD_REQUEST,
        ),
        (
            partner,
            "/search/default?q=Karim&countries=ru",
            StatusCode::BAD_REQUEST,
        ),
        (partner, "/search/default", StatusCode::BAD_REQUEST),
        (partner, "/search/nowhere?q=Karim", StatusCode::NOT_FOUND),
        (None, "/search/default?q=Karim", StatusCode::UNAUTHORIZED),
        (
            partner,
            "/search/default?q=Karim&limit=many",
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
    ] {
        let (status, answer) = tour
            .call("get", "/search/{dataset}", uri, key, Nothing)
            .await;
        assert_eq!(status, expected, "{uri}: {answer}");
    }
    for (key, uri, expected) in [
        (partner, "/entities/r-all", StatusCode::OK),
        (partner, "/entities/r-nested?nested=false", StatusCode::OK),
        (partner, "/entities/r-owner", StatusCode::NOT_FOUND),
        (
            partner,
            "/entities/r-all?nested=perhaps",
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (None, "/entities/r-all", StatusCode::UNAUTHORIZED),
    ] {
        let (status, answer) = tour
            .call("get", "/entities/{entity_id}", uri, key, Nothing)
            .await;
        assert_eq!(status, expected, "{uri}: {answer}");
    }
    for (key, expected) in [(partner, StatusCode::OK), (None, StatusCode::UNAUTHORIZED)] {
        let (status, answer) = tour.call("get", "/catalog", "/catalog", key, Nothing).await;
        assert_eq!(status, expected, "{answer}");
    }
    tour.exchanges
}

/// The answer `operation` documents for `status`, `$ref`s to shared responses followed.
fn documented_response<'a>(document: &'a Value, exchange: &Exchange) -> Result<&'a Value, String> {
    let where_ = format!(
        "{} {} {}",
        exchange.method, exchange.documented_path, exchange.status
    );
    let operation = &document["paths"][exchange.documented_path][exchange.method];
    if !operation.is_object() {
        return Err(format!("{where_}: no such operation documented"));
    }
    let response = &operation["responses"][exchange.status.as_str()];
    let response = match response["$ref"].as_str() {
        Some(reference) => {
            let name = reference.rsplit('/').next().unwrap();
            &document["components"]["responses"][name]
        }
        None => response,
    };
    if response.is_object() {
        Ok(response)
    } else {
        Err(format!("{where_}: status not documented"))
    }
}

/// The document as the router serves it.
async fn served_document(app: &axum::Router) -> Value {
    let request = Request::builder()
        .uri("/openapi.json")
        .body(Body::empty())
        .unwrap();
    let response = app.clone().oneshot(request).await.unwrap();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    serde_json::from_slice(&bytes).unwrap()
}

/// Every answer of the tour is documented, with its status and its content type; and,
/// with the Python tools, validates against the schema documented for it.
#[tokio::test]
async fn every_answer_is_documented_with_its_status_content_type_and_schema() {
    let directory = tempfile::tempdir().unwrap();
    let (app, keys) = api(directory.path());
    let document = served_document(&app).await;
    let exchanges = tour(app, &keys).await;
    let mut problems = Vec::new();
    let mut covered = std::collections::BTreeSet::new();
    for exchange in &exchanges {
        covered.insert((exchange.method, exchange.documented_path));
        let response = match documented_response(&document, exchange) {
            Ok(response) => response,
            Err(problem) => {
                problems.push(problem);
                continue;
            }
        };
        let media_type = exchange.content_type.split(';').next().unwrap_or("").trim();
        let documented = response["content"].as_object();
        let fits = match documented {
            None => exchange.content_type.is_empty(),
            Some(content) => content.contains_key(media_type),
        };
        if !fits {
            problems.push(format!(
                "{} {} {}: answered {:?}, documented {:?}",
                exchange.method,
                exchange.documented_path,
                exchange.status,
                exchange.content_type,
                documented.map(|content| content.keys().collect::<Vec<_>>())
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // every route but the endless stream was visited
    for (method, path, _) in gatecheck_server::openapi::ROUTES {
        if *path != "/v1/notifications/stream" {
            assert!(covered.contains(&(*method, *path)), "{method} {path}");
        }
    }
    let Some(python) = schemathesis_python() else {
        return;
    };
    let checked: Vec<Value> = exchanges
        .iter()
        .filter(|exchange| exchange.content_type.starts_with("application/json"))
        .map(|exchange| {
            json!({
                "method": exchange.method,
                "path": exchange.documented_path,
                "status": exchange.status.as_u16(),
                "body": exchange.body,
            })
        })
        .collect();
    let files = tempfile::tempdir().unwrap();
    let document_file = files.path().join("openapi.json");
    std::fs::write(&document_file, document.to_string()).unwrap();
    let exchanges_file = files.path().join("exchanges.json");
    std::fs::write(&exchanges_file, Value::Array(checked).to_string()).unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scripts/openapi_check.py");
    let output = std::process::Command::new(&python)
        .arg(script)
        .arg(&document_file)
        .arg(&exchanges_file)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "answers refused by their documented schemas:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// `openapi-spec-validator` accepts the document as served.
#[tokio::test]
async fn openapi_spec_validator_accepts_the_document() {
    let Some(python) = schemathesis_python() else {
        return;
    };
    let directory = tempfile::tempdir().unwrap();
    let (app, _) = api(directory.path());
    let document = served_document(&app).await;
    let file = directory.path().join("openapi.json");
    std::fs::write(&file, document.to_string()).unwrap();
    let output = std::process::Command::new(&python)
        .args(["-m", "openapi_spec_validator"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "openapi-spec-validator refused the document:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Examples schemathesis generates for each operation.
const EXAMPLES_AN_OPERATION: u32 = 100;

/// `schemathesis` against a live server on loopback, with records at every level and a
/// member's key: every check, a fixed seed and number of examples; no failure.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn schemathesis_finds_no_failure_against_a_live_server() {
    let Some(python) = schemathesis_python() else {
        return;
    };
    let directory = tempfile::tempdir().unwrap();
    let (app, keys) = api(directory.path());
    // records to find and hits to notify of: the tour's
    tour(app.clone(), &keys).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let server = tokio::spawn(async move { axum::serve(listener, app).await });
    let schemathesis = python.with_file_name("schemathesis");
    let config = directory.path().join("schemathesis.toml");
    std::fs::write(&config, SCHEMATHESIS_CONFIG).unwrap();
    let arguments = schemathesis_arguments(&base, &keys.owner, &config);
    // schemathesis keeps its cache in the directory it runs in
    let workdir = directory.path().to_path_buf();
    let run = tokio::task::spawn_blocking(move || {
        std::process::Command::new(schemathesis)
            .args(&arguments)
            .current_dir(&workdir)
            .env("NO_COLOR", "1")
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    server.abort();
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "schemathesis found failures:\n{stdout}{}",
        String::from_utf8_lossy(&run.stderr)
    );
    // the run's summary: operations, phases, test cases
    let summary = stdout.find("SUMMARY").map_or("", |at| &stdout[at..]);
    eprintln!("schemathesis: {summary}");
}

/// The run's settings beside its command line. Long polling would wait its 30 seconds on
/// most examples: asked not to wait; yente's matching asked of every record (`default`), as
/// a dataset of random letters is no member's and refused before any matching. Every check runs on every operation, but that a
/// request valid by the schema is accepted is not checked where a schema cannot say every
/// rule: a zone's layout and check digits, a payment message's or consignment's syntax, a calendar date, a character an action may not
/// hold, a member's name that exists, a hit's status that allows the change or a report (those
/// requests are refused with a 400 naming why, which the other checks do check).
const SCHEMATHESIS_CONFIG: &str = r#"
[checks]
enabled = true

[parameters]
"query.wait" = 0

[[operations]]
include-name-regex = '^(POST /v1/screen/mrz|POST /v1/manifests|POST /v1/screen/payments|POST /v1/screen/shipments|POST /v1/records|PUT /v1/records/\{id\}|PATCH /v1/hits/\{id\}|POST /v1/hits/\{id\}/answer|POST /v1/hits/\{id\}/report)$'
checks.positive_data_acceptance.enabled = false

[[operations]]
include-name = "POST /match/{dataset}"
parameters = { "path.dataset" = "default" }

[[operations]]
include-name = "GET /search/{dataset}"
parameters = { "path.dataset" = "default" }
"#;

/// The command line of the run (the README gives it, the key and address aside).
fn schemathesis_arguments(base: &str, key: &str, config: &Path) -> Vec<String> {
    [
        "--config-file",
        &config.display().to_string(),
        "run",
        &format!("{base}/openapi.json"),
        // a schema cannot say every rule of a valid request (a zone's layout, a calendar
        // date, a member's name that exists, the text of a name), so a request valid
        // by the schema may still be refused, with a 400 naming why
        "--max-examples",
        &EXAMPLES_AN_OPERATION.to_string(),
        "--seed",
        "20261206",
        "--generation-database",
        "none",
        // one worker: hypothesis describing its strategies from two threads at once broke
        // CPython's AST constructor ("recursion depth mismatch")
        "--workers",
        "1",
        "--exclude-path",
        "/v1/notifications/stream",
        "--header",
        &format!("Authorization: Bearer {key}"),
        "--no-color",
    ]
    .iter()
    .map(|argument| argument.to_string())
    .collect()
}
