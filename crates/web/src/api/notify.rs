//! The caller's notifications over the API: the inbox (list, unread count, mark read, mark all
//! read) and the preferences (language, channels per event, the daily digest). Every user has
//! their own; nobody reads another's.

use app::notify::duty::{self, DutyView};
use app::notify::inbox::{self, InboxItem};
use app::notify::prefs::{self, PrefsView};
use app::notify::robots::{self, RobotInput, RobotView};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{Method, StatusCode};
use domain::{Action, Resource};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{ListBody, PageQuery};
use crate::AppState;
use crate::extract::{ApiJson, ApiQuery, PageParams};
use crate::guard::Caller;
use crate::problem::ApiResult;
use crate::routes::{Perm, Routes, Surface};

/// Registers the inbox and preference routes, each with its permission and types.
pub fn add(r: Routes) -> Routes {
    use Method as M;
    use Perm::*;
    use StatusCode as S;
    use Surface::Api;
    robots(r)
        .add(
            M::GET,
            "/api/v1/inbox",
            SignedIn,
            Api,
            "The caller's notifications, newest first",
            list,
        )
        .query::<PageQuery>()
        .query::<InboxFilter>()
        .ok::<ListBody<InboxItem>>(S::OK)
        .add(
            M::GET,
            "/api/v1/inbox/unread-count",
            SignedIn,
            Api,
            "How many of the caller's notifications are unread",
            unread,
        )
        .ok::<Unread>(S::OK)
        .add(
            M::POST,
            "/api/v1/inbox/{id}/read",
            SignedIn,
            Api,
            "Mark one of the caller's notifications read",
            read,
        )
        .no_body()
        .ok::<InboxItem>(S::OK)
        .add(
            M::POST,
            "/api/v1/inbox/read-all",
            SignedIn,
            Api,
            "Mark all of the caller's notifications read",
            read_all,
        )
        .no_body()
        .ok::<MarkedRead>(S::OK)
        .add(
            M::GET,
            "/api/v1/me/notification-preferences",
            SignedIn,
            Api,
            "The caller's notification preferences",
            get_prefs,
        )
        .ok::<PrefsView>(S::OK)
        .add(
            M::PUT,
            "/api/v1/me/notification-preferences",
            SignedIn,
            Api,
            "Change the caller's notification preferences",
            put_prefs,
        )
        .body::<PrefsView>()
        .ok::<PrefsView>(S::OK)
        .add(
            M::GET,
            "/api/v1/on-duty",
            Allow(Resource::Duty, Action::Read),
            Api,
            "The staff of the caller's division and who is on duty",
            duty_list,
        )
        .ok::<Vec<DutyView>>(S::OK)
        .add(
            M::PUT,
            "/api/v1/on-duty/{user_id}",
            Allow(Resource::Duty, Action::Update),
            Api,
            "Put a staff member of the chief's division on duty, or take them off",
            duty_set,
        )
        .body::<OnDuty>()
        .ok::<Vec<DutyView>>(S::OK)
}

pub async fn robot_get(
    State(s): State<AppState>,
    caller: Caller,
    Path(code): Path<String>,
) -> ApiResult<Json<RobotView>> {
    Ok(Json(robots::get(&s.app, &caller.ctx, &code).await?))
}

pub async fn robot_put(
    State(s): State<AppState>,
    caller: Caller,
    Path(code): Path<String>,
    ApiJson(b): ApiJson<RobotInput>,
) -> ApiResult<Json<RobotView>> {
    Ok(Json(robots::set(&s.app, &caller.ctx, &code, b).await?))
}

/// A division's staff group robot: its chief, or an admin.
fn robots(r: Routes) -> Routes {
    use Method as M;
    use Perm::*;
    use StatusCode as S;
    use Surface::Api;
    r.add(
        M::GET,
        "/api/v1/divisions/{code}/robot",
        Allow(Resource::DivisionRobot, Action::Read),
        Api,
        "The division's staff group robot, its URL masked (its chief, or an admin)",
        robot_get,
    )
    .ok::<RobotView>(S::OK)
    .add(
        M::PUT,
        "/api/v1/divisions/{code}/robot",
        Allow(Resource::DivisionRobot, Action::Update),
        Api,
        "Set the division's staff group robot (url null removes it; its chief, or an admin)",
        robot_put,
    )
    .body::<RobotInput>()
    .ok::<RobotView>(S::OK)
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OnDuty {
    pub on_duty: bool,
}

pub async fn duty_list(
    State(s): State<AppState>,
    caller: Caller,
) -> ApiResult<Json<Vec<DutyView>>> {
    Ok(Json(duty::list(&s.app, &caller.ctx).await?))
}

pub async fn duty_set(
    State(s): State<AppState>,
    caller: Caller,
    Path(user): Path<String>,
    ApiJson(b): ApiJson<OnDuty>,
) -> ApiResult<Json<Vec<DutyView>>> {
    Ok(Json(
        duty::set(&s.app, &caller.ctx, &user, b.on_duty).await?,
    ))
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct InboxFilter {
    /// true: only unread notifications.
    pub unread: Option<bool>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct Unread {
    pub unread: i64,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct MarkedRead {
    /// How many were unread.
    pub marked: u64,
}

pub async fn list(
    State(s): State<AppState>,
    caller: Caller,
    page: PageParams,
    ApiQuery(f): ApiQuery<InboxFilter>,
) -> ApiResult<Json<ListBody<InboxItem>>> {
    Ok(Json(
        inbox::list(
            &s.app,
            &caller.ctx,
            f.unread.unwrap_or(false),
            page.limit,
            page.cursor.as_deref(),
        )
        .await?
        .into(),
    ))
}

pub async fn unread(State(s): State<AppState>, caller: Caller) -> ApiResult<Json<Unread>> {
    Ok(Json(Unread {
        unread: inbox::unread_count(&s.app, &caller.ctx).await?,
    }))
}

pub async fn read(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<InboxItem>> {
    Ok(Json(inbox::mark_read(&s.app, &caller.ctx, &id).await?))
}

pub async fn read_all(State(s): State<AppState>, caller: Caller) -> ApiResult<Json<MarkedRead>> {
    Ok(Json(MarkedRead {
        marked: inbox::mark_all_read(&s.app, &caller.ctx).await?,
    }))
}

pub async fn get_prefs(State(s): State<AppState>, caller: Caller) -> ApiResult<Json<PrefsView>> {
    Ok(Json(prefs::get(&s.app, &caller.ctx).await?))
}

pub async fn put_prefs(
    State(s): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<PrefsView>,
) -> ApiResult<Json<PrefsView>> {
    Ok(Json(prefs::put(&s.app, &caller.ctx, &body).await?))
}
