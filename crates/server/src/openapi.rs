//! The OpenAPI 3.1 document of the API, served at `/openapi.json`, written by hand beside
//! the router: every route's parameters, request bodies and answers (each status it can
//! give, with its content type), their JSON Schemas shared under `components/schemas`.
//! Tests check that every route is in it and every path in it is routed, that real
//! answers validate against it, and (`tests/openapi_contract.rs`) that
//! `openapi-spec-validator` accepts it and `schemathesis` finds no failure against a live
//! server.

use serde_json::{json, Value};

/// Every route: (method, path, summary).
pub const ROUTES: &[(&str, &str, &str)] = &[
    ("get", "/healthz", "the process is up (yente's `StatusResponse`)"),
    ("get", "/readyz", "the screening index is built"),
    ("get", "/openapi.json", "this document"),
    (
        "get",
        "/metrics",
        "Prometheus metrics: requests, latency, hits",
    ),
    (
        "post",
        "/v1/screen/person",
        "screen one FollowTheMoney person",
    ),
    (
        "post",
        "/v1/screen/batch",
        "screen up to 1,000 persons and documents",
    ),
    (
        "post",
        "/v1/screen/document",
        "screen a travel document by number and issuing state",
    ),
    (
        "post",
        "/v1/screen/mrz",
        "screen the machine-readable zone of a document (text): the document and its holder",
    ),
    (
        "post",
        "/v1/manifests",
        "screen a flight's travellers (passenger data) with a verdict each: clear, refer, no-board",
    ),
    (
        "post",
        "/v1/screen/payments",
        "screen payment messages (SWIFT MT103/MT202 or ISO 20022 pacs.008, pacs.009, pain.001; up to 1,000): every party and the remittance text, a verdict each: hold, pass",
    ),
    (
        "post",
        "/v1/screen/shipments",
        "screen consignments (gatecheck's JSON form of the WCO data model; up to 1,000): every party, the ship and the goods, a verdict each: hold, pass",
    ),
    (
        "post",
        "/v1/records",
        "contribute a record (entity or document, with access, action, review_by; a part left out keeps the stored record's; opening a stored record to more members needs accept_wider_access: true, else 409 widening_needs_confirmation)",
    ),
    (
        "get",
        "/v1/records/{id}",
        "read a record the caller may see",
    ),
    (
        "put",
        "/v1/records/{id}",
        "replace one of the caller's records (terms left out are kept; wider access needs accept_wider_access: true)",
    ),
    (
        "delete",
        "/v1/records/{id}",
        "delete one of the caller's records",
    ),
    (
        "patch",
        "/v1/hits/{id}",
        "adjudicate one of the caller's hits, with a reason (a false positive also suppresses the same details against the same record version)",
    ),
    (
        "post",
        "/v1/hits/{id}/answer",
        "the owner's answer to a hit on its record escalated to it: {decision: confirmed | false-positive, reason}; the member that screened is notified",
    ),
    (
        "post",
        "/v1/hits/{id}/report",
        "a confirmed hit on a payment's party written as a suspicious transaction report (goAML XML) and shared with another member's financial intelligence unit",
    ),
    (
        "get",
        "/v1/reports",
        "the suspicious transaction reports the caller wrote or was sent, newest first",
    ),
    (
        "get",
        "/v1/reports/{id}",
        "one report as goAML XML, for its author or its recipient (the read is audited)",
    ),
    (
        "get",
        "/v1/notifications",
        "the caller's notifications: hits on its records, hits escalated to it (with the traveller), owners' answers to its escalations, reports sent to it (long polling with wait)",
    ),
    (
        "get",
        "/v1/notifications/stream",
        "the same as server-sent events",
    ),
    (
        "post",
        "/match/{dataset}",
        "yente-compatible matching; dataset default (every record) or a member's name (its records)",
    ),
    (
        "get",
        "/search/{dataset}",
        "yente-compatible search by a name: the records whose score reaches the threshold, paged, with facets",
    ),
    (
        "get",
        "/entities/{entity_id}",
        "yente-compatible: a record the caller may read in full, by its entity id",
    ),
    (
        "get",
        "/catalog",
        "yente-compatible: the datasets, default and one a member",
    ),
    (
        "get",
        "/algorithms",
        "yente-compatible: the matching algorithm gatecheck runs and its features",
    ),
];

/// The document.
pub fn document() -> Value {
    let mut paths = serde_json::Map::new();
    for (method, path, summary) in ROUTES {
        let mut operation = operation(method, path);
        operation["summary"] = json!(summary);
        operation["operationId"] = json!(format!("{method} {path}"));
        paths
            .entry(path.to_string())
            .or_insert_with(|| json!({}))
            .as_object_mut()
            .expect("path items are objects")
            .insert(method.to_string(), operation);
    }
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "gatecheck",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Screening of travellers against records shared by members, under the owners' access rules. Every error is JSON: {\"error\": {\"code\", \"message\"}}, the message naming what was wrong and where.",
        },
        "security": [{"bearer": []}],
        "paths": paths,
        "components": {
            "securitySchemes": {"bearer": {
                "type": "http",
                "scheme": "bearer",
                "description": "a member's API key, sent as `Authorization: Bearer <key>` (`gatecheck member add` prints one)",
            }},
            "responses": error_responses(),
            "schemas": schemas(),
        },
    })
}

