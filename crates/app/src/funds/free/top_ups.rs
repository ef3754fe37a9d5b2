//! Top-ups when a clause improves for a past period (measure 2): publishing a rule version that
//! is in effect for a programme's year in which payments were already made or approved under an
//! older version computes, per enterprise, the new amount minus what the ledger already holds
//! for that programme and year, and queues each positive difference as a `top_up` payment
//! waiting for approval, with both decisions as its explanation. Never twice for the same
//! enterprise and version. The division's chief (or a leader) approves each, which commits it.

use std::collections::HashMap;

use domain::funds::adjust::top_up_owed;
use domain::funds::{Decision, Formula, PaymentSource, Rule, evaluate};
use domain::{Action, Id, Money, Resource, new_id};
use serde::{Deserialize, Serialize};
use store::Tx;
use store::fund_adjust::TopUpRecord;
use store::funds::ProgrammeRecord;

use super::pay::{self, Owed};
use super::{decision_day, facts};
use crate::audit::{self, Change};
use crate::{App, AppError, Ctx, Result};

/// Why a top-up is owed: the version paid before and the new one, each decision criterion by
/// criterion, what was already paid and what the new version pays.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct TopUpExplanation {
    pub programme_id: String,
    pub year: i64,
    pub from_version: i64,
    pub to_version: i64,
    /// Fen already paid or committed (net of recoveries).
    pub old_amount: i64,
    /// Fen under the new version.
    pub new_amount: i64,
    pub old_formula: Formula,
    pub new_formula: Formula,
    /// The older version's decision on the same figures.
    pub old: Decision,
    pub new: Decision,
}

/// A top-up as staff see it. Amounts in fen.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct TopUpView {
    pub id: String,
    pub programme_id: String,
    pub enterprise: String,
    pub enterprise_name: String,
    pub year: i64,
    pub from_version: i64,
    pub to_version: i64,
    pub old_amount: i64,
    pub new_amount: i64,
    /// The difference queued.
    pub amount: i64,
    pub payment_status: Option<String>,
    pub payment_reference: Option<String>,
    pub explanation: TopUpExplanation,
    pub created_at: i64,
}

fn view(t: &TopUpRecord) -> Result<TopUpView> {
    Ok(TopUpView {
        id: t.id.to_string(),
        programme_id: t.programme_id.to_string(),
        enterprise: t.uscc.clone(),
        enterprise_name: t.names.enterprise_name.clone(),
        year: t.year,
        from_version: t.from_version,
        to_version: t.to_version,
        old_amount: t.old_amount_fen,
        new_amount: t.new_amount_fen,
        amount: t.amount_fen,
        payment_status: t.names.payment_status.clone(),
        payment_reference: t.names.payment_reference.clone(),
        explanation: serde_json::from_str(&t.explanation)
            .map_err(|e| AppError::Unexpected(format!("top-up explanation: {e}")))?,
        created_at: t.created_at,
    })
}

fn rule_of(r: &store::funds::RuleVersionRecord) -> Result<Rule> {
    serde_json::from_str(&r.rule)
        .map_err(|e| AppError::Unexpected(format!("stored rule of version {}: {e}", r.version)))
}

