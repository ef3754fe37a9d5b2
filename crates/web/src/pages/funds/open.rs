//! Measure 2 in the open, in every public language: the published lists (公示) with the form
//! to object to a line, and the government's own payment speed. Nothing private is shown: an
//! enterprise's name, the programme and the amount only.

use app::AppError;
use app::funds::publicity::{self, NewObjection, ObjectionFiled};
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use minijinja::context;
use serde::Deserialize;

use super::rule_form::messages;
use super::ser;
use crate::AppState;
use crate::guard::Caller;
use crate::pages::{app_error_page, render, render_status};
use crate::routes::{Perm, Routes, Surface};
use axum::http::Method;

pub async fn list(State(s): State<AppState>, caller: Caller) -> Response {
    match publicity::public_list(&s.app).await {
        Ok(items) => {
            let ctx = context! { items => ser(&items) };
            render(&s, &caller, "funds/open_list.html", "/funds/publicity", ctx).await
        }
        Err(e) => app_error_page(&e, caller.locale),
    }
}

/// The objection form as typed.
#[derive(Debug, Default, Deserialize, serde::Serialize)]
pub struct ObjectionForm {
    #[serde(default)]
    pub line: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub contact: String,
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub website: String,
    #[serde(default)]
    pub shown_at: Option<i64>,
    #[serde(default, rename = "_csrf", skip_serializing)]
    pub csrf: String,
}

async fn page(
    s: &AppState,
    caller: &Caller,
    id: &str,
    status: StatusCode,
    form: Option<&ObjectionForm>,
    errors: &[domain::FieldError],
    filed: Option<&ObjectionFiled>,
) -> Response {
    let Ok(pid) = crate::api::funds::programme_id(id) else {
        return app_error_page(&AppError::NotFound, caller.locale);
    };
    match publicity::public_one(&s.app, pid).await {
        Ok(p) => {
            let open = p.status == "running";
            let ctx = context! {
                p => ser(&p), open, form => form.map(ser), filed => filed.map(ser),
                errors => messages(caller.locale, errors), shown_at => s.app.now(),
            };
            let path = format!("/funds/publicity/{id}");
            render_status(s, caller, status, "funds/open_publicity.html", &path, ctx).await
        }
        Err(e) => app_error_page(&e, caller.locale),
    }
}

pub async fn one(State(s): State<AppState>, caller: Caller, Path(id): Path<String>) -> Response {
    page(&s, &caller, &id, StatusCode::OK, None, &[], None).await
}

pub async fn object(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Form(f): Form<ObjectionForm>,
) -> Response {
    let n = NewObjection {
        line: f.line.trim().parse().unwrap_or(0),
        name: f.name.clone(),
        contact: f.contact.clone(),
        text: f.text.clone(),
        website: f.website.clone(),
        shown_at: f.shown_at,
    };
    match crate::api::fund_publicity::file(&s, &caller, &id, &n).await {
        Ok(filed) => page(&s, &caller, &id, StatusCode::OK, None, &[], Some(&filed)).await,
        Err(AppError::Invalid(errs)) => {
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            page(&s, &caller, &id, status, Some(&f), &errs, None).await
        }
        Err(e @ (AppError::Conflict(..) | AppError::RateLimited(_))) => {
            let status = if matches!(e, AppError::RateLimited(_)) {
                StatusCode::TOO_MANY_REQUESTS
            } else {
                StatusCode::CONFLICT
            };
            let err = domain::FieldError::new("text", "refused", e.to_string());
            page(&s, &caller, &id, status, Some(&f), &[err], None).await
        }
        Err(e) => app_error_page(&e, caller.locale),
    }
}

pub async fn speed(State(s): State<AppState>, caller: Caller) -> Response {
    match app::funds::speed::payment_speed(&s.app).await {
        Ok(rows) => {
            let ctx = context! { rows => ser(&rows) };
            render(&s, &caller, "funds/open_speed.html", "/funds/speed", ctx).await
        }
        Err(e) => app_error_page(&e, caller.locale),
    }
}

/// Registers the public pages of measure 2 in the open, each with its permission.
pub fn add(r: Routes) -> Routes {
    use Method as M;
    use Perm::*;
    use Surface::Page;
    r.add(
        M::GET,
        "/funds/publicity",
        Public,
        Page,
        "Public: payments on public notice (公示)",
        list,
    )
    .add(
        M::GET,
        "/funds/publicity/{id}",
        Public,
        Page,
        "Public: one published list, with the objection form while it runs",
        one,
    )
    .add(
        M::POST,
        "/funds/publicity/{id}/objections",
        Public,
        Page,
        "Public: object to a line of a published list (rate-limited, spam refused)",
        object,
    )
    .add(
        M::GET,
        "/funds/speed",
        Public,
        Page,
        "Public: payments made and the median days to pay, per programme",
        speed,
    )
}
