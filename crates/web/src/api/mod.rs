//! The JSON API under `/api/v1`. Errors are RFC 9457 problem details; lists are cursor-paged.

pub mod audit;
pub mod cases;
pub mod consulting;
pub mod distribution;
pub mod faq;
pub mod jobs;
pub mod me;
pub mod openapi;
pub mod org;
pub mod users;

use app::Page;
use app::auth::users::UserView;
use app::cases::{CaseView, EventView};
use app::enterprises::reports::ReportView;
use app::enterprises::{DesignationView, EnterpriseView};
use app::imports::ImportReport;
use app::org::distribution::{Responsibility, Route};
use app::org::people::{PersonView, WorkingGroup};
use axum::http::Method;
use axum::http::StatusCode;
use domain::{Action, Resource};
use schemars::JsonSchema;
use serde::Serialize;

use crate::routes::{Perm, Routes, Surface};

/// A page of a list: `{items, next_cursor, total}`.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(rename = "{T}List")]
pub struct ListBody<T> {
    pub items: Vec<T>,
    pub next_cursor: Option<String>,
    pub total: i64,
}

impl<T> ListBody<T> {
    /// A short list returned whole (reference data): one page, no cursor.
    pub fn whole(items: Vec<T>) -> Self {
        let total = items.len() as i64;
        ListBody {
            items,
            next_cursor: None,
            total,
        }
    }
}

impl<T> From<Page<T>> for ListBody<T> {
    fn from(p: Page<T>) -> Self {
        ListBody {
            items: p.items,
            next_cursor: p.next_cursor,
            total: p.total,
        }
    }
}

