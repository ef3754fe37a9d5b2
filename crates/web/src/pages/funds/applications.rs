//! Applications in the enterprise portal (measure 2): the form per programme (figures typed in
//! yuan, the required documents as files), "my applications", and one application with its
//! timeline, what to correct when it is returned (and the resubmit form), and its amount
//! explained criterion by criterion. The same use cases as the API
//! (`app::funds::applications`); a refused form shows again with the reasons.

use std::collections::BTreeMap;

use app::AppError;
use app::funds::applications::{
    self as apps, Channel, DocumentUpload, NewApplication, StepRequest,
};
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use base64::Engine;
use domain::funds::workflow::Step;
use domain::{FieldError, Money};
use minijinja::context;

use super::rules::district_names;
use super::ser;
use crate::AppState;
use crate::guard::Caller;
use crate::pages::measure1::errors_of;
use crate::pages::{app_error_page, render_status, see_other};

const LAYOUT: &str = "common/layout_portal.html";

/// What a multipart form gave: its text fields and its files by field name.
#[derive(Default)]
pub(super) struct Posted {
    pub fields: BTreeMap<String, String>,
    pub files: Vec<(String, String, Vec<u8>)>,
}

/// Reads a multipart form; a part that cannot be read is a problem naming `documents`.
pub(super) async fn read_form(
    mp: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Result<Posted, AppError> {
    let unreadable = || AppError::invalid("documents", "required", "the form could not be read");
    let mut mp = mp.map_err(|_| unreadable())?;
    let mut out = Posted::default();
    while let Some(field) = mp.next_field().await.map_err(|_| unreadable())? {
        let name = field.name().unwrap_or_default().to_owned();
        match field.file_name().map(str::to_owned) {
            Some(file) => {
                let bytes = field.bytes().await.map_err(|_| unreadable())?;
                if !bytes.is_empty() {
                    out.files.push((name, file, bytes.to_vec()));
                }
            }
            None => {
                let text = field.text().await.map_err(|_| unreadable())?;
                out.fields.insert(name, text);
            }
        }
    }
    Ok(out)
}

/// Figures typed in the form (`figures.<code>`): amounts in yuan ("12,345.67") become fen,
/// counts whole numbers; an empty field is not given.
pub(super) fn figures_of(p: &Posted, errs: &mut Vec<FieldError>) -> BTreeMap<String, i64> {
    let mut out = BTreeMap::new();
    for (k, v) in &p.fields {
        let Some(code) = k.strip_prefix("figures.") else {
            continue;
        };
        let v = v.trim();
        if v.is_empty() {
            continue;
        }
        let money = domain::funds::Figure::parse(code).is_none_or(|f| f.is_money());
        let parsed = if money {
            Money::parse(v).map(Money::fen).map_err(|e| e.code())
        } else {
            v.parse::<i64>().map_err(|_| "invalid_number")
        };
        match parsed {
            Ok(n) => {
                out.insert(code.to_owned(), n);
            }
            Err(c) => errs.push(FieldError::new(k.clone(), c, "not an amount")),
        }
    }
    out
}

/// The files of the form (`documents.<doc>`) as the API's uploads.
pub(super) fn documents_of(p: &Posted) -> Vec<DocumentUpload> {
    p.files
        .iter()
        .filter_map(|(field, name, bytes)| {
            Some(DocumentUpload {
                document: field.strip_prefix("documents.")?.to_owned(),
                name: name.clone(),
                content_base64: base64::engine::general_purpose::STANDARD.encode(bytes),
            })
        })
        .collect()
}

/// The form of a programme, with the reasons it was refused and what was typed.
async fn form_page(
    s: &AppState,
    caller: &Caller,
    id: &str,
    status: StatusCode,
    errors: Vec<String>,
    typed: BTreeMap<String, String>,
) -> Response {
    match apps::apply_form(&s.app, &caller.ctx, id).await {
        Ok(f) => {
            let ctx = context! {
                f => ser(&f), errors => errors, typed => typed, layout => LAYOUT,
                key => app::random_token(),
            };
            let path = format!("/portal/funds/{id}/apply");
            render_status(s, caller, status, "funds/portal_apply.html", &path, ctx).await
        }
        Err(e) => app_error_page(&e, caller.locale),
    }
}

pub async fn apply_page(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Response {
    form_page(
        &s,
        &caller,
        &id,
        StatusCode::OK,
        Vec::new(),
        BTreeMap::new(),
    )
    .await
}

fn refused_status(e: &AppError) -> StatusCode {
    match e {
        AppError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
        AppError::Conflict(..) => StatusCode::CONFLICT,
        _ => StatusCode::UNPROCESSABLE_ENTITY,
    }
}

/// A refusal as lines for the page: the fields' reasons, or a conflict's message.
pub(super) fn reasons(e: &AppError) -> Vec<String> {
    match e {
        AppError::Conflict(code, msg) => {
            let l = crate::i18n::current();
            let f = FieldError::new("", *code, msg.clone());
            vec![crate::i18n::field_message(l, &f)]
        }
        other => errors_of(other),
    }
}

pub async fn apply(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    mp: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Response {
    let posted = match read_form(mp).await {
        Ok(p) => p,
        Err(e) => {
            return form_page(
                &s,
                &caller,
                &id,
                refused_status(&e),
                reasons(&e),
                BTreeMap::new(),
            )
            .await;
        }
    };
    let mut errs = Vec::new();
    let figures = figures_of(&posted, &mut errs);
    let result = if errs.is_empty() {
        let n = NewApplication {
            programme_id: id.clone(),
            uscc: None,
            year: None,
            figures,
            documents: documents_of(&posted),
        };
        let key = posted.fields.get("idempotency_key").map(String::as_str);
        apps::submit(&s.app, &caller.ctx, &n, Channel::Portal, key).await
    } else {
        Err(AppError::Invalid(errs))
    };
    match result {
        Ok(done) => see_other(
            &format!("/portal/funds/applications/{}", done.application.id),
            &[],
        ),
        Err(e @ (AppError::Invalid(_) | AppError::TooLarge(_) | AppError::Conflict(..))) => {
            form_page(
                &s,
                &caller,
                &id,
                refused_status(&e),
                reasons(&e),
                posted.fields,
            )
            .await
        }
        Err(e) => app_error_page(&e, caller.locale),
    }
}

pub async fn mine(State(s): State<AppState>, caller: Caller) -> Response {
    match apps::list(&s.app, &caller.ctx, &apps::ApplicationQuery::default()).await {
        Ok(list) => {
            let ctx = context! { items => ser(&list.items), layout => LAYOUT };
            render_status(
                &s,
                &caller,
                StatusCode::OK,
                "funds/portal_applications.html",
                "/portal/funds/applications",
                ctx,
            )
            .await
        }
        Err(e) => app_error_page(&e, caller.locale),
    }
}

/// One application's page (portal or staff), with the reasons of a refused step.
pub(super) async fn application_page(
    s: &AppState,
    caller: &Caller,
    id: &str,
    status: StatusCode,
    errors: Vec<String>,
) -> Response {
    let staff = caller
        .principal()
        .is_some_and(|p| p.role != domain::Role::EnterpriseUser);
    match apps::get(&s.app, &caller.ctx, id).await {
        Ok(a) => {
            let (template, path) = if staff {
                (
                    "funds/staff_application.html",
                    format!("/staff/funds/applications/{id}"),
                )
            } else {
                (
                    "funds/portal_application.html",
                    format!("/portal/funds/applications/{id}"),
                )
            };
            let documents = match app::funds::programme(
                &s.app,
                &caller.ctx,
                uuid::Uuid::parse_str(&a.programme_id).unwrap_or_default(),
            )
            .await
            {
                Ok(p) => p.documents,
                Err(_) => Vec::new(),
            };
            let ctx = context! {
                a => ser(&a), d => ser(&a.decision), errors => errors, documents => documents,
                district_names => district_names(s).await,
            };
            render_status(s, caller, status, template, &path, ctx).await
        }
        Err(e) => app_error_page(&e, caller.locale),
    }
}

pub async fn one(State(s): State<AppState>, caller: Caller, Path(id): Path<String>) -> Response {
    application_page(&s, &caller, &id, StatusCode::OK, Vec::new()).await
}

/// The resubmit form (multipart: corrected figures, the missing documents) or the withdraw
/// button.
pub async fn applicant_step(
    State(s): State<AppState>,
    caller: Caller,
    Path((id, step)): Path<(String, String)>,
    mp: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Response {
    let step = match step.as_str() {
        "resubmit" => Step::Resubmit,
        "withdraw" => Step::Withdraw,
        _ => return app_error_page(&AppError::NotFound, caller.locale),
    };
    let posted = match read_form(mp).await {
        Ok(p) => p,
        Err(e) => return application_page(&s, &caller, &id, refused_status(&e), reasons(&e)).await,
    };
    let mut errs = Vec::new();
    let figures = figures_of(&posted, &mut errs);
    let req = StepRequest {
        figures,
        documents: documents_of(&posted),
        ..StepRequest::default()
    };
    let result = if errs.is_empty() {
        apps::take_step(&s.app, &caller.ctx, &id, step, &req).await
    } else {
        Err(AppError::Invalid(errs))
    };
    match result {
        Ok(_) => see_other(&format!("/portal/funds/applications/{id}"), &[]),
        Err(
            e @ (AppError::Invalid(_)
            | AppError::TooLarge(_)
            | AppError::Conflict(..)
            | AppError::Forbidden),
        ) => application_page(&s, &caller, &id, refused_status(&e), reasons(&e)).await,
        Err(e) => app_error_page(&e, caller.locale),
    }
}
