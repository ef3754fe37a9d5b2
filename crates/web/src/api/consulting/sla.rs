//! The SLA calendar, the SLA targets per kind and channel, and the SLA report over the API.

use app::consulting::sla::SlaReport;
use app::consulting::{self};
use axum::Json;
use axum::extract::State;
use axum::http::{Method, StatusCode};
use axum::response::Response;
use domain::{Action, Resource};
use schemars::JsonSchema;
use serde::Deserialize;

use crate::AppState;
use crate::api::ListBody;
use crate::extract::{ApiJson, ApiQuery};
use crate::guard::Caller;
use crate::problem::ApiResult;
use crate::routes::{Perm, Routes, Surface};

/// Registers the SLA calendar, target and report routes, each with its permission and types.
pub fn add(r: Routes) -> Routes {
    use Perm::Allow;
    use StatusCode as S;
    use Surface::Api;
    r.add(
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
