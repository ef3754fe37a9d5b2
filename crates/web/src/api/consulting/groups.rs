//! Messaging service groups over HTTP: staff register and list them; a group's bot posts
//! signed messages to `/hooks/messaging/{group}`.

use app::consulting::{self, GroupCreated, GroupView, IntakeError, NewGroup};
use axum::Json;
use axum::extract::{Path, Request, State};
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use domain::{Action, Resource};

use crate::AppState;
use crate::api::ListBody;
use crate::extract::ApiJson;
use crate::guard::Caller;
use crate::problem::{ApiResult, Problem};
use crate::routes::{Perm, Routes, Surface};

/// Registers the messaging-group routes and the groups' signed webhook intake, each with its permission and types.
pub fn add(r: Routes) -> Routes {
    use Perm::{Allow, Public};
    use StatusCode as S;
    use Surface::Api;
    r.add(
        Method::GET,
        "/api/v1/messaging-groups",
        Allow(Resource::BackOffice, Action::Read),
        Api,
        "The districts' messaging service groups",
        list_groups,
    )
    .ok::<ListBody<GroupView>>(S::OK)
    .add(
        Method::POST,
        "/api/v1/messaging-groups",
        Allow(Resource::Organisation, Action::Update),
        Api,
        "Register a messaging service group; the answer holds its signing secret, once",
        create_group,
    )
    .body::<NewGroup>()
    .ok::<GroupCreated>(S::CREATED)
    .errors(&[S::CONFLICT])
    .add(
        Method::POST,
        "/hooks/messaging/{group_id}",
        // Not a user: the group's bot, authenticated by the HMAC-SHA-256 signature of the body.
        Public,
        Api,
        "A message from a group's bot, signed with the group's secret",
        intake,
    )
    .body::<consulting::Inbound>()
    .ok::<consulting::IntakeOutcome>(S::CREATED)
    .ok::<consulting::IntakeOutcome>(S::OK)
}

/// A group bot's message is small; anything larger is refused before it is read whole.
pub const INTAKE_LIMIT: usize = 64 * 1024;
pub const SIGNATURE_HEADER: &str = "x-lifeline-signature";

pub async fn list_groups(
    State(s): State<AppState>,
    caller: Caller,
) -> ApiResult<Json<ListBody<GroupView>>> {
    Ok(Json(ListBody::whole(
        consulting::list_groups(&s.app, &caller.ctx).await?,
    )))
}

pub async fn create_group(
    State(s): State<AppState>,
    caller: Caller,
    ApiJson(n): ApiJson<NewGroup>,
) -> ApiResult<(StatusCode, Json<GroupCreated>)> {
    Ok((
        StatusCode::CREATED,
        Json(consulting::create_group(&s.app, &caller.ctx, &n).await?),
    ))
}

pub async fn intake(
    State(s): State<AppState>,
    Path(group_id): Path<String>,
    req: Request,
) -> Response {
    let signature = req
        .headers()
        .get(SIGNATURE_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let Ok(body) = axum::body::to_bytes(req.into_body(), INTAKE_LIMIT).await else {
        return Problem::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "body_too_large",
            "The message is too large",
        )
        .detail(format!("a message body is at most {INTAKE_LIMIT} bytes"))
        .into_response();
    };
    match consulting::intake(&s.app, &group_id, &body, signature.as_deref()).await {
        Ok(o) => {
            let status = if o.outcome == "opened" {
                StatusCode::CREATED
            } else {
                StatusCode::OK
            };
            (status, Json(o)).into_response()
        }
        Err(IntakeError::UnknownGroup) => Problem::new(
            StatusCode::NOT_FOUND,
            "unknown_group",
            "No such messaging group",
        )
        .into_response(),
        Err(IntakeError::BadSignature) => Problem::new(
            StatusCode::UNAUTHORIZED,
            "bad_signature",
            "The signature is missing or does not match",
        )
        .detail(format!(
            "send {SIGNATURE_HEADER}: sha256=<hex HMAC-SHA-256 of the body with the group's secret>"
        ))
        .into_response(),
        Err(IntakeError::Malformed(m)) => Problem::new(
            StatusCode::BAD_REQUEST,
            "malformed_json",
            "The body is not a message",
        )
        .detail(m)
        .into_response(),
        Err(IntakeError::Invalid(errs)) => {
            Problem::from_app(&app::AppError::Invalid(errs)).into_response()
        }
        Err(IntakeError::Failed(m)) => {
            tracing::error!(request_id = %crate::observe::request_id(), error = %m, "messaging intake failed");
            Problem::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal_error",
                "Something went wrong on our side",
            )
            .into_response()
        }
    }
}
