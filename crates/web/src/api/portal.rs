//! The portal over the API (measure 1): an enterprise's reply on its own case, and who it
//! turns to (its designated official and bureau contact).

use app::cases::CaseView;
use app::enterprises::liaisons::{self, Liaisons};
use app::enterprises::reply;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{Method, StatusCode};
use domain::{Action, Resource};
use schemars::JsonSchema;
use serde::Deserialize;

use crate::AppState;
use crate::extract::ApiJson;
use crate::guard::Caller;
use crate::problem::{ApiError, ApiResult};
use crate::routes::{Perm, Routes, Surface};

/// Registers the portal's API routes, each with its permission and types.
pub fn add(r: Routes) -> Routes {
    r.add(
        Method::POST,
        "/api/v1/cases/{id}/replies",
        Perm::Allow(Resource::CaseReply, Action::Create),
        Surface::Api,
        "The enterprise replies on its own case (a waiting case goes back to in progress)",
        post_reply,
    )
    .body::<ReplyBody>()
    .ok::<CaseView>(StatusCode::CREATED)
    .errors(&[StatusCode::CONFLICT])
    .add(
        Method::GET,
        "/api/v1/enterprises/{uscc}/liaisons",
        Perm::Allow(Resource::Enterprise, Action::Read),
        Surface::Api,
        "The enterprise's designated official and bureau contact, with their phones",
        get_liaisons,
    )
    .ok::<Liaisons>(StatusCode::OK)
}

pub async fn get_liaisons(
    State(s): State<AppState>,
    caller: Caller,
    Path(uscc): Path<String>,
) -> ApiResult<Json<Liaisons>> {
    Ok(Json(liaisons::liaisons(&s.app, &caller.ctx, &uscc).await?))
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReplyBody {
    /// The reply, up to 4,000 characters.
    pub content: String,
}

pub async fn post_reply(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<ReplyBody>,
) -> ApiResult<(StatusCode, Json<CaseView>)> {
    let id = uuid::Uuid::parse_str(&id).map_err(|_| ApiError(app::AppError::NotFound))?;
    let v = reply::reply(&s.app, &caller.ctx, id, &b.content).await?;
    Ok((StatusCode::CREATED, Json(v)))
}
