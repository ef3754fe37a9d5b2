//! Measure 2's payout without an application over HTTP: apply-free runs (staff), an
//! enterprise's own entitlements and their confirmation, top-ups owed for a past period and
//! settlements of programmes paid in advance (staff; the chief approves).

use app::funds::free::{
    self, Confirmation, EntitlementView, NewSettlement, RunDetail, RunView, SettlementView,
    TopUpView,
};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{Method, StatusCode};
use domain::{Action, Id, Resource};
use schemars::JsonSchema;
use serde::Deserialize;

use super::funds::programme_id;
use crate::AppState;
use crate::api::ListBody;
use crate::extract::{ApiJson, ApiQuery};
use crate::guard::Caller;
use crate::problem::ApiResult;
use crate::routes::{Perm, Routes, Surface};

/// Which programme's top-ups or settlements to list (all when absent).
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProgrammeQuery {
    pub programme: Option<String>,
}

fn optional_programme(q: &ProgrammeQuery) -> Result<Option<Id>, app::AppError> {
    match q.programme.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(s) => uuid::Uuid::parse_str(s)
            .map(Some)
            .map_err(|_| app::AppError::invalid("programme", "invalid_id", "not a programme id")),
    }
}

fn id(s: &str) -> Result<Id, app::AppError> {
    uuid::Uuid::parse_str(s).map_err(|_| app::AppError::NotFound)
}

/// Registers the routes, each with its permission and types.
pub fn add(r: Routes) -> Routes {
    adjustments(runs(r))
}

/// Runs (staff) and entitlements (the enterprise's own).
fn runs(r: Routes) -> Routes {
    use Perm::Allow;
    use StatusCode as S;
    use Surface::Api;
    r.add(
        Method::POST,
        "/api/v1/fund-programmes/{id}/runs",
        Allow(Resource::FundRun, Action::Create),
        Api,
        "Run the programme's rule in effect over the registry: an entitlement per qualifying enterprise (apply-free)",
        start_run,
    )
    .no_body()
    .ok::<RunView>(S::CREATED)
    .add(
        Method::GET,
        "/api/v1/fund-programmes/{id}/runs",
        Allow(Resource::FundRun, Action::Read),
        Api,
        "A programme's apply-free runs, newest first",
        list_runs,
    )
    .ok::<ListBody<RunView>>(S::OK)
    .add(
        Method::GET,
        "/api/v1/fund-runs/{id}",
        Allow(Resource::FundRun, Action::Read),
        Api,
        "An apply-free run: qualified, total, confirmed, paid, and its entitlements",
        run_detail,
    )
    .ok::<RunDetail>(S::OK)
    .add(
        Method::GET,
        "/api/v1/fund-entitlements",
        Allow(Resource::FundEntitlement, Action::Read),
        Api,
        "The caller's enterprise's apply-free entitlements, each explained",
        my_entitlements,
    )
    .ok::<ListBody<EntitlementView>>(S::OK)
    .add(
        Method::GET,
        "/api/v1/fund-entitlements/{id}",
        Allow(Resource::FundEntitlement, Action::Read),
        Api,
        "One of the caller's enterprise's entitlements (another's is not found)",
        my_entitlement,
    )
    .ok::<EntitlementView>(S::OK)
    .add(
        Method::POST,
        "/api/v1/fund-entitlements/{id}/confirm",
        Allow(Resource::FundEntitlement, Action::Update),
        Api,
        "Confirm the bank account (on file, or a new one): the payment is approved, budget checked",
        confirm,
    )
    .body::<Confirmation>()
    .ok::<EntitlementView>(S::OK)
    .errors(&[S::CONFLICT])
}

