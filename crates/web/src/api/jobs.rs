//! The job queue over the API (admins): failed and dead jobs, and retrying one now.

use app::jobs::{self, JobView};
use axum::Json;
use axum::extract::{Path, State};
use schemars::JsonSchema;
use serde::Deserialize;

use super::ListBody;
use crate::AppState;
use crate::extract::{ApiQuery, PageParams};
use crate::guard::Caller;
use crate::problem::ApiResult;

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
