//! The one error type the web and CLI layers see.

use domain::FieldError;
use store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// Missing, or outside the caller's scope: the two look the same from outside.
    #[error("not found")]
    NotFound,
    /// No valid credentials.
    #[error("{1}")]
    Unauthenticated(&'static str, String),
    /// Authenticated, but the role may not do this.
    #[error("forbidden")]
    Forbidden,
    #[error("invalid input: {}", describe(.0))]
    Invalid(Vec<FieldError>),
    #[error("{1}")]
    Conflict(&'static str, String),
    /// An upload larger than allowed (413), naming the field.
    #[error("too large: {}", describe(.0))]
    TooLarge(Vec<FieldError>),
    #[error("temporarily unavailable: {0}")]
    Unavailable(String),
    /// Too many requests from one sender in a window.
    #[error("{0}")]
    RateLimited(String),
    #[error("unexpected: {0}")]
    Unexpected(String),
}

fn describe(errs: &[FieldError]) -> String {
    errs.iter()
        .map(|e| format!("{}: {}", e.field, e.message))
        .collect::<Vec<_>>()
        .join("; ")
}

impl AppError {
    pub fn invalid(field: &str, code: &str, message: impl Into<String>) -> Self {
        AppError::Invalid(vec![FieldError::new(field, code, message)])
    }

    /// A stable snake_case code, also an i18n key.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::NotFound => "not_found",
            AppError::Unauthenticated(c, _) => c,
            AppError::Forbidden => "forbidden",
            AppError::Invalid(_) => "validation_failed",
            AppError::Conflict(c, _) => c,
            AppError::TooLarge(_) => "payload_too_large",
            AppError::Unavailable(_) => "unavailable",
            AppError::RateLimited(_) => "rate_limited",
            AppError::Unexpected(_) => "internal_error",
        }
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => AppError::NotFound,
            StoreError::Conflict { constraint } => AppError::Conflict(
                "conflict",
                format!("conflicts with existing data ({constraint})"),
            ),
            StoreError::Unavailable(m) => AppError::Unavailable(m),
            StoreError::Other(m) => AppError::Unexpected(m),
        }
    }
}

pub type Result<T, E = AppError> = std::result::Result<T, E>;
