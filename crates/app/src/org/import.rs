//! Importing the work-distribution table through the shared pipeline (`crate::imports`):
//! its columns and checks live in `check`, its writes here, its export in `export`.
//!
//! Strict by default: if any cell is invalid nothing is written, and every problem is listed
//! as `row N, column C, value "V": reason`. With skip-invalid, valid rows are written and the
//! rejected ones returned with their reasons. Re-importing updates by (measure, item, division),
//! so an unchanged file changes nothing. The checks catch what real tables get wrong: a mobile
//! with a digit missing, one name with two sets of numbers, one set of numbers under two
//! spellings of a name, an unknown division, a division called by another name.

use domain::{Action, DivisionCode, Resource, new_id};
use serde_json::json;
use store::distribution::RowRecord;
use store::people::PersonRecord;

pub use super::check::{COLUMNS, HEADER, Known};
use super::check::{PersonIn, ValidRow, validate};
use super::distribution::row_json;
pub use super::export::export;
use crate::audit::{self, Change};
use crate::imports::{self, Format, ImportReport, Importer, Options, Row, Sheet};
use crate::{App, AppError, Ctx, Result};

/// The work-distribution table as an importer of the shared pipeline. Admins only.
pub struct WorkDistribution;

impl Importer for WorkDistribution {
    type Known = Known;
    type Valid = ValidRow;

    fn columns(&self) -> &'static [imports::Column] {
        &COLUMNS
    }

    fn authorise(&self, ctx: &Ctx) -> Result<()> {
        ctx.require(Resource::Organisation, Action::Update)
    }

    async fn known(&self, app: &App) -> Result<Known> {
        Known::load(app).await
    }

    fn check(&self, known: &Known, sheet: &Sheet, report: &mut ImportReport) -> Vec<ValidRow> {
        validate(known, sheet, report)
    }

    async fn apply(
        &self,
        app: &App,
        ctx: &Ctx,
        tx: &mut store::Tx,
        _file: &[u8],
        valid: Vec<ValidRow>,
        report: &mut ImportReport,
    ) -> Result<()> {
        apply(app, ctx, tx, &valid, report, false).await
    }
}

/// Imports a table file (see [`imports::run`]).
pub async fn import(
    app: &App,
    ctx: &Ctx,
    bytes: &[u8],
    format: Format,
    opts: Options,
) -> Result<ImportReport> {
    imports::run(app, ctx, &WorkDistribution, bytes, format, opts).await
}

/// One row of the table as typed in a form or sent by an API client (raw text per column).
#[derive(Debug, Clone, Default)]
pub struct RowInput {
    pub measure: String,
    pub item: String,
    pub division: String,
    pub leading: String,
    pub chief_name: String,
    pub chief_office_phone: String,
    pub chief_mobile: String,
    pub contact_name: String,
    pub contact_office_phone: String,
    pub contact_mobile: String,
}

/// Creates or updates one row (admins), checked like a row of an imported file. A new row goes
/// last in its measure; an existing one keeps its place.
pub async fn upsert_row(app: &App, ctx: &Ctx, r: &RowInput) -> Result<ImportReport> {
    WorkDistribution.authorise(ctx)?;
    let cells = [
        &r.measure,
        &r.item,
        &r.division,
        &r.leading,
        &r.chief_name,
        &r.chief_office_phone,
        &r.chief_mobile,
        &r.contact_name,
        &r.contact_office_phone,
        &r.contact_mobile,
    ];
    let rows = vec![
        Row {
            number: 1,
            cells: HEADER.iter().map(|h| (*h).to_owned()).collect(),
        },
        Row {
            number: 2,
            cells: cells.iter().map(|c| (*c).clone()).collect(),
        },
    ];
    let mut report = ImportReport::default();
    let valid = match Sheet::map(rows, &COLUMNS, &mut report) {
        Some(sheet) => validate(&Known::load(app).await?, &sheet, &mut report),
        None => Vec::new(),
    };
    report.rows = 1;
    report.valid = valid.len();
    if !report.errors.is_empty() {
        return Err(AppError::Invalid(
            report
                .errors
                .iter()
                .map(|p| {
                    domain::FieldError::new(
                        p.column.clone(),
                        "invalid",
                        format!("value \"{}\": {}", p.value, p.reason),
                    )
                })
                .collect(),
        ));
    }
    let mut tx = app.db.begin().await?;
    apply(app, ctx, &mut tx, &valid, &mut report, true).await?;
    tx.commit().await?;
    report.written = true;
    Ok(report)
}

