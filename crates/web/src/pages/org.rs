//! The organisation's pages: the work-distribution table laid out like the attachment, its
//! import and the registry's (the shared upload, preview and confirm pages of
//! `crate::imports::page`), the working group's chart and the staff directory.

use axum::Form;
use axum::extract::{Multipart, Query, State};
use axum::http::Method;
use axum::response::Response;
use domain::{Action, Resource};
use minijinja::{Value, context};
use serde::{Deserialize, Serialize};

use super::{app_error_page, render};
use crate::AppState;
use crate::guard::Caller;
use crate::imports::page::{self, ConfirmForm, Kind};
use crate::routes::{Perm, Routes, Surface};

/// Registers the organisation pages (work-distribution table, working group, directory, registry import), each with its permission.
pub fn add(r: Routes) -> Routes {
    use Method as M;
    use Perm::*;
    use Surface::Page;
    r.add(
        M::GET,
        "/staff/work-distribution",
        Allow(Resource::BackOffice, Action::Read),
        Page,
        "The Table of Work Distribution",
        table,
    )
    .add(
        M::GET,
        "/staff/work-distribution/import",
        Allow(Resource::Organisation, Action::Update),
        Page,
        "Import the table: upload",
        import_form,
    )
    .add(
        M::POST,
        "/staff/work-distribution/import",
        Allow(Resource::Organisation, Action::Update),
        Page,
        "Import the table: preview",
        import_upload,
    )
    .add(
        M::POST,
        "/staff/work-distribution/import/confirm",
        Allow(Resource::Organisation, Action::Update),
        Page,
        "Import the table: confirm",
        import_confirm,
    )
    .add(
        M::POST,
        "/staff/work-distribution/import/rejects",
        Allow(Resource::Organisation, Action::Update),
        Page,
        "Import the table: the refused rows as CSV",
        import_rejects,
    )
    .add(
        M::GET,
        "/staff/working-group",
        Allow(Resource::BackOffice, Action::Read),
        Page,
        "The working group's chart",
        working_group,
    )
    .add(
        M::GET,
        "/staff/directory",
        Allow(Resource::BackOffice, Action::Read),
        Page,
        "The staff directory",
        directory,
    )
    .add(
        M::GET,
        "/staff/enterprises/import",
        Allow(Resource::Enterprise, Action::Create),
        Page,
        "Import enterprises: upload",
        enterprise_import_form,
    )
    .add(
        M::POST,
        "/staff/enterprises/import",
        Allow(Resource::Enterprise, Action::Create),
        Page,
        "Import enterprises: preview",
        enterprise_import_upload,
    )
    .add(
        M::POST,
        "/staff/enterprises/import/confirm",
        Allow(Resource::Enterprise, Action::Create),
        Page,
        "Import enterprises: confirm",
        enterprise_import_confirm,
    )
    .add(
        M::POST,
        "/staff/enterprises/import/rejects",
        Allow(Resource::Enterprise, Action::Create),
        Page,
        "Import enterprises: the refused rows as CSV",
        enterprise_import_rejects,
    )
}

fn ser<T: Serialize>(v: &T) -> Value {
    Value::from(minijinja::value::Serde(v))
}

#[derive(Serialize)]
struct MeasureGroup {
    no: i64,
    title_zh: String,
    title_en: String,
    rows: Vec<app::org::distribution::Responsibility>,
}

#[derive(Debug, Deserialize, Default)]
pub struct TableQuery {
    pub imported: Option<String>,
}

pub async fn table(
    State(s): State<AppState>,
    caller: Caller,
    Query(q): Query<TableQuery>,
) -> Response {
    let rows = match app::org::distribution::table(&s.app, &caller.ctx).await {
        Ok(r) => r,
        Err(e) => return app_error_page(&e, caller.locale),
    };
    let measures = app::org::measures(&s.app).await.unwrap_or_default();
    let groups: Vec<MeasureGroup> = measures
        .into_iter()
        .map(|m| MeasureGroup {
            no: m.no,
            title_zh: m.title_zh,
            title_en: m.title_en,
            rows: rows.iter().filter(|r| r.measure == m.no).cloned().collect(),
        })
        .collect();
    let can_export = caller.ctx.can(Resource::PersonalContact, Action::Read);
    let can_import = caller.ctx.can(Resource::Organisation, Action::Update);
    render(
        &s,
        &caller,
        "org/work_distribution.html",
        "/staff/work-distribution",
        context! { groups => ser(&groups), can_export, can_import, imported => q.imported },
    )
    .await
}

pub async fn import_form(State(s): State<AppState>, caller: Caller) -> Response {
    page::form(&s, &caller, Kind::WorkDistribution).await
}

pub async fn import_upload(State(s): State<AppState>, caller: Caller, mp: Multipart) -> Response {
    page::upload(&s, &caller, Kind::WorkDistribution, mp).await
}

pub async fn import_confirm(
    State(s): State<AppState>,
    caller: Caller,
    Form(f): Form<ConfirmForm>,
) -> Response {
    page::confirm(&s, &caller, Kind::WorkDistribution, f).await
}

pub async fn import_rejects(
    State(s): State<AppState>,
    caller: Caller,
    Form(f): Form<ConfirmForm>,
) -> Response {
    page::rejects(&s, &caller, Kind::WorkDistribution, f).await
}

pub async fn enterprise_import_form(State(s): State<AppState>, caller: Caller) -> Response {
    page::form(&s, &caller, Kind::Enterprises).await
}

pub async fn enterprise_import_upload(
    State(s): State<AppState>,
    caller: Caller,
    mp: Multipart,
) -> Response {
    page::upload(&s, &caller, Kind::Enterprises, mp).await
}

pub async fn enterprise_import_confirm(
    State(s): State<AppState>,
    caller: Caller,
    Form(f): Form<ConfirmForm>,
) -> Response {
    page::confirm(&s, &caller, Kind::Enterprises, f).await
}

pub async fn enterprise_import_rejects(
    State(s): State<AppState>,
    caller: Caller,
    Form(f): Form<ConfirmForm>,
) -> Response {
    page::rejects(&s, &caller, Kind::Enterprises, f).await
}

pub async fn working_group(State(s): State<AppState>, caller: Caller) -> Response {
    match app::org::people::working_group(&s.app, &caller.ctx).await {
        Ok(wg) => {
            render(
                &s,
                &caller,
                "org/working_group.html",
                "/staff/working-group",
                context! { wg => ser(&wg) },
            )
            .await
        }
        Err(e) => app_error_page(&e, caller.locale),
    }
}

#[derive(Debug, Deserialize, Default)]
pub struct DirectoryQuery {
    pub q: Option<String>,
    pub division: Option<String>,
    pub cursor: Option<String>,
}

pub async fn directory(
    State(s): State<AppState>,
    caller: Caller,
    Query(q): Query<DirectoryQuery>,
) -> Response {
    let divisions = app::org::divisions(&s.app).await.unwrap_or_default();
    match app::org::people::directory(&s.app, &caller.ctx, q.q.as_deref(), q.division.as_deref(), 100, q.cursor.as_deref()).await {
        Ok(page) => {
            render(
                &s,
                &caller,
                "org/directory.html",
                "/staff/directory",
                context! { people => ser(&page.items), total => page.total, next_cursor => page.next_cursor, q => q.q, division => q.division, divisions => ser(&divisions) },
            )
            .await
        }
        Err(e) => app_error_page(&e, caller.locale),
    }
}
