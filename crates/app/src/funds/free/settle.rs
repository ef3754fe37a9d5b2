//! Final settlement (measure 2): bonuses paid in advance are settled on the final figures (a
//! top-up when the settled amount is higher than what was paid, a recovery when lower), and
//! awards paid on settlement become payable when it is recorded. The programme's division
//! records the figures; Lifeline computes the settled amount by the rule in effect and queues
//! the payment (source `settlement`, or `recovery`) for the chief's approval. One settlement
//! per enterprise, programme and year.

use std::collections::{BTreeMap, HashMap};

use domain::funds::adjust::{SettlementOutcome, settle};
use domain::funds::{Figure, MAX_FIGURE, PaymentMode, PaymentSource, Rule, evaluate};
use domain::{Action, FieldError, Id, Money, Resource, Uscc, new_id};
use serde::{Deserialize, Serialize};
use store::Tx;
use store::fund_adjust::SettlementRecord;
use store::funds::ProgrammeRecord;

use super::pay::{self, Owed};
use super::{Explanation, programme_for_work, rule_in_effect};
use crate::audit::{self, Change};
use crate::funds::decide::facts_of;
use crate::{App, AppError, Ctx, Result};

/// The final figures of one enterprise under a programme.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NewSettlement {
    /// The enterprise's USCC.
    pub enterprise: String,
    /// The final figures by code (`investment`: fen); they override what the bureau holds.
    pub figures: HashMap<String, i64>,
}

/// A settlement as staff see it. Amounts in fen.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct SettlementView {
    pub id: String,
    pub programme_id: String,
    pub enterprise: String,
    pub enterprise_name: String,
    pub year: i64,
    pub figures: BTreeMap<String, i64>,
    pub rule_version: i64,
    /// What the rule gives on the final figures.
    pub settled: i64,
    /// What was paid or committed before.
    pub advance: i64,
    pub outcome: SettlementOutcome,
    /// What is paid (top-up, award) or recovered; 0 when even.
    pub amount: i64,
    pub payment_status: Option<String>,
    pub payment_reference: Option<String>,
    pub explanation: Explanation,
    pub recorded_by: String,
    pub created_at: i64,
}

fn view(s: &SettlementRecord) -> Result<SettlementView> {
    let bad = |e: serde_json::Error| AppError::Unexpected(format!("settlement: {e}"));
    Ok(SettlementView {
        id: s.id.to_string(),
        programme_id: s.programme_id.to_string(),
        enterprise: s.uscc.clone(),
        enterprise_name: s.names.enterprise_name.clone(),
        year: s.year,
        figures: serde_json::from_str(&s.figures).map_err(bad)?,
        rule_version: s.rule_version,
        settled: s.settled_fen,
        advance: s.advance_fen,
        outcome: SettlementOutcome::parse(&s.outcome)
            .ok_or_else(|| AppError::Unexpected(format!("outcome {}", s.outcome)))?,
        amount: s.amount_fen,
        payment_status: s.names.payment_status.clone(),
        payment_reference: s.names.payment_reference.clone(),
        explanation: serde_json::from_str(&s.explanation).map_err(bad)?,
        recorded_by: s.recorded_by.clone(),
        created_at: s.created_at,
    })
}

/// The figures given, checked: each a figure a rule reads, zero or more, at most 10^15.
fn checked(figures: &HashMap<String, i64>, errs: &mut Vec<FieldError>) -> BTreeMap<Figure, i64> {
    let mut out = BTreeMap::new();
    for (code, v) in figures {
        let field = format!("figures.{code}");
        match Figure::parse(code) {
            None => errs.push(FieldError::new(
                field,
                "unknown_field",
                "not a figure a rule reads",
            )),
            Some(_) if *v < 0 => errs.push(FieldError::new(
                field,
                "negative",
                "a figure is zero or more",
            )),
            Some(_) if *v > MAX_FIGURE => errs.push(FieldError::new(
                field,
                "out_of_range",
                "at most 10^15 (¥10 trillion in fen)",
            )),
            Some(f) => {
                out.insert(f, *v);
            }
        }
    }
    if figures.is_empty() {
        errs.push(FieldError::new(
            "figures",
            "required",
            "give the final figures",
        ));
    }
    out
}

/// The input checked: the programme is settled, the USCC and the figures are sound.
fn check_input(p: &ProgrammeRecord, n: &NewSettlement) -> Result<(Uscc, BTreeMap<Figure, i64>)> {
    let mut errs = Vec::new();
    if !matches!(
        p.payment_mode,
        PaymentMode::InAdvance | PaymentMode::OnSettlement
    ) {
        errs.push(FieldError::new(
            "programme",
            "not_settled",
            "only programmes paid in advance or on settlement are settled",
        ));
    }
    let given = checked(&n.figures, &mut errs);
    let uscc = Uscc::parse(&n.enterprise)
        .map_err(|e| errs.push(FieldError::new("enterprise", e.code(), e.to_string())))
        .ok();
    match uscc.filter(|_| errs.is_empty()) {
        Some(u) => Ok((u, given)),
        None => Err(AppError::Invalid(errs)),
    }
}