/// What `method path` takes and answers (without its summary).
fn operation(method: &str, path: &str) -> Value {
    let open = json!([]);
    match (method, path) {
        ("get", "/healthz") => json!({
            "security": open,
            "responses": {"200": answer("the process is up: `{\"status\": \"ok\"}`", "Status")},
        }),
        ("get", "/readyz") => json!({
            "security": open,
            "responses": {"200": text("the screening index is built: `ready`")},
        }),
        ("get", "/openapi.json") => json!({
            "security": open,
            "responses": {"200": {
                "description": "this document",
                "content": {"application/json": {"schema": {"type": "object"}}},
            }},
        }),
        ("get", "/metrics") => json!({
            "security": open,
            "responses": {"200": text("Prometheus's text format (version 0.0.4)")},
        }),
        ("get", "/algorithms") => json!({
            "security": open,
            "responses": {"200": answer("the one algorithm gatecheck runs, its default and best", "Algorithms")},
        }),
        ("post", "/v1/screen/person") => json!({
            "requestBody": json_body("ScreeningQuery"),
            "responses": with_errors(
                answer("the listed records found, as the caller may see them", "ScreeningAnswer"),
                &[400, 401, 413, 500],
            ),
        }),
        ("post", "/v1/screen/batch") => json!({
            "requestBody": json_body("BatchRequest"),
            "responses": with_errors(
                answer("each query's answer, in order", "BatchAnswer"),
                &[400, 401, 413, 500],
            ),
        }),
        ("post", "/v1/screen/document") => json!({
            "requestBody": json_body("DocumentQuery"),
            "responses": with_errors(
                answer("the reported documents found", "ScreeningAnswer"),
                &[400, 401, 413, 500],
            ),
        }),
        ("post", "/v1/screen/mrz") => json!({
            "requestBody": {
                "required": true,
                "description": "the zone's two or three lines; any body not sent as JSON is read as the zone's text",
                "content": {
                    "text/plain": {"schema": {"$ref": "#/components/schemas/ZoneText"}},
                    "application/json": {"schema": {"$ref": "#/components/schemas/ZoneRequest"}},
                },
            },
            "responses": with_errors(
                answer("the zone as read, its document looked up, its holder screened", "ZoneAnswer"),
                &[400, 401, 413, 500],
            ),
        }),
        ("post", "/v1/manifests") => json!({
            "requestBody": {
                "required": true,
                "description": "a flight's passenger data as JSON, or a UN/EDIFACT interchange of PAXLST or PNRGOV messages (any body not sent as JSON is read as EDIFACT)",
                "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/ManifestRequest"}},
                    "application/edifact": {"schema": {"type": "string", "description": "a UN/EDIFACT interchange (UNA? UNB ... UNZ) of PAXLST or PNRGOV messages"}},
                },
            },
            "responses": with_errors(
                json!({
                    "description": "the flight screened and kept: one manifest's answer for JSON, every flight's with the CONTRL message for EDIFACT",
                    "content": {"application/json": {"schema": {"oneOf": [
                        {"$ref": "#/components/schemas/ManifestAnswer"},
                        {"$ref": "#/components/schemas/EdifactAnswer"},
                    ]}}},
                }),
                &[400, 401, 413, 500],
            ),
        }),
        ("post", "/v1/screen/payments") => json!({
            "requestBody": {
                "required": true,
                "description": "SWIFT MT103 or MT202 messages (`{1:` blocks, one or many) or one ISO 20022 document (XML, with or without its head.001 envelope), as UTF-8 text",
                "content": {
                    "text/plain": {"schema": {"type": "string", "description": "SWIFT MT messages"}},
                    "application/xml": {"schema": {"type": "string", "description": "an ISO 20022 pacs.008, pacs.009 or pain.001 document"}},
                },
            },
            "responses": with_errors(
                answer("every message read, screened and kept, with a verdict; those that could not be read, with their line", "TransactionsAnswer"),
                &[400, 401, 413, 500],
            ),
        }),
        ("post", "/v1/screen/shipments") => json!({
            "requestBody": {
                "required": true,
                "description": "consignments in gatecheck's JSON form of the WCO data model: one, an array, or JSON lines",
                "content": {
                    "application/json": {"schema": {"description": "a consignment ({\"consignment\": {...}} or its fields), an array of them, or JSON lines (see docs/formats.md)"}},
                },
            },
            "responses": with_errors(
                answer("every consignment read, screened and kept, with a verdict; those that could not be read, with why", "TransactionsAnswer"),
                &[400, 401, 413, 500],
            ),
        }),
        ("post", "/v1/records") => json!({
            "requestBody": json_body("RecordRequest"),
            "responses": with_errors_at(
                "201",
                answer("the record written (a stored record of the same entity or document replaced)", "RecordWritten"),
                &[400, 401, 403, 404, 409, 413, 500],
            ),
        }),
        ("get", "/v1/records/{id}") => json!({
            "parameters": [record_id()],
            "responses": with_errors(
                answer("the record, as the caller may see it; the read is audited", "Record"),
                &[400, 401, 404, 500],
            ),
        }),
        ("put", "/v1/records/{id}") => json!({
            "parameters": [record_id()],
            "requestBody": json_body("RecordReplacement"),
            "responses": with_errors(
                answer("the record's new version", "RecordVersion"),
                &[400, 401, 403, 404, 409, 413, 500],
            ),
        }),
        ("delete", "/v1/records/{id}") => json!({
            "parameters": [record_id()],
            "responses": with_errors_at(
                "204",
                json!({"description": "deleted (a document withdrawn)"}),
                &[400, 401, 403, 404, 500],
            ),
        }),
        ("patch", "/v1/hits/{id}") => json!({
            "parameters": [hit_id()],
            "requestBody": json_body("HitStatusChange"),
            "responses": with_errors(
                answer("the hit's status, history and sightings", "HitStatus"),
                &[400, 401, 403, 404, 413, 500],
            ),
        }),
        ("post", "/v1/hits/{id}/answer") => json!({
            "parameters": [hit_id()],
            "requestBody": json_body("EscalationAnswer"),
            "responses": with_errors(
                answer("the hit's status, history and sightings", "HitStatus"),
                &[400, 401, 403, 404, 413, 500],
            ),
        }),
        ("post", "/v1/hits/{id}/report") => json!({
            "parameters": [hit_id()],
            "requestBody": json_body("ReportRequest"),
            "responses": with_errors_at(
                "201",
                answer("the report, kept and shared", "Report"),
                &[400, 401, 404, 413, 500],
            ),
        }),
        ("get", "/v1/reports") => json!({
            "parameters": [{
                "name": "page",
                "in": "query",
                "required": false,
                "description": "the page, from 0, of 50 reports",
                "schema": {"type": "integer", "minimum": 0, "default": 0},
            }],
            "responses": with_errors(
                answer("the reports the caller wrote or was sent, newest first, and how many there are", "Reports"),
                &[400, 401, 500],
            ),
        }),
        ("get", "/v1/reports/{id}") => json!({
            "parameters": [{
                "name": "id",
                "in": "path",
                "required": true,
                "description": "a report's id (any other text is not found)",
                "schema": {"type": "integer", "format": "int64"},
            }],
            "responses": with_errors(
                json!({
                    "description": "the report as goAML XML",
                    "content": {"application/xml": {"schema": {"type": "string"}}},
                }),
                &[401, 404, 500],
            ),
        }),
        ("get", "/v1/notifications") => json!({
            "parameters": [after(), {
                "name": "wait",
                "in": "query",
                "required": false,
                "description": "seconds to wait for a notification when there is none yet (long polling)",
                "schema": {"type": "integer", "minimum": 0, "maximum": 30, "default": 0},
            }],
            "responses": with_errors(
                answer("the caller's notifications after `after`, oldest first, at most 100", "Notifications"),
                &[400, 401, 500],
            ),
        }),
        ("get", "/v1/notifications/stream") => json!({
            "parameters": [after()],
            "responses": with_errors(
                json!({
                    "description": "an endless stream of server-sent events: each new notification as an event `notification`, its id the event's id and a Notification as JSON its data (comments keep the connection alive); it ends when the key is revoked",
                    "content": {"text/event-stream": {"schema": {"type": "string"}}},
                }),
                &[400, 401, 500],
            ),
        }),
        ("post", "/match/{dataset}") => json!({
            "parameters": [
                dataset_parameter(),
                {
                    "name": "limit",
                    "in": "query",
                    "required": false,
                    "description": "the most results a query (the server's limit unless given)",
                    "schema": {"type": "integer", "minimum": 1, "maximum": 500},
                },
                score_parameter("threshold", "the score from which a result is a match (the server's threshold unless given)"),
                score_parameter("cutoff", "the lowest score returned; only lower than the threshold lowers it (the threshold unless given)"),
                {
                    "name": "algorithm",
                    "in": "query",
                    "required": false,
                    "description": "yente's algorithm: `gatecheck`, `best` or `default` (any case, spaces around ignored), all naming the one gatecheck runs; any other is refused",
                    "schema": {
                        "type": "string",
                        "pattern": "^\\s*([Gg][Aa][Tt][Ee][Cc][Hh][Ee][Cc][Kk]|[Bb][Ee][Ss][Tt]|[Dd][Ee][Ff][Aa][Uu][Ll][Tt])\\s*$",
                    },
                },
                list_parameter("include_dataset", "only the records of these datasets (`default`: all; an unknown name includes nothing)"),
                list_parameter("exclude_dataset", "not the records of these datasets (`default`: none)"),
                list_parameter("exclude_schema", "not entities of these FollowTheMoney schemata"),
                list_parameter("topics", "only entities with one of these FollowTheMoney topics (sanction, role.pep ...)"),
                changed_since_parameter(),
                {
                    "name": "exclude_entity_ids",
                    "in": "query",
                    "required": false,
                    "description": "entities left out by their id (at most 50)",
                    "schema": {"type": "array", "items": {"type": "string"}, "maxItems": 50},
                },
            ],
            "description": "Filters narrow a record as far as the access rule lets them: a record that only says \"refer to the owner\" is never left out, one whose owner the caller may learn but not its data only by its dataset.",
            "requestBody": json_body("MatchRequest"),
            "responses": with_yente_errors(
                answer("yente's answer (`EntityMatchResponse`): each query's results at or above the cutoff", "MatchAnswer"),
                &[400, 401, 404, 413, 422, 500],
            ),
        }),
        ("get", "/search/{dataset}") => json!({
            "parameters": [
                dataset_parameter(),
                {
                    "name": "q",
                    "in": "query",
                    "required": true,
                    "description": "a name (not yente's query syntax): screened as a /match query of that name is",
                    "schema": {"type": "string", "pattern": "\\S"},
                },
                {
                    "name": "schema",
                    "in": "query",
                    "required": false,
                    "description": "only entities of this FollowTheMoney schema or one extending it (Thing unless given)",
                    "schema": {"enum": gatecheck_formats::ftm::FTM_SCHEMATA},
                },
                list_parameter("include_dataset", "only the records of these datasets (`default`: all; an unknown name includes nothing)"),
                list_parameter("exclude_dataset", "not the records of these datasets (`default`: none)"),
                list_parameter("exclude_schema", "not entities of these FollowTheMoney schemata"),
                list_parameter("topics", "only entities with one of these topics (all of them with filter_op=AND)"),
                list_parameter("datasets", "only the records of one of these datasets (of all: none with two or more and filter_op=AND)"),
                changed_since_parameter(),
                {
                    "name": "limit",
                    "in": "query",
                    "required": false,
                    "description": "the most results answered (10 unless given; below 0 taken as 0)",
                    "schema": {"type": "integer", "maximum": 500},
                },
                {
                    "name": "offset",
                    "in": "query",
                    "required": false,
                    "description": "the results skipped (below 0 taken as 0)",
                    "schema": {"type": "integer", "maximum": 9499},
                },
                {
                    "name": "facets",
                    "in": "query",
                    "required": false,
                    "description": "the facets counted over the results found (countries, topics and datasets unless given)",
                    "schema": {"type": "array", "items": {"enum": ["datasets", "schema", "countries", "topics", "genders"]}},
                },
                {
                    "name": "filter_op",
                    "in": "query",
                    "required": false,
                    "description": "how several topics or datasets combine",
                    "schema": {"enum": ["OR", "AND"]},
                },
                boolean_parameter("fuzzy", "yente's query syntax: taken, and changes nothing (a name is always matched across spellings and scripts)"),
                boolean_parameter("simple", "yente's query syntax: taken, and changes nothing"),
                {
                    "name": "target",
                    "in": "query",
                    "required": false,
                    "description": "every record is a target: true changes nothing, false is refused",
                    "schema": {"const": "true"},
                },
                refused_parameter("countries", "refused when given: gatecheck does not filter by country"),
                refused_parameter("filter", "refused when given: gatecheck does not filter by property"),
                refused_parameter("sort", "refused when given: results come by score"),
            ],
            "responses": with_yente_errors(
                answer("yente's `SearchResponse`: the records whose score reaches the threshold, best first", "SearchAnswer"),
                &[400, 401, 404, 422, 500],
            ),
        }),
        ("get", "/entities/{entity_id}") => json!({
            "parameters": [
                {
                    "name": "entity_id",
                    "in": "path",
                    "required": true,
                    "description": "an entity's id, as its owner gave it; one the caller may not read is not found",
                    "schema": {"type": "string"},
                },
                boolean_parameter("nested", "with the entities nested in it (true unless given); false names them by their ids"),
            ],
            "responses": with_yente_errors(
                answer("yente's `EntityResponse`", "YenteEntity"),
                &[400, 401, 404, 422, 500],
            ),
        }),
        ("get", "/catalog") => json!({
            "responses": with_yente_errors(
                answer("yente's `DataCatalogModel`: default and one dataset a member", "Catalog"),
                &[400, 401, 500],
            ),
        }),
        _ => unreachable!("a route without its description: {method} {path}"),
    }
}

