//! The web side of the one import/export pipeline (`app::imports`): reading an upload, answering
//! an import's report as JSON or as an RFC 9457 problem naming row and column, answering an
//! export as a download, and (in `page`) the upload, preview and confirm pages every importer
//! shares. No importer's rules live here: each API route and page calls its importer's use case.

pub mod page;

use app::imports::{Format, ImportReport, Mode, Options};
use axum::Json;
use axum::extract::Multipart;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use schemars::JsonSchema;
use serde::Deserialize;

use crate::problem::{ApiError, Problem};

/// An uploaded spreadsheet and how to import it.
#[derive(Debug)]
pub struct Upload {
    pub name: String,
    pub bytes: Vec<u8>,
    pub opts: Options,
}

impl Upload {
    pub fn format(&self) -> Format {
        Format::detect(&self.name, &self.bytes)
    }
}

fn flag(v: &str) -> bool {
    matches!(v, "true" | "1" | "yes" | "on")
}

/// Reads a `multipart/form-data` upload: the `file` part, and the flags `dry_run` and
/// `skip_invalid`.
pub async fn read_upload(mut mp: Multipart) -> Result<Upload, Problem> {
    let bad = |m: String| {
        Problem::new(
            StatusCode::BAD_REQUEST,
            "bad_upload",
            "The upload could not be read",
        )
        .detail(m)
    };
    let (mut name, mut bytes, mut dry_run, mut skip_invalid) = (String::new(), None, false, false);
    while let Some(field) = mp.next_field().await.map_err(|e| bad(e.to_string()))? {
        match field.name().unwrap_or_default() {
            "file" => {
                name = field.file_name().unwrap_or_default().to_owned();
                let b = field.bytes().await.map_err(|e| bad(e.to_string()))?;
                bytes = Some(b.to_vec());
            }
            "dry_run" => dry_run = flag(&field.text().await.unwrap_or_default()),
            "skip_invalid" => skip_invalid = flag(&field.text().await.unwrap_or_default()),
            _ => {}
        }
    }
    let bytes = bytes.ok_or_else(|| {
        Problem::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
            "Some fields are not valid",
        )
        .field(
            "file",
            "required",
            "attach the table as the part named file",
        )
    })?;
    Ok(Upload {
        name,
        bytes,
        opts: Options::new(dry_run, skip_invalid),
    })
}

/// `?dry_run=true&skip_invalid=true` for routes that take the file as the whole body.
#[derive(Debug, Deserialize, Default, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ImportQuery {
    #[serde(default)]
    pub dry_run: bool,
    #[serde(default)]
    pub skip_invalid: bool,
}

impl ImportQuery {
    pub fn options(&self) -> Options {
        Options::new(self.dry_run, self.skip_invalid)
    }
}

/// An import's answer: 422 `import_invalid` naming every defect (field `row N, column C`) when
/// a strict import wrote nothing, with the whole report beside it; else the report.
pub fn report_response(result: app::Result<ImportReport>, opts: Options) -> Response {
    match result {
        Ok(report) if !report.errors.is_empty() && !opts.dry_run && opts.mode == Mode::Strict => {
            let mut p = Problem::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "import_invalid",
                "The table has problems; nothing was written",
            );
            for e in &report.errors {
                p = p.field(
                    &format!("row {}, column {}", e.row, e.column),
                    "invalid_cell",
                    e.to_string(),
                );
            }
            let mut v = serde_json::to_value(&p).unwrap_or_default();
            v["report"] = serde_json::to_value(&report).unwrap_or_default();
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                [(header::CONTENT_TYPE, "application/problem+json")],
                v.to_string(),
            )
                .into_response()
        }
        Ok(report) => Json(report).into_response(),
        Err(e) => ApiError(e).into_response(),
    }
}

/// `?format=csv|xlsx` on an export (default csv).
#[derive(Debug, Deserialize, JsonSchema)]
pub struct ExportQuery {
    pub format: Option<String>,
}

impl ExportQuery {
    /// The format asked for, or a 422 problem naming the field `format`.
    pub fn format(&self) -> Result<Format, Box<Response>> {
        Format::parse(self.format.as_deref().unwrap_or("csv")).map_err(|m| {
            Problem::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "validation_failed",
                "Some fields are not valid",
            )
            .field("format", "unknown_format", m)
            .into_response()
            .into()
        })
    }
}

/// A spreadsheet download named `{name}.csv` or `{name}.xlsx`.
pub fn file_response(format: Format, name: &str, result: app::Result<Vec<u8>>) -> Response {
    match result {
        Ok(bytes) => {
            let (ct, ext) = match format {
                Format::Csv => ("text/csv; charset=utf-8", "csv"),
                Format::Xlsx => (
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    "xlsx",
                ),
            };
            (
                [
                    (header::CONTENT_TYPE, ct.to_owned()),
                    (
                        header::CONTENT_DISPOSITION,
                        format!("attachment; filename=\"{name}.{ext}\""),
                    ),
                ],
                bytes,
            )
                .into_response()
        }
        Err(e) => ApiError(e).into_response(),
    }
}
