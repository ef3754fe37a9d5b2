//! The district dashboard (measure 1): resumption by district, difficulties by category and
//! status, overdue follow-ups. Figures are counts over the caller's scope.

use domain::{Action, Resource};
use serde::Serialize;

use crate::{App, Ctx, Result};

#[derive(Debug, Clone, Serialize)]
pub struct DistrictRow {
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    pub enterprises: i64,
    pub resumed: i64,
    /// Resumed share in per cent, rounded down.
    pub rate_pct: i64,
    pub overdue: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct CategoryRow {
    pub category: String,
    pub open: i64,
    pub resolved: i64,
    pub total: i64,
}

/// The coverage view: enterprises in difficulty per designated official (none: not yet designated).
#[derive(Debug, Clone, Serialize)]
pub struct WorkloadRow {
    pub official: Option<String>,
    pub district: Option<String>,
    pub in_difficulty: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Dashboard {
    pub districts: Vec<DistrictRow>,
    pub categories: Vec<CategoryRow>,
    pub workload: Vec<WorkloadRow>,
}

pub async fn dashboard(app: &App, ctx: &Ctx) -> Result<Dashboard> {
    ctx.require(Resource::BackOffice, Action::Read)?;
    let today = app.today();
    let scope = crate::cases::scope_for(ctx);
    let mut rd = app.db.read().await?;
    let names = store::org::list_districts(&mut rd).await?;
    let resumption = store::enterprises::resumption_by_district(&mut rd).await?;
    let overdue = store::cases::overdue_by_district(&mut rd, &scope, today).await?;
    let counts = store::cases::counts_by_category(&mut rd, &scope, "difficulty").await?;
    let mut workload = Vec::new();
    // Who carries how many enterprises is for those who designate.
    let loads = if ctx.can(Resource::Designation, Action::Update) {
        store::enterprises::workload(&mut rd).await?
    } else {
        Vec::new()
    };
    // A district official designates in their district only, so sees its officials only.
    let own_district = ctx
        .principal()
        .filter(|p| p.role == domain::Role::DistrictOfficial)
        .map(|p| p.district.clone());
    for (official, n) in loads {
        let user = match official {
            Some(id) => store::users::get(&mut rd, id).await?,
            None => None,
        };
        if let Some(d) = &own_district
            && user.as_ref().map(|u| &u.district) != Some(d)
        {
            continue;
        }
        workload.push(WorkloadRow {
            official: user.as_ref().map(|u| u.name.clone()),
            district: user.and_then(|u| u.district).map(|d| d.as_str().to_owned()),
            in_difficulty: n,
        });
    }
    let districts = resumption
        .into_iter()
        .map(|(code, n, resumed)| {
            let name = names.iter().find(|d| d.code.as_str() == code);
            DistrictRow {
                name_zh: name
                    .map(|d| d.name_zh.clone())
                    .unwrap_or_else(|| code.clone()),
                name_en: name
                    .map(|d| d.name_en.clone())
                    .unwrap_or_else(|| code.clone()),
                overdue: overdue
                    .iter()
                    .find(|(d, _)| d.as_str() == code)
                    .map(|(_, n)| *n)
                    .unwrap_or(0),
                rate_pct: if n > 0 { resumed * 100 / n } else { 0 },
                code,
                enterprises: n,
                resumed,
            }
        })
        .collect();
    let categories = domain::enterprise::DIFFICULTY_CATEGORIES
        .iter()
        .map(|c| {
            let of = |open: bool| {
                counts
                    .iter()
                    .filter(|(cat, st, _)| cat == c && st.is_open() == open)
                    .map(|(_, _, n)| n)
                    .sum::<i64>()
            };
            let (open, resolved) = (of(true), of(false));
            CategoryRow {
                category: (*c).to_owned(),
                open,
                resolved,
                total: open + resolved,
            }
        })
        .collect();
    Ok(Dashboard {
        districts,
        categories,
        workload,
    })
}
