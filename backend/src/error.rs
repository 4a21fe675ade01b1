//! The one error type of the HTTP layer. Every failure a handler can have becomes an [`AppError`],
//! which answers with the shared [`ApiError`] body. Internal errors are logged in full and answered
//! with a generic message, so no SQL, path or stack detail ever reaches a client.

use axum::Json;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use shared::{ApiError, FieldError, RowProblem};

pub type Result<T, E = AppError> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// 404: the named kind of resource does not exist.
    #[error("{0} not found")]
    NotFound(&'static str),
    /// 400: a query parameter or path segment is malformed or out of range.
    #[error("bad request")]
    BadRequest(Vec<FieldError>),
    /// 422: a well-formed body that says something we cannot act on.
    #[error("invalid input")]
    Invalid(Vec<FieldError>),
    /// 413: a body or field larger than we accept.
    #[error("{0}")]
    PayloadTooLarge(String),
    /// 409: the change conflicts with what is stored.
    #[error("{0}")]
    Conflict(String),
    /// 401: not signed in (or the session expired). The message says which.
    #[error("{0}")]
    Unauthorized(&'static str),
    /// 403: signed in, but the policy does not allow this to this person.
    #[error("forbidden")]
    Forbidden,
    /// 429: too many failed sign-ins; try again after this many seconds.
    #[error("too many attempts")]
    TooManyRequests { retry_after_secs: u64 },
    /// 503: every password-hashing slot stayed taken; try again after this many seconds.
    #[error("busy")]
    ServiceUnavailable { retry_after_secs: u64 },
    /// 422: a CSV import with bad rows; nothing was stored.
    #[error("import refused")]
    ImportRejected(Vec<RowProblem>),
    /// 500: anything else. Logged, never shown.
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl AppError {
    /// A 400 for one field.
    pub fn bad_field(field: &str, message: impl Into<String>) -> Self {
        AppError::BadRequest(vec![FieldError {
            field: field.to_owned(),
            message: message.into(),
        }])
    }

    /// A 422 for one field.
    pub fn invalid_field(field: &str, message: impl Into<String>) -> Self {
        AppError::Invalid(vec![FieldError {
            field: field.to_owned(),
            message: message.into(),
        }])
    }
}

impl From<sea_orm::DbErr> for AppError {
    fn from(e: sea_orm::DbErr) -> Self {
        AppError::Internal(e.into())
    }
}

/// A password check or hash that found no free slot in time is a 503 with `Retry-After`.
impl From<crate::credentials::HashError> for AppError {
    fn from(e: crate::credentials::HashError) -> Self {
        match e {
            crate::credentials::HashError::Busy { retry_after_secs } => {
                AppError::ServiceUnavailable { retry_after_secs }
            }
            crate::credentials::HashError::Failed(e) => AppError::Internal(e),
        }
    }
}

/// A refusal of the database answers for itself: a limit or a duplicate is a 409, a reference to a
/// record that does not exist a 422, a missing row a 404; everything else is logged as a 500.
impl From<crate::db::Error> for AppError {
    fn from(e: crate::db::Error) -> Self {
        use crate::db::Error;
        match e {
            Error::Refused(message) => AppError::Conflict(message),
            Error::Conflict { constraint } => AppError::Conflict(constraint.message().to_owned()),
            Error::BadReference { constraint } => AppError::Invalid(vec![FieldError {
                field: "id".to_owned(),
                message: constraint.message().to_owned(),
            }]),
            Error::NotFound => AppError::NotFound("record"),
            Error::Other(e) => AppError::Internal(e),
        }
    }
}

fn summarise(fields: &[FieldError]) -> String {
    let names: Vec<&str> = fields.iter().map(|f| f.field.as_str()).collect();
    match fields {
        [one] => format!("{}: {}", one.field, one.message),
        _ => format!("invalid fields: {}", names.join(", ")),
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let mut rows = None;
        let mut retry_after = None;
        let (status, error, message, fields) = match self {
            AppError::NotFound(what) => (
                StatusCode::NOT_FOUND,
                "not_found",
                format!("{what} not found"),
                None,
            ),
            AppError::BadRequest(fields) => (
                StatusCode::BAD_REQUEST,
                "bad_request",
                summarise(&fields),
                Some(fields),
            ),
            AppError::Invalid(fields) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid",
                summarise(&fields),
                Some(fields),
            ),
            AppError::PayloadTooLarge(message) => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload_too_large",
                message,
                None,
            ),
            AppError::Conflict(message) => (StatusCode::CONFLICT, "conflict", message, None),
            AppError::Unauthorized(message) => (
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                message.to_owned(),
                None,
            ),
            AppError::Forbidden => (
                StatusCode::FORBIDDEN,
                "forbidden",
                "you do not have access to this".to_owned(),
                None,
            ),
            AppError::TooManyRequests { retry_after_secs } => {
                retry_after = Some(retry_after_secs);
                (
                    StatusCode::TOO_MANY_REQUESTS,
                    "too_many_requests",
                    format!(
                        "too many failed sign-ins; try again in {} minutes",
                        retry_after_secs.div_ceil(60).max(1)
                    ),
                    None,
                )
            }
            AppError::ServiceUnavailable { retry_after_secs } => {
                retry_after = Some(retry_after_secs);
                (
                    StatusCode::SERVICE_UNAVAILABLE,
                    "service_unavailable",
                    format!(
                        "the server is busy checking passwords; try again in {retry_after_secs} seconds"
                    ),
                    None,
                )
            }
            AppError::ImportRejected(problems) => {
                let message = format!(
                    "the file was not imported: {} problem{} (nothing was stored)",
                    problems.len(),
                    if problems.len() == 1 { "" } else { "s" }
                );
                rows = Some(problems);
                (StatusCode::UNPROCESSABLE_ENTITY, "invalid", message, None)
            }
            AppError::Internal(e) => {
                tracing::error!(error = ?e, "internal error");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal",
                    "something went wrong; the error has been logged".to_owned(),
                    None,
                )
            }
        };
        let body = ApiError {
            error: error.to_owned(),
            message,
            fields,
            rows,
        };
        let mut response = (status, Json(body)).into_response();
        if let Some(secs) = retry_after {
            response
                .headers_mut()
                .insert(axum::http::header::RETRY_AFTER, secs.into());
        }
        response
    }
}

