//! A flight's passenger data (JSON, or UN/EDIFACT PAXLST and PNRGOV messages) screened
//! traveller by traveller and kept with its hits, answered with a CONTRL message and, to an
//! interactive request, a CUSRES.

use super::is_json;
use crate::auth::authenticate;
use crate::{day, utc, wire, ApiError, AppState};
use axum::extract::State;
use axum::http::HeaderMap;
use axum::Json;
use gatecheck_service::audit;
use gatecheck_service::members::Member;
use serde_json::{json, Value};
use std::sync::Arc;

/// `POST /v1/manifests`: a flight's passenger data screened traveller by traveller; the
/// manifest, its answer and its hits are kept.
pub(crate) async fn screen_manifest(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Json<Value>, ApiError> {
    let member = authenticate(&state, &headers)?;
    let json_body = is_json(&headers);
    Ok(Json(state.screen_manifest_text(&member, &body, json_body)?))
}

impl AppState {
    /// Reads a manifest (JSON, see `wire::manifest_from_json`, or a UN/EDIFACT interchange
    /// of PAXLST or PNRGOV messages; PNRGOV messages of one flight are joined), screens every traveller for `member` and keeps each manifest
    /// with its answer and hits; returns the answer (for EDIFACT: `{"manifests": [...],
    /// "problems": [...], "contrl": "<CONTRL message>"}`). A rejected interchange is
    /// answered with the CONTRL that says why. What `POST /v1/manifests` does, apart from
    /// HTTP.
    pub fn screen_manifest_text(
        &self,
        member: &Member,
        body: &[u8],
        json_body: bool,
    ) -> Result<Value, ApiError> {
        let digest = audit::digest_of(body);
        if json_body {
            let value: Value = serde_json::from_slice(body)
                .map_err(|error| ApiError::bad_request("bad_json", error.to_string()))?;
            let manifest = wire::manifest_from_json(&value)?;
            let mut answers = self.screen_and_keep(member, vec![manifest], &digest)?;
            return answers
                .pop()
                .ok_or_else(|| ApiError::Internal("a flight screened gave no answer".to_string()));
        }
        // UN/EDIFACT: every PAXLST message of the interchange, each flight screened and kept
        use gatecheck_formats::edifact;
        let now = (self.clock)();
        let stamp = utc(now);
        let settings = edifact::ContrlSettings {
            control_reference: format!("GC{now}"),
            prepared_date: stamp[2..10].replace('-', ""),
            prepared_time: stamp[11..16].replace(':', ""),
            // the answer's sender when the request's UNB names no readable recipient
            own_identification: member.name.clone(),
        };
        let reading = match edifact::parse(body) {
            Ok(reading) => reading,
            Err(rejection) => {
                let header = rejection.header.as_deref().cloned().unwrap_or_default();
                let mut errors = rejection.problems.clone();
                errors.push(rejection.error.clone());
                return Err(ApiError::Rejected {
                    message: format!("the interchange is rejected: {rejection}"),
                    contrl: edifact::contrl(&header, &[], &errors, &settings),
                });
            }
        };
        let interchange = &reading.interchange;
        let contrl = edifact::contrl(
            &interchange.header,
            &interchange.messages,
            &reading.problems,
            &settings,
        );
        let (mut manifests, paxlst_problems) = gatecheck_formats::paxlst::manifests(interchange);
        let (pnr_manifests, pnr_problems) = gatecheck_formats::pnrgov::manifests(interchange);
        manifests.extend(pnr_manifests);
        // passengers and crew, or a long list in parts: one flight, one manifest
        let mut manifests = gatecheck_formats::manifest::join_flights(manifests);
        manifests.retain(|manifest| !manifest.travellers.is_empty());
        if manifests.is_empty() {
            return Err(ApiError::Rejected {
                message: "the interchange holds no PAXLST or PNRGOV message with travellers"
                    .to_string(),
                contrl,
            });
        }
        let problems: Vec<String> = paxlst_problems
            .iter()
            .map(ToString::to_string)
            .chain(pnr_problems.iter().map(ToString::to_string))
            .collect();
        // an interactive request is answered traveller by traveller (CUSRES) as well
        let requests: Vec<Option<gatecheck_formats::manifest::Manifest>> = manifests
            .iter()
            .map(|manifest| manifest.interactive.then(|| manifest.clone()))
            .collect();
        let mut answers = self.screen_and_keep(member, manifests, &digest)?;
        for (answer, request) in answers.iter_mut().zip(requests) {
            if let Some(request) = request {
                let statuses = board_statuses(&request, answer);
                answer["cusres"] = json!(gatecheck_formats::cusres::cusres(
                    &interchange.header,
                    &request,
                    &statuses,
                    &settings,
                ));
            }
        }
        let problems: Vec<String> = reading
            .problems
            .iter()
            .map(ToString::to_string)
            .chain(problems)
            .collect();
        Ok(json!({"manifests": answers, "problems": problems, "contrl": contrl}))
    }

    /// Screens the manifests of one message and keeps them with their hits, all or none;
    /// returns their answers.
    fn screen_and_keep(
        &self,
        member: &Member,
        manifests: Vec<gatecheck_formats::manifest::Manifest>,
        digest: &str,
    ) -> Result<Vec<Value>, ApiError> {
        let now = (self.clock)();
        let today = day(now);
        let index = self.index()?;
        let screened = self.with_reader(|reader| {
            manifests
                .into_iter()
                .map(|manifest| {
                    Ok(gatecheck_service::manifests::screen_manifest(
                        &index,
                        reader,
                        member,
                        manifest,
                        self.config.limit,
                        self.config.threshold,
                        &self.config.matching,
                        &today,
                    )?)
                })
                .collect::<Result<Vec<_>, ApiError>>()
        })?;
        let kept = self.write(|store| {
            Ok(gatecheck_service::manifests::keep(
                store,
                member,
                &screened,
                digest,
                gatecheck_service::hits::shift_seconds(self.config.shift_hours),
                now,
                |index, id, hit_lists| wire::manifest_answer(id, &screened[index], hit_lists),
            )?)
        })?;
        // what the screening made is freed on a thread of its own: the answer need not wait
        std::thread::spawn(move || drop(screened));
        let answers: Vec<Value> = kept.into_iter().map(|(_, answer)| answer).collect();
        for answer in &answers {
            self.metrics
                .add_hits(answer["summary"]["hits"].as_u64().unwrap_or(0) as usize);
        }
        Ok(answers)
    }
}

/// What an interactive answer tells the airline of each traveller of `manifest`, from the
/// verdicts of its screening's `answer`: `clear` boards, `no-board` does not, `refer` is not
/// cleared (an officer reviews the hits first); a traveller sent without a name cannot be
/// screened and is not cleared either.
fn board_statuses(
    manifest: &gatecheck_formats::manifest::Manifest,
    answer: &Value,
) -> Vec<gatecheck_formats::cusres::BoardStatus> {
    use gatecheck_formats::cusres::BoardStatus;
    manifest
        .travellers
        .iter()
        .enumerate()
        .map(|(at, traveller)| {
            if traveller.surname.trim().is_empty() && traveller.given_names.trim().is_empty() {
                return BoardStatus::InsufficientData;
            }
            match answer["travellers"][at]["verdict"].as_str() {
                Some("clear") => BoardStatus::Board,
                Some("no-board") => BoardStatus::NoBoard,
                _ => BoardStatus::Advisory,
            }
        })
        .collect()
}
