//! The upload pages every importer shares: upload a file, see its preview (a dry run: what
//! would be added, changed and refused, every defect by row, column, value and reason), then
//! confirm to apply exactly that, or download the refused rows with their reasons.
//!
//! The previewed file travels back in the confirm form, with the preview's counts: a confirm
//! that would now do something else (the data changed in between) writes nothing and shows
//! the new preview.

use app::imports::{Counts, Format, ImportReport, Options};
use axum::extract::Multipart;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use minijinja::{Value, context};
use serde::{Deserialize, Serialize};

use crate::AppState;
use crate::guard::Caller;
use crate::pages::{app_error_page, render_status, see_other};

/// What a page uploads into: each has its texts, its paths and its use case.
#[derive(Clone, Copy)]
pub enum Kind {
    WorkDistribution,
    Enterprises,
}

impl Kind {
    /// The prefix of the page's texts in the catalogue.
    fn texts(self) -> &'static str {
        match self {
            Kind::WorkDistribution => "wd",
            Kind::Enterprises => "ent",
        }
    }
    fn base(self) -> &'static str {
        match self {
            Kind::WorkDistribution => "/staff/work-distribution",
            Kind::Enterprises => "/staff/enterprises",
        }
    }
    fn header(self) -> String {
        match self {
            Kind::WorkDistribution => app::org::import::HEADER.join(","),
            Kind::Enterprises => app::enterprises::import::HEADER.join(","),
        }
    }
    async fn run(
        self,
        s: &AppState,
        caller: &Caller,
        bytes: &[u8],
        format: Format,
        opts: Options,
    ) -> app::Result<ImportReport> {
        match self {
            Kind::WorkDistribution => {
                app::org::import::import(&s.app, &caller.ctx, bytes, format, opts).await
            }
            Kind::Enterprises => {
                app::enterprises::import::import(
                    &s.app,
                    &caller.ctx,
                    bytes,
                    format,
                    opts,
                    &|_, _| {},
                )
                .await
            }
        }
    }
}

fn ser<T: Serialize>(v: &T) -> Value {
    Value::from(minijinja::value::Serde(v))
}

async fn page(
    s: &AppState,
    caller: &Caller,
    kind: Kind,
    status: StatusCode,
    extra: Value,
) -> Response {
    let path = format!("{}/import", kind.base());
    render_status(
        s,
        caller,
        status,
        "org/wd_import.html",
        &path,
        context! { kind => kind.texts(), base => kind.base(), header_hint => kind.header(), ..extra },
    )
    .await
}

/// The upload form.
pub async fn form(s: &AppState, caller: &Caller, kind: Kind) -> Response {
    page(s, caller, kind, StatusCode::OK, context! {}).await
}

/// The page with a preview of `file` (its name and bytes): the report, or an error.
async fn preview(
    s: &AppState,
    caller: &Caller,
    kind: Kind,
    file: (&str, &[u8]),
    status: StatusCode,
    report: Option<ImportReport>,
    error: Option<String>,
) -> Response {
    let (name, bytes) = file;
    let b64 = base64::engine::general_purpose::STANDARD.encode(bytes);
    let expect = report.as_ref().map(|r| {
        let c = r.counts();
        format!("{}-{}-{}-{}", c.created, c.updated, c.unchanged, c.refused)
    });
    page(
        s,
        caller,
        kind,
        status,
        context! { report => ser(&report), file_name => name, file_b64 => b64, expect, error },
    )
    .await
}

