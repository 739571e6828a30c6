//! Suspicious transaction reports (`/v1/hits/{id}/report`, `/v1/reports`): a confirmed hit
//! on a payment's party written as goAML XML for another member's financial intelligence
//! unit, listed and read by its author and its recipient alone (the service decides; see
//! `gatecheck_service::reports`).

use super::{body, not_found};
use crate::auth::authenticate;
use crate::{ApiError, AppState};
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use gatecheck_formats::goaml::{
    LocalAmount, ReportLocation, ReportSender, ReportingPerson, TransactionCodes,
};
use gatecheck_service::reports::{self, ReportAsked};
use gatecheck_store::ReportRow;
use serde::Deserialize;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::Arc;

/// A report asked for: to whom, and what goAML says of the report and its sender.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ReportRequest {
    to: String,
    reporting_entity: ReportingEntity,
    entity_reference: String,
    currency_code_local: String,
    reporting_person: Person,
    #[serde(default)]
    location: Option<Location>,
    action: String,
    indicators: Vec<String>,
    codes: Codes,
    #[serde(default)]
    local_amount: Option<Amount>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ReportingEntity {
    id: String,
    #[serde(default)]
    branch: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Person {
    first_name: String,
    last_name: String,
    #[serde(default)]
    occupation: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Location {
    address_type: String,
    address: String,
    city: String,
    country_code: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Codes {
    transmode_code: String,
    from_funds_code: String,
    to_funds_code: String,
    #[serde(default)]
    transaction_location: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Amount {
    amount: String,
    exchange_rate: String,
}

impl ReportRequest {
    fn asked(self) -> ReportAsked {
        ReportAsked {
            to: self.to,
            sender: ReportSender {
                rentity_id: self.reporting_entity.id,
                rentity_branch: self.reporting_entity.branch,
                entity_reference: self.entity_reference,
                currency_code_local: self.currency_code_local,
                reporting_person: ReportingPerson {
                    first_name: self.reporting_person.first_name,
                    last_name: self.reporting_person.last_name,
                    occupation: self.reporting_person.occupation,
                },
                location: self.location.map(|location| ReportLocation {
                    address_type: location.address_type,
                    address: location.address,
                    city: location.city,
                    country_code: location.country_code,
                }),
                action: self.action,
                indicators: self.indicators,
                codes: TransactionCodes {
                    transmode_code: self.codes.transmode_code,
                    from_funds_code: self.codes.from_funds_code,
                    to_funds_code: self.codes.to_funds_code,
                    transaction_location: self.codes.transaction_location,
                },
                local_amount: self.local_amount.map(|amount| LocalAmount {
                    amount: amount.amount,
                    exchange_rate: amount.exchange_rate,
                }),
            },
        }
    }
}

/// A report as listed: who wrote it for whom, of which hit (for its author only: the
/// hit is the author's), its reference and digest.
fn listed(report: &ReportRow, names: &HashMap<i64, String>, viewer: i64) -> Value {
    let name = |id: i64| {
        names
            .get(&id)
            .cloned()
            .unwrap_or_else(|| format!("member {id}"))
    };
    let mut value = json!({
        "id": report.id,
        "at": gatecheck_service::dates::utc(report.at),
        "from": name(report.author),
        "to": name(report.recipient),
        "reference": report.reference,
        "sha256": report.digest,
    });
    if report.author == viewer {
        value["hit"] = json!(report.hit);
    }
    value
}

/// `POST /v1/hits/{id}/report`: the report of a confirmed hit on a payment's party, kept
/// and shared with the member named `to`. Answers the report as listed (201).
pub(crate) async fn report_hit(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    payload: Result<Json<Value>, JsonRejection>,
) -> Result<Response, ApiError> {
    let member = authenticate(&state, &headers)?;
    let id: i64 = id.parse().map_err(|_| not_found(&id))?;
    let request: ReportRequest = serde_json::from_value(body(payload)?)
        .map_err(|error| ApiError::bad_request("invalid_input", format!("report: {error}")))?;
    let actor = member.actor();
    let (report, names) = state.write(|store| {
        let report =
            reports::make_report(store, &member, &actor, id, request.asked(), (state.clock)())?;
        Ok::<_, ApiError>((report, member_names(&*store)?))
    })?;
    Ok((
        StatusCode::CREATED,
        Json(listed(&report, &names, member.id)),
    )
        .into_response())
}

/// `GET /v1/reports`: the reports the caller wrote or was sent, newest first, a page of
/// 50 (`page` from 0).
pub(crate) async fn list_reports(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Json<Value>, ApiError> {
    let member = authenticate(&state, &headers)?;
    let page: usize = match query.get("page") {
        None => 0,
        Some(page) => page.parse().map_err(|_| {
            ApiError::bad_request("invalid_input", format!("page: {page:?} is not a number"))
        })?,
    };
    let actor = member.actor();
    let ((rows, total), names) = state.write(|store| {
        let listed = reports::reports(store, &member, &actor, page, (state.clock)())?;
        Ok::<_, ApiError>((listed, member_names(&*store)?))
    })?;
    let reports: Vec<Value> = rows
        .iter()
        .map(|row| listed(row, &names, member.id))
        .collect();
    Ok(Json(json!({"reports": reports, "total": total})))
}

/// `GET /v1/reports/{id}`: the report as goAML XML, for its author or its recipient;
/// the read is audited.
pub(crate) async fn read_report(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let member = authenticate(&state, &headers)?;
    let id: i64 = id.parse().map_err(|_| not_found(&id))?;
    let actor = member.actor();
    let report = state.write(|store| {
        Ok::<_, ApiError>(reports::read_report(
            store,
            &member,
            &actor,
            id,
            (state.clock)(),
        )?)
    })?;
    Ok((
        [(header::CONTENT_TYPE, "application/xml; charset=utf-8")],
        report.report.unwrap_or_default(),
    )
        .into_response())
}

/// The names of the members, by id, for the reports' lists and pages (the console's too).
pub(crate) fn member_names(
    store: &dyn gatecheck_store::concepts::Backend,
) -> Result<HashMap<i64, String>, gatecheck_store::StoreError> {
    Ok(store
        .members()?
        .into_iter()
        .map(|member| (member.id, member.name))
        .collect())
}
