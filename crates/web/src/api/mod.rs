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
use axum::http::Method;
use domain::{Action, Resource};
use serde::Serialize;

use crate::routes::{Perm, Routes, Surface};

/// A page of a list: `{items, next_cursor, total}`.
#[derive(Debug, Serialize)]
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

pub fn add(r: Routes) -> Routes {
    use Method as M;
    use Perm::*;
    use Surface::Api;
    r.add(
        M::GET,
        "/api/v1/openapi.json",
        Public,
        Api,
        "This API's OpenAPI 3.1 document",
        openapi::document,
    )
    .add(
        M::GET,
        "/api/v1/me",
        SignedIn,
        Api,
        "The caller's account",
        me::get,
    )
    .add(
        M::GET,
        "/api/v1/users",
        Allow(Resource::User, Action::Read),
        Api,
        "List accounts in the caller's scope",
        users::list,
    )
    .add(
        M::POST,
        "/api/v1/users",
        Allow(Resource::User, Action::Create),
        Api,
        "Create an account",
        users::create,
    )
    .add(
        M::GET,
        "/api/v1/users/{id}",
        Allow(Resource::User, Action::Read),
        Api,
        "One account",
        users::get,
    )
    .add(
        M::POST,
        "/api/v1/users/{id}/disable",
        Allow(Resource::User, Action::Update),
        Api,
        "Disable an account and end its sessions",
        users::disable,
    )
    .add(
        M::GET,
        "/api/v1/audit",
        Allow(Resource::Audit, Action::Read),
        Api,
        "The audit trail, newest first",
        audit::list,
    )
    .add(
        M::GET,
        "/api/v1/audit/verify",
        Allow(Resource::Audit, Action::Read),
        Api,
        "Verify the audit chain",
        audit::verify,
    )
    .add(
        M::GET,
        "/api/v1/jobs",
        Allow(Resource::Job, Action::Read),
        Api,
        "Jobs in a state (default: failed and dead), newest first",
        jobs::list,
    )
    .add(
        M::POST,
        "/api/v1/jobs/{id}/retry",
        Allow(Resource::Job, Action::Update),
        Api,
        "Retry a failed or dead job now",
        jobs::retry,
    )
    .add(
        M::GET,
        "/api/v1/divisions",
        Public,
        Api,
        "The six divisions",
        org::divisions,
    )
    .add(
        M::GET,
        "/api/v1/measures",
        Public,
        Api,
        "The ten measures",
        org::measures,
    )
    .add(
        M::GET,
        "/api/v1/measures/{n}",
        Public,
        Api,
        "One measure",
        org::measure,
    )
    .add(
        M::PUT,
        "/api/v1/measures/{n}",
        Allow(Resource::Organisation, Action::Update),
        Api,
        "Edit a measure's wording",
        org::update_measure,
    )
    .add(
        M::POST,
        "/api/v1/divisions/{code}/aliases",
        Allow(Resource::Organisation, Action::Update),
        Api,
        "Add another name for a division",
        distribution::add_alias,
    )
    .add(
        M::GET,
        "/api/v1/districts",
        Public,
        Api,
        "Districts, counties and pilot areas (GB/T 2260)",
        distribution::districts,
    )
    .add(
        M::GET,
        "/api/v1/people",
        Allow(Resource::BackOffice, Action::Read),
        Api,
        "The staff directory, searchable",
        distribution::people,
    )
    .add(
        M::GET,
        "/api/v1/working-group",
        Allow(Resource::BackOffice, Action::Read),
        Api,
        "The working group (measure 10)",
        distribution::working_group,
    )
    .add(
        M::GET,
        "/api/v1/work-distribution",
        Allow(Resource::BackOffice, Action::Read),
        Api,
        "The Table of Work Distribution",
        distribution::table,
    )
    .add(
        M::PUT,
        "/api/v1/work-distribution",
        Allow(Resource::Organisation, Action::Update),
        Api,
        "Create or update one row of the table",
        distribution::put_row,
    )
    .add(
        M::DELETE,
        "/api/v1/work-distribution/{id}",
        Allow(Resource::Organisation, Action::Update),
        Api,
        "Remove one row of the table",
        distribution::delete_row,
    )
    .add(
        M::POST,
        "/api/v1/work-distribution/import",
        Allow(Resource::Organisation, Action::Update),
        Api,
        "Import the table from CSV or XLSX",
        distribution::import_table,
    )
    .add(
        M::GET,
        "/api/v1/work-distribution/export",
        Allow(Resource::PersonalContact, Action::Read),
        Api,
        "Export the table as CSV or XLSX",
        distribution::export_table,
    )
    .add(
        M::GET,
        "/api/v1/route",
        Allow(Resource::BackOffice, Action::Read),
        Api,
        "Which divisions a measure (and item) routes to",
        distribution::route,
    )
    .add(
        M::GET,
        "/api/v1/enterprises",
        Allow(Resource::Enterprise, Action::Read),
        Api,
        "Enterprises in the caller's scope",
        cases::list_enterprises,
    )
    .add(
        M::POST,
        "/api/v1/enterprises",
        Allow(Resource::Enterprise, Action::Create),
        Api,
        "Register an enterprise",
        cases::register,
    )
    .add(
        M::GET,
        "/api/v1/enterprises/{uscc}",
        Allow(Resource::Enterprise, Action::Read),
        Api,
        "One enterprise",
        cases::get_enterprise,
    )
    .add(
        M::PUT,
        "/api/v1/enterprises/{uscc}/liaison",
        Allow(Resource::Designation, Action::Update),
        Api,
        "Designate the district official and the bureau contact",
        cases::put_liaison,
    )
    .add(
        M::GET,
        "/api/v1/enterprises/{uscc}/designations",
        Allow(Resource::Enterprise, Action::Read),
        Api,
        "The history of designations",
        cases::designations,
    )
    .add(
        M::GET,
        "/api/v1/cases",
        Allow(Resource::Case, Action::Read),
        Api,
        "Cases in the caller's scope",
        cases::list_cases,
    )
    .add(
        M::POST,
        "/api/v1/cases",
        Allow(Resource::Case, Action::Create),
        Api,
        "Open a case; it is routed by the work-distribution table",
        cases::open_case,
    )
    .add(
        M::GET,
        "/api/v1/cases/{id}",
        Allow(Resource::Case, Action::Read),
        Api,
        "A case with its timeline",
        cases::get_case,
    )
    .add(
        M::POST,
        "/api/v1/cases/{id}/records",
        Allow(Resource::Case, Action::Update),
        Api,
        "Add a working record",
        cases::add_record,
    )
    .add(
        M::POST,
        "/api/v1/cases/{id}/status",
        Allow(Resource::Case, Action::Update),
        Api,
        "Change the status",
        cases::change_status,
    )
    .add(
        M::POST,
        "/api/v1/cases/{id}/escalate",
        Allow(Resource::Case, Action::Update),
        Api,
        "Escalate as a significant issue",
        cases::escalate,
    )
    .add(
        M::POST,
        "/api/v1/cases/{id}/decision",
        Allow(Resource::Decision, Action::Create),
        Api,
        "Record the targeted-solution decision",
        cases::decide,
    )
    .add(
        M::POST,
        "/api/v1/cases/{id}/reassign",
        Allow(Resource::Case, Action::Update),
        Api,
        "Reassign to another division",
        cases::reassign,
    )
    .add(
        M::GET,
        "/api/v1/enterprises/{uscc}/reports",
        Allow(Resource::Enterprise, Action::Read),
        Api,
        "An enterprise's resumption reports",
        cases::reports,
    )
    .add(
        M::POST,
        "/api/v1/enterprises/{uscc}/reports",
        Allow(Resource::Enterprise, Action::Read),
        Api,
        "File a resumption report (the enterprise, or staff on its behalf)",
        cases::file_report,
    )
    .add(
        M::POST,
        "/api/v1/enterprises/import",
        Allow(Resource::Enterprise, Action::Create),
        Api,
        "Import enterprises from CSV or XLSX",
        cases::import_enterprises,
    )
    .add(
        M::GET,
        "/api/v1/enterprises/export",
        Allow(Resource::PersonalContact, Action::Read),
        Api,
        "Export the registry as CSV or XLSX",
        cases::export_enterprises,
    )
    .add(
        M::PUT,
        "/api/v1/people/{id}",
        Allow(Resource::Organisation, Action::Update),
        Api,
        "Edit a person: title, e-mail, linked account, working-group role",
        distribution::update_person,
    )
}