impl From<JsonRejection> for AppError {
    fn from(rejection: JsonRejection) -> Self {
        match rejection {
            JsonRejection::BytesRejection(_) => {
                AppError::PayloadTooLarge("the request body is too large".to_owned())
            }
            JsonRejection::MissingJsonContentType(_) => AppError::bad_field(
                "body",
                "send the body as JSON with Content-Type: application/json",
            ),
            other => AppError::invalid_field("body", other.body_text()),
        }
    }
}

impl From<QueryRejection> for AppError {
    fn from(rejection: QueryRejection) -> Self {
        AppError::bad_field("query", rejection.body_text())
    }
}

/// `Json<T>` whose rejections answer in our error body instead of axum's plain text.
#[derive(Debug, Clone, Copy, Default, axum::extract::FromRequest)]
#[from_request(via(axum::Json), rejection(AppError))]
pub struct AppJson<T>(pub T);

impl<T: serde::Serialize> IntoResponse for AppJson<T> {
    fn into_response(self) -> Response {
        Json(self.0).into_response()
    }
}

/// `Query<T>` whose rejections answer in our error body.
#[derive(Debug, Clone, Copy, Default, axum::extract::FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(AppError))]
pub struct AppQuery<T>(pub T);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::credentials::HashError;

    #[tokio::test]
    async fn a_busy_hasher_answers_503_with_retry_after_in_the_error_shape() -> anyhow::Result<()> {
        let response = AppError::from(HashError::Busy {
            retry_after_secs: 2,
        })
        .into_response();
        assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(
            response
                .headers()
                .get(axum::http::header::RETRY_AFTER)
                .and_then(|v| v.to_str().ok()),
            Some("2")
        );
        let bytes = axum::body::to_bytes(response.into_body(), 64 * 1024).await?;
        let body: ApiError = serde_json::from_slice(&bytes)?;
        assert_eq!(body.error, "service_unavailable");
        assert!(body.message.contains("2 seconds"), "{}", body.message);
        Ok(())
    }
}
