//! The enterprise portal (measure 1): the enterprise's profile and requests, registering a
//! difficulty, and filing a resumption report. An enterprise user acts for their own enterprise.

use app::AppError;
use app::cases::{self, CaseFilter, NewCase};
use app::enterprises;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::Method;
use axum::http::StatusCode;
use axum::response::Response;
use domain::{Action, Resource};
use minijinja::context;
use serde::Deserialize;

use super::measure1::{empty, errors_of, listed, ser};
use super::{app_error_page, render_status, see_other};
use crate::AppState;
use crate::guard::Caller;
use crate::routes::{Perm, Routes, Surface};

/// Registers the enterprise portal's pages, each with its permission.
pub fn add(r: Routes) -> Routes {
    use Method as M;
    use Perm::*;
    use Surface::Page;
    r.add(
        M::GET,
        "/portal",
        Allow(Resource::Portal, Action::Read),
        Page,
        "Enterprise portal home",
        portal,
    )
    .add(
        M::POST,
        "/portal/difficulties",
        Allow(Resource::Case, Action::Create),
        Page,
        "Register a difficulty from the portal",
        portal_difficulty,
    )
    .add(
        M::POST,
        "/portal/reports",
        Allow(Resource::Enterprise, Action::Read),
        Page,
        "File a resumption report from the portal",
        portal_report,
    )
    .add(
        M::POST,
        "/portal/cases/{id}/replies",
        Allow(Resource::CaseReply, Action::Create),
        Page,
        "Reply on one of my cases",
        portal_reply,
    )
}

/// The portal's home: the enterprise's profile, its cases, and the two forms.
pub async fn portal(State(s): State<AppState>, caller: Caller) -> Response {
    portal_page(&s, &caller, StatusCode::OK, Vec::new()).await
}

async fn portal_page(
    s: &AppState,
    caller: &Caller,
    status: StatusCode,
    errors: Vec<String>,
) -> Response {
    let ctx = &caller.ctx;
    let uscc = caller
        .principal()
        .and_then(|p| p.enterprise.as_ref())
        .map(|u| u.as_str().to_owned())
        .unwrap_or_default();
    let e = enterprises::get(&s.app, ctx, &uscc).await.ok();
    let my_cases = cases::list(&s.app, ctx, &CaseFilter::default(), 50, None)
        .await
        .unwrap_or_else(|_| empty());
    let reports = if e.is_some() {
        enterprises::reports::list(&s.app, ctx, &uscc)
            .await
            .unwrap_or_default()
    } else {
        Vec::new()
    };
    let liaisons = if e.is_some() {
        enterprises::liaisons::liaisons(&s.app, ctx, &uscc)
            .await
            .ok()
    } else {
        None
    };
    let today = domain::dates::show_date(s.app.today());
    render_status(
        s,
        caller,
        status,
        "measure1/portal_home.html",
        "/portal",
        context! { e => ser(&e), liaisons => ser(&liaisons), cases => listed(my_cases), reports => ser(&reports), categories => ser(&domain::enterprise::DIFFICULTY_CATEGORIES), today, errors },
    )
    .await
}

#[derive(Debug, Deserialize)]
pub struct DifficultyForm {
    pub subject: String,
    pub body: String,
    #[serde(default)]
    pub category: String,
}

pub async fn portal_difficulty(
    State(s): State<AppState>,
    caller: Caller,
    Form(f): Form<DifficultyForm>,
) -> Response {
    let n = NewCase {
        kind: "difficulty".into(),
        subject: f.subject,
        body: f.body,
        category: Some(f.category),
        channel: "portal".into(),
        ..Default::default()
    };
    match cases::open(&s.app, &caller.ctx, &n).await {
        Ok(c) => see_other(&format!("/portal/cases/{}", c.id), &[]),
        Err(e @ AppError::Invalid(_)) => {
            portal_page(&s, &caller, StatusCode::UNPROCESSABLE_ENTITY, errors_of(&e)).await
        }
        Err(e) => app_error_page(&e, caller.locale),
    }
}

#[derive(Debug, Deserialize)]
pub struct ReportForm {
    pub report_date: String,
    pub employees_returned: String,
    pub employees_total: String,
    pub capacity_pct: String,
    #[serde(default)]
    pub resumed: Option<String>,
    #[serde(default)]
    pub difficulties: String,
}

impl ReportForm {
    /// The report as typed (a number that is not one is refused by the use case).
    pub fn into_report(self) -> app::enterprises::reports::NewReport {
        let num = |v: &str| v.trim().parse::<i64>().unwrap_or(-1);
        app::enterprises::reports::NewReport {
            report_date: self.report_date,
            employees_returned: num(&self.employees_returned),
            employees_total: num(&self.employees_total),
            capacity_pct: num(&self.capacity_pct),
            resumed: self.resumed.is_some(),
            difficulties: self.difficulties,
        }
    }
}

pub async fn portal_report(
    State(s): State<AppState>,
    caller: Caller,
    Form(f): Form<ReportForm>,
) -> Response {
    let n = f.into_report();
    let uscc = caller
        .principal()
        .and_then(|p| p.enterprise.as_ref())
        .map(|u| u.as_str().to_owned())
        .unwrap_or_default();
    match app::enterprises::reports::file(&s.app, &caller.ctx, &uscc, &n).await {
        Ok(_) => see_other("/portal?reported=1", &[]),
        Err(e @ AppError::Invalid(_)) => {
            portal_page(&s, &caller, StatusCode::UNPROCESSABLE_ENTITY, errors_of(&e)).await
        }
        Err(e) => app_error_page(&e, caller.locale),
    }
}

#[derive(Debug, Deserialize)]
pub struct ReplyForm {
    pub content: String,
}

/// The enterprise's reply on its case; back to the case, or the case again with the errors.
pub async fn portal_reply(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Form(f): Form<ReplyForm>,
) -> Response {
    let Ok(uuid) = uuid::Uuid::parse_str(&id) else {
        return app_error_page(&AppError::NotFound, caller.locale);
    };
    match enterprises::reply::reply(&s.app, &caller.ctx, uuid, &f.content).await {
        Ok(_) => see_other(&format!("/portal/cases/{id}#reply"), &[]),
        Err(e @ (AppError::Invalid(_) | AppError::Conflict(..))) => {
            let status = if matches!(e, AppError::Conflict(..)) {
                StatusCode::CONFLICT
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            };
            super::measure1::case_page(&s, &caller, &id, status, errors_of(&e)).await
        }
        Err(e) => app_error_page(&e, caller.locale),
    }
}
