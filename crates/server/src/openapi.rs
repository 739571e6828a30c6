//! The OpenAPI 3.1 document of the API, served at `/openapi.json`, written by hand beside
//! the router (a test checks that every route is in it and every path in it is routed).

use serde_json::{json, Value};

/// Every route: (method, path, summary).
pub const ROUTES: &[(&str, &str, &str)] = &[
    ("get", "/healthz", "the process is up"),
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
        "get",
        "/v1/notifications",
        "the caller's notifications: hits on its records, hits escalated to it (with the traveller), owners' answers to its escalations (long polling with wait)",
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
        "/algorithms",
        "yente-compatible: the matching algorithm gatecheck runs and its features",
    ),
];

/// The document.
pub fn document() -> Value {
    let mut paths = serde_json::Map::new();
    for (method, path, summary) in ROUTES {
        let open = matches!(
            *path,
            "/healthz" | "/readyz" | "/openapi.json" | "/metrics" | "/algorithms"
        );
        let mut operation = json!({
            "summary": summary,
            "responses": {
                "200": {"description": "success", "content": {"application/json": {"schema": {"type": "object"}}}},
                "400": {"$ref": "#/components/responses/Error"},
                "401": {"$ref": "#/components/responses/Error"},
                "404": {"$ref": "#/components/responses/Error"},
                "413": {"$ref": "#/components/responses/Error"},
            },
        });
        if open {
            operation["security"] = json!([]);
        }
        // a record or hit the caller may see but is not the one to change
        if matches!(*method, "put" | "patch" | "delete") || path.ends_with("/answer") {
            operation["responses"]["403"] = json!({"$ref": "#/components/responses/Error"});
        }
        // a record write that would widen access, unconfirmed
        if *path == "/v1/records" || (*path == "/v1/records/{id}" && *method == "put") {
            operation["responses"]["409"] = json!({"$ref": "#/components/responses/Error"});
        }
        if *path == "/v1/screen/mrz" {
            operation["requestBody"] = json!({
                "required": true,
                "content": {
                    "text/plain": {"schema": {"type": "string"}},
                    "application/json": {"schema": {"type": "object", "required": ["mrz"], "properties": {"mrz": {"type": "string"}}}},
                },
            });
        } else if *path == "/v1/manifests" {
            operation["requestBody"] = json!({
                "required": true,
                "content": {
                    "application/edifact": {"schema": {"type": "string", "description": "a UN/EDIFACT interchange of PAXLST or PNRGOV messages"}},
                    "application/json": {"schema": {"type": "object", "required": ["travellers"]}},
                },
            });
        } else if matches!(*method, "post" | "put" | "patch") {
            operation["requestBody"] = json!({
                "required": true,
                "content": {"application/json": {"schema": {"type": "object"}}},
            });
        }
        let parameters: Vec<Value> = ["id", "dataset"]
            .iter()
            .filter(|name| path.contains(&format!("{{{name}}}")))
            .map(|name| json!({"name": name, "in": "path", "required": true, "schema": {"type": "string"}}))
            .collect();
        if !parameters.is_empty() {
            operation["parameters"] = Value::Array(parameters);
        }
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
            "description": "Screening of travellers against records shared by members, under the owners' access rules.",
        },
        "security": [{"bearer": []}],
        "paths": paths,
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "responses": {
                "Error": {
                    "description": "an error with a stable code",
                    "content": {"application/json": {"schema": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {
                            "type": "object",
                            "required": ["code", "message"],
                            "properties": {"code": {"type": "string"}, "message": {"type": "string"}},
                        }},
                    }}},
                },
            },
        },
    })
}