/// A dataset in a yente route's path.
fn dataset_parameter() -> Value {
    json!({
        "name": "dataset",
        "in": "path",
        "required": true,
        "description": "`default`: every record the caller may screen against; a member's dataset (see /catalog; the member's name is taken too): the records that member contributed. Any other: 404",
        "schema": {"type": "string"},
    })
}

/// A query parameter given as many times as it has values.
fn list_parameter(name: &str, description: &str) -> Value {
    json!({
        "name": name,
        "in": "query",
        "required": false,
        "description": description,
        "schema": {"type": "array", "items": {"type": "string"}},
    })
}

/// A parameter yente takes that gatecheck refuses when given.
fn refused_parameter(name: &str, description: &str) -> Value {
    json!({
        "name": name,
        "in": "query",
        "required": false,
        "description": description,
        "schema": {"type": "array", "items": {"type": "string"}, "maxItems": 0},
    })
}

fn boolean_parameter(name: &str, description: &str) -> Value {
    json!({
        "name": name,
        "in": "query",
        "required": false,
        "description": description,
        "schema": {"type": "boolean"},
    })
}

/// yente's `changed_since`: a day of the calendar, with an hour, minutes and seconds
/// optional (UTC); the pattern admits exactly the days that exist.
fn changed_since_parameter() -> Value {
    let day = "([0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])|[0-9]{4}-(0[13-9]|1[0-2])-(29|30)|[0-9]{4}-(0[13578]|1[02])-31|([0-9]{2}(0[48]|[2468][048]|[13579][26])|([02468][048]|[13579][26])00)-02-29)";
    let time = "(T([01][0-9]|2[0-3])(:[0-5][0-9](:[0-5][0-9])?)?)?";
    json!({
        "name": "changed_since",
        "in": "query",
        "required": false,
        "description": "only records last written after this moment (UTC)",
        "schema": {"type": "string", "pattern": format!("^{day}{time}$")},
    })
}

/// The responses of a yente route: `success` as 200, and its errors in yente's shape.
fn with_yente_errors(success: Value, errors: &[u16]) -> Value {
    let mut responses = serde_json::Map::new();
    responses.insert("200".to_string(), success);
    for error in errors {
        let name = format!("Yente{error}");
        responses.insert(
            error.to_string(),
            json!({"$ref": format!("#/components/responses/{name}")}),
        );
    }
    Value::Object(responses)
}

/// The errors of yente's routes: (status, when).
const YENTE_ERRORS: &[(u16, &str)] = &[
    (400, "the request is refused, as yente refuses it (an algorithm, a configuration or weights gatecheck does not take, an example it cannot read, a parameter it does not honour): `{\"detail\": ...}` naming why"),
    (401, "no key, or an unknown or revoked one: `{\"detail\": ...}`"),
    (404, "no such dataset or entity (or not the caller's to see): `{\"detail\": ...}`"),
    (413, "the body is larger than 4 MiB: `{\"detail\": ...}`"),
    (422, "a parameter or the body does not validate, as FastAPI answers yente's: `{\"detail\": [{\"type\", \"loc\", \"msg\", \"input\"}]}`"),
    (500, "ours: `{\"detail\": \"internal error\"}` (details are logged)"),
];

/// A 200 answer of `text/plain`.
fn text(description: &str) -> Value {
    json!({"description": description, "content": {"text/plain": {"schema": {"type": "string"}}}})
}

/// An answer of JSON whose schema is `components/schemas/{schema}`.
fn answer(description: &str, schema: &str) -> Value {
    json!({
        "description": description,
        "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{schema}")}}},
    })
}

/// A required JSON body whose schema is `components/schemas/{schema}`.
fn json_body(schema: &str) -> Value {
    json!({
        "required": true,
        "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{schema}")}}},
    })
}

/// The responses: `success` as 200, and the errors with these statuses.
fn with_errors(success: Value, errors: &[u16]) -> Value {
    with_errors_at("200", success, errors)
}

fn with_errors_at(status: &str, success: Value, errors: &[u16]) -> Value {
    let mut responses = serde_json::Map::new();
    responses.insert(status.to_string(), success);
    for error in errors {
        let name = ERRORS
            .iter()
            .find(|(code, _, _)| code == error)
            .map(|(_, name, _)| *name)
            .expect("every error status is described");
        responses.insert(
            error.to_string(),
            json!({"$ref": format!("#/components/responses/{name}")}),
        );
    }
    Value::Object(responses)
}