/// Top-ups and settlements (staff; the chief approves).
fn adjustments(r: Routes) -> Routes {
    use Perm::Allow;
    use StatusCode as S;
    use Surface::Api;
    r.add(
        Method::GET,
        "/api/v1/fund-top-ups",
        Allow(Resource::FundAdjustment, Action::Read),
        Api,
        "Top-ups owed because a newer rule version pays more for a past period",
        list_top_ups,
    )
    .query::<ProgrammeQuery>()
    .ok::<ListBody<TopUpView>>(S::OK)
    .add(
        Method::POST,
        "/api/v1/fund-top-ups/{id}/approve",
        Allow(Resource::FundAdjustment, Action::Update),
        Api,
        "Approve a top-up (the division's chief or a leader): its payment is committed",
        approve_top_up,
    )
    .no_body()
    .ok::<TopUpView>(S::OK)
    .errors(&[S::CONFLICT])
    .add(
        Method::POST,
        "/api/v1/fund-programmes/{id}/settlements",
        Allow(Resource::FundAdjustment, Action::Create),
        Api,
        "Record an enterprise's final settlement figures: a top-up, a recovery or the award is queued",
        record_settlement,
    )
    .body::<NewSettlement>()
    .ok::<SettlementView>(S::CREATED)
    .errors(&[S::CONFLICT])
    .add(
        Method::GET,
        "/api/v1/fund-settlements",
        Allow(Resource::FundAdjustment, Action::Read),
        Api,
        "Recorded settlements, newest first",
        list_settlements,
    )
    .query::<ProgrammeQuery>()
    .ok::<ListBody<SettlementView>>(S::OK)
    .add(
        Method::POST,
        "/api/v1/fund-settlements/{id}/approve",
        Allow(Resource::FundAdjustment, Action::Update),
        Api,
        "Approve what a settlement queued (the division's chief or a leader)",
        approve_settlement,
    )
    .no_body()
    .ok::<SettlementView>(S::OK)
    .errors(&[S::CONFLICT])
}

pub async fn start_run(
    State(s): State<AppState>,
    caller: Caller,
    Path(p): Path<String>,
) -> ApiResult<(StatusCode, Json<RunView>)> {
    let run = free::start_run(&s.app, &caller.ctx, programme_id(&p)?).await?;
    Ok((StatusCode::CREATED, Json(run)))
}

pub async fn list_runs(
    State(s): State<AppState>,
    caller: Caller,
    Path(p): Path<String>,
) -> ApiResult<Json<ListBody<RunView>>> {
    Ok(Json(ListBody::whole(
        free::list_runs(&s.app, &caller.ctx, programme_id(&p)?).await?,
    )))
}

pub async fn run_detail(
    State(s): State<AppState>,
    caller: Caller,
    Path(r): Path<String>,
) -> ApiResult<Json<RunDetail>> {
    Ok(Json(free::run_detail(&s.app, &caller.ctx, id(&r)?).await?))
}

pub async fn my_entitlements(
    State(s): State<AppState>,
    caller: Caller,
) -> ApiResult<Json<ListBody<EntitlementView>>> {
    Ok(Json(ListBody::whole(
        free::my_entitlements(&s.app, &caller.ctx).await?,
    )))
}

pub async fn my_entitlement(
    State(s): State<AppState>,
    caller: Caller,
    Path(e): Path<String>,
) -> ApiResult<Json<EntitlementView>> {
    Ok(Json(
        free::my_entitlement(&s.app, &caller.ctx, id(&e)?).await?,
    ))
}

pub async fn confirm(
    State(s): State<AppState>,
    caller: Caller,
    Path(e): Path<String>,
    ApiJson(c): ApiJson<Confirmation>,
) -> ApiResult<Json<EntitlementView>> {
    Ok(Json(free::confirm(&s.app, &caller.ctx, id(&e)?, &c).await?))
}

pub async fn list_top_ups(
    State(s): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<ProgrammeQuery>,
) -> ApiResult<Json<ListBody<TopUpView>>> {
    let p = optional_programme(&q)?;
    Ok(Json(ListBody::whole(
        free::list_top_ups(&s.app, &caller.ctx, p).await?,
    )))
}

pub async fn approve_top_up(
    State(s): State<AppState>,
    caller: Caller,
    Path(t): Path<String>,
) -> ApiResult<Json<TopUpView>> {
    Ok(Json(
        free::approve_top_up(&s.app, &caller.ctx, id(&t)?).await?,
    ))
}

pub async fn record_settlement(
    State(s): State<AppState>,
    caller: Caller,
    Path(p): Path<String>,
    ApiJson(n): ApiJson<NewSettlement>,
) -> ApiResult<(StatusCode, Json<SettlementView>)> {
    let v = free::record(&s.app, &caller.ctx, programme_id(&p)?, &n).await?;
    Ok((StatusCode::CREATED, Json(v)))
}

pub async fn list_settlements(
    State(s): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<ProgrammeQuery>,
) -> ApiResult<Json<ListBody<SettlementView>>> {
    let p = optional_programme(&q)?;
    Ok(Json(ListBody::whole(
        free::list_settlements(&s.app, &caller.ctx, p).await?,
    )))
}

pub async fn approve_settlement(
    State(s): State<AppState>,
    caller: Caller,
    Path(t): Path<String>,
) -> ApiResult<Json<SettlementView>> {
    Ok(Json(
        free::approve_settlement(&s.app, &caller.ctx, id(&t)?).await?,
    ))
}
