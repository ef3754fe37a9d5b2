//! Measure 1's enterprise registry over the API: registration, the list and one enterprise,
//! designations of liaisons, resumption reports, and the registry's import and export.

use app::enterprises::reports::ReportView;
use app::enterprises::{self, DesignationView, EnterpriseView, NewEnterprise};
use app::imports::ImportReport;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{Method, StatusCode};
use domain::{Action, DistrictCode, DistrictError, Resource};
use schemars::JsonSchema;
use serde::Deserialize;

use super::{ListBody, PageQuery, SPREADSHEETS, Upload};
use crate::AppState;
use crate::extract::{ApiJson, ApiQuery, PageParams};
use crate::guard::Caller;
use crate::problem::{ApiError, ApiResult, parsed};
use crate::routes::{Perm, Routes, Surface};

/// Registers measure 1's registry routes, each with its permission and types.
pub fn add(r: Routes) -> Routes {
    use Method as M;
    use Perm::*;
    use StatusCode as S;
    use Surface::Api;
    r.add(
        M::GET,
        "/api/v1/enterprises",
        Allow(Resource::Enterprise, Action::Read),
        Api,
        "Enterprises in the caller's scope",
        list_enterprises,
    )
    .query::<PageQuery>()
    .query::<EnterpriseQuery>()
    .ok::<ListBody<EnterpriseView>>(S::OK)
    .add(
        M::POST,
        "/api/v1/enterprises",
        Allow(Resource::Enterprise, Action::Create),
        Api,
        "Register an enterprise",
        register,
    )
    .body::<EnterpriseBody>()
    .ok::<EnterpriseView>(S::CREATED)
    .errors(&[S::CONFLICT])
    .add(
        M::GET,
        "/api/v1/enterprises/{uscc}",
        Allow(Resource::Enterprise, Action::Read),
        Api,
        "One enterprise",
        get_enterprise,
    )
    .ok::<EnterpriseView>(S::OK)
    .add(
        M::PUT,
        "/api/v1/enterprises/{uscc}/liaison",
        Allow(Resource::Designation, Action::Update),
        Api,
        "Designate the district official and the bureau contact",
        put_liaison,
    )
    .body::<LiaisonBody>()
    .ok::<EnterpriseView>(S::OK)
    .add(
        M::GET,
        "/api/v1/enterprises/{uscc}/designations",
        Allow(Resource::Enterprise, Action::Read),
        Api,
        "The history of designations",
        designations,
    )
    .ok::<ListBody<DesignationView>>(S::OK)
    .add(
        M::GET,
        "/api/v1/enterprises/{uscc}/reports",
        Allow(Resource::Enterprise, Action::Read),
        Api,
        "An enterprise's resumption reports",
        reports,
    )
    .ok::<ListBody<ReportView>>(S::OK)
    .add(
        M::POST,
        "/api/v1/enterprises/{uscc}/reports",
        Allow(Resource::Enterprise, Action::Read),
        Api,
        "File a resumption report (the enterprise, or staff on its behalf)",
        file_report,
    )
    .body::<ReportBody>()
    .ok::<ReportView>(S::CREATED)
    .errors(&[S::CONFLICT])
    .add(
        M::POST,
        "/api/v1/enterprises/import",
        Allow(Resource::Enterprise, Action::Create),
        Api,
        "Import enterprises from CSV or XLSX",
        import_enterprises,
    )
    .upload::<Upload>()
    .ok::<ImportReport>(S::OK)
    .add(
        M::GET,
        "/api/v1/enterprises/export",
        Allow(Resource::PersonalContact, Action::Read),
        Api,
        "Export the registry as CSV or XLSX",
        export_enterprises,
    )
    .query::<crate::imports::ExportQuery>()
    .file(SPREADSHEETS)
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

pub(super) fn opt_id(field: &str, v: Option<String>) -> Result<Option<uuid::Uuid>, ApiError> {
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
