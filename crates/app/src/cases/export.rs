//! The staff case list as a spreadsheet: the same filter and order as the list, written by the
//! shared export writer (formula neutralisation, UTF-8 CSV with a byte-order mark, XLSX).

use domain::{Action, Resource};

use super::{CaseFilter, list};
use crate::imports::{Format, write};
use crate::{App, AppError, Ctx, Result};

/// The most rows one export writes; a longer list asks for a narrower filter.
pub const EXPORT_MAX: i64 = 10_000;

const HEADER: &[&str] = &[
    "id",
    "kind",
    "measure",
    "enterprise",
    "subject",
    "status",
    "division",
    "assignee",
    "priority",
    "significant",
    "next_follow_up",
    "created",
    "updated",
];

/// The cases in the caller's scope that pass `f`, in its order, as CSV or XLSX.
pub async fn export(app: &App, ctx: &Ctx, f: &CaseFilter, format: Format) -> Result<Vec<u8>> {
    ctx.require(Resource::Case, Action::Update)?;
    let page = list(app, ctx, f, EXPORT_MAX, None).await?;
    if page.next_cursor.is_some() {
        return Err(AppError::Conflict(
            "export_too_large",
            format!(
                "{} cases pass this filter; an export holds at most {EXPORT_MAX}",
                page.total
            ),
        ));
    }
    let zone = app.zone();
    let rows: Vec<Vec<String>> = page
        .items
        .into_iter()
        .map(|c| {
            vec![
                c.id,
                c.kind,
                c.measure.to_string(),
                c.enterprise.unwrap_or_default(),
                c.subject,
                c.status,
                c.division,
                c.assignee_name.unwrap_or_default(),
                c.priority,
                if c.significant { "yes" } else { "no" }.into(),
                c.next_follow_up.unwrap_or_default(),
                zone.datetime(c.created_at),
                zone.datetime(c.updated_at),
            ]
        })
        .collect();
    write::write(format, "cases", HEADER, &rows).map_err(AppError::Unexpected)
}
