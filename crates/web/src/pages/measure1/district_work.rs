//! District work on the staff pages (measure 1, issue 13): registering an enterprise, opening a
//! case for it and filing its resumption report on its behalf. Each form calls the same use case
//! as the API; the scope rules (a district official acts in their district only) are the app's.

use app::AppError;
use app::cases::NewCase;
use app::enterprises::{self, NewEnterprise};
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;

use super::errors_of;
use super::registry::{EnterpriseQuery, enterprise_page, registry_page};
use crate::AppState;
use crate::guard::Caller;
use crate::pages::portal::ReportForm;
use crate::pages::{app_error_page, see_other};

#[derive(Debug, Deserialize)]
pub struct RegisterForm {
    #[serde(default)]
    pub uscc: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub district: String,
    #[serde(default)]
    pub kinds: String,
    #[serde(default)]
    pub contact_name: String,
    #[serde(default)]
    pub contact_mobile: String,
}

/// Registers an enterprise; to its file, or the registry again with the errors.
pub async fn register(
    State(s): State<AppState>,
    caller: Caller,
    Form(f): Form<RegisterForm>,
) -> Response {
    let n = NewEnterprise {
        uscc: f.uscc,
        name: f.name,
        district: f.district,
        kinds: f.kinds,
        contact_name: f.contact_name,
        contact_mobile: f.contact_mobile,
        ..NewEnterprise::default()
    };
    match enterprises::register(&s.app, &caller.ctx, &n).await {
        Ok(e) => see_other(&format!("/staff/enterprises/{}", e.uscc), &[]),
        Err(e @ AppError::Invalid(_)) => {
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            registry_page(
                &s,
                &caller,
                EnterpriseQuery::default(),
                status,
                errors_of(&e),
            )
            .await
        }
        Err(e) => app_error_page(&e, caller.locale),
    }
}

#[derive(Debug, Deserialize)]
pub struct DifficultyForm {
    #[serde(default)]
    pub subject: String,
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    pub body: String,
}

/// Opens a difficulty case for the enterprise (an official's visit); to the new case.
pub async fn open_for(
    State(s): State<AppState>,
    caller: Caller,
    Path(uscc): Path<String>,
    Form(f): Form<DifficultyForm>,
) -> Response {
    let n = NewCase {
        kind: "difficulty".into(),
        enterprise: Some(uscc.clone()),
        subject: f.subject,
        body: f.body,
        category: Some(f.category),
        channel: "visit".into(),
        ..NewCase::default()
    };
    match app::cases::open(&s.app, &caller.ctx, &n).await {
        Ok(c) => see_other(&format!("/staff/cases/{}", c.id), &[]),
        Err(e @ (AppError::Invalid(_) | AppError::Conflict(..))) => {
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            enterprise_page(&s, &caller, &uscc, status, errors_of(&e)).await
        }
        Err(e) => app_error_page(&e, caller.locale),
    }
}

/// Files a resumption report on the enterprise's behalf; back to its file.
pub async fn report_for(
    State(s): State<AppState>,
    caller: Caller,
    Path(uscc): Path<String>,
    Form(f): Form<ReportForm>,
) -> Response {
    let n = f.into_report();
    match enterprises::reports::file(&s.app, &caller.ctx, &uscc, &n).await {
        Ok(_) => see_other(&format!("/staff/enterprises/{uscc}#reports"), &[]),
        Err(e @ AppError::Invalid(_)) => {
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            enterprise_page(&s, &caller, &uscc, status, errors_of(&e)).await
        }
        Err(e) => app_error_page(&e, caller.locale),
    }
}
