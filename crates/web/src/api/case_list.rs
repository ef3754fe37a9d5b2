//! The staff case list over the API: filters and sort orders, "my cases", the export of the
//! filtered list, assignment to a colleague, and the open cases per person.

use app::cases::export::export;
use app::cases::{self, Assignable, CaseFilter, CaseSort, CaseView, SortKey, Workload};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{Method, StatusCode};
use axum::response::Response;
use domain::{
    Action, DistrictCode, DistrictError, DivisionCode, DivisionError, MeasureNo, Resource, Uscc,
    UsccError,
};
use schemars::JsonSchema;
use serde::Deserialize;

use super::{ListBody, SPREADSHEETS};
use crate::AppState;
use crate::extract::{ApiJson, ApiQuery, PageParams};
use crate::guard::Caller;
use crate::imports::{ExportQuery, file_response};
use crate::problem::{ApiError, ApiResult, parsed};
use crate::routes::{Perm, Routes, Surface};

/// Registers the export, assignment and workload routes (`GET /api/v1/cases` itself is
/// registered with the case engine's routes, with [`list_cases`] and [`CaseQuery`]).
pub fn add(r: Routes) -> Routes {
    use Method as M;
    use Perm::Allow;
    use StatusCode as S;
    use Surface::Api;
    r.add(
        M::GET,
        "/api/v1/cases/export",
        Allow(Resource::Case, Action::Update),
        Api,
        "The filtered case list as CSV or XLSX (the list's filters and order)",
        export_cases,
    )
    .query::<ExportQuery>()
    .query::<CaseQuery>()
    .file(SPREADSHEETS)
    .errors(&[S::CONFLICT])
    .add(
        M::GET,
        "/api/v1/cases/workload",
        Allow(Resource::Case, Action::Update),
        Api,
        "Open cases per assignee in the caller's scope, the busiest first",
        workload,
    )
    .ok::<ListBody<Workload>>(S::OK)
    .add(
        M::GET,
        "/api/v1/cases/{id}/assignees",
        Allow(Resource::Case, Action::Update),
        Api,
        "The colleagues a case may be assigned to",
        assignees,
    )
    .ok::<ListBody<Assignable>>(S::OK)
    .add(
        M::POST,
        "/api/v1/cases/{id}/assignment",
        Allow(Resource::Case, Action::Update),
        Api,
        "Assign a case to a colleague (or to nobody); audited, and recorded on the timeline",
        assign,
    )
    .body::<AssignBody>()
    .ok::<CaseView>(S::OK)
}

fn case_id(s: &str) -> Result<uuid::Uuid, ApiError> {
    uuid::Uuid::parse_str(s).map_err(|_| ApiError(app::AppError::NotFound))
}

fn invalid(field: &str, code: &str, message: String) -> ApiError {
    ApiError(app::AppError::invalid(field, code, message))
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
pub struct CaseQuery {
    /// `open` (not resolved or closed), `closed` (resolved or closed), or one status.
    pub status: Option<String>,
    /// A division code (IP1, IP2, IP3, FT, OIEC, GLA); another answers 422.
    pub division: Option<String>,
    /// A user id, or `me` for the caller's own cases.
    pub assignee: Option<String>,
    /// The enterprise's USCC; a malformed one answers 422.
    pub enterprise: Option<String>,
    /// Open cases whose follow-up date has passed.
    pub overdue: Option<bool>,
    pub kind: Option<String>,
    pub significant: Option<bool>,
    /// Escalated cases still waiting for their decision.
    pub awaiting_decision: Option<bool>,
    /// Open cases whose follow-up date is on or before this date (YYYY-MM-DD).
    pub due_by: Option<String>,
    /// The measure (1 to 10) the case serves; another answers 422.
    pub measure: Option<String>,
    /// Cases of enterprises registered in this district (GB/T 2260, six digits); a malformed
    /// one answers 422.
    pub district: Option<String>,
    /// Words in the subject or the body.
    pub q: Option<String>,
    /// `created` (default), `updated` or `follow_up` (cases without a follow-up date last).
    pub sort: Option<String>,
    /// `asc` or `desc`; by default newest first, and the soonest follow-up first.
    pub order: Option<String>,
}

fn given(v: Option<String>) -> Option<String> {
    v.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty())
}

