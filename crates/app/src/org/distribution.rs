//! The Table of Work Distribution as live routing data.
//!
//! `route(measure, item)` gives the responsible divisions and the leading one: the row flagged
//! leading, else the first row for that measure (and item). Every module that creates work
//! routes through it, so an edit takes effect for new work at once.

use std::collections::HashMap;

use domain::{Action, DivisionCode, Id, MeasureNo, Resource};
use serde::Serialize;
use serde_json::json;
use store::distribution::RowRecord;
use store::org::DivisionRecord;
use store::people::PersonRecord;

use super::people::{PhoneView, mobile_view, office_view};
use crate::audit::{self, Change};
use crate::{App, AppError, Ctx, Result};

/// Lower-case with single spaces: how division names and items are compared.
pub fn normalise(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Resolves what a table calls a division: a code, a Chinese or English name, or an alias.
pub struct DivisionNames {
    by_name: HashMap<String, (DivisionCode, bool)>,
    pub divisions: Vec<DivisionRecord>,
}

impl DivisionNames {
    pub async fn load(tx: &mut store::Tx) -> Result<DivisionNames> {
        let divisions = store::org::list_divisions(tx).await?;
        let mut by_name = HashMap::new();
        for d in &divisions {
            for n in [d.code.as_str(), d.name_zh.as_str(), d.name_en.as_str()] {
                by_name.insert(normalise(n), (d.code, true));
            }
            if let Some(short) = normalise(&d.name_en).strip_suffix(" division") {
                by_name.insert(short.to_owned(), (d.code, true));
            }
        }
        for (alias, code) in store::org::list_aliases(tx).await? {
            by_name.entry(normalise(&alias)).or_insert((code, false));
        }
        Ok(DivisionNames { by_name, divisions })
    }

    /// (code, whether the text is one of the division's own names rather than an alias).
    pub fn resolve(&self, text: &str) -> Option<(DivisionCode, bool)> {
        let n = normalise(text);
        self.by_name.get(&n).cloned().or_else(|| {
            n.strip_suffix(" division")
                .and_then(|s| self.by_name.get(s).cloned())
        })
    }

    pub fn known(&self) -> String {
        self.divisions
            .iter()
            .map(|d| format!("{} ({})", d.code, d.name_en))
            .collect::<Vec<_>>()
            .join(", ")
    }

    pub fn get(&self, code: DivisionCode) -> Option<&DivisionRecord> {
        self.divisions.iter().find(|d| d.code == code)
    }
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq, schemars::JsonSchema)]
pub struct DivisionRef {
    #[schemars(with = "String")]
    pub code: DivisionCode,
    pub name: String,
    pub name_zh: String,
}

fn division_ref(names: &DivisionNames, code: DivisionCode) -> DivisionRef {
    match names.get(code) {
        Some(d) => DivisionRef {
            code: d.code,
            name: d.name_en.clone(),
            name_zh: d.name_zh.clone(),
        },
        None => DivisionRef {
            code,
            name: code.to_string(),
            name_zh: code.to_string(),
        },
    }
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ContactView {
    pub name: String,
    pub office_phone: Option<PhoneView>,
    pub mobile: Option<PhoneView>,
}

/// One row of the table as the caller may see it.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Responsibility {
    pub id: String,
    pub measure: i64,
    pub item: Option<String>,
    pub division: DivisionRef,
    /// Whether this division leads for the measure (and item): flagged, or else the first row.
    pub leading: bool,
    /// Whether the table itself flags the row as leading.
    pub leading_flag: bool,
    pub chief: Option<ContactView>,
    pub contact: Option<ContactView>,
}

/// The leading row of each (measure, item): flagged, else the first.
fn leading_ids(rows: &[RowRecord]) -> Vec<Id> {
    let mut groups: Vec<(MeasureNo, &str, Vec<&RowRecord>)> = Vec::new();
    for r in rows {
        match groups
            .iter_mut()
            .find(|g| g.0 == r.measure && g.1 == r.item)
        {
            Some(g) => g.2.push(r),
            None => groups.push((r.measure, &r.item, vec![r])),
        }
    }
    groups
        .iter()
        .filter_map(|(_, _, rs)| rs.iter().find(|r| r.leading).or(rs.first()).map(|r| r.id))
        .collect()
}

fn contact(app: &App, ctx: &Ctx, people: &[PersonRecord], id: Option<Id>) -> Option<ContactView> {
    let p = people.iter().find(|p| Some(p.id) == id)?;
    Some(ContactView {
        name: p.name.clone(),
        office_phone: office_view(app, p.office_phone.as_deref()),
        mobile: mobile_view(app, ctx, p.mobile.as_deref()),
    })
}

async fn views(app: &App, ctx: &Ctx, measure: Option<MeasureNo>) -> Result<Vec<Responsibility>> {
    let mut rd = app.db.read().await?;
    let names = DivisionNames::load(&mut rd).await?;
    let rows = match measure {
        Some(m) => store::distribution::for_measure(&mut rd, m).await?,
        None => store::distribution::all(&mut rd).await?,
    };
    let people = store::people::all(&mut rd).await?;
    let leading = leading_ids(&rows);
    Ok(rows
        .iter()
        .map(|r| Responsibility {
            id: r.id.to_string(),
            measure: r.measure.get(),
            item: Some(r.item.clone()).filter(|i| !i.is_empty()),
            division: division_ref(&names, r.division),
            leading: leading.contains(&r.id),
            leading_flag: r.leading,
            chief: contact(app, ctx, &people, r.chief_id),
            contact: contact(app, ctx, &people, r.contact_id),
        })
        .collect())
}

