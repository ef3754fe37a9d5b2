//! The organisation over the API: people, the work-distribution table, routing, the working
//! group, districts and division aliases.

use app::imports::ImportReport;
use app::org::distribution::{self, Responsibility, Route};
use app::org::import::{self, RowInput};
use app::org::people::{self, PersonView, WorkingGroup};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use domain::{Action, Resource};
use schemars::JsonSchema;
use serde::Deserialize;

use super::{ListBody, PageQuery, SPREADSHEETS, Upload};
use crate::AppState;
use crate::extract::{ApiJson, ApiMultipart, ApiQuery, PageParams};
use crate::guard::Caller;
use crate::imports::{self, ExportQuery};
use crate::problem::{ApiError, ApiResult};
use crate::routes::{Perm, Routes, Surface};

/// Registers the organisation routes (people, the work-distribution table, routing, districts, aliases), each with its permission and types.
pub fn add(r: Routes) -> Routes {
    let r = add_people(r);
    add_table(r)
}

/// The people, the working group, districts and division aliases.
fn add_people(r: Routes) -> Routes {
    use Method as M;
    use Perm::*;
    use StatusCode as S;
    use Surface::Api;
    r.add(
        M::POST,
        "/api/v1/divisions/{code}/aliases",
        Allow(Resource::Organisation, Action::Update),
        Api,
        "Add another name for a division",
        add_alias,
    )
    .body::<AliasBody>()
    .empty(S::CREATED)
    .errors(&[S::CONFLICT])
    .add(
        M::GET,
        "/api/v1/districts",
        Public,
        Api,
        "Districts, counties and pilot areas (GB/T 2260)",
        districts,
    )
    .ok::<ListBody<app::org::DistrictView>>(S::OK)
    .add(
        M::GET,
        "/api/v1/people",
        Allow(Resource::BackOffice, Action::Read),
        Api,
        "The staff directory, searchable",
        people,
    )
    .query::<PageQuery>()
    .query::<PeopleQuery>()
    .ok::<ListBody<PersonView>>(S::OK)
    .add(
        M::GET,
        "/api/v1/working-group",
        Allow(Resource::BackOffice, Action::Read),
        Api,
        "The working group (measure 10)",
        working_group,
    )
    .ok::<WorkingGroup>(S::OK)
    .add(
        M::PUT,
        "/api/v1/people/{id}",
        Allow(Resource::Organisation, Action::Update),
        Api,
        "Edit a person: title, e-mail, linked account, working-group role",
        update_person,
    )
    .body::<PersonPatchBody>()
    .ok::<PersonView>(S::OK)
}