/// The error answers: (status, name, when).
const ERRORS: &[(u16, &str, &str)] = &[
    (400, "BadRequest", "the request is wrong: a body, a parameter or a field (the message names it), `invalid_input`, `bad_json`, `invalid_mrz`, `edifact_rejected` (with the CONTRL message) ..."),
    (401, "Unauthenticated", "no key, or an unknown or revoked one (`unauthenticated`)"),
    (403, "Forbidden", "the caller may see the record or hit but it is not the caller's to change (`forbidden`)"),
    (404, "NotFound", "absent, or not the caller's to see (`not_found`): an id that is not a whole number is never found"),
    (409, "Conflict", "the id or name is taken (`already_exists`), or the write would open a record to more members and the request did not say `accept_wider_access: true` (`widening_needs_confirmation`)"),
    (413, "TooLarge", "the body is larger than 4 MiB (`body_too_large`)"),
    (500, "Internal", "ours: the store failed (`internal`; details are logged, not answered)"),
];

fn error_responses() -> Value {
    let mut responses = serde_json::Map::new();
    for (status, description) in YENTE_ERRORS {
        let schema = if *status == 422 {
            "YenteValidationError"
        } else {
            "YenteError"
        };
        responses.insert(
            format!("Yente{status}"),
            json!({
                "description": description,
                "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{schema}")}}},
            }),
        );
    }
    for (_, name, description) in ERRORS {
        responses.insert(
            name.to_string(),
            json!({
                "description": description,
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
            }),
        );
    }
    Value::Object(responses)
}

fn record_id() -> Value {
    json!({
        "name": "id",
        "in": "path",
        "required": true,
        "description": "a record's id, as answered when it was written (any other text is not found)",
        "schema": {"type": "integer", "format": "int64"},
    })
}

fn hit_id() -> Value {
    json!({
        "name": "id",
        "in": "path",
        "required": true,
        "description": "a hit's id, as a screening answered it (any other text is not found)",
        "schema": {"type": "integer", "format": "int64"},
    })
}

fn after() -> Value {
    json!({
        "name": "after",
        "in": "query",
        "required": false,
        "description": "the id of the last notification seen: only later ones are answered",
        "schema": {"type": "integer", "format": "int64", "minimum": 0, "default": 0},
    })
}

fn score_parameter(name: &str, description: &str) -> Value {
    json!({
        "name": name,
        "in": "query",
        "required": false,
        "description": description,
        "schema": {"type": "number", "minimum": 0, "maximum": 1},
    })
}

/// `{"$ref": "#/components/schemas/{name}"}`.
fn schema(name: &str) -> Value {
    json!({"$ref": format!("#/components/schemas/{name}")})
}

/// A list of `items`.
fn list(items: Value) -> Value {
    json!({"type": "array", "items": items})
}

