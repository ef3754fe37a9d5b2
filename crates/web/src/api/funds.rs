//! Measure 2 over HTTP: the programme catalogue. Published programmes are public; staff see
//! all; the staff and chief of a programme's division create and edit it.

use app::funds::{self, ProgrammeInput, ProgrammeView};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{Method, StatusCode};
use domain::{Action, Id, Resource};

use crate::AppState;
use crate::api::ListBody;
use crate::extract::ApiJson;
use crate::guard::Caller;
use crate::problem::ApiResult;
use crate::routes::{Perm, Routes, Surface};

/// Registers the programme routes, each with its permission and types.
pub fn add(r: Routes) -> Routes {
    use Perm::{Allow, Public};
    use StatusCode as S;
    use Surface::Api;
    r.add(
        Method::GET,
        "/api/v1/fund-programmes",
        // Staff see every programme, everyone else the published ones (the use case decides).
        Public,
        Api,
        "Measure 2's fund programmes",
        list,
    )
    .ok::<ListBody<ProgrammeView>>(S::OK)
    .add(
        Method::POST,
        "/api/v1/fund-programmes",
        Allow(Resource::FundProgramme, Action::Create),
        Api,
        "Add a programme (staff or chief of the item's division)",
        create,
    )
    .body::<ProgrammeInput>()
    .ok::<ProgrammeView>(S::CREATED)
    .add(
        Method::GET,
        "/api/v1/fund-programmes/{id}",
        Public,
        Api,
        "A fund programme (unpublished ones to staff only)",
        get,
    )
    .ok::<ProgrammeView>(S::OK)
    .add(
        Method::PATCH,
        "/api/v1/fund-programmes/{id}",
        Allow(Resource::FundProgramme, Action::Update),
        Api,
        "Edit a programme: only the fields given change",
        update,
    )
    .body::<ProgrammeInput>()
    .ok::<ProgrammeView>(S::OK)
}

/// A programme id from the path; anything else is a programme that does not exist.
pub fn programme_id(id: &str) -> Result<Id, app::AppError> {
    uuid::Uuid::parse_str(id).map_err(|_| app::AppError::NotFound)
}

pub async fn list(
    State(s): State<AppState>,
    caller: Caller,
) -> ApiResult<Json<ListBody<ProgrammeView>>> {
    Ok(Json(ListBody::whole(
        funds::list_programmes(&s.app, &caller.ctx).await?,
    )))
}

pub async fn create(
    State(s): State<AppState>,
    caller: Caller,
    ApiJson(input): ApiJson<ProgrammeInput>,
) -> ApiResult<(StatusCode, Json<ProgrammeView>)> {
    Ok((
        StatusCode::CREATED,
        Json(funds::create_programme(&s.app, &caller.ctx, &input).await?),
    ))
}

pub async fn get(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<ProgrammeView>> {
    Ok(Json(
        funds::programme(&s.app, &caller.ctx, programme_id(&id)?).await?,
    ))
}

pub async fn update(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<ProgrammeInput>,
) -> ApiResult<Json<ProgrammeView>> {
    Ok(Json(
        funds::update_programme(&s.app, &caller.ctx, programme_id(&id)?, &input).await?,
    ))
}
