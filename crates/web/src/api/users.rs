//! Accounts over the API.

use app::auth::users::{self, NewUser, UserView};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{Method, StatusCode};
use domain::{Action, Resource};
use schemars::JsonSchema;
use serde::Deserialize;

use super::{ListBody, PageQuery};
use crate::AppState;
use crate::extract::{ApiJson, PageParams};
use crate::guard::Caller;
use crate::problem::{ApiError, ApiResult};
use crate::routes::{Perm, Routes, Surface};

/// Registers the account routes, each with its permission and types.
pub fn add(r: Routes) -> Routes {
    use Method as M;
    use Perm::*;
    use StatusCode as S;
    use Surface::Api;
    r.add(
        M::GET,
        "/api/v1/users",
        Allow(Resource::User, Action::Read),
        Api,
        "List accounts in the caller's scope",
        list,
    )
    .query::<PageQuery>()
    .ok::<ListBody<UserView>>(S::OK)
    .add(
        M::POST,
        "/api/v1/users",
        Allow(Resource::User, Action::Create),
        Api,
        "Create an account",
        create,
    )
    .body::<NewUserBody>()
    .ok::<UserView>(S::CREATED)
    .errors(&[S::CONFLICT])
    .add(
        M::GET,
        "/api/v1/users/{id}",
        Allow(Resource::User, Action::Read),
        Api,
        "One account",
        get,
    )
    .ok::<UserView>(S::OK)
    .add(
        M::POST,
        "/api/v1/users/{id}/disable",
        Allow(Resource::User, Action::Update),
        Api,
        "Disable an account and end its sessions",
        disable,
    )
    .no_body()
    .ok::<UserView>(S::OK)
    .errors(&[S::CONFLICT])
}

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
