//! Importing and exporting the enterprise registry through the shared pipeline
//! (`crate::imports`): its columns, its checks and its writes.
//!
//! Duplicates are reported within the file; enterprises already registered are updated by
//! USCC, keeping their status and designation. Built for 100,000 rows: one transaction, the
//! registry read once.

use std::collections::{BTreeSet, HashMap};

use domain::{Action, Resource};
use serde_json::json;
use sha2::{Digest, Sha256};
use store::enterprises::EnterpriseRecord;

use super::{NewEnterprise, validate};
use crate::audit::{self, Change};
use crate::imports::{self, Column, Format, ImportReport, Importer, Options, Problem, Sheet};
use crate::{App, AppError, Ctx, Result};

/// The registry's columns; the first name of each is the one exports write.
pub const COLUMNS: [Column; 12] = [
    col("uscc", &["统一社会信用代码", "信用代码"], true),
    col("name", &["企业名称", "名称"], true),
    col("name_en", &["英文名称"], false),
    col("district", &["区县", "区县代码", "所在区"], true),
    col("kinds", &["企业类型", "类型"], true),
    col("investor_country", &["投资方国别", "投资国别"], false),
    col("industry", &["行业"], false),
    col("address", &["地址", "注册地址"], false),
    col("contact_name", &["联系人"], false),
    col("contact_mobile", &["联系人手机", "手机"], false),
    col("contact_email", &["联系人邮箱", "邮箱"], false),
    col("employees", &["员工人数", "职工人数"], false),
];

const fn col(name: &'static str, aliases: &'static [&'static str], required: bool) -> Column {
    Column {
        name,
        aliases,
        required,
    }
}

/// The canonical header, in [`COLUMNS`]' order.
pub const HEADER: [&str; 12] = [
    COLUMNS[0].name,
    COLUMNS[1].name,
    COLUMNS[2].name,
    COLUMNS[3].name,
    COLUMNS[4].name,
    COLUMNS[5].name,
    COLUMNS[6].name,
    COLUMNS[7].name,
    COLUMNS[8].name,
    COLUMNS[9].name,
    COLUMNS[10].name,
    COLUMNS[11].name,
];

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

/// The registry as an importer; `progress(done, total)` is called as rows are checked and written.
pub struct Enterprises<'a> {
    pub progress: &'a (dyn Fn(usize, usize) + Sync),
}

/// What rows are checked against, read once per import.
pub struct Registry {
    /// The registry by USCC.
    by_uscc: HashMap<domain::Uscc, EnterpriseRecord>,
    /// The city's districts.
    districts: BTreeSet<domain::DistrictCode>,
}

/// A checked row, with the enterprise as registered before (if it was).
pub struct Checked {
    rec: EnterpriseRecord,
    old: Option<EnterpriseRecord>,
}

impl Importer for Enterprises<'_> {
    type Known = Registry;
    type Valid = Checked;

    fn columns(&self) -> &'static [Column] {
        &COLUMNS
    }

    fn authorise(&self, ctx: &Ctx) -> Result<()> {
        ctx.require(Resource::Enterprise, Action::Create)?;
        // An import may update any enterprise in the registry: only callers who see all of it.
        match super::scope_for(ctx) {
            store::enterprises::EnterpriseScope::All => Ok(()),
            _ => Err(AppError::Forbidden),
        }
    }

    async fn known(&self, app: &App) -> Result<Self::Known> {
        let mut rd = app.db.read().await?;
        let by_uscc = store::enterprises::all(&mut rd)
            .await?
            .into_iter()
            .map(|e| (e.uscc.clone(), e))
            .collect();
        let districts = super::city_districts(&mut rd).await?;
        Ok(Registry { by_uscc, districts })
    }

    fn check(
        &self,
        existing: &Self::Known,
        sheet: &Sheet,
        report: &mut ImportReport,
    ) -> Vec<Checked> {
        let total = sheet.rows.len();
        let mut seen: HashMap<String, usize> = HashMap::new();
        let mut valid = Vec::new();
        for (i, r) in sheet.rows.iter().enumerate() {
            if i % 1000 == 0 {
                (self.progress)(i, total);
            }
            let row = r.number;
            let cell = |k: usize| sheet.cell(r, k).to_owned();
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
            let duplicate = domain::Uscc::parse(&n.uscc)
                .ok()
                .and_then(|u| seen.insert(u.as_str().to_owned(), row));
            let mut problems: Vec<Problem> = match validate(&n, &existing.districts) {
                Ok(mut rec) if duplicate.is_none() => {
                    let old = existing.by_uscc.get(&rec.uscc).cloned();
                    if let Some(old) = &old {
                        rec.status = old.status.clone();
                        rec.official_id = old.official_id;
                        rec.contact_person_id = old.contact_person_id;
                        rec.created_at = old.created_at;
                    }
                    valid.push(Checked { rec, old });
                    Vec::new()
                }
                Ok(_) => Vec::new(),
                Err(errs) => errs
                    .into_iter()
                    .map(|e| {
                        let k = HEADER.iter().position(|h| *h == e.field).unwrap_or(0);
                        Problem::new(row, &e.field, &cell(k), e.message)
                    })
                    .collect(),
            };
            if let Some(first) = duplicate {
                let reason = format!("duplicates row {first} of this file");
                problems.insert(0, Problem::new(row, "uscc", &cell(0), reason));
            }
            if !problems.is_empty() {
                report.refuse(r, problems);
            }
        }
        valid
    }

    async fn apply(
        &self,
        app: &App,
        ctx: &Ctx,
        tx: &mut store::Tx,
        file: &[u8],
        valid: Vec<Checked>,
        report: &mut ImportReport,
    ) -> Result<()> {
        let now = app.now();
        let total = valid.len();
        let mut created = Vec::new();
        for (i, Checked { mut rec, old }) in valid.into_iter().enumerate() {
            if i % 1000 == 0 {
                (self.progress)(i, total);
            }
            rec.updated_at = now;
            match old {
                None => {
                    rec.created_at = now;
                    store::enterprises::insert(tx, &rec).await?;
                    created.push(rec.uscc);
                    report.created += 1;
                }
                Some(old) if same_profile(&old, &rec) => report.unchanged += 1,
                Some(old) => {
                    // Only the profile: status and designation may have changed since the file was read.
                    store::enterprises::update_profile(tx, &rec).await?;
                    let change = Change {
                        action: "enterprise_updated_by_import",
                        object_type: "enterprise",
                        object_id: rec.uscc.to_string(),
                        before: Some(super::record_json(&old)),
                        after: Some(super::record_json(&rec)),
                    };
                    audit::record(app, tx, ctx, change).await?;
                    report.updated += 1;
                }
            }
        }
        // The new enterprises in one entry: which file, and every USCC it added.
        if !created.is_empty() {
            let change = Change {
                action: "enterprises_imported",
                object_type: "enterprise_import",
                object_id: hex::encode(Sha256::digest(file)),
                before: None,
                after: Some(json!({"created": created})),
            };
            audit::record(app, tx, ctx, change).await?;
        }
        (self.progress)(total, total);
        Ok(())
    }
}

/// Imports enterprises (see [`imports::run`]).
pub async fn import(
    app: &App,
    ctx: &Ctx,
    bytes: &[u8],
    format: Format,
    opts: Options,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<ImportReport> {
    imports::run(app, ctx, &Enterprises { progress }, bytes, format, opts).await
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
    imports::export(
        &Enterprises {
            progress: &|_, _| {},
        },
        format,
        "enterprises",
        &rows,
    )
}
