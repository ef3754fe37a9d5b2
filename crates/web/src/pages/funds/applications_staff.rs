//! Applications on the staff pages (measure 2): the queue of the reader's scope (per programme
//! and status, with each step's SLA due date on the bureau's calendar) and one application
//! with only the step buttons the reader may press. A refused step (four eyes, a missing
//! reason) shows the page again with the reason in words.

use std::collections::HashMap;

use app::AppError;
use app::funds::applications::{self as apps, ApplicationQuery, StepRequest};
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use domain::funds::workflow::{Status, Step};
use minijinja::context;

use super::applications::{application_page, reasons};
use super::ser;
use crate::AppState;
use crate::guard::Caller;
use crate::pages::{STAFF_LAYOUT, app_error_page, render, see_other};

pub async fn queue(
    State(s): State<AppState>,
    caller: Caller,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let lq = ApplicationQuery {
        programme_id: q.get("programme").filter(|v| !v.is_empty()).cloned(),
        status: q.get("status").filter(|v| !v.is_empty()).cloned(),
        cursor: q.get("cursor").filter(|v| !v.is_empty()).cloned(),
        limit: Some(100),
    };
    let run = async {
        let list = apps::list(&s.app, &caller.ctx, &lq).await?;
        let programmes = app::funds::list_programmes(&s.app, &caller.ctx).await?;
        Ok::<_, AppError>((list, programmes))
    };
    match run.await {
        Ok((list, programmes)) => {
            let statuses: Vec<&str> = Status::ALL
                .iter()
                .filter(|s| **s != Status::Disbursed)
                .map(|s| s.as_str())
                .collect();
            let ctx = context! {
                items => ser(&list.items), next_cursor => list.next_cursor,
                programmes => ser(&programmes), statuses => statuses,
                programme => lq.programme_id, status => lq.status, now => s.app.now(),
                layout => STAFF_LAYOUT,
            };
            render(
                &s,
                &caller,
                "funds/staff_applications.html",
                "/staff/funds/applications",
                ctx,
            )
            .await
        }
        Err(e) => app_error_page(&e, caller.locale),
    }
}

pub async fn one(State(s): State<AppState>, caller: Caller, Path(id): Path<String>) -> Response {
    application_page(&s, &caller, &id, StatusCode::OK, Vec::new()).await
}

/// A step button's form: `note`, `missing` (one item per line), `reason`, `override_reason`.
pub async fn step(
    State(s): State<AppState>,
    caller: Caller,
    Path((id, step)): Path<(String, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let Some(step) = Step::parse(&step).filter(|s| {
        matches!(
            s,
            Step::Examine | Step::Verify | Step::Approve | Step::Return | Step::Refuse
        )
    }) else {
        return app_error_page(&AppError::NotFound, caller.locale);
    };
    let text = |k: &str| {
        pairs
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    };
    // Each ticked item, and any typed one per line.
    let missing = pairs
        .iter()
        .filter(|(n, _)| n == "missing")
        .flat_map(|(_, v)| v.lines().map(str::trim).map(str::to_owned))
        .filter(|l| !l.is_empty())
        .collect();
    let req = StepRequest {
        note: text("note"),
        missing,
        reason: text("reason"),
        override_reason: text("override_reason"),
        ..StepRequest::default()
    };
    match apps::take_step(&s.app, &caller.ctx, &id, step, &req).await {
        Ok(_) => see_other(&format!("/staff/funds/applications/{id}"), &[]),
        Err(e @ (AppError::Invalid(_) | AppError::Conflict(..) | AppError::Forbidden)) => {
            let status = match e {
                AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
                AppError::Forbidden => StatusCode::FORBIDDEN,
                _ => StatusCode::CONFLICT,
            };
            application_page(&s, &caller, &id, status, reasons(&e)).await
        }
        Err(e) => app_error_page(&e, caller.locale),
    }
}
