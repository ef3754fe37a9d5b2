//! Importing and exporting the work-distribution table (CSV or XLSX).
//!
//! Strict by default: if any cell is invalid nothing is written, and every problem is listed
//! as `row N, column C, value "V": reason`. With `skip_invalid`, valid rows are written and the
//! rejected ones returned with their reasons. Re-importing updates by (measure, item, division),
//! so an unchanged file changes nothing. The checks catch what real tables get wrong: a mobile
//! with a digit missing, one name with two sets of numbers, one set of numbers under two
//! spellings of a name, an unknown division, a division called by another name.

use std::collections::HashMap;
use std::fmt;

use domain::{Action, Phone, Resource, new_id};
use serde::Serialize;
use serde_json::json;
use store::distribution::RowRecord;
use store::people::PersonRecord;

use super::distribution::{DivisionNames, row_json};
use crate::audit::{self, Change};
use crate::files::{self, Format};
use crate::{App, AppError, Ctx, Result};

pub const HEADER: [&str; 10] = [
    "measure",
    "item",
    "division",
    "leading",
    "chief_name",
    "chief_office_phone",
    "chief_mobile",
    "contact_name",
    "contact_office_phone",
    "contact_mobile",
];

/// Chinese header names accepted for each column.
const ZH_HEADER: [&[&str]; 10] = [
    &["措施", "序号措施", "措施编号"],
    &["事项", "内容", "工作内容"],
    &["处室", "责任处室", "责任单位"],
    &["牵头", "是否牵头", "牵头处室"],
    &["处长", "处室负责人", "负责人", "处长姓名"],
    &["处长办公电话", "负责人办公电话", "处长电话"],
    &["处长手机", "负责人手机"],
    &["联系人", "联络员", "联系人姓名"],
    &["联系人办公电话", "联系人电话", "联络员办公电话"],
    &["联系人手机", "联络员手机"],
];

/// One problem with a cell (or a row, when `column` names the row's key).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Problem {
    pub row: usize,
    pub column: String,
    pub value: String,
    pub reason: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "row {}, column {}, value \"{}\": {}",
            self.row, self.column, self.value, self.reason
        )
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Reject {
    pub row: usize,
    pub cells: Vec<String>,
    pub reasons: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Default)]