/// The rule's decision on the registry, the figures held and the final figures on top.
async fn decide_final(
    tx: &mut Tx,
    p: &ProgrammeRecord,
    uscc: &Uscc,
    given: &BTreeMap<Figure, i64>,
    version: i64,
    rule: &Rule,
) -> Result<Explanation> {
    let Some(e) = store::enterprises::get(tx, uscc).await? else {
        return Err(AppError::invalid(
            "enterprise",
            "unknown_enterprise",
            "no enterprise in the registry has this USCC",
        ));
    };
    let mut figures: BTreeMap<Figure, i64> = store::funds::figures_of(tx, uscc, p.year)
        .await?
        .iter()
        .filter_map(|(c, v)| Figure::parse(c).map(|f| (f, *v)))
        .collect();
    figures.extend(given.iter().map(|(f, v)| (*f, *v)));
    let facts = facts_of(
        &e.kinds,
        e.district.as_str(),
        e.industry.as_ref(),
        e.investor_country.as_ref(),
        e.employees,
        figures,
    );
    Ok(Explanation {
        programme_id: p.id.to_string(),
        year: p.year,
        formula: rule.formula.clone(),
        decision: evaluate(rule, version, &facts),
    })
}

/// Records an enterprise's final settlement under a programme paid in advance or on settlement
/// (its division's staff or chief) and queues what it leads to.
pub async fn record(
    app: &App,
    ctx: &Ctx,
    programme: Id,
    n: &NewSettlement,
) -> Result<SettlementView> {
    let p = programme_for_work(
        app,
        ctx,
        programme,
        Resource::FundAdjustment,
        Action::Create,
    )
    .await?;
    let (uscc, given) = check_input(&p, n)?;
    let (version, rule) = rule_in_effect(app, &p).await?;
    let mut tx = app.db.begin().await?;
    let explanation = decide_final(&mut tx, &p, &uscc, &given, version, &rule).await?;
    let settled = explanation.decision.amount;
    let advance = pay::held_by(&mut tx, p.id, uscc.as_str(), p.year).await?;
    let (outcome, amount) = settle(settled, advance).ok_or_else(|| {
        AppError::Conflict(
            "total_too_large",
            "the difference does not fit in an amount".into(),
        )
    })?;
    let id = new_id();
    let payment_id = if amount > Money::ZERO {
        let source = if outcome == SettlementOutcome::Recovery {
            PaymentSource::Recovery
        } else {
            PaymentSource::Settlement
        };
        let owed = Owed {
            programme: &p,
            uscc: uscc.as_str(),
            year: p.year,
            source,
            source_id: id,
            amount,
            rule_version: version,
            explanation: explanation.json()?,
        };
        Some(pay::queue(&mut tx, app, owed).await?)
    } else {
        None
    };
    let figures_json: BTreeMap<&str, i64> = given.iter().map(|(f, v)| (f.as_str(), *v)).collect();
    let rec = SettlementRecord {
        id,
        programme_id: p.id,
        uscc: uscc.as_str().to_owned(),
        year: p.year,
        figures: serde_json::to_string(&figures_json)
            .map_err(|e| AppError::Unexpected(e.to_string()))?,
        rule_version: version,
        settled_fen: settled.fen(),
        advance_fen: advance.fen(),
        outcome: outcome.as_str().to_owned(),
        amount_fen: amount.fen(),
        explanation: explanation.text()?,
        payment_id,
        recorded_by: ctx.actor_label().1,
        created_at: app.now(),
        names: Default::default(),
    };
    if let Err(e) = store::fund_adjust::insert_settlement(&mut tx, &rec).await {
        return Err(match e {
            store::StoreError::Conflict { .. } => AppError::Conflict(
                "already_settled",
                "this enterprise's settlement for the programme and year is already recorded"
                    .into(),
            ),
            other => other.into(),
        });
    }
    let after = store::fund_adjust::get_settlement(&mut tx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let v = view(&after)?;
    audit::record(
        app,
        &mut tx,
        ctx,
        Change {
            action: "fund_settlement_recorded",
            object_type: "fund_settlement",
            object_id: id.to_string(),
            before: None,
            after: serde_json::to_value(&v).ok(),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(v)
}

/// Settlements, newest first: one programme's or all (staff).
pub async fn list_settlements(
    app: &App,
    ctx: &Ctx,
    programme: Option<Id>,
) -> Result<Vec<SettlementView>> {
    ctx.require(Resource::FundAdjustment, Action::Read)?;
    let mut rd = app.db.read().await?;
    store::fund_adjust::list_settlements(&mut rd, programme)
        .await?
        .iter()
        .map(view)
        .collect()
}

/// Approves the payment (or recovery) a settlement queued: the programme's division's chief,
/// or a leader. A settlement that came out even has nothing to approve (409).
pub async fn approve_settlement(app: &App, ctx: &Ctx, id: Id) -> Result<SettlementView> {
    let before: SettlementRecord = pay::for_approval(app, ctx, id).await?;
    let Some(payment) = before.payment_id.clone() else {
        return Err(AppError::Conflict(
            "nothing_to_approve",
            "the settlement came out even: nothing is paid or recovered".into(),
        ));
    };
    let after = pay::approve_adjustment(app, ctx, id, &before, &payment).await?;
    view(&after)
}
