//! Attachments on the case pages (issue 13): the upload form's post and the download link, for
//! the enterprise in the portal and for staff. The same use cases as the API
//! (`app::cases::attach`); a refused file shows the case page again with the reason.

use app::AppError;
use app::cases::attach;
use axum::extract::{Multipart, Path, State};
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use domain::{Action, Resource};

use super::{case_page, errors_of};
use crate::AppState;
use crate::api::attachments::{MULTIPART_SLACK, download_response, read_file};
use crate::guard::Caller;
use crate::pages::{app_error_page, see_other};
use crate::routes::{Perm, Routes, Surface};

pub fn add(r: Routes) -> Routes {
    let max = r.state().app.settings.attachments.max_bytes + MULTIPART_SLACK;
    let limit = Some(usize::try_from(max).unwrap_or(usize::MAX));
    let create = Perm::Allow(Resource::CaseAttachment, Action::Create);
    let read = Perm::Allow(Resource::CaseAttachment, Action::Read);
    r.add_limited(
        Method::POST,
        "/portal/cases/{id}/attachments",
        create,
        Surface::Page,
        "Attach a file to one of my cases",
        limit,
        upload,
    )
    .add_limited(
        Method::POST,
        "/staff/cases/{id}/attachments",
        create,
        Surface::Page,
        "Attach a file to a case",
        limit,
        upload,
    )
    .add(
        Method::GET,
        "/portal/attachments/{id}",
        read,
        Surface::Page,
        "Download an attachment of one of my cases",
        download,
    )
    .add(
        Method::GET,
        "/staff/attachments/{id}",
        read,
        Surface::Page,
        "Download an attachment of a case",
        download,
    )
}

/// The upload form's post: back to the case's attachments, or the case with the reason.
pub async fn upload(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    mp: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Response {
    let Ok(uuid) = uuid::Uuid::parse_str(&id) else {
        return app_error_page(&AppError::NotFound, caller.locale);
    };
    let file = match mp {
        Ok(mp) => read_file(mp).await,
        Err(_) => Err(crate::problem::Problem::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "Send the file as multipart/form-data",
        )),
    };
    let result = match file {
        Ok((name, bytes)) => attach::attach(&s.app, &caller.ctx, uuid, &name, bytes).await,
        // The body itself was refused (too large, unreadable): the same reasons as the API's.
        Err(p) if p.status == StatusCode::PAYLOAD_TOO_LARGE => {
            Err(AppError::TooLarge(p.errors.clone()))
        }
        Err(p) => Err(AppError::Invalid(if p.errors.is_empty() {
            vec![domain::FieldError::new("file", "required", "attach a file")]
        } else {
            p.errors.clone()
        })),
    };
    let base = if caller.ctx.can(Resource::BackOffice, Action::Read) {
        "/staff"
    } else {
        "/portal"
    };
    match result {
        Ok(_) => see_other(&format!("{base}/cases/{id}#attachments"), &[]),
        Err(e @ (AppError::Invalid(_) | AppError::TooLarge(_))) => {
            let status = if matches!(e, AppError::TooLarge(_)) {
                StatusCode::PAYLOAD_TOO_LARGE
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            };
            case_page(&s, &caller, &id, status, errors_of(&e)).await
        }
        Err(e) => app_error_page(&e, caller.locale),
    }
}

/// The download link: the file, or the "not found" page.
pub async fn download(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Response {
    let Ok(uuid) = uuid::Uuid::parse_str(&id) else {
        return app_error_page(&AppError::NotFound, caller.locale);
    };
    match attach::download(&s.app, &caller.ctx, uuid).await {
        Ok((v, bytes)) => download_response(&v, bytes).into_response(),
        Err(e) => app_error_page(&e, caller.locale),
    }
}