pub struct ImportReport {
    pub rows: usize,
    pub valid: usize,
    pub errors: Vec<Problem>,
    pub warnings: Vec<Problem>,
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub people_created: usize,
    pub people_updated: usize,
    pub written: bool,
    pub dry_run: bool,
    pub rejects: Vec<Reject>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Strict,
    SkipInvalid,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct PersonIn {
    name: String,
    office: Option<String>,
    mobile: Option<String>,
}

#[derive(Debug, Clone)]
struct ValidRow {
    /// Place within its measure in the file, counting rejected rows too.
    place: i64,
    measure: i64,
    item: String,
    division: String,
    leading: bool,
    chief: Option<PersonIn>,
    contact: Option<PersonIn>,
}

fn parse_leading(v: &str) -> Option<bool> {
    match v.trim().to_lowercase().as_str() {
        "yes" | "y" | "true" | "1" | "是" | "√" | "✓" | "牵头" => Some(true),
        "" | "no" | "n" | "false" | "0" | "否" => Some(false),
        _ => None,
    }
}

/// Which column of the file holds each of [`HEADER`]'s fields.
fn map_header(
    header: &[String],
    problems: &mut Vec<Problem>,
    warnings: &mut Vec<Problem>,
) -> [Option<usize>; 10] {
    let mut map = [None; 10];
    for (i, h) in header.iter().enumerate() {
        let n = super::distribution::normalise(h.trim_start_matches('\u{feff}'));
        let found = HEADER
            .iter()
            .position(|k| *k == n)
            .or_else(|| ZH_HEADER.iter().position(|alts| alts.contains(&n.as_str())));
        match found {
            Some(k) if map[k].is_none() => map[k] = Some(i),
            Some(k) => problems.push(Problem {
                row: 1,
                column: h.clone(),
                value: h.clone(),
                reason: format!("column {} appears twice", HEADER[k]),
            }),
            None if n.is_empty() => {}
            None => warnings.push(Problem {
                row: 1,
                column: h.clone(),
                value: h.clone(),
                reason: format!(
                    "unknown column, ignored; the columns are {}",
                    HEADER.join(",")
                ),
            }),
        }
    }
    for (k, m) in map.iter().enumerate() {
        if m.is_none() && k != 1 {
            problems.push(Problem {
                row: 1,
                column: HEADER[k].into(),
                value: String::new(),
                reason: format!("the header lacks the column {}", HEADER[k]),
            });
        }
    }
    map
}

/// Validates the rows of a file (header first). Returns the valid rows and every problem.
async fn validate(app: &App, table: &[Vec<String>]) -> Result<(Vec<ValidRow>, ImportReport)> {
    let mut report = ImportReport::default();
    let Some(header) = table.first() else {
        report.errors.push(Problem {
            row: 1,
            column: "-".into(),
            value: String::new(),
            reason: "the file is empty".into(),
        });
        return Ok((Vec::new(), report));
    };
    let map = map_header(header, &mut report.errors, &mut report.warnings);
    if !report.errors.is_empty() {
        return Ok((Vec::new(), report));
    }
    let (names, stored_items) = {
        let mut rd = app.db.read().await?;
        let items: HashMap<(i64, String), String> = store::distribution::all(&mut rd)
            .await?
            .into_iter()
            .map(|r| ((r.measure, super::distribution::normalise(&r.item)), r.item))
            .collect();
        (DivisionNames::load(&mut rd).await?, items)
    };
    let area = app.settings.area_code.clone();
    let mut valid = Vec::new();
    // name -> (row, office, mobile) as first seen; numbers -> (row, name) as first seen.
    let mut person_seen: HashMap<String, (usize, Option<String>, Option<String>)> = HashMap::new();
    let mut numbers_seen: HashMap<String, (usize, String)> = HashMap::new();
    let mut keys_seen: HashMap<(i64, String, String), usize> = HashMap::new();
    let mut leading_seen: HashMap<(i64, String), usize> = HashMap::new();
    let mut places: HashMap<i64, i64> = HashMap::new();

    for (idx, cells) in table.iter().enumerate().skip(1) {
        let row = idx + 1;
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        report.rows += 1;
        let cell = |k: usize| {
            map[k]
                .and_then(|i| cells.get(i))
                .map(|c| c.trim().to_owned())
                .unwrap_or_default()
        };
        let mut errs: Vec<Problem> = Vec::new();
        let mut err = |col: &str, value: &str, reason: String| {
            errs.push(Problem {
                row,
                column: col.into(),
                value: value.into(),
                reason,
            })
        };

        let m_text = cell(0);
        let measure = match m_text
            .trim_end_matches(".0")
            .parse::<i64>()
            .ok()
            .and_then(|n| domain::MeasureNo::new(n).ok())
        {
            Some(m) => Some(m.get()),
            None => {
                err(
                    "measure",
                    &m_text,
                    "a measure is a number from 1 to 10".into(),
                );
                None
            }
        };
        // An item is matched without regard to case and spacing; a known one keeps its stored text.
        let typed_item = cell(1).split_whitespace().collect::<Vec<_>>().join(" ");
        let item = measure
            .and_then(|m| {
                stored_items
                    .get(&(m, super::distribution::normalise(&typed_item)))
                    .cloned()
            })
            .unwrap_or(typed_item);
        let d_text = cell(2);
        let division = match names.resolve(&d_text) {
            Some((code, own_name)) => {
                if !own_name {
                    let d = names
                        .get(&code)
                        .map(|d| d.name_en.clone())
                        .unwrap_or_default();
                    report.warnings.push(Problem {
                        row,
                        column: "division".into(),
                        value: d_text.clone(),
                        reason: format!("another name of {code} ({d}); read as {code}"),
                    });
                }
                Some(code)
            }
            None if d_text.is_empty() => {
                err("division", &d_text, "a division is required".into());
                None
            }
            None => {
                err(
                    "division",
                    &d_text,
                    format!(
                        "unknown division; the known divisions are {}",
                        names.known()
                    ),
                );
                None
            }
        };
        let l_text = cell(3);
        let leading = parse_leading(&l_text).unwrap_or_else(|| {
            err(
                "leading",
                &l_text,
                "write yes, true, 1 or 是 for the leading division, or leave it empty".into(),
            );
            false
        });

        let person = |name_k: usize,
                      office_k: usize,
                      mobile_k: usize,
                      errs: &mut Vec<Problem>|
         -> Option<PersonIn> {
            let name = cell(name_k);
            let (office_t, mobile_t) = (cell(office_k), cell(mobile_k));
            if name.is_empty() {
                if !office_t.is_empty() || !mobile_t.is_empty() {
                    errs.push(Problem {
                        row,
                        column: HEADER[name_k].into(),
                        value: String::new(),
                        reason: "numbers are given but no name".into(),
                    });
                }
                return None;
            }
            let office = if office_t.is_empty() {
                None
            } else {
                match Phone::office(&office_t, &area) {
                    Ok(p) => Some(p.e164().to_owned()),
                    Err(e) => {
                        errs.push(Problem {
                            row,
                            column: HEADER[office_k].into(),
                            value: office_t.clone(),
                            reason: e.to_string(),
                        });
                        None
                    }
                }
            };
            let mobile = if mobile_t.is_empty() {
                None
            } else {
                match Phone::mobile(&mobile_t) {
                    Ok(p) => Some(p.e164().to_owned()),
                    Err(e) => {
                        errs.push(Problem {
                            row,
                            column: HEADER[mobile_k].into(),
                            value: mobile_t.clone(),
                            reason: e.to_string(),
                        });
                        None
                    }
                }
            };
            Some(PersonIn {
                name,
                office,
                mobile,
            })
        };
        let chief = person(4, 5, 6, &mut errs);
        let contact = person(7, 8, 9, &mut errs);

        // Across rows: one person, one set of numbers; one set of numbers, one spelling.
        for (p, (office_k, mobile_k)) in [(&chief, (5, 6)), (&contact, (8, 9))] {
            let Some(p) = p else { continue };
            match person_seen.get(&p.name) {
                Some((first, office, mobile)) => {
                    if p.office.is_some() && office.is_some() && &p.office != office {
                        errs.push(Problem {
                            row,
                            column: HEADER[office_k].into(),
                            value: cell(office_k),
                            reason: format!(
                                "{} has a different office number in row {first}",
                                p.name
                            ),
                        });
                    }
                    if p.mobile.is_some() && mobile.is_some() && &p.mobile != mobile {
                        errs.push(Problem {
                            row,
                            column: HEADER[mobile_k].into(),
                            value: cell(mobile_k),
                            reason: format!(
                                "{} has a different mobile number in row {first}",
                                p.name
                            ),
                        });
                    }
                }
                None => {
                    person_seen.insert(p.name.clone(), (row, p.office.clone(), p.mobile.clone()));
                }
            }
            if let Some(m) = &p.mobile {
                match numbers_seen.get(m) {
                    Some((first, other)) if other != &p.name => report.warnings.push(Problem {
                        row,
                        column: HEADER[mobile_k - 2].into(),
                        value: p.name.clone(),
                        reason: format!("has the same mobile as {other} in row {first}: probably one person spelt two ways"),
                    }),
                    Some(_) => {}
                    None => {
                        numbers_seen.insert(m.clone(), (row, p.name.clone()));
                    }
                }
            }
        }
        if let (Some(m), Some(d)) = (measure, &division) {
            if let Some(first) =
                keys_seen.insert((m, super::distribution::normalise(&item), d.clone()), row)
            {
                errs.push(Problem {
                    row,
                    column: "division".into(),
                    value: d_text.clone(),
                    reason: format!("measure {m} already names {d} for this item in row {first}"),
                });
            }
            if leading
                && let Some(first) =
                    leading_seen.insert((m, super::distribution::normalise(&item)), row)
            {
                errs.push(Problem {
                    row,
                    column: "leading".into(),
                    value: l_text.clone(),
                    reason: format!("row {first} already leads measure {m} for this item"),
                });
            }
        }
        let place = measure.map(|m| {
            let n = places.entry(m).or_insert(0);
            *n += 1;
            *n
        });
        match (measure, division, errs.is_empty()) {
            (Some(measure), Some(division), true) => valid.push(ValidRow {
                place: place.unwrap_or_default(),
                measure,
                item,
                division,
                leading,
                chief,
                contact,
            }),
            _ => {
                report.rejects.push(Reject {
                    row,
                    cells: cells.clone(),
                    reasons: errs
                        .iter()
                        .map(|e| {
                            format!("column {}, value \"{}\": {}", e.column, e.value, e.reason)
                        })
                        .collect(),
                });
                report.errors.extend(errs);
            }
        }
    }
    report.valid = valid.len();
    Ok((valid, report))
}

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
    json!({"name": p.name, "title": p.title, "division": p.division, "office_phone": p.office_phone, "mobile": p.mobile, "email": p.email, "wg_role": p.wg_role})
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

/// The table as a file with [`HEADER`]: what was imported comes out the same.
pub async fn export(app: &App, ctx: &Ctx, format: Format) -> Result<Vec<u8>> {
    ctx.require(Resource::PersonalContact, Action::Read)?;
    let mut rd = app.db.read().await?;
    let rows = store::distribution::all(&mut rd).await?;
    let people = store::people::all(&mut rd).await?;
    let area = &app.settings.area_code;
    let who = |id: Option<domain::Id>| people.iter().find(|p| Some(p.id) == id);
    let local = |e: &Option<String>| {
        e.as_deref()
            .map(|e| Phone::from_e164(e).local(area))
            .unwrap_or_default()
    };
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            let (c, k) = (who(r.chief_id), who(r.contact_id));
            vec![
                r.measure.to_string(),
                r.item.clone(),
                r.division.clone(),
                if r.leading {
                    "yes".into()
                } else {
                    String::new()
                },
                c.map(|p| p.name.clone()).unwrap_or_default(),
                c.map(|p| local(&p.office_phone)).unwrap_or_default(),
                c.map(|p| local(&p.mobile)).unwrap_or_default(),
                k.map(|p| p.name.clone()).unwrap_or_default(),
                k.map(|p| local(&p.office_phone)).unwrap_or_default(),
                k.map(|p| local(&p.mobile)).unwrap_or_default(),
            ]
        })
        .collect();
    match format {
        Format::Csv => files::write_csv(&HEADER, &cells),
        Format::Xlsx => files::write_xlsx("work-distribution", &HEADER, &cells),
    }
    .map_err(AppError::Unexpected)
}

/// The rejected rows as a CSV to fix and import again: the original cells plus the reasons.
pub fn rejects_csv(header: &[String], rejects: &[Reject]) -> Result<Vec<u8>> {
    let mut head: Vec<&str> = header.iter().map(String::as_str).collect();
    head.push("errors");
    let rows: Vec<Vec<String>> = rejects
        .iter()
        .map(|r| {
            let mut cells = r.cells.clone();
            cells.resize(header.len(), String::new());
            cells.push(r.reasons.join("; "));
            cells
        })
        .collect();
    files::write_csv(&head, &rows).map_err(AppError::Unexpected)
}

/// The header row of a file, for writing rejects in the file's own columns.
pub fn header_of(bytes: &[u8], format: Format) -> Vec<String> {
    files::read_table(bytes, format)
        .ok()
        .and_then(|t| t.into_iter().next())
        .unwrap_or_else(|| HEADER.iter().map(|s| (*s).to_owned()).collect())
}
