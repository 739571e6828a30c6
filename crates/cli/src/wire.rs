//! The JSON written by the command line: engine results converted by hand, so that engine
//! types never carry a wire format; explanations and scores as the API writes them.

use gatecheck_engine::watchlist::Candidate;
use gatecheck_server::wire::{explanation, round};
use gatecheck_service::screening::Finding;
use serde_json::{json, Value};

/// `{"query": id, "results": [...]}` for one query.
pub fn result_line(query_id: &str, candidates: &[Candidate<'_>], threshold: f64) -> String {
    let results: Vec<Value> = candidates
        .iter()
        .map(|candidate| {
            let score = round(candidate.score);
            json!({
                "id": candidate.id,
                "score": score,
                "match": score >= threshold,
                "explanation": explanation(&candidate.explanation),
            })
        })
        .collect();
    json!({"query": query_id, "results": results}).to_string()
}

/// One JSON line of `gatecheck screen person`: what the screening member may see of each
/// result, in the API's own shape.
pub fn findings_line(query_id: &str, findings: &[Finding]) -> String {
    json!({"query": query_id, "results": gatecheck_server::wire::findings(findings, &[])})
        .to_string()
}
