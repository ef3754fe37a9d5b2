//! A programme's publicity (公示) for its division: the period in working days, the approved
//! payments waiting to be published, each published list with what became of its lines, and
//! the objections, which the chief upholds or dismisses with a note.

use app::AppError;
use app::funds::publicity::{self, ObjectionDecision};
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use domain::funds::PaymentStatus;
use domain::{Action, FieldError, Resource};
use minijinja::context;
use serde::Deserialize;

use super::rule_form::messages;
use super::ser;
use crate::AppState;
use crate::api::funds::programme_id;
use crate::guard::Caller;
use crate::pages::{app_error_page, render_status, see_other};
use crate::routes::{Perm, Routes, Surface};
use axum::http::Method;

async fn show(
    s: &AppState,
    caller: &Caller,
    id: &str,
    status: StatusCode,
    errors: &[FieldError],
) -> Response {
    let loaded = async {
        let (pid, p) = super::programme_of(s, caller, id).await?;
        let lists = publicity::list_for_programme(&s.app, &caller.ctx, pid).await?;
        let days = publicity::publicity_days(&s.app, &caller.ctx, pid).await?;
        let filter = app::funds::payments::PaymentQuery {
            programme: Some(id.to_owned()),
            status: Some(PaymentStatus::Approved.as_str().to_owned()),
            ..Default::default()
        };
        let approved = app::funds::payments::list_payments(&s.app, &caller.ctx, &filter).await?;
        Ok::<_, AppError>((p, lists, days, approved))
    };
    let (p, lists, days, approved) = match loaded.await {
        Ok(x) => x,
        Err(e) => return app_error_page(&e, caller.locale),
    };
    let listed: Vec<&str> = lists
        .iter()
        .flat_map(|l| l.items.iter().map(|i| i.payment_id.as_str()))
        .collect();
    let waiting: Vec<_> = approved
        .iter()
        .filter(|a| !listed.contains(&a.id.as_str()))
        .collect();
    let own = caller
        .principal()
        .is_some_and(|who| who.division.map(|d| d.as_str().to_owned()) == Some(p.division.clone()))
        || caller
            .principal()
            .is_some_and(|who| who.role == domain::Role::Leader);
    let ctx = context! {
        p => ser(&p), lists => ser(&lists), days => days.days, waiting => ser(&waiting),
        waiting_total => waiting.iter().map(|w| w.amount).sum::<i64>(),
        can_decide => own && caller.ctx.can(Resource::FundPayment, Action::Update),
        now => s.app.now(), errors => messages(caller.locale, errors),
    };
    let path = format!("/staff/funds/{id}/publicity");
    render_status(s, caller, status, "funds/staff_publicity.html", &path, ctx).await
}

pub async fn page(State(s): State<AppState>, caller: Caller, Path(id): Path<String>) -> Response {
    show(&s, &caller, &id, StatusCode::OK, &[]).await
}

/// A refusal shown on the page: a conflict (nothing to publish, the period still runs) or
/// the fields of a decision.
async fn refused(s: &AppState, caller: &Caller, id: &str, e: AppError) -> Response {
    match e {
        AppError::Invalid(errs) => {
            show(s, caller, id, StatusCode::UNPROCESSABLE_ENTITY, &errs).await
        }
        AppError::Conflict(code, msg) => {
            let err = FieldError::new("action", code, msg);
            show(s, caller, id, StatusCode::CONFLICT, &[err]).await
        }
        e => app_error_page(&e, caller.locale),
    }
}

pub async fn publish(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Response {
    let Ok(pid) = programme_id(&id) else {
        return app_error_page(&AppError::NotFound, caller.locale);
    };
    match publicity::publish(&s.app, &caller.ctx, pid).await {
        Ok(_) => see_other(&format!("/staff/funds/{id}/publicity"), &[]),
        Err(e) => refused(&s, &caller, &id, e).await,
    }
}

pub async fn end(
    State(s): State<AppState>,
    caller: Caller,
    Path((id, pid)): Path<(String, String)>,
) -> Response {
    let Ok(publicity_id) = programme_id(&pid) else {
        return app_error_page(&AppError::NotFound, caller.locale);
    };
    match publicity::end_publicity(&s.app, &caller.ctx, publicity_id).await {
        Ok(_) => see_other(&format!("/staff/funds/{id}/publicity"), &[]),
        Err(e) => refused(&s, &caller, &id, e).await,
    }
}

#[derive(Debug, Deserialize)]
pub struct DecisionForm {
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub note: String,
    #[serde(default, rename = "_csrf")]
    pub _csrf: String,
}

pub async fn decide(
    State(s): State<AppState>,
    caller: Caller,
    Path((id, oid)): Path<(String, String)>,
    Form(f): Form<DecisionForm>,
) -> Response {
    let Ok(objection) = programme_id(&oid) else {
        return app_error_page(&AppError::NotFound, caller.locale);
    };
    let d = ObjectionDecision {
        status: f.status,
        note: f.note,
    };
    match publicity::decide_objection(&s.app, &caller.ctx, objection, &d).await {
        Ok(_) => see_other(&format!("/staff/funds/{id}/publicity"), &[]),
        Err(AppError::Invalid(errs)) => {
            // Named by the objection, so that the message stands next to its form.
            let errs: Vec<FieldError> = errs
                .into_iter()
                .map(|e| FieldError {
                    field: format!("{oid}.{}", e.field),
                    ..e
                })
                .collect();
            show(&s, &caller, &id, StatusCode::UNPROCESSABLE_ENTITY, &errs).await
        }
        Err(e) => refused(&s, &caller, &id, e).await,
    }
}

/// Registers the division's publicity pages, each with its permission.
pub fn add(r: Routes) -> Routes {
    use Method as M;
    use Perm::*;
    use Surface::Page;
    r.add(
        M::GET,
        "/staff/funds/{id}/publicity",
        Allow(Resource::FundPayment, Action::Read),
        Page,
        "A programme's publicity: its period, published lists, outcomes and objections",
        page,
    )
    .add(
        M::POST,
        "/staff/funds/{id}/publicity",
        Allow(Resource::FundPayment, Action::Update),
        Page,
        "Publish the approved payments for the publicity period (the division's chief)",
        publish,
    )
    .add(
        M::POST,
        "/staff/funds/{id}/publicity/{pid}/end",
        Allow(Resource::FundPayment, Action::Update),
        Page,
        "End a publicity period that is over (the division's chief)",
        end,
    )
    .add(
        M::POST,
        "/staff/funds/{id}/objections/{oid}",
        Allow(Resource::FundPayment, Action::Update),
        Page,
        "Uphold or dismiss an objection with a note (the division's chief)",
        decide,
    )
}
