//! Enterprise accounts over the API: signing up and confirming with the code (public,
//! rate-limited), and the district official's queue (approve, register, refuse).

use app::enterprises::accounts::queue::Registration;
use app::enterprises::accounts::{self, ApplicantView, NewSignup, SignupView};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{Method, StatusCode};
use domain::{Action, Resource};
use schemars::JsonSchema;
use serde::Deserialize;

use crate::AppState;
use crate::api::ListBody;
use crate::extract::ApiJson;
use crate::guard::Caller;
use crate::problem::{ApiError, ApiResult};
use crate::routes::{Perm, Routes, Surface};

/// Sign-ups per address per hour, and per USCC per hour.
pub const SIGNUPS_PER_ADDRESS: usize = 5;
pub const SIGNUPS_PER_USCC: usize = 3;
/// Code entries per address per ten minutes (each sign-up also has its own try limit).
pub const CONFIRMS_PER_ADDRESS: usize = 20;
const HOUR_MS: i64 = 3_600_000;

/// Registers the sign-up and queue routes, each with its permission and types.
pub fn add(r: Routes) -> Routes {
    use Method as M;
    use Perm::{Allow, Public};
    use StatusCode as S;
    use Surface::Api;
    r.add(M::POST, "/api/v1/signups", Public, Api,
        "An enterprise signs up (USCC, contact, password); confirmed by a code to the registry's contact or by its district official (rate-limited)",
        post_signup)
    .body::<NewSignup>()
    .ok::<SignupView>(S::CREATED)
    .errors(&[S::TOO_MANY_REQUESTS])
    .add(M::POST, "/api/v1/signups/{id}/confirm", Public, Api,
        "Confirm a sign-up with the one-time code (limited tries)", post_confirm)
    .body::<CodeBody>()
    .ok::<SignupView>(S::OK)
    .errors(&[S::CONFLICT, S::TOO_MANY_REQUESTS])
    .add(M::GET, "/api/v1/signups", Allow(Resource::Signup, Action::Read), Api,
        "Sign-ups waiting for a decision (a district official: their district's)", list_pending)
    .ok::<ListBody<ApplicantView>>(S::OK)
    .add(M::POST, "/api/v1/signups/{id}/approve", Allow(Resource::Signup, Action::Update), Api,
        "Approve a sign-up of an enterprise in the registry", post_approve)
    .no_body()
    .ok::<SignupView>(S::OK)
    .errors(&[S::CONFLICT])
    .add(M::POST, "/api/v1/signups/{id}/register", Allow(Resource::Signup, Action::Update), Api,
        "Register the enterprise of a sign-up, which confirms it", post_register)
    .body::<Registration>()
    .ok::<SignupView>(S::OK)
    .errors(&[S::CONFLICT])
    .add(M::POST, "/api/v1/signups/{id}/refuse", Allow(Resource::Signup, Action::Update), Api,
        "Refuse a sign-up", post_refuse)
    .no_body()
    .ok::<SignupView>(S::OK)
    .errors(&[S::CONFLICT])
}

fn signup_id(s: &str) -> Result<uuid::Uuid, ApiError> {
    uuid::Uuid::parse_str(s).map_err(|_| ApiError(app::AppError::NotFound))
}

fn limited(s: &AppState, key: &str, limit: usize, window: i64) -> Result<(), app::AppError> {
    if s.public_limits.allow_n(key, s.app.now(), limit, window) {
        Ok(())
    } else {
        Err(app::AppError::RateLimited(
            "too many attempts; please wait and try again, or call your district's hotline".into(),
        ))
    }
}

/// Signs up under the per-address and per-USCC limits (the page and the API).
pub async fn sign_up(
    s: &AppState,
    caller: &Caller,
    n: &NewSignup,
) -> Result<SignupView, app::AppError> {
    let addr = caller.ctx.client_addr.clone().unwrap_or_default();
    limited(s, &format!("signup:{addr}"), SIGNUPS_PER_ADDRESS, HOUR_MS)?;
    let uscc = n.uscc.trim().to_uppercase();
    limited(s, &format!("signup-uscc:{uscc}"), SIGNUPS_PER_USCC, HOUR_MS)?;
    let lang = app::notify::Lang::parse(caller.locale.tag()).unwrap_or(app::notify::Lang::ZhCn);
    accounts::sign_up(&s.app, &caller.ctx, n, lang).await
}

/// Confirms with a code under the per-address limit (the page and the API).
pub async fn confirm(
    s: &AppState,
    caller: &Caller,
    id: uuid::Uuid,
    code: &str,
) -> Result<SignupView, app::AppError> {
    let addr = caller.ctx.client_addr.clone().unwrap_or_default();
    limited(
        s,
        &format!("confirm:{addr}"),
        CONFIRMS_PER_ADDRESS,
        HOUR_MS / 6,
    )?;
    accounts::confirm(&s.app, &caller.ctx, id, code).await
}

pub async fn post_signup(
    State(s): State<AppState>,
    caller: Caller,
    ApiJson(b): ApiJson<NewSignup>,
) -> ApiResult<(StatusCode, Json<SignupView>)> {
    Ok((StatusCode::CREATED, Json(sign_up(&s, &caller, &b).await?)))
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CodeBody {
    /// The six-digit code sent to the registry's contact.
    pub code: String,
}

pub async fn post_confirm(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<CodeBody>,
) -> ApiResult<Json<SignupView>> {
    Ok(Json(confirm(&s, &caller, signup_id(&id)?, &b.code).await?))
}

pub async fn list_pending(
    State(s): State<AppState>,
    caller: Caller,
) -> ApiResult<Json<ListBody<ApplicantView>>> {
    Ok(Json(ListBody::whole(
        accounts::pending(&s.app, &caller.ctx).await?,
    )))
}

pub async fn post_approve(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<SignupView>> {
    Ok(Json(
        accounts::approve(&s.app, &caller.ctx, signup_id(&id)?).await?,
    ))
}

pub async fn post_register(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<Registration>,
) -> ApiResult<Json<SignupView>> {
    let v = accounts::register_and_approve(&s.app, &caller.ctx, signup_id(&id)?, &b).await?;
    Ok(Json(v))
}

pub async fn post_refuse(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<SignupView>> {
    Ok(Json(
        accounts::refuse(&s.app, &caller.ctx, signup_id(&id)?).await?,
    ))
}