/// `?limit=&cursor=` of a cursor-paged list (read by `extract::PageParams`).
#[derive(JsonSchema)]
pub struct PageQuery {
    /// How many items, 1 to 200 (default 50).
    #[schemars(range(min = 1, max = 200))]
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// A spreadsheet upload (`multipart/form-data`).
#[derive(JsonSchema)]
pub struct Upload {
    /// The table: CSV (UTF-8) or XLSX.
    #[schemars(extend("contentMediaType" = "application/octet-stream"))]
    pub file: String,
    /// Check only; write nothing.
    pub dry_run: Option<bool>,
    /// Write the valid rows and report the others.
    pub skip_invalid: Option<bool>,
}

/// What an export can answer.
pub const SPREADSHEETS: &[&str] = &[
    "text/csv",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
];

pub fn add(r: Routes) -> Routes {
    use Method as M;
    use Perm::*;
    use StatusCode as S;
    use Surface::Api;
    r.add(
        M::GET,
        "/api/v1/openapi.json",
        Public,
        Api,
        "This API's OpenAPI 3.1 document",
        openapi::document,
    )
    .ok::<openapi::Document>(S::OK)
    .add(
        M::GET,
        "/api/v1/me",
        SignedIn,
        Api,
        "The caller's account",
        me::get,
    )
    .ok::<app::Principal>(S::OK)
    .add(
        M::GET,
        "/api/v1/users",
        Allow(Resource::User, Action::Read),
        Api,
        "List accounts in the caller's scope",
        users::list,
    )
    .query::<PageQuery>()
    .ok::<ListBody<UserView>>(S::OK)
    .add(
        M::POST,
        "/api/v1/users",
        Allow(Resource::User, Action::Create),
        Api,
        "Create an account",
        users::create,
    )
    .body::<users::NewUserBody>()
    .ok::<UserView>(S::CREATED)
    .errors(&[S::CONFLICT])
    .add(
        M::GET,
        "/api/v1/users/{id}",
        Allow(Resource::User, Action::Read),
        Api,
        "One account",
        users::get,
    )
    .ok::<UserView>(S::OK)
    .add(
        M::POST,
        "/api/v1/users/{id}/disable",
        Allow(Resource::User, Action::Update),
        Api,
        "Disable an account and end its sessions",
        users::disable,
    )
    .no_body()
    .ok::<UserView>(S::OK)
    .errors(&[S::CONFLICT])
    .add(
        M::GET,
        "/api/v1/audit",
        Allow(Resource::Audit, Action::Read),
        Api,
        "The audit trail, newest first",
        audit::list,
    )
    .query::<PageQuery>()
    .query::<audit::Filter>()
    .ok::<ListBody<app::audit::AuditView>>(S::OK)
    .add(
        M::GET,
        "/api/v1/audit/verify",
        Allow(Resource::Audit, Action::Read),
        Api,
        "Verify the audit chain",
        audit::verify,
    )
    .ok::<audit::Verification>(S::OK)
    .add(
        M::GET,
        "/api/v1/jobs",
        Allow(Resource::Job, Action::Read),
        Api,
        "Jobs in a state (default: failed and dead), newest first",
        jobs::list,
    )
    .query::<PageQuery>()
    .query::<jobs::Filter>()
    .ok::<ListBody<app::jobs::JobView>>(S::OK)
    .add(
        M::POST,
        "/api/v1/jobs/{id}/retry",
        Allow(Resource::Job, Action::Update),
        Api,
        "Retry a failed or dead job now",
        jobs::retry,
    )
    .no_body()
    .ok::<app::jobs::JobView>(S::OK)
    .errors(&[S::CONFLICT])
    .add(
        M::GET,
        "/api/v1/divisions",
        Public,
        Api,
        "The six divisions",
        org::divisions,
    )
    .ok::<ListBody<app::org::DivisionView>>(S::OK)
    .add(
        M::GET,
        "/api/v1/measures",
        Public,
        Api,
        "The ten measures",
        org::measures,
    )
    .ok::<ListBody<app::org::MeasureView>>(S::OK)
    .add(
        M::GET,
        "/api/v1/measures/{n}",
        Public,
        Api,
        "One measure",
        org::measure,
    )
    .ok::<app::org::MeasureDetail>(S::OK)
    .add(
        M::PUT,
        "/api/v1/measures/{n}",
        Allow(Resource::Organisation, Action::Update),
        Api,
        "Edit a measure's wording",
        org::update_measure,
    )
    .body::<org::MeasureBody>()
    .ok::<app::org::MeasureView>(S::OK)
    .add(
        M::POST,
        "/api/v1/divisions/{code}/aliases",
        Allow(Resource::Organisation, Action::Update),
        Api,
        "Add another name for a division",
        distribution::add_alias,
    )
    .body::<distribution::AliasBody>()
    .empty(S::CREATED)
    .errors(&[S::CONFLICT])
    .add(
        M::GET,
        "/api/v1/districts",
        Public,
        Api,
        "Districts, counties and pilot areas (GB/T 2260)",
        distribution::districts,
    )
    .ok::<ListBody<app::org::DistrictView>>(S::OK)
    .add(
        M::GET,
        "/api/v1/people",
        Allow(Resource::BackOffice, Action::Read),
        Api,
        "The staff directory, searchable",
        distribution::people,
    )
    .query::<PageQuery>()
    .query::<distribution::PeopleQuery>()
    .ok::<ListBody<PersonView>>(S::OK)
    .add(
        M::GET,
        "/api/v1/working-group",
        Allow(Resource::BackOffice, Action::Read),
        Api,
        "The working group (measure 10)",
        distribution::working_group,
    )
    .ok::<WorkingGroup>(S::OK)
    .add(
        M::GET,
        "/api/v1/work-distribution",
        Allow(Resource::BackOffice, Action::Read),
        Api,
        "The Table of Work Distribution",
        distribution::table,
    )
    .ok::<ListBody<Responsibility>>(S::OK)
    .add(
        M::PUT,
        "/api/v1/work-distribution",
        Allow(Resource::Organisation, Action::Update),
        Api,
        "Create or update one row of the table",
        distribution::put_row,
    )
    .body::<distribution::RowBody>()
    .ok::<ImportReport>(S::OK)
    .add(
        M::DELETE,
        "/api/v1/work-distribution/{id}",
        Allow(Resource::Organisation, Action::Update),
        Api,
        "Remove one row of the table",
        distribution::delete_row,
    )
    .empty(S::NO_CONTENT)
    .add(
        M::POST,
        "/api/v1/work-distribution/import",
        Allow(Resource::Organisation, Action::Update),
        Api,
        "Import the table from CSV or XLSX",
        distribution::import_table,
    )
    .upload::<Upload>()
    .ok::<ImportReport>(S::OK)
    .add(
        M::GET,
        "/api/v1/work-distribution/export",
        Allow(Resource::PersonalContact, Action::Read),
        Api,
        "Export the table as CSV or XLSX",
        distribution::export_table,
    )
    .query::<crate::imports::ExportQuery>()
    .file(SPREADSHEETS)
    .add(
        M::GET,
        "/api/v1/route",
        Allow(Resource::BackOffice, Action::Read),
        Api,
        "Which divisions a measure (and item) routes to",
        distribution::route,
    )
    .query::<distribution::RouteQuery>()
    .ok::<Route>(S::OK)
    .add(
        M::GET,
        "/api/v1/enterprises",
        Allow(Resource::Enterprise, Action::Read),
        Api,
        "Enterprises in the caller's scope",
        cases::list_enterprises,
    )
    .query::<PageQuery>()
    .query::<cases::EnterpriseQuery>()
    .ok::<ListBody<EnterpriseView>>(S::OK)
    .add(
        M::POST,
        "/api/v1/enterprises",
        Allow(Resource::Enterprise, Action::Create),
        Api,
        "Register an enterprise",
        cases::register,
    )
    .body::<cases::EnterpriseBody>()
    .ok::<EnterpriseView>(S::CREATED)
    .errors(&[S::CONFLICT])
    .add(
        M::GET,
        "/api/v1/enterprises/{uscc}",
        Allow(Resource::Enterprise, Action::Read),
        Api,
        "One enterprise",
        cases::get_enterprise,
    )
    .ok::<EnterpriseView>(S::OK)
    .add(
        M::PUT,
        "/api/v1/enterprises/{uscc}/liaison",
        Allow(Resource::Designation, Action::Update),
        Api,
        "Designate the district official and the bureau contact",
        cases::put_liaison,
    )
    .body::<cases::LiaisonBody>()
    .ok::<EnterpriseView>(S::OK)
    .add(
        M::GET,
        "/api/v1/enterprises/{uscc}/designations",
        Allow(Resource::Enterprise, Action::Read),
        Api,
        "The history of designations",
        cases::designations,
    )
    .ok::<ListBody<DesignationView>>(S::OK)
    .add(
        M::GET,
        "/api/v1/cases",
        Allow(Resource::Case, Action::Read),
        Api,
        "Cases in the caller's scope",
        cases::list_cases,
    )
    .query::<PageQuery>()
    .query::<cases::CaseQuery>()
    .ok::<ListBody<CaseView>>(S::OK)
    .add(
        M::POST,
        "/api/v1/cases",
        Allow(Resource::Case, Action::Create),
        Api,
        "Open a case; it is routed by the work-distribution table",
        cases::open_case,
    )
    .body::<cases::CaseBody>()
    .ok::<CaseView>(S::CREATED)
    .add(
        M::GET,
        "/api/v1/cases/{id}",
        Allow(Resource::Case, Action::Read),
        Api,
        "A case with its timeline",
        cases::get_case,
    )
    .ok::<CaseView>(S::OK)
    .add(
        M::POST,
        "/api/v1/cases/{id}/records",
        Allow(Resource::Case, Action::Update),
        Api,
        "Add a working record",
        cases::add_record,
    )
    .body::<cases::RecordBody>()
    .ok::<EventView>(S::CREATED)
    .errors(&[S::CONFLICT])
    .add(
        M::POST,
        "/api/v1/cases/{id}/status",
        Allow(Resource::Case, Action::Update),
        Api,
        "Change the status",
        cases::change_status,
    )
    .body::<cases::StatusBody>()
    .ok::<CaseView>(S::OK)
    .errors(&[S::CONFLICT])
    .add(
        M::POST,
        "/api/v1/cases/{id}/escalate",
        Allow(Resource::Case, Action::Update),
        Api,
        "Escalate as a significant issue",
        cases::escalate,
    )
    .body::<cases::EscalateBody>()
    .ok::<CaseView>(S::OK)
    .errors(&[S::CONFLICT])
    .add(
        M::POST,
        "/api/v1/cases/{id}/decision",
        Allow(Resource::Decision, Action::Create),
        Api,
        "Record the targeted-solution decision",
        cases::decide,
    )
    .body::<cases::DecisionBody>()
    .ok::<CaseView>(S::OK)
    .errors(&[S::CONFLICT])
    .add(
        M::POST,
        "/api/v1/cases/{id}/reassign",
        Allow(Resource::Case, Action::Update),
        Api,
        "Reassign to another division",
        cases::reassign,
    )
    .body::<cases::ReassignBody>()
    .ok::<CaseView>(S::OK)
    .errors(&[S::CONFLICT])
    .add(
        M::GET,
        "/api/v1/enterprises/{uscc}/reports",
        Allow(Resource::Enterprise, Action::Read),
        Api,
        "An enterprise's resumption reports",
        cases::reports,
    )
    .ok::<ListBody<ReportView>>(S::OK)
    .add(
        M::POST,
        "/api/v1/enterprises/{uscc}/reports",
        Allow(Resource::Enterprise, Action::Read),
        Api,
        "File a resumption report (the enterprise, or staff on its behalf)",
        cases::file_report,
    )
    .body::<cases::ReportBody>()
    .ok::<ReportView>(S::CREATED)
    .errors(&[S::CONFLICT])
    .add(
        M::POST,
        "/api/v1/enterprises/import",
        Allow(Resource::Enterprise, Action::Create),
        Api,
        "Import enterprises from CSV or XLSX",
        cases::import_enterprises,
    )
    .upload::<Upload>()
    .ok::<ImportReport>(S::OK)
    .add(
        M::GET,
        "/api/v1/enterprises/export",
        Allow(Resource::PersonalContact, Action::Read),
        Api,
        "Export the registry as CSV or XLSX",
        cases::export_enterprises,
    )
    .query::<crate::imports::ExportQuery>()
    .file(SPREADSHEETS)
    .add(
        M::PUT,
        "/api/v1/people/{id}",
        Allow(Resource::Organisation, Action::Update),
        Api,
        "Edit a person: title, e-mail, linked account, working-group role",
        distribution::update_person,
    )
    .body::<distribution::PersonPatchBody>()
    .ok::<PersonView>(S::OK)
}
