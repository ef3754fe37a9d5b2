//! An enterprise's colleagues over the API: the list (its own users and open invitations),
//! inviting by e-mail, removing, withdrawing an invitation (its administrator only), and
//! accepting an invitation (public, by its token).

use app::enterprises::accounts::colleagues::{
    self, Acceptance, ColleagueView, Colleagues, InvitationView,
};
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

/// Registers the colleague routes, each with its permission and types.
pub fn add(r: Routes) -> Routes {
    use Method as M;
    use Perm::{Allow, Public};
    use StatusCode as S;
    use Surface::Api;
    let read = Allow(Resource::Colleague, Action::Read);
    let update = Allow(Resource::Colleague, Action::Update);
    r.add(
        M::GET,
        "/api/v1/colleagues",
        read,
        Api,
        "My enterprise's users and open invitations",
        list,
    )
    .ok::<Colleagues>(S::OK)
    .add(
        M::POST,
        "/api/v1/colleagues/invitations",
        update,
        Api,
        "Invite a colleague by e-mail (the enterprise's administrator)",
        invite,
    )
    .body::<InviteBody>()
    .ok::<InvitationView>(S::CREATED)
    .add(
        M::DELETE,
        "/api/v1/colleagues/invitations/{id}",
        update,
        Api,
        "Withdraw an open invitation (the administrator)",
        revoke,
    )
    .ok::<()>(S::NO_CONTENT)
    .add(
        M::DELETE,
        "/api/v1/colleagues/{id}",
        update,
        Api,
        "Remove a colleague: their account is disabled (the administrator)",
        remove,
    )
    .ok::<ColleagueView>(S::OK)
    .errors(&[S::CONFLICT])
    .add(
        M::POST,
        "/api/v1/invitations/{token}/accept",
        Public,
        Api,
        "Accept an invitation: an account of the inviting enterprise",
        accept,
    )
    .body::<Acceptance>()
    .ok::<()>(S::CREATED)
}

fn id_of(s: &str) -> Result<uuid::Uuid, ApiError> {
    uuid::Uuid::parse_str(s).map_err(|_| ApiError(app::AppError::NotFound))
}

pub async fn list(State(s): State<AppState>, caller: Caller) -> ApiResult<Json<Colleagues>> {
    Ok(Json(colleagues::list(&s.app, &caller.ctx).await?))
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InviteBody {
    pub email: String,
}

pub async fn invite(
    State(s): State<AppState>,
    caller: Caller,
    ApiJson(b): ApiJson<InviteBody>,
) -> ApiResult<(StatusCode, Json<InvitationView>)> {
    let lang = app::notify::Lang::parse(caller.locale.tag()).unwrap_or(app::notify::Lang::ZhCn);
    let v = colleagues::invite(&s.app, &caller.ctx, &b.email, lang).await?;
    Ok((StatusCode::CREATED, Json(v)))
}

pub async fn revoke(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    colleagues::revoke(&s.app, &caller.ctx, id_of(&id)?).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn remove(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<ColleagueView>> {
    Ok(Json(
        colleagues::remove(&s.app, &caller.ctx, id_of(&id)?).await?,
    ))
}

pub async fn accept(
    State(s): State<AppState>,
    caller: Caller,
    Path(token): Path<String>,
    ApiJson(b): ApiJson<Acceptance>,
) -> ApiResult<StatusCode> {
    colleagues::accept(&s.app, &caller.ctx, &token, &b).await?;
    Ok(StatusCode::CREATED)
}
