//! Simulating a rule version over the whole registry before it is published (measure 2): how
//! many enterprises qualify, what it costs against the programme's budget, and who gains and
//! who loses against the version it would supersede (the published one in effect on its first
//! day). The registry and the figures are read in one statement on a read connection, so the
//! simulation sees one snapshot and never holds the writer.

use domain::funds::{Decision, Figure, evaluate};
use domain::{Action, Id, Money, Resource};
use serde::Serialize;

use super::decide::facts_of;
use super::programmes::read_one;
use super::rules::{Version, in_effect, versions_of};
use crate::{App, AppError, Ctx, Result};

/// How many of the largest gains and losses the answer lists.
const LISTED: usize = 50;

/// One version's totals over the registry.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Totals {
    pub version: i64,
    pub qualifying: i64,
    /// Fen.
    pub total_cost: i64,
}

/// An enterprise whose amount differs between the two versions.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Difference {
    pub enterprise: String,
    pub name: String,
    /// Fen under the version in effect (0 when not eligible).
    pub before: i64,
    /// Fen under the simulated version.
    pub after: i64,
}

/// The simulation's answer.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Simulation {
    pub programme_id: String,
    pub year: i64,
    /// Enterprises evaluated (the registry, closed ones left out).
    pub enterprises: i64,
    pub simulated: Totals,
    /// The version it would supersede, if one is in effect.
    pub current: Option<Totals>,
    /// The programme's budget for the year (fen).
    pub budget: i64,
    /// Budget minus the simulated cost (fen; negative when over budget).
    pub remaining: i64,
    pub over_budget: bool,
    pub gainers: i64,
    pub losers: i64,
    /// The largest gains, largest first.
    pub gains: Vec<Difference>,
    /// The largest losses, largest first.
    pub losses: Vec<Difference>,
}

fn totals(version: i64, decisions: &[Decision]) -> Result<Totals> {
    // Amounts are at most 10^15 fen each, so this overflows only past ~9,000 enterprises at
    // the very top; say so rather than fail.
    let cost = Money::sum(decisions.iter().map(|d| d.amount)).map_err(|_| {
        AppError::Conflict(
            "total_too_large",
            "the simulated total does not fit in an amount".into(),
        )
    })?;
    Ok(Totals {
        version,
        qualifying: decisions.iter().filter(|d| d.eligible).count() as i64,
        total_cost: cost.fen(),
    })
}

/// Runs version `version` of a programme's rule over the registry (staff).
pub async fn simulate(app: &App, ctx: &Ctx, programme: Id, version: i64) -> Result<Simulation> {
    ctx.require(Resource::FundRule, Action::Read)?;
    let p = read_one(app, ctx, programme).await?;
    let versions = versions_of(app, programme).await?;
    let Some(target) = versions.iter().find(|v| v.record.version == version) else {
        return Err(AppError::NotFound);
    };
    let current: Option<&Version> =
        in_effect(&versions, target.record.effective_from).filter(|v| v.record.version != version);
    let mut rd = app.db.read().await?;
    let registry = store::funds::registry_facts(&mut rd, p.year).await?;
    drop(rd);
    let mut after = Vec::with_capacity(registry.len());
    let mut before = Vec::with_capacity(registry.len());
    for e in &registry {
        let figures = e
            .figures
            .iter()
            .filter_map(|(c, v)| Figure::parse(c).map(|f| (f, *v)));
        let facts = facts_of(
            &e.kinds,
            &e.district,
            e.industry.as_ref(),
            e.investor_country.as_ref(),
            e.employees,
            figures,
        );
        after.push(evaluate(&target.rule, version, &facts));
        if let Some(c) = current {
            before.push(evaluate(&c.rule, c.record.version, &facts));
        }
    }
    let simulated = totals(version, &after)?;
    let current_totals = current
        .map(|c| totals(c.record.version, &before))
        .transpose()?;
    let mut diffs: Vec<Difference> = registry
        .iter()
        .enumerate()
        .map(|(i, e)| Difference {
            enterprise: e.uscc.clone(),
            name: e.name.clone(),
            before: before.get(i).map_or(0, |d| d.amount.fen()),
            after: after[i].amount.fen(),
        })
        .filter(|d| d.before != d.after)
        .collect();
    diffs.sort_by_key(|d| std::cmp::Reverse((d.after - d.before).abs()));
    let (gains, losses): (Vec<_>, Vec<_>) = diffs.into_iter().partition(|d| d.after > d.before);
    let remaining = p.budget.fen().saturating_sub(simulated.total_cost);
    Ok(Simulation {
        programme_id: programme.to_string(),
        year: p.year,
        enterprises: registry.len() as i64,
        current: current_totals,
        budget: p.budget.fen(),
        remaining,
        over_budget: remaining < 0,
        gainers: gains.len() as i64,
        losers: losses.len() as i64,
        gains: gains.into_iter().take(LISTED).collect(),
        losses: losses.into_iter().take(LISTED).collect(),
        simulated,
    })
}
