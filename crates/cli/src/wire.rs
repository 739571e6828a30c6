//! The JSON written by the command line: engine results converted by hand, so that engine
//! types never carry a wire format.

use gatecheck_engine::person::QualifierEffect;
use gatecheck_engine::watchlist::{Candidate, Explanation, PartExplanation};
use gatecheck_service::screening::Finding;
use serde_json::{json, Value};

/// Rounds a score for output: four decimals are more than any decision needs.
fn round(value: f32) -> f64 {
    (value as f64 * 10_000.0).round() / 10_000.0
}

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

fn explanation(explanation: &Explanation) -> Value {
    json!({
        "query_name": explanation.query_name,
        "listed_name": explanation.listed_name,
        "name_score": round(explanation.name_score),
        "parts": explanation.parts.iter().map(part).collect::<Vec<_>>(),
        "unmatched_query_parts": explanation.unmatched_query_parts,
        "unmatched_listed_parts": explanation.unmatched_listed_parts,
        "qualifiers": explanation.qualifiers.iter().map(qualifier).collect::<Vec<_>>(),
    })
}

fn part(part: &PartExplanation) -> Value {
    json!({
        "query": part.query_part,
        "listed": part.listed_part,
        "query_spelling": part.query_spelling,
        "listed_spelling": part.listed_spelling,
        "similarity": round(part.similarity),
        "weight": round(part.weight),
        "how": part.how.as_str(),
    })
}

fn qualifier(effect: &QualifierEffect) -> Value {
    let mut value = json!({
        "property": effect.qualifier.property(),
        "query": effect.query_value,
        "listed": effect.listed_value,
        "outcome": effect.outcome.as_str(),
        "weight": round(effect.weight),
    });
    if !effect.detail.is_empty() {
        value["precision"] = json!(effect.detail);
    }
    value
}

/// One JSON line of `gatecheck screen person`: what the screening member may see of each
/// result, in the API's own shape.
pub fn findings_line(query_id: &str, findings: &[Finding]) -> String {
    json!({"query": query_id, "results": gatecheck_server::wire::findings(findings, &[])})
        .to_string()
}