/// The schemas the operations share.
fn schemas() -> Value {
    let string = json!({"type": "string"});
    let strings = list(string.clone());
    let count = json!({"type": "integer", "minimum": 0});
    let legal_form = json!({
        "type": "object",
        "required": ["written", "class"],
        "additionalProperties": false,
        "properties": {
            "written": {"type": "string"},
            "class": {"enum": ["limited liability", "joint stock", "partnership", "company", "sole trader", "ship's prefix"]},
        },
    });
    let score = json!({"type": "number", "minimum": 0, "maximum": 1});
    let id = json!({"type": "integer", "format": "int64"});
    let moment = json!({"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}$", "description": "when the record was last written, UTC"});
    let nullable_string = json!({"type": ["string", "null"]});
    let date = json!({"type": "string", "format": "date", "description": "YYYY-MM-DD"});
    let schema_names = json!([
        "Person",
        "Organization",
        "Company",
        "LegalEntity",
        "PublicBody",
        "Vessel",
        "Airplane"
    ]);
    let schemas = [
        (
            "Error",
            json!({
                "type": "object",
                "description": "every error: a stable code and a message naming what was wrong and where",
                "required": ["error"],
                "additionalProperties": false,
                "properties": {
                    "error": {
                        "type": "object",
                        "required": ["code", "message"],
                        "additionalProperties": false,
                        "properties": {
                            "code": {"type": "string", "description": "stable: invalid_input, bad_json, body_unreadable, invalid_mrz, edifact_rejected, unauthenticated, forbidden, not_found, method_not_allowed, unsupported_media_type, already_exists, widening_needs_confirmation, body_too_large, internal ..."},
                            "message": string,
                        },
                    },
                    "contrl": {"type": "string", "description": "only for an EDIFACT interchange refused whole (`edifact_rejected`): the CONTRL message that tells its sender why"},
                },
            }),
        ),
        (
            "ScreeningQuery",
            json!({
                "type": "object",
                "description": "a FollowTheMoney entity to screen. A value that cannot be read (an impossible date, a property that is not a list of strings, a country in no known form) is left out or read in part and named in the answer's `warnings`; other top-level fields are not read",
                "required": ["id", "schema"],
                "additionalProperties": true,
                "properties": {
                    "id": {"description": "the query's id, answered as `query`: text that is not blank, or a number", "anyOf": [{"type": "string", "pattern": "\\S"}, {"type": "number"}]},
                    "schema": {"enum": schema_names.clone()},
                    "properties": {
                        "type": "object",
                        "description": "FtM properties, each a list of strings: name, alias, previousName, weakAlias, firstName, middleName, lastName ..., birthDate, nationality, citizenship, gender, passportNumber, idNumber, address ...",
                        "additionalProperties": true,
                    },
                },
            }),
        ),
        (
            "MatchQuery",
            json!({
                "type": "object",
                "description": "a query as yente takes it: a FollowTheMoney entity, its id optional (the query's key stands in)",
                "required": ["schema", "properties"],
                "additionalProperties": true,
                "properties": {
                    "id": {"anyOf": [{"type": "string", "pattern": "\\S"}, {"type": "number"}]},
                    "schema": {"enum": schema_names.clone()},
                    "properties": {"type": "object", "additionalProperties": true},
                },
            }),
        ),
        (
            "DocumentQuery",
            json!({
                "type": "object",
                "description": "a travel document to look up; other fields are not read",
                "required": ["number"],
                "additionalProperties": true,
                "properties": {
                    "number": document_number(),
                    "issuing_state": {"type": ["string", "null"], "description": "an ICAO code of one to three capital letters (JOR, D, GBD)", "pattern": "^\\s*[A-Z]{1,3}\\s*$"},
                },
            }),
        ),
        (
            "BatchRequest",
            json!({
                "type": "object",
                "required": ["queries"],
                "additionalProperties": true,
                "properties": {
                    "queries": {
                        "type": "array",
                        "maxItems": 1000,
                        "description": "persons and documents; a query with a `number` is a document, any other a person. Every query is read before any is screened: one bad query refuses the batch, named by its place (`queries[3]: ...`)",
                        "items": {"anyOf": [schema("DocumentQuery"), schema("ScreeningQuery")]},
                    },
                },
            }),
        ),
        (
            "ZoneText",
            json!({
                "type": "string",
                "description": "the two or three lines of a machine-readable zone (ICAO 9303), at most 512 bytes; blank lines and spaces around lines are ignored",
                "maxLength": 512,
                "pattern": "\\S",
            }),
        ),
        (
            "ZoneRequest",
            json!({
                "type": "object",
                "required": ["mrz"],
                "additionalProperties": true,
                "properties": {"mrz": schema("ZoneText")},
            }),
        ),
        (
            "ManifestRequest",
            json!({
                "type": "object",
                "description": "a flight's passenger data; every text at most 200 bytes",
                "required": ["travellers"],
                "additionalProperties": true,
                "properties": {
                    "message_reference": short_text(),
                    "legs": {"type": ["array", "null"], "items": {
                        "type": "object",
                        "additionalProperties": true,
                        "properties": {
                            "carrier": short_text(),
                            "flight_number": short_text(),
                            "departure_port": short_text(),
                            "arrival_port": short_text(),
                            "departure_time": short_text(),
                            "arrival_time": short_text(),
                        },
                    }},
                    "travellers": {"type": "array", "minItems": 1, "maxItems": 2000, "items": {
                        "type": "object",
                        "description": "a surname or given names are needed",
                        "additionalProperties": true,
                        "anyOf": [
                            {"required": ["surname"], "properties": {"surname": {"type": "string", "pattern": "\\S"}}},
                            {"required": ["given_names"], "properties": {"given_names": {"type": "string", "pattern": "\\S"}}},
                        ],
                        "properties": {
                            "role": {"enum": ["passenger", "crew", "other", null]},
                            "surname": short_text(),
                            "given_names": short_text(),
                            "birth_date": {"type": ["string", "null"], "maxLength": 200, "description": "YYYY-MM-DD, YYYY-MM or YYYY"},
                            "gender": short_text(),
                            "nationality": short_text(),
                            "reference": short_text(),
                            "documents": {"type": ["array", "null"], "items": {
                                "type": "object",
                                "required": ["number"],
                                "additionalProperties": true,
                                "properties": {
                                    "number": {"type": "string", "maxLength": 200},
                                    "type": short_text(),
                                    "issuing_state": short_text(),
                                    "expiry_date": short_text(),
                                },
                            }},
                        },
                    }},
                },
            }),
        ),
        (
            "AccessRule",
            json!({
                "type": "object",
                "description": "who may see the record: every member (`all`), the members named (`members`, at least one), or its owner only (`owner-only`, others told to refer to the owner)",
                "required": ["level"],
                "additionalProperties": true,
                "properties": {
                    "level": {"enum": ["all", "members", "owner-only"]},
                    "members": {"type": ["array", "null"], "items": string, "description": "members' names, for `members` only"},
                },
                "oneOf": [
                    {"required": ["members"], "properties": {"level": {"const": "members"}, "members": {"type": "array", "minItems": 1}}},
                    {"properties": {"level": {"enum": ["all", "owner-only"]}, "members": {"type": ["array", "null"], "maxItems": 0}}},
                ],
            }),
        ),
        (
            "RecordEntity",
            json!({
                "type": "object",
                "description": "a FollowTheMoney entity to keep, as its owner wrote it: a value that cannot be read is refused, named (only a country in no known form is kept, compared with nothing)",
                "required": ["id", "schema"],
                "additionalProperties": false,
                "properties": {
                    "id": {"anyOf": [{"type": "string", "pattern": "\\S", "maxLength": 200}, {"type": "number"}]},
                    "schema": {"enum": schema_names},
                    "properties": {
                        "type": "object",
                        "description": "FtM properties, each a list of at most 1,000 values (or one value alone): strings (a name at most 1,000 characters, other text 4,000), or entities nested as an export writes them (sanctions, passports, ties)",
                        "additionalProperties": {"anyOf": [
                            {"type": "array", "maxItems": 1000, "items": {"type": ["string", "object"]}},
                            {"type": ["string", "object"]},
                        ]},
                    },
                    "caption": {},
                    "datasets": {},
                    "referents": {},
                    "first_seen": {},
                    "last_seen": {},
                    "last_change": {},
                    "target": {},
                },
            }),
        ),
        (
            "RecordDocument",
            json!({
                "type": "object",
                "description": "a travel document reported lost, stolen, revoked or invalidated",
                "required": ["number", "issuing_state", "type", "status", "reported_on"],
                "additionalProperties": true,
                "properties": {
                    "number": document_number(),
                    "issuing_state": {"type": "string", "pattern": "^\\s*[A-Z]{1,3}\\s*$"},
                    "type": {"type": "string", "description": "P, I, V ...", "pattern": "^\\s*[A-Za-z0-9]{1,20}\\s*$"},
                    "status": {"enum": ["lost", "stolen", "revoked", "invalidated"]},
                    "reported_on": date,
                },
            }),
        ),
        (
            "RecordRequest",
            json!({
                "type": "object",
                "description": "exactly one of `entity` and `document`, with the record's terms; a term left out keeps a stored record's (a new record takes access `all`, the default action and a review date a year on). No other field is taken",
                "additionalProperties": false,
                "oneOf": [{"required": ["entity"]}, {"required": ["document"]}],
                "properties": record_request_properties(),
            }),
        ),
        (
            "RecordReplacement",
            json!({
                "type": "object",
                "description": "the record's new `entity` (a person's or an entity's record) or `document` (a document's), not the other, with its terms; a term left out is kept. No other field is taken",
                "additionalProperties": false,
                "oneOf": [{"required": ["entity"]}, {"required": ["document"]}],
                "properties": record_request_properties(),
            }),
        ),
        (
            "RecordWritten",
            json!({
                "type": "object",
                "required": ["id", "access"],
                "additionalProperties": false,
                "properties": {
                    "id": id,
                    "access": {"enum": ["all", "members", "owner-only", null], "description": "the access the record has once written"},
                },
            }),
        ),
        (
            "RecordVersion",
            json!({
                "type": "object",
                "required": ["id", "version"],
                "additionalProperties": false,
                "properties": {"id": id, "version": {"type": ["integer", "null"]}},
            }),
        ),
        (
            "Record",
            json!({
                "type": "object",
                "description": "a person's record (`entity`) or a document's (`document`)",
                "required": ["id", "access", "action", "review_by", "version"],
                "additionalProperties": false,
                "oneOf": [{"required": ["entity"]}, {"required": ["document"]}],
                "properties": {
                    "id": id,
                    "entity": {"type": "object", "description": "the FtM entity as kept"},
                    "document": schema("RecordDocument"),
                    "access": {"enum": ["all", "members", "owner-only"]},
                    "action": string,
                    "review_by": date,
                    "version": {"type": "integer"},
                },
            }),
        ),
        (
            "ScreeningAnswer",
            json!({
                "type": "object",
                "required": ["query", "results"],
                "additionalProperties": false,
                "properties": {
                    "query": {"type": "string", "description": "the query's id (a document's number)"},
                    "results": list(schema("Result")),
                    "warnings": {"type": "array", "items": string, "description": "values of the query left out or read in part, one sentence each; the query was screened on the rest"},
                },
            }),
        ),
        (
            "BatchAnswer",
            json!({
                "type": "object",
                "required": ["responses"],
                "additionalProperties": false,
                "properties": {"responses": list(schema("ScreeningAnswer"))},
            }),
        ),
        (
            "Result",
            json!({
                "description": "a listed record found, in full, or (when its owner's access rule keeps it back) whom to contact or to refer to. A matched result carries its hit, or the suppression that passed it over",
                "oneOf": [schema("FullResult"), schema("ContactOwnerResult"), schema("ReferToOwnerResult")],
            }),
        ),
        (
            "FullResult",
            json!({
                "type": "object",
                "required": ["record", "id", "owner", "score", "match", "action", "explanation"],
                "additionalProperties": false,
                "properties": {
                    "record": id,
                    "id": {"type": "string", "description": "the listed entity's id"},
                    "owner": string,
                    "score": score,
                    "match": {"type": "boolean"},
                    "action": {"type": "string", "description": "what the owner asks of an officer on a match"},
                    "explanation": schema("Explanation"),
                    "document": schema("DocumentFacts"),
                    "sanctions": list(json!({
                        "type": "object",
                        "required": ["program", "authority", "listed_on"],
                        "additionalProperties": false,
                        "properties": {"program": string, "authority": string, "listed_on": string},
                    })),
                    "relations": list(json!({
                        "type": "object",
                        "required": ["relation", "relationship", "with"],
                        "additionalProperties": false,
                        "properties": {"relation": string, "relationship": string, "with": strings},
                    })),
                    "hit": id,
                    "suppressed": id,
                },
            }),
        ),
        (
            "ContactOwnerResult",
            json!({
                "type": "object",
                "required": ["match", "restricted", "contact"],
                "additionalProperties": false,
                "properties": {
                    "match": {"type": "boolean"},
                    "restricted": {"const": true},
                    "contact": {"type": "string", "description": "the owner to contact"},
                    "hit": id,
                    "suppressed": id,
                },
            }),
        ),
        (
            "ReferToOwnerResult",
            json!({
                "type": "object",
                "required": ["match", "restricted", "action"],
                "additionalProperties": false,
                "properties": {
                    "match": {"type": "boolean"},
                    "restricted": {"const": true},
                    "action": {"const": "refer to the owner of the record"},
                    "hit": id,
                    "suppressed": id,
                },
            }),
        ),
        (
            "Explanation",
            json!({
                "type": "object",
                "description": "why the score is what it is, down to the name part and the qualifier",
                "required": ["query_name", "listed_name", "name_score", "parts", "unmatched_query_parts", "unmatched_listed_parts", "rules", "qualifiers"],
                "additionalProperties": false,
                "properties": {
                    "query_name": string,
                    "listed_name": string,
                    "name_score": score,
                    "parts": list(json!({
                        "type": "object",
                        "required": ["query", "listed", "query_spelling", "listed_spelling", "similarity", "weight", "how"],
                        "additionalProperties": false,
                        "properties": {
                            "query": string, "listed": string, "query_spelling": string, "listed_spelling": string,
                            "similarity": {"type": "number"}, "weight": {"type": "number"}, "how": string,
                        },
                    })),
                    "unmatched_query_parts": strings,
                    "unmatched_listed_parts": strings,
                    "rules": list(json!({
                        "type": "object",
                        "required": ["rule", "detail", "held_at"],
                        "additionalProperties": false,
                        "properties": {"rule": string, "detail": string, "held_at": {"type": "number"}},
                    })),
                    "qualifiers": list(json!({
                        "type": "object",
                        "required": ["property", "query", "listed", "outcome", "weight"],
                        "additionalProperties": false,
                        "properties": {
                            "property": string, "query": string, "listed": string, "outcome": string,
                            "weight": {"type": "number", "description": "log-odds"},
                            "precision": {"type": "string", "description": "for dates: the precision both sides share (day, month, year)"},
                            "identifier": {"enum": ["iban", "bic", "lei", "imo", "registration", "tax", "crypto"], "description": "for an identifier: its kind"},
                        },
                    })),
                    "legal_forms": {
                        "type": "object",
                        "description": "an organisation's legal forms (and a ship's prefix) set apart before its names were compared: they neither make nor break a match",
                        "required": ["query", "listed"],
                        "additionalProperties": false,
                        "properties": {
                            "query": list(legal_form.clone()),
                            "listed": list(legal_form.clone()),
                        },
                    },
                },
            }),
        ),
        (
            "DocumentFacts",
            json!({
                "type": "object",
                "required": ["number", "issuing_state", "type", "status", "reported_on", "matched_number", "misread"],
                "additionalProperties": false,
                "properties": {
                    "number": string,
                    "issuing_state": string,
                    "type": string,
                    "status": {"enum": ["lost", "stolen", "revoked", "invalidated"]},
                    "reported_on": date,
                    "matched_number": {"type": "string", "description": "the number looked up that found it: the one asked, or one of its misreadings"},
                    "misread": {"type": ["string", "null"], "description": "how the number asked was misread, null when it matched as asked"},
                },
            }),
        ),
        (
            "ZoneAnswer",
            json!({
                "type": "object",
                "required": ["mrz", "hit", "document", "holder"],
                "additionalProperties": false,
                "properties": {
                    "mrz": schema("ZoneReading"),
                    "hit": {"type": "boolean", "description": "whether the document or the holder matched"},
                    "document": schema("ZoneScreening"),
                    "holder": schema("ZoneScreening"),
                },
            }),
        ),
        (
            "ZoneScreening",
            json!({
                "type": "object",
                "required": ["query", "results"],
                "additionalProperties": false,
                "properties": {
                    "query": {"type": "object", "description": "the document or the holder as read from the zone, as screened"},
                    "results": list(schema("Result")),
                },
            }),
        ),
        (
            "ZoneReading",
            json!({
                "type": "object",
                "required": ["format", "valid", "fields", "checks", "repairs", "number_readings", "errors"],
                "additionalProperties": false,
                "properties": {
                    "format": {"type": ["string", "null"], "description": "the ICAO 9303 layout (td1, td2, td3, mrva, mrvb), null when none fits"},
                    "valid": {"type": "boolean"},
                    "fields": {"type": ["object", "null"], "description": "document_code, issuing_state, document_number, surname, given_names, name_truncated, nationality, birth_date, sex, expiry_date, optional_data (optional_data_2)"},
                    "checks": {"type": "object", "additionalProperties": {"type": "boolean"}, "description": "each check digit and whether it holds"},
                    "repairs": list(json!({"type": "object", "description": "a character changed to make check digits hold: line, column, field, from, to, proved_by"})),
                    "number_readings": list(json!({"type": "object", "description": "another reading of the document number: line, column, from, to, number, fits_check_digit"})),
                    "errors": list(json!({
                        "type": "object",
                        "required": ["line", "column", "code", "message"],
                        "properties": {"line": {"type": ["integer", "null"]}, "column": {"type": ["integer", "null"]}, "code": string, "message": string},
                    })),
                },
            }),
        ),
        (
            "ManifestAnswer",
            json!({
                "type": "object",
                "required": ["manifest", "flight", "travellers", "summary"],
                "additionalProperties": false,
                "properties": {
                    "manifest": {"type": "integer", "description": "the manifest's id as kept"},
                    "flight": {
                        "type": "object",
                        "required": ["source", "message_reference", "flight", "legs"],
                        "additionalProperties": false,
                        "properties": {
                            "source": string,
                            "message_reference": string,
                            "flight": {"type": ["string", "null"], "description": "the first leg's carrier and number"},
                            "legs": list(json!({
                                "type": "object",
                                "required": ["carrier", "flight_number", "departure_port", "arrival_port", "departure_time", "arrival_time"],
                                "additionalProperties": false,
                                "properties": {
                                    "carrier": string, "flight_number": string, "departure_port": string, "arrival_port": string,
                                    "departure_time": nullable_string, "arrival_time": nullable_string,
                                },
                            })),
                        },
                    },
                    "travellers": list(schema("TravellerAnswer")),
                    "summary": {
                        "type": "object",
                        "required": ["travellers", "clear", "refer", "no_board", "hits"],
                        "additionalProperties": false,
                        "properties": {
                            "travellers": {"type": "integer"}, "clear": {"type": "integer"}, "refer": {"type": "integer"},
                            "no_board": {"type": "integer"}, "hits": {"type": "integer"},
                        },
                    },
                    "cusres": {"type": "string", "description": "to an interactive EDIFACT request: the CUSRES message answering the airline traveller by traveller"},
                },
            }),
        ),
        (
            "TravellerAnswer",
            json!({
                "type": "object",
                "required": ["reference", "role", "name", "birth_date", "nationality", "documents", "details", "verdict", "hits"],
                "additionalProperties": false,
                "properties": {
                    "reference": {"type": ["string", "null"], "description": "the traveller's id as screened"},
                    "role": {"enum": ["passenger", "crew", "other"]},
                    "name": string,
                    "birth_date": nullable_string,
                    "nationality": nullable_string,
                    "documents": list(json!({
                        "type": "object",
                        "required": ["number", "type", "issuing_state", "expiry_date"],
                        "additionalProperties": false,
                        "properties": {"number": string, "type": string, "issuing_state": nullable_string, "expiry_date": nullable_string},
                    })),
                    "details": {"type": "object", "description": "places and contacts given: title, birth_place, residence, embarkation, debarkation, clearance, contacts, addresses"},
                    "verdict": {"enum": ["clear", "refer", "no-board"]},
                    "hits": list(json!({
                        "type": "object",
                        "required": ["kind", "result"],
                        "additionalProperties": false,
                        "properties": {
                            "kind": {"enum": ["person", "document"]},
                            "query": {"description": "for a document: the document as looked up"},
                            "result": schema("Result"),
                        },
                    })),
                },
            }),
        ),
        (
            "TransactionsAnswer",
            json!({
                "type": "object",
                "required": ["summary", "messages", "unreadable"],
                "additionalProperties": false,
                "properties": {
                    "summary": {
                        "type": "object",
                        "required": ["messages", "hold", "pass", "unreadable", "hits"],
                        "additionalProperties": false,
                        "properties": {
                            "messages": count, "hold": count, "pass": count, "unreadable": count, "hits": count,
                        },
                    },
                    "messages": list(schema("TransactionAnswer")),
                    "unreadable": list(json!({
                        "type": "object",
                        "required": ["line", "error"],
                        "additionalProperties": false,
                        "properties": {"line": {"type": ["integer", "null"], "minimum": 1}, "error": string},
                    })),
                },
            }),
        ),
        (
            "TransactionAnswer",
            json!({
                "type": "object",
                "description": "a payment or a shipment screened: its parties and free texts each with its results; hold when a hit was raised",
                "required": ["message", "message_id", "verdict", "hits", "parties", "texts"],
                "additionalProperties": false,
                "properties": {
                    "message_id": {"type": "integer", "minimum": 1, "description": "the message's number as kept with its hits (a suspicious transaction report is written from it)"},
                    "message": {
                        "type": "object",
                        "required": ["channel", "format", "reference", "line"],
                        "additionalProperties": false,
                        "properties": {
                            "channel": {"enum": ["payment", "shipment"]},
                            "format": string,
                            "reference": string,
                            "line": {"type": "integer", "minimum": 0},
                            "value_date": string, "currency": string, "amount": string,
                        },
                    },
                    "verdict": {"enum": ["hold", "pass"]},
                    "hits": count,
                    "parties": list(json!({
                        "type": "object",
                        "required": ["role", "kind", "name", "results"],
                        "additionalProperties": false,
                        "properties": {
                            "role": string,
                            "kind": {"enum": ["person", "organisation", "institution", "vessel", "aircraft", "unknown"]},
                            "name": nullable_string,
                            "address": strings,
                            "country": string,
                            "identifiers": list(json!({
                                "type": "object",
                                "required": ["kind", "value"],
                                "additionalProperties": false,
                                "properties": {"kind": string, "value": string},
                            })),
                            "results": list(schema("Result")),
                            "warnings": strings,
                        },
                    })),
                    "texts": list(json!({
                        "type": "object",
                        "required": ["role", "text", "results"],
                        "additionalProperties": false,
                        "properties": {
                            "role": string, "text": string,
                            "results": list(schema("Result")),
                            "warnings": strings,
                        },
                    })),
                    "warnings": strings,
                },
            }),
        ),
        (
            "EdifactAnswer",
            json!({
                "type": "object",
                "required": ["manifests", "problems", "contrl"],
                "additionalProperties": false,
                "properties": {
                    "manifests": list(schema("ManifestAnswer")),
                    "problems": {"type": "array", "items": string, "description": "what was read around (segments refused, travellers without a name ...)"},
                    "contrl": {"type": "string", "description": "the CONTRL message acknowledging the interchange"},
                },
            }),
        ),
        (
            "HitStatusChange",
            json!({
                "type": "object",
                "required": ["status", "reason"],
                "additionalProperties": false,
                "properties": {
                    "status": {"enum": ["open", "confirmed", "false-positive", "escalated"]},
                    "reason": reason(),
                },
            }),
        ),
        (
            "ReportRequest",
            json!({
                "type": "object",
                "description": "to whom a report goes, and what goAML says of it and its sender; the confirmed hit (party, listed record, the officer's reason) and the submission date are the service's to write",
                "required": ["to", "reporting_entity", "entity_reference", "currency_code_local", "reporting_person", "action", "indicators", "codes"],
                "additionalProperties": false,
                "properties": {
                    "to": {"type": "string", "description": "the receiving member's name"},
                    "reporting_entity": {
                        "type": "object",
                        "required": ["id"],
                        "additionalProperties": false,
                        "properties": {"id": {"type": "string", "description": "goAML rentity_id, digits"}, "branch": string},
                    },
                    "entity_reference": string,
                    "currency_code_local": {"type": "string", "description": "ISO 4217"},
                    "reporting_person": {
                        "type": "object",
                        "required": ["first_name", "last_name"],
                        "additionalProperties": false,
                        "properties": {"first_name": string, "last_name": string, "occupation": string},
                    },
                    "location": {
                        "type": "object",
                        "required": ["address_type", "address", "city", "country_code"],
                        "additionalProperties": false,
                        "properties": {"address_type": string, "address": string, "city": string, "country_code": string},
                    },
                    "action": string,
                    "indicators": strings,
                    "codes": {
                        "type": "object",
                        "required": ["transmode_code", "from_funds_code", "to_funds_code"],
                        "additionalProperties": false,
                        "properties": {"transmode_code": string, "from_funds_code": string, "to_funds_code": string, "transaction_location": string},
                    },
                    "local_amount": {
                        "type": "object",
                        "required": ["amount", "exchange_rate"],
                        "additionalProperties": false,
                        "properties": {"amount": string, "exchange_rate": string},
                    },
                },
            }),
        ),
        (
            "Report",
            json!({
                "type": "object",
                "description": "a suspicious transaction report as listed: who wrote it for whom, the author's hit (for the author only), its reference and the SHA-256 of its XML",
                "required": ["id", "at", "from", "to", "reference", "sha256"],
                "additionalProperties": false,
                "properties": {
                    "id": {"type": "integer", "minimum": 1},
                    "at": string,
                    "from": string,
                    "to": string,
                    "hit": {"type": "integer", "minimum": 1},
                    "reference": string,
                    "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
                },
            }),
        ),
        (
            "Reports",
            json!({
                "type": "object",
                "required": ["reports", "total"],
                "additionalProperties": false,
                "properties": {"reports": list(schema("Report")), "total": count},
            }),
        ),
        (
            "EscalationAnswer",
            json!({
                "type": "object",
                "required": ["decision", "reason"],
                "additionalProperties": false,
                "properties": {
                    "decision": {"enum": ["confirmed", "false-positive"]},
                    "reason": reason(),
                },
            }),
        ),
        (
            "HitStatus",
            json!({
                "type": "object",
                "required": ["id", "status", "history", "seen_count", "last_seen_at"],
                "additionalProperties": false,
                "properties": {
                    "id": id,
                    "status": string,
                    "history": list(json!({
                        "type": "object",
                        "required": ["at", "actor", "status", "reason"],
                        "additionalProperties": false,
                        "properties": {"at": {"type": "integer", "description": "Unix seconds"}, "actor": string, "status": string, "reason": string},
                    })),
                    "seen_count": {
                        "type": "integer",
                        "minimum": 1,
                        "description": "how many screenings saw the traveller against the record, the one that raised the hit among them: the same traveller screened again by the same member within a shift, while the hit is open, is a sighting of this hit, not a new hit",
                    },
                    "last_seen_at": {"type": "integer", "description": "Unix seconds: when the traveller was last seen (the hit's own moment when seen once)"},
                },
            }),
        ),
        (
            "Notifications",
            json!({
                "type": "object",
                "required": ["notifications"],
                "additionalProperties": false,
                "properties": {"notifications": list(schema("Notification"))},
            }),
        ),
        (
            "Notification",
            json!({
                "type": "object",
                "description": "hit, record, score, status and owner are given on every kind but report, which gives report instead",
                "required": ["id", "kind", "at", "querier", "querier_country"],
                "additionalProperties": false,
                "properties": {
                    "id": id,
                    "kind": {"type": "string", "description": "hit (on the caller's record), escalated (to the caller, with the traveller), answered (the owner's answer to the caller's escalation) or report (a suspicious transaction report sent to the caller by querier)"},
                    "report": id,
                    "at": {"type": "integer", "description": "Unix seconds"},
                    "hit": id,
                    "record": id,
                    "score": score,
                    "status": {"type": "string", "description": "the hit's status now"},
                    "querier": {"type": "string", "description": "the member that screened"},
                    "querier_country": string,
                    "owner": {"type": "string", "description": "the record's owner"},
                    "query": {"description": "on an escalation: the traveller as screened"},
                    "word": {
                        "type": "object",
                        "description": "the last word on the hit: the escalation's reason, or the owner's answer",
                        "required": ["actor", "reason"],
                        "additionalProperties": false,
                        "properties": {"actor": string, "reason": string},
                    },
                },
            }),
        ),
        (
            "MatchRequest",
            json!({
                "type": "object",
                "description": "yente's `EntityMatchQuery`: queries by key; other fields are not read. gatecheck's algorithm has no configuration and its score is not a weighted sum of features: a `config` or `weights` naming anything is refused (400)",
                "required": ["queries"],
                "additionalProperties": true,
                "properties": {
                    "weights": {"type": "object", "maxProperties": 0},
                    "config": {"type": "object", "maxProperties": 0},
                    "queries": {
                    "type": "object",
                    "minProperties": 1,
                    "maxProperties": 1000,
                    "description": "each query by a key that is not blank, which names it in the answer",
                    "propertyNames": {"pattern": "\\S"},
                    "additionalProperties": schema("MatchQuery"),
                },
                },
            }),
        ),
        (
            "MatchAnswer",
            json!({
                "type": "object",
                "required": ["matcher", "limit", "responses"],
                "additionalProperties": false,
                "properties": {
                    "matcher": {"type": "object"},
                    "limit": {"type": "integer"},
                    "responses": {"type": "object", "additionalProperties": {
                        "type": "object",
                        "required": ["status", "total", "query", "results"],
                        "additionalProperties": false,
                        "properties": {
                            "status": {"const": 200},
                            "total": {
                                "type": "object",
                                "required": ["value", "relation"],
                                "properties": {"value": {"type": "integer"}, "relation": {"const": "eq"}},
                            },
                            "query": {"type": "object", "description": "the query as sent"},
                            "results": list(schema("MatchResult")),
                            "warnings": strings,
                        },
                    }},
                },
            }),
        ),
        (
            "MatchResult",
            json!({
                "type": "object",
                "description": "yente's `ScoredEntityResponse`; a restricted record has none of its data (schema Thing, the threshold as score) and says whom to contact or to refer to",
                "required": ["id", "caption", "schema", "properties", "datasets", "referents", "target", "score", "features", "match", "explanations"],
                "additionalProperties": false,
                "properties": {
                    "id": string,
                    "caption": string,
                    "schema": string,
                    "properties": {"type": "object"},
                    "datasets": strings,
                    "referents": strings,
                    "target": {"type": "boolean"},
                    "last_change": moment.clone(),
                    "score": score,
                    "features": {"type": "object", "additionalProperties": {"type": "number"}},
                    "match": {"type": "boolean"},
                    "explanations": {"type": "object", "additionalProperties": {
                        "type": "object",
                        "required": ["score", "detail"],
                        "properties": {"score": {"type": "number"}, "detail": string, "query": {}, "candidate": {}},
                    }},
                    "hit": {"type": ["integer", "null"]},
                    "suppressed": id,
                    "gatecheck_explanation": schema("Explanation"),
                    "restricted": {"const": true},
                    "contact": string,
                    "action": string,
                },
            }),
        ),
        (
            "SearchAnswer",
            json!({
                "type": "object",
                "description": "yente's `SearchResponse`",
                "required": ["results", "facets", "total", "limit", "offset"],
                "additionalProperties": false,
                "properties": {
                    "results": list(schema("MatchResult")),
                    "facets": {"type": "object", "additionalProperties": {
                        "type": "object",
                        "required": ["label", "values"],
                        "additionalProperties": false,
                        "properties": {
                            "label": string,
                            "values": list(json!({
                                "type": "object",
                                "required": ["name", "label", "count"],
                                "additionalProperties": false,
                                "properties": {"name": string, "label": string, "count": {"type": "integer", "minimum": 1}},
                            })),
                        },
                    }},
                    "total": {
                        "type": "object",
                        "required": ["value", "relation"],
                        "additionalProperties": false,
                        "properties": {"value": {"type": "integer", "minimum": 0}, "relation": {"enum": ["eq", "gte"]}},
                    },
                    "limit": {"type": "integer", "minimum": 0},
                    "offset": {"type": "integer", "minimum": 0},
                },
            }),
        ),
        (
            "YenteEntity",
            json!({
                "type": "object",
                "description": "yente's `EntityResponse`: the entity as its owner wrote it, its caption as FollowTheMoney gives one, its owner's dataset",
                "required": ["id", "caption", "schema", "properties", "datasets", "referents", "target", "last_change"],
                "additionalProperties": false,
                "properties": {
                    "id": string,
                    "caption": string,
                    "schema": string,
                    "properties": {"type": "object", "additionalProperties": list(json!({"anyOf": [string, {"type": "object"}]}))},
                    "datasets": strings,
                    "referents": strings,
                    "target": {"type": "boolean"},
                    "last_change": moment.clone(),
                },
            }),
        ),
        (
            "Catalog",
            json!({
                "type": "object",
                "description": "yente's `DataCatalogModel`",
                "required": ["datasets", "current", "outdated", "index_stale"],
                "additionalProperties": false,
                "properties": {
                    "datasets": list(json!({
                        "type": "object",
                        "required": ["name", "title", "load", "children"],
                        "properties": {
                            "name": {"type": "string", "pattern": "^[a-z0-9]+(_[a-z0-9]+)*$"},
                            "title": string,
                            "summary": string,
                            "load": {"type": "boolean"},
                            "children": strings,
                            "tags": strings,
                            "resources": list(json!({"type": "object"})),
                        },
                    })),
                    "current": strings,
                    "outdated": strings,
                    "index_stale": {"type": "boolean"},
                },
            }),
        ),
        (
            "Status",
            json!({
                "type": "object",
                "description": "yente's `StatusResponse`",
                "required": ["status"],
                "additionalProperties": false,
                "properties": {"status": {"const": "ok"}},
            }),
        ),
        (
            "YenteError",
            json!({
                "type": "object",
                "description": "an error of yente's routes, as yente answers one (`ErrorResponse`)",
                "required": ["detail"],
                "additionalProperties": false,
                "properties": {"detail": string},
            }),
        ),
        (
            "YenteValidationError",
            json!({
                "type": "object",
                "description": "a parameter or body that does not validate, as FastAPI answers yente's (422)",
                "required": ["detail"],
                "additionalProperties": false,
                "properties": {"detail": list(json!({
                    "type": "object",
                    "required": ["type", "loc", "msg", "input"],
                    "additionalProperties": false,
                    "properties": {
                        "type": string,
                        "loc": list(json!({"type": ["string", "integer"]})),
                        "msg": string,
                        "input": {},
                    },
                }))},
            }),
        ),
        (
            "Algorithms",
            json!({
                "type": "object",
                "description": "yente's `AlgorithmResponse`",
                "required": ["algorithms", "default", "best"],
                "additionalProperties": false,
                "properties": {
                    "algorithms": list(json!({"type": "object", "required": ["name", "description", "features"]})),
                    "default": string,
                    "best": string,
                },
            }),
        ),
    ];
    Value::Object(
        schemas
            .into_iter()
            .map(|(name, schema)| (name.to_string(), schema))
            .collect(),
    )
}

