//! RFC 9457 problem details for the JSON API, and the plain error page for browsers. The
//! `code`s are stable; the title and the field messages are in the caller's language.

use app::AppError;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use domain::FieldError;
use schemars::JsonSchema;
use serde::Serialize;

/// An `application/problem+json` body with a stable `code` and, for validation, the fields.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Problem {
    #[serde(rename = "type")]
    pub type_: String,
    pub title: String,
    #[serde(serialize_with = "ser_status")]
    #[schemars(with = "u16")]
    pub status: StatusCode,
    /// A stable snake_case error code.
    pub code: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}

fn ser_status<S: serde::Serializer>(s: &StatusCode, ser: S) -> Result<S::Ok, S::Error> {
    ser.serialize_u16(s.as_u16())
}

impl Problem {
    pub fn new(status: StatusCode, code: &str, title: &str) -> Self {
        Problem {
            type_: format!("/problems/{code}"),
            title: title.into(),
            status,
            code: code.into(),
            detail: None,
            errors: Vec::new(),
        }
    }
    pub fn detail(mut self, d: impl Into<String>) -> Self {
        self.detail = Some(d.into());
        self
    }
    pub fn field(mut self, field: &str, code: &str, message: impl Into<String>) -> Self {
        self.errors.push(FieldError::new(field, code, message));
        self
    }

    pub fn from_app(e: &AppError) -> Self {
        match e {
            AppError::NotFound => Problem::new(StatusCode::NOT_FOUND, "not_found", "Not found"),
            AppError::Unauthenticated(code, m) => {
                Problem::new(StatusCode::UNAUTHORIZED, code, "Not signed in").detail(m.clone())
            }
            AppError::Forbidden => Problem::new(
                StatusCode::FORBIDDEN,
                "forbidden",
                "Your role may not do this",
            ),
            AppError::Invalid(errs) => {
                let mut p = Problem::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "validation_failed",
                    "Some fields are not valid",
                );
                p.errors = errs.clone();
                p
            }
            AppError::TooLarge(errs) => {
                let mut p = Problem::new(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "payload_too_large",
                    "The upload is too large",
                );
                p.errors = errs.clone();
                p
            }
            AppError::Conflict(code, m) => {
                Problem::new(StatusCode::CONFLICT, code, "Conflict").detail(m.clone())
            }
            AppError::Unavailable(m) => {
                tracing::warn!(request_id = %crate::observe::request_id(), error = %m, "service unavailable");
                Problem::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "unavailable",
                    "Temporarily unavailable; try again shortly",
                )
            }
            AppError::RateLimited(m) => Problem::new(
                StatusCode::TOO_MANY_REQUESTS,
                "rate_limited",
                "Too many requests",
            )
            .detail(m.clone()),
            AppError::Unexpected(m) => {
                tracing::error!(request_id = %crate::observe::request_id(), error = %m, "unexpected error");
                Problem::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal_error",
                    "Something went wrong on our side",
                )
            }
        }
    }
}

impl Problem {
    /// The title and the field messages in `l`; the codes stay as they are.
    pub fn localized(mut self, l: crate::i18n::Locale) -> Self {
        if let Some(title) = crate::i18n::lookup(l, &format!("problem-{}", self.code), &[]) {
            self.title = title;
        }
        for e in &mut self.errors {
            e.message = crate::i18n::field_message(l, e);
        }
        self
    }
}

impl IntoResponse for Problem {
    /// Answers in the language of the request being served (see `i18n::scope`).
    fn into_response(self) -> Response {
        let this = self.localized(crate::i18n::current());
        let status = this.status;
        let body = serde_json::to_vec(&this).unwrap_or_default();
        let mut res = (status, body).into_response();
        let h = res.headers_mut();
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        if status == StatusCode::UNAUTHORIZED {
            h.insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"lifeline\""),
            );
        }
        if status == StatusCode::SERVICE_UNAVAILABLE || status == StatusCode::TOO_MANY_REQUESTS {
            h.insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
        }
        res
    }
}

/// An API handler's error.
pub struct ApiError(pub AppError);

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        ApiError(e)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        Problem::from_app(&self.0).into_response()
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

/// A value from a path or a query string parsed into its domain type; a bad one answers 422
/// naming `field`, with the parser's code and message.
pub fn parsed<T, E: std::fmt::Display>(
    field: &str,
    raw: &str,
    parse: impl FnOnce(&str) -> Result<T, E>,
    code: fn(&E) -> &'static str,
) -> Result<T, ApiError> {
    parse(raw).map_err(|e| ApiError(AppError::invalid(field, code(&e), e.to_string())))
}
