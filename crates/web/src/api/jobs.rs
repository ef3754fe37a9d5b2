//! The job queue over the API (admins): failed and dead jobs, and retrying one now.

use app::jobs::{self, JobView};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{Method, StatusCode};
use domain::{Action, Resource};
use schemars::JsonSchema;
use serde::Deserialize;

use super::{ListBody, PageQuery};
use crate::AppState;
use crate::extract::{ApiQuery, PageParams};
use crate::guard::Caller;
use crate::problem::ApiResult;
use crate::routes::{Perm, Routes, Surface};

/// Registers the job-queue routes, each with its permission and types.
pub fn add(r: Routes) -> Routes {
    use Method as M;
    use Perm::*;
    use StatusCode as S;
    use Surface::Api;
    r.add(
        M::GET,
        "/api/v1/jobs",
        Allow(Resource::Job, Action::Read),
        Api,
        "Jobs in a state (default: failed and dead), newest first",
        list,
    )
    .query::<PageQuery>()
    .query::<Filter>()
    .ok::<ListBody<app::jobs::JobView>>(S::OK)
    .add(
        M::POST,
        "/api/v1/jobs/{id}/retry",
        Allow(Resource::Job, Action::Update),
        Api,
        "Retry a failed or dead job now",
        retry,
    )
    .no_body()
    .ok::<app::jobs::JobView>(S::OK)
    .errors(&[S::CONFLICT])
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct Filter {
    /// queued, running, failed, dead, done; absent: failed and dead.
    pub state: Option<String>,
}

pub async fn list(
    State(s): State<AppState>,
    caller: Caller,
    page: PageParams,
    ApiQuery(f): ApiQuery<Filter>,
) -> ApiResult<Json<ListBody<JobView>>> {
    let filter = jobs::parse_state(f.state.as_deref())?;
    Ok(Json(
        jobs::list(
            &s.app,
            &caller.ctx,
            filter,
            page.limit,
            page.cursor.as_deref(),
        )
        .await?
        .into(),
    ))
}

pub async fn retry(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<JobView>> {
    Ok(Json(jobs::retry(&s.app, &caller.ctx, &id).await?))
}
