//! The shared case engine over the API: opening, listing and reading cases, working records,
//! status changes, escalation, decisions and reassignment.

use app::cases::work::{NewDecision, NewRecord};
use app::cases::{self, CaseView, EventView, NewCase};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{Method, StatusCode};
use domain::{Action, Resource};
use schemars::JsonSchema;
use serde::Deserialize;

pub use super::case_list::{CaseQuery, list_cases};
use super::{ListBody, PageQuery};
use crate::AppState;
use crate::extract::ApiJson;
use crate::guard::Caller;
use crate::problem::{ApiError, ApiResult};
use crate::routes::{Perm, Routes, Surface};

/// Registers the case engine's routes, each with its permission and types.
pub fn add(r: Routes) -> Routes {
    use Method as M;
    use Perm::*;
    use StatusCode as S;
    use Surface::Api;
    r.add(
        M::GET,
        "/api/v1/cases",
        Allow(Resource::Case, Action::Read),
        Api,
        "Cases in the caller's scope",
        list_cases,
    )
    .query::<PageQuery>()
    .query::<CaseQuery>()
    .ok::<ListBody<CaseView>>(S::OK)
    .add(
        M::POST,
        "/api/v1/cases",
        Allow(Resource::Case, Action::Create),
        Api,
        "Open a case; it is routed by the work-distribution table",
        open_case,
    )
    .body::<CaseBody>()
    .ok::<CaseView>(S::CREATED)
    .add(
        M::GET,
        "/api/v1/cases/{id}",
        Allow(Resource::Case, Action::Read),
        Api,
        "A case with its timeline",
        get_case,
    )
    .ok::<CaseView>(S::OK)
    .add(
        M::POST,
        "/api/v1/cases/{id}/records",
        Allow(Resource::Case, Action::Update),
        Api,
        "Add a working record",
        add_record,
    )
    .body::<RecordBody>()
    .ok::<EventView>(S::CREATED)
    .errors(&[S::CONFLICT])
    .add(
        M::POST,
        "/api/v1/cases/{id}/status",
        Allow(Resource::Case, Action::Update),
        Api,
        "Change the status",
        change_status,
    )
    .body::<StatusBody>()
    .ok::<CaseView>(S::OK)
    .errors(&[S::CONFLICT])
    .add(
        M::POST,
        "/api/v1/cases/{id}/escalate",
        Allow(Resource::Case, Action::Update),
        Api,
        "Escalate as a significant issue",
        escalate,
    )
    .body::<EscalateBody>()
    .ok::<CaseView>(S::OK)
    .errors(&[S::CONFLICT])
    .add(
        M::POST,
        "/api/v1/cases/{id}/decision",
        Allow(Resource::Decision, Action::Create),
        Api,
        "Record the targeted-solution decision",
        decide,
    )
    .body::<DecisionBody>()
    .ok::<CaseView>(S::OK)
    .errors(&[S::CONFLICT])
    .add(
        M::POST,
        "/api/v1/cases/{id}/reassign",
        Allow(Resource::Case, Action::Update),
        Api,
        "Reassign to another division",
        reassign,
    )
    .body::<ReassignBody>()
    .ok::<CaseView>(S::OK)
    .errors(&[S::CONFLICT])
}

fn case_id(s: &str) -> Result<uuid::Uuid, ApiError> {
    uuid::Uuid::parse_str(s).map_err(|_| ApiError(app::AppError::NotFound))
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CaseBody {
    pub kind: String,
    pub measure: Option<i64>,
    pub enterprise: Option<String>,
    pub subject: String,
    pub body: String,
    pub category: Option<String>,
    pub channel: String,
    pub priority: Option<String>,
    /// For inquiries: the measure the question is about (found in the text when absent).
    pub topic: Option<i64>,
    /// Where the work-distribution table splits the measure by item: the item the case is
    /// about (routed to that item's division); an item the measure lacks answers 422.
    pub item: Option<String>,
    /// The fast service channel.
    #[serde(default)]
    pub fast: bool,
    /// Who asked, when they have no account.
    pub contact_name: Option<String>,
    pub contact: Option<String>,
}

pub async fn open_case(
    State(s): State<AppState>,
    caller: Caller,
    ApiJson(b): ApiJson<CaseBody>,
) -> ApiResult<(StatusCode, Json<CaseView>)> {
    let n = NewCase {
        kind: b.kind,
        measure: b.measure,
        enterprise: b.enterprise,
        subject: b.subject,
        body: b.body,
        category: b.category,
        channel: b.channel,
        priority: b.priority,
        topic: b.topic,
        item: b.item,
        fast: b.fast,
        contact_name: b.contact_name,
        contact: b.contact,
        sender_key: None,
    };
    Ok((
        StatusCode::CREATED,
        Json(cases::open(&s.app, &caller.ctx, &n).await?),
    ))
}

pub async fn get_case(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<CaseView>> {
    Ok(Json(cases::get(&s.app, &caller.ctx, case_id(&id)?).await?))
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RecordBody {
    pub kind: String,
    pub content: String,
    pub outcome: Option<String>,
    pub next_follow_up: Option<String>,
    /// No further follow-up is planned: clears the case's next follow-up date.
    #[serde(default)]
    pub clear_follow_up: bool,
}

pub async fn add_record(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<RecordBody>,
) -> ApiResult<(StatusCode, Json<EventView>)> {
    let r = NewRecord {
        kind: b.kind,
        content: b.content,
        outcome: b.outcome,
        next_follow_up: b.next_follow_up,
        clear_follow_up: b.clear_follow_up,
    };
    Ok((
        StatusCode::CREATED,
        Json(cases::work::add_record(&s.app, &caller.ctx, case_id(&id)?, &r).await?),
    ))
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "StatusChange")]
pub struct StatusBody {
    pub status: String,
    pub note: Option<String>,
}

pub async fn change_status(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<StatusBody>,
) -> ApiResult<Json<CaseView>> {
    Ok(Json(
        cases::work::change_status(
            &s.app,
            &caller.ctx,
            case_id(&id)?,
            &b.status,
            b.note.as_deref(),
        )
        .await?,
    ))
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EscalateBody {
    pub reason: String,
}

pub async fn escalate(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<EscalateBody>,
) -> ApiResult<Json<CaseView>> {
    Ok(Json(
        cases::work::escalate(&s.app, &caller.ctx, case_id(&id)?, &b.reason).await?,
    ))
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionBody {
    pub decision: String,
    pub division: String,
    pub owner: String,
    pub due_date: String,
}

pub async fn decide(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<DecisionBody>,
) -> ApiResult<Json<CaseView>> {
    let d = NewDecision {
        decision: b.decision,
        division: b.division,
        owner: b.owner,
        due_date: b.due_date,
    };
    Ok(Json(
        cases::work::decide(&s.app, &caller.ctx, case_id(&id)?, &d).await?,
    ))
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReassignBody {
    pub division: String,
    pub reason: String,
}

pub async fn reassign(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<ReassignBody>,
) -> ApiResult<Json<CaseView>> {
    Ok(Json(
        cases::work::reassign(&s.app, &caller.ctx, case_id(&id)?, &b.division, &b.reason).await?,
    ))
}
