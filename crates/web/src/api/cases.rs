//! Measure 1 over the API: the enterprise registry, designations, and the shared case engine.

use app::cases::work::{NewDecision, NewRecord};
use app::cases::{self, CaseView, EventView, NewCase};
use app::enterprises::{self, DesignationView, EnterpriseView, NewEnterprise};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use domain::{DistrictCode, DistrictError, DivisionCode, DivisionError, Uscc, UsccError};
use schemars::JsonSchema;
use serde::Deserialize;

use super::ListBody;
use crate::AppState;
use crate::extract::{ApiJson, ApiQuery, PageParams};
use crate::guard::Caller;
use crate::problem::{ApiError, ApiResult, parsed};

fn case_id(s: &str) -> Result<uuid::Uuid, ApiError> {
    uuid::Uuid::parse_str(s).map_err(|_| ApiError(app::AppError::NotFound))
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EnterpriseBody {
    pub uscc: String,
    pub name: String,
    #[serde(default)]
    pub name_en: String,
    pub district: String,
    /// One or more of foreign_invested, foreign_trade, overseas_investing, labour_dispatch.
    pub kinds: Vec<String>,
    #[serde(default)]
    pub investor_country: String,
    #[serde(default)]
    pub industry: String,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub contact_name: String,
    #[serde(default)]
    pub contact_mobile: String,
    #[serde(default)]
    pub contact_email: String,
    pub employees: Option<i64>,
}

pub async fn register(
    State(s): State<AppState>,
    caller: Caller,
    ApiJson(b): ApiJson<EnterpriseBody>,
) -> ApiResult<(StatusCode, Json<EnterpriseView>)> {
    let n = NewEnterprise {
        uscc: b.uscc,
        name: b.name,
        name_en: b.name_en,
        district: b.district,
        kinds: b.kinds.join(","),
        investor_country: b.investor_country,
        industry: b.industry,
        address: b.address,
        contact_name: b.contact_name,
        contact_mobile: b.contact_mobile,
        contact_email: b.contact_email,
        employees: b.employees.map(|e| e.to_string()).unwrap_or_default(),
    };
    Ok((
        StatusCode::CREATED,
        Json(enterprises::register(&s.app, &caller.ctx, &n).await?),
    ))
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct EnterpriseQuery {
    /// A district code (GB/T 2260, six digits); a malformed one answers 422.
    pub district: Option<String>,
    pub status: Option<String>,
    pub undesignated: Option<bool>,
    pub q: Option<String>,
}

pub async fn list_enterprises(
    State(s): State<AppState>,
    caller: Caller,
    page: PageParams,
    ApiQuery(f): ApiQuery<EnterpriseQuery>,
) -> ApiResult<Json<ListBody<EnterpriseView>>> {
    let filter = store_filter(f)?;
    Ok(Json(
        enterprises::list(
            &s.app,
            &caller.ctx,
            &filter,
            page.limit,
            page.cursor.as_deref(),
        )
        .await?
        .into(),
    ))
}

fn store_filter(f: EnterpriseQuery) -> Result<app::enterprises::EnterpriseFilter, ApiError> {
    let district = f
        .district
        .filter(|d| !d.trim().is_empty())
        .map(|d| parsed("district", &d, DistrictCode::parse, DistrictError::code))
        .transpose()?;
    Ok(app::enterprises::EnterpriseFilter {
        district,
        status: f.status,
        undesignated: f.undesignated.unwrap_or(false),
        text: f.q,
    })
}

pub async fn get_enterprise(
    State(s): State<AppState>,
    caller: Caller,
    Path(uscc): Path<String>,
) -> ApiResult<Json<EnterpriseView>> {
    Ok(Json(enterprises::get(&s.app, &caller.ctx, &uscc).await?))
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LiaisonBody {
    /// The district official (a user id), or null to clear.
    pub official: Option<String>,
    /// The bureau contact (a person id from measure 1's rows), or null to clear.
    pub contact: Option<String>,
    #[serde(default)]
    pub reason: String,
}

fn opt_id(field: &str, v: Option<String>) -> Result<Option<uuid::Uuid>, ApiError> {
    match v.filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => uuid::Uuid::parse_str(&s).map(Some).map_err(|_| {
            ApiError(app::AppError::invalid(
                field,
                "invalid_id",
                format!("\"{s}\" is not an id"),
            ))
        }),
    }
}

pub async fn put_liaison(
    State(s): State<AppState>,
    caller: Caller,
    Path(uscc): Path<String>,
    ApiJson(b): ApiJson<LiaisonBody>,
) -> ApiResult<Json<EnterpriseView>> {
    let official = opt_id("official", b.official)?;
    let contact = opt_id("contact", b.contact)?;
    Ok(Json(
        enterprises::designate(&s.app, &caller.ctx, &uscc, official, contact, &b.reason).await?,
    ))
}

pub async fn designations(
    State(s): State<AppState>,
    caller: Caller,
    Path(uscc): Path<String>,
) -> ApiResult<Json<ListBody<DesignationView>>> {
    Ok(Json(ListBody::whole(
        enterprises::designations(&s.app, &caller.ctx, &uscc).await?,
    )))
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

#[derive(Debug, Deserialize, JsonSchema)]
pub struct CaseQuery {
    /// `open` (not resolved or closed), `closed` (resolved or closed), or one status.
    pub status: Option<String>,
    /// A division code (IP1, IP2, IP3, FT, OIEC, GLA); another answers 422.
    pub division: Option<String>,
    pub assignee: Option<String>,
    /// The enterprise's USCC; a malformed one answers 422.
    pub enterprise: Option<String>,
    /// Open cases whose follow-up date has passed.
    pub overdue: Option<bool>,
    pub kind: Option<String>,
    pub significant: Option<bool>,
    /// Escalated cases still waiting for their decision.
    pub awaiting_decision: Option<bool>,
}

pub async fn list_cases(
    State(s): State<AppState>,
    caller: Caller,
    page: PageParams,
    ApiQuery(q): ApiQuery<CaseQuery>,
) -> ApiResult<Json<ListBody<CaseView>>> {
    let mut f = app::cases::CaseFilter::default();
    match q.status.as_deref() {
        Some("open") => f.open = Some(true),
        Some("closed") => f.open = Some(false),
        Some(other) if let Some(st) = domain::cases::Status::parse(other) => f.status = Some(st),
        Some(other) => {
            return Err(ApiError(app::AppError::invalid(
                "status",
                "unknown_status",
                format!("\"{other}\": use open, closed or one status"),
            )));
        }
        None => {}
    }
    f.division = q
        .division
        .filter(|d| !d.trim().is_empty())
        .map(|d| parsed("division", &d, DivisionCode::parse, DivisionError::code))
        .transpose()?;
    f.assignee = opt_id("assignee", q.assignee)?;
    f.enterprise = q
        .enterprise
        .filter(|e| !e.trim().is_empty())
        .map(|e| parsed("enterprise", &e, Uscc::parse, UsccError::code))
        .transpose()?;
    f.kind = q.kind;
    f.significant = q.significant;
    f.awaiting_decision = q.awaiting_decision == Some(true);
    if q.overdue == Some(true) {
        f.follow_up_before = Some(s.app.today());
    }
    Ok(Json(
        cases::list(&s.app, &caller.ctx, &f, page.limit, page.cursor.as_deref())
            .await?
            .into(),
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

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportBody {
    pub report_date: String,
    pub employees_returned: i64,
    pub employees_total: i64,
    pub capacity_pct: i64,
    pub resumed: bool,
    #[serde(default)]
    pub difficulties: String,
}

pub async fn file_report(
    State(s): State<AppState>,
    caller: Caller,
    Path(uscc): Path<String>,
    ApiJson(b): ApiJson<ReportBody>,
) -> ApiResult<(StatusCode, Json<app::enterprises::reports::ReportView>)> {
    let n = app::enterprises::reports::NewReport {
        report_date: b.report_date,
        employees_returned: b.employees_returned,
        employees_total: b.employees_total,
        capacity_pct: b.capacity_pct,
        resumed: b.resumed,
        difficulties: b.difficulties,
    };
    Ok((
        StatusCode::CREATED,
        Json(app::enterprises::reports::file(&s.app, &caller.ctx, &uscc, &n).await?),
    ))
}

pub async fn reports(
    State(s): State<AppState>,
    caller: Caller,
    Path(uscc): Path<String>,
) -> ApiResult<Json<ListBody<app::enterprises::reports::ReportView>>> {
    Ok(Json(ListBody::whole(
        app::enterprises::reports::list(&s.app, &caller.ctx, &uscc).await?,
    )))
}

/// `multipart/form-data` with `file`, `dry_run` and `skip_invalid`, like the table's import.
pub async fn import_enterprises(
    State(s): State<AppState>,
    caller: Caller,
    crate::extract::ApiMultipart(mp): crate::extract::ApiMultipart,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let up = match crate::imports::read_upload(mp).await {
        Ok(u) => u,
        Err(p) => return p.into_response(),
    };
    let result = app::enterprises::import::import(
        &s.app,
        &caller.ctx,
        &up.bytes,
        up.format(),
        up.opts,
        &|_, _| {},
    )
    .await;
    crate::imports::report_response(result, up.opts)
}

pub async fn export_enterprises(
    State(s): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<crate::imports::ExportQuery>,
) -> axum::response::Response {
    let format = match q.format() {
        Ok(f) => f,
        Err(r) => return *r,
    };
    let result = app::enterprises::import::export(&s.app, &caller.ctx, format).await;
    crate::imports::file_response(format, "enterprises", result)
}
