//! Accounts over the API.

use app::auth::users::{self, NewUser, UserView};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use schemars::JsonSchema;
use serde::Deserialize;

use super::ListBody;
use crate::AppState;
use crate::extract::{ApiJson, PageParams};
use crate::guard::Caller;
use crate::problem::{ApiError, ApiResult};

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NewUserBody {
    pub email: String,
    pub name: String,
    pub role: String,
    #[serde(default)]
    pub division: Option<String>,
    #[serde(default)]
    pub district: Option<String>,
    #[serde(default)]
    pub enterprise: Option<String>,
    pub password: String,
}

fn parse_id(s: &str) -> Result<uuid::Uuid, ApiError> {
    // A malformed id names nothing, so it is "not found" like any other missing object.
    uuid::Uuid::parse_str(s).map_err(|_| ApiError(app::AppError::NotFound))
}

pub async fn list(
    State(s): State<AppState>,
    caller: Caller,
    page: PageParams,
) -> ApiResult<Json<ListBody<UserView>>> {
    Ok(Json(
        users::list(&s.app, &caller.ctx, page.limit, page.cursor.as_deref())
            .await?
            .into(),
    ))
}

pub async fn create(
    State(s): State<AppState>,
    caller: Caller,
    ApiJson(b): ApiJson<NewUserBody>,
) -> ApiResult<(StatusCode, Json<UserView>)> {
    let n = NewUser {
        email: b.email,
        name: b.name,
        role: b.role,
        division: b.division,
        district: b.district,
        enterprise: b.enterprise,
        password: b.password,
    };
    Ok((
        StatusCode::CREATED,
        Json(users::create(&s.app, &caller.ctx, &n).await?),
    ))
}

pub async fn get(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<UserView>> {
    Ok(Json(users::get(&s.app, &caller.ctx, parse_id(&id)?).await?))
}

pub async fn disable(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<UserView>> {
    Ok(Json(
        users::disable(&s.app, &caller.ctx, parse_id(&id)?).await?,
    ))
}