/// A reason given for a decision on a hit: not blank, at most 2,000 bytes.
fn reason() -> Value {
    json!({"type": "string", "pattern": "\\S", "maxLength": 2000, "description": "not blank, at most 2,000 bytes"})
}

/// A document number as written: all but ASCII letters and digits is dropped, 1 to 30 of
/// them must remain.
fn document_number() -> Value {
    json!({
        "type": "string",
        "description": "the number as written: all but ASCII letters and digits is dropped, 1 to 30 of them must remain",
        "pattern": "^[^A-Za-z0-9]*([A-Za-z0-9][^A-Za-z0-9]*){1,30}$",
    })
}

/// A text of a manifest given as JSON: at most 200 bytes, or null.
fn short_text() -> Value {
    json!({"type": ["string", "null"], "maxLength": 200})
}

/// The fields of `POST /v1/records` and `PUT /v1/records/{id}`.
fn record_request_properties() -> Value {
    json!({
        "entity": schema("RecordEntity"),
        "document": schema("RecordDocument"),
        "access": {"anyOf": [schema("AccessRule"), {"type": "null"}]},
        "action": {"type": ["string", "null"], "description": "what the owner asks of an officer on a match"},
        "review_by": {"type": ["string", "null"], "description": "YYYY-MM-DD: the day the owner reviews the record by"},
        "accept_wider_access": {"type": ["boolean", "null"], "description": "true to open a stored record to more members"},
    })
}
