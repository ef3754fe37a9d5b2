//! Measure 2's apply-free page for staff, per programme: its runs (how many qualified, the
//! total, how many confirmed and paid) with the button that runs it, the top-ups owed for a
//! past period and the settlements with their approval (the chief), and the form that records
//! a settlement. A run's own page lists its entitlements. zh-CN and en.

use std::collections::HashMap;

use app::funds::free::{self, NewSettlement};
use axum::Form;
use axum::extract::{Path, State};
use axum::http::{Method, StatusCode};
use axum::response::Response;
use domain::{Action, FieldError, Resource};
use minijinja::context;

use super::free_portal::explained;
use super::ser;
use crate::AppState;
use crate::api::funds::programme_id as uuid_of;
use crate::guard::Caller;
use crate::pages::{app_error_page, render, render_status, see_other};
use crate::routes::{Perm, Routes, Surface};

/// Registers the staff pages of apply-free runs, top-ups and settlements.
pub fn add(r: Routes) -> Routes {
    use Method as M;
    use Perm::Allow;
    use Surface::Page;
    let r = super::free_portal::add(r);
    r.add(
        M::GET,
        "/staff/funds/{id}/free",
        Allow(Resource::FundRun, Action::Read),
        Page,
        "A programme's apply-free runs, top-ups and settlements",
        page,
    )
    .add(
        M::POST,
        "/staff/funds/{id}/runs",
        Allow(Resource::FundRun, Action::Create),
        Page,
        "Run the programme over the registry (apply-free)",
        run,
    )
    .add(
        M::GET,
        "/staff/fund-runs/{id}",
        Allow(Resource::FundRun, Action::Read),
        Page,
        "An apply-free run and its entitlements",
        run_page,
    )
    .add(
        M::POST,
        "/staff/funds/{id}/settlements",
        Allow(Resource::FundAdjustment, Action::Create),
        Page,
        "Record an enterprise's final settlement figures",
        settle,
    )
    .add(
        M::POST,
        "/staff/fund-top-ups/{id}/approve",
        Allow(Resource::FundAdjustment, Action::Update),
        Page,
        "Approve a top-up (the chief)",
        approve_top_up,
    )
    .add(
        M::POST,
        "/staff/fund-settlements/{id}/approve",
        Allow(Resource::FundAdjustment, Action::Update),
        Page,
        "Approve what a settlement queued (the chief)",
        approve_settlement,
    )
}

async fn show(
    s: &AppState,
    caller: &Caller,
    id: &str,
    status: StatusCode,
    errors: &[FieldError],
) -> Response {
    let loaded = async {
        let (pid, p) = super::programme_of(s, caller, id).await?;
        let runs = free::list_runs(&s.app, &caller.ctx, pid).await?;
        let adjust = caller.ctx.can(Resource::FundAdjustment, Action::Read);
        let (tops, settlements) = if adjust {
            (
                free::list_top_ups(&s.app, &caller.ctx, Some(pid)).await?,
                free::list_settlements(&s.app, &caller.ctx, Some(pid)).await?,
            )
        } else {
            (Vec::new(), Vec::new())
        };
        Ok::<_, app::AppError>((p, runs, tops, settlements))
    };
    let (p, runs, tops, settlements) = match loaded.await {
        Ok(x) => x,
        Err(e) => return app_error_page(&e, caller.locale),
    };
    let settled = matches!(p.payment_mode.as_str(), "in_advance" | "on_settlement");
    let ctx = context! {
        p => ser(&p),
        runs => ser(&runs),
        top_ups => ser(&tops),
        settlements => ser(&settlements),
        settled => settled,
        can_run => caller.ctx.can(Resource::FundRun, Action::Create),
        can_settle => caller.ctx.can(Resource::FundAdjustment, Action::Create),
        can_approve => caller.ctx.can(Resource::FundAdjustment, Action::Update),
        figures => domain::funds::Figure::ALL.iter().map(|f| f.as_str()).collect::<Vec<_>>(),
        errors => super::rule_form::messages(caller.locale, errors),
        csrf => caller.csrf(),
        district_names => super::rules::district_names(s).await,
    };
    let path = format!("/staff/funds/{id}/free");
    render_status(s, caller, status, "funds/free.html", &path, ctx).await
}

