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

/// An error on yente's routes (`/match`, `/search`, `/entities`, `/catalog`,
/// `/algorithms`), in the shape FastAPI gives yente's: `{"detail": "..."}` with yente's
/// status (400 a request yente refuses, 404 no such dataset or entity), and 422 with
/// `{"detail": [{"type", "loc", "msg", "input"}]}` for a parameter or body that does not
/// validate. Every other error of the API becomes one here, with its status.
#[derive(Debug)]
pub enum YenteError {
    Detail(StatusCode, String),
    /// What FastAPI's validation says of each field refused.
    Invalid(Vec<serde_json::Value>),
}

impl YenteError {
    /// A 400 as yente's `HTTPException(400, detail)`.
    pub fn refused(detail: impl Into<String>) -> YenteError {
        YenteError::Detail(StatusCode::BAD_REQUEST, detail.into())
    }

    /// A 422 for one field, as FastAPI's validation gives it: `kind` as pydantic's error
    /// type (`int_parsing`, `less_than_equal` ...), `location` as its `loc`.
    pub fn invalid(
        location: &[&str],
        kind: &str,
        message: impl Into<String>,
        input: serde_json::Value,
    ) -> YenteError {
        YenteError::Invalid(vec![json!({
            "type": kind,
            "loc": location,
            "msg": message.into(),
            "input": input,
        })])
    }
}

impl From<ApiError> for YenteError {
    fn from(error: ApiError) -> YenteError {
        let status = match &error {
            ApiError::BadRequest { .. } | ApiError::Rejected { .. } => StatusCode::BAD_REQUEST,
            ApiError::Unauthenticated => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::Conflict(_) | ApiError::NeedsConfirmation { .. } => StatusCode::CONFLICT,
            ApiError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::Internal(detail) => {
                eprintln!("gatecheck serve: internal error: {detail}");
                return YenteError::Detail(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal error".to_string(),
                );
            }
        };
        let detail = match error {
            ApiError::TooLarge => {
                format!("the body is larger than {} bytes", crate::MAX_BODY_BYTES)
            }
            other => other.to_string(),
        };
        YenteError::Detail(status, detail)
    }
}

impl From<ServiceError> for YenteError {
    fn from(error: ServiceError) -> YenteError {
        YenteError::from(ApiError::from(error))
    }
}

impl IntoResponse for YenteError {
    fn into_response(self) -> Response {
        match self {
            YenteError::Detail(status, detail) => {
                (status, Json(json!({"detail": detail}))).into_response()
            }
            YenteError::Invalid(errors) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                Json(json!({"detail": errors})),
            )
                .into_response(),
        }
    }
}

/// Whether `path` is one of yente's routes, whose errors keep yente's shape.
pub fn is_yente_route(path: &str) -> bool {
    ["/match/", "/search/", "/entities/"]
        .iter()
        .any(|prefix| path.starts_with(prefix))
        || matches!(path, "/catalog" | "/algorithms")
}

/// Every error the API answers is JSON (`{"error": {"code", "message"}}`), and a 401 says
/// `WWW-Authenticate: Bearer`, also those made
/// before a handler runs (a body over the limit read as bytes, an unknown route, a method
/// not allowed, a path or query that does not parse): this layer rewrites any error
/// answer that is not JSON into that shape, keeping its status. The console's pages are
/// HTML and keep their own.
pub async fn errors_as_json(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let console = request.uri().path().starts_with("/console");
    let yente = is_yente_route(request.uri().path());
    let mut response = next.run(request).await;
    let status = response.status();
    if status == StatusCode::UNAUTHORIZED && !console {
        // the scheme a client is to answer with (RFC 6750), on every route that asks a key
        response.headers_mut().insert(
            axum::http::header::WWW_AUTHENTICATE,
            axum::http::HeaderValue::from_static("Bearer realm=\"gatecheck\""),
        );
    }
    if console || !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let is_json = response
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("application/json"));
    if is_json {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    // what axum said (its rejections are short plain text), never more than a line
    let said = axum::body::to_bytes(body, 4096).await.unwrap_or_default();
    let said = String::from_utf8_lossy(&said);
    let said = said.lines().next().unwrap_or("").trim();
    let code = match status {
        StatusCode::PAYLOAD_TOO_LARGE => "body_too_large",
        StatusCode::NOT_FOUND => "not_found",
        StatusCode::METHOD_NOT_ALLOWED => "method_not_allowed",
        StatusCode::UNSUPPORTED_MEDIA_TYPE => "unsupported_media_type",
        status if status.is_server_error() => "internal",
        _ => "invalid_input",
    };
    let message = match status {
        StatusCode::PAYLOAD_TOO_LARGE => {
            format!("the body is larger than {} bytes", crate::MAX_BODY_BYTES)
        }
        status if status.is_server_error() => "internal error".to_string(),
        _ if !said.is_empty() => said.chars().take(300).collect(),
        status => status
            .canonical_reason()
            .unwrap_or("refused")
            .to_lowercase(),
    };
    parts.headers.remove(axum::http::header::CONTENT_LENGTH);
    parts.headers.insert(
        axum::http::header::CONTENT_TYPE,
        axum::http::HeaderValue::from_static("application/json"),
    );
    let body = if yente {
        // FastAPI's words for a route or method it does not have
        let detail = match status {
            StatusCode::NOT_FOUND => "Not Found".to_string(),
            StatusCode::METHOD_NOT_ALLOWED => "Method Not Allowed".to_string(),
            _ => message,
        };
        json!({"detail": detail}).to_string()
    } else {
        json!({"error": {"code": code, "message": message}}).to_string()
    };
    Response::from_parts(parts, axum::body::Body::from(body))
}
