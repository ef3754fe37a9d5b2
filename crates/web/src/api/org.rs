//! Divisions and measures over the API.

use app::org::{self, DivisionView, MeasureView};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{Method, StatusCode};
use domain::{Action, Resource};
use schemars::JsonSchema;
use serde::Deserialize;

use super::ListBody;
use crate::AppState;
use crate::extract::ApiJson;
use crate::guard::Caller;
use crate::problem::{ApiError, ApiResult};
use crate::routes::{Perm, Routes, Surface};

/// Registers the division and measure routes, each with its permission and types.
pub fn add(r: Routes) -> Routes {
    use Method as M;
    use Perm::*;
    use StatusCode as S;
    use Surface::Api;
    r.add(
        M::GET,
        "/api/v1/divisions",
        Public,
        Api,
        "The six divisions",
        divisions,
    )
    .ok::<ListBody<app::org::DivisionView>>(S::OK)
    .add(
        M::GET,
        "/api/v1/measures",
        Public,
        Api,
        "The ten measures",
        measures,
    )
    .ok::<ListBody<app::org::MeasureView>>(S::OK)
    .add(
        M::GET,
        "/api/v1/measures/{n}",
        Public,
        Api,
        "One measure",
        measure,
    )
    .ok::<app::org::MeasureDetail>(S::OK)
    .add(
        M::PUT,
        "/api/v1/measures/{n}",
        Allow(Resource::Organisation, Action::Update),
        Api,
        "Edit a measure's wording",
        update_measure,
    )
    .body::<MeasureBody>()
    .ok::<app::org::MeasureView>(S::OK)
}

pub async fn divisions(State(s): State<AppState>) -> ApiResult<Json<ListBody<DivisionView>>> {
    Ok(Json(ListBody::whole(org::divisions(&s.app).await?)))
}

pub async fn measures(State(s): State<AppState>) -> ApiResult<Json<ListBody<MeasureView>>> {
    Ok(Json(ListBody::whole(org::measures(&s.app).await?)))
}

fn measure_no(n: &str) -> Result<i64, ApiError> {
    n.parse().map_err(|_| ApiError(app::AppError::NotFound))
}

/// The measure with its responsible divisions (mobiles masked unless the caller may see them).
pub async fn measure(
    State(s): State<AppState>,
    caller: Caller,
    Path(n): Path<String>,
) -> ApiResult<Json<org::MeasureDetail>> {
    Ok(Json(
        org::measure_detail(&s.app, &caller.ctx, measure_no(&n)?).await?,
    ))
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MeasureBody {
    pub title_zh: String,
    pub title_en: String,
    pub summary_zh: String,
    pub summary_en: String,
}

pub async fn update_measure(
    State(s): State<AppState>,
    caller: Caller,
    Path(n): Path<String>,
    ApiJson(b): ApiJson<MeasureBody>,
) -> ApiResult<Json<MeasureView>> {
    Ok(Json(
        org::update_measure(
            &s.app,
            &caller.ctx,
            measure_no(&n)?,
            &b.title_zh,
            &b.title_en,
            &b.summary_zh,
            &b.summary_en,
        )
        .await?,
    ))
}
