//! Applications for fund programmes over HTTP (measure 2): submit (an enterprise user for its
//! own enterprise; the programme's division's staff on its behalf, naming `uscc`), list and
//! read in the caller's scope, and the workflow's steps. Who may take which step is judged by
//! `app::funds::applications`; the handlers only read the request and shape the answer.
//!
//! `Idempotency-Key` on submit is kept by the use case itself, unique per enterprise and
//! forever (not the guard's 24-hour replay): the same key again answers 200 with the first
//! application and `Idempotent-Replayed: true`, never a second application.

use app::funds::applications::{
    self as apps, ApplicationFileView, ApplicationList, ApplicationQuery, ApplicationView, Channel,
    NewApplication, StepRequest,
};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use domain::funds::workflow::Step;
use domain::{Action, Resource};

use crate::AppState;
use crate::extract::{ApiJson, ApiQuery};
use crate::guard::Caller;
use crate::problem::ApiResult;
use crate::routes::{Perm, Routes, Surface};

/// What a JSON body of base64 documents may weigh: three of the largest files, base64-encoded.
fn submit_limit(r: &Routes) -> usize {
    let max = r.state().app.settings.attachments.max_bytes;
    usize::try_from(max.saturating_mul(4)).unwrap_or(usize::MAX)
}

/// Registers the application routes, each with its permission and types.
pub fn add(r: Routes) -> Routes {
    use StatusCode as S;
    use Surface::Api;
    let limit = submit_limit(&r);
    let r = r
        .add_idempotent(
            Method::POST,
            "/api/v1/funds/applications",
            Perm::Allow(Resource::FundApplication, Action::Create),
            Api,
            "Apply for a fund programme (an enterprise user for its own enterprise; the programme's division's staff on its behalf with `uscc`). `Idempotency-Key`: the same key again answers 200 with the first application",
            Some(limit),
            submit,
        )
        .body::<NewApplication>()
        .ok::<ApplicationView>(S::CREATED)
        .ok::<ApplicationView>(S::OK)
        .errors(&[S::CONFLICT, S::PAYLOAD_TOO_LARGE])
        .add(
            Method::GET,
            "/api/v1/funds/applications",
            Perm::Allow(Resource::FundApplication, Action::Read),
            Api,
            "Applications in the caller's scope, newest first",
            list,
        )
        .query::<ApplicationQuery>()
        .ok::<ApplicationList>(S::OK)
        .add(
            Method::GET,
            "/api/v1/funds/applications/{id}",
            Perm::Allow(Resource::FundApplication, Action::Read),
            Api,
            "An application with its steps, files and stored decision",
            get,
        )
        .ok::<ApplicationView>(S::OK)
        .add(
            Method::GET,
            "/api/v1/funds/application-files/{id}",
            Perm::Allow(Resource::FundApplication, Action::Read),
            Api,
            "Download a file of an application the caller may read",
            download,
        )
        .file(&[
            "application/pdf",
            "image/jpeg",
            "image/png",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ]);
    step_routes(r, limit)
}

/// One step's route: `POST /api/v1/funds/applications/{id}/<step>`.
fn step_route(
    r: Routes,
    path: &'static str,
    action: Action,
    summary: &'static str,
    step: Step,
    limit: usize,
) -> Routes {
    r.add_limited(
        Method::POST,
        path,
        Perm::Allow(Resource::FundApplication, action),
        Surface::Api,
        summary,
        Some(limit),
        move |s: State<AppState>, c: Caller, id: Path<String>, b: ApiJson<StepRequest>| {
            take(s, c, id, b, step)
        },
    )
    .body::<StepRequest>()
    .ok::<ApplicationView>(StatusCode::OK)
    .errors(&[StatusCode::CONFLICT])
}

/// The steps after submission: the bureau's (update) and the applicant's (create).
const STEPS: [(&str, Action, &str, Step); 7] = [
    (
        "/api/v1/funds/applications/{id}/examine",
        Action::Update,
        "Examine an application for completeness (division staff of the programme's division)",
        Step::Examine,
    ),
    (
        "/api/v1/funds/applications/{id}/verify",
        Action::Update,
        "Verify an examined application (a reviewer who did not examine it; `note`: a site-check note)",
        Step::Verify,
    ),
    (
        "/api/v1/funds/applications/{id}/approve",
        Action::Update,
        "Approve (the division's chief; at or above the programme's threshold then a leader); four eyes: never who examined or verified it",
        Step::Approve,
    ),
    (
        "/api/v1/funds/applications/{id}/return",
        Action::Update,
        "Return an application for correction, naming the missing items (`documents.<doc>`, `figures.<figure>`)",
        Step::Return,
    ),
    (
        "/api/v1/funds/applications/{id}/refuse",
        Action::Update,
        "Refuse an application, with a reason",
        Step::Refuse,
    ),
    (
        "/api/v1/funds/applications/{id}/resubmit",
        Action::Create,
        "Resubmit a returned application with the corrected figures and missing documents",
        Step::Resubmit,
    ),
    (
        "/api/v1/funds/applications/{id}/withdraw",
        Action::Create,
        "Withdraw an application before it is approved (the enterprise, or staff on its behalf)",
        Step::Withdraw,
    ),
];

fn step_routes(r: Routes, limit: usize) -> Routes {
    STEPS
        .into_iter()
        .fold(r, |r, (path, action, summary, step)| {
            step_route(r, path, action, summary, step, limit)
        })
}

async fn take(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<StepRequest>,
    step: Step,
) -> ApiResult<Json<ApplicationView>> {
    Ok(Json(
        apps::take_step(&s.app, &caller.ctx, &id, step, &req).await?,
    ))
}

async fn submit(
    State(s): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    ApiJson(n): ApiJson<NewApplication>,
) -> ApiResult<Response> {
    let key = headers
        .get("idempotency-key")
        .map(|v| v.to_str().unwrap_or_default().to_owned());
    let done = apps::submit(&s.app, &caller.ctx, &n, Channel::Api, key.as_deref()).await?;
    let status = if done.replayed {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    let mut res = (status, Json(done.application)).into_response();
    if done.replayed {
        res.headers_mut()
            .insert("idempotent-replayed", HeaderValue::from_static("true"));
    }
    Ok(res)
}

async fn list(
    State(s): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<ApplicationQuery>,
) -> ApiResult<Json<ApplicationList>> {
    Ok(Json(apps::list(&s.app, &caller.ctx, &q).await?))
}

async fn get(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<ApplicationView>> {
    Ok(Json(apps::get(&s.app, &caller.ctx, &id).await?))
}

async fn download(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let (f, bytes): (ApplicationFileView, Vec<u8>) =
        apps::download(&s.app, &caller.ctx, &id).await?;
    let media = domain::files::FileType::parse(&f.file_type).map_or(
        "application/octet-stream",
        domain::files::FileType::media_type,
    );
    let mut res = bytes.into_response();
    let h = res.headers_mut();
    if let Ok(v) = HeaderValue::from_str(media) {
        h.insert(header::CONTENT_TYPE, v);
    }
    h.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("attachment"),
    );
    h.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(res)
}