/// Finds or creates the person, updating their numbers when the table has newer ones.
async fn upsert_person(
    app: &App,
    ctx: &Ctx,
    tx: &mut store::Tx,
    p: &PersonIn,
    division: DivisionCode,
    title: &str,
    report: &mut ImportReport,
) -> Result<domain::Id> {
    let now = app.now();
    match store::people::find_by_name(tx, &p.name).await? {
        Some(existing) => {
            let mut after = existing.clone();
            if p.office.is_some() {
                after.office_phone = p.office.clone();
            }
            if p.mobile.is_some() {
                after.mobile = p.mobile.clone();
            }
            if after.division.is_none() {
                after.division = Some(division);
            }
            if after != existing {
                after.updated_at = now;
                store::people::update(tx, &after).await?;
                audit::record(
                    app,
                    tx,
                    ctx,
                    Change {
                        action: "person_updated",
                        object_type: "person",
                        object_id: existing.id.to_string(),
                        before: Some(person_json(&existing)),
                        after: Some(person_json(&after)),
                    },
                )
                .await?;
                report.people_updated += 1;
            }
            Ok(existing.id)
        }
        None => {
            let rec = PersonRecord {
                id: new_id(),
                name: p.name.clone(),
                name_en: None,
                title: title.to_owned(),
                division: Some(division),
                office_phone: p.office.clone(),
                mobile: p.mobile.clone(),
                email: None,
                user_id: None,
                wg_role: "none".into(),
                created_at: now,
                updated_at: now,
            };
            store::people::insert(tx, &rec).await?;
            audit::record(
                app,
                tx,
                ctx,
                Change {
                    action: "person_created",
                    object_type: "person",
                    object_id: rec.id.to_string(),
                    before: None,
                    after: Some(person_json(&rec)),
                },
            )
            .await?;
            report.people_created += 1;
            Ok(rec.id)
        }
    }
}

pub fn person_json(p: &PersonRecord) -> serde_json::Value {
    json!({"name": p.name, "name_en": p.name_en, "title": p.title, "division": p.division, "office_phone": p.office_phone, "mobile": p.mobile, "email": p.email, "wg_role": p.wg_role, "user_id": p.user_id})
}

/// A row's place within its measure: from the file's order for a whole file; for a single row,
/// the place it has, or last.
async fn row_place(
    tx: &mut store::Tx,
    r: &ValidRow,
    found: Option<&RowRecord>,
    keep_places: bool,
) -> Result<i64> {
    Ok(match (found, keep_places) {
        (Some(existing), true) => existing.sort,
        (None, true) => {
            store::distribution::for_measure(tx, r.measure)
                .await?
                .iter()
                .map(|x| x.sort)
                .max()
                .unwrap_or(0)
                + 1
        }
        (_, false) => r.place,
    })
}

/// Writes valid rows in the caller's transaction. A whole file sets each row's place within its
/// measure from the file's order; a single row (`keep_places`) keeps its place, or goes last.
async fn apply(
    app: &App,
    ctx: &Ctx,
    tx: &mut store::Tx,
    rows: &[ValidRow],
    report: &mut ImportReport,
    keep_places: bool,
) -> Result<()> {
    for r in rows {
        let chief = match &r.chief {
            Some(p) => Some(
                upsert_person(app, ctx, tx, p, r.division, "处长 Division chief", report).await?,
            ),
            None => None,
        };
        let contact = match &r.contact {
            Some(p) => {
                Some(upsert_person(app, ctx, tx, p, r.division, "联络员 Contact", report).await?)
            }
            None => None,
        };
        // Order within a measure, as in the file: it decides the leading row when none is flagged.
        let found = store::distribution::find(tx, r.measure, &r.item, r.division).await?;
        let sort = row_place(tx, r, found.as_ref(), keep_places).await?;
        let now = app.now();
        match found {
            Some(existing) => {
                let after = RowRecord {
                    leading: r.leading,
                    chief_id: chief,
                    contact_id: contact,
                    sort,
                    updated_at: existing.updated_at,
                    ..existing.clone()
                };
                if after == existing {
                    report.unchanged += 1;
                    continue;
                }
                let after = RowRecord {
                    updated_at: now,
                    ..after
                };
                store::distribution::update(tx, &after).await?;
                audit::record(
                    app,
                    tx,
                    ctx,
                    Change {
                        action: "work_distribution_row_updated",
                        object_type: "work_distribution",
                        object_id: after.id.to_string(),
                        before: Some(row_json(&existing)),
                        after: Some(row_json(&after)),
                    },
                )
                .await?;
                report.updated += 1;
            }
            None => {
                let rec = RowRecord {
                    id: new_id(),
                    measure: r.measure,
                    item: r.item.clone(),
                    division: r.division,
                    leading: r.leading,
                    chief_id: chief,
                    contact_id: contact,
                    sort,
                    updated_at: now,
                };
                store::distribution::insert(tx, &rec).await?;
                audit::record(
                    app,
                    tx,
                    ctx,
                    Change {
                        action: "work_distribution_row_created",
                        object_type: "work_distribution",
                        object_id: rec.id.to_string(),
                        before: None,
                        after: Some(row_json(&rec)),
                    },
                )
                .await?;
                report.created += 1;
            }
        }
    }
    unflag_other_leaders(app, ctx, tx, rows, report).await
}

/// One leading division per measure and item: a row flagged leading here un-flags the others.
async fn unflag_other_leaders(
    app: &App,
    ctx: &Ctx,
    tx: &mut store::Tx,
    rows: &[ValidRow],
    report: &mut ImportReport,
) -> Result<()> {
    for r in rows.iter().filter(|r| r.leading) {
        for other in store::distribution::for_measure(tx, r.measure).await? {
            if other.item == r.item && other.division != r.division && other.leading {
                let after = RowRecord {
                    leading: false,
                    updated_at: app.now(),
                    ..other.clone()
                };
                store::distribution::update(tx, &after).await?;
                let change = Change {
                    action: "work_distribution_row_updated",
                    object_type: "work_distribution",
                    object_id: other.id.to_string(),
                    before: Some(row_json(&other)),
                    after: Some(row_json(&after)),
                };
                audit::record(app, tx, ctx, change).await?;
                report.updated += 1;
            }
        }
    }
    Ok(())
}