/// The work-distribution table, its import and export, and routing by it.
fn add_table(r: Routes) -> Routes {
    use Method as M;
    use Perm::*;
    use StatusCode as S;
    use Surface::Api;
    r.add(
        M::GET,
        "/api/v1/work-distribution",
        Allow(Resource::BackOffice, Action::Read),
        Api,
        "The Table of Work Distribution",
        table,
    )
    .ok::<ListBody<Responsibility>>(S::OK)
    .add(
        M::PUT,
        "/api/v1/work-distribution",
        Allow(Resource::Organisation, Action::Update),
        Api,
        "Create or update one row of the table",
        put_row,
    )
    .body::<RowBody>()
    .ok::<ImportReport>(S::OK)
    .add(
        M::DELETE,
        "/api/v1/work-distribution/{id}",
        Allow(Resource::Organisation, Action::Update),
        Api,
        "Remove one row of the table",
        delete_row,
    )
    .empty(S::NO_CONTENT)
    .add(
        M::POST,
        "/api/v1/work-distribution/import",
        Allow(Resource::Organisation, Action::Update),
        Api,
        "Import the table from CSV or XLSX",
        import_table,
    )
    .upload::<Upload>()
    .ok::<ImportReport>(S::OK)
    .add(
        M::GET,
        "/api/v1/work-distribution/export",
        Allow(Resource::PersonalContact, Action::Read),
        Api,
        "Export the table as CSV or XLSX",
        export_table,
    )
    .query::<crate::imports::ExportQuery>()
    .file(SPREADSHEETS)
    .add(
        M::GET,
        "/api/v1/route",
        Allow(Resource::BackOffice, Action::Read),
        Api,
        "Which divisions a measure (and item) routes to",
        route,
    )
    .query::<RouteQuery>()
    .ok::<Route>(S::OK)
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct PeopleQuery {
    pub q: Option<String>,
    pub division: Option<String>,
}

pub async fn people(
    State(s): State<AppState>,
    caller: Caller,
    page: PageParams,
    ApiQuery(f): ApiQuery<PeopleQuery>,
) -> ApiResult<Json<ListBody<PersonView>>> {
    Ok(Json(
        people::directory(
            &s.app,
            &caller.ctx,
            f.q.as_deref(),
            f.division.as_deref(),
            page.limit,
            page.cursor.as_deref(),
        )
        .await?
        .into(),
    ))
}

pub async fn table(
    State(s): State<AppState>,
    caller: Caller,
) -> ApiResult<Json<ListBody<Responsibility>>> {
    Ok(Json(ListBody::whole(
        distribution::table(&s.app, &caller.ctx).await?,
    )))
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PersonBody {
    pub name: String,
    #[serde(default)]
    pub office_phone: String,
    #[serde(default)]
    pub mobile: String,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RowBody {
    pub measure: i64,
    #[serde(default)]
    pub item: String,
    pub division: String,
    #[serde(default)]
    pub leading: bool,
    pub chief: Option<PersonBody>,
    pub contact: Option<PersonBody>,
}

pub async fn put_row(
    State(s): State<AppState>,
    caller: Caller,
    ApiJson(b): ApiJson<RowBody>,
) -> ApiResult<Json<ImportReport>> {
    let (chief, contact) = (
        b.chief.unwrap_or(PersonBody {
            name: String::new(),
            office_phone: String::new(),
            mobile: String::new(),
        }),
        b.contact,
    );
    let contact = contact.unwrap_or(PersonBody {
        name: String::new(),
        office_phone: String::new(),
        mobile: String::new(),
    });
    let input = RowInput {
        measure: b.measure.to_string(),
        item: b.item,
        division: b.division,
        leading: if b.leading {
            "yes".into()
        } else {
            String::new()
        },
        chief_name: chief.name,
        chief_office_phone: chief.office_phone,
        chief_mobile: chief.mobile,
        contact_name: contact.name,
        contact_office_phone: contact.office_phone,
        contact_mobile: contact.mobile,
    };
    Ok(Json(import::upsert_row(&s.app, &caller.ctx, &input).await?))
}

pub async fn delete_row(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    let id = uuid::Uuid::parse_str(&id).map_err(|_| ApiError(app::AppError::NotFound))?;
    distribution::remove(&s.app, &caller.ctx, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `multipart/form-data` with `file` (CSV or XLSX), `dry_run` and `skip_invalid`. A strict
/// import with problems writes nothing and answers 422 listing every problem.
pub async fn import_table(
    State(s): State<AppState>,
    caller: Caller,
    ApiMultipart(mp): ApiMultipart,
) -> Response {
    let up = match imports::read_upload(mp).await {
        Ok(u) => u,
        Err(p) => return p.into_response(),
    };
    let result = import::import(&s.app, &caller.ctx, &up.bytes, up.format(), up.opts).await;
    imports::report_response(result, up.opts)
}

pub async fn export_table(
    State(s): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<ExportQuery>,
) -> Response {
    let format = match q.format() {
        Ok(f) => f,
        Err(r) => return *r,
    };
    let result = import::export(&s.app, &caller.ctx, format).await;
    imports::file_response(format, "work-distribution", result)
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct RouteQuery {
    pub measure: Option<String>,
    pub item: Option<String>,
}

pub async fn route(
    State(s): State<AppState>,
    ApiQuery(q): ApiQuery<RouteQuery>,
) -> ApiResult<Json<Route>> {
    let measure = q
        .measure
        .as_deref()
        .and_then(|m| m.parse::<i64>().ok())
        .ok_or_else(|| {
            ApiError(app::AppError::invalid(
                "measure",
                "required",
                "measure is a number from 1 to 10",
            ))
        })?;
    let measure = domain::MeasureNo::new(measure)
        .map_err(|e| ApiError(app::AppError::invalid("measure", e.code(), e.to_string())))?;
    Ok(Json(
        distribution::route(&s.app, measure, q.item.as_deref()).await?,
    ))
}

pub async fn working_group(
    State(s): State<AppState>,
    caller: Caller,
) -> ApiResult<Json<WorkingGroup>> {
    Ok(Json(people::working_group(&s.app, &caller.ctx).await?))
}

pub async fn districts(
    State(s): State<AppState>,
) -> ApiResult<Json<ListBody<app::org::DistrictView>>> {
    Ok(Json(ListBody::whole(app::org::districts(&s.app).await?)))
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AliasBody {
    pub alias: String,
}

pub async fn add_alias(
    State(s): State<AppState>,
    caller: Caller,
    Path(code): Path<String>,
    ApiJson(b): ApiJson<AliasBody>,
) -> ApiResult<StatusCode> {
    app::org::add_alias(&s.app, &caller.ctx, &code, &b.alias).await?;
    Ok(StatusCode::CREATED)
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PersonPatchBody {
    #[serde(default, deserialize_with = "double_option::deserialize")]
    #[schemars(with = "Option<String>")]
    pub name_en: Option<Option<String>>,
    pub title: Option<String>,
    #[serde(default, deserialize_with = "double_option::deserialize")]
    #[schemars(with = "Option<String>")]
    pub email: Option<Option<String>>,
    pub wg_role: Option<String>,
    #[serde(default, deserialize_with = "double_option::deserialize")]
    #[schemars(with = "Option<uuid::Uuid>")]
    pub user_id: Option<Option<uuid::Uuid>>,
}

/// `null` clears a field; an absent field leaves it as it is.
mod double_option {
    use serde::{Deserialize, Deserializer};

    pub fn deserialize<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<Option<T>>, D::Error> {
        Option::<T>::deserialize(d).map(Some)
    }
}

pub async fn update_person(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<PersonPatchBody>,
) -> ApiResult<Json<PersonView>> {
    let id = uuid::Uuid::parse_str(&id).map_err(|_| ApiError(app::AppError::NotFound))?;
    let patch = people::PersonPatch {
        name_en: b.name_en,
        title: b.title,
        email: b.email,
        wg_role: b.wg_role,
        user_id: b.user_id,
    };
    Ok(Json(
        people::update_person(&s.app, &caller.ctx, id, &patch).await?,
    ))
}