/// The whole table (any signed-in user; mobiles masked for roles that may not see them).
pub async fn table(app: &App, ctx: &Ctx) -> Result<Vec<Responsibility>> {
    ctx.require(Resource::BackOffice, Action::Read)?;
    views(app, ctx, None).await
}

/// The rows of one measure. Public: the policy and its attachment are published, but
/// mobiles are masked for anyone not allowed to see them.
pub async fn for_measure(app: &App, ctx: &Ctx, measure: MeasureNo) -> Result<Vec<Responsibility>> {
    views(app, ctx, Some(measure)).await
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Route {
    pub measure: i64,
    pub item: Option<String>,
    pub leading: DivisionRef,
    pub divisions: Vec<DivisionRef>,
}

/// Which divisions are responsible for a measure (and item), and which one leads.
pub async fn route(app: &App, m: MeasureNo, item: Option<&str>) -> Result<Route> {
    let mut rd = app.db.read().await?;
    let (rows, divisions): (Vec<RowRecord>, Vec<_>) =
        store::distribution::for_measure_with_divisions(&mut rd, m)
            .await?
            .into_iter()
            .unzip();
    // Routing needs the divisions' names only, not the aliases.
    let names = DivisionNames {
        by_name: HashMap::new(),
        divisions,
    };
    if rows.is_empty() {
        return Err(AppError::Conflict(
            "no_responsible_division",
            format!("the work-distribution table names no division for measure {m}"),
        ));
    }
    let item = item.map(str::trim).filter(|i| !i.is_empty());
    let chosen: Vec<&RowRecord> = match item {
        None => {
            let plain: Vec<&RowRecord> = rows.iter().filter(|r| r.item.is_empty()).collect();
            if plain.is_empty() {
                rows.iter().collect()
            } else {
                plain
            }
        }
        Some(wanted) => {
            let w = normalise(wanted.trim_end_matches(['…', '.']));
            let exact: Vec<&RowRecord> = rows.iter().filter(|r| normalise(&r.item) == w).collect();
            let matched = if exact.is_empty() {
                rows.iter()
                    .filter(|r| !r.item.is_empty() && normalise(&r.item).starts_with(&w))
                    .collect()
            } else {
                exact
            };
            let distinct: std::collections::BTreeSet<&str> =
                matched.iter().map(|r| r.item.as_str()).collect();
            if matched.is_empty() || distinct.len() > 1 {
                let known: std::collections::BTreeSet<&str> = rows
                    .iter()
                    .map(|r| r.item.as_str())
                    .filter(|i| !i.is_empty())
                    .collect();
                return Err(AppError::invalid(
                    "item",
                    "unknown_item",
                    format!(
                        "measure {m} has no single item \"{wanted}\"; its items: {}",
                        known.into_iter().collect::<Vec<_>>().join("; ")
                    ),
                ));
            }
            matched
        }
    };
    let lead = chosen
        .iter()
        .find(|r| r.leading)
        .or(chosen.first())
        .map(|r| r.division)
        .ok_or_else(|| {
            AppError::Conflict(
                "no_responsible_division",
                format!("the work-distribution table names no division for measure {m}"),
            )
        })?;
    let mut divisions = Vec::new();
    for r in &chosen {
        let d = division_ref(&names, r.division);
        if !divisions.contains(&d) {
            divisions.push(d);
        }
    }
    Ok(Route {
        measure: m.get(),
        item: chosen
            .first()
            .map(|r| r.item.clone())
            .filter(|i| !i.is_empty()),
        leading: division_ref(&names, lead),
        divisions,
    })
}

/// Removes one row (admins); the audit trail keeps what it said.
pub async fn remove(app: &App, ctx: &Ctx, id: Id) -> Result<()> {
    ctx.require(Resource::Organisation, Action::Update)?;
    let mut tx = app.db.begin().await?;
    let before = store::distribution::get(&mut tx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    store::distribution::delete(&mut tx, id).await?;
    // Keep the places within the measure dense, so that an export imports back unchanged.
    for (i, mut r) in store::distribution::for_measure(&mut tx, before.measure)
        .await?
        .into_iter()
        .enumerate()
    {
        if r.sort != i as i64 + 1 {
            r.sort = i as i64 + 1;
            store::distribution::update(&mut tx, &r).await?;
        }
    }
    audit::record(
        app,
        &mut tx,
        ctx,
        Change {
            action: "work_distribution_row_removed",
            object_type: "work_distribution",
            object_id: id.to_string(),
            before: Some(row_json(&before)),
            after: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub(crate) fn row_json(r: &RowRecord) -> serde_json::Value {
    json!({"measure": r.measure, "item": r.item, "division": r.division, "leading": r.leading, "chief_id": r.chief_id, "contact_id": r.contact_id, "sort": r.sort})
}
