//! The SLA calendar's public holidays and make-up working days (the engine's calendar, see
//! `cases::sla`), imported through the shared pipeline (`crate::imports`): a file
//! `date,type,name` (日期/类型/名称) as CSV in UTF-8 or GB18030, or XLSX. Lines starting with `#` are notes. Each row's cells are checked by
//! `domain::calendar::check_day`; here, what concerns the file: a date listed twice, a row
//! wider than the header, a quoted field left open.

use std::collections::HashMap;

use domain::calendar::{SpecialDay, check_day};
use domain::dates::parse_civil_date;
use domain::{Action, FieldError, Resource};
use serde_json::json;
use store::cases::CalendarDay;

use crate::audit::{self, Change};
use crate::imports::{self, Column, Format, ImportReport, Importer, Options, Problem, Sheet};
use crate::{App, AppError, Ctx, Result};

/// The calendar file's columns.
pub const COLUMNS: [Column; 3] = [
    Column {
        name: "date",
        aliases: &["日期"],
        required: true,
    },
    Column {
        name: "type",
        aliases: &["类型"],
        required: true,
    },
    Column {
        name: "name",
        aliases: &["名称"],
        required: false,
    },
];

/// The calendar as an importer. Admins only.
pub struct CalendarImport;

impl Importer for CalendarImport {
    type Known = ();
    type Valid = SpecialDay;

    fn columns(&self) -> &'static [Column] {
        &COLUMNS
    }

    fn comments(&self) -> bool {
        true
    }

    fn authorise(&self, ctx: &Ctx) -> Result<()> {
        ctx.require(Resource::Organisation, Action::Update)
    }

    async fn known(&self, _app: &App) -> Result<()> {
        Ok(())
    }

    fn check(&self, _: &(), sheet: &Sheet, report: &mut ImportReport) -> Vec<SpecialDay> {
        check(sheet, report)
    }

    async fn apply(
        &self,
        app: &App,
        ctx: &Ctx,
        tx: &mut store::Tx,
        _file: &[u8],
        valid: Vec<SpecialDay>,
        report: &mut ImportReport,
    ) -> Result<()> {
        let now = app.now();
        for d in valid {
            let date = parse_civil_date(&d.date).map_err(|e| {
                AppError::Invalid(vec![FieldError::new("date", e.code(), e.to_string())])
            })?;
            let rec = CalendarDay {
                date,
                working: d.working,
                name: d.name.clone(),
            };
            let before = store::cases::put_calendar_day(tx, &rec, now).await?;
            match &before {
                Some(b) if *b == rec => {
                    report.unchanged += 1;
                    continue;
                }
                Some(_) => report.updated += 1,
                None => report.created += 1,
            }
            let change = Change {
                action: "calendar_day_set",
                object_type: "calendar_day",
                object_id: d.date.clone(),
                before: before.map(|b| json!({"working": b.working, "name": b.name})),
                after: Some(json!({"working": d.working, "name": d.name})),
            };
            audit::record(app, tx, ctx, change).await?;
        }
        Ok(())
    }

    fn committed(&self, app: &App) {
        app.sla.clear();
    }
}

/// Checks the rows of a calendar file.
fn check(sheet: &Sheet, report: &mut ImportReport) -> Vec<SpecialDay> {
    let mut seen: HashMap<i64, usize> = HashMap::new();
    let mut valid = Vec::new();
    for r in &sheet.rows {
        let row = r.number;
        let (date, kind, name) = (sheet.cell(r, 0), sheet.cell(r, 1), sheet.cell(r, 2));
        // A quote left open runs to the end of the file: the reader hands it over as one cell.
        if let Some(open) = r.cells.iter().find(|c| c.contains('\n')) {
            let first = open.lines().next().unwrap_or_default();
            let reason = "a quoted field is not closed";
            report.refuse(r, vec![Problem::new(row, "row", first, reason)]);
            continue;
        }
        if let Some(extra) = sheet.overflow(r) {
            let reason = format!(
                "this row has more fields than the header ({}): quote a name that contains a comma",
                sheet.header.cells.len()
            );
            report.refuse(r, vec![Problem::new(row, "row", extra, reason)]);
            continue;
        }
        match check_day(date, kind, name) {
            Ok((day, n)) => match seen.get(&n) {
                Some(first) => {
                    let reason = format!("duplicate date: already listed in row {first}");
                    report.refuse(r, vec![Problem::new(row, "date", date, reason)]);
                }
                None => {
                    seen.insert(n, row);
                    valid.push(day);
                }
            },
            Err(errs) => {
                let problems = errs
                    .into_iter()
                    .map(|e| {
                        let value = if e.column == "date" { date } else { kind };
                        Problem::new(row, e.column, value, e.reason)
                    })
                    .collect();
                report.refuse(r, problems);
            }
        }
    }
    valid
}

/// Imports calendar days (see [`imports::run`]).
pub async fn import(
    app: &App,
    ctx: &Ctx,
    bytes: &[u8],
    format: Format,
    opts: Options,
) -> Result<ImportReport> {
    imports::run(app, ctx, &CalendarImport, bytes, format, opts).await
}

#[cfg(test)]
mod tests;
