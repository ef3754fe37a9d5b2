//! Measure 3 over HTTP: messaging groups and their signed webhook intake, the SLA calendar and
//! the SLA report.

use app::consulting::sla::SlaReport;
use app::consulting::{self, GroupCreated, GroupView, IntakeError, NewGroup, channels};
use axum::Json;
use axum::extract::{Path, Request, State};
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use domain::{Action, Resource};
use schemars::JsonSchema;
use serde::Deserialize;

use super::ListBody;
use crate::AppState;
use crate::extract::{ApiJson, ApiQuery};
use crate::guard::Caller;
use crate::problem::{ApiResult, Problem};
use crate::routes::{Perm, Routes, Surface};

/// A group bot's message is small; anything larger is refused before it is read whole.
pub const INTAKE_LIMIT: usize = 64 * 1024;
pub const SIGNATURE_HEADER: &str = "x-lifeline-signature";

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
    .add(
        Method::GET,
        "/api/v1/calendar",
        Allow(Resource::BackOffice, Action::Read),
        Api,
        "The SLA calendar's public holidays and make-up working days",
        calendar,
    )
    .ok::<ListBody<domain::calendar::SpecialDay>>(S::OK)
    .add(
        Method::PUT,
        "/api/v1/calendar",
        Allow(Resource::Organisation, Action::Update),
        Api,
        "Import calendar days: the body is a CSV (UTF-8 or GB18030) or XLSX file with the header date,type,name (type holiday or workday); ?dry_run=true, ?skip_invalid=true",
        put_calendar,
    )
    .raw_body(&[
        "text/csv",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ])
    .query::<crate::imports::ImportQuery>()
    .ok::<app::imports::ImportReport>(S::OK)
    .add(
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
    .add(
        Method::GET,
        "/api/v1/sla-targets",
        Allow(Resource::BackOffice, Action::Read),
        Api,
        "First-response and resolution targets per case kind and channel (working minutes)",
        sla_targets,
    )
    .ok::<ListBody<consulting::sla::TargetInput>>(S::OK)
    .add(
        Method::PUT,
        "/api/v1/sla-targets",
        Allow(Resource::Organisation, Action::Update),
        Api,
        "Set the targets of a case kind on a channel (or * for every channel)",
        put_sla_target,
    )
    .body::<consulting::sla::TargetInput>()
    .ok::<consulting::sla::TargetInput>(S::OK)
    .add(
        Method::GET,
        "/api/v1/reports/sla",
        Allow(Resource::Case, Action::Read),
        Api,
        "SLA report per division and channel: share met, medians, breaches",
        sla_report,
    )
    .query::<ReportQuery>()
    .ok::<SlaReport>(S::OK)
}

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

pub async fn calendar(
    State(s): State<AppState>,
    caller: Caller,
) -> ApiResult<Json<ListBody<domain::calendar::SpecialDay>>> {
    Ok(Json(ListBody::whole(
        consulting::sla::calendar_days(&s.app, &caller.ctx).await?,
    )))
}

/// The whole body is the file; a strict import with defects writes nothing and answers 422
/// naming each defect's row and column.
pub async fn put_calendar(
    State(s): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<crate::imports::ImportQuery>,
    body: axum::body::Bytes,
) -> Response {
    let opts = q.options();
    let format = app::imports::Format::detect("", &body);
    let result = app::cases::calendar::import(&s.app, &caller.ctx, &body, format, opts).await;
    crate::imports::report_response(result, opts)
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportQuery {
    /// First day, YYYY-MM-DD (the bureau's dates).
    pub from: String,
    /// Last day, inclusive.
    pub to: String,
}

pub async fn sla_report(
    State(s): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<ReportQuery>,
) -> ApiResult<Json<SlaReport>> {
    let day = |field: &str, v: &str| {
        domain::dates::day_number(v)
            .map_err(|e| app::AppError::invalid(field, e.code(), e.to_string()))
    };
    let (from, to) = (day("from", &q.from)?, day("to", &q.to)?);
    if to < from {
        return Err(app::AppError::invalid(
            "to",
            "before_from",
            "the report ends before it starts",
        )
        .into());
    }
    // Local midnight of the first day to local midnight after the last.
    let zone = s.app.zone();
    let (start, end) = (zone.start_of_day(from), zone.start_of_day(to + 1));
    Ok(Json(
        consulting::sla::report(&s.app, &caller.ctx, start, end).await?,
    ))
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
    match caller.principal() {
        Some(p) if p.role == domain::Role::EnterpriseUser => {
            channels::ask(&s.app, &caller.ctx, q, "portal").await
        }
        _ => {
            let mut ctx = app::Ctx::system("public_form");
            ctx.client_addr = caller.ctx.client_addr.clone();
            ctx.request_id = caller.ctx.request_id.clone();
            channels::ask(&s.app, &ctx, q, "web").await
        }
    }
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

pub async fn sla_targets(
    State(s): State<AppState>,
    caller: Caller,
) -> ApiResult<Json<ListBody<consulting::sla::TargetInput>>> {
    Ok(Json(ListBody::whole(
        consulting::sla::targets(&s.app, &caller.ctx).await?,
    )))
}

pub async fn put_sla_target(
    State(s): State<AppState>,
    caller: Caller,
    ApiJson(b): ApiJson<consulting::sla::TargetInput>,
) -> ApiResult<Json<consulting::sla::TargetInput>> {
    Ok(Json(
        consulting::sla::put_target(&s.app, &caller.ctx, &b).await?,
    ))
}