/// The list's filter from its query; a bad value is a problem naming its parameter.
pub fn case_filter(s: &AppState, caller: &Caller, q: CaseQuery) -> Result<CaseFilter, ApiError> {
    let mut f = CaseFilter::default();
    match given(q.status).as_deref() {
        Some("open") => f.open = Some(true),
        Some("closed") => f.open = Some(false),
        Some(other) if let Some(st) = domain::cases::Status::parse(other) => f.status = Some(st),
        Some(other) => {
            return Err(invalid(
                "status",
                "unknown_status",
                format!("\"{other}\": use open, closed or one status"),
            ));
        }
        None => {}
    }
    f.division = given(q.division)
        .map(|d| parsed("division", &d, DivisionCode::parse, DivisionError::code))
        .transpose()?;
    f.assignee = match given(q.assignee).as_deref() {
        None => None,
        Some(a) => {
            // Enterprise users see their own cases, and never who works them.
            if !caller.ctx.can(Resource::Case, Action::Update) {
                return Err(ApiError(app::AppError::Forbidden));
            }
            if a == "me" {
                Some(
                    caller
                        .principal()
                        .map(|p| p.id)
                        .ok_or(ApiError(app::AppError::Forbidden))?,
                )
            } else {
                Some(uuid::Uuid::parse_str(a).map_err(|_| {
                    invalid(
                        "assignee",
                        "invalid_id",
                        format!("\"{a}\" is not an id or me"),
                    )
                })?)
            }
        }
    };
    f.enterprise = given(q.enterprise)
        .map(|e| parsed("enterprise", &e, Uscc::parse, UsccError::code))
        .transpose()?;
    f.kind = given(q.kind);
    f.significant = q.significant;
    f.awaiting_decision = q.awaiting_decision == Some(true);
    if q.overdue == Some(true) {
        f.follow_up_before = Some(s.app.today());
    }
    if let Some(d) = given(q.due_by) {
        let d = domain::dates::parse_civil_date(&d)
            .map_err(|e| invalid("due_by", e.code(), e.to_string()))?;
        f.follow_up_before = Some(domain::dates::next_day(d));
    }
    f.measure = match given(q.measure) {
        None => None,
        Some(m) => Some(
            m.parse::<i64>()
                .ok()
                .and_then(|n| MeasureNo::new(n).ok())
                .ok_or_else(|| {
                    invalid(
                        "measure",
                        "invalid_measure",
                        format!("the policy has measures 1 to 10, not {m}"),
                    )
                })?,
        ),
    };
    f.district = given(q.district)
        .map(|d| parsed("district", &d, DistrictCode::parse, DistrictError::code))
        .transpose()?;
    f.text = given(q.q);
    let key = match given(q.sort) {
        None => SortKey::Created,
        Some(k) => SortKey::parse(&k).ok_or_else(|| {
            invalid(
                "sort",
                "invalid_choice",
                format!("\"{k}\": use created, updated or follow_up"),
            )
        })?,
    };
    let desc = match given(q.order).as_deref() {
        None => key != SortKey::FollowUp,
        Some("asc") => false,
        Some("desc") => true,
        Some(o) => {
            return Err(invalid(
                "order",
                "invalid_choice",
                format!("\"{o}\": use asc or desc"),
            ));
        }
    };
    f.sort = CaseSort { key, desc };
    Ok(f)
}

pub async fn list_cases(
    State(s): State<AppState>,
    caller: Caller,
    page: PageParams,
    ApiQuery(q): ApiQuery<CaseQuery>,
) -> ApiResult<Json<ListBody<CaseView>>> {
    let f = case_filter(&s, &caller, q)?;
    Ok(Json(
        cases::list(&s.app, &caller.ctx, &f, page.limit, page.cursor.as_deref())
            .await?
            .into(),
    ))
}

pub async fn export_cases(
    State(s): State<AppState>,
    caller: Caller,
    ApiQuery(x): ApiQuery<ExportQuery>,
    ApiQuery(q): ApiQuery<CaseQuery>,
) -> Response {
    use axum::response::IntoResponse;
    let format = match x.format() {
        Ok(f) => f,
        Err(r) => return *r,
    };
    let f = match case_filter(&s, &caller, q) {
        Ok(f) => f,
        Err(e) => return e.into_response(),
    };
    file_response(
        format,
        "cases",
        export(&s.app, &caller.ctx, &f, format).await,
    )
}

pub async fn workload(
    State(s): State<AppState>,
    caller: Caller,
) -> ApiResult<Json<ListBody<Workload>>> {
    Ok(Json(ListBody::whole(
        cases::workload(&s.app, &caller.ctx).await?,
    )))
}

pub async fn assignees(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<ListBody<Assignable>>> {
    Ok(Json(ListBody::whole(
        cases::assignable(&s.app, &caller.ctx, case_id(&id)?).await?,
    )))
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AssignBody {
    /// The colleague's user id, `me`, or null to leave the case to nobody.
    pub assignee: Option<String>,
}

pub async fn assign(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<AssignBody>,
) -> ApiResult<Json<CaseView>> {
    let assignee = match given(b.assignee).as_deref() {
        None => None,
        Some("me") => caller.principal().map(|p| p.id),
        Some(a) => Some(
            uuid::Uuid::parse_str(a)
                .map_err(|_| invalid("assignee", "invalid_id", format!("\"{a}\" is not an id")))?,
        ),
    };
    Ok(Json(
        cases::assign(&s.app, &caller.ctx, case_id(&id)?, assignee).await?,
    ))
}
