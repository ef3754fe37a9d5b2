//! The hotlines, their call log, and questions from the public and the portal over the API;
//! staff search the inquiries by the words of the question.

use app::consulting::channels;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{Method, StatusCode};
use domain::{Action, Resource};
use schemars::JsonSchema;
use serde::Deserialize;

use crate::AppState;
use crate::api::ListBody;
use crate::extract::{ApiJson, ApiQuery};
use crate::guard::Caller;
use crate::problem::ApiResult;
use crate::routes::{Perm, Routes, Surface};

/// Registers the hotline, call and question routes, each with its permission and types.
pub fn add(r: Routes) -> Routes {
    use Perm::{Allow, Public};
    use StatusCode as S;
    use Surface::Api;
    r.add(
        Method::GET,
        "/api/v1/hotlines",
        Allow(Resource::BackOffice, Action::Read),
        Api,
        "The districts' consulting hotlines",
        hotlines,
    )
    .ok::<ListBody<channels::HotlineView>>(S::OK)
    .add(
        Method::PUT,
        "/api/v1/hotlines/{code}",
        Allow(Resource::Organisation, Action::Update),
        Api,
        "Configure a district's consulting hotline",
        put_hotline,
    )
    .body::<channels::HotlineInput>()
    .ok::<channels::HotlineView>(S::OK)
    .add(
        Method::POST,
        "/api/v1/calls",
        Allow(Resource::Case, Action::Update),
        Api,
        "Log a hotline call: a new inquiry, or a call on an open one",
        log_call,
    )
    .body::<channels::CallInput>()
    .ok::<channels::CallView>(S::CREATED)
    .errors(&[S::CONFLICT])
    .add(
        Method::GET,
        "/api/v1/calls",
        Allow(Resource::PersonalContact, Action::Read),
        Api,
        "A caller's past calls (?number=), or the latest calls",
        calls,
    )
    .query::<CallsQuery>()
    .ok::<ListBody<channels::CallView>>(S::OK)
    .add(
        Method::GET,
        "/api/v1/inquiries",
        Allow(Resource::Case, Action::Read),
        Api,
        "Search inquiries by words of the question (?q=), newest first",
        search_inquiries,
    )
    .query::<SearchQuery>()
    .ok::<ListBody<app::cases::CaseView>>(S::OK)
    .add(
        Method::POST,
        "/api/v1/inquiries",
        Public,
        Api,
        "Ask the bureau a question (anyone; rate-limited, spam refused)",
        ask,
    )
    .body::<channels::Question>()
    .ok::<channels::Received>(S::CREATED)
    .errors(&[S::TOO_MANY_REQUESTS])
}

pub async fn hotlines(
    State(s): State<AppState>,
    caller: Caller,
) -> ApiResult<Json<ListBody<channels::HotlineView>>> {
    Ok(Json(ListBody::whole(
        channels::hotlines(&s.app, &caller.ctx).await?,
    )))
}

pub async fn put_hotline(
    State(s): State<AppState>,
    caller: Caller,
    Path(code): Path<String>,
    ApiJson(b): ApiJson<channels::HotlineInput>,
) -> ApiResult<Json<channels::HotlineView>> {
    Ok(Json(
        channels::put_hotline(&s.app, &caller.ctx, &code, &b).await?,
    ))
}

pub async fn log_call(
    State(s): State<AppState>,
    caller: Caller,
    ApiJson(b): ApiJson<channels::CallInput>,
) -> ApiResult<(StatusCode, Json<channels::CallView>)> {
    Ok((
        StatusCode::CREATED,
        Json(channels::log_call(&s.app, &caller.ctx, &b).await?),
    ))
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CallsQuery {
    pub number: Option<String>,
}

pub async fn calls(
    State(s): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<CallsQuery>,
) -> ApiResult<Json<ListBody<channels::CallView>>> {
    let items = match q.number.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
        Some(n) => channels::calls_of(&s.app, &caller.ctx, n).await?,
        None => channels::recent_calls(&s.app, &caller.ctx).await?,
    };
    Ok(Json(ListBody::whole(items)))
}

/// Files a public question: by anyone on the web form, by an enterprise user from the portal.
pub async fn submit_question(
    s: &AppState,
    caller: &Caller,
    q: &channels::Question,
) -> Result<channels::Received, app::AppError> {
    let key = caller.ctx.client_addr.clone().unwrap_or_default();
    if caller.principal().is_none() && !s.ask_limit.allow(&key, s.app.now()) {
        return Err(app::AppError::RateLimited(format!(
            "at most {} questions in {} minutes from one address; please call the hotline",
            channels::PUBLIC_LIMIT,
            channels::PUBLIC_WINDOW_MS / 60_000
        )));
    }
    let received = match caller.principal() {
        Some(p) if p.role == domain::Role::EnterpriseUser => {
            channels::ask(&s.app, &caller.ctx, q, "portal").await?
        }
        _ => {
            let mut ctx = app::Ctx::system("public_form");
            ctx.client_addr = caller.ctx.client_addr.clone();
            ctx.request_id = caller.ctx.request_id.clone();
            channels::ask(&s.app, &ctx, q, "web").await?
        }
    };
    // The answer goes back in the language of the page the question was asked on.
    if let Some(lang) = app::notify::Lang::parse(caller.locale.tag()) {
        app::notify::askers::remember(&s.app, &received.reference, lang).await?;
    }
    Ok(received)
}

pub async fn ask(
    State(s): State<AppState>,
    caller: Caller,
    ApiJson(b): ApiJson<channels::Question>,
) -> ApiResult<(StatusCode, Json<channels::Received>)> {
    Ok((
        StatusCode::CREATED,
        Json(submit_question(&s, &caller, &b).await?),
    ))
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SearchQuery {
    pub q: String,
    pub limit: Option<i64>,
}

pub async fn search_inquiries(
    State(s): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<SearchQuery>,
) -> ApiResult<Json<ListBody<app::cases::CaseView>>> {
    Ok(Json(ListBody::whole(
        app::cases::search_inquiries(&s.app, &caller.ctx, &q.q, q.limit.unwrap_or(50)).await?,
    )))
}
