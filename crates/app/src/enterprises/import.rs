//! Importing and exporting the enterprise registry (CSV or XLSX).
//!
//! The same rules as the work-distribution import: strict by default (any invalid cell writes
//! nothing), `dry_run`, and `skip_invalid` with the rejected rows returned. Duplicates are
//! reported within the file; enterprises already registered are updated by USCC, keeping their
//! status and designation. Built for 100,000 rows: one transaction, the registry read once.

use std::collections::HashMap;

use domain::{Action, Resource};
use serde_json::json;
use sha2::{Digest, Sha256};
use store::enterprises::EnterpriseRecord;

use super::{NewEnterprise, validate};
use crate::audit::{self, Change};
use crate::imports::{self, Format, ImportReport, Mode, Options, Problem, Reject};
use crate::{App, AppError, Ctx, Result};

pub const HEADER: [&str; 12] = [
    "uscc",
    "name",
    "name_en",
    "district",
    "kinds",
    "investor_country",
    "industry",
    "address",
    "contact_name",
    "contact_mobile",
    "contact_email",
    "employees",
];

const ZH_HEADER: [&[&str]; 12] = [
    &["统一社会信用代码", "信用代码"],
    &["企业名称", "名称"],
    &["英文名称"],
    &["区县", "区县代码", "所在区"],
    &["企业类型", "类型"],
    &["投资方国别", "投资国别"],
    &["行业"],
    &["地址", "注册地址"],
    &["联系人"],
    &["联系人手机", "手机"],
    &["联系人邮箱", "邮箱"],
    &["员工人数", "职工人数"],
];

fn column(h: &str) -> Option<usize> {
    let n = h.trim().trim_start_matches('\u{feff}').to_lowercase();
    HEADER
        .iter()
        .position(|k| *k == n)
        .or_else(|| ZH_HEADER.iter().position(|alts| alts.contains(&n.as_str())))
}

/// The fields compared to decide whether a re-import changes an enterprise.
fn same_profile(a: &EnterpriseRecord, b: &EnterpriseRecord) -> bool {
    (
        &a.name,
        &a.name_en,
        &a.kinds,
        &a.district,
        &a.address,
        &a.investor_country,
        &a.industry,
        a.employees,
        &a.contact_name,
        &a.contact_mobile,
        &a.contact_email,
    ) == (
        &b.name,
        &b.name_en,
        &b.kinds,
        &b.district,
        &b.address,
        &b.investor_country,
        &b.industry,
        b.employees,
        &b.contact_name,
        &b.contact_mobile,
        &b.contact_email,
    )
}

