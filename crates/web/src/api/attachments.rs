//! Attachments on cases over the API (issue 13): upload (`multipart/form-data`, part `file`),
//! list and download. Who may do what is the case's scope, applied by `app::cases::attach`;
//! the handlers only read the upload and shape the answer.

use app::cases::attach::{self, AttachmentView};
use axum::Json;
use axum::extract::multipart::MultipartError;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use domain::{Action, Resource};
use schemars::JsonSchema;

use super::ListBody;
use crate::AppState;
use crate::extract::ApiMultipart;
use crate::guard::Caller;
use crate::problem::{ApiError, ApiResult, Problem};
use crate::routes::{Perm, Routes, Surface};

/// What a multipart body may add to the largest file (boundaries, part headers).
pub const MULTIPART_SLACK: u64 = 64 * 1024;

/// Registers the attachment routes, each with its permission and types.
pub fn add(r: Routes) -> Routes {
    let max = r.state().app.settings.attachments.max_bytes + MULTIPART_SLACK;
    r.add_limited(
        Method::POST,
        "/api/v1/cases/{id}/attachments",
        Perm::Allow(Resource::CaseAttachment, Action::Create),
        Surface::Api,
        "Attach a file to a case (its enterprise, or staff who may work on it); 413 when too large, 422 when its type is not accepted",
        Some(usize::try_from(max).unwrap_or(usize::MAX)),
        post_attachment,
    )
    .upload::<AttachmentUpload>()
    .ok::<AttachmentView>(StatusCode::CREATED)
    .errors(&[StatusCode::PAYLOAD_TOO_LARGE])
    .add(
        Method::GET,
        "/api/v1/cases/{id}/attachments",
        Perm::Allow(Resource::CaseAttachment, Action::Read),
        Surface::Api,
        "The files attached to a case, oldest first",
        list_attachments,
    )
    .ok::<ListBody<AttachmentView>>(StatusCode::OK)
    .add(
        Method::GET,
        "/api/v1/attachments/{id}",
        Perm::Allow(Resource::CaseAttachment, Action::Read),
        Surface::Api,
        "Download an attachment (as an attachment, with its media type)",
        get_attachment,
    )
    .file(&[
        "application/pdf",
        "image/jpeg",
        "image/png",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ])
}

/// An attachment upload (`multipart/form-data`).
#[derive(JsonSchema)]
pub struct AttachmentUpload {
    /// The file: PDF, JPEG, PNG, DOCX or XLSX (checked by its content), at most the configured
    /// size (10 MB by default).
    #[schemars(extend("contentMediaType" = "application/octet-stream"))]
    pub file: String,
}

fn parse_id(id: &str) -> Result<uuid::Uuid, ApiError> {
    uuid::Uuid::parse_str(id).map_err(|_| ApiError(app::AppError::NotFound))
}

fn upload_problem(e: &MultipartError) -> Problem {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        Problem::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            "The upload is too large",
        )
        .field("file", "file_too_large", "the file is larger than allowed")
    } else {
        Problem::new(
            StatusCode::BAD_REQUEST,
            "bad_upload",
            "The upload could not be read",
        )
        .detail(e.body_text())
    }
}

/// The `file` part of an upload: its name and bytes.
pub async fn read_file(mut mp: axum::extract::Multipart) -> Result<(String, Vec<u8>), Problem> {
    while let Some(field) = mp.next_field().await.map_err(|e| upload_problem(&e))? {
        if field.name() == Some("file") {
            let name = field.file_name().unwrap_or_default().to_owned();
            let bytes = field.bytes().await.map_err(|e| upload_problem(&e))?;
            return Ok((name, bytes.to_vec()));
        }
    }
    Err(Problem::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        "Some fields are not valid",
    )
    .field("file", "required", "attach the file as the part named file"))
}

pub async fn post_attachment(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiMultipart(mp): ApiMultipart,
) -> Response {
    let id = match parse_id(&id) {
        Ok(id) => id,
        Err(e) => return e.into_response(),
    };
    let (name, bytes) = match read_file(mp).await {
        Ok(f) => f,
        Err(p) => return p.into_response(),
    };
    match attach::attach(&s.app, &caller.ctx, id, &name, bytes).await {
        Ok(v) => (StatusCode::CREATED, Json(v)).into_response(),
        Err(e) => ApiError(e).into_response(),
    }
}

pub async fn list_attachments(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<ListBody<AttachmentView>>> {
    let id = parse_id(&id)?;
    let items = attach::list(&s.app, &caller.ctx, id).await?;
    Ok(Json(ListBody::whole(items)))
}

/// `attachment; filename="<ASCII>"; filename*=UTF-8''<percent-encoded>` (RFC 6266), so any
/// name survives and none can break the header.
pub fn content_disposition(name: &str) -> String {
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let mut encoded = String::new();
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            encoded.push(char::from(b));
        } else {
            encoded.push_str(&format!("%{b:02X}"));
        }
    }
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

/// An attachment's bytes as a download.
pub fn download_response(v: &AttachmentView, bytes: Vec<u8>) -> Response {
    let mut res = bytes.into_response();
    let h = res.headers_mut();
    if let Ok(ct) = HeaderValue::from_str(&v.media_type) {
        h.insert(header::CONTENT_TYPE, ct);
    }
    if let Ok(cd) = HeaderValue::from_str(&content_disposition(&v.name)) {
        h.insert(header::CONTENT_DISPOSITION, cd);
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    res
}

pub async fn get_attachment(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Response {
    let id = match parse_id(&id) {
        Ok(id) => id,
        Err(e) => return e.into_response(),
    };
    match attach::download(&s.app, &caller.ctx, id).await {
        Ok((v, bytes)) => download_response(&v, bytes),
        Err(e) => ApiError(e).into_response(),
    }
}
