//! Request extractors for the API: JSON bodies, query strings and uploads whose refusals are
//! RFC 9457 problems naming the offending field (axum's own answer plain text), and pagination.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Multipart, Request};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::problem::Problem;

/// A JSON body. Unknown fields (with `deny_unknown_fields` on the type), missing fields and
/// wrong types answer 422 naming the field; bad JSON 400; an oversized body 413.
pub struct ApiJson<T>(pub T);

fn field_in(msg: &str, prefix: &str) -> Option<String> {
    let rest = msg.strip_prefix(prefix)?;
    let rest = rest.strip_prefix('`')?;
    Some(rest[..rest.find('`')?].to_owned())
}

/// The full path of a named field; serde_path_to_error sometimes already ends with it.
fn join(path: &str, field: &str) -> String {
    if path.is_empty() || path == "." {
        field.to_owned()
    } else if path == field || path.ends_with(&format!(".{field}")) {
        path.to_owned()
    } else {
        format!("{path}.{field}")
    }
}

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = Problem;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let is_json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|ct| ct.starts_with("application/json") || ct.contains("+json"));
        if !is_json {
            return Err(Problem::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                "Send a JSON body with Content-Type: application/json",
            ));
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|e| {
            if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                Problem::new(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "body_too_large",
                    "The request body is too large",
                )
            } else {
                Problem::new(
                    StatusCode::BAD_REQUEST,
                    "body_unreadable",
                    "The request body could not be read",
                )
            }
        })?;
        let de = &mut serde_json::Deserializer::from_slice(&bytes);
        match serde_path_to_error::deserialize::<_, T>(de) {
            Ok(v) => Ok(ApiJson(v)),
            Err(err) => {
                let path = err.path().to_string();
                let inner = err.into_inner();
                let msg = inner.to_string();
                if inner.is_syntax() || inner.is_eof() {
                    return Err(Problem::new(
                        StatusCode::BAD_REQUEST,
                        "malformed_json",
                        "The body is not valid JSON",
                    )
                    .detail(msg));
                }
                Err(field_problem(path, &msg))
            }
        }
    }
}

/// A 422 naming the field serde could not read: unknown, missing, or of the wrong type.
fn field_problem(path: String, msg: &str) -> Problem {
    let (field, code) = if let Some(f) = field_in(msg, "unknown field ") {
        (join(&path, &f), "unknown_field")
    } else if let Some(f) = field_in(msg, "missing field ") {
        (join(&path, &f), "required")
    } else if let Some(f) = field_in(msg, "duplicate field ") {
        (join(&path, &f), "duplicate_field")
    } else {
        (path, "invalid_type")
    };
    let message = msg.split(" at line ").next().unwrap_or(msg).to_owned();
    Problem::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        "Some fields are not valid",
    )
    .field(&field, code, message)
}

/// A query string. A parameter that is unknown (with `deny_unknown_fields`), missing or of the
/// wrong type answers 422 naming it.
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or_default();
        // PostgreSQL text cannot hold U+0000: refuse it here rather than fail in the store.
        if let Some((name, _)) =
            form_urlencoded::parse(query.as_bytes()).find(|(_, v)| v.contains('\0'))
        {
            return Err(Problem::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "validation_failed",
                "Some fields are not valid",
            )
            .field(
                &name,
                "invalid_character",
                "a NUL character (U+0000) cannot be stored",
            ));
        }
        let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
        serde_path_to_error::deserialize::<_, T>(de)
            .map(ApiQuery)
            .map_err(|err| {
                let path = err.path().to_string();
                field_problem(path, &err.into_inner().to_string())
            })
    }
}

/// A `multipart/form-data` upload; any other body answers 415.
pub struct ApiMultipart(pub Multipart);

impl<S: Send + Sync> FromRequest<S> for ApiMultipart {
    type Rejection = Problem;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        Multipart::from_request(req, state)
            .await
            .map(ApiMultipart)
            .map_err(|e| {
                Problem::new(
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    "unsupported_media_type",
                    "Send the file as multipart/form-data",
                )
                .detail(e.body_text())
            })
    }
}

/// `?limit=&cursor=` for cursor-paginated lists.
#[derive(Debug, Clone)]
pub struct PageParams {
    pub limit: i64,
    pub cursor: Option<String>,
}

pub const DEFAULT_LIMIT: i64 = 50;
pub const MAX_LIMIT: i64 = 200;

#[derive(Deserialize)]
struct RawPage {
    limit: Option<String>,
    cursor: Option<String>,
}

impl<S: Send + Sync> FromRequestParts<S> for PageParams {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let raw = axum::extract::Query::<RawPage>::try_from_uri(&parts.uri)
            .map_err(|e| {
                Problem::new(
                    StatusCode::BAD_REQUEST,
                    "invalid_query",
                    "The query string is not valid",
                )
                .detail(e.body_text())
            })?
            .0;
        let limit = match raw.limit.as_deref().filter(|s| !s.is_empty()) {
            None => DEFAULT_LIMIT,
            Some(s) => match s.parse::<i64>() {
                Ok(n) if (1..=MAX_LIMIT).contains(&n) => n,
                _ => {
                    return Err(Problem::new(
                        StatusCode::UNPROCESSABLE_ENTITY,
                        "validation_failed",
                        "Some fields are not valid",
                    )
                    .field(
                        "limit",
                        "out_of_range",
                        format!("limit is a whole number from 1 to {MAX_LIMIT}, not \"{s}\""),
                    ));
                }
            },
        };
        Ok(PageParams {
            limit,
            cursor: raw.cursor.filter(|c| !c.is_empty()),
        })
    }
}