/// Imports enterprises. `progress(done, total)` is called as rows are checked and written.
pub async fn import(
    app: &App,
    ctx: &Ctx,
    bytes: &[u8],
    format: Format,
    opts: Options,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<ImportReport> {
    ctx.require(Resource::Enterprise, Action::Create)?;
    // An import may update any enterprise in the registry: only callers who see all of it.
    if !matches!(
        super::scope_for(ctx),
        store::enterprises::EnterpriseScope::All
    ) {
        return Err(AppError::Forbidden);
    }
    let (dry_run, mode) = (opts.dry_run, opts.mode);
    let table: Vec<Vec<String>> = imports::read::read_rows(bytes, format, false)
        .map_err(|m| AppError::invalid("file", "unreadable_file", m))?
        .into_iter()
        .map(|r| r.cells)
        .collect();
    let mut report = ImportReport {
        dry_run,
        ..Default::default()
    };
    let Some(header) = table.first() else {
        return Err(AppError::invalid("file", "empty_file", "the file is empty"));
    };
    report.header = header.clone();
    let mut map = [None; 12];
    for (i, h) in header.iter().enumerate() {
        match column(h) {
            Some(k) => map[k] = Some(i),
            None if h.trim().is_empty() => {}
            None => report.warnings.push(Problem {
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
    for k in [0, 1, 3, 4] {
        if map[k].is_none() {
            report.errors.push(Problem {
                row: 1,
                column: HEADER[k].into(),
                value: String::new(),
                reason: format!("the header lacks the column {}", HEADER[k]),
            });
        }
    }
    if !report.errors.is_empty() {
        return Ok(report);
    }
    let existing: HashMap<domain::Uscc, EnterpriseRecord> = {
        let mut rd = app.db.read().await?;
        store::enterprises::all(&mut rd)
            .await?
            .into_iter()
            .map(|e| (e.uscc.clone(), e))
            .collect()
    };
    let total_rows = table.len().saturating_sub(1);
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut valid: Vec<EnterpriseRecord> = Vec::new();
    for (idx, cells) in table.iter().enumerate().skip(1) {
        let row = idx + 1;
        if idx % 1000 == 0 {
            progress(idx, total_rows);
        }
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        report.rows += 1;
        let cell = |k: usize| {
            map[k]
                .and_then(|i| cells.get(i))
                .cloned()
                .unwrap_or_default()
        };
        let n = NewEnterprise {
            uscc: cell(0),
            name: cell(1),
            name_en: cell(2),
            district: cell(3),
            kinds: cell(4),
            investor_country: cell(5),
            industry: cell(6),
            address: cell(7),
            contact_name: cell(8),
            contact_mobile: cell(9),
            contact_email: cell(10),
            employees: cell(11),
        };
        // A USCC seen earlier in the file is a duplicate whatever else is wrong with the row.
        let duplicate = domain::Uscc::parse(&n.uscc).ok().and_then(|u| {
            seen.insert(u.as_str().to_owned(), row)
                .map(|first| (u, first))
        });
        let mut problems: Vec<Problem> = match validate(&n) {
            Ok(mut rec) if duplicate.is_none() => {
                if let Some(old) = existing.get(&rec.uscc) {
                    rec.status = old.status.clone();
                    rec.official_id = old.official_id;
                    rec.contact_person_id = old.contact_person_id;
                    rec.created_at = old.created_at;
                }
                valid.push(rec);
                Vec::new()
            }
            Ok(_) => Vec::new(),
            Err(errs) => errs
                .into_iter()
                .map(|e| {
                    let k = HEADER.iter().position(|h| *h == e.field).unwrap_or(0);
                    Problem {
                        row,
                        column: e.field.clone(),
                        value: cell(k),
                        reason: e.message,
                    }
                })
                .collect(),
        };
        if let Some((_, first)) = duplicate {
            problems.insert(
                0,
                Problem {
                    row,
                    column: "uscc".into(),
                    value: cell(0),
                    reason: format!("duplicates row {first} of this file"),
                },
            );
        }
        if !problems.is_empty() {
            report.rejects.push(Reject {
                row,
                cells: cells.clone(),
                reasons: problems
                    .iter()
                    .map(|p| format!("column {}, value \"{}\": {}", p.column, p.value, p.reason))
                    .collect(),
            });
            report.errors.append(&mut problems);
        }
    }
    report.valid = valid.len();
    for rec in &valid {
        match existing.get(&rec.uscc) {
            None => report.created += 1,
            Some(old) if same_profile(old, rec) => report.unchanged += 1,
            Some(_) => report.updated += 1,
        }
    }
    if dry_run || (mode == Mode::Strict && !report.errors.is_empty()) || valid.is_empty() {
        return Ok(report);
    }
    let now = app.now();
    let mut tx = app.db.begin().await?;
    let mut created = Vec::new();
    for (i, rec) in valid.iter_mut().enumerate() {
        if i % 1000 == 0 {
            progress(i, report.valid);
        }
        rec.updated_at = now;
        match existing.get(&rec.uscc) {
            None => {
                rec.created_at = now;
                store::enterprises::insert(&mut tx, rec).await?;
                created.push(rec.uscc.clone());
            }
            Some(old) if same_profile(old, rec) => {}
            Some(old) => {
                // Only the profile: status and designation may have changed since the file was read.
                store::enterprises::update_profile(&mut tx, rec).await?;
                let change = Change {
                    action: "enterprise_updated_by_import",
                    object_type: "enterprise",
                    object_id: rec.uscc.to_string(),
                    before: Some(super::record_json(old)),
                    after: Some(super::record_json(rec)),
                };
                audit::record(app, &mut tx, ctx, change).await?;
            }
        }
    }
    // The new enterprises in one entry: which file, and every USCC it added.
    if !created.is_empty() {
        let file = hex::encode(Sha256::digest(bytes));
        let change = Change {
            action: "enterprises_imported",
            object_type: "enterprise_import",
            object_id: file,
            before: None,
            after: Some(json!({"created": created})),
        };
        audit::record(app, &mut tx, ctx, change).await?;
    }
    tx.commit().await?;
    progress(report.valid, report.valid);
    report.written = true;
    Ok(report)
}

/// The registry as a file with [`HEADER`] (bureau staff; mobiles are personal data).
pub async fn export(app: &App, ctx: &Ctx, format: Format) -> Result<Vec<u8>> {
    ctx.require(Resource::PersonalContact, Action::Read)?;
    ctx.require(Resource::Enterprise, Action::Read)?;
    let mut rd = app.db.read().await?;
    let scope = super::scope_for(ctx);
    let rows: Vec<Vec<String>> = store::enterprises::all(&mut rd)
        .await?
        .into_iter()
        .filter(|e| super::visible(&scope, e))
        .map(|e| {
            vec![
                e.uscc.to_string(),
                e.name,
                e.name_en.unwrap_or_default(),
                e.district.to_string(),
                e.kinds.replace(',', ";"),
                e.investor_country.unwrap_or_default(),
                e.industry.unwrap_or_default(),
                e.address.unwrap_or_default(),
                e.contact_name.unwrap_or_default(),
                e.contact_mobile
                    .map(|m| domain::Phone::from_e164(&m).local(&app.settings.area_code))
                    .unwrap_or_default(),
                e.contact_email.unwrap_or_default(),
                e.employees.map(|n| n.to_string()).unwrap_or_default(),
            ]
        })
        .collect();
    imports::write::write(format, "enterprises", &HEADER, &rows).map_err(AppError::Unexpected)
}