/// Called by [`crate::funds::publish_version`] in its transaction once `version` is published:
/// queues the top-ups it owes (see the module doc). Returns how many were queued.
pub async fn queue_top_ups(
    tx: &mut Tx,
    app: &App,
    ctx: &Ctx,
    p: &ProgrammeRecord,
    version: i64,
) -> Result<usize> {
    let day = decision_day(app, p.year);
    let versions = store::funds::versions(tx, p.id).await?;
    // The version decides the programme's year only if it is the published one in effect then.
    let in_effect = versions.iter().find(|v| {
        v.status == "published"
            && v.effective_from <= day
            && v.effective_to.is_none_or(|to| day <= to)
    });
    let Some(new_version) = in_effect.filter(|v| v.version == version) else {
        return Ok(0);
    };
    let held: Vec<_> = store::fund_free::held(tx, p.id, p.year, None)
        .await?
        .into_iter()
        .filter(|h| h.committed && h.version < version)
        .collect();
    if held.is_empty() {
        return Ok(0);
    }
    let new_rule = rule_of(new_version)?;
    let rules: HashMap<i64, Rule> = versions
        .iter()
        .filter_map(|v| rule_of(v).ok().map(|r| (v.version, r)))
        .collect();
    let registry: HashMap<String, _> = store::funds::registry_facts(tx, p.year)
        .await?
        .into_iter()
        .map(|e| (e.uscc.clone(), e))
        .collect();
    let mut queued = 0usize;
    let mut total = Money::ZERO;
    for h in &held {
        let (Some(e), Some(old_rule)) = (registry.get(&h.uscc), rules.get(&h.version)) else {
            continue;
        };
        let both = Versions {
            old: (h.version, old_rule),
            new: (version, &new_rule),
        };
        if let Some(diff) = owe(tx, app, p, h, &facts(e), &both).await? {
            queued += 1;
            total = total.checked_add(diff).unwrap_or(total);
        }
    }
    if queued > 0 {
        audit::record(
            app,
            tx,
            ctx,
            Change {
                action: "fund_top_ups_queued",
                object_type: "fund_programme",
                object_id: p.id.to_string(),
                before: None,
                after: Some(serde_json::json!({
                    "version": version, "year": p.year, "count": queued, "total": total.fen(),
                })),
            },
        )
        .await?;
    }
    Ok(queued)
}

/// The version paid under and the version published, each with its rule.
struct Versions<'a> {
    old: (i64, &'a Rule),
    new: (i64, &'a Rule),
}

/// Queues the top-up one enterprise is owed, if any (and none was queued for this version).
async fn owe(
    tx: &mut Tx,
    app: &App,
    p: &ProgrammeRecord,
    h: &store::fund_free::Held,
    f: &domain::funds::Facts,
    v: &Versions<'_>,
) -> Result<Option<Money>> {
    let (version, new_rule) = v.new;
    let new = evaluate(new_rule, version, f);
    let old_amount = Money::from_fen(h.net_fen);
    let Some(diff) = top_up_owed(new.amount, old_amount) else {
        return Ok(None);
    };
    if store::fund_adjust::has_top_up(tx, p.id, &h.uscc, p.year, version).await? {
        return Ok(None);
    }
    let explanation = TopUpExplanation {
        programme_id: p.id.to_string(),
        year: p.year,
        from_version: h.version,
        to_version: version,
        old_amount: old_amount.fen(),
        new_amount: new.amount.fen(),
        old_formula: v.old.1.formula.clone(),
        new_formula: new_rule.formula.clone(),
        old: evaluate(v.old.1, v.old.0, f),
        new,
    };
    let json =
        serde_json::to_value(&explanation).map_err(|e| AppError::Unexpected(e.to_string()))?;
    let id = new_id();
    let payment_id = pay::queue(
        tx,
        app,
        Owed {
            programme: p,
            uscc: &h.uscc,
            year: p.year,
            source: PaymentSource::TopUp,
            source_id: id,
            amount: diff,
            rule_version: version,
            explanation: json.clone(),
        },
    )
    .await?;
    store::fund_adjust::insert_top_up(
        tx,
        &TopUpRecord {
            id,
            programme_id: p.id,
            uscc: h.uscc.clone(),
            year: p.year,
            from_version: h.version,
            to_version: version,
            old_amount_fen: old_amount.fen(),
            new_amount_fen: explanation.new_amount,
            amount_fen: diff.fen(),
            explanation: json.to_string(),
            payment_id,
            created_at: app.now(),
            names: Default::default(),
        },
    )
    .await?;
    Ok(Some(diff))
}

/// The top-ups, newest first: one programme's or all (staff).
pub async fn list_top_ups(app: &App, ctx: &Ctx, programme: Option<Id>) -> Result<Vec<TopUpView>> {
    ctx.require(Resource::FundAdjustment, Action::Read)?;
    let mut rd = app.db.read().await?;
    store::fund_adjust::list_top_ups(&mut rd, programme)
        .await?
        .iter()
        .map(view)
        .collect()
}

/// Approves a top-up: its payment is committed against the budget (the programme's division's
/// chief, or a leader).
pub async fn approve_top_up(app: &App, ctx: &Ctx, id: Id) -> Result<TopUpView> {
    let before: TopUpRecord = pay::for_approval(app, ctx, id).await?;
    let after = pay::approve_adjustment(app, ctx, id, &before, &before.payment_id).await?;
    view(&after)
}