/// The upload: always a dry run first, shown as a preview.
pub async fn upload(s: &AppState, caller: &Caller, kind: Kind, mp: Multipart) -> Response {
    let up = match super::read_upload(mp).await {
        Ok(u) => u,
        Err(p) => {
            let p = p.localized(caller.locale);
            let msg = p.detail.or(Some(p.title));
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            return preview(s, caller, kind, ("", &[]), status, None, msg).await;
        }
    };
    let opts = Options::new(true, false);
    match kind.run(s, caller, &up.bytes, up.format(), opts).await {
        Ok(report) => {
            let file = (up.name.as_str(), up.bytes.as_slice());
            preview(s, caller, kind, file, StatusCode::OK, Some(report), None).await
        }
        Err(app::AppError::Invalid(errs)) => {
            let msg = errs
                .into_iter()
                .map(|e| crate::i18n::field_message(caller.locale, &e))
                .collect::<Vec<_>>()
                .join("; ");
            let (file, status) = (
                (up.name.as_str(), &[][..]),
                StatusCode::UNPROCESSABLE_ENTITY,
            );
            preview(s, caller, kind, file, status, None, Some(msg)).await
        }
        Err(e) => app_error_page(&e, caller.locale),
    }
}

/// The previewed file, sent back by the confirm and rejects buttons.
#[derive(Debug, Deserialize)]
pub struct ConfirmForm {
    pub file_name: String,
    pub file_b64: String,
    #[serde(default)]
    pub skip_invalid: Option<String>,
    /// The preview's counts, `created-updated-unchanged-refused`.
    #[serde(default)]
    pub expect: Option<String>,
}

impl ConfirmForm {
    fn expected(&self) -> Option<Counts> {
        let n: Vec<usize> = self
            .expect
            .as_deref()?
            .split('-')
            .map(|p| p.parse().ok())
            .collect::<Option<_>>()?;
        match n[..] {
            [created, updated, unchanged, refused] => Some(Counts {
                created,
                updated,
                unchanged,
                refused,
            }),
            _ => None,
        }
    }
}

async fn unreadable(s: &AppState, caller: &Caller, kind: Kind, name: &str) -> Response {
    let msg = "the file could not be read back; upload it again".to_owned();
    let status = StatusCode::UNPROCESSABLE_ENTITY;
    preview(s, caller, kind, (name, &[]), status, None, Some(msg)).await
}

/// The confirmation: the previewed file is imported, if it still does what the preview showed.
pub async fn confirm(s: &AppState, caller: &Caller, kind: Kind, f: ConfirmForm) -> Response {
    let Ok(bytes) = base64::engine::general_purpose::STANDARD.decode(f.file_b64.as_bytes()) else {
        return unreadable(s, caller, kind, &f.file_name).await;
    };
    let opts = Options {
        expect: f.expected(),
        ..Options::new(false, f.skip_invalid.is_some())
    };
    let format = Format::detect(&f.file_name, &bytes);
    match kind.run(s, caller, &bytes, format, opts).await {
        Ok(r) if r.written => {
            let to = format!(
                "{}?imported={}-{}-{}",
                kind.base(),
                r.created,
                r.updated,
                r.unchanged
            );
            see_other(&to, &[])
        }
        Ok(r) => {
            // Nothing was written: show what the file would do now.
            let stale = r.changed_since_preview;
            let now = kind
                .run(s, caller, &bytes, format, Options::new(true, false))
                .await;
            let mut r = now.unwrap_or(r);
            r.changed_since_preview = stale;
            let file = (f.file_name.as_str(), bytes.as_slice());
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            preview(s, caller, kind, file, status, Some(r), None).await
        }
        Err(e) => app_error_page(&e, caller.locale),
    }
}

/// The refused rows of the previewed file as a CSV, with a column of reasons.
pub async fn rejects(s: &AppState, caller: &Caller, kind: Kind, f: ConfirmForm) -> Response {
    let Ok(bytes) = base64::engine::general_purpose::STANDARD.decode(f.file_b64.as_bytes()) else {
        return unreadable(s, caller, kind, &f.file_name).await;
    };
    let format = Format::detect(&f.file_name, &bytes);
    let report = kind
        .run(s, caller, &bytes, format, Options::new(true, true))
        .await;
    match report.and_then(|r| r.rejects_csv()) {
        Ok(csv) => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{}-rejects.csv\"", kind.texts()),
                ),
            ],
            csv,
        )
            .into_response(),
        Err(e) => app_error_page(&e, caller.locale),
    }
}