pub async fn page(State(s): State<AppState>, caller: Caller, Path(id): Path<String>) -> Response {
    show(&s, &caller, &id, StatusCode::OK, &[]).await
}

pub async fn run(State(s): State<AppState>, caller: Caller, Path(id): Path<String>) -> Response {
    let Ok(pid) = uuid_of(&id) else {
        return app_error_page(&app::AppError::NotFound, caller.locale);
    };
    match free::start_run(&s.app, &caller.ctx, pid).await {
        Ok(r) => see_other(&format!("/staff/fund-runs/{}", r.id), &[]),
        Err(app::AppError::Invalid(errs)) => {
            show(&s, &caller, &id, StatusCode::UNPROCESSABLE_ENTITY, &errs).await
        }
        Err(e) => app_error_page(&e, caller.locale),
    }
}

pub async fn run_page(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Response {
    let loaded = async {
        let d = free::run_detail(&s.app, &caller.ctx, uuid_of(&id)?).await?;
        let pid = uuid_of(&d.run.programme_id)?;
        let p = app::funds::programme(&s.app, &caller.ctx, pid).await?;
        Ok::<_, app::AppError>((d, p))
    };
    match loaded.await {
        Ok((d, p)) => {
            let explained: Vec<_> = d
                .entitlements
                .iter()
                .map(|e| explained(&e.explanation))
                .collect();
            let ctx = context! {
                d => ser(&d), p => ser(&p), explained => explained,
                district_names => super::rules::district_names(&s).await,
            };
            let path = format!("/staff/fund-runs/{id}");
            render(&s, &caller, "funds/run.html", &path, ctx).await
        }
        Err(e) => app_error_page(&e, caller.locale),
    }
}

pub async fn settle(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let field = |k: &str| super::form_field(&pairs, k);
    let mut errs = Vec::new();
    let figure = field("figure");
    // Amounts are typed in yuan (¥1,234.56); the head count as a number.
    let value = field("value");
    let parsed = if figure == "employees" {
        value.parse::<i64>().map_err(|_| "invalid_number")
    } else {
        domain::Money::parse(&value)
            .map(domain::Money::fen)
            .map_err(|e| e.code())
    };
    let fen = parsed.unwrap_or_else(|code| {
        errs.push(FieldError::new(
            format!("figures.{figure}"),
            code,
            "not a valid value",
        ));
        0
    });
    if !errs.is_empty() {
        return show(&s, &caller, &id, StatusCode::UNPROCESSABLE_ENTITY, &errs).await;
    }
    let n = NewSettlement {
        enterprise: field("enterprise"),
        figures: HashMap::from([(figure, fen)]),
    };
    let Ok(pid) = uuid_of(&id) else {
        return app_error_page(&app::AppError::NotFound, caller.locale);
    };
    match free::record(&s.app, &caller.ctx, pid, &n).await {
        Ok(_) => see_other(&format!("/staff/funds/{id}/free"), &[]),
        Err(app::AppError::Invalid(errs)) => {
            show(&s, &caller, &id, StatusCode::UNPROCESSABLE_ENTITY, &errs).await
        }
        Err(e) => app_error_page(&e, caller.locale),
    }
}

/// Approves a top-up or settlement (`approve`) and goes back to its programme's page.
async fn approved<F, T>(s: AppState, caller: Caller, id: &str, approve: F) -> Response
where
    F: AsyncFnOnce(&app::App, &app::Ctx, domain::Id) -> app::Result<T>,
    T: serde::Serialize,
{
    let Ok(x) = uuid_of(id) else {
        return app_error_page(&app::AppError::NotFound, caller.locale);
    };
    match approve(&s.app, &caller.ctx, x).await {
        Ok(v) => {
            let back = serde_json::to_value(&v).ok();
            let pid = back
                .as_ref()
                .and_then(|b| b["programme_id"].as_str().map(str::to_owned))
                .unwrap_or_default();
            see_other(&format!("/staff/funds/{pid}/free"), &[])
        }
        Err(e) => app_error_page(&e, caller.locale),
    }
}

pub async fn approve_top_up(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Response {
    approved(s, caller, &id, free::approve_top_up).await
}

pub async fn approve_settlement(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Response {
    approved(s, caller, &id, free::approve_settlement).await
}
