//! Importing the work-distribution table (CSV or XLSX); checking lives in `check`, writing
//! files out in `export`.
//!
//! Strict by default: if any cell is invalid nothing is written, and every problem is listed
//! as `row N, column C, value "V": reason`. With `skip_invalid`, valid rows are written and the
//! rejected ones returned with their reasons. Re-importing updates by (measure, item, division),
//! so an unchanged file changes nothing. The checks catch what real tables get wrong: a mobile
//! with a digit missing, one name with two sets of numbers, one set of numbers under two
//! spellings of a name, an unknown division, a division called by another name.

use domain::{Action, Resource, new_id};
use serde_json::json;
use store::distribution::RowRecord;
use store::people::PersonRecord;

pub use super::check::{HEADER, ImportReport, Mode, Problem, Reject};
use super::check::{PersonIn, ValidRow, validate};
use super::distribution::row_json;
pub use super::export::{export, header_of, rejects_csv};
use crate::audit::{self, Change};
use crate::files::{self, Format};
use crate::{App, AppError, Ctx, Result};

/// Imports a table file. Admins only.
pub async fn import(
    app: &App,
    ctx: &Ctx,
    bytes: &[u8],
    format: Format,
    dry_run: bool,
    mode: Mode,
) -> Result<ImportReport> {
    ctx.require(Resource::Organisation, Action::Update)?;
    let table = files::read_table(bytes, format)
        .map_err(|m| AppError::invalid("file", "unreadable_file", m))?;
    let (valid, mut report) = validate(app, &table).await?;
    report.dry_run = dry_run;
    if dry_run || (mode == Mode::Strict && !report.errors.is_empty()) || valid.is_empty() {
        return Ok(report);
    }
    apply(app, ctx, &valid, &mut report, false).await?;
    report.written = true;
    Ok(report)
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
    ctx.require(Resource::Organisation, Action::Update)?;
    let table = vec![
        HEADER.iter().map(|h| (*h).to_owned()).collect(),
        vec![
            r.measure.clone(),
            r.item.clone(),
            r.division.clone(),
            r.leading.clone(),
            r.chief_name.clone(),
            r.chief_office_phone.clone(),
            r.chief_mobile.clone(),
            r.contact_name.clone(),
            r.contact_office_phone.clone(),
            r.contact_mobile.clone(),
        ],
    ];
    let (valid, mut report) = validate(app, &table).await?;
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
    apply(app, ctx, &valid, &mut report, true).await?;
    report.written = true;
    Ok(report)
}

/// Finds or creates the person, updating their numbers when the table has newer ones.
async fn upsert_person(
    app: &App,
    ctx: &Ctx,
    tx: &mut store::Tx,
    p: &PersonIn,
    division: &str,
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
                after.division = Some(division.to_owned());
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
                division: Some(division.to_owned()),
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

/// Writes valid rows in one transaction. A whole file sets each row's place within its
/// measure from the file's order; a single row (`keep_places`) keeps its place, or goes last.
async fn apply(
    app: &App,
    ctx: &Ctx,
    rows: &[ValidRow],
    report: &mut ImportReport,
    keep_places: bool,
) -> Result<()> {
    let mut tx = app.db.begin().await?;
    for r in rows {
        let chief = match &r.chief {
            Some(p) => Some(
                upsert_person(
                    app,
                    ctx,
                    &mut tx,
                    p,
                    &r.division,
                    "处长 Division chief",
                    report,
                )
                .await?,
            ),
            None => None,
        };
        let contact = match &r.contact {
            Some(p) => Some(
                upsert_person(app, ctx, &mut tx, p, &r.division, "联络员 Contact", report).await?,
            ),
            None => None,
        };
        // Order within a measure, as in the file: it decides the leading row when none is flagged.
        let found = store::distribution::find(&mut tx, r.measure, &r.item, &r.division).await?;
        let sort = match (&found, keep_places) {
            (Some(existing), true) => existing.sort,
            (None, true) => {
                store::distribution::for_measure(&mut tx, r.measure)
                    .await?
                    .iter()
                    .map(|x| x.sort)
                    .max()
                    .unwrap_or(0)
                    + 1
            }
            (_, false) => r.place,
        };
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
                store::distribution::update(&mut tx, &after).await?;
                audit::record(
                    app,
                    &mut tx,
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
                    division: r.division.clone(),
                    leading: r.leading,
                    chief_id: chief,
                    contact_id: contact,
                    sort,
                    updated_at: now,
                };
                store::distribution::insert(&mut tx, &rec).await?;
                audit::record(
                    app,
                    &mut tx,
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
    // One leading division per measure and item: a row flagged leading here un-flags the others.
    for r in rows.iter().filter(|r| r.leading) {
        for other in store::distribution::for_measure(&mut tx, r.measure).await? {
            if other.item == r.item && other.division != r.division && other.leading {
                let after = RowRecord {
                    leading: false,
                    updated_at: app.now(),
                    ..other.clone()
                };
                store::distribution::update(&mut tx, &after).await?;
                let change = Change {
                    action: "work_distribution_row_updated",
                    object_type: "work_distribution",
                    object_id: other.id.to_string(),
                    before: Some(row_json(&other)),
                    after: Some(row_json(&after)),
                };
                audit::record(app, &mut tx, ctx, change).await?;
                report.updated += 1;
            }
        }
    }
    tx.commit().await?;
    Ok(())
}
