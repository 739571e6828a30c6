//! The one place errors become HTTP statuses and stable error codes. Internal failures are
//! logged as such and answered without their details.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use gatecheck_service::ServiceError;
use gatecheck_store::StoreError;
use serde_json::json;

#[derive(Debug)]
pub enum ApiError {
    /// The request is wrong: a stable code and a message naming the field.
    BadRequest {
        code: &'static str,
        message: String,
    },
    Unauthenticated,
    /// The caller may see the thing but not do this to it.
    Forbidden(String),
    /// What was asked for is absent, or not the caller's to see.
    NotFound(String),
    /// A name or id already taken.
    Conflict(String),
    /// The write would widen access (or change actions) and the request did not say it
    /// means to: a stable code and what would change.
    NeedsConfirmation {
        code: &'static str,
        message: String,
    },
    /// The body is larger than the API takes.
    TooLarge,
    /// An EDIFACT interchange refused whole: why, and the CONTRL message that tells its
    /// sender so.
    Rejected {
        message: String,
        contrl: String,
    },
    /// Ours: the message is kept from the client.
    Internal(String),
}

impl ApiError {
    pub fn bad_request(code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError::BadRequest {
            code,
            message: message.into(),
        }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ApiError::BadRequest { message, .. } => write!(f, "{message}"),
            ApiError::Unauthenticated => write!(f, "unknown or revoked key"),
            ApiError::Forbidden(message)
            | ApiError::NotFound(message)
            | ApiError::Conflict(message)
            | ApiError::NeedsConfirmation { message, .. }
            | ApiError::Internal(message) => write!(f, "{message}"),
            ApiError::TooLarge => write!(f, "the body is too large"),
            ApiError::Rejected { message, .. } => write!(f, "{message}"),
        }
    }
}

impl From<ServiceError> for ApiError {
    fn from(error: ServiceError) -> ApiError {
        match &error {
            ServiceError::Invalid { .. } => {
                ApiError::bad_request("invalid_input", error.to_string())
            }
            ServiceError::Unauthenticated => ApiError::Unauthenticated,
            ServiceError::Forbidden(message) => ApiError::Forbidden(message.clone()),
            ServiceError::Store(StoreError::Invalid { .. }) => {
                ApiError::bad_request("invalid_input", error.to_string())
            }
            ServiceError::Store(StoreError::NotFound { .. }) => {
                ApiError::NotFound(error.to_string())
            }
            ServiceError::Store(StoreError::AlreadyExists { .. }) => {
                ApiError::Conflict(error.to_string())
            }
            ServiceError::NeedsConfirmation { code, message } => ApiError::NeedsConfirmation {
                code,
                message: message.clone(),
            },
            ServiceError::Store(_) | ServiceError::Randomness(_) => {
                ApiError::Internal(error.to_string())
            }
        }
    }
}

impl From<gatecheck_store::StoreError> for ApiError {
    fn from(error: gatecheck_store::StoreError) -> ApiError {
        ApiError::from(ServiceError::Store(error))
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let ApiError::Rejected { message, contrl } = self {
            let body = json!({"error": {"code": "edifact_rejected", "message": message}, "contrl": contrl});
            return (StatusCode::BAD_REQUEST, Json(body)).into_response();
        }
        let (status, code, message) = match self {
            ApiError::BadRequest { code, message } => (StatusCode::BAD_REQUEST, code, message),
            ApiError::Unauthenticated => (
                StatusCode::UNAUTHORIZED,
                "unauthenticated",
                "unknown or revoked key".to_string(),
            ),
            ApiError::Forbidden(message) => (StatusCode::FORBIDDEN, "forbidden", message),
            ApiError::NotFound(message) => (StatusCode::NOT_FOUND, "not_found", message),
            ApiError::Conflict(message) => (StatusCode::CONFLICT, "already_exists", message),
            ApiError::NeedsConfirmation { code, message } => (StatusCode::CONFLICT, code, message),
            ApiError::TooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "body_too_large",
                format!("the body is larger than {} bytes", crate::MAX_BODY_BYTES),
            ),
            ApiError::Rejected { message, .. } => {
                (StatusCode::BAD_REQUEST, "edifact_rejected", message)
            }
            ApiError::Internal(detail) => {
                eprintln!("gatecheck serve: internal error: {detail}");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal",
                    "internal error".to_string(),
                )
            }
        };
        (
            status,
            Json(json!({"error": {"code": code, "message": message}})),
        )
            .into_response()
    }
}
