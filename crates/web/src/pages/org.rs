//! The organisation's pages: the work-distribution table laid out like the attachment, its
//! import (upload, preview with the problems, confirm), the working group's chart and the
//! staff directory.

use app::files::Format;
use app::org::import::{self, ImportReport, Mode};
use axum::Form;
use axum::extract::{Multipart, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use base64::Engine;
use domain::{Action, Resource};
use minijinja::{Value, context};
use serde::{Deserialize, Serialize};

use super::{app_error_page, render, render_status, see_other};
use crate::AppState;
use crate::guard::Caller;

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

/// What a spreadsheet upload imports: each has its page texts, its paths and its use case.
#[derive(Clone, Copy)]
pub enum Importer {
    WorkDistribution,
    Enterprises,
}

impl Importer {
    fn kind(self) -> &'static str {
        match self {
            Importer::WorkDistribution => "wd",
            Importer::Enterprises => "ent",
        }
    }
    fn base(self) -> &'static str {
        match self {
            Importer::WorkDistribution => "/staff/work-distribution",
            Importer::Enterprises => "/staff/enterprises",
        }
    }
    fn header(self) -> String {
        match self {
            Importer::WorkDistribution => import::HEADER.join(","),
            Importer::Enterprises => app::enterprises::import::HEADER.join(","),
        }
    }
    async fn run(
        self,
        s: &AppState,
        caller: &Caller,
        bytes: &[u8],
        format: Format,
        dry_run: bool,
        mode: Mode,
    ) -> app::Result<ImportReport> {
        match self {
            Importer::WorkDistribution => {
                import::import(&s.app, &caller.ctx, bytes, format, dry_run, mode).await
            }
            Importer::Enterprises => {
                app::enterprises::import::import(
                    &s.app,
                    &caller.ctx,
                    bytes,
                    format,
                    dry_run,
                    mode,
                    &|_, _| {},
                )
                .await
            }
        }
    }
}

async fn import_page(
    s: &AppState,
    caller: &Caller,
    imp: Importer,
    status: StatusCode,
    extra: Value,
) -> Response {
    let path = format!("{}/import", imp.base());
    render_status(
        s,
        caller,
        status,
        "org/wd_import.html",
        &path,
        context! { kind => imp.kind(), base => imp.base(), header_hint => imp.header(), ..extra },
    )
    .await
}

/// The import page with a preview of `file` (its name and bytes): the report, or an error.
async fn preview(
    s: &AppState,
    caller: &Caller,
    imp: Importer,
    file: (&str, &[u8]),
    status: StatusCode,
    report: Option<ImportReport>,
    error: Option<String>,
) -> Response {
    let (name, bytes) = file;
    let b64 = base64::engine::general_purpose::STANDARD.encode(bytes);
    import_page(
        s,
        caller,
        imp,
        status,
        context! { report => ser(&report), file_name => name, file_b64 => b64, error => error },
    )
    .await
}

/// The upload: always a dry run first, shown as a preview.
async fn upload(s: &AppState, caller: &Caller, imp: Importer, mp: Multipart) -> Response {
    let (name, bytes, _, _) = match crate::api::distribution::read_upload(mp).await {
        Ok(u) => u,
        Err(p) => {
            return preview(
                s,
                caller,
                imp,
                ("", &[]),
                StatusCode::UNPROCESSABLE_ENTITY,
                None,
                p.detail.or(Some(p.title)),
            )
            .await;
        }
    };
    match imp
        .run(
            s,
            caller,
            &bytes,
            Format::detect(&name, &bytes),
            true,
            Mode::Strict,
        )
        .await
    {
        Ok(report) => {
            preview(
                s,
                caller,
                imp,
                (&name, &bytes),
                StatusCode::OK,
                Some(report),
                None,
            )
            .await
        }
        Err(app::AppError::Invalid(errs)) => {
            let msg = errs
                .into_iter()
                .map(|e| e.message)
                .collect::<Vec<_>>()
                .join("; ");
            preview(
                s,
                caller,
                imp,
                (&name, &[]),
                StatusCode::UNPROCESSABLE_ENTITY,
                None,
                Some(msg),
            )
            .await
        }
        Err(e) => app_error_page(&e, caller.locale),
    }
}

#[derive(Debug, Deserialize)]
pub struct ConfirmForm {
    pub file_name: String,
    pub file_b64: String,
    #[serde(default)]
    pub skip_invalid: Option<String>,
}

/// The confirmation: the previewed file is imported for real.
async fn confirm(s: &AppState, caller: &Caller, imp: Importer, f: ConfirmForm) -> Response {
    let Ok(bytes) = base64::engine::general_purpose::STANDARD.decode(f.file_b64.as_bytes()) else {
        return preview(
            s,
            caller,
            imp,
            (&f.file_name, &[]),
            StatusCode::UNPROCESSABLE_ENTITY,
            None,
            Some("the file could not be read back; upload it again".into()),
        )
        .await;
    };
    let mode = if f.skip_invalid.is_some() {
        Mode::SkipInvalid
    } else {
        Mode::Strict
    };
    match imp
        .run(
            s,
            caller,
            &bytes,
            Format::detect(&f.file_name, &bytes),
            false,
            mode,
        )
        .await
    {
        Ok(r) if r.written => see_other(
            &format!(
                "{}?imported={}-{}-{}",
                imp.base(),
                r.created,
                r.updated,
                r.unchanged
            ),
            &[],
        ),
        Ok(r) => {
            preview(
                s,
                caller,
                imp,
                (&f.file_name, &bytes),
                StatusCode::UNPROCESSABLE_ENTITY,
                Some(r),
                None,
            )
            .await
        }
        Err(e) => app_error_page(&e, caller.locale),
    }
}

pub async fn import_form(State(s): State<AppState>, caller: Caller) -> Response {
    import_page(
        &s,
        &caller,
        Importer::WorkDistribution,
        StatusCode::OK,
        context! {},
    )
    .await
}

pub async fn import_upload(State(s): State<AppState>, caller: Caller, mp: Multipart) -> Response {
    upload(&s, &caller, Importer::WorkDistribution, mp).await
}

pub async fn import_confirm(
    State(s): State<AppState>,
    caller: Caller,
    Form(f): Form<ConfirmForm>,
) -> Response {
    confirm(&s, &caller, Importer::WorkDistribution, f).await
}

pub async fn enterprise_import_form(State(s): State<AppState>, caller: Caller) -> Response {
    import_page(
        &s,
        &caller,
        Importer::Enterprises,
        StatusCode::OK,
        context! {},
    )
    .await
}

pub async fn enterprise_import_upload(
    State(s): State<AppState>,
    caller: Caller,
    mp: Multipart,
) -> Response {
    upload(&s, &caller, Importer::Enterprises, mp).await
}

pub async fn enterprise_import_confirm(
    State(s): State<AppState>,
    caller: Caller,
    Form(f): Form<ConfirmForm>,
) -> Response {
    confirm(&s, &caller, Importer::Enterprises, f).await
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
