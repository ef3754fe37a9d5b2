//! Measure 2's rules over HTTP: versions (drafted by the programme's division, published by its
//! chief), the simulation of a version over the registry, and a decision for one enterprise.

use app::funds::{
    self, DecisionRequest, DecisionView, HeldFigures, NewRuleVersion, RuleVersionView, Simulation,
};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{Method, StatusCode};
use domain::{Action, Resource};

use super::funds::programme_id;
use crate::AppState;
use crate::api::ListBody;
use crate::extract::ApiJson;
use crate::guard::Caller;
use crate::problem::ApiResult;
use crate::routes::{Perm, Routes, Surface};

/// Registers the rule, simulation and decision routes, each with its permission and types.
pub fn add(r: Routes) -> Routes {
    use Perm::Allow;
    use StatusCode as S;
    use Surface::Api;
    r.add(
        Method::GET,
        "/api/v1/fund-programmes/{id}/rules",
        Allow(Resource::FundRule, Action::Read),
        Api,
        "A programme's rule versions, newest first",
        list,
    )
    .ok::<ListBody<RuleVersionView>>(S::OK)
    .add(
        Method::POST,
        "/api/v1/fund-programmes/{id}/rules",
        Allow(Resource::FundRule, Action::Create),
        Api,
        "Draft the next version of a programme's rule (its division)",
        draft,
    )
    .body::<NewRuleVersion>()
    .ok::<RuleVersionView>(S::CREATED)
    .add(
        Method::POST,
        "/api/v1/fund-programmes/{id}/rules/{n}/publish",
        Allow(Resource::FundRule, Action::Update),
        Api,
        "Publish a draft version (the division's chief); versions are never edited",
        publish,
    )
    .no_body()
    .ok::<RuleVersionView>(S::OK)
    .errors(&[S::CONFLICT])
    .add(
        Method::GET,
        "/api/v1/fund-programmes/{id}/rules/{n}/simulation",
        Allow(Resource::FundRule, Action::Read),
        Api,
        "Run a version over the whole registry: who qualifies, the cost against the budget, who gains and who loses",
        simulation,
    )
    .ok::<Simulation>(S::OK)
    .add(
        Method::POST,
        "/api/v1/fund-programmes/{id}/decisions",
        // Anyone who may read the enterprise (an enterprise user: its own).
        Allow(Resource::Enterprise, Action::Read),
        Api,
        "A decision for one enterprise, explained criterion by criterion",
        decide,
    )
    .body::<DecisionRequest>()
    .ok::<DecisionView>(S::OK)
    .add(
        Method::PUT,
        "/api/v1/enterprises/{uscc}/fund-figures",
        Allow(Resource::FundRule, Action::Create),
        Api,
        "Record figures the bureau holds for an enterprise and year (premiums paid, training invoices ...)",
        record_figures,
    )
    .body::<HeldFigures>()
    .ok::<HeldFigures>(S::OK)
}

pub async fn record_figures(
    State(s): State<AppState>,
    caller: Caller,
    Path(uscc): Path<String>,
    ApiJson(held): ApiJson<HeldFigures>,
) -> ApiResult<Json<HeldFigures>> {
    Ok(Json(
        funds::record_figures(&s.app, &caller.ctx, &uscc, &held).await?,
    ))
}

fn version_no(n: &str) -> Result<i64, app::AppError> {
    n.parse().map_err(|_| app::AppError::NotFound)
}

pub async fn list(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<ListBody<RuleVersionView>>> {
    Ok(Json(ListBody::whole(
        funds::list_versions(&s.app, &caller.ctx, programme_id(&id)?).await?,
    )))
}

pub async fn draft(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(n): ApiJson<NewRuleVersion>,
) -> ApiResult<(StatusCode, Json<RuleVersionView>)> {
    let v = funds::draft_version(&s.app, &caller.ctx, programme_id(&id)?, &n).await?;
    Ok((StatusCode::CREATED, Json(v)))
}

pub async fn publish(
    State(s): State<AppState>,
    caller: Caller,
    Path((id, n)): Path<(String, String)>,
) -> ApiResult<Json<RuleVersionView>> {
    Ok(Json(
        funds::publish_version(&s.app, &caller.ctx, programme_id(&id)?, version_no(&n)?).await?,
    ))
}

pub async fn simulation(
    State(s): State<AppState>,
    caller: Caller,
    Path((id, n)): Path<(String, String)>,
) -> ApiResult<Json<Simulation>> {
    Ok(Json(
        funds::simulate(&s.app, &caller.ctx, programme_id(&id)?, version_no(&n)?).await?,
    ))
}

pub async fn decide(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<DecisionRequest>,
) -> ApiResult<Json<DecisionView>> {
    Ok(Json(
        funds::decide(&s.app, &caller.ctx, programme_id(&id)?, &req).await?,
    ))
}
