//! Measure 2's payout without an application and the adjustments to what was paid:
//! - [`run`]: apply-free runs (免申即享). Staff run a programme's published rule over the
//!   registry and the figures the bureau holds; each qualifying enterprise gets one entitlement
//!   per programme and year (however many runs), its explanation stored, a payment queued in
//!   the ledger and a notice in its language. Large registries run on the job queue.
//! - [`entitlements`]: the enterprise sees its entitlements and confirms its bank account;
//!   confirming approves the payment in the ledger (budget checked).
//! - [`top_ups`]: publishing a version that pays more for a past period queues the differences
//!   as top-ups for the chief's approval, once per enterprise and version.
//! - [`settle`]: final settlement of programmes paid in advance (top-up or recovery) or on
//!   settlement (the award becomes payable).
//!
//! Money moves only through the ledger ([`pay`]); this module writes its own tables
//! (`fund_runs`, `fund_entitlements`, `fund_top_ups`, `fund_settlements`) and never another's.

pub mod entitlements;
pub(crate) mod pay;
pub mod run;
pub mod settle;
pub mod top_ups;

use domain::funds::{Decision, Facts, Figure, Formula, Rule};
use domain::{Action, Id, Resource};
use serde::{Deserialize, Serialize};
use store::funds::{ProgrammeRecord, RegistryFacts};

use super::decide::facts_of;
use super::programmes::read_one;
use crate::{App, AppError, Ctx, Result};

pub use entitlements::{Confirmation, EntitlementView, confirm, my_entitlement, my_entitlements};
pub use run::{RunDetail, RunView, list_runs, register_jobs, run_detail, start_run};
pub use settle::{NewSettlement, SettlementView, approve_settlement, list_settlements, record};
pub use top_ups::{TopUpView, approve_top_up, list_top_ups, queue_top_ups};

/// The stored explanation of an amount: the programme, the rule version and its formula, and
/// the decision criterion by criterion.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Explanation {
    pub programme_id: String,
    pub year: i64,
    pub formula: Formula,
    pub decision: Decision,
}

impl Explanation {
    fn json(&self) -> Result<serde_json::Value> {
        serde_json::to_value(self).map_err(|e| AppError::Unexpected(e.to_string()))
    }

    fn text(&self) -> Result<String> {
        serde_json::to_string(self).map_err(|e| AppError::Unexpected(e.to_string()))
    }

    fn parse(s: &str) -> Result<Explanation> {
        serde_json::from_str(s).map_err(|e| AppError::Unexpected(format!("explanation: {e}")))
    }
}

/// The registry's facts of one enterprise as a rule reads them.
pub(crate) fn facts(e: &RegistryFacts) -> Facts {
    let figures = e
        .figures
        .iter()
        .filter_map(|(c, v)| Figure::parse(c).map(|f| (f, *v)));
    facts_of(
        &e.kinds,
        &e.district,
        e.industry.as_ref(),
        e.investor_country.as_ref(),
        e.employees,
        figures,
    )
}

/// The day a programme's rule is decided on: today, or the last day of its year once that
/// has passed (as [`super::decide`] does).
pub(crate) fn decision_day(app: &App, year: i64) -> jiff::civil::Date {
    i16::try_from(year)
        .ok()
        .and_then(|y| jiff::civil::Date::new(y, 12, 31).ok())
        .map_or(app.today(), |end| end.min(app.today()))
}

/// The published version in effect for the programme's year, with its rule.
pub(crate) async fn rule_in_effect(app: &App, p: &ProgrammeRecord) -> Result<(i64, Rule)> {
    let versions = super::rules::versions_of(app, p.id).await?;
    match super::rules::in_effect(&versions, decision_day(app, p.year)) {
        Some(v) => Ok((v.record.version, v.rule.clone())),
        None => Err(AppError::invalid(
            "version",
            "no_rule_in_effect",
            "no published rule version is in effect for the programme's year",
        )),
    }
}

/// A programme the caller works on: its division's staff and chief, or a leader (the command
/// line always). Others get `Forbidden`; a programme they may not read is not found.
pub(crate) async fn programme_for_work(
    app: &App,
    ctx: &Ctx,
    id: Id,
    resource: Resource,
    action: Action,
) -> Result<ProgrammeRecord> {
    ctx.require(resource, action)?;
    let p = read_one(app, ctx, id).await?;
    match ctx.principal() {
        Some(who) if who.role != domain::Role::Leader && who.division != Some(p.division) => {
            Err(AppError::Forbidden)
        }
        _ => Ok(p),
    }
}
