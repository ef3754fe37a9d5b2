//! The city's districts, county-level cities, counties and pilot areas (GB/T 2260), and an
//! admin's loading of them from a table (all rows or none).

use domain::{Action, Resource};
use serde::Serialize;
use serde_json::json;

use crate::audit::{self, Change};
use crate::{App, AppError, Ctx, Result};

/// A district, county-level city, county or pilot area (GB/T 2260 code).
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct DistrictView {
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    pub kind: String,
}

pub const DISTRICT_KINDS: [&str; 4] = ["district", "county_city", "county", "pilot_area"];

pub async fn districts(app: &App) -> Result<Vec<DistrictView>> {
    let mut rd = app.db.read().await?;
    Ok(store::org::list_districts(&mut rd)
        .await?
        .into_iter()
        .map(|d| DistrictView {
            code: d.code.as_str().to_owned(),
            name_zh: d.name_zh,
            name_en: d.name_en,
            kind: d.kind,
        })
        .collect())
}

/// Loads a bureau's districts from a table `code,name_zh,name_en,kind` (admins). All rows or none.
pub async fn import_districts(
    app: &App,
    ctx: &Ctx,
    bytes: &[u8],
    format: crate::imports::Format,
) -> Result<usize> {
    ctx.require(Resource::Organisation, Action::Update)?;
    let table = crate::imports::read::read_rows(bytes, format, false)
        .map_err(|m| AppError::invalid("file", "unreadable_file", m))?;
    let mut errs = Vec::new();
    let mut rows = Vec::new();
    for r in table.iter().skip(1) {
        let (row, cells) = (r.number, &r.cells);
        let c = |k: usize| {
            cells
                .get(k)
                .map(|s| s.trim().to_owned())
                .unwrap_or_default()
        };
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let code = match domain::DistrictCode::parse(&c(0)) {
            Ok(d) => d,
            Err(m) => {
                errs.push(domain::FieldError::new(
                    format!("row {row}, column code"),
                    m.code(),
                    m.to_string(),
                ));
                continue;
            }
        };
        if c(1).is_empty() || c(2).is_empty() {
            errs.push(domain::FieldError::new(
                format!("row {row}, column name_zh/name_en"),
                "required",
                "both names are required",
            ));
        }
        if !DISTRICT_KINDS.contains(&c(3).as_str()) {
            errs.push(domain::FieldError::new(
                format!("row {row}, column kind"),
                "invalid_kind",
                format!(
                    "value \"{}\": the kinds are {}",
                    c(3),
                    DISTRICT_KINDS.join(", ")
                ),
            ));
        }
        rows.push(store::org::DistrictRecord {
            code,
            name_zh: c(1),
            name_en: c(2),
            kind: c(3),
        });
    }
    if !errs.is_empty() {
        return Err(AppError::Invalid(errs));
    }
    let mut tx = app.db.begin().await?;
    for d in &rows {
        store::org::upsert_district(&mut tx, d).await?;
        audit::record(
            app,
            &mut tx,
            ctx,
            Change {
                action: "district_loaded",
                object_type: "district",
                object_id: d.code.as_str().to_owned(),
                before: None,
                after: Some(json!({"name_zh": d.name_zh, "name_en": d.name_en, "kind": d.kind})),
            },
        )
        .await?;
    }
    tx.commit().await?;
    Ok(rows.len())
}
