//! The JSON written by the command line: engine results converted by hand, so that engine
//! types never carry a wire format; explanations and scores as the API writes them.

use gatecheck_engine::watchlist::Candidate;
use gatecheck_formats::ftm::Entity;
use gatecheck_server::wire::warned;
use gatecheck_service::hits::{explanation_json as explanation, round};
use serde_json::{json, Value};

/// `{"query": id, "results": [...]}` for one query, with `"warnings"` when a value of it
/// was left out.
pub fn result_line(query: &Entity, candidates: &[Candidate<'_>], threshold: f64) -> String {
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
    let mut line = json!({"query": query.id, "results": results});
    warned(&mut line, &query.warnings);
    line.to_string()
}
